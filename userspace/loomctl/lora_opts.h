/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The modulation options of the commands that time a topology offline
 * ("schedule", "topology check"): --sf, --bw, --cr and --preamble, read
 * with the hwsim value parsers into a struct loom_lora_params that
 * starts at the radio's defaults (loom_lora_params_default()).
 */
#ifndef _LOOMCTL_LORA_OPTS_H
#define _LOOMCTL_LORA_OPTS_H

#include <getopt.h>
#include <stddef.h>

#include "radio/lora.h"

/* getopt values of the options, above every command's own. */
enum {
	LORA_OPT_SF = 0x4000,
	LORA_OPT_BW,
	LORA_OPT_CR,
	LORA_OPT_PREAMBLE,
};

/* The four as struct option entries, for a command's option table. */
#define LORA_OPTIONS \
	{ "sf", required_argument, NULL, LORA_OPT_SF }, \
	{ "bw", required_argument, NULL, LORA_OPT_BW }, \
	{ "cr", required_argument, NULL, LORA_OPT_CR }, \
	{ "preamble", required_argument, NULL, LORA_OPT_PREAMBLE }

/* Their lines for a command's help text. */
#define LORA_OPTIONS_HELP \
	"  --sf N        spreading factor 5..12 (default 7)\n" \
	"  --bw KHZ      bandwidth: 7.8 10.4 15.6 20.8 31.25 41.7 62.5 125 250 500\n" \
	"                (default 125)\n" \
	"  --cr 4/N      coding rate 4/5..4/8 (default 4/5)\n" \
	"  --preamble N  preamble symbols 6..65535 (default 8)\n"

/*
 * Option @c with value @val into @p.  Returns 1 if @c is none of the
 * four, 0 when taken, -EINVAL with '--OPT "VAL": reason' in @err.
 */
int lora_opt_value(int c, const char *val, struct loom_lora_params *p,
		   char *err, size_t len);

#endif /* _LOOMCTL_LORA_OPTS_H */
