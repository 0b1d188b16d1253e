/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topology netlink messages: building LOOM_CMD_TOPO_SET and reading the
 * replies of LOOM_CMD_TOPO_GET.  No socket here, so it is unit-testable.
 */
#ifndef _LOOMCTL_TOPO_MSG_H
#define _LOOMCTL_TOPO_MSG_H

#include <netlink/msg.h>

#include "net/topology.h"

/*
 * An attribute's length is 16 bits, so one LOOM_ATTR_NODES nest holds at
 * most 64 KiB (about 1,300 nodes).  Larger topologies are sent as several
 * consecutive LOOM_ATTR_NODES attributes whose elements concatenate, in
 * order, into the one node array.
 */
#define TOPO_MSG_NEST_MAX	65535

/**
 * struct topo_summary - the reply of the LOOM_CMD_TOPO_GET doit
 * @generation: LOOM_ATTR_GENERATION (0 if absent)
 * @node_count: LOOM_ATTR_NODE_COUNT
 * @slot_total: LOOM_ATTR_SLOT_TOTAL
 * @has_config: LOOM_ATTR_CONFIG was present
 * @cfg: its values (defaults for absent ones)
 */
struct topo_summary {
	u32 generation;
	u32 node_count;
	u32 slot_total;
	bool has_config;
	struct loom_topo_config cfg;
};

/* Exact size in bytes of the TOPO_SET message for @t, headers included. */
size_t topo_msg_set_size(const struct loom_topology *t);

/*
 * Appends LOOM_ATTR_NODES (one or more, see above) and LOOM_ATTR_CONFIG
 * for @t to @msg, whose generic netlink header is already there.
 * Returns 0 or a negative libnl error.
 */
int topo_msg_put_topology(struct nl_msg *msg, const struct loom_topology *t);

/* A complete TOPO_SET request for @family; NULL when out of memory. */
struct nl_msg *topo_msg_build_set(int family, const struct loom_topology *t);

/* Parses a TOPO_GET doit reply.  Returns 0 or -EINVAL. */
int topo_msg_parse_summary(struct nlmsghdr *nlh, struct topo_summary *s);

/*
 * Parses one TOPO_GET dump message into @nd and its index.  @generation
 * gets LOOM_ATTR_GENERATION, if the message has one.  Returns 0 or
 * -EINVAL when something required is missing.
 */
int topo_msg_parse_node(struct nlmsghdr *nlh, u32 *index,
			struct loom_topo_node *nd, u32 *generation);

#endif /* _LOOMCTL_TOPO_MSG_H */
