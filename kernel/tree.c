// SPDX-License-Identifier: GPL-2.0
/*
 * The Loom tree as a protocol (kernel/proto.h): a node of the namespace's
 * topology on a claimed radio, with its network layer (kernel/net/node.c)
 * and TDMA MAC (kernel/mac/mac.c).
 *
 * Starting computes the period's timing for the radio's time on air,
 * checks a saved state (LOOM_ATTR_STATE) against it, and starts the MAC;
 * the node keeps its address, counters and neighbours, which
 * LOOM_CMD_NODE_GET and LOOM_CMD_LINK_GET show.
 */
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "loom.h"
#include "net/node.h"
#include "run.h"

/**
 * struct loom_tree - a tree node's state in its instance
 * @node: network layer and MAC
 * @inited: @node was set up (and has to be destroyed)
 * @tm: the period's timing, planned before the radio is claimed
 * @conf: the node's MAC configuration, the same
 * @restore: a saved state fits: resume at @next with @frame_id
 * @next: the next period start, in the radio clock's time
 * @frame_id: frame id of the next datagram
 */
struct loom_tree {
	struct loom_node node;
	bool inited;
	struct loom_mac_timing tm;
	struct loom_mac_conf conf;
	bool restore;
	u64 next;
	u8 frame_id;
};

/**
 * struct loom_tree_state - what a node keeps across a power cycle
 * @addr: its address
 * @period_ns: the refresh period it ran with
 * @next_ns: when a period begins: CLOCK_REALTIME, or virtual clock time
 * @virt: saved on a virtual clock
 * @frame_id: frame id of its next datagram
 */
struct loom_tree_state {
	u16 addr;
	u64 period_ns;
	u64 next_ns;
	bool virt;
	u8 frame_id;
};

/* A saved node state (LOOM_ATTR_STATE). */
const struct nla_policy loom_state_policy[LOOM_STATE_ATTR_MAX + 1] = {
	[LOOM_STATE_ATTR_ADDR] = { .type = NLA_U16 },
	[LOOM_STATE_ATTR_PERIOD_NS] = NLA_POLICY_MIN(NLA_U64, 1),
	[LOOM_STATE_ATTR_NEXT_REFRESH_NS] = { .type = NLA_U64 },
	[LOOM_STATE_ATTR_VIRTUAL] = { .type = NLA_FLAG },
	[LOOM_STATE_ATTR_FRAME_ID] = { .type = NLA_U8 },
};

static struct loom_tree *loom_tree(struct loom_run *run)
{
	return loom_run_priv(run);
}

static void loom_tree_recv(struct loom_node *nd, u16 src, const u8 *data,
			   size_t len, const struct loom_radio_rx_info *info)
{
	struct loom_addr a = { .kind = LOOM_ADDR_KIND_TREE, .tree = src };

	loom_run_recv(nd->priv, &a, data, len, info);
}

static void loom_tree_report(struct loom_node *nd,
			     const struct loom_node_report *rep, bool local)
{
	struct loom_event_info ev = {
		.reporter = rep->reporter,
		.subject = rep->subject,
		.failures = rep->failures,
		.report = true,
	};

	loom_nl_event(nd->priv, local ? LOOM_EVENT_GAVE_UP : LOOM_EVENT_REPORT,
		      &ev);
}

static void loom_tree_sync(struct loom_node *nd, bool synced)
{
	loom_run_set_synced(nd->priv, synced);
}

static void loom_tree_config(struct loom_node *nd, u32 theirs)
{
	struct loom_event_info ev = { .config_id = theirs };

	loom_nl_event(nd->priv, theirs == nd->mac.conf.config_id ?
		      LOOM_EVENT_CONFIG_MATCH : LOOM_EVENT_CONFIG_MISMATCH,
		      &ev);
}

static const struct loom_node_ops loom_tree_node_ops = {
	.recv = loom_tree_recv,
	.report = loom_tree_report,
	.sync = loom_tree_sync,
	.config = loom_tree_config,
};

/* What a running node would need after a power cycle; false if no timing. */
static bool loom_tree_save(struct loom_tree *tr, struct loom_tree_state *st)
{
	struct loom_mac *mac = &tr->node.mac;
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
	spin_lock_bh(&tr->node.lock);
	st->frame_id = tr->node.next_id;
	spin_unlock_bh(&tr->node.lock);
	return true;
}

/* LOOM_ATTR_STATE into @st; -EINVAL (extack set) if it is incomplete. */
static int loom_tree_parse_state(struct nlattr *nest,
				 struct loom_tree_state *st,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LOOM_STATE_ATTR_MAX + 1];
	int err;

	err = nla_parse_nested(tb, LOOM_STATE_ATTR_MAX, nest,
			       loom_state_policy, extack);
	if (err)
		return err;
	if (!tb[LOOM_STATE_ATTR_ADDR] || !tb[LOOM_STATE_ATTR_PERIOD_NS] ||
	    !tb[LOOM_STATE_ATTR_NEXT_REFRESH_NS] ||
	    !tb[LOOM_STATE_ATTR_FRAME_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a saved state needs address, period, next refresh and frame id");
		return -EINVAL;
	}
	st->addr = nla_get_u16(tb[LOOM_STATE_ATTR_ADDR]);
	st->period_ns = nla_get_u64(tb[LOOM_STATE_ATTR_PERIOD_NS]);
	st->next_ns = nla_get_u64(tb[LOOM_STATE_ATTR_NEXT_REFRESH_NS]);
	st->virt = nla_get_flag(tb[LOOM_STATE_ATTR_VIRTUAL]);
	st->frame_id = nla_get_u8(tb[LOOM_STATE_ATTR_FRAME_ID]);
	return 0;
}

/*
 * Saved timing, checked against what the node computes now, as the next
 * period start in @clk's time (projected whole periods into the future).
 */
static int loom_tree_restore_at(const struct loom_tree_state *st,
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

/* Locked: the timing and configuration of node @idx of @t on @r. */
static int loom_tree_plan(struct loom_tree *tr, struct loom_radio *r,
			  const struct loom_topology *t, u32 idx,
			  const struct loom_tree_state *st,
			  struct netlink_ext_ack *extack)
{
	int err;

	err = loom_mac_timing_compute(&tr->tm, &t->cfg, loom_mac_relays(t),
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
	loom_mac_conf_from_topo(&tr->conf, t, idx);
	if (!st)
		return 0;
	err = loom_tree_restore_at(st, &tr->conf, &tr->tm, r->clk, &tr->next,
				   extack);
	tr->restore = !err;
	tr->frame_id = st->frame_id;
	return err;
}

static int loom_tree_prepare(struct loom_run *run, struct loom_radio *r,
			     struct nlattr **attrs,
			     struct netlink_ext_ack *extack)
{
	struct loom_topo_ref *tref = loom_topo_get(loom_pernet(run->net));
	struct loom_tree_state st;
	u32 idx = LOOM_NO_PARENT, i;
	int err;

	if (!tref) {
		NL_SET_ERR_MSG(extack, "no topology loaded in this namespace");
		return -ENOENT;
	}
	if (attrs[LOOM_ATTR_STATE]) {
		err = loom_tree_parse_state(attrs[LOOM_ATTR_STATE], &st,
					    extack);
		if (err)
			goto out;
	}
	for (i = 0; i < tref->topo->n; i++)
		if (!strcmp(tref->topo->nodes[i].name, run->name))
			idx = i;
	if (idx == LOOM_NO_PARENT) {
		NL_SET_ERR_MSG(extack, "no node of that name in the topology");
		err = -ENOENT;
		goto out;
	}
	err = loom_tree_plan(loom_tree(run), r, tref->topo, idx,
			     attrs[LOOM_ATTR_STATE] ? &st : NULL, extack);
out:
	loom_topo_put(tref);
	return err;
}

static int loom_tree_start(struct loom_run *run, struct loom_radio *r,
			   struct netlink_ext_ack *extack)
{
	struct loom_tree *tr = loom_tree(run);
	int err;

	loom_node_init(&tr->node, r, r->clk, &tr->conf, &tr->tm,
		       &loom_tree_node_ops, run);
	tr->inited = true;
	/* The coordinator keeps time itself: in sync from the start. */
	run->synced = tr->conf.addr == LOOM_ADDR_COORDINATOR || tr->restore;
	if (tr->restore) {
		loom_mac_resume(&tr->node.mac, tr->next);
		tr->node.next_id = tr->frame_id;
	}
	err = loom_mac_start(&tr->node.mac);
	if (err) {
		/* The core releases the radio, then calls destroy. */
		NL_SET_ERR_MSG(extack, "the radio refused to listen");
		loom_mac_halt(&tr->node.mac);
	}
	return err;
}

static void loom_tree_halt(struct loom_run *run)
{
	loom_mac_halt(&loom_tree(run)->node.mac);
}

static void loom_tree_destroy(struct loom_run *run)
{
	struct loom_tree *tr = loom_tree(run);

	if (tr->inited)
		loom_node_destroy(&tr->node);
}

/* The tree has hop-by-hop acknowledgements and no end-to-end reports. */
static int loom_tree_send(struct loom_run *run, const struct loom_addr *dst,
			  const u8 *buf, size_t len, u64 cookie)
{
	return loom_node_send(&loom_tree(run)->node, dst->tree, buf, len);
}

static size_t loom_tree_datagram_max(struct loom_run *run)
{
	return loom_node_datagram_max(&loom_tree(run)->node);
}

static void loom_tree_own_addr(struct loom_run *run, struct loom_addr *a)
{
	a->kind = LOOM_ADDR_KIND_TREE;
	a->tree = loom_tree(run)->node.mac.conf.addr;
}

/* 02:00:00:00:<addr>: the identifier 0000:00ff:fe00:<addr> (RFC 4944). */
static void loom_tree_addr_to_mac(const struct loom_addr *a, u8 *mac)
{
	mac[0] = 0x02;
	mac[1] = 0;
	mac[2] = 0;
	mac[3] = 0;
	mac[4] = a->tree >> 8;
	mac[5] = a->tree & 0xff;
}

static bool loom_tree_addr_from_mac(const u8 *mac, struct loom_addr *a)
{
	if (mac[0] != 0x02 || mac[1] || mac[2] || mac[3])
		return false;
	a->kind = LOOM_ADDR_KIND_TREE;
	a->tree = (mac[4] << 8) | mac[5];
	return a->tree != LOOM_ADDR_RESERVED;
}

static int loom_tree_put_state(struct loom_run *run, struct sk_buff *msg)
{
	struct loom_tree *tr = loom_tree(run);
	struct loom_tree_state st;
	struct nlattr *nest;

	if (!loom_tree_save(tr, &st))
		return 0;
	nest = nla_nest_start(msg, LOOM_ATTR_STATE);
	if (!nest || nla_put_u16(msg, LOOM_STATE_ATTR_ADDR, st.addr) ||
	    nla_put_u64_64bit(msg, LOOM_STATE_ATTR_PERIOD_NS, st.period_ns,
			      LOOM_STATE_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, LOOM_STATE_ATTR_NEXT_REFRESH_NS, st.next_ns,
			      LOOM_STATE_ATTR_PAD) ||
	    (st.virt && nla_put_flag(msg, LOOM_STATE_ATTR_VIRTUAL)) ||
	    nla_put_u8(msg, LOOM_STATE_ATTR_FRAME_ID, st.frame_id))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int loom_tree_fill_info(struct loom_run *run, struct sk_buff *msg)
{
	struct loom_tree *tr = loom_tree(run);
	struct loom_mac *mac = &tr->node.mac;
	u64 ms[__LOOM_MAC_STAT_MAX] = {}, ns[__LOOM_NET_STAT_MAX] = {};
	u32 edge[LOOM_EDGE_BUCKETS];
	struct loom_mac_stats m;
	struct loom_node_stats n;
	unsigned int i;
	u64 rx_drop = 0, edge_max, jit, jit_max;

	spin_lock_bh(&mac->lock);
	m = mac->stats;
	memcpy(edge, mac->edge_hist, sizeof(edge));
	edge_max = mac->edge_max_ns;
	jit = mac->jitter_ns;
	jit_max = mac->jitter_max_ns;
	for (i = 0; i < __LOOM_DROP_MAX; i++)
		rx_drop += mac->rx.drop[i];
	spin_unlock_bh(&mac->lock);
	spin_lock_bh(&tr->node.lock);
	n = tr->node.stats;
	spin_unlock_bh(&tr->node.lock);

	ms[LOOM_MAC_STAT_REFRESH_TX] = m.refresh_tx;
	ms[LOOM_MAC_STAT_REFRESH_RX] = m.refresh_rx;
	ms[LOOM_MAC_STAT_REFRESH_MISSED] = m.refresh_missed;
	ms[LOOM_MAC_STAT_SYNC_LOST] = m.sync_lost;
	ms[LOOM_MAC_STAT_DATA_TX] = m.data_tx;
	ms[LOOM_MAC_STAT_POLLS] = m.polls;
	ms[LOOM_MAC_STAT_ACKED] = m.acked;
	ms[LOOM_MAC_STAT_FAILS] = m.fails;
	ms[LOOM_MAC_STAT_GIVEN_UP] = m.given_up;
	ms[LOOM_MAC_STAT_QUEUE_FULL] = m.queue_full;
	ms[LOOM_MAC_STAT_DUPS] = m.dups;
	ms[LOOM_MAC_STAT_DELIVERED] = m.delivered;
	ms[LOOM_MAC_STAT_IGNORED] = m.ignored;
	ms[LOOM_MAC_STAT_XMIT_ERRORS] = m.xmit_errors;
	ms[LOOM_MAC_STAT_RX_DROPPED] = rx_drop;
	ms[LOOM_MAC_STAT_MORE_RX] = m.more_rx;
	ms[LOOM_MAC_STAT_MORE_MISSED] = m.more_missed;
	ms[LOOM_MAC_STAT_CONFIG_MISMATCH] = m.config_mismatch;
	ms[LOOM_MAC_STAT_LATE_SKIPS] = m.late_skips;
	ms[LOOM_MAC_STAT_LATE_REFRESH] = m.late_refresh;
	ms[LOOM_MAC_STAT_HELD] = m.held;

	ns[LOOM_NET_STAT_TX_DATAGRAMS] = n.tx_datagrams;
	ns[LOOM_NET_STAT_TX_FRAGS] = n.tx_frags;
	ns[LOOM_NET_STAT_RX_DATAGRAMS] = n.rx_datagrams;
	ns[LOOM_NET_STAT_RX_FRAGS] = n.rx_frags;
	ns[LOOM_NET_STAT_FORWARDED] = n.forwarded;
	ns[LOOM_NET_STAT_ERRORS_SENT] = n.errors_sent;
	ns[LOOM_NET_STAT_ERRORS_RX] = n.errors_rx;
	/* enum loom_node_drop, in order, after the counters above. */
	for (i = 0; i < __LOOM_NDROP_MAX; i++)
		ns[LOOM_NET_STAT_DROP_NO_ROUTE + i] = n.drop[i];

	if (nla_put_u32(msg, LOOM_ATTR_CONFIG_ID, mac->conf.config_id) ||
	    loom_nl_put_stats(msg, LOOM_ATTR_MAC_STATS, ms, LOOM_MAC_STAT_MAX) ||
	    loom_nl_put_stats(msg, LOOM_ATTR_NET_STATS, ns, LOOM_NET_STAT_MAX) ||
	    nla_put(msg, LOOM_ATTR_EDGE_HIST, sizeof(edge), edge) ||
	    nla_put_u64_64bit(msg, LOOM_ATTR_EDGE_MAX_NS, edge_max,
			      LOOM_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, LOOM_ATTR_JITTER_NS, jit, LOOM_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, LOOM_ATTR_JITTER_MAX_NS, jit_max,
			      LOOM_ATTR_PAD))
		return -EMSGSIZE;
	return 0;
}

static int loom_tree_put_link(struct sk_buff *msg,
			      const struct loom_mac_link *l, u16 parent,
			      u64 now)
{
	struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_LINK);

	if (!nest || nla_put_u16(msg, LOOM_LINK_ATTR_ADDR, l->addr) ||
	    (l->addr == parent && nla_put_flag(msg, LOOM_LINK_ATTR_PARENT)) ||
	    nla_put_u32(msg, LOOM_LINK_ATTR_RX_FRAMES, l->rx_frames) ||
	    nla_put_u32(msg, LOOM_LINK_ATTR_HS_OK, l->hs_ok) ||
	    nla_put_u32(msg, LOOM_LINK_ATTR_HS_FAIL, l->hs_fail) ||
	    nla_put_u8(msg, LOOM_LINK_ATTR_FAILS, l->fails))
		return -EMSGSIZE;
	if (l->rx_frames &&
	    ((l->rssi_mdbm != LOOM_SIGNAL_UNKNOWN &&
	      nla_put_s32(msg, LOOM_LINK_ATTR_RSSI, l->rssi_mdbm)) ||
	     (l->snr_mdb != LOOM_SIGNAL_UNKNOWN &&
	      nla_put_s32(msg, LOOM_LINK_ATTR_SNR, l->snr_mdb)) ||
	     nla_put_u64_64bit(msg, LOOM_LINK_ATTR_AGE_MS,
			       div_u64(now - l->heard_ns, NSEC_PER_MSEC),
			       LOOM_LINK_ATTR_PAD)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int loom_tree_dump_links(struct loom_run *run, struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct loom_mac *mac = &loom_tree(run)->node.mac;
	struct loom_mac_link *links;
	u64 now = loom_clock_now(mac->clk);
	u32 n, i;
	void *hdr;

	links = kcalloc(mac->n_links, sizeof(*links), GFP_KERNEL);
	if (!links)
		return -ENOMEM;
	n = loom_mac_links(mac, links, mac->n_links);
	for (i = cb->args[0]; i < n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &loom_genl_family,
				  NLM_F_MULTI, LOOM_CMD_LINK_GET);
		if (!hdr)
			break;
		if (nla_put_string(skb, LOOM_ATTR_NAME, run->name) ||
		    loom_tree_put_link(skb, &links[i], mac->conf.parent, now)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	kfree(links);
	return skb->len;
}

static struct loom_proto_ops loom_tree_ops = {
	.name = "tree",
	.id = LOOM_PROTO_TREE,
	.addr_kind = LOOM_ADDR_KIND_TREE,
	.priv_size = sizeof(struct loom_tree),
	.prepare = loom_tree_prepare,
	.start = loom_tree_start,
	.halt = loom_tree_halt,
	.destroy = loom_tree_destroy,
	.send = loom_tree_send,
	.datagram_max = loom_tree_datagram_max,
	.own_addr = loom_tree_own_addr,
	.addr_to_mac = loom_tree_addr_to_mac,
	.addr_from_mac = loom_tree_addr_from_mac,
	.fill_info = loom_tree_fill_info,
	.save = loom_tree_put_state,
	.dump_links = loom_tree_dump_links,
};

/**
 * loom_tree_init() - register the Loom tree protocol
 *
 * Return: 0 or what loom_proto_register() returns.
 */
int loom_tree_init(void)
{
	return loom_proto_register(&loom_tree_ops);
}

/**
 * loom_tree_exit() - withdraw it; no tree node runs any more
 */
void loom_tree_exit(void)
{
	loom_proto_unregister(&loom_tree_ops);
}
