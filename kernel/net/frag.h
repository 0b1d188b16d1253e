/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom fragmentation: a datagram becomes up to 256 fragments whose Sequence
 * counts down to 0; the receiver rebuilds it or drops the whole sequence.
 */
#ifndef _LOOM_FRAG_H
#define _LOOM_FRAG_H

#include "packet.h"

/* Sequence is one byte: N-1 down to 0. */
#define LOOM_FRAG_MAX		256

/**
 * struct loom_reasm - reassembly of one source's fragment sequence
 * @buf: the datagram being rebuilt (owned by the caller)
 * @cap: room at @buf
 * @len: bytes rebuilt so far
 * @started: time the first fragment arrived (caller's units)
 * @src: original source of the sequence
 * @frag_len: length of every fragment but the last
 * @frame_id: datagram id of the sequence
 * @next_seq: Sequence expected next
 * @active: a sequence is in progress
 * @dropped: sequences dropped (gap, bad size, timeout, superseded, or
 *	begun without its first fragment)
 * @orphan_src: source of the sequence dropped last; the rest of its
 *	fragments are refused without being counted again
 * @orphan_id: frame id of that sequence
 * @orphan: @orphan_src and @orphan_id are valid
 * @done_src: source of the datagram completed last
 * @done_id: its frame id; a repeat of its last fragment (a retransmission
 *	whose ACK was lost) is not delivered twice
 * @done: @done_src and @done_id are valid
 */
struct loom_reasm {
	u8 *buf;
	size_t cap;
	size_t len;
	u64 started;
	u16 src;
	u16 frag_len;
	u8 frame_id;
	u8 next_seq;
	bool active;
	u64 dropped;
	u16 orphan_src;
	u8 orphan_id;
	bool orphan;
	u16 done_src;
	u8 done_id;
	bool done;
};

/* loom_reasm_push() results besides negative errors. */
#define LOOM_REASM_MORE	0
#define LOOM_REASM_DONE	1

u16 loom_frag_payload_max(u16 radio_max_frame);
size_t loom_frag_datagram_max(u16 frag_payload);
int loom_frag_count(size_t len, u16 frag_payload);
void loom_frag_get(size_t len, u16 frag_payload, u32 index, size_t *off,
		   u16 *flen, u8 *seq);
void loom_reasm_init(struct loom_reasm *r, u8 *buf, size_t cap);
void loom_reasm_reset(struct loom_reasm *r);
int loom_reasm_push(struct loom_reasm *r, const struct loom_net_hdr *h,
		    const u8 *payload, u16 plen, u64 now);
bool loom_reasm_expire(struct loom_reasm *r, u64 now, u64 timeout);

#endif /* _LOOM_FRAG_H */
