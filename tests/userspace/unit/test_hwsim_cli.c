// SPDX-License-Identifier: GPL-2.0
/*
 * The loomctl binary's "hwsim" group, up to the point where it would open
 * a socket: commands of several words with their prefixes and help, and
 * every refusal of a bad word, which must come before anything is sent
 * (exit 2).  Nothing here reaches the kernel.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char *out, *err;

static int run(const char *const *argv)
{
	return test_run_loomctl(NULL, NULL, &out, &err, argv);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

TEST(cli_hwsim_help)
{
	CHECK_INT(RUN("hwsim", "help"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl hwsim radio add [owned] [chip MODEL [version V]] [SETTINGS]\n");
	CHECK_CONTAINS(out, "       loomctl hwsim edge set FROM TO rssi DBM [snr DB] [loss PCT] [both]\n");
	CHECK_CONTAINS(out, "       loomctl hwsim show [--dot | -j [-p]]\n");
	CHECK_CONTAINS(out, "\nSETTINGS, in any order:\n");
	CHECK_CONTAINS(out, "  bw KHZ                 7.8 10.4 15.6 20.8 31.25 41.7 62.5 125 250 500\n");
	/* A long synopsis gets its help on the next line. */
	CHECK_CONTAINS(out, "  edge set FROM TO rssi DBM [snr DB] [loss PCT] [both]\n"
			    "                           set the link");
	CHECK_STR(err, "");
	CHECK_INT(RUN("help"), 0);
	CHECK_CONTAINS(out, "  hwsim       simulated LoRa radios");
}

TEST(cli_hwsim_command_help)
{
	CHECK_INT(RUN("help", "hwsim", "radio", "add"), 0);
	CHECK_STARTS(out, "Usage: loomctl hwsim radio add [owned] [chip MODEL [version V]] [SETTINGS]\n\n");
	CHECK_CONTAINS(out, "SETTINGS, in any order:");
	CHECK_INT(RUN("hwsim", "edge", "set", "1", "2", "rssi", "-80", "-h"), 0);
	CHECK_STARTS(out, "Usage: loomctl hwsim edge set FROM");
	CHECK_INT(RUN("hwsim", "run", "--help"), 0);
	CHECK_STARTS(out, "Usage: loomctl hwsim run DURATION\n");
	/* An object without its command: the group's help. */
	CHECK_INT(RUN("help", "hwsim", "radio"), 0);
	CHECK_STARTS(out, "Usage: loomctl hwsim radio add");
	CHECK_INT(RUN("hwsim", "radio", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl hwsim radio add");
	CHECK_STR(err, "");
}

TEST(cli_hwsim_command_words)
{
	CHECK_INT(RUN("hwsim", "radio"), 2);
	CHECK_STR(err, "loomctl: hwsim: missing command after 'radio' (add, set, del, list, show)\n"
		       "Try 'loomctl hwsim help'.\n");
	CHECK_INT(RUN("hwsim", "position"), 2);
	CHECK_CONTAINS(err, "missing command after 'position' (set, clear)\n");
	CHECK_INT(RUN("hwsim", "radio", "frob"), 2);
	CHECK_STR(err, "loomctl: hwsim: unknown command 'radio frob'\n"
		       "Try 'loomctl hwsim help'.\n");
	/* radio or run; radio set or show; medium set or show. */
	CHECK_INT(RUN("hwsim", "r"), 2);
	CHECK_CONTAINS(err, "ambiguous command 'r'\n");
	CHECK_INT(RUN("hwsim", "radio", "s", "1"), 2);
	CHECK_CONTAINS(err, "ambiguous command 'radio s'\n");
	CHECK_INT(RUN("hwsim", "frob"), 2);
	CHECK_CONTAINS(err, "unknown command 'frob'\n");
	CHECK_STR(out, "");
	/* Unique prefixes, word by word (refused later, for the value). */
	REFUSED("loomctl: hwsim radio set: sf \"4\": must be 5..12",
		"hw", "ra", "se", "1", "sf", "4");
	REFUSED("loomctl: hwsim position set: X \"a\": not a number",
		"hwsim", "pos", "s", "1", "a", "2");
}

TEST(cli_hwsim_value_errors)
{
	REFUSED("loomctl: hwsim radio set: sf \"13\": must be 5..12",
		"hwsim", "radio", "set", "3", "sf", "13");
	CHECK_CONTAINS(err, "\nUsage: loomctl hwsim radio set ID SETTINGS | ID [pos X Y [Z]] fault FAULT\n");
	REFUSED("loomctl: hwsim radio add: chip \"sx1272\": must be sx1276, sx1277, sx1278 or sx1279",
		"hwsim", "radio", "add", "chip", "sx1272");
	REFUSED("loomctl: hwsim radio add: \"state\": an emulated sx1276 has none; its driver sets its mode through RegOpMode",
		"hwsim", "radio", "add", "chip", "sx1276", "state", "rx");
	REFUSED("loomctl: hwsim radio set: fault \"hang\": must be none, spi-error, stuck-irq, mute or crc-error",
		"hwsim", "radio", "set", "1", "fault", "hang");
	REFUSED("loomctl: hwsim radio add: freq \"1100\": must be 137..1020 MHz",
		"hwsim", "radio", "add", "freq", "1100");
	REFUSED("loomctl: hwsim radio add: bw \"100\": must be one of 7.8, 10.4, 15.6, 20.8, 31.25, 41.7, 62.5, 125, 250, 500 kHz",
		"hwsim", "radio", "add", "owned", "bw", "100");
	REFUSED("loomctl: hwsim radio add: unknown keyword \"colour\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, owned, chip, version)",
		"hwsim", "radio", "add", "colour", "red");
	REFUSED("loomctl: hwsim radio set: unknown keyword \"owned\" (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)",
		"hwsim", "radio", "set", "1", "owned");
	REFUSED("loomctl: hwsim radio set: nothing to set (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)",
		"hwsim", "radio", "set", "1");
	REFUSED("loomctl: hwsim radio set: missing ID",
		"hwsim", "radio", "set");
	REFUSED("loomctl: hwsim radio set: ID \"one\": not a number",
		"hwsim", "radio", "set", "one", "sf", "7");
	REFUSED("loomctl: hwsim radio set: state \"tx\": a radio transmits only while it sends; must be off, sleep or rx",
		"hwsim", "radio", "set", "1", "state", "tx");
	REFUSED("loomctl: hwsim radio set: gap \"1.5ns\": not a whole number of nanoseconds",
		"hwsim", "radio", "set", "1", "gap", "1.5ns");
	REFUSED("loomctl: hwsim radio del: unexpected argument '2'",
		"hwsim", "radio", "del", "1", "2");
	REFUSED("loomctl: hwsim radio del: ID \"-1\": must be 0..4294967295",
		"hwsim", "radio", "del", "-1");
	REFUSED("loomctl: hwsim radio show: ID \"4294967296\": must be 0..4294967295",
		"hwsim", "radio", "show", "4294967296");
	REFUSED("loomctl: hwsim radio list: unexpected argument 'all'",
		"hwsim", "radio", "list", "all");
}

TEST(cli_hwsim_edge_position_medium_run)
{
	/* A negative value is a value, not an option. */
	REFUSED("loomctl: hwsim edge set: rssi \"-300\": must be -200..50 dBm",
		"hwsim", "edge", "set", "1", "2", "rssi", "-300");
	REFUSED("loomctl: hwsim edge set: \"rssi\" is required",
		"hwsim", "edge", "set", "1", "2", "snr", "5");
	REFUSED("loomctl: hwsim edge set: loss \"0.00001%\": too many decimals (at most 4)",
		"hwsim", "edge", "set", "1", "2", "rssi", "-80", "loss",
		"0.00001%");
	REFUSED("loomctl: hwsim edge set: missing TO",
		"hwsim", "edge", "set", "1");
	REFUSED("loomctl: hwsim edge set: TO \"x\": not a number",
		"hwsim", "edge", "set", "1", "x", "rssi", "-80");
	REFUSED("loomctl: hwsim edge set: TO \"4\": a radio cannot hear itself",
		"hwsim", "edge", "set", "4", "4", "rssi", "-80");
	REFUSED("loomctl: hwsim edge del: TO \"0\": a radio cannot hear itself",
		"hwsim", "edge", "del", "0", "0");
	REFUSED("loomctl: hwsim edge del: unknown keyword \"all\" (both)",
		"hwsim", "edge", "del", "1", "2", "all");
	REFUSED("loomctl: hwsim edge del: unexpected argument 'x'",
		"hwsim", "edge", "del", "1", "2", "both", "x");
	REFUSED("loomctl: hwsim position set: missing Y",
		"hwsim", "position", "set", "1", "2");
	REFUSED("loomctl: hwsim position set: Z \"1.0005\": too many decimals (at most 3)",
		"hwsim", "position", "set", "1", "-2", "-3", "1.0005");
	REFUSED("loomctl: hwsim position set: unexpected argument '4'",
		"hwsim", "position", "set", "1", "1", "2", "3", "4");
	REFUSED("loomctl: hwsim position clear: missing ID",
		"hwsim", "position", "clear");
	REFUSED("loomctl: hwsim medium set: nothing to set (exponent, ref-loss, ref-dist, sigma, seed)",
		"hwsim", "medium", "set");
	REFUSED("loomctl: hwsim medium set: exponent \"9\": must be 1..8",
		"hwsim", "medium", "set", "seed", "1", "exponent", "9");
	REFUSED("loomctl: hwsim run: missing DURATION", "hwsim", "run");
	REFUSED("loomctl: hwsim run: DURATION \"0\": must be more than 0",
		"hwsim", "run", "0");
	REFUSED("loomctl: hwsim run: DURATION \"-1s\": must not be negative",
		"hwsim", "run", "-1s");
	REFUSED("loomctl: hwsim run: DURATION \"10 s\": unknown unit \" s\" (ns, us, ms, s, m, h, d)",
		"hwsim", "run", "10 s");
	REFUSED("loomctl: hwsim run: DURATION \"15d\": must be at most 14 d",
		"hwsim", "run", "15d");
	REFUSED("loomctl: hwsim run: unexpected argument '2s'",
		"hwsim", "run", "1s", "2s");
}

TEST(cli_hwsim_options)
{
	REFUSED("loomctl: hwsim radio list: unknown option '-x'",
		"hwsim", "radio", "list", "-x");
	REFUSED("loomctl: hwsim radio list: unknown option '--dot'",
		"hwsim", "radio", "list", "--dot");
	REFUSED("loomctl: hwsim show: --dot and -j exclude each other",
		"hwsim", "show", "--dot", "-jp");
	REFUSED("loomctl: hwsim show: --dot and -j exclude each other",
		"-j", "hwsim", "show", "--dot");
	/* After "--" everything is an operand. */
	REFUSED("loomctl: hwsim radio show: ID \"-j\": not a number",
		"hwsim", "radio", "show", "--", "-j");
}
