// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: send one generic netlink request with attributes exactly as
 * given, to test what the kernel itself refuses (loomctl checks its input
 * first, so it never sends most bad values).  No libraries, so it links
 * statically into the test VM.
 *
 *   nlprobe FAMILY CMD [TYPE:KIND:VALUE]...
 *	KIND: u8 u16 u32 u64 s32 flag str, or "nest" with VALUE a
 *	comma-separated list of TYPE:KIND:VALUE (one level)
 *
 * Prints "ok" and exits 0 on success; on a refusal prints
 * "error ERRNO: MESSAGE" (the extack message, if any) and exits 1.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 8192

struct msg {
	char buf[BUF];
	size_t len;
};

static void die(const char *what)
{
	fprintf(stderr, "nlprobe: %s\n", what);
	exit(2);
}

static struct nlattr *put(struct msg *m, uint16_t type, const void *data,
			  size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > BUF)
		die("message too long");
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	return a;
}

static void put_spec(struct msg *m, char *spec);

static void put_nest(struct msg *m, uint16_t type, char *list)
{
	size_t start = m->len;
	char *save = NULL, *s;

	put(m, type | NLA_F_NESTED, NULL, 0);
	for (s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save))
		put_spec(m, s);
	((struct nlattr *)(m->buf + start))->nla_len = m->len - start;
}

static void put_spec(struct msg *m, char *spec)
{
	char *kind = strchr(spec, ':'), *val;
	unsigned long type;
	long long v;

	if (!kind)
		die("attribute must be TYPE:KIND[:VALUE]");
	*kind++ = '\0';
	val = strchr(kind, ':');
	if (val)
		*val++ = '\0';
	type = strtoul(spec, NULL, 0);
	if (!strcmp(kind, "flag"))
		put(m, type, NULL, 0);
	else if (!val)
		die("attribute needs a value");
	else if (!strcmp(kind, "nest"))
		put_nest(m, type, val);
	else if (!strcmp(kind, "str"))
		put(m, type, val, strlen(val) + 1);
	else {
		v = strtoll(val, NULL, 0);
		if (!strcmp(kind, "u8")) {
			uint8_t x = v;

			put(m, type, &x, 1);
		} else if (!strcmp(kind, "u16")) {
			uint16_t x = v;

			put(m, type, &x, 2);
		} else if (!strcmp(kind, "u32") || !strcmp(kind, "s32")) {
			int32_t x = v;

			put(m, type, &x, 4);
		} else if (!strcmp(kind, "u64")) {
			uint64_t x = strtoull(val, NULL, 0);

			put(m, type, &x, 8);
		} else {
			die("unknown kind");
		}
	}
}

static void start(struct msg *m, uint16_t nltype, uint8_t cmd)
{
	struct nlmsghdr *h = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = nltype;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 1;
	g->cmd = cmd;
	g->version = 1;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

/* Send @m; returns 0 or -errno, printing the extack message of an error. */
static int transact(int fd, struct msg *m, uint16_t *family, int quiet)
{
	char rx[BUF];
	ssize_t n;

	((struct nlmsghdr *)m->buf)->nlmsg_len = m->len;
	if (send(fd, m->buf, m->len, 0) < 0)
		die("send failed");
	for (;;) {
		struct nlmsghdr *h = (struct nlmsghdr *)rx;

		n = recv(fd, rx, sizeof(rx), 0);
		if (n < 0)
			die("recv failed");
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			struct nlmsgerr *e = NLMSG_DATA(h);
			struct nlattr *a;
			size_t off;

			if (h->nlmsg_type != NLMSG_ERROR) {
				/* A reply: for GETFAMILY, find the id. */
				if (!family)
					continue;
				off = NLMSG_HDRLEN + GENL_HDRLEN;
				for (; off + NLA_HDRLEN <= h->nlmsg_len;
				     off += NLA_ALIGN(a->nla_len)) {
					a = (struct nlattr *)((char *)h + off);
					if (a->nla_len < NLA_HDRLEN)
						break;
					if (a->nla_type == CTRL_ATTR_FAMILY_ID)
						memcpy(family, (char *)a + NLA_HDRLEN, 2);
				}
				continue;
			}
			if (!e->error)
				return 0;
			if (!quiet) {
				printf("error %d:", -e->error);
				/* Extack TLVs follow the echoed header. */
				off = NLMSG_HDRLEN + sizeof(*e);
				if (!(h->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				for (; off + NLA_HDRLEN <= h->nlmsg_len;
				     off += NLA_ALIGN(a->nla_len)) {
					a = (struct nlattr *)((char *)h + off);
					if (a->nla_len < NLA_HDRLEN)
						break;
					if (a->nla_type == NLMSGERR_ATTR_MSG)
						printf(" %s", (char *)a + NLA_HDRLEN);
				}
				printf("\n");
			}
			return e->error;
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint16_t family = 0;
	struct msg m;
	int fd, one = 1, i;

	if (argc < 3)
		die("usage: nlprobe FAMILY CMD [TYPE:KIND:VALUE]...");
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("cannot open a generic netlink socket");
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	put(&m, CTRL_ATTR_FAMILY_NAME, argv[1], strlen(argv[1]) + 1);
	if (transact(fd, &m, &family, 1) || !family)
		die("no such family");

	start(&m, family, strtoul(argv[2], NULL, 0));
	for (i = 3; i < argc; i++)
		put_spec(&m, argv[i]);
	if (transact(fd, &m, NULL, 0))
		return 1;
	printf("ok\n");
	return 0;
}
