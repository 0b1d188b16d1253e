/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing a computed topology: the table and JSON of "topology show".
 */
#ifndef _LOOMCTL_TOPO_SHOW_H
#define _LOOMCTL_TOPO_SHOW_H

#include <stdbool.h>
#include <stdio.h>
#include <yajl/yajl_gen.h>

#include "net/topology.h"

/**
 * struct topo_view - what "topology show" prints
 * @generation: the kernel's topology generation
 * @t: the computed topology, nodes in index order; NULL when none is loaded
 */
struct topo_view {
	u32 generation;
	const struct loom_topology *t;
};

/* Both return 0, or -ENOMEM. */
int topo_show_table(FILE *f, const struct topo_view *v);
int topo_show_json(FILE *f, const struct topo_view *v, bool pretty);

/* "config": {slot_ms, data_interval_ms, data_cycles}, as "show -j" has it. */
void topo_show_json_config(yajl_gen g, const struct loom_topo_config *cfg);

/* "11-17", "3" for a single slot, "-" for none. */
void topo_show_slots(char *buf, size_t len, u32 first, u32 count);

#endif /* _LOOMCTL_TOPO_SHOW_H */
