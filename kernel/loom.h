/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom kernel module: shared state of the control plane.
 */
#ifndef _LOOM_H
#define _LOOM_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>

#include "net/topology.h"

/**
 * struct loom_topo_ref - a loaded topology, shared under RCU and refcounted
 * @ref: held by the namespace while current, and by every dump in progress
 * @rcu: frees the topology after readers are done
 * @generation: value of loom_net.generation when it was loaded
 * @topo: the computed topology (read-only once published)
 */
struct loom_topo_ref {
	struct kref ref;
	struct rcu_head rcu;
	u32 generation;
	struct loom_topology *topo;
};

/**
 * struct loom_net - per network namespace state
 * @topo: current topology, or NULL; RCU for readers, @lock for writers
 * @lock: serialises changes of @topo and @generation
 * @generation: bumped on every change; dumps report it
 * @runs: nodes running in this namespace (struct loom_run; the radio
 *	registry's lock)
 */
struct loom_net {
	struct loom_topo_ref __rcu *topo;
	struct mutex lock;	/* serialises writers of @topo, @generation */
	u32 generation;
	struct list_head runs;
};

struct loom_net *loom_pernet(struct net *net);
struct loom_topo_ref *loom_topo_get(struct loom_net *ln);
void loom_topo_put(struct loom_topo_ref *tr);
int loom_topo_replace(struct loom_net *ln, struct loom_topology *topo,
		      u32 *gen);

struct netlink_ext_ack;
void loom_extack_msg(struct netlink_ext_ack *extack, const char *msg);

/* Multicast groups of the "loom" family, in registration order. */
enum loom_mcgrp_ids {
	LOOM_MCGRP_CONFIG_ID,
	LOOM_MCGRP_DATA_ID,
	LOOM_MCGRP_EVENTS_ID,
};

extern struct genl_family loom_genl_family;
extern const struct nla_policy loom_state_policy[LOOM_STATE_ATTR_MAX + 1];

struct sk_buff;
struct genl_info;
struct netlink_callback;
int loom_nl_radio_dump(struct sk_buff *skb, struct netlink_callback *cb);
int loom_nl_radio_add(struct sk_buff *skb, struct genl_info *info);
int loom_nl_radio_del(struct sk_buff *skb, struct genl_info *info);
int loom_nl_radio_set(struct sk_buff *skb, struct genl_info *info);
int loom_nl_node_start(struct sk_buff *skb, struct genl_info *info);
int loom_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb);
int loom_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb);
int loom_nl_ping(struct sk_buff *skb, struct genl_info *info);
int loom_nl_node_stop(struct sk_buff *skb, struct genl_info *info);
int loom_nl_node_get(struct sk_buff *skb, struct genl_info *info);
int loom_nl_node_dump(struct sk_buff *skb, struct netlink_callback *cb);
int loom_nl_send(struct sk_buff *skb, struct genl_info *info);

int loom_netlink_init(void);
void loom_netlink_exit(void);

#endif /* _LOOM_H */
