/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running nodes: a node of a namespace's topology bound to a registered
 * radio, with its MAC and network layer live.
 */
#ifndef _LOOM_RUN_H
#define _LOOM_RUN_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

#include "net/node.h"

struct netlink_ext_ack;

/**
 * struct loom_run_counters - what a node's endpoint sent and received
 * @rx_packets: datagrams delivered here (sockets, IPv6)
 * @rx_bytes: their bytes, dispatch and port header included
 * @tx_packets: datagrams the network layer took from here
 * @tx_bytes: their bytes
 * @tx_dropped: datagrams it refused
 * @dev: by enum loom_dev_stat
 */
struct loom_run_counters {
	atomic64_t rx_packets;
	atomic64_t rx_bytes;
	atomic64_t tx_packets;
	atomic64_t tx_bytes;
	atomic64_t tx_dropped;
	atomic64_t dev[__LOOM_DEV_STAT_MAX];
};

/**
 * struct loom_run - a running node; the private part of its loomN device
 * @list: in &loom_net.runs
 * @net: the namespace whose topology it runs (its device may move)
 * @dev: its network device
 * @node: network layer and MAC
 * @radio: its radio
 * @name: its name in the topology
 * @synced: has the network's timing
 * @live: cleared first when the node stops; read under RCU by every path
 *	that sends (sockets, the device, netlink)
 * @socks: AF_LOOM sockets bound to it: RCU list, writers hold
 *	loom_sock_lock
 * @cnt: counters
 */
struct loom_run {
	struct list_head list;
	struct net *net;
	struct net_device *dev;
	struct loom_node node;
	struct loom_radio *radio;
	char name[LOOM_NAME_MAX + 1];
	bool synced;
	bool live;
	struct hlist_head socks;
	struct loom_run_counters cnt;
};

/**
 * struct loom_run_state - what a node keeps across a power cycle
 * @addr: its address
 * @period_ns: the refresh period it ran with
 * @next_ns: when a period begins: CLOCK_REALTIME, or virtual clock time
 * @virt: saved on a virtual clock
 * @frame_id: frame id of its next datagram
 */
struct loom_run_state {
	u16 addr;
	u64 period_ns;
	u64 next_ns;
	bool virt;
	u8 frame_id;
};

int loom_run_start(struct net *net, const char *name, const char *radio,
		   const struct loom_run_state *st,
		   struct netlink_ext_ack *extack);
bool loom_run_save(struct loom_run *run, struct loom_run_state *st);
int loom_run_stop_name(struct net *net, const char *name,
		       struct netlink_ext_ack *extack);
struct loom_run *loom_run_find(struct net *net, const char *name);
void loom_run_net_exit(struct net *net);

/* The loomN device, kernel/dev.c. */
struct loom_run *loom_dev_alloc(struct net *net);
int loom_dev_register(struct loom_run *run);
void loom_dev_unregister(struct loom_run *run);
bool loom_dev_is_loom(const struct net_device *dev);
void loom_dev_count(struct loom_run *run, enum loom_dev_stat stat);
void loom_dev_rx_done(struct loom_run *run, size_t len);
int loom_run_send(struct loom_run *run, u16 dst, const u8 *buf, size_t len);
size_t loom_run_payload_max(struct loom_run *run);
void loom_run_recv(struct loom_node *nd, u16 src, const u8 *data, size_t len,
		   const struct loom_radio_rx_info *info);

/* AF_LOOM, kernel/sock.c. */
int loom_sock_init(void);
void loom_sock_exit(void);
void loom_sock_rx(struct loom_run *run, u16 src, u8 dport, u8 sport,
		  const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info);
void loom_sock_unbind_all(struct loom_run *run);

/* Notifications, from kernel/netlink.c. */
void loom_nl_recv(struct loom_run *run, u16 src, u8 dport, u8 sport,
		  const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info);
void loom_nl_event(struct loom_run *run, u8 event,
		   const struct loom_node_report *rep, u32 config_id);

#endif /* _LOOM_RUN_H */
