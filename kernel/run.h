/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running nodes: a node of a namespace's topology bound to a registered
 * radio, with its MAC and network layer live.
 */
#ifndef _LOOM_RUN_H
#define _LOOM_RUN_H

#include <linux/list.h>
#include <net/net_namespace.h>

#include "net/node.h"

struct netlink_ext_ack;

/**
 * struct loom_run - a running node
 * @list: in &loom_net.runs
 * @net: its namespace
 * @node: network layer and MAC
 * @radio: its radio
 * @name: its name in the topology
 * @synced: has the network's timing
 */
struct loom_run {
	struct list_head list;
	struct net *net;
	struct loom_node node;
	struct loom_radio *radio;
	char name[LOOM_NAME_MAX + 1];
	bool synced;
};

extern struct mutex loom_run_lock;
extern struct list_head loom_radios;

int loom_run_start(struct net *net, const char *name, const char *radio,
		   struct netlink_ext_ack *extack);
int loom_run_stop_name(struct net *net, const char *name,
		       struct netlink_ext_ack *extack);
struct loom_run *loom_run_find(struct net *net, const char *name);
void loom_run_net_exit(struct net *net);

/* Notifications, from kernel/netlink.c. */
void loom_nl_recv(struct loom_run *run, u16 src, const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info);
void loom_nl_event(struct loom_run *run, u8 event,
		   const struct loom_node_report *rep);

#endif /* _LOOM_RUN_H */
