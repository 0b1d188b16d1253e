// SPDX-License-Identifier: GPL-2.0
/*
 * Timing of a refresh period (Documentation/mac.rst).
 *
 * The guard depends on the period and the period (through the relay slot
 * length) on the guard, so it is found by iteration: start with the 1 ms
 * turnaround alone, compute the relay slots and the period, and raise the
 * guard to 1 ms + 80 ppm of that period (rounded down to the nanosecond)
 * until it covers the period it gives.  The guard only grows, the relay
 * slot with it, so this ends in a few rounds; every node computes the same
 * numbers.
 */
#include "timing.h"

static const u64 loom_mac_units[] = {
	[LOOM_TU_US] = 1000ULL,
	[LOOM_TU_MS] = 1000000ULL,
	[LOOM_TU_S] = 1000000000ULL,
	[LOOM_TU_MIN] = 60000000000ULL,
	[LOOM_TU_H] = 3600000000000ULL,
	[LOOM_TU_DAY] = 86400000000000ULL,
};

/**
 * loom_mac_unit_ns() - length of a refresh time unit
 * @unit: enum loom_time_unit
 *
 * Return: nanoseconds, or 0 for a reserved code.
 */
u64 loom_mac_unit_ns(u8 unit)
{
	return unit <= LOOM_TU_DAY ? loom_mac_units[unit] : 0;
}

/**
 * loom_mac_relays() - how many routers relay the refresh
 * @t: a computed topology
 *
 * Return: the number of routers.
 */
u32 loom_mac_relays(const struct loom_topology *t)
{
	u32 i, n = 0;

	for (i = 0; i < t->n; i++)
		n += t->nodes[i].role == LOOM_ROLE_ROUTER;
	return n;
}

/* Does router @a relay before router @b? */
static bool loom_mac_relays_before(const struct loom_topology *t, u32 a, u32 b)
{
	const struct loom_topo_node *x = &t->nodes[a], *y = &t->nodes[b];

	if (x->tx_first != y->tx_first)
		return x->tx_first > y->tx_first;
	/* A router with no slot shares its number with a sibling's. */
	if (x->layer != y->layer)
		return x->layer < y->layer;
	return a < b;
}

/**
 * loom_mac_relay_index() - when a node relays the refresh
 * @t: a computed topology
 * @node: a node's index
 *
 * Routers relay in reverse order of slot priority: the router whose send
 * slots come last relays first.  Parents send after their children, so a
 * router always hears its parent's relay before its own turn.  A router
 * with nothing sensing below it has no slot and shares its first slot
 * number with another router; ties go nearer the coordinator first, then
 * by order of appearance, which keeps parents first.
 *
 * Return: 1..R for a router, 0 for the coordinator and end devices.
 */
u32 loom_mac_relay_index(const struct loom_topology *t, u32 node)
{
	u32 i, k = 1;

	if (t->nodes[node].role != LOOM_ROLE_ROUTER)
		return 0;
	for (i = 0; i < t->n; i++)
		if (i != node && t->nodes[i].role == LOOM_ROLE_ROUTER &&
		    loom_mac_relays_before(t, i, node))
			k++;
	return k;
}

/* One attempt at unit @u with guard @g; false if the offsets overflow. */
static bool loom_mac_fit(struct loom_mac_timing *tm, u8 u, u64 g)
{
	u64 unit = loom_mac_units[u], lu, data, refresh;

	tm->unit = u;
	tm->unit_ns = unit;
	tm->guard_ns = g;
	/*
	 * A relay: its refresh, a turnaround, the configuration; guarded,
	 * with room for late timers.
	 */
	lu = div64_u64(tm->refresh_air_ns + LOOM_MAC_TURNAROUND_NS +
		       tm->more_air_ns + 2 * g + LOOM_MAC_RELAY_LATE_NS +
		       unit - 1, unit);
	data = (u64)(tm->relays + 1) * lu;
	refresh = div64_u64(data * unit + (u64)tm->cycles * tm->interval_ns +
			    unit - 1, unit);
	if (!lu || data > 0xff || refresh > 0xffff)
		return false;
	tm->relay_units = lu;
	tm->data_offset = data;
	tm->refresh_offset = refresh;
	tm->period_ns = refresh * unit + tm->refresh_air_ns;
	return true;
}

/**
 * loom_mac_timing_compute() - the timing of one refresh period
 * @tm: filled in
 * @cfg: slot length, data interval and cycles of the topology
 * @relays: R, from loom_mac_relays()
 * @air: time on air of a frame of @len bytes on the radio (a LoRa
 *	radio's formula, an 802.11 rate, ...)
 * @ctx: for @air
 * @max_frame: the largest frame the radio sends
 *
 * Return: 0; -ERANGE if no unit holds the offsets (too many relays for an
 * 8-bit data offset); -ENOSPC if a slot cannot hold a whole handshake
 * (two guards, the longest DATA, the longest ACK with data, a plain ACK,
 * two turnarounds).  On success also the rooms for timer lateness and the
 * jitter guard's bound.
 */
int loom_mac_timing_compute(struct loom_mac_timing *tm,
			    const struct loom_topo_config *cfg, u32 relays,
			    u64 (*air)(const void *ctx, u16 len),
			    const void *ctx, u16 max_frame)
{
	u16 frame = min_t(u16, max_frame, LOOM_FRAME_MAX_LEN);
	u64 need;
	u8 u;

	memset(tm, 0, sizeof(*tm));
	tm->relays = relays;
	tm->slot_ns = (u64)cfg->slot_ms * 1000000ULL;
	tm->interval_ns = (u64)cfg->data_interval_ms * 1000000ULL;
	tm->cycles = cfg->data_cycles;
	tm->max_frame = frame;
	tm->refresh_air_ns = air(ctx, LOOM_MAC_REFRESH_LEN);
	tm->data_air_ns = air(ctx, frame);
	tm->ack_air_ns = air(ctx, LOOM_MAC_ACK_LEN);
	tm->more_air_ns = air(ctx, LOOM_MAC_MORE_LEN);
	for (u = LOOM_TU_MS; u <= LOOM_TU_H; u++) {
		u64 g = LOOM_MAC_TURNAROUND_NS, need = 0;
		unsigned int round;

		for (round = 0; round < 16; round++) {
			if (!loom_mac_fit(tm, u, g))
				break;
			need = LOOM_MAC_TURNAROUND_NS +
			       div64_u64(tm->period_ns * LOOM_MAC_DRIFT_PPM,
					 1000000);
			if (need <= g)
				break;
			g = need;
		}
		if (round < 16 && need && need <= g && loom_mac_fit(tm, u, g))
			break;
	}
	if (u > LOOM_TU_H)
		return -ERANGE;
	need = 2 * tm->guard_ns + 2 * tm->data_air_ns + tm->ack_air_ns +
	       2 * LOOM_MAC_TURNAROUND_NS;
	if (tm->slot_ns < need)
		return -ENOSPC;
	/*
	 * Room for timer lateness (the jitter guard): a handshake started
	 * this late still ends a guard before its slot does; a refresh sent
	 * this late still ends a guard before the next relay begins.  The
	 * relay slot holds the refresh, so the second is never negative.
	 */
	tm->slot_room_ns = tm->slot_ns - need;
	tm->relay_room_ns = (u64)tm->relay_units * tm->unit_ns -
			    tm->refresh_air_ns - tm->guard_ns;
	tm->jitter_max_ns = min_t(u64, tm->slot_room_ns, tm->relay_room_ns);
	return 0;
}

static u64 loom_mac_lora_air(const void *ctx, u16 len)
{
	return loom_lora_airtime_ns(ctx, len);
}

/**
 * loom_mac_timing_lora() - the timing of one refresh period on LoRa
 * @tm: filled in
 * @cfg: slot length, data interval and cycles of the topology
 * @relays: R, from loom_mac_relays()
 * @p: the radio's modulation
 * @max_frame: the largest frame the radio sends
 *
 * loom_mac_timing_compute() with LoRa time on air for @p.
 *
 * Return: as loom_mac_timing_compute().
 */
int loom_mac_timing_lora(struct loom_mac_timing *tm,
			 const struct loom_topo_config *cfg, u32 relays,
			 const struct loom_lora_params *p, u16 max_frame)
{
	return loom_mac_timing_compute(tm, cfg, relays, loom_mac_lora_air, p,
				       max_frame);
}
