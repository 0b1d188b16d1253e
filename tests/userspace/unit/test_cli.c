// SPDX-License-Identifier: GPL-2.0
/*
 * The loomctl binary: command line conventions (help, usage errors and
 * their exit code 2) and "topology check", which needs no kernel.
 * Nothing here talks to the loom module, so nothing changes the kernel.
 */
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "test.h"

static char *out, *err;

static int run(const char *input, const char *const *argv)
{
	return test_run_loomctl(NULL, input, &out, &err, argv);
}

#define RUN(...) run(NULL, (const char *const[]){ __VA_ARGS__, NULL })

TEST(cli_no_arguments)
{
	CHECK_INT(run(NULL, (const char *const[]){ NULL }), 2);
	CHECK_CONTAINS(err, "Usage: loomctl");
	CHECK_STR(out, "");
}

TEST(cli_help)
{
	CHECK_INT(RUN("help"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl [-j [-p]] OBJECT COMMAND");
	CHECK_CONTAINS(out, "topology");
	CHECK_CONTAINS(out, "loomctl topology load ");
	CHECK_STR(err, "");
	CHECK_INT(RUN("--help"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl");
}

TEST(cli_topology_help)
{
	CHECK_INT(RUN("topology", "help"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl topology check [-j [-p]] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--region R] FILE\n");
	CHECK_CONTAINS(out, "loomctl topology show [-j [-p]]\n");
	CHECK_CONTAINS(out, "loomctl topology clear\n");
	CHECK_CONTAINS(out, "Examples:\n  loomctl topology check ");
	CHECK_INT(RUN("help", "topology"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl topology check [-j [-p]] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--region R] FILE\n");
}

TEST(cli_help_option_anywhere)
{
	CHECK_INT(RUN("topology", "load", "-h"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl topology load [--no-check] FILE\n");
	CHECK_INT(RUN("-h", "topology"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl topology check [-j [-p]] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--region R] FILE\n");
	CHECK_INT(RUN("topology", "show", "--help", "-j"), 0);
	CHECK_CONTAINS(out, "Usage: loomctl topology show [-j [-p]]\n");
	CHECK_STR(err, "");
}

TEST(cli_version)
{
	CHECK_INT(RUN("-V"), 0);
	CHECK(!strncmp(out, "loomctl ", 8));
	CHECK_INT(RUN("--version"), 0);
	CHECK(!strncmp(out, "loomctl ", 8));
}

TEST(cli_usage_errors_exit_2)
{
	CHECK_INT(RUN("frobnicate"), 2);
	CHECK_STR(err, "loomctl: unknown object 'frobnicate'\nTry 'loomctl help'.\n");
	CHECK_INT(RUN("topology"), 2);
	CHECK_STR(err, "loomctl: topology: missing command\nTry 'loomctl topology help'.\n");
	CHECK_INT(RUN("topology", "frob"), 2);
	CHECK_STR(err, "loomctl: topology: unknown command 'frob'\nTry 'loomctl topology help'.\n");
	CHECK_INT(RUN("topology", "check"), 2);
	CHECK_STR(err, "loomctl: topology check: missing FILE\n"
		       "Usage: loomctl topology check [-j [-p]] [--sf N] [--bw KHZ] [--cr 4/N] [--preamble N] [--region R] FILE\n"
		       "Try 'loomctl topology help'.\n");
	CHECK_INT(RUN("topology", "check", "a.json", "b.json"), 2);
	CHECK_CONTAINS(err, "loomctl: topology check: unexpected argument 'b.json'\n");
	CHECK_INT(RUN("topology", "show", "extra"), 2);
	CHECK_CONTAINS(err, "unexpected argument 'extra'");
	CHECK_INT(RUN("topology", "show", "-x"), 2);
	CHECK_CONTAINS(err, "loomctl: topology show: unknown option '-x'\n");
	CHECK_INT(RUN("--frob"), 2);
	CHECK_CONTAINS(err, "loomctl: unknown option '--frob'\n");
	/* "c" could be check or clear. */
	CHECK_INT(RUN("topology", "c", "x.json"), 2);
	CHECK_CONTAINS(err, "ambiguous command 'c'");
	CHECK_STR(out, "");
}

TEST(cli_check_ok)
{
	char *path = test_write_file("seed.json", fixture_seed), *want;
	char *dir = strdup(path);

	REQUIRE(path && dir);
	*strrchr(dir, '/') = '\0';
	CHECK_INT(RUN("topology", "check", path), 0);
	REQUIRE(asprintf(&want, "%s: ok: 9 nodes, ", path) > 0);
	CHECK(!strncmp(out, want, strlen(want)));
	/* Then the modulation's verdict, at the radio's defaults. */
	CHECK_CONTAINS(out, " slots\n  handshake: slot ");
	CHECK_CONTAINS(out, " at SF7/125 kHz CR 4/5 preamble 8\n");
	CHECK_STR(err, "");
	/* The name is printed as given. */
	CHECK_INT(test_run_loomctl(dir, NULL, &out, &err,
				   (const char *const[]){ "topology", "check",
							  "seed.json", NULL }),
		  0);
	CHECK(!strncmp(out, "seed.json: ok: 9 nodes, ", 24));
}

TEST(cli_check_prefixes)
{
	char *path = test_write_file("seed.json", fixture_seed);

	REQUIRE(path);
	CHECK_INT(RUN("topo", "ch", path), 0);
	CHECK_CONTAINS(out, ": ok: 9 nodes, ");
}

TEST(cli_check_stdin)
{
	CHECK_INT(run(fixture_seed, (const char *const[]){ "topology", "check",
							    "-", NULL }),
		  0);
	CHECK(!strncmp(out, "<stdin>: ok: 9 nodes, ", 22));
	CHECK_INT(run("{\"root\": 1}", (const char *const[]){ "topology",
							     "check", "-",
							     NULL }),
		  1);
	CHECK_STR(err, "<stdin>:1:10: \"root\" must be an object (the coordinator), not a number\n");
}

TEST(cli_check_errors)
{
	const char *bad =
		"{\"root\": {\"name\": \"BillyTheCoord\", \"children\": [\n"
		"  {\"name\": \"Router 1\", \"type\": 1}]}}\n";
	char *path = test_write_file("bad.json", bad), *want;

	REQUIRE(path);
	CHECK_INT(RUN("topology", "check", path), 1);
	CHECK_STR(out, "");
	REQUIRE(asprintf(&want, "%s:2:12: node 'Router 1': router has no end device below it\n",
			 path) > 0);
	CHECK_STR(err, want);

	CHECK_INT(RUN("topology", "check", "/nonexistent.json"), 1);
	CHECK_STR(err, "loomctl: cannot open /nonexistent.json: No such file or directory\n");
}

TEST(cli_load_checks_first)
{
	/* Refused locally, with the same message, before any netlink. */
	const char *bad = "{\"root\": {\"name\": \"C\", \"type\": 1}}";
	char *path = test_write_file("bad-load.json", bad), *want;

	REQUIRE(path);
	CHECK_INT(RUN("topology", "load", path), 1);
	REQUIRE(asprintf(&want, "%s:1:24: \"type\" is not allowed on \"root\": the root is always the coordinator\n",
			 path) > 0);
	CHECK_STR(err, want);
	CHECK_STR(out, "");
}
