// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes running on radios.
 *
 * LOOM_CMD_NODE_START binds a node of the namespace's topology to a free
 * radio of the same namespace: it claims the radio (kernel/radio/
 * registry.c), computes the period's timing for the radio's time on air,
 * becomes the radio's upper layer and starts the MAC.  A radio that goes
 * away tells its claimant, and the node stops first.
 *
 * The radio registry's lock serialises every start and stop and the
 * namespaces' lists of nodes, so a radio and its node never come and go
 * halfway.  Stopping halts the MAC, releases the radio (its driver's upper
 * layer returns after an RCU grace period, so no delivery to the node
 * still runs), then stops its timers and frees what it holds.
 */
#include <linux/export.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/netlink.h>

#include "loom.h"
#include "run.h"

/* Locked: stop a node, give its radio back and free it. */
static void loom_run_stop(struct loom_run *run)
{
	loom_radio_assert_locked();
	/* Senders see it stopping; its sockets hear ENETDOWN. */
	WRITE_ONCE(run->live, false);
	loom_sock_unbind_all(run);
	/*
	 * Nothing it does from here on; then no radio callback reaches it,
	 * and the grace period also waits out every sender that saw it live.
	 */
	loom_mac_halt(&run->node.mac);
	loom_radio_release(run->radio);
	/* Its timers stop, and what a last delivery queued is freed. */
	loom_node_destroy(&run->node);
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

static void loom_run_report(struct loom_node *nd,
			    const struct loom_node_report *rep, bool local)
{
	loom_nl_event(nd->priv, local ? LOOM_EVENT_GAVE_UP : LOOM_EVENT_REPORT,
		      rep, 0);
}

static void loom_run_sync(struct loom_node *nd, bool synced)
{
	struct loom_run *run = nd->priv;

	WRITE_ONCE(run->synced, synced);
	if (synced)
		netif_carrier_on(run->dev);
	else
		netif_carrier_off(run->dev);
	loom_nl_event(run, synced ? LOOM_EVENT_SYNCED : LOOM_EVENT_SYNC_LOST,
		      NULL, 0);
}

static void loom_run_config(struct loom_node *nd, u32 theirs)
{
	struct loom_run *run = nd->priv;

	loom_nl_event(run, theirs == run->node.mac.conf.config_id ?
		      LOOM_EVENT_CONFIG_MATCH : LOOM_EVENT_CONFIG_MISMATCH,
		      NULL, theirs);
}

/* Locked: the radio goes away; the node stops and gives it back. */
static void loom_run_radio_lost(void *owner, struct loom_radio *r)
{
	struct loom_run *run = owner;

	netdev_info(run->dev, "radio %s went away: node '%s' stops\n",
		    r->name, run->name);
	loom_run_stop(run);
}

/*
 * Locked: the radio's link went down or came back.  Down, the device
 * loses carrier at once; back, it has carrier again if the node kept the
 * network's timing (else the next refresh brings it, as at start).
 */
static void loom_run_radio_carrier(void *owner, struct loom_radio *r, bool up)
{
	struct loom_run *run = owner;

	atomic64_inc(&run->cnt.dev[up ? LOOM_DEV_STAT_RADIO_UP :
					LOOM_DEV_STAT_RADIO_DOWN]);
	if (up && READ_ONCE(run->synced))
		netif_carrier_on(run->dev);
	else if (!up)
		netif_carrier_off(run->dev);
}

static const struct loom_radio_owner_ops loom_run_radio_ops = {
	.lost = loom_run_radio_lost,
	.carrier = loom_run_radio_carrier,
};

static const struct loom_node_ops loom_run_ops = {
	.recv = loom_run_recv,
	.report = loom_run_report,
	.sync = loom_run_sync,
	.config = loom_run_config,
};

/**
 * loom_run_save() - what a running node would need after a power cycle
 * @run: the node
 * @st: filled in
 *
 * Return: false if the node has no timing to save.
 */
bool loom_run_save(struct loom_run *run, struct loom_run_state *st)
{
	struct loom_mac *mac = &run->node.mac;
	struct loom_clock *clk = mac->clk;
	u64 next = loom_mac_next_period(mac);

	if (!next)
		return false;
	st->addr = mac->conf.addr;
	st->period_ns = mac->tm.period_ns;
	st->virt = clk->mode == LOOM_CLOCK_VIRTUAL;
	st->next_ns = next;
	if (!st->virt)
		st->next_ns += ktime_get_real_ns() - loom_clock_now(clk);
	spin_lock_bh(&run->node.lock);
	st->frame_id = run->node.next_id;
	spin_unlock_bh(&run->node.lock);
	return true;
}

/*
 * Saved timing, checked against what the node computes now, as the next
 * period start in @clk's time (projected whole periods into the future).
 */
static int loom_run_restore_at(const struct loom_run_state *st,
			       const struct loom_mac_conf *conf,
			       const struct loom_mac_timing *tm,
			       struct loom_clock *clk, u64 *next,
			       struct netlink_ext_ack *extack)
{
	bool virt = clk->mode == LOOM_CLOCK_VIRTUAL;
	u64 now = loom_clock_now(clk), soon = now + tm->guard_ns, rem;
	s64 at = st->next_ns;

	if (st->addr != conf->addr) {
		NL_SET_ERR_MSG(extack, "the saved state belongs to another address");
		return -ESTALE;
	}
	if (st->period_ns != tm->period_ns) {
		NL_SET_ERR_MSG(extack,
			       "the saved state has another period: the topology or the radio's modulation changed");
		return -ESTALE;
	}
	if (st->virt != virt) {
		NL_SET_ERR_MSG(extack,
			       "the saved state comes from another kind of clock");
		return -ESTALE;
	}
	if (!st->virt)
		at += (s64)now - (s64)ktime_get_real_ns();
	/*
	 * Only the phase counts: the first period start at or after @soon.
	 * A start in the past moves forward by whole periods; one far in the
	 * future (a clock set wrong at save or at boot, or a forged state)
	 * comes back, so the node never sleeps past one period.
	 */
	if (at < (s64)soon) {
		at += div64_u64(soon - at + tm->period_ns - 1, tm->period_ns) *
		      tm->period_ns;
	} else {
		div64_u64_rem(at - soon, tm->period_ns, &rem);
		at = soon + rem;
	}
	*next = at;
	return 0;
}

/* Locked: set up and start @run on @r for node @idx of @t. */
static int loom_run_begin(struct loom_run *run, struct loom_radio *r,
			  const struct loom_topology *t, u32 idx,
			  const struct loom_run_state *st,
			  struct netlink_ext_ack *extack)
{
	u64 next = 0;
	struct loom_mac_timing tm;
	struct loom_mac_conf conf;
	int err;

	err = loom_mac_timing_compute(&tm, &t->cfg, loom_mac_relays(t),
				      loom_radio_air_ns, r, r->max_frame);
	if (err == -ENOSPC) {
		NL_SET_ERR_MSG(extack,
			       "a slot is too short for a handshake at this radio's modulation (see loomctl schedule)");
		return err;
	}
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "too many routers for the refresh offsets");
		return err;
	}
	loom_mac_conf_from_topo(&conf, t, idx);
	if (st) {
		err = loom_run_restore_at(st, &conf, &tm, r->clk, &next, extack);
		if (err)
			return err;
	}
	err = loom_radio_claim(r, &loom_run_radio_ops, run, run->name, extack);
	if (err)
		return err;
	WRITE_ONCE(run->live, true);
	run->radio = r;
	loom_node_init(&run->node, r, r->clk, &conf, &tm, &loom_run_ops, run);
	/* The coordinator keeps time itself: in sync from the start. */
	WRITE_ONCE(run->synced, conf.addr == LOOM_ADDR_COORDINATOR || st);
	if (st) {
		loom_mac_resume(&run->node.mac, next);
		run->node.next_id = st->frame_id;
	}
	err = loom_mac_start(&run->node.mac);
	if (err) {
		NL_SET_ERR_MSG(extack, "the radio refused to listen");
	} else {
		err = loom_dev_register(run);
		if (err)
			NL_SET_ERR_MSG(extack,
				       "could not register the node's network device");
	}
	if (err) {
		WRITE_ONCE(run->live, false);
		loom_mac_halt(&run->node.mac);
		loom_radio_release(r);
		loom_node_destroy(&run->node);
	}
	return err;
}

/**
 * loom_run_start() - run a node of the topology on a radio
 * @net: the namespace whose topology names the node
 * @name: the node
 * @radio: the radio's registered name
 * @st: timing saved before a power cycle, or NULL to listen for it
 * @extack: for the reason of a refusal
 *
 * Context: process context.
 * Return: 0; -ENOENT (no topology, no such node), -ENODEV (no such radio),
 * -EBUSY (radio in use), -EEXIST (node running), -ENOSPC (slot too
 * short), -ESTALE (@st does not fit), -ERANGE, -ENOMEM.
 */
int loom_run_start(struct net *net, const char *name, const char *radio,
		   const struct loom_run_state *st,
		   struct netlink_ext_ack *extack)
{
	struct loom_net *ln = loom_pernet(net);
	struct loom_topo_ref *tr = loom_topo_get(ln);
	struct loom_run *run = NULL;
	struct loom_radio *r;
	u32 idx = LOOM_NO_PARENT, i;
	int err;

	if (!tr) {
		NL_SET_ERR_MSG(extack, "no topology loaded in this namespace");
		return -ENOENT;
	}
	for (i = 0; i < tr->topo->n; i++)
		if (!strcmp(tr->topo->nodes[i].name, name))
			idx = i;
	if (idx == LOOM_NO_PARENT) {
		NL_SET_ERR_MSG(extack, "no node of that name in the topology");
		err = -ENOENT;
		goto out;
	}
	loom_radio_lock();
	r = loom_radio_find(net, radio);
	if (!r) {
		NL_SET_ERR_MSG(extack, "no radio of that name in this namespace");
		err = -ENODEV;
	} else if (loom_radio_claimed(r)) {
		NL_SET_ERR_MSG(extack, "that radio runs another node");
		err = -EBUSY;
	} else if (loom_run_find(net, name)) {
		NL_SET_ERR_MSG(extack, "that node is running already");
		err = -EEXIST;
	} else {
		run = loom_dev_alloc(net);
		err = run ? 0 : -ENOMEM;
	}
	if (!err) {
		run->net = net;
		strscpy(run->name, name, sizeof(run->name));
		err = loom_run_begin(run, r, tr->topo, idx, st, extack);
		if (!err)
			list_add_tail(&run->list, &ln->runs);
	}
	loom_radio_unlock();
	if (err && run)
		free_netdev(run->dev);
out:
	loom_topo_put(tr);
	return err;
}

/**
 * loom_run_stop_name() - stop a running node
 * @net: its namespace
 * @name: its name
 * @extack: for the reason of a refusal
 *
 * Context: process context; waits for an RCU grace period.
 * Return: 0, or -ENOENT if no such node runs.
 */
int loom_run_stop_name(struct net *net, const char *name,
		       struct netlink_ext_ack *extack)
{
	struct loom_run *run;
	int err = 0;

	loom_radio_lock();
	run = loom_run_find(net, name);
	if (run) {
		loom_run_stop(run);
	} else {
		NL_SET_ERR_MSG(extack, "no node of that name is running");
		err = -ENOENT;
	}
	loom_radio_unlock();
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
