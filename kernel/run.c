// SPDX-License-Identifier: GPL-2.0
/*
 * Instances running on radios, and the protocols they run.
 *
 * LOOM_CMD_NODE_START runs an instance of a registered protocol (the Loom
 * tree, kernel/tree.c, ...) on a free radio of the same namespace: the
 * core allocates its loomN device, claims the radio (kernel/radio/
 * registry.c) and lets the protocol start on it.  A mesh node may run on
 * several radios (LOOM_ATTR_RADIOS), the first one giving its address.  A
 * radio that goes away tells its claimant: the instance stops first, or,
 * for a radio other than the first of a protocol that can, runs on
 * without it.
 *
 * The radio registry's lock serialises every start and stop, the
 * namespaces' lists of instances and the list of protocols, so a radio and
 * its instance never come and go halfway.  Stopping halts the protocol,
 * releases the radio (its driver's upper layer returns after an RCU grace
 * period, so no delivery to the instance still runs), then lets the
 * protocol free what it holds.
 */
#include <linux/export.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "loom.h"
#include "run.h"

static LIST_HEAD(loom_protos);

/**
 * loom_addr_equal() - the same address?
 * @a: one
 * @b: the other
 *
 * Return: true if both are of one kind and equal.
 */
bool loom_addr_equal(const struct loom_addr *a, const struct loom_addr *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == LOOM_ADDR_KIND_MESH)
		return ether_addr_equal(a->mesh, b->mesh);
	return a->tree == b->tree;
}

/**
 * loom_proto_register() - make a protocol available to LOOM_CMD_NODE_START
 * @ops: the protocol; stays registered until loom_proto_unregister()
 *
 * Context: process context.
 * Return: 0, or -EEXIST if its id is taken.
 */
int loom_proto_register(struct loom_proto_ops *ops)
{
	int err = 0;

	loom_radio_lock();
	if (loom_proto_find(ops->id))
		err = -EEXIST;
	else
		list_add_tail(&ops->list, &loom_protos);
	loom_radio_unlock();
	return err;
}

/**
 * loom_proto_unregister() - withdraw a protocol none of whose instances
 *	runs any more
 * @ops: the protocol
 *
 * Context: process context.
 */
void loom_proto_unregister(struct loom_proto_ops *ops)
{
	loom_radio_lock();
	list_del(&ops->list);
	loom_radio_unlock();
}

/**
 * loom_proto_find() - a registered protocol
 * @id: enum loom_proto
 *
 * Context: the radio registry's lock held.
 * Return: its operations, or NULL.
 */
const struct loom_proto_ops *loom_proto_find(u8 id)
{
	struct loom_proto_ops *ops;

	loom_radio_assert_locked();
	list_for_each_entry(ops, &loom_protos, list)
		if (ops->id == id)
			return ops;
	return NULL;
}

/* Locked: give back the first @n radios of @run. */
static void loom_run_release(struct loom_run *run, unsigned int n)
{
	while (n--)
		loom_radio_release(run->radios[n]);
}

/**
 * loom_run_stop() - stop an instance, give its radios back and free it
 * @run: the instance; gone on return
 *
 * Context: process context, the radio registry's lock held; waits for an
 * RCU grace period and takes the RTNL.
 */
void loom_run_stop(struct loom_run *run)
{
	loom_radio_assert_locked();
	/* Senders see it stopping; its sockets hear ENETDOWN. */
	WRITE_ONCE(run->live, false);
	loom_sock_unbind_all(run);
	/*
	 * Nothing it does from here on; then no radio callback reaches it,
	 * and the grace period also waits out every sender that saw it live.
	 */
	run->proto->halt(run);
	loom_run_release(run, run->nradios);
	/* Its timers stop, and what a last delivery queued is freed. */
	run->proto->destroy(run);
	list_del(&run->list);
	/* The device, and @run inside it, go with the last reference. */
	loom_dev_unregister(run);
}

/**
 * loom_run_find() - a running node by name
 * @net: its namespace
 * @name: its name
 *
 * Context: with the radio registry's lock held.
 * Return: the node, or NULL.
 */
struct loom_run *loom_run_find(struct net *net, const char *name)
{
	struct loom_run *run;

	loom_radio_assert_locked();
	list_for_each_entry(run, &loom_pernet(net)->runs, list)
		if (!strcmp(run->name, name))
			return run;
	return NULL;
}

/**
 * loom_run_set_synced() - an instance can send, or no longer can
 * @run: the instance
 * @synced: a tree node gained (true) or lost the network's timing
 *
 * Its device's carrier follows, and group "events" hears of it.
 * Context: any; must not sleep.
 */
void loom_run_set_synced(struct loom_run *run, bool synced)
{
	WRITE_ONCE(run->synced, synced);
	if (synced)
		netif_carrier_on(run->dev);
	else
		netif_carrier_off(run->dev);
	loom_nl_event(run, synced ? LOOM_EVENT_SYNCED : LOOM_EVENT_SYNC_LOST,
		      NULL);
}

/*
 * Locked: a radio goes away.  The node stops and gives them back, unless
 * the radio is not its first and the protocol runs on without it.
 */
static void loom_run_radio_lost(void *owner, struct loom_radio *r)
{
	struct loom_run *run = owner;
	unsigned int i;

	for (i = 1; i < run->nradios && run->proto->detach; i++) {
		if (run->radios[i] != r)
			continue;
		netdev_info(run->dev, "radio %s went away: node '%s' runs on without it\n",
			    r->name, run->name);
		run->proto->detach(run, r);
		loom_radio_release(r);
		memmove(&run->radios[i], &run->radios[i + 1],
			(run->nradios - i - 1) * sizeof(run->radios[0]));
		run->nradios--;
		return;
	}
	netdev_info(run->dev, "radio %s went away: node '%s' stops\n",
		    r->name, run->name);
	loom_run_stop(run);
}

/* Locked: whether any radio of @run has its link. */
static bool loom_run_any_carrier(struct loom_run *run)
{
	struct loom_radio_info info;
	unsigned int i;

	for (i = 0; i < run->nradios; i++) {
		memset(&info, 0, sizeof(info));
		info.carrier = true;
		if (run->radios[i]->ops->get_info)
			run->radios[i]->ops->get_info(run->radios[i], &info);
		if (info.carrier)
			return true;
	}
	return false;
}

/*
 * Locked: a radio's link went down or came back.  Down, the device loses
 * carrier at once unless another radio of the node still has its link;
 * back, it has carrier again if the node kept the network's timing (else
 * the next refresh brings it, as at start).
 */
static void loom_run_radio_carrier(void *owner, struct loom_radio *r, bool up)
{
	struct loom_run *run = owner;

	atomic64_inc(&run->cnt.dev[up ? LOOM_DEV_STAT_RADIO_UP :
					LOOM_DEV_STAT_RADIO_DOWN]);
	if (up && READ_ONCE(run->synced))
		netif_carrier_on(run->dev);
	else if (!up && !loom_run_any_carrier(run))
		netif_carrier_off(run->dev);
}

static const struct loom_radio_owner_ops loom_run_radio_ops = {
	.lost = loom_run_radio_lost,
	.carrier = loom_run_radio_carrier,
};

/**
 * loom_run_start() - run an instance of a protocol on one or more radios
 * @net: the namespace
 * @proto: enum loom_proto
 * @name: the instance's name (a tree node's name in the topology)
 * @radios: radios of @net, all different; the first gives the address
 * @nradios: how many (1 to the protocol's &loom_proto_ops.radios_max)
 * @attrs: the request's attributes, for the protocol (LOOM_ATTR_MAX + 1)
 * @extack: for the reason of a refusal
 *
 * Context: process context, the radio registry's lock held.
 * Return: 0; -EPROTONOSUPPORT (no such protocol), -E2BIG (more radios
 * than it runs on), -EBUSY (radio in use), -EEXIST (name running),
 * -ENOMEM, or the protocol's refusal.
 */
int loom_run_start(struct net *net, u8 proto, const char *name,
		   struct loom_radio **radios, unsigned int nradios,
		   struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	const struct loom_proto_ops *ops = loom_proto_find(proto);
	struct loom_radio *r = radios[0];
	unsigned int i, claimed = 0;
	struct loom_run *run;
	int err;

	loom_radio_assert_locked();
	if (!ops) {
		NL_SET_ERR_MSG(extack, "no such protocol");
		return -EPROTONOSUPPORT;
	}
	if (nradios > max_t(unsigned int, ops->radios_max, 1) ||
	    nradios > LOOM_RADIOS_MAX) {
		if (ops->radios_max > 1)
			NL_SET_ERR_MSG(extack, "too many radios for one node");
		else
			NL_SET_ERR_MSG(extack,
				       "this protocol runs on one radio only");
		return -E2BIG;
	}
	run = loom_dev_alloc(net, ops->priv_size);
	if (!run)
		return -ENOMEM;
	run->net = net;
	run->proto = ops;
	memcpy(run->radios, radios, nradios * sizeof(radios[0]));
	run->nradios = nradios;
	strscpy(run->name, name, sizeof(run->name));
	/* The request's own refusals first; nothing has changed yet. */
	err = ops->prepare(run, r, attrs, extack);
	if (err)
		goto out_free;
	for (i = 0; i < nradios; i++) {
		if (loom_radio_claimed(radios[i])) {
			NL_SET_ERR_MSG(extack, "that radio runs another node");
			err = -EBUSY;
			goto out_free;
		}
	}
	if (loom_run_find(net, name)) {
		NL_SET_ERR_MSG(extack, "that node is running already");
		err = -EEXIST;
		goto out_free;
	}
	for (; claimed < nradios; claimed++) {
		err = loom_radio_claim(radios[claimed], &loom_run_radio_ops,
				       run, run->name, ops->id, extack);
		if (err)
			goto out_release;
	}
	WRITE_ONCE(run->live, true);
	err = ops->start(run, r, extack);
	if (err)
		goto out_destroy;
	err = loom_dev_register(run);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "could not register the node's network device");
		ops->halt(run);
		goto out_destroy;
	}
	list_add_tail(&run->list, &loom_pernet(net)->runs);
	return 0;

out_destroy:
	WRITE_ONCE(run->live, false);
	loom_run_release(run, claimed);
	ops->destroy(run);
	goto out_free;
out_release:
	loom_run_release(run, claimed);
out_free:
	free_netdev(run->dev);
	return err;
}

/**
 * loom_run_net_exit() - stop every node of a namespace that goes away
 * @net: the namespace
 */
void loom_run_net_exit(struct net *net)
{
	struct loom_run *run, *tmp;

	loom_radio_lock();
	list_for_each_entry_safe(run, tmp, &loom_pernet(net)->runs, list)
		loom_run_stop(run);
	loom_radio_unlock();
}
