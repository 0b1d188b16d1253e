// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet-framed interfaces as Loom radios (Documentation/radio.rst,
 * "Interfaces as radios").
 *
 * Any interface with Ethernet framing - a mac80211 interface in mesh point
 * or IBSS mode, a veth, a wired port - carries Loom frames in EtherType
 * LOOM_ETH_P behind a 4-byte shim (protocol, version, length: Ethernet pads
 * short frames, and a plain ACK has no length of its own).  Every frame the
 * Loom tree's MAC sends (xmit) goes to the broadcast address: the MAC has
 * its own acknowledgements and retries inside its slots, so 802.11's
 * unicast retries would only stretch a handshake past its deadline, and a
 * broadcast goes out once, at a known rate, to whoever is in range.  A
 * layer above with no timing of its own (the mesh) uses xmit_to instead:
 * the interface's link layer gets each frame at once, for one receiver's
 * address (802.11 then acknowledges, retries and picks the rate) or for
 * all, and the radio stays in Receive.
 *
 * The radio keeps the Loom states.  Asleep or sending, it hears nothing
 * (counted as deaf), so the MAC runs exactly as on a LoRa chip.  A frame is
 * on the air for its time at the radio's assumed rate: xmit hands it to the
 * interface at once and tx_done follows that long after, from a timer,
 * never from within xmit.  The interface cannot tell the signal of a frame,
 * so RSSI and SNR are LOOM_SIGNAL_UNKNOWN.
 *
 * Netdevice events are noted under RTNL and handled by a work item, which
 * takes the registry lock: the registry's lock is taken before RTNL
 * elsewhere (a node's loomN device registers under it).  Lock order:
 * loom_ether_mutex, then the registry's, then RTNL.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/errqueue.h>
#include <linux/net.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>
#include <net/netlink.h>
#include <net/pkt_sched.h>
#include <net/sock.h>

#include "../clock.h"
#include "ether.h"

/* Events noted under RTNL for the work item (bits of &loom_ether.events). */
enum {
	LOOM_ETHER_EV_CARRIER,
	LOOM_ETHER_EV_RENAME,
	LOOM_ETHER_EV_GONE,
};

/*
 * 802.11 OFDM at the rate assumed (IEEE 802.11-2020, 17.4.3): 16 us of
 * preamble and 4 us of SIGNAL, then 4 us symbols of rate x 4 bits each,
 * carrying 16 service bits, the MPDU and 6 tail bits.  The MPDU around a
 * Loom frame: a 4-address mesh data header (30 bytes) with its mesh
 * control field (6), LLC/SNAP (8), the shim, the FCS (4).
 */
#define LOOM_ETHER_PLCP_NS	20000ULL
#define LOOM_ETHER_SYMBOL_NS	4000ULL
#define LOOM_ETHER_MPDU_EXTRA	(30 + 6 + 8 + LOOM_ETH_SHIM_LEN + 4)

/**
 * struct loom_ether - an interface attached as a radio
 * @radio: what the MAC sees
 * @dev: the interface
 * @tracker: our reference to it
 * @pt: our EtherType on it
 * @list: in loom_ethers (RCU; loom_ether_mutex for writers)
 * @lock: the radio's state, @tx_busy, @tx_status and @dead
 * @tx_end: fires when the frame in flight has had its time on the air
 * @tx_busy: a frame is in flight
 * @tx_status: what the interface said of it
 * @dead: the interface is going; every operation refuses
 * @named: the radio has a name of its own, not the interface's
 * @rate_kbps: assumed rate, for time on air
 * @carrier: the link as last told to the registry
 * @events: LOOM_ETHER_EV_* bits for loom_ether_wk
 * @registered: in the radio registry
 * @st: counters, by enum loom_radio_stat
 * @ack_sock: a kernel socket that owns the unicast frames xmit_to sends,
 *	so that the link layer reports each one's acknowledgment on its
 *	error queue (SO_WIFI_STATUS; mac80211 does); NULL if none could be
 *	made
 * @ack_report: the socket's own error-report callback, given back at
 *	detach
 * @rcu: frees it after a grace period
 */
struct loom_ether {
	struct loom_radio radio;
	struct net_device *dev;
	netdevice_tracker tracker;
	struct packet_type pt;
	struct list_head list;
	spinlock_t lock;	/* see above */
	struct loom_timer tx_end;
	bool tx_busy;
	int tx_status;
	bool dead;
	bool named;
	u32 rate_kbps;
	bool carrier;
	unsigned long events;
	bool registered;
	atomic64_t st[__LOOM_RADIO_STAT_MAX];
	struct socket *ack_sock;
	void (*ack_report)(struct sock *sk);
	struct rcu_head rcu;
};

static DEFINE_MUTEX(loom_ether_mutex);
static LIST_HEAD(loom_ethers);
static struct loom_clock loom_ether_clock;

static void loom_ether_work(struct work_struct *work);
/* One work item for all: it finds the radios through the list. */
static DECLARE_WORK(loom_ether_wk, loom_ether_work);

static struct loom_ether *loom_ether(const struct loom_radio *r)
{
	return container_of(r, struct loom_ether, radio);
}

static void loom_ether_count(struct loom_ether *e, enum loom_radio_stat s)
{
	atomic64_inc(&e->st[s]);
}

/**
 * loom_ether_airtime() - time on air of a Loom frame at an 802.11 OFDM rate
 * @rate_kbps: the rate
 * @len: the Loom frame's length
 *
 * Return: nanoseconds.
 */
u64 loom_ether_airtime(u32 rate_kbps, u16 len)
{
	u64 bits = 16 + 8 * ((u64)len + LOOM_ETHER_MPDU_EXTRA) + 6;
	/* Data bits per 4 us symbol: rate in Mbit/s times 4. */
	u64 per_sym = div_u64((u64)rate_kbps * 4, 1000);

	if (!per_sym)
		return U64_MAX;
	return LOOM_ETHER_PLCP_NS +
	       div64_u64(bits + per_sym - 1, per_sym) * LOOM_ETHER_SYMBOL_NS;
}

static u64 loom_ether_airtime_ns(const struct loom_radio *r, u16 len)
{
	return loom_ether_airtime(loom_ether(r)->rate_kbps, len);
}

/* Under @e->lock: change state, counting time; @from gets the old one. */
static int loom_ether_enter(struct loom_ether *e, u8 to, u8 *from)
{
	*from = e->radio.acct.state;
	return loom_radio_acct_enter(&e->radio.acct, to,
				     loom_clock_now(&loom_ether_clock));
}

static void loom_ether_notify(struct loom_ether *e, u8 from, u8 to)
{
	rcu_read_lock();
	loom_radio_state_changed(&e->radio, from, to);
	rcu_read_unlock();
}

static int loom_ether_set_state(struct loom_radio *r, u8 to)
{
	struct loom_ether *e = loom_ether(r);
	u8 from;
	int err;

	/* Transmit is entered by xmit and left by tx_end only. */
	if (to == LOOM_RADIO_TRANSMIT)
		return -EINVAL;
	spin_lock_bh(&e->lock);
	if (e->dead)
		err = -ENODEV;
	else
		err = e->tx_busy ? -EBUSY : loom_ether_enter(e, to, &from);
	spin_unlock_bh(&e->lock);
	if (!err)
		loom_ether_notify(e, from, to);
	return err;
}

static int loom_ether_set_params(struct loom_radio *r,
				 const struct loom_lora_params *p)
{
	return -EOPNOTSUPP;
}

/* An interface cannot tell whether a frame is on the air. */
static int loom_ether_cad(struct loom_radio *r)
{
	return -EOPNOTSUPP;
}

/* The interface's MTU bounds the frame (the MAC applies its own limit). */
static u16 loom_ether_max_frame(const struct net_device *dev)
{
	if (dev->mtu <= LOOM_ETH_SHIM_LEN)
		return 0;
	return min_t(u32, dev->mtu - LOOM_ETH_SHIM_LEN, U16_MAX);
}

static bool loom_ether_link_up(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

static struct sk_buff *loom_ether_skb(struct loom_ether *e, const u8 *dst,
				      const u8 *frame, u16 len)
{
	struct net_device *dev = e->dev;
	struct sk_buff *skb;
	u8 *shim;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + LOOM_ETH_SHIM_LEN + len +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	shim = skb_put(skb, LOOM_ETH_SHIM_LEN);
	/* What the claimant runs; a free radio sends nothing of its own. */
	shim[0] = READ_ONCE(e->radio.proto) ?: LOOM_PROTO_TREE;
	shim[1] = LOOM_ETH_VERSION;
	put_unaligned_le16(len, shim + 2);
	skb_put_data(skb, frame, len);
	skb->dev = dev;
	skb->protocol = htons(LOOM_ETH_P);
	/* The highest access category: a slot has no time for queueing. */
	skb->priority = TC_PRIO_CONTROL;
	if (dev_hard_header(skb, dev, LOOM_ETH_P, dst, dev->dev_addr,
			    skb->len) < 0) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * Under @e->lock: a frame for @dst if the radio may send now (listening,
 * nothing in flight, the link up), else NULL with *@err.
 */
static struct sk_buff *loom_ether_start(struct loom_ether *e, const u8 *dst,
					const u8 *frame, u16 len, int *err)
{
	struct sk_buff *skb = NULL;

	*err = 0;
	if (e->dead)
		*err = -ENODEV;
	else if (e->tx_busy || e->radio.acct.state != LOOM_RADIO_RECEIVE)
		*err = -EBUSY;
	else if (!loom_ether_link_up(e->dev))
		*err = -ENETDOWN;
	if (!*err) {
		skb = loom_ether_skb(e, dst, frame, len);
		if (!skb)
			*err = -ENOMEM;
	}
	if (*err == -ENOMEM || *err == -ENETDOWN)
		loom_ether_count(e, LOOM_RADIO_STAT_TX_ERRORS);
	return skb;
}

static int loom_ether_xmit(struct loom_radio *r, const u8 *frame, u16 len)
{
	struct loom_ether *e = loom_ether(r);
	struct sk_buff *skb;
	int err, rc;
	u64 start;
	u8 from;

	if (!len || len > r->max_frame)
		return -EMSGSIZE;
	spin_lock_bh(&e->lock);
	skb = loom_ether_start(e, e->dev->broadcast, frame, len, &err);
	if (!skb) {
		spin_unlock_bh(&e->lock);
		return err;
	}
	loom_ether_enter(e, LOOM_RADIO_TRANSMIT, &from);
	e->tx_busy = true;
	r->stats.tx_frames++;
	start = loom_clock_now(&loom_ether_clock);
	spin_unlock_bh(&e->lock);

	/* Bottom halves are off (the MAC's lock): this never sleeps. */
	rc = dev_queue_xmit(skb);
	loom_ether_count(e, rc == NET_XMIT_SUCCESS || rc == NET_XMIT_CN ?
			 LOOM_RADIO_STAT_TX_FRAMES : LOOM_RADIO_STAT_TX_ERRORS);

	spin_lock_bh(&e->lock);
	e->tx_status = rc == NET_XMIT_SUCCESS || rc == NET_XMIT_CN ? 0 :
		       -ENOBUFS;
	loom_timer_start(&e->tx_end,
			 start + loom_ether_airtime(e->rate_kbps, len));
	spin_unlock_bh(&e->lock);
	loom_ether_notify(e, from, LOOM_RADIO_TRANSMIT);
	return 0;
}

/*
 * To the link layer at once, for @dst: the radio stays in Receive and
 * hears on while the interface queues and sends (nothing is emulated).
 */
static int loom_ether_xmit_to(struct loom_radio *r, const u8 *dst,
			      const u8 *frame, u16 len)
{
	struct loom_ether *e = loom_ether(r);
	struct sk_buff *skb;
	int err, rc;

	if (!len || len > r->max_frame)
		return -EMSGSIZE;
	if (!is_broadcast_ether_addr(dst) && !is_valid_ether_addr(dst))
		return -EINVAL;
	spin_lock_bh(&e->lock);
	skb = loom_ether_start(e, dst, frame, len, &err);
	if (skb)
		r->stats.tx_frames++;
	spin_unlock_bh(&e->lock);
	if (!skb)
		return err;
	/* Ours: the link layer tells the socket whether it was acknowledged. */
	if (e->ack_sock && !is_broadcast_ether_addr(dst)) {
		skb_set_owner_w(skb, e->ack_sock->sk);
		skb_shinfo(skb)->tx_flags |= SKBTX_WIFI_STATUS;
	}
	/* Bottom halves are off (the caller's lock): this never sleeps. */
	rc = dev_queue_xmit(skb);
	if (rc != NET_XMIT_SUCCESS && rc != NET_XMIT_CN) {
		loom_ether_count(e, LOOM_RADIO_STAT_TX_ERRORS);
		return -ENOBUFS;
	}
	loom_ether_count(e, LOOM_RADIO_STAT_TX_FRAMES);
	if (!is_broadcast_ether_addr(dst))
		loom_ether_count(e, LOOM_RADIO_STAT_TX_UNICAST);
	return 0;
}

/*
 * The ack socket's error report (softirq, from the link layer's transmit
 * status): each queued clone of a unicast frame carries whether it was
 * acknowledged; the Loom frame after the Ethernet header and the shim is
 * as sent.  Handled here, never handed to the socket's reader (it has
 * none).
 */
static void loom_ether_ack_report(struct sock *sk)
{
	struct loom_ether *e = READ_ONCE(sk->sk_user_data);
	struct sk_buff *skb;
	const u8 *shim;
	u16 len;

	while ((skb = skb_dequeue(&sk->sk_error_queue))) {
		if (!e || SKB_EXT_ERR(skb)->ee.ee_origin !=
			  SO_EE_ORIGIN_TXSTATUS || !skb->wifi_acked_valid ||
		    !pskb_may_pull(skb, ETH_HLEN + LOOM_ETH_SHIM_LEN))
			goto next;
		shim = skb->data + ETH_HLEN;
		len = get_unaligned_le16(shim + 2);
		if (shim[1] != LOOM_ETH_VERSION || !len ||
		    !pskb_may_pull(skb, ETH_HLEN + LOOM_ETH_SHIM_LEN + len))
			goto next;
		rcu_read_lock();
		loom_radio_link_status(&e->radio, skb->data + ETH_HLEN +
				       LOOM_ETH_SHIM_LEN, len,
				       skb->wifi_acked);
		rcu_read_unlock();
next:
		kfree_skb(skb);
	}
}

/* A kernel socket in @net to own unicast frames, or NULL (no reports). */
static struct socket *loom_ether_ack_sock(struct loom_ether *e,
					  struct net *net)
{
	struct socket *sock;
	struct sock *sk;

	if (sock_create_kern(net, PF_INET, SOCK_DGRAM, IPPROTO_UDP, &sock))
		return NULL;
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	e->ack_report = sk->sk_error_report;
	sk->sk_user_data = e;
	sk->sk_error_report = loom_ether_ack_report;
	sock_set_flag(sk, SOCK_WIFI_STATUS);
	write_unlock_bh(&sk->sk_callback_lock);
	return sock;
}

/*
 * Give the socket back: its own callback again, then a grace period so
 * that no report still runs ours (they run in softirq, inside RCU); the
 * frames and reports in flight keep the socket until they are freed.
 */
static void loom_ether_ack_sock_release(struct loom_ether *e)
{
	struct sock *sk;

	if (!e->ack_sock)
		return;
	sk = e->ack_sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_error_report = e->ack_report;
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	synchronize_rcu();
	sock_release(e->ack_sock);
	e->ack_sock = NULL;
}

static void loom_ether_tx_end(struct loom_timer *t)
{
	struct loom_ether *e = container_of(t, struct loom_ether, tx_end);
	int err, status;
	u8 from;

	spin_lock_bh(&e->lock);
	if (!e->tx_busy) {
		spin_unlock_bh(&e->lock);
		return;
	}
	e->tx_busy = false;
	status = e->tx_status;
	err = loom_ether_enter(e, LOOM_RADIO_RECEIVE, &from);
	spin_unlock_bh(&e->lock);
	rcu_read_lock();
	if (!err)
		loom_radio_state_changed(&e->radio, from, LOOM_RADIO_RECEIVE);
	loom_radio_tx_done(&e->radio, status);
	rcu_read_unlock();
}

static void loom_ether_get_info(const struct loom_radio *r,
				struct loom_radio_info *info)
{
	struct loom_ether *e = container_of(r, struct loom_ether, radio);
	unsigned int i;

	info->ifindex = e->dev->ifindex;
	info->rate_kbps = e->rate_kbps;
	info->carrier = READ_ONCE(e->carrier);
	info->has_stats = true;
	for (i = 0; i < __LOOM_RADIO_STAT_MAX; i++)
		info->stats[i] = atomic64_read(&e->st[i]);
	info->has_time = true;
	spin_lock_bh(&e->lock);
	loom_radio_acct_read(&r->acct, loom_clock_now(&loom_ether_clock),
			     info->time_ns);
	spin_unlock_bh(&e->lock);
}

static const struct loom_radio_ops loom_ether_ops = {
	.set_state = loom_ether_set_state,
	.xmit = loom_ether_xmit,
	.cad = loom_ether_cad,
	.set_params = loom_ether_set_params,
	.airtime_ns = loom_ether_airtime_ns,
	.get_info = loom_ether_get_info,
	.xmit_to = loom_ether_xmit_to,
};

static int loom_ether_rcv(struct sk_buff *skb, struct net_device *dev,
			  struct packet_type *pt, struct net_device *orig_dev)
{
	struct loom_ether *e = container_of(pt, struct loom_ether, pt);
	struct loom_radio_rx_info info = {
		.rssi_mdbm = LOOM_SIGNAL_UNKNOWN,
		.snr_mdb = LOOM_SIGNAL_UNKNOWN,
	};
	u8 src[ETH_ALEN];
	const u8 *shim;
	bool listening;
	u16 len;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	if (skb->pkt_type == PACKET_OTHERHOST) {
		loom_ether_count(e, LOOM_RADIO_STAT_RX_OTHERHOST);
		goto drop;
	}
	if (!pskb_may_pull(skb, LOOM_ETH_SHIM_LEN))
		goto malformed;
	shim = skb->data;
	len = get_unaligned_le16(shim + 2);
	if (!shim[0] || shim[0] >= __LOOM_PROTO_MAX ||
	    shim[1] != LOOM_ETH_VERSION ||
	    !len || len > skb->len - LOOM_ETH_SHIM_LEN ||
	    !pskb_may_pull(skb, LOOM_ETH_SHIM_LEN + len))
		goto malformed;
	/* Another protocol's neighbours on the same link: not ours. */
	if (shim[0] != READ_ONCE(e->radio.proto)) {
		loom_ether_count(e, LOOM_RADIO_STAT_RX_OTHERPROTO);
		goto drop;
	}
	spin_lock(&e->lock);
	listening = !e->dead && e->radio.acct.state == LOOM_RADIO_RECEIVE;
	if (listening)
		e->radio.stats.rx_frames++;
	else
		e->radio.stats.rx_deaf++;
	spin_unlock(&e->lock);
	if (!listening) {
		loom_ether_count(e, LOOM_RADIO_STAT_RX_DEAF);
		goto drop;
	}
	loom_ether_count(e, LOOM_RADIO_STAT_RX_FRAMES);
	info.timestamp_ns = loom_clock_now(&loom_ether_clock);
	/* The transmitter, for an answer by unicast (xmit_to). */
	if (skb_mac_header_was_set(skb) &&
	    skb_mac_header_len(skb) >= ETH_HLEN) {
		ether_addr_copy(src, eth_hdr(skb)->h_source);
		if (is_valid_ether_addr(src))
			info.link_src = src;
	}
	/* Packet handlers run inside rcu_read_lock(). */
	loom_radio_deliver(&e->radio, skb->data + LOOM_ETH_SHIM_LEN, len,
			   &info);
	consume_skb(skb);
	return NET_RX_SUCCESS;

malformed:
	loom_ether_count(e, LOOM_RADIO_STAT_RX_MALFORMED);
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* Locked (loom_ether_mutex): take the radio out and free it. */
static void loom_ether_detach(struct loom_ether *e)
{
	lockdep_assert_held(&loom_ether_mutex);
	/* The notifier may still see it until a grace period has passed. */
	list_del_rcu(&e->list);
	/* Its node stops first; no xmit comes after this. */
	if (e->registered)
		loom_radio_unregister(&e->radio);
	spin_lock_bh(&e->lock);
	e->dead = true;
	spin_unlock_bh(&e->lock);
	/* No reception runs after this (it waits for a grace period). */
	dev_remove_pack(&e->pt);
	loom_timer_cancel(&e->tx_end);
	loom_ether_ack_sock_release(e);
	netdev_put(e->dev, &e->tracker);
	kfree_rcu(e, rcu);
}

/* Locked (loom_ether_mutex): what the notifier noted for @e. */
static void loom_ether_handle(struct loom_ether *e)
{
	bool up;

	if (test_and_clear_bit(LOOM_ETHER_EV_GONE, &e->events)) {
		netdev_info(e->dev, "interface leaves: radio %s detached\n",
			    e->radio.name);
		loom_ether_detach(e);
		return;
	}
	if (test_and_clear_bit(LOOM_ETHER_EV_RENAME, &e->events) &&
	    !e->named && loom_radio_rename(&e->radio, e->dev->name))
		netdev_info(e->dev, "radio %s keeps its name: %s is taken\n",
			    e->radio.name, e->dev->name);
	if (test_and_clear_bit(LOOM_ETHER_EV_CARRIER, &e->events)) {
		up = loom_ether_link_up(e->dev);
		if (up != e->carrier) {
			WRITE_ONCE(e->carrier, up);
			loom_radio_carrier(&e->radio, up);
		}
	}
}

static void loom_ether_work(struct work_struct *work)
{
	struct loom_ether *e, *tmp;

	mutex_lock(&loom_ether_mutex);
	list_for_each_entry_safe(e, tmp, &loom_ethers, list)
		if (READ_ONCE(e->events))
			loom_ether_handle(e);
	mutex_unlock(&loom_ether_mutex);
}

static int loom_ether_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct loom_ether *e, *found = NULL;
	int ev;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		ev = LOOM_ETHER_EV_CARRIER;
		break;
	case NETDEV_CHANGENAME:
		ev = LOOM_ETHER_EV_RENAME;
		break;
	case NETDEV_UNREGISTER:
		ev = LOOM_ETHER_EV_GONE;
		break;
	default:
		return NOTIFY_DONE;
	}
	rcu_read_lock();
	list_for_each_entry_rcu(e, &loom_ethers, list)
		if (e->dev == dev)
			found = e;
	if (found) {
		if (ev == LOOM_ETHER_EV_GONE) {
			/* From now on it neither sends nor hears. */
			spin_lock_bh(&found->lock);
			found->dead = true;
			spin_unlock_bh(&found->lock);
		}
		set_bit(ev, &found->events);
		schedule_work(&loom_ether_wk);
	}
	rcu_read_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block loom_ether_notifier = {
	.notifier_call = loom_ether_event,
};

/* Locked (loom_ether_mutex): the radio of an interface. */
static struct loom_ether *loom_ether_of(const struct net_device *dev)
{
	struct loom_ether *e;

	list_for_each_entry(e, &loom_ethers, list)
		if (e->dev == dev)
			return e;
	return NULL;
}

/* Under RTNL: may @dev carry Loom frames? */
static int loom_ether_check(struct net_device *dev, u32 rate_kbps,
			    struct netlink_ext_ack *extack)
{
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    (dev->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG(extack,
			       "not an Ethernet-framed interface (a monitor interface, a tunnel, loopback?)");
		return -EPROTOTYPE;
	}
	if (loom_ether_max_frame(dev) < LOOM_RADIO_FRAME_MIN) {
		NL_SET_ERR_MSG(extack,
			       "the interface's MTU is too small for a Loom frame");
		return -EMSGSIZE;
	}
	if (rate_kbps < LOOM_RADIO_RATE_MIN || rate_kbps > LOOM_RADIO_RATE_MAX) {
		NL_SET_ERR_MSG(extack, "the rate is out of range");
		return -ERANGE;
	}
	if (loom_ether_of(dev)) {
		NL_SET_ERR_MSG(extack, "that interface is attached already");
		return -EBUSY;
	}
	return 0;
}

/**
 * loom_ether_attach() - attach an interface as a radio
 * @net: the caller's namespace, where the interface is looked up
 * @ifname: the interface
 * @name: the radio's name, or NULL for the interface's
 * @rate_kbps: the rate to assume for time on air
 * @extack: for the reason of a refusal
 *
 * Context: process context, RTNL not held.
 * Return: 0; -ENODEV (no such interface), -EPROTOTYPE (not Ethernet
 * framed), -EMSGSIZE (MTU too small), -EBUSY (attached already),
 * -EEXIST (a radio of that name exists), -ERANGE (rate), -ENOMEM.
 */
int loom_ether_attach(struct net *net, const char *ifname, const char *name,
		      u32 rate_kbps, struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct loom_ether *e;
	int err;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->ack_sock = loom_ether_ack_sock(e, net);
	mutex_lock(&loom_ether_mutex);
	rtnl_lock();
	dev = __dev_get_by_name(net, ifname);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "no interface of that name in this namespace");
		err = -ENODEV;
	} else {
		err = loom_ether_check(dev, rate_kbps, extack);
	}
	if (err) {
		rtnl_unlock();
		mutex_unlock(&loom_ether_mutex);
		loom_ether_ack_sock_release(e);
		kfree(e);
		return err;
	}
	e->dev = dev;
	netdev_hold(dev, &e->tracker, GFP_KERNEL);
	spin_lock_init(&e->lock);
	loom_timer_init(&loom_ether_clock, &e->tx_end, loom_ether_tx_end);
	e->rate_kbps = rate_kbps;
	e->named = name && name[0];
	strscpy(e->radio.name, e->named ? name : dev->name,
		sizeof(e->radio.name));
	e->radio.ops = &loom_ether_ops;
	e->radio.kind = LOOM_RADIO_KIND_ETHER;
	e->radio.max_frame = loom_ether_max_frame(dev);
	e->radio.id = dev->ifindex;
	memcpy(e->radio.hwaddr, dev->dev_addr, ETH_ALEN);
	INIT_LIST_HEAD(&e->radio.taps);
	loom_radio_acct_init(&e->radio.acct, loom_clock_now(&loom_ether_clock));
	e->carrier = loom_ether_link_up(dev);
	e->pt.type = htons(LOOM_ETH_P);
	e->pt.dev = dev;
	e->pt.func = loom_ether_rcv;
	/* From here on the notifier sees it: events wait for the mutex. */
	list_add_tail_rcu(&e->list, &loom_ethers);
	rtnl_unlock();

	err = loom_radio_register(&e->radio, net, &loom_ether_clock);
	if (err) {
		NL_SET_ERR_MSG(extack, "a radio of that name exists");
		list_del_rcu(&e->list);
		mutex_unlock(&loom_ether_mutex);
		loom_ether_ack_sock_release(e);
		netdev_put(dev, &e->tracker);
		kfree_rcu(e, rcu);
		return err;
	}
	e->registered = true;
	dev_add_pack(&e->pt);
	mutex_unlock(&loom_ether_mutex);
	return 0;
}

/**
 * loom_ether_detach_name() - detach an interface's radio
 * @net: the caller's namespace
 * @name: the radio's name
 * @extack: for the reason of a refusal
 *
 * A node running on it stops.
 *
 * Context: process context, RTNL not held.
 * Return: 0, -ENODEV (no such radio here), -EOPNOTSUPP (not an
 * interface's radio).
 */
int loom_ether_detach_name(struct net *net, const char *name,
			   struct netlink_ext_ack *extack)
{
	struct loom_ether *e, *found = NULL;

	mutex_lock(&loom_ether_mutex);
	list_for_each_entry(e, &loom_ethers, list)
		if (!strcmp(e->radio.name, name) && net_eq(e->radio.net, net))
			found = e;
	if (found)
		loom_ether_detach(found);
	mutex_unlock(&loom_ether_mutex);
	if (found)
		return 0;
	NL_SET_ERR_MSG(extack,
		       "no interface's radio of that name in this namespace");
	return -ENODEV;
}

/**
 * loom_ether_init() - listen for netdevice events
 *
 * Return: 0 or what register_netdevice_notifier() returns.
 */
int loom_ether_init(void)
{
	loom_clock_init(&loom_ether_clock, LOOM_CLOCK_REAL);
	return register_netdevice_notifier(&loom_ether_notifier);
}

/**
 * loom_ether_exit() - detach every interface; the module goes
 */
void loom_ether_exit(void)
{
	struct loom_ether *e, *tmp;

	unregister_netdevice_notifier(&loom_ether_notifier);
	/* Nothing queues it now; it takes the mutex, so not under it. */
	cancel_work_sync(&loom_ether_wk);
	mutex_lock(&loom_ether_mutex);
	list_for_each_entry_safe(e, tmp, &loom_ethers, list)
		loom_ether_detach(e);
	mutex_unlock(&loom_ether_mutex);
	rcu_barrier();
}
