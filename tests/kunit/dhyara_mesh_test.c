// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Dhyara's routing core in simulated meshes (Documentation/dhyara.rst,
 * "Routing", "Tests").
 *
 * A harness runs N tables over a graph: every node beacons each beacon
 * interval from a random phase; a beacon reaches each neighbour after the
 * link's one-way delay and is acknowledged with its time echoed, so the
 * RTT is twice the link delay; advertisements pulled from a table go to
 * their neighbour after the same delay; each table's loom_dhy_tick() runs
 * at its loom_dhy_next_deadline().  Virtual time advances event by event
 * (a heap ordered by time, then by insertion), so a run depends only on
 * its seed.  Results are checked against a breadth-first search of the
 * true graph: every node has a route to every node it can reach, with the
 * fewest hops, through a neighbour one hop nearer (so following next hops
 * cannot loop), and no route to anything else.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "../../kernel/dhyara/table.h"
#include "../../kernel/radio/medium.h"

#define MS	1000000ULL
#define S	1000000000ULL

#define SIM_MAX		100
#define SIM_CAP		64		/* entries per advertisement frame */
#define SIM_FAR		255		/* BFS: unreachable */
#define SIM_CHECK_NS	(50 * MS)	/* convergence is checked this often */

enum sim_ev_type { SIM_BEACON, SIM_BCN, SIM_ACK, SIM_ADV, SIM_TICK };

/**
 * struct sim_ev - one event
 * @at: when
 * @seq: insertion order, for ties
 * @type: enum sim_ev_type
 * @from: sending node (or the node for SIM_BEACON, SIM_TICK)
 * @to: receiving node
 * @n: entries in @e
 * @tx: beacon time, echoed by the acknowledgment
 * @e: the advertisement's entries (a struct sim_blk's)
 */
struct sim_ev {
	u64 at;
	u32 seq;
	u8 type;
	u8 from, to;
	u8 n;
	u64 tx;
	struct loom_dhy_adv_entry *e;
};

/**
 * struct sim_blk - room for one advertisement in flight
 * @next: on the free list
 * @e: the entries
 */
struct sim_blk {
	struct sim_blk *next;
	struct loom_dhy_adv_entry e[SIM_CAP];
};

#define SIM_BLK_CHUNK	256
#define SIM_BLK_CHUNKS	64

/**
 * struct sim - a simulated mesh
 * @test: the test
 * @n: nodes
 * @cfg: every table's configuration
 * @t: tables
 * @addr: node addresses, 02:00:00:00:00:<index + 1>
 * @link_us: one-way delay of each link in microseconds, 0: no link
 * @alive: a removed node neither sends nor receives
 * @tick_at: when each node's next tick is scheduled
 * @last_rx: when node i last took in a frame from node j
 * @dist: BFS hop counts of the true graph, SIM_FAR when unreachable
 * @heap: pending events
 * @nheap: events in @heap
 * @cap: room in @heap
 * @seq: insertion counter
 * @now: virtual time
 * @rng: seeded generator (loom_rng_next())
 * @loss_ppm: chance of losing each frame
 * @frames: advertisement frames sent
 * @entries: advertisement entries sent
 * @beacons: beacons sent
 * @events: events handled
 * @watch: node whose disappearance is watched, or -1
 * @gone_at: when the watched node last disappeared from each table (0:
 *	present)
 * @back: how often it came back into each table
 * @max_hops: largest hop count seen for it in each table
 * @buf: one pulled batch
 * @free_blk: blocks for advertisements in flight, free
 * @chunk: the allocations they come from
 * @nchunk: allocations in @chunk
 */
struct sim {
	struct kunit *test;
	u32 n;
	struct loom_dhy_config cfg;
	struct loom_dhy_table *t[SIM_MAX];
	u8 addr[SIM_MAX][ETH_ALEN];
	u16 link_us[SIM_MAX][SIM_MAX];
	bool alive[SIM_MAX];
	u64 tick_at[SIM_MAX];
	u64 last_rx[SIM_MAX][SIM_MAX];
	u8 dist[SIM_MAX][SIM_MAX];
	struct sim_ev *heap;
	u32 nheap, cap, seq;
	u64 now;
	u64 rng;
	u32 loss_ppm;
	u64 frames, entries, beacons, events;
	int watch;
	u64 gone_at[SIM_MAX];
	u32 back[SIM_MAX];
	u8 max_hops[SIM_MAX];
	struct loom_dhy_adv_entry buf[SIM_CAP];
	struct sim_blk *free_blk;
	struct sim_blk *chunk[SIM_BLK_CHUNKS];
	u32 nchunk;
};

/* A block for an advertisement in flight (frames come and go by the many). */
static struct loom_dhy_adv_entry *sim_blk_get(struct sim *s)
{
	struct sim_blk *b;

	if (!s->free_blk) {
		u32 i;

		KUNIT_ASSERT_LT(s->test, s->nchunk, (u32)SIM_BLK_CHUNKS);
		b = kvmalloc_array(SIM_BLK_CHUNK, sizeof(*b), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(s->test, b);
		s->chunk[s->nchunk++] = b;
		for (i = 0; i < SIM_BLK_CHUNK; i++) {
			b[i].next = s->free_blk;
			s->free_blk = &b[i];
		}
	}
	b = s->free_blk;
	s->free_blk = b->next;
	return b->e;
}

static void sim_blk_put(struct sim *s, struct loom_dhy_adv_entry *e)
{
	struct sim_blk *b = container_of(e, struct sim_blk, e[0]);

	b->next = s->free_blk;
	s->free_blk = b;
}

static bool sim_before(const struct sim_ev *a, const struct sim_ev *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void sim_push(struct sim *s, struct sim_ev *ev)
{
	u32 i;

	if (s->nheap == s->cap) {
		u32 cap = s->cap ? 2 * s->cap : 1024;
		struct sim_ev *h = kvmalloc_array(cap, sizeof(*h), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(s->test, h);
		if (s->nheap)
			memcpy(h, s->heap, s->nheap * sizeof(*h));
		kvfree(s->heap);
		s->heap = h;
		s->cap = cap;
	}
	ev->seq = s->seq++;
	i = s->nheap++;
	while (i && sim_before(ev, &s->heap[(i - 1) / 2])) {
		s->heap[i] = s->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	s->heap[i] = *ev;
}

static void sim_pop(struct sim *s, struct sim_ev *ev)
{
	struct sim_ev last;
	u32 i = 0;

	*ev = s->heap[0];
	last = s->heap[--s->nheap];
	for (;;) {
		u32 c = 2 * i + 1;

		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && sim_before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!sim_before(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->nheap)
		s->heap[i] = last;
}

static u32 sim_rand(struct sim *s, u32 n)
{
	return (u32)((loom_rng_next(&s->rng) >> 32) * n >> 32);
}

static int sim_index(const u8 *a)
{
	return (a[4] << 8 | a[5]) - 1;
}

static void sim_link(struct sim *s, u32 i, u32 j, u32 delay_us)
{
	s->link_us[i][j] = delay_us;
	s->link_us[j][i] = delay_us;
}

static struct sim *sim_new(struct kunit *test, u32 n, u64 seed,
			   const struct loom_dhy_config *cfg)
{
	struct sim *s = kvzalloc(sizeof(*s), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	test->priv = s;
	KUNIT_ASSERT_LE(test, n, (u32)SIM_MAX);
	s->test = test;
	s->n = n;
	s->rng = seed;
	s->watch = -1;
	if (cfg)
		s->cfg = *cfg;
	else
		loom_dhy_config_default(&s->cfg, 0);
	for (i = 0; i < n; i++) {
		const char *field = NULL;

		s->addr[i][0] = 0x02;
		s->addr[i][4] = (i + 1) >> 8;
		s->addr[i][5] = (i + 1) & 0xff;
		s->t[i] = loom_dhy_table_alloc(s->addr[i], &s->cfg, &field);
		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_OR_NULL(s->t[i]), "%s",
				       field ? field : "-");
		s->alive[i] = true;
	}
	return s;
}

static void sim_free(struct kunit *test)
{
	struct sim *s = test->priv;
	u32 i;

	if (!s)
		return;
	for (i = 0; i < s->nchunk; i++)
		kvfree(s->chunk[i]);
	kvfree(s->heap);
	for (i = 0; i < s->n; i++)
		if (!IS_ERR_OR_NULL(s->t[i]))
			loom_dhy_table_free(s->t[i]);
	kvfree(s);
	test->priv = NULL;
}

/* Every node beacons from a random phase within the first interval. */
static void sim_start(struct sim *s)
{
	u32 i;

	for (i = 0; i < s->n; i++) {
		struct sim_ev ev = {
			.at = s->now + sim_rand(s, 1000) * (s->cfg.beacon_ns / 1000),
			.type = SIM_BEACON, .from = i,
		};

		sim_push(s, &ev);
	}
}

/* Breadth-first hop counts from @src over the links between live nodes. */
static void sim_bfs_from(struct sim *s, u32 src)
{
	u8 queue[SIM_MAX];
	u32 head = 0, tail = 0, i, j;

	memset(s->dist[src], SIM_FAR, sizeof(s->dist[src]));
	if (!s->alive[src])
		return;
	s->dist[src][src] = 0;
	queue[tail++] = src;
	while (head < tail) {
		i = queue[head++];
		for (j = 0; j < s->n; j++) {
			if (!s->link_us[i][j] || !s->alive[j] ||
			    s->dist[src][j] != SIM_FAR)
				continue;
			s->dist[src][j] = s->dist[src][i] + 1;
			queue[tail++] = j;
		}
	}
}

static void sim_bfs(struct sim *s)
{
	u32 src;

	for (src = 0; src < s->n; src++)
		sim_bfs_from(s, src);
}

/* Whether the live nodes form one component. */
static bool sim_connected(struct sim *s)
{
	u32 first = 0, i;

	while (first < s->n && !s->alive[first])
		first++;
	sim_bfs_from(s, first);
	for (i = 0; i < s->n; i++)
		if (s->alive[i] && s->dist[first][i] == SIM_FAR)
			return false;
	return true;
}

/* A random geometric graph of about @deg neighbours each, made connected. */
static void sim_geo(struct sim *s, u32 deg)
{
	u32 x[SIM_MAX], y[SIM_MAX], comp[SIM_MAX];
	u64 r2 = 100000000ULL * deg * 7 / (22 * s->n);	/* 10^8 deg / (pi n) */
	u32 i, j, k;

	for (i = 0; i < s->n; i++) {
		x[i] = sim_rand(s, 10000);
		y[i] = sim_rand(s, 10000);
	}
	for (i = 0; i < s->n; i++)
		for (j = i + 1; j < s->n; j++) {
			s64 dx = (s64)x[i] - x[j], dy = (s64)y[i] - y[j];

			if ((u64)(dx * dx + dy * dy) <= r2)
				sim_link(s, i, j, 1000 + sim_rand(s, 19001));
		}
	for (;;) {
		u64 best = U64_MAX;
		u32 bi = 0, bj = 0;

		sim_bfs_from(s, 0);
		for (i = 0; i < s->n; i++)
			comp[i] = s->dist[0][i] != SIM_FAR;
		for (i = 0; i < s->n; i++) {
			if (!comp[i])
				continue;
			for (j = 0; j < s->n; j++) {
				s64 dx = (s64)x[i] - x[j], dy = (s64)y[i] - y[j];
				u64 d2 = dx * dx + dy * dy;

				if (!comp[j] && d2 < best) {
					best = d2;
					bi = i;
					bj = j;
				}
			}
		}
		if (best == U64_MAX)
			break;
		sim_link(s, bi, bj, 1000 + sim_rand(s, 19001));
	}
	for (i = 0; i < s->n; i++) {
		for (j = 0, k = 0; j < s->n; j++)
			k += !!s->link_us[i][j];
		KUNIT_ASSERT_LE(s->test, k, (u32)LOOM_DHY_MAX_NBRS);
	}
}

static bool sim_lost(struct sim *s)
{
	return s->loss_ppm && loom_rng_chance(&s->rng, s->loss_ppm);
}

/* Send what node @i's table has to send, and schedule its next tick. */
static void sim_service(struct sim *s, u32 i)
{
	struct loom_dhy_batch b = { .cap = SIM_CAP, .e = s->buf };
	u64 at;
	int k;

	while ((k = loom_dhy_pull(s->t[i], s->now, &b)) > 0) {
		int j = sim_index(b.to);
		struct sim_ev ev = { .type = SIM_ADV, .from = i, .n = k };

		KUNIT_ASSERT_TRUE(s->test, j >= 0 && j < s->n);
		s->frames++;
		s->entries += k;
		if (!s->alive[i] || !s->link_us[i][j] || sim_lost(s))
			continue;
		ev.to = j;
		ev.at = s->now + s->link_us[i][j] * 1000ULL;
		ev.e = sim_blk_get(s);
		memcpy(ev.e, b.e, k * sizeof(*ev.e));
		sim_push(s, &ev);
	}
	KUNIT_ASSERT_EQ(s->test, k, 0);
	at = loom_dhy_next_deadline(s->t[i]);
	if (at == U64_MAX)
		return;
	at = max(at, s->now);
	if (at != s->tick_at[i]) {
		struct sim_ev ev = { .at = at, .type = SIM_TICK, .from = i };

		s->tick_at[i] = at;
		sim_push(s, &ev);
	}
}

/* After an event at node @i: is the watched node in its table? */
static void sim_watch(struct sim *s, u32 i)
{
	struct loom_dhy_hop h;

	if (s->watch < 0 || (u32)s->watch == i)
		return;
	if (loom_dhy_lookup(s->t[i], s->addr[s->watch], &h)) {
		if (!s->gone_at[i])
			s->gone_at[i] = s->now;
		return;
	}
	if (s->gone_at[i]) {
		s->gone_at[i] = 0;
		s->back[i]++;
	}
	s->max_hops[i] = max(s->max_hops[i], h.hops);
}

static void sim_handle(struct sim *s, struct sim_ev *ev)
{
	u32 i = ev->from, j = ev->to;
	struct sim_ev out = { };

	s->events++;
	switch (ev->type) {
	case SIM_BEACON:
		out.at = s->now + s->cfg.beacon_ns;
		out.type = SIM_BEACON;
		out.from = i;
		sim_push(s, &out);
		if (!s->alive[i])
			return;
		s->beacons++;
		for (j = 0; j < s->n; j++) {
			if (!s->link_us[i][j] || sim_lost(s))
				continue;
			out.at = s->now + s->link_us[i][j] * 1000ULL;
			out.type = SIM_BCN;
			out.to = j;
			out.tx = s->now;
			sim_push(s, &out);
		}
		return;
	case SIM_BCN:
		if (!s->alive[j] || !s->link_us[i][j])
			return;
		s->last_rx[j][i] = s->now;
		loom_dhy_heard(s->t[j], s->addr[i], s->now);
		if (!sim_lost(s)) {
			out.at = s->now + s->link_us[i][j] * 1000ULL;
			out.type = SIM_ACK;
			out.from = j;
			out.to = i;
			out.tx = ev->tx;
			sim_push(s, &out);
		}
		break;
	case SIM_ACK:
		if (!s->alive[j] || !s->link_us[i][j])
			return;
		s->last_rx[j][i] = s->now;
		loom_dhy_link_sample(s->t[j], s->addr[i], s->now - ev->tx,
				     s->now);
		break;
	case SIM_ADV:
		if (s->alive[j] && s->link_us[i][j]) {
			s->last_rx[j][i] = s->now;
			loom_dhy_adv_rx(s->t[j], s->addr[i], ev->e, ev->n, s->now);
		}
		sim_blk_put(s, ev->e);
		ev->e = NULL;
		if (!s->alive[j])
			return;
		break;
	case SIM_TICK:
		j = i;
		if (!s->alive[j] || s->tick_at[j] != ev->at)
			return;
		loom_dhy_tick(s->t[j], s->now);
		break;
	}
	sim_service(s, j);
	sim_watch(s, j);
}

/*
 * Whether every live node's table matches the BFS: a route to every node
 * it can reach through a live neighbour, none to anything else, and with
 * @hops the fewest hops through a next hop one hop nearer.  With @why, the
 * first mismatch is printed.
 */
static bool sim_ok(struct sim *s, bool why, bool hops)
{
	u32 i, j;

	for (i = 0; i < s->n; i++) {
		u32 reach = 0, dests;

		if (!s->alive[i])
			continue;
		for (j = 0; j < s->n; j++)
			reach += j != i && s->dist[i][j] != SIM_FAR;
		/* lockless, as loom_dhy_known() reads it: no writer runs now */
		dests = READ_ONCE(s->t[i]->n_dests);
		if (dests != reach) {
			if (why)
				kunit_info(s->test, "node %u: %u destinations, %u reachable",
					   i, dests, reach);
			return false;
		}
	}
	for (i = 0; i < s->n; i++) {
		if (!s->alive[i])
			continue;
		for (j = 0; j < s->n; j++) {
			struct loom_dhy_hop h;
			int ret, k;

			if (j == i)
				continue;
			ret = loom_dhy_lookup(s->t[i], s->addr[j], &h);
			if (s->dist[i][j] == SIM_FAR) {
				if (!ret) {
					if (why)
						kunit_info(s->test, "%u has a route to unreachable %u",
							   i, j);
					return false;
				}
				continue;
			}
			k = ret ? -1 : sim_index(h.via);
			if (ret || k < 0 || k >= s->n || !s->link_us[i][k] ||
			    (hops && (h.hops != s->dist[i][j] ||
				      s->dist[k][j] + 1 != s->dist[i][j]))) {
				if (why)
					kunit_info(s->test,
						   "%u to %u: ret %d via %d hops %u, bfs %u",
						   i, j, ret, k, ret ? 0 : h.hops,
						   s->dist[i][j]);
				return false;
			}
		}
	}
	return true;
}

/*
 * The delay policy's fixpoint: every live node reaches every node it can,
 * following next hops never loops, a route's delay is the link delay plus
 * what its next hop's table says (within the drift tolerance: that is what
 * the next hop advertised), and no neighbour offers a delay better by more
 * than the tolerance twice (drift, then hysteresis).
 */
static bool sim_ok_delay(struct sim *s, bool why)
{
	u32 i, j, k, hop;

	for (i = 0; i < s->n; i++) {
		if (!s->alive[i])
			continue;
		for (j = 0; j < s->n; j++) {
			struct loom_dhy_hop h, hk;
			u32 best = U32_MAX, at = i;
			int v;

			if (j == i || s->dist[i][j] == SIM_FAR)
				continue;
			if (loom_dhy_lookup(s->t[i], s->addr[j], &h))
				goto bad;
			for (hop = 0; at != j && hop < s->n; hop++) {
				if (loom_dhy_lookup(s->t[at], s->addr[j], &hk))
					goto bad;
				at = sim_index(hk.via);
			}
			if (at != j)
				goto bad;
			v = sim_index(h.via);
			for (k = 0; k < s->n; k++) {
				u32 dk = 0;

				if (!s->link_us[i][k] || !s->alive[k])
					continue;
				if (k != j) {
					if (loom_dhy_lookup(s->t[k], s->addr[j], &hk))
						continue;
					dk = hk.delay_us;
				}
				/*
				 * What the next hop advertised, h - link, is within
				 * its own tolerance of dk.
				 */
				if (k == v) {
					s64 adv = (s64)h.delay_us - s->link_us[i][k];

					if (adv < 0 || abs(adv - (s64)dk) >
					    max_t(s64, 1000, adv >> 3))
						goto bad;
				}
				best = min(best, s->link_us[i][k] + dk);
			}
			/* hysteresis on top of the advertised values' tolerance */
			if (h.delay_us > best + 2 * max(1000U, best >> 3))
				goto bad;
			continue;
bad:
			if (why)
				kunit_info(s->test, "delay policy: %u to %u not settled", i, j);
			return false;
		}
	}
	return true;
}

static bool sim_check(struct sim *s, bool why)
{
	if (s->cfg.policy == LOOM_DHY_BEST_DELAY)
		return sim_ok(s, why, false) && sim_ok_delay(s, why);
	return sim_ok(s, why, true);
}

/*
 * Run until @until.  With @check, stop at the first check (every
 * SIM_CHECK_NS) that finds the tables converged and return its time;
 * U64_MAX if none did.
 */
static u64 sim_run(struct sim *s, u64 until, bool check)
{
	u64 next = s->now + SIM_CHECK_NS;
	struct sim_ev ev;

	while (s->nheap && s->heap[0].at <= until) {
		if (check && s->heap[0].at > next) {
			s->now = next;
			if (sim_check(s, false))
				return s->now;
			next += SIM_CHECK_NS;
			continue;
		}
		sim_pop(s, &ev);
		KUNIT_ASSERT_GE(s->test, ev.at, s->now);
		s->now = ev.at;
		sim_handle(s, &ev);
	}
	s->now = max(s->now, until);
	return check && sim_check(s, false) ? s->now : U64_MAX;
}

/* Watch @node from now on: which tables lose it, when, and get it back. */
static void sim_watch_start(struct sim *s, int node)
{
	u32 i;

	s->watch = node;
	memset(s->gone_at, 0, sizeof(s->gone_at));
	memset(s->back, 0, sizeof(s->back));
	memset(s->max_hops, 0, sizeof(s->max_hops));
	for (i = 0; i < s->n; i++)
		if (s->alive[i])
			sim_watch(s, i);
}

/*
 * The latest time the watched node left a live table (all must have); with
 * @once, none may have got it back in between.  @back: comebacks in all.
 */
static u64 sim_all_gone(struct sim *s, bool once, u32 *back)
{
	u64 last = 0;
	u32 i;

	*back = 0;
	for (i = 0; i < s->n; i++) {
		if (!s->alive[i] || (int)i == s->watch)
			continue;
		KUNIT_EXPECT_NE_MSG(s->test, s->gone_at[i], 0ULL,
				    "node %u still routes to %d", i, s->watch);
		if (once)
			KUNIT_EXPECT_EQ_MSG(s->test, s->back[i], 0U,
					    "node %d came back into %u's table",
					    s->watch, i);
		*back += s->back[i];
		last = max(last, s->gone_at[i]);
	}
	return last;
}

/* Steps until doubling a route of @base us would pass LOOM_DHY_DELAY_MAX. */
static u32 sim_steps(u64 base)
{
	u32 k = 0;

	while ((base << (k + 1)) <= LOOM_DHY_DELAY_MAX)
		k++;
	return k;
}

static u64 sim_ms(u64 ns)
{
	return div_u64(ns, 1000000);
}

/* Converge from cold, or fail the test. */
static u64 sim_converge(struct sim *s, u64 bound)
{
	u64 at;

	sim_bfs(s);
	sim_start(s);
	at = sim_run(s, bound, true);
	if (at == U64_MAX)
		sim_check(s, true);
	KUNIT_ASSERT_NE_MSG(s->test, at, U64_MAX, "not converged within %llu ms",
			    sim_ms(bound));
	return at;
}

static const char * const sim_horizon[] = { "none", "split", "poison" };

/*
 * A line A-B-C; C vanishes.  B's direct route to C doubles from 3 s after
 * C was last heard and goes at step floor(log2(MAX / 8000)) = 19, 22 s
 * after; A drops it when B's withdrawal arrives (hold + 5 ms later).
 * Neither A nor B ever routes to C through the other: no bounce.
 */
static void dhy_mesh_line(struct kunit *test)
{
	u32 mode;

	for (mode = 0; mode < __LOOM_DHY_HORIZON_MAX; mode++) {
		struct loom_dhy_config c;
		struct loom_dhy_stats st;
		u64 conv, tb, ta, last;
		struct sim *s;
		u32 back;

		loom_dhy_config_default(&c, 0);
		c.horizon = mode;
		s = sim_new(test, 3, 1 + mode, &c);
		sim_link(s, 0, 1, 5000);
		sim_link(s, 1, 2, 8000);
		conv = sim_converge(s, 5 * S);
		sim_run(s, 10 * S, false);
		sim_watch_start(s, 2);
		s->alive[2] = false;
		last = s->last_rx[1][2];
		tb = last + c.silence_ns + sim_steps(8000) * c.depreciate_ns;
		ta = tb + c.hold_ns + 5 * MS;
		sim_run(s, 40 * S, false);
		KUNIT_EXPECT_EQ(test, sim_steps(8000), 19U);
		KUNIT_EXPECT_EQ(test, s->gone_at[1], tb);
		KUNIT_EXPECT_EQ(test, s->gone_at[0], ta);
		KUNIT_EXPECT_EQ(test, sim_all_gone(s, true, &back), ta);
		KUNIT_EXPECT_EQ(test, s->max_hops[1], 1);
		KUNIT_EXPECT_EQ(test, s->max_hops[0], 2);
		loom_dhy_stats(s->t[1], &st);
		if (mode == LOOM_DHY_HORIZON_NONE)
			KUNIT_EXPECT_GT(test, st.drops[LOOM_DHY_DROP_GHOST], 0ULL);
		else
			KUNIT_EXPECT_EQ(test, st.drops[LOOM_DHY_DROP_GHOST], 0ULL);
		kunit_info(test, "horizon %s: converged at %llu ms; C last heard %llu ms, gone from B at +%llu ms, from A at +%llu ms; ghosts dropped at B %llu",
			   sim_horizon[mode], sim_ms(conv), sim_ms(last),
			   sim_ms(s->gone_at[1] - last), sim_ms(s->gone_at[0] - last),
			   st.drops[LOOM_DHY_DROP_GHOST]);
		sim_free(test);
	}
}

/*
 * Loops around a vanished node: a triangle A, B, D with C hanging off B,
 * and a ring of six with C hanging off one.  C goes; every other node must
 * drop it within the bound (B's depreciation, then the withdrawal's way
 * round; split horizon alone may leave stale routes for expire_ns), hop
 * counts never pass the known nodes, and C never comes back into B.
 */
static void dhy_mesh_loops(struct kunit *test)
{
	static const u8 tri[][3] = {
		{ 0, 1, 5 }, { 1, 2, 6 }, { 0, 2, 7 }, { 1, 3, 8 },
	};
	static const u8 ring[][3] = {
		{ 0, 1, 5 }, { 1, 2, 6 }, { 2, 3, 7 }, { 3, 4, 4 },
		{ 4, 5, 9 }, { 5, 0, 3 }, { 0, 6, 8 },
	};
	u32 shape, mode, i;

	for (shape = 0; shape < 2; shape++) {
		for (mode = 0; mode < __LOOM_DHY_HORIZON_MAX; mode++) {
			const u8 (*e)[3] = shape ? ring : tri;
			u32 ne = shape ? ARRAY_SIZE(ring) : ARRAY_SIZE(tri);
			u32 n = shape ? 7 : 4, gone = shape ? 6 : 3;
			u32 hub = shape ? 0 : 1;
			u64 tb, last, bound, all, ghosts = 0;
			struct loom_dhy_config c;
			u32 back;
			u8 hops;
			struct sim *s;

			/* 250 ms steps: the same bound, a quarter of the time */
			loom_dhy_config_default(&c, 0);
			c.depreciate_ns = 250 * MS;
			c.horizon = mode;
			s = sim_new(test, n, 10 + mode, &c);
			for (i = 0; i < ne; i++)
				sim_link(s, e[i][0], e[i][1], e[i][2] * 1000);
			sim_converge(s, 5 * S);
			sim_run(s, 10 * S, false);
			sim_watch_start(s, gone);
			s->alive[gone] = false;
			last = s->last_rx[hub][gone];
			tb = last + c.silence_ns + sim_steps(8000) * c.depreciate_ns;
			/* the hub's withdrawal, then stale routes at most expire_ns */
			bound = tb + c.expire_ns + c.refresh_ns;
			/*
			 * Until the hub drops C it is still reachable there, and
			 * routes may come and go; from then on none may come back.
			 */
			sim_run(s, tb - 1, false);
			hops = s->max_hops[hub];
			sim_watch_start(s, gone);
			sim_run(s, bound + 5 * S, false);
			all = sim_all_gone(s, false, &back);
			if (mode != LOOM_DHY_HORIZON_NONE) {
				KUNIT_EXPECT_EQ(test, s->gone_at[hub], tb);
				KUNIT_EXPECT_EQ(test, hops, 1);
			}
			KUNIT_EXPECT_LE(test, all, bound);
			for (i = 0; i < n; i++) {
				struct loom_dhy_stats st;

				if (i == gone)
					continue;
				KUNIT_EXPECT_LE_MSG(test, s->max_hops[i], n - 1,
						    "node %u", i);
				loom_dhy_stats(s->t[i], &st);
				ghosts += st.drops[LOOM_DHY_DROP_GHOST];
			}
			sim_bfs(s);
			KUNIT_EXPECT_TRUE(test, sim_check(s, true));
			kunit_info(test, "%s, horizon %s: gone from the hub at +%llu ms, from all at +%llu ms; %u transient comebacks, ghosts dropped %llu",
				   shape ? "ring of 6" : "triangle", sim_horizon[mode],
				   sim_ms(tb - last), sim_ms(all - last), back, ghosts);
			sim_free(test);
		}
	}
}

struct sim_param {
	u16 n;
	u8 deg;
	u8 seed;
};

/*
 * Random connected meshes of up to 100 nodes converge from cold to the
 * BFS's routes, and stay there across refreshes.
 */
static void dhy_mesh_random(struct kunit *test)
{
	static const struct sim_param runs[] = {
		{ 10, 3, 1 }, { 20, 3, 2 }, { 30, 4, 3 }, { 100, 4, 5 },
	};
	u32 r;

	for (r = 0; r < ARRAY_SIZE(runs); r++) {
		u32 i, j, edges = 0, diam = 0, deg, maxdeg = 0;
		struct sim *s;
		u64 conv;

		s = sim_new(test, runs[r].n, runs[r].seed, NULL);
		sim_geo(s, runs[r].deg);
		conv = sim_converge(s, 8 * S);
		for (i = 0; i < s->n; i++) {
			for (deg = 0, j = 0; j < s->n; j++) {
				edges += i < j && s->link_us[i][j];
				deg += !!s->link_us[i][j];
				diam = max_t(u32, diam, s->dist[i][j]);
			}
			maxdeg = max(maxdeg, deg);
		}
		kunit_info(test, "%u nodes, %u links (at most %u a node), diameter %u, seed %u: converged at %llu ms; %llu frames, %llu entries, %llu events",
			   s->n, edges, maxdeg, diam, runs[r].seed, sim_ms(conv),
			   s->frames, s->entries, s->events);
		/* Past every destination's refresh: still the same (time allowing). */
		if (s->n <= 30) {
			sim_run(s, conv + 2100 * MS, false);
			KUNIT_EXPECT_TRUE(test, sim_check(s, true));
		}
		sim_free(test);
	}
}

/*
 * The bound on how long a node's departure or a cut link takes to clear:
 * the last frame over the link, silence_ns, the depreciation steps of the
 * smallest route through it (@base_us), then stale routes at most
 * expire_ns and a refresh to carry the new ones.
 */
static u64 sim_bound(struct sim *s, u64 from, u32 base_us)
{
	const struct loom_dhy_config *c = &s->cfg;

	return from + 20 * MS + c->silence_ns + sim_steps(base_us) * c->depreciate_ns +
	       c->expire_ns + c->refresh_ns;
}

/* The link most next hops use whose loss leaves the graph connected. */
static void sim_busiest_link(struct sim *s, u32 *a, u32 *b)
{
	u32 i, j, best = 0, use;

	*a = 0;
	*b = 0;
	for (i = 0; i < s->n; i++) {
		for (j = i + 1; j < s->n; j++) {
			u16 d = s->link_us[i][j];
			u32 k;

			if (!d)
				continue;
			for (use = 0, k = 0; k < s->n; k++) {
				struct loom_dhy_hop h;

				if (!loom_dhy_lookup(s->t[i], s->addr[k], &h) &&
				    sim_index(h.via) == j)
					use++;
				if (!loom_dhy_lookup(s->t[j], s->addr[k], &h) &&
				    sim_index(h.via) == i)
					use++;
			}
			if (use <= best)
				continue;
			sim_link(s, i, j, 0);
			if (sim_connected(s)) {
				best = use;
				*a = i;
				*b = j;
			}
			sim_link(s, i, j, d);
		}
	}
	KUNIT_ASSERT_GT(s->test, best, 0U);
}

/*
 * A cut link heals: after the cut, every table settles on the new graph's
 * routes (fewest hops; with the delay policy, its fixpoint) within the
 * bound.
 */
static void dhy_mesh_cut(struct kunit *test)
{
	u32 pol;

	for (pol = 0; pol < __LOOM_DHY_BEST_MAX; pol++) {
		struct loom_dhy_config c;
		u64 conv, cut, heal, bound;
		struct sim *s;
		u32 a, b;

		loom_dhy_config_default(&c, 0);
		c.policy = pol;
		s = sim_new(test, 30, 7, &c);
		sim_geo(s, 4);
		conv = sim_converge(s, 8 * S);
		sim_run(s, conv + 1 * S, false);
		sim_busiest_link(s, &a, &b);
		cut = s->now;
		bound = sim_bound(s, cut, s->link_us[a][b]);
		sim_link(s, a, b, 0);
		sim_bfs(s);
		heal = sim_run(s, bound, true);
		if (heal == U64_MAX)
			sim_check(s, true);
		KUNIT_EXPECT_NE(test, heal, U64_MAX);
		KUNIT_EXPECT_LE(test, heal, bound);
		sim_run(s, s->now + 2100 * MS, false);
		KUNIT_EXPECT_TRUE(test, sim_check(s, true));
		kunit_info(test, "%s: 30 nodes converged at %llu ms; link %u-%u cut, healed after %llu ms (bound %llu ms)",
			   pol ? "lowest delay" : "fewest hops", sim_ms(conv), a, b,
			   heal == U64_MAX ? 0 : sim_ms(heal - cut),
			   sim_ms(bound - cut));
		sim_free(test);
	}
}

/*
 * A node removed disappears from every table within the bound, and the
 * rest settles on the routes that avoid it.  250 ms depreciation steps
 * (the line test times the defaults): the same bound, a quarter of the
 * simulated time.
 */
static void dhy_mesh_remove(struct kunit *test)
{
	u64 conv, gone, all, bound, settled;
	u32 i, j, x = 0, deg, best = 0, base = U16_MAX, back;
	struct loom_dhy_config c;
	struct sim *s;

	loom_dhy_config_default(&c, 0);
	c.depreciate_ns = 250 * MS;
	s = sim_new(test, 30, 9, &c);
	sim_geo(s, 4);
	conv = sim_converge(s, 8 * S);
	sim_run(s, conv + 1 * S, false);
	for (i = 0; i < s->n; i++) {
		for (deg = 0, j = 0; j < s->n; j++)
			deg += !!s->link_us[i][j];
		if (deg <= best)
			continue;
		s->alive[i] = false;
		if (sim_connected(s)) {
			best = deg;
			x = i;
		}
		s->alive[i] = true;
	}
	KUNIT_ASSERT_GT(test, best, 0U);
	for (j = 0; j < s->n; j++)
		if (s->link_us[x][j])
			base = min(base, s->link_us[x][j]);
	gone = s->now;
	bound = sim_bound(s, gone, base);
	s->alive[x] = false;
	sim_bfs(s);
	sim_watch_start(s, x);
	settled = sim_run(s, bound, true);
	all = sim_all_gone(s, false, &back);
	KUNIT_EXPECT_NE(test, settled, U64_MAX);
	KUNIT_EXPECT_LE(test, all, bound);
	kunit_info(test, "30 nodes, 250 ms steps; node %u (%u links) removed: gone from every table after %llu ms, %u transient comebacks, all settled after %llu ms (bound %llu ms)",
		   x, best, sim_ms(all - gone), back,
		   settled == U64_MAX ? 0 : sim_ms(settled - gone),
		   sim_ms(bound - gone));
}

/* Under the delay policy, random meshes converge to its fixpoint. */
static void dhy_mesh_delay(struct kunit *test)
{
	struct loom_dhy_config c;
	struct sim *s;
	u64 conv;

	loom_dhy_config_default(&c, 0);
	c.policy = LOOM_DHY_BEST_DELAY;
	s = sim_new(test, 30, 11, &c);
	sim_geo(s, 5);
	conv = sim_converge(s, 8 * S);
	sim_run(s, conv + 2100 * MS, false);
	KUNIT_EXPECT_TRUE(test, sim_check(s, true));
	kunit_info(test, "30 nodes, lowest delay: converged at %llu ms; %llu frames, %llu entries",
		   sim_ms(conv), s->frames, s->entries);
}

/* With 10 % of all frames lost, a mesh still converges. */
static void dhy_mesh_loss(struct kunit *test)
{
	struct sim *s;
	u64 conv;

	s = sim_new(test, 30, 13, NULL);
	s->loss_ppm = 100000;
	sim_geo(s, 4);
	conv = sim_converge(s, 15 * S);
	kunit_info(test, "30 nodes, 10%% loss: converged at %llu ms; %llu frames, %llu entries",
		   sim_ms(conv), s->frames, s->entries);
}

static struct kunit_case dhy_mesh_cases[] = {
	KUNIT_CASE(dhy_mesh_line),
	KUNIT_CASE(dhy_mesh_loops),
	KUNIT_CASE(dhy_mesh_random),
	KUNIT_CASE(dhy_mesh_cut),
	KUNIT_CASE(dhy_mesh_remove),
	KUNIT_CASE(dhy_mesh_delay),
	KUNIT_CASE(dhy_mesh_loss),
	{}
};

static struct kunit_suite dhy_mesh_suite = {
	.name = "loom_dhyara_mesh",
	.exit = sim_free,
	.test_cases = dhy_mesh_cases,
};

kunit_test_suites(&dhy_mesh_suite);
