// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Loom topology rules, address assignment and slot schedule.
 *
 * The seed example is checked against a table worked out by hand (see
 * Documentation/topology.rst for the derivation); every validity rule has
 * a failing case that must name its rule and node; generated topologies
 * check the schedule's invariants.
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "../../kernel/net/topology.h"
#include "test_util.h"

#define NP	LOOM_TEST_NP
#define ED	LOOM_ROLE_END_DEVICE
#define RT	LOOM_ROLE_ROUTER
#define CO	LOOM_ROLE_COORDINATOR

/**
 * struct loom_expect - hand-derived result for one node of the seed example
 * @addr: address
 * @layer: routers above
 * @tx_first: first send slot
 * @tx_count: send slots
 * @rx_first: first receive slot
 * @rx_count: receive slots
 */
struct loom_expect {
	u16 addr;
	u8 layer;
	u32 tx_first, tx_count, rx_first, rx_count;
};

/*
 * Layer 2 first: R1R1's child (slot 0), then R1R2's two (1, 2).  Layer 1,
 * Router 1's children: routers first (R1R1: 1 sensing below -> slot 3;
 * R1R2: 2 below + itself -> 4..6), then its end devices 7, 8, 9; Router 2's
 * child 10.  Layer 0: Router 1 (7 sensing below) 11..17, Router 2 (1 below
 * + itself) 18..19, End Device 1 20.  21 slots in all.
 */
static const struct loom_expect loom_seed_expect[] = {
	{ 0xf000, 0,  0, 0, 11, 10 },
	{ 0x0001, 0, 20, 1,  0,  0 },
	{ 0x1000, 0, 11, 7,  3,  7 },
	{ 0x1001, 1,  7, 1,  0,  0 },
	{ 0x1002, 1,  8, 1,  0,  0 },
	{ 0x1100, 1,  3, 1,  0,  1 },
	{ 0x1101, 2,  0, 1,  0,  0 },
	{ 0x1200, 1,  4, 3,  1,  2 },
	{ 0x1201, 2,  1, 1,  0,  0 },
	{ 0x1202, 2,  2, 1,  0,  0 },
	{ 0x1003, 1,  9, 1,  0,  0 },
	{ 0x2000, 0, 18, 2, 10,  1 },
	{ 0x2001, 1, 10, 1,  0,  0 },
};

static void loom_topo_seed_example(struct kunit *test)
{
	struct loom_topology *t = loom_test_build(test, loom_test_seed,
					     LOOM_TEST_SEED_N);
	struct loom_topo_error err;
	u32 i;

	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_OK);
	KUNIT_EXPECT_EQ(test, t->coordinator, 0U);
	KUNIT_EXPECT_EQ(test, t->slot_total, 21U);
	for (i = 0; i < LOOM_TEST_SEED_N; i++) {
		const struct loom_expect *e = &loom_seed_expect[i];
		const struct loom_topo_node *nd = &t->nodes[i];

		KUNIT_EXPECT_EQ_MSG(test, nd->addr, e->addr, "%s", nd->name);
		KUNIT_EXPECT_EQ_MSG(test, nd->layer, e->layer, "%s", nd->name);
		KUNIT_EXPECT_EQ_MSG(test, nd->tx_first, e->tx_first, "%s", nd->name);
		KUNIT_EXPECT_EQ_MSG(test, nd->tx_count, e->tx_count, "%s", nd->name);
		KUNIT_EXPECT_EQ_MSG(test, nd->rx_first, e->rx_first, "%s", nd->name);
		KUNIT_EXPECT_EQ_MSG(test, nd->rx_count, e->rx_count, "%s", nd->name);
	}
	KUNIT_EXPECT_EQ(test, loom_topo_find_addr(t, 0x1202), 9U);
	KUNIT_EXPECT_EQ(test, loom_topo_find_addr(t, 0x3000), LOOM_NO_PARENT);
	loom_topo_free(t);
}

/* Computing twice gives the same result: nothing depends on old output. */
static void loom_topo_idempotent(struct kunit *test)
{
	struct loom_topology *t = loom_test_build(test, loom_test_seed,
					     LOOM_TEST_SEED_N);
	struct loom_topology *u = loom_test_build(test, loom_test_seed,
					     LOOM_TEST_SEED_N);
	struct loom_topo_error err;

	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_ASSERT_EQ(test, loom_topo_compute(u, &err), 0);
	KUNIT_ASSERT_EQ(test, loom_topo_compute(u, &err), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->nodes, u->nodes,
				     sizeof(t->nodes[0]) * t->n), 0);
	loom_topo_free(t);
	loom_topo_free(u);
}

/**
 * struct loom_bad_case - a topology that breaks one rule
 * @desc: case name
 * @spec: nodes
 * @n: number of nodes
 * @code: rule expected
 * @node: name of the node the error must name, or NULL for none
 */
struct loom_bad_case {
	const char *desc;
	const struct loom_spec *spec;
	u32 n;
	int code;
	const char *node;
};

#define LOOM_SPEC(...) ((const struct loom_spec[]){ __VA_ARGS__ })
#define LOOM_BAD(d, c, nd, ...) {					\
	.desc = d, .spec = LOOM_SPEC(__VA_ARGS__),			\
	.n = sizeof(LOOM_SPEC(__VA_ARGS__)) / sizeof(struct loom_spec),	\
	.code = c, .node = nd }

static const struct loom_bad_case loom_bad_cases[] = {
	LOOM_BAD("no coordinator", LOOM_TOPO_E_NO_COORDINATOR, NULL,
		 { "r", NP, RT, false }, { "e", 0, ED, true }),
	LOOM_BAD("two coordinators", LOOM_TOPO_E_MULTI_COORDINATOR, "c2",
		 { "c1", NP, CO, false }, { "c2", NP, CO, false }),
	LOOM_BAD("empty name", LOOM_TOPO_E_NAME_EMPTY, "",
		 { "c", NP, CO, false }, { "", 0, ED, true }),
	LOOM_BAD("duplicate name", LOOM_TOPO_E_NAME_DUPLICATE, "x",
		 { "c", NP, CO, false }, { "x", 0, ED, true },
		 { "x", 0, ED, true }),
	LOOM_BAD("unknown role", LOOM_TOPO_E_BAD_ROLE, "e",
		 { "c", NP, CO, false }, { "e", 0, 3, true }),
	LOOM_BAD("path to itself", LOOM_TOPO_E_PATH_SELF, "e",
		 { "c", NP, CO, false }, { "e", 1, ED, true }),
	LOOM_BAD("path to nowhere", LOOM_TOPO_E_PATH_DANGLING, "e",
		 { "c", NP, CO, false }, { "e", 7, ED, true }),
	LOOM_BAD("two paths between a pair", LOOM_TOPO_E_PATH_DOUBLE, "r1",
		 { "c", NP, CO, false }, { "r1", 2, RT, false },
		 { "r2", 1, RT, false }, { "e", 1, ED, true }),
	LOOM_BAD("cycle", LOOM_TOPO_E_CYCLE, "a",
		 { "c", NP, CO, false }, { "a", 2, RT, false },
		 { "b", 3, RT, false }, { "d", 1, RT, false },
		 { "e", 1, ED, true }),
	LOOM_BAD("coordinator with a path up", LOOM_TOPO_E_COORD_PATH_UP, "c",
		 { "c", 1, CO, false }, { "r", 0, RT, false },
		 { "e", 1, ED, true }),
	LOOM_BAD("end device without a path up", LOOM_TOPO_E_NO_PATH_UP, "e",
		 { "c", NP, CO, false }, { "e", NP, ED, true }),
	LOOM_BAD("router without a path up", LOOM_TOPO_E_NO_PATH_UP, "r",
		 { "c", NP, CO, false }, { "r", NP, RT, false },
		 { "e", 1, ED, true }),
	LOOM_BAD("end device to end device", LOOM_TOPO_E_END_TO_END, "e2",
		 { "c", NP, CO, false }, { "e1", 0, ED, true },
		 { "e2", 1, ED, true }),
	LOOM_BAD("router below an end device", LOOM_TOPO_E_BELOW_END_DEVICE,
		 "r", { "c", NP, CO, false }, { "e1", 0, ED, true },
		 { "r", 1, RT, false }, { "e2", 2, ED, true }),
	LOOM_BAD("router without end device", LOOM_TOPO_E_ROUTER_NO_END, "r",
		 { "c", NP, CO, false }, { "e", 0, ED, true },
		 { "r", 0, RT, true }),
	LOOM_BAD("router with only routers below", LOOM_TOPO_E_ROUTER_NO_END,
		 "r1", { "c", NP, CO, false }, { "r1", 0, RT, false },
		 { "r2", 1, RT, false }, { "e", 2, ED, true }),
	LOOM_BAD("three routers deep", LOOM_TOPO_E_TOO_DEEP, "r3",
		 { "c", NP, CO, false }, { "r1", 0, RT, false },
		 { "e1", 1, ED, true }, { "r2", 1, RT, false },
		 { "e2", 3, ED, true }, { "r3", 3, RT, false },
		 { "e3", 5, ED, true }),
};

static void loom_bad_desc(const struct loom_bad_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(loom_bad, loom_bad_cases, loom_bad_desc);

static void loom_topo_rule(struct kunit *test)
{
	const struct loom_bad_case *c = test->param_value;
	struct loom_topology *t = loom_test_build(test, c->spec, c->n);
	struct loom_topo_error err;
	char msg[160];

	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, c->code);
	loom_topo_format_error(t, &err, msg, sizeof(msg));
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, loom_topo_strerror(c->code)));
	if (c->node) {
		KUNIT_ASSERT_LT(test, err.node, t->n);
		KUNIT_EXPECT_STREQ(test, t->nodes[err.node].name, c->node);
	} else {
		KUNIT_EXPECT_EQ(test, err.node, LOOM_NO_PARENT);
	}
	loom_topo_free(t);
}

/* A coordinator (or router) with @routers routers and @ends end devices. */
static struct loom_topology *loom_fan(struct kunit *test, bool via_router,
				      u32 routers, u32 ends)
{
	u32 n = 1 + via_router + routers * 2 + ends, i = 0, r, top;
	struct loom_topology *t = loom_topo_alloc(n);

	KUNIT_ASSERT_NOT_NULL(test, t);
	/* Short slots: hundreds of them must fit one data interval. */
	t->cfg.slot_ms = 1;
	snprintf(t->nodes[i].name, sizeof(t->nodes[0].name), "c");
	t->nodes[i++].role = CO;
	top = 0;
	if (via_router) {
		snprintf(t->nodes[i].name, sizeof(t->nodes[0].name), "top");
		t->nodes[i].role = RT;
		t->nodes[i].parent = 0;
		top = i++;
	}
	for (r = 0; r < routers; r++) {
		u32 ri = i;

		snprintf(t->nodes[i].name, sizeof(t->nodes[0].name), "r%u", r);
		t->nodes[i].role = RT;
		t->nodes[i++].parent = top;
		snprintf(t->nodes[i].name, sizeof(t->nodes[0].name), "r%u-e", r);
		t->nodes[i].role = ED;
		t->nodes[i].sensor = true;
		t->nodes[i++].parent = ri;
	}
	for (r = 0; r < ends; r++) {
		snprintf(t->nodes[i].name, sizeof(t->nodes[0].name), "e%u", r);
		t->nodes[i].role = ED;
		t->nodes[i].sensor = true;
		t->nodes[i++].parent = top;
	}
	return t;
}

static void loom_topo_fan_limits(struct kunit *test)
{
	struct loom_topo_error err;
	struct loom_topology *t;

	/* 14 routers and 254 end devices fit under the coordinator ... */
	t = loom_fan(test, false, 14, 254);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_EXPECT_EQ(test, t->nodes[27].addr, 0xe000);	/* r13 */
	KUNIT_EXPECT_EQ(test, t->nodes[t->n - 1].addr, 0x00fe);
	loom_topo_free(t);
	/* ... and under a router, with 14 second-level routers. */
	t = loom_fan(test, true, 14, 254);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_EXPECT_EQ(test, t->nodes[28].addr, 0x1e00);
	KUNIT_EXPECT_EQ(test, t->nodes[29].addr, 0x1e01);
	KUNIT_EXPECT_EQ(test, t->nodes[t->n - 1].addr, 0x10fe);
	KUNIT_EXPECT_EQ(test, t->nodes[1].tx_count, 14U + 254U);
	loom_topo_free(t);

	/* One more of either is refused, naming the parent. */
	t = loom_fan(test, false, 15, 1);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_TOO_MANY_ROUTERS);
	KUNIT_EXPECT_STREQ(test, t->nodes[err.node].name, "c");
	loom_topo_free(t);
	t = loom_fan(test, false, 0, 255);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_TOO_MANY_ENDS);
	KUNIT_EXPECT_STREQ(test, t->nodes[err.node].name, "c");
	loom_topo_free(t);
	t = loom_fan(test, true, 15, 1);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_TOO_MANY_ROUTERS);
	KUNIT_EXPECT_STREQ(test, t->nodes[err.node].name, "top");
	loom_topo_free(t);
	t = loom_fan(test, true, 0, 255);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_TOO_MANY_ENDS);
	KUNIT_EXPECT_STREQ(test, t->nodes[err.node].name, "top");
	loom_topo_free(t);
}

static void loom_topo_empty_and_huge(struct kunit *test)
{
	struct loom_topology *t = loom_topo_alloc(0);
	struct loom_topo_error err;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_EMPTY);
	/* Refused before any node is looked at. */
	t->n = LOOM_MAX_NODES + 1;
	KUNIT_EXPECT_EQ(test, loom_topo_compute(t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.code, LOOM_TOPO_E_TOO_MANY_NODES);
	loom_topo_free(t);
	KUNIT_EXPECT_NULL(test, loom_topo_alloc(LOOM_MAX_NODES + 1));
}

static void loom_topo_sensing(struct kunit *test)
{
	static const struct loom_spec spec[] = {
		{ "c", NP, CO, true },		/* gives no slot */
		{ "quiet", 0, RT, false },
		{ "q1", 1, ED, false },		/* one slot, none reserved above */
		{ "q2", 1, ED, false },
		{ "loud", 0, RT, true },
		{ "l1", 4, ED, true },
	};
	struct loom_topology *t = loom_test_build(test, spec, ARRAY_SIZE(spec));
	struct loom_topo_error err;

	KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
	KUNIT_EXPECT_EQ(test, t->nodes[0].tx_count, 0U);
	KUNIT_EXPECT_EQ(test, t->nodes[1].tx_count, 0U);
	KUNIT_EXPECT_EQ(test, t->nodes[1].rx_count, 2U);
	KUNIT_EXPECT_EQ(test, t->nodes[2].tx_count, 1U);
	KUNIT_EXPECT_EQ(test, t->nodes[4].tx_count, 2U);
	/* q1, q2, l1 (layer 1), then loud (layer 0; quiet has no slots). */
	KUNIT_EXPECT_EQ(test, t->nodes[2].tx_first, 0U);
	KUNIT_EXPECT_EQ(test, t->nodes[3].tx_first, 1U);
	KUNIT_EXPECT_EQ(test, t->nodes[5].tx_first, 2U);
	KUNIT_EXPECT_EQ(test, t->nodes[4].tx_first, 3U);
	KUNIT_EXPECT_EQ(test, t->slot_total, 5U);
	KUNIT_EXPECT_EQ(test, t->nodes[0].rx_first, 3U);
	KUNIT_EXPECT_EQ(test, t->nodes[0].rx_count, 2U);
	loom_topo_free(t);
}

static void loom_topo_config(struct kunit *test)
{
	static const struct {
		u32 slot, interval, cycles;
		int code;
	} cases[] = {
		{ 1000, 60000, 10, LOOM_TOPO_OK },
		{ 0, 60000, 10, LOOM_TOPO_E_CFG_SLOT },
		{ 60001, 86400000, 10, LOOM_TOPO_E_CFG_SLOT },
		{ 1000, 0, 10, LOOM_TOPO_E_CFG_INTERVAL },
		{ 1000, 86400001, 10, LOOM_TOPO_E_CFG_INTERVAL },
		{ 1000, 60000, 0, LOOM_TOPO_E_CFG_CYCLES },
		{ 1000, 60000, 256, LOOM_TOPO_E_CFG_CYCLES },
		{ 1000, 21000, 1, LOOM_TOPO_OK },	/* exactly fits */
		{ 1000, 20999, 1, LOOM_TOPO_E_CFG_NO_FIT },
		{ 60000, 86400000, 255, LOOM_TOPO_OK },
	};
	struct loom_topo_error err;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct loom_topology *t = loom_test_build(test, loom_test_seed,
						     LOOM_TEST_SEED_N);
		int want = -EINVAL;

		if (cases[i].code == LOOM_TOPO_OK)
			want = 0;
		t->cfg.slot_ms = cases[i].slot;
		t->cfg.data_interval_ms = cases[i].interval;
		t->cfg.data_cycles = cases[i].cycles;
		KUNIT_EXPECT_EQ_MSG(test, loom_topo_compute(t, &err), want,
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, err.code, cases[i].code, "case %u", i);
		if (cases[i].code == LOOM_TOPO_E_CFG_NO_FIT) {
			char msg[160];

			loom_topo_format_error(t, &err, msg, sizeof(msg));
			KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "21 slots of 1000 ms"));
		}
		loom_topo_free(t);
	}
}

/* Random valid tree: coordinator, up to 2 router levels, sensing mixed. */
static struct loom_topology *loom_random(struct kunit *test, u32 *seed)
{
	u32 cap = 400, n = 1, i, r, ends;
	struct loom_topology *t = loom_topo_alloc(cap);
	u32 routers[40], nr = 0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->cfg.slot_ms = 1;
#define LOOM_RAND(m) (*seed = *seed * 1103515245 + 12345, (*seed >> 8) % (m))
	t->nodes[0].role = CO;
	strscpy(t->nodes[0].name, "c", sizeof(t->nodes[0].name));
	/* Routers: level 1 under the coordinator, level 2 under level 1. */
	for (r = LOOM_RAND(6); r > 0; r--) {
		u32 lvl1 = n, k;

		t->nodes[n].role = RT;
		t->nodes[n].parent = 0;
		t->nodes[n].sensor = LOOM_RAND(2);
		routers[nr++] = n++;
		for (k = LOOM_RAND(4); k > 0; k--) {
			t->nodes[n].role = RT;
			t->nodes[n].parent = lvl1;
			t->nodes[n].sensor = LOOM_RAND(2);
			routers[nr++] = n++;
		}
	}
	/* Every router gets 1..8 end devices, the coordinator 0..8. */
	for (i = 0; i <= nr; i++) {
		u32 parent = i < nr ? routers[i] : 0;

		for (ends = LOOM_RAND(8) + (i < nr); ends > 0; ends--) {
			t->nodes[n].role = ED;
			t->nodes[n].parent = parent;
			t->nodes[n].sensor = LOOM_RAND(4) != 0;
			n++;
		}
	}
	/* Shuffle nothing: appearance order is children after parents. */
	for (i = 0; i < n; i++)
		snprintf(t->nodes[i].name, sizeof(t->nodes[i].name), "n%u", i);
	t->n = n;
#undef LOOM_RAND
	return t;
}

/* The parent hears the node, sends after it, and its address nests. */
static void loom_check_parent(struct kunit *test, const struct loom_topology *t,
			      const struct loom_topo_node *nd)
{
	const struct loom_topo_node *up = &t->nodes[nd->parent];
	u32 end = nd->tx_first + nd->tx_count;

	if (nd->tx_count) {
		KUNIT_EXPECT_GE(test, nd->tx_first, up->rx_first);
		KUNIT_EXPECT_LE(test, end, up->rx_first + up->rx_count);
		if (up->tx_count)
			KUNIT_EXPECT_LE(test, end, up->tx_first);
	}
	if (nd->parent != t->coordinator)
		KUNIT_EXPECT_EQ(test, nd->addr & up->addr, up->addr);
}

static void loom_topo_invariants(struct kunit *test)
{
	u32 seed, iter;

	for (iter = 0, seed = 1; iter < 200; iter++) {
		struct loom_topology *t = loom_random(test, &seed);
		struct loom_topo_error err;
		u32 *owner, i, s, total = 0;

		KUNIT_ASSERT_EQ(test, loom_topo_compute(t, &err), 0);
		owner = kunit_kcalloc(test, t->slot_total + 1, sizeof(u32),
				      GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, owner);
		for (i = 0; i < t->n; i++) {
			const struct loom_topo_node *nd = &t->nodes[i];

			total += nd->tx_count;
			/* Every slot has exactly one owner. */
			for (s = nd->tx_first; s < nd->tx_first + nd->tx_count; s++) {
				KUNIT_ASSERT_LT(test, s, t->slot_total);
				KUNIT_EXPECT_EQ(test, owner[s], 0U);
				owner[s] = i + 1;
			}
			if (i != t->coordinator)
				loom_check_parent(test, t, nd);
		}
		KUNIT_EXPECT_EQ(test, total, t->slot_total);
		for (i = 0; i < t->slot_total; i++)
			KUNIT_EXPECT_NE(test, owner[i], 0U);
		loom_topo_free(t);
	}
}

static struct kunit_case loom_topology_cases[] = {
	KUNIT_CASE(loom_topo_seed_example),
	KUNIT_CASE(loom_topo_idempotent),
	KUNIT_CASE_PARAM(loom_topo_rule, loom_bad_gen_params),
	KUNIT_CASE(loom_topo_fan_limits),
	KUNIT_CASE(loom_topo_empty_and_huge),
	KUNIT_CASE(loom_topo_sensing),
	KUNIT_CASE(loom_topo_config),
	KUNIT_CASE(loom_topo_invariants),
	{}
};

static struct kunit_suite loom_topology_suite = {
	.name = "loom_topology",
	.test_cases = loom_topology_cases,
};

kunit_test_suites(&loom_topology_suite);
