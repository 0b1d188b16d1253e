/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libloom's insides, shared with loomctl and the unit tests: the replies
 * of LOOM_CMD_TOPO_GET and LOOM_CMD_NODE_GET read without a socket, one
 * consistent read of the loaded topology, and names and addresses looked
 * up in it.  Applications use loom.h instead: this one hands out the
 * kernel's own struct loom_topology (kernel/net/topology.h).
 */
#ifndef _LIBLOOM_INT_H
#define _LIBLOOM_INT_H

#include <netlink/msg.h>

#include "loom_nl.h"
#include "net/topology.h"

/**
 * struct loom_topo_summary - the reply of the LOOM_CMD_TOPO_GET doit
 * @generation: LOOM_ATTR_GENERATION (0 if absent)
 * @node_count: LOOM_ATTR_NODE_COUNT
 * @slot_total: LOOM_ATTR_SLOT_TOTAL
 * @has_config: LOOM_ATTR_CONFIG was present
 * @cfg: its values (defaults for absent ones)
 */
struct loom_topo_summary {
	u32 generation;
	u32 node_count;
	u32 slot_total;
	bool has_config;
	struct loom_topo_config cfg;
};

/* Parses a TOPO_GET doit reply.  Returns 0 or -EINVAL. */
int loom_topo_parse_summary(struct nlmsghdr *nlh,
			    struct loom_topo_summary *s);

/*
 * Parses one TOPO_GET dump message into @nd and its index.  @generation
 * gets LOOM_ATTR_GENERATION, if the message has one.  Returns 0 or
 * -EINVAL when something required is missing.
 */
int loom_topo_parse_node(struct nlmsghdr *nlh, u32 *index,
			 struct loom_topo_node *nd, u32 *generation);

/*
 * One consistent read over @nl (family resolved): the summary, then the
 * node dump, which must carry the summary's generation and fill every
 * index; read again (a few times) when the topology changed in between.
 * *@t gets the topology (free with loom_topo_free()), or NULL when none
 * is loaded, and *@generation the summary's generation.  Returns 0,
 * -EAGAIN when the topology kept changing, or another negative errno
 * (the kernel's extack message in @nl->extack).
 */
int loom_topo_read(struct loom_nl *nl, u32 *generation,
		   struct loom_topology **t);

/*
 * Index of the node named exactly @name in @t (may be NULL), or
 * LOOM_NO_PARENT.
 */
u32 loom_topo_find_name(const struct loom_topology *t, const char *name);

/* Name of the node of @t (may be NULL) that has @addr, or NULL. */
const char *loom_topo_addr_name(const struct loom_topology *t, u16 addr);

/*
 * loom_resolve() on a topology already read (@t NULL: none): the node
 * named @s, else the number @s.  Returns 0, -EINVAL, -ERANGE or -ENOENT
 * as loom_resolve() documents them.
 */
int loom_topo_resolve(const struct loom_topology *t, const char *s,
		      u16 *addr);

/*
 * LOOM_ATTR_IFINDEX of a NODE_GET reply: the index (> 0), -ENODEV when
 * the reply has none (or 0), or -EINVAL when it is malformed.
 */
int loom_node_parse_ifindex(struct nlmsghdr *nlh);

#endif /* _LIBLOOM_INT_H */
