/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom topology model: validation, address assignment and slot schedule.
 *
 * Plain C with no kernel plumbing: the kernel module, loomctl (offline
 * "topology check") and the benchmarks all link this same code.
 */
#ifndef _LOOM_TOPOLOGY_H
#define _LOOM_TOPOLOGY_H

#include "../include/loom_compat.h"
#include "../../uapi/linux/loom.h"

/* Parent index of the coordinator (it has no path up). */
#define LOOM_NO_PARENT	0xffffffffU

/**
 * struct loom_topo_node - one device of the tree
 * @name: unique name, NUL-terminated
 * @parent: index of the node one path up, or LOOM_NO_PARENT
 * @role: enum loom_role
 * @sensor: the node senses (needs a send slot of its own)
 * @addr: assigned 16-bit hierarchical address (output)
 * @layer: number of routers above the node (output)
 * @tx_first: first send slot (output)
 * @tx_count: number of consecutive send slots (output; 0 for the
 *	coordinator)
 * @rx_first: first slot of the children's window it listens to (output)
 * @rx_count: length of that window (output; 0 for end devices)
 */
struct loom_topo_node {
	char name[LOOM_NAME_MAX + 1];
	u32 parent;
	u8 role;
	bool sensor;
	u16 addr;
	u8 layer;
	u32 tx_first;
	u32 tx_count;
	u32 rx_first;
	u32 rx_count;
};

/**
 * struct loom_topo_config - timing configuration (the JSON "config" block)
 * @slot_ms: length of one TDMA slot
 * @data_interval_ms: start-to-start time of consecutive data transactions
 * @data_cycles: data transactions per refresh cycle
 */
struct loom_topo_config {
	u32 slot_ms;
	u32 data_interval_ms;
	u32 data_cycles;
};

/**
 * struct loom_topology - a whole network as loaded
 * @n: number of nodes
 * @coordinator: index of the coordinator (output)
 * @slot_total: slots in one data transaction (output)
 * @cfg: timing configuration
 * @nodes: @n nodes, in the order of the configuration
 */
struct loom_topology {
	u32 n;
	u32 coordinator;
	u32 slot_total;
	struct loom_topo_config cfg;
	struct loom_topo_node nodes[];
};

/**
 * struct loom_topo_error - why a topology was refused
 * @code: the violated rule, enum loom_topo_err
 * @node: index of the node that violates it (LOOM_NO_PARENT if none)
 * @other: the second node involved, if any (LOOM_NO_PARENT if none)
 */
struct loom_topo_error {
	int code;
	u32 node;
	u32 other;
};

struct loom_topology *loom_topo_alloc(u32 n);
void loom_topo_free(struct loom_topology *t);
void loom_topo_config_default(struct loom_topo_config *cfg);
int loom_topo_compute(struct loom_topology *t, struct loom_topo_error *err);
const char *loom_topo_strerror(int code);
int loom_topo_format_error(const struct loom_topology *t,
			   const struct loom_topo_error *err,
			   char *buf, size_t len);
const char *loom_role_name(u8 role);
u32 loom_topo_find_addr(const struct loom_topology *t, u16 addr);

#endif /* _LOOM_TOPOLOGY_H */
