// SPDX-License-Identifier: GPL-2.0
/*
 * loom_sniff: an RSSI sniffer in the kernel (Documentation/lml.rst, "The
 * sniffer").
 *
 * A session listens on one source of a network namespace: a monitor-mode
 * interface, through a packet_type bound to it (every frame it delivers,
 * radiotap first), or a Loom radio, through the radio layer's receive tap.
 * Each frame heard becomes an observation (radiotap.c), passes the
 * session's type and address filters and updates its bounded table of
 * transmitters (table.c); a notification may follow, at most so many a
 * second.  The generic netlink family "loom_sniff" starts, stops, lists,
 * dumps and clears sessions; changes need CAP_NET_ADMIN in the namespace.
 *
 * Its own module, so that a LoRa-only gateway need not load cfg80211 (the
 * radiotap iterator lives there).
 *
 * Locking: loom_sniff_mutex guards every namespace's session list and the
 * sessions' sources; START and STOP take the RTNL first (the netdevice
 * notifier holds it when it takes the mutex), and the radio registry's
 * lock after.  The receive paths take only a session's table lock and its
 * event lock.  A session is freed after its source is gone and a grace
 * period has passed (dev_remove_pack() waits for one; a radio tap is
 * deleted under RCU).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "../../uapi/linux/loom_sniff.h"
#include "../loom.h"
#include "../radio/radio.h"
#include "radiotap.h"
#include "table.h"

/* Sessions per namespace: each may hold LOOM_SNIFF_CAPACITY_MAX entries. */
#define LOOM_SNIFF_SESSIONS_MAX	8
/* Bytes of a frame read for its headers (radiotap and 802.11). */
#define LOOM_SNIFF_PEEK		256

/* Counters of a session, by enum loom_sniff_verdict and beyond it. */
enum {
	LOOM_SNIFF_C_FRAMES = __LOOM_SNIFF_VERDICT_MAX,
	LOOM_SNIFF_C_FILTERED,
	LOOM_SNIFF_C_EVENTS_SENT,
	LOOM_SNIFF_C_EVENTS_DROPPED,
	__LOOM_SNIFF_C_MAX,
};

/**
 * struct loom_sniff_session - one source listened to
 * @node: in &loom_sniff_net.sessions
 * @net: its namespace
 * @dev: the monitor interface, or NULL (a radio, or gone)
 * @dev_tracker: for @dev's reference
 * @ifindex: the interface's index, 0 for a radio
 * @name: the interface's name when the session started, or the radio's
 *	(a radio's name is no longer than an interface's)
 * @radio: the radio, or NULL (an interface, or gone); written under the
 *	registry lock
 * @gone: the source went away; the table stays until STOP
 * @pt: bound to @dev
 * @tap: on @radio
 * @table: the transmitters heard
 * @types: LOOM_SNIFF_TYPE_* counted
 * @naddrs: addresses in @addrs, 0 for all
 * @addrs: the only transmitters counted
 * @events: notifications a second, 0 none
 * @ev_lock: guards @ev_window and @ev_count
 * @ev_window: start of the current second (jiffies)
 * @ev_count: notifications in it
 * @cnt: counters (enum loom_sniff_verdict, then LOOM_SNIFF_C_*)
 */
struct loom_sniff_session {
	struct list_head node;
	struct net *net;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	int ifindex;
	char name[IFNAMSIZ];
	struct loom_radio *radio;
	bool gone;
	struct packet_type pt;
	struct loom_radio_tap tap;
	struct loom_sniff_table table;
	u8 types;
	u8 naddrs;
	u8 addrs[LOOM_SNIFF_ADDRS_MAX][ETH_ALEN];
	u32 events;
	spinlock_t ev_lock;	/* see above */
	unsigned long ev_window;
	u32 ev_count;
	atomic64_t cnt[__LOOM_SNIFF_C_MAX];
};

/**
 * struct loom_sniff_net - a namespace's sessions
 * @sessions: struct loom_sniff_session, under loom_sniff_mutex
 * @n: how many
 */
struct loom_sniff_net {
	struct list_head sessions;
	u32 n;
};

static DEFINE_MUTEX(loom_sniff_mutex);
static unsigned int loom_sniff_net_id __read_mostly;
static struct genl_family loom_sniff_family;

enum { LOOM_SNIFF_MCGRP_EVENTS_IDX };

static const struct genl_multicast_group loom_sniff_mcgrps[] = {
	[LOOM_SNIFF_MCGRP_EVENTS_IDX] = { .name = LOOM_SNIFF_MCGRP_EVENTS },
};

static struct loom_sniff_net *loom_sniff_pernet(struct net *net)
{
	return net_generic(net, loom_sniff_net_id);
}

/* --- attributes -------------------------------------------------------- */

static int loom_sniff_put_source(struct sk_buff *msg,
				 const struct loom_sniff_session *s)
{
	if (s->ifindex)
		return nla_put_u32(msg, LOOM_SNIFF_S_IFINDEX, s->ifindex) ?:
		       nla_put_string(msg, LOOM_SNIFF_S_NAME, s->name);
	return nla_put_string(msg, LOOM_SNIFF_S_RADIO, s->name);
}

static int loom_sniff_put_tx(struct sk_buff *msg, const struct loom_sniff_row *row,
			     u64 now_ns)
{
	const struct loom_sniff_stats *st = &row->st;
	struct nlattr *tx, *chains, *chain;
	unsigned int i;

	tx = nla_nest_start(msg, LOOM_SNIFF_ATTR_TX);
	if (!tx)
		return -EMSGSIZE;
	if (nla_put(msg, LOOM_SNIFF_TX_ADDR, ETH_ALEN, row->addr) ||
	    nla_put_u64_64bit(msg, LOOM_SNIFF_TX_FRAMES, st->frames,
			      LOOM_SNIFF_TX_PAD) ||
	    nla_put_s64(msg, LOOM_SNIFF_TX_SUM, st->sum_cdbm,
			LOOM_SNIFF_TX_PAD) ||
	    nla_put_u64_64bit(msg, LOOM_SNIFF_TX_SUMSQ, st->sumsq,
			      LOOM_SNIFF_TX_PAD) ||
	    nla_put_s32(msg, LOOM_SNIFF_TX_MIN, st->min_cdbm) ||
	    nla_put_s32(msg, LOOM_SNIFF_TX_MAX, st->max_cdbm) ||
	    nla_put_s32(msg, LOOM_SNIFF_TX_LAST, st->last_cdbm) ||
	    nla_put_s32(msg, LOOM_SNIFF_TX_EWMA, st->ewma_cdbm) ||
	    nla_put_u64_64bit(msg, LOOM_SNIFF_TX_AGE_NS,
			      now_ns > st->last_ns ? now_ns - st->last_ns : 0,
			      LOOM_SNIFF_TX_PAD) ||
	    nla_put_u64_64bit(msg, LOOM_SNIFF_TX_SPAN_NS,
			      st->last_ns - st->first_ns, LOOM_SNIFF_TX_PAD) ||
	    nla_put_u8(msg, LOOM_SNIFF_TX_TYPES, st->types) ||
	    (st->freq_mhz &&
	     nla_put_u32(msg, LOOM_SNIFF_TX_FREQ, st->freq_mhz)))
		goto fail;
	if (st->ant_mask) {
		chains = nla_nest_start(msg, LOOM_SNIFF_TX_CHAINS);
		if (!chains)
			goto fail;
		for (i = 0; i < LOOM_SNIFF_ANTENNAS; i++) {
			if (!(st->ant_mask & BIT(i)))
				continue;
			chain = nla_nest_start(msg, LOOM_SNIFF_TX_CHAIN);
			if (!chain || nla_put_u8(msg, LOOM_SNIFF_TX_ANTENNA, i) ||
			    nla_put_s32(msg, LOOM_SNIFF_TX_LAST,
					st->ant_last_cdbm[i]))
				goto fail;
			nla_nest_end(msg, chain);
		}
		nla_nest_end(msg, chains);
	}
	nla_nest_end(msg, tx);
	return 0;
fail:
	nla_nest_cancel(msg, tx);
	return -EMSGSIZE;
}

/* --- what a frame tells -------------------------------------------------- */

static bool loom_sniff_addr_ok(const struct loom_sniff_session *s,
			       const u8 *ta)
{
	unsigned int i;

	if (!s->naddrs)
		return true;
	for (i = 0; i < s->naddrs; i++)
		if (ether_addr_equal(s->addrs[i], ta))
			return true;
	return false;
}

/* A notification for @row, if the rate allows and someone listens. */
static void loom_sniff_notify(struct loom_sniff_session *s,
			      const struct loom_sniff_row *row, u64 now_ns)
{
	struct nlattr *src;
	struct sk_buff *msg;
	bool ok = false;
	void *hdr;

	if (!s->events ||
	    !genl_has_listeners(&loom_sniff_family, s->net,
				LOOM_SNIFF_MCGRP_EVENTS_IDX))
		return;
	spin_lock(&s->ev_lock);
	if (time_after_eq(jiffies, s->ev_window + HZ)) {
		s->ev_window = jiffies;
		s->ev_count = 0;
	}
	if (s->ev_count < s->events) {
		s->ev_count++;
		ok = true;
	}
	spin_unlock(&s->ev_lock);
	if (!ok) {
		atomic64_inc(&s->cnt[LOOM_SNIFF_C_EVENTS_DROPPED]);
		return;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!msg)
		goto dropped;
	hdr = genlmsg_put(msg, 0, 0, &loom_sniff_family, 0,
			  LOOM_SNIFF_CMD_EVENT);
	if (!hdr)
		goto free;
	src = nla_nest_start(msg, LOOM_SNIFF_ATTR_SESSION);
	if (!src || loom_sniff_put_source(msg, s))
		goto free;
	nla_nest_end(msg, src);
	if (loom_sniff_put_tx(msg, row, now_ns))
		goto free;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&loom_sniff_family, s->net, msg, 0,
				LOOM_SNIFF_MCGRP_EVENTS_IDX, GFP_ATOMIC);
	atomic64_inc(&s->cnt[LOOM_SNIFF_C_EVENTS_SENT]);
	return;
free:
	nlmsg_free(msg);
dropped:
	atomic64_inc(&s->cnt[LOOM_SNIFF_C_EVENTS_DROPPED]);
}

/* Softirq (or bottom halves off): one frame's verdict and observation. */
static void loom_sniff_observe(struct loom_sniff_session *s,
			       enum loom_sniff_verdict v,
			       const struct loom_sniff_obs *obs)
{
	struct loom_sniff_row row;
	u64 now = ktime_get_boottime_ns();

	atomic64_inc(&s->cnt[LOOM_SNIFF_C_FRAMES]);
	if (v != LOOM_SNIFF_OK) {
		atomic64_inc(&s->cnt[v]);
		return;
	}
	if (!(obs->type & s->types) || !loom_sniff_addr_ok(s, obs->ta)) {
		atomic64_inc(&s->cnt[LOOM_SNIFF_C_FILTERED]);
		return;
	}
	atomic64_inc(&s->cnt[LOOM_SNIFF_OK]);
	loom_sniff_table_update(&s->table, obs, now, &row.st);
	ether_addr_copy(row.addr, obs->ta);
	loom_sniff_notify(s, &row, now);
}

static int loom_sniff_rcv(struct sk_buff *skb, struct net_device *dev,
			  struct packet_type *pt, struct net_device *orig)
{
	struct loom_sniff_session *s = container_of(pt, struct loom_sniff_session,
						    pt);
	u8 buf[LOOM_SNIFF_PEEK];
	struct loom_sniff_obs obs;
	unsigned int len;
	const u8 *p;

	/* Frames the interface sends are not heard. */
	if (skb->pkt_type == PACKET_OUTGOING)
		goto out;
	len = min_t(unsigned int, skb->len, sizeof(buf));
	p = skb_header_pointer(skb, 0, len, buf);
	if (p)
		loom_sniff_observe(s, loom_sniff_parse(p, len, &obs), &obs);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

/* A Loom radio's frame: its link-layer source is the transmitter. */
static void loom_sniff_tap_rx(struct loom_radio_tap *t, struct loom_radio *r,
			      const u8 *frame, u16 len,
			      const struct loom_radio_rx_info *info)
{
	struct loom_sniff_session *s = container_of(t, struct loom_sniff_session,
						    tap);
	struct loom_sniff_obs obs = {
		.type = LOOM_SNIFF_TYPE_DATA,
		.signal_cdbm = info->rssi_mdbm / 10,
		.freq_mhz = r->params.freq_hz / 1000000,
	};

	if (!info->link_src) {
		loom_sniff_observe(s, LOOM_SNIFF_NO_TA, &obs);
		return;
	}
	ether_addr_copy(obs.ta, info->link_src);
	loom_sniff_observe(s, LOOM_SNIFF_OK, &obs);
}

/* Registry lock held: the radio goes; the registry dropped the tap. */
static void loom_sniff_tap_gone(struct loom_radio_tap *t, struct loom_radio *r)
{
	struct loom_sniff_session *s = container_of(t, struct loom_sniff_session,
						    tap);

	WRITE_ONCE(s->radio, NULL);
	WRITE_ONCE(s->gone, true);
}

/* --- sessions ------------------------------------------------------------ */

/* Mutex held: the session of the source @info names, or NULL. */
static struct loom_sniff_session *loom_sniff_find(struct net *net,
						  struct nlattr **attrs)
{
	struct loom_sniff_session *s;

	list_for_each_entry(s, &loom_sniff_pernet(net)->sessions, node) {
		if (attrs[LOOM_SNIFF_ATTR_IFINDEX] && s->ifindex &&
		    s->ifindex == nla_get_u32(attrs[LOOM_SNIFF_ATTR_IFINDEX]))
			return s;
		if (attrs[LOOM_SNIFF_ATTR_RADIO] && !s->ifindex &&
		    !nla_strcmp(attrs[LOOM_SNIFF_ATTR_RADIO], s->name))
			return s;
	}
	return NULL;
}

/* Mutex (and RTNL) held: stop listening.  Sleeps for a grace period. */
static void loom_sniff_detach(struct loom_sniff_session *s)
{
	if (s->dev) {
		dev_remove_pack(&s->pt);
		netdev_put(s->dev, &s->dev_tracker);
		s->dev = NULL;
	}
	loom_radio_lock();
	if (s->radio)
		loom_radio_tap_del(s->radio, &s->tap);
	s->radio = NULL;
	loom_radio_unlock();
	s->gone = true;
}

/* Mutex held: detached, off the list, freed after a grace period. */
static void loom_sniff_free(struct loom_sniff_session *s)
{
	list_del(&s->node);
	loom_sniff_pernet(s->net)->n--;
	synchronize_rcu();
	loom_sniff_table_destroy(&s->table);
	kfree(s);
}

static __printf(4, 5) int loom_sniff_refuse(struct genl_info *info, int err,
					    const struct nlattr *bad,
					    const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	loom_extack_msg(info->extack, msg);
	if (bad)
		NL_SET_BAD_ATTR(info->extack, bad);
	return err;
}

static int loom_sniff_source(struct genl_info *info)
{
	bool dev = info->attrs[LOOM_SNIFF_ATTR_IFINDEX];
	bool radio = info->attrs[LOOM_SNIFF_ATTR_RADIO];

	if (dev == radio)
		return loom_sniff_refuse(info, -EINVAL, NULL,
					 "name one source: an interface (IFINDEX) or a Loom radio (RADIO)");
	return 0;
}

/* Mutex and RTNL held: bind @s to the interface @info names. */
static int loom_sniff_attach_dev(struct loom_sniff_session *s,
				 struct genl_info *info)
{
	struct nlattr *a = info->attrs[LOOM_SNIFF_ATTR_IFINDEX];
	struct net_device *dev;

	dev = __dev_get_by_index(s->net, nla_get_u32(a));
	if (!dev)
		return loom_sniff_refuse(info, -ENODEV, a,
					 "no interface of index %u in this namespace",
					 nla_get_u32(a));
	if (dev->type != ARPHRD_IEEE80211_RADIOTAP)
		return loom_sniff_refuse(info, -EINVAL, a,
					 "%s is not a monitor-mode interface with radiotap headers (iw dev %s set type monitor)",
					 dev->name, dev->name);
	s->ifindex = dev->ifindex;
	strscpy(s->name, dev->name, sizeof(s->name));
	s->dev = dev;
	netdev_hold(dev, &s->dev_tracker, GFP_KERNEL);
	s->pt.type = htons(ETH_P_ALL);
	s->pt.dev = dev;
	s->pt.func = loom_sniff_rcv;
	dev_add_pack(&s->pt);
	return 0;
}

/* Mutex held: tap the Loom radio @info names. */
static int loom_sniff_attach_radio(struct loom_sniff_session *s,
				   struct genl_info *info)
{
	struct nlattr *a = info->attrs[LOOM_SNIFF_ATTR_RADIO];
	struct loom_radio *r;
	int err = 0;

	nla_strscpy(s->name, a, sizeof(s->name));
	s->tap.rx = loom_sniff_tap_rx;
	s->tap.gone = loom_sniff_tap_gone;
	loom_radio_lock();
	r = loom_radio_find(s->net, s->name);
	if (r) {
		s->radio = r;
		loom_radio_tap_add(r, &s->tap);
	} else {
		err = loom_sniff_refuse(info, -ENODEV, a,
					"no Loom radio %s in this namespace",
					s->name);
	}
	loom_radio_unlock();
	return err;
}

/* The filters of a START: types, addresses, events, capacity. */
static int loom_sniff_conf(struct loom_sniff_session *s, struct genl_info *info,
			   u32 *cap)
{
	struct nlattr **tb = info->attrs, *a;
	int rem;

	s->types = tb[LOOM_SNIFF_ATTR_TYPES] ?
		   nla_get_u8(tb[LOOM_SNIFF_ATTR_TYPES]) : LOOM_SNIFF_TYPE_ALL;
	if (!s->types)
		return loom_sniff_refuse(info, -EINVAL, tb[LOOM_SNIFF_ATTR_TYPES],
					 "a type filter that lets no frame through");
	s->events = tb[LOOM_SNIFF_ATTR_EVENTS] ?
		    nla_get_u32(tb[LOOM_SNIFF_ATTR_EVENTS]) :
		    LOOM_SNIFF_EVENTS_DEFAULT;
	*cap = tb[LOOM_SNIFF_ATTR_CAPACITY] ?
	       nla_get_u32(tb[LOOM_SNIFF_ATTR_CAPACITY]) :
	       LOOM_SNIFF_CAPACITY_DEFAULT;
	if (!tb[LOOM_SNIFF_ATTR_ADDRS])
		return 0;
	nla_for_each_nested(a, tb[LOOM_SNIFF_ATTR_ADDRS], rem) {
		if (nla_type(a) != LOOM_SNIFF_ATTR_ADDR || nla_len(a) != ETH_ALEN)
			return loom_sniff_refuse(info, -EINVAL, a,
						 "an address filter holds 6-byte addresses only");
		if (s->naddrs == LOOM_SNIFF_ADDRS_MAX)
			return loom_sniff_refuse(info, -E2BIG, a,
						 "at most %u addresses in a filter",
						 LOOM_SNIFF_ADDRS_MAX);
		memcpy(s->addrs[s->naddrs++], nla_data(a), ETH_ALEN);
	}
	return 0;
}

static int loom_sniff_nl_start(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct loom_sniff_net *sn = loom_sniff_pernet(net);
	struct loom_sniff_session *s;
	u32 cap;
	int err;

	err = loom_sniff_source(info);
	if (err)
		return err;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->net = net;
	spin_lock_init(&s->ev_lock);
	s->ev_window = jiffies;
	err = loom_sniff_conf(s, info, &cap);
	if (err)
		goto free;
	err = loom_sniff_table_init(&s->table, cap);
	if (err)
		goto free;
	rtnl_lock();
	mutex_lock(&loom_sniff_mutex);
	if (loom_sniff_find(net, info->attrs)) {
		err = loom_sniff_refuse(info, -EEXIST, NULL,
					"a session listens there already (loomctl sniff stop first)");
	} else if (sn->n >= LOOM_SNIFF_SESSIONS_MAX) {
		err = loom_sniff_refuse(info, -ENOSPC, NULL,
					"%u sessions in this namespace already",
					LOOM_SNIFF_SESSIONS_MAX);
	} else {
		err = info->attrs[LOOM_SNIFF_ATTR_IFINDEX] ?
		      loom_sniff_attach_dev(s, info) :
		      loom_sniff_attach_radio(s, info);
	}
	if (!err) {
		list_add_tail(&s->node, &sn->sessions);
		sn->n++;
	}
	mutex_unlock(&loom_sniff_mutex);
	rtnl_unlock();
	if (!err)
		return 0;
	loom_sniff_table_destroy(&s->table);
free:
	kfree(s);
	return err;
}

static int loom_sniff_nl_stop(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct loom_sniff_session *s;
	int err;

	err = loom_sniff_source(info);
	if (err)
		return err;
	rtnl_lock();
	mutex_lock(&loom_sniff_mutex);
	s = loom_sniff_find(net, info->attrs);
	if (s) {
		loom_sniff_detach(s);
		loom_sniff_free(s);
	} else {
		err = loom_sniff_refuse(info, -ENOENT, NULL,
					"no session listens there");
	}
	mutex_unlock(&loom_sniff_mutex);
	rtnl_unlock();
	return err;
}

static int loom_sniff_nl_clear(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_sniff_session *s;
	int err;

	err = loom_sniff_source(info);
	if (err)
		return err;
	mutex_lock(&loom_sniff_mutex);
	s = loom_sniff_find(genl_info_net(info), info->attrs);
	if (s)
		loom_sniff_table_clear(&s->table);
	else
		err = loom_sniff_refuse(info, -ENOENT, NULL,
					"no session listens there");
	mutex_unlock(&loom_sniff_mutex);
	return err;
}

static u64 loom_sniff_cnt(struct loom_sniff_session *s, unsigned int c)
{
	return atomic64_read(&s->cnt[c]);
}

/* Mutex held: a session and its counters. */
static int loom_sniff_put_session(struct sk_buff *msg,
				  struct loom_sniff_session *s)
{
	static const u8 map[][2] = {
		{ LOOM_SNIFF_S_FRAMES, LOOM_SNIFF_C_FRAMES },
		{ LOOM_SNIFF_S_COUNTED, LOOM_SNIFF_OK },
		{ LOOM_SNIFF_S_BAD_RADIOTAP, LOOM_SNIFF_BAD_RADIOTAP },
		{ LOOM_SNIFF_S_NO_SIGNAL, LOOM_SNIFF_NO_SIGNAL },
		{ LOOM_SNIFF_S_BAD_FCS, LOOM_SNIFF_BAD_FCS },
		{ LOOM_SNIFF_S_SHORT, LOOM_SNIFF_SHORT },
		{ LOOM_SNIFF_S_NO_TA, LOOM_SNIFF_NO_TA },
		{ LOOM_SNIFF_S_FILTERED, LOOM_SNIFF_C_FILTERED },
		{ LOOM_SNIFF_S_EVENTS_SENT, LOOM_SNIFF_C_EVENTS_SENT },
		{ LOOM_SNIFF_S_EVENTS_DROPPED, LOOM_SNIFF_C_EVENTS_DROPPED },
	};
	struct nlattr *nest, *addrs;
	unsigned int i;
	u32 used;
	u64 evicted;

	spin_lock_bh(&s->table.lock);
	used = s->table.used;
	evicted = s->table.evicted;
	spin_unlock_bh(&s->table.lock);
	nest = nla_nest_start(msg, LOOM_SNIFF_ATTR_SESSION);
	if (!nest || loom_sniff_put_source(msg, s) ||
	    (READ_ONCE(s->gone) && nla_put_flag(msg, LOOM_SNIFF_S_GONE)) ||
	    nla_put_u32(msg, LOOM_SNIFF_S_CAPACITY, s->table.cap) ||
	    nla_put_u32(msg, LOOM_SNIFF_S_USED, used) ||
	    nla_put_u8(msg, LOOM_SNIFF_S_TYPES, s->types) ||
	    nla_put_u32(msg, LOOM_SNIFF_S_EVENTS, s->events) ||
	    nla_put_u64_64bit(msg, LOOM_SNIFF_S_EVICTED, evicted,
			      LOOM_SNIFF_S_PAD) ||
	    nla_put_u32(msg, LOOM_SNIFF_S_ENTRY_BYTES,
			sizeof(struct loom_sniff_entry)))
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (nla_put_u64_64bit(msg, map[i][0], loom_sniff_cnt(s, map[i][1]),
				      LOOM_SNIFF_S_PAD))
			return -EMSGSIZE;
	if (s->naddrs) {
		addrs = nla_nest_start(msg, LOOM_SNIFF_S_ADDRS);
		if (!addrs)
			return -EMSGSIZE;
		for (i = 0; i < s->naddrs; i++)
			if (nla_put(msg, LOOM_SNIFF_ATTR_ADDR, ETH_ALEN,
				    s->addrs[i]))
				return -EMSGSIZE;
		nla_nest_end(msg, addrs);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int loom_sniff_nl_get_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct loom_sniff_session *s;
	long i = 0, skip = cb->args[0];
	void *hdr;

	mutex_lock(&loom_sniff_mutex);
	list_for_each_entry(s, &loom_sniff_pernet(net)->sessions, node) {
		if (i++ < skip)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_sniff_family,
				  NLM_F_MULTI, LOOM_SNIFF_CMD_GET);
		if (!hdr)
			break;
		if (loom_sniff_put_session(skb, s)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = i;
	}
	mutex_unlock(&loom_sniff_mutex);
	/* A full message ends this part; the next continues after it. */
	return skb->len;
}

/**
 * struct loom_sniff_dump - a DUMP in progress: a copy of the table
 * @rows: the transmitters, most recently heard first
 * @n: how many
 * @now_ns: when the copy was taken (ages are from then)
 */
struct loom_sniff_dump {
	struct loom_sniff_row *rows;
	u32 n;
	u64 now_ns;
};

static int loom_sniff_nl_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct net *net = sock_net(cb->skb->sk);
	struct loom_sniff_session *s;
	struct loom_sniff_dump *d;
	bool dev = info->attrs[LOOM_SNIFF_ATTR_IFINDEX];
	int err = 0;

	if (dev == !!info->attrs[LOOM_SNIFF_ATTR_RADIO]) {
		NL_SET_ERR_MSG(cb->extack,
			       "name one source: an interface (IFINDEX) or a Loom radio (RADIO)");
		return -EINVAL;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	mutex_lock(&loom_sniff_mutex);
	s = loom_sniff_find(net, info->attrs);
	if (!s) {
		NL_SET_ERR_MSG(cb->extack, "no session listens there");
		err = -ENOENT;
		goto out;
	}
	d->rows = kvcalloc(s->table.cap, sizeof(*d->rows), GFP_KERNEL);
	if (!d->rows) {
		err = -ENOMEM;
		goto out;
	}
	d->n = loom_sniff_table_read(&s->table, d->rows, s->table.cap, NULL);
	d->now_ns = ktime_get_boottime_ns();
out:
	mutex_unlock(&loom_sniff_mutex);
	if (err) {
		kfree(d);
		return err;
	}
	cb->args[1] = (long)d;
	return 0;
}

static int loom_sniff_nl_dump_done(struct netlink_callback *cb)
{
	struct loom_sniff_dump *d = (struct loom_sniff_dump *)cb->args[1];

	if (d) {
		kvfree(d->rows);
		kfree(d);
	}
	return 0;
}

static int loom_sniff_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct loom_sniff_dump *d = (struct loom_sniff_dump *)cb->args[1];
	u32 i = cb->args[0];
	void *hdr;

	for (; i < d->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_sniff_family,
				  NLM_F_MULTI, LOOM_SNIFF_CMD_DUMP);
		if (!hdr)
			break;
		if (loom_sniff_put_tx(skb, &d->rows[i], d->now_ns)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	/* One row that fits no empty message cannot be: rows are small. */
	cb->args[0] = i;
	return i == d->n && !skb->len ? 0 : skb->len;
}

static struct netlink_range_validation loom_sniff_cap_range __ro_after_init = {
	.min = 1,
	.max = LOOM_SNIFF_CAPACITY_MAX,
};

static const struct nla_policy loom_sniff_policy[LOOM_SNIFF_ATTR_MAX + 1] = {
	[LOOM_SNIFF_ATTR_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[LOOM_SNIFF_ATTR_RADIO] = { .type = NLA_NUL_STRING,
				    .len = LOOM_RADIO_NAME_MAX },
	[LOOM_SNIFF_ATTR_CAPACITY] = NLA_POLICY_FULL_RANGE(NLA_U32,
							   &loom_sniff_cap_range),
	[LOOM_SNIFF_ATTR_TYPES] = NLA_POLICY_MAX(NLA_U8, LOOM_SNIFF_TYPE_ALL),
	[LOOM_SNIFF_ATTR_ADDRS] = { .type = NLA_NESTED },
	[LOOM_SNIFF_ATTR_EVENTS] = NLA_POLICY_MAX(NLA_U32, LOOM_SNIFF_EVENTS_MAX),
};

static const struct genl_ops loom_sniff_ops[] = {
	{
		.cmd = LOOM_SNIFF_CMD_START,
		.doit = loom_sniff_nl_start,
		.policy = loom_sniff_policy,
		.maxattr = LOOM_SNIFF_ATTR_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOOM_SNIFF_CMD_STOP,
		.doit = loom_sniff_nl_stop,
		.policy = loom_sniff_policy,
		.maxattr = LOOM_SNIFF_ATTR_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LOOM_SNIFF_CMD_GET,
		.dumpit = loom_sniff_nl_get_dump,
		.policy = loom_sniff_policy,
		.maxattr = LOOM_SNIFF_ATTR_MAX,
	},
	{
		.cmd = LOOM_SNIFF_CMD_DUMP,
		.start = loom_sniff_nl_dump_start,
		.dumpit = loom_sniff_nl_dump,
		.done = loom_sniff_nl_dump_done,
		.policy = loom_sniff_policy,
		.maxattr = LOOM_SNIFF_ATTR_MAX,
	},
	{
		.cmd = LOOM_SNIFF_CMD_CLEAR,
		.doit = loom_sniff_nl_clear,
		.policy = loom_sniff_policy,
		.maxattr = LOOM_SNIFF_ATTR_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family loom_sniff_family __ro_after_init = {
	.name = LOOM_SNIFF_GENL_NAME,
	.version = LOOM_SNIFF_GENL_VERSION,
	.maxattr = LOOM_SNIFF_ATTR_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = loom_sniff_ops,
	.n_ops = ARRAY_SIZE(loom_sniff_ops),
	.mcgrps = loom_sniff_mcgrps,
	.n_mcgrps = ARRAY_SIZE(loom_sniff_mcgrps),
};

/* --- interfaces and namespaces going away -------------------------------- */

static int loom_sniff_netdev_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct loom_sniff_session *s;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	mutex_lock(&loom_sniff_mutex);
	list_for_each_entry(s, &loom_sniff_pernet(dev_net(dev))->sessions, node) {
		if (s->dev != dev)
			continue;
		dev_remove_pack(&s->pt);
		netdev_put(dev, &s->dev_tracker);
		s->dev = NULL;
		WRITE_ONCE(s->gone, true);
	}
	mutex_unlock(&loom_sniff_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block loom_sniff_netdev_nb = {
	.notifier_call = loom_sniff_netdev_event,
};

static int __net_init loom_sniff_net_init(struct net *net)
{
	struct loom_sniff_net *sn = loom_sniff_pernet(net);

	INIT_LIST_HEAD(&sn->sessions);
	sn->n = 0;
	return 0;
}

static void __net_exit loom_sniff_net_exit(struct net *net)
{
	struct loom_sniff_net *sn = loom_sniff_pernet(net);
	struct loom_sniff_session *s, *tmp;

	rtnl_lock();
	mutex_lock(&loom_sniff_mutex);
	list_for_each_entry_safe(s, tmp, &sn->sessions, node) {
		loom_sniff_detach(s);
		loom_sniff_free(s);
	}
	mutex_unlock(&loom_sniff_mutex);
	rtnl_unlock();
}

static struct pernet_operations loom_sniff_net_ops = {
	.init = loom_sniff_net_init,
	.exit = loom_sniff_net_exit,
	.id = &loom_sniff_net_id,
	.size = sizeof(struct loom_sniff_net),
};

static int __init loom_sniff_init(void)
{
	int err;

	BUILD_BUG_ON(LOOM_RADIO_NAME_LEN > IFNAMSIZ);
	err = register_pernet_subsys(&loom_sniff_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&loom_sniff_netdev_nb);
	if (err)
		goto fail_pernet;
	err = genl_register_family(&loom_sniff_family);
	if (err)
		goto fail_notifier;
	return 0;
fail_notifier:
	unregister_netdevice_notifier(&loom_sniff_netdev_nb);
fail_pernet:
	unregister_pernet_subsys(&loom_sniff_net_ops);
	return err;
}
module_init(loom_sniff_init);

static void __exit loom_sniff_exit(void)
{
	genl_unregister_family(&loom_sniff_family);
	unregister_netdevice_notifier(&loom_sniff_netdev_nb);
	/* Every namespace's sessions stop, the initial one's too. */
	unregister_pernet_subsys(&loom_sniff_net_ops);
}
module_exit(loom_sniff_exit);

MODULE_DESCRIPTION("Loom RSSI sniffer: transmitters and their signal from monitor-mode interfaces and Loom radios");
MODULE_AUTHOR("Loom maintainers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(LOOM);
MODULE_ALIAS_GENL_FAMILY(LOOM_SNIFF_GENL_NAME);
