/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One Dhyara node on one or more claimed radios (Documentation/dhyara.rst,
 * "The node"): beacons and their acknowledgments, advertisements,
 * datagrams in chunks with their delivery reports, forwarding, echo
 * requests.  It ties the pure parts (frame.h, chunk.h, table.h) to its
 * radios, a transmit queue each, and one timer on the first radio's
 * clock; the protocol glue wraps it.  A node on several radios is one
 * node with one address: its beacons go out on each, and a unicast frame
 * on the radio its receiver was last heard on.
 *
 * Context and locking: the radio calls back in its event context
 * (softirq, or bottom halves off in a virtual run) and the timer fires
 * with bottom halves off; nothing here sleeps and receive-path
 * allocations are GFP_ATOMIC.  @lock (spin_lock_bh) guards the transmit
 * queue, the beacon schedule and the counters; the routing table,
 * reassembly and sender's table have their own locks, taken with @lock
 * not held.  The upper callbacks run with no node lock held, in that same
 * context, and must not sleep; they may call loom_dhy_node_send() and
 * loom_dhy_node_ping().  Only init, add_radio, start, detach, halt and
 * destroy need process context.
 */
#ifndef _LOOM_DHY_NODE_H
#define _LOOM_DHY_NODE_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/loom.h>

#include "../clock.h"
#include "../radio/radio.h"
#include "chunk.h"
#include "frame.h"
#include "table.h"

struct loom_dhy_node;

/**
 * enum loom_dhy_node_drop - why the node dropped a frame or refused one
 * @LOOM_DHY_ND_NOT_FOR_US: a unicast frame whose receiver (destination,
 *	or next hop of a routed frame) is another node
 * @LOOM_DHY_ND_FROM_SELF: a frame claiming to come from our own address
 * @LOOM_DHY_ND_TABLE: the routing table refused what the frame said
 * @LOOM_DHY_ND_NO_ROUTE: a frame to forward or answer had no route
 * @LOOM_DHY_ND_HOP_LIMIT: a frame to forward had its hop limit spent
 * @LOOM_DHY_ND_REASM: reassembly refused a chunk (duplicate, no room)
 * @LOOM_DHY_ND_REPORT: a DLV or ICMPX that matched nothing awaiting it
 *	(it came after its datagram timed out, or is about a datagram whose
 *	sender awaits none)
 * @LOOM_DHY_ND_QUEUE_FULL: a frame refused: the transmit queue was full
 * @LOOM_DHY_ND_NOMEM: an allocation failed
 * @LOOM_DHY_ND_XMIT: the radio refused a frame
 * @LOOM_DHY_ND_HALTED: a frame arrived or was to go out while halted
 * @__LOOM_DHY_ND_MAX: number of reasons
 */
enum loom_dhy_node_drop {
	LOOM_DHY_ND_NOT_FOR_US,
	LOOM_DHY_ND_FROM_SELF,
	LOOM_DHY_ND_TABLE,
	LOOM_DHY_ND_NO_ROUTE,
	LOOM_DHY_ND_HOP_LIMIT,
	LOOM_DHY_ND_REASM,
	LOOM_DHY_ND_REPORT,
	LOOM_DHY_ND_QUEUE_FULL,
	LOOM_DHY_ND_NOMEM,
	LOOM_DHY_ND_XMIT,
	LOOM_DHY_ND_HALTED,
	__LOOM_DHY_ND_MAX,
};

/**
 * struct loom_dhy_node_stats - a node's counters
 * @rx: frames decoded per type, and decoder drops per enum loom_drop
 * @tx: frames the radio took, per enum loom_dhy_type
 * @drop: by enum loom_dhy_node_drop
 * @forwarded: routed frames passed on
 * @delivered: datagrams handed to the upper layer
 * @sent: datagrams accepted by loom_dhy_node_send()
 * @backoffs: transmissions put off because the channel was busy
 * @cad_started: channel activity detections begun before sending (radios
 *	whose detection takes time: cad_start)
 * @duty_waits: transmissions put off for the duty-cycle budget
 * @air_ns: time on air of every frame sent
 * @control_air_ns: of that, beacons, acknowledgments and advertisements
 * @tx_bytes: bytes of every frame sent
 * @control_bytes: of those, control frames'
 * @queue_max_seen: the longest the transmit queue was
 * @link_acked: unicast frames the link layer said were acknowledged
 * @link_failed: those it gave up on after its retries
 * @link_lost: neighbours declared silent at once for
 *	LOOM_DHY_LINK_FAILS failures in a row
 */
struct loom_dhy_node_stats {
	struct loom_dhy_rx_stats rx;
	u64 tx[__LOOM_DHY_T_MAX];
	u64 drop[__LOOM_DHY_ND_MAX];
	u64 forwarded;
	u64 delivered;
	u64 sent;
	u64 backoffs;
	u64 cad_started;
	u64 duty_waits;
	u64 air_ns;
	u64 control_air_ns;
	u64 tx_bytes;
	u64 control_bytes;
	u32 queue_max_seen;
	u64 link_acked;
	u64 link_failed;
	u64 link_lost;
};

/*
 * Unicast frames to a neighbour the link layer gives up on in a row
 * (each after its own retries: up to seven long ones in 802.11) before
 * the node takes it for gone rather than wait for its silence.
 */
#define LOOM_DHY_LINK_FAILS	3

/**
 * struct loom_dhy_ping_result - an answer to an echo request
 * @from: who answered: the destination (a reply) or the node reporting
 *	an error
 * @code: 0 for an echo reply, else enum loom_dhy_icmpx_code
 * @id: the request's session
 * @seq: its number
 * @rtt_ns: round trip (a reply, and an ICMPX, which quotes the time)
 * @hop_limit: the answer's hop limit on arrival (it left with
 *	LOOM_DHY_HOP_LIMIT: the hops it made are the difference plus one)
 */
struct loom_dhy_ping_result {
	u8 from[ETH_ALEN];
	u8 code;
	u16 id;
	u16 seq;
	u64 rtt_ns;
	u8 hop_limit;
};

/**
 * struct loom_dhy_node_ops - what the node tells the layer above
 * @recv: a datagram for us arrived whole; @data is valid during the call
 * @outcome: what became of a datagram loom_dhy_node_send() accepted
 * @ping: an echo reply or an error report about one of our requests
 * @event: a neighbour came or went, or a best route moved
 *	(loom_dhy_notify_fn; called with the table's lock held)
 *
 * Any may be NULL.  Called with no node lock held, in softirq context
 * (or with bottom halves off); they must not sleep.
 */
struct loom_dhy_node_ops {
	void (*recv)(struct loom_dhy_node *n, const u8 *src, const u8 *data,
		     u16 len, const struct loom_radio_rx_info *info);
	void (*outcome)(struct loom_dhy_node *n,
			const struct loom_dhy_tx_done *done);
	void (*ping)(struct loom_dhy_node *n,
		     const struct loom_dhy_ping_result *res);
	void (*event)(struct loom_dhy_node *n, enum loom_dhy_event ev,
		      const u8 *subject, const u8 *via);
};

/**
 * struct loom_dhy_node_conf - a node's parameters
 * @beacon_ns: beacon interval (default 1000 ms)
 * @jitter_ns: each interval is @beacon_ns plus a random part of
 *	[-@jitter_ns / 2, +@jitter_ns / 2) (default an eighth of the interval)
 * @backoff_ns: a frame waits a random part of [0, @backoff_ns) before it
 *	goes, and again while the channel is busy (0: four times the time
 *	on air of a 32-byte frame); not on a radio with a link layer of its
 *	own, which backs off itself
 * @queue_max: frames the transmit queue holds (default 64)
 * @reasm_slots: datagrams reassembled at once (default 8)
 * @reasm_bytes: bytes they may hold (default 64 KiB)
 * @reasm_timeout_ns: how long one may take (default 30 s)
 * @tx_max: our datagrams awaiting a report at once (default 16)
 * @tx_timeout_ns: how long each waits for it (default 40 s)
 * @duty_ppm: the share of time the first radio may be on the air, parts per
 *	million (0: no budget); frames wait for it (a token bucket that
 *	holds at most one beacon interval's share)
 * @table: the routing table's parameters (loom_dhy_config_default())
 */
struct loom_dhy_node_conf {
	u64 beacon_ns;
	u64 jitter_ns;
	u64 backoff_ns;
	u32 queue_max;
	u32 reasm_slots;
	u32 reasm_bytes;
	u64 reasm_timeout_ns;
	u32 tx_max;
	u64 tx_timeout_ns;
	u32 duty_ppm;
	struct loom_dhy_config table;
};

/**
 * struct loom_dhy_qframe - an encoded frame waiting for the radio
 * @node: in &loom_dhy_node.queue
 * @len: bytes at @data
 * @type: its enum loom_dhy_type, for the counters
 * @link_dst: its receiver's link-layer address on the radio whose queue
 *	holds it, or the broadcast address (&loom_radio_ops.xmit_to)
 * @data: the frame
 */
struct loom_dhy_qframe {
	struct list_head node;
	u16 len;
	u8 type;
	u8 link_dst[ETH_ALEN];
	u8 data[];
};

/* Radios one node runs on at most (the uapi's limit of an instance). */
#define LOOM_DHY_PORTS_MAX	LOOM_RADIOS_MAX

/**
 * struct loom_dhy_port - one radio of a node, with its own transmit queue
 * @node: the node it belongs to
 * @radio: the radio
 * @up: it carries the node's frames: started and not detached
 * @link: the radio has a link layer of its own (&loom_radio_ops.xmit_to):
 *	frames go to it at once, unicast where the receiver's link address
 *	is known, with no backoff and no tx_done to wait for
 * @busy: a frame is on its air (xmit accepted, tx_done not yet), or a
 *	channel activity detection runs (@cad_running)
 * @cad_running: a detection the radio's cad_start began is not yet over
 * @cad_clear: it found the channel free: the head of @queue goes next
 * @queue: frames waiting for it, oldest first
 * @qlen: frames in @queue
 * @tx_at: when the head of @queue may go (U64_MAX: not scheduled)
 * @backoff_ns: the random wait before each frame
 *	(&loom_dhy_node_conf.backoff_ns, or the radio's default)
 * @duty_ppm: its duty-cycle budget, parts per million (0: none)
 * @credit_ns: time on air the budget allows now
 * @credit_at: when @credit_ns was last brought up to date
 *
 * Fields from @up on are guarded by the node's lock.
 */
struct loom_dhy_port {
	struct loom_dhy_node *node;
	struct loom_radio *radio;
	bool up;
	bool link;
	bool busy;
	bool cad_running;
	bool cad_clear;
	struct list_head queue;
	u32 qlen;
	u64 tx_at;
	u64 backoff_ns;
	u32 duty_ppm;
	u64 credit_ns;
	u64 credit_at;
};

/**
 * struct loom_dhy_nbr_port - the radio a neighbour was last heard on
 * @addr: the neighbour
 * @port: its index in &loom_dhy_node.ports
 * @fails: unicast frames to it the link layer gave up on in a row
 * @has_link: @link_addr holds
 * @link_addr: its link-layer address there (an interface's MAC address,
 *	which is not the node's address for a node whose first radio is
 *	another)
 * @seen: when (the node's clock); 0: the entry is free
 */
struct loom_dhy_nbr_port {
	u8 addr[ETH_ALEN];
	u8 port;
	u8 fails;
	bool has_link;
	u8 link_addr[ETH_ALEN];
	u64 seen;
};

/**
 * struct loom_dhy_node - one Dhyara node
 * @lock: guards the fields below up to @st, and the ports' (spin_lock_bh)
 * @ports: its radios; the first one's address is the node's
 * @nports: radios in @ports
 * @nbr_port: which radio each neighbour was last heard on, and its
 *	link-layer address there (a node on several radios sends a unicast
 *	frame on that one alone; an interface sends it by unicast)
 * @clk: the first radio's clock (every radio's, or all of them real time)
 * @ops: the upper layer
 * @priv: for the upper layer
 * @conf: parameters
 * @self: our address (the first radio's hwaddr)
 * @max_frame: the largest frame sent: the smallest of the radios', at
 *	most LOOM_DHY_FRAME_MAX
 * @running: started and not halted
 * @next_beacon: when the next beacons go (one on each radio)
 * @started_at: when the node started
 * @timer: fires at the earliest of everything due
 * @st: counters
 * @table: routing table
 * @reasm: reassembly
 * @tx: our datagrams awaiting their reports
 */
struct loom_dhy_node {
	spinlock_t lock;	/* see above */
	struct loom_dhy_port ports[LOOM_DHY_PORTS_MAX];
	u8 nports;
	struct loom_dhy_nbr_port nbr_port[LOOM_DHY_MAX_NBRS];
	struct loom_clock *clk;
	const struct loom_dhy_node_ops *ops;
	void *priv;
	struct loom_dhy_node_conf conf;
	u8 self[ETH_ALEN];
	u16 max_frame;
	bool running;
	u64 next_beacon;
	u64 started_at;
	struct loom_timer timer;
	struct loom_dhy_node_stats st;
	struct loom_dhy_table *table;
	struct loom_dhy_reasm reasm;
	struct loom_dhy_tx tx;
};

void loom_dhy_node_conf_default(struct loom_dhy_node_conf *c);
int loom_dhy_node_init(struct loom_dhy_node *n, struct loom_radio *r,
		       struct loom_clock *clk,
		       const struct loom_dhy_node_conf *conf,
		       const struct loom_dhy_node_ops *ops, void *priv,
		       const char **field);
int loom_dhy_node_add_radio(struct loom_dhy_node *n, struct loom_radio *r,
			    u32 duty_ppm, const char **field);
int loom_dhy_node_start(struct loom_dhy_node *n);
void loom_dhy_node_detach(struct loom_dhy_node *n, struct loom_radio *r);
struct loom_radio *loom_dhy_node_nbr_radio(struct loom_dhy_node *n,
					   const u8 *addr);
void loom_dhy_node_halt(struct loom_dhy_node *n);
void loom_dhy_node_destroy(struct loom_dhy_node *n);

int loom_dhy_node_send(struct loom_dhy_node *n, const u8 *dst,
		       const u8 *data, u32 len, u64 cookie, u16 *msg_id);
int loom_dhy_node_ping(struct loom_dhy_node *n, const u8 *dst, u16 id,
		       u16 seq, u8 hop_limit);
u32 loom_dhy_node_dgram_max(struct loom_dhy_node *n);
u32 loom_dhy_control_ppm(u64 bcn_air_ns, u64 ack_air_ns, u64 adv_air_ns,
			 u64 beacon_ns, u32 nbrs);
u64 loom_dhy_beacon_min_ns(u64 bcn_air_ns, u64 ack_air_ns, u64 adv_air_ns,
			   u32 nbrs, u32 duty_ppm);
void loom_dhy_node_stats(struct loom_dhy_node *n,
			 struct loom_dhy_node_stats *st);
const char *loom_dhy_node_drop_name(enum loom_dhy_node_drop reason);
int loom_dhy_node_dump_routes(struct loom_dhy_node *n,
			      struct loom_dhy_cursor *c, loom_dhy_route_fn fn,
			      void *arg);
int loom_dhy_node_dump_nbrs(struct loom_dhy_node *n,
			    struct loom_dhy_cursor *c, loom_dhy_nbr_fn fn,
			    void *arg);

#endif /* _LOOM_DHY_NODE_H */
