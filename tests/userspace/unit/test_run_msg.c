// SPDX-License-Identifier: GPL-2.0
/*
 * Messages for running nodes against uapi/linux/loom.h: each request
 * attribute with the type and exact size the kernel's policy wants
 * (strings with their NUL, nests flagged), nothing more; replies and
 * notifications made the way kernel/run_nl.c makes them (u64 values
 * after padding attributes) and read back, by loomctl and by libloom.
 */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "loom_int.h"
#include "msgutil.h"
#include "run_msg.h"
#include "test.h"

#define FAMILY 0x44

static struct nl_msg *new_msg(int cmd)
{
	return msg_new(FAMILY, cmd, LOOM_GENL_VERSION);
}

TEST(run_msg_put_node_and_radio)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_START);
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(run_msg_put_node(msg, "Router 1", "hwsim3"), 0);
	CHECK_INT(msg_count(msg), 2);
	a = msg_get(msg, LOOM_ATTR_NAME, 9);
	CHECK(a && !memcmp(nla_data(a), "Router 1", 9));
	a = msg_get(msg, LOOM_ATTR_RADIO, 7);
	CHECK(a && !memcmp(nla_data(a), "hwsim3", 7));
	nlmsg_free(msg);

	/* NODE_STOP, NODE_GET: the name alone. */
	msg = new_msg(LOOM_CMD_NODE_STOP);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_node(msg, "E", NULL), 0);
	CHECK_INT(msg_count(msg), 1);
	msg_get(msg, LOOM_ATTR_NAME, 2);
	nlmsg_free(msg);
}

TEST(run_msg_put_send_exact)
{
	static const char data[] = { 'a', 0, 'b', '\xff' };
	struct nl_msg *msg = new_msg(LOOM_CMD_SEND);
	static char big[RUN_DATA_MAX + 1];
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(run_msg_put_send(msg, "Router 1", 0xf000, LOOM_PORT_ANY,
				   data, sizeof(data)), 0);
	CHECK_INT(msg_count(msg), 3);
	a = msg_get(msg, LOOM_ATTR_NAME, 9);
	CHECK(a && !strcmp(nla_data(a), "Router 1"));
	a = msg_get(msg, LOOM_ATTR_DST, 2);
	CHECK(a && nla_get_u16(a) == 0xf000);
	/* Binary, exactly: no NUL added, the NUL inside kept. */
	a = msg_get(msg, LOOM_ATTR_DATA, 4);
	CHECK(a && !memcmp(nla_data(a), data, 4));
	nlmsg_free(msg);

	/* An empty datagram is the kernel's to judge. */
	msg = new_msg(LOOM_CMD_SEND);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_send(msg, "R", 1, 0, NULL, 0), 0);
	msg_get(msg, LOOM_ATTR_DATA, 0);
	nlmsg_free(msg);

	/* The largest an attribute holds, and one byte more. */
	msg = nlmsg_alloc_size(RUN_DATA_MAX + 256);
	REQUIRE(msg);
	REQUIRE(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0,
			    LOOM_CMD_SEND, LOOM_GENL_VERSION));
	CHECK_INT(run_msg_put_send(msg, "R", 1, 0, big, RUN_DATA_MAX), 0);
	msg_get(msg, LOOM_ATTR_DATA, RUN_DATA_MAX);
	nlmsg_free(msg);
	msg = new_msg(LOOM_CMD_SEND);
	REQUIRE(msg);
	CHECK(run_msg_put_send(msg, "R", 1, 0, big, RUN_DATA_MAX + 1) < 0);
	nlmsg_free(msg);
}

TEST(run_msg_put_send_port)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_SEND);
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(run_msg_put_send(msg, "R", 0x1000, LOOM_PORT_ECHO, "hi", 2),
		  0);
	CHECK_INT(msg_count(msg), 4);
	a = msg_get(msg, LOOM_ATTR_PORT, 1);
	CHECK(a && nla_get_u8(a) == LOOM_PORT_ECHO);
	msg_get(msg, LOOM_ATTR_DATA, 2);
	nlmsg_free(msg);

	msg = new_msg(LOOM_CMD_SEND);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_send(msg, "R", 0x1000, LOOM_PORT_MAX, "", 0), 0);
	a = msg_get(msg, LOOM_ATTR_PORT, 1);
	CHECK(a && nla_get_u8(a) == 255);
	nlmsg_free(msg);
}

/* A NODE_GET reply as kernel/run_nl.c builds it; counters i * @scale. */
static struct nl_msg *node_reply(uint64_t scale, bool extra)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_GET);
	struct nlattr *nest;
	unsigned int i;

	if (!msg)
		return NULL;
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1 Router 2");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0x1200);
	nla_put_string(msg, LOOM_ATTR_RADIO, "hwsim4");
	nla_put_u8(msg, LOOM_ATTR_SYNCED, 1);
	nla_put_u32(msg, LOOM_ATTR_DATAGRAM_MAX, 1520);
	nest = nla_nest_start(msg, LOOM_ATTR_MAC_STATS);
	for (i = 1; i <= LOOM_MAC_STAT_MAX + (unsigned int)extra; i++)
		msg_put_u64_pad(msg, i, i * scale, 0);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, LOOM_ATTR_NET_STATS);
	for (i = 1; i <= LOOM_NET_STAT_MAX + (unsigned int)extra; i++)
		msg_put_u64_pad(msg, i, 1000 + i * scale, 0);
	nla_nest_end(msg, nest);
	nla_put_u32(msg, LOOM_ATTR_IFINDEX, 42);
	nla_put_string(msg, LOOM_ATTR_IFNAME, "loom3");
	nest = nla_nest_start(msg, LOOM_ATTR_DEV_STATS);
	for (i = 1; i <= LOOM_DEV_STAT_MAX + (unsigned int)extra; i++)
		msg_put_u64_pad(msg, i, 2000 + i * scale, 0);
	nla_nest_end(msg, nest);
	if (extra)
		nla_put_u32(msg, LOOM_ATTR_MAX + 1, 7);
	return msg;
}

TEST(run_msg_parse_node_reply)
{
	struct nl_msg *msg = node_reply(1ULL << 40, true);
	struct run_node nd;
	unsigned int i;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK_STR(nd.name, "Router 1 Router 2");
	CHECK_INT(nd.addr, 0x1200);
	CHECK_STR(nd.radio, "hwsim4");
	CHECK(nd.synced);
	CHECK_INT(nd.datagram_max, 1520);
	CHECK_INT(nd.mac[0], 0);
	CHECK_INT(nd.net[0], 0);
	for (i = 1; i <= LOOM_MAC_STAT_MAX; i++)
		CHECK(nd.mac[i] == (uint64_t)i << 40);
	for (i = 1; i <= LOOM_NET_STAT_MAX; i++)
		CHECK(nd.net[i] == 1000 + ((uint64_t)i << 40));
	/* The device and its counters; a newer kernel's extra one skipped. */
	CHECK_INT(nd.ifindex, 42);
	CHECK_STR(nd.ifname, "loom3");
	CHECK_INT(nd.dev[0], 0);
	for (i = 1; i <= LOOM_DEV_STAT_MAX; i++)
		CHECK(nd.dev[i] == 2000 + ((uint64_t)i << 40));
	/* libloom reads the same reply for the index alone. */
	CHECK_INT(loom_node_parse_ifindex(nlmsg_hdr(msg)), 42);
	nlmsg_free(msg);
}

TEST(run_msg_parse_node_minimal)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_GET);
	struct run_node nd;

	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "E");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 1);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK_STR(nd.name, "E");
	CHECK_STR(nd.radio, "");
	CHECK(!nd.synced);
	CHECK_INT(nd.mac[LOOM_MAC_STAT_FAILS], 0);
	/* An older kernel's reply: no device. */
	CHECK_INT(nd.ifindex, 0);
	CHECK_STR(nd.ifname, "");
	CHECK_INT(nd.dev[LOOM_DEV_STAT_ECHO], 0);
	CHECK_INT(loom_node_parse_ifindex(nlmsg_hdr(msg)), -ENODEV);
	nlmsg_free(msg);

	/* An index of one byte is malformed; an index of 0 is none. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "E");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 1);
	nla_put(msg, LOOM_ATTR_IFINDEX, 1, "x");
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	CHECK_INT(loom_node_parse_ifindex(nlmsg_hdr(msg)), -EINVAL);
	nlmsg_free(msg);
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_u32(msg, LOOM_ATTR_IFINDEX, 0);
	CHECK_INT(loom_node_parse_ifindex(nlmsg_hdr(msg)), -ENODEV);
	nlmsg_free(msg);

	/* No address. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "E");
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);

	/* A name without its NUL. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put(msg, LOOM_ATTR_NAME, 1, "E");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 1);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);

	/* A u16 of one byte. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "E");
	nla_put(msg, LOOM_ATTR_ADDR, 1, "x");
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);
}

TEST(run_msg_parse_datagram_note)
{
	static const uint8_t data[] = { 'h', 0, 'i', 0xff };
	struct nl_msg *msg = new_msg(LOOM_CMD_RECV);
	struct run_datagram d;

	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "BillyTheCoord");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0xf000);
	nla_put_u16(msg, LOOM_ATTR_SRC, 0x1101);
	nla_put(msg, LOOM_ATTR_DATA, sizeof(data), data);
	nla_put_s32(msg, LOOM_ATTR_RSSI, -80500);
	nla_put_s32(msg, LOOM_ATTR_SNR, -7250);
	nla_put_u8(msg, LOOM_ATTR_PORT, 200);
	nla_put_u8(msg, LOOM_ATTR_SRC_PORT, 131);
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), 0);
	CHECK_STR(d.node, "BillyTheCoord");
	CHECK_INT(d.addr, 0xf000);
	CHECK_INT(d.port, 200);
	CHECK_INT(d.src, 0x1101);
	CHECK_INT(d.src_port, 131);
	CHECK_INT(d.len, 4);
	CHECK(d.data && !memcmp(d.data, data, 4));
	CHECK_INT(d.rssi_mdbm, -80500);
	CHECK_INT(d.snr_mdb, -7250);
	nlmsg_free(msg);

	/* An empty datagram is one; a missing one is not. */
	msg = new_msg(LOOM_CMD_RECV);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "C");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0xf000);
	nla_put_u16(msg, LOOM_ATTR_SRC, 1);
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), -EINVAL);
	nla_put(msg, LOOM_ATTR_DATA, 0, NULL);
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), 0);
	CHECK_INT(d.len, 0);
	/* No signal: the radio could not tell it (an interface's). */
	CHECK_INT(d.rssi_mdbm, LOOM_SIGNAL_UNKNOWN);
	CHECK_INT(d.snr_mdb, LOOM_SIGNAL_UNKNOWN);
	/* No ports from an older kernel: 0 both. */
	CHECK_INT(d.port, 0);
	CHECK_INT(d.src_port, 0);
	/* A port without its byte is malformed. */
	nla_put(msg, LOOM_ATTR_PORT, 0, NULL);
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), -EINVAL);
	nlmsg_free(msg);
}

TEST(run_msg_parse_event_note)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_EVENT);
	struct run_event ev;

	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0x1000);
	nla_put_u8(msg, LOOM_ATTR_EVENT, LOOM_EVENT_SYNCED);
	CHECK_INT(run_msg_parse_event(nlmsg_hdr(msg), &ev), 0);
	CHECK_STR(ev.node, "Router 1");
	CHECK_INT(ev.addr, 0x1000);
	CHECK_INT(ev.event, LOOM_EVENT_SYNCED);
	CHECK(!ev.has_link);
	nlmsg_free(msg);

	msg = new_msg(LOOM_CMD_EVENT);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "BillyTheCoord");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0xf000);
	nla_put_u8(msg, LOOM_ATTR_EVENT, LOOM_EVENT_REPORT);
	nla_put_u16(msg, LOOM_ATTR_REPORTER, 0x1100);
	nla_put_u16(msg, LOOM_ATTR_SUBJECT, 0x1101);
	nla_put_u8(msg, LOOM_ATTR_FAILURES, 5);
	CHECK_INT(run_msg_parse_event(nlmsg_hdr(msg), &ev), 0);
	CHECK_INT(ev.event, LOOM_EVENT_REPORT);
	CHECK(ev.has_link);
	CHECK_INT(ev.reporter, 0x1100);
	CHECK_INT(ev.subject, 0x1101);
	CHECK_INT(ev.failures, 5);
	CHECK(!ev.has_config);
	nlmsg_free(msg);

	/* A configuration event names the id the parent distributes. */
	msg = new_msg(LOOM_CMD_EVENT);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0x1000);
	nla_put_u8(msg, LOOM_ATTR_EVENT, LOOM_EVENT_CONFIG_MISMATCH);
	nla_put_u32(msg, LOOM_ATTR_CONFIG_ID, 0xdeadbeef);
	CHECK_INT(run_msg_parse_event(nlmsg_hdr(msg), &ev), 0);
	CHECK_INT(ev.event, LOOM_EVENT_CONFIG_MISMATCH);
	CHECK(!ev.has_link);
	CHECK(ev.has_config);
	CHECK_INT(ev.config_id, 0xdeadbeef);
	nlmsg_free(msg);

	/* No event code. */
	msg = new_msg(LOOM_CMD_EVENT);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "R");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0x1000);
	CHECK_INT(run_msg_parse_event(nlmsg_hdr(msg), &ev), -EINVAL);
	nlmsg_free(msg);
}

/* The attributes of the nest @a, each by type: the last one of a type. */
static int nest_attrs(struct nlattr *a, struct nlattr **tb, int max)
{
	struct nlattr *x;
	int rem, n = 0;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	nla_for_each_nested(x, a, rem) {
		if (nla_type(x) <= max)
			tb[nla_type(x)] = x;
		n++;
	}
	return n;
}

TEST(run_msg_put_state_exact)
{
	struct run_state st = {
		.addr = 0x1202, .period_ns = 60000000000ULL,
		.next_refresh_ns = 1767225660000000000ULL, .frame_id = 200,
	};
	struct nlattr *tb[LOOM_STATE_ATTR_MAX + 1], *a;
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_START);

	REQUIRE(msg);
	CHECK_INT(run_msg_put_node(msg, "E2", "hwsim6"), 0);
	CHECK_INT(run_msg_put_state(msg, &st), 0);
	CHECK_INT(msg_count(msg), 3);
	a = msg_get(msg, LOOM_ATTR_STATE, -1);
	REQUIRE(a);
	/* Strictly parsed: flagged nested; no padding, which it refuses. */
	CHECK(a->nla_type & NLA_F_NESTED);
	CHECK_INT(nest_attrs(a, tb, LOOM_STATE_ATTR_MAX), 4);
	CHECK(!tb[LOOM_STATE_ATTR_PAD] && !tb[LOOM_STATE_ATTR_VIRTUAL]);
	REQUIRE(tb[LOOM_STATE_ATTR_ADDR] && tb[LOOM_STATE_ATTR_PERIOD_NS] &&
		tb[LOOM_STATE_ATTR_NEXT_REFRESH_NS] &&
		tb[LOOM_STATE_ATTR_FRAME_ID]);
	CHECK_INT(nla_len(tb[LOOM_STATE_ATTR_ADDR]), 2);
	CHECK_INT(nla_get_u16(tb[LOOM_STATE_ATTR_ADDR]), 0x1202);
	CHECK_INT(nla_len(tb[LOOM_STATE_ATTR_PERIOD_NS]), 8);
	CHECK(nla_get_u64(tb[LOOM_STATE_ATTR_PERIOD_NS]) == 60000000000ULL);
	CHECK_INT(nla_len(tb[LOOM_STATE_ATTR_NEXT_REFRESH_NS]), 8);
	CHECK(nla_get_u64(tb[LOOM_STATE_ATTR_NEXT_REFRESH_NS]) ==
	      1767225660000000000ULL);
	CHECK_INT(nla_len(tb[LOOM_STATE_ATTR_FRAME_ID]), 1);
	CHECK_INT(nla_get_u8(tb[LOOM_STATE_ATTR_FRAME_ID]), 200);
	nlmsg_free(msg);

	/* A virtual clock: the flag, empty. */
	msg = new_msg(LOOM_CMD_NODE_START);
	REQUIRE(msg);
	st.virt = true;
	CHECK_INT(run_msg_put_state(msg, &st), 0);
	a = msg_get(msg, LOOM_ATTR_STATE, -1);
	REQUIRE(a);
	CHECK_INT(nest_attrs(a, tb, LOOM_STATE_ATTR_MAX), 5);
	REQUIRE(tb[LOOM_STATE_ATTR_VIRTUAL]);
	CHECK_INT(nla_len(tb[LOOM_STATE_ATTR_VIRTUAL]), 0);
	nlmsg_free(msg);
}

/*
 * A NODE_GET reply with what kernel/run_nl.c adds after the counters:
 * the slot-edge histogram (bucket b holds b + 1, so 137 * 138 / 2 in
 * all), its maximum after a padding attribute, and the saved state, its
 * u64s padded too.  @hist_len: the histogram's bytes; @state: 0 none,
 * 1 a real clock's, 2 a virtual one's, 3 one without its frame id.
 */
static struct nl_msg *timing_reply(int hist_len, int state)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_GET);
	u32 hist[LOOM_EDGE_BUCKETS + 1];
	struct nlattr *nest;
	unsigned int b;

	if (!msg)
		return NULL;
	for (b = 0; b <= LOOM_EDGE_BUCKETS; b++)
		hist[b] = b + 1;
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	nla_put_u16(msg, LOOM_ATTR_ADDR, 0x1000);
	if (hist_len >= 0) {
		nla_put(msg, LOOM_ATTR_EDGE_HIST, hist_len, hist);
		msg_put_u64_pad(msg, LOOM_ATTR_EDGE_MAX_NS, 987654321,
				LOOM_ATTR_PAD);
	}
	if (!state)
		return msg;
	nest = nla_nest_start(msg, LOOM_ATTR_STATE | NLA_F_NESTED);
	nla_put_u16(msg, LOOM_STATE_ATTR_ADDR, 0x1000);
	msg_put_u64_pad(msg, LOOM_STATE_ATTR_PERIOD_NS, 60000000000ULL,
			LOOM_STATE_ATTR_PAD);
	msg_put_u64_pad(msg, LOOM_STATE_ATTR_NEXT_REFRESH_NS, UINT64_MAX,
			LOOM_STATE_ATTR_PAD);
	if (state == 2)
		nla_put_flag(msg, LOOM_STATE_ATTR_VIRTUAL);
	if (state != 3)
		nla_put_u8(msg, LOOM_STATE_ATTR_FRAME_ID, 77);
	nla_nest_end(msg, nest);
	return msg;
}

TEST(run_msg_parse_node_timing)
{
	struct nl_msg *msg = timing_reply(LOOM_EDGE_BUCKETS * 4, 1);
	struct run_node nd;
	unsigned int b;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK(nd.has_edge);
	for (b = 0; b < LOOM_EDGE_BUCKETS; b++)
		CHECK_INT(nd.edge_hist[b], b + 1);
	CHECK(run_edge_count(nd.edge_hist) == 137 * 138 / 2);
	CHECK(nd.edge_max_ns == 987654321);
	CHECK(nd.has_state);
	CHECK_INT(nd.state.addr, 0x1000);
	CHECK(nd.state.period_ns == 60000000000ULL);
	CHECK(nd.state.next_refresh_ns == UINT64_MAX);
	CHECK(!nd.state.virt);
	CHECK_INT(nd.state.frame_id, 77);
	nlmsg_free(msg);

	msg = timing_reply(LOOM_EDGE_BUCKETS * 4, 2);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK(nd.has_state && nd.state.virt);
	nlmsg_free(msg);

	/* Neither: no timing yet, and a module without the histogram. */
	msg = timing_reply(-1, 0);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK(!nd.has_edge && !nd.has_state);
	CHECK_INT(run_edge_count(nd.edge_hist), 0);
	nlmsg_free(msg);

	/* A histogram of another size, a state without its frame id. */
	msg = timing_reply(LOOM_EDGE_BUCKETS * 4 + 4, 0);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);
	msg = timing_reply(LOOM_EDGE_BUCKETS * 4 - 4, 0);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);
	msg = timing_reply(-1, 3);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);
}

/*
 * One LINK_GET message as kernel/run_nl.c makes it: a neighbour heard
 * (@heard) or not, with its signal (@signal) or without (an interface's
 * radio cannot tell it), the parent or a child, and an attribute of a
 * newer kernel in the nest.
 */
static struct nl_msg *link_msg(u16 addr, bool parent, bool heard,
			       bool signal)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_LINK_GET);
	struct nlattr *nest;

	if (!msg)
		return NULL;
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	nest = nla_nest_start(msg, LOOM_ATTR_LINK | NLA_F_NESTED);
	nla_put_u16(msg, LOOM_LINK_ATTR_ADDR, addr);
	if (parent)
		nla_put_flag(msg, LOOM_LINK_ATTR_PARENT);
	nla_put_u32(msg, LOOM_LINK_ATTR_RX_FRAMES, 40);
	nla_put_u32(msg, LOOM_LINK_ATTR_HS_OK, 9);
	nla_put_u32(msg, LOOM_LINK_ATTR_HS_FAIL, UINT32_MAX);
	nla_put_u8(msg, LOOM_LINK_ATTR_FAILS, 3);
	if (heard && signal) {
		nla_put_s32(msg, LOOM_LINK_ATTR_RSSI, -91250);
		nla_put_s32(msg, LOOM_LINK_ATTR_SNR, -2049);
	}
	if (heard) {
		msg_put_u64_pad(msg, LOOM_LINK_ATTR_AGE_MS, 1ULL << 40,
				LOOM_LINK_ATTR_PAD);
	}
	nla_put_u32(msg, LOOM_LINK_ATTR_MAX + 1, 1);
	nla_nest_end(msg, nest);
	return msg;
}

TEST(run_msg_parse_link_dump)
{
	struct nl_msg *msg = link_msg(0xf000, true, true, true);
	struct run_link l;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_link(nlmsg_hdr(msg), &l), 0);
	CHECK_STR(l.node, "Router 1");
	CHECK_INT(l.addr, 0xf000);
	CHECK(l.parent);
	CHECK(l.heard);
	CHECK_INT(l.rssi_mdbm, -91250);
	CHECK_INT(l.snr_mdb, -2049);
	CHECK(l.age_ms == 1ULL << 40);
	CHECK_INT(l.rx_frames, 40);
	CHECK_INT(l.hs_ok, 9);
	CHECK(l.hs_fail == UINT32_MAX);
	CHECK_INT(l.fails, 3);
	nlmsg_free(msg);

	/* A child never heard: no signal, no age. */
	msg = link_msg(0x1101, false, false, false);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_link(nlmsg_hdr(msg), &l), 0);
	CHECK_INT(l.addr, 0x1101);
	CHECK(!l.parent && !l.heard);
	CHECK_INT(l.rssi_mdbm, LOOM_SIGNAL_UNKNOWN);
	CHECK_INT(l.snr_mdb, LOOM_SIGNAL_UNKNOWN);
	CHECK(l.age_ms == 0);
	nlmsg_free(msg);

	/* Heard over an interface's radio: an age, but no level. */
	msg = link_msg(0x1101, false, true, false);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_link(nlmsg_hdr(msg), &l), 0);
	CHECK(l.heard);
	CHECK(l.age_ms == 1ULL << 40);
	CHECK_INT(l.rssi_mdbm, LOOM_SIGNAL_UNKNOWN);
	CHECK_INT(l.snr_mdb, LOOM_SIGNAL_UNKNOWN);
	nlmsg_free(msg);

	/* No nest, or a nest without the address. */
	msg = new_msg(LOOM_CMD_LINK_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	CHECK_INT(run_msg_parse_link(nlmsg_hdr(msg), &l), -EINVAL);
	nla_put(msg, LOOM_ATTR_LINK | NLA_F_NESTED, 0, NULL);
	CHECK_INT(run_msg_parse_link(nlmsg_hdr(msg), &l), -EINVAL);
	nlmsg_free(msg);
}
