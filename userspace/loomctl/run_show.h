/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing the running network: the radio and node tables, every counter
 * of a node, a node's links, datagrams and events as they arrive; text
 * for people, JSON for programs.  All to a FILE, so the unit tests
 * compare the exact text.
 *
 * @t, where taken, is the loaded topology (NULL: none), used to name the
 * addresses a message carries.
 */
#ifndef _LOOMCTL_RUN_SHOW_H
#define _LOOMCTL_RUN_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "mesh_parse.h"
#include "run_parse.h"

/*
 * "RADIO KIND NODE LINK FRAME IFINDEX RATE" and a line per radio, or "no
 * radios": KIND "hwsim" or "ether", NODE the node running on it ("-":
 * free), LINK "up" or "down", FRAME its largest frame in bytes, IFINDEX
 * and RATE ("6000 kbit/s") an interface's; "-" for what the kernel did
 * not give.
 */
int run_show_radio_table(FILE *f, const struct run_radio *r, size_t n);
/*
 * [{"radio", "kind" ("hwsim", "ether", "unknown"), "node", "carrier"
 *   (bool), "carrier_down", "max_frame", "ifindex", "rate_kbps",
 *   "stats": {"tx_frames", ..., "rx_otherhost"}}, ...]: every key always,
 * null for what the kernel did not give (a free radio's node, a
 * simulated radio's ifindex, rate_kbps and stats).
 */
int run_json_radios(FILE *f, const struct run_radio *r, size_t n,
		    bool pretty);

/*
 * "NAME ADDRESS RADIO DEVICE SYNCED TX RX FWD FAILS GIVEN-UP DROPS", a
 * line per node, or "no nodes running".
 */
int run_show_node_table(FILE *f, const struct run_node *nd, size_t n);
/*
 * One node, its device, its slot-edge error (count, p50 and p99 as the
 * lower bounds of their buckets, max) and every counter.
 */
void run_show_node(FILE *f, const struct run_node *nd);
/* Each node as run_show_node() prints it, a blank line between. */
void run_show_nodes(FILE *f, const struct run_node *nd, size_t n);
/*
 * A node as a JSON object, or with @array all @n of them as an array:
 * {"name", "address", "radio", "ifindex", "ifname" (or null), "synced",
 *  "datagram_max", "mac": {counter: value, ...}, "net": {...},
 *  "dev": {...}, "edge": {"count", "p50_ns", "p99_ns", "max_ns", "hist":
 *  [LOOM_EDGE_BUCKETS counts]} (null from a module without one; the
 *  three times null while the count is 0)}
 */
int run_json_nodes(FILE *f, const struct run_node *nd, size_t n,
		   bool array, bool pretty);

/*
 * "NEIGHBOUR ADDRESS ROLE RSSI SNR AGE FRAMES HS-OK HS-FAIL FAILS", a line
 * per neighbour of a node in the order given, named by @t ("-" if
 * unnamed; RSSI, SNR and AGE "-" while never heard, RSSI and SNR
 * "unknown" when the radio cannot tell), or "no neighbours".
 */
int run_show_links(FILE *f, const struct run_link *l, size_t n,
		   const struct loom_topology *t);
/*
 * [{"name" (or null), "address", "parent", "rssi_mdbm", "snr_mdb",
 *   "age_ms" (the three null while never heard, the levels null when
 *   unknown), "rx_frames", "hs_ok",
 *   "hs_fail", "fails"}, ...], in the order given.
 */
int run_json_links(FILE *f, const struct run_link *l, size_t n,
		   const struct loom_topology *t, bool pretty);

/*
 * "Router 1:1 <- 0x1101:130 (Name) rssi -80.0 dBm snr 10.0 dB: hello\n":
 * the receiving node and the destination port, the source's address and
 * port and its name if @t has it, the data escaped (run_escape()); a
 * level the radio cannot tell reads "rssi unknown", "snr unknown".
 */
void run_show_datagram(FILE *f, const struct run_datagram *d,
		       const struct loom_topology *t);
/*
 * {"node", "address", "port", "src", "src_port", "src_name" (or null),
 *  "rssi_mdbm", "snr_mdb" (null when unknown), "len", "data" (the text,
 *  or null when it is not UTF-8), "data_hex"}, on one line unless
 *  @pretty.
 */
int run_json_datagram(FILE *f, const struct run_datagram *d,
		      const struct loom_topology *t, bool pretty);
/*
 * The same, a mesh node's datagram named by the hosts file @h (may be
 * NULL): its source "[02:4c:4f:4d:00:01]:130 (name)" in the text; in
 * JSON "address" and "src" 48-bit addresses, "src_name" from @h.
 */
void run_show_datagram_h(FILE *f, const struct run_datagram *d,
			 const struct loom_topology *t,
			 const struct mesh_hosts *h);
int run_json_datagram_h(FILE *f, const struct run_datagram *d,
			const struct loom_topology *t,
			const struct mesh_hosts *h, bool pretty);

/* "Router 1 (0x1000): gave up on 0x1101 (Name) after 5 failures\n" */
void run_show_event(FILE *f, const struct run_event *ev,
		    const struct loom_topology *t);
/*
 * {"node", "address", "event" (run_event_name(), or "unknown" with
 *  "code"), and for a link: "reporter", "reporter_name", "subject",
 *  "subject_name", "failures"}
 */
int run_json_event(FILE *f, const struct run_event *ev,
		   const struct loom_topology *t, bool pretty);
/*
 * The same with the mesh events, addresses named by the hosts file @h
 * (may be NULL): "alpha (02:..:01): neighbour up: 02:..:02 (beta)",
 * "neighbour down: ...", "route to X now via Y", "route to X: none left";
 * JSON adds "subject", "subject_name", "via", "via_name" (ROUTE_CHANGED
 * without a route: "via" null).
 */
void run_show_event_h(FILE *f, const struct run_event *ev,
		      const struct loom_topology *t,
		      const struct mesh_hosts *h);
int run_json_event_h(FILE *f, const struct run_event *ev,
		     const struct loom_topology *t,
		     const struct mesh_hosts *h, bool pretty);

#endif /* _LOOMCTL_RUN_SHOW_H */
