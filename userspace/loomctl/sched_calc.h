/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One refresh period of a Loom network (Documentation/mac.rst) as each node
 * spends it: how long each radio is on, on top of the MAC's own timing and
 * relay order (kernel/mac/timing.c: the unit, guard, relay slots, offsets,
 * and each router's turn to relay).
 *
 * Plain C on loom_compat.h, like kernel/net/topology.c: no libc beyond
 * what the compat header maps, so that it can move to kernel/mac/ with
 * only its include paths changed.
 */
#ifndef _LOOM_SCHED_CALC_H
#define _LOOM_SCHED_CALC_H

#include "mac/timing.h"

/**
 * struct loom_sched_node - one node's part of the period (ns)
 * @relay: k, its turn to relay the refresh (1..R), 0 if it does not
 * @parent_relay: kp, its parent's turn (0: the coordinator, or none)
 * @parent_ns: when its parent's refresh starts, from C0: kp L U (0 for
 *	the coordinator and its children)
 * @heard_ns: when its parent's refresh ends, from C0: kp L U + a_r
 *	(0 for the coordinator)
 * @relay_ns: when its relay starts, from C0: k L U (it ends a_r later)
 * @refresh_on_ns: its refresh window, around its parent's refresh only:
 *	from g before @parent_ns to a turnaround after the configuration
 *	that follows it, g + a_r + 2t + a_c (the window stays open g longer
 *	on a miss)
 * @tx_on_ns: its refresh and configuration on air (a relay, or the
 *	coordinator's own), a_r + a_c
 * @send_on_ns: its send slots, all cycles
 * @recv_on_ns: its children's window with a guard either side, all cycles
 * @on_ns: radio on in one period: the union of all the above (the whole
 *	period for the coordinator)
 * @air_tx_ns: its transmitter on the air in one period at most: @tx_on_ns,
 *	and every handshake of every cycle with the longest frames: in each
 *	send slot the longest DATA and the final ACK, in each of its
 *	children's slots the longest ACK with data (a duty cycle's measure)
 * @always_on: the coordinator: always in Receive
 */
struct loom_sched_node {
	u32 relay;
	u32 parent_relay;
	u64 parent_ns;
	u64 heard_ns;
	u64 relay_ns;
	u64 refresh_on_ns;
	u64 tx_on_ns;
	u64 send_on_ns;
	u64 recv_on_ns;
	u64 on_ns;
	u64 air_tx_ns;
	bool always_on;
};

/**
 * struct loom_sched - a whole period
 * @tm: the MAC's timing, from loom_mac_timing_compute()
 * @data_start_ns: D, from C0 (the start of the coordinator's refresh):
 *	a_r + data offset U
 * @slot_need_ns: what one slot must hold: two guards, the longest DATA,
 *	the longest ACK with data, a plain ACK, two turnarounds
 * @order: @tm.relays node indices, relay 1 first (loom_mac_relay_index())
 * @nodes: one per node of the topology, in its index order
 */
struct loom_sched {
	struct loom_mac_timing tm;
	u64 data_start_ns;
	u64 slot_need_ns;
	u32 *order;
	struct loom_sched_node *nodes;
};

int loom_sched_compute(struct loom_sched *s, const struct loom_topology *t,
		       const struct loom_lora_params *p);
void loom_sched_free(struct loom_sched *s);

#endif /* _LOOM_SCHED_CALC_H */
