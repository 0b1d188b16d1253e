// SPDX-License-Identifier: GPL-2.0
/*
 * Loom generic netlink family "loom": set, get (doit and dump) and clear the
 * topology of a network namespace, and notify every change.
 *
 * The kernel never trusts what userspace computed: a set carries only names,
 * roles, sensing flags, parents and the config block, and the kernel runs the
 * same validation as loomctl before anything changes.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "loom.h"
#include "run.h"

struct genl_family loom_genl_family;

static const struct genl_multicast_group loom_mcgrps[] = {
	[LOOM_MCGRP_CONFIG_ID] = { .name = LOOM_MCGRP_CONFIG },
	/* The traffic itself: only for those allowed to send it too. */
	[LOOM_MCGRP_DATA_ID] = { .name = LOOM_MCGRP_DATA,
				 .flags = GENL_MCAST_CAP_NET_ADMIN },
	[LOOM_MCGRP_EVENTS_ID] = { .name = LOOM_MCGRP_EVENTS },
};

static const struct nla_policy loom_node_policy[LOOM_NODE_ATTR_MAX + 1] = {
	[LOOM_NODE_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = LOOM_NAME_MAX },
	[LOOM_NODE_ATTR_ROLE] = NLA_POLICY_MAX(NLA_U8, LOOM_ROLE_COORDINATOR),
	[LOOM_NODE_ATTR_SENSOR] = NLA_POLICY_MAX(NLA_U8, 1),
	[LOOM_NODE_ATTR_PARENT] = { .type = NLA_U32 },
	/* Computed by the kernel: userspace may not supply them. */
	[LOOM_NODE_ATTR_INDEX] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_ADDR] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_LAYER] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_TX_FIRST] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_TX_COUNT] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_RX_FIRST] = { .type = NLA_REJECT },
	[LOOM_NODE_ATTR_RX_COUNT] = { .type = NLA_REJECT },
};

/* Ranges are the validator's: it names the rule, as loomctl does. */
static const struct nla_policy loom_cfg_policy[LOOM_CFG_ATTR_MAX + 1] = {
	[LOOM_CFG_ATTR_SLOT_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_INTERVAL_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_CYCLES] = { .type = NLA_U32 },
};

static const struct nla_policy loom_set_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_NODES] = NLA_POLICY_NESTED_ARRAY(loom_node_policy),
	[LOOM_ATTR_CONFIG] = NLA_POLICY_NESTED(loom_cfg_policy),
};

/* Get and clear take no attributes: strict validation rejects any. */
static const struct nla_policy loom_none_policy[LOOM_ATTR_MAX + 1] = {
};

/*
 * Extack messages that name the node need a formatted string.  Kernels
 * from 6.2 carry a buffer in the extack for that (NL_SET_ERR_MSG_FMT).
 * 6.1 keeps only a pointer, which netlink_ack() reads twice after genl has
 * dropped its lock: once to size the ack, once to copy the text.  The text
 * therefore lives in a ring of static buffers (never freed) whose strings
 * always have the same length: padded with spaces, and the only NUL is the
 * last byte, which is never written.  A slot rewritten between the two
 * reads (eight more refusals while this request waits) can garble the
 * words, but never change the length, so the ack is always well-formed.
 * loomctl strips the padding.
 */
#ifndef NL_SET_ERR_MSG_FMT
#define LOOM_EXTACK_RING 8
#define LOOM_EXTACK_LEN 256
static char loom_extack_ring[LOOM_EXTACK_RING][LOOM_EXTACK_LEN];
static atomic_t loom_extack_next = ATOMIC_INIT(0);

static void loom_extack_ring_msg(struct netlink_ext_ack *extack,
				 const char *msg)
{
	size_t len = min_t(size_t, strlen(msg), LOOM_EXTACK_LEN - 1);
	unsigned int i;
	char *buf;

	if (!extack)
		return;
	i = (unsigned int)atomic_inc_return(&loom_extack_next) %
	    LOOM_EXTACK_RING;
	buf = loom_extack_ring[i];
	memcpy(buf, msg, len);
	memset(buf + len, ' ', LOOM_EXTACK_LEN - 1 - len);
	extack->_msg = buf;
}
#endif

/**
 * loom_extack_msg() - set an extack message built at run time
 * @extack: the request's extack, or NULL
 * @msg: the text; copied, so it may live on the caller's stack
 *
 * Shared with loom_hwsim, whose messages name radios and values too.
 */
void loom_extack_msg(struct netlink_ext_ack *extack, const char *msg)
{
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack, "%s", msg);
#else
	loom_extack_ring_msg(extack, msg);
#endif
}
EXPORT_SYMBOL_NS_GPL(loom_extack_msg, LOOM);

static int loom_parse_node(struct nlattr *nest, struct loom_topo_node *nd,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LOOM_NODE_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(tb, LOOM_NODE_ATTR_MAX, nest, loom_node_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, LOOM_NODE_ATTR_NAME) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, LOOM_NODE_ATTR_ROLE)) {
		NL_SET_ERR_MSG(extack, "every node needs a name and a role");
		return -EINVAL;
	}
	nla_strscpy(nd->name, tb[LOOM_NODE_ATTR_NAME], sizeof(nd->name));
	nd->role = nla_get_u8(tb[LOOM_NODE_ATTR_ROLE]);
	if (tb[LOOM_NODE_ATTR_SENSOR])
		nd->sensor = nla_get_u8(tb[LOOM_NODE_ATTR_SENSOR]);
	else
		nd->sensor = nd->role == LOOM_ROLE_END_DEVICE;
	nd->parent = tb[LOOM_NODE_ATTR_PARENT] ?
		     nla_get_u32(tb[LOOM_NODE_ATTR_PARENT]) : LOOM_NO_PARENT;
	return 0;
}

static void loom_parse_config(struct nlattr *nest, struct loom_topo_config *cfg)
{
	struct nlattr *tb[LOOM_CFG_ATTR_MAX + 1];

	/* Validated with the policy already, as part of the request. */
	if (!nest || nla_parse_nested(tb, LOOM_CFG_ATTR_MAX, nest,
				      loom_cfg_policy, NULL))
		return;
	if (tb[LOOM_CFG_ATTR_SLOT_MS])
		cfg->slot_ms = nla_get_u32(tb[LOOM_CFG_ATTR_SLOT_MS]);
	if (tb[LOOM_CFG_ATTR_DATA_INTERVAL_MS])
		cfg->data_interval_ms =
			nla_get_u32(tb[LOOM_CFG_ATTR_DATA_INTERVAL_MS]);
	if (tb[LOOM_CFG_ATTR_DATA_CYCLES])
		cfg->data_cycles = nla_get_u32(tb[LOOM_CFG_ATTR_DATA_CYCLES]);
}

/*
 * One attribute holds at most 64 KiB, about 1,300 nodes, so larger
 * topologies come as several LOOM_ATTR_NODES in a row whose elements
 * concatenate in order.  The genl core has validated every one of them
 * against the policy.  Collects the node nests into @nests (NULL: count).
 */
static u32 loom_node_nests(const struct genl_info *info, struct nlattr **nests)
{
	struct nlattr *chunk, *nest;
	int rem, rem2;
	u32 n = 0;

	nlmsg_for_each_attr(chunk, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(chunk) != LOOM_ATTR_NODES)
			continue;
		nla_for_each_nested(nest, chunk, rem2) {
			if (nests)
				nests[n] = nest;
			n++;
		}
	}
	return n;
}

static int loom_put_summary(struct sk_buff *msg, u32 generation,
			    const struct loom_topology *t)
{
	struct nlattr *cfg;

	if (nla_put_u32(msg, LOOM_ATTR_GENERATION, generation) ||
	    nla_put_u32(msg, LOOM_ATTR_NODE_COUNT, t ? t->n : 0) ||
	    nla_put_u32(msg, LOOM_ATTR_SLOT_TOTAL, t ? t->slot_total : 0))
		return -EMSGSIZE;
	if (!t)
		return 0;
	cfg = nla_nest_start(msg, LOOM_ATTR_CONFIG);
	if (!cfg ||
	    nla_put_u32(msg, LOOM_CFG_ATTR_SLOT_MS, t->cfg.slot_ms) ||
	    nla_put_u32(msg, LOOM_CFG_ATTR_DATA_INTERVAL_MS,
			t->cfg.data_interval_ms) ||
	    nla_put_u32(msg, LOOM_CFG_ATTR_DATA_CYCLES, t->cfg.data_cycles))
		return -EMSGSIZE;
	nla_nest_end(msg, cfg);
	return 0;
}

/* Tell listeners of the namespace what changed: best effort, like rtnl. */
static void loom_notify(struct net *net, u8 cmd, u32 generation,
			const struct loom_topology *t)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&loom_genl_family, net, LOOM_MCGRP_CONFIG_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &loom_genl_family, 0, cmd);
	if (!hdr || loom_put_summary(msg, generation, t)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&loom_genl_family, net, msg, 0,
				LOOM_MCGRP_CONFIG_ID, GFP_KERNEL);
}

static int loom_nl_topo_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct loom_net *ln = loom_pernet(net);
	struct netlink_ext_ack *extack = info->extack;
	struct loom_topo_ref *tr;
	struct nlattr **nests = NULL;
	struct loom_topology *t;
	struct loom_topo_error terr;
	char msg[2 * LOOM_NAME_MAX + 128];
	u32 n, i, gen;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LOOM_ATTR_NODES))
		return -EINVAL;
	n = loom_node_nests(info, NULL);
	if (!n || n > LOOM_MAX_NODES) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[LOOM_ATTR_NODES],
				    "a topology has 1..53805 nodes");
		return -EINVAL;
	}
	t = loom_topo_alloc(n);
	nests = kvmalloc_array(n, sizeof(*nests), GFP_KERNEL);
	err = -ENOMEM;
	if (!t || !nests)
		goto out_free;
	loom_node_nests(info, nests);

	for (i = 0; i < n; i++) {
		err = loom_parse_node(nests[i], &t->nodes[i], extack);
		if (err)
			goto out_free;
	}
	loom_parse_config(info->attrs[LOOM_ATTR_CONFIG], &t->cfg);

	err = loom_topo_compute(t, &terr);
	if (err == -EINVAL) {
		loom_topo_format_error(t, &terr, msg, sizeof(msg));
		loom_extack_msg(extack, msg);
		if (terr.node < t->n)
			NL_SET_BAD_ATTR(extack, nests[terr.node]);
		else if (info->attrs[LOOM_ATTR_CONFIG])
			NL_SET_BAD_ATTR(extack, info->attrs[LOOM_ATTR_CONFIG]);
	}
	if (err)
		goto out_free;

	kvfree(nests);
	err = loom_topo_replace(ln, t, &gen);
	if (err)
		return err;	/* loom_topo_replace() freed @t */
	/* A reference, not @t: notifying allocates and may sleep. */
	tr = loom_topo_get(ln);
	loom_notify(net, LOOM_CMD_TOPO_SET, gen, tr ? tr->topo : NULL);
	loom_topo_put(tr);
	return 0;

out_free:
	kvfree(nests);
	loom_topo_free(t);
	return err;
}

static int loom_nl_topo_clear(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	u32 gen;
	int err;

	err = loom_topo_replace(loom_pernet(net), NULL, &gen);
	if (err)
		return err;
	loom_notify(net, LOOM_CMD_TOPO_CLEAR, gen, NULL);
	return 0;
}

static int loom_nl_topo_get(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_net *ln = loom_pernet(genl_info_net(info));
	struct loom_topo_ref *tr;
	struct sk_buff *msg;
	u32 generation;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loom_genl_family, 0,
				LOOM_CMD_TOPO_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	tr = loom_topo_get(ln);
	generation = tr ? tr->generation : READ_ONCE(ln->generation);
	err = loom_put_summary(msg, generation, tr ? tr->topo : NULL);
	loom_topo_put(tr);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loom_put_node(struct sk_buff *msg, const struct loom_topology *t,
			 u32 i)
{
	const struct loom_topo_node *nd = &t->nodes[i];
	struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_NODE);

	if (!nest ||
	    nla_put_u32(msg, LOOM_NODE_ATTR_INDEX, i) ||
	    nla_put_string(msg, LOOM_NODE_ATTR_NAME, nd->name) ||
	    nla_put_u8(msg, LOOM_NODE_ATTR_ROLE, nd->role) ||
	    nla_put_u8(msg, LOOM_NODE_ATTR_SENSOR, nd->sensor) ||
	    (nd->parent != LOOM_NO_PARENT &&
	     nla_put_u32(msg, LOOM_NODE_ATTR_PARENT, nd->parent)) ||
	    nla_put_u16(msg, LOOM_NODE_ATTR_ADDR, nd->addr) ||
	    nla_put_u8(msg, LOOM_NODE_ATTR_LAYER, nd->layer) ||
	    nla_put_u32(msg, LOOM_NODE_ATTR_TX_FIRST, nd->tx_first) ||
	    nla_put_u32(msg, LOOM_NODE_ATTR_TX_COUNT, nd->tx_count) ||
	    nla_put_u32(msg, LOOM_NODE_ATTR_RX_FIRST, nd->rx_first) ||
	    nla_put_u32(msg, LOOM_NODE_ATTR_RX_COUNT, nd->rx_count))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A dump holds a reference on the topology it started with (cb->args[0]),
 * so its pages describe one topology even if a set lands in between; the
 * generation in every message lets userspace notice that it changed.
 */
static int loom_nl_dump_start(struct netlink_callback *cb)
{
	struct loom_net *ln = loom_pernet(sock_net(cb->skb->sk));

	cb->args[0] = (long)loom_topo_get(ln);
	cb->args[1] = 0;
	return 0;
}

static int loom_nl_dump_done(struct netlink_callback *cb)
{
	loom_topo_put((struct loom_topo_ref *)cb->args[0]);
	return 0;
}

static int loom_nl_topo_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct loom_topo_ref *tr = (struct loom_topo_ref *)cb->args[0];
	u32 i = cb->args[1];
	void *hdr;

	if (!tr)
		return 0;
	cb->seq = tr->generation;
	for (; i < tr->topo->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_genl_family,
				  NLM_F_MULTI, LOOM_CMD_TOPO_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (nla_put_u32(skb, LOOM_ATTR_GENERATION, tr->generation) ||
		    loom_put_node(skb, tr->topo, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[1] = i;
	return skb->len;
}

/* More radios of a mesh node: LOOM_ATTR_RADIO each. */
static const struct nla_policy loom_radios_policy[LOOM_ATTR_RADIO + 1] = {
	[LOOM_ATTR_RADIO] = { .type = NLA_NUL_STRING,
			      .len = LOOM_RADIO_NAME_LEN - 1 },
};

static const struct nla_policy loom_run_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = LOOM_NAME_MAX },
	[LOOM_ATTR_RADIO] = { .type = NLA_NUL_STRING,
			      .len = LOOM_RADIO_NAME_LEN - 1 },
	[LOOM_ATTR_DST] = { .type = NLA_U16 },
	[LOOM_ATTR_DST_HW] = NLA_POLICY_ETH_ADDR,
	[LOOM_ATTR_DATA] = { .type = NLA_BINARY },
	[LOOM_ATTR_PORT] = NLA_POLICY_RANGE(NLA_U8, 1, LOOM_PORT_MAX),
	[LOOM_ATTR_STATE] = NLA_POLICY_NESTED(loom_state_policy),
	[LOOM_ATTR_PROTO] = NLA_POLICY_RANGE(NLA_U8, LOOM_PROTO_TREE,
					     __LOOM_PROTO_MAX - 1),
	/* The protocol parses it (kernel/dhyara/proto.c). */
	[LOOM_ATTR_MESH] = { .type = NLA_NESTED },
	[LOOM_ATTR_SEQ] = { .type = NLA_U16 },
	[LOOM_ATTR_HOP_LIMIT] = NLA_POLICY_RANGE(NLA_U8, 1,
						 LOOM_MESH_HOP_LIMIT),
	[LOOM_ATTR_RADIOS] = NLA_POLICY_NESTED(loom_radios_policy),
};

static struct netlink_range_validation loom_rate_range __ro_after_init = {
	.min = LOOM_RADIO_RATE_MIN,
	.max = LOOM_RADIO_RATE_MAX,
};

static const struct nla_policy loom_radio_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_RADIO] = { .type = NLA_NUL_STRING,
			      .len = LOOM_RADIO_NAME_LEN - 1 },
	[LOOM_ATTR_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[LOOM_ATTR_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &loom_rate_range),
	[LOOM_ATTR_NETNS_FD] = { .type = NLA_U32 },
	[LOOM_ATTR_NETNS_PID] = { .type = NLA_U32 },
};

/*
 * What a command needs before its doit runs (genl_ops.internal_flags), as
 * batman-adv's BATADV_FLAG_NEED_MESH: loom_pre_doit() takes the radio
 * registry's lock, resolves it into info->user_ptr[] and keeps the lock
 * until loom_post_doit(), so the instance or radio cannot go meanwhile.
 */
#define LOOM_NL_NEED_RUN	BIT(0)	/* LOOM_ATTR_NAME, user_ptr[0] */
#define LOOM_NL_NEED_RADIO	BIT(1)	/* LOOM_ATTR_RADIO, user_ptr[1] */

static int loom_pre_doit(const struct genl_ops *ops,
			 struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[LOOM_ATTR_NAME];
	struct nlattr *radio = info->attrs[LOOM_ATTR_RADIO];
	struct net *net = genl_info_net(info);

	if (!(ops->internal_flags & (LOOM_NL_NEED_RUN | LOOM_NL_NEED_RADIO)))
		return 0;
	if ((ops->internal_flags & LOOM_NL_NEED_RUN) && !name) {
		NL_SET_ERR_MSG(info->extack, "the node's name is required");
		return -EINVAL;
	}
	if ((ops->internal_flags & LOOM_NL_NEED_RADIO) && !radio) {
		NL_SET_ERR_MSG(info->extack, "the radio is required");
		return -EINVAL;
	}
	loom_radio_lock();
	if (ops->internal_flags & LOOM_NL_NEED_RUN) {
		info->user_ptr[0] = loom_run_find(net, nla_data(name));
		if (!info->user_ptr[0]) {
			loom_radio_unlock();
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "no node of that name is running");
			return -ENOENT;
		}
	}
	if (ops->internal_flags & LOOM_NL_NEED_RADIO) {
		info->user_ptr[1] = loom_radio_find(net, nla_data(radio));
		if (!info->user_ptr[1]) {
			loom_radio_unlock();
			NL_SET_ERR_MSG_ATTR(info->extack, radio,
					    "no radio of that name in this namespace");
			return -ENODEV;
		}
	}
	return 0;
}

static void loom_post_doit(const struct genl_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	if (ops->internal_flags & (LOOM_NL_NEED_RUN | LOOM_NL_NEED_RADIO))
		loom_radio_unlock();
}

static const struct genl_ops loom_genl_ops[] = {
	{
		.cmd = LOOM_CMD_TOPO_SET,
		.doit = loom_nl_topo_set,
		.policy = loom_set_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_CMD_TOPO_GET,
		.doit = loom_nl_topo_get,
		.start = loom_nl_dump_start,
		.dumpit = loom_nl_topo_dump,
		.done = loom_nl_dump_done,
		.policy = loom_none_policy,
		.maxattr = LOOM_ATTR_MAX,
	},
	{
		.cmd = LOOM_CMD_TOPO_CLEAR,
		.doit = loom_nl_topo_clear,
		.policy = loom_none_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_CMD_RADIO_GET,
		.dumpit = loom_nl_radio_dump,
		.policy = loom_none_policy,
		.maxattr = LOOM_ATTR_MAX,
	},
	{
		.cmd = LOOM_CMD_NODE_START,
		.doit = loom_nl_node_start,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
		.internal_flags = LOOM_NL_NEED_RADIO,
	},
	{
		.cmd = LOOM_CMD_NODE_STOP,
		.doit = loom_nl_node_stop,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
		.internal_flags = LOOM_NL_NEED_RUN,
	},
	{
		.cmd = LOOM_CMD_NODE_GET,
		.doit = loom_nl_node_get,
		.dumpit = loom_nl_node_dump,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
		.internal_flags = LOOM_NL_NEED_RUN,
	},
	{
		.cmd = LOOM_CMD_LINK_GET,
		.dumpit = loom_nl_link_dump,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
	},
	{
		.cmd = LOOM_CMD_ROUTE_GET,
		.dumpit = loom_nl_route_dump,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
	},
	{
		.cmd = LOOM_CMD_PING,
		.doit = loom_nl_ping,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
		.internal_flags = LOOM_NL_NEED_RUN,
	},
	{
		.cmd = LOOM_CMD_SEND,
		.doit = loom_nl_send,
		.policy = loom_run_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
		.internal_flags = LOOM_NL_NEED_RUN,
	},
	{
		.cmd = LOOM_CMD_RADIO_ADD,
		.doit = loom_nl_radio_add,
		.policy = loom_radio_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_CMD_RADIO_DEL,
		.doit = loom_nl_radio_del,
		.policy = loom_radio_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_CMD_RADIO_SET,
		.doit = loom_nl_radio_set,
		.policy = loom_radio_policy,
		.maxattr = LOOM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
		.internal_flags = LOOM_NL_NEED_RADIO,
	},
};

struct genl_family loom_genl_family __ro_after_init = {
	.name = LOOM_GENL_NAME,
	.version = LOOM_GENL_VERSION,
	.maxattr = LOOM_ATTR_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.pre_doit = loom_pre_doit,
	.post_doit = loom_post_doit,
	.ops = loom_genl_ops,
	.n_ops = ARRAY_SIZE(loom_genl_ops),
	.mcgrps = loom_mcgrps,
	.n_mcgrps = ARRAY_SIZE(loom_mcgrps),
};

/**
 * loom_netlink_init() - register the "loom" generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int loom_netlink_init(void)
{
	return genl_register_family(&loom_genl_family);
}

/**
 * loom_netlink_exit() - unregister the family; no callback runs after it
 */
void loom_netlink_exit(void)
{
	genl_unregister_family(&loom_genl_family);
}
