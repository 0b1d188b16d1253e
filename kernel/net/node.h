/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Loom network layer of one node: datagrams in and out, cut into
 * fragments and put back together, forwarding up and down the tree, and
 * failure reports to the coordinator.  It sits on one MAC.
 */
#ifndef _LOOM_NODE_H
#define _LOOM_NODE_H

#include "../mac/mac.h"
#include "frag.h"

/* Sources whose datagrams a node reassembles at once. */
#define LOOM_NODE_REASM		4

/**
 * enum loom_node_drop - why the network layer dropped a datagram or part
 * @LOOM_NDROP_NO_ROUTE: no valid next hop for the destination
 * @LOOM_NDROP_QUEUE: the MAC's queue was full
 * @LOOM_NDROP_REASM: sequences dropped: a fragment out of order or of the
 *	wrong size, or a source that started over
 * @LOOM_NDROP_ORPHAN: fragments of a sequence whose first never came
 * @LOOM_NDROP_TIMEOUT: a sequence took too long
 * @LOOM_NDROP_EVICTED: a sequence made room for one from another source
 * @LOOM_NDROP_GIVEN_UP: the MAC gave up on a fragment: its sequence went
 * @LOOM_NDROP_NOMEM: no memory
 * @__LOOM_NDROP_MAX: number of reasons
 */
enum loom_node_drop {
	LOOM_NDROP_NO_ROUTE,
	LOOM_NDROP_QUEUE,
	LOOM_NDROP_REASM,
	LOOM_NDROP_ORPHAN,
	LOOM_NDROP_TIMEOUT,
	LOOM_NDROP_EVICTED,
	LOOM_NDROP_GIVEN_UP,
	LOOM_NDROP_NOMEM,
	__LOOM_NDROP_MAX,
};

/**
 * struct loom_node_stats - network layer counters
 * @tx_datagrams: datagrams this node sent
 * @tx_frags: fragments this node cut them into
 * @rx_datagrams: datagrams delivered to this node
 * @rx_frags: fragments addressed to this node
 * @forwarded: packets passed on towards their destination
 * @errors_sent: failure reports sent to the coordinator
 * @errors_rx: failure reports that reached this node (the coordinator)
 * @drop: drops by enum loom_node_drop
 */
struct loom_node_stats {
	u64 tx_datagrams;
	u64 tx_frags;
	u64 rx_datagrams;
	u64 rx_frags;
	u64 forwarded;
	u64 errors_sent;
	u64 errors_rx;
	u64 drop[__LOOM_NDROP_MAX];
};

struct loom_node;

/**
 * struct loom_node_report - a failure report, as the coordinator gets it
 * @reporter: the node that gave up
 * @subject: the neighbour it could not reach
 * @failures: consecutive failures
 * @code: enum loom_err_code
 */
struct loom_node_report {
	u16 reporter;
	u16 subject;
	u8 failures;
	u8 code;
};

/**
 * struct loom_node_ops - what sits above the network layer
 * @recv: a whole datagram for this node; @data is valid during the call
 * @report: a failure: received by the coordinator, or given up locally
 *	(@local true)
 * @sync: the node gained (true) or lost (false) the network's timing
 * @config: the parent's configuration (id @theirs) now differs from, or
 *	again matches, the node's own (&loom_mac_upper.config)
 *
 * Called with bottom halves off; must not sleep.
 */
struct loom_node_ops {
	void (*recv)(struct loom_node *nd, u16 src, const u8 *data, size_t len,
		     const struct loom_radio_rx_info *info);
	void (*report)(struct loom_node *nd,
		       const struct loom_node_report *rep, bool local);
	void (*sync)(struct loom_node *nd, bool synced);
	void (*config)(struct loom_node *nd, u32 theirs);
};

/**
 * struct loom_node - the network layer of one node
 * @mac: its MAC
 * @ops: the layer above
 * @priv: for the layer above
 * @lock: protects @next_id, @reasm, @bufs and @stats
 * @frag_payload: payload bytes per fragment
 * @reasm_timeout_ns: base time a sequence may take (plus one data interval
 *	per fragment)
 * @next_id: frame id of the next datagram
 * @reasm: reassembly, one source each
 * @bufs: their buffers, sized for the sequence in progress
 * @stats: counters
 */
struct loom_node {
	struct loom_mac mac;
	const struct loom_node_ops *ops;
	void *priv;
	spinlock_t lock;	/* see above */
	u16 frag_payload;
	u64 reasm_timeout_ns;
	u8 next_id;
	struct loom_reasm reasm[LOOM_NODE_REASM];
	u8 *bufs[LOOM_NODE_REASM];
	struct loom_node_stats stats;
};

void loom_node_init(struct loom_node *nd, struct loom_radio *radio,
		    struct loom_clock *clk, const struct loom_mac_conf *conf,
		    const struct loom_mac_timing *tm,
		    const struct loom_node_ops *ops, void *priv);
void loom_node_destroy(struct loom_node *nd);
int loom_node_send(struct loom_node *nd, u16 dst, const u8 *data,
		   size_t len);
size_t loom_node_datagram_max(const struct loom_node *nd);
void loom_node_expire(struct loom_node *nd);

#endif /* _LOOM_NODE_H */
