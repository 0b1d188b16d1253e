/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "loomctl ping" without sockets: its command line, its defaults (taken
 * from the loaded topology's timing), the payload of an echo request, the
 * signal control message of a reply, and the lines it prints.  The unit
 * tests take every corner of it directly.
 */
#ifndef _LOOMCTL_PING_PARSE_H
#define _LOOMCTL_PING_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/loom.h>

#include "net/topology.h"

/* An echo request starts with its sequence number and its send time. */
#define PING_HDR_LEN		12
/* -s: header and four bytes of pattern; a datagram's air time counts. */
#define PING_SIZE_DEFAULT	16
/* -c: one round trip (it may take a minute on a slow network). */
#define PING_COUNT_DEFAULT	1
#define PING_COUNT_MAX		10000
/* -W: at least this long for each reply, in ms... */
#define PING_TIMEOUT_MS_MIN_DEFAULT	60000
/* ...-i without a topology to take the data interval from. */
#define PING_INTERVAL_MS_FALLBACK	1000
/* -i and -W: 1 ms to a week. */
#define PING_TIME_MS_MAX	(7ULL * 24 * 3600 * 1000)
/* The longest path of a tree: end device to end device over the root. */
#define PING_HOPS_MAX		(2 * (LOOM_MAX_ROUTER_DEPTH + 1))

/**
 * struct ping_args - the command line of "ping"
 * @from: the node that pings, or NULL for the only one running
 * @dest: DEST as typed
 * @count: echo requests to send (-c)
 * @interval_ms: time between two requests (-i), 0 for the default
 * @timeout_ms: how long to wait for each reply (-W), 0 for the default
 * @size: bytes of each request's payload (-s)
 * @hop_limit: transmissions each request may take ("mesh ping" -t,
 *	1..LOOM_MESH_HOP_LIMIT), 0 for the kernel's
 */
struct ping_args {
	const char *from;
	const char *dest;
	uint32_t count;
	uint64_t interval_ms;
	uint64_t timeout_ms;
	uint32_t size;
	uint8_t hop_limit;
};

/* @a with every default and no operand. */
void ping_args_init(struct ping_args *a);

/*
 * One option: @opt is 'c', 'i', 'W', 's' or 't', @val its value ("0.5" for
 * seconds with up to 3 decimals).  Returns 0 or -EINVAL with the whole
 * message in @err ('-c "0": must be 1..10000').
 */
int ping_parse_option(struct ping_args *a, int opt, const char *val,
		      char *err, size_t len);

/*
 * The operands @ops[0..n-1]: "[from NODE] DEST".  Returns 0 or -EINVAL
 * with the message in @err.
 */
int ping_parse_operands(struct ping_args *a, int n, char **ops, char *err,
			size_t len);

/*
 * What -i and -W mean when not given, from the loaded topology @t (NULL:
 * none): the interval is its data interval (what a node can sustain),
 * PING_INTERVAL_MS_FALLBACK without one; the time-out allows a whole
 * data interval per hop both ways between @from (an index of @t, or
 * LOOM_NO_PARENT) and @dst (PING_HOPS_MAX hops when either is unknown),
 * and at least PING_TIMEOUT_MS_MIN_DEFAULT.
 */
uint64_t ping_default_interval_ms(const struct loom_topology *t);
uint64_t ping_default_timeout_ms(const struct loom_topology *t, u32 from,
				 u16 dst);

/*
 * An echo request of @size bytes (>= PING_HDR_LEN) into @buf: @seq and
 * @sent_ns big-endian, then a pattern that depends on the offset.
 */
void ping_payload_fill(uint8_t *buf, size_t size, uint32_t seq,
		       uint64_t sent_ns);

/*
 * Reads back a reply of @len bytes to a request of @size: *@seq and
 * *@sent_ns from its header.  Returns 0, -EBADMSG when the header reads
 * but the rest is not what was sent (another length, other bytes), or
 * -EINVAL when it is shorter than the header.
 */
int ping_payload_read(const uint8_t *buf, size_t len, size_t size,
		      uint32_t *seq, uint64_t *sent_ns);

/*
 * The LOOM_SCM_SIGNAL control message of a received @msg into @sig:
 * 0, or -ENOENT when it has none.
 */
int ping_rx_signal(struct msghdr *msg, struct loom_rx_signal *sig);

/* What ping prints after the bytes of a reply. */
enum ping_note {
	PING_NOTE_NONE,
	PING_NOTE_DUP,		/* a second reply to one request */
	PING_NOTE_LATE,		/* after its time-out */
	PING_NOTE_DIFFERS,	/* not the bytes that were sent */
};

/**
 * struct ping_reply - one echo reply as ping prints it
 * @len: its payload's bytes
 * @src: the address it came from
 * @seq: the request it answers
 * @rtt_us: round trip time
 * @has_signal: it came with LOOM_SCM_SIGNAL: @sig holds
 * @sig: how its last hop was heard (either level may be
 *	LOOM_SIGNAL_UNKNOWN: an interface's radio cannot tell)
 * @note: enum ping_note
 * @peer: the source as printed, when not NULL (a mesh node's 48-bit
 *	address and its name); else @src named by the topology
 */
struct ping_reply {
	size_t len;
	u16 src;
	uint32_t seq;
	uint64_t rtt_us;
	bool has_signal;
	struct loom_rx_signal sig;
	int note;
	const char *peer;
};

/**
 * struct ping_stats - the summary's numbers
 * @transmitted: requests the node took
 * @received: replies in time (duplicates and late ones not counted)
 * @errors: requests the node refused (full queue, no timing yet)
 * @rtt_min_us: shortest round trip of those received
 * @rtt_max_us: longest
 * @rtt_sum_us: all of them added
 */
struct ping_stats {
	uint32_t transmitted;
	uint32_t received;
	uint32_t errors;
	uint64_t rtt_min_us;
	uint64_t rtt_max_us;
	uint64_t rtt_sum_us;
};

/* A reply received in time, of round trip @rtt_us. */
void ping_stats_add(struct ping_stats *st, uint64_t rtt_us);

/* "Router 1 (0x1000)", or "0x1000" when @t has no node there. */
char *ping_fmt_peer(char *buf, size_t len, const struct loom_topology *t,
		    u16 addr);

/*
 * "PING Router 1 (0x1000) from BillyTheCoord on loom0 port 130: 16 bytes,
 * timeout 60 s" (and ", 3 requests 12 s apart" for a @count above 1).
 */
void ping_show_header(FILE *f, const char *dest, const char *from,
		      const char *ifname, unsigned int port,
		      const struct ping_args *a);

/*
 * "16 bytes from Router 1 (0x1000): seq=1 time=20512.3 ms rssi=-80.0 dBm
 * snr=10.0 dB" ("rssi=unknown" when @has_signal is false or the level
 * is LOOM_SIGNAL_UNKNOWN), a note in parentheses.
 */
void ping_show_reply(FILE *f, const struct ping_reply *r,
		     const struct loom_topology *t);

/* "seq=2: no reply within 60 s" */
void ping_show_timeout(FILE *f, uint32_t seq, uint64_t timeout_ms);

/*
 * "--- DEST ping statistics ---", "3 transmitted, 2 received, 33% loss"
 * ("+1 errors" before the loss when there were any; no loss without a
 * transmission), and "rtt min/avg/max = 1.0/2.0/3.0 ms" when a reply
 * came.
 */
void ping_show_summary(FILE *f, const char *dest, const struct ping_stats *st);

#endif /* _LOOMCTL_PING_PARSE_H */
