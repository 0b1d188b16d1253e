// SPDX-License-Identifier: GPL-2.0
/*
 * Loom kernel module: module and network namespace life cycle, and the
 * ownership rules of the loaded topology.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>

#include "loom.h"
#include "radio/ether.h"
#include "run.h"

static unsigned int loom_net_id __read_mostly;

/**
 * loom_pernet() - the Loom state of a network namespace
 * @net: the namespace
 *
 * Return: its state; valid as long as @net is.
 */
struct loom_net *loom_pernet(struct net *net)
{
	return net_generic(net, loom_net_id);
}

static void loom_topo_free_rcu(struct rcu_head *head)
{
	struct loom_topo_ref *tr = container_of(head, struct loom_topo_ref, rcu);

	/* kvfree() defers vfree() itself when called from softirq. */
	loom_topo_free(tr->topo);
	kfree(tr);
}

static void loom_topo_release(struct kref *ref)
{
	struct loom_topo_ref *tr = container_of(ref, struct loom_topo_ref, ref);

	call_rcu(&tr->rcu, loom_topo_free_rcu);
}

/**
 * loom_topo_get() - take a reference on the current topology
 * @ln: the namespace's state
 *
 * Return: the topology with a reference held, or NULL if none is loaded.
 */
struct loom_topo_ref *loom_topo_get(struct loom_net *ln)
{
	struct loom_topo_ref *tr;

	rcu_read_lock();
	tr = rcu_dereference(ln->topo);
	if (tr && !kref_get_unless_zero(&tr->ref))
		tr = NULL;
	rcu_read_unlock();
	return tr;
}

/**
 * loom_topo_put() - drop a reference from loom_topo_get()
 * @tr: the topology, or NULL
 */
void loom_topo_put(struct loom_topo_ref *tr)
{
	if (tr)
		kref_put(&tr->ref, loom_topo_release);
}

/**
 * loom_topo_replace() - publish a new topology, or none
 * @ln: the namespace's state
 * @topo: a computed topology, or NULL to clear; ownership passes here
 * @gen: where to store the generation the change created
 *
 * Context: process context; takes @ln->lock.  Readers see the old or the
 * new topology, never a mix; the old one is freed after the last reader.
 *
 * Return: 0, or -ENOMEM (then @topo is freed and the
 * current topology stays as it was).
 */
int loom_topo_replace(struct loom_net *ln, struct loom_topology *topo,
		      u32 *gen)
{
	struct loom_topo_ref *tr = NULL, *old;

	if (topo) {
		tr = kzalloc(sizeof(*tr), GFP_KERNEL);
		if (!tr) {
			loom_topo_free(topo);
			return -ENOMEM;
		}
		kref_init(&tr->ref);
		tr->topo = topo;
	}
	mutex_lock(&ln->lock);
	*gen = ++ln->generation;
	if (tr)
		tr->generation = *gen;
	old = rcu_replace_pointer(ln->topo, tr, lockdep_is_held(&ln->lock));
	mutex_unlock(&ln->lock);
	loom_topo_put(old);
	return 0;
}

static int __net_init loom_net_init(struct net *net)
{
	struct loom_net *ln = loom_pernet(net);

	mutex_init(&ln->lock);
	RCU_INIT_POINTER(ln->topo, NULL);
	ln->generation = 0;
	INIT_LIST_HEAD(&ln->runs);
	return 0;
}

/* Before devices leave the namespace: its nodes stop, devices and all. */
static void __net_exit loom_net_pre_exit(struct net *net)
{
	loom_run_net_exit(net);
	loom_radio_net_exit(net);
}

static void __net_exit loom_net_exit(struct net *net)
{
	struct loom_net *ln = loom_pernet(net);

	loom_topo_put(rcu_replace_pointer(ln->topo, NULL, true));
}

static struct pernet_operations loom_net_ops = {
	.init = loom_net_init,
	.pre_exit = loom_net_pre_exit,
	.exit = loom_net_exit,
	.id = &loom_net_id,
	.size = sizeof(struct loom_net),
};

static int __init loom_init(void)
{
	int err;

	err = register_pernet_subsys(&loom_net_ops);
	if (err)
		return err;
	err = loom_sock_init();
	if (err) {
		pr_err("address family %d is taken: AF_LOOM cannot register\n",
		       AF_LOOM);
		unregister_pernet_subsys(&loom_net_ops);
		return err;
	}
	err = loom_ether_init();
	if (err)
		goto out_sock;
	err = loom_tree_init();
	if (err)
		goto out_ether;
	err = loom_dhyara_init();
	if (err)
		goto out_tree;
	err = loom_netlink_init();
	if (err)
		goto out_dhyara;
	pr_info("Loom ready (generic netlink family \"%s\", address family %d)\n",
		LOOM_GENL_NAME, AF_LOOM);
	return 0;

out_dhyara:
	loom_dhyara_exit();
out_tree:
	loom_tree_exit();
out_ether:
	loom_ether_exit();
out_sock:
	loom_sock_exit();
	unregister_pernet_subsys(&loom_net_ops);
	return err;
}

static void __exit loom_exit(void)
{
	loom_netlink_exit();
	loom_dhyara_exit();
	loom_tree_exit();
	loom_ether_exit();
	loom_sock_exit();
	unregister_pernet_subsys(&loom_net_ops);
	/* Topologies still waiting for their grace period use our code. */
	rcu_barrier();
}

module_init(loom_init);
module_exit(loom_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Loom peer network stack: TDMA trees and Dhyara meshes over LoRa and Wi-Fi");
MODULE_ALIAS_GENL_FAMILY(LOOM_GENL_NAME);
MODULE_ALIAS_NETPROTO(PF_LOOM);
