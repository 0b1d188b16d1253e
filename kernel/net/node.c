// SPDX-License-Identifier: GPL-2.0
/*
 * The Loom network layer of one node.
 *
 * Sending cuts a datagram into fragments (frag.c) that all go to the same
 * next hop, so they stay in order.  Receiving forwards what is not for
 * this node and reassembles what is, one source per context: a source's
 * fragments arrive in its slots, in order, while other sources' sequences
 * interleave with them.  A reassembly buffer is sized from the first
 * fragment (its Sequence says how many follow) and exists only while the
 * sequence is in progress.  A sequence may take one data interval per
 * fragment, plus one per retry the MAC may make, plus one refresh period;
 * then it is dropped.
 *
 * When the MAC gives up on a packet, its whole sequence is dropped from
 * the queue (the receiver could never complete it), and a failure report
 * (an Error packet) goes up to the coordinator.
 */
#include <linux/random.h>
#include <linux/slab.h>

#include "node.h"
#include "route.h"

static struct loom_node *loom_node_of(struct loom_mac *mac)
{
	return container_of(mac, struct loom_node, mac);
}

static void loom_node_drop(struct loom_node *nd, enum loom_node_drop why,
			   u32 n)
{
	spin_lock_bh(&nd->lock);
	nd->stats.drop[why] += n;
	spin_unlock_bh(&nd->lock);
}

/* Locked: forget context @i and its buffer. */
static void loom_node_reasm_free(struct loom_node *nd, unsigned int i)
{
	loom_reasm_reset(&nd->reasm[i]);
	kfree(nd->bufs[i]);
	nd->bufs[i] = NULL;
	loom_reasm_init(&nd->reasm[i], NULL, 0);
}

/**
 * loom_node_expire() - drop reassemblies that have waited too long
 * @nd: the node
 *
 * Context: any; called on every fragment received.
 */
void loom_node_expire(struct loom_node *nd)
{
	u64 now = loom_clock_now(nd->mac.clk);
	unsigned int i;

	spin_lock_bh(&nd->lock);
	for (i = 0; i < LOOM_NODE_REASM; i++) {
		struct loom_reasm *r = &nd->reasm[i];

		u64 frags = nd->frag_payload ? r->cap / nd->frag_payload : 0;

		if (r->active && now - r->started > nd->reasm_timeout_ns +
		    (frags + LOOM_MAC_MAX_FAILS) * nd->mac.tm.interval_ns) {
			nd->stats.drop[LOOM_NDROP_TIMEOUT]++;
			loom_node_reasm_free(nd, i);
		}
	}
	spin_unlock_bh(&nd->lock);
}

/*
 * Locked: the context for a fragment from @h->src; a first fragment gets
 * a fresh buffer, evicting the oldest sequence if all contexts are busy.
 */
static struct loom_reasm *loom_node_reasm(struct loom_node *nd,
					  const struct loom_net_hdr *h)
{
	unsigned int i, pick = LOOM_NODE_REASM;
	size_t cap;
	u8 *buf;

	for (i = 0; i < LOOM_NODE_REASM; i++)
		if (nd->bufs[i] && nd->reasm[i].src == h->src)
			pick = i;
	if (!h->first)
		return pick < LOOM_NODE_REASM ? &nd->reasm[pick] : NULL;
	if (pick == LOOM_NODE_REASM) {
		for (i = 0; i < LOOM_NODE_REASM; i++)
			if (!nd->reasm[i].active)
				break;
		if (i == LOOM_NODE_REASM) {
			/* All busy: the oldest sequence makes room. */
			for (i = 0, pick = 0; i < LOOM_NODE_REASM; i++)
				if (nd->reasm[i].started <
				    nd->reasm[pick].started)
					pick = i;
			nd->stats.drop[LOOM_NDROP_EVICTED]++;
			i = pick;
		}
		pick = i;
	} else if (nd->reasm[pick].active) {
		/* The source started over: frag.c counts the old one. */
		nd->stats.drop[LOOM_NDROP_REASM]++;
	}
	cap = (size_t)(h->seq + 1) * nd->frag_payload;
	buf = kmalloc(cap, GFP_ATOMIC);
	if (!buf) {
		nd->stats.drop[LOOM_NDROP_NOMEM]++;
		return NULL;
	}
	loom_node_reasm_free(nd, pick);
	nd->bufs[pick] = buf;
	loom_reasm_init(&nd->reasm[pick], buf, cap);
	return &nd->reasm[pick];
}

/* A fragment for this node: deliver the datagram once it is whole. */
static void loom_node_fragment(struct loom_node *nd,
			       const struct loom_net_hdr *h, const u8 *payload,
			       u16 plen, const struct loom_radio_rx_info *info)
{
	u64 now = loom_clock_now(nd->mac.clk);
	struct loom_reasm *r;
	size_t len = 0;
	u8 *whole = NULL;
	u64 dropped;
	int ret;

	spin_lock_bh(&nd->lock);
	nd->stats.rx_frags++;
	r = loom_node_reasm(nd, h);
	if (!r) {
		if (!h->first)
			nd->stats.drop[LOOM_NDROP_ORPHAN]++;
		spin_unlock_bh(&nd->lock);
		return;
	}
	dropped = r->dropped;
	ret = loom_reasm_push(r, h, payload, plen, now);
	if (ret == LOOM_REASM_DONE) {
		unsigned int i = r - nd->reasm;

		/* Take the buffer; the context is free again. */
		whole = nd->bufs[i];
		len = r->len;
		nd->bufs[i] = NULL;
		loom_reasm_reset(r);
		nd->stats.rx_datagrams++;
	} else {
		/* frag.c counts a dropped sequence once, not its fragments. */
		nd->stats.drop[LOOM_NDROP_REASM] += r->dropped - dropped;
	}
	spin_unlock_bh(&nd->lock);
	if (whole && nd->ops && nd->ops->recv)
		nd->ops->recv(nd, h->src, whole, len, info);
	kfree(whole);
}

static void loom_node_report_rx(struct loom_node *nd,
				const struct loom_net_hdr *h, const u8 *body)
{
	struct loom_node_report rep = {
		.reporter = h->src,
		.code = body[0],
		.failures = body[1],
		.subject = get_unaligned_le16(body + 2),
	};

	spin_lock_bh(&nd->lock);
	nd->stats.errors_rx++;
	spin_unlock_bh(&nd->lock);
	if (nd->ops && nd->ops->report)
		nd->ops->report(nd, &rep, false);
}

/* Pass a packet on towards its destination. */
static void loom_node_forward(struct loom_node *nd, u8 type,
			      const struct loom_net_hdr *h, const u8 *pkt,
			      u16 len)
{
	u16 hop = loom_route_next(nd->mac.conf.addr, h->dst);
	int err;

	if (hop == LOOM_ADDR_RESERVED) {
		loom_node_drop(nd, LOOM_NDROP_NO_ROUTE, 1);
		return;
	}
	err = loom_mac_enqueue(&nd->mac, type, hop, pkt, len);
	if (err) {
		loom_node_drop(nd, err == -ENOMEM ? LOOM_NDROP_NOMEM :
			       err == -ENOBUFS ? LOOM_NDROP_QUEUE :
			       LOOM_NDROP_NO_ROUTE, 1);
		return;
	}
	spin_lock_bh(&nd->lock);
	nd->stats.forwarded++;
	spin_unlock_bh(&nd->lock);
}

static void loom_node_deliver(struct loom_mac *mac, u8 type, u16 from,
			      const u8 *pkt, u16 len,
			      const struct loom_radio_rx_info *info)
{
	struct loom_node *nd = loom_node_of(mac);
	struct loom_net_hdr h;

	loom_net_hdr_get(pkt, &h);
	if (h.dst != mac->conf.addr) {
		loom_node_forward(nd, type, &h, pkt, len);
		return;
	}
	if (type == LOOM_PT_ERROR) {
		loom_node_report_rx(nd, &h, pkt + LOOM_NET_HDR_LEN);
		return;
	}
	loom_node_expire(nd);
	if (h.first && !h.seq) {
		/* One fragment: no reassembly. */
		spin_lock_bh(&nd->lock);
		nd->stats.rx_frags++;
		nd->stats.rx_datagrams++;
		spin_unlock_bh(&nd->lock);
		if (nd->ops && nd->ops->recv)
			nd->ops->recv(nd, h.src, pkt + LOOM_NET_HDR_LEN,
				      len - LOOM_NET_HDR_LEN, info);
		return;
	}
	loom_node_fragment(nd, &h, pkt + LOOM_NET_HDR_LEN,
			   len - LOOM_NET_HDR_LEN, info);
}

static u8 loom_node_new_id(struct loom_node *nd)
{
	u8 id;

	spin_lock_bh(&nd->lock);
	id = nd->next_id++ & LOOM_NET_ID_MASK;
	spin_unlock_bh(&nd->lock);
	return id;
}

/* Tell the coordinator that the link to @subject failed. */
static void loom_node_send_report(struct loom_node *nd, u16 subject, u8 fails)
{
	struct loom_mac *mac = &nd->mac;
	struct loom_net_hdr h = {
		.len = LOOM_NET_HDR_LEN + LOOM_ERROR_BODY_LEN,
		.dst = LOOM_ADDR_COORDINATOR,
		.src = mac->conf.addr,
		.frame_id = loom_node_new_id(nd),
		.first = true,
	};
	u8 pkt[LOOM_NET_HDR_LEN + LOOM_ERROR_BODY_LEN];

	loom_net_hdr_put(&h, pkt);
	pkt[LOOM_NET_HDR_LEN] = LOOM_ERRC_LINK_FAILED;
	pkt[LOOM_NET_HDR_LEN + 1] = fails;
	put_unaligned_le16(subject, pkt + LOOM_NET_HDR_LEN + 2);
	if (loom_mac_enqueue(mac, LOOM_PT_ERROR, mac->conf.parent, pkt,
			     sizeof(pkt)))
		return;
	spin_lock_bh(&nd->lock);
	nd->stats.errors_sent++;
	spin_unlock_bh(&nd->lock);
}

static void loom_node_give_up(struct loom_mac *mac,
			      const struct loom_mac_pkt *p, bool report)
{
	struct loom_node *nd = loom_node_of(mac);
	struct loom_node_report rep = {
		.reporter = mac->conf.addr,
		.subject = p->next_hop,
		.failures = p->fails,
		.code = LOOM_ERRC_LINK_FAILED,
	};
	struct loom_net_hdr h;
	u32 n = 1;

	loom_net_hdr_get(p->data, &h);
	if (p->type == LOOM_PT_DATA && !(h.first && !h.seq))
		n += loom_mac_purge(mac, h.src, h.frame_id);
	loom_node_drop(nd, LOOM_NDROP_GIVEN_UP, n);
	if (!report)
		return;
	if (nd->ops && nd->ops->report)
		nd->ops->report(nd, &rep, true);
	/* A lost report is not reported again: no storms. */
	if (p->type == LOOM_PT_DATA &&
	    mac->conf.addr != LOOM_ADDR_COORDINATOR)
		loom_node_send_report(nd, p->next_hop, p->fails);
}

static void loom_node_sync(struct loom_mac *mac, bool synced)
{
	struct loom_node *nd = loom_node_of(mac);

	if (nd->ops && nd->ops->sync)
		nd->ops->sync(nd, synced);
}

static void loom_node_config(struct loom_mac *mac, u32 theirs)
{
	struct loom_node *nd = loom_node_of(mac);

	if (nd->ops && nd->ops->config)
		nd->ops->config(nd, theirs);
}

static const struct loom_mac_upper loom_node_mac_upper = {
	.deliver = loom_node_deliver,
	.give_up = loom_node_give_up,
	.sync = loom_node_sync,
	.config = loom_node_config,
};

/**
 * loom_node_init() - set up a node's network layer and MAC (not started)
 * @nd: the node
 * @radio: its radio
 * @clk: the clock the radio runs on
 * @conf: its place and slots
 * @tm: the period's timing
 * @ops: the layer above
 * @priv: for the layer above
 *
 * Start it with loom_mac_start(&nd->mac).
 */
void loom_node_init(struct loom_node *nd, struct loom_radio *radio,
		    struct loom_clock *clk, const struct loom_mac_conf *conf,
		    const struct loom_mac_timing *tm,
		    const struct loom_node_ops *ops, void *priv)
{
	unsigned int i;

	memset(nd, 0, sizeof(*nd));
	loom_mac_init(&nd->mac, radio, clk, conf, tm, &loom_node_mac_upper,
		      nd);
	nd->ops = ops;
	nd->priv = priv;
	spin_lock_init(&nd->lock);
	nd->frag_payload = loom_frag_payload_max(tm->max_frame);
	/* A restarted node must not reuse the ids its parent just saw. */
	nd->next_id = get_random_u8();
	nd->reasm_timeout_ns = tm->period_ns;
	for (i = 0; i < LOOM_NODE_REASM; i++)
		loom_reasm_init(&nd->reasm[i], NULL, 0);
}

/**
 * loom_node_destroy() - stop the MAC and free what the node holds
 * @nd: the node
 *
 * Context: process context (see loom_mac_stop()).
 */
void loom_node_destroy(struct loom_node *nd)
{
	unsigned int i;

	loom_mac_stop(&nd->mac);
	spin_lock_bh(&nd->lock);
	for (i = 0; i < LOOM_NODE_REASM; i++)
		loom_node_reasm_free(nd, i);
	spin_unlock_bh(&nd->lock);
}

/**
 * loom_node_datagram_max() - the largest datagram a node sends
 * @nd: the node
 *
 * Return: bytes: as many fragments of the radio's payload as a sequence
 * holds and the MAC's queue takes at once.
 */
size_t loom_node_datagram_max(const struct loom_node *nd)
{
	return (size_t)min(LOOM_FRAG_MAX, LOOM_MAC_QUEUE_MAX) *
	       nd->frag_payload;
}

/**
 * loom_node_send() - send a datagram
 * @nd: the node
 * @dst: destination address
 * @data: the datagram
 * @len: its length (0 sends an empty datagram)
 *
 * Context: any; must not be called from the node's own callbacks.
 * Return: 0 once every fragment is queued; -EMSGSIZE if it is larger than
 * loom_node_datagram_max(); -EHOSTUNREACH for an address no device can
 * have, or this node's own; -ENOBUFS if the queue cannot take all of its
 * fragments (none stay queued); -ENOMEM.
 */
int loom_node_send(struct loom_node *nd, u16 dst, const u8 *data, size_t len)
{
	struct loom_mac *mac = &nd->mac;
	u16 hop = loom_route_next(mac->conf.addr, dst);
	int n = loom_frag_count(len, nd->frag_payload);
	u8 pkt[LOOM_NET_MAX_LEN];
	struct loom_net_hdr h = { .dst = dst, .src = mac->conf.addr };
	LIST_HEAD(frags);
	int i, err = 0;

	if (n < 0 || len > loom_node_datagram_max(nd))
		return -EMSGSIZE;
	if (hop == LOOM_ADDR_RESERVED || hop == mac->conf.addr) {
		loom_node_drop(nd, LOOM_NDROP_NO_ROUTE, 1);
		return -EHOSTUNREACH;
	}
	h.frame_id = loom_node_new_id(nd);
	for (i = 0; i < n && !err; i++) {
		size_t off;
		u16 flen;

		loom_frag_get(len, nd->frag_payload, i, &off, &flen, &h.seq);
		h.first = !i;
		h.len = LOOM_NET_HDR_LEN + flen;
		loom_net_hdr_put(&h, pkt);
		memcpy(pkt + LOOM_NET_HDR_LEN, data + off, flen);
		err = loom_mac_pkts_add(mac, &frags, LOOM_PT_DATA, hop, pkt,
					h.len);
	}
	/* All or nothing: a partial sequence is worthless. */
	if (!err)
		err = loom_mac_queue(mac, &frags, n);
	loom_mac_pkts_free(&frags);
	if (err) {
		loom_node_drop(nd, err == -ENOMEM ? LOOM_NDROP_NOMEM :
			       LOOM_NDROP_QUEUE, 1);
		return err;
	}
	spin_lock_bh(&nd->lock);
	nd->stats.tx_datagrams++;
	nd->stats.tx_frags += n;
	spin_unlock_bh(&nd->lock);
	return 0;
}
