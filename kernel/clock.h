/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom clock: the one time source of the MAC and the simulated medium.
 *
 * Real mode runs timers on hrtimers (soft-interrupt context).  Virtual mode
 * keeps them in an ordered queue and jumps from event to event when the
 * owner calls loom_clock_run(): a simulated day passes in seconds, and the
 * same inputs give the same trace, since events due at the same time fire
 * in the order they were started.  Callbacks run with bottom halves off in
 * both modes, so code that would sleep in one mode is caught in the other.
 *
 * The clock also measures how late its timers fire (the machine's timer
 * latency in real mode; what a test injects in virtual mode) over its
 * recent firings, so that the MAC can guard against it
 * (Documentation/mac.rst, "Jitter guard").
 */
#ifndef _LOOM_CLOCK_H
#define _LOOM_CLOCK_H

#include <linux/hrtimer.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/types.h>

/**
 * enum loom_clock_mode - how a clock keeps time
 * @LOOM_CLOCK_REAL: hrtimers; now is CLOCK_MONOTONIC since creation
 * @LOOM_CLOCK_VIRTUAL: discrete events; now moves only in loom_clock_run()
 */
enum loom_clock_mode {
	LOOM_CLOCK_REAL,
	LOOM_CLOCK_VIRTUAL,
};

struct loom_timer;

/*
 * Lateness record: log-linear buckets, four per doubling from 1 us
 * (bucket 0: under 1.024 us) up to about 8.6 s; two halves of
 * LOOM_CLOCK_LATE_HALF firings each, so the record covers the last
 * 256 to 512 firings.
 */
#define LOOM_CLOCK_LATE_BUCKETS	96
#define LOOM_CLOCK_LATE_HALF	256

/**
 * struct loom_clock_late - how late a clock's timers fired, lately
 * @hist: per half, firings by bucket of lateness
 * @cur: the half being filled
 * @n: firings in it
 * @max_ns: the latest any timer ever fired
 */
struct loom_clock_late {
	u16 hist[2][LOOM_CLOCK_LATE_BUCKETS];
	u8 cur;
	u16 n;
	u64 max_ns;
};

/**
 * struct loom_clock - a time source with its timers
 * @mode: enum loom_clock_mode
 * @lock: protects @queue, @now_ns, @seq and the timers' queue state
 * @queue: virtual mode: pending timers by (expiry, start order)
 * @now_ns: virtual mode: current time
 * @epoch: real mode: CLOCK_MONOTONIC at creation
 * @seq: start order of the next timer
 * @running: virtual mode: the timer whose callback runs now, or NULL
 * @fired: timers that have run
 * @late_fn: virtual mode: lateness injected into each timer started, from
 *	the time it is due (loom_clock_set_lateness()), or NULL
 * @late_ctx: for @late_fn
 * @late_lock: protects @late (real-mode timers fire on any CPU)
 * @late: recent lateness of the timers that fired
 *
 * Virtual-mode timers are started and cancelled from process or softirq
 * context (the lock is bottom-half safe, not irq safe).
 */
struct loom_clock {
	u8 mode;
	spinlock_t lock;	/* virtual queue, now, seq, timer state */
	struct rb_root_cached queue;
	u64 now_ns;
	ktime_t epoch;
	u64 seq;
	struct loom_timer *running;
	atomic64_t fired;
	u64 (*late_fn)(void *ctx, u64 due_ns);
	void *late_ctx;
	spinlock_t late_lock;	/* @late */
	struct loom_clock_late late;
};

/**
 * struct loom_timer - a one-shot timer on a loom_clock
 * @clk: its clock
 * @fn: called when it expires (bottom halves off; must not sleep)
 * @expires_ns: expiry, in the clock's time
 * @due_ns: the expiry asked for (virtual mode: @expires_ns less the
 *	injected lateness)
 * @seq: start order, breaks ties between equal expiries
 * @node: place in the virtual queue
 * @hrt: the real-mode hrtimer
 * @queued: pending in the virtual queue
 */
struct loom_timer {
	struct loom_clock *clk;
	void (*fn)(struct loom_timer *t);
	u64 expires_ns;
	u64 due_ns;
	u64 seq;
	struct rb_node node;
	struct hrtimer hrt;
	bool queued;
};

void loom_clock_init(struct loom_clock *clk, enum loom_clock_mode mode);
u64 loom_clock_now(struct loom_clock *clk);
void loom_timer_init(struct loom_clock *clk, struct loom_timer *t,
		     void (*fn)(struct loom_timer *t));
void loom_timer_start(struct loom_timer *t, u64 expires_ns);
bool loom_timer_cancel(struct loom_timer *t);
u64 loom_clock_run(struct loom_clock *clk, u64 until_ns, u64 max_events);
void loom_clock_set_lateness(struct loom_clock *clk,
			     u64 (*fn)(void *ctx, u64 due_ns), void *ctx);
u64 loom_clock_late_ns(struct loom_clock *clk, u32 permille);
u64 loom_clock_late_max_ns(struct loom_clock *clk);
u32 loom_clock_late_bucket(u64 late_ns);

#endif /* _LOOM_CLOCK_H */
