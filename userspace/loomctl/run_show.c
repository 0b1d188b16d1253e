// SPDX-License-Identifier: GPL-2.0
/*
 * Output of the running network's commands.  People get names, addresses
 * in hex and levels in dBm with one decimal; JSON gets the uapi's
 * integers ("rssi_mdbm") and every counter under its run_parse.c name, in
 * a fixed key order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "mesh_parse.h"
#include "loom_int.h"
#include "output.h"
#include "mesh_show.h"
#include "run_show.h"

#define RADIO_COLS	8
#define NODE_COLS	12
#define LINK_COLS	10

/* No port after the address in peer(). */
#define NO_PORT		-1

/*
 * "0x1101 (Router 1 Router 1 End Device 1)", or "0x1101" if unnamed; with
 * a @port, "0x1101:130 (...)".
 */
static const char *peer(char *buf, size_t len, const struct loom_topology *t,
			u16 addr, int port)
{
	const char *name = loom_topo_addr_name(t, addr);
	char a[16], p[LOOM_NAME_MAX + 1];
	size_t n = strlen(run_fmt_addr(a, sizeof(a), addr));

	if (port != NO_PORT)
		snprintf(a + n, sizeof(a) - n, ":%d", port);
	if (name)
		snprintf(buf, len, "%s (%s)", a,
			 out_printable(p, sizeof(p), name));
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

/* "@key": {name: value, ...} of the counters @v[1..n]. */
static void json_counters(yajl_gen g, const char *key,
			  const char *(*name)(unsigned int),
			  const uint64_t *v, unsigned int n)
{
	unsigned int i;

	out_json_key(g, key);
	yajl_gen_map_open(g);
	for (i = 1; i <= n; i++)
		out_json_kuint(g, name(i), v[i]);
	yajl_gen_map_close(g);
}

/* @key: a signal level, null when LOOM_SIGNAL_UNKNOWN. */
static void json_level(yajl_gen g, const char *key, int32_t milli)
{
	if (milli == LOOM_SIGNAL_UNKNOWN)
		out_json_knull(g, key);
	else
		out_json_kint(g, key, milli);
}

/* A radio's kind for the table: "hwsim", "ether", "unknown" or "-". */
static const char *kind_word(u8 kind)
{
	const char *name = run_radio_kind_name(kind);

	return name ? name : kind ? "unknown" : "-";
}

int run_show_radio_table(FILE *f, const struct run_radio *r, size_t n)
{
	static const char *const hdr[RADIO_COLS] = {
		"RADIO", "KIND", "NODE", "LINK", "FRAME", "IFINDEX", "RATE",
		"ADDRESS",
	};
	struct out_table *tab;
	size_t i;
	int ret;

	tab = out_table_start(f, n, "no radios", RADIO_COLS, hdr, &ret);
	if (!tab)
		return ret;
	for (i = 0; i < n; i++) {
		char radio[RUN_RADIO_NAME_MAX + 1], node[LOOM_NAME_MAX + 1];
		char frame[24], ifindex[24], rate[32], hw[18];
		const char *row[RADIO_COLS];

		row[0] = out_printable(radio, sizeof(radio), r[i].radio);
		row[1] = kind_word(r[i].kind);
		row[2] = r[i].bound ?
			 out_printable(node, sizeof(node), r[i].node) : "-";
		row[3] = !r[i].has_carrier ? "-" : r[i].carrier ? "up" : "down";
		row[4] = r[i].max_frame ?
			 out_u64(frame, sizeof(frame), r[i].max_frame) : "-";
		row[5] = r[i].ifindex ?
			 out_u64(ifindex, sizeof(ifindex), r[i].ifindex) : "-";
		row[6] = "-";
		if (r[i].rate_kbps) {
			snprintf(rate, sizeof(rate), "%" PRIu32 " kbit/s",
				 r[i].rate_kbps);
			row[6] = rate;
		}
		row[7] = r[i].has_hwaddr ?
			 out_mac(hw, sizeof(hw), r[i].hwaddr) : "-";
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

static void json_radio(yajl_gen g, const struct run_radio *r)
{
	const char *kind = run_radio_kind_name(r->kind);

	yajl_gen_map_open(g);
	out_json_kstr(g, "radio", r->radio);
	if (r->kind)
		out_json_kstr(g, "kind", kind ? kind : "unknown");
	else
		out_json_knull(g, "kind");
	if (r->bound)
		out_json_kstr(g, "node", r->node);
	else
		out_json_knull(g, "node");
	if (r->has_carrier)
		out_json_kbool(g, "carrier", r->carrier);
	else
		out_json_knull(g, "carrier");
	out_json_kuint_or_null(g, "carrier_down", r->has_carrier_down,
			   r->carrier_down);
	out_json_kuint_or_null(g, "max_frame", r->max_frame, r->max_frame);
	out_json_kuint_or_null(g, "ifindex", r->ifindex, r->ifindex);
	out_json_kuint_or_null(g, "rate_kbps", r->rate_kbps, r->rate_kbps);
	if (r->has_hwaddr) {
		char hw[18];

		out_json_kstr(g, "hwaddr",
			      out_mac(hw, sizeof(hw), r->hwaddr));
	} else {
		out_json_knull(g, "hwaddr");
	}
	if (r->has_stats)
		json_counters(g, "stats", run_radio_stat_name, r->stats,
			      RUN_RADIO_STAT_MAX);
	else
		out_json_knull(g, "stats");
	if (r->has_time) {
		unsigned int i;

		out_json_key(g, "state_time_ns");
		yajl_gen_map_open(g);
		for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
			out_json_kuint(g, hwsim_state_name(i), r->time_ns[i]);
		yajl_gen_map_close(g);
	} else {
		out_json_knull(g, "state_time_ns");
	}
	yajl_gen_map_close(g);
}

int run_json_radios(FILE *f, const struct run_radio *r, size_t n,
		    bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++)
		json_radio(g, &r[i]);
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

/* Does @nd run the Dhyara mesh (48-bit address, named counters)? */
static bool is_mesh(const struct run_node *nd)
{
	return nd->proto == LOOM_PROTO_DHYARA;
}

/* A node's own address: "0x1200", or "02:4c:4f:4d:00:01". */
static const char *own_addr(char *buf, size_t len, const struct run_node *nd)
{
	if (nd->has_hwaddr)
		return out_mac(buf, len, nd->hwaddr);
	return run_fmt_addr(buf, len, nd->addr);
}

/* "tree", "dhyara", or the number. */
static const char *proto_word(char *buf, size_t len, u8 proto)
{
	const char *name = run_proto_name(proto);

	if (name)
		return name;
	snprintf(buf, len, "%u", proto);
	return buf;
}

int run_show_node_table(FILE *f, const struct run_node *nd, size_t n)
{
	static const char *const hdr[NODE_COLS] = {
		"NAME", "PROTO", "ADDRESS", "RADIO", "DEVICE", "SYNCED", "TX",
		"RX", "FWD", "FAILS", "GIVEN-UP", "DROPS",
	};
	struct out_table *tab;
	size_t i;
	int ret;

	tab = out_table_start(f, n, "no nodes running", NODE_COLS, hdr, &ret);
	if (!tab)
		return ret;
	for (i = 0; i < n; i++) {
		const struct run_node *d = &nd[i];
		char name[LOOM_NAME_MAX + 1], radio[RUN_RADIO_NAME_MAX + 1];
		char addr[MESH_ADDR_BUF], dev[IF_NAMESIZE], num[6][24], pw[8];
		const char *row[NODE_COLS];
		unsigned int c;

		row[0] = out_printable(name, sizeof(name), d->name);
		row[1] = proto_word(pw, sizeof(pw), d->proto ?: LOOM_PROTO_TREE);
		row[2] = own_addr(addr, sizeof(addr), d);
		row[3] = out_printable(radio, sizeof(radio), d->radio);
		row[4] = d->ifname[0] ?
			 out_printable(dev, sizeof(dev), d->ifname) : "-";
		row[5] = d->synced ? "yes" : "no";
		row[6] = out_u64(num[0], sizeof(num[0]),
				 d->net[LOOM_NET_STAT_TX_DATAGRAMS]);
		row[7] = out_u64(num[1], sizeof(num[1]),
				 d->net[LOOM_NET_STAT_RX_DATAGRAMS]);
		row[8] = out_u64(num[2], sizeof(num[2]),
				 d->net[LOOM_NET_STAT_FORWARDED]);
		row[9] = out_u64(num[3], sizeof(num[3]),
				 d->mac[LOOM_MAC_STAT_FAILS]);
		row[10] = out_u64(num[4], sizeof(num[4]),
				  d->mac[LOOM_MAC_STAT_GIVEN_UP]);
		row[11] = out_u64(num[5], sizeof(num[5]), run_net_drops(d));
		/* The tree's MAC and network counters: a mesh has its own. */
		if (is_mesh(d))
			for (c = 6; c < NODE_COLS; c++)
				row[c] = "-";
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

/* "  @title" and a line per counter @v[1..n], named by @name(). */
static void show_counters(FILE *f, int w, const char *title,
			  const char *(*name)(unsigned int),
			  const uint64_t *v, unsigned int n)
{
	unsigned int i;

	fprintf(f, "  %s\n", title);
	for (i = 1; i <= n; i++)
		fprintf(f, "    %-*s%" PRIu64 "\n", w + 2, name(i), v[i]);
}

/* A time for people: "45.1 us", "12.3 ms", "2.5 s" (one decimal). */
static const char *fmt_ns(char *buf, size_t len, uint64_t ns)
{
	char num[32];

	if (ns < 1000000)
		snprintf(buf, len, "%s us",
			 hwsim_fmt_ufixed(num, sizeof(num), ns, 3, 1, true));
	else if (ns < 1000000000)
		snprintf(buf, len, "%s ms",
			 hwsim_fmt_ufixed(num, sizeof(num), ns, 6, 1, true));
	else
		snprintf(buf, len, "%s s",
			 hwsim_fmt_ufixed(num, sizeof(num), ns, 9, 1, true));
	return buf;
}

/* "12.5 s": milliseconds as seconds, one decimal. */
static const char *fmt_age(char *buf, size_t len, uint64_t ms)
{
	char num[32];

	snprintf(buf, len, "%s s",
		 hwsim_fmt_ufixed(num, sizeof(num), ms, 3, 1, true));
	return buf;
}

/* The slot-edge error after @label: count, p50, p99, max; or why none. */
static void show_edge(FILE *f, int w, const char *label,
		      const struct run_node *nd)
{
	const u32 *h = nd->edge_hist;
	uint64_t n = nd->has_edge ? run_edge_count(h) : 0;
	char p50[32], p99[32], max[32];

	fprintf(f, "  %-*s", w, label);
	if (!nd->has_edge) {
		fprintf(f, "-\n");
		return;
	}
	if (!n) {
		fprintf(f, "no edges yet\n");
		return;
	}
	fprintf(f, "%" PRIu64 " edges, p50 %s, p99 %s, max %s\n", n,
		fmt_ns(p50, sizeof(p50), run_edge_percentile(h, 50)),
		fmt_ns(p99, sizeof(p99), run_edge_percentile(h, 99)),
		fmt_ns(max, sizeof(max), nd->edge_max_ns));
}

/* The jitter guard the MAC adds now, and the largest it took. */
static void show_jitter(FILE *f, int w, const struct run_node *nd)
{
	char now[32], max[32];

	if (!nd->has_jitter)
		return;
	fprintf(f, "  %-*s%s (largest %s)\n", w, "jitter guard",
		fmt_ns(now, sizeof(now), nd->jitter_ns),
		fmt_ns(max, sizeof(max), nd->jitter_max_ns));
}

/* The node's name, (a mesh node's protocol,) address, radio and device. */
static void show_head(FILE *f, int w, const struct run_node *nd)
{
	char name[LOOM_NAME_MAX + 1], radio[RUN_RADIO_NAME_MAX + 1];
	char a[MESH_ADDR_BUF], dev[IF_NAMESIZE], pw[8];

	fprintf(f, "node %s\n", out_printable(name, sizeof(name), nd->name));
	if (is_mesh(nd))
		fprintf(f, "  %-*s%s\n", w, "proto",
			proto_word(pw, sizeof(pw), nd->proto));
	fprintf(f, "  %-*s%s\n", w, "address", own_addr(a, sizeof(a), nd));
	if (nd->nradios > 1) {
		int i;

		fprintf(f, "  %-*s", w, "radios");
		for (i = 0; i < nd->nradios; i++)
			fprintf(f, "%s%s", i ? ", " : "",
				out_printable(radio, sizeof(radio),
					      nd->radios[i]));
		fputc('\n', f);
	} else {
		fprintf(f, "  %-*s%s\n", w, "radio",
			out_printable(radio, sizeof(radio), nd->radio));
	}
	if (nd->ifindex)
		fprintf(f, "  %-*s%s (ifindex %" PRIu32 ")\n", w, "device",
			out_printable(dev, sizeof(dev), nd->ifname),
			nd->ifindex);
	else
		fprintf(f, "  %-*s-\n", w, "device");
}

/* Widest label of a mesh node's block: the counters' names too. */
static int mesh_width(const struct run_node *nd)
{
	size_t w = run_stat_name_width(), l;
	unsigned int i;

	for (i = 0; i < nd->ncounters; i++) {
		l = out_width(nd->counters[i].name);
		if (l > w)
			w = l;
	}
	return (int)w;
}

/* A mesh node: its parameters, table sizes and named counters. */
static void show_mesh_node(FILE *f, const struct run_node *nd)
{
	const struct run_mesh *m = &nd->mesh;
	int w = mesh_width(nd);
	char num[32], ctl[32], cn[RUN_COUNTER_NAME_MAX + 1];
	unsigned int i;

	show_head(f, w + 4, nd);
	fprintf(f, "  %-*s%" PRIu32 " bytes\n", w + 4, "datagram max",
		nd->datagram_max);
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_BEACON_MS))
		fprintf(f, "  %-*s%" PRIu32 " ms\n", w + 4, "beacon",
			m->beacon_ms);
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_POLICY)) {
		const char *p = mesh_policy_name(m->policy);

		if (p)
			fprintf(f, "  %-*s%s\n", w + 4, "policy", p);
		else
			fprintf(f, "  %-*s%u\n", w + 4, "policy", m->policy);
	}
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_DUTY_PPM)) {
		fprintf(f, "  %-*s", w + 4, "duty budget");
		if (m->duty_ppm)
			fprintf(f, "%s %%\n",
				mesh_fmt_ppm(num, sizeof(num), m->duty_ppm));
		else
			fprintf(f, "off\n");
	}
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_CONTROL_PPM))
		fprintf(f, "  %-*s%s %% (estimate)\n", w + 4, "control share",
			mesh_fmt_ppm(ctl, sizeof(ctl), m->control_ppm));
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_KNOWN))
		fprintf(f, "  %-*s%" PRIu32 "\n", w + 4, "known", m->known);
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_NEIGHBOURS))
		fprintf(f, "  %-*s%" PRIu32 "\n", w + 4, "neighbours",
			m->neighbours);
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_ROUTES))
		fprintf(f, "  %-*s%" PRIu32 "\n", w + 4, "routes", m->routes);
	fprintf(f, "  counters\n");
	for (i = 0; i < nd->ncounters; i++)
		fprintf(f, "    %-*s%" PRIu64 "\n", w + 2,
			out_printable(cn, sizeof(cn), nd->counters[i].name),
			nd->counters[i].value);
	if (nd->counters_cut)
		fprintf(f, "    (more counters than loomctl keeps, %d: not shown)\n",
			RUN_COUNTERS_MAX);
	show_counters(f, w, "dev", run_dev_stat_name, nd->dev,
		      LOOM_DEV_STAT_MAX);
}

void run_show_node(FILE *f, const struct run_node *nd)
{
	int w = (int)run_stat_name_width();

	if (is_mesh(nd)) {
		show_mesh_node(f, nd);
		return;
	}
	/* Every value starts in one column: labels as wide as the names. */
	show_head(f, w + 4, nd);
	if (nd->config_id)
		fprintf(f, "  %-*s0x%08" PRIx32 "\n", w + 4, "config id",
			nd->config_id);
	fprintf(f, "  %-*s%s\n", w + 4, "synced", nd->synced ? "yes" : "no");
	fprintf(f, "  %-*s%" PRIu32 " bytes\n", w + 4, "datagram max",
		nd->datagram_max);
	show_edge(f, w + 4, "slot edge", nd);
	show_jitter(f, w + 4, nd);
	show_counters(f, w, "mac", run_mac_stat_name, nd->mac,
		      LOOM_MAC_STAT_MAX);
	show_counters(f, w, "net", run_net_stat_name, nd->net,
		      LOOM_NET_STAT_MAX);
	show_counters(f, w, "dev", run_dev_stat_name, nd->dev,
		      LOOM_DEV_STAT_MAX);
}

void run_show_nodes(FILE *f, const struct run_node *nd, size_t n)
{
	size_t i;

	if (!n)
		fprintf(f, "no nodes running\n");
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\n', f);
		run_show_node(f, &nd[i]);
	}
}

static void json_addr(yajl_gen g, const char *key, u16 addr)
{
	char a[8];

	out_json_kstr(g, key, run_fmt_addr(a, sizeof(a), addr));
}

/*
 * "edge": {"count", "p50_ns", "p99_ns", "max_ns" (null while nothing was
 * counted), "hist": [LOOM_EDGE_BUCKETS counts]}, or null without one.
 */
static void json_edge(yajl_gen g, const struct run_node *nd)
{
	uint64_t n = run_edge_count(nd->edge_hist);
	unsigned int b;

	out_json_key(g, "edge");
	if (!nd->has_edge) {
		yajl_gen_null(g);
		return;
	}
	yajl_gen_map_open(g);
	out_json_kuint(g, "count", n);
	if (n) {
		out_json_kuint(g, "p50_ns",
			       run_edge_percentile(nd->edge_hist, 50));
		out_json_kuint(g, "p99_ns",
			       run_edge_percentile(nd->edge_hist, 99));
		out_json_kuint(g, "max_ns", nd->edge_max_ns);
	} else {
		out_json_knull(g, "p50_ns");
		out_json_knull(g, "p99_ns");
		out_json_knull(g, "max_ns");
	}
	out_json_key(g, "hist");
	yajl_gen_array_open(g);
	for (b = 0; b < LOOM_EDGE_BUCKETS; b++)
		yajl_gen_integer(g, nd->edge_hist[b]);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

/* "mesh": {...} (what the kernel gave) and "counters": {name: value}. */
static void json_mesh(yajl_gen g, const struct run_node *nd)
{
	const struct run_mesh *m = &nd->mesh;
	const char *p = mesh_policy_name(m->policy);
	unsigned int i;

	out_json_key(g, "mesh");
	yajl_gen_map_open(g);
	out_json_kuint_or_null(g, "beacon_ms",
			   RUN_MESH_HAS(m, LOOM_MESH_ATTR_BEACON_MS),
			   m->beacon_ms);
	if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_POLICY) && p)
		out_json_kstr(g, "policy", p);
	else
		out_json_kuint_or_null(g, "policy",
				   RUN_MESH_HAS(m, LOOM_MESH_ATTR_POLICY),
				   m->policy);
	out_json_kuint_or_null(g, "duty_ppm",
			   RUN_MESH_HAS(m, LOOM_MESH_ATTR_DUTY_PPM),
			   m->duty_ppm);
	out_json_kuint_or_null(g, "control_ppm",
			   RUN_MESH_HAS(m, LOOM_MESH_ATTR_CONTROL_PPM),
			   m->control_ppm);
	out_json_kuint_or_null(g, "known", RUN_MESH_HAS(m, LOOM_MESH_ATTR_KNOWN),
			   m->known);
	out_json_kuint_or_null(g, "neighbours",
			   RUN_MESH_HAS(m, LOOM_MESH_ATTR_NEIGHBOURS),
			   m->neighbours);
	out_json_kuint_or_null(g, "routes", RUN_MESH_HAS(m, LOOM_MESH_ATTR_ROUTES),
			   m->routes);
	yajl_gen_map_close(g);
	out_json_key(g, "counters");
	yajl_gen_map_open(g);
	for (i = 0; i < nd->ncounters; i++)
		out_json_kuint(g, nd->counters[i].name,
			       nd->counters[i].value);
	yajl_gen_map_close(g);
	out_json_kbool(g, "counters_cut", nd->counters_cut);
}

static void json_node(yajl_gen g, const struct run_node *nd)
{
	char a[MESH_ADDR_BUF], pw[8];

	yajl_gen_map_open(g);
	out_json_kstr(g, "name", nd->name);
	out_json_kstr(g, "proto",
		      proto_word(pw, sizeof(pw), nd->proto ?: LOOM_PROTO_TREE));
	out_json_kstr(g, "address", own_addr(a, sizeof(a), nd));
	out_json_kstr(g, "radio", nd->radio);
	if (nd->nradios) {
		int i;

		out_json_key(g, "radios");
		yajl_gen_array_open(g);
		for (i = 0; i < nd->nradios; i++)
			out_json_str(g, nd->radios[i]);
		yajl_gen_array_close(g);
	}
	out_json_kuint(g, "ifindex", nd->ifindex);
	if (nd->config_id) {
		char id[12];

		snprintf(id, sizeof(id), "0x%08" PRIx32, nd->config_id);
		out_json_kstr(g, "config_id", id);
	}
	if (nd->ifname[0])
		out_json_kstr(g, "ifname", nd->ifname);
	else
		out_json_knull(g, "ifname");
	out_json_kbool(g, "synced", nd->synced);
	out_json_kuint(g, "datagram_max", nd->datagram_max);
	if (is_mesh(nd)) {
		json_mesh(g, nd);
		json_counters(g, "dev", run_dev_stat_name, nd->dev,
			      LOOM_DEV_STAT_MAX);
		yajl_gen_map_close(g);
		return;
	}
	json_counters(g, "mac", run_mac_stat_name, nd->mac, LOOM_MAC_STAT_MAX);
	json_counters(g, "net", run_net_stat_name, nd->net, LOOM_NET_STAT_MAX);
	json_counters(g, "dev", run_dev_stat_name, nd->dev, LOOM_DEV_STAT_MAX);
	json_edge(g, nd);
	if (nd->has_jitter) {
		out_json_kuint(g, "jitter_ns", nd->jitter_ns);
		out_json_kuint(g, "jitter_max_ns", nd->jitter_max_ns);
	}
	yajl_gen_map_close(g);
}

int run_json_nodes(FILE *f, const struct run_node *nd, size_t n,
		   bool array, bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	if (array)
		yajl_gen_array_open(g);
	for (i = 0; i < (array ? n : 1); i++)
		json_node(g, &nd[i]);
	if (array)
		yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

/* A datagram's source: peer() for a tree's, "[aa:..]:130 (name)" for a mesh's. */
static const char *dgram_src(char *buf, size_t len,
			     const struct run_datagram *d,
			     const struct loom_topology *t,
			     const struct mesh_hosts *h)
{
	const char *name;
	char a[MESH_ADDR_BUF], p[LOOM_NAME_MAX + 1];

	if (!d->src_mesh)
		return peer(buf, len, t, d->src, d->src_port);
	name = mesh_hosts_name(h, d->src_hw);
	out_mac(a, sizeof(a), d->src_hw);
	if (name)
		snprintf(buf, len, "[%s]:%u (%s)", a, d->src_port,
			 out_printable(p, sizeof(p), name));
	else
		snprintf(buf, len, "[%s]:%u", a, d->src_port);
	return buf;
}

void run_show_datagram(FILE *f, const struct run_datagram *d,
		       const struct loom_topology *t)
{
	run_show_datagram_h(f, d, t, NULL);
}

void run_show_datagram_h(FILE *f, const struct run_datagram *d,
			 const struct loom_topology *t,
			 const struct mesh_hosts *h)
{
	char name[LOOM_NAME_MAX + 1], src[LOOM_NAME_MAX + 32];
	char rssi[32], snr[32];

	fprintf(f, "%s:%u <- %s rssi %s snr %s: ",
		out_printable(name, sizeof(name), d->node), d->port,
		dgram_src(src, sizeof(src), d, t, h),
		run_fmt_level(rssi, sizeof(rssi), d->rssi_mdbm, "dBm"),
		run_fmt_level(snr, sizeof(snr), d->snr_mdb, "dB"));
	run_escape(f, d->data, d->len);
	fputc('\n', f);
}

/* @key: a message's own address, a tree node's or a mesh node's. */
static void json_own(yajl_gen g, const char *key, bool has_hw, const u8 *hw,
		     u16 addr)
{
	char a[MESH_ADDR_BUF];

	if (has_hw)
		out_json_kstr(g, key, out_mac(a, sizeof(a), hw));
	else
		json_addr(g, key, addr);
}

/* @key: the name of @addr in @t, or null. */
static void json_name(yajl_gen g, const char *key,
		      const struct loom_topology *t, u16 addr)
{
	const char *name = loom_topo_addr_name(t, addr);

	if (name)
		out_json_kstr(g, key, name);
	else
		out_json_knull(g, key);
}

int run_json_datagram(FILE *f, const struct run_datagram *d,
		      const struct loom_topology *t, bool pretty)
{
	return run_json_datagram_h(f, d, t, NULL, pretty);
}

int run_json_datagram_h(FILE *f, const struct run_datagram *d,
			const struct loom_topology *t,
			const struct mesh_hosts *h, bool pretty)
{
	char *hex = run_hex(d->data, d->len);
	yajl_gen g;

	if (!hex)
		return -ENOMEM;
	g = out_json_new(f, pretty);
	if (!g) {
		free(hex);
		return -ENOMEM;
	}
	yajl_gen_map_open(g);
	out_json_kstr(g, "node", d->node);
	json_own(g, "address", d->has_hwaddr, d->hwaddr, d->addr);
	out_json_kuint(g, "port", d->port);
	if (d->src_mesh) {
		mesh_json_addr(g, "src", "src_name", h, d->src_hw);
		out_json_kuint(g, "src_port", d->src_port);
	} else {
		json_addr(g, "src", d->src);
		out_json_kuint(g, "src_port", d->src_port);
		json_name(g, "src_name", t, d->src);
	}
	json_level(g, "rssi_mdbm", d->rssi_mdbm);
	json_level(g, "snr_mdb", d->snr_mdb);
	out_json_kuint(g, "len", d->len);
	out_json_key(g, "data");
	/* Exact text (NUL and all, yajl escapes it), or null. */
	if (out_utf8_valid((const char *)d->data, d->len))
		yajl_gen_string(g, d->data, d->len);
	else
		yajl_gen_null(g);
	out_json_kstr(g, "data_hex", hex);
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	free(hex);
	return 0;
}

void run_show_event(FILE *f, const struct run_event *ev,
		    const struct loom_topology *t)
{
	run_show_event_h(f, ev, t, NULL);
}

/* The mesh events: 0, or -1 for another event. */
static int show_mesh_event(FILE *f, const struct run_event *ev,
			   const struct mesh_hosts *h)
{
	char subj[MESH_PEER_BUF], via[MESH_PEER_BUF];

	if (ev->event != LOOM_EVENT_NEIGHBOUR_UP &&
	    ev->event != LOOM_EVENT_NEIGHBOUR_DOWN &&
	    ev->event != LOOM_EVENT_ROUTE_CHANGED)
		return -1;
	if (ev->has_subject_hw)
		mesh_fmt_peer(subj, sizeof(subj), h, ev->subject_hw);
	else
		snprintf(subj, sizeof(subj), "?");
	if (ev->event == LOOM_EVENT_NEIGHBOUR_UP)
		fprintf(f, "neighbour up: %s\n", subj);
	else if (ev->event == LOOM_EVENT_NEIGHBOUR_DOWN)
		fprintf(f, "neighbour down: %s\n", subj);
	else if (ev->has_via_hw)
		fprintf(f, "route to %s now via %s\n", subj,
			mesh_fmt_peer(via, sizeof(via), h, ev->via_hw));
	else
		fprintf(f, "route to %s: none left\n", subj);
	return 0;
}

void run_show_event_h(FILE *f, const struct run_event *ev,
		      const struct loom_topology *t,
		      const struct mesh_hosts *h)
{
	char name[LOOM_NAME_MAX + 1], a[MESH_ADDR_BUF];
	char rep[LOOM_NAME_MAX + 16], subj[LOOM_NAME_MAX + 16];

	fprintf(f, "%s (%s): ", out_printable(name, sizeof(name), ev->node),
		ev->has_hwaddr ? out_mac(a, sizeof(a), ev->hwaddr) :
		run_fmt_addr(a, sizeof(a), ev->addr));
	if (!show_mesh_event(f, ev, h))
		return;
	switch (ev->event) {
	case LOOM_EVENT_SYNCED:
		fprintf(f, "synced\n");
		return;
	case LOOM_EVENT_SYNC_LOST:
		fprintf(f, "sync lost\n");
		return;
	case LOOM_EVENT_REPORT:
		fprintf(f, "report from %s: ",
			peer(rep, sizeof(rep), t, ev->reporter, NO_PORT));
		break;
	case LOOM_EVENT_GAVE_UP:
		break;
	case LOOM_EVENT_CONFIG_MISMATCH:
		fprintf(f, "config mismatch: the network distributes 0x%08" PRIx32
			", not this node's topology and configuration\n",
			ev->config_id);
		return;
	case LOOM_EVENT_CONFIG_MATCH:
		fprintf(f, "config matches again (0x%08" PRIx32 ")\n",
			ev->config_id);
		return;
	default:
		fprintf(f, "event %u\n", ev->event);
		return;
	}
	if (ev->has_link)
		fprintf(f, "gave up on %s after %u failure%s\n",
			peer(subj, sizeof(subj), t, ev->subject, NO_PORT),
			ev->failures, ev->failures == 1 ? "" : "s");
	else
		fprintf(f, "gave up\n");
}

int run_json_event(FILE *f, const struct run_event *ev,
		   const struct loom_topology *t, bool pretty)
{
	return run_json_event_h(f, ev, t, NULL, pretty);
}

int run_json_event_h(FILE *f, const struct run_event *ev,
		     const struct loom_topology *t,
		     const struct mesh_hosts *h, bool pretty)
{
	const char *what = run_event_name(ev->event);
	yajl_gen g = out_json_new(f, pretty);

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	out_json_kstr(g, "node", ev->node);
	json_own(g, "address", ev->has_hwaddr, ev->hwaddr, ev->addr);
	out_json_kstr(g, "event", what ? what : "unknown");
	if (!what)
		out_json_kuint(g, "code", ev->event);
	if (ev->has_subject_hw)
		mesh_json_addr(g, "subject", "subject_name", h, ev->subject_hw);
	if (ev->has_via_hw)
		mesh_json_addr(g, "via", "via_name", h, ev->via_hw);
	else if (ev->event == LOOM_EVENT_ROUTE_CHANGED)
		out_json_knull(g, "via");
	if (ev->has_link) {
		json_addr(g, "reporter", ev->reporter);
		json_name(g, "reporter_name", t, ev->reporter);
		json_addr(g, "subject", ev->subject);
		json_name(g, "subject_name", t, ev->subject);
		out_json_kuint(g, "failures", ev->failures);
	}
	if (ev->has_config) {
		char id[12];

		snprintf(id, sizeof(id), "0x%08" PRIx32, ev->config_id);
		out_json_kstr(g, "config_id", id);
	}
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

int run_show_links(FILE *f, const struct run_link *l, size_t n,
		   const struct loom_topology *t)
{
	static const char *const hdr[LINK_COLS] = {
		"NEIGHBOUR", "ADDRESS", "ROLE", "RSSI", "SNR", "AGE", "FRAMES",
		"HS-OK", "HS-FAIL", "FAILS",
	};
	struct out_table *tab;
	size_t i;
	int ret;

	tab = out_table_start(f, n, "no neighbours", LINK_COLS, hdr, &ret);
	if (!tab)
		return ret;
	for (i = 0; i < n; i++) {
		const char *name = loom_topo_addr_name(t, l[i].addr);
		char nm[LOOM_NAME_MAX + 1], addr[8], rssi[32], snr[32];
		char age[32], num[4][24];
		const char *row[LINK_COLS];

		row[0] = name ? out_printable(nm, sizeof(nm), name) : "-";
		row[1] = run_fmt_addr(addr, sizeof(addr), l[i].addr);
		row[2] = l[i].parent ? "parent" : "child";
		row[3] = row[4] = row[5] = "-";
		if (l[i].heard) {
			row[3] = run_fmt_level(rssi, sizeof(rssi),
					       l[i].rssi_mdbm, "dBm");
			row[4] = run_fmt_level(snr, sizeof(snr), l[i].snr_mdb,
					       "dB");
			row[5] = fmt_age(age, sizeof(age), l[i].age_ms);
		}
		row[6] = out_u64(num[0], sizeof(num[0]), l[i].rx_frames);
		row[7] = out_u64(num[1], sizeof(num[1]), l[i].hs_ok);
		row[8] = out_u64(num[2], sizeof(num[2]), l[i].hs_fail);
		row[9] = out_u64(num[3], sizeof(num[3]), l[i].fails);
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

int run_json_links(FILE *f, const struct run_link *l, size_t n,
		   const struct loom_topology *t, bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		json_name(g, "name", t, l[i].addr);
		json_addr(g, "address", l[i].addr);
		out_json_kbool(g, "parent", l[i].parent);
		/* Never heard: no level; heard, the level if known. */
		json_level(g, "rssi_mdbm", l[i].heard ? l[i].rssi_mdbm :
							LOOM_SIGNAL_UNKNOWN);
		json_level(g, "snr_mdb", l[i].heard ? l[i].snr_mdb :
						      LOOM_SIGNAL_UNKNOWN);
		out_json_kuint_or_null(g, "age_ms", l[i].heard, l[i].age_ms);
		out_json_kuint(g, "rx_frames", l[i].rx_frames);
		out_json_kuint(g, "hs_ok", l[i].hs_ok);
		out_json_kuint(g, "hs_fail", l[i].hs_fail);
		out_json_kuint(g, "fails", l[i].fails);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}
