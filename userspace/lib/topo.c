// SPDX-License-Identifier: GPL-2.0
/*
 * The topology loaded in the kernel: its TOPO_GET replies read, one
 * consistent read of all of it (a doit for the summary, then a dump of
 * the nodes), and names and addresses looked up in it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "loom_int.h"

static struct nla_policy topo_attr_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_NODE] = { .type = NLA_NESTED },
	[LOOM_ATTR_CONFIG] = { .type = NLA_NESTED },
	[LOOM_ATTR_GENERATION] = { .type = NLA_U32 },
	[LOOM_ATTR_NODE_COUNT] = { .type = NLA_U32 },
	[LOOM_ATTR_SLOT_TOTAL] = { .type = NLA_U32 },
};

static struct nla_policy topo_node_policy[LOOM_NODE_ATTR_MAX + 1] = {
	[LOOM_NODE_ATTR_NAME] = { .type = NLA_STRING },
	[LOOM_NODE_ATTR_ROLE] = { .type = NLA_U8 },
	[LOOM_NODE_ATTR_SENSOR] = { .type = NLA_U8 },
	[LOOM_NODE_ATTR_PARENT] = { .type = NLA_U32 },
	[LOOM_NODE_ATTR_INDEX] = { .type = NLA_U32 },
	[LOOM_NODE_ATTR_ADDR] = { .type = NLA_U16 },
	[LOOM_NODE_ATTR_LAYER] = { .type = NLA_U8 },
	[LOOM_NODE_ATTR_TX_FIRST] = { .type = NLA_U32 },
	[LOOM_NODE_ATTR_TX_COUNT] = { .type = NLA_U32 },
	[LOOM_NODE_ATTR_RX_FIRST] = { .type = NLA_U32 },
	[LOOM_NODE_ATTR_RX_COUNT] = { .type = NLA_U32 },
};

static struct nla_policy topo_cfg_policy[LOOM_CFG_ATTR_MAX + 1] = {
	[LOOM_CFG_ATTR_SLOT_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_INTERVAL_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_CYCLES] = { .type = NLA_U32 },
};

static u32 get_u32(struct nlattr *a, u32 dflt)
{
	return a ? nla_get_u32(a) : dflt;
}

int loom_topo_parse_summary(struct nlmsghdr *nlh,
			    struct loom_topo_summary *s)
{
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nlattr *cb[LOOM_CFG_ATTR_MAX + 1];

	memset(s, 0, sizeof(*s));
	loom_topo_config_default(&s->cfg);
	if (genlmsg_parse(nlh, 0, tb, LOOM_ATTR_MAX, topo_attr_policy))
		return -EINVAL;
	s->generation = get_u32(tb[LOOM_ATTR_GENERATION], 0);
	s->node_count = get_u32(tb[LOOM_ATTR_NODE_COUNT], 0);
	s->slot_total = get_u32(tb[LOOM_ATTR_SLOT_TOTAL], 0);
	if (tb[LOOM_ATTR_CONFIG]) {
		if (nla_parse_nested(cb, LOOM_CFG_ATTR_MAX, tb[LOOM_ATTR_CONFIG],
				     topo_cfg_policy))
			return -EINVAL;
		s->has_config = true;
		s->cfg.slot_ms = get_u32(cb[LOOM_CFG_ATTR_SLOT_MS],
					 s->cfg.slot_ms);
		s->cfg.data_interval_ms =
			get_u32(cb[LOOM_CFG_ATTR_DATA_INTERVAL_MS],
				s->cfg.data_interval_ms);
		s->cfg.data_cycles = get_u32(cb[LOOM_CFG_ATTR_DATA_CYCLES],
					     s->cfg.data_cycles);
	}
	return 0;
}

int loom_topo_parse_node(struct nlmsghdr *nlh, u32 *index,
			 struct loom_topo_node *nd, u32 *generation)
{
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nlattr *na[LOOM_NODE_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, LOOM_ATTR_MAX, topo_attr_policy) ||
	    !tb[LOOM_ATTR_NODE])
		return -EINVAL;
	if (generation && tb[LOOM_ATTR_GENERATION])
		*generation = nla_get_u32(tb[LOOM_ATTR_GENERATION]);
	if (nla_parse_nested(na, LOOM_NODE_ATTR_MAX, tb[LOOM_ATTR_NODE],
			     topo_node_policy))
		return -EINVAL;
	if (!na[LOOM_NODE_ATTR_INDEX] || !na[LOOM_NODE_ATTR_NAME] ||
	    !na[LOOM_NODE_ATTR_ROLE])
		return -EINVAL;

	memset(nd, 0, sizeof(*nd));
	*index = nla_get_u32(na[LOOM_NODE_ATTR_INDEX]);
	nla_strlcpy(nd->name, na[LOOM_NODE_ATTR_NAME], sizeof(nd->name));
	nd->role = nla_get_u8(na[LOOM_NODE_ATTR_ROLE]);
	nd->sensor = na[LOOM_NODE_ATTR_SENSOR] &&
		     nla_get_u8(na[LOOM_NODE_ATTR_SENSOR]);
	nd->parent = get_u32(na[LOOM_NODE_ATTR_PARENT], LOOM_NO_PARENT);
	nd->addr = na[LOOM_NODE_ATTR_ADDR] ?
		   nla_get_u16(na[LOOM_NODE_ATTR_ADDR]) : 0;
	nd->layer = na[LOOM_NODE_ATTR_LAYER] ?
		    nla_get_u8(na[LOOM_NODE_ATTR_LAYER]) : 0;
	nd->tx_first = get_u32(na[LOOM_NODE_ATTR_TX_FIRST], 0);
	nd->tx_count = get_u32(na[LOOM_NODE_ATTR_TX_COUNT], 0);
	nd->rx_first = get_u32(na[LOOM_NODE_ATTR_RX_FIRST], 0);
	nd->rx_count = get_u32(na[LOOM_NODE_ATTR_RX_COUNT], 0);
	return 0;
}

/* A set can race with the read; after this many tries, give up. */
#define GET_TRIES	5

static int summary_cb(struct nl_msg *msg, void *arg)
{
	if (loom_topo_parse_summary(nlmsg_hdr(msg), arg))
		return -EPROTO;
	return NL_OK;
}

/**
 * struct dump_state - nodes collected by a TOPO_GET dump
 * @t: sized by the summary's node count
 * @seen: which indices arrived
 * @count: how many did
 * @generation: the summary's generation
 * @stale: a node or generation did not match the summary
 */
struct dump_state {
	struct loom_topology *t;
	bool *seen;
	u32 count;
	u32 generation;
	bool stale;
};

static int node_cb(struct nl_msg *msg, void *arg)
{
	struct dump_state *ds = arg;
	struct loom_topo_node nd;
	u32 index, gen = ds->generation;

	if (loom_topo_parse_node(nlmsg_hdr(msg), &index, &nd, &gen))
		return -EPROTO;
	/* Another topology than the summary described: read again. */
	if (gen != ds->generation || index >= ds->t->n || ds->seen[index]) {
		ds->stale = true;
		return NL_OK;
	}
	ds->t->nodes[index] = nd;
	ds->seen[index] = true;
	ds->count++;
	return NL_OK;
}

/*
 * One consistent read: the summary (doit), then the nodes (dump), which
 * must carry the summary's generation and fill every index.  Returns 0,
 * -EAGAIN when the topology changed in between, or another errno.
 */
static int read_topology(struct loom_nl *nl, struct loom_topo_summary *sum,
			 struct loom_topology **out)
{
	struct dump_state ds = { 0 };
	struct nl_msg *msg;
	int err;

	*out = NULL;
	memset(sum, 0, sizeof(*sum));
	msg = loom_nl_msg(nl, LOOM_CMD_TOPO_GET, 0, 0);
	if (!msg)
		return -ENOMEM;
	err = loom_nl_request(nl, msg, summary_cb, sum);
	if (err == -ENOENT) {
		/* Some kernels say "no topology" this way. */
		memset(sum, 0, sizeof(*sum));
		return 0;
	}
	if (err || !sum->node_count)
		return err;
	if (sum->node_count > LOOM_MAX_NODES)
		return -EPROTO;

	ds.t = loom_topo_alloc(sum->node_count);
	ds.seen = calloc(sum->node_count, sizeof(*ds.seen));
	ds.generation = sum->generation;
	msg = loom_nl_msg(nl, LOOM_CMD_TOPO_GET, NLM_F_DUMP, 0);
	if (!ds.t || !ds.seen || !msg) {
		err = -ENOMEM;
		nlmsg_free(msg);
		goto fail;
	}
	err = loom_nl_request(nl, msg, node_cb, &ds);
	if (err == -EINTR || (!err && (ds.stale || ds.count != ds.t->n)))
		err = -EAGAIN;
	if (err)
		goto fail;
	ds.t->slot_total = sum->slot_total;
	ds.t->cfg = sum->cfg;
	free(ds.seen);
	*out = ds.t;
	return 0;

fail:
	free(ds.seen);
	loom_topo_free(ds.t);
	return err;
}

int loom_topo_read(struct loom_nl *nl, u32 *generation,
		   struct loom_topology **t)
{
	struct loom_topo_summary sum;
	int tries, err = -EAGAIN;

	for (tries = 0; tries < GET_TRIES && err == -EAGAIN; tries++)
		err = read_topology(nl, &sum, t);
	if (!err)
		*generation = sum.generation;
	return err;
}

u32 loom_topo_find_name(const struct loom_topology *t, const char *name)
{
	u32 i;

	for (i = 0; t && i < t->n; i++)
		if (!strcmp(t->nodes[i].name, name))
			return i;
	return LOOM_NO_PARENT;
}

const char *loom_topo_addr_name(const struct loom_topology *t, u16 addr)
{
	u32 i;

	if (!t || addr == LOOM_ADDR_RESERVED)
		return NULL;
	i = loom_topo_find_addr(t, addr);
	return i == LOOM_NO_PARENT ? NULL : t->nodes[i].name;
}
