// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl's Dhyara mesh side without a kernel: 48-bit addresses, the
 * hosts file, "mesh start"'s operands, the requests against
 * uapi/linux/loom.h (types, sizes, the nest flagged), the replies and
 * notifications the kernel sends read back from canned messages, and
 * every table, line and JSON document the mesh commands print.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "loom.h"
#include "mesh_parse.h"
#include "mesh_show.h"
#include "msgutil.h"
#include "run_msg.h"
#include "run_show.h"
#include "test.h"

#define FAMILY 0x44

static const u8 A1[6] = { 0x02, 0x4c, 0x4f, 0x4d, 0x00, 0x01 };
static const u8 A2[6] = { 0x02, 0x4c, 0x4f, 0x4d, 0x00, 0x02 };
static const u8 A3[6] = { 0x02, 0x4c, 0x4f, 0x4d, 0x00, 0x03 };

static char *buf;
static size_t len;

static FILE *mem(void)
{
	FILE *f = test_mem(&buf, &len);

	if (!f)
		abort();
	return f;
}

static struct nl_msg *new_msg(int cmd)
{
	return msg_new(FAMILY, cmd, LOOM_GENL_VERSION);
}

/* A hosts table naming A1 alpha and A2 beta. */
static void two_hosts(struct mesh_hosts *h)
{
	memset(h, 0, sizeof(*h));
	if (mesh_hosts_parse(h, "hosts",
			     "02:4c:4f:4d:00:01 alpha\n02:4c:4f:4d:00:02 beta\n",
			     NULL))
		abort();
}

/* --- addresses ------------------------------------------------------------ */

TEST(mesh_parse_hwaddr_strict)
{
	u8 a[6] = { 9, 9, 9, 9, 9, 9 };
	static const char *const bad[] = {
		"", "02:4c:4f:4d:00", "02:4c:4f:4d:00:01:", "02:4c:4f:4d:00:1",
		"2:4c:4f:4d:00:01", "02-4c-4f-4d-00-01", "02:4c:4f:4d:00:0g",
		" 02:4c:4f:4d:00:01", "02:4c:4f:4d:00:01 ", "024c4f4d0001",
		"02:4c:4f:4d:00:011", "0x:4c:4f:4d:00:01",
	};
	size_t i;

	CHECK_INT(loom_parse_hwaddr("02:4c:4f:4d:00:01", a), 0);
	CHECK(!memcmp(a, A1, 6));
	CHECK_INT(loom_parse_hwaddr("FF:fF:0a:Bc:dE:9f", a), 0);
	CHECK(a[0] == 0xff && a[1] == 0xff && a[2] == 0x0a && a[3] == 0xbc &&
	      a[4] == 0xde && a[5] == 0x9f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(a, A3, 6);
		if (loom_parse_hwaddr(bad[i], a) != -EINVAL)
			test_fail(__FILE__, __LINE__, "took \"%s\"", bad[i]);
		/* A refusal leaves the address as it was. */
		CHECK(!memcmp(a, A3, 6));
	}
	CHECK_INT(loom_parse_hwaddr(NULL, a), -EINVAL);
}

/* --- the hosts file ------------------------------------------------------- */

TEST(mesh_hosts_good_lines)
{
	struct mesh_hosts h = { 0 };
	FILE *f = mem();

	CHECK_INT(mesh_hosts_parse(&h, "/etc/loom/hosts",
				   "# the mesh on the roof\n"
				   "\n"
				   "02:4c:4f:4d:00:01 alpha\n"
				   "  02:4C:4F:4D:00:02\tbeta   # the mast\n"
				   "02:4c:4f:4d:00:03 gamma-3",
				   f), 0);
	fclose(f);
	CHECK_STR(buf, "");
	CHECK_INT(h.n, 3);
	CHECK_STR(mesh_hosts_name(&h, A1), "alpha");
	CHECK_STR(mesh_hosts_name(&h, A2), "beta");
	CHECK_STR(mesh_hosts_name(&h, A3), "gamma-3");
	CHECK(!mesh_hosts_name(NULL, A1));
	mesh_hosts_free(&h);
	CHECK_INT(h.n, 0);
	CHECK(!mesh_hosts_name(&h, A1));
}

TEST(mesh_hosts_bad_lines_named)
{
	struct mesh_hosts h = { 0 };
	FILE *f = mem();

	CHECK_INT(mesh_hosts_parse(&h, "my-hosts",
				   "02:4c:4f:4d:00:01 alpha\n"
				   "02:4c:4f:4d:00 short\n"
				   "02:4c:4f:4d:00:02\n"
				   "02:4c:4f:4d:00:02 two words\n"
				   "02:4c:4f:4d:00:02 alpha\n"
				   "02:4c:4f:4d:00:01 again\n"
				   "02:4c:4f:4d:00:02 02:4c:4f:4d:00:09\n"
				   "ff:ff:ff:ff:ff:ff all\n"
				   "00:00:00:00:00:00 none\n"
				   "02:4c:4f:4d:00:02 "
				   "a123456789b123456789c123456789d123456789e123456789f123456789g123\n"
				   "02:4c:4f:4d:00:02 beta\n", f), 9);
	fclose(f);
	CHECK_STR(buf,
		  "loomctl: my-hosts:2: '02:4c:4f:4d:00' is not a 48-bit address (aa:bb:cc:dd:ee:ff); line ignored\n"
		  "loomctl: my-hosts:3: no name after 02:4c:4f:4d:00:02; line ignored\n"
		  "loomctl: my-hosts:4: more than an address and a name (a name is one word); line ignored\n"
		  "loomctl: my-hosts:5: 'alpha' names 02:4c:4f:4d:00:01 already; line ignored\n"
		  "loomctl: my-hosts:6: 02:4c:4f:4d:00:01 is named 'alpha' already; line ignored\n"
		  "loomctl: my-hosts:7: the name '02:4c:4f:4d:00:09' reads as an address; line ignored\n"
		  "loomctl: my-hosts:8: ff:ff:ff:ff:ff:ff names no node; line ignored\n"
		  "loomctl: my-hosts:9: 00:00:00:00:00:00 names no node; line ignored\n"
		  "loomctl: my-hosts:10: the name is longer than 63 bytes; line ignored\n");
	/* The good lines are kept, the bad ones left out. */
	CHECK_INT(h.n, 2);
	CHECK_STR(mesh_hosts_name(&h, A1), "alpha");
	CHECK_STR(mesh_hosts_name(&h, A2), "beta");
	mesh_hosts_free(&h);
}

TEST(mesh_hosts_load_env)
{
	struct mesh_hosts h = { 0 };
	char *path = test_write_file("hosts",
				     "02:4c:4f:4d:00:03 gamma\nnonsense\n");
	FILE *f = mem();

	REQUIRE(path);
	setenv(MESH_HOSTS_ENV, path, 1);
	CHECK_INT(mesh_hosts_load(&h, f), 1);
	fclose(f);
	CHECK_CONTAINS(buf, ":2: 'nonsense' is not a 48-bit address");
	CHECK_STARTS(buf, "loomctl: ");
	CHECK_CONTAINS(buf, path);
	CHECK_INT(h.n, 1);
	CHECK_STR(mesh_hosts_name(&h, A3), "gamma");

	/* A file LOOM_HOSTS names must be there: said, and no names. */
	setenv(MESH_HOSTS_ENV, "/nonexistent/loom-hosts", 1);
	f = mem();
	CHECK_INT(mesh_hosts_load(&h, f), -ENOENT);
	fclose(f);
	CHECK_STR(buf, "loomctl: /nonexistent/loom-hosts: No such file or directory (no names for addresses)\n");
	CHECK_INT(h.n, 0);
	mesh_hosts_free(&h);
	free(path);
}

TEST(mesh_parse_dest_names_and_addresses)
{
	struct mesh_hosts h;
	char err[RUN_ERR_MAX];
	u8 a[6];

	two_hosts(&h);
	CHECK_INT(mesh_parse_dest(&h, "beta", a, err, sizeof(err)), 0);
	CHECK(!memcmp(a, A2, 6));
	CHECK_INT(mesh_parse_dest(&h, "02:4c:4f:4d:00:03", a, err,
				  sizeof(err)), 0);
	CHECK(!memcmp(a, A3, 6));
	CHECK_INT(mesh_parse_dest(NULL, "02:4c:4f:4d:00:01", a, err,
				  sizeof(err)), 0);
	CHECK(!memcmp(a, A1, 6));
	CHECK_INT(mesh_parse_dest(&h, "gamma", a, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"gamma\": neither a 48-bit address (aa:bb:cc:dd:ee:ff) nor a name in the hosts file");
	CHECK_INT(mesh_parse_dest(&h, "ff:ff:ff:ff:ff:ff", a, err,
				  sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"ff:ff:ff:ff:ff:ff\": names no node");
	CHECK_INT(mesh_parse_dest(&h, "", a, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST is empty");
	CHECK_INT(mesh_parse_dest(&h, "a\nb", a, err, sizeof(err)), -EINVAL);
	CHECK(!strncmp(err, "DEST \"a?b\": ", 11));
	mesh_hosts_free(&h);
}

/* --- mesh start ------------------------------------------------------------ */

/* "mesh start" words split at '|': 0 or the error in @err. */
static int start(const char *line, struct mesh_start *s, char *err)
{
	char *ops[16];
	int n = test_words(line, ops, 16);

	return mesh_parse_start(n, ops, s, err, RUN_ERR_MAX);
}

TEST(mesh_start_operands)
{
	char err[RUN_ERR_MAX];
	struct mesh_start s;

	CHECK_INT(start("alpha|radio|wlan0", &s, err), 0);
	CHECK_STR(s.name, "alpha");
	CHECK_STR(s.radio, "wlan0");
	CHECK(!s.has_beacon && !s.has_policy && !s.has_duty);

	CHECK_INT(start("a|radio|hwsim1|duty|0.1|policy|delay|beacon|5000", &s,
			err), 0);
	CHECK(s.has_duty && s.duty_ppm == 1000);
	CHECK(s.has_policy && s.policy == LOOM_MESH_POLICY_DELAY);
	CHECK(s.has_beacon && s.beacon_ms == 5000);

	CHECK_INT(start("a|radio|r|duty|1", &s, err), 0);
	CHECK_INT(s.duty_ppm, 10000);
	CHECK_INT(start("a|radio|r|duty|0.5%", &s, err), 0);
	CHECK_INT(s.duty_ppm, 5000);
	CHECK_INT(start("a|radio|r|duty|0.0001", &s, err), 0);
	CHECK_INT(s.duty_ppm, 1);
	CHECK_INT(start("a|radio|r|duty|100", &s, err), 0);
	CHECK_INT(s.duty_ppm, 1000000);
	CHECK_INT(start("a|radio|r|duty|off|policy|hops", &s, err), 0);
	CHECK(s.has_duty && s.duty_ppm == 0);
	CHECK(s.has_policy && s.policy == LOOM_MESH_POLICY_HOPS);
	CHECK_INT(start("a|radio|r|beacon|100", &s, err), 0);
	CHECK_INT(start("a|radio|r|beacon|3600000", &s, err), 0);
	CHECK_INT(s.beacon_ms, 3600000);
	CHECK_INT(s.nmore, 0);

	/* More radios, anywhere among the keywords; the first stays first. */
	CHECK_INT(start("gw|radio|hwsim0|beacon|2000|radio|wlan1|radio|eth0",
			&s, err), 0);
	CHECK_STR(s.radio, "hwsim0");
	CHECK_INT(s.nmore, 2);
	CHECK_STR(s.more[0], "wlan1");
	CHECK_STR(s.more[1], "eth0");
	CHECK(s.has_beacon && s.beacon_ms == 2000);
}

TEST(mesh_start_refusals)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "", "missing NAME" },
		{ "a", "missing 'radio RADIO'" },
		{ "a|radio", "missing RADIO" },
		{ "a|wire|r", "expected 'radio', not 'wire'" },
		{ "a|radio|r|duty|0", "duty \"0\": 0 % leaves no airtime at all; 'duty off' lifts the budget" },
		{ "a|radio|r|duty|0.00001", "duty \"0.00001\": too many decimals (at most 4) (a percentage, or off)" },
		{ "a|radio|r|duty|101", "duty \"101\": must be 0..100% (a percentage, or off)" },
		{ "a|radio|r|duty|-1", "duty \"-1\": must be 0..100% (a percentage, or off)" },
		{ "a|radio|r|duty|one", "duty \"one\": not a number (a percentage, or off)" },
		{ "a|radio|r|beacon|99", "beacon \"99\": must be 100..3600000 (ms)" },
		{ "a|radio|r|beacon|3600001", "beacon \"3600001\": must be 100..3600000 (ms)" },
		{ "a|radio|r|beacon|1.5", "beacon \"1.5\": must be a whole number (ms)" },
		{ "a|radio|r|policy|fast", "policy \"fast\": must be hops or delay" },
		{ "a|radio|r|beacon|200|beacon|300", "'beacon' given twice" },
		{ "a|radio|r|duty", "'duty' needs a value" },
		{ "a|radio|r|rate|5", "unexpected argument 'rate' (radio, beacon, policy or duty)" },
		{ "a|radio|r|extra", "unexpected argument 'extra' (radio, beacon, policy or duty)" },
		{ "a|radio|r|radio", "'radio' needs a value" },
		{ "a|radio|r|radio|r", "radio \"r\" given twice" },
		{ "a|radio|r|radio|s|radio|s", "radio \"s\" given twice" },
		{ "a|radio|r|radio|s|radio|t|radio|u|radio|v", "radio \"v\": a node runs on at most 4 radios" },
	};
	char err[RUN_ERR_MAX];
	struct mesh_start s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		if (start(cases[i].line, &s, err) != -EINVAL ||
		    strcmp(err, cases[i].msg))
			test_fail(__FILE__, __LINE__, "\"%s\": \"%s\", expected \"%s\"",
				  cases[i].line, err, cases[i].msg);
	}
}

TEST(mesh_ping_hop_limit_option)
{
	char err[RUN_ERR_MAX];
	struct ping_args a;

	ping_args_init(&a);
	CHECK_INT(a.hop_limit, 0);
	CHECK_INT(ping_parse_option(&a, 't', "1", err, sizeof(err)), 0);
	CHECK_INT(a.hop_limit, 1);
	CHECK_INT(ping_parse_option(&a, 't', "32", err, sizeof(err)), 0);
	CHECK_INT(a.hop_limit, LOOM_MESH_HOP_LIMIT);
	CHECK_INT(ping_parse_option(&a, 't', "0", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "-t \"0\": must be 1..32");
	CHECK_INT(a.hop_limit, LOOM_MESH_HOP_LIMIT);
}

TEST(mesh_names)
{
	char b[32];

	CHECK_STR(mesh_policy_name(LOOM_MESH_POLICY_HOPS), "hops");
	CHECK_STR(mesh_policy_name(LOOM_MESH_POLICY_DELAY), "delay");
	CHECK(!mesh_policy_name(2));
	CHECK_STR(mesh_ping_code_name(LOOM_PING_REPLY), "reply");
	CHECK_STR(mesh_ping_code_name(LOOM_PING_HOP_LIMIT), "hop_limit");
	CHECK_STR(mesh_ping_code_name(LOOM_PING_NO_ROUTE), "no_route");
	CHECK(!mesh_ping_code_name(3));
	CHECK_STR(run_proto_name(LOOM_PROTO_TREE), "tree");
	CHECK_STR(run_proto_name(LOOM_PROTO_DHYARA), "dhyara");
	CHECK(!run_proto_name(0));
	CHECK_STR(mesh_fmt_ppm(b, sizeof(b), 10000), "1");
	CHECK_STR(mesh_fmt_ppm(b, sizeof(b), 1250), "0.125");
	CHECK_STR(mesh_fmt_ppm(b, sizeof(b), 1), "0.0001");
	CHECK_STR(mesh_fmt_ppm(b, sizeof(b), 0), "0");
}

/* --- requests --------------------------------------------------------------- */

TEST(mesh_msg_put_start_exact)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_START);
	struct mesh_start s = {
		.name = "alpha", .radio = "wlan0",
		.has_beacon = true, .beacon_ms = 2000,
		.has_policy = true, .policy = LOOM_MESH_POLICY_DELAY,
		.has_duty = true, .duty_ppm = 0,
	};
	struct nlattr *a, *tb[LOOM_MESH_ATTR_MAX + 1];

	REQUIRE(msg);
	CHECK_INT(run_msg_put_mesh_start(msg, &s), 0);
	CHECK_INT(msg_count(msg), 4);
	a = msg_get(msg, LOOM_ATTR_NAME, 6);
	CHECK(a && !strcmp(nla_data(a), "alpha"));
	a = msg_get(msg, LOOM_ATTR_RADIO, 6);
	CHECK(a && !strcmp(nla_data(a), "wlan0"));
	a = msg_get(msg, LOOM_ATTR_PROTO, 1);
	CHECK(a && nla_get_u8(a) == LOOM_PROTO_DHYARA);
	a = msg_get(msg, LOOM_ATTR_MESH, 8 + 8 + 8);
	REQUIRE(a);
	/* Strict validation wants the flag on the nest. */
	CHECK(a->nla_type & NLA_F_NESTED);
	REQUIRE(!nla_parse_nested(tb, LOOM_MESH_ATTR_MAX, a, NULL));
	CHECK(tb[LOOM_MESH_ATTR_BEACON_MS] &&
	      nla_len(tb[LOOM_MESH_ATTR_BEACON_MS]) == 4 &&
	      nla_get_u32(tb[LOOM_MESH_ATTR_BEACON_MS]) == 2000);
	CHECK(tb[LOOM_MESH_ATTR_POLICY] &&
	      nla_len(tb[LOOM_MESH_ATTR_POLICY]) == 1 &&
	      nla_get_u8(tb[LOOM_MESH_ATTR_POLICY]) == LOOM_MESH_POLICY_DELAY);
	/* "off" is sent: 0, no budget. */
	CHECK(tb[LOOM_MESH_ATTR_DUTY_PPM] &&
	      nla_len(tb[LOOM_MESH_ATTR_DUTY_PPM]) == 4 &&
	      nla_get_u32(tb[LOOM_MESH_ATTR_DUTY_PPM]) == 0);
	CHECK(!tb[LOOM_MESH_ATTR_PAD] && !tb[LOOM_MESH_ATTR_CONTROL_PPM]);
	nlmsg_free(msg);

	/* Nothing given: no nest (libnl drops it empty), the defaults. */
	msg = new_msg(LOOM_CMD_NODE_START);
	REQUIRE(msg);
	memset(&s, 0, sizeof(s));
	s.name = "b";
	s.radio = "hwsim0";
	CHECK_INT(run_msg_put_mesh_start(msg, &s), 0);
	CHECK_INT(msg_count(msg), 3);
	a = msg_get(msg, LOOM_ATTR_PROTO, 1);
	CHECK(a && nla_get_u8(a) == LOOM_PROTO_DHYARA);
	nlmsg_free(msg);
}

TEST(mesh_msg_put_ping_and_send_exact)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_PING);
	struct run_addr to = { .mesh = true };
	struct nlattr *a;

	REQUIRE(msg);
	CHECK_INT(run_msg_put_ping(msg, "alpha", A2, 65535, 0), 0);
	CHECK_INT(msg_count(msg), 3);
	a = msg_get(msg, LOOM_ATTR_NAME, 6);
	a = msg_get(msg, LOOM_ATTR_DST_HW, 6);
	CHECK(a && !memcmp(nla_data(a), A2, 6));
	a = msg_get(msg, LOOM_ATTR_SEQ, 2);
	CHECK(a && nla_get_u16(a) == 65535);
	nlmsg_free(msg);

	/* traceroute's hop limit. */
	msg = new_msg(LOOM_CMD_PING);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_ping(msg, "alpha", A2, 1, 3), 0);
	CHECK_INT(msg_count(msg), 4);
	a = msg_get(msg, LOOM_ATTR_HOP_LIMIT, 1);
	CHECK(a && nla_get_u8(a) == 3);
	nlmsg_free(msg);

	/* A datagram to a mesh node: DST_HW, no DST. */
	memcpy(to.hw, A3, 6);
	msg = new_msg(LOOM_CMD_SEND);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_send_to(msg, "alpha", &to, 7, "hi", 2), 0);
	CHECK_INT(msg_count(msg), 4);
	a = msg_get(msg, LOOM_ATTR_DST_HW, 6);
	CHECK(a && !memcmp(nla_data(a), A3, 6));
	msg_get(msg, LOOM_ATTR_DATA, 2);
	msg_get(msg, LOOM_ATTR_PORT, 1);
	nlmsg_free(msg);
}

/* --- replies ------------------------------------------------------------- */

/* One LOOM_ATTR_COUNTER, the value after a padding attribute. */
static void put_counter(struct nl_msg *msg, const char *name, uint64_t v)
{
	struct nlattr *c = nla_nest_start(msg, LOOM_ATTR_COUNTER);

	nla_put_string(msg, LOOM_COUNTER_ATTR_NAME, name);
	msg_put_u64_pad(msg, LOOM_COUNTER_ATTR_VALUE, v,
			LOOM_COUNTER_ATTR_PAD);
	nla_nest_end(msg, c);
}

/* A mesh node's NODE_GET reply as the kernel's fill_info would make it. */
static struct nl_msg *mesh_node_reply(unsigned int ncounters)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_GET);
	struct nlattr *n;
	unsigned int i;
	char name[32];

	if (!msg)
		return NULL;
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put_u8(msg, LOOM_ATTR_PROTO, LOOM_PROTO_DHYARA);
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	nla_put_string(msg, LOOM_ATTR_RADIO, "wlan0");
	nla_put_u8(msg, LOOM_ATTR_SYNCED, 1);
	nla_put_u32(msg, LOOM_ATTR_DATAGRAM_MAX, 4000);
	nla_put_u32(msg, LOOM_ATTR_IFINDEX, 9);
	nla_put_string(msg, LOOM_ATTR_IFNAME, "loom2");
	n = nla_nest_start(msg, LOOM_ATTR_MESH);
	nla_put_u32(msg, LOOM_MESH_ATTR_BEACON_MS, 1000);
	nla_put_u8(msg, LOOM_MESH_ATTR_POLICY, LOOM_MESH_POLICY_HOPS);
	nla_put_u32(msg, LOOM_MESH_ATTR_DUTY_PPM, 10000);
	nla_put_u32(msg, LOOM_MESH_ATTR_CONTROL_PPM, 1250);
	nla_put_u32(msg, LOOM_MESH_ATTR_KNOWN, 4);
	nla_put_u32(msg, LOOM_MESH_ATTR_NEIGHBOURS, 2);
	nla_put_u32(msg, LOOM_MESH_ATTR_ROUTES, 7);
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, LOOM_ATTR_COUNTERS);
	for (i = 0; i < ncounters; i++) {
		snprintf(name, sizeof(name), i ? "c%u" : "rx_bcn", i);
		put_counter(msg, name, i ? i : 1ULL << 40);
	}
	nla_nest_end(msg, n);
	return msg;
}

TEST(mesh_msg_parse_node_reply)
{
	struct nl_msg *msg = mesh_node_reply(3);
	struct run_node nd;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK_STR(nd.name, "alpha");
	CHECK_INT(nd.proto, LOOM_PROTO_DHYARA);
	CHECK(nd.has_hwaddr && !memcmp(nd.hwaddr, A1, 6));
	CHECK(!nd.has_tree_stats);
	CHECK(nd.has_mesh);
	CHECK(RUN_MESH_HAS(&nd.mesh, LOOM_MESH_ATTR_BEACON_MS));
	CHECK(RUN_MESH_HAS(&nd.mesh, LOOM_MESH_ATTR_ROUTES));
	CHECK(!RUN_MESH_HAS(&nd.mesh, LOOM_MESH_ATTR_PAD));
	CHECK_INT(nd.mesh.beacon_ms, 1000);
	CHECK_INT(nd.mesh.duty_ppm, 10000);
	CHECK_INT(nd.mesh.control_ppm, 1250);
	CHECK_INT(nd.mesh.known, 4);
	CHECK_INT(nd.mesh.neighbours, 2);
	CHECK_INT(nd.mesh.routes, 7);
	CHECK_INT(nd.ncounters, 3);
	CHECK(!nd.counters_cut);
	CHECK_STR(nd.counters[0].name, "rx_bcn");
	CHECK(nd.counters[0].value == 1ULL << 40);
	CHECK_STR(nd.counters[2].name, "c2");
	CHECK_INT(nd.counters[2].value, 2);
	nlmsg_free(msg);

	/* A name longer than kept: cut, and the cut shows. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	{
		struct nlattr *n = nla_nest_start(msg, LOOM_ATTR_COUNTERS);
		char name[100];

		memset(name, 'x', 99);
		name[99] = '\0';
		put_counter(msg, name, 1);
		put_counter(msg, "rx_123456789_123456789_123456789_123456789_123456789_1234567890", 2);
		nla_nest_end(msg, n);
	}
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK_INT(nd.ncounters, 2);
	CHECK_INT(strlen(nd.counters[0].name), RUN_COUNTER_NAME_MAX);
	CHECK(nd.counters[0].name[RUN_COUNTER_NAME_MAX - 1] == '~');
	CHECK(nd.counters[0].name[0] == 'x');
	/* 63 bytes exactly: whole. */
	CHECK_STR(nd.counters[1].name, "rx_123456789_123456789_123456789_123456789_123456789_1234567890");
	nlmsg_free(msg);

	/* More counters than kept: the first RUN_COUNTERS_MAX, and said. */
	msg = mesh_node_reply(RUN_COUNTERS_MAX + 2);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), 0);
	CHECK_INT(nd.ncounters, RUN_COUNTERS_MAX);
	CHECK(nd.counters_cut);
	nlmsg_free(msg);
}

TEST(mesh_msg_parse_node_malformed)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_NODE_GET);
	struct run_node nd;
	struct nlattr *n, *c;

	/* Neither address: malformed. */
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);

	/* A 5-byte address. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 5, A1);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);

	/* A counter without its value. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	n = nla_nest_start(msg, LOOM_ATTR_COUNTERS);
	c = nla_nest_start(msg, LOOM_ATTR_COUNTER);
	nla_put_string(msg, LOOM_COUNTER_ATTR_NAME, "rx_bcn");
	nla_nest_end(msg, c);
	nla_nest_end(msg, n);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);

	/* A mesh nest with a 2-byte beacon interval. */
	msg = new_msg(LOOM_CMD_NODE_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	n = nla_nest_start(msg, LOOM_ATTR_MESH);
	nla_put_u16(msg, LOOM_MESH_ATTR_BEACON_MS, 1000);
	nla_nest_end(msg, n);
	CHECK_INT(run_msg_parse_node(nlmsg_hdr(msg), &nd), -EINVAL);
	nlmsg_free(msg);
}

/* A ROUTE_GET dump message of node "alpha". */
static struct nl_msg *route_msg(const u8 *dest, const u8 *via, int hops,
				bool best)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_ROUTE_GET);
	struct nlattr *n;

	if (!msg)
		return NULL;
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	n = nla_nest_start(msg, LOOM_ATTR_ROUTE);
	if (dest)
		nla_put(msg, LOOM_ROUTE_ATTR_DEST, 6, dest);
	if (via)
		nla_put(msg, LOOM_ROUTE_ATTR_VIA, 6, via);
	nla_put_u32(msg, LOOM_ROUTE_ATTR_DELAY_US, 12345);
	if (hops >= 0)
		nla_put_u8(msg, LOOM_ROUTE_ATTR_HOPS, (u8)hops);
	if (best)
		nla_put_flag(msg, LOOM_ROUTE_ATTR_BEST);
	msg_put_u64_pad(msg, LOOM_ROUTE_ATTR_AGE_MS, 250, LOOM_ROUTE_ATTR_PAD);
	nla_nest_end(msg, n);
	return msg;
}

TEST(mesh_msg_parse_route)
{
	struct nl_msg *msg = route_msg(A3, A2, 2, true);
	struct mesh_route r;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_route(nlmsg_hdr(msg), &r), 0);
	CHECK_STR(r.node, "alpha");
	CHECK(!memcmp(r.dest, A3, 6) && !memcmp(r.via, A2, 6));
	CHECK(r.has_delay && r.delay_us == 12345);
	CHECK_INT(r.hops, 2);
	CHECK(r.best && !r.direct);
	CHECK(r.has_age && r.age_ms == 250);
	nlmsg_free(msg);

	msg = route_msg(A3, NULL, 2, true);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_route(nlmsg_hdr(msg), &r), -EINVAL);
	nlmsg_free(msg);
	msg = route_msg(A3, A2, -1, false);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_route(nlmsg_hdr(msg), &r), -EINVAL);
	nlmsg_free(msg);
}

TEST(mesh_msg_parse_link_answer_event_datagram)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_LINK_GET);
	struct mesh_answer an;
	struct run_datagram d;
	struct run_event ev;
	struct mesh_link l;
	struct nlattr *n;

	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	n = nla_nest_start(msg, LOOM_ATTR_LINK);
	nla_put(msg, LOOM_LINK_ATTR_HWADDR, 6, A2);
	msg_put_u64_pad(msg, LOOM_LINK_ATTR_AGE_MS, 1500, LOOM_LINK_ATTR_PAD);
	nla_put_u32(msg, LOOM_LINK_ATTR_RTT_US, 24000);
	nla_put_u32(msg, LOOM_LINK_ATTR_DELAY_US, 12000);
	nla_put_flag(msg, LOOM_LINK_ATTR_SILENT);
	nla_put_u8(msg, LOOM_LINK_ATTR_DEPRECIATED, 3);
	nla_nest_end(msg, n);
	CHECK_INT(run_msg_parse_mesh_link(nlmsg_hdr(msg), &l), 0);
	CHECK(!memcmp(l.addr, A2, 6));
	CHECK(l.heard && l.age_ms == 1500);
	CHECK(l.has_rtt && l.rtt_us == 24000);
	CHECK(l.has_delay && l.delay_us == 12000);
	CHECK(l.silent);
	CHECK_INT(l.depreciated, 3);
	/* A tree node's link (16-bit address) is no mesh link. */
	nlmsg_free(msg);
	msg = new_msg(LOOM_CMD_LINK_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	n = nla_nest_start(msg, LOOM_ATTR_LINK);
	nla_put_u16(msg, LOOM_LINK_ATTR_ADDR, 0x1000);
	nla_nest_end(msg, n);
	CHECK_INT(run_msg_parse_mesh_link(nlmsg_hdr(msg), &l), -EINVAL);
	nlmsg_free(msg);

	/* The kernel's answer to an echo request. */
	msg = new_msg(LOOM_CMD_PING);
	REQUIRE(msg);
	nla_put(msg, LOOM_ATTR_SRC_HW, 6, A3);
	nla_put_u16(msg, LOOM_ATTR_SEQ, 7);
	msg_put_u64_pad(msg, LOOM_ATTR_RTT_NS, 12345678, LOOM_ATTR_PAD);
	nla_put_u8(msg, LOOM_ATTR_HOP_LIMIT, 30);
	nla_put_u8(msg, LOOM_ATTR_PING_CODE, LOOM_PING_HOP_LIMIT);
	CHECK_INT(run_msg_parse_answer(nlmsg_hdr(msg), &an), 0);
	CHECK(!memcmp(an.src, A3, 6));
	CHECK_INT(an.seq, 7);
	CHECK(an.has_rtt && an.rtt_ns == 12345678);
	CHECK(an.has_hop_limit && an.hop_limit == 30);
	CHECK_INT(an.code, LOOM_PING_HOP_LIMIT);
	nlmsg_free(msg);
	msg = new_msg(LOOM_CMD_PING);
	REQUIRE(msg);
	nla_put(msg, LOOM_ATTR_SRC_HW, 6, A3);
	CHECK_INT(run_msg_parse_answer(nlmsg_hdr(msg), &an), -EINVAL);
	nlmsg_free(msg);

	/* A mesh event: the node's 48-bit address, subject and via. */
	msg = new_msg(LOOM_CMD_EVENT);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	nla_put_u8(msg, LOOM_ATTR_EVENT, LOOM_EVENT_ROUTE_CHANGED);
	nla_put(msg, LOOM_ATTR_SUBJECT_HW, 6, A3);
	nla_put(msg, LOOM_ATTR_VIA_HW, 6, A2);
	CHECK_INT(run_msg_parse_event(nlmsg_hdr(msg), &ev), 0);
	CHECK(ev.has_hwaddr && !memcmp(ev.hwaddr, A1, 6));
	CHECK(ev.has_subject_hw && !memcmp(ev.subject_hw, A3, 6));
	CHECK(ev.has_via_hw && !memcmp(ev.via_hw, A2, 6));
	CHECK(!ev.has_link);
	nlmsg_free(msg);

	/* A datagram from a mesh node. */
	msg = new_msg(LOOM_CMD_RECV);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	nla_put(msg, LOOM_ATTR_SRC_HW, 6, A2);
	nla_put_u8(msg, LOOM_ATTR_PORT, 1);
	nla_put_u8(msg, LOOM_ATTR_SRC_PORT, 130);
	nla_put(msg, LOOM_ATTR_DATA, 2, "hi");
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), 0);
	CHECK(d.has_hwaddr && d.src_mesh && !memcmp(d.src_hw, A2, 6));
	CHECK_INT(d.src_port, 130);
	nlmsg_free(msg);
	/* Without a source of either kind: malformed. */
	msg = new_msg(LOOM_CMD_RECV);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "alpha");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, A1);
	nla_put(msg, LOOM_ATTR_DATA, 2, "hi");
	CHECK_INT(run_msg_parse_datagram(nlmsg_hdr(msg), &d), -EINVAL);
	nlmsg_free(msg);
}

/* --- output ----------------------------------------------------------------- */

static void make_links(struct mesh_link *l)
{
	memset(l, 0, 2 * sizeof(*l));
	strcpy(l[0].node, "alpha");
	memcpy(l[0].addr, A2, 6);
	l[0].heard = true;
	l[0].age_ms = 250;
	l[0].has_rtt = true;
	l[0].rtt_us = 24500;
	l[0].has_delay = true;
	l[0].delay_us = 12250;
	strcpy(l[1].node, "alpha");
	memcpy(l[1].addr, A3, 6);
	l[1].heard = true;
	l[1].age_ms = 12000;
	l[1].silent = true;
	l[1].depreciated = 2;
	strcpy(l[0].radio, "hwsim0");
}

TEST(mesh_show_links_exact)
{
	struct mesh_link l[2];
	struct mesh_hosts h;
	FILE *f = mem();

	two_hosts(&h);
	make_links(l);
	CHECK_INT(mesh_show_links(f, l, 2, &h), 0);
	CHECK_INT(mesh_show_links(f, l, 0, &h), 0);
	fclose(f);
	CHECK_STR(buf,
		  "NODE   RADIO   NEIGHBOUR                 LAST-SEEN  RTT        DELAY      SILENT  DEPRECIATED\n"
		  "alpha  hwsim0  02:4c:4f:4d:00:02 (beta)  0.250 s    24.500 ms  12.250 ms  no      0\n"
		  "alpha  -       02:4c:4f:4d:00:03         12.000 s   -          -          yes     2\n"
		  "no neighbours\n");
	f = mem();
	CHECK_INT(mesh_json_links(f, l, 2, &h, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "[{\"node\":\"alpha\",\"radio\":\"hwsim0\",\"addr\":\"02:4c:4f:4d:00:02\",\"name\":\"beta\","
		  "\"age_ms\":250,\"rtt_us\":24500,\"delay_us\":12250,\"silent\":false,\"depreciated\":0},"
		  "{\"node\":\"alpha\",\"radio\":null,\"addr\":\"02:4c:4f:4d:00:03\",\"name\":null,"
		  "\"age_ms\":12000,\"rtt_us\":null,\"delay_us\":null,\"silent\":true,\"depreciated\":2}]\n");
	mesh_hosts_free(&h);
}

static void make_routes(struct mesh_route *r)
{
	memset(r, 0, 3 * sizeof(*r));
	strcpy(r[0].node, "alpha");
	memcpy(r[0].dest, A3, 6);
	memcpy(r[0].via, A2, 6);
	r[0].hops = 2;
	r[0].has_delay = true;
	r[0].delay_us = 30000;
	r[0].has_age = true;
	r[0].age_ms = 800;
	strcpy(r[1].node, "alpha");
	memcpy(r[1].dest, A3, 6);
	memcpy(r[1].via, A3, 6);
	r[1].hops = 1;
	r[1].best = true;
	r[1].direct = true;
	r[1].has_age = true;
	r[1].age_ms = 100;
	strcpy(r[2].node, "alpha");
	memcpy(r[2].dest, A2, 6);
	memcpy(r[2].via, A2, 6);
	r[2].hops = 1;
	r[2].best = true;
	r[2].direct = true;
	r[2].has_delay = true;
	r[2].delay_us = 5000;
	r[2].has_age = true;
	r[2].age_ms = 100;
}

TEST(mesh_show_routes_exact)
{
	struct mesh_route r[3];
	struct mesh_hosts h;
	FILE *f;

	two_hosts(&h);
	make_routes(r);
	/* Destinations in address order, each one's best route first. */
	qsort(r, 3, sizeof(r[0]), mesh_route_cmp);
	CHECK(!memcmp(r[0].dest, A2, 6));
	CHECK(!memcmp(r[1].dest, A3, 6) && r[1].best);
	CHECK(!memcmp(r[2].dest, A3, 6) && !r[2].best);
	f = mem();
	CHECK_INT(mesh_show_routes(f, r, 3, &h), 0);
	CHECK_INT(mesh_show_routes(f, r, 0, &h), 0);
	fclose(f);
	CHECK_STR(buf,
		  "   NODE   DESTINATION               VIA                       HOPS  DELAY      LAST-SEEN\n"
		  "*  alpha  02:4c:4f:4d:00:02 (beta)  direct                    1     5.000 ms   0.100 s\n"
		  "*  alpha  02:4c:4f:4d:00:03         direct                    1     -          0.100 s\n"
		  "   alpha  02:4c:4f:4d:00:03         02:4c:4f:4d:00:02 (beta)  2     30.000 ms  0.800 s\n"
		  "no routes\n");
	f = mem();
	CHECK_INT(mesh_json_routes(f, r + 1, 2, &h, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "[{\"node\":\"alpha\",\"dest\":\"02:4c:4f:4d:00:03\",\"name\":null,"
		  "\"via\":\"02:4c:4f:4d:00:03\",\"via_name\":null,\"hops\":1,\"delay_us\":null,"
		  "\"best\":true,\"direct\":true,\"age_ms\":100},"
		  "{\"node\":\"alpha\",\"dest\":\"02:4c:4f:4d:00:03\",\"name\":null,"
		  "\"via\":\"02:4c:4f:4d:00:02\",\"via_name\":\"beta\",\"hops\":2,\"delay_us\":30000,"
		  "\"best\":false,\"direct\":false,\"age_ms\":800}]\n");
	mesh_hosts_free(&h);
}

TEST(mesh_show_node_exact)
{
	struct nl_msg *msg = mesh_node_reply(2);
	struct run_node nd[2];
	FILE *f;

	REQUIRE(msg);
	REQUIRE(!run_msg_parse_node(nlmsg_hdr(msg), &nd[0]));
	nlmsg_free(msg);
	nd[0].dev[LOOM_DEV_STAT_RX_PORT] = 5;
	/* A tree node beside it in "node list": its columns as before. */
	memset(&nd[1], 0, sizeof(nd[1]));
	strcpy(nd[1].name, "Coord");
	nd[1].proto = LOOM_PROTO_TREE;
	nd[1].addr = 0xf000;
	strcpy(nd[1].radio, "hwsim0");
	nd[1].net[LOOM_NET_STAT_TX_DATAGRAMS] = 3;
	f = mem();
	CHECK_INT(run_show_node_table(f, nd, 2), 0);
	fclose(f);
	CHECK_STR(buf,
		  "NAME   PROTO   ADDRESS            RADIO   DEVICE  SYNCED  TX  RX  FWD  FAILS  GIVEN-UP  DROPS\n"
		  "alpha  dhyara  02:4c:4f:4d:00:01  wlan0   loom2   yes     -   -   -    -      -         -\n"
		  "Coord  tree    0xf000             hwsim0  -       no      3   0   0    0      0         0\n");
	f = mem();
	CHECK_INT(mesh_show_node_table(f, nd, 1), 0);
	CHECK_INT(mesh_show_node_table(f, nd, 0), 0);
	fclose(f);
	CHECK_STR(buf,
		  "NAME   ADDRESS            RADIO  DEVICE  BEACON   POLICY  DUTY  CONTROL  NEIGHBOURS  ROUTES  KNOWN\n"
		  "alpha  02:4c:4f:4d:00:01  wlan0  loom2   1000 ms  hops    1 %   0.125 %  2           7       4\n"
		  "no mesh nodes running\n");
	f = mem();
	run_show_node(f, &nd[0]);
	fclose(f);
	CHECK_STARTS(buf,
		     "node alpha\n"
		     "  proto                dhyara\n"
		     "  address              02:4c:4f:4d:00:01\n"
		     "  radio                wlan0\n"
		     "  device               loom2 (ifindex 9)\n"
		     "  datagram max         4000 bytes\n"
		     "  beacon               1000 ms\n"
		     "  policy               hops\n"
		     "  duty budget          1 %\n"
		     "  control share        0.125 % (estimate)\n"
		     "  known                4\n"
		     "  neighbours           2\n"
		     "  routes               7\n"
		     "  counters\n"
		     "    rx_bcn             1099511627776\n"
		     "    c1                 1\n"
		     "  dev\n"
		     "    rx_port            5\n");
	f = mem();
	CHECK_INT(run_json_nodes(f, nd, 1, false, false), 0);
	fclose(f);
	CHECK_STARTS(buf,
		     "{\"name\":\"alpha\",\"proto\":\"dhyara\",\"address\":\"02:4c:4f:4d:00:01\","
		     "\"radio\":\"wlan0\",\"ifindex\":9,\"ifname\":\"loom2\",\"synced\":true,"
		     "\"datagram_max\":4000,\"mesh\":{\"beacon_ms\":1000,\"policy\":\"hops\","
		     "\"duty_ppm\":10000,\"control_ppm\":1250,\"known\":4,\"neighbours\":2,"
		     "\"routes\":7},\"counters\":{\"rx_bcn\":1099511627776,\"c1\":1},"
		     "\"counters_cut\":false,\"dev\":{\"rx_port\":5,");
	/* No tree counters for a mesh node. */
	CHECK(!strstr(buf, "\"mac\""));
}

TEST(mesh_show_events_and_datagrams)
{
	struct run_event ev = {
		.node = "alpha", .event = LOOM_EVENT_NEIGHBOUR_UP,
		.has_hwaddr = true, .has_subject_hw = true,
	};
	struct run_datagram d = {
		.node = "alpha", .port = 1, .src_port = 130,
		.data = (const uint8_t *)"hi", .len = 2,
		.rssi_mdbm = LOOM_SIGNAL_UNKNOWN, .snr_mdb = LOOM_SIGNAL_UNKNOWN,
		.has_hwaddr = true, .src_mesh = true,
	};
	struct mesh_hosts h;
	FILE *f = mem();

	two_hosts(&h);
	memcpy(ev.hwaddr, A1, 6);
	memcpy(ev.subject_hw, A2, 6);
	run_show_event_h(f, &ev, NULL, &h);
	ev.event = LOOM_EVENT_NEIGHBOUR_DOWN;
	run_show_event_h(f, &ev, NULL, &h);
	ev.event = LOOM_EVENT_ROUTE_CHANGED;
	memcpy(ev.subject_hw, A3, 6);
	ev.has_via_hw = true;
	memcpy(ev.via_hw, A2, 6);
	run_show_event_h(f, &ev, NULL, &h);
	ev.has_via_hw = false;
	run_show_event_h(f, &ev, NULL, &h);
	memcpy(d.hwaddr, A1, 6);
	memcpy(d.src_hw, A2, 6);
	run_show_datagram_h(f, &d, NULL, &h);
	fclose(f);
	CHECK_STR(buf,
		  "alpha (02:4c:4f:4d:00:01): neighbour up: 02:4c:4f:4d:00:02 (beta)\n"
		  "alpha (02:4c:4f:4d:00:01): neighbour down: 02:4c:4f:4d:00:02 (beta)\n"
		  "alpha (02:4c:4f:4d:00:01): route to 02:4c:4f:4d:00:03 now via 02:4c:4f:4d:00:02 (beta)\n"
		  "alpha (02:4c:4f:4d:00:01): route to 02:4c:4f:4d:00:03: none left\n"
		  "alpha:1 <- [02:4c:4f:4d:00:02]:130 (beta) rssi unknown snr unknown: hi\n");
	f = mem();
	ev.has_via_hw = true;
	CHECK_INT(run_json_event_h(f, &ev, NULL, &h, false), 0);
	ev.has_via_hw = false;
	CHECK_INT(run_json_event_h(f, &ev, NULL, &h, false), 0);
	CHECK_INT(run_json_datagram_h(f, &d, NULL, &h, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"alpha\",\"address\":\"02:4c:4f:4d:00:01\",\"event\":\"route_changed\","
		  "\"subject\":\"02:4c:4f:4d:00:03\",\"subject_name\":null,"
		  "\"via\":\"02:4c:4f:4d:00:02\",\"via_name\":\"beta\"}\n"
		  "{\"node\":\"alpha\",\"address\":\"02:4c:4f:4d:00:01\",\"event\":\"route_changed\","
		  "\"subject\":\"02:4c:4f:4d:00:03\",\"subject_name\":null,\"via\":null}\n"
		  "{\"node\":\"alpha\",\"address\":\"02:4c:4f:4d:00:01\",\"port\":1,"
		  "\"src\":\"02:4c:4f:4d:00:02\",\"src_name\":\"beta\",\"src_port\":130,"
		  "\"rssi_mdbm\":null,\"snr_mdb\":null,\"len\":2,\"data\":\"hi\",\"data_hex\":\"6869\"}\n");
	mesh_hosts_free(&h);
}

TEST(mesh_show_ping_lines)
{
	struct mesh_answer a = { .seq = 1, .has_hop_limit = true,
				 .hop_limit = 30 };
	struct ping_stats st = { 0 };
	struct mesh_ping_result res[2] = { { .seq = 1 }, { .seq = 2 } };
	struct mesh_hosts h;
	FILE *f = mem();

	two_hosts(&h);
	memcpy(a.src, A2, 6);
	mesh_show_ping_header(f, "02:4c:4f:4d:00:02 (beta)", "alpha", 1, 1000,
			      5000);
	mesh_show_ping_header(f, "02:4c:4f:4d:00:02 (beta)", "alpha", 3, 500,
			      2500);
	mesh_show_answer(f, &a, 12345, PING_NOTE_NONE, &h);
	mesh_show_answer(f, &a, 12345, PING_NOTE_DUP, &h);
	a.has_hop_limit = false;
	mesh_show_answer(f, &a, 999, PING_NOTE_LATE, &h);
	a.code = LOOM_PING_HOP_LIMIT;
	memcpy(a.src, A3, 6);
	a.seq = 2;
	mesh_show_answer(f, &a, 0, PING_NOTE_NONE, &h);
	a.code = LOOM_PING_NO_ROUTE;
	mesh_show_answer(f, &a, 0, PING_NOTE_NONE, &h);
	fclose(f);
	CHECK_STR(buf,
		  "PING 02:4c:4f:4d:00:02 (beta) from alpha: timeout 5 s\n"
		  "PING 02:4c:4f:4d:00:02 (beta) from alpha: 3 requests 0.5 s apart, timeout 2.5 s\n"
		  "30 bytes from 02:4c:4f:4d:00:02 (beta): seq=1 ttl=30 time=12.3 ms\n"
		  "30 bytes from 02:4c:4f:4d:00:02 (beta): seq=1 ttl=30 time=12.3 ms (DUP!)\n"
		  "30 bytes from 02:4c:4f:4d:00:02 (beta): seq=1 ttl=? time=1.0 ms (late)\n"
		  "From 02:4c:4f:4d:00:03: seq=2 hop limit exceeded\n"
		  "From 02:4c:4f:4d:00:03: seq=2 no route\n");

	/* The JSON summary: one reply, one request unanswered. */
	ping_stats_add(&st, 12345);
	st.transmitted = 2;
	res[0].answered = true;
	res[0].a.seq = 1;
	res[0].a.code = LOOM_PING_REPLY;
	res[0].a.has_hop_limit = true;
	res[0].a.hop_limit = 31;
	memcpy(res[0].a.src, A2, 6);
	res[0].rtt_us = 12345;
	f = mem();
	CHECK_INT(mesh_json_ping(f, "alpha", A2, &st, res, 2, &h, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"alpha\",\"dest\":\"02:4c:4f:4d:00:02\",\"name\":\"beta\","
		  "\"transmitted\":2,\"received\":1,\"errors\":0,\"loss_pct\":50,"
		  "\"rtt_min_us\":12345,\"rtt_avg_us\":12345,\"rtt_max_us\":12345,"
		  "\"requests\":[{\"seq\":1,\"from\":\"02:4c:4f:4d:00:02\",\"from_name\":\"beta\","
		  "\"code\":\"reply\",\"ttl\":31,\"rtt_us\":12345},{\"seq\":2,\"code\":null}]}\n");
	/* Nothing sent: no loss to speak of, no round trip. */
	memset(&st, 0, sizeof(st));
	f = mem();
	CHECK_INT(mesh_json_ping(f, "alpha", A3, &st, res, 0, &h, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"alpha\",\"dest\":\"02:4c:4f:4d:00:03\",\"name\":null,"
		  "\"transmitted\":0,\"received\":0,\"errors\":0,\"loss_pct\":null,"
		  "\"rtt_min_us\":null,\"rtt_avg_us\":null,\"rtt_max_us\":null,\"requests\":[]}\n");
	mesh_hosts_free(&h);
}

TEST(mesh_show_traceroute_lines)
{
	struct mesh_hop hops[3];
	struct mesh_hosts h;
	FILE *f = mem();

	two_hosts(&h);
	memset(hops, 0, sizeof(hops));
	hops[0].hop = 1;
	hops[0].answered = true;
	memcpy(hops[0].addr, A2, 6);
	hops[0].code = LOOM_PING_HOP_LIMIT;
	hops[0].got[0] = hops[0].got[2] = true;
	hops[0].rtt_us[0] = 12300;
	hops[0].rtt_us[2] = 11800;
	hops[1].hop = 2;
	hops[2].hop = 3;
	hops[2].answered = true;
	memcpy(hops[2].addr, A3, 6);
	hops[2].code = LOOM_PING_NO_ROUTE;
	hops[2].got[1] = true;
	hops[2].rtt_us[1] = 40000;
	mesh_show_trace_header(f, "02:4c:4f:4d:00:09", "alpha",
			       LOOM_MESH_HOP_LIMIT);
	mesh_show_hop(f, &hops[0], &h);
	mesh_show_hop(f, &hops[1], &h);
	mesh_show_hop(f, &hops[2], &h);
	fclose(f);
	CHECK_STR(buf,
		  "traceroute to 02:4c:4f:4d:00:09 from alpha, 32 hops max\n"
		  " 1: 02:4c:4f:4d:00:02 (beta)  12.3 ms  *  11.8 ms\n"
		  " 2: * * *\n"
		  " 3: 02:4c:4f:4d:00:03  *  40.0 ms  * !N\n");
	f = mem();
	CHECK_INT(mesh_json_trace(f, "alpha", A3, false, hops, 2, &h, false),
		  0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"alpha\",\"dest\":\"02:4c:4f:4d:00:03\",\"name\":null,\"reached\":false,"
		  "\"hops\":[{\"hop\":1,\"addr\":\"02:4c:4f:4d:00:02\",\"name\":\"beta\","
		  "\"code\":\"hop_limit\",\"rtt_us\":[12300,null,11800]},"
		  "{\"hop\":2,\"addr\":null,\"name\":null,\"code\":null,\"rtt_us\":[null,null,null]}]}\n");
	mesh_hosts_free(&h);
}

/* --- the command line, up to the socket ------------------------------------ */

static char *out, *err;

static int run(const char *const *argv)
{
	return test_run_loomctl(NULL, NULL, &out, &err, argv);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

TEST(cli_mesh_help)
{
	CHECK_INT(RUN("help"), 0);
	CHECK_CONTAINS(out, "\n  mesh        the Dhyara mesh");
	CHECK_INT(RUN("help", "mesh"), 0);
	CHECK_STARTS(out,
		     "Usage: loomctl mesh start NAME radio RADIO [radio RADIO]... [beacon MS] [policy hops|delay] [duty PERCENT|off]\n"
		     "       loomctl mesh stop NAME\n"
		     "       loomctl mesh list [-j [-p]]\n"
		     "       loomctl mesh show NAME [-j [-p]]\n"
		     "       loomctl mesh neighbours [NAME] [-j [-p]]\n"
		     "       loomctl mesh routes [NAME] [--best] [-j [-p]]\n"
		     "       loomctl mesh originators [NAME] [--best] [-j [-p]]\n"
		     "       loomctl mesh ping NAME DEST [-c COUNT] [-i INTERVAL_S] [-W TIMEOUT_S] [-t HOP_LIMIT] [-j [-p]]\n"
		     "       loomctl mesh traceroute NAME DEST [-W TIMEOUT_S] [-j [-p]]\n");
	CHECK_CONTAINS(out, "/etc/loom/hosts");
	/* batctl's short words: n, o. */
	CHECK_INT(RUN("help", "mesh", "n"), 0);
	CHECK_STARTS(out, "Usage: loomctl mesh neighbours [NAME] [-j [-p]]\n");
	CHECK_INT(RUN("help", "mesh", "o"), 0);
	CHECK_STARTS(out, "Usage: loomctl mesh originators [NAME] [--best] [-j [-p]]\n");
	CHECK_INT(RUN("mesh", "traceroute", "-h"), 0);
	CHECK_STARTS(out, "Usage: loomctl mesh traceroute NAME DEST");
}

TEST(cli_mesh_refusals)
{
	char *path = test_write_file("cli-hosts", "02:4c:4f:4d:00:02 beta\n");

	REQUIRE(path);
	setenv(MESH_HOSTS_ENV, path, 1);
	REFUSED("loomctl: mesh start: missing NAME", "mesh", "start");
	REFUSED("loomctl: mesh start: duty \"0\": 0 % leaves no airtime at all; 'duty off' lifts the budget",
		"mesh", "start", "a", "radio", "r", "duty", "0");
	REFUSED("loomctl: mesh start: beacon \"10\": must be 100..3600000 (ms)",
		"mesh", "start", "a", "radio", "r", "beacon", "10");
	REFUSED("loomctl: mesh stop: missing NAME", "mesh", "stop");
	REFUSED("loomctl: mesh show: missing NAME", "mesh", "show");
	REFUSED("loomctl: mesh list: unexpected argument 'x'", "mesh", "list",
		"x");
	REFUSED("loomctl: mesh neighbours: unknown option '--best'", "mesh",
		"n", "--best");
	REFUSED("loomctl: mesh routes: unexpected argument 'b'", "mesh",
		"routes", "a", "b");
	REFUSED("loomctl: mesh ping: missing DEST", "mesh", "ping", "a");
	REFUSED("loomctl: mesh ping: DEST \"gamma\": neither a 48-bit address (aa:bb:cc:dd:ee:ff) nor a name in the hosts file",
		"mesh", "ping", "a", "gamma");
	REFUSED("loomctl: mesh ping: -t \"33\": must be 1..32", "mesh", "ping",
		"a", "beta", "-t", "33");
	REFUSED("loomctl: mesh ping: -c \"0\": must be 1..10000", "mesh",
		"ping", "a", "beta", "-c", "0");
	REFUSED("loomctl: mesh traceroute: unknown option '-t'", "mesh",
		"traceroute", "a", "beta", "-t", "3");
	REFUSED("loomctl: mesh traceroute: NAME \"\": empty", "mesh",
		"traceroute", "", "beta");
	free(path);
}

/* --- mesh ping's bookkeeping ---------------------------------------------- */

static struct mesh_answer answer(u16 seq, u8 code, uint64_t rtt_ns)
{
	struct mesh_answer a = {
		.seq = seq, .code = code, .has_rtt = rtt_ns != 0,
		.rtt_ns = rtt_ns,
	};

	memcpy(a.src, A2, 6);
	return a;
}

TEST(mesh_pings_bookkeeping)
{
	const uint64_t ms = 1000000, timeout = 5000 * ms;
	struct mesh_pings p;
	struct mesh_answer a;
	uint64_t rtt;

	REQUIRE(!mesh_pings_init(&p, 5));
	CHECK(!mesh_pings_done(&p));
	CHECK(mesh_pings_deadline(&p, timeout) == UINT64_MAX);

	/* 1: a reply, the kernel's round trip taken over our clock. */
	CHECK_INT(mesh_pings_send(&p, 1000 * ms), 1);
	mesh_pings_sent(&p, 1, 0, false);
	CHECK(mesh_pings_deadline(&p, timeout) == 6000 * ms);
	a = answer(1, LOOM_PING_REPLY, 12 * ms);
	CHECK_INT(mesh_pings_answer(&p, &a, 1500 * ms, &rtt), PING_NOTE_NONE);
	CHECK_INT(rtt, 12000);
	/* The same again: a duplicate, not counted. */
	CHECK_INT(mesh_pings_answer(&p, &a, 1600 * ms, &rtt), PING_NOTE_DUP);

	/* 2: refused for now (no route yet): an error, later ones go on. */
	CHECK_INT(mesh_pings_send(&p, 2000 * ms), 2);
	mesh_pings_sent(&p, 2, -EHOSTUNREACH, true);
	a = answer(2, LOOM_PING_REPLY, 0);
	CHECK_INT(mesh_pings_answer(&p, &a, 2100 * ms, &rtt), -1);

	/* 3: a node on the way answers: hop limit exceeded, an error. */
	CHECK_INT(mesh_pings_send(&p, 3000 * ms), 3);
	mesh_pings_sent(&p, 3, 0, false);
	a = answer(3, LOOM_PING_HOP_LIMIT, 0);
	CHECK_INT(mesh_pings_answer(&p, &a, 3020 * ms, &rtt), PING_NOTE_NONE);
	/* No RTT_NS: our own clock. */
	CHECK_INT(rtt, 20000);

	/* 4: lost, then answered late; 5: never answered. */
	CHECK_INT(mesh_pings_send(&p, 4000 * ms), 4);
	mesh_pings_sent(&p, 4, 0, false);
	CHECK_INT(mesh_pings_send(&p, 5000 * ms), 5);
	mesh_pings_sent(&p, 5, 0, false);
	CHECK_INT(mesh_pings_send(&p, 5000 * ms), 0);
	CHECK(mesh_pings_deadline(&p, timeout) == 9000 * ms);
	CHECK_INT(mesh_pings_expire(&p, 8999 * ms, timeout), 0);
	CHECK_INT(mesh_pings_expire(&p, 9000 * ms, timeout), 4);
	CHECK_INT(mesh_pings_expire(&p, 9000 * ms, timeout), 0);
	CHECK(!mesh_pings_done(&p));
	a = answer(4, LOOM_PING_REPLY, 0);
	CHECK_INT(mesh_pings_answer(&p, &a, 9500 * ms, &rtt), PING_NOTE_LATE);
	CHECK_INT(mesh_pings_expire(&p, 10000 * ms, timeout), 5);
	CHECK(mesh_pings_done(&p));
	/* Numbers never sent are none of ours. */
	a = answer(6, LOOM_PING_REPLY, 0);
	CHECK_INT(mesh_pings_answer(&p, &a, 10000 * ms, &rtt), -1);
	a = answer(0, LOOM_PING_REPLY, 0);
	CHECK_INT(mesh_pings_answer(&p, &a, 10000 * ms, &rtt), -1);

	CHECK_INT(p.st.transmitted, 4);
	CHECK_INT(p.st.received, 1);
	CHECK_INT(p.st.errors, 2);
	CHECK_INT(p.st.rtt_min_us, 12000);
	CHECK(p.res[0].answered && p.res[0].rtt_us == 12000);
	CHECK(!p.res[1].answered && p.res[1].seq == 2);
	CHECK(p.res[2].answered && p.res[2].a.code == LOOM_PING_HOP_LIMIT);
	CHECK(p.res[3].answered);
	CHECK(!p.res[4].answered);
	mesh_pings_free(&p);
}
