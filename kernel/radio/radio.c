// SPDX-License-Identifier: GPL-2.0
/*
 * Loom radio states, transitions and accounting.
 *
 * The Loom design's Radio moves Disabled <-> Sleep <-> Receive <-> Transmit,
 * one step at a time; every transition is reported to the layer above.
 */
#include <linux/rcupdate.h>

#include "radio.h"

/*
 * SX1276 supply currents (Semtech SX1276/77/78/79 datasheet rev. 7, table 6,
 * typical, 3.3 V): sleep 0.2 µA; LoRa receive 10.8 mA (band 1, 125 kHz,
 * LnaBoost off); transmit 20 mA at +7 dBm and 29 mA at +13 dBm (RFO),
 * 87 mA at +17 dBm and 120 mA at +20 dBm (PA_BOOST).  "Disabled" means the
 * supply is cut: 0.
 */
const struct loom_radio_power loom_sx1276_power = {
	.supply_mv = 3300,
	.state_na = {
		[LOOM_RADIO_DISABLED] = 0,
		[LOOM_RADIO_SLEEP] = 200,
		[LOOM_RADIO_RECEIVE] = 10800000,
	},
	.tx_na = { 20000000, 29000000, 87000000, 120000000 },
	.tx_dbm = { 7, 13, 17, 20 },
	.tx_points = 4,
};
EXPORT_SYMBOL_NS_GPL(loom_sx1276_power, LOOM);

static const char * const loom_radio_state_names[] = {
	[LOOM_RADIO_DISABLED] = "disabled",
	[LOOM_RADIO_SLEEP] = "sleep",
	[LOOM_RADIO_RECEIVE] = "receive",
	[LOOM_RADIO_TRANSMIT] = "transmit",
};

/**
 * loom_radio_state_name() - name of a state, as counters show it
 * @state: enum loom_radio_state
 *
 * Return: a static string.
 */
const char *loom_radio_state_name(u8 state)
{
	if (state >= __LOOM_RADIO_STATE_MAX)
		return "unknown";
	return loom_radio_state_names[state];
}
EXPORT_SYMBOL_NS_GPL(loom_radio_state_name, LOOM);

/**
 * loom_radio_airtime_ns() - how long a frame takes on a radio's air
 * @r: the radio
 * @len: frame length, bytes
 *
 * Return: the driver's figure, or LoRa time on air for @r->params.
 */
u64 loom_radio_airtime_ns(const struct loom_radio *r, u16 len)
{
	if (r->ops->airtime_ns)
		return r->ops->airtime_ns(r, len);
	return loom_lora_airtime_ns(&r->params, len);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_airtime_ns, LOOM);

/**
 * loom_radio_air_ns() - loom_radio_airtime_ns() as a timing callback
 * @radio: the radio (struct loom_radio)
 * @len: frame length, bytes
 *
 * For loom_mac_timing_compute().
 *
 * Return: the frame's time on air.
 */
u64 loom_radio_air_ns(const void *radio, u16 len)
{
	return loom_radio_airtime_ns(radio, len);
}

/**
 * loom_radio_transition_ok() - may a radio go from one state to another?
 * @from: current state
 * @to: requested state
 *
 * Only neighbours in Disabled - Sleep - Receive - Transmit; staying put is
 * not a transition.
 *
 * Return: true if allowed.
 */
bool loom_radio_transition_ok(u8 from, u8 to)
{
	if (from >= __LOOM_RADIO_STATE_MAX || to >= __LOOM_RADIO_STATE_MAX)
		return false;
	return from + 1 == to || to + 1 == from;
}

/**
 * loom_radio_acct_init() - start accounting a radio that is Disabled
 * @a: the accounting
 * @now_ns: current time
 */
void loom_radio_acct_init(struct loom_radio_acct *a, u64 now_ns)
{
	memset(a, 0, sizeof(*a));
	a->state = LOOM_RADIO_DISABLED;
	a->since_ns = now_ns;
	a->entered[LOOM_RADIO_DISABLED] = 1;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_acct_init, LOOM);

/**
 * loom_radio_acct_enter() - account a transition
 * @a: the accounting
 * @to: the new state
 * @now_ns: current time; never before the last transition
 *
 * Return: 0, or -EINVAL (counted in @a->refused, nothing else changes) for a
 * transition the Radio layer does not allow.
 */
int loom_radio_acct_enter(struct loom_radio_acct *a, u8 to, u64 now_ns)
{
	if (!loom_radio_transition_ok(a->state, to) || now_ns < a->since_ns) {
		a->refused++;
		return -EINVAL;
	}
	a->time_ns[a->state] += now_ns - a->since_ns;
	a->state = to;
	a->since_ns = now_ns;
	a->entered[to]++;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_acct_enter, LOOM);

/**
 * loom_radio_acct_read() - time in each state up to now
 * @a: the accounting
 * @now_ns: current time
 * @time_ns: output, per state; includes the current state's running time
 */
void loom_radio_acct_read(const struct loom_radio_acct *a, u64 now_ns,
			  u64 time_ns[__LOOM_RADIO_STATE_MAX])
{
	memcpy(time_ns, a->time_ns, sizeof(a->time_ns));
	if (now_ns > a->since_ns)
		time_ns[a->state] += now_ns - a->since_ns;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_acct_read, LOOM);

/**
 * loom_radio_tx_na() - transmit current at a power
 * @pw: the radio's currents
 * @dbm: transmit power
 *
 * Linear between the datasheet points, clamped at both ends.
 *
 * Return: nA.
 */
u32 loom_radio_tx_na(const struct loom_radio_power *pw, s8 dbm)
{
	unsigned int i;

	if (!pw->tx_points)
		return 0;
	if (dbm <= pw->tx_dbm[0])
		return pw->tx_na[0];
	for (i = 1; i < pw->tx_points; i++) {
		s64 d0 = pw->tx_dbm[i - 1], d1 = pw->tx_dbm[i];
		s64 n0 = pw->tx_na[i - 1], n1 = pw->tx_na[i];

		if (dbm <= d1)
			return n0 + div64_u64((u64)((n1 - n0) * (dbm - d0)),
					      (u64)(d1 - d0));
	}
	return pw->tx_na[pw->tx_points - 1];
}

/**
 * loom_radio_energy_nj() - energy drawn over the accounted times
 * @pw: the radio's currents
 * @time_ns: time in each state, from loom_radio_acct_read()
 * @tx_dbm: the transmit power used
 *
 * E = U * sum(I_state * t_state).  The charge is summed in nC, whole
 * seconds and the rest apart, so that days at 120 mA stay inside 64 bits;
 * nC * mV = 1e-12 J.
 *
 * Return: nanojoules (rounded down).
 */
u64 loom_radio_energy_nj(const struct loom_radio_power *pw,
			 const u64 time_ns[__LOOM_RADIO_STATE_MAX], s8 tx_dbm)
{
	u64 nc = 0, rest_nc_e9 = 0;
	unsigned int s;

	for (s = 0; s < __LOOM_RADIO_STATE_MAX; s++) {
		u64 na = s == LOOM_RADIO_TRANSMIT ? loom_radio_tx_na(pw, tx_dbm) :
						    pw->state_na[s];
		u64 sec = div64_u64(time_ns[s], NSEC_PER_SEC);

		nc += sec * na;
		rest_nc_e9 += (time_ns[s] - sec * NSEC_PER_SEC) * na;
	}
	nc += div64_u64(rest_nc_e9, NSEC_PER_SEC);
	return div64_u64(nc * pw->supply_mv, 1000);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_energy_nj, LOOM);

/**
 * loom_radio_set_upper() - change the layer a radio reports to
 * @r: the radio
 * @up: the new upper layer, or NULL
 * @priv: its private pointer
 *
 * Drivers read the upper and then its private pointer as two loads, so the
 * pair is never changed in place: the upper goes to NULL, an RCU grace
 * period lets every callback through the old pair finish, then the new
 * private pointer and, after it, the new upper are published.
 *
 * Context: process context; waits for an RCU grace period unless the
 * radio had no upper.
 */
void loom_radio_set_upper(struct loom_radio *r,
			  const struct loom_radio_upper *up, void *priv)
{
	if (r->upper) {
		WRITE_ONCE(r->upper, NULL);
		synchronize_rcu();
	}
	WRITE_ONCE(r->upper_priv, priv);
	/* Pairs with loom_radio_upper(): @priv is visible before @up. */
	smp_store_release(&r->upper, up);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_set_upper, LOOM);
