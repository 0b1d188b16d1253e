/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Dhyara mesh as loomctl reads it, without netlink: "mesh start"'s
 * operands, 48-bit addresses or the names a hosts file gives them (as
 * batctl's /etc/bat-hosts), the names of policies and ping answers, and
 * the structures of the neighbour and route dumps and of ping answers.
 * The unit tests take every corner of it directly.
 */
#ifndef _LOOMCTL_MESH_PARSE_H
#define _LOOMCTL_MESH_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/loom.h>

#include "ping_parse.h"
#include "run_parse.h"

/* The hosts file, and the environment variable that names another. */
#define MESH_HOSTS_PATH		"/etc/loom/hosts"
#define MESH_HOSTS_ENV		"LOOM_HOSTS"
/* Longest name in it (a node's name is as long). */
#define MESH_HOST_NAME_MAX	LOOM_NAME_MAX
/* "02:4c:4f:4d:00:01" and its NUL. */
#define MESH_ADDR_BUF		18
/* An address with a name: "02:4c:4f:4d:00:01 (name)". */
#define MESH_PEER_BUF		(MESH_ADDR_BUF + MESH_HOST_NAME_MAX + 3)

/**
 * struct mesh_host - one line of the hosts file
 * @addr: the 48-bit address
 * @name: its name
 */
struct mesh_host {
	u8 addr[6];
	char name[MESH_HOST_NAME_MAX + 1];
};

/**
 * struct mesh_hosts - the hosts file read
 * @h: its good lines, in file order
 * @n: how many
 * @cap: room for
 */
struct mesh_hosts {
	struct mesh_host *h;
	size_t n, cap;
};

/*
 * The lines of @text (the contents of @file, named in messages) into @h,
 * which may hold entries already: "aa:bb:cc:dd:ee:ff name", blanks
 * around and between, '#' to the end of a line a comment, empty lines
 * skipped.  A bad line (not an address, no name, more than a name, a
 * name too long, one that reads as an address, an address or a name a
 * line before already has) is reported on @warn as "loomctl: FILE:LINE:
 * why; line ignored" and skipped.  Returns the number of bad lines, or
 * -ENOMEM.
 */
int mesh_hosts_parse(struct mesh_hosts *h, const char *file,
		     const char *text, FILE *warn);
/*
 * The hosts file into @h (emptied first): $LOOM_HOSTS if set, else
 * MESH_HOSTS_PATH.  A missing default file is no error (no names); one
 * LOOM_HOSTS names that cannot be read is reported on @warn.  Returns
 * the number of bad lines, or a negative errno (the file could not be
 * read: said on @warn; @h is then empty).
 */
int mesh_hosts_load(struct mesh_hosts *h, FILE *warn);
void mesh_hosts_free(struct mesh_hosts *h);

/* The name of @addr in @h (may be NULL), or NULL. */
const char *mesh_hosts_name(const struct mesh_hosts *h, const u8 *addr);

/*
 * DEST: a name of @h (may be NULL; exactly, first), else a 48-bit
 * address (loom_parse_hwaddr()).  The broadcast and all-zero addresses
 * name no node.  Returns 0 or -EINVAL with the whole message in @err
 * ('DEST "x": ...').
 */
int mesh_parse_dest(const struct mesh_hosts *h, const char *s, u8 *addr,
		    char *err, size_t len);

/* "02:4c:4f:4d:00:01 (name)", or the address alone.  Returns @buf. */
char *mesh_fmt_peer(char *buf, size_t len, const struct mesh_hosts *h,
		    const u8 *addr);

/**
 * struct mesh_start - "mesh start NAME radio RADIO [radio RADIO]...
 *	[beacon MS] [policy hops|delay] [duty PERCENT|off]"
 * @name: NAME
 * @radio: the first RADIO: it gives the node its address
 * @more: the others, in order
 * @nmore: how many (up to LOOM_RADIOS_MAX - 1)
 * @has_beacon: @beacon_ms was given (else the kernel's default)
 * @beacon_ms: LOOM_MESH_BEACON_MIN_MS..LOOM_MESH_BEACON_MAX_MS
 * @has_policy: @policy was given
 * @policy: enum loom_mesh_policy
 * @has_duty: @duty_ppm was given
 * @duty_ppm: the budget in ppm; 0 for "off" (no budget)
 */
struct mesh_start {
	const char *name;
	const char *radio;
	const char *more[LOOM_RADIOS_MAX - 1];
	int nmore;
	bool has_beacon;
	u32 beacon_ms;
	bool has_policy;
	u8 policy;
	bool has_duty;
	u32 duty_ppm;
};

/*
 * "mesh start"'s operands @ops[0..n-1]; the keywords after NAME in any
 * order, each once but "radio" (up to LOOM_RADIOS_MAX, each radio once).  PERCENT takes up to 4 decimals, '%' optional ("1",
 * "0.1%"): 1 % is 10000 ppm; "0" is refused ("off" says no budget).
 * Fills @s and returns 0, or -EINVAL with the message in @err.
 */
int mesh_parse_start(int n, char **ops, struct mesh_start *s, char *err,
		     size_t len);

/* enum loom_mesh_policy: "hops", "delay"; NULL if unknown. */
const char *mesh_policy_name(u8 policy);
/* enum loom_ping_code for JSON: "reply", "hop_limit", "no_route"; NULL. */
const char *mesh_ping_code_name(u8 code);

/* ppm as a percentage, as few decimals as it needs ("1", "0.125"). */
char *mesh_fmt_ppm(char *buf, size_t len, u32 ppm);

/**
 * struct mesh_link - one neighbour of a mesh node (LINK_GET dump)
 * @node: the node whose neighbour it is
 * @addr: the neighbour's address
 * @heard: @age_ms holds
 * @age_ms: since it was last heard
 * @has_rtt: @rtt_us holds (absent before the first sample)
 * @rtt_us: its smoothed round trip
 * @has_delay: @delay_us holds
 * @delay_us: the link delay its routes use
 * @silent: silent past the threshold: its routes are being depreciated
 * @depreciated: doublings of its routes so far
 * @radio: the node's radio it was last heard on ("" if the kernel gave
 *	none)
 */
struct mesh_link {
	char node[LOOM_NAME_MAX + 1];
	char radio[LOOM_RADIO_NAME_MAX + 1];
	u8 addr[6];
	bool heard;
	uint64_t age_ms;
	bool has_rtt;
	u32 rtt_us;
	bool has_delay;
	u32 delay_us;
	bool silent;
	u8 depreciated;
};

/**
 * struct mesh_route - one route of a mesh node (ROUTE_GET dump)
 * @node: the node whose route it is
 * @dest: the destination
 * @via: the next hop (@dest for a direct route)
 * @has_delay: @delay_us holds (absent while @via has no sample)
 * @delay_us: the route's delay
 * @hops: hop count
 * @best: the destination's best route
 * @direct: the direct route to a neighbour
 * @has_age: @age_ms holds
 * @age_ms: since it was last advertised or sampled
 */
struct mesh_route {
	char node[LOOM_NAME_MAX + 1];
	u8 dest[6];
	u8 via[6];
	bool has_delay;
	u32 delay_us;
	u8 hops;
	bool best;
	bool direct;
	bool has_age;
	uint64_t age_ms;
};

/**
 * struct mesh_answer - the kernel's LOOM_CMD_PING message: what answered
 *	an echo request
 * @src: who answered (the destination, or a node on the way)
 * @seq: the request's number
 * @has_rtt: @rtt_ns holds
 * @rtt_ns: its round trip
 * @has_hop_limit: @hop_limit holds
 * @hop_limit: what was left on arrival
 * @code: enum loom_ping_code (LOOM_PING_REPLY when not given)
 */
struct mesh_answer {
	u8 src[6];
	u16 seq;
	bool has_rtt;
	uint64_t rtt_ns;
	bool has_hop_limit;
	u8 hop_limit;
	u8 code;
};

/**
 * struct mesh_ping_result - one request of "mesh ping", for JSON
 * @seq: its number
 * @answered: an answer came (@a and @rtt_us hold)
 * @a: the first answer
 * @rtt_us: its round trip
 */
struct mesh_ping_result {
	uint32_t seq;
	bool answered;
	struct mesh_answer a;
	uint64_t rtt_us;
};

/* The round trip of @a, of a request sent at @sent_ns, arrived at @now:
 * the kernel's LOOM_ATTR_RTT_NS when given, else the difference. */
uint64_t mesh_answer_rtt_us(const struct mesh_answer *a, uint64_t sent_ns,
			    uint64_t now);

/* Where a request of "mesh ping" stands (0: not sent yet). */
enum mesh_req_state {
	MESH_REQ_PENDING = 1,	/* sent, no answer yet */
	MESH_REQ_ANSWERED,
	MESH_REQ_LOST,		/* its time-out passed */
	MESH_REQ_FAILED,	/* the kernel refused it */
};

/**
 * struct mesh_pings - the requests of one "mesh ping" and their answers
 * @count: requests to send, numbered 1..@count
 * @next: the next to send
 * @oldest: no request before it is still pending
 * @sent_ns: send time of request seq (index seq - 1)
 * @state: enum mesh_req_state of each
 * @res: the first answer of each
 * @st: the summary: transmitted (taken by the kernel), received (replies
 *	in time), errors (refusals that let later requests try, and the
 *	answers of nodes on the way: hop limit, no route), round trips
 */
struct mesh_pings {
	uint32_t count;
	uint32_t next;
	uint32_t oldest;
	uint64_t *sent_ns;
	uint8_t *state;
	struct mesh_ping_result *res;
	struct ping_stats st;
};

/* Room for @count requests: 0 or -ENOMEM. */
int mesh_pings_init(struct mesh_pings *p, uint32_t count);
void mesh_pings_free(struct mesh_pings *p);
/* The number of the next request, pending from @now; 0 when all went. */
uint32_t mesh_pings_send(struct mesh_pings *p, uint64_t now);
/*
 * The kernel took request @seq (@err 0), or refused it: counted as an
 * error when @transient (later requests may pass).
 */
void mesh_pings_sent(struct mesh_pings *p, uint32_t seq, int err,
		     bool transient);
/*
 * An answer @a arrived at @now: -1 when it is none of ours (a number
 * never sent or refused), else what to print after it (enum ping_note:
 * a second answer is PING_NOTE_DUP, one after the time-out
 * PING_NOTE_LATE; neither counts), the round trip in *@rtt_us.
 */
int mesh_pings_answer(struct mesh_pings *p, const struct mesh_answer *a,
		      uint64_t now, uint64_t *rtt_us);
/*
 * The oldest pending request whose @timeout_ns passed by @now, now lost;
 * 0 when there is none.  Call until 0.
 */
uint32_t mesh_pings_expire(struct mesh_pings *p, uint64_t now,
			   uint64_t timeout_ns);
/* When the oldest pending request times out (UINT64_MAX: none pending). */
uint64_t mesh_pings_deadline(const struct mesh_pings *p, uint64_t timeout_ns);
/* Every request went and none is pending. */
bool mesh_pings_done(const struct mesh_pings *p);

/* Neighbours by node, then address; routes by node, destination, best first, hops, via. */
int mesh_link_cmp(const void *a, const void *b);
int mesh_route_cmp(const void *a, const void *b);

#endif /* _LOOMCTL_MESH_PARSE_H */
