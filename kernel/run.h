/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running instances: a protocol (the Loom tree, ...) on a claimed radio,
 * behind a loomN device, with AF_LOOM sockets bound to it.
 */
#ifndef _LOOM_RUN_H
#define _LOOM_RUN_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

#include "proto.h"
#include "radio/radio.h"

struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

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
 * struct loom_run - a running instance of a protocol; the private part of
 *	its loomN device
 * @list: in &loom_net.runs
 * @net: the namespace it was started in (its device may move)
 * @dev: its network device
 * @proto: its protocol
 * @radios: its radios; the first one's address is the instance's
 * @nradios: how many (1 to LOOM_RADIOS_MAX)
 * @name: its name (a tree node's name in the topology)
 * @synced: can send: a tree node has the network's timing
 * @live: cleared first when the instance stops; read under RCU by every
 *	path that sends (sockets, the device, netlink)
 * @socks: AF_LOOM sockets bound to it: RCU list, writers hold
 *	loom_sock_lock
 * @cnt: counters
 * @priv: the protocol's state, &loom_proto_ops.priv_size bytes
 */
struct loom_run {
	struct list_head list;
	struct net *net;
	struct net_device *dev;
	const struct loom_proto_ops *proto;
	struct loom_radio *radios[LOOM_RADIOS_MAX];
	u8 nradios;
	char name[LOOM_NAME_MAX + 1];
	bool synced;
	bool live;
	struct hlist_head socks;
	struct loom_run_counters cnt;
	u8 priv[] __aligned(sizeof(u64));
};

/**
 * loom_run_priv() - the protocol's state of an instance
 * @run: the instance
 *
 * Return: &loom_run.priv.
 */
static inline void *loom_run_priv(struct loom_run *run)
{
	return run->priv;
}

/**
 * struct loom_event_info - what a LOOM_CMD_EVENT notification carries
 * @reporter: the node that gave up on a link (report events)
 * @subject: the neighbour it could not reach
 * @failures: consecutive failures
 * @report: @reporter, @subject and @failures are set
 * @config_id: the distributed configuration (config events)
 * @subject_hw: the neighbour or destination of a mesh event, or NULL
 * @via_hw: the next hop a mesh event names, or NULL
 */
struct loom_event_info {
	u16 reporter;
	u16 subject;
	u8 failures;
	bool report;
	u32 config_id;
	const u8 *subject_hw;
	const u8 *via_hw;
};

/**
 * struct loom_ping_result - the answer to a layer-2 echo request
 * @from: who answered: the destination, or a node on the way
 * @seq: the request's number
 * @code: enum loom_ping_code
 * @hop_limit: what the answer had left on arrival
 * @rtt_ns: round trip
 */
struct loom_ping_result {
	struct loom_addr from;
	u16 seq;
	u8 code;
	u8 hop_limit;
	u64 rtt_ns;
};

int loom_run_start(struct net *net, u8 proto, const char *name,
		   struct loom_radio **radios, unsigned int nradios,
		   struct nlattr **attrs, struct netlink_ext_ack *extack);
void loom_run_stop(struct loom_run *run);
struct loom_run *loom_run_find(struct net *net, const char *name);
void loom_run_net_exit(struct net *net);
void loom_run_set_synced(struct loom_run *run, bool synced);

/* The loomN device, kernel/dev.c. */
struct loom_run *loom_dev_alloc(struct net *net, size_t priv_size);
int loom_dev_register(struct loom_run *run);
void loom_dev_unregister(struct loom_run *run);
bool loom_dev_is_loom(const struct net_device *dev);
void loom_dev_count(struct loom_run *run, enum loom_dev_stat stat);
void loom_dev_rx_done(struct loom_run *run, size_t len);
int loom_run_send(struct loom_run *run, const struct loom_addr *dst,
		  const u8 *buf, size_t len, u64 cookie);
void loom_run_report(struct loom_run *run, u64 cookie, u8 outcome);
size_t loom_run_payload_max(struct loom_run *run);
void loom_run_recv(struct loom_run *run, const struct loom_addr *src,
		   const u8 *data, size_t len,
		   const struct loom_radio_rx_info *info);

/* AF_LOOM, kernel/sock.c. */
int loom_sock_init(void);
void loom_sock_exit(void);
void loom_sock_rx(struct loom_run *run, const struct loom_addr *src,
		  u8 dport, u8 sport,
		  const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info);
void loom_sock_unbind_all(struct loom_run *run);

/* Notifications, from kernel/netlink.c. */
void loom_nl_recv(struct loom_run *run, const struct loom_addr *src,
		  u8 dport, u8 sport, const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info);
void loom_nl_event(struct loom_run *run, u8 event,
		   const struct loom_event_info *ev);
void loom_nl_ping_reply(struct loom_run *run, u32 portid,
			const struct loom_ping_result *res);
int loom_nl_put_addr(struct sk_buff *msg, int tree_attr, int mesh_attr,
		     const struct loom_addr *a);
int loom_nl_put_stats(struct sk_buff *msg, int type, const u64 *v,
		      unsigned int n);

#endif /* _LOOM_RUN_H */
