/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom MAC frames: codecs for every packet type.  Pure functions over byte
 * buffers; the parser never reads outside [buf, buf + len).
 */
#ifndef _LOOM_FRAME_H
#define _LOOM_FRAME_H

#include "../include/loom_compat.h"
#include "../../uapi/linux/loom.h"
#include "../net/packet.h"

/* Control byte and MAC source address. */
#define LOOM_MAC_HDR_LEN	3
#define LOOM_FCS_LEN		2
#define LOOM_MAC_OVERHEAD	(LOOM_MAC_HDR_LEN + LOOM_FCS_LEN)
#define LOOM_PROTO_VERSION	0

#define LOOM_CTL_TYPE_MASK	0x07
#define LOOM_CTL_VER_SHIFT	3
#define LOOM_CTL_VER_MASK	0x18
#define LOOM_CTL_RSVD_MASK	0xe0

/* Interval Control, Data Offset, Refresh Offset (2), Reserved, Count. */
#define LOOM_REFRESH_BODY_LEN	6
#define LOOM_ICTL_DATA_MASK	0x07
#define LOOM_ICTL_REFRESH_SHIFT	3
#define LOOM_ICTL_REFRESH_MASK	0x38
#define LOOM_ICTL_RSVD_MASK	0xc0
/* Frame Length and Reserved of an additional refresh packet. */
#define LOOM_MORE_HDR_LEN	2
#define LOOM_MORE_MAX_PAYLOAD	251
/* Error body: code, consecutive failures, subject address (2). */
#define LOOM_ERROR_BODY_LEN	4

/* Smallest and largest frame of all types. */
#define LOOM_FRAME_MIN_LEN	LOOM_MAC_OVERHEAD
#define LOOM_FRAME_MAX_LEN	(LOOM_MAC_OVERHEAD + LOOM_NET_MAX_LEN)

/**
 * enum loom_err_code - what an ERROR packet reports
 * @LOOM_ERRC_LINK_FAILED: LOOM_RETRY_LIMIT consecutive failed transactions
 *	with the subject
 * @LOOM_ERRC_REASM_DROPPED: a fragment sequence from the subject was dropped
 */
enum loom_err_code {
	LOOM_ERRC_LINK_FAILED = 1,
	LOOM_ERRC_REASM_DROPPED = 2,
};

/**
 * struct loom_refresh - body of an initial refresh packet
 * @data_unit: enum loom_time_unit of @data_offset
 * @refresh_unit: enum loom_time_unit of @refresh_offset
 * @data_offset: from the end of this frame to the first data slot
 * @refresh_offset: from the end of this frame to the next refresh
 * @count: additional refresh packets that follow
 */
struct loom_refresh {
	u8 data_unit;
	u8 refresh_unit;
	u8 data_offset;
	u16 refresh_offset;
	u8 count;
};

/**
 * struct loom_error_body - body of an ERROR packet
 * @code: enum loom_err_code
 * @failures: consecutive failures seen
 * @subject: the address of the peer the report is about
 */
struct loom_error_body {
	u8 code;
	u8 failures;
	u16 subject;
};

/**
 * struct loom_frame - a decoded MAC frame of any type
 * @type: enum loom_ptype
 * @src: MAC source: the device that sent this frame over the air
 * @net: network header (DATA, ACK_DATA, ERROR)
 * @payload: network payload (DATA, ACK_DATA) or refresh payload
 *	(REFRESH_MORE); points into the decoded buffer
 * @payload_len: bytes at @payload
 * @refresh: initial refresh body (REFRESH)
 * @error: error body (ERROR)
 * @drop: why decoding failed, enum loom_drop (valid after an error)
 */
struct loom_frame {
	u8 type;
	u16 src;
	struct loom_net_hdr net;
	const u8 *payload;
	u16 payload_len;
	struct loom_refresh refresh;
	struct loom_error_body error;
	u8 drop;
};

/**
 * struct loom_rx_stats - receive-side counters of the frame parser
 * @ok: frames decoded, per packet type
 * @drop: frames dropped, per enum loom_drop
 */
struct loom_rx_stats {
	u64 ok[8];
	u64 drop[__LOOM_DROP_MAX];
};

u16 loom_fcs(const u8 *buf, size_t len);
int loom_frame_len(const struct loom_frame *f);
int loom_frame_encode(const struct loom_frame *f, u8 *buf, size_t size);
int loom_frame_decode(const u8 *buf, size_t len, struct loom_frame *f,
		      struct loom_rx_stats *st);
const char *loom_drop_name(unsigned int reason);

#endif /* _LOOM_FRAME_H */
