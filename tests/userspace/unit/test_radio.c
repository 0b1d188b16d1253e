// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl radio": the operands of "radio add" and "radio set" and their
 * refusals, the RADIO_ADD, RADIO_DEL and RADIO_SET requests (each
 * attribute with the size kernel/netlink.c's loom_radio_policy wants, read
 * back with a policy like it), the RADIO_GET replies as kernel/run_nl.c
 * makes them for a simulated radio and for an interface's, and the exact
 * table and JSON of "radio list".
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "msgutil.h"
#include "run_msg.h"
#include "run_show.h"
#include "test.h"

#define FAMILY 0x44

static char why[RUN_ERR_MAX];
static char *buf;
static size_t len;

static FILE *mem(void)
{
	return test_mem(&buf, &len);
}

/* The words of @line ('|' between them) through run_parse_radio_add(). */
static int add(const char *line, struct run_radio_req *rq)
{
	char *ops[8];
	int n = test_words(line, ops, 8);

	return run_parse_radio_add(n, ops, rq, why, sizeof(why));
}

static int set(const char *line, struct run_radio_req *rq)
{
	char *ops[8];
	int n = test_words(line, ops, 8);

	return run_parse_radio_set(n, ops, rq, why, sizeof(why));
}

TEST(radio_parse_add_operands)
{
	struct run_radio_req rq;

	CHECK_INT(add("mesh0", &rq), 0);
	CHECK_STR(rq.ifname, "mesh0");
	CHECK(!rq.radio);
	CHECK_INT(rq.rate_kbps, 0);
	CHECK_INT(rq.netns_fd, -1);
	CHECK_INT(rq.netns_pid, 0);
	CHECK(!rq.netns);

	CHECK_INT(add("veth0|rate|54000|name|lan0", &rq), 0);
	CHECK_STR(rq.ifname, "veth0");
	CHECK_STR(rq.radio, "lan0");
	CHECK_INT(rq.rate_kbps, 54000);
	CHECK_INT(add("0123456789abcde|name|0123456789abcde|rate|6000", &rq),
		  0);
	CHECK_INT(rq.rate_kbps, LOOM_RADIO_RATE_MIN);
	CHECK_INT(add("w|rate|1000000", &rq), 0);
	CHECK_INT(rq.rate_kbps, LOOM_RADIO_RATE_MAX);
}

TEST(radio_parse_add_refusals)
{
	struct run_radio_req rq;

	CHECK_INT(run_parse_radio_add(0, NULL, &rq, why, sizeof(why)),
		  -EINVAL);
	CHECK_STR(why, "missing IFNAME");
	CHECK_INT(run_parse_radio_add(1, (char *[]){ "" }, &rq, why,
				      sizeof(why)), -EINVAL);
	CHECK_STR(why, "IFNAME \"\": empty");
	CHECK_INT(add("0123456789abcdef", &rq), -EINVAL);
	CHECK_STR(why, "IFNAME \"0123456789abcdef\": longer than 15 bytes");
	CHECK_INT(add("w|name", &rq), -EINVAL);
	CHECK_STR(why, "missing NAME after 'name'");
	CHECK_INT(add("w|rate", &rq), -EINVAL);
	CHECK_STR(why, "missing KBPS after 'rate'");
	CHECK_INT(add("w|speed|6000", &rq), -EINVAL);
	CHECK_STR(why, "unexpected argument 'speed'");
	CHECK_INT(add("w|name|a|name|b", &rq), -EINVAL);
	CHECK_STR(why, "'name' given twice");
	CHECK_INT(add("w|rate|6000|rate|6000", &rq), -EINVAL);
	CHECK_STR(why, "'rate' given twice");
	CHECK_INT(run_parse_radio_add(3, (char *[]){ "w", "name", "" }, &rq,
				      why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "NAME \"\": empty");
	CHECK_INT(add("w|name|0123456789abcdef", &rq), -EINVAL);
	CHECK_STR(why, "NAME \"0123456789abcdef\": longer than 15 bytes");
	CHECK_INT(add("w|rate|5999", &rq), -EINVAL);
	CHECK_STR(why, "KBPS \"5999\": must be 6000..1000000 (kbit/s)");
	CHECK_INT(add("w|rate|1000001", &rq), -EINVAL);
	CHECK_STR(why, "KBPS \"1000001\": must be 6000..1000000 (kbit/s)");
	CHECK_INT(add("w|rate|6.5", &rq), -EINVAL);
	CHECK_STR(why, "KBPS \"6.5\": must be a whole number (kbit/s)");
	CHECK_INT(add("w|rate|fast", &rq), -EINVAL);
	CHECK_STR(why, "KBPS \"fast\": not a number (kbit/s)");
}

TEST(radio_parse_set_operands)
{
	struct run_radio_req rq;

	CHECK_INT(set("hwsim3|netns|n3", &rq), 0);
	CHECK_STR(rq.radio, "hwsim3");
	CHECK_STR(rq.netns, "n3");
	CHECK_INT(rq.netns_fd, -1);
	CHECK_INT(rq.netns_pid, 0);
	CHECK(!rq.ifname);
	CHECK_INT(rq.rate_kbps, 0);
	/* A number is a name as well: "ip netns" allows it. */
	CHECK_INT(set("hwsim3|netns|4242", &rq), 0);
	CHECK_STR(rq.netns, "4242");

	CHECK_INT(run_parse_radio_set(0, NULL, &rq, why, sizeof(why)),
		  -EINVAL);
	CHECK_STR(why, "missing NAME");
	CHECK_INT(set("hwsim3", &rq), -EINVAL);
	CHECK_STR(why, "missing 'netns NS'");
	CHECK_INT(set("hwsim3|ns|n3", &rq), -EINVAL);
	CHECK_STR(why, "expected 'netns', not 'ns'");
	CHECK_INT(set("hwsim3|netns", &rq), -EINVAL);
	CHECK_STR(why, "missing NS");
	CHECK_INT(set("hwsim3|netns|n3|now", &rq), -EINVAL);
	CHECK_STR(why, "unexpected argument 'now'");
	CHECK_INT(run_parse_radio_set(3, (char *[]){ "", "netns", "n3" }, &rq,
				      why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "NAME \"\": empty");
	CHECK_INT(set("hwsim0123456789a|netns|n3", &rq), -EINVAL);
	CHECK_STR(why, "NAME \"hwsim0123456789a\": longer than 15 bytes");
	CHECK_INT(run_parse_radio_set(3, (char *[]){ "hwsim3", "netns", "" },
				      &rq, why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "NS \"\": empty");
	CHECK_INT(set("hwsim3|netns|../n3", &rq), -EINVAL);
	CHECK_STR(why, "NS \"../n3\": a namespace name holds no '/'");
	CHECK_INT(set("hwsim3|netns|..", &rq), -EINVAL);
	CHECK_STR(why, "NS \"..\": not a namespace name");
}

TEST(radio_netns_names_and_pids)
{
	char name[NAME_MAX + 2];
	u32 pid = 7;

	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	CHECK_INT(run_check_netns(name, why, sizeof(why)), 0);
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = '\0';
	CHECK_INT(run_check_netns(name, why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "longer than 255 bytes");
	CHECK_INT(run_check_netns(".", why, sizeof(why)), -EINVAL);
	CHECK_INT(run_check_netns(".n", why, sizeof(why)), 0);

	CHECK_INT(run_parse_pid("1", &pid), 0);
	CHECK_INT(pid, 1);
	CHECK_INT(run_parse_pid("0042", &pid), 0);
	CHECK_INT(pid, 42);
	CHECK_INT(run_parse_pid("2147483647", &pid), 0);
	CHECK_INT(pid, INT32_MAX);
	pid = 7;
	CHECK_INT(run_parse_pid("2147483648", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("99999999999999999999999", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("0", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("-1", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("+1", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("12a", &pid), -EINVAL);
	CHECK_INT(run_parse_pid("n3", &pid), -EINVAL);
	CHECK_INT(pid, 7);
}

TEST(radio_names_of_kinds_and_counters)
{
	static const char *const stats[] = {
		"tx_frames", "tx_errors", "rx_frames", "rx_malformed",
		"rx_deaf", "rx_otherhost", "rx_otherproto", "tx_unicast",
		"spi_errors", "spi_messages", "irq", "irq_spurious",
		"irq_unexpected", "irq_stuck", "rx_crc_errors", "tx_timeouts",
		"resets", "tx_start_ns", "tx_start_max_ns", "rx_irq_ns",
		"rx_irq_max_ns", "cad", "cad_busy", "cad_timeouts",
	};
	unsigned int i;

	CHECK_INT(RUN_RADIO_STAT_MAX, 24);
	CHECK(!run_radio_stat_name(0));
	CHECK(!run_radio_stat_name(RUN_RADIO_STAT_MAX + 1));
	for (i = 1; i <= RUN_RADIO_STAT_MAX; i++)
		CHECK_STR(run_radio_stat_name(i), stats[i - 1]);
	CHECK_STR(run_radio_kind_name(LOOM_RADIO_KIND_HWSIM), "hwsim");
	CHECK_STR(run_radio_kind_name(LOOM_RADIO_KIND_ETHER), "ether");
	CHECK_STR(run_radio_kind_name(LOOM_RADIO_KIND_SX127X), "sx127x");
	CHECK(!run_radio_kind_name(LOOM_RADIO_KIND_UNSPEC));
	CHECK(!run_radio_kind_name(4));
	CHECK(!run_radio_kind_name(255));
}

TEST(radio_fmt_level)
{
	char b[32];

	CHECK_STR(run_fmt_level(b, sizeof(b), -80500, "dBm"), "-80.5 dBm");
	CHECK_STR(run_fmt_level(b, sizeof(b), 0, "dB"), "0.0 dB");
	CHECK_STR(run_fmt_level(b, sizeof(b), LOOM_SIGNAL_UNKNOWN, "dBm"),
		  "unknown");
	CHECK_STR(run_fmt_level(b, sizeof(b), LOOM_SIGNAL_UNKNOWN + 1, "dBm"),
		  "-2147483.6 dBm");
}

/* --- requests ------------------------------------------------------------ */

static struct nl_msg *new_msg(int cmd)
{
	return msg_new(FAMILY, cmd, LOOM_GENL_VERSION);
}

/* What kernel/netlink.c's loom_radio_policy asks, as libnl checks it. */
static struct nla_policy radio_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_RADIO] = { .type = NLA_STRING,
			      .maxlen = LOOM_RADIO_NAME_MAX + 1 },
	[LOOM_ATTR_IFNAME] = { .type = NLA_STRING, .maxlen = IF_NAMESIZE },
	[LOOM_ATTR_RATE] = { .type = NLA_U32 },
	[LOOM_ATTR_NETNS_FD] = { .type = NLA_U32 },
	[LOOM_ATTR_NETNS_PID] = { .type = NLA_U32 },
};

/* @msg's attributes read back into @tb; every one must be in the policy. */
static void parse_back(struct nl_msg *msg, struct nlattr **tb)
{
	int i;

	CHECK_INT(genlmsg_parse(nlmsg_hdr(msg), 0, tb, LOOM_ATTR_MAX,
				radio_policy), 0);
	for (i = 0; i <= LOOM_ATTR_MAX; i++)
		if (tb[i])
			CHECK(radio_policy[i].type != 0);
}

TEST(radio_msg_add)
{
	struct run_radio_req rq;
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nl_msg *msg = new_msg(LOOM_CMD_RADIO_ADD);

	REQUIRE(msg);
	REQUIRE(!add("0123456789abcde|name|lan0|rate|54000", &rq));
	CHECK_INT(run_msg_put_radio(msg, &rq), 0);
	CHECK_INT(msg_count(msg), 3);
	/* Strings with their NUL, as NLA_NUL_STRING wants them. */
	msg_get(msg, LOOM_ATTR_IFNAME, 16);
	msg_get(msg, LOOM_ATTR_RADIO, 5);
	msg_get(msg, LOOM_ATTR_RATE, 4);
	parse_back(msg, tb);
	REQUIRE(tb[LOOM_ATTR_IFNAME] && tb[LOOM_ATTR_RADIO] &&
		tb[LOOM_ATTR_RATE]);
	CHECK_STR(nla_data(tb[LOOM_ATTR_IFNAME]), "0123456789abcde");
	CHECK_STR(nla_data(tb[LOOM_ATTR_RADIO]), "lan0");
	CHECK_INT(nla_get_u32(tb[LOOM_ATTR_RATE]), 54000);
	nlmsg_free(msg);

	/* The interface alone: the kernel names it and takes its rate. */
	msg = new_msg(LOOM_CMD_RADIO_ADD);
	REQUIRE(msg);
	REQUIRE(!add("mesh0", &rq));
	CHECK_INT(run_msg_put_radio(msg, &rq), 0);
	CHECK_INT(msg_count(msg), 1);
	parse_back(msg, tb);
	REQUIRE(tb[LOOM_ATTR_IFNAME]);
	CHECK_STR(nla_data(tb[LOOM_ATTR_IFNAME]), "mesh0");
	CHECK_INT(nla_len(tb[LOOM_ATTR_IFNAME]), 6);
	nlmsg_free(msg);
}

TEST(radio_msg_del_and_set)
{
	struct run_radio_req rq = { .radio = "lan0", .netns_fd = -1 };
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	struct nl_msg *msg = new_msg(LOOM_CMD_RADIO_DEL);

	REQUIRE(msg);
	CHECK_INT(run_msg_put_radio(msg, &rq), 0);
	CHECK_INT(msg_count(msg), 1);
	parse_back(msg, tb);
	REQUIRE(tb[LOOM_ATTR_RADIO]);
	CHECK_STR(nla_data(tb[LOOM_ATTR_RADIO]), "lan0");
	CHECK_INT(nla_len(tb[LOOM_ATTR_RADIO]), 5);
	nlmsg_free(msg);

	/* A named namespace: its descriptor (0 is one). */
	REQUIRE(!set("hwsim3|netns|n3", &rq));
	rq.netns_fd = 0;
	msg = new_msg(LOOM_CMD_RADIO_SET);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_radio(msg, &rq), 0);
	CHECK_INT(msg_count(msg), 2);
	msg_get(msg, LOOM_ATTR_NETNS_FD, 4);
	parse_back(msg, tb);
	REQUIRE(tb[LOOM_ATTR_RADIO] && tb[LOOM_ATTR_NETNS_FD]);
	CHECK_STR(nla_data(tb[LOOM_ATTR_RADIO]), "hwsim3");
	CHECK_INT(nla_get_u32(tb[LOOM_ATTR_NETNS_FD]), 0);
	CHECK(!tb[LOOM_ATTR_NETNS_PID]);
	nlmsg_free(msg);

	/* A process's namespace. */
	rq.netns_fd = -1;
	rq.netns_pid = 4242;
	msg = new_msg(LOOM_CMD_RADIO_SET);
	REQUIRE(msg);
	CHECK_INT(run_msg_put_radio(msg, &rq), 0);
	CHECK_INT(msg_count(msg), 2);
	msg_get(msg, LOOM_ATTR_NETNS_PID, 4);
	parse_back(msg, tb);
	REQUIRE(tb[LOOM_ATTR_NETNS_PID]);
	CHECK_INT(nla_get_u32(tb[LOOM_ATTR_NETNS_PID]), 4242);
	CHECK(!tb[LOOM_ATTR_NETNS_FD]);
	nlmsg_free(msg);
}

/* --- replies ------------------------------------------------------------- */

/*
 * A RADIO_GET reply as loom_put_radio() makes it: the radio, its kind, the
 * node on it (@node, if not NULL), its largest frame, carrier and carrier
 * losses; an interface's adds its ifindex, rate and counters (i * 1000,
 * the padding type 0, and one counter of a newer kernel).
 */
static struct nl_msg *radio_reply(const char *radio, u8 kind,
				  const char *node, bool iface)
{
	struct nl_msg *msg = new_msg(LOOM_CMD_RADIO_GET);
	struct nlattr *nest;
	unsigned int i;

	if (!msg)
		return NULL;
	nla_put_string(msg, LOOM_ATTR_RADIO, radio);
	nla_put_u8(msg, LOOM_ATTR_RADIO_KIND, kind);
	if (node)
		nla_put_string(msg, LOOM_ATTR_NAME, node);
	nla_put_u16(msg, LOOM_ATTR_MAX_FRAME, iface ? 1486 : 255);
	nla_put_u8(msg, LOOM_ATTR_CARRIER, !iface);
	msg_put_u64_pad(msg, LOOM_ATTR_CARRIER_DOWN, iface ? 1ULL << 40 : 0,
			LOOM_ATTR_PAD);
	if (!iface)
		return msg;
	nla_put_u32(msg, LOOM_ATTR_IFINDEX, 9);
	nla_put_u32(msg, LOOM_ATTR_RATE, 54000);
	nest = nla_nest_start(msg, LOOM_ATTR_RADIO_STATS);
	for (i = 1; i <= RUN_RADIO_STAT_MAX + 1; i++)
		msg_put_u64_pad(msg, i, i * 1000, 0);
	nla_nest_end(msg, nest);
	/* Time per state: type = state + 1; a fifth from a newer kernel. */
	nest = nla_nest_start(msg, LOOM_ATTR_STATE_TIME);
	for (i = 1; i <= __LOOM_RADIO_STATE_MAX + 1; i++)
		msg_put_u64_pad(msg, i, i * 7, 0);
	nla_nest_end(msg, nest);
	nla_put_u32(msg, LOOM_ATTR_MAX + 3, 1);	/* a newer kernel's */
	return msg;
}

TEST(radio_parse_replies)
{
	struct nl_msg *msg = radio_reply("hwsim12", LOOM_RADIO_KIND_HWSIM,
					 "Router 1", false);
	struct run_radio r;
	unsigned int i;

	REQUIRE(msg);
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_STR(r.radio, "hwsim12");
	CHECK_INT(r.kind, LOOM_RADIO_KIND_HWSIM);
	CHECK(r.bound);
	CHECK_STR(r.node, "Router 1");
	CHECK_INT(r.max_frame, 255);
	CHECK(r.has_carrier && r.carrier);
	CHECK(r.has_carrier_down);
	CHECK(r.carrier_down == 0);
	CHECK_INT(r.ifindex, 0);
	CHECK_INT(r.rate_kbps, 0);
	CHECK(!r.has_stats);
	nlmsg_free(msg);

	/* An interface's radio, free, its link down. */
	msg = radio_reply("mesh0", LOOM_RADIO_KIND_ETHER, NULL, true);
	REQUIRE(msg);
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_STR(r.radio, "mesh0");
	CHECK_INT(r.kind, LOOM_RADIO_KIND_ETHER);
	CHECK(!r.bound);
	CHECK_STR(r.node, "");
	CHECK_INT(r.max_frame, 1486);
	CHECK(r.has_carrier && !r.carrier);
	CHECK(r.carrier_down == 1ULL << 40);
	CHECK_INT(r.ifindex, 9);
	CHECK_INT(r.rate_kbps, 54000);
	CHECK(r.has_stats);
	CHECK(r.stats[0] == 0);
	for (i = 1; i <= RUN_RADIO_STAT_MAX; i++)
		CHECK(r.stats[i] == i * 1000);
	CHECK(r.has_time);
	for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
		CHECK(r.time_ns[i] == (i + 1) * 7);
	nlmsg_free(msg);

	/* An older kernel's: the name alone; nothing made up. */
	msg = new_msg(LOOM_CMD_RADIO_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_RADIO, "hwsim5");
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK_STR(r.radio, "hwsim5");
	CHECK(!r.bound && !r.kind && !r.max_frame && !r.has_carrier &&
	      !r.has_carrier_down && !r.ifindex && !r.rate_kbps &&
	      !r.has_stats && !r.has_time);
	nlmsg_free(msg);

	/* A 48-bit address: exactly six bytes. */
	msg = new_msg(LOOM_CMD_RADIO_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_RADIO, "hwsim1");
	nla_put(msg, LOOM_ATTR_HWADDR, 6, "\x02\x4c\x4f\x4d\x00\x01");
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	CHECK(r.has_hwaddr && !memcmp(r.hwaddr, "\x02\x4c\x4f\x4d\x00\x01", 6));
	nlmsg_free(msg);
	msg = new_msg(LOOM_CMD_RADIO_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_RADIO, "hwsim1");
	nla_put(msg, LOOM_ATTR_HWADDR, 5, "\x02\x4c\x4f\x4d\x00");
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), -EINVAL);
	nlmsg_free(msg);

	/* No radio; a carrier count too short. */
	msg = new_msg(LOOM_CMD_RADIO_GET);
	REQUIRE(msg);
	nla_put_string(msg, LOOM_ATTR_NAME, "Router 1");
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), -EINVAL);
	nla_put_string(msg, LOOM_ATTR_RADIO, "hwsim5");
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), 0);
	nla_put_u32(msg, LOOM_ATTR_CARRIER_DOWN, 1);
	CHECK_INT(run_msg_parse_radio(nlmsg_hdr(msg), &r), -EINVAL);
	nlmsg_free(msg);
}

/* --- output -------------------------------------------------------------- */

/*
 * A simulated radio with a node, a free one, an interface's radio with its
 * link down, one of an older kernel (its name alone) and one of a kind
 * this loomctl does not know.
 */
static void make_radios(struct run_radio *r)
{
	unsigned int i;

	memset(r, 0, 5 * sizeof(*r));
	r[0] = (struct run_radio){
		.radio = "hwsim0", .node = "BillyTheCoord", .bound = true,
		.kind = LOOM_RADIO_KIND_HWSIM, .max_frame = 255,
		.has_carrier = true, .carrier = true, .has_carrier_down = true,
		.has_hwaddr = true, .hwaddr = { 0x02, 0x4c, 0x4f, 0x4d, 0, 0 },
	};
	r[1] = (struct run_radio){
		.radio = "hwsim10", .node = "Router\n1", .bound = true,
		.kind = LOOM_RADIO_KIND_HWSIM, .max_frame = 255,
		.has_carrier = true, .carrier = true, .has_carrier_down = true,
	};
	r[2] = (struct run_radio){
		.radio = "mesh0", .kind = LOOM_RADIO_KIND_ETHER,
		.max_frame = 1486, .has_carrier = true,
		.has_carrier_down = true, .carrier_down = UINT64_MAX,
		.ifindex = 9, .rate_kbps = 1000000, .has_stats = true,
		.has_hwaddr = true,
		.hwaddr = { 0x02, 0x00, 0x00, 0x00, 0x0a, 0xff },
	};
	for (i = 1; i <= RUN_RADIO_STAT_MAX; i++)
		r[2].stats[i] = 10 * i;
	r[2].has_time = true;
	for (i = 0; i < __LOOM_RADIO_STATE_MAX; i++)
		r[2].time_ns[i] = 1000 + i;
	strcpy(r[3].radio, "hwsim5");
	r[4] = (struct run_radio){
		.radio = "x", .kind = 9, .max_frame = 64, .has_carrier = true,
		.carrier = true,
	};
}

TEST(radio_show_table_exact)
{
	struct run_radio r[5];
	FILE *f = mem();

	make_radios(r);
	CHECK_INT(run_show_radio_table(f, r, 5), 0);
	CHECK_INT(run_show_radio_table(f, r, 0), 0);
	fclose(f);
	CHECK_STR(buf,
		  "RADIO    KIND     NODE           LINK  FRAME  IFINDEX  RATE            ADDRESS\n"
		  "hwsim0   hwsim    BillyTheCoord  up    255    -        -               02:4c:4f:4d:00:00\n"
		  "hwsim10  hwsim    Router?1       up    255    -        -               -\n"
		  "mesh0    ether    -              down  1486   9        1000000 kbit/s  02:00:00:00:0a:ff\n"
		  "hwsim5   -        -              -     -      -        -               -\n"
		  "x        unknown  -              up    64     -        -               -\n"
		  "no radios\n");
}

TEST(radio_json_exact)
{
	struct run_radio r[5];
	FILE *f = mem();

	make_radios(r);
	CHECK_INT(run_json_radios(f, r, 5, false), 0);
	CHECK_INT(run_json_radios(f, r, 0, false), 0);
	fclose(f);
	CHECK_STR(buf,
		  "[{\"radio\":\"hwsim0\",\"kind\":\"hwsim\",\"node\":\"BillyTheCoord\","
		  "\"carrier\":true,\"carrier_down\":0,\"max_frame\":255,"
		  "\"ifindex\":null,\"rate_kbps\":null,\"hwaddr\":\"02:4c:4f:4d:00:00\",\"stats\":null,"
		  "\"state_time_ns\":null},"
		  "{\"radio\":\"hwsim10\",\"kind\":\"hwsim\",\"node\":\"Router\\n1\","
		  "\"carrier\":true,\"carrier_down\":0,\"max_frame\":255,"
		  "\"ifindex\":null,\"rate_kbps\":null,\"hwaddr\":null,\"stats\":null,"
		  "\"state_time_ns\":null},"
		  "{\"radio\":\"mesh0\",\"kind\":\"ether\",\"node\":null,"
		  "\"carrier\":false,\"carrier_down\":18446744073709551615,"
		  "\"max_frame\":1486,\"ifindex\":9,\"rate_kbps\":1000000,\"hwaddr\":\"02:00:00:00:0a:ff\","
		  "\"stats\":{\"tx_frames\":10,\"tx_errors\":20,\"rx_frames\":30,"
		  "\"rx_malformed\":40,\"rx_deaf\":50,\"rx_otherhost\":60,"
		  "\"rx_otherproto\":70,\"tx_unicast\":80,\"spi_errors\":90,"
		  "\"spi_messages\":100,\"irq\":110,\"irq_spurious\":120,"
		  "\"irq_unexpected\":130,\"irq_stuck\":140,\"rx_crc_errors\":150,"
		  "\"tx_timeouts\":160,\"resets\":170,\"tx_start_ns\":180,"
		  "\"tx_start_max_ns\":190,\"rx_irq_ns\":200,\"rx_irq_max_ns\":210,"
		  "\"cad\":220,\"cad_busy\":230,\"cad_timeouts\":240},"
		  "\"state_time_ns\":{\"disabled\":1000,\"sleep\":1001,"
		  "\"receive\":1002,\"transmit\":1003}},"
		  "{\"radio\":\"hwsim5\",\"kind\":null,\"node\":null,"
		  "\"carrier\":null,\"carrier_down\":null,\"max_frame\":null,"
		  "\"ifindex\":null,\"rate_kbps\":null,\"hwaddr\":null,\"stats\":null,"
		  "\"state_time_ns\":null},"
		  "{\"radio\":\"x\",\"kind\":\"unknown\",\"node\":null,"
		  "\"carrier\":true,\"carrier_down\":null,\"max_frame\":64,"
		  "\"ifindex\":null,\"rate_kbps\":null,\"hwaddr\":null,\"stats\":null,"
		  "\"state_time_ns\":null}]\n"
		  "[]\n");

	/* Pretty: the same document, indented. */
	f = mem();
	CHECK_INT(run_json_radios(f, &r[2], 1, true), 0);
	fclose(f);
	CHECK_STARTS(buf, "[\n  {\n    \"radio\": \"mesh0\",\n    \"kind\": \"ether\",\n");
	CHECK_CONTAINS(buf, "    \"stats\": {\n      \"tx_frames\": 10,\n");
}

/* --- the command line ---------------------------------------------------- */

static char *out, *err;

/* For REFUSED() (test.h): loomctl with these words, no input. */
#define RUN(...) test_run_loomctl(NULL, NULL, &out, &err,		\
				  (const char *const[]){ __VA_ARGS__, NULL })

TEST(cli_radio_help)
{
	CHECK_INT(RUN("radio", "help"), 0);
	CHECK_STARTS(out, "Usage: loomctl radio list [-j [-p]]\n"
			  "       loomctl radio add IFNAME [name NAME] [rate KBPS]\n"
			  "       loomctl radio del NAME\n"
			  "       loomctl radio set NAME netns NS\n");
	CHECK_CONTAINS(out, "6000..1000000");
	CHECK_CONTAINS(out, "/run/netns/NS");
	CHECK_CONTAINS(out, "  loomctl radio add mesh0 rate 12000\n");
	CHECK_INT(RUN("radio", "add", "-h"), 0);
	CHECK_STARTS(out, "Usage: loomctl radio add IFNAME [name NAME] [rate KBPS]\n");
}

TEST(cli_radio_refusals)
{
	REFUSED("loomctl: radio add: missing IFNAME", "radio", "add");
	CHECK_CONTAINS(err, "\nUsage: loomctl radio add IFNAME [name NAME] [rate KBPS]\n");
	REFUSED("loomctl: radio add: IFNAME \"0123456789abcdef\": longer than 15 bytes",
		      "radio", "add", "0123456789abcdef");
	REFUSED("loomctl: radio add: KBPS \"5000\": must be 6000..1000000 (kbit/s)",
		      "radio", "add", "mesh0", "rate", "5000");
	REFUSED("loomctl: radio add: missing NAME after 'name'",
		      "ra", "a", "mesh0", "rate", "6000", "name");
	REFUSED("loomctl: radio add: unexpected argument 'mesh1'",
		      "radio", "add", "mesh0", "mesh1");
	REFUSED("loomctl: radio add: unknown option '-x'",
		      "radio", "add", "mesh0", "-x");
	REFUSED("loomctl: radio del: missing NAME", "radio", "del");
	REFUSED("loomctl: radio del: unexpected argument 'b'",
		      "radio", "del", "a", "b");
	REFUSED("loomctl: radio del: NAME \"\": empty",
		      "radio", "del", "");
	REFUSED("loomctl: radio set: missing 'netns NS'",
		      "radio", "set", "hwsim3");
	REFUSED("loomctl: radio set: NS \"a/b\": a namespace name holds no '/'",
		      "radio", "set", "hwsim3", "netns", "a/b");
}

TEST(cli_radio_set_no_such_namespace)
{
	/* Neither a namespace "ip netns" made nor a process id: exit 1. */
	CHECK_INT(RUN("radio", "set", "hwsim3", "netns",
		      "loomctl-unit-no-such-ns"), 1);
	CHECK_STR(out, "");
	CHECK_STR(err,
		  "loomctl: radio set: NS \"loomctl-unit-no-such-ns\": "
		  "/run/netns/loomctl-unit-no-such-ns: No such file or directory "
		  "(no such named namespace, and no process id)\n");
}
