// SPDX-License-Identifier: GPL-2.0
/*
 * "loom_hwsim" messages against uapi/linux/loom_hwsim.h: each request
 * attribute with the type and exact size the header gives it, nothing
 * that was not asked for; replies made the way the kernel makes them
 * (64-bit values after padding attributes) and read back.
 */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hwsim_msg.h"
#include "msgutil.h"
#include "test.h"

#define FAMILY 0x43

static struct nl_msg *new_msg(int cmd)
{
	return msg_new(FAMILY, cmd, LOOM_HWSIM_GENL_VERSION);
}

TEST(hwsim_msg_settings_every_attr)
{
	struct hwsim_settings st = {
		.set = HWSIM_SET_STATE | HWSIM_SET_FREQ | HWSIM_SET_BW |
		       HWSIM_SET_SF | HWSIM_SET_CR | HWSIM_SET_POWER |
		       HWSIM_SET_PREAMBLE | HWSIM_SET_POS |
		       HWSIM_SET_GEN_LEN | HWSIM_SET_GEN_GAP,
		.state = LOOM_RADIO_SLEEP,
		.freq_hz = 868100000,
		.bw_hz = 31250,
		.sf = 12,
		.cr = 8,
		.tx_power_dbm = -4,
		.preamble = 65535,
		.pos = { -1, 2147483647, -2147483647 - 1 },
		.gen_len = 255,
		.gen_gap_ns = 0x123456789abcdefULL,
	};
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_RADIO_SET);
	struct nlattr *a, *pos, *p;
	int rem, n = 0;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_settings(msg, &st), 0);
	CHECK_INT(msg_count(msg), 10);
	a = msg_get(msg, LOOM_HWSIM_ATTR_STATE, 1);
	CHECK(a && nla_get_u8(a) == LOOM_RADIO_SLEEP);
	a = msg_get(msg, LOOM_HWSIM_ATTR_FREQ, 4);
	CHECK(a && nla_get_u32(a) == 868100000);
	a = msg_get(msg, LOOM_HWSIM_ATTR_BW, 4);
	CHECK(a && nla_get_u32(a) == 31250);
	a = msg_get(msg, LOOM_HWSIM_ATTR_SF, 1);
	CHECK(a && nla_get_u8(a) == 12);
	a = msg_get(msg, LOOM_HWSIM_ATTR_CR, 1);
	CHECK(a && nla_get_u8(a) == 8);
	a = msg_get(msg, LOOM_HWSIM_ATTR_TX_POWER, 4);
	CHECK(a && (int32_t)nla_get_u32(a) == -4);
	a = msg_get(msg, LOOM_HWSIM_ATTR_PREAMBLE, 2);
	CHECK(a && nla_get_u16(a) == 65535);
	a = msg_get(msg, LOOM_HWSIM_ATTR_GEN_LEN, 2);
	CHECK(a && nla_get_u16(a) == 255);
	a = msg_get(msg, LOOM_HWSIM_ATTR_GEN_GAP, 8);
	CHECK(a && nla_get_u64(a) == 0x123456789abcdefULL);

	pos = msg_get(msg, LOOM_HWSIM_ATTR_POS, -1);
	REQUIRE(pos);
	/* Strict kernel parsing wants nests flagged as such. */
	CHECK(pos->nla_type & NLA_F_NESTED);
	nla_for_each_nested(p, pos, rem) {
		CHECK_INT(nla_len(p), 4);
		if (nla_type(p) == LOOM_HWSIM_POS_X)
			CHECK_INT((int32_t)nla_get_u32(p), -1);
		else if (nla_type(p) == LOOM_HWSIM_POS_Y)
			CHECK_INT((int32_t)nla_get_u32(p), 2147483647);
		else if (nla_type(p) == LOOM_HWSIM_POS_Z)
			CHECK_INT((int32_t)nla_get_u32(p), -2147483647 - 1);
		else
			test_fail(__FILE__, __LINE__, "POS type %d", nla_type(p));
		n++;
	}
	CHECK_INT(n, 3);
	nlmsg_free(msg);
}

TEST(hwsim_msg_settings_only_given)
{
	struct hwsim_settings st = { .set = HWSIM_SET_SF, .sf = 7 };
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_RADIO_NEW);
	struct nlattr *pos;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_settings(msg, &st), 0);
	CHECK_INT(msg_count(msg), 1);
	msg_get(msg, LOOM_HWSIM_ATTR_SF, 1);
	nlmsg_free(msg);

	/* Nothing given: nothing sent. */
	msg = new_msg(LOOM_HWSIM_CMD_RADIO_NEW);
	REQUIRE(msg);
	st.set = 0;
	CHECK_INT(hwsim_msg_put_settings(msg, &st), 0);
	CHECK_INT(msg_count(msg), 0);
	nlmsg_free(msg);

	/* "position clear": an empty POS nest. */
	msg = new_msg(LOOM_HWSIM_CMD_RADIO_SET);
	REQUIRE(msg);
	st = (struct hwsim_settings){ .set = HWSIM_SET_POS, .pos_clear = true,
				      .pos = { 1, 2, 3 } };
	CHECK_INT(hwsim_msg_put_settings(msg, &st), 0);
	CHECK_INT(msg_count(msg), 1);
	pos = msg_get(msg, LOOM_HWSIM_ATTR_POS, 0);
	CHECK(pos && (pos->nla_type & NLA_F_NESTED));
	nlmsg_free(msg);
}

TEST(hwsim_msg_edge)
{
	struct hwsim_edge_args ea = {
		.rssi_mdbm = -80500, .snr_mdb = -7250, .has_snr = true,
		.loss_ppm = 5000, .has_loss = true,
	};
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_EDGE_SET);
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_edge(msg, 1, 4294967295U, &ea, true), 0);
	CHECK_INT(msg_count(msg), 6);
	a = msg_get(msg, LOOM_HWSIM_ATTR_FROM, 4);
	CHECK(a && nla_get_u32(a) == 1);
	a = msg_get(msg, LOOM_HWSIM_ATTR_TO, 4);
	CHECK(a && nla_get_u32(a) == 4294967295U);
	a = msg_get(msg, LOOM_HWSIM_ATTR_RSSI, 4);
	CHECK(a && (int32_t)nla_get_u32(a) == -80500);
	a = msg_get(msg, LOOM_HWSIM_ATTR_SNR, 4);
	CHECK(a && (int32_t)nla_get_u32(a) == -7250);
	a = msg_get(msg, LOOM_HWSIM_ATTR_LOSS, 4);
	CHECK(a && nla_get_u32(a) == 5000);
	msg_get(msg, LOOM_HWSIM_ATTR_BOTH, 0);
	nlmsg_free(msg);

	/* Without snr and loss the kernel decides: they are left out. */
	msg = new_msg(LOOM_HWSIM_CMD_EDGE_SET);
	REQUIRE(msg);
	ea.has_snr = false;
	ea.has_loss = false;
	CHECK_INT(hwsim_msg_put_edge(msg, 2, 3, &ea, false), 0);
	CHECK_INT(msg_count(msg), 3);
	nlmsg_free(msg);

	/* EDGE_DEL: FROM, TO and maybe BOTH. */
	msg = new_msg(LOOM_HWSIM_CMD_EDGE_DEL);
	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_edge(msg, 2, 3, NULL, true), 0);
	CHECK_INT(msg_count(msg), 3);
	msg_get(msg, LOOM_HWSIM_ATTR_BOTH, 0);
	nlmsg_free(msg);
}

TEST(hwsim_msg_medium_set)
{
	struct hwsim_medium_args ma = {
		.set = HWSIM_MED_EXPONENT | HWSIM_MED_REF_LOSS |
		       HWSIM_MED_REF_DIST | HWSIM_MED_SIGMA | HWSIM_MED_SEED,
		.exponent_milli = 2700, .ref_loss_mdb = -3000,
		.ref_dist_mm = 1000, .sigma_mdb = 4000, .seed = UINT64_MAX,
	};
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_MEDIUM_SET);
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_medium(msg, &ma), 0);
	CHECK_INT(msg_count(msg), 5);
	a = msg_get(msg, LOOM_HWSIM_ATTR_PL_EXPONENT, 4);
	CHECK(a && nla_get_u32(a) == 2700);
	a = msg_get(msg, LOOM_HWSIM_ATTR_PL_REF_LOSS, 4);
	CHECK(a && (int32_t)nla_get_u32(a) == -3000);
	a = msg_get(msg, LOOM_HWSIM_ATTR_PL_REF_DIST, 4);
	CHECK(a && nla_get_u32(a) == 1000);
	a = msg_get(msg, LOOM_HWSIM_ATTR_PL_SIGMA, 4);
	CHECK(a && nla_get_u32(a) == 4000);
	a = msg_get(msg, LOOM_HWSIM_ATTR_SEED, 8);
	CHECK(a && nla_get_u64(a) == UINT64_MAX);
	nlmsg_free(msg);

	msg = new_msg(LOOM_HWSIM_CMD_MEDIUM_SET);
	REQUIRE(msg);
	ma.set = HWSIM_MED_SIGMA;
	CHECK_INT(hwsim_msg_put_medium(msg, &ma), 0);
	CHECK_INT(msg_count(msg), 1);
	nlmsg_free(msg);
}

/* A RADIO_GET reply with every attribute. */
static struct nl_msg *radio_reply(bool owned, bool pos)
{
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_RADIO_GET);
	struct nlattr *nest;
	unsigned int i;

	if (!msg)
		return NULL;
	nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIO, 7);
	if (owned)
		nla_put_u32(msg, LOOM_HWSIM_ATTR_OWNER, 4242);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_STATE, LOOM_RADIO_RECEIVE);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_FREQ, 868100000);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_BW, 125000);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_SF, 9);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_CR, 6);
	nla_put_s32(msg, LOOM_HWSIM_ATTR_TX_POWER, -3);
	nla_put_u16(msg, LOOM_HWSIM_ATTR_PREAMBLE, 8);
	nla_put_u16(msg, LOOM_HWSIM_ATTR_MAX_FRAME, 255);
	if (pos) {
		nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_POS | NLA_F_NESTED);
		nla_put_s32(msg, LOOM_HWSIM_POS_X, -1500);
		nla_put_s32(msg, LOOM_HWSIM_POS_Y, 2000);
		nla_put_s32(msg, LOOM_HWSIM_POS_Z, 0);
		nla_nest_end(msg, nest);
	}
	nla_put_u16(msg, LOOM_HWSIM_ATTR_GEN_LEN, 20);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_GEN_GAP, 1000000000,
			LOOM_HWSIM_ATTR_PAD);
	/* Inside the nests, padding has type 0 (the uapi says so). */
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_STATS | NLA_F_NESTED);
	for (i = 1; i <= LOOM_HWSIM_STAT_MAX; i++)
		msg_put_u64_pad(msg, i, 100 + i, 0);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_STATE_TIME | NLA_F_NESTED);
	for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
		msg_put_u64_pad(msg, i + 1, 1000000000ULL * (i + 1), 0);
	nla_nest_end(msg, nest);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_ENERGY, 12345678,
			LOOM_HWSIM_ATTR_PAD);
	/* From a newer kernel: skipped. */
	nla_put_u32(msg, LOOM_HWSIM_ATTR_MAX + 5, 1);
	return msg;
}

TEST(hwsim_msg_parse_radio_reply)
{
	struct nl_msg *msg = radio_reply(true, true);
	struct hwsim_radio r;
	unsigned int i;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_INT(r.id, 7);
	CHECK(r.owned);
	CHECK_INT(r.owner, 4242);
	CHECK_INT(r.state, LOOM_RADIO_RECEIVE);
	CHECK_INT(r.freq_hz, 868100000);
	CHECK_INT(r.bw_hz, 125000);
	CHECK_INT(r.sf, 9);
	CHECK_INT(r.cr, 6);
	CHECK_INT(r.tx_power_dbm, -3);
	CHECK_INT(r.preamble, 8);
	CHECK_INT(r.max_frame, 255);
	CHECK(r.has_pos);
	CHECK_INT(r.pos.x, -1500);
	CHECK_INT(r.pos.y, 2000);
	CHECK_INT(r.pos.z, 0);
	CHECK_INT(r.gen_len, 20);
	CHECK_INT(r.gen_gap_ns, 1000000000);
	CHECK_INT(r.stats[LOOM_HWSIM_STAT_UNSPEC], 0);
	for (i = 1; i <= LOOM_HWSIM_STAT_MAX; i++)
		CHECK_INT(r.stats[i], 100 + i);
	CHECK_INT(r.state_ns[LOOM_RADIO_DISABLED], 1000000000);
	CHECK_INT(r.state_ns[LOOM_RADIO_SLEEP], 2000000000);
	CHECK_INT(r.state_ns[LOOM_RADIO_RECEIVE], 3000000000);
	CHECK_INT(r.state_ns[LOOM_RADIO_TRANSMIT], 4000000000);
	CHECK_INT(r.energy_nj, 12345678);
	nlmsg_free(msg);

	/* Not owned, no position: both absent from the reply. */
	msg = radio_reply(false, false);
	REQUIRE(msg);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK(!r.owned);
	CHECK(!r.has_pos);
	nlmsg_free(msg);
}

/* What an emulated chip's reply adds, and its three request attributes. */
TEST(hwsim_msg_chip)
{
	struct hwsim_settings st = {
		.set = HWSIM_SET_KIND | HWSIM_SET_VERSION | HWSIM_SET_FAULT,
		.kind = LOOM_HWSIM_KIND_SX1278, .version = 0x22,
		.fault = LOOM_HWSIM_FAULT_CRC_ERROR,
	};
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_RADIO_NEW);
	struct hwsim_radio r;
	struct nlattr *a, *nest;
	unsigned int i;

	REQUIRE(msg);
	CHECK_INT(hwsim_msg_put_settings(msg, &st), 0);
	CHECK_INT(msg_count(msg), 3);
	a = msg_get(msg, LOOM_HWSIM_ATTR_KIND, 1);
	CHECK(a && nla_get_u8(a) == LOOM_HWSIM_KIND_SX1278);
	a = msg_get(msg, LOOM_HWSIM_ATTR_CHIP_VERSION, 1);
	CHECK(a && nla_get_u8(a) == 0x22);
	a = msg_get(msg, LOOM_HWSIM_ATTR_FAULT, 1);
	CHECK(a && nla_get_u8(a) == LOOM_HWSIM_FAULT_CRC_ERROR);
	nlmsg_free(msg);

	msg = radio_reply(false, false);
	REQUIRE(msg);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_KIND, LOOM_HWSIM_KIND_SX1276);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_CHIP_VERSION, 0x12);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_FAULT, LOOM_HWSIM_FAULT_MUTE);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_CHIP_OPMODE, 0x81);
	nla_put_string(msg, LOOM_HWSIM_ATTR_SPI_DEV, "spi12.0");
	nest = nla_nest_start(msg, LOOM_HWSIM_ATTR_CHIP_STATS | NLA_F_NESTED);
	for (i = 1; i <= LOOM_HWSIM_CHIP_STAT_MAX; i++)
		msg_put_u64_pad(msg, i, 1000 + i, 0);
	nla_nest_end(msg, nest);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_INT(r.kind, LOOM_HWSIM_KIND_SX1276);
	CHECK_INT(r.version, 0x12);
	CHECK_INT(r.fault, LOOM_HWSIM_FAULT_MUTE);
	CHECK_INT(r.opmode, 0x81);
	CHECK_STR(r.spi_dev, "spi12.0");
	CHECK_INT(r.chip_stats[0], 0);
	for (i = 1; i <= LOOM_HWSIM_CHIP_STAT_MAX; i++)
		CHECK_INT(r.chip_stats[i], 1000 + i);
	nlmsg_free(msg);

	/* A plain radio's reply has none of it. */
	msg = radio_reply(true, true);
	REQUIRE(msg);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_INT(r.kind, LOOM_HWSIM_KIND_RADIO);
	CHECK_STR(r.spi_dev, "");
	nlmsg_free(msg);
}

TEST(hwsim_msg_parse_bad_replies)
{
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_RADIO_GET);
	struct hwsim_radio r;
	struct hwsim_edge e;
	uint16_t half = 1;

	REQUIRE(msg);
	/* No radio id. */
	nla_put_u32(msg, LOOM_HWSIM_ATTR_FREQ, 868100000);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), -EINVAL);
	CHECK_INT(hwsim_msg_parse_edge(nlmsg_hdr(msg), &e), -EINVAL);
	nlmsg_free(msg);

	/* A u32 attribute of two bytes. */
	msg = new_msg(LOOM_HWSIM_CMD_RADIO_GET);
	REQUIRE(msg);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIO, 1);
	nla_put(msg, LOOM_HWSIM_ATTR_FREQ, sizeof(half), &half);
	CHECK_INT(hwsim_msg_parse_radio(nlmsg_hdr(msg), &r), -EINVAL);
	nlmsg_free(msg);
}

TEST(hwsim_msg_parse_edge_and_medium)
{
	struct nl_msg *msg = new_msg(LOOM_HWSIM_CMD_EDGE_GET);
	struct hwsim_medium m;
	struct hwsim_edge e;

	REQUIRE(msg);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_FROM, 2);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_TO, 5);
	nla_put_s32(msg, LOOM_HWSIM_ATTR_RSSI, -80500);
	nla_put_s32(msg, LOOM_HWSIM_ATTR_SNR, -7250);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_LOSS, 1000000);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_EDGE_ORIGIN, LOOM_HWSIM_ORIGIN_MODEL);
	CHECK_INT(hwsim_msg_parse_edge(nlmsg_hdr(msg), &e), 0);
	CHECK_INT(e.from, 2);
	CHECK_INT(e.to, 5);
	CHECK_INT(e.rssi_mdbm, -80500);
	CHECK_INT(e.snr_mdb, -7250);
	CHECK_INT(e.loss_ppm, 1000000);
	CHECK_INT(e.origin, LOOM_HWSIM_ORIGIN_MODEL);
	nlmsg_free(msg);

	msg = new_msg(LOOM_HWSIM_CMD_MEDIUM_GET);
	REQUIRE(msg);
	nla_put_u8(msg, LOOM_HWSIM_ATTR_CLOCK, LOOM_HWSIM_CLOCK_VIRTUAL);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_NOW, 12500000000ULL,
			LOOM_HWSIM_ATTR_PAD);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_EVENTS, 1234,
			LOOM_HWSIM_ATTR_PAD);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_MAX_RADIOS, 256);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIOS, 3);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_EXPONENT, 2700);
	nla_put_s32(msg, LOOM_HWSIM_ATTR_PL_REF_LOSS, -1500);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_REF_DIST, 1000);
	nla_put_u32(msg, LOOM_HWSIM_ATTR_PL_SIGMA, 4000);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_SEED, UINT64_MAX,
			LOOM_HWSIM_ATTR_PAD);
	CHECK_INT(hwsim_msg_parse_medium(nlmsg_hdr(msg), &m), 0);
	CHECK_INT(m.clock, LOOM_HWSIM_CLOCK_VIRTUAL);
	CHECK(m.now_ns == 12500000000ULL);
	CHECK_INT(m.events, 1234);
	CHECK_INT(m.max_radios, 256);
	CHECK_INT(m.radios, 3);
	CHECK_INT(m.pl_exponent_milli, 2700);
	CHECK_INT(m.pl_ref_loss_mdb, -1500);
	CHECK_INT(m.pl_ref_dist_mm, 1000);
	CHECK_INT(m.pl_sigma_mdb, 4000);
	CHECK(m.seed == UINT64_MAX);
	nlmsg_free(msg);

	/* RUN's reply: NOW and EVENTS only. */
	msg = new_msg(LOOM_HWSIM_CMD_RUN);
	REQUIRE(msg);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_NOW, 5, LOOM_HWSIM_ATTR_PAD);
	msg_put_u64_pad(msg, LOOM_HWSIM_ATTR_EVENTS, 6,
			LOOM_HWSIM_ATTR_PAD);
	CHECK_INT(hwsim_msg_parse_medium(nlmsg_hdr(msg), &m), 0);
	CHECK_INT(m.now_ns, 5);
	CHECK_INT(m.events, 6);
	CHECK_INT(m.radios, 0);
	nlmsg_free(msg);
}
