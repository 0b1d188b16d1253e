/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a valid topology can run on a LoRa modulation and in a region
 * ("loomctl topology check"): a slot must hold the MAC's three-way
 * handshake, the busiest node must stay within EU868's duty cycle, the
 * longest frame within US915's dwell time.  Every figure comes from the
 * schedule (sched_calc.c), which takes its timing from the MAC
 * (kernel/mac/timing.c): nothing is computed here a second time.
 */
#ifndef _LOOMCTL_TOPO_FIT_H
#define _LOOMCTL_TOPO_FIT_H

#include <stdbool.h>
#include <stdio.h>

#include "sched_calc.h"
#include "topo_json.h"

/**
 * enum topo_region - the rules of a band, for "--region"
 * @TOPO_REGION_NONE: none
 * @TOPO_REGION_EU868: 1 % duty cycle per node (ETSI EN 300 220, sub-band
 *	g1; LoRaWAN Regional Parameters, EU863-870)
 * @TOPO_REGION_US915: 400 ms dwell time per frame (FCC 47 CFR 15.247;
 *	LoRaWAN Regional Parameters, US902-928)
 */
enum topo_region {
	TOPO_REGION_NONE,
	TOPO_REGION_EU868,
	TOPO_REGION_US915,
};

/* EU868's duty cycle, ppm of the time (1 %). */
#define TOPO_EU868_DUTY_PPM	10000
/* US915's longest time on a channel per frame. */
#define TOPO_US915_DWELL_NS	400000000ULL

/**
 * struct topo_fit - the verdict on one topology, modulation and region
 * @t: the topology (computed: slots and roles)
 * @radio: the modulation
 * @region: the region
 * @timed: false if no time unit holds the refresh offsets (-ERANGE from
 *	the schedule): nothing else was judged
 * @s: the schedule (when @timed)
 * @slot_fits: the slot holds a handshake (@s.tm.slot_ns >=
 *	@s.slot_need_ns)
 * @busiest: the node longest on the air per period (EU868)
 * @nodes_over: nodes over the duty cycle (EU868)
 * @duty_fits: no node over it (true outside EU868)
 * @dwell_fits: the longest frame within the dwell time (true outside
 *	US915)
 */
struct topo_fit {
	const struct loom_topology *t;
	struct loom_lora_params radio;
	enum topo_region region;
	bool timed;
	struct loom_sched s;
	bool slot_fits;
	u32 busiest;
	u32 nodes_over;
	bool duty_fits;
	bool dwell_fits;
};

/* "eu868" and so on; 0, or -EINVAL with the reason in @err. */
int topo_region_parse(const char *s, enum topo_region *r, char *err,
		      size_t len);
const char *topo_region_name(enum topo_region r);

/*
 * Judges @t (which loom_topo_compute() accepted) on @p in @r.  Returns 0
 * (the verdict in @f, free it with topo_fit_free()), -EINVAL for a
 * modulation no radio uses, -ENOMEM.
 */
int topo_fit_judge(struct topo_fit *f, const struct loom_topology *t,
		   const struct loom_lora_params *p, enum topo_region r);
bool topo_fit_ok(const struct topo_fit *f);
void topo_fit_free(struct topo_fit *f);

/*
 * "FILE: ok: ..." and a line per rule on @out (if not NULL) when it
 * fits, else a line per broken rule, "FILE:LINE:COL: ..." where the file
 * has a place for it, on @err.
 */
void topo_fit_print(FILE *out, FILE *err, const struct topo_doc *doc,
		    const struct topo_fit *f);

/*
 * The verdict as JSON on @out.  Without @f, the topology itself was
 * refused: @doc_msg says why, @file names it, and @refused (NULL if it
 * did not parse) is the validator's verdict on @doc.  0 or -ENOMEM.
 */
int topo_fit_json(FILE *out, bool pretty, const char *file,
		  const struct topo_doc *doc, const struct topo_fit *f,
		  const struct loom_topo_error *refused, const char *doc_msg,
		  const struct loom_lora_params *p, enum topo_region r);

#endif /* _LOOMCTL_TOPO_FIT_H */
