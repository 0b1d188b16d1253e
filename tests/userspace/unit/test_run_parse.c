// SPDX-License-Identifier: GPL-2.0
/*
 * The running network's words, without netlink: counter and event names,
 * addresses, ports and names typed by people, the operands of "send",
 * "node start" and "state restore", the slot-edge histogram's buckets
 * and percentiles, links in order, hops on the tree, and datagram bytes
 * made printable.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "loom_int.h"
#include "run_parse.h"
#include "test.h"

static char err[RUN_ERR_MAX];

/* @json parsed and computed; NULL (and a failed check) if it is not valid. */
static struct topo_doc *doc_of(const char *json)
{
	static struct topo_doc doc;

	return fixture_topology(&doc, json) ? &doc : NULL;
}

/* Every counter 1..@max has a name, and no two the same. */
static void names_unique(const char *(*name)(unsigned int), unsigned int max)
{
	unsigned int i, j;

	CHECK(!name(0));
	CHECK(!name(max + 1));
	CHECK(!name(1000));
	for (i = 1; i <= max; i++) {
		REQUIRE(name(i));
		for (j = 1; j < i; j++)
			CHECK(strcmp(name(i), name(j)));
	}
}

TEST(run_stat_names)
{
	names_unique(run_mac_stat_name, LOOM_MAC_STAT_MAX);
	names_unique(run_net_stat_name, LOOM_NET_STAT_MAX);
	names_unique(run_dev_stat_name, LOOM_DEV_STAT_MAX);
	/* The uapi's names, lowercase. */
	CHECK_STR(run_mac_stat_name(LOOM_MAC_STAT_REFRESH_TX), "refresh_tx");
	CHECK_STR(run_mac_stat_name(LOOM_MAC_STAT_GIVEN_UP), "given_up");
	CHECK_STR(run_mac_stat_name(LOOM_MAC_STAT_RX_DROPPED), "rx_dropped");
	CHECK_STR(run_net_stat_name(LOOM_NET_STAT_TX_DATAGRAMS),
		  "tx_datagrams");
	CHECK_STR(run_net_stat_name(LOOM_NET_STAT_DROP_NO_ROUTE),
		  "drop_no_route");
	CHECK_STR(run_net_stat_name(LOOM_NET_STAT_DROP_NOMEM), "drop_nomem");
	CHECK_STR(run_dev_stat_name(LOOM_DEV_STAT_RX_PORT), "rx_port");
	CHECK_STR(run_dev_stat_name(LOOM_DEV_STAT_ECHO), "echo");
	CHECK_STR(run_dev_stat_name(LOOM_DEV_STAT_DROP_SOCK_FULL),
		  "drop_sock_full");
	CHECK_STR(run_dev_stat_name(LOOM_DEV_STAT_TX_DROP_REFUSED),
		  "tx_drop_refused");
	/* The device's counters are the widest. */
	CHECK_INT(run_stat_name_width(), strlen("tx_drop_multicast"));
}

TEST(run_net_drops_sums_the_drops)
{
	struct run_node nd = { 0 };
	unsigned int i;

	for (i = 1; i <= LOOM_NET_STAT_MAX; i++)
		nd.net[i] = 1000;
	for (i = LOOM_NET_STAT_DROP_NO_ROUTE; i <= LOOM_NET_STAT_DROP_NOMEM;
	     i++)
		nd.net[i] = i;
	/* 8..15 */
	CHECK_INT(run_net_drops(&nd), 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15);
	nd.mac[LOOM_MAC_STAT_RX_DROPPED] = 7;
	CHECK_INT(run_net_drops(&nd), 92);
}

TEST(run_event_names)
{
	CHECK_STR(run_event_name(LOOM_EVENT_SYNCED), "synced");
	CHECK_STR(run_event_name(LOOM_EVENT_SYNC_LOST), "sync_lost");
	CHECK_STR(run_event_name(LOOM_EVENT_GAVE_UP), "gave_up");
	CHECK_STR(run_event_name(LOOM_EVENT_REPORT), "report");
	CHECK_STR(run_event_name(LOOM_EVENT_CONFIG_MISMATCH), "config_mismatch");
	CHECK_STR(run_event_name(LOOM_EVENT_CONFIG_MATCH), "config_match");
	CHECK_STR(run_event_name(LOOM_EVENT_NEIGHBOUR_UP), "neighbour_up");
	CHECK_STR(run_event_name(LOOM_EVENT_NEIGHBOUR_DOWN), "neighbour_down");
	CHECK_STR(run_event_name(LOOM_EVENT_ROUTE_CHANGED), "route_changed");
	CHECK(!run_event_name(LOOM_EVENT_ROUTE_CHANGED + 1));
	CHECK(!run_event_name(255));
}

TEST(run_edge_buckets)
{
	/* The uapi's bounds: 2^m + s * 2^(m - 3), m = 10 + (b - 1) / 8. */
	CHECK_INT(run_edge_bucket_ns(0), 0);
	CHECK_INT(run_edge_bucket_ns(1), 1024);
	CHECK_INT(run_edge_bucket_ns(2), 1152);
	CHECK_INT(run_edge_bucket_ns(8), 1920);
	CHECK_INT(run_edge_bucket_ns(9), 2048);
	CHECK_INT(run_edge_bucket_ns(10), 2304);
	CHECK_INT(run_edge_bucket_ns(17), 4096);
	CHECK_INT(run_edge_bucket_ns(40), 30720);
	CHECK_INT(run_edge_bucket_ns(81), 1048576);
	CHECK_INT(run_edge_bucket_ns(LOOM_EDGE_BUCKETS - 1), 125829120);
}

TEST(run_edge_percentiles)
{
	u32 h[LOOM_EDGE_BUCKETS] = { 0 };

	/* Nothing counted: 0, whatever the percentile. */
	CHECK(run_edge_count(h) == 0);
	CHECK_INT(run_edge_percentile(h, 50), 0);
	CHECK_INT(run_edge_percentile(h, 99), 0);

	/* One each at 1024, 1152, 1280: ranks 1, 2 (p50), 3 (p99). */
	h[1] = h[2] = h[3] = 1;
	CHECK(run_edge_count(h) == 3);
	CHECK_INT(run_edge_percentile(h, 1), 1024);
	CHECK_INT(run_edge_percentile(h, 33), 1024);
	CHECK_INT(run_edge_percentile(h, 34), 1152);
	CHECK_INT(run_edge_percentile(h, 50), 1152);
	CHECK_INT(run_edge_percentile(h, 67), 1280);
	CHECK_INT(run_edge_percentile(h, 99), 1280);
	CHECK_INT(run_edge_percentile(h, 100), 1280);

	/* 100 below 1024 ns, 98 at 1536 (b5), 2 at 30720 (b40). */
	memset(h, 0, sizeof(h));
	h[0] = 100;
	h[5] = 98;
	h[40] = 2;
	CHECK(run_edge_count(h) == 200);
	CHECK_INT(run_edge_percentile(h, 50), 0);	/* rank 100 */
	CHECK_INT(run_edge_percentile(h, 51), 1536);	/* rank 102 */
	CHECK_INT(run_edge_percentile(h, 99), 1536);	/* rank 198 */
	CHECK_INT(run_edge_percentile(h, 100), 30720);	/* rank 200 */

	/* The last bucket holds everything above its bound. */
	memset(h, 0, sizeof(h));
	h[LOOM_EDGE_BUCKETS - 1] = UINT32_MAX;
	h[0] = UINT32_MAX;
	CHECK(run_edge_count(h) == 2ULL * UINT32_MAX);
	CHECK_INT(run_edge_percentile(h, 50), 0);
	CHECK_INT(run_edge_percentile(h, 51), 125829120);
	CHECK_INT(run_edge_percentile(h, 99), 125829120);
}

TEST(run_links_in_order)
{
	struct run_link l[4] = {
		{ .addr = 0x1102 }, { .addr = 0x1001 },
		{ .addr = 0xf000, .parent = true }, { .addr = 0x1100 },
	};

	qsort(l, 4, sizeof(*l), run_link_cmp);
	CHECK(l[0].parent);
	CHECK_INT(l[0].addr, 0xf000);
	CHECK_INT(l[1].addr, 0x1001);
	CHECK_INT(l[2].addr, 0x1100);
	CHECK_INT(l[3].addr, 0x1102);
}

TEST(run_dest)
{
	/* A router named like another node's address. */
	struct topo_doc *doc = doc_of(
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"1001\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"E\", \"type\": 0}]}]}}\n");
	const struct loom_topology *t;
	u16 a = 0;

	REQUIRE(doc);
	t = doc->t;
	CHECK_INT(run_parse_dest(t, "C", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0xf000);
	CHECK_INT(run_parse_dest(t, "E", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x1001);
	/* The name first: "1001" is the router, at 0x1000. */
	CHECK_INT(run_parse_dest(t, "1001", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x1000);
	CHECK_INT(run_parse_dest(t, "0x1001", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x1001);
	/* An address no node has is the kernel's to refuse. */
	CHECK_INT(run_parse_dest(t, "2001", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x2001);
	/* libloom's rule: bare digits are hex, never decimal. */
	CHECK_INT(run_parse_dest(t, "4352", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x4352);
	CHECK_INT(run_parse_dest(t, "12345", &a, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"12345\": no node of the topology has that name, and it is no hex address");
	CHECK_INT(run_parse_dest(t, "Nobody", &a, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"Nobody\": no node of the topology has that name, and it is no hex address");
	CHECK_INT(run_parse_dest(t, "0x0", &a, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"0x0\": address 0x0000 is reserved");
	/* Without a topology, "E" is only a hex address. */
	CHECK_INT(run_parse_dest(NULL, "E", &a, err, sizeof(err)), 0);
	CHECK_INT(a, 0x000e);
	CHECK_INT(run_parse_dest(NULL, "Nobody", &a, err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(err, "DEST \"Nobody\": not a hex address, and no topology is loaded to look the name up");
	topo_doc_free(doc);
}

TEST(run_names_checked)
{
	char n63[64], n64[65];

	memset(n63, 'n', 63);
	n63[63] = '\0';
	memset(n64, 'n', 64);
	n64[64] = '\0';
	CHECK_INT(run_check_name("Router 1", err, sizeof(err)), 0);
	CHECK_INT(run_check_name(n63, err, sizeof(err)), 0);
	CHECK_INT(run_check_name(n64, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "longer than 63 bytes");
	CHECK_INT(run_check_name("", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "empty");
	CHECK_INT(run_check_radio("hwsim1023", err, sizeof(err)), 0);
	CHECK_INT(run_check_radio("hwsim0123456789", err, sizeof(err)), 0);
	CHECK_INT(run_check_radio("hwsim01234567890", err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(err, "longer than 15 bytes");
	CHECK_INT(run_check_radio("", err, sizeof(err)), -EINVAL);
}

/* run_parse_send() on the words of @line split at '|'. */
static int send_of(const char *line, struct run_send *s)
{
	static char *ops[8];
	int n = test_words(line, ops, 8);

	return run_parse_send(n, ops, s, err, sizeof(err));
}

TEST(run_send_operands)
{
	char *big, *ops[2];
	struct run_send s;

	CHECK_INT(send_of("from|Router 1|C|hello", &s), 0);
	CHECK_STR(s.from, "Router 1");
	CHECK_STR(s.dest, "C");
	CHECK_STR(s.data, "hello");
	CHECK_INT(send_of("0x1101|hello", &s), 0);
	CHECK(!s.from);
	CHECK_STR(s.dest, "0x1101");
	CHECK_STR(s.data, "hello");
	/* "from" as a DEST: the keyword needs two operands after it. */
	CHECK_INT(send_of("from|hello", &s), 0);
	CHECK(!s.from);
	CHECK_STR(s.dest, "from");
	CHECK_INT(send_of("from|from|from|-", &s), 0);
	CHECK_STR(s.from, "from");
	CHECK_STR(s.dest, "from");
	CHECK_STR(s.data, "-");

	CHECK_INT(send_of("", &s), -EINVAL);
	CHECK_STR(err, "missing DEST");
	CHECK_INT(send_of("C", &s), -EINVAL);
	CHECK_STR(err, "missing DATA");
	CHECK_INT(send_of("from|R|C", &s), -EINVAL);
	CHECK_STR(err, "missing DATA");
	CHECK_INT(send_of("C|a|b", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument 'b'");
	CHECK_INT(send_of("to|R|C|hello", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument 'C'");
	CHECK_INT(send_of("C|a|b|c|d", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument 'b'");
	CHECK_INT(send_of("from|R|C|a|b", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument 'b'");

	ops[0] = "";
	ops[1] = "x";
	CHECK_INT(run_parse_send(2, ops, &s, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DEST \"\": empty");
	big = malloc(RUN_DATA_MAX + 2);
	REQUIRE(big);
	memset(big, 'x', RUN_DATA_MAX + 1);
	big[RUN_DATA_MAX + 1] = '\0';
	ops[0] = "C";
	ops[1] = big;
	CHECK_INT(run_parse_send(2, ops, &s, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "DATA: 65532 bytes, more than a message holds (65531)");
	big[RUN_DATA_MAX] = '\0';
	CHECK_INT(run_parse_send(2, ops, &s, err, sizeof(err)), 0);
	free(big);
}

TEST(run_send_port)
{
	struct run_send s;

	/* Without "port": LOOM_PORT_ANY, the kernel's default then. */
	CHECK_INT(send_of("C|hello", &s), 0);
	CHECK_INT(s.port, LOOM_PORT_ANY);
	CHECK_INT(send_of("C|hello|port|7", &s), 0);
	CHECK_STR(s.dest, "C");
	CHECK_STR(s.data, "hello");
	CHECK_INT(s.port, 7);
	CHECK_INT(send_of("from|R|C|-|port|255", &s), 0);
	CHECK_STR(s.from, "R");
	CHECK_STR(s.data, "-");
	CHECK_INT(s.port, 255);
	/* "port" as DATA, or as DEST. */
	CHECK_INT(send_of("C|port", &s), 0);
	CHECK_STR(s.data, "port");
	CHECK_INT(send_of("port|port|port|1", &s), 0);
	CHECK_STR(s.dest, "port");
	CHECK_INT(s.port, 1);

	CHECK_INT(send_of("C|hello|port", &s), -EINVAL);
	CHECK_STR(err, "missing PORT after 'port'");
	CHECK_INT(send_of("C|hello|port|0", &s), -EINVAL);
	CHECK_STR(err, "PORT \"0\": must be 1..255");
	CHECK_INT(send_of("C|hello|port|256", &s), -EINVAL);
	CHECK_STR(err, "PORT \"256\": must be 1..255");
	CHECK_INT(send_of("C|hello|port|0x7", &s), -EINVAL);
	CHECK_STR(err, "PORT \"0x7\": not a number");
	CHECK_INT(send_of("C|hello|port|1.5", &s), -EINVAL);
	CHECK_STR(err, "PORT \"1.5\": must be a whole number");
	CHECK_INT(send_of("C|hello|to|7", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument 'to'");
	CHECK_INT(send_of("C|hello|port|7|8", &s), -EINVAL);
	CHECK_STR(err, "unexpected argument '8'");
}

TEST(run_port_parse)
{
	u8 port = 99;

	CHECK_INT(run_parse_port("1", &port, err, sizeof(err)), 0);
	CHECK_INT(port, 1);
	CHECK_INT(run_parse_port("255", &port, err, sizeof(err)), 0);
	CHECK_INT(port, 255);
	CHECK_INT(run_parse_port("007", &port, err, sizeof(err)), 0);
	CHECK_INT(port, 7);
	port = 99;
	CHECK_INT(run_parse_port("", &port, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "not a number");
	CHECK_INT(run_parse_port("-1", &port, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "must be 1..255");
	CHECK_INT(run_parse_port("7 ", &port, err, sizeof(err)), -EINVAL);
	CHECK_INT(port, 99);
}

TEST(run_from_keyword)
{
	char *words[] = { "from", "R", "C", "x" }, **ops = words;
	const char *from = "unset";
	int n = 3;

	CHECK_INT(run_parse_from(&n, &ops, &from, err, sizeof(err)), 0);
	CHECK_STR(from, "R");
	CHECK_INT(n, 1);
	CHECK_STR(ops[0], "C");
	/* Two words: "from" is an operand. */
	ops = words;
	n = 2;
	CHECK_INT(run_parse_from(&n, &ops, &from, err, sizeof(err)), 0);
	CHECK(!from);
	CHECK_INT(n, 2);
	CHECK(ops == words);
	ops = words + 1;
	n = 3;
	CHECK_INT(run_parse_from(&n, &ops, &from, err, sizeof(err)), 0);
	CHECK(!from);
	words[1] = "";
	ops = words;
	n = 4;
	CHECK_INT(run_parse_from(&n, &ops, &from, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "NODE \"\": empty");
}

TEST(run_tree_hops_counted)
{
	struct topo_doc *doc = doc_of(fixture_seed);
	const struct loom_topology *t;
	u32 c, r1, r2, e1, e3, e4, e5;

	REQUIRE(doc);
	t = doc->t;
	c = loom_topo_find_name(t, "BillyTheCoord");
	r1 = loom_topo_find_name(t, "Router 1");
	r2 = loom_topo_find_name(t, "Router 2");
	e1 = loom_topo_find_name(t, "End Device 1");
	e3 = loom_topo_find_name(t, "End Device 3");
	e4 = loom_topo_find_name(t, "End Device 4");
	e5 = loom_topo_find_name(t, "End Device 5");
	REQUIRE(e4 != LOOM_NO_PARENT && e5 != LOOM_NO_PARENT);
	/* End Device 3 and 4 hang below Router 2, which is below Router 1. */
	CHECK_INT(run_tree_hops(t, c, c), 0);
	CHECK_INT(run_tree_hops(t, c, r1), 1);
	CHECK_INT(run_tree_hops(t, r1, c), 1);
	CHECK_INT(run_tree_hops(t, c, r2), 2);
	CHECK_INT(run_tree_hops(t, c, e3), 3);
	CHECK_INT(run_tree_hops(t, e3, c), 3);
	CHECK_INT(run_tree_hops(t, e3, e4), 2);
	CHECK_INT(run_tree_hops(t, e3, e1), 4);
	/* Up two routers to the coordinator, down another. */
	CHECK_INT(run_tree_hops(t, e3, e5), 5);
	CHECK_INT(run_tree_hops(t, e5, e3), 5);
	topo_doc_free(doc);
}

TEST(run_send_from_checked)
{
	char n64[65], *ops[4] = { "from", n64, "C", "x" };
	struct run_send s;

	memset(n64, 'n', 64);
	n64[64] = '\0';
	CHECK_INT(run_parse_send(4, ops, &s, err, sizeof(err)), -EINVAL);
	CHECK_CONTAINS(err, "\": longer than 63 bytes");
	CHECK(!strncmp(err, "NODE \"nnn", 9));
}

/* "node start" (@file NULL) or "state restore" on @n of @ops. */
static int start_ops(int n, char **ops, const char **file)
{
	const char *name = NULL, *radio = NULL;

	return run_parse_start(n, ops, &name, &radio, file, err, sizeof(err));
}

TEST(run_start_operands)
{
	char *ops[5] = { "Router 1", "radio", "hwsim3", "x", NULL };
	const char *name = NULL, *radio = NULL;

	CHECK_INT(run_parse_start(3, ops, &name, &radio, NULL, err,
				  sizeof(err)), 0);
	CHECK_STR(name, "Router 1");
	CHECK_STR(radio, "hwsim3");
	CHECK_INT(start_ops(0, ops, NULL), -EINVAL);
	CHECK_STR(err, "missing NAME");
	CHECK_INT(start_ops(1, ops, NULL), -EINVAL);
	CHECK_STR(err, "missing 'radio RADIO'");
	CHECK_INT(start_ops(2, ops, NULL), -EINVAL);
	CHECK_STR(err, "missing RADIO");
	CHECK_INT(start_ops(4, ops, NULL), -EINVAL);
	CHECK_STR(err, "unexpected argument 'x'");
	ops[1] = "on";
	CHECK_INT(start_ops(3, ops, NULL), -EINVAL);
	CHECK_STR(err, "expected 'radio', not 'on'");
	ops[1] = "radio";
	ops[0] = "";
	CHECK_INT(start_ops(3, ops, NULL), -EINVAL);
	CHECK_STR(err, "NAME \"\": empty");
	ops[0] = "R";
	ops[2] = "hwsim_too_long_name";
	CHECK_INT(start_ops(3, ops, NULL), -EINVAL);
	CHECK_STR(err, "RADIO \"hwsim_too_long_name\": longer than 15 bytes");
}

TEST(run_restore_operands)
{
	char *ops[6] = { "Router 1", "radio", "hwsim3", "r1.json", "y", NULL };
	const char *name = NULL, *radio = NULL, *file = NULL;

	CHECK_INT(run_parse_start(4, ops, &name, &radio, &file, err,
				  sizeof(err)), 0);
	CHECK_STR(name, "Router 1");
	CHECK_STR(radio, "hwsim3");
	CHECK_STR(file, "r1.json");
	CHECK_INT(start_ops(3, ops, &file), -EINVAL);
	CHECK_STR(err, "missing FILE");
	CHECK_INT(start_ops(2, ops, &file), -EINVAL);
	CHECK_STR(err, "missing RADIO");
	CHECK_INT(start_ops(5, ops, &file), -EINVAL);
	CHECK_STR(err, "unexpected argument 'y'");
	ops[1] = "r1.json";
	CHECK_INT(start_ops(2, ops, &file), -EINVAL);
	CHECK_STR(err, "expected 'radio', not 'r1.json'");
}

TEST(run_escape_and_hex)
{
	static const uint8_t data[] = {
		'h', 'i', ' ', '\\', '\n', 0, 0x7f, 0xc3, 0xa9, '~', 0xff,
	};
	char *buf = NULL, *hex;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	REQUIRE(f);
	run_escape(f, data, sizeof(data));
	run_escape(f, data, 0);
	fclose(f);
	CHECK_STR(buf, "hi \\\\\\x0a\\x00\\x7f\\xc3\\xa9~\\xff");
	free(buf);
	hex = run_hex(data, sizeof(data));
	CHECK_STR(hex, "6869205c0a007fc3a97eff");
	free(hex);
	hex = run_hex(data, 0);
	CHECK_STR(hex, "");
	free(hex);
}

TEST(run_fmt_addr_hex)
{
	char a[8];

	CHECK_STR(run_fmt_addr(a, sizeof(a), 0xf000), "0xf000");
	CHECK_STR(run_fmt_addr(a, sizeof(a), 0x0001), "0x0001");
	CHECK_STR(run_fmt_addr(a, sizeof(a), 0xABCD), "0xabcd");
}
