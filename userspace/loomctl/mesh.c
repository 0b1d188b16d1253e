// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl mesh: the Dhyara mesh in batctl's spirit.  Start and stop a
 * mesh node on a radio, list and show them, their neighbours (batctl n),
 * routes (batctl o, and the best vector), and layer-2 ping and
 * traceroute (batctl ping, batctl traceroute) through LOOM_CMD_PING.
 *
 * Addresses are 48-bit; the hosts file (mesh_parse.h) names them.  Every
 * operand is checked before anything is sent; the kernel's refusals come
 * back with an extack message, printed as the other commands print it.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/loom.h>

#include "hwsim_parse.h"
#include "loomctl.h"
#include "mesh_parse.h"
#include "mesh_show.h"
#include "nl.h"
#include "ping_parse.h"
#include "run.h"
#include "run_msg.h"
#include "run_show.h"

/* -i and -W of "mesh ping" and "mesh traceroute" when not given, in ms. */
#define MESH_INTERVAL_MS_DEFAULT	1000
#define MESH_TIMEOUT_MS_DEFAULT		5000
/* The kernel's ack of a request comes at once; this is a stuck module. */
#define MESH_ACK_MS			10000

/* --best of "mesh routes": an option value above 255 (no short option). */
#define OPT_BEST	256

/* "mesh CMD" for messages. */
static const char *what(const struct loomctl_cmd *cmd, char *buf, size_t len)
{
	snprintf(buf, len, "mesh %s", cmd->name);
	return buf;
}

/*
 * The mesh nodes: @name alone (which must be one), or every mesh node of
 * this namespace.  Fills @r (run_node items); returns 0, or -1 after
 * saying why on stderr (also when none runs).
 */
static int mesh_nodes(struct loom_nl *nl, const char *w, const char *name,
		      struct loom_nl_replies *r, bool none_ok)
{
	struct run_node *nd;
	size_t i, k = 0;
	int err = run_get_nodes(nl, name, r);

	if (err) {
		loom_nl_report(nl, w, err);
		return -1;
	}
	nd = r->items;
	for (i = 0; i < r->n; i++)
		if (nd[i].proto == LOOM_PROTO_DHYARA)
			memmove(&nd[k++], &nd[i], sizeof(*nd));
	if (name && !k) {
		loomctl_err("%s: %s is not a mesh node (it runs the Loom tree; see 'loomctl node')",
			    w, name);
		return -1;
	}
	r->n = k;
	if (!k && !none_ok) {
		loomctl_err("%s: no mesh node runs in this network namespace",
			    w);
		return -1;
	}
	return 0;
}

/* The hosts file for names; its complaints go to stderr, never fatal. */
static void load_hosts(struct mesh_hosts *h)
{
	memset(h, 0, sizeof(*h));
	mesh_hosts_load(h, stderr);
}

/* --- start, stop, list, show --------------------------------------------- */

static int do_start(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv)
{
	char err[RUN_ERR_MAX];
	struct mesh_start s;
	struct nl_msg *msg;
	struct loom_nl nl;
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (mesh_parse_start(argc - i, argv + i, &s, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_CMD_NODE_START, 0, 0);
	if (msg && run_msg_put_mesh_start(msg, &s)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return loom_nl_finish(&nl, grp, cmd, loom_nl_fetch(&nl, msg, NULL));
}

static int do_stop(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const char *const names[] = { "NAME" };
	struct loom_nl_replies r = { 0 };
	struct loom_nl nl;
	char w[32];
	int i, ret;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 1, 1, names,
				      argv + i) ||
	    run_name_operand(grp, cmd, argv[i]))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	/* A tree node is "node stop"'s: not stopped by mistake here. */
	if (mesh_nodes(&nl, what(cmd, w, sizeof(w)), argv[i], &r, false)) {
		free(r.items);
		loom_nl_close(&nl);
		return LOOMCTL_EXIT_FAIL;
	}
	free(r.items);
	ret = loom_nl_fetch(&nl, run_node_msg(&nl, LOOM_CMD_NODE_STOP, argv[i],
					      NULL), NULL);
	return loom_nl_finish(&nl, grp, cmd, ret);
}

/* "list" and "show NAME" (cmd->arg 1). */
static int do_show(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const char *const names[] = { "NAME" };
	bool one = cmd->arg;
	struct loom_nl_replies r = { 0 };
	struct loom_nl nl;
	int i, err = 0;
	char w[32];

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, one, one, names,
				      argv + i) ||
	    (one && run_name_operand(grp, cmd, argv[i])))
		return LOOMCTL_EXIT_USAGE;
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	if (mesh_nodes(&nl, what(cmd, w, sizeof(w)), one ? argv[i] : NULL, &r,
		       true)) {
		free(r.items);
		loom_nl_close(&nl);
		return LOOMCTL_EXIT_FAIL;
	}
	if (opts->json)
		err = run_json_nodes(stdout, r.items, r.n, !one, opts->pretty);
	else if (one)
		run_show_nodes(stdout, r.items, r.n);
	else
		err = mesh_show_node_table(stdout, r.items, r.n);
	free(r.items);
	return loom_nl_finish(&nl, grp, cmd, err);
}

/* --- neighbours, routes --------------------------------------------------- */

static int parse_link(struct nlmsghdr *nlh, void *item)
{
	return run_msg_parse_mesh_link(nlh, item);
}

static int parse_route(struct nlmsghdr *nlh, void *item)
{
	return run_msg_parse_route(nlh, item);
}

static int put_name(struct nl_msg *msg, const void *arg)
{
	return run_msg_put_node(msg, arg, NULL);
}

/*
 * The dump @nlcmd of each node of @nodes, one after the other, into
 * @all (whose parse and size are set): 0, or -1 after saying why.
 */
static int dump_each(struct loom_nl *nl, const char *w, int nlcmd,
		     const struct loom_nl_replies *nodes,
		     struct loom_nl_replies *all)
{
	const struct run_node *nd = nodes->items;
	struct loom_nl_replies one = { .parse = all->parse, .size = all->size };
	size_t i;
	void *p;
	int err;

	for (i = 0; i < nodes->n; i++) {
		err = loom_nl_dump_put(nl, nlcmd, put_name, nd[i].name, &one);
		if (err) {
			free(one.items);
			loom_nl_report(nl, w, err);
			return -1;
		}
		if (!one.n)
			continue;
		p = realloc(all->items, (all->n + one.n) * all->size);
		if (!p) {
			free(one.items);
			loomctl_err("%s: %s", w, strerror(ENOMEM));
			return -1;
		}
		all->items = p;
		memcpy((char *)p + all->n * all->size, one.items,
		       one.n * all->size);
		all->n += one.n;
	}
	free(one.items);
	return 0;
}

/* --best, given to opt_best(). */
static int opt_best(int val, const char *optarg, void *arg)
{
	(void)optarg;
	if (val == OPT_BEST)
		*(bool *)arg = true;
	return 0;
}

/* Only the best route of each destination: batctl's best vector. */
static void keep_best(struct loom_nl_replies *r)
{
	struct mesh_route *rt = r->items;
	size_t i, k = 0;

	for (i = 0; i < r->n; i++)
		if (rt[i].best)
			memmove(&rt[k++], &rt[i], sizeof(*rt));
	r->n = k;
}

/* "neighbours [NAME]" (cmd->arg 0) and "routes [NAME] [--best]" (1). */
static int do_table(const struct loomctl_group *grp,
		    const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		    int argc, char **argv)
{
	static const struct option best_opt[] = {
		{ "best", no_argument, NULL, OPT_BEST },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = { "NAME" };
	bool routes = cmd->arg, best = false;
	struct loom_nl_replies nodes = { 0 }, all = {
		.parse = routes ? parse_route : parse_link,
		.size = routes ? sizeof(struct mesh_route) :
			sizeof(struct mesh_link),
	};
	const char *name = NULL;
	struct mesh_hosts h;
	struct loom_nl nl;
	int i, err = -1;
	char w[32];

	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv,
				   routes ? best_opt : NULL, opt_best, &best);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (argc > i) {
		name = argv[i];
		if (run_name_operand(grp, cmd, name))
			return LOOMCTL_EXIT_USAGE;
	}
	what(cmd, w, sizeof(w));
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	load_hosts(&h);
	if (mesh_nodes(&nl, w, name, &nodes, false) ||
	    dump_each(&nl, w, routes ? LOOM_CMD_ROUTE_GET : LOOM_CMD_LINK_GET,
		      &nodes, &all))
		goto out;
	if (routes) {
		if (best)
			keep_best(&all);
		qsort(all.items, all.n, all.size, mesh_route_cmp);
		err = opts->json ?
		      mesh_json_routes(stdout, all.items, all.n, &h,
				       opts->pretty) :
		      mesh_show_routes(stdout, all.items, all.n, &h);
	} else {
		qsort(all.items, all.n, all.size, mesh_link_cmp);
		err = opts->json ?
		      mesh_json_links(stdout, all.items, all.n, &h,
				      opts->pretty) :
		      mesh_show_links(stdout, all.items, all.n, &h);
	}
	if (err) {
		loomctl_err("%s: %s", w, strerror(-err));
		err = -1;
	}
out:
	free(nodes.items);
	free(all.items);
	mesh_hosts_free(&h);
	loom_nl_close(&nl);
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}

/* --- ping, traceroute ----------------------------------------------------- */

struct prober;

/* An answer of the kernel (LOOM_CMD_PING) arrived at @now. */
typedef void (*prober_answer)(struct prober *p, const struct mesh_answer *a,
			      uint64_t now);

/**
 * struct prober - echo requests of one mesh node over its netlink socket
 * @nl: the socket; answers come to it
 * @w: "mesh ping" or "mesh traceroute", for messages
 * @node: the node that sends them
 * @dst: their destination
 * @cb: libnl callbacks: answers, acks and errors, no sequence check
 * @on_answer: what to do with an answer
 * @ack_seq: netlink sequence number of the request whose ack is awaited
 * @acked: that ack (or its error) came
 * @ack_err: its error (negative errno), extack in @nl.extack
 * @err: a failure of the socket
 * @stop: @on_answer has what it waited for
 */
struct prober {
	struct loom_nl nl;
	const char *w;
	const char *node;
	u8 dst[6];
	struct nl_cb *cb;
	prober_answer on_answer;
	uint32_t ack_seq;
	bool acked;
	int ack_err;
	int err;
	bool stop;
};

static int prober_valid(struct nl_msg *msg, void *arg)
{
	struct prober *p = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct mesh_answer a;

	if (nlh->nlmsg_type != p->nl.family || gh->cmd != LOOM_CMD_PING ||
	    run_msg_parse_answer(nlh, &a))
		return NL_OK;
	p->on_answer(p, &a, run_now_ns());
	return NL_OK;
}

static int prober_ack(struct nl_msg *msg, void *arg)
{
	struct prober *p = arg;

	if (nlmsg_hdr(msg)->nlmsg_seq == p->ack_seq)
		p->acked = true;
	return NL_OK;
}

static int prober_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			void *arg)
{
	struct prober *p = arg;
	const struct nlmsghdr *nlh;

	(void)nla;
	if (e->msg.nlmsg_seq != p->ack_seq)
		return NL_SKIP;
	nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	p->acked = true;
	p->ack_err = e->error;
	loom_nl_parse_extack(nlh, p->nl.extack, sizeof(p->nl.extack),
			     &p->nl.extack_off);
	return NL_SKIP;
}

static int prober_seq_ok(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* The socket and its callbacks: 0, or -1 after saying why. */
static int prober_open(struct prober *p)
{
	if (loom_nl_open(&p->nl))
		return -1;
	p->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!p->cb) {
		loomctl_err("%s: %s", p->w, strerror(ENOMEM));
		loom_nl_close(&p->nl);
		return -1;
	}
	/* Answers carry no sequence number of ours. */
	nl_cb_set(p->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, prober_seq_ok, p);
	nl_cb_set(p->cb, NL_CB_VALID, NL_CB_CUSTOM, prober_valid, p);
	nl_cb_set(p->cb, NL_CB_ACK, NL_CB_CUSTOM, prober_ack, p);
	nl_cb_err(p->cb, NL_CB_CUSTOM, prober_error, p);
	return 0;
}

static void prober_close(struct prober *p)
{
	if (p->cb)
		nl_cb_put(p->cb);
	loom_nl_close(&p->nl);
}

/*
 * Reads what arrives until @deadline (CLOCK_MONOTONIC ns), an
 * interruption, and the ack awaited (@until_ack) or else @p->stop.  0,
 * or -1 after saying why the socket failed.
 */
static int prober_wait(struct prober *p, uint64_t deadline, bool until_ack)
{
	struct pollfd pfd = {
		.fd = nl_socket_get_fd(p->nl.sk), .events = POLLIN,
	};
	uint64_t now;
	int ret, ms;

	/*
	 * Waiting for the kernel's ack, an answer may come first (a fast
	 * mesh): it may stop the wait for answers, not this one.
	 */
	while (!run_interrupted && (until_ack ? !p->acked : !p->stop)) {
		now = run_now_ns();
		if (now >= deadline)
			return 0;
		ms = (int)((deadline - now + 999999) / 1000000);
		ret = poll(&pfd, 1, ms > 60000 ? 60000 : ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			loomctl_err("%s: poll: %s", p->w, strerror(errno));
			return -1;
		}
		if (!ret)
			continue;
		ret = nl_recvmsgs(p->nl.sk, p->cb);
		if (ret == -NLE_NOMEM) {
			loomctl_err("%s: the receive buffer overflowed; answers were lost",
				    p->w);
		} else if (ret < 0 && ret != -NLE_INTR && ret != -NLE_AGAIN) {
			loomctl_err("%s: receiving: %s", p->w,
				    nl_geterror(ret));
			return -1;
		}
	}
	return 0;
}

/*
 * Sends echo request @seq (hop limit @hop_limit, 0: the kernel's) and
 * waits for the kernel to take it.  Returns 0, a negative errno of the
 * kernel's (extack in @p->nl.extack), or -EIO after saying the socket
 * failed.
 */
static int prober_send(struct prober *p, u16 seq, u8 hop_limit)
{
	struct nl_msg *msg = loom_nl_msg(&p->nl, LOOM_CMD_PING, NLM_F_ACK, 0);
	int ret;

	if (!msg || run_msg_put_ping(msg, p->node, p->dst, seq, hop_limit)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	p->nl.extack[0] = '\0';
	p->acked = false;
	p->ack_err = 0;
	ret = nl_send_auto(p->nl.sk, msg);
	p->ack_seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (ret < 0)
		return -loom_nl_errno(ret);
	if (prober_wait(p, run_now_ns() + MESH_ACK_MS * 1000000ULL, true))
		return -EIO;
	if (!p->acked)
		return run_interrupted ? -EINTR : -ETIMEDOUT;
	return p->ack_err;
}

/* The kernel refused request @seq with @err: said on stderr. */
static void prober_refused(struct prober *p, unsigned int seq, int err)
{
	char w[64];

	snprintf(w, sizeof(w), "%s: seq=%u", p->w, seq);
	if (err != -EIO)
		loom_nl_report(&p->nl, w, err);
}

/* May later requests pass where this one was refused (@err)? */
static bool refusal_transient(int err)
{
	return err == -ENOBUFS || err == -EAGAIN || err == -EHOSTUNREACH ||
	       err == -ENETUNREACH;
}

/**
 * struct pinger - one run of "mesh ping"
 * @p: its prober (first: the answers' callback gets it)
 * @hop_limit: of each request, 0 for the kernel's
 * @h: the hosts file
 * @json: print only the JSON summary
 * @pings: the requests and their answers
 */
struct pinger {
	struct prober p;
	u8 hop_limit;
	const struct mesh_hosts *h;
	bool json;
	struct mesh_pings pings;
};

static void ping_answer(struct prober *pr, const struct mesh_answer *a,
			uint64_t now)
{
	struct pinger *pg = (struct pinger *)pr;
	uint64_t us;
	int note = mesh_pings_answer(&pg->pings, a, now, &us);

	if (note >= 0 && !pg->json) {
		mesh_show_answer(stdout, a, us, note, pg->h);
		fflush(stdout);
	}
}

/* Sends, waits and reads until each request is answered or lost. */
static void ping_run(struct pinger *pg, uint64_t interval_ms,
		     uint64_t timeout_ms)
{
	uint64_t interval_ns = interval_ms * 1000000ULL;
	uint64_t timeout_ns = timeout_ms * 1000000ULL;
	uint64_t now, next_send = run_now_ns(), until, dl;
	struct mesh_pings *ps = &pg->pings;
	uint32_t seq;
	int err;

	while (!run_interrupted) {
		now = run_now_ns();
		if (ps->next <= ps->count && now >= next_send) {
			seq = mesh_pings_send(ps, now);
			err = prober_send(&pg->p, (u16)seq, pg->hop_limit);
			if (err)
				prober_refused(&pg->p, seq, err);
			mesh_pings_sent(ps, seq, err, refusal_transient(err));
			if (err && !refusal_transient(err))
				break;
			next_send = now + interval_ns;
			continue;
		}
		while ((seq = mesh_pings_expire(ps, now, timeout_ns)))
			if (!pg->json)
				ping_show_timeout(stdout, seq, timeout_ms);
		fflush(stdout);
		if (mesh_pings_done(ps))
			break;
		until = ps->next <= ps->count ? next_send : UINT64_MAX;
		dl = mesh_pings_deadline(ps, timeout_ns);
		if (dl < until)
			until = dl;
		if (prober_wait(&pg->p, until, false))
			break;
	}
}

/*
 * NAME DEST of ping and traceroute: the node checked to be a mesh node,
 * DEST resolved.  0, or an exit code.
 */
static int probe_operands(const struct loomctl_group *grp,
			  const struct loomctl_cmd *cmd, int argc, char **argv,
			  struct prober *p, const struct mesh_hosts *h)
{
	static const char *const names[] = { "NAME", "DEST" };
	struct loom_nl_replies r = { 0 };
	char err[RUN_ERR_MAX];
	const struct run_node *nd;
	int ret = LOOMCTL_EXIT_FAIL;

	if (loomctl_operands(grp, cmd, argc, 2, 2, names, argv) ||
	    run_name_operand(grp, cmd, argv[0]))
		return LOOMCTL_EXIT_USAGE;
	if (mesh_parse_dest(h, argv[1], p->dst, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	p->node = argv[0];
	if (prober_open(p))
		return LOOMCTL_EXIT_FAIL;
	if (mesh_nodes(&p->nl, p->w, p->node, &r, false))
		goto out;
	nd = r.items;
	if (nd->has_hwaddr && !memcmp(nd->hwaddr, p->dst, 6)) {
		loomctl_err("%s: DEST \"%s\" is %s itself: give another node",
			    p->w, argv[1], p->node);
		goto out;
	}
	ret = 0;
out:
	free(r.items);
	return ret;
}

static int do_ping(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "interval", required_argument, NULL, 'i' },
		{ "timeout", required_argument, NULL, 'W' },
		{ "hop-limit", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct pinger pg = { .hop_limit = 0 };
	struct ping_args a;
	struct run_ping_opts ctx = { grp, cmd, &a };
	char dest[MESH_PEER_BUF];
	struct mesh_hosts h;
	int i, ret;

	ping_args_init(&a);
	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, longopts,
				   run_ping_opt, &ctx);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	load_hosts(&h);
	pg.p.w = "mesh ping";
	pg.p.on_answer = ping_answer;
	pg.h = &h;
	pg.json = opts->json;
	pg.hop_limit = a.hop_limit;
	ret = probe_operands(grp, cmd, argc - i, argv + i, &pg.p, &h);
	if (ret)
		goto out;
	ret = LOOMCTL_EXIT_FAIL;
	if (mesh_pings_init(&pg.pings, a.count)) {
		loomctl_err("mesh ping: %s", strerror(ENOMEM));
		goto out;
	}
	if (!a.interval_ms)
		a.interval_ms = MESH_INTERVAL_MS_DEFAULT;
	if (!a.timeout_ms)
		a.timeout_ms = MESH_TIMEOUT_MS_DEFAULT;
	run_catch_signals();
	mesh_fmt_peer(dest, sizeof(dest), &h, pg.p.dst);
	if (!pg.json) {
		mesh_show_ping_header(stdout, dest, pg.p.node, a.count,
				      a.interval_ms, a.timeout_ms);
		fflush(stdout);
	}
	ping_run(&pg, a.interval_ms, a.timeout_ms);
	if (pg.json)
		mesh_json_ping(stdout, pg.p.node, pg.p.dst, &pg.pings.st,
			       pg.pings.res, pg.pings.next - 1, &h,
			       opts->pretty);
	else
		ping_show_summary(stdout, dest, &pg.pings.st);
	ret = pg.pings.st.received ? LOOMCTL_EXIT_OK : LOOMCTL_EXIT_FAIL;
out:
	prober_close(&pg.p);
	mesh_pings_free(&pg.pings);
	mesh_hosts_free(&h);
	return ret;
}

/**
 * struct tracer - one run of "mesh traceroute"
 * @p: its prober (first: the answers' callback gets it)
 * @seq: the probe awaited
 * @sent_ns: when it went
 * @hop: the hop being probed
 * @probe: which of its probes
 */
struct tracer {
	struct prober p;
	u16 seq;
	uint64_t sent_ns;
	struct mesh_hop *hop;
	unsigned int probe;
};

static void trace_answer(struct prober *pr, const struct mesh_answer *a,
			 uint64_t now)
{
	struct tracer *t = (struct tracer *)pr;
	struct mesh_hop *hp = t->hop;

	/* Late answers to earlier probes are not this hop's. */
	if (a->seq != t->seq || hp->got[t->probe])
		return;
	if (!hp->answered) {
		hp->answered = true;
		memcpy(hp->addr, a->src, 6);
		hp->code = a->code;
	}
	hp->got[t->probe] = true;
	hp->rtt_us[t->probe] = mesh_answer_rtt_us(a, t->sent_ns, now);
	pr->stop = true;
}

static int do_traceroute(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	struct mesh_hop hops[LOOM_MESH_HOP_LIMIT];
	struct tracer t = { .seq = 0 };
	struct ping_args a;
	struct run_ping_opts ctx = { grp, cmd, &a };
	char dest[MESH_PEER_BUF];
	struct mesh_hosts h;
	bool reached = false, end = false;
	unsigned int n = 0;
	int i, ret, err;

	ping_args_init(&a);
	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, longopts,
				   run_ping_opt, &ctx);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	load_hosts(&h);
	t.p.w = "mesh traceroute";
	t.p.on_answer = trace_answer;
	ret = probe_operands(grp, cmd, argc - i, argv + i, &t.p, &h);
	if (ret)
		goto out;
	if (!a.timeout_ms)
		a.timeout_ms = MESH_TIMEOUT_MS_DEFAULT;
	run_catch_signals();
	mesh_fmt_peer(dest, sizeof(dest), &h, t.p.dst);
	if (!opts->json) {
		mesh_show_trace_header(stdout, dest, t.p.node,
				       LOOM_MESH_HOP_LIMIT);
		fflush(stdout);
	}
	ret = LOOMCTL_EXIT_FAIL;
	memset(hops, 0, sizeof(hops));
	while (n < LOOM_MESH_HOP_LIMIT && !end && !run_interrupted) {
		t.hop = &hops[n];
		t.hop->hop = (uint8_t)(n + 1);
		for (t.probe = 0; t.probe < MESH_TRACE_PROBES && !run_interrupted;
		     t.probe++) {
			t.seq++;
			t.sent_ns = run_now_ns();
			t.p.stop = false;
			err = prober_send(&t.p, t.seq, t.hop->hop);
			if (err) {
				prober_refused(&t.p, t.seq, err);
				if (!refusal_transient(err))
					goto out;
				continue;
			}
			if (prober_wait(&t.p, t.sent_ns +
					a.timeout_ms * 1000000ULL, false))
				goto out;
		}
		if (run_interrupted)
			break;
		n++;
		if (t.hop->answered &&
		    (t.hop->code != LOOM_PING_HOP_LIMIT ||
		     !memcmp(t.hop->addr, t.p.dst, 6))) {
			reached = t.hop->code == LOOM_PING_REPLY;
			end = true;
		}
		if (!opts->json) {
			mesh_show_hop(stdout, t.hop, &h);
			fflush(stdout);
		}
	}
	if (opts->json)
		mesh_json_trace(stdout, t.p.node, t.p.dst, reached, hops, n, &h,
				opts->pretty);
	ret = reached ? LOOMCTL_EXIT_OK : LOOMCTL_EXIT_FAIL;
out:
	prober_close(&t.p);
	mesh_hosts_free(&h);
	return ret;
}

static const struct loomctl_cmd mesh_cmds[] = {
	{
		.name = "start",
		.args = "NAME radio RADIO [radio RADIO]... [beacon MS] [policy hops|delay] [duty PERCENT|off]",
		.help = "run the mesh node NAME (Dhyara) on up to 4 radios; its address is the first's",
		.fn = do_start,
	},
	{
		.name = "stop",
		.args = "NAME",
		.help = "stop the mesh node NAME; its radio is free again",
		.fn = do_stop,
	},
	{
		.name = "list",
		.args = "[-j [-p]]",
		.help = "a line per mesh node: address, radio, device, beacon, policy, duty budget, control share, tables",
		.fn = do_show,
	},
	{
		.name = "show",
		.args = "NAME [-j [-p]]",
		.help = "one mesh node: its parameters and every counter",
		.fn = do_show,
		.arg = 1,
	},
	{
		.name = "neighbours",
		.args = "[NAME] [-j [-p]]",
		.help = "the neighbours of NAME (of every mesh node, if not given): last seen, round trip, link delay, silence (batctl n)",
		.fn = do_table,
	},
	{
		.name = "routes",
		.args = "[NAME] [--best] [-j [-p]]",
		.help = "every route to every destination, the best marked '*' (batctl o); --best: the best vector only",
		.fn = do_table,
		.arg = 1,
	},
	{
		.name = "originators",
		.args = "[NAME] [--best] [-j [-p]]",
		.help = "the same as routes (batctl's word; 'o' for short)",
		.fn = do_table,
		.arg = 1,
	},
	{
		.name = "ping",
		.args = "NAME DEST [-c COUNT] [-i INTERVAL_S] [-W TIMEOUT_S] [-t HOP_LIMIT] [-j [-p]]",
		.help = "layer-2 echo requests from the mesh node NAME to DEST, timed (batctl ping)",
		.fn = do_ping,
	},
	{
		.name = "traceroute",
		.args = "NAME DEST [-W TIMEOUT_S] [-j [-p]]",
		.help = "the path from NAME to DEST: echo requests with hop limits 1, 2, ..., 3 per hop (batctl traceroute)",
		.fn = do_traceroute,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_mesh_group = {
	.name = "mesh",
	.help = "the Dhyara mesh: start nodes, neighbours, routes, layer-2 ping and traceroute",
	.cmds = mesh_cmds,
	.notes =
		"A mesh node's address is its radio's 48-bit address.  DEST, and every\n"
		"address printed, may be a name of the hosts file (as batctl's\n"
		"/etc/bat-hosts): " MESH_HOSTS_PATH ", or the file $" MESH_HOSTS_ENV " names; a\n"
		"line \"aa:bb:cc:dd:ee:ff name\", '#' starts a comment.  Bad lines are\n"
		"reported (FILE:LINE) and ignored.\n"
		"start: beacon MS, the beacon interval, 100..3600000 (default 1000);\n"
		"  policy, how the best route is chosen: hops (fewest hops, then lowest\n"
		"  delay; the default) or delay (lowest delay); duty PERCENT, the share\n"
		"  of the time a LoRa radio may carry the node's control frames, up to 4\n"
		"  decimals (default 1, EU868's), or off: no budget.  The kernel refuses\n"
		"  a start whose control traffic cannot fit, and says why.\n"
		"neighbours, routes: without NAME, those of every mesh node running in\n"
		"  this network namespace.  DELAY is \"-\" until a round trip is measured.\n"
		"ping: -c COUNT requests (default 1), -i INTERVAL_S apart (default 1),\n"
		"  -W TIMEOUT_S for each answer (default 5), -t HOP_LIMIT 1..32\n"
		"  transmissions (default: the kernel's, 32).  Exit status 0 when a\n"
		"  reply came.  A node on the way may answer instead: hop limit\n"
		"  exceeded, or no route.  -j prints a summary object at the end.\n"
		"traceroute: hop limits 1, 2, ... up to 32, 3 requests each, until DEST\n"
		"  answers (exit status 0) or a node has no route on (\"!N\").\n",
	.examples =
		"  loomctl mesh start alpha radio wlan0\n"
		"  loomctl mesh start beta radio hwsim1 beacon 5000 duty 0.5\n"
		"  loomctl mesh n\n"
		"  loomctl mesh o alpha --best\n"
		"  loomctl mesh ping alpha gamma -c 3\n"
		"  loomctl mesh traceroute alpha 02:4c:4f:4d:00:07\n",
};
