/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing one refresh period of a Loom network ("loomctl schedule"): the
 * timing, the refresh phase, one data cycle, who is awake when and for
 * how long; as text, JSON or an SVG Gantt chart.  All to a FILE, so the
 * unit tests read exactly what the command prints.
 */
#ifndef _LOOMCTL_SCHED_SHOW_H
#define _LOOMCTL_SCHED_SHOW_H

#include <stdbool.h>
#include <stdio.h>
#include <yajl/yajl_gen.h>

#include "sched_calc.h"

/**
 * struct sched_view - what "schedule" prints
 * @t: the computed topology (nodes in index order)
 * @s: its period, from loom_sched_compute()
 * @radio: the modulation it was computed for
 * @file: the topology file, or NULL for the kernel's topology
 * @generation: the kernel's topology generation (without @file)
 * @svg_cycles: data cycles the SVG draws (1..data_cycles)
 */
struct sched_view {
	const struct loom_topology *t;
	const struct loom_sched *s;
	const struct loom_lora_params *radio;
	const char *file;
	u32 generation;
	u32 svg_cycles;
};

/* All return 0, or -ENOMEM. */
int sched_show_text(FILE *f, const struct sched_view *v);
int sched_show_json(FILE *f, const struct sched_view *v, bool pretty);
int sched_show_svg(FILE *f, const struct sched_view *v);

/* "ms", "s", "min", "h" (the unit's name in the refresh packet's terms). */
const char *sched_unit_name(u8 unit);

/* @part / @whole in parts per million, rounded (1000000 when equal). */
u64 sched_ppm(u64 part, u64 whole);

/* "KEY": a share in ppm as a number with six decimals (0.232398). */
void sched_json_share(yajl_gen g, const char *key, u64 ppm);

/* "radio": {sf, bw_hz, cr, preamble, implicit_header, crc, ldro}. */
void sched_json_radio(yajl_gen g, const struct loom_lora_params *p);

#endif /* _LOOMCTL_SCHED_SHOW_H */
