// SPDX-License-Identifier: GPL-2.0
/*
 * "show": the model, the radios and every link's signal, SNR, overrides
 * and counters, as tables (links that matter only) or as JSON (all of
 * them).  Decibels are printed to 0.1 dB.
 */
#include <math.h>
#include <string.h>

#include "medium.h"
#include "output.h"

static const char *const alias_origin[] = {
	[LM_ALIAS_PAIR] = "pair",
	[LM_ALIAS_SYSFS] = "sysfs",
	[LM_ALIAS_KERNEL] = "kernel",
	[LM_ALIAS_LEARNT] = "learnt",
};

/* A number with one decimal, as JSON. */
static void json_db(yajl_gen g, const char *key, double v)
{
	char num[32];

	out_json_key(g, key);
	snprintf(num, sizeof(num), "%.1f", v);
	if (!strcmp(num, "-0.0"))
		strcpy(num, "0.0");
	yajl_gen_number(g, num, strlen(num));
}

static void json_params(yajl_gen g, const struct lm_params *p)
{
	yajl_gen_map_open(g);
	json_db(g, "exponent", p->exponent);
	json_db(g, "ref_loss", p->ref_loss);
	json_db(g, "sigma", p->sigma);
	json_db(g, "fading", p->fading);
	json_db(g, "noise", p->noise);
	json_db(g, "threshold", p->threshold);
	json_db(g, "txpower", p->txpower);
	out_json_kuint(g, "seed", p->seed);
	yajl_gen_map_close(g);
}

static void json_counters(yajl_gen g, const struct lm_medium *m)
{
	const struct lm_stats *s = &m->st;

	yajl_gen_map_open(g);
	out_json_kuint(g, "frames", s->frames);
	out_json_kuint(g, "unknown_tx", s->unknown_tx);
	out_json_kuint(g, "invalid", s->invalid);
	out_json_kuint(g, "unexpected", s->unexpected);
	out_json_kuint(g, "refused", s->refused);
	out_json_kuint(g, "overruns", s->overruns);
	out_json_kuint(g, "send_failed", s->send_failed);
	out_json_kuint(g, "aliases_added", s->aliases_added);
	out_json_kuint(g, "aliases_removed", s->aliases_removed);
	out_json_kstr(g, "last_invalid", m->last_invalid);
	yajl_gen_map_close(g);
}

static void json_radio(yajl_gen g, const struct lm_medium *m, unsigned int i)
{
	const struct lm_radio *r = &m->radios[i];
	const struct lm_radio_stats *s = &r->st;
	char mac[18];
	unsigned int k;

	yajl_gen_map_open(g);
	out_json_kstr(g, "name", r->name);
	out_json_kstr(g, "addr", out_mac(mac, sizeof(mac), r->addr));
	if (r->phy[0])
		out_json_kstr(g, "phy", r->phy);
	else
		out_json_knull(g, "phy");
	out_json_key(g, "pos");
	yajl_gen_array_open(g);
	for (k = 0; k < 3; k++) {
		char num[32];

		snprintf(num, sizeof(num), "%.2f", r->pos[k]);
		yajl_gen_number(g, num, strlen(num));
	}
	yajl_gen_array_close(g);
	json_db(g, "txpower", lm_txpower(m, i));
	out_json_key(g, "aliases");
	yajl_gen_array_open(g);
	for (k = 0; k < m->naliases; k++) {
		if (m->aliases[k].radio != i)
			continue;
		yajl_gen_map_open(g);
		out_json_kstr(g, "addr", out_mac(mac, sizeof(mac), m->aliases[k].addr));
		out_json_kstr(g, "origin", alias_origin[m->aliases[k].origin]);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_kuint(g, "tx", s->tx);
	out_json_kuint(g, "unicast", s->unicast);
	out_json_kuint(g, "acked", s->acked);
	out_json_kuint(g, "no_addressee", s->no_addressee);
	out_json_kuint(g, "bad_length", s->bad_length);
	out_json_kuint(g, "refused", s->refused);
	yajl_gen_map_close(g);
}

static void json_link(yajl_gen g, const struct lm_medium *m, unsigned int a,
		      unsigned int b)
{
	const struct lm_link *l = lm_link(m, a, b);
	double s = lm_signal(m, a, b);

	yajl_gen_map_open(g);
	out_json_kstr(g, "from", m->radios[a].name);
	out_json_kstr(g, "to", m->radios[b].name);
	json_db(g, "signal", s);
	json_db(g, "snr", s - m->p.noise);
	out_json_kbool(g, "in_range", !l->cut && s >= m->p.threshold);
	json_db(g, "distance", lm_distance(m, a, b));
	out_json_kbool(g, "cut", l->cut);
	if (l->has_loss)
		json_db(g, "loss", l->loss);
	else
		out_json_knull(g, "loss");
	if (l->has_signal)
		json_db(g, "fixed_signal", l->signal);
	else
		out_json_knull(g, "fixed_signal");
	out_json_kuint(g, "delivered", l->st.delivered);
	out_json_kuint(g, "below", l->st.below);
	out_json_kuint(g, "lost", l->st.lost);
	out_json_kuint(g, "dropped_cut", l->st.cut);
	out_json_kuint(g, "acked", l->st.acked);
	out_json_kuint(g, "refused", l->st.refused);
	yajl_gen_map_close(g);
}

static void show_json(const struct lm_medium *m, FILE *f, bool registered)
{
	yajl_gen g = out_json_new(f, false);
	unsigned int i, j;
	char mac[18];

	if (!g)
		return;
	yajl_gen_map_open(g);
	out_json_kbool(g, "registered", registered);
	out_json_key(g, "medium");
	json_params(g, &m->p);
	out_json_key(g, "counters");
	json_counters(g, m);
	out_json_key(g, "unknown");
	yajl_gen_array_open(g);
	for (i = 0; i < m->nunknown; i++) {
		yajl_gen_map_open(g);
		out_json_kstr(g, "addr", out_mac(mac, sizeof(mac), m->unknown[i].addr));
		out_json_kuint(g, "frames", m->unknown[i].frames);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_key(g, "radios");
	yajl_gen_array_open(g);
	for (i = 0; i < m->n; i++)
		json_radio(g, m, i);
	yajl_gen_array_close(g);
	out_json_key(g, "links");
	yajl_gen_array_open(g);
	for (i = 0; i < m->n; i++)
		for (j = 0; j < m->n; j++)
			if (i != j)
				json_link(g, m, i, j);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	out_json_end(g, f, false);
}

static const char *fmt_db(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.1f", v);
	if (!strcmp(buf, "-0.0"))
		strcpy(buf, "0.0");
	return buf;
}

static void show_radios(const struct lm_medium *m, FILE *f)
{
	static const char *const hdr[] = {
		"RADIO", "ADDRESS", "PHY", "X", "Y", "Z", "TXPOWER", "TX",
		"UNICAST", "ACKED", "REFUSED", "ALIASES",
	};
	char c[11][32], al[256];
	const char *cells[12];
	struct out_table *t = out_table_new(12, hdr);
	unsigned int i, k;
	size_t o;

	for (i = 0; i < m->n; i++) {
		const struct lm_radio *r = &m->radios[i];

		out_mac(c[0], sizeof(c[0]), r->addr);
		for (k = 0; k < 3; k++)
			snprintf(c[2 + k], sizeof(c[0]), "%.1f", r->pos[k]);
		fmt_db(c[5], sizeof(c[5]), lm_txpower(m, i));
		out_u64(c[6], sizeof(c[6]), r->st.tx);
		out_u64(c[7], sizeof(c[7]), r->st.unicast);
		out_u64(c[8], sizeof(c[8]), r->st.acked);
		out_u64(c[9], sizeof(c[9]), r->st.refused);
		o = 0;
		al[0] = '\0';
		for (k = 0; k < m->naliases && o + 20 < sizeof(al); k++) {
			char mac[18];

			if (m->aliases[k].radio != i)
				continue;
			o += snprintf(al + o, sizeof(al) - o, "%s%s", o ? "," : "",
				      out_mac(mac, sizeof(mac), m->aliases[k].addr));
		}
		cells[0] = r->name;
		cells[1] = c[0];
		cells[2] = r->phy[0] ? r->phy : "-";
		for (k = 0; k < 8; k++)
			cells[3 + k] = c[2 + k];
		cells[11] = al[0] ? al : "-";
		out_table_add(t, cells);
	}
	out_table_emit(t, f);
}

static void show_links(const struct lm_medium *m, FILE *f)
{
	static const char *const hdr[] = {
		"FROM", "TO", "SIGNAL", "SNR", "OVERRIDE", "DELIVERED", "BELOW",
		"LOST", "CUT", "ACKED", "REFUSED",
	};
	char c[9][32], ov[64];
	const char *cells[11];
	struct out_table *t = out_table_new(11, hdr);
	unsigned int i, j, k;

	for (i = 0; i < m->n; i++) {
		for (j = 0; j < m->n; j++) {
			const struct lm_link *l = lm_link(m, i, j);
			const struct lm_link_stats *s = &l->st;
			double sig;
			size_t o = 0;

			if (i == j)
				continue;
			sig = lm_signal(m, i, j);
			/* Links nobody hears and nobody touched are noise. */
			if (sig < m->p.threshold && !l->cut && !l->has_loss &&
			    !l->has_signal && !s->delivered && !s->lost &&
			    !s->cut && !s->refused)
				continue;
			ov[0] = '\0';
			if (l->cut)
				o += snprintf(ov + o, sizeof(ov) - o, "cut ");
			if (l->has_loss)
				o += snprintf(ov + o, sizeof(ov) - o, "loss %g%% ", l->loss);
			if (l->has_signal)
				o += snprintf(ov + o, sizeof(ov) - o, "signal %g ", l->signal);
			if (o)
				ov[o - 1] = '\0';
			fmt_db(c[0], sizeof(c[0]), sig);
			fmt_db(c[1], sizeof(c[1]), sig - m->p.noise);
			out_u64(c[2], sizeof(c[2]), s->delivered);
			out_u64(c[3], sizeof(c[3]), s->below);
			out_u64(c[4], sizeof(c[4]), s->lost);
			out_u64(c[5], sizeof(c[5]), s->cut);
			out_u64(c[6], sizeof(c[6]), s->acked);
			out_u64(c[7], sizeof(c[7]), s->refused);
			cells[0] = m->radios[i].name;
			cells[1] = m->radios[j].name;
			cells[2] = c[0];
			cells[3] = c[1];
			cells[4] = ov[0] ? ov : "-";
			for (k = 0; k < 6; k++)
				cells[5 + k] = c[2 + k];
			out_table_add(t, cells);
		}
	}
	out_table_emit(t, f);
}

void lm_show(const struct lm_medium *m, FILE *f, bool json, bool registered)
{
	const struct lm_params *p = &m->p;
	const struct lm_stats *s = &m->st;
	char mac[18];
	unsigned int i;

	if (json) {
		show_json(m, f, registered);
		return;
	}
	fprintf(f, "medium: exponent %g, ref-loss %g dB, sigma %g dB, seed %llu, fading %g dB, noise %g dBm, threshold %g dBm, txpower %g dBm\n",
		p->exponent, p->ref_loss, p->sigma, (unsigned long long)p->seed,
		p->fading, p->noise, p->threshold, p->txpower);
	fprintf(f, "kernel: %s; frames %llu, unknown transmitters %llu, invalid %llu, unexpected %llu, refused %llu, overruns %llu, send failures %llu\n",
		registered ? "registered" : "not registered",
		(unsigned long long)s->frames, (unsigned long long)s->unknown_tx,
		(unsigned long long)s->invalid, (unsigned long long)s->unexpected,
		(unsigned long long)s->refused, (unsigned long long)s->overruns,
		(unsigned long long)s->send_failed);
	if (m->last_invalid[0])
		fprintf(f, "last invalid message: %s\n", m->last_invalid);
	for (i = 0; i < m->nunknown; i++)
		fprintf(f, "unknown transmitter %s: %llu frames\n",
			out_mac(mac, sizeof(mac), m->unknown[i].addr),
			(unsigned long long)m->unknown[i].frames);
	if (!m->n) {
		fprintf(f, "no radios\n");
		return;
	}
	fputc('\n', f);
	show_radios(m, f);
	fputc('\n', f);
	show_links(m, f);
}
