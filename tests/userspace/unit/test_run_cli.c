// SPDX-License-Identifier: GPL-2.0
/*
 * The loomctl binary's "radio", "node", "stats", "send", "recv", "ping",
 * "link", "state" and "monitor events", up to the point where they would
 * open a socket: help, and every refusal of a bad word, which must come
 * before anything is sent (exit 2), or of a bad state file (exit 1).
 * Nothing here reaches the kernel.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char *out, *err;

static int run(const char *input, const char *const *argv)
{
	return test_run_loomctl(NULL, input, &out, &err, argv);
}

#define RUN(...) run(NULL, (const char *const[]){ __VA_ARGS__, NULL })

TEST(cli_run_help)
{
	CHECK_INT(RUN("help"), 0);
	CHECK_CONTAINS(out, "       loomctl send [from NODE] DEST DATA [port PORT]\n");
	CHECK_CONTAINS(out, "       loomctl ping [from NODE] DEST [-c COUNT] [-i INTERVAL_S] [-W TIMEOUT_S] [-s SIZE]\n");
	CHECK_CONTAINS(out, "\n  ping        time round trips");
	CHECK_CONTAINS(out, "       loomctl recv [-j [-p]] [COUNT]\n");
	CHECK_CONTAINS(out, "       loomctl stats [-j [-p]]\n");
	CHECK_CONTAINS(out, "\n  radio       the radios");
	CHECK_CONTAINS(out, "\n  node        run the topology's nodes");
	CHECK_INT(RUN("node", "help"), 0);
	CHECK_CONTAINS(out, "shows each node's network device (DEVICE, loomN");
	CHECK_STARTS(out, "Usage: loomctl node start NAME radio RADIO\n"
			  "       loomctl node stop NAME\n"
			  "       loomctl node list [-j [-p]]\n"
			  "       loomctl node show NAME [-j [-p]]\n");
	CHECK_INT(RUN("radio", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl radio list [-j [-p]]\n");
	CHECK_INT(RUN("send", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl send [from NODE] DEST DATA [port PORT]\n");
	CHECK_CONTAINS(out, "\"-\" reads it from standard input");
	CHECK_CONTAINS(out, "PORT (1..255) is the destination port");
	CHECK_INT(RUN("send", "from", "R", "-h"), 0);
	CHECK_STARTS(out, "Usage: loomctl send [from NODE] DEST DATA [port PORT]\n");
	CHECK_INT(RUN("ping", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl ping [from NODE] DEST [-c COUNT] [-i INTERVAL_S] [-W TIMEOUT_S] [-s SIZE]\n");
	CHECK_CONTAINS(out, "  -W, --timeout TIMEOUT_S");
	CHECK_CONTAINS(out, "Exit status 0 when a reply came");
	CHECK_INT(RUN("ping", "R", "-c", "3", "-h"), 0);
	CHECK_STARTS(out, "Usage: loomctl ping ");
	CHECK_INT(RUN("help", "ping"), 0);
	CHECK_STARTS(out, "Usage: loomctl ping ");
	CHECK_INT(RUN("help", "recv"), 0);
	CHECK_STARTS(out, "Usage: loomctl recv [-j [-p]] [COUNT]\n");
	CHECK_INT(RUN("monitor", "help"), 0);
	CHECK_CONTAINS(out, "       loomctl monitor events [-j [-p]] [COUNT]\n");
	CHECK_INT(RUN("help", "node", "st"), 2);
	CHECK_CONTAINS(err, "ambiguous command 'st'");
	CHECK_STR(err, "loomctl: node: ambiguous command 'st'\n"
		       "Try 'loomctl node help'.\n");
}

TEST(cli_run_objects_by_prefix)
{
	/*
	 * "s" is schedule, send, stats or state; "se" is one; "stat" is
	 * still two, and "stats" and "state" are exact.
	 */
	CHECK_INT(RUN("s"), 2);
	CHECK_STR(err, "loomctl: ambiguous object 's'\nTry 'loomctl help'.\n");
	REFUSED("loomctl: send: missing DEST", "se");
	CHECK_INT(RUN("stat", "x"), 2);
	CHECK_STR(err, "loomctl: ambiguous object 'stat'\nTry 'loomctl help'.\n");
	REFUSED("loomctl: stats: unexpected argument 'x'", "stats", "x");
	REFUSED("loomctl: state: unknown command 'x'", "state", "x");
	REFUSED("loomctl: link: unexpected argument 'y'", "li", "x", "y");
	REFUSED("loomctl: recv: unexpected argument 'x'", "rec", "1", "x");
	REFUSED("loomctl: node stop: missing NAME", "no", "sto");
	REFUSED("loomctl: radio list: unexpected argument 'x'", "ra", "l", "x");
}

TEST(cli_node_refusals)
{
	REFUSED("loomctl: node start: missing NAME", "node", "start");
	CHECK_CONTAINS(err, "\nUsage: loomctl node start NAME radio RADIO\n");
	REFUSED("loomctl: node start: missing 'radio RADIO'",
		"node", "start", "Router 1");
	REFUSED("loomctl: node start: expected 'radio', not 'hwsim0'",
		"node", "start", "Router 1", "hwsim0");
	REFUSED("loomctl: node start: missing RADIO",
		"node", "start", "Router 1", "radio");
	REFUSED("loomctl: node start: unexpected argument 'now'",
		"node", "start", "Router 1", "radio", "hwsim0", "now");
	REFUSED("loomctl: node start: NAME \"\": empty",
		"node", "start", "", "radio", "hwsim0");
	REFUSED("loomctl: node start: RADIO \"hwsim0123456789a\": longer than 15 bytes",
		"node", "start", "R", "radio", "hwsim0123456789a");
	REFUSED("loomctl: node start: unknown option '-x'",
		"node", "start", "R", "radio", "hwsim0", "-x");
	REFUSED("loomctl: node stop: missing NAME", "node", "stop");
	REFUSED("loomctl: node stop: unexpected argument 'b'",
		"node", "stop", "a", "b");
	REFUSED("loomctl: node stop: NAME \"0123456789012345678901234567890123456789012345678901234567890123\": longer than 63 bytes",
		"node", "stop",
		"0123456789012345678901234567890123456789012345678901234567890123");
	REFUSED("loomctl: node show: missing NAME", "node", "show", "-j");
	REFUSED("loomctl: node list: unexpected argument 'all'",
		"node", "list", "all");
	REFUSED("loomctl: node list: unknown option '--dot'",
		"node", "list", "--dot");
	REFUSED("loomctl: node: unknown command 'run'", "node", "run");
}

TEST(cli_send_refusals)
{
	char *big;

	REFUSED("loomctl: send: missing DEST", "send");
	CHECK_CONTAINS(err, "\nUsage: loomctl send [from NODE] DEST DATA [port PORT]\n");
	REFUSED("loomctl: send: missing DATA", "send", "C");
	REFUSED("loomctl: send: missing DATA", "send", "from", "R", "C");
	REFUSED("loomctl: send: unexpected argument 'x'",
		"send", "C", "hello", "x");
	REFUSED("loomctl: send: unexpected argument 'x'",
		"send", "from", "R", "C", "hello", "x");
	REFUSED("loomctl: send: NODE \"\": empty", "send", "from", "", "C", "x");
	REFUSED("loomctl: send: DEST \"\": empty", "send", "", "x");
	/* "port PORT" after DATA, and nothing else there. */
	REFUSED("loomctl: send: missing PORT after 'port'",
		"send", "C", "hello", "port");
	REFUSED("loomctl: send: PORT \"0\": must be 1..255",
		"send", "C", "hello", "port", "0");
	REFUSED("loomctl: send: PORT \"256\": must be 1..255",
		"send", "from", "R", "C", "hello", "port", "256");
	REFUSED("loomctl: send: PORT \"echo\": not a number",
		"send", "C", "hello", "port", "echo");
	REFUSED("loomctl: send: unexpected argument 'dport'",
		"send", "C", "hello", "dport", "7");
	REFUSED("loomctl: send: unexpected argument 'x'",
		"send", "C", "hello", "port", "7", "x");
	/* Data that looks like an option needs "--". */
	REFUSED("loomctl: send: unknown option '-x'", "send", "C", "-x");
	/* Standard input: at most what one attribute holds. */
	big = malloc(65533);
	REQUIRE(big);
	memset(big, 'x', 65532);
	big[65532] = '\0';
	CHECK_INT(run(big, (const char *const[]){ "send", "C", "-", NULL }),
		  2);
	CHECK_STARTS(err, "loomctl: send: DATA: standard input holds more than 65531 bytes\n");
	free(big);
}

TEST(cli_listen_refusals)
{
	REFUSED("loomctl: recv: COUNT must be a positive number, not '0'",
		"recv", "0");
	REFUSED("loomctl: recv: COUNT must be a positive number, not 'all'",
		"recv", "all");
	REFUSED("loomctl: recv: unknown option '-1'", "recv", "-1");
	REFUSED("loomctl: monitor events: COUNT must be a positive number, not '1.5'",
		"monitor", "events", "-j", "1.5");
	REFUSED("loomctl: monitor events: unexpected argument '2'",
		"monitor", "ev", "1", "2");
	REFUSED("loomctl: monitor topology: unexpected argument '2'",
		"monitor", "topology", "1", "2");
	REFUSED("loomctl: stats: unknown option '--frob'", "stats", "--frob");
}

TEST(cli_ping_refusals)
{
	REFUSED("loomctl: ping: missing DEST", "ping");
	CHECK_CONTAINS(err, "\nUsage: loomctl ping [from NODE] DEST [-c COUNT]");
	CHECK_CONTAINS(err, "\nTry 'loomctl ping help'.\n");
	REFUSED("loomctl: ping: missing DEST", "ping", "from", "R");
	REFUSED("loomctl: ping: unexpected argument 'x'", "ping", "C", "x");
	REFUSED("loomctl: ping: unexpected argument 'x'",
		"ping", "from", "R", "C", "x");
	REFUSED("loomctl: ping: NODE \"\": empty", "ping", "from", "", "C");
	REFUSED("loomctl: ping: DEST \"\": empty", "ping", "");
	/* Every option checked before anything is opened. */
	REFUSED("loomctl: ping: -c \"0\": must be 1..10000",
		"ping", "C", "-c", "0");
	REFUSED("loomctl: ping: -c \"10001\": must be 1..10000",
		"ping", "--count", "10001", "C");
	REFUSED("loomctl: ping: -i \"0\": must be 0.001..604800 s",
		"ping", "C", "-i", "0");
	REFUSED("loomctl: ping: -i \"0.0001\": too many decimals (at most 3)",
		"ping", "C", "-i0.0001");
	REFUSED("loomctl: ping: -W \"soon\": not a number",
		"ping", "C", "-W", "soon");
	REFUSED("loomctl: ping: -W \"-5\": must be 0.001..604800 s",
		"ping", "C", "--timeout=-5");
	REFUSED("loomctl: ping: -s \"11\": must be 12..65531",
		"ping", "C", "-s", "11");
	REFUSED("loomctl: ping: option '-c' needs a value", "ping", "C", "-c");
	REFUSED("loomctl: ping: unknown option '-x'", "ping", "C", "-x");
	REFUSED("loomctl: ping: -j: ping prints text only", "ping", "C", "-j");
}

TEST(cli_state_and_link_help)
{
	CHECK_INT(RUN("help"), 0);
	CHECK_CONTAINS(out, "       loomctl link [NODE] [-j [-p]]\n");
	CHECK_CONTAINS(out, "\n  link        the links of a running node");
	CHECK_CONTAINS(out, "\n  state       keep a node's network timing");
	CHECK_CONTAINS(out, "  loomctl state save \"Router 1\" ");
	CHECK_INT(RUN("state", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl state save NODE FILE\n"
			  "       loomctl state restore NODE radio RADIO FILE\n"
			  "       loomctl state help\n");
	CHECK_CONTAINS(out, "another address, another period or another kind of clock");
	CHECK_INT(RUN("link", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl link [NODE] [-j [-p]]\n");
	CHECK_CONTAINS(out, "HS-OK");
	CHECK_INT(RUN("help", "state", "rest"), 0);
	CHECK_STARTS(out, "Usage: loomctl state restore NODE radio RADIO FILE\n");
}

TEST(cli_state_refusals)
{
	REFUSED("loomctl: state save: missing NODE", "state", "save");
	CHECK_CONTAINS(err, "\nUsage: loomctl state save NODE FILE\n");
	REFUSED("loomctl: state save: missing FILE", "state", "save", "R");
	REFUSED("loomctl: state save: unexpected argument 'z'",
		"state", "save", "R", "f.json", "z");
	REFUSED("loomctl: state save: NODE \"\": empty",
		"state", "save", "", "f.json");
	REFUSED("loomctl: state save: FILE \"\": empty", "state", "save", "R", "");
	REFUSED("loomctl: state save: -j: the state file is JSON already",
		"state", "save", "R", "-", "-j");
	REFUSED("loomctl: state restore: missing NODE", "state", "restore");
	CHECK_CONTAINS(err, "\nUsage: loomctl state restore NODE radio RADIO FILE\n");
	REFUSED("loomctl: state restore: expected 'radio', not 'hwsim0'",
		"state", "restore", "R", "hwsim0", "f.json");
	REFUSED("loomctl: state restore: missing FILE",
		"state", "restore", "R", "radio", "hwsim0");
	REFUSED("loomctl: state restore: unexpected argument 'now'",
		"state", "restore", "R", "radio", "hwsim0", "f.json", "now");
	REFUSED("loomctl: state restore: NODE \"\": empty",
		"state", "restore", "", "radio", "hwsim0", "f.json");
	REFUSED("loomctl: state restore: RADIO \"hwsim0123456789a\": longer than 15 bytes",
		"state", "restore", "R", "radio", "hwsim0123456789a", "f.json");
	REFUSED("loomctl: state: missing command", "state");
}

TEST(cli_state_restore_checks_the_file_first)
{
	char *path = test_write_file("r.json",
		"{\n"
		"  \"node\": \"Router 2\",\n"
		"  \"address\": \"0x1100\",\n"
		"  \"period_ns\": 60000000000,\n"
		"  \"next_refresh_ns\": 1767225600000000000,\n"
		"  \"clock\": \"real\",\n"
		"  \"frame_id\": 3\n"
		"}\n");
	char *want;

	REQUIRE(path);
	/* Another node's file: refused at its "node", nothing opened. */
	CHECK_INT(RUN("state", "restore", "Router 1", "radio", "hwsim1", path),
		  1);
	CHECK_STR(out, "");
	REQUIRE(asprintf(&want, "%s:2:11: this is the state of node \"Router 2\", not \"Router 1\"\n",
			 path) > 0);
	CHECK_STR(err, want);
	free(want);
	CHECK_INT(RUN("state", "restore", "R", "radio", "hwsim1",
		      "/nonexistent/s.json"), 1);
	CHECK_STR(err, "loomctl: cannot open /nonexistent/s.json: No such file or directory\n");
	free(path);
}

TEST(cli_link_refusals)
{
	REFUSED("loomctl: link: NODE \"\": empty", "link", "");
	CHECK_CONTAINS(err, "\nUsage: loomctl link [NODE] [-j [-p]]\n");
	REFUSED("loomctl: link: unexpected argument 'b'", "link", "a", "b");
	REFUSED("loomctl: link: unknown option '-x'", "link", "a", "-x");
	REFUSED("loomctl: link: NODE \"0123456789012345678901234567890123456789012345678901234567890123\": longer than 63 bytes",
		"link",
		"0123456789012345678901234567890123456789012345678901234567890123");
}
