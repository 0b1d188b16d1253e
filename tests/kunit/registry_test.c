// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the radio registry - names, namespaces, claims and their release,
 * a radio lost under its claimant, taps beside the upper layer, carrier
 * news; and the time on air an interface's radio assumes.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <net/net_namespace.h>

#include "../../kernel/radio/ether.h"
#include "../../kernel/radio/sim.h"

/* Stands for a second namespace: the registry only compares them. */
static struct net loom_rt_other_net;

/**
 * struct loom_rt_seen - what an upper layer, a tap or a claimant saw
 * @rx: frames received
 * @len: length of the last
 * @first: its first byte
 * @tx_done: transmissions finished
 * @lost: radios lost
 * @carrier_up: carrier news: up
 * @carrier_down: and down
 * @gone: taps dropped by an unregistering radio
 */
struct loom_rt_seen {
	u32 rx;
	u16 len;
	u8 first;
	u32 tx_done;
	u32 lost;
	u32 carrier_up;
	u32 carrier_down;
	u32 gone;
};

/**
 * struct loom_rt_tap - a tap and its record
 * @tap: the tap
 * @seen: what it saw
 */
struct loom_rt_tap {
	struct loom_radio_tap tap;
	struct loom_rt_seen seen;
};

/**
 * struct loom_rt - two simulated radios in the registry
 * @clk: virtual clock
 * @m: their medium
 * @sr: the radios
 * @registered: still in the registry
 * @driver: what each one's driver upper layer saw
 * @node: what a claimant's upper layer saw
 * @claim: what the claimant's owner callbacks saw
 * @taps: two taps
 */
struct loom_rt {
	struct loom_clock clk;
	struct loom_sim_medium m;
	struct loom_sim_radio *sr[2];
	bool registered[2];
	struct loom_rt_seen driver[2];
	struct loom_rt_seen node;
	struct loom_rt_seen claim;
	struct loom_rt_tap taps[2];
};

static void loom_rt_rx(struct loom_radio *r, const u8 *frame, u16 len,
		       const struct loom_radio_rx_info *info)
{
	struct loom_rt_seen *s = r->upper_priv;

	s->rx++;
	s->len = len;
	s->first = frame[0];
}

static void loom_rt_tx_done(struct loom_radio *r, int status)
{
	struct loom_rt_seen *s = r->upper_priv;

	s->tx_done++;
}

static const struct loom_radio_upper loom_rt_upper = {
	.rx = loom_rt_rx,
	.tx_done = loom_rt_tx_done,
};

static void loom_rt_tap_rx(struct loom_radio_tap *t, struct loom_radio *r,
			   const u8 *frame, u16 len,
			   const struct loom_radio_rx_info *info)
{
	struct loom_rt_seen *s = &container_of(t, struct loom_rt_tap, tap)->seen;

	s->rx++;
	s->len = len;
	s->first = frame[0];
}

static void loom_rt_tap_gone(struct loom_radio_tap *t, struct loom_radio *r)
{
	container_of(t, struct loom_rt_tap, tap)->seen.gone++;
}

/* The claimant: gives the radio back when it is lost, as a node does. */
static void loom_rt_lost(void *owner, struct loom_radio *r)
{
	struct loom_rt_seen *s = owner;

	s->lost++;
	loom_radio_release(r);
}

static void loom_rt_carrier(void *owner, struct loom_radio *r, bool up)
{
	struct loom_rt_seen *s = owner;

	if (up)
		s->carrier_up++;
	else
		s->carrier_down++;
}

static const struct loom_radio_owner_ops loom_rt_owner_ops = {
	.lost = loom_rt_lost,
	.carrier = loom_rt_carrier,
};

static int loom_rt_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void loom_rt_res_free(struct kunit_resource *res)
{
	struct loom_rt *w = res->data;
	int i;

	for (i = 0; i < 2; i++) {
		if (!w->sr[i])
			continue;
		if (w->registered[i])
			loom_radio_unregister(&w->sr[i]->radio);
		loom_sim_radio_del(w->sr[i]);
	}
	loom_sim_medium_destroy(&w->m);
}

/* Two listening radios "ktest0" and "ktest1", 0 heard by 1, registered. */
static struct loom_rt *loom_rt(struct kunit *test)
{
	struct loom_rt *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct loom_sim_edge e = { .rssi_mdbm = -80000, .snr_mdb = 10000,
				   .present = true };
	int i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	loom_clock_init(&w->clk, LOOM_CLOCK_VIRTUAL);
	KUNIT_ASSERT_EQ(test, loom_sim_medium_init(&w->m, &w->clk, 2, 1), 0);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, loom_rt_res_init,
							 loom_rt_res_free,
							 GFP_KERNEL, w));
	for (i = 0; i < 2; i++) {
		struct loom_radio *r;

		w->sr[i] = loom_sim_radio_add(&w->m, &loom_rt_upper,
					      &w->driver[i]);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w->sr[i]));
		r = &w->sr[i]->radio;
		snprintf(r->name, sizeof(r->name), "ktest%d", i);
		KUNIT_ASSERT_EQ(test, loom_radio_register(r, &init_net, &w->clk),
				0);
		w->registered[i] = true;
		KUNIT_ASSERT_EQ(test, loom_sim_radio_configure(w->sr[i], NULL,
							       LOOM_RADIO_RECEIVE),
				0);
		w->taps[i].tap.rx = loom_rt_tap_rx;
		w->taps[i].tap.gone = loom_rt_tap_gone;
	}
	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&w->m, 0, 1, &e), 0);
	return w;
}

static struct loom_radio *loom_rt_r(struct loom_rt *w, int i)
{
	return &w->sr[i]->radio;
}

/* Send a 10-byte frame starting with @first from radio 0 and let it land. */
static void loom_rt_send(struct kunit *test, struct loom_rt *w, u8 first)
{
	u8 frame[10] = { first };

	KUNIT_ASSERT_EQ(test, loom_rt_r(w, 0)->ops->xmit(loom_rt_r(w, 0),
							 frame, 10), 0);
	loom_clock_run(&w->clk, U64_MAX, 0);
}

static void loom_registry_names(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	unsigned long pos = 0;

	/* Unique across namespaces, and never empty. */
	{
		struct loom_radio r = { .name = "ktest1" }, nameless = {};

		KUNIT_EXPECT_EQ(test, loom_radio_register(&r, &loom_rt_other_net,
							  &w->clk), -EEXIST);
		KUNIT_EXPECT_EQ(test, loom_radio_register(&nameless, &init_net,
							  &w->clk), -EINVAL);
	}
	loom_radio_lock();
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&init_net, "ktest1"),
			    loom_rt_r(w, 1));
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&loom_rt_other_net, "ktest1"),
			    NULL);
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&init_net, "ktest9"), NULL);
	/* Nothing else lives in the stand-in namespace. */
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_next(&loom_rt_other_net, &pos),
			    NULL);
	loom_radio_unlock();
	KUNIT_EXPECT_EQ(test, loom_radio_rename(loom_rt_r(w, 0), "ktest1"),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, loom_radio_rename(loom_rt_r(w, 0), ""), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_radio_rename(loom_rt_r(w, 0), "ktestA"), 0);
	KUNIT_EXPECT_STREQ(test, loom_rt_r(w, 0)->name, "ktestA");
}

static void loom_registry_claim(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	struct loom_radio *r1 = loom_rt_r(w, 1);

	loom_rt_send(test, w, 1);
	KUNIT_EXPECT_EQ(test, w->driver[1].rx, 1U);

	loom_radio_lock();
	KUNIT_EXPECT_EQ(test, loom_radio_claim(r1, &loom_rt_owner_ops, &w->claim,
					       "node", LOOM_PROTO_TREE, NULL), 0);
	KUNIT_EXPECT_EQ(test, loom_radio_claim(r1, &loom_rt_owner_ops, &w->node,
					       "other", LOOM_PROTO_TREE, NULL),
			-EBUSY);
	KUNIT_EXPECT_TRUE(test, loom_radio_claimed(r1));
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_owner(r1), (void *)&w->claim);
	/* The refused claim left the first claimant's protocol. */
	KUNIT_EXPECT_EQ(test, r1->proto, LOOM_PROTO_TREE);
	loom_radio_unlock();

	/* The claimant's upper layer hears; the driver's does not. */
	loom_radio_set_upper(r1, &loom_rt_upper, &w->node);
	loom_rt_send(test, w, 2);
	KUNIT_EXPECT_EQ(test, w->node.rx, 1U);
	KUNIT_EXPECT_EQ(test, w->node.first, 2);
	KUNIT_EXPECT_EQ(test, w->driver[1].rx, 1U);

	/* Released: the driver's upper and private pointer come back. */
	loom_radio_lock();
	loom_radio_release(r1);
	KUNIT_EXPECT_EQ(test, r1->proto, 0);
	KUNIT_EXPECT_FALSE(test, loom_radio_claimed(r1));
	loom_radio_unlock();
	KUNIT_EXPECT_PTR_EQ(test, r1->upper_priv, (void *)&w->driver[1]);
	loom_rt_send(test, w, 3);
	KUNIT_EXPECT_EQ(test, w->driver[1].rx, 2U);
	KUNIT_EXPECT_EQ(test, w->node.rx, 1U);
}

static void loom_registry_lost(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	struct loom_radio *r1 = loom_rt_r(w, 1);

	loom_radio_lock();
	KUNIT_ASSERT_EQ(test, loom_radio_claim(r1, &loom_rt_owner_ops, &w->claim,
					       "node", LOOM_PROTO_TREE, NULL), 0);
	loom_radio_tap_add(r1, &w->taps[0].tap);
	loom_radio_unlock();
	loom_radio_set_upper(r1, &loom_rt_upper, &w->node);

	/* The driver takes it away: the claimant and the tap let go. */
	loom_radio_unregister(r1);
	w->registered[1] = false;
	KUNIT_EXPECT_EQ(test, w->claim.lost, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[0].seen.gone, 1U);
	KUNIT_EXPECT_FALSE(test, loom_radio_claimed(r1));
	KUNIT_EXPECT_PTR_EQ(test, r1->upper_priv, (void *)&w->driver[1]);
	loom_radio_lock();
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&init_net, "ktest1"), NULL);
	loom_radio_unlock();
	loom_rt_send(test, w, 4);
	KUNIT_EXPECT_EQ(test, w->node.rx, 0U);
	KUNIT_EXPECT_EQ(test, w->taps[0].seen.rx, 0U);
}

static void loom_registry_taps(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	struct loom_radio *r1 = loom_rt_r(w, 1);

	loom_radio_lock();
	loom_radio_tap_add(r1, &w->taps[0].tap);
	loom_radio_tap_add(r1, &w->taps[1].tap);
	loom_radio_unlock();
	loom_rt_send(test, w, 7);
	/* The upper layer and both taps: the same frame. */
	KUNIT_EXPECT_EQ(test, w->driver[1].rx, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[0].seen.rx, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[1].seen.rx, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[1].seen.len, 10);
	KUNIT_EXPECT_EQ(test, w->taps[1].seen.first, 7);
	/* A tap taps receptions only: the sender's side shows nothing. */
	KUNIT_EXPECT_EQ(test, w->driver[0].tx_done, 1U);

	loom_radio_lock();
	loom_radio_tap_del(r1, &w->taps[0].tap);
	loom_radio_unlock();
	loom_rt_send(test, w, 8);
	KUNIT_EXPECT_EQ(test, w->taps[0].seen.rx, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[1].seen.rx, 2U);
	KUNIT_EXPECT_EQ(test, w->driver[1].rx, 2U);
	/* Unregistering drops the one left, and tells it. */
	loom_radio_unregister(r1);
	w->registered[1] = false;
	KUNIT_EXPECT_EQ(test, w->taps[1].seen.gone, 1U);
	KUNIT_EXPECT_EQ(test, w->taps[0].seen.gone, 0U);
}

static void loom_registry_netns(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	struct loom_radio *r0 = loom_rt_r(w, 0), *r1 = loom_rt_r(w, 1);
	struct loom_radio fixed = { .name = "ktestfix" };
	unsigned long pos = 0;

	KUNIT_ASSERT_EQ(test, loom_radio_register(&fixed, &init_net, &w->clk),
			0);
	loom_radio_lock();
	/* A simulated radio moves; a claimed one does not; nor the fixed. */
	KUNIT_EXPECT_EQ(test, loom_radio_move(r0, &loom_rt_other_net, NULL), 0);
	KUNIT_EXPECT_EQ(test, loom_radio_claim(r1, &loom_rt_owner_ops, &w->claim,
					       "node", LOOM_PROTO_TREE, NULL), 0);
	KUNIT_EXPECT_EQ(test, loom_radio_move(r1, &loom_rt_other_net, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, loom_radio_move(&fixed, &loom_rt_other_net, NULL),
			-EOPNOTSUPP);
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&init_net, "ktest0"), NULL);
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&loom_rt_other_net, "ktest0"),
			    r0);
	/* A dump of the other namespace shows it alone. */
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_next(&loom_rt_other_net, &pos), r0);
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_next(&loom_rt_other_net, &pos),
			    NULL);
	loom_radio_release(r1);
	loom_radio_unlock();
	/* The namespace ends: the simulated radio comes home. */
	loom_radio_net_exit(&loom_rt_other_net);
	loom_radio_lock();
	KUNIT_EXPECT_PTR_EQ(test, loom_radio_find(&init_net, "ktest0"), r0);
	loom_radio_unlock();
	loom_radio_unregister(&fixed);
}

static void loom_registry_carrier(struct kunit *test)
{
	struct loom_rt *w = loom_rt(test);
	struct loom_radio *r1 = loom_rt_r(w, 1);

	/* Unclaimed: counted only. */
	loom_radio_carrier(r1, false);
	KUNIT_EXPECT_EQ(test, r1->carrier_down, 1ULL);
	loom_radio_lock();
	KUNIT_ASSERT_EQ(test, loom_radio_claim(r1, &loom_rt_owner_ops, &w->claim,
					       "node", LOOM_PROTO_TREE, NULL), 0);
	loom_radio_unlock();
	loom_radio_carrier(r1, true);
	loom_radio_carrier(r1, false);
	KUNIT_EXPECT_EQ(test, w->claim.carrier_up, 1U);
	KUNIT_EXPECT_EQ(test, w->claim.carrier_down, 1U);
	KUNIT_EXPECT_EQ(test, r1->carrier_down, 2ULL);
	loom_radio_lock();
	loom_radio_release(r1);
	loom_radio_unlock();
}

/*
 * IEEE 802.11-2020 17.4.3: TXTIME = 16 us preamble + 4 us SIGNAL + 4 us x
 * ceil((16 + 8 x LENGTH + 6) / N_DBPS), N_DBPS = 4 x rate in Mbit/s; the
 * MPDU is the Loom frame and 52 bytes around it.
 */
static void loom_ether_airtime_ofdm(struct kunit *test)
{
	/* 255 bytes at 6 Mbit/s: ceil(2478 / 24) = 104 symbols. */
	KUNIT_EXPECT_EQ(test, loom_ether_airtime(6000, 255), 436000ULL);
	/* At 54 Mbit/s: ceil(2478 / 216) = 12. */
	KUNIT_EXPECT_EQ(test, loom_ether_airtime(54000, 255), 68000ULL);
	/* A plain ACK (5 bytes) at 6 Mbit/s: ceil(478 / 24) = 20. */
	KUNIT_EXPECT_EQ(test, loom_ether_airtime(6000, 5), 100000ULL);
	/* The longest frame stays well under the MAC's 1 ms turnaround. */
	KUNIT_EXPECT_LT(test, loom_ether_airtime(LOOM_RADIO_RATE_MIN, 255),
			1000000ULL);
}

static struct kunit_case loom_registry_cases[] = {
	KUNIT_CASE(loom_registry_names),
	KUNIT_CASE(loom_registry_claim),
	KUNIT_CASE(loom_registry_lost),
	KUNIT_CASE(loom_registry_taps),
	KUNIT_CASE(loom_registry_netns),
	KUNIT_CASE(loom_registry_carrier),
	KUNIT_CASE(loom_ether_airtime_ofdm),
	{}
};

static struct kunit_suite loom_registry_suite = {
	.name = "loom_registry",
	.test_cases = loom_registry_cases,
};

kunit_test_suites(&loom_registry_suite);
