// SPDX-License-Identifier: GPL-2.0
/*
 * loom-medium: a medium for mac80211_hwsim radios (see loom-medium.8 and
 * Documentation/medium.rst).
 *
 *   loom-medium [-c FILE] [-S SOCKET] [-v]... [run]
 *   loom-medium check [-j] FILE
 *   loom-medium ctl [-S SOCKET] COMMAND [ARG]...
 *
 * "run" registers with the MAC80211_HWSIM generic netlink family of its
 * network namespace and decides every frame until SIGINT or SIGTERM;
 * closing the netlink socket then hands the radios back to the kernel's
 * own perfect medium.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "ctl.h"
#include "io.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define MAX_CLIENTS	16
#define RECV_BUF	(128 * 1024)
#define REGISTER_MS	5000
#define CLIENT_S	5

#ifndef LOOM_MEDIUM_VERSION
#define LOOM_MEDIUM_VERSION "0.1.0"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: loom-medium [-c FILE] [-S SOCKET] [-v]... [run]\n"
		"       loom-medium check [-j] FILE\n"
		"       loom-medium ctl [-S SOCKET] COMMAND [ARG]...\n"
		"\n"
		"A medium for mac80211_hwsim: radios at positions, log-distance path loss\n"
		"with seeded shadowing, loss from the SNR, per-link overrides.\n"
		"\n"
		"  run            register with MAC80211_HWSIM and decide every frame\n"
		"                 until SIGINT/SIGTERM (the default)\n"
		"  check FILE     read a configuration, print what it makes (-j: JSON)\n"
		"  ctl COMMAND    talk to a running medium; COMMAND is a configuration\n"
		"                 statement or show [-j], reset, help\n"
		"\n"
		"  -c FILE        configuration to start with\n"
		"  -S SOCKET      control socket (default " LM_CTL_DEFAULT ")\n"
		"  -v             log events; twice: every frame's fate\n"
		"  -h, --help     this help;  --version  the version\n"
		"\n"
		"Statements (file and ctl):\n"
		"  medium [exponent N] [ref-loss DB] [sigma DB] [fading DB] [noise DBM]\n"
		"         [threshold DBM] [txpower DBM] [seed N]\n"
		"  radio NAME [addr MAC | phy PHY] [pos X Y [Z]] [txpower DBM|default]\n"
		"  link A B [cut | restore] [loss PCT|off] [signal DBM|off] [clear] [both]\n"
		"\n"
		"See loom-medium(8).\n");
}

struct client {
	int fd;
	time_t since;
	size_t len;
	char buf[LM_CTL_LINE_MAX];
};

struct daemon {
	struct lm_medium m;
	struct lm_io io;
	struct nl_sock *sk;
	int nlfd;
	int ctlfd;
	int sigfd;
	const char *ctl_path;
	struct client clients[MAX_CLIENTS];
	uint8_t *rbuf;
	int verbose;
};

static int nl_send_raw(struct lm_io *io, const void *buf, size_t len)
{
	struct daemon *d = io->priv;
	ssize_t n;

	do {
		n = send(d->nlfd, buf, len, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		fprintf(stderr, "loom-medium: sending to the kernel: %s\n", strerror(e));
		return -e;
	}
	return 0;
}

/* Everything the socket holds now; returns -1 on a fatal error. */
static int nl_drain(struct daemon *d)
{
	int rounds = 0;
	ssize_t n;

	while (rounds++ < 512) {
		n = recv(d->nlfd, d->rbuf, RECV_BUF, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				/* The kernel dropped messages for us: frames it
				 * gave up on (it frees them itself). */
				d->m.st.overruns++;
				continue;
			}
			fprintf(stderr, "loom-medium: receiving from the kernel: %s\n",
				strerror(errno));
			return -1;
		}
		if (n > RECV_BUF) {
			d->m.st.invalid++;
			snprintf(d->m.last_invalid, sizeof(d->m.last_invalid),
				 "message of %zd bytes, larger than %d", n, RECV_BUF);
			continue;
		}
		lm_io_input(&d->io, d->rbuf, n);
	}
	lm_io_flush(&d->io);
	return 0;
}

static int nl_open(struct daemon *d)
{
	int family, one = 1, rcv = 8 << 20, e;

	d->sk = nl_socket_alloc();
	if (!d->sk) {
		fprintf(stderr, "loom-medium: out of memory\n");
		return -1;
	}
	e = genl_connect(d->sk);
	if (e < 0) {
		fprintf(stderr, "loom-medium: generic netlink: %s\n", nl_geterror(e));
		return -1;
	}
	family = genl_ctrl_resolve(d->sk, HWSIM_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "loom-medium: no %s generic netlink family in this network namespace: is mac80211_hwsim loaded? (modprobe mac80211_hwsim)\n",
			HWSIM_FAMILY_NAME);
		return -1;
	}
	d->nlfd = nl_socket_get_fd(d->sk);
	/* Hear of rmmod mac80211_hwsim: the registration dies with it. */
	e = genl_ctrl_resolve_grp(d->sk, "nlctrl", "notify");
	if (e >= 0)
		e = nl_socket_add_membership(d->sk, e);
	if (e < 0)
		fprintf(stderr, "loom-medium: warning: cannot follow generic netlink families: %s\n",
			nl_geterror(e));
	/* Room for bursts: a full queue makes the kernel drop frames. */
	nl_socket_set_buffer_size(d->sk, rcv, 1 << 20);
	setsockopt(d->nlfd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv));
	/* A refusal need not echo the whole frame back. */
	setsockopt(d->nlfd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	lm_io_init(&d->io, &d->m, family);
	d->io.send = nl_send_raw;
	d->io.verbose = d->verbose;
	d->io.priv = d;
	return 0;
}

static int nl_register(struct daemon *d)
{
	struct pollfd p = { .fd = d->nlfd, .events = POLLIN };
	int waited = 0, e;

	if (lm_io_register(&d->io))
		return -1;
	/* Frames may come before the answer: they are decided as usual. */
	while (d->io.reg == LM_REG_WAITING && waited < REGISTER_MS) {
		if (poll(&p, 1, 100) < 0 && errno != EINTR)
			break;
		waited += 100;
		if (nl_drain(d))
			return -1;
	}
	e = d->io.reg_err;
	if (d->io.reg != LM_REG_DONE) {
		fprintf(stderr, "loom-medium: no answer to HWSIM_CMD_REGISTER\n");
		return -1;
	}
	if (!e)
		return 0;
	if (e == -EBUSY)
		fprintf(stderr, "loom-medium: another medium is registered in this network namespace\n");
	else if (e == -EOPNOTSUPP)
		fprintf(stderr, "loom-medium: a radio has more than one channel; the hwsim medium API cannot serve it\n");
	else if (e == -EPERM)
		fprintf(stderr, "loom-medium: registering needs CAP_NET_ADMIN\n");
	else
		fprintf(stderr, "loom-medium: HWSIM_CMD_REGISTER: %s\n", strerror(-e));
	return -1;
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A last word to a client we drop; if it is gone, so be it. */
static void tell(int fd, const char *s)
{
	ssize_t n = send(fd, s, strlen(s), MSG_NOSIGNAL | MSG_DONTWAIT);

	(void)n;
}

static void client_add(struct daemon *d)
{
	int fd, i;

	for (;;) {
		fd = accept4(d->ctlfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return;
		for (i = 0; i < MAX_CLIENTS; i++)
			if (d->clients[i].fd < 0)
				break;
		if (i == MAX_CLIENTS) {
			tell(fd, "error: too many control clients\n");
			close(fd);
			continue;
		}
		d->clients[i].fd = fd;
		d->clients[i].since = now_s();
		d->clients[i].len = 0;
	}
}

static void client_answer(struct daemon *d, struct client *c)
{
	struct timeval tv = { .tv_sec = 2 };
	char *reply = NULL;
	size_t len = 0, off = 0;
	ssize_t n;
	FILE *out;

	c->buf[c->len] = '\0';
	c->buf[strcspn(c->buf, "\n")] = '\0';
	out = open_memstream(&reply, &len);
	if (!out) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	lm_ctl_exec(&d->m, d->io.reg == LM_REG_DONE && !d->io.reg_err, c->buf, out);
	fclose(out);
	/* The answer goes out whole or not at all, within two seconds. */
	fcntl(c->fd, F_SETFL, 0);
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (off < len) {
		n = send(c->fd, reply + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += n;
	}
	free(reply);
	close(c->fd);
	c->fd = -1;
}

static void client_read(struct daemon *d, struct client *c)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->len += n;
	if (n <= 0 || memchr(c->buf, '\n', c->len) || c->len == sizeof(c->buf) - 1) {
		if (c->len == sizeof(c->buf) - 1 && !memchr(c->buf, '\n', c->len)) {
			tell(c->fd, "error: ctl:1:command: longer than 4095 bytes\n");
			close(c->fd);
			c->fd = -1;
			return;
		}
		client_answer(d, c);
	}
}

static int run(struct daemon *d)
{
	struct pollfd p[3 + MAX_CLIENTS];
	struct signalfd_siginfo si;
	int i, n, map[MAX_CLIENTS], ret = 0;
	char err[512];
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	d->rbuf = malloc(RECV_BUF);
	if (d->sigfd < 0 || !d->rbuf) {
		fprintf(stderr, "loom-medium: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < MAX_CLIENTS; i++)
		d->clients[i].fd = -1;
	if (nl_open(d))
		return 1;
	d->ctlfd = lm_ctl_listen(d->ctl_path, err, sizeof(err));
	if (d->ctlfd < 0) {
		fprintf(stderr, "loom-medium: control socket %s\n", err);
		return 1;
	}
	if (nl_register(d)) {
		close(d->ctlfd);
		unlink(d->ctl_path);
		return 1;
	}
	fprintf(stderr, "loom-medium: registered with mac80211_hwsim; %u radios; control socket %s\n",
		d->m.n, d->ctl_path);

	for (;;) {
		/* A client gets CLIENT_S to say what it wants. */
		for (i = 0; i < MAX_CLIENTS; i++) {
			struct client *c = &d->clients[i];

			if (c->fd >= 0 && now_s() - c->since > CLIENT_S) {
				tell(c->fd, "error: ctl:1:command: none within 5 s\n");
				close(c->fd);
				c->fd = -1;
			}
		}
		p[0] = (struct pollfd){ .fd = d->nlfd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = d->sigfd, .events = POLLIN };
		p[2] = (struct pollfd){ .fd = d->ctlfd, .events = POLLIN };
		n = 3;
		for (i = 0; i < MAX_CLIENTS; i++) {
			if (d->clients[i].fd < 0)
				continue;
			map[n - 3] = i;
			p[n++] = (struct pollfd){ .fd = d->clients[i].fd, .events = POLLIN };
		}
		if (poll(p, n, n > 3 ? 1000 : -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "loom-medium: poll: %s\n", strerror(errno));
			ret = 1;
			break;
		}
		if (p[0].revents && nl_drain(d)) {
			ret = 1;
			break;
		}
		if (d->io.family_gone) {
			fprintf(stderr, "loom-medium: mac80211_hwsim was unloaded; leaving\n");
			ret = 1;
			break;
		}
		if (p[1].revents & POLLIN) {
			if (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
				/* What the kernel already sent still gets its
				 * answer; then the socket closes. */
				nl_drain(d);
				fprintf(stderr, "loom-medium: %s: leaving; %llu frames decided, %llu invalid, %llu unknown transmitters\n",
					strsignal(si.ssi_signo),
					(unsigned long long)d->m.st.frames,
					(unsigned long long)d->m.st.invalid,
					(unsigned long long)d->m.st.unknown_tx);
				break;
			}
		}
		if (p[2].revents & POLLIN)
			client_add(d);
		for (i = 3; i < n; i++)
			if (p[i].revents)
				client_read(d, &d->clients[map[i - 3]]);
	}
	nl_socket_free(d->sk);
	d->sk = NULL;
	for (i = 0; i < MAX_CLIENTS; i++)
		if (d->clients[i].fd >= 0)
			close(d->clients[i].fd);
	close(d->ctlfd);
	unlink(d->ctl_path);
	return ret;
}

static int check(int argc, char **argv)
{
	struct lm_medium m;
	char err[512];
	bool json = false;
	int c, ret;

	optind = 1;
	while ((c = getopt(argc, argv, "+j")) != -1) {
		if (c != 'j') {
			usage(stderr);
			return 2;
		}
		json = true;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "loom-medium: check needs one FILE\n");
		return 2;
	}
	lm_init(&m);
	ret = lm_conf_file(&m, argv[optind], err, sizeof(err));
	if (ret)
		fprintf(stderr, "loom-medium: %s\n", err);
	else
		lm_show(&m, stdout, json, false);
	lm_free(&m);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *conf = NULL, *sock = LM_CTL_DEFAULT;
	static struct daemon d;
	int c, verbose = 0, ret;
	char err[512];

	if (argc > 1 && !strcmp(argv[1], "check"))
		return check(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "ctl")) {
		optind = 1;
		argc--;
		argv++;
		while ((c = getopt(argc, argv, "+S:")) != -1) {
			if (c != 'S') {
				usage(stderr);
				return 2;
			}
			sock = optarg;
		}
		return lm_ctl_client(sock, argc - optind, argv + optind);
	}
	while ((c = getopt_long(argc, argv, "+c:S:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			conf = optarg;
			break;
		case 'S':
			sock = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("loom-medium %s\n", LOOM_MEDIUM_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc && strcmp(argv[optind], "run")) {
		fprintf(stderr, "loom-medium: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (optind + 1 < argc) {
		fprintf(stderr, "loom-medium: run takes no arguments\n");
		return 2;
	}
	lm_init(&d.m);
	if (conf && lm_conf_file(&d.m, conf, err, sizeof(err))) {
		fprintf(stderr, "loom-medium: %s\n", err);
		return 1;
	}
	d.ctl_path = sock;
	d.verbose = verbose;
	ret = run(&d);
	lm_io_free(&d.io);
	lm_free(&d.m);
	free(d.rbuf);
	return ret;
}
