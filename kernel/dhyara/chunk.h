/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dhyara datagrams in chunks: reassembly at the destination, which
 * produces the delivery report (DLV) of a datagram sent in CNK frames
 * (none for one in CNU frames, whose origin wants none), and the sender's
 * table of datagrams awaiting theirs.  Time is the caller's (now_ns); nothing
 * here arms a timer: each table says when it next needs to be called.
 *
 * Locking: each table has its own bh-safe spinlock, taken inside every
 * function, so the caller may hold its own lock around the calls or none.
 * Context: process or softirq (bottom half), never hard IRQ; nothing
 * sleeps.  Only the _init() functions (GFP_KERNEL) and _destroy() need
 * process context.
 */
#ifndef _LOOM_DHY_CHUNK_H
#define _LOOM_DHY_CHUNK_H

#include <linux/bitmap.h>
#include <linux/spinlock.h>

#include "frame.h"

/* loom_dhy_reasm_push() results besides negative errors. */
#define LOOM_DHY_REASM_MORE	0
#define LOOM_DHY_REASM_DONE	1

/**
 * struct loom_dhy_reasm_stats - what reassembly did with the chunks it got
 * @chunks: chunks taken into a datagram
 * @dups: chunks ignored: already held, or of a datagram delivered lately
 * @delivered: datagrams completed (each of CNK frames gets a DLV)
 * @timeouts: partial datagrams dropped because a chunk never came (no
 *	DLV: the sender's own timeout tells it)
 * @superseded: partial datagrams dropped because a chunk with their
 *	origin and id but another count or length came (the origin reused
 *	the id: it started again)
 * @full: chunks refused because every slot held a partial datagram (CNK
 *	and CNU alike)
 * @over_budget: chunks refused because the datagram would exceed the byte
 *	budget
 * @nomem: chunks refused because an allocation failed
 * @no_room_dlv: DLVs with LOOM_DHY_OUT_NO_ROOM produced for refusals (of
 *	CNK datagrams only: a CNU datagram refused is counted in @full,
 *	@over_budget or @nomem and reported to no one)
 */
struct loom_dhy_reasm_stats {
	u64 chunks;
	u64 dups;
	u64 delivered;
	u64 timeouts;
	u64 superseded;
	u64 full;
	u64 over_budget;
	u64 nomem;
	u64 no_room_dlv;
};

/**
 * struct loom_dhy_reasm_slot - one datagram being put together
 * @origin: its origin
 * @msg_id: its id there
 * @total: its length
 * @count: its chunks
 * @got: chunks held
 * @report: its chunks are CNK: its origin awaits a DLV
 * @used: the slot holds a datagram
 * @deadline_ns: when it is dropped if still incomplete
 * @buf: @total bytes (GFP_ATOMIC)
 * @have: which chunks are held
 */
struct loom_dhy_reasm_slot {
	u8 origin[ETH_ALEN];
	u16 msg_id;
	u16 total;
	u8 count;
	u8 got;
	bool report;
	bool used;
	u64 deadline_ns;
	u8 *buf;
	DECLARE_BITMAP(have, LOOM_DHY_CHUNKS_MAX);
};

/**
 * struct loom_dhy_reasm_done_id - a datagram delivered lately
 * @origin: its origin
 * @msg_id: its id
 * @total: its length
 * @count: its chunks; a chunk of the same origin and id but another shape
 *	belongs to a new datagram
 * @report: its chunks were CNK (part of the shape: CNU chunks under the
 *	same id are another datagram)
 * @until_ns: when it is forgotten
 * @used: the entry is valid
 */
struct loom_dhy_reasm_done_id {
	u8 origin[ETH_ALEN];
	u16 msg_id;
	u16 total;
	u8 count;
	bool report;
	u64 until_ns;
	bool used;
};

/**
 * struct loom_dhy_reasm - reassembly at one node
 * @lock: protects everything below (bh-safe)
 * @self: the node's address, the source of the DLVs it produces
 * @slots: @nslots partial datagrams
 * @nslots: how many may be in progress at once
 * @done: the @ndone datagrams delivered last, so that a late duplicate
 *	chunk is not delivered again
 * @ndone: entries at @done
 * @done_next: the entry @done overwrites next
 * @bytes: bytes held by @slots
 * @max_bytes: bound on @bytes
 * @timeout_ns: how long a datagram may take from its first chunk
 * @refused_origin: origin of the datagram refused last
 * @refused_id: its id: its further chunks produce no further DLV
 * @refused: @refused_origin and @refused_id are valid
 * @st: counters
 */
struct loom_dhy_reasm {
	spinlock_t lock;	/* see above */
	u8 self[ETH_ALEN];
	struct loom_dhy_reasm_slot *slots;
	unsigned int nslots;
	struct loom_dhy_reasm_done_id *done;
	unsigned int ndone;
	unsigned int done_next;
	size_t bytes;
	size_t max_bytes;
	u64 timeout_ns;
	u8 refused_origin[ETH_ALEN];
	u16 refused_id;
	bool refused;
	struct loom_dhy_reasm_stats st;
};

/**
 * struct loom_dhy_reasm_result - what a chunk completed or calls for
 * @data: LOOM_DHY_REASM_DONE: the datagram (kmalloc()ed); the caller owns
 *	it and kfree()s it
 * @len: its length
 * @origin: LOOM_DHY_REASM_DONE: its origin
 * @msg_id: LOOM_DHY_REASM_DONE: its id
 * @send_dlv: @dlv is to be sent: a datagram of CNK chunks is delivered,
 *	or refused for want of room (the first chunk of it refused); never
 *	for CNU chunks
 * @dlv: the report, to the origin, from the node; its next hop is the
 *	caller's to fill from its routes before loom_dhy_frame_encode()
 */
struct loom_dhy_reasm_result {
	u8 *data;
	u16 len;
	u8 origin[ETH_ALEN];
	u16 msg_id;
	bool send_dlv;
	struct loom_dhy_frame dlv;
};

int loom_dhy_reasm_init(struct loom_dhy_reasm *r, const u8 *self,
			unsigned int slots, size_t max_bytes, u64 timeout_ns);
void loom_dhy_reasm_destroy(struct loom_dhy_reasm *r);
int loom_dhy_reasm_push(struct loom_dhy_reasm *r,
			const struct loom_dhy_frame *f, u64 now_ns,
			struct loom_dhy_reasm_result *res);
unsigned int loom_dhy_reasm_expire(struct loom_dhy_reasm *r, u64 now_ns);
u64 loom_dhy_reasm_next_deadline(struct loom_dhy_reasm *r);
void loom_dhy_reasm_stats(struct loom_dhy_reasm *r,
			  struct loom_dhy_reasm_stats *st);

/**
 * struct loom_dhy_tx_stats - the sender's datagrams and their outcomes
 * @sent: datagrams given an id (and then sent in chunks)
 * @delivered: a DLV said delivered
 * @no_room: a DLV said the destination had no room
 * @timed_out: no report came in time
 * @unreachable: an ICMPX came back about one of their chunks
 * @cancelled: taken back by the caller (loom_dhy_tx_cancel())
 * @full: datagrams refused because every entry awaited a report
 * @unknown: reports that matched no datagram awaiting one (late, after
 *	the timeout, or not about ours)
 */
struct loom_dhy_tx_stats {
	u64 sent;
	u64 delivered;
	u64 no_room;
	u64 timed_out;
	u64 unreachable;
	u64 cancelled;
	u64 full;
	u64 unknown;
};

/**
 * struct loom_dhy_tx_entry - a datagram awaiting its report
 * @dst: its destination
 * @msg_id: its id
 * @used: the entry is valid
 * @deadline_ns: when it times out
 * @cookie: the caller's (a socket's token, for the notification)
 */
struct loom_dhy_tx_entry {
	u8 dst[ETH_ALEN];
	u16 msg_id;
	bool used;
	u64 deadline_ns;
	u64 cookie;
};

/**
 * struct loom_dhy_tx_done - an outcome for the caller to pass on
 * @dst: the datagram's destination
 * @msg_id: its id
 * @outcome: enum loom_dhy_outcome
 * @cookie: what the caller gave loom_dhy_tx_add()
 */
struct loom_dhy_tx_done {
	u8 dst[ETH_ALEN];
	u16 msg_id;
	u8 outcome;
	u64 cookie;
};

/**
 * struct loom_dhy_tx - a sender's datagrams awaiting their reports
 * @lock: protects everything below (bh-safe)
 * @e: @n entries
 * @n: how many datagrams may await a report at once
 * @used: entries in use
 * @timeout_ns: how long a datagram waits for its report
 * @next_id: the id tried next
 * @st: counters
 */
struct loom_dhy_tx {
	spinlock_t lock;	/* see above */
	struct loom_dhy_tx_entry *e;
	unsigned int n;
	unsigned int used;
	u64 timeout_ns;
	u16 next_id;
	struct loom_dhy_tx_stats st;
};

int loom_dhy_tx_init(struct loom_dhy_tx *t, unsigned int max, u64 timeout_ns,
		     u16 first_id);
void loom_dhy_tx_destroy(struct loom_dhy_tx *t);
int loom_dhy_tx_add(struct loom_dhy_tx *t, const u8 *dst, u64 cookie,
		    u64 now_ns, u16 *msg_id);
int loom_dhy_tx_report(struct loom_dhy_tx *t, const struct loom_dhy_frame *f,
		       struct loom_dhy_tx_done *done);
int loom_dhy_tx_cancel(struct loom_dhy_tx *t, u16 msg_id);
u16 loom_dhy_tx_id(struct loom_dhy_tx *t);
bool loom_dhy_tx_expire(struct loom_dhy_tx *t, u64 now_ns,
			struct loom_dhy_tx_done *done);
u64 loom_dhy_tx_next_deadline(struct loom_dhy_tx *t);
void loom_dhy_tx_stats(struct loom_dhy_tx *t, struct loom_dhy_tx_stats *st);

#endif /* _LOOM_DHY_CHUNK_H */
