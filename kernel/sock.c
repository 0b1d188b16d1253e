// SPDX-License-Identifier: GPL-2.0
/*
 * AF_LOOM datagram sockets (Documentation/sockets.rst).
 *
 * A socket binds to a node's loomN device and an 8-bit port; several
 * sockets on one node coexist on different ports.  Each node keeps the
 * sockets bound to it on an RCU list: received datagrams find their socket
 * without a lock, and sockets are freed after a grace period
 * (SOCK_RCU_FREE).  One spinlock serialises binding, unbinding and a
 * node's stop, which unbinds every socket and reports ENETDOWN to it.
 *
 * The kernel itself answers port LOOM_PORT_ECHO, for "loomctl ping".
 */
#include <linux/capability.h>
#include <linux/errqueue.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "loom.h"
#include "run.h"

/* Serialises every socket's binding and each node's list of them. */
static DEFINE_SPINLOCK(loom_sock_lock);
/* Numbers the sockets for their delivery reports' cookies. */
static atomic_t loom_sock_ids = ATOMIC_INIT(0);

/* Payload bytes no node can carry: refused before anything is copied. */
#define LOOM_SOCK_LEN_LIMIT	65535

/**
 * struct loom_sock - an AF_LOOM socket
 * @sk: the socket
 * @link: in &loom_run.socks while bound
 * @dev: the device it is bound to, holding a reference; NULL when unbound
 *	or when its node stopped
 * @port: its port
 * @gone: its node stopped under it
 * @connected: connect() set @peer_addr and @peer_port
 * @rx_signal: LOOM_SO_RX_SIGNAL is on
 * @reports: LOOM_SO_REPORTS is on
 * @id: the socket's number in delivery reports' cookies (never 0)
 * @next_report: the number the next datagram sent gets
 * @peer_port: the same, port
 * @peer_addr: default destination, and the only source it hears
 */
struct loom_sock {
	struct sock sk;
	struct hlist_node link;
	struct net_device __rcu *dev;
	u8 port;
	bool gone;
	bool connected;
	bool rx_signal;
	bool reports;
	u32 id;
	u32 next_report;
	u8 peer_port;
	struct loom_addr peer_addr;
};

/**
 * struct loom_skb_cb - what a received datagram's skb remembers
 * @src: source address
 * @sport: source port
 * @ifindex: the device it arrived on
 * @rssi_mdbm: RSSI of the last hop
 * @snr_mdb: SNR of the last hop
 */
struct loom_skb_cb {
	struct loom_addr src;
	u8 sport;
	int ifindex;
	s32 rssi_mdbm;
	s32 snr_mdb;
};

static struct loom_sock *loom_sk(struct sock *sk)
{
	return container_of(sk, struct loom_sock, sk);
}

static struct loom_skb_cb *loom_cb(struct sk_buff *skb)
{
	/* The socket layer keeps its drop count at the end of skb->cb. */
	BUILD_BUG_ON(sizeof(struct loom_skb_cb) >
		     sizeof(skb->cb) - sizeof(struct sock_skb_cb));
	return (struct loom_skb_cb *)skb->cb;
}

static void loom_sock_echo(struct loom_run *run, const struct loom_addr *src,
			   u8 sport, const u8 *data, size_t len)
{
	u8 *buf;

	/*
	 * A sender without a port (netlink) cannot hear an answer; one on a
	 * well-known port may be another echo, and two echoes answering each
	 * other would loop forever (the rule UDP echo keeps too).
	 */
	if (sport < LOOM_PORT_PRIVILEGED) {
		loom_dev_count(run, LOOM_DEV_STAT_ECHO_REFUSED);
		return;
	}
	buf = kmalloc(len + LOOM_PORT_HDR_LEN, GFP_ATOMIC);
	if (!buf) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_NOMEM);
		return;
	}
	buf[0] = LOOM_DISPATCH_PORTS;
	buf[1] = sport;
	buf[2] = LOOM_PORT_ECHO;
	memcpy(buf + LOOM_PORT_HDR_LEN, data, len);
	/* A refusal shows in the node's counters; ping sees the loss. */
	if (!loom_run_send(run, src, buf, len + LOOM_PORT_HDR_LEN, 0)) {
		loom_dev_count(run, LOOM_DEV_STAT_ECHO);
		loom_dev_rx_done(run, len + LOOM_PORT_HDR_LEN);
	}
	kfree(buf);
}

static bool loom_sock_wants(struct loom_sock *lso,
			    const struct loom_addr *src, u8 dport, u8 sport)
{
	return lso->port == dport &&
	       (!lso->connected ||
		(loom_addr_equal(&lso->peer_addr, src) &&
		 lso->peer_port == sport));
}

/**
 * loom_sock_rx() - a port datagram reached a node: queue it on its socket
 * @run: the node
 * @src: source address
 * @dport: destination port
 * @sport: source port
 * @data: payload
 * @len: its length
 * @info: how its last hop was heard
 *
 * Context: bottom halves off.
 */
void loom_sock_rx(struct loom_run *run, const struct loom_addr *src,
		  u8 dport, u8 sport, const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info)
{
	struct loom_sock *lso;
	struct loom_skb_cb *cb;
	struct sk_buff *skb;

	if (dport == LOOM_PORT_ECHO) {
		loom_sock_echo(run, src, sport, data, len);
		return;
	}
	rcu_read_lock();
	hlist_for_each_entry_rcu(lso, &run->socks, link)
		if (loom_sock_wants(lso, src, dport, sport))
			break;
	if (!lso) {
		loom_dev_count(run, LOOM_DEV_STAT_DROP_NO_PORT);
		goto out;
	}
	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb) {
		atomic_inc(&lso->sk.sk_drops);
		loom_dev_count(run, LOOM_DEV_STAT_DROP_NOMEM);
		goto out;
	}
	skb_put_data(skb, data, len);
	__net_timestamp(skb);
	cb = loom_cb(skb);
	cb->src = *src;
	cb->sport = sport;
	cb->ifindex = run->dev->ifindex;
	cb->rssi_mdbm = info->rssi_mdbm;
	cb->snr_mdb = info->snr_mdb;
	if (sock_queue_rcv_skb(&lso->sk, skb)) {
		kfree_skb(skb);
		loom_dev_count(run, LOOM_DEV_STAT_DROP_SOCK_FULL);
	} else {
		loom_dev_count(run, LOOM_DEV_STAT_RX_PORT);
		loom_dev_rx_done(run, len + LOOM_PORT_HDR_LEN);
	}
out:
	rcu_read_unlock();
}

/* What errno a delivery report carries (positive), by enum loom_report. */
static const u8 loom_report_errno[] = {
	[LOOM_REPORT_DELIVERED] = 0,
	[LOOM_REPORT_NO_ROOM] = ENOBUFS,
	[LOOM_REPORT_TIMED_OUT] = ETIMEDOUT,
	[LOOM_REPORT_UNREACHABLE] = EHOSTUNREACH,
};

/**
 * loom_run_report() - a datagram's delivery report, to the error queue of
 *	the socket that sent it (LOOM_SO_REPORTS)
 * @run: the node that sent it
 * @cookie: what the socket gave loom_run_send(): its id, the datagram's
 *	number
 * @outcome: enum loom_report
 *
 * A socket closed or unbound since is no error; a full error queue drops
 * the report and counts it in the socket's drops.
 *
 * Context: bottom halves off.
 */
void loom_run_report(struct loom_run *run, u64 cookie, u8 outcome)
{
	struct sock_exterr_skb *serr;
	struct loom_sock *lso;
	struct sk_buff *skb;

	rcu_read_lock();
	hlist_for_each_entry_rcu(lso, &run->socks, link)
		if (lso->id == (u32)(cookie >> 32))
			break;
	if (!lso || !READ_ONCE(lso->reports))
		goto out;
	skb = alloc_skb(0, GFP_ATOMIC);
	if (!skb) {
		atomic_inc(&lso->sk.sk_drops);
		goto out;
	}
	serr = SKB_EXT_ERR(skb);
	memset(serr, 0, sizeof(*serr));
	serr->ee.ee_errno = outcome < ARRAY_SIZE(loom_report_errno) ?
			    loom_report_errno[outcome] : EHOSTUNREACH;
	serr->ee.ee_origin = SO_EE_ORIGIN_TXSTATUS;
	serr->ee.ee_code = outcome;
	serr->ee.ee_info = (u32)cookie;
	if (sock_queue_err_skb(&lso->sk, skb)) {
		atomic_inc(&lso->sk.sk_drops);
		kfree_skb(skb);
	}
out:
	rcu_read_unlock();
}

/* With loom_sock_lock: detach from the device; the caller puts @dev. */
static struct net_device *loom_sock_detach(struct loom_sock *lso)
{
	struct net_device *dev;

	lockdep_assert_held(&loom_sock_lock);
	dev = rcu_dereference_protected(lso->dev,
					lockdep_is_held(&loom_sock_lock));
	if (dev) {
		hlist_del_init_rcu(&lso->link);
		RCU_INIT_POINTER(lso->dev, NULL);
	}
	return dev;
}

/**
 * loom_sock_unbind_all() - a node stops: its sockets lose their device
 * @run: the node, no longer live
 *
 * Each socket reports ENETDOWN, and its poll() wakes with POLLHUP.
 * Context: process context.
 */
void loom_sock_unbind_all(struct loom_run *run)
{
	struct loom_sock *lso;
	struct hlist_node *tmp;
	struct net_device *dev;

	spin_lock_bh(&loom_sock_lock);
	hlist_for_each_entry_safe(lso, tmp, &run->socks, link) {
		dev = loom_sock_detach(lso);
		WRITE_ONCE(lso->gone, true);
		lso->sk.sk_shutdown = SHUTDOWN_MASK;
		lso->sk.sk_err = ENETDOWN;
		sk_error_report(&lso->sk);
		dev_put(dev);
	}
	spin_unlock_bh(&loom_sock_lock);
}

/* Bound to no port, under loom_sock_lock: is @port free on @run? */
static bool loom_port_free(struct loom_run *run, u8 port)
{
	struct loom_sock *lso;

	hlist_for_each_entry(lso, &run->socks, link)
		if (lso->port == port)
			return false;
	return true;
}

/* Locked socket: bind to device @ifindex and @port (0: pick one). */
static int loom_sock_do_bind(struct loom_sock *lso, int ifindex, u8 port)
{
	struct net *net = sock_net(&lso->sk);
	u32 span = LOOM_PORT_MAX - LOOM_PORT_EPHEMERAL_MIN + 1;
	struct net_device *dev;
	struct loom_run *run;
	int err = 0;
	u32 i, start;

	if (lso->gone)
		return -ENETDOWN;
	if (rcu_access_pointer(lso->dev))
		return -EINVAL;
	if (port == LOOM_PORT_ECHO)
		return -EADDRINUSE;
	if (port != LOOM_PORT_ANY && port < LOOM_PORT_PRIVILEGED &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	dev = dev_get_by_index(net, ifindex);
	if (!dev)
		return -ENODEV;
	if (!loom_dev_is_loom(dev)) {
		dev_put(dev);
		return -ENODEV;
	}
	run = netdev_priv(dev);
	spin_lock_bh(&loom_sock_lock);
	if (!READ_ONCE(run->live)) {
		err = -ENETDOWN;
	} else if (port == LOOM_PORT_ANY) {
		err = -EADDRINUSE;
		start = get_random_u32_below(span);
		for (i = 0; i < span && err; i++) {
			port = LOOM_PORT_EPHEMERAL_MIN + (start + i) % span;
			if (loom_port_free(run, port))
				err = 0;
		}
	} else if (!loom_port_free(run, port)) {
		err = -EADDRINUSE;
	}
	if (!err) {
		lso->port = port;
		hlist_add_head_rcu(&lso->link, &run->socks);
		rcu_assign_pointer(lso->dev, dev);
	}
	spin_unlock_bh(&loom_sock_lock);
	if (err)
		dev_put(dev);
	return err;
}

/* A caller's address: the right family, long enough, no stray bits. */
static int loom_sockaddr_check(const struct sockaddr_loom *sa, int len)
{
	BUILD_BUG_ON(offsetof(struct sockaddr_loom, sloom_hwaddr) !=
		     LOOM_SOCKADDR_TREE_LEN);
	BUILD_BUG_ON(sizeof(*sa) != LOOM_SOCKADDR_LEN);
	if (len < LOOM_SOCKADDR_TREE_LEN)
		return -EINVAL;
	if (sa->sloom_family != AF_LOOM)
		return -EAFNOSUPPORT;
	switch (sa->sloom_kind) {
	case LOOM_ADDR_KIND_TREE:
		return len >= LOOM_SOCKADDR_LEN && sa->sloom_pad ? -EINVAL : 0;
	case LOOM_ADDR_KIND_MESH:
		return len < LOOM_SOCKADDR_LEN || sa->sloom_pad ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* A checked caller's address as a destination: false if it names none. */
static bool loom_sockaddr_dst(const struct sockaddr_loom *sa,
			      struct loom_addr *a)
{
	a->kind = sa->sloom_kind;
	if (a->kind == LOOM_ADDR_KIND_MESH) {
		ether_addr_copy(a->mesh, sa->sloom_hwaddr);
		return sa->sloom_port != LOOM_PORT_ANY &&
		       is_valid_ether_addr(a->mesh);
	}
	a->tree = sa->sloom_addr;
	return sa->sloom_port != LOOM_PORT_ANY &&
	       sa->sloom_addr != LOOM_ADDR_RESERVED;
}

/* @a, @port and @ifindex into a zeroed @sa. */
static void loom_sockaddr_fill(struct sockaddr_loom *sa,
			       const struct loom_addr *a, u8 port, int ifindex)
{
	memset(sa, 0, sizeof(*sa));
	sa->sloom_family = AF_LOOM;
	if (a && a->kind == LOOM_ADDR_KIND_MESH) {
		sa->sloom_kind = LOOM_ADDR_KIND_MESH;
		ether_addr_copy(sa->sloom_hwaddr, a->mesh);
	} else if (a) {
		sa->sloom_addr = a->tree;
	}
	sa->sloom_port = port;
	sa->sloom_ifindex = ifindex;
}

static int loom_sock_bind(struct socket *sock, struct sockaddr *uaddr,
			  int len)
{
	const struct sockaddr_loom *sa = (const struct sockaddr_loom *)uaddr;
	int err;

	err = loom_sockaddr_check(sa, len);
	if (err)
		return err;
	lock_sock(sock->sk);
	err = loom_sock_do_bind(loom_sk(sock->sk), sa->sloom_ifindex,
				sa->sloom_port);
	release_sock(sock->sk);
	return err;
}

static int loom_sock_connect(struct socket *sock, struct sockaddr *uaddr,
			     int len, int flags)
{
	const struct sockaddr_loom *sa = (const struct sockaddr_loom *)uaddr;
	struct loom_sock *lso = loom_sk(sock->sk);
	struct loom_addr peer;
	int err = 0;

	if (len >= (int)sizeof(sa_family_t) &&
	    uaddr->sa_family == AF_UNSPEC) {
		lock_sock(sock->sk);
		lso->connected = false;
		release_sock(sock->sk);
		return 0;
	}
	err = loom_sockaddr_check(sa, len);
	if (err)
		return err;
	if (!loom_sockaddr_dst(sa, &peer))
		return -EINVAL;
	lock_sock(sock->sk);
	if (!rcu_access_pointer(lso->dev) && sa->sloom_ifindex)
		err = loom_sock_do_bind(lso, sa->sloom_ifindex, LOOM_PORT_ANY);
	else if (!rcu_access_pointer(lso->dev))
		err = lso->gone ? -ENETDOWN : -ENODEV;
	if (!err) {
		lso->peer_addr = peer;
		lso->peer_port = sa->sloom_port;
		lso->connected = true;
	}
	release_sock(sock->sk);
	return err;
}

static int loom_sock_getname(struct socket *sock, struct sockaddr *uaddr,
			     int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_loom *, sa, uaddr);
	struct loom_sock *lso = loom_sk(sock->sk);
	struct net_device *dev;

	loom_sockaddr_fill(sa, NULL, 0, 0);
	lock_sock(sock->sk);
	rcu_read_lock();
	dev = rcu_dereference(lso->dev);
	if (peer && !lso->connected) {
		rcu_read_unlock();
		release_sock(sock->sk);
		return -ENOTCONN;
	}
	if (dev && peer) {
		loom_sockaddr_fill(sa, &lso->peer_addr, lso->peer_port,
				   dev->ifindex);
	} else if (dev) {
		struct loom_run *run = netdev_priv(dev);
		struct loom_addr own;

		run->proto->own_addr(run, &own);
		loom_sockaddr_fill(sa, &own, lso->port, dev->ifindex);
	}
	rcu_read_unlock();
	release_sock(sock->sk);
	return sizeof(*sa);
}

static int loom_sock_sendmsg(struct socket *sock, struct msghdr *msg,
			     size_t len)
{
	DECLARE_SOCKADDR(struct sockaddr_loom *, sa, msg->msg_name);
	struct loom_sock *lso = loom_sk(sock->sk);
	struct net_device *dev;
	struct loom_addr dst;
	u8 dport, *buf;
	u64 cookie;
	int err = 0;

	/* sendmmsg() adds MSG_BATCH; a datagram always ends its record. */
	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_CMSG_COMPAT |
			       MSG_BATCH | MSG_EOR | MSG_CONFIRM))
		return -EOPNOTSUPP;
	if (len > LOOM_SOCK_LEN_LIMIT)
		return -EMSGSIZE;
	if (sa) {
		err = loom_sockaddr_check(sa, msg->msg_namelen);
		if (err)
			return err;
		if (!loom_sockaddr_dst(sa, &dst))
			return -EINVAL;
	}
	buf = kmalloc(len + LOOM_PORT_HDR_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (memcpy_from_msg(buf + LOOM_PORT_HDR_LEN, msg, len)) {
		kfree(buf);
		return -EFAULT;
	}
	lock_sock(sock->sk);
	if (sa) {
		dport = sa->sloom_port;
	} else if (lso->connected) {
		dst = lso->peer_addr;
		dport = lso->peer_port;
	} else {
		err = -EDESTADDRREQ;
	}
	/* An unbound socket that names a device takes a free port on it. */
	if (!err && !rcu_access_pointer(lso->dev) && !lso->gone) {
		if (sa && sa->sloom_ifindex)
			err = loom_sock_do_bind(lso, sa->sloom_ifindex,
						LOOM_PORT_ANY);
		else
			err = -ENODEV;
	}
	rcu_read_lock();
	dev = rcu_dereference(lso->dev);
	if (!err && !dev)
		err = -ENETDOWN;
	if (!err && sa && sa->sloom_ifindex &&
	    sa->sloom_ifindex != dev->ifindex)
		err = -EINVAL;
	if (!err && len > loom_run_payload_max(netdev_priv(dev)))
		err = -EMSGSIZE;
	if (!err) {
		buf[0] = LOOM_DISPATCH_PORTS;
		buf[1] = dport;
		buf[2] = lso->port;
		/* The socket's id and the datagram's number, for its report. */
		cookie = lso->reports ?
			 ((u64)lso->id << 32 | lso->next_report) : 0;
		err = loom_run_send(netdev_priv(dev), &dst, buf,
				    len + LOOM_PORT_HDR_LEN, cookie);
		if (!err && lso->reports)
			lso->next_report++;
	}
	rcu_read_unlock();
	release_sock(sock->sk);
	kfree(buf);
	return err ? err : len;
}

static int loom_sock_recvmsg(struct socket *sock, struct msghdr *msg,
			     size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct loom_sock *lso = loom_sk(sk);
	struct loom_skb_cb *cb;
	struct sk_buff *skb;
	int err, copied;

	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC | MSG_PEEK | MSG_CMSG_COMPAT |
		      MSG_CMSG_CLOEXEC | MSG_WAITALL | MSG_ERRQUEUE))
		return -EOPNOTSUPP;
	if (flags & MSG_ERRQUEUE)
		return sock_recv_errqueue(sk, msg, size, SOL_LOOM,
					  LOOM_SCM_REPORT);
	if (READ_ONCE(lso->gone) && skb_queue_empty_lockless(&sk->sk_receive_queue))
		return -ENETDOWN;
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return READ_ONCE(lso->gone) && !err ? -ENETDOWN : err;
	cb = loom_cb(skb);
	copied = skb->len;
	if (copied > size) {
		copied = size;
		msg->msg_flags |= MSG_TRUNC;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto out;
	sock_recv_cmsgs(msg, sk, skb);
	if (msg->msg_name) {
		DECLARE_SOCKADDR(struct sockaddr_loom *, sa, msg->msg_name);

		loom_sockaddr_fill(sa, &cb->src, cb->sport, cb->ifindex);
		msg->msg_namelen = sizeof(*sa);
	}
	if (lso->rx_signal) {
		struct loom_rx_signal sig = {
			.rssi_mdbm = cb->rssi_mdbm,
			.snr_mdb = cb->snr_mdb,
		};

		put_cmsg(msg, SOL_LOOM, LOOM_SCM_SIGNAL, sizeof(sig), &sig);
	}
	if (flags & MSG_TRUNC)
		copied = skb->len;
out:
	skb_free_datagram(sk, skb);
	return err ? err : copied;
}

static int loom_sock_setsockopt(struct socket *sock, int level, int name,
				sockptr_t val, unsigned int len)
{
	int on;

	struct loom_sock *lso = loom_sk(sock->sk);

	if (level != SOL_LOOM)
		return -ENOPROTOOPT;
	if (name != LOOM_SO_RX_SIGNAL && name != LOOM_SO_REPORTS)
		return -ENOPROTOOPT;
	if (len < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&on, val, sizeof(on)))
		return -EFAULT;
	lock_sock(sock->sk);
	if (name == LOOM_SO_RX_SIGNAL) {
		lso->rx_signal = !!on;
	} else {
		lso->reports = !!on;
		lso->next_report = 0;
	}
	release_sock(sock->sk);
	return 0;
}

static int loom_sock_getsockopt(struct socket *sock, int level, int name,
				char __user *val, int __user *len)
{
	int on, ulen;

	if (level != SOL_LOOM ||
	    (name != LOOM_SO_RX_SIGNAL && name != LOOM_SO_REPORTS))
		return -ENOPROTOOPT;
	if (get_user(ulen, len))
		return -EFAULT;
	if (ulen < (int)sizeof(int))
		return -EINVAL;
	on = name == LOOM_SO_RX_SIGNAL ? loom_sk(sock->sk)->rx_signal :
				       loom_sk(sock->sk)->reports;
	if (put_user(sizeof(int), len) || copy_to_user(val, &on, sizeof(int)))
		return -EFAULT;
	return 0;
}

static int loom_sock_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct net_device *dev;

	if (!sk)
		return 0;
	lock_sock(sk);
	spin_lock_bh(&loom_sock_lock);
	dev = loom_sock_detach(loom_sk(sk));
	spin_unlock_bh(&loom_sock_lock);
	dev_put(dev);
	sock_orphan(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static const struct proto_ops loom_dgram_ops = {
	.family = PF_LOOM,
	.owner = THIS_MODULE,
	.release = loom_sock_release,
	.bind = loom_sock_bind,
	.connect = loom_sock_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = loom_sock_getname,
	.poll = datagram_poll,
	.ioctl = sock_no_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.setsockopt = loom_sock_setsockopt,
	.getsockopt = loom_sock_getsockopt,
	.sendmsg = loom_sock_sendmsg,
	.recvmsg = loom_sock_recvmsg,
	.mmap = sock_no_mmap,
	.sendpage = sock_no_sendpage,
};

static struct proto loom_proto = {
	.name = "LOOM",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct loom_sock),
};

/* After the last RCU reader: what a late delivery queued goes too. */
static void loom_sock_destruct(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
}

static int loom_sock_create(struct net *net, struct socket *sock,
			    int protocol, int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol)
		return -EPROTONOSUPPORT;
	sk = sk_alloc(net, PF_LOOM, GFP_KERNEL, &loom_proto, kern);
	if (!sk)
		return -ENOMEM;
	sock_init_data(sock, sk);
	sock->ops = &loom_dgram_ops;
	sk->sk_destruct = loom_sock_destruct;
	sock_set_flag(sk, SOCK_RCU_FREE);
	INIT_HLIST_NODE(&loom_sk(sk)->link);
	/* Never 0: a cookie of 0 asks for no report. */
	do {
		loom_sk(sk)->id = atomic_inc_return(&loom_sock_ids);
	} while (!loom_sk(sk)->id);
	return 0;
}

/*
 * A loomN device that moves to another namespace is unregistered from the
 * old one first: its sockets there lose it, as AF_PACKET's do.  (A node
 * that stops has unbound them already.)
 */
static int loom_sock_netdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER && loom_dev_is_loom(dev))
		loom_sock_unbind_all(netdev_priv(dev));
	return NOTIFY_DONE;
}

static struct notifier_block loom_sock_notifier = {
	.notifier_call = loom_sock_netdev_event,
};

static const struct net_proto_family loom_family_ops = {
	.family = PF_LOOM,
	.create = loom_sock_create,
	.owner = THIS_MODULE,
};

/**
 * loom_sock_init() - register AF_LOOM
 *
 * Return: 0, or -EEXIST if something else holds the family's number.
 */
int loom_sock_init(void)
{
	int err = proto_register(&loom_proto, 0);

	if (err)
		return err;
	err = register_netdevice_notifier(&loom_sock_notifier);
	if (err)
		goto out_proto;
	err = sock_register(&loom_family_ops);
	if (!err)
		return 0;
	unregister_netdevice_notifier(&loom_sock_notifier);
out_proto:
	proto_unregister(&loom_proto);
	return err;
}

/**
 * loom_sock_exit() - unregister AF_LOOM; no socket is left (each holds the
 *	module)
 */
void loom_sock_exit(void)
{
	sock_unregister(PF_LOOM);
	unregister_netdevice_notifier(&loom_sock_notifier);
	proto_unregister(&loom_proto);
}
