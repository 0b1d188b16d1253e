/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LoRa physical-layer arithmetic: parameters, their checks, time on air.
 * Pure functions; the simulated medium and the SX127x driver share them.
 */
#ifndef _LOOM_LORA_H
#define _LOOM_LORA_H

#include "../include/loom_compat.h"
#include "../../uapi/linux/loom.h"

#define LOOM_LORA_SF_MIN	5
#define LOOM_LORA_SF_MAX	12
#define LOOM_LORA_MAX_PAYLOAD	255

/**
 * struct loom_lora_params - modulation and framing of one radio
 * @freq_hz: carrier frequency
 * @bw_hz: bandwidth, one of the SX127x/SX126x steps (7800 .. 500000)
 * @sf: spreading factor, 5..12
 * @cr: coding rate denominator: 5..8 for 4/5..4/8
 * @tx_power_dbm: transmit power
 * @preamble: programmed preamble length in symbols, 6..65535
 * @implicit_header: no PHY header (both ends know length, CR and CRC)
 * @crc: payload CRC on
 * @ldro: enum loom_lora_ldro
 */
struct loom_lora_params {
	u32 freq_hz;
	u32 bw_hz;
	u8 sf;
	u8 cr;
	s8 tx_power_dbm;
	u16 preamble;
	bool implicit_header;
	bool crc;
	u8 ldro;
};

void loom_lora_params_default(struct loom_lora_params *p);
int loom_lora_params_check(const struct loom_lora_params *p);
bool loom_lora_ldro_on(const struct loom_lora_params *p);
u64 loom_lora_symbol_ns(const struct loom_lora_params *p);
u32 loom_lora_payload_symbols(const struct loom_lora_params *p, u16 len);
u64 loom_lora_airtime_ns(const struct loom_lora_params *p, u16 len);

#endif /* _LOOM_LORA_H */
