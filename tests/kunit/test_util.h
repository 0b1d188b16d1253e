/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites: building topologies by hand, and the
 * seed's example network.
 */
#ifndef _LOOM_TEST_UTIL_H
#define _LOOM_TEST_UTIL_H

#include <kunit/test.h>

#include "../../kernel/net/topology.h"

/* Parent index of the coordinator in a struct loom_spec. */
#define LOOM_TEST_NP	(-1)
/* Nodes in the seed example. */
#define LOOM_TEST_SEED_N	13

/**
 * struct loom_spec - one node of a test topology
 * @name: node name
 * @parent: index of the parent, or LOOM_TEST_NP
 * @role: enum loom_role
 * @sensor: sensing flag
 */
struct loom_spec {
	const char *name;
	int parent;
	u8 role;
	bool sensor;
};

extern const struct loom_spec loom_test_seed[LOOM_TEST_SEED_N];

struct loom_topology *loom_test_build(struct kunit *test,
				      const struct loom_spec *spec, u32 n);
u8 *loom_test_exact(struct kunit *test, const void *src, size_t len);

#endif /* _LOOM_TEST_UTIL_H */
