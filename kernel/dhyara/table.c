// SPDX-License-Identifier: GPL-2.0
/*
 * Dhyara's routing core (Documentation/dhyara.rst, "Routing").
 *
 * A table holds neighbours (up to LOOM_DHY_MAX_NBRS, each with a slot),
 * destinations (an RCU hash by address) and routes: each destination has
 * one route per next hop, on an RCU list, and a best one that readers
 * follow with rcu_dereference().  Every route is also on its next hop's
 * list, so that a neighbour's link delay, depreciation or departure
 * reaches all its routes at once.
 *
 * Writers hold t->lock (spin_lock_bh).  A writer that changes a
 * destination's routes puts the destination on t->work; before it drops
 * the lock, loom_dhy_settle() chooses every such destination's best route
 * again and decides what to advertise (Dhyara's sync_neighbours).  What to
 * advertise is a bit per neighbour slot in the destination's @pending
 * mask; loom_dhy_pull() turns those bits into batches.  Routes,
 * destinations and neighbours are unlinked under the lock and freed with
 * kfree_rcu(); a destination's @best may name a route unlinked in the same
 * critical section until loom_dhy_settle() replaces it, which it always
 * does before the lock is dropped (the route's memory outlives the
 * section: kfree_rcu() waits for a grace period, and a section with
 * bottom halves disabled holds one off).
 */
#include <linux/bitops.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "table.h"

#define LOOM_DHY_MS	1000000ULL

static const char * const loom_dhy_drop_names[__LOOM_DHY_DROP_MAX] = {
	[LOOM_DHY_DROP_BAD_ADDR] = "bad_addr",
	[LOOM_DHY_DROP_SELF] = "self",
	[LOOM_DHY_DROP_UNKNOWN_NBR] = "unknown_nbr",
	[LOOM_DHY_DROP_ADV_ABOUT_US] = "adv_about_us",
	[LOOM_DHY_DROP_ADV_ABOUT_SENDER] = "adv_about_sender",
	[LOOM_DHY_DROP_ADV_HOPS_ZERO] = "adv_hops_zero",
	[LOOM_DHY_DROP_GHOST] = "ghost",
	[LOOM_DHY_DROP_DELAY_OVERFLOW] = "delay_overflow",
	[LOOM_DHY_DROP_RTT_BAD] = "rtt_bad",
	[LOOM_DHY_DROP_NBR_FULL] = "nbr_full",
	[LOOM_DHY_DROP_DEST_FULL] = "dest_full",
	[LOOM_DHY_DROP_ROUTE_FULL] = "route_full",
	[LOOM_DHY_DROP_NOMEM] = "nomem",
	[LOOM_DHY_DROP_NO_ROUTE] = "no_route",
	[LOOM_DHY_DROP_HOP_LIMIT] = "hop_limit",
};

static const char * const loom_dhy_event_names[__LOOM_DHY_EV_MAX] = {
	[LOOM_DHY_EV_ADV_RX] = "adv_rx",
	[LOOM_DHY_EV_WITHDRAW_RX] = "withdraw_rx",
	[LOOM_DHY_EV_ADV_TX] = "adv_tx",
	[LOOM_DHY_EV_POISON_TX] = "poison_tx",
	[LOOM_DHY_EV_FRAMES_TX] = "frames_tx",
	[LOOM_DHY_EV_SUPPRESSED] = "suppressed",
	[LOOM_DHY_EV_REFRESH] = "refresh",
	[LOOM_DHY_EV_BEST_CHANGED] = "best_changed",
	[LOOM_DHY_EV_NBR_ADD] = "nbr_add",
	[LOOM_DHY_EV_NBR_DEL] = "nbr_del",
	[LOOM_DHY_EV_DEST_ADD] = "dest_add",
	[LOOM_DHY_EV_DEST_DEL] = "dest_del",
	[LOOM_DHY_EV_ROUTE_ADD] = "route_add",
	[LOOM_DHY_EV_ROUTE_DEL] = "route_del",
	[LOOM_DHY_EV_ROUTE_EXPIRED] = "route_expired",
	[LOOM_DHY_EV_DEPRECIATED] = "depreciated",
};

/**
 * loom_dhy_drop_name() - a drop reason's name, for dumps and logs
 * @reason: enum loom_dhy_drop
 *
 * Context: any.
 * Return: a static string; "?" for a value out of range.
 */
const char *loom_dhy_drop_name(enum loom_dhy_drop reason)
{
	if ((unsigned int)reason >= __LOOM_DHY_DROP_MAX)
		return "?";
	return loom_dhy_drop_names[reason];
}

/**
 * loom_dhy_event_name() - an event counter's name
 * @ev: enum loom_dhy_event
 *
 * Context: any.
 * Return: a static string; "?" for a value out of range.
 */
const char *loom_dhy_event_name(enum loom_dhy_event ev)
{
	if ((unsigned int)ev >= __LOOM_DHY_EV_MAX)
		return "?";
	return loom_dhy_event_names[ev];
}

/**
 * loom_dhy_config_default() - the default parameters
 * @cfg: filled in
 * @beacon_ns: the caller's beacon interval; 0 for Dhyara's 1000 ms
 *
 * Silence is three beacon intervals, a doubling every further interval,
 * refresh two intervals (2000 ms with Dhyara's beacon), expiry three and
 * a half refresh intervals (three refreshes lost, and half an interval for
 * the lateness of the one that comes), a 10 ms hold, a drift tolerance of
 * the larger of 1 ms and 12.5 %, 256 destinations, 4096 routes, the hop
 * limit from the node count, fewest hops first and triggered poisoned
 * reverse (Documentation/dhyara.rst explains each).
 *
 * Context: any.
 */
void loom_dhy_config_default(struct loom_dhy_config *cfg, u64 beacon_ns)
{
	if (!beacon_ns)
		beacon_ns = 1000 * LOOM_DHY_MS;
	memset(cfg, 0, sizeof(*cfg));
	cfg->beacon_ns = beacon_ns;
	cfg->silence_ns = 3 * beacon_ns;
	cfg->depreciate_ns = beacon_ns;
	cfg->refresh_ns = 2 * beacon_ns;
	cfg->expire_ns = 7 * cfg->refresh_ns / 2;
	cfg->hold_ns = 10 * LOOM_DHY_MS;
	cfg->tol_min_us = 1000;
	cfg->tol_shift = 3;
	cfg->max_dests = 256;
	cfg->max_routes = 4096;
	cfg->max_hops = 0;
	cfg->policy = LOOM_DHY_BEST_HOPS;
	cfg->horizon = LOOM_DHY_HORIZON_POISON;
}

/**
 * loom_dhy_config_check() - whether parameters make sense together
 * @cfg: the parameters
 * @field: set to the name of the first bad field (may be NULL)
 *
 * Context: any.
 * Return: 0, or -EINVAL with *@field naming the field.
 */
int loom_dhy_config_check(const struct loom_dhy_config *cfg,
			  const char **field)
{
	const char *bad = NULL;

	if (!cfg->beacon_ns)
		bad = "beacon_ns";
	else if (cfg->silence_ns < cfg->beacon_ns)
		bad = "silence_ns";
	else if (!cfg->depreciate_ns)
		bad = "depreciate_ns";
	else if (!cfg->refresh_ns)
		bad = "refresh_ns";
	else if (cfg->expire_ns <= cfg->refresh_ns)
		bad = "expire_ns";
	else if (cfg->hold_ns >= cfg->refresh_ns)
		bad = "hold_ns";
	else if (cfg->tol_shift > 31)
		bad = "tol_shift";
	else if (!cfg->max_dests || cfg->max_dests > LOOM_DHY_DESTS_LIMIT)
		bad = "max_dests";
	else if (cfg->max_routes < cfg->max_dests)
		bad = "max_routes";
	else if (cfg->policy >= __LOOM_DHY_BEST_MAX)
		bad = "policy";
	else if (cfg->horizon >= __LOOM_DHY_HORIZON_MAX)
		bad = "horizon";
	if (field)
		*field = bad;
	return bad ? -EINVAL : 0;
}

/**
 * loom_dhy_table_alloc() - a new, empty table
 * @self: our own address (unicast)
 * @cfg: parameters; NULL for loom_dhy_config_default() with 1000 ms
 * @field: on -EINVAL, set to the bad field's name ("self" for @self)
 *
 * Context: process context; may sleep.
 * Return: the table, ERR_PTR(-EINVAL) or ERR_PTR(-ENOMEM).
 */
struct loom_dhy_table *loom_dhy_table_alloc(const u8 *self,
					    const struct loom_dhy_config *cfg,
					    const char **field)
{
	struct loom_dhy_config def;
	struct loom_dhy_table *t;
	int i;

	if (!cfg) {
		loom_dhy_config_default(&def, 0);
		cfg = &def;
	}
	if (!is_valid_ether_addr(self)) {
		if (field)
			*field = "self";
		return ERR_PTR(-EINVAL);
	}
	if (loom_dhy_config_check(cfg, field))
		return ERR_PTR(-EINVAL);
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&t->lock);
	ether_addr_copy(t->self, self);
	t->cfg = *cfg;
	hash_init(t->dests);
	INIT_LIST_HEAD(&t->all);
	INIT_LIST_HEAD(&t->work);
	INIT_LIST_HEAD(&t->plist);
	t->tick_ns = U64_MAX;
	for (i = 0; i < __LOOM_DHY_DROP_MAX; i++)
		atomic64_set(&t->drops[i], 0);
	for (i = 0; i < __LOOM_DHY_EV_MAX; i++)
		atomic64_set(&t->events[i], 0);
	return t;
}

/* After a grace period: everything still in the table, at once. */
static void loom_dhy_table_rcu_free(struct rcu_head *head)
{
	struct loom_dhy_table *t = container_of(head, struct loom_dhy_table, rcu);
	struct loom_dhy_route *r;
	struct loom_dhy_dest *d, *dn;
	struct hlist_node *tmp;
	int i;

	list_for_each_entry_safe(d, dn, &t->all, all) {
		hlist_for_each_entry_safe(r, tmp, &d->routes, dnode)
			kfree(r);
		kfree(d);
	}
	for (i = 0; i < LOOM_DHY_MAX_NBRS; i++)
		kfree(rcu_dereference_protected(t->nbrs[i], 1));
	kfree(t);
}

/**
 * loom_dhy_table_free() - free a table and everything in it
 * @t: the table (NULL is fine)
 *
 * The caller has stopped every writer and unpublished @t; readers still
 * inside an RCU read-side section keep seeing intact memory: one RCU
 * callback frees the whole table after a grace period (cheaper than an
 * RCU free per entry).  The module must rcu_barrier() before it goes
 * (kernel/main.c does).
 *
 * Context: any; does not sleep.
 */
void loom_dhy_table_free(struct loom_dhy_table *t)
{
	if (t)
		call_rcu(&t->rcu, loom_dhy_table_rcu_free);
}

static void loom_dhy_drop(struct loom_dhy_table *t, enum loom_dhy_drop r,
			  unsigned int n)
{
	atomic64_add(n, &t->drops[r]);
}

static void loom_dhy_ev(struct loom_dhy_table *t, enum loom_dhy_event e)
{
	atomic64_inc(&t->events[e]);
}

/* Locked: tell the owner that @subject's neighbour or best route changed. */
static void loom_dhy_note(struct loom_dhy_table *t, enum loom_dhy_event e,
			  const u8 *subject, const u8 *via)
{
	if (t->notify)
		t->notify(t->notify_arg, e, subject, via);
}

/* Locked: @d's best next hop is @via now (NULL: none); tell if it moved. */
static void loom_dhy_note_best(struct loom_dhy_table *t,
			       struct loom_dhy_dest *d, const u8 *via)
{
	if (via && d->note_valid && ether_addr_equal(via, d->note_via))
		return;
	if (!via && !d->note_valid)
		return;
	d->note_valid = via;
	if (via)
		ether_addr_copy(d->note_via, via);
	loom_dhy_note(t, LOOM_DHY_EV_BEST_CHANGED, d->addr, via);
}

/**
 * loom_dhy_set_notify() - be told of neighbours and best routes that change
 * @t: the table, before anything else uses it
 * @fn: the callback (loom_dhy_notify_fn), or NULL
 * @arg: for @fn
 *
 * Context: before the table is shared (no locking).
 */
void loom_dhy_set_notify(struct loom_dhy_table *t, loom_dhy_notify_fn fn,
			 void *arg)
{
	t->notify = fn;
	t->notify_arg = arg;
}

/*
 * Writers' views of RCU pointers.  Every writer holds t->lock; lockdep
 * checks that once per call (loom_dhy_settle(), loom_dhy_fill()), not at
 * each of the many dereferences in the loops below.
 */
static struct loom_dhy_nbr *loom_dhy_nbr_at(struct loom_dhy_table *t,
					    unsigned int slot)
{
	return rcu_dereference_protected(t->nbrs[slot], 1);
}

static struct loom_dhy_route *loom_dhy_best_w(struct loom_dhy_dest *d)
{
	return rcu_dereference_protected(d->best, 1);
}

static struct loom_dhy_nbr *loom_dhy_nbr_find(struct loom_dhy_table *t,
					      const u8 *addr)
{
	u64 m;

	for (m = t->nbr_mask; m; m &= m - 1) {
		struct loom_dhy_nbr *n = loom_dhy_nbr_at(t, __ffs64(m));

		if (ether_addr_equal(n->addr, addr))
			return n;
	}
	return NULL;
}

static u64 loom_dhy_key(const u8 *addr)
{
	return ether_addr_to_u64(addr);
}

/* Writers: the destination of that address, dying ones included. */
static struct loom_dhy_dest *loom_dhy_dest_find(struct loom_dhy_table *t,
						const u8 *addr)
{
	struct loom_dhy_dest *d;

	hash_for_each_possible(t->dests, d, hnode, loom_dhy_key(addr))
		if (ether_addr_equal(d->addr, addr))
			return d;
	return NULL;
}

static struct loom_dhy_route *loom_dhy_route_find(struct loom_dhy_dest *d,
						  struct loom_dhy_nbr *n)
{
	struct loom_dhy_route *r;

	hlist_for_each_entry(r, &d->routes, dnode)
		if (r->nbr == n)
			return r;
	return NULL;
}

static u32 loom_dhy_tol(const struct loom_dhy_table *t, u32 delay)
{
	return max(t->cfg.tol_min_us, delay >> t->cfg.tol_shift);
}

/* The nodes we know besides ourselves: destinations and bare neighbours. */
static u32 loom_dhy_known_locked(struct loom_dhy_table *t)
{
	return t->n_dests + t->n_bare;
}

static void loom_dhy_touch(struct loom_dhy_table *t, struct loom_dhy_dest *d)
{
	if (list_empty(&d->work))
		list_add_tail(&d->work, &t->work);
}

static void loom_dhy_pend(struct loom_dhy_table *t, struct loom_dhy_dest *d,
			  struct loom_dhy_nbr *n, u64 now)
{
	u64 bit = BIT_ULL(n->slot);

	if (d->pending & bit)
		return;
	if (!d->pending)
		list_add_tail(&d->plist, &t->plist);
	d->pending |= bit;
	n->pending++;
	if (!t->pending)
		t->pending_since_ns = now;
	WRITE_ONCE(t->pending, t->pending + 1);
}

static void loom_dhy_unpend(struct loom_dhy_table *t, struct loom_dhy_dest *d,
			    struct loom_dhy_nbr *n)
{
	u64 bit = BIT_ULL(n->slot);

	if (!(d->pending & bit))
		return;
	d->pending &= ~bit;
	if (!d->pending)
		list_del_init(&d->plist);
	n->pending--;
	WRITE_ONCE(t->pending, t->pending - 1);
}

/* Advertise @d to every neighbour but itself (the via is sorted out later). */
static void loom_dhy_mark_all(struct loom_dhy_table *t,
			      struct loom_dhy_dest *d, u64 now)
{
	u64 m;

	for (m = t->nbr_mask; m; m &= m - 1) {
		struct loom_dhy_nbr *n = loom_dhy_nbr_at(t, __ffs64(m));

		if (!ether_addr_equal(n->addr, d->addr))
			loom_dhy_pend(t, d, n, now);
	}
	d->last_adv_ns = now;
	t->tick_ns = min(t->tick_ns, now + t->cfg.refresh_ns);
}

/* A destination entry of a neighbour's address starts or stops counting. */
static void loom_dhy_dest_counted(struct loom_dhy_table *t,
				  struct loom_dhy_dest *d, bool on)
{
	struct loom_dhy_nbr *n = loom_dhy_nbr_find(t, d->addr);

	if (on)
		t->n_dests++;
	else
		t->n_dests--;
	if (n && n->has_dest != on) {
		n->has_dest = on;
		if (on)
			t->n_bare--;
		else
			t->n_bare++;
	}
}

static struct loom_dhy_dest *loom_dhy_dest_new(struct loom_dhy_table *t,
					       const u8 *addr)
{
	struct loom_dhy_dest *d;

	if (t->n_dests + t->n_dying >= t->cfg.max_dests) {
		loom_dhy_drop(t, LOOM_DHY_DROP_DEST_FULL, 1);
		return NULL;
	}
	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d) {
		loom_dhy_drop(t, LOOM_DHY_DROP_NOMEM, 1);
		return NULL;
	}
	ether_addr_copy(d->addr, addr);
	INIT_HLIST_HEAD(&d->routes);
	INIT_LIST_HEAD(&d->work);
	INIT_LIST_HEAD(&d->plist);
	RCU_INIT_POINTER(d->best, NULL);
	hash_add_rcu(t->dests, &d->hnode, loom_dhy_key(addr));
	list_add_tail(&d->all, &t->all);
	loom_dhy_dest_counted(t, d, true);
	loom_dhy_ev(t, LOOM_DHY_EV_DEST_ADD);
	return d;
}

/* A dying destination that gets a route again. */
static void loom_dhy_dest_revive(struct loom_dhy_table *t,
				 struct loom_dhy_dest *d)
{
	d->dying = false;
	t->n_dying--;
	loom_dhy_dest_counted(t, d, true);
}

static void loom_dhy_dest_free(struct loom_dhy_table *t,
			       struct loom_dhy_dest *d)
{
	u64 m;

	for (m = d->pending; m; m &= m - 1)
		loom_dhy_unpend(t, d, loom_dhy_nbr_at(t, __ffs64(m)));
	hash_del_rcu(&d->hnode);
	list_del(&d->all);
	if (d->dying)
		t->n_dying--;
	else
		loom_dhy_dest_counted(t, d, false);
	loom_dhy_ev(t, LOOM_DHY_EV_DEST_DEL);
	kfree_rcu(d, rcu);
}

/* The route's delay from its next hop's link delay and depreciation. */
static u32 loom_dhy_route_delay(const struct loom_dhy_route *r)
{
	const struct loom_dhy_nbr *n = r->nbr;
	u64 v;

	if (!n->linked)
		return LOOM_DHY_DELAY_INFINITE;
	v = ((u64)n->link_us + r->adv_us) << n->depr;
	return v > LOOM_DHY_DELAY_MAX ? LOOM_DHY_DELAY_INFINITE : (u32)v;
}

static struct loom_dhy_route *loom_dhy_route_new(struct loom_dhy_table *t,
						 struct loom_dhy_dest *d,
						 struct loom_dhy_nbr *n)
{
	struct loom_dhy_route *r;

	if (t->n_routes >= t->cfg.max_routes) {
		loom_dhy_drop(t, LOOM_DHY_DROP_ROUTE_FULL, 1);
		return NULL;
	}
	r = kzalloc(sizeof(*r), GFP_ATOMIC);
	if (!r) {
		loom_dhy_drop(t, LOOM_DHY_DROP_NOMEM, 1);
		return NULL;
	}
	r->dest = d;
	r->nbr = n;
	ether_addr_copy(r->via, n->addr);
	r->direct = ether_addr_equal(n->addr, d->addr);
	r->delay_us = LOOM_DHY_DELAY_INFINITE;
	hlist_add_head_rcu(&r->dnode, &d->routes);
	list_add_tail(&r->nlink, &n->routes);
	d->n_routes++;
	t->n_routes++;
	loom_dhy_ev(t, LOOM_DHY_EV_ROUTE_ADD);
	return r;
}

/* Unlink a route; its destination is settled before the lock is dropped. */
static void loom_dhy_route_del(struct loom_dhy_table *t,
			       struct loom_dhy_route *r)
{
	struct loom_dhy_dest *d = r->dest;

	hlist_del_rcu(&r->dnode);
	list_del(&r->nlink);
	r->nbr = NULL;
	d->n_routes--;
	t->n_routes--;
	loom_dhy_touch(t, d);
	loom_dhy_ev(t, LOOM_DHY_EV_ROUTE_DEL);
	kfree_rcu(r, rcu);
}

/*
 * New delays for every route through @n (link delay or depreciation); with
 * @force, each is advertised even within the tolerance.
 */
static void loom_dhy_nbr_recompute(struct loom_dhy_table *t,
				   struct loom_dhy_nbr *n, bool force)
{
	struct loom_dhy_route *r, *rn;

	list_for_each_entry_safe(r, rn, &n->routes, nlink) {
		u32 v = loom_dhy_route_delay(r);

		if (v == LOOM_DHY_DELAY_INFINITE && n->linked) {
			loom_dhy_drop(t, LOOM_DHY_DROP_DELAY_OVERFLOW, 1);
			loom_dhy_route_del(t, r);
			continue;
		}
		WRITE_ONCE(r->delay_us, v);
		r->dest->force |= force;
		loom_dhy_touch(t, r->dest);
	}
}

/* Hand @n everything advertised (a new neighbour, or one back from silence). */
static void loom_dhy_full_sync(struct loom_dhy_table *t,
			       struct loom_dhy_nbr *n, u64 now)
{
	struct loom_dhy_dest *d;

	list_for_each_entry(d, &t->all, all)
		if (d->pub_valid && !ether_addr_equal(d->addr, n->addr))
			loom_dhy_pend(t, d, n, now);
}

static struct loom_dhy_nbr *loom_dhy_nbr_add(struct loom_dhy_table *t,
					     const u8 *addr, u64 now)
{
	struct loom_dhy_dest *d;
	struct loom_dhy_nbr *n;
	unsigned int slot;

	if (t->n_nbrs >= LOOM_DHY_MAX_NBRS) {
		loom_dhy_drop(t, LOOM_DHY_DROP_NBR_FULL, 1);
		return ERR_PTR(-ENOSPC);
	}
	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n) {
		loom_dhy_drop(t, LOOM_DHY_DROP_NOMEM, 1);
		return ERR_PTR(-ENOMEM);
	}
	slot = __ffs64(~t->nbr_mask);
	ether_addr_copy(n->addr, addr);
	n->slot = slot;
	n->last_heard_ns = now;
	INIT_LIST_HEAD(&n->routes);
	d = loom_dhy_dest_find(t, addr);
	n->has_dest = d && !d->dying;
	if (!n->has_dest)
		t->n_bare++;
	t->nbr_mask |= BIT_ULL(slot);
	t->n_nbrs++;
	rcu_assign_pointer(t->nbrs[slot], n);
	loom_dhy_full_sync(t, n, now);
	t->tick_ns = min(t->tick_ns, now + t->cfg.silence_ns);
	loom_dhy_ev(t, LOOM_DHY_EV_NBR_ADD);
	loom_dhy_note(t, LOOM_DHY_EV_NBR_ADD, addr, NULL);
	return n;
}

static void loom_dhy_nbr_del(struct loom_dhy_table *t, struct loom_dhy_nbr *n)
{
	u64 bit = BIT_ULL(n->slot);
	struct loom_dhy_route *r, *rn;
	struct loom_dhy_dest *d;

	list_for_each_entry_safe(r, rn, &n->routes, nlink)
		loom_dhy_route_del(t, r);
	list_for_each_entry(d, &t->all, all) {
		loom_dhy_unpend(t, d, n);
		d->poison &= ~bit;
		/* A withdrawal that waited only for @n: settling frees it. */
		if (d->dying && !d->pending)
			loom_dhy_touch(t, d);
	}
	t->nbr_mask &= ~bit;
	t->n_nbrs--;
	if (!n->has_dest)
		t->n_bare--;
	RCU_INIT_POINTER(t->nbrs[n->slot], NULL);
	loom_dhy_ev(t, LOOM_DHY_EV_NBR_DEL);
	loom_dhy_note(t, LOOM_DHY_EV_NBR_DEL, n->addr, NULL);
	kfree_rcu(n, rcu);
}

/*
 * A frame from @n arrived: it is heard.  A silent one is forgiven: its
 * delays are undoubled, its routes get expire_ns from now to be advertised
 * again, and it is handed everything advertised.
 */
static void loom_dhy_nbr_alive(struct loom_dhy_table *t,
			       struct loom_dhy_nbr *n, u64 now)
{
	struct loom_dhy_route *r;

	if (now > n->last_heard_ns)
		WRITE_ONCE(n->last_heard_ns, now);
	n->lost_ns = 0;
	if (!n->depr)
		return;
	WRITE_ONCE(n->depr, 0);
	list_for_each_entry(r, &n->routes, nlink)
		if (!r->direct)
			WRITE_ONCE(r->updated_ns, now);
	t->tick_ns = min(t->tick_ns, now + t->cfg.expire_ns);
	loom_dhy_nbr_recompute(t, n, true);
	loom_dhy_full_sync(t, n, now);
}

static bool loom_dhy_silent(const struct loom_dhy_route *r)
{
	return r->nbr->depr > 0;
}

/* Whether @a ranks before @b under the table's policy alone. */
static bool loom_dhy_better(const struct loom_dhy_table *t,
			    const struct loom_dhy_route *a,
			    const struct loom_dhy_route *b)
{
	if (t->cfg.policy == LOOM_DHY_BEST_HOPS) {
		if (a->hops != b->hops)
			return a->hops < b->hops;
		if (a->delay_us != b->delay_us)
			return a->delay_us < b->delay_us;
	} else {
		if (a->delay_us != b->delay_us)
			return a->delay_us < b->delay_us;
		if (a->hops != b->hops)
			return a->hops < b->hops;
	}
	return memcmp(a->via, b->via, ETH_ALEN) < 0;
}

static bool loom_dhy_usable(const struct loom_dhy_route *r)
{
	return r->nbr && r->nbr->linked && r->delay_us <= LOOM_DHY_DELAY_MAX;
}

/*
 * The best route.  The best through heard neighbours and the best through
 * silent ones are found by the policy; the silent one wins only if the
 * policy ranks it first and it is no slower.  So a route whose next hop
 * went silent gives way to a working one as soon as its doubled delay
 * passes it, and two silent neighbours of a node that vanished never take
 * each other's route (both double at the same pace).  Then hysteresis:
 * the current route stays while its next hop is as silent as the
 * winner's, it has no more hops, and its delay is within the tolerance of
 * the winner's, so near-equal routes do not take turns.
 */
static struct loom_dhy_route *loom_dhy_choose(struct loom_dhy_table *t,
					      struct loom_dhy_dest *d)
{
	struct loom_dhy_route *r, *best, *cur, *live = NULL, *silent = NULL;

	hlist_for_each_entry(r, &d->routes, dnode) {
		struct loom_dhy_route **p = loom_dhy_silent(r) ? &silent : &live;

		if (loom_dhy_usable(r) && (!*p || loom_dhy_better(t, r, *p)))
			*p = r;
	}
	if (!live || !silent)
		best = live ? live : silent;
	else if (loom_dhy_better(t, silent, live) &&
		 silent->delay_us <= live->delay_us)
		best = silent;
	else
		best = live;
	cur = loom_dhy_best_w(d);
	if (!best || !cur || cur == best || !loom_dhy_usable(cur))
		return best;
	if (loom_dhy_silent(cur) != loom_dhy_silent(best) ||
	    cur->hops > best->hops)
		return best;
	if (cur->delay_us <= best->delay_us + loom_dhy_tol(t, best->delay_us))
		return cur;
	return best;
}

static void loom_dhy_publish(struct loom_dhy_table *t, struct loom_dhy_dest *d,
			     const struct loom_dhy_route *best, u64 now)
{
	d->pub_valid = true;
	d->pub_slot = best->nbr->slot;
	d->pub_hops = best->hops;
	d->pub_delay = best->delay_us;
	loom_dhy_mark_all(t, d, now);
}

/*
 * sync_neighbours for one destination: choose its best route again and
 * decide whether it is advertised: a new next hop or hop count always, a
 * delay once it has drifted past the tolerance from the one advertised, a
 * destination with no usable route as unreachable.
 */
static void loom_dhy_sync(struct loom_dhy_table *t, struct loom_dhy_dest *d,
			  u64 now)
{
	struct loom_dhy_route *best = loom_dhy_choose(t, d);
	bool force = d->force;

	d->force = false;
	rcu_assign_pointer(d->best, best);
	loom_dhy_note_best(t, d, best ? best->nbr->addr : NULL);
	if (best) {
		u8 slot = best->nbr->slot;

		if (d->pub_valid && d->pub_slot != slot) {
			loom_dhy_ev(t, LOOM_DHY_EV_BEST_CHANGED);
			d->poison &= ~BIT_ULL(d->pub_slot);
			if (t->cfg.horizon == LOOM_DHY_HORIZON_POISON &&
			    !best->direct)
				d->poison |= BIT_ULL(slot);
		}
		if (!d->pub_valid || d->pub_slot != slot ||
		    d->pub_hops != best->hops) {
			loom_dhy_publish(t, d, best, now);
		} else if (d->pub_delay != best->delay_us) {
			u32 diff = d->pub_delay > best->delay_us ?
				   d->pub_delay - best->delay_us :
				   best->delay_us - d->pub_delay;

			if (force || diff > loom_dhy_tol(t, d->pub_delay))
				loom_dhy_publish(t, d, best, now);
			else
				loom_dhy_ev(t, LOOM_DHY_EV_SUPPRESSED);
		}
		return;
	}
	if (d->pub_valid) {
		d->pub_valid = false;
		d->poison = 0;
		loom_dhy_mark_all(t, d, now);
	}
	if (d->n_routes)
		return;
	if (!d->dying) {
		loom_dhy_dest_counted(t, d, false);
		d->dying = true;
		t->n_dying++;
	}
	if (!d->pending)
		loom_dhy_dest_free(t, d);
}

/* Every destination a writer touched; runs before each unlock. */
static void loom_dhy_settle(struct loom_dhy_table *t, u64 now)
{
	struct loom_dhy_dest *d;

	lockdep_assert_held(&t->lock);
	while (!list_empty(&t->work)) {
		d = list_first_entry(&t->work, struct loom_dhy_dest, work);
		list_del_init(&d->work);
		loom_dhy_sync(t, d, now);
	}
}

static int loom_dhy_check_peer(struct loom_dhy_table *t, const u8 *addr,
			       unsigned int n)
{
	if (!is_valid_ether_addr(addr)) {
		loom_dhy_drop(t, LOOM_DHY_DROP_BAD_ADDR, n);
		return -EINVAL;
	}
	if (ether_addr_equal(addr, t->self)) {
		loom_dhy_drop(t, LOOM_DHY_DROP_SELF, n);
		return -EINVAL;
	}
	return 0;
}

/**
 * loom_dhy_heard() - a beacon (or any frame) came from a neighbour
 * @t: the table
 * @nbr: its address
 * @now_ns: the caller's clock
 *
 * A node heard becomes a neighbour; routes through it become usable once an
 * RTT sample exists (loom_dhy_link_sample()).  A new neighbour, and one
 * heard again after it went silent, is handed every advertised route.
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: 1 for a new neighbour, 0 for a known one, -EINVAL for a bad or
 * our own address, -ENOSPC when LOOM_DHY_MAX_NBRS are known, -ENOMEM.
 */
int loom_dhy_heard(struct loom_dhy_table *t, const u8 *nbr, u64 now_ns)
{
	struct loom_dhy_nbr *n;
	int ret;

	ret = loom_dhy_check_peer(t, nbr, 1);
	if (ret)
		return ret;
	spin_lock_bh(&t->lock);
	n = loom_dhy_nbr_find(t, nbr);
	if (!n) {
		n = loom_dhy_nbr_add(t, nbr, now_ns);
		ret = IS_ERR(n) ? PTR_ERR(n) : 1;
	} else {
		loom_dhy_nbr_alive(t, n, now_ns);
	}
	loom_dhy_settle(t, now_ns);
	spin_unlock_bh(&t->lock);
	return ret;
}

/**
 * loom_dhy_nbr_lost() - the link layer gave up on frames to a neighbour
 * @t: the table
 * @nbr: its address
 * @now_ns: the caller's clock
 *
 * It counts as silent from @now_ns, as if it had last been heard the
 * silence threshold before: its first depreciation is due at once (call
 * loom_dhy_tick() next), so under either policy a working alternative
 * takes over its routes now rather than after the threshold.  Any frame
 * heard from it forgives it, as after any silence.
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: 0, or -ENOENT if @nbr is not a neighbour.
 */
int loom_dhy_nbr_lost(struct loom_dhy_table *t, const u8 *nbr, u64 now_ns)
{
	struct loom_dhy_nbr *n;
	int ret = 0;

	spin_lock_bh(&t->lock);
	n = loom_dhy_nbr_find(t, nbr);
	if (!n) {
		ret = -ENOENT;
	} else if (!n->depr && !n->lost_ns) {
		n->lost_ns = now_ns ?: 1;
		t->tick_ns = min(t->tick_ns, n->lost_ns);
	}
	spin_unlock_bh(&t->lock);
	return ret;
}

/**
 * loom_dhy_link_sample() - an acknowledgment echoed our beacon's time
 * @t: the table
 * @nbr: who acknowledged
 * @rtt_ns: now minus the echoed time
 * @now_ns: the caller's clock
 *
 * The smoothed RTT follows the sample with gain 1/8 (the first sample is
 * taken as it is); the link delay is half of it, in microseconds rounded
 * up, at least 1.  The direct route to @nbr is made or updated, and every
 * route through it takes the new link delay.  An acknowledgment also
 * counts as hearing @nbr (it becomes a neighbour if it was not one).
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: 0; -EINVAL for a bad address or an RTT of 0 or above
 * LOOM_DHY_RTT_MAX_NS (counted); -ENOSPC, -ENOMEM as loom_dhy_heard().
 */
int loom_dhy_link_sample(struct loom_dhy_table *t, const u8 *nbr,
			 u64 rtt_ns, u64 now_ns)
{
	struct loom_dhy_route *r;
	struct loom_dhy_dest *d;
	struct loom_dhy_nbr *n;
	bool same;
	u64 srtt;
	u32 link;
	int ret;

	ret = loom_dhy_check_peer(t, nbr, 1);
	if (ret)
		return ret;
	if (!rtt_ns || rtt_ns > LOOM_DHY_RTT_MAX_NS) {
		loom_dhy_drop(t, LOOM_DHY_DROP_RTT_BAD, 1);
		return -EINVAL;
	}
	spin_lock_bh(&t->lock);
	n = loom_dhy_nbr_find(t, nbr);
	if (!n) {
		n = loom_dhy_nbr_add(t, nbr, now_ns);
		if (IS_ERR(n)) {
			spin_unlock_bh(&t->lock);
			return PTR_ERR(n);
		}
	}
	loom_dhy_nbr_alive(t, n, now_ns);
	srtt = n->linked ? n->srtt_ns - (n->srtt_ns >> 3) + (rtt_ns >> 3) :
			   rtt_ns;
	link = max_t(u32, 1, DIV_ROUND_UP_ULL(srtt / 2, 1000));
	same = n->linked && link == n->link_us;
	WRITE_ONCE(n->srtt_ns, srtt);
	WRITE_ONCE(n->link_us, link);
	WRITE_ONCE(n->linked, true);

	d = loom_dhy_dest_find(t, nbr);
	if (!d)
		d = loom_dhy_dest_new(t, nbr);
	else if (d->dying)
		loom_dhy_dest_revive(t, d);
	if (d) {
		r = loom_dhy_route_find(d, n);
		if (!r)
			r = loom_dhy_route_new(t, d, n);
		if (r) {
			WRITE_ONCE(r->hops, 1);
			WRITE_ONCE(r->updated_ns, now_ns);
			WRITE_ONCE(r->delay_us, loom_dhy_route_delay(r));
		}
		loom_dhy_touch(t, d);
	}
	/* Routes through @n change only with its link delay. */
	if (!same)
		loom_dhy_nbr_recompute(t, n, false);
	loom_dhy_settle(t, now_ns);
	spin_unlock_bh(&t->lock);
	return 0;
}

/* One advertised entry from neighbour @n. */
static void loom_dhy_adv_one(struct loom_dhy_table *t, struct loom_dhy_nbr *n,
			     const struct loom_dhy_adv_entry *e, u64 now)
{
	struct loom_dhy_dest *d = loom_dhy_dest_find(t, e->dest);
	struct loom_dhy_route *r = d ? loom_dhy_route_find(d, n) : NULL;
	u32 known;

	if (!is_valid_ether_addr(e->dest)) {
		loom_dhy_drop(t, LOOM_DHY_DROP_BAD_ADDR, 1);
		return;
	}
	if (ether_addr_equal(e->dest, t->self)) {
		loom_dhy_drop(t, LOOM_DHY_DROP_ADV_ABOUT_US, 1);
		return;
	}
	if (ether_addr_equal(e->dest, n->addr)) {
		loom_dhy_drop(t, LOOM_DHY_DROP_ADV_ABOUT_SENDER, 1);
		return;
	}
	loom_dhy_ev(t, LOOM_DHY_EV_ADV_RX);
	if (e->delay_us == LOOM_DHY_DELAY_INFINITE) {
		loom_dhy_ev(t, LOOM_DHY_EV_WITHDRAW_RX);
		if (r)
			loom_dhy_route_del(t, r);
		return;
	}
	if (!e->hops) {
		loom_dhy_drop(t, LOOM_DHY_DROP_ADV_HOPS_ZERO, 1);
		return;
	}
	/*
	 * The sender's path visits e->hops nodes besides itself, so with it
	 * e->hops + 1 distinct nodes we must know, the destination counted.
	 */
	known = loom_dhy_known_locked(t);
	if ((!d || d->dying) && !loom_dhy_nbr_find(t, e->dest))
		known++;
	if ((u32)e->hops + 1 > known || e->hops >= LOOM_DHY_HOPS_MAX) {
		loom_dhy_drop(t, LOOM_DHY_DROP_GHOST, 1);
		if (r)
			loom_dhy_route_del(t, r);
		return;
	}
	if ((u64)e->delay_us + (n->linked ? n->link_us : 0) >
	    LOOM_DHY_DELAY_MAX) {
		loom_dhy_drop(t, LOOM_DHY_DROP_DELAY_OVERFLOW, 1);
		if (r)
			loom_dhy_route_del(t, r);
		return;
	}
	if (!d)
		d = loom_dhy_dest_new(t, e->dest);
	else if (d->dying)
		loom_dhy_dest_revive(t, d);
	if (!d)
		return;
	loom_dhy_touch(t, d);
	if (!r)
		r = loom_dhy_route_new(t, d, n);
	if (!r)
		return;
	r->adv_us = e->delay_us;
	WRITE_ONCE(r->hops, e->hops + 1);
	WRITE_ONCE(r->updated_ns, now);
	WRITE_ONCE(r->delay_us, loom_dhy_route_delay(r));
	t->tick_ns = min(t->tick_ns, now + t->cfg.expire_ns);
}

/**
 * loom_dhy_adv_rx() - an advertisement arrived
 * @t: the table
 * @from: its sender, a neighbour (heard before)
 * @e: its entries
 * @n: how many
 * @now_ns: the caller's clock
 *
 * Each entry updates the route to @e->dest through @from: its delay is
 * the advertised one plus the link delay to @from, its hop count one
 * more.  An entry with delay LOOM_DHY_DELAY_INFINITE withdraws the route.  An
 * entry whose hop count plus one exceeds the nodes we know (a ghost), or
 * whose delay overflows the field, is dropped, counted, and withdraws the
 * route too.  Entries are taken in the order given (senders order them by
 * hop count, so that a path's nearer nodes are known before its farther
 * ones).  Any frame from @from also counts as hearing it.
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: 0; -EINVAL for a bad sender address, -ENOENT for a sender never
 * heard (every entry counted as dropped).
 */
int loom_dhy_adv_rx(struct loom_dhy_table *t, const u8 *from,
		    const struct loom_dhy_adv_entry *e, unsigned int n,
		    u64 now_ns)
{
	struct loom_dhy_nbr *nb;
	unsigned int i;
	int ret;

	ret = loom_dhy_check_peer(t, from, n);
	if (ret)
		return ret;
	spin_lock_bh(&t->lock);
	nb = loom_dhy_nbr_find(t, from);
	if (!nb) {
		spin_unlock_bh(&t->lock);
		loom_dhy_drop(t, LOOM_DHY_DROP_UNKNOWN_NBR, n);
		return -ENOENT;
	}
	loom_dhy_nbr_alive(t, nb, now_ns);
	for (i = 0; i < n; i++)
		loom_dhy_adv_one(t, nb, &e[i], now_ns);
	loom_dhy_settle(t, now_ns);
	spin_unlock_bh(&t->lock);
	return 0;
}

/*
 * Depreciation steps of a silent neighbour up to @due: each doubles every
 * route through it, and a route that doubling would take past
 * LOOM_DHY_DELAY_MAX goes instead (its destination, if left without a
 * route, is withdrawn: the final advertisement).  A neighbour that never
 * gave an RTT sample, or whose direct route went, goes with its routes.
 * Return: false if the neighbour went.
 */
static bool loom_dhy_depreciate(struct loom_dhy_table *t,
				struct loom_dhy_nbr *n, unsigned int due)
{
	struct loom_dhy_route *r, *rn;
	unsigned int step;

	for (step = n->depr; step < due; step++) {
		bool direct_gone = false;

		loom_dhy_ev(t, LOOM_DHY_EV_DEPRECIATED);
		if (!n->linked) {
			loom_dhy_nbr_del(t, n);
			return false;
		}
		list_for_each_entry_safe(r, rn, &n->routes, nlink) {
			u64 v = ((u64)n->link_us + r->adv_us) << (step + 1);

			if (v <= LOOM_DHY_DELAY_MAX)
				continue;
			direct_gone |= r->direct;
			loom_dhy_route_del(t, r);
		}
		if (direct_gone || list_empty(&n->routes)) {
			loom_dhy_nbr_del(t, n);
			return false;
		}
	}
	WRITE_ONCE(n->depr, due);
	loom_dhy_nbr_recompute(t, n, true);
	return true;
}

/**
 * loom_dhy_tick() - the periodic work
 * @t: the table
 * @now_ns: the caller's clock
 *
 * Depreciates silent neighbours (step i of a neighbour last heard at T
 * falls at T + silence_ns + i * depreciate_ns, whenever this is called:
 * every step due is applied), expires routes through heard neighbours
 * that were not advertised again within expire_ns, and marks for
 * advertising every destination not advertised for refresh_ns, with every
 * one not advertised for refresh_ns / 2, so that refreshes share frames.
 * Call it at loom_dhy_next_deadline(); calling it earlier or more often is
 * harmless (it returns at once while nothing can be due).
 *
 * Context: process or softirq context; takes the table lock (bh).
 */
void loom_dhy_tick(struct loom_dhy_table *t, u64 now_ns)
{
	const struct loom_dhy_config *c = &t->cfg;
	struct loom_dhy_dest *d, *dn;
	struct loom_dhy_route *r;
	struct hlist_node *tmp;
	u64 next = U64_MAX, m;
	bool refresh = false;

	spin_lock_bh(&t->lock);
	if (now_ns < t->tick_ns) {
		spin_unlock_bh(&t->lock);
		return;
	}
	for (m = t->nbr_mask; m; m &= m - 1) {
		struct loom_dhy_nbr *n = loom_dhy_nbr_at(t, __ffs64(m));
		u64 start = n->last_heard_ns + c->silence_ns;

		/* Given up on by the link layer: silent from then. */
		if (n->lost_ns)
			start = min(start, n->lost_ns);

		if (now_ns >= start) {
			u64 due = div64_u64(now_ns - start, c->depreciate_ns) + 1;

			due = min_t(u64, due, 63);
			if (due > n->depr && !loom_dhy_depreciate(t, n, due))
				continue;
		}
		next = min(next, start + n->depr * c->depreciate_ns);
	}
	list_for_each_entry(d, &t->all, all) {
		hlist_for_each_entry_safe(r, tmp, &d->routes, dnode) {
			u64 end = r->updated_ns + c->expire_ns;

			/* Silence is depreciation's business, not expiry's. */
			if (r->direct || r->nbr->depr)
				continue;
			if (now_ns < end) {
				next = min(next, end);
				continue;
			}
			loom_dhy_ev(t, LOOM_DHY_EV_ROUTE_EXPIRED);
			loom_dhy_route_del(t, r);
		}
	}
	loom_dhy_settle(t, now_ns);

	list_for_each_entry(d, &t->all, all)
		if (d->pub_valid && now_ns >= d->last_adv_ns + c->refresh_ns)
			refresh = true;
	list_for_each_entry_safe(d, dn, &t->all, all) {
		struct loom_dhy_route *best;

		if (!d->pub_valid)
			continue;
		if (refresh && now_ns >= d->last_adv_ns + c->refresh_ns / 2) {
			best = loom_dhy_best_w(d);
			if (!WARN_ON_ONCE(!best)) {
				loom_dhy_publish(t, d, best, now_ns);
				loom_dhy_ev(t, LOOM_DHY_EV_REFRESH);
			}
		}
		next = min(next, d->last_adv_ns + c->refresh_ns);
	}
	t->tick_ns = next;
	spin_unlock_bh(&t->lock);
}

/**
 * loom_dhy_next_deadline() - when the table next needs the caller
 * @t: the table
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: the earliest of loom_dhy_tick()'s next work and, while
 * advertisements wait, the end of their hold (loom_dhy_pull() hands them
 * out from then); U64_MAX when nothing is due.
 */
u64 loom_dhy_next_deadline(struct loom_dhy_table *t)
{
	u64 at;

	spin_lock_bh(&t->lock);
	at = t->tick_ns;
	if (t->pending)
		at = min(at, t->pending_since_ns + t->cfg.hold_ns);
	spin_unlock_bh(&t->lock);
	return at;
}

/* Fewest hops first; batches are small and often nearly sorted. */
static void loom_dhy_sort_batch(struct loom_dhy_batch *b)
{
	unsigned int i, j;

	for (i = 1; i < b->count; i++) {
		struct loom_dhy_adv_entry e = b->e[i];

		for (j = i; j && b->e[j - 1].hops > e.hops; j--)
			b->e[j] = b->e[j - 1];
		b->e[j] = e;
	}
}

/* Fill @b for @n from the destinations pending for it. */
static void loom_dhy_fill(struct loom_dhy_table *t, struct loom_dhy_nbr *n,
			  struct loom_dhy_batch *b)
{
	u64 bit = BIT_ULL(n->slot);
	struct loom_dhy_dest *d, *dn;

	lockdep_assert_held(&t->lock);
	list_for_each_entry_safe(d, dn, &t->plist, plist) {
		struct loom_dhy_adv_entry *e;

		if (!(d->pending & bit))
			continue;
		if (b->count == b->cap)
			break;
		loom_dhy_unpend(t, d, n);
		e = &b->e[b->count];
		if (!d->pub_valid) {
			ether_addr_copy(e->dest, d->addr);
			e->delay_us = LOOM_DHY_DELAY_INFINITE;
			e->hops = LOOM_DHY_HOPS_MAX;
			b->count++;
		} else if (d->pub_slot == n->slot &&
			   t->cfg.horizon != LOOM_DHY_HORIZON_NONE) {
			if (d->poison & bit) {
				d->poison &= ~bit;
				ether_addr_copy(e->dest, d->addr);
				e->delay_us = LOOM_DHY_DELAY_INFINITE;
				e->hops = LOOM_DHY_HOPS_MAX;
				b->count++;
				loom_dhy_ev(t, LOOM_DHY_EV_POISON_TX);
			}
		} else {
			ether_addr_copy(e->dest, d->addr);
			e->delay_us = d->pub_delay;
			e->hops = d->pub_hops;
			b->count++;
		}
		if (d->dying && !d->pending)
			loom_dhy_dest_free(t, d);
	}
}

/**
 * loom_dhy_pull() - the next advertisement to send
 * @t: the table
 * @now_ns: the caller's clock
 * @b: the caller's batch: @b->e with room for @b->cap entries
 *
 * Fills @b with up to @b->cap entries for one neighbour, @b->to, fewest
 * hops first.  Split horizon leaves out a destination whose best route
 * goes through @b->to; with triggered poisoned reverse, @b->to gets that
 * destination once as unreachable right after the route moved to it.
 * Unreachable entries carry LOOM_DHY_DELAY_INFINITE (all ones) and hop count
 * LOOM_DHY_HOPS_MAX.  Nothing is handed out while the oldest waiting
 * change is younger than hold_ns.  Call it after every other call, until
 * it returns 0, and send each batch to @b->to after it returned.
 *
 * Context: process or softirq context; takes the table lock (bh).
 * Return: entries filled (0: nothing to send now), -EINVAL if @b->cap is 0.
 */
int loom_dhy_pull(struct loom_dhy_table *t, u64 now_ns,
		  struct loom_dhy_batch *b)
{
	unsigned int i;

	b->count = 0;
	if (!b->cap)
		return -EINVAL;
	/*
	 * Nothing waits: no need for the lock.  What this caller's own calls
	 * left pending is visible here; another CPU's writer pulls its own.
	 */
	if (!READ_ONCE(t->pending))
		return 0;
	spin_lock_bh(&t->lock);
	while (t->pending &&
	       now_ns >= t->pending_since_ns + t->cfg.hold_ns) {
		struct loom_dhy_nbr *n = NULL;
		unsigned int slot = 0;

		for (i = 0; i < LOOM_DHY_MAX_NBRS; i++) {
			slot = (t->rr + i) % LOOM_DHY_MAX_NBRS;
			if (!(t->nbr_mask & BIT_ULL(slot)))
				continue;
			n = loom_dhy_nbr_at(t, slot);
			if (n->pending)
				break;
			n = NULL;
		}
		if (WARN_ON_ONCE(!n)) {
			WRITE_ONCE(t->pending, 0);
			break;
		}
		loom_dhy_fill(t, n, b);
		if (!n->pending)
			t->rr = (slot + 1) % LOOM_DHY_MAX_NBRS;
		if (b->count) {
			ether_addr_copy(b->to, n->addr);
			break;
		}
	}
	if (b->count) {
		loom_dhy_sort_batch(b);
		atomic64_add(b->count, &t->events[LOOM_DHY_EV_ADV_TX]);
		loom_dhy_ev(t, LOOM_DHY_EV_FRAMES_TX);
	}
	spin_unlock_bh(&t->lock);
	return b->count;
}

/**
 * loom_dhy_lookup() - the next hop towards a destination
 * @t: the table
 * @dest: the destination
 * @hop: filled with the best route's next hop, delay and hop count
 *
 * Context: any; RCU read side only, never blocks on writers.
 * Return: 0, or -ENOENT when no route is usable (counted as no_route).
 */
int loom_dhy_lookup(struct loom_dhy_table *t, const u8 *dest,
		    struct loom_dhy_hop *hop)
{
	struct loom_dhy_route *r = NULL;
	struct loom_dhy_dest *d;

	rcu_read_lock();
	hash_for_each_possible_rcu(t->dests, d, hnode, loom_dhy_key(dest)) {
		if (!ether_addr_equal(d->addr, dest))
			continue;
		r = rcu_dereference(d->best);
		if (r) {
			ether_addr_copy(hop->via, r->via);
			hop->delay_us = READ_ONCE(r->delay_us);
			hop->hops = READ_ONCE(r->hops);
		}
		break;
	}
	rcu_read_unlock();
	if (!r) {
		loom_dhy_drop(t, LOOM_DHY_DROP_NO_ROUTE, 1);
		return -ENOENT;
	}
	return 0;
}

/**
 * loom_dhy_known() - the nodes this table knows, itself excluded
 * @t: the table
 *
 * Destinations (those being withdrawn excluded) and neighbours heard that
 * are not destinations yet.
 *
 * Context: any; lockless, may be a moment out of date.
 * Return: the count.
 */
u32 loom_dhy_known(struct loom_dhy_table *t)
{
	return READ_ONCE(t->n_dests) + READ_ONCE(t->n_bare);
}

/**
 * loom_dhy_hop_limit() - the most hops a data frame may have made here
 * @t: the table
 *
 * max_hops when configured, else the nodes known with ourselves
 * (loom_dhy_known() + 1), at most LOOM_DHY_HOPS_MAX: a loop-free path
 * makes at most one hop fewer, so one hop of slack is left for a node not
 * heard of yet.
 *
 * Context: any; lockless.
 * Return: the limit.
 */
u32 loom_dhy_hop_limit(struct loom_dhy_table *t)
{
	if (t->cfg.max_hops)
		return t->cfg.max_hops;
	return min_t(u32, loom_dhy_known(t) + 1, LOOM_DHY_HOPS_MAX);
}

/**
 * loom_dhy_may_forward() - whether a data frame may go one hop further
 * @t: the table
 * @hops: the hops it has made so far, the one that brought it here
 *	included
 *
 * Context: any; lockless.
 * Return: true if @hops is below loom_dhy_hop_limit(); false (counted as
 * hop_limit) otherwise.
 */
bool loom_dhy_may_forward(struct loom_dhy_table *t, u32 hops)
{
	if (hops < loom_dhy_hop_limit(t))
		return true;
	loom_dhy_drop(t, LOOM_DHY_DROP_HOP_LIMIT, 1);
	return false;
}

/**
 * loom_dhy_dump_routes() - every route, a part at a time
 * @t: the table
 * @now_ns: the caller's clock (for the ages)
 * @c: where the previous part stopped (zeroed for the first)
 * @fn: called for each route; a non-zero return stops the dump before
 *	that route, which the next call shows first
 * @arg: for @fn
 *
 * Runs under rcu_read_lock(): @fn must not sleep.  Routes that come and go
 * between two parts may be missed or shown twice, as with any netlink dump.
 *
 * Context: any; RCU read side only.
 * Return: 0 when the dump is complete (@c->done), else @fn's value.
 */
int loom_dhy_dump_routes(struct loom_dhy_table *t, u64 now_ns,
			 struct loom_dhy_cursor *c, loom_dhy_route_fn fn,
			 void *arg)
{
	struct loom_dhy_route_info ri;
	struct loom_dhy_route *r, *best;
	struct loom_dhy_dest *d;
	int ret = 0;

	if (c->done)
		return 0;
	rcu_read_lock();
	for (; c->bucket < HASH_SIZE(t->dests); c->bucket++, c->skip = 0) {
		u32 i = 0;

		hlist_for_each_entry_rcu(d, &t->dests[c->bucket], hnode) {
			best = rcu_dereference(d->best);
			hlist_for_each_entry_rcu(r, &d->routes, dnode) {
				u64 upd = READ_ONCE(r->updated_ns);

				if (i++ < c->skip)
					continue;
				ether_addr_copy(ri.dest, d->addr);
				ether_addr_copy(ri.via, r->via);
				ri.delay_us = READ_ONCE(r->delay_us);
				ri.hops = READ_ONCE(r->hops);
				ri.best = r == best;
				ri.direct = r->direct;
				ri.age_ns = now_ns > upd ? now_ns - upd : 0;
				ret = fn(&ri, arg);
				if (ret) {
					c->skip = i - 1;
					goto out;
				}
			}
		}
	}
	c->done = true;
out:
	rcu_read_unlock();
	return ret;
}

/**
 * loom_dhy_dump_nbrs() - every neighbour, a part at a time
 * @t: the table
 * @now_ns: the caller's clock (for the ages)
 * @c: where the previous part stopped (zeroed for the first)
 * @fn: called for each neighbour; non-zero stops before it
 * @arg: for @fn
 *
 * Context: any; RCU read side only; @fn must not sleep.
 * Return: 0 when complete (@c->done), else @fn's value.
 */
int loom_dhy_dump_nbrs(struct loom_dhy_table *t, u64 now_ns,
		       struct loom_dhy_cursor *c, loom_dhy_nbr_fn fn,
		       void *arg)
{
	struct loom_dhy_nbr_info ni;
	struct loom_dhy_nbr *n;
	int ret = 0;

	if (c->done)
		return 0;
	rcu_read_lock();
	for (; c->bucket < LOOM_DHY_MAX_NBRS; c->bucket++) {
		u64 heard;

		n = rcu_dereference(t->nbrs[c->bucket]);
		if (!n)
			continue;
		heard = READ_ONCE(n->last_heard_ns);
		ether_addr_copy(ni.addr, n->addr);
		ni.linked = READ_ONCE(n->linked);
		ni.depr = READ_ONCE(n->depr);
		ni.silent = ni.depr > 0;
		ni.srtt_ns = READ_ONCE(n->srtt_ns);
		ni.link_us = READ_ONCE(n->link_us);
		ni.age_ns = now_ns > heard ? now_ns - heard : 0;
		ret = fn(&ni, arg);
		if (ret)
			goto out;
	}
	c->done = true;
out:
	rcu_read_unlock();
	return ret;
}

/**
 * loom_dhy_stats() - a snapshot of the counters and sizes
 * @t: the table
 * @s: filled in
 *
 * Context: process or softirq context; takes the table lock (bh).
 */
void loom_dhy_stats(struct loom_dhy_table *t, struct loom_dhy_stats *s)
{
	int i;

	for (i = 0; i < __LOOM_DHY_DROP_MAX; i++)
		s->drops[i] = atomic64_read(&t->drops[i]);
	for (i = 0; i < __LOOM_DHY_EV_MAX; i++)
		s->events[i] = atomic64_read(&t->events[i]);
	spin_lock_bh(&t->lock);
	s->nbrs = t->n_nbrs;
	s->dests = t->n_dests;
	s->routes = t->n_routes;
	s->pending = t->pending;
	spin_unlock_bh(&t->lock);
}
