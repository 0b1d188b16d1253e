// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl node, stats and send: the nodes of the loaded topology running
 * on the radios of the namespace (kernel/run.c; "radio" is radio.c), their
 * counters, and datagrams sent from them.
 *
 * Every operand is checked before anything is sent; the kernel's own
 * refusals come back with an extack message, printed as is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "nl.h"
#include "run.h"
#include "run_msg.h"
#include "mesh_parse.h"
#include "run_show.h"
#include "topo_get.h"

/**
 * enum run_doc - what the reading commands print
 * @RUN_DOC_TABLE: a line per node ("node list")
 * @RUN_DOC_FULL: every counter of each node ("node show", "stats")
 */
enum run_doc {
	RUN_DOC_TABLE,
	RUN_DOC_FULL,
};

static int parse_node(struct nlmsghdr *nlh, void *item)
{
	return run_msg_parse_node(nlh, item);
}

static const struct loom_nl_replies node_replies = {
	.parse = parse_node, .size = sizeof(struct run_node),
};

/* In address order, which keeps a router's children together. */
static int cmp_node(const void *a, const void *b)
{
	const struct run_node *x = a, *y = b;

	if (x->addr != y->addr)
		return (x->addr > y->addr) - (x->addr < y->addr);
	return strcmp(x->name, y->name);
}

/*
 * The options, then @min..@max operands named by @names: the index of the
 * first operand, or -1 after a usage error.
 */
static int operands(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv, int min, int max,
		    const char *const *names)
{
	int i = loomctl_parse_opts(grp, cmd, opts, argc, argv);

	if (i < 0 || loomctl_operands(grp, cmd, argc - i, min, max, names,
				      argv + i))
		return -1;
	return i;
}

int run_name_operand(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, const char *s)
{
	char err[RUN_ERR_MAX];

	if (!run_check_name(s, err, sizeof(err)))
		return 0;
	loomctl_usage_error(grp, cmd, "NAME \"%s\": %s", s, err);
	return -1;
}

struct nl_msg *run_node_msg(struct loom_nl *nl, int cmd, const char *name,
			    const char *radio)
{
	struct nl_msg *msg = loom_nl_msg(nl, cmd, 0, 0);

	if (msg && run_msg_put_node(msg, name, radio)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int run_get_nodes(struct loom_nl *nl, const char *name,
		  struct loom_nl_replies *r)
{
	*r = node_replies;
	if (name)
		return loom_nl_fetch(nl, run_node_msg(nl, LOOM_CMD_NODE_GET,
						      name, NULL), r);
	return loom_nl_dump(nl, LOOM_CMD_NODE_GET, r);
}

/* NODE_START or NODE_STOP (@nlcmd) for @name, on @radio: the exit code. */
static int node_change(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd, int nlcmd,
		       const char *name, const char *radio)
{
	struct loom_nl nl;

	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	return loom_nl_finish(&nl, grp, cmd,
			      loom_nl_fetch(&nl, run_node_msg(&nl, nlcmd, name,
							      radio), NULL));
}

/* --- node ---------------------------------------------------------------- */

static int do_node_start(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv)
{
	const char *name, *radio;
	char err[RUN_ERR_MAX];
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (run_parse_start(argc - i, argv + i, &name, &radio, NULL, err,
			    sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	return node_change(grp, cmd, LOOM_CMD_NODE_START, name, radio);
}

static int do_node_stop(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "NAME" };
	int i;

	i = operands(grp, cmd, opts, argc, argv, 1, 1, names);
	if (i < 0 || run_name_operand(grp, cmd, argv[i]))
		return LOOMCTL_EXIT_USAGE;
	return node_change(grp, cmd, LOOM_CMD_NODE_STOP, argv[i], NULL);
}

/* @r's nodes as @doc has them, or as JSON (an array, or one with @one). */
static int print_nodes(const struct loomctl_opts *opts,
		       const struct loom_nl_replies *r, enum run_doc doc,
		       bool one)
{
	if (opts->json)
		return run_json_nodes(stdout, r->items, r->n, !one,
				      opts->pretty);
	if (doc == RUN_DOC_TABLE)
		return run_show_node_table(stdout, r->items, r->n);
	run_show_nodes(stdout, r->items, r->n);
	return 0;
}

/*
 * "node list" and "stats" (no operand: a dump, in address order) and
 * "node show NAME"; cmd->arg is the enum run_doc they print.
 */
static int do_node_show(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "NAME" };
	bool one = !strcmp(cmd->name, "show");
	struct loom_nl_replies r;
	struct loom_nl nl;
	int i, err;

	i = operands(grp, cmd, opts, argc, argv, one, one, names);
	if (i < 0 || (one && run_name_operand(grp, cmd, argv[i])))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = run_get_nodes(&nl, one ? argv[i] : NULL, &r);
	if (!err) {
		qsort(r.items, r.n, r.size, cmp_node);
		err = print_nodes(opts, &r, cmd->arg, one);
	}
	free(r.items);
	return loom_nl_finish(&nl, grp, cmd, err);
}

static const struct loomctl_cmd node_cmds[] = {
	{
		.name = "start",
		.args = "NAME radio RADIO",
		.help = "run the topology's node NAME on RADIO: it joins the network",
		.fn = do_node_start,
	},
	{
		.name = "stop",
		.args = "NAME",
		.help = "stop the node NAME; its radio is free again",
		.fn = do_node_stop,
	},
	{
		.name = "list",
		.args = "[-j [-p]]",
		.help = "a line per running node: address, radio, device, sync, datagrams, failures, drops",
		.fn = do_node_show,
		.arg = RUN_DOC_TABLE,
	},
	{
		.name = "show",
		.args = "NAME [-j [-p]]",
		.help = "one running node: its device and every MAC, network and device counter",
		.fn = do_node_show,
		.arg = RUN_DOC_FULL,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_node_group = {
	.name = "node",
	.help = "run the topology's nodes on radios, stop them, list them",
	.cmds = node_cmds,
	.notes =
		"NAME is a node's name in the topology loaded in this network namespace,\n"
		"exactly; RADIO one of those \"loomctl radio list\" prints.  \"node list\"\n"
		"shows each node's network device (DEVICE, loomN: what AF_LOOM sockets bind\n"
		"to) and counts datagrams sent (TX), received (RX) and forwarded (FWD),\n"
		"failed MAC handshakes (FAILS), packets given up after 5 failures\n"
		"(GIVEN-UP) and what the network layer dropped for any reason (DROPS).\n",
	.examples =
		"  loomctl node start BillyTheCoord radio hwsim0\n"
		"  loomctl node start \"Router 1\" radio hwsim1\n"
		"  loomctl node list\n"
		"  loomctl node show \"Router 1\" -j -p\n"
		"  loomctl node stop \"Router 1\"\n",
};

static const struct loomctl_cmd stats_cmd = {
	.name = "stats",
	.args = "[-j [-p]]",
	.help = "every counter (MAC, network, device) of every running node, a block per node",
	.fn = do_node_show,
	.arg = RUN_DOC_FULL,
};

const struct loomctl_group loomctl_stats_group = {
	.name = "stats",
	.help = "every counter of every running node",
	.cmd = &stats_cmd,
	.examples =
		"  loomctl stats\n"
		"  loomctl stats -j | jq '.[] | {name, given_up: .mac.given_up}'\n",
};

/* --- send ---------------------------------------------------------------- */

/*
 * All of standard input into a new buffer: 0, -EFBIG past @max bytes, or
 * another negative errno.
 */
static int read_stdin(uint8_t **buf, size_t *len, size_t max)
{
	size_t cap = 4096, n = 0;
	uint8_t *b = malloc(cap), *nb;
	ssize_t got;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
		}
		got = read(STDIN_FILENO, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(b);
			return -errno;
		}
		if (!got)
			break;
		n += (size_t)got;
		if (n > max) {
			free(b);
			return -EFBIG;
		}
	}
	*buf = b;
	*len = n;
	return 0;
}

int run_get_node(struct loom_nl *nl, const char *what, const char *name,
		 const char *hint, struct run_node *nd)
{
	struct loom_nl_replies r;
	int err;

	err = run_get_nodes(nl, name, &r);
	if (err)
		loom_nl_report(nl, what, err);
	else if (!r.n)
		loomctl_err("%s: no node runs in this network namespace", what);
	else if (r.n > 1 && !name)
		loomctl_err("%s: %zu nodes run in this network namespace; %s",
			    what, r.n, hint);
	else
		*nd = *(const struct run_node *)r.items;
	free(r.items);
	return err || !r.n || (r.n > 1 && !name) ? -1 : 0;
}

int run_resolve_dest(struct loom_nl *nl, const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, const struct run_node *nd,
		     const char *dest, struct run_addr *dst,
		     struct loom_topology **t)
{
	char err[RUN_ERR_MAX], w[32];
	struct mesh_hosts h = { 0 };
	u32 gen;
	int ret;

	memset(dst, 0, sizeof(*dst));
	*t = NULL;
	snprintf(w, sizeof(w), "%s", grp->name);
	if (nd->proto == LOOM_PROTO_DHYARA) {
		/* A mesh node's: a 48-bit address, or a hosts-file name. */
		mesh_hosts_load(&h, stderr);
		dst->mesh = true;
		ret = mesh_parse_dest(&h, dest, dst->hw, err, sizeof(err));
		mesh_hosts_free(&h);
	} else {
		/* Names to addresses: the topology of this namespace. */
		if (topo_get_loaded(nl, w, &gen, t))
			return LOOMCTL_EXIT_FAIL;
		ret = run_parse_dest(*t, dest, &dst->tree, err, sizeof(err));
	}
	if (ret)
		return loomctl_usage_error(grp, cmd, "%s", err);
	return 0;
}

static int do_send(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct loom_topology *t = NULL;
	char err[RUN_ERR_MAX], from[LOOM_NAME_MAX + 1];
	const uint8_t *data;
	uint8_t *in = NULL;
	struct loom_nl nl;
	struct nl_msg *msg;
	struct run_node nd;
	struct run_send s;
	struct run_addr dst;
	size_t len = 0;
	int i, ret;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (run_parse_send(argc - i, argv + i, &s, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (!strcmp(s.data, "-")) {
		ret = read_stdin(&in, &len, RUN_DATA_MAX);
		if (ret == -EFBIG)
			return loomctl_usage_error(grp, cmd,
						   "DATA: standard input holds more than %u bytes",
						   RUN_DATA_MAX);
		if (ret) {
			loomctl_err("send: cannot read standard input: %s",
				    strerror(-ret));
			return LOOMCTL_EXIT_FAIL;
		}
		data = in;
	} else {
		data = (const uint8_t *)s.data;
		len = strlen(s.data);
	}
	ret = LOOMCTL_EXIT_FAIL;
	if (loom_nl_open(&nl))
		goto out;
	/* The sender first: its kind says what DEST is. */
	if (run_get_node(&nl, "send", s.from, RUN_HINT_FROM("send"), &nd))
		goto out_nl;
	snprintf(from, sizeof(from), "%s", nd.name);
	ret = run_resolve_dest(&nl, grp, cmd, &nd, s.dest, &dst, &t);
	if (ret)
		goto out_nl;
	msg = loom_nl_msg(&nl, LOOM_CMD_SEND, 0, 0);
	if (msg && run_msg_put_send_to(msg, from, &dst, s.port, data, len)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	loom_topo_free(t);
	free(in);
	return loom_nl_finish(&nl, grp, cmd, loom_nl_fetch(&nl, msg, NULL));

out_nl:
	loom_nl_close(&nl);
out:
	loom_topo_free(t);
	free(in);
	return ret;
}

static const struct loomctl_cmd send_cmd = {
	.name = "send",
	.args = "[from NODE] DEST DATA [port PORT]",
	.help = "send DATA from the running node NODE (the only one running, if not given) to DEST",
	.fn = do_send,
};

const struct loomctl_group loomctl_send_group = {
	.name = "send",
	.help = "send a datagram from a running node",
	.cmd = &send_cmd,
	.notes =
		"DEST is a node's name in the loaded topology (exactly), else its address\n"
		"in hex (0x1101, 1101); from a mesh node (\"loomctl mesh\"), a 48-bit\n"
		"address (02:4c:4f:4d:00:02) or a name of the hosts file, " MESH_HOSTS_PATH ".\n"
		"DATA is sent as typed, without a trailing NUL;\n"
		"\"-\" reads it from standard input, any bytes.  DATA starting with '-' needs\n"
		"\"--\" before it.  Without \"from NODE\", the one node running in this\n"
		"network namespace sends.  PORT (1..255) is the destination port, 1 (the\n"
		"kernel's default, \"messages\") if not given; the source port is 0.\n",
	.examples =
		"  loomctl send from \"Router 1 Router 1 End Device 1\" BillyTheCoord hello\n"
		"  loomctl send from BillyTheCoord 0x1202 \"down two routers\"\n"
		"  loomctl send from BillyTheCoord \"Router 2\" hello port 200\n"
		"  loomctl send from alpha 02:4c:4f:4d:00:02 \"over the mesh\"\n"
		"  head -c 100 /dev/urandom | loomctl send from \"Router 2\" f000 -\n",
};
