// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Loom clock.  Virtual mode: order, ties, cancel, re-arm, the
 * run bound, and determinism (same seed, same trace), injected lateness and
 * the record of lateness.  Real mode: a timer fires on an hrtimer no
 * earlier than asked, and how late it fired is recorded.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/slab.h>

#include "../../kernel/clock.h"

#define LOOM_TRACE_MAX	4096

/**
 * struct loom_tt - a timer that records when it fired
 * @t: the timer
 * @id: its number
 * @trace: shared trace of (time, id)
 * @n: entries in @trace
 * @seed: PRNG state for timers that re-arm at random
 * @rearm: how many more times to re-arm
 */
struct loom_tt {
	struct loom_timer t;
	u32 id;
	u64 *trace;
	u32 *n;
	u32 *seed;
	u32 rearm;
};

static void loom_tt_fire(struct loom_timer *t)
{
	struct loom_tt *tt = container_of(t, struct loom_tt, t);
	u64 now = t->clk->now_ns;	/* BH off, single runner: stable */

	if (*tt->n < LOOM_TRACE_MAX)
		tt->trace[(*tt->n)++] = now << 16 | tt->id;
	if (tt->rearm) {
		tt->rearm--;
		*tt->seed = *tt->seed * 1103515245 + 12345;
		/* Coarse steps, so that ties happen and must break by order. */
		loom_timer_start(t, now + 1000 * ((*tt->seed >> 16) % 8));
	}
}

static void loom_clock_order(struct kunit *test)
{
	static const u64 at[] = { 500, 100, 300, 100, 200, 100 };
	struct loom_clock *clk = kunit_kzalloc(test, sizeof(*clk), GFP_KERNEL);
	struct loom_tt tt[ARRAY_SIZE(at)];
	u64 trace[16];
	u32 n = 0, seed = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, clk);
	loom_clock_init(clk, LOOM_CLOCK_VIRTUAL);
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		tt[i] = (struct loom_tt){ .id = i, .trace = trace, .n = &n,
					  .seed = &seed };
		loom_timer_init(clk, &tt[i].t, loom_tt_fire);
		loom_timer_start(&tt[i].t, at[i]);
	}
	/* Cancel one, move another later. */
	KUNIT_EXPECT_TRUE(test, loom_timer_cancel(&tt[4].t));
	KUNIT_EXPECT_FALSE(test, loom_timer_cancel(&tt[4].t));
	loom_timer_start(&tt[0].t, 600);

	/* Only what is due by 300, ties in start order: 1, 3, 5, then 2. */
	KUNIT_EXPECT_EQ(test, loom_clock_run(clk, 300, 0), 4ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_now(clk), 300ULL);
	KUNIT_ASSERT_EQ(test, n, 4U);
	KUNIT_EXPECT_EQ(test, trace[0], 100ULL << 16 | 1);
	KUNIT_EXPECT_EQ(test, trace[1], 100ULL << 16 | 3);
	KUNIT_EXPECT_EQ(test, trace[2], 100ULL << 16 | 5);
	KUNIT_EXPECT_EQ(test, trace[3], 300ULL << 16 | 2);

	/* The event limit stops early; time stays at the last event. */
	KUNIT_EXPECT_EQ(test, loom_clock_run(clk, 10000, 0), 1ULL);
	KUNIT_EXPECT_EQ(test, trace[4], 600ULL << 16 | 0);
	KUNIT_EXPECT_EQ(test, loom_clock_now(clk), 10000ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&clk->fired), 5LL);
	/* Time never goes back. */
	KUNIT_EXPECT_EQ(test, loom_clock_run(clk, 50, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_now(clk), 10000ULL);
	/* A timer started in the past fires at once, at the current time. */
	loom_timer_start(&tt[4].t, 1);
	KUNIT_EXPECT_EQ(test, loom_clock_run(clk, 10000, 0), 1ULL);
	KUNIT_EXPECT_EQ(test, trace[5], 10000ULL << 16 | 4);
}

/* Run 32 self-re-arming timers from @seed; returns the trace length. */
static u32 loom_clock_trace(struct kunit *test, u32 seed, u64 *trace)
{
	struct loom_tt *tt = kunit_kcalloc(test, 32, sizeof(*tt), GFP_KERNEL);
	struct loom_clock clk;
	u32 n = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, tt);
	loom_clock_init(&clk, LOOM_CLOCK_VIRTUAL);
	for (i = 0; i < 32; i++) {
		tt[i] = (struct loom_tt){ .id = i, .trace = trace, .n = &n,
					  .seed = &seed, .rearm = 100 };
		loom_timer_init(&clk, &tt[i].t, loom_tt_fire);
		seed = seed * 1103515245 + 12345;
		loom_timer_start(&tt[i].t, 1000 * ((seed >> 16) % 8));
	}
	/* In slices, as a simulation driver would. */
	for (i = 1; i <= 100; i++)
		loom_clock_run(&clk, i * 10000ULL, 0);
	loom_clock_run(&clk, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&clk.fired), 32LL * 101);
	return n;
}

static void loom_clock_determinism(struct kunit *test)
{
	u64 *a = kunit_kcalloc(test, LOOM_TRACE_MAX, sizeof(u64), GFP_KERNEL);
	u64 *b = kunit_kcalloc(test, LOOM_TRACE_MAX, sizeof(u64), GFP_KERNEL);
	u32 na, nb, i;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	na = loom_clock_trace(test, 42, a);
	nb = loom_clock_trace(test, 42, b);
	KUNIT_EXPECT_EQ(test, na, nb);
	KUNIT_EXPECT_EQ(test, memcmp(a, b, na * sizeof(u64)), 0);
	/* Time never runs backwards along the trace. */
	for (i = 1; i < na; i++)
		KUNIT_EXPECT_GE(test, a[i] >> 16, a[i - 1] >> 16);
	/* Another seed, another trace. */
	nb = loom_clock_trace(test, 43, b);
	KUNIT_EXPECT_NE(test, memcmp(a, b, min(na, nb) * sizeof(u64)), 0);
}

/* Lateness for the test below: by due time, in microseconds. */
static u64 loom_clock_late_test(void *ctx, u64 due_ns)
{
	u64 *calls = ctx;

	(*calls)++;
	switch (due_ns) {
	case 100000:
		return 50000;	/* due at 100 us, fires at 150 us */
	case 120000:
		return 30000;	/* a stall that ends at 150 us too */
	default:
		return 0;
	}
}

/*
 * Injected lateness: a timer fires, and reads the clock, that much later;
 * two that come due at the same late time fire in the order they were
 * due, whatever order they were started in.  The clock records how late
 * each fired: quantiles are bucket tops, and old firings leave the record.
 */
static void loom_clock_lateness(struct kunit *test)
{
	u64 *trace = kunit_kcalloc(test, LOOM_TRACE_MAX, sizeof(u64),
				   GFP_KERNEL);
	struct loom_tt tt[3];
	struct loom_clock clk;
	u32 n = 0, seed = 0, i;
	u64 calls = 0;

	KUNIT_ASSERT_NOT_NULL(test, trace);
	loom_clock_init(&clk, LOOM_CLOCK_VIRTUAL);
	for (i = 0; i < 3; i++) {
		tt[i] = (struct loom_tt){ .id = i, .trace = trace, .n = &n,
					  .seed = &seed };
		loom_timer_init(&clk, &tt[i].t, loom_tt_fire);
	}
	/* Without injection a virtual clock records nothing, even a timer
	 * started in the past.
	 */
	loom_clock_run(&clk, 1000, 0);
	loom_timer_start(&tt[0].t, 10);
	KUNIT_EXPECT_EQ(test, loom_clock_run(&clk, 1000, 0), 1ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_ns(&clk, 1000), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_max_ns(&clk), 0ULL);

	n = 0;
	loom_clock_set_lateness(&clk, loom_clock_late_test, &calls);
	loom_timer_start(&tt[2].t, 200000);
	loom_timer_start(&tt[1].t, 120000);
	loom_timer_start(&tt[0].t, 100000);
	KUNIT_EXPECT_EQ(test, calls, 3ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_run(&clk, 149999, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_run(&clk, U64_MAX, 0), 3ULL);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, trace[0], 150000ULL << 16 | 0);
	KUNIT_EXPECT_EQ(test, trace[1], 150000ULL << 16 | 1);
	KUNIT_EXPECT_EQ(test, trace[2], 200000ULL << 16 | 2);
	/*
	 * Late by 50, 30 and 0 us.  The maximum is exact; the median (30 us)
	 * reads as the top of its bucket [28672, 32768) ns, the maximum's
	 * bucket [49152, 57344) ns.
	 */
	KUNIT_EXPECT_EQ(test, loom_clock_late_max_ns(&clk), 50000ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_ns(&clk, 500), 32768ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_ns(&clk, 990), 57344ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_ns(&clk, 1000), 57344ULL);
	/* Two halves of punctual firings later, the late ones are gone. */
	for (i = 0; i < 2 * LOOM_CLOCK_LATE_HALF; i++) {
		loom_timer_start(&tt[0].t, 300000 + i);
		loom_clock_run(&clk, U64_MAX, 0);
	}
	KUNIT_EXPECT_EQ(test, loom_clock_late_ns(&clk, 1000), 0ULL);
	KUNIT_EXPECT_EQ(test, loom_clock_late_max_ns(&clk), 50000ULL);
}

static void loom_clock_late_buckets(struct kunit *test)
{
	/* Under 1.024 us is none; then four buckets per doubling. */
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(0), 0U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(1023), 0U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(1024), 1U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(1279), 1U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(1280), 2U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(2047), 4U);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(2048), 5U);
	/* 1 ms: 2^19 + 3 x 2^17 = 917504 <= 10^6 < 2^20. */
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(1000000), 4U * 9 + 4);
	KUNIT_EXPECT_EQ(test, loom_clock_late_bucket(U64_MAX),
			(u32)LOOM_CLOCK_LATE_BUCKETS - 1);
}

/**
 * struct loom_rt - a real-mode timer test
 * @t: the timer
 * @done: completed by the callback
 * @at: clock time the callback saw
 */
struct loom_rt {
	struct loom_timer t;
	struct completion done;
	u64 at;
};

static void loom_rt_fire(struct loom_timer *t)
{
	struct loom_rt *rt = container_of(t, struct loom_rt, t);

	rt->at = loom_clock_now(t->clk);
	complete(&rt->done);
}

static void loom_clock_real(struct kunit *test)
{
	struct loom_clock *clk = kunit_kzalloc(test, sizeof(*clk), GFP_KERNEL);
	struct loom_rt *rt = kunit_kzalloc(test, sizeof(*rt), GFP_KERNEL);
	u64 start;

	KUNIT_ASSERT_NOT_NULL(test, clk);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	loom_clock_init(clk, LOOM_CLOCK_REAL);
	init_completion(&rt->done);
	loom_timer_init(clk, &rt->t, loom_rt_fire);
	start = loom_clock_now(clk);
	loom_timer_start(&rt->t, start + 2 * NSEC_PER_MSEC);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&rt->done, 5 * HZ), 0UL);
	KUNIT_EXPECT_GE(test, rt->at, start + 2 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, atomic64_read(&clk->fired), 1LL);
	/* Its lateness was recorded, before its callback read the clock. */
	KUNIT_EXPECT_LE(test, loom_clock_late_max_ns(clk),
			rt->at - start - 2 * NSEC_PER_MSEC);
	/* A cancelled timer does not fire. */
	reinit_completion(&rt->done);
	loom_timer_start(&rt->t, loom_clock_now(clk) + 50 * NSEC_PER_MSEC);
	KUNIT_EXPECT_TRUE(test, loom_timer_cancel(&rt->t));
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&rt->done, HZ / 5), 0UL);
}

static struct kunit_case loom_clock_cases[] = {
	KUNIT_CASE(loom_clock_order),
	KUNIT_CASE(loom_clock_determinism),
	KUNIT_CASE(loom_clock_lateness),
	KUNIT_CASE(loom_clock_late_buckets),
	KUNIT_CASE(loom_clock_real),
	{}
};

static struct kunit_suite loom_clock_suite = {
	.name = "loom_clock",
	.test_cases = loom_clock_cases,
};

kunit_test_suites(&loom_clock_suite);
