/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dhyara mesh frames: codecs for every packet type.  Pure functions over
 * byte buffers; the decoder never reads outside [buf, buf + len).
 * Documentation/dhyara-wire-format.rst has every byte and the reasons.
 */
#ifndef _LOOM_DHY_FRAME_H
#define _LOOM_DHY_FRAME_H

#include "../include/loom_compat.h"
#include "../../uapi/linux/loom.h"

/* Control (1), destination (6), source (6); the FCS (2) ends the frame. */
#define LOOM_DHY_HDR_LEN	(1 + 2 * ETH_ALEN)
#define LOOM_DHY_FCS_LEN	2
#define LOOM_DHY_OVERHEAD	(LOOM_DHY_HDR_LEN + LOOM_DHY_FCS_LEN)
/* Routed types: next hop (6) and hop limit (1) after the header. */
#define LOOM_DHY_ROUTE_LEN	(ETH_ALEN + 1)
#define LOOM_DHY_ROUTED_OVERHEAD (LOOM_DHY_OVERHEAD + LOOM_DHY_ROUTE_LEN)

/*
 * Control byte: bits 0-3 the type, bits 4-7 the version nibble.  Version
 * 0 of Dhyara is nibble 0x8: bit 7 is set in no Loom tree frame (whose
 * bits 5-7 are reserved), so neither protocol takes the other's frames.
 */
#define LOOM_DHY_CTL_TYPE_MASK	0x0f
#define LOOM_DHY_CTL_VER_MASK	0xf0
#define LOOM_DHY_CTL_V0		0x80
/* Types with bit 3 set are routed: they carry next hop and hop limit. */
#define LOOM_DHY_ROUTED_BIT	0x08

/* Bodies. */
#define LOOM_DHY_TIME_LEN	4	/* BCN, ACK: a time in us */
#define LOOM_DHY_ADV_ENTRY_LEN	(ETH_ALEN + 4 + 1)
#define LOOM_DHY_CNK_HDR_LEN	6	/* msg id, index, count, total */
#define LOOM_DHY_DLV_LEN	3	/* msg id, outcome */
#define LOOM_DHY_ICMP_HDR_LEN	8	/* id, seq, time */
#define LOOM_DHY_ICMPX_HDR_LEN	2	/* code, type of the frame it quotes */
#define LOOM_DHY_ICMPX_QUOTE_MAX 8

/*
 * Frame lengths.  Below LOOM_DHY_FRAME_MIN not even the header and FCS
 * fit.  LOOM_DHY_FRAME_MAX bounds every frame (an Ethernet payload); a
 * radio that allows more is used at this size.
 */
#define LOOM_DHY_FRAME_MIN	LOOM_DHY_OVERHEAD
#define LOOM_DHY_FRAME_MAX	1500

/* Advertised delay of a destination that is no longer reachable. */
#define LOOM_DHY_DELAY_INFINITE	0xffffffffU
/* Hop limit of the frames a node originates, unless it chooses another. */
#define LOOM_DHY_HOP_LIMIT	32
/* Chunks of one datagram: Count is one byte, 1..255. */
#define LOOM_DHY_CHUNKS_MAX	255
/* Total Length is two bytes. */
#define LOOM_DHY_DGRAM_MAX	65535

/**
 * enum loom_dhy_type - Dhyara packet types (the control byte's bits 0-3)
 * @LOOM_DHY_T_BCN: beacon, broadcast, the sender's time
 * @LOOM_DHY_T_ACK: answer to a beacon, its time echoed
 * @LOOM_DHY_T_ADV: advertisement: (destination, delay, hops) entries
 * @LOOM_DHY_T_CNK: chunk of a datagram whose origin awaits a DLV (routed)
 * @LOOM_DHY_T_DLV: delivery report of a datagram (routed)
 * @LOOM_DHY_T_ICMPQ: echo request (routed)
 * @LOOM_DHY_T_ICMPR: echo reply (routed)
 * @LOOM_DHY_T_ICMPX: error report: hop limit exceeded, no route (routed)
 * @LOOM_DHY_T_CNU: chunk of a datagram whose origin wants no report: a
 *	CNK in every other way, but its destination sends no DLV (routed)
 * @__LOOM_DHY_T_MAX: the type field's values (4 bits), for counters
 *
 * 0, 4-7, 14 and 15 are refused.
 */
enum loom_dhy_type {
	LOOM_DHY_T_BCN = 1,
	LOOM_DHY_T_ACK = 2,
	LOOM_DHY_T_ADV = 3,
	LOOM_DHY_T_CNK = 8,
	LOOM_DHY_T_DLV = 9,
	LOOM_DHY_T_ICMPQ = 10,
	LOOM_DHY_T_ICMPR = 11,
	LOOM_DHY_T_ICMPX = 12,
	LOOM_DHY_T_CNU = 13,
	__LOOM_DHY_T_MAX = 16,
};

/**
 * enum loom_dhy_outcome - what became of a datagram
 * @LOOM_DHY_OUT_DELIVERED: the destination has it whole (DLV)
 * @LOOM_DHY_OUT_NO_ROOM: the destination had no room to reassemble it (DLV)
 * @LOOM_DHY_OUT_TIMED_OUT: no report came in time (the sender's verdict)
 * @LOOM_DHY_OUT_UNREACHABLE: an ICMPX about one of its chunks came back
 *	(the sender's verdict)
 *
 * A DLV carries only the first two.
 */
enum loom_dhy_outcome {
	LOOM_DHY_OUT_DELIVERED = 1,
	LOOM_DHY_OUT_NO_ROOM = 2,
	LOOM_DHY_OUT_TIMED_OUT = 3,
	LOOM_DHY_OUT_UNREACHABLE = 4,
};

#define LOOM_DHY_DLV_OUTCOME_MAX	LOOM_DHY_OUT_NO_ROOM

/**
 * enum loom_dhy_icmpx_code - why an ICMPX was sent
 * @LOOM_DHY_X_HOP_LIMIT: the frame's hop limit ran out at the reporter
 *	(ICMP's time exceeded; what traceroute asks for)
 * @LOOM_DHY_X_NO_ROUTE: the reporter has no route to the destination
 */
enum loom_dhy_icmpx_code {
	LOOM_DHY_X_HOP_LIMIT = 1,
	LOOM_DHY_X_NO_ROUTE = 2,
};

/**
 * struct loom_dhy_adv_entry - one advertised route (the routing table's
 *	output, an ADV's entries)
 * @dest: destination
 * @delay_us: the advertiser's delay to it, LOOM_DHY_DELAY_INFINITE if gone
 * @hops: the advertiser's hops to it, at least 1
 */
struct loom_dhy_adv_entry {
	u8 dest[ETH_ALEN];
	u32 delay_us;
	u8 hops;
};

/**
 * struct loom_dhy_cnk - fields of a chunk (CNK or CNU)
 * @msg_id: the datagram's id at its origin
 * @index: this chunk, 0..@count - 1
 * @count: chunks in the datagram, 1..255
 * @total: datagram length, 0..65535
 */
struct loom_dhy_cnk {
	u16 msg_id;
	u8 index;
	u8 count;
	u16 total;
};

/**
 * struct loom_dhy_dlv - fields of a delivery report
 * @msg_id: the datagram's id at its origin (the DLV's destination)
 * @outcome: LOOM_DHY_OUT_DELIVERED or LOOM_DHY_OUT_NO_ROOM
 */
struct loom_dhy_dlv {
	u16 msg_id;
	u8 outcome;
};

/**
 * struct loom_dhy_icmp - fields of an echo request or reply
 * @id: the asker's session
 * @seq: the request's number in the session
 * @time_us: the asker's time when it sent the request (echoed)
 */
struct loom_dhy_icmp {
	u16 id;
	u16 seq;
	u32 time_us;
};

/**
 * struct loom_dhy_icmpx - fields of an error report
 * @code: enum loom_dhy_icmpx_code
 * @orig_type: type of the frame it is about (routed, never ICMPX)
 */
struct loom_dhy_icmpx {
	u8 code;
	u8 orig_type;
};

/**
 * struct loom_dhy_frame - a decoded Dhyara frame of any type
 * @type: enum loom_dhy_type
 * @dst: destination: the receiver (BCN: broadcast; ADV: broadcast or a
 *	neighbour) or, routed, the final destination
 * @src: source: the sender or, routed, the origin
 * @next_hop: routed types: the neighbour that is to take the frame next
 * @hop_limit: routed types: transmissions left, at least 1
 * @time_us: BCN: the sender's time; ACK: the beacon's, echoed
 * @adv: ADV to encode: @adv_count entries
 * @adv_count: ADV: entries in the frame
 * @cnk: CNK and CNU fields
 * @dlv: DLV fields
 * @icmp: ICMPQ and ICMPR fields
 * @icmpx: ICMPX fields
 * @payload: CNK, CNU: the chunk's data; ICMPQ, ICMPR: the echoed payload;
 *	ICMPX: the quoted start of the frame it is about; ADV (decoded): the
 *	raw entries, read with loom_dhy_adv_get().  Points into the decoded
 *	buffer.
 * @payload_len: bytes at @payload
 * @body: decoded routed frames: what follows the hop limit (an ICMPX
 *	quotes its start)
 * @body_len: bytes at @body
 * @drop: why decoding failed, enum loom_drop (valid after an error)
 */
struct loom_dhy_frame {
	u8 type;
	u8 dst[ETH_ALEN];
	u8 src[ETH_ALEN];
	u8 next_hop[ETH_ALEN];
	u8 hop_limit;
	u32 time_us;
	const struct loom_dhy_adv_entry *adv;
	u16 adv_count;
	struct loom_dhy_cnk cnk;
	struct loom_dhy_dlv dlv;
	struct loom_dhy_icmp icmp;
	struct loom_dhy_icmpx icmpx;
	const u8 *payload;
	u16 payload_len;
	const u8 *body;
	u16 body_len;
	u8 drop;
};

/**
 * struct loom_dhy_rx_stats - receive-side counters of the frame decoder
 * @ok: frames decoded, per enum loom_dhy_type
 * @drop: frames dropped, per enum loom_drop
 */
struct loom_dhy_rx_stats {
	u64 ok[__LOOM_DHY_T_MAX];
	u64 drop[__LOOM_DROP_MAX];
};

/**
 * loom_dhy_routed() - whether a type carries next hop and hop limit
 * @type: enum loom_dhy_type
 *
 * Return: true for CNK, DLV, ICMPQ, ICMPR, ICMPX and CNU.
 */
static inline bool loom_dhy_routed(u8 type)
{
	return type & LOOM_DHY_ROUTED_BIT;
}

/**
 * loom_dhy_is_chunk() - whether a type is a chunk of a datagram
 * @type: enum loom_dhy_type
 *
 * CNK and CNU have one layout and one set of rules; only CNK asks its
 * destination for a delivery report.
 *
 * Return: true for CNK and CNU.
 */
static inline bool loom_dhy_is_chunk(u8 type)
{
	return type == LOOM_DHY_T_CNK || type == LOOM_DHY_T_CNU;
}

int loom_dhy_frame_len(const struct loom_dhy_frame *f);
int loom_dhy_frame_encode(const struct loom_dhy_frame *f, u8 *buf,
			  size_t size);
int loom_dhy_frame_decode(const u8 *buf, size_t len, struct loom_dhy_frame *f,
			  struct loom_dhy_rx_stats *st);
void loom_dhy_adv_get(const struct loom_dhy_frame *f, unsigned int i,
		      struct loom_dhy_adv_entry *e);
const char *loom_dhy_type_name(unsigned int type);

u16 loom_dhy_adv_max(u16 max_frame);
u16 loom_dhy_cnk_data_max(u16 max_frame);
u16 loom_dhy_icmp_payload_max(u16 max_frame);
u32 loom_dhy_dgram_max(u16 max_frame);
int loom_dhy_chunk_count(u32 total, u16 data_max);
int loom_dhy_chunk_span(u16 total, u8 count, u8 index, u16 *off, u16 *len);

int loom_dhy_forward(u8 *buf, size_t len, const u8 *next_hop);
int loom_dhy_icmpx_build(struct loom_dhy_frame *x,
			 const struct loom_dhy_frame *orig, const u8 *self,
			 u8 code);

u32 loom_dhy_time_us(u64 now_ns);
u64 loom_dhy_rtt_ns(u64 now_ns, u32 echoed_us);

#endif /* _LOOM_DHY_FRAME_H */
