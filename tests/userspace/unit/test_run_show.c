// SPDX-License-Identifier: GPL-2.0
/*
 * Output of the running network's commands, exact: the node
 * table, a node's device, slot-edge error and counters, its links, JSON
 * (key order, full u64, null for what is missing), datagram lines with
 * their ports, bytes escaped and named sources, and event lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "fixtures.h"
#include "run_show.h"
#include "test.h"
#include "topo_json.h"

static char *buf;
static size_t len;

static FILE *mem(void)
{
	return test_mem(&buf, &len);
}

/* fixture_seed computed: 0xf000 BillyTheCoord, 0x1101 End Device 3, ... */
static struct topo_doc doc;

static const struct loom_topology *seed(void)
{
	return fixture_topology(&doc, fixture_seed);
}

/*
 * Two nodes: the first with a device, every counter set (its index, plus
 * 100 for the network's, plus 200 for the device's) and 100 slot edges:
 * 10 below 1024 ns, 30 at 1024, 58 at 2048, 2 at 4096 (p50 2048, p99
 * 4096), none later than 5000 ns; the second from a kernel that gave no
 * device and no histogram.
 */
static void make_nodes(struct run_node *nd)
{
	unsigned int i;

	memset(nd, 0, 2 * sizeof(*nd));
	strcpy(nd[0].name, "Router 1 Router 2");
	nd[0].addr = 0x1200;
	strcpy(nd[0].radio, "hwsim4");
	nd[0].ifindex = 7;
	strcpy(nd[0].ifname, "loom4");
	nd[0].synced = true;
	nd[0].datagram_max = 1520;
	for (i = 1; i <= LOOM_MAC_STAT_MAX; i++)
		nd[0].mac[i] = i;
	for (i = 1; i <= LOOM_NET_STAT_MAX; i++)
		nd[0].net[i] = 100 + i;
	for (i = 1; i <= LOOM_DEV_STAT_MAX; i++)
		nd[0].dev[i] = 200 + i;
	nd[0].has_edge = true;
	nd[0].edge_hist[0] = 10;
	nd[0].edge_hist[1] = 30;
	nd[0].edge_hist[9] = 58;
	nd[0].edge_hist[17] = 2;
	nd[0].edge_max_ns = 5000;
	nd[0].has_jitter = true;
	nd[0].jitter_ns = 1250000;
	nd[0].jitter_max_ns = 17700000;
	strcpy(nd[1].name, "BillyTheCoord");
	nd[1].addr = 0xf000;
	strcpy(nd[1].radio, "hwsim0");
	nd[1].mac[LOOM_MAC_STAT_FAILS] = UINT64_MAX;
}

TEST(run_show_node_table_exact)
{
	struct run_node nd[2];
	FILE *f = mem();

	make_nodes(nd);
	CHECK_INT(run_show_node_table(f, nd, 2), 0);
	CHECK_INT(run_show_node_table(f, nd, 0), 0);
	fclose(f);
	/* DROPS: drop_no_route..drop_nomem, 108 + ... + 115. */
	CHECK_STR(buf,
		  "NAME               PROTO  ADDRESS  RADIO   DEVICE  SYNCED  TX   RX   FWD  FAILS                 GIVEN-UP  DROPS\n"
		  "Router 1 Router 2  tree   0x1200   hwsim4  loom4   yes     101  103  105  8                     9         892\n"
		  "BillyTheCoord      tree   0xf000   hwsim0  -       no      0    0    0    18446744073709551615  0         0\n"
		  "no nodes running\n");
}

static const char node_text[] =
	"node Router 1 Router 2\n"
	"  address              0x1200\n"
	"  radio                hwsim4\n"
	"  device               loom4 (ifindex 7)\n"
	"  synced               yes\n"
	"  datagram max         1520 bytes\n"
	"  slot edge            100 edges, p50 2.0 us, p99 4.1 us, max 5.0 us\n"
	"  jitter guard         1.3 ms (largest 17.7 ms)\n"
	"  mac\n"
	"    refresh_tx         1\n"
	"    refresh_rx         2\n"
	"    refresh_missed     3\n"
	"    sync_lost          4\n"
	"    data_tx            5\n"
	"    polls              6\n"
	"    acked              7\n"
	"    fails              8\n"
	"    given_up           9\n"
	"    queue_full         10\n"
	"    dups               11\n"
	"    delivered          12\n"
	"    ignored            13\n"
	"    xmit_errors        14\n"
	"    rx_dropped         15\n"
	"    more_rx            16\n"
	"    more_missed        17\n"
	"    config_mismatch    18\n"
	"    late_skips         19\n"
	"    late_refresh       20\n"
	"    held               21\n"
	"  net\n"
	"    tx_datagrams       101\n"
	"    tx_frags           102\n"
	"    rx_datagrams       103\n"
	"    rx_frags           104\n"
	"    forwarded          105\n"
	"    errors_sent        106\n"
	"    errors_rx          107\n"
	"    drop_no_route      108\n"
	"    drop_queue         109\n"
	"    drop_reasm         110\n"
	"    drop_orphan        111\n"
	"    drop_timeout       112\n"
	"    drop_evicted       113\n"
	"    drop_given_up      114\n"
	"    drop_nomem         115\n"
	"  dev\n"
	"    rx_port            201\n"
	"    rx_ipv6            202\n"
	"    echo               203\n"
	"    drop_no_port       204\n"
	"    drop_sock_full     205\n"
	"    drop_down          206\n"
	"    drop_dispatch      207\n"
	"    drop_nomem         208\n"
	"    tx_ipv6            209\n"
	"    tx_drop_multicast  210\n"
	"    tx_drop_no_addr    211\n"
	"    tx_drop_refused    212\n"
	"    echo_refused       213\n"
	"    radio_down         214\n"
	"    radio_up           215\n";

TEST(run_show_node_full)
{
	struct run_node nd[2];
	char *want;
	FILE *f = mem();

	make_nodes(nd);
	run_show_node(f, &nd[0]);
	fclose(f);
	CHECK_STR(buf, node_text);

	/* "stats": the blocks, a blank line between. */
	f = mem();
	run_show_nodes(f, nd, 2);
	fclose(f);
	REQUIRE(asprintf(&want, "%s\nnode BillyTheCoord\n", node_text) > 0);
	CHECK(!strncmp(buf, want, strlen(want)));
	CHECK_CONTAINS(buf, "\n  device               -\n");
	CHECK_CONTAINS(buf, "\n  synced               no\n");
	CHECK_CONTAINS(buf, "\n  slot edge            -\n");
	CHECK_CONTAINS(buf, "\n    fails              18446744073709551615\n");
	CHECK_CONTAINS(buf, "\n    tx_drop_refused    0\n");
	free(want);
	f = mem();
	run_show_nodes(f, nd, 0);
	fclose(f);
	CHECK_STR(buf, "no nodes running\n");
}

TEST(run_json_nodes_exact)
{
	static const char *const mac[] = {
		"refresh_tx", "refresh_rx", "refresh_missed", "sync_lost",
		"data_tx", "polls", "acked", "fails", "given_up", "queue_full",
		"dups", "delivered", "ignored", "xmit_errors", "rx_dropped",
		"more_rx", "more_missed", "config_mismatch", "late_skips",
		"late_refresh", "held",
	};
	static const char *const net[] = {
		"tx_datagrams", "tx_frags", "rx_datagrams", "rx_frags",
		"forwarded", "errors_sent", "errors_rx", "drop_no_route",
		"drop_queue", "drop_reasm", "drop_orphan", "drop_timeout",
		"drop_evicted", "drop_given_up", "drop_nomem",
	};
	static const char *const dev[] = {
		"rx_port", "rx_ipv6", "echo", "drop_no_port", "drop_sock_full",
		"drop_down", "drop_dispatch", "drop_nomem", "tx_ipv6",
		"tx_drop_multicast", "tx_drop_no_addr", "tx_drop_refused",
		"echo_refused", "radio_down", "radio_up",
	};
	char *want = NULL, *p;
	struct run_node nd[2];
	size_t wl = 0;
	unsigned int i;
	FILE *f, *w;

	make_nodes(nd);
	w = open_memstream(&want, &wl);
	REQUIRE(w);
	fputs("{\"name\":\"Router 1 Router 2\",\"proto\":\"tree\","
	      "\"address\":\"0x1200\","
	      "\"radio\":\"hwsim4\",\"ifindex\":7,\"ifname\":\"loom4\","
	      "\"synced\":true,\"datagram_max\":1520,\"mac\":{", w);
	for (i = 0; i < LOOM_MAC_STAT_MAX; i++)
		fprintf(w, "%s\"%s\":%u", i ? "," : "", mac[i], i + 1);
	fputs("},\"net\":{", w);
	for (i = 0; i < 15; i++)
		fprintf(w, "%s\"%s\":%u", i ? "," : "", net[i], 101 + i);
	fputs("},\"dev\":{", w);
	for (i = 0; i < LOOM_DEV_STAT_MAX; i++)
		fprintf(w, "%s\"%s\":%u", i ? "," : "", dev[i], 201 + i);
	fputs("},\"edge\":{\"count\":100,\"p50_ns\":2048,\"p99_ns\":4096,"
	      "\"max_ns\":5000,\"hist\":[10,30", w);
	for (i = 2; i < LOOM_EDGE_BUCKETS; i++)
		fputs(i == 9 ? ",58" : i == 17 ? ",2" : ",0", w);
	fputs("]},\"jitter_ns\":1250000,\"jitter_max_ns\":17700000}\n", w);
	fclose(w);

	f = mem();
	CHECK_INT(run_json_nodes(f, nd, 1, false, false), 0);
	fclose(f);
	CHECK_STR(buf, want);

	/* An array: "node list -j" and "stats -j". */
	f = mem();
	CHECK_INT(run_json_nodes(f, nd, 2, true, false), 0);
	fclose(f);
	REQUIRE(buf[0] == '[');
	CHECK(!strncmp(buf + 1, want, strlen(want) - 1));
	p = buf + strlen(want);
	CHECK_STARTS(p, ",{\"name\":\"BillyTheCoord\",\"proto\":\"tree\","
		     "\"address\":\"0xf000\","
		     "\"radio\":\"hwsim0\",\"ifindex\":0,\"ifname\":null,"
		     "\"synced\":false,");
	CHECK_CONTAINS(buf, "\"fails\":18446744073709551615,");
	CHECK_STR(buf + strlen(buf) - 15, ",\"edge\":null}]\n");
	f = mem();
	CHECK_INT(run_json_nodes(f, nd, 0, true, false), 0);
	fclose(f);
	CHECK_STR(buf, "[]\n");
	free(want);
}

TEST(run_json_nodes_pretty_parses)
{
	struct run_node nd[2];
	yajl_val v, x;
	char e[256];
	FILE *f = mem();

	make_nodes(nd);
	CHECK_INT(run_json_nodes(f, nd, 2, true, true), 0);
	fclose(f);
	v = yajl_tree_parse(buf, e, sizeof(e));
	REQUIRE(v && YAJL_IS_ARRAY(v));
	CHECK_INT(YAJL_GET_ARRAY(v)->len, 2);
	x = yajl_tree_get(YAJL_GET_ARRAY(v)->values[1],
			  (const char *[]){ "net", "drop_nomem", NULL },
			  yajl_t_number);
	CHECK(x && YAJL_GET_INTEGER(x) == 0);
	x = yajl_tree_get(YAJL_GET_ARRAY(v)->values[0],
			  (const char *[]){ "dev", "echo", NULL },
			  yajl_t_number);
	CHECK(x && YAJL_GET_INTEGER(x) == 203);
	/* What a benchmark merges: "hist", LOOM_EDGE_BUCKETS numbers. */
	x = yajl_tree_get(YAJL_GET_ARRAY(v)->values[0],
			  (const char *[]){ "edge", "hist", NULL },
			  yajl_t_array);
	REQUIRE(x);
	CHECK_INT(YAJL_GET_ARRAY(x)->len, LOOM_EDGE_BUCKETS);
	CHECK_INT(YAJL_GET_INTEGER(YAJL_GET_ARRAY(x)->values[9]), 58);
	yajl_tree_free(v);
}

TEST(run_show_edge_none_yet)
{
	struct run_node nd[2];
	FILE *f = mem();

	/* A histogram with nothing in it: no percentile to speak of. */
	make_nodes(nd);
	nd[1].has_edge = true;
	nd[1].edge_max_ns = 0;
	run_show_node(f, &nd[1]);
	fclose(f);
	CHECK_CONTAINS(buf, "\n  datagram max         0 bytes\n"
			    "  slot edge            no edges yet\n  mac\n");
	f = mem();
	CHECK_INT(run_json_nodes(f, &nd[1], 1, false, false), 0);
	fclose(f);
	CHECK_CONTAINS(buf, ",\"edge\":{\"count\":0,\"p50_ns\":null,"
			    "\"p99_ns\":null,\"max_ns\":null,\"hist\":[0,0,");
	CHECK_STR(buf + strlen(buf) - 6, ",0]}}\n");

	/* Late edges, in the units that fit them. */
	nd[1].edge_hist[LOOM_EDGE_BUCKETS - 1] = 1;
	nd[1].edge_hist[0] = 1;
	nd[1].edge_max_ns = 2500000000ULL;
	f = mem();
	run_show_node(f, &nd[1]);
	fclose(f);
	CHECK_CONTAINS(buf, "\n  slot edge            2 edges, p50 0.0 us, p99 125.8 ms, max 2.5 s\n");
}

/* Router 1's neighbours in the seed: its parent and two children. */
static void make_links(struct run_link *l)
{
	memset(l, 0, 4 * sizeof(*l));
	l[0] = (struct run_link){
		.addr = 0x1100, .heard = true, .rssi_mdbm = -91250,
		.snr_mdb = -2049, .age_ms = 61999, .rx_frames = 12,
		.hs_ok = 10, .hs_fail = 2, .fails = 1,
	};
	l[1] = (struct run_link){
		.addr = 0xf000, .parent = true, .heard = true,
		.rssi_mdbm = -80000, .snr_mdb = 10000, .age_ms = 250,
		.rx_frames = 40, .hs_ok = 7,
	};
	/* Never heard; the topology has no node there. */
	l[2] = (struct run_link){ .addr = 0x1003 };
	l[3] = (struct run_link){
		.addr = 0x1001, .heard = true, .rssi_mdbm = -120000,
		.age_ms = UINT32_MAX, .rx_frames = UINT32_MAX,
		.fails = 5,
	};
}

/* make_links() in "link" order: the parent first, then by address. */
static void sorted_links(struct run_link *l)
{
	make_links(l);
	qsort(l, 4, sizeof(*l), run_link_cmp);
}

TEST(run_show_links_sorted)
{
	const struct loom_topology *t = seed();
	struct run_link l[4];
	FILE *f = mem();

	REQUIRE(t);
	sorted_links(l);
	CHECK_INT(run_show_links(f, l, 4, t), 0);
	CHECK_INT(run_show_links(f, l, 0, t), 0);
	fclose(f);
	CHECK_STR(buf,
		  "NEIGHBOUR      ADDRESS  ROLE    RSSI        SNR      AGE          FRAMES      HS-OK  HS-FAIL  FAILS\n"
		  "BillyTheCoord  0xf000   parent  -80.0 dBm   10.0 dB  0.3 s        40          7      0        0\n"
		  "End Device 2   0x1001   child   -120.0 dBm  0.0 dB   4294967.3 s  4294967295  0      0        5\n"
		  "-              0x1003   child   -           -        -            0           0      0        0\n"
		  "Router 2       0x1100   child   -91.3 dBm   -2.0 dB  62.0 s       12          10     2        1\n"
		  "no neighbours\n");
	topo_doc_free(&doc);
}

TEST(run_json_links_exact)
{
	const struct loom_topology *t = seed();
	struct run_link l[4];
	FILE *f = mem();

	REQUIRE(t);
	sorted_links(l);
	CHECK_INT(run_json_links(f, l, 3, t, false), 0);
	CHECK_INT(run_json_links(f, l, 0, NULL, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "[{\"name\":\"BillyTheCoord\",\"address\":\"0xf000\",\"parent\":true,"
		  "\"rssi_mdbm\":-80000,\"snr_mdb\":10000,\"age_ms\":250,"
		  "\"rx_frames\":40,\"hs_ok\":7,\"hs_fail\":0,\"fails\":0},"
		  "{\"name\":\"End Device 2\",\"address\":\"0x1001\",\"parent\":false,"
		  "\"rssi_mdbm\":-120000,\"snr_mdb\":0,\"age_ms\":4294967295,"
		  "\"rx_frames\":4294967295,\"hs_ok\":0,\"hs_fail\":0,\"fails\":5},"
		  "{\"name\":null,\"address\":\"0x1003\",\"parent\":false,"
		  "\"rssi_mdbm\":null,\"snr_mdb\":null,\"age_ms\":null,"
		  "\"rx_frames\":0,\"hs_ok\":0,\"hs_fail\":0,\"fails\":0}]\n"
		  "[]\n");
	topo_doc_free(&doc);
}

TEST(run_show_links_unknown_signal)
{
	/* Heard over an interface's radio: an age, no level. */
	const struct run_link l = {
		.addr = 0xf000, .parent = true, .heard = true,
		.rssi_mdbm = LOOM_SIGNAL_UNKNOWN, .snr_mdb = LOOM_SIGNAL_UNKNOWN,
		.age_ms = 1250, .rx_frames = 3, .hs_ok = 2,
	};
	const struct loom_topology *t = seed();
	FILE *f = mem();

	REQUIRE(t);
	CHECK_INT(run_show_links(f, &l, 1, t), 0);
	fclose(f);
	CHECK_STR(buf,
		  "NEIGHBOUR      ADDRESS  ROLE    RSSI     SNR      AGE    FRAMES  HS-OK  HS-FAIL  FAILS\n"
		  "BillyTheCoord  0xf000   parent  unknown  unknown  1.3 s  3       2      0        0\n");
	f = mem();
	CHECK_INT(run_json_links(f, &l, 1, t, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "[{\"name\":\"BillyTheCoord\",\"address\":\"0xf000\",\"parent\":true,"
		  "\"rssi_mdbm\":null,\"snr_mdb\":null,\"age_ms\":1250,"
		  "\"rx_frames\":3,\"hs_ok\":2,\"hs_fail\":0,\"fails\":0}]\n");
	topo_doc_free(&doc);
}

static const uint8_t hello[] = "hello";
static const uint8_t binary[] = { 'a', '\\', 0, 0xff, '\n' };

TEST(run_show_datagrams)
{
	const struct loom_topology *t = seed();
	struct run_datagram d = {
		.node = "BillyTheCoord", .addr = 0xf000, .port = 1,
		.src = 0x1101, .src_port = 0, .data = hello, .len = 5,
		.rssi_mdbm = -80000, .snr_mdb = 10000,
	};
	FILE *f;

	REQUIRE(t);
	f = mem();
	run_show_datagram(f, &d, t);
	/* From a socket: both ports. */
	d.port = 7;
	d.src_port = 130;
	/* No topology, or a source it lacks: the address alone; no "-0.0". */
	d.rssi_mdbm = -112549;
	d.snr_mdb = -5;
	run_show_datagram(f, &d, NULL);
	d.src = 0x1234;
	d.data = binary;
	d.len = sizeof(binary);
	d.rssi_mdbm = -112550;
	d.snr_mdb = 7250;
	run_show_datagram(f, &d, t);
	d.len = 0;
	run_show_datagram(f, &d, t);
	/* Over an interface's radio: no level to tell, no number made up. */
	d.rssi_mdbm = LOOM_SIGNAL_UNKNOWN;
	d.snr_mdb = LOOM_SIGNAL_UNKNOWN;
	d.data = hello;
	d.len = 5;
	run_show_datagram(f, &d, t);
	d.rssi_mdbm = -1;
	run_show_datagram(f, &d, t);
	fclose(f);
	CHECK_STR(buf,
		  "BillyTheCoord:1 <- 0x1101:0 (End Device 3) rssi -80.0 dBm snr 10.0 dB: hello\n"
		  "BillyTheCoord:7 <- 0x1101:130 rssi -112.5 dBm snr 0.0 dB: hello\n"
		  "BillyTheCoord:7 <- 0x1234:130 rssi -112.6 dBm snr 7.3 dB: a\\\\\\x00\\xff\\x0a\n"
		  "BillyTheCoord:7 <- 0x1234:130 rssi -112.6 dBm snr 7.3 dB: \n"
		  "BillyTheCoord:7 <- 0x1234:130 rssi unknown snr unknown: hello\n"
		  "BillyTheCoord:7 <- 0x1234:130 rssi 0.0 dBm snr unknown: hello\n");
	topo_doc_free(&doc);
}

TEST(run_json_datagrams)
{
	const struct loom_topology *t = seed();
	struct run_datagram d = {
		.node = "End Device 3", .addr = 0x1101, .port = 1,
		.src = 0xf000, .data = hello, .len = 5, .rssi_mdbm = -80500,
		.snr_mdb = -7250,
	};
	static const uint8_t nul[] = { 'a', 0, 'b' };
	FILE *f;

	REQUIRE(t);
	f = mem();
	CHECK_INT(run_json_datagram(f, &d, t, false), 0);
	d.src = 0x0042;
	d.port = 200;
	d.src_port = 255;
	d.data = binary;
	d.len = sizeof(binary);
	CHECK_INT(run_json_datagram(f, &d, t, false), 0);
	d.data = nul;
	d.len = 3;
	CHECK_INT(run_json_datagram(f, &d, NULL, false), 0);
	d.rssi_mdbm = LOOM_SIGNAL_UNKNOWN;
	d.snr_mdb = LOOM_SIGNAL_UNKNOWN;
	CHECK_INT(run_json_datagram(f, &d, NULL, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"End Device 3\",\"address\":\"0x1101\",\"port\":1,"
		  "\"src\":\"0xf000\",\"src_port\":0,"
		  "\"src_name\":\"BillyTheCoord\",\"rssi_mdbm\":-80500,\"snr_mdb\":-7250,"
		  "\"len\":5,\"data\":\"hello\",\"data_hex\":\"68656c6c6f\"}\n"
		  "{\"node\":\"End Device 3\",\"address\":\"0x1101\",\"port\":200,"
		  "\"src\":\"0x0042\",\"src_port\":255,"
		  "\"src_name\":null,\"rssi_mdbm\":-80500,\"snr_mdb\":-7250,"
		  "\"len\":5,\"data\":null,\"data_hex\":\"615c00ff0a\"}\n"
		  "{\"node\":\"End Device 3\",\"address\":\"0x1101\",\"port\":200,"
		  "\"src\":\"0x0042\",\"src_port\":255,"
		  "\"src_name\":null,\"rssi_mdbm\":-80500,\"snr_mdb\":-7250,"
		  "\"len\":3,\"data\":\"a\\u0000b\",\"data_hex\":\"610062\"}\n"
		  "{\"node\":\"End Device 3\",\"address\":\"0x1101\",\"port\":200,"
		  "\"src\":\"0x0042\",\"src_port\":255,"
		  "\"src_name\":null,\"rssi_mdbm\":null,\"snr_mdb\":null,"
		  "\"len\":3,\"data\":\"a\\u0000b\",\"data_hex\":\"610062\"}\n");
	topo_doc_free(&doc);
}

TEST(run_show_events)
{
	const struct loom_topology *t = seed();
	struct run_event ev = {
		.node = "Router 2", .addr = 0x1100, .event = LOOM_EVENT_SYNCED,
	};
	FILE *f;

	REQUIRE(t);
	f = mem();
	run_show_event(f, &ev, t);
	ev.event = LOOM_EVENT_SYNC_LOST;
	run_show_event(f, &ev, t);
	ev.event = LOOM_EVENT_GAVE_UP;
	ev.has_link = true;
	ev.reporter = 0x1100;
	ev.subject = 0x1101;
	ev.failures = 5;
	run_show_event(f, &ev, t);
	ev.failures = 1;
	run_show_event(f, &ev, NULL);
	ev = (struct run_event){
		.node = "BillyTheCoord", .addr = 0xf000,
		.event = LOOM_EVENT_REPORT, .has_link = true,
		.reporter = 0x1100, .subject = 0x1102, .failures = 5,
	};
	run_show_event(f, &ev, t);
	ev.event = 99;
	run_show_event(f, &ev, t);
	fclose(f);
	CHECK_STR(buf,
		  "Router 2 (0x1100): synced\n"
		  "Router 2 (0x1100): sync lost\n"
		  "Router 2 (0x1100): gave up on 0x1101 (End Device 3) after 5 failures\n"
		  "Router 2 (0x1100): gave up on 0x1101 after 1 failure\n"
		  "BillyTheCoord (0xf000): report from 0x1100 (Router 2): gave up on 0x1102 (End Device 4) after 5 failures\n"
		  "BillyTheCoord (0xf000): event 99\n");
	topo_doc_free(&doc);
}

TEST(run_json_events)
{
	const struct loom_topology *t = seed();
	struct run_event ev = {
		.node = "Router 2", .addr = 0x1100,
		.event = LOOM_EVENT_SYNC_LOST,
	};
	FILE *f;

	REQUIRE(t);
	f = mem();
	CHECK_INT(run_json_event(f, &ev, t, false), 0);
	ev = (struct run_event){
		.node = "BillyTheCoord", .addr = 0xf000,
		.event = LOOM_EVENT_REPORT, .has_link = true,
		.reporter = 0x1100, .subject = 0x1234, .failures = 5,
	};
	CHECK_INT(run_json_event(f, &ev, t, false), 0);
	ev.event = 200;
	ev.has_link = false;
	CHECK_INT(run_json_event(f, &ev, t, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\"node\":\"Router 2\",\"address\":\"0x1100\",\"event\":\"sync_lost\"}\n"
		  "{\"node\":\"BillyTheCoord\",\"address\":\"0xf000\",\"event\":\"report\","
		  "\"reporter\":\"0x1100\",\"reporter_name\":\"Router 2\","
		  "\"subject\":\"0x1234\",\"subject_name\":null,\"failures\":5}\n"
		  "{\"node\":\"BillyTheCoord\",\"address\":\"0xf000\",\"event\":\"unknown\","
		  "\"code\":200}\n");
	topo_doc_free(&doc);
}
