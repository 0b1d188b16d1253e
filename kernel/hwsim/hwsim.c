// SPDX-License-Identifier: GPL-2.0
/*
 * loom_hwsim: simulated LoRa radios for Loom, in the spirit of
 * mac80211_hwsim and mac802154_hwsim.
 *
 * One medium, one clock.  Radios come from the module parameter radios=N
 * (placed 10 m apart on a line, so they hear each other through the
 * path-loss model) and from netlink.  Each radio can run a traffic
 * generator: frames of a given length, one after the other, whenever it
 * listens; that is how tests and benchmarks fill the air before a MAC is
 * bound.
 *
 * Deleting radios is safe with frames in flight: a radio is unlinked from
 * the medium (its frame dropped, its timers stopped), and freed after an
 * RCU grace period, when no delivery to it can still be running.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "hwsim.h"

static unsigned int radios = 2;
module_param(radios, uint, 0444);
MODULE_PARM_DESC(radios, "radios created at load, 10 m apart (default 2)");

static unsigned int max_radios = 256;
module_param(max_radios, uint, 0444);
MODULE_PARM_DESC(max_radios, "capacity of the medium, 2..1024 (default 256)");

static char *clock = "real";
module_param(clock, charp, 0444);
MODULE_PARM_DESC(clock, "real (hrtimers) or virtual (discrete events)");

static unsigned long long seed = 1;
module_param(seed, ullong, 0444);
MODULE_PARM_DESC(seed, "seed of shadowing and random loss (default 1)");

/* Spacing of the radios created at load. */
#define LOOM_HWSIM_LOAD_SPACING_MM	10000

struct loom_hwsim loom_hwsim;

static void loom_hwsim_gen_arm(struct loom_hwsim_radio *hr, u64 delay_ns)
{
	struct loom_clock *clk = hr->gen.clk;

	if (READ_ONCE(hr->gen_len) && !READ_ONCE(hr->dying))
		loom_timer_start(&hr->gen, loom_clock_now(clk) + delay_ns);
}

static void loom_hwsim_gen_fire(struct loom_timer *t)
{
	struct loom_hwsim_radio *hr = container_of(t, struct loom_hwsim_radio,
						   gen);
	struct loom_radio *r = &hr->sr->radio;
	u16 len = READ_ONCE(hr->gen_len);
	u8 buf[LOOM_LORA_MAX_PAYLOAD];
	u8 head[8];

	/* A node running on the radio has the air to itself. */
	if (!len || READ_ONCE(hr->dying) || loom_radio_claimed(r))
		return;
	/* Radio id and sequence number, then a fill pattern. */
	put_unaligned_le32(hr->id, head);
	put_unaligned_le32(hr->gen_seq++, head + 4);
	memset(buf, 0xa5, len);
	memcpy(buf, head, min_t(u16, len, sizeof(head)));
	/* Refused (asleep, busy): the next Receive or tx_done re-arms. */
	if (r->ops->xmit(r, buf, len))
		atomic64_inc(&hr->gen_fail);
}

static void loom_hwsim_state_changed(struct loom_radio *r, u8 from, u8 to)
{
	/* Back to listening from sleep: the generator resumes. */
	if (from == LOOM_RADIO_SLEEP && to == LOOM_RADIO_RECEIVE)
		loom_hwsim_gen_arm(r->upper_priv, 0);
}

static void loom_hwsim_tx_done(struct loom_radio *r, int status)
{
	struct loom_hwsim_radio *hr = r->upper_priv;

	loom_hwsim_gen_arm(hr, READ_ONCE(hr->gen_gap_ns));
}

static const struct loom_radio_upper loom_hwsim_upper = {
	.state_changed = loom_hwsim_state_changed,
	.tx_done = loom_hwsim_tx_done,
};

/**
 * loom_hwsim_radio_find() - a radio by id
 * @hw: the simulator, locked
 * @id: the radio's id
 *
 * Return: the radio, or NULL.
 */
struct loom_hwsim_radio *loom_hwsim_radio_find(struct loom_hwsim *hw, u32 id)
{
	lockdep_assert_held(&hw->lock);
	return id < hw->m.cap ? hw->radios[id] : NULL;
}

/**
 * loom_hwsim_radio_new() - a new radio, Disabled, default modulation
 * @hw: the simulator, locked
 * @owner: netlink port id whose closing deletes it, or 0
 * @kind: enum loom_hwsim_kind: a plain radio, registered with Loom, or an
 *	emulated chip, which loom_hwsim_radio_start_chip() then puts behind
 *	its SPI controller
 * @version: a chip's RegVersion
 *
 * Return: the radio, or ERR_PTR(-ENOSPC when the medium is full, -ENOMEM).
 */
struct loom_hwsim_radio *loom_hwsim_radio_new(struct loom_hwsim *hw,
					      u32 owner, u8 kind, u8 version)
{
	struct loom_hwsim_radio *hr;
	struct loom_sim_radio *sr;

	lockdep_assert_held(&hw->lock);
	hr = kzalloc(sizeof(*hr), GFP_KERNEL);
	if (!hr)
		return ERR_PTR(-ENOMEM);
	hr->kind = kind;
	if (kind != LOOM_HWSIM_KIND_RADIO) {
		hr->chip = loom_hwsim_chip_alloc(&hw->clk, kind, version);
		if (!hr->chip) {
			kfree(hr);
			return ERR_PTR(-ENOMEM);
		}
		sr = loom_sim_radio_add(&hw->m, &loom_hwsim_chip_upper,
					hr->chip);
	} else {
		sr = loom_sim_radio_add(&hw->m, &loom_hwsim_upper, hr);
	}
	if (IS_ERR(sr)) {
		if (hr->chip)
			loom_hwsim_chip_free(hr->chip);
		kfree(hr);
		return ERR_CAST(sr);
	}
	hr->sr = sr;
	hr->id = sr->idx;
	hr->owner = owner;
	atomic64_set(&hr->gen_fail, 0);
	loom_timer_init(&hw->clk, &hr->gen, loom_hwsim_gen_fire);
	/* Locally administered, "LOM", the id: stable across loads. */
	sr->radio.hwaddr[0] = 0x02;
	sr->radio.hwaddr[1] = 0x4c;
	sr->radio.hwaddr[2] = 0x4f;
	sr->radio.hwaddr[3] = 0x4d;
	sr->radio.hwaddr[4] = hr->id >> 8;
	sr->radio.hwaddr[5] = hr->id & 0xff;
	/*
	 * Loom can run a node on it by this name, in the initial namespace
	 * until LOOM_CMD_RADIO_SET gives it to another.  A chip's driver
	 * registers the radio of a chip.
	 */
	if (!hr->chip) {
		snprintf(sr->radio.name, sizeof(sr->radio.name), "hwsim%u",
			 hr->id);
		if (loom_radio_register(&sr->radio, &init_net, &hw->clk)) {
			loom_sim_radio_del(sr);
			kfree(hr);
			return ERR_PTR(-EEXIST);
		}
	}
	hw->radios[hr->id] = hr;
	hw->nradios++;
	return hr;
}

/**
 * loom_hwsim_radio_start_chip() - put a chip radio behind its SPI controller
 * @hw: the simulator, locked
 * @hr: a radio of a chip kind, with the modulation its SPI device's
 *	properties are to give
 * @np: the device-tree node of its SPI controller, or NULL
 *	(loom_hwsim_chip_start())
 *
 * A driver for the model may bind from within this call.
 *
 * Context: process context.
 * Return: 0 or a negative errno (the radio is then to be deleted).
 */
int loom_hwsim_radio_start_chip(struct loom_hwsim *hw,
				struct loom_hwsim_radio *hr,
				struct device_node *np)
{
	lockdep_assert_held(&hw->lock);
	return loom_hwsim_chip_start(hr->chip, hr->sr, hr->sr->radio.hwaddr,
				     np);
}

/* Locked: take @hr off the medium; free it after a grace period. */
static void loom_hwsim_radio_unlink(struct loom_hwsim *hw,
				    struct loom_hwsim_radio *hr)
{
	WRITE_ONCE(hr->dying, true);
	/*
	 * A node running on it stops first: on a chip, the driver's remove
	 * unregisters its radio while the chip still answers.
	 */
	if (hr->chip)
		loom_hwsim_chip_stop(hr->chip);
	else
		loom_radio_unregister(&hr->sr->radio);
	/* Stops its frame and waits for its running tx_end... */
	loom_sim_radio_unlink(hr->sr);
	/* ...which may have re-armed the generator (or the chip's timer). */
	loom_timer_cancel(&hr->gen);
	if (hr->chip)
		loom_hwsim_chip_quiesce(hr->chip);
	hw->radios[hr->id] = NULL;
	hw->nradios--;
}

static void loom_hwsim_radio_free(struct loom_hwsim_radio *hr)
{
	if (hr->chip)
		loom_hwsim_chip_free(hr->chip);
	loom_sim_radio_free(hr->sr);
	kfree(hr);
}

/**
 * loom_hwsim_radio_del() - delete a radio, even mid-frame
 * @hw: the simulator, locked
 * @hr: the radio
 *
 * Context: process context; waits for an RCU grace period.
 */
void loom_hwsim_radio_del(struct loom_hwsim *hw, struct loom_hwsim_radio *hr)
{
	lockdep_assert_held(&hw->lock);
	loom_hwsim_radio_unlink(hw, hr);
	synchronize_rcu();
	loom_hwsim_radio_free(hr);
}

/* Locked: delete every radio for which @match is true, in one grace period. */
static void loom_hwsim_del_matching(struct loom_hwsim *hw,
				    bool (*match)(struct loom_hwsim_radio *hr,
						  u32 arg),
				    u32 arg)
{
	struct loom_hwsim_radio **gone;
	unsigned int n = 0, i;
	u32 id;

	lockdep_assert_held(&hw->lock);
	gone = kcalloc(hw->m.cap, sizeof(*gone), GFP_KERNEL);
	for (id = 0; id < hw->m.cap; id++) {
		struct loom_hwsim_radio *hr = hw->radios[id];

		if (!hr || !match(hr, arg))
			continue;
		if (!gone) {	/* no memory to batch: one grace period each */
			loom_hwsim_radio_del(hw, hr);
			continue;
		}
		loom_hwsim_radio_unlink(hw, hr);
		gone[n++] = hr;
	}
	if (n)
		synchronize_rcu();
	for (i = 0; i < n; i++)
		loom_hwsim_radio_free(gone[i]);
	kfree(gone);
}

static bool loom_hwsim_owned_by(struct loom_hwsim_radio *hr, u32 portid)
{
	return hr->owner == portid;
}

static bool loom_hwsim_any(struct loom_hwsim_radio *hr, u32 unused)
{
	return true;
}

/**
 * loom_hwsim_del_owned() - delete the radios a closing socket created
 * @hw: the simulator, unlocked
 * @portid: the socket's port id (not 0)
 */
void loom_hwsim_del_owned(struct loom_hwsim *hw, u32 portid)
{
	mutex_lock(&hw->lock);
	loom_hwsim_del_matching(hw, loom_hwsim_owned_by, portid);
	mutex_unlock(&hw->lock);
}

/* Locked: the edge @tx -> @rx after the model, unless set by hand. */
static void loom_hwsim_derive_edge(struct loom_hwsim *hw,
				   struct loom_hwsim_radio *tx,
				   struct loom_hwsim_radio *rx, s32 loss_mdb)
{
	struct loom_radio txr, rxr;
	struct loom_sim_edge e;
	s32 rssi, snr;

	if (loom_sim_edge_get(&hw->m, tx->id, rx->id, &e) ||
	    (e.present && e.origin == LOOM_HWSIM_ORIGIN_MANUAL))
		return;
	loom_sim_radio_read(tx->sr, &txr);
	loom_sim_radio_read(rx->sr, &rxr);
	rssi = clamp_t(s32, txr.params.tx_power_dbm * 1000 - loss_mdb,
		       -200000, 50000);
	snr = clamp_t(s32, rssi - loom_noise_floor_mdbm(rxr.params.bw_hz),
		      -100000, 100000);
	e = (struct loom_sim_edge) {
		.rssi_mdbm = rssi,
		.snr_mdb = snr,
		.present = true,
		.origin = LOOM_HWSIM_ORIGIN_MODEL,
	};
	loom_sim_edge_set(&hw->m, tx->id, rx->id, &e);
}

/* Locked: forget a model edge (a hand-set one stays). */
static void loom_hwsim_underive_edge(struct loom_hwsim *hw, u32 from, u32 to)
{
	struct loom_sim_edge e;

	if (!loom_sim_edge_get(&hw->m, from, to, &e) && e.present &&
	    e.origin == LOOM_HWSIM_ORIGIN_MODEL) {
		e.present = false;
		loom_sim_edge_set(&hw->m, from, to, &e);
	}
}

/*
 * Locked: both edges between @a and @b.  Shadowing is drawn once per pair
 * from a generator seeded by the seed and the pair, so links are
 * reciprocal and do not depend on the order radios were placed in.
 */
static void loom_hwsim_derive_pair(struct loom_hwsim *hw,
				   struct loom_hwsim_radio *a,
				   struct loom_hwsim_radio *b)
{
	u32 lo = min(a->id, b->id), hi = max(a->id, b->id);
	u64 rng = hw->seed ^ ((u64)lo << 32 | hi);
	s32 loss;

	if (!a->has_pos || !b->has_pos) {
		loom_hwsim_underive_edge(hw, a->id, b->id);
		loom_hwsim_underive_edge(hw, b->id, a->id);
		return;
	}
	loom_rng_next(&rng);
	loss = loom_pathloss_mdb(&hw->pl, loom_distance_mm(&a->pos, &b->pos),
				 &rng);
	loom_hwsim_derive_edge(hw, a, b, loss);
	loom_hwsim_derive_edge(hw, b, a, loss);
}

/**
 * loom_hwsim_derive() - re-derive model edges from positions
 * @hw: the simulator, locked
 * @hr: the radio whose edges to redo, or NULL for all
 *
 * Edges set by hand (EDGE_SET) are left alone; edges of a radio without a
 * position are removed if the model made them.
 */
void loom_hwsim_derive(struct loom_hwsim *hw, struct loom_hwsim_radio *hr)
{
	u32 i, j;

	lockdep_assert_held(&hw->lock);
	for (i = 0; i < hw->m.cap; i++) {
		struct loom_hwsim_radio *a = hw->radios[i];

		if (!a || (hr && a != hr))
			continue;
		for (j = hr ? 0 : i + 1; j < hw->m.cap; j++) {
			struct loom_hwsim_radio *b = hw->radios[j];

			if (b && b != a)
				loom_hwsim_derive_pair(hw, a, b);
		}
	}
}

/**
 * loom_hwsim_radio_apply() - change a radio: modulation, state, position,
 *	generator
 * @hw: the simulator, locked
 * @hr: the radio
 * @c: the change, checked by the caller
 *
 * All or nothing: the only step that can fail (the radio is transmitting)
 * comes first.
 *
 * Return: 0, -EBUSY while the radio transmits, or -EINVAL.
 */
int loom_hwsim_radio_apply(struct loom_hwsim *hw, struct loom_hwsim_radio *hr,
			   const struct loom_hwsim_conf *c)
{
	bool was_off = !hr->gen_len;
	int err;

	lockdep_assert_held(&hw->lock);
	if (c->params_set || c->state >= 0) {
		err = loom_sim_radio_configure(hr->sr, c->params_set ?
					       &c->params : NULL, c->state);
		if (err)
			return err;
	}
	if (c->pos_set) {
		hr->pos = c->pos;
		hr->has_pos = true;
	} else if (c->pos_clear) {
		hr->has_pos = false;
	}
	if (c->pos_set || c->pos_clear || c->params_set)
		loom_hwsim_derive(hw, hr);
	if (c->gen_set) {
		WRITE_ONCE(hr->gen_gap_ns, c->gen_gap_ns);
		WRITE_ONCE(hr->gen_len, c->gen_len);
		if (!c->gen_len)
			loom_timer_cancel(&hr->gen);
		else if (was_off)
			loom_hwsim_gen_arm(hr, 0);
	}
	return 0;
}

static int loom_hwsim_netlink_notify(struct notifier_block *nb,
				     unsigned long state, void *data)
{
	struct netlink_notify *n = data;

	if (state == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net) && n->portid)
		loom_hwsim_del_owned(&loom_hwsim, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block loom_hwsim_netlink_nb = {
	.notifier_call = loom_hwsim_netlink_notify,
};

static int __init loom_hwsim_create_radios(struct loom_hwsim *hw)
{
	struct loom_hwsim_conf c = { .state = -1, .pos_set = true };
	unsigned int i;

	mutex_lock(&hw->lock);
	for (i = 0; i < radios; i++) {
		struct loom_hwsim_radio *hr;

		hr = loom_hwsim_radio_new(hw, 0, LOOM_HWSIM_KIND_RADIO, 0);

		if (IS_ERR(hr)) {
			mutex_unlock(&hw->lock);
			return PTR_ERR(hr);
		}
		c.pos.x = i * LOOM_HWSIM_LOAD_SPACING_MM;
		loom_hwsim_radio_apply(hw, hr, &c);
	}
	mutex_unlock(&hw->lock);
	return 0;
}

static void loom_hwsim_destroy(struct loom_hwsim *hw)
{
	mutex_lock(&hw->lock);
	loom_hwsim_del_matching(hw, loom_hwsim_any, 0);
	mutex_unlock(&hw->lock);
	loom_sim_medium_destroy(&hw->m);
	kfree(hw->radios);
	loom_hwsim_chip_exit();
}

static int __init loom_hwsim_init(void)
{
	struct loom_hwsim *hw = &loom_hwsim;
	enum loom_clock_mode mode;
	int err;

	if (!strcmp(clock, "real")) {
		mode = LOOM_CLOCK_REAL;
	} else if (!strcmp(clock, "virtual")) {
		mode = LOOM_CLOCK_VIRTUAL;
	} else {
		pr_err("loom_hwsim: clock=%s: use real or virtual\n", clock);
		return -EINVAL;
	}
	if (max_radios < 2 || max_radios > 1024 || radios > max_radios) {
		pr_err("loom_hwsim: need 2 <= max_radios <= 1024 and radios <= max_radios\n");
		return -EINVAL;
	}
	mutex_init(&hw->lock);
	loom_clock_init(&hw->clk, mode);
	/* Bor et al., "Do LoRa Low-Power Wide-Area Networks Scale?" (2016). */
	hw->pl = (struct loom_pathloss) {
		.exponent_milli = 2080,
		.ref_loss_mdb = 127410,
		.ref_mm = 40000,
		.sigma_mdb = 3570,
	};
	hw->seed = seed;
	hw->radios = kcalloc(max_radios, sizeof(*hw->radios), GFP_KERNEL);
	if (!hw->radios)
		return -ENOMEM;
	err = loom_sim_medium_init(&hw->m, &hw->clk, max_radios, seed);
	if (err) {
		kfree(hw->radios);
		return err;
	}
	err = loom_hwsim_chip_init(max_radios);
	if (err) {
		loom_sim_medium_destroy(&hw->m);
		kfree(hw->radios);
		return err;
	}
	err = loom_hwsim_create_radios(hw);
	if (err)
		goto fail;
	err = netlink_register_notifier(&loom_hwsim_netlink_nb);
	if (err)
		goto fail;
	err = loom_hwsim_nl_init();
	if (err) {
		netlink_unregister_notifier(&loom_hwsim_netlink_nb);
		goto fail;
	}
	pr_info("loom_hwsim: %u radios, room for %u, %s clock\n", radios,
		max_radios, clock);
	return 0;
fail:
	loom_hwsim_destroy(hw);
	return err;
}

static void __exit loom_hwsim_exit(void)
{
	/* No request runs after this, and no socket close reaches us. */
	loom_hwsim_nl_exit();
	netlink_unregister_notifier(&loom_hwsim_netlink_nb);
	loom_hwsim_destroy(&loom_hwsim);
}

module_init(loom_hwsim_init);
module_exit(loom_hwsim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated LoRa radios on a shared medium for Loom");
MODULE_IMPORT_NS(LOOM);
