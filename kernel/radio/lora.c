// SPDX-License-Identifier: GPL-2.0
/*
 * LoRa time on air, after Semtech's formula (SX1276/77/78/79 datasheet,
 * section 4.1.1.7, and AN1200.13; SF5 and SF6 as in the SX1261/2 datasheet,
 * section 6.1.4):
 *
 *	Tsym = 2^SF / BW
 *	SF7..12:  Tpreamble = (Npreamble + 4.25) Tsym
 *		  Npayload  = 8 + max(ceil((8 PL - 4 SF + 28 + 16 CRC - 20 IH)
 *					  / (4 (SF - 2 DE))) (CR + 4), 0)
 *	SF5, SF6: Tpreamble = (Npreamble + 6.25) Tsym
 *		  Npayload  = 8 + max(ceil((8 PL + 16 CRC - 4 SF + 20 (1 - IH))
 *					  / (4 SF)) (CR + 4), 0)
 *
 * with CR = 1..4 for 4/5..4/8 and DE the low-data-rate optimisation, which
 * Semtech requires when a symbol lasts 16 ms or more.  All in integers: the
 * symbol count is kept in quarter symbols, and the result is rounded to the
 * nearest nanosecond.
 */
#include "lora.h"

static const u32 loom_lora_bandwidths[] = {
	7800, 10400, 15600, 20800, 31250, 41700, 62500, 125000, 250000, 500000,
};

/**
 * loom_lora_params_default() - EU868 defaults: 868.1 MHz, SF7, 125 kHz, 4/5
 * @p: parameters to fill
 */
void loom_lora_params_default(struct loom_lora_params *p)
{
	p->freq_hz = 868100000;
	p->bw_hz = 125000;
	p->sf = 7;
	p->cr = 5;
	p->tx_power_dbm = 14;
	p->preamble = 8;
	p->implicit_header = false;
	p->crc = true;
	p->ldro = LOOM_LDRO_AUTO;
}
EXPORT_SYMBOL_NS_GPL(loom_lora_params_default, LOOM);

/**
 * loom_lora_params_check() - are the parameters a radio can use?
 * @p: parameters
 *
 * Return: 0, or -EINVAL (-ERANGE for a frequency outside 137..1020 MHz,
 * the SX127x family's span).
 */
int loom_lora_params_check(const struct loom_lora_params *p)
{
	unsigned int i;

	if (p->sf < LOOM_LORA_SF_MIN || p->sf > LOOM_LORA_SF_MAX)
		return -EINVAL;
	if (p->cr < 5 || p->cr > 8 || p->preamble < 6 ||
	    p->ldro > LOOM_LDRO_ON)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(loom_lora_bandwidths); i++)
		if (p->bw_hz == loom_lora_bandwidths[i])
			break;
	if (i == ARRAY_SIZE(loom_lora_bandwidths))
		return -EINVAL;
	if (p->freq_hz < 137000000 || p->freq_hz > 1020000000)
		return -ERANGE;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(loom_lora_params_check, LOOM);

/**
 * loom_lora_symbol_ns() - duration of one symbol
 * @p: checked parameters
 *
 * Return: nanoseconds, rounded to nearest.
 */
u64 loom_lora_symbol_ns(const struct loom_lora_params *p)
{
	return div64_u64((NSEC_PER_SEC << p->sf) + p->bw_hz / 2, p->bw_hz);
}
EXPORT_SYMBOL_NS_GPL(loom_lora_symbol_ns, LOOM);

/**
 * loom_lora_ldro_on() - is the low-data-rate optimisation in use?
 * @p: checked parameters
 *
 * Return: the forced setting, or for LOOM_LDRO_AUTO whether a symbol lasts
 * 16 ms or more (2^SF * 1000 >= 16 * BW, exactly).
 */
bool loom_lora_ldro_on(const struct loom_lora_params *p)
{
	if (p->ldro != LOOM_LDRO_AUTO)
		return p->ldro == LOOM_LDRO_ON;
	return (1000ULL << p->sf) >= 16ULL * p->bw_hz;
}
EXPORT_SYMBOL_NS_GPL(loom_lora_ldro_on, LOOM);

/**
 * loom_lora_payload_symbols() - symbols after the preamble (header included)
 * @p: checked parameters
 * @len: payload bytes
 *
 * Return: Npayload of the formula above.
 */
u32 loom_lora_payload_symbols(const struct loom_lora_params *p, u16 len)
{
	int num, den, blocks;

	if (p->sf >= 7) {
		num = 8 * len - 4 * p->sf + 28 + 16 * p->crc -
		      20 * p->implicit_header;
		den = 4 * (p->sf - 2 * loom_lora_ldro_on(p));
	} else {
		num = 8 * len + 16 * p->crc - 4 * p->sf +
		      20 * !p->implicit_header;
		den = 4 * p->sf;
	}
	blocks = num > 0 ? (num + den - 1) / den : 0;
	return 8 + blocks * (p->cr);
}

/**
 * loom_lora_airtime_ns() - time on air of one frame
 * @p: checked parameters
 * @len: payload bytes (the whole Loom frame)
 *
 * Return: nanoseconds from the first preamble symbol to the last payload
 * symbol, rounded to nearest.
 */
u64 loom_lora_airtime_ns(const struct loom_lora_params *p, u16 len)
{
	/* Quarter symbols: the preamble adds 4.25 (SF7..12) or 6.25. */
	u64 quarters = 4ULL * p->preamble + (p->sf >= 7 ? 17 : 25) +
		       4ULL * loom_lora_payload_symbols(p, len);
	u64 den = 4ULL * p->bw_hz;

	return div64_u64((quarters << p->sf) * NSEC_PER_SEC + den / 2, den);
}
EXPORT_SYMBOL_NS_GPL(loom_lora_airtime_ns, LOOM);
