// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Dhyara frame codecs (kernel/dhyara/frame.c).
 *
 * Every decode reads from an allocation of exactly the frame's length, so
 * KASAN in the test kernel catches any read past the buffer.
 */
#include <kunit/test.h>

#include "../../kernel/dhyara/frame.h"
#include "../../kernel/mac/frame.h"
#include "test_util.h"

/* Offsets of the fields the malformed cases change. */
#define DHY_CTL		0
#define DHY_DST		1
#define DHY_SRC		7
#define DHY_NEXT	13
#define DHY_HOPS	19
#define DHY_LBODY	13	/* body of a link-local type */
#define DHY_RBODY	20	/* after the hop limit of a routed type */

static const u8 dhy_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0 };
static const u8 dhy_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0b, 0 };
static const u8 dhy_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0c, 0 };
static const u8 dhy_bc[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define DHY_A	{ 0x02, 0, 0, 0, 0x0a, 0 }
#define DHY_B	{ 0x02, 0, 0, 0, 0x0b, 0 }
#define DHY_C	{ 0x02, 0, 0, 0, 0x0c, 0 }
#define DHY_BC	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }

static const u8 dhy_bytes[LOOM_DHY_FRAME_MAX] = {
	[0] = 0xde, [1] = 0xad, [100] = 0x55, [1000] = 0xaa, [1469] = 0x01,
};

/* Entries for the ADV cases: distinct unicast destinations. */
#define DHY_ADV_MANY	((LOOM_DHY_FRAME_MAX - LOOM_DHY_OVERHEAD) / \
			 LOOM_DHY_ADV_ENTRY_LEN)
static struct loom_dhy_adv_entry dhy_adv_many[DHY_ADV_MANY];

static const struct loom_dhy_adv_entry dhy_adv_two[] = {
	{ DHY_B, 1000, 1 },
	{ { 0x02, 0, 0, 0, 0x0b, 0x01 }, LOOM_DHY_DELAY_INFINITE, 255 },
};

static void dhy_fill_adv(void)
{
	unsigned int i;

	for (i = 0; i < DHY_ADV_MANY; i++) {
		struct loom_dhy_adv_entry *e = &dhy_adv_many[i];

		memcpy(e->dest, dhy_c, ETH_ALEN);
		e->dest[5] = i + 1;
		e->delay_us = i * 100000;
		e->hops = i % 255 + 1;
	}
}

/* Decode a copy of exactly @len bytes. */
static int dhy_decode(struct kunit *test, const u8 *buf, size_t len,
		      struct loom_dhy_frame *f, struct loom_dhy_rx_stats *st)
{
	return loom_dhy_frame_decode(loom_test_exact(test, buf, len), len, f, st);
}

static void dhy_refcs(u8 *buf, size_t len)
{
	put_unaligned_le16(loom_fcs(buf, len - LOOM_DHY_FCS_LEN),
			   buf + len - LOOM_DHY_FCS_LEN);
}

static u8 *dhy_buf(struct kunit *test)
{
	u8 *p = kunit_kzalloc(test, LOOM_DHY_FRAME_MAX + 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

/* Golden vectors: layout, byte order and FCS computed outside the kernel. */
static void dhy_golden(struct kunit *test)
{
	static const u8 bcn[] = {
		0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00,
		0x00, 0x0a, 0x00, 0x78, 0x56, 0x34, 0x12, 0x01, 0x2f,
	};
	static const u8 cnk[] = {
		0x88, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x02, 0x00, 0x00,
		0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x20,
		0x02, 0x01, 0x01, 0x03, 0x07, 0x00, 0x68, 0x69, 0xd4, 0x65,
	};
	/* The same chunk from an origin that wants no report. */
	static const u8 cnu[] = {
		0x8d, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x02, 0x00, 0x00,
		0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x20,
		0x02, 0x01, 0x01, 0x03, 0x07, 0x00, 0x68, 0x69, 0x10, 0xd3,
	};
	struct loom_dhy_frame f = {
		.type = LOOM_DHY_T_BCN, .dst = DHY_BC, .src = DHY_A,
		.time_us = 0x12345678,
	};
	u8 *buf = dhy_buf(test);

	KUNIT_ASSERT_EQ(test, loom_dhy_frame_encode(&f, buf, 64),
			(int)sizeof(bcn));
	KUNIT_EXPECT_EQ(test, memcmp(buf, bcn, sizeof(bcn)), 0);

	memset(&f, 0, sizeof(f));
	f.type = LOOM_DHY_T_CNK;
	ether_addr_copy(f.dst, dhy_c);
	ether_addr_copy(f.src, dhy_a);
	ether_addr_copy(f.next_hop, dhy_b);
	f.hop_limit = LOOM_DHY_HOP_LIMIT;
	f.cnk.msg_id = 0x0102;
	f.cnk.index = 1;
	f.cnk.count = 3;
	f.cnk.total = 7;
	f.payload = (const u8 *)"hi";
	f.payload_len = 2;
	KUNIT_ASSERT_EQ(test, loom_dhy_frame_encode(&f, buf, 64),
			(int)sizeof(cnk));
	KUNIT_EXPECT_EQ(test, memcmp(buf, cnk, sizeof(cnk)), 0);

	f.type = LOOM_DHY_T_CNU;
	KUNIT_ASSERT_EQ(test, loom_dhy_frame_encode(&f, buf, 64),
			(int)sizeof(cnu));
	KUNIT_EXPECT_EQ(test, memcmp(buf, cnu, sizeof(cnu)), 0);
}

/**
 * struct dhy_rt_case - a frame that must survive encode and decode
 * @desc: case name
 * @f: the frame
 * @len: expected encoded length
 */
struct dhy_rt_case {
	const char *desc;
	struct loom_dhy_frame f;
	int len;
};

#define DHY_ROUTED(t, d, s, n, h) .type = (t), .dst = d, .src = s,	\
	.next_hop = n, .hop_limit = (h)

static const struct dhy_rt_case dhy_rt_cases[] = {
	{ "bcn", { .type = LOOM_DHY_T_BCN, .dst = DHY_BC, .src = DHY_A,
	  .time_us = 0 }, 19 },
	{ "bcn time max", { .type = LOOM_DHY_T_BCN, .dst = DHY_BC,
	  .src = DHY_A, .time_us = U32_MAX }, 19 },
	{ "ack", { .type = LOOM_DHY_T_ACK, .dst = DHY_A, .src = DHY_B,
	  .time_us = 0x89abcdef }, 19 },
	{ "adv one", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC, .src = DHY_A,
	  .adv = dhy_adv_two, .adv_count = 1 }, 26 },
	{ "adv unicast, infinite", { .type = LOOM_DHY_T_ADV, .dst = DHY_C,
	  .src = DHY_A, .adv = dhy_adv_two, .adv_count = 2 }, 37 },
	{ "adv 4 (64-byte radio)", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC,
	  .src = DHY_A, .adv = dhy_adv_many, .adv_count = 4 }, 59 },
	{ "adv max", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC, .src = DHY_A,
	  .adv = dhy_adv_many, .adv_count = DHY_ADV_MANY },
	  LOOM_DHY_OVERHEAD + DHY_ADV_MANY * LOOM_DHY_ADV_ENTRY_LEN },
	{ "cnk empty datagram", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A,
	  DHY_B, 1), .cnk = { 0, 0, 1, 0 } }, 28 },
	{ "cnk one byte", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_C,
	  255), .cnk = { 0xffff, 1, 2, 2 }, .payload = dhy_bytes,
	  .payload_len = 1 }, 29 },
	{ "cnk 64-byte radio", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A,
	  DHY_B, 32), .cnk = { 7, 0, 255, 9180 }, .payload = dhy_bytes,
	  .payload_len = 36 }, 64 },
	{ "cnk max count", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 7, 254, 255, 65535 }, .payload = dhy_bytes,
	  .payload_len = 257 }, 285 },
	{ "cnk max frame", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 9, 0, 1, 1472 }, .payload = dhy_bytes,
	  .payload_len = 1472 }, LOOM_DHY_FRAME_MAX },
	{ "cnu empty datagram", { DHY_ROUTED(LOOM_DHY_T_CNU, DHY_C, DHY_A,
	  DHY_B, 1), .cnk = { 0, 0, 1, 0 } }, 28 },
	{ "cnu 64-byte radio", { DHY_ROUTED(LOOM_DHY_T_CNU, DHY_C, DHY_A,
	  DHY_B, 32), .cnk = { 7, 0, 255, 9180 }, .payload = dhy_bytes,
	  .payload_len = 36 }, 64 },
	{ "cnu max frame", { DHY_ROUTED(LOOM_DHY_T_CNU, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 0xffff, 0, 1, 1472 }, .payload = dhy_bytes,
	  .payload_len = 1472 }, LOOM_DHY_FRAME_MAX },
	{ "dlv delivered", { DHY_ROUTED(LOOM_DHY_T_DLV, DHY_A, DHY_C, DHY_B,
	  32), .dlv = { 0x1234, LOOM_DHY_OUT_DELIVERED } }, 25 },
	{ "dlv no room", { DHY_ROUTED(LOOM_DHY_T_DLV, DHY_A, DHY_C, DHY_A,
	  1), .dlv = { 0, LOOM_DHY_OUT_NO_ROOM } }, 25 },
	{ "icmpq empty", { DHY_ROUTED(LOOM_DHY_T_ICMPQ, DHY_C, DHY_A, DHY_B,
	  3), .icmp = { 1, 0, 0 } }, 30 },
	{ "icmpq max", { DHY_ROUTED(LOOM_DHY_T_ICMPQ, DHY_C, DHY_A, DHY_B,
	  32), .icmp = { 0xffff, 0xffff, U32_MAX }, .payload = dhy_bytes,
	  .payload_len = LOOM_DHY_FRAME_MAX - 30 }, LOOM_DHY_FRAME_MAX },
	{ "icmpr", { DHY_ROUTED(LOOM_DHY_T_ICMPR, DHY_A, DHY_C, DHY_B, 32),
	  .icmp = { 77, 5, 123456 }, .payload = dhy_bytes,
	  .payload_len = 56 }, 86 },
	{ "icmpx hop limit", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A, DHY_B,
	  DHY_A, 32), .icmpx = { LOOM_DHY_X_HOP_LIMIT, LOOM_DHY_T_ICMPQ },
	  .payload = dhy_bytes, .payload_len = LOOM_DHY_ICMPX_QUOTE_MAX },
	  32 },
	{ "icmpx no route, no quote", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A,
	  DHY_B, DHY_A, 32), .icmpx = { LOOM_DHY_X_NO_ROUTE,
	  LOOM_DHY_T_DLV } }, 24 },
	{ "icmpx about a cnu", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A,
	  DHY_B, DHY_A, 32), .icmpx = { LOOM_DHY_X_NO_ROUTE,
	  LOOM_DHY_T_CNU }, .payload = dhy_bytes, .payload_len = 8 }, 32 },
};

static void dhy_rt_desc(const struct dhy_rt_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dhy_rt, dhy_rt_cases, dhy_rt_desc);

static void dhy_expect_same(struct kunit *test, const struct loom_dhy_frame *g,
			    const struct loom_dhy_frame *f)
{
	struct loom_dhy_adv_entry e;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, g->type, f->type);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(g->dst, f->dst));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(g->src, f->src));
	if (loom_dhy_routed(f->type)) {
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(g->next_hop,
							 f->next_hop));
		KUNIT_EXPECT_EQ(test, g->hop_limit, f->hop_limit);
	}
	switch (f->type) {
	case LOOM_DHY_T_BCN:
	case LOOM_DHY_T_ACK:
		KUNIT_EXPECT_EQ(test, g->time_us, f->time_us);
		return;
	case LOOM_DHY_T_ADV:
		KUNIT_ASSERT_EQ(test, g->adv_count, f->adv_count);
		for (i = 0; i < f->adv_count; i++) {
			loom_dhy_adv_get(g, i, &e);
			KUNIT_EXPECT_TRUE(test, ether_addr_equal(e.dest,
								 f->adv[i].dest));
			KUNIT_EXPECT_EQ(test, e.delay_us, f->adv[i].delay_us);
			KUNIT_EXPECT_EQ(test, e.hops, f->adv[i].hops);
		}
		return;
	case LOOM_DHY_T_CNK:
	case LOOM_DHY_T_CNU:
		KUNIT_EXPECT_EQ(test, g->cnk.msg_id, f->cnk.msg_id);
		KUNIT_EXPECT_EQ(test, g->cnk.index, f->cnk.index);
		KUNIT_EXPECT_EQ(test, g->cnk.count, f->cnk.count);
		KUNIT_EXPECT_EQ(test, g->cnk.total, f->cnk.total);
		break;
	case LOOM_DHY_T_DLV:
		KUNIT_EXPECT_EQ(test, g->dlv.msg_id, f->dlv.msg_id);
		KUNIT_EXPECT_EQ(test, g->dlv.outcome, f->dlv.outcome);
		break;
	case LOOM_DHY_T_ICMPQ:
	case LOOM_DHY_T_ICMPR:
		KUNIT_EXPECT_EQ(test, g->icmp.id, f->icmp.id);
		KUNIT_EXPECT_EQ(test, g->icmp.seq, f->icmp.seq);
		KUNIT_EXPECT_EQ(test, g->icmp.time_us, f->icmp.time_us);
		break;
	case LOOM_DHY_T_ICMPX:
		KUNIT_EXPECT_EQ(test, g->icmpx.code, f->icmpx.code);
		KUNIT_EXPECT_EQ(test, g->icmpx.orig_type, f->icmpx.orig_type);
		break;
	}
	KUNIT_ASSERT_EQ(test, g->payload_len, f->payload_len);
	if (f->payload_len)
		KUNIT_EXPECT_EQ(test, memcmp(g->payload, f->payload,
					     f->payload_len), 0);
}

static void dhy_roundtrip(struct kunit *test)
{
	const struct dhy_rt_case *c = test->param_value;
	struct loom_dhy_rx_stats st = {};
	u8 *buf = dhy_buf(test), *again = dhy_buf(test);
	struct loom_dhy_frame g;
	struct loom_frame t;
	int len;

	dhy_fill_adv();
	len = loom_dhy_frame_encode(&c->f, buf, LOOM_DHY_FRAME_MAX + 64);
	KUNIT_ASSERT_EQ(test, len, c->len);
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_len(&c->f), c->len);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &g, &st), 0);
	KUNIT_EXPECT_EQ(test, st.ok[c->f.type], 1ULL);
	dhy_expect_same(test, &g, &c->f);
	if (loom_dhy_routed(c->f.type))
		KUNIT_EXPECT_EQ(test, g.body_len, len - LOOM_DHY_ROUTED_OVERHEAD);
	/* Decoding then encoding gives the same bytes back. */
	KUNIT_ASSERT_EQ(test, loom_dhy_frame_encode(&g, again,
						    LOOM_DHY_FRAME_MAX), len);
	KUNIT_EXPECT_EQ(test, memcmp(buf, again, len), 0);
	/* A buffer one byte too small is refused, not overrun. */
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(&c->f, buf, len - 1),
			-EMSGSIZE);
	/* Not a Loom tree frame, though its FCS is the tree's. */
	if (len <= LOOM_FRAME_MAX_LEN) {
		KUNIT_EXPECT_EQ(test, loom_frame_decode(buf, len, &t, NULL),
				-EBADMSG);
		KUNIT_EXPECT_TRUE(test, t.drop == LOOM_DROP_VERSION ||
				  t.drop == LOOM_DROP_RESERVED);
	}
}

/**
 * struct dhy_refusal - a frame the encoder must refuse
 * @desc: case name
 * @f: the frame
 * @err: the error
 */
struct dhy_refusal {
	const char *desc;
	struct loom_dhy_frame f;
	int err;
};

static const struct dhy_refusal dhy_refusals[] = {
	{ "type 0", { .type = 0, .dst = DHY_BC, .src = DHY_A }, -EINVAL },
	{ "type 5", { .type = 5, .dst = DHY_BC, .src = DHY_A }, -EINVAL },
	{ "type 14", { .type = 14, .dst = DHY_C, .src = DHY_A }, -EINVAL },
	{ "bcn unicast", { .type = LOOM_DHY_T_BCN, .dst = DHY_C,
	  .src = DHY_A }, -EINVAL },
	{ "bcn from multicast", { .type = LOOM_DHY_T_BCN, .dst = DHY_BC,
	  .src = DHY_BC }, -EINVAL },
	{ "ack to itself", { .type = LOOM_DHY_T_ACK, .dst = DHY_A,
	  .src = DHY_A }, -EINVAL },
	{ "ack broadcast", { .type = LOOM_DHY_T_ACK, .dst = DHY_BC,
	  .src = DHY_A }, -EINVAL },
	{ "adv empty", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC, .src = DHY_A,
	  .adv = dhy_adv_two }, -EINVAL },
	{ "adv no entries given", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC,
	  .src = DHY_A, .adv_count = 1 }, -EINVAL },
	{ "adv of itself", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC,
	  .src = DHY_B, .adv = dhy_adv_two, .adv_count = 1 }, -EINVAL },
	{ "adv too many", { .type = LOOM_DHY_T_ADV, .dst = DHY_BC,
	  .src = DHY_A, .adv = dhy_adv_many, .adv_count = DHY_ADV_MANY + 1 },
	  -EMSGSIZE },
	{ "cnk no next hop", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A,
	  {}, 32), .cnk = { 0, 0, 1, 0 } }, -EINVAL },
	{ "cnk hop limit 0", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A,
	  DHY_B, 0), .cnk = { 0, 0, 1, 0 } }, -EINVAL },
	{ "cnk count 0", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 0, 0, 0, 0 } }, -EINVAL },
	{ "cnk wrong size", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 0, 0, 2, 10 }, .payload = dhy_bytes,
	  .payload_len = 4 }, -EINVAL },
	{ "cnk too large", { DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B,
	  32), .cnk = { 0, 0, 1, 1473 }, .payload = dhy_bytes,
	  .payload_len = 1473 }, -EMSGSIZE },
	{ "dlv outcome timed out", { DHY_ROUTED(LOOM_DHY_T_DLV, DHY_A, DHY_C,
	  DHY_B, 32), .dlv = { 1, LOOM_DHY_OUT_TIMED_OUT } }, -EINVAL },
	{ "icmpq broadcast", { DHY_ROUTED(LOOM_DHY_T_ICMPQ, DHY_BC, DHY_A,
	  DHY_B, 32) }, -EINVAL },
	{ "icmpx quote 9", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A, DHY_B, DHY_A,
	  32), .icmpx = { LOOM_DHY_X_HOP_LIMIT, LOOM_DHY_T_CNK },
	  .payload = dhy_bytes, .payload_len = 9 }, -EMSGSIZE },
	{ "icmpx about icmpx", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A, DHY_B,
	  DHY_A, 32), .icmpx = { LOOM_DHY_X_HOP_LIMIT, LOOM_DHY_T_ICMPX } },
	  -EINVAL },
	{ "icmpx code 3", { DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A, DHY_B, DHY_A,
	  32), .icmpx = { 3, LOOM_DHY_T_CNK } }, -EINVAL },
};

static void dhy_refusal_desc(const struct dhy_refusal *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dhy_refusal, dhy_refusals, dhy_refusal_desc);

static void dhy_encode_refuses(struct kunit *test)
{
	const struct dhy_refusal *c = test->param_value;
	u8 *buf = dhy_buf(test);

	dhy_fill_adv();
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(&c->f, buf,
						    LOOM_DHY_FRAME_MAX + 64),
			c->err);
}

/*
 * Duplicate destinations in an advertisement are refused when sent too:
 * the second entry of dhy_adv_two made equal to the first.
 */
static void dhy_encode_refuses_dup(struct kunit *test)
{
	struct loom_dhy_adv_entry two[2] = { dhy_adv_two[0], dhy_adv_two[0] };
	struct loom_dhy_frame f = { .type = LOOM_DHY_T_ADV, .dst = DHY_BC,
				    .src = DHY_A, .adv = two, .adv_count = 2 };
	u8 *buf = dhy_buf(test);

	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(&f, buf, 64), -EINVAL);
	two[1].dest[5] = 9;
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(&f, buf, 64), 37);
	two[1].hops = 0;
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(&f, buf, 64), -EINVAL);
}

/**
 * struct dhy_bad - a good frame damaged in one way, and its drop reason
 * @desc: case name
 * @base: the good frame
 * @at: offsets to change (-1: none)
 * @val: the values they get
 * @delta: bytes taken off (negative) or zeros added before the FCS
 * @raw_fcs: keep the FCS as it is instead of computing it again
 * @drop: expected enum loom_drop
 */
struct dhy_bad {
	const char *desc;
	const struct loom_dhy_frame *base;
	int at[2];
	u8 val[2];
	int delta;
	bool raw_fcs;
	u8 drop;
};

static const struct loom_dhy_frame dhy_bcn = {
	.type = LOOM_DHY_T_BCN, .dst = DHY_BC, .src = DHY_A, .time_us = 5,
};

static const struct loom_dhy_frame dhy_ack = {
	.type = LOOM_DHY_T_ACK, .dst = DHY_A, .src = DHY_B, .time_us = 5,
};

static const struct loom_dhy_frame dhy_adv = {
	.type = LOOM_DHY_T_ADV, .dst = DHY_BC, .src = DHY_A,
	.adv = dhy_adv_two, .adv_count = 2,
};

static const struct loom_dhy_frame dhy_cnk = {
	DHY_ROUTED(LOOM_DHY_T_CNK, DHY_C, DHY_A, DHY_B, 32),
	.cnk = { 3, 1, 3, 7 }, .payload = dhy_bytes, .payload_len = 2,
};

static const struct loom_dhy_frame dhy_dlv = {
	DHY_ROUTED(LOOM_DHY_T_DLV, DHY_A, DHY_C, DHY_B, 32),
	.dlv = { 3, LOOM_DHY_OUT_DELIVERED },
};

static const struct loom_dhy_frame dhy_icmpq = {
	DHY_ROUTED(LOOM_DHY_T_ICMPQ, DHY_C, DHY_A, DHY_B, 32),
	.icmp = { 1, 2, 3 }, .payload = dhy_bytes, .payload_len = 4,
};

static const struct loom_dhy_frame dhy_icmpx = {
	DHY_ROUTED(LOOM_DHY_T_ICMPX, DHY_A, DHY_B, DHY_A, 32),
	.icmpx = { LOOM_DHY_X_HOP_LIMIT, LOOM_DHY_T_ICMPQ },
	.payload = dhy_bytes, .payload_len = 8,
};

#define BAD1(d, b, o, v, why) { .desc = d, .base = &(b), .at = { o, -1 }, \
	.val = { v }, .drop = why }
#define BAD2(d, b, o1, v1, o2, v2, why) { .desc = d, .base = &(b),	\
	.at = { o1, o2 }, .val = { v1, v2 }, .drop = why }
#define BADLEN(d, b, n, why) { .desc = d, .base = &(b), .at = { -1, -1 }, \
	.delta = n, .drop = why }

static const struct dhy_bad dhy_bads[] = {
	{ "bad fcs", &dhy_bcn, { DHY_LBODY, -1 }, { 6 }, 0, true,
	  LOOM_DROP_FCS },
	BAD1("tree frame (version nibble 0)", dhy_bcn, DHY_CTL, 0x01,
	     LOOM_DROP_VERSION),
	BAD1("version nibble 1", dhy_bcn, DHY_CTL, 0x11, LOOM_DROP_VERSION),
	BAD1("version nibble 9", dhy_bcn, DHY_CTL, 0x91, LOOM_DROP_VERSION),
	BAD1("version nibble 15", dhy_bcn, DHY_CTL, 0xf1, LOOM_DROP_VERSION),
	BAD1("type 0", dhy_bcn, DHY_CTL, 0x80, LOOM_DROP_TYPE),
	BAD1("type 4", dhy_bcn, DHY_CTL, 0x84, LOOM_DROP_TYPE),
	BAD1("type 7", dhy_bcn, DHY_CTL, 0x87, LOOM_DROP_TYPE),
	BAD1("type 14", dhy_cnk, DHY_CTL, 0x8e, LOOM_DROP_TYPE),
	BAD1("type 15", dhy_cnk, DHY_CTL, 0x8f, LOOM_DROP_TYPE),
	BADLEN("bcn short", dhy_bcn, -1, LOOM_DROP_SHORT),
	BADLEN("bcn no body", dhy_bcn, -4, LOOM_DROP_SHORT),
	BADLEN("bcn long", dhy_bcn, 1, LOOM_DROP_LENGTH),
	BAD1("bcn unicast", dhy_bcn, DHY_DST + 5, 0xfe, LOOM_DROP_FIELD),
	BAD1("bcn from multicast", dhy_bcn, DHY_SRC, 0x03, LOOM_DROP_FIELD),
	BAD2("bcn from 0", dhy_bcn, DHY_SRC, 0, DHY_SRC + 4, 0,
	     LOOM_DROP_FIELD),
	BADLEN("ack long", dhy_ack, 3, LOOM_DROP_LENGTH),
	BAD1("ack to itself", dhy_ack, DHY_DST + 4, 0x0b, LOOM_DROP_FIELD),
	BAD1("ack to multicast", dhy_ack, DHY_DST, 0x01, LOOM_DROP_FIELD),
	BAD2("ack to 0", dhy_ack, DHY_DST, 0, DHY_DST + 4, 0, LOOM_DROP_FIELD),
	BADLEN("adv no entry", dhy_adv, -22, LOOM_DROP_SHORT),
	BADLEN("adv entry cut", dhy_adv, -1, LOOM_DROP_LENGTH),
	BADLEN("adv entry and a byte", dhy_adv, 1, LOOM_DROP_LENGTH),
	BAD1("adv to a group", dhy_adv, DHY_DST + 5, 0xfe, LOOM_DROP_FIELD),
	BAD1("adv entry multicast", dhy_adv, DHY_LBODY, 0x01,
	     LOOM_DROP_FIELD),
	BAD1("adv entry of the advertiser", dhy_adv, DHY_LBODY + 4, 0x0a,
	     LOOM_DROP_FIELD),
	BAD1("adv entry 0 hops", dhy_adv, DHY_LBODY + 10, 0, LOOM_DROP_FIELD),
	BAD1("adv second entry 0 hops", dhy_adv, DHY_LBODY + 21, 0,
	     LOOM_DROP_FIELD),
	BAD1("adv destination twice", dhy_adv, DHY_LBODY + 16, 0,
	     LOOM_DROP_FIELD),
	BADLEN("routed: route cut", dhy_dlv, -5, LOOM_DROP_SHORT),
	BADLEN("routed: no route", dhy_dlv, -10, LOOM_DROP_SHORT),
	BAD1("routed: next hop multicast", dhy_dlv, DHY_NEXT, 0x01,
	     LOOM_DROP_FIELD),
	BAD2("routed: next hop 0", dhy_dlv, DHY_NEXT, 0, DHY_NEXT + 4, 0,
	     LOOM_DROP_FIELD),
	BAD1("routed: hop limit 0", dhy_dlv, DHY_HOPS, 0, LOOM_DROP_FIELD),
	BAD1("routed: to itself", dhy_dlv, DHY_DST + 4, 0x0c,
	     LOOM_DROP_FIELD),
	BAD1("routed: to multicast", dhy_cnk, DHY_DST, 0x03,
	     LOOM_DROP_FIELD),
	BADLEN("cnk header cut", dhy_cnk, -3, LOOM_DROP_SHORT),
	BAD1("cnk count 0", dhy_cnk, DHY_RBODY + 3, 0, LOOM_DROP_FIELD),
	BAD1("cnk index = count", dhy_cnk, DHY_RBODY + 2, 3, LOOM_DROP_FIELD),
	BAD1("cnk count > total", dhy_cnk, DHY_RBODY + 3, 8,
	     LOOM_DROP_FIELD),
	BAD2("cnk empty of 2", dhy_cnk, DHY_RBODY + 3, 2, DHY_RBODY + 4, 0,
	     LOOM_DROP_FIELD),
	BADLEN("cnk data short", dhy_cnk, -1, LOOM_DROP_LENGTH),
	BADLEN("cnk data long", dhy_cnk, 1, LOOM_DROP_LENGTH),
	BAD1("cnk total for 3 bytes here", dhy_cnk, DHY_RBODY + 4, 9,
	     LOOM_DROP_LENGTH),
	BADLEN("dlv short", dhy_dlv, -1, LOOM_DROP_SHORT),
	BADLEN("dlv long", dhy_dlv, 1, LOOM_DROP_LENGTH),
	BAD1("dlv outcome 0", dhy_dlv, DHY_RBODY + 2, 0, LOOM_DROP_FIELD),
	BAD1("dlv outcome 3", dhy_dlv, DHY_RBODY + 2, 3, LOOM_DROP_FIELD),
	BADLEN("icmpq header cut", dhy_icmpq, -5, LOOM_DROP_SHORT),
	BAD1("icmpq to a group", dhy_icmpq, DHY_DST, 0x33, LOOM_DROP_FIELD),
	BADLEN("icmpx header cut", dhy_icmpx, -9, LOOM_DROP_SHORT),
	BADLEN("icmpx quote 9", dhy_icmpx, 1, LOOM_DROP_LENGTH),
	BAD1("icmpx code 0", dhy_icmpx, DHY_RBODY, 0, LOOM_DROP_FIELD),
	BAD1("icmpx code 3", dhy_icmpx, DHY_RBODY, 3, LOOM_DROP_FIELD),
	BAD1("icmpx about icmpx", dhy_icmpx, DHY_RBODY + 1, LOOM_DHY_T_ICMPX,
	     LOOM_DROP_FIELD),
	BAD1("icmpx about a beacon", dhy_icmpx, DHY_RBODY + 1, LOOM_DHY_T_BCN,
	     LOOM_DROP_FIELD),
	BAD1("icmpx about type 14", dhy_icmpx, DHY_RBODY + 1, 14,
	     LOOM_DROP_FIELD),
};

static void dhy_bad_desc(const struct dhy_bad *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dhy_bad, dhy_bads, dhy_bad_desc);

/* Damage the good frame of @len bytes at @buf as @c says; its new length. */
static int dhy_apply_bad(const struct dhy_bad *c, u8 *buf, int len)
{
	int i;

	for (i = 0; i < 2; i++)
		if (c->at[i] >= 0)
			buf[c->at[i]] = c->val[i];
	if (c->delta > 0)
		memset(buf + len - LOOM_DHY_FCS_LEN, 0, c->delta);
	len += c->delta;
	if (!c->raw_fcs)
		dhy_refcs(buf, len);
	return len;
}

static void dhy_malformed(struct kunit *test)
{
	const struct dhy_bad *c = test->param_value;
	struct loom_dhy_rx_stats st = {};
	u8 *buf = dhy_buf(test);
	struct loom_dhy_frame f;
	int len, i;
	u64 drops = 0;

	len = loom_dhy_frame_encode(c->base, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	/* The good frame first: the damage alone is refused. */
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &f, NULL), 0);
	len = dhy_apply_bad(c, buf, len);
	KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, len, &f, &st), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, c->drop);
	KUNIT_EXPECT_EQ(test, st.drop[c->drop], 1ULL);
	for (i = 0; i < __LOOM_DROP_MAX; i++)
		drops += st.drop[i];
	KUNIT_EXPECT_EQ(test, drops, 1ULL);
}

/* The bounds of every frame: below the header, above the maximum. */
static void dhy_bounds(struct kunit *test)
{
	u8 *buf = dhy_buf(test);
	struct loom_dhy_frame f;
	size_t len;

	for (len = 0; len < LOOM_DHY_FRAME_MIN; len++) {
		buf[0] = 0x81;
		if (len >= LOOM_DHY_FCS_LEN)
			dhy_refcs(buf, len);
		KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, len, &f, NULL),
				-EBADMSG);
		KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_SHORT);
	}
	/* The header alone, FCS right: the beacon's body is missing. */
	memset(buf, 0xff, LOOM_DHY_HDR_LEN);
	buf[0] = 0x81;
	memcpy(buf + DHY_SRC, dhy_a, ETH_ALEN);
	dhy_refcs(buf, LOOM_DHY_FRAME_MIN);
	KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, LOOM_DHY_FRAME_MIN, &f,
					 NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_SHORT);

	memset(buf, 0, LOOM_DHY_FRAME_MAX + 1);
	buf[0] = 0x81;
	dhy_refcs(buf, LOOM_DHY_FRAME_MAX + 1);
	KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, LOOM_DHY_FRAME_MAX + 1, &f,
					 NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_LENGTH);
}

/* Every truncation and every single-bit error of every frame is refused. */
static void dhy_damage(struct kunit *test)
{
	struct loom_dhy_rx_stats st = {};
	u8 *buf = dhy_buf(test);
	struct loom_dhy_frame f;
	unsigned int c, bit;
	int len, cut;

	dhy_fill_adv();
	for (c = 0; c < ARRAY_SIZE(dhy_rt_cases); c++) {
		len = loom_dhy_frame_encode(&dhy_rt_cases[c].f, buf,
					    LOOM_DHY_FRAME_MAX);
		KUNIT_ASSERT_GT(test, len, 0);
		for (cut = 0; cut < len; cut++)
			KUNIT_EXPECT_EQ_MSG(test, dhy_decode(test, buf, cut, &f,
							     &st),
					    -EBADMSG, "%s cut %d",
					    dhy_rt_cases[c].desc, cut);
		/* Bit errors: the long frames at their start and end. */
		for (bit = 0; bit < (unsigned int)len * 8; bit++) {
			if (len > 300 && bit == 8 * 100)
				bit = 8 * (len - 100);
			buf[bit / 8] ^= BIT(bit % 8);
			KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, len, &f, &st),
					-EBADMSG);
			KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_FCS);
			buf[bit / 8] ^= BIT(bit % 8);
		}
	}
}

static u32 dhy_rnd(u32 *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return *seed >> 8;
}

/*
 * What the decoder takes is a well-formed frame: encoding the decoded
 * fields gives back the very bytes.  Garbage never passes as a frame.
 */
static void dhy_expect_canonical(struct kunit *test, const u8 *buf, int len,
				 const struct loom_dhy_frame *f, u8 *again)
{
	KUNIT_EXPECT_EQ(test, loom_dhy_frame_encode(f, again,
						    LOOM_DHY_FRAME_MAX), len);
	KUNIT_EXPECT_EQ(test, memcmp(buf, again, len), 0);
}

/* Random bodies with a correct FCS reach every decoder branch safely. */
static void dhy_random(struct kunit *test)
{
	static const u8 types[] = { 0x81, 0x82, 0x83, 0x88, 0x89, 0x8a, 0x8b,
				    0x8c, 0x8d };
	struct loom_dhy_rx_stats st = {};
	u8 *buf = dhy_buf(test), *again = dhy_buf(test);
	u32 seed = 12345, i, j, len;
	struct loom_dhy_frame f;
	u64 seen = 0, ok = 0;

	for (i = 0; i < 20000; i++) {
		len = LOOM_DHY_FRAME_MIN + dhy_rnd(&seed) % 60;
		for (j = 0; j < len; j++)
			buf[j] = dhy_rnd(&seed);
		/* Mostly a known type with plausible addresses. */
		if (i % 4) {
			buf[0] = types[dhy_rnd(&seed) % ARRAY_SIZE(types)];
			buf[DHY_SRC] &= 0xfe;
			buf[DHY_DST] &= i % 3 ? 0xfe : 0xff;
			if (len > DHY_HOPS)
				buf[DHY_NEXT] &= 0xfe;
		}
		dhy_refcs(buf, len);
		if (!dhy_decode(test, buf, len, &f, &st)) {
			dhy_expect_canonical(test, buf, len, &f, again);
			ok++;
		}
	}
	for (i = 0; i < __LOOM_DHY_T_MAX; i++)
		seen += st.ok[i];
	for (i = 0; i < __LOOM_DROP_MAX; i++)
		seen += st.drop[i];
	/* Every frame is counted once: accepted or dropped for a reason. */
	KUNIT_EXPECT_EQ(test, seen, 20000ULL);
	KUNIT_EXPECT_EQ(test, st.drop[LOOM_DROP_FCS], 0ULL);
	KUNIT_EXPECT_GT(test, ok, 0ULL);
	KUNIT_EXPECT_GT(test, st.drop[LOOM_DROP_FIELD], 0ULL);
	KUNIT_EXPECT_GT(test, st.drop[LOOM_DROP_LENGTH], 0ULL);
}

/*
 * Good frames with random bytes overwritten and the FCS made right again:
 * each is refused for a reason or, if it still is a valid frame, is one
 * exactly (it encodes back to its bytes).
 */
static void dhy_random_damage(struct kunit *test)
{
	u8 *buf = dhy_buf(test), *again = dhy_buf(test);
	struct loom_dhy_rx_stats st = {};
	struct loom_dhy_frame f;
	u32 seed = 777, i, k;
	unsigned int c;
	int len;

	dhy_fill_adv();
	for (c = 0; c < ARRAY_SIZE(dhy_rt_cases); c++) {
		for (i = 0; i < 500; i++) {
			len = loom_dhy_frame_encode(&dhy_rt_cases[c].f, buf,
						    LOOM_DHY_FRAME_MAX);
			KUNIT_ASSERT_GT(test, len, 0);
			for (k = 0; k < 1 + i % 3; k++) {
				u32 at = dhy_rnd(&seed) % min(len, 64);

				buf[at] = dhy_rnd(&seed);
			}
			if (i % 5 == 0)
				len -= 1 + dhy_rnd(&seed) % 8;
			if (len < LOOM_DHY_FCS_LEN)
				continue;
			dhy_refcs(buf, len);
			if (!dhy_decode(test, buf, len, &f, &st))
				dhy_expect_canonical(test, buf, len, &f, again);
		}
	}
	KUNIT_EXPECT_EQ(test, st.drop[LOOM_DROP_FCS], 0ULL);
}

/*
 * A CNU obeys a CNK's rules exactly: each damaged CNK case, made a CNU,
 * is refused for the same reason; each encoder refusal of a CNK holds
 * for a CNU; and random chunk bodies get one verdict and one decoding
 * whichever of the two types they carry.
 */
static void dhy_cnu_rules_as_cnk(struct kunit *test)
{
	struct loom_dhy_frame cnu = dhy_cnk, fk, fu;
	u8 *buf = dhy_buf(test), *alt = dhy_buf(test);
	u32 seed = 4242, i, j, len, cases = 0, ok = 0;
	unsigned int c;
	int n, ek, eu;

	cnu.type = LOOM_DHY_T_CNU;
	for (c = 0; c < ARRAY_SIZE(dhy_bads); c++) {
		const struct dhy_bad *b = &dhy_bads[c];

		if (b->base != &dhy_cnk || b->drop == LOOM_DROP_TYPE)
			continue;
		n = loom_dhy_frame_encode(&cnu, buf, LOOM_DHY_FRAME_MAX);
		KUNIT_ASSERT_GT(test, n, 0);
		KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, n, &fu, NULL), 0);
		KUNIT_EXPECT_EQ(test, fu.type, LOOM_DHY_T_CNU);
		n = dhy_apply_bad(b, buf, n);
		KUNIT_EXPECT_EQ_MSG(test, dhy_decode(test, buf, n, &fu, NULL),
				    -EBADMSG, "%s", b->desc);
		KUNIT_EXPECT_EQ_MSG(test, fu.drop, b->drop, "%s", b->desc);
		cases++;
	}
	KUNIT_EXPECT_GE(test, cases, 9U);

	for (c = 0; c < ARRAY_SIZE(dhy_refusals); c++) {
		struct loom_dhy_frame f = dhy_refusals[c].f;

		if (f.type != LOOM_DHY_T_CNK)
			continue;
		f.type = LOOM_DHY_T_CNU;
		n = loom_dhy_frame_encode(&f, buf, LOOM_DHY_FRAME_MAX + 64);
		KUNIT_EXPECT_EQ_MSG(test, n, dhy_refusals[c].err, "%s as cnu",
				    dhy_refusals[c].desc);
	}

	for (i = 0; i < 5000; i++) {
		len = LOOM_DHY_FRAME_MIN + dhy_rnd(&seed) % 60;
		for (j = 0; j < len; j++)
			buf[j] = dhy_rnd(&seed);
		buf[DHY_CTL] = 0x80 | LOOM_DHY_T_CNK;
		buf[DHY_SRC] &= 0xfe;
		buf[DHY_DST] &= 0xfe;
		if (len > DHY_HOPS)
			buf[DHY_NEXT] &= 0xfe;
		/* Mostly a count and total that fit the length. */
		if (i % 2 && len >= DHY_RBODY + LOOM_DHY_CNK_HDR_LEN +
				     LOOM_DHY_FCS_LEN) {
			u16 data = len - DHY_RBODY - LOOM_DHY_CNK_HDR_LEN -
				   LOOM_DHY_FCS_LEN;

			buf[DHY_RBODY + 2] = 0;
			buf[DHY_RBODY + 3] = 1;
			put_unaligned_le16(data, buf + DHY_RBODY + 4);
		}
		dhy_refcs(buf, len);
		memcpy(alt, buf, len);
		alt[DHY_CTL] = 0x80 | LOOM_DHY_T_CNU;
		dhy_refcs(alt, len);
		ek = dhy_decode(test, buf, len, &fk, NULL);
		eu = dhy_decode(test, alt, len, &fu, NULL);
		KUNIT_EXPECT_EQ(test, ek, eu);
		if (ek || eu) {
			KUNIT_EXPECT_EQ(test, fk.drop, fu.drop);
			continue;
		}
		ok++;
		KUNIT_EXPECT_EQ(test, fu.type, LOOM_DHY_T_CNU);
		fk.type = LOOM_DHY_T_CNU;
		dhy_expect_same(test, &fu, &fk);
	}
	KUNIT_EXPECT_GT(test, ok, 100U);
}

/* A Loom tree frame is never taken for a Dhyara one. */
static void dhy_tree_frames_refused(struct kunit *test)
{
	struct loom_frame t = { .type = LOOM_PT_DATA, .src = 0x1001,
				.net = { .dst = 0xf000, .src = 0x1001,
					 .frame_id = 1, .first = true },
				.payload = dhy_bytes, .payload_len = 40 };
	u8 *buf = dhy_buf(test);
	struct loom_dhy_frame f;
	int len;

	len = loom_frame_encode(&t, buf, LOOM_FRAME_MAX_LEN);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, len, &f, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_VERSION);
	t.type = LOOM_PT_ACK_DATA;
	len = loom_frame_encode(&t, buf, LOOM_FRAME_MAX_LEN);
	KUNIT_EXPECT_EQ(test, dhy_decode(test, buf, len, &f, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_VERSION);
}

static void dhy_forward(struct kunit *test)
{
	u8 *buf = dhy_buf(test);
	struct loom_dhy_frame f;
	int len;

	len = loom_dhy_frame_encode(&dhy_cnk, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_c), 0);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &f, NULL), 0);
	KUNIT_EXPECT_EQ(test, f.hop_limit, dhy_cnk.hop_limit - 1);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(f.next_hop, dhy_c));
	KUNIT_EXPECT_EQ(test, f.cnk.msg_id, dhy_cnk.cnk.msg_id);

	/* Down to 1: no further. */
	buf[DHY_HOPS] = 1;
	dhy_refcs(buf, len);
	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_b), -ELOOP);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &f, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(f.next_hop, dhy_c));
	buf[DHY_HOPS] = 2;
	dhy_refcs(buf, len);
	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_b), 0);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &f, NULL), 0);
	KUNIT_EXPECT_EQ(test, f.hop_limit, 1);

	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_bc), -EINVAL);
	/* A routed type that does not exist is not passed on. */
	buf[DHY_CTL] = 0x8e;
	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_b), -EINVAL);
	len = loom_dhy_frame_encode(&dhy_bcn, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_EXPECT_EQ(test, loom_dhy_forward(buf, len, dhy_b), -EINVAL);
}

/* traceroute's answer: an ICMPX quoting the probe's id, seq and time. */
static void dhy_icmpx_about_probe(struct kunit *test)
{
	u8 *buf = dhy_buf(test), *xbuf = dhy_buf(test);
	struct loom_dhy_frame q, x, g;
	int len, xlen;

	len = loom_dhy_frame_encode(&dhy_icmpq, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &q, NULL), 0);
	KUNIT_ASSERT_EQ(test, loom_dhy_icmpx_build(&x, &q, dhy_b,
						   LOOM_DHY_X_HOP_LIMIT), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(x.dst, dhy_a));
	ether_addr_copy(x.next_hop, dhy_a);
	xlen = loom_dhy_frame_encode(&x, xbuf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_EQ(test, xlen, LOOM_DHY_ROUTED_OVERHEAD +
			LOOM_DHY_ICMPX_HDR_LEN + LOOM_DHY_ICMPX_QUOTE_MAX);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, xbuf, xlen, &g, NULL), 0);
	KUNIT_EXPECT_EQ(test, g.icmpx.code, LOOM_DHY_X_HOP_LIMIT);
	KUNIT_EXPECT_EQ(test, g.icmpx.orig_type, LOOM_DHY_T_ICMPQ);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(g.src, dhy_b));
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(g.payload), dhy_icmpq.icmp.id);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(g.payload + 2),
			dhy_icmpq.icmp.seq);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(g.payload + 4),
			dhy_icmpq.icmp.time_us);
	/* No error about an error, nor about a beacon. */
	KUNIT_EXPECT_EQ(test, loom_dhy_icmpx_build(&x, &g, dhy_c,
						   LOOM_DHY_X_NO_ROUTE), -EINVAL);
	len = loom_dhy_frame_encode(&dhy_bcn, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &q, NULL), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_icmpx_build(&x, &q, dhy_c,
						   LOOM_DHY_X_NO_ROUTE), -EINVAL);
	/* A DLV's body is 3 bytes: the quote is that long. */
	len = loom_dhy_frame_encode(&dhy_dlv, buf, LOOM_DHY_FRAME_MAX);
	KUNIT_ASSERT_EQ(test, dhy_decode(test, buf, len, &q, NULL), 0);
	KUNIT_ASSERT_EQ(test, loom_dhy_icmpx_build(&x, &q, dhy_b,
						   LOOM_DHY_X_NO_ROUTE), 0);
	KUNIT_EXPECT_EQ(test, x.payload_len, LOOM_DHY_DLV_LEN);
	KUNIT_EXPECT_EQ(test, loom_dhy_icmpx_build(&x, &q, dhy_b, 0), -EINVAL);
}

/* Even cuts: contiguous, complete, no chunk empty, sizes within one. */
static void dhy_chunk_spans(struct kunit *test)
{
	u16 off, len, lo, hi;
	u32 total, count, i, bad = 0;
	u16 end;

	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(0, 1, 0, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(0, 2, 0, &off, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(5, 0, 0, &off, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(5, 3, 3, &off, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(5, 6, 0, &off, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(7, 3, 0, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_EQ(test, len, 3);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(7, 3, 2, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, off, 5);
	KUNIT_EXPECT_EQ(test, len, 2);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(65535, 255, 254, &off, &len),
			0);
	KUNIT_EXPECT_EQ(test, off, 65535 - 257);
	KUNIT_EXPECT_EQ(test, len, 257);

	for (total = 1; total <= 700; total += total < 300 ? 1 : 37) {
		for (count = 1; count <= min(total, 255U); count++) {
			end = 0;
			lo = U16_MAX;
			hi = 0;
			for (i = 0; i < count; i++) {
				if (loom_dhy_chunk_span(total, count, i, &off,
							&len) || off != end ||
				    !len)
					bad++;
				end = off + len;
				lo = min(lo, len);
				hi = max(hi, len);
			}
			if (end != total || hi - lo > 1)
				bad++;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

static void dhy_sizes(struct kunit *test)
{
	u16 off, len;
	int n;

	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(64), 36);
	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(255), 227);
	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(1496), 1468);
	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(9000), 1472);
	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(28), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_cnk_data_max(0), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_max(64), 4);
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_max(255), 21);
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_max(9000), DHY_ADV_MANY);
	KUNIT_EXPECT_EQ(test, loom_dhy_adv_max(25), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_icmp_payload_max(64), 34);
	KUNIT_EXPECT_EQ(test, loom_dhy_icmp_payload_max(30), 0);
	KUNIT_EXPECT_EQ(test, loom_dhy_dgram_max(64), 9180U);
	KUNIT_EXPECT_EQ(test, loom_dhy_dgram_max(255), 57885U);
	KUNIT_EXPECT_EQ(test, loom_dhy_dgram_max(1496), 65535U);

	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(0, 36), 1);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(36, 36), 1);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(37, 36), 2);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(1280, 36), 36);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(9180, 36), 255);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(9181, 36), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(65535, 1468), 45);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(65536, 1468), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_count(1, 0), -EMSGSIZE);
	/* The count chosen keeps every chunk within the frame. */
	n = loom_dhy_chunk_count(1280, 36);
	KUNIT_EXPECT_EQ(test, loom_dhy_chunk_span(1280, n, 0, &off, &len), 0);
	KUNIT_EXPECT_LE(test, len, 36);
}

static void dhy_time(struct kunit *test)
{
	u64 t0 = 4294967295ULL * 1000;	/* just before the us counter wraps */

	KUNIT_EXPECT_EQ(test, loom_dhy_time_us(1999), 1U);
	KUNIT_EXPECT_EQ(test, loom_dhy_time_us(t0), U32_MAX);
	KUNIT_EXPECT_EQ(test, loom_dhy_time_us(t0 + 1000), 0U);
	KUNIT_EXPECT_EQ(test, loom_dhy_rtt_ns(t0 + 250000,
					      loom_dhy_time_us(t0)), 250000ULL);
	KUNIT_EXPECT_EQ(test, loom_dhy_rtt_ns(5000000, loom_dhy_time_us(0)),
			5000000ULL);
}

static void dhy_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(LOOM_DHY_T_BCN), "bcn");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(LOOM_DHY_T_ICMPX), "icmpx");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(0), "unknown");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(5), "unknown");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(200), "unknown");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(LOOM_DHY_T_CNU), "cnu");
	KUNIT_EXPECT_STREQ(test, loom_dhy_type_name(14), "unknown");
	KUNIT_EXPECT_TRUE(test, loom_dhy_routed(LOOM_DHY_T_CNK));
	KUNIT_EXPECT_TRUE(test, loom_dhy_routed(LOOM_DHY_T_CNU));
	KUNIT_EXPECT_FALSE(test, loom_dhy_routed(LOOM_DHY_T_ADV));
	KUNIT_EXPECT_TRUE(test, loom_dhy_is_chunk(LOOM_DHY_T_CNK));
	KUNIT_EXPECT_TRUE(test, loom_dhy_is_chunk(LOOM_DHY_T_CNU));
	KUNIT_EXPECT_FALSE(test, loom_dhy_is_chunk(LOOM_DHY_T_DLV));
}

static struct kunit_case dhy_frame_cases[] = {
	KUNIT_CASE(dhy_golden),
	KUNIT_CASE_PARAM(dhy_roundtrip, dhy_rt_gen_params),
	KUNIT_CASE_PARAM(dhy_encode_refuses, dhy_refusal_gen_params),
	KUNIT_CASE(dhy_encode_refuses_dup),
	KUNIT_CASE_PARAM(dhy_malformed, dhy_bad_gen_params),
	KUNIT_CASE(dhy_cnu_rules_as_cnk),
	KUNIT_CASE(dhy_bounds),
	KUNIT_CASE(dhy_damage),
	KUNIT_CASE(dhy_random),
	KUNIT_CASE(dhy_random_damage),
	KUNIT_CASE(dhy_tree_frames_refused),
	KUNIT_CASE(dhy_forward),
	KUNIT_CASE(dhy_icmpx_about_probe),
	KUNIT_CASE(dhy_chunk_spans),
	KUNIT_CASE(dhy_sizes),
	KUNIT_CASE(dhy_time),
	KUNIT_CASE(dhy_names),
	{}
};

static struct kunit_suite dhy_frame_suite = {
	.name = "loom_dhyara_frame",
	.test_cases = dhy_frame_cases,
};

kunit_test_suites(&dhy_frame_suite);
