// SPDX-License-Identifier: GPL-2.0
/*
 * The "loom" family's commands for running nodes: the radios drivers
 * registered, starting and stopping nodes on them, their counters, sending
 * a datagram; and the notifications of datagrams received (group "data")
 * and of node events (group "events").
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "loom.h"
#include "radio/ether.h"
#include "run.h"

static int loom_need(struct genl_info *info, int attr, const char *msg)
{
	if (info->attrs[attr])
		return 0;
	loom_extack_msg(info->extack, msg);
	return -EINVAL;
}

/*
 * Locked: one message per entry of @head, resuming after the cb->args[0]
 * entries an earlier part of the dump sent.
 */
static int loom_dump_list(struct sk_buff *skb, struct netlink_callback *cb,
			  u8 cmd, struct list_head *head,
			  int (*put)(struct sk_buff *msg, struct list_head *pos))
{
	struct list_head *pos;
	long i = 0;
	void *hdr;

	list_for_each(pos, head) {
		if (i++ < cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_genl_family,
				  NLM_F_MULTI, cmd);
		if (!hdr)
			break;
		if (put(skb, pos)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = i;
	}
	return skb->len;
}

/* Locked: one radio of the registry. */
static int loom_put_radio(struct sk_buff *msg, struct loom_radio *r)
{
	struct loom_radio_info info = { .carrier = true };

	if (r->ops->get_info)
		r->ops->get_info(r, &info);
	if (nla_put_string(msg, LOOM_ATTR_RADIO, r->name) ||
	    nla_put_u8(msg, LOOM_ATTR_RADIO_KIND, r->kind) ||
	    (r->owner_name && nla_put_string(msg, LOOM_ATTR_NAME, r->owner_name)) ||
	    nla_put_u16(msg, LOOM_ATTR_MAX_FRAME, r->max_frame) ||
	    nla_put_u8(msg, LOOM_ATTR_CARRIER, info.carrier) ||
	    nla_put_u64_64bit(msg, LOOM_ATTR_CARRIER_DOWN, r->carrier_down,
			      LOOM_ATTR_PAD) ||
	    (!is_zero_ether_addr(r->hwaddr) &&
	     nla_put(msg, LOOM_ATTR_HWADDR, ETH_ALEN, r->hwaddr)) ||
	    (info.ifindex && nla_put_u32(msg, LOOM_ATTR_IFINDEX, info.ifindex)) ||
	    (info.rate_kbps && nla_put_u32(msg, LOOM_ATTR_RATE, info.rate_kbps)) ||
	    (info.has_stats &&
	     loom_nl_put_stats(msg, LOOM_ATTR_RADIO_STATS, info.stats,
			       __LOOM_RADIO_STAT_MAX - 1)))
		return -EMSGSIZE;
	if (info.has_time) {
		struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_STATE_TIME);
		unsigned int i;

		if (!nest)
			return -EMSGSIZE;
		for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
			if (nla_put_u64_64bit(msg, i + 1, info.time_ns[i], 0))
				return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/**
 * loom_nl_radio_dump() - LOOM_CMD_RADIO_GET: the radios of the namespace
 * @skb: the dump's buffer
 * @cb: the dump; cb->args[0] is the registry position after the last radio
 *	sent
 *
 * Return: bytes in @skb.
 */
int loom_nl_radio_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	unsigned long pos = cb->args[0];
	struct loom_radio *r;
	void *hdr;

	loom_radio_lock();
	while ((r = loom_radio_next(net, &pos))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_genl_family,
				  NLM_F_MULTI, LOOM_CMD_RADIO_GET);
		if (!hdr)
			break;
		if (loom_put_radio(skb, r)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = pos;
	}
	loom_radio_unlock();
	return skb->len;
}

/**
 * loom_nl_radio_add() - LOOM_CMD_RADIO_ADD: attach an interface as a radio
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int loom_nl_radio_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[LOOM_ATTR_RADIO];
	struct nlattr *rate = info->attrs[LOOM_ATTR_RATE];
	int err;

	err = loom_need(info, LOOM_ATTR_IFNAME, "the interface is required");
	if (err)
		return err;
	return loom_ether_attach(genl_info_net(info),
				 nla_data(info->attrs[LOOM_ATTR_IFNAME]),
				 name ? nla_data(name) : NULL,
				 rate ? nla_get_u32(rate) :
					LOOM_RADIO_RATE_DEFAULT,
				 info->extack);
}

/**
 * loom_nl_radio_del() - LOOM_CMD_RADIO_DEL: detach an interface's radio
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int loom_nl_radio_del(struct sk_buff *skb, struct genl_info *info)
{
	int err = loom_need(info, LOOM_ATTR_RADIO, "the radio is required");

	if (err)
		return err;
	return loom_ether_detach_name(genl_info_net(info),
				      nla_data(info->attrs[LOOM_ATTR_RADIO]),
				      info->extack);
}

/* The namespace a request names; a reference the caller puts. */
static struct net *loom_nl_netns(struct genl_info *info)
{
	struct nlattr *fd = info->attrs[LOOM_ATTR_NETNS_FD];
	struct nlattr *pid = info->attrs[LOOM_ATTR_NETNS_PID];
	struct net *net;

	if (!fd == !pid) {
		NL_SET_ERR_MSG(info->extack,
			       "name the namespace by a file descriptor or by a process");
		return ERR_PTR(-EINVAL);
	}
	net = fd ? get_net_ns_by_fd(nla_get_u32(fd)) :
		   get_net_ns_by_pid(nla_get_u32(pid));
	if (IS_ERR(net))
		NL_SET_ERR_MSG_ATTR(info->extack, fd ? fd : pid,
				    "no such network namespace");
	return net;
}

/**
 * loom_nl_radio_set() - LOOM_CMD_RADIO_SET: move a simulated radio
 * @skb: the request
 * @info: its attributes
 *
 * The caller needs CAP_NET_ADMIN over the namespace it gives the radio
 * to, as well as over its own (GENL_ADMIN_PERM).
 * Context: the registry's lock held, the radio resolved (loom_pre_doit()).
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int loom_nl_radio_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = loom_nl_netns(info);
	int err;

	if (IS_ERR(net))
		return PTR_ERR(net);
	if (!netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "no CAP_NET_ADMIN over the target namespace");
		err = -EPERM;
	} else {
		err = loom_radio_move(info->user_ptr[1], net, info->extack);
	}
	put_net(net);
	return err;
}

/*
 * Locked: the radios of LOOM_CMD_NODE_START into @radios, the resolved
 * LOOM_ATTR_RADIO first, then LOOM_ATTR_RADIOS's; how many, or -errno.
 */
static int loom_nl_radios(struct genl_info *info, struct loom_radio **radios)
{
	struct nlattr *nest = info->attrs[LOOM_ATTR_RADIOS], *a;
	unsigned int n = 1, i;
	struct loom_radio *r;
	int rem;

	radios[0] = info->user_ptr[1];
	if (!nest)
		return n;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != LOOM_ATTR_RADIO)
			continue;
		if (n == LOOM_RADIOS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "too many radios for one node");
			return -E2BIG;
		}
		r = loom_radio_find(genl_info_net(info), nla_data(a));
		if (!r) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "no such radio");
			return -ENODEV;
		}
		for (i = 0; i < n; i++) {
			if (radios[i] == r) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "a radio named twice");
				return -EINVAL;
			}
		}
		radios[n++] = r;
	}
	return n;
}

/**
 * loom_nl_node_start() - LOOM_CMD_NODE_START
 * @skb: the request
 * @info: its attributes; the protocol reads its own
 *
 * Context: the registry's lock held, the radio resolved (loom_pre_doit()).
 * Return: 0 or a negative errno (with an extack message).
 */
int loom_nl_node_start(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *proto = info->attrs[LOOM_ATTR_PROTO];
	struct loom_radio *radios[LOOM_RADIOS_MAX];
	int err, n;

	err = loom_need(info, LOOM_ATTR_NAME, "the node's name is required");
	if (err)
		return err;
	n = loom_nl_radios(info, radios);
	if (n < 0)
		return n;
	return loom_run_start(genl_info_net(info),
			      proto ? nla_get_u8(proto) : LOOM_PROTO_TREE,
			      nla_data(info->attrs[LOOM_ATTR_NAME]), radios, n,
			      info->attrs, info->extack);
}

/**
 * loom_nl_node_stop() - LOOM_CMD_NODE_STOP
 * @skb: the request
 * @info: its attributes
 *
 * Context: the registry's lock held, the node resolved (loom_pre_doit()).
 * Return: 0.
 */
int loom_nl_node_stop(struct sk_buff *skb, struct genl_info *info)
{
	loom_run_stop(info->user_ptr[0]);
	return 0;
}

/**
 * loom_nl_put_stats() - counters as a nest of u64, type i for v[i]
 * @msg: the message
 * @type: the nest's attribute type
 * @v: the counters, v[1..n] (v[0] is not sent)
 * @n: the last
 *
 * Return: 0 or -EMSGSIZE.
 */
int loom_nl_put_stats(struct sk_buff *msg, int type, const u64 *v,
		      unsigned int n)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i <= n; i++)
		if (nla_put_u64_64bit(msg, i, v[i], 0))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * loom_nl_put_addr() - an address, as the attribute of its kind
 * @msg: the message
 * @tree_attr: the u16 attribute for a tree address
 * @mesh_attr: the 6-byte attribute for a 48-bit one
 * @a: the address
 *
 * Return: 0 or -EMSGSIZE.
 */
int loom_nl_put_addr(struct sk_buff *msg, int tree_attr, int mesh_attr,
		     const struct loom_addr *a)
{
	if (a->kind == LOOM_ADDR_KIND_MESH)
		return nla_put(msg, mesh_attr, ETH_ALEN, a->mesh);
	return nla_put_u16(msg, tree_attr, a->tree);
}

/* Locked: every radio of an instance, LOOM_ATTR_RADIOS. */
static int loom_put_run_radios(struct sk_buff *msg, struct loom_run *run)
{
	struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_RADIOS);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < run->nradios; i++)
		if (nla_put_string(msg, LOOM_ATTR_RADIO, run->radios[i]->name))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Locked: one running instance with all its counters. */
static int loom_put_run(struct sk_buff *msg, struct loom_run *run)
{
	u64 ds[__LOOM_DEV_STAT_MAX] = {};
	char ifname[IFNAMSIZ] = "";
	struct loom_addr own;
	unsigned int i;

	for (i = 1; i < __LOOM_DEV_STAT_MAX; i++)
		ds[i] = atomic64_read(&run->cnt.dev[i]);
	/* Renames happen under the RTNL: taken, the name cannot tear. */
	rtnl_lock();
	strscpy(ifname, run->dev->name, sizeof(ifname));
	rtnl_unlock();
	run->proto->own_addr(run, &own);

	if (nla_put_string(msg, LOOM_ATTR_NAME, run->name) ||
	    nla_put_u8(msg, LOOM_ATTR_PROTO, run->proto->id) ||
	    loom_nl_put_addr(msg, LOOM_ATTR_ADDR, LOOM_ATTR_HWADDR, &own) ||
	    nla_put_string(msg, LOOM_ATTR_RADIO, run->radios[0]->name) ||
	    loom_put_run_radios(msg, run) ||
	    nla_put_u8(msg, LOOM_ATTR_SYNCED, READ_ONCE(run->synced)) ||
	    nla_put_u32(msg, LOOM_ATTR_DATAGRAM_MAX,
			loom_run_payload_max(run)) ||
	    nla_put_u32(msg, LOOM_ATTR_IFINDEX, run->dev->ifindex) ||
	    nla_put_string(msg, LOOM_ATTR_IFNAME, ifname) ||
	    loom_nl_put_stats(msg, LOOM_ATTR_DEV_STATS, ds, LOOM_DEV_STAT_MAX) ||
	    run->proto->fill_info(run, msg) ||
	    (run->proto->save && run->proto->save(run, msg)))
		return -EMSGSIZE;
	return 0;
}

/**
 * loom_nl_node_get() - LOOM_CMD_NODE_GET for one node
 * @skb: the request
 * @info: its attributes
 *
 * Context: the registry's lock held, the node resolved (loom_pre_doit()).
 * Return: 0 or a negative errno (with an extack message).
 */
int loom_nl_node_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	/* A mesh node's named counters take more than a page. */
	msg = genlmsg_new(2 * NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loom_genl_family, 0,
				LOOM_CMD_NODE_GET);
	if (!hdr || loom_put_run(msg, info->user_ptr[0])) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loom_put_run_pos(struct sk_buff *msg, struct list_head *pos)
{
	return loom_put_run(msg, list_entry(pos, struct loom_run, list));
}

/**
 * loom_nl_node_dump() - LOOM_CMD_NODE_GET: every running node of the
 *	namespace
 * @skb: the dump's buffer
 * @cb: the dump; cb->args[0] counts nodes already sent
 *
 * Return: bytes in @skb.
 */
int loom_nl_node_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct loom_net *ln = loom_pernet(sock_net(cb->skb->sk));
	int len;

	loom_radio_lock();
	len = loom_dump_list(skb, cb, LOOM_CMD_NODE_GET, &ln->runs,
			     loom_put_run_pos);
	loom_radio_unlock();
	return len;
}

/**
 * loom_nl_send() - LOOM_CMD_SEND: a datagram from a running node
 * @skb: the request
 * @info: its attributes
 *
 * Context: the registry's lock held, the node resolved (loom_pre_doit()).
 * Return: 0 once queued, or a negative errno (with an extack message).
 */
int loom_nl_send(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[LOOM_ATTR_DATA];
	struct nlattr *port = info->attrs[LOOM_ATTR_PORT];
	struct loom_run *run = info->user_ptr[0];
	struct loom_addr dst = {};
	u8 *buf = NULL;
	int err = 0;

	if (!info->attrs[LOOM_ATTR_DST] && !info->attrs[LOOM_ATTR_DST_HW])
		err = loom_need(info, LOOM_ATTR_DST, "the destination is required");
	if (!err)
		err = loom_need(info, LOOM_ATTR_DATA, "the data is required");
	if (err)
		return err;
	if (info->attrs[LOOM_ATTR_DST_HW]) {
		dst.kind = LOOM_ADDR_KIND_MESH;
		nla_memcpy(dst.mesh, info->attrs[LOOM_ATTR_DST_HW], ETH_ALEN);
	} else {
		dst.kind = LOOM_ADDR_KIND_TREE;
		dst.tree = nla_get_u16(info->attrs[LOOM_ATTR_DST]);
	}
	if (nla_len(data) > loom_run_payload_max(run)) {
		NL_SET_ERR_MSG_ATTR(info->extack, data,
				    "larger than the largest fragment sequence");
		return -EMSGSIZE;
	}
	buf = kmalloc(nla_len(data) + LOOM_PORT_HDR_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf[0] = LOOM_DISPATCH_PORTS;
	buf[1] = port ? nla_get_u8(port) : LOOM_PORT_MESSAGE;
	buf[2] = LOOM_PORT_ANY;
	memcpy(buf + LOOM_PORT_HDR_LEN, nla_data(data), nla_len(data));
	err = loom_run_send(run, &dst, buf, nla_len(data) + LOOM_PORT_HDR_LEN,
			    0);
	if (err == -EHOSTUNREACH && dst.kind == LOOM_ADDR_KIND_MESH)
		NL_SET_ERR_MSG(info->extack,
			       "no route to that destination (yet)");
	else if (err == -EINVAL && dst.kind == LOOM_ADDR_KIND_MESH)
		NL_SET_ERR_MSG(info->extack,
			       "not a destination: the node's own address or a group address");
	else if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "no device can have that address, or it is the sender's own");
	else if (err == -ENOBUFS)
		NL_SET_ERR_MSG(info->extack,
			       "the node's queue cannot take all its fragments");
	else if (err == -ENETDOWN)
		NL_SET_ERR_MSG(info->extack,
			       "the node's network device is down");
	else if (err == -ENETUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "the node has not taken the network's timing yet");
	else if (err == -EAFNOSUPPORT)
		NL_SET_ERR_MSG(info->extack,
			       "the destination is an address of the other kind");
	kfree(buf);
	return err;
}

/*
 * Best effort from softirq: nobody listening, or no memory, is no error.
 * @group < 0: a message for one socket, whoever listens to groups.
 */
static struct sk_buff *loom_nl_new(struct loom_run *run, int group, u8 cmd,
				   size_t size, void **hdr)
{
	struct loom_addr own;
	struct sk_buff *msg;

	if (group >= 0 &&
	    !genl_has_listeners(&loom_genl_family, run->net, group))
		return NULL;
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return NULL;
	run->proto->own_addr(run, &own);
	*hdr = genlmsg_put(msg, 0, 0, &loom_genl_family, 0, cmd);
	if (!*hdr || nla_put_string(msg, LOOM_ATTR_NAME, run->name) ||
	    loom_nl_put_addr(msg, LOOM_ATTR_ADDR, LOOM_ATTR_HWADDR, &own)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/**
 * loom_nl_recv() - tell group "data" that a datagram reached a node
 * @run: the node
 * @src: its original source
 * @dport: its destination port
 * @sport: its source port
 * @data: its payload
 * @len: the payload's length
 * @info: RSSI and SNR of the last hop
 */
void loom_nl_recv(struct loom_run *run, const struct loom_addr *src,
		  u8 dport, u8 sport, const u8 *data, size_t len,
		  const struct loom_radio_rx_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = loom_nl_new(run, LOOM_MCGRP_DATA_ID, LOOM_CMD_RECV,
			  nla_total_size(len) + 256, &hdr);
	if (!msg)
		return;
	if (loom_nl_put_addr(msg, LOOM_ATTR_SRC, LOOM_ATTR_SRC_HW, src) ||
	    nla_put_u8(msg, LOOM_ATTR_PORT, dport) ||
	    nla_put_u8(msg, LOOM_ATTR_SRC_PORT, sport) ||
	    nla_put(msg, LOOM_ATTR_DATA, len, data) ||
	    (info->rssi_mdbm != LOOM_SIGNAL_UNKNOWN &&
	     nla_put_s32(msg, LOOM_ATTR_RSSI, info->rssi_mdbm)) ||
	    (info->snr_mdb != LOOM_SIGNAL_UNKNOWN &&
	     nla_put_s32(msg, LOOM_ATTR_SNR, info->snr_mdb))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&loom_genl_family, run->net, msg, 0,
				LOOM_MCGRP_DATA_ID, GFP_ATOMIC);
}

/**
 * loom_nl_event() - tell group "events" what happened at a node
 * @run: the node
 * @event: enum loom_event
 * @ev: the failure (LOOM_EVENT_GAVE_UP, LOOM_EVENT_REPORT) or the
 *	distributed configuration (config events); NULL for other events
 */
void loom_nl_event(struct loom_run *run, u8 event,
		   const struct loom_event_info *ev)
{
	struct sk_buff *msg;
	void *hdr;

	msg = loom_nl_new(run, LOOM_MCGRP_EVENTS_ID, LOOM_CMD_EVENT, 256, &hdr);
	if (!msg)
		return;
	if (nla_put_u8(msg, LOOM_ATTR_EVENT, event) ||
	    (ev && ev->report &&
	     (nla_put_u16(msg, LOOM_ATTR_REPORTER, ev->reporter) ||
	      nla_put_u16(msg, LOOM_ATTR_SUBJECT, ev->subject) ||
	      nla_put_u8(msg, LOOM_ATTR_FAILURES, ev->failures))) ||
	    (ev && (event == LOOM_EVENT_CONFIG_MISMATCH ||
		    event == LOOM_EVENT_CONFIG_MATCH) &&
	     nla_put_u32(msg, LOOM_ATTR_CONFIG_ID, ev->config_id)) ||
	    (ev && ev->subject_hw &&
	     nla_put(msg, LOOM_ATTR_SUBJECT_HW, ETH_ALEN, ev->subject_hw)) ||
	    (ev && ev->via_hw &&
	     nla_put(msg, LOOM_ATTR_VIA_HW, ETH_ALEN, ev->via_hw))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&loom_genl_family, run->net, msg, 0,
				LOOM_MCGRP_EVENTS_ID, GFP_ATOMIC);
}

/**
 * loom_nl_ping_reply() - the answer to a layer-2 echo request, to the
 *	socket that sent it (LOOM_CMD_PING)
 * @run: the node that sent the request
 * @portid: the requesting socket's netlink port
 * @res: the answer
 *
 * Context: bottom halves off; best effort (a socket gone is no error).
 */
void loom_nl_ping_reply(struct loom_run *run, u32 portid,
			const struct loom_ping_result *res)
{
	struct sk_buff *msg;
	void *hdr;

	msg = loom_nl_new(run, -1, LOOM_CMD_PING, 256, &hdr);
	if (!msg)
		return;
	if (loom_nl_put_addr(msg, LOOM_ATTR_SRC, LOOM_ATTR_SRC_HW,
			     &res->from) ||
	    nla_put_u16(msg, LOOM_ATTR_SEQ, res->seq) ||
	    nla_put_u8(msg, LOOM_ATTR_PING_CODE, res->code) ||
	    nla_put_u8(msg, LOOM_ATTR_HOP_LIMIT, res->hop_limit) ||
	    nla_put_u64_64bit(msg, LOOM_ATTR_RTT_NS, res->rtt_ns,
			      LOOM_ATTR_PAD)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_unicast(run->net, msg, portid);
}

/**
 * loom_nl_ping() - LOOM_CMD_PING: a layer-2 echo request
 * @skb: the request
 * @info: its attributes
 *
 * Context: the registry's lock held, the node resolved (loom_pre_doit()).
 * Return: 0 once sent, or a negative errno (with an extack message).
 */
int loom_nl_ping(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *limit = info->attrs[LOOM_ATTR_HOP_LIMIT];
	struct loom_run *run = info->user_ptr[0];
	struct loom_addr dst = { .kind = LOOM_ADDR_KIND_MESH };
	int err;

	if (!run->proto->ping) {
		NL_SET_ERR_MSG(info->extack,
			       "the node's protocol has no layer-2 echo: use the echo port");
		return -EOPNOTSUPP;
	}
	err = loom_need(info, LOOM_ATTR_DST_HW,
			"the destination's 48-bit address is required") ?:
	      loom_need(info, LOOM_ATTR_SEQ, "the sequence number is required");
	if (err)
		return err;
	nla_memcpy(dst.mesh, info->attrs[LOOM_ATTR_DST_HW], ETH_ALEN);
	return run->proto->ping(run, &dst,
				nla_get_u16(info->attrs[LOOM_ATTR_SEQ]),
				limit ? nla_get_u8(limit) : 0,
				info->snd_portid, info->extack);
}

/* The neighbours (or the routes) of the instance the dump names. */
static int loom_nl_run_dump(struct sk_buff *skb, struct netlink_callback *cb,
			    bool routes)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *name = info->attrs[LOOM_ATTR_NAME];
	struct loom_run *run;
	int ret;

	if (!name) {
		NL_SET_ERR_MSG(cb->extack, "the node's name is required");
		return -EINVAL;
	}
	loom_radio_lock();
	run = loom_run_find(sock_net(cb->skb->sk), nla_data(name));
	if (run && routes && !run->proto->dump_routes) {
		NL_SET_ERR_MSG(cb->extack,
			       "the node's protocol routes by address: it has no routes to show");
		ret = -EOPNOTSUPP;
	} else if (run) {
		ret = routes ? run->proto->dump_routes(run, skb, cb) :
			       run->proto->dump_links(run, skb, cb);
	} else {
		NL_SET_ERR_MSG(cb->extack, "no node of that name is running");
		ret = -ENOENT;
	}
	loom_radio_unlock();
	return ret;
}

/**
 * loom_nl_link_dump() - LOOM_CMD_LINK_GET: the neighbours of one instance
 * @skb: the dump's buffer
 * @cb: the dump; its protocol's dump_links keeps its place in cb->args
 *
 * Return: bytes in @skb, or a negative errno (no such node).
 */
int loom_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return loom_nl_run_dump(skb, cb, false);
}

/**
 * loom_nl_route_dump() - LOOM_CMD_ROUTE_GET: the routes of one instance
 * @skb: the dump's buffer
 * @cb: the dump; its protocol's dump_routes keeps its place in cb->args
 *
 * Return: bytes in @skb, or a negative errno (no such node, or one whose
 * protocol has no routes).
 */
int loom_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return loom_nl_run_dump(skb, cb, true);
}
