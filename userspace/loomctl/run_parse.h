/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running network as loomctl reads and writes it: node and radio
 * names, addresses typed by people ("0x1101", "1101" or a node's name),
 * ports, datagrams made printable, the names of the counters and events,
 * and the structures the "radio", "node", "stats", "send", "recv", "ping"
 * and "monitor events" commands fill.  No netlink here, so the unit tests
 * take every corner of it directly.
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

/**
 * struct run_radio - one radio of the RADIO_GET dump
 * @radio: its name ("hwsim3")
 * @node: the node running on it, if @bound
 * @bound: a node runs on it (in this namespace or another)
 */
struct run_radio {
	char radio[RUN_RADIO_NAME_MAX + 1];
	char node[LOOM_NAME_MAX + 1];
	bool bound;
};

/**
 * struct run_node - one running node as NODE_GET describes it
 * @name: its name in the topology
 * @addr: its address
 * @radio: the radio it runs on
 * @ifindex: its loomN network device (0: the kernel gave none)
 * @ifname: that device's name ("" if none)
 * @synced: it has the network's timing
 * @datagram_max: the largest payload a datagram of it carries, bytes
 * @mac: counters by enum loom_mac_stat (index 0 unused)
 * @net: counters by enum loom_net_stat (index 0 unused)
 * @dev: counters by enum loom_dev_stat (index 0 unused)
 */
struct run_node {
	char name[LOOM_NAME_MAX + 1];
	u16 addr;
	char radio[RUN_RADIO_NAME_MAX + 1];
	u32 ifindex;
	char ifname[IF_NAMESIZE];
	bool synced;
	u32 datagram_max;
	uint64_t mac[__LOOM_MAC_STAT_MAX];
	uint64_t net[__LOOM_NET_STAT_MAX];
	uint64_t dev[__LOOM_DEV_STAT_MAX];
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
 * @rssi_mdbm: received power of the last hop
 * @snr_mdb: its signal to noise ratio
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
 */
struct run_event {
	char node[LOOM_NAME_MAX + 1];
	u16 addr;
	u8 event;
	bool has_link;
	u16 reporter;
	u16 subject;
	u8 failures;
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
/* Datagrams and packets the network layer dropped, for any reason. */
uint64_t run_net_drops(const struct run_node *nd);

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
 * "0x1101", "0X1101", "1101", "f000": 1 to 4 hex digits, "0x" optional
 * (loomctl's addresses are hex; libloom's loom_parse_addr() reads
 * "1101" as decimal).  0 or -EINVAL.
 */
int run_parse_addr(const char *s, u16 *addr);

/*
 * DEST: the name of a node of @t (exactly; first, so a node named "1000"
 * is that node), else a hex address.  0x0000 is reserved.  Returns 0 or
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
 * "node start"'s operands: "NAME radio RADIO".  Returns 0 or -EINVAL with
 * the message in @err.
 */
int run_parse_start(int n, char **ops, const char **name, const char **radio,
		    char *err, size_t len);

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
