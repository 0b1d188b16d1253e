// SPDX-License-Identifier: GPL-2.0
/*
 * Dhyara datagrams in chunks (Documentation/dhyara-wire-format.rst,
 * "Datagrams in chunks").
 *
 * The sender gives a datagram an id, cuts it evenly into CNK frames
 * (loom_dhy_chunk_count(), loom_dhy_chunk_span()) and keeps it in a
 * bounded table until its DLV comes or its time runs out; a datagram
 * whose outcome nobody awaits goes in CNU frames and takes no entry.  The
 * destination puts the chunks together in any order, in a bounded number
 * of slots within a byte budget; a complete datagram of CNK frames
 * produces a DLV, one of CNU frames none, a datagram whose chunk was lost
 * produces none and is dropped when its time is up.  Nothing is
 * retransmitted: a lost chunk costs the datagram, and the sender's
 * timeout says so.
 *
 * Locking and context: chunk.h.
 */
#include <linux/slab.h>

#include "chunk.h"
#include "../radio/radio.h"

/* Every radio carries every Dhyara control frame whole. */
#if LOOM_RADIO_FRAME_MIN - LOOM_DHY_ROUTED_OVERHEAD - \
	LOOM_DHY_ICMP_HDR_LEN < 0 || \
	LOOM_RADIO_FRAME_MIN - LOOM_DHY_ROUTED_OVERHEAD - \
	LOOM_DHY_ICMPX_HDR_LEN - LOOM_DHY_ICMPX_QUOTE_MAX < 0 || \
	LOOM_RADIO_FRAME_MIN - LOOM_DHY_ROUTED_OVERHEAD - \
	LOOM_DHY_CNK_HDR_LEN < 1
#error "a radio's smallest largest frame cannot hold a Dhyara frame"
#endif

/**
 * loom_dhy_reasm_init() - prepare reassembly at a node
 * @r: the context
 * @self: the node's address
 * @slots: datagrams in progress at once, at least 1
 * @max_bytes: bytes they may hold together
 * @timeout_ns: how long a datagram may take, from its first chunk
 *
 * Context: process (allocates with GFP_KERNEL).
 * Return: 0, -EINVAL for no slots or an address that is not unicast, or
 * -ENOMEM.
 */
int loom_dhy_reasm_init(struct loom_dhy_reasm *r, const u8 *self,
			unsigned int slots, size_t max_bytes, u64 timeout_ns)
{
	memset(r, 0, sizeof(*r));
	if (!slots || !is_valid_ether_addr(self))
		return -EINVAL;
	r->slots = kcalloc(slots, sizeof(*r->slots), GFP_KERNEL);
	/* Room to remember twice as many delivered datagrams as slots. */
	r->ndone = 2 * slots;
	r->done = kcalloc(r->ndone, sizeof(*r->done), GFP_KERNEL);
	if (!r->slots || !r->done) {
		kfree(r->slots);
		kfree(r->done);
		return -ENOMEM;
	}
	spin_lock_init(&r->lock);
	ether_addr_copy(r->self, self);
	r->nslots = slots;
	r->max_bytes = max_bytes;
	r->timeout_ns = timeout_ns;
	return 0;
}

static void loom_dhy_slot_free(struct loom_dhy_reasm *r,
			       struct loom_dhy_reasm_slot *s)
{
	r->bytes -= s->total;
	kfree(s->buf);
	s->buf = NULL;
	s->used = false;
}

/**
 * loom_dhy_reasm_destroy() - free what reassembly holds
 * @r: the context, no longer used by anyone
 */
void loom_dhy_reasm_destroy(struct loom_dhy_reasm *r)
{
	unsigned int i;

	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].used)
			loom_dhy_slot_free(r, &r->slots[i]);
	kfree(r->slots);
	kfree(r->done);
	r->slots = NULL;
	r->done = NULL;
	r->nslots = 0;
	r->ndone = 0;
}

/* The report to @origin about @msg_id. */
static void loom_dhy_dlv_fill(const struct loom_dhy_reasm *r,
			      struct loom_dhy_reasm_result *res,
			      const u8 *origin, u16 msg_id, u8 outcome)
{
	struct loom_dhy_frame *d = &res->dlv;

	res->send_dlv = true;
	d->type = LOOM_DHY_T_DLV;
	ether_addr_copy(d->dst, origin);
	ether_addr_copy(d->src, r->self);
	d->hop_limit = LOOM_DHY_HOP_LIMIT;
	d->dlv.msg_id = msg_id;
	d->dlv.outcome = outcome;
}

/* The chunk's origin awaits a DLV: a CNK, not a CNU. */
static bool loom_dhy_wants_report(const struct loom_dhy_frame *f)
{
	return f->type == LOOM_DHY_T_CNK;
}

static struct loom_dhy_reasm_done_id *
loom_dhy_done_find(struct loom_dhy_reasm *r, const struct loom_dhy_frame *f,
		   u64 now_ns)
{
	unsigned int i;

	for (i = 0; i < r->ndone; i++) {
		struct loom_dhy_reasm_done_id *d = &r->done[i];

		if (d->used && d->msg_id == f->cnk.msg_id &&
		    ether_addr_equal(d->origin, f->src)) {
			if (now_ns >= d->until_ns) {
				d->used = false;
				return NULL;
			}
			return d;
		}
	}
	return NULL;
}

/* Delivered: remember it, hand it over, report it. */
static int loom_dhy_reasm_done(struct loom_dhy_reasm *r,
			       const struct loom_dhy_frame *f, u8 *data,
			       u64 now_ns, struct loom_dhy_reasm_result *res)
{
	struct loom_dhy_reasm_done_id *d = &r->done[r->done_next];

	r->done_next = (r->done_next + 1) % r->ndone;
	ether_addr_copy(d->origin, f->src);
	d->msg_id = f->cnk.msg_id;
	d->total = f->cnk.total;
	d->count = f->cnk.count;
	d->report = loom_dhy_wants_report(f);
	d->until_ns = now_ns + r->timeout_ns;
	d->used = true;

	r->st.chunks++;
	r->st.delivered++;
	res->data = data;
	res->len = f->cnk.total;
	ether_addr_copy(res->origin, f->src);
	res->msg_id = f->cnk.msg_id;
	if (d->report)
		loom_dhy_dlv_fill(r, res, f->src, f->cnk.msg_id,
				  LOOM_DHY_OUT_DELIVERED);
	return LOOM_DHY_REASM_DONE;
}

/*
 * Refused for want of room, counted: one DLV per datagram, not one per
 * chunk, and none for a CNU's.
 */
static int loom_dhy_reasm_refuse(struct loom_dhy_reasm *r,
				 const struct loom_dhy_frame *f, u64 *counter,
				 int err, struct loom_dhy_reasm_result *res)
{
	(*counter)++;
	if (!loom_dhy_wants_report(f))
		return err;
	if (r->refused && r->refused_id == f->cnk.msg_id &&
	    ether_addr_equal(r->refused_origin, f->src))
		return err;
	r->refused = true;
	r->refused_id = f->cnk.msg_id;
	ether_addr_copy(r->refused_origin, f->src);
	r->st.no_room_dlv++;
	loom_dhy_dlv_fill(r, res, f->src, f->cnk.msg_id, LOOM_DHY_OUT_NO_ROOM);
	return err;
}

static struct loom_dhy_reasm_slot *
loom_dhy_slot_find(struct loom_dhy_reasm *r, const struct loom_dhy_frame *f)
{
	unsigned int i;

	for (i = 0; i < r->nslots; i++) {
		struct loom_dhy_reasm_slot *s = &r->slots[i];

		if (s->used && s->msg_id == f->cnk.msg_id &&
		    ether_addr_equal(s->origin, f->src))
			return s;
	}
	return NULL;
}

/* A slot for a new datagram of two or more chunks, or an error. */
static int loom_dhy_slot_new(struct loom_dhy_reasm *r,
			     const struct loom_dhy_frame *f, u64 now_ns,
			     struct loom_dhy_reasm_result *res,
			     struct loom_dhy_reasm_slot **out)
{
	struct loom_dhy_reasm_slot *s = NULL;
	unsigned int i;

	for (i = 0; i < r->nslots && !s; i++)
		if (!r->slots[i].used)
			s = &r->slots[i];
	if (!s)
		return loom_dhy_reasm_refuse(r, f, &r->st.full, -ENOBUFS, res);
	if (r->bytes + f->cnk.total > r->max_bytes)
		return loom_dhy_reasm_refuse(r, f, &r->st.over_budget,
					     -ENOBUFS, res);
	s->buf = kmalloc(f->cnk.total, GFP_ATOMIC);
	if (!s->buf)
		return loom_dhy_reasm_refuse(r, f, &r->st.nomem, -ENOMEM, res);
	s->used = true;
	ether_addr_copy(s->origin, f->src);
	s->msg_id = f->cnk.msg_id;
	s->total = f->cnk.total;
	s->count = f->cnk.count;
	s->report = loom_dhy_wants_report(f);
	s->got = 0;
	s->deadline_ns = now_ns + r->timeout_ns;
	bitmap_zero(s->have, LOOM_DHY_CHUNKS_MAX);
	r->bytes += s->total;
	*out = s;
	return 0;
}

/**
 * loom_dhy_reasm_push() - take a chunk addressed to this node
 * @r: the node's reassembly
 * @f: a CNK or CNU that loom_dhy_frame_decode() accepted, whose
 *	destination is the node
 * @now_ns: the caller's clock
 * @res: what the chunk completed, and the DLV to send, if any
 *
 * Chunks come in any order.  A chunk already held, or one of a datagram
 * delivered within the timeout, is ignored.  A chunk whose origin and id
 * match a datagram in progress but whose count, total or type differ
 * means the origin started a new datagram under that id: the old one is
 * dropped.  A datagram of one chunk needs no slot.  A new datagram is
 * refused when every slot is taken or it would exceed the byte budget;
 * the first of its chunks refused produces a DLV saying so.  CNK and CNU
 * are treated alike but for the report: a datagram of CNU chunks
 * produces no DLV, delivered or refused (a refusal is counted as any).
 *
 * Context: process or softirq; takes @r->lock.
 * Return: LOOM_DHY_REASM_DONE (@res->data holds the datagram and, for
 * CNK, @res->dlv reports it), LOOM_DHY_REASM_MORE, -EALREADY for a
 * duplicate, -ENOBUFS (no slot, or over the byte budget) or -ENOMEM, each
 * counted (@res->send_dlv may be set), or -EINVAL if @f is no chunk for
 * the node.
 */
int loom_dhy_reasm_push(struct loom_dhy_reasm *r,
			const struct loom_dhy_frame *f, u64 now_ns,
			struct loom_dhy_reasm_result *res)
{
	struct loom_dhy_reasm_done_id *d;
	struct loom_dhy_reasm_slot *s;
	u16 off, len;
	int ret = LOOM_DHY_REASM_MORE;
	u8 *data;

	memset(res, 0, sizeof(*res));
	if (!loom_dhy_is_chunk(f->type) || !ether_addr_equal(f->dst, r->self) ||
	    loom_dhy_chunk_span(f->cnk.total, f->cnk.count, f->cnk.index,
				&off, &len) || len != f->payload_len)
		return -EINVAL;

	spin_lock_bh(&r->lock);
	d = loom_dhy_done_find(r, f, now_ns);
	if (d && d->total == f->cnk.total && d->count == f->cnk.count &&
	    d->report == loom_dhy_wants_report(f)) {
		r->st.dups++;
		ret = -EALREADY;
		goto out;
	}
	if (d)
		d->used = false;	/* the id begins a new datagram */

	if (f->cnk.count == 1) {
		data = kmalloc(len ? len : 1, GFP_ATOMIC);
		if (!data) {
			ret = loom_dhy_reasm_refuse(r, f, &r->st.nomem, -ENOMEM,
						    res);
			goto out;
		}
		memcpy(data, f->payload, len);
		ret = loom_dhy_reasm_done(r, f, data, now_ns, res);
		goto out;
	}

	s = loom_dhy_slot_find(r, f);
	if (s && (s->total != f->cnk.total || s->count != f->cnk.count ||
		  s->report != loom_dhy_wants_report(f))) {
		r->st.superseded++;
		loom_dhy_slot_free(r, s);
		s = NULL;
	}
	if (!s) {
		ret = loom_dhy_slot_new(r, f, now_ns, res, &s);
		if (ret)
			goto out;
	}
	if (test_bit(f->cnk.index, s->have)) {
		r->st.dups++;
		ret = -EALREADY;
		goto out;
	}
	__set_bit(f->cnk.index, s->have);
	memcpy(s->buf + off, f->payload, len);
	if (++s->got < s->count) {
		r->st.chunks++;
		ret = LOOM_DHY_REASM_MORE;
		goto out;
	}
	/* Whole: the buffer goes to the caller with the datagram. */
	data = s->buf;
	s->buf = NULL;
	r->bytes -= s->total;
	s->used = false;
	ret = loom_dhy_reasm_done(r, f, data, now_ns, res);
out:
	spin_unlock_bh(&r->lock);
	return ret;
}

/**
 * loom_dhy_reasm_expire() - drop the datagrams whose time is up
 * @r: the node's reassembly
 * @now_ns: the caller's clock
 *
 * A datagram dropped here produces no DLV: its sender times out.
 *
 * Context: process or softirq; takes @r->lock.
 * Return: datagrams dropped (counted in @r->st.timeouts).
 */
unsigned int loom_dhy_reasm_expire(struct loom_dhy_reasm *r, u64 now_ns)
{
	unsigned int i, n = 0;

	spin_lock_bh(&r->lock);
	for (i = 0; i < r->nslots; i++) {
		struct loom_dhy_reasm_slot *s = &r->slots[i];

		if (s->used && now_ns >= s->deadline_ns) {
			loom_dhy_slot_free(r, s);
			n++;
		}
	}
	for (i = 0; i < r->ndone; i++)
		if (r->done[i].used && now_ns >= r->done[i].until_ns)
			r->done[i].used = false;
	r->st.timeouts += n;
	spin_unlock_bh(&r->lock);
	return n;
}

/**
 * loom_dhy_reasm_next_deadline() - when loom_dhy_reasm_expire() is due
 * @r: the node's reassembly
 *
 * Context: process or softirq; takes @r->lock.
 * Return: the earliest deadline of a datagram in progress, U64_MAX if none.
 */
u64 loom_dhy_reasm_next_deadline(struct loom_dhy_reasm *r)
{
	u64 next = U64_MAX;
	unsigned int i;

	spin_lock_bh(&r->lock);
	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].used)
			next = min(next, r->slots[i].deadline_ns);
	spin_unlock_bh(&r->lock);
	return next;
}

/**
 * loom_dhy_reasm_stats() - a consistent copy of the counters
 * @r: the node's reassembly
 * @st: the copy
 *
 * Context: process or softirq; takes @r->lock.
 */
void loom_dhy_reasm_stats(struct loom_dhy_reasm *r,
			  struct loom_dhy_reasm_stats *st)
{
	spin_lock_bh(&r->lock);
	*st = r->st;
	spin_unlock_bh(&r->lock);
}

/**
 * loom_dhy_tx_init() - prepare a sender's table
 * @t: the table
 * @max: datagrams that may await a report at once, at least 1
 * @timeout_ns: how long each waits; longer than the destination's
 *	reassembly timeout plus a DLV's way back
 * @first_id: the first id to give (random, so that a node that restarts
 *	does not reuse the ids its peers remember)
 *
 * Context: process (allocates with GFP_KERNEL).
 * Return: 0, -EINVAL for @max 0, or -ENOMEM.
 */
int loom_dhy_tx_init(struct loom_dhy_tx *t, unsigned int max, u64 timeout_ns,
		     u16 first_id)
{
	memset(t, 0, sizeof(*t));
	if (!max)
		return -EINVAL;
	t->e = kcalloc(max, sizeof(*t->e), GFP_KERNEL);
	if (!t->e)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	t->n = max;
	t->timeout_ns = timeout_ns;
	t->next_id = first_id;
	return 0;
}

/**
 * loom_dhy_tx_destroy() - free a sender's table
 * @t: the table, no longer used by anyone; outcomes still pending are
 *	not reported
 */
void loom_dhy_tx_destroy(struct loom_dhy_tx *t)
{
	kfree(t->e);
	t->e = NULL;
	t->n = 0;
	t->used = 0;
}

static struct loom_dhy_tx_entry *loom_dhy_tx_find(struct loom_dhy_tx *t,
						  u16 msg_id)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].used && t->e[i].msg_id == msg_id)
			return &t->e[i];
	return NULL;
}

/**
 * loom_dhy_tx_add() - give a datagram an id and await its report
 * @t: the sender's table
 * @dst: the datagram's destination
 * @cookie: the caller's, returned with the outcome
 * @now_ns: the caller's clock
 * @msg_id: the id to send its chunks with
 *
 * Ids count up from the first and skip any still awaiting a report, so
 * that an id names one datagram in the table, whatever its destination.
 *
 * Context: process or softirq; takes @t->lock.
 * Return: 0, -ENOBUFS (counted) when every entry awaits a report, or
 * -EINVAL if @dst is not a unicast address.
 */
int loom_dhy_tx_add(struct loom_dhy_tx *t, const u8 *dst, u64 cookie,
		    u64 now_ns, u16 *msg_id)
{
	struct loom_dhy_tx_entry *e = NULL;
	unsigned int i;

	if (!is_valid_ether_addr(dst))
		return -EINVAL;
	spin_lock_bh(&t->lock);
	if (t->used == t->n) {
		t->st.full++;
		spin_unlock_bh(&t->lock);
		return -ENOBUFS;
	}
	for (i = 0; i < t->n && !e; i++)
		if (!t->e[i].used)
			e = &t->e[i];
	/* Fewer than 65536 entries are in use: a free id exists. */
	while (loom_dhy_tx_find(t, t->next_id))
		t->next_id++;
	e->used = true;
	e->msg_id = t->next_id++;
	ether_addr_copy(e->dst, dst);
	e->cookie = cookie;
	e->deadline_ns = now_ns + t->timeout_ns;
	t->used++;
	t->st.sent++;
	*msg_id = e->msg_id;
	spin_unlock_bh(&t->lock);
	return 0;
}

/**
 * loom_dhy_tx_id() - an id for a datagram whose outcome nobody awaits
 * @t: the sender's table
 *
 * The same id space as loom_dhy_tx_add()'s, without an entry: such a
 * datagram takes no room in the table (IPv6 over the mesh would fill it
 * with datagrams whose reports never come, and every send would be
 * refused until they time out).  Its report, if one comes, matches
 * nothing.
 *
 * Context: any (bh-safe lock).
 * Return: the id.
 */
u16 loom_dhy_tx_id(struct loom_dhy_tx *t)
{
	u16 id;

	spin_lock_bh(&t->lock);
	while (loom_dhy_tx_find(t, t->next_id))
		t->next_id++;
	id = t->next_id++;
	spin_unlock_bh(&t->lock);
	return id;
}

static void loom_dhy_tx_finish(struct loom_dhy_tx *t,
			       struct loom_dhy_tx_entry *e, u8 outcome,
			       struct loom_dhy_tx_done *done)
{
	switch (outcome) {
	case LOOM_DHY_OUT_DELIVERED:
		t->st.delivered++;
		break;
	case LOOM_DHY_OUT_NO_ROOM:
		t->st.no_room++;
		break;
	case LOOM_DHY_OUT_TIMED_OUT:
		t->st.timed_out++;
		break;
	case LOOM_DHY_OUT_UNREACHABLE:
		t->st.unreachable++;
		break;
	}
	ether_addr_copy(done->dst, e->dst);
	done->msg_id = e->msg_id;
	done->outcome = outcome;
	done->cookie = e->cookie;
	e->used = false;
	t->used--;
}

/**
 * loom_dhy_tx_report() - a report about one of the sender's datagrams
 * @t: the sender's table
 * @f: a frame that loom_dhy_frame_decode() accepted, addressed to the
 *	sender: a DLV, or an ICMPX about a CNK (its quote starts with the
 *	chunk's message id)
 * @done: the outcome to pass on
 *
 * A DLV must come from the datagram's destination.  An ICMPX comes from
 * whichever node could not pass a chunk on, so it is matched by id alone
 * (which names one datagram in the table): the datagram is unreachable,
 * its other chunks will not make it whole.
 *
 * Context: process or softirq; takes @t->lock.
 * Return: 0 with @done filled, -ENOENT (counted) if no datagram awaits
 * such a report, or -EINVAL if @f is no report about a datagram.
 */
int loom_dhy_tx_report(struct loom_dhy_tx *t, const struct loom_dhy_frame *f,
		       struct loom_dhy_tx_done *done)
{
	struct loom_dhy_tx_entry *e;
	u16 msg_id;
	u8 outcome;
	int ret = 0;

	if (f->type == LOOM_DHY_T_DLV) {
		msg_id = f->dlv.msg_id;
		outcome = f->dlv.outcome;
	} else if (f->type == LOOM_DHY_T_ICMPX &&
		   f->icmpx.orig_type == LOOM_DHY_T_CNK &&
		   f->payload_len >= 2) {
		msg_id = get_unaligned_le16(f->payload);
		outcome = LOOM_DHY_OUT_UNREACHABLE;
	} else {
		return -EINVAL;
	}

	spin_lock_bh(&t->lock);
	e = loom_dhy_tx_find(t, msg_id);
	if (!e || (f->type == LOOM_DHY_T_DLV &&
		   !ether_addr_equal(e->dst, f->src))) {
		t->st.unknown++;
		ret = -ENOENT;
	} else {
		loom_dhy_tx_finish(t, e, outcome, done);
	}
	spin_unlock_bh(&t->lock);
	return ret;
}

/**
 * loom_dhy_tx_cancel() - take a datagram back without an outcome
 * @t: the sender's table
 * @msg_id: its id
 *
 * For a datagram whose chunks the caller could not send after all.
 *
 * Context: process or softirq; takes @t->lock.
 * Return: 0 (counted as cancelled), or -ENOENT.
 */
int loom_dhy_tx_cancel(struct loom_dhy_tx *t, u16 msg_id)
{
	struct loom_dhy_tx_entry *e;
	int ret = -ENOENT;

	spin_lock_bh(&t->lock);
	e = loom_dhy_tx_find(t, msg_id);
	if (e) {
		e->used = false;
		t->used--;
		t->st.cancelled++;
		ret = 0;
	}
	spin_unlock_bh(&t->lock);
	return ret;
}

/**
 * loom_dhy_tx_expire() - one datagram whose time is up, if any
 * @t: the sender's table
 * @now_ns: the caller's clock
 * @done: its outcome, LOOM_DHY_OUT_TIMED_OUT
 *
 * The caller calls it until it returns false, then sets its timer to
 * loom_dhy_tx_next_deadline().  One at a time, so that the caller may
 * pass each outcome on as it sees fit (its lock dropped, say).
 *
 * Context: process or softirq; takes @t->lock.
 * Return: true if @done holds an outcome.
 */
bool loom_dhy_tx_expire(struct loom_dhy_tx *t, u64 now_ns,
			struct loom_dhy_tx_done *done)
{
	struct loom_dhy_tx_entry *e = NULL;
	unsigned int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < t->n; i++)
		if (t->e[i].used && now_ns >= t->e[i].deadline_ns &&
		    (!e || t->e[i].deadline_ns < e->deadline_ns))
			e = &t->e[i];
	if (e)
		loom_dhy_tx_finish(t, e, LOOM_DHY_OUT_TIMED_OUT, done);
	spin_unlock_bh(&t->lock);
	return !!e;
}

/**
 * loom_dhy_tx_next_deadline() - when loom_dhy_tx_expire() is due
 * @t: the sender's table
 *
 * Context: process or softirq; takes @t->lock.
 * Return: the earliest deadline, U64_MAX if nothing awaits a report.
 */
u64 loom_dhy_tx_next_deadline(struct loom_dhy_tx *t)
{
	u64 next = U64_MAX;
	unsigned int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < t->n; i++)
		if (t->e[i].used)
			next = min(next, t->e[i].deadline_ns);
	spin_unlock_bh(&t->lock);
	return next;
}

/**
 * loom_dhy_tx_stats() - a consistent copy of the counters
 * @t: the sender's table
 * @st: the copy
 *
 * Context: process or softirq; takes @t->lock.
 */
void loom_dhy_tx_stats(struct loom_dhy_tx *t, struct loom_dhy_tx_stats *st)
{
	spin_lock_bh(&t->lock);
	*st = t->st;
	spin_unlock_bh(&t->lock);
}
