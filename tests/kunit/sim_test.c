// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated medium on the virtual clock.  Frames arrive one
 * time on air after they were sent; half duplex; radios not listening hear
 * nothing; collisions and capture; CAD; loss; deletion with frames flying.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

#include "../../kernel/radio/sim.h"

/**
 * struct loom_rec - what the layer above saw of one radio
 * @rx: frames received
 * @last_rssi: RSSI of the last one
 * @last_ts: its timestamp
 * @last_len: its length
 * @tx_done: transmissions finished
 * @changes: state changes
 * @bad_order: a state change that was not a neighbour step
 */
struct loom_rec {
	u32 rx;
	s32 last_rssi;
	u64 last_ts;
	u16 last_len;
	u32 tx_done;
	u32 changes;
	u32 bad_order;
};

static void loom_rec_state(struct loom_radio *r, u8 from, u8 to)
{
	struct loom_rec *rec = r->upper_priv;

	rec->changes++;
	if (!loom_radio_transition_ok(from, to))
		rec->bad_order++;
}

static void loom_rec_rx(struct loom_radio *r, const u8 *frame, u16 len,
			const struct loom_radio_rx_info *info)
{
	struct loom_rec *rec = r->upper_priv;

	rec->rx++;
	rec->last_rssi = info->rssi_mdbm;
	rec->last_ts = info->timestamp_ns;
	rec->last_len = len;
}

static void loom_rec_tx_done(struct loom_radio *r, int status)
{
	struct loom_rec *rec = r->upper_priv;

	rec->tx_done++;
}

static const struct loom_radio_upper loom_rec_upper = {
	.state_changed = loom_rec_state,
	.rx = loom_rec_rx,
	.tx_done = loom_rec_tx_done,
};

/**
 * struct loom_world - a medium with a few radios, all listening
 * @clk: virtual clock
 * @m: the medium
 * @r: radios
 * @rec: what each one's upper layer saw
 */
struct loom_world {
	struct loom_clock clk;
	struct loom_sim_medium m;
	struct loom_sim_radio *r[4];
	struct loom_rec rec[4];
};

/* A KUnit resource: the world is torn down even when a test fails. */
static int loom_world_res_init(struct kunit_resource *res, void *context)
{
	res->data = context;
	return 0;
}

static void loom_world_res_free(struct kunit_resource *res)
{
	struct loom_world *w = res->data;
	int i;

	for (i = 0; i < 4; i++)
		if (w->r[i])
			loom_sim_radio_del(w->r[i]);
	loom_sim_medium_destroy(&w->m);
}

static struct loom_world *loom_world(struct kunit *test, u64 seed)
{
	struct loom_world *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	loom_clock_init(&w->clk, LOOM_CLOCK_VIRTUAL);
	KUNIT_ASSERT_EQ(test, loom_sim_medium_init(&w->m, &w->clk, 4, seed), 0);
	for (i = 0; i < 4; i++) {
		struct loom_radio *r;

		w->r[i] = loom_sim_radio_add(&w->m, &loom_rec_upper, &w->rec[i]);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w->r[i]));
		r = &w->r[i]->radio;
		KUNIT_ASSERT_EQ(test, r->ops->set_state(r, LOOM_RADIO_SLEEP), 0);
		KUNIT_ASSERT_EQ(test, r->ops->set_state(r, LOOM_RADIO_RECEIVE), 0);
	}
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, loom_world_res_init,
							 loom_world_res_free,
							 GFP_KERNEL, w));
	return w;
}

static void loom_link(struct kunit *test, struct loom_world *w, u32 a, u32 b,
		      s32 rssi_dbm, u32 loss_ppm)
{
	struct loom_sim_edge e = { .rssi_mdbm = rssi_dbm * 1000,
				   .snr_mdb = 10000, .loss_ppm = loss_ppm,
				   .present = true };

	KUNIT_ASSERT_EQ(test, loom_sim_edge_set(&w->m, a, b, &e), 0);
}

static struct loom_radio *R(struct loom_world *w, int i)
{
	return &w->r[i]->radio;
}

static void loom_sim_delivery(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	u8 frame[20] = { 1, 2, 3 };

	loom_link(test, w, 0, 1, -80, 0);
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 20), 0);
	KUNIT_EXPECT_EQ(test, R(w, 0)->acct.state, LOOM_RADIO_TRANSMIT);
	/* Nothing before the last symbol: 56.576 ms for 20 bytes at SF7. */
	loom_clock_run(&w->clk, 56575999, 0);
	KUNIT_EXPECT_EQ(test, w->rec[1].rx, 0U);
	loom_clock_run(&w->clk, 56576000, 0);
	KUNIT_EXPECT_EQ(test, w->rec[1].rx, 1U);
	KUNIT_EXPECT_EQ(test, w->rec[1].last_ts, 56576000ULL);
	KUNIT_EXPECT_EQ(test, w->rec[1].last_rssi, -80000);
	KUNIT_EXPECT_EQ(test, w->rec[1].last_len, 20);
	KUNIT_EXPECT_EQ(test, w->rec[0].tx_done, 1U);
	KUNIT_EXPECT_EQ(test, R(w, 0)->acct.state, LOOM_RADIO_RECEIVE);
	KUNIT_EXPECT_EQ(test, R(w, 0)->acct.time_ns[LOOM_RADIO_TRANSMIT],
			56576000ULL);
	/* Directed: no edge back, and radio 2 has none at all. */
	KUNIT_EXPECT_EQ(test, w->rec[0].rx + w->rec[2].rx, 0U);
	KUNIT_EXPECT_EQ(test, w->rec[0].bad_order + w->rec[1].bad_order, 0U);
	/* Refusals: too long, and not from Receive. */
	KUNIT_EXPECT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 256), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, R(w, 0)->ops->set_state(R(w, 0), LOOM_RADIO_SLEEP), 0);
	KUNIT_EXPECT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 20), -EBUSY);
}

static void loom_sim_deaf(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	u8 frame[10] = {};

	loom_link(test, w, 0, 1, -80, 0);
	loom_link(test, w, 0, 2, -80, 0);
	loom_link(test, w, 0, 3, -80, 0);
	/* 1 sleeps before; 2 goes to sleep in the middle; 3 listens. */
	KUNIT_ASSERT_EQ(test, R(w, 1)->ops->set_state(R(w, 1), LOOM_RADIO_SLEEP), 0);
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
	loom_clock_run(&w->clk, 10000000, 0);
	KUNIT_ASSERT_EQ(test, R(w, 2)->ops->set_state(R(w, 2), LOOM_RADIO_SLEEP), 0);
	KUNIT_ASSERT_EQ(test, R(w, 2)->ops->set_state(R(w, 2), LOOM_RADIO_RECEIVE), 0);
	loom_clock_run(&w->clk, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, w->rec[1].rx, 0U);
	KUNIT_EXPECT_EQ(test, w->rec[2].rx, 0U);
	KUNIT_EXPECT_EQ(test, w->rec[3].rx, 1U);
	KUNIT_EXPECT_EQ(test, R(w, 1)->stats.rx_deaf, 1ULL);
	KUNIT_EXPECT_EQ(test, R(w, 2)->stats.rx_deaf, 1ULL);

	/* Retuning away and back during a frame misses it too. */
	{
		struct loom_lora_params p = R(w, 3)->params, q = p;

		q.sf = 9;
		KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
		loom_clock_run(&w->clk, loom_clock_now(&w->clk) + 1000000, 0);
		KUNIT_ASSERT_EQ(test, R(w, 3)->ops->set_params(R(w, 3), &q), 0);
		KUNIT_ASSERT_EQ(test, R(w, 3)->ops->set_params(R(w, 3), &p), 0);
		loom_clock_run(&w->clk, U64_MAX, 0);
		KUNIT_EXPECT_EQ(test, w->rec[3].rx, 1U);
		KUNIT_EXPECT_EQ(test, R(w, 3)->stats.rx_deaf, 1ULL);
	}
	/* Transmit is entered by xmit only. */
	KUNIT_EXPECT_EQ(test, R(w, 3)->ops->set_state(R(w, 3), LOOM_RADIO_TRANSMIT),
			-EINVAL);
}

static void loom_sim_half_duplex_and_collisions(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	u8 frame[10] = {};

	/* 0 and 1 hear each other; both reach 2 equally, 3 hears 0 louder. */
	loom_link(test, w, 0, 1, -80, 0);
	loom_link(test, w, 1, 0, -80, 0);
	loom_link(test, w, 0, 2, -90, 0);
	loom_link(test, w, 1, 2, -90, 0);
	loom_link(test, w, 0, 3, -80, 0);
	loom_link(test, w, 1, 3, -90, 0);
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
	loom_clock_run(&w->clk, 5000000, 0);	/* 5 ms in: overlap */
	KUNIT_ASSERT_EQ(test, R(w, 1)->ops->xmit(R(w, 1), frame, 10), 0);
	loom_clock_run(&w->clk, U64_MAX, 0);

	/* Half duplex: the two senders heard nothing of each other. */
	KUNIT_EXPECT_EQ(test, w->rec[0].rx + w->rec[1].rx, 0U);
	KUNIT_EXPECT_EQ(test, R(w, 1)->stats.rx_deaf, 1ULL);
	KUNIT_EXPECT_EQ(test, R(w, 0)->stats.rx_deaf, 1ULL);
	/* Equal power at 2: both lost. */
	KUNIT_EXPECT_EQ(test, w->rec[2].rx, 0U);
	KUNIT_EXPECT_EQ(test, R(w, 2)->stats.rx_collision, 2ULL);
	/* 10 dB apart at 3: the stronger is captured. */
	KUNIT_EXPECT_EQ(test, w->rec[3].rx, 1U);
	KUNIT_EXPECT_EQ(test, w->rec[3].last_rssi, -80000);
	KUNIT_EXPECT_EQ(test, R(w, 3)->stats.rx_collision, 1ULL);
}

static void loom_sim_cad_and_channels(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	struct loom_lora_params p;
	u8 frame[10] = {};

	loom_link(test, w, 0, 1, -80, 0);
	loom_link(test, w, 0, 2, -130, 0);	/* below SF7 sensitivity */
	loom_link(test, w, 0, 3, -80, 0);
	p = R(w, 3)->params;
	p.sf = 9;				/* another channel */
	KUNIT_ASSERT_EQ(test, R(w, 3)->ops->set_params(R(w, 3), &p), 0);
	KUNIT_EXPECT_EQ(test, R(w, 1)->ops->cad(R(w, 1)), 0);
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
	loom_clock_run(&w->clk, 1000000, 0);
	KUNIT_EXPECT_EQ(test, R(w, 1)->ops->cad(R(w, 1)), 1);
	KUNIT_EXPECT_EQ(test, R(w, 2)->ops->cad(R(w, 2)), 0);
	KUNIT_EXPECT_EQ(test, R(w, 3)->ops->cad(R(w, 3)), 0);
	KUNIT_EXPECT_EQ(test, R(w, 0)->ops->set_params(R(w, 0), &p), -EBUSY);
	loom_clock_run(&w->clk, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, R(w, 1)->ops->cad(R(w, 1)), 0);
	KUNIT_EXPECT_EQ(test, w->rec[1].rx, 1U);
	KUNIT_EXPECT_EQ(test, R(w, 2)->stats.rx_weak, 1ULL);
	KUNIT_EXPECT_EQ(test, w->rec[3].rx, 0U);
}

/* 10 % loss over 10,000 frames, within 4 standard deviations (120). */
static u64 loom_sim_loss_run(struct kunit *test, u64 seed)
{
	struct loom_world *w = loom_world(test, seed);
	u8 frame[10] = {};
	int k;

	loom_link(test, w, 0, 1, -80, 100000);
	for (k = 0; k < 10000; k++) {
		KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
		loom_clock_run(&w->clk, U64_MAX, 0);
	}
	KUNIT_EXPECT_EQ(test, R(w, 1)->stats.rx_frames + R(w, 1)->stats.rx_lost,
			10000ULL);
	return R(w, 1)->stats.rx_lost;
}

static void loom_sim_loss(struct kunit *test)
{
	u64 lost = loom_sim_loss_run(test, 99);

	KUNIT_EXPECT_GE(test, lost, 880ULL);
	KUNIT_EXPECT_LE(test, lost, 1120ULL);
	/* Same seed, same run. */
	KUNIT_EXPECT_EQ(test, loom_sim_loss_run(test, 99), lost);
}

static void loom_sim_delete_in_flight(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	u8 frame[10] = {};

	loom_link(test, w, 0, 1, -80, 0);
	loom_link(test, w, 2, 1, -80, 0);
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
	KUNIT_ASSERT_EQ(test, R(w, 2)->ops->xmit(R(w, 2), frame, 10), 0);
	loom_clock_run(&w->clk, 1000000, 0);
	loom_sim_radio_del(w->r[0]);
	w->r[0] = NULL;
	loom_clock_run(&w->clk, U64_MAX, 0);
	/* 0's frame vanished with it; 2's arrives, no longer collided. */
	KUNIT_EXPECT_EQ(test, w->rec[1].rx, 1U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&w->clk.fired), 1LL);
}

static void loom_sim_configure(struct kunit *test)
{
	struct loom_world *w = loom_world(test, 1);
	struct loom_lora_params p = R(w, 0)->params;
	struct loom_rec *rec = &w->rec[0];
	u8 frame[10] = {};
	u32 before;

	/* Receive down to Disabled: two steps, each notified in order. */
	before = rec->changes;
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], NULL,
						       LOOM_RADIO_DISABLED), 0);
	KUNIT_EXPECT_EQ(test, rec->changes - before, 2U);
	KUNIT_EXPECT_EQ(test, rec->bad_order, 0U);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->acct.state, LOOM_RADIO_DISABLED);
	/* And back up, with new parameters in the same step. */
	p.sf = 9;
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], &p,
						       LOOM_RADIO_RECEIVE), 0);
	KUNIT_EXPECT_EQ(test, rec->changes - before, 4U);
	KUNIT_EXPECT_EQ(test, rec->bad_order, 0U);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->params.sf, 9);
	/* Transmit is entered by sending only; bad parameters change nothing. */
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], NULL,
						       LOOM_RADIO_TRANSMIT),
			-EINVAL);
	p.sf = 13;
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], &p,
						       LOOM_RADIO_SLEEP), -EINVAL);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->params.sf, 9);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->acct.state, LOOM_RADIO_RECEIVE);
	/* While a frame is on the air: refused, all of it. */
	p.sf = 8;
	KUNIT_ASSERT_EQ(test, R(w, 0)->ops->xmit(R(w, 0), frame, 10), 0);
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], &p,
						       LOOM_RADIO_SLEEP), -EBUSY);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->params.sf, 9);
	loom_clock_run(&w->clk, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, loom_sim_radio_configure(w->r[0], &p,
						       LOOM_RADIO_SLEEP), 0);
	KUNIT_EXPECT_EQ(test, (int)R(w, 0)->acct.state, LOOM_RADIO_SLEEP);
}

static struct kunit_case loom_sim_cases[] = {
	KUNIT_CASE(loom_sim_delivery),
	KUNIT_CASE(loom_sim_deaf),
	KUNIT_CASE(loom_sim_half_duplex_and_collisions),
	KUNIT_CASE(loom_sim_cad_and_channels),
	KUNIT_CASE(loom_sim_loss),
	KUNIT_CASE(loom_sim_delete_in_flight),
	KUNIT_CASE(loom_sim_configure),
	{}
};

static struct kunit_suite loom_sim_suite = {
	.name = "loom_sim",
	.test_cases = loom_sim_cases,
};

kunit_test_suites(&loom_sim_suite);
