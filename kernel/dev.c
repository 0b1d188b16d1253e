// SPDX-License-Identifier: GPL-2.0
/*
 * The loomN network device of a running node, and the node's endpoint:
 * what it sends and what it does with the datagrams that reach it.
 *
 * Every datagram a node sends as an endpoint starts with a dispatch byte
 * (uapi/linux/loom.h): AF_LOOM datagrams with their ports, or IPv6
 * packets.  The device carries raw IPv6 (ARPHRD_RAWIP, no link-layer
 * header, no neighbour discovery).  Its permanent address is the 48-bit
 * form of the instance's address (&loom_proto_ops.addr_to_mac), from
 * which IPv6 derives the interface identifier as RFC 4291 (appendix A)
 * does from a MAC address; a packet's destination identifier names the
 * address the same way back, so nothing needs resolving.  A tree address
 * becomes 02:00:00:00:<addr>, the identifier 0000:00ff:fe00:<addr>: the
 * form RFC 4944 (section 6) gives a 16-bit short address with PAN ID 0.
 *
 * The device's up/down flag governs the node as an endpoint only: a node
 * whose device is down still keeps time and forwards for its children (it
 * stops with "loomctl node stop").  Carrier follows the network's timing.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/ipv6.h>

#include "loom.h"
#include "run.h"

/**
 * loom_dev_count() - count one event of a node's endpoint
 * @run: the node
 * @stat: what happened
 */
void loom_dev_count(struct loom_run *run, enum loom_dev_stat stat)
{
	atomic64_inc(&run->cnt.dev[stat]);
}

/**
 * loom_run_payload_max() - largest payload an AF_LOOM datagram carries
 * @run: the node
 *
 * Return: bytes after the port header.
 */
size_t loom_run_payload_max(struct loom_run *run)
{
	return run->proto->datagram_max(run) - LOOM_PORT_HDR_LEN;
}

/**
 * loom_run_send() - send a datagram from a node's endpoint
 * @run: the node
 * @dst: destination address
 * @buf: the datagram, dispatch byte first
 * @len: its length
 * @cookie: for its delivery report (loom_run_report()), or 0
 *
 * Context: any; under rcu_read_lock() unless the caller holds
 * the radio registry's lock (then @run cannot stop under it).
 * Return: 0 once queued; -ENETDOWN (device down, node stopping),
 * -ENETUNREACH (no network timing), -EAFNOSUPPORT (@dst is of the other
 * kind), or what the protocol's send returns.
 */
int loom_run_send(struct loom_run *run, const struct loom_addr *dst,
		  const u8 *buf, size_t len, u64 cookie)
{
	int err;

	if (!READ_ONCE(run->live) || !netif_running(run->dev))
		err = -ENETDOWN;
	else if (!READ_ONCE(run->synced))
		err = -ENETUNREACH;
	else if (dst->kind != run->proto->addr_kind)
		err = -EAFNOSUPPORT;
	else
		err = run->proto->send(run, dst, buf, len, cookie);
	if (err) {
		atomic64_inc(&run->cnt.tx_dropped);
		return err;
	}
	atomic64_inc(&run->cnt.tx_packets);
	atomic64_add(len, &run->cnt.tx_bytes);
	return 0;
}

/* The address an IPv6 interface identifier names, if any. */
static bool loom_dev_ipv6_addr(struct loom_run *run, const struct in6_addr *a,
			       struct loom_addr *dst)
{
	const u8 *iid = &a->s6_addr[8];
	u8 mac[ETH_ALEN];

	/* Modified EUI-64 back to the 48 bits (RFC 4291 appendix A). */
	if (iid[3] != 0xff || iid[4] != 0xfe)
		return false;
	mac[0] = iid[0] ^ 0x02;
	mac[1] = iid[1];
	mac[2] = iid[2];
	mac[3] = iid[5];
	mac[4] = iid[6];
	mac[5] = iid[7];
	return run->proto->addr_from_mac(mac, dst);
}

static netdev_tx_t loom_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct loom_run *run = netdev_priv(dev);
	enum loom_dev_stat why = LOOM_DEV_STAT_TX_DROP_NO_ADDR;
	const struct ipv6hdr *ip6;
	struct loom_addr dst;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, sizeof(*ip6)))
		goto drop;
	ip6 = (const struct ipv6hdr *)skb->data;
	if (ipv6_addr_is_multicast(&ip6->daddr)) {
		why = LOOM_DEV_STAT_TX_DROP_MULTICAST;
		goto drop;
	}
	if (!loom_dev_ipv6_addr(run, &ip6->daddr, &dst))
		goto drop;
	why = LOOM_DEV_STAT_TX_DROP_REFUSED;
	if (skb_cow_head(skb, 1) || skb_linearize(skb))
		goto drop;
	*(u8 *)skb_push(skb, 1) = LOOM_DISPATCH_IPV6;
	/* Counts its own refusal in tx_dropped. */
	if (loom_run_send(run, &dst, skb->data, skb->len, 0)) {
		loom_dev_count(run, why);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	loom_dev_count(run, LOOM_DEV_STAT_TX_IPV6);
	consume_skb(skb);
	return NETDEV_TX_OK;
drop:
	atomic64_inc(&run->cnt.tx_dropped);
	loom_dev_count(run, why);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/**
 * loom_dev_rx_done() - a datagram of @len bytes was handed to its reader
 * @run: the node
 * @len: its length, dispatch byte and headers included
 */
void loom_dev_rx_done(struct loom_run *run, size_t len)
{
	atomic64_inc(&run->cnt.rx_packets);
	atomic64_add(len, &run->cnt.rx_bytes);
}

static void loom_dev_rx_ipv6(struct loom_run *run, const u8 *data,
			     size_t len)
{
	struct sk_buff *skb;

	if (len < sizeof(struct ipv6hdr) || (data[0] >> 4) != 6) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_DISPATCH);
		return;
	}
	skb = netdev_alloc_skb(run->dev, len);
	if (!skb) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_NOMEM);
		return;
	}
	skb_put_data(skb, data, len);
	skb->protocol = htons(ETH_P_IPV6);
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	loom_dev_count(run, LOOM_DEV_STAT_RX_IPV6);
	loom_dev_rx_done(run, len + 1);
	netif_rx(skb);
}

/**
 * loom_run_recv() - a whole datagram reached the instance: hand it on
 * @run: the instance
 * @src: its source address
 * @data: the datagram, dispatch byte first
 * @len: its length
 * @info: how its last hop was heard
 *
 * Context: bottom halves off; called by the protocol.
 */
void loom_run_recv(struct loom_run *run, const struct loom_addr *src,
		   const u8 *data, size_t len,
		   const struct loom_radio_rx_info *info)
{
	if (len < 1 || (data[0] == LOOM_DISPATCH_PORTS &&
			len < LOOM_PORT_HDR_LEN) ||
	    (data[0] != LOOM_DISPATCH_PORTS && data[0] != LOOM_DISPATCH_IPV6)) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_DISPATCH);
		return;
	}
	if (data[0] == LOOM_DISPATCH_PORTS)
		loom_nl_recv(run, src, data[1], data[2],
			     data + LOOM_PORT_HDR_LEN, len - LOOM_PORT_HDR_LEN,
			     info);
	if (!netif_running(run->dev)) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_DOWN);
		return;
	}
	if (data[0] == LOOM_DISPATCH_IPV6)
		loom_dev_rx_ipv6(run, data + 1, len - 1);
	else
		loom_sock_rx(run, src, data[1], data[2],
			     data + LOOM_PORT_HDR_LEN,
			     len - LOOM_PORT_HDR_LEN, info);
}

static void loom_dev_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *s)
{
	struct loom_run *run = netdev_priv(dev);
	struct loom_run_counters *c = &run->cnt;
	int i;

	s->rx_packets = atomic64_read(&c->rx_packets);
	s->rx_bytes = atomic64_read(&c->rx_bytes);
	s->tx_packets = atomic64_read(&c->tx_packets);
	s->tx_bytes = atomic64_read(&c->tx_bytes);
	s->tx_dropped = atomic64_read(&c->tx_dropped);
	for (i = LOOM_DEV_STAT_DROP_NO_PORT; i <= LOOM_DEV_STAT_DROP_NOMEM; i++)
		s->rx_dropped += atomic64_read(&c->dev[i]);
	s->rx_dropped += atomic64_read(&c->dev[LOOM_DEV_STAT_ECHO_REFUSED]);
}

static const struct net_device_ops loom_netdev_ops = {
	.ndo_start_xmit = loom_dev_xmit,
	.ndo_get_stats64 = loom_dev_get_stats64,
};

/**
 * loom_dev_is_loom() - is this a node's loomN device?
 * @dev: any network device
 *
 * Return: true if its private part is a struct loom_run.
 */
bool loom_dev_is_loom(const struct net_device *dev)
{
	return dev->netdev_ops == &loom_netdev_ops;
}

static void loom_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &loom_netdev_ops;
	dev->type = ARPHRD_RAWIP;
	dev->flags = IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->features |= NETIF_F_LLTX;
	dev->hard_header_len = 0;
	dev->needed_headroom = 1;
	dev->addr_len = 0;
	dev->mtu = IPV6_MIN_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IPV6_MIN_MTU;
	dev->needs_free_netdev = true;
}

/**
 * loom_dev_alloc() - an instance's device, with its struct loom_run
 * @net: the namespace the instance runs in
 * @priv_size: bytes of &loom_run.priv for its protocol
 *
 * Context: process context.
 * Return: the instance, zeroed but for its device, or NULL.
 */
struct loom_run *loom_dev_alloc(struct net *net, size_t priv_size)
{
	struct net_device *dev;
	struct loom_run *run;

	dev = alloc_netdev(struct_size(run, priv, priv_size), "loom%d",
			   NET_NAME_ENUM, loom_dev_setup);
	if (!dev)
		return NULL;
	dev_net_set(dev, net);
	run = netdev_priv(dev);
	run->dev = dev;
	INIT_HLIST_HEAD(&run->socks);
	return run;
}

/**
 * loom_dev_register() - make a started node's device visible, and up
 * @run: the node, its MAC running
 *
 * Context: process context; takes the RTNL.
 * Return: 0, or what register_netdevice() returns (the device is then
 * still the caller's to free with free_netdev()).
 */
int loom_dev_register(struct loom_run *run)
{
	struct net_device *dev = run->dev;
	size_t max = run->proto->datagram_max(run) - 1;
	struct loom_addr addr;
	int err;

	run->proto->own_addr(run, &addr);
	run->proto->addr_to_mac(&addr, dev->perm_addr);
	dev->max_mtu = min_t(size_t, max, 65535);
	if (max < IPV6_MIN_MTU) {
		/* Too small for IPv6; AF_LOOM still works. */
		dev->min_mtu = max;
		dev->mtu = max;
	}
	/*
	 * No carrier to begin with: a carrier that comes on is an event, so
	 * the operational state says UP, not UNKNOWN, for a node (the
	 * coordinator) that has the timing from the start.
	 */
	netif_carrier_off(dev);
	rtnl_lock();
	err = register_netdevice(dev);
	if (!err) {
		dev_change_flags(dev, dev->flags | IFF_UP, NULL);
		if (READ_ONCE(run->synced))
			netif_carrier_on(dev);
	}
	rtnl_unlock();
	return err;
}

/**
 * loom_dev_unregister() - remove a stopped node's device
 * @run: the node; freed with its device when the last reference goes
 *
 * Context: process context; takes the RTNL.
 */
void loom_dev_unregister(struct loom_run *run)
{
	unregister_netdev(run->dev);
}
