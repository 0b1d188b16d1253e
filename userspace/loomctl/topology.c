// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl topology: check, load, show and clear the network topology.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "hwsim_parse.h"
#include "loomctl.h"
#include "lora_opts.h"
#include "nl.h"
#include "topo_fit.h"
#include "topo_get.h"
#include "topo_json.h"
#include "topo_msg.h"
#include "topo_show.h"

/* Exactly one operand, FILE.  Returns its index or -1 (usage error). */
static int file_operand(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	int i = loomctl_parse_opts(grp, cmd, opts, argc, argv);

	if (i < 0)
		return -1;
	if (i >= argc) {
		loomctl_usage_error(grp, cmd, "missing FILE");
		return -1;
	}
	if (i + 1 < argc) {
		loomctl_usage_error(grp, cmd, "unexpected argument '%s'",
				    argv[i + 1]);
		return -1;
	}
	return i;
}

static int no_operand(const struct loomctl_group *grp,
		      const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		      int argc, char **argv)
{
	int i = loomctl_parse_opts(grp, cmd, opts, argc, argv);

	if (i < 0)
		return -1;
	if (i < argc) {
		loomctl_usage_error(grp, cmd, "unexpected argument '%s'",
				    argv[i]);
		return -1;
	}
	return 0;
}

/* Parse only: "load --no-check" leaves the rules to the kernel. */
static int read_file(const char *path, struct topo_doc *doc)
{
	char err[LOOMCTL_ERR_MAX];

	if (topo_doc_read(doc, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

enum {
	OPT_REGION = 256,
};

/**
 * struct check_args - the command line of "check"
 * @radio: the modulation (the radio's defaults, changed by --sf, --bw,
 *	--cr, --preamble)
 * @region: --region
 */
struct check_args {
	struct loom_lora_params radio;
	enum topo_region region;
};

/* What check_opt() needs. */
struct check_parse {
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd;
	struct check_args *a;
};

/* One of the options of "check"; 0, or 2 after a usage error. */
static int check_opt(int c, const char *val, void *arg)
{
	struct check_parse *cp = arg;
	char err[HWSIM_ERR_MAX + 64];
	int ret;

	ret = lora_opt_value(c, val, &cp->a->radio, err, sizeof(err));
	if (ret == 1) {	/* --region */
		if (!topo_region_parse(val, &cp->a->region, err, sizeof(err)))
			return 0;
		return loomctl_usage_error(cp->grp, cp->cmd,
					   "--region \"%s\": %s", val, err);
	}
	if (ret)
		return loomctl_usage_error(cp->grp, cp->cmd, "%s", err);
	return 0;
}

/* The refusal of a file that did not read or validate, as JSON too. */
static int check_refused(const struct loomctl_opts *opts, const char *path,
			 const struct topo_doc *doc,
			 const struct loom_topo_error *e, const char *msg,
			 const struct check_args *a)
{
	const char *file = doc->file ? doc->file :
			   strcmp(path, "-") ? path : "<stdin>";

	fprintf(stderr, "%s\n", msg);
	if (opts->json && topo_fit_json(stdout, opts->pretty, file, doc, NULL,
					e, msg, &a->radio, a->region))
		loomctl_err("topology check: out of memory");
	return LOOMCTL_EXIT_FAIL;
}

static int do_check(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv)
{
	static const struct option longopts[] = {
		LORA_OPTIONS,
		{ "region", required_argument, NULL, OPT_REGION },
		{ NULL, 0, NULL, 0 },
	};
	struct check_args a = { .region = TOPO_REGION_NONE };
	struct check_parse cp = { grp, cmd, &a };
	struct topo_doc doc = { 0 };
	struct loom_topo_error e;
	char err[LOOMCTL_ERR_MAX];
	struct topo_fit fit;
	int i, ret;

	loom_lora_params_default(&a.radio);
	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, longopts,
				   check_opt, &cp);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (i >= argc)
		return loomctl_usage_error(grp, cmd, "missing FILE");
	if (i + 1 < argc)
		return loomctl_usage_error(grp, cmd, "unexpected argument '%s'",
					   argv[i + 1]);
	if (topo_doc_read(&doc, argv[i], err, sizeof(err)))
		return check_refused(opts, argv[i], &doc, NULL, err, &a);
	if (topo_doc_verdict(&doc, &e, err, sizeof(err))) {
		ret = check_refused(opts, argv[i], &doc,
				    e.code < 0 ? NULL : &e, err, &a);
		topo_doc_free(&doc);
		return ret;
	}
	ret = topo_fit_judge(&fit, doc.t, &a.radio, a.region);
	if (ret) {
		loomctl_err("topology check: %s", ret == -EINVAL ?
			    "no radio uses this modulation" : "out of memory");
		topo_doc_free(&doc);
		return LOOMCTL_EXIT_FAIL;
	}
	/* With -j the broken rules go to stderr as well, for people. */
	topo_fit_print(opts->json ? NULL : stdout, stderr, &doc, &fit);
	ret = topo_fit_ok(&fit) ? LOOMCTL_EXIT_OK : LOOMCTL_EXIT_FAIL;
	if (opts->json && topo_fit_json(stdout, opts->pretty, doc.file, &doc,
					&fit, NULL, NULL, &a.radio, a.region)) {
		loomctl_err("topology check: out of memory");
		ret = LOOMCTL_EXIT_FAIL;
	}
	topo_fit_free(&fit);
	topo_doc_free(&doc);
	return ret;
}

static int do_load(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct topo_doc doc;
	struct loom_nl nl;
	struct nl_msg *msg;
	size_t size, max;
	int i, err, ret = LOOMCTL_EXIT_FAIL;

	i = file_operand(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	/* The kernel would refuse it for the same reason: say it here. */
	if (opts->no_check ? read_file(argv[i], &doc) :
			     topo_doc_check_print(&doc, argv[i]))
		return LOOMCTL_EXIT_FAIL;
	if (loom_nl_open(&nl))
		goto out_doc;

	size = topo_msg_set_size(doc.t);
	if (loom_nl_reserve(&nl, size, &max)) {
		loomctl_err("topology load: %s needs a %zu-byte netlink message, but the socket send buffer only takes %zu bytes (raise net.core.wmem_max or run with CAP_NET_ADMIN)",
			    doc.file, size, max);
		goto out_nl;
	}
	msg = topo_msg_build_set(nl.family, doc.t);
	if (!msg) {
		loomctl_err("topology load: out of memory");
		goto out_nl;
	}
	err = loom_nl_request(&nl, msg, NULL, NULL);
	if (err == -EPERM || err == -EMSGSIZE || err == -ENOMEM) {
		loom_nl_report(&nl, "topology load", err);
	} else if (err) {
		loomctl_err("kernel refused topology: %s",
			    nl.extack[0] ? nl.extack : strerror(-err));
	} else {
		if (opts->no_check)
			printf("%s: loaded: %u nodes\n", doc.file, doc.t->n);
		else
			printf("%s: loaded: %u nodes, %u slots\n", doc.file,
			       doc.t->n, doc.t->slot_total);
		ret = LOOMCTL_EXIT_OK;
	}
out_nl:
	loom_nl_close(&nl);
out_doc:
	topo_doc_free(&doc);
	return ret;
}

static int do_clear(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv)
{
	struct loom_nl nl;
	struct nl_msg *msg;
	int err;

	if (no_operand(grp, cmd, opts, argc, argv))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_CMD_TOPO_CLEAR, 0, 0);
	err = msg ? loom_nl_request(&nl, msg, NULL, NULL) : -ENOMEM;
	if (err)
		loom_nl_report(&nl, "topology clear", err);
	loom_nl_close(&nl);
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}

static int do_show(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct topo_view view = { 0 };
	struct loom_topology *t = NULL;
	struct loom_nl nl;
	int err;

	if (no_operand(grp, cmd, opts, argc, argv))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = topo_get_loaded(&nl, "topology show", &view.generation, &t);
	if (!err) {
		view.t = t;
		err = opts->json ? topo_show_json(stdout, &view, opts->pretty) :
				   topo_show_table(stdout, &view);
		if (err)
			loomctl_err("topology show: out of memory");
	}
	loom_topo_free(t);
	loom_nl_close(&nl);
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}

static const struct loomctl_cmd topology_cmds[] = {
	{
		.name = "check",
		.args = "[-j [-p]] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--region R] FILE",
		.help = "validate the JSON topology in FILE (\"-\": standard input) offline, and\n"
			"                          whether it runs on a LoRa modulation and in a region (below)",
		.fn = do_check,
	},
	{
		.name = "load",
		.args = "[--no-check] FILE",
		.help = "check FILE, then make it the kernel's topology (needs CAP_NET_ADMIN)",
		.fn = do_load,
	},
	{
		.name = "show",
		.args = "[-j [-p]]",
		.help = "print the loaded topology: a table, or JSON with -j (indented with -p)",
		.fn = do_show,
	},
	{
		.name = "clear",
		.args = "",
		.help = "remove the loaded topology (needs CAP_NET_ADMIN)",
		.fn = do_clear,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_topology_group = {
	.name = "topology",
	.help = "check, load, show and clear the network topology",
	.cmds = topology_cmds,
	.notes =
		"check judges the topology on a LoRa modulation as the MAC times it\n"
		"(Documentation/mac.rst): a slot must hold a three-way handshake with the\n"
		"longest frames.  With a region also: EU868, the busiest node on the air at\n"
		"most 1 % of a period (ETSI EN 300 220); US915, the longest frame at most\n"
		"400 ms on air (FCC 15.247 dwell time).  Exit 0 when everything fits.\n"
		"  -j, -p        the verdict as JSON (indented with -p), every finding\n"
		LORA_OPTIONS_HELP
		"  --region R    eu868, us915 or none (default none)\n",
	.examples =
		"  loomctl topology check tests/userspace/integration/data/seed.json\n"
		"  loomctl topology check --sf 7 --bw 500 --region eu868 seed-fast.json\n"
		"  loomctl topology check -j --sf 10 --region us915 seed.json\n"
		"  loomctl topology load tests/userspace/integration/data/seed.json\n"
		"  loomctl topology load --no-check bad.json   # let the kernel alone judge\n"
		"  loomctl topology show\n"
		"  loomctl topology show -j -p\n"
		"  loomctl -j topology show | jq '.nodes[] | select(.role == \"router\") | .name'\n"
		"  loomctl topology clear\n",
};
