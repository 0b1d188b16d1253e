// SPDX-License-Identifier: GPL-2.0
/*
 * "schedule" output.  Times are kept in nanoseconds and printed in
 * milliseconds with three decimals (rounded half away from zero), through
 * the exact formatter of the hwsim values; JSON carries the nanoseconds.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "output.h"
#include "sched_show.h"
#include "topo_show.h"

const char *sched_unit_name(u8 unit)
{
	static const char *const names[] = {
		[LOOM_TU_US] = "us", [LOOM_TU_MS] = "ms", [LOOM_TU_S] = "s",
		[LOOM_TU_MIN] = "min", [LOOM_TU_H] = "h", [LOOM_TU_DAY] = "d",
	};

	return unit < ARRAY_SIZE(names) ? names[unit] : "?";
}

u64 sched_ppm(u64 part, u64 whole)
{
	unsigned __int128 p = (unsigned __int128)part * 1000000 + whole / 2;

	return whole ? (u64)(p / whole) : 0;
}

/* Nanoseconds as milliseconds, three decimals. */
static char *ms(char *buf, size_t len, long long ns)
{
	return hwsim_fmt_fixed(buf, len, ns, 6, 3, true);
}

/* "A..B" in milliseconds. */
static char *ms_span(char *buf, size_t len, long long from, long long to)
{
	char a[32], b[32];

	snprintf(buf, len, "%s..%s", ms(a, sizeof(a), from),
		 ms(b, sizeof(b), to));
	return buf;
}

static char *addr_str(char *buf, size_t len, u16 addr)
{
	snprintf(buf, len, "0x%04x", addr);
	return buf;
}

/* The parent of node @i, or NULL for the coordinator. */
static const struct loom_topo_node *parent_of(const struct loom_topology *t,
					      u32 i)
{
	u32 p = t->nodes[i].parent;

	return p < t->n ? &t->nodes[p] : NULL;
}

/*
 * Nodes in the order the refresh travels: the coordinator, relays 1..R,
 * then the end devices in index order.  @out has room for t->n.
 */
static void refresh_order(const struct sched_view *v, u32 *out)
{
	const struct loom_topology *t = v->t;
	u32 i, k = 0;

	out[k++] = t->coordinator;
	for (i = 0; i < v->s->tm.relays; i++)
		out[k++] = v->s->order[i];
	for (i = 0; i < t->n; i++)
		if (t->nodes[i].role == LOOM_ROLE_END_DEVICE)
			out[k++] = i;
}

/* Who sends in each slot (t->n where nobody does); NULL without memory. */
static u32 *slot_senders(const struct loom_topology *t)
{
	u32 *who = malloc((t->slot_total ? t->slot_total : 1) * sizeof(*who));
	u32 i, s;

	if (!who)
		return NULL;
	for (s = 0; s < t->slot_total; s++)
		who[s] = t->n;
	for (i = 0; i < t->n; i++)
		for (s = 0; s < t->nodes[i].tx_count; s++)
			if (t->nodes[i].tx_first + s < t->slot_total)
				who[t->nodes[i].tx_first + s] = i;
	return who;
}

/* A node's receive window in a data cycle, from the cycle's start. */
static void recv_window(const struct loom_mac_timing *tm,
			const struct loom_topo_node *nd, long long *from,
			long long *to)
{
	*from = (long long)(nd->rx_first * tm->slot_ns) - (long long)tm->guard_ns;
	*to = (long long)((nd->rx_first + nd->rx_count) * tm->slot_ns +
			  tm->guard_ns);
}

/* When a node's refresh window opens, from C0: g before its parent's refresh. */
static long long listen_start(const struct loom_mac_timing *tm,
			      const struct loom_sched_node *sn)
{
	return (long long)sn->parent_ns - (long long)tm->guard_ns;
}

static void print_radio(FILE *f, const struct loom_lora_params *p)
{
	char bw[16];

	fprintf(f, "radio: SF%u, %s kHz, CR 4/%u, %u-symbol preamble, %s header, CRC %s%s\n",
		p->sf, hwsim_fmt_ufixed(bw, sizeof(bw), p->bw_hz, 3, 3, false),
		p->cr, p->preamble, p->implicit_header ? "implicit" :
		"explicit", p->crc ? "on" : "off",
		loom_lora_ldro_on(p) ? ", low data rate optimisation" : "");
}

/* "5 units = 5000.000 ms" */
static char *units(char *buf, size_t len, u32 n, u64 unit_ns)
{
	char a[32];

	snprintf(buf, len, "%u unit%s = %s ms", n, n == 1 ? "" : "s",
		 ms(a, sizeof(a), n * unit_ns));
	return buf;
}

static void print_timing(FILE *f, const struct sched_view *v)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	char a[32], b[32], u[64];

	fprintf(f, "  %-16s1 %s\n", "unit U", sched_unit_name(tm->unit));
	fprintf(f, "  %-16s%s ms (1 ms + %u ppm of P computed with g = 1 ms)\n",
		"guard g", ms(a, sizeof(a), tm->guard_ns),
		(unsigned int)LOOM_MAC_DRIFT_PPM);
	fprintf(f, "  %-16s%s ms (%u-byte refresh frame)\n", "airtime a_r",
		ms(a, sizeof(a), tm->refresh_air_ns), LOOM_MAC_REFRESH_LEN);
	fprintf(f, "  %-16s%s\n", "relay slot L",
		units(u, sizeof(u), tm->relay_units, tm->unit_ns));
	fprintf(f, "  %-16s%u\n", "relays R", tm->relays);
	fprintf(f, "  %-16s%s after T0 (the refresh's end); data starts %s ms after C0\n",
		"data offset", units(u, sizeof(u), tm->data_offset, tm->unit_ns),
		ms(a, sizeof(a), v->s->data_start_ns));
	fprintf(f, "  %-16s%s after T0\n", "refresh offset",
		units(u, sizeof(u), tm->refresh_offset, tm->unit_ns));
	fprintf(f, "  %-16s%s ms (a_r + refresh offset)\n", "period P",
		ms(a, sizeof(a), tm->period_ns));
	fprintf(f, "  %-16s%s ms; a handshake needs %s ms%s\n", "slot",
		ms(a, sizeof(a), tm->slot_ns),
		ms(b, sizeof(b), v->s->slot_need_ns),
		tm->slot_ns < v->s->slot_need_ns ?
		" (too short: the MAC refuses this topology)" : "");
}

/* Room for one cell: a name (63 bytes) or a time span. */
#define CELL_LEN	72
#define COLS_MAX	8

/*
 * Fills the cells of row @r: @row[i] points into @cells[i] or at a
 * constant.  @idx is the table's index array (node or slot order).
 */
typedef void (*row_fn)(const struct sched_view *v, const u32 *idx, u32 r,
		       char cells[][CELL_LEN], const char **row);

/* A table of @nrows rows under @title, aligned; 0 or -ENOMEM. */
static int print_table(FILE *f, const struct sched_view *v, const char *title,
		       const char *const *hdr, unsigned int ncols,
		       const u32 *idx, u32 nrows, row_fn fill)
{
	struct out_table *tab = out_table_new(ncols, hdr);
	char cells[COLS_MAX][CELL_LEN];
	const char *row[COLS_MAX];
	u32 r;

	if (!tab)
		return -ENOMEM;
	for (r = 0; r < nrows; r++) {
		fill(v, idx, r, cells, row);
		out_table_add(tab, row);
	}
	fprintf(f, "\n%s\n", title);
	return out_table_emit(tab, f);
}

/* A node's name (printable) and address into cells @i and @i + 1. */
static void name_cells(const struct loom_topo_node *nd, unsigned int i,
		       char cells[][CELL_LEN], const char **row)
{
	row[i] = out_printable(cells[i], CELL_LEN, nd->name);
	row[i + 1] = addr_str(cells[i + 1], CELL_LEN, nd->addr);
}

/* RELAY NODE ADDRESS HEARS LISTENS SENDS, nodes in refresh order. */
static void refresh_row(const struct sched_view *v, const u32 *order, u32 r,
			char cells[][CELL_LEN], const char **row)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	const struct loom_sched_node *sn = &v->s->nodes[order[r]];
	const struct loom_topo_node *up = parent_of(v->t, order[r]);
	bool sends = sn->relay || sn->always_on;

	snprintf(cells[0], CELL_LEN, "%u", sn->relay);
	row[0] = sends ? cells[0] : "-";
	name_cells(&v->t->nodes[order[r]], 1, cells, row);
	row[3] = up ? out_printable(cells[3], CELL_LEN, up->name) : "-";
	row[4] = sn->always_on ? "-" :
		 ms_span(cells[4], CELL_LEN, listen_start(tm, sn),
			 sn->heard_ns);
	row[5] = sends ? ms_span(cells[5], CELL_LEN, sn->relay_ns,
				 sn->relay_ns + tm->refresh_air_ns) : "-";
}

/* SLOT TIME SENDER ADDRESS RECEIVER ADDRESS; @who from slot_senders(). */
static void cycle_row(const struct sched_view *v, const u32 *who, u32 s,
		      char cells[][CELL_LEN], const char **row)
{
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	const struct loom_topo_node *up;

	snprintf(cells[0], CELL_LEN, "%u", s);
	row[0] = cells[0];
	row[1] = ms_span(cells[1], CELL_LEN, s * tm->slot_ns,
			 (s + 1) * tm->slot_ns);
	row[2] = row[3] = row[4] = row[5] = "-";
	if (who[s] >= t->n)
		return;
	name_cells(&t->nodes[who[s]], 2, cells, row);
	up = parent_of(t, who[s]);
	if (up)
		name_cells(up, 4, cells, row);
}

/* NODE ADDRESS RX SLOTS RECEIVES TX SLOTS SENDS, in a data cycle. */
static void awake_row(const struct sched_view *v, const u32 *idx, u32 i,
		      char cells[][CELL_LEN], const char **row)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	const struct loom_topo_node *nd = &v->t->nodes[i];
	long long from, to;

	(void)idx;	/* rows in index order */
	name_cells(nd, 0, cells, row);
	topo_show_slots(cells[2], CELL_LEN, nd->rx_first, nd->rx_count);
	topo_show_slots(cells[4], CELL_LEN, nd->tx_first, nd->tx_count);
	row[2] = cells[2];
	row[4] = cells[4];
	recv_window(tm, nd, &from, &to);
	if (v->s->nodes[i].always_on)
		row[3] = "always";
	else
		row[3] = nd->rx_count ? ms_span(cells[3], CELL_LEN, from, to) :
					"-";
	row[5] = nd->tx_count ?
		 ms_span(cells[5], CELL_LEN, nd->tx_first * tm->slot_ns,
			 (nd->tx_first + nd->tx_count) * tm->slot_ns) : "-";
}

/* "-" for nothing, else milliseconds. */
static const char *ms_or_dash(char *buf, size_t len, u64 ns)
{
	return ns ? ms(buf, len, ns) : "-";
}

/* NODE ADDRESS REFRESH REFRESH TX SEND RECEIVE TOTAL SHARE, per period. */
static void radio_on_row(const struct sched_view *v, const u32 *idx, u32 i,
			 char cells[][CELL_LEN], const char **row)
{
	const struct loom_sched_node *sn = &v->s->nodes[i];

	(void)idx;	/* rows in index order */
	name_cells(&v->t->nodes[i], 0, cells, row);
	row[2] = ms_or_dash(cells[2], CELL_LEN, sn->refresh_on_ns);
	row[3] = ms_or_dash(cells[3], CELL_LEN, sn->tx_on_ns);
	row[4] = ms_or_dash(cells[4], CELL_LEN, sn->send_on_ns);
	row[5] = sn->always_on ? "always" :
		 ms_or_dash(cells[5], CELL_LEN, sn->recv_on_ns);
	row[6] = ms(cells[6], CELL_LEN, sn->on_ns);
	hwsim_fmt_ufixed(cells[7], CELL_LEN - 1,
			 sched_ppm(sn->on_ns, v->s->tm.period_ns), 4, 3, true);
	row[7] = strcat(cells[7], "%");
}

int sched_show_text(FILE *f, const struct sched_view *v)
{
	static const char *const refresh_hdr[] = {
		"RELAY", "NODE", "ADDRESS", "HEARS", "LISTENS", "SENDS",
	};
	static const char *const cycle_hdr[] = {
		"SLOT", "TIME", "SENDER", "ADDRESS", "RECEIVER", "ADDRESS",
	};
	static const char *const awake_hdr[] = {
		"NODE", "ADDRESS", "RX SLOTS", "RECEIVES", "TX SLOTS", "SENDS",
	};
	static const char *const on_hdr[] = {
		"NODE", "ADDRESS", "REFRESH", "REFRESH TX", "SEND", "RECEIVE",
		"TOTAL", "SHARE",
	};
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	u32 *order = malloc(t->n * sizeof(*order));
	u32 *who = slot_senders(t);
	char title[160], a[32], b[32];
	int err = -ENOMEM;

	if (!order || !who)
		goto out;
	if (v->file)
		fprintf(f, "schedule of %s: ", v->file);
	else
		fprintf(f, "schedule of topology generation %u: ", v->generation);
	fprintf(f, "%u nodes, %u slots (slot_ms %u, data_interval_ms %u, data_cycles %u)\n",
		t->n, t->slot_total, t->cfg.slot_ms, t->cfg.data_interval_ms,
		t->cfg.data_cycles);
	print_radio(f, v->radio);
	print_timing(f, v);

	refresh_order(v, order);
	err = print_table(f, v, "refresh phase (ms from C0, the start of the coordinator's refresh):",
			  refresh_hdr, 6, order, t->n, refresh_row);
	snprintf(title, sizeof(title),
		 "data cycle (ms from its start; cycle c starts at %s + c x %s ms from C0):",
		 ms(a, sizeof(a), v->s->data_start_ns),
		 ms(b, sizeof(b), tm->interval_ns));
	if (!err)
		err = print_table(f, v, title, cycle_hdr, 6, who,
				  t->slot_total, cycle_row);
	if (!err)
		err = print_table(f, v, "awake in each data cycle (ms from its start; receive windows g either side):",
				  awake_hdr, 6, NULL, t->n, awake_row);
	snprintf(title, sizeof(title),
		 "radio on per period of %s ms (ms; refresh: window from g before the parent's refresh until a turnaround after its configuration):",
		 ms(a, sizeof(a), tm->period_ns));
	if (!err)
		err = print_table(f, v, title, on_hdr, 8, NULL, t->n,
				  radio_on_row);
out:
	free(order);
	free(who);
	return err;
}

/* JSON */

static void json_addr(yajl_gen g, const char *key, u16 addr)
{
	char a[8];

	out_json_kstr(g, key, addr_str(a, sizeof(a), addr));
}

void sched_json_share(yajl_gen g, const char *key, u64 ppm)
{
	char buf[32];

	hwsim_fmt_ufixed(buf, sizeof(buf), ppm, 6, 6, true);
	out_json_key(g, key);
	yajl_gen_number(g, buf, strlen(buf));
}

/* "WHAT_start_ns" and "WHAT_end_ns": the span, or nulls without @has. */
static void json_span(yajl_gen g, const char *what, bool has, long long from,
		      long long to)
{
	char key[48];

	snprintf(key, sizeof(key), "%s_start_ns", what);
	if (has)
		out_json_kint(g, key, from);
	else
		out_json_knull(g, key);
	snprintf(key, sizeof(key), "%s_end_ns", what);
	if (has)
		out_json_kint(g, key, to);
	else
		out_json_knull(g, key);
}

/* "KEY" and "KEY_address" of @nd, or nulls. */
static void json_node_ref(yajl_gen g, const char *key,
			  const struct loom_topo_node *nd)
{
	char akey[48];

	snprintf(akey, sizeof(akey), "%s_address", key);
	if (nd) {
		out_json_kstr(g, key, nd->name);
		json_addr(g, akey, nd->addr);
	} else {
		out_json_knull(g, key);
		out_json_knull(g, akey);
	}
}

static void json_slots(yajl_gen g, const char *key, u32 first, u32 count)
{
	out_json_key(g, key);
	if (!count) {
		yajl_gen_null(g);
		return;
	}
	yajl_gen_map_open(g);
	out_json_kuint(g, "first", first);
	out_json_kuint(g, "count", count);
	yajl_gen_map_close(g);
}

void sched_json_radio(yajl_gen g, const struct loom_lora_params *p)
{
	out_json_key(g, "radio");
	yajl_gen_map_open(g);
	out_json_kuint(g, "sf", p->sf);
	out_json_kuint(g, "bw_hz", p->bw_hz);
	out_json_kuint(g, "cr", p->cr);
	out_json_kuint(g, "preamble", p->preamble);
	out_json_kbool(g, "implicit_header", p->implicit_header);
	out_json_kbool(g, "crc", p->crc);
	out_json_kbool(g, "ldro", loom_lora_ldro_on(p));
	yajl_gen_map_close(g);
}

static void json_timing(yajl_gen g, const struct sched_view *v)
{
	const struct loom_mac_timing *tm = &v->s->tm;

	sched_json_radio(g, v->radio);
	out_json_key(g, "timing");
	yajl_gen_map_open(g);
	out_json_kstr(g, "unit", sched_unit_name(tm->unit));
	out_json_kuint(g, "unit_ns", tm->unit_ns);
	out_json_kuint(g, "guard_ns", tm->guard_ns);
	out_json_kuint(g, "refresh_len", LOOM_MAC_REFRESH_LEN);
	out_json_kuint(g, "refresh_air_ns", tm->refresh_air_ns);
	out_json_kuint(g, "relay_units", tm->relay_units);
	out_json_kuint(g, "relays", tm->relays);
	out_json_kuint(g, "data_offset", tm->data_offset);
	out_json_kuint(g, "refresh_offset", tm->refresh_offset);
	out_json_kuint(g, "data_start_ns", v->s->data_start_ns);
	out_json_kuint(g, "period_ns", tm->period_ns);
	out_json_kuint(g, "slot_ns", tm->slot_ns);
	out_json_kuint(g, "interval_ns", tm->interval_ns);
	out_json_kuint(g, "cycles", tm->cycles);
	out_json_kuint(g, "slot_need_ns", v->s->slot_need_ns);
	out_json_kbool(g, "slot_fits", tm->slot_ns >= v->s->slot_need_ns);
	yajl_gen_map_close(g);
}

static void json_refresh(yajl_gen g, const struct sched_view *v, u32 *order)
{
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	u32 k;

	out_json_key(g, "refresh");
	yajl_gen_array_open(g);
	refresh_order(v, order);
	for (k = 0; k < t->n; k++) {
		const struct loom_sched_node *sn = &v->s->nodes[order[k]];
		const struct loom_topo_node *nd = &t->nodes[order[k]];
		const struct loom_topo_node *up = parent_of(t, order[k]);
		bool sends = sn->relay || sn->always_on;

		yajl_gen_map_open(g);
		if (sends)
			out_json_kuint(g, "relay", sn->relay);
		else
			out_json_knull(g, "relay");
		out_json_kstr(g, "name", nd->name);
		json_addr(g, "address", nd->addr);
		if (up)
			out_json_kstr(g, "hears", up->name);
		else
			out_json_knull(g, "hears");
		json_span(g, "listen", !sn->always_on, listen_start(tm, sn),
			  sn->heard_ns);
		json_span(g, "send", sends, sn->relay_ns,
			  sn->relay_ns + tm->refresh_air_ns);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
}

static int json_cycle(yajl_gen g, const struct sched_view *v)
{
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	u32 *who = slot_senders(t), s;

	if (!who)
		return -ENOMEM;
	out_json_key(g, "slots");
	yajl_gen_array_open(g);
	for (s = 0; s < t->slot_total; s++) {
		const struct loom_topo_node *nd = who[s] < t->n ?
						   &t->nodes[who[s]] : NULL;
		const struct loom_topo_node *up = nd ? parent_of(t, who[s]) :
						       NULL;

		yajl_gen_map_open(g);
		out_json_kuint(g, "slot", s);
		out_json_kuint(g, "start_ns", s * tm->slot_ns);
		out_json_kuint(g, "end_ns", (s + 1) * tm->slot_ns);
		json_node_ref(g, "sender", nd);
		json_node_ref(g, "receiver", up);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	free(who);
	return 0;
}

static void json_nodes(yajl_gen g, const struct sched_view *v)
{
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	u32 i;

	out_json_key(g, "nodes");
	yajl_gen_array_open(g);
	for (i = 0; i < t->n; i++) {
		const struct loom_topo_node *nd = &t->nodes[i];
		const struct loom_sched_node *sn = &v->s->nodes[i];
		long long from, to;

		yajl_gen_map_open(g);
		out_json_kuint(g, "index", i);
		out_json_kstr(g, "name", nd->name);
		json_addr(g, "address", nd->addr);
		out_json_kstr(g, "role", loom_role_name(nd->role));
		if (sn->relay)
			out_json_kuint(g, "relay", sn->relay);
		else
			out_json_knull(g, "relay");
		json_slots(g, "tx_slots", nd->tx_first, nd->tx_count);
		json_slots(g, "rx_slots", nd->rx_first, nd->rx_count);
		/* Within a data cycle, from its start. */
		json_span(g, "send", nd->tx_count, nd->tx_first * tm->slot_ns,
			  (nd->tx_first + nd->tx_count) * tm->slot_ns);
		recv_window(tm, nd, &from, &to);
		json_span(g, "receive", nd->rx_count, from, to);
		out_json_kbool(g, "always_on", sn->always_on);
		/* Per period. */
		out_json_kuint(g, "refresh_on_ns", sn->refresh_on_ns);
		out_json_kuint(g, "refresh_tx_ns", sn->tx_on_ns);
		out_json_kuint(g, "send_on_ns", sn->send_on_ns);
		out_json_kuint(g, "receive_on_ns", sn->recv_on_ns);
		out_json_kuint(g, "radio_on_ns", sn->on_ns);
		sched_json_share(g, "radio_on_share",
			   sched_ppm(sn->on_ns, tm->period_ns));
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
}

int sched_show_json(FILE *f, const struct sched_view *v, bool pretty)
{
	const struct loom_topology *t = v->t;
	u32 *order = malloc(t->n * sizeof(*order));
	yajl_gen g = order ? out_json_new(f, pretty) : NULL;
	int err;

	if (!g) {
		free(order);
		return -ENOMEM;
	}
	yajl_gen_map_open(g);
	if (v->file) {
		out_json_kstr(g, "file", v->file);
		out_json_knull(g, "generation");
	} else {
		out_json_knull(g, "file");
		out_json_kuint(g, "generation", v->generation);
	}
	topo_show_json_config(g, &t->cfg);
	out_json_kuint(g, "slot_total", t->slot_total);
	json_timing(g, v);
	json_refresh(g, v, order);
	err = json_cycle(g, v);
	json_nodes(g, v);
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	free(order);
	return err;
}

/* SVG */

#define SVG_FONT	12	/* px */
#define SVG_CHAR	7	/* px, a generous average width at SVG_FONT */
#define SVG_PAD		12
#define SVG_ROW		20
#define SVG_BAR		12
#define SVG_TOP		84	/* first row */
#define SVG_REFRESH_W	320
#define SVG_GAP		36
#define SVG_CYCLES_W	760
#define SVG_MIN_BAR	1.5	/* px: a 41 ms frame stays visible */

#define SVG_COLOUR_RELAY	"#d95f02"
#define SVG_COLOUR_SEND		"#1b9e77"
#define SVG_COLOUR_RECV		"#b8b5e6"

/**
 * struct svg_panel - one time axis of the chart
 * @x: left edge, px
 * @w: width, px
 * @from: time at @x, ns from the panel's origin
 * @to: time at @x + @w
 */
struct svg_panel {
	double x;
	double w;
	long long from;
	long long to;
};

/* @s as XML character data: escaped, control bytes and bad UTF-8 as '?'. */
static void svg_esc(FILE *f, const char *s)
{
	bool utf8 = out_utf8_valid(s, strlen(s));

	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
			fputc('?', f);
		else
			fputc(c, f);
	}
}

static double svg_x(const struct svg_panel *p, long long t)
{
	if (t < p->from)
		t = p->from;
	if (t > p->to)
		t = p->to;
	return p->x + p->w * (double)(t - p->from) / (double)(p->to - p->from);
}

/* A bar of @row from @from to @to, with a tooltip. */
static void svg_bar(FILE *f, const struct svg_panel *p, u32 row,
		    long long from, long long to, const char *colour,
		    const char *name, const char *what)
{
	double x0, x1, y = SVG_TOP + row * SVG_ROW + (SVG_ROW - SVG_BAR) / 2;
	char a[32], b[32];

	if (to <= p->from || from >= p->to)
		return;
	x0 = svg_x(p, from);
	x1 = svg_x(p, to);
	if (x1 - x0 < SVG_MIN_BAR)
		x1 = x0 + SVG_MIN_BAR;
	fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>",
		x0, y, x1 - x0, SVG_BAR, colour);
	svg_esc(f, name);
	fprintf(f, ": %s %s..%s ms</title></rect>\n", what,
		ms(a, sizeof(a), from), ms(b, sizeof(b), to));
}

/* A step of 1, 2 or 5 times a power of ten giving at most @n ticks. */
static u64 svg_step(u64 span, unsigned int n)
{
	u64 p = 1, m[] = { 1, 2, 5 };
	unsigned int i;

	for (;;) {
		for (i = 0; i < ARRAY_SIZE(m); i++)
			if (span / (m[i] * p) <= n)
				return m[i] * p;
		p *= 10;
	}
}

static void svg_axis(FILE *f, const struct svg_panel *p, double y,
		     const char *title)
{
	u64 step = svg_step((u64)(p->to - p->from), 6);
	long long t = 0;
	char label[48], num[32];

	fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#444\"/>\n",
		p->x, y, p->x + p->w, y);
	for (; t <= p->to; t += step) {
		double x = svg_x(p, t);

		if (t < p->from)
			continue;
		if (step >= 1000000000ULL)
			snprintf(label, sizeof(label), "%s s",
				 hwsim_fmt_ufixed(num, sizeof(num), t, 9, 3,
						  false));
		else
			snprintf(label, sizeof(label), "%s ms",
				 hwsim_fmt_ufixed(num, sizeof(num), t, 6, 3,
						  false));
		fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#444\"/>\n",
			x, y, x, y + 5);
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%s</text>\n",
			x, y + 5 + SVG_FONT, label);
	}
	fprintf(f, "<text x=\"%.2f\" y=\"%d\" font-weight=\"bold\">", p->x,
		SVG_TOP - 18);
	svg_esc(f, title);
	fputs("</text>\n", f);
}

/* Row @row's refresh phase: listening, and its own refresh on air. */
static void svg_refresh_row(FILE *f, const struct sched_view *v,
			    const struct svg_panel *p, u32 i, u32 row)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	const struct loom_sched_node *sn = &v->s->nodes[i];
	const char *name = v->t->nodes[i].name;

	if (sn->always_on)
		svg_bar(f, p, row, p->from, p->to, SVG_COLOUR_RECV, name,
			"always receiving,");
	else
		svg_bar(f, p, row, listen_start(tm, sn), sn->heard_ns,
			SVG_COLOUR_RECV, name, "listens for its parent's refresh");
	if (sn->always_on || sn->relay)
		svg_bar(f, p, row, sn->relay_ns,
			sn->relay_ns + tm->refresh_air_ns, SVG_COLOUR_RELAY,
			name, sn->always_on ? "sends the refresh" :
			"relays the refresh");
}

/* Row @row's data cycles: its children's window and its send slots. */
static void svg_cycle_row(FILE *f, const struct sched_view *v,
			  const struct svg_panel *p, u32 i, u32 row)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	const struct loom_topo_node *nd = &v->t->nodes[i];
	long long from, to, c0;
	u32 c;

	if (v->s->nodes[i].always_on)
		svg_bar(f, p, row, p->from, p->to, SVG_COLOUR_RECV, nd->name,
			"always receiving,");
	for (c = 0; c < v->svg_cycles; c++) {
		c0 = (long long)(c * tm->interval_ns);
		recv_window(tm, nd, &from, &to);
		if (nd->rx_count && !v->s->nodes[i].always_on)
			svg_bar(f, p, row, c0 + from, c0 + to, SVG_COLOUR_RECV,
				nd->name, "receives from its children");
		if (nd->tx_count)
			svg_bar(f, p, row,
				c0 + (long long)(nd->tx_first * tm->slot_ns),
				c0 + (long long)((nd->tx_first + nd->tx_count) *
						 tm->slot_ns),
				SVG_COLOUR_SEND, nd->name, "sends to its parent");
	}
}

/* Faint lines at slot boundaries, where slots are 4 px apart or more. */
static void svg_slot_grid(FILE *f, const struct sched_view *v,
			  const struct svg_panel *p, double bottom)
{
	const struct loom_mac_timing *tm = &v->s->tm;
	u32 c, s;
	double x;

	double w = p->w * (double)tm->slot_ns / (double)(p->to - p->from);
	u32 every = w >= 12 ? 1 : w >= 6 ? 2 : 5;

	if (w < 4)
		return;
	/* Slot numbers over the first cycle, as many as fit. */
	for (s = 0; s < v->t->slot_total; s += every)
		fprintf(f, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\" fill=\"#666\">%u</text>\n",
			svg_x(p, (long long)(s * tm->slot_ns)) + w / 2,
			SVG_TOP - 3, s);
	for (c = 0; c < v->svg_cycles; c++) {
		for (s = 0; s <= v->t->slot_total; s++) {
			x = svg_x(p, (long long)(c * tm->interval_ns +
						 s * tm->slot_ns));
			fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#e4e4e4\"/>\n",
				x, SVG_TOP, x, bottom);
		}
	}
}

static void svg_legend(FILE *f, double x, double y)
{
	static const struct {
		const char *colour;
		const char *text;
	} items[] = {
		{ SVG_COLOUR_RELAY, "refresh on air (sent or relayed)" },
		{ SVG_COLOUR_SEND, "data send slot (one handshake each)" },
		{ SVG_COLOUR_RECV, "awake to receive (guards included)" },
		{ NULL, "blank: asleep" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(items); i++, x += 260) {
		if (items[i].colour)
			fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"14\" height=\"%d\" fill=\"%s\"/>\n",
				x, y - SVG_BAR + 2, SVG_BAR, items[i].colour);
		else
			fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"14\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n",
				x, y - SVG_BAR + 2, SVG_BAR);
		fprintf(f, "<text x=\"%.2f\" y=\"%.2f\">%s</text>\n", x + 20, y,
			items[i].text);
	}
}

int sched_show_svg(FILE *f, const struct sched_view *v)
{
	const struct loom_topology *t = v->t;
	const struct loom_mac_timing *tm = &v->s->tm;
	struct svg_panel refresh, cycles;
	size_t w, name_w = 0;
	double label_w, bottom, width, height;
	char a[32], b[32], c[32], title[160];
	u32 k;

	for (k = 0; k < t->n; k++) {
		w = out_width(t->nodes[k].name);
		if (w > name_w)
			name_w = w;
	}
	label_w = SVG_PAD + (double)name_w * SVG_CHAR + 60;
	refresh.x = label_w + SVG_PAD;
	refresh.w = SVG_REFRESH_W;
	refresh.from = -(long long)tm->guard_ns;
	refresh.to = v->s->data_start_ns;
	cycles.x = refresh.x + refresh.w + SVG_GAP;
	cycles.w = SVG_CYCLES_W;
	cycles.from = 0;
	cycles.to = (long long)(v->svg_cycles * tm->interval_ns);
	bottom = SVG_TOP + t->n * SVG_ROW;
	width = cycles.x + cycles.w + 3 * SVG_PAD;
	height = bottom + 80;

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"%d\">\n",
		width, height, width, height, SVG_FONT);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Loom schedule: ",
		SVG_PAD);
	if (v->file)
		svg_esc(f, v->file);
	else
		fprintf(f, "topology generation %u", v->generation);
	fprintf(f, ", %u nodes, %u slots</text>\n", t->n, t->slot_total);
	fprintf(f, "<text x=\"%d\" y=\"40\">U = 1 %s, g = %s ms, a_r = %s ms, L = %u, R = %u, data offset %u, refresh offset %u, period %s ms</text>\n",
		SVG_PAD, sched_unit_name(tm->unit),
		ms(a, sizeof(a), tm->guard_ns),
		ms(b, sizeof(b), tm->refresh_air_ns), tm->relay_units,
		tm->relays, tm->data_offset, tm->refresh_offset,
		ms(c, sizeof(c), tm->period_ns));

	/* Zebra rows and names, one group per node. */
	for (k = 0; k < t->n; k++) {
		const struct loom_topo_node *nd = &t->nodes[k];
		double y = SVG_TOP + k * SVG_ROW;

		fprintf(f, "<g class=\"row\">\n");
		if (k % 2)
			fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%.2f\" height=\"%d\" fill=\"#f4f4f8\"/>\n",
				SVG_PAD / 2, y, width - SVG_PAD, SVG_ROW);
		fprintf(f, "<text x=\"%d\" y=\"%.2f\">", SVG_PAD,
			y + SVG_ROW - 6);
		svg_esc(f, nd->name);
		fprintf(f, "</text>\n<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\" font-family=\"monospace\">0x%04x</text>\n",
			label_w, y + SVG_ROW - 6, nd->addr);
		fprintf(f, "</g>\n");
	}
	svg_slot_grid(f, v, &cycles, bottom);
	for (k = 0; k < t->n; k++) {
		svg_refresh_row(f, v, &refresh, k, k);
		svg_cycle_row(f, v, &cycles, k, k);
	}

	svg_axis(f, &refresh, bottom + 4, "refresh phase (from C0)");
	if (v->svg_cycles > 1)
		snprintf(title, sizeof(title), "data cycles 0-%u (from the start of cycle 0, %s ms after C0)",
			 v->svg_cycles - 1, ms(a, sizeof(a), v->s->data_start_ns));
	else
		snprintf(title, sizeof(title), "data cycle 0 (from its start, %s ms after C0)",
			 ms(a, sizeof(a), v->s->data_start_ns));
	svg_axis(f, &cycles, bottom + 4, title);
	svg_legend(f, SVG_PAD, bottom + 60);
	fputs("</svg>\n", f);
	return 0;
}
