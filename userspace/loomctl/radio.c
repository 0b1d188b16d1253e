// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl radio: the radios of this network namespace that nodes run on
 * (kernel/radio/registry.c): loom_hwsim's simulated ones and the
 * Ethernet-framed interfaces attached as radios (kernel/radio/ether.c);
 * attaching and detaching interfaces, moving a simulated radio to another
 * namespace.
 *
 * Every operand is checked before anything is sent; the kernel's own
 * refusals come back with an extack message, printed as is.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "nl.h"
#include "run_msg.h"
#include "run_parse.h"
#include "run_show.h"

static int parse_radio(struct nlmsghdr *nlh, void *item)
{
	return run_msg_parse_radio(nlh, item);
}

/* hwsim2 before hwsim10. */
static int cmp_radio(const void *a, const void *b)
{
	const struct run_radio *x = a, *y = b;

	return strverscmp(x->radio, y->radio);
}

static int do_radio_list(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv)
{
	struct loom_nl_replies r = {
		.parse = parse_radio, .size = sizeof(struct run_radio),
	};
	struct loom_nl nl;
	int i, err;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 0, NULL,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = loom_nl_dump(&nl, LOOM_CMD_RADIO_GET, &r);
	if (!err) {
		qsort(r.items, r.n, r.size, cmp_radio);
		err = opts->json ?
		      run_json_radios(stdout, r.items, r.n, opts->pretty) :
		      run_show_radio_table(stdout, r.items, r.n);
	}
	free(r.items);
	return loom_nl_finish(&nl, grp, cmd, err);
}

/* Sends @nlcmd with @rq's attributes: the exit code. */
static int radio_change(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, int nlcmd,
			const struct run_radio_req *rq)
{
	struct loom_nl nl;
	struct nl_msg *msg;

	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, nlcmd, 0, 0);
	if (msg && run_msg_put_radio(msg, rq)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return loom_nl_finish(&nl, grp, cmd, loom_nl_fetch(&nl, msg, NULL));
}

static int do_radio_add(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	struct run_radio_req rq;
	char err[RUN_ERR_MAX];
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (run_parse_radio_add(argc - i, argv + i, &rq, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	return radio_change(grp, cmd, LOOM_CMD_RADIO_ADD, &rq);
}

static int do_radio_del(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "NAME" };
	struct run_radio_req rq = { .netns_fd = -1 };
	char err[RUN_ERR_MAX];
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 1, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (run_check_radio(argv[i], err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "NAME \"%s\": %s", argv[i],
					   err);
	rq.radio = argv[i];
	return radio_change(grp, cmd, LOOM_CMD_RADIO_DEL, &rq);
}

/*
 * @rq->netns as "ip netns" names it, a file of RUN_NETNS_DIR, else as a
 * process id: @rq->netns_fd or @rq->netns_pid.  0, or -1 after saying why
 * not.
 */
static int open_netns(const struct loomctl_group *grp,
		      const struct loomctl_cmd *cmd, struct run_radio_req *rq)
{
	char path[sizeof(RUN_NETNS_DIR) + NAME_MAX + 1];
	int err;

	snprintf(path, sizeof(path), "%s/%s", RUN_NETNS_DIR, rq->netns);
	rq->netns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (rq->netns_fd >= 0)
		return 0;
	err = errno;
	if (err == ENOENT && !run_parse_pid(rq->netns, &rq->netns_pid))
		return 0;
	loomctl_err("%s %s: NS \"%s\": %s: %s%s", grp->name, cmd->name,
		    rq->netns, path, strerror(err),
		    err == ENOENT ? " (no such named namespace, and no process id)" :
				    "");
	return -1;
}

static int do_radio_set(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	struct run_radio_req rq;
	char err[RUN_ERR_MAX];
	int i, ret;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (run_parse_radio_set(argc - i, argv + i, &rq, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (open_netns(grp, cmd, &rq))
		return LOOMCTL_EXIT_FAIL;
	/* The kernel takes the namespace from the descriptor in the request. */
	ret = radio_change(grp, cmd, LOOM_CMD_RADIO_SET, &rq);
	if (rq.netns_fd >= 0)
		close(rq.netns_fd);
	return ret;
}

static const struct loomctl_cmd radio_cmds[] = {
	{
		.name = "list",
		.args = "[-j [-p]]",
		.help = "the radios nodes can run on: kind, the node on each (\"-\": free), link, largest frame",
		.fn = do_radio_list,
	},
	{
		.name = "add",
		.args = "IFNAME [name NAME] [rate KBPS]",
		.help = "attach the Ethernet-framed interface IFNAME (mesh point, IBSS, veth) as a radio",
		.fn = do_radio_add,
	},
	{
		.name = "del",
		.args = "NAME",
		.help = "detach the interface's radio NAME; a node running on it stops",
		.fn = do_radio_del,
	},
	{
		.name = "set",
		.args = "NAME netns NS",
		.help = "move the simulated radio NAME to the network namespace NS (a name or a process id)",
		.fn = do_radio_set,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_radio_group = {
	.name = "radio",
	.help = "the radios of this network namespace: loom_hwsim's (hwsim0, ...) and interfaces",
	.cmds = radio_cmds,
	.notes =
		"\"radio add\" carries Loom frames over IFNAME (EtherType 0x88B5, always\n"
		"broadcast); the radio is named NAME, else after the interface (both at\n"
		"most 15 bytes).  KBPS is the rate, in kbit/s, the radio assumes for the\n"
		"time on air of its frames, 6000..1000000 (default 6000: 802.11 OFDM at\n"
		"6 Mbit/s).  An interface cannot tell a frame's signal: RSSI and SNR of\n"
		"what it hears read \"unknown\".  \"radio set\" moves one of loom_hwsim's\n"
		"radios: NS is a namespace \"ip netns\" made (/run/netns/NS), else the\n"
		"namespace of the process NS; CAP_NET_ADMIN over both is needed.\n"
		"\"radio list\" shows each radio's KIND (hwsim or ether), the NODE\n"
		"running on it, its LINK (up or down), its largest FRAME in bytes and,\n"
		"for an interface, its IFINDEX and RATE; -j adds how often the link went\n"
		"down and an interface's counters.\n",
	.examples =
		"  loomctl radio list\n"
		"  loomctl radio add mesh0 rate 12000\n"
		"  loomctl radio add veth0 name lan0\n"
		"  loomctl radio del lan0\n"
		"  loomctl radio set hwsim3 netns n3\n"
		"  loomctl radio list -j | jq '.[] | select(.kind == \"ether\") | .stats'\n",
};
