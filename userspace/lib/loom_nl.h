/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing of libloom, which loomctl shares: one socket
 * to the "loom" family (or "loom_hwsim"), requests that wait for their
 * acknowledgement and keep the kernel's extended ack message, and dumps.
 * Nothing here prints: errors are negative errnos.
 */
#ifndef _LIBLOOM_NL_H
#define _LIBLOOM_NL_H

#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
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

/* Just the socket, family unresolved ("loom"'s version): 0 or -errno. */
int loom_nl_connect(struct loom_nl *nl);
/*
 * Resolves the family @name of a connected @nl, which makes the kernel
 * load the module (by its genl family alias) for a privileged caller;
 * @version goes into the requests.  Returns 0, -EPROTONOSUPPORT when
 * there is no such family, or another negative errno.
 */
int loom_nl_resolve(struct loom_nl *nl, const char *name, int version);
/* loom_nl_connect() and loom_nl_resolve() of "loom": 0 or -errno. */
int loom_nl_start(struct loom_nl *nl);
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

/**
 * struct loom_nl_replies - the reply messages of one request, parsed into
 *	an array
 * @parse: parser of one message into an element; 0 or a negative errno
 * @size: size of an element
 * @items: the elements (free() them)
 * @n: how many
 * @cap: room for
 */
struct loom_nl_replies {
	int (*parse)(struct nlmsghdr *nlh, void *item);
	size_t size;
	void *items;
	size_t n, cap;
};

/*
 * Sends @msg (consumed; NULL stands for out of memory) and collects its
 * replies in @r (NULL: none expected).  A request that wants a reply and
 * gets none fails with -EPROTO, one that does not parse with -EPROTO.
 */
int loom_nl_fetch(struct loom_nl *nl, struct nl_msg *msg,
		  struct loom_nl_replies *r);

/*
 * A dump of @cmd into @r, read again from the start when a change
 * interrupts it (a few times).  No reply at all is no error: @r->n is 0.
 */
int loom_nl_dump(struct loom_nl *nl, int cmd, struct loom_nl_replies *r);

/* Appends a request's attributes to @msg: 0, or non-zero (no room). */
typedef int (*loom_nl_put_fn)(struct nl_msg *msg, const void *arg);

/*
 * The same for a dump that takes attributes (LOOM_CMD_LINK_GET's node):
 * @put(msg, @arg) adds them to each request.
 */
int loom_nl_dump_put(struct loom_nl *nl, int cmd, loom_nl_put_fn put,
		     const void *arg, struct loom_nl_replies *r);

/* Reply attributes that may be absent read as 0. */
static inline uint8_t loom_nla_u8(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u8(tb[type]) : 0;
}

static inline uint16_t loom_nla_u16(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u16(tb[type]) : 0;
}

static inline uint32_t loom_nla_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static inline int32_t loom_nla_s32(struct nlattr **tb, int type)
{
	return (int32_t)loom_nla_u32(tb, type);
}

static inline uint64_t loom_nla_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

/*
 * A nest of u64 values by attribute type 1..@n into @v[0..n-1] (@nest may
 * be NULL: nothing).  Only 8-byte attributes count: a zero-length padding
 * attribute is skipped whatever its type, and so are types beyond @n (a
 * newer kernel's).
 */
void loom_nla_u64_nest(struct nlattr *nest, uint64_t *v, unsigned int n);

#endif /* _LIBLOOM_NL_H */
