// SPDX-License-Identifier: GPL-2.0
/*
 * Next hop from addresses (Documentation/topology.rst): bits 15-12 name
 * the first router below the coordinator, bits 11-8 the second, bits 7-0
 * the end device; a zero field means "none".  The coordinator is 0xF000.
 */
#include "route.h"

#define LOOM_R1(a)	((a) >> 12)
#define LOOM_R2(a)	(((a) >> 8) & 0xf)
#define LOOM_NODE(a)	((a) & 0xff)

/**
 * loom_addr_valid() - could a device have this address?
 * @addr: the address
 *
 * Return: true for the coordinator and for addresses whose fields are
 * filled from the top (a second router only under a first one, and no
 * first router 15, which is the coordinator's).
 */
bool loom_addr_valid(u16 addr)
{
	if (addr == LOOM_ADDR_COORDINATOR)
		return true;
	if (addr == LOOM_ADDR_RESERVED || LOOM_R1(addr) == 0xf)
		return false;
	return !(LOOM_R1(addr) == 0 && LOOM_R2(addr) != 0);
}

/**
 * loom_addr_parent() - the address one hop up the tree
 * @addr: a valid address
 *
 * Return: the parent's address; LOOM_ADDR_RESERVED for the coordinator
 * and for invalid addresses.
 */
u16 loom_addr_parent(u16 addr)
{
	if (!loom_addr_valid(addr) || addr == LOOM_ADDR_COORDINATOR)
		return LOOM_ADDR_RESERVED;
	if (LOOM_NODE(addr))
		return (addr & 0xff00) ? addr & 0xff00 : LOOM_ADDR_COORDINATOR;
	if (LOOM_R2(addr))
		return addr & 0xf000;
	return LOOM_ADDR_COORDINATOR;
}

/**
 * loom_route_next() - where a packet for @dst goes from @self
 * @self: this device's address
 * @dst: the destination
 *
 * Return: @self if @dst is @self; the child towards @dst if @dst is
 * below @self; otherwise @self's parent.  LOOM_ADDR_RESERVED if @dst is
 * not a valid address, or if it is above or beside the coordinator.
 */
u16 loom_route_next(u16 self, u16 dst)
{
	u16 child;

	if (!loom_addr_valid(self) || !loom_addr_valid(dst))
		return LOOM_ADDR_RESERVED;
	if (dst == self)
		return self;
	/* Walk up from @dst until the parent is @self: that is the child. */
	for (child = dst; child != LOOM_ADDR_COORDINATOR;
	     child = loom_addr_parent(child))
		if (loom_addr_parent(child) == self)
			return child;
	return loom_addr_parent(self);
}
