// SPDX-License-Identifier: GPL-2.0
/*
 * State files ("state save", "state restore"): the exact text written,
 * read back to the same state, and every refusal of the reader at its
 * FILE:LINE:COL.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state_file.h"
#include "test.h"

static char *buf;
static size_t len;
static char err[512];

/* 2026-01-01T00:00:00Z */
#define NEW_YEAR	1767225600

static const char router1[] =
	"{\n"
	"  \"node\": \"Router 1\",\n"
	"  \"address\": \"0x1000\",\n"
	"  \"period_ns\": 60000000000,\n"
	"  \"next_refresh_ns\": 1767225660000000000,\n"
	"  \"clock\": \"real\",\n"
	"  \"frame_id\": 17,\n"
	"  \"saved_at\": \"2026-01-01T00:00:00Z\"\n"
	"}\n";

TEST(state_file_written_exactly)
{
	struct run_state st = {
		.addr = 0x1000, .period_ns = 60000000000ULL,
		.next_refresh_ns = 1767225660000000000ULL, .frame_id = 17,
	};
	FILE *f = test_mem(&buf, &len);

	REQUIRE(f);
	CHECK_INT(state_file_write(f, "Router 1", &st, NEW_YEAR), 0);
	fclose(f);
	CHECK_STR(buf, router1);

	/* A virtual clock, every value at its largest. */
	st = (struct run_state){
		.addr = 0xffff, .period_ns = UINT64_MAX,
		.next_refresh_ns = UINT64_MAX, .virt = true, .frame_id = 255,
	};
	f = test_mem(&buf, &len);
	REQUIRE(f);
	CHECK_INT(state_file_write(f, "E\"1", &st, 0), 0);
	fclose(f);
	CHECK_STR(buf,
		  "{\n"
		  "  \"node\": \"E\\\"1\",\n"
		  "  \"address\": \"0xffff\",\n"
		  "  \"period_ns\": 18446744073709551615,\n"
		  "  \"next_refresh_ns\": 18446744073709551615,\n"
		  "  \"clock\": \"virtual\",\n"
		  "  \"frame_id\": 255,\n"
		  "  \"saved_at\": \"1970-01-01T00:00:00Z\"\n"
		  "}\n");
}

TEST(state_file_read_back)
{
	static const char any_order[] =
		"{\"frame_id\":1,\"clock\":\"virtual\",\"next_refresh_ns\":5,"
		"\"period_ns\":7,\"address\":\"1101\",\"node\":\"E\"}";
	struct run_state st = {
		.addr = 0x1202, .period_ns = 1, .next_refresh_ns = 0,
		.virt = true, .frame_id = 0,
	};
	struct state_file sf;
	FILE *f = test_mem(&buf, &len);

	CHECK_INT(state_file_parse("r1.json", router1, strlen(router1),
				   "Router 1", &sf, err, sizeof(err)), 0);
	CHECK_STR(sf.node, "Router 1");
	CHECK_INT(sf.st.addr, 0x1000);
	CHECK(sf.st.period_ns == 60000000000ULL);
	CHECK(sf.st.next_refresh_ns == 1767225660000000000ULL);
	CHECK(!sf.st.virt);
	CHECK_INT(sf.st.frame_id, 17);

	/* What was written reads back the same; any node with NULL. */
	REQUIRE(f);
	CHECK_INT(state_file_write(f, "End Device 2", &st, NEW_YEAR), 0);
	fclose(f);
	CHECK_INT(state_file_parse("e.json", buf, len, NULL, &sf, err,
				   sizeof(err)), 0);
	CHECK_STR(sf.node, "End Device 2");
	CHECK(!memcmp(&sf.st, &st, sizeof(st)));

	/* Any key order, no "saved_at", bare hex digits for the address. */
	CHECK_INT(state_file_parse("x", any_order, strlen(any_order), "E",
				   &sf, err, sizeof(err)), 0);
	CHECK_INT(sf.st.addr, 0x1101);
	CHECK(sf.st.virt);
	CHECK(sf.st.period_ns == 7 && sf.st.next_refresh_ns == 5);
}

/* @text with the line holding @key replaced by @line. */
static char *with(const char *key, const char *line)
{
	const char *at = strstr(router1, key), *bol, *eol;
	char *s;

	if (!at)
		return NULL;
	for (bol = at; bol > router1 && bol[-1] != '\n'; bol--)
		;
	eol = strchr(at, '\n');
	if (asprintf(&s, "%.*s%s%s", (int)(bol - router1), router1, line,
		     eol) < 0)
		return NULL;
	return s;
}

/* @text must be refused with @want, read as node "Router 1". */
static void refused(int line, const char *text, const char *want)
{
	struct state_file sf;

	if (!text) {
		test_fail(__FILE__, line, "no text");
		return;
	}
	err[0] = '\0';
	if (state_file_parse("s.json", text, strlen(text), "Router 1", &sf,
			     err, sizeof(err)) != -1 || strcmp(err, want))
		test_fail(__FILE__, line, "got \"%s\"\n  expected \"%s\"", err,
			  want);
}

#define REFUSE(text, want)	refused(__LINE__, text, want)
#define REFUSE_LINE(key, line, want)					\
	do {								\
		char *__t = with(key, line);				\
		refused(__LINE__, __t, want);				\
		free(__t);						\
	} while (0)

TEST(state_file_refusals)
{
	REFUSE("", "s.json:1:1: file is empty (expected a node's saved state, as \"loomctl state save\" writes it)");
	REFUSE(" \n", "s.json:1:1: file is empty (expected a node's saved state, as \"loomctl state save\" writes it)");
	REFUSE("[]", "s.json:1:1: the top level must be an object (a node's saved state), not an array");
	REFUSE("\n 7", "s.json:2:2: the top level must be an object (a node's saved state), not a number");
	REFUSE("{\"node\": \"Router 1\",", "s.json:1:21: JSON syntax error: unexpected end of file");
	REFUSE_LINE("\"saved_at\"", "", "s.json:9:1: JSON syntax error: invalid object key (must be a string)");
	/* Keys: known, once, all of them. */
	REFUSE_LINE("\"saved_at\"", "  \"saved\": 1",
		    "s.json:8:3: unknown key \"saved\" (expected \"node\", \"address\", \"period_ns\", \"next_refresh_ns\", \"clock\", \"frame_id\", \"saved_at\")");
	REFUSE_LINE("\"saved_at\"", "  \"frame_id\": 1",
		    "s.json:8:3: duplicate key \"frame_id\"");
	REFUSE_LINE("\"clock\"", "",
		    "s.json:1:1: no \"clock\" (\"real\" or \"virtual\")");
	REFUSE("{}", "s.json:1:1: no \"node\" (the node's name)");
	/* Types. */
	REFUSE_LINE("\"node\"", "  \"node\": {},",
		    "s.json:2:11: \"node\" must be the node's name, not an object");
	REFUSE_LINE("\"node\"", "  \"node\": [\"Router 1\"],",
		    "s.json:2:11: \"node\" must be the node's name, not an array");
	REFUSE_LINE("\"address\"", "  \"address\": 4096,",
		    "s.json:3:14: \"address\" must be a hex address (\"0x1000\"), not a number");
	REFUSE_LINE("\"period_ns\"", "  \"period_ns\": \"60\",",
		    "s.json:4:16: \"period_ns\" must be an integer in 1..18446744073709551615, not a string");
	REFUSE_LINE("\"clock\"", "  \"clock\": true,",
		    "s.json:6:12: \"clock\" must be \"real\" or \"virtual\", not a boolean");
	REFUSE_LINE("\"frame_id\"", "  \"frame_id\": null,",
		    "s.json:7:15: \"frame_id\" must be an integer in 0..255, not null");
	REFUSE_LINE("\"saved_at\"", "  \"saved_at\": 0",
		    "s.json:8:15: \"saved_at\" must be a string, not a number");
	/* Values. */
	REFUSE_LINE("\"node\"", "  \"node\": \"\",", "s.json:2:11: \"node\" is empty");
	REFUSE_LINE("\"node\"", "  \"node\": \"0123456789012345678901234567890123456789012345678901234567890123\",",
		    "s.json:2:11: \"node\" is longer than 63 bytes");
	REFUSE_LINE("\"node\"", "  \"node\": \"a\\u0000b\",",
		    "s.json:2:11: \"node\" contains a NUL character");
	REFUSE_LINE("\"node\"", "  \"node\": \"Router 2\",",
		    "s.json:2:11: this is the state of node \"Router 2\", not \"Router 1\"");
	REFUSE_LINE("\"address\"", "  \"address\": \"0x10000\",",
		    "s.json:3:14: \"address\" must be a hex address (\"0x1000\"), not \"0x10000\"");
	REFUSE_LINE("\"address\"", "  \"address\": \"Router 1\",",
		    "s.json:3:14: \"address\" must be a hex address (\"0x1000\"), not \"Router 1\"");
	REFUSE_LINE("\"address\"", "  \"address\": \"0x0000\",",
		    "s.json:3:14: \"address\" 0x0000 is reserved");
	REFUSE_LINE("\"period_ns\"", "  \"period_ns\": 0,",
		    "s.json:4:16: \"period_ns\" must be an integer in 1..18446744073709551615, not 0");
	REFUSE_LINE("\"period_ns\"", "  \"period_ns\": 6e10,",
		    "s.json:4:16: \"period_ns\" must be an integer in 1..18446744073709551615, not 6e10");
	REFUSE_LINE("\"next_refresh_ns\"", "  \"next_refresh_ns\": 18446744073709551616,",
		    "s.json:5:22: \"next_refresh_ns\" must be an integer in 0..18446744073709551615, not 18446744073709551616");
	REFUSE_LINE("\"next_refresh_ns\"", "  \"next_refresh_ns\": -1,",
		    "s.json:5:22: \"next_refresh_ns\" must be an integer in 0..18446744073709551615, not -1");
	REFUSE_LINE("\"clock\"", "  \"clock\": \"monotonic\",",
		    "s.json:6:12: \"clock\" must be \"real\" or \"virtual\", not \"monotonic\"");
	REFUSE_LINE("\"frame_id\"", "  \"frame_id\": 256,",
		    "s.json:7:15: \"frame_id\" must be an integer in 0..255, not 256");
	REFUSE_LINE("\"frame_id\"", "  \"frame_id\": 1.0,",
		    "s.json:7:15: \"frame_id\" must be an integer in 0..255, not 1.0");
}

TEST(state_file_read_files)
{
	struct state_file sf;
	char *path = test_write_file("s1.json", router1);

	REQUIRE(path);
	CHECK_INT(state_file_read(path, "Router 1", &sf, err, sizeof(err)), 0);
	CHECK_INT(sf.st.frame_id, 17);
	CHECK_INT(state_file_read(path, "Router 2", &sf, err, sizeof(err)), -1);
	CHECK(!strncmp(err, path, strlen(path)));
	CHECK_CONTAINS(err, ":2:11: this is the state of node \"Router 1\", not \"Router 2\"");
	free(path);
	CHECK_INT(state_file_read("/nonexistent/s.json", NULL, &sf, err,
				  sizeof(err)), -1);
	CHECK_STR(err, "loomctl: cannot open /nonexistent/s.json: No such file or directory");
}
