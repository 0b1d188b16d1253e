// SPDX-License-Identifier: GPL-2.0
/*
 * "loom_hwsim" netlink messages.  Requests carry exactly what the user
 * gave; the kernel keeps the rest.  Replies are read leniently: unknown
 * attributes (a newer kernel's) are skipped, absent ones read as 0.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hwsim_msg.h"
#include "nl.h"

int hwsim_msg_put_settings(struct nl_msg *msg,
			   const struct hwsim_settings *st)
{
	struct nlattr *pos;

	if (st->set & HWSIM_SET_STATE)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_STATE, st->state);
	if (st->set & HWSIM_SET_FREQ)
		NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_FREQ, st->freq_hz);
	if (st->set & HWSIM_SET_BW)
		NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_BW, st->bw_hz);
	if (st->set & HWSIM_SET_SF)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_SF, st->sf);
	if (st->set & HWSIM_SET_CR)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_CR, st->cr);
	if (st->set & HWSIM_SET_POWER)
		NLA_PUT_S32(msg, LOOM_HWSIM_ATTR_TX_POWER, st->tx_power_dbm);
	if (st->set & HWSIM_SET_PREAMBLE)
		NLA_PUT_U16(msg, LOOM_HWSIM_ATTR_PREAMBLE, st->preamble);
	/* Strictly parsed nests need NLA_F_NESTED. */
	if ((st->set & HWSIM_SET_POS) && st->pos_clear) {
		/* Empty clears; nla_nest_end() would drop an empty nest. */
		NLA_PUT(msg, LOOM_HWSIM_ATTR_POS | NLA_F_NESTED, 0, NULL);
	} else if (st->set & HWSIM_SET_POS) {
		pos = nla_nest_start(msg, LOOM_HWSIM_ATTR_POS | NLA_F_NESTED);
		if (!pos)
			return -NLE_NOMEM;
		NLA_PUT_S32(msg, LOOM_HWSIM_POS_X, st->pos.x);
		NLA_PUT_S32(msg, LOOM_HWSIM_POS_Y, st->pos.y);
		NLA_PUT_S32(msg, LOOM_HWSIM_POS_Z, st->pos.z);
		nla_nest_end(msg, pos);
	}
	if (st->set & HWSIM_SET_GEN_LEN)
		NLA_PUT_U16(msg, LOOM_HWSIM_ATTR_GEN_LEN, st->gen_len);
	if (st->set & HWSIM_SET_GEN_GAP)
		NLA_PUT_U64(msg, LOOM_HWSIM_ATTR_GEN_GAP, st->gen_gap_ns);
	if (st->set & HWSIM_SET_KIND)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_KIND, st->kind);
	if (st->set & HWSIM_SET_VERSION)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_CHIP_VERSION, st->version);
	if (st->set & HWSIM_SET_FAULT)
		NLA_PUT_U8(msg, LOOM_HWSIM_ATTR_FAULT, st->fault);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

int hwsim_msg_put_edge(struct nl_msg *msg, uint32_t from, uint32_t to,
		       const struct hwsim_edge_args *ea, bool both)
{
	NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_FROM, from);
	NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_TO, to);
	if (ea) {
		NLA_PUT_S32(msg, LOOM_HWSIM_ATTR_RSSI, ea->rssi_mdbm);
		if (ea->has_snr)
			NLA_PUT_S32(msg, LOOM_HWSIM_ATTR_SNR, ea->snr_mdb);
		if (ea->has_loss)
			NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_LOSS, ea->loss_ppm);
	}
	if (both)
		NLA_PUT_FLAG(msg, LOOM_HWSIM_ATTR_BOTH);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

int hwsim_msg_put_medium(struct nl_msg *msg,
			 const struct hwsim_medium_args *ma)
{
	if (ma->set & HWSIM_MED_EXPONENT)
		NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_PL_EXPONENT,
			    ma->exponent_milli);
	if (ma->set & HWSIM_MED_REF_LOSS)
		NLA_PUT_S32(msg, LOOM_HWSIM_ATTR_PL_REF_LOSS,
			    ma->ref_loss_mdb);
	if (ma->set & HWSIM_MED_REF_DIST)
		NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_PL_REF_DIST, ma->ref_dist_mm);
	if (ma->set & HWSIM_MED_SIGMA)
		NLA_PUT_U32(msg, LOOM_HWSIM_ATTR_PL_SIGMA, ma->sigma_mdb);
	if (ma->set & HWSIM_MED_SEED)
		NLA_PUT_U64(msg, LOOM_HWSIM_ATTR_SEED, ma->seed);
	return 0;

nla_put_failure:
	return -NLE_NOMEM;
}

/* Minimum sizes of the reply attributes; s32 ones read as u32. */
static struct nla_policy reply_policy[LOOM_HWSIM_ATTR_MAX + 1] = {
	[LOOM_HWSIM_ATTR_RADIO] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_OWNER] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_STATE] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_FREQ] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_BW] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_SF] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_CR] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_TX_POWER] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PREAMBLE] = { .type = NLA_U16 },
	[LOOM_HWSIM_ATTR_MAX_FRAME] = { .type = NLA_U16 },
	[LOOM_HWSIM_ATTR_POS] = { .type = NLA_NESTED },
	[LOOM_HWSIM_ATTR_GEN_LEN] = { .type = NLA_U16 },
	[LOOM_HWSIM_ATTR_GEN_GAP] = { .type = NLA_U64 },
	[LOOM_HWSIM_ATTR_STATS] = { .type = NLA_NESTED },
	[LOOM_HWSIM_ATTR_STATE_TIME] = { .type = NLA_NESTED },
	[LOOM_HWSIM_ATTR_ENERGY] = { .type = NLA_U64 },
	[LOOM_HWSIM_ATTR_FROM] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_TO] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_RSSI] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_SNR] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_LOSS] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_EDGE_ORIGIN] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_PL_EXPONENT] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PL_REF_LOSS] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PL_REF_DIST] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_PL_SIGMA] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_SEED] = { .type = NLA_U64 },
	[LOOM_HWSIM_ATTR_CLOCK] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_NOW] = { .type = NLA_U64 },
	[LOOM_HWSIM_ATTR_EVENTS] = { .type = NLA_U64 },
	[LOOM_HWSIM_ATTR_MAX_RADIOS] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_RADIOS] = { .type = NLA_U32 },
	[LOOM_HWSIM_ATTR_KIND] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_CHIP_VERSION] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_FAULT] = { .type = NLA_U8 },
	[LOOM_HWSIM_ATTR_SPI_DEV] = { .type = NLA_STRING },
	[LOOM_HWSIM_ATTR_CHIP_STATS] = { .type = NLA_NESTED },
	[LOOM_HWSIM_ATTR_CHIP_OPMODE] = { .type = NLA_U8 },
};

static int parse_reply(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, LOOM_HWSIM_ATTR_MAX, reply_policy) ?
	       -EINVAL : 0;
}

static void get_pos(struct nlattr *nest, struct hwsim_pos *p)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		int32_t v;

		if (nla_len(a) < (int)sizeof(v))
			continue;
		v = (int32_t)nla_get_u32(a);
		switch (nla_type(a)) {
		case LOOM_HWSIM_POS_X:
			p->x = v;
			break;
		case LOOM_HWSIM_POS_Y:
			p->y = v;
			break;
		case LOOM_HWSIM_POS_Z:
			p->z = v;
			break;
		}
	}
}

int hwsim_msg_parse_radio(struct nlmsghdr *nlh, struct hwsim_radio *r)
{
	struct nlattr *tb[LOOM_HWSIM_ATTR_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (parse_reply(nlh, tb) || !tb[LOOM_HWSIM_ATTR_RADIO])
		return -EINVAL;
	r->id = loom_nla_u32(tb, LOOM_HWSIM_ATTR_RADIO);
	r->owned = tb[LOOM_HWSIM_ATTR_OWNER];
	r->owner = loom_nla_u32(tb, LOOM_HWSIM_ATTR_OWNER);
	r->state = loom_nla_u8(tb, LOOM_HWSIM_ATTR_STATE);
	r->freq_hz = loom_nla_u32(tb, LOOM_HWSIM_ATTR_FREQ);
	r->bw_hz = loom_nla_u32(tb, LOOM_HWSIM_ATTR_BW);
	r->sf = loom_nla_u8(tb, LOOM_HWSIM_ATTR_SF);
	r->cr = loom_nla_u8(tb, LOOM_HWSIM_ATTR_CR);
	r->tx_power_dbm = loom_nla_s32(tb, LOOM_HWSIM_ATTR_TX_POWER);
	r->preamble = loom_nla_u16(tb, LOOM_HWSIM_ATTR_PREAMBLE);
	r->max_frame = loom_nla_u16(tb, LOOM_HWSIM_ATTR_MAX_FRAME);
	if (tb[LOOM_HWSIM_ATTR_POS]) {
		r->has_pos = true;
		get_pos(tb[LOOM_HWSIM_ATTR_POS], &r->pos);
	}
	r->gen_len = loom_nla_u16(tb, LOOM_HWSIM_ATTR_GEN_LEN);
	r->gen_gap_ns = loom_nla_u64(tb, LOOM_HWSIM_ATTR_GEN_GAP);
	/* stats[] is indexed by enum loom_hwsim_stat, whose 0 is UNSPEC. */
	loom_nla_u64_nest(tb[LOOM_HWSIM_ATTR_STATS], r->stats + 1,
			  LOOM_HWSIM_STAT_MAX);
	/* STATE_TIME's attribute type is the state + 1. */
	loom_nla_u64_nest(tb[LOOM_HWSIM_ATTR_STATE_TIME], r->state_ns,
			  __LOOM_RADIO_STATE_MAX);
	r->energy_nj = loom_nla_u64(tb, LOOM_HWSIM_ATTR_ENERGY);
	r->kind = loom_nla_u8(tb, LOOM_HWSIM_ATTR_KIND);
	r->version = loom_nla_u8(tb, LOOM_HWSIM_ATTR_CHIP_VERSION);
	r->fault = loom_nla_u8(tb, LOOM_HWSIM_ATTR_FAULT);
	r->opmode = loom_nla_u8(tb, LOOM_HWSIM_ATTR_CHIP_OPMODE);
	if (tb[LOOM_HWSIM_ATTR_SPI_DEV])
		snprintf(r->spi_dev, sizeof(r->spi_dev), "%s",
			 nla_get_string(tb[LOOM_HWSIM_ATTR_SPI_DEV]));
	loom_nla_u64_nest(tb[LOOM_HWSIM_ATTR_CHIP_STATS], r->chip_stats + 1,
			  LOOM_HWSIM_CHIP_STAT_MAX);
	return 0;
}

int hwsim_msg_parse_edge(struct nlmsghdr *nlh, struct hwsim_edge *e)
{
	struct nlattr *tb[LOOM_HWSIM_ATTR_MAX + 1];

	memset(e, 0, sizeof(*e));
	if (parse_reply(nlh, tb) || !tb[LOOM_HWSIM_ATTR_FROM] ||
	    !tb[LOOM_HWSIM_ATTR_TO])
		return -EINVAL;
	e->from = loom_nla_u32(tb, LOOM_HWSIM_ATTR_FROM);
	e->to = loom_nla_u32(tb, LOOM_HWSIM_ATTR_TO);
	e->rssi_mdbm = loom_nla_s32(tb, LOOM_HWSIM_ATTR_RSSI);
	e->snr_mdb = loom_nla_s32(tb, LOOM_HWSIM_ATTR_SNR);
	e->loss_ppm = loom_nla_u32(tb, LOOM_HWSIM_ATTR_LOSS);
	e->origin = loom_nla_u8(tb, LOOM_HWSIM_ATTR_EDGE_ORIGIN);
	return 0;
}

int hwsim_msg_parse_medium(struct nlmsghdr *nlh, struct hwsim_medium *m)
{
	struct nlattr *tb[LOOM_HWSIM_ATTR_MAX + 1];

	memset(m, 0, sizeof(*m));
	if (parse_reply(nlh, tb))
		return -EINVAL;
	m->clock = loom_nla_u8(tb, LOOM_HWSIM_ATTR_CLOCK);
	m->now_ns = loom_nla_u64(tb, LOOM_HWSIM_ATTR_NOW);
	m->events = loom_nla_u64(tb, LOOM_HWSIM_ATTR_EVENTS);
	m->max_radios = loom_nla_u32(tb, LOOM_HWSIM_ATTR_MAX_RADIOS);
	m->radios = loom_nla_u32(tb, LOOM_HWSIM_ATTR_RADIOS);
	m->pl_exponent_milli = loom_nla_u32(tb, LOOM_HWSIM_ATTR_PL_EXPONENT);
	m->pl_ref_loss_mdb = loom_nla_s32(tb, LOOM_HWSIM_ATTR_PL_REF_LOSS);
	m->pl_ref_dist_mm = loom_nla_u32(tb, LOOM_HWSIM_ATTR_PL_REF_DIST);
	m->pl_sigma_mdb = loom_nla_u32(tb, LOOM_HWSIM_ATTR_PL_SIGMA);
	m->seed = loom_nla_u64(tb, LOOM_HWSIM_ATTR_SEED);
	return 0;
}
