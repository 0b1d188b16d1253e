/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom_hwsim: virtual LoRa radios on one simulated medium (kernel/radio/
 * sim.c), created at load time and over the "loom_hwsim" generic netlink
 * family, with positions and a path-loss model, and a traffic generator
 * so that frames fly before any MAC is bound.
 */
#ifndef _LOOM_HWSIM_H
#define _LOOM_HWSIM_H

#include <linux/atomic.h>
#include <linux/mutex.h>

#include "../radio/sim.h"
#include "../../uapi/linux/loom_hwsim.h"
#include "chip.h"

/**
 * struct loom_hwsim_radio - a virtual radio and what loom_hwsim adds to it
 * @sr: the radio on the medium
 * @id: its number, the medium's index
 * @owner: netlink port id whose closing deletes it, or 0
 * @pos: position, if @has_pos
 * @has_pos: edges to other positioned radios follow the path-loss model
 * @gen_len: traffic generator frame length, 0 when off
 * @gen_gap_ns: generator gap after each frame
 * @gen_seq: sequence number of the generator's next frame
 * @gen_fail: generator frames the radio refused
 * @dying: being deleted; the generator stops
 * @gen: the generator's timer
 * @kind: enum loom_hwsim_kind
 * @chip: the emulated chip driving @sr, or NULL for a plain radio (which
 *	Loom has registered as hwsimN; a chip's driver registers its own)
 *
 * @gen_len, @gen_gap_ns and @dying are written under &loom_hwsim.lock and
 * read without it from the radio's callbacks.
 */
struct loom_hwsim_radio {
	struct loom_sim_radio *sr;
	u32 id;
	u32 owner;
	struct loom_pos pos;
	bool has_pos;
	u16 gen_len;
	u64 gen_gap_ns;
	u32 gen_seq;
	atomic64_t gen_fail;
	bool dying;
	struct loom_timer gen;
	u8 kind;
	struct loom_hwsim_chip *chip;
};

/**
 * struct loom_hwsim - the simulator: one clock, one medium
 * @lock: serialises configuration, dumps and virtual runs
 * @clk: the clock (module parameter clock=real|virtual)
 * @m: the medium
 * @pl: the path-loss model
 * @seed: seed of shadowing and loss
 * @nradios: radios present
 * @radios: by id; NULL where free
 */
struct loom_hwsim {
	struct mutex lock;	/* see above */
	struct loom_clock clk;
	struct loom_sim_medium m;
	struct loom_pathloss pl;
	u64 seed;
	u32 nradios;
	struct loom_hwsim_radio **radios;
};

/**
 * struct loom_hwsim_conf - a change to one radio, checked before applying
 * @params: the radio's modulation after the change
 * @params_set: @params differs from the current one
 * @state: state to reach, or -1
 * @pos: new position
 * @pos_set: set @pos
 * @pos_clear: forget the position
 * @gen_set: set the generator to @gen_len and @gen_gap_ns
 * @gen_len: generator frame length, 0 stops it
 * @gen_gap_ns: generator gap
 */
struct loom_hwsim_conf {
	struct loom_lora_params params;
	bool params_set;
	int state;
	struct loom_pos pos;
	bool pos_set;
	bool pos_clear;
	bool gen_set;
	u16 gen_len;
	u64 gen_gap_ns;
};

extern struct loom_hwsim loom_hwsim;

struct loom_hwsim_radio *loom_hwsim_radio_new(struct loom_hwsim *hw,
					      u32 owner, u8 kind, u8 version);
int loom_hwsim_radio_start_chip(struct loom_hwsim *hw,
				struct loom_hwsim_radio *hr,
				struct device_node *np);
void loom_hwsim_radio_del(struct loom_hwsim *hw, struct loom_hwsim_radio *hr);
struct loom_hwsim_radio *loom_hwsim_radio_find(struct loom_hwsim *hw, u32 id);
int loom_hwsim_radio_apply(struct loom_hwsim *hw, struct loom_hwsim_radio *hr,
			   const struct loom_hwsim_conf *c);
void loom_hwsim_del_owned(struct loom_hwsim *hw, u32 portid);
void loom_hwsim_derive(struct loom_hwsim *hw, struct loom_hwsim_radio *hr);

int loom_hwsim_nl_init(void);
void loom_hwsim_nl_exit(void);

#endif /* _LOOM_HWSIM_H */
