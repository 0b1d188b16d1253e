/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running network as loomctl reads and writes it: node and radio
 * names, addresses typed by people ("0x1101", "1101" or a node's name),
 * ports, datagrams made printable, the names of the counters and events,
 * the slot-edge histogram's percentiles, and the structures the "radio",
 * "node", "stats", "send", "recv", "ping", "link", "state" and "monitor
 * events" commands fill.  No netlink here, so the unit tests take every
 * corner of it directly.
 */
#ifndef _LOOMCTL_RUN_PARSE_H
#define _LOOMCTL_RUN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#include <linux/loom.h>

#include "net/topology.h"

/* Longest message of a parser. */
#define RUN_ERR_MAX		256

/* Longest radio name, without its NUL (uapi/linux/loom.h). */
#define RUN_RADIO_NAME_MAX	LOOM_RADIO_NAME_MAX

/* Most bytes LOOM_ATTR_DATA holds: a 16-bit length with a 4-byte header. */
#define RUN_DATA_MAX		65531

/* Counters of an interface's radio (enum loom_radio_stat). */
#define RUN_RADIO_STAT_MAX	(__LOOM_RADIO_STAT_MAX - 1)

/**
 * struct run_radio - one radio of the RADIO_GET dump
 * @radio: its name ("hwsim3")
 * @node: the node running on it, if @bound
 * @bound: a node runs on it (in this namespace or another)
 * @kind: enum loom_radio_kind (0: the kernel gave none)
 * @max_frame: its largest Loom frame, bytes (0: not given)
 * @has_carrier: @carrier was given
 * @carrier: its link is usable
 * @has_carrier_down: @carrier_down was given
 * @carrier_down: how often the link went down
 * @ifindex: an interface's radio: the interface (0: none given)
 * @rate_kbps: the rate it assumes for time on air (0: none given)
 * @has_stats: @stats were given (an interface's radio)
 * @stats: counters by enum loom_radio_stat (index 0 unused)
 * @has_time: @time_ns was given
 * @time_ns: time in each state, by enum loom_radio_state
 */
struct run_radio {
	char radio[RUN_RADIO_NAME_MAX + 1];
	char node[LOOM_NAME_MAX + 1];
	bool bound;
	u8 kind;
	u16 max_frame;
	bool has_carrier;
	bool carrier;
	bool has_carrier_down;
	uint64_t carrier_down;
	u32 ifindex;
	u32 rate_kbps;
	bool has_hwaddr;
	u8 hwaddr[6];
	bool has_stats;
	uint64_t stats[__LOOM_RADIO_STAT_MAX];
	bool has_time;
	uint64_t time_ns[__LOOM_RADIO_STATE_MAX];
};

/**
 * struct run_radio_req - what "radio add", "radio del" and "radio set"
 *	send (run_msg_put_radio())
 * @radio: LOOM_ATTR_RADIO, or NULL (add: named after the interface)
 * @ifname: LOOM_ATTR_IFNAME (add), or NULL
 * @rate_kbps: LOOM_ATTR_RATE (add), 0 for the kernel's default
 * @netns: "set"'s NS as typed: a name under RUN_NETNS_DIR, or a process id
 * @netns_fd: LOOM_ATTR_NETNS_FD, or -1
 * @netns_pid: LOOM_ATTR_NETNS_PID, or 0
 */
struct run_radio_req {
	const char *radio;
	const char *ifname;
	u32 rate_kbps;
	const char *netns;
	int netns_fd;
	u32 netns_pid;
};

/* Where named network namespaces are, as iproute2's "ip netns" keeps them. */
#define RUN_NETNS_DIR		"/run/netns"

/**
 * struct run_state - what a node keeps across a power cycle (the uapi's
 *	LOOM_ATTR_STATE), as "state save" writes it and "state restore"
 *	gives it back
 * @addr: the node's address
 * @period_ns: the refresh period
 * @next_refresh_ns: when the next period begins: CLOCK_REALTIME ns, or
 *	the virtual clock's own time when @virt
 * @virt: the node ran on a virtual clock
 * @frame_id: frame id of its next datagram
 */
struct run_state {
	u16 addr;
	uint64_t period_ns;
	uint64_t next_refresh_ns;
	bool virt;
	u8 frame_id;
};

/**
 * struct run_addr - a destination of either kind
 * @mesh: a 48-bit address (a mesh node's): @hw; else the tree's @tree
 * @tree: 16-bit tree address
 * @hw: 48-bit address
 */
struct run_addr {
	bool mesh;
	u16 tree;
	u8 hw[6];
};

/* Named counters kept per node (LOOM_ATTR_COUNTERS), and a name's bytes. */
#define RUN_COUNTERS_MAX	96
#define RUN_COUNTER_NAME_MAX	63

/**
 * struct run_counter - one named counter of a protocol (ethtool -S style)
 * @name: its name, as the kernel gave it; one longer than
 *	RUN_COUNTER_NAME_MAX bytes is cut there and ends in '~', so the
 *	cut shows
 * @value: its value
 */
struct run_counter {
	char name[RUN_COUNTER_NAME_MAX + 1];
	uint64_t value;
};

/**
 * struct run_mesh - a mesh node's parameters and table sizes
 *	(LOOM_ATTR_MESH of a NODE_GET reply)
 * @present: bit (1 << LOOM_MESH_ATTR_x) for each attribute given
 * @beacon_ms: beacon interval
 * @policy: enum loom_mesh_policy
 * @duty_ppm: the duty-cycle budget of its control frames (0: none)
 * @control_ppm: the share its control frames take, by its estimate
 * @known: destinations known
 * @neighbours: neighbours
 * @routes: routes
 */
struct run_mesh {
	u32 present;
	u32 beacon_ms;
	u8 policy;
	u32 duty_ppm;
	u32 control_ppm;
	u32 known;
	u32 neighbours;
	u32 routes;
};

/* Is LOOM_MESH_ATTR_@attr in @m? */
#define RUN_MESH_HAS(m, attr)	(((m)->present >> (attr)) & 1)

/**
 * struct run_node - one running node as NODE_GET describes it
 * @name: its name in the topology
 * @addr: its address
 * @radio: the radio it runs on (a mesh node's first)
 * @radios: every radio it runs on, when the kernel lists them
 * @nradios: how many in @radios (0: the kernel gave no list)
 * @ifindex: its loomN network device (0: the kernel gave none)
 * @ifname: that device's name ("" if none)
 * @config_id: fingerprint of the topology and configuration it runs (0:
 *	the kernel gave none)
 * @synced: it has the network's timing
 * @datagram_max: the largest payload a datagram of it carries, bytes
 * @mac: counters by enum loom_mac_stat (index 0 unused)
 * @net: counters by enum loom_net_stat (index 0 unused)
 * @dev: counters by enum loom_dev_stat (index 0 unused)
 * @has_edge: the module reported the slot-edge histogram
 * @edge_hist: its buckets (LOOM_EDGE_BUCKETS, see uapi/linux/loom.h)
 * @edge_max_ns: the latest the MAC ever acted on an edge
 * @has_jitter: the module reported the jitter guard
 * @jitter_ns: the jitter guard the MAC takes now
 * @jitter_max_ns: the largest it took
 * @has_state: the node has the network's timing: @state is its saved state
 * @state: that state
 * @proto: enum loom_proto it runs (LOOM_PROTO_TREE when not given)
 * @has_hwaddr: a mesh node: @hwaddr is its address, @addr means nothing
 * @hwaddr: its 48-bit address
 * @has_tree_stats: the kernel gave @mac and @net (a tree node)
 * @has_mesh: the kernel gave @mesh (a mesh node)
 * @mesh: its parameters
 * @ncounters: named counters in @counters
 * @counters_cut: the kernel gave more than RUN_COUNTERS_MAX (the rest
 *	are not in @counters; said where they are printed)
 * @counters: the named counters, in the kernel's order
 */
struct run_node {
	char name[LOOM_NAME_MAX + 1];
	u16 addr;
	char radio[RUN_RADIO_NAME_MAX + 1];
	char radios[LOOM_RADIOS_MAX][RUN_RADIO_NAME_MAX + 1];
	int nradios;
	u32 ifindex;
	char ifname[IF_NAMESIZE];
	u32 config_id;
	bool synced;
	u32 datagram_max;
	uint64_t mac[__LOOM_MAC_STAT_MAX];
	uint64_t net[__LOOM_NET_STAT_MAX];
	uint64_t dev[__LOOM_DEV_STAT_MAX];
	bool has_edge;
	u32 edge_hist[LOOM_EDGE_BUCKETS];
	uint64_t edge_max_ns;
	bool has_jitter;
	uint64_t jitter_ns;
	uint64_t jitter_max_ns;
	bool has_state;
	struct run_state state;
	u8 proto;
	bool has_hwaddr;
	u8 hwaddr[6];
	bool has_tree_stats;
	bool has_mesh;
	struct run_mesh mesh;
	unsigned int ncounters;
	bool counters_cut;
	struct run_counter counters[RUN_COUNTERS_MAX];
};

/**
 * struct run_link - one neighbour of a running node (LINK_GET)
 * @node: the node whose neighbour it is
 * @addr: the neighbour's address
 * @parent: it is the node's parent (else a child)
 * @heard: a frame of it was heard: @rssi_mdbm, @snr_mdb and @age_ms hold
 * @rssi_mdbm: received power of the last frame heard from it, or
 *	LOOM_SIGNAL_UNKNOWN (the radio cannot tell)
 * @snr_mdb: that frame's signal to noise ratio, or LOOM_SIGNAL_UNKNOWN
 * @age_ms: how long ago that was
 * @rx_frames: frames taken from it
 * @hs_ok: handshakes completed with it
 * @hs_fail: handshakes with it that failed
 * @fails: consecutive failures now (5 gives up)
 */
struct run_link {
	char node[LOOM_NAME_MAX + 1];
	u16 addr;
	bool parent;
	bool heard;
	int32_t rssi_mdbm;
	int32_t snr_mdb;
	uint64_t age_ms;
	u32 rx_frames;
	u32 hs_ok;
	u32 hs_fail;
	u8 fails;
};

/**
 * struct run_datagram - a LOOM_CMD_RECV notification
 * @node: the receiving node
 * @addr: its address
 * @port: its destination port
 * @src: the datagram's original source
 * @src_port: its source port (0: sent over netlink)
 * @data: the payload (points into the message)
 * @len: its length
 * @rssi_mdbm: received power of the last hop, or LOOM_SIGNAL_UNKNOWN
 *	(the radio cannot tell: an interface's)
 * @snr_mdb: its signal to noise ratio, or LOOM_SIGNAL_UNKNOWN
 * @has_hwaddr: a mesh node received it: @hwaddr is its address
 * @hwaddr: that address
 * @src_mesh: @src_hw is the source (LOOM_ATTR_SRC_HW), not @src
 * @src_hw: the source's 48-bit address
 */
struct run_datagram {
	char node[LOOM_NAME_MAX + 1];
	u16 addr;
	u8 port;
	u16 src;
	u8 src_port;
	const uint8_t *data;
	size_t len;
	int32_t rssi_mdbm;
	int32_t snr_mdb;
	bool has_hwaddr;
	u8 hwaddr[6];
	bool src_mesh;
	u8 src_hw[6];
};

/**
 * struct run_event - a LOOM_CMD_EVENT notification
 * @node: the node it happened at
 * @addr: its address
 * @event: enum loom_event
 * @has_link: @reporter, @subject and @failures were given (GAVE_UP, REPORT)
 * @reporter: the node that gave up on a link
 * @subject: the neighbour it could not reach
 * @failures: consecutive failures
 * @has_config: @config_id was given (CONFIG_MISMATCH, CONFIG_MATCH)
 * @config_id: the configuration the node's parent distributes
 * @has_hwaddr: a mesh node's event: @hwaddr is its address
 * @hwaddr: that address
 * @has_subject_hw: @subject_hw was given (mesh events)
 * @subject_hw: the neighbour or destination it is about
 * @has_via_hw: @via_hw was given (ROUTE_CHANGED with a route)
 * @via_hw: the next hop of the new best route
 */
struct run_event {
	char node[LOOM_NAME_MAX + 1];
	u16 addr;
	u8 event;
	bool has_link;
	u16 reporter;
	u16 subject;
	u8 failures;
	bool has_config;
	u32 config_id;
	bool has_hwaddr;
	u8 hwaddr[6];
	bool has_subject_hw;
	u8 subject_hw[6];
	bool has_via_hw;
	u8 via_hw[6];
};

/**
 * struct run_send - the operands of "send [from NODE] DEST DATA [port PORT]"
 * @from: the sending node, or NULL for the only one running
 * @dest: DEST as typed
 * @data: DATA as typed ("-": standard input)
 * @port: PORT, or LOOM_PORT_ANY when not given (the kernel's default,
 *	LOOM_PORT_MESSAGE)
 */
struct run_send {
	const char *from;
	const char *dest;
	const char *data;
	u8 port;
};

/*
 * Names of the counters: the JSON keys and the words "node show" prints
 * ("refresh_tx", "drop_no_route", "rx_port"); NULL for 0 and unknown
 * values.
 */
const char *run_mac_stat_name(unsigned int stat);
const char *run_net_stat_name(unsigned int stat);
const char *run_dev_stat_name(unsigned int stat);
/* Longest of all those names. */
size_t run_stat_name_width(void);
/* The same for an interface's radio ("tx_frames", "rx_deaf"). */
const char *run_radio_stat_name(unsigned int stat);
/* enum loom_proto: "tree", "dhyara"; NULL for 0 and unknown ones. */
const char *run_proto_name(u8 proto);
/* enum loom_radio_kind: "hwsim", "ether"; NULL for 0 and unknown ones. */
const char *run_radio_kind_name(u8 kind);
/* Datagrams and packets the network layer dropped, for any reason. */
uint64_t run_net_drops(const struct run_node *nd);

/*
 * The slot-edge histogram (LOOM_EDGE_BUCKETS u32, the uapi's buckets).
 * run_edge_bucket_ns(): the lower bound of bucket @b in ns, the value
 * loomctl reports for every error in it.  run_edge_count(): the errors
 * counted.  run_edge_percentile(): the @pct-th percentile (1..100) by
 * nearest rank, as a bucket's lower bound: the bucket that holds the
 * ceil(@pct * count / 100)-th smallest error; 0 for an empty histogram.
 */
uint64_t run_edge_bucket_ns(unsigned int b);
uint64_t run_edge_count(const u32 *hist);
uint64_t run_edge_percentile(const u32 *hist, unsigned int pct);

/* Links in "link" order: the parent first, then by address. */
int run_link_cmp(const void *a, const void *b);

/* enum loom_event for JSON ("sync_lost"), NULL if unknown. */
const char *run_event_name(u8 event);

/*
 * A node's name: 1..LOOM_NAME_MAX bytes.  A radio's: 1..RUN_RADIO_NAME_MAX.
 * Return 0 or -EINVAL with the reason in @err ("empty", "longer than 63
 * bytes").
 */
int run_check_name(const char *s, char *err, size_t len);
int run_check_radio(const char *s, char *err, size_t len);

/*
 * DEST: the name of a node of @t (exactly; first, so a node named "1000"
 * is that node), else a hex address as libloom's loom_parse_addr() reads
 * it ("0x1101", "1101", "f000").  0x0000 is reserved.  Returns 0 or
 * -EINVAL with the whole message in @err ('DEST "x": ...').
 */
int run_parse_dest(const struct loom_topology *t, const char *s, u16 *addr,
		   char *err, size_t len);

/* A destination port, 1..255 in decimal.  0 or -EINVAL with the reason. */
int run_parse_port(const char *s, u8 *port, char *err, size_t len);

/*
 * A leading "from NODE" of @ops[0..*n-1], for "send" and "ping": when
 * @ops[0] is "from" and two more operands follow it, *@from gets NODE
 * (checked) and *@ops and *@n skip both words; otherwise *@from is NULL,
 * so a DEST named "from" still works.  Returns 0 or -EINVAL with the
 * message in @err.
 */
int run_parse_from(int *n, char ***ops, const char **from, char *err,
		   size_t len);

/*
 * "send"'s operands @ops[0..n-1]: "[from NODE] DEST DATA [port PORT]"
 * (run_parse_from() for "from").  Returns 0 or -EINVAL with the message
 * in @err.
 */
int run_parse_send(int n, char **ops, struct run_send *s, char *err,
		   size_t len);

/*
 * "node start"'s operands, "NAME radio RADIO" (@file NULL), or "state
 * restore"'s, "NODE radio RADIO FILE" (*@file gets FILE).  Returns 0 or
 * -EINVAL with the message in @err.
 */
int run_parse_start(int n, char **ops, const char **name, const char **radio,
		    const char **file, char *err, size_t len);

/*
 * "radio add"'s operands, "IFNAME [name NAME] [rate KBPS]" (the two
 * keywords in any order, each once): IFNAME 1..IFNAMSIZ - 1 bytes, NAME
 * as run_check_radio() wants it, KBPS LOOM_RADIO_RATE_MIN..MAX.
 * "radio set"'s, "NAME netns NS": NS a name run_check_netns() takes (a
 * process id is one too).  Fill @rq (@rq->netns_fd -1) and return 0, or
 * -EINVAL with the message in @err.
 */
int run_parse_radio_add(int n, char **ops, struct run_radio_req *rq,
			char *err, size_t len);
int run_parse_radio_set(int n, char **ops, struct run_radio_req *rq,
			char *err, size_t len);

/*
 * A network namespace's name as "ip netns" takes it: 1..NAME_MAX bytes,
 * no '/', not "." or "..".  0 or -EINVAL with the reason in @err.
 */
int run_check_netns(const char *s, char *err, size_t len);
/* @s is a process id, 1..INT32_MAX in decimal: 0 and *@pid, or -EINVAL. */
int run_parse_pid(const char *s, u32 *pid);

/*
 * A received signal level for people, milli-units to one decimal and
 * @unit ("-80.0 dBm"), or "unknown" for LOOM_SIGNAL_UNKNOWN (what the
 * parsers store when the kernel left the attribute out).  Returns @buf.
 */
const char *run_fmt_level(char *buf, size_t len, int32_t milli,
			  const char *unit);

/* "0x1101" (four lowercase hex digits).  Returns @buf. */
char *run_fmt_addr(char *buf, size_t len, u16 addr);

/*
 * Hops between the nodes @a and @b of @t (indices) on the tree's paths:
 * up to the nearest node above both, then down.  0 for one node.
 */
u32 run_tree_hops(const struct loom_topology *t, u32 a, u32 b);

/*
 * @data for a line of text: printable ASCII as it is, a backslash as
 * "\\", every other byte (control characters, UTF-8, NUL) as "\xNN".
 * Writes it to @f.
 */
void run_escape(FILE *f, const uint8_t *data, size_t len);

/* @data in lowercase hex, NUL-terminated; NULL when out of memory. */
char *run_hex(const uint8_t *data, size_t len);

#endif /* _LOOMCTL_RUN_PARSE_H */
