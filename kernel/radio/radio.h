/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom radio layer: the states of the Loom design's Radio, which
 * transitions are allowed, and the time and energy spent in each state.
 *
 * The accounting is pure logic over timestamps the caller supplies (the
 * clock abstraction in real or virtual time), so every duty-cycle and energy
 * figure is exact and testable.
 */
#ifndef _LOOM_RADIO_H
#define _LOOM_RADIO_H

#include "lora.h"

/**
 * struct loom_radio_acct - time spent in each state
 * @state: current state, enum loom_radio_state
 * @since_ns: when @state was entered
 * @time_ns: completed time in each state, before @since_ns
 * @entered: how often each state was entered
 * @refused: transitions refused as not allowed
 */
struct loom_radio_acct {
	u8 state;
	u64 since_ns;
	u64 time_ns[__LOOM_RADIO_STATE_MAX];
	u64 entered[__LOOM_RADIO_STATE_MAX];
	u64 refused;
};

/**
 * struct loom_radio_power - supply currents of a radio, per state
 * @supply_mv: supply voltage
 * @state_na: current in Disabled, Sleep and Receive (nA)
 * @tx_na: transmit current at @tx_dbm[i] (nA), ascending power
 * @tx_dbm: the powers @tx_na was measured at
 * @tx_points: entries used in @tx_na and @tx_dbm
 */
struct loom_radio_power {
	u32 supply_mv;
	u32 state_na[LOOM_RADIO_TRANSMIT];
	u32 tx_na[4];
	s8 tx_dbm[4];
	u8 tx_points;
};

extern const struct loom_radio_power loom_sx1276_power;

bool loom_radio_transition_ok(u8 from, u8 to);
void loom_radio_acct_init(struct loom_radio_acct *a, u64 now_ns);
int loom_radio_acct_enter(struct loom_radio_acct *a, u8 to, u64 now_ns);
void loom_radio_acct_read(const struct loom_radio_acct *a, u64 now_ns,
			  u64 time_ns[__LOOM_RADIO_STATE_MAX]);
u32 loom_radio_tx_na(const struct loom_radio_power *pw, s8 dbm);
u64 loom_radio_energy_nj(const struct loom_radio_power *pw,
			 const u64 time_ns[__LOOM_RADIO_STATE_MAX], s8 tx_dbm);
const char *loom_radio_state_name(u8 state);

#endif /* _LOOM_RADIO_H */
