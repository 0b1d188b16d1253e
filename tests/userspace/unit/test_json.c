// SPDX-License-Identifier: GPL-2.0
/*
 * The topology JSON reader: numbering, defaults, the config block, and
 * the FILE:LINE:COL of every kind of error, the validator's included.
 * Expected positions are found in the input text itself (test_at()), so
 * each case shows what it points at.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "topo_json.h"
#include "fixtures.h"

#define F "t.json"

static char errbuf[8192];

/* Parse only; "" when it parses. */
static const char *parse_err(const char *text)
{
	struct topo_doc doc;

	errbuf[0] = '\0';
	if (!topo_doc_parse(&doc, F, text, strlen(text), errbuf,
			    sizeof(errbuf)))
		topo_doc_free(&doc);
	return errbuf;
}

/* Parse and validate, as "topology check" does; "" when valid. */
static const char *check_err(const char *text)
{
	struct topo_doc doc;

	errbuf[0] = '\0';
	if (topo_doc_parse(&doc, F, text, strlen(text), errbuf,
			   sizeof(errbuf)))
		return errbuf;
	topo_doc_compute(&doc, errbuf, sizeof(errbuf));
	topo_doc_free(&doc);
	return errbuf;
}

/* "t.json:L:C: " + @msg, with L:C where @needle is in @text. */
static const char *at(const char *text, const char *needle, const char *msg)
{
	static char buf[4][1024];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s%s", test_at(F, text, needle), msg);
	return buf[i];
}

TEST(json_seed_preorder_numbering)
{
	static const char *const names[] = {
		"BillyTheCoord", "End Device 1", "Router 1", "End Device 2",
		"Router 2", "End Device 3", "End Device 4", "Router 3",
		"End Device 5",
	};
	static const u32 parents[] = {
		LOOM_NO_PARENT, 0, 0, 2, 2, 4, 4, 0, 7,
	};
	static const u8 roles[] = {
		LOOM_ROLE_COORDINATOR, LOOM_ROLE_END_DEVICE, LOOM_ROLE_ROUTER,
		LOOM_ROLE_END_DEVICE, LOOM_ROLE_ROUTER, LOOM_ROLE_END_DEVICE,
		LOOM_ROLE_END_DEVICE, LOOM_ROLE_ROUTER, LOOM_ROLE_END_DEVICE,
	};
	struct topo_doc doc;
	u32 i;

	REQUIRE(!topo_doc_parse(&doc, F, fixture_seed, strlen(fixture_seed),
				errbuf, sizeof(errbuf)));
	REQUIRE(doc.t->n == 9);
	for (i = 0; i < 9; i++) {
		CHECK_STR(doc.t->nodes[i].name, names[i]);
		CHECK_INT(doc.t->nodes[i].parent, parents[i]);
		CHECK_INT(doc.t->nodes[i].role, roles[i]);
		/* Each node remembers where its name is. */
		CHECK_INT(doc.name_pos[i],
			  strstr(fixture_seed, names[i]) - 1 - fixture_seed);
	}
	topo_doc_free(&doc);
}

TEST(json_sensor_defaults)
{
	/* End devices sense unless told; routers and the root do not. */
	static const bool want[] = {
		false, true, false, true, true, true, false, false, true,
	};
	struct topo_doc doc;
	u32 i;

	REQUIRE(!topo_doc_parse(&doc, F, fixture_seed, strlen(fixture_seed),
				errbuf, sizeof(errbuf)));
	for (i = 0; i < 9; i++)
		CHECK_INT(doc.t->nodes[i].sensor, want[i]);
	topo_doc_free(&doc);

	REQUIRE(!topo_doc_parse(&doc, F, fixture_small, strlen(fixture_small),
				errbuf, sizeof(errbuf)));
	CHECK_INT(doc.t->nodes[0].sensor, false);	/* root, not given */
	CHECK_INT(doc.t->nodes[1].sensor, false);	/* router, not given */
	CHECK_INT(doc.t->nodes[2].sensor, true);	/* end device */
	topo_doc_free(&doc);
}

TEST(json_config_block)
{
	const char *text =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0}]},\n"
		" \"config\": {\"data_cycles\": 7, \"slot_ms\": 250,\n"
		"            \"data_interval_ms\": 30000}}";
	struct topo_doc doc;

	REQUIRE(!topo_doc_parse(&doc, F, text, strlen(text), errbuf,
				sizeof(errbuf)));
	CHECK_INT(doc.t->cfg.slot_ms, 250);
	CHECK_INT(doc.t->cfg.data_interval_ms, 30000);
	CHECK_INT(doc.t->cfg.data_cycles, 7);
	CHECK_INT(doc.cfg_pos[TOPO_CFG_SLOT_MS], strstr(text, "250") - text);
	CHECK_INT(doc.config_pos, strstr(text, "\"config\"") - text);
	topo_doc_free(&doc);
}

TEST(json_config_defaults)
{
	const char *part =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0}]},"
		" \"config\": {\"slot_ms\": 500}}";
	struct topo_doc doc;

	REQUIRE(!topo_doc_parse(&doc, F, fixture_small, strlen(fixture_small),
				errbuf, sizeof(errbuf)));
	CHECK_INT(doc.t->cfg.slot_ms, LOOM_CFG_SLOT_MS_DEFAULT);
	CHECK_INT(doc.t->cfg.data_interval_ms, LOOM_CFG_INTERVAL_MS_DEFAULT);
	CHECK_INT(doc.t->cfg.data_cycles, LOOM_CFG_CYCLES_DEFAULT);
	CHECK_INT(doc.config_pos, TOPO_NOPOS);
	topo_doc_free(&doc);

	/* A partial block keeps the other defaults. */
	REQUIRE(!topo_doc_parse(&doc, F, part, strlen(part), errbuf,
				sizeof(errbuf)));
	CHECK_INT(doc.t->cfg.slot_ms, 500);
	CHECK_INT(doc.t->cfg.data_interval_ms, LOOM_CFG_INTERVAL_MS_DEFAULT);
	CHECK_INT(doc.t->cfg.data_cycles, LOOM_CFG_CYCLES_DEFAULT);
	topo_doc_free(&doc);
}

TEST(json_valid_seed_computes)
{
	struct topo_doc doc;

	REQUIRE(!topo_doc_parse(&doc, F, fixture_seed, strlen(fixture_seed),
				errbuf, sizeof(errbuf)));
	CHECK_INT(topo_doc_compute(&doc, errbuf, sizeof(errbuf)), 0);
	CHECK_INT(doc.t->coordinator, 0);
	CHECK_INT(doc.t->nodes[0].addr, LOOM_ADDR_COORDINATOR);
	CHECK(doc.t->slot_total > 0);
	topo_doc_free(&doc);
}

TEST(json_syntax_error_position)
{
	const char *t1 = "{\n  \"root\": {\n    \"name\": \"C\" \"x\"\n  }\n}";
	const char *t2 = "{\"root\": x}";
	const char *t3 = "{\"root\": {\"name\": \"C\",, \"type\": 1}}";
	const char *t4 = "{\"root\": {\"name\": \"C\"}}\n  trailing";
	const char *t5 = "{\"root\" {\"name\": \"C\"}}";

	CHECK_STR(parse_err(t1), at(t1, "\"x\"",
		  "JSON syntax error: after key and value, inside map, I expect ',' or '}'"));
	CHECK_STR(parse_err(t2), at(t2, "x}",
		  "JSON syntax error: invalid char in json text"));
	/* The stray second comma is what is pointed at. */
	CHECK_STR(parse_err(t3), at(t3, ", \"type\"",
		  "JSON syntax error: invalid object key (must be a string)"));
	CHECK_STR(parse_err(t4), at(t4, "trailing",
		  "JSON syntax error: trailing garbage"));
	CHECK_STR(parse_err(t5), at(t5, "{\"name\"",
		  "JSON syntax error: object key and value must be separated by a colon (':')"));
}

TEST(json_syntax_error_end_of_file)
{
	const char *t1 = "{\n \"root\": {\"name\": \"C\"\n\n";
	const char *t2 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 1";

	/* Points just past the last token, not at the blank lines after. */
	char want[128];

	CHECK_STR(parse_err(t1), F ":2:22: JSON syntax error: unexpected end of file");
	/* A number at the very end is only seen when the input ends. */
	snprintf(want, sizeof(want),
		 F ":1:%zu: JSON syntax error: unexpected end of file",
		 strlen(t2) + 1);
	CHECK_STR(parse_err(t2), want);
	CHECK_STR(parse_err(""), F ":1:1: file is empty (expected a JSON object with a \"root\" node)");
	CHECK_STR(parse_err(" \n\t\n"), F ":1:1: file is empty (expected a JSON object with a \"root\" node)");
}

TEST(json_invalid_utf8)
{
	const char *t = "{\"root\": {\"name\": \"ab\xff\"}}";

	CHECK_STR(parse_err(t), at(t, "\"ab",
		  "JSON syntax error: invalid bytes in UTF8 string"));
}

TEST(json_comments_are_errors)
{
	const char *t = "{\"root\": /* c */ {\"name\": \"C\"}}";

	CHECK_CONTAINS(parse_err(t), at(t, "/*", "JSON syntax error:"));
}

TEST(json_unknown_keys)
{
	const char *t1 = "{\"root\": {\"name\": \"C\", \"children\": [\n"
			 "  {\"name\": \"E\", \"type\": 0, \"colour\": \"red\"}]}}";
	const char *t2 = "{\"root\": {\"name\": \"C\"}, \"version\": 2}";
	const char *t3 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"slots\": 3}}";

	CHECK_STR(parse_err(t1), at(t1, "\"colour\"",
		  "unknown key \"colour\" in a node (expected \"name\", \"type\", \"sensor\", \"children\")"));
	CHECK_STR(parse_err(t2), at(t2, "\"version\"",
		  "unknown key \"version\" at the top level (expected \"root\", \"config\")"));
	CHECK_STR(parse_err(t3), at(t3, "\"slots\"",
		  "unknown key \"slots\" in \"config\" (expected \"slot_ms\", \"data_interval_ms\", \"data_cycles\")"));
}

TEST(json_unknown_key_is_shown_safely)
{
	const char *t = "{\"root\": {\"name\": \"C\", \"a\\nb\": 1}}";

	CHECK_CONTAINS(parse_err(t), "unknown key \"a?b\" in a node");
}

TEST(json_duplicate_keys)
{
	const char *t1 = "{\"root\": {\"name\": \"C\", \"name\": \"D\"}}";
	const char *t2 = "{\"root\": {\"name\": \"C\"}, \"root\": {\"name\": \"D\"}}";
	const char *t3 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"slot_ms\": 1, \"slot_ms\": 2}}";

	CHECK_STR(parse_err(t1), at(t1, "\"name\": \"D\"",
		  "duplicate key \"name\""));
	CHECK_STR(parse_err(t2), at(t2, "\"root\": {\"name\": \"D\"",
		  "duplicate key \"root\""));
	CHECK_STR(parse_err(t3), at(t3, "\"slot_ms\": 2",
		  "duplicate key \"slot_ms\""));
}

TEST(json_missing_fields)
{
	const char *t1 = "{\"root\": {\"name\": \"C\", \"children\": [{\"type\": 0}]}}";
	const char *t2 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\"}]}}";
	const char *t3 = "{\"root\": {\"sensor\": true}}";
	const char *t4 = "{\"config\": {\"slot_ms\": 5}}";
	const char *t5 = "{}";

	/* A missing field is reported at the object that lacks it. */
	CHECK_STR(parse_err(t1), at(t1, "{\"type\"", "node has no \"name\""));
	CHECK_STR(parse_err(t2), at(t2, "{\"name\": \"E\"",
		  "node 'E' has no \"type\" (0 = end device, 1 = router)"));
	CHECK_STR(parse_err(t3), at(t3, "{\"sensor\"", "node has no \"name\""));
	CHECK_STR(parse_err(t4), F ":1:1: no \"root\" node: the top level must be {\"root\": {...}}");
	CHECK_STR(parse_err(t5), F ":1:1: no \"root\" node: the top level must be {\"root\": {...}}");
}

TEST(json_type_on_root_refused)
{
	const char *t = "{\"root\": {\"name\": \"C\", \"type\": 1}}";

	CHECK_STR(parse_err(t), at(t, "\"type\"",
		  "\"type\" is not allowed on \"root\": the root is always the coordinator"));
}

/* A node with one field of the wrong type; the error is at @needle. */
static void field_case(const char *field, const char *needle, const char *msg)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "{\"root\": {\"name\": \"C\", \"children\": [\n"
		 "  {\"name\": \"E\", \"type\": 0, %s}]}}", field);
	CHECK_STR(parse_err(text), at(text, needle, msg));
}

TEST(json_field_types_node)
{
	const char *t = "{\"root\": {\"name\": 5}}";

	CHECK_STR(parse_err(t), at(t, "5", "\"name\" must be a string, not a number"));
	field_case("\"sensor\": \"yes\"", "\"yes\"",
		   "\"sensor\" must be true or false, not a string");
	field_case("\"sensor\": 1", "1}",
		   "\"sensor\" must be true or false, not a number");
	field_case("\"sensor\": null", "null",
		   "\"sensor\" must be true or false, not null");
	field_case("\"children\": {}", "{}",
		   "\"children\" must be an array of nodes, not an object");
	field_case("\"children\": [3]", "3]",
		   "each element of \"children\" must be a node object, not a number");
	field_case("\"children\": [[]]", "[]]",
		   "each element of \"children\" must be a node object, not an array");
}

TEST(json_field_types_type)
{
	const char *t1 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": \"0\"}]}}";
	const char *t2 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 2}]}}";
	const char *t3 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 1.0}]}}";
	const char *t4 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": -1}]}}";
	const char *t5 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 99999999999999999999999}]}}";
	const char *t6 = "{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": true}]}}";

	CHECK_STR(parse_err(t1), at(t1, "\"0\"",
		  "\"type\" must be an integer (0 = end device, 1 = router), not a string"));
	CHECK_STR(parse_err(t2), at(t2, "2}",
		  "\"type\" must be 0 (end device) or 1 (router), not 2"));
	CHECK_STR(parse_err(t3), at(t3, "1.0",
		  "\"type\" must be an integer (0 = end device, 1 = router), not 1.0"));
	CHECK_STR(parse_err(t4), at(t4, "-1",
		  "\"type\" must be 0 (end device) or 1 (router), not -1"));
	CHECK_STR(parse_err(t5), at(t5, "999",
		  "\"type\" must be 0 (end device) or 1 (router), not 99999999999999999999999"));
	CHECK_STR(parse_err(t6), at(t6, "true",
		  "\"type\" must be an integer (0 = end device, 1 = router), not a boolean"));
}

TEST(json_field_types_top_and_config)
{
	const char *t1 = "[{\"root\": {}}]";
	const char *t2 = "{\"root\": []}";
	const char *t3 = "{\"root\": {\"name\": \"C\"}, \"config\": 5}";
	const char *t4 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"slot_ms\": \"5\"}}";
	const char *t5 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"slot_ms\": -1}}";
	const char *t6 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"data_interval_ms\": 4294967296}}";
	const char *t7 = "{\"root\": {\"name\": \"C\"}, \"config\": {\"data_cycles\": 2.5}}";
	const char *t8 = "\"root\"";

	CHECK_STR(parse_err(t1), F ":1:1: the top level must be an object with a \"root\" node, not an array");
	CHECK_STR(parse_err(t8), F ":1:1: the top level must be an object with a \"root\" node, not a string");
	CHECK_STR(parse_err(t2), at(t2, "[",
		  "\"root\" must be an object (the coordinator), not an array"));
	CHECK_STR(parse_err(t3), at(t3, "5", "\"config\" must be an object, not a number"));
	CHECK_STR(parse_err(t4), at(t4, "\"5\"", "\"slot_ms\" must be an integer, not a string"));
	CHECK_STR(parse_err(t5), at(t5, "-1", "\"slot_ms\" must be in 1..60000, not -1"));
	CHECK_STR(parse_err(t6), at(t6, "4294967296",
		  "\"data_interval_ms\" must be in 1..86400000, not 4294967296"));
	CHECK_STR(parse_err(t7), at(t7, "2.5", "\"data_cycles\" must be an integer, not 2.5"));
}

TEST(json_name_length)
{
	char text[512], name[80];
	struct topo_doc doc;

	memset(name, 'n', 63);
	name[63] = '\0';
	snprintf(text, sizeof(text), "{\"root\": {\"name\": \"%s\"}}", name);
	REQUIRE(!topo_doc_parse(&doc, F, text, strlen(text), errbuf,
				sizeof(errbuf)));
	CHECK_STR(doc.t->nodes[0].name, name);
	topo_doc_free(&doc);

	snprintf(text, sizeof(text), "{\"root\": {\"name\": \"%sX\"}}", name);
	CHECK_STR(parse_err(text), at(text, "\"nnn",
		  "\"name\" is 64 bytes long, at most 63 allowed"));

	/* Bytes, after unescaping: 32 times U+00E9 is 64 bytes. */
	strcpy(text, "{\"root\": {\"name\": \"");
	for (int i = 0; i < 32; i++)
		strcat(text, "\\u00e9");
	strcat(text, "\"}}");
	CHECK_CONTAINS(parse_err(text), "\"name\" is 64 bytes long");
}

TEST(json_name_escapes_and_nul)
{
	const char *t1 = "{\"root\": {\"name\": \"a\\\"b\\\\c\\u00e9\\/\"}}";
	const char *t2 = "{\"root\": {\"name\": \"a\\u0000b\"}}";
	struct topo_doc doc;

	REQUIRE(!topo_doc_parse(&doc, F, t1, strlen(t1), errbuf,
				sizeof(errbuf)));
	CHECK_STR(doc.t->nodes[0].name, "a\"b\\c\xc3\xa9/");
	topo_doc_free(&doc);
	CHECK_STR(parse_err(t2), at(t2, "\"a\\u", "\"name\" contains a NUL character"));
}

TEST(json_validator_error_at_node_name)
{
	/* The design's example: a router without an end device below it. */
	const char *t =
		"{\"root\": {\"name\": \"BillyTheCoord\", \"children\": [\n"
		"    {\"name\": \"End Device 1\", \"type\": 0},\n"
		"    {\"type\": 1,\n"
		"     \"name\": \"Router 1\"}\n"
		"]}}\n";

	CHECK_STR(parse_err(t), "");
	CHECK_STR(check_err(t), at(t, "\"Router 1\"",
		  "node 'Router 1': router has no end device below it"));
}

TEST(json_validator_children_of_end_device)
{
	/* Not refused by the reader: the shared validator names the rule. */
	const char *t1 =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"E\", \"type\": 0, \"children\": [\n"
		"    {\"name\": \"F\", \"type\": 0}]}]}}";
	const char *t2 =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"E\", \"type\": 0, \"children\": [\n"
		"    {\"name\": \"R\", \"type\": 1, \"children\": [{\"name\": \"G\", \"type\": 0}]}]}]}}";
	struct topo_doc doc;

	REQUIRE(!topo_doc_parse(&doc, F, t1, strlen(t1), errbuf,
				sizeof(errbuf)));
	CHECK_INT(doc.t->n, 3);
	CHECK_INT(doc.t->nodes[2].parent, 1);
	topo_doc_free(&doc);
	CHECK_CONTAINS(check_err(t1), at(t1, "\"F\"",
		       "node 'F': path from an end device to an end device"));
	CHECK_CONTAINS(check_err(t2), at(t2, "\"R\"", "node 'R': router below an end device"));
}

TEST(json_validator_other_rules)
{
	const char *dup =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"E\", \"type\": 0},\n"
		"  {\"name\": \"E\", \"type\": 0}]}}";
	const char *empty =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"\", \"type\": 0}]}}";
	const char *deep =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		" {\"name\": \"R1\", \"type\": 1, \"children\": [\n"
		"  {\"name\": \"R2\", \"type\": 1, \"children\": [\n"
		"   {\"name\": \"R3\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"E\", \"type\": 0}]}]}]}]}}";

	/* The second of two nodes sharing a name is the one reported. */
	CHECK_CONTAINS(check_err(dup), at(dup, "\"E\", \"type\": 0}]",
		       "node 'E': name used by two nodes"));
	CHECK_STR(check_err(empty), at(empty, "\"\"", "node #1: empty name"));
	CHECK_CONTAINS(check_err(deep), at(deep, "\"R3\"",
		       "node 'R3': more than 2 routers"));
}

TEST(json_messages_stay_on_one_line)
{
	const char *t =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"a\\nb\", \"type\": 1}]}}";

	CHECK_STR(check_err(t), at(t, "\"a\\nb\"",
		  "node 'a?b': router has no end device below it"));
}

TEST(json_validator_config_positions)
{
	const char *slot =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0}]},\n"
		" \"config\": {\"slot_ms\": 0}}";
	const char *cyc =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0}]},\n"
		" \"config\": {\"data_cycles\": 256}}";
	const char *fit =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0}]},\n"
		" \"config\": {\"slot_ms\": 60000, \"data_interval_ms\": 59999}}";
	const char *fit2 =
		"{\"root\": {\"name\": \"C\", \"children\": [{\"name\": \"E\", \"type\": 0},\n"
		" {\"name\": \"F\", \"type\": 0}]}, \"config\": {\"slot_ms\": 60000}}";

	CHECK_STR(check_err(slot), at(slot, "0}}",
		  "config: slot_ms must be 1..60000"));
	CHECK_STR(check_err(cyc), at(cyc, "256",
		  "config: data_cycles must be 1..255"));
	/* The interval is too short for the schedule: point at it... */
	CHECK_CONTAINS(check_err(fit), at(fit, "59999",
		       "config: the slot schedule is longer than data_interval_ms"));
	/* ...or, when it is the default, at the slot length. */
	CHECK_CONTAINS(check_err(fit2), at(fit2, "60000",
		       "config: the slot schedule is longer than data_interval_ms"));
}

TEST(json_columns_count_bytes)
{
	/* "é" is two bytes: the column after it counts both. */
	const char *t = "{\"root\": {\"name\": \"\xc3\xa9\", \"x\": 1}}";
	/* CRLF line ends: '\r' is an ordinary byte of the line. */
	const char *crlf = "{\r\n\"root\": {\"name\": \"C\",\r\n \"y\": 1}}";

	CHECK_STR(parse_err(t), F ":1:25: unknown key \"x\" in a node (expected \"name\", \"type\", \"sensor\", \"children\")");
	CHECK_CONTAINS(parse_err(crlf), F ":3:2: unknown key \"y\"");
}

TEST(json_deep_nesting_is_not_recursion)
{
	/* 30,000 nested routers: no stack overflow, the validator refuses. */
	const int depth = 30000;
	size_t cap = (size_t)depth * 64 + 64, len = 0;
	char *t = malloc(cap);
	int i;

	REQUIRE(t);
	len += sprintf(t + len, "{\"root\": {\"name\": \"C\", \"children\": [");
	for (i = 0; i < depth; i++)
		len += sprintf(t + len, "{\"name\": \"r%d\", \"type\": 1, \"children\": [", i);
	for (i = 0; i < depth; i++)
		len += sprintf(t + len, "]}");
	sprintf(t + len, "]}}");
	CHECK_STR(parse_err(t), "");
	CHECK_CONTAINS(check_err(t), "node 'r2': more than 2 routers");
	free(t);
}

TEST(json_too_many_nodes)
{
	/* One past LOOM_MAX_NODES: refused at the node that is one too many. */
	size_t cap = (size_t)(LOOM_MAX_NODES + 1) * 40 + 64, len = 0;
	char *t = malloc(cap), needle[32];
	int i;

	REQUIRE(t);
	len += sprintf(t + len, "{\"root\": {\"name\": \"C\", \"children\": [");
	for (i = 1; i <= LOOM_MAX_NODES; i++)
		len += sprintf(t + len, "%s{\"name\": \"n%d\", \"type\": 0}",
			       i > 1 ? "," : "", i);
	sprintf(t + len, "]}}");
	snprintf(needle, sizeof(needle), "{\"name\": \"n%d\"", LOOM_MAX_NODES);
	CHECK_STR(parse_err(t), at(t, needle,
		  "more nodes than the address space holds (53805)"));
	free(t);
}

TEST(json_read_file_errors)
{
	struct topo_doc doc;

	CHECK(topo_doc_read(&doc, "/nonexistent/x.json", errbuf,
			    sizeof(errbuf)));
	CHECK_STR(errbuf, "loomctl: cannot open /nonexistent/x.json: No such file or directory");
	CHECK(topo_doc_read(&doc, "/", errbuf, sizeof(errbuf)));
	CHECK_STR(errbuf, "loomctl: cannot read /: Is a directory");
}

TEST(json_check_file)
{
	char *path = test_write_file("seed.json", fixture_seed);
	struct topo_doc doc;

	REQUIRE(path);
	REQUIRE(!topo_doc_check(&doc, path, errbuf, sizeof(errbuf)));
	CHECK_STR(doc.file, path);
	CHECK_INT(doc.t->n, 9);
	topo_doc_free(&doc);
	free(path);
}
