// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl monitor and recv: print the kernel's notifications as they
 * happen.  "monitor topology" listens to the "config" multicast group
 * (every topology set and clear), "monitor events" to "events" (nodes
 * gaining and losing sync, links given up), "recv" to "data" (datagrams
 * reaching running nodes).
 *
 * Events and datagrams carry addresses, which are printed with their
 * names in the loaded topology.  That is read on a second socket at the
 * start, and again after each change the "config" group announces.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "nl.h"
#include "output.h"
#include "run_msg.h"
#include "run_show.h"
#include "topo_get.h"

/* Receive buffer asked for: bursts of datagrams are not lost. */
#define LISTEN_RCVBUF	(1 << 20)

struct listener;

/*
 * Prints notification @nlh of command @cmd.  Returns 1 when it counts
 * towards COUNT, 0 when it was not one of those, or a negative errno.
 */
typedef int (*listen_print)(struct listener *l, struct nlmsghdr *nlh,
			    u8 cmd);

/**
 * struct listener - one listening command
 * @what: its name in messages ("recv", "monitor events")
 * @opts: output options
 * @print: prints a notification
 * @left: notifications still to print before exiting; 0 for no limit
 * @done: @left reached zero
 * @err: what ended the loop early
 * @names: keep @t for naming addresses
 * @tnl: the socket @t is read on
 * @t: the loaded topology, or NULL
 * @stale: @t is to be read again
 * @hosts: the hosts file, naming a mesh's 48-bit addresses (with @names)
 */
struct listener {
	const char *what;
	const struct loomctl_opts *opts;
	listen_print print;
	unsigned long left;
	bool done;
	int err;
	bool names;
	struct loom_nl tnl;
	struct loom_topology *t;
	bool stale;
	struct mesh_hosts hosts;
};

/*
 * The topology for names, read again after a change.  A read that fails
 * says why on stderr; addresses then go unnamed until the next change.
 */
static const struct loom_topology *names(struct listener *l)
{
	u32 gen;

	if (l->stale) {
		loom_topo_free(l->t);
		l->t = NULL;
		l->stale = false;
		topo_get_loaded(&l->tnl, l->what, &gen, &l->t);
	}
	return l->t;
}

static int on_note(struct nl_msg *msg, void *arg)
{
	struct listener *l = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	int ret;

	if (l->names && (gh->cmd == LOOM_CMD_TOPO_SET ||
			 gh->cmd == LOOM_CMD_TOPO_CLEAR))
		l->stale = true;
	ret = l->print(l, nlh, gh->cmd);
	if (ret < 0) {
		l->err = ret;
		l->done = true;
		return NL_STOP;
	}
	fflush(stdout);
	if (ret && l->left && !--l->left) {
		l->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int print_topology(struct listener *l, struct nlmsghdr *nlh, u8 cmd)
{
	const struct loomctl_opts *opts = l->opts;
	struct loom_topo_summary s;
	yajl_gen g;

	if (cmd != LOOM_CMD_TOPO_SET && cmd != LOOM_CMD_TOPO_CLEAR)
		return 0;
	if (loom_topo_parse_summary(nlh, &s))
		return 0;
	if (!opts->json) {
		if (cmd == LOOM_CMD_TOPO_SET)
			printf("topology set: generation %u, %u nodes, %u slots\n",
			       s.generation, s.node_count, s.slot_total);
		else
			printf("topology cleared: generation %u\n",
			       s.generation);
		return 1;
	}
	g = out_json_new(stdout, opts->pretty);
	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	out_json_kstr(g, "event", "topology");
	out_json_kstr(g, "action", cmd == LOOM_CMD_TOPO_SET ? "set" : "clear");
	out_json_kuint(g, "generation", s.generation);
	out_json_kuint(g, "node_count", s.node_count);
	out_json_kuint(g, "slot_total", s.slot_total);
	yajl_gen_map_close(g);
	out_json_end(g, stdout, opts->pretty);
	return 1;
}

static int print_event(struct listener *l, struct nlmsghdr *nlh, u8 cmd)
{
	struct run_event ev;

	if (cmd != LOOM_CMD_EVENT || run_msg_parse_event(nlh, &ev))
		return 0;
	if (l->opts->json)
		return run_json_event_h(stdout, &ev, names(l), &l->hosts,
					l->opts->pretty) ?: 1;
	run_show_event_h(stdout, &ev, names(l), &l->hosts);
	return 1;
}

static int print_datagram(struct listener *l, struct nlmsghdr *nlh, u8 cmd)
{
	struct run_datagram d;

	if (cmd != LOOM_CMD_RECV || run_msg_parse_datagram(nlh, &d))
		return 0;
	if (l->opts->json)
		return run_json_datagram_h(stdout, &d, names(l), &l->hosts,
					   l->opts->pretty) ?: 1;
	run_show_datagram_h(stdout, &d, names(l), &l->hosts);
	return 1;
}

/*
 * The options and an optional COUNT into @l->left: the exit code of a
 * usage error, or 0.
 */
static int count_operand(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv,
			 struct listener *l)
{
	static const char *const names[] = { "COUNT" };
	char *end;
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (i < argc) {
		errno = 0;
		l->left = strtoul(argv[i], &end, 10);
		if (errno || *end || !l->left || argv[i][0] == '-')
			return loomctl_usage_error(grp, cmd,
						   "COUNT must be a positive number, not '%s'",
						   argv[i]);
	}
	l->opts = opts;
	return 0;
}

/* Joins the multicast group @name of the loom family: 0 or -1. */
static int join(struct listener *l, struct loom_nl *nl, const char *name)
{
	int id, err;

	id = genl_ctrl_resolve_grp(nl->sk, LOOM_GENL_NAME, name);
	if (id < 0) {
		loomctl_err("%s: no \"%s\" group in the loom family: %s",
			    l->what, name, nl_geterror(id));
		return -1;
	}
	err = nl_socket_add_membership(nl->sk, id);
	if (err < 0) {
		loomctl_err("%s: cannot join the \"%s\" group: %s", l->what,
			    name, nl_geterror(err));
		return -1;
	}
	return 0;
}

/*
 * Listens to the groups @groups (NULL-terminated) and prints what
 * arrives, until @l->left notifications were printed (or for ever).
 * With @l->names, "config" is joined too and the topology read for names.
 * Returns the exit code.
 */
static int listen_groups(struct listener *l, const char *const *groups)
{
	struct loom_nl nl;
	int err, ret = LOOMCTL_EXIT_FAIL;

	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	for (; *groups; groups++)
		if (join(l, &nl, *groups))
			goto out;
	/* Joined first, read after: no change falls in between. */
	if (l->names) {
		if (join(l, &nl, LOOM_MCGRP_CONFIG) || loom_nl_open(&l->tnl))
			goto out;
		l->stale = true;
		names(l);
		mesh_hosts_load(&l->hosts, stderr);
	}
	nl_socket_set_buffer_size(nl.sk, LISTEN_RCVBUF, 0);
	/* Notifications carry no sequence number of ours. */
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, on_note, l);
	while (!l->done) {
		err = nl_recvmsgs_default(nl.sk);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed, and we go on. */
			loomctl_err("%s: the receive buffer overflowed; notifications were lost",
				    l->what);
		} else if (err < 0 && err != -NLE_INTR) {
			loomctl_err("%s: %s", l->what, nl_geterror(err));
			goto out;
		}
	}
	if (l->err)
		loomctl_err("%s: %s", l->what, strerror(-l->err));
	else
		ret = LOOMCTL_EXIT_OK;
out:
	if (l->names) {
		loom_nl_close(&l->tnl);
		loom_topo_free(l->t);
		mesh_hosts_free(&l->hosts);
	}
	loom_nl_close(&nl);
	return ret;
}

static int do_monitor_topology(const struct loomctl_group *grp,
			       const struct loomctl_cmd *cmd,
			       struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const groups[] = { LOOM_MCGRP_CONFIG, NULL };
	struct listener l = {
		.what = "monitor topology", .print = print_topology,
	};
	int ret = count_operand(grp, cmd, opts, argc, argv, &l);

	return ret ? ret : listen_groups(&l, groups);
}

static int do_monitor_events(const struct loomctl_group *grp,
			     const struct loomctl_cmd *cmd,
			     struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const groups[] = { LOOM_MCGRP_EVENTS, NULL };
	struct listener l = {
		.what = "monitor events", .print = print_event, .names = true,
	};
	int ret = count_operand(grp, cmd, opts, argc, argv, &l);

	return ret ? ret : listen_groups(&l, groups);
}

static const struct loomctl_cmd monitor_cmds[] = {
	{
		.name = "topology",
		.args = "[-j [-p]] [COUNT]",
		.help = "print every topology set and clear as it happens; exit after COUNT events",
		.fn = do_monitor_topology,
	},
	{
		.name = "events",
		.args = "[-j [-p]] [COUNT]",
		.help = "print node events (sync gained or lost, links given up; mesh neighbours up and down, best routes changed) as they happen",
		.fn = do_monitor_events,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_monitor_group = {
	.name = "monitor",
	.help = "watch the kernel's notifications",
	.cmds = monitor_cmds,
	.examples =
		"  loomctl monitor topology\n"
		"  loomctl monitor topology -j 1   # wait for the next change, as JSON\n"
		"  loomctl monitor events\n",
};

static int do_recv(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const char *const groups[] = { LOOM_MCGRP_DATA, NULL };
	struct listener l = {
		.what = "recv", .print = print_datagram, .names = true,
	};
	int ret = count_operand(grp, cmd, opts, argc, argv, &l);

	return ret ? ret : listen_groups(&l, groups);
}

static const struct loomctl_cmd recv_cmd = {
	.name = "recv",
	.args = "[-j [-p]] [COUNT]",
	.help = "print the datagrams running nodes receive; exit after COUNT of them",
	.fn = do_recv,
};

const struct loomctl_group loomctl_recv_group = {
	.name = "recv",
	.help = "print the datagrams running nodes receive",
	.cmd = &recv_cmd,
	.notes =
		"A line per datagram: the receiving node and the destination port\n"
		"(NODE:PORT), the source's address, port and name, RSSI and SNR of the\n"
		"last hop, and the payload, printable ASCII as is, a backslash as \\\\ and\n"
		"any other byte as \\xNN.  Source port 0: sent with \"loomctl send\".  A\n"
		"mesh node's source reads [02:4c:4f:4d:00:02]:PORT, named by the hosts\n"
		"file (\"loomctl mesh help\").  With\n"
		"-j, a JSON object per line: \"data\" is the text (null when not UTF-8),\n"
		"\"data_hex\" every byte.\n",
	.examples =
		"  loomctl recv\n"
		"  loomctl recv -j 1   # the next datagram, as JSON\n",
};
