// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl link: the neighbours of a running node (LOOM_CMD_LINK_GET, a
 * dump naming the node): its parent and children, how each was last
 * heard, and how handshakes with it went.
 */
#include <stdlib.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "run.h"
#include "run_msg.h"
#include "run_show.h"
#include "topo_get.h"

static int parse_link(struct nlmsghdr *nlh, void *item)
{
	return run_msg_parse_link(nlh, item);
}

/* The dump request's LOOM_ATTR_NAME: the node @arg. */
static int put_name(struct nl_msg *msg, const void *arg)
{
	return run_msg_put_node(msg, arg, NULL);
}

static int do_link(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const char *const names[] = { "NODE" };
	struct loom_nl_replies r = {
		.parse = parse_link, .size = sizeof(struct run_link),
	};
	struct loom_topology *t = NULL;
	const char *name = NULL;
	char why[RUN_ERR_MAX];
	struct run_node nd;
	struct loom_nl nl;
	int i, err;
	u32 gen;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (argc > i) {
		name = argv[i];
		if (run_check_name(name, why, sizeof(why)))
			return loomctl_usage_error(grp, cmd, "NODE \"%s\": %s",
						   name, why);
	}
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	/* The node (the only one, without NODE), then names for addresses. */
	if (run_get_node(&nl, "link", name, "say which with 'link NODE'",
			 &nd) ||
	    topo_get_loaded(&nl, "link", &gen, &t)) {
		loom_nl_close(&nl);
		return LOOMCTL_EXIT_FAIL;
	}
	if (nd.proto == LOOM_PROTO_DHYARA) {
		loomctl_err("link: %s is a mesh node: its neighbours are 'loomctl mesh neighbours %s'",
			    nd.name, nd.name);
		loom_topo_free(t);
		loom_nl_close(&nl);
		return LOOMCTL_EXIT_FAIL;
	}
	err = loom_nl_dump_put(&nl, LOOM_CMD_LINK_GET, put_name, nd.name, &r);
	if (!err) {
		qsort(r.items, r.n, r.size, run_link_cmp);
		err = opts->json ?
		      run_json_links(stdout, r.items, r.n, t, opts->pretty) :
		      run_show_links(stdout, r.items, r.n, t);
	}
	free(r.items);
	loom_topo_free(t);
	return loom_nl_finish(&nl, grp, cmd, err);
}

static const struct loomctl_cmd link_cmd = {
	.name = "link",
	.args = "[NODE] [-j [-p]]",
	.help = "the neighbours of the running node NODE (the only one running, if not given): parent first, then children by address",
	.fn = do_link,
};

const struct loomctl_group loomctl_link_group = {
	.name = "link",
	.help = "the links of a running node to its parent and children",
	.cmd = &link_cmd,
	.notes =
		"A line per neighbour: its name in the loaded topology (\"-\" if none),\n"
		"its address, ROLE (parent or child), RSSI and SNR of the last frame\n"
		"heard from it and how long ago that was (AGE; \"-\" while never heard),\n"
		"FRAMES taken from it, MAC handshakes with it that completed (HS-OK) and\n"
		"failed (HS-FAIL), and FAILS, the failures in a row now (at 5 the node\n"
		"gives up on the link).  NODE may be left out when exactly one node runs\n"
		"in this network namespace.\n",
	.examples =
		"  loomctl link \"Router 1\"\n"
		"  loomctl link BillyTheCoord -j | jq '.links[] | select(.fails > 0)'\n",
};
