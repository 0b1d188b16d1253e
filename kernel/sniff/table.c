// SPDX-License-Identifier: GPL-2.0
/*
 * loom_sniff: the bounded table of transmitters and their signal.
 *
 * Updated from the receive path (softirq) for every frame heard, so no
 * allocation happens there: every entry exists from init on, and a full
 * table recycles its least recently heard entry (counted in @evicted).
 */
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#include "table.h"

static struct hlist_head *loom_sniff_bucket(struct loom_sniff_table *t,
					    const u8 *addr)
{
	u32 h = jhash(addr, ETH_ALEN, 0);

	return &t->buckets[h & (LOOM_SNIFF_BUCKETS - 1)];
}

/**
 * loom_sniff_table_init() - an empty table of @cap transmitters
 * @t: the table
 * @cap: its size, 1 or more
 *
 * Context: process context.
 * Return: 0, -EINVAL for a zero @cap, or -ENOMEM.
 */
int loom_sniff_table_init(struct loom_sniff_table *t, u32 cap)
{
	u32 i;

	if (!cap)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->entries = kvcalloc(cap, sizeof(*t->entries), GFP_KERNEL);
	if (!t->entries)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	t->cap = cap;
	INIT_LIST_HEAD(&t->free);
	INIT_LIST_HEAD(&t->lru);
	for (i = 0; i < LOOM_SNIFF_BUCKETS; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	for (i = 0; i < cap; i++)
		list_add_tail(&t->entries[i].lru, &t->free);
	return 0;
}

/**
 * loom_sniff_table_destroy() - free a table
 * @t: the table, no longer updated
 */
void loom_sniff_table_destroy(struct loom_sniff_table *t)
{
	kvfree(t->entries);
	t->entries = NULL;
}

/* Locked: the entry of @addr, or NULL. */
static struct loom_sniff_entry *loom_sniff_find(struct loom_sniff_table *t,
						const u8 *addr)
{
	struct loom_sniff_entry *e;

	hlist_for_each_entry(e, loom_sniff_bucket(t, addr), hash)
		if (ether_addr_equal(e->addr, addr))
			return e;
	return NULL;
}

/* Locked: an entry for a transmitter not yet in the table. */
static struct loom_sniff_entry *loom_sniff_take(struct loom_sniff_table *t,
						const u8 *addr, u64 now_ns)
{
	struct loom_sniff_entry *e;

	if (!list_empty(&t->free)) {
		e = list_first_entry(&t->free, struct loom_sniff_entry, lru);
		t->used++;
	} else {
		/* Full: the one heard least recently makes room. */
		e = list_last_entry(&t->lru, struct loom_sniff_entry, lru);
		hlist_del(&e->hash);
		t->evicted++;
	}
	list_del(&e->lru);
	memset(&e->st, 0, sizeof(e->st));
	ether_addr_copy(e->addr, addr);
	e->st.first_ns = now_ns;
	e->st.min_cdbm = S32_MAX;
	e->st.max_cdbm = S32_MIN;
	hlist_add_head(&e->hash, loom_sniff_bucket(t, addr));
	list_add(&e->lru, &t->lru);
	return e;
}

/**
 * loom_sniff_table_update() - account one frame heard
 * @t: the table
 * @obs: the frame's transmitter and signal
 * @now_ns: when
 * @copy: receives the transmitter's statistics after the frame, or NULL
 *
 * Context: any, bottom halves off or not; takes the table's lock.
 * Return: true if the transmitter is new to the table.
 */
bool loom_sniff_table_update(struct loom_sniff_table *t,
			     const struct loom_sniff_obs *obs, u64 now_ns,
			     struct loom_sniff_stats *copy)
{
	struct loom_sniff_entry *e;
	struct loom_sniff_stats *st;
	s32 x = obs->signal_cdbm;
	bool fresh = false;
	unsigned int i;

	spin_lock_bh(&t->lock);
	e = loom_sniff_find(t, obs->ta);
	if (!e) {
		e = loom_sniff_take(t, obs->ta, now_ns);
		fresh = true;
	} else {
		list_move(&e->lru, &t->lru);
	}
	st = &e->st;
	st->ewma_cdbm = st->frames ?
		st->ewma_cdbm + (x - st->ewma_cdbm) / (1 << LOOM_SNIFF_EWMA_SHIFT) :
		x;
	st->frames++;
	st->sum_cdbm += x;
	st->sumsq += (u64)((s64)x * x);
	st->min_cdbm = min(st->min_cdbm, x);
	st->max_cdbm = max(st->max_cdbm, x);
	st->last_cdbm = x;
	st->last_ns = now_ns;
	st->types |= obs->type;
	if (obs->freq_mhz)
		st->freq_mhz = obs->freq_mhz;
	for (i = 0; i < LOOM_SNIFF_ANTENNAS; i++)
		if (obs->ant_mask & BIT(i))
			st->ant_last_cdbm[i] = obs->ant_cdbm[i];
	st->ant_mask |= obs->ant_mask;
	if (copy)
		*copy = *st;
	spin_unlock_bh(&t->lock);
	return fresh;
}

/**
 * loom_sniff_table_read() - a copy of the table, most recently heard first
 * @t: the table
 * @rows: receives up to @max entries
 * @max: room in @rows
 * @evicted: receives the table's eviction count, or NULL
 *
 * Context: any; takes the table's lock.
 * Return: the entries copied.
 */
u32 loom_sniff_table_read(struct loom_sniff_table *t,
			  struct loom_sniff_row *rows, u32 max, u64 *evicted)
{
	struct loom_sniff_entry *e;
	u32 n = 0;

	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->lru, lru) {
		if (n == max)
			break;
		ether_addr_copy(rows[n].addr, e->addr);
		rows[n].st = e->st;
		n++;
	}
	if (evicted)
		*evicted = t->evicted;
	spin_unlock_bh(&t->lock);
	return n;
}

/**
 * loom_sniff_table_clear() - forget every transmitter
 * @t: the table
 *
 * The eviction count is cleared too.
 *
 * Context: any; takes the table's lock.
 */
void loom_sniff_table_clear(struct loom_sniff_table *t)
{
	struct loom_sniff_entry *e, *tmp;

	spin_lock_bh(&t->lock);
	list_for_each_entry_safe(e, tmp, &t->lru, lru) {
		hlist_del(&e->hash);
		list_move(&e->lru, &t->free);
	}
	t->used = 0;
	t->evicted = 0;
	spin_unlock_bh(&t->lock);
}
