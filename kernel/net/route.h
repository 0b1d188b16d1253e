/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routing in the Loom tree from addresses alone: the 4/4/8-bit address of
 * a device names every router on its path, so the next hop up or down
 * needs no table.  Pure logic, shared with loomctl.
 */
#ifndef _LOOM_ROUTE_H
#define _LOOM_ROUTE_H

#include "../include/loom_compat.h"
#include "../../uapi/linux/loom.h"

bool loom_addr_valid(u16 addr);
u16 loom_addr_parent(u16 addr);
u16 loom_route_next(u16 self, u16 dst);

#endif /* _LOOM_ROUTE_H */
