// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the KUnit suites.
 */
#include "test_util.h"

#define NP	LOOM_TEST_NP
#define ED	LOOM_ROLE_END_DEVICE
#define RT	LOOM_ROLE_ROUTER
#define CO	LOOM_ROLE_COORDINATOR

/* The seed's example configuration, in order of appearance. */
const struct loom_spec loom_test_seed[LOOM_TEST_SEED_N] = {
	{ "BillyTheCoord", NP, CO, false },
	{ "End Device 1", 0, ED, true },
	{ "Router 1", 0, RT, false },
	{ "Router 1 End Device 1", 2, ED, true },
	{ "Router 1 End Device 2", 2, ED, true },
	{ "Router 1 Router 1", 2, RT, false },
	{ "Router 1 Router 1 End Device 1", 5, ED, true },
	{ "Router 1 Router 2", 2, RT, true },
	{ "Router 1 Router 2 End Device 1", 7, ED, true },
	{ "Router 1 Router 2 End Device 2", 7, ED, true },
	{ "Router 1 End Device 3", 2, ED, true },
	{ "Router 2", 0, RT, true },
	{ "Router 2 End Device 1", 11, ED, true },
};

/**
 * loom_test_build() - a topology from a table, not yet computed
 * @test: the test (asserts on allocation failure)
 * @spec: the nodes
 * @n: how many
 *
 * Return: the topology; the caller frees it with loom_topo_free().
 */
struct loom_topology *loom_test_build(struct kunit *test,
				      const struct loom_spec *spec, u32 n)
{
	struct loom_topology *t = loom_topo_alloc(n);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < n; i++) {
		strscpy(t->nodes[i].name, spec[i].name,
			sizeof(t->nodes[i].name));
		t->nodes[i].parent = spec[i].parent < 0 ? LOOM_NO_PARENT :
				     (u32)spec[i].parent;
		t->nodes[i].role = spec[i].role;
		t->nodes[i].sensor = spec[i].sensor;
	}
	return t;
}

/**
 * loom_test_exact() - a copy in an allocation of exactly its size
 * @test: the test (asserts on allocation failure; KUnit frees the copy)
 * @src: the bytes
 * @len: their number
 *
 * A decoder given the copy reads past its end only under KASAN's eyes.
 *
 * Return: the copy (one byte allocated for @len 0).
 */
u8 *loom_test_exact(struct kunit *test, const void *src, size_t len)
{
	u8 *p = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, src, len);
	return p;
}
