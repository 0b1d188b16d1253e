// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl topology: check, load, show and clear the network topology.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "nl.h"
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

static int do_check(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv)
{
	struct topo_doc doc;
	int i = file_operand(grp, cmd, opts, argc, argv);

	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (topo_doc_check_print(&doc, argv[i]))
		return LOOMCTL_EXIT_FAIL;
	printf("%s: ok: %u nodes, %u slots\n", doc.file, doc.t->n,
	       doc.t->slot_total);
	topo_doc_free(&doc);
	return LOOMCTL_EXIT_OK;
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
		.args = "FILE",
		.help = "validate the JSON topology in FILE (\"-\": standard input) offline",
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
	.examples =
		"  loomctl topology check tests/userspace/integration/data/seed.json\n"
		"  loomctl topology load tests/userspace/integration/data/seed.json\n"
		"  loomctl topology load --no-check bad.json   # let the kernel alone judge\n"
		"  loomctl topology show\n"
		"  loomctl topology show -j -p\n"
		"  loomctl -j topology show | jq '.nodes[] | select(.role == \"router\") | .name'\n"
		"  loomctl topology clear\n",
};
