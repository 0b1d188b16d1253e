// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl hwsim" output, exact: the tables, one radio in full, the
 * medium, the JSON documents (key order, signed and full-u64 values) and
 * the Graphviz digraph, which Graphviz itself checks where it is
 * installed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "hwsim_show.h"
#include "test.h"

static char *buf;
static size_t len;

static FILE *mem(void)
{
	return test_mem(&buf, &len);
}

static const struct hwsim_radio radios[] = {
	{
		.id = 0, .state = LOOM_RADIO_RECEIVE, .freq_hz = 868100000,
		.bw_hz = 125000, .sf = 7, .cr = 5, .tx_power_dbm = 14,
		.preamble = 8, .max_frame = 255, .has_pos = true,
		.pos = { 0, 0, 1500 }, .gen_len = 20,
		.gen_gap_ns = 1500000000,
		.stats = { 0, 10, 2, 1, 0, 3, 0, 4 },
		.state_ns = { 0, 500000000, 12345678901ULL, 200000000 },
		.energy_nj = 12345678,
	},
	{
		.id = 12, .owned = true, .owner = 4242,
		.state = LOOM_RADIO_DISABLED, .freq_hz = 433175000,
		.bw_hz = 7800, .sf = 12, .cr = 8, .tx_power_dbm = -4,
		.preamble = 6, .max_frame = 255,
		/* An emulated chip, muted, in LoRa RXCONTINUOUS. */
		.kind = LOOM_HWSIM_KIND_SX1278, .version = 0x22,
		.fault = LOOM_HWSIM_FAULT_MUTE, .opmode = 0x85,
		.spi_dev = "spi3.0",
		.chip_stats = { 0, 40, 120, 80, 2, 5, 1, 3, 4, 1, 6, 7, 8 },
	},
};

static const struct hwsim_edge edges[] = {
	{ .from = 0, .to = 12, .rssi_mdbm = -80500, .snr_mdb = 7250,
	  .loss_ppm = 5000 },
	{ .from = 12, .to = 0, .rssi_mdbm = -121449, .snr_mdb = -10000,
	  .origin = LOOM_HWSIM_ORIGIN_MODEL },
};

static const struct hwsim_medium medium = {
	.clock = LOOM_HWSIM_CLOCK_VIRTUAL, .now_ns = 12500000000ULL,
	.events = 1234, .max_radios = 256, .radios = 2,
	.pl_exponent_milli = 2700, .pl_ref_loss_mdb = 40000,
	.pl_ref_dist_mm = 1000, .seed = UINT64_MAX,
};

static const struct hwsim_view view = {
	.medium = &medium, .radios = radios, .nradios = 2, .edges = edges,
	.nedges = 2,
};

static const char medium_text[] =
	"medium\n"
	"  clock      virtual\n"
	"  now        12.5 s\n"
	"  events     1234\n"
	"  radios     2 of 256\n"
	"  path loss  exponent 2.7, 40 dB at 1 m, sigma 0 dB\n"
	"  seed       18446744073709551615\n";

static const char radio_table[] =
	"ID  KIND    STATE  FREQ        BW      SF  CR   POWER  POS      TX  RX  WEAK  LOST  COLL  DEAF  SPI\n"
	"0   radio   rx     868.1MHz    125kHz  7   4/5  14dBm  0,0,1.5  10  2   1     0     3     0     -\n"
	"12  sx1278  off    433.175MHz  7.8kHz  12  4/8  -4dBm  -        0   0   0     0     0     0     spi3.0\n";

static const char edge_table[] =
	"FROM  TO  RSSI         SNR     LOSS  ORIGIN\n"
	"0     12  -80.5dBm     7.25dB  0.5%  manual\n"
	"12    0   -121.449dBm  -10dB   0%    model\n";

TEST(hwsim_show_tables)
{
	struct hwsim_view none = { 0 };
	FILE *f = mem();

	CHECK_INT(hwsim_show_radio_table(f, &view), 0);
	fclose(f);
	CHECK_STR(buf, radio_table);
	f = mem();
	CHECK_INT(hwsim_show_edge_table(f, &view), 0);
	fclose(f);
	CHECK_STR(buf, edge_table);

	f = mem();
	CHECK_INT(hwsim_show_radio_table(f, &none), 0);
	CHECK_INT(hwsim_show_edge_table(f, &none), 0);
	fclose(f);
	CHECK_STR(buf, "no radios\nno edges\n");
}

TEST(hwsim_show_everything)
{
	char *want;
	FILE *f = mem();

	CHECK_INT(hwsim_show_all(f, &view), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "%s\n%s\n%s", medium_text, radio_table,
			 edge_table) > 0);
	CHECK_STR(buf, want);
	free(want);
}

TEST(hwsim_show_one_radio)
{
	FILE *f = mem();

	hwsim_show_radio(f, &radios[0]);
	hwsim_show_radio(f, &radios[1]);
	fclose(f);
	CHECK_STR(buf,
		  "radio 0\n"
		  "  state      rx\n"
		  "  frequency  868.1 MHz\n"
		  "  bandwidth  125 kHz\n"
		  "  sf         7\n"
		  "  cr         4/5\n"
		  "  tx power   14 dBm\n"
		  "  preamble   8 symbols\n"
		  "  max frame  255 bytes\n"
		  "  position   0, 0, 1.5 m\n"
		  "  generator  20 bytes every 1500 ms\n"
		  "  frames     tx 10, rx 2, weak 1, lost 0, collision 3, deaf 0, generator refused 4\n"
		  "  time       off 0 s, sleep 0.5 s, rx 12.345679 s, tx 0.2 s\n"
		  "  energy     12.345678 mJ\n"
		  "radio 12 (owned by netlink port 4242)\n"
		  "  state      off\n"
		  "  frequency  433.175 MHz\n"
		  "  bandwidth  7.8 kHz\n"
		  "  sf         12\n"
		  "  cr         4/8\n"
		  "  tx power   -4 dBm\n"
		  "  preamble   6 symbols\n"
		  "  max frame  255 bytes\n"
		  "  position   none\n"
		  "  generator  off\n"
		  "  frames     tx 0, rx 0, weak 0, lost 0, collision 0, deaf 0, generator refused 0\n"
		  "  time       off 0 s, sleep 0 s, rx 0 s, tx 0 s\n"
		  "  energy     0 mJ\n"
		  "  chip       sx1278 on spi3.0, RegVersion 0x22, fault mute\n"
		  "  opmode     0x85 (lora, rxcont)\n"
		  "  spi        40 transfers, 120 bytes in, 80 bytes out, 2 failed\n"
		  "  chip events irqs 5, resets 1, tx 3, rx 4, refused 1, rx ignored 6, rx timeouts 7, cad 8\n");
}

TEST(hwsim_show_medium_text)
{
	FILE *f = mem();

	hwsim_show_medium(f, &medium);
	fclose(f);
	CHECK_STR(buf, medium_text);
}

/* hwsim_text() picks the printer of each document. */
TEST(hwsim_show_text_docs)
{
	char *want;
	FILE *f = mem();

	CHECK_INT(hwsim_text(f, &view, HWSIM_DOC_MEDIUM), 0);
	CHECK_INT(hwsim_text(f, &view, HWSIM_DOC_RADIOS), 0);
	CHECK_INT(hwsim_text(f, &view, HWSIM_DOC_EDGES), 0);
	CHECK_INT(hwsim_text(f, &view, HWSIM_DOC_RADIO), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "%s%s%sradio 0\n", medium_text, radio_table,
			 edge_table) > 0);
	CHECK(buf && !strncmp(buf, want, strlen(want)));
	free(want);
}

static const char radio0_json[] =
	"{\"id\":0,\"owner\":null,\"state\":\"receive\",\"freq_hz\":868100000,"
	"\"bw_hz\":125000,\"sf\":7,\"cr\":5,\"tx_power_dbm\":14,\"preamble\":8,"
	"\"max_frame\":255,\"pos_mm\":{\"x\":0,\"y\":0,\"z\":1500},"
	"\"gen_len\":20,\"gen_gap_ns\":1500000000,"
	"\"stats\":{\"tx\":10,\"rx\":2,\"rx_weak\":1,\"rx_lost\":0,"
	"\"rx_collision\":3,\"rx_deaf\":0,\"gen_fail\":4},"
	"\"state_time_ns\":{\"disabled\":0,\"sleep\":500000000,"
	"\"receive\":12345678901,\"transmit\":200000000},"
	"\"energy_nj\":12345678,\"kind\":\"radio\",\"chip\":null}";

static const char radio12_json[] =
	"{\"id\":12,\"owner\":4242,\"state\":\"disabled\",\"freq_hz\":433175000,"
	"\"bw_hz\":7800,\"sf\":12,\"cr\":8,\"tx_power_dbm\":-4,\"preamble\":6,"
	"\"max_frame\":255,\"pos_mm\":null,\"gen_len\":0,\"gen_gap_ns\":0,"
	"\"stats\":{\"tx\":0,\"rx\":0,\"rx_weak\":0,\"rx_lost\":0,"
	"\"rx_collision\":0,\"rx_deaf\":0,\"gen_fail\":0},"
	"\"state_time_ns\":{\"disabled\":0,\"sleep\":0,\"receive\":0,"
	"\"transmit\":0},\"energy_nj\":0,\"kind\":\"sx1278\","
	"\"chip\":{\"spi_dev\":\"spi3.0\",\"version\":34,\"fault\":\"mute\","
	"\"opmode\":133,\"mode\":\"rxcont\",\"lora\":true,"
	"\"stats\":{\"spi_xfers\":40,\"spi_bytes_in\":120,\"spi_bytes_out\":80,"
	"\"spi_errors\":2,\"irqs\":5,\"resets\":1,\"tx\":3,\"rx\":4,"
	"\"refused\":1,\"rx_ignored\":6,\"rx_timeouts\":7,\"cad\":8}}}";

static const char edges_json[] =
	"[{\"from\":0,\"to\":12,\"rssi_mdbm\":-80500,\"snr_mdb\":7250,"
	"\"loss_ppm\":5000,\"origin\":\"manual\"},"
	"{\"from\":12,\"to\":0,\"rssi_mdbm\":-121449,\"snr_mdb\":-10000,"
	"\"loss_ppm\":0,\"origin\":\"model\"}]";

static const char medium_json[] =
	"{\"clock\":\"virtual\",\"now_ns\":12500000000,\"events\":1234,"
	"\"max_radios\":256,\"radios\":2,\"pl_exponent_milli\":2700,"
	"\"pl_ref_loss_mdb\":40000,\"pl_ref_dist_mm\":1000,"
	"\"pl_sigma_mdb\":0,\"seed\":18446744073709551615}";

TEST(hwsim_show_json_exact)
{
	char *want;
	FILE *f = mem();

	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_RADIO, false), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "%s\n", radio0_json) > 0);
	CHECK_STR(buf, want);
	free(want);

	f = mem();
	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_RADIOS, false), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "[%s,%s]\n", radio0_json, radio12_json) > 0);
	CHECK_STR(buf, want);
	free(want);

	f = mem();
	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_EDGES, false), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "%s\n", edges_json) > 0);
	CHECK_STR(buf, want);
	free(want);

	f = mem();
	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_MEDIUM, false), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "%s\n", medium_json) > 0);
	CHECK_STR(buf, want);
	free(want);

	f = mem();
	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_ALL, false), 0);
	fclose(f);
	REQUIRE(asprintf(&want, "{\"medium\":%s,\"radios\":[%s,%s],\"edges\":%s}\n",
			 medium_json, radio0_json, radio12_json,
			 edges_json) > 0);
	CHECK_STR(buf, want);
	free(want);
}

TEST(hwsim_show_json_empty_and_pretty)
{
	struct hwsim_view none = { 0 };
	char ebuf[256];
	yajl_val doc, v;
	FILE *f = mem();

	CHECK_INT(hwsim_json(f, &none, HWSIM_DOC_ALL, false), 0);
	fclose(f);
	CHECK_STR(buf, "{\"medium\":null,\"radios\":[],\"edges\":[]}\n");

	/* Pretty output is the same document. */
	f = mem();
	CHECK_INT(hwsim_json(f, &view, HWSIM_DOC_ALL, true), 0);
	fclose(f);
	REQUIRE(buf && strchr(buf, '\n') != strrchr(buf, '\n'));
	doc = yajl_tree_parse(buf, ebuf, sizeof(ebuf));
	REQUIRE(doc);
	v = yajl_tree_get(doc, (const char *[]){ "radios", NULL },
			  yajl_t_array);
	CHECK(v && YAJL_GET_ARRAY(v)->len == 2);
	v = yajl_tree_get(doc, (const char *[]){ "medium", "events", NULL },
			  yajl_t_number);
	CHECK(v && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) == 1234);
	yajl_tree_free(doc);
}

static const char dot_text[] =
	"digraph loom_hwsim {\n"
	"  node [shape=box];\n"
	"  r0 [label=\"radio 0\\nrx\\n(0, 0, 1.5) m\"];\n"
	"  r12 [label=\"radio 12\\noff\"];\n"
	"  r0 -> r12 [label=\"-80.5 dBm\"];\n"
	"  r12 -> r0 [label=\"-121.4 dBm\", style=dashed];\n"
	"}\n";

TEST(hwsim_show_dot_digraph)
{
	struct hwsim_view none = { 0 };
	char *path, *cmd;
	FILE *f = mem();

	hwsim_show_dot(f, &view);
	fclose(f);
	CHECK_STR(buf, dot_text);

	f = mem();
	hwsim_show_dot(f, &none);
	fclose(f);
	CHECK_STR(buf, "digraph loom_hwsim {\n  node [shape=box];\n}\n");

	/* Graphviz is optional here; where it is, it must accept the text. */
	if (access("/usr/bin/dot", X_OK))
		return;
	path = test_write_file("hwsim.dot", dot_text);
	REQUIRE(path);
	REQUIRE(asprintf(&cmd, "/usr/bin/dot -Tsvg %s >/dev/null 2>&1",
			 path) > 0);
	CHECK_INT(system(cmd), 0);
	free(cmd);
}
