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
#include "loom_int.h"
#include "output.h"
#include "run_show.h"

#define NODE_COLS	11

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

int run_show_radio_table(FILE *f, const struct run_radio *r, size_t n)
{
	static const char *const hdr[] = { "RADIO", "NODE" };
	struct out_table *tab;
	size_t i;

	if (!n) {
		fprintf(f, "no radios\n");
		return 0;
	}
	tab = out_table_new(2, hdr);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		char radio[RUN_RADIO_NAME_MAX + 1], node[LOOM_NAME_MAX + 1];
		const char *row[2];

		row[0] = out_printable(radio, sizeof(radio), r[i].radio);
		row[1] = r[i].bound ?
			 out_printable(node, sizeof(node), r[i].node) : "-";
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

int run_json_radios(FILE *f, const struct run_radio *r, size_t n,
		    bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		out_json_kstr(g, "radio", r[i].radio);
		if (r[i].bound)
			out_json_kstr(g, "node", r[i].node);
		else
			out_json_knull(g, "node");
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

int run_show_node_table(FILE *f, const struct run_node *nd, size_t n)
{
	static const char *const hdr[NODE_COLS] = {
		"NAME", "ADDRESS", "RADIO", "DEVICE", "SYNCED", "TX", "RX",
		"FWD", "FAILS", "GIVEN-UP", "DROPS",
	};
	struct out_table *tab;
	size_t i;

	if (!n) {
		fprintf(f, "no nodes running\n");
		return 0;
	}
	tab = out_table_new(NODE_COLS, hdr);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct run_node *d = &nd[i];
		char name[LOOM_NAME_MAX + 1], radio[RUN_RADIO_NAME_MAX + 1];
		char addr[8], dev[IF_NAMESIZE], num[6][24];
		const char *row[NODE_COLS];

		row[0] = out_printable(name, sizeof(name), d->name);
		row[1] = run_fmt_addr(addr, sizeof(addr), d->addr);
		row[2] = out_printable(radio, sizeof(radio), d->radio);
		row[3] = d->ifname[0] ?
			 out_printable(dev, sizeof(dev), d->ifname) : "-";
		row[4] = d->synced ? "yes" : "no";
		row[5] = out_u64(num[0], sizeof(num[0]),
				 d->net[LOOM_NET_STAT_TX_DATAGRAMS]);
		row[6] = out_u64(num[1], sizeof(num[1]),
				 d->net[LOOM_NET_STAT_RX_DATAGRAMS]);
		row[7] = out_u64(num[2], sizeof(num[2]),
				 d->net[LOOM_NET_STAT_FORWARDED]);
		row[8] = out_u64(num[3], sizeof(num[3]),
				 d->mac[LOOM_MAC_STAT_FAILS]);
		row[9] = out_u64(num[4], sizeof(num[4]),
				 d->mac[LOOM_MAC_STAT_GIVEN_UP]);
		row[10] = out_u64(num[5], sizeof(num[5]), run_net_drops(d));
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

void run_show_node(FILE *f, const struct run_node *nd)
{
	int w = (int)run_stat_name_width();
	char name[LOOM_NAME_MAX + 1], radio[RUN_RADIO_NAME_MAX + 1], a[8];
	char dev[IF_NAMESIZE];

	/* Every value starts in one column: labels as wide as the names. */
	fprintf(f, "node %s\n", out_printable(name, sizeof(name), nd->name));
	fprintf(f, "  %-*s%s\n", w + 4, "address",
		run_fmt_addr(a, sizeof(a), nd->addr));
	fprintf(f, "  %-*s%s\n", w + 4, "radio",
		out_printable(radio, sizeof(radio), nd->radio));
	if (nd->ifindex)
		fprintf(f, "  %-*s%s (ifindex %" PRIu32 ")\n", w + 4, "device",
			out_printable(dev, sizeof(dev), nd->ifname),
			nd->ifindex);
	else
		fprintf(f, "  %-*s-\n", w + 4, "device");
	fprintf(f, "  %-*s%s\n", w + 4, "synced", nd->synced ? "yes" : "no");
	fprintf(f, "  %-*s%" PRIu32 " bytes\n", w + 4, "datagram max",
		nd->datagram_max);
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

static void json_node(yajl_gen g, const struct run_node *nd)
{
	yajl_gen_map_open(g);
	out_json_kstr(g, "name", nd->name);
	json_addr(g, "address", nd->addr);
	out_json_kstr(g, "radio", nd->radio);
	out_json_kuint(g, "ifindex", nd->ifindex);
	if (nd->ifname[0])
		out_json_kstr(g, "ifname", nd->ifname);
	else
		out_json_knull(g, "ifname");
	out_json_kbool(g, "synced", nd->synced);
	out_json_kuint(g, "datagram_max", nd->datagram_max);
	json_counters(g, "mac", run_mac_stat_name, nd->mac, LOOM_MAC_STAT_MAX);
	json_counters(g, "net", run_net_stat_name, nd->net, LOOM_NET_STAT_MAX);
	json_counters(g, "dev", run_dev_stat_name, nd->dev, LOOM_DEV_STAT_MAX);
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

void run_show_datagram(FILE *f, const struct run_datagram *d,
		       const struct loom_topology *t)
{
	char name[LOOM_NAME_MAX + 1], src[LOOM_NAME_MAX + 24];
	char rssi[24], snr[24];

	fprintf(f, "%s:%u <- %s rssi %s dBm snr %s dB: ",
		out_printable(name, sizeof(name), d->node), d->port,
		peer(src, sizeof(src), t, d->src, d->src_port),
		hwsim_fmt_fixed(rssi, sizeof(rssi), d->rssi_mdbm, 3, 1, true),
		hwsim_fmt_fixed(snr, sizeof(snr), d->snr_mdb, 3, 1, true));
	run_escape(f, d->data, d->len);
	fputc('\n', f);
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
	json_addr(g, "address", d->addr);
	out_json_kuint(g, "port", d->port);
	json_addr(g, "src", d->src);
	out_json_kuint(g, "src_port", d->src_port);
	json_name(g, "src_name", t, d->src);
	out_json_kint(g, "rssi_mdbm", d->rssi_mdbm);
	out_json_kint(g, "snr_mdb", d->snr_mdb);
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
	char name[LOOM_NAME_MAX + 1], a[8], rep[LOOM_NAME_MAX + 16];
	char subj[LOOM_NAME_MAX + 16];

	fprintf(f, "%s (%s): ", out_printable(name, sizeof(name), ev->node),
		run_fmt_addr(a, sizeof(a), ev->addr));
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
	const char *what = run_event_name(ev->event);
	yajl_gen g = out_json_new(f, pretty);

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	out_json_kstr(g, "node", ev->node);
	json_addr(g, "address", ev->addr);
	out_json_kstr(g, "event", what ? what : "unknown");
	if (!what)
		out_json_kuint(g, "code", ev->event);
	if (ev->has_link) {
		json_addr(g, "reporter", ev->reporter);
		json_name(g, "reporter_name", t, ev->reporter);
		json_addr(g, "subject", ev->subject);
		json_name(g, "subject_name", t, ev->subject);
		out_json_kuint(g, "failures", ev->failures);
	}
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	return 0;
}
