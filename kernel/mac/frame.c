// SPDX-License-Identifier: GPL-2.0
/*
 * Loom MAC frame codecs.  Every frame is
 *
 *	control (1) | source (2, LE) | body | FCS (2, LE)
 *
 * where the FCS is CRC-16/XMODEM over control through body.  Bodies:
 * DATA and ACK_DATA carry a network packet, ERROR a network header and a
 * 4-byte error body, REFRESH the 6-byte timing body, REFRESH_MORE a length,
 * a reserved byte and a payload, and an ACK nothing.  Documentation/
 * wire-format.rst has the pictures and the reasons for each choice.
 */
#include "frame.h"

static const char * const loom_drop_names[__LOOM_DROP_MAX] = {
	[LOOM_DROP_SHORT]	= "short",
	[LOOM_DROP_LENGTH]	= "length",
	[LOOM_DROP_FCS]		= "fcs",
	[LOOM_DROP_VERSION]	= "version",
	[LOOM_DROP_TYPE]	= "type",
	[LOOM_DROP_RESERVED]	= "reserved-bits",
	[LOOM_DROP_FIELD]	= "field",
};

/**
 * loom_drop_name() - short name of a drop reason, as counters show it
 * @reason: enum loom_drop
 *
 * Return: a static string.
 */
const char *loom_drop_name(unsigned int reason)
{
	return reason < __LOOM_DROP_MAX ? loom_drop_names[reason] : "unknown";
}

/**
 * loom_fcs() - frame check sequence
 * @buf: bytes from the control byte to the end of the body
 * @len: their number
 *
 * CRC-16/XMODEM: polynomial 0x1021, initial value 0, not reflected, no final
 * XOR; "123456789" gives 0x31c3.
 *
 * Return: the FCS.
 */
u16 loom_fcs(const u8 *buf, size_t len)
{
	return crc_itu_t(0, buf, len);
}

/* Bytes between the MAC header and the FCS. */
static int loom_body_len(const struct loom_frame *f)
{
	switch (f->type) {
	case LOOM_PT_ACK:
		return 0;
	case LOOM_PT_REFRESH:
		return LOOM_REFRESH_BODY_LEN;
	case LOOM_PT_REFRESH_MORE:
		if (f->payload_len > LOOM_MORE_MAX_PAYLOAD)
			return -EMSGSIZE;
		return LOOM_MORE_HDR_LEN + f->payload_len;
	case LOOM_PT_ERROR:
		return LOOM_NET_HDR_LEN + LOOM_ERROR_BODY_LEN;
	case LOOM_PT_DATA:
	case LOOM_PT_ACK_DATA:
		if (f->payload_len > LOOM_NET_MAX_PAYLOAD)
			return -EMSGSIZE;
		return LOOM_NET_HDR_LEN + f->payload_len;
	}
	return -EINVAL;
}

/**
 * loom_frame_len() - encoded length of a frame
 * @f: the frame
 *
 * Return: bytes on the air, -EINVAL for a type that cannot be sent, or
 * -EMSGSIZE for a payload too large for its type.
 */
int loom_frame_len(const struct loom_frame *f)
{
	int body = loom_body_len(f);

	return body < 0 ? body : LOOM_MAC_OVERHEAD + body;
}

/**
 * loom_frame_encode() - write a frame
 * @f: the frame; length fields are derived, @f->net.len is ignored
 * @buf: output
 * @size: room at @buf
 *
 * Return: bytes written, -EINVAL for an unsendable type or a reserved time
 * unit, -EMSGSIZE if the payload is too large or @buf too small.
 */
int loom_frame_encode(const struct loom_frame *f, u8 *buf, size_t size)
{
	int len = loom_frame_len(f);
	u8 *p = buf + LOOM_MAC_HDR_LEN;
	u8 netlen;

	if (len < 0)
		return len;
	if ((size_t)len > size)
		return -EMSGSIZE;

	buf[0] = f->type | LOOM_PROTO_VERSION << LOOM_CTL_VER_SHIFT;
	put_unaligned_le16(f->src, buf + 1);
	switch (f->type) {
	case LOOM_PT_REFRESH:
		if (f->refresh.data_unit > LOOM_TU_DAY ||
		    f->refresh.refresh_unit > LOOM_TU_DAY)
			return -EINVAL;
		p[0] = f->refresh.data_unit |
		       f->refresh.refresh_unit << LOOM_ICTL_REFRESH_SHIFT;
		p[1] = f->refresh.data_offset;
		put_unaligned_le16(f->refresh.refresh_offset, p + 2);
		p[4] = 0;
		p[5] = f->refresh.count;
		break;
	case LOOM_PT_REFRESH_MORE:
		/* The seed counts Frame Length, Reserved, payload and FCS. */
		p[0] = LOOM_MORE_HDR_LEN + f->payload_len + LOOM_FCS_LEN;
		p[1] = 0;
		if (f->payload_len)
			memcpy(p + 2, f->payload, f->payload_len);
		break;
	case LOOM_PT_ERROR:
	case LOOM_PT_DATA:
	case LOOM_PT_ACK_DATA: {
		struct loom_net_hdr h = f->net;

		netlen = len - LOOM_MAC_OVERHEAD;
		h.len = netlen;
		loom_net_hdr_put(&h, p);
		p += LOOM_NET_HDR_LEN;
		if (f->type == LOOM_PT_ERROR) {
			p[0] = f->error.code;
			p[1] = f->error.failures;
			put_unaligned_le16(f->error.subject, p + 2);
		} else if (f->payload_len) {
			memcpy(p, f->payload, f->payload_len);
		}
		break;
	}
	default:
		break;
	}
	put_unaligned_le16(loom_fcs(buf, len - LOOM_FCS_LEN),
			   buf + len - LOOM_FCS_LEN);
	return len;
}

static int loom_drop(struct loom_frame *f, struct loom_rx_stats *st,
		     enum loom_drop why)
{
	f->drop = why;
	if (st)
		st->drop[why]++;
	return -EBADMSG;
}

static int loom_decode_body(const u8 *p, size_t blen, struct loom_frame *f)
{
	switch (f->type) {
	case LOOM_PT_ACK:
		return blen ? LOOM_DROP_LENGTH : -1;
	case LOOM_PT_REFRESH:
		if (blen < LOOM_REFRESH_BODY_LEN)
			return LOOM_DROP_SHORT;
		if (blen > LOOM_REFRESH_BODY_LEN)
			return LOOM_DROP_LENGTH;
		if (p[0] & LOOM_ICTL_RSVD_MASK)
			return LOOM_DROP_RESERVED;
		f->refresh.data_unit = p[0] & LOOM_ICTL_DATA_MASK;
		f->refresh.refresh_unit = (p[0] & LOOM_ICTL_REFRESH_MASK) >>
					  LOOM_ICTL_REFRESH_SHIFT;
		if (f->refresh.data_unit > LOOM_TU_DAY ||
		    f->refresh.refresh_unit > LOOM_TU_DAY)
			return LOOM_DROP_FIELD;
		f->refresh.data_offset = p[1];
		f->refresh.refresh_offset = get_unaligned_le16(p + 2);
		f->refresh.count = p[5];
		return -1;
	case LOOM_PT_REFRESH_MORE:
		if (blen < LOOM_MORE_HDR_LEN)
			return LOOM_DROP_SHORT;
		if (p[0] != blen + LOOM_FCS_LEN)
			return LOOM_DROP_LENGTH;
		f->payload = p + LOOM_MORE_HDR_LEN;
		f->payload_len = blen - LOOM_MORE_HDR_LEN;
		return -1;
	default:
		break;
	}

	/* DATA, ACK_DATA and ERROR: a network packet. */
	if (blen < LOOM_NET_HDR_LEN)
		return LOOM_DROP_SHORT;
	loom_net_hdr_get(p, &f->net);
	if (f->net.len != blen)
		return LOOM_DROP_LENGTH;
	if (f->net.dst == LOOM_ADDR_RESERVED || f->net.src == LOOM_ADDR_RESERVED)
		return LOOM_DROP_FIELD;
	f->payload = p + LOOM_NET_HDR_LEN;
	f->payload_len = blen - LOOM_NET_HDR_LEN;
	if (f->type != LOOM_PT_ERROR)
		return -1;
	if (f->payload_len != LOOM_ERROR_BODY_LEN)
		return LOOM_DROP_LENGTH;
	f->error.code = f->payload[0];
	f->error.failures = f->payload[1];
	f->error.subject = get_unaligned_le16(f->payload + 2);
	f->payload = NULL;
	f->payload_len = 0;
	return -1;
}

/**
 * loom_frame_decode() - parse and check a received frame
 * @buf: the frame as received
 * @len: its length
 * @f: the decoded frame; payload pointers point into @buf
 * @st: counters to update, or NULL
 *
 * Checks, in this order: long enough for any frame, FCS, protocol version,
 * reserved control bits, packet type, then the type's own length and fields.
 * The FCS comes first so that a frame damaged on the air counts as an FCS
 * error, whatever byte the damage hit.
 *
 * Return: 0, or -EBADMSG with @f->drop set and the reason counted.
 */
int loom_frame_decode(const u8 *buf, size_t len, struct loom_frame *f,
		      struct loom_rx_stats *st)
{
	size_t blen;
	int why;

	memset(f, 0, sizeof(*f));
	if (len < LOOM_FRAME_MIN_LEN)
		return loom_drop(f, st, LOOM_DROP_SHORT);
	if (len > LOOM_FRAME_MAX_LEN)
		return loom_drop(f, st, LOOM_DROP_LENGTH);
	if (get_unaligned_le16(buf + len - LOOM_FCS_LEN) !=
	    loom_fcs(buf, len - LOOM_FCS_LEN))
		return loom_drop(f, st, LOOM_DROP_FCS);
	if ((buf[0] & LOOM_CTL_VER_MASK) >> LOOM_CTL_VER_SHIFT !=
	    LOOM_PROTO_VERSION)
		return loom_drop(f, st, LOOM_DROP_VERSION);
	if (buf[0] & LOOM_CTL_RSVD_MASK)
		return loom_drop(f, st, LOOM_DROP_RESERVED);
	f->type = buf[0] & LOOM_CTL_TYPE_MASK;
	if (f->type == LOOM_PT_INVALID || f->type == LOOM_PT_RESERVED)
		return loom_drop(f, st, LOOM_DROP_TYPE);
	f->src = get_unaligned_le16(buf + 1);
	if (f->src == LOOM_ADDR_RESERVED)
		return loom_drop(f, st, LOOM_DROP_FIELD);

	blen = len - LOOM_MAC_OVERHEAD;
	why = loom_decode_body(buf + LOOM_MAC_HDR_LEN, blen, f);
	if (why >= 0)
		return loom_drop(f, st, why);
	if (st)
		st->ok[f->type]++;
	return 0;
}
