// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl schedule: one refresh period of the loaded topology (or of a
 * topology file) as the MAC times it - Documentation/mac.rst - for people
 * (text), programs (JSON) or pictures (SVG).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "loomctl.h"
#include "lora_opts.h"
#include "nl.h"
#include "sched_show.h"
#include "topo_get.h"
#include "topo_json.h"

enum {
	OPT_SVG = 256,
	OPT_CYCLES,
};

/**
 * struct sched_args - the command line of "schedule"
 * @svg: print SVG
 * @radio: the modulation (defaults changed by --sf, --bw, --cr,
 *	--preamble)
 * @cycles: data cycles the SVG draws
 * @file: the topology file, or NULL for the kernel's
 */
struct sched_args {
	bool svg;
	struct loom_lora_params radio;
	u32 cycles;
	const char *file;
};

/* What opt_value() needs. */
struct sched_parse {
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd;
	struct sched_args *a;
};

/* One of the options of "schedule"; 0, or 2 after a usage error. */
static int opt_value(int c, const char *val, void *arg)
{
	struct sched_parse *sp = arg;
	struct sched_args *a = sp->a;
	char err[HWSIM_ERR_MAX + 64];
	uint64_t n = 0;
	int ret;

	if (c == OPT_SVG) {
		a->svg = true;
		return 0;
	}
	ret = lora_opt_value(c, val, &a->radio, err, sizeof(err));
	if (ret == 1) {	/* --cycles */
		ret = hwsim_parse_uint(val, 1, LOOM_CFG_CYCLES_MAX, &n, err,
				       sizeof(err));
		if (ret)
			return loomctl_usage_error(sp->grp, sp->cmd,
						   "--cycles \"%s\": %s", val,
						   err);
		a->cycles = (u32)n;
		return 0;
	}
	if (ret)
		return loomctl_usage_error(sp->grp, sp->cmd, "%s", err);
	return 0;
}

/* Parses @argv into @opts and @a; 0, or the exit code of a usage error. */
static int parse_args(const struct loomctl_group *grp,
		      const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		      int argc, char **argv, struct sched_args *a)
{
	static const struct option longopts[] = {
		{ "svg", no_argument, NULL, OPT_SVG },
		LORA_OPTIONS,
		{ "cycles", required_argument, NULL, OPT_CYCLES },
		{ NULL, 0, NULL, 0 },
	};
	struct sched_parse sp = { grp, cmd, a };
	int i;

	memset(a, 0, sizeof(*a));
	loom_lora_params_default(&a->radio);
	a->cycles = 1;
	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, longopts,
				   opt_value, &sp);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (i < argc)
		a->file = argv[i];
	if (i + 1 < argc)
		return loomctl_usage_error(grp, cmd, "unexpected argument '%s'",
					   argv[i + 1]);
	if (a->svg && opts->json)
		return loomctl_usage_error(grp, cmd,
					   "--svg and -j exclude each other");
	return 0;
}

/* The topology of @a->file, or the kernel's; NULL after saying why. */
static struct loom_topology *get_topology(const struct sched_args *a,
					  struct topo_doc *doc,
					  u32 *generation)
{
	struct loom_topology *t = NULL;
	struct loom_nl nl;

	if (a->file)
		return topo_doc_check_print(doc, a->file) ? NULL : doc->t;
	if (loom_nl_open(&nl))
		return NULL;
	if (!topo_get_loaded(&nl, "schedule", generation, &t) && !t)
		loomctl_err("schedule: no topology loaded (or give a FILE)");
	loom_nl_close(&nl);
	return t;
}

static int do_schedule(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd,
		       struct loomctl_opts *opts, int argc, char **argv)
{
	struct topo_doc doc = { 0 };
	struct sched_view v = { 0 };
	struct loom_sched s;
	struct loom_topology *t;
	struct sched_args a;
	int err;

	err = parse_args(grp, cmd, opts, argc, argv, &a);
	if (err)
		return err;
	t = get_topology(&a, &doc, &v.generation);
	if (!t)
		return LOOMCTL_EXIT_FAIL;
	err = loom_sched_compute(&s, t, &a.radio);
	if (err == -ERANGE)
		loomctl_err("schedule: no time unit up to the hour holds the offsets (data offset 255, refresh offset 65535 units at most)");
	else if (err == -EINVAL)
		loomctl_err("schedule: no radio uses this modulation");
	else if (err)
		loomctl_err("schedule: out of memory");
	if (err)
		goto out;
	v.t = t;
	v.s = &s;
	v.radio = &a.radio;
	v.file = a.file ? doc.file : NULL;
	v.svg_cycles = a.cycles < t->cfg.data_cycles ? a.cycles :
						       t->cfg.data_cycles;
	if (a.svg)
		err = sched_show_svg(stdout, &v);
	else if (opts->json)
		err = sched_show_json(stdout, &v, opts->pretty);
	else
		err = sched_show_text(stdout, &v);
	if (err)
		loomctl_err("schedule: out of memory");
	loom_sched_free(&s);
out:
	if (a.file)
		topo_doc_free(&doc);
	else
		loom_topo_free(t);
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}

static const struct loomctl_cmd schedule_cmd = {
	.name = "schedule",
	.args = "[-j [-p] | --svg] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--cycles N] [FILE]",
	.help = "one refresh period of the loaded topology (or of FILE) as the MAC times it\n"
		"(Documentation/mac.rst): the timing, the refresh phase, one data cycle, who\n"
		"is awake when, and each node's radio-on time per period.",
	.fn = do_schedule,
};

const struct loomctl_group loomctl_schedule_group = {
	.name = "schedule",
	.help = "timeline of one refresh period: slots, who is awake, radio-on time",
	.cmd = &schedule_cmd,
	.notes =
		"Options:\n"
		"  -j, -p        JSON (indented with -p): times in ns from C0 or the cycle's start\n"
		"  --svg         an SVG Gantt chart of the refresh phase and data cycles\n"
		LORA_OPTIONS_HELP
		"  --cycles N    data cycles the SVG draws (default 1; at most data_cycles)\n"
		"The refresh frame is 11 bytes with an explicit header and CRC.  Without\n"
		"FILE, the topology loaded in the kernel.\n",
	.examples =
		"  loomctl schedule\n"
		"  loomctl schedule tests/userspace/integration/data/seed.json\n"
		"  loomctl schedule --sf 9 -j -p seed.json\n"
		"  loomctl schedule --svg --cycles 2 seed.json > schedule.svg\n",
};
