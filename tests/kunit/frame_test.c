// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Loom frame codecs, FCS, fragmentation and reassembly.
 *
 * Every decode reads from an allocation of exactly the frame's length, so
 * KASAN in the test kernel catches any read past the buffer.
 */
#include <kunit/test.h>

#include "../../kernel/mac/frame.h"
#include "../../kernel/net/frag.h"
#include "test_util.h"

/* Decode a copy of exactly @len bytes. */
static int loom_decode(struct kunit *test, const u8 *buf, size_t len,
		       struct loom_frame *f, struct loom_rx_stats *st)
{
	return loom_frame_decode(loom_test_exact(test, buf, len), len, f, st);
}

/* After editing a frame, make its FCS right again. */
static void loom_refcs(u8 *buf, size_t len)
{
	put_unaligned_le16(loom_fcs(buf, len - LOOM_FCS_LEN),
			   buf + len - LOOM_FCS_LEN);
}

static void loom_fcs_check_value(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, loom_fcs((const u8 *)"123456789", 9), 0x31c3);
	KUNIT_EXPECT_EQ(test, loom_fcs(NULL, 0), 0);
}

/* Golden vectors: layout, byte order and FCS computed outside the kernel. */
static void loom_frame_golden(struct kunit *test)
{
	static const u8 data[] = {
		0x05, 0x01, 0x10, 0x09, 0x00, 0xf0, 0x01, 0x10, 0x00, 0xaa,
		0x68, 0x69, 0x91, 0xeb,
	};
	static const u8 refresh[] = {
		0x01, 0x00, 0xf0, 0x11, 0xc8, 0x58, 0x02, 0x00, 0x01, 0xb3,
		0x24,
	};
	struct loom_frame f = {
		.type = LOOM_PT_DATA, .src = 0x1001,
		.net = { .dst = 0xf000, .src = 0x1001, .frame_id = 0x2a,
			 .first = true },
		.payload = (const u8 *)"hi", .payload_len = 2,
	};
	u8 buf[LOOM_FRAME_MAX_LEN];

	KUNIT_ASSERT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)),
			(int)sizeof(data));
	KUNIT_EXPECT_EQ(test, memcmp(buf, data, sizeof(data)), 0);

	memset(&f, 0, sizeof(f));
	f.type = LOOM_PT_REFRESH;
	f.src = LOOM_ADDR_COORDINATOR;
	f.refresh.data_unit = LOOM_TU_MS;
	f.refresh.refresh_unit = LOOM_TU_S;
	f.refresh.data_offset = 200;
	f.refresh.refresh_offset = 600;
	f.refresh.count = 1;
	KUNIT_ASSERT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)),
			(int)sizeof(refresh));
	KUNIT_EXPECT_EQ(test, memcmp(buf, refresh, sizeof(refresh)), 0);
}

/**
 * struct loom_rt_case - a frame that must survive encode and decode
 * @desc: case name
 * @f: the frame
 * @len: expected encoded length
 */
struct loom_rt_case {
	const char *desc;
	struct loom_frame f;
	int len;
};

static const u8 loom_bytes[256] = {
	[0] = 0xde, [1] = 0xad, [100] = 0x55, [247] = 0xaa, [250] = 0x01,
};

static const struct loom_rt_case loom_rt_cases[] = {
	{ "ack", { .type = LOOM_PT_ACK, .src = 0x1000 }, 5 },
	{ "data empty", { .type = LOOM_PT_DATA, .src = 0x0001,
	  .net = { .dst = 0xf000, .src = 0x0001, .seq = 0, .frame_id = 1,
		   .first = true } },
	  12 },
	{ "data 1", { .type = LOOM_PT_DATA, .src = 0x1101,
	  .net = { .dst = 0xf000, .src = 0x1101, .seq = 3, .frame_id = 9 },
	  .payload = loom_bytes, .payload_len = 1 }, 13 },
	{ "data max", { .type = LOOM_PT_DATA, .src = 0x1100,
	  .net = { .dst = 0xf000, .src = 0x1101, .seq = 255, .frame_id = 127 },
	  .payload = loom_bytes, .payload_len = LOOM_NET_MAX_PAYLOAD },
	  LOOM_FRAME_MAX_LEN },
	{ "ack with data", { .type = LOOM_PT_ACK_DATA, .src = 0xf000,
	  .net = { .dst = 0x1202, .src = 0xf000, .frame_id = 7 },
	  .payload = loom_bytes, .payload_len = 100 }, 112 },
	{ "refresh", { .type = LOOM_PT_REFRESH, .src = 0xf000,
	  .refresh = { LOOM_TU_US, LOOM_TU_DAY, 255, 65535, 255 } }, 11 },
	{ "refresh more empty", { .type = LOOM_PT_REFRESH_MORE, .src = 0x1000 },
	  7 },
	{ "refresh more max", { .type = LOOM_PT_REFRESH_MORE, .src = 0xf000,
	  .payload = loom_bytes, .payload_len = LOOM_MORE_MAX_PAYLOAD }, 258 },
	{ "error", { .type = LOOM_PT_ERROR, .src = 0x1200,
	  .net = { .dst = 0xf000, .src = 0x1200 },
	  .error = { LOOM_ERRC_LINK_FAILED, 5, 0x1201 } }, 16 },
};

static void loom_rt_desc(const struct loom_rt_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(loom_rt, loom_rt_cases, loom_rt_desc);

static void loom_frame_roundtrip(struct kunit *test)
{
	const struct loom_rt_case *c = test->param_value;
	struct loom_rx_stats st = {};
	u8 buf[LOOM_FRAME_MAX_LEN + 8], again[LOOM_FRAME_MAX_LEN + 8];
	struct loom_frame g;
	int len;

	len = loom_frame_encode(&c->f, buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, len, c->len);
	KUNIT_EXPECT_EQ(test, loom_frame_len(&c->f), c->len);
	KUNIT_ASSERT_EQ(test, loom_decode(test, buf, len, &g, &st), 0);
	KUNIT_EXPECT_EQ(test, st.ok[c->f.type], 1ULL);
	KUNIT_EXPECT_EQ(test, g.type, c->f.type);
	KUNIT_EXPECT_EQ(test, g.src, c->f.src);
	switch (c->f.type) {
	case LOOM_PT_DATA:
	case LOOM_PT_ACK_DATA:
	case LOOM_PT_ERROR:
		KUNIT_EXPECT_EQ(test, g.net.dst, c->f.net.dst);
		KUNIT_EXPECT_EQ(test, g.net.src, c->f.net.src);
		KUNIT_EXPECT_EQ(test, g.net.seq, c->f.net.seq);
		KUNIT_EXPECT_EQ(test, g.net.frame_id, c->f.net.frame_id);
		KUNIT_EXPECT_EQ(test, g.net.first, c->f.net.first);
		KUNIT_EXPECT_EQ(test, g.net.len, len - LOOM_MAC_OVERHEAD);
		break;
	case LOOM_PT_REFRESH:
		KUNIT_EXPECT_EQ(test, memcmp(&g.refresh, &c->f.refresh,
					     sizeof(g.refresh)), 0);
		break;
	}
	if (c->f.type == LOOM_PT_ERROR)
		KUNIT_EXPECT_EQ(test, memcmp(&g.error, &c->f.error,
					     sizeof(g.error)), 0);
	KUNIT_EXPECT_EQ(test, g.payload_len, c->f.payload_len);
	if (c->f.payload_len)
		KUNIT_EXPECT_EQ(test, memcmp(g.payload, c->f.payload,
					     c->f.payload_len), 0);
	/* Decoding then encoding gives the same bytes back. */
	KUNIT_ASSERT_EQ(test, loom_frame_encode(&g, again, sizeof(again)), len);
	KUNIT_EXPECT_EQ(test, memcmp(buf, again, len), 0);
	/* And a buffer one byte too small is refused, not overrun. */
	KUNIT_EXPECT_EQ(test, loom_frame_encode(&c->f, buf, len - 1), -EMSGSIZE);
}

static void loom_frame_encode_refuses(struct kunit *test)
{
	struct loom_frame f = { .type = LOOM_PT_DATA, .src = 1,
				.net = { .dst = 1, .src = 1 },
				.payload = loom_bytes,
				.payload_len = LOOM_NET_MAX_PAYLOAD + 1 };
	u8 buf[300];

	KUNIT_EXPECT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)), -EMSGSIZE);
	f.type = LOOM_PT_REFRESH_MORE;
	f.payload_len = LOOM_MORE_MAX_PAYLOAD + 1;
	KUNIT_EXPECT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)), -EMSGSIZE);
	f.type = LOOM_PT_INVALID;
	KUNIT_EXPECT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)), -EINVAL);
	f.type = LOOM_PT_RESERVED;
	KUNIT_EXPECT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)), -EINVAL);
	memset(&f, 0, sizeof(f));
	f.type = LOOM_PT_REFRESH;
	f.src = 1;
	f.refresh.refresh_unit = 6;
	KUNIT_EXPECT_EQ(test, loom_frame_encode(&f, buf, sizeof(buf)), -EINVAL);
}

/**
 * struct loom_bad_frame - a malformed frame and the reason it must give
 * @desc: case name
 * @bytes: the frame; the last two bytes are its FCS unless @raw_fcs
 * @len: its length
 * @raw_fcs: keep the FCS as written instead of recomputing it
 * @drop: expected enum loom_drop
 */
struct loom_bad_frame {
	const char *desc;
	const u8 *bytes;
	size_t len;
	bool raw_fcs;
	u8 drop;
};

#define LOOM_BYTES(...) ((const u8[]){ __VA_ARGS__ })
#define LOOM_BADF(d, why, raw, ...) {					\
	.desc = d, .bytes = LOOM_BYTES(__VA_ARGS__),			\
	.len = sizeof(LOOM_BYTES(__VA_ARGS__)), .raw_fcs = raw, .drop = why }

static const struct loom_bad_frame loom_bad_frames[] = {
	LOOM_BADF("empty", LOOM_DROP_SHORT, true, 0),
	LOOM_BADF("4 bytes", LOOM_DROP_SHORT, true, 0x03, 0x00, 0x10, 0x00),
	LOOM_BADF("bad fcs", LOOM_DROP_FCS, true, 0x03, 0x00, 0x10, 0x00, 0x00),
	LOOM_BADF("version 1", LOOM_DROP_VERSION, false, 0x0b, 0x00, 0x10, 0, 0),
	LOOM_BADF("version 3", LOOM_DROP_VERSION, false, 0x1b, 0x00, 0x10, 0, 0),
	LOOM_BADF("reserved bit 5", LOOM_DROP_RESERVED, false,
		  0x23, 0x00, 0x10, 0, 0),
	LOOM_BADF("reserved bit 7", LOOM_DROP_RESERVED, false,
		  0x83, 0x00, 0x10, 0, 0),
	LOOM_BADF("type invalid", LOOM_DROP_TYPE, false, 0x00, 0x00, 0x10, 0, 0),
	LOOM_BADF("type reserved", LOOM_DROP_TYPE, false, 0x02, 0x00, 0x10, 0, 0),
	LOOM_BADF("source 0", LOOM_DROP_FIELD, false, 0x03, 0x00, 0x00, 0, 0),
	LOOM_BADF("ack with body", LOOM_DROP_LENGTH, false,
		  0x03, 0x00, 0x10, 0x00, 0, 0),
	LOOM_BADF("refresh short", LOOM_DROP_SHORT, false,
		  0x01, 0x00, 0xf0, 0x11, 0xc8, 0x58, 0x02, 0x00, 0, 0),
	LOOM_BADF("refresh long", LOOM_DROP_LENGTH, false,
		  0x01, 0x00, 0xf0, 0x11, 0xc8, 0x58, 0x02, 0x00, 0x01, 0x00,
		  0, 0),
	LOOM_BADF("refresh unit 6", LOOM_DROP_FIELD, false,
		  0x01, 0x00, 0xf0, 0x31, 0xc8, 0x58, 0x02, 0x00, 0x01, 0, 0),
	LOOM_BADF("refresh unit 7", LOOM_DROP_FIELD, false,
		  0x01, 0x00, 0xf0, 0x17, 0xc8, 0x58, 0x02, 0x00, 0x01, 0, 0),
	LOOM_BADF("refresh reserved bits", LOOM_DROP_RESERVED, false,
		  0x01, 0x00, 0xf0, 0x51, 0xc8, 0x58, 0x02, 0x00, 0x01, 0, 0),
	LOOM_BADF("more: no length", LOOM_DROP_SHORT, false,
		  0x06, 0x00, 0xf0, 0x04, 0, 0),
	LOOM_BADF("more: length low", LOOM_DROP_LENGTH, false,
		  0x06, 0x00, 0xf0, 0x04, 0x00, 0xaa, 0, 0),
	LOOM_BADF("more: length high", LOOM_DROP_LENGTH, false,
		  0x06, 0x00, 0xf0, 0x06, 0x00, 0xaa, 0, 0),
	LOOM_BADF("data: header cut", LOOM_DROP_SHORT, false,
		  0x05, 0x01, 0x10, 0x07, 0x00, 0xf0, 0x01, 0x10, 0x00, 0, 0),
	LOOM_BADF("data: length low", LOOM_DROP_LENGTH, false,
		  0x05, 0x01, 0x10, 0x08, 0x00, 0xf0, 0x01, 0x10, 0x00, 0x2a,
		  0x68, 0x69, 0, 0),
	LOOM_BADF("data: length high", LOOM_DROP_LENGTH, false,
		  0x05, 0x01, 0x10, 0x0a, 0x00, 0xf0, 0x01, 0x10, 0x00, 0x2a,
		  0x68, 0x69, 0, 0),
	LOOM_BADF("data: destination 0", LOOM_DROP_FIELD, false,
		  0x05, 0x01, 0x10, 0x07, 0x00, 0x00, 0x01, 0x10, 0x00, 0x2a,
		  0, 0),
	LOOM_BADF("data: source 0", LOOM_DROP_FIELD, false,
		  0x07, 0x00, 0xf0, 0x07, 0x01, 0x10, 0x00, 0x00, 0x00, 0x2a,
		  0, 0),
	LOOM_BADF("error: body short", LOOM_DROP_LENGTH, false,
		  0x04, 0x00, 0x12, 0x0a, 0x00, 0xf0, 0x00, 0x12, 0x00, 0x00,
		  0x01, 0x05, 0x01, 0, 0),
	LOOM_BADF("error: body long", LOOM_DROP_LENGTH, false,
		  0x04, 0x00, 0x12, 0x0c, 0x00, 0xf0, 0x00, 0x12, 0x00, 0x00,
		  0x01, 0x05, 0x01, 0x12, 0x00, 0, 0),
};

static void loom_badf_desc(const struct loom_bad_frame *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(loom_badf, loom_bad_frames, loom_badf_desc);

static void loom_frame_malformed(struct kunit *test)
{
	const struct loom_bad_frame *c = test->param_value;
	u8 *buf = loom_test_exact(test, c->bytes, c->len);
	struct loom_rx_stats st = {};
	struct loom_frame f;
	unsigned int i;
	u64 drops = 0;

	if (!c->raw_fcs)
		loom_refcs(buf, c->len);
	KUNIT_EXPECT_EQ(test, loom_frame_decode(buf, c->len, &f, &st), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, c->drop);
	KUNIT_EXPECT_EQ(test, st.drop[c->drop], 1ULL);
	for (i = 0; i < __LOOM_DROP_MAX; i++)
		drops += st.drop[i];
	KUNIT_EXPECT_EQ(test, drops, 1ULL);
	KUNIT_EXPECT_STRNEQ(test, loom_drop_name(c->drop), "unknown");
}

static void loom_frame_too_long(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, LOOM_FRAME_MAX_LEN + 1, GFP_KERNEL);
	struct loom_frame f;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf[0] = LOOM_PT_ACK;
	loom_refcs(buf, LOOM_FRAME_MAX_LEN + 1);
	KUNIT_EXPECT_EQ(test, loom_frame_decode(buf, LOOM_FRAME_MAX_LEN + 1,
						&f, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_LENGTH);
}

/* Every truncation and every single-bit error of every frame is refused. */
static void loom_frame_damage(struct kunit *test)
{
	struct loom_rx_stats st = {};
	u8 buf[LOOM_FRAME_MAX_LEN];
	struct loom_frame f;
	unsigned int c, bit;
	int len, cut;

	for (c = 0; c < ARRAY_SIZE(loom_rt_cases); c++) {
		len = loom_frame_encode(&loom_rt_cases[c].f, buf, sizeof(buf));
		KUNIT_ASSERT_GT(test, len, 0);
		for (cut = 0; cut < len; cut++)
			KUNIT_EXPECT_EQ_MSG(test, loom_decode(test, buf, cut, &f, &st),
					    -EBADMSG, "%s cut %d",
					    loom_rt_cases[c].desc, cut);
		for (bit = 0; bit < (unsigned int)len * 8; bit++) {
			buf[bit / 8] ^= BIT(bit % 8);
			KUNIT_EXPECT_EQ(test, loom_decode(test, buf, len, &f, &st),
					-EBADMSG);
			KUNIT_EXPECT_EQ(test, f.drop, LOOM_DROP_FCS);
			buf[bit / 8] ^= BIT(bit % 8);
		}
	}
}

/* Random bodies with a correct FCS reach every parser branch safely. */
static void loom_frame_random(struct kunit *test)
{
	struct loom_rx_stats st = {};
	u8 buf[LOOM_FRAME_MAX_LEN];
	u32 seed = 12345, i, j, len;
	struct loom_frame f;
	u64 seen = 0;

	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		len = LOOM_FRAME_MIN_LEN + (seed >> 8) % 20;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = seed >> 16;
		}
		/* Mostly version 0, so the bodies get parsed. */
		if (i & 1)
			buf[0] &= LOOM_CTL_TYPE_MASK;
		loom_refcs(buf, len);
		loom_decode(test, buf, len, &f, &st);
	}
	for (i = 0; i < 8; i++)
		seen += st.ok[i];
	for (i = 0; i < __LOOM_DROP_MAX; i++)
		seen += st.drop[i];
	/* Every frame is counted once: accepted or dropped for a reason. */
	KUNIT_EXPECT_EQ(test, seen, 20000ULL);
	KUNIT_EXPECT_EQ(test, st.drop[LOOM_DROP_FCS], 0ULL);
}

static void loom_frag_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, loom_frag_payload_max(255), 243);
	KUNIT_EXPECT_EQ(test, loom_frag_payload_max(300), LOOM_NET_MAX_PAYLOAD);
	KUNIT_EXPECT_EQ(test, loom_frag_payload_max(13), 1);
	KUNIT_EXPECT_EQ(test, loom_frag_payload_max(12), 0);
	KUNIT_EXPECT_EQ(test, loom_frag_count(0, 243), 1);
	KUNIT_EXPECT_EQ(test, loom_frag_count(1, 243), 1);
	KUNIT_EXPECT_EQ(test, loom_frag_count(243, 243), 1);
	KUNIT_EXPECT_EQ(test, loom_frag_count(244, 243), 2);
	KUNIT_EXPECT_EQ(test, loom_frag_count(256 * 243, 243), 256);
	KUNIT_EXPECT_EQ(test, loom_frag_count(256 * 243 + 1, 243), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, loom_frag_count(1, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, loom_frag_datagram_max(243), (size_t)62208);
}

/* Cut @len bytes into fragments; returns how many. */
static int loom_cut(struct kunit *test, const u8 *data, size_t len, u16 fp,
		    struct loom_net_hdr *hdrs, const u8 **pl, u16 *plen)
{
	int n = loom_frag_count(len, fp), i;

	KUNIT_ASSERT_GT(test, n, 0);
	for (i = 0; i < n; i++) {
		size_t off;

		loom_frag_get(len, fp, i, &off, &plen[i], &hdrs[i].seq);
		hdrs[i].src = 0x1101;
		hdrs[i].dst = 0xf000;
		hdrs[i].frame_id = 77;
		hdrs[i].first = i == 0;
		pl[i] = data + off;
	}
	return n;
}

/**
 * struct loom_frag_bufs - fragments of one test datagram
 * @hdrs: their headers
 * @pl: their payloads
 * @plen: payload lengths
 */
struct loom_frag_bufs {
	struct loom_net_hdr hdrs[LOOM_FRAG_MAX];
	const u8 *pl[LOOM_FRAG_MAX];
	u16 plen[LOOM_FRAG_MAX];
};

static void loom_frag_roundtrip(struct kunit *test)
{
	static const size_t sizes[] = { 0, 1, 242, 243, 244, 1000, 4096,
					256 * 243 - 1, 256 * 243 };
	struct loom_frag_bufs *fb = kunit_kzalloc(test, sizeof(*fb), GFP_KERNEL);
	size_t cap = loom_frag_datagram_max(243);
	u8 *data = kunit_kmalloc(test, cap, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, cap, GFP_KERNEL);
	struct loom_reasm r;
	unsigned int s;
	int i, n, ret;

	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < (int)cap; i++)
		data[i] = i * 7 + (i >> 8);
	loom_reasm_init(&r, out, cap);
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		n = loom_cut(test, data, sizes[s], 243, fb->hdrs, fb->pl,
			     fb->plen);
		KUNIT_EXPECT_EQ(test, fb->hdrs[n - 1].seq, 0);
		KUNIT_EXPECT_EQ(test, fb->hdrs[0].seq, n - 1);
		/* A sender numbers consecutive datagrams differently. */
		for (i = 0; i < n; i++)
			fb->hdrs[i].frame_id = s;
		for (i = 0; i < n; i++) {
			ret = loom_reasm_push(&r, &fb->hdrs[i], fb->pl[i],
					      fb->plen[i], 0);
			KUNIT_ASSERT_EQ(test, ret, i == n - 1 ? LOOM_REASM_DONE :
							       LOOM_REASM_MORE);
		}
		KUNIT_EXPECT_EQ(test, r.len, sizes[s]);
		KUNIT_EXPECT_EQ(test, memcmp(out, data, sizes[s]), 0);
		loom_reasm_reset(&r);
	}
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);
}

/* Losing any one fragment drops the whole sequence, and nothing else. */
static void loom_frag_loss(struct kunit *test)
{
	struct loom_frag_bufs *fb = kunit_kzalloc(test, sizeof(*fb), GFP_KERNEL);
	size_t len = 10 * 243 - 5, cap = loom_frag_datagram_max(243);
	u8 *data = kunit_kzalloc(test, cap, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, cap, GFP_KERNEL);
	struct loom_reasm r;
	int lost, i, n, ret, done;

	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_NOT_NULL(test, out);
	n = loom_cut(test, data, len, 243, fb->hdrs, fb->pl, fb->plen);
	KUNIT_ASSERT_EQ(test, n, 10);
	for (lost = 0; lost < n; lost++) {
		loom_reasm_init(&r, out, cap);
		done = 0;
		for (i = 0; i < n; i++) {
			if (i == lost)
				continue;
			ret = loom_reasm_push(&r, &fb->hdrs[i], fb->pl[i],
					      fb->plen[i], i);
			done += ret == LOOM_REASM_DONE;
		}
		/* Losing the last one leaves a sequence only a timeout ends. */
		if (lost == n - 1) {
			KUNIT_EXPECT_TRUE(test, r.active);
			KUNIT_EXPECT_FALSE(test, loom_reasm_expire(&r, 100, 1000));
			KUNIT_EXPECT_TRUE(test, loom_reasm_expire(&r, 2000, 1000));
		}
		KUNIT_EXPECT_EQ_MSG(test, done, 0, "lost %d", lost);
		KUNIT_EXPECT_GE_MSG(test, r.dropped, 1ULL, "lost %d", lost);
		KUNIT_EXPECT_FALSE(test, r.active && lost != n - 1);
	}
}

static void loom_frag_repeats_and_restarts(struct kunit *test)
{
	struct loom_frag_bufs *fb = kunit_kzalloc(test, sizeof(*fb), GFP_KERNEL);
	size_t cap = loom_frag_datagram_max(243);
	u8 *data = kunit_kzalloc(test, cap, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, cap, GFP_KERNEL);
	struct loom_net_hdr h;
	struct loom_reasm r;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_NOT_NULL(test, out);
	n = loom_cut(test, data, 3 * 243, 243, fb->hdrs, fb->pl, fb->plen);
	KUNIT_ASSERT_EQ(test, n, 3);
	loom_reasm_init(&r, out, cap);

	/* A repeated fragment (lost ACK) is ignored; the sequence completes. */
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[1], fb->pl[1], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[2], fb->pl[2], 243, 0),
			LOOM_REASM_DONE);
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);

	/* A new datagram mid-sequence drops the old one and starts over. */
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	h = fb->hdrs[0];
	h.frame_id++;
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &h, fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, r.dropped, 1ULL);
	KUNIT_EXPECT_EQ(test, r.frame_id, h.frame_id);

	/* A middle fragment of the wrong size drops the sequence. */
	h.seq = 1;
	h.first = false;
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &h, fb->pl[1], 100, 0), -EPROTO);
	KUNIT_EXPECT_EQ(test, r.dropped, 2ULL);
	KUNIT_EXPECT_FALSE(test, r.active);

	/* A sequence larger than the buffer is refused up front. */
	loom_reasm_init(&r, out, 243);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			-EMSGSIZE);
}

/* Retransmissions after a lost ACK are neither delivered twice nor drops. */
static void loom_frag_retransmissions(struct kunit *test)
{
	struct loom_frag_bufs *fb = kunit_kzalloc(test, sizeof(*fb), GFP_KERNEL);
	size_t cap = loom_frag_datagram_max(243);
	u8 *data = kunit_kzalloc(test, cap, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, cap, GFP_KERNEL);
	struct loom_net_hdr one = { .dst = 0xf000, .src = 0x0001, .seq = 0,
				    .frame_id = 5, .first = true };
	struct loom_reasm r;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_NOT_NULL(test, out);
	loom_reasm_init(&r, out, cap);

	/* A single-fragment datagram, sent twice. */
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &one, data, 10, 0),
			LOOM_REASM_DONE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &one, data, 10, 0), -EALREADY);
	/* The next datagram (next id) is delivered. */
	one.frame_id++;
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &one, data, 10, 0),
			LOOM_REASM_DONE);

	/* The last fragment of a sequence, sent twice. */
	n = loom_cut(test, data, 3 * 243, 243, fb->hdrs, fb->pl, fb->plen);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[1], fb->pl[1], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[2], fb->pl[2], 243, 0),
			LOOM_REASM_DONE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[2], fb->pl[2], 243, 0),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, r.dropped, 0ULL);

	/* The sender starts the same datagram over: the restart completes. */
	loom_reasm_init(&r, out, cap);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[1], fb->pl[1], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[0], fb->pl[0], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[1], fb->pl[1], 243, 0),
			LOOM_REASM_MORE);
	KUNIT_EXPECT_EQ(test, loom_reasm_push(&r, &fb->hdrs[2], fb->pl[2], 243, 0),
			LOOM_REASM_DONE);
	KUNIT_EXPECT_EQ(test, r.len, (size_t)(3 * 243));
	KUNIT_EXPECT_EQ(test, r.dropped, 1ULL);
}

static struct kunit_case loom_frame_cases[] = {
	KUNIT_CASE(loom_fcs_check_value),
	KUNIT_CASE(loom_frame_golden),
	KUNIT_CASE_PARAM(loom_frame_roundtrip, loom_rt_gen_params),
	KUNIT_CASE(loom_frame_encode_refuses),
	KUNIT_CASE_PARAM(loom_frame_malformed, loom_badf_gen_params),
	KUNIT_CASE(loom_frame_too_long),
	KUNIT_CASE(loom_frame_damage),
	KUNIT_CASE(loom_frame_random),
	{}
};

static struct kunit_suite loom_frame_suite = {
	.name = "loom_frame",
	.test_cases = loom_frame_cases,
};

static struct kunit_case loom_frag_cases[] = {
	KUNIT_CASE(loom_frag_sizes),
	KUNIT_CASE(loom_frag_roundtrip),
	KUNIT_CASE(loom_frag_loss),
	KUNIT_CASE(loom_frag_repeats_and_restarts),
	KUNIT_CASE(loom_frag_retransmissions),
	{}
};

static struct kunit_suite loom_frag_suite = {
	.name = "loom_frag",
	.test_cases = loom_frag_cases,
};

kunit_test_suites(&loom_frame_suite, &loom_frag_suite);
