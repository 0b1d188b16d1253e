/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared generic netlink plumbing of loomctl: one socket to the "loom"
 * family, requests that wait for their acknowledgement and keep the
 * kernel's extended ack message, and dumps.
 */
#ifndef _LOOMCTL_NL_H
#define _LOOMCTL_NL_H

#include <stddef.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>

/* Longest extack message kept (the kernel's are shorter). */
#define LOOM_NL_EXTACK_MAX	512

/**
 * struct loom_nl - a socket talking to the "loom" family (or "loom_hwsim")
 * @sk: the libnl socket
 * @family: resolved family id
 * @version: the family's version, put in every request's genl header
 * @extack: extended ack message of the last failed request, or ""
 * @extack_off: NLMSGERR_ATTR_OFFS of it (offset of the bad attribute in
 *	the request), or -1
 */
struct loom_nl {
	struct nl_sock *sk;
	int family;
	int version;
	char extack[LOOM_NL_EXTACK_MAX];
	long extack_off;
};

/*
 * Called for each reply message; returns NL_OK to go on, NL_STOP to end
 * the request early, or a negative errno to fail it.
 */
typedef int (*loom_nl_msg_cb)(struct nl_msg *msg, void *arg);

/*
 * Opens the socket and resolves the family, which makes the kernel load
 * the module (by its genl family alias) for a privileged caller.  Prints
 * the reason and returns -1 on failure.
 */
int loom_nl_open(struct loom_nl *nl);
/*
 * The same for another family of the project: @name is also the module
 * to load ("loom_hwsim"), @version goes into the requests.
 */
int loom_nl_open_family(struct loom_nl *nl, const char *name, int version);
/* Just the socket, family unresolved ("loom"'s version): 0 or -errno. */
int loom_nl_connect(struct loom_nl *nl);
void loom_nl_close(struct loom_nl *nl);

/* A request for @cmd with room for @size bytes; NULL when out of memory. */
struct nl_msg *loom_nl_msg(struct loom_nl *nl, int cmd, int flags,
			   size_t size);

/*
 * Lets one message of @size bytes through the socket: the send buffer is
 * raised (SO_SNDBUFFORCE when permitted, SO_SNDBUF otherwise).  Returns 0,
 * or -EMSGSIZE with the largest message that fits in *@max.
 */
int loom_nl_reserve(struct loom_nl *nl, size_t size, size_t *max);

/*
 * Sends @msg (always consumed) and reads until the acknowledgement, or
 * the end of a dump (NLM_F_DUMP in @msg's flags).  @cb (may be NULL) sees
 * each reply.  Returns 0 or a negative errno: the kernel's, with its
 * extack message in @nl->extack; -EINTR when a dump was interrupted by a
 * change.
 */
int loom_nl_request(struct loom_nl *nl, struct nl_msg *msg, loom_nl_msg_cb cb,
		    void *arg);

/*
 * Reads the extended ack TLVs of an NLMSG_ERROR or NLMSG_DONE message
 * into @msg (NUL-terminated; "" if none) and *@off (-1 if none).
 */
void loom_nl_parse_extack(const struct nlmsghdr *nlh, char *msg, size_t len,
			  long *off);

/* A libnl error code as the closest errno (positive). */
int loom_nl_errno(int nlerr);

/*
 * Prints why request @what ("topology clear") failed with -@err:
 * "loomctl: WHAT: strerror: extack" when the kernel said why, with a
 * CAP_NET_ADMIN hint for a bare EPERM.
 */
void loom_nl_report(const struct loom_nl *nl, const char *what, int err);

#endif /* _LOOMCTL_NL_H */
