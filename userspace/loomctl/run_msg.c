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
	struct run_addr to = { .tree = dst };

	return run_msg_put_send_to(msg, from, &to, port, data, len);
}

int run_msg_put_send_to(struct nl_msg *msg, const char *from,
			const struct run_addr *dst, u8 port, const void *data,
			size_t len)
{
	if (len > RUN_DATA_MAX)
		return -NLE_MSGSIZE;
	NLA_PUT_STRING(msg, LOOM_ATTR_NAME, from);
	if (dst->mesh)
		NLA_PUT(msg, LOOM_ATTR_DST_HW, 6, dst->hw);
	else
		NLA_PUT_U16(msg, LOOM_ATTR_DST, dst->tree);
	NLA_PUT(msg, LOOM_ATTR_DATA, (int)len, data);
	if (port != LOOM_PORT_ANY)
		NLA_PUT_U8(msg, LOOM_ATTR_PORT, port);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

int run_msg_put_state(struct nl_msg *msg, const struct run_state *st)
{
	struct nlattr *nest;

	/*
	 * Strictly parsed: the nest needs NLA_F_NESTED, and the u64s go
	 * without the padding attributes of the replies, which strict
	 * validation would refuse as unknown.
	 */
	nest = nla_nest_start(msg, LOOM_ATTR_STATE | NLA_F_NESTED);
	if (!nest)
		return -NLE_NOMEM;
	NLA_PUT_U16(msg, LOOM_STATE_ATTR_ADDR, st->addr);
	NLA_PUT_U64(msg, LOOM_STATE_ATTR_PERIOD_NS, st->period_ns);
	NLA_PUT_U64(msg, LOOM_STATE_ATTR_NEXT_REFRESH_NS, st->next_refresh_ns);
	if (st->virt)
		NLA_PUT_FLAG(msg, LOOM_STATE_ATTR_VIRTUAL);
	NLA_PUT_U8(msg, LOOM_STATE_ATTR_FRAME_ID, st->frame_id);
	return nla_nest_end(msg, nest);

nla_put_failure:
	return -NLE_NOMEM;
}

int run_msg_put_mesh_start(struct nl_msg *msg, const struct mesh_start *s)
{
	struct nlattr *nest;
	int ret = run_msg_put_node(msg, s->name, s->radio), i;

	if (ret)
		return ret;
	NLA_PUT_U8(msg, LOOM_ATTR_PROTO, LOOM_PROTO_DHYARA);
	if (s->nmore) {
		nest = nla_nest_start(msg, LOOM_ATTR_RADIOS | NLA_F_NESTED);
		if (!nest)
			return -NLE_NOMEM;
		for (i = 0; i < s->nmore; i++)
			NLA_PUT_STRING(msg, LOOM_ATTR_RADIO, s->more[i]);
		nla_nest_end(msg, nest);
	}
	/* Strictly parsed, as LOOM_ATTR_STATE: flagged, and no padding. */
	nest = nla_nest_start(msg, LOOM_ATTR_MESH | NLA_F_NESTED);
	if (!nest)
		return -NLE_NOMEM;
	if (s->has_beacon)
		NLA_PUT_U32(msg, LOOM_MESH_ATTR_BEACON_MS, s->beacon_ms);
	if (s->has_policy)
		NLA_PUT_U8(msg, LOOM_MESH_ATTR_POLICY, s->policy);
	if (s->has_duty)
		NLA_PUT_U32(msg, LOOM_MESH_ATTR_DUTY_PPM, s->duty_ppm);
	return nla_nest_end(msg, nest);

nla_put_failure:
	return -NLE_NOMEM;
}

int run_msg_put_ping(struct nl_msg *msg, const char *name, const u8 *dst,
		     u16 seq, u8 hop_limit)
{
	NLA_PUT_STRING(msg, LOOM_ATTR_NAME, name);
	NLA_PUT(msg, LOOM_ATTR_DST_HW, 6, dst);
	NLA_PUT_U16(msg, LOOM_ATTR_SEQ, seq);
	if (hop_limit)
		NLA_PUT_U8(msg, LOOM_ATTR_HOP_LIMIT, hop_limit);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

int run_msg_put_radio(struct nl_msg *msg, const struct run_radio_req *rq)
{
	if (rq->radio)
		NLA_PUT_STRING(msg, LOOM_ATTR_RADIO, rq->radio);
	if (rq->ifname)
		NLA_PUT_STRING(msg, LOOM_ATTR_IFNAME, rq->ifname);
	if (rq->rate_kbps)
		NLA_PUT_U32(msg, LOOM_ATTR_RATE, rq->rate_kbps);
	if (rq->netns_fd >= 0)
		NLA_PUT_U32(msg, LOOM_ATTR_NETNS_FD, (u32)rq->netns_fd);
	if (rq->netns_pid)
		NLA_PUT_U32(msg, LOOM_ATTR_NETNS_PID, rq->netns_pid);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

/* Minimum sizes of what the kernel sends; s32 ones read as u32. */
static struct nla_policy reply_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_NAME] = { .type = NLA_STRING },
	[LOOM_ATTR_RADIO] = { .type = NLA_STRING },
	[LOOM_ATTR_RADIOS] = { .type = NLA_NESTED },
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
	[LOOM_ATTR_STATE] = { .type = NLA_NESTED },
	[LOOM_ATTR_EDGE_MAX_NS] = { .type = NLA_U64 },
	[LOOM_ATTR_LINK] = { .type = NLA_NESTED },
	[LOOM_ATTR_CONFIG_ID] = { .type = NLA_U32 },
	[LOOM_ATTR_RADIO_KIND] = { .type = NLA_U8 },
	[LOOM_ATTR_RATE] = { .type = NLA_U32 },
	[LOOM_ATTR_MAX_FRAME] = { .type = NLA_U16 },
	[LOOM_ATTR_CARRIER] = { .type = NLA_U8 },
	[LOOM_ATTR_CARRIER_DOWN] = { .type = NLA_U64 },
	[LOOM_ATTR_RADIO_STATS] = { .type = NLA_NESTED },
	[LOOM_ATTR_STATE_TIME] = { .type = NLA_NESTED },
	[LOOM_ATTR_JITTER_NS] = { .type = NLA_U64 },
	[LOOM_ATTR_JITTER_MAX_NS] = { .type = NLA_U64 },
	[LOOM_ATTR_PROTO] = { .type = NLA_U8 },
	[LOOM_ATTR_HWADDR] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ATTR_SRC_HW] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ATTR_DST_HW] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ATTR_MESH] = { .type = NLA_NESTED },
	[LOOM_ATTR_COUNTERS] = { .type = NLA_NESTED },
	[LOOM_ATTR_ROUTE] = { .type = NLA_NESTED },
	[LOOM_ATTR_SEQ] = { .type = NLA_U16 },
	[LOOM_ATTR_HOP_LIMIT] = { .type = NLA_U8 },
	[LOOM_ATTR_RTT_NS] = { .type = NLA_U64 },
	[LOOM_ATTR_PING_CODE] = { .type = NLA_U8 },
	[LOOM_ATTR_SUBJECT_HW] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ATTR_VIA_HW] = { .minlen = 6, .maxlen = 6 },
};

static struct nla_policy mesh_policy[LOOM_MESH_ATTR_MAX + 1] = {
	[LOOM_MESH_ATTR_BEACON_MS] = { .type = NLA_U32 },
	[LOOM_MESH_ATTR_POLICY] = { .type = NLA_U8 },
	[LOOM_MESH_ATTR_DUTY_PPM] = { .type = NLA_U32 },
	[LOOM_MESH_ATTR_CONTROL_PPM] = { .type = NLA_U32 },
	[LOOM_MESH_ATTR_KNOWN] = { .type = NLA_U32 },
	[LOOM_MESH_ATTR_NEIGHBOURS] = { .type = NLA_U32 },
	[LOOM_MESH_ATTR_ROUTES] = { .type = NLA_U32 },
};

static struct nla_policy counter_policy[LOOM_COUNTER_ATTR_MAX + 1] = {
	[LOOM_COUNTER_ATTR_NAME] = { .type = NLA_STRING },
	[LOOM_COUNTER_ATTR_VALUE] = { .type = NLA_U64 },
};

static struct nla_policy route_policy[LOOM_ROUTE_ATTR_MAX + 1] = {
	[LOOM_ROUTE_ATTR_DEST] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ROUTE_ATTR_VIA] = { .minlen = 6, .maxlen = 6 },
	[LOOM_ROUTE_ATTR_DELAY_US] = { .type = NLA_U32 },
	[LOOM_ROUTE_ATTR_HOPS] = { .type = NLA_U8 },
	[LOOM_ROUTE_ATTR_BEST] = { .type = NLA_FLAG },
	[LOOM_ROUTE_ATTR_DIRECT] = { .type = NLA_FLAG },
	[LOOM_ROUTE_ATTR_AGE_MS] = { .type = NLA_U64 },
};

static struct nla_policy state_policy[LOOM_STATE_ATTR_MAX + 1] = {
	[LOOM_STATE_ATTR_ADDR] = { .type = NLA_U16 },
	[LOOM_STATE_ATTR_PERIOD_NS] = { .type = NLA_U64 },
	[LOOM_STATE_ATTR_NEXT_REFRESH_NS] = { .type = NLA_U64 },
	[LOOM_STATE_ATTR_VIRTUAL] = { .type = NLA_FLAG },
	[LOOM_STATE_ATTR_FRAME_ID] = { .type = NLA_U8 },
};

static struct nla_policy link_policy[LOOM_LINK_ATTR_MAX + 1] = {
	[LOOM_LINK_ATTR_ADDR] = { .type = NLA_U16 },
	[LOOM_LINK_ATTR_PARENT] = { .type = NLA_FLAG },
	[LOOM_LINK_ATTR_RSSI] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_SNR] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_AGE_MS] = { .type = NLA_U64 },
	[LOOM_LINK_ATTR_RX_FRAMES] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_HS_OK] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_HS_FAIL] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_FAILS] = { .type = NLA_U8 },
	[LOOM_LINK_ATTR_HWADDR] = { .minlen = 6, .maxlen = 6 },
	[LOOM_LINK_ATTR_RTT_US] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_DELAY_US] = { .type = NLA_U32 },
	[LOOM_LINK_ATTR_SILENT] = { .type = NLA_FLAG },
	[LOOM_LINK_ATTR_DEPRECIATED] = { .type = NLA_U8 },
	[LOOM_LINK_ATTR_RADIO] = { .type = NLA_STRING },
};

/* Each of @need (0-terminated; NULL: none) is in @tb: 0 or -EINVAL. */
static int needed(struct nlattr **tb, const int *need)
{
	for (; need && *need; need++)
		if (!tb[*need])
			return -EINVAL;
	return 0;
}

/* Parses @nlh; @need: attributes that must be there (0-terminated). */
static int parse(struct nlmsghdr *nlh, struct nlattr **tb, const int *need)
{
	if (genlmsg_parse(nlh, 0, tb, LOOM_ATTR_MAX, reply_policy))
		return -EINVAL;
	return needed(tb, need);
}

/* The same for the nest @nest, of attributes 1..@max. */
static int parse_nest(struct nlattr *nest, struct nlattr **tb, int max,
		      struct nla_policy *policy, const int *need)
{
	if (nla_parse_nested(tb, max, nest, policy))
		return -EINVAL;
	return needed(tb, need);
}

static void get_str(char *dst, size_t len, struct nlattr *a)
{
	if (a)
		nla_strlcpy(dst, a, len);
	else
		dst[0] = '\0';
}

/* A 6-byte attribute (the policy checked its size) into @dst: present? */
static bool get_hw(u8 *dst, struct nlattr *a)
{
	if (a)
		memcpy(dst, nla_data(a), 6);
	return a;
}

/* Either of a message's own addresses: a tree node's or a mesh node's. */
static int has_addr(struct nlattr **tb)
{
	return tb[LOOM_ATTR_ADDR] || tb[LOOM_ATTR_HWADDR] ? 0 : -EINVAL;
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
	r->kind = loom_nla_u8(tb, LOOM_ATTR_RADIO_KIND);
	r->max_frame = loom_nla_u16(tb, LOOM_ATTR_MAX_FRAME);
	r->has_carrier = tb[LOOM_ATTR_CARRIER];
	r->carrier = loom_nla_u8(tb, LOOM_ATTR_CARRIER);
	r->has_carrier_down = tb[LOOM_ATTR_CARRIER_DOWN];
	r->carrier_down = loom_nla_u64(tb, LOOM_ATTR_CARRIER_DOWN);
	r->ifindex = loom_nla_u32(tb, LOOM_ATTR_IFINDEX);
	r->rate_kbps = loom_nla_u32(tb, LOOM_ATTR_RATE);
	r->has_hwaddr = get_hw(r->hwaddr, tb[LOOM_ATTR_HWADDR]);
	r->has_stats = tb[LOOM_ATTR_RADIO_STATS];
	loom_nla_u64_nest(tb[LOOM_ATTR_RADIO_STATS], r->stats + 1,
			  RUN_RADIO_STAT_MAX);
	r->has_time = tb[LOOM_ATTR_STATE_TIME];
	loom_nla_u64_nest(tb[LOOM_ATTR_STATE_TIME], r->time_ns,
			  __LOOM_RADIO_STATE_MAX);
	return 0;
}

/* A signal level the kernel leaves out when the radio cannot tell it. */
static int32_t get_signal(struct nlattr **tb, int type)
{
	return tb[type] ? loom_nla_s32(tb, type) : LOOM_SIGNAL_UNKNOWN;
}

/* The slot-edge histogram, if the module sent one: exactly its size. */
static int parse_edge(struct nlattr **tb, struct run_node *nd)
{
	struct nlattr *a = tb[LOOM_ATTR_EDGE_HIST];

	if (!a)
		return 0;
	if (nla_len(a) != (int)sizeof(nd->edge_hist))
		return -EINVAL;
	memcpy(nd->edge_hist, nla_data(a), sizeof(nd->edge_hist));
	nd->edge_max_ns = loom_nla_u64(tb, LOOM_ATTR_EDGE_MAX_NS);
	nd->has_edge = true;
	return 0;
}

/* LOOM_ATTR_STATE (may be NULL: the node has no timing to save). */
static int parse_state(struct nlattr *nest, struct run_node *nd)
{
	static const int need[] = {
		LOOM_STATE_ATTR_ADDR, LOOM_STATE_ATTR_PERIOD_NS,
		LOOM_STATE_ATTR_NEXT_REFRESH_NS, LOOM_STATE_ATTR_FRAME_ID, 0,
	};
	struct nlattr *tb[LOOM_STATE_ATTR_MAX + 1];
	struct run_state *st = &nd->state;

	if (!nest)
		return 0;
	if (parse_nest(nest, tb, LOOM_STATE_ATTR_MAX, state_policy, need))
		return -EINVAL;
	st->addr = loom_nla_u16(tb, LOOM_STATE_ATTR_ADDR);
	st->period_ns = loom_nla_u64(tb, LOOM_STATE_ATTR_PERIOD_NS);
	st->next_refresh_ns = loom_nla_u64(tb, LOOM_STATE_ATTR_NEXT_REFRESH_NS);
	st->virt = tb[LOOM_STATE_ATTR_VIRTUAL];
	st->frame_id = loom_nla_u8(tb, LOOM_STATE_ATTR_FRAME_ID);
	nd->has_state = true;
	return 0;
}

/* LOOM_ATTR_MESH (may be NULL: a tree node). */
static int parse_mesh(struct nlattr *nest, struct run_node *nd)
{
	struct nlattr *tb[LOOM_MESH_ATTR_MAX + 1];
	struct run_mesh *m = &nd->mesh;
	int i;

	if (!nest)
		return 0;
	if (parse_nest(nest, tb, LOOM_MESH_ATTR_MAX, mesh_policy, NULL))
		return -EINVAL;
	for (i = LOOM_MESH_ATTR_BEACON_MS; i <= LOOM_MESH_ATTR_MAX; i++)
		if (tb[i])
			m->present |= 1U << i;
	m->beacon_ms = loom_nla_u32(tb, LOOM_MESH_ATTR_BEACON_MS);
	m->policy = loom_nla_u8(tb, LOOM_MESH_ATTR_POLICY);
	m->duty_ppm = loom_nla_u32(tb, LOOM_MESH_ATTR_DUTY_PPM);
	m->control_ppm = loom_nla_u32(tb, LOOM_MESH_ATTR_CONTROL_PPM);
	m->known = loom_nla_u32(tb, LOOM_MESH_ATTR_KNOWN);
	m->neighbours = loom_nla_u32(tb, LOOM_MESH_ATTR_NEIGHBOURS);
	m->routes = loom_nla_u32(tb, LOOM_MESH_ATTR_ROUTES);
	nd->has_mesh = true;
	return 0;
}

/*
 * LOOM_ATTR_COUNTERS (may be NULL): each LOOM_ATTR_COUNTER needs a name
 * and a value; padding and other types in the nest are skipped.
 */
static int parse_counters(struct nlattr *nest, struct run_node *nd)
{
	static const int need[] = {
		LOOM_COUNTER_ATTR_NAME, LOOM_COUNTER_ATTR_VALUE, 0,
	};
	struct nlattr *tb[LOOM_COUNTER_ATTR_MAX + 1], *a;
	struct run_counter *c;
	int rem;

	if (!nest)
		return 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != LOOM_ATTR_COUNTER)
			continue;
		if (parse_nest(a, tb, LOOM_COUNTER_ATTR_MAX, counter_policy,
			       need))
			return -EINVAL;
		if (nd->ncounters == RUN_COUNTERS_MAX) {
			nd->counters_cut = true;
			continue;
		}
		c = &nd->counters[nd->ncounters++];
		get_str(c->name, sizeof(c->name), tb[LOOM_COUNTER_ATTR_NAME]);
		if (strnlen(nla_data(tb[LOOM_COUNTER_ATTR_NAME]),
			    nla_len(tb[LOOM_COUNTER_ATTR_NAME])) >
		    RUN_COUNTER_NAME_MAX)
			c->name[RUN_COUNTER_NAME_MAX - 1] = '~';
		c->value = loom_nla_u64(tb, LOOM_COUNTER_ATTR_VALUE);
	}
	return 0;
}

int run_msg_parse_node(struct nlmsghdr *nlh, struct run_node *nd)
{
	static const int need[] = { LOOM_ATTR_NAME, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(nd, 0, sizeof(*nd));
	if (parse(nlh, tb, need) || has_addr(tb))
		return -EINVAL;
	get_str(nd->name, sizeof(nd->name), tb[LOOM_ATTR_NAME]);
	nd->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	nd->proto = tb[LOOM_ATTR_PROTO] ? loom_nla_u8(tb, LOOM_ATTR_PROTO) :
		    LOOM_PROTO_TREE;
	nd->has_hwaddr = get_hw(nd->hwaddr, tb[LOOM_ATTR_HWADDR]);
	nd->has_tree_stats = tb[LOOM_ATTR_MAC_STATS] || tb[LOOM_ATTR_NET_STATS];
	get_str(nd->radio, sizeof(nd->radio), tb[LOOM_ATTR_RADIO]);
	if (tb[LOOM_ATTR_RADIOS]) {
		struct nlattr *a;
		int rem;

		nla_for_each_nested(a, tb[LOOM_ATTR_RADIOS], rem)
			if (nla_type(a) == LOOM_ATTR_RADIO &&
			    nd->nradios < LOOM_RADIOS_MAX)
				get_str(nd->radios[nd->nradios++],
					sizeof(nd->radios[0]), a);
	}
	nd->ifindex = loom_nla_u32(tb, LOOM_ATTR_IFINDEX);
	nd->config_id = loom_nla_u32(tb, LOOM_ATTR_CONFIG_ID);
	get_str(nd->ifname, sizeof(nd->ifname), tb[LOOM_ATTR_IFNAME]);
	nd->synced = loom_nla_u8(tb, LOOM_ATTR_SYNCED);
	nd->datagram_max = loom_nla_u32(tb, LOOM_ATTR_DATAGRAM_MAX);
	nd->has_jitter = tb[LOOM_ATTR_JITTER_NS];
	nd->jitter_ns = loom_nla_u64(tb, LOOM_ATTR_JITTER_NS);
	nd->jitter_max_ns = loom_nla_u64(tb, LOOM_ATTR_JITTER_MAX_NS);
	/* Index 0 is UNSPEC in the three enums: type i goes to [i]. */
	loom_nla_u64_nest(tb[LOOM_ATTR_MAC_STATS], nd->mac + 1,
			  LOOM_MAC_STAT_MAX);
	loom_nla_u64_nest(tb[LOOM_ATTR_NET_STATS], nd->net + 1,
			  LOOM_NET_STAT_MAX);
	loom_nla_u64_nest(tb[LOOM_ATTR_DEV_STATS], nd->dev + 1,
			  LOOM_DEV_STAT_MAX);
	if (parse_edge(tb, nd) || parse_state(tb[LOOM_ATTR_STATE], nd) ||
	    parse_mesh(tb[LOOM_ATTR_MESH], nd) ||
	    parse_counters(tb[LOOM_ATTR_COUNTERS], nd))
		return -EINVAL;
	return 0;
}

int run_msg_parse_datagram(struct nlmsghdr *nlh, struct run_datagram *d)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_DATA, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(d, 0, sizeof(*d));
	if (parse(nlh, tb, need) || has_addr(tb) ||
	    (!tb[LOOM_ATTR_SRC] && !tb[LOOM_ATTR_SRC_HW]))
		return -EINVAL;
	d->has_hwaddr = get_hw(d->hwaddr, tb[LOOM_ATTR_HWADDR]);
	d->src_mesh = get_hw(d->src_hw, tb[LOOM_ATTR_SRC_HW]);
	get_str(d->node, sizeof(d->node), tb[LOOM_ATTR_NAME]);
	d->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	d->port = loom_nla_u8(tb, LOOM_ATTR_PORT);
	d->src = loom_nla_u16(tb, LOOM_ATTR_SRC);
	d->src_port = loom_nla_u8(tb, LOOM_ATTR_SRC_PORT);
	d->data = nla_data(tb[LOOM_ATTR_DATA]);
	d->len = (size_t)nla_len(tb[LOOM_ATTR_DATA]);
	d->rssi_mdbm = get_signal(tb, LOOM_ATTR_RSSI);
	d->snr_mdb = get_signal(tb, LOOM_ATTR_SNR);
	return 0;
}

int run_msg_parse_event(struct nlmsghdr *nlh, struct run_event *ev)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_EVENT, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (parse(nlh, tb, need) || has_addr(tb))
		return -EINVAL;
	ev->has_hwaddr = get_hw(ev->hwaddr, tb[LOOM_ATTR_HWADDR]);
	ev->has_subject_hw = get_hw(ev->subject_hw, tb[LOOM_ATTR_SUBJECT_HW]);
	ev->has_via_hw = get_hw(ev->via_hw, tb[LOOM_ATTR_VIA_HW]);
	get_str(ev->node, sizeof(ev->node), tb[LOOM_ATTR_NAME]);
	ev->addr = loom_nla_u16(tb, LOOM_ATTR_ADDR);
	ev->event = loom_nla_u8(tb, LOOM_ATTR_EVENT);
	ev->has_link = tb[LOOM_ATTR_SUBJECT];
	ev->reporter = loom_nla_u16(tb, LOOM_ATTR_REPORTER);
	ev->subject = loom_nla_u16(tb, LOOM_ATTR_SUBJECT);
	ev->failures = loom_nla_u8(tb, LOOM_ATTR_FAILURES);
	ev->has_config = tb[LOOM_ATTR_CONFIG_ID];
	ev->config_id = loom_nla_u32(tb, LOOM_ATTR_CONFIG_ID);
	return 0;
}

int run_msg_parse_link(struct nlmsghdr *nlh, struct run_link *l)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_LINK, 0 };
	static const int link_need[] = { LOOM_LINK_ATTR_ADDR, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nlattr *lb[LOOM_LINK_ATTR_MAX + 1];

	memset(l, 0, sizeof(*l));
	if (parse(nlh, tb, need) ||
	    parse_nest(tb[LOOM_ATTR_LINK], lb, LOOM_LINK_ATTR_MAX, link_policy,
		       link_need))
		return -EINVAL;
	get_str(l->node, sizeof(l->node), tb[LOOM_ATTR_NAME]);
	l->addr = loom_nla_u16(lb, LOOM_LINK_ATTR_ADDR);
	l->parent = lb[LOOM_LINK_ATTR_PARENT];
	/* Signal and age come together, once a frame was heard. */
	l->heard = lb[LOOM_LINK_ATTR_AGE_MS];
	l->rssi_mdbm = get_signal(lb, LOOM_LINK_ATTR_RSSI);
	l->snr_mdb = get_signal(lb, LOOM_LINK_ATTR_SNR);
	l->age_ms = loom_nla_u64(lb, LOOM_LINK_ATTR_AGE_MS);
	l->rx_frames = loom_nla_u32(lb, LOOM_LINK_ATTR_RX_FRAMES);
	l->hs_ok = loom_nla_u32(lb, LOOM_LINK_ATTR_HS_OK);
	l->hs_fail = loom_nla_u32(lb, LOOM_LINK_ATTR_HS_FAIL);
	l->fails = loom_nla_u8(lb, LOOM_LINK_ATTR_FAILS);
	return 0;
}

int run_msg_parse_mesh_link(struct nlmsghdr *nlh, struct mesh_link *l)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_LINK, 0 };
	static const int link_need[] = { LOOM_LINK_ATTR_HWADDR, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nlattr *lb[LOOM_LINK_ATTR_MAX + 1];

	memset(l, 0, sizeof(*l));
	if (parse(nlh, tb, need) ||
	    parse_nest(tb[LOOM_ATTR_LINK], lb, LOOM_LINK_ATTR_MAX, link_policy,
		       link_need))
		return -EINVAL;
	get_str(l->node, sizeof(l->node), tb[LOOM_ATTR_NAME]);
	get_hw(l->addr, lb[LOOM_LINK_ATTR_HWADDR]);
	l->heard = lb[LOOM_LINK_ATTR_AGE_MS];
	l->age_ms = loom_nla_u64(lb, LOOM_LINK_ATTR_AGE_MS);
	l->has_rtt = lb[LOOM_LINK_ATTR_RTT_US];
	l->rtt_us = loom_nla_u32(lb, LOOM_LINK_ATTR_RTT_US);
	l->has_delay = lb[LOOM_LINK_ATTR_DELAY_US];
	l->delay_us = loom_nla_u32(lb, LOOM_LINK_ATTR_DELAY_US);
	l->silent = lb[LOOM_LINK_ATTR_SILENT];
	l->depreciated = loom_nla_u8(lb, LOOM_LINK_ATTR_DEPRECIATED);
	get_str(l->radio, sizeof(l->radio), lb[LOOM_LINK_ATTR_RADIO]);
	return 0;
}

int run_msg_parse_route(struct nlmsghdr *nlh, struct mesh_route *r)
{
	static const int need[] = { LOOM_ATTR_NAME, LOOM_ATTR_ROUTE, 0 };
	static const int route_need[] = {
		LOOM_ROUTE_ATTR_DEST, LOOM_ROUTE_ATTR_VIA, LOOM_ROUTE_ATTR_HOPS, 0,
	};
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nlattr *rb[LOOM_ROUTE_ATTR_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (parse(nlh, tb, need) ||
	    parse_nest(tb[LOOM_ATTR_ROUTE], rb, LOOM_ROUTE_ATTR_MAX,
		       route_policy, route_need))
		return -EINVAL;
	get_str(r->node, sizeof(r->node), tb[LOOM_ATTR_NAME]);
	get_hw(r->dest, rb[LOOM_ROUTE_ATTR_DEST]);
	get_hw(r->via, rb[LOOM_ROUTE_ATTR_VIA]);
	r->has_delay = rb[LOOM_ROUTE_ATTR_DELAY_US];
	r->delay_us = loom_nla_u32(rb, LOOM_ROUTE_ATTR_DELAY_US);
	r->hops = loom_nla_u8(rb, LOOM_ROUTE_ATTR_HOPS);
	r->best = rb[LOOM_ROUTE_ATTR_BEST];
	r->direct = rb[LOOM_ROUTE_ATTR_DIRECT];
	r->has_age = rb[LOOM_ROUTE_ATTR_AGE_MS];
	r->age_ms = loom_nla_u64(rb, LOOM_ROUTE_ATTR_AGE_MS);
	return 0;
}

int run_msg_parse_answer(struct nlmsghdr *nlh, struct mesh_answer *a)
{
	static const int need[] = { LOOM_ATTR_SRC_HW, LOOM_ATTR_SEQ, 0 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];

	memset(a, 0, sizeof(*a));
	if (parse(nlh, tb, need))
		return -EINVAL;
	get_hw(a->src, tb[LOOM_ATTR_SRC_HW]);
	a->seq = loom_nla_u16(tb, LOOM_ATTR_SEQ);
	a->has_rtt = tb[LOOM_ATTR_RTT_NS];
	a->rtt_ns = loom_nla_u64(tb, LOOM_ATTR_RTT_NS);
	a->has_hop_limit = tb[LOOM_ATTR_HOP_LIMIT];
	a->hop_limit = loom_nla_u8(tb, LOOM_ATTR_HOP_LIMIT);
	a->code = loom_nla_u8(tb, LOOM_ATTR_PING_CODE);
	return 0;
}
