// SPDX-License-Identifier: GPL-2.0
/*
 * loom_echo_client: send one datagram to the echo service of a Loom node
 * and print the reply, with how its last radio hop was heard.
 *
 *   loom_echo_client NODE DEST [MESSAGE [TIMEOUT_S]]
 *
 * NODE is a node running in this network namespace ("loomctl node list");
 * the socket is bound to its loomN network device, so the datagram leaves
 * from that node.  DEST is a node's name in the loaded topology or an
 * address in hex ("0x1100" or "1100").  The kernel of every node answers port 7
 * (LOOM_PORT_ECHO) by sending the same payload back to where it came
 * from.  MESSAGE defaults to "hello", TIMEOUT_S to 60: a round trip over
 * a TDMA tree takes one data interval per hop, or more.
 *
 * Built by "make -C userspace" (userspace/examples/loom_echo_client), or
 * by hand from the top of the tree:
 *
 *   cc -Iuapi -Iuserspace/lib -o loom_echo_client \
 *      userspace/examples/loom_echo_client.c userspace/lib/libloom.a \
 *      $(pkg-config --libs libnl-genl-3.0)
 *
 * Exit status: 0 when the reply came, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

/* libloom: names, the node's device, a bound socket; and the uapi. */
#include "loom.h"

/* Milliseconds on a clock that never jumps. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* @len bytes of @data as text; what is not printable ASCII as '.'. */
static void print_payload(const unsigned char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		putchar(data[i] >= 0x20 && data[i] < 0x7f ? data[i] : '.');
}

/*
 * A level in milli-units; an interface's radio cannot measure one and
 * says LOOM_SIGNAL_UNKNOWN instead.
 */
static void print_level(int32_t milli, const char *unit)
{
	if (milli == LOOM_SIGNAL_UNKNOWN)
		printf("unknown");
	else
		printf("%.1f %s", milli / 1000.0, unit);
}

/*
 * Prints one received datagram: who sent it and, if the kernel added the
 * control message asked for with LOOM_SO_RX_SIGNAL, the RSSI and SNR of
 * its last hop.
 */
static void print_reply(struct msghdr *msg, const unsigned char *data,
			size_t len)
{
	const struct sockaddr_loom *from = msg->msg_name;
	char name[LOOM_NAME_BUF];
	struct cmsghdr *cmsg;

	/* The address back to a name, if the topology has one for it. */
	if (loom_addr_name(from->sloom_addr, name, sizeof(name)))
		snprintf(name, sizeof(name), "unnamed");
	printf("reply from 0x%04x (%s) port %u: %zu bytes: ",
	       from->sloom_addr, name, from->sloom_port, len);
	print_payload(data, len);
	putchar('\n');

	/*
	 * Ancillary data: walk the control messages, as for any socket, and
	 * pick the one at level SOL_LOOM of type LOOM_SCM_SIGNAL.  Its data
	 * is a struct loom_rx_signal, in milli-dBm and milli-dB.
	 */
	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
		struct loom_rx_signal sig;

		if (cmsg->cmsg_level != SOL_LOOM ||
		    cmsg->cmsg_type != LOOM_SCM_SIGNAL ||
		    cmsg->cmsg_len < CMSG_LEN(sizeof(sig)))
			continue;
		/* CMSG_DATA() may be unaligned for the struct: copy it. */
		memcpy(&sig, CMSG_DATA(cmsg), sizeof(sig));
		printf("last hop: rssi ");
		print_level(sig.rssi_mdbm, "dBm");
		printf(", snr ");
		print_level(sig.snr_mdb, "dB");
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	const char *node, *dest, *message = "hello";
	struct sockaddr_loom to, from;
	unsigned char buf[65536];
	/* Room for the signal control message (and some to spare). */
	char control[CMSG_SPACE(sizeof(struct loom_rx_signal)) + 64];
	struct iovec iov;
	struct msghdr msg;
	struct pollfd pfd;
	long long deadline;
	long timeout_s = 60;
	uint16_t addr;
	ssize_t n;
	int fd, err, one = 1;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "Usage: %s NODE DEST [MESSAGE [TIMEOUT_S]]\n",
			argv[0]);
		return 2;
	}
	node = argv[1];
	dest = argv[2];
	if (argc > 3)
		message = argv[3];
	if (argc > 4) {
		char *end;

		timeout_s = strtol(argv[4], &end, 10);
		if (*end || timeout_s < 1 || timeout_s > 86400) {
			fprintf(stderr, "%s: TIMEOUT_S \"%s\": must be 1..86400 seconds\n",
				argv[0], argv[4]);
			return 2;
		}
	}

	/*
	 * 1. A socket bound to NODE's loomN device.  Port LOOM_PORT_ANY
	 *    lets the kernel pick a free one from the ephemeral range
	 *    (128..255): the echo comes back to it.  loom_socket_open()
	 *    asks the kernel for the device's index (LOOM_CMD_NODE_GET) and
	 *    does socket(AF_LOOM, SOCK_DGRAM, 0) and bind() with a struct
	 *    sockaddr_loom holding that index and the port.
	 */
	fd = loom_socket_open(node, LOOM_PORT_ANY);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot bind to the device of node \"%s\": %s\n",
			argv[0], node, strerror(-fd));
		return 1;
	}

	/* 2. Ask for the radio signal of every datagram received. */
	if (setsockopt(fd, SOL_LOOM, LOOM_SO_RX_SIGNAL, &one, sizeof(one)))
		fprintf(stderr, "%s: no signal reports: %s\n", argv[0],
			strerror(errno));

	/* 3. Non-blocking: poll() below does all the waiting. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

	/* 4. DEST to an address: a name of the topology, or a number. */
	err = loom_resolve(dest, &addr);
	if (err) {
		fprintf(stderr, "%s: DEST \"%s\": %s\n", argv[0], dest,
			err == -ENOENT ? "no node has that name" :
			strerror(-err));
		close(fd);
		return 1;
	}

	/*
	 * 5. Send.  The address is in host byte order; ifindex 0 means the
	 *    device the socket is bound to.  The kernel refuses at once what
	 *    it cannot send: EMSGSIZE (too long for the node), EHOSTUNREACH
	 *    (an address no device can have, or the node's own), ENETUNREACH
	 *    (the node has no network timing yet), ENOBUFS (its queue is
	 *    full), ENETDOWN (device down or node stopped).
	 */
	memset(&to, 0, sizeof(to));
	to.sloom_family = AF_LOOM;
	to.sloom_addr = addr;
	to.sloom_port = LOOM_PORT_ECHO;
	to.sloom_ifindex = 0;
	if (sendto(fd, message, strlen(message), 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0) {
		fprintf(stderr, "%s: sendto 0x%04x port %u: %s\n", argv[0],
			addr, LOOM_PORT_ECHO, strerror(errno));
		close(fd);
		return 1;
	}
	printf("sent %zu bytes from %s to 0x%04x port %u; waiting up to %ld s\n",
	       strlen(message), node, addr, LOOM_PORT_ECHO, timeout_s);
	fflush(stdout);

	/*
	 * 6. Wait for the reply.  Anything else that reaches our port (a
	 *    stray datagram from another sender) is skipped.
	 */
	deadline = now_ms() + timeout_s * 1000LL;
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0) {
			fprintf(stderr, "%s: no reply within %ld s\n", argv[0],
				timeout_s);
			close(fd);
			return 1;
		}
		if (poll(&pfd, 1, left > 60000 ? 60000 : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			close(fd);
			return 1;
		}
		/*
		 * POLLHUP without POLLIN: the node stopped (or the device
		 * left), and recvmsg() below says so with ENETDOWN.
		 */
		if (!(pfd.revents & (POLLIN | POLLERR | POLLHUP)))
			continue;

		/*
		 * recvmsg() fills msg_name with the sender's address, port
		 * and the device's index, and msg_control with the signal.
		 */
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		n = recvmsg(fd, &msg, 0);
		if (n < 0) {
			/* Non-blocking: nothing there after all. */
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fprintf(stderr, "%s: recvmsg: %s\n", argv[0],
				strerror(errno));
			close(fd);
			return 1;
		}
		if (from.sloom_addr != addr ||
		    from.sloom_port != LOOM_PORT_ECHO)
			continue;
		print_reply(&msg, buf, (size_t)n);
		close(fd);
		return 0;
	}
}
