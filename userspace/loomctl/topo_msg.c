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
