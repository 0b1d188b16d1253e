// SPDX-License-Identifier: GPL-2.0
/*
 * loomsock: drive one AF_LOOM socket from a test script.
 *
 *   loomsock ACTION [ARG]... [ACTION [ARG]...]...
 *
 * Actions run in order on one socket and print one line each, errors as
 * errno names, so a script can compare output:
 *   bind IFNAME PORT          "bind port P" | "bind ENAME"
 *   signal                    turn on LOOM_SO_RX_SIGNAL
 *   reports                   turn on LOOM_SO_REPORTS
 *   report SECONDS            poll the error queue for a delivery report:
 *                             "report N errno=ENAME code=C" (errno=0 when
 *                             delivered) | "report timeout"
 *   connect ADDR PORT         "connect" | "connect ENAME"
 *   send ADDR PORT TEXT       "sent N" | "send ENAME" (ADDR 0x... for a
 *                             tree address, aa:bb:cc:dd:ee:ff for a 48-bit
 *                             one; PORT 0 with a connected socket: send())
 *   sendlen LEN ADDR PORT TEXT  sendto() with an address of LEN bytes
 *                             (12: as a program built before 48-bit
 *                             addresses)
 *   sendkind KIND ADDR PORT TEXT  the same with sloom_kind KIND
 *   sendn ADDR PORT SIZE      the same with SIZE bytes of 'x'
 *   sendif IFNAME ADDR PORT TEXT  sendto() an unbound socket, by ifindex
 *   recv SECONDS              poll, then a non-blocking recvmsg():
 *                             "recv 0xSRC:SPORT if=I len=N [rssi=R snr=S] TEXT"
 *                             (R, S: "unknown" where the radio cannot tell)
 *                             | "recv timeout" | "recv ENAME"
 *   recvblock                 one blocking recvmsg(), same output
 *   name                      "name 0xADDR:PORT if=I" (getsockname)
 *   sleep SECONDS
 *
 *   loomsock udp ACTION...
 *
 * The same for a UDP/IPv6 socket, to show IPv6 working over loomN:
 *   bind PORT                 "bind port P" | "bind ENAME"
 *   send ADDR IFNAME PORT TEXT   "sent N" | "send ENAME"
 *   recv SECONDS              "recv ADDR:PORT len=N TEXT" | "recv timeout"
 * Built static by run.sh, like nlprobe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/loom.h>

static const char *ename(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EINVAL, "EINVAL" }, { ENODEV, "ENODEV" },
		{ EADDRINUSE, "EADDRINUSE" }, { EACCES, "EACCES" },
		{ EMSGSIZE, "EMSGSIZE" }, { EHOSTUNREACH, "EHOSTUNREACH" },
		{ ENETUNREACH, "ENETUNREACH" }, { ENOBUFS, "ENOBUFS" },
		{ ENETDOWN, "ENETDOWN" }, { EDESTADDRREQ, "EDESTADDRREQ" },
		{ EAGAIN, "EAGAIN" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ ENOTCONN, "ENOTCONN" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	};
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static struct sockaddr_loom mkaddr(const char *addr, const char *port,
				   int ifindex)
{
	struct sockaddr_loom sa;
	unsigned int b[6], i;

	memset(&sa, 0, sizeof(sa));
	sa.sloom_family = AF_LOOM;
	if (sscanf(addr, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) == 6) {
		sa.sloom_kind = LOOM_ADDR_KIND_MESH;
		for (i = 0; i < 6; i++)
			sa.sloom_hwaddr[i] = b[i];
	} else {
		sa.sloom_addr = strtoul(addr, NULL, 0);
	}
	sa.sloom_port = strtoul(port, NULL, 0);
	sa.sloom_ifindex = ifindex;
	return sa;
}

/* "0x1234" or "02:4c:4f:4d:00:01", as the address's kind says. */
static const char *addr_str(const struct sockaddr_loom *sa)
{
	static char buf[24];
	const unsigned char *h = sa->sloom_hwaddr;

	if (sa->sloom_kind == LOOM_ADDR_KIND_MESH)
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
			 h[0], h[1], h[2], h[3], h[4], h[5]);
	else
		snprintf(buf, sizeof(buf), "0x%04x", sa->sloom_addr);
	return buf;
}

static void do_recv(int fd, int flags)
{
	char data[65536], ctl[CMSG_SPACE(sizeof(struct loom_rx_signal))];
	struct sockaddr_loom sa;
	struct iovec iov = { data, sizeof(data) - 1 };
	struct msghdr m = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &m, flags);

	if (n < 0) {
		printf("recv %s\n", ename(errno));
		return;
	}
	data[n] = 0;
	printf("recv %s:%u if=%d len=%zd", addr_str(&sa), sa.sloom_port,
	       sa.sloom_ifindex, n);
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		struct loom_rx_signal s;

		if (c->cmsg_level != SOL_LOOM || c->cmsg_type != LOOM_SCM_SIGNAL)
			continue;
		memcpy(&s, CMSG_DATA(c), sizeof(s));
		if (s.rssi_mdbm == LOOM_SIGNAL_UNKNOWN)
			printf(" rssi=unknown");
		else
			printf(" rssi=%d", s.rssi_mdbm);
		if (s.snr_mdb == LOOM_SIGNAL_UNKNOWN)
			printf(" snr=unknown");
		else
			printf(" snr=%d", s.snr_mdb);
	}
	printf(" %s\n", n > 64 ? "(long)" : data);
}

/* @salen 0: the whole address; @kind -1: as @addr is written. */
static void do_send_as(int fd, const char *addr, const char *port,
		       const char *data, size_t len, int ifindex,
		       socklen_t salen, int kind)
{
	struct sockaddr_loom sa = mkaddr(addr, port, ifindex);
	ssize_t n;

	if (kind >= 0)
		sa.sloom_kind = kind;
	if (!sa.sloom_port)
		n = send(fd, data, len, 0);
	else
		n = sendto(fd, data, len, 0, (struct sockaddr *)&sa,
			   salen ? salen : sizeof(sa));
	if (n < 0)
		printf("send %s\n", ename(errno));
	else
		printf("sent %zd\n", n);
}

static void do_send(int fd, const char *addr, const char *port,
		    const char *data, size_t len, int ifindex)
{
	do_send_as(fd, addr, port, data, len, ifindex, 0, -1);
}

static int need(int argc, int i, int n)
{
	if (i + n >= argc) {
		fprintf(stderr, "loomsock: missing arguments\n");
		exit(2);
	}
	return 1;
}

static int udp_main(int argc, char **argv)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 sa;
	char buf[2048], txt[INET6_ADDRSTRLEN];
	int i;

	if (fd < 0) {
		printf("socket %s\n", ename(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 2; i < argc; i++) {
		memset(&sa, 0, sizeof(sa));
		sa.sin6_family = AF_INET6;
		if (!strcmp(argv[i], "bind") && need(argc, i, 1)) {
			sa.sin6_port = htons(atoi(argv[i + 1]));
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
				printf("bind %s\n", ename(errno));
			else
				printf("bind port %s\n", argv[i + 1]);
			i += 1;
		} else if (!strcmp(argv[i], "send") && need(argc, i, 4)) {
			inet_pton(AF_INET6, argv[i + 1], &sa.sin6_addr);
			sa.sin6_scope_id = if_nametoindex(argv[i + 2]);
			sa.sin6_port = htons(atoi(argv[i + 3]));
			if (sendto(fd, argv[i + 4], strlen(argv[i + 4]), 0,
				   (struct sockaddr *)&sa, sizeof(sa)) < 0)
				printf("send %s\n", ename(errno));
			else
				printf("sent %zu\n", strlen(argv[i + 4]));
			i += 4;
		} else if (!strcmp(argv[i], "recv") && need(argc, i, 1)) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			socklen_t sl = sizeof(sa);
			ssize_t n;

			if (poll(&p, 1, atoi(argv[i + 1]) * 1000) == 0) {
				printf("recv timeout\n");
			} else {
				n = recvfrom(fd, buf, sizeof(buf) - 1, 0,
					     (struct sockaddr *)&sa, &sl);
				if (n < 0) {
					printf("recv %s\n", ename(errno));
				} else {
					buf[n] = 0;
					inet_ntop(AF_INET6, &sa.sin6_addr, txt,
						  sizeof(txt));
					printf("recv %s:%u len=%zd %s\n", txt,
					       ntohs(sa.sin6_port), n, buf);
				}
			}
			i += 1;
		} else {
			fprintf(stderr, "loomsock: unknown udp action %s\n",
				argv[i]);
			return 2;
		}
	}
	close(fd);
	return 0;
}

/* One delivery report off the error queue, within @secs. */
static void do_report(int fd, int secs)
{
	struct pollfd p = { .fd = fd, .events = 0 };
	char ctl[256];
	struct msghdr m = { .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;

	/* POLLERR is always reported: no events asked for. */
	if (poll(&p, 1, secs * 1000) <= 0 ||
	    recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
		printf("report timeout\n");
		return;
	}
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		struct sock_extended_err ee;

		if (c->cmsg_level != SOL_LOOM || c->cmsg_type != LOOM_SCM_REPORT)
			continue;
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		printf("report %u errno=%s code=%u origin=%u\n", ee.ee_info,
		       ee.ee_errno ? ename(ee.ee_errno) : "0", ee.ee_code,
		       ee.ee_origin);
		return;
	}
	printf("report none\n");
}

int main(int argc, char **argv)
{
	int fd, i, on = 1;

	if (argc > 1 && !strcmp(argv[1], "udp"))
		return udp_main(argc, argv);
	fd = socket(AF_LOOM, SOCK_DGRAM, 0);

	if (fd < 0) {
		printf("socket %s\n", ename(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "bind") && need(argc, i, 2)) {
			struct sockaddr_loom sa = mkaddr("0", argv[i + 2],
				if_nametoindex(argv[i + 1]));
			socklen_t sl = sizeof(sa);

			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
			    getsockname(fd, (struct sockaddr *)&sa, &sl))
				printf("bind %s\n", ename(errno));
			else
				printf("bind port %u\n", sa.sloom_port);
			i += 2;
		} else if (!strcmp(a, "reports")) {
			if (setsockopt(fd, SOL_LOOM, LOOM_SO_REPORTS, &on,
				       sizeof(on)))
				printf("reports %s\n", ename(errno));
		} else if (!strcmp(a, "report") && need(argc, i, 1)) {
			do_report(fd, atoi(argv[i + 1]));
			i += 1;
		} else if (!strcmp(a, "signal")) {
			if (setsockopt(fd, SOL_LOOM, LOOM_SO_RX_SIGNAL, &on,
				       sizeof(on)))
				printf("signal %s\n", ename(errno));
		} else if (!strcmp(a, "connect") && need(argc, i, 2)) {
			struct sockaddr_loom sa = mkaddr(argv[i + 1],
							 argv[i + 2], 0);

			if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
				printf("connect %s\n", ename(errno));
			else
				printf("connect\n");
			i += 2;
		} else if (!strcmp(a, "send") && need(argc, i, 3)) {
			do_send(fd, argv[i + 1], argv[i + 2], argv[i + 3],
				strlen(argv[i + 3]), 0);
			i += 3;
		} else if (!strcmp(a, "sendn") && need(argc, i, 3)) {
			size_t len = strtoul(argv[i + 3], NULL, 0);
			char *buf = malloc(len + 1);

			memset(buf, 'x', len);
			do_send(fd, argv[i + 1], argv[i + 2], buf, len, 0);
			free(buf);
			i += 3;
		} else if (!strcmp(a, "sendlen") && need(argc, i, 4)) {
			do_send_as(fd, argv[i + 2], argv[i + 3], argv[i + 4],
				   strlen(argv[i + 4]), 0,
				   strtoul(argv[i + 1], NULL, 0), -1);
			i += 4;
		} else if (!strcmp(a, "sendkind") && need(argc, i, 4)) {
			do_send_as(fd, argv[i + 2], argv[i + 3], argv[i + 4],
				   strlen(argv[i + 4]), 0, 0,
				   strtoul(argv[i + 1], NULL, 0));
			i += 4;
		} else if (!strcmp(a, "sendif") && need(argc, i, 4)) {
			do_send(fd, argv[i + 2], argv[i + 3], argv[i + 4],
				strlen(argv[i + 4]),
				if_nametoindex(argv[i + 1]));
			i += 4;
		} else if (!strcmp(a, "recv") && need(argc, i, 1)) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int r = poll(&p, 1, atoi(argv[i + 1]) * 1000);

			if (r == 0)
				printf("recv timeout\n");
			else
				do_recv(fd, MSG_DONTWAIT);
			i += 1;
		} else if (!strcmp(a, "recvblock")) {
			do_recv(fd, 0);
		} else if (!strcmp(a, "name")) {
			struct sockaddr_loom sa;
			socklen_t sl = sizeof(sa);

			if (getsockname(fd, (struct sockaddr *)&sa, &sl))
				printf("name %s\n", ename(errno));
			else
				printf("name %s:%u if=%d\n", addr_str(&sa),
				       sa.sloom_port, sa.sloom_ifindex);
		} else if (!strcmp(a, "sleep") && need(argc, i, 1)) {
			sleep(atoi(argv[i + 1]));
			i += 1;
		} else {
			fprintf(stderr, "loomsock: unknown action %s\n", a);
			return 2;
		}
	}
	close(fd);
	return 0;
}
