/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Loom MAC: refresh transactions and slotted data transactions with a
 * three-way handshake, on one radio and the clock abstraction
 * (Documentation/mac.rst).  The network layer above hands it packets with
 * their next hop and takes what it receives.
 */
#ifndef _LOOM_MAC_H
#define _LOOM_MAC_H

#include <linux/list.h>
#include <linux/spinlock.h>

#include "../clock.h"
#include "../radio/radio.h"
#include "frame.h"
#include "timing.h"

/* Consecutive failures after which a packet is given up and reported. */
#define LOOM_MAC_MAX_FAILS	5
/* Packets each queue (up, down) holds. */
#define LOOM_MAC_QUEUE_MAX	64
/* Fewest recent packets remembered for duplicate suppression. */
#define LOOM_MAC_DUP_RING	16
/* The jitter guard follows this quantile of the clock's timer lateness. */
#define LOOM_MAC_JITTER_PERMILLE	990

/**
 * struct loom_mac_conf - a node's place in the tree and its slots
 * @addr: its address
 * @parent: its parent's address (LOOM_ADDR_RESERVED: the coordinator)
 * @tx_first: first send slot
 * @tx_count: send slots (0 for the coordinator)
 * @rx_first: first slot of its children's window
 * @rx_count: slots in that window (0 for end devices)
 * @relay: its relay index 1..R, 0 if it does not relay
 * @parent_relay: its parent's relay index (0: the coordinator)
 * @config_id: fingerprint of the topology and configuration the node runs
 * @nodes: nodes in that topology
 */
struct loom_mac_conf {
	u16 addr;
	u16 parent;
	u32 tx_first;
	u32 tx_count;
	u32 rx_first;
	u32 rx_count;
	u32 relay;
	u32 parent_relay;
	u32 config_id;
	u16 nodes;
};

/**
 * struct loom_mac_pkt - a network packet waiting for its hop
 * @queued_ns: when it was queued
 * @node: in a MAC queue
 * @next_hop: neighbour it goes to
 * @type: LOOM_PT_DATA, or LOOM_PT_ERROR for a failure report
 * @fails: consecutive failed attempts
 * @len: bytes at @data
 * @data: the network packet (header and payload)
 */
struct loom_mac_pkt {
	struct list_head node;
	u64 queued_ns;
	u16 next_hop;
	u8 type;
	u8 fails;
	u16 len;
	u8 data[];
};

/**
 * struct loom_mac_link - what a node knows of one neighbour (parent or
 *	child)
 * @addr: its address; 0 for a free entry
 * @rssi_mdbm: RSSI of the last frame heard from it
 * @snr_mdb: SNR of that frame
 * @heard_ns: when it was heard, in the MAC's clock
 * @rx_frames: frames taken from it
 * @hs_ok: handshakes completed with it
 * @hs_fail: handshakes with it that failed
 * @fails: consecutive failures now
 */
struct loom_mac_link {
	u16 addr;
	s32 rssi_mdbm;
	s32 snr_mdb;
	u64 heard_ns;
	u32 rx_frames;
	u32 hs_ok;
	u32 hs_fail;
	u8 fails;
};

struct loom_mac;

/**
 * struct loom_mac_upper - the network layer, as the MAC calls it
 * @deliver: a network packet of @type (LOOM_PT_DATA, or LOOM_PT_ERROR
 *	whose payload is the error body) arrived from neighbour @from (not a
 *	poll, not a duplicate); valid during the call only
 * @give_up: @p failed LOOM_MAC_MAX_FAILS times in a row (or its child
 *	went silent) and is dropped after the call; @report false for all but
 *	the first of a child's packets aged in one pass: one report each
 * @sync: the node gained (true) or lost (false) the network's timing
 * @config: the parent distributes a configuration other than the node's
 *	(@theirs is its id), or the same again (@theirs equals the node's
 *	own); called when that changes
 *
 * Called with bottom halves off, after the MAC's lock is dropped: must not
 * sleep; may call loom_mac_enqueue() and loom_mac_purge().
 */
struct loom_mac_upper {
	void (*deliver)(struct loom_mac *mac, u8 type, u16 from, const u8 *pkt,
			u16 len, const struct loom_radio_rx_info *info);
	void (*give_up)(struct loom_mac *mac, const struct loom_mac_pkt *p,
			bool report);
	void (*sync)(struct loom_mac *mac, bool synced);
	void (*config)(struct loom_mac *mac, u32 theirs);
};

/**
 * struct loom_mac_stats - MAC counters
 * @refresh_tx: refresh frames sent (initial and relayed)
 * @refresh_rx: refreshes taken from the parent
 * @refresh_missed: refresh windows that passed without one
 * @sync_lost: times two misses in a row dropped the timing
 * @data_tx: DATA frames sent with a packet
 * @polls: DATA frames sent empty, so the parent could send down
 * @acked: packets the next hop confirmed
 * @fails: handshakes that failed (no answer, no final ACK)
 * @given_up: packets dropped after LOOM_MAC_MAX_FAILS failures
 * @queue_full: packets refused because a queue was full
 * @dups: duplicates received (answered, not delivered again)
 * @delivered: packets handed to the network layer
 * @ignored: valid frames not for this node or not expected now
 * @more_rx: additional refresh packets (the configuration) taken
 * @more_missed: announced ones that did not come
 * @config_mismatch: configurations that differed from the node's own
 * @xmit_errors: frames the radio refused to send
 * @late_skips: frames not sent because their timer fired too late for them
 *	to end in their slot (a refresh, its configuration, a handshake), or
 *	a send slot whose start found the last handshake still running
 * @late_refresh: refreshes that came later than clock drift explains,
 *	taken as a late sender's: the timing moved by the drift allowance
 * @held: waits kept open past their end for a frame on the air
 */
struct loom_mac_stats {
	u64 refresh_tx;
	u64 refresh_rx;
	u64 refresh_missed;
	u64 sync_lost;
	u64 data_tx;
	u64 polls;
	u64 acked;
	u64 fails;
	u64 given_up;
	u64 queue_full;
	u64 dups;
	u64 delivered;
	u64 ignored;
	u64 xmit_errors;
	u64 more_rx;
	u64 more_missed;
	u64 config_mismatch;
	u64 late_skips;
	u64 late_refresh;
	u64 held;
};

/**
 * struct loom_mac_dup - a packet seen recently
 * @from: neighbour it came from
 * @src: its original source
 * @id: frame id and first-fragment bit
 * @seq: fragment sequence
 * @seen_ns: when; the entry counts only while a retry can still come
 */
struct loom_mac_dup {
	u16 from;
	u16 src;
	u8 id;
	u8 seq;
	u64 seen_ns;
};

/**
 * struct loom_mac - one node's MAC
 * @lock: protects everything below
 * @radio: its radio (the MAC is the radio's upper layer)
 * @clk: the clock
 * @conf: place in the tree
 * @tm: timing of a refresh period
 * @upper: the network layer
 * @priv: for the network layer
 * @sched: the period's schedule timer
 * @hs_timer: handshake turnarounds and deadlines
 * @running: started and not stopping
 * @synced: has the network's timing
 * @missed: refreshes missed in a row
 * @period_start: start of the current period (C0), local time
 * @data_start: start of its first data cycle
 * @next_period: start of the next period
 * @relay_at: when to send the relay (0: none pending)
 * @relay_data: data offset to relay, units
 * @relay_refresh: refresh offset to relay, units
 * @in_refresh: listening for the refresh
 * @hold_ns: the refresh window is held open for a frame on the air: when
 *	to look again (0: not held)
 * @late_last: the last refresh came late and was discounted
 * @jitter_ns: the jitter guard j, added to the guard on the listening side
 * @jitter_max_ns: the largest j taken
 * @in_window: listening through the children's window
 * @cyc: schedule cursor: data cycle
 * @item: schedule cursor: item in the cycle
 * @hs: handshake step
 * @hs_peer: the other end of the handshake
 * @hs_pkt: the packet the handshake carries, or NULL
 * @hs_len: bytes in @txbuf to send at the next turnaround
 * @hs_limit: the latest a wait for an answer or final ACK is held open
 * @hs_held: that wait has been held
 * @upq: packets for the parent
 * @downq: packets for children
 * @upq_len: packets in @upq
 * @downq_len: packets in @downq
 * @dup: recent packets, @dup_size of them: one per slot of the children's
 *	window and of its own slots, so a retry a cycle later is still there
 * @dup_size: entries in @dup
 * @dup_next: next slot in @dup
 * @stats: counters
 * @more_until: while the parent's additional refresh packet may come
 * @more_left: of those the parent announced, how many did not come yet
 * @more_next: a refresh is on the air; its configuration follows
 * @more_by: the latest its configuration may start (a guard before the
 *	next relay)
 * @more_limit: the latest the window for the parent's configuration is
 *	held open
 * @more_held: that window has been held
 * @more_cfg: the configuration to relay: the parent's, or the node's own
 * @more_have: @more_cfg came from the parent this period
 * @mismatch: the last configuration heard differed from the node's
 * @links: one entry per neighbour heard or tried, first come
 * @n_links: entries in @links (its children's slots plus the parent)
 * @edge_hist: slot-edge error histogram (LOOM_EDGE_BUCKETS in the uapi)
 * @edge_max_ns: largest slot-edge error
 * @rx: frames decoded and dropped, by type and reason
 * @txbuf: the frame being built
 */
struct loom_mac {
	spinlock_t lock;	/* see above */
	struct loom_radio *radio;
	struct loom_clock *clk;
	struct loom_mac_conf conf;
	struct loom_mac_timing tm;
	const struct loom_mac_upper *upper;
	void *priv;
	struct loom_timer sched;
	struct loom_timer hs_timer;
	bool running;
	bool synced;
	u8 missed;
	u64 period_start;
	u64 data_start;
	u64 next_period;
	u64 relay_at;
	u32 relay_data;
	u32 relay_refresh;
	bool in_refresh;
	u64 hold_ns;
	bool late_last;
	u64 jitter_ns;
	u64 jitter_max_ns;
	bool in_window;
	u32 cyc;
	u32 item;
	u8 hs;
	u16 hs_peer;
	struct loom_mac_pkt *hs_pkt;
	u16 hs_len;
	u64 hs_limit;
	bool hs_held;
	struct list_head upq;
	struct list_head downq;
	u32 upq_len;
	u32 downq_len;
	struct loom_mac_dup *dup;
	u32 dup_size;
	u32 dup_next;
	struct loom_mac_stats stats;
	u64 more_until;
	u8 more_left;
	bool more_next;
	u64 more_by;
	u64 more_limit;
	bool more_held;
	u8 more_cfg[LOOM_MAC_CONFIG_LEN];
	bool more_have;
	bool mismatch;
	struct loom_mac_link *links;
	u32 n_links;
	u32 edge_hist[LOOM_EDGE_BUCKETS];
	u64 edge_max_ns;
	struct loom_rx_stats rx;
	u8 txbuf[LOOM_FRAME_MAX_LEN];
};

void loom_mac_init(struct loom_mac *mac, struct loom_radio *radio,
		   struct loom_clock *clk, const struct loom_mac_conf *conf,
		   const struct loom_mac_timing *tm,
		   const struct loom_mac_upper *upper, void *priv);
u32 loom_mac_config_id(const struct loom_topology *t);
int loom_mac_conf_from_topo(struct loom_mac_conf *conf,
			    const struct loom_topology *t, u32 node);
int loom_mac_start(struct loom_mac *mac);
void loom_mac_resume(struct loom_mac *mac, u64 next_period);
u64 loom_mac_next_period(struct loom_mac *mac);
void loom_mac_halt(struct loom_mac *mac);
void loom_mac_stop(struct loom_mac *mac);
int loom_mac_enqueue(struct loom_mac *mac, u8 type, u16 next_hop,
		     const u8 *pkt, u16 len);
int loom_mac_pkts_add(struct loom_mac *mac, struct list_head *pkts, u8 type,
		      u16 next_hop, const u8 *pkt, u16 len);
int loom_mac_queue(struct loom_mac *mac, struct list_head *pkts, u32 n);
void loom_mac_pkts_free(struct list_head *pkts);
u32 loom_mac_purge(struct loom_mac *mac, u16 src, u8 frame_id);
u16 loom_mac_mtu(const struct loom_mac *mac);
u32 loom_mac_edge_bucket(u64 late_ns);
u32 loom_mac_links(struct loom_mac *mac, struct loom_mac_link *out, u32 max);

#endif /* _LOOM_MAC_H */
