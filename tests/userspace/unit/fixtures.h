/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topologies shared by the unit tests.
 */
#ifndef _LOOM_TEST_FIXTURES_H
#define _LOOM_TEST_FIXTURES_H

#include "net/topology.h"
#include "topo_json.h"

/* The design's example shape: 9 nodes, two levels of routers. */
extern const char fixture_seed[];
/* Coordinator "C", router "R", end device "E"; no sensor flags given. */
extern const char fixture_small[];

/*
 * A valid topology of @n nodes (n <= 53805) with names of @name_len bytes
 * (8..63), filled the way topo_bench fills it; NULL when out of memory.
 */
struct loom_topology *fixture_big(u32 n, unsigned int name_len);

/*
 * @json parsed and computed into @doc (free with topo_doc_free()): its
 * topology, or NULL after a failed check that says why.
 */
struct loom_topology *fixture_topology(struct topo_doc *doc,
				       const char *json);

#endif /* _LOOM_TEST_FIXTURES_H */
