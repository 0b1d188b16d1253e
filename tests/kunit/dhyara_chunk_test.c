// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Dhyara datagrams in chunks (kernel/dhyara/chunk.c): reassembly
 * at the destination with its DLV (none for CNU chunks), and the sender's
 * table of datagrams awaiting theirs.  Time is a plain number the cases move on; every
 * buffer handed over is freed here, so kmemleak sees any leak.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "../../kernel/dhyara/chunk.h"
#include "test_util.h"

static const u8 ch_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0 };
static const u8 ch_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0b, 0 };
static const u8 ch_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0c, 0 };
static const u8 ch_self[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0d, 0 };
static const u8 ch_group[ETH_ALEN] = { 0x01, 0, 0x5e, 0, 0, 1 };

#define CH_TIMEOUT	(10 * NSEC_PER_SEC)
#define CH_TX_TIMEOUT	(20 * NSEC_PER_SEC)

/**
 * struct ch_dgram - a datagram cut into chunks, as decoded frames
 * @data: its bytes
 * @total: its length
 * @n: chunks
 * @f: the chunks
 */
struct ch_dgram {
	u8 *data;
	u16 total;
	int n;
	struct loom_dhy_frame f[LOOM_DHY_CHUNKS_MAX];
};

/* Cut @total bytes from @origin for ch_self into chunks of @data_max. */
static struct ch_dgram *ch_cut(struct kunit *test, const u8 *origin,
			       u16 msg_id, u16 total, u16 data_max, u8 seed)
{
	struct ch_dgram *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	u16 off, len;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->data = kunit_kmalloc(test, total ? total : 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->data);
	for (i = 0; i < total; i++)
		d->data[i] = seed + i * 7 + (i >> 8);
	d->total = total;
	d->n = loom_dhy_chunk_count(total, data_max);
	KUNIT_ASSERT_GT(test, d->n, 0);
	for (i = 0; i < d->n; i++) {
		struct loom_dhy_frame *f = &d->f[i];

		KUNIT_ASSERT_EQ(test, loom_dhy_chunk_span(total, d->n, i, &off,
							  &len), 0);
		KUNIT_ASSERT_LE(test, len, data_max);
		f->type = LOOM_DHY_T_CNK;
		ether_addr_copy(f->dst, ch_self);
		ether_addr_copy(f->src, origin);
		ether_addr_copy(f->next_hop, ch_self);
		f->hop_limit = LOOM_DHY_HOP_LIMIT;
		f->cnk.msg_id = msg_id;
		f->cnk.index = i;
		f->cnk.count = d->n;
		f->cnk.total = total;
		f->payload = d->data + off;
		f->payload_len = len;
	}
	return d;
}

/* The same datagram as CNU chunks: its origin wants no report. */
static struct ch_dgram *ch_cut_cnu(struct kunit *test, const u8 *origin,
				   u16 msg_id, u16 total, u16 data_max, u8 seed)
{
	struct ch_dgram *d = ch_cut(test, origin, msg_id, total, data_max,
				    seed);
	int i;

	for (i = 0; i < d->n; i++)
		d->f[i].type = LOOM_DHY_T_CNU;
	return d;
}

static struct loom_dhy_reasm *ch_reasm(struct kunit *test,
				       unsigned int slots, size_t bytes)
{
	struct loom_dhy_reasm *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, loom_dhy_reasm_init(r, ch_self, slots, bytes,
						  CH_TIMEOUT), 0);
	return r;
}

/*
 * The datagram came whole: its bytes, and a DLV to its origin if its
 * chunks are CNK; none if they are CNU.
 */
static void ch_expect_done(struct kunit *test,
			   struct loom_dhy_reasm_result *res,
			   const struct ch_dgram *d)
{
	KUNIT_ASSERT_NOT_NULL(test, res->data);
	KUNIT_EXPECT_EQ(test, res->len, d->total);
	KUNIT_EXPECT_EQ(test, memcmp(res->data, d->data, d->total), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(res->origin, d->f[0].src));
	KUNIT_EXPECT_EQ(test, res->msg_id, d->f[0].cnk.msg_id);
	if (d->f[0].type == LOOM_DHY_T_CNU) {
		KUNIT_EXPECT_FALSE(test, res->send_dlv);
		kfree(res->data);
		res->data = NULL;
		return;
	}
	KUNIT_EXPECT_TRUE(test, res->send_dlv);
	KUNIT_EXPECT_EQ(test, res->dlv.type, LOOM_DHY_T_DLV);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(res->dlv.dst, d->f[0].src));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(res->dlv.src, ch_self));
	KUNIT_EXPECT_EQ(test, res->dlv.dlv.msg_id, d->f[0].cnk.msg_id);
	KUNIT_EXPECT_EQ(test, res->dlv.dlv.outcome, LOOM_DHY_OUT_DELIVERED);
	kfree(res->data);
	res->data = NULL;
}

/* Push chunks in the order @order gives (NULL: as cut); 1 if done. */
static int ch_push_all(struct kunit *test, struct loom_dhy_reasm *r,
		       const struct ch_dgram *d, const int *order, u64 now)
{
	struct loom_dhy_reasm_result res;
	int i, ret, done = 0;

	for (i = 0; i < d->n; i++) {
		int k = order ? order[i] : i;

		ret = loom_dhy_reasm_push(r, &d->f[k], now, &res);
		if (i < d->n - 1) {
			KUNIT_EXPECT_EQ_MSG(test, ret, LOOM_DHY_REASM_MORE,
					    "chunk %d of %d", k, d->n);
			KUNIT_EXPECT_FALSE(test, res.send_dlv);
		} else {
			KUNIT_EXPECT_EQ(test, ret, LOOM_DHY_REASM_DONE);
			if (ret == LOOM_DHY_REASM_DONE) {
				ch_expect_done(test, &res, d);
				done = 1;
			}
		}
	}
	return done;
}

static void ch_reasm_in_order(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 4, 65536);
	struct ch_dgram *d = ch_cut(test, ch_a, 17, 1280, 36, 1);
	struct loom_dhy_reasm_stats st;

	KUNIT_ASSERT_EQ(test, d->n, 36);
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, d, NULL, 0), 1);
	loom_dhy_reasm_stats(r, &st);
	KUNIT_EXPECT_EQ(test, st.chunks, 36ULL);
	KUNIT_EXPECT_EQ(test, st.delivered, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dups + st.timeouts + st.full, 0ULL);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_next_deadline(r), U64_MAX);
	loom_dhy_reasm_destroy(r);
}

/* Reversed, and shuffled, at the most chunks a datagram may have. */
static void ch_reasm_any_order(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *d = ch_cut(test, ch_a, 1, 9180, 36, 2);
	struct ch_dgram *two = ch_cut(test, ch_b, 2, 37, 36, 3);
	int *order = kunit_kmalloc_array(test, LOOM_DHY_CHUNKS_MAX,
					 sizeof(int), GFP_KERNEL);
	u32 seed = 99;
	int i, j, tmp;

	KUNIT_ASSERT_NOT_NULL(test, order);
	KUNIT_ASSERT_EQ(test, d->n, LOOM_DHY_CHUNKS_MAX);
	for (i = 0; i < d->n; i++)
		order[i] = d->n - 1 - i;
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, d, order, 0), 1);

	/* Fisher-Yates with a fixed seed; a new id makes it a new datagram. */
	for (i = 0; i < d->n; i++)
		d->f[i].cnk.msg_id = 5;
	for (i = d->n - 1; i > 0; i--) {
		seed = seed * 1103515245 + 12345;
		j = (seed >> 8) % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, d, order, 0), 1);

	order[0] = 1;
	order[1] = 0;
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, two, order, 0), 1);
	KUNIT_EXPECT_EQ(test, r->st.delivered, 3ULL);
	loom_dhy_reasm_destroy(r);
}

/* Two origins, the same id, chunks interleaved: two datagrams. */
static void ch_reasm_interleaved(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *x = ch_cut(test, ch_a, 9, 300, 36, 4);
	struct ch_dgram *y = ch_cut(test, ch_b, 9, 300, 36, 5);
	struct loom_dhy_reasm_result res;
	int i, ret;

	for (i = 0; i < x->n; i++) {
		ret = loom_dhy_reasm_push(r, &x->f[i], 0, &res);
		if (ret == LOOM_DHY_REASM_DONE)
			ch_expect_done(test, &res, x);
		ret = loom_dhy_reasm_push(r, &y->f[x->n - 1 - i], 0, &res);
		if (ret == LOOM_DHY_REASM_DONE)
			ch_expect_done(test, &res, y);
	}
	KUNIT_EXPECT_EQ(test, r->st.delivered, 2ULL);
	loom_dhy_reasm_destroy(r);
}

/* One chunk: no slot; the same again is a duplicate, not delivered. */
static void ch_reasm_single(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 1, 0);
	struct ch_dgram *empty = ch_cut(test, ch_a, 1, 0, 36, 0);
	struct ch_dgram *ten = ch_cut(test, ch_a, 2, 10, 36, 6);
	struct loom_dhy_reasm_result res;

	KUNIT_ASSERT_EQ(test, loom_dhy_reasm_push(r, &empty->f[0], 0, &res),
			LOOM_DHY_REASM_DONE);
	KUNIT_EXPECT_EQ(test, res.len, 0);
	ch_expect_done(test, &res, empty);
	/* A byte budget of 0 does not matter: nothing is held. */
	KUNIT_ASSERT_EQ(test, loom_dhy_reasm_push(r, &ten->f[0], 0, &res),
			LOOM_DHY_REASM_DONE);
	ch_expect_done(test, &res, ten);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &ten->f[0], 1, &res),
			-EALREADY);
	KUNIT_EXPECT_FALSE(test, res.send_dlv);
	KUNIT_EXPECT_NULL(test, res.data);
	KUNIT_EXPECT_EQ(test, r->st.dups, 1ULL);
	KUNIT_EXPECT_EQ(test, r->st.delivered, 2ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_next_deadline(r), U64_MAX);
	loom_dhy_reasm_destroy(r);
}

static void ch_reasm_duplicates(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *d = ch_cut(test, ch_a, 3, 100, 36, 7);
	struct loom_dhy_reasm_result res;

	KUNIT_ASSERT_EQ(test, d->n, 3);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[1], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[1], 0, &res),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[0], 0, &res),
			-EALREADY);
	KUNIT_ASSERT_EQ(test, loom_dhy_reasm_push(r, &d->f[2], 0, &res),
			LOOM_DHY_REASM_DONE);
	ch_expect_done(test, &res, d);
	/* Late copies of a delivered datagram: not delivered again. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[2], 5, &res),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[0], CH_TIMEOUT - 1,
						  &res), -EALREADY);
	KUNIT_EXPECT_EQ(test, r->st.dups, 4ULL);
	KUNIT_EXPECT_EQ(test, r->st.chunks, 3ULL);
	KUNIT_EXPECT_EQ(test, r->st.delivered, 1ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_next_deadline(r), U64_MAX);
	/* After the timeout the id may begin a new datagram. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[0], CH_TIMEOUT,
						  &res), LOOM_DHY_REASM_MORE);
	loom_dhy_reasm_destroy(r);
}

/* A lost chunk: no DLV, and the datagram times out, counted. */
static void ch_reasm_lost_chunk(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *d = ch_cut(test, ch_a, 4, 500, 36, 8);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_reasm_stats st;
	u64 t0 = 1000;
	int i, lost;

	for (lost = 0; lost < d->n; lost += d->n / 3) {
		for (i = 0; i < d->n; i++) {
			if (i == lost)
				continue;
			KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[i],
								  t0 + i, &res),
					LOOM_DHY_REASM_MORE);
			KUNIT_EXPECT_FALSE(test, res.send_dlv);
		}
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_next_deadline(r),
				t0 + (lost == 0) + CH_TIMEOUT);
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_expire(r, t0 + CH_TIMEOUT -
							    1), 0U);
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_expire(r, t0 + 1 +
							    CH_TIMEOUT), 1U);
		KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_next_deadline(r), U64_MAX);
		/* The lost one, late: a datagram of its own, never whole. */
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[lost],
							  t0 + CH_TIMEOUT + 2,
							  &res),
				LOOM_DHY_REASM_MORE);
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_expire(r, t0 + 3 +
							    2 * CH_TIMEOUT), 1U);
		t0 += 3 * CH_TIMEOUT;
	}
	loom_dhy_reasm_stats(r, &st);
	KUNIT_EXPECT_EQ(test, st.delivered, 0ULL);
	KUNIT_EXPECT_EQ(test, st.timeouts, 2ULL * 4);
	KUNIT_EXPECT_EQ(test, st.no_room_dlv, 0ULL);
	loom_dhy_reasm_destroy(r);
}

/* Every slot busy: refused and counted, one NO_ROOM DLV per datagram. */
static void ch_reasm_full(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *x = ch_cut(test, ch_a, 1, 100, 36, 9);
	struct ch_dgram *y = ch_cut(test, ch_b, 1, 100, 36, 10);
	struct ch_dgram *z = ch_cut(test, ch_c, 1, 100, 36, 11);
	struct loom_dhy_reasm_result res;
	int i;

	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &x->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &y->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &z->f[0], 0, &res),
			-ENOBUFS);
	KUNIT_EXPECT_TRUE(test, res.send_dlv);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(res.dlv.dst, ch_c));
	KUNIT_EXPECT_EQ(test, res.dlv.dlv.outcome, LOOM_DHY_OUT_NO_ROOM);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &z->f[1], 0, &res),
			-ENOBUFS);
	KUNIT_EXPECT_FALSE(test, res.send_dlv);
	KUNIT_EXPECT_EQ(test, r->st.full, 2ULL);
	KUNIT_EXPECT_EQ(test, r->st.no_room_dlv, 1ULL);
	/* A slot freed: the refused datagram's chunks are taken again. */
	for (i = 1; i < x->n; i++)
		loom_dhy_reasm_push(r, &x->f[i], 0, &res);
	ch_expect_done(test, &res, x);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &z->f[2], 0, &res),
			LOOM_DHY_REASM_MORE);
	loom_dhy_reasm_destroy(r);
}

/* The byte budget bounds what partial datagrams hold together. */
static void ch_reasm_budget(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 4, 120);
	struct ch_dgram *x = ch_cut(test, ch_a, 1, 80, 36, 12);
	struct ch_dgram *y = ch_cut(test, ch_b, 1, 41, 36, 13);
	struct ch_dgram *z = ch_cut(test, ch_c, 1, 40, 36, 14);
	struct loom_dhy_reasm_result res;

	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &x->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &y->f[0], 0, &res),
			-ENOBUFS);
	KUNIT_EXPECT_EQ(test, res.dlv.dlv.outcome, LOOM_DHY_OUT_NO_ROOM);
	KUNIT_EXPECT_EQ(test, r->st.over_budget, 1ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &z->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)120);
	loom_dhy_reasm_destroy(r);
	/* kmemleak: destroy freed both partial buffers. */
}

/* The same origin and id with another shape: the origin started over. */
static void ch_reasm_superseded(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *old = ch_cut(test, ch_a, 6, 100, 36, 15);
	struct ch_dgram *new = ch_cut(test, ch_a, 6, 60, 36, 16);

	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &old->f[0], 0,
						  &(struct loom_dhy_reasm_result){}),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, new, NULL, 1), 1);
	KUNIT_EXPECT_EQ(test, r->st.superseded, 1ULL);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);
	loom_dhy_reasm_destroy(r);
}

static void ch_reasm_refuses(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 1, 100);
	struct ch_dgram *d = ch_cut(test, ch_a, 1, 50, 36, 17);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_frame f = d->f[0];

	ether_addr_copy(f.dst, ch_b);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &f, 0, &res), -EINVAL);
	f = d->f[0];
	f.payload_len--;
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &f, 0, &res), -EINVAL);
	f = d->f[0];
	f.type = LOOM_DHY_T_ICMPQ;
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &f, 0, &res), -EINVAL);
	KUNIT_EXPECT_EQ(test, r->st.chunks + r->st.dups + r->st.full, 0ULL);
	loom_dhy_reasm_destroy(r);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_init(r, ch_self, 0, 1, 1), -EINVAL);
	/* A group address cannot be a node's. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_init(r, ch_group, 1, 1, 1),
			-EINVAL);
}

/*
 * CNU chunks are reassembled as CNK ones, in any order, duplicates
 * ignored, but the datagram produces no DLV.  The report wanted is part
 * of a datagram's shape: CNK chunks under a CNU datagram's origin and id
 * are another datagram.
 */
static void ch_reasm_cnu(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct ch_dgram *d = ch_cut_cnu(test, ch_a, 21, 1280, 36, 18);
	struct ch_dgram *one = ch_cut_cnu(test, ch_b, 22, 20, 36, 19);
	struct ch_dgram *k = ch_cut(test, ch_a, 21, 1280, 36, 20);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_reasm_stats st;
	int i, ret;

	/* A chunk twice on the way, the rest in reverse. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[1], 0, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[1], 0, &res),
			-EALREADY);
	KUNIT_EXPECT_FALSE(test, res.send_dlv);
	for (i = d->n - 1; i >= 0; i--) {
		if (i == 1)
			continue;
		ret = loom_dhy_reasm_push(r, &d->f[i], 1, &res);
		if (i) {
			KUNIT_EXPECT_EQ(test, ret, LOOM_DHY_REASM_MORE);
			KUNIT_EXPECT_FALSE(test, res.send_dlv);
		} else {
			KUNIT_ASSERT_EQ(test, ret, LOOM_DHY_REASM_DONE);
			ch_expect_done(test, &res, d);
		}
	}
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, one, NULL, 2), 1);
	/* Late copies: not delivered again, no report either. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[3], 3, &res),
			-EALREADY);
	KUNIT_EXPECT_FALSE(test, res.send_dlv);
	loom_dhy_reasm_stats(r, &st);
	KUNIT_EXPECT_EQ(test, st.delivered, 2ULL);
	KUNIT_EXPECT_EQ(test, st.chunks, 37ULL);
	KUNIT_EXPECT_EQ(test, st.dups, 2ULL);
	KUNIT_EXPECT_EQ(test, st.no_room_dlv, 0ULL);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);

	/* The same id as CNK: a new datagram, which gets its DLV. */
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, k, NULL, 4), 1);
	KUNIT_EXPECT_EQ(test, r->st.delivered, 3ULL);
	/* A CNK datagram in progress superseded by CNU chunks of its id. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &k->f[0],
						  CH_TIMEOUT + 5, &res),
			LOOM_DHY_REASM_MORE);
	KUNIT_EXPECT_EQ(test, ch_push_all(test, r, d, NULL, CH_TIMEOUT + 6),
			1);
	KUNIT_EXPECT_EQ(test, r->st.superseded, 1ULL);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);
	loom_dhy_reasm_destroy(r);
}

/*
 * No room for a CNU datagram: refused and counted as a CNK one would be,
 * but no DLV; a CNK datagram refused after it still gets its NO_ROOM.
 */
static void ch_reasm_cnu_no_room(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 1, 150);
	struct ch_dgram *x = ch_cut(test, ch_a, 1, 100, 36, 21);
	struct ch_dgram *u = ch_cut_cnu(test, ch_b, 7, 100, 36, 22);
	struct ch_dgram *big = ch_cut_cnu(test, ch_c, 8, 151, 36, 23);
	struct ch_dgram *k = ch_cut(test, ch_b, 9, 100, 36, 24);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_reasm_stats st;
	int i;

	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &x->f[0], 0, &res),
			LOOM_DHY_REASM_MORE);
	/* Every slot taken: each chunk refused, none reported. */
	for (i = 0; i < u->n; i++) {
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &u->f[i], 0, &res),
				-ENOBUFS);
		KUNIT_EXPECT_FALSE(test, res.send_dlv);
	}
	loom_dhy_reasm_stats(r, &st);
	KUNIT_EXPECT_EQ(test, st.full, (u64)u->n);
	KUNIT_EXPECT_EQ(test, st.no_room_dlv, 0ULL);
	/* A CNK datagram refused next still tells its origin. */
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &k->f[0], 0, &res),
			-ENOBUFS);
	KUNIT_EXPECT_TRUE(test, res.send_dlv);
	KUNIT_EXPECT_EQ(test, res.dlv.dlv.msg_id, 9);
	KUNIT_EXPECT_EQ(test, res.dlv.dlv.outcome, LOOM_DHY_OUT_NO_ROOM);
	/* Over the byte budget (the slot free again): the same. */
	for (i = 1; i < x->n; i++)
		loom_dhy_reasm_push(r, &x->f[i], 0, &res);
	ch_expect_done(test, &res, x);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &big->f[0], 0, &res),
			-ENOBUFS);
	KUNIT_EXPECT_FALSE(test, res.send_dlv);
	loom_dhy_reasm_stats(r, &st);
	KUNIT_EXPECT_EQ(test, st.over_budget, 1ULL);
	KUNIT_EXPECT_EQ(test, st.no_room_dlv, 1ULL);
	KUNIT_EXPECT_EQ(test, r->bytes, (size_t)0);
	loom_dhy_reasm_destroy(r);
}

static struct loom_dhy_tx *ch_tx(struct kunit *test, unsigned int max,
				 u16 first)
{
	struct loom_dhy_tx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, loom_dhy_tx_init(t, max, CH_TX_TIMEOUT, first),
			0);
	return t;
}

/* A DLV as the destination @from sends it. */
static struct loom_dhy_frame ch_dlv(const u8 *from, u16 msg_id, u8 outcome)
{
	struct loom_dhy_frame f = { .type = LOOM_DHY_T_DLV };

	ether_addr_copy(f.dst, ch_self);
	ether_addr_copy(f.src, from);
	ether_addr_copy(f.next_hop, ch_self);
	f.hop_limit = 1;
	f.dlv.msg_id = msg_id;
	f.dlv.outcome = outcome;
	return f;
}

static void ch_tx_ids_and_full(struct kunit *test)
{
	struct loom_dhy_tx *t = ch_tx(test, 4, 0xfffe);
	struct loom_dhy_tx_done done;
	struct loom_dhy_frame f;
	u32 i, bad = 0;
	u16 id;

	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_a, 1, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0xfffe);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_b, 2, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0xffff);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_a, 3, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_c, 4, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 1);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_c, 5, 0, &id), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, t->st.full, 1ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_group, 5, 0, &id), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->st.sent, 4ULL);

	f = ch_dlv(ch_b, 0xffff, LOOM_DHY_OUT_DELIVERED);
	KUNIT_ASSERT_EQ(test, loom_dhy_tx_report(t, &f, &done), 0);
	KUNIT_EXPECT_EQ(test, done.cookie, 2ULL);
	KUNIT_EXPECT_EQ(test, done.msg_id, 0xffff);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(done.dst, ch_b));
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_DELIVERED);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_add(t, ch_c, 6, 0, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 2);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_cancel(t, 2), 0);

	/*
	 * Ids go round: those awaiting their report all the while (0xfffe,
	 * 0, 1) are skipped, so that an id always names one datagram.
	 */
	for (i = 0; i < 70000; i++) {
		if (loom_dhy_tx_add(t, ch_b, i, 0, &id)) {
			bad++;
			break;
		}
		bad += id == 0xfffe || id == 0 || id == 1;
		loom_dhy_tx_cancel(t, id);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_EQ(test, t->used, 3U);
	KUNIT_EXPECT_EQ(test, t->st.cancelled, 70001ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_cancel(t, 0xffff), -ENOENT);
	loom_dhy_tx_destroy(t);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_init(t, 0, 1, 0), -EINVAL);
}

static void ch_tx_reports(struct kunit *test)
{
	struct loom_dhy_tx *t = ch_tx(test, 8, 100);
	struct loom_dhy_tx_done done;
	struct loom_dhy_tx_stats st;
	struct loom_dhy_frame f;
	u16 id[4];
	int i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_a, 10 + i, 0, &id[i]),
				0);
	/* From another node than the destination: not its report. */
	f = ch_dlv(ch_b, id[0], LOOM_DHY_OUT_DELIVERED);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -ENOENT);
	f = ch_dlv(ch_a, id[0], LOOM_DHY_OUT_DELIVERED);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), 0);
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_DELIVERED);
	/* Twice: the second is about nothing awaiting. */
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -ENOENT);
	f = ch_dlv(ch_a, id[1], LOOM_DHY_OUT_NO_ROOM);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), 0);
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_NO_ROOM);
	KUNIT_EXPECT_EQ(test, done.cookie, 11ULL);

	/* An ICMPX from a relay about one of the chunks. */
	memset(&f, 0, sizeof(f));
	f.type = LOOM_DHY_T_ICMPX;
	ether_addr_copy(f.dst, ch_self);
	ether_addr_copy(f.src, ch_c);
	f.icmpx.code = LOOM_DHY_X_NO_ROUTE;
	f.icmpx.orig_type = LOOM_DHY_T_CNK;
	f.payload = (const u8[]){ id[2] & 0xff, id[2] >> 8, 0, 3, 9, 0 };
	f.payload_len = 6;
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), 0);
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_UNREACHABLE);
	KUNIT_EXPECT_EQ(test, done.msg_id, id[2]);
	/* About an echo request, or with no id: not the table's business. */
	f.icmpx.orig_type = LOOM_DHY_T_ICMPQ;
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -EINVAL);
	f.icmpx.orig_type = LOOM_DHY_T_CNK;
	f.payload_len = 1;
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -EINVAL);
	f.type = LOOM_DHY_T_BCN;
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -EINVAL);

	loom_dhy_tx_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.sent, 4ULL);
	KUNIT_EXPECT_EQ(test, st.delivered, 1ULL);
	KUNIT_EXPECT_EQ(test, st.no_room, 1ULL);
	KUNIT_EXPECT_EQ(test, st.unreachable, 1ULL);
	KUNIT_EXPECT_EQ(test, st.unknown, 2ULL);
	KUNIT_EXPECT_EQ(test, t->used, 1U);
	loom_dhy_tx_destroy(t);
}

static void ch_tx_timeouts(struct kunit *test)
{
	struct loom_dhy_tx *t = ch_tx(test, 8, 0);
	struct loom_dhy_tx_done done;
	struct loom_dhy_frame f;
	u16 id;

	KUNIT_EXPECT_EQ(test, loom_dhy_tx_next_deadline(t), U64_MAX);
	KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_a, 1, 20, &id), 0);
	KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_b, 2, 0, &id), 0);
	KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_c, 3, 10, &id), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_next_deadline(t), CH_TX_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, loom_dhy_tx_expire(t, CH_TX_TIMEOUT - 1,
						    &done));
	KUNIT_ASSERT_TRUE(test, loom_dhy_tx_expire(t, CH_TX_TIMEOUT, &done));
	KUNIT_EXPECT_EQ(test, done.cookie, 2ULL);
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_TIMED_OUT);
	KUNIT_EXPECT_FALSE(test, loom_dhy_tx_expire(t, CH_TX_TIMEOUT, &done));
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_next_deadline(t), CH_TX_TIMEOUT + 10);
	/* Long after: the rest, earliest first. */
	KUNIT_ASSERT_TRUE(test, loom_dhy_tx_expire(t, 1000 * CH_TX_TIMEOUT,
						   &done));
	KUNIT_EXPECT_EQ(test, done.cookie, 3ULL);
	KUNIT_ASSERT_TRUE(test, loom_dhy_tx_expire(t, 1000 * CH_TX_TIMEOUT,
						   &done));
	KUNIT_EXPECT_EQ(test, done.cookie, 1ULL);
	KUNIT_EXPECT_FALSE(test, loom_dhy_tx_expire(t, 1000 * CH_TX_TIMEOUT,
						    &done));
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_next_deadline(t), U64_MAX);
	/* The DLV that comes too late is counted, not reported. */
	f = ch_dlv(ch_a, 0, LOOM_DHY_OUT_DELIVERED);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_report(t, &f, &done), -ENOENT);
	KUNIT_EXPECT_EQ(test, t->st.timed_out, 3ULL);
	KUNIT_EXPECT_EQ(test, t->st.unknown, 1ULL);
	loom_dhy_tx_destroy(t);
}

/* Decode a copy of exactly @len bytes (KASAN sees any overrun). */
static int ch_decode(struct kunit *test, const u8 *buf, int len,
		     struct loom_dhy_frame *f)
{
	return loom_dhy_frame_decode(loom_test_exact(test, buf, len), len, f,
				     NULL);
}

/*
 * Sender to destination and back over frames on the air: datagrams cut
 * for radios of 64, 255 and 1496 bytes, encoded, decoded, reassembled in
 * order and reversed; the DLV goes back and ends the sender's wait.
 */
static void ch_end_to_end(struct kunit *test)
{
	static const u16 radios[] = { 64, 255, 1496 };
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct loom_dhy_tx *t = ch_tx(test, 4, 4242);
	u8 *buf = kunit_kmalloc(test, LOOM_DHY_FRAME_MAX, GFP_KERNEL);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_tx_done done;
	struct loom_dhy_frame f, g;
	unsigned int ri, si;
	int i, len, ret;
	u16 id;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (ri = 0; ri < ARRAY_SIZE(radios); ri++) {
		u16 max = radios[ri], dmax = loom_dhy_cnk_data_max(max);
		u32 sizes[] = { 0, 1, dmax, dmax + 1, 1280,
				loom_dhy_dgram_max(max) };

		for (si = 0; si < ARRAY_SIZE(sizes); si++) {
			struct ch_dgram *d;

			KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_self, si, 0,
							      &id), 0);
			d = ch_cut(test, ch_a, id, sizes[si], dmax, si);
			ret = -1;
			for (i = 0; i < d->n; i++) {
				int k = si % 2 ? d->n - 1 - i : i;

				/* The sender's frames, as a relay passes them. */
				ether_addr_copy(d->f[k].next_hop, ch_b);
				len = loom_dhy_frame_encode(&d->f[k], buf, max);
				KUNIT_ASSERT_GT(test, len, 0);
				KUNIT_ASSERT_EQ(test, loom_dhy_forward(buf, len,
								       ch_self),
						0);
				KUNIT_ASSERT_EQ(test, ch_decode(test, buf, len,
								&f), 0);
				ret = loom_dhy_reasm_push(r, &f, 0, &res);
				KUNIT_ASSERT_GE(test, ret, 0);
			}
			KUNIT_ASSERT_EQ(test, ret, LOOM_DHY_REASM_DONE);
			ch_expect_done(test, &res, d);
			/* Its report, straight back. */
			ether_addr_copy(res.dlv.next_hop, ch_a);
			len = loom_dhy_frame_encode(&res.dlv, buf, max);
			KUNIT_ASSERT_EQ(test, len, LOOM_DHY_ROUTED_OVERHEAD +
					LOOM_DHY_DLV_LEN);
			KUNIT_ASSERT_EQ(test, ch_decode(test, buf, len, &g), 0);
			KUNIT_ASSERT_EQ(test, loom_dhy_tx_report(t, &g, &done),
					0);
			KUNIT_EXPECT_EQ(test, done.cookie, (u64)si);
			KUNIT_EXPECT_EQ(test, done.outcome,
					LOOM_DHY_OUT_DELIVERED);
		}
	}
	KUNIT_EXPECT_EQ(test, t->st.delivered, 3ULL * 6);
	KUNIT_EXPECT_EQ(test, r->st.delivered, 3ULL * 6);
	KUNIT_EXPECT_EQ(test, loom_dhy_tx_next_deadline(t), U64_MAX);
	loom_dhy_tx_destroy(t);
	loom_dhy_reasm_destroy(r);
}

/* One chunk lost on the way: no DLV, both sides time out and count it. */
static void ch_end_to_end_lost(struct kunit *test)
{
	struct loom_dhy_reasm *r = ch_reasm(test, 2, 65536);
	struct loom_dhy_tx *t = ch_tx(test, 4, 7);
	struct loom_dhy_reasm_result res;
	struct loom_dhy_tx_done done;
	struct ch_dgram *d;
	u64 now = 5000;
	int i;
	u16 id;

	KUNIT_ASSERT_EQ(test, loom_dhy_tx_add(t, ch_self, 99, now, &id), 0);
	d = ch_cut(test, ch_a, id, 1000, 227, 1);
	for (i = 0; i < d->n; i++) {
		if (i == 2)
			continue;
		KUNIT_EXPECT_EQ(test, loom_dhy_reasm_push(r, &d->f[i], now + i,
							  &res),
				LOOM_DHY_REASM_MORE);
		KUNIT_EXPECT_FALSE(test, res.send_dlv);
	}
	now = loom_dhy_reasm_next_deadline(r);
	KUNIT_EXPECT_EQ(test, now, 5000 + CH_TIMEOUT);
	KUNIT_EXPECT_EQ(test, loom_dhy_reasm_expire(r, now), 1U);
	now = loom_dhy_tx_next_deadline(t);
	KUNIT_EXPECT_EQ(test, now, 5000 + CH_TX_TIMEOUT);
	KUNIT_ASSERT_TRUE(test, loom_dhy_tx_expire(t, now, &done));
	KUNIT_EXPECT_EQ(test, done.cookie, 99ULL);
	KUNIT_EXPECT_EQ(test, done.outcome, LOOM_DHY_OUT_TIMED_OUT);
	KUNIT_EXPECT_EQ(test, r->st.timeouts, 1ULL);
	KUNIT_EXPECT_EQ(test, t->st.timed_out, 1ULL);
	loom_dhy_tx_destroy(t);
	loom_dhy_reasm_destroy(r);
}

static struct kunit_case dhy_chunk_cases[] = {
	KUNIT_CASE(ch_reasm_in_order),
	KUNIT_CASE(ch_reasm_any_order),
	KUNIT_CASE(ch_reasm_interleaved),
	KUNIT_CASE(ch_reasm_single),
	KUNIT_CASE(ch_reasm_duplicates),
	KUNIT_CASE(ch_reasm_lost_chunk),
	KUNIT_CASE(ch_reasm_full),
	KUNIT_CASE(ch_reasm_budget),
	KUNIT_CASE(ch_reasm_superseded),
	KUNIT_CASE(ch_reasm_refuses),
	KUNIT_CASE(ch_reasm_cnu),
	KUNIT_CASE(ch_reasm_cnu_no_room),
	KUNIT_CASE(ch_tx_ids_and_full),
	KUNIT_CASE(ch_tx_reports),
	KUNIT_CASE(ch_tx_timeouts),
	KUNIT_CASE(ch_end_to_end),
	KUNIT_CASE(ch_end_to_end_lost),
	{}
};

static struct kunit_suite dhy_chunk_suite = {
	.name = "loom_dhyara_chunk",
	.test_cases = dhy_chunk_cases,
};

kunit_test_suites(&dhy_chunk_suite);
