// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the list of protocols (kernel/run.c) and addresses of either
 * kind.  The suites run while loom.ko loads, before its init registers the
 * tree, so they register protocols of their own, with ids no real one has.
 */
#include <kunit/test.h>

#include "../../kernel/proto.h"
#include "../../kernel/radio/radio.h"

#define LOOM_PT_ID_A	250
#define LOOM_PT_ID_B	251

/* loom_proto_find() wants the registry's lock, as its callers hold it. */
static const struct loom_proto_ops *loom_pt_find(u8 id)
{
	const struct loom_proto_ops *ops;

	loom_radio_lock();
	ops = loom_proto_find(id);
	loom_radio_unlock();
	return ops;
}

static void loom_proto_registry(struct kunit *test)
{
	struct loom_proto_ops a = { .name = "a", .id = LOOM_PT_ID_A };
	struct loom_proto_ops same = { .name = "same", .id = LOOM_PT_ID_A };
	struct loom_proto_ops b = { .name = "b", .id = LOOM_PT_ID_B };

	KUNIT_EXPECT_NULL(test, loom_pt_find(LOOM_PT_ID_A));
	KUNIT_ASSERT_EQ(test, loom_proto_register(&a), 0);
	KUNIT_EXPECT_PTR_EQ(test, loom_pt_find(LOOM_PT_ID_A), &a);
	/* One protocol per id: a second is refused, the first stays. */
	KUNIT_EXPECT_EQ(test, loom_proto_register(&same), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, loom_pt_find(LOOM_PT_ID_A), &a);
	KUNIT_ASSERT_EQ(test, loom_proto_register(&b), 0);
	KUNIT_EXPECT_PTR_EQ(test, loom_pt_find(LOOM_PT_ID_B), &b);
	KUNIT_EXPECT_PTR_EQ(test, loom_pt_find(LOOM_PT_ID_A), &a);
	loom_proto_unregister(&a);
	KUNIT_EXPECT_NULL(test, loom_pt_find(LOOM_PT_ID_A));
	KUNIT_EXPECT_PTR_EQ(test, loom_pt_find(LOOM_PT_ID_B), &b);
	loom_proto_unregister(&b);
	KUNIT_EXPECT_NULL(test, loom_pt_find(LOOM_PT_ID_B));
}

static void loom_proto_addr_equal(struct kunit *test)
{
	struct loom_addr t1 = { .kind = LOOM_ADDR_KIND_TREE, .tree = 0x1101 };
	struct loom_addr t2 = { .kind = LOOM_ADDR_KIND_TREE, .tree = 0x1101 };
	struct loom_addr t3 = { .kind = LOOM_ADDR_KIND_TREE, .tree = 0x1102 };
	struct loom_addr m1 = {
		.kind = LOOM_ADDR_KIND_MESH,
		.mesh = { 0x02, 0x4c, 0x4f, 0x4d, 0x00, 0x01 },
	};
	struct loom_addr m2 = m1, m3 = m1, mt = {};

	m3.mesh[5] = 0x02;
	KUNIT_EXPECT_TRUE(test, loom_addr_equal(&t1, &t2));
	KUNIT_EXPECT_FALSE(test, loom_addr_equal(&t1, &t3));
	KUNIT_EXPECT_TRUE(test, loom_addr_equal(&m1, &m2));
	KUNIT_EXPECT_FALSE(test, loom_addr_equal(&m1, &m3));
	/* The same bytes in the other kind are another address. */
	mt.kind = LOOM_ADDR_KIND_TREE;
	memcpy(&mt.tree, m1.mesh, sizeof(mt.tree));
	m2.kind = LOOM_ADDR_KIND_TREE;
	KUNIT_EXPECT_FALSE(test, loom_addr_equal(&m1, &mt));
	KUNIT_EXPECT_FALSE(test, loom_addr_equal(&m1, &m2));
}

static struct kunit_case loom_proto_cases[] = {
	KUNIT_CASE(loom_proto_registry),
	KUNIT_CASE(loom_proto_addr_equal),
	{}
};

static struct kunit_suite loom_proto_suite = {
	.name = "loom_proto",
	.test_cases = loom_proto_cases,
};

kunit_test_suites(&loom_proto_suite);
