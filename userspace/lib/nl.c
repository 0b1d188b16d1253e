// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing of libloom and of every loomctl command.
 *
 * libnl 3.7 hands an error callback only the struct nlmsgerr, but that
 * points into the received message, so the header (and with it the
 * extended ack TLVs after the error) sits right in front of it.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "loom_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int loom_nl_errno(int nlerr)
{
	static const struct {
		int nle;
		int err;
	} map[] = {
		{ NLE_INTR, EINTR },
		{ NLE_BAD_SOCK, EBADF },
		{ NLE_AGAIN, EAGAIN },
		{ NLE_NOMEM, ENOMEM },
		{ NLE_EXIST, EEXIST },
		{ NLE_INVAL, EINVAL },
		{ NLE_RANGE, ERANGE },
		{ NLE_MSGSIZE, EMSGSIZE },
		{ NLE_OPNOTSUPP, EOPNOTSUPP },
		{ NLE_AF_NOSUPPORT, EAFNOSUPPORT },
		{ NLE_OBJ_NOTFOUND, ENOENT },
		{ NLE_NOATTR, ENOENT },
		{ NLE_MISSING_ATTR, EINVAL },
		{ NLE_SEQ_MISMATCH, EPROTO },
		{ NLE_MSG_OVERFLOW, EMSGSIZE },
		{ NLE_MSG_TRUNC, EMSGSIZE },
		{ NLE_NOADDR, EADDRNOTAVAIL },
		{ NLE_SRCRT_NOSUPPORT, EOPNOTSUPP },
		{ NLE_MSG_TOOSHORT, EPROTO },
		{ NLE_MSGTYPE_NOSUPPORT, EOPNOTSUPP },
		{ NLE_OBJ_MISMATCH, EPROTO },
		{ NLE_NOCACHE, ENOENT },
		{ NLE_BUSY, EBUSY },
		{ NLE_PROTO_MISMATCH, EPROTONOSUPPORT },
		{ NLE_NOACCESS, EACCES },
		{ NLE_PERM, EPERM },
		{ NLE_PKTLOC_FILE, ENOENT },
		{ NLE_PARSE_ERR, EPROTO },
		{ NLE_NODEV, ENODEV },
		{ NLE_IMMUTABLE, EPERM },
		{ NLE_DUMP_INTR, EINTR },
		{ NLE_ATTRSIZE, ERANGE },
	};
	size_t i;

	if (nlerr < 0)
		nlerr = -nlerr;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].nle == nlerr)
			return map[i].err;
	return EIO;
}

int loom_nl_connect(struct loom_nl *nl)
{
	int one = 1, fd, ret;

	memset(nl, 0, sizeof(*nl));
	nl->extack_off = -1;
	nl->version = LOOM_GENL_VERSION;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	ret = genl_connect(nl->sk);
	if (ret) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -loom_nl_errno(ret);
	}
	fd = nl_socket_get_fd(nl->sk);
	/*
	 * Extended acks carry the kernel's reason for a refusal; capped acks
	 * spare us the echo of a possibly huge request.  Old kernels lack
	 * both, which only costs the message.
	 */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Replies of any size: peek at the length before reading. */
	nl_socket_enable_msg_peek(nl->sk);
	/* NLM_F_ACK is set per request: a dump must not ask for one. */
	nl_socket_disable_auto_ack(nl->sk);
	return 0;
}

int loom_nl_resolve(struct loom_nl *nl, const char *name, int version)
{
	int ret = genl_ctrl_resolve(nl->sk, name);

	if (ret == -NLE_OBJ_NOTFOUND)
		return -EPROTONOSUPPORT;
	if (ret < 0)
		return -loom_nl_errno(ret);
	nl->family = ret;
	nl->version = version;
	return 0;
}

int loom_nl_start(struct loom_nl *nl)
{
	int ret = loom_nl_connect(nl);

	if (!ret)
		ret = loom_nl_resolve(nl, LOOM_GENL_NAME, LOOM_GENL_VERSION);
	if (ret)
		loom_nl_close(nl);
	return ret;
}

void loom_nl_close(struct loom_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *loom_nl_msg(struct loom_nl *nl, int cmd, int flags,
			   size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, nl->version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int loom_nl_reserve(struct loom_nl *nl, size_t size, size_t *max)
{
	int fd = nl_socket_get_fd(nl->sk);
	socklen_t sl = sizeof(int);
	size_t need = size + 32;	/* netlink_sendmsg(): sk_sndbuf - 32 */
	int cur = 0, want;

	getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &sl);
	if (cur >= 0 && (size_t)cur >= need)
		return 0;
	if (need <= INT_MAX / 2) {
		/* The kernel doubles the value for its bookkeeping. */
		want = (int)((need + 1) / 2);
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want,
			       sizeof(want)))
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want,
				   sizeof(want));
		sl = sizeof(int);
		getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &sl);
		if (cur >= 0 && (size_t)cur >= need)
			return 0;
	}
	*max = cur > 32 ? (size_t)cur - 32 : 0;
	return -EMSGSIZE;
}

void loom_nl_parse_extack(const struct nlmsghdr *nlh, char *msg, size_t len,
			  long *off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *e;
	size_t hlen, l;

	if (len)
		msg[0] = '\0';
	*off = -1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
			return;
		e = NLMSG_DATA(nlh);
		/* The error code and the request's header... */
		hlen = sizeof(*e);
		/* ...and its payload, unless the kernel left it out. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len > NLMSG_HDRLEN)
			hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		hlen = sizeof(int);
	} else {
		return;
	}
	hlen = NLMSG_HDRLEN + NLMSG_ALIGN(hlen);
	if (nlh->nlmsg_len <= hlen)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + hlen),
		      (int)(nlh->nlmsg_len - hlen), NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG] && len) {
		nla_strlcpy(msg, tb[NLMSGERR_ATTR_MSG], len);
		l = strlen(msg);
		/* Linux 6.1 pads loom's messages with spaces (kernel/netlink.c). */
		while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
	}
	/* The only cookie loom sends: a mesh start's duty-cycle figures. */
	if (tb[NLMSGERR_ATTR_COOKIE] && len &&
	    nla_len(tb[NLMSGERR_ATTR_COOKIE]) ==
	    (int)sizeof(struct loom_duty_refusal)) {
		struct loom_duty_refusal d;

		memcpy(&d, nla_data(tb[NLMSGERR_ATTR_COOKIE]), sizeof(d));
		l = strlen(msg);
		snprintf(msg + l, len - l,
			 ": %u.%04u %% of airtime needed with one neighbour, budget %u.%04u %%; the beacon interval must be at least %u ms",
			 d.need_ppm / 10000, d.need_ppm % 10000,
			 d.budget_ppm / 10000, d.budget_ppm % 10000,
			 d.beacon_min_ms);
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) >= 4)
		*off = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/**
 * struct req_state - progress of one request
 * @nl: the socket (for the extack)
 * @cb: the caller's per-reply callback, or NULL
 * @arg: its argument
 * @err: 0 or the negative errno that ended the request
 * @done: acknowledged, failed or the dump ended
 * @intr: the dump was interrupted by a change (NLM_F_DUMP_INTR)
 */
struct req_state {
	struct loom_nl *nl;
	loom_nl_msg_cb cb;
	void *arg;
	int err;
	bool done;
	bool intr;
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_state *st = arg;
	const struct nlmsghdr *nlh;

	(void)nla;
	nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	st->err = e->error;
	st->done = true;
	loom_nl_parse_extack(nlh, st->nl->extack, sizeof(st->nl->extack),
			     &st->nl->extack_off);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* A dump that failed half way says so in NLMSG_DONE. */
	if (nlmsg_datalen(nlh) >= (int)sizeof(int)) {
		int e = *(int *)nlmsg_data(nlh);

		if (e < 0) {
			st->err = e;
			loom_nl_parse_extack(nlh, st->nl->extack,
					     sizeof(st->nl->extack),
					     &st->nl->extack_off);
		}
	}
	st->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	int ret;

	if (!st->cb)
		return NL_OK;
	ret = st->cb(msg, st->arg);
	if (ret < 0) {
		st->err = ret;
		st->done = true;
		return NL_STOP;
	}
	return ret;
}

static int on_intr(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->intr = true;
	return NL_OK;
}

int loom_nl_request(struct loom_nl *nl, struct nl_msg *msg, loom_nl_msg_cb cb,
		    void *arg)
{
	struct req_state st = { .nl = nl, .cb = cb, .arg = arg };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_cb *ncb;
	int ret;

	nl->extack[0] = '\0';
	nl->extack_off = -1;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;

	ncb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ncb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(ncb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(ncb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(ncb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(ncb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);
	nl_cb_set(ncb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_intr, &st);

	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		st.err = -loom_nl_errno(ret);
		goto out;
	}
	while (!st.done) {
		ret = nl_recvmsgs(nl->sk, ncb);
		if (ret < 0 && !st.done) {
			st.err = -loom_nl_errno(ret);
			break;
		}
	}
	if (!st.err && st.intr)
		st.err = -EINTR;
out:
	nl_cb_put(ncb);
	return st.err;
}

static int collect_cb(struct nl_msg *msg, void *arg)
{
	struct loom_nl_replies *r = arg;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		void *p = realloc(r->items, cap * r->size);

		if (!p)
			return -ENOMEM;
		r->items = p;
		r->cap = cap;
	}
	if (r->parse(nlmsg_hdr(msg), (char *)r->items + r->n * r->size))
		return -EPROTO;
	r->n++;
	return NL_OK;
}

int loom_nl_fetch(struct loom_nl *nl, struct nl_msg *msg,
		  struct loom_nl_replies *r)
{
	int err;

	if (!msg)
		return -ENOMEM;
	err = loom_nl_request(nl, msg, r ? collect_cb : NULL, r);
	if (!err && r && !r->n)
		err = -EPROTO;
	return err;
}

/* A dump interrupted by a change is read again, this many times. */
#define DUMP_TRIES	5

int loom_nl_dump_put(struct loom_nl *nl, int cmd, loom_nl_put_fn put,
		     const void *arg, struct loom_nl_replies *r)
{
	int tries, err = -EINTR;

	for (tries = 0; tries < DUMP_TRIES && err == -EINTR; tries++) {
		struct nl_msg *msg = loom_nl_msg(nl, cmd, NLM_F_DUMP, 0);

		if (!msg)
			return -ENOMEM;
		if (put && put(msg, arg)) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		r->n = 0;
		err = loom_nl_request(nl, msg, collect_cb, r);
	}
	return err;
}

int loom_nl_dump(struct loom_nl *nl, int cmd, struct loom_nl_replies *r)
{
	return loom_nl_dump_put(nl, cmd, NULL, NULL, r);
}

void loom_nla_u64_nest(struct nlattr *nest, uint64_t *v, unsigned int n)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem) {
		unsigned int type = nla_type(a);

		if (type >= 1 && type <= n &&
		    nla_len(a) == (int)sizeof(uint64_t))
			v[type - 1] = nla_get_u64(a);
	}
}
