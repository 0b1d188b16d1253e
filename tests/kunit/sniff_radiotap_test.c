// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: loom_sniff_parse() on radiotap captures built byte by byte after
 * radiotap.org's field list: the layout mac80211 emits, alignment after
 * extended bitmaps, several chains, a vendor namespace to skip, a field
 * the iterator cannot size, every kind of corrupt header, the 802.11
 * frames with and without a transmitter, and random bytes under KASAN.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../../kernel/sniff/radiotap.h"

static const u8 rt_ta[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };

/* A beacon: frame control 0x0080, RA broadcast, TA, BSSID, sequence. */
static const u8 rt_beacon[] = {
	0x80, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x10, 0x00,
};

/*
 * Parse @len bytes of @buf followed by @tlen of @tail, copied to a buffer
 * of exactly that length, so KASAN sees any read past it.
 */
static enum loom_sniff_verdict rt_parse2(struct kunit *test, const u8 *buf,
					 unsigned int len, const u8 *tail,
					 unsigned int tlen,
					 struct loom_sniff_obs *obs)
{
	u8 *copy = kunit_kmalloc(test, len + tlen ?: 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, buf, len);
	memcpy(copy + len, tail, tlen);
	return loom_sniff_parse(copy, len + tlen, obs);
}

static enum loom_sniff_verdict rt_parse(struct kunit *test, const u8 *buf,
					unsigned int len,
					struct loom_sniff_obs *obs)
{
	return rt_parse2(test, buf, len, NULL, 0, obs);
}

/* @buf's radiotap header, then the beacon. */
static enum loom_sniff_verdict rt_beaconed(struct kunit *test, const u8 *buf,
					   unsigned int len,
					   struct loom_sniff_obs *obs)
{
	return rt_parse2(test, buf, len, rt_beacon, sizeof(rt_beacon), obs);
}

/* mac80211's receive header: flags, rate, channel, signal, RX flags. */
static void sniff_rt_mac80211(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x12, 0x00,		/* version, pad, it_len 18 */
		0x2e, 0x40, 0x00, 0x00,		/* FLAGS RATE CHANNEL SIGNAL RX_FLAGS */
		0x00,				/* 8: flags */
		0x02,				/* 9: rate, 1 Mb/s */
		0x6c, 0x09, 0xa0, 0x00,		/* 10: 2412 MHz, 2 GHz CCK */
		0xd1,				/* 14: -47 dBm */
		0x00,				/* 15: pad to 2 */
		0x00, 0x00,			/* 16: RX flags */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -4700);
	KUNIT_EXPECT_EQ(test, o.freq_mhz, 2412);
	KUNIT_EXPECT_EQ(test, o.type, LOOM_SNIFF_TYPE_MGMT);
	KUNIT_EXPECT_EQ(test, o.subtype, 8);
	KUNIT_EXPECT_EQ(test, o.ant_mask, 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(o.ta, rt_ta));
}

/* TSFT is 8-aligned from the header's start, after a second bitmap. */
static void sniff_rt_align_after_ext(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x1a, 0x00,		/* it_len 26 */
		0x23, 0x00, 0x00, 0x80,		/* TSFT FLAGS SIGNAL, EXT */
		0x00, 0x00, 0x00, 0x00,		/* 8: an empty second bitmap */
		0x00, 0x00, 0x00, 0x00,		/* 12: pad to 8 */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* 16: TSFT */
		0x00,				/* 24: flags */
		0xc4,				/* 25: -60 dBm */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -6000);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(o.ta, rt_ta));
}

/* The channel is 2-aligned: a pad byte after an odd run of u8 fields. */
static void sniff_rt_align_u16(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x0e, 0x00,		/* it_len 14 */
		0x2a, 0x00, 0x00, 0x00,		/* FLAGS CHANNEL SIGNAL */
		0x0c,				/* 8: flags */
		0x00,				/* 9: pad to 2 */
		0x85, 0x09, 0x80, 0x00,		/* 10: 2437 MHz */
	};
	struct loom_sniff_obs o;

	/* FLAGS (1), CHANNEL (3), SIGNAL (5): the signal is past it_len. */
	KUNIT_EXPECT_EQ(test, rt_beaconed(test, f, sizeof(f), &o),
			LOOM_SNIFF_BAD_RADIOTAP);
}

static void sniff_rt_align_u16_good(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x0f, 0x00,		/* it_len 15 */
		0x2c, 0x00, 0x00, 0x00,		/* RATE CHANNEL SIGNAL */
		0x0c,				/* 8: rate */
		0x00,				/* 9: pad to 2 */
		0x85, 0x09, 0x80, 0x00,		/* 10: 2437 MHz */
		0xb5,				/* 14: -75 dBm */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.freq_mhz, 2437);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -7500);
}

/* Combined signal, then a bitmap per chain: signal, then its antenna. */
static void sniff_rt_chains(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x1b, 0x00,		/* it_len 27 */
		0x2a, 0x00, 0x00, 0xa0,		/* FLAGS CHANNEL SIGNAL, NS, EXT */
		0x20, 0x08, 0x00, 0xa0,		/* chain: SIGNAL ANTENNA, NS, EXT */
		0x20, 0x08, 0x00, 0x00,		/* chain: SIGNAL ANTENNA */
		0x00,				/* 16: flags */
		0x00,				/* 17: pad */
		0x3c, 0x14, 0x40, 0x01,		/* 18: 5180 MHz */
		0xd8,				/* 22: combined -40 */
		0xd6,				/* 23: chain signal -42 */
		0x00,				/* 24: antenna 0 */
		0xd3,				/* 25: chain signal -45 */
		0x01,				/* 26: antenna 1 */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -4000);
	KUNIT_EXPECT_EQ(test, o.ant_mask, 0x3);
	KUNIT_EXPECT_EQ(test, o.ant_cdbm[0], -4200);
	KUNIT_EXPECT_EQ(test, o.ant_cdbm[1], -4500);
	KUNIT_EXPECT_EQ(test, o.freq_mhz, 5180);
}

/* Chains only, no combined value: the first chain stands for it. */
static void sniff_rt_chains_only(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x10, 0x00,		/* it_len 16 */
		0x00, 0x00, 0x00, 0xa0,		/* nothing, NS, EXT */
		0x20, 0x08, 0x00, 0x00,		/* chain: SIGNAL ANTENNA */
		0xce,				/* 12: -50 */
		0x02,				/* 13: antenna 2 */
		0x00, 0x00,			/* 14: slack */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -5000);
	KUNIT_EXPECT_EQ(test, o.ant_mask, BIT(2));
}

/* A vendor namespace is skipped by its length; the signal before holds. */
static void sniff_rt_vendor(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x18, 0x00,		/* it_len 24 */
		0x20, 0x00, 0x00, 0xc0,		/* SIGNAL, VENDOR NS, EXT */
		0x01, 0x00, 0x00, 0x00,		/* the vendor's bitmap: field 0 */
		0xc9,				/* 12: -55 */
		0x00,				/* 13: pad to 2 */
		0x00, 0x11, 0x22, 0x00,		/* 14: OUI, sub-namespace */
		0x04, 0x00,			/* 18: skip 4 */
		0xde, 0xad, 0xbe, 0xef,		/* 20: vendor data */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -5500);
}

/* A field the iterator cannot size ends the walk; what came first holds. */
static void sniff_rt_unknown_field(struct kunit *test)
{
	static const u8 f[] = {
		0x00, 0x00, 0x0c, 0x00,		/* it_len 12 */
		0x20, 0x00, 0x00, 0x10,		/* SIGNAL, bit 28 (undefined) */
		0xe2,				/* 8: -30 */
		0x00, 0x00, 0x00,		/* 9: whatever bit 28 is */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_beaconed(test, f, sizeof(f), &o), LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -3000);
}

/**
 * struct rt_bad_case - a frame that must be refused, and why
 * @name: the case
 * @f: the frame
 * @len: its length
 * @beacon: a beacon follows it
 * @want: the verdict
 */
struct rt_bad_case {
	const char *name;
	const u8 *f;
	unsigned int len;
	bool beacon;
	enum loom_sniff_verdict want;
};

#define RT_CASE(n, w, b, ...) {						\
	.name = n, .f = (const u8[]){ __VA_ARGS__ },			\
	.len = sizeof((const u8[]){ __VA_ARGS__ }), .beacon = b, .want = w }

static const struct rt_bad_case rt_bad_cases[] = {
	RT_CASE("shorter than the header", LOOM_SNIFF_BAD_RADIOTAP, false,
		0x00, 0x00, 0x08, 0x00, 0x20, 0x00),
	RT_CASE("version 1", LOOM_SNIFF_BAD_RADIOTAP, true,
		0x01, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0),
	RT_CASE("it_len past the frame", LOOM_SNIFF_BAD_RADIOTAP, false,
		0x00, 0x00, 0x40, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0),
	RT_CASE("bitmaps that never end", LOOM_SNIFF_BAD_RADIOTAP, false,
		0x00, 0x00, 0x0c, 0x00, 0x20, 0x00, 0x00, 0x80,
		0x00, 0x00, 0x00, 0x80),
	RT_CASE("TSFT past it_len", LOOM_SNIFF_BAD_RADIOTAP, true,
		0x00, 0x00, 0x0c, 0x00, 0x21, 0x00, 0x00, 0x00,
		0x01, 0x02, 0x03, 0x04),
	RT_CASE("no antenna signal", LOOM_SNIFF_NO_SIGNAL, true,
		0x00, 0x00, 0x09, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00),
	RT_CASE("FCS failed", LOOM_SNIFF_BAD_FCS, true,
		0x00, 0x00, 0x0a, 0x00, 0x22, 0x00, 0x00, 0x00, 0x40, 0xd0),
	RT_CASE("FCS flag, no room for it", LOOM_SNIFF_SHORT, false,
		0x00, 0x00, 0x0a, 0x00, 0x22, 0x00, 0x00, 0x00, 0x10, 0xd0,
		0x80, 0x00),
	RT_CASE("a beacon cut at 20 bytes", LOOM_SNIFF_SHORT, false,
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0,
		0x80, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04),
	RT_CASE("an ACK has no transmitter", LOOM_SNIFF_NO_TA, false,
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0,
		0xd4, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00),
	RT_CASE("a CTS has none either", LOOM_SNIFF_NO_TA, false,
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0,
		0xc4, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00),
	RT_CASE("an RTS cut before its TA", LOOM_SNIFF_SHORT, false,
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0,
		0xb4, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00),
	RT_CASE("no 802.11 frame at all", LOOM_SNIFF_SHORT, false,
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xd0),
};

static void rt_bad_desc(const struct rt_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rt_bad, rt_bad_cases, rt_bad_desc);

static void sniff_rt_refused(struct kunit *test)
{
	const struct rt_bad_case *c = test->param_value;
	struct loom_sniff_obs o;

	KUNIT_EXPECT_EQ(test, c->beacon ? rt_beaconed(test, c->f, c->len, &o) :
					  rt_parse(test, c->f, c->len, &o),
			c->want);
}

/* Frames with a transmitter: data, RTS, a frame with its FCS. */
static void sniff_rt_frames(struct kunit *test)
{
	static const u8 rts[] = {
		0x00, 0x00, 0x09, 0x00, 0x20, 0x00, 0x00, 0x00, 0xbf,	/* -65 */
		0xb4, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
	};
	static const u8 data_fcs[] = {
		0x00, 0x00, 0x0a, 0x00, 0x22, 0x00, 0x00, 0x00, 0x10, 0xc4,
		0x08, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00,
		0x11, 0x22, 0x33, 0x44,		/* FCS */
	};
	struct loom_sniff_obs o;

	KUNIT_ASSERT_EQ(test, rt_parse(test, rts, sizeof(rts), &o),
			LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.type, LOOM_SNIFF_TYPE_CTRL);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -6500);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(o.ta, rt_ta));
	KUNIT_ASSERT_EQ(test, rt_parse(test, data_fcs, sizeof(data_fcs), &o),
			LOOM_SNIFF_OK);
	KUNIT_EXPECT_EQ(test, o.type, LOOM_SNIFF_TYPE_DATA);
	KUNIT_EXPECT_EQ(test, o.signal_cdbm, -6000);
	/* The same frame cut by one FCS byte is one byte short of a header. */
	KUNIT_EXPECT_EQ(test, rt_parse(test, data_fcs, sizeof(data_fcs) - 1, &o),
			LOOM_SNIFF_SHORT);
}

/* Random bytes and random damage to a good frame: never a bad read. */
static void sniff_rt_random(struct kunit *test)
{
	static const u8 good[] = {
		0x00, 0x00, 0x1b, 0x00, 0x2a, 0x00, 0x00, 0xa0,
		0x20, 0x08, 0x00, 0xa0, 0x20, 0x08, 0x00, 0x00,
		0x00, 0x00, 0x3c, 0x14, 0x40, 0x01, 0xd8, 0xd6, 0x00, 0xd3, 0x01,
	};
	u8 buf[sizeof(good) + sizeof(rt_beacon)];
	u32 verdicts[__LOOM_SNIFF_VERDICT_MAX] = {};
	struct loom_sniff_obs o;
	struct rnd_state rnd;
	unsigned int i, len;

	prandom_seed_state(&rnd, 42);
	for (i = 0; i < 3000; i++) {
		if (i & 1) {
			memcpy(buf, good, sizeof(good));
			memcpy(buf + sizeof(good), rt_beacon, sizeof(rt_beacon));
			buf[prandom_u32_state(&rnd) % 16] ^=
				1 << (prandom_u32_state(&rnd) % 8);
		} else {
			prandom_bytes_state(&rnd, buf, sizeof(buf));
			/* Mostly version 0, so the walk gets somewhere. */
			buf[0] = 0;
			buf[2] = prandom_u32_state(&rnd) % sizeof(buf);
			buf[3] = 0;
		}
		len = prandom_u32_state(&rnd) % (sizeof(buf) + 1);
		verdicts[rt_parse(test, buf, len, &o)]++;
	}
	kunit_info(test, "3000 damaged frames: %u ok, %u bad radiotap, %u no signal, %u short",
		   verdicts[LOOM_SNIFF_OK], verdicts[LOOM_SNIFF_BAD_RADIOTAP],
		   verdicts[LOOM_SNIFF_NO_SIGNAL], verdicts[LOOM_SNIFF_SHORT]);
	KUNIT_EXPECT_GT(test, verdicts[LOOM_SNIFF_BAD_RADIOTAP], 0U);
	KUNIT_EXPECT_GT(test, verdicts[LOOM_SNIFF_OK], 0U);
}

static struct kunit_case sniff_rt_cases[] = {
	KUNIT_CASE(sniff_rt_mac80211),
	KUNIT_CASE(sniff_rt_align_after_ext),
	KUNIT_CASE(sniff_rt_align_u16),
	KUNIT_CASE(sniff_rt_align_u16_good),
	KUNIT_CASE(sniff_rt_chains),
	KUNIT_CASE(sniff_rt_chains_only),
	KUNIT_CASE(sniff_rt_vendor),
	KUNIT_CASE(sniff_rt_unknown_field),
	KUNIT_CASE_PARAM(sniff_rt_refused, rt_bad_gen_params),
	KUNIT_CASE(sniff_rt_frames),
	KUNIT_CASE(sniff_rt_random),
	{}
};

static struct kunit_suite sniff_rt_suite = {
	.name = "loom_sniff_radiotap",
	.test_cases = sniff_rt_cases,
};

kunit_test_suite(sniff_rt_suite);
