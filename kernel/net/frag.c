// SPDX-License-Identifier: GPL-2.0
/*
 * Loom fragmentation and reassembly.
 *
 * The sender cuts a datagram into fragments of the largest payload the radio
 * allows; only the last may be shorter.  Fragments of one datagram share the
 * frame id and carry Sequence N-1 .. 0; the first also carries the "first"
 * flag.  TDMA delivers a link's frames in order, so the receiver accepts only
 * a first fragment to begin and then the next expected Sequence: any gap, a
 * wrong size or a timeout drops the whole sequence, as the Loom design asks.
 */
#include "frag.h"
#include "../mac/frame.h"

/**
 * loom_frag_payload_max() - network payload of one fragment
 * @radio_max_frame: largest frame the radio sends, in bytes
 *
 * Return: payload bytes per fragment, 0 if the radio cannot carry a DATA
 * frame at all.
 */
u16 loom_frag_payload_max(u16 radio_max_frame)
{
	u16 overhead = LOOM_MAC_OVERHEAD + LOOM_NET_HDR_LEN;

	if (radio_max_frame <= overhead)
		return 0;
	return min_t(u16, radio_max_frame - overhead, LOOM_NET_MAX_PAYLOAD);
}

/**
 * loom_frag_datagram_max() - largest datagram a fragment sequence carries
 * @frag_payload: payload per fragment
 *
 * Return: bytes.
 */
size_t loom_frag_datagram_max(u16 frag_payload)
{
	return (size_t)LOOM_FRAG_MAX * frag_payload;
}

/**
 * loom_frag_count() - fragments needed for a datagram
 * @len: datagram length (0 is one empty fragment)
 * @frag_payload: payload per fragment
 *
 * Return: 1..LOOM_FRAG_MAX, or -EMSGSIZE.
 */
int loom_frag_count(size_t len, u16 frag_payload)
{
	if (!frag_payload || len > loom_frag_datagram_max(frag_payload))
		return -EMSGSIZE;
	if (!len)
		return 1;
	return (len + frag_payload - 1) / frag_payload;
}

/**
 * loom_frag_get() - where fragment @index lies in a datagram
 * @len: datagram length
 * @frag_payload: payload per fragment
 * @index: 0 for the first fragment sent
 * @off: offset of the fragment's payload in the datagram
 * @flen: its length
 * @seq: its Sequence field
 *
 * The caller has checked @len with loom_frag_count() and @index against it.
 */
void loom_frag_get(size_t len, u16 frag_payload, u32 index, size_t *off,
		   u16 *flen, u8 *seq)
{
	u32 n = loom_frag_count(len, frag_payload);

	*off = (size_t)index * frag_payload;
	*flen = index + 1 < n ? frag_payload : len - *off;
	*seq = n - 1 - index;
}

/**
 * loom_reasm_init() - prepare a reassembly context
 * @r: the context
 * @buf: buffer for the datagram
 * @cap: its size; loom_frag_datagram_max() of the largest fragment payload
 */
void loom_reasm_init(struct loom_reasm *r, u8 *buf, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->cap = cap;
}

/**
 * loom_reasm_reset() - forget the sequence in progress, if any
 * @r: the context
 */
void loom_reasm_reset(struct loom_reasm *r)
{
	r->active = false;
	r->len = 0;
}

static int loom_reasm_done(struct loom_reasm *r, const struct loom_net_hdr *h)
{
	r->active = false;
	r->done = true;
	r->done_src = h->src;
	r->done_id = h->frame_id;
	return LOOM_REASM_DONE;
}

/* Drop the sequence of (@src, @id), counting it once. */
static int loom_reasm_drop(struct loom_reasm *r, u16 src, u8 id, int err)
{
	r->dropped++;
	r->orphan = true;
	r->orphan_src = src;
	r->orphan_id = id;
	loom_reasm_reset(r);
	return err;
}

static int loom_reasm_start(struct loom_reasm *r, const struct loom_net_hdr *h,
			    const u8 *payload, u16 plen, u64 now)
{
	size_t total = (size_t)(h->seq + 1) * plen;

	if (!h->first) {
		/* The rest of a sequence already dropped: counted once. */
		if (r->orphan && r->orphan_src == h->src &&
		    r->orphan_id == h->frame_id)
			return -EPROTO;
		return loom_reasm_drop(r, h->src, h->frame_id, -EPROTO);
	}
	if (h->seq && !plen)
		return loom_reasm_drop(r, h->src, h->frame_id, -EPROTO);
	if (!h->seq)
		total = plen;
	if (total > r->cap)
		return loom_reasm_drop(r, h->src, h->frame_id, -EMSGSIZE);
	r->orphan = false;
	memcpy(r->buf, payload, plen);
	r->len = plen;
	if (!h->seq)
		return loom_reasm_done(r, h);
	r->active = true;
	r->src = h->src;
	r->frame_id = h->frame_id;
	r->frag_len = plen;
	r->next_seq = h->seq - 1;
	r->started = now;
	return LOOM_REASM_MORE;
}

/**
 * loom_reasm_push() - add a received fragment
 * @r: the context of the fragment's original source
 * @h: its network header
 * @payload: its payload
 * @plen: payload length
 * @now: current time, in the unit loom_reasm_expire() is given
 *
 * A fragment of a new datagram (another frame id) while a sequence is in
 * progress drops the old sequence, and so does a new first fragment of the
 * same datagram (the sender started over).  A sequence must begin with its
 * first fragment.  A repeat of the fragment just accepted, or of the last
 * fragment of the datagram just completed (retransmissions whose ACK was
 * lost), is ignored: nothing is delivered twice or counted as a drop.
 *
 * Return: LOOM_REASM_DONE when @r->buf holds a whole datagram of @r->len
 * bytes (call loom_reasm_reset() once it is consumed), LOOM_REASM_MORE,
 * -EALREADY for an ignored repeat, or -EPROTO / -EMSGSIZE when the sequence
 * was dropped.
 */
int loom_reasm_push(struct loom_reasm *r, const struct loom_net_hdr *h,
		    const u8 *payload, u16 plen, u64 now)
{
	if (!r->active && r->done && !h->seq && h->src == r->done_src &&
	    h->frame_id == r->done_id)
		return -EALREADY;
	if (r->active && h->seq == (u8)(r->next_seq + 1) &&
	    h->src == r->src && h->frame_id == r->frame_id)
		return -EALREADY;
	if (r->active && (h->first || h->src != r->src ||
			  h->frame_id != r->frame_id))
		loom_reasm_drop(r, r->src, r->frame_id, 0);
	if (!r->active) {
		r->len = 0;
		return loom_reasm_start(r, h, payload, plen, now);
	}
	if (h->seq != r->next_seq ||
	    (h->seq ? plen != r->frag_len : plen > r->frag_len))
		return loom_reasm_drop(r, r->src, r->frame_id, -EPROTO);
	if (r->len + plen > r->cap)
		return loom_reasm_drop(r, r->src, r->frame_id, -EMSGSIZE);
	memcpy(r->buf + r->len, payload, plen);
	r->len += plen;
	if (h->seq) {
		r->next_seq--;
		return LOOM_REASM_MORE;
	}
	return loom_reasm_done(r, h);
}

/**
 * loom_reasm_expire() - drop a sequence that has waited too long
 * @r: the context
 * @now: current time
 * @timeout: how long a sequence may take, same unit as @now
 *
 * Return: true if a sequence was dropped.
 */
bool loom_reasm_expire(struct loom_reasm *r, u64 now, u64 timeout)
{
	if (!r->active || now - r->started < timeout)
		return false;
	loom_reasm_drop(r, r->src, r->frame_id, 0);
	return true;
}
