/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Loom MAC's timing of one refresh period (Documentation/mac.rst):
 * the unit of the refresh offsets, the guard time, the relay slots, and
 * whether a slot holds a whole handshake.  Pure logic, shared with
 * loomctl's schedule view.
 */
#ifndef _LOOM_MAC_TIMING_H
#define _LOOM_MAC_TIMING_H

#include "../include/loom_compat.h"
#include "../net/topology.h"
#include "../radio/lora.h"
#include "frame.h"

/* Radio turnaround between receiving and answering. */
#define LOOM_MAC_TURNAROUND_NS	1000000ULL
/*
 * Two clocks within +-20 ppm drift apart by up to 40 ppm of the time since
 * they synchronised; a node that missed one refresh keeps its timing for a
 * second period, so the guard covers two: 80 ppm of a period.
 */
#define LOOM_MAC_DRIFT_PPM	80
/*
 * Room in every relay slot for the host's timer lateness: a relay's
 * refresh and configuration packet go out on two to three timers in a
 * row.  In QEMU (TCG) with a host core busy their p99 lateness was
 * 19-27 ms (Documentation/mac.rst, Measured).  On LoRa the airtimes
 * dwarf it; on 802.11, where a relay's frames take well under 1 ms, a
 * slot without it left 4 ms, and the configuration was skipped.
 */
#define LOOM_MAC_RELAY_LATE_NS	20000000ULL
/* A refresh frame: MAC header, refresh body, FCS. */
#define LOOM_MAC_REFRESH_LEN	(LOOM_MAC_OVERHEAD + LOOM_REFRESH_BODY_LEN)
/* A plain ACK: MAC header and FCS. */
#define LOOM_MAC_ACK_LEN	LOOM_MAC_OVERHEAD
/*
 * The configuration a refresh distributes, in one additional refresh
 * packet (Documentation/wire-format.rst): version, configuration id,
 * slot, interval, cycles, nodes.
 */
#define LOOM_MAC_CONFIG_LEN	14
#define LOOM_MAC_CONFIG_VERSION	1
#define LOOM_MAC_MORE_LEN	(LOOM_MAC_OVERHEAD + LOOM_MORE_HDR_LEN + \
				 LOOM_MAC_CONFIG_LEN)

/**
 * struct loom_mac_timing - one refresh period, as every node computes it
 * @unit: enum loom_time_unit of both refresh offsets
 * @unit_ns: that unit
 * @guard_ns: g, the guard time
 * @refresh_air_ns: time on air of a refresh frame
 * @data_air_ns: time on air of the longest DATA (or ACK with data)
 * @more_air_ns: airtime of the additional refresh packet
 * @ack_air_ns: time on air of a plain ACK
 * @relays: R, routers that relay the refresh
 * @relay_units: L, length of a relay slot in units
 * @data_offset: units from the end of the coordinator's refresh to the
 *	first data slot, (R + 1) L
 * @refresh_offset: units from the end of the coordinator's refresh to
 *	the start of the next period
 * @slot_ns: one slot
 * @interval_ns: start to start of two data cycles
 * @cycles: data cycles per period
 * @period_ns: @refresh_offset units plus the coordinator's refresh
 * @slot_room_ns: what a slot leaves after a whole handshake and its two
 *	guards: how late a handshake may start and still end in its slot
 * @relay_room_ns: what a relay slot leaves after its refresh frame and a
 *	guard: how late a refresh may go out and still end a guard before
 *	the next relay
 * @jitter_max_ns: the most the jitter guard may add to @guard_ns, the
 *	smaller of the two rooms (Documentation/mac.rst)
 * @max_frame: largest frame the radio sends
 */
struct loom_mac_timing {
	u8 unit;
	u64 unit_ns;
	u64 guard_ns;
	u64 refresh_air_ns;
	u64 data_air_ns;
	u64 ack_air_ns;
	u64 more_air_ns;
	u32 relays;
	u32 relay_units;
	u32 data_offset;
	u32 refresh_offset;
	u64 slot_ns;
	u64 interval_ns;
	u32 cycles;
	u64 period_ns;
	u64 slot_room_ns;
	u64 relay_room_ns;
	u64 jitter_max_ns;
	u16 max_frame;
};

u32 loom_mac_relays(const struct loom_topology *t);
u32 loom_mac_relay_index(const struct loom_topology *t, u32 node);
int loom_mac_timing_compute(struct loom_mac_timing *tm,
			    const struct loom_topo_config *cfg, u32 relays,
			    u64 (*air)(const void *ctx, u16 len),
			    const void *ctx, u16 max_frame);
int loom_mac_timing_lora(struct loom_mac_timing *tm,
			 const struct loom_topo_config *cfg, u32 relays,
			 const struct loom_lora_params *p, u16 max_frame);
u64 loom_mac_unit_ns(u8 unit);

#endif /* _LOOM_MAC_TIMING_H */
