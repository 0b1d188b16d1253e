// SPDX-License-Identifier: GPL-2.0
/*
 * Topologies shared by the unit tests.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"

const char fixture_seed[] =
	"{\"root\": {\"name\": \"BillyTheCoord\", \"sensor\": false, \"children\": [\n"
	"  {\"name\": \"End Device 1\", \"type\": 0},\n"
	"  {\"name\": \"Router 1\", \"sensor\": false, \"type\": 1, \"children\": [\n"
	"    {\"name\": \"End Device 2\", \"type\": 0},\n"
	"    {\"name\": \"Router 2\", \"type\": 1, \"sensor\": true, \"children\": [\n"
	"      {\"name\": \"End Device 3\", \"type\": 0},\n"
	"      {\"name\": \"End Device 4\", \"type\": 0, \"sensor\": false}\n"
	"    ]}\n"
	"  ]},\n"
	"  {\"name\": \"Router 3\", \"type\": 1, \"children\": [\n"
	"    {\"name\": \"End Device 5\", \"type\": 0}]}\n"
	"]},\n"
	"\"config\": {\"slot_ms\": 1000, \"data_interval_ms\": 60000, \"data_cycles\": 10}}\n";

const char fixture_small[] =
	"{\"root\": {\"name\": \"C\", \"children\": [\n"
	"  {\"name\": \"R\", \"type\": 1, \"children\": [\n"
	"    {\"name\": \"E\", \"type\": 0}]}]}}\n";

static void set_name(struct loom_topo_node *nd, unsigned int len,
		     const char *kind, u32 i)
{
	char buf[LOOM_NAME_MAX + 1];
	int l = snprintf(buf, sizeof(buf), "%s-%u-", kind, i);

	/* Pad to the requested length so message sizes are predictable. */
	while ((unsigned int)l < len && l < LOOM_NAME_MAX)
		buf[l++] = 'x';
	buf[l] = '\0';
	memcpy(nd->name, buf, (size_t)l + 1);
}

struct loom_topology *fixture_big(u32 n, unsigned int name_len)
{
	const u32 max_routers = LOOM_MAX_ROUTERS_BELOW *
				(1 + LOOM_MAX_ROUTERS_BELOW);
	struct loom_topology *t = loom_topo_alloc(n);
	u32 nr = n / 40, l1, i, r;

	if (!t)
		return NULL;
	if (nr > max_routers)
		nr = max_routers;
	if (nr > (n - 1) / 2)
		nr = (n - 1) / 2;
	l1 = nr < LOOM_MAX_ROUTERS_BELOW ? nr : LOOM_MAX_ROUTERS_BELOW;
	t->cfg.slot_ms = 1;
	t->cfg.data_interval_ms = LOOM_CFG_INTERVAL_MS_MAX;
	t->nodes[0].role = LOOM_ROLE_COORDINATOR;
	set_name(&t->nodes[0], name_len, "coord", 0);
	/* Nodes 1..l1 routers below the coordinator, the rest below those. */
	for (i = 1; i <= nr; i++) {
		t->nodes[i].role = LOOM_ROLE_ROUTER;
		t->nodes[i].parent = i <= l1 ? 0 : 1 + (i - l1 - 1) % l1;
		t->nodes[i].sensor = i % 3 == 0;
		set_name(&t->nodes[i], name_len, "router", i);
	}
	/* End devices round robin over the routers first, then all. */
	for (r = nr ? 1 : 0; i < n; i++) {
		t->nodes[i].role = LOOM_ROLE_END_DEVICE;
		t->nodes[i].parent = r;
		t->nodes[i].sensor = i % 4 != 0;
		set_name(&t->nodes[i], name_len, "ed", i);
		r = (r + 1) % (nr + 1);
	}
	return t;
}

struct loom_topology *fixture_topology(struct topo_doc *doc,
				       const char *json)
{
	char e[1024];

	if (topo_doc_parse(doc, "t.json", json, strlen(json), e, sizeof(e)) ||
	    topo_doc_compute(doc, e, sizeof(e))) {
		test_fail(__FILE__, __LINE__, "%s", e);
		return NULL;
	}
	return doc->t;
}
