// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of radios (Documentation/radio.rst, "Radios and their
 * claimants").
 *
 * Drivers (loom_hwsim, Ethernet-framed interfaces, later the SX127x
 * driver) register their radios by name, each in a network namespace.  A
 * running node *claims* a radio of its namespace and *releases* it: the
 * registry saves the driver's own upper layer on claim and puts it back on
 * release, so nothing outside this file writes a radio's owner or saved
 * callbacks.  A radio that goes away tells its claimant first (&struct
 * loom_radio_owner_ops.lost), which releases it.
 *
 * Taps receive every frame beside the upper layer (an RSSI sniffer, a
 * capture); they are an RCU list, added and removed under the registry
 * lock.
 *
 * One mutex serialises the registry, every claim and release, and what the
 * claimants do around them (kernel/run.c starts and stops nodes under it),
 * so a radio and its node never come and go halfway.  Names are unique
 * across namespaces, so a radio keeps its name when it moves.
 */
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "radio.h"

static DEFINE_MUTEX(loom_radio_mutex);
static LIST_HEAD(loom_radio_list);

/**
 * loom_radio_lock() - take the registry lock
 *
 * Context: process context; may sleep.
 */
void loom_radio_lock(void)
{
	mutex_lock(&loom_radio_mutex);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_lock, LOOM);

/**
 * loom_radio_unlock() - drop the registry lock
 */
void loom_radio_unlock(void)
{
	mutex_unlock(&loom_radio_mutex);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_unlock, LOOM);

/**
 * loom_radio_assert_locked() - lockdep: the caller holds the registry lock
 */
void loom_radio_assert_locked(void)
{
	lockdep_assert_held(&loom_radio_mutex);
}

/* Locked: the radio of that name, in any namespace. */
static struct loom_radio *loom_radio_lookup(const char *name)
{
	struct loom_radio *r;

	list_for_each_entry(r, &loom_radio_list, reg)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

/**
 * loom_radio_register() - make a radio available to run a node on
 * @r: the radio, with @r->name set and unique
 * @net: the namespace it belongs to
 * @clk: the clock its driver runs it on
 *
 * Context: process context.
 * Return: 0, -EINVAL for an empty name, -EEXIST for a name in use.
 */
int loom_radio_register(struct loom_radio *r, struct net *net,
			struct loom_clock *clk)
{
	int err = 0;

	if (!r->name[0])
		return -EINVAL;
	mutex_lock(&loom_radio_mutex);
	if (loom_radio_lookup(r->name)) {
		err = -EEXIST;
	} else {
		r->clk = clk;
		r->net = net;
		r->owner = NULL;
		r->owner_ops = NULL;
		r->owner_name = NULL;
		INIT_LIST_HEAD(&r->taps);
		list_add_tail(&r->reg, &loom_radio_list);
	}
	mutex_unlock(&loom_radio_mutex);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_register, LOOM);

/* Locked: the radio leaves; its claimant and its taps let go first. */
static void loom_radio_drop(struct loom_radio *r)
{
	struct loom_radio_tap *t, *tmp;
	bool tapped = !list_empty(&r->taps);

	lockdep_assert_held(&loom_radio_mutex);
	if (r->owner)
		r->owner_ops->lost(r->owner, r);
	if (WARN_ON_ONCE(r->owner))
		loom_radio_release(r);
	list_for_each_entry_safe(t, tmp, &r->taps, node) {
		list_del_rcu(&t->node);
		if (t->gone)
			t->gone(t, r);
	}
	list_del(&r->reg);
	/* No delivery still walks its taps after this. */
	if (tapped)
		synchronize_rcu();
}

/**
 * loom_radio_unregister() - a radio goes away; its claimant lets go first
 * @r: a registered radio
 *
 * Context: process context; waits for an RCU grace period if the radio
 * was claimed or tapped.
 */
void loom_radio_unregister(struct loom_radio *r)
{
	mutex_lock(&loom_radio_mutex);
	loom_radio_drop(r);
	mutex_unlock(&loom_radio_mutex);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_unregister, LOOM);

/**
 * loom_radio_while_free() - change a radio while no node can take it
 * @r: a registered radio
 * @fn: the change
 * @arg: for @fn
 * @ran: set: whether @fn ran
 *
 * Drivers refuse to change a radio's modulation or state under a MAC.
 * Checking first and changing after would let a node start in between, so
 * @fn runs with the registry locked: no node starts or stops meanwhile.
 *
 * Context: process context; @fn may sleep but must not call the registry.
 * Return: what @fn returns, or -EBUSY (without calling it) if a node runs
 * on @r; @ran tells the two apart.
 */
int loom_radio_while_free(struct loom_radio *r, int (*fn)(void *arg),
			  void *arg, bool *ran)
{
	int err = -EBUSY;

	mutex_lock(&loom_radio_mutex);
	*ran = !r->owner;
	if (*ran)
		err = fn(arg);
	mutex_unlock(&loom_radio_mutex);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_while_free, LOOM);

/**
 * loom_radio_find() - a radio of a namespace, by name
 * @net: the namespace
 * @name: the radio's name
 *
 * Context: registry lock held.
 * Return: the radio, or NULL (none, or it belongs to another namespace).
 */
struct loom_radio *loom_radio_find(struct net *net, const char *name)
{
	struct loom_radio *r;

	lockdep_assert_held(&loom_radio_mutex);
	r = loom_radio_lookup(name);
	return r && net_eq(r->net, net) ? r : NULL;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_find, LOOM);

/**
 * loom_radio_claim() - take a radio for a node
 * @r: a registered radio
 * @ops: the claimant's callbacks; @ops->lost is required
 * @owner: the claimant
 * @owner_name: shown in dumps while claimed; must live as long as the claim
 * @proto: the claimant's enum loom_proto (&loom_radio.proto)
 * @extack: for the reason of a refusal
 *
 * The driver's upper layer is saved; the claimant installs its own with
 * loom_radio_set_upper() and gets the driver's back on release.
 *
 * Context: registry lock held.
 * Return: 0, or -EBUSY if claimed already.
 */
int loom_radio_claim(struct loom_radio *r,
		     const struct loom_radio_owner_ops *ops, void *owner,
		     const char *owner_name, u8 proto,
		     struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&loom_radio_mutex);
	if (r->owner) {
		NL_SET_ERR_MSG(extack, "that radio runs another node");
		return -EBUSY;
	}
	r->saved_upper = r->upper;
	r->saved_priv = r->upper_priv;
	r->owner_ops = ops;
	r->owner_name = owner_name;
	WRITE_ONCE(r->proto, proto);
	WRITE_ONCE(r->owner, owner);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_claim, LOOM);

/**
 * loom_radio_release() - give a claimed radio back to its driver
 * @r: the radio
 *
 * The driver's upper layer returns; no callback to the claimant's upper
 * runs after this (loom_radio_set_upper() waits for a grace period).
 *
 * Context: registry lock held; may wait for an RCU grace period.
 */
void loom_radio_release(struct loom_radio *r)
{
	lockdep_assert_held(&loom_radio_mutex);
	loom_radio_set_upper(r, r->saved_upper, r->saved_priv);
	r->saved_upper = NULL;
	r->saved_priv = NULL;
	r->owner_ops = NULL;
	r->owner_name = NULL;
	WRITE_ONCE(r->proto, 0);
	WRITE_ONCE(r->owner, NULL);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_release, LOOM);

/**
 * loom_radio_claimed() - does a node run on the radio?
 * @r: the radio
 *
 * A hint for drivers (a traffic generator keeps off a claimed radio); the
 * answer may change at once unless the registry lock is held.
 *
 * Return: true if claimed.
 */
bool loom_radio_claimed(const struct loom_radio *r)
{
	return READ_ONCE(r->owner);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_claimed, LOOM);

/**
 * loom_radio_owner() - the claimant of a radio
 * @r: the radio
 *
 * Context: registry lock held.
 * Return: the claimant, or NULL.
 */
void *loom_radio_owner(const struct loom_radio *r)
{
	lockdep_assert_held(&loom_radio_mutex);
	return r->owner;
}

/**
 * loom_radio_move() - give a radio to another namespace
 * @r: a movable radio, not claimed
 * @net: the namespace
 * @extack: for the reason of a refusal
 *
 * Context: registry lock held.
 * Return: 0, -EOPNOTSUPP (an interface's radio follows its interface),
 * -EBUSY (a node runs on it).
 */
int loom_radio_move(struct loom_radio *r, struct net *net,
		    struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&loom_radio_mutex);
	if (!r->movable) {
		NL_SET_ERR_MSG(extack,
			       "this radio belongs to its interface's namespace: move the interface");
		return -EOPNOTSUPP;
	}
	if (r->owner) {
		NL_SET_ERR_MSG(extack, "a node runs on that radio: stop it first");
		return -EBUSY;
	}
	r->net = net;
	return 0;
}

/**
 * loom_radio_rename() - a registered radio takes another name
 * @r: the radio
 * @name: its new name (at most LOOM_RADIO_NAME_MAX bytes)
 *
 * Context: process context.
 * Return: 0, -EINVAL (empty or too long), -EEXIST (the name is taken).
 */
int loom_radio_rename(struct loom_radio *r, const char *name)
{
	int err = 0;

	if (!name[0] || strlen(name) > LOOM_RADIO_NAME_MAX)
		return -EINVAL;
	mutex_lock(&loom_radio_mutex);
	if (loom_radio_lookup(name))
		err = -EEXIST;
	else
		strscpy(r->name, name, sizeof(r->name));
	mutex_unlock(&loom_radio_mutex);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_rename, LOOM);

/**
 * loom_radio_carrier() - a driver's link went down or came back
 * @r: a registered radio
 * @up: the link is usable
 *
 * Counted, and told to the claimant if any.
 *
 * Context: process context.
 */
void loom_radio_carrier(struct loom_radio *r, bool up)
{
	mutex_lock(&loom_radio_mutex);
	if (!up)
		r->carrier_down++;
	if (r->owner && r->owner_ops->carrier)
		r->owner_ops->carrier(r->owner, r, up);
	mutex_unlock(&loom_radio_mutex);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_carrier, LOOM);

/**
 * loom_radio_next() - walk the radios of a namespace, for a dump
 * @net: the namespace
 * @pos: radios of the whole registry passed so far; start at 0
 *
 * Context: registry lock held.
 * Return: the next radio of @net after @pos, @pos moved past it; NULL at
 * the end.
 */
struct loom_radio *loom_radio_next(struct net *net, unsigned long *pos)
{
	struct loom_radio *r;
	unsigned long i = 0;

	lockdep_assert_held(&loom_radio_mutex);
	list_for_each_entry(r, &loom_radio_list, reg) {
		if (i++ < *pos)
			continue;
		*pos = i;
		if (net_eq(r->net, net))
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_NS_GPL(loom_radio_next, LOOM);

/**
 * loom_radio_tap_add() - receive what a radio delivers
 * @r: a registered radio
 * @t: the tap, with @t->rx set
 *
 * Context: registry lock held.
 */
void loom_radio_tap_add(struct loom_radio *r, struct loom_radio_tap *t)
{
	lockdep_assert_held(&loom_radio_mutex);
	list_add_tail_rcu(&t->node, &r->taps);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_tap_add, LOOM);

/**
 * loom_radio_tap_del() - stop receiving
 * @r: the radio
 * @t: a tap added to it
 *
 * Context: registry lock held; waits for an RCU grace period, after which
 * @t->rx runs no more.
 */
void loom_radio_tap_del(struct loom_radio *r, struct loom_radio_tap *t)
{
	lockdep_assert_held(&loom_radio_mutex);
	list_del_rcu(&t->node);
	synchronize_rcu();
}
EXPORT_SYMBOL_NS_GPL(loom_radio_tap_del, LOOM);

/**
 * loom_radio_net_exit() - a namespace ends: its simulated radios go home
 * @net: the namespace, whose nodes have stopped
 *
 * Movable radios return to the initial namespace, as wiphys do; the
 * others belong to interfaces, whose drivers detach them as the
 * interfaces leave.
 *
 * Context: process context.
 */
void loom_radio_net_exit(struct net *net)
{
	struct loom_radio *r;

	mutex_lock(&loom_radio_mutex);
	list_for_each_entry(r, &loom_radio_list, reg)
		if (net_eq(r->net, net) && r->movable && !WARN_ON(r->owner))
			r->net = &init_net;
	mutex_unlock(&loom_radio_mutex);
}

/**
 * loom_radio_deliver() - a driver received a frame
 * @r: the radio
 * @frame: the frame, valid during the call only
 * @len: its length
 * @info: what the radio knows of it
 *
 * The upper layer gets it, then every tap.
 *
 * Context: softirq (or bottom halves off), inside rcu_read_lock().
 */
void loom_radio_deliver(struct loom_radio *r, const u8 *frame, u16 len,
			const struct loom_radio_rx_info *info)
{
	const struct loom_radio_upper *up = loom_radio_upper(r);
	struct loom_radio_tap *t;

	if (up && up->rx)
		up->rx(r, frame, len, info);
	list_for_each_entry_rcu(t, &r->taps, node)
		t->rx(t, r, frame, len, info);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_deliver, LOOM);

/**
 * loom_radio_tx_done() - a driver's frame left the air, or failed
 * @r: the radio
 * @status: 0, or a negative errno
 *
 * Context: softirq (or bottom halves off), inside rcu_read_lock(); never
 * from within the radio's xmit operation.
 */
void loom_radio_tx_done(struct loom_radio *r, int status)
{
	const struct loom_radio_upper *up = loom_radio_upper(r);

	if (up && up->tx_done)
		up->tx_done(r, status);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_tx_done, LOOM);

/**
 * loom_radio_cad_done() - a driver's channel activity detection is over
 * @r: the radio
 * @result: 1 a frame was on the air, 0 none, or a negative errno
 *
 * Context: softirq (or bottom halves off), inside rcu_read_lock(); never
 * from within the radio's cad_start operation.
 */
void loom_radio_cad_done(struct loom_radio *r, int result)
{
	const struct loom_radio_upper *up = loom_radio_upper(r);

	if (up && up->cad_done)
		up->cad_done(r, result);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_cad_done, LOOM);

/**
 * loom_radio_link_status() - what a link layer said of a unicast frame
 * @r: the radio
 * @frame: the frame as xmit_to was given it
 * @len: its length
 * @acked: the receiver acknowledged it (else the link layer gave up)
 *
 * Context: softirq (or bottom halves off), inside rcu_read_lock().
 */
void loom_radio_link_status(struct loom_radio *r, const u8 *frame, u16 len,
			    bool acked)
{
	const struct loom_radio_upper *up = loom_radio_upper(r);

	if (up && up->link_status)
		up->link_status(r, frame, len, acked);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_link_status, LOOM);

/**
 * loom_radio_state_changed() - a driver's radio changed state
 * @r: the radio
 * @from: the old state
 * @to: the new one
 *
 * Context: as loom_radio_tx_done().
 */
void loom_radio_state_changed(struct loom_radio *r, u8 from, u8 to)
{
	const struct loom_radio_upper *up = loom_radio_upper(r);

	if (up && up->state_changed)
		up->state_changed(r, from, to);
}
EXPORT_SYMBOL_NS_GPL(loom_radio_state_changed, LOOM);
