// SPDX-License-Identifier: GPL-2.0
/*
 * "topology check": does a valid topology fit a modulation and a region?
 * The figures are the schedule's (loom_sched_compute(), on the MAC's
 * loom_mac_timing_lora()); this file judges and words them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "output.h"
#include "sched_show.h"
#include "topo_fit.h"

static const char *const region_names[] = {
	[TOPO_REGION_NONE] = "none",
	[TOPO_REGION_EU868] = "eu868",
	[TOPO_REGION_US915] = "us915",
};

int topo_region_parse(const char *s, enum topo_region *r, char *err,
		      size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(region_names); i++) {
		if (!strcmp(s, region_names[i])) {
			*r = i;
			return 0;
		}
	}
	return out_fail(err, len, "must be eu868, us915 or none");
}

const char *topo_region_name(enum topo_region r)
{
	return (unsigned int)r < ARRAY_SIZE(region_names) ? region_names[r] :
							     "?";
}

int topo_fit_judge(struct topo_fit *f, const struct loom_topology *t,
		   const struct loom_lora_params *p, enum topo_region r)
{
	const struct loom_sched_node *sn;
	u64 best = 0;
	u32 i;
	int err;

	memset(f, 0, sizeof(*f));
	f->t = t;
	f->radio = *p;
	f->region = r;
	f->slot_fits = f->duty_fits = f->dwell_fits = true;
	err = loom_sched_compute(&f->s, t, p);
	if (err == -ERANGE)
		return 0;
	if (err)
		return err;
	f->timed = true;
	f->slot_fits = f->s.tm.slot_ns >= f->s.slot_need_ns;
	if (r == TOPO_REGION_EU868) {
		for (i = 0; i < t->n; i++) {
			sn = &f->s.nodes[i];
			if (sn->air_tx_ns > best || !i) {
				best = sn->air_tx_ns;
				f->busiest = i;
			}
			if (sched_ppm(sn->air_tx_ns, f->s.tm.period_ns) >
			    TOPO_EU868_DUTY_PPM)
				f->nodes_over++;
		}
		f->duty_fits = !f->nodes_over;
	}
	if (r == TOPO_REGION_US915)
		f->dwell_fits = f->s.tm.data_air_ns <= TOPO_US915_DWELL_NS;
	return 0;
}

bool topo_fit_ok(const struct topo_fit *f)
{
	return f->timed && f->slot_fits && f->duty_fits && f->dwell_fits;
}

void topo_fit_free(struct topo_fit *f)
{
	if (f->timed)
		loom_sched_free(&f->s);
	f->timed = false;
}

/* Nanoseconds as milliseconds, three decimals. */
static char *ms(char *buf, size_t len, u64 ns)
{
	return hwsim_fmt_ufixed(buf, len, ns, 6, 3, true);
}

/* "SF9/125 kHz CR 4/5 preamble 8" */
static char *radio_label(char *buf, size_t len,
			 const struct loom_lora_params *p)
{
	char bw[16];

	snprintf(buf, len, "SF%u/%s kHz CR 4/%u preamble %u", p->sf,
		 hwsim_fmt_ufixed(bw, sizeof(bw), p->bw_hz, 3, 3, false),
		 p->cr, p->preamble);
	return buf;
}

/* The rules, in the order they are judged and printed. */
enum fit_rule {
	RULE_OFFSETS,
	RULE_HANDSHAKE,
	RULE_DUTY,
	RULE_DWELL,
	__RULE_MAX,
};

static const char *const rule_names[] = {
	[RULE_OFFSETS] = "refresh_offsets",
	[RULE_HANDSHAKE] = "handshake",
	[RULE_DUTY] = "eu868_duty_cycle",
	[RULE_DWELL] = "us915_dwell_time",
};

/* Was @rule judged, and did it pass? */
static bool rule_judged(const struct topo_fit *f, enum fit_rule rule,
			bool *ok)
{
	switch (rule) {
	case RULE_OFFSETS:	/* a finding only when broken */
		*ok = false;
		return !f->timed;
	case RULE_HANDSHAKE:
		*ok = f->slot_fits;
		return f->timed;
	case RULE_DUTY:
		*ok = f->duty_fits;
		return f->timed && f->region == TOPO_REGION_EU868;
	default:
		*ok = f->dwell_fits;
		return f->timed && f->region == TOPO_REGION_US915;
	}
}

/* Room for a sentence with a node's name in it. */
#define FIT_MSG_MAX	(LOOM_NAME_MAX * 4 + 512)

/* The sentence on @rule, passed or not. */
static void rule_message(const struct topo_fit *f, enum fit_rule rule,
			 char *buf, size_t len)
{
	const struct loom_mac_timing *tm = &f->s.tm;
	const struct loom_sched_node *sn;
	char radio[64], a[32], b[32], c[32], d[32], pct[32];
	char name[LOOM_NAME_MAX * 4 + 1];
	u64 min_ms, ppm;

	radio_label(radio, sizeof(radio), &f->radio);
	switch (rule) {
	case RULE_OFFSETS:
		snprintf(buf, len, "no time unit up to the hour holds the refresh offsets at %s (data offset 255, refresh offset 65535 units at most)",
			 radio);
		return;
	case RULE_HANDSHAKE:
		if (f->slot_fits) {
			snprintf(buf, len, "slot %s ms >= handshake %s ms at %s",
				 ms(a, sizeof(a), tm->slot_ns),
				 ms(b, sizeof(b), f->s.slot_need_ns), radio);
			return;
		}
		min_ms = (f->s.slot_need_ns + 999999) / 1000000;
		snprintf(buf, len, "slot_ms %u: slot %s ms < handshake %s ms at %s: 2 guards of %s ms, a %u-byte DATA and ACK with data of %s ms each, a %u-byte ACK of %s ms, 2 turnarounds of 1 ms (slot_ms must be at least %llu, or the modulation faster)",
			 f->t->cfg.slot_ms, ms(a, sizeof(a), tm->slot_ns),
			 ms(b, sizeof(b), f->s.slot_need_ns), radio,
			 ms(c, sizeof(c), tm->guard_ns), tm->max_frame,
			 ms(d, sizeof(d), tm->data_air_ns),
			 (unsigned int)LOOM_MAC_ACK_LEN,
			 ms(pct, sizeof(pct), tm->ack_air_ns),
			 (unsigned long long)min_ms);
		return;
	case RULE_DUTY:
		sn = &f->s.nodes[f->busiest];
		ppm = sched_ppm(sn->air_tx_ns, tm->period_ns);
		out_printable(name, sizeof(name), f->t->nodes[f->busiest].name);
		hwsim_fmt_ufixed(pct, sizeof(pct), ppm, 4, 3, true);
		if (f->duty_fits)
			snprintf(buf, len, "busiest node '%s': on the air up to %s ms per period of %s ms at %s: %s %% <= EU868's 1 %% duty cycle",
				 name, ms(a, sizeof(a), sn->air_tx_ns),
				 ms(b, sizeof(b), tm->period_ns), radio, pct);
		else
			snprintf(buf, len, "node '%s': on the air up to %s ms per period of %s ms at %s: %s %% > EU868's 1 %% duty cycle (ETSI EN 300 220); %u of %u nodes over it (raise data_interval_ms, lower data_cycles or use a faster modulation)",
				 name, ms(a, sizeof(a), sn->air_tx_ns),
				 ms(b, sizeof(b), tm->period_ns), radio, pct,
				 f->nodes_over, f->t->n);
		return;
	default:
		snprintf(buf, len, "longest frame (%u bytes) %s ms on air at %s %s US915's 400 ms dwell time%s",
			 tm->max_frame, ms(a, sizeof(a), tm->data_air_ns),
			 radio, f->dwell_fits ? "<=" : ">",
			 f->dwell_fits ? "" : " (FCC 15.247; use a faster modulation)");
	}
}

/* Where in the file a broken rule points: a byte offset, or TOPO_NOPOS. */
static size_t rule_pos(const struct topo_doc *doc, const struct topo_fit *f,
		       enum fit_rule rule)
{
	size_t pos = TOPO_NOPOS;

	if (rule == RULE_HANDSHAKE) {
		pos = doc->cfg_pos[TOPO_CFG_SLOT_MS];
		if (pos == TOPO_NOPOS)
			pos = doc->config_pos;
	} else if (rule == RULE_DUTY) {
		pos = doc->name_pos[f->busiest];
		if (pos == TOPO_NOPOS)
			pos = doc->node_pos[f->busiest];
	}
	return pos;
}

void topo_fit_print(FILE *out, FILE *err, const struct topo_doc *doc,
		    const struct topo_fit *f)
{
	char msg[FIT_MSG_MAX];
	unsigned int line, col, r;
	bool ok, pass = topo_fit_ok(f);
	size_t pos;

	if (pass && !out)
		return;
	if (pass)
		fprintf(out, "%s: ok: %u nodes, %u slots\n", doc->file,
			f->t->n, f->t->slot_total);
	for (r = 0; r < __RULE_MAX; r++) {
		if (!rule_judged(f, r, &ok) || (!pass && ok))
			continue;
		rule_message(f, r, msg, sizeof(msg));
		if (pass) {
			fprintf(out, "  %s: %s\n", rule_names[r], msg);
			continue;
		}
		pos = rule_pos(doc, f, r);
		if (pos == TOPO_NOPOS) {
			fprintf(err, "%s: %s\n", doc->file, msg);
			continue;
		}
		topo_doc_linecol(doc, pos, &line, &col);
		fprintf(err, "%s:%u:%u: %s\n", doc->file, line, col, msg);
	}
}

/* "node" and "address" of node @i, or nulls. */
static void json_node(yajl_gen g, const struct loom_topology *t, u32 i)
{
	char a[8];

	if (!t || i >= t->n) {
		out_json_knull(g, "node");
		out_json_knull(g, "address");
		return;
	}
	out_json_kstr(g, "node", t->nodes[i].name);
	snprintf(a, sizeof(a), "0x%04x", t->nodes[i].addr);
	out_json_kstr(g, "address", a);
}

/* "line" and "column" of offset @pos, or nulls. */
static void json_pos(yajl_gen g, const struct topo_doc *doc, size_t pos)
{
	unsigned int line, col;

	if (!doc || !doc->text || pos == TOPO_NOPOS) {
		out_json_knull(g, "line");
		out_json_knull(g, "column");
		return;
	}
	topo_doc_linecol(doc, pos, &line, &col);
	out_json_kuint(g, "line", line);
	out_json_kuint(g, "column", col);
}

static void json_rule(yajl_gen g, const struct topo_doc *doc,
		      const struct topo_fit *f, enum fit_rule rule, bool ok)
{
	const struct loom_mac_timing *tm = &f->s.tm;
	const struct loom_sched_node *sn;
	char msg[FIT_MSG_MAX];

	yajl_gen_map_open(g);
	out_json_kstr(g, "rule", rule_names[rule]);
	out_json_kbool(g, "ok", ok);
	json_node(g, f->t, rule == RULE_DUTY ? f->busiest : f->t->n);
	if (rule == RULE_HANDSHAKE)
		out_json_kstr(g, "field", "slot_ms");
	else
		out_json_knull(g, "field");
	json_pos(g, doc, ok ? TOPO_NOPOS : rule_pos(doc, f, rule));
	switch (rule) {
	case RULE_OFFSETS:
		break;
	case RULE_HANDSHAKE:
		out_json_kuint(g, "slot_ns", tm->slot_ns);
		out_json_kuint(g, "need_ns", f->s.slot_need_ns);
		out_json_kuint(g, "guard_ns", tm->guard_ns);
		out_json_kuint(g, "frame_len", tm->max_frame);
		out_json_kuint(g, "frame_air_ns", tm->data_air_ns);
		out_json_kuint(g, "ack_len", LOOM_MAC_ACK_LEN);
		out_json_kuint(g, "ack_air_ns", tm->ack_air_ns);
		out_json_kuint(g, "turnaround_ns", LOOM_MAC_TURNAROUND_NS);
		break;
	case RULE_DUTY:
		sn = &f->s.nodes[f->busiest];
		out_json_kuint(g, "air_ns", sn->air_tx_ns);
		out_json_kuint(g, "period_ns", tm->period_ns);
		sched_json_share(g, "share",
				 sched_ppm(sn->air_tx_ns, tm->period_ns));
		sched_json_share(g, "limit", TOPO_EU868_DUTY_PPM);
		out_json_kuint(g, "nodes_over", f->nodes_over);
		break;
	default:
		out_json_kuint(g, "frame_len", tm->max_frame);
		out_json_kuint(g, "air_ns", tm->data_air_ns);
		out_json_kuint(g, "limit_ns", TOPO_US915_DWELL_NS);
		break;
	}
	rule_message(f, rule, msg, sizeof(msg));
	out_json_kstr(g, "message", msg);
	yajl_gen_map_close(g);
}

/* The finding of a topology the validator (or the reader) refused. */
static void json_refused(yajl_gen g, const struct topo_doc *doc,
			 const struct loom_topo_error *e, const char *msg)
{
	yajl_gen_map_open(g);
	out_json_kstr(g, "rule", "topology");
	out_json_kbool(g, "ok", false);
	/* A refused topology has no addresses. */
	if (e && e->node < doc->t->n)
		out_json_kstr(g, "node", doc->t->nodes[e->node].name);
	else
		out_json_knull(g, "node");
	out_json_knull(g, "address");
	out_json_knull(g, "field");
	if (e)
		out_json_kint(g, "code", e->code);
	else
		out_json_knull(g, "code");
	out_json_knull(g, "line");
	out_json_knull(g, "column");
	out_json_kstr(g, "message", msg);
	yajl_gen_map_close(g);
}

int topo_fit_json(FILE *out, bool pretty, const char *file,
		  const struct topo_doc *doc, const struct topo_fit *f,
		  const struct loom_topo_error *refused, const char *doc_msg,
		  const struct loom_lora_params *p, enum topo_region r)
{
	yajl_gen g = out_json_new(out, pretty);
	unsigned int rule;
	bool ok;

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	out_json_kstr(g, "file", file);
	out_json_kbool(g, "valid", f && topo_fit_ok(f));
	out_json_kuint_or_null(g, "nodes", f, f ? f->t->n : 0);
	out_json_kuint_or_null(g, "slots", f, f ? f->t->slot_total : 0);
	sched_json_radio(g, p);
	out_json_kstr(g, "region", topo_region_name(r));
	out_json_key(g, "findings");
	yajl_gen_array_open(g);
	if (!f)
		json_refused(g, doc, refused, doc_msg);
	for (rule = RULE_OFFSETS; f && rule < __RULE_MAX; rule++)
		if (rule_judged(f, rule, &ok))
			json_rule(g, doc, f, rule, ok);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	out_json_end(g, out, pretty);
	return 0;
}
