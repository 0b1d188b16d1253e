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
 */
struct loom_net {
	struct loom_topo_ref __rcu *topo;
	struct mutex lock;	/* serialises writers of @topo, @generation */
	u32 generation;
};

struct loom_net *loom_pernet(struct net *net);
struct loom_topo_ref *loom_topo_get(struct loom_net *ln);
void loom_topo_put(struct loom_topo_ref *tr);
int loom_topo_replace(struct loom_net *ln, struct loom_topology *topo,
		      u32 *gen);

struct netlink_ext_ack;
void loom_extack_msg(struct netlink_ext_ack *extack, const char *msg);

int loom_netlink_init(void);
void loom_netlink_exit(void);

#endif /* _LOOM_H */
