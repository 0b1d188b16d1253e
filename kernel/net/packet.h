/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom network packet: the header every routed frame carries inside the MAC
 * frame (DATA, ACK with data, ERROR).
 */
#ifndef _LOOM_PACKET_H
#define _LOOM_PACKET_H

#include "../include/loom_compat.h"

/* Frame Length, Destination, Source, Sequence, Frame id. */
#define LOOM_NET_HDR_LEN	7
/* Frame Length is one byte and counts the header and the payload. */
#define LOOM_NET_MAX_LEN	255
#define LOOM_NET_MAX_PAYLOAD	(LOOM_NET_MAX_LEN - LOOM_NET_HDR_LEN)

/**
 * struct loom_net_hdr - decoded network header
 * @len: Frame Length: header plus payload, in bytes
 * @dst: final destination address
 * @src: original source address
 * @seq: fragments still to come after this one (0: the last)
 * @frame_id: datagram id of the original source, 0..127 (duplicate
 *	suppression, reassembly matching); bits 0-6 of the seed's Reserved byte
 * @first: the datagram's first fragment (bit 7 of that byte).  Sequence
 *	counts the fragments still to come, so without this flag a lost first
 *	fragment would go unnoticed and a shorter datagram be delivered.
 */
struct loom_net_hdr {
	u8 len;
	u16 dst;
	u16 src;
	u8 seq;
	u8 frame_id;
	bool first;
};

#define LOOM_NET_ID_MASK	0x7f
#define LOOM_NET_FIRST		0x80

void loom_net_hdr_put(const struct loom_net_hdr *h, u8 *buf);
void loom_net_hdr_get(const u8 *buf, struct loom_net_hdr *h);

#endif /* _LOOM_PACKET_H */
