/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topology netlink messages: building LOOM_CMD_TOPO_SET.  The replies of
 * LOOM_CMD_TOPO_GET are read by libloom (lib/loom_int.h).  No socket
 * here, so it is unit-testable.
 */
#ifndef _LOOMCTL_TOPO_MSG_H
#define _LOOMCTL_TOPO_MSG_H

#include <netlink/msg.h>

#include "net/topology.h"

/*
 * An attribute's length is 16 bits, so one LOOM_ATTR_NODES nest holds at
 * most 64 KiB (about 1,300 nodes).  Larger topologies are sent as several
 * consecutive LOOM_ATTR_NODES attributes whose elements concatenate, in
 * order, into the one node array.
 */
#define TOPO_MSG_NEST_MAX	65535

/* Exact size in bytes of the TOPO_SET message for @t, headers included. */
size_t topo_msg_set_size(const struct loom_topology *t);

/*
 * Appends LOOM_ATTR_NODES (one or more, see above) and LOOM_ATTR_CONFIG
 * for @t to @msg, whose generic netlink header is already there.
 * Returns 0 or a negative libnl error.
 */
int topo_msg_put_topology(struct nl_msg *msg, const struct loom_topology *t);

/* A complete TOPO_SET request for @family; NULL when out of memory. */
struct nl_msg *topo_msg_build_set(int family, const struct loom_topology *t);

#endif /* _LOOMCTL_TOPO_MSG_H */
