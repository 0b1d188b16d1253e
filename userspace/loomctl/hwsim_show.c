// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl hwsim" output.  People get human units ("868.1MHz", "-80.5dBm",
 * metres); JSON gets the uapi's integers under names that carry the unit
 * ("freq_hz", "rssi_mdbm"), in a fixed key order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "hwsim_show.h"
#include "output.h"

#define RADIO_COLS	16
#define EDGE_COLS	6

int hwsim_show_radio_table(FILE *f, const struct hwsim_view *v)
{
	static const char *const hdr[RADIO_COLS] = {
		"ID", "KIND", "STATE", "FREQ", "BW", "SF", "CR", "POWER", "POS",
		"TX", "RX", "WEAK", "LOST", "COLL", "DEAF", "SPI",
	};
	static const unsigned int stat[6] = {
		LOOM_HWSIM_STAT_TX, LOOM_HWSIM_STAT_RX, LOOM_HWSIM_STAT_RX_WEAK,
		LOOM_HWSIM_STAT_RX_LOST, LOOM_HWSIM_STAT_RX_COLLISION,
		LOOM_HWSIM_STAT_RX_DEAF,
	};
	struct out_table *tab;
	size_t i, j;

	if (!v->nradios) {
		fprintf(f, "no radios\n");
		return 0;
	}
	tab = out_table_new(RADIO_COLS, hdr);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < v->nradios; i++) {
		const struct hwsim_radio *r = &v->radios[i];
		char id[16], freq[24], bw[24], sf[8], cr[8], pw[16], pos[64];
		char num[6][24], tmp[24];
		const char *row[RADIO_COLS];

		snprintf(id, sizeof(id), "%" PRIu32, r->id);
		snprintf(freq, sizeof(freq), "%sMHz",
			 hwsim_fmt_ufixed(tmp, sizeof(tmp), r->freq_hz, 6, 6,
					  false));
		snprintf(bw, sizeof(bw), "%skHz",
			 hwsim_fmt_ufixed(tmp, sizeof(tmp), r->bw_hz, 3, 3,
					  false));
		snprintf(sf, sizeof(sf), "%u", r->sf);
		snprintf(cr, sizeof(cr), "4/%u", r->cr);
		snprintf(pw, sizeof(pw), "%" PRId32 "dBm", r->tx_power_dbm);
		if (r->has_pos)
			hwsim_fmt_pos(pos, sizeof(pos), &r->pos);
		row[0] = id;
		row[1] = hwsim_kind_name(r->kind);
		row[2] = hwsim_state_short(r->state);
		row[3] = freq;
		row[4] = bw;
		row[5] = sf;
		row[6] = cr;
		row[7] = pw;
		row[8] = r->has_pos ? pos : "-";
		for (j = 0; j < 6; j++)
			row[9 + j] = out_u64(num[j], sizeof(num[j]),
					     r->stats[stat[j]]);
		row[15] = r->spi_dev[0] ? r->spi_dev : "-";
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

int hwsim_show_edge_table(FILE *f, const struct hwsim_view *v)
{
	static const char *const hdr[EDGE_COLS] = {
		"FROM", "TO", "RSSI", "SNR", "LOSS", "ORIGIN",
	};
	struct out_table *tab;
	size_t i;

	if (!v->nedges) {
		fprintf(f, "no edges\n");
		return 0;
	}
	tab = out_table_new(EDGE_COLS, hdr);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < v->nedges; i++) {
		const struct hwsim_edge *e = &v->edges[i];
		char from[16], to[16], rssi[24], snr[24], loss[24], tmp[24];
		const char *row[EDGE_COLS];

		snprintf(from, sizeof(from), "%" PRIu32, e->from);
		snprintf(to, sizeof(to), "%" PRIu32, e->to);
		snprintf(rssi, sizeof(rssi), "%sdBm",
			 hwsim_fmt_fixed(tmp, sizeof(tmp), e->rssi_mdbm, 3, 3,
					 false));
		snprintf(snr, sizeof(snr), "%sdB",
			 hwsim_fmt_fixed(tmp, sizeof(tmp), e->snr_mdb, 3, 3,
					 false));
		snprintf(loss, sizeof(loss), "%s%%",
			 hwsim_fmt_ufixed(tmp, sizeof(tmp), e->loss_ppm, 4, 4,
					  false));
		row[0] = from;
		row[1] = to;
		row[2] = rssi;
		row[3] = snr;
		row[4] = loss;
		row[5] = hwsim_origin_name(e->origin);
		out_table_add(tab, row);
	}
	return out_table_emit(tab, f);
}

/* Seconds, to the microsecond. */
static const char *fmt_secs(char *buf, size_t len, uint64_t ns)
{
	char tmp[32];

	snprintf(buf, len, "%s s", hwsim_fmt_ufixed(tmp, sizeof(tmp), ns, 9, 6,
						    false));
	return buf;
}

void hwsim_show_radio(FILE *f, const struct hwsim_radio *r)
{
	char a[32], b[32], c[32];
	unsigned int s;

	fprintf(f, "radio %" PRIu32, r->id);
	if (r->owned)
		fprintf(f, " (owned by netlink port %" PRIu32 ")", r->owner);
	fprintf(f, "\n  state      %s\n", hwsim_state_short(r->state));
	fprintf(f, "  frequency  %s MHz\n",
		hwsim_fmt_ufixed(a, sizeof(a), r->freq_hz, 6, 6, false));
	fprintf(f, "  bandwidth  %s kHz\n",
		hwsim_fmt_ufixed(a, sizeof(a), r->bw_hz, 3, 3, false));
	fprintf(f, "  sf         %u\n", r->sf);
	fprintf(f, "  cr         4/%u\n", r->cr);
	fprintf(f, "  tx power   %" PRId32 " dBm\n", r->tx_power_dbm);
	fprintf(f, "  preamble   %u symbols\n", r->preamble);
	fprintf(f, "  max frame  %u bytes\n", r->max_frame);
	if (r->has_pos)
		fprintf(f, "  position   %s, %s, %s m\n",
			hwsim_fmt_fixed(a, sizeof(a), r->pos.x, 3, 3, false),
			hwsim_fmt_fixed(b, sizeof(b), r->pos.y, 3, 3, false),
			hwsim_fmt_fixed(c, sizeof(c), r->pos.z, 3, 3, false));
	else
		fprintf(f, "  position   none\n");
	if (r->gen_len)
		fprintf(f, "  generator  %u bytes every %s ms\n", r->gen_len,
			hwsim_fmt_ufixed(a, sizeof(a), r->gen_gap_ns, 6, 6,
					 false));
	else
		fprintf(f, "  generator  off\n");
	fprintf(f,
		"  frames     tx %" PRIu64 ", rx %" PRIu64 ", weak %" PRIu64
		", lost %" PRIu64 ", collision %" PRIu64 ", deaf %" PRIu64
		", generator refused %" PRIu64 "\n",
		r->stats[LOOM_HWSIM_STAT_TX], r->stats[LOOM_HWSIM_STAT_RX],
		r->stats[LOOM_HWSIM_STAT_RX_WEAK],
		r->stats[LOOM_HWSIM_STAT_RX_LOST],
		r->stats[LOOM_HWSIM_STAT_RX_COLLISION],
		r->stats[LOOM_HWSIM_STAT_RX_DEAF],
		r->stats[LOOM_HWSIM_STAT_GEN_FAIL]);
	fprintf(f, "  time      ");
	for (s = 0; s < __LOOM_RADIO_STATE_MAX; s++)
		fprintf(f, "%s %s %s", s ? "," : "", hwsim_state_short(s),
			fmt_secs(a, sizeof(a), r->state_ns[s]));
	fprintf(f, "\n  energy     %s mJ\n",
		hwsim_fmt_ufixed(a, sizeof(a), r->energy_nj, 6, 6, false));
	if (r->kind == LOOM_HWSIM_KIND_RADIO)
		return;
	fprintf(f, "  chip       %s on %s, RegVersion 0x%02x, fault %s\n",
		hwsim_kind_name(r->kind), r->spi_dev[0] ? r->spi_dev : "-",
		r->version, hwsim_fault_name(r->fault));
	fprintf(f, "  opmode     0x%02x (%s, %s)\n", r->opmode,
		r->opmode & 0x80 ? "lora" : "fsk",
		hwsim_chip_mode_name(r->opmode));
	fprintf(f, "  spi        %" PRIu64 " transfers, %" PRIu64
		" bytes in, %" PRIu64 " bytes out, %" PRIu64 " failed\n",
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_SPI_XFERS],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_IN],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_OUT],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_SPI_ERRORS]);
	fprintf(f, "  chip events irqs %" PRIu64 ", resets %" PRIu64
		", tx %" PRIu64 ", rx %" PRIu64 ", refused %" PRIu64
		", rx ignored %" PRIu64 ", rx timeouts %" PRIu64
		", cad %" PRIu64 "\n",
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_IRQS],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_RESETS],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_TX],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_RX],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_REFUSED],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_RX_IGNORED],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_RX_TIMEOUTS],
		r->chip_stats[LOOM_HWSIM_CHIP_STAT_CAD]);
}

void hwsim_show_medium(FILE *f, const struct hwsim_medium *m)
{
	char a[32], b[32], c[32], d[32];

	fprintf(f, "medium\n");
	fprintf(f, "  clock      %s\n", hwsim_clock_name(m->clock));
	fprintf(f, "  now        %s\n", fmt_secs(a, sizeof(a), m->now_ns));
	fprintf(f, "  events     %" PRIu64 "\n", m->events);
	fprintf(f, "  radios     %" PRIu32 " of %" PRIu32 "\n", m->radios,
		m->max_radios);
	fprintf(f, "  path loss  exponent %s, %s dB at %s m, sigma %s dB\n",
		hwsim_fmt_ufixed(a, sizeof(a), m->pl_exponent_milli, 3, 3,
				 false),
		hwsim_fmt_fixed(b, sizeof(b), m->pl_ref_loss_mdb, 3, 3, false),
		hwsim_fmt_ufixed(c, sizeof(c), m->pl_ref_dist_mm, 3, 3, false),
		hwsim_fmt_ufixed(d, sizeof(d), m->pl_sigma_mdb, 3, 3, false));
	fprintf(f, "  seed       %" PRIu64 "\n", m->seed);
}

int hwsim_show_all(FILE *f, const struct hwsim_view *v)
{
	if (v->medium) {
		hwsim_show_medium(f, v->medium);
		fputc('\n', f);
	}
	if (hwsim_show_radio_table(f, v))
		return -ENOMEM;
	fputc('\n', f);
	return hwsim_show_edge_table(f, v);
}

int hwsim_text(FILE *f, const struct hwsim_view *v, enum hwsim_doc doc)
{
	switch (doc) {
	case HWSIM_DOC_RADIO:
		hwsim_show_radio(f, v->radios);
		return 0;
	case HWSIM_DOC_RADIOS:
		return hwsim_show_radio_table(f, v);
	case HWSIM_DOC_EDGES:
		return hwsim_show_edge_table(f, v);
	case HWSIM_DOC_MEDIUM:
		hwsim_show_medium(f, v->medium);
		return 0;
	default:
		return hwsim_show_all(f, v);
	}
}

void hwsim_show_dot(FILE *f, const struct hwsim_view *v)
{
	char line[256];
	size_t i;

	fprintf(f, "digraph loom_hwsim {\n  node [shape=box];\n");
	for (i = 0; i < v->nradios; i++)
		fputs(hwsim_dot_node(line, sizeof(line), &v->radios[i]), f);
	for (i = 0; i < v->nedges; i++)
		fputs(hwsim_dot_edge(line, sizeof(line), &v->edges[i]), f);
	fprintf(f, "}\n");
}

static void json_radio(yajl_gen g, const struct hwsim_radio *r)
{
	unsigned int i;

	yajl_gen_map_open(g);
	out_json_kuint(g, "id", r->id);
	if (r->owned)
		out_json_kuint(g, "owner", r->owner);
	else
		out_json_knull(g, "owner");
	out_json_kstr(g, "state", hwsim_state_name(r->state));
	out_json_kuint(g, "freq_hz", r->freq_hz);
	out_json_kuint(g, "bw_hz", r->bw_hz);
	out_json_kuint(g, "sf", r->sf);
	out_json_kuint(g, "cr", r->cr);
	out_json_kint(g, "tx_power_dbm", r->tx_power_dbm);
	out_json_kuint(g, "preamble", r->preamble);
	out_json_kuint(g, "max_frame", r->max_frame);
	if (r->has_pos) {
		out_json_key(g, "pos_mm");
		yajl_gen_map_open(g);
		out_json_kint(g, "x", r->pos.x);
		out_json_kint(g, "y", r->pos.y);
		out_json_kint(g, "z", r->pos.z);
		yajl_gen_map_close(g);
	} else {
		out_json_knull(g, "pos_mm");
	}
	out_json_kuint(g, "gen_len", r->gen_len);
	out_json_kuint(g, "gen_gap_ns", r->gen_gap_ns);
	out_json_key(g, "stats");
	yajl_gen_map_open(g);
	for (i = 1; i <= LOOM_HWSIM_STAT_MAX; i++)
		out_json_kuint(g, hwsim_stat_name(i), r->stats[i]);
	yajl_gen_map_close(g);
	out_json_key(g, "state_time_ns");
	yajl_gen_map_open(g);
	for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
		out_json_kuint(g, hwsim_state_name(i), r->state_ns[i]);
	yajl_gen_map_close(g);
	out_json_kuint(g, "energy_nj", r->energy_nj);
	out_json_kstr(g, "kind", hwsim_kind_name(r->kind));
	if (r->kind == LOOM_HWSIM_KIND_RADIO) {
		out_json_knull(g, "chip");
		yajl_gen_map_close(g);
		return;
	}
	out_json_key(g, "chip");
	yajl_gen_map_open(g);
	out_json_kstr(g, "spi_dev", r->spi_dev);
	out_json_kuint(g, "version", r->version);
	out_json_kstr(g, "fault", hwsim_fault_name(r->fault));
	out_json_kuint(g, "opmode", r->opmode);
	out_json_kstr(g, "mode", hwsim_chip_mode_name(r->opmode));
	out_json_kbool(g, "lora", r->opmode & 0x80);
	out_json_key(g, "stats");
	yajl_gen_map_open(g);
	for (i = 1; i <= LOOM_HWSIM_CHIP_STAT_MAX; i++)
		out_json_kuint(g, hwsim_chip_stat_name(i), r->chip_stats[i]);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

static void json_edge(yajl_gen g, const struct hwsim_edge *e)
{
	yajl_gen_map_open(g);
	out_json_kuint(g, "from", e->from);
	out_json_kuint(g, "to", e->to);
	out_json_kint(g, "rssi_mdbm", e->rssi_mdbm);
	out_json_kint(g, "snr_mdb", e->snr_mdb);
	out_json_kuint(g, "loss_ppm", e->loss_ppm);
	out_json_kstr(g, "origin", hwsim_origin_name(e->origin));
	yajl_gen_map_close(g);
}

static void json_medium(yajl_gen g, const struct hwsim_medium *m)
{
	yajl_gen_map_open(g);
	out_json_kstr(g, "clock", hwsim_clock_name(m->clock));
	out_json_kuint(g, "now_ns", m->now_ns);
	out_json_kuint(g, "events", m->events);
	out_json_kuint(g, "max_radios", m->max_radios);
	out_json_kuint(g, "radios", m->radios);
	out_json_kuint(g, "pl_exponent_milli", m->pl_exponent_milli);
	out_json_kint(g, "pl_ref_loss_mdb", m->pl_ref_loss_mdb);
	out_json_kuint(g, "pl_ref_dist_mm", m->pl_ref_dist_mm);
	out_json_kuint(g, "pl_sigma_mdb", m->pl_sigma_mdb);
	out_json_kuint(g, "seed", m->seed);
	yajl_gen_map_close(g);
}

static void json_radio_list(yajl_gen g, const struct hwsim_view *v)
{
	size_t i;

	yajl_gen_array_open(g);
	for (i = 0; i < v->nradios; i++)
		json_radio(g, &v->radios[i]);
	yajl_gen_array_close(g);
}

static void json_edge_list(yajl_gen g, const struct hwsim_view *v)
{
	size_t i;

	yajl_gen_array_open(g);
	for (i = 0; i < v->nedges; i++)
		json_edge(g, &v->edges[i]);
	yajl_gen_array_close(g);
}

int hwsim_json(FILE *f, const struct hwsim_view *v, enum hwsim_doc doc,
	       bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);

	if (!g)
		return -ENOMEM;
	switch (doc) {
	case HWSIM_DOC_RADIO:
		json_radio(g, v->radios);
		break;
	case HWSIM_DOC_RADIOS:
		json_radio_list(g, v);
		break;
	case HWSIM_DOC_EDGES:
		json_edge_list(g, v);
		break;
	case HWSIM_DOC_MEDIUM:
		json_medium(g, v->medium);
		break;
	default:
		yajl_gen_map_open(g);
		out_json_key(g, "medium");
		if (v->medium)
			json_medium(g, v->medium);
		else
			yajl_gen_null(g);
		out_json_key(g, "radios");
		json_radio_list(g, v);
		out_json_key(g, "edges");
		json_edge_list(g, v);
		yajl_gen_map_close(g);
		break;
	}
	out_json_end(g, f, pretty);
	return 0;
}
