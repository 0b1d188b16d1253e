// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl hwsim" values: every parser with its edges (range limits, too
 * many decimals, trailing garbage, signs, overflow), the keyword lists of
 * the commands, formatting back, and the Graphviz lines.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "hwsim_parse.h"
#include "test.h"

static char err[HWSIM_ERR_MAX];

/* @s must fail with exactly @why. */
#define BAD(call, why)							\
	do {								\
		err[0] = '\0';						\
		CHECK_INT((call), -EINVAL);				\
		CHECK_STR(err, (why));					\
	} while (0)

#define OK(call)	CHECK_INT((call), 0)

TEST(hwsim_value_mhz)
{
	uint32_t hz = 0;

	OK(hwsim_parse_mhz("868.1", &hz, err, sizeof(err)));
	CHECK_INT(hz, 868100000);
	OK(hwsim_parse_mhz("868.125", &hz, err, sizeof(err)));
	CHECK_INT(hz, 868125000);
	OK(hwsim_parse_mhz("433.000001", &hz, err, sizeof(err)));
	CHECK_INT(hz, 433000001);
	/* Zeros past the sixth decimal change nothing. */
	OK(hwsim_parse_mhz("868.10000000", &hz, err, sizeof(err)));
	CHECK_INT(hz, 868100000);
	OK(hwsim_parse_mhz("137", &hz, err, sizeof(err)));
	CHECK_INT(hz, 137000000);
	OK(hwsim_parse_mhz("1020", &hz, err, sizeof(err)));
	CHECK_INT(hz, 1020000000);

	BAD(hwsim_parse_mhz("868.1000001", &hz, err, sizeof(err)),
	    "too many decimals (at most 6)");
	BAD(hwsim_parse_mhz("136.999999", &hz, err, sizeof(err)),
	    "must be 137..1020 MHz");
	BAD(hwsim_parse_mhz("1020.000001", &hz, err, sizeof(err)),
	    "must be 137..1020 MHz");
	BAD(hwsim_parse_mhz("-868", &hz, err, sizeof(err)),
	    "must be 137..1020 MHz");
	BAD(hwsim_parse_mhz("99999999999999999999999", &hz, err, sizeof(err)),
	    "must be 137..1020 MHz");
	BAD(hwsim_parse_mhz("868.1x", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("868.", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("8e2", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz(" 868", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("+868", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("-", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz(".", &hz, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_mhz("0x300", &hz, err, sizeof(err)), "not a number");
	CHECK_INT(hz, 1020000000);	/* untouched by failures */
}

TEST(hwsim_value_bandwidth)
{
	static const struct {
		const char *khz;
		uint32_t hz;
	} ok[] = {
		{ "7.8", 7800 }, { "10.4", 10400 }, { "15.6", 15600 },
		{ "20.8", 20800 }, { "31.25", 31250 }, { "41.7", 41700 },
		{ "62.5", 62500 }, { "125", 125000 }, { "250", 250000 },
		{ "500", 500000 }, { "125.000", 125000 },
	};
	const char *list = "must be one of 7.8, 10.4, 15.6, 20.8, 31.25, 41.7, 62.5, 125, 250, 500 kHz";
	uint32_t hz;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		hz = 0;
		OK(hwsim_parse_bw(ok[i].khz, &hz, err, sizeof(err)));
		CHECK_INT(hz, ok[i].hz);
	}
	BAD(hwsim_parse_bw("100", &hz, err, sizeof(err)), list);
	BAD(hwsim_parse_bw("-125", &hz, err, sizeof(err)), list);
	BAD(hwsim_parse_bw("0", &hz, err, sizeof(err)), list);
	BAD(hwsim_parse_bw("125000", &hz, err, sizeof(err)), list);
	BAD(hwsim_parse_bw("99999999999999999999", &hz, err, sizeof(err)),
	    list);
	BAD(hwsim_parse_bw("7.81", &hz, err, sizeof(err)), list);
	BAD(hwsim_parse_bw("31.2501", &hz, err, sizeof(err)),
	    "too many decimals (at most 3)");
	BAD(hwsim_parse_bw("125k", &hz, err, sizeof(err)), "not a number");
}

TEST(hwsim_value_levels)
{
	int32_t mdb = 0;

	OK(hwsim_parse_db("-80.5", HWSIM_RSSI_MIN_MDBM, HWSIM_RSSI_MAX_MDBM,
			  " dBm", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, -80500);
	OK(hwsim_parse_db("-0.001", HWSIM_RSSI_MIN_MDBM, HWSIM_RSSI_MAX_MDBM,
			  " dBm", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, -1);
	OK(hwsim_parse_db("-.5", -1000, 1000, " dB", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, -500);
	OK(hwsim_parse_db("-200", HWSIM_RSSI_MIN_MDBM, HWSIM_RSSI_MAX_MDBM,
			  " dBm", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, -200000);
	OK(hwsim_parse_db("50.000", HWSIM_RSSI_MIN_MDBM, HWSIM_RSSI_MAX_MDBM,
			  " dBm", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, 50000);
	OK(hwsim_parse_db("-0", -1000, 1000, " dB", &mdb, err, sizeof(err)));
	CHECK_INT(mdb, 0);

	BAD(hwsim_parse_db("-200.001", HWSIM_RSSI_MIN_MDBM,
			   HWSIM_RSSI_MAX_MDBM, " dBm", &mdb, err, sizeof(err)),
	    "must be -200..50 dBm");
	BAD(hwsim_parse_db("-80.5555", HWSIM_RSSI_MIN_MDBM,
			   HWSIM_RSSI_MAX_MDBM, " dBm", &mdb, err, sizeof(err)),
	    "too many decimals (at most 3)");
	BAD(hwsim_parse_db("-80.5dBm", HWSIM_RSSI_MIN_MDBM,
			   HWSIM_RSSI_MAX_MDBM, " dBm", &mdb, err, sizeof(err)),
	    "not a number");
	BAD(hwsim_parse_db("--80", HWSIM_RSSI_MIN_MDBM, HWSIM_RSSI_MAX_MDBM,
			   " dBm", &mdb, err, sizeof(err)), "not a number");
	/* s32 milli-units: the extremes, and one past them. */
	OK(hwsim_parse_db("-2147483.648", INT32_MIN, INT32_MAX, " dB", &mdb,
			  err, sizeof(err)));
	CHECK_INT(mdb, INT32_MIN);
	BAD(hwsim_parse_db("2147483.648", INT32_MIN, INT32_MAX, " dB", &mdb,
			   err, sizeof(err)),
	    "must be -2147483.648..2147483.647 dB");
	BAD(hwsim_parse_db("-9223372036854775809", INT32_MIN, INT32_MAX,
			   " dB", &mdb, err, sizeof(err)),
	    "must be -2147483.648..2147483.647 dB");
}

TEST(hwsim_value_fixed_s64_limits)
{
	int64_t v;

	OK(hwsim_parse_fixed("-9223372036854775808", 0, INT64_MIN, INT64_MAX,
			     "", &v, err, sizeof(err)));
	CHECK(v == INT64_MIN);
	OK(hwsim_parse_fixed("9223372036854775807", 0, INT64_MIN, INT64_MAX,
			     "", &v, err, sizeof(err)));
	CHECK(v == INT64_MAX);
	BAD(hwsim_parse_fixed("9223372036854775808", 0, INT64_MIN, INT64_MAX,
			      "", &v, err, sizeof(err)),
	    "must be -9223372036854775808..9223372036854775807");
	BAD(hwsim_parse_fixed("18446744073709551616", 0, 0, 10, "", &v, err,
			      sizeof(err)), "must be 0..10");
	BAD(hwsim_parse_fixed("1.5", 0, 0, 10, "", &v, err, sizeof(err)),
	    "must be a whole number");
	OK(hwsim_parse_fixed("1.000", 0, 0, 10, "", &v, err, sizeof(err)));
	CHECK_INT(v, 1);
	/* More decimals than fit in u64, even if the scale allowed them. */
	BAD(hwsim_parse_fixed("0.1234567890123456789", 3, 0, 10, "", &v, err,
			      sizeof(err)), "too many decimals (at most 3)");
}

TEST(hwsim_value_percent)
{
	uint32_t ppm = 0;

	OK(hwsim_parse_percent("10", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 100000);
	OK(hwsim_parse_percent("10%", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 100000);
	OK(hwsim_parse_percent("0.5%", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 5000);
	OK(hwsim_parse_percent("0.0001%", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 1);
	OK(hwsim_parse_percent("100", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 1000000);
	OK(hwsim_parse_percent("0", &ppm, err, sizeof(err)));
	CHECK_INT(ppm, 0);

	BAD(hwsim_parse_percent("0.00001%", &ppm, err, sizeof(err)),
	    "too many decimals (at most 4)");
	BAD(hwsim_parse_percent("100.0001", &ppm, err, sizeof(err)),
	    "must be 0..100%");
	BAD(hwsim_parse_percent("-1%", &ppm, err, sizeof(err)),
	    "must be 0..100%");
	BAD(hwsim_parse_percent("%", &ppm, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_percent("10%%", &ppm, err, sizeof(err)),
	    "not a number");
	BAD(hwsim_parse_percent("%10", &ppm, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_percent("10 %", &ppm, err, sizeof(err)),
	    "not a number");
	BAD(hwsim_parse_percent("", &ppm, err, sizeof(err)), "not a number");
}

TEST(hwsim_value_metres)
{
	int32_t mm = 0;

	OK(hwsim_parse_metres("1.5", &mm, err, sizeof(err)));
	CHECK_INT(mm, 1500);
	OK(hwsim_parse_metres("-20", &mm, err, sizeof(err)));
	CHECK_INT(mm, -20000);
	OK(hwsim_parse_metres("0.001", &mm, err, sizeof(err)));
	CHECK_INT(mm, 1);
	OK(hwsim_parse_metres("2147483.647", &mm, err, sizeof(err)));
	CHECK_INT(mm, INT32_MAX);
	OK(hwsim_parse_metres("-2147483.648", &mm, err, sizeof(err)));
	CHECK_INT(mm, INT32_MIN);
	BAD(hwsim_parse_metres("2147483.648", &mm, err, sizeof(err)),
	    "must be -2147483.648..2147483.647 m");
	BAD(hwsim_parse_metres("0.0005", &mm, err, sizeof(err)),
	    "too many decimals (at most 3)");
	BAD(hwsim_parse_metres("1,5", &mm, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_metres("1m", &mm, err, sizeof(err)), "not a number");
}

TEST(hwsim_value_durations)
{
	const uint64_t s = HWSIM_NSEC_PER_SEC;
	uint64_t ns = 0;

	OK(hwsim_parse_duration("10", s, &ns, err, sizeof(err)));
	CHECK(ns == 10 * s);
	OK(hwsim_parse_duration("500ms", s, &ns, err, sizeof(err)));
	CHECK(ns == 500000000);
	OK(hwsim_parse_duration("1.5s", s, &ns, err, sizeof(err)));
	CHECK(ns == 1500000000);
	OK(hwsim_parse_duration("2m", s, &ns, err, sizeof(err)));
	CHECK(ns == 120 * s);
	OK(hwsim_parse_duration("2min", s, &ns, err, sizeof(err)));
	CHECK(ns == 120 * s);
	OK(hwsim_parse_duration("1h", s, &ns, err, sizeof(err)));
	CHECK(ns == 3600 * s);
	OK(hwsim_parse_duration("1d", s, &ns, err, sizeof(err)));
	CHECK(ns == 86400 * s);
	OK(hwsim_parse_duration("0.1us", s, &ns, err, sizeof(err)));
	CHECK(ns == 100);
	OK(hwsim_parse_duration("7ns", s, &ns, err, sizeof(err)));
	CHECK(ns == 7);
	OK(hwsim_parse_duration("0.000000001", s, &ns, err, sizeof(err)));
	CHECK(ns == 1);
	OK(hwsim_parse_duration("1.000000001h", s, &ns, err, sizeof(err)));
	CHECK(ns == 3600 * s + 3600);
	OK(hwsim_parse_duration("0", s, &ns, err, sizeof(err)));
	CHECK(ns == 0);
	/* The default unit: "gap" counts in milliseconds. */
	OK(hwsim_parse_duration("1000", HWSIM_NSEC_PER_MSEC, &ns, err,
				sizeof(err)));
	CHECK(ns == s);
	OK(hwsim_parse_duration("0.5", HWSIM_NSEC_PER_MSEC, &ns, err,
				sizeof(err)));
	CHECK(ns == 500000);
	OK(hwsim_parse_duration("2s", HWSIM_NSEC_PER_MSEC, &ns, err,
				sizeof(err)));
	CHECK(ns == 2 * s);
	/* u64's edge. */
	OK(hwsim_parse_duration("18446744073709551615ns", s, &ns, err,
				sizeof(err)));
	CHECK(ns == UINT64_MAX);
	OK(hwsim_parse_duration("213503d", s, &ns, err, sizeof(err)));
	CHECK(ns == 213503ULL * 86400 * s);

	BAD(hwsim_parse_duration("18446744073709551616ns", s, &ns, err,
				 sizeof(err)),
	    "too long (at most 18446744073709551615 ns)");
	BAD(hwsim_parse_duration("213504d", s, &ns, err, sizeof(err)),
	    "too long (at most 18446744073709551615 ns)");
	BAD(hwsim_parse_duration("18446744073.709551616", s, &ns, err,
				 sizeof(err)),
	    "too long (at most 18446744073709551615 ns)");
	BAD(hwsim_parse_duration("1.5ns", s, &ns, err, sizeof(err)),
	    "not a whole number of nanoseconds");
	BAD(hwsim_parse_duration("0.0000000001", s, &ns, err, sizeof(err)),
	    "not a whole number of nanoseconds");
	BAD(hwsim_parse_duration("-1s", s, &ns, err, sizeof(err)),
	    "must not be negative");
	BAD(hwsim_parse_duration("10x", s, &ns, err, sizeof(err)),
	    "unknown unit \"x\" (ns, us, ms, s, m, h, d)");
	BAD(hwsim_parse_duration("10 s", s, &ns, err, sizeof(err)),
	    "unknown unit \" s\" (ns, us, ms, s, m, h, d)");
	BAD(hwsim_parse_duration("ms", s, &ns, err, sizeof(err)),
	    "not a duration");
	BAD(hwsim_parse_duration("", s, &ns, err, sizeof(err)),
	    "not a duration");

	/* RUN: seconds by default, more than nothing, at most 14 days. */
	OK(hwsim_parse_run("10", &ns, err, sizeof(err)));
	CHECK(ns == 10 * s);
	OK(hwsim_parse_run("14d", &ns, err, sizeof(err)));
	CHECK(ns == 14 * 86400 * s);
	OK(hwsim_parse_run("1ns", &ns, err, sizeof(err)));
	CHECK(ns == 1);
	BAD(hwsim_parse_run("14.000000001d", &ns, err, sizeof(err)),
	    "must be at most 14 d");
	BAD(hwsim_parse_run("0.0", &ns, err, sizeof(err)),
	    "must be more than 0");
	BAD(hwsim_parse_run("-0", &ns, err, sizeof(err)),
	    "must be more than 0");
}

TEST(hwsim_value_small_words)
{
	uint8_t cr = 0, state = 9;
	uint32_t id = 0;
	uint64_t v = 0;

	OK(hwsim_parse_cr("4/5", &cr, err, sizeof(err)));
	CHECK_INT(cr, 5);
	OK(hwsim_parse_cr("4/8", &cr, err, sizeof(err)));
	CHECK_INT(cr, 8);
	OK(hwsim_parse_cr("6", &cr, err, sizeof(err)));
	CHECK_INT(cr, 6);
	BAD(hwsim_parse_cr("4/9", &cr, err, sizeof(err)),
	    "must be 4/5..4/8 (or 5..8)");
	BAD(hwsim_parse_cr("4/", &cr, err, sizeof(err)),
	    "must be 4/5..4/8 (or 5..8)");
	BAD(hwsim_parse_cr("5/5", &cr, err, sizeof(err)),
	    "must be 4/5..4/8 (or 5..8)");
	BAD(hwsim_parse_cr("4", &cr, err, sizeof(err)),
	    "must be 4/5..4/8 (or 5..8)");

	OK(hwsim_parse_state("off", &state, err, sizeof(err)));
	CHECK_INT(state, LOOM_RADIO_DISABLED);
	OK(hwsim_parse_state("sleep", &state, err, sizeof(err)));
	CHECK_INT(state, LOOM_RADIO_SLEEP);
	OK(hwsim_parse_state("rx", &state, err, sizeof(err)));
	CHECK_INT(state, LOOM_RADIO_RECEIVE);
	OK(hwsim_parse_state("disabled", &state, err, sizeof(err)));
	CHECK_INT(state, LOOM_RADIO_DISABLED);
	OK(hwsim_parse_state("receive", &state, err, sizeof(err)));
	CHECK_INT(state, LOOM_RADIO_RECEIVE);
	BAD(hwsim_parse_state("tx", &state, err, sizeof(err)),
	    "a radio transmits only while it sends; must be off, sleep or rx");
	BAD(hwsim_parse_state("RX", &state, err, sizeof(err)),
	    "must be off, sleep or rx");

	OK(hwsim_parse_id("0", &id, err, sizeof(err)));
	CHECK_INT(id, 0);
	OK(hwsim_parse_id("4294967295", &id, err, sizeof(err)));
	CHECK(id == UINT32_MAX);
	BAD(hwsim_parse_id("4294967296", &id, err, sizeof(err)),
	    "must be 0..4294967295");
	BAD(hwsim_parse_id("-1", &id, err, sizeof(err)),
	    "must be 0..4294967295");
	BAD(hwsim_parse_id("1.5", &id, err, sizeof(err)),
	    "must be a whole number");
	BAD(hwsim_parse_id("r1", &id, err, sizeof(err)), "not a number");

	OK(hwsim_parse_u64("18446744073709551615", &v, err, sizeof(err)));
	CHECK(v == UINT64_MAX);
	OK(hwsim_parse_u64("0xFFFFffffFFFFffff", &v, err, sizeof(err)));
	CHECK(v == UINT64_MAX);
	OK(hwsim_parse_u64("0x2a", &v, err, sizeof(err)));
	CHECK(v == 42);
	BAD(hwsim_parse_u64("18446744073709551616", &v, err, sizeof(err)),
	    "must be 0..18446744073709551615");
	BAD(hwsim_parse_u64("0x10000000000000000", &v, err, sizeof(err)),
	    "must be at most 0xffffffffffffffff");
	BAD(hwsim_parse_u64("0x", &v, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_u64("0x1g", &v, err, sizeof(err)), "not a number");
	BAD(hwsim_parse_u64("-1", &v, err, sizeof(err)),
	    "must be 0..18446744073709551615");
}

TEST(hwsim_format_fixed)
{
	char b[48];

	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 868100000, 6, 6, false),
		  "868.1");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 125000, 3, 3, false), "125");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 31250, 3, 3, false), "31.25");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 0, 3, 3, false), "0");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 0, 3, 1, true), "0.0");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 999, 3, 0, false), "1");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), 499, 3, 0, false), "0");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), UINT64_MAX, 9, 9, false),
		  "18446744073.709551615");
	CHECK_STR(hwsim_fmt_ufixed(b, sizeof(b), UINT64_MAX, 9, 0, false),
		  "18446744074");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -80500, 3, 3, false), "-80.5");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -80550, 3, 1, true), "-80.6");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -80549, 3, 1, true), "-80.5");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -80000, 3, 1, true), "-80.0");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), 80050, 3, 1, true), "80.1");
	/* Rounded to zero, no sign. */
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -40, 3, 1, true), "0.0");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), -1, 3, 3, false), "-0.001");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), INT64_MIN, 3, 3, false),
		  "-9223372036854775.808");
	CHECK_STR(hwsim_fmt_fixed(b, sizeof(b), INT64_MAX, 0, 0, false),
		  "9223372036854775807");
}

TEST(hwsim_format_names)
{
	struct hwsim_pos p = { 1500, -20000, 0 };
	char b[64];

	CHECK_STR(hwsim_fmt_pos(b, sizeof(b), &p), "1.5,-20,0");
	CHECK_STR(hwsim_state_short(LOOM_RADIO_DISABLED), "off");
	CHECK_STR(hwsim_state_short(LOOM_RADIO_TRANSMIT), "tx");
	CHECK_STR(hwsim_state_short(200), "?");
	CHECK_STR(hwsim_state_name(LOOM_RADIO_RECEIVE), "receive");
	CHECK_STR(hwsim_state_name(200), "unknown");
	CHECK_STR(hwsim_origin_name(LOOM_HWSIM_ORIGIN_MODEL), "model");
	CHECK_STR(hwsim_clock_name(LOOM_HWSIM_CLOCK_VIRTUAL), "virtual");
	CHECK_STR(hwsim_stat_name(LOOM_HWSIM_STAT_RX_COLLISION),
		  "rx_collision");
	CHECK(!hwsim_stat_name(LOOM_HWSIM_STAT_UNSPEC));
	CHECK(!hwsim_stat_name(__LOOM_HWSIM_STAT_MAX));
}

#define ARGS(...)	((char *[]){ __VA_ARGS__ })
#define NARGS(...)	((int)(sizeof(ARGS(__VA_ARGS__)) / sizeof(char *)))
#define SETTINGS(st, owned, ...)					\
	hwsim_parse_settings(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), (st), \
			     (owned), err, sizeof(err))

TEST(hwsim_settings_all)
{
	struct hwsim_settings st;
	bool owned = true;

	OK(SETTINGS(&st, &owned, "state", "rx", "freq", "868.1", "bw", "62.5",
		    "sf", "9", "cr", "4/7", "power", "-4", "preamble", "12",
		    "pos", "1.5", "-2", "3", "gen", "20", "gap", "0.5"));
	CHECK_INT(st.set, HWSIM_SET_STATE | HWSIM_SET_FREQ | HWSIM_SET_BW |
		  HWSIM_SET_SF | HWSIM_SET_CR | HWSIM_SET_POWER |
		  HWSIM_SET_PREAMBLE | HWSIM_SET_POS | HWSIM_SET_GEN_LEN |
		  HWSIM_SET_GEN_GAP);
	CHECK(!owned);
	CHECK_INT(st.state, LOOM_RADIO_RECEIVE);
	CHECK_INT(st.freq_hz, 868100000);
	CHECK_INT(st.bw_hz, 62500);
	CHECK_INT(st.sf, 9);
	CHECK_INT(st.cr, 7);
	CHECK_INT(st.tx_power_dbm, -4);
	CHECK_INT(st.preamble, 12);
	CHECK_INT(st.pos.x, 1500);
	CHECK_INT(st.pos.y, -2000);
	CHECK_INT(st.pos.z, 3000);
	CHECK(!st.pos_clear);
	CHECK_INT(st.gen_len, 20);
	CHECK(st.gen_gap_ns == 500000);
}

/* Emulated chips: "chip" and "version" at creation, "fault" after. */
TEST(hwsim_settings_chip)
{
	struct hwsim_settings st;
	bool owned;

	OK(SETTINGS(&st, &owned, "chip", "sx1276", "sf", "9", "bw", "250"));
	CHECK_INT(st.set, HWSIM_SET_KIND | HWSIM_SET_SF | HWSIM_SET_BW);
	CHECK_INT(st.kind, LOOM_HWSIM_KIND_SX1276);
	CHECK(!owned);
	OK(SETTINGS(&st, &owned, "version", "0x22", "chip", "sx1279", "owned"));
	CHECK_INT(st.kind, LOOM_HWSIM_KIND_SX1279);
	CHECK_INT(st.version, 0x22);
	CHECK_INT(st.set, HWSIM_SET_KIND | HWSIM_SET_VERSION);
	CHECK(owned);
	OK(SETTINGS(&st, &owned, "chip", "sx1278", "version", "0"));
	CHECK_INT(st.version, 0);
	OK(SETTINGS(&st, NULL, "fault", "spi-error"));
	CHECK_INT(st.set, HWSIM_SET_FAULT);
	CHECK_INT(st.fault, LOOM_HWSIM_FAULT_SPI_ERROR);
	OK(SETTINGS(&st, NULL, "pos", "1", "2", "fault", "none"));
	CHECK_INT(st.fault, LOOM_HWSIM_FAULT_NONE);
	OK(SETTINGS(&st, NULL, "fault", "crc-error"));
	CHECK_INT(st.fault, LOOM_HWSIM_FAULT_CRC_ERROR);

	BAD(SETTINGS(&st, &owned, "chip", "sx1272"),
	    "chip \"sx1272\": must be sx1276, sx1277, sx1278 or sx1279");
	BAD(SETTINGS(&st, &owned, "chip", "radio"),
	    "chip \"radio\": must be sx1276, sx1277, sx1278 or sx1279");
	BAD(SETTINGS(&st, &owned, "chip", "sx1276", "version", "256"),
	    "version \"256\": must be 0..255 (0x00..0xff)");
	BAD(SETTINGS(&st, &owned, "chip", "sx1276", "version", "0x100"),
	    "version \"0x100\": must be 0..255 (0x00..0xff)");
	BAD(SETTINGS(&st, &owned, "version", "0x12"),
	    "\"version\" is a chip's RegVersion: give \"chip MODEL\" too");
	BAD(SETTINGS(&st, &owned, "chip", "sx1276", "state", "rx"),
	    "\"state\": an emulated sx1276 has none; its driver sets its mode through RegOpMode");
	BAD(SETTINGS(&st, &owned, "gen", "10", "chip", "sx1277"),
	    "\"gen\": an emulated sx1277 has none; its driver sets its mode through RegOpMode");
	BAD(SETTINGS(&st, NULL, "fault", "stuck"),
	    "fault \"stuck\": must be none, spi-error, stuck-irq, mute or crc-error");
	BAD(SETTINGS(&st, NULL, "chip", "sx1276"),
	    "unknown keyword \"chip\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)");
	BAD(SETTINGS(&st, &owned, "fault", "mute"),
	    "unknown keyword \"fault\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, owned, chip, version)");
	CHECK_STR(hwsim_kind_name(LOOM_HWSIM_KIND_RADIO), "radio");
	CHECK_STR(hwsim_kind_name(LOOM_HWSIM_KIND_SX1278), "sx1278");
	CHECK_STR(hwsim_kind_name(200), "unknown");
	CHECK_STR(hwsim_fault_name(LOOM_HWSIM_FAULT_STUCK_IRQ), "stuck-irq");
	CHECK_STR(hwsim_fault_name(__LOOM_HWSIM_FAULT_MAX), "unknown");
	CHECK_STR(hwsim_chip_stat_name(LOOM_HWSIM_CHIP_STAT_IRQS), "irqs");
	CHECK(!hwsim_chip_stat_name(0));
	CHECK(!hwsim_chip_stat_name(__LOOM_HWSIM_CHIP_STAT_MAX));
	CHECK_STR(hwsim_chip_mode_name(0x86), "rxsingle");
	CHECK_STR(hwsim_chip_mode_name(0x09), "stdby");
}

TEST(hwsim_settings_words)
{
	struct hwsim_settings st;
	bool owned;

	/* Z is optional: a keyword after Y is not a coordinate. */
	OK(SETTINGS(&st, NULL, "pos", "1", "2", "sf", "7"));
	CHECK_INT(st.pos.z, 0);
	CHECK_INT(st.sf, 7);
	OK(SETTINGS(&st, NULL, "pos", "-1", "-2", "-.5"));
	CHECK_INT(st.pos.z, -500);
	OK(SETTINGS(&st, &owned, "gen", "0", "owned"));
	CHECK(owned);
	CHECK_INT(st.set, HWSIM_SET_GEN_LEN);
	OK(SETTINGS(&st, NULL, "power", "14.000"));
	CHECK_INT(st.tx_power_dbm, 14);
	OK(SETTINGS(&st, NULL, "gen", "255", "gap", "3600000"));
	CHECK_INT(st.gen_len, 255);
	CHECK(st.gen_gap_ns == 3600 * HWSIM_NSEC_PER_SEC);
	CHECK_INT(hwsim_parse_settings(0, NULL, &st, NULL, err, sizeof(err)),
		  0);
	CHECK_INT(st.set, 0);

	BAD(SETTINGS(&st, NULL, "sf", "13"), "sf \"13\": must be 5..12");
	BAD(SETTINGS(&st, NULL, "sf", "4"), "sf \"4\": must be 5..12");
	BAD(SETTINGS(&st, NULL, "freq", "868.1", "freq", "869"),
	    "\"freq\" given twice");
	BAD(SETTINGS(&st, NULL, "sf"), "\"sf\" needs a value");
	BAD(SETTINGS(&st, NULL, "frob", "1"),
	    "unknown keyword \"frob\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)");
	/* "owned" only where the command takes it. */
	BAD(SETTINGS(&st, NULL, "owned"),
	    "unknown keyword \"owned\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)");
	BAD(SETTINGS(&st, &owned, "owned", "owned"), "\"owned\" given twice");
	BAD(SETTINGS(&st, &owned, "x"),
	    "unknown keyword \"x\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, owned, chip, version)");
	BAD(SETTINGS(&st, NULL, "power", "14.5"),
	    "power \"14.5\": must be a whole number");
	BAD(SETTINGS(&st, NULL, "power", "21"),
	    "power \"21\": must be -4..20 dBm");
	BAD(SETTINGS(&st, NULL, "preamble", "5"),
	    "preamble \"5\": must be 6..65535");
	BAD(SETTINGS(&st, NULL, "preamble", "65536"),
	    "preamble \"65536\": must be 6..65535");
	BAD(SETTINGS(&st, NULL, "gen", "-1"), "gen \"-1\": must be 0..255");
	BAD(SETTINGS(&st, NULL, "gen", "256"), "gen \"256\": must be 0..255");
	BAD(SETTINGS(&st, NULL, "gap", "1.000001h"),
	    "gap \"1.000001h\": must be at most 1 h");
	BAD(SETTINGS(&st, NULL, "gap", "-5"), "gap \"-5\": must not be negative");
	BAD(SETTINGS(&st, NULL, "cr", "4/4"),
	    "cr \"4/4\": must be 4/5..4/8 (or 5..8)");
	BAD(SETTINGS(&st, NULL, "state", "on"),
	    "state \"on\": must be off, sleep or rx");
	BAD(SETTINGS(&st, NULL, "pos", "1"), "pos needs X and Y (metres)");
	BAD(SETTINGS(&st, NULL, "pos", "1", "y"),
	    "pos Y \"y\": not a number");
	BAD(SETTINGS(&st, NULL, "pos", "1", "2", "3.0001"),
	    "pos Z \"3.0001\": too many decimals (at most 3)");
	/* The first bad word is named, the rest is not even looked at. */
	BAD(SETTINGS(&st, NULL, "sf", "7", "bw", "100", "sf", "13"),
	    "bw \"100\": must be one of 7.8, 10.4, 15.6, 20.8, 31.25, 41.7, 62.5, 125, 250, 500 kHz");
}

#define POSITION(pos, ...)						\
	hwsim_parse_position(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), (pos), \
			     err, sizeof(err))

TEST(hwsim_position_words)
{
	struct hwsim_pos p = { 9, 9, 9 };

	OK(POSITION(&p, "10", "20"));
	CHECK_INT(p.x, 10000);
	CHECK_INT(p.y, 20000);
	CHECK_INT(p.z, 0);
	OK(POSITION(&p, "0.001", "-0.001", "2.5"));
	CHECK_INT(p.x, 1);
	CHECK_INT(p.y, -1);
	CHECK_INT(p.z, 2500);
	BAD(POSITION(&p, "1"), "needs X and Y (metres)");
	BAD(POSITION(&p, "1", "2", "3", "4"), "unexpected argument \"4\"");
	BAD(POSITION(&p, "1", "2", "up"), "unexpected argument \"up\"");
	BAD(POSITION(&p, "x", "2"), "X \"x\": not a number");
	BAD(POSITION(&p, "1", "3000000"),
	    "Y \"3000000\": must be -2147483.648..2147483.647 m");
}

#define EDGE(ea, ...)							\
	hwsim_parse_edge(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), (ea), err, \
			 sizeof(err))

TEST(hwsim_edge_words)
{
	struct hwsim_edge_args ea;

	OK(EDGE(&ea, "rssi", "-80.5"));
	CHECK_INT(ea.rssi_mdbm, -80500);
	CHECK(!ea.has_snr && !ea.has_loss && !ea.both);
	OK(EDGE(&ea, "both", "loss", "0.5%", "snr", "-7.25", "rssi", "-120"));
	CHECK_INT(ea.rssi_mdbm, -120000);
	CHECK(ea.has_snr && ea.has_loss && ea.both);
	CHECK_INT(ea.snr_mdb, -7250);
	CHECK_INT(ea.loss_ppm, 5000);

	BAD(EDGE(&ea, "snr", "5"), "\"rssi\" is required");
	BAD(hwsim_parse_edge(0, NULL, &ea, err, sizeof(err)),
	    "\"rssi\" is required");
	BAD(EDGE(&ea, "rssi"), "\"rssi\" needs a value");
	BAD(EDGE(&ea, "rssi", "-80", "both", "both"), "\"both\" given twice");
	BAD(EDGE(&ea, "rssi", "-201"), "rssi \"-201\": must be -200..50 dBm");
	BAD(EDGE(&ea, "rssi", "-80", "snr", "100.001"),
	    "snr \"100.001\": must be -100..100 dB");
	BAD(EDGE(&ea, "rssi", "-80", "loss", "101%"),
	    "loss \"101%\": must be 0..100%");
	BAD(EDGE(&ea, "rssi", "-80", "txpower", "3"),
	    "unknown keyword \"txpower\" (rssi, snr, loss, both)");
}

#define MEDIUM(ma, ...)							\
	hwsim_parse_medium(NARGS(__VA_ARGS__), ARGS(__VA_ARGS__), (ma),	\
			   err, sizeof(err))

TEST(hwsim_medium_words)
{
	struct hwsim_medium_args ma;

	OK(MEDIUM(&ma, "exponent", "2.7", "ref-loss", "40.05", "ref-dist",
		  "0.5", "sigma", "4", "seed", "0x2a"));
	CHECK_INT(ma.set, HWSIM_MED_EXPONENT | HWSIM_MED_REF_LOSS |
		  HWSIM_MED_REF_DIST | HWSIM_MED_SIGMA | HWSIM_MED_SEED);
	CHECK_INT(ma.exponent_milli, 2700);
	CHECK_INT(ma.ref_loss_mdb, 40050);
	CHECK_INT(ma.ref_dist_mm, 500);
	CHECK_INT(ma.sigma_mdb, 4000);
	CHECK(ma.seed == 42);
	OK(MEDIUM(&ma, "ref-loss", "200", "sigma", "30"));
	CHECK_INT(ma.set, HWSIM_MED_REF_LOSS | HWSIM_MED_SIGMA);
	CHECK_INT(ma.ref_loss_mdb, 200000);
	CHECK_INT(ma.sigma_mdb, 30000);

	BAD(hwsim_parse_medium(0, NULL, &ma, err, sizeof(err)),
	    "nothing to set (exponent, ref-loss, ref-dist, sigma, seed)");
	BAD(MEDIUM(&ma, "exponent", "0.999"), "exponent \"0.999\": must be 1..8");
	BAD(MEDIUM(&ma, "exponent", "2.7001"),
	    "exponent \"2.7001\": too many decimals (at most 3)");
	BAD(MEDIUM(&ma, "ref-dist", "0"),
	    "ref-dist \"0\": must be 0.001..4294967.295 m");
	BAD(MEDIUM(&ma, "sigma", "-1"), "sigma \"-1\": must be 0..30 dB");
	BAD(MEDIUM(&ma, "sigma", "30.001"),
	    "sigma \"30.001\": must be 0..30 dB");
	BAD(MEDIUM(&ma, "ref-loss", "-3"),
	    "ref-loss \"-3\": must be 0..200 dB");
	BAD(MEDIUM(&ma, "seed", "-1"),
	    "seed \"-1\": must be 0..18446744073709551615");
	BAD(MEDIUM(&ma, "seed"), "\"seed\" needs a value");
	BAD(MEDIUM(&ma, "exp", "2"),
	    "unknown keyword \"exp\" (exponent, ref-loss, ref-dist, sigma, seed)");
}

TEST(hwsim_dot_lines)
{
	struct hwsim_radio r = { .id = 3, .state = LOOM_RADIO_RECEIVE };
	struct hwsim_edge e = { .from = 1, .to = 2, .rssi_mdbm = -80550 };
	char b[256];

	CHECK_STR(hwsim_dot_node(b, sizeof(b), &r),
		  "  r3 [label=\"radio 3\\nrx\"];\n");
	r.has_pos = true;
	r.pos = (struct hwsim_pos){ 10000, -2500, 1500 };
	r.state = LOOM_RADIO_DISABLED;
	CHECK_STR(hwsim_dot_node(b, sizeof(b), &r),
		  "  r3 [label=\"radio 3\\noff\\n(10, -2.5, 1.5) m\"];\n");
	CHECK_STR(hwsim_dot_edge(b, sizeof(b), &e),
		  "  r1 -> r2 [label=\"-80.6 dBm\"];\n");
	e.origin = LOOM_HWSIM_ORIGIN_MODEL;
	e.rssi_mdbm = -120000;
	CHECK_STR(hwsim_dot_edge(b, sizeof(b), &e),
		  "  r1 -> r2 [label=\"-120.0 dBm\", style=dashed];\n");
}
