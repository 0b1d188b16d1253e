// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl ping" without sockets: options and operands, the defaults the
 * loaded topology's timing gives, the echo payload, the signal control
 * message of a reply, and every line it prints, exactly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "loom_int.h"
#include "ping_parse.h"
#include "test.h"

static char err[256];
static char *buf;
static size_t len;

static struct topo_doc doc;

/* fixture_seed computed: a data interval of 60 s. */
static const struct loom_topology *seed(void)
{
	return fixture_topology(&doc, fixture_seed);
}

TEST(ping_options)
{
	struct ping_args a;

	ping_args_init(&a);
	CHECK_INT(a.count, 1);
	CHECK_INT(a.size, 16);
	CHECK_INT(a.interval_ms, 0);
	CHECK_INT(a.timeout_ms, 0);
	CHECK(!a.from && !a.dest);

	CHECK_INT(ping_parse_option(&a, 'c', "10000", err, sizeof(err)), 0);
	CHECK_INT(a.count, 10000);
	CHECK_INT(ping_parse_option(&a, 's', "12", err, sizeof(err)), 0);
	CHECK_INT(a.size, 12);
	CHECK_INT(ping_parse_option(&a, 's', "65531", err, sizeof(err)), 0);
	CHECK_INT(a.size, 65531);
	CHECK_INT(ping_parse_option(&a, 'i', "0.5", err, sizeof(err)), 0);
	CHECK_INT(a.interval_ms, 500);
	CHECK_INT(ping_parse_option(&a, 'i', "0.001", err, sizeof(err)), 0);
	CHECK_INT(a.interval_ms, 1);
	CHECK_INT(ping_parse_option(&a, 'W', "120", err, sizeof(err)), 0);
	CHECK_INT(a.timeout_ms, 120000);
	CHECK_INT(ping_parse_option(&a, 'W', "604800", err, sizeof(err)), 0);
	CHECK_INT(a.timeout_ms, 604800000ULL);

	/* Refusals name the option and the value, and change nothing. */
	CHECK_INT(ping_parse_option(&a, 'c', "0", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "-c \"0\": must be 1..10000");
	CHECK_INT(ping_parse_option(&a, 'c', "2.5", err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(err, "-c \"2.5\": must be a whole number");
	CHECK_INT(ping_parse_option(&a, 's', "65532", err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(err, "-s \"65532\": must be 12..65531");
	CHECK_INT(ping_parse_option(&a, 'W', "604800.001", err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(err, "-W \"604800.001\": must be 0.001..604800 s");
	CHECK_INT(ping_parse_option(&a, 'i', "1s", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "-i \"1s\": not a number");
	CHECK_INT(ping_parse_option(&a, 'q', "1", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "unknown option '-q'");
	CHECK_INT(a.count, 10000);
	CHECK_INT(a.size, 65531);
	CHECK_INT(a.interval_ms, 1);
	CHECK_INT(a.timeout_ms, 604800000ULL);
}

/* ping_parse_operands() on the words of @line split at '|'. */
static int operands_of(const char *line, struct ping_args *a)
{
	char *ops[8];
	int n = test_words(line, ops, 8);

	ping_args_init(a);
	return ping_parse_operands(a, n, ops, err, sizeof(err));
}

TEST(ping_operands)
{
	struct ping_args a;

	CHECK_INT(operands_of("Router 1", &a), 0);
	CHECK(!a.from);
	CHECK_STR(a.dest, "Router 1");
	CHECK_INT(operands_of("from|BillyTheCoord|0x1000", &a), 0);
	CHECK_STR(a.from, "BillyTheCoord");
	CHECK_STR(a.dest, "0x1000");
	/* A node named "from". */
	CHECK_INT(operands_of("from", &a), 0);
	CHECK_STR(a.dest, "from");
	CHECK_INT(operands_of("from|from|from", &a), 0);
	CHECK_STR(a.from, "from");
	CHECK_STR(a.dest, "from");

	CHECK_INT(operands_of("", &a), -EINVAL);
	CHECK_STR(err, "missing DEST");
	CHECK_INT(operands_of("from|R", &a), -EINVAL);
	CHECK_STR(err, "missing DEST");
	CHECK_INT(operands_of("C|D", &a), -EINVAL);
	CHECK_STR(err, "unexpected argument 'D'");
	CHECK_INT(operands_of("from|R|C|D", &a), -EINVAL);
	CHECK_STR(err, "unexpected argument 'D'");
	CHECK_INT(operands_of("to|R|C", &a), -EINVAL);
	CHECK_STR(err, "unexpected argument 'R'");
}

TEST(ping_defaults_from_the_topology)
{
	const struct loom_topology *t = seed();
	u32 c, e3;

	REQUIRE(t);
	c = loom_topo_find_name(t, "BillyTheCoord");
	e3 = loom_topo_find_name(t, "End Device 3");
	/* No topology: 1 s apart, 60 s each. */
	CHECK_INT(ping_default_interval_ms(NULL), 1000);
	CHECK_INT(ping_default_timeout_ms(NULL, 0, 0x1000), 60000);
	/* The seed's data interval: 60 s. */
	CHECK_INT(ping_default_interval_ms(t), 60000);
	/* 3 hops there and back, a data interval each. */
	CHECK_INT(ping_default_timeout_ms(t, c, 0x1101), 6 * 60000);
	CHECK_INT(ping_default_timeout_ms(t, e3, 0xf000), 6 * 60000);
	/* One hop: two intervals. */
	CHECK_INT(ping_default_timeout_ms(t, c, 0x1000), 2 * 60000);
	/* An address no node has, or a sender not in it: the longest path. */
	CHECK_INT(ping_default_timeout_ms(t, c, 0x3003), 12 * 60000);
	CHECK_INT(ping_default_timeout_ms(t, LOOM_NO_PARENT, 0x1000),
		  12 * 60000);
	/* A fast network still gets a minute. */
	doc.t->cfg.data_interval_ms = 2000;
	CHECK_INT(ping_default_timeout_ms(t, c, 0x1101), 60000);
	CHECK_INT(ping_default_interval_ms(t), 2000);
	topo_doc_free(&doc);
}

TEST(ping_payload_round_trip)
{
	uint8_t p[40];
	uint64_t sent = 0;
	uint32_t seq = 0;

	ping_payload_fill(p, sizeof(p), 0x01020304, 0x1122334455667788ULL);
	/* Big-endian sequence number and time, then the offsets. */
	CHECK_INT(p[0], 0x01);
	CHECK_INT(p[3], 0x04);
	CHECK_INT(p[4], 0x11);
	CHECK_INT(p[11], 0x88);
	CHECK_INT(p[12], 12);
	CHECK_INT(p[39], 39);
	CHECK_INT(ping_payload_read(p, sizeof(p), sizeof(p), &seq, &sent), 0);
	CHECK_INT(seq, 0x01020304);
	CHECK(sent == 0x1122334455667788ULL);

	/* Another length, or another byte: the header still reads. */
	seq = 0;
	CHECK_INT(ping_payload_read(p, 30, sizeof(p), &seq, &sent), -EBADMSG);
	CHECK_INT(seq, 0x01020304);
	p[20] ^= 1;
	CHECK_INT(ping_payload_read(p, sizeof(p), sizeof(p), &seq, &sent),
		  -EBADMSG);
	CHECK_INT(ping_payload_read(p, PING_HDR_LEN - 1, sizeof(p), &seq,
				    &sent), -EINVAL);
	/* The smallest request is its header. */
	ping_payload_fill(p, PING_HDR_LEN, 7, 9);
	CHECK_INT(ping_payload_read(p, PING_HDR_LEN, PING_HDR_LEN, &seq,
				    &sent), 0);
	CHECK_INT(seq, 7);
	CHECK_INT(sent, 9);
}

/* A message with two control messages: @first, then the signal. */
static void control(struct msghdr *msg, char *cbuf, size_t size, int first,
		    bool signal)
{
	struct loom_rx_signal sig = { -98765, 4321 };
	struct cmsghdr *c;
	int v = 1;

	memset(msg, 0, sizeof(*msg));
	memset(cbuf, 0, size);
	msg->msg_control = cbuf;
	msg->msg_controllen = size;
	c = CMSG_FIRSTHDR(msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = first;
	c->cmsg_len = CMSG_LEN(sizeof(v));
	memcpy(CMSG_DATA(c), &v, sizeof(v));
	msg->msg_controllen = CMSG_SPACE(sizeof(v));
	if (!signal)
		return;
	msg->msg_controllen += CMSG_SPACE(sizeof(sig));
	c = CMSG_NXTHDR(msg, c);
	c->cmsg_level = SOL_LOOM;
	c->cmsg_type = LOOM_SCM_SIGNAL;
	c->cmsg_len = CMSG_LEN(sizeof(sig));
	memcpy(CMSG_DATA(c), &sig, sizeof(sig));
}

TEST(ping_signal_control_message)
{
	char cbuf[256];
	struct loom_rx_signal sig = { 0, 0 };
	struct msghdr msg;
	struct cmsghdr *c;

	control(&msg, cbuf, sizeof(cbuf), SCM_RIGHTS, true);
	CHECK_INT(ping_rx_signal(&msg, &sig), 0);
	CHECK_INT(sig.rssi_mdbm, -98765);
	CHECK_INT(sig.snr_mdb, 4321);

	/* None: no option, or another level's type 1. */
	control(&msg, cbuf, sizeof(cbuf), LOOM_SCM_SIGNAL, false);
	CHECK_INT(ping_rx_signal(&msg, &sig), -ENOENT);
	memset(&msg, 0, sizeof(msg));
	CHECK_INT(ping_rx_signal(&msg, &sig), -ENOENT);

	/* One too short for the struct is skipped. */
	control(&msg, cbuf, sizeof(cbuf), SCM_RIGHTS, true);
	c = CMSG_NXTHDR(&msg, CMSG_FIRSTHDR(&msg));
	c->cmsg_len = CMSG_LEN(sizeof(int32_t));
	CHECK_INT(ping_rx_signal(&msg, &sig), -ENOENT);
}

TEST(ping_lines_exact)
{
	const struct loom_topology *t = seed();
	struct ping_args a;
	struct ping_reply r = {
		.len = 16, .src = 0x1000, .seq = 1, .rtt_us = 20512345,
		.has_signal = true, .sig = { -80000, 10250 },
	};
	char dest[96];
	FILE *f;

	REQUIRE(t);
	ping_args_init(&a);
	a.timeout_ms = 60000;
	a.interval_ms = 60000;
	f = test_mem(&buf, &len);
	REQUIRE(f);
	ping_show_header(f, ping_fmt_peer(dest, sizeof(dest), t, 0x1101),
			 "BillyTheCoord", "loom0", 130, &a);
	a.count = 3;
	a.timeout_ms = 90500;
	a.interval_ms = 12250;
	a.size = 12;
	ping_show_header(f, ping_fmt_peer(dest, sizeof(dest), t, 0x3003),
			 "Router\n2", "loom12", 255, &a);
	ping_show_reply(f, &r, t);
	r.seq = 2;
	r.rtt_us = 999;
	r.has_signal = false;
	r.note = PING_NOTE_DUP;
	ping_show_reply(f, &r, t);
	r.src = 0x3003;
	r.len = 12;
	r.note = PING_NOTE_LATE;
	r.rtt_us = 125000000;
	r.has_signal = true;
	r.sig.rssi_mdbm = -112549;
	r.sig.snr_mdb = -5;
	ping_show_reply(f, &r, t);
	r.note = PING_NOTE_DIFFERS;
	ping_show_reply(f, &r, NULL);
	/* Over an interface's radio: the control message says "unknown". */
	r.note = PING_NOTE_NONE;
	r.sig.rssi_mdbm = LOOM_SIGNAL_UNKNOWN;
	r.sig.snr_mdb = LOOM_SIGNAL_UNKNOWN;
	ping_show_reply(f, &r, NULL);
	ping_show_timeout(f, 3, 60000);
	ping_show_timeout(f, 4, 500);
	fclose(f);
	CHECK_STR(buf,
		  "PING End Device 3 (0x1101) from BillyTheCoord on loom0 port 130: 16 bytes, timeout 60 s\n"
		  "PING 0x3003 from Router?2 on loom12 port 255: 12 bytes, timeout 90.5 s, 3 requests 12.25 s apart\n"
		  "16 bytes from Router 1 (0x1000): seq=1 time=20512.3 ms rssi=-80.0 dBm snr=10.3 dB\n"
		  "16 bytes from Router 1 (0x1000): seq=2 time=1.0 ms rssi=unknown snr=unknown (DUP!)\n"
		  "12 bytes from 0x3003: seq=2 time=125000.0 ms rssi=-112.5 dBm snr=0.0 dB (late)\n"
		  "12 bytes from 0x3003: seq=2 time=125000.0 ms rssi=-112.5 dBm snr=0.0 dB (payload differs)\n"
		  "12 bytes from 0x3003: seq=2 time=125000.0 ms rssi=unknown snr=unknown\n"
		  "seq=3: no reply within 60 s\n"
		  "seq=4: no reply within 0.5 s\n");
	topo_doc_free(&doc);
}

TEST(ping_summary_exact)
{
	struct ping_stats st = { 0 };
	FILE *f = test_mem(&buf, &len);

	REQUIRE(f);
	/* Nothing came back. */
	st.transmitted = 1;
	ping_show_summary(f, "Router 1 (0x1000)", &st);
	/* Two of three, one refused by the node. */
	st.transmitted = 3;
	st.errors = 1;
	ping_stats_add(&st, 20000000);
	ping_stats_add(&st, 10000500);
	ping_show_summary(f, "0x1000", &st);
	/* Nothing the node took. */
	memset(&st, 0, sizeof(st));
	st.errors = 2;
	ping_show_summary(f, "0x1000", &st);
	fclose(f);
	CHECK_STR(buf,
		  "--- Router 1 (0x1000) ping statistics ---\n"
		  "1 transmitted, 0 received, 100% loss\n"
		  "--- 0x1000 ping statistics ---\n"
		  "3 transmitted, 2 received, +1 errors, 33% loss\n"
		  "rtt min/avg/max = 10000.5/15000.3/20000.0 ms\n"
		  "--- 0x1000 ping statistics ---\n"
		  "0 transmitted, 0 received, +2 errors\n");
}

TEST(ping_stats_min_avg_max)
{
	struct ping_stats st = { 0 };

	ping_stats_add(&st, 500);
	CHECK_INT(st.received, 1);
	CHECK_INT(st.rtt_min_us, 500);
	CHECK_INT(st.rtt_max_us, 500);
	ping_stats_add(&st, 100);
	ping_stats_add(&st, 900);
	CHECK_INT(st.received, 3);
	CHECK_INT(st.rtt_min_us, 100);
	CHECK_INT(st.rtt_max_us, 900);
	CHECK_INT(st.rtt_sum_us, 1500);
}
