// SPDX-License-Identifier: GPL-2.0
/*
 * The Dhyara mesh as a protocol (kernel/proto.h): one node (node.c) on
 * one or more claimed radios, behind a loomN device whose address is the
 * first radio's.
 *
 * Starting checks the parameters (LOOM_ATTR_MESH) and, on each LoRa radio,
 * the duty-cycle budget against the control traffic's time on air; the
 * node then beacons at once.  A radio other than the first that goes away
 * is detached, and the node runs on with the others.  The netlink core reaches it through the
 * operations below: its counters by name, its neighbours and routes, and
 * layer-2 echo requests whose answers go back to the requesting socket.
 */
#include <linux/etherdevice.h>
#include <linux/math64.h>
#include <linux/random.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "../loom.h"
#include "../mac/frame.h"
#include "../run.h"
#include "node.h"

/* Echo sessions (requesting sockets) an instance remembers at once. */
#define LOOM_DHY_PING_SESSIONS	8
/* Neighbours a LoRa node's default beacon interval leaves room for. */
#define LOOM_DHY_PLAN_NBRS	4

/**
 * struct loom_dhy_ping_sess - a socket that sent echo requests
 * @portid: its netlink port
 * @id: the echo id its requests carry
 * @used: in use
 * @last: when it last sent one (jiffies), to reuse the oldest
 */
struct loom_dhy_ping_sess {
	u32 portid;
	u16 id;
	bool used;
	unsigned long last;
};

/**
 * struct loom_dhy_inst - a mesh node's state in its instance
 * @node: the node
 * @run: its instance
 * @inited: @node was set up (and has to be destroyed)
 * @conf: its parameters, planned before the radios are claimed
 * @duty_ppm: each radio's duty-cycle budget (0: none), as &loom_run.radios
 * @policy: enum loom_mesh_policy it runs
 * @lock: guards @sess (spin_lock_bh)
 * @id_base: random high bits of the echo ids
 * @sess: echo sessions
 */
struct loom_dhy_inst {
	struct loom_dhy_node node;
	struct loom_run *run;
	bool inited;
	struct loom_dhy_node_conf conf;
	u32 duty_ppm[LOOM_RADIOS_MAX];
	u8 policy;
	spinlock_t lock;	/* @sess */
	u16 id_base;
	struct loom_dhy_ping_sess sess[LOOM_DHY_PING_SESSIONS];
};

static struct netlink_range_validation loom_dhy_beacon_range __ro_after_init = {
	.min = LOOM_MESH_BEACON_MIN_MS,
	.max = LOOM_MESH_BEACON_MAX_MS,
};

static struct netlink_range_validation loom_dhy_ppm_range __ro_after_init = {
	.min = 0,
	.max = 1000000,
};

static const struct nla_policy
loom_dhy_mesh_policy[LOOM_MESH_ATTR_MAX + 1] = {
	[LOOM_MESH_ATTR_BEACON_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &loom_dhy_beacon_range),
	[LOOM_MESH_ATTR_POLICY] = NLA_POLICY_MAX(NLA_U8,
						 LOOM_MESH_POLICY_DELAY),
	[LOOM_MESH_ATTR_DUTY_PPM] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &loom_dhy_ppm_range),
};

static struct loom_dhy_inst *loom_dhy_inst(struct loom_run *run)
{
	return loom_run_priv(run);
}

static struct loom_run *loom_dhy_run_of(struct loom_dhy_node *n)
{
	return n->priv;
}

/*
 * Time on air of a frame of each control type; an ADV of @entries (at
 * most what a frame holds; only its length is computed).
 */
static void loom_dhy_control_air(struct loom_radio *r, u32 entries, u64 *bcn,
				 u64 *ack, u64 *adv)
{
	struct loom_dhy_frame f = { .type = LOOM_DHY_T_BCN };
	u16 cap = loom_dhy_adv_max(min_t(u16, r->max_frame,
					 LOOM_DHY_FRAME_MAX));

	*bcn = loom_radio_airtime_ns(r, loom_dhy_frame_len(&f));
	f.type = LOOM_DHY_T_ACK;
	*ack = loom_radio_airtime_ns(r, loom_dhy_frame_len(&f));
	f.type = LOOM_DHY_T_ADV;
	f.adv_count = clamp_t(u32, entries, 1, max_t(u16, cap, 1));
	*adv = loom_radio_airtime_ns(r, loom_dhy_frame_len(&f));
}

/*
 * A LoRa radio's control traffic against the duty-cycle budget: without a
 * beacon interval given, the shortest whole second that leaves room for
 * LOOM_DHY_PLAN_NBRS neighbours, each refreshed with a full ADV frame (a
 * refresh carries every destination not routed through its receiver: in
 * a 20-node grid about 14 entries, where four were planned before and
 * the budget then held frames back until routes expired); with one
 * given, it must fit one neighbour and a one-entry ADV.
 */
static int loom_dhy_plan_duty(struct loom_dhy_node_conf *c,
			      struct loom_radio *r, u32 duty_ppm,
			      bool beacon_given, struct netlink_ext_ack *extack)
{
	struct loom_duty_refusal why;
	u64 bcn, ack, adv, min_ns;

	if (!duty_ppm)
		return 0;
	if (!beacon_given) {
		loom_dhy_control_air(r, U16_MAX, &bcn, &ack, &adv);
		min_ns = loom_dhy_beacon_min_ns(bcn, ack, adv,
						LOOM_DHY_PLAN_NBRS, duty_ppm);
		min_ns = roundup(max_t(u64, min_ns, c->beacon_ns),
				 NSEC_PER_SEC);
		if (min_ns <= (u64)LOOM_MESH_BEACON_MAX_MS * NSEC_PER_MSEC) {
			c->beacon_ns = min_ns;
			return 0;
		}
	}
	loom_dhy_control_air(r, 1, &bcn, &ack, &adv);
	min_ns = loom_dhy_beacon_min_ns(bcn, ack, adv, 1, duty_ppm);
	if (c->beacon_ns >= min_ns)
		return 0;
	/* The figures ride in the ack's cookie (struct loom_duty_refusal). */
	why.need_ppm = loom_dhy_control_ppm(bcn, ack, adv, c->beacon_ns, 1);
	why.budget_ppm = duty_ppm;
	why.beacon_min_ms = min_t(u64, DIV_ROUND_UP_ULL(min_ns, NSEC_PER_MSEC),
				  U32_MAX);
	if (extack) {
		memcpy(extack->cookie, &why, sizeof(why));
		extack->cookie_len = sizeof(why);
	}
	NL_SET_ERR_MSG(extack,
		       "the beacon interval does not fit the duty-cycle budget at this radio's modulation");
	return -ENOSPC;
}

static int loom_dhy_prepare(struct loom_run *run, struct loom_radio *r,
			    struct nlattr **attrs,
			    struct netlink_ext_ack *extack)
{
	struct loom_dhy_inst *in = loom_dhy_inst(run);
	struct loom_dhy_node_conf *c = &in->conf;
	struct nlattr *tb[LOOM_MESH_ATTR_MAX + 1] = {};
	const char *field;
	unsigned int i;
	u64 beacon_ns;
	int err;

	if (attrs[LOOM_ATTR_STATE]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[LOOM_ATTR_STATE],
				    "a mesh node keeps no saved state");
		return -EINVAL;
	}
	if (attrs[LOOM_ATTR_MESH]) {
		err = nla_parse_nested(tb, LOOM_MESH_ATTR_MAX,
				       attrs[LOOM_ATTR_MESH],
				       loom_dhy_mesh_policy, extack);
		if (err)
			return err;
	}
	if (!is_valid_ether_addr(r->hwaddr)) {
		NL_SET_ERR_MSG(extack,
			       "the radio has no unicast 48-bit address for a mesh node");
		return -EADDRNOTAVAIL;
	}
	beacon_ns = (u64)LOOM_MESH_BEACON_DEFAULT_MS * NSEC_PER_MSEC;
	if (tb[LOOM_MESH_ATTR_BEACON_MS])
		beacon_ns = (u64)nla_get_u32(tb[LOOM_MESH_ATTR_BEACON_MS]) *
			    NSEC_PER_MSEC;
	loom_dhy_node_conf_default(c);
	c->beacon_ns = beacon_ns;
	/*
	 * A budget given holds on every radio; by default, on LoRa radios
	 * only.  The interval planned only grows from radio to radio, so each
	 * one planned before still fits it.
	 */
	for (i = 0; i < run->nradios; i++) {
		struct loom_radio *ri = run->radios[i];

		in->duty_ppm[i] = !ri->ops->airtime_ns ?
				  LOOM_MESH_DUTY_DEFAULT_PPM : 0;
		if (tb[LOOM_MESH_ATTR_DUTY_PPM])
			in->duty_ppm[i] =
				nla_get_u32(tb[LOOM_MESH_ATTR_DUTY_PPM]);
		err = loom_dhy_plan_duty(c, ri, in->duty_ppm[i],
					 !!tb[LOOM_MESH_ATTR_BEACON_MS], extack);
		if (err)
			return err;
	}
	c->duty_ppm = in->duty_ppm[0];
	in->policy = tb[LOOM_MESH_ATTR_POLICY] ?
		     nla_get_u8(tb[LOOM_MESH_ATTR_POLICY]) :
		     LOOM_MESH_POLICY_HOPS;
	loom_dhy_config_default(&c->table, c->beacon_ns);
	c->table.policy = in->policy == LOOM_MESH_POLICY_DELAY ?
			  LOOM_DHY_BEST_DELAY : LOOM_DHY_BEST_HOPS;
	c->jitter_ns = c->beacon_ns / 8;
	if (loom_dhy_config_check(&c->table, &field)) {
		NL_SET_ERR_MSG(extack, "mesh parameters out of range");
		return -EINVAL;
	}
	return 0;
}

static void loom_dhy_recv(struct loom_dhy_node *n, const u8 *src,
			  const u8 *data, u16 len,
			  const struct loom_radio_rx_info *info)
{
	struct loom_addr a = { .kind = LOOM_ADDR_KIND_MESH };

	ether_addr_copy(a.mesh, src);
	loom_run_recv(loom_dhy_run_of(n), &a, data, len, info);
}

static void loom_dhy_ping_done(struct loom_dhy_node *n,
			       const struct loom_dhy_ping_result *res)
{
	struct loom_run *run = loom_dhy_run_of(n);
	struct loom_dhy_inst *in = loom_dhy_inst(run);
	struct loom_dhy_ping_sess *s;
	struct loom_ping_result pr = {
		.from.kind = LOOM_ADDR_KIND_MESH,
		.seq = res->seq,
		.code = res->code,
		.hop_limit = res->hop_limit,
		.rtt_ns = res->rtt_ns,
	};
	u32 portid = 0;

	ether_addr_copy(pr.from.mesh, res->from);
	spin_lock_bh(&in->lock);
	s = &in->sess[res->id % LOOM_DHY_PING_SESSIONS];
	if (s->used && s->id == res->id)
		portid = s->portid;
	spin_unlock_bh(&in->lock);
	if (portid)
		loom_nl_ping_reply(run, portid, &pr);
}

static void loom_dhy_event(struct loom_dhy_node *n, enum loom_dhy_event ev,
			   const u8 *subject, const u8 *via)
{
	struct loom_event_info info = { .subject_hw = subject, .via_hw = via };
	u8 event;

	switch (ev) {
	case LOOM_DHY_EV_NBR_ADD:
		event = LOOM_EVENT_NEIGHBOUR_UP;
		break;
	case LOOM_DHY_EV_NBR_DEL:
		event = LOOM_EVENT_NEIGHBOUR_DOWN;
		break;
	case LOOM_DHY_EV_BEST_CHANGED:
		event = LOOM_EVENT_ROUTE_CHANGED;
		break;
	default:
		return;
	}
	loom_nl_event(loom_dhy_run_of(n), event, &info);
}

static void loom_dhy_outcome(struct loom_dhy_node *n,
			     const struct loom_dhy_tx_done *done)
{
	/* The uapi's enum loom_report has the outcome's values. */
	if (done->cookie)
		loom_run_report(loom_dhy_run_of(n), done->cookie,
				done->outcome);
}

static const struct loom_dhy_node_ops loom_dhy_node_ops = {
	.recv = loom_dhy_recv,
	.outcome = loom_dhy_outcome,
	.ping = loom_dhy_ping_done,
	.event = loom_dhy_event,
};

static int loom_dhy_start(struct loom_run *run, struct loom_radio *r,
			  struct netlink_ext_ack *extack)
{
	struct loom_dhy_inst *in = loom_dhy_inst(run);
	const char *field;
	unsigned int i;
	int err;

	in->run = run;
	spin_lock_init(&in->lock);
	in->id_base = get_random_u16();
	err = loom_dhy_node_init(&in->node, r, r->clk, &in->conf,
				 &loom_dhy_node_ops, run, &field);
	if (err) {
		if (field)
			NL_SET_ERR_MSG(extack,
				       "the radio cannot carry a mesh node");
		else
			NL_SET_ERR_MSG(extack, "no memory for the mesh node");
		return err;
	}
	in->inited = true;
	for (i = 1; i < run->nradios; i++) {
		err = loom_dhy_node_add_radio(&in->node, run->radios[i],
					      in->duty_ppm[i], &field);
		if (err) {
			if (err == -EINVAL && !strcmp(field, "radio"))
				NL_SET_ERR_MSG(extack,
					       "a mesh node's radios must run on one clock (real time, or one simulation)");
			else
				NL_SET_ERR_MSG(extack,
					       "that radio cannot carry this mesh node");
			return err;
		}
	}
	/* A mesh needs no timing from anyone: it can send at once. */
	run->synced = true;
	err = loom_dhy_node_start(&in->node);
	if (err) {
		NL_SET_ERR_MSG(extack, "the radio refused to listen");
		loom_dhy_node_halt(&in->node);
	}
	return err;
}

static void loom_dhy_detach(struct loom_run *run, struct loom_radio *r)
{
	loom_dhy_node_detach(&loom_dhy_inst(run)->node, r);
}

static void loom_dhy_halt(struct loom_run *run)
{
	loom_dhy_node_halt(&loom_dhy_inst(run)->node);
}

static void loom_dhy_destroy(struct loom_run *run)
{
	struct loom_dhy_inst *in = loom_dhy_inst(run);

	if (in->inited)
		loom_dhy_node_destroy(&in->node);
}

static int loom_dhy_send(struct loom_run *run, const struct loom_addr *dst,
			 const u8 *buf, size_t len, u64 cookie)
{
	return loom_dhy_node_send(&loom_dhy_inst(run)->node, dst->mesh, buf,
				  len, cookie, NULL);
}

static size_t loom_dhy_datagram_max(struct loom_run *run)
{
	return loom_dhy_node_dgram_max(&loom_dhy_inst(run)->node);
}

static void loom_dhy_own_addr(struct loom_run *run, struct loom_addr *a)
{
	a->kind = LOOM_ADDR_KIND_MESH;
	ether_addr_copy(a->mesh, loom_dhy_inst(run)->node.self);
}

/* A mesh address is its own 48-bit form. */
static void loom_dhy_addr_to_mac(const struct loom_addr *a, u8 *mac)
{
	ether_addr_copy(mac, a->mesh);
}

static bool loom_dhy_addr_from_mac(const u8 *mac, struct loom_addr *a)
{
	if (!is_valid_ether_addr(mac))
		return false;
	a->kind = LOOM_ADDR_KIND_MESH;
	ether_addr_copy(a->mesh, mac);
	return true;
}

static int loom_dhy_ping(struct loom_run *run, const struct loom_addr *dst,
			 u16 seq, u8 hop_limit, u32 portid,
			 struct netlink_ext_ack *extack)
{
	struct loom_dhy_inst *in = loom_dhy_inst(run);
	struct loom_dhy_ping_sess *s = NULL;
	unsigned int i;
	u16 id;
	int err;

	spin_lock_bh(&in->lock);
	for (i = 0; i < LOOM_DHY_PING_SESSIONS; i++)
		if (in->sess[i].used && in->sess[i].portid == portid)
			s = &in->sess[i];
	for (i = 0; !s && i < LOOM_DHY_PING_SESSIONS; i++)
		if (!in->sess[i].used)
			s = &in->sess[i];
	/* All taken: the one that asked least recently gives way. */
	if (!s) {
		s = &in->sess[0];
		for (i = 1; i < LOOM_DHY_PING_SESSIONS; i++)
			if (time_before(in->sess[i].last, s->last))
				s = &in->sess[i];
	}
	if (!s->used || s->portid != portid) {
		i = s - in->sess;
		s->used = true;
		s->portid = portid;
		/* Another id than the slot's last, so late answers miss. */
		s->id = ((s->id / LOOM_DHY_PING_SESSIONS + 1 + in->id_base) *
			 LOOM_DHY_PING_SESSIONS) + i;
	}
	s->last = jiffies;
	id = s->id;
	spin_unlock_bh(&in->lock);
	err = loom_dhy_node_ping(&in->node, dst->mesh, id, seq, hop_limit);
	if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(extack, "no route to that destination");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG(extack,
			       "not a destination: the node's own address or a group address");
	else if (err)
		NL_SET_ERR_MSG(extack, "the node could not queue the request");
	return err;
}

/* One named counter into the LOOM_ATTR_COUNTERS nest. */
static int loom_dhy_put_counter(struct sk_buff *msg, const char *prefix,
				const char *name, u64 v)
{
	struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_COUNTER);
	char buf[48];

	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	if (!nest || nla_put_string(msg, LOOM_COUNTER_ATTR_NAME, buf) ||
	    nla_put_u64_64bit(msg, LOOM_COUNTER_ATTR_VALUE, v,
			      LOOM_COUNTER_ATTR_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static const u8 loom_dhy_types[] = {
	LOOM_DHY_T_BCN, LOOM_DHY_T_ACK, LOOM_DHY_T_ADV, LOOM_DHY_T_CNK,
	LOOM_DHY_T_CNU, LOOM_DHY_T_DLV, LOOM_DHY_T_ICMPQ, LOOM_DHY_T_ICMPR,
	LOOM_DHY_T_ICMPX,
};

static int loom_dhy_put_counters(struct sk_buff *msg,
				 const struct loom_dhy_node_stats *s,
				 const struct loom_dhy_stats *ts)
{
	struct nlattr *nest = nla_nest_start(msg, LOOM_ATTR_COUNTERS);
	unsigned int i, t;
	int err = 0;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; !err && i < ARRAY_SIZE(loom_dhy_types); i++) {
		t = loom_dhy_types[i];
		err = loom_dhy_put_counter(msg, "tx_", loom_dhy_type_name(t),
					   s->tx[t]) ?:
		      loom_dhy_put_counter(msg, "rx_", loom_dhy_type_name(t),
					   s->rx.ok[t]);
	}
	for (i = 0; !err && i < __LOOM_DROP_MAX; i++)
		err = loom_dhy_put_counter(msg, "rx_drop_", loom_drop_name(i),
					   s->rx.drop[i]);
	for (i = 0; !err && i < __LOOM_DHY_ND_MAX; i++)
		err = loom_dhy_put_counter(msg, "drop_",
					   loom_dhy_node_drop_name(i),
					   s->drop[i]);
	for (i = 0; !err && i < __LOOM_DHY_DROP_MAX; i++)
		err = loom_dhy_put_counter(msg, "table_drop_",
					   loom_dhy_drop_name(i), ts->drops[i]);
	for (i = 0; !err && i < __LOOM_DHY_EV_MAX; i++)
		err = loom_dhy_put_counter(msg, "table_",
					   loom_dhy_event_name(i),
					   ts->events[i]);
	err = err ?:
	      loom_dhy_put_counter(msg, "", "forwarded", s->forwarded) ?:
	      loom_dhy_put_counter(msg, "", "delivered", s->delivered) ?:
	      loom_dhy_put_counter(msg, "", "sent", s->sent) ?:
	      loom_dhy_put_counter(msg, "", "backoffs", s->backoffs) ?:
	      loom_dhy_put_counter(msg, "", "cad_started", s->cad_started) ?:
	      loom_dhy_put_counter(msg, "", "duty_waits", s->duty_waits) ?:
	      loom_dhy_put_counter(msg, "", "link_acked", s->link_acked) ?:
	      loom_dhy_put_counter(msg, "", "link_failed", s->link_failed) ?:
	      loom_dhy_put_counter(msg, "", "link_lost", s->link_lost) ?:
	      loom_dhy_put_counter(msg, "", "tx_bytes", s->tx_bytes) ?:
	      loom_dhy_put_counter(msg, "", "control_bytes",
				   s->control_bytes) ?:
	      loom_dhy_put_counter(msg, "", "air_us",
				   div_u64(s->air_ns, NSEC_PER_USEC)) ?:
	      loom_dhy_put_counter(msg, "", "control_air_us",
				   div_u64(s->control_air_ns,
					   NSEC_PER_USEC)) ?:
	      loom_dhy_put_counter(msg, "", "queue_max_seen",
				   s->queue_max_seen);
	if (err)
		return err;
	nla_nest_end(msg, nest);
	return 0;
}

static int loom_dhy_fill_info(struct loom_run *run, struct sk_buff *msg)
{
	struct loom_dhy_inst *in = loom_dhy_inst(run);
	struct loom_dhy_node *n = &in->node;
	u64 up = loom_clock_now(n->clk) - n->started_at;
	struct loom_dhy_node_stats s;
	struct loom_dhy_stats ts;
	struct nlattr *nest;
	u32 ppm;

	loom_dhy_node_stats(n, &s);
	loom_dhy_stats(n->table, &ts);
	ppm = up ? min_t(u64, div64_u64(s.control_air_ns * 1000000, up),
			 1000000) : 0;
	nest = nla_nest_start(msg, LOOM_ATTR_MESH);
	if (!nest ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_BEACON_MS,
			div_u64(in->conf.beacon_ns, NSEC_PER_MSEC)) ||
	    nla_put_u8(msg, LOOM_MESH_ATTR_POLICY, in->policy) ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_DUTY_PPM, in->conf.duty_ppm) ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_CONTROL_PPM, ppm) ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_KNOWN, ts.dests) ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_NEIGHBOURS, ts.nbrs) ||
	    nla_put_u32(msg, LOOM_MESH_ATTR_ROUTES, ts.routes))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return loom_dhy_put_counters(msg, &s, &ts);
}

/**
 * struct loom_dhy_dump - one netlink dump of neighbours or routes
 * @run: the instance
 * @skb: the dump's buffer
 * @cb: the dump
 * @cmd: the command the messages carry
 */
struct loom_dhy_dump {
	struct loom_run *run;
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u8 cmd;
};

static void *loom_dhy_dump_hdr(struct loom_dhy_dump *d)
{
	void *hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
				d->cb->nlh->nlmsg_seq, &loom_genl_family,
				NLM_F_MULTI, d->cmd);

	if (hdr && nla_put_string(d->skb, LOOM_ATTR_NAME, d->run->name)) {
		genlmsg_cancel(d->skb, hdr);
		return NULL;
	}
	return hdr;
}

static int loom_dhy_put_nbr(const struct loom_dhy_nbr_info *ni, void *arg)
{
	struct loom_dhy_dump *d = arg;
	struct sk_buff *skb = d->skb;
	struct loom_radio *r;
	struct nlattr *nest;
	void *hdr;

	r = loom_dhy_node_nbr_radio(&loom_dhy_inst(d->run)->node, ni->addr);
	hdr = loom_dhy_dump_hdr(d);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, LOOM_ATTR_LINK);
	if (!nest ||
	    nla_put(skb, LOOM_LINK_ATTR_HWADDR, ETH_ALEN, ni->addr) ||
	    nla_put_u64_64bit(skb, LOOM_LINK_ATTR_AGE_MS,
			      div_u64(ni->age_ns, NSEC_PER_MSEC),
			      LOOM_LINK_ATTR_PAD) ||
	    (ni->linked &&
	     (nla_put_u32(skb, LOOM_LINK_ATTR_RTT_US,
			  div_u64(ni->srtt_ns, NSEC_PER_USEC)) ||
	      nla_put_u32(skb, LOOM_LINK_ATTR_DELAY_US, ni->link_us))) ||
	    (ni->silent && nla_put_flag(skb, LOOM_LINK_ATTR_SILENT)) ||
	    nla_put_u8(skb, LOOM_LINK_ATTR_DEPRECIATED, ni->depr) ||
	    (r && nla_put_string(skb, LOOM_LINK_ATTR_RADIO, r->name))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int loom_dhy_put_route(const struct loom_dhy_route_info *ri, void *arg)
{
	struct loom_dhy_dump *d = arg;
	struct sk_buff *skb = d->skb;
	struct nlattr *nest;
	void *hdr;

	hdr = loom_dhy_dump_hdr(d);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, LOOM_ATTR_ROUTE);
	if (!nest ||
	    nla_put(skb, LOOM_ROUTE_ATTR_DEST, ETH_ALEN, ri->dest) ||
	    nla_put(skb, LOOM_ROUTE_ATTR_VIA, ETH_ALEN, ri->via) ||
	    (ri->delay_us != LOOM_DHY_DELAY_INFINITE &&
	     nla_put_u32(skb, LOOM_ROUTE_ATTR_DELAY_US, ri->delay_us)) ||
	    nla_put_u8(skb, LOOM_ROUTE_ATTR_HOPS, ri->hops) ||
	    (ri->best && nla_put_flag(skb, LOOM_ROUTE_ATTR_BEST)) ||
	    (ri->direct && nla_put_flag(skb, LOOM_ROUTE_ATTR_DIRECT)) ||
	    nla_put_u64_64bit(skb, LOOM_ROUTE_ATTR_AGE_MS,
			      div_u64(ri->age_ns, NSEC_PER_MSEC),
			      LOOM_ROUTE_ATTR_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The cursor lives in cb->args[0..2]; a dump that filled its buffer
 * resumes at the entry that did not fit.
 */
static int loom_dhy_dump(struct loom_run *run, struct sk_buff *skb,
			 struct netlink_callback *cb, bool routes)
{
	struct loom_dhy_node *n = &loom_dhy_inst(run)->node;
	struct loom_dhy_dump d = {
		.run = run,
		.skb = skb,
		.cb = cb,
		.cmd = routes ? LOOM_CMD_ROUTE_GET : LOOM_CMD_LINK_GET,
	};
	struct loom_dhy_cursor c = {
		.bucket = cb->args[0],
		.skip = cb->args[1],
		.done = cb->args[2],
	};

	if (c.done)
		return 0;
	if (routes)
		loom_dhy_node_dump_routes(n, &c, loom_dhy_put_route, &d);
	else
		loom_dhy_node_dump_nbrs(n, &c, loom_dhy_put_nbr, &d);
	cb->args[0] = c.bucket;
	cb->args[1] = c.skip;
	cb->args[2] = c.done;
	return skb->len;
}

static int loom_dhy_proto_links(struct loom_run *run, struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return loom_dhy_dump(run, skb, cb, false);
}

static int loom_dhy_proto_routes(struct loom_run *run, struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	return loom_dhy_dump(run, skb, cb, true);
}

static struct loom_proto_ops loom_dhy_ops = {
	.name = "dhyara",
	.id = LOOM_PROTO_DHYARA,
	.addr_kind = LOOM_ADDR_KIND_MESH,
	.priv_size = sizeof(struct loom_dhy_inst),
	.radios_max = LOOM_RADIOS_MAX,
	.prepare = loom_dhy_prepare,
	.start = loom_dhy_start,
	.halt = loom_dhy_halt,
	.destroy = loom_dhy_destroy,
	.send = loom_dhy_send,
	.datagram_max = loom_dhy_datagram_max,
	.own_addr = loom_dhy_own_addr,
	.addr_to_mac = loom_dhy_addr_to_mac,
	.addr_from_mac = loom_dhy_addr_from_mac,
	.fill_info = loom_dhy_fill_info,
	.dump_links = loom_dhy_proto_links,
	.dump_routes = loom_dhy_proto_routes,
	.detach = loom_dhy_detach,
	.ping = loom_dhy_ping,
};

/**
 * loom_dhyara_init() - register the Dhyara mesh protocol
 *
 * Return: 0 or what loom_proto_register() returns.
 */
int loom_dhyara_init(void)
{
	return loom_proto_register(&loom_dhy_ops);
}

/**
 * loom_dhyara_exit() - withdraw it; no mesh node runs any more
 */
void loom_dhyara_exit(void)
{
	loom_proto_unregister(&loom_dhy_ops);
}
