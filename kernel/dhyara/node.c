// SPDX-License-Identifier: GPL-2.0
/*
 * One Dhyara node on a radio: the frames of Documentation/dhyara.rst sent
 * and answered, on one timer of the radio's clock.  Locking and context:
 * node.h.
 */
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/math64.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "node.h"

/* ADV entries pulled per frame at most (the batch lives on the stack). */
#define LOOM_DHY_NODE_ADV_CAP	32
/* ADV entries taken into the table per call (on the stack). */
#define LOOM_DHY_NODE_ADV_RX	16

static const char * const loom_dhy_node_drop_names[__LOOM_DHY_ND_MAX] = {
	[LOOM_DHY_ND_NOT_FOR_US] = "not_for_us",
	[LOOM_DHY_ND_FROM_SELF] = "from_self",
	[LOOM_DHY_ND_TABLE] = "table",
	[LOOM_DHY_ND_NO_ROUTE] = "no_route",
	[LOOM_DHY_ND_HOP_LIMIT] = "hop_limit",
	[LOOM_DHY_ND_REASM] = "reasm",
	[LOOM_DHY_ND_REPORT] = "report",
	[LOOM_DHY_ND_QUEUE_FULL] = "queue_full",
	[LOOM_DHY_ND_NOMEM] = "nomem",
	[LOOM_DHY_ND_XMIT] = "xmit",
	[LOOM_DHY_ND_HALTED] = "halted",
};

/**
 * loom_dhy_node_drop_name() - a node drop reason's name, for dumps
 * @reason: enum loom_dhy_node_drop
 *
 * Return: the name, or "unknown".
 */
const char *loom_dhy_node_drop_name(enum loom_dhy_node_drop reason)
{
	if ((unsigned int)reason >= __LOOM_DHY_ND_MAX)
		return "unknown";
	return loom_dhy_node_drop_names[reason];
}

/**
 * loom_dhy_node_conf_default() - the default parameters
 * @c: filled in (documented at struct loom_dhy_node_conf)
 */
void loom_dhy_node_conf_default(struct loom_dhy_node_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->beacon_ns = 1000 * NSEC_PER_MSEC;
	c->jitter_ns = c->beacon_ns / 8;
	c->queue_max = 64;
	c->reasm_slots = 8;
	c->reasm_bytes = 65536;
	c->reasm_timeout_ns = 30ULL * NSEC_PER_SEC;
	c->tx_max = 16;
	c->tx_timeout_ns = 40ULL * NSEC_PER_SEC;
	loom_dhy_config_default(&c->table, c->beacon_ns);
}

static void loom_dhy_node_count(struct loom_dhy_node *n,
				enum loom_dhy_node_drop why)
{
	spin_lock_bh(&n->lock);
	n->st.drop[why]++;
	spin_unlock_bh(&n->lock);
}

static u64 loom_dhy_node_rand(u64 span)
{
	return span ? get_random_u32_below((u32)min_t(u64, span, U32_MAX)) :
		      0;
}

/* Locked: arm the one timer at the earliest thing due. */
static void loom_dhy_node_replan(struct loom_dhy_node *n)
{
	unsigned int i;
	u64 at;

	if (!n->running)
		return;
	at = n->next_beacon;
	for (i = 0; i < n->nports; i++) {
		struct loom_dhy_port *p = &n->ports[i];

		if (p->up && p->qlen && !p->busy)
			at = min(at, p->tx_at);
	}
	at = min(at, loom_dhy_next_deadline(n->table));
	at = min(at, loom_dhy_reasm_next_deadline(&n->reasm));
	at = min(at, loom_dhy_tx_next_deadline(&n->tx));
	loom_timer_start(&n->timer, at);
}

/* Control frames: what the duty-cycle estimate and counters single out. */
static bool loom_dhy_node_control(u8 type)
{
	return type == LOOM_DHY_T_BCN || type == LOOM_DHY_T_ACK ||
	       type == LOOM_DHY_T_ADV;
}

/* The most credit a budget holds: a beacon interval's share, or a frame. */
static u64 loom_dhy_node_credit_cap(struct loom_dhy_node *n,
				    struct loom_dhy_port *p)
{
	u64 share = div64_u64(n->conf.beacon_ns * p->duty_ppm, 1000000);

	return max(share, loom_radio_airtime_ns(p->radio, n->max_frame));
}

/*
 * Locked: whether @air ns on the air fit @p's duty-cycle budget now; if
 * not, the head of its queue waits until they do.
 */
static bool loom_dhy_node_duty_ok(struct loom_dhy_node *n,
				  struct loom_dhy_port *p, u64 now, u64 air)
{
	u64 cap, need;

	if (!p->duty_ppm)
		return true;
	cap = loom_dhy_node_credit_cap(n, p);
	if (now > p->credit_at) {
		p->credit_ns += div64_u64((now - p->credit_at) * p->duty_ppm,
					  1000000);
		p->credit_ns = min(p->credit_ns, cap);
		p->credit_at = now;
	}
	if (p->credit_ns >= air) {
		p->credit_ns -= air;
		return true;
	}
	need = air - p->credit_ns;
	n->st.duty_waits++;
	p->tx_at = now + 1 + div64_u64(need * 1000000, p->duty_ppm);
	return false;
}

/**
 * loom_dhy_control_ppm() - the share of time a node's control frames keep
 *	its radio on the air
 * @bcn_air_ns: time on air of a beacon
 * @ack_air_ns: of an acknowledgment
 * @adv_air_ns: of an advertisement carrying @nbrs entries
 * @beacon_ns: the beacon interval
 * @nbrs: neighbours
 *
 * Per beacon interval a node sends its beacon and acknowledges each
 * neighbour's; every two intervals (the refresh) it advertises what it
 * knows to each neighbour, one frame each.  Changes add to that.
 *
 * Context: any.
 * Return: parts per million (0 if @beacon_ns is 0).
 */
u32 loom_dhy_control_ppm(u64 bcn_air_ns, u64 ack_air_ns, u64 adv_air_ns,
			 u64 beacon_ns, u32 nbrs)
{
	u64 per = bcn_air_ns + nbrs * ack_air_ns + div_u64(nbrs * adv_air_ns, 2);

	if (!beacon_ns)
		return 0;
	return min_t(u64, div64_u64(per * 1000000, beacon_ns), U32_MAX);
}

/**
 * loom_dhy_beacon_min_ns() - the shortest beacon interval a duty-cycle
 *	budget allows (loom_dhy_control_ppm())
 * @bcn_air_ns: time on air of a beacon
 * @ack_air_ns: of an acknowledgment
 * @adv_air_ns: of an advertisement carrying @nbrs entries
 * @nbrs: neighbours
 * @duty_ppm: the budget, parts per million (0: none)
 *
 * Context: any.
 * Return: nanoseconds (0 without a budget).
 */
u64 loom_dhy_beacon_min_ns(u64 bcn_air_ns, u64 ack_air_ns, u64 adv_air_ns,
			   u32 nbrs, u32 duty_ppm)
{
	u64 per = bcn_air_ns + nbrs * ack_air_ns + div_u64(nbrs * adv_air_ns, 2);

	if (!duty_ppm)
		return 0;
	return div64_u64(per * 1000000 + duty_ppm - 1, duty_ppm);
}

/*
 * Locked: listen before talk on a radio (an interface's link layer does
 * its own).  True if the head of @p's queue must wait: the channel is
 * busy (a backoff follows), or a detection that takes time has begun
 * (cad_done decides).  A radio without detection, or one that cannot
 * start it now, sends at once.
 */
static bool loom_dhy_node_lbt(struct loom_dhy_node *n,
			      struct loom_dhy_port *p, u64 now)
{
	struct loom_radio *r = p->radio;

	if (r->acct.state != LOOM_RADIO_RECEIVE)
		return false;
	if (r->ops->cad) {
		if (r->ops->cad(r) <= 0)
			return false;
		/* Someone is on the air: try again a while later. */
		n->st.backoffs++;
		p->tx_at = now + 1 + loom_dhy_node_rand(p->backoff_ns);
		return true;
	}
	if (!r->ops->cad_start)
		return false;
	if (p->cad_clear) {
		p->cad_clear = false;
		return false;
	}
	if (r->ops->cad_start(r))
		return false;
	n->st.cad_started++;
	p->cad_running = true;
	p->busy = true;
	return true;
}

static void loom_dhy_node_kick_port(struct loom_dhy_node *n,
				    struct loom_dhy_port *p, u64 now);

/* The radio's detection is over: send, or back off if it heard a frame. */
static void loom_dhy_node_cad_done(struct loom_radio *r, int result)
{
	struct loom_dhy_port *p = r->upper_priv;
	struct loom_dhy_node *n = p->node;
	u64 now = loom_clock_now(n->clk);

	spin_lock_bh(&n->lock);
	if (p->cad_running) {
		p->cad_running = false;
		p->busy = false;
		if (result > 0) {
			n->st.backoffs++;
			p->tx_at = now + 1 + loom_dhy_node_rand(p->backoff_ns);
		} else {
			/* Free, or the detection failed: as without one. */
			p->cad_clear = true;
		}
		loom_dhy_node_kick_port(n, p, now);
		loom_dhy_node_replan(n);
	}
	spin_unlock_bh(&n->lock);
}

/* Locked: start the head of @p's queue if it is due and the radio free. */
static void loom_dhy_node_kick_port(struct loom_dhy_node *n,
				    struct loom_dhy_port *p, u64 now)
{
	struct loom_radio *r = p->radio;
	struct loom_dhy_qframe *qf;
	u64 air;
	int err;

	while (n->running && p->up && !p->busy && p->qlen && now >= p->tx_at) {
		qf = list_first_entry(&p->queue, struct loom_dhy_qframe, node);
		air = loom_radio_airtime_ns(r, qf->len);
		if (!loom_dhy_node_duty_ok(n, p, now, air))
			return;
		if (!p->link && loom_dhy_node_lbt(n, p, now))
			return;
		list_del(&qf->node);
		p->qlen--;
		/* A link layer takes it at once; a radio holds the air. */
		err = p->link ? r->ops->xmit_to(r, qf->link_dst, qf->data,
						 qf->len) :
				r->ops->xmit(r, qf->data, qf->len);
		if (err) {
			n->st.drop[LOOM_DHY_ND_XMIT]++;
			kfree(qf);
			continue;
		}
		n->st.tx[qf->type]++;
		n->st.air_ns += air;
		n->st.tx_bytes += qf->len;
		if (loom_dhy_node_control(qf->type)) {
			n->st.control_air_ns += air;
			n->st.control_bytes += qf->len;
		}
		/* Copied or sent: tx_done only tells (a radio's, not a link's). */
		p->busy = !p->link;
		kfree(qf);
	}
}

/* Locked: every radio's queue, as far as it may go now. */
static void loom_dhy_node_kick(struct loom_dhy_node *n, u64 now)
{
	unsigned int i;

	for (i = 0; i < n->nports; i++)
		loom_dhy_node_kick_port(n, &n->ports[i], now);
}

/* Locked: frames were queued on @p; the head waits a random backoff. */
static void loom_dhy_node_queued(struct loom_dhy_node *n,
				 struct loom_dhy_port *p, u64 now)
{
	if (p->qlen > n->st.queue_max_seen)
		n->st.queue_max_seen = p->qlen;
	if (p->tx_at == U64_MAX)
		p->tx_at = now + loom_dhy_node_rand(p->backoff_ns);
	loom_dhy_node_kick_port(n, p, now);
	loom_dhy_node_replan(n);
}

/* Locked: the entry of @nbr_port for @addr, or NULL. */
static struct loom_dhy_nbr_port *loom_dhy_node_nbr(struct loom_dhy_node *n,
						   const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(n->nbr_port); i++)
		if (n->nbr_port[i].seen &&
		    ether_addr_equal(n->nbr_port[i].addr, addr))
			return &n->nbr_port[i];
	return NULL;
}

/*
 * Locked: @addr was heard on @p, from link-layer address @link (or NULL);
 * noted on a node of several radios, or where the radio has link
 * addresses.
 */
static void loom_dhy_node_heard_on(struct loom_dhy_node *n,
				   struct loom_dhy_port *p, const u8 *addr,
				   const u8 *link, u64 now)
{
	struct loom_dhy_nbr_port *e = loom_dhy_node_nbr(n, addr);
	unsigned int i;

	/* A new neighbour takes a free entry, or the stalest. */
	for (i = 0; !e && i < ARRAY_SIZE(n->nbr_port); i++)
		if (!n->nbr_port[i].seen)
			e = &n->nbr_port[i];
	for (i = 0; !e && i < ARRAY_SIZE(n->nbr_port); i++)
		if (!e || n->nbr_port[i].seen < e->seen)
			e = &n->nbr_port[i];
	ether_addr_copy(e->addr, addr);
	e->port = p - n->ports;
	e->has_link = link;
	if (link)
		ether_addr_copy(e->link_addr, link);
	e->seen = now ?: 1;
}

/*
 * Locked: the radios a frame for receiver @to goes out on, a bit each: a
 * broadcast on every radio, a unicast on the one its receiver was last
 * heard on, or on every one if it was heard on none; *@ep is its
 * receiver's entry (NULL: a broadcast, or not heard).
 */
static unsigned long loom_dhy_node_ports_for(struct loom_dhy_node *n,
					     const u8 *to,
					     struct loom_dhy_nbr_port **ep)
{
	struct loom_dhy_nbr_port *e = NULL;
	unsigned long all = 0;
	unsigned int i;

	for (i = 0; i < n->nports; i++)
		if (n->ports[i].up)
			all |= BIT(i);
	if (!is_broadcast_ether_addr(to))
		e = loom_dhy_node_nbr(n, to);
	*ep = e;
	if (n->nports > 1 && e && (all & BIT(e->port)))
		return BIT(e->port);
	return all;
}

/*
 * Locked: the link-layer receiver on port @i of a frame whose receiver's
 * entry is @e (NULL: broadcast, or not heard): its link address there if
 * known, else the broadcast address.
 */
static void loom_dhy_node_link_dst(struct loom_dhy_node *n, unsigned int i,
				   const struct loom_dhy_nbr_port *e,
				   u8 *link_dst)
{
	if (n->ports[i].link && e && e->port == i && e->has_link)
		ether_addr_copy(link_dst, e->link_addr);
	else
		eth_broadcast_addr(link_dst);
}

/* Encode @f into a queue entry (GFP_ATOMIC). */
static struct loom_dhy_qframe *loom_dhy_node_encode(struct loom_dhy_node *n,
						    const struct loom_dhy_frame *f,
						    int *err)
{
	struct loom_dhy_qframe *qf;
	int len = loom_dhy_frame_len(f);

	if (len < 0) {
		*err = len;
		return NULL;
	}
	if (len > n->max_frame) {
		*err = -EMSGSIZE;
		return NULL;
	}
	qf = kmalloc(struct_size(qf, data, len), GFP_ATOMIC);
	if (!qf) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NOMEM);
		*err = -ENOMEM;
		return NULL;
	}
	len = loom_dhy_frame_encode(f, qf->data, len);
	if (len < 0) {
		kfree(qf);
		*err = len;
		return NULL;
	}
	qf->len = len;
	qf->type = f->type;
	*err = 0;
	return qf;
}

/*
 * Queue one encoded frame for receiver @to (on each radio it goes out on,
 * a copy each); it is freed if every radio refused it.
 */
static int loom_dhy_node_push(struct loom_dhy_node *n,
			      struct loom_dhy_qframe *qf, const u8 *to)
{
	u64 now = loom_clock_now(n->clk);
	struct loom_dhy_nbr_port *e = NULL;
	struct loom_dhy_qframe *copy;
	struct loom_dhy_port *p;
	unsigned long mask;
	int err = -ENOBUFS;
	unsigned int i;

	spin_lock_bh(&n->lock);
	mask = n->running ? loom_dhy_node_ports_for(n, to, &e) : 0;
	if (!mask) {
		n->st.drop[LOOM_DHY_ND_HALTED]++;
		err = -ENETDOWN;
	}
	for_each_set_bit(i, &mask, LOOM_DHY_PORTS_MAX) {
		p = &n->ports[i];
		if (p->qlen >= n->conf.queue_max) {
			n->st.drop[LOOM_DHY_ND_QUEUE_FULL]++;
			continue;
		}
		/* The last radio takes the frame itself, the others a copy. */
		copy = find_next_bit(&mask, LOOM_DHY_PORTS_MAX, i + 1) <
		       LOOM_DHY_PORTS_MAX ?
		       kmemdup(qf, struct_size(qf, data, qf->len), GFP_ATOMIC) :
		       qf;
		if (!copy) {
			n->st.drop[LOOM_DHY_ND_NOMEM]++;
			continue;
		}
		loom_dhy_node_link_dst(n, i, e, copy->link_dst);
		list_add_tail(&copy->node, &p->queue);
		p->qlen++;
		if (copy == qf)
			qf = NULL;
		err = 0;
		loom_dhy_node_queued(n, p, now);
	}
	spin_unlock_bh(&n->lock);
	kfree(qf);
	return err;
}

/* The receiver a frame is for on the air: its next hop, if routed. */
static const u8 *loom_dhy_node_to(const struct loom_dhy_frame *f)
{
	return loom_dhy_routed(f->type) ? f->next_hop : f->dst;
}

static int loom_dhy_node_emit(struct loom_dhy_node *n,
			      const struct loom_dhy_frame *f)
{
	struct loom_dhy_qframe *qf;
	int err;

	qf = loom_dhy_node_encode(n, f, &err);
	if (!qf)
		return err;
	return loom_dhy_node_push(n, qf, loom_dhy_node_to(f));
}

/* A routed frame we originate: its next hop from the table. */
static int loom_dhy_node_route(struct loom_dhy_node *n,
			       struct loom_dhy_frame *f)
{
	struct loom_dhy_hop hop;

	if (loom_dhy_lookup(n->table, f->dst, &hop)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NO_ROUTE);
		return -EHOSTUNREACH;
	}
	ether_addr_copy(f->next_hop, hop.via);
	if (!f->hop_limit)
		f->hop_limit = LOOM_DHY_HOP_LIMIT;
	return loom_dhy_node_emit(n, f);
}

/* Hand out every advertisement the table has for now. */
static void loom_dhy_node_pull(struct loom_dhy_node *n, u64 now)
{
	struct loom_dhy_adv_entry e[LOOM_DHY_NODE_ADV_CAP];
	struct loom_dhy_batch b = {
		.cap = min_t(u16, loom_dhy_adv_max(n->max_frame),
			     LOOM_DHY_NODE_ADV_CAP),
		.e = e,
	};
	struct loom_dhy_frame f;

	while (loom_dhy_pull(n->table, now, &b) > 0) {
		memset(&f, 0, sizeof(f));
		f.type = LOOM_DHY_T_ADV;
		ether_addr_copy(f.dst, b.to);
		ether_addr_copy(f.src, n->self);
		f.adv = e;
		f.adv_count = b.count;
		loom_dhy_node_emit(n, &f);
	}
}

/*
 * Answer a routed frame that cannot go on with an ICMPX to its origin
 * (none about an ICMPX, loom_dhy_icmpx_build()).
 */
static void loom_dhy_node_icmpx(struct loom_dhy_node *n,
				const struct loom_dhy_frame *f, u8 code)
{
	struct loom_dhy_frame x;

	/*
	 * Nor about a CNU: its origin wants no report, and one per chunk
	 * would cross the path back for nothing (the drop is counted).
	 */
	if (f->type == LOOM_DHY_T_CNU ||
	    loom_dhy_icmpx_build(&x, f, n->self, code))
		return;
	loom_dhy_node_route(n, &x);
}

static void loom_dhy_node_forward(struct loom_dhy_node *n, const u8 *buf,
				  u16 len, const struct loom_dhy_frame *f)
{
	struct loom_dhy_qframe *qf;
	struct loom_dhy_hop hop;

	if (f->hop_limit <= 1) {
		loom_dhy_node_count(n, LOOM_DHY_ND_HOP_LIMIT);
		loom_dhy_node_icmpx(n, f, LOOM_DHY_X_HOP_LIMIT);
		return;
	}
	if (loom_dhy_lookup(n->table, f->dst, &hop)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NO_ROUTE);
		loom_dhy_node_icmpx(n, f, LOOM_DHY_X_NO_ROUTE);
		return;
	}
	qf = kmalloc(struct_size(qf, data, len), GFP_ATOMIC);
	if (!qf) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NOMEM);
		return;
	}
	memcpy(qf->data, buf, len);
	qf->len = len;
	qf->type = f->type;
	if (loom_dhy_forward(qf->data, len, hop.via)) {
		kfree(qf);
		loom_dhy_node_count(n, LOOM_DHY_ND_HOP_LIMIT);
		return;
	}
	if (!loom_dhy_node_push(n, qf, hop.via)) {
		spin_lock_bh(&n->lock);
		n->st.forwarded++;
		spin_unlock_bh(&n->lock);
	}
}

static void loom_dhy_node_outcome(struct loom_dhy_node *n,
				  const struct loom_dhy_frame *f)
{
	struct loom_dhy_tx_done done;

	if (loom_dhy_tx_report(&n->tx, f, &done)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_REPORT);
		return;
	}
	if (n->ops->outcome)
		n->ops->outcome(n, &done);
}

static void loom_dhy_node_chunk(struct loom_dhy_node *n,
				const struct loom_dhy_frame *f, u64 now,
				const struct loom_radio_rx_info *info)
{
	struct loom_dhy_reasm_result res;
	int ret;

	memset(&res, 0, sizeof(res));
	ret = loom_dhy_reasm_push(&n->reasm, f, now, &res);
	if (ret < 0)
		loom_dhy_node_count(n, LOOM_DHY_ND_REASM);
	if (res.send_dlv)
		loom_dhy_node_route(n, &res.dlv);
	if (ret != LOOM_DHY_REASM_DONE)
		return;
	spin_lock_bh(&n->lock);
	n->st.delivered++;
	spin_unlock_bh(&n->lock);
	if (n->ops->recv)
		n->ops->recv(n, res.origin, res.data, res.len, info);
	kfree(res.data);
}

static void loom_dhy_node_icmp_local(struct loom_dhy_node *n,
				     const struct loom_dhy_frame *f, u64 now)
{
	struct loom_dhy_ping_result pr;
	struct loom_dhy_frame r;

	switch (f->type) {
	case LOOM_DHY_T_ICMPQ:
		memset(&r, 0, sizeof(r));
		r.type = LOOM_DHY_T_ICMPR;
		ether_addr_copy(r.dst, f->src);
		ether_addr_copy(r.src, n->self);
		r.icmp = f->icmp;
		r.payload = f->payload;
		r.payload_len = f->payload_len;
		loom_dhy_node_route(n, &r);
		return;
	case LOOM_DHY_T_ICMPR:
		memset(&pr, 0, sizeof(pr));
		pr.id = f->icmp.id;
		pr.seq = f->icmp.seq;
		pr.rtt_ns = loom_dhy_rtt_ns(now, f->icmp.time_us);
		break;
	default:	/* ICMPX about an echo request: its quote */
		if (f->payload_len < 4) {
			loom_dhy_node_count(n, LOOM_DHY_ND_REPORT);
			return;
		}
		memset(&pr, 0, sizeof(pr));
		pr.code = f->icmpx.code;
		pr.id = get_unaligned_le16(f->payload);
		pr.seq = get_unaligned_le16(f->payload + 2);
		if (f->payload_len >= LOOM_DHY_ICMP_HDR_LEN) {
			u32 sent = get_unaligned_le32(f->payload + 4);

			pr.rtt_ns = loom_dhy_rtt_ns(now, sent);
		}
		break;
	}
	ether_addr_copy(pr.from, f->src);
	pr.hop_limit = f->hop_limit;
	if (n->ops->ping)
		n->ops->ping(n, &pr);
}

/* A routed frame whose destination is us. */
static void loom_dhy_node_local(struct loom_dhy_node *n,
				const struct loom_dhy_frame *f, u64 now,
				const struct loom_radio_rx_info *info)
{
	switch (f->type) {
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		loom_dhy_node_chunk(n, f, now, info);
		break;
	case LOOM_DHY_T_DLV:
		loom_dhy_node_outcome(n, f);
		break;
	case LOOM_DHY_T_ICMPX:
		if (f->icmpx.orig_type == LOOM_DHY_T_CNK)
			loom_dhy_node_outcome(n, f);
		else if (f->icmpx.orig_type == LOOM_DHY_T_ICMPQ)
			loom_dhy_node_icmp_local(n, f, now);
		else
			loom_dhy_node_count(n, LOOM_DHY_ND_REPORT);
		break;
	default:
		loom_dhy_node_icmp_local(n, f, now);
		break;
	}
}

static void loom_dhy_node_adv(struct loom_dhy_node *n,
			      const struct loom_dhy_frame *f, u64 now)
{
	struct loom_dhy_adv_entry e[LOOM_DHY_NODE_ADV_RX];
	unsigned int i = 0, k;

	while (i < f->adv_count) {
		for (k = 0; k < LOOM_DHY_NODE_ADV_RX && i < f->adv_count; k++)
			loom_dhy_adv_get(f, i++, &e[k]);
		if (loom_dhy_adv_rx(n->table, f->src, e, k, now) < 0) {
			loom_dhy_node_count(n, LOOM_DHY_ND_TABLE);
			return;
		}
	}
}

static void loom_dhy_node_rx(struct loom_radio *r, const u8 *buf, u16 len,
			     const struct loom_radio_rx_info *info)
{
	struct loom_dhy_port *p = r->upper_priv;
	struct loom_dhy_node *n = p->node;
	u64 now = loom_clock_now(n->clk);
	struct loom_dhy_frame f, a;
	bool bad;
	int err;

	err = loom_dhy_frame_decode(buf, len, &f, NULL);
	spin_lock_bh(&n->lock);
	if (!n->running || !p->up)
		n->st.drop[LOOM_DHY_ND_HALTED]++;
	else if (err)
		n->st.rx.drop[f.drop]++;
	else
		n->st.rx.ok[f.type]++;
	bad = err || !n->running || !p->up;
	/* The sender of a frame that is not routed is its transmitter. */
	if (!bad && (n->nports > 1 || info->link_src) &&
	    !loom_dhy_routed(f.type) && !ether_addr_equal(f.src, n->self))
		loom_dhy_node_heard_on(n, p, f.src, info->link_src, now);
	spin_unlock_bh(&n->lock);
	if (bad)
		return;
	if (ether_addr_equal(f.src, n->self)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_FROM_SELF);
		return;
	}
	if (loom_dhy_routed(f.type)) {
		if (!ether_addr_equal(f.next_hop, n->self))
			loom_dhy_node_count(n, LOOM_DHY_ND_NOT_FOR_US);
		else if (ether_addr_equal(f.dst, n->self))
			loom_dhy_node_local(n, &f, now, info);
		else
			loom_dhy_node_forward(n, buf, len, &f);
		goto out;
	}
	if (!is_broadcast_ether_addr(f.dst) &&
	    !ether_addr_equal(f.dst, n->self)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NOT_FOR_US);
		return;
	}
	switch (f.type) {
	case LOOM_DHY_T_BCN:
		if (loom_dhy_heard(n->table, f.src, now) < 0) {
			loom_dhy_node_count(n, LOOM_DHY_ND_TABLE);
			break;
		}
		memset(&a, 0, sizeof(a));
		a.type = LOOM_DHY_T_ACK;
		ether_addr_copy(a.dst, f.src);
		ether_addr_copy(a.src, n->self);
		a.time_us = f.time_us;
		loom_dhy_node_emit(n, &a);
		break;
	case LOOM_DHY_T_ACK:
		if (loom_dhy_link_sample(n->table, f.src,
					 loom_dhy_rtt_ns(now, f.time_us),
					 now) < 0)
			loom_dhy_node_count(n, LOOM_DHY_ND_TABLE);
		break;
	case LOOM_DHY_T_ADV:
		loom_dhy_node_adv(n, &f, now);
		break;
	}
out:
	loom_dhy_node_pull(n, now);
	spin_lock_bh(&n->lock);
	loom_dhy_node_replan(n);
	spin_unlock_bh(&n->lock);
}

static void loom_dhy_node_tx_done(struct loom_radio *r, int status)
{
	struct loom_dhy_port *p = r->upper_priv;
	struct loom_dhy_node *n = p->node;
	u64 now = loom_clock_now(n->clk);

	spin_lock_bh(&n->lock);
	p->busy = false;
	if (status)
		n->st.drop[LOOM_DHY_ND_XMIT]++;
	/* The next frame waits a backoff too, so others get a turn. */
	p->tx_at = p->qlen ? now + loom_dhy_node_rand(p->backoff_ns) :
			     U64_MAX;
	loom_dhy_node_kick_port(n, p, now);
	loom_dhy_node_replan(n);
	spin_unlock_bh(&n->lock);
}

/*
 * The link layer's word on a unicast frame: acknowledged, or given up on.
 * LOOM_DHY_LINK_FAILS in a row make the receiver lost at once: its
 * routes are depreciated now, so an alternative takes over without
 * waiting out the silence threshold; a frame heard from it forgives it.
 */
static void loom_dhy_node_link_status(struct loom_radio *r, const u8 *buf,
				      u16 len, bool acked)
{
	struct loom_dhy_port *p = r->upper_priv;
	struct loom_dhy_node *n = p->node;
	u64 now = loom_clock_now(n->clk);
	struct loom_dhy_nbr_port *e;
	struct loom_dhy_frame f;
	bool lost = false;
	u8 to[ETH_ALEN];

	if (loom_dhy_frame_decode(buf, len, &f, NULL))
		return;
	ether_addr_copy(to, loom_dhy_node_to(&f));
	spin_lock_bh(&n->lock);
	if (acked)
		n->st.link_acked++;
	else
		n->st.link_failed++;
	e = n->running ? loom_dhy_node_nbr(n, to) : NULL;
	if (e && acked) {
		e->fails = 0;
	} else if (e && ++e->fails >= LOOM_DHY_LINK_FAILS) {
		e->fails = 0;
		lost = true;
		n->st.link_lost++;
	}
	spin_unlock_bh(&n->lock);
	if (!lost || loom_dhy_nbr_lost(n->table, to, now))
		return;
	loom_dhy_tick(n->table, now);
	loom_dhy_node_pull(n, now);
	spin_lock_bh(&n->lock);
	loom_dhy_node_replan(n);
	spin_unlock_bh(&n->lock);
}

static void loom_dhy_node_notify(void *arg, enum loom_dhy_event ev,
				 const u8 *subject, const u8 *via)
{
	struct loom_dhy_node *n = arg;

	if (n->ops->event)
		n->ops->event(n, ev, subject, via);
}

static const struct loom_radio_upper loom_dhy_node_upper = {
	.rx = loom_dhy_node_rx,
	.tx_done = loom_dhy_node_tx_done,
	.link_status = loom_dhy_node_link_status,
	.cad_done = loom_dhy_node_cad_done,
};

static void loom_dhy_node_fire(struct loom_timer *t)
{
	struct loom_dhy_node *n = container_of(t, struct loom_dhy_node, timer);
	u64 now = loom_clock_now(n->clk);
	struct loom_dhy_tx_done done;
	struct loom_dhy_frame b;
	bool beacon = false;

	spin_lock_bh(&n->lock);
	if (!n->running) {
		spin_unlock_bh(&n->lock);
		return;
	}
	if (now >= n->next_beacon) {
		beacon = true;
		n->next_beacon = now + n->conf.beacon_ns - n->conf.jitter_ns / 2 +
				 loom_dhy_node_rand(n->conf.jitter_ns);
	}
	spin_unlock_bh(&n->lock);
	if (beacon) {
		memset(&b, 0, sizeof(b));
		b.type = LOOM_DHY_T_BCN;
		eth_broadcast_addr(b.dst);
		ether_addr_copy(b.src, n->self);
		b.time_us = loom_dhy_time_us(now);
		loom_dhy_node_emit(n, &b);
	}
	loom_dhy_tick(n->table, now);
	loom_dhy_reasm_expire(&n->reasm, now);
	while (loom_dhy_tx_expire(&n->tx, now, &done))
		if (n->ops->outcome)
			n->ops->outcome(n, &done);
	loom_dhy_node_pull(n, now);
	spin_lock_bh(&n->lock);
	loom_dhy_node_kick(n, now);
	loom_dhy_node_replan(n);
	spin_unlock_bh(&n->lock);
}

/**
 * loom_dhy_node_init() - prepare a node on a radio
 * @n: the node
 * @r: its radio (claimed by the caller); its hwaddr is the node's address
 * @clk: the radio's clock
 * @conf: parameters, or NULL for the defaults
 * @ops: the upper layer's callbacks
 * @priv: for the upper layer
 * @field: set to the name of a refused parameter, or NULL
 *
 * Context: process context (allocates with GFP_KERNEL).
 * Return: 0, -EINVAL for a radio without a unicast address or a bad
 * parameter (@field names it), or -ENOMEM.
 */
int loom_dhy_node_init(struct loom_dhy_node *n, struct loom_radio *r,
		       struct loom_clock *clk,
		       const struct loom_dhy_node_conf *conf,
		       const struct loom_dhy_node_ops *ops, void *priv,
		       const char **field)
{
	int err;

	memset(n, 0, sizeof(*n));
	*field = NULL;
	if (conf)
		n->conf = *conf;
	else
		loom_dhy_node_conf_default(&n->conf);
	if (!is_valid_ether_addr(r->hwaddr)) {
		*field = "hwaddr";
		return -EINVAL;
	}
	if (!n->conf.beacon_ns || n->conf.jitter_ns > n->conf.beacon_ns) {
		*field = n->conf.beacon_ns ? "jitter_ns" : "beacon_ns";
		return -EINVAL;
	}
	if (!n->conf.queue_max) {
		*field = "queue_max";
		return -EINVAL;
	}
	if (n->conf.duty_ppm > 1000000) {
		*field = "duty_ppm";
		return -EINVAL;
	}
	n->max_frame = LOOM_DHY_FRAME_MAX;
	spin_lock_init(&n->lock);
	n->clk = clk;
	n->ops = ops;
	n->priv = priv;
	ether_addr_copy(n->self, r->hwaddr);
	n->next_beacon = U64_MAX;
	err = loom_dhy_node_add_radio(n, r, n->conf.duty_ppm, field);
	if (err)
		return err;
	loom_timer_init(clk, &n->timer, loom_dhy_node_fire);
	n->table = loom_dhy_table_alloc(n->self, &n->conf.table, field);
	if (IS_ERR(n->table)) {
		err = PTR_ERR(n->table);
		n->table = NULL;
		return err;
	}
	loom_dhy_set_notify(n->table, loom_dhy_node_notify, n);
	err = loom_dhy_reasm_init(&n->reasm, n->self, n->conf.reasm_slots,
				  n->conf.reasm_bytes,
				  n->conf.reasm_timeout_ns);
	if (err) {
		*field = "reasm_slots";
		goto free_table;
	}
	err = loom_dhy_tx_init(&n->tx, n->conf.tx_max, n->conf.tx_timeout_ns,
			       get_random_u16());
	if (err) {
		*field = "tx_max";
		goto free_reasm;
	}
	return 0;

free_reasm:
	loom_dhy_reasm_destroy(&n->reasm);
free_table:
	loom_dhy_table_free(n->table);
	n->table = NULL;
	return err;
}

/**
 * loom_dhy_node_add_radio() - give a node one more radio
 * @n: a node initialised but not started
 * @r: the radio (claimed by the caller); its address need not be the
 *	node's, but its clock must be the first radio's, or both must run in
 *	real time
 * @duty_ppm: its duty-cycle budget, parts per million (0: none)
 * @field: set to the name of what was refused, or NULL
 *
 * loom_dhy_node_init() adds the first radio itself.  The node's largest
 * frame becomes the smallest of its radios'.
 *
 * Context: process context.
 * Return: 0; -ENOSPC with LOOM_DHY_PORTS_MAX radios already, -EEXIST if
 * @r is one of them, -EINVAL for another clock, a frame too small for a
 * chunk or a budget above a million.
 */
int loom_dhy_node_add_radio(struct loom_dhy_node *n, struct loom_radio *r,
			    u32 duty_ppm, const char **field)
{
	u16 max_frame = min_t(u16, r->max_frame, n->max_frame);
	struct loom_dhy_port *p;
	struct loom_clock *first;
	unsigned int i;

	*field = "radio";
	if (n->running)
		return -EBUSY;
	if (n->nports >= LOOM_DHY_PORTS_MAX)
		return -ENOSPC;
	for (i = 0; i < n->nports; i++)
		if (n->ports[i].radio == r)
			return -EEXIST;
	/*
	 * One timer and one time for all: the first radio's clock, or real
	 * time on both.
	 */
	first = n->nports ? n->ports[0].radio->clk : r->clk;
	if (r->clk != first &&
	    (!r->clk || !first || r->clk->mode != LOOM_CLOCK_REAL ||
	     first->mode != LOOM_CLOCK_REAL))
		return -EINVAL;
	if (!loom_dhy_cnk_data_max(max_frame)) {
		*field = "max_frame";
		return -EINVAL;
	}
	if (duty_ppm > 1000000) {
		*field = "duty_ppm";
		return -EINVAL;
	}
	p = &n->ports[n->nports];
	memset(p, 0, sizeof(*p));
	p->node = n;
	p->radio = r;
	INIT_LIST_HEAD(&p->queue);
	p->tx_at = U64_MAX;
	p->duty_ppm = duty_ppm;
	/* An interface's link layer senses the carrier and backs off itself. */
	p->link = !!r->ops->xmit_to;
	if (!p->link)
		p->backoff_ns = n->conf.backoff_ns ?:
				4 * loom_radio_airtime_ns(r, 32);
	n->max_frame = max_frame;
	n->nports++;
	*field = NULL;
	return 0;
}

/* Bring a port's radio from wherever it is to Receive. */
static int loom_dhy_node_listen(struct loom_radio *r)
{
	int err = 0;

	if (r->acct.state == LOOM_RADIO_DISABLED)
		err = r->ops->set_state(r, LOOM_RADIO_SLEEP);
	if (!err && r->acct.state == LOOM_RADIO_SLEEP)
		err = r->ops->set_state(r, LOOM_RADIO_RECEIVE);
	return err;
}

/* Locked: @p stops carrying frames; its queue goes, its radio sleeps. */
static void loom_dhy_node_port_down(struct loom_dhy_port *p)
{
	struct loom_dhy_qframe *qf, *tmp;
	struct loom_radio *r = p->radio;

	p->up = false;
	list_for_each_entry_safe(qf, tmp, &p->queue, node)
		kfree(qf);
	INIT_LIST_HEAD(&p->queue);
	p->qlen = 0;
	p->tx_at = U64_MAX;
	/* Sleep cancels a detection: its cad_done will find nothing owed. */
	if (p->cad_running)
		p->busy = false;
	p->cad_running = false;
	p->cad_clear = false;
	if (r->acct.state == LOOM_RADIO_RECEIVE)
		r->ops->set_state(r, LOOM_RADIO_SLEEP);
}

/**
 * loom_dhy_node_start() - take the radios and begin beaconing
 * @n: an initialised node
 *
 * Becomes each radio's upper layer and brings it to Receive, where it
 * stays except while a frame is on the air.  The first beacons go at a
 * random time within the first interval, so that nodes started together
 * do not beacon together.
 *
 * Context: process context; may wait for an RCU grace period
 * (loom_radio_set_upper()).
 * Return: 0, or a radio's error bringing it to Receive (then the caller
 * halts the node).
 */
int loom_dhy_node_start(struct loom_dhy_node *n)
{
	struct loom_dhy_port *p;
	unsigned int i;
	u64 now;
	int err = 0;

	for (i = 0; i < n->nports; i++)
		loom_radio_set_upper(n->ports[i].radio, &loom_dhy_node_upper,
				     &n->ports[i]);
	spin_lock_bh(&n->lock);
	for (i = 0; !err && i < n->nports; i++)
		err = loom_dhy_node_listen(n->ports[i].radio);
	if (!err) {
		now = loom_clock_now(n->clk);
		n->started_at = now;
		for (i = 0; i < n->nports; i++) {
			p = &n->ports[i];
			p->up = true;
			p->credit_at = now;
			p->credit_ns = p->duty_ppm ?
				       loom_dhy_node_credit_cap(n, p) : 0;
		}
		n->running = true;
		n->next_beacon = now + loom_dhy_node_rand(n->conf.beacon_ns);
		loom_dhy_node_replan(n);
	}
	spin_unlock_bh(&n->lock);
	return err;
}

/**
 * loom_dhy_node_detach() - take one radio away from a running node
 * @n: the node
 * @r: one of its radios (its driver unregisters it, say)
 *
 * The radio's queue is dropped and it goes to Sleep; the node stops being
 * its upper layer, and runs on with the others.  Neighbours heard only on
 * it fall silent and their routes are depreciated away as usual.
 *
 * Context: process context; waits for an RCU grace period.
 */
void loom_dhy_node_detach(struct loom_dhy_node *n, struct loom_radio *r)
{
	struct loom_dhy_port *p = NULL;
	unsigned int i;

	for (i = 0; i < n->nports; i++)
		if (n->ports[i].radio == r)
			p = &n->ports[i];
	if (!p)
		return;
	spin_lock_bh(&n->lock);
	loom_dhy_node_port_down(p);
	/* Its neighbours are reached on the other radios, or not at all. */
	for (i = 0; i < ARRAY_SIZE(n->nbr_port); i++)
		if (n->nbr_port[i].port == p - n->ports)
			n->nbr_port[i].seen = 0;
	spin_unlock_bh(&n->lock);
	if (r->upper == &loom_dhy_node_upper && r->upper_priv == p)
		loom_radio_set_upper(r, NULL, NULL);
}

/**
 * loom_dhy_node_nbr_radio() - the radio a neighbour was last heard on
 * @n: the node
 * @addr: the neighbour
 *
 * Context: any; must not sleep.
 * Return: the radio (the only one of a node on one radio), or NULL if the
 * neighbour was not heard on any that still runs.
 */
struct loom_radio *loom_dhy_node_nbr_radio(struct loom_dhy_node *n,
					   const u8 *addr)
{
	struct loom_dhy_nbr_port *e;
	struct loom_radio *r = NULL;

	spin_lock_bh(&n->lock);
	if (n->nports == 1) {
		r = n->ports[0].radio;
	} else {
		e = loom_dhy_node_nbr(n, addr);
		if (e && n->ports[e->port].up)
			r = n->ports[e->port].radio;
	}
	spin_unlock_bh(&n->lock);
	return r;
}

/**
 * loom_dhy_node_halt() - stop acting at once (a node switched off)
 * @n: a started node
 *
 * From here the node sends nothing and ignores what it hears; its queues
 * are dropped and its radios go to Sleep (after the frame on the air, if
 * any).  Its table is kept for dumps until loom_dhy_node_destroy().
 *
 * Context: process context; waits for a running timer callback.
 */
void loom_dhy_node_halt(struct loom_dhy_node *n)
{
	unsigned int i;

	spin_lock_bh(&n->lock);
	n->running = false;
	for (i = 0; i < n->nports; i++)
		loom_dhy_node_port_down(&n->ports[i]);
	spin_unlock_bh(&n->lock);
	loom_timer_cancel(&n->timer);
}

/**
 * loom_dhy_node_destroy() - halt the node and free it
 * @n: an initialised (perhaps started) node
 *
 * Stops being its radios' upper layer; once it returns no radio callback
 * and no timer runs for @n.
 *
 * Context: process context; waits for an RCU grace period.
 */
void loom_dhy_node_destroy(struct loom_dhy_node *n)
{
	struct loom_radio *r;
	unsigned int i;

	if (!n->table)
		return;
	loom_dhy_node_halt(n);
	for (i = 0; i < n->nports; i++) {
		r = n->ports[i].radio;
		if (r->upper == &loom_dhy_node_upper &&
		    r->upper_priv == &n->ports[i])
			loom_radio_set_upper(r, NULL, NULL);
	}
	loom_timer_cancel(&n->timer);
	loom_dhy_tx_destroy(&n->tx);
	loom_dhy_reasm_destroy(&n->reasm);
	loom_dhy_table_free(n->table);
	n->table = NULL;
}

/**
 * loom_dhy_node_dgram_max() - the largest datagram loom_dhy_node_send()
 *	takes
 * @n: the node
 *
 * Return: bytes: what 255 chunks carry, at most 65535, and at most what
 * the transmit queue holds at once (a datagram is queued whole).
 */
u32 loom_dhy_node_dgram_max(struct loom_dhy_node *n)
{
	u32 q = n->conf.queue_max * loom_dhy_cnk_data_max(n->max_frame);

	return min(loom_dhy_dgram_max(n->max_frame), q);
}

/**
 * loom_dhy_node_send() - send a datagram
 * @n: a started node
 * @dst: its destination
 * @data: the datagram
 * @len: its length
 * @cookie: returned with its outcome (&loom_dhy_node_ops.outcome); 0:
 *	no outcome wanted: the datagram takes no room among those awaiting
 *	a report, and goes in CNU frames, for which its destination sends
 *	no DLV
 * @msg_id: set to its id, or NULL
 *
 * The datagram goes in chunks through the best route's next hop, queued
 * whole or not at all; with a cookie, in CNK frames, and its outcome
 * (delivered, no room, timed out, unreachable) comes later through
 * &loom_dhy_node_ops.outcome.
 *
 * Context: process or softirq context; allocates with GFP_ATOMIC; no
 * node lock may be held.
 * Return: 0; -EINVAL for a bad destination, -EMSGSIZE above
 * loom_dhy_node_dgram_max(), -EHOSTUNREACH without a route, -ENOBUFS when
 * the queue has no room for it or too many datagrams await their report,
 * -ENETDOWN when halted, -ENOMEM.
 */
int loom_dhy_node_send(struct loom_dhy_node *n, const u8 *dst,
		       const u8 *data, u32 len, u64 cookie, u16 *msg_id)
{
	u16 dmax = loom_dhy_cnk_data_max(n->max_frame);
	struct loom_dhy_nbr_port *e = NULL;
	struct loom_dhy_qframe *qf, *tmp;
	struct loom_dhy_port *p = NULL;
	struct loom_dhy_hop hop;
	struct loom_dhy_frame f;
	unsigned long mask;
	LIST_HEAD(list);
	int count, i, err;
	u16 id, off, clen;
	u64 now;

	if (!is_valid_ether_addr(dst) || ether_addr_equal(dst, n->self))
		return -EINVAL;
	if (len > loom_dhy_node_dgram_max(n))
		return -EMSGSIZE;
	count = loom_dhy_chunk_count(len, dmax);
	if (count < 0)
		return count;
	if (loom_dhy_lookup(n->table, dst, &hop)) {
		loom_dhy_node_count(n, LOOM_DHY_ND_NO_ROUTE);
		return -EHOSTUNREACH;
	}
	now = loom_clock_now(n->clk);
	/* Only a datagram whose outcome is wanted waits for its report. */
	if (cookie) {
		err = loom_dhy_tx_add(&n->tx, dst, cookie, now, &id);
		if (err)
			return err;
	} else {
		id = loom_dhy_tx_id(&n->tx);
	}
	for (i = 0; i < count; i++) {
		memset(&f, 0, sizeof(f));
		f.type = cookie ? LOOM_DHY_T_CNK : LOOM_DHY_T_CNU;
		ether_addr_copy(f.dst, dst);
		ether_addr_copy(f.src, n->self);
		ether_addr_copy(f.next_hop, hop.via);
		f.hop_limit = LOOM_DHY_HOP_LIMIT;
		f.cnk.msg_id = id;
		f.cnk.index = i;
		f.cnk.count = count;
		f.cnk.total = len;
		loom_dhy_chunk_span(len, count, i, &off, &clen);
		f.payload = data + off;
		f.payload_len = clen;
		qf = loom_dhy_node_encode(n, &f, &err);
		if (!qf)
			goto fail;
		list_add_tail(&qf->node, &list);
	}
	spin_lock_bh(&n->lock);
	/* The whole datagram on one radio: the next hop's (or the first). */
	mask = n->running ? loom_dhy_node_ports_for(n, hop.via, &e) : 0;
	if (mask)
		p = &n->ports[__ffs(mask)];
	if (!p || p->qlen + count > n->conf.queue_max) {
		err = p ? -ENOBUFS : -ENETDOWN;
		n->st.drop[p ? LOOM_DHY_ND_QUEUE_FULL : LOOM_DHY_ND_HALTED]++;
		spin_unlock_bh(&n->lock);
		goto fail;
	}
	list_for_each_entry(qf, &list, node)
		loom_dhy_node_link_dst(n, p - n->ports, e, qf->link_dst);
	list_splice_tail(&list, &p->queue);
	p->qlen += count;
	n->st.sent++;
	loom_dhy_node_queued(n, p, now);
	spin_unlock_bh(&n->lock);
	if (msg_id)
		*msg_id = id;
	return 0;

fail:
	list_for_each_entry_safe(qf, tmp, &list, node)
		kfree(qf);
	if (cookie)
		loom_dhy_tx_cancel(&n->tx, id);
	return err;
}

/**
 * loom_dhy_node_ping() - send an echo request
 * @n: a started node
 * @dst: whom to ask
 * @id: the session
 * @seq: the request's number
 * @hop_limit: transmissions it may take (0: LOOM_DHY_HOP_LIMIT); a small
 *	one makes the node where it runs out answer with an ICMPX
 *	(traceroute)
 *
 * The answer comes through &loom_dhy_node_ops.ping.
 *
 * Context: process or softirq context; no node lock may be held.
 * Return: 0, -EINVAL for a bad destination, -EHOSTUNREACH without a
 * route, -ENOBUFS when the queue is full, -ENETDOWN when halted, -ENOMEM.
 */
int loom_dhy_node_ping(struct loom_dhy_node *n, const u8 *dst, u16 id,
		       u16 seq, u8 hop_limit)
{
	struct loom_dhy_frame f;

	if (!is_valid_ether_addr(dst) || ether_addr_equal(dst, n->self))
		return -EINVAL;
	memset(&f, 0, sizeof(f));
	f.type = LOOM_DHY_T_ICMPQ;
	ether_addr_copy(f.dst, dst);
	ether_addr_copy(f.src, n->self);
	f.hop_limit = hop_limit;
	f.icmp.id = id;
	f.icmp.seq = seq;
	f.icmp.time_us = loom_dhy_time_us(loom_clock_now(n->clk));
	return loom_dhy_node_route(n, &f);
}

/**
 * loom_dhy_node_stats() - a snapshot of the node's counters
 * @n: the node
 * @st: filled in
 *
 * Context: process or softirq context.
 */
void loom_dhy_node_stats(struct loom_dhy_node *n,
			 struct loom_dhy_node_stats *st)
{
	spin_lock_bh(&n->lock);
	*st = n->st;
	spin_unlock_bh(&n->lock);
}

/**
 * loom_dhy_node_dump_routes() - the node's routes (loom_dhy_dump_routes())
 * @n: the node
 * @c: the cursor
 * @fn: called per route, under RCU (must not sleep)
 * @arg: for @fn
 *
 * Context: any; RCU read side only.
 * Return: as loom_dhy_dump_routes().
 */
int loom_dhy_node_dump_routes(struct loom_dhy_node *n,
			      struct loom_dhy_cursor *c, loom_dhy_route_fn fn,
			      void *arg)
{
	return loom_dhy_dump_routes(n->table, loom_clock_now(n->clk), c, fn,
				    arg);
}

/**
 * loom_dhy_node_dump_nbrs() - the node's neighbours (loom_dhy_dump_nbrs())
 * @n: the node
 * @c: the cursor
 * @fn: called per neighbour, under RCU (must not sleep)
 * @arg: for @fn
 *
 * Context: any; RCU read side only.
 * Return: as loom_dhy_dump_nbrs().
 */
int loom_dhy_node_dump_nbrs(struct loom_dhy_node *n,
			    struct loom_dhy_cursor *c, loom_dhy_nbr_fn fn,
			    void *arg)
{
	return loom_dhy_dump_nbrs(n->table, loom_clock_now(n->clk), c, fn,
				  arg);
}
