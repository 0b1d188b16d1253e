/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * loom_sniff: an RSSI sniffer in the kernel.  User API of its generic
 * netlink family (Documentation/lml.rst, "The sniffer").  Everything here
 * is ABI: append, never renumber.
 *
 * A session listens on one source - a monitor-mode interface (radiotap
 * frames) or a Loom radio (its receive tap) - and keeps a bounded table
 * of the transmitters it hears with statistics of their signal.  Signals
 * are in 0.01 dBm ("cdbm"), times in nanoseconds.
 */
#ifndef _UAPI_LINUX_LOOM_SNIFF_H
#define _UAPI_LINUX_LOOM_SNIFF_H

#include <linux/types.h>

#define LOOM_SNIFF_GENL_NAME	"loom_sniff"
#define LOOM_SNIFF_GENL_VERSION	1
/* Multicast group of LOOM_SNIFF_CMD_EVENT notifications. */
#define LOOM_SNIFF_MCGRP_EVENTS	"events"

/* Limits the kernel enforces; loomctl checks the same before sending. */
#define LOOM_SNIFF_CAPACITY_DEFAULT	256
#define LOOM_SNIFF_CAPACITY_MAX		65536
#define LOOM_SNIFF_ADDRS_MAX		16
#define LOOM_SNIFF_EVENTS_DEFAULT	20	/* per second, per session */
#define LOOM_SNIFF_EVENTS_MAX		1000

/* Frame types (LOOM_SNIFF_ATTR_TYPES, LOOM_SNIFF_TX_TYPES). */
#define LOOM_SNIFF_TYPE_MGMT	0x01
#define LOOM_SNIFF_TYPE_CTRL	0x02
#define LOOM_SNIFF_TYPE_DATA	0x04
#define LOOM_SNIFF_TYPE_EXT	0x08
#define LOOM_SNIFF_TYPE_ALL	0x0f

/**
 * enum loom_sniff_cmd - commands
 * @LOOM_SNIFF_CMD_UNSPEC: invalid
 * @LOOM_SNIFF_CMD_START: listen on a source (IFINDEX or RADIO) with
 *	optional CAPACITY, TYPES, ADDRS and EVENTS (CAP_NET_ADMIN)
 * @LOOM_SNIFF_CMD_STOP: stop a session and forget its table
 *	(CAP_NET_ADMIN)
 * @LOOM_SNIFF_CMD_GET: the sessions of this namespace (dump), each a
 *	LOOM_SNIFF_ATTR_SESSION
 * @LOOM_SNIFF_CMD_DUMP: one session's transmitters (dump, IFINDEX or
 *	RADIO), each a LOOM_SNIFF_ATTR_TX, most recently heard first
 * @LOOM_SNIFF_CMD_CLEAR: forget one session's transmitters, keep
 *	listening (CAP_NET_ADMIN)
 * @LOOM_SNIFF_CMD_EVENT: notification: a transmitter heard (SESSION
 *	source attributes and a TX), at most EVENTS per second per session
 * @__LOOM_SNIFF_CMD_MAX: one past the last
 */
enum loom_sniff_cmd {
	LOOM_SNIFF_CMD_UNSPEC,
	LOOM_SNIFF_CMD_START,
	LOOM_SNIFF_CMD_STOP,
	LOOM_SNIFF_CMD_GET,
	LOOM_SNIFF_CMD_DUMP,
	LOOM_SNIFF_CMD_CLEAR,
	LOOM_SNIFF_CMD_EVENT,
	__LOOM_SNIFF_CMD_MAX,
};

#define LOOM_SNIFF_CMD_MAX (__LOOM_SNIFF_CMD_MAX - 1)

/**
 * enum loom_sniff_attr - top-level attributes
 * @LOOM_SNIFF_ATTR_UNSPEC: invalid
 * @LOOM_SNIFF_ATTR_IFINDEX: u32, a monitor-mode interface (radiotap)
 * @LOOM_SNIFF_ATTR_RADIO: string, a Loom radio's name
 * @LOOM_SNIFF_ATTR_CAPACITY: u32, transmitters kept (1 ..
 *	LOOM_SNIFF_CAPACITY_MAX, default LOOM_SNIFF_CAPACITY_DEFAULT); when
 *	full, the one heard least recently is forgotten for a new one
 * @LOOM_SNIFF_ATTR_TYPES: u8, LOOM_SNIFF_TYPE_* frames counted (default
 *	all)
 * @LOOM_SNIFF_ATTR_ADDRS: nested LOOM_SNIFF_ATTR_ADDR, the only
 *	transmitters counted (default all), at most LOOM_SNIFF_ADDRS_MAX
 * @LOOM_SNIFF_ATTR_ADDR: binary, 6 bytes, one transmitter
 * @LOOM_SNIFF_ATTR_EVENTS: u32, notifications per second (0 none,
 *	default LOOM_SNIFF_EVENTS_DEFAULT, at most LOOM_SNIFF_EVENTS_MAX)
 * @LOOM_SNIFF_ATTR_SESSION: nested enum loom_sniff_session_attr
 * @LOOM_SNIFF_ATTR_TX: nested enum loom_sniff_tx_attr
 * @LOOM_SNIFF_ATTR_PAD: padding for 64-bit attributes
 * @__LOOM_SNIFF_ATTR_MAX: one past the last
 */
enum loom_sniff_attr {
	LOOM_SNIFF_ATTR_UNSPEC,
	LOOM_SNIFF_ATTR_IFINDEX,
	LOOM_SNIFF_ATTR_RADIO,
	LOOM_SNIFF_ATTR_CAPACITY,
	LOOM_SNIFF_ATTR_TYPES,
	LOOM_SNIFF_ATTR_ADDRS,
	LOOM_SNIFF_ATTR_ADDR,
	LOOM_SNIFF_ATTR_EVENTS,
	LOOM_SNIFF_ATTR_SESSION,
	LOOM_SNIFF_ATTR_TX,
	LOOM_SNIFF_ATTR_PAD,
	__LOOM_SNIFF_ATTR_MAX,
};

#define LOOM_SNIFF_ATTR_MAX (__LOOM_SNIFF_ATTR_MAX - 1)

/**
 * enum loom_sniff_session_attr - a session (LOOM_SNIFF_ATTR_SESSION)
 * @LOOM_SNIFF_S_UNSPEC: invalid
 * @LOOM_SNIFF_S_IFINDEX: u32, its interface, or
 * @LOOM_SNIFF_S_RADIO: string, its Loom radio
 * @LOOM_SNIFF_S_NAME: string, the interface's name when it started
 * @LOOM_SNIFF_S_GONE: flag: the source went away (the table stays)
 * @LOOM_SNIFF_S_CAPACITY: u32
 * @LOOM_SNIFF_S_USED: u32, transmitters in the table
 * @LOOM_SNIFF_S_TYPES: u8
 * @LOOM_SNIFF_S_ADDRS: nested LOOM_SNIFF_ATTR_ADDR, its address filter
 * @LOOM_SNIFF_S_EVENTS: u32, notifications per second allowed
 * @LOOM_SNIFF_S_FRAMES: u64, frames seen
 * @LOOM_SNIFF_S_COUNTED: u64, frames counted in the table
 * @LOOM_SNIFF_S_BAD_RADIOTAP: u64, malformed radiotap headers
 * @LOOM_SNIFF_S_NO_SIGNAL: u64, frames without an antenna signal
 * @LOOM_SNIFF_S_BAD_FCS: u64, frames the radio said failed their FCS
 * @LOOM_SNIFF_S_SHORT: u64, 802.11 headers too short for their type
 * @LOOM_SNIFF_S_NO_TA: u64, frames without a transmitter (ACK, CTS)
 * @LOOM_SNIFF_S_FILTERED: u64, frames the type or address filter left out
 * @LOOM_SNIFF_S_EVICTED: u64, transmitters forgotten to make room
 * @LOOM_SNIFF_S_EVENTS_SENT: u64, notifications sent
 * @LOOM_SNIFF_S_EVENTS_DROPPED: u64, notifications the rate limit held
 *	back
 * @LOOM_SNIFF_S_ENTRY_BYTES: u32, kernel memory per transmitter
 * @LOOM_SNIFF_S_PAD: padding
 * @__LOOM_SNIFF_S_MAX: one past the last
 */
enum loom_sniff_session_attr {
	LOOM_SNIFF_S_UNSPEC,
	LOOM_SNIFF_S_IFINDEX,
	LOOM_SNIFF_S_RADIO,
	LOOM_SNIFF_S_NAME,
	LOOM_SNIFF_S_GONE,
	LOOM_SNIFF_S_CAPACITY,
	LOOM_SNIFF_S_USED,
	LOOM_SNIFF_S_TYPES,
	LOOM_SNIFF_S_ADDRS,
	LOOM_SNIFF_S_EVENTS,
	LOOM_SNIFF_S_FRAMES,
	LOOM_SNIFF_S_COUNTED,
	LOOM_SNIFF_S_BAD_RADIOTAP,
	LOOM_SNIFF_S_NO_SIGNAL,
	LOOM_SNIFF_S_BAD_FCS,
	LOOM_SNIFF_S_SHORT,
	LOOM_SNIFF_S_NO_TA,
	LOOM_SNIFF_S_FILTERED,
	LOOM_SNIFF_S_EVICTED,
	LOOM_SNIFF_S_EVENTS_SENT,
	LOOM_SNIFF_S_EVENTS_DROPPED,
	LOOM_SNIFF_S_ENTRY_BYTES,
	LOOM_SNIFF_S_PAD,
	__LOOM_SNIFF_S_MAX,
};

#define LOOM_SNIFF_S_MAX (__LOOM_SNIFF_S_MAX - 1)

/**
 * enum loom_sniff_tx_attr - a transmitter (LOOM_SNIFF_ATTR_TX)
 * @LOOM_SNIFF_TX_UNSPEC: invalid
 * @LOOM_SNIFF_TX_ADDR: binary, 6 bytes
 * @LOOM_SNIFF_TX_FRAMES: u64
 * @LOOM_SNIFF_TX_SUM: s64, the sum of the signals, cdBm
 * @LOOM_SNIFF_TX_SUMSQ: u64, the sum of their squares, cdBm^2 (with
 *	FRAMES and SUM: the mean and variance, exactly)
 * @LOOM_SNIFF_TX_MIN: s32, cdBm
 * @LOOM_SNIFF_TX_MAX: s32, cdBm
 * @LOOM_SNIFF_TX_LAST: s32, cdBm
 * @LOOM_SNIFF_TX_EWMA: s32, a moving average (weight 1/8 to each new
 *	frame), cdBm
 * @LOOM_SNIFF_TX_AGE_NS: u64, since it was last heard
 * @LOOM_SNIFF_TX_SPAN_NS: u64, from first to last heard
 * @LOOM_SNIFF_TX_TYPES: u8, LOOM_SNIFF_TYPE_* heard from it
 * @LOOM_SNIFF_TX_FREQ: u32, MHz, its last channel (absent if unknown)
 * @LOOM_SNIFF_TX_CHAINS: nested LOOM_SNIFF_TX_CHAIN, per receive chain
 * @LOOM_SNIFF_TX_CHAIN: nested: LOOM_SNIFF_TX_ANTENNA and LOOM_SNIFF_TX_LAST
 * @LOOM_SNIFF_TX_ANTENNA: u8, a chain's radiotap antenna index
 * @LOOM_SNIFF_TX_PAD: padding
 * @__LOOM_SNIFF_TX_MAX: one past the last
 */
enum loom_sniff_tx_attr {
	LOOM_SNIFF_TX_UNSPEC,
	LOOM_SNIFF_TX_ADDR,
	LOOM_SNIFF_TX_FRAMES,
	LOOM_SNIFF_TX_SUM,
	LOOM_SNIFF_TX_SUMSQ,
	LOOM_SNIFF_TX_MIN,
	LOOM_SNIFF_TX_MAX,
	LOOM_SNIFF_TX_LAST,
	LOOM_SNIFF_TX_EWMA,
	LOOM_SNIFF_TX_AGE_NS,
	LOOM_SNIFF_TX_SPAN_NS,
	LOOM_SNIFF_TX_TYPES,
	LOOM_SNIFF_TX_FREQ,
	LOOM_SNIFF_TX_CHAINS,
	LOOM_SNIFF_TX_CHAIN,
	LOOM_SNIFF_TX_ANTENNA,
	LOOM_SNIFF_TX_PAD,
	__LOOM_SNIFF_TX_MAX,
};

#define LOOM_SNIFF_TX_MAX (__LOOM_SNIFF_TX_MAX - 1)

#endif /* _UAPI_LINUX_LOOM_SNIFF_H */
