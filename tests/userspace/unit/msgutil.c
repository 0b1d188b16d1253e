// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink messages for the unit tests.
 */
#include <netlink/genl/genl.h>

#include "msgutil.h"
#include "test.h"

struct nl_msg *msg_new(int family, int cmd, int version)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
				cmd, version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static struct nlattr *attrs(struct nl_msg *msg, int *len)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	*len = genlmsg_attrlen(gh, 0);
	return genlmsg_attrdata(gh, 0);
}

int msg_count(struct nl_msg *msg)
{
	struct nlattr *a, *head;
	int len, rem, n = 0;

	head = attrs(msg, &len);
	nla_for_each_attr(a, head, len, rem)
		n++;
	return n;
}

struct nlattr *msg_get(struct nl_msg *msg, int type, int size)
{
	struct nlattr *a, *head, *found = NULL;
	int len, rem, n = 0;

	head = attrs(msg, &len);
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == type) {
			found = a;
			n++;
		}
	}
	CHECK_INT(n, 1);
	if (found && size >= 0)
		CHECK_INT(nla_len(found), size);
	return found;
}

void msg_put_u64_pad(struct nl_msg *msg, int type, uint64_t v, int pad)
{
	CHECK_INT(nla_put(msg, pad, 0, NULL), 0);
	CHECK_INT(nla_put_u64(msg, type, v), 0);
}
