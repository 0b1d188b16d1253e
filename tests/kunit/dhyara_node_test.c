// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the Dhyara node (kernel/dhyara/node.c): nodes in a line
 * on the simulated LoRa medium and a virtual clock.  Every wait polls
 * for its condition up to a bounded virtual deadline.  The medium loses
 * frames to collisions and the node does not retransmit, so the tests
 * that need one frame through send a few and require enough of them.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "../../kernel/dhyara/node.h"
#include "../../kernel/radio/sim.h"

#define DN_MAX		4
#define DN_S		NSEC_PER_SEC
#define DN_STEP		(100 * NSEC_PER_MSEC)

struct dn_net;

/**
 * struct dn_node - one test node
 * @node: the Dhyara node
 * @sr: its radio
 * @net: the network
 * @got: datagrams received
 * @last: the last one
 * @last_len: its length
 * @last_src: its origin
 * @tags: datagrams received per tag (their first byte)
 * @outcomes: outcomes reported
 * @out: the last outcome
 * @pings: echo replies received
 * @errs: ICMPX about our echo requests received
 * @pr: the last ping result
 * @nbr_up: neighbour-up events
 * @best: best-route events with a next hop
 */
struct dn_node {
	struct loom_dhy_node node;
	struct loom_sim_radio *sr;
	struct dn_net *net;
	u32 got;
	u8 last[1024];
	u16 last_len;
	u8 last_src[ETH_ALEN];
	u32 tags[32];
	u32 outcomes;
	struct loom_dhy_tx_done out;
	u32 pings;
	u32 errs;
	struct loom_dhy_ping_result pr;
	u32 nbr_up;
	u32 best;
};

/**
 * struct dn_net - a line of nodes on one medium
 * @clk: virtual clock
 * @m: the medium
 * @n: nodes
 * @started: nodes initialised (to destroy)
 * @nd: the nodes
 */
struct dn_net {
	struct loom_clock clk;
	struct loom_sim_medium m;
	u32 n;
	u32 started;
	struct dn_node nd[DN_MAX];
};

static void dn_recv(struct loom_dhy_node *n, const u8 *src, const u8 *data,
		    u16 len, const struct loom_radio_rx_info *info)
{
	struct dn_node *d = n->priv;

	d->got++;
	d->last_len = min_t(u16, len, sizeof(d->last));
	memcpy(d->last, data, d->last_len);
	ether_addr_copy(d->last_src, src);
	if (len && data[0] < ARRAY_SIZE(d->tags))
		d->tags[data[0]]++;
}

static void dn_outcome(struct loom_dhy_node *n,
		       const struct loom_dhy_tx_done *done)
{
	struct dn_node *d = n->priv;

	d->outcomes++;
	d->out = *done;
}

static void dn_ping(struct loom_dhy_node *n,
		    const struct loom_dhy_ping_result *res)
{
	struct dn_node *d = n->priv;

	if (res->code)
		d->errs++;
	else
		d->pings++;
	d->pr = *res;
}

static void dn_event(struct loom_dhy_node *n, enum loom_dhy_event ev,
		     const u8 *subject, const u8 *via)
{
	struct dn_node *d = n->priv;

	if (ev == LOOM_DHY_EV_NBR_ADD)
		d->nbr_up++;
	if (ev == LOOM_DHY_EV_BEST_CHANGED && via)
		d->best++;
}

static const struct loom_dhy_node_ops dn_ops = {
	.recv = dn_recv,
	.outcome = dn_outcome,
	.ping = dn_ping,
	.event = dn_event,
};

static int dn_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void dn_res_free(struct kunit_resource *res)
{
	struct dn_net *net = res->data;
	u32 i;

	for (i = 0; i < net->started; i++)
		loom_dhy_node_destroy(&net->nd[i].node);
	for (i = 0; i < net->n; i++)
		if (net->nd[i].sr)
			loom_sim_radio_unlink(net->nd[i].sr);
	synchronize_rcu();
	for (i = 0; i < net->n; i++)
		if (net->nd[i].sr)
			loom_sim_radio_free(net->nd[i].sr);
	loom_sim_medium_destroy(&net->m);
}

static const u8 *dn_addr(struct dn_net *net, u32 i)
{
	return net->nd[i].sr->radio.hwaddr;
}

/* A medium of @n radios on a virtual clock, freed with the test. */
static struct dn_net *dn_net_new(struct kunit *test, u32 n)
{
	struct dn_net *net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, net);
	net->n = n;
	loom_clock_init(&net->clk, LOOM_CLOCK_VIRTUAL);
	KUNIT_ASSERT_EQ(test, loom_sim_medium_init(&net->m, &net->clk, n, 7),
			0);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, dn_res_init,
							 dn_res_free,
							 GFP_KERNEL, net));
	return net;
}

/* Radio @i of the medium, as slot @i's: SF7/500 kHz, 02:4c:4f:4d:00:<i+1>. */
static struct loom_sim_radio *dn_radio(struct kunit *test, struct dn_net *net,
				       u32 i)
{
	struct loom_sim_radio *sr = loom_sim_radio_add(&net->m, NULL, NULL);
	struct loom_lora_params p;

	KUNIT_ASSERT_FALSE(test, IS_ERR(sr));
	net->nd[i].sr = sr;
	net->nd[i].net = net;
	loom_lora_params_default(&p);
	/* A wide channel: shorter frames, fewer collisions, a faster test. */
	p.bw_hz = 500000;
	KUNIT_ASSERT_EQ(test, loom_sim_radio_configure(sr, &p, -1), 0);
	/* As loom_hwsim numbers its radios: 02:4c:4f:4d:<id>. */
	sr->radio.hwaddr[0] = 0x02;
	sr->radio.hwaddr[1] = 0x4c;
	sr->radio.hwaddr[2] = 0x4f;
	sr->radio.hwaddr[3] = 0x4d;
	sr->radio.hwaddr[5] = i + 1;
	return sr;
}

static void dn_conf(struct loom_dhy_node_conf *conf, u32 duty_ppm)
{
	loom_dhy_node_conf_default(conf);
	conf->tx_timeout_ns = 10 * DN_S;
	conf->reasm_timeout_ns = 5 * DN_S;
	conf->duty_ppm = duty_ppm;
}

/* Radios @i and @j hear each other. */
static void dn_link(struct kunit *test, struct dn_net *net, u32 i, u32 j)
{
	struct loom_sim_edge e = { .rssi_mdbm = -80000, .snr_mdb = 10000,
				   .present = true };

	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m, i, j, &e), 0);
	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m, j, i, &e), 0);
}

/* @n nodes in a line: each hears only its neighbours; a duty budget. */
static struct dn_net *dn_line_duty(struct kunit *test, u32 n, u32 duty_ppm)
{
	struct dn_net *net = dn_net_new(test, n);
	struct loom_dhy_node_conf conf;
	const char *field;
	u32 i;

	dn_conf(&conf, duty_ppm);
	for (i = 0; i < n; i++) {
		struct dn_node *d = &net->nd[i];
		struct loom_sim_radio *sr = dn_radio(test, net, i);

		KUNIT_ASSERT_EQ(test, loom_dhy_node_init(&d->node, &sr->radio,
							 &net->clk, &conf,
							 &dn_ops, d, &field),
				0);
		net->started++;
		if (i)
			dn_link(test, net, i - 1, i);
	}
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, loom_dhy_node_start(&net->nd[i].node), 0);
	return net;
}

static struct dn_net *dn_line(struct kunit *test, u32 n)
{
	return dn_line_duty(test, n, 0);
}

static void dn_run(struct dn_net *net, u64 ns)
{
	loom_clock_run(&net->clk, loom_clock_now(&net->clk) + ns, 0);
}

/* Node @i's hop count to node @j, or 0 without a route. */
static u32 dn_hops(struct dn_net *net, u32 i, u32 j)
{
	struct loom_dhy_hop hop;

	if (loom_dhy_lookup(net->nd[i].node.table, dn_addr(net, j), &hop))
		return 0;
	return hop.hops;
}

static bool dn_converged(struct dn_net *net)
{
	u32 i, j;

	for (i = 0; i < net->n; i++)
		for (j = 0; j < net->n; j++)
			if (i != j && dn_hops(net, i, j) != abs((int)i - (int)j))
				return false;
	return true;
}

/* Run until every route has the line's hop count; the time taken. */
static u64 dn_converge(struct kunit *test, struct dn_net *net, u64 limit)
{
	u64 t0 = loom_clock_now(&net->clk);

	while (!dn_converged(net) && loom_clock_now(&net->clk) - t0 < limit)
		dn_run(net, DN_STEP);
	KUNIT_ASSERT_TRUE_MSG(test, dn_converged(net),
			      "no convergence within %llu ms",
			      div_u64(limit, NSEC_PER_MSEC));
	return loom_clock_now(&net->clk) - t0;
}

/*
 * Radios whose channel activity detection takes time, as an SX127x's CAD
 * does (cad_start, then cad_done two symbols later): the simulated radio's
 * operations with the instant cad replaced.  The answer is the medium's at
 * the detection's end; the first dn_cad_force_busy detections hear a
 * frame whatever the medium says, so the backoff path is taken for sure.
 */
static struct loom_radio_ops dn_cad_ops;
static const struct loom_radio_ops *dn_sim_ops;
static struct dn_net *dn_cad_net;
static u32 dn_cad_force_busy;

/**
 * struct dn_cad - one radio's detection in progress
 * @timer: ends it, on the medium's virtual clock
 * @r: the radio
 * @running: started, not yet reported
 * @starts: detections started
 * @busy: detections that reported a frame
 */
struct dn_cad {
	struct loom_timer timer;
	struct loom_radio *r;
	bool running;
	u32 starts;
	u32 busy;
};

static struct dn_cad dn_cads[DN_MAX];

static struct dn_cad *dn_cad_of(struct loom_radio *r)
{
	return &dn_cads[container_of(r, struct loom_sim_radio, radio)->idx];
}

static void dn_cad_fire(struct loom_timer *t)
{
	struct dn_cad *c = container_of(t, struct dn_cad, timer);
	int busy = dn_sim_ops->cad(c->r) > 0;

	if (dn_cad_force_busy) {
		dn_cad_force_busy--;
		busy = 1;
	}
	c->running = false;
	c->busy += busy;
	rcu_read_lock();
	loom_radio_cad_done(c->r, busy);
	rcu_read_unlock();
}

static int dn_cad_start(struct loom_radio *r)
{
	struct dn_cad *c = dn_cad_of(r);

	if (r->acct.state != LOOM_RADIO_RECEIVE || c->running)
		return -EBUSY;
	c->running = true;
	c->starts++;
	loom_timer_start(&c->timer, loom_clock_now(&dn_cad_net->clk) +
			 2 * loom_lora_symbol_ns(&r->params));
	return 0;
}

static int dn_cad_xmit(struct loom_radio *r, const u8 *frame, u16 len)
{
	/* The node never sends while its detection runs. */
	if (WARN_ON_ONCE(dn_cad_of(r)->running))
		return -EBUSY;
	return dn_sim_ops->xmit(r, frame, len);
}

static int dn_cad_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void dn_cad_res_free(struct kunit_resource *res)
{
	u32 i;

	for (i = 0; i < DN_MAX; i++)
		if (dn_cads[i].r)
			loom_timer_cancel(&dn_cads[i].timer);
}

static void dhy_node_cad_start(struct kunit *test)
{
	struct dn_net *net = dn_net_new(test, 3);
	struct loom_dhy_node_conf conf;
	struct loom_dhy_node_stats st;
	u64 frames, t;
	const char *field;
	u32 i, forced = 8;

	dn_cad_net = net;
	dn_cad_force_busy = forced;
	memset(dn_cads, 0, sizeof(dn_cads));
	dn_conf(&conf, 0);
	for (i = 0; i < 3; i++) {
		struct loom_sim_radio *sr = dn_radio(test, net, i);

		if (!i) {
			dn_sim_ops = sr->radio.ops;
			dn_cad_ops = *dn_sim_ops;
			dn_cad_ops.cad = NULL;
			dn_cad_ops.cad_start = dn_cad_start;
			dn_cad_ops.xmit = dn_cad_xmit;
		}
		dn_cads[i].r = &sr->radio;
		loom_timer_init(&net->clk, &dn_cads[i].timer, dn_cad_fire);
		sr->radio.ops = &dn_cad_ops;
		KUNIT_ASSERT_EQ(test, loom_dhy_node_init(&net->nd[i].node,
							 &sr->radio, &net->clk,
							 &conf, &dn_ops,
							 &net->nd[i], &field),
				0);
		net->started++;
		if (i)
			dn_link(test, net, i - 1, i);
	}
	/* Before the nodes go (resources are freed last in, first out). */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, dn_cad_res_init,
							 dn_cad_res_free,
							 GFP_KERNEL, dn_cads));
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, loom_dhy_node_start(&net->nd[i].node), 0);
	t = dn_converge(test, net, 60 * DN_S);
	kunit_info(test, "3 nodes with slow CAD converged in %llu ms",
		   div_u64(t, NSEC_PER_MSEC));
	KUNIT_EXPECT_EQ(test, dn_cad_force_busy, 0U);
	for (i = 0; i < 3; i++) {
		loom_dhy_node_stats(&net->nd[i].node, &st);
		frames = st.tx[LOOM_DHY_T_BCN] + st.tx[LOOM_DHY_T_ACK] +
			 st.tx[LOOM_DHY_T_ADV];
		KUNIT_EXPECT_GT(test, frames, 0ULL);
		/* Every frame waited for a detection that found it free. */
		KUNIT_EXPECT_EQ(test, st.cad_started, (u64)dn_cads[i].starts);
		KUNIT_EXPECT_GE(test, st.cad_started, frames);
		KUNIT_EXPECT_EQ(test, st.backoffs, (u64)dn_cads[i].busy);
	}
}

static void dhy_node_converge(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 4);
	struct loom_dhy_node_stats st;
	struct loom_dhy_hop hop;
	u64 t;

	t = dn_converge(test, net, 30 * DN_S);
	kunit_info(test, "4 nodes in a line converged in %llu ms",
		   div_u64(t, NSEC_PER_MSEC));
	/* Node 0 reaches node 3 through node 1, three hops. */
	KUNIT_ASSERT_EQ(test, loom_dhy_lookup(net->nd[0].node.table,
					      dn_addr(net, 3), &hop), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(hop.via, dn_addr(net, 1)));
	KUNIT_EXPECT_EQ(test, hop.hops, 3);
	/* Beacons, acknowledgments and advertisements went both ways. */
	loom_dhy_node_stats(&net->nd[1].node, &st);
	KUNIT_EXPECT_GT(test, st.tx[LOOM_DHY_T_BCN], 0ULL);
	KUNIT_EXPECT_GT(test, st.tx[LOOM_DHY_T_ACK], 0ULL);
	KUNIT_EXPECT_GT(test, st.tx[LOOM_DHY_T_ADV], 0ULL);
	KUNIT_EXPECT_GT(test, st.rx.ok[LOOM_DHY_T_BCN], 0ULL);
	KUNIT_EXPECT_GT(test, st.rx.ok[LOOM_DHY_T_ACK], 0ULL);
	KUNIT_EXPECT_GT(test, st.rx.ok[LOOM_DHY_T_ADV], 0ULL);
}

static void dhy_node_datagram(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 3);
	struct dn_node *a = &net->nd[0], *c = &net->nd[2];
	u8 *data = kunit_kzalloc(test, 600, GFP_KERNEL);
	struct loom_dhy_node_stats st;
	static const u8 nobody[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x99 };
	u32 tag, i, outs;
	u16 id;

	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < 600; i++)
		data[i] = i * 7;
	/* More than one frame carries. */
	KUNIT_ASSERT_GT(test, 600, (int)loom_dhy_cnk_data_max(a->node.max_frame));
	dn_converge(test, net, 30 * DN_S);
	KUNIT_EXPECT_EQ(test, loom_dhy_node_send(&a->node, nobody, data, 10, 0,
						 NULL), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, loom_dhy_node_send(&a->node, dn_addr(net, 2), data,
						 loom_dhy_node_dgram_max(&a->node) + 1,
						 0, NULL), -EMSGSIZE);
	/*
	 * Tries until one is delivered: the medium loses frames and nothing
	 * retries a hop, and the relay cannot hear the next chunk while it
	 * forwards one, so about half of the datagrams of three chunks over
	 * two hops time out here.  Twenty tries.
	 */
	for (tag = 1; tag <= 20; tag++) {
		data[0] = tag;
		outs = a->outcomes;
		KUNIT_ASSERT_EQ(test, loom_dhy_node_send(&a->node,
							 dn_addr(net, 2), data,
							 600, 100 + tag, &id),
				0);
		for (i = 0; i < 150 && a->outcomes == outs; i++)
			dn_run(net, DN_STEP);
		KUNIT_ASSERT_EQ(test, a->outcomes, outs + 1);
		KUNIT_EXPECT_EQ(test, a->out.msg_id, id);
		KUNIT_EXPECT_EQ(test, a->out.cookie, 100ULL + tag);
		if (a->out.outcome == LOOM_DHY_OUT_DELIVERED)
			break;
		kunit_info(test, "datagram %u: outcome %u, trying again", tag,
			   a->out.outcome);
	}
	kunit_info(test, "delivered at try %u", tag);
	KUNIT_ASSERT_EQ(test, a->out.outcome, LOOM_DHY_OUT_DELIVERED);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(a->out.dst, dn_addr(net, 2)));
	/* A while later: delivered whole, from the sender, once. */
	dn_run(net, 5 * DN_S);
	KUNIT_EXPECT_EQ(test, c->tags[tag], 1U);
	KUNIT_EXPECT_EQ(test, c->last_len, 600);
	KUNIT_EXPECT_EQ(test, memcmp(c->last, data, 600), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(c->last_src, dn_addr(net, 0)));
	for (i = 1; i < ARRAY_SIZE(c->tags); i++)
		KUNIT_EXPECT_LE(test, c->tags[i], 1U);
	/* Node 1 passed the chunks and the DLV on. */
	loom_dhy_node_stats(&net->nd[1].node, &st);
	KUNIT_EXPECT_GE(test, st.forwarded, 4ULL);
	loom_dhy_node_stats(&c->node, &st);
	KUNIT_EXPECT_GE(test, st.delivered, 1ULL);
	KUNIT_EXPECT_GE(test, st.tx[LOOM_DHY_T_DLV], 1ULL);
	KUNIT_EXPECT_GE(test, st.rx.ok[LOOM_DHY_T_CNK], 3ULL);
	/* With a cookie the chunks are CNK: the origin awaits a report. */
	loom_dhy_node_stats(&a->node, &st);
	KUNIT_EXPECT_GE(test, st.tx[LOOM_DHY_T_CNK], 3ULL * tag);
	KUNIT_EXPECT_EQ(test, st.tx[LOOM_DHY_T_CNU], 0ULL);
}

/* Node @i sent nothing but beacons, acknowledgments and advertisements. */
static void dn_expect_control_only(struct kunit *test, struct dn_net *net,
				   u32 i)
{
	struct loom_dhy_node_stats st;
	u64 all = 0;
	u32 t;

	loom_dhy_node_stats(&net->nd[i].node, &st);
	for (t = 0; t < __LOOM_DHY_T_MAX; t++)
		all += st.tx[t];
	KUNIT_EXPECT_EQ(test, st.tx[LOOM_DHY_T_DLV], 0ULL);
	KUNIT_EXPECT_EQ(test, all, st.tx[LOOM_DHY_T_BCN] +
			st.tx[LOOM_DHY_T_ACK] + st.tx[LOOM_DHY_T_ADV]);
}

/*
 * A datagram sent without a cookie goes in CNU chunks and arrives whole,
 * and its destination sends no DLV back, delivered or no room (a refusal
 * is counted there); the same datagram with a cookie, refused for want
 * of room, gets its NO_ROOM report.
 */
static void dhy_node_datagram_no_report(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 3);
	struct dn_node *a = &net->nd[0], *c = &net->nd[2];
	u8 *data = kunit_kzalloc(test, 600, GFP_KERNEL);
	struct loom_dhy_reasm_stats rs;
	struct loom_dhy_node_stats st;
	u32 tag, i, sent = 0, outs;

	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < 600; i++)
		data[i] = i * 5;
	dn_converge(test, net, 30 * DN_S);
	/* Lossy medium, no retries: send until one arrives whole. */
	for (tag = 1; tag <= 20; tag++) {
		data[0] = tag;
		KUNIT_ASSERT_EQ(test, loom_dhy_node_send(&a->node,
							 dn_addr(net, 2), data,
							 600, 0, NULL), 0);
		sent++;
		for (i = 0; i < 50 && !c->tags[tag]; i++)
			dn_run(net, DN_STEP);
		if (c->tags[tag])
			break;
	}
	KUNIT_ASSERT_LE(test, tag, 20U);
	kunit_info(test, "delivered at try %u", tag);
	KUNIT_EXPECT_EQ(test, c->tags[tag], 1U);
	KUNIT_EXPECT_EQ(test, c->last_len, 600);
	KUNIT_EXPECT_EQ(test, memcmp(c->last, data, 600), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(c->last_src, dn_addr(net, 0)));
	/* Past every timeout: nothing came back to the sender. */
	dn_run(net, 12 * DN_S);
	KUNIT_EXPECT_EQ(test, a->outcomes, 0U);
	loom_dhy_node_stats(&a->node, &st);
	KUNIT_EXPECT_EQ(test, st.tx[LOOM_DHY_T_CNU], 3ULL * sent);
	KUNIT_EXPECT_EQ(test, st.tx[LOOM_DHY_T_CNK], 0ULL);
	KUNIT_EXPECT_EQ(test, st.rx.ok[LOOM_DHY_T_DLV], 0ULL);
	KUNIT_EXPECT_EQ(test, st.drop[LOOM_DHY_ND_REPORT], 0ULL);
	loom_dhy_node_stats(&c->node, &st);
	KUNIT_EXPECT_GE(test, st.rx.ok[LOOM_DHY_T_CNU], 3ULL);
	KUNIT_EXPECT_GE(test, st.delivered, 1ULL);
	dn_expect_control_only(test, net, 2);
	/* The relay passed chunks on, and no report. */
	loom_dhy_node_stats(&net->nd[1].node, &st);
	KUNIT_EXPECT_GE(test, st.forwarded, 3ULL);
	KUNIT_EXPECT_EQ(test, st.rx.ok[LOOM_DHY_T_DLV], 0ULL);

	/* No room at the destination: refused, counted, not reported. */
	spin_lock_bh(&c->node.reasm.lock);
	c->node.reasm.max_bytes = 100;
	spin_unlock_bh(&c->node.reasm.lock);
	for (tag = 1; tag <= 20; tag++) {
		loom_dhy_reasm_stats(&c->node.reasm, &rs);
		if (rs.over_budget)
			break;
		KUNIT_ASSERT_EQ(test, loom_dhy_node_send(&a->node,
							 dn_addr(net, 2), data,
							 600, 0, NULL), 0);
		dn_run(net, 2 * DN_S);
	}
	loom_dhy_reasm_stats(&c->node.reasm, &rs);
	KUNIT_ASSERT_GT(test, rs.over_budget, 0ULL);
	KUNIT_EXPECT_EQ(test, rs.no_room_dlv, 0ULL);
	dn_run(net, 12 * DN_S);
	loom_dhy_node_stats(&c->node, &st);
	KUNIT_EXPECT_GE(test, st.drop[LOOM_DHY_ND_REASM], rs.over_budget);
	dn_expect_control_only(test, net, 2);
	KUNIT_EXPECT_EQ(test, a->outcomes, 0U);

	/* With a cookie the same refusal is reported: NO_ROOM. */
	for (tag = 1; tag <= 10; tag++) {
		outs = a->outcomes;
		KUNIT_ASSERT_EQ(test, loom_dhy_node_send(&a->node,
							 dn_addr(net, 2), data,
							 600, 7, NULL), 0);
		for (i = 0; i < 150 && a->outcomes == outs; i++)
			dn_run(net, DN_STEP);
		KUNIT_ASSERT_EQ(test, a->outcomes, outs + 1);
		if (a->out.outcome == LOOM_DHY_OUT_NO_ROOM)
			break;
	}
	KUNIT_EXPECT_EQ(test, a->out.outcome, LOOM_DHY_OUT_NO_ROOM);
	KUNIT_EXPECT_EQ(test, a->out.cookie, 7ULL);
	loom_dhy_node_stats(&c->node, &st);
	KUNIT_EXPECT_GE(test, st.tx[LOOM_DHY_T_DLV], 1ULL);
}

static void dhy_node_ping(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 4);
	struct dn_node *a = &net->nd[0];
	struct loom_dhy_node_stats st;
	u32 seq, i;

	dn_converge(test, net, 30 * DN_S);
	/*
	 * Six frames make a round trip and the line's middle nodes hear
	 * both sides (hidden terminals): some are lost, none retried.
	 * Ask until three answers came, or 40 times.
	 */
	for (seq = 1; seq <= 40 && a->pings < 3; seq++) {
		KUNIT_ASSERT_EQ(test, loom_dhy_node_ping(&a->node,
							 dn_addr(net, 3), 42,
							 seq, 0), 0);
		for (i = 0; i < 20 && a->pings < seq; i++)
			dn_run(net, DN_STEP);
	}
	dn_run(net, DN_S);
	loom_dhy_node_stats(&net->nd[1].node, &st);
	kunit_info(test,
		   "%u echo requests over 3 hops: %u replies; node 1 forwarded %llu, backed off %llu times",
		   seq - 1, a->pings, st.forwarded, st.backoffs);
	KUNIT_EXPECT_GE(test, a->pings, 3U);
	KUNIT_EXPECT_EQ(test, a->errs, 0U);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(a->pr.from, dn_addr(net, 3)));
	KUNIT_EXPECT_EQ(test, a->pr.id, 42);
	KUNIT_EXPECT_GT(test, a->pr.rtt_ns, 0ULL);
	/* It left with LOOM_DHY_HOP_LIMIT and made three hops. */
	KUNIT_EXPECT_EQ(test, a->pr.hop_limit, LOOM_DHY_HOP_LIMIT - 2);
}

/* Neighbours and best routes are told as they come. */
static void dhy_node_events(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 3);

	dn_converge(test, net, 30 * DN_S);
	KUNIT_EXPECT_EQ(test, net->nd[0].nbr_up, 1U);
	KUNIT_EXPECT_EQ(test, net->nd[1].nbr_up, 2U);
	/* Node 0 has best routes to 1 and 2, each told once at least. */
	KUNIT_EXPECT_GE(test, net->nd[0].best, 2U);
}

/* The control traffic's share of airtime, and the interval that fits. */
static void dhy_node_duty_math(struct kunit *test)
{
	/* 50 ms beacons and acks, 60 ms ADVs, 1 s: 50 + 50 + 30 per s. */
	KUNIT_EXPECT_EQ(test, loom_dhy_control_ppm(50 * NSEC_PER_MSEC,
						   50 * NSEC_PER_MSEC,
						   60 * NSEC_PER_MSEC,
						   DN_S, 1), 130000U);
	/* At 1 %: 130 ms per interval need 13 s. */
	KUNIT_EXPECT_EQ(test, loom_dhy_beacon_min_ns(50 * NSEC_PER_MSEC,
						     50 * NSEC_PER_MSEC,
						     60 * NSEC_PER_MSEC, 1,
						     10000), 13 * DN_S);
	KUNIT_EXPECT_EQ(test, loom_dhy_beacon_min_ns(1, 1, 1, 4, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_control_ppm(1, 1, 1, 0, 1), 0U);
}

/*
 * Beacons every second cost more than 1 % here: the budget holds the
 * radio's time on air to 1 % of the time (plus the credit it starts with),
 * and the node waits, counted, rather than sending.
 */
static void dhy_node_duty(struct kunit *test)
{
	struct dn_net *net = dn_line_duty(test, 2, 10000);
	struct loom_dhy_node_stats st;
	u64 t0 = loom_clock_now(&net->clk), span = 120 * DN_S, cap;
	u32 i;

	dn_run(net, span);
	for (i = 0; i < 2; i++) {
		struct loom_dhy_node *n = &net->nd[i].node;

		loom_dhy_node_stats(n, &st);
		cap = max(div_u64(n->conf.beacon_ns * 10000, 1000000),
			  loom_radio_airtime_ns(n->ports[0].radio, n->max_frame));
		kunit_info(test,
			   "node %u: %llu us on air in %llu s (budget %llu us), %llu waits",
			   i, div_u64(st.air_ns, NSEC_PER_USEC),
			   div_u64(span, NSEC_PER_SEC),
			   div_u64(span / 100 + cap, NSEC_PER_USEC),
			   st.duty_waits);
		KUNIT_EXPECT_LE(test, st.air_ns,
				(loom_clock_now(&net->clk) - t0) / 100 + cap);
		KUNIT_EXPECT_GT(test, st.duty_waits, 0ULL);
		KUNIT_EXPECT_GT(test, st.tx[LOOM_DHY_T_BCN], 0ULL);
	}
	/* Slower, but the two still find each other. */
	KUNIT_EXPECT_EQ(test, dn_hops(net, 0, 1), 1U);
}

/* Echo requests with @limit until an ICMPX comes; it must be from @from. */
static void dn_trace(struct kunit *test, struct dn_net *net, u8 limit,
		     u32 from)
{
	struct dn_node *a = &net->nd[0];
	u32 errs = a->errs, seq, i;

	for (seq = 1; seq <= 5 && a->errs == errs; seq++) {
		KUNIT_ASSERT_EQ(test, loom_dhy_node_ping(&a->node,
							 dn_addr(net, 3), 7,
							 seq, limit), 0);
		for (i = 0; i < 20 && a->errs == errs; i++)
			dn_run(net, DN_STEP);
	}
	KUNIT_ASSERT_GT(test, a->errs, errs);
	KUNIT_EXPECT_EQ(test, a->pr.code, LOOM_DHY_X_HOP_LIMIT);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(a->pr.from,
						 dn_addr(net, from)));
	KUNIT_EXPECT_EQ(test, a->pr.id, 7);
	KUNIT_EXPECT_EQ(test, a->pr.seq, seq - 1);
}

static void dhy_node_hop_limit(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 4);
	struct loom_dhy_node_stats st;

	dn_converge(test, net, 30 * DN_S);
	/* One transmission reaches node 1, two node 2: they report. */
	dn_trace(test, net, 1, 1);
	dn_trace(test, net, 2, 2);
	KUNIT_EXPECT_EQ(test, net->nd[0].pings, 0U);
	loom_dhy_node_stats(&net->nd[2].node, &st);
	KUNIT_EXPECT_GE(test, st.drop[LOOM_DHY_ND_HOP_LIMIT], 1ULL);
	KUNIT_EXPECT_GE(test, st.tx[LOOM_DHY_T_ICMPX], 1ULL);
}

static void dhy_node_off(struct kunit *test)
{
	struct dn_net *net = dn_line(test, 4);
	u64 t0, limit = 90 * DN_S;
	u32 i;

	dn_converge(test, net, 30 * DN_S);
	loom_dhy_node_halt(&net->nd[3].node);
	t0 = loom_clock_now(&net->clk);
	while ((dn_hops(net, 0, 3) || dn_hops(net, 1, 3) ||
		dn_hops(net, 2, 3)) && loom_clock_now(&net->clk) - t0 < limit)
		dn_run(net, DN_STEP);
	kunit_info(test, "node 3 off: gone from every route after %llu ms",
		   div_u64(loom_clock_now(&net->clk) - t0, NSEC_PER_MSEC));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, dn_hops(net, i, 3), 0U);
	/* The others still reach each other. */
	KUNIT_EXPECT_EQ(test, dn_hops(net, 0, 2), 2U);
	KUNIT_EXPECT_EQ(test, dn_hops(net, 2, 0), 2U);
	KUNIT_EXPECT_EQ(test, loom_dhy_node_ping(&net->nd[0].node,
						 dn_addr(net, 3), 1, 1, 0),
			-EHOSTUNREACH);
}

/*
 * A node on two radios joins two meshes that cannot hear each other:
 * A (radio 0) hears B's first radio (1), C (radio 3) B's second (2).
 * A reaches C through B, beacons go out on both of B's radios, a frame
 * for one neighbour only on its radio; radio 2 taken away, C is gone.
 */
static void dhy_node_two_radios(struct kunit *test)
{
	struct dn_net *net = dn_net_new(test, 4);
	struct dn_node *a = &net->nd[0], *b = &net->nd[1], *c = &net->nd[2];
	struct loom_sim_radio *r0, *r1, *r2, *r3;
	struct loom_dhy_node_conf conf;
	struct loom_dhy_node_stats st;
	u64 t0, tx2, tx1;
	const char *field;
	u32 seq, i;
	u8 data[8] = { 7 };

	dn_conf(&conf, 0);
	r0 = dn_radio(test, net, 0);
	r1 = dn_radio(test, net, 1);
	/* B's second radio: slot 3's, so that C is node 2 with radio 3. */
	r2 = dn_radio(test, net, 3);
	r3 = dn_radio(test, net, 2);
	KUNIT_ASSERT_EQ(test, loom_dhy_node_init(&a->node, &r0->radio, &net->clk,
						 &conf, &dn_ops, a, &field), 0);
	net->started++;
	KUNIT_ASSERT_EQ(test, loom_dhy_node_init(&b->node, &r1->radio, &net->clk,
						 &conf, &dn_ops, b, &field), 0);
	net->started++;
	KUNIT_ASSERT_EQ(test, loom_dhy_node_add_radio(&b->node, &r2->radio, 0,
						      &field), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_node_add_radio(&b->node, &r2->radio, 0,
						      &field), -EEXIST);
	KUNIT_ASSERT_EQ(test, loom_dhy_node_init(&c->node, &r3->radio, &net->clk,
						 &conf, &dn_ops, c, &field), 0);
	net->started++;
	/* Medium slots: r0 0, r1 1, r2 2, r3 3. */
	dn_link(test, net, 0, 1);
	dn_link(test, net, 2, 3);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, loom_dhy_node_start(&net->nd[i].node), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_node_add_radio(&b->node, &r0->radio, 0,
						      &field), -EBUSY);

	t0 = loom_clock_now(&net->clk);
	while ((dn_hops(net, 0, 2) != 2 || dn_hops(net, 2, 0) != 2) &&
	       loom_clock_now(&net->clk) - t0 < 30 * DN_S)
		dn_run(net, DN_STEP);
	KUNIT_ASSERT_EQ(test, dn_hops(net, 0, 2), 2U);
	KUNIT_ASSERT_EQ(test, dn_hops(net, 2, 0), 2U);
	KUNIT_EXPECT_EQ(test, dn_hops(net, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, dn_hops(net, 1, 2), 1U);
	/* One address for B: its first radio's, on either side. */
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(b->node.self, dn_addr(net, 1)));
	KUNIT_EXPECT_PTR_EQ(test, loom_dhy_node_nbr_radio(&b->node,
							  dn_addr(net, 0)),
			    &r1->radio);
	KUNIT_EXPECT_PTR_EQ(test, loom_dhy_node_nbr_radio(&b->node,
							  dn_addr(net, 2)),
			    &r2->radio);
	KUNIT_EXPECT_PTR_EQ(test, loom_dhy_node_nbr_radio(&a->node,
							  dn_addr(net, 1)),
			    &r0->radio);
	KUNIT_EXPECT_GT(test, r1->radio.stats.tx_frames, 0ULL);
	KUNIT_EXPECT_GT(test, r2->radio.stats.tx_frames, 0ULL);

	for (seq = 1; seq <= 20 && a->pings < 1; seq++) {
		KUNIT_ASSERT_EQ(test, loom_dhy_node_ping(&a->node,
							 dn_addr(net, 2), 5,
							 seq, 0), 0);
		for (i = 0; i < 20 && a->pings < 1; i++)
			dn_run(net, DN_STEP);
	}
	KUNIT_EXPECT_GE(test, a->pings, 1U);
	KUNIT_EXPECT_EQ(test, a->pr.hop_limit, LOOM_DHY_HOP_LIMIT - 1);
	for (seq = 1; seq <= 20 && !c->got; seq++) {
		KUNIT_ASSERT_EQ(test, loom_dhy_node_send(&a->node,
							 dn_addr(net, 2), data,
							 sizeof(data), 0, NULL),
				0);
		for (i = 0; i < 20 && !c->got; i++)
			dn_run(net, DN_STEP);
	}
	KUNIT_EXPECT_GE(test, c->got, 1U);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(c->last_src, dn_addr(net, 0)));
	loom_dhy_node_stats(&b->node, &st);
	KUNIT_EXPECT_GE(test, st.forwarded, 2ULL);

	/*
	 * Radio 2 goes: B sends nothing more on it and runs on with radio 1;
	 * C falls silent for A and B and is depreciated away.
	 */
	loom_dhy_node_detach(&b->node, &r2->radio);
	KUNIT_EXPECT_NULL(test, loom_dhy_node_nbr_radio(&b->node,
							dn_addr(net, 2)));
	tx2 = r2->radio.stats.tx_frames;
	tx1 = r1->radio.stats.tx_frames;
	t0 = loom_clock_now(&net->clk);
	while ((dn_hops(net, 0, 2) || dn_hops(net, 1, 2)) &&
	       loom_clock_now(&net->clk) - t0 < 90 * DN_S)
		dn_run(net, DN_STEP);
	kunit_info(test, "radio detached: C gone from A's and B's routes after %llu ms",
		   div_u64(loom_clock_now(&net->clk) - t0, NSEC_PER_MSEC));
	KUNIT_EXPECT_EQ(test, dn_hops(net, 0, 2), 0U);
	KUNIT_EXPECT_EQ(test, dn_hops(net, 1, 2), 0U);
	KUNIT_EXPECT_EQ(test, r2->radio.stats.tx_frames, tx2);
	KUNIT_EXPECT_GT(test, r1->radio.stats.tx_frames, tx1);
	KUNIT_EXPECT_EQ(test, dn_hops(net, 0, 1), 1U);
}

static struct kunit_case dhy_node_cases[] = {
	KUNIT_CASE(dhy_node_converge),
	KUNIT_CASE(dhy_node_datagram),
	KUNIT_CASE(dhy_node_datagram_no_report),
	KUNIT_CASE(dhy_node_ping),
	KUNIT_CASE(dhy_node_events),
	KUNIT_CASE(dhy_node_duty_math),
	KUNIT_CASE(dhy_node_duty),
	KUNIT_CASE(dhy_node_hop_limit),
	KUNIT_CASE(dhy_node_off),
	KUNIT_CASE(dhy_node_two_radios),
	KUNIT_CASE(dhy_node_cad_start),
	{}
};

static struct kunit_suite dhy_node_suite = {
	.name = "loom_dhyara_node",
	.test_cases = dhy_node_cases,
};

kunit_test_suites(&dhy_node_suite);
