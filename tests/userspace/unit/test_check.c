// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl topology check" on a modulation and in a region: the slot
 * against the MAC's handshake, EU868's duty cycle, US915's dwell time,
 * the -j verdict and the refused option values.
 *
 * The airtimes below are Semtech's formula (SX1276 datasheet, 4.1.1.7)
 * worked by hand, 8-symbol preamble, explicit header, CRC, CR 4/5:
 * T = (8 + 4.25 + 8 + max(ceil((8 PL - 4 SF + 44) / (4 SF)), 0) x 5) Ts,
 * Ts = 2^SF / BW, so that the test does not lean on the code it tests.
 *   SF7/125 kHz (Ts 1.024 ms): 255 bytes 390.25 Ts = 399.616 ms; the
 *	5-byte ACK 30.25 Ts = 30.976 ms; the 11-byte refresh 40.25 Ts =
 *	41.216 ms; the 21-byte configuration 55.25 Ts = 56.576 ms.
 *   SF7/500 kHz (Ts 0.256 ms): 255 bytes 99.904 ms, ACK 7.744 ms.
 *   SF9/125 kHz (Ts 4.096 ms): 255 bytes 305.25 Ts = 1250.304 ms, ACK
 *	30.25 Ts = 123.904 ms.
 *   SF10/125 kHz (Ts 8.192 ms): 255 bytes 280.25 Ts = 2295.808 ms.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "topo_fit.h"
#include "topo_json.h"

static char *out, *err;

/* loomctl ARGS... in the data directory (seed.json, seed-fast.json). */
static int data_run(const char *const *argv)
{
	return test_run_loomctl(test_data_dir, NULL, &out, &err, argv);
}

#define DATA(...) data_run((const char *const[]){ __VA_ARGS__, NULL })

/* One coordinator, one end device: little on the air. */
static const char pair[] =
	"{\"root\": {\"name\": \"C\", \"children\": [\n"
	"  {\"name\": \"E\", \"type\": 0}]},\n"
	"\"config\": {\"slot_ms\": 1000, \"data_interval_ms\": 60000, \"data_cycles\": 10}}\n";

TEST(check_handshake_sf7_500_fits_sf9_125_not)
{
	/*
	 * seed-fast.json: 250 ms slots.  SF7/500: 2 g (1.981 ms each) +
	 * 2 x 99.904 + 7.744 + 2 x 1 = 213.514 ms.
	 */
	CHECK_INT(DATA("topology", "check", "--sf", "7", "--bw", "500",
		       "seed-fast.json"), 0);
	CHECK_STR(out, "seed-fast.json: ok: 13 nodes, 21 slots\n"
		       "  handshake: slot 250.000 ms >= handshake 213.514 ms at SF7/500 kHz CR 4/5 preamble 8\n");
	CHECK_STR(err, "");
	/* SF9/125: 2 x 2.372 + 2 x 1250.304 + 123.904 + 2 = 2631.255 ms. */
	CHECK_INT(DATA("topology", "check", "--sf", "9", "seed-fast.json"), 1);
	CHECK_STR(out, "");
	CHECK_STR(err, "seed-fast.json:2:25: slot_ms 250: slot 250.000 ms < handshake 2631.255 ms at SF9/125 kHz CR 4/5 preamble 8: 2 guards of 2.372 ms, a 255-byte DATA and ACK with data of 1250.304 ms each, a 5-byte ACK of 123.904 ms, 2 turnarounds of 1 ms (slot_ms must be at least 2632, or the modulation faster)\n");
	/* The radio's defaults, SF7/125: 836.935 ms, still too long. */
	CHECK_INT(DATA("topology", "check", "seed-fast.json"), 1);
	CHECK_STARTS(err, "seed-fast.json:2:25: slot_ms 250: slot 250.000 ms < handshake 836.935 ms at SF7/125 kHz CR 4/5 preamble 8: ");
	/* Options after FILE, a longer preamble (8 -> 16: + 8 Ts each). */
	CHECK_INT(DATA("topology", "check", "seed-fast.json", "--bw", "500",
		       "--preamble", "16"), 0);
	CHECK_CONTAINS(out, " at SF7/500 kHz CR 4/5 preamble 16\n");
}

TEST(check_handshake_default_slot_has_no_place)
{
	/* seed.json has no config: the message names the field alone. */
	CHECK_INT(DATA("topology", "check", "--sf", "10", "seed.json"), 1);
	CHECK_STARTS(err, "seed.json: slot_ms 1000: slot 1000.000 ms < handshake 4940.270 ms at SF10/125 kHz ");
}

TEST(check_eu868_over_budget)
{
	/*
	 * Router 1 of seed.json: 7 send and 7 receive slots, 10 cycles:
	 * 10 x (7 x (399.616 + 30.976) + 7 x 399.616) + 41.216 + 56.576 =
	 * 58212.352 ms of a 605041.216 ms period: 9.621 %.
	 */
	CHECK_INT(DATA("topology", "check", "--region", "eu868", "seed.json"),
		  1);
	CHECK_STR(out, "");
	CHECK_STR(err, "seed.json:8:13: node 'Router 1': on the air up to 58212.352 ms per period of 605041.216 ms at SF7/125 kHz CR 4/5 preamble 8: 9.621 % > EU868's 1 % duty cycle (ETSI EN 300 220); 5 of 13 nodes over it (raise data_interval_ms, lower data_cycles or use a faster modulation)\n");
	/* No region: the same file fits. */
	CHECK_INT(DATA("topology", "check", "--region", "none", "seed.json"),
		  0);
}

TEST(check_eu868_fits)
{
	char *path = test_write_file("pair.json", pair);

	REQUIRE(path);
	/*
	 * E: 10 x (399.616 + 30.976) = 4305.920 ms per period of
	 * 601041.216 ms (1 relay slot of 1 s + 600 s + a_r): 0.716 %;
	 * C: 10 x 399.616 + 41.216 + 56.576 = 4093.952 ms, less.
	 */
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "topology", "check",
							  "--region", "eu868",
							  path, NULL }), 0);
	CHECK_CONTAINS(out, ": ok: 2 nodes, 1 slots\n"
			    "  handshake: slot 1000.000 ms >= handshake 930.375 ms at SF7/125 kHz CR 4/5 preamble 8\n"
			    "  eu868_duty_cycle: busiest node 'E': on the air up to 4305.920 ms per period of 601041.216 ms at SF7/125 kHz CR 4/5 preamble 8: 0.716 % <= EU868's 1 % duty cycle\n");
	CHECK_STR(err, "");
}

TEST(check_us915_dwell)
{
	/* SF10/125: a 255-byte frame takes 2295.808 ms. */
	CHECK_INT(DATA("topology", "check", "--sf", "10", "--region", "us915",
		       "seed.json"), 1);
	CHECK_CONTAINS(err, "\nseed.json: longest frame (255 bytes) 2295.808 ms on air at SF10/125 kHz CR 4/5 preamble 8 > US915's 400 ms dwell time (FCC 15.247; use a faster modulation)\n");
	/* SF7/125: 399.616 ms, just within. */
	CHECK_INT(DATA("topology", "check", "--sf", "7", "--region", "us915",
		       "seed.json"), 0);
	CHECK_STR(out, "seed.json: ok: 13 nodes, 21 slots\n"
		       "  handshake: slot 1000.000 ms >= handshake 931.015 ms at SF7/125 kHz CR 4/5 preamble 8\n"
		       "  us915_dwell_time: longest frame (255 bytes) 399.616 ms on air at SF7/125 kHz CR 4/5 preamble 8 <= US915's 400 ms dwell time\n");
	CHECK_STR(err, "");
}

TEST(check_json_exact)
{
	CHECK_INT(DATA("topology", "check", "-j", "--sf", "7", "--region",
		       "us915", "seed.json"), 0);
	CHECK_STR(out, "{\"file\":\"seed.json\",\"valid\":true,\"nodes\":13,\"slots\":21,"
		       "\"radio\":{\"sf\":7,\"bw_hz\":125000,\"cr\":5,\"preamble\":8,\"implicit_header\":false,\"crc\":true,\"ldro\":false},"
		       "\"region\":\"us915\",\"findings\":["
		       "{\"rule\":\"handshake\",\"ok\":true,\"node\":null,\"address\":null,\"field\":\"slot_ms\",\"line\":null,\"column\":null,"
		       "\"slot_ns\":1000000000,\"need_ns\":931014594,\"guard_ns\":49403297,\"frame_len\":255,\"frame_air_ns\":399616000,"
		       "\"ack_len\":5,\"ack_air_ns\":30976000,\"turnaround_ns\":1000000,"
		       "\"message\":\"slot 1000.000 ms >= handshake 931.015 ms at SF7/125 kHz CR 4/5 preamble 8\"},"
		       "{\"rule\":\"us915_dwell_time\",\"ok\":true,\"node\":null,\"address\":null,\"field\":null,\"line\":null,\"column\":null,"
		       "\"frame_len\":255,\"air_ns\":399616000,\"limit_ns\":400000000,"
		       "\"message\":\"longest frame (255 bytes) 399.616 ms on air at SF7/125 kHz CR 4/5 preamble 8 <= US915's 400 ms dwell time\"}]}\n");
	CHECK_STR(err, "");

	/* Over budget: the node, its place in the file, the figures. */
	CHECK_INT(DATA("topology", "check", "-j", "--bw", "500", "--region",
		       "eu868", "seed-fast.json"), 1);
	CHECK_CONTAINS(out, "\"valid\":false,");
	CHECK_CONTAINS(out, "{\"rule\":\"eu868_duty_cycle\",\"ok\":false,\"node\":\"Router 1\",\"address\":\"0x1000\",\"field\":null,\"line\":9,\"column\":13,"
			    "\"air_ns\":2930176000,\"period_ns\":12260304000,\"share\":0.238997,\"limit\":0.010000,\"nodes_over\":13,"
			    "\"message\":\"node 'Router 1': on the air up to 2930.176 ms per period of 12260.304 ms at SF7/500 kHz ");
	/* The broken rule on stderr as well. */
	CHECK_STARTS(err, "seed-fast.json:9:13: node 'Router 1': on the air up to 2930.176 ms");

	/* A topology its rules refuse: one "topology" finding. */
	CHECK_INT(DATA("topology", "check", "-j", "bad-too-deep.json"), 1);
	CHECK_STR(out, "{\"file\":\"bad-too-deep.json\",\"valid\":false,\"nodes\":null,\"slots\":null,"
		       "\"radio\":{\"sf\":7,\"bw_hz\":125000,\"cr\":5,\"preamble\":8,\"implicit_header\":false,\"crc\":true,\"ldro\":false},"
		       "\"region\":\"none\",\"findings\":["
		       "{\"rule\":\"topology\",\"ok\":false,\"node\":\"r3\",\"address\":null,\"field\":null,\"code\":15,\"line\":null,\"column\":null,"
		       "\"message\":\"bad-too-deep.json:9:21: node 'r3': more than 2 routers between an end device and the coordinator\"}]}\n");
	CHECK_STR(err, "bad-too-deep.json:9:21: node 'r3': more than 2 routers between an end device and the coordinator\n");
	/* A file that does not open. */
	CHECK_INT(DATA("topology", "check", "-j", "none.json"), 1);
	CHECK_CONTAINS(out, "{\"file\":\"none.json\",\"valid\":false,");
	CHECK_CONTAINS(out, "\"code\":null,");
	CHECK_STR(err, "loomctl: cannot open none.json: No such file or directory\n");
}

TEST(check_bad_options)
{
	static const struct {
		const char *opt, *val, *msg;
	} cases[] = {
		{ "--sf", "13", "--sf \"13\": must be 5..12" },
		{ "--sf", "4", "--sf \"4\": must be 5..12" },
		{ "--sf", "7.5", "--sf \"7.5\": must be a whole number" },
		{ "--bw", "100", "--bw \"100\": must be one of 7.8, 10.4, 15.6, 20.8, 31.25, 41.7, 62.5, 125, 250, 500 kHz" },
		{ "--cr", "4/9", "--cr \"4/9\": must be 4/5..4/8 (or 5..8)" },
		{ "--preamble", "5", "--preamble \"5\": must be 6..65535" },
		{ "--preamble", "65536", "--preamble \"65536\": must be 6..65535" },
		{ "--region", "eu433", "--region \"eu433\": must be eu868, us915 or none" },
		{ "--region", "EU868", "--region \"EU868\": must be eu868, us915 or none" },
	};
	char *want;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(DATA("topology", "check", cases[i].opt, cases[i].val,
			       "seed.json"), 2);
		REQUIRE(asprintf(&want, "loomctl: topology check: %s\nUsage: loomctl topology check ",
				 cases[i].msg) > 0);
		CHECK_STARTS(err, want);
		CHECK_STR(out, "");
		free(want);
	}
	CHECK_INT(DATA("topology", "check", "seed.json", "--sf"), 2);
	CHECK_STARTS(err, "loomctl: topology check: option '--sf' needs a value\n");
	CHECK_INT(DATA("topology", "check", "--frame", "9", "seed.json"), 2);
	CHECK_STARTS(err, "loomctl: topology check: unknown option '--frame'\n");
}

/* In process: each node's airtime per period, as the schedule sums it. */
TEST(check_air_per_node)
{
	struct loom_lora_params p;
	struct topo_doc doc;
	struct topo_fit f;
	char msg[512], path[4096];
	u32 i, r1 = 0;

	snprintf(path, sizeof(path), "%s/seed.json", test_data_dir);
	REQUIRE(!topo_doc_check(&doc, path, msg, sizeof(msg)));
	loom_lora_params_default(&p);
	REQUIRE(!topo_fit_judge(&f, doc.t, &p, TOPO_REGION_EU868));
	for (i = 0; i < doc.t->n; i++)
		if (!strcmp(doc.t->nodes[i].name, "Router 1"))
			r1 = i;
	CHECK_INT(f.busiest, r1);
	CHECK_INT(f.nodes_over, 5);
	CHECK(!f.duty_fits && f.slot_fits && f.dwell_fits);
	/* The figures of the header comment, in ns. */
	CHECK(f.s.nodes[r1].air_tx_ns ==
	      10ULL * (7 * (399616000ULL + 30976000ULL) + 7 * 399616000ULL) +
	      41216000ULL + 56576000ULL);
	/* An end device relays nothing: its handshakes alone. */
	for (i = 0; i < doc.t->n; i++)
		if (doc.t->nodes[i].role == LOOM_ROLE_END_DEVICE)
			CHECK(f.s.nodes[i].air_tx_ns ==
			      10ULL * (399616000ULL + 30976000ULL));
	topo_fit_free(&f);
	/* No region: nothing over anything. */
	REQUIRE(!topo_fit_judge(&f, doc.t, &p, TOPO_REGION_NONE));
	CHECK(topo_fit_ok(&f));
	topo_fit_free(&f);
	topo_doc_free(&doc);
}

/* "schedule" takes the same modulation options, --preamble too. */
TEST(check_schedule_preamble)
{
	CHECK_INT(DATA("schedule", "--preamble", "12", "seed.json"), 0);
	CHECK_CONTAINS(out, "radio: SF7, 125 kHz, CR 4/5, 12-symbol preamble, ");
	CHECK_INT(DATA("schedule", "--preamble", "5", "seed.json"), 2);
	CHECK_STARTS(err, "loomctl: schedule: --preamble \"5\": must be 6..65535\n");
}
