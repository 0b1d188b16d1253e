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
#include "topo_json.h"
#include "topo_msg.h"
#include "topo_show.h"

/* A set can race with "show"; after this many tries, give up. */
#define SHOW_TRIES	5

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

static int check_file(const char *path, struct topo_doc *doc)
{
	char *err = malloc(LOOMCTL_ERR_MAX);

	if (!err) {
		loomctl_err("out of memory");
		return -1;
	}
	if (topo_doc_check(doc, path, err, LOOMCTL_ERR_MAX)) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	free(err);
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
	if (check_file(argv[i], &doc))
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
	if (opts->no_check ? read_file(argv[i], &doc) : check_file(argv[i], &doc))
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

static int summary_cb(struct nl_msg *msg, void *arg)
{
	if (topo_msg_parse_summary(nlmsg_hdr(msg), arg))
		return -EPROTO;
	return NL_OK;
}

/**
 * struct dump_state - nodes collected by a TOPO_GET dump
 * @t: sized by the summary's node count
 * @seen: which indices arrived
 * @count: how many did
 * @generation: the summary's generation
 * @stale: a node or generation did not match the summary
 */
struct dump_state {
	struct loom_topology *t;
	bool *seen;
	u32 count;
	u32 generation;
	bool stale;
};

static int node_cb(struct nl_msg *msg, void *arg)
{
	struct dump_state *ds = arg;
	struct loom_topo_node nd;
	u32 index, gen = ds->generation;

	if (topo_msg_parse_node(nlmsg_hdr(msg), &index, &nd, &gen))
		return -EPROTO;
	/* Another topology than the summary described: read again. */
	if (gen != ds->generation || index >= ds->t->n || ds->seen[index]) {
		ds->stale = true;
		return NL_OK;
	}
	ds->t->nodes[index] = nd;
	ds->seen[index] = true;
	ds->count++;
	return NL_OK;
}

/*
 * One consistent read: the summary (doit), then the nodes (dump), which
 * must carry the summary's generation and fill every index.  Returns 0,
 * -EAGAIN when the topology changed in between, or another errno.
 */
static int read_topology(struct loom_nl *nl, struct topo_summary *sum,
			 struct loom_topology **out)
{
	struct dump_state ds = { 0 };
	struct nl_msg *msg;
	int err;

	*out = NULL;
	memset(sum, 0, sizeof(*sum));
	msg = loom_nl_msg(nl, LOOM_CMD_TOPO_GET, 0, 0);
	if (!msg)
		return -ENOMEM;
	err = loom_nl_request(nl, msg, summary_cb, sum);
	if (err == -ENOENT) {
		/* Some kernels say "no topology" this way. */
		memset(sum, 0, sizeof(*sum));
		return 0;
	}
	if (err || !sum->node_count)
		return err;
	if (sum->node_count > LOOM_MAX_NODES)
		return -EPROTO;

	ds.t = loom_topo_alloc(sum->node_count);
	ds.seen = calloc(sum->node_count, sizeof(*ds.seen));
	ds.generation = sum->generation;
	msg = loom_nl_msg(nl, LOOM_CMD_TOPO_GET, NLM_F_DUMP, 0);
	if (!ds.t || !ds.seen || !msg) {
		err = -ENOMEM;
		nlmsg_free(msg);
		goto fail;
	}
	err = loom_nl_request(nl, msg, node_cb, &ds);
	if (err == -EINTR || (!err && (ds.stale || ds.count != ds.t->n)))
		err = -EAGAIN;
	if (err)
		goto fail;
	ds.t->slot_total = sum->slot_total;
	ds.t->cfg = sum->cfg;
	free(ds.seen);
	*out = ds.t;
	return 0;

fail:
	free(ds.seen);
	loom_topo_free(ds.t);
	return err;
}

static int do_show(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct topo_summary sum;
	struct topo_view view;
	struct loom_topology *t = NULL;
	struct loom_nl nl;
	int tries, err = -EAGAIN;

	if (no_operand(grp, cmd, opts, argc, argv))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	for (tries = 0; tries < SHOW_TRIES && err == -EAGAIN; tries++)
		err = read_topology(&nl, &sum, &t);
	if (err == -EAGAIN) {
		loomctl_err("topology show: the topology kept changing while it was read; try again");
	} else if (err) {
		loom_nl_report(&nl, "topology show", err);
	} else {
		view.generation = sum.generation;
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
