// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: routing from addresses, the period's timing, and whole Loom
 * networks - the seed's 13-node example - running their MACs over the
 * simulated medium on the virtual clock.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

#include "../../kernel/mac/mac.h"
#include "../../kernel/net/route.h"
#include "../../kernel/radio/sim.h"
#include "test_util.h"

static void loom_route_tree(struct kunit *test)
{
	/* Parents along the seed example's paths. */
	KUNIT_EXPECT_EQ(test, loom_addr_parent(0x1101), 0x1100);
	KUNIT_EXPECT_EQ(test, loom_addr_parent(0x1100), 0x1000);
	KUNIT_EXPECT_EQ(test, loom_addr_parent(0x1000), LOOM_ADDR_COORDINATOR);
	KUNIT_EXPECT_EQ(test, loom_addr_parent(0x0001), LOOM_ADDR_COORDINATOR);
	KUNIT_EXPECT_EQ(test, loom_addr_parent(0x2001), 0x2000);
	KUNIT_EXPECT_EQ(test, loom_addr_parent(LOOM_ADDR_COORDINATOR),
			LOOM_ADDR_RESERVED);
	/* Next hops: down by the address's fields, otherwise up. */
	KUNIT_EXPECT_EQ(test, loom_route_next(0xf000, 0x1202), 0x1000);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1000, 0x1202), 0x1200);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1200, 0x1202), 0x1202);
	KUNIT_EXPECT_EQ(test, loom_route_next(0xf000, 0x0001), 0x0001);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1101, 0xf000), 0x1100);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1101, 0x2001), 0x1100);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1000, 0x2001), 0xf000);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x1200, 0x1202 - 1), 0x1201);
	KUNIT_EXPECT_EQ(test, loom_route_next(0x2000, 0x2000), 0x2000);
	/* Not addresses a device can have. */
	KUNIT_EXPECT_EQ(test, loom_route_next(0xf000, 0x0000),
			LOOM_ADDR_RESERVED);
	KUNIT_EXPECT_EQ(test, loom_route_next(0xf000, 0x0100),
			LOOM_ADDR_RESERVED);
	KUNIT_EXPECT_EQ(test, loom_route_next(0xf000, 0xf100),
			LOOM_ADDR_RESERVED);
}

static struct loom_topology *loom_seed_topo(struct kunit *test,
					    u32 interval_ms, u32 cycles)
{
	struct loom_topology *t = loom_test_build(test, loom_test_seed,
						  LOOM_TEST_SEED_N);
	struct loom_topo_error err;

	t->cfg.slot_ms = 1000;
	t->cfg.data_interval_ms = interval_ms;
	t->cfg.data_cycles = cycles;
	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	return t;
}

static void loom_mac_timing_seed(struct kunit *test)
{
	struct loom_topology *t = loom_seed_topo(test, 60000, 10);
	struct loom_lora_params p;
	struct loom_mac_timing tm;

	loom_lora_params_default(&p);
	/* Router 1 sends last (slots 11-17), so it relays first. */
	KUNIT_EXPECT_EQ(test, loom_mac_relays(t), 4U);
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 2), 2U);	/* Router 1 */
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 11), 1U);	/* Router 2 */
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 7), 3U);	/* R1 R2 */
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 5), 4U);	/* R1 R1 */
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 0), 0U);
	KUNIT_ASSERT_EQ(test, loom_mac_timing_compute(&tm, &t->cfg, 4, &p, 255),
			0);
	/*
	 * 11-byte refresh at SF7/125 kHz: 41.216 ms.  Seconds: 600 s of data
	 * cycles need 16 bits of milliseconds and more.  One-second relay
	 * slots; data offset (4 + 1) x 1 = 5 s; refresh offset 605 s; the
	 * period adds the coordinator's refresh.  Guard: 1 ms + 40 ppm of
	 * 605.041216 s = 25.201648 ms.
	 */
	KUNIT_EXPECT_EQ(test, tm.refresh_air_ns, 41216000ULL);
	KUNIT_EXPECT_EQ(test, (int)tm.unit, LOOM_TU_S);
	KUNIT_EXPECT_EQ(test, tm.relay_units, 1U);
	KUNIT_EXPECT_EQ(test, tm.data_offset, 5U);
	KUNIT_EXPECT_EQ(test, tm.refresh_offset, 605U);
	KUNIT_EXPECT_EQ(test, tm.period_ns, 605041216000ULL);
	KUNIT_EXPECT_EQ(test, tm.guard_ns, 25201648ULL);
	/* 255-byte frames: 399.616 ms; a plain ACK 30.976 ms. */
	KUNIT_EXPECT_EQ(test, tm.data_air_ns, 399616000ULL);
	KUNIT_EXPECT_EQ(test, tm.ack_air_ns, 30976000ULL);
	/* A 500 ms slot cannot hold two 255-byte frames. */
	t->cfg.slot_ms = 500;
	KUNIT_EXPECT_EQ(test, loom_mac_timing_compute(&tm, &t->cfg, 4, &p, 255),
			-ENOSPC);
	loom_topo_free(t);
}

/**
 * struct loom_tnode - a node of a test network
 * @mac: its MAC
 * @sr: its radio
 * @net: the network it is in
 * @got: packets that reached it as their destination
 * @last: payload of the last one
 * @last_len: its length
 * @last_src: its original source
 * @syncs: sync gained (+1) and lost (+1000) events
 * @given_up: packets its MAC gave up on
 */
struct loom_tnode {
	struct loom_mac mac;
	struct loom_sim_radio *sr;
	struct loom_tnet *net;
	u32 got;
	u8 last[32];
	u16 last_len;
	u16 last_src;
	u32 syncs;
	u32 given_up;
};

/**
 * struct loom_tnet - a whole network on one medium and a virtual clock
 * @clk: the clock
 * @m: the medium
 * @t: the topology
 * @tm: its timing
 * @n: nodes
 * @node: the nodes, by topology index
 */
struct loom_tnet {
	struct loom_clock clk;
	struct loom_sim_medium m;
	struct loom_topology *t;
	struct loom_mac_timing tm;
	u32 n;
	struct loom_tnode *node;
};

static void loom_tn_deliver(struct loom_mac *mac, u16 from, const u8 *pkt,
			    u16 len, const struct loom_radio_rx_info *info)
{
	struct loom_tnode *nd = mac->priv;
	struct loom_net_hdr h;

	loom_net_hdr_get(pkt, &h);
	if (h.dst != mac->conf.addr) {
		/* Forward: the network layer's whole job, for this test. */
		loom_mac_enqueue(mac, loom_route_next(mac->conf.addr, h.dst),
				 pkt, len);
		return;
	}
	nd->got++;
	nd->last_src = h.src;
	nd->last_len = min_t(u16, len - LOOM_NET_HDR_LEN, sizeof(nd->last));
	memcpy(nd->last, pkt + LOOM_NET_HDR_LEN, nd->last_len);
}

static void loom_tn_give_up(struct loom_mac *mac, const struct loom_mac_pkt *p)
{
	struct loom_tnode *nd = mac->priv;

	nd->given_up++;
}

static void loom_tn_sync(struct loom_mac *mac, bool synced)
{
	struct loom_tnode *nd = mac->priv;

	nd->syncs += synced ? 1 : 1000;
}

static const struct loom_mac_upper loom_tn_upper = {
	.deliver = loom_tn_deliver,
	.give_up = loom_tn_give_up,
	.sync = loom_tn_sync,
};

static int loom_tn_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void loom_tn_res_free(struct kunit_resource *res)
{
	struct loom_tnet *net = res->data;
	u32 i;

	for (i = 0; i < net->n; i++) {
		if (!net->node[i].sr)
			continue;
		loom_mac_stop(&net->node[i].mac);
		loom_sim_radio_unlink(net->node[i].sr);
	}
	synchronize_rcu();
	for (i = 0; i < net->n; i++)
		if (net->node[i].sr)
			loom_sim_radio_free(net->node[i].sr);
	loom_sim_medium_destroy(&net->m);
	loom_topo_free(net->t);
	kfree(net->node);
}

/* Every node hears its parent and its children at -80 dBm, no one else. */
static struct loom_tnet *loom_tnet(struct kunit *test, struct loom_topology *t,
				   u64 seed)
{
	struct loom_tnet *net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);
	struct loom_sim_edge e = { .rssi_mdbm = -80000, .snr_mdb = 10000,
				   .present = true };
	struct loom_lora_params p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, net);
	net->t = t;
	net->n = t->n;
	loom_clock_init(&net->clk, LOOM_CLOCK_VIRTUAL);
	KUNIT_ASSERT_EQ(test, loom_sim_medium_init(&net->m, &net->clk, t->n,
						   seed), 0);
	net->node = kcalloc(t->n, sizeof(*net->node), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, net->node);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, loom_tn_res_init,
							 loom_tn_res_free,
							 GFP_KERNEL, net));
	loom_lora_params_default(&p);
	KUNIT_ASSERT_EQ(test, loom_mac_timing_compute(&net->tm, &t->cfg,
						      loom_mac_relays(t), &p,
						      LOOM_LORA_MAX_PAYLOAD), 0);
	for (i = 0; i < t->n; i++) {
		struct loom_tnode *nd = &net->node[i];
		struct loom_mac_conf conf;

		nd->net = net;
		nd->sr = loom_sim_radio_add(&net->m, NULL, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(nd->sr));
		KUNIT_ASSERT_EQ(test, loom_mac_conf_from_topo(&conf, t, i), 0);
		loom_mac_init(&nd->mac, &nd->sr->radio, &net->clk, &conf,
			      &net->tm, &loom_tn_upper, nd);
		if (t->nodes[i].parent == LOOM_NO_PARENT)
			continue;
		KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m, i,
							t->nodes[i].parent,
							&e), 0);
		KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m,
							t->nodes[i].parent,
							i, &e), 0);
	}
	return net;
}

static void loom_tnet_start(struct kunit *test, struct loom_tnet *net)
{
	u32 i;

	for (i = 0; i < net->n; i++)
		KUNIT_ASSERT_EQ(test, loom_mac_start(&net->node[i].mac), 0);
}

static void loom_tnet_run(struct loom_tnet *net, u64 ns)
{
	loom_clock_run(&net->clk, loom_clock_now(&net->clk) + ns, 0);
}

static struct loom_tnode *loom_tnode(struct loom_tnet *net, u16 addr)
{
	u32 i = loom_topo_find_addr(net->t, addr);

	return i < net->n ? &net->node[i] : NULL;
}

/* Send @text from @src to @dst, as the network layer would. */
static int loom_tnet_send(struct loom_tnet *net, u16 src, u16 dst,
			  const char *text, u8 id)
{
	struct loom_tnode *nd = loom_tnode(net, src);
	struct loom_net_hdr h = { .dst = dst, .src = src, .frame_id = id,
				  .first = true };
	u8 pkt[LOOM_NET_HDR_LEN + 32];
	u16 len = strlen(text);

	h.len = LOOM_NET_HDR_LEN + len;
	loom_net_hdr_put(&h, pkt);
	memcpy(pkt + LOOM_NET_HDR_LEN, text, len);
	return loom_mac_enqueue(&nd->mac, loom_route_next(src, dst), pkt,
				h.len);
}

static void loom_tnet_dump(struct kunit *test, struct loom_tnet *net)
{
	u32 i;

	for (i = 0; i < net->n; i++) {
		const struct loom_mac_stats *st = &net->node[i].mac.stats;

		kunit_info(test, "%04x: data %llu polls %llu acked %llu fails %llu ignored %llu delivered %llu xerr %llu up %u down %u\n",
			   net->node[i].mac.conf.addr, st->data_tx, st->polls,
			   st->acked, st->fails, st->ignored, st->delivered,
			   st->xmit_errors, net->node[i].mac.upq_len,
			   net->node[i].mac.downq_len);
	}
}

static void loom_mac_seed_sync(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1);
	u32 i;

	loom_tnet_start(test, net);
	/* The coordinator's refresh and four relays: 5 s. */
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC);
	for (i = 0; i < net->n; i++) {
		KUNIT_EXPECT_TRUE_MSG(test, net->node[i].mac.synced, "node %u",
				      i);
		if (i)
			KUNIT_EXPECT_EQ_MSG(test, net->node[i].syncs, 1U,
					    "node %u", i);
	}
	KUNIT_EXPECT_EQ(test, net->node[0].mac.stats.refresh_tx, 1ULL);
	for (i = 0; i < net->n; i++)
		if (net->t->nodes[i].role == LOOM_ROLE_ROUTER)
			KUNIT_EXPECT_EQ_MSG(test,
					    net->node[i].mac.stats.refresh_tx,
					    1ULL, "router %u", i);
	/* Three periods later: every refresh taken, none missed. */
	loom_tnet_run(net, 3 * net->tm.period_ns);
	for (i = 1; i < net->n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, net->node[i].mac.stats.refresh_rx,
				    4ULL, "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test,
				    net->node[i].mac.stats.refresh_missed,
				    0ULL, "node %u", i);
	}
}

static void loom_mac_seed_both_ways(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1);
	struct loom_tnode *coord, *deep, *far;

	loom_tnet_start(test, net);
	coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	deep = loom_tnode(net, 0x1101);	/* Router 1 Router 1 End Device 1 */
	far = loom_tnode(net, 0x1202);	/* Router 1 Router 2 End Device 2 */
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1101, LOOM_ADDR_COORDINATOR,
					     "up two routers", 1), 0);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR, 0x1202,
					     "down two routers", 2), 0);
	/* Up: slots 0, 3 and 11 of the first cycle. */
	loom_tnet_run(net, net->tm.data_offset * net->tm.unit_ns +
		      net->tm.refresh_air_ns + 12ULL * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, coord->got, 1U);
	KUNIT_EXPECT_EQ(test, coord->last_src, 0x1101);
	KUNIT_EXPECT_EQ(test, coord->last_len, 14);
	KUNIT_EXPECT_EQ(test, memcmp(coord->last, "up two routers", 14), 0);
	/* Down: one hop per cycle (a child must speak first), so three. */
	loom_tnet_run(net, 2 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, far->got, 1U);
	if (far->got != 1)
		loom_tnet_dump(test, net);
	KUNIT_EXPECT_EQ(test, far->last_src, LOOM_ADDR_COORDINATOR);
	KUNIT_EXPECT_EQ(test, memcmp(far->last, "down two routers", 16), 0);
	KUNIT_EXPECT_EQ(test, coord->got, 1U);
	KUNIT_EXPECT_EQ(test, deep->mac.stats.acked, 1ULL);
	KUNIT_EXPECT_EQ(test, deep->given_up + far->given_up, 0U);
	KUNIT_EXPECT_EQ(test, coord->mac.stats.dups, 0ULL);
}

static struct kunit_case loom_mac_cases[] = {
	KUNIT_CASE(loom_route_tree),
	KUNIT_CASE(loom_mac_timing_seed),
	KUNIT_CASE(loom_mac_seed_sync),
	KUNIT_CASE(loom_mac_seed_both_ways),
	{}
};

static struct kunit_suite loom_mac_suite = {
	.name = "loom_mac",
	.test_cases = loom_mac_cases,
};

kunit_test_suites(&loom_mac_suite);
