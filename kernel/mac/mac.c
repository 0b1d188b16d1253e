// SPDX-License-Identifier: GPL-2.0
/*
 * The Loom MAC (Documentation/mac.rst).
 *
 * Two timers drive a node.  @sched walks the period: the refresh (sent by
 * the coordinator, relayed by routers, awaited by everyone else), then
 * each data cycle's items in time order - open and close the children's
 * window, start a handshake in each own send slot.  @hs_timer paces a
 * handshake: the turnaround before an answer, and the deadline for one.
 *
 * Timers fire late on a busy machine.  The MAC measures how late (the
 * clock's record) and follows it with a jitter guard j on the listening
 * side, holds a wait open while a frame is on the air, does not follow a
 * parent's single late refresh, and skips a send that its timer brought
 * too late to fit (Documentation/mac.rst, "Jitter guard").
 *
 * Everything runs under @lock with bottom halves off, from the clock's
 * timers and the radio's callbacks.  Radio operations are called under
 * the lock (the radio never calls back into the MAC with its own lock
 * held); the network layer is called after the lock is dropped.
 */
#include <linux/crc32.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "../net/route.h"
#include "mac.h"

/* Every radio carries the MAC's control frames whole. */
#if LOOM_RADIO_FRAME_MIN - LOOM_MAC_MORE_LEN < 0 || \
	LOOM_RADIO_FRAME_MIN - LOOM_MAC_REFRESH_LEN < 0
#error "a radio's smallest largest frame cannot hold a control frame"
#endif

enum loom_mac_ev {
	LOOM_EV_NONE,
	LOOM_EV_REFRESH_SEND,	/* coordinator: start of a period */
	LOOM_EV_REFRESH_OPEN,	/* others: listen for the parent's refresh */
	LOOM_EV_RX_OPEN,	/* router: children's window opens */
	LOOM_EV_RX_CLOSE,	/* router: and closes */
	LOOM_EV_TX_SLOT,	/* own send slot: start a handshake */
};

enum loom_mac_hs {
	LOOM_HS_IDLE,
	LOOM_HS_DATA_SENDING,	/* device: DATA on the air */
	LOOM_HS_WAIT_ANSWER,	/* device: waiting for ACK / ACK with data */
	LOOM_HS_FINAL_PENDING,	/* device: final ACK after the turnaround */
	LOOM_HS_FINAL_SENDING,	/* device: final ACK on the air */
	LOOM_HS_ANSWER_PENDING,	/* parent: answer after the turnaround */
	LOOM_HS_ANSWER_SENDING,	/* parent: answer on the air */
	LOOM_HS_WAIT_FINAL,	/* parent: waiting for the final ACK */
	LOOM_HS_MORE_PENDING,	/* refresh sent: configuration next */
	LOOM_HS_MORE_SENDING,	/* configuration on the air */
};

/* Upcalls decided under the lock, made after it. */
struct loom_mac_up {
	u8 type;
	const u8 *pkt;
	u16 len;
	u16 from;
	const struct loom_radio_rx_info *info;
	struct loom_mac_pkt *gone;
	struct list_head aged;
	int sync;	/* -1: no change */
	s64 config;	/* -1: no change; else the parent's configuration id */
};

static bool loom_mac_is_coord(const struct loom_mac *mac)
{
	return mac->conf.addr == LOOM_ADDR_COORDINATOR;
}

static u32 loom_mac_items(const struct loom_mac *mac)
{
	return (mac->conf.rx_count && !loom_mac_is_coord(mac) ? 2 : 0) +
	       mac->conf.tx_count;
}

/* Time and kind of the schedule item at the cursor. */
static u64 loom_mac_item(const struct loom_mac *mac, u8 *ev)
{
	const struct loom_mac_timing *tm = &mac->tm;
	u32 nrx = loom_mac_items(mac) - mac->conf.tx_count;
	u64 base;

	if (mac->cyc >= tm->cycles) {
		if (loom_mac_is_coord(mac)) {
			*ev = LOOM_EV_REFRESH_SEND;
			return mac->next_period;
		}
		/* Wake for the parent's relay, not the coordinator's. */
		*ev = LOOM_EV_REFRESH_OPEN;
		return mac->next_period + (u64)mac->conf.parent_relay *
		       tm->relay_units * tm->unit_ns - tm->guard_ns -
		       mac->jitter_ns;
	}
	base = mac->data_start + (u64)mac->cyc * tm->interval_ns;
	if (mac->item < nrx) {
		if (mac->item == 0) {
			*ev = LOOM_EV_RX_OPEN;
			return base + (u64)mac->conf.rx_first * tm->slot_ns -
			       tm->guard_ns - mac->jitter_ns;
		}
		*ev = LOOM_EV_RX_CLOSE;
		return base + (u64)(mac->conf.rx_first + mac->conf.rx_count) *
			      tm->slot_ns + tm->guard_ns;
	}
	*ev = LOOM_EV_TX_SLOT;
	return base + (u64)(mac->conf.tx_first + mac->item - nrx) *
		      tm->slot_ns + tm->guard_ns;
}

static void loom_mac_advance(struct loom_mac *mac)
{
	if (++mac->item >= loom_mac_items(mac)) {
		mac->item = 0;
		mac->cyc++;
	}
}

/* The latest a parent's refresh can end: the refresh window closes. */
static u64 loom_mac_refresh_close(const struct loom_mac *mac)
{
	const struct loom_mac_timing *tm = &mac->tm;

	return mac->next_period + (u64)mac->conf.parent_relay *
	       tm->relay_units * tm->unit_ns + tm->refresh_air_ns +
	       tm->guard_ns + mac->jitter_ns;
}

/*
 * Locked: should a wait that is over at @now stay open a little longer?
 * Only while the radio hears a frame on the air (it may be the one
 * awaited, sent late or not yet handed over by the radio), before @limit,
 * and only once timer lateness has been measured (j > 0): a node whose
 * timers are punctual closes its windows exactly as planned.
 */
static bool loom_mac_hold(struct loom_mac *mac, u64 now, u64 limit)
{
	struct loom_radio *r = mac->radio;

	return mac->jitter_ns && now < limit && r->ops->cad &&
	       r->acct.state == LOOM_RADIO_RECEIVE && r->ops->cad(r) > 0;
}

/* Locked: j follows the clock's recent timer lateness, within its bound. */
static void loom_mac_jitter(struct loom_mac *mac)
{
	mac->jitter_ns = min(loom_clock_late_ns(mac->clk,
						LOOM_MAC_JITTER_PERMILLE),
			     mac->tm.jitter_max_ns);
	mac->jitter_max_ns = max(mac->jitter_max_ns, mac->jitter_ns);
}

/*
 * Locked: arm @sched for the earliest thing due: the relay, the end of the
 * refresh window, or (synced, not waiting for a refresh) the cursor.
 */
static void loom_mac_plan(struct loom_mac *mac)
{
	u64 when = U64_MAX;
	u8 ev;

	if (!mac->running)
		return;
	if (mac->synced && !mac->in_refresh) {
		if (!loom_mac_items(mac) && mac->cyc < mac->tm.cycles)
			mac->cyc = mac->tm.cycles;
		when = loom_mac_item(mac, &ev);
	}
	if (mac->relay_at && mac->relay_at < when)
		when = mac->relay_at;
	if (mac->in_refresh)
		when = min(when, mac->hold_ns ? mac->hold_ns :
			   loom_mac_refresh_close(mac));
	if (mac->more_until)
		when = min(when, mac->more_until);
	if (when != U64_MAX)
		loom_timer_start(&mac->sched, when);
}

/* Locked: Receive or Sleep, whichever the node needs now. */
static void loom_mac_settle(struct loom_mac *mac)
{
	struct loom_radio *r = mac->radio;
	u8 want = LOOM_RADIO_SLEEP;

	if (!mac->running || mac->hs != LOOM_HS_IDLE ||
	    r->acct.state == LOOM_RADIO_TRANSMIT)
		return;
	if (loom_mac_is_coord(mac) || !mac->synced || mac->in_refresh ||
	    mac->in_window || mac->more_until)
		want = LOOM_RADIO_RECEIVE;
	if (r->acct.state != want)
		r->ops->set_state(r, want);
}

static int loom_mac_wake(struct loom_mac *mac)
{
	struct loom_radio *r = mac->radio;

	if (r->acct.state == LOOM_RADIO_SLEEP)
		return r->ops->set_state(r, LOOM_RADIO_RECEIVE);
	return r->acct.state == LOOM_RADIO_RECEIVE ? 0 : -EBUSY;
}

/* Locked: send what @f describes, from Receive. */
static int loom_mac_xmit(struct loom_mac *mac, const struct loom_frame *f)
{
	int len = loom_frame_encode(f, mac->txbuf, sizeof(mac->txbuf));
	int err;

	if (len < 0)
		return len;
	err = loom_mac_wake(mac);
	if (!err)
		err = mac->radio->ops->xmit(mac->radio, mac->txbuf, len);
	if (err)
		mac->stats.xmit_errors++;
	return err;
}

/* The configuration this node runs, as a refresh distributes it. */
static void loom_mac_config_put(const struct loom_mac *mac, u8 *p)
{
	const struct loom_mac_timing *tm = &mac->tm;

	p[0] = LOOM_MAC_CONFIG_VERSION;
	put_unaligned_le32(mac->conf.config_id, p + 1);
	put_unaligned_le16(div64_u64(tm->slot_ns, NSEC_PER_MSEC), p + 5);
	put_unaligned_le32(div64_u64(tm->interval_ns, NSEC_PER_MSEC), p + 7);
	p[11] = tm->cycles;
	put_unaligned_le16(mac->conf.nodes, p + 12);
}

/*
 * Locked: a refresh due at @planned goes out now.  Its configuration
 * follows, if it can still end a guard before the next relay (one relay
 * slot after @planned) begins.
 */
static int loom_mac_send_refresh(struct loom_mac *mac, u64 planned,
				 u32 data_off, u32 refresh_off)
{
	struct loom_frame f = {
		.type = LOOM_PT_REFRESH,
		.src = mac->conf.addr,
		.refresh = {
			.data_unit = mac->tm.unit,
			.refresh_unit = mac->tm.unit,
			.data_offset = data_off,
			.refresh_offset = refresh_off,
			.count = 1,
		},
	};
	int err = loom_mac_xmit(mac, &f);

	if (err)
		return err;
	mac->stats.refresh_tx++;
	mac->more_by = planned + (u64)mac->tm.relay_units * mac->tm.unit_ns -
		       mac->tm.guard_ns - mac->tm.more_air_ns;
	/* The configuration follows: the parent's if heard, else our own. */
	if (!mac->more_have)
		loom_mac_config_put(mac, mac->more_cfg);
	mac->more_next = true;
	return 0;
}

/*
 * Locked: this node's relay.  @t0 is the end of the coordinator's refresh,
 * @data_off and @refresh_off the offsets it sent (relative to @t0); the
 * relay ends @relay relay slots later and subtracts them.
 */
static void loom_mac_arm_relay(struct loom_mac *mac, u64 t0, u32 data_off,
			       u32 refresh_off)
{
	u32 steps = mac->conf.relay * mac->tm.relay_units;

	if (!mac->conf.relay || data_off <= steps || refresh_off <= steps)
		return;
	mac->relay_at = t0 + (u64)mac->conf.relay * mac->tm.relay_units *
			     mac->tm.unit_ns - mac->tm.refresh_air_ns;
	mac->relay_data = data_off - steps;
	mac->relay_refresh = refresh_off - steps;
}

/*
 * Locked: the entry of neighbour @addr; with @make, one is made on first
 * use (only for a neighbour that was heard or answered, never for an
 * address someone merely sent to).  NULL if none, or the table is full.
 */
static struct loom_mac_link *loom_mac_link(struct loom_mac *mac, u16 addr,
					   bool make)
{
	struct loom_mac_link *free = NULL;
	u32 i;

	for (i = 0; i < mac->n_links; i++) {
		if (mac->links[i].addr == addr)
			return &mac->links[i];
		if (!free && !mac->links[i].addr)
			free = &mac->links[i];
	}
	if (!make)
		return NULL;
	if (free)
		free->addr = addr;
	return free;
}

/* Locked: a frame from neighbour @addr was taken. */
static void loom_mac_link_heard(struct loom_mac *mac, u16 addr,
				const struct loom_radio_rx_info *info, u64 now)
{
	struct loom_mac_link *l = loom_mac_link(mac, addr, true);

	if (!l)
		return;
	l->rssi_mdbm = info->rssi_mdbm;
	l->snr_mdb = info->snr_mdb;
	l->heard_ns = now;
	l->rx_frames++;
}

/* Locked: a handshake with @addr completed (@ok) or failed. */
static void loom_mac_link_hs(struct loom_mac *mac, u16 addr, bool ok)
{
	struct loom_mac_link *l = loom_mac_link(mac, addr, ok);

	if (!l)
		return;
	if (ok) {
		l->hs_ok++;
		l->fails = 0;
	} else {
		l->hs_fail++;
		if (l->fails < U8_MAX)
			l->fails++;
	}
}

/**
 * loom_mac_links() - a copy of what the MAC knows of its neighbours
 * @mac: a started MAC
 * @out: room for @max entries
 * @max: entries @out holds
 *
 * Return: entries copied.
 */
u32 loom_mac_links(struct loom_mac *mac, struct loom_mac_link *out, u32 max)
{
	u32 i, n = 0;

	spin_lock_bh(&mac->lock);
	for (i = 0; i < mac->n_links && n < max; i++)
		if (mac->links[i].addr)
			out[n++] = mac->links[i];
	spin_unlock_bh(&mac->lock);
	return n;
}

/*
 * Locked, at each new period: packets for a child not heard at all for
 * LOOM_MAC_MAX_FAILS of its slots' worth of time (a child has one chance
 * per data cycle, cycles per period), plus two periods for a child that
 * lost sync to listen for a refresh and come back, are given up, as
 * packets that failed that many times are.  A child that went silent
 * cannot fill the parent's queue for everyone else.  Silence, not failed handshakes: on a lossy
 * link a live child's handshakes fail now and then, and its packets must
 * wait for it (a first version counted handshakes and, at 10 % loss, gave
 * up packets of live children).
 */
static void loom_mac_age_down(struct loom_mac *mac, u64 now,
			      struct loom_mac_up *up)
{
	u64 limit = div_u64(LOOM_MAC_MAX_FAILS * mac->tm.period_ns,
			    max_t(u32, mac->tm.cycles, 1)) +
		    2 * mac->tm.period_ns;
	struct loom_mac_pkt *p, *tmp;
	struct loom_mac_link *l;
	u64 since;

	list_for_each_entry_safe(p, tmp, &mac->downq, node) {
		if (p == mac->hs_pkt)
			continue;
		l = loom_mac_link(mac, p->next_hop, false);
		since = p->queued_ns;
		if (l && l->rx_frames && l->heard_ns > since)
			since = l->heard_ns;
		if (now < since + limit)
			continue;
		p->fails = LOOM_MAC_MAX_FAILS;
		list_move_tail(&p->node, &up->aged);
		mac->downq_len--;
		mac->stats.given_up++;
	}
}

/* Unlocked: the upper layer hears of each aged packet, then it goes. */
static void loom_mac_aged(struct loom_mac *mac, struct list_head *aged)
{
	struct loom_mac_pkt *p, *tmp;
	u16 last = LOOM_ADDR_RESERVED;

	/* Aged in queue order: one child's packets one after another. */
	list_for_each_entry_safe(p, tmp, aged, node) {
		list_del(&p->node);
		if (mac->upper && mac->upper->give_up)
			mac->upper->give_up(mac, p, p->next_hop != last);
		last = p->next_hop;
		kfree(p);
	}
}

/* Locked: a new period begins at @c0 (start of the coordinator's refresh). */
static void loom_mac_new_period(struct loom_mac *mac, u64 c0, u64 data_start,
				u64 next)
{
	mac->period_start = c0;
	mac->data_start = data_start;
	mac->next_period = next;
	mac->cyc = 0;
	mac->item = 0;
	loom_mac_jitter(mac);
}

/*
 * Locked: the coordinator's period due at @at begins (its timer fired at
 * @now).  The period keeps to the planned time, so a late timer does not
 * shift the network's phase; a refresh too late to end a guard before the
 * first relay is not sent (its children keep their timing for a period).
 */
static void loom_mac_coord_refresh(struct loom_mac *mac, u64 at, u64 now,
				   struct loom_mac_up *up)
{
	const struct loom_mac_timing *tm = &mac->tm;
	u64 t0 = at + tm->refresh_air_ns;

	if (now - at > tm->relay_room_ns)
		mac->stats.late_skips++;
	else
		loom_mac_send_refresh(mac, at, tm->data_offset,
				      tm->refresh_offset);
	loom_mac_new_period(mac, at, t0 + tm->data_offset * tm->unit_ns,
			    t0 + tm->refresh_offset * tm->unit_ns);
	loom_mac_age_down(mac, now, up);
}

/* Locked: the refresh window closed without the parent's refresh. */
static void loom_mac_refresh_missed(struct loom_mac *mac,
				    struct loom_mac_up *up)
{
	const struct loom_mac_timing *tm = &mac->tm;
	u64 c0 = mac->next_period;

	mac->in_refresh = false;
	mac->stats.refresh_missed++;
	if (++mac->missed >= 2) {
		/* Twice in a row: our timing is not to be trusted. */
		mac->synced = false;
		mac->stats.sync_lost++;
		mac->relay_at = 0;
		up->sync = 0;
		return;
	}
	/* Once: the last timing repeats. */
	loom_mac_new_period(mac, c0, mac->data_start + tm->period_ns,
			    c0 + tm->period_ns);
	loom_mac_age_down(mac, c0, up);
	loom_mac_arm_relay(mac, c0 + tm->refresh_air_ns, tm->data_offset,
			   tm->refresh_offset);
}

/* A queued packet as the frame that carries it (DATA or ERROR). */
static void loom_mac_pkt_frame(const struct loom_mac_pkt *p,
			       struct loom_frame *f)
{
	const u8 *body = p->data + LOOM_NET_HDR_LEN;

	loom_net_hdr_get(p->data, &f->net);
	if (p->type == LOOM_PT_ERROR) {
		f->type = LOOM_PT_ERROR;
		f->error.code = body[0];
		f->error.failures = body[1];
		f->error.subject = get_unaligned_le16(body + 2);
		return;
	}
	f->payload = body;
	f->payload_len = p->len - LOOM_NET_HDR_LEN;
}

static void loom_mac_start_hs(struct loom_mac *mac)
{
	struct loom_mac_pkt *p;
	struct loom_frame f = {
		.type = LOOM_PT_DATA,
		.src = mac->conf.addr,
	};

	if (mac->hs != LOOM_HS_IDLE)
		return;
	p = list_first_entry_or_null(&mac->upq, struct loom_mac_pkt, node);
	if (p) {
		loom_mac_pkt_frame(p, &f);
	} else {
		/*
		 * A poll: nothing to send, but the parent may have some.  A
		 * packet from a node to itself never crosses the air, so
		 * destination = source = sender marks it.
		 */
		f.net.src = mac->conf.addr;
		f.net.dst = mac->conf.addr;
		f.net.first = true;
	}
	if (loom_mac_xmit(mac, &f))
		return;
	if (p)
		mac->stats.data_tx++;
	else
		mac->stats.polls++;
	mac->hs = LOOM_HS_DATA_SENDING;
	mac->hs_peer = mac->conf.parent;
	mac->hs_pkt = p;
}

/**
 * loom_mac_edge_bucket() - the histogram bucket of a slot-edge error
 * @late_ns: how late the MAC acted
 *
 * Return: the bucket, as LOOM_EDGE_BUCKETS in the uapi defines them.
 */
u32 loom_mac_edge_bucket(u64 late_ns)
{
	u32 m, b;

	if (late_ns < 1024)
		return 0;
	m = fls64(late_ns) - 1;
	b = (m - 10) * 8 + ((late_ns >> (m - 3)) & 7) + 1;
	return min_t(u32, b, LOOM_EDGE_BUCKETS - 1);
}

/* Locked: the MAC acted @late_ns after the schedule said. */
static void loom_mac_edge(struct loom_mac *mac, u64 late_ns)
{
	mac->edge_hist[loom_mac_edge_bucket(late_ns)]++;
	mac->edge_max_ns = max(mac->edge_max_ns, late_ns);
}

static void loom_mac_sched_fire(struct loom_timer *t)
{
	struct loom_mac *mac = container_of(t, struct loom_mac, sched);
	struct loom_mac_up up = {
		.sync = -1, .config = -1, .aged = LIST_HEAD_INIT(up.aged)
	};
	u64 now = loom_clock_now(mac->clk), at;
	u8 ev;

	spin_lock_bh(&mac->lock);
	if (!mac->running)
		goto out;
	if (mac->more_until && mac->more_until <= now) {
		if (mac->more_left &&
		    loom_mac_hold(mac, now, mac->more_limit)) {
			/* A frame on the air: the configuration, late? */
			if (!mac->more_held)
				mac->stats.held++;
			mac->more_held = true;
			mac->more_until = now + LOOM_MAC_TURNAROUND_NS;
		} else {
			/* What did not come is counted and dropped. */
			mac->stats.more_missed += mac->more_left;
			mac->more_left = 0;
			mac->more_until = 0;
		}
	}
	if (mac->relay_at && mac->relay_at <= now) {
		at = mac->relay_at;
		loom_mac_edge(mac, now - at);
		mac->relay_at = 0;
		/* Too late to end a guard before the next relay: skipped. */
		if (now - at > mac->tm.relay_room_ns)
			mac->stats.late_skips++;
		else
			loom_mac_send_refresh(mac, at, mac->relay_data,
					      mac->relay_refresh);
		goto plan;
	}
	if (mac->in_refresh) {
		at = loom_mac_refresh_close(mac);
		if (at > now || (mac->hold_ns && mac->hold_ns > now))
			goto plan;
		if (loom_mac_hold(mac, now, at + mac->tm.refresh_air_ns +
				  mac->jitter_ns)) {
			if (!mac->hold_ns)
				mac->stats.held++;
			mac->hold_ns = now + LOOM_MAC_TURNAROUND_NS;
		} else {
			mac->hold_ns = 0;
			loom_mac_refresh_missed(mac, &up);
		}
		goto plan;
	}
	if (!mac->synced)
		goto plan;
	at = loom_mac_item(mac, &ev);
	if (at > now)
		goto plan;
	loom_mac_edge(mac, now - at);
	loom_mac_advance(mac);
	switch (ev) {
	case LOOM_EV_REFRESH_SEND:
		loom_mac_coord_refresh(mac, at, now, &up);
		break;
	case LOOM_EV_REFRESH_OPEN:
		/* The cursor rests until the refresh, or the miss, resets it. */
		mac->in_refresh = true;
		mac->hold_ns = 0;
		break;
	case LOOM_EV_RX_OPEN:
		mac->in_window = true;
		break;
	case LOOM_EV_RX_CLOSE:
		mac->in_window = false;
		break;
	case LOOM_EV_TX_SLOT:
		/* Too late to end in the slot, or the last one still runs. */
		if (now - at > mac->tm.slot_room_ns || mac->hs != LOOM_HS_IDLE)
			mac->stats.late_skips++;
		else
			loom_mac_start_hs(mac);
		break;
	}
plan:
	loom_mac_settle(mac);
	loom_mac_plan(mac);
out:
	spin_unlock_bh(&mac->lock);
	if (up.sync >= 0 && mac->upper && mac->upper->sync)
		mac->upper->sync(mac, up.sync);
	loom_mac_aged(mac, &up.aged);
}

/* Locked: the handshake's packet failed once more. */
static void loom_mac_hs_failed(struct loom_mac *mac, struct loom_mac_up *up)
{
	struct loom_mac_pkt *p = mac->hs_pkt;
	bool up_pkt = mac->hs == LOOM_HS_WAIT_ANSWER;

	loom_mac_link_hs(mac, mac->hs_peer, false);
	mac->stats.fails++;
	mac->hs = LOOM_HS_IDLE;
	mac->hs_pkt = NULL;
	if (!p || ++p->fails < LOOM_MAC_MAX_FAILS)
		return;
	list_del(&p->node);
	if (up_pkt)
		mac->upq_len--;
	else
		mac->downq_len--;
	mac->stats.given_up++;
	up->gone = p;
}

static void loom_mac_hs_fire(struct loom_timer *t)
{
	struct loom_mac *mac = container_of(t, struct loom_mac, hs_timer);
	struct loom_mac_up up = {
		.sync = -1, .config = -1, .aged = LIST_HEAD_INIT(up.aged)
	};
	u64 now = loom_clock_now(mac->clk);
	struct loom_radio *r;
	int err;

	spin_lock_bh(&mac->lock);
	if (!mac->running)
		goto out;
	r = mac->radio;
	switch (mac->hs) {
	case LOOM_HS_MORE_PENDING:
		/* Late: it would run into the next relay.  Not sent. */
		if (now > mac->more_by) {
			mac->stats.late_skips++;
			mac->hs = LOOM_HS_IDLE;
			mac->more_have = false;
			break;
		}
		fallthrough;
	case LOOM_HS_FINAL_PENDING:
	case LOOM_HS_ANSWER_PENDING:
		err = r->ops->xmit(r, mac->txbuf, mac->hs_len);
		if (err) {
			mac->stats.xmit_errors++;
			mac->hs = LOOM_HS_IDLE;
			mac->hs_pkt = NULL;
			break;
		}
		mac->hs++;	/* ..._PENDING -> ..._SENDING */
		break;
	case LOOM_HS_WAIT_ANSWER:
	case LOOM_HS_WAIT_FINAL:
		if (loom_mac_hold(mac, now, mac->hs_limit)) {
			if (!mac->hs_held)
				mac->stats.held++;
			mac->hs_held = true;
			loom_timer_start(&mac->hs_timer,
					 now + LOOM_MAC_TURNAROUND_NS);
			break;
		}
		loom_mac_hs_failed(mac, &up);
		break;
	default:
		break;
	}
	loom_mac_settle(mac);
out:
	spin_unlock_bh(&mac->lock);
	if (up.gone) {
		if (mac->upper && mac->upper->give_up)
			mac->upper->give_up(mac, up.gone, true);
		kfree(up.gone);
	}
}

/* Locked: a refresh went out; its configuration follows a turnaround on. */
static void loom_mac_send_more(struct loom_mac *mac, u64 now)
{
	struct loom_frame f = {
		.type = LOOM_PT_REFRESH_MORE,
		.src = mac->conf.addr,
		.payload = mac->more_cfg,
		.payload_len = LOOM_MAC_CONFIG_LEN,
	};
	int len = loom_frame_encode(&f, mac->txbuf, sizeof(mac->txbuf));

	mac->more_next = false;
	if (len < 0)
		return;
	mac->hs = LOOM_HS_MORE_PENDING;
	mac->hs_len = len;
	loom_timer_start(&mac->hs_timer, now + LOOM_MAC_TURNAROUND_NS);
}

static void loom_mac_tx_done(struct loom_radio *r, int status)
{
	struct loom_mac *mac = r->upper_priv;
	const struct loom_mac_timing *tm = &mac->tm;
	u64 now = loom_clock_now(mac->clk), wait;

	spin_lock_bh(&mac->lock);
	if (!mac->running)
		goto out;
	switch (mac->hs) {
	case LOOM_HS_DATA_SENDING:
		mac->hs = LOOM_HS_WAIT_ANSWER;
		wait = now + LOOM_MAC_TURNAROUND_NS + tm->data_air_ns +
		       tm->guard_ns + mac->jitter_ns;
		mac->hs_limit = wait + tm->data_air_ns + mac->jitter_ns;
		mac->hs_held = false;
		loom_timer_start(&mac->hs_timer, wait);
		break;
	case LOOM_HS_ANSWER_SENDING:
		if (mac->hs_pkt) {
			mac->hs = LOOM_HS_WAIT_FINAL;
			wait = now + LOOM_MAC_TURNAROUND_NS + tm->ack_air_ns +
			       tm->guard_ns + mac->jitter_ns;
			mac->hs_limit = wait + tm->ack_air_ns + mac->jitter_ns;
			mac->hs_held = false;
			loom_timer_start(&mac->hs_timer, wait);
			break;
		}
		mac->hs = LOOM_HS_IDLE;
		break;
	case LOOM_HS_FINAL_SENDING:
		mac->hs = LOOM_HS_IDLE;
		break;
	case LOOM_HS_MORE_SENDING:
		mac->hs = LOOM_HS_IDLE;
		mac->more_have = false;
		break;
	case LOOM_HS_IDLE:
		if (mac->more_next)
			loom_mac_send_more(mac, now);
		break;
	default:
		break;
	}
	loom_mac_settle(mac);
out:
	spin_unlock_bh(&mac->lock);
}

static void loom_mac_state_changed(struct loom_radio *r, u8 from, u8 to)
{
	/* The MAC drives every transition itself; nothing to learn here. */
}

/* Locked: seen it lately?  Remembers it if not. */
static bool loom_mac_dup(struct loom_mac *mac, u16 from,
			 const struct loom_net_hdr *h, u64 now)
{
	const struct loom_mac_timing *tm = &mac->tm;
	/*
	 * A sender retries a packet at most LOOM_MAC_MAX_FAILS times, one
	 * chance per data cycle, so a copy older than that (and a period's
	 * margin) is not a retry: its frame id (7 bits, shared by all of the
	 * source's destinations) has come round again for a new datagram.
	 */
	u64 window = div_u64(LOOM_MAC_MAX_FAILS * tm->period_ns,
			     max_t(u32, tm->cycles, 1)) + tm->period_ns;
	struct loom_mac_dup key = {
		.from = from,
		.src = h->src,
		.id = h->frame_id | (h->first ? LOOM_NET_FIRST : 0),
		.seq = h->seq,
	};
	struct loom_mac_dup *d;
	unsigned int i;

	for (i = 0; i < mac->dup_size; i++) {
		d = &mac->dup[i];
		if (d->from == key.from && d->src == key.src &&
		    d->id == key.id && d->seq == key.seq && d->seen_ns &&
		    now - d->seen_ns <= window)
			return true;
	}
	key.seen_ns = now ? now : 1;
	mac->dup[mac->dup_next++ % mac->dup_size] = key;
	return false;
}

/* Locked: a packet came in; decide whether it goes up. */
static void loom_mac_take(struct loom_mac *mac, const u8 *frame,
			  const struct loom_frame *f,
			  const struct loom_radio_rx_info *info,
			  struct loom_mac_up *up)
{
	u64 now = loom_clock_now(mac->clk);

	if (f->net.dst == f->src && f->net.src == f->src && !f->payload_len)
		return;		/* a poll */
	if (loom_mac_dup(mac, f->src, &f->net, now)) {
		mac->stats.dups++;
		return;
	}
	up->type = f->type == LOOM_PT_ERROR ? LOOM_PT_ERROR : LOOM_PT_DATA;
	up->pkt = frame + LOOM_MAC_HDR_LEN;
	up->len = f->net.len;
	up->from = f->src;
	up->info = info;
}

/* Locked: queue the answer to a child's DATA for after the turnaround. */
static void loom_mac_answer(struct loom_mac *mac, u16 child, u64 now)
{
	struct loom_mac_pkt *p, *found = NULL;
	struct loom_frame f = { .type = LOOM_PT_ACK, .src = mac->conf.addr };
	int len;

	list_for_each_entry(p, &mac->downq, node)
		if (p->next_hop == child) {
			found = p;
			break;
		}
	if (found) {
		/* Failure reports travel up only: never found here. */
		loom_mac_pkt_frame(found, &f);
		f.type = LOOM_PT_ACK_DATA;
	} else {
		/* No final ACK owed: answering completes the handshake. */
		loom_mac_link_hs(mac, child, true);
	}
	len = loom_frame_encode(&f, mac->txbuf, sizeof(mac->txbuf));
	if (len < 0)
		return;
	mac->hs = LOOM_HS_ANSWER_PENDING;
	mac->hs_peer = child;
	mac->hs_pkt = found;
	mac->hs_len = len;
	loom_timer_start(&mac->hs_timer, now + LOOM_MAC_TURNAROUND_NS);
}

/* Locked: the parent answered our DATA. */
static void loom_mac_answered(struct loom_mac *mac, const u8 *frame,
			      const struct loom_frame *f,
			      const struct loom_radio_rx_info *info, u64 now,
			      struct loom_mac_up *up)
{
	struct loom_frame ack = { .type = LOOM_PT_ACK, .src = mac->conf.addr };
	struct loom_mac_pkt *p = mac->hs_pkt;
	int len;

	loom_mac_link_hs(mac, f->src, true);
	/* The deadline may still fire: it finds the handshake moved on. */
	if (p) {
		list_del(&p->node);
		mac->upq_len--;
		mac->stats.acked++;
		up->gone = p;
	}
	mac->hs = LOOM_HS_IDLE;
	mac->hs_pkt = NULL;
	if (f->type != LOOM_PT_ACK_DATA)
		return;
	loom_mac_take(mac, frame, f, info, up);
	len = loom_frame_encode(&ack, mac->txbuf, sizeof(mac->txbuf));
	mac->hs = LOOM_HS_FINAL_PENDING;
	mac->hs_peer = f->src;
	mac->hs_len = len;
	loom_timer_start(&mac->hs_timer, now + LOOM_MAC_TURNAROUND_NS);
}

/*
 * Locked: the parent's refresh.  Every node computes the same period from
 * the same topology (Documentation/mac.rst), so a refresh whose units or
 * offsets differ from it - corrupted past the FCS, or not from our network
 * - is refused rather than followed into a far future.
 *
 * Return: false if refused.
 */
static bool loom_mac_refreshed(struct loom_mac *mac, const struct loom_frame *f,
			       const struct loom_radio_rx_info *info,
			       struct loom_mac_up *up)
{
	const struct loom_mac_timing *tm = &mac->tm;
	u64 du = loom_mac_unit_ns(f->refresh.data_unit);
	u64 ru = loom_mac_unit_ns(f->refresh.refresh_unit);
	u32 back = mac->conf.parent_relay * tm->relay_units;
	u64 ts = info->timestamp_ns, end = ts, t0, pred, allow;

	if (du != tm->unit_ns || ru != tm->unit_ns ||
	    f->refresh.data_offset + back != tm->data_offset ||
	    f->refresh.refresh_offset + back != tm->refresh_offset ||
	    ts < (u64)back * tm->unit_ns + tm->refresh_air_ns)
		return false;
	if (mac->synced) {
		/*
		 * Later than the clocks can have drifted apart since the last
		 * refresh taken: the sender's timer was late.  Once, the
		 * timing moves by the drift allowance only; the next one that
		 * is as late again is followed (the parent did move).
		 */
		pred = mac->next_period + (u64)back * tm->unit_ns +
		       tm->refresh_air_ns;
		allow = div_u64((u64)(mac->missed + 1) * tm->period_ns *
				(LOOM_MAC_DRIFT_PPM / 2), 1000000);
		if (ts > pred + allow && !mac->late_last) {
			end = pred + allow;
			mac->late_last = true;
			mac->stats.late_refresh++;
		} else {
			mac->late_last = false;
		}
	}
	t0 = end - (u64)back * tm->unit_ns;
	loom_mac_new_period(mac, t0 - tm->refresh_air_ns,
			    end + f->refresh.data_offset * du,
			    end + f->refresh.refresh_offset * ru);
	mac->stats.refresh_rx++;
	mac->in_refresh = false;
	mac->hold_ns = 0;
	mac->missed = 0;
	loom_mac_age_down(mac, ts, up);
	mac->more_have = false;
	mac->more_left = f->refresh.count;
	mac->more_held = false;
	/* The configuration follows the frame as it came, late or not. */
	if (f->refresh.count) {
		mac->more_until = ts + (u64)f->refresh.count *
			(LOOM_MAC_TURNAROUND_NS + tm->more_air_ns) +
			LOOM_MAC_TURNAROUND_NS + mac->jitter_ns;
		mac->more_limit = mac->more_until + tm->more_air_ns +
				  mac->jitter_ns;
	}
	if (!mac->synced) {
		mac->synced = true;
		up->sync = 1;
	}
	/* What the coordinator sent: the parent subtracted its own wait. */
	loom_mac_arm_relay(mac, t0, tm->data_offset, tm->refresh_offset);
	return true;
}

/*
 * Locked: an additional refresh packet from the parent.  The first carries
 * the configuration.  A later version of the same length is relayed as it
 * came but not compared; one of another length is counted and not relayed
 * (the node relays its own configuration instead).
 */
static void loom_mac_more(struct loom_mac *mac, const struct loom_frame *f,
			  struct loom_mac_up *up)
{
	bool differs;
	u32 theirs;

	mac->stats.more_rx++;
	if (mac->more_left && --mac->more_left == 0)
		mac->more_until = 0;
	if (f->payload_len != LOOM_MAC_CONFIG_LEN || mac->more_have)
		return;
	memcpy(mac->more_cfg, f->payload, LOOM_MAC_CONFIG_LEN);
	mac->more_have = true;
	if (f->payload[0] != LOOM_MAC_CONFIG_VERSION)
		return;
	theirs = get_unaligned_le32(f->payload + 1);
	differs = theirs != mac->conf.config_id;
	if (differs)
		mac->stats.config_mismatch++;
	if (differs != mac->mismatch) {
		mac->mismatch = differs;
		up->config = theirs;
	}
}

static void loom_mac_rx(struct loom_radio *r, const u8 *frame, u16 len,
			const struct loom_radio_rx_info *info)
{
	struct loom_mac *mac = r->upper_priv;
	struct loom_mac_up up = {
		.sync = -1, .config = -1, .aged = LIST_HEAD_INIT(up.aged)
	};
	u64 now = loom_clock_now(mac->clk);
	struct loom_frame f;

	spin_lock_bh(&mac->lock);
	if (!mac->running || loom_frame_decode(frame, len, &f, &mac->rx))
		goto out;
	switch (f.type) {
	case LOOM_PT_REFRESH:
		if (f.src != mac->conf.parent || loom_mac_is_coord(mac) ||
		    (mac->synced && !mac->in_refresh))
			goto ignore;
		if (!loom_mac_refreshed(mac, &f, info, &up))
			goto ignore;
		break;
	case LOOM_PT_DATA:
	case LOOM_PT_ERROR:
		if (loom_addr_parent(f.src) != mac->conf.addr ||
		    mac->hs != LOOM_HS_IDLE ||
		    !(loom_mac_is_coord(mac) || mac->in_window))
			goto ignore;
		loom_mac_take(mac, frame, &f, info, &up);
		loom_mac_answer(mac, f.src, now);
		break;
	case LOOM_PT_REFRESH_MORE:
		if (!mac->more_until || f.src != mac->conf.parent)
			goto ignore;
		loom_mac_more(mac, &f, &up);
		break;
	case LOOM_PT_ACK:
	case LOOM_PT_ACK_DATA:
		if (mac->hs == LOOM_HS_WAIT_ANSWER && f.src == mac->hs_peer) {
			loom_mac_answered(mac, frame, &f, info, now, &up);
			break;
		}
		if (f.type == LOOM_PT_ACK && mac->hs == LOOM_HS_WAIT_FINAL &&
		    f.src == mac->hs_peer) {
			list_del(&mac->hs_pkt->node);
			mac->downq_len--;
			mac->stats.acked++;
			loom_mac_link_hs(mac, f.src, true);
			up.gone = mac->hs_pkt;
			mac->hs_pkt = NULL;
			mac->hs = LOOM_HS_IDLE;
			break;
		}
		goto ignore;
	default:
		goto ignore;
	}
	loom_mac_link_heard(mac, f.src, info, now);
	loom_mac_settle(mac);
	loom_mac_plan(mac);
	goto out;
ignore:
	mac->stats.ignored++;
out:
	if (up.pkt)
		mac->stats.delivered++;
	spin_unlock_bh(&mac->lock);
	if (mac->upper && up.pkt && mac->upper->deliver)
		mac->upper->deliver(mac, up.type, up.from, up.pkt, up.len,
				    up.info);
	if (mac->upper && up.sync >= 0 && mac->upper->sync)
		mac->upper->sync(mac, up.sync);
	if (mac->upper && up.config >= 0 && mac->upper->config)
		mac->upper->config(mac, up.config);
	kfree(up.gone);
	loom_mac_aged(mac, &up.aged);
}

static const struct loom_radio_upper loom_mac_radio_upper = {
	.state_changed = loom_mac_state_changed,
	.rx = loom_mac_rx,
	.tx_done = loom_mac_tx_done,
};

/**
 * loom_mac_config_id() - fingerprint of a topology and its configuration
 * @t: a computed topology
 *
 * CRC-32 over every node's role, parent and name, in index order, then
 * slot, interval and cycles: two nodes that loaded different topologies
 * (or configurations) get different ids, whatever their timing.
 *
 * Return: the id.
 */
u32 loom_mac_config_id(const struct loom_topology *t)
{
	__le32 cfg[3] = {
		cpu_to_le32(t->cfg.slot_ms),
		cpu_to_le32(t->cfg.data_interval_ms),
		cpu_to_le32(t->cfg.data_cycles),
	};
	u32 crc = ~0U, i;

	for (i = 0; i < t->n; i++) {
		const struct loom_topo_node *nd = &t->nodes[i];
		__le32 parent = cpu_to_le32(nd->parent);
		u8 role = nd->role;

		crc = crc32_le(crc, &role, 1);
		crc = crc32_le(crc, (const u8 *)&parent, sizeof(parent));
		crc = crc32_le(crc, nd->name, strlen(nd->name) + 1);
	}
	return ~crc32_le(crc, (const u8 *)cfg, sizeof(cfg));
}

/**
 * loom_mac_conf_from_topo() - a node's MAC configuration from a topology
 * @conf: filled in
 * @t: a computed topology
 * @node: the node's index
 *
 * Return: 0, or -EINVAL for an index out of range.
 */
int loom_mac_conf_from_topo(struct loom_mac_conf *conf,
			    const struct loom_topology *t, u32 node)
{
	const struct loom_topo_node *nd;

	if (node >= t->n)
		return -EINVAL;
	nd = &t->nodes[node];
	memset(conf, 0, sizeof(*conf));
	conf->addr = nd->addr;
	conf->parent = nd->parent == LOOM_NO_PARENT ? LOOM_ADDR_RESERVED :
		       t->nodes[nd->parent].addr;
	conf->tx_first = nd->tx_first;
	conf->tx_count = nd->tx_count;
	conf->rx_first = nd->rx_first;
	conf->rx_count = nd->rx_count;
	conf->relay = loom_mac_relay_index(t, node);
	if (nd->parent != LOOM_NO_PARENT)
		conf->parent_relay = loom_mac_relay_index(t, nd->parent);
	conf->config_id = loom_mac_config_id(t);
	conf->nodes = min_t(u32, t->n, U16_MAX);
	return 0;
}

/**
 * loom_mac_init() - set up a MAC on a radio (not started)
 * @mac: the MAC
 * @radio: its radio; the MAC becomes the radio's upper layer on start
 * @clk: the clock the radio runs on
 * @conf: the node's place and slots
 * @tm: the period's timing (loom_mac_timing_compute())
 * @upper: the network layer
 * @priv: for the network layer
 */
void loom_mac_init(struct loom_mac *mac, struct loom_radio *radio,
		   struct loom_clock *clk, const struct loom_mac_conf *conf,
		   const struct loom_mac_timing *tm,
		   const struct loom_mac_upper *upper, void *priv)
{
	memset(mac, 0, sizeof(*mac));
	spin_lock_init(&mac->lock);
	mac->radio = radio;
	mac->clk = clk;
	mac->conf = *conf;
	mac->tm = *tm;
	mac->upper = upper;
	mac->priv = priv;
	INIT_LIST_HEAD(&mac->upq);
	INIT_LIST_HEAD(&mac->downq);
	loom_timer_init(clk, &mac->sched, loom_mac_sched_fire);
	loom_timer_init(clk, &mac->hs_timer, loom_mac_hs_fire);
}

/**
 * loom_mac_start() - join the network
 * @mac: an initialised MAC
 *
 * The coordinator starts a period at once; every other node listens until
 * it hears its parent's refresh.
 *
 * Context: process context; may wait for an RCU grace period (the MAC
 * becomes the radio's upper layer with loom_radio_set_upper()).
 * Return: 0, or the radio's error bringing it to Receive.
 */
int loom_mac_start(struct loom_mac *mac)
{
	struct loom_radio *r = mac->radio;
	u32 n = max_t(u32, LOOM_MAC_DUP_RING,
		      (mac->conf.rx_count + mac->conf.tx_count) *
		      LOOM_MAC_MAX_FAILS + 1);
	int err = 0;

	/*
	 * The last retry of a packet can come LOOM_MAC_MAX_FAILS - 1 cycles
	 * after the first copy arrived; in each cycle every slot this node
	 * takes part in remembers at most one packet.
	 */
	mac->dup = kcalloc(n, sizeof(*mac->dup), GFP_KERNEL);
	if (!mac->dup)
		return -ENOMEM;
	mac->dup_size = n;
	/* Each child has a slot at least; and there is the parent. */
	mac->links = kcalloc(mac->conf.rx_count + 1, sizeof(*mac->links),
			     GFP_KERNEL);
	if (!mac->links) {
		kfree(mac->dup);
		mac->dup = NULL;
		return -ENOMEM;
	}
	mac->n_links = mac->conf.rx_count + 1;
	loom_radio_set_upper(r, &loom_mac_radio_upper, mac);
	spin_lock_bh(&mac->lock);
	if (r->acct.state == LOOM_RADIO_DISABLED)
		err = r->ops->set_state(r, LOOM_RADIO_SLEEP);
	if (!err)
		err = loom_mac_wake(mac);
	if (!err) {
		mac->running = true;
		/* The clock may have measured lateness before: a resumed node. */
		loom_mac_jitter(mac);
		if (loom_mac_is_coord(mac) && !mac->synced) {
			mac->synced = true;
			/* The first period starts now. */
			mac->cyc = mac->tm.cycles;
			mac->next_period = loom_clock_now(mac->clk);
		}
		/* A resumed node sleeps until its predicted refresh. */
		loom_mac_settle(mac);
		loom_mac_plan(mac);
	}
	spin_unlock_bh(&mac->lock);
	return err;
}

/**
 * loom_mac_resume() - take timing saved before a power cycle
 * @mac: an initialised MAC, not started yet
 * @next_period: when a period begins, in the MAC's clock, in the future
 *
 * The MAC starts in sync and sleeps until that period's refresh, as if it
 * had heard the last one; missing the refresh then counts as the second
 * miss in a row (the saved timing is trusted for one period only), and
 * the node listens again.  The coordinator keeps the saved phase, so its
 * network keeps its timing too.
 *
 * Context: before loom_mac_start(), which then takes the MAC live.
 */
void loom_mac_resume(struct loom_mac *mac, u64 next_period)
{
	const struct loom_mac_timing *tm = &mac->tm;

	mac->synced = true;
	mac->missed = loom_mac_is_coord(mac) ? 0 : 1;
	mac->cyc = tm->cycles;
	mac->item = 0;
	mac->next_period = next_period;
	mac->period_start = next_period - tm->period_ns;
	mac->data_start = mac->period_start + tm->refresh_air_ns +
			  (u64)tm->data_offset * tm->unit_ns;
}

/**
 * loom_mac_next_period() - when the next period begins
 * @mac: a started MAC
 *
 * Return: the time in the MAC's clock, or 0 without the network's timing.
 */
u64 loom_mac_next_period(struct loom_mac *mac)
{
	u64 t;

	spin_lock_bh(&mac->lock);
	t = mac->synced && mac->running ? mac->next_period : 0;
	spin_unlock_bh(&mac->lock);
	return t;
}

/**
 * loom_mac_halt() - stop acting, at once, without waiting
 * @mac: a started MAC
 *
 * From here its timers and radio callbacks do nothing and its queues take
 * nothing; loom_mac_stop() then waits for them and frees the queues.
 */
void loom_mac_halt(struct loom_mac *mac)
{
	spin_lock_bh(&mac->lock);
	mac->running = false;
	spin_unlock_bh(&mac->lock);
}

/**
 * loom_mac_stop() - leave the network and free the queues
 * @mac: a started or initialised MAC
 *
 * Context: process context; waits for running timer callbacks.  The
 * radio's owner must make sure no radio callback is still running (a
 * radio stops calling back once its upper is cleared and, for the
 * simulated medium, an RCU grace period has passed).
 */
void loom_mac_stop(struct loom_mac *mac)
{
	struct loom_mac_pkt *p, *tmp;

	spin_lock_bh(&mac->lock);
	mac->running = false;
	spin_unlock_bh(&mac->lock);
	loom_timer_cancel(&mac->sched);
	loom_timer_cancel(&mac->hs_timer);
	spin_lock_bh(&mac->lock);
	list_for_each_entry_safe(p, tmp, &mac->upq, node)
		kfree(p);
	list_for_each_entry_safe(p, tmp, &mac->downq, node)
		kfree(p);
	INIT_LIST_HEAD(&mac->upq);
	INIT_LIST_HEAD(&mac->downq);
	mac->upq_len = 0;
	mac->downq_len = 0;
	mac->hs_pkt = NULL;
	mac->hs = LOOM_HS_IDLE;
	kfree(mac->dup);
	mac->dup = NULL;
	mac->dup_size = 0;
	kfree(mac->links);
	mac->links = NULL;
	mac->n_links = 0;
	spin_unlock_bh(&mac->lock);
}

/**
 * loom_mac_mtu() - the largest network packet a frame carries
 * @mac: the MAC
 *
 * Return: bytes of network header and payload.
 */
u16 loom_mac_mtu(const struct loom_mac *mac)
{
	return min_t(u16, mac->tm.max_frame - LOOM_MAC_OVERHEAD,
		     LOOM_NET_MAX_LEN);
}

/* A packet for @next_hop, checked; on a list of the caller's. */
static struct loom_mac_pkt *loom_mac_pkt_new(struct loom_mac *mac, u8 type,
					     u16 next_hop, const u8 *pkt,
					     u16 len)
{
	bool up = next_hop == mac->conf.parent &&
		  next_hop != LOOM_ADDR_RESERVED;
	struct loom_mac_pkt *p;

	if (len < LOOM_NET_HDR_LEN || len > loom_mac_mtu(mac) ||
	    (type == LOOM_PT_ERROR &&
	     len != LOOM_NET_HDR_LEN + LOOM_ERROR_BODY_LEN))
		return ERR_PTR(-EMSGSIZE);
	if (type != LOOM_PT_DATA && (type != LOOM_PT_ERROR || !up))
		return ERR_PTR(-EINVAL);
	if (!up && loom_addr_parent(next_hop) != mac->conf.addr)
		return ERR_PTR(-EHOSTUNREACH);
	p = kmalloc(struct_size(p, data, len), GFP_ATOMIC);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->next_hop = next_hop;
	p->type = type;
	p->fails = 0;
	p->queued_ns = loom_clock_now(mac->clk);
	p->len = len;
	memcpy(p->data, pkt, len);
	return p;
}

/**
 * loom_mac_pkts_free() - free packets loom_mac_pkts_add() made
 * @pkts: a list of them
 */
void loom_mac_pkts_free(struct list_head *pkts)
{
	struct loom_mac_pkt *p, *tmp;

	list_for_each_entry_safe(p, tmp, pkts, node) {
		list_del(&p->node);
		kfree(p);
	}
}

/**
 * loom_mac_pkts_add() - make a packet for a neighbour, for a batch
 * @mac: the MAC
 * @pkts: the batch: a list the packet is added to
 * @type: LOOM_PT_DATA, or LOOM_PT_ERROR (to the parent only) for a packet
 *	whose payload is an error body
 * @next_hop: the parent, or a child; the same for the whole batch
 * @pkt: the network packet (header and payload)
 * @len: its length
 *
 * Context: any.
 * Return: 0; -EMSGSIZE if it does not fit a frame; -EINVAL for a type
 * that cannot go to @next_hop; -EHOSTUNREACH if @next_hop is neither the
 * parent nor a child; -ENOMEM.
 */
int loom_mac_pkts_add(struct loom_mac *mac, struct list_head *pkts, u8 type,
		      u16 next_hop, const u8 *pkt, u16 len)
{
	struct loom_mac_pkt *p = loom_mac_pkt_new(mac, type, next_hop, pkt,
						  len);

	if (IS_ERR(p))
		return PTR_ERR(p);
	list_add_tail(&p->node, pkts);
	return 0;
}

/**
 * loom_mac_queue() - queue a batch of packets, all of them or none
 * @mac: the MAC
 * @pkts: packets from loom_mac_pkts_add(), all for one next hop; emptied
 *	on success, left to the caller on failure
 * @n: how many
 *
 * A datagram's fragments go in together: no handshake can take the first
 * while the last might still be refused.
 *
 * Context: any; must not be called with the MAC's lock held.
 * Return: 0; -ENOBUFS if the queue cannot take them all; -ENETDOWN if the
 * MAC is not running.
 */
int loom_mac_queue(struct loom_mac *mac, struct list_head *pkts, u32 n)
{
	struct loom_mac_pkt *first;
	bool up;
	int err = 0;

	first = list_first_entry_or_null(pkts, struct loom_mac_pkt, node);
	if (!first)
		return 0;
	up = first->next_hop == mac->conf.parent &&
	     first->next_hop != LOOM_ADDR_RESERVED;
	spin_lock_bh(&mac->lock);
	if (!mac->running) {
		/* Stopping: the queues are about to be freed. */
		err = -ENETDOWN;
	} else if ((up ? mac->upq_len : mac->downq_len) + n >
		   LOOM_MAC_QUEUE_MAX) {
		mac->stats.queue_full++;
		err = -ENOBUFS;
	} else if (up) {
		list_splice_tail_init(pkts, &mac->upq);
		mac->upq_len += n;
	} else {
		list_splice_tail_init(pkts, &mac->downq);
		mac->downq_len += n;
	}
	spin_unlock_bh(&mac->lock);
	return err;
}

/**
 * loom_mac_enqueue() - queue a network packet for a neighbour
 * @mac: the MAC
 * @type: LOOM_PT_DATA, or LOOM_PT_ERROR (to the parent only) for a packet
 *	whose payload is an error body
 * @next_hop: the parent, or a child
 * @pkt: the network packet (header and payload)
 * @len: its length
 *
 * Context: any; must not be called with the MAC's lock held.
 * Return: 0; -EMSGSIZE if it does not fit a frame; -EHOSTUNREACH if
 * @next_hop is neither the parent nor a child; -ENOBUFS if the queue is
 * full; -ENETDOWN if the MAC is not running; -ENOMEM.
 */
int loom_mac_enqueue(struct loom_mac *mac, u8 type, u16 next_hop,
		     const u8 *pkt, u16 len)
{
	LIST_HEAD(one);
	int err;

	err = loom_mac_pkts_add(mac, &one, type, next_hop, pkt, len);
	if (!err)
		err = loom_mac_queue(mac, &one, 1);
	loom_mac_pkts_free(&one);
	return err;
}

/**
 * loom_mac_purge() - drop the queued fragments of one datagram
 * @mac: the MAC
 * @src: the datagram's original source
 * @frame_id: its frame id
 *
 * A fragment given up on takes the rest of its sequence with it (the Loom
 * design): the receiver could never complete it.  The packet a handshake
 * is carrying right now stays; it fails or succeeds on its own.
 *
 * Context: any; must not be called with the MAC's lock held.
 * Return: packets dropped.
 */
u32 loom_mac_purge(struct loom_mac *mac, u16 src, u8 frame_id)
{
	struct loom_mac_pkt *p, *tmp;
	struct loom_net_hdr h;
	LIST_HEAD(gone);
	u32 n = 0;

	spin_lock_bh(&mac->lock);
	list_for_each_entry_safe(p, tmp, &mac->upq, node) {
		loom_net_hdr_get(p->data, &h);
		if (p != mac->hs_pkt && p->type == LOOM_PT_DATA &&
		    h.src == src && h.frame_id == frame_id) {
			list_move(&p->node, &gone);
			mac->upq_len--;
			n++;
		}
	}
	list_for_each_entry_safe(p, tmp, &mac->downq, node) {
		loom_net_hdr_get(p->data, &h);
		if (p != mac->hs_pkt && h.src == src &&
		    h.frame_id == frame_id) {
			list_move(&p->node, &gone);
			mac->downq_len--;
			n++;
		}
	}
	spin_unlock_bh(&mac->lock);
	list_for_each_entry_safe(p, tmp, &gone, node)
		kfree(p);
	return n;
}
