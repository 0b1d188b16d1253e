// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the kernel's topology: a TOPO_GET doit for the summary, then a
 * dump of the nodes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "topo_get.h"
#include "topo_msg.h"

/* A set can race with the read; after this many tries, give up. */
#define GET_TRIES	5

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

int topo_get_loaded(struct loom_nl *nl, const char *what, u32 *generation,
		    struct loom_topology **t)
{
	struct topo_summary sum;
	int tries, err = -EAGAIN;

	for (tries = 0; tries < GET_TRIES && err == -EAGAIN; tries++)
		err = read_topology(nl, &sum, t);
	if (err == -EAGAIN) {
		loomctl_err("%s: the topology kept changing while it was read; try again",
			    what);
		return -1;
	}
	if (err) {
		loom_nl_report(nl, what, err);
		return -1;
	}
	*generation = sum.generation;
	return 0;
}
