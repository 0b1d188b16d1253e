// SPDX-License-Identifier: GPL-2.0
/*
 * Loom network header codec.  Multi-byte fields are little-endian (seed
 * README, ambiguity 1).
 */
#include "packet.h"

/**
 * loom_net_hdr_put() - write a network header
 * @h: the header
 * @buf: at least LOOM_NET_HDR_LEN bytes
 */
void loom_net_hdr_put(const struct loom_net_hdr *h, u8 *buf)
{
	buf[0] = h->len;
	put_unaligned_le16(h->dst, buf + 1);
	put_unaligned_le16(h->src, buf + 3);
	buf[5] = h->seq;
	buf[6] = (h->frame_id & LOOM_NET_ID_MASK) | (h->first ? LOOM_NET_FIRST : 0);
}

/**
 * loom_net_hdr_get() - read a network header
 * @buf: at least LOOM_NET_HDR_LEN bytes (the caller checks)
 * @h: where to store it
 */
void loom_net_hdr_get(const u8 *buf, struct loom_net_hdr *h)
{
	h->len = buf[0];
	h->dst = get_unaligned_le16(buf + 1);
	h->src = get_unaligned_le16(buf + 3);
	h->seq = buf[5];
	h->frame_id = buf[6] & LOOM_NET_ID_MASK;
	h->first = buf[6] & LOOM_NET_FIRST;
}
