// SPDX-License-Identifier: GPL-2.0
/*
 * The "loom_hwsim" generic netlink family: radios, edges, the path-loss
 * model and the virtual clock.  Every request is checked in full before
 * anything changes, and a refusal says which attribute and why.
 *
 * The family lives in the initial network namespace only: the medium is
 * global, as mac80211_hwsim's radios are.
 */
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "../loom.h"
#include "hwsim.h"

static struct genl_family loom_hwsim_family;

/* A RUN fires events in chunks of this many, checking for signals. */
#define LOOM_HWSIM_RUN_CHUNK	65536

static const struct nla_policy loom_hwsim_pos_policy[LOOM_HWSIM_POS_MAX + 1] = {
	[LOOM_HWSIM_POS_X] = { .type = NLA_S32 },
	[LOOM_HWSIM_POS_Y] = { .type = NLA_S32 },
	[LOOM_HWSIM_POS_Z] = { .type = NLA_S32 },
};

/* Ranges are checked in code, so that the message names the value. */
#define LOOM_HWSIM_SETTINGS_POLICY					\
	[LOOM_HWSIM_ATTR_STATE] = { .type = NLA_U8 },			\
	[LOOM_HWSIM_ATTR_FREQ] = { .type = NLA_U32 },			\
	[LOOM_HWSIM_ATTR_BW] = { .type = NLA_U32 },			\
	[LOOM_HWSIM_ATTR_SF] = { .type = NLA_U8 },			\
	[LOOM_HWSIM_ATTR_CR] = { .type = NLA_U8 },			\
	[LOOM_HWSIM_ATTR_TX_POWER] = { .type = NLA_S32 },		\
	[LOOM_HWSIM_ATTR_PREAMBLE] = { .type = NLA_U16 },		\
	[LOOM_HWSIM_ATTR_POS] = NLA_POLICY_NESTED(loom_hwsim_pos_policy), \
	[LOOM_HWSIM_ATTR_GEN_LEN] = { .type = NLA_U16 },		\
	[LOOM_HWSIM_ATTR_GEN_GAP] = { .type = NLA_U64 }

static const struct nla_policy loom_hwsim_new_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_OWNED] = { .type = NLA_FLAG },
	[LOOM_HWSIM_ATTR_KIND] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_CHIP_VERSION] = { .type = NLA_U8 },
	LOOM_HWSIM_SETTINGS_POLICY,
};

static const struct nla_policy loom_hwsim_set_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_RADIO] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_FAULT] = { .type = NLA_U8 },
	LOOM_HWSIM_SETTINGS_POLICY,
};

static const struct nla_policy loom_hwsim_radio_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_RADIO] = { .type = NLA_U32 },
};

static const struct nla_policy loom_hwsim_edge_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_FROM] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_TO] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_RSSI] = { .type = NLA_S32 },
	[LOOM_HWSIM_ATTR_SNR] = { .type = NLA_S32 },
	[LOOM_HWSIM_ATTR_LOSS] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_BOTH] = { .type = NLA_FLAG },
};

static const struct nla_policy loom_hwsim_medium_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_PL_EXPONENT] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PL_REF_LOSS] = { .type = NLA_S32 },
	[LOOM_HWSIM_ATTR_PL_REF_DIST] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PL_SIGMA] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_SEED] = { .type = NLA_U64 },
};

static const struct nla_policy loom_hwsim_run_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_DURATION] = { .type = NLA_U64 },
};

static const struct nla_policy loom_hwsim_none_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
};

/* Refuse with @err, pointing at @bad, with a formatted message. */
static __printf(4, 5) int loom_hwsim_refuse(struct genl_info *info, int err,
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

static int loom_hwsim_need(struct genl_info *info, int attr, const char *what)
{
	if (info->attrs[attr])
		return 0;
	return loom_hwsim_refuse(info, -EINVAL, NULL, "%s is required", what);
}

/* Locked: the radio named by @attr, or a refusal. */
static struct loom_hwsim_radio *loom_hwsim_get_radio(struct genl_info *info,
						     int attr, int *err)
{
	struct nlattr *a = info->attrs[attr];
	struct loom_hwsim_radio *hr;

	hr = loom_hwsim_radio_find(&loom_hwsim, nla_get_u32(a));
	if (!hr)
		*err = loom_hwsim_refuse(info, -ENODEV, a, "no radio %u",
					 nla_get_u32(a));
	return hr;
}

static int loom_hwsim_parse_pos(struct genl_info *info,
				struct loom_hwsim_conf *c)
{
	struct nlattr *nest = info->attrs[LOOM_HWSIM_ATTR_POS];
	struct nlattr *tb[LOOM_HWSIM_POS_MAX + 1];
	int err;

	if (!nest)
		return 0;
	err = nla_parse_nested(tb, LOOM_HWSIM_POS_MAX, nest,
			       loom_hwsim_pos_policy, info->extack);
	if (err)
		return err;
	if (!tb[LOOM_HWSIM_POS_X] && !tb[LOOM_HWSIM_POS_Y] &&
	    !tb[LOOM_HWSIM_POS_Z]) {
		c->pos_clear = true;
		return 0;
	}
	c->pos_set = true;
	c->pos.x = tb[LOOM_HWSIM_POS_X] ? nla_get_s32(tb[LOOM_HWSIM_POS_X]) : 0;
	c->pos.y = tb[LOOM_HWSIM_POS_Y] ? nla_get_s32(tb[LOOM_HWSIM_POS_Y]) : 0;
	c->pos.z = tb[LOOM_HWSIM_POS_Z] ? nla_get_s32(tb[LOOM_HWSIM_POS_Z]) : 0;
	return 0;
}

/*
 * A radio's new settings from a request: @cur is its modulation now, and
 * @gen_len/@gen_gap its generator.  Nothing changes here.
 */
static int loom_hwsim_parse_conf(struct genl_info *info,
				 const struct loom_lora_params *cur,
				 u16 gen_len, u64 gen_gap,
				 struct loom_hwsim_conf *c)
{
	struct nlattr **tb = info->attrs;
	struct loom_lora_params *p = &c->params;
	struct nlattr *a;
	s32 power;

	memset(c, 0, sizeof(*c));
	c->state = -1;
	*p = *cur;
	a = tb[LOOM_HWSIM_ATTR_STATE];
	if (a) {
		if (nla_get_u8(a) >= LOOM_RADIO_TRANSMIT)
			return loom_hwsim_refuse(info, -EINVAL, a,
						 "state %u: only disabled (0), sleep (1) or receive (2); a radio transmits by sending",
						 nla_get_u8(a));
		c->state = nla_get_u8(a);
	}
	a = tb[LOOM_HWSIM_ATTR_FREQ];
	if (a) {
		p->freq_hz = nla_get_u32(a);
		if (p->freq_hz < LOOM_HWSIM_FREQ_MIN_HZ ||
		    p->freq_hz > LOOM_HWSIM_FREQ_MAX_HZ)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "frequency %u Hz is outside 137..1020 MHz",
						 p->freq_hz);
	}
	a = tb[LOOM_HWSIM_ATTR_BW];
	if (a) {
		struct loom_lora_params t;

		loom_lora_params_default(&t);
		t.bw_hz = nla_get_u32(a);
		p->bw_hz = t.bw_hz;
		if (loom_lora_params_check(&t))
			return loom_hwsim_refuse(info, -EINVAL, a,
						 "bandwidth %u Hz is not one of 7800 10400 15600 20800 31250 41700 62500 125000 250000 500000",
						 p->bw_hz);
	}
	a = tb[LOOM_HWSIM_ATTR_SF];
	if (a) {
		p->sf = nla_get_u8(a);
		if (p->sf < LOOM_HWSIM_SF_MIN || p->sf > LOOM_HWSIM_SF_MAX)
			return loom_hwsim_refuse(info, -EINVAL, a,
						 "spreading factor %u is outside 5..12",
						 p->sf);
	}
	a = tb[LOOM_HWSIM_ATTR_CR];
	if (a) {
		p->cr = nla_get_u8(a);
		if (p->cr < LOOM_HWSIM_CR_MIN || p->cr > LOOM_HWSIM_CR_MAX)
			return loom_hwsim_refuse(info, -EINVAL, a,
						 "coding rate 4/%u is outside 4/5..4/8",
						 p->cr);
	}
	a = tb[LOOM_HWSIM_ATTR_TX_POWER];
	if (a) {
		power = nla_get_s32(a);
		if (power < LOOM_HWSIM_TX_POWER_MIN_DBM ||
		    power > LOOM_HWSIM_TX_POWER_MAX_DBM)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "transmit power %d dBm is outside -4..20 (SX1276)",
						 power);
		p->tx_power_dbm = power;
	}
	a = tb[LOOM_HWSIM_ATTR_PREAMBLE];
	if (a) {
		p->preamble = nla_get_u16(a);
		if (p->preamble < LOOM_HWSIM_PREAMBLE_MIN)
			return loom_hwsim_refuse(info, -EINVAL, a,
						 "preamble of %u symbols is below 6",
						 p->preamble);
	}
	/* Each value was checked above; this catches what they add up to. */
	if (loom_lora_params_check(p))
		return loom_hwsim_refuse(info, -EINVAL, NULL,
					 "these modulation parameters do not fit together");
	c->params_set = memcmp(p, cur, sizeof(*p)) != 0;

	c->gen_len = gen_len;
	c->gen_gap_ns = gen_gap;
	a = tb[LOOM_HWSIM_ATTR_GEN_LEN];
	if (a) {
		c->gen_set = true;
		c->gen_len = nla_get_u16(a);
		if (c->gen_len > LOOM_HWSIM_GEN_LEN_MAX)
			return loom_hwsim_refuse(info, -EMSGSIZE, a,
						 "generator frames of %u bytes exceed the radio's %u",
						 c->gen_len, LOOM_LORA_MAX_PAYLOAD);
	}
	a = tb[LOOM_HWSIM_ATTR_GEN_GAP];
	if (a) {
		c->gen_set = true;
		c->gen_gap_ns = nla_get_u64(a);
		if (c->gen_gap_ns > LOOM_HWSIM_GEN_GAP_MAX_NS)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "generator gap %llu ns is over an hour",
						 c->gen_gap_ns);
	}
	return loom_hwsim_parse_pos(info, c);
}

/*
 * A chip's state and modulation are its registers', set by its driver; it
 * runs no generator.  Refuse those attributes for a chip of @kind.
 */
static int loom_hwsim_chip_refuses(struct genl_info *info, u8 kind)
{
	static const int attrs[] = {
		LOOM_HWSIM_ATTR_STATE, LOOM_HWSIM_ATTR_GEN_LEN,
		LOOM_HWSIM_ATTR_GEN_GAP,
	};
	static const int modulation[] = {
		LOOM_HWSIM_ATTR_FREQ, LOOM_HWSIM_ATTR_BW, LOOM_HWSIM_ATTR_SF,
		LOOM_HWSIM_ATTR_CR, LOOM_HWSIM_ATTR_TX_POWER,
		LOOM_HWSIM_ATTR_PREAMBLE,
	};
	const char *model = loom_hwsim_chip_model(kind);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		if (info->attrs[attrs[i]])
			return loom_hwsim_refuse(info, -EINVAL,
						 info->attrs[attrs[i]],
						 "an emulated %s has no %s: its driver sets its mode through RegOpMode",
						 model,
						 attrs[i] == LOOM_HWSIM_ATTR_STATE ?
						 "state to set" : "traffic generator");
	/* At creation they become its SPI device's properties. */
	if (info->genlhdr->cmd == LOOM_HWSIM_CMD_RADIO_NEW)
		return 0;
	for (i = 0; i < ARRAY_SIZE(modulation); i++)
		if (info->attrs[modulation[i]])
			return loom_hwsim_refuse(info, -EINVAL,
						 info->attrs[modulation[i]],
						 "an emulated %s takes its modulation from its registers, which its driver writes",
						 model);
	return 0;
}

static int loom_hwsim_put_u64(struct sk_buff *msg, int type, u64 v)
{
	return nla_put_u64_64bit(msg, type, v, LOOM_HWSIM_ATTR_PAD);
}

/* What a chip adds to its radio's description. */
static int loom_hwsim_put_chip(struct sk_buff *msg, struct loom_hwsim_chip *c)
{
	struct loom_hwsim_chip_info ci;
	struct nlattr *nest;
	unsigned int i;

	loom_hwsim_chip_read(c, &ci);
	if (nla_put_u8(msg, LOOM_HWSIM_ATTR_CHIP_VERSION, ci.version) ||
	    nla_put_u8(msg, LOOM_HWSIM_ATTR_FAULT, ci.fault) ||
	    nla_put_u8(msg, LOOM_HWSIM_ATTR_CHIP_OPMODE, ci.opmode) ||
	    nla_put_string(msg, LOOM_HWSIM_ATTR_SPI_DEV, ci.spi_name))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_CHIP_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = LOOM_HWSIM_CHIP_STAT_SPI_XFERS; i <= LOOM_HWSIM_CHIP_STAT_MAX;
	     i++)
		if (nla_put_u64_64bit(msg, i, ci.stats[i], 0))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int loom_hwsim_put_radio(struct sk_buff *msg, struct loom_hwsim *hw,
				struct loom_hwsim_radio *hr)
{
	u64 now = loom_clock_now(&hw->clk), t[__LOOM_RADIO_STATE_MAX];
	struct nlattr *nest;
	struct loom_radio r;
	unsigned int i;
	u64 stats[] = {
		[LOOM_HWSIM_STAT_GEN_FAIL] = atomic64_read(&hr->gen_fail),
	};

	loom_sim_radio_read(hr->sr, &r);
	loom_radio_acct_read(&r.acct, now, t);
	stats[LOOM_HWSIM_STAT_TX] = r.stats.tx_frames;
	stats[LOOM_HWSIM_STAT_RX] = r.stats.rx_frames;
	stats[LOOM_HWSIM_STAT_RX_WEAK] = r.stats.rx_weak;
	stats[LOOM_HWSIM_STAT_RX_LOST] = r.stats.rx_lost;
	stats[LOOM_HWSIM_STAT_RX_COLLISION] = r.stats.rx_collision;
	stats[LOOM_HWSIM_STAT_RX_DEAF] = r.stats.rx_deaf;

	if (nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIO, hr->id) ||
	    (hr->owner && nla_put_u32(msg, LOOM_HWSIM_ATTR_OWNER, hr->owner)) ||
	    nla_put_u8(msg, LOOM_HWSIM_ATTR_STATE, r.acct.state) ||
	    nla_put_u32(msg, LOOM_HWSIM_ATTR_FREQ, r.params.freq_hz) ||
	    nla_put_u32(msg, LOOM_HWSIM_ATTR_BW, r.params.bw_hz) ||
	    nla_put_u8(msg, LOOM_HWSIM_ATTR_SF, r.params.sf) ||
	    nla_put_u8(msg, LOOM_HWSIM_ATTR_CR, r.params.cr) ||
	    nla_put_s32(msg, LOOM_HWSIM_ATTR_TX_POWER, r.params.tx_power_dbm) ||
	    nla_put_u16(msg, LOOM_HWSIM_ATTR_PREAMBLE, r.params.preamble) ||
	    nla_put_u16(msg, LOOM_HWSIM_ATTR_MAX_FRAME, r.max_frame) ||
	    nla_put_u16(msg, LOOM_HWSIM_ATTR_GEN_LEN, hr->gen_len) ||
	    loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_GEN_GAP, hr->gen_gap_ns) ||
	    loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_ENERGY,
			       loom_radio_energy_nj(&loom_sx1276_power, t,
						    r.params.tx_power_dbm)))
		return -EMSGSIZE;
	if (hr->has_pos) {
		nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_POS);
		if (!nest ||
		    nla_put_s32(msg, LOOM_HWSIM_POS_X, hr->pos.x) ||
		    nla_put_s32(msg, LOOM_HWSIM_POS_Y, hr->pos.y) ||
		    nla_put_s32(msg, LOOM_HWSIM_POS_Z, hr->pos.z))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = LOOM_HWSIM_STAT_TX; i < ARRAY_SIZE(stats); i++)
		if (nla_put_u64_64bit(msg, i, stats[i], 0))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_STATE_TIME);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
		if (nla_put_u64_64bit(msg, i + 1, t[i], 0))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	if (nla_put_u8(msg, LOOM_HWSIM_ATTR_KIND, hr->kind))
		return -EMSGSIZE;
	return hr->chip ? loom_hwsim_put_chip(msg, hr->chip) : 0;
}

/* Locked: reply to @info with one radio. */
static int loom_hwsim_reply_radio(struct genl_info *info,
				  struct loom_hwsim_radio *hr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loom_hwsim_family, 0,
				LOOM_HWSIM_CMD_RADIO_GET);
	if (!hdr || loom_hwsim_put_radio(msg, &loom_hwsim, hr)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loom_hwsim_nl_radio_new(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_lora_params def;
	struct loom_hwsim_radio *hr;
	struct loom_hwsim_conf c;
	u8 kind, version;
	struct nlattr *a;
	int err;

	a = info->attrs[LOOM_HWSIM_ATTR_KIND];
	if (a && nla_get_u8(a) > LOOM_HWSIM_KIND_MAX)
		return loom_hwsim_refuse(info, -EINVAL, a,
					 "kind %u: only radio (0), sx1276 (1), sx1277 (2), sx1278 (3) or sx1279 (4)",
					 nla_get_u8(a));
	kind = a ? nla_get_u8(a) : LOOM_HWSIM_KIND_RADIO;
	a = info->attrs[LOOM_HWSIM_ATTR_CHIP_VERSION];
	if (a && kind == LOOM_HWSIM_KIND_RADIO)
		return loom_hwsim_refuse(info, -EINVAL, a,
					 "a version is a chip's: a plain radio has no RegVersion");
	version = a ? nla_get_u8(a) : LOOM_HWSIM_CHIP_VERSION_DEFAULT;
	if (kind != LOOM_HWSIM_KIND_RADIO) {
		err = loom_hwsim_chip_refuses(info, kind);
		if (err)
			return err;
	}
	loom_lora_params_default(&def);
	err = loom_hwsim_parse_conf(info, &def, 0, 0, &c);
	if (err)
		return err;
	mutex_lock(&hw->lock);
	hr = loom_hwsim_radio_new(hw, info->attrs[LOOM_HWSIM_ATTR_OWNED] ?
				  info->snd_portid : 0, kind, version);
	if (IS_ERR(hr)) {
		err = PTR_ERR(hr);
		if (err == -ENOSPC)
			loom_hwsim_refuse(info, err, NULL,
					  "the medium holds %u radios already (module parameter max_radios)",
					  hw->m.cap);
		goto out;
	}
	/* Nothing else runs on a radio this new: applying cannot fail. */
	err = loom_hwsim_radio_apply(hw, hr, &c);
	if (!err && hr->chip) {
		err = loom_hwsim_radio_start_chip(hw, hr, NULL);
		if (err)
			loom_hwsim_refuse(info, err, NULL,
					  "the emulated %s's SPI controller, NRESET line or interrupt could not be made (error %d)",
					  loom_hwsim_chip_model(kind), err);
	}
	if (err) {
		loom_hwsim_radio_del(hw, hr);
		goto out;
	}
	err = loom_hwsim_reply_radio(info, hr);
out:
	mutex_unlock(&hw->lock);
	return err;
}

/**
 * struct loom_hwsim_set - a RADIO_SET request, applied with nodes kept off
 * @hw: the module
 * @hr: the radio
 * @info: the request
 */
struct loom_hwsim_set {
	struct loom_hwsim *hw;
	struct loom_hwsim_radio *hr;
	struct genl_info *info;
};

static int loom_hwsim_set_free(void *arg)
{
	struct loom_hwsim_set *set = arg;
	struct loom_hwsim_radio *hr = set->hr;
	struct loom_hwsim_conf c;
	struct loom_radio r;
	struct nlattr *a;
	int err;

	a = set->info->attrs[LOOM_HWSIM_ATTR_FAULT];
	if (a && !hr->chip)
		return loom_hwsim_refuse(set->info, -EINVAL, a,
					 "radio %u is a plain radio: only an emulated chip takes faults",
					 hr->id);
	if (a && nla_get_u8(a) > LOOM_HWSIM_FAULT_MAX)
		return loom_hwsim_refuse(set->info, -EINVAL, a,
					 "fault %u: only none (0), spi-error (1), stuck-irq (2), mute (3) or crc-error (4)",
					 nla_get_u8(a));
	if (hr->chip) {
		err = loom_hwsim_chip_refuses(set->info, hr->kind);
		if (err)
			return err;
	}
	loom_sim_radio_read(hr->sr, &r);
	err = loom_hwsim_parse_conf(set->info, &r.params, hr->gen_len,
				    hr->gen_gap_ns, &c);
	if (err)
		return err;
	/* A chip's modulation is its registers': only its position moves. */
	if (hr->chip)
		c.params_set = false;
	err = loom_hwsim_radio_apply(set->hw, hr, &c);
	if (!err && a)
		loom_hwsim_chip_set_fault(hr->chip, nla_get_u8(a));
	if (err == -EBUSY)
		loom_hwsim_refuse(set->info, err, NULL,
				  "radio %u is transmitting; retry, or stop its generator first",
				  hr->id);
	return err;
}

static int loom_hwsim_nl_radio_set(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_hwsim_set set = { .hw = &loom_hwsim, .info = info };
	bool ran;
	int err;

	err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_RADIO, "the radio");
	if (err)
		return err;
	mutex_lock(&set.hw->lock);
	set.hr = loom_hwsim_get_radio(info, LOOM_HWSIM_ATTR_RADIO, &err);
	if (set.hr) {
		err = loom_radio_while_free(&set.hr->sr->radio,
					    loom_hwsim_set_free, &set, &ran);
		if (!ran)
			loom_hwsim_refuse(info, err, NULL,
					  "radio %u runs a Loom node; stop the node first",
					  set.hr->id);
	}
	mutex_unlock(&set.hw->lock);
	return err;
}

static int loom_hwsim_del_one(struct genl_info *info,
			      struct loom_hwsim_radio *hr)
{
	loom_hwsim_radio_del(&loom_hwsim, hr);
	return 0;
}

/* Locked: run @fn on the radio the request names. */
static int loom_hwsim_on_radio(struct genl_info *info,
			       int (*fn)(struct genl_info *info,
					 struct loom_hwsim_radio *hr))
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_hwsim_radio *hr;
	int err;

	err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_RADIO, "the radio");
	if (err)
		return err;
	mutex_lock(&hw->lock);
	hr = loom_hwsim_get_radio(info, LOOM_HWSIM_ATTR_RADIO, &err);
	if (hr)
		err = fn(info, hr);
	mutex_unlock(&hw->lock);
	return err;
}

static int loom_hwsim_nl_radio_del(struct sk_buff *skb, struct genl_info *info)
{
	return loom_hwsim_on_radio(info, loom_hwsim_del_one);
}

static int loom_hwsim_nl_radio_get(struct sk_buff *skb, struct genl_info *info)
{
	return loom_hwsim_on_radio(info, loom_hwsim_reply_radio);
}

static void *loom_hwsim_dump_put(struct sk_buff *skb,
				 struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &loom_hwsim_family,
			   NLM_F_MULTI, cmd);
}

static int loom_hwsim_nl_radio_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct loom_hwsim *hw = &loom_hwsim;
	u32 id = cb->args[0];
	void *hdr;

	mutex_lock(&hw->lock);
	for (; id < hw->m.cap; id++) {
		struct loom_hwsim_radio *hr = hw->radios[id];

		if (!hr)
			continue;
		hdr = loom_hwsim_dump_put(skb, cb, LOOM_HWSIM_CMD_RADIO_GET);
		if (!hdr)
			break;
		if (loom_hwsim_put_radio(skb, hw, hr)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&hw->lock);
	cb->args[0] = id;
	return skb->len;
}

/* Locked: check FROM and TO name two different radios. */
static int loom_hwsim_edge_ends(struct genl_info *info, u32 *from, u32 *to)
{
	int err;

	err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_FROM, "the sending radio");
	if (!err)
		err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_TO,
				      "the receiving radio");
	if (err)
		return err;
	if (!loom_hwsim_get_radio(info, LOOM_HWSIM_ATTR_FROM, &err) ||
	    !loom_hwsim_get_radio(info, LOOM_HWSIM_ATTR_TO, &err))
		return err;
	*from = nla_get_u32(info->attrs[LOOM_HWSIM_ATTR_FROM]);
	*to = nla_get_u32(info->attrs[LOOM_HWSIM_ATTR_TO]);
	if (*from == *to)
		return loom_hwsim_refuse(info, -EINVAL,
					 info->attrs[LOOM_HWSIM_ATTR_TO],
					 "radio %u cannot hear itself", *to);
	return 0;
}

static int loom_hwsim_nl_edge_set(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct nlattr **tb = info->attrs;
	struct loom_sim_edge e = {
		.present = true,
		.origin = LOOM_HWSIM_ORIGIN_MANUAL,
	};
	struct loom_radio rx;
	u32 from, to;
	int err;

	err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_RSSI, "the RSSI");
	if (err)
		return err;
	e.rssi_mdbm = nla_get_s32(tb[LOOM_HWSIM_ATTR_RSSI]);
	if (e.rssi_mdbm < LOOM_HWSIM_RSSI_MIN_MDBM ||
	    e.rssi_mdbm > LOOM_HWSIM_RSSI_MAX_MDBM)
		return loom_hwsim_refuse(info, -ERANGE, tb[LOOM_HWSIM_ATTR_RSSI],
					 "RSSI %d mdBm is outside -200..50 dBm",
					 e.rssi_mdbm);
	if (tb[LOOM_HWSIM_ATTR_SNR]) {
		e.snr_mdb = nla_get_s32(tb[LOOM_HWSIM_ATTR_SNR]);
		if (e.snr_mdb < LOOM_HWSIM_SNR_MIN_MDB ||
		    e.snr_mdb > LOOM_HWSIM_SNR_MAX_MDB)
			return loom_hwsim_refuse(info, -ERANGE,
						 tb[LOOM_HWSIM_ATTR_SNR],
						 "SNR %d mdB is outside -100..100 dB",
						 e.snr_mdb);
	}
	if (tb[LOOM_HWSIM_ATTR_LOSS]) {
		e.loss_ppm = nla_get_u32(tb[LOOM_HWSIM_ATTR_LOSS]);
		if (e.loss_ppm > LOOM_HWSIM_LOSS_MAX_PPM)
			return loom_hwsim_refuse(info, -ERANGE,
						 tb[LOOM_HWSIM_ATTR_LOSS],
						 "loss %u ppm is over 1000000 (100 %%)",
						 e.loss_ppm);
	}
	mutex_lock(&hw->lock);
	err = loom_hwsim_edge_ends(info, &from, &to);
	if (err)
		goto out;
	if (!tb[LOOM_HWSIM_ATTR_SNR]) {
		loom_sim_radio_read(hw->radios[to]->sr, &rx);
		e.snr_mdb = clamp_t(s32, e.rssi_mdbm -
				    loom_noise_floor_mdbm(rx.params.bw_hz),
				    -100000, 100000);
	}
	err = loom_sim_edge_set(&hw->m, from, to, &e);
	if (!err && tb[LOOM_HWSIM_ATTR_BOTH]) {
		if (!tb[LOOM_HWSIM_ATTR_SNR]) {
			loom_sim_radio_read(hw->radios[from]->sr, &rx);
			e.snr_mdb = clamp_t(s32, e.rssi_mdbm -
					    loom_noise_floor_mdbm(rx.params.bw_hz),
					    -100000, 100000);
		}
		err = loom_sim_edge_set(&hw->m, to, from, &e);
	}
out:
	mutex_unlock(&hw->lock);
	return err;
}

static int loom_hwsim_nl_edge_del(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	bool both = info->attrs[LOOM_HWSIM_ATTR_BOTH];
	struct loom_sim_edge fwd, back = {};
	u32 from, to;
	int err;

	mutex_lock(&hw->lock);
	err = loom_hwsim_edge_ends(info, &from, &to);
	if (err)
		goto out;
	loom_sim_edge_get(&hw->m, from, to, &fwd);
	if (both)
		loom_sim_edge_get(&hw->m, to, from, &back);
	if (!fwd.present || (both && !back.present)) {
		err = loom_hwsim_refuse(info, -ENOENT, NULL,
					"no edge %u -> %u", fwd.present ? to : from,
					fwd.present ? from : to);
		goto out;
	}
	fwd.present = false;
	loom_sim_edge_set(&hw->m, from, to, &fwd);
	if (both) {
		back.present = false;
		loom_sim_edge_set(&hw->m, to, from, &back);
	}
out:
	mutex_unlock(&hw->lock);
	return err;
}

static int loom_hwsim_nl_edge_dump(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct loom_hwsim *hw = &loom_hwsim;
	u64 i = cb->args[0], n;
	struct loom_sim_edge e;
	void *hdr;

	mutex_lock(&hw->lock);
	n = (u64)hw->m.cap * hw->m.cap;
	for (; i < n; i++) {
		u32 from = div_u64(i, hw->m.cap), to = i - (u64)from * hw->m.cap;

		if (loom_sim_edge_get(&hw->m, from, to, &e) || !e.present)
			continue;
		hdr = loom_hwsim_dump_put(skb, cb, LOOM_HWSIM_CMD_EDGE_GET);
		if (!hdr)
			break;
		if (nla_put_u32(skb, LOOM_HWSIM_ATTR_FROM, from) ||
		    nla_put_u32(skb, LOOM_HWSIM_ATTR_TO, to) ||
		    nla_put_s32(skb, LOOM_HWSIM_ATTR_RSSI, e.rssi_mdbm) ||
		    nla_put_s32(skb, LOOM_HWSIM_ATTR_SNR, e.snr_mdb) ||
		    nla_put_u32(skb, LOOM_HWSIM_ATTR_LOSS, e.loss_ppm) ||
		    nla_put_u8(skb, LOOM_HWSIM_ATTR_EDGE_ORIGIN, e.origin)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&hw->lock);
	cb->args[0] = i;
	return skb->len;
}

static int loom_hwsim_nl_medium_get(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct sk_buff *msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	void *hdr;
	int err = -EMSGSIZE;

	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loom_hwsim_family, 0,
				LOOM_HWSIM_CMD_MEDIUM_GET);
	mutex_lock(&hw->lock);
	if (hdr &&
	    !nla_put_u8(msg, LOOM_HWSIM_ATTR_CLOCK,
			hw->clk.mode == LOOM_CLOCK_VIRTUAL ?
			LOOM_HWSIM_CLOCK_VIRTUAL : LOOM_HWSIM_CLOCK_REAL) &&
	    !loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_NOW,
				loom_clock_now(&hw->clk)) &&
	    !loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_EVENTS,
				atomic64_read(&hw->clk.fired)) &&
	    !nla_put_u32(msg, LOOM_HWSIM_ATTR_MAX_RADIOS, hw->m.cap) &&
	    !nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIOS, hw->nradios) &&
	    !nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_EXPONENT,
			 hw->pl.exponent_milli) &&
	    !nla_put_s32(msg, LOOM_HWSIM_ATTR_PL_REF_LOSS,
			 hw->pl.ref_loss_mdb) &&
	    !nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_REF_DIST, hw->pl.ref_mm) &&
	    !nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_SIGMA, hw->pl.sigma_mdb) &&
	    !loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_SEED, hw->seed))
		err = 0;
	mutex_unlock(&hw->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loom_hwsim_nl_medium_set(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct nlattr **tb = info->attrs;
	struct loom_pathloss pl;
	struct nlattr *a;

	mutex_lock(&hw->lock);
	pl = hw->pl;
	mutex_unlock(&hw->lock);
	a = tb[LOOM_HWSIM_ATTR_PL_EXPONENT];
	if (a) {
		pl.exponent_milli = nla_get_u32(a);
		if (pl.exponent_milli < LOOM_HWSIM_EXPONENT_MIN ||
		    pl.exponent_milli > LOOM_HWSIM_EXPONENT_MAX)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "path-loss exponent %u.%03u is outside 1..8",
						 pl.exponent_milli / 1000,
						 pl.exponent_milli % 1000);
	}
	a = tb[LOOM_HWSIM_ATTR_PL_REF_LOSS];
	if (a) {
		pl.ref_loss_mdb = nla_get_s32(a);
		if (pl.ref_loss_mdb < 0 ||
		    pl.ref_loss_mdb > LOOM_HWSIM_REF_LOSS_MAX_MDB)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "reference loss %d mdB is outside 0..200 dB",
						 pl.ref_loss_mdb);
	}
	a = tb[LOOM_HWSIM_ATTR_PL_REF_DIST];
	if (a) {
		pl.ref_mm = nla_get_u32(a);
		if (!pl.ref_mm)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "the reference distance must be at least 1 mm");
	}
	a = tb[LOOM_HWSIM_ATTR_PL_SIGMA];
	if (a) {
		pl.sigma_mdb = nla_get_u32(a);
		if (pl.sigma_mdb > LOOM_HWSIM_SIGMA_MAX_MDB)
			return loom_hwsim_refuse(info, -ERANGE, a,
						 "shadowing sigma %u mdB is over 30 dB",
						 pl.sigma_mdb);
	}
	mutex_lock(&hw->lock);
	hw->pl = pl;
	if (tb[LOOM_HWSIM_ATTR_SEED]) {
		hw->seed = nla_get_u64(tb[LOOM_HWSIM_ATTR_SEED]);
		loom_sim_reseed(&hw->m, hw->seed);
	}
	loom_hwsim_derive(hw, NULL);
	mutex_unlock(&hw->lock);
	return 0;
}

static int loom_hwsim_nl_run(struct sk_buff *skb, struct genl_info *info)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct nlattr *a = info->attrs[LOOM_HWSIM_ATTR_DURATION];
	u64 until, fired = 0, n;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = loom_hwsim_need(info, LOOM_HWSIM_ATTR_DURATION, "the duration");
	if (err)
		return err;
	if (hw->clk.mode != LOOM_CLOCK_VIRTUAL)
		return loom_hwsim_refuse(info, -EOPNOTSUPP, NULL,
					 "the medium runs on real time; load loom_hwsim with clock=virtual to run it");
	if (nla_get_u64(a) > LOOM_HWSIM_RUN_MAX_NS)
		return loom_hwsim_refuse(info, -ERANGE, a,
					 "a run lasts at most 14 simulated days");
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&hw->lock);
	until = loom_clock_now(&hw->clk) + nla_get_u64(a);
	do {
		n = loom_clock_run(&hw->clk, until, LOOM_HWSIM_RUN_CHUNK);
		fired += n;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	} while (n == LOOM_HWSIM_RUN_CHUNK);
	hdr = genlmsg_put_reply(msg, info, &loom_hwsim_family, 0,
				LOOM_HWSIM_CMD_RUN);
	if (!err && (!hdr ||
		     loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_NOW,
					loom_clock_now(&hw->clk)) ||
		     loom_hwsim_put_u64(msg, LOOM_HWSIM_ATTR_EVENTS, fired)))
		err = -EMSGSIZE;
	mutex_unlock(&hw->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_ops loom_hwsim_ops[] = {
	{
		.cmd = LOOM_HWSIM_CMD_RADIO_NEW,
		.doit = loom_hwsim_nl_radio_new,
		.policy = loom_hwsim_new_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_RADIO_DEL,
		.doit = loom_hwsim_nl_radio_del,
		.policy = loom_hwsim_radio_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_RADIO_GET,
		.doit = loom_hwsim_nl_radio_get,
		.dumpit = loom_hwsim_nl_radio_dump,
		.policy = loom_hwsim_radio_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
	},
	{
		.cmd = LOOM_HWSIM_CMD_RADIO_SET,
		.doit = loom_hwsim_nl_radio_set,
		.policy = loom_hwsim_set_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_EDGE_SET,
		.doit = loom_hwsim_nl_edge_set,
		.policy = loom_hwsim_edge_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_EDGE_DEL,
		.doit = loom_hwsim_nl_edge_del,
		.policy = loom_hwsim_edge_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_EDGE_GET,
		.dumpit = loom_hwsim_nl_edge_dump,
		.policy = loom_hwsim_none_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
	},
	{
		.cmd = LOOM_HWSIM_CMD_MEDIUM_GET,
		.doit = loom_hwsim_nl_medium_get,
		.policy = loom_hwsim_none_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
	},
	{
		.cmd = LOOM_HWSIM_CMD_MEDIUM_SET,
		.doit = loom_hwsim_nl_medium_set,
		.policy = loom_hwsim_medium_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LOOM_HWSIM_CMD_RUN,
		.doit = loom_hwsim_nl_run,
		.policy = loom_hwsim_run_policy,
		.maxattr = LOOM_HWSIM_ATTR_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family loom_hwsim_family __ro_after_init = {
	.name = LOOM_HWSIM_GENL_NAME,
	.version = LOOM_HWSIM_GENL_VERSION,
	.maxattr = LOOM_HWSIM_ATTR_MAX,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = loom_hwsim_ops,
	.n_ops = ARRAY_SIZE(loom_hwsim_ops),
};

/**
 * loom_hwsim_nl_init() - register the "loom_hwsim" family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int loom_hwsim_nl_init(void)
{
	return genl_register_family(&loom_hwsim_family);
}

/**
 * loom_hwsim_nl_exit() - unregister the family; no request runs after it
 */
void loom_hwsim_nl_exit(void)
{
	genl_unregister_family(&loom_hwsim_family);
}
