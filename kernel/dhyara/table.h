/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dhyara's routing core (Documentation/dhyara.rst): neighbours and their
 * link delays, the routing table of (destination, via, delay, hops), the
 * best vector per destination, the advertisements that keep neighbours in
 * sync, and route depreciation.
 *
 * Pure logic: time comes in as now_ns (the caller's loom_clock), nothing
 * arms a timer and nothing is sent from here.  The caller feeds beacons,
 * acknowledgments and advertisements in, calls loom_dhy_tick() at
 * loom_dhy_next_deadline(), and after every call drains the advertisements
 * with loom_dhy_pull(), one frame's worth for one neighbour at a time,
 * which it sends after the call has returned (no lock held).
 *
 * Locking: every function that changes the table takes the table's own
 * spinlock with spin_lock_bh(), so the caller may hold its own lock or RCU
 * around it, in process or softirq context, but not in hardirq context or
 * with interrupts disabled.  A caller's lock held around these calls is
 * taken before the table's, so it must itself be safe against softirqs
 * (spin_lock_bh(), or only ever taken in softirq context).  Readers
 * (loom_dhy_lookup(), loom_dhy_may_forward(), the dumps) take only
 * rcu_read_lock() and may run anywhere, concurrently with a writer.
 * Entries are freed with kfree_rcu().  Nothing here sleeps; allocations
 * are GFP_ATOMIC.
 */
#ifndef _LOOM_DHYARA_TABLE_H
#define _LOOM_DHYARA_TABLE_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#include "frame.h"

/*
 * Delays are microseconds in a u32, as advertised; all ones
 * (LOOM_DHY_DELAY_INFINITE, frame.h): unreachable.
 */
/* The largest delay a route may have; doubling past it removes the route. */
#define LOOM_DHY_DELAY_MAX	(U32_MAX - 1)
/* Hop counts are a u8; the hop count sent with an unreachable entry. */
#define LOOM_DHY_HOPS_MAX	255
/* Neighbours per table: one bit each in a destination's pending masks. */
#define LOOM_DHY_MAX_NBRS	64
/* Largest table a configuration may ask for. */
#define LOOM_DHY_DESTS_LIMIT	4096
#define LOOM_DHY_ROUTES_LIMIT	65535
/* An RTT above this is refused as a broken sample (a minute). */
#define LOOM_DHY_RTT_MAX_NS	(60ULL * 1000000000ULL)
/* Destination hash: 2^8 buckets. */
#define LOOM_DHY_HASH_BITS	8

/**
 * enum loom_dhy_policy - how the best route to a destination is chosen
 * @LOOM_DHY_BEST_HOPS: fewest hops, then lowest delay (the original
 *	implementation's rule; the default)
 * @LOOM_DHY_BEST_DELAY: lowest delay only, then fewest hops (the text's)
 * @__LOOM_DHY_BEST_MAX: number of policies
 *
 * Under both, a route through a neighbour that has gone silent ranks after
 * every route through one that is heard.
 */
enum loom_dhy_policy {
	LOOM_DHY_BEST_HOPS,
	LOOM_DHY_BEST_DELAY,
	__LOOM_DHY_BEST_MAX,
};

/**
 * enum loom_dhy_horizon - what is advertised back to a route's next hop
 * @LOOM_DHY_HORIZON_NONE: everything (no split horizon; for tests that show
 *	what the ghost-route guard alone does)
 * @LOOM_DHY_HORIZON_SPLIT: nothing: split horizon
 * @LOOM_DHY_HORIZON_POISON: split horizon, plus one "unreachable" entry to
 *	the new next hop each time the best route moves to it (triggered
 *	poisoned reverse; the default)
 * @__LOOM_DHY_HORIZON_MAX: number of modes
 */
enum loom_dhy_horizon {
	LOOM_DHY_HORIZON_NONE,
	LOOM_DHY_HORIZON_SPLIT,
	LOOM_DHY_HORIZON_POISON,
	__LOOM_DHY_HORIZON_MAX,
};

/**
 * enum loom_dhy_drop - why an input, or part of one, was refused
 * @LOOM_DHY_DROP_BAD_ADDR: a neighbour or destination address that is
 *	multicast, broadcast or zero
 * @LOOM_DHY_DROP_SELF: a beacon, acknowledgment or advertisement that
 *	claims to come from our own address
 * @LOOM_DHY_DROP_UNKNOWN_NBR: an advertisement from a node never heard
 * @LOOM_DHY_DROP_ADV_ABOUT_US: an advertised route to ourselves (ignored)
 * @LOOM_DHY_DROP_ADV_ABOUT_SENDER: an advertised route to its own sender
 * @LOOM_DHY_DROP_ADV_HOPS_ZERO: an advertised hop count of 0
 * @LOOM_DHY_DROP_GHOST: an advertised hop count that, plus ours, exceeds
 *	the nodes we know (a ghost route); our route through its sender goes
 * @LOOM_DHY_DROP_DELAY_OVERFLOW: an advertised delay that, plus the link
 *	delay, does not fit the delay field; our route through it goes
 * @LOOM_DHY_DROP_RTT_BAD: an RTT sample of 0 or above LOOM_DHY_RTT_MAX_NS
 * @LOOM_DHY_DROP_NBR_FULL: a new neighbour refused: LOOM_DHY_MAX_NBRS
 * @LOOM_DHY_DROP_DEST_FULL: a new destination refused: max_dests
 * @LOOM_DHY_DROP_ROUTE_FULL: a new route refused: max_routes
 * @LOOM_DHY_DROP_NOMEM: an allocation failed
 * @LOOM_DHY_DROP_NO_ROUTE: a lookup found no route
 * @LOOM_DHY_DROP_HOP_LIMIT: a frame refused by loom_dhy_may_forward()
 * @__LOOM_DHY_DROP_MAX: number of reasons
 */
enum loom_dhy_drop {
	LOOM_DHY_DROP_BAD_ADDR,
	LOOM_DHY_DROP_SELF,
	LOOM_DHY_DROP_UNKNOWN_NBR,
	LOOM_DHY_DROP_ADV_ABOUT_US,
	LOOM_DHY_DROP_ADV_ABOUT_SENDER,
	LOOM_DHY_DROP_ADV_HOPS_ZERO,
	LOOM_DHY_DROP_GHOST,
	LOOM_DHY_DROP_DELAY_OVERFLOW,
	LOOM_DHY_DROP_RTT_BAD,
	LOOM_DHY_DROP_NBR_FULL,
	LOOM_DHY_DROP_DEST_FULL,
	LOOM_DHY_DROP_ROUTE_FULL,
	LOOM_DHY_DROP_NOMEM,
	LOOM_DHY_DROP_NO_ROUTE,
	LOOM_DHY_DROP_HOP_LIMIT,
	__LOOM_DHY_DROP_MAX,
};

/**
 * enum loom_dhy_event - what the table did, counted
 * @LOOM_DHY_EV_ADV_RX: advertised entries taken in (withdrawals included)
 * @LOOM_DHY_EV_WITHDRAW_RX: of those, "unreachable" entries
 * @LOOM_DHY_EV_ADV_TX: entries handed out by loom_dhy_pull()
 * @LOOM_DHY_EV_POISON_TX: of those, poisoned-reverse entries
 * @LOOM_DHY_EV_FRAMES_TX: batches handed out by loom_dhy_pull()
 * @LOOM_DHY_EV_SUPPRESSED: delay changes below the tolerance, not advertised
 * @LOOM_DHY_EV_REFRESH: destinations advertised again because they were due
 * @LOOM_DHY_EV_BEST_CHANGED: best route moved to another next hop
 * @LOOM_DHY_EV_NBR_ADD: neighbours added
 * @LOOM_DHY_EV_NBR_DEL: neighbours removed (silent until their last route
 *	went)
 * @LOOM_DHY_EV_DEST_ADD: destinations added
 * @LOOM_DHY_EV_DEST_DEL: destinations removed
 * @LOOM_DHY_EV_ROUTE_ADD: routes added
 * @LOOM_DHY_EV_ROUTE_DEL: routes removed (withdrawn, depreciated, expired)
 * @LOOM_DHY_EV_ROUTE_EXPIRED: of those, not refreshed within expire_ns
 * @LOOM_DHY_EV_DEPRECIATED: doublings of a silent neighbour's routes
 * @__LOOM_DHY_EV_MAX: number of events
 */
enum loom_dhy_event {
	LOOM_DHY_EV_ADV_RX,
	LOOM_DHY_EV_WITHDRAW_RX,
	LOOM_DHY_EV_ADV_TX,
	LOOM_DHY_EV_POISON_TX,
	LOOM_DHY_EV_FRAMES_TX,
	LOOM_DHY_EV_SUPPRESSED,
	LOOM_DHY_EV_REFRESH,
	LOOM_DHY_EV_BEST_CHANGED,
	LOOM_DHY_EV_NBR_ADD,
	LOOM_DHY_EV_NBR_DEL,
	LOOM_DHY_EV_DEST_ADD,
	LOOM_DHY_EV_DEST_DEL,
	LOOM_DHY_EV_ROUTE_ADD,
	LOOM_DHY_EV_ROUTE_DEL,
	LOOM_DHY_EV_ROUTE_EXPIRED,
	LOOM_DHY_EV_DEPRECIATED,
	__LOOM_DHY_EV_MAX,
};

/**
 * struct loom_dhy_config - one table's parameters
 * @beacon_ns: the beacon interval the caller uses (default 1000 ms); the
 *	defaults below derive from it
 * @silence_ns: a neighbour not heard for this long is silent: its routes
 *	are doubled (default 3 beacon intervals)
 * @depreciate_ns: while it stays silent, its routes are doubled again
 *	every this long (default 1 beacon interval)
 * @refresh_ns: a destination not advertised for this long is advertised
 *	again, and with it every one not advertised for half as long
 *	(default 2000 ms)
 * @expire_ns: a route learnt from an advertisement that its next hop,
 *	while heard, does not advertise again for this long goes (default 3
 *	refresh intervals)
 * @hold_ns: advertisements wait this long after the first change so that
 *	changes close together share a frame (default 10 ms)
 * @tol_min_us: drift tolerance floor in microseconds (default 1000)
 * @tol_shift: drift tolerance is also published delay >> @tol_shift; the
 *	larger of the two counts (default 3: 12.5 %)
 * @max_dests: most destinations (default 256)
 * @max_routes: most routes, direct ones included (default 4096: one per
 *	destination and neighbour that advertises it, 16 neighbours each)
 * @max_hops: loom_dhy_may_forward()'s fixed limit; 0 derives it from the
 *	known node count (default 0)
 * @policy: enum loom_dhy_policy
 * @horizon: enum loom_dhy_horizon
 */
struct loom_dhy_config {
	u64 beacon_ns;
	u64 silence_ns;
	u64 depreciate_ns;
	u64 refresh_ns;
	u64 expire_ns;
	u64 hold_ns;
	u32 tol_min_us;
	u8 tol_shift;
	u16 max_dests;
	u16 max_routes;
	u8 max_hops;
	u8 policy;
	u8 horizon;
};

/**
 * struct loom_dhy_batch - one advertisement frame's worth, for one neighbour
 * @to: the neighbour it goes to (unicast)
 * @count: entries filled, ordered by hop count, fewest first
 * @cap: room in @e (the caller's frame size over the entry size)
 * @e: the caller's entries
 */
struct loom_dhy_batch {
	u8 to[ETH_ALEN];
	u16 count;
	u16 cap;
	struct loom_dhy_adv_entry *e;
};

/**
 * struct loom_dhy_nbr - a neighbour (writers: under the table lock)
 * @addr: its address
 * @slot: its bit in the destinations' pending masks
 * @linked: an RTT sample exists, so routes through it are usable
 * @has_dest: a destination entry of its address exists
 * @depr: doublings applied since it went silent (0: heard)
 * @srtt_ns: smoothed RTT (EWMA, gain 1/8)
 * @link_us: one-way link delay, srtt / 2 in microseconds, at least 1
 * @last_heard_ns: when a frame from it last arrived
 * @lost_ns: when the link layer gave up on it (loom_dhy_nbr_lost()): it
 *	counts as silent from then, as if last heard the silence threshold
 *	before; 0 while it is not lost
 * @pending: destinations waiting to be advertised to it
 * @routes: the routes through it (writer-only list)
 * @rcu: frees it after a grace period
 *
 * Readers (loom_dhy_dump_nbrs()) read @addr, @linked, @depr, @srtt_ns,
 * @link_us and @last_heard_ns with READ_ONCE().
 */
struct loom_dhy_nbr {
	u8 addr[ETH_ALEN];
	u8 slot;
	bool linked;
	bool has_dest;
	u8 depr;
	u64 srtt_ns;
	u32 link_us;
	u64 last_heard_ns;
	u64 lost_ns;
	u32 pending;
	struct list_head routes;
	struct rcu_head rcu;
};

struct loom_dhy_dest;

/**
 * struct loom_dhy_route - a route: a destination through a next hop
 * @dnode: in the destination's RCU list of routes
 * @nlink: in the next hop's list of routes (writers only)
 * @dest: its destination
 * @nbr: its next hop (valid while the route is, under the table lock)
 * @via: the next hop's address, for readers
 * @adv_us: what the next hop advertised (0 for a direct route)
 * @delay_us: (link delay + @adv_us) doubled once per depreciation step;
 *	LOOM_DHY_DELAY_INFINITE while the next hop has no RTT sample
 * @hops: our hop count: advertised hops + 1 (1 for a direct route)
 * @direct: the destination is the next hop
 * @updated_ns: when it was last advertised (direct: last RTT sample)
 * @rcu: frees it after a grace period
 */
struct loom_dhy_route {
	struct hlist_node dnode;
	struct list_head nlink;
	struct loom_dhy_dest *dest;
	struct loom_dhy_nbr *nbr;
	u8 via[ETH_ALEN];
	u32 adv_us;
	u32 delay_us;
	u8 hops;
	bool direct;
	u64 updated_ns;
	struct rcu_head rcu;
};

/**
 * struct loom_dhy_dest - a destination and its routes
 * @hnode: in the table's RCU hash
 * @all: in the table's list of destinations (writers only)
 * @work: on the table's list of destinations to sync
 * @plist: on the table's list of destinations with @pending bits
 * @addr: its address
 * @routes: its routes (RCU list)
 * @best: the best of them, or NULL (RCU)
 * @n_routes: routes in @routes
 * @pub_valid: a route was advertised and not withdrawn since
 * @pub_slot: next hop of the advertised route (its neighbour slot)
 * @pub_hops: hop count advertised
 * @pub_delay: delay advertised
 * @last_adv_ns: when it was last advertised to every neighbour
 * @pending: neighbours (by slot) it waits to be advertised to
 * @poison: neighbours that get "unreachable" for it once, not nothing
 * @dying: no route is left; it goes once its withdrawal is handed out
 * @force: advertise it on the next sync whatever the tolerance says (its
 *	delay was doubled or undoubled)
 * @note_valid: @note_via was told to &loom_dhy_table.notify
 * @note_via: the next hop of the best route it was last told
 * @rcu: frees it after a grace period
 */
struct loom_dhy_dest {
	struct hlist_node hnode;
	struct list_head all;
	struct list_head work;
	struct list_head plist;
	u8 addr[ETH_ALEN];
	struct hlist_head routes;
	struct loom_dhy_route __rcu *best;
	u16 n_routes;
	bool pub_valid;
	u8 pub_slot;
	u8 pub_hops;
	u32 pub_delay;
	u64 last_adv_ns;
	u64 pending;
	u64 poison;
	bool dying;
	bool force;
	bool note_valid;
	u8 note_via[ETH_ALEN];
	struct rcu_head rcu;
};

/**
 * typedef loom_dhy_notify_fn - told when the table's view changes
 * @arg: what loom_dhy_set_notify() was given
 * @ev: LOOM_DHY_EV_NBR_ADD, LOOM_DHY_EV_NBR_DEL or
 *	LOOM_DHY_EV_BEST_CHANGED
 * @subject: the neighbour, or the destination whose best route moved
 * @via: its new next hop, or NULL if it has none (LOOM_DHY_EV_BEST_CHANGED)
 *
 * Called with the table's lock held and bottom halves off: it must not
 * sleep nor call into the table.
 */
typedef void (*loom_dhy_notify_fn)(void *arg, enum loom_dhy_event ev,
				   const u8 *subject, const u8 *via);

/**
 * struct loom_dhy_table - one node's Dhyara routing table
 * @lock: serialises writers (spin_lock_bh)
 * @self: our own address
 * @cfg: parameters, checked
 * @dests: destinations by address (RCU hash)
 * @all: destinations, for writers
 * @work: destinations a writer changed, settled before it unlocks
 * @plist: destinations waiting to be advertised to someone, oldest first
 * @nbrs: neighbours by slot (RCU)
 * @nbr_mask: slots in use
 * @n_nbrs: neighbours
 * @n_bare: neighbours without a destination entry of their address
 * @n_dests: destinations, dying ones excluded
 * @n_dying: dying destinations
 * @n_routes: routes
 * @pending: destination/neighbour pairs waiting to be advertised
 * @pending_since_ns: when the oldest of them started waiting
 * @rr: the neighbour slot loom_dhy_pull() looks at first
 * @tick_ns: the earliest time loom_dhy_tick() may have work (a lower
 *	bound: it never has work earlier)
 * @drops: counters by enum loom_dhy_drop
 * @events: counters by enum loom_dhy_event
 * @notify: told of neighbours and best routes that change, or NULL
 * @notify_arg: for @notify
 * @rcu: frees it after a grace period
 */
struct loom_dhy_table {
	spinlock_t lock; /* writers */
	u8 self[ETH_ALEN];
	struct loom_dhy_config cfg;
	DECLARE_HASHTABLE(dests, LOOM_DHY_HASH_BITS);
	struct list_head all;
	struct list_head work;
	struct list_head plist;
	struct loom_dhy_nbr __rcu *nbrs[LOOM_DHY_MAX_NBRS];
	u64 nbr_mask;
	u32 n_nbrs;
	u32 n_bare;
	u32 n_dests;
	u32 n_dying;
	u32 n_routes;
	u32 pending;
	u64 pending_since_ns;
	u8 rr;
	u64 tick_ns;
	atomic64_t drops[__LOOM_DHY_DROP_MAX];
	atomic64_t events[__LOOM_DHY_EV_MAX];
	loom_dhy_notify_fn notify;
	void *notify_arg;
	struct rcu_head rcu;
};

/**
 * struct loom_dhy_hop - what a lookup returns
 * @via: the next hop (the destination itself for a neighbour)
 * @delay_us: delay of the best route
 * @hops: hop count of the best route
 */
struct loom_dhy_hop {
	u8 via[ETH_ALEN];
	u32 delay_us;
	u8 hops;
};

/**
 * struct loom_dhy_route_info - one route, as a dump shows it
 * @dest: destination
 * @via: next hop (the destination itself for a direct route)
 * @delay_us: delay (LOOM_DHY_DELAY_INFINITE: next hop has no RTT yet)
 * @hops: hop count
 * @best: it is the destination's best route
 * @direct: the destination is a neighbour and this is the direct route
 * @age_ns: time since it was last advertised or sampled
 */
struct loom_dhy_route_info {
	u8 dest[ETH_ALEN];
	u8 via[ETH_ALEN];
	u32 delay_us;
	u8 hops;
	bool best;
	bool direct;
	u64 age_ns;
};

/**
 * struct loom_dhy_nbr_info - one neighbour, as a dump shows it
 * @addr: its address
 * @linked: an RTT sample exists
 * @silent: not heard for silence_ns; its routes are being doubled
 * @depr: doublings so far
 * @srtt_ns: smoothed RTT
 * @link_us: link delay
 * @age_ns: time since it was last heard
 */
struct loom_dhy_nbr_info {
	u8 addr[ETH_ALEN];
	bool linked;
	bool silent;
	u8 depr;
	u64 srtt_ns;
	u32 link_us;
	u64 age_ns;
};

/**
 * struct loom_dhy_cursor - where a dump stopped; zero it to start
 * @bucket: hash bucket (routes) or slot (neighbours)
 * @skip: entries of that bucket already shown
 * @done: the dump is complete
 */
struct loom_dhy_cursor {
	u32 bucket;
	u32 skip;
	bool done;
};

/**
 * struct loom_dhy_stats - a snapshot of a table's counters and sizes
 * @drops: by enum loom_dhy_drop
 * @events: by enum loom_dhy_event
 * @nbrs: neighbours
 * @dests: destinations (dying ones excluded)
 * @routes: routes
 * @pending: destination/neighbour pairs waiting to be advertised
 */
struct loom_dhy_stats {
	u64 drops[__LOOM_DHY_DROP_MAX];
	u64 events[__LOOM_DHY_EV_MAX];
	u32 nbrs;
	u32 dests;
	u32 routes;
	u32 pending;
};

typedef int (*loom_dhy_route_fn)(const struct loom_dhy_route_info *ri,
				 void *arg);
typedef int (*loom_dhy_nbr_fn)(const struct loom_dhy_nbr_info *ni,
			       void *arg);

void loom_dhy_config_default(struct loom_dhy_config *cfg, u64 beacon_ns);
int loom_dhy_config_check(const struct loom_dhy_config *cfg,
			  const char **field);
struct loom_dhy_table *loom_dhy_table_alloc(const u8 *self,
					    const struct loom_dhy_config *cfg,
					    const char **field);
void loom_dhy_table_free(struct loom_dhy_table *t);
void loom_dhy_set_notify(struct loom_dhy_table *t, loom_dhy_notify_fn fn,
			 void *arg);

int loom_dhy_heard(struct loom_dhy_table *t, const u8 *nbr, u64 now_ns);
int loom_dhy_nbr_lost(struct loom_dhy_table *t, const u8 *nbr, u64 now_ns);
int loom_dhy_link_sample(struct loom_dhy_table *t, const u8 *nbr,
			 u64 rtt_ns, u64 now_ns);
int loom_dhy_adv_rx(struct loom_dhy_table *t, const u8 *from,
		    const struct loom_dhy_adv_entry *e, unsigned int n,
		    u64 now_ns);
void loom_dhy_tick(struct loom_dhy_table *t, u64 now_ns);
u64 loom_dhy_next_deadline(struct loom_dhy_table *t);
int loom_dhy_pull(struct loom_dhy_table *t, u64 now_ns,
		  struct loom_dhy_batch *b);

int loom_dhy_lookup(struct loom_dhy_table *t, const u8 *dest,
		    struct loom_dhy_hop *hop);
u32 loom_dhy_known(struct loom_dhy_table *t);
u32 loom_dhy_hop_limit(struct loom_dhy_table *t);
bool loom_dhy_may_forward(struct loom_dhy_table *t, u32 hops);
int loom_dhy_dump_routes(struct loom_dhy_table *t, u64 now_ns,
			 struct loom_dhy_cursor *c, loom_dhy_route_fn fn,
			 void *arg);
int loom_dhy_dump_nbrs(struct loom_dhy_table *t, u64 now_ns,
		       struct loom_dhy_cursor *c, loom_dhy_nbr_fn fn,
		       void *arg);
void loom_dhy_stats(struct loom_dhy_table *t, struct loom_dhy_stats *s);
const char *loom_dhy_drop_name(enum loom_dhy_drop reason);
const char *loom_dhy_event_name(enum loom_dhy_event ev);

#endif /* _LOOM_DHYARA_TABLE_H */
