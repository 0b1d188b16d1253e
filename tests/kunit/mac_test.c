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
#include "../../kernel/net/node.h"
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
	KUNIT_ASSERT_EQ(test, loom_mac_timing_lora(&tm, &t->cfg, 4, &p, 255),
			0);
	/*
	 * 11-byte refresh at SF7/125 kHz: 41.216 ms.  Seconds: 600 s of data
	 * cycles need 16 bits of milliseconds and more.  One-second relay
	 * slots; data offset (4 + 1) x 1 = 5 s; refresh offset 605 s; the
	 * period adds the coordinator's refresh.  Guard: 1 ms + 80 ppm of
	 * 605.041216 s = 49.403297 ms.
	 */
	KUNIT_EXPECT_EQ(test, tm.refresh_air_ns, 41216000ULL);
	KUNIT_EXPECT_EQ(test, (int)tm.unit, LOOM_TU_S);
	KUNIT_EXPECT_EQ(test, tm.relay_units, 1U);
	KUNIT_EXPECT_EQ(test, tm.data_offset, 5U);
	KUNIT_EXPECT_EQ(test, tm.refresh_offset, 605U);
	KUNIT_EXPECT_EQ(test, tm.period_ns, 605041216000ULL);
	KUNIT_EXPECT_EQ(test, tm.guard_ns, 49403297ULL);
	/* 255-byte frames: 399.616 ms; a plain ACK 30.976 ms. */
	KUNIT_EXPECT_EQ(test, tm.data_air_ns, 399616000ULL);
	KUNIT_EXPECT_EQ(test, tm.ack_air_ns, 30976000ULL);
	/*
	 * Room for late timers: a handshake needs 2 x 49.403297 + 2 x
	 * 399.616 + 30.976 + 2 = 931.014594 ms of the 1 s slot; a relay slot
	 * of 1 s holds a 41.216 ms refresh and a guard.  The jitter guard is
	 * bounded by the smaller room.
	 */
	KUNIT_EXPECT_EQ(test, tm.slot_room_ns, 68985406ULL);
	KUNIT_EXPECT_EQ(test, tm.relay_room_ns, 909380703ULL);
	KUNIT_EXPECT_EQ(test, tm.jitter_max_ns, 68985406ULL);
	/* A 500 ms slot cannot hold two 255-byte frames. */
	t->cfg.slot_ms = 500;
	KUNIT_EXPECT_EQ(test, loom_mac_timing_lora(&tm, &t->cfg, 4, &p, 255),
			-ENOSPC);
	loom_topo_free(t);
}

static void loom_mac_relay_ties(struct kunit *test)
{
	/* Q1 and Q2 have nothing sensing below: no slot, same number as P. */
	static const struct loom_spec spec[] = {
		{ "C", LOOM_TEST_NP, LOOM_ROLE_COORDINATOR, false },
		{ "P", 0, LOOM_ROLE_ROUTER, false },
		{ "E0", 1, LOOM_ROLE_END_DEVICE, true },
		{ "Q1", 1, LOOM_ROLE_ROUTER, false },
		{ "E1", 3, LOOM_ROLE_END_DEVICE, false },
		{ "Q2", 1, LOOM_ROLE_ROUTER, false },
		{ "E2", 5, LOOM_ROLE_END_DEVICE, false },
	};
	struct loom_topology *t = loom_test_build(test, spec, ARRAY_SIZE(spec));
	struct loom_topo_error err;

	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 1), 1U);
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 3), 2U);
	KUNIT_EXPECT_EQ(test, loom_mac_relay_index(t, 5), 3U);
	loom_topo_free(t);
}

/**
 * struct loom_tnode - a node of a test network
 * @node: its network layer and MAC
 * @sr: its radio
 * @got: datagrams that reached it
 * @last: the last one (up to 1024 bytes)
 * @last_len: its length
 * @last_src: its source
 * @reports: failure reports it received (coordinator) or gave (local)
 * @rep: the last report
 * @configs: changes between the parent's configuration matching its own
 *	and not
 * @theirs: the parent's configuration id at the last change
 */
struct loom_tnode {
	struct loom_node node;
	struct loom_sim_radio *sr;
	u32 got;
	u8 last[1024];
	size_t last_len;
	u16 last_src;
	u32 reports;
	struct loom_node_report rep;
	u32 configs;
	u32 theirs;
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

static void loom_tn_recv(struct loom_node *nd, u16 src, const u8 *data,
			 size_t len, const struct loom_radio_rx_info *info)
{
	struct loom_tnode *tn = nd->priv;

	tn->got++;
	tn->last_src = src;
	tn->last_len = len;
	memcpy(tn->last, data, min(len, sizeof(tn->last)));
}

static void loom_tn_report(struct loom_node *nd,
			   const struct loom_node_report *rep, bool local)
{
	struct loom_tnode *tn = nd->priv;

	tn->reports++;
	tn->rep = *rep;
}

static void loom_tn_config(struct loom_node *nd, u32 theirs)
{
	struct loom_tnode *tn = nd->priv;

	tn->configs++;
	tn->theirs = theirs;
}

static const struct loom_node_ops loom_tn_ops = {
	.recv = loom_tn_recv,
	.report = loom_tn_report,
	.config = loom_tn_config,
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
		loom_node_destroy(&net->node[i].node);
		loom_sim_radio_unlink(net->node[i].sr);
	}
	synchronize_rcu();
	for (i = 0; i < net->n; i++)
		if (net->node[i].sr)
			loom_sim_radio_free(net->node[i].sr);
	loom_sim_medium_destroy(&net->m);
	loom_topo_free(net->t);
	kvfree(net->node);
}

/* Set the edges between node @i and its parent, both ways. */
static void loom_tnet_link(struct kunit *test, struct loom_tnet *net, u32 i,
			   bool up, bool down, u32 loss_ppm)
{
	struct loom_sim_edge e = { .rssi_mdbm = -80000, .snr_mdb = 10000,
				   .loss_ppm = loss_ppm };
	u32 p = net->t->nodes[i].parent;

	e.present = up;
	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m, i, p, &e), 0);
	e.present = down;
	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&net->m, p, i, &e), 0);
}

/* Every node hears its parent and its children, no one else. */
static struct loom_tnet *loom_tnet(struct kunit *test, struct loom_topology *t,
				   u64 seed, u32 loss_ppm)
{
	struct loom_tnet *net = kunit_kzalloc(test, sizeof(*net), GFP_KERNEL);
	struct loom_lora_params p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, net);
	net->t = t;
	net->n = t->n;
	loom_clock_init(&net->clk, LOOM_CLOCK_VIRTUAL);
	KUNIT_ASSERT_EQ(test, loom_sim_medium_init(&net->m, &net->clk, t->n,
						   seed), 0);
	net->node = kvcalloc(t->n, sizeof(*net->node), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, net->node);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, loom_tn_res_init,
							 loom_tn_res_free,
							 GFP_KERNEL, net));
	loom_lora_params_default(&p);
	KUNIT_ASSERT_EQ(test, loom_mac_timing_lora(&net->tm, &t->cfg,
						   loom_mac_relays(t), &p,
						   LOOM_LORA_MAX_PAYLOAD), 0);
	for (i = 0; i < t->n; i++) {
		struct loom_tnode *tn = &net->node[i];
		struct loom_mac_conf conf;

		tn->sr = loom_sim_radio_add(&net->m, NULL, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tn->sr));
		KUNIT_ASSERT_EQ(test, loom_mac_conf_from_topo(&conf, t, i), 0);
		loom_node_init(&tn->node, &tn->sr->radio, &net->clk, &conf,
			       &net->tm, &loom_tn_ops, tn);
		if (t->nodes[i].parent != LOOM_NO_PARENT)
			loom_tnet_link(test, net, i, true, true, loss_ppm);
	}
	return net;
}

static void loom_tnet_start(struct kunit *test, struct loom_tnet *net)
{
	u32 i;

	for (i = 0; i < net->n; i++)
		KUNIT_ASSERT_EQ(test, loom_mac_start(&net->node[i].node.mac), 0);
}

/* Run the network until absolute (virtual) time @until. */
static void loom_tnet_until(struct loom_tnet *net, u64 until)
{
	loom_clock_run(&net->clk, until, 0);
}

static void loom_tnet_run(struct loom_tnet *net, u64 ns)
{
	loom_tnet_until(net, loom_clock_now(&net->clk) + ns);
}

static u32 loom_tidx(struct loom_tnet *net, u16 addr)
{
	return loom_topo_find_addr(net->t, addr);
}

static struct loom_tnode *loom_tnode(struct loom_tnet *net, u16 addr)
{
	u32 i = loom_tidx(net, addr);

	return i < net->n ? &net->node[i] : NULL;
}

static int loom_tnet_send(struct loom_tnet *net, u16 src, u16 dst,
			  const void *data, size_t len)
{
	return loom_node_send(&loom_tnode(net, src)->node, dst, data, len);
}

static void loom_tnet_dump(struct kunit *test, struct loom_tnet *net)
{
	u32 i;

	for (i = 0; i < net->n; i++) {
		const struct loom_mac *mac = &net->node[i].node.mac;
		const struct loom_mac_stats *st = &mac->stats;

		kunit_info(test, "%04x: data %llu polls %llu acked %llu fails %llu ignored %llu delivered %llu up %u down %u\n",
			   mac->conf.addr, st->data_tx, st->polls, st->acked,
			   st->fails, st->ignored, st->delivered, mac->upq_len,
			   mac->downq_len);
	}
}

/*
 * Neighbours as Router 1 (0x1000) sees them after four quiet periods: its
 * parent, heard four times (refreshes) and polled every cycle, and its
 * five children (three end devices, two routers), each polling it every
 * cycle; nobody else.
 */
static void loom_mac_seed_links(struct kunit *test, struct loom_tnet *net)
{
	struct loom_mac *mac = &loom_tnode(net, 0x1000)->node.mac;
	struct loom_mac_link l[16];
	u32 n = loom_mac_links(mac, l, ARRAY_SIZE(l)), i, kids = 0;

	KUNIT_EXPECT_EQ(test, n, 6U);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, (u32)l[i].fails, 0U);
		KUNIT_EXPECT_EQ(test, l[i].hs_fail, 0U);
		KUNIT_EXPECT_GE(test, l[i].hs_ok, 4U);
		KUNIT_EXPECT_LT(test, l[i].rssi_mdbm, 0);
		if (l[i].addr == LOOM_ADDR_COORDINATOR)
			KUNIT_EXPECT_GE(test, l[i].rx_frames, 8U);
		else if (loom_addr_parent(l[i].addr) == 0x1000)
			kids++;
	}
	KUNIT_EXPECT_EQ(test, kids, 5U);
}

static void loom_mac_seed_sync(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	u32 i;

	loom_tnet_start(test, net);
	/* The coordinator's refresh and four relays: 5 s. */
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC);
	for (i = 0; i < net->n; i++)
		KUNIT_EXPECT_TRUE_MSG(test, net->node[i].node.mac.synced,
				      "node %u", i);
	KUNIT_EXPECT_EQ(test, net->node[0].node.mac.stats.refresh_tx, 1ULL);
	for (i = 0; i < net->n; i++)
		if (net->t->nodes[i].role == LOOM_ROLE_ROUTER)
			KUNIT_EXPECT_EQ_MSG(test,
					    net->node[i].node.mac.stats.refresh_tx,
					    1ULL, "router %u", i);
	/* Three periods later: every refresh taken, none missed. */
	loom_tnet_run(net, 3 * net->tm.period_ns);
	for (i = 1; i < net->n; i++) {
		const struct loom_mac_stats *st = &net->node[i].node.mac.stats;

		KUNIT_EXPECT_EQ_MSG(test, st->refresh_rx, 4ULL, "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test, st->refresh_missed, 0ULL, "node %u",
				    i);
		/* Each refresh brought the configuration, the same as ours. */
		KUNIT_EXPECT_EQ_MSG(test, st->more_rx, 4ULL, "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test, st->more_missed, 0ULL, "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test, st->config_mismatch, 0ULL, "node %u",
				    i);
		KUNIT_EXPECT_EQ_MSG(test, net->node[i].configs, 0U, "node %u",
				    i);
	}
	loom_mac_seed_links(test, net);
}

static void loom_mac_seed_both_ways(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tnode *coord, *deep, *far;

	loom_tnet_start(test, net);
	coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	deep = loom_tnode(net, 0x1101);	/* Router 1 Router 1 End Device 1 */
	far = loom_tnode(net, 0x1202);	/* Router 1 Router 2 End Device 2 */
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1101, LOOM_ADDR_COORDINATOR,
					     "up two routers", 14), 0);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR, 0x1202,
					     "down two routers", 16), 0);
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
	KUNIT_EXPECT_EQ(test, deep->node.mac.stats.acked, 1ULL);
	KUNIT_EXPECT_EQ(test, deep->reports + far->reports, 0U);
	KUNIT_EXPECT_EQ(test, coord->node.mac.stats.dups, 0ULL);
}

/*
 * 10 % loss on every link: every datagram arrives once, within the MAC's
 * five tries, and duplicates (lost ACKs) are answered, not delivered.
 */
static void loom_mac_seed_loss(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 4),
					  7, 100000);
	static const u16 leaves[] = { 0x0001, 0x1001, 0x1101, 0x1201, 0x1202,
				      0x2001 };
	u64 fails = 0, dups = 0, given_up = 0;
	u32 i, got = 0;
	u8 msg[4];

	loom_tnet_start(test, net);
	for (i = 0; i < ARRAY_SIZE(leaves); i++) {
		put_unaligned_le32(i, msg);
		KUNIT_ASSERT_EQ(test, loom_tnet_send(net, leaves[i],
						     LOOM_ADDR_COORDINATOR,
						     msg, 4), 0);
		KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR,
						     leaves[i], msg, 4), 0);
	}
	loom_tnet_run(net, 6 * net->tm.period_ns);
	for (i = 0; i < ARRAY_SIZE(leaves); i++)
		got += loom_tnode(net, leaves[i])->got;
	for (i = 0; i < net->n; i++) {
		fails += net->node[i].node.mac.stats.fails;
		dups += net->node[i].node.mac.stats.dups;
		given_up += net->node[i].node.mac.stats.given_up;
	}
	kunit_info(test, "handshake failures %llu, duplicates suppressed %llu\n",
		   fails, dups);
	KUNIT_EXPECT_EQ(test, loom_tnode(net, LOOM_ADDR_COORDINATOR)->got,
			(u32)ARRAY_SIZE(leaves));
	KUNIT_EXPECT_EQ(test, got, (u32)ARRAY_SIZE(leaves));
	KUNIT_EXPECT_EQ(test, given_up, 0ULL);
	/* The loss was real, and so were the retries. */
	KUNIT_EXPECT_GT(test, fails, 0ULL);
}

/*
 * A child whose parent no longer hears... the other way round: the child's
 * DATA reaches its parent, the answers do not come back.  After five
 * failures the child gives up, drops the datagram and reports the link;
 * the report reaches the coordinator through the half-working link.
 */
static void loom_mac_seed_five_failures(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 4),
					  1, 0);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	struct loom_tnode *leaf = loom_tnode(net, 0x1101);

	loom_tnet_start(test, net);
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC);
	loom_tnet_link(test, net, loom_tidx(net, 0x1101), true, false, 0);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1101, LOOM_ADDR_COORDINATOR,
					     "never acked", 11), 0);
	loom_tnet_run(net, 2 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, leaf->node.mac.stats.given_up, 1ULL);
	KUNIT_EXPECT_EQ(test, leaf->node.stats.drop[LOOM_NDROP_GIVEN_UP], 1ULL);
	KUNIT_EXPECT_GE(test, leaf->reports, 1U);
	KUNIT_EXPECT_EQ(test, leaf->rep.subject, 0x1100);
	KUNIT_EXPECT_EQ(test, leaf->node.stats.errors_sent, 1ULL);
	/* The coordinator learns of it, and got the datagram only once. */
	KUNIT_EXPECT_EQ(test, coord->node.stats.errors_rx, 1ULL);
	KUNIT_EXPECT_EQ(test, coord->reports, 1U);
	KUNIT_EXPECT_EQ(test, coord->rep.reporter, 0x1101);
	KUNIT_EXPECT_EQ(test, coord->rep.subject, 0x1100);
	KUNIT_EXPECT_EQ(test, (u32)coord->rep.failures, LOOM_MAC_MAX_FAILS);
	KUNIT_EXPECT_EQ(test, coord->got, 1U);
	KUNIT_EXPECT_GE(test, loom_tnode(net, 0x1100)->node.mac.stats.dups,
			4ULL);
}

/*
 * Frame ids are 7 bits, shared by all of a source's destinations: the
 * coordinator sending 40 datagrams a round to eight leaves reuses an id
 * every 3.2 rounds.  A leaf's duplicate filter must forget a packet once
 * no retry of it can come, or the reused ids read as duplicates and the
 * leaf never hears from its parent again.  Six rounds, all delivered.
 */
static void loom_mac_seed_id_wrap(struct kunit *test)
{
	static const u16 leaves[] = {
		0x0001, 0x1001, 0x1002, 0x1003, 0x1101, 0x1201, 0x1202, 0x2001,
	};
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	u32 r, k, i;

	loom_tnet_start(test, net);
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC);
	for (r = 0; r < 6; r++) {
		for (k = 0; k < 5; k++)
			for (i = 0; i < ARRAY_SIZE(leaves); i++)
				KUNIT_ASSERT_EQ(test,
						loom_tnet_send(net,
							       LOOM_ADDR_COORDINATOR,
							       leaves[i], "down", 4),
						0);
		loom_tnet_run(net, 4 * net->tm.period_ns);
	}
	loom_tnet_run(net, 4 * net->tm.period_ns);
	for (i = 0; i < ARRAY_SIZE(leaves); i++)
		KUNIT_EXPECT_EQ_MSG(test, loom_tnode(net, leaves[i])->got, 30U,
				    "leaf %04x", leaves[i]);
}

/*
 * A child that falls silent: the datagrams waiting for it at its router
 * are given up after five of its slots' worth of time and two periods,
 * the router reports it to the coordinator, and its sibling still gets
 * its datagram.
 */
static void loom_mac_seed_silent_child(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	struct loom_tnode *r1 = loom_tnode(net, 0x1000);
	struct loom_tnode *sib = loom_tnode(net, 0x1002);
	u32 i;

	loom_tnet_start(test, net);
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC);
	loom_tnet_link(test, net, loom_tidx(net, 0x1001), false, false, 0);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR,
						     0x1001, "gone", 4), 0);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR, 0x1002,
					     "here", 4), 0);
	/* Five of its slots (2.5 periods) and two periods to come back. */
	loom_tnet_run(net, 6 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, sib->got, 1U);
	KUNIT_EXPECT_EQ(test, r1->node.mac.downq_len, 0U);
	KUNIT_EXPECT_EQ(test, r1->node.mac.stats.given_up, 3ULL);
	KUNIT_EXPECT_GE(test, coord->reports, 1U);
	KUNIT_EXPECT_EQ(test, coord->rep.reporter, 0x1000);
	KUNIT_EXPECT_EQ(test, coord->rep.subject, 0x1001);
}

/*
 * One missed refresh: the node keeps its timing.  Two in a row: it counts
 * itself out of sync and listens until the next one.
 */
static void loom_mac_seed_missed_refresh(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	u32 leaf = loom_tidx(net, 0x2001);
	struct loom_tnode *tn = &net->node[leaf];
	const struct loom_mac_stats *st = &tn->node.mac.stats;
	u64 p = net->tm.period_ns, s = NSEC_PER_SEC;

	loom_tnet_start(test, net);
	/* Deaf around the second period's refresh only. */
	loom_tnet_until(net, p - 2 * s);
	loom_tnet_link(test, net, leaf, true, false, 0);
	loom_tnet_until(net, p + 5 * s);
	loom_tnet_link(test, net, leaf, true, true, 0);
	loom_tnet_until(net, 2 * p - 2 * s);
	KUNIT_EXPECT_EQ(test, st->refresh_missed, 1ULL);
	KUNIT_EXPECT_TRUE(test, tn->node.mac.synced);
	/* Its slots went on with the old timing: polls were answered. */
	KUNIT_EXPECT_EQ(test, st->fails, 0ULL);
	KUNIT_EXPECT_EQ(test, st->polls, 4ULL);
	/* The next refresh is heard; then deaf around two: out of sync. */
	loom_tnet_until(net, 3 * p - 2 * s);
	KUNIT_EXPECT_EQ(test, st->refresh_rx, 2ULL);
	loom_tnet_link(test, net, leaf, true, false, 0);
	loom_tnet_until(net, 4 * p + 5 * s);
	KUNIT_EXPECT_EQ(test, st->refresh_missed, 3ULL);
	KUNIT_EXPECT_EQ(test, st->sync_lost, 1ULL);
	KUNIT_EXPECT_FALSE(test, tn->node.mac.synced);
	/* Listening all the while it is out of sync. */
	KUNIT_EXPECT_EQ(test, (int)tn->sr->radio.acct.state,
			LOOM_RADIO_RECEIVE);
	loom_tnet_link(test, net, leaf, true, true, 0);
	loom_tnet_until(net, 5 * p + 5 * s);
	KUNIT_EXPECT_TRUE(test, tn->node.mac.synced);
	KUNIT_EXPECT_EQ(test, st->refresh_rx, 3ULL);
	KUNIT_EXPECT_EQ(test, st->sync_lost, 1ULL);
}

/* A node that comes up late listens, takes the next refresh, and works. */
static void loom_mac_seed_late_join(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	u32 late = loom_tidx(net, 0x1003), i;
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);

	for (i = 0; i < net->n; i++)
		if (i != late)
			KUNIT_ASSERT_EQ(test,
					loom_mac_start(&net->node[i].node.mac),
					0);
	loom_tnet_run(net, net->tm.period_ns + 40ULL * NSEC_PER_SEC);
	KUNIT_ASSERT_EQ(test, loom_mac_start(&net->node[late].node.mac), 0);
	KUNIT_EXPECT_FALSE(test, net->node[late].node.mac.synced);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1003, LOOM_ADDR_COORDINATOR,
					     "late", 4), 0);
	loom_tnet_until(net, 2 * net->tm.period_ns + 10ULL * NSEC_PER_SEC);
	KUNIT_EXPECT_TRUE(test, net->node[late].node.mac.synced);
	loom_tnet_until(net, 3 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, coord->got, 1U);
	KUNIT_EXPECT_EQ(test, memcmp(coord->last, "late", 4), 0);
}

/*
 * The configuration the refreshes distribute: Router 1 runs another
 * topology (its id differs) and says so once; it relays the coordinator's
 * configuration, not its own, so its children see no difference.  The id
 * itself changes with a name, a parent or the configuration.
 */
static void loom_mac_seed_config(struct kunit *test)
{
	struct loom_topology *t = loom_seed_topo(test, 30000, 2);
	struct loom_tnet *net = loom_tnet(test, t, 1, 0);
	struct loom_tnode *r1 = loom_tnode(net, 0x1000);
	struct loom_tnode *kid = loom_tnode(net, 0x1001);
	u32 id = r1->node.mac.conf.config_id;
	u32 name_id, cfg_id;

	r1->node.mac.conf.config_id ^= 1;
	loom_tnet_start(test, net);
	loom_tnet_run(net, 6ULL * NSEC_PER_SEC + 2 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, r1->configs, 1U);
	KUNIT_EXPECT_EQ(test, r1->theirs, id);
	KUNIT_EXPECT_EQ(test, r1->node.mac.stats.config_mismatch, 3ULL);
	KUNIT_EXPECT_EQ(test, kid->configs, 0U);
	KUNIT_EXPECT_EQ(test, kid->node.mac.stats.more_rx, 3ULL);
	KUNIT_EXPECT_EQ(test, kid->node.mac.stats.config_mismatch, 0ULL);

	t->nodes[3].name[0] ^= 1;
	name_id = loom_mac_config_id(t);
	t->nodes[3].name[0] ^= 1;
	t->cfg.data_cycles++;
	cfg_id = loom_mac_config_id(t);
	t->cfg.data_cycles--;
	KUNIT_EXPECT_EQ(test, loom_mac_config_id(t), id);
	KUNIT_EXPECT_NE(test, name_id, id);
	KUNIT_EXPECT_NE(test, cfg_id, id);
}

/**
 * struct loom_tlate - a busy machine, as lateness of a virtual clock's
 *	timers (loom_clock_set_lateness())
 * @seed: what the lateness is drawn from
 * @small_ns: every timer fires up to this late, uniformly at random
 * @every_ns: from @from_ns on, one stall in each span of this length
 * @stall_ns: a stall this long, at a random place in its span: a timer
 *	due in it fires at its end, as the timers of a machine that did not
 *	run for that long all do
 * @from_ns: when stalls begin (0: at once)
 * @until_ns: when they end (0: never)
 *
 * Deterministic: the lateness depends on the due time and the seed only.
 */
struct loom_tlate {
	u64 seed;
	u64 small_ns;
	u64 every_ns;
	u64 stall_ns;
	u64 from_ns;
	u64 until_ns;
};

static u64 loom_tlate_mix(u64 x)
{
	/* SplitMix64's finaliser. */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 loom_tlate_fn(void *ctx, u64 due)
{
	const struct loom_tlate *l = ctx;
	u64 late = 0, k, at;

	if (l->small_ns)
		late = div64_u64(loom_tlate_mix(due ^ l->seed),
				 div64_u64(U64_MAX, l->small_ns + 1) + 1);
	if (!l->every_ns || due < l->from_ns ||
	    (l->until_ns && due >= l->until_ns))
		return late;
	k = div64_u64(due - l->from_ns, l->every_ns);
	at = l->from_ns + k * l->every_ns +
	     div64_u64(loom_tlate_mix(k ^ ~l->seed),
		       div64_u64(U64_MAX, l->every_ns - l->stall_ns) + 1);
	if (due >= at && due < at + l->stall_ns)
		late += at + l->stall_ns - due;
	return late;
}

/* The sum over every node of @net of one MAC counter, at offset @off. */
static u64 loom_tnet_sum_at(const struct loom_tnet *net, size_t off)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < net->n; i++)
		sum += *(const u64 *)((const u8 *)&net->node[i].node.mac.stats +
				      off);
	return sum;
}

#define loom_tnet_sum(net, field) \
	loom_tnet_sum_at(net, offsetof(struct loom_mac_stats, field))

/*
 * The seed network on a busy machine: every timer up to 2 ms late, and
 * for 40 ms in every 500 ms none runs at all (the timers due meanwhile
 * fire together when it ends), far past the 6.2 ms guard: 8 % of the
 * time, as a QEMU guest on a host with a core kept busy measures (p50
 * 0.3-2 ms, p99 20-125 ms).  Eight leaves send a datagram up and receive
 * one in each of eight periods.  Returns the datagrams that arrived.
 * With @no_jitter the nodes take no jitter guard (their bound is 0), only
 * the guard of clock drift.
 */
static u32 loom_mac_busy_run(struct kunit *test, struct loom_tnet *net,
			     bool no_jitter)
{
	static const u16 leaves[] = { 0x0001, 0x1001, 0x1002, 0x1003, 0x1101,
				      0x1201, 0x1202, 0x2001 };
	struct loom_tlate *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	u32 r, i, got = 0;

	KUNIT_ASSERT_NOT_NULL(test, l);
	*l = (struct loom_tlate){ .seed = 2, .small_ns = 2 * NSEC_PER_MSEC,
				  .every_ns = 500 * NSEC_PER_MSEC,
				  .stall_ns = 40 * NSEC_PER_MSEC };
	loom_clock_set_lateness(&net->clk, loom_tlate_fn, l);
	for (i = 0; i < net->n; i++)
		if (no_jitter)
			net->node[i].node.mac.tm.jitter_max_ns = 0;
	loom_tnet_start(test, net);
	loom_tnet_run(net, net->tm.period_ns);
	for (r = 0; r < 8; r++) {
		for (i = 0; i < ARRAY_SIZE(leaves); i++) {
			KUNIT_EXPECT_EQ(test, loom_tnet_send(net, leaves[i],
							     LOOM_ADDR_COORDINATOR,
							     "up", 2), 0);
			KUNIT_EXPECT_EQ(test, loom_tnet_send(net,
							     LOOM_ADDR_COORDINATOR,
							     leaves[i], "down",
							     4), 0);
		}
		loom_tnet_run(net, net->tm.period_ns);
	}
	loom_tnet_run(net, 2 * net->tm.period_ns);
	got = loom_tnode(net, LOOM_ADDR_COORDINATOR)->got;
	for (i = 0; i < ARRAY_SIZE(leaves); i++)
		got += loom_tnode(net, leaves[i])->got;
	kunit_info(test, "%s: %u of 128 delivered; refreshes missed %llu, syncs lost %llu, handshakes failed %llu, given up %llu, late skips %llu, late refreshes %llu, held %llu; clock p99 %llu us, max %llu us\n",
		   no_jitter ? "no jitter guard" : "jitter guard", got,
		   loom_tnet_sum(net, refresh_missed),
		   loom_tnet_sum(net, sync_lost), loom_tnet_sum(net, fails),
		   loom_tnet_sum(net, given_up),
		   loom_tnet_sum(net, late_skips),
		   loom_tnet_sum(net, late_refresh), loom_tnet_sum(net, held),
		   loom_clock_late_ns(&net->clk, 990) / 1000,
		   loom_clock_late_max_ns(&net->clk) / 1000);
	return got;
}

/*
 * Timer lateness injected on the virtual clock: with the jitter guard the
 * seed network misses no refresh and no handshake and delivers every
 * datagram; the guard follows the measured lateness within its bound.
 * The same machine without the guard (35 refreshes missed, 10 syncs lost,
 * 12 handshakes failed when this was written) does not keep its timing.
 */
static void loom_mac_jitter_busy(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tnet *bare = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					   1, 0);
	u64 g = net->tm.guard_ns;
	u32 i;

	KUNIT_EXPECT_EQ(test, loom_mac_busy_run(test, net, false), 128U);
	for (i = 0; i < net->n; i++) {
		const struct loom_mac *mac = &net->node[i].node.mac;

		KUNIT_EXPECT_TRUE_MSG(test, mac->synced, "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test, mac->stats.sync_lost, 0ULL, "node %u",
				    i);
		KUNIT_EXPECT_EQ_MSG(test, mac->stats.given_up, 0ULL, "node %u",
				    i);
		/* The stalls are in the record: j follows them, bounded. */
		KUNIT_EXPECT_GT_MSG(test, mac->jitter_max_ns,
				    20 * NSEC_PER_MSEC, "node %u", i);
		KUNIT_EXPECT_LE_MSG(test, mac->jitter_max_ns,
				    mac->tm.jitter_max_ns, "node %u", i);
		KUNIT_EXPECT_GT_MSG(test, mac->edge_max_ns, g, "node %u", i);
	}
	KUNIT_EXPECT_EQ(test, loom_tnet_sum(net, refresh_missed), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_tnet_sum(net, fails), 0ULL);

	/* The five tries still deliver, but the timing did not hold. */
	loom_mac_busy_run(test, bare, true);
	KUNIT_EXPECT_GT(test, loom_tnet_sum(bare, refresh_missed), 0ULL);
	KUNIT_EXPECT_GT(test, loom_tnet_sum(bare, fails), 0ULL);
	KUNIT_EXPECT_GT(test, loom_tnet_sum(bare, sync_lost), 0ULL);
	for (i = 0; i < bare->n; i++)
		KUNIT_EXPECT_EQ(test, bare->node[i].node.mac.jitter_max_ns,
				0ULL);
}

/*
 * Stalls longer than any slot can absorb: the guard stops at its bound
 * (the room a slot leaves after a handshake), and what a late timer can
 * no longer fit in its slot is skipped and counted, not sent into the
 * next one.
 */
static void loom_mac_jitter_bound(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tlate *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	*l = (struct loom_tlate){ .seed = 9, .small_ns = NSEC_PER_MSEC,
				  .every_ns = 2 * NSEC_PER_SEC,
				  .stall_ns = 300 * NSEC_PER_MSEC };
	loom_clock_set_lateness(&net->clk, loom_tlate_fn, l);
	loom_tnet_start(test, net);
	loom_tnet_run(net, 6 * net->tm.period_ns);
	KUNIT_EXPECT_GT(test, loom_clock_late_ns(&net->clk, 990),
			net->tm.jitter_max_ns);
	for (i = 0; i < net->n; i++) {
		const struct loom_mac *mac = &net->node[i].node.mac;

		KUNIT_EXPECT_EQ_MSG(test, mac->jitter_max_ns,
				    net->tm.jitter_max_ns, "node %u", i);
		KUNIT_EXPECT_LE_MSG(test, mac->jitter_ns,
				    net->tm.jitter_max_ns, "node %u", i);
	}
	KUNIT_EXPECT_GT(test, loom_tnet_sum(net, late_skips), 0ULL);
	kunit_info(test, "late skips %llu, refreshes missed %llu, syncs lost %llu\n",
		   loom_tnet_sum(net, late_skips),
		   loom_tnet_sum(net, refresh_missed),
		   loom_tnet_sum(net, sync_lost));
}

/*
 * A router relays one refresh 20 ms late (a stall of its own) on a
 * machine whose timers are otherwise up to 1 ms late.  Its children hold
 * their window open for the frame on the air and take it, but do not
 * follow the lateness: their timing moves by the drift allowance only,
 * and stays within a few milliseconds of the coordinator's, which keeps
 * to its planned period starts although its own timers are late.
 */
static void loom_mac_jitter_late_sender(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tlate *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	struct loom_tnode *r1 = loom_tnode(net, 0x1000);
	static const u16 kids[] = { 0x1001, 0x1002, 0x1003, 0x1100, 0x1200 };
	u64 p = net->tm.period_ns, relay;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	/* Router 1 relays second: 2 s into the period (relay slots of 1 s). */
	KUNIT_ASSERT_EQ(test, r1->node.mac.conf.relay, 2U);
	relay = 3 * p + 2 * net->tm.relay_units * net->tm.unit_ns;
	*l = (struct loom_tlate){ .seed = 3, .small_ns = NSEC_PER_MSEC,
				  .every_ns = NSEC_PER_SEC,
				  .stall_ns = 20 * NSEC_PER_MSEC,
				  .from_ns = relay - 20 * NSEC_PER_MSEC,
				  .until_ns = relay + 20 * NSEC_PER_MSEC };
	/* The one stall starts 1 ms before the relay is due. */
	while (loom_tlate_fn(l, relay) < 19 * NSEC_PER_MSEC)
		l->seed += 2;
	loom_clock_set_lateness(&net->clk, loom_tlate_fn, l);
	loom_tnet_start(test, net);
	for (i = 0; i < ARRAY_SIZE(kids); i++)
		KUNIT_ASSERT_EQ(test, loom_tnet_send(net, kids[i],
						     LOOM_ADDR_COORDINATOR,
						     "up", 2), 0);
	loom_tnet_until(net, 3 * p + 10ULL * NSEC_PER_SEC);
	/* The coordinator's periods begin where planned: k P. */
	KUNIT_EXPECT_EQ(test, coord->node.mac.period_start, 3 * p);
	for (i = 0; i < ARRAY_SIZE(kids); i++) {
		const struct loom_mac *mac = &loom_tnode(net, kids[i])->node.mac;

		KUNIT_EXPECT_EQ_MSG(test, mac->stats.late_refresh, 1ULL,
				    "%04x", kids[i]);
		KUNIT_EXPECT_EQ_MSG(test, mac->stats.refresh_missed, 0ULL,
				    "%04x", kids[i]);
		KUNIT_EXPECT_TRUE_MSG(test, mac->synced, "%04x", kids[i]);
		KUNIT_EXPECT_LT_MSG(test, mac->period_start - 3 * p,
				    8 * NSEC_PER_MSEC, "%04x", kids[i]);
	}
	loom_tnet_until(net, 5 * p);
	KUNIT_EXPECT_EQ(test, coord->got, (u32)ARRAY_SIZE(kids));
	KUNIT_EXPECT_EQ(test, loom_tnet_sum(net, sync_lost), 0ULL);
}

/* The slot-edge histogram's buckets, as the uapi header defines them. */
static void loom_mac_edge_buckets(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(0), 0U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(1023), 0U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(1024), 1U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(1024 + 127), 1U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(1024 + 128), 2U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(2047), 8U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(2048), 9U);
	/* 100 us: 2^16 + 4 * 2^13 = 98304 starts bucket 6 * 8 + 4 + 1. */
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(100000), 53U);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket((1ULL << 28) - 1),
			(u32)LOOM_EDGE_BUCKETS - 1);
	KUNIT_EXPECT_EQ(test, loom_mac_edge_bucket(U64_MAX),
			(u32)LOOM_EDGE_BUCKETS - 1);
}

/* Radio time in Receive and Transmit so far. */
static u64 loom_tnode_on_ns(struct loom_tnet *net, struct loom_tnode *tn)
{
	u64 t[__LOOM_RADIO_STATE_MAX];

	loom_radio_acct_read(&tn->sr->radio.acct, loom_clock_now(&net->clk), t);
	return t[LOOM_RADIO_RECEIVE] + t[LOOM_RADIO_TRANSMIT];
}

/* Power a node off: its MAC stops, its radio sleeps, its state is gone. */
static void loom_tnode_power_off(struct loom_tnet *net, struct loom_tnode *tn)
{
	struct loom_radio *r = &tn->sr->radio;
	struct loom_mac_conf conf = tn->node.mac.conf;

	loom_mac_halt(&tn->node.mac);
	loom_node_destroy(&tn->node);
	r->ops->set_state(r, LOOM_RADIO_SLEEP);
	loom_node_init(&tn->node, r, &net->clk, &conf, &net->tm, &loom_tn_ops,
		       tn);
}

/*
 * Power cycle: a leaf two routers down saves its timing and frame id,
 * is off for two and a half periods, and comes back with them.  It is in
 * sync at once, sleeps until the refresh it predicted (its radio is on
 * for a few guard times, not the period a newcomer listens through), takes
 * that refresh, and its next datagram is not mistaken for a duplicate.
 * Restored with the wrong phase, it trusts the saved timing for one
 * period only, then listens and joins as a newcomer does.
 */
static void loom_mac_seed_power_cycle(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tnode *tn = loom_tnode(net, 0x1101);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	const struct loom_mac_stats *st = &tn->node.mac.stats;
	u64 period = net->tm.period_ns, next, on;
	u8 id;

	loom_tnet_start(test, net);
	loom_tnet_run(net, period + 10ULL * NSEC_PER_SEC);
	KUNIT_ASSERT_TRUE(test, tn->node.mac.synced);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1101, LOOM_ADDR_COORDINATOR,
					     "before", 6), 0);
	loom_tnet_run(net, period);
	KUNIT_ASSERT_EQ(test, coord->got, 1U);

	next = loom_mac_next_period(&tn->node.mac);
	id = tn->node.next_id;
	KUNIT_ASSERT_NE(test, next, 0ULL);
	loom_tnode_power_off(net, tn);
	loom_tnet_run(net, 2 * period + period / 2);

	/* Back: the saved period start, whole periods later. */
	while (next < loom_clock_now(&net->clk) + net->tm.guard_ns)
		next += period;
	loom_mac_resume(&tn->node.mac, next);
	tn->node.next_id = id;
	on = loom_tnode_on_ns(net, tn);
	KUNIT_ASSERT_EQ(test, loom_mac_start(&tn->node.mac), 0);
	KUNIT_EXPECT_TRUE(test, tn->node.mac.synced);
	loom_tnet_until(net, next + 10ULL * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, st->refresh_rx, 1ULL);
	KUNIT_EXPECT_EQ(test, st->sync_lost, 0ULL);
	/* Awake only around the refresh: far less than a newcomer's wait. */
	KUNIT_EXPECT_LT(test, loom_tnode_on_ns(net, tn) - on,
			8 * net->tm.guard_ns + 4 * net->tm.refresh_air_ns);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x1101, LOOM_ADDR_COORDINATOR,
					     "after", 5), 0);
	loom_tnet_run(net, period);
	KUNIT_EXPECT_EQ(test, coord->got, 2U);
	KUNIT_EXPECT_EQ(test, memcmp(coord->last, "after", 5), 0);

	/* The wrong phase: one period on trust, then a newcomer's wait. */
	next = loom_mac_next_period(&tn->node.mac);
	loom_tnode_power_off(net, tn);
	loom_mac_resume(&tn->node.mac, next + period / 2);
	KUNIT_ASSERT_EQ(test, loom_mac_start(&tn->node.mac), 0);
	loom_tnet_until(net, next + period / 2 + 10ULL * NSEC_PER_SEC);
	KUNIT_EXPECT_FALSE(test, tn->node.mac.synced);
	KUNIT_EXPECT_EQ(test, st->sync_lost, 1ULL);
	loom_tnet_run(net, 2 * period);
	KUNIT_EXPECT_TRUE(test, tn->node.mac.synced);
}

/*
 * The coordinator power-cycles for a period: its children miss one
 * refresh and keep their timing (the routers among them relay on it, so
 * nobody further down misses anything); the coordinator comes back with
 * the saved phase, so no node loses sync, where a fresh start would begin
 * a new phase and send every node back to listening.
 */
static void loom_mac_seed_coord_power_cycle(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 2),
					  1, 0);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	u64 period = net->tm.period_ns, next;
	u32 i;

	loom_tnet_start(test, net);
	loom_tnet_run(net, period + 10ULL * NSEC_PER_SEC);
	next = loom_mac_next_period(&coord->node.mac);
	KUNIT_ASSERT_NE(test, next, 0ULL);
	loom_tnode_power_off(net, coord);
	loom_tnet_run(net, period);
	while (next < loom_clock_now(&net->clk) + net->tm.guard_ns)
		next += period;
	loom_mac_resume(&coord->node.mac, next);
	KUNIT_ASSERT_EQ(test, loom_mac_start(&coord->node.mac), 0);
	loom_tnet_run(net, 2 * period);
	for (i = 1; i < net->n; i++) {
		const struct loom_mac_stats *st = &net->node[i].node.mac.stats;

		KUNIT_EXPECT_TRUE_MSG(test, net->node[i].node.mac.synced,
				      "node %u", i);
		KUNIT_EXPECT_EQ_MSG(test, st->sync_lost, 0ULL, "node %u", i);
		/* Routers keep relaying on their own timing: one level only. */
		KUNIT_EXPECT_EQ_MSG(test, st->refresh_missed,
				    net->t->nodes[i].parent == 0 ? 1ULL : 0ULL,
				    "node %u", i);
	}
}

/*
 * Fragments: 1000 bytes go down whole in five fragments; then a datagram
 * whose third fragment can no longer get through is dropped whole - the
 * sender purges the rest, the receiver never delivers a part - and the
 * next datagram from the same source arrives intact.
 */
static void loom_mac_seed_fragments(struct kunit *test)
{
	struct loom_tnet *net = loom_tnet(test, loom_seed_topo(test, 30000, 8),
					  1, 0);
	struct loom_tnode *coord = loom_tnode(net, LOOM_ADDR_COORDINATOR);
	struct loom_tnode *far = loom_tnode(net, 0x1202);
	u32 leaf = loom_tidx(net, 0x2001);
	struct loom_tnode *tn = &net->node[leaf];
	u8 *big = kunit_kmalloc(test, 1000, GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i < 1000; i++)
		big[i] = i * 7;
	loom_tnet_start(test, net);
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, LOOM_ADDR_COORDINATOR, 0x1202,
					     big, 1000), 0);
	loom_tnet_run(net, 2 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, far->got, 1U);
	KUNIT_EXPECT_EQ(test, far->last_len, (size_t)1000);
	KUNIT_EXPECT_EQ(test, memcmp(far->last, big, 1000), 0);

	/* Two fragments up from Router 2 End Device 1, then its link fails. */
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x2001, LOOM_ADDR_COORDINATOR,
					     big, 1000), 0);
	while (tn->node.mac.stats.acked < 2)
		loom_tnet_run(net, net->tm.slot_ns);
	loom_tnet_link(test, net, leaf, false, true, 0);
	while (!tn->node.mac.stats.given_up)
		loom_tnet_run(net, net->tm.slot_ns);
	/* The fragment given up and the two behind it. */
	KUNIT_EXPECT_EQ(test, tn->node.stats.drop[LOOM_NDROP_GIVEN_UP], 3ULL);
	KUNIT_EXPECT_EQ(test, tn->node.mac.upq_len, 1U);	/* the report */
	KUNIT_EXPECT_EQ(test, coord->got, 0U);
	/* Back up: the report, then the next datagram, whole. */
	loom_tnet_link(test, net, leaf, true, true, 0);
	big[0] = 0xee;
	KUNIT_ASSERT_EQ(test, loom_tnet_send(net, 0x2001, LOOM_ADDR_COORDINATOR,
					     big, 1000), 0);
	loom_tnet_run(net, 2 * net->tm.period_ns);
	KUNIT_EXPECT_EQ(test, coord->got, 1U);
	KUNIT_EXPECT_EQ(test, coord->last_len, (size_t)1000);
	KUNIT_EXPECT_EQ(test, memcmp(coord->last, big, 1000), 0);
	KUNIT_EXPECT_EQ(test, coord->node.stats.errors_rx, 1ULL);
	/* The broken sequence was dropped: source started over, or timeout. */
	KUNIT_EXPECT_EQ(test, coord->node.stats.drop[LOOM_NDROP_REASM] +
			coord->node.stats.drop[LOOM_NDROP_TIMEOUT], 1ULL);
	KUNIT_EXPECT_EQ(test, tn->node.mac.stats.given_up, 1ULL);
}

/*
 * 201 nodes - the coordinator, 10 routers with 5 end devices and 2 routers
 * each, and 6 end devices under each of those - run for a simulated day:
 * every end device reports every hour, the coordinator sends 7 end
 * devices a datagram every hour, and everything arrives.
 */
static void loom_day_add(struct loom_topology *t, u32 *n, u8 role, u32 parent)
{
	struct loom_topo_node *nd = &t->nodes[(*n)++];

	snprintf(nd->name, sizeof(nd->name), "n%u", *n - 1);
	nd->role = role;
	nd->parent = parent;
	nd->sensor = role == LOOM_ROLE_END_DEVICE;
}

static struct loom_topology *loom_day_topo(struct kunit *test)
{
	struct loom_topology *t = loom_topo_alloc(201);
	struct loom_topo_error err;
	u32 n = 0, a, b, c;

	KUNIT_ASSERT_NOT_NULL(test, t);
	loom_day_add(t, &n, LOOM_ROLE_COORDINATOR, LOOM_NO_PARENT);
	for (a = 0; a < 10; a++) {
		u32 r0 = n;

		loom_day_add(t, &n, LOOM_ROLE_ROUTER, 0);
		for (b = 0; b < 5; b++)
			loom_day_add(t, &n, LOOM_ROLE_END_DEVICE, r0);
		for (b = 0; b < 2; b++) {
			u32 r1 = n;

			loom_day_add(t, &n, LOOM_ROLE_ROUTER, r0);
			for (c = 0; c < 6; c++)
				loom_day_add(t, &n, LOOM_ROLE_END_DEVICE, r1);
		}
	}
	KUNIT_ASSERT_EQ(test, n, 201U);
	/* 460 slots: 170 end devices, 20 x 6 and 10 x 17 for routers. */
	t->cfg.slot_ms = 1000;
	t->cfg.data_interval_ms = 480000;
	t->cfg.data_cycles = 1;
	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_ASSERT_EQ(test, t->slot_total, 460U);
	return t;
}

static void loom_mac_day_201(struct kunit *test)
{
	struct loom_topology *dt = loom_day_topo(test);
	u32 hour, i, eds = 0, down = 0, got_down = 0, next = 0;
	u64 given_up = 0, on_ns[__LOOM_RADIO_STATE_MAX];
	u64 h = 3600ULL * NSEC_PER_SEC;
	struct loom_tnode *coord;
	struct loom_tnet *net;

	net = loom_tnet(test, dt, 3, 0);
	coord = &net->node[0];

	loom_tnet_start(test, net);
	for (hour = 0; hour < 24; hour++) {
		for (i = 1; i < net->n; i++) {
			u8 msg[8];

			if (net->t->nodes[i].role != LOOM_ROLE_END_DEVICE)
				continue;
			put_unaligned_le32(hour, msg);
			put_unaligned_le32(i, msg + 4);
			KUNIT_ASSERT_EQ(test, loom_node_send(&net->node[i].node,
							     LOOM_ADDR_COORDINATOR,
							     msg, 8), 0);
		}
		for (i = 0; i < 7; i++, down++) {
			do
				next = next % (net->n - 1) + 1;
			while (net->t->nodes[next].role !=
			       LOOM_ROLE_END_DEVICE);
			KUNIT_ASSERT_EQ(test, loom_node_send(&coord->node,
							     net->t->nodes[next].addr,
							     "hourly", 6), 0);
		}
		loom_tnet_until(net, (hour + 1) * h);
	}
	/* Let the last hour's traffic land. */
	loom_tnet_run(net, 3 * net->tm.period_ns);
	for (i = 1; i < net->n; i++) {
		eds += net->t->nodes[i].role == LOOM_ROLE_END_DEVICE;
		got_down += net->node[i].got;
		given_up += net->node[i].node.mac.stats.given_up;
		KUNIT_EXPECT_TRUE_MSG(test, net->node[i].node.mac.synced,
				      "node %u", i);
	}
	KUNIT_EXPECT_EQ(test, eds, 170U);
	KUNIT_EXPECT_EQ(test, coord->got, 24 * eds);
	KUNIT_EXPECT_EQ(test, got_down, down);
	KUNIT_EXPECT_EQ(test, given_up, 0ULL);
	/* An end device's radio: on for its refresh window and its slot. */
	loom_radio_acct_read(&net->node[200].sr->radio.acct,
			     loom_clock_now(&net->clk), on_ns);
	kunit_info(test, "end device radio on %llu ms of %llu s; %lld timer events\n",
		   div_u64(on_ns[LOOM_RADIO_RECEIVE] +
			   on_ns[LOOM_RADIO_TRANSMIT], NSEC_PER_MSEC),
		   div_u64(loom_clock_now(&net->clk), NSEC_PER_SEC),
		   (long long)atomic64_read(&net->clk.fired));
}

static struct kunit_case loom_mac_cases[] = {
	KUNIT_CASE(loom_route_tree),
	KUNIT_CASE(loom_mac_timing_seed),
	KUNIT_CASE(loom_mac_relay_ties),
	KUNIT_CASE(loom_mac_seed_sync),
	KUNIT_CASE(loom_mac_seed_both_ways),
	KUNIT_CASE(loom_mac_seed_loss),
	KUNIT_CASE(loom_mac_seed_five_failures),
	KUNIT_CASE(loom_mac_seed_silent_child),
	KUNIT_CASE(loom_mac_seed_id_wrap),
	KUNIT_CASE(loom_mac_seed_missed_refresh),
	KUNIT_CASE(loom_mac_seed_late_join),
	KUNIT_CASE(loom_mac_seed_fragments),
	KUNIT_CASE(loom_mac_seed_power_cycle),
	KUNIT_CASE(loom_mac_seed_coord_power_cycle),
	KUNIT_CASE(loom_mac_edge_buckets),
	KUNIT_CASE(loom_mac_jitter_busy),
	KUNIT_CASE(loom_mac_jitter_bound),
	KUNIT_CASE(loom_mac_jitter_late_sender),
	KUNIT_CASE(loom_mac_seed_config),
	KUNIT_CASE(loom_mac_day_201),
	{}
};

static struct kunit_suite loom_mac_suite = {
	.name = "loom_mac",
	.test_cases = loom_mac_cases,
};

kunit_test_suites(&loom_mac_suite);
