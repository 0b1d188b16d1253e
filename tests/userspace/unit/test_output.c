// SPDX-License-Identifier: GPL-2.0
/*
 * "topology show" output: the table, the JSON (exact text, key order,
 * escaping, pretty form) and both for a topology the shared code computed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "fixtures.h"
#include "output.h"
#include "test.h"
#include "topo_json.h"
#include "topo_show.h"

static char *buf;
static size_t len;

static FILE *mem(void)
{
	return test_mem(&buf, &len);
}

static const char *table(const struct topo_view *v)
{
	FILE *f = mem();

	CHECK_INT(topo_show_table(f, v), 0);
	fclose(f);
	return buf;
}

static const char *json(const struct topo_view *v, bool pretty)
{
	FILE *f = mem();

	CHECK_INT(topo_show_json(f, v, pretty), 0);
	fclose(f);
	return buf;
}

static void set(struct loom_topo_node *nd, const char *name, u8 role,
		u32 parent, bool sensor, u16 addr, u8 layer, u32 txf, u32 txc,
		u32 rxf, u32 rxc)
{
	snprintf(nd->name, sizeof(nd->name), "%s", name);
	nd->role = role;
	nd->parent = parent;
	nd->sensor = sensor;
	nd->addr = addr;
	nd->layer = layer;
	nd->tx_first = txf;
	nd->tx_count = txc;
	nd->rx_first = rxf;
	nd->rx_count = rxc;
}

/* A small topology with every field filled in by hand. */
static struct loom_topology *handmade(void)
{
	struct loom_topology *t = loom_topo_alloc(4);

	set(&t->nodes[0], "Coord", LOOM_ROLE_COORDINATOR, LOOM_NO_PARENT,
	    false, 0xf000, 0, 0, 0, 2, 2);
	set(&t->nodes[1], "Router A", LOOM_ROLE_ROUTER, 0, false, 0x1000, 0,
	    2, 2, 0, 2);
	set(&t->nodes[2], "e1", LOOM_ROLE_END_DEVICE, 1, true, 0x1001, 1, 0,
	    1, 0, 0);
	set(&t->nodes[3], "e2", LOOM_ROLE_END_DEVICE, 1, true, 0x1002, 1, 1,
	    1, 0, 0);
	t->slot_total = 4;
	return t;
}

TEST(output_slot_ranges)
{
	char s[32];

	topo_show_slots(s, sizeof(s), 0, 0);
	CHECK_STR(s, "-");
	topo_show_slots(s, sizeof(s), 7, 0);
	CHECK_STR(s, "-");
	topo_show_slots(s, sizeof(s), 3, 1);
	CHECK_STR(s, "3");
	topo_show_slots(s, sizeof(s), 11, 7);
	CHECK_STR(s, "11-17");
}

TEST(output_table_exact)
{
	struct topo_view v = { .generation = 3, .t = handmade() };

	CHECK_STR(table(&v),
		"topology generation 3: 4 nodes, 4 slots (slot_ms 1000, data_interval_ms 60000, data_cycles 10)\n"
		"NAME      ROLE         ADDRESS  PARENT    SENSOR  LAYER  TX SLOTS  RX SLOTS\n"
		"Coord     coordinator  0xf000   -         no      0      -         2-3\n"
		"Router A  router       0x1000   Coord     no      0      2-3       0-1\n"
		"e1        end-device   0x1001   Router A  yes     1      0         -\n"
		"e2        end-device   0x1002   Router A  yes     1      1         -\n");
}

TEST(output_json_exact)
{
	struct topo_view v = { .generation = 3, .t = handmade() };

	CHECK_STR(json(&v, false),
		"{\"generation\":3,\"config\":{\"slot_ms\":1000,\"data_interval_ms\":60000,\"data_cycles\":10},"
		"\"slot_total\":4,\"nodes\":["
		"{\"index\":0,\"name\":\"Coord\",\"role\":\"coordinator\",\"address\":\"0xf000\",\"parent\":null,"
		"\"sensor\":false,\"layer\":0,\"tx_first\":0,\"tx_count\":0,\"rx_first\":2,\"rx_count\":2},"
		"{\"index\":1,\"name\":\"Router A\",\"role\":\"router\",\"address\":\"0x1000\",\"parent\":\"Coord\","
		"\"sensor\":false,\"layer\":0,\"tx_first\":2,\"tx_count\":2,\"rx_first\":0,\"rx_count\":2},"
		"{\"index\":2,\"name\":\"e1\",\"role\":\"end-device\",\"address\":\"0x1001\",\"parent\":\"Router A\","
		"\"sensor\":true,\"layer\":1,\"tx_first\":0,\"tx_count\":1,\"rx_first\":0,\"rx_count\":0},"
		"{\"index\":3,\"name\":\"e2\",\"role\":\"end-device\",\"address\":\"0x1002\",\"parent\":\"Router A\","
		"\"sensor\":true,\"layer\":1,\"tx_first\":1,\"tx_count\":1,\"rx_first\":0,\"rx_count\":0}]}\n");
}

TEST(output_no_topology)
{
	struct loom_topology *empty = loom_topo_alloc(0);
	struct topo_view v = { .generation = 7, .t = NULL };

	CHECK_STR(table(&v), "no topology loaded\n");
	CHECK_STR(json(&v, false),
		  "{\"generation\":7,\"config\":null,\"slot_total\":0,\"nodes\":[]}\n");
	/* Zero nodes reads the same as none. */
	v.t = empty;
	CHECK_STR(json(&v, false),
		  "{\"generation\":7,\"config\":null,\"slot_total\":0,\"nodes\":[]}\n");
	CHECK_STR(table(&v), "no topology loaded\n");
}

/* @s without the blanks outside JSON strings. */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	bool in = false, esc = false;

	for (; *s; s++) {
		if (in) {
			if (esc)
				esc = false;
			else if (*s == '\\')
				esc = true;
			else if (*s == '"')
				in = false;
		} else if (*s == '"') {
			in = true;
		} else if (*s == ' ' || *s == '\n') {
			continue;
		}
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

TEST(output_json_pretty)
{
	struct topo_view v = { .generation = 3, .t = handmade() };
	char *compact = strdup(json(&v, false));
	const char *pretty = json(&v, true);
	char *sq;
	size_t l = strlen(pretty);

	CHECK_CONTAINS(pretty, "{\n  \"generation\": 3,\n  \"config\": {\n    \"slot_ms\": 1000,");
	CHECK(l > 2 && pretty[l - 1] == '\n' && pretty[l - 2] == '}');
	/* Same document, only laid out. */
	sq = squeeze(pretty);
	compact[strlen(compact) - 1] = '\0';
	CHECK_STR(sq, compact);
}

TEST(output_json_escaping)
{
	static const char raw[] = "q\"b\\s/n\nt\tc\x01 \xc3\xa9 \xff!";
	static const char want[] = "q\"b\\s/n\nt\tc\x01 \xc3\xa9 \xef\xbf\xbd!";
	struct loom_topology *t = handmade();
	struct topo_view v = { .generation = 1, .t = t };
	const char *path[] = { "nodes", NULL };
	char err[256];
	yajl_val doc, nodes, n0, n1;

	strcpy(t->nodes[0].name, raw);
	json(&v, false);
	CHECK_CONTAINS(buf, "\"name\":\"q\\\"b\\\\s/n\\nt\\tc\\u0001 \xc3\xa9 \xef\xbf\xbd!\"");
	/* It parses, and says what the kernel said (bad bytes as U+FFFD). */
	doc = yajl_tree_parse(buf, err, sizeof(err));
	REQUIRE(doc);
	nodes = yajl_tree_get(doc, path, yajl_t_array);
	REQUIRE(nodes && YAJL_GET_ARRAY(nodes)->len == 4);
	n0 = YAJL_GET_ARRAY(nodes)->values[0];
	n1 = YAJL_GET_ARRAY(nodes)->values[1];
	{
		const char *np[] = { "name", NULL }, *pp[] = { "parent", NULL };

		CHECK_STR(YAJL_GET_STRING(yajl_tree_get(n0, np, yajl_t_string)),
			  want);
		CHECK_STR(YAJL_GET_STRING(yajl_tree_get(n1, pp, yajl_t_string)),
			  want);
	}
	yajl_tree_free(doc);
}

TEST(output_utf8_check)
{
	CHECK(out_utf8_valid("abc", 3));
	CHECK(out_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
	CHECK(!out_utf8_valid("\xff", 1));
	CHECK(!out_utf8_valid("\xc3", 1));		/* cut short */
	CHECK(!out_utf8_valid("\xc0\xaf", 2));		/* overlong */
	CHECK(!out_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	CHECK(!out_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	CHECK_INT(out_width("\xc3\xa9t\xc3\xa9"), 3);
}

TEST(output_table_aligns_characters)
{
	struct loom_topology *t = handmade();
	struct topo_view v = { .generation = 1, .t = t };
	const char *line2, *line3;

	/* 8 characters, 12 bytes: as wide as "Router A". */
	strcpy(t->nodes[0].name, "\xc3\x9c" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9" "!");
	table(&v);
	line2 = strstr(buf, "\n\xc3\x9c");
	line3 = strstr(buf, "\nRouter A");
	REQUIRE(line2 && line3);
	CHECK_CONTAINS(line2, "\xc3\x9c" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9" "!  coordinator");
	CHECK_CONTAINS(line3, "Router A  router");
}

TEST(output_table_control_characters)
{
	struct loom_topology *t = handmade();
	struct topo_view v = { .generation = 1, .t = t };

	/* A name may hold a newline (JSON "\n"): a row stays one line. */
	strcpy(t->nodes[1].name, "Rou\nter\tA");
	table(&v);
	CHECK_CONTAINS(buf, "\nRou?ter?A  router       0x1000   Coord");
	CHECK_CONTAINS(buf, "\ne1         end-device   0x1001   Rou?ter?A  yes");
}

TEST(output_table_computed_seed)
{
	struct topo_doc doc;
	struct topo_view v;
	char err[512], head[256], row[256], tx[24], rx[24];
	u32 i;

	REQUIRE(!topo_doc_parse(&doc, "seed.json", fixture_seed,
				strlen(fixture_seed), err, sizeof(err)));
	REQUIRE(!topo_doc_compute(&doc, err, sizeof(err)));
	v.generation = 1;
	v.t = doc.t;
	table(&v);
	snprintf(head, sizeof(head),
		 "topology generation 1: 9 nodes, %u slots (slot_ms 1000, data_interval_ms 60000, data_cycles 10)\n"
		 "NAME           ROLE         ADDRESS  PARENT         SENSOR  LAYER  TX SLOTS  RX SLOTS\n",
		 doc.t->slot_total);
	CHECK(!strncmp(buf, head, strlen(head)));
	CHECK_CONTAINS(buf, "\nBillyTheCoord  coordinator  0xf000   -              no      0      -  ");
	/* Every row: the computed address, parent and slots, aligned. */
	for (i = 0; i < doc.t->n; i++) {
		const struct loom_topo_node *nd = &doc.t->nodes[i];

		topo_show_slots(tx, sizeof(tx), nd->tx_first, nd->tx_count);
		topo_show_slots(rx, sizeof(rx), nd->rx_first, nd->rx_count);
		snprintf(row, sizeof(row), "\n%-13s  %-11s  0x%04x   %-13s  %-6s  %-5u  %-8s  %s\n",
			 nd->name, loom_role_name(nd->role), nd->addr,
			 i ? doc.t->nodes[nd->parent].name : "-",
			 nd->sensor ? "yes" : "no", nd->layer, tx, rx);
		CHECK_CONTAINS(buf, row);
	}
	topo_doc_free(&doc);
}

TEST(output_json_computed_seed)
{
	static const char *const keys[] = {
		"index", "name", "role", "address", "parent", "sensor",
		"layer", "tx_first", "tx_count", "rx_first", "rx_count",
	};
	const char *top_keys[] = {
		"generation", "config", "slot_total", "nodes",
	};
	const char *path[] = { "nodes", NULL };
	struct topo_doc doc;
	struct topo_view v;
	char err[512], addr[8];
	yajl_val root, nodes;
	u32 i, k;

	REQUIRE(!topo_doc_parse(&doc, "seed.json", fixture_seed,
				strlen(fixture_seed), err, sizeof(err)));
	REQUIRE(!topo_doc_compute(&doc, err, sizeof(err)));
	v.generation = 5;
	v.t = doc.t;
	json(&v, false);
	CHECK(!strchr(buf, '\n') || strchr(buf, '\n') == buf + len - 1);
	root = yajl_tree_parse(buf, err, sizeof(err));
	REQUIRE(root && YAJL_IS_OBJECT(root));
	REQUIRE(YAJL_GET_OBJECT(root)->len == 4);
	for (k = 0; k < 4; k++)
		CHECK_STR(YAJL_GET_OBJECT(root)->keys[k], top_keys[k]);
	nodes = yajl_tree_get(root, path, yajl_t_array);
	REQUIRE(nodes && YAJL_GET_ARRAY(nodes)->len == doc.t->n);
	for (i = 0; i < doc.t->n; i++) {
		const struct loom_topo_node *nd = &doc.t->nodes[i];
		yajl_val o = YAJL_GET_ARRAY(nodes)->values[i];
		yajl_val *vals = YAJL_GET_OBJECT(o)->values;

		REQUIRE(YAJL_GET_OBJECT(o)->len == 11);
		for (k = 0; k < 11; k++)
			CHECK_STR(YAJL_GET_OBJECT(o)->keys[k], keys[k]);
		snprintf(addr, sizeof(addr), "0x%04x", nd->addr);
		CHECK_INT(YAJL_GET_INTEGER(vals[0]), i);
		CHECK_STR(YAJL_GET_STRING(vals[1]), nd->name);
		CHECK_STR(YAJL_GET_STRING(vals[2]), loom_role_name(nd->role));
		CHECK_STR(YAJL_GET_STRING(vals[3]), addr);
		if (i)
			CHECK_STR(YAJL_GET_STRING(vals[4]),
				  doc.t->nodes[nd->parent].name);
		else
			CHECK(YAJL_IS_NULL(vals[4]));
		CHECK(nd->sensor ? YAJL_IS_TRUE(vals[5]) : YAJL_IS_FALSE(vals[5]));
		CHECK_INT(YAJL_GET_INTEGER(vals[6]), nd->layer);
		CHECK_INT(YAJL_GET_INTEGER(vals[7]), nd->tx_first);
		CHECK_INT(YAJL_GET_INTEGER(vals[8]), nd->tx_count);
		CHECK_INT(YAJL_GET_INTEGER(vals[9]), nd->rx_first);
		CHECK_INT(YAJL_GET_INTEGER(vals[10]), nd->rx_count);
	}
	yajl_tree_free(root);
	topo_doc_free(&doc);
}

TEST(output_generic_table)
{
	static const char *const hdr[] = { "A", "LONG HEADER", "C" };
	static const char *const r1[] = { "wide cell", "x", "" };
	struct out_table *t = out_table_new(3, hdr);
	FILE *f = mem();

	REQUIRE(t);
	CHECK_INT(out_table_add(t, r1), 0);
	out_table_print(t, f);
	fclose(f);
	/* No blanks after the last column, even when it is empty. */
	CHECK_STR(buf, "A          LONG HEADER  C\n"
		       "wide cell  x\n");
	out_table_free(t);
}

TEST(output_table_emit)
{
	static const char *const hdr[] = { "N", "VALUE" };
	const char *row[2];
	struct out_table *t = out_table_new(2, hdr);
	char a[24], b[24];
	FILE *f = mem();

	REQUIRE(t);
	row[0] = out_u64(a, sizeof(a), 1);
	row[1] = out_u64(b, sizeof(b), 18446744073709551615ULL);
	CHECK_INT(out_table_add(t, row), 0);
	/* Printed and freed. */
	CHECK_INT(out_table_emit(t, f), 0);
	/* A table that could not be made: nothing printed. */
	CHECK_INT(out_table_emit(NULL, f), -ENOMEM);
	fclose(f);
	CHECK_STR(buf, "N  VALUE\n"
		       "1  18446744073709551615\n");
}
