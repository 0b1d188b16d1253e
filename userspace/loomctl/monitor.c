// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl monitor: print the kernel's notifications as they happen.
 * Today the "config" multicast group: every topology set and clear.
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
#include "topo_msg.h"

/**
 * struct monitor_state - what the event callback needs
 * @opts: output options
 * @left: events still to print before exiting; 0 for no limit
 * @done: @left reached zero
 */
struct monitor_state {
	const struct loomctl_opts *opts;
	unsigned long left;
	bool done;
};

static int monitor_event(struct nl_msg *msg, void *arg)
{
	struct monitor_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct topo_summary s;
	const char *what;

	if (gh->cmd == LOOM_CMD_TOPO_SET)
		what = "set";
	else if (gh->cmd == LOOM_CMD_TOPO_CLEAR)
		what = "clear";
	else
		return NL_SKIP;
	if (topo_msg_parse_summary(nlh, &s))
		return NL_SKIP;

	if (st->opts->json) {
		yajl_gen g = out_json_new(stdout, st->opts->pretty);

		if (!g)
			return -ENOMEM;
		yajl_gen_map_open(g);
		out_json_kstr(g, "event", "topology");
		out_json_kstr(g, "action", what);
		out_json_kuint(g, "generation", s.generation);
		out_json_kuint(g, "node_count", s.node_count);
		out_json_kuint(g, "slot_total", s.slot_total);
		yajl_gen_map_close(g);
		out_json_end(g, stdout, st->opts->pretty);
	} else if (gh->cmd == LOOM_CMD_TOPO_SET) {
		printf("topology set: generation %u, %u nodes, %u slots\n",
		       s.generation, s.node_count, s.slot_total);
	} else {
		printf("topology cleared: generation %u\n", s.generation);
	}
	fflush(stdout);
	if (st->left && !--st->left) {
		st->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int do_monitor_topology(const struct loomctl_group *grp,
			       const struct loomctl_cmd *cmd,
			       struct loomctl_opts *opts, int argc, char **argv)
{
	struct monitor_state st = { .opts = opts };
	struct loom_nl nl;
	char *end;
	int i, grp_id, err;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (i < argc) {
		errno = 0;
		st.left = strtoul(argv[i], &end, 10);
		if (errno || *end || !st.left || argv[i][0] == '-')
			return loomctl_usage_error(grp, cmd,
						   "COUNT must be a positive number, not '%s'",
						   argv[i]);
		if (i + 1 < argc)
			return loomctl_usage_error(grp, cmd,
						   "unexpected argument '%s'",
						   argv[i + 1]);
	}
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	grp_id = genl_ctrl_resolve_grp(nl.sk, LOOM_GENL_NAME, LOOM_MCGRP_CONFIG);
	if (grp_id < 0) {
		loomctl_err("monitor: no \"%s\" group in the loom family: %s",
			    LOOM_MCGRP_CONFIG, nl_geterror(grp_id));
		goto fail;
	}
	err = nl_socket_add_membership(nl.sk, grp_id);
	if (err < 0) {
		loomctl_err("monitor: cannot join the \"%s\" group: %s",
			    LOOM_MCGRP_CONFIG, nl_geterror(err));
		goto fail;
	}
	/* Notifications carry no sequence number of ours. */
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_event,
			    &st);
	while (!st.done) {
		err = nl_recvmsgs_default(nl.sk);
		if (err < 0 && err != -NLE_INTR) {
			loomctl_err("monitor: %s", nl_geterror(err));
			goto fail;
		}
	}
	loom_nl_close(&nl);
	return LOOMCTL_EXIT_OK;
fail:
	loom_nl_close(&nl);
	return LOOMCTL_EXIT_FAIL;
}

static const struct loomctl_cmd monitor_cmds[] = {
	{
		.name = "topology",
		.args = "[-j [-p]] [COUNT]",
		.help = "print every topology set and clear as it happens; exit after COUNT events",
		.fn = do_monitor_topology,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_monitor_group = {
	.name = "monitor",
	.help = "watch the kernel's notifications",
	.cmds = monitor_cmds,
	.examples =
		"  loomctl monitor topology\n"
		"  loomctl monitor topology -j 1   # wait for the next change, as JSON\n",
};
