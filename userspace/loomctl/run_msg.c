// SPDX-License-Identifier: GPL-2.0
/*
 * Messages for running nodes.  Strings are sent with their NUL, as the
 * kernel's NLA_NUL_STRING policy wants them.
 */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "run_msg.h"

int run_msg_put_node(struct nl_msg *msg, const char *name, const char *radio)
{
	NLA_PUT_STRING(msg, LOOM_ATTR_NAME, name);
	if (radio)
		NLA_PUT_STRING(msg, LOOM_ATTR_RADIO, radio);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

int run_msg_put_send(struct nl_msg *msg, const char *from, u16 dst, u8 port,
		     const void *data, size_t len)
{
	if (len > RUN_DATA_MAX)
		return -NLE_MSGSIZE;
	NLA_PUT_STRING(msg, LOOM_ATTR_NAME, from);
	NLA_PUT_U16(msg, LOOM_ATTR_DST, dst);
	NLA_PUT(msg, LOOM_ATTR_DATA, (int)len, data);
	if (port != LOOM_PORT_ANY)
		NLA_PUT_U8(msg, LOOM_ATTR_PORT, port);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

/* Minimum sizes of what the kernel sends; s32 ones read as u32. */
static struct nla_policy reply_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_NAME] = { .type = NLA_STRING },
	[LOOM_ATTR_RADIO] = { .type = NLA_STRING },
	[LOOM_ATTR_ADDR] = { .type = NLA_U16 },
	[LOOM_ATTR_SRC] = { .type = NLA_U16 },
	[LOOM_ATTR_DST] = { .type = NLA_U16 },
	[LOOM_ATTR_RSSI] = { .type = NLA_U32 },
	[LOOM_ATTR_SNR] = { .type = NLA_U32 },
	[LOOM_ATTR_SYNCED] = { .type = NLA_U8 },
	[LOOM_ATTR_MAC_STATS] = { .type = NLA_NESTED },
	[LOOM_ATTR_NET_STATS] = { .type = NLA_NESTED },
	[LOOM_ATTR_EVENT] = { .type = NLA_U8 },
	[LOOM_ATTR_REPORTER] = { .type = NLA_U16 },
	[LOOM_ATTR_SUBJECT] = { .type = NLA_U16 },
	[LOOM_ATTR_FAILURES] = { .type = NLA_U8 },
	[LOOM_ATTR_DATAGRAM_MAX] = { .type = NLA_U32 },
	[LOOM_ATTR_PORT] = { .type = NLA_U8 },
	[LOOM_ATTR_SRC_PORT] = { .type = NLA_U8 },
	[LOOM_ATTR_IFINDEX] = { .type = NLA_U32 },
	[LOOM_ATTR_IFNAME] = { .type = NLA_STRING },
	[LOOM_ATTR_DEV_STATS] = { .type = NLA_NESTED },
};

/* Parses @nlh; @need: attributes that must be there (0-terminated). */
static int parse(struct nlmsghdr *nlh, struct nlattr **tb, const int *need)
{
	if (genlmsg_parse(nlh, 0, tb, LOOM_ATTR_MAX, reply_policy))
		return -EINVAL;
	for (; *need; need++)
		if (!tb[*need])
			return -EINVAL;
	return 0;
}

static void get_str(char *dst, size_t len, struct nlattr *a)
{
	if (a)
		nla_strlcpy(dst, a, len);
	else
		dst[0] = '\0';
}

int run_msg_parse_radio(struct nlmsghdr *nlh, struct run_radio *r)
{
	static const int need[] = { LOOM_ATTR_RADIO, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (parse(nlh, tb, need))
		return -EINVAL;
	get_str(r->radio, sizeof(r->radio), tb[LOOM_ATTR_RADIO]);
	r->bound = tb[LOOM_ATTR_NAME];
	get_str(r->node, sizeof(r->node), tb[LOOM_ATTR_NAME]);
	return 0;
}

int run_msg_parse_node(struct nlmsghdr *nlh, struct run_node *nd)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_ADDR, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(nd, 0, sizeof(*nd));
	if (parse(nlh, tb, need))
		return -EINVAL;
	get_str(nd->name, sizeof(nd->name), tb[LOOM_ATTR_NAME]);
	nd->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	get_str(nd->radio, sizeof(nd->radio), tb[LOOM_ATTR_RADIO]);
	nd->ifindex = loom_nla_u32(tb, LOOM_ATTR_IFINDEX);
	get_str(nd->ifname, sizeof(nd->ifname), tb[LOOM_ATTR_IFNAME]);
	nd->synced = loom_nla_u8(tb, LOOM_ATTR_SYNCED);
	nd->datagram_max = loom_nla_u32(tb, LOOM_ATTR_DATAGRAM_MAX);
	/* Index 0 is UNSPEC in the three enums: type i goes to [i]. */
	loom_nla_u64_nest(tb[LOOM_ATTR_MAC_STATS], nd->mac + 1,
			  LOOM_MAC_STAT_MAX);
	loom_nla_u64_nest(tb[LOOM_ATTR_NET_STATS], nd->net + 1,
			  LOOM_NET_STAT_MAX);
	loom_nla_u64_nest(tb[LOOM_ATTR_DEV_STATS], nd->dev + 1,
			  LOOM_DEV_STAT_MAX);
	return 0;
}

int run_msg_parse_datagram(struct nlmsghdr *nlh, struct run_datagram *d)
{
	static const int need[] = {
		LOOM_ATTR_NAME, LOOM_ATTR_ADDR, LOOM_ATTR_SRC,
		LOOM_ATTR_DATA, 0,
	};
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(d, 0, sizeof(*d));
	if (parse(nlh, tb, need))
		return -EINVAL;
	get_str(d->node, sizeof(d->node), tb[LOOM_ATTR_NAME]);
	d->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	d->port = loom_nla_u8(tb, LOOM_ATTR_PORT);
	d->src = loom_nla_u16(tb, LOOM_ATTR_SRC);
	d->src_port = loom_nla_u8(tb, LOOM_ATTR_SRC_PORT);
	d->data = nla_data(tb[LOOM_ATTR_DATA]);
	d->len = (size_t)nla_len(tb[LOOM_ATTR_DATA]);
	d->rssi_mdbm = loom_nla_s32(tb, LOOM_ATTR_RSSI);
	d->snr_mdb = loom_nla_s32(tb, LOOM_ATTR_SNR);
	return 0;
}

int run_msg_parse_event(struct nlmsghdr *nlh, struct run_event *ev)
{
	static const int need[] = {
		LOOM_ATTR_NAME, LOOM_ATTR_ADDR, LOOM_ATTR_EVENT, 0,
	};
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (parse(nlh, tb, need))
		return -EINVAL;
	get_str(ev->node, sizeof(ev->node), tb[LOOM_ATTR_NAME]);
	ev->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	ev->event = loom_nla_u8(tb, LOOM_ATTR_EVENT);
	ev->has_link = tb[LOOM_ATTR_SUBJECT];
	ev->reporter = loom_nla_u16(tb, LOOM_ATTR_REPORTER);
	ev->subject = loom_nla_u16(tb, LOOM_ATTR_SUBJECT);
	ev->failures = loom_nla_u8(tb, LOOM_ATTR_FAILURES);
	return 0;
}
