// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink messages: LOOM_CMD_TOPO_SET is built into an nl_msg and taken
 * apart again with nla_parse_nested(); TOPO_GET replies and error acks are
 * made the way the kernel makes them and read back.  Last, a few requests
 * to the running kernel's own "nlctrl" family check the socket plumbing
 * (acks, extack, dumps, a send buffer for big messages) without the module.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>
#include <linux/loom.h>

#include "fixtures.h"
#include "loom_int.h"
#include "nl.h"
#include "test.h"
#include "topo_json.h"
#include "topo_msg.h"

#define FAMILY 0x42

static struct nla_policy node_policy[LOOM_NODE_ATTR_MAX + 1] = {
	[LOOM_NODE_ATTR_NAME] = { .type = NLA_NUL_STRING },
	[LOOM_NODE_ATTR_ROLE] = { .type = NLA_U8 },
	[LOOM_NODE_ATTR_SENSOR] = { .type = NLA_U8 },
	[LOOM_NODE_ATTR_PARENT] = { .type = NLA_U32 },
};

static struct nla_policy cfg_policy[LOOM_CFG_ATTR_MAX + 1] = {
	[LOOM_CFG_ATTR_SLOT_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_INTERVAL_MS] = { .type = NLA_U32 },
	[LOOM_CFG_ATTR_DATA_CYCLES] = { .type = NLA_U32 },
};

/*
 * Takes a TOPO_SET apart and compares it with @t: every LOOM_ATTR_NODES
 * (in order) holds LOOM_ATTR_NODE elements; the config block last.
 * Returns how many LOOM_ATTR_NODES attributes there were.
 */
static int check_set_msg(struct nl_msg *msg, const struct loom_topology *t)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *a, *e, *tb[LOOM_NODE_ATTR_MAX + 1];
	struct nlattr *cb[LOOM_CFG_ATTR_MAX + 1];
	int rem, rem2, chunks = 0, configs = 0;
	u32 i = 0;

	CHECK_INT(nlh->nlmsg_type, FAMILY);
	CHECK_INT(gh->cmd, LOOM_CMD_TOPO_SET);
	CHECK_INT(gh->version, LOOM_GENL_VERSION);
	CHECK_INT(nlh->nlmsg_len, topo_msg_set_size(t));

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		/* The kernel parses strictly: nests must say they are. */
		CHECK(a->nla_type & NLA_F_NESTED);
		if (nla_type(a) == LOOM_ATTR_CONFIG) {
			configs++;
			CHECK_INT(nla_parse_nested(cb, LOOM_CFG_ATTR_MAX, a,
						   cfg_policy), 0);
			CHECK(cb[LOOM_CFG_ATTR_SLOT_MS] &&
			      nla_get_u32(cb[LOOM_CFG_ATTR_SLOT_MS]) ==
			      t->cfg.slot_ms);
			CHECK(cb[LOOM_CFG_ATTR_DATA_INTERVAL_MS] &&
			      nla_get_u32(cb[LOOM_CFG_ATTR_DATA_INTERVAL_MS]) ==
			      t->cfg.data_interval_ms);
			CHECK(cb[LOOM_CFG_ATTR_DATA_CYCLES] &&
			      nla_get_u32(cb[LOOM_CFG_ATTR_DATA_CYCLES]) ==
			      t->cfg.data_cycles);
			continue;
		}
		CHECK_INT(nla_type(a), LOOM_ATTR_NODES);
		CHECK_INT(configs, 0);
		chunks++;
		nla_for_each_nested(e, a, rem2) {
			const struct loom_topo_node *nd;

			if (i >= t->n) {
				test_fail(__FILE__, __LINE__, "more nodes than %u", t->n);
				return chunks;
			}
			nd = &t->nodes[i];
			CHECK_INT(nla_type(e), LOOM_ATTR_NODE);
			CHECK(e->nla_type & NLA_F_NESTED);
			CHECK_INT(nla_parse_nested(tb, LOOM_NODE_ATTR_MAX, e,
						   node_policy), 0);
			CHECK(tb[LOOM_NODE_ATTR_NAME] &&
			      !strcmp(nla_get_string(tb[LOOM_NODE_ATTR_NAME]),
				      nd->name));
			CHECK(tb[LOOM_NODE_ATTR_ROLE] &&
			      nla_get_u8(tb[LOOM_NODE_ATTR_ROLE]) == nd->role);
			CHECK(tb[LOOM_NODE_ATTR_SENSOR] &&
			      nla_get_u8(tb[LOOM_NODE_ATTR_SENSOR]) == nd->sensor);
			if (nd->parent == LOOM_NO_PARENT)
				CHECK(!tb[LOOM_NODE_ATTR_PARENT]);
			else
				CHECK(tb[LOOM_NODE_ATTR_PARENT] &&
				      nla_get_u32(tb[LOOM_NODE_ATTR_PARENT]) ==
				      nd->parent);
			/* Nothing the kernel computes is sent. */
			CHECK(!tb[LOOM_NODE_ATTR_INDEX] && !tb[LOOM_NODE_ATTR_ADDR]);
			i++;
		}
	}
	CHECK_INT(i, t->n);
	CHECK_INT(configs, 1);
	return chunks;
}

TEST(msg_set_seed)
{
	struct topo_doc doc;
	struct nl_msg *msg;
	char err[512];

	REQUIRE(!topo_doc_parse(&doc, "seed.json", fixture_seed,
				strlen(fixture_seed), err, sizeof(err)));
	msg = topo_msg_build_set(FAMILY, doc.t);
	REQUIRE(msg);
	CHECK_INT(check_set_msg(msg, doc.t), 1);
	nlmsg_free(msg);
	topo_doc_free(&doc);
}

TEST(msg_set_large_topology_in_chunks)
{
	/* 10,000 nodes with 63-byte names: far past one 64 KiB attribute. */
	struct loom_topology *t = fixture_big(10000, 63);
	struct loom_topo_error e;
	struct nlattr *a;
	struct nl_msg *msg;
	struct genlmsghdr *gh;
	int rem, chunks;

	REQUIRE(t);
	CHECK_INT(loom_topo_compute(t, &e), 0);
	msg = topo_msg_build_set(FAMILY, t);
	REQUIRE(msg);
	CHECK(nlmsg_hdr(msg)->nlmsg_len > 10 * TOPO_MSG_NEST_MAX);
	chunks = check_set_msg(msg, t);
	CHECK(chunks > 10);
	gh = nlmsg_data(nlmsg_hdr(msg));
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem)
		CHECK(a->nla_len <= TOPO_MSG_NEST_MAX);
	nlmsg_free(msg);
	loom_topo_free(t);
}

TEST(msg_set_size_is_exact)
{
	static const u32 sizes[] = { 1, 2, 100, 1000, 1400, 5000, 53805 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct loom_topology *t = fixture_big(sizes[i] < 3 ? 3 : sizes[i],
						      8 + i * 9);
		struct nl_msg *msg;

		REQUIRE(t);
		msg = topo_msg_build_set(FAMILY, t);
		REQUIRE(msg);
		CHECK_INT(nlmsg_hdr(msg)->nlmsg_len, topo_msg_set_size(t));
		nlmsg_free(msg);
		loom_topo_free(t);
	}
}

/* A TOPO_GET doit reply as the kernel's loom_put_summary() makes it. */
static struct nl_msg *summary_msg(bool loaded)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *cfg;

	genlmsg_put(msg, 0, 1, FAMILY, 0, 0, LOOM_CMD_TOPO_GET, 1);
	nla_put_u32(msg, LOOM_ATTR_GENERATION, 12);
	nla_put_u32(msg, LOOM_ATTR_NODE_COUNT, loaded ? 9 : 0);
	nla_put_u32(msg, LOOM_ATTR_SLOT_TOTAL, loaded ? 21 : 0);
	if (loaded) {
		cfg = nla_nest_start(msg, LOOM_ATTR_CONFIG);
		nla_put_u32(msg, LOOM_CFG_ATTR_SLOT_MS, 500);
		nla_put_u32(msg, LOOM_CFG_ATTR_DATA_INTERVAL_MS, 30000);
		nla_put_u32(msg, LOOM_CFG_ATTR_DATA_CYCLES, 3);
		nla_nest_end(msg, cfg);
	}
	return msg;
}

TEST(msg_parse_summary)
{
	struct loom_topo_summary s;
	struct nl_msg *msg = summary_msg(true);

	CHECK_INT(loom_topo_parse_summary(nlmsg_hdr(msg), &s), 0);
	CHECK_INT(s.generation, 12);
	CHECK_INT(s.node_count, 9);
	CHECK_INT(s.slot_total, 21);
	CHECK(s.has_config);
	CHECK_INT(s.cfg.slot_ms, 500);
	CHECK_INT(s.cfg.data_interval_ms, 30000);
	CHECK_INT(s.cfg.data_cycles, 3);
	nlmsg_free(msg);

	msg = summary_msg(false);
	CHECK_INT(loom_topo_parse_summary(nlmsg_hdr(msg), &s), 0);
	CHECK_INT(s.generation, 12);
	CHECK_INT(s.node_count, 0);
	CHECK(!s.has_config);
	nlmsg_free(msg);
}

/* A TOPO_GET dump message as the kernel's loom_put_node() makes it. */
static struct nl_msg *node_msg(bool with_parent, bool with_index)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *n;

	genlmsg_put(msg, 0, 1, FAMILY, 0, NLM_F_MULTI, LOOM_CMD_TOPO_GET, 1);
	nla_put_u32(msg, LOOM_ATTR_GENERATION, 4);
	n = nla_nest_start(msg, LOOM_ATTR_NODE | NLA_F_NESTED);
	if (with_index)
		nla_put_u32(msg, LOOM_NODE_ATTR_INDEX, 6);
	nla_put_string(msg, LOOM_NODE_ATTR_NAME, "End Device 4");
	nla_put_u8(msg, LOOM_NODE_ATTR_ROLE, LOOM_ROLE_END_DEVICE);
	nla_put_u8(msg, LOOM_NODE_ATTR_SENSOR, 0);
	if (with_parent)
		nla_put_u32(msg, LOOM_NODE_ATTR_PARENT, 4);
	nla_put_u16(msg, LOOM_NODE_ATTR_ADDR, 0x1102);
	nla_put_u8(msg, LOOM_NODE_ATTR_LAYER, 2);
	nla_put_u32(msg, LOOM_NODE_ATTR_TX_FIRST, 5);
	nla_put_u32(msg, LOOM_NODE_ATTR_TX_COUNT, 1);
	nla_put_u32(msg, LOOM_NODE_ATTR_RX_FIRST, 0);
	nla_put_u32(msg, LOOM_NODE_ATTR_RX_COUNT, 0);
	nla_nest_end(msg, n);
	return msg;
}

TEST(msg_parse_node)
{
	struct loom_topo_node nd;
	struct nl_msg *msg = node_msg(true, true);
	u32 index = 0, gen = 0;

	CHECK_INT(loom_topo_parse_node(nlmsg_hdr(msg), &index, &nd, &gen), 0);
	CHECK_INT(index, 6);
	CHECK_INT(gen, 4);
	CHECK_STR(nd.name, "End Device 4");
	CHECK_INT(nd.role, LOOM_ROLE_END_DEVICE);
	CHECK_INT(nd.sensor, false);
	CHECK_INT(nd.parent, 4);
	CHECK_INT(nd.addr, 0x1102);
	CHECK_INT(nd.layer, 2);
	CHECK_INT(nd.tx_first, 5);
	CHECK_INT(nd.tx_count, 1);
	CHECK_INT(nd.rx_count, 0);
	nlmsg_free(msg);

	msg = node_msg(false, true);
	CHECK_INT(loom_topo_parse_node(nlmsg_hdr(msg), &index, &nd, NULL), 0);
	CHECK_INT(nd.parent, LOOM_NO_PARENT);
	nlmsg_free(msg);

	/* Without its index a node cannot be placed. */
	msg = node_msg(true, false);
	CHECK_INT(loom_topo_parse_node(nlmsg_hdr(msg), &index, &nd, NULL),
		  -EINVAL);
	nlmsg_free(msg);
}

/*
 * An NLMSG_ERROR as netlink_ack() writes it: error, the request's header
 * (and its payload unless capped), then the TLVs.
 */
static size_t make_ack(unsigned char *buf, int error, bool capped,
		       const char *text, int offs)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off, req_payload = capped ? 0 : 24;
	struct nlattr *a;

	memset(buf, 0, 1024);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
	e->error = error;
	e->msg.nlmsg_len = NLMSG_HDRLEN + 24;
	e->msg.nlmsg_type = FAMILY;
	off = NLMSG_HDRLEN + sizeof(*e) + req_payload;
	if (text) {
		a = (struct nlattr *)(buf + off);
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + strlen(text) + 1;
		memcpy(buf + off + NLA_HDRLEN, text, strlen(text) + 1);
		off += NLA_ALIGN(a->nla_len);
	}
	if (offs >= 0) {
		a = (struct nlattr *)(buf + off);
		a->nla_type = NLMSGERR_ATTR_OFFS;
		a->nla_len = NLA_HDRLEN + 4;
		memcpy(buf + off + NLA_HDRLEN, &offs, 4);
		off += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = off;
	return off;
}

TEST(msg_extack_parse)
{
	static const char text[] = "node 'Router 1': router has no end device below it";
	unsigned char buf[1024];
	char msg[LOOM_NL_EXTACK_MAX];
	long off;

	make_ack(buf, -EINVAL, true, text, 40);
	loom_nl_parse_extack((struct nlmsghdr *)buf, msg, sizeof(msg), &off);
	CHECK_STR(msg, text);
	CHECK_INT(off, 40);

	/* Uncapped: the request is echoed before the TLVs. */
	make_ack(buf, -EINVAL, false, text, -1);
	loom_nl_parse_extack((struct nlmsghdr *)buf, msg, sizeof(msg), &off);
	CHECK_STR(msg, text);
	CHECK_INT(off, -1);

	/* No TLVs (an old kernel, or none set): no message. */
	make_ack(buf, -EPERM, true, NULL, -1);
	((struct nlmsghdr *)buf)->nlmsg_flags &= ~NLM_F_ACK_TLVS;
	loom_nl_parse_extack((struct nlmsghdr *)buf, msg, sizeof(msg), &off);
	CHECK_STR(msg, "");

	/* A short buffer gets a cut, terminated message. */
	make_ack(buf, -EINVAL, true, text, -1);
	loom_nl_parse_extack((struct nlmsghdr *)buf, msg, 10, &off);
	CHECK_STR(msg, "node 'Rou");
}

TEST(msg_extack_in_done)
{
	unsigned char buf[256] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *a;
	char msg[LOOM_NL_EXTACK_MAX];
	int err = -ENOBUFS;
	long off;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	memcpy(buf + NLMSG_HDRLEN, &err, sizeof(err));
	a = (struct nlattr *)(buf + NLMSG_HDRLEN + 4);
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = NLA_HDRLEN + 5;
	memcpy(a + 1, "oops", 5);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4 + NLA_ALIGN(a->nla_len);
	loom_nl_parse_extack(nlh, msg, sizeof(msg), &off);
	CHECK_STR(msg, "oops");
}

TEST(msg_libnl_errors_map_to_errno)
{
	CHECK_INT(loom_nl_errno(-NLE_PERM), EPERM);
	CHECK_INT(loom_nl_errno(NLE_MSGSIZE), EMSGSIZE);
	CHECK_INT(loom_nl_errno(-NLE_OBJ_NOTFOUND), ENOENT);
	CHECK_INT(loom_nl_errno(-NLE_DUMP_INTR), EINTR);
	CHECK_INT(loom_nl_errno(-NLE_FAILURE), EIO);
}

static int count_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(*(int *)arg)++;
	return NL_OK;
}

/* Whether this process may force a socket buffer past wmem_max. */
static bool can_force_sndbuf(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), v = 1 << 20;
	bool ok;

	if (fd < 0)
		return false;
	ok = !setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v));
	close(fd);
	return ok;
}

/*
 * The socket plumbing against the running kernel's "nlctrl" family,
 * which every Linux has.  Where netlink is not available (a sandbox),
 * the case says so and checks nothing.
 */
TEST(nl_live_nlctrl)
{
	struct loom_nl nl;
	struct nl_msg *msg;
	size_t max = 0;
	int n = 0, err;

	if (loom_nl_connect(&nl)) {
		printf("    note: no generic netlink here; nothing checked\n");
		return;
	}
	nl.family = GENL_ID_CTRL;

	/* An ack with an extack: a policy violation names itself. */
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_u8(msg, CTRL_ATTR_FAMILY_ID, 1);	/* u16 expected */
	err = loom_nl_request(&nl, msg, NULL, NULL);
	CHECK(err < 0);
	CHECK(nl.extack[0] != '\0');

	/* A doit: one reply, then the ack. */
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	CHECK_INT(loom_nl_request(&nl, msg, count_cb, &n), 0);
	CHECK_INT(n, 1);

	/* A refusal without a reply. */
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "no-such-family-xyz");
	CHECK(loom_nl_request(&nl, msg, NULL, NULL) < 0);

	/* A dump: many messages, ended by NLMSG_DONE, no ack. */
	n = 0;
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, NLM_F_DUMP, 0);
	CHECK_INT(loom_nl_request(&nl, msg, count_cb, &n), 0);
	CHECK(n >= 1);

	/* The socket still works after all that. */
	n = 0;
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	CHECK_INT(loom_nl_request(&nl, msg, count_cb, &n), 0);
	CHECK_INT(n, 1);

	/*
	 * A 10,000-node TOPO_SET fits through the socket and the kernel
	 * answers it: nlctrl refuses it, with a small (capped) ack.  Past
	 * net.core.wmem_max that takes CAP_NET_ADMIN (SO_SNDBUFFORCE).
	 */
	{
		struct loom_topology *t = fixture_big(10000, 63);
		size_t size = topo_msg_set_size(t);

		err = loom_nl_reserve(&nl, size, &max);
		if (err && !can_force_sndbuf()) {
			printf("    note: no CAP_NET_ADMIN, %zu-byte buffer: big message not tried\n",
			       max);
		} else {
			CHECK_INT(err, 0);
			msg = topo_msg_build_set(GENL_ID_CTRL, t);
			REQUIRE(msg);
			err = loom_nl_request(&nl, msg, NULL, NULL);
			CHECK(err < 0 && err != -EMSGSIZE);
		}
		loom_topo_free(t);
	}
	loom_nl_close(&nl);
}

/* A family's name from a CTRL_CMD_GETFAMILY reply. */
static int parse_family(struct nlmsghdr *nlh, void *item)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_NAME])
		return -EINVAL;
	nla_strlcpy(item, tb[CTRL_ATTR_FAMILY_NAME], GENL_NAMSIZ);
	return 0;
}

/* The replies collected into an array, on "nlctrl" again. */
TEST(nl_live_collect)
{
	struct loom_nl_replies r = {
		.parse = parse_family, .size = GENL_NAMSIZ,
	};
	struct loom_nl nl;
	struct nl_msg *msg;
	const char *names;
	bool found = false;
	size_t i;

	if (loom_nl_connect(&nl)) {
		printf("    note: no generic netlink here; nothing checked\n");
		return;
	}
	nl.family = GENL_ID_CTRL;

	/* A dump: every family, "nlctrl" among them. */
	CHECK_INT(loom_nl_dump(&nl, CTRL_CMD_GETFAMILY, &r), 0);
	CHECK(r.n >= 1);
	names = r.items;
	for (i = 0; i < r.n; i++)
		found |= !strcmp(names + i * GENL_NAMSIZ, "nlctrl");
	CHECK(found);

	/* A doit: its one reply. */
	r.n = 0;
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	CHECK_INT(loom_nl_fetch(&nl, msg, &r), 0);
	CHECK_INT(r.n, 1);
	CHECK_STR(r.items, "nlctrl");

	/* A request that wants no reply; a refusal; no message at all. */
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	CHECK_INT(loom_nl_fetch(&nl, msg, NULL), 0);
	r.n = 0;
	msg = loom_nl_msg(&nl, CTRL_CMD_GETFAMILY, 0, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "no-such-family-xyz");
	CHECK(loom_nl_fetch(&nl, msg, &r) < 0);
	CHECK_INT(r.n, 0);
	CHECK_INT(loom_nl_fetch(&nl, NULL, &r), -ENOMEM);
	free(r.items);
	loom_nl_close(&nl);
}
