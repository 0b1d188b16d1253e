/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom_sniff: the table of transmitters heard, one entry per address,
 * with running statistics of their signal (Documentation/lml.rst, "The
 * sniffer").  Bounded: every entry is allocated up front; when the table
 * is full the transmitter heard least recently gives its entry to the new
 * one, and that is counted.
 */
#ifndef _LOOM_SNIFF_TABLE_H
#define _LOOM_SNIFF_TABLE_H

#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "radiotap.h"

/* Buckets of the address hash: a power of two. */
#define LOOM_SNIFF_BUCKETS	256
/* The moving average's weight of a new sample: 1 / 2^LOOM_SNIFF_EWMA_SHIFT. */
#define LOOM_SNIFF_EWMA_SHIFT	3

/**
 * struct loom_sniff_stats - what is known of one transmitter's signal
 * @frames: frames heard
 * @sum_cdbm: the sum of their signals, 0.01 dBm
 * @sumsq: the sum of their squares, (0.01 dBm)^2
 * @min_cdbm: the weakest
 * @max_cdbm: the strongest
 * @last_cdbm: the last
 * @ewma_cdbm: a moving average, weight 1/8 to each new frame, 0.01 dBm
 * @first_ns: when it was first heard (the table's clock)
 * @last_ns: when it was last heard
 * @types: the LOOM_SNIFF_TYPE_* of the frames heard
 * @freq_mhz: the channel of the last frame, or 0
 * @ant_mask: chains heard with a signal of their own
 * @ant_last_cdbm: each chain's last signal
 *
 * Mean and variance follow from @frames, @sum_cdbm and @sumsq, computed
 * by the reader (loomctl, in floating point): nothing is divided here.
 * Radiotap gives whole dBm: a sample is at most 12,800 in magnitude, its
 * square 1.6e8, so @sumsq holds 2^36 frames.
 */
struct loom_sniff_stats {
	u64 frames;
	s64 sum_cdbm;
	u64 sumsq;
	s32 min_cdbm;
	s32 max_cdbm;
	s32 last_cdbm;
	s32 ewma_cdbm;
	u64 first_ns;
	u64 last_ns;
	u8 types;
	u16 freq_mhz;
	u8 ant_mask;
	s32 ant_last_cdbm[LOOM_SNIFF_ANTENNAS];
};

/**
 * struct loom_sniff_entry - one transmitter
 * @hash: in its bucket
 * @lru: in &loom_sniff_table.lru (most recently heard first), or in the
 *	free list
 * @addr: its address
 * @st: its statistics
 */
struct loom_sniff_entry {
	struct hlist_node hash;
	struct list_head lru;
	u8 addr[ETH_ALEN];
	struct loom_sniff_stats st;
};

/**
 * struct loom_sniff_table - transmitters heard on one interface
 * @lock: guards everything below (spin_lock_bh)
 * @cap: entries, all allocated at init
 * @used: entries in use
 * @entries: the entries
 * @free: entries not in use
 * @lru: entries in use, most recently heard first
 * @buckets: the address hash
 * @evicted: transmitters forgotten to make room for new ones
 */
struct loom_sniff_table {
	spinlock_t lock;	/* see above */
	u32 cap;
	u32 used;
	struct loom_sniff_entry *entries;
	struct list_head free;
	struct list_head lru;
	struct hlist_head buckets[LOOM_SNIFF_BUCKETS];
	u64 evicted;
};

/**
 * struct loom_sniff_row - a consistent copy of one entry, for a dump
 * @addr: the transmitter
 * @st: its statistics
 */
struct loom_sniff_row {
	u8 addr[ETH_ALEN];
	struct loom_sniff_stats st;
};

int loom_sniff_table_init(struct loom_sniff_table *t, u32 cap);
void loom_sniff_table_destroy(struct loom_sniff_table *t);
bool loom_sniff_table_update(struct loom_sniff_table *t,
			     const struct loom_sniff_obs *obs, u64 now_ns,
			     struct loom_sniff_stats *copy);
u32 loom_sniff_table_read(struct loom_sniff_table *t,
			  struct loom_sniff_row *rows, u32 max, u64 *evicted);
void loom_sniff_table_clear(struct loom_sniff_table *t);

#endif /* _LOOM_SNIFF_TABLE_H */
