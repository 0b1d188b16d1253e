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

#include <asm/barrier.h>
#include <linux/if_ether.h>
#include <linux/list.h>

/* Room for a radio name with its NUL. */
#define LOOM_RADIO_NAME_LEN	(LOOM_RADIO_NAME_MAX + 1)
/*
 * The smallest largest-frame a radio may have: every Loom control frame
 * (the additional refresh is the longest, 21 bytes) and a data frame
 * with a useful payload fit.
 */
#define LOOM_RADIO_FRAME_MIN	64

struct loom_clock;

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

struct loom_radio;

/**
 * struct loom_radio_rx_info - what a radio knows of a received frame
 * @rssi_mdbm: received signal strength, milli-dBm
 * @snr_mdb: signal to noise ratio, milli-dB
 * @timestamp_ns: end of the frame on the air, in the radio's clock
 * @link_src: the transmitter's link-layer address, where the radio has
 *	one (an interface: the Ethernet source), else NULL; valid during the
 *	call only.  The address to give &loom_radio_ops.xmit_to.
 */
struct loom_radio_rx_info {
	s32 rssi_mdbm;
	s32 snr_mdb;
	u64 timestamp_ns;
	const u8 *link_src;
};

/**
 * struct loom_radio_info - what a driver adds to a radio's dump
 * @ifindex: the interface it is, or 0
 * @rate_kbps: the rate it assumes for time on air, or 0
 * @carrier: its link is usable
 * @has_stats: @stats are the driver's
 * @stats: by enum loom_radio_stat
 * @has_time: @time_ns is filled in
 * @time_ns: time in each state up to now (loom_radio_acct_read())
 */
struct loom_radio_info {
	int ifindex;
	u32 rate_kbps;
	bool carrier;
	bool has_stats;
	u64 stats[__LOOM_RADIO_STAT_MAX];
	bool has_time;
	u64 time_ns[__LOOM_RADIO_STATE_MAX];
};

/**
 * struct loom_radio_ops - what a radio driver implements
 * @set_state: move to a neighbouring state (enum loom_radio_state)
 * @xmit: send a frame from Receive; the radio is in Transmit until
 *	&loom_radio_upper.tx_done, then back in Receive
 * @cad: channel activity detection: 1 if a frame is on the air, 0 if not;
 *	for a radio that knows at once (the simulated medium, an interface),
 *	else NULL
 * @cad_start: channel activity detection that takes time (a chip's CAD
 *	mode: about a symbol, and SPI I/O), for a radio without @cad: start
 *	it from Receive; the result comes through &loom_radio_upper.cad_done,
 *	from the driver's context, never from within this call.  While it
 *	runs the radio stays in Receive but hears no frame, refuses @xmit
 *	and another @cad_start (-EBUSY); a state change cancels it
 *	(cad_done with -ECANCELED).  NULL where @cad is set or there is no
 *	detection at all.
 * @set_params: change modulation (only while not transmitting)
 * @airtime_ns: time on air of a frame of @len bytes; NULL for a LoRa
 *	radio, whose time on air follows from &loom_radio.params
 * @get_info: fill what dumps show beyond the common fields (optional;
 *	process context, the registry lock held)
 * @xmit_to: a radio with a link layer of its own (an interface) only,
 *	else NULL: hand a frame to that link layer, for one receiver @dst (a
 *	link-layer address from &loom_radio_rx_info.link_src: the link layer
 *	acknowledges and retries it) or for all (the broadcast address).  From
 *	Receive, which the radio stays in: no Transmit, no tx_done, frames go
 *	back to back and the link layer queues them and shares the air.
 *	-ENOBUFS when it refused the frame.  For a layer above with no timing
 *	of its own (the mesh); the Loom tree's MAC keeps to @xmit.
 *
 * The contract (Documentation/radio.rst): every op may be called from
 * atomic context (a timer, a receive callback, with the MAC's spinlock
 * held and bottom halves off) and must not sleep.  @xmit only starts a
 * frame: it returns at once and the driver reports the end through
 * &loom_radio_upper.tx_done (loom_radio_tx_done()) later, from its own
 * context, never from within @xmit; a driver whose I/O sleeps (SPI)
 * queues the work to process context.
 *
 * An SPI chip (sx127x) and the simulated medium implement the same ops.
 * All return 0 or a negative errno unless said otherwise.
 */
struct loom_radio_ops {
	int (*set_state)(struct loom_radio *r, u8 state);
	int (*xmit)(struct loom_radio *r, const u8 *frame, u16 len);
	int (*cad)(struct loom_radio *r);
	int (*cad_start)(struct loom_radio *r);
	int (*set_params)(struct loom_radio *r,
			  const struct loom_lora_params *p);
	u64 (*airtime_ns)(const struct loom_radio *r, u16 len);
	void (*get_info)(const struct loom_radio *r,
			 struct loom_radio_info *info);
	int (*xmit_to)(struct loom_radio *r, const u8 *dst, const u8 *frame,
		       u16 len);
};

/**
 * struct loom_radio_upper - how a radio reports to the layer above (MAC)
 * @state_changed: every transition, after it happened
 * @rx: a frame received; @frame is valid during the call only
 * @tx_done: the frame sent by @xmit left the air (0) or failed
 * @link_status: a radio with a link layer of its own tells, where that
 *	link layer does (802.11), whether a frame &loom_radio_ops.xmit_to
 *	sent to one receiver was acknowledged (@acked) or given up on after
 *	its retries; @frame is that frame, valid during the call (optional)
 * @cad_done: the detection &loom_radio_ops.cad_start began is over: 1 a
 *	frame was on the air, 0 none, or a negative errno (-ETIMEDOUT: the
 *	chip never finished, -ECANCELED: a state change came first, -EIO)
 *	(optional; only radios with cad_start call it)
 *
 * Called from the radio's event context: softirq, or bottom halves off in a
 * virtual run.  They must not sleep.
 */
struct loom_radio_upper {
	void (*state_changed)(struct loom_radio *r, u8 from, u8 to);
	void (*rx)(struct loom_radio *r, const u8 *frame, u16 len,
		   const struct loom_radio_rx_info *info);
	void (*tx_done)(struct loom_radio *r, int status);
	void (*link_status)(struct loom_radio *r, const u8 *frame, u16 len,
			    bool acked);
	void (*cad_done)(struct loom_radio *r, int result);
};

/**
 * struct loom_radio_stats - per-radio counters
 * @tx_frames: frames sent
 * @rx_frames: frames received
 * @rx_weak: frames below sensitivity or the SNR limit
 * @rx_lost: frames lost at random on the link
 * @rx_collision: frames lost to overlapping frames
 * @rx_deaf: frames that arrived while the radio was not listening
 */
struct loom_radio_stats {
	u64 tx_frames;
	u64 rx_frames;
	u64 rx_weak;
	u64 rx_lost;
	u64 rx_collision;
	u64 rx_deaf;
};

/**
 * struct loom_radio_tap - a receiver beside the upper layer
 * @node: in &loom_radio.taps (RCU list, written under the registry lock)
 * @rx: every frame the radio delivers, after the upper layer had it;
 *	softirq context, must not sleep; @frame is valid during the call
 *	only
 * @gone: the radio is being unregistered and has dropped the tap
 *	(process context, registry lock held: must not call the registry)
 *
 * An RSSI sniffer, a capture: they see what the upper layer sees.
 */
struct loom_radio_tap {
	struct list_head node;
	void (*rx)(struct loom_radio_tap *t, struct loom_radio *r,
		   const u8 *frame, u16 len,
		   const struct loom_radio_rx_info *info);
	void (*gone)(struct loom_radio_tap *t, struct loom_radio *r);
};

/**
 * struct loom_radio_owner_ops - what the registry tells a radio's claimant
 * @lost: the radio goes away (its driver unregisters it, its namespace
 *	ends): give it back with loom_radio_release() before returning.
 *	Process context, the registry lock held.
 * @carrier: the radio's link went down or came back (an interface set
 *	down or up).  Process context, the registry lock held.
 */
struct loom_radio_owner_ops {
	void (*lost)(void *owner, struct loom_radio *r);
	void (*carrier)(void *owner, struct loom_radio *r, bool up);
};

/**
 * struct loom_radio - one radio, as the MAC sees it
 * @ops: the driver
 * @upper: the layer above, or NULL
 * @upper_priv: for the layer above
 * @params: current modulation (LoRa radios)
 * @max_frame: largest frame it sends, bytes
 * @acct: time in each state
 * @stats: counters
 * @id: number, unique per driver
 * @kind: enum loom_radio_kind (uapi), for dumps
 * @movable: may change namespace by LOOM_CMD_RADIO_SET (a simulated
 *	radio); an interface's radio follows its interface instead
 * @name: registered name, unique ("hwsim3"); empty if not registered
 * @hwaddr: its 48-bit address, the address a Dhyara instance on it has:
 *	an interface's MAC address when it was attached, or one its driver
 *	gives it (loom_hwsim: 02:4c:4f:4d:<id, 16 bits>); all zero if none
 * @clk: the clock its driver runs it on
 *
 * The registry's part, written only by kernel/radio/registry.c:
 *
 * @net: the namespace it belongs to: nodes of that namespace may run on
 *	it, and only that namespace's dumps show it
 * @reg: in the registry of radios
 * @owner: who claimed it (a running node), or NULL
 * @owner_ops: the claimant's callbacks
 * @owner_name: a name for the claimant, shown in dumps
 * @proto: the claimant's enum loom_proto, 0 while free: a driver that
 *	marks frames with their protocol (an interface's shim) reads it
 * @saved_upper: the driver's own upper layer, back on release
 * @saved_priv: and its private pointer
 * @taps: &struct loom_radio_tap receivers
 * @carrier_down: how often its link went down
 */
struct loom_radio {
	const struct loom_radio_ops *ops;
	const struct loom_radio_upper *upper;
	void *upper_priv;
	struct loom_lora_params params;
	u16 max_frame;
	struct loom_radio_acct acct;
	struct loom_radio_stats stats;
	u32 id;
	u8 kind;
	bool movable;
	char name[LOOM_RADIO_NAME_LEN];
	u8 hwaddr[ETH_ALEN];
	struct loom_clock *clk;

	struct net *net;
	struct list_head reg;
	void *owner;
	const struct loom_radio_owner_ops *owner_ops;
	const char *owner_name;
	u8 proto;
	const struct loom_radio_upper *saved_upper;
	void *saved_priv;
	struct list_head taps;
	u64 carrier_down;
};

/**
 * loom_radio_upper() - the layer above, for a driver about to call it
 * @r: the radio
 *
 * Pairs with loom_radio_set_upper(): the upper's private pointer is
 * published before the upper, so whoever sees the one sees the other.
 * Drivers call this and the upper's callbacks inside an RCU read-side
 * section.
 *
 * Return: the upper, or NULL.
 */
static inline const struct loom_radio_upper *
loom_radio_upper(struct loom_radio *r)
{
	/* Pairs with loom_radio_set_upper(): see its private pointer too. */
	return smp_load_acquire(&r->upper);
}

bool loom_radio_transition_ok(u8 from, u8 to);
void loom_radio_acct_init(struct loom_radio_acct *a, u64 now_ns);
int loom_radio_acct_enter(struct loom_radio_acct *a, u8 to, u64 now_ns);
void loom_radio_acct_read(const struct loom_radio_acct *a, u64 now_ns,
			  u64 time_ns[__LOOM_RADIO_STATE_MAX]);
u32 loom_radio_tx_na(const struct loom_radio_power *pw, s8 dbm);
u64 loom_radio_energy_nj(const struct loom_radio_power *pw,
			 const u64 time_ns[__LOOM_RADIO_STATE_MAX], s8 tx_dbm);
const char *loom_radio_state_name(u8 state);
u64 loom_radio_airtime_ns(const struct loom_radio *r, u16 len);
u64 loom_radio_air_ns(const void *radio, u16 len);
void loom_radio_set_upper(struct loom_radio *r,
			  const struct loom_radio_upper *up, void *priv);

/* Drivers report through these, inside an RCU read-side section. */
void loom_radio_deliver(struct loom_radio *r, const u8 *frame, u16 len,
			const struct loom_radio_rx_info *info);
void loom_radio_tx_done(struct loom_radio *r, int status);
void loom_radio_link_status(struct loom_radio *r, const u8 *frame, u16 len,
			    bool acked);
void loom_radio_state_changed(struct loom_radio *r, u8 from, u8 to);
void loom_radio_cad_done(struct loom_radio *r, int result);

/* The registry, kernel/radio/registry.c. */
struct net;
struct netlink_ext_ack;
int loom_radio_register(struct loom_radio *r, struct net *net,
			struct loom_clock *clk);
void loom_radio_unregister(struct loom_radio *r);
int loom_radio_while_free(struct loom_radio *r, int (*fn)(void *arg),
			  void *arg, bool *ran);
void loom_radio_lock(void);
void loom_radio_unlock(void);
void loom_radio_assert_locked(void);
struct loom_radio *loom_radio_find(struct net *net, const char *name);
int loom_radio_claim(struct loom_radio *r,
		     const struct loom_radio_owner_ops *ops, void *owner,
		     const char *owner_name, u8 proto,
		     struct netlink_ext_ack *extack);
void loom_radio_release(struct loom_radio *r);
bool loom_radio_claimed(const struct loom_radio *r);
void *loom_radio_owner(const struct loom_radio *r);
int loom_radio_move(struct loom_radio *r, struct net *net,
		    struct netlink_ext_ack *extack);
int loom_radio_rename(struct loom_radio *r, const char *name);
void loom_radio_carrier(struct loom_radio *r, bool up);
struct loom_radio *loom_radio_next(struct net *net, unsigned long *pos);
void loom_radio_tap_add(struct loom_radio *r, struct loom_radio_tap *t);
void loom_radio_tap_del(struct loom_radio *r, struct loom_radio_tap *t);
void loom_radio_net_exit(struct net *net);

#endif /* _LOOM_RADIO_H */
