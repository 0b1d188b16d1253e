// SPDX-License-Identifier: GPL-2.0
/*
 * pktcap: capture what one interface sends and receives into a classic
 * pcap file, for tshark to read later.  The test VM has no dumpcap and no
 * libpcap; this needs neither, so it links statically like nlprobe.
 *
 *   pktcap IFNAME FILE [SECONDS [FRAMES]]
 *
 * An AF_PACKET socket (ETH_P_ALL, so outgoing frames too) bound to IFNAME
 * writes every frame, Ethernet header first, to FILE (link type Ethernet,
 * microsecond timestamps from the kernel, snapshot length 65535).  It
 * stops after SECONDS (default 60), after FRAMES frames (default: no
 * limit) or on SIGTERM/SIGINT, then writes what the socket still holds.
 * Each frame is flushed to FILE as it comes, so FILE is a valid capture
 * at any time.
 *
 * Prints "capturing on IFNAME" once the socket is bound (a script waits
 * for that line before it makes traffic) and at the end "N frames, D
 * dropped": D is what the kernel could not queue to the socket
 * (PACKET_STATISTICS), so a capture that missed frames says so.
 * Exit status 0, or 1 with a message on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SNAPLEN		65535
#define RCVBUF		(4 << 20)
#define PCAP_MAGIC	0xa1b2c3d4	/* microsecond timestamps */
#define LINKTYPE_ETHERNET 1

/* Classic pcap file header and record header (host byte order). */
struct pcap_file_hdr {
	uint32_t magic;
	uint16_t major, minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};

struct pcap_rec_hdr {
	uint32_t ts_sec, ts_usec, incl_len, orig_len;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "pktcap: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long number(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "pktcap: %s: not a number: '%s'\n", what, s);
		exit(1);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * One frame from @fd to @out; 0 when one was written, -1 when the socket
 * has nothing (EAGAIN, EINTR).  @flags: MSG_DONTWAIT or 0.
 */
static int one_frame(int fd, FILE *out, unsigned char *buf, int flags)
{
	union {
		char b[CMSG_SPACE(sizeof(struct timeval))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = SNAPLEN };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.b, .msg_controllen = sizeof(ctl.b),
	};
	struct pcap_rec_hdr rec;
	struct cmsghdr *c;
	struct timeval tv;
	ssize_t n;

	/* MSG_TRUNC: the frame's real length even when it is cut. */
	n = recvmsg(fd, &mh, flags | MSG_TRUNC);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return -1;
		die("recvmsg");
	}
	gettimeofday(&tv, NULL);
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMP)
			memcpy(&tv, CMSG_DATA(c), sizeof(tv));
	rec.ts_sec = tv.tv_sec;
	rec.ts_usec = tv.tv_usec;
	rec.orig_len = n;
	rec.incl_len = n > SNAPLEN ? SNAPLEN : n;
	if (fwrite(&rec, sizeof(rec), 1, out) != 1 ||
	    fwrite(buf, rec.incl_len, 1, out) != 1 || fflush(out))
		die("writing the capture");
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[SNAPLEN];
	struct pcap_file_hdr fh = {
		.magic = PCAP_MAGIC, .major = 2, .minor = 4,
		.snaplen = SNAPLEN, .linktype = LINKTYPE_ETHERNET,
	};
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct tpacket_stats st = { 0 };
	socklen_t stlen = sizeof(st);
	long secs = 60, max = -1, frames = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	int fd, one = 1, rcvbuf = RCVBUF;
	double deadline;
	FILE *out;

	if (argc < 3 || argc > 5) {
		fprintf(stderr,
			"usage: pktcap IFNAME FILE [SECONDS [FRAMES]]\n");
		return 1;
	}
	if (argc > 3)
		secs = number(argv[3], "SECONDS");
	if (argc > 4)
		max = number(argv[4], "FRAMES");
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex)
		die(argv[1]);
	/* Signals end the wait in poll(), not restart it. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0)
		die("socket(AF_PACKET)");
	/* As root, past rmem_max; else as much as the limit allows. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof(one)) < 0)
		die("SO_TIMESTAMP");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	/* Reading the counters resets them: count from here. */
	getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen);

	out = fopen(argv[2], "w");
	if (!out)
		die(argv[2]);
	if (fwrite(&fh, sizeof(fh), 1, out) != 1 || fflush(out))
		die("writing the capture");
	printf("capturing on %s\n", argv[1]);
	fflush(stdout);

	deadline = now() + secs;
	while (!stop && (max < 0 || frames < max)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		double left = deadline - now();
		int r;

		if (left <= 0)
			break;
		r = poll(&p, 1, left * 1000 + 1);
		if (r < 0 && errno != EINTR)
			die("poll");
		if (r > 0 && one_frame(fd, out, buf, MSG_DONTWAIT) == 0)
			frames++;
	}
	/* What the kernel queued before the end still counts. */
	while ((max < 0 || frames < max) &&
	       one_frame(fd, out, buf, MSG_DONTWAIT) == 0)
		frames++;

	stlen = sizeof(st);
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen) < 0)
		die("PACKET_STATISTICS");
	if (fclose(out))
		die("writing the capture");
	close(fd);
	printf("%ld frames, %u dropped\n", frames, st.tp_drops);
	return 0;
}
