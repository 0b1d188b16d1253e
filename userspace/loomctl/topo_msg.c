// SPDX-License-Identifier: GPL-2.0
/*
 * Topology netlink messages.  The kernel recomputes everything, so a set
 * carries only what the JSON says: names, roles, sensing flags, parents
 * and the config block.
 */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "topo_msg.h"

static size_t node_nest_size(const struct loom_topo_node *nd)
{
	size_t sz = NLA_HDRLEN;

	sz += nla_total_size((int)strlen(nd->name) + 1);
	sz += 2 * nla_total_size(sizeof(u8));
	if (nd->parent != LOOM_NO_PARENT)
		sz += nla_total_size(sizeof(u32));
	return sz;
}

static size_t config_nest_size(void)
{
	return NLA_HDRLEN + 3 * nla_total_size(sizeof(u32));
}

size_t topo_msg_set_size(const struct loom_topology *t)
{
	size_t sz = NLMSG_HDRLEN + GENL_HDRLEN + config_nest_size();
	size_t chunk = 0;
	u32 i;

	/* Same chunking as topo_msg_put_topology(). */
	for (i = 0; i < t->n; i++) {
		size_t nsz = node_nest_size(&t->nodes[i]);

		if (!chunk || chunk + nsz > TOPO_MSG_NEST_MAX) {
			sz += chunk;
			chunk = NLA_HDRLEN;
		}
		chunk += nsz;
	}
	return sz + chunk;
}

static int put_node(struct nl_msg *msg, const struct loom_topo_node *nd)
{
	struct nlattr *nest;

	/* The kernel parses each element strictly: NLA_F_NESTED is a must. */
	nest = nla_nest_start(msg, LOOM_ATTR_NODE | NLA_F_NESTED);
	if (!nest)
		return -NLE_NOMEM;
	NLA_PUT_STRING(msg, LOOM_NODE_ATTR_NAME, nd->name);
	NLA_PUT_U8(msg, LOOM_NODE_ATTR_ROLE, nd->role);
	NLA_PUT_U8(msg, LOOM_NODE_ATTR_SENSOR, nd->sensor ? 1 : 0);
	if (nd->parent != LOOM_NO_PARENT)
		NLA_PUT_U32(msg, LOOM_NODE_ATTR_PARENT, nd->parent);
	return nla_nest_end(msg, nest);

nla_put_failure:
	return -NLE_NOMEM;
}

int topo_msg_put_topology(struct nl_msg *msg, const struct loom_topology *t)
{
	struct nlattr *nodes = NULL, *cfg;
	size_t chunk = 0;
	u32 i;
	int err;

	for (i = 0; i < t->n; i++) {
		size_t nsz = node_nest_size(&t->nodes[i]);

		if (!nodes || chunk + nsz > TOPO_MSG_NEST_MAX) {
			if (nodes) {
				err = nla_nest_end(msg, nodes);
				if (err)
					return err;
			}
			nodes = nla_nest_start(msg,
					       LOOM_ATTR_NODES | NLA_F_NESTED);
			if (!nodes)
				return -NLE_NOMEM;
			chunk = NLA_HDRLEN;
		}
		err = put_node(msg, &t->nodes[i]);
		if (err)
			return err;
		chunk += nsz;
	}
	if (nodes) {
		err = nla_nest_end(msg, nodes);
		if (err)
			return err;
	}

	cfg = nla_nest_start(msg, LOOM_ATTR_CONFIG | NLA_F_NESTED);
	if (!cfg)
		return -NLE_NOMEM;
	NLA_PUT_U32(msg, LOOM_CFG_ATTR_SLOT_MS, t->cfg.slot_ms);
	NLA_PUT_U32(msg, LOOM_CFG_ATTR_DATA_INTERVAL_MS,
		    t->cfg.data_interval_ms);
	NLA_PUT_U32(msg, LOOM_CFG_ATTR_DATA_CYCLES, t->cfg.data_cycles);
	return nla_nest_end(msg, cfg);

nla_put_failure:
	return -NLE_NOMEM;
}

struct nl_msg *topo_msg_build_set(int family, const struct loom_topology *t)
{
	struct nl_msg *msg = nlmsg_alloc_size(topo_msg_set_size(t));

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			 LOOM_CMD_TOPO_SET, LOOM_GENL_VERSION) ||
	    topo_msg_put_topology(msg, t)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

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

int topo_msg_parse_summary(struct nlmsghdr *nlh, struct topo_summary *s)
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

int topo_msg_parse_node(struct nlmsghdr *nlh, u32 *index,
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
