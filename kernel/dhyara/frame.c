// SPDX-License-Identifier: GPL-2.0
/*
 * Dhyara frame codecs.  Every frame is
 *
 *	control (1) | destination (6) | source (6) | body | FCS (2, LE)
 *
 * and the body of a routed type (CNK, DLV, ICMPQ, ICMPR, ICMPX, CNU) starts
 * with the next hop (6) and a hop limit (1).  The FCS is the Loom tree's,
 * CRC-16/XMODEM over control through body.  Documentation/
 * dhyara-wire-format.rst has every byte, the checks and the reasons.
 *
 * Pure functions: no locking, any context.
 */
#include "frame.h"
#include "../mac/frame.h"

/* Offsets in the frame. */
#define LOOM_DHY_OFF_DST	1
#define LOOM_DHY_OFF_SRC	(LOOM_DHY_OFF_DST + ETH_ALEN)
#define LOOM_DHY_OFF_NEXT	LOOM_DHY_HDR_LEN
#define LOOM_DHY_OFF_HOPS	(LOOM_DHY_OFF_NEXT + ETH_ALEN)

/* No check failed (a drop reason is 0 or more). */
#define LOOM_DHY_OK	(-1)

static const char * const loom_dhy_type_names[__LOOM_DHY_T_MAX] = {
	[LOOM_DHY_T_BCN]	= "bcn",
	[LOOM_DHY_T_ACK]	= "ack",
	[LOOM_DHY_T_ADV]	= "adv",
	[LOOM_DHY_T_CNK]	= "cnk",
	[LOOM_DHY_T_DLV]	= "dlv",
	[LOOM_DHY_T_ICMPQ]	= "icmpq",
	[LOOM_DHY_T_ICMPR]	= "icmpr",
	[LOOM_DHY_T_ICMPX]	= "icmpx",
	[LOOM_DHY_T_CNU]	= "cnu",
};

/**
 * loom_dhy_type_name() - short name of a packet type, as counters show it
 * @type: enum loom_dhy_type
 *
 * Return: a static string, "unknown" for a type that does not exist.
 */
const char *loom_dhy_type_name(unsigned int type)
{
	if (type >= __LOOM_DHY_T_MAX || !loom_dhy_type_names[type])
		return "unknown";
	return loom_dhy_type_names[type];
}

static bool loom_dhy_type_known(u8 type)
{
	return type < __LOOM_DHY_T_MAX && loom_dhy_type_names[type];
}

/* Bytes of the body after the header (and, routed, the route fields). */
static int loom_dhy_rest_len(const struct loom_dhy_frame *f)
{
	switch (f->type) {
	case LOOM_DHY_T_BCN:
	case LOOM_DHY_T_ACK:
		return LOOM_DHY_TIME_LEN;
	case LOOM_DHY_T_ADV:
		if (!f->adv_count)
			return -EINVAL;
		return f->adv_count * LOOM_DHY_ADV_ENTRY_LEN;
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		return LOOM_DHY_CNK_HDR_LEN + f->payload_len;
	case LOOM_DHY_T_DLV:
		return LOOM_DHY_DLV_LEN;
	case LOOM_DHY_T_ICMPQ:
	case LOOM_DHY_T_ICMPR:
		return LOOM_DHY_ICMP_HDR_LEN + f->payload_len;
	case LOOM_DHY_T_ICMPX:
		if (f->payload_len > LOOM_DHY_ICMPX_QUOTE_MAX)
			return -EMSGSIZE;
		return LOOM_DHY_ICMPX_HDR_LEN + f->payload_len;
	}
	return -EINVAL;
}

/**
 * loom_dhy_frame_len() - encoded length of a frame
 * @f: the frame
 *
 * Return: bytes on the air, -EINVAL for a type that cannot be sent or an
 * ADV without entries, -EMSGSIZE if it would exceed LOOM_DHY_FRAME_MAX or
 * an ICMPX quotes more than LOOM_DHY_ICMPX_QUOTE_MAX bytes.
 */
int loom_dhy_frame_len(const struct loom_dhy_frame *f)
{
	int rest = loom_dhy_rest_len(f);
	int len;

	if (rest < 0)
		return rest;
	len = LOOM_DHY_OVERHEAD + rest;
	if (loom_dhy_routed(f->type))
		len += LOOM_DHY_ROUTE_LEN;
	return len > LOOM_DHY_FRAME_MAX ? -EMSGSIZE : len;
}

/**
 * loom_dhy_chunk_span() - where a chunk lies in its datagram
 * @total: datagram length
 * @count: chunks, 1..255
 * @index: the chunk, 0..@count - 1
 * @off: its offset in the datagram
 * @len: its length
 *
 * A datagram is cut evenly: each chunk carries @total / @count bytes and
 * the first @total % @count chunks one more, so every chunk's place and
 * size follow from the three fields and a receiver can check each chunk
 * on its own, in any order.  No chunk is empty but the one chunk of an
 * empty datagram.
 *
 * Return: 0, or -EINVAL if the three fields describe no such chunk.
 */
int loom_dhy_chunk_span(u16 total, u8 count, u8 index, u16 *off, u16 *len)
{
	u16 q, r;

	/* Only an empty datagram has an empty chunk, its only one. */
	if (!count || index >= count ||
	    (count > total && !(total == 0 && count == 1)))
		return -EINVAL;
	q = total / count;
	r = total % count;
	*off = index * q + min_t(u16, index, r);
	*len = q + (index < r);
	return 0;
}

/**
 * loom_dhy_chunk_count() - chunks a datagram is cut into
 * @total: datagram length
 * @data_max: chunk data per frame, loom_dhy_cnk_data_max()
 *
 * Return: 1..LOOM_DHY_CHUNKS_MAX, each chunk then at most @data_max bytes
 * (loom_dhy_chunk_span()), or -EMSGSIZE.
 */
int loom_dhy_chunk_count(u32 total, u16 data_max)
{
	if (!data_max || total > LOOM_DHY_DGRAM_MAX ||
	    total > (u32)LOOM_DHY_CHUNKS_MAX * data_max)
		return -EMSGSIZE;
	if (!total)
		return 1;
	return (total + data_max - 1) / data_max;
}

/* Frame room of a radio whose largest frame is @max_frame. */
static u16 loom_dhy_room(u16 max_frame)
{
	return min_t(u16, max_frame, LOOM_DHY_FRAME_MAX);
}

/**
 * loom_dhy_cnk_data_max() - chunk data one frame carries
 * @max_frame: the radio's largest frame
 *
 * Return: bytes, 0 if no CNK fits.
 */
u16 loom_dhy_cnk_data_max(u16 max_frame)
{
	u16 room = loom_dhy_room(max_frame);
	u16 over = LOOM_DHY_ROUTED_OVERHEAD + LOOM_DHY_CNK_HDR_LEN;

	return room > over ? room - over : 0;
}

/**
 * loom_dhy_dgram_max() - largest datagram a radio carries in chunks
 * @max_frame: the radio's largest frame
 *
 * Return: bytes, at most LOOM_DHY_DGRAM_MAX.
 */
u32 loom_dhy_dgram_max(u16 max_frame)
{
	u32 n = (u32)LOOM_DHY_CHUNKS_MAX * loom_dhy_cnk_data_max(max_frame);

	return min_t(u32, n, LOOM_DHY_DGRAM_MAX);
}

/**
 * loom_dhy_adv_max() - advertisement entries one frame carries
 * @max_frame: the radio's largest frame
 *
 * Return: entries, 0 if not one fits.
 */
u16 loom_dhy_adv_max(u16 max_frame)
{
	u16 room = loom_dhy_room(max_frame);

	if (room < LOOM_DHY_OVERHEAD)
		return 0;
	return (room - LOOM_DHY_OVERHEAD) / LOOM_DHY_ADV_ENTRY_LEN;
}

/**
 * loom_dhy_icmp_payload_max() - echo payload one frame carries
 * @max_frame: the radio's largest frame
 *
 * Return: bytes, 0 if none.
 */
u16 loom_dhy_icmp_payload_max(u16 max_frame)
{
	u16 room = loom_dhy_room(max_frame);
	u16 over = LOOM_DHY_ROUTED_OVERHEAD + LOOM_DHY_ICMP_HDR_LEN;

	return room > over ? room - over : 0;
}

/*
 * The checks of every field that has values a receiver refuses, on a
 * frame whose lengths are right.  Shared by the encoder (a node never
 * sends what it would refuse) and the decoder.  ADV entries are checked
 * on their bytes by loom_dhy_check_adv().
 */
static int loom_dhy_check_fields(const struct loom_dhy_frame *f)
{
	u16 off, len;

	if (!is_valid_ether_addr(f->src))
		return LOOM_DROP_FIELD;
	switch (f->type) {
	case LOOM_DHY_T_BCN:
		if (!is_broadcast_ether_addr(f->dst))
			return LOOM_DROP_FIELD;
		break;
	case LOOM_DHY_T_ADV:
		if (is_broadcast_ether_addr(f->dst))
			break;
		fallthrough;
	default:
		if (!is_valid_ether_addr(f->dst) ||
		    ether_addr_equal(f->dst, f->src))
			return LOOM_DROP_FIELD;
		break;
	}
	if (loom_dhy_routed(f->type) &&
	    (!is_valid_ether_addr(f->next_hop) || !f->hop_limit))
		return LOOM_DROP_FIELD;
	switch (f->type) {
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		if (loom_dhy_chunk_span(f->cnk.total, f->cnk.count,
					f->cnk.index, &off, &len))
			return LOOM_DROP_FIELD;
		break;
	case LOOM_DHY_T_DLV:
		if (f->dlv.outcome < LOOM_DHY_OUT_DELIVERED ||
		    f->dlv.outcome > LOOM_DHY_DLV_OUTCOME_MAX)
			return LOOM_DROP_FIELD;
		break;
	case LOOM_DHY_T_ICMPX:
		if (f->icmpx.code < LOOM_DHY_X_HOP_LIMIT ||
		    f->icmpx.code > LOOM_DHY_X_NO_ROUTE ||
		    !loom_dhy_routed(f->icmpx.orig_type) ||
		    !loom_dhy_type_known(f->icmpx.orig_type) ||
		    f->icmpx.orig_type == LOOM_DHY_T_ICMPX)
			return LOOM_DROP_FIELD;
		break;
	}
	return LOOM_DHY_OK;
}

/*
 * @n entries at @p from @src: each a unicast destination other than the
 * advertiser, at least one hop away, and no destination twice.
 */
static int loom_dhy_check_adv(const u8 *p, unsigned int n, const u8 *src)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		const u8 *e = p + i * LOOM_DHY_ADV_ENTRY_LEN;

		if (!is_valid_ether_addr(e) || ether_addr_equal(e, src) ||
		    !e[LOOM_DHY_ADV_ENTRY_LEN - 1])
			return LOOM_DROP_FIELD;
		for (j = 0; j < i; j++)
			if (ether_addr_equal(e, p + j * LOOM_DHY_ADV_ENTRY_LEN))
				return LOOM_DROP_FIELD;
	}
	return LOOM_DHY_OK;
}

/* The chunk's data is as long as its fields say. */
static bool loom_dhy_cnk_len_ok(const struct loom_dhy_frame *f)
{
	u16 off, len;

	return !loom_dhy_chunk_span(f->cnk.total, f->cnk.count, f->cnk.index,
				    &off, &len) && f->payload_len == len;
}

static void loom_dhy_put_adv(u8 *p, const struct loom_dhy_adv_entry *e)
{
	ether_addr_copy(p, e->dest);
	put_unaligned_le32(e->delay_us, p + ETH_ALEN);
	p[ETH_ALEN + 4] = e->hops;
}

/**
 * loom_dhy_adv_get() - one entry of a decoded advertisement
 * @f: an ADV frame that loom_dhy_frame_decode() accepted
 * @i: the entry, below @f->adv_count
 * @e: the entry's fields
 */
void loom_dhy_adv_get(const struct loom_dhy_frame *f, unsigned int i,
		      struct loom_dhy_adv_entry *e)
{
	const u8 *p = f->payload + i * LOOM_DHY_ADV_ENTRY_LEN;

	ether_addr_copy(e->dest, p);
	e->delay_us = get_unaligned_le32(p + ETH_ALEN);
	e->hops = p[ETH_ALEN + 4];
}

static void loom_dhy_put_rest(const struct loom_dhy_frame *f, u8 *p)
{
	unsigned int i;

	switch (f->type) {
	case LOOM_DHY_T_BCN:
	case LOOM_DHY_T_ACK:
		put_unaligned_le32(f->time_us, p);
		break;
	case LOOM_DHY_T_ADV:
		if (!f->adv) {
			/* A decoded frame's raw entries, sent again. */
			memcpy(p, f->payload,
			       f->adv_count * LOOM_DHY_ADV_ENTRY_LEN);
			break;
		}
		for (i = 0; i < f->adv_count; i++)
			loom_dhy_put_adv(p + i * LOOM_DHY_ADV_ENTRY_LEN,
					 &f->adv[i]);
		break;
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		put_unaligned_le16(f->cnk.msg_id, p);
		p[2] = f->cnk.index;
		p[3] = f->cnk.count;
		put_unaligned_le16(f->cnk.total, p + 4);
		p += LOOM_DHY_CNK_HDR_LEN;
		break;
	case LOOM_DHY_T_DLV:
		put_unaligned_le16(f->dlv.msg_id, p);
		p[2] = f->dlv.outcome;
		break;
	case LOOM_DHY_T_ICMPQ:
	case LOOM_DHY_T_ICMPR:
		put_unaligned_le16(f->icmp.id, p);
		put_unaligned_le16(f->icmp.seq, p + 2);
		put_unaligned_le32(f->icmp.time_us, p + 4);
		p += LOOM_DHY_ICMP_HDR_LEN;
		break;
	case LOOM_DHY_T_ICMPX:
		p[0] = f->icmpx.code;
		p[1] = f->icmpx.orig_type;
		p += LOOM_DHY_ICMPX_HDR_LEN;
		break;
	}
	if (f->type != LOOM_DHY_T_ADV && f->payload_len)
		memcpy(p, f->payload, f->payload_len);
}

/**
 * loom_dhy_frame_encode() - write a frame
 * @f: the frame; @f->body is ignored
 * @buf: output
 * @size: room at @buf
 *
 * Refuses to write what a receiver would refuse: every field is checked
 * as loom_dhy_frame_decode() checks it.
 *
 * Return: bytes written, -EINVAL for an unsendable type or a field a
 * receiver refuses (then @buf may hold part of the frame), -EMSGSIZE if
 * the frame is too large or @buf too small.
 */
int loom_dhy_frame_encode(const struct loom_dhy_frame *f, u8 *buf,
			  size_t size)
{
	int len = loom_dhy_frame_len(f);
	u8 *p = buf + LOOM_DHY_HDR_LEN;

	if (len < 0)
		return len;
	if ((size_t)len > size)
		return -EMSGSIZE;
	if (loom_dhy_check_fields(f) != LOOM_DHY_OK ||
	    (loom_dhy_is_chunk(f->type) && !loom_dhy_cnk_len_ok(f)) ||
	    (f->type == LOOM_DHY_T_ADV && !f->adv && !f->payload))
		return -EINVAL;

	buf[0] = f->type | LOOM_DHY_CTL_V0;
	ether_addr_copy(buf + LOOM_DHY_OFF_DST, f->dst);
	ether_addr_copy(buf + LOOM_DHY_OFF_SRC, f->src);
	if (loom_dhy_routed(f->type)) {
		ether_addr_copy(p, f->next_hop);
		p[ETH_ALEN] = f->hop_limit;
		p += LOOM_DHY_ROUTE_LEN;
	}
	loom_dhy_put_rest(f, p);
	if (f->type == LOOM_DHY_T_ADV &&
	    loom_dhy_check_adv(p, f->adv_count, f->src) != LOOM_DHY_OK)
		return -EINVAL;
	put_unaligned_le16(loom_fcs(buf, len - LOOM_DHY_FCS_LEN),
			   buf + len - LOOM_DHY_FCS_LEN);
	return len;
}

static int loom_dhy_drop(struct loom_dhy_frame *f,
			 struct loom_dhy_rx_stats *st, int why)
{
	f->drop = why;
	if (st)
		st->drop[why]++;
	return -EBADMSG;
}

/* Exactly @want bytes: fewer is short, more is a length error. */
static int loom_dhy_exact(size_t have, size_t want)
{
	if (have < want)
		return LOOM_DROP_SHORT;
	return have > want ? LOOM_DROP_LENGTH : LOOM_DHY_OK;
}

/*
 * The body's lengths and fields after the header (and route fields):
 * @p, @n bytes.  Returns a drop reason or LOOM_DHY_OK.
 */
static int loom_dhy_decode_rest(const u8 *p, size_t n,
				struct loom_dhy_frame *f)
{
	int why;

	switch (f->type) {
	case LOOM_DHY_T_BCN:
	case LOOM_DHY_T_ACK:
		why = loom_dhy_exact(n, LOOM_DHY_TIME_LEN);
		if (why != LOOM_DHY_OK)
			return why;
		f->time_us = get_unaligned_le32(p);
		return LOOM_DHY_OK;
	case LOOM_DHY_T_ADV:
		if (!n)
			return LOOM_DROP_SHORT;
		if (n % LOOM_DHY_ADV_ENTRY_LEN)
			return LOOM_DROP_LENGTH;
		f->adv_count = n / LOOM_DHY_ADV_ENTRY_LEN;
		f->payload = p;
		f->payload_len = n;
		return LOOM_DHY_OK;
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		if (n < LOOM_DHY_CNK_HDR_LEN)
			return LOOM_DROP_SHORT;
		f->cnk.msg_id = get_unaligned_le16(p);
		f->cnk.index = p[2];
		f->cnk.count = p[3];
		f->cnk.total = get_unaligned_le16(p + 4);
		f->payload = p + LOOM_DHY_CNK_HDR_LEN;
		f->payload_len = n - LOOM_DHY_CNK_HDR_LEN;
		return LOOM_DHY_OK;
	case LOOM_DHY_T_DLV:
		why = loom_dhy_exact(n, LOOM_DHY_DLV_LEN);
		if (why != LOOM_DHY_OK)
			return why;
		f->dlv.msg_id = get_unaligned_le16(p);
		f->dlv.outcome = p[2];
		return LOOM_DHY_OK;
	case LOOM_DHY_T_ICMPQ:
	case LOOM_DHY_T_ICMPR:
		if (n < LOOM_DHY_ICMP_HDR_LEN)
			return LOOM_DROP_SHORT;
		f->icmp.id = get_unaligned_le16(p);
		f->icmp.seq = get_unaligned_le16(p + 2);
		f->icmp.time_us = get_unaligned_le32(p + 4);
		f->payload = p + LOOM_DHY_ICMP_HDR_LEN;
		f->payload_len = n - LOOM_DHY_ICMP_HDR_LEN;
		return LOOM_DHY_OK;
	case LOOM_DHY_T_ICMPX:
		if (n < LOOM_DHY_ICMPX_HDR_LEN)
			return LOOM_DROP_SHORT;
		if (n > LOOM_DHY_ICMPX_HDR_LEN + LOOM_DHY_ICMPX_QUOTE_MAX)
			return LOOM_DROP_LENGTH;
		f->icmpx.code = p[0];
		f->icmpx.orig_type = p[1];
		f->payload = p + LOOM_DHY_ICMPX_HDR_LEN;
		f->payload_len = n - LOOM_DHY_ICMPX_HDR_LEN;
		return LOOM_DHY_OK;
	}
	return LOOM_DROP_TYPE;
}

/**
 * loom_dhy_frame_decode() - parse and check a received frame
 * @buf: the frame as received
 * @len: its length
 * @f: the decoded frame; payload and body pointers point into @buf
 * @st: counters to update, or NULL
 *
 * Checks, in this order: the frame holds at least the header and FCS and
 * at most LOOM_DHY_FRAME_MAX bytes; the FCS (first, so that damage
 * anywhere counts as FCS damage); the version; the type; the lengths of
 * the type's body; its fields (addresses, hop limit, values); last, a
 * chunk's data length, which follows from its fields.
 *
 * Context: any.  Reads only [@buf, @buf + @len).
 * Return: 0, or -EBADMSG with @f->drop set and the reason counted.
 */
int loom_dhy_frame_decode(const u8 *buf, size_t len, struct loom_dhy_frame *f,
			  struct loom_dhy_rx_stats *st)
{
	const u8 *p = buf + LOOM_DHY_HDR_LEN;
	size_t n;
	int why;

	memset(f, 0, sizeof(*f));
	if (len < LOOM_DHY_FRAME_MIN)
		return loom_dhy_drop(f, st, LOOM_DROP_SHORT);
	if (len > LOOM_DHY_FRAME_MAX)
		return loom_dhy_drop(f, st, LOOM_DROP_LENGTH);
	if (get_unaligned_le16(buf + len - LOOM_DHY_FCS_LEN) !=
	    loom_fcs(buf, len - LOOM_DHY_FCS_LEN))
		return loom_dhy_drop(f, st, LOOM_DROP_FCS);
	if ((buf[0] & LOOM_DHY_CTL_VER_MASK) != LOOM_DHY_CTL_V0)
		return loom_dhy_drop(f, st, LOOM_DROP_VERSION);
	f->type = buf[0] & LOOM_DHY_CTL_TYPE_MASK;
	if (!loom_dhy_type_known(f->type))
		return loom_dhy_drop(f, st, LOOM_DROP_TYPE);
	ether_addr_copy(f->dst, buf + LOOM_DHY_OFF_DST);
	ether_addr_copy(f->src, buf + LOOM_DHY_OFF_SRC);

	n = len - LOOM_DHY_OVERHEAD;
	if (loom_dhy_routed(f->type)) {
		if (n < LOOM_DHY_ROUTE_LEN)
			return loom_dhy_drop(f, st, LOOM_DROP_SHORT);
		ether_addr_copy(f->next_hop, p);
		f->hop_limit = p[ETH_ALEN];
		p += LOOM_DHY_ROUTE_LEN;
		n -= LOOM_DHY_ROUTE_LEN;
		f->body = p;
		f->body_len = n;
	}
	why = loom_dhy_decode_rest(p, n, f);
	if (why == LOOM_DHY_OK)
		why = loom_dhy_check_fields(f);
	if (why == LOOM_DHY_OK && f->type == LOOM_DHY_T_ADV)
		why = loom_dhy_check_adv(f->payload, f->adv_count, f->src);
	if (why == LOOM_DHY_OK && loom_dhy_is_chunk(f->type) &&
	    !loom_dhy_cnk_len_ok(f))
		why = LOOM_DROP_LENGTH;
	if (why != LOOM_DHY_OK)
		return loom_dhy_drop(f, st, why);
	if (st)
		st->ok[f->type]++;
	return 0;
}

/**
 * loom_dhy_forward() - prepare a routed frame for its next hop, in place
 * @buf: a frame that loom_dhy_frame_decode() accepted, of a routed type
 * @len: its length
 * @next_hop: the neighbour to take it next
 *
 * Writes @next_hop, takes one from the hop limit and writes the FCS
 * again.  A frame whose hop limit is 1 may travel no further: the caller
 * answers with an ICMPX (loom_dhy_icmpx_build(), LOOM_DHY_X_HOP_LIMIT)
 * unless it is an ICMPX itself.
 *
 * Return: 0, -ELOOP if the hop limit is spent (@buf unchanged), -EINVAL
 * if @buf is no routed frame or @next_hop no unicast address.
 */
int loom_dhy_forward(u8 *buf, size_t len, const u8 *next_hop)
{
	u8 type = buf[0] & LOOM_DHY_CTL_TYPE_MASK;

	if (len < LOOM_DHY_ROUTED_OVERHEAD || len > LOOM_DHY_FRAME_MAX ||
	    (buf[0] & LOOM_DHY_CTL_VER_MASK) != LOOM_DHY_CTL_V0 ||
	    !loom_dhy_routed(type) || !loom_dhy_type_known(type) ||
	    !is_valid_ether_addr(next_hop))
		return -EINVAL;
	if (buf[LOOM_DHY_OFF_HOPS] <= 1)
		return -ELOOP;
	ether_addr_copy(buf + LOOM_DHY_OFF_NEXT, next_hop);
	buf[LOOM_DHY_OFF_HOPS]--;
	put_unaligned_le16(loom_fcs(buf, len - LOOM_DHY_FCS_LEN),
			   buf + len - LOOM_DHY_FCS_LEN);
	return 0;
}

/**
 * loom_dhy_icmpx_build() - the error report about a frame
 * @x: the ICMPX to fill; its next hop is the caller's to set
 * @orig: the decoded routed frame that cannot go on
 * @self: the reporter's address
 * @code: enum loom_dhy_icmpx_code
 *
 * The report goes to @orig's origin, with LOOM_DHY_HOP_LIMIT, and quotes
 * the first LOOM_DHY_ICMPX_QUOTE_MAX bytes after @orig's hop limit: an
 * echo request's id, seq and time, a chunk's message id, index, count and
 * total.  @x->payload points into @orig's buffer.
 *
 * Return: 0, or -EINVAL for a bad @code, or if @orig is no routed frame
 * or is an ICMPX itself (no error is reported about an error).
 */
int loom_dhy_icmpx_build(struct loom_dhy_frame *x,
			 const struct loom_dhy_frame *orig, const u8 *self,
			 u8 code)
{
	if (!loom_dhy_routed(orig->type) || !loom_dhy_type_known(orig->type) ||
	    orig->type == LOOM_DHY_T_ICMPX ||
	    (code != LOOM_DHY_X_HOP_LIMIT && code != LOOM_DHY_X_NO_ROUTE))
		return -EINVAL;
	memset(x, 0, sizeof(*x));
	x->type = LOOM_DHY_T_ICMPX;
	ether_addr_copy(x->dst, orig->src);
	ether_addr_copy(x->src, self);
	x->hop_limit = LOOM_DHY_HOP_LIMIT;
	x->icmpx.code = code;
	x->icmpx.orig_type = orig->type;
	x->payload = orig->body;
	x->payload_len = min_t(u16, orig->body_len, LOOM_DHY_ICMPX_QUOTE_MAX);
	return 0;
}

/**
 * loom_dhy_time_us() - a node's time as BCN and ICMPQ carry it
 * @now_ns: the caller's clock
 *
 * Return: microseconds, modulo 2^32 (it wraps every 71.6 minutes).
 */
u32 loom_dhy_time_us(u64 now_ns)
{
	return (u32)div_u64(now_ns, NSEC_PER_USEC);
}

/**
 * loom_dhy_rtt_ns() - round trip of a time that came back
 * @now_ns: the caller's clock now
 * @echoed_us: the time it sent (loom_dhy_time_us()), echoed by an ACK or
 *	an ICMPR
 *
 * Exact for round trips shorter than the 71.6 minutes of wrap.
 *
 * Return: nanoseconds, to a microsecond.
 */
u64 loom_dhy_rtt_ns(u64 now_ns, u32 echoed_us)
{
	return (u64)(u32)(loom_dhy_time_us(now_ns) - echoed_us) * NSEC_PER_USEC;
}
