// SPDX-License-Identifier: GPL-2.0
/*
 * radiotap: a tiny monitor-interface tool for the tests and benchmarks
 * (tshark is too heavy for the VM).  No libraries, so it links
 * statically.
 *
 *   radiotap signal IFACE ADDR2 COUNT SECONDS
 *	prints the radiotap dBm antenna signal of the first COUNT frames
 *	whose addr2 is ADDR2, one per line; exits 0 when COUNT were seen
 *	within SECONDS, 1 when not ("none" for a frame without the field)
 *   radiotap inject IFACE SECONDS [LEN]
 *	sends broadcast data frames of LEN bytes (default 100) from the
 *	interface's address as fast as the kernel takes them, for SECONDS;
 *	prints "sent N"
 *   radiotap count IFACE SECONDS
 *	counts the frames received in SECONDS; prints "received N"
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RT_TSFT		0
#define RT_FLAGS	1
#define RT_RATE		2
#define RT_CHANNEL	3
#define RT_FHSS		4
#define RT_DBM_ANTSIGNAL 5

static void die(const char *what)
{
	fprintf(stderr, "radiotap: %s: %s\n", what, strerror(errno));
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_iface(const char *ifname, int *ifindex)
{
	struct sockaddr_ll sll = { 0 };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0)
		die("socket");
	*ifindex = if_nametoindex(ifname);
	if (!*ifindex)
		die(ifname);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = *ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	return fd;
}

/* One received frame, not our own going out; 0 when none. */
static ssize_t recv_in(int fd, uint8_t *buf, size_t len)
{
	struct sockaddr_ll from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&from, &fl);

	if (n > 0 && from.sll_pkttype == PACKET_OUTGOING)
		return 0;
	return n;
}

static int parse_mac(const char *s, uint8_t *a)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		a[i] = b[i];
	return 0;
}

/*
 * The dBm antenna signal of radiotap frame @p (@len bytes), or 1 when it
 * has none; -1000 when the frame is malformed.  *@hdrlen gets the
 * radiotap length.  Fields follow the present words in bit order, each
 * aligned to its size from the start of the header.
 */
static int rt_signal(const uint8_t *p, size_t len, size_t *hdrlen)
{
	static const uint8_t align[] = { 8, 1, 1, 2, 1, 1 };
	static const uint8_t size[] = { 8, 1, 1, 4, 2, 1 };
	size_t off = 8, rtlen;
	uint32_t present, w;
	int bit;

	if (len < 8 || p[0] != 0)
		return -1000;
	rtlen = p[2] | p[3] << 8;
	if (rtlen < 8 || rtlen > len)
		return -1000;
	*hdrlen = rtlen;
	memcpy(&present, p + 4, 4);
	w = present;
	while (w & (1U << 31)) {	/* more present words */
		if (off + 4 > rtlen)
			return -1000;
		memcpy(&w, p + off, 4);
		off += 4;
	}
	if (!(present & (1U << RT_DBM_ANTSIGNAL)))
		return 1;
	for (bit = 0; bit <= RT_DBM_ANTSIGNAL; bit++) {
		if (!(present & (1U << bit)))
			continue;
		off = (off + align[bit] - 1) & ~(size_t)(align[bit] - 1);
		if (bit == RT_DBM_ANTSIGNAL)
			return off < rtlen ? (int8_t)p[off] : -1000;
		off += size[bit];
	}
	return -1000;
}

static int cmd_signal(char **argv)
{
	uint8_t want[6], buf[4096];
	int ifindex, fd, count = atoi(argv[2]), seen = 0, s;
	double end = now() + atof(argv[3]);
	struct pollfd p;
	size_t hl;
	ssize_t n;

	if (parse_mac(argv[1], want)) {
		fprintf(stderr, "radiotap: '%s' is not a MAC address\n", argv[1]);
		return 2;
	}
	fd = open_iface(argv[0], &ifindex);
	p.fd = fd;
	p.events = POLLIN;
	while (seen < count && now() < end) {
		if (poll(&p, 1, (int)((end - now()) * 1000) + 1) <= 0)
			continue;
		n = recv_in(fd, buf, sizeof(buf));
		if (n <= 0)
			continue;
		s = rt_signal(buf, n, &hl);
		if (s == -1000 || (size_t)n < hl + 16 || memcmp(buf + hl + 10, want, 6))
			continue;
		if (s == 1)
			printf("none\n");
		else
			printf("%d\n", s);
		fflush(stdout);
		seen++;
	}
	return seen < count;
}

static int cmd_inject(char **argv)
{
	uint8_t frame[2400] = { 0 };
	int ifindex, fd, len = argv[2] ? atoi(argv[2]) : 100;
	double end = now() + atof(argv[1]);
	unsigned long sent = 0;
	struct ifreq ifr = { 0 };
	uint8_t *h;

	if (len < 24 || len > 2300) {
		fprintf(stderr, "radiotap: LEN %d is not 24 to 2300\n", len);
		return 2;
	}
	fd = open_iface(argv[0], &ifindex);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[0]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	/* An empty radiotap header: version 0, length 8, nothing present. */
	frame[2] = 8;
	h = frame + 8;
	h[0] = 0x08;				/* data frame */
	memset(h + 4, 0xff, 6);			/* addr1: broadcast */
	memcpy(h + 10, ifr.ifr_hwaddr.sa_data, 6);	/* addr2: us */
	memset(h + 16, 0xff, 6);		/* addr3 */
	while (now() < end) {
		h[22] = (sent << 4) & 0xf0;
		h[23] = sent >> 4;
		if (send(fd, frame, 8 + len, 0) == 8 + len)
			sent++;
		else if (errno != ENOBUFS && errno != EAGAIN)
			die("send");
	}
	printf("sent %lu\n", sent);
	return 0;
}

static int cmd_count(char **argv)
{
	int ifindex, fd = open_iface(argv[0], &ifindex);
	double end = now() + atof(argv[1]);
	unsigned long got = 0;
	uint8_t buf[4096];
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (now() < end) {
		if (poll(&p, 1, (int)((end - now()) * 1000) + 1) <= 0)
			continue;
		if (recv_in(fd, buf, sizeof(buf)) > 0)
			got++;
	}
	printf("received %lu\n", got);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "signal"))
		return cmd_signal(argv + 2);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "inject"))
		return cmd_inject(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "count"))
		return cmd_count(argv + 2);
	fprintf(stderr, "usage: radiotap signal IFACE ADDR2 COUNT SECONDS\n"
		"       radiotap inject IFACE SECONDS [LEN]\n"
		"       radiotap count IFACE SECONDS\n");
	return 2;
}
