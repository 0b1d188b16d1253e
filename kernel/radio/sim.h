/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated LoRa medium: virtual radios that hear each other over directed
 * edges, with time on air, half duplex, collisions and loss.  The engine of
 * loom_hwsim, on the clock abstraction (real or virtual time).
 */
#ifndef _LOOM_SIM_H
#define _LOOM_SIM_H

#include <linux/list.h>
#include <linux/spinlock.h>

#include "../clock.h"
#include "medium.h"
#include "radio.h"

/**
 * struct loom_sim_edge - how one radio hears another
 * @rssi_mdbm: received power, milli-dBm
 * @snr_mdb: signal to noise ratio, milli-dB
 * @loss_ppm: random loss probability, parts per million
 * @present: the receiver hears the sender at all
 * @origin: the owner's note of where the edge came from (the medium
 *	ignores it; loom_hwsim keeps enum loom_hwsim_origin here)
 */
struct loom_sim_edge {
	s32 rssi_mdbm;
	s32 snr_mdb;
	u32 loss_ppm;
	bool present;
	u8 origin;
};

struct loom_sim_medium;
struct loom_sim_air;

/**
 * struct loom_sim_radio - a virtual radio
 * @radio: what the MAC sees
 * @m: its medium
 * @idx: index in the medium
 * @rx_since: when it last began to listen - entered Receive or changed
 *	modulation; a frame is heard only if that was before its first symbol
 *	and the radio still listens at its last
 * @tx_end: fires when the frame in flight leaves the air
 * @tx_frame: that frame, or NULL
 * @dead: being deleted; its ops refuse with -ENODEV
 */
struct loom_sim_radio {
	struct loom_radio radio;
	struct loom_sim_medium *m;
	u32 idx;
	u64 rx_since;
	struct loom_timer tx_end;
	struct loom_sim_air *tx_frame;
	bool dead;
};

/**
 * struct loom_sim_medium - radios sharing one medium
 * @clk: its clock
 * @lock: protects everything below and the radios' states
 * @rng: seeded generator for loss
 * @cap: most radios
 * @radios: by index; NULL where free
 * @edges: @cap x @cap, [from * @cap + to]
 * @air: frames on the air, and ended ones that still overlap one that is
 */
struct loom_sim_medium {
	struct loom_clock *clk;
	spinlock_t lock;	/* see above */
	u64 rng;
	u32 cap;
	struct loom_sim_radio **radios;
	struct loom_sim_edge *edges;
	struct list_head air;
};

int loom_sim_medium_init(struct loom_sim_medium *m, struct loom_clock *clk,
			 u32 cap, u64 seed);
void loom_sim_medium_destroy(struct loom_sim_medium *m);
struct loom_sim_radio *loom_sim_radio_add(struct loom_sim_medium *m,
					  const struct loom_radio_upper *up,
					  void *priv);
void loom_sim_radio_unlink(struct loom_sim_radio *sr);
void loom_sim_radio_free(struct loom_sim_radio *sr);
void loom_sim_radio_del(struct loom_sim_radio *sr);
int loom_sim_radio_configure(struct loom_sim_radio *sr,
			     const struct loom_lora_params *p, int state);
void loom_sim_radio_read(struct loom_sim_radio *sr, struct loom_radio *out);
int loom_sim_edge_set(struct loom_sim_medium *m, u32 from, u32 to,
		      const struct loom_sim_edge *e);
int loom_sim_edge_get(struct loom_sim_medium *m, u32 from, u32 to,
		      struct loom_sim_edge *e);
void loom_sim_reseed(struct loom_sim_medium *m, u64 seed);

#endif /* _LOOM_SIM_H */
