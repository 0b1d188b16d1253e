/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Loom peer network stack: user API.
 *
 * This header is the single source of truth shared by the kernel module,
 * loomctl and applications.  Everything here is ABI: append, never renumber.
 */
#ifndef _UAPI_LINUX_LOOM_H
#define _UAPI_LINUX_LOOM_H

#include <linux/socket.h>
#include <linux/types.h>

#define LOOM_GENL_NAME		"loom"
#define LOOM_GENL_VERSION	1
#define LOOM_MCGRP_CONFIG	"config"
/* Datagrams delivered to running nodes (LOOM_CMD_RECV); CAP_NET_ADMIN. */
#define LOOM_MCGRP_DATA		"data"
/* Node events: failure reports, sync gained or lost (LOOM_CMD_EVENT). */
#define LOOM_MCGRP_EVENTS	"events"

/* Longest node name, excluding the terminating NUL. */
#define LOOM_NAME_MAX		63
/* Longest radio name ("hwsim1023"), excluding the terminating NUL. */
#define LOOM_RADIO_NAME_MAX	15
/* Radios one instance runs on at most (a mesh node; a tree node has one). */
#define LOOM_RADIOS_MAX		4

/* Coordinator address; 0x0000 is reserved and never assigned. */
#define LOOM_ADDR_COORDINATOR	0xF000
#define LOOM_ADDR_RESERVED	0x0000

/* Structural limits of the 4/4/8-bit hierarchical address. */
#define LOOM_MAX_ROUTERS_BELOW	14
#define LOOM_MAX_END_DEVICES	254
#define LOOM_MAX_ROUTER_DEPTH	2
/* Largest topology the address space can describe (see Documentation). */
#define LOOM_MAX_NODES		53805

/**
 * enum loom_role - role of a node in the tree
 * @LOOM_ROLE_END_DEVICE: end device (JSON "type": 0)
 * @LOOM_ROLE_ROUTER: router (JSON "type": 1)
 * @LOOM_ROLE_COORDINATOR: the coordinator (the JSON "root")
 */
enum loom_role {
	LOOM_ROLE_END_DEVICE = 0,
	LOOM_ROLE_ROUTER = 1,
	LOOM_ROLE_COORDINATOR = 2,
	__LOOM_ROLE_MAX,
};

/**
 * enum loom_topo_err - topology validity rules, one code per violated rule
 *
 * The kernel and loomctl share the validation code, so both name the same
 * rule for the same input.  Text for each code: see Documentation/.
 */
enum loom_topo_err {
	LOOM_TOPO_OK = 0,
	LOOM_TOPO_E_EMPTY,		/* no nodes at all */
	LOOM_TOPO_E_NO_COORDINATOR,	/* no node is the coordinator */
	LOOM_TOPO_E_MULTI_COORDINATOR,	/* a second coordinator */
	LOOM_TOPO_E_NAME_EMPTY,		/* a node without a name */
	LOOM_TOPO_E_NAME_DUPLICATE,	/* two nodes share a name */
	LOOM_TOPO_E_PATH_SELF,		/* a path from a node to itself */
	LOOM_TOPO_E_PATH_DANGLING,	/* a path to a node that does not exist */
	LOOM_TOPO_E_PATH_DOUBLE,	/* two paths between one pair */
	LOOM_TOPO_E_CYCLE,		/* paths form a circle */
	LOOM_TOPO_E_COORD_PATH_UP,	/* the coordinator has a path up */
	LOOM_TOPO_E_NO_PATH_UP,		/* router/end device with no path up */
	LOOM_TOPO_E_END_TO_END,		/* end device to end device */
	LOOM_TOPO_E_BELOW_END_DEVICE,	/* a router below an end device */
	LOOM_TOPO_E_ROUTER_NO_END,	/* router without an end device below */
	LOOM_TOPO_E_TOO_DEEP,		/* more than 2 routers to coordinator */
	LOOM_TOPO_E_TOO_MANY_ROUTERS,	/* more than 14 routers below a node */
	LOOM_TOPO_E_TOO_MANY_ENDS,	/* more than 254 end devices below */
	LOOM_TOPO_E_TOO_MANY_NODES,	/* more than LOOM_MAX_NODES */
	LOOM_TOPO_E_BAD_ROLE,		/* unknown role code */
	LOOM_TOPO_E_CFG_SLOT,		/* slot length out of range */
	LOOM_TOPO_E_CFG_INTERVAL,	/* data interval out of range */
	LOOM_TOPO_E_CFG_CYCLES,		/* data cycles out of range */
	LOOM_TOPO_E_CFG_NO_FIT,		/* schedule longer than interval */
	__LOOM_TOPO_E_MAX,
};

/* Configuration limits and defaults (the JSON "config" block). */
#define LOOM_CFG_SLOT_MS_DEFAULT	1000
#define LOOM_CFG_SLOT_MS_MAX		60000
#define LOOM_CFG_INTERVAL_MS_DEFAULT	60000
#define LOOM_CFG_INTERVAL_MS_MAX	86400000
#define LOOM_CFG_CYCLES_DEFAULT		10
#define LOOM_CFG_CYCLES_MAX		255

/**
 * enum loom_proto - what an instance on a radio runs; also the protocol
 *	byte of the shim on interfaces (Documentation/radio.rst)
 * @LOOM_PROTO_TREE: the Loom tree: a topology's node, TDMA
 * @LOOM_PROTO_DHYARA: the Dhyara mesh (reserved)
 * @__LOOM_PROTO_MAX: one past the last
 */
enum loom_proto {
	LOOM_PROTO_TREE = 1,
	LOOM_PROTO_DHYARA = 2,
	__LOOM_PROTO_MAX,
};

/**
 * enum loom_addr_kind - the two kinds of address
 * @LOOM_ADDR_KIND_TREE: 16 bits, hierarchical (the Loom tree)
 * @LOOM_ADDR_KIND_MESH: 48 bits, a radio's MAC address (Dhyara)
 */
enum loom_addr_kind {
	LOOM_ADDR_KIND_TREE,
	LOOM_ADDR_KIND_MESH,
};

/**
 * enum loom_cmd - generic netlink commands of the "loom" family
 * @LOOM_CMD_TOPO_SET: replace the topology (admin); also the notification
 *	sent to LOOM_MCGRP_CONFIG after a successful set
 * @LOOM_CMD_TOPO_GET: doit: summary and config; dump: one message per node
 * @LOOM_CMD_TOPO_CLEAR: remove the topology (admin); also its notification
 * @LOOM_CMD_RADIO_GET: dump of the radios of the caller's namespace:
 *	LOOM_ATTR_RADIO, LOOM_ATTR_RADIO_KIND, LOOM_ATTR_NAME of the node
 *	running on it, if any, LOOM_ATTR_MAX_FRAME, LOOM_ATTR_CARRIER,
 *	LOOM_ATTR_CARRIER_DOWN, LOOM_ATTR_STATE_TIME, LOOM_ATTR_HWADDR; an
 *	interface's radio adds LOOM_ATTR_IFINDEX, LOOM_ATTR_RATE and
 *	LOOM_ATTR_RADIO_STATS
 * @LOOM_CMD_NODE_START: run the topology node LOOM_ATTR_NAME on the radio
 *	LOOM_ATTR_RADIO (admin): its MAC joins the network; a mesh node
 *	(LOOM_PROTO_DHYARA) may run on more radios, LOOM_ATTR_RADIOS
 * @LOOM_CMD_NODE_STOP: stop the node LOOM_ATTR_NAME (admin)
 * @LOOM_CMD_NODE_GET: one running node (LOOM_ATTR_NAME) or a dump of all
 *	in the namespace: name, address, radio, LOOM_ATTR_SYNCED, stats
 * @LOOM_CMD_SEND: send LOOM_ATTR_DATA from the running node LOOM_ATTR_NAME
 *	to the address LOOM_ATTR_DST (admin)
 * @LOOM_CMD_RECV: notification to LOOM_MCGRP_DATA: a datagram reached the
 *	node LOOM_ATTR_NAME from LOOM_ATTR_SRC, with LOOM_ATTR_DATA,
 *	LOOM_ATTR_RSSI and LOOM_ATTR_SNR of the last hop
 * @LOOM_CMD_EVENT: notification to LOOM_MCGRP_EVENTS: LOOM_ATTR_EVENT
 *	happened at node LOOM_ATTR_NAME
 * @LOOM_CMD_LINK_GET: dump the neighbours of running node LOOM_ATTR_NAME,
 *	one LOOM_ATTR_LINK per message
 * @LOOM_CMD_RADIO_ADD: attach the Ethernet-framed interface LOOM_ATTR_IFNAME
 *	of the caller's namespace as a radio (admin), named LOOM_ATTR_RADIO
 *	or else after the interface; LOOM_ATTR_RATE optional
 * @LOOM_CMD_RADIO_DEL: detach the interface's radio LOOM_ATTR_RADIO (admin);
 *	a node running on it stops
 * @LOOM_CMD_RADIO_SET: move the simulated radio LOOM_ATTR_RADIO to the
 *	namespace LOOM_ATTR_NETNS_FD or LOOM_ATTR_NETNS_PID (admin)
 * @LOOM_CMD_ROUTE_GET: dump the routes of the running mesh node
 *	LOOM_ATTR_NAME (every route to every destination, batctl's
 *	originators), one LOOM_ATTR_ROUTE per message
 * @LOOM_CMD_PING: send a layer-2 echo request from the mesh node
 *	LOOM_ATTR_NAME to LOOM_ATTR_DST_HW (admin), number LOOM_ATTR_SEQ,
 *	LOOM_ATTR_HOP_LIMIT optional (traceroute); the answer, an echo reply
 *	or an error from a node on the way (LOOM_ATTR_PING_CODE), comes back
 *	as a LOOM_CMD_PING message to the requesting socket only, with
 *	LOOM_ATTR_SRC_HW, LOOM_ATTR_SEQ, LOOM_ATTR_RTT_NS and
 *	LOOM_ATTR_HOP_LIMIT (left on arrival)
 */
enum loom_cmd {
	LOOM_CMD_UNSPEC,
	LOOM_CMD_TOPO_SET,
	LOOM_CMD_TOPO_GET,
	LOOM_CMD_TOPO_CLEAR,
	LOOM_CMD_RADIO_GET,
	LOOM_CMD_NODE_START,
	LOOM_CMD_NODE_STOP,
	LOOM_CMD_NODE_GET,
	LOOM_CMD_SEND,
	LOOM_CMD_RECV,
	LOOM_CMD_EVENT,
	LOOM_CMD_LINK_GET,
	LOOM_CMD_RADIO_ADD,
	LOOM_CMD_RADIO_DEL,
	LOOM_CMD_RADIO_SET,
	LOOM_CMD_ROUTE_GET,
	LOOM_CMD_PING,
	__LOOM_CMD_MAX,
};

#define LOOM_CMD_MAX (__LOOM_CMD_MAX - 1)

/**
 * enum loom_attr - top-level attributes
 * @LOOM_ATTR_NODES: nested array; each element is a nest of enum
 *	loom_node_attr.  Element order is node index order.  An attribute
 *	holds at most 64 KiB (about 1,300 nodes), so it may repeat: the
 *	elements of consecutive LOOM_ATTR_NODES concatenate in order.
 * @LOOM_ATTR_NODE: one node (enum loom_node_attr), in dump messages
 * @LOOM_ATTR_CONFIG: nested enum loom_cfg_attr
 * @LOOM_ATTR_GENERATION: u32, bumped on every change
 * @LOOM_ATTR_NODE_COUNT: u32
 * @LOOM_ATTR_SLOT_TOTAL: u32, slots in one data transaction
 * @LOOM_ATTR_PAD: alignment of 64-bit attributes
 * @LOOM_ATTR_NAME: NUL-terminated string, a node's name in the topology
 * @LOOM_ATTR_RADIO: NUL-terminated string, a radio's name ("hwsim3")
 * @LOOM_ATTR_ADDR: u16, the node's address (replies)
 * @LOOM_ATTR_SRC: u16, original source of a datagram
 * @LOOM_ATTR_DST: u16, destination of a datagram
 * @LOOM_ATTR_DATA: binary, a datagram (at most the node's largest)
 * @LOOM_ATTR_RSSI: s32, milli-dBm, of the last hop
 * @LOOM_ATTR_SNR: s32, milli-dB, of the last hop
 * @LOOM_ATTR_SYNCED: u8, 1 while the node has the network's timing
 * @LOOM_ATTR_MAC_STATS: nested, u64 per enum loom_mac_stat (padding: type 0)
 * @LOOM_ATTR_NET_STATS: nested, u64 per enum loom_net_stat (padding: type 0)
 * @LOOM_ATTR_EVENT: u8, enum loom_event
 * @LOOM_ATTR_REPORTER: u16, the node that gave up on a link
 * @LOOM_ATTR_SUBJECT: u16, the neighbour it could not reach
 * @LOOM_ATTR_FAILURES: u8, consecutive failures
 * @LOOM_ATTR_DATAGRAM_MAX: u32, largest payload a datagram of the node
 *	carries, after the port header (replies)
 * @LOOM_ATTR_PORT: u8, destination port (LOOM_CMD_SEND: default
 *	LOOM_PORT_MESSAGE; LOOM_CMD_RECV)
 * @LOOM_ATTR_SRC_PORT: u8, source port (LOOM_CMD_RECV; 0 for datagrams
 *	sent over netlink)
 * @LOOM_ATTR_IFINDEX: u32, the node's loomN network device (replies)
 * @LOOM_ATTR_IFNAME: string, its name (replies)
 * @LOOM_ATTR_DEV_STATS: nested, u64 per enum loom_dev_stat (padding: type 0)
 * @LOOM_ATTR_STATE: nested, enum loom_state_attr: what a node keeps across
 *	a power cycle (LOOM_CMD_NODE_GET replies of a node with the network's
 *	timing; LOOM_CMD_NODE_START restores it)
 * @LOOM_ATTR_EDGE_HIST: binary, LOOM_EDGE_BUCKETS u32: how late the MAC
 *	acted on each edge of its schedule (replies; see LOOM_EDGE_BUCKETS)
 * @LOOM_ATTR_EDGE_MAX_NS: u64, the latest it ever acted (replies)
 * @LOOM_ATTR_LINK: nested, enum loom_link_attr: one neighbour of node
 *	LOOM_ATTR_NAME (LOOM_CMD_LINK_GET dump)
 * @LOOM_ATTR_CONFIG_ID: u32, fingerprint of a topology and configuration:
 *	the node's own (NODE_GET replies), or the one its parent distributes
 *	(config events)
 * @LOOM_ATTR_RADIO_KIND: u8, enum loom_radio_kind (replies)
 * @LOOM_ATTR_RATE: u32, kbit/s: the rate an interface's radio assumes for
 *	the time on air of its frames (LOOM_RADIO_RATE_MIN..MAX, default
 *	LOOM_RADIO_RATE_DEFAULT)
 * @LOOM_ATTR_MAX_FRAME: u16, the radio's largest Loom frame (replies)
 * @LOOM_ATTR_CARRIER: u8, 1 while the radio's link is usable (replies)
 * @LOOM_ATTR_CARRIER_DOWN: u64, how often it went down (replies)
 * @LOOM_ATTR_NETNS_FD: u32, a network namespace by file descriptor
 * @LOOM_ATTR_NETNS_PID: u32, the network namespace of a process
 * @LOOM_ATTR_RADIO_STATS: nested, u64 per enum loom_radio_stat (padding:
 *	type 0)
 * @LOOM_ATTR_STATE_TIME: nested, u64 ns a radio spent in each state, the
 *	attribute type being enum loom_radio_state + 1 (replies)
 * @LOOM_ATTR_JITTER_NS: u64, the jitter guard the MAC adds to its guard
 *	on the listening side now (replies; Documentation/mac.rst)
 * @LOOM_ATTR_JITTER_MAX_NS: u64, the largest it took (replies)
 * @LOOM_ATTR_PROTO: u8, enum loom_proto: what an instance runs
 *	(LOOM_CMD_NODE_START, default LOOM_PROTO_TREE; replies)
 * @LOOM_ATTR_HWADDR: binary, 6 bytes: an instance's 48-bit address, in
 *	place of LOOM_ATTR_ADDR (replies, notifications); a radio's
 *	(LOOM_CMD_RADIO_GET)
 * @LOOM_ATTR_SRC_HW: binary, 6 bytes: a 48-bit LOOM_ATTR_SRC
 * @LOOM_ATTR_DST_HW: binary, 6 bytes: a 48-bit LOOM_ATTR_DST
 * @LOOM_ATTR_MESH: nested, enum loom_mesh_attr: a mesh node's parameters
 *	(LOOM_CMD_NODE_START with LOOM_PROTO_DHYARA; replies)
 * @LOOM_ATTR_COUNTERS: nested, LOOM_ATTR_COUNTER each: a protocol's
 *	counters by name, as ethtool -S shows a driver's (replies)
 * @LOOM_ATTR_COUNTER: nested, enum loom_counter_attr: one counter
 * @LOOM_ATTR_ROUTE: nested, enum loom_route_attr: one route
 *	(LOOM_CMD_ROUTE_GET dump)
 * @LOOM_ATTR_SEQ: u16, an echo request's number
 * @LOOM_ATTR_HOP_LIMIT: u8, transmissions an echo request may take
 *	(1 to LOOM_MESH_HOP_LIMIT); in an answer, what was left on arrival
 * @LOOM_ATTR_RTT_NS: u64, round trip of an echo request
 * @LOOM_ATTR_PING_CODE: u8, enum loom_ping_code
 * @LOOM_ATTR_SUBJECT_HW: binary, 6 bytes: the neighbour or destination a
 *	mesh event is about
 * @LOOM_ATTR_VIA_HW: binary, 6 bytes: the next hop a mesh event names
 * @LOOM_ATTR_RADIOS: nested, LOOM_ATTR_RADIO each: the radios of an
 *	instance beyond LOOM_ATTR_RADIO, its first (LOOM_CMD_NODE_START; a
 *	protocol that runs on one radio only refuses it), or all of them
 *	(NODE_GET replies), at most LOOM_RADIOS_MAX
 */
enum loom_attr {
	LOOM_ATTR_UNSPEC,
	LOOM_ATTR_NODES,
	LOOM_ATTR_NODE,
	LOOM_ATTR_CONFIG,
	LOOM_ATTR_GENERATION,
	LOOM_ATTR_NODE_COUNT,
	LOOM_ATTR_SLOT_TOTAL,
	LOOM_ATTR_PAD,
	LOOM_ATTR_NAME,
	LOOM_ATTR_RADIO,
	LOOM_ATTR_ADDR,
	LOOM_ATTR_SRC,
	LOOM_ATTR_DST,
	LOOM_ATTR_DATA,
	LOOM_ATTR_RSSI,
	LOOM_ATTR_SNR,
	LOOM_ATTR_SYNCED,
	LOOM_ATTR_MAC_STATS,
	LOOM_ATTR_NET_STATS,
	LOOM_ATTR_EVENT,
	LOOM_ATTR_REPORTER,
	LOOM_ATTR_SUBJECT,
	LOOM_ATTR_FAILURES,
	LOOM_ATTR_DATAGRAM_MAX,
	LOOM_ATTR_PORT,
	LOOM_ATTR_SRC_PORT,
	LOOM_ATTR_IFINDEX,
	LOOM_ATTR_IFNAME,
	LOOM_ATTR_DEV_STATS,
	LOOM_ATTR_STATE,
	LOOM_ATTR_EDGE_HIST,
	LOOM_ATTR_EDGE_MAX_NS,
	LOOM_ATTR_LINK,
	LOOM_ATTR_CONFIG_ID,
	LOOM_ATTR_RADIO_KIND,
	LOOM_ATTR_RATE,
	LOOM_ATTR_MAX_FRAME,
	LOOM_ATTR_CARRIER,
	LOOM_ATTR_CARRIER_DOWN,
	LOOM_ATTR_NETNS_FD,
	LOOM_ATTR_NETNS_PID,
	LOOM_ATTR_RADIO_STATS,
	LOOM_ATTR_STATE_TIME,
	LOOM_ATTR_JITTER_NS,
	LOOM_ATTR_JITTER_MAX_NS,
	LOOM_ATTR_PROTO,
	LOOM_ATTR_HWADDR,
	LOOM_ATTR_SRC_HW,
	LOOM_ATTR_DST_HW,
	LOOM_ATTR_MESH,
	LOOM_ATTR_COUNTERS,
	LOOM_ATTR_COUNTER,
	LOOM_ATTR_ROUTE,
	LOOM_ATTR_SEQ,
	LOOM_ATTR_HOP_LIMIT,
	LOOM_ATTR_RTT_NS,
	LOOM_ATTR_PING_CODE,
	LOOM_ATTR_SUBJECT_HW,
	LOOM_ATTR_VIA_HW,
	LOOM_ATTR_RADIOS,
	__LOOM_ATTR_MAX,
};

#define LOOM_ATTR_MAX (__LOOM_ATTR_MAX - 1)

/**
 * enum loom_node_attr - attributes of one node
 * @LOOM_NODE_ATTR_NAME: NUL-terminated string, 1..LOOM_NAME_MAX bytes
 * @LOOM_NODE_ATTR_ROLE: u8, enum loom_role
 * @LOOM_NODE_ATTR_SENSOR: u8, 0 or 1
 * @LOOM_NODE_ATTR_PARENT: u32, index of the node one path up; absent for
 *	the coordinator
 * @LOOM_NODE_ATTR_INDEX: u32 (dump only)
 * @LOOM_NODE_ATTR_ADDR: u16 (dump only)
 * @LOOM_NODE_ATTR_LAYER: u8, routers above this node (dump only)
 * @LOOM_NODE_ATTR_TX_FIRST: u32, first send slot (dump only)
 * @LOOM_NODE_ATTR_TX_COUNT: u32, number of send slots (dump only)
 * @LOOM_NODE_ATTR_RX_FIRST: u32, first receive slot (dump only)
 * @LOOM_NODE_ATTR_RX_COUNT: u32, number of receive slots (dump only)
 */
enum loom_node_attr {
	LOOM_NODE_ATTR_UNSPEC,
	LOOM_NODE_ATTR_NAME,
	LOOM_NODE_ATTR_ROLE,
	LOOM_NODE_ATTR_SENSOR,
	LOOM_NODE_ATTR_PARENT,
	LOOM_NODE_ATTR_INDEX,
	LOOM_NODE_ATTR_ADDR,
	LOOM_NODE_ATTR_LAYER,
	LOOM_NODE_ATTR_TX_FIRST,
	LOOM_NODE_ATTR_TX_COUNT,
	LOOM_NODE_ATTR_RX_FIRST,
	LOOM_NODE_ATTR_RX_COUNT,
	__LOOM_NODE_ATTR_MAX,
};

#define LOOM_NODE_ATTR_MAX (__LOOM_NODE_ATTR_MAX - 1)

/**
 * enum loom_cfg_attr - the topology's "config" block
 * @LOOM_CFG_ATTR_SLOT_MS: u32, length of one TDMA slot in ms
 * @LOOM_CFG_ATTR_DATA_INTERVAL_MS: u32, start-to-start time of two data
 *	transactions in ms
 * @LOOM_CFG_ATTR_DATA_CYCLES: u32, data transactions per refresh cycle
 */
enum loom_cfg_attr {
	LOOM_CFG_ATTR_UNSPEC,
	LOOM_CFG_ATTR_SLOT_MS,
	LOOM_CFG_ATTR_DATA_INTERVAL_MS,
	LOOM_CFG_ATTR_DATA_CYCLES,
	__LOOM_CFG_ATTR_MAX,
};

#define LOOM_CFG_ATTR_MAX (__LOOM_CFG_ATTR_MAX - 1)

/* MAC packet types (control byte bits 0-2). */
enum loom_ptype {
	LOOM_PT_INVALID = 0,
	LOOM_PT_REFRESH = 1,
	LOOM_PT_RESERVED = 2,
	LOOM_PT_ACK = 3,
	LOOM_PT_ERROR = 4,
	LOOM_PT_DATA = 5,
	LOOM_PT_REFRESH_MORE = 6,
	LOOM_PT_ACK_DATA = 7,
};

/* Time units of the refresh Interval Control field. */
enum loom_time_unit {
	LOOM_TU_US = 0,
	LOOM_TU_MS = 1,
	LOOM_TU_S = 2,
	LOOM_TU_MIN = 3,
	LOOM_TU_H = 4,
	LOOM_TU_DAY = 5,
};

/**
 * enum loom_drop - reasons a received frame is dropped (counted per reason)
 * @LOOM_DROP_SHORT: shorter than the smallest frame of its type
 * @LOOM_DROP_LENGTH: a length field disagrees with the frame's length
 * @LOOM_DROP_FCS: frame check sequence mismatch
 * @LOOM_DROP_VERSION: protocol version is not 0
 * @LOOM_DROP_TYPE: packet type invalid (0), reserved (2) or unknown
 * @LOOM_DROP_RESERVED: reserved bits of the control byte are set
 * @LOOM_DROP_FIELD: a field holds a reserved value (time unit, address)
 */
enum loom_drop {
	LOOM_DROP_SHORT,
	LOOM_DROP_LENGTH,
	LOOM_DROP_FCS,
	LOOM_DROP_VERSION,
	LOOM_DROP_TYPE,
	LOOM_DROP_RESERVED,
	LOOM_DROP_FIELD,
	__LOOM_DROP_MAX,
};

/**
 * enum loom_radio_state - states of a radio (the Loom design's Radio layer)
 * @LOOM_RADIO_DISABLED: off; only Sleep can follow (enable)
 * @LOOM_RADIO_SLEEP: low power; Disabled or Receive can follow
 * @LOOM_RADIO_RECEIVE: listening; Sleep or Transmit can follow
 * @LOOM_RADIO_TRANSMIT: sending a frame; Receive follows
 */
enum loom_radio_state {
	LOOM_RADIO_DISABLED,
	LOOM_RADIO_SLEEP,
	LOOM_RADIO_RECEIVE,
	LOOM_RADIO_TRANSMIT,
	__LOOM_RADIO_STATE_MAX,
};

/**
 * enum loom_radio_kind - what kind of radio a registered radio is
 * @LOOM_RADIO_KIND_UNSPEC: invalid
 * @LOOM_RADIO_KIND_HWSIM: a simulated LoRa radio of loom_hwsim
 * @LOOM_RADIO_KIND_ETHER: an Ethernet-framed interface (mac80211 in mesh
 *	point or IBSS mode, veth, ...) carrying Loom frames in EtherType
 *	LOOM_ETH_P
 * @LOOM_RADIO_KIND_SX127X: a Semtech SX1276/77/78/79 LoRa chip on SPI (the
 *	sx127x driver), real or loom_hwsim's emulated one
 */
enum loom_radio_kind {
	LOOM_RADIO_KIND_UNSPEC,
	LOOM_RADIO_KIND_HWSIM,
	LOOM_RADIO_KIND_ETHER,
	LOOM_RADIO_KIND_SX127X,
};

/* EtherType of Loom frames on Ethernet-framed radios (ETH_P_802_EX1). */
#define LOOM_ETH_P		0x88B5
/*
 * The shim after the Ethernet header: proto (enum loom_proto: what the
 * frame's sender runs), version, __le16 length.
 */
#define LOOM_ETH_SHIM_LEN	4
#define LOOM_ETH_PROTO_TREE	LOOM_PROTO_TREE
#define LOOM_ETH_VERSION	0

/* Rates an interface's radio may assume (kbit/s). */
#define LOOM_RADIO_RATE_MIN	6000
#define LOOM_RADIO_RATE_MAX	1000000
#define LOOM_RADIO_RATE_DEFAULT	6000

/**
 * enum loom_radio_stat - counters of an interface's radio (u64 each)
 * @LOOM_RADIO_STAT_UNSPEC: invalid
 * @LOOM_RADIO_STAT_TX_FRAMES: frames handed to the interface
 * @LOOM_RADIO_STAT_TX_ERRORS: frames the interface refused (down, queue
 *	full, out of memory)
 * @LOOM_RADIO_STAT_RX_FRAMES: Loom frames received
 * @LOOM_RADIO_STAT_RX_MALFORMED: frames in LOOM_ETH_P refused: too short,
 *	a length that does not fit, an unknown protocol, another version
 * @LOOM_RADIO_STAT_RX_DEAF: frames that arrived while the radio did not
 *	listen (asleep, or sending)
 * @LOOM_RADIO_STAT_RX_OTHERHOST: frames addressed to another station
 * @LOOM_RADIO_STAT_RX_OTHERPROTO: frames of another protocol than the
 *	node's on the radio (a Loom tree frame heard by a Dhyara node)
 * @LOOM_RADIO_STAT_TX_UNICAST: of @LOOM_RADIO_STAT_TX_FRAMES, those sent
 *	to one receiver's address (a mesh node's, which the link layer
 *	acknowledges and retries)
 * @LOOM_RADIO_STAT_SPI_ERRORS: a chip's SPI transfers that failed (the
 *	operation they were part of was given up or retried)
 * @LOOM_RADIO_STAT_SPI_MESSAGES: a chip's SPI messages (register accesses
 *	and FIFO bursts)
 * @LOOM_RADIO_STAT_IRQ: a chip's interrupts handled
 * @LOOM_RADIO_STAT_IRQ_SPURIOUS: of those, with no interrupt flag set
 * @LOOM_RADIO_STAT_IRQ_UNEXPECTED: flags the radio's state did not expect
 *	(a TxDone while not sending, an RxDone while not listening)
 * @LOOM_RADIO_STAT_IRQ_STUCK: flags that would not clear (the chip was
 *	reset)
 * @LOOM_RADIO_STAT_RX_CRC_ERRORS: frames received with a bad payload CRC
 * @LOOM_RADIO_STAT_TX_TIMEOUTS: frames whose TxDone never came (the chip
 *	was reset and the frame reported failed)
 * @LOOM_RADIO_STAT_RESETS: chip resets after probe
 * @LOOM_RADIO_STAT_TX_START_NS: a chip's frames: the sum of the times from
 *	the xmit operation to the chip told to transmit (SPI in process
 *	context), ns
 * @LOOM_RADIO_STAT_TX_START_MAX_NS: the longest of those, ns
 * @LOOM_RADIO_STAT_RX_IRQ_NS: frames delivered: the sum of the times from
 *	the chip's RxDone interrupt to the frame handed to the layer above, ns
 * @LOOM_RADIO_STAT_RX_IRQ_MAX_NS: the longest of those, ns
 * @LOOM_RADIO_STAT_CAD: a chip's channel activity detections done
 * @LOOM_RADIO_STAT_CAD_BUSY: of those, the ones that found a frame
 * @LOOM_RADIO_STAT_CAD_TIMEOUTS: detections whose CadDone never came (the
 *	chip was reset)
 */
enum loom_radio_stat {
	LOOM_RADIO_STAT_UNSPEC,
	LOOM_RADIO_STAT_TX_FRAMES,
	LOOM_RADIO_STAT_TX_ERRORS,
	LOOM_RADIO_STAT_RX_FRAMES,
	LOOM_RADIO_STAT_RX_MALFORMED,
	LOOM_RADIO_STAT_RX_DEAF,
	LOOM_RADIO_STAT_RX_OTHERHOST,
	LOOM_RADIO_STAT_RX_OTHERPROTO,
	LOOM_RADIO_STAT_TX_UNICAST,
	LOOM_RADIO_STAT_SPI_ERRORS,
	LOOM_RADIO_STAT_SPI_MESSAGES,
	LOOM_RADIO_STAT_IRQ,
	LOOM_RADIO_STAT_IRQ_SPURIOUS,
	LOOM_RADIO_STAT_IRQ_UNEXPECTED,
	LOOM_RADIO_STAT_IRQ_STUCK,
	LOOM_RADIO_STAT_RX_CRC_ERRORS,
	LOOM_RADIO_STAT_TX_TIMEOUTS,
	LOOM_RADIO_STAT_RESETS,
	LOOM_RADIO_STAT_TX_START_NS,
	LOOM_RADIO_STAT_TX_START_MAX_NS,
	LOOM_RADIO_STAT_RX_IRQ_NS,
	LOOM_RADIO_STAT_RX_IRQ_MAX_NS,
	LOOM_RADIO_STAT_CAD,
	LOOM_RADIO_STAT_CAD_BUSY,
	LOOM_RADIO_STAT_CAD_TIMEOUTS,
	__LOOM_RADIO_STAT_MAX,
};

/* LoRa low-data-rate optimisation: automatic follows Semtech's rule. */
enum loom_lora_ldro {
	LOOM_LDRO_AUTO,
	LOOM_LDRO_OFF,
	LOOM_LDRO_ON,
};

/**
 * enum loom_mac_stat - MAC counters of a running node (u64 each)
 * @LOOM_MAC_STAT_UNSPEC: invalid
 * @LOOM_MAC_STAT_REFRESH_TX: refresh frames sent (initial and relayed)
 * @LOOM_MAC_STAT_REFRESH_RX: refreshes taken from the parent
 * @LOOM_MAC_STAT_REFRESH_MISSED: refresh windows without one
 * @LOOM_MAC_STAT_SYNC_LOST: two misses in a row
 * @LOOM_MAC_STAT_DATA_TX: DATA frames sent with a packet
 * @LOOM_MAC_STAT_POLLS: DATA frames sent empty
 * @LOOM_MAC_STAT_ACKED: packets the next hop confirmed
 * @LOOM_MAC_STAT_FAILS: failed handshakes
 * @LOOM_MAC_STAT_GIVEN_UP: packets dropped after 5 failures
 * @LOOM_MAC_STAT_QUEUE_FULL: packets refused by a full queue
 * @LOOM_MAC_STAT_DUPS: duplicates answered, not delivered
 * @LOOM_MAC_STAT_DELIVERED: packets handed to the network layer
 * @LOOM_MAC_STAT_IGNORED: valid frames not for this node, or unexpected
 * @LOOM_MAC_STAT_XMIT_ERRORS: frames the radio refused
 * @LOOM_MAC_STAT_RX_DROPPED: frames dropped as malformed (any reason)
 * @LOOM_MAC_STAT_MORE_RX: additional refresh packets (the distributed
 *	configuration) taken
 * @LOOM_MAC_STAT_MORE_MISSED: announced additional refresh packets that
 *	did not come (unacknowledged: nothing is retried)
 * @LOOM_MAC_STAT_CONFIG_MISMATCH: distributed configurations that
 *	differed from the node's own
 * @LOOM_MAC_STAT_LATE_SKIPS: frames not sent because the MAC's timer fired
 *	too late for them to end in their slot (refresh, configuration,
 *	handshake), or a send slot the last handshake still held
 * @LOOM_MAC_STAT_LATE_REFRESH: refreshes later than clock drift explains,
 *	whose lateness the timing did not follow (a late sender)
 * @LOOM_MAC_STAT_HELD: waits kept open past their end for a frame on the
 *	air
 */
enum loom_mac_stat {
	LOOM_MAC_STAT_UNSPEC,
	LOOM_MAC_STAT_REFRESH_TX,
	LOOM_MAC_STAT_REFRESH_RX,
	LOOM_MAC_STAT_REFRESH_MISSED,
	LOOM_MAC_STAT_SYNC_LOST,
	LOOM_MAC_STAT_DATA_TX,
	LOOM_MAC_STAT_POLLS,
	LOOM_MAC_STAT_ACKED,
	LOOM_MAC_STAT_FAILS,
	LOOM_MAC_STAT_GIVEN_UP,
	LOOM_MAC_STAT_QUEUE_FULL,
	LOOM_MAC_STAT_DUPS,
	LOOM_MAC_STAT_DELIVERED,
	LOOM_MAC_STAT_IGNORED,
	LOOM_MAC_STAT_XMIT_ERRORS,
	LOOM_MAC_STAT_RX_DROPPED,
	LOOM_MAC_STAT_MORE_RX,
	LOOM_MAC_STAT_MORE_MISSED,
	LOOM_MAC_STAT_CONFIG_MISMATCH,
	LOOM_MAC_STAT_LATE_SKIPS,
	LOOM_MAC_STAT_LATE_REFRESH,
	LOOM_MAC_STAT_HELD,
	__LOOM_MAC_STAT_MAX,
};

#define LOOM_MAC_STAT_MAX (__LOOM_MAC_STAT_MAX - 1)

/**
 * enum loom_net_stat - network layer counters of a running node (u64 each)
 * @LOOM_NET_STAT_UNSPEC: invalid
 * @LOOM_NET_STAT_TX_DATAGRAMS: datagrams sent
 * @LOOM_NET_STAT_TX_FRAGS: fragments they were cut into
 * @LOOM_NET_STAT_RX_DATAGRAMS: datagrams received
 * @LOOM_NET_STAT_RX_FRAGS: fragments received for this node
 * @LOOM_NET_STAT_FORWARDED: packets passed on
 * @LOOM_NET_STAT_ERRORS_SENT: failure reports sent
 * @LOOM_NET_STAT_ERRORS_RX: failure reports received (coordinator)
 * @LOOM_NET_STAT_DROP_NO_ROUTE: dropped: no next hop
 * @LOOM_NET_STAT_DROP_QUEUE: dropped: queue full
 * @LOOM_NET_STAT_DROP_REASM: sequences dropped: out of order, restarted
 * @LOOM_NET_STAT_DROP_ORPHAN: fragments whose first never came
 * @LOOM_NET_STAT_DROP_TIMEOUT: sequences that took too long
 * @LOOM_NET_STAT_DROP_EVICTED: sequences evicted for another source
 * @LOOM_NET_STAT_DROP_GIVEN_UP: packets dropped with a given-up fragment
 * @LOOM_NET_STAT_DROP_NOMEM: dropped: no memory
 */
enum loom_net_stat {
	LOOM_NET_STAT_UNSPEC,
	LOOM_NET_STAT_TX_DATAGRAMS,
	LOOM_NET_STAT_TX_FRAGS,
	LOOM_NET_STAT_RX_DATAGRAMS,
	LOOM_NET_STAT_RX_FRAGS,
	LOOM_NET_STAT_FORWARDED,
	LOOM_NET_STAT_ERRORS_SENT,
	LOOM_NET_STAT_ERRORS_RX,
	LOOM_NET_STAT_DROP_NO_ROUTE,
	LOOM_NET_STAT_DROP_QUEUE,
	LOOM_NET_STAT_DROP_REASM,
	LOOM_NET_STAT_DROP_ORPHAN,
	LOOM_NET_STAT_DROP_TIMEOUT,
	LOOM_NET_STAT_DROP_EVICTED,
	LOOM_NET_STAT_DROP_GIVEN_UP,
	LOOM_NET_STAT_DROP_NOMEM,
	__LOOM_NET_STAT_MAX,
};

#define LOOM_NET_STAT_MAX (__LOOM_NET_STAT_MAX - 1)

/**
 * enum loom_event - what LOOM_CMD_EVENT reports
 * @LOOM_EVENT_UNSPEC: invalid
 * @LOOM_EVENT_SYNCED: the node took the network's timing
 * @LOOM_EVENT_SYNC_LOST: it missed two refreshes in a row
 * @LOOM_EVENT_GAVE_UP: the node gave up on the link to LOOM_ATTR_SUBJECT
 *	after LOOM_ATTR_FAILURES failures
 * @LOOM_EVENT_REPORT: the coordinator received a failure report from
 *	LOOM_ATTR_REPORTER about LOOM_ATTR_SUBJECT
 * @LOOM_EVENT_CONFIG_MISMATCH: the configuration the network distributes
 *	(LOOM_ATTR_CONFIG_ID) is not the one the node runs: another topology
 *	or configuration was loaded on one side
 * @LOOM_EVENT_CONFIG_MATCH: it matches again
 * @LOOM_EVENT_NEIGHBOUR_UP: a mesh node heard a new neighbour
 *	(LOOM_ATTR_SUBJECT_HW)
 * @LOOM_EVENT_NEIGHBOUR_DOWN: it forgot one: silent until its last route
 *	went
 * @LOOM_EVENT_ROUTE_CHANGED: its best route to LOOM_ATTR_SUBJECT_HW now
 *	goes through LOOM_ATTR_VIA_HW, or there is none (no LOOM_ATTR_VIA_HW)
 */
enum loom_event {
	LOOM_EVENT_UNSPEC,
	LOOM_EVENT_SYNCED,
	LOOM_EVENT_SYNC_LOST,
	LOOM_EVENT_GAVE_UP,
	LOOM_EVENT_REPORT,
	LOOM_EVENT_CONFIG_MISMATCH,
	LOOM_EVENT_CONFIG_MATCH,
	LOOM_EVENT_NEIGHBOUR_UP,
	LOOM_EVENT_NEIGHBOUR_DOWN,
	LOOM_EVENT_ROUTE_CHANGED,
};

/*
 * Slot-edge error: each time the MAC acts on its schedule (a refresh sent
 * or relayed, a window opening or closing, a slot's first frame), how much
 * later than planned its timer ran.  A log-linear histogram, 8 buckets per
 * doubling: bucket 0 holds errors below 1024 ns; bucket b >= 1 starts at
 * 2^m + s * 2^(m - 3) ns with m = 10 + (b - 1) / 8 and s = (b - 1) % 8,
 * and the last bucket also holds everything above it.
 */
#define LOOM_EDGE_BUCKETS	137

/**
 * enum loom_link_attr - one neighbour of a running node (in LOOM_ATTR_LINK)
 * @LOOM_LINK_ATTR_UNSPEC: invalid
 * @LOOM_LINK_ATTR_PAD: padding
 * @LOOM_LINK_ATTR_ADDR: u16, the neighbour's address
 * @LOOM_LINK_ATTR_PARENT: flag, it is the node's parent (else a child)
 * @LOOM_LINK_ATTR_RSSI: s32, milli-dBm, of the last frame heard from it
 * @LOOM_LINK_ATTR_SNR: s32, milli-dB, of that frame
 * @LOOM_LINK_ATTR_AGE_MS: u64, since that frame; absent if never heard
 * @LOOM_LINK_ATTR_RX_FRAMES: u32, frames taken from it
 * @LOOM_LINK_ATTR_HS_OK: u32, handshakes completed with it
 * @LOOM_LINK_ATTR_HS_FAIL: u32, handshakes with it that failed
 * @LOOM_LINK_ATTR_FAILS: u8, consecutive failures now (5 gives up)
 * @LOOM_LINK_ATTR_HWADDR: binary, 6 bytes: a mesh neighbour's address
 * @LOOM_LINK_ATTR_RTT_US: u32, its smoothed round-trip time (beacon and
 *	acknowledgment); absent before the first sample
 * @LOOM_LINK_ATTR_DELAY_US: u32, the link delay routes through it use
 * @LOOM_LINK_ATTR_SILENT: flag, not heard for the silence threshold: its
 *	routes are being depreciated
 * @LOOM_LINK_ATTR_DEPRECIATED: u8, doublings of its routes so far
 * @LOOM_LINK_ATTR_RADIO: NUL-terminated string, the radio it was last
 *	heard on
 *
 * A tree node's links carry ADDR, PARENT, the signal and handshakes; a
 * mesh node's carry HWADDR, AGE_MS, RTT_US, DELAY_US, SILENT, DEPRECIATED
 * and RADIO.
 */
enum loom_link_attr {
	LOOM_LINK_ATTR_UNSPEC,
	LOOM_LINK_ATTR_PAD,
	LOOM_LINK_ATTR_ADDR,
	LOOM_LINK_ATTR_PARENT,
	LOOM_LINK_ATTR_RSSI,
	LOOM_LINK_ATTR_SNR,
	LOOM_LINK_ATTR_AGE_MS,
	LOOM_LINK_ATTR_RX_FRAMES,
	LOOM_LINK_ATTR_HS_OK,
	LOOM_LINK_ATTR_HS_FAIL,
	LOOM_LINK_ATTR_FAILS,
	LOOM_LINK_ATTR_HWADDR,
	LOOM_LINK_ATTR_RTT_US,
	LOOM_LINK_ATTR_DELAY_US,
	LOOM_LINK_ATTR_SILENT,
	LOOM_LINK_ATTR_DEPRECIATED,
	LOOM_LINK_ATTR_RADIO,
	__LOOM_LINK_ATTR_MAX,
};

#define LOOM_LINK_ATTR_MAX (__LOOM_LINK_ATTR_MAX - 1)

/**
 * enum loom_mesh_policy - how a mesh node picks its best route
 * @LOOM_MESH_POLICY_HOPS: fewest hops, then lowest delay (what the
 *	original Dhyara implementation did; the default)
 * @LOOM_MESH_POLICY_DELAY: lowest delay only (what the design's text says)
 */
enum loom_mesh_policy {
	LOOM_MESH_POLICY_HOPS,
	LOOM_MESH_POLICY_DELAY,
};

/* Hop limit of frames a mesh node originates. */
#define LOOM_MESH_HOP_LIMIT	32
/* Beacon intervals a mesh node takes (ms). */
#define LOOM_MESH_BEACON_MIN_MS	100
#define LOOM_MESH_BEACON_MAX_MS	3600000
#define LOOM_MESH_BEACON_DEFAULT_MS	1000
/* EU868's 1 %: the default duty-cycle budget on a LoRa radio (ppm). */
#define LOOM_MESH_DUTY_DEFAULT_PPM	10000

/**
 * enum loom_mesh_attr - a mesh node's parameters (in LOOM_ATTR_MESH)
 * @LOOM_MESH_ATTR_UNSPEC: invalid
 * @LOOM_MESH_ATTR_PAD: padding
 * @LOOM_MESH_ATTR_BEACON_MS: u32, beacon interval, LOOM_MESH_BEACON_MIN_MS
 *	to LOOM_MESH_BEACON_MAX_MS (default LOOM_MESH_BEACON_DEFAULT_MS)
 * @LOOM_MESH_ATTR_POLICY: u8, enum loom_mesh_policy
 * @LOOM_MESH_ATTR_DUTY_PPM: u32, the share of time the node's control
 *	frames (beacons, acknowledgments, advertisements) may keep a LoRa
 *	radio on the air, parts per million (default
 *	LOOM_MESH_DUTY_DEFAULT_PPM; 0: no budget); a start whose control
 *	traffic cannot fit is refused.  Interface radios have no budget.
 * @LOOM_MESH_ATTR_CONTROL_PPM: u32, the share the control traffic takes
 *	by the node's own estimate (replies)
 * @LOOM_MESH_ATTR_KNOWN: u32, destinations known (replies)
 * @LOOM_MESH_ATTR_NEIGHBOURS: u32, neighbours (replies)
 * @LOOM_MESH_ATTR_ROUTES: u32, routes (replies)
 */
enum loom_mesh_attr {
	LOOM_MESH_ATTR_UNSPEC,
	LOOM_MESH_ATTR_PAD,
	LOOM_MESH_ATTR_BEACON_MS,
	LOOM_MESH_ATTR_POLICY,
	LOOM_MESH_ATTR_DUTY_PPM,
	LOOM_MESH_ATTR_CONTROL_PPM,
	LOOM_MESH_ATTR_KNOWN,
	LOOM_MESH_ATTR_NEIGHBOURS,
	LOOM_MESH_ATTR_ROUTES,
	__LOOM_MESH_ATTR_MAX,
};

#define LOOM_MESH_ATTR_MAX (__LOOM_MESH_ATTR_MAX - 1)

/**
 * struct loom_duty_refusal - why a mesh node's start was refused for its
 *	duty-cycle budget: the cookie (NLMSGERR_ATTR_COOKIE) of the
 *	LOOM_CMD_NODE_START error ack
 * @need_ppm: the share of airtime the control traffic needs with one
 *	neighbour at the interval asked for
 * @budget_ppm: the budget
 * @beacon_min_ms: the shortest beacon interval that fits
 */
struct loom_duty_refusal {
	__u32 need_ppm;
	__u32 budget_ppm;
	__u32 beacon_min_ms;
};

/**
 * enum loom_counter_attr - one named counter (in LOOM_ATTR_COUNTER)
 * @LOOM_COUNTER_ATTR_UNSPEC: invalid
 * @LOOM_COUNTER_ATTR_PAD: padding
 * @LOOM_COUNTER_ATTR_NAME: string, its name (stable: documented in
 *	Documentation/dhyara.rst)
 * @LOOM_COUNTER_ATTR_VALUE: u64
 */
enum loom_counter_attr {
	LOOM_COUNTER_ATTR_UNSPEC,
	LOOM_COUNTER_ATTR_PAD,
	LOOM_COUNTER_ATTR_NAME,
	LOOM_COUNTER_ATTR_VALUE,
	__LOOM_COUNTER_ATTR_MAX,
};

#define LOOM_COUNTER_ATTR_MAX (__LOOM_COUNTER_ATTR_MAX - 1)

/**
 * enum loom_route_attr - one route of a mesh node (in LOOM_ATTR_ROUTE)
 * @LOOM_ROUTE_ATTR_UNSPEC: invalid
 * @LOOM_ROUTE_ATTR_PAD: padding
 * @LOOM_ROUTE_ATTR_DEST: binary, 6 bytes: the destination
 * @LOOM_ROUTE_ATTR_VIA: binary, 6 bytes: the next hop (the destination
 *	itself for a neighbour)
 * @LOOM_ROUTE_ATTR_DELAY_US: u32, the route's delay; absent while its
 *	next hop has no round-trip sample yet
 * @LOOM_ROUTE_ATTR_HOPS: u8, hop count
 * @LOOM_ROUTE_ATTR_BEST: flag, the destination's best route
 * @LOOM_ROUTE_ATTR_DIRECT: flag, the destination is a neighbour and this
 *	is the direct route
 * @LOOM_ROUTE_ATTR_AGE_MS: u64, since it was last advertised or sampled
 */
enum loom_route_attr {
	LOOM_ROUTE_ATTR_UNSPEC,
	LOOM_ROUTE_ATTR_PAD,
	LOOM_ROUTE_ATTR_DEST,
	LOOM_ROUTE_ATTR_VIA,
	LOOM_ROUTE_ATTR_DELAY_US,
	LOOM_ROUTE_ATTR_HOPS,
	LOOM_ROUTE_ATTR_BEST,
	LOOM_ROUTE_ATTR_DIRECT,
	LOOM_ROUTE_ATTR_AGE_MS,
	__LOOM_ROUTE_ATTR_MAX,
};

#define LOOM_ROUTE_ATTR_MAX (__LOOM_ROUTE_ATTR_MAX - 1)

/**
 * enum loom_ping_code - what answered a layer-2 echo request
 * @LOOM_PING_REPLY: the destination (an echo reply)
 * @LOOM_PING_HOP_LIMIT: a node on the way, where the hop limit ran out
 * @LOOM_PING_NO_ROUTE: a node on the way without a route on
 */
enum loom_ping_code {
	LOOM_PING_REPLY,
	LOOM_PING_HOP_LIMIT,
	LOOM_PING_NO_ROUTE,
};

/**
 * enum loom_state_attr - a node's saved state (in LOOM_ATTR_STATE)
 * @LOOM_STATE_ATTR_UNSPEC: invalid
 * @LOOM_STATE_ATTR_PAD: padding
 * @LOOM_STATE_ATTR_ADDR: u16, the node's address; a restore must match
 * @LOOM_STATE_ATTR_PERIOD_NS: u64, the refresh period; a restore must match
 * @LOOM_STATE_ATTR_NEXT_REFRESH_NS: u64, when the next period begins:
 *	CLOCK_REALTIME nanoseconds, or the virtual clock's own time
 * @LOOM_STATE_ATTR_VIRTUAL: flag, the node ran on a virtual clock
 * @LOOM_STATE_ATTR_FRAME_ID: u8, frame id of the node's next datagram, so
 *	neighbours do not take new datagrams for duplicates
 */
enum loom_state_attr {
	LOOM_STATE_ATTR_UNSPEC,
	LOOM_STATE_ATTR_PAD,
	LOOM_STATE_ATTR_ADDR,
	LOOM_STATE_ATTR_PERIOD_NS,
	LOOM_STATE_ATTR_NEXT_REFRESH_NS,
	LOOM_STATE_ATTR_VIRTUAL,
	LOOM_STATE_ATTR_FRAME_ID,
	__LOOM_STATE_ATTR_MAX,
};

#define LOOM_STATE_ATTR_MAX (__LOOM_STATE_ATTR_MAX - 1)

/**
 * enum loom_dev_stat - what a node's endpoint did with its own datagrams
 *	(u64 each, in LOOM_ATTR_DEV_STATS)
 * @LOOM_DEV_STAT_UNSPEC: invalid
 * @LOOM_DEV_STAT_RX_PORT: port datagrams delivered to a socket
 * @LOOM_DEV_STAT_RX_IPV6: IPv6 packets passed to the IPv6 stack
 * @LOOM_DEV_STAT_ECHO: echo requests answered (port LOOM_PORT_ECHO)
 * @LOOM_DEV_STAT_DROP_NO_PORT: dropped: no socket bound to the port
 * @LOOM_DEV_STAT_DROP_SOCK_FULL: dropped: the socket's receive buffer
 *	was full
 * @LOOM_DEV_STAT_DROP_DOWN: dropped: the device was down
 * @LOOM_DEV_STAT_DROP_DISPATCH: dropped: unknown dispatch byte, a header
 *	too short, or not an IPv6 packet after LOOM_DISPATCH_IPV6
 * @LOOM_DEV_STAT_DROP_NOMEM: dropped: no memory
 * @LOOM_DEV_STAT_TX_IPV6: IPv6 packets handed to the network layer
 * @LOOM_DEV_STAT_TX_DROP_MULTICAST: IPv6 multicast not sent (the tree
 *	carries unicast only)
 * @LOOM_DEV_STAT_TX_DROP_NO_ADDR: IPv6 packets not sent: the destination
 *	is not of the form ::ff:fe00:<addr>, so it names no Loom address
 * @LOOM_DEV_STAT_TX_DROP_REFUSED: IPv6 packets the network layer refused
 *	(queue full, too long, no route, no timing)
 * @LOOM_DEV_STAT_ECHO_REFUSED: echo requests not answered: from a port
 *	below LOOM_PORT_PRIVILEGED (another echo, or netlink's port 0)
 * @LOOM_DEV_STAT_RADIO_DOWN: the node's radio lost its link (its interface
 *	went down): the device lost carrier
 * @LOOM_DEV_STAT_RADIO_UP: the radio's link came back
 */
enum loom_dev_stat {
	LOOM_DEV_STAT_UNSPEC,
	LOOM_DEV_STAT_RX_PORT,
	LOOM_DEV_STAT_RX_IPV6,
	LOOM_DEV_STAT_ECHO,
	LOOM_DEV_STAT_DROP_NO_PORT,
	LOOM_DEV_STAT_DROP_SOCK_FULL,
	LOOM_DEV_STAT_DROP_DOWN,
	LOOM_DEV_STAT_DROP_DISPATCH,
	LOOM_DEV_STAT_DROP_NOMEM,
	LOOM_DEV_STAT_TX_IPV6,
	LOOM_DEV_STAT_TX_DROP_MULTICAST,
	LOOM_DEV_STAT_TX_DROP_NO_ADDR,
	LOOM_DEV_STAT_TX_DROP_REFUSED,
	LOOM_DEV_STAT_ECHO_REFUSED,
	LOOM_DEV_STAT_RADIO_DOWN,
	LOOM_DEV_STAT_RADIO_UP,
	__LOOM_DEV_STAT_MAX,
};

#define LOOM_DEV_STAT_MAX (__LOOM_DEV_STAT_MAX - 1)

/*
 * Dispatch: the first byte of every datagram a node sends as an endpoint
 * says what follows.  The values follow the 6LoWPAN dispatch space (RFC
 * 4944, section 5.1): 0x41 is its "uncompressed IPv6" value, and 0x00-0x3F
 * is the range it leaves to protocols that are not 6LoWPAN.
 */
/* [dst port][src port] then the payload: an AF_LOOM datagram. */
#define LOOM_DISPATCH_PORTS	0x01
/* An IPv6 packet, through the node's loomN network device. */
#define LOOM_DISPATCH_IPV6	0x41
/* Bytes in front of an AF_LOOM datagram's payload. */
#define LOOM_PORT_HDR_LEN	3

/*
 * Ports: 8 bits, because every byte costs airtime.  0 means "any" in
 * bind() (the kernel picks a free port from the ephemeral range).
 */
#define LOOM_PORT_ANY		0
/* Where `loomctl send` delivers unless told otherwise. */
#define LOOM_PORT_MESSAGE	1
/* Answered by the kernel: the payload comes back to its sender. */
#define LOOM_PORT_ECHO		7
/* Below this, bind() needs CAP_NET_BIND_SERVICE. */
#define LOOM_PORT_PRIVILEGED	64
#define LOOM_PORT_EPHEMERAL_MIN	128
#define LOOM_PORT_MAX		255

/*
 * AF_LOOM.  Linux 6.1 has no free address family below AF_MAX, so Loom
 * takes the number of AF_ECONET, whose implementation left the kernel in
 * 3.5 (2012).  The module refuses to load if anything else holds it.
 */
#define AF_LOOM			19
#define PF_LOOM			AF_LOOM
/* setsockopt()/getsockopt() level and ancillary data level. */
#define SOL_LOOM		299

/**
 * struct sockaddr_loom - an AF_LOOM endpoint
 * @sloom_family: AF_LOOM
 * @sloom_addr: 16-bit tree address, host byte order (as AF_IEEE802154's
 *	short addresses), when @sloom_kind is LOOM_ADDR_KIND_TREE; ignored
 *	by bind()
 * @sloom_port: port; LOOM_PORT_ANY in bind() picks one
 * @sloom_kind: enum loom_addr_kind of the address (0, the tree's, is what
 *	programs written before the mesh kind pass: this was sloom_zero)
 * @sloom_ifindex: the instance's loomN device; 0 in sendto() means the
 *	one the socket is bound to
 * @sloom_hwaddr: 48-bit address when @sloom_kind is LOOM_ADDR_KIND_MESH
 *	(the kernel reads it only from an address of LOOM_SOCKADDR_LEN bytes
 *	or more)
 * @sloom_pad: 0
 *
 * The kernel takes addresses of LOOM_SOCKADDR_TREE_LEN bytes, the size
 * before @sloom_hwaddr, from programs built against older headers, and
 * hands back LOOM_SOCKADDR_LEN bytes (truncated to a smaller buffer, as
 * every socket family does).
 */
struct sockaddr_loom {
	__kernel_sa_family_t sloom_family;
	__u16 sloom_addr;
	__u8 sloom_port;
	__u8 sloom_kind;
	__s32 sloom_ifindex;
	__u8 sloom_hwaddr[6];
	__u16 sloom_pad;
};

/* The field's name before LOOM_ADDR_KIND_MESH: still 0 there. */
#define sloom_zero		sloom_kind
/* Bytes of a tree-only address, and of the whole. */
#define LOOM_SOCKADDR_TREE_LEN	12
#define LOOM_SOCKADDR_LEN	20

/* Socket options at level SOL_LOOM (int values). */
enum {
	/* Nonzero: recvmsg() adds a LOOM_SCM_SIGNAL control message. */
	LOOM_SO_RX_SIGNAL = 1,
	/*
	 * Nonzero: each datagram sent from here on gets a number (0, 1, ...,
	 * counting from the option's setting) and, on a mesh node, its
	 * delivery report comes back on the error queue (MSG_ERRQUEUE): a
	 * LOOM_SCM_REPORT control message holding a struct
	 * sock_extended_err with ee_origin SO_EE_ORIGIN_TXSTATUS, ee_errno 0
	 * (delivered), ENOBUFS (no room at the destination), ETIMEDOUT (no
	 * report in time) or EHOSTUNREACH (a node on the way had no route),
	 * ee_code the enum loom_report, ee_info the datagram's number.
	 */
	LOOM_SO_REPORTS = 2,
};

/* Control message type at level SOL_LOOM: a delivery report. */
#define LOOM_SCM_REPORT		2

/**
 * enum loom_report - what became of a datagram (ee_code of a report)
 * @LOOM_REPORT_DELIVERED: the destination has it whole
 * @LOOM_REPORT_NO_ROOM: the destination had no room to reassemble it
 * @LOOM_REPORT_TIMED_OUT: no report came in time
 * @LOOM_REPORT_UNREACHABLE: a node on the way had no route for it
 */
enum loom_report {
	LOOM_REPORT_DELIVERED = 1,
	LOOM_REPORT_NO_ROOM = 2,
	LOOM_REPORT_TIMED_OUT = 3,
	LOOM_REPORT_UNREACHABLE = 4,
};

/* Control message type at level SOL_LOOM: struct loom_rx_signal. */
#define LOOM_SCM_SIGNAL		1

/*
 * A signal the radio cannot measure (an Ethernet-framed interface): in
 * struct loom_rx_signal; netlink leaves the attribute out instead.
 */
#define LOOM_SIGNAL_UNKNOWN	(-2147483647 - 1)

/**
 * struct loom_rx_signal - how the last hop of a datagram was heard
 * @rssi_mdbm: received signal strength, milli-dBm, or LOOM_SIGNAL_UNKNOWN
 * @snr_mdb: signal to noise ratio, milli-dB, or LOOM_SIGNAL_UNKNOWN
 */
struct loom_rx_signal {
	__s32 rssi_mdbm;
	__s32 snr_mdb;
};

#endif /* _UAPI_LINUX_LOOM_H */
