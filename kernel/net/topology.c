// SPDX-License-Identifier: GPL-2.0
/*
 * Loom topology: validity rules, hierarchical addresses and the TDMA slot
 * schedule.  Pure logic over an array of nodes; O(n log n) in the number of
 * nodes (two sorts, the rest linear).  See Documentation/wire-format.rst and
 * Documentation/topology.rst for the rules and every interpretation made.
 */
#include "topology.h"

/**
 * struct loom_topo_scratch - working arrays of one computation
 * @child_start: index into @child of each node's first child (n + 1 entries)
 * @child: children of all nodes, grouped by parent, in configuration order
 * @preorder: position of each node in a pre-order walk from the coordinator
 * @below: sensing devices in each node's subtree, the node excluded
 * @order: node indices (a walk order, later the schedule order)
 * @keys: sort keys; compact, so the sorts stay in cache at 10,000 nodes
 * @t: the topology, for the name comparator
 */
struct loom_topo_scratch {
	u32 *child_start;
	u32 *child;
	u32 *preorder;
	u32 *below;
	u32 *order;
	struct loom_sort_key *keys;
	const struct loom_topology *t;
};

/**
 * struct loom_sort_key - what a sort compares, next to what it sorts
 * @key: the order; equal keys fall back to the comparator's tie-break
 * @idx: node index
 */
struct loom_sort_key {
	u64 key;
	u32 idx;
};

/**
 * loom_topo_alloc() - allocate a topology of @n zeroed nodes
 * @n: number of nodes
 *
 * Every node starts without a parent and the configuration at its defaults.
 *
 * Return: the topology, or NULL when out of memory or @n is too large.
 */
struct loom_topology *loom_topo_alloc(u32 n)
{
	struct loom_topology *t;
	u32 i;

	if (n > LOOM_MAX_NODES)
		return NULL;
	t = kvcalloc(1, sizeof(*t) + (size_t)n * sizeof(t->nodes[0]),
		     GFP_KERNEL);
	if (!t)
		return NULL;
	t->n = n;
	for (i = 0; i < n; i++)
		t->nodes[i].parent = LOOM_NO_PARENT;
	loom_topo_config_default(&t->cfg);
	return t;
}

/**
 * loom_topo_free() - free a topology from loom_topo_alloc()
 * @t: the topology, or NULL
 */
void loom_topo_free(struct loom_topology *t)
{
	kvfree(t);
}

/**
 * loom_topo_config_default() - fill @cfg with the documented defaults
 * @cfg: configuration to fill
 */
void loom_topo_config_default(struct loom_topo_config *cfg)
{
	cfg->slot_ms = LOOM_CFG_SLOT_MS_DEFAULT;
	cfg->data_interval_ms = LOOM_CFG_INTERVAL_MS_DEFAULT;
	cfg->data_cycles = LOOM_CFG_CYCLES_DEFAULT;
}

static int loom_fail(struct loom_topo_error *err, int code, u32 node, u32 other)
{
	err->code = code;
	err->node = node;
	err->other = other;
	return -EINVAL;
}

/* The first 8 bytes of a name, big-endian: orders as strcmp() does. */
static u64 loom_name_prefix(const char *name)
{
	u64 k = 0;
	int i;

	for (i = 0; i < 8; i++) {
		k = k << 8 | (u8)*name;
		if (*name)
			name++;
	}
	return k;
}

static int loom_cmp_name(const void *a, const void *b, const void *priv)
{
	const struct loom_sort_key *ka = a, *kb = b;
	const struct loom_topology *t = priv;
	int c;

	if (ka->key != kb->key)
		return ka->key < kb->key ? -1 : 1;
	c = strcmp(t->nodes[ka->idx].name, t->nodes[kb->idx].name);
	if (c)
		return c;
	/* Stable: the earlier node first, so the later one is reported. */
	return ka->idx < kb->idx ? -1 : 1;
}

static int loom_cmp_key(const void *a, const void *b, const void *priv)
{
	const struct loom_sort_key *ka = a, *kb = b;

	if (ka->key != kb->key)
		return ka->key < kb->key ? -1 : 1;
	return 0;
}

/* Nodes, names, one coordinator and the ends of every path. */
static int loom_check_nodes(struct loom_topology *t, struct loom_topo_error *err)
{
	u32 i, coord = LOOM_NO_PARENT;

	if (!t->n)
		return loom_fail(err, LOOM_TOPO_E_EMPTY, LOOM_NO_PARENT,
				 LOOM_NO_PARENT);
	if (t->n > LOOM_MAX_NODES)
		return loom_fail(err, LOOM_TOPO_E_TOO_MANY_NODES,
				 LOOM_NO_PARENT, LOOM_NO_PARENT);
	for (i = 0; i < t->n; i++) {
		struct loom_topo_node *nd = &t->nodes[i];

		/* Names come from outside: never trust the terminator. */
		nd->name[LOOM_NAME_MAX] = '\0';
		if (!nd->name[0])
			return loom_fail(err, LOOM_TOPO_E_NAME_EMPTY, i,
					 LOOM_NO_PARENT);
		if (nd->role >= __LOOM_ROLE_MAX)
			return loom_fail(err, LOOM_TOPO_E_BAD_ROLE, i,
					 LOOM_NO_PARENT);
		if (nd->role != LOOM_ROLE_COORDINATOR)
			continue;
		if (coord != LOOM_NO_PARENT)
			return loom_fail(err, LOOM_TOPO_E_MULTI_COORDINATOR, i,
					 coord);
		coord = i;
	}
	if (coord == LOOM_NO_PARENT)
		return loom_fail(err, LOOM_TOPO_E_NO_COORDINATOR,
				 LOOM_NO_PARENT, LOOM_NO_PARENT);
	t->coordinator = coord;

	for (i = 0; i < t->n; i++) {
		u32 p = t->nodes[i].parent;

		if (i == coord) {
			if (p != LOOM_NO_PARENT)
				return loom_fail(err, LOOM_TOPO_E_COORD_PATH_UP,
						 i, p < t->n ? p : LOOM_NO_PARENT);
			continue;
		}
		if (p == LOOM_NO_PARENT)
			return loom_fail(err, LOOM_TOPO_E_NO_PATH_UP, i,
					 LOOM_NO_PARENT);
		if (p == i)
			return loom_fail(err, LOOM_TOPO_E_PATH_SELF, i, i);
		if (p >= t->n)
			return loom_fail(err, LOOM_TOPO_E_PATH_DANGLING, i,
					 LOOM_NO_PARENT);
	}
	return 0;
}

static int loom_check_names(struct loom_topology *t, struct loom_topo_scratch *s,
			    struct loom_topo_error *err)
{
	u32 i;

	for (i = 0; i < t->n; i++) {
		s->keys[i].key = loom_name_prefix(t->nodes[i].name);
		s->keys[i].idx = i;
	}
	sort_r(s->keys, t->n, sizeof(*s->keys), loom_cmp_name, NULL, t);
	for (i = 1; i < t->n; i++) {
		u32 a = s->keys[i - 1].idx, b = s->keys[i].idx;

		if (!strcmp(t->nodes[a].name, t->nodes[b].name))
			return loom_fail(err, LOOM_TOPO_E_NAME_DUPLICATE, b, a);
	}
	return 0;
}

/*
 * Every path is stored once, at its lower end.  Two nodes naming each other
 * are two paths between one pair; any longer loop is a cycle.  A walk up from
 * each node must reach the coordinator; nodes are marked as they are proven,
 * so every node is walked once.
 */
static int loom_check_paths(struct loom_topology *t, struct loom_topo_scratch *s,
			    struct loom_topo_error *err)
{
	u32 *state = s->below;	/* borrowed: 0 new, 1 on this walk, 2 proven */
	u32 i, j;

	for (i = 0; i < t->n; i++) {
		u32 p = t->nodes[i].parent;

		if (i != t->coordinator && p != t->coordinator &&
		    t->nodes[p].parent == i)
			return loom_fail(err, LOOM_TOPO_E_PATH_DOUBLE, i, p);
	}

	memset(state, 0, t->n * sizeof(u32));
	state[t->coordinator] = 2;
	for (i = 0; i < t->n; i++) {
		for (j = i; state[j] == 0; j = t->nodes[j].parent)
			state[j] = 1;
		if (state[j] == 1)
			return loom_fail(err, LOOM_TOPO_E_CYCLE, j,
					 t->nodes[j].parent);
		for (j = i; state[j] == 1; j = t->nodes[j].parent)
			state[j] = 2;
	}
	return 0;
}

/* Children lists, grouped by parent, each in configuration order. */
static void loom_build_children(struct loom_topology *t,
				struct loom_topo_scratch *s)
{
	u32 i;

	memset(s->child_start, 0, (t->n + 1) * sizeof(u32));
	for (i = 0; i < t->n; i++)
		if (i != t->coordinator)
			s->child_start[t->nodes[i].parent + 1]++;
	for (i = 0; i < t->n; i++)
		s->child_start[i + 1] += s->child_start[i];
	/* s->below serves as the fill cursor for a moment. */
	memcpy(s->below, s->child_start, t->n * sizeof(u32));
	for (i = 0; i < t->n; i++)
		if (i != t->coordinator)
			s->child[s->below[t->nodes[i].parent]++] = i;
}

/*
 * Pre-order walk from the coordinator, which is the order of appearance in
 * the JSON tree, without recursion.  The walk lands in s->order; s->preorder
 * serves as the explicit stack until the walk is done (each node is pushed
 * once, so n entries suffice), then maps each node to its walk position.
 */
static void loom_preorder(struct loom_topology *t, struct loom_topo_scratch *s)
{
	u32 *stack = s->preorder;
	u32 top = 0, pos = 0, i, c;

	stack[top++] = t->coordinator;
	while (top) {
		u32 v = stack[--top];

		s->order[pos++] = v;
		/* Push children in reverse so the first is visited first. */
		for (c = s->child_start[v + 1]; c > s->child_start[v]; c--)
			stack[top++] = s->child[c - 1];
	}
	for (i = 0; i < t->n; i++)
		s->preorder[s->order[i]] = i;
}

static int loom_check_shape(struct loom_topology *t, struct loom_topo_scratch *s,
			    struct loom_topo_error *err)
{
	u32 i, k;

	/* Layers in pre-order: a parent is always seen before its child. */
	for (k = 0; k < t->n; k++) {
		struct loom_topo_node *nd;
		struct loom_topo_node *up;

		i = s->order[k];
		nd = &t->nodes[i];
		if (i == t->coordinator) {
			nd->layer = 0;
			continue;
		}
		up = &t->nodes[nd->parent];
		if (up->role == LOOM_ROLE_END_DEVICE)
			return loom_fail(err, nd->role == LOOM_ROLE_END_DEVICE ?
					 LOOM_TOPO_E_END_TO_END :
					 LOOM_TOPO_E_BELOW_END_DEVICE,
					 i, nd->parent);
		nd->layer = up->layer + (up->role == LOOM_ROLE_ROUTER);
		if (nd->role == LOOM_ROLE_ROUTER &&
		    nd->layer + 1 > LOOM_MAX_ROUTER_DEPTH)
			return loom_fail(err, LOOM_TOPO_E_TOO_DEEP, i,
					 LOOM_NO_PARENT);
	}

	for (k = 0; k < t->n; k++) {
		u32 routers = 0, ends = 0, c;

		i = s->order[k];
		if (t->nodes[i].role == LOOM_ROLE_END_DEVICE)
			continue;
		for (c = s->child_start[i]; c < s->child_start[i + 1]; c++) {
			u32 ch = s->child[c];

			if (t->nodes[ch].role == LOOM_ROLE_ROUTER) {
				if (++routers > LOOM_MAX_ROUTERS_BELOW)
					return loom_fail(err,
						LOOM_TOPO_E_TOO_MANY_ROUTERS,
						i, ch);
			} else if (++ends > LOOM_MAX_END_DEVICES) {
				return loom_fail(err, LOOM_TOPO_E_TOO_MANY_ENDS,
						 i, ch);
			}
		}
		if (t->nodes[i].role == LOOM_ROLE_ROUTER && !ends)
			return loom_fail(err, LOOM_TOPO_E_ROUTER_NO_END, i,
					 LOOM_NO_PARENT);
	}
	return 0;
}

/*
 * Addresses (seed README, ambiguity 2): First Router bits 15-12, Second
 * Router bits 11-8, Node bits 7-0; siblings are numbered from 1 in order of
 * appearance, routers and end devices separately.
 */
static void loom_assign_addresses(struct loom_topology *t,
				  struct loom_topo_scratch *s)
{
	u32 i, k, c;

	t->nodes[t->coordinator].addr = LOOM_ADDR_COORDINATOR;
	for (k = 0; k < t->n; k++) {
		u16 base, r = 0, e = 0;

		i = s->order[k];
		if (t->nodes[i].role == LOOM_ROLE_END_DEVICE)
			continue;
		base = i == t->coordinator ? 0 : t->nodes[i].addr;
		for (c = s->child_start[i]; c < s->child_start[i + 1]; c++) {
			struct loom_topo_node *ch = &t->nodes[s->child[c]];

			if (ch->role == LOOM_ROLE_END_DEVICE)
				ch->addr = base | ++e;
			else if (i == t->coordinator)
				ch->addr = ++r << 12;
			else
				ch->addr = base | (++r << 8);
		}
	}
}

static void loom_schedule(struct loom_topology *t, struct loom_topo_scratch *s)
{
	u32 i, k, slot = 0, m = 0;

	/* Sensing devices below each node: children before parents. */
	memset(s->below, 0, t->n * sizeof(u32));
	for (k = t->n; k-- > 0;) {
		struct loom_topo_node *nd = &t->nodes[s->order[k]];

		i = s->order[k];
		if (i == t->coordinator)
			continue;
		s->below[nd->parent] += s->below[i] + (nd->sensor ? 1 : 0);
	}
	for (i = 0; i < t->n; i++) {
		struct loom_topo_node *nd = &t->nodes[i];

		nd->rx_first = 0;
		nd->rx_count = 0;
		nd->tx_first = 0;
		if (i == t->coordinator)
			nd->tx_count = 0;
		else if (nd->role == LOOM_ROLE_END_DEVICE)
			nd->tx_count = 1;
		else
			nd->tx_count = s->below[i] + (nd->sensor ? 1 : 0);
		if (i == t->coordinator)
			continue;
		/*
		 * Schedule order (seed README, ambiguity 9): deepest layer
		 * first; within a layer grouped by parent in tree order;
		 * within a parent, routers before end devices, each by
		 * address.  Pre-order positions are below 2^16.
		 */
		s->keys[m].key = (u64)(LOOM_MAX_ROUTER_DEPTH - nd->layer) << 48 |
				 (u64)s->preorder[nd->parent] << 17 |
				 (u64)(nd->role != LOOM_ROLE_ROUTER) << 16 |
				 nd->addr;
		s->keys[m++].idx = i;
	}

	sort_r(s->keys, m, sizeof(*s->keys), loom_cmp_key, NULL, NULL);
	for (k = 0; k < m; k++) {
		struct loom_topo_node *nd = &t->nodes[s->keys[k].idx];
		struct loom_topo_node *up = &t->nodes[nd->parent];

		nd->tx_first = slot;
		slot += nd->tx_count;
		/* Siblings are adjacent: the parent's window is their union. */
		if (nd->tx_count && !up->rx_count)
			up->rx_first = nd->tx_first;
		up->rx_count += nd->tx_count;
	}
	t->slot_total = slot;
}

static int loom_check_config(struct loom_topology *t,
			     struct loom_topo_error *err)
{
	const struct loom_topo_config *c = &t->cfg;

	if (!c->slot_ms || c->slot_ms > LOOM_CFG_SLOT_MS_MAX)
		return loom_fail(err, LOOM_TOPO_E_CFG_SLOT, LOOM_NO_PARENT,
				 LOOM_NO_PARENT);
	if (!c->data_interval_ms || c->data_interval_ms > LOOM_CFG_INTERVAL_MS_MAX)
		return loom_fail(err, LOOM_TOPO_E_CFG_INTERVAL, LOOM_NO_PARENT,
				 LOOM_NO_PARENT);
	if (!c->data_cycles || c->data_cycles > LOOM_CFG_CYCLES_MAX)
		return loom_fail(err, LOOM_TOPO_E_CFG_CYCLES, LOOM_NO_PARENT,
				 LOOM_NO_PARENT);
	if ((u64)t->slot_total * c->slot_ms > c->data_interval_ms)
		return loom_fail(err, LOOM_TOPO_E_CFG_NO_FIT, LOOM_NO_PARENT,
				 LOOM_NO_PARENT);
	return 0;
}

/**
 * loom_topo_compute() - validate a topology and derive its addresses and slots
 * @t: the topology; names, parents, roles, sensing flags and @t->cfg are input
 * @err: where the first violated rule is reported
 *
 * Checks every validity rule of the Loom design in a fixed order, so the same
 * input always names the same rule and node.  On success assigns each node its
 * address, layer, send slots and receive window, and @t->slot_total.
 *
 * Context: process context; allocates with GFP_KERNEL.  Reentrant.
 * Return: 0, -EINVAL with @err filled in, or -ENOMEM.
 */
int loom_topo_compute(struct loom_topology *t, struct loom_topo_error *err)
{
	struct loom_topo_scratch s = { .t = t };
	size_t n = t->n ? t->n : 1;
	int ret;

	err->code = LOOM_TOPO_OK;
	err->node = LOOM_NO_PARENT;
	err->other = LOOM_NO_PARENT;
	ret = loom_check_nodes(t, err);
	if (ret)
		return ret;

	s.child_start = kvmalloc_array(n + 1, sizeof(u32), GFP_KERNEL);
	s.child = kvmalloc_array(n, sizeof(u32), GFP_KERNEL);
	s.preorder = kvmalloc_array(n, sizeof(u32), GFP_KERNEL);
	s.below = kvmalloc_array(n, sizeof(u32), GFP_KERNEL);
	s.order = kvmalloc_array(n, sizeof(u32), GFP_KERNEL);
	s.keys = kvmalloc_array(n, sizeof(*s.keys), GFP_KERNEL);
	ret = -ENOMEM;
	if (!s.child_start || !s.child || !s.preorder || !s.below || !s.order ||
	    !s.keys)
		goto out;

	ret = loom_check_names(t, &s, err);
	if (!ret)
		ret = loom_check_paths(t, &s, err);
	if (ret)
		goto out;
	loom_build_children(t, &s);
	loom_preorder(t, &s);
	ret = loom_check_shape(t, &s, err);
	if (ret)
		goto out;
	loom_assign_addresses(t, &s);
	loom_schedule(t, &s);
	ret = loom_check_config(t, err);
out:
	kvfree(s.child_start);
	kvfree(s.child);
	kvfree(s.preorder);
	kvfree(s.below);
	kvfree(s.order);
	kvfree(s.keys);
	return ret;
}

/**
 * struct loom_topo_rule - text of one validity rule
 * @code: enum loom_topo_err
 * @text: what is wrong, said of the node that breaks the rule
 */
struct loom_topo_rule {
	int code;
	const char *text;
};

static const struct loom_topo_rule loom_topo_rules[] = {
	{ LOOM_TOPO_OK, "valid" },
	{ LOOM_TOPO_E_EMPTY, "topology has no nodes" },
	{ LOOM_TOPO_E_NO_COORDINATOR, "topology has no coordinator" },
	{ LOOM_TOPO_E_MULTI_COORDINATOR, "a second coordinator (exactly one allowed)" },
	{ LOOM_TOPO_E_NAME_EMPTY, "empty name" },
	{ LOOM_TOPO_E_NAME_DUPLICATE, "name used by two nodes" },
	{ LOOM_TOPO_E_PATH_SELF, "path from a device to itself" },
	{ LOOM_TOPO_E_PATH_DANGLING, "path to a device that does not exist" },
	{ LOOM_TOPO_E_PATH_DOUBLE, "two paths between one pair of devices" },
	{ LOOM_TOPO_E_CYCLE, "paths form a cycle" },
	{ LOOM_TOPO_E_COORD_PATH_UP, "the coordinator cannot have a path up" },
	{ LOOM_TOPO_E_NO_PATH_UP, "no path up to a router or the coordinator" },
	{ LOOM_TOPO_E_END_TO_END, "path from an end device to an end device" },
	{ LOOM_TOPO_E_BELOW_END_DEVICE, "router below an end device" },
	{ LOOM_TOPO_E_ROUTER_NO_END, "router has no end device below it" },
	{ LOOM_TOPO_E_TOO_DEEP, "more than 2 routers between an end device and the coordinator" },
	{ LOOM_TOPO_E_TOO_MANY_ROUTERS, "more than 14 routers below one device" },
	{ LOOM_TOPO_E_TOO_MANY_ENDS, "more than 254 end devices below one device" },
	{ LOOM_TOPO_E_TOO_MANY_NODES, "more nodes than the address space holds (53805)" },
	{ LOOM_TOPO_E_BAD_ROLE, "unknown role" },
	{ LOOM_TOPO_E_CFG_SLOT, "config: slot_ms must be 1..60000" },
	{ LOOM_TOPO_E_CFG_INTERVAL, "config: data_interval_ms must be 1..86400000" },
	{ LOOM_TOPO_E_CFG_CYCLES, "config: data_cycles must be 1..255" },
	{ LOOM_TOPO_E_CFG_NO_FIT, "config: the slot schedule is longer than data_interval_ms" },
};

/**
 * loom_topo_strerror() - the rule behind an error code
 * @code: enum loom_topo_err
 *
 * Return: a static string naming the rule.
 */
const char *loom_topo_strerror(int code)
{
	if (code < 0 || code >= (int)ARRAY_SIZE(loom_topo_rules))
		return "unknown topology error";
	return loom_topo_rules[code].text;
}

/**
 * loom_topo_format_error() - the full message for an error: node and rule
 * @t: the topology the error was found in
 * @err: the error
 * @buf: output buffer
 * @len: its size
 *
 * Return: what snprintf() returns.
 */
int loom_topo_format_error(const struct loom_topology *t,
			   const struct loom_topo_error *err,
			   char *buf, size_t len)
{
	const char *rule = loom_topo_strerror(err->code);
	const char *a, *b;

	if (err->code == LOOM_TOPO_E_CFG_NO_FIT)
		return snprintf(buf, len, "%s (%u slots of %u ms > %u ms)", rule,
				t->slot_total, t->cfg.slot_ms,
				t->cfg.data_interval_ms);
	if (err->node >= t->n)
		return snprintf(buf, len, "%s", rule);
	a = t->nodes[err->node].name;
	if (err->code == LOOM_TOPO_E_NAME_EMPTY)
		return snprintf(buf, len, "node #%u: %s", err->node, rule);
	if (err->other >= t->n || err->other == err->node ||
	    err->code == LOOM_TOPO_E_NAME_DUPLICATE)
		return snprintf(buf, len, "node '%s': %s", a, rule);
	b = t->nodes[err->other].name;
	return snprintf(buf, len, "node '%s': %s ('%s')", a, rule, b);
}

/**
 * loom_role_name() - the name of a role as loomctl and the docs spell it
 * @role: enum loom_role
 *
 * Return: a static string.
 */
const char *loom_role_name(u8 role)
{
	switch (role) {
	case LOOM_ROLE_END_DEVICE:
		return "end-device";
	case LOOM_ROLE_ROUTER:
		return "router";
	case LOOM_ROLE_COORDINATOR:
		return "coordinator";
	}
	return "unknown";
}

/**
 * loom_topo_find_addr() - find the node that has an address
 * @t: a computed topology
 * @addr: the address
 *
 * Return: the node's index, or LOOM_NO_PARENT if no node has @addr.
 */
u32 loom_topo_find_addr(const struct loom_topology *t, u16 addr)
{
	u32 i;

	for (i = 0; i < t->n; i++)
		if (t->nodes[i].addr == addr)
			return i;
	return LOOM_NO_PARENT;
}
