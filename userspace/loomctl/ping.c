// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl ping: echo requests from a running node's AF_LOOM socket to the
 * kernel's echo service (port LOOM_PORT_ECHO) of another node, and their
 * round trips.
 *
 * A TDMA tree is slow, so requests do not wait for each other: one goes
 * out every interval, each reply is awaited for the time-out on its own,
 * and a reply after its time-out is still shown ("late").  The names,
 * the defaults and the lines printed are ping_parse.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "loom.h"
#include "loomctl.h"
#include "mesh_parse.h"
#include "ping_parse.h"
#include "run.h"
#include "topo_get.h"

/* Room for any reply: a datagram is at most this long. */
#define RX_MAX		65536

/* Where each request stands. */
enum req_state {
	REQ_UNSENT,
	REQ_PENDING,	/* sent, no reply yet */
	REQ_ANSWERED,
	REQ_LOST,	/* its time-out passed */
	REQ_FAILED,	/* the node refused it */
};

/**
 * struct pinger - one run of "ping"
 * @a: the command line, defaults filled in
 * @t: the loaded topology, for names (may be NULL)
 * @nd: the node that pings
 * @dst: the destination's address (a mesh node's: 48 bits)
 * @peer: the destination for people, with its name
 * @fd: the AF_LOOM socket
 * @req: a request's bytes
 * @rx: a reply's
 * @sent_ns: send time of request seq (index seq - 1)
 * @state: enum req_state of request seq (index seq - 1)
 * @next: the next sequence number to send (from 1)
 * @oldest: no request before this one is still pending
 * @st: the summary's numbers
 * @failed: a refusal no later request can escape; stop
 */
struct pinger {
	struct ping_args a;
	const struct loom_topology *t;
	struct run_node nd;
	struct run_addr dst;
	char peer[MESH_PEER_BUF + LOOM_NAME_MAX];
	int fd;
	uint8_t *req;
	uint8_t *rx;
	uint64_t *sent_ns;
	uint8_t *state;
	uint32_t next;
	uint32_t oldest;
	struct ping_stats st;
	bool failed;
};

volatile sig_atomic_t run_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	run_interrupted = 1;
}

void run_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

uint64_t run_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* What a refusal of sendto() means here, and whether later ones may pass. */
static const char *send_why(int err, bool *transient)
{
	*transient = false;
	switch (err) {
	case ENOBUFS:
	case EAGAIN:
		*transient = true;
		return "its queue is full";
	case ENETUNREACH:
		*transient = true;
		return "it has no network timing yet";
	case EMSGSIZE:
		return "more than its largest payload";
	case EHOSTUNREACH:
		return "no device can have that address, or it is its own";
	case ENETDOWN:
		return "its device is down or it stopped";
	default:
		return NULL;
	}
}

static void send_one(struct pinger *p, uint64_t now)
{
	uint32_t seq = p->next++;
	struct sockaddr_loom to = {
		.sloom_family = AF_LOOM,
		.sloom_addr = p->dst.tree,
		.sloom_port = LOOM_PORT_ECHO,
	};
	const char *why;
	bool transient;
	ssize_t n;

	if (p->dst.mesh) {
		to.sloom_kind = LOOM_ADDR_KIND_MESH;
		memcpy(to.sloom_hwaddr, p->dst.hw, sizeof(to.sloom_hwaddr));
	}
	ping_payload_fill(p->req, p->a.size, seq, now);
	do {
		n = sendto(p->fd, p->req, p->a.size, MSG_DONTWAIT,
			   (struct sockaddr *)&to, sizeof(to));
	} while (n < 0 && errno == EINTR && !run_interrupted);
	if (n >= 0) {
		p->sent_ns[seq - 1] = now;
		p->state[seq - 1] = REQ_PENDING;
		p->st.transmitted++;
		return;
	}
	p->state[seq - 1] = REQ_FAILED;
	if (errno == EINTR)
		return;
	why = send_why(errno, &transient);
	if (why)
		loomctl_err("ping: seq=%u: %s (%s: %s)", seq, strerror(errno),
			    p->nd.name, why);
	else
		loomctl_err("ping: seq=%u: %s", seq, strerror(errno));
	if (transient)
		p->st.errors++;
	else
		p->failed = true;
}

/* Requests whose time-out passed by @now; moves @oldest on. */
static void expire(struct pinger *p, uint64_t now)
{
	uint64_t timeout_ns = p->a.timeout_ms * 1000000ULL;
	uint8_t *s;

	for (; p->oldest < p->next; p->oldest++) {
		s = &p->state[p->oldest - 1];
		if (*s == REQ_PENDING) {
			if (now - p->sent_ns[p->oldest - 1] < timeout_ns)
				return;
			*s = REQ_LOST;
			ping_show_timeout(stdout, p->oldest, p->a.timeout_ms);
		}
	}
}

/* One datagram from the socket: 1, 0 when none is waiting, -errno. */
static int receive_one(struct pinger *p)
{
	char cbuf[CMSG_SPACE(sizeof(struct loom_rx_signal)) + 64];
	struct ping_reply r = { .note = PING_NOTE_NONE };
	struct sockaddr_loom from;
	struct iovec iov = { .iov_base = p->rx, .iov_len = RX_MAX };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	uint64_t now, sent;
	ssize_t n;
	int ret;
	uint8_t *s;

	n = recvmsg(p->fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	now = run_now_ns();
	/* Only the echo service of the destination answers us. */
	if (msg.msg_namelen < LOOM_SOCKADDR_TREE_LEN ||
	    from.sloom_family != AF_LOOM || from.sloom_port != LOOM_PORT_ECHO)
		return 1;
	if (p->dst.mesh ? msg.msg_namelen < LOOM_SOCKADDR_LEN ||
			  from.sloom_kind != LOOM_ADDR_KIND_MESH ||
			  memcmp(from.sloom_hwaddr, p->dst.hw, 6) :
			  from.sloom_kind != LOOM_ADDR_KIND_TREE ||
			  from.sloom_addr != p->dst.tree)
		return 1;
	ret = ping_payload_read(p->rx, (size_t)n > RX_MAX ? RX_MAX : (size_t)n,
				p->a.size, &r.seq, &sent);
	if (ret == -EINVAL || !r.seq || r.seq >= p->next)
		return 1;
	s = &p->state[r.seq - 1];
	if (*s == REQ_UNSENT || *s == REQ_FAILED)
		return 1;
	if (ret || (size_t)n > RX_MAX || sent != p->sent_ns[r.seq - 1])
		r.note = PING_NOTE_DIFFERS;
	r.len = (size_t)n;
	r.src = from.sloom_addr;
	r.peer = p->dst.mesh ? p->peer : NULL;
	r.rtt_us = (now - p->sent_ns[r.seq - 1]) / 1000;
	r.has_signal = !ping_rx_signal(&msg, &r.sig);
	if (*s == REQ_ANSWERED) {
		r.note = PING_NOTE_DUP;
	} else if (*s == REQ_LOST) {
		r.note = PING_NOTE_LATE;
		*s = REQ_ANSWERED;
	} else {
		*s = REQ_ANSWERED;
		ping_stats_add(&p->st, r.rtt_us);
	}
	ping_show_reply(stdout, &r, p->t);
	return 1;
}

/* Milliseconds from @now to @then, rounded up (0 if it passed). */
static int wait_ms(uint64_t now, uint64_t then)
{
	uint64_t ms;

	if (then <= now)
		return 0;
	ms = (then - now + 999999) / 1000000;
	return ms > 60000 ? 60000 : (int)ms;
}

/*
 * Sends, waits, receives until every request is answered or lost, or an
 * interruption: 0, or -1 after saying what failed.
 */
static int run(struct pinger *p)
{
	uint64_t interval_ns = p->a.interval_ms * 1000000ULL;
	uint64_t timeout_ns = p->a.timeout_ms * 1000000ULL;
	uint64_t now, next_send = run_now_ns(), until;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	int ret;

	while (!run_interrupted && !p->failed) {
		now = run_now_ns();
		if (p->next <= p->a.count && now >= next_send) {
			send_one(p, now);
			next_send = now + interval_ns;
			fflush(stdout);
			continue;
		}
		expire(p, now);
		fflush(stdout);
		if (p->next > p->a.count && p->oldest >= p->next)
			break;
		until = UINT64_MAX;
		if (p->next <= p->a.count)
			until = next_send;
		if (p->oldest < p->next &&
		    p->sent_ns[p->oldest - 1] + timeout_ns < until)
			until = p->sent_ns[p->oldest - 1] + timeout_ns;
		if (poll(&pfd, 1, wait_ms(now, until)) < 0) {
			if (errno == EINTR)
				continue;
			loomctl_err("ping: poll: %s", strerror(errno));
			return -1;
		}
		/* A node that stops wakes its sockets with POLLHUP. */
		if (!(pfd.revents & (POLLIN | POLLERR | POLLHUP)))
			continue;
		while ((ret = receive_one(p)) > 0)
			;
		fflush(stdout);
		if (ret < 0) {
			loomctl_err("ping: receiving: %s%s", strerror(-ret),
				    ret == -ENETDOWN ?
				    " (the device went down or the node stopped)" :
				    "");
			return -1;
		}
	}
	return 0;
}

/* The socket of @p->nd's device, port chosen by the kernel: 0 or -1. */
static int open_socket(struct pinger *p, unsigned int *port)
{
	struct sockaddr_loom me;
	socklen_t len = sizeof(me);
	int one = 1;

	if (!p->nd.ifindex) {
		loomctl_err("ping: node %s has no network device (a loom module without AF_LOOM?)",
			    p->nd.name);
		return -1;
	}
	p->fd = loom_socket_open_ifindex((int)p->nd.ifindex, LOOM_PORT_ANY);
	if (p->fd < 0) {
		loomctl_err("ping: cannot open an AF_LOOM socket on %s (%s): %s%s",
			    p->nd.ifname, p->nd.name, strerror(-p->fd),
			    p->fd == -ENODEV ?
			    " (was the device moved to another network namespace?)" :
			    "");
		return -1;
	}
	/* Without it, replies come without their RSSI and SNR: no error. */
	setsockopt(p->fd, SOL_LOOM, LOOM_SO_RX_SIGNAL, &one, sizeof(one));
	*port = 0;
	if (!getsockname(p->fd, (struct sockaddr *)&me, &len))
		*port = me.sloom_port;
	return 0;
}

/*
 * The node, the destination and the defaults, read over netlink: 0, or
 * the exit code.
 */
static int prepare(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct pinger *p,
		   struct loom_topology **t)
{
	struct loom_nl nl;
	int ret = LOOMCTL_EXIT_FAIL;
	u32 from;

	if (loom_nl_open(&nl))
		return ret;
	/* The node first: its kind says what DEST is. */
	if (run_get_node(&nl, "ping", p->a.from, RUN_HINT_FROM("ping"),
			 &p->nd))
		goto out;
	ret = run_resolve_dest(&nl, grp, cmd, &p->nd, p->a.dest, &p->dst, t);
	if (ret)
		goto out;
	ret = LOOMCTL_EXIT_FAIL;
	if (p->dst.mesh) {
		struct mesh_hosts h = { 0 };

		mesh_hosts_load(&h, NULL);
		mesh_fmt_peer(p->peer, sizeof(p->peer), &h, p->dst.hw);
		mesh_hosts_free(&h);
	} else {
		ping_fmt_peer(p->peer, sizeof(p->peer), *t, p->dst.tree);
	}
	if (p->dst.mesh ? p->nd.has_hwaddr &&
			  !memcmp(p->dst.hw, p->nd.hwaddr, 6) :
			  p->dst.tree == p->nd.addr) {
		loomctl_err("ping: DEST \"%s\" is %s itself (%s): ping another node",
			    p->a.dest, p->nd.name, p->peer);
		goto out;
	}
	if (p->nd.datagram_max && p->a.size > p->nd.datagram_max) {
		loomctl_err("ping: -s %u: more than the largest payload of %s (%u bytes)",
			    p->a.size, p->nd.name, p->nd.datagram_max);
		goto out;
	}
	if (!p->a.interval_ms)
		p->a.interval_ms = ping_default_interval_ms(*t);
	if (!p->a.timeout_ms) {
		from = loom_topo_find_name(*t, p->nd.name);
		p->a.timeout_ms = ping_default_timeout_ms(*t, from,
							  p->dst.tree);
	}
	ret = LOOMCTL_EXIT_OK;
out:
	loom_nl_close(&nl);
	return ret;
}

int run_ping_opt(int c, const char *val, void *arg)
{
	struct run_ping_opts *ctx = arg;
	char err[RUN_ERR_MAX];

	if (ping_parse_option(ctx->a, c, val, err, sizeof(err)))
		return loomctl_usage_error(ctx->grp, ctx->cmd, "%s", err);
	return 0;
}

static int do_ping(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "interval", required_argument, NULL, 'i' },
		{ "timeout", required_argument, NULL, 'W' },
		{ "size", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct pinger p = { .fd = -1, .next = 1, .oldest = 1 };
	struct run_ping_opts ctx = { grp, cmd, &p.a };
	struct loom_topology *t = NULL;
	char err[RUN_ERR_MAX];
	unsigned int port;
	int i, ret;

	ping_args_init(&p.a);
	i = loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, longopts,
				   run_ping_opt, &ctx);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (opts->json)
		return loomctl_usage_error(grp, cmd,
					   "-j: ping prints text only");
	if (ping_parse_operands(&p.a, argc - i, argv + i, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);

	ret = prepare(grp, cmd, &p, &t);
	if (ret)
		goto out;
	ret = LOOMCTL_EXIT_FAIL;
	p.t = t;
	p.req = malloc(p.a.size);
	p.rx = malloc(RX_MAX);
	p.sent_ns = calloc(p.a.count, sizeof(*p.sent_ns));
	p.state = calloc(p.a.count, sizeof(*p.state));
	if (!p.req || !p.rx || !p.sent_ns || !p.state) {
		loomctl_err("ping: %s", strerror(ENOMEM));
		goto out;
	}
	if (open_socket(&p, &port))
		goto out;
	/* Ctrl-C ends the wait early, with the summary. */
	run_catch_signals();
	ping_show_header(stdout, p.peer, p.nd.name, p.nd.ifname, port, &p.a);
	fflush(stdout);
	/* The summary of what was done, even when something ended it. */
	run(&p);
	ping_show_summary(stdout, p.peer, &p.st);
	ret = p.st.received ? LOOMCTL_EXIT_OK : LOOMCTL_EXIT_FAIL;
out:
	if (p.fd >= 0)
		close(p.fd);
	free(p.req);
	free(p.rx);
	free(p.sent_ns);
	free(p.state);
	loom_topo_free(t);
	return ret;
}

static const struct loomctl_cmd ping_cmd = {
	.name = "ping",
	.args = "[from NODE] DEST [-c COUNT] [-i INTERVAL_S] [-W TIMEOUT_S] [-s SIZE]",
	.help = "send echo requests from a running node to DEST's echo service (port 7) and time the replies",
	.fn = do_ping,
};

const struct loomctl_group loomctl_ping_group = {
	.name = "ping",
	.help = "time round trips from a running node to another node",
	.cmd = &ping_cmd,
	.notes =
		"DEST is a node's name in the loaded topology, else its address in hex, as\n"
		"for \"send\"; from a mesh node, a 48-bit address or a hosts-file name (the\n"
		"echo service over the mesh; \"loomctl mesh ping\" is layer 2).  Without \"from NODE\", the one node running in this network\n"
		"namespace pings, from an AF_LOOM socket on its device (port chosen by the\n"
		"kernel).  Each request carries a sequence number and its send time.\n"
		"  -c, --count COUNT         requests to send, 1..10000 (default 1)\n"
		"  -i, --interval INTERVAL_S seconds between two requests (default: the\n"
		"                            topology's data interval, what a node\n"
		"                            sustains; 1 without a topology)\n"
		"  -W, --timeout TIMEOUT_S   seconds to wait for each reply (default: a\n"
		"                            data interval per hop there and back, at\n"
		"                            least 60)\n"
		"  -s, --size SIZE           payload bytes of each request, 12..65531\n"
		"                            (default 16)\n"
		"Seconds take up to 3 decimals (0.5).  Exit status 0 when a reply came,\n"
		"1 when none did; Ctrl-C stops early and prints the summary.\n",
	.examples =
		"  loomctl ping from BillyTheCoord \"Router 1 Router 2 End Device 2\"\n"
		"  loomctl ping from \"Router 2\" 0xf000 -c 5 -W 120\n",
};
