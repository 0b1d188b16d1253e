// SPDX-License-Identifier: GPL-2.0
/*
 * Reception physics of the simulated LoRa medium.
 *
 * Sensitivity = -174 dBm/Hz + 10 log10(BW) + NF + SNRmin(SF) (Semtech
 * AN1200.22, "LoRa Modulation Basics"), with NF = 6 dB and the SNR limits
 * of the SX1276 datasheet (table 13; SF5 and SF6 from the SX1261/2
 * datasheet): -2.5 dB at SF5 down to -20 dB at SF12, 2.5 dB per step.
 * At 125 kHz this gives -124.5 dBm at SF7 and -137.0 dBm at SF12.
 *
 * Collisions: two frames interfere when they overlap in time on the same
 * carrier, bandwidth and spreading factor (different SFs are treated as
 * orthogonal).  A frame survives every interferer it is at least 6 dB
 * stronger than (the capture effect; 6 dB is the co-SF rejection in the
 * SX1276 datasheet, table 13, and what Bor et al., "Do LoRa Low-Power
 * Wide-Area Networks Scale?", MSWiM 2016, measured).  Preamble timing is
 * not modelled: capture does not depend on which frame came first.
 */
#include "medium.h"

/* 10 log10(BW) in milli-dB, for the bandwidths lora.c accepts. */
static const struct {
	u32 bw_hz;
	s32 mdb;
} loom_bw_db[] = {
	{ 7800, 38921 }, { 10400, 40170 }, { 15600, 41931 }, { 20800, 43181 },
	{ 31250, 44949 }, { 41700, 46201 }, { 62500, 47959 },
	{ 125000, 50969 }, { 250000, 53979 }, { 500000, 56990 },
};

/**
 * loom_lora_snr_min_mdb() - lowest SNR a spreading factor demodulates
 * @sf: 5..12
 *
 * Return: milli-dB.
 */
s32 loom_lora_snr_min_mdb(u8 sf)
{
	return -2500 * (s32)(sf - 4);
}

/**
 * loom_noise_floor_mdbm() - thermal noise plus the noise figure in a band
 * @bw_hz: one of the bandwidths lora.c accepts
 *
 * Return: milli-dBm: -174 dBm/Hz + 10 log10(BW) + NF.
 */
s32 loom_noise_floor_mdbm(u32 bw_hz)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(loom_bw_db); i++)
		if (loom_bw_db[i].bw_hz == bw_hz)
			return -174000 + loom_bw_db[i].mdb + LOOM_NOISE_FIGURE_MDB;
	return -174000 + (s32)loom_log10_mdb(bw_hz) + LOOM_NOISE_FIGURE_MDB;
}
EXPORT_SYMBOL_NS_GPL(loom_noise_floor_mdbm, LOOM);

/**
 * loom_lora_sensitivity_mdbm() - weakest signal a receiver hears
 * @p: the receiver's checked parameters
 *
 * Return: milli-dBm.
 */
s32 loom_lora_sensitivity_mdbm(const struct loom_lora_params *p)
{
	return loom_noise_floor_mdbm(p->bw_hz) + loom_lora_snr_min_mdb(p->sf);
}
EXPORT_SYMBOL_NS_GPL(loom_lora_sensitivity_mdbm, LOOM);

/**
 * loom_log10_mdb() - 10 log10(x) in milli-dB, integers only
 * @x: a positive number
 *
 * log2 by its integer part and 16 fraction bits from repeated squaring,
 * then 10 log10(2) = 3.0103 dB per doubling.  Error below 0.001 dB.
 *
 * Return: milli-dB; 0 for x = 0 or 1.
 */
s64 loom_log10_mdb(u64 x)
{
	u64 frac = 0, m;
	int ip, i;

	if (x <= 1)
		return 0;
	ip = 63 - __builtin_clzll(x);
	/* Mantissa in [1, 2) as Q31. */
	m = ip >= 31 ? x >> (ip - 31) : x << (31 - ip);
	for (i = 0; i < 16; i++) {
		m = (m * m) >> 31;
		frac <<= 1;
		if (m >= (2ULL << 31)) {
			m >>= 1;
			frac |= 1;
		}
	}
	/* (ip + frac / 2^16) * 3010.29995664 milli-dB */
	return div64_u64(((u64)ip << 16 | frac) * 301029996ULL,
			 100000ULL << 16);
}

/**
 * loom_distance_mm() - straight-line distance between two positions
 * @a: one position
 * @b: another
 *
 * Return: millimetres (rounded down).
 */
u64 loom_distance_mm(const struct loom_pos *a, const struct loom_pos *b)
{
	u64 dx = abs((s64)a->x - b->x), dy = abs((s64)a->y - b->y);
	u64 dz = abs((s64)a->z - b->z);
	unsigned int shift = 0;

	/* Each difference is below 2^32: scale so three squares fit. */
	while ((dx | dy | dz) >= (1ULL << 31)) {
		dx >>= 1;
		dy >>= 1;
		dz >>= 1;
		shift++;
	}
	return (u64)int_sqrt64(dx * dx + dy * dy + dz * dz) << shift;
}
EXPORT_SYMBOL_NS_GPL(loom_distance_mm, LOOM);

/**
 * loom_gauss_milli() - a standard normal sample, times 1000
 * @rng: the generator
 *
 * Sum of 12 uniforms minus 6 (Irwin-Hall): mean 0, variance 1, bounded by
 * +-6; enough for shadowing and free of floating point.
 *
 * Return: the sample in thousandths.
 */
s32 loom_gauss_milli(u64 *rng)
{
	s64 sum = 0;
	int i;

	/* Each term 0..1000 rounded, mean exactly 500. */
	for (i = 0; i < 12; i++)
		sum += ((loom_rng_next(rng) >> 32) * 1000 + (1ULL << 31)) >> 32;
	return (s32)(sum - 6000);
}

/**
 * loom_pathloss_mdb() - loss over a distance
 * @pl: the model
 * @d_mm: distance; below the reference distance counts as the reference
 * @rng: the generator, drawn from only when @pl->sigma_mdb is not 0
 *
 * PL(d) = PL(d0) + 10 n log10(d / d0) + X, X ~ N(0, sigma^2).
 *
 * Return: milli-dB.
 */
s32 loom_pathloss_mdb(const struct loom_pathloss *pl, u64 d_mm, u64 *rng)
{
	s64 ratio_mdb = 0, loss;

	if (d_mm > pl->ref_mm)
		ratio_mdb = loom_log10_mdb(d_mm) - loom_log10_mdb(pl->ref_mm);
	loss = pl->ref_loss_mdb +
	       div64_u64(ratio_mdb * pl->exponent_milli, 1000);
	if (pl->sigma_mdb)
		loss += div_s64((s64)loom_gauss_milli(rng) * pl->sigma_mdb, 1000);
	return (s32)loss;
}
EXPORT_SYMBOL_NS_GPL(loom_pathloss_mdb, LOOM);

/**
 * loom_air_interferes() - do two frames collide?
 * @a: one frame
 * @b: another
 *
 * Return: true if they overlap in time (touching ends do not) on the same
 * carrier, bandwidth and spreading factor.
 */
bool loom_air_interferes(const struct loom_air_frame *a,
			 const struct loom_air_frame *b)
{
	return a->freq_hz == b->freq_hz && a->bw_hz == b->bw_hz &&
	       a->sf == b->sf && a->start_ns < b->end_ns &&
	       b->start_ns < a->end_ns;
}

/**
 * loom_rng_next() - next number of a seeded generator (splitmix64)
 * @state: the generator; any seed
 *
 * Return: 64 random bits.  The same seed gives the same sequence.
 */
u64 loom_rng_next(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
EXPORT_SYMBOL_NS_GPL(loom_rng_next, LOOM);

/**
 * loom_rng_chance() - true with a given probability
 * @state: the generator
 * @ppm: probability in parts per million (1000000 or more: always)
 *
 * Return: the outcome.
 */
bool loom_rng_chance(u64 *state, u32 ppm)
{
	u64 r = loom_rng_next(state) >> 32;	/* uniform in [0, 2^32) */

	return (r * 1000000) >> 32 < ppm;
}

/**
 * loom_medium_judge() - what becomes of a frame at one receiver
 * @rx: the receiver's parameters (its sensitivity)
 * @f: the frame, as this receiver sees it
 * @others: every other frame on the air at this receiver during @f, any
 *	channel (those that do not interfere are ignored)
 * @n: entries in @others
 * @loss_ppm: the link's random loss probability
 * @rng: the medium's generator; drawn from only when the frame would
 *	otherwise be received, so a run's draws depend only on its frames
 *
 * Whether the receiver listens at all (half duplex, sleep, disabled) is
 * the caller's check, before this one.
 *
 * Return: enum loom_rx_verdict.
 */
int loom_medium_judge(const struct loom_lora_params *rx,
		      const struct loom_air_frame *f,
		      const struct loom_air_frame *others, unsigned int n,
		      u32 loss_ppm, u64 *rng)
{
	unsigned int i;

	if (f->rssi_mdbm < loom_lora_sensitivity_mdbm(rx) ||
	    f->snr_mdb < loom_lora_snr_min_mdb(f->sf))
		return LOOM_RX_WEAK;
	for (i = 0; i < n; i++)
		if (loom_air_interferes(f, &others[i]) &&
		    (s64)f->rssi_mdbm - others[i].rssi_mdbm < LOOM_CAPTURE_MDB)
			return LOOM_RX_COLLISION;
	if (loss_ppm && loom_rng_chance(rng, loss_ppm))
		return LOOM_RX_LOST;
	return LOOM_RX_OK;
}
