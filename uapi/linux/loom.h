/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Loom peer network stack: user API.
 *
 * This header is the single source of truth shared by the kernel module,
 * loomctl and applications.  Everything here is ABI: append, never renumber.
 */
#ifndef _UAPI_LINUX_LOOM_H
#define _UAPI_LINUX_LOOM_H

#include <linux/types.h>

#define LOOM_GENL_NAME		"loom"
#define LOOM_GENL_VERSION	1
#define LOOM_MCGRP_CONFIG	"config"

/* Longest node name, excluding the terminating NUL. */
#define LOOM_NAME_MAX		63

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
 * enum loom_cmd - generic netlink commands of the "loom" family
 * @LOOM_CMD_TOPO_SET: replace the topology (admin); also the notification
 *	sent to LOOM_MCGRP_CONFIG after a successful set
 * @LOOM_CMD_TOPO_GET: doit: summary and config; dump: one message per node
 * @LOOM_CMD_TOPO_CLEAR: remove the topology (admin); also its notification
 */
enum loom_cmd {
	LOOM_CMD_UNSPEC,
	LOOM_CMD_TOPO_SET,
	LOOM_CMD_TOPO_GET,
	LOOM_CMD_TOPO_CLEAR,
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
 */
enum loom_attr {
	LOOM_ATTR_UNSPEC,
	LOOM_ATTR_NODES,
	LOOM_ATTR_NODE,
	LOOM_ATTR_CONFIG,
	LOOM_ATTR_GENERATION,
	LOOM_ATTR_NODE_COUNT,
	LOOM_ATTR_SLOT_TOTAL,
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

/* LoRa low-data-rate optimisation: automatic follows Semtech's rule. */
enum loom_lora_ldro {
	LOOM_LDRO_AUTO,
	LOOM_LDRO_OFF,
	LOOM_LDRO_ON,
};

#endif /* _UAPI_LINUX_LOOM_H */
