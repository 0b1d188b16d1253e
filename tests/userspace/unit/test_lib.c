// SPDX-License-Identifier: GPL-2.0
/*
 * libloom without the kernel: numbers as addresses are written (hex),
 * names resolved on a topology read beforehand, and every refusal that
 * comes before a socket is opened.  The TOPO_GET and NODE_GET replies it
 * reads are test_msg.c's and test_run_msg.c's.
 */
#include <errno.h>
#include <string.h>

#include "fixtures.h"
#include "loom.h"
#include "loom_int.h"
#include "test.h"

static struct topo_doc doc;

static const struct loom_topology *topo_of(const char *json)
{
	return fixture_topology(&doc, json);
}

TEST(lib_parse_addr_numbers)
{
	/* What each string reads as: 0 and the address, or the error. */
	static const struct {
		const char *s;
		int ret;
		uint16_t addr;
	} cases[] = {
		/* Hex, always: "0x" is optional, bare digits are not decimal. */
		{ "0x1100", 0, 0x1100 }, { "0X1100", 0, 0x1100 },
		{ "1100", 0, 0x1100 }, { "4352", 0, 0x4352 },
		{ "0xf000", 0, 0xf000 }, { "0xF000", 0, 0xf000 },
		{ "f000", 0, 0xf000 }, { "F000", 0, 0xf000 },
		{ "0xFfFf", 0, 0xffff }, { "ffff", 0, 0xffff },
		{ "abc", 0, 0x0abc }, { "0b1", 0, 0x00b1 },
		{ "1", 0, 1 }, { "0x1", 0, 1 }, { "0001", 0, 1 },
		{ "0", 0, 0 }, { "0x0000", 0, 0 },
		/* Not numbers at all. */
		{ "", -EINVAL, 0 }, { "0x", -EINVAL, 0 }, { "0X", -EINVAL, 0 },
		{ "x1", -EINVAL, 0 }, { "1101h", -EINVAL, 0 },
		{ "g", -EINVAL, 0 }, { "0xg1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 }, { "1 ", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 }, { "+1", -EINVAL, 0 },
		{ "0x-1", -EINVAL, 0 }, { "0x0x1", -EINVAL, 0 },
		{ "1.5", -EINVAL, 0 }, { "0o17", -EINVAL, 0 },
		{ "0x1 ", -EINVAL, 0 }, { "12345g", -EINVAL, 0 },
		/* Numbers of more than 4 digits, even with leading zeros. */
		{ "12345", -ERANGE, 0 }, { "00001", -ERANGE, 0 },
		{ "65535", -ERANGE, 0 }, { "0x10000", -ERANGE, 0 },
		{ "0x00001", -ERANGE, 0 },
		{ "123456789012345678901234567890", -ERANGE, 0 },
	};
	uint16_t a;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = 0x5555;
		ret = loom_parse_addr(cases[i].s, &a);
		if (ret != cases[i].ret ||
		    a != (ret ? 0x5555 : cases[i].addr))
			test_fail(__FILE__, __LINE__, "\"%s\": %d, 0x%04x",
				  cases[i].s, ret, a);
	}
	CHECK_INT(loom_parse_addr(NULL, &a), -EINVAL);
}

TEST(lib_resolve_on_topology)
{
	/* An end device named like the coordinator's address. */
	const struct loom_topology *t = topo_of(
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"R\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"61440\", \"type\": 0}]},\n"
		"  {\"name\": \"End Device\", \"type\": 0}]}}\n");
	char n64[65];
	u16 a = 0;

	REQUIRE(t);
	CHECK_INT(loom_topo_resolve(t, "C", &a), 0);
	CHECK_INT(a, 0xf000);
	CHECK_INT(loom_topo_resolve(t, "End Device", &a), 0);
	CHECK_INT(a, 0x0001);
	/* The name first: "61440" is the end device below R, not 0xf000. */
	CHECK_INT(loom_topo_resolve(t, "61440", &a), 0);
	CHECK_INT(a, 0x1001);
	CHECK_INT(loom_topo_resolve(t, "0xf000", &a), 0);
	CHECK_INT(a, 0xf000);
	/* Hex without "0x": 1000 is the router, 0x1000. */
	CHECK_INT(loom_topo_resolve(t, "1000", &a), 0);
	CHECK_INT(a, 0x1000);
	/* An address no node has is the kernel's to refuse. */
	CHECK_INT(loom_topo_resolve(t, "0x2001", &a), 0);
	CHECK_INT(a, 0x2001);

	a = 0x5555;
	CHECK_INT(loom_topo_resolve(t, "Nobody", &a), -ENOENT);
	CHECK_INT(loom_topo_resolve(t, "End", &a), -ENOENT);
	CHECK_INT(a, 0x5555);
	/* No node is "c": made of hex digits, it is an address. */
	CHECK_INT(loom_topo_resolve(t, "c", &a), 0);
	CHECK_INT(a, 0x000c);
	CHECK_INT(loom_topo_resolve(t, "1101", &a), 0);
	CHECK_INT(a, 0x1101);
	a = 0x5555;
	CHECK_INT(loom_topo_resolve(t, "0", &a), -EINVAL);
	CHECK_INT(loom_topo_resolve(t, "0x0000", &a), -EINVAL);
	CHECK_INT(loom_topo_resolve(t, "70000", &a), -ERANGE);
	CHECK_INT(loom_topo_resolve(t, "4096a", &a), -ERANGE);
	CHECK_INT(loom_topo_resolve(t, "0x12345", &a), -ERANGE);
	CHECK_INT(loom_topo_resolve(t, "", &a), -EINVAL);
	CHECK_INT(loom_topo_resolve(t, NULL, &a), -EINVAL);
	memset(n64, 'n', 64);
	n64[64] = '\0';
	CHECK_INT(loom_topo_resolve(t, n64, &a), -EINVAL);
	CHECK_INT(a, 0x5555);

	/* No topology: numbers only. */
	CHECK_INT(loom_topo_resolve(NULL, "R", &a), -ENOENT);
	CHECK_INT(loom_topo_resolve(NULL, "C", &a), 0);
	CHECK_INT(a, 0x000c);
	CHECK_INT(loom_topo_resolve(NULL, "61440", &a), -ERANGE);
	CHECK_INT(loom_topo_resolve(NULL, "f000", &a), 0);
	CHECK_INT(a, 0xf000);

	CHECK_STR(loom_topo_addr_name(t, 0x1001), "61440");
	CHECK_STR(loom_topo_addr_name(t, 0x1000), "R");
	CHECK(!loom_topo_addr_name(t, 0x1002));
	CHECK(!loom_topo_addr_name(t, 0x0000));
	CHECK(!loom_topo_addr_name(NULL, 0xf000));
	topo_doc_free(&doc);
}

TEST(lib_names_of_the_seed)
{
	const struct loom_topology *t = topo_of(fixture_seed);

	REQUIRE(t);
	CHECK_INT(loom_topo_find_name(t, "Router 2"), 4);
	CHECK_INT(loom_topo_find_name(t, "BillyTheCoord"), 0);
	/* Exactly: no prefix, no case folding, no spaces trimmed. */
	CHECK_INT(loom_topo_find_name(t, "Router"), LOOM_NO_PARENT);
	CHECK_INT(loom_topo_find_name(t, "router 2"), LOOM_NO_PARENT);
	CHECK_INT(loom_topo_find_name(t, "Router 2 "), LOOM_NO_PARENT);
	CHECK_INT(loom_topo_find_name(t, ""), LOOM_NO_PARENT);
	CHECK_INT(loom_topo_find_name(NULL, "Router 2"), LOOM_NO_PARENT);
	CHECK_STR(loom_topo_addr_name(t, 0xf000), "BillyTheCoord");
	CHECK_STR(loom_topo_addr_name(t, 0x0001), "End Device 1");
	CHECK_STR(loom_topo_addr_name(t, 0x1101), "End Device 3");
	CHECK(!loom_topo_addr_name(t, 0x1234));
	topo_doc_free(&doc);
}

TEST(lib_refuses_before_the_kernel)
{
	char n64[65];
	uint16_t a = 0x5555;

	memset(n64, 'n', 64);
	n64[64] = '\0';
	/* Words that cannot be a name or a number: no socket needed. */
	CHECK_INT(loom_resolve("", &a), -EINVAL);
	CHECK_INT(loom_resolve(NULL, &a), -EINVAL);
	CHECK_INT(loom_resolve(n64, &a), -EINVAL);
	CHECK_INT(a, 0x5555);
	CHECK_INT(loom_node_ifindex(""), -EINVAL);
	CHECK_INT(loom_node_ifindex(NULL), -EINVAL);
	CHECK_INT(loom_node_ifindex(n64), -EINVAL);
	CHECK_INT(loom_socket_open(n64, 0), -EINVAL);
	CHECK_INT(loom_socket_open_ifindex(0, 0), -ENODEV);
	CHECK_INT(loom_socket_open_ifindex(-3, LOOM_PORT_ECHO), -ENODEV);
}

TEST(lib_resolve_numbers_without_names)
{
	uint16_t a = 0;

	/*
	 * A number needs neither the module nor a topology: the names are
	 * tried and, whatever came of that, the number stands (unless a
	 * node has that very name, which no test topology does).
	 */
	CHECK_INT(loom_resolve("0x1100", &a), 0);
	CHECK_INT(a, 0x1100);
	CHECK_INT(loom_resolve("1100", &a), 0);
	CHECK_INT(a, 0x1100);
	CHECK_INT(loom_resolve("4352", &a), 0);
	CHECK_INT(a, 0x4352);
	CHECK_INT(loom_resolve("0x10000", &a), -ERANGE);
	CHECK_INT(loom_resolve("0", &a), -EINVAL);
	/* A name the host cannot know: some errno, never 0. */
	CHECK(loom_resolve("No Such Node Anywhere", &a) < 0);
}
