// SPDX-License-Identifier: GPL-2.0
/*
 * Loom clock: real time on hrtimers, or virtual time as discrete events.
 */
#include <linux/bitops.h>
#include <linux/bottom_half.h>
#include <linux/export.h>
#include <linux/ktime.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "clock.h"

/**
 * loom_clock_init() - set up a clock at time 0
 * @clk: the clock
 * @mode: enum loom_clock_mode
 */
void loom_clock_init(struct loom_clock *clk, enum loom_clock_mode mode)
{
	clk->mode = mode;
	spin_lock_init(&clk->lock);
	clk->queue = RB_ROOT_CACHED;
	clk->now_ns = 0;
	clk->epoch = ktime_get();
	clk->seq = 0;
	clk->running = NULL;
	atomic64_set(&clk->fired, 0);
	clk->late_fn = NULL;
	clk->late_ctx = NULL;
	spin_lock_init(&clk->late_lock);
	memset(&clk->late, 0, sizeof(clk->late));
}
EXPORT_SYMBOL_NS_GPL(loom_clock_init, LOOM);

/**
 * loom_clock_now() - the clock's current time
 * @clk: the clock
 *
 * Context: real mode any; virtual mode process or softirq (not hard IRQ).
 * Return: nanoseconds since the clock was created (real) or simulated time.
 */
u64 loom_clock_now(struct loom_clock *clk)
{
	u64 now;

	if (clk->mode == LOOM_CLOCK_REAL)
		return ktime_to_ns(ktime_sub(ktime_get(), clk->epoch));
	spin_lock_bh(&clk->lock);
	now = clk->now_ns;
	spin_unlock_bh(&clk->lock);
	return now;
}
EXPORT_SYMBOL_NS_GPL(loom_clock_now, LOOM);

/**
 * loom_clock_late_bucket() - the lateness record's bucket of a lateness
 * @late_ns: how late a timer fired
 *
 * Return: 0 under 1.024 us; then four buckets per doubling, bucket
 * 1 + 4 (m - 10) + s holding [2^m + s 2^(m-2), 2^m + (s + 1) 2^(m-2)).
 */
u32 loom_clock_late_bucket(u64 late_ns)
{
	u32 m;

	if (late_ns < 1024)
		return 0;
	m = fls64(late_ns) - 1;
	return min_t(u32, (m - 10) * 4 + ((late_ns >> (m - 2)) & 3) + 1,
		     LOOM_CLOCK_LATE_BUCKETS - 1);
}
EXPORT_SYMBOL_NS_GPL(loom_clock_late_bucket, LOOM);

/* Upper end of bucket @b (its lower end for the last, open-ended one). */
static u64 loom_clock_late_top(u32 b)
{
	u32 m, s;

	if (!b)
		return 1024;
	if (b == LOOM_CLOCK_LATE_BUCKETS - 1)
		b--;
	m = 10 + (b - 1) / 4;
	s = (b - 1) % 4;
	return (1ULL << m) + ((u64)(s + 1) << (m - 2));
}

/* A timer due at @due_ns fired at @now_ns: into the record. */
static void loom_clock_late_add(struct loom_clock *clk, u64 due_ns,
				u64 now_ns)
{
	struct loom_clock_late *l = &clk->late;
	u64 late = now_ns > due_ns ? now_ns - due_ns : 0;
	unsigned long flags;

	spin_lock_irqsave(&clk->late_lock, flags);
	if (l->n >= LOOM_CLOCK_LATE_HALF) {
		l->cur ^= 1;
		memset(l->hist[l->cur], 0, sizeof(l->hist[l->cur]));
		l->n = 0;
	}
	l->hist[l->cur][loom_clock_late_bucket(late)]++;
	l->n++;
	l->max_ns = max(l->max_ns, late);
	spin_unlock_irqrestore(&clk->late_lock, flags);
}

/**
 * loom_clock_late_ns() - how late the clock's timers fired, lately
 * @clk: the clock
 * @permille: which quantile, 1..1000 (990: the 99th percentile)
 *
 * Over the last 256 to 512 timers that fired: the upper end of the
 * bucket that holds the quantile, so never less than the lateness it
 * stands for (and at most a quarter of a doubling more).  Lateness under
 * 1.024 us counts as none.
 *
 * Context: any.
 * Return: nanoseconds; 0 with nothing recorded (or all of it under 1 us,
 * as on a virtual clock that has no lateness injected).
 */
u64 loom_clock_late_ns(struct loom_clock *clk, u32 permille)
{
	struct loom_clock_late *l = &clk->late;
	u32 n = 0, seen = 0, rank, b;
	unsigned long flags;
	u64 top = 0;

	spin_lock_irqsave(&clk->late_lock, flags);
	for (b = 0; b < LOOM_CLOCK_LATE_BUCKETS; b++)
		n += l->hist[0][b] + l->hist[1][b];
	/* The smallest bucket with at least @permille of them at or below. */
	rank = DIV_ROUND_UP(n * min_t(u32, permille, 1000), 1000);
	for (b = 0; n && b < LOOM_CLOCK_LATE_BUCKETS; b++) {
		seen += l->hist[0][b] + l->hist[1][b];
		if (seen >= rank) {
			top = b ? loom_clock_late_top(b) : 0;
			break;
		}
	}
	spin_unlock_irqrestore(&clk->late_lock, flags);
	return top;
}
EXPORT_SYMBOL_NS_GPL(loom_clock_late_ns, LOOM);

/**
 * loom_clock_late_max_ns() - the latest any of the clock's timers fired
 * @clk: the clock
 *
 * Context: any.
 * Return: nanoseconds since its creation.
 */
u64 loom_clock_late_max_ns(struct loom_clock *clk)
{
	unsigned long flags;
	u64 max;

	spin_lock_irqsave(&clk->late_lock, flags);
	max = clk->late.max_ns;
	spin_unlock_irqrestore(&clk->late_lock, flags);
	return max;
}
EXPORT_SYMBOL_NS_GPL(loom_clock_late_max_ns, LOOM);

/**
 * loom_clock_set_lateness() - make a virtual clock's timers fire late
 * @clk: a LOOM_CLOCK_VIRTUAL clock with no timer pending
 * @fn: called as each timer is started with the time it is due; returns
 *	how much later it fires (called under the clock's lock: it must not
 *	sleep or touch the clock), or NULL for none
 * @ctx: for @fn
 *
 * A test's model of a busy machine: the timer fires, and its callback
 * reads the clock, that much later, as a real-mode timer would.  Timers
 * that come due at the same (late) time fire in the order they were due,
 * as the hrtimers of a machine that stalled do.
 */
void loom_clock_set_lateness(struct loom_clock *clk,
			     u64 (*fn)(void *ctx, u64 due_ns), void *ctx)
{
	if (WARN_ON_ONCE(clk->mode != LOOM_CLOCK_VIRTUAL))
		return;
	spin_lock_bh(&clk->lock);
	clk->late_fn = fn;
	clk->late_ctx = ctx;
	spin_unlock_bh(&clk->lock);
}
EXPORT_SYMBOL_NS_GPL(loom_clock_set_lateness, LOOM);

static enum hrtimer_restart loom_timer_hrt(struct hrtimer *hrt)
{
	struct loom_timer *t = container_of(hrt, struct loom_timer, hrt);
	struct loom_clock *clk = t->clk;

	loom_clock_late_add(clk, ktime_to_ns(ktime_sub(hrtimer_get_expires(hrt),
						       clk->epoch)),
			    loom_clock_now(clk));
	atomic64_inc(&t->clk->fired);
	t->fn(t);
	return HRTIMER_NORESTART;
}

/**
 * loom_timer_init() - prepare a timer
 * @clk: the clock it runs on
 * @t: the timer
 * @fn: its callback
 */
void loom_timer_init(struct loom_clock *clk, struct loom_timer *t,
		     void (*fn)(struct loom_timer *t))
{
	t->clk = clk;
	t->fn = fn;
	t->queued = false;
	RB_CLEAR_NODE(&t->node);
	/* Virtual timers never touch their hrtimer: leave it alone. */
	if (clk->mode == LOOM_CLOCK_REAL) {
		hrtimer_init(&t->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
		t->hrt.function = loom_timer_hrt;
	}
}
EXPORT_SYMBOL_NS_GPL(loom_timer_init, LOOM);

static bool loom_timer_less(struct rb_node *a, const struct rb_node *b)
{
	const struct loom_timer *ta = rb_entry(a, struct loom_timer, node);
	const struct loom_timer *tb = rb_entry(b, struct loom_timer, node);

	if (ta->expires_ns != tb->expires_ns)
		return ta->expires_ns < tb->expires_ns;
	if (ta->due_ns != tb->due_ns)
		return ta->due_ns < tb->due_ns;
	return ta->seq < tb->seq;
}

static void loom_timer_dequeue(struct loom_timer *t)
{
	rb_erase_cached(&t->node, &t->clk->queue);
	RB_CLEAR_NODE(&t->node);
	t->queued = false;
}

/**
 * loom_timer_start() - (re)arm a timer at an absolute time
 * @t: the timer; if pending, it is moved
 * @expires_ns: expiry in the clock's time; a time already past fires at
 *	the next opportunity
 *
 * Context: real mode any; virtual mode process or softirq.  Callbacks may
 * re-arm their own timer.
 */
void loom_timer_start(struct loom_timer *t, u64 expires_ns)
{
	struct loom_clock *clk = t->clk;

	if (clk->mode == LOOM_CLOCK_REAL) {
		t->expires_ns = expires_ns;
		t->due_ns = expires_ns;
		hrtimer_start(&t->hrt, ktime_add_ns(clk->epoch, expires_ns),
			      HRTIMER_MODE_ABS_SOFT);
		return;
	}
	spin_lock_bh(&clk->lock);
	if (t->queued)
		loom_timer_dequeue(t);
	t->due_ns = expires_ns;
	t->expires_ns = expires_ns;
	if (clk->late_fn)
		t->expires_ns += clk->late_fn(clk->late_ctx, expires_ns);
	t->seq = clk->seq++;
	rb_add_cached(&t->node, &clk->queue, loom_timer_less);
	t->queued = true;
	spin_unlock_bh(&clk->lock);
}
EXPORT_SYMBOL_NS_GPL(loom_timer_start, LOOM);

/**
 * loom_timer_cancel() - stop a timer
 * @t: the timer
 *
 * Both modes wait for a running callback (a virtual run may be firing it
 * on another CPU), so its owner may free it afterwards.
 *
 * Context: not from the timer's own callback and not with locks the
 * callback takes.
 * Return: true if it was pending.
 */
bool loom_timer_cancel(struct loom_timer *t)
{
	struct loom_clock *clk = t->clk;
	bool was;

	if (clk->mode == LOOM_CLOCK_REAL)
		return hrtimer_cancel(&t->hrt);
	for (;;) {
		spin_lock_bh(&clk->lock);
		was = t->queued;
		if (was)
			loom_timer_dequeue(t);
		if (clk->running != t)
			break;
		/* Running elsewhere, and it may re-arm itself: wait, retry. */
		spin_unlock_bh(&clk->lock);
		cond_resched();
	}
	spin_unlock_bh(&clk->lock);
	return was;
}
EXPORT_SYMBOL_NS_GPL(loom_timer_cancel, LOOM);

/**
 * loom_clock_run() - advance a virtual clock, firing timers in order
 * @clk: a LOOM_CLOCK_VIRTUAL clock
 * @until_ns: stop before events later than this; the clock then reads it,
 *	except for U64_MAX ("until nothing is left"), which leaves the clock at
 *	the last event so that later timers still have a future
 * @max_events: stop after this many events (0: no limit)
 *
 * Events due at the same time fire in the order they were started.  Each
 * callback runs with bottom halves off, as a real-mode one would, without
 * the clock's lock, and may start or cancel timers.
 *
 * Context: process context; one caller at a time per clock.
 * Return: the number of timers fired.
 */
u64 loom_clock_run(struct loom_clock *clk, u64 until_ns, u64 max_events)
{
	u64 n = 0;

	if (WARN_ON_ONCE(clk->mode != LOOM_CLOCK_VIRTUAL))
		return 0;
	for (;;) {
		struct rb_node *first;
		struct loom_timer *t;

		if (max_events && n == max_events)
			break;
		spin_lock_bh(&clk->lock);
		first = rb_first_cached(&clk->queue);
		t = first ? rb_entry(first, struct loom_timer, node) : NULL;
		if (!t || t->expires_ns > until_ns) {
			if (until_ns > clk->now_ns && until_ns != U64_MAX)
				clk->now_ns = until_ns;
			spin_unlock_bh(&clk->lock);
			break;
		}
		loom_timer_dequeue(t);
		if (t->expires_ns > clk->now_ns)
			clk->now_ns = t->expires_ns;
		/* Without injected lateness a virtual clock has none. */
		if (clk->late_fn)
			loom_clock_late_add(clk, t->due_ns, clk->now_ns);
		atomic64_inc(&clk->fired);
		clk->running = t;
		/* Keep bottom halves off across the callback. */
		spin_unlock(&clk->lock);
		t->fn(t);
		spin_lock(&clk->lock);
		clk->running = NULL;
		spin_unlock_bh(&clk->lock);
		/* A simulated day is millions of events: let others run. */
		if (!(++n % 1024))
			cond_resched();
	}
	return n;
}
EXPORT_SYMBOL_NS_GPL(loom_clock_run, LOOM);
