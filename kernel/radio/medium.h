/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reception physics of a shared LoRa medium: sensitivity, SNR limits,
 * collisions with capture, and seeded random loss.  Pure logic; the
 * simulated medium (loom_hwsim) applies it to every frame it delivers.
 * Levels are in milli-dB(m) so that integer arithmetic stays exact.
 */
#ifndef _LOOM_MEDIUM_H
#define _LOOM_MEDIUM_H

#include "lora.h"

/* A frame survives an overlapping one this much stronger (see docs). */
#define LOOM_CAPTURE_MDB	6000
/* Receiver noise figure used for sensitivity. */
#define LOOM_NOISE_FIGURE_MDB	6000

/**
 * enum loom_rx_verdict - what became of a frame at one receiver
 * @LOOM_RX_OK: received
 * @LOOM_RX_WEAK: below sensitivity, or SNR below the SF's demodulation limit
 * @LOOM_RX_LOST: lost at random (the link's loss probability)
 * @LOOM_RX_COLLISION: overlapped on its channel by a frame not 6 dB weaker
 */
enum loom_rx_verdict {
	LOOM_RX_OK,
	LOOM_RX_WEAK,
	LOOM_RX_LOST,
	LOOM_RX_COLLISION,
};

/**
 * struct loom_air_frame - one transmission as one receiver sees it
 * @start_ns: first preamble symbol on the air
 * @end_ns: last symbol (start + time on air)
 * @freq_hz: carrier
 * @bw_hz: bandwidth
 * @sf: spreading factor
 * @rssi_mdbm: received power at this receiver
 * @snr_mdb: signal to noise ratio at this receiver
 */
struct loom_air_frame {
	u64 start_ns;
	u64 end_ns;
	u32 freq_hz;
	u32 bw_hz;
	u8 sf;
	s32 rssi_mdbm;
	s32 snr_mdb;
};

/**
 * struct loom_pathloss - log-distance path loss with log-normal shadowing
 * @exponent_milli: path-loss exponent n, times 1000 (2000: free space)
 * @ref_loss_mdb: loss at the reference distance, milli-dB
 * @ref_mm: reference distance d0, millimetres
 * @sigma_mdb: shadowing standard deviation, milli-dB (0: none)
 */
struct loom_pathloss {
	u32 exponent_milli;
	s32 ref_loss_mdb;
	u32 ref_mm;
	u32 sigma_mdb;
};

/**
 * struct loom_pos - a radio's position, millimetres
 * @x: east
 * @y: north
 * @z: up
 */
struct loom_pos {
	s32 x, y, z;
};

s64 loom_log10_mdb(u64 x);
u64 loom_distance_mm(const struct loom_pos *a, const struct loom_pos *b);
s32 loom_gauss_milli(u64 *rng);
s32 loom_pathloss_mdb(const struct loom_pathloss *pl, u64 d_mm, u64 *rng);
s32 loom_noise_floor_mdbm(u32 bw_hz);
s32 loom_lora_snr_min_mdb(u8 sf);
s32 loom_lora_sensitivity_mdbm(const struct loom_lora_params *p);
bool loom_air_interferes(const struct loom_air_frame *a,
			 const struct loom_air_frame *b);
u64 loom_rng_next(u64 *state);
bool loom_rng_chance(u64 *state, u32 ppm);
int loom_medium_judge(const struct loom_lora_params *rx,
		      const struct loom_air_frame *f,
		      const struct loom_air_frame *others, unsigned int n,
		      u32 loss_ppm, u64 *rng);

#endif /* _LOOM_MEDIUM_H */
