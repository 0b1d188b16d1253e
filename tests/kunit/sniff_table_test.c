// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the sniffer's table of transmitters - running statistics, the
 * bound and who is forgotten when it is reached, order, clearing.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "../../kernel/sniff/table.h"

static struct loom_sniff_table *st_table(struct kunit *test, u32 cap)
{
	struct loom_sniff_table *t = kunit_kzalloc(test, sizeof(*t),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, loom_sniff_table_init(t, cap), 0);
	return t;
}

static void st_obs(struct loom_sniff_obs *o, u8 last, s32 cdbm, u8 type)
{
	memset(o, 0, sizeof(*o));
	o->ta[0] = 0x02;
	o->ta[5] = last;
	o->signal_cdbm = cdbm;
	o->type = type;
}

/* The row of the transmitter ending in @last, or NULL. */
static const struct loom_sniff_row *st_row(const struct loom_sniff_row *rows,
					   u32 n, u8 last)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (rows[i].addr[5] == last)
			return &rows[i];
	return NULL;
}

static void sniff_table_stats(struct kunit *test)
{
	static const s32 x[] = { -5000, -5200, -4800, -5000, -6000 };
	struct loom_sniff_table *t = st_table(test, 4);
	const struct loom_sniff_row *r;
	struct loom_sniff_row rows[4];
	struct loom_sniff_obs o;
	s32 ewma = 0;
	u64 sumsq = 0;
	s64 sum = 0;
	unsigned int i;
	u32 n;

	for (i = 0; i < ARRAY_SIZE(x); i++) {
		st_obs(&o, 1, x[i], i ? LOOM_SNIFF_TYPE_DATA :
					LOOM_SNIFF_TYPE_MGMT);
		if (i == 2) {
			o.ant_mask = BIT(1);
			o.ant_cdbm[1] = -5100;
		}
		o.freq_mhz = i == 4 ? 0 : 2412;
		KUNIT_EXPECT_EQ(test, loom_sniff_table_update(t, &o, 1000 + i, NULL),
				i == 0);
		sum += x[i];
		sumsq += (u64)((s64)x[i] * x[i]);
		ewma = i ? ewma + (x[i] - ewma) / 8 : x[i];
	}
	n = loom_sniff_table_read(t, rows, ARRAY_SIZE(rows), NULL);
	KUNIT_ASSERT_EQ(test, n, 1U);
	r = &rows[0];
	KUNIT_EXPECT_EQ(test, r->st.frames, 5ULL);
	KUNIT_EXPECT_EQ(test, r->st.sum_cdbm, sum);
	KUNIT_EXPECT_EQ(test, r->st.sumsq, sumsq);
	KUNIT_EXPECT_EQ(test, r->st.min_cdbm, -6000);
	KUNIT_EXPECT_EQ(test, r->st.max_cdbm, -4800);
	KUNIT_EXPECT_EQ(test, r->st.last_cdbm, -6000);
	KUNIT_EXPECT_EQ(test, r->st.ewma_cdbm, ewma);
	KUNIT_EXPECT_EQ(test, r->st.first_ns, 1000ULL);
	KUNIT_EXPECT_EQ(test, r->st.last_ns, 1004ULL);
	KUNIT_EXPECT_EQ(test, r->st.types,
			LOOM_SNIFF_TYPE_MGMT | LOOM_SNIFF_TYPE_DATA);
	/* A frame without a channel keeps the last one known. */
	KUNIT_EXPECT_EQ(test, r->st.freq_mhz, 2412);
	KUNIT_EXPECT_EQ(test, r->st.ant_mask, BIT(1));
	KUNIT_EXPECT_EQ(test, r->st.ant_last_cdbm[1], -5100);
	/* Mean -52 dBm, population variance 17.6 dB^2: 176000 (0.01 dBm)^2. */
	KUNIT_EXPECT_EQ(test, 5 * r->st.sumsq - (u64)(sum * sum),
			5ULL * 5 * 176000);
	loom_sniff_table_destroy(t);
}

static void sniff_table_full(struct kunit *test)
{
	struct loom_sniff_table *t = st_table(test, 3);
	struct loom_sniff_row rows[8];
	struct loom_sniff_obs o;
	u64 evicted;
	u32 n;
	u8 i;

	for (i = 1; i <= 3; i++) {
		st_obs(&o, i, -4000 - i, LOOM_SNIFF_TYPE_MGMT);
		KUNIT_EXPECT_TRUE(test, loom_sniff_table_update(t, &o, i, NULL));
	}
	/* 1 is heard again: 2 is now the one heard least recently. */
	st_obs(&o, 1, -4100, LOOM_SNIFF_TYPE_MGMT);
	KUNIT_EXPECT_FALSE(test, loom_sniff_table_update(t, &o, 4, NULL));
	st_obs(&o, 4, -4400, LOOM_SNIFF_TYPE_MGMT);
	KUNIT_EXPECT_TRUE(test, loom_sniff_table_update(t, &o, 5, NULL));
	n = loom_sniff_table_read(t, rows, ARRAY_SIZE(rows), &evicted);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, evicted, 1ULL);
	KUNIT_EXPECT_NULL(test, st_row(rows, n, 2));
	/* Most recently heard first: 4, 1, 3. */
	KUNIT_EXPECT_EQ(test, rows[0].addr[5], 4);
	KUNIT_EXPECT_EQ(test, rows[1].addr[5], 1);
	KUNIT_EXPECT_EQ(test, rows[2].addr[5], 3);
	/* The newcomer starts afresh in the recycled entry. */
	KUNIT_EXPECT_EQ(test, rows[0].st.frames, 1ULL);
	KUNIT_EXPECT_EQ(test, rows[0].st.first_ns, 5ULL);
	KUNIT_EXPECT_EQ(test, rows[0].st.min_cdbm, -4400);
	/* 2 comes back: it is new again and 3 goes. */
	st_obs(&o, 2, -4200, LOOM_SNIFF_TYPE_MGMT);
	KUNIT_EXPECT_TRUE(test, loom_sniff_table_update(t, &o, 6, NULL));
	n = loom_sniff_table_read(t, rows, 2, &evicted);
	KUNIT_EXPECT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, evicted, 2ULL);
	KUNIT_EXPECT_EQ(test, rows[0].addr[5], 2);
	loom_sniff_table_destroy(t);
}

static void sniff_table_clear(struct kunit *test)
{
	struct loom_sniff_table *t = st_table(test, 2);
	struct loom_sniff_row rows[2];
	struct loom_sniff_obs o;
	u64 evicted;
	u8 i;

	for (i = 1; i <= 5; i++) {
		st_obs(&o, i, -5000, LOOM_SNIFF_TYPE_DATA);
		loom_sniff_table_update(t, &o, i, NULL);
	}
	loom_sniff_table_clear(t);
	KUNIT_EXPECT_EQ(test, loom_sniff_table_read(t, rows, 2, &evicted), 0U);
	KUNIT_EXPECT_EQ(test, evicted, 0ULL);
	/* Every entry is usable again. */
	for (i = 1; i <= 2; i++) {
		st_obs(&o, i, -5000, LOOM_SNIFF_TYPE_DATA);
		KUNIT_EXPECT_TRUE(test, loom_sniff_table_update(t, &o, 10 + i, NULL));
	}
	KUNIT_EXPECT_EQ(test, loom_sniff_table_read(t, rows, 2, &evicted), 2U);
	KUNIT_EXPECT_EQ(test, evicted, 0ULL);
	KUNIT_EXPECT_EQ(test, loom_sniff_table_init(t, 0), -EINVAL);
	loom_sniff_table_destroy(t);
}

/* Many transmitters through a small table: the hash and lists hold. */
static void sniff_table_churn(struct kunit *test)
{
	struct loom_sniff_table *t = st_table(test, 64);
	struct loom_sniff_row *rows = kunit_kcalloc(test, 64, sizeof(*rows),
						    GFP_KERNEL);
	struct loom_sniff_obs o;
	u64 evicted;
	u32 i, n;

	KUNIT_ASSERT_NOT_NULL(test, rows);
	for (i = 0; i < 5000; i++) {
		st_obs(&o, i % 251, -3000 - (s32)(i % 97), LOOM_SNIFF_TYPE_MGMT);
		o.ta[4] = i % 3;
		loom_sniff_table_update(t, &o, i, NULL);
	}
	n = loom_sniff_table_read(t, rows, 64, &evicted);
	KUNIT_EXPECT_EQ(test, n, 64U);
	KUNIT_EXPECT_GT(test, evicted, 0ULL);
	/* The last frame's transmitter is the first row. */
	KUNIT_EXPECT_EQ(test, rows[0].addr[5], 4999 % 251);
	KUNIT_EXPECT_EQ(test, rows[0].addr[4], 4999 % 3);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_GE(test, rows[i - 1].st.last_ns, rows[i].st.last_ns);
	loom_sniff_table_destroy(t);
}

static struct kunit_case sniff_table_cases[] = {
	KUNIT_CASE(sniff_table_stats),
	KUNIT_CASE(sniff_table_full),
	KUNIT_CASE(sniff_table_clear),
	KUNIT_CASE(sniff_table_churn),
	{}
};

static struct kunit_suite sniff_table_suite = {
	.name = "loom_sniff_table",
	.test_cases = sniff_table_cases,
};

kunit_test_suite(sniff_table_suite);
