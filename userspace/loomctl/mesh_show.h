/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing the Dhyara mesh: neighbours and routes (batctl's n and o),
 * the lines of "mesh ping" and "mesh traceroute" and their JSON.  All to
 * a FILE, so the unit tests compare the exact text.  @h, where taken, is
 * the hosts file (may be NULL), which names addresses.
 */
#ifndef _LOOMCTL_MESH_SHOW_H
#define _LOOMCTL_MESH_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "mesh_parse.h"
#include "output.h"
#include "ping_parse.h"

/* JSON @key: a 48-bit address, and @name_key: its name in @h or null. */
void mesh_json_addr(yajl_gen g, const char *key, const char *name_key,
		    const struct mesh_hosts *h, const u8 *addr);

/* Probes per hop of "mesh traceroute", as batctl traceroute sends. */
#define MESH_TRACE_PROBES	3

/*
 * "NAME ADDRESS RADIO DEVICE BEACON POLICY DUTY CONTROL NEIGHBOURS ROUTES
 * KNOWN", a line per mesh node (DUTY "1 %" or "off", CONTROL the share
 * its control frames take by its estimate; "-" for what the kernel did
 * not give), or "no mesh nodes running".
 */
int mesh_show_node_table(FILE *f, const struct run_node *nd, size_t n);

/*
 * "NODE RADIO NEIGHBOUR LAST-SEEN RTT DELAY SILENT DEPRECIATED", a line
 * per neighbour in the order given (RADIO the one it was last heard on,
 * "-" if unknown; "02:..:02 (beta)" when @h names it;
 * LAST-SEEN "0.250 s"; RTT and DELAY "12.345 ms", "-" before a sample;
 * SILENT "yes" or "no"), or "no neighbours".
 */
int mesh_show_links(FILE *f, const struct mesh_link *l, size_t n,
		    const struct mesh_hosts *h);
/*
 * [{"node", "addr", "name" (or null), "age_ms", "rtt_us", "delay_us"
 *   (null when not given), "silent", "depreciated"}, ...]
 */
int mesh_json_links(FILE *f, const struct mesh_link *l, size_t n,
		    const struct mesh_hosts *h, bool pretty);

/*
 * batctl o's table: "   NODE DESTINATION VIA HOPS DELAY LAST-SEEN", the
 * best route of a destination marked " * " in front, or "no routes".
 */
int mesh_show_routes(FILE *f, const struct mesh_route *r, size_t n,
		     const struct mesh_hosts *h);
/*
 * [{"node", "dest", "name", "via", "via_name", "hops", "delay_us",
 *   "best", "direct", "age_ms"}, ...] (names and the absent null)
 */
int mesh_json_routes(FILE *f, const struct mesh_route *r, size_t n,
		     const struct mesh_hosts *h, bool pretty);

/*
 * The bytes of an echo reply on the air: Dhyara's routed header, the
 * echo header, the frame check sequence (kernel/dhyara/frame.h).
 */
#define MESH_ECHO_FRAME_LEN	30

/* "PING 02:..:02 (beta) from alpha: 3 requests 1 s apart, timeout 5 s" */
void mesh_show_ping_header(FILE *f, const char *dest, const char *from,
			   uint32_t count, uint64_t interval_ms,
			   uint64_t timeout_ms);
/*
 * One answer: "30 bytes from 02:..:02 (beta): seq=1 ttl=30 time=12.3 ms"
 * for a reply ("ttl=?" without the hop limit; the time @rtt_us, which
 * the caller takes from the answer or its own clock), else "From
 * 02:..:03 (gamma): seq=1 hop limit exceeded", "... no route"; " (DUP!)"
 * or " (late)" after with @note (enum ping_note).
 */
void mesh_show_answer(FILE *f, const struct mesh_answer *a, uint64_t rtt_us,
		      int note, const struct mesh_hosts *h);

/*
 * {"node", "dest", "name", "transmitted", "received", "errors",
 *  "loss_pct" (null with nothing sent), "rtt_min_us", "rtt_avg_us",
 *  "rtt_max_us" (null without a reply), "requests": [{"seq", "from",
 *  "from_name", "code" (mesh_ping_code_name()), "ttl", "rtt_us"} or
 *  {"seq", "code": null} when unanswered, ...]}
 */
int mesh_json_ping(FILE *f, const char *node, const u8 *dest,
		   const struct ping_stats *st,
		   const struct mesh_ping_result *res, size_t n,
		   const struct mesh_hosts *h, bool pretty);

/**
 * struct mesh_hop - one hop limit of "mesh traceroute"
 * @hop: the hop limit its probes had
 * @answered: a probe was answered: @addr and @code are the first answer's
 * @addr: who answered
 * @code: enum loom_ping_code
 * @got: probe i was answered, in @rtt_us[i]
 * @rtt_us: round trips
 */
struct mesh_hop {
	uint8_t hop;
	bool answered;
	u8 addr[6];
	u8 code;
	bool got[MESH_TRACE_PROBES];
	uint64_t rtt_us[MESH_TRACE_PROBES];
};

/* "traceroute to 02:..:04 (delta) from alpha, 32 hops max" */
void mesh_show_trace_header(FILE *f, const char *dest, const char *from,
			    unsigned int max_hops);
/*
 * " 1: 02:..:02 (beta)  12.3 ms  11.8 ms  *", or " 4: * * *" without any
 * answer; " !N" after the times when the answer was "no route".
 */
void mesh_show_hop(FILE *f, const struct mesh_hop *hp,
		   const struct mesh_hosts *h);
/*
 * {"node", "dest", "name", "reached", "hops": [{"hop", "addr", "name",
 *  "code", "rtt_us": [3 values or null]}, ...]} ("addr", "name" and
 *  "code" null for a hop without an answer)
 */
int mesh_json_trace(FILE *f, const char *node, const u8 *dest, bool reached,
		    const struct mesh_hop *hops, size_t n,
		    const struct mesh_hosts *h, bool pretty);

#endif /* _LOOMCTL_MESH_SHOW_H */
