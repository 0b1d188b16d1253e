// SPDX-License-Identifier: GPL-2.0
/*
 * LML's messages (userspace/loomctl/lml_msg.c): each kind built and read
 * back, the design's own examples (quoted as JSON), and every way a
 * datagram is refused, with the reason naming what is wrong.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "lml_msg.h"
#include "test.h"

static int parse(const char *s, struct lml_msg *m, char *err)
{
	return lml_msg_parse(s, strlen(s), m, err, 160);
}

TEST(lml_msg_round_trips)
{
	struct lml_msg m = { 0 }, back;
	char buf[LML_MSG_MAX], err[160];
	int n;

	m.kind = LML_PAIR_RESPONSE;
	m.noise = -73;
	m.port = 27888;
	m.interval_ms = 100;
	n = lml_msg_format(&m, buf, sizeof(buf));
	REQUIRE(n > 0);
	CHECK_STR(buf, "{\"type\":\"pairing\",\"noise\":-73,\"port_to_communicate\":27888,\"interval\":100}");
	REQUIRE(lml_msg_parse(buf, n, &back, err, sizeof(err)) == 0);
	CHECK_INT(back.kind, LML_PAIR_RESPONSE);
	CHECK_INT(back.noise, -73);
	CHECK_INT(back.port, 27888);
	CHECK_INT(back.interval_ms, 100);

	memset(&m, 0, sizeof(m));
	m.kind = LML_CALIBRATION;
	m.packets = 100;
	REQUIRE(inet_pton(AF_INET6, "fe80::603e:5fff:fe62:1556", &m.leaf) == 1);
	n = lml_msg_format(&m, buf, sizeof(buf));
	REQUIRE(n > 0);
	CHECK_STR(buf, "{\"type\":\"calibration\",\"num_of_calibration_packets\":100,\"leaf\":\"fe80::603e:5fff:fe62:1556\"}");
	REQUIRE(lml_msg_parse(buf, n, &back, err, sizeof(err)) == 0);
	CHECK_INT(back.kind, LML_CALIBRATION);
	CHECK_INT(back.packets, 100);
	CHECK(!memcmp(&back.leaf, &m.leaf, sizeof(m.leaf)));

	memset(&m, 0, sizeof(m));
	m.kind = LML_PAIR_CONFIRM;
	m.noise = -64;
	n = lml_msg_format(&m, buf, sizeof(buf));
	REQUIRE(lml_msg_parse(buf, n, &back, err, sizeof(err)) == 0);
	CHECK_INT(back.kind, LML_PAIR_CONFIRM);
	CHECK_INT(back.noise, -64);

	memset(&m, 0, sizeof(m));
	m.kind = LML_PAIR_REQUEST;
	strcpy(m.id, "leaf-2");
	m.noise = -90;
	n = lml_msg_format(&m, buf, sizeof(buf));
	REQUIRE(lml_msg_parse(buf, n, &back, err, sizeof(err)) == 0);
	CHECK_INT(back.kind, LML_PAIR_REQUEST);
	CHECK_STR(back.id, "leaf-2");

	memset(&m, 0, sizeof(m));
	m.kind = LML_ROOT;
	strcpy(m.id, "pi-root");
	m.since_ms = 12345;
	n = lml_msg_format(&m, buf, sizeof(buf));
	REQUIRE(lml_msg_parse(buf, n, &back, err, sizeof(err)) == 0);
	CHECK_INT(back.kind, LML_ROOT);
	CHECK_INT(back.since_ms, 12345);
	CHECK_STR(back.id, "pi-root");
	CHECK_INT(lml_msg_format(&m, buf, 10), -ENOSPC);
}

/* The design's confirmation, written as JSON with spaces and newlines. */
TEST(lml_msg_design_example)
{
	struct lml_msg m;
	char err[160];

	REQUIRE(parse("{\n \"type\": \"pairing\",\n \"noise\": -64,\n"
		      " \"confirmation\": true\n}\n", &m, err) == 0);
	CHECK_INT(m.kind, LML_PAIR_CONFIRM);
	CHECK_INT(m.noise, -64);
}

/**
 * struct bad_msg - a datagram and the words its refusal must hold
 * @text: the datagram
 * @why: a part of the reason
 */
struct bad_msg {
	const char *text;
	const char *why;
};

static const struct bad_msg bad_msgs[] = {
	/* The original's: keys and values unquoted. */
	{ "{ type: pairing, noise: -73, port_to_communicate: 27888, interval: 100 }",
	  "not JSON" },
	{ "[1, 2]", "not a JSON object" },
	{ "{\"noise\": -73}", "\"type\" must be a string" },
	{ "{\"type\": \"hello\"}", "\"type\" \"hello\"" },
	{ "{\"type\": \"pairing\", \"noise\": -73}", "\"id\" is missing" },
	{ "{\"type\": \"pairing\", \"id\": \"a b\", \"noise\": -73}",
	  "\"id\" may hold" },
	{ "{\"type\": \"pairing\", \"id\": \"x\", \"noise\": 5}",
	  "\"noise\" 5 is outside -127..0" },
	{ "{\"type\": \"pairing\", \"id\": \"x\", \"noise\": -7.5}",
	  "\"noise\" must be an integer" },
	{ "{\"type\": \"pairing\", \"id\": \"x\", \"noise\": -73, \"extra\": 1}",
	  "unexpected field \"extra\"" },
	{ "{\"type\": \"pairing\", \"id\": \"x\", \"id\": \"y\", \"noise\": -73}",
	  "\"id\" given twice" },
	{ "{\"type\": \"pairing\", \"noise\": -73, \"port_to_communicate\": 80, \"interval\": 100}",
	  "\"port_to_communicate\" 80 is outside 1024..65535" },
	{ "{\"type\": \"pairing\", \"noise\": -73, \"port_to_communicate\": 27888, \"interval\": 5}",
	  "\"interval\" 5 is outside 10..60000" },
	{ "{\"type\": \"pairing\", \"noise\": -73, \"port_to_communicate\": 27888}",
	  "\"interval\" is missing" },
	{ "{\"type\": \"pairing\", \"noise\": -64, \"confirmation\": false}",
	  "\"confirmation\" must be true" },
	{ "{\"type\": \"calibration\", \"num_of_calibration_packets\": 0, \"leaf\": \"fe80::1\"}",
	  "outside 1..10000" },
	{ "{\"type\": \"calibration\", \"num_of_calibration_packets\": 100, \"leaf\": \"fe80:1\"}",
	  "\"leaf\" must be an IPv6 address" },
	{ "{\"type\": \"calibration\", \"num_of_calibration_packets\": 100, \"leaf\": \"2001:db8::1\"}",
	  "link-local" },
	{ "{\"type\": \"root\", \"id\": \"r\"}", "\"since_ms\" is missing" },
	{ "{\"type\": \"root\", \"id\": \"r\", \"since_ms\": -1}", "outside" },
	{ "{\"type\": \"root\", \"id\": \"r\", \"since_ms\": 1} trailing",
	  "not JSON" },
	{ "", "not JSON" },
};

TEST(lml_msg_refused)
{
	char err[160], big[LML_MSG_MAX + 2];
	struct lml_msg m;
	size_t i;

	for (i = 0; i < sizeof(bad_msgs) / sizeof(bad_msgs[0]); i++) {
		err[0] = 0;
		CHECK_INT(parse(bad_msgs[i].text, &m, err), -EINVAL);
		if (!strstr(err, bad_msgs[i].why))
			test_fail(__FILE__, __LINE__, "'%s': reason '%s', wanted '%s'",
				  bad_msgs[i].text, err, bad_msgs[i].why);
	}
	memset(big, ' ', sizeof(big));
	CHECK_INT(lml_msg_parse(big, sizeof(big), &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "longer than 512 bytes"));
	CHECK_INT(lml_msg_parse("{\"type\"\0:1}", 11, &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "NUL"));
}
