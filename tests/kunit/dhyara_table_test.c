// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Dhyara's routing core, one rule at a time (Documentation/dhyara.rst,
 * "Routing").  Virtual time only: every call gets its now_ns from the test.
 *
 * Nodes are named by letter: A (1) is the table under test, B (2), C (3)...
 * its neighbours or destinations; their addresses are 02:00:00:00:00:<id>.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/etherdevice.h>
#include <linux/kthread.h>
#include <linux/sched.h>

#include "../../kernel/dhyara/table.h"
#include "../../kernel/radio/medium.h"

#define MS	1000000ULL
#define S	1000000000ULL
#define INF	LOOM_DHY_DELAY_INFINITE

enum { A = 1, B, C, D, E, F, G };

#define DHY_OUT_MAX	512
#define DHY_TABLES	4

/**
 * struct dhy_rec - one entry handed out by loom_dhy_pull()
 * @to: neighbour id it went to
 * @frame: which batch it was in
 * @e: the entry
 */
struct dhy_rec {
	u32 to;
	u32 frame;
	struct loom_dhy_adv_entry e;
};

/**
 * struct dhy_ctx - per-test state
 * @tab: tables to free when the test ends
 * @n: tables in @tab
 * @out: the last dhy_drain()
 * @nout: entries in @out
 * @frames: batches in @out
 * @e: entries of one batch
 */
struct dhy_ctx {
	struct loom_dhy_table *tab[DHY_TABLES];
	int n;
	struct dhy_rec out[DHY_OUT_MAX];
	u32 nout, frames;
	struct loom_dhy_adv_entry e[DHY_OUT_MAX];
};

static void dhy_addr(u8 *a, u32 id)
{
	a[0] = 0x02;
	a[1] = 0;
	a[2] = 0;
	a[3] = id >> 16;
	a[4] = id >> 8;
	a[5] = id;
}

static u32 dhy_id(const u8 *a)
{
	return a[3] << 16 | a[4] << 8 | a[5];
}

static struct loom_dhy_table *dhy_new(struct kunit *test, u32 self,
				      const struct loom_dhy_config *cfg)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t;
	const char *field = NULL;
	u8 a[ETH_ALEN];

	dhy_addr(a, self);
	t = loom_dhy_table_alloc(a, cfg, &field);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_OR_NULL(t), "field %s",
			       field ? field : "-");
	KUNIT_ASSERT_LT(test, x->n, DHY_TABLES);
	x->tab[x->n++] = t;
	return t;
}

static struct loom_dhy_config dhy_cfg(void)
{
	struct loom_dhy_config c;

	loom_dhy_config_default(&c, 0);
	return c;
}

static int dhy_heard(struct loom_dhy_table *t, u32 id, u64 now)
{
	u8 a[ETH_ALEN];

	dhy_addr(a, id);
	return loom_dhy_heard(t, a, now);
}

static int dhy_sample(struct loom_dhy_table *t, u32 id, u64 rtt, u64 now)
{
	u8 a[ETH_ALEN];

	dhy_addr(a, id);
	return loom_dhy_link_sample(t, a, rtt, now);
}

/* A neighbour heard and sampled: link delay rtt / 2. */
static void dhy_link(struct kunit *test, struct loom_dhy_table *t, u32 id,
		     u64 rtt, u64 now)
{
	KUNIT_ASSERT_GE(test, dhy_heard(t, id, now), 0);
	KUNIT_ASSERT_EQ(test, dhy_sample(t, id, rtt, now), 0);
}

static int dhy_adv(struct loom_dhy_table *t, u32 from, u32 dest, u32 delay,
		   u8 hops, u64 now)
{
	struct loom_dhy_adv_entry e;
	u8 a[ETH_ALEN];

	dhy_addr(a, from);
	dhy_addr(e.dest, dest);
	e.delay_us = delay;
	e.hops = hops;
	return loom_dhy_adv_rx(t, a, &e, 1, now);
}

/* Everything loom_dhy_pull() hands out at @now, batches of up to @cap. */
static void dhy_drain_cap(struct kunit *test, struct loom_dhy_table *t,
			  u64 now, u16 cap)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_batch b = { .cap = cap, .e = x->e };
	int k, i;

	x->nout = 0;
	x->frames = 0;
	while ((k = loom_dhy_pull(t, now, &b)) > 0) {
		KUNIT_ASSERT_EQ(test, k, b.count);
		for (i = 0; i < k; i++) {
			KUNIT_ASSERT_LT(test, x->nout, DHY_OUT_MAX);
			x->out[x->nout].to = dhy_id(b.to);
			x->out[x->nout].frame = x->frames;
			x->out[x->nout].e = b.e[i];
			x->nout++;
		}
		x->frames++;
	}
	KUNIT_ASSERT_EQ(test, k, 0);
}

/* Drain once the hold is over. */
static void dhy_drain(struct kunit *test, struct loom_dhy_table *t, u64 now)
{
	dhy_drain_cap(test, t, now + t->cfg.hold_ns, 64);
}

static const struct loom_dhy_adv_entry *dhy_got(struct kunit *test, u32 to,
						u32 dest)
{
	struct dhy_ctx *x = test->priv;
	const struct loom_dhy_adv_entry *found = NULL;
	u32 i, n = 0;

	for (i = 0; i < x->nout; i++) {
		if (x->out[i].to == to && dhy_id(x->out[i].e.dest) == dest) {
			found = &x->out[i].e;
			n++;
		}
	}
	KUNIT_EXPECT_LE_MSG(test, n, 1U, "%u entries for %u to %u", n, dest, to);
	return found;
}

static u32 dhy_nto(struct kunit *test, u32 to)
{
	struct dhy_ctx *x = test->priv;
	u32 i, n = 0;

	for (i = 0; i < x->nout; i++)
		n += x->out[i].to == to;
	return n;
}

/* The entry to @to about @dest is (@delay, @hops). */
static void dhy_expect(struct kunit *test, u32 to, u32 dest, u32 delay,
		       u8 hops)
{
	const struct loom_dhy_adv_entry *e = dhy_got(test, to, dest);

	KUNIT_EXPECT_TRUE_MSG(test, e, "no entry for %u to %u", dest, to);
	if (!e)
		return;
	KUNIT_EXPECT_EQ_MSG(test, e->delay_us, delay, "%u to %u", dest, to);
	KUNIT_EXPECT_EQ_MSG(test, e->hops, hops, "%u to %u", dest, to);
}

static void dhy_expect_none(struct kunit *test, u32 to, u32 dest)
{
	KUNIT_EXPECT_FALSE_MSG(test, dhy_got(test, to, dest),
			       "unexpected entry for %u to %u", dest, to);
}

/* The best route to @dest: next hop id, delay, hops; via 0: no route. */
static void dhy_route(struct kunit *test, struct loom_dhy_table *t, u32 dest,
		      u32 via, u32 delay, u8 hops)
{
	struct loom_dhy_hop h;
	u8 a[ETH_ALEN];
	int ret;

	dhy_addr(a, dest);
	ret = loom_dhy_lookup(t, a, &h);
	if (!via) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOENT, "route to %u", dest);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "no route to %u", dest);
	if (ret)
		return;
	KUNIT_EXPECT_EQ_MSG(test, dhy_id(h.via), via, "to %u", dest);
	KUNIT_EXPECT_EQ_MSG(test, h.delay_us, delay, "to %u", dest);
	KUNIT_EXPECT_EQ_MSG(test, h.hops, hops, "to %u", dest);
}

static u64 dhy_drops(struct loom_dhy_table *t, enum loom_dhy_drop r)
{
	struct loom_dhy_stats s;

	loom_dhy_stats(t, &s);
	return s.drops[r];
}

static u64 dhy_events(struct loom_dhy_table *t, enum loom_dhy_event e)
{
	struct loom_dhy_stats s;

	loom_dhy_stats(t, &s);
	return s.events[e];
}

static int dhy_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct dhy_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void dhy_exit(struct kunit *test)
{
	struct dhy_ctx *x = test->priv;
	int i;

	for (i = 0; i < x->n; i++)
		loom_dhy_table_free(x->tab[i]);
}

/* Break parameter @i of a valid configuration; its name, NULL past the last. */
static const char *dhy_break(struct loom_dhy_config *c, unsigned int i)
{
	switch (i) {
	case 0:
		c->beacon_ns = 0;
		return "beacon_ns";
	case 1:
		c->silence_ns = c->beacon_ns - 1;
		return "silence_ns";
	case 2:
		c->depreciate_ns = 0;
		return "depreciate_ns";
	case 3:
		c->refresh_ns = 0;
		return "refresh_ns";
	case 4:
		c->expire_ns = c->refresh_ns;
		return "expire_ns";
	case 5:
		c->hold_ns = c->refresh_ns;
		return "hold_ns";
	case 6:
		c->tol_shift = 32;
		return "tol_shift";
	case 7:
		c->max_dests = 0;
		return "max_dests";
	case 8:
		c->max_dests = LOOM_DHY_DESTS_LIMIT + 1;
		c->max_routes = U16_MAX;
		return "max_dests";
	case 9:
		c->max_routes = c->max_dests - 1;
		return "max_routes";
	case 10:
		c->policy = __LOOM_DHY_BEST_MAX;
		return "policy";
	case 11:
		c->horizon = __LOOM_DHY_HORIZON_MAX;
		return "horizon";
	}
	return NULL;
}

/* Defaults are valid; each bad parameter is refused by name. */
static void dhy_config(struct kunit *test)
{
	struct loom_dhy_config c = dhy_cfg();
	u8 mc[ETH_ALEN] = { 0x01, 0, 0x5e, 0, 0, 1 }, self[ETH_ALEN];
	const char *field = "x", *name;
	struct loom_dhy_table *t;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, loom_dhy_config_check(&c, &field), 0);
	KUNIT_EXPECT_TRUE(test, !field);
	KUNIT_EXPECT_EQ(test, c.beacon_ns, 1000 * MS);
	KUNIT_EXPECT_EQ(test, c.silence_ns, 3000 * MS);
	KUNIT_EXPECT_EQ(test, c.depreciate_ns, 1000 * MS);
	KUNIT_EXPECT_EQ(test, c.refresh_ns, 2000 * MS);
	KUNIT_EXPECT_EQ(test, c.expire_ns, 7000 * MS);
	KUNIT_EXPECT_EQ(test, c.hold_ns, 10 * MS);
	KUNIT_EXPECT_EQ(test, c.tol_min_us, 1000U);
	KUNIT_EXPECT_EQ(test, c.tol_shift, 3);
	KUNIT_EXPECT_EQ(test, c.policy, LOOM_DHY_BEST_HOPS);
	KUNIT_EXPECT_EQ(test, c.horizon, LOOM_DHY_HORIZON_POISON);
	dhy_addr(self, A);
	for (i = 0; ; i++) {
		c = dhy_cfg();
		name = dhy_break(&c, i);
		if (!name)
			break;
		field = NULL;
		KUNIT_EXPECT_EQ(test, loom_dhy_config_check(&c, &field), -EINVAL);
		KUNIT_EXPECT_STREQ(test, field ? field : "(none)", name);
		field = NULL;
		t = loom_dhy_table_alloc(self, &c, &field);
		KUNIT_EXPECT_EQ(test, PTR_ERR(t), (long)-EINVAL);
		KUNIT_EXPECT_STREQ(test, field ? field : "(none)", name);
	}
	KUNIT_EXPECT_EQ(test, i, 12U);
	c = dhy_cfg();
	t = loom_dhy_table_alloc(mc, &c, &field);
	KUNIT_EXPECT_EQ(test, PTR_ERR(t), (long)-EINVAL);
	KUNIT_EXPECT_STREQ(test, field, "self");
}

/* A beacon makes its sender a neighbour, without a route yet. */
static void dhy_beacon(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	u8 bc[ETH_ALEN], zero[ETH_ALEN] = { 0 }, self[ETH_ALEN];
	struct loom_dhy_stats s;

	eth_broadcast_addr(bc);
	dhy_addr(self, A);
	KUNIT_EXPECT_EQ(test, dhy_heard(t, B, 0), 1);
	KUNIT_EXPECT_EQ(test, dhy_heard(t, B, 10 * MS), 0);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.nbrs, 1U);
	KUNIT_EXPECT_EQ(test, s.dests, 0U);
	KUNIT_EXPECT_EQ(test, loom_dhy_known(t), 1U);
	dhy_route(test, t, B, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_NO_ROUTE), 1ULL);

	KUNIT_EXPECT_EQ(test, loom_dhy_heard(t, bc, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_dhy_heard(t, zero, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_BAD_ADDR), 2ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_heard(t, self, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_SELF), 1ULL);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.nbrs, 1U);
}

static int dhy_nbr_cb(const struct loom_dhy_nbr_info *ni, void *arg)
{
	*(struct loom_dhy_nbr_info *)arg = *ni;
	return 0;
}

/*
 * An acknowledgment gives the RTT; link delay RTT/2, smoothed with gain
 * 1/8; the direct route goes through the neighbour itself.
 */
static void dhy_rtt(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_cursor c = { };
	struct loom_dhy_nbr_info ni;
	int i;

	dhy_heard(t, B, 0);
	KUNIT_EXPECT_EQ(test, dhy_sample(t, B, 10 * MS, 1 * S), 0);
	dhy_route(test, t, B, B, 5000, 1);
	KUNIT_EXPECT_EQ(test, loom_dhy_dump_nbrs(t, 1500 * MS, &c, dhy_nbr_cb,
						 &ni), 0);
	KUNIT_EXPECT_TRUE(test, c.done);
	KUNIT_EXPECT_EQ(test, dhy_id(ni.addr), (u32)B);
	KUNIT_EXPECT_TRUE(test, ni.linked);
	KUNIT_EXPECT_EQ(test, ni.srtt_ns, 10 * MS);
	KUNIT_EXPECT_EQ(test, ni.link_us, 5000U);
	KUNIT_EXPECT_EQ(test, ni.age_ns, 500 * MS);

	/* srtt = 10 - 10/8 + 18/8 = 11 ms: link 5.5 ms */
	dhy_sample(t, B, 18 * MS, 2 * S);
	dhy_route(test, t, B, B, 5500, 1);
	/* The estimate follows a step to 20 ms geometrically (7/8 a sample). */
	for (i = 0; i < 40; i++)
		dhy_sample(t, B, 20 * MS, 2 * S);
	memset(&c, 0, sizeof(c));
	loom_dhy_dump_nbrs(t, 2 * S, &c, dhy_nbr_cb, &ni);
	KUNIT_EXPECT_LT(test, ni.srtt_ns, 20 * MS);
	KUNIT_EXPECT_GT(test, ni.srtt_ns, 20 * MS - 9 * MS / 200);

	KUNIT_EXPECT_EQ(test, dhy_sample(t, B, 0, 2 * S), -EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_sample(t, B, LOOM_DHY_RTT_MAX_NS + 1, 2 * S),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_RTT_BAD), 2ULL);
	/* An acknowledgment from a node never heard makes it a neighbour. */
	KUNIT_EXPECT_EQ(test, dhy_sample(t, C, 2 * MS, 2 * S), 0);
	dhy_route(test, t, C, C, 1000, 1);
	/* Sub-microsecond delays round up to 1 us, never 0. */
	KUNIT_EXPECT_EQ(test, dhy_sample(t, D, 1, 2 * S), 0);
	dhy_route(test, t, D, D, 1, 1);
}

/* An advertisement adds (destination, via, advertised + link, hops + 1). */
static void dhy_adv_route(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_stats s;

	dhy_link(test, t, B, 10 * MS, 0);
	KUNIT_EXPECT_EQ(test, dhy_adv(t, B, C, 7000, 1, 0), 0);
	dhy_route(test, t, C, B, 12000, 2);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 2U);
	KUNIT_EXPECT_EQ(test, s.routes, 2U);
	/* The same entry again changes nothing; a new one replaces it. */
	dhy_adv(t, B, C, 7000, 1, 100 * MS);
	dhy_adv(t, B, C, 9000, 1, 200 * MS);
	dhy_route(test, t, C, B, 14000, 2);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.routes, 2U);
	KUNIT_EXPECT_EQ(test, s.events[LOOM_DHY_EV_ADV_RX], 3ULL);
}

/* Fewest hops first, then lowest delay (the default). */
static void dhy_best_hops(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 10 * MS, 0);	/* link 5000 */
	dhy_link(test, t, C, 2 * MS, 0);	/* link 1000 */
	dhy_adv(t, B, D, 45000, 1, 0);		/* via B: 50000, 2 hops */
	dhy_adv(t, C, D, 1000, 2, 0);		/* via C: 2000, 3 hops */
	dhy_route(test, t, D, B, 50000, 2);
	dhy_adv(t, C, D, 1000, 1, 0);		/* via C: 2000, 2 hops */
	dhy_route(test, t, D, C, 2000, 2);
}

/* Lowest delay only, when the table is set so (the text's rule). */
static void dhy_best_delay(struct kunit *test)
{
	struct loom_dhy_config c = dhy_cfg();
	struct loom_dhy_table *t;

	c.policy = LOOM_DHY_BEST_DELAY;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 10 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, D, 45000, 1, 0);
	dhy_adv(t, C, D, 1000, 2, 0);
	dhy_route(test, t, D, C, 2000, 3);
	/* Equal delays: fewer hops. */
	dhy_adv(t, B, D, 0 + 1, 1, 0);		/* via B: 5001, 2 hops */
	dhy_adv(t, C, D, 4001, 4, 0);		/* via C: 5001, 5 hops */
	dhy_route(test, t, D, B, 5001, 2);
}

/* The best route stays while another is better by no more than the tolerance. */
static void dhy_hysteresis(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 10 * MS, 0);
	dhy_link(test, t, C, 10 * MS, 0);
	dhy_adv(t, B, D, 10000, 1, 0);		/* via B: 15000 */
	dhy_adv(t, C, D, 10500, 1, 0);		/* via C: 15500 */
	dhy_route(test, t, D, B, 15000, 2);
	/* via C: 14500, better by 500 < tol(14500) = 1812: B stays */
	dhy_adv(t, C, D, 9500, 1, 0);
	dhy_route(test, t, D, B, 15000, 2);
	/* via C: 13000, better by 2000 > tol(13000) = 1625: C */
	dhy_adv(t, C, D, 8000, 1, 0);
	dhy_route(test, t, D, C, 13000, 2);
	/* Fewer hops always win, however close. */
	dhy_adv(t, B, D, 8100, 0 + 1, 0);
	dhy_adv(t, C, D, 8000, 2, 0);
	dhy_route(test, t, D, B, 13100, 2);
}

/*
 * A change of the best route goes to every neighbour but the destination
 * (and, split horizon, not to the route's next hop).
 */
static void dhy_sync(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_link(test, t, D, 2 * MS, 0);
	dhy_drain(test, t, 0);
	dhy_expect(test, B, C, 1000, 1);
	dhy_expect(test, B, D, 1000, 1);
	dhy_expect(test, C, B, 1000, 1);
	dhy_expect(test, C, D, 1000, 1);
	dhy_expect(test, D, B, 1000, 1);
	dhy_expect(test, D, C, 1000, 1);
	dhy_expect_none(test, B, B);
	dhy_expect_none(test, C, C);
	dhy_expect_none(test, D, D);
	KUNIT_EXPECT_EQ(test, dhy_nto(test, B), 2U);

	dhy_adv(t, B, E, 1000, 1, 100 * MS);
	dhy_drain(test, t, 100 * MS);
	dhy_expect(test, C, E, 2000, 2);
	dhy_expect(test, D, E, 2000, 2);
	dhy_expect_none(test, B, E);
	KUNIT_EXPECT_EQ(test, ((struct dhy_ctx *)test->priv)->nout, 2U);
	/* Nothing changed, nothing to send. */
	dhy_adv(t, B, E, 1000, 1, 200 * MS);
	dhy_drain(test, t, 200 * MS);
	KUNIT_EXPECT_EQ(test, ((struct dhy_ctx *)test->priv)->nout, 0U);
}

/* Refreshes, too, never advertise a route back through its next hop. */
static void dhy_split_horizon(struct kunit *test)
{
	struct loom_dhy_config c = dhy_cfg();
	struct loom_dhy_table *t;

	c.horizon = LOOM_DHY_HORIZON_SPLIT;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);
	dhy_drain(test, t, 0);
	dhy_expect_none(test, B, E);
	dhy_expect(test, C, E, 2000, 2);
	dhy_heard(t, B, 2 * S);
	dhy_heard(t, C, 2 * S);
	loom_dhy_tick(t, 2 * S);
	dhy_drain(test, t, 2 * S);
	dhy_expect(test, B, C, 1000, 1);
	dhy_expect(test, C, B, 1000, 1);
	dhy_expect(test, C, E, 2000, 2);
	dhy_expect_none(test, B, E);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_POISON_TX), 0ULL);

	/* Without split horizon the route goes back (tests of the guard). */
	c.horizon = LOOM_DHY_HORIZON_NONE;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);
	dhy_drain(test, t, 0);
	dhy_expect(test, B, E, 2000, 2);
}

/*
 * Triggered poisoned reverse: when the best route moves to a new next hop,
 * that next hop hears "unreachable" once, then nothing (split horizon).
 */
static void dhy_poison(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 5000, 1, 0);
	dhy_drain(test, t, 0);
	dhy_expect(test, C, E, 6000, 2);
	dhy_expect_none(test, B, E);

	dhy_adv(t, C, E, 1000, 1, 100 * MS);	/* via C: 2000 */
	dhy_route(test, t, E, C, 2000, 2);
	dhy_drain(test, t, 100 * MS);
	dhy_expect(test, C, E, INF, LOOM_DHY_HOPS_MAX);
	dhy_expect(test, B, E, 2000, 2);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_POISON_TX), 1ULL);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_BEST_CHANGED), 1ULL);

	dhy_heard(t, B, 2 * S);
	dhy_heard(t, C, 2 * S);
	loom_dhy_tick(t, 2 * S);
	dhy_drain(test, t, 2 * S);
	dhy_expect_none(test, C, E);
	dhy_expect(test, B, E, 2000, 2);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_POISON_TX), 1ULL);
}

/*
 * A destination not advertised for 2000 ms is advertised again, and with
 * it every destination not advertised for 1000 ms.
 */
static void dhy_refresh(struct kunit *test)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	u64 hold = t->cfg.hold_ns;

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_drain(test, t, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 2 * S);
	dhy_adv(t, B, E, 1000, 1, 500 * MS);	/* advertised at 0.5 s */
	dhy_heard(t, C, 500 * MS);
	dhy_drain(test, t, 500 * MS);
	dhy_adv(t, B, F, 1000, 1, 1600 * MS);	/* advertised at 1.6 s */
	dhy_heard(t, C, 1600 * MS);
	dhy_drain(test, t, 1600 * MS);
	KUNIT_EXPECT_EQ(test, x->nout, 1U);

	loom_dhy_tick(t, 2 * S - 1);
	dhy_drain(test, t, 2 * S - 1);
	KUNIT_EXPECT_EQ(test, x->nout, 0U);
	loom_dhy_tick(t, 2 * S);
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 2 * S + hold);
	dhy_drain_cap(test, t, 2 * S + hold - 1, 64);
	KUNIT_EXPECT_EQ(test, x->nout, 0U);
	dhy_drain(test, t, 2 * S);
	dhy_expect(test, B, C, 1000, 1);
	dhy_expect(test, C, B, 1000, 1);
	dhy_expect(test, C, E, 2000, 2);	/* 1.5 s old: shares the frame */
	dhy_expect_none(test, C, F);		/* 0.4 s old: waits */
	KUNIT_EXPECT_EQ(test, x->frames, 2U);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_REFRESH), 3ULL);
	/* F's 2000 ms end at 3.6 s; everything 1.6 s old joins it. */
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 3600 * MS);
	dhy_heard(t, B, 3 * S);
	dhy_heard(t, C, 3 * S);
	loom_dhy_tick(t, 3600 * MS);
	dhy_drain(test, t, 3600 * MS);
	dhy_expect(test, C, F, 2000, 2);
	dhy_expect(test, C, E, 2000, 2);
	dhy_expect(test, B, C, 1000, 1);
	dhy_expect(test, C, B, 1000, 1);
	KUNIT_EXPECT_EQ(test, x->nout, 4U);
}

/*
 * Delay drifts below the tolerance are not advertised; once their sum since
 * the last advertised value exceeds max(1 ms, 12.5 %), the current value is.
 */
static void dhy_drift(struct kunit *test)
{
	static const u32 link[] = { 10625, 11172, 11651, 12070, 12436, 12757,
				    13037, 13282 };
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	unsigned int i;

	dhy_link(test, t, B, 20 * MS, 0);	/* link 10000 */
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 10000, 1, 0);		/* via B: 20000 */
	dhy_drain(test, t, 0);
	dhy_expect(test, C, E, 20000, 2);
	dhy_expect(test, C, B, 10000, 1);
	for (i = 0; i < ARRAY_SIZE(link); i++) {
		u64 now = (i + 1) * 100 * MS;

		dhy_sample(t, B, 30 * MS, now);
		dhy_route(test, t, B, B, link[i], 1);
		dhy_route(test, t, E, B, 10000 + link[i], 2);
		dhy_drain(test, t, now);
		/* B: 10000 -> 11651 (3rd) -> 13282 (8th); E: 20000 -> 22757 (6th) */
		if (i == 2 || i == 7)
			dhy_expect(test, C, B, link[i], 1);
		else
			dhy_expect_none(test, C, B);
		if (i == 5)
			dhy_expect(test, C, E, 10000 + link[i], 2);
		else
			dhy_expect_none(test, C, E);
		KUNIT_EXPECT_EQ(test, x->nout, (i == 2 || i == 5 || i == 7) ? 1U : 0U);
	}
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_SUPPRESSED), 13ULL);
}

/*
 * An advertisement whose hop count, plus ours, exceeds the nodes we know is
 * a ghost: dropped, counted, and the route through its sender goes.
 */
static void dhy_ghost(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_stats s;

	dhy_link(test, t, B, 2 * MS, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_known(t), 1U);
	dhy_adv(t, B, C, 1000, 1, 0);		/* 2 hops, knowing B and C */
	dhy_route(test, t, C, B, 2000, 2);
	dhy_adv(t, B, D, 1000, 3, 0);		/* 4 hops, knowing B, C, D */
	dhy_route(test, t, D, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_GHOST), 1ULL);
	dhy_adv(t, B, D, 1000, 2, 0);		/* 3 hops: fine */
	dhy_route(test, t, D, B, 2000, 3);
	dhy_adv(t, B, C, 1000, 3, 0);		/* 4 hops, 3 known: ghost */
	dhy_route(test, t, C, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_GHOST), 2ULL);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 2U);
	KUNIT_EXPECT_EQ(test, loom_dhy_known(t), 2U);
}

/*
 * An "unreachable" entry withdraws the route; a destination left without
 * one is advertised unreachable (delay all ones) to every neighbour, then
 * forgotten.
 */
static void dhy_withdraw(struct kunit *test)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_stats s;

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);
	dhy_adv(t, C, F, 1000, 1, 0);
	dhy_adv(t, B, F, 3000, 1, 0);
	dhy_drain(test, t, 0);

	dhy_adv(t, B, E, INF, LOOM_DHY_HOPS_MAX, 100 * MS);
	dhy_route(test, t, E, 0, 0, 0);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 3U);
	dhy_drain(test, t, 100 * MS);
	dhy_expect(test, B, E, INF, LOOM_DHY_HOPS_MAX);
	dhy_expect(test, C, E, INF, LOOM_DHY_HOPS_MAX);
	KUNIT_EXPECT_EQ(test, x->nout, 2U);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_DEST_DEL), 1ULL);
	/* A withdrawal of an unknown route changes nothing. */
	dhy_adv(t, B, G, INF, LOOM_DHY_HOPS_MAX, 100 * MS);
	dhy_drain(test, t, 100 * MS);
	KUNIT_EXPECT_EQ(test, x->nout, 0U);

	/* F loses its route via C and falls back to B's. */
	dhy_adv(t, C, F, INF, LOOM_DHY_HOPS_MAX, 200 * MS);
	dhy_route(test, t, F, B, 4000, 2);
	dhy_drain(test, t, 200 * MS);
	dhy_expect(test, C, F, 4000, 2);
	dhy_expect(test, B, F, INF, LOOM_DHY_HOPS_MAX);	/* poisoned reverse */
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 3U);
	KUNIT_EXPECT_EQ(test, s.events[LOOM_DHY_EV_WITHDRAW_RX], 3ULL);

	/* Withdrawn, then offered again before the withdrawal went out. */
	dhy_adv(t, B, G, 1000, 1, 300 * MS);
	dhy_drain(test, t, 300 * MS);
	dhy_adv(t, B, G, INF, LOOM_DHY_HOPS_MAX, 400 * MS);
	dhy_route(test, t, G, 0, 0, 0);
	dhy_adv(t, C, G, 2000, 1, 401 * MS);
	dhy_route(test, t, G, C, 3000, 2);
	dhy_drain(test, t, 401 * MS);
	dhy_expect(test, B, G, 3000, 2);
	dhy_expect_none(test, C, G);
	KUNIT_EXPECT_EQ(test, x->nout, 1U);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 4U);
}

/**
 * struct dhy_rinfo - routes collected from a dump
 * @n: routes in @r
 * @limit: the callback says "full" once @n reaches it
 * @r: the routes
 */
struct dhy_rinfo {
	u32 n, limit;
	struct loom_dhy_route_info r[64];
};

static int dhy_route_cb(const struct loom_dhy_route_info *ri, void *arg)
{
	struct dhy_rinfo *o = arg;

	if (o->n >= o->limit || o->n >= ARRAY_SIZE(o->r))
		return -EMSGSIZE;
	o->r[o->n++] = *ri;
	return 0;
}

/* The route to @dest through @via, from a full dump; NULL if none. */
static const struct loom_dhy_route_info *dhy_dumped(struct dhy_rinfo *o,
						    u32 dest, u32 via)
{
	u32 i;

	for (i = 0; i < o->n; i++)
		if (dhy_id(o->r[i].dest) == dest && dhy_id(o->r[i].via) == via)
			return &o->r[i];
	return NULL;
}

static void dhy_dump_all(struct kunit *test, struct loom_dhy_table *t,
			 u64 now, struct dhy_rinfo *o)
{
	struct loom_dhy_cursor c = { };

	o->n = 0;
	o->limit = ARRAY_SIZE(o->r);
	KUNIT_EXPECT_EQ(test, loom_dhy_dump_routes(t, now, &c, dhy_route_cb, o),
			0);
	KUNIT_EXPECT_TRUE(test, c.done);
}

/*
 * Depreciation, to the nanosecond: B is last heard at 0; at 3 s, 4 s, ...
 * every route through it doubles and is advertised; a route goes (final
 * "unreachable") at the step whose doubling would pass LOOM_DHY_DELAY_MAX:
 * E (4000 us) at step 20 (23 s), B itself (1000 us) at step 22 (25 s).
 */
static void dhy_depreciation(struct kunit *test)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct dhy_rinfo *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	u64 sec;

	KUNIT_ASSERT_NOT_NULL(test, o);
	dhy_link(test, t, B, 2 * MS, 0);	/* link 1000 */
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 3000, 1, 0);		/* via B: 4000 */
	dhy_drain(test, t, 0);
	for (sec = 1; sec <= 26; sec++) {
		u64 now = sec * S;
		u32 step = sec >= 3 ? sec - 3 : 0;

		dhy_heard(t, C, now);
		loom_dhy_tick(t, now - 1);		/* nothing falls due early */
		if (sec >= 4 && sec <= 23)
			dhy_route(test, t, E, B, 4000U << step, 2);
		loom_dhy_tick(t, now);
		dhy_drain(test, t, now);
		if (sec < 3) {
			dhy_route(test, t, B, B, 1000, 1);
			dhy_route(test, t, E, B, 4000, 2);
			continue;
		}
		if (sec < 23) {
			dhy_route(test, t, E, B, 4000U << (step + 1), 2);
			dhy_expect(test, C, E, 4000U << (step + 1), 2);
		} else if (sec == 23) {
			dhy_route(test, t, E, 0, 0, 0);
			dhy_expect(test, C, E, INF, LOOM_DHY_HOPS_MAX);
		} else {
			dhy_expect_none(test, C, E);
		}
		if (sec < 25) {
			dhy_route(test, t, B, B, 1000U << (step + 1), 1);
			dhy_expect(test, C, B, 1000U << (step + 1), 1);
		} else if (sec == 25) {
			dhy_route(test, t, B, 0, 0, 0);
			dhy_expect(test, C, B, INF, LOOM_DHY_HOPS_MAX);
		} else {
			dhy_expect_none(test, C, B);
		}
		if (sec == 22) {
			dhy_dump_all(test, t, now, o);
			KUNIT_EXPECT_TRUE(test, dhy_dumped(o, B, B));
			KUNIT_EXPECT_TRUE(test, dhy_dumped(o, E, B));
		}
	}
	dhy_dump_all(test, t, 26 * S, o);
	KUNIT_EXPECT_EQ(test, o->n, 1U);	/* C, direct */
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_NBR_DEL), 1ULL);
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_DEPRECIATED), 23ULL);
	KUNIT_EXPECT_EQ(test, x->nout, 0U);

	/* A late tick applies every step that fell due, as one change. */
	t = dhy_new(test, A, NULL);
	dhy_link(test, t, B, 2 * MS, 0);
	loom_dhy_tick(t, 10 * S);		/* steps 0..7 */
	dhy_route(test, t, B, B, 1000 << 8, 1);
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 11 * S);
	loom_dhy_tick(t, 11 * S - 1);
	dhy_route(test, t, B, B, 1000 << 8, 1);
}

/*
 * A silent neighbour heard again gets its delays back (the doubling was a
 * penalty for silence) and everything advertised.
 */
static void dhy_revive(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 3000, 1, 0);
	dhy_drain(test, t, 0);
	dhy_heard(t, C, 5 * S);
	loom_dhy_tick(t, 5 * S);		/* B: steps 0, 1, 2 */
	dhy_route(test, t, E, B, 32000, 2);
	dhy_drain(test, t, 5 * S);
	KUNIT_EXPECT_EQ(test, dhy_heard(t, B, 5500 * MS), 0);
	dhy_route(test, t, B, B, 1000, 1);
	dhy_route(test, t, E, B, 4000, 2);
	dhy_drain(test, t, 5500 * MS);
	dhy_expect(test, C, B, 1000, 1);
	dhy_expect(test, C, E, 4000, 2);
	dhy_expect(test, B, C, 1000, 1);	/* B gets the table again */
	/*
	 * B's next step was due at 6 s; a deadline that comes early is
	 * harmless: the tick finds nothing, and the next one is C's refresh.
	 */
	KUNIT_EXPECT_LE(test, loom_dhy_next_deadline(t), 6 * S);
	loom_dhy_tick(t, 6 * S);
	dhy_route(test, t, E, B, 4000, 2);
	dhy_drain(test, t, 6 * S);
	KUNIT_EXPECT_EQ(test, ((struct dhy_ctx *)test->priv)->nout, 0U);
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 7 * S);
}

/*
 * A route through a silent neighbour gives way to one through a heard
 * neighbour, more hops or not, once its doubled delay is the higher.
 */
static void dhy_silent_last(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);		/* via B: 2000, 2 hops */
	dhy_adv(t, C, E, 4000, 2, 0);		/* via C: 5000, 3 hops */
	dhy_route(test, t, E, B, 2000, 2);
	dhy_drain(test, t, 0);
	dhy_heard(t, C, 2 * S);
	dhy_adv(t, C, E, 4000, 2, 2 * S);
	dhy_heard(t, C, 3 * S);
	loom_dhy_tick(t, 3 * S);		/* B silent: 4000 < 5000, stays */
	dhy_route(test, t, E, B, 4000, 2);
	dhy_heard(t, C, 4 * S);
	loom_dhy_tick(t, 4 * S);		/* 8000 > 5000: C */
	dhy_route(test, t, E, C, 5000, 3);
	dhy_drain(test, t, 4 * S);
	dhy_expect(test, B, E, 5000, 3);
	dhy_expect(test, C, E, INF, LOOM_DHY_HOPS_MAX);

	/* Two silent routes: the policy decides between them. */
	t = dhy_new(test, A, NULL);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 2, 0);
	dhy_adv(t, C, E, 9000, 1, 0);
	loom_dhy_tick(t, 3 * S);
	dhy_route(test, t, E, C, 20000, 2);
}

/*
 * A neighbour the link layer gave up on is silent from then: its first
 * doubling is due at once, not after the silence threshold, and a frame
 * from it forgives it.
 */
static int dhy_lost(struct loom_dhy_table *t, u32 id, u64 now)
{
	u8 a[ETH_ALEN];

	dhy_addr(a, id);
	return loom_dhy_nbr_lost(t, a, now);
}

static void dhy_nbr_lost(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);		/* via B: 2000, 2 hops */
	dhy_adv(t, C, E, 1500, 1, 0);		/* via C: 2500, 2 hops */
	dhy_route(test, t, E, B, 2000, 2);
	KUNIT_EXPECT_EQ(test, dhy_lost(t, F, S), -ENOENT);
	loom_dhy_tick(t, S);
	dhy_route(test, t, E, B, 2000, 2);	/* heard 1 s ago: not silent */
	KUNIT_EXPECT_EQ(test, dhy_lost(t, B, S), 0);
	KUNIT_EXPECT_LE(test, loom_dhy_next_deadline(t), S);
	loom_dhy_tick(t, S);			/* doubled: 4000 > 2500 */
	dhy_route(test, t, E, C, 2500, 2);
	dhy_route(test, t, B, B, 2000, 1);
	/* Lost once is enough: asking again changes nothing. */
	KUNIT_EXPECT_EQ(test, dhy_lost(t, B, S + 1), 0);
	loom_dhy_tick(t, S + 1);
	dhy_route(test, t, B, B, 2000, 1);
	/*
	 * Heard again: forgiven, its delays undoubled; E stays with C, which
	 * B does not beat by the hysteresis margin (1 ms).
	 */
	KUNIT_EXPECT_EQ(test, dhy_heard(t, B, S + 200 * MS), 0);
	dhy_route(test, t, B, B, 1000, 1);
	dhy_route(test, t, E, C, 2500, 2);
}

/*
 * A learnt route not advertised again within expire_ns (7 s: three
 * refreshes lost, half an interval for lateness) goes; one whose third
 * refresh after two lost ones comes late (6.4 s) stays.
 */
static void dhy_expiry(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	u64 sec;

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);
	dhy_adv(t, B, F, 1000, 1, 0);
	dhy_adv(t, B, G, 1000, 1, 0);
	for (sec = 1; sec <= 12; sec++) {
		dhy_heard(t, B, sec * S);
		if (sec == 4)
			dhy_adv(t, B, F, 1000, 1, 4 * S);
		loom_dhy_tick(t, sec * S - 1);
		if (sec == 7)
			dhy_route(test, t, E, B, 2000, 2);
		loom_dhy_tick(t, sec * S);
		if (sec == 6)
			dhy_adv(t, B, G, 1000, 1, 6 * S + 400 * MS);
		dhy_route(test, t, E, sec < 7 ? B : 0, 2000, 2);
		dhy_route(test, t, F, sec < 11 ? B : 0, 2000, 2);
		dhy_route(test, t, G, B, 2000, 2);
	}
	KUNIT_EXPECT_EQ(test, dhy_events(t, LOOM_DHY_EV_ROUTE_EXPIRED), 2ULL);
	dhy_route(test, t, B, B, 1000, 1);	/* direct routes never expire */
}

/*
 * Changes within hold_ns share a frame; a frame holds up to the caller's
 * capacity, fewest hops first.
 */
static void dhy_batching(struct kunit *test)
{
	struct dhy_ctx *x = test->priv;
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_batch b = { .cap = 8, .e = x->e };
	struct loom_dhy_adv_entry e[3];
	u8 from[ETH_ALEN];
	u32 i;

	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_drain(test, t, 0);
	dhy_addr(from, B);
	dhy_addr(e[0].dest, G);
	e[0].delay_us = 1000;
	e[0].hops = 3;
	dhy_addr(e[1].dest, E);
	e[1].delay_us = 1000;
	e[1].hops = 1;
	dhy_addr(e[2].dest, F);
	e[2].delay_us = 1000;
	e[2].hops = 2;
	/* G first: 4 hops with B, C, G known is a ghost; E and F are fine. */
	loom_dhy_adv_rx(t, from, e, 3, 1 * S);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_GHOST), 1ULL);
	loom_dhy_adv_rx(t, from, e, 1, 1 * S + 3 * MS);	/* G again: fine */
	KUNIT_EXPECT_EQ(test, loom_dhy_pull(t, 1 * S + 9 * MS, &b), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_next_deadline(t), 1 * S + 10 * MS);
	KUNIT_EXPECT_EQ(test, loom_dhy_pull(t, 1 * S + 10 * MS, &b), 3);
	KUNIT_EXPECT_EQ(test, dhy_id(b.to), (u32)C);
	KUNIT_EXPECT_EQ(test, dhy_id(b.e[0].dest), (u32)E);
	KUNIT_EXPECT_EQ(test, dhy_id(b.e[1].dest), (u32)F);
	KUNIT_EXPECT_EQ(test, dhy_id(b.e[2].dest), (u32)G);
	KUNIT_EXPECT_EQ(test, loom_dhy_pull(t, 1 * S + 10 * MS, &b), 0);

	/* Capacity: a refresh of 5 entries to C in frames of 2. */
	dhy_heard(t, B, 2 * S);
	dhy_heard(t, C, 2 * S);
	loom_dhy_tick(t, 3 * S);
	dhy_drain_cap(test, t, 3 * S + 10 * MS, 2);
	KUNIT_EXPECT_EQ(test, dhy_nto(test, C), 4U);	/* B, E, F, G */
	KUNIT_EXPECT_EQ(test, dhy_nto(test, B), 1U);	/* C */
	KUNIT_EXPECT_EQ(test, x->frames, 3U);
	for (i = 0; i + 1 < x->nout; i++)
		if (x->out[i].frame == x->out[i + 1].frame)
			KUNIT_EXPECT_LE(test, x->out[i].e.hops,
					x->out[i + 1].e.hops);
	b.cap = 0;
	KUNIT_EXPECT_EQ(test, loom_dhy_pull(t, 3 * S, &b), -EINVAL);
}

/*
 * A data frame may be forwarded while its hop count is below the known
 * nodes plus ourselves, or a fixed max_hops.
 */
static void dhy_hop_limit(struct kunit *test)
{
	struct loom_dhy_config c = dhy_cfg();
	struct loom_dhy_adv_entry *e;
	struct loom_dhy_table *t;
	u8 from[ETH_ALEN];
	u32 i;

	t = dhy_new(test, A, NULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_hop_limit(t), 1U);
	KUNIT_EXPECT_TRUE(test, loom_dhy_may_forward(t, 0));
	KUNIT_EXPECT_FALSE(test, loom_dhy_may_forward(t, 1));
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, D, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_hop_limit(t), 4U);
	KUNIT_EXPECT_TRUE(test, loom_dhy_may_forward(t, 3));
	KUNIT_EXPECT_FALSE(test, loom_dhy_may_forward(t, 4));
	KUNIT_EXPECT_FALSE(test, loom_dhy_may_forward(t, 1000));
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_HOP_LIMIT), 3ULL);

	c.max_hops = 2;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_adv(t, B, D, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_hop_limit(t), 2U);
	KUNIT_EXPECT_FALSE(test, loom_dhy_may_forward(t, 2));

	/* The derived limit stops at LOOM_DHY_HOPS_MAX. */
	c = dhy_cfg();
	c.max_dests = 300;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 2 * MS, 0);
	e = kunit_kcalloc(test, 280, sizeof(*e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	for (i = 0; i < 280; i++) {
		dhy_addr(e[i].dest, 100 + i);
		e[i].delay_us = 1000;
		e[i].hops = 1;
	}
	dhy_addr(from, B);
	loom_dhy_adv_rx(t, from, e, 280, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_known(t), 281U);
	KUNIT_EXPECT_EQ(test, loom_dhy_hop_limit(t), 255U);
}

/* Bounded: destinations, routes and neighbours; refusals counted. */
static void dhy_limits(struct kunit *test)
{
	struct loom_dhy_config c = dhy_cfg();
	struct loom_dhy_table *t;
	struct loom_dhy_stats s;
	u32 i;

	c.max_dests = 4;
	c.max_routes = 6;
	t = dhy_new(test, A, &c);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	dhy_link(test, t, D, 2 * MS, 0);
	dhy_adv(t, B, E, 1000, 1, 0);		/* 4 destinations, 4 routes */
	dhy_adv(t, B, F, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_DEST_FULL), 1ULL);
	dhy_route(test, t, F, 0, 0, 0);
	dhy_adv(t, C, E, 1000, 1, 0);
	dhy_adv(t, D, E, 1000, 1, 0);		/* 6 routes */
	dhy_adv(t, C, B, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_ROUTE_FULL), 1ULL);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 4U);
	KUNIT_EXPECT_EQ(test, s.routes, 6U);

	t = dhy_new(test, A, NULL);
	for (i = 0; i < LOOM_DHY_MAX_NBRS; i++)
		KUNIT_EXPECT_EQ(test, dhy_heard(t, 100 + i, 0), 1);
	KUNIT_EXPECT_EQ(test, dhy_heard(t, 99, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, dhy_sample(t, 99, 2 * MS, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_NBR_FULL), 2ULL);
	KUNIT_EXPECT_EQ(test, dhy_heard(t, 100, 0), 0);
}

/* Every malformed part of an advertisement is refused and counted by reason. */
static void dhy_bad_adv(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct loom_dhy_adv_entry e[3];
	u8 from[ETH_ALEN], mc[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct loom_dhy_stats s;

	memset(e, 0, sizeof(e));
	dhy_link(test, t, B, 2 * MS, 0);
	KUNIT_EXPECT_EQ(test, dhy_adv(t, C, E, 1000, 1, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_UNKNOWN_NBR), 1ULL);
	KUNIT_EXPECT_EQ(test, dhy_adv(t, A, E, 1000, 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_SELF), 1ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_rx(t, mc, e, 3, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_BAD_ADDR), 3ULL);

	dhy_addr(from, B);
	memcpy(e[0].dest, mc, ETH_ALEN);
	e[0].delay_us = 1000;
	e[0].hops = 1;
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_rx(t, from, e, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_BAD_ADDR), 4ULL);
	dhy_adv(t, B, A, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_ADV_ABOUT_US), 1ULL);
	dhy_adv(t, B, B, 1000, 1, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_ADV_ABOUT_SENDER), 1ULL);
	dhy_adv(t, B, E, 1000, 0, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_ADV_HOPS_ZERO), 1ULL);
	dhy_adv(t, B, E, LOOM_DHY_DELAY_MAX, 1, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_DELAY_OVERFLOW), 1ULL);
	dhy_adv(t, B, E, 1000, 255, 0);
	KUNIT_EXPECT_EQ(test, dhy_drops(t, LOOM_DHY_DROP_GHOST), 1ULL);
	loom_dhy_stats(t, &s);
	KUNIT_EXPECT_EQ(test, s.dests, 1U);
	KUNIT_EXPECT_EQ(test, s.routes, 1U);
	KUNIT_EXPECT_STREQ(test, loom_dhy_drop_name(LOOM_DHY_DROP_GHOST), "ghost");
	KUNIT_EXPECT_STREQ(test, loom_dhy_drop_name(__LOOM_DHY_DROP_MAX), "?");
	KUNIT_EXPECT_STREQ(test, loom_dhy_event_name(LOOM_DHY_EV_REFRESH),
			   "refresh");
}

/*
 * Routes from a neighbour heard but not yet sampled are kept and become
 * usable with its first RTT sample.
 */
static void dhy_unlinked(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct dhy_rinfo *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	const struct loom_dhy_route_info *ri;

	KUNIT_ASSERT_NOT_NULL(test, o);
	dhy_heard(t, B, 0);
	KUNIT_EXPECT_EQ(test, dhy_adv(t, B, C, 1000, 1, 0), 0);
	dhy_route(test, t, C, 0, 0, 0);
	dhy_dump_all(test, t, 0, o);
	ri = dhy_dumped(o, C, B);
	KUNIT_ASSERT_TRUE(test, ri);
	KUNIT_EXPECT_EQ(test, ri->delay_us, INF);
	KUNIT_EXPECT_FALSE(test, ri->best);
	dhy_sample(t, B, 4 * MS, 10 * MS);
	dhy_route(test, t, C, B, 3000, 2);
}

/* Dumps come in parts: every route once, with best flags and ages. */
static void dhy_dump(struct kunit *test)
{
	struct loom_dhy_table *t = dhy_new(test, A, NULL);
	struct dhy_rinfo *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	struct loom_dhy_cursor c = { };
	struct loom_dhy_nbr_info ni;
	u32 i, best = 0, parts = 0;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, o);
	dhy_link(test, t, B, 2 * MS, 0);
	dhy_link(test, t, C, 2 * MS, 0);
	for (i = 0; i < 10; i++) {
		dhy_adv(t, B, 100 + i, 1000, 1, 1 * S);
		dhy_adv(t, C, 100 + i, 1500, 1, 2 * S);
	}
	/* Three at a time: the callback says "full" at the fourth. */
	do {
		o->limit = o->n + 3;
		ret = loom_dhy_dump_routes(t, 5 * S, &c, dhy_route_cb, o);
		parts++;
	} while (ret == -EMSGSIZE && parts < 100);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, c.done);
	KUNIT_EXPECT_EQ(test, o->n, 22U);
	KUNIT_EXPECT_EQ(test, parts, 8U);
	for (i = 0; i < o->n; i++) {
		const struct loom_dhy_route_info *ri = &o->r[i];

		best += ri->best;
		KUNIT_EXPECT_EQ(test, ri->direct, dhy_id(ri->dest) == dhy_id(ri->via));
		if (dhy_id(ri->dest) >= 100) {
			KUNIT_EXPECT_EQ(test, ri->best, dhy_id(ri->via) == B);
			KUNIT_EXPECT_EQ(test, ri->age_ns,
					dhy_id(ri->via) == B ? 4 * S : 3 * S);
		}
		KUNIT_EXPECT_PTR_EQ(test, dhy_dumped(o, dhy_id(ri->dest),
						     dhy_id(ri->via)), ri);
	}
	KUNIT_EXPECT_EQ(test, best, 12U);
	memset(&c, 0, sizeof(c));
	KUNIT_EXPECT_EQ(test, loom_dhy_dump_nbrs(t, 0, &c, dhy_nbr_cb, &ni), 0);
	KUNIT_EXPECT_TRUE(test, c.done);
	KUNIT_EXPECT_EQ(test, loom_dhy_dump_nbrs(t, 0, &c, dhy_nbr_cb, &ni), 0);
}

/**
 * struct dhy_reader - a reader running beside the writer
 * @t: the table
 * @started: the reader runs
 * @loops: rounds of lookups and dumps done
 * @found: lookups that found a route
 * @seen: routes the dumps showed
 * @bad: answers that cannot be (a next hop that was never a neighbour,
 *	a hop count of 0 or too many)
 */
struct dhy_reader {
	struct loom_dhy_table *t;
	struct completion started;
	u32 loops, found, bad;
	u64 seen;
};

#define DHY_RD_DESTS	20

static bool dhy_sane(const u8 *dest, const u8 *via, u8 hops)
{
	u32 v = dhy_id(via);

	return hops && hops <= 8 &&
	       ((v >= B && v <= E) || ether_addr_equal(via, dest));
}

static int dhy_reader_route(const struct loom_dhy_route_info *ri, void *arg)
{
	struct dhy_reader *r = arg;

	r->seen++;
	if (ri->delay_us != LOOM_DHY_DELAY_INFINITE &&
	    !dhy_sane(ri->dest, ri->via, ri->hops))
		r->bad++;
	return 0;
}

static int dhy_reader_nbr(const struct loom_dhy_nbr_info *ni, void *arg)
{
	struct dhy_reader *r = arg;
	u32 id = dhy_id(ni->addr);

	if (id < B || id > E)
		r->bad++;
	return 0;
}

static int dhy_reader_fn(void *arg)
{
	struct dhy_reader *r = arg;

	complete(&r->started);
	do {
		struct loom_dhy_cursor c = { };
		struct loom_dhy_hop h;
		u8 a[ETH_ALEN];
		u32 i;

		for (i = 0; i < DHY_RD_DESTS; i++) {
			dhy_addr(a, 100 + i);
			if (loom_dhy_lookup(r->t, a, &h))
				continue;
			r->found++;
			if (!dhy_sane(a, h.via, h.hops))
				r->bad++;
		}
		loom_dhy_dump_routes(r->t, 0, &c, dhy_reader_route, r);
		memset(&c, 0, sizeof(c));
		loom_dhy_dump_nbrs(r->t, 0, &c, dhy_reader_nbr, r);
		r->loops++;
		cond_resched();
	} while (!kthread_should_stop());
	return 0;
}

/*
 * Readers under RCU beside a writer that adds, changes, withdraws,
 * depreciates and removes routes, destinations and neighbours: every
 * answer is one the table could give, and KASAN, lockdep and kmemleak
 * see nothing.  Short intervals (beacon 50 ms) so that removals are many.
 */
static void dhy_rcu_readers(struct kunit *test)
{
	struct loom_dhy_config c;
	struct dhy_reader rd = { };
	struct task_struct *task;
	struct loom_dhy_table *t;
	struct loom_dhy_stats st;
	u64 now = 0, rng = 42;
	u32 k, muted = 0;

	loom_dhy_config_default(&c, 50 * MS);
	t = dhy_new(test, A, &c);
	rd.t = t;
	init_completion(&rd.started);
	task = kthread_run(dhy_reader_fn, &rd, "loom_dhy_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* The writer starts once the reader runs (bounded wait, no sleep). */
	if (!wait_for_completion_timeout(&rd.started, 10 * HZ)) {
		kthread_stop(task);
		KUNIT_FAIL(test, "reader did not start");
		return;
	}
	for (k = 0; k < 1500; k++) {
		u32 op = loom_rng_next(&rng) % 10;
		u32 nb = B + loom_rng_next(&rng) % 4;
		struct loom_dhy_adv_entry e[5];
		u8 from[ETH_ALEN];
		int i;

		now += 7 * MS;
		if (k % 250 == 0)
			muted = B + loom_rng_next(&rng) % 4;
		if (nb == muted) {
			loom_dhy_tick(t, now);
		} else if (op < 4) {
			for (i = 0; i < 5; i++) {
				dhy_addr(e[i].dest, 100 + loom_rng_next(&rng) % DHY_RD_DESTS);
				e[i].delay_us = loom_rng_next(&rng) % 8 ? 100 +
						loom_rng_next(&rng) % 50000 : INF;
				e[i].hops = 1 + loom_rng_next(&rng) % 4;
			}
			dhy_addr(from, nb);
			loom_dhy_adv_rx(t, from, e, 5, now);
		} else if (op < 7) {
			dhy_sample(t, nb, 1 * MS + loom_rng_next(&rng) % (9 * MS), now);
		} else if (op < 8) {
			dhy_heard(t, nb, now);
		} else {
			loom_dhy_tick(t, now);
		}
		dhy_drain_cap(test, t, now + c.hold_ns, 8);
		cond_resched();
	}
	kthread_stop(task);
	loom_dhy_stats(t, &st);
	kunit_info(test, "reader: %u rounds, %u routes found, %llu dumped; writer: %llu neighbours and %llu routes removed",
		   rd.loops, rd.found, rd.seen, st.events[LOOM_DHY_EV_NBR_DEL],
		   st.events[LOOM_DHY_EV_ROUTE_DEL]);
	KUNIT_EXPECT_GT(test, rd.loops, 0U);
	KUNIT_EXPECT_EQ(test, rd.bad, 0U);
	KUNIT_EXPECT_GT(test, st.events[LOOM_DHY_EV_NBR_DEL], 0ULL);
	KUNIT_EXPECT_GT(test, st.events[LOOM_DHY_EV_ROUTE_DEL], 0ULL);
}

static struct kunit_case dhy_table_cases[] = {
	KUNIT_CASE(dhy_config),
	KUNIT_CASE(dhy_beacon),
	KUNIT_CASE(dhy_rtt),
	KUNIT_CASE(dhy_adv_route),
	KUNIT_CASE(dhy_best_hops),
	KUNIT_CASE(dhy_best_delay),
	KUNIT_CASE(dhy_hysteresis),
	KUNIT_CASE(dhy_sync),
	KUNIT_CASE(dhy_split_horizon),
	KUNIT_CASE(dhy_poison),
	KUNIT_CASE(dhy_refresh),
	KUNIT_CASE(dhy_drift),
	KUNIT_CASE(dhy_ghost),
	KUNIT_CASE(dhy_withdraw),
	KUNIT_CASE(dhy_depreciation),
	KUNIT_CASE(dhy_revive),
	KUNIT_CASE(dhy_silent_last),
	KUNIT_CASE(dhy_nbr_lost),
	KUNIT_CASE(dhy_expiry),
	KUNIT_CASE(dhy_batching),
	KUNIT_CASE(dhy_hop_limit),
	KUNIT_CASE(dhy_limits),
	KUNIT_CASE(dhy_bad_adv),
	KUNIT_CASE(dhy_unlinked),
	KUNIT_CASE(dhy_dump),
	KUNIT_CASE(dhy_rcu_readers),
	{}
};

static struct kunit_suite dhy_table_suite = {
	.name = "loom_dhyara_table",
	.init = dhy_init,
	.exit = dhy_exit,
	.test_cases = dhy_table_cases,
};

kunit_test_suites(&dhy_table_suite);
