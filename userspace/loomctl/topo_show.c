// SPDX-License-Identifier: GPL-2.0
/*
 * "topology show" output.  The JSON key order is part of the interface
 * (scripts and the integration tests compare it), so it is written out
 * field by field rather than generated from a table.
 */
#include <errno.h>
#include <stdio.h>

#include "output.h"
#include "topo_show.h"

void topo_show_slots(char *buf, size_t len, u32 first, u32 count)
{
	if (!count)
		snprintf(buf, len, "-");
	else if (count == 1)
		snprintf(buf, len, "%u", first);
	else
		snprintf(buf, len, "%u-%u", first, first + count - 1);
}

static const char *parent_name(const struct loom_topology *t,
			       const struct loom_topo_node *nd)
{
	if (nd->parent == LOOM_NO_PARENT)
		return NULL;
	return nd->parent < t->n ? t->nodes[nd->parent].name : "?";
}

int topo_show_table(FILE *f, const struct topo_view *v)
{
	static const char *const hdr[] = {
		"NAME", "ROLE", "ADDRESS", "PARENT", "SENSOR", "LAYER",
		"TX SLOTS", "RX SLOTS",
	};
	const struct loom_topology *t = v->t;
	struct out_table *tab;
	u32 i;

	if (!t || !t->n) {
		fprintf(f, "no topology loaded\n");
		return 0;
	}
	fprintf(f,
		"topology generation %u: %u nodes, %u slots (slot_ms %u, data_interval_ms %u, data_cycles %u)\n",
		v->generation, t->n, t->slot_total, t->cfg.slot_ms,
		t->cfg.data_interval_ms, t->cfg.data_cycles);

	tab = out_table_new(8, hdr);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		const struct loom_topo_node *nd = &t->nodes[i];
		const char *parent = parent_name(t, nd);
		char name[LOOM_NAME_MAX + 1], pname[LOOM_NAME_MAX + 1];
		char addr[8], layer[4], tx[24], rx[24];
		const char *row[8];

		snprintf(addr, sizeof(addr), "0x%04x", nd->addr);
		snprintf(layer, sizeof(layer), "%u", nd->layer);
		topo_show_slots(tx, sizeof(tx), nd->tx_first, nd->tx_count);
		topo_show_slots(rx, sizeof(rx), nd->rx_first, nd->rx_count);
		row[0] = out_printable(name, sizeof(name), nd->name);
		row[1] = loom_role_name(nd->role);
		row[2] = addr;
		row[3] = parent ? out_printable(pname, sizeof(pname), parent) :
				  "-";
		row[4] = nd->sensor ? "yes" : "no";
		row[5] = layer;
		row[6] = tx;
		row[7] = rx;
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

void topo_show_json_config(yajl_gen g, const struct loom_topo_config *cfg)
{
	out_json_key(g, "config");
	yajl_gen_map_open(g);
	out_json_kuint(g, "slot_ms", cfg->slot_ms);
	out_json_kuint(g, "data_interval_ms", cfg->data_interval_ms);
	out_json_kuint(g, "data_cycles", cfg->data_cycles);
	yajl_gen_map_close(g);
}

int topo_show_json(FILE *f, const struct topo_view *v, bool pretty)
{
	const struct loom_topology *t = v->t && v->t->n ? v->t : NULL;
	yajl_gen g = out_json_new(f, pretty);
	u32 i;

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	out_json_kuint(g, "generation", v->generation);
	if (t)
		topo_show_json_config(g, &t->cfg);
	else
		out_json_knull(g, "config");
	out_json_kuint(g, "slot_total", t ? t->slot_total : 0);
	out_json_key(g, "nodes");
	yajl_gen_array_open(g);
	for (i = 0; t && i < t->n; i++) {
		const struct loom_topo_node *nd = &t->nodes[i];
		const char *parent = parent_name(t, nd);
		char addr[8];

		snprintf(addr, sizeof(addr), "0x%04x", nd->addr);
		yajl_gen_map_open(g);
		out_json_kuint(g, "index", i);
		out_json_kstr(g, "name", nd->name);
		out_json_kstr(g, "role", loom_role_name(nd->role));
		out_json_kstr(g, "address", addr);
		if (parent)
			out_json_kstr(g, "parent", parent);
		else
			out_json_knull(g, "parent");
		out_json_kbool(g, "sensor", nd->sensor);
		out_json_kuint(g, "layer", nd->layer);
		out_json_kuint(g, "tx_first", nd->tx_first);
		out_json_kuint(g, "tx_count", nd->tx_count);
		out_json_kuint(g, "rx_first", nd->rx_first);
		out_json_kuint(g, "rx_count", nd->rx_count);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	return 0;
}
