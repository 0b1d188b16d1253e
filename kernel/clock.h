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
};

/**
 * struct loom_timer - a one-shot timer on a loom_clock
 * @clk: its clock
 * @fn: called when it expires (bottom halves off; must not sleep)
 * @expires_ns: expiry, in the clock's time
 * @seq: start order, breaks ties between equal expiries
 * @node: place in the virtual queue
 * @hrt: the real-mode hrtimer
 * @queued: pending in the virtual queue
 */
struct loom_timer {
	struct loom_clock *clk;
	void (*fn)(struct loom_timer *t);
	u64 expires_ns;
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

#endif /* _LOOM_CLOCK_H */
