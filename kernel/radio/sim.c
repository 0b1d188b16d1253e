// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated LoRa medium.
 *
 * A frame goes on the air when its sender calls xmit and leaves it one time
 * on air later (lora.c), on the medium's clock.  Then every radio with an
 * edge from the sender is judged (medium.c): it must have listened from the
 * first symbol to the last (half duplex: a sender hears nothing; a radio
 * that slept or changed state meanwhile is deaf), be on the same channel,
 * hear it above sensitivity, survive overlapping frames, and the link's
 * loss.  Callbacks to the layer above run without the medium's lock.
 */
#include <linux/export.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "sim.h"

/**
 * struct loom_sim_air - a frame on the air
 * @node: in &loom_sim_medium.air
 * @tx: its sender
 * @f: time span and channel (rssi/snr are per receiver)
 * @ended: has left the air
 * @len: frame length
 * @data: the frame
 */
struct loom_sim_air {
	struct list_head node;
	struct loom_sim_radio *tx;
	struct loom_air_frame f;
	bool ended;
	u16 len;
	u8 data[];
};

/**
 * struct loom_sim_rx - a delivery decided under the lock, made after it
 * @sr: the receiver
 * @info: what it learns of the frame
 */
struct loom_sim_rx {
	struct loom_sim_radio *sr;
	struct loom_radio_rx_info info;
};

static struct loom_sim_radio *loom_sim(struct loom_radio *r)
{
	return container_of(r, struct loom_sim_radio, radio);
}

static void loom_sim_air_free(struct loom_sim_air *air)
{
	kfree(air);
}

static bool loom_sim_same_channel(const struct loom_lora_params *p,
				  const struct loom_air_frame *f)
{
	return p->freq_hz == f->freq_hz && p->bw_hz == f->bw_hz &&
	       p->sf == f->sf;
}

/* Under the lock: change state, counting time; @from gets the old one. */
static int loom_sim_enter(struct loom_sim_radio *sr, u8 to, u8 *from)
{
	int err;

	u64 now = loom_clock_now(sr->m->clk);

	*from = sr->radio.acct.state;
	err = loom_radio_acct_enter(&sr->radio.acct, to, now);
	if (!err)
		sr->rx_since = now;
	return err;
}

static void loom_sim_notify(struct loom_sim_radio *sr, u8 from, u8 to)
{
	/* loom_radio_set_upper() waits for this section to end. */
	rcu_read_lock();
	loom_radio_state_changed(&sr->radio, from, to);
	rcu_read_unlock();
}

static int loom_sim_set_state(struct loom_radio *r, u8 to)
{
	struct loom_sim_radio *sr = loom_sim(r);
	u8 from;
	int err;

	/* Transmit is entered by xmit and left by tx_end only. */
	if (to == LOOM_RADIO_TRANSMIT)
		return -EINVAL;
	spin_lock_bh(&sr->m->lock);
	if (sr->dead)
		err = -ENODEV;
	else
		err = sr->tx_frame ? -EBUSY : loom_sim_enter(sr, to, &from);
	spin_unlock_bh(&sr->m->lock);
	if (!err)
		loom_sim_notify(sr, from, to);
	return err;
}

static int loom_sim_set_params(struct loom_radio *r,
			       const struct loom_lora_params *p)
{
	return loom_sim_radio_configure(loom_sim(r), p, -1);
}

static int loom_sim_cad(struct loom_radio *r)
{
	struct loom_sim_radio *sr = loom_sim(r);
	struct loom_sim_medium *m = sr->m;
	s32 sens = loom_lora_sensitivity_mdbm(&r->params);
	struct loom_sim_air *air;
	int busy = 0;

	spin_lock_bh(&m->lock);
	list_for_each_entry(air, &m->air, node) {
		const struct loom_sim_edge *e;

		if (sr->dead)
			break;
		e = &m->edges[air->tx->idx * m->cap + sr->idx];

		if (!air->ended && air->tx != sr && e->present &&
		    e->rssi_mdbm >= sens &&
		    loom_sim_same_channel(&r->params, &air->f)) {
			busy = 1;
			break;
		}
	}
	spin_unlock_bh(&m->lock);
	return busy;
}

static int loom_sim_xmit(struct loom_radio *r, const u8 *frame, u16 len)
{
	struct loom_sim_radio *sr = loom_sim(r);
	struct loom_sim_medium *m = sr->m;
	struct loom_sim_air *air;
	u64 now;
	u8 from;
	int err;

	if (!len || len > r->max_frame)
		return -EMSGSIZE;
	air = kzalloc(struct_size(air, data, len), GFP_ATOMIC);
	if (!air)
		return -ENOMEM;
	air->tx = sr;
	air->len = len;
	memcpy(air->data, frame, len);

	spin_lock_bh(&m->lock);
	if (sr->dead || sr->tx_frame || r->acct.state != LOOM_RADIO_RECEIVE) {
		err = sr->dead ? -ENODEV : -EBUSY;
		spin_unlock_bh(&m->lock);
		loom_sim_air_free(air);
		return err;
	}
	err = loom_sim_enter(sr, LOOM_RADIO_TRANSMIT, &from);
	now = loom_clock_now(m->clk);
	air->f.start_ns = now;
	air->f.end_ns = now + loom_lora_airtime_ns(&r->params, len);
	air->f.freq_hz = r->params.freq_hz;
	air->f.bw_hz = r->params.bw_hz;
	air->f.sf = r->params.sf;
	list_add_tail(&air->node, &m->air);
	sr->tx_frame = air;
	r->stats.tx_frames++;
	loom_timer_start(&sr->tx_end, air->f.end_ns);
	spin_unlock_bh(&m->lock);
	if (!err)
		loom_sim_notify(sr, from, LOOM_RADIO_TRANSMIT);
	return 0;
}

/* Under the lock: the verdict for @air at receiver @o. */
static int loom_sim_judge(struct loom_sim_medium *m, struct loom_sim_air *air,
			  struct loom_sim_radio *o, struct loom_air_frame *scratch,
			  struct loom_air_frame *f)
{
	const struct loom_sim_edge *e = &m->edges[air->tx->idx * m->cap + o->idx];
	struct loom_sim_air *x;
	unsigned int n = 0;

	*f = air->f;
	f->rssi_mdbm = e->rssi_mdbm;
	f->snr_mdb = e->snr_mdb;
	list_for_each_entry(x, &m->air, node) {
		const struct loom_sim_edge *xe;

		if (x == air || x->tx == o)
			continue;
		xe = &m->edges[x->tx->idx * m->cap + o->idx];
		if (!xe->present || !loom_air_interferes(f, &x->f))
			continue;
		scratch[n] = x->f;
		scratch[n].rssi_mdbm = xe->rssi_mdbm;
		scratch[n++].snr_mdb = xe->snr_mdb;
	}
	return loom_medium_judge(&o->radio.params, f, scratch, n, e->loss_ppm,
				 &m->rng);
}

/* Under the lock: forget ended frames that overlap nothing still on air. */
static void loom_sim_prune(struct loom_sim_medium *m, struct loom_sim_air *keep,
			   struct list_head *dead)
{
	struct loom_sim_air *air, *tmp;
	u64 oldest = U64_MAX;

	list_for_each_entry(air, &m->air, node)
		if (!air->ended && air->f.start_ns < oldest)
			oldest = air->f.start_ns;
	list_for_each_entry_safe(air, tmp, &m->air, node)
		if (air->ended && air != keep && air->f.end_ns <= oldest)
			list_move(&air->node, dead);
}

/*
 * Deliveries and interferers of one frame fit on the stack when few (a
 * tree's links: a parent and a few children); more are allocated.  Nothing
 * is allocated per frame otherwise, which keeps long virtual runs cheap.
 */
#define LOOM_SIM_STACK	8

static void loom_sim_tx_end(struct loom_timer *t)
{
	struct loom_sim_radio *sr = container_of(t, struct loom_sim_radio, tx_end);
	struct loom_air_frame scratch_stack[LOOM_SIM_STACK], *scratch, f;
	struct loom_sim_rx rx_stack[LOOM_SIM_STACK], *rx;
	struct loom_sim_medium *m = sr->m;
	u8 data[LOOM_LORA_MAX_PAYLOAD];
	unsigned int nrx = 0, nair = 0, ncand = 0, i;
	struct loom_sim_air *air, *tmp;
	LIST_HEAD(dead);
	u16 len;
	u8 from;
	int err;

	spin_lock_bh(&m->lock);
	air = sr->tx_frame;
	if (!air) {
		spin_unlock_bh(&m->lock);
		return;
	}
	list_for_each_entry(tmp, &m->air, node)
		nair++;
	for (i = 0; i < m->cap; i++)
		ncand += m->radios[i] && m->edges[sr->idx * m->cap + i].present;
	rx = ncand <= LOOM_SIM_STACK ? rx_stack :
	     kmalloc_array(ncand, sizeof(*rx), GFP_ATOMIC);
	scratch = nair <= LOOM_SIM_STACK ? scratch_stack :
		  kmalloc_array(nair, sizeof(*scratch), GFP_ATOMIC);
	for (i = 0; i < m->cap; i++) {
		struct loom_sim_radio *o = m->radios[i];
		struct loom_radio_stats *st;

		if (!o || o == sr || !m->edges[sr->idx * m->cap + i].present ||
		    !loom_sim_same_channel(&o->radio.params, &air->f))
			continue;
		st = &o->radio.stats;
		if (o->radio.acct.state != LOOM_RADIO_RECEIVE ||
		    o->rx_since > air->f.start_ns) {
			st->rx_deaf++;
			continue;
		}
		if (!rx || !scratch) {	/* out of memory: a counted loss */
			st->rx_lost++;
			continue;
		}
		switch (loom_sim_judge(m, air, o, scratch, &f)) {
		case LOOM_RX_OK:
			st->rx_frames++;
			rx[nrx].sr = o;
			rx[nrx].info.link_src = NULL;
			rx[nrx].info.rssi_mdbm = f.rssi_mdbm;
			rx[nrx].info.snr_mdb = f.snr_mdb;
			rx[nrx++].info.timestamp_ns = air->f.end_ns;
			break;
		case LOOM_RX_WEAK:
			st->rx_weak++;
			break;
		case LOOM_RX_LOST:
			st->rx_lost++;
			break;
		default:
			st->rx_collision++;
			break;
		}
	}
	/* Another radio's tx_end may free @air once the lock is dropped. */
	len = min_t(u16, air->len, sizeof(data));
	memcpy(data, air->data, len);
	air->ended = true;
	sr->tx_frame = NULL;
	err = loom_sim_enter(sr, LOOM_RADIO_RECEIVE, &from);
	loom_sim_prune(m, air, &dead);
	spin_unlock_bh(&m->lock);

	/* Receivers deleted meanwhile are freed only after this section. */
	rcu_read_lock();
	if (!err)
		loom_radio_state_changed(&sr->radio, from, LOOM_RADIO_RECEIVE);
	loom_radio_tx_done(&sr->radio, 0);
	for (i = 0; i < nrx; i++)
		loom_radio_deliver(&rx[i].sr->radio, data, len, &rx[i].info);
	rcu_read_unlock();
	if (rx != rx_stack)
		kfree(rx);
	if (scratch != scratch_stack)
		kfree(scratch);
	/* @air stays listed while it may still overlap a frame on the air. */
	list_for_each_entry_safe(air, tmp, &dead, node)
		loom_sim_air_free(air);
}

static void loom_sim_get_info(const struct loom_radio *r,
			      struct loom_radio_info *info)
{
	struct loom_sim_radio *sr = container_of(r, struct loom_sim_radio,
						 radio);

	info->has_time = true;
	spin_lock_bh(&sr->m->lock);
	loom_radio_acct_read(&r->acct, loom_clock_now(sr->m->clk),
			     info->time_ns);
	spin_unlock_bh(&sr->m->lock);
}

static const struct loom_radio_ops loom_sim_ops = {
	.set_state = loom_sim_set_state,
	.xmit = loom_sim_xmit,
	.cad = loom_sim_cad,
	.set_params = loom_sim_set_params,
	.get_info = loom_sim_get_info,
};

/**
 * loom_sim_medium_init() - an empty medium
 * @m: the medium
 * @clk: its clock (real or virtual)
 * @cap: most radios it holds
 * @seed: seed of its loss generator
 *
 * Return: 0 or -ENOMEM.
 */
int loom_sim_medium_init(struct loom_sim_medium *m, struct loom_clock *clk,
			 u32 cap, u64 seed)
{
	m->clk = clk;
	spin_lock_init(&m->lock);
	m->rng = seed;
	m->cap = cap;
	INIT_LIST_HEAD(&m->air);
	m->radios = kcalloc(cap, sizeof(*m->radios), GFP_KERNEL);
	m->edges = kvcalloc((size_t)cap * cap, sizeof(*m->edges), GFP_KERNEL);
	if (!m->radios || !m->edges) {
		kfree(m->radios);
		kvfree(m->edges);
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(loom_sim_medium_init, LOOM);

/**
 * loom_sim_medium_destroy() - free a medium whose radios are all deleted
 * @m: the medium
 */
void loom_sim_medium_destroy(struct loom_sim_medium *m)
{
	struct loom_sim_air *air, *tmp;

	list_for_each_entry_safe(air, tmp, &m->air, node)
		loom_sim_air_free(air);
	kfree(m->radios);
	kvfree(m->edges);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_medium_destroy, LOOM);

/**
 * loom_sim_radio_add() - a new radio, Disabled, with default parameters
 * @m: the medium
 * @up: the layer above, or NULL
 * @priv: for the layer above
 *
 * Context: process context.
 * Return: the radio, or ERR_PTR(-ENOSPC / -ENOMEM).
 */
struct loom_sim_radio *loom_sim_radio_add(struct loom_sim_medium *m,
					  const struct loom_radio_upper *up,
					  void *priv)
{
	struct loom_sim_radio *sr = kzalloc(sizeof(*sr), GFP_KERNEL);
	u32 i;

	if (!sr)
		return ERR_PTR(-ENOMEM);
	sr->m = m;
	sr->radio.ops = &loom_sim_ops;
	sr->radio.upper = up;
	sr->radio.upper_priv = priv;
	sr->radio.max_frame = LOOM_LORA_MAX_PAYLOAD;
	sr->radio.kind = LOOM_RADIO_KIND_HWSIM;
	sr->radio.movable = true;
	INIT_LIST_HEAD(&sr->radio.taps);
	loom_lora_params_default(&sr->radio.params);
	loom_timer_init(m->clk, &sr->tx_end, loom_sim_tx_end);

	spin_lock_bh(&m->lock);
	for (i = 0; i < m->cap && m->radios[i]; i++)
		;
	if (i == m->cap) {
		spin_unlock_bh(&m->lock);
		kfree(sr);
		return ERR_PTR(-ENOSPC);
	}
	sr->idx = i;
	sr->radio.id = i;
	loom_radio_acct_init(&sr->radio.acct, loom_clock_now(m->clk));
	sr->rx_since = loom_clock_now(m->clk);
	m->radios[i] = sr;
	spin_unlock_bh(&m->lock);
	return sr;
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_add, LOOM);

/**
 * loom_sim_radio_unlink() - take a radio off the medium, even mid-frame
 * @sr: the radio
 *
 * Its frame in flight is dropped from the air unheard, and its ended frames
 * stop counting as interference; its edges go, and its ops refuse from now
 * on.  It is not freed: a delivery to it may still be running on another
 * CPU until an RCU grace period has passed (loom_sim_radio_free()).
 *
 * Context: process context, not from a radio callback.
 */
void loom_sim_radio_unlink(struct loom_sim_radio *sr)
{
	struct loom_sim_medium *m = sr->m;
	struct loom_sim_air *air, *tmp;
	LIST_HEAD(dead);
	u32 i;

	spin_lock_bh(&m->lock);
	/* From here its ops refuse, so no new frame or timer appears. */
	sr->dead = true;
	/* Its frames, on the air or ended, must not outlive it. */
	list_for_each_entry_safe(air, tmp, &m->air, node)
		if (air->tx == sr)
			list_move(&air->node, &dead);
	sr->tx_frame = NULL;
	m->radios[sr->idx] = NULL;
	for (i = 0; i < m->cap; i++) {
		m->edges[sr->idx * m->cap + i].present = false;
		m->edges[i * m->cap + sr->idx].present = false;
	}
	spin_unlock_bh(&m->lock);
	/* Waits for a running tx_end, which finds no frame and returns. */
	loom_timer_cancel(&sr->tx_end);
	/* Frames are only ever touched under the lock: free them now. */
	list_for_each_entry_safe(air, tmp, &dead, node)
		loom_sim_air_free(air);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_unlink, LOOM);

/**
 * loom_sim_radio_free() - free an unlinked radio
 * @sr: the radio, unlinked at least one RCU grace period ago
 *
 * Deleting many radios costs one grace period: unlink them all, call
 * synchronize_rcu() once, then free them.
 */
void loom_sim_radio_free(struct loom_sim_radio *sr)
{
	kfree(sr);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_free, LOOM);

/**
 * loom_sim_radio_del() - remove and free a radio, even with a frame in flight
 * @sr: the radio
 *
 * Context: process context, not from a radio callback; waits for an RCU
 * grace period, so that no delivery to it is still running.
 */
void loom_sim_radio_del(struct loom_sim_radio *sr)
{
	loom_sim_radio_unlink(sr);
	synchronize_rcu();
	loom_sim_radio_free(sr);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_del, LOOM);

/**
 * loom_sim_radio_configure() - change modulation and state in one step
 * @sr: the radio
 * @p: new modulation, or NULL to keep it
 * @state: enum loom_radio_state to reach, passing through the states in
 *	between (each transition counted and notified), or -1 to keep it
 *
 * All or nothing: nothing changes unless everything can.
 *
 * Return: 0; -EINVAL (-ERANGE: frequency) for bad parameters, or for Transmit (entered by
 * sending only); -EBUSY while a frame is on the air; -ENODEV once deleted.
 */
int loom_sim_radio_configure(struct loom_sim_radio *sr,
			     const struct loom_lora_params *p, int state)
{
	struct loom_sim_medium *m = sr->m;
	u8 path[__LOOM_RADIO_STATE_MAX + 1];
	unsigned int n = 0, i;
	int err = 0;
	u8 from;

	if (state >= LOOM_RADIO_TRANSMIT || state < -1)
		return -EINVAL;
	err = p ? loom_lora_params_check(p) : 0;
	if (err)
		return err;
	spin_lock_bh(&m->lock);
	if (sr->dead) {
		err = -ENODEV;
	} else if (sr->tx_frame) {
		err = -EBUSY;
	} else {
		if (p) {
			sr->radio.params = *p;
			/* A new channel: a frame already under way is missed. */
			sr->rx_since = loom_clock_now(m->clk);
		}
		/* Disabled, Sleep, Receive form a line: walk along it. */
		path[0] = sr->radio.acct.state;
		while (state >= 0 && path[n] != state) {
			u8 to = state > path[n] ? path[n] + 1 : path[n] - 1;

			if (WARN_ON_ONCE(loom_sim_enter(sr, to, &from)))
				break;
			path[++n] = to;
		}
	}
	spin_unlock_bh(&m->lock);
	for (i = 0; i < n; i++)
		loom_sim_notify(sr, path[i], path[i + 1]);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_configure, LOOM);

/**
 * loom_sim_radio_read() - a consistent copy of a radio's state
 * @sr: the radio
 * @out: receives its parameters, accounting and counters
 */
void loom_sim_radio_read(struct loom_sim_radio *sr, struct loom_radio *out)
{
	spin_lock_bh(&sr->m->lock);
	*out = sr->radio;
	spin_unlock_bh(&sr->m->lock);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_radio_read, LOOM);

/* Write @in to, or read @out from, the edge @from -> @to of two radios. */
static int loom_sim_edge_copy(struct loom_sim_medium *m, u32 from, u32 to,
			      const struct loom_sim_edge *in,
			      struct loom_sim_edge *out)
{
	struct loom_sim_edge *slot;
	int err = 0;

	if (from >= m->cap || to >= m->cap)
		return -ENODEV;
	spin_lock_bh(&m->lock);
	slot = &m->edges[from * m->cap + to];
	if (!m->radios[from] || !m->radios[to])
		err = -ENODEV;
	else if (in)
		*slot = *in;
	else
		*out = *slot;
	spin_unlock_bh(&m->lock);
	return err;
}

/**
 * loom_sim_edge_set() - set how radio @to hears radio @from
 * @m: the medium
 * @from: sender index
 * @to: receiver index
 * @e: the edge; @e->present false deletes it
 *
 * Return: 0, -EINVAL for a loop, a loss above 1000000 ppm, RSSI outside
 * -200..50 dBm or SNR outside -100..100 dB, -ENODEV for a radio that does
 * not exist.
 */
int loom_sim_edge_set(struct loom_sim_medium *m, u32 from, u32 to,
		      const struct loom_sim_edge *e)
{
	if (from == to || e->loss_ppm > 1000000 ||
	    e->rssi_mdbm < -200000 || e->rssi_mdbm > 50000 ||
	    e->snr_mdb < -100000 || e->snr_mdb > 100000)
		return -EINVAL;
	return loom_sim_edge_copy(m, from, to, e, NULL);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_edge_set, LOOM);

/**
 * loom_sim_edge_get() - how radio @to hears radio @from
 * @m: the medium
 * @from: sender index
 * @to: receiver index
 * @e: receives the edge (@e->present false: none)
 *
 * Return: 0, or -ENODEV for a radio that does not exist.
 */
int loom_sim_edge_get(struct loom_sim_medium *m, u32 from, u32 to,
		      struct loom_sim_edge *e)
{
	return loom_sim_edge_copy(m, from, to, NULL, e);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_edge_get, LOOM);

/**
 * loom_sim_reseed() - restart the medium's loss generator
 * @m: the medium
 * @seed: the new seed
 */
void loom_sim_reseed(struct loom_sim_medium *m, u64 seed)
{
	spin_lock_bh(&m->lock);
	m->rng = seed;
	spin_unlock_bh(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(loom_sim_reseed, LOOM);
