// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's commands and its client (see ctl.h).  Beside the
 * configuration statements (conf.c), a running medium takes:
 *
 *   show [-j]     the model, radios, links and counters
 *   reset         zero every counter
 *   help          the commands
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"

static const char help[] =
	"medium [exponent N] [ref-loss DB] [sigma DB] [fading DB] [noise DBM] [threshold DBM] [txpower DBM] [seed N]\n"
	"radio NAME [addr MAC | phy PHY] [pos X Y [Z]] [txpower DBM|default]\n"
	"link A B [cut | restore] [loss PCT|off] [signal DBM|off] [clear] [both]\n"
	"show [-j]\n"
	"reset\n"
	"help\n";

int lm_ctl_exec(struct lm_medium *m, bool registered, char *line, FILE *out)
{
	char first[16] = "", opt[16] = "", extra[2] = "", err[512];
	int n, ret;

	n = sscanf(line, "%15s %15s %1s", first, opt, extra);
	if (!strcmp(first, "show")) {
		if (n > 2 || (n == 2 && strcmp(opt, "-j"))) {
			fprintf(out, "error: ctl:1:show: takes only -j\n");
			return -EINVAL;
		}
		fprintf(out, "ok\n");
		lm_show(m, out, n == 2, registered);
		return 0;
	}
	if (!strcmp(first, "reset") || !strcmp(first, "help")) {
		if (n > 1) {
			fprintf(out, "error: ctl:1:%s: takes no arguments\n", first);
			return -EINVAL;
		}
		fprintf(out, "ok\n");
		if (first[0] == 'r')
			lm_reset_counters(m);
		else
			fputs(help, out);
		return 0;
	}
	ret = lm_conf_line(m, "ctl", 1, line, err, sizeof(err));
	if (ret < 0) {
		fprintf(out, "error: %s\n", err);
		return ret;
	}
	if (ret > 0) {
		fprintf(out, "error: ctl:1:command: empty (try help)\n");
		return -EINVAL;
	}
	fprintf(out, "ok\n");
	return 0;
}

static int ctl_addr(const char *path, struct sockaddr_un *sa, char *err,
		    size_t errlen)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

int lm_ctl_listen(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	int fd, probe, e;

	e = ctl_addr(path, &sa, err, errlen);
	if (e)
		return e;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		e = -errno;
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return e;
	}
	e = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	if (e == EADDRINUSE) {
		/* A medium that is alive answers; a dead one left a file. */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && !connect(probe, (struct sockaddr *)&sa, sizeof(sa))) {
			close(probe);
			close(fd);
			snprintf(err, errlen, "%s: another loom-medium is listening there", path);
			return -EADDRINUSE;
		}
		if (probe >= 0)
			close(probe);
		unlink(path);
		e = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	}
	if (e) {
		snprintf(err, errlen, "%s: bind: %s", path, strerror(e));
		close(fd);
		return -e;
	}
	/* The medium decides every frame: only its owner may steer it. */
	if (chmod(path, 0600) || listen(fd, 16)) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return e;
	}
	return fd;
}

int lm_ctl_client(const char *path, int argc, char **argv)
{
	char line[LM_CTL_LINE_MAX], err[256], *reply = NULL, *body;
	size_t len = 0, cap = 0;
	struct sockaddr_un sa;
	int fd, i, ok;
	ssize_t n;

	if (argc < 1) {
		fprintf(stderr, "loom-medium: ctl: needs a command (loom-medium ctl help)\n");
		return 2;
	}
	line[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (!argv[i][0] || strpbrk(argv[i], " \t\r\n")) {
			fprintf(stderr, "loom-medium: ctl: word %d ('%s') is empty or holds a blank\n",
				i + 1, argv[i]);
			return 2;
		}
		if (strlen(line) + strlen(argv[i]) + 2 >= sizeof(line)) {
			fprintf(stderr, "loom-medium: ctl: command longer than %d bytes\n",
				LM_CTL_LINE_MAX - 1);
			return 2;
		}
		if (i)
			strcat(line, " ");
		strcat(line, argv[i]);
	}
	strcat(line, "\n");
	if (ctl_addr(path, &sa, err, sizeof(err))) {
		fprintf(stderr, "loom-medium: ctl: %s\n", err);
		return 1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "loom-medium: ctl: %s: %s (is loom-medium running?)\n",
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		fprintf(stderr, "loom-medium: ctl: %s: write: %s\n", path, strerror(errno));
		close(fd);
		return 1;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *p = realloc(reply, cap ? cap * 2 : 65536);

			if (!p) {
				fprintf(stderr, "loom-medium: ctl: out of memory\n");
				free(reply);
				close(fd);
				return 1;
			}
			reply = p;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fd, reply + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	if (!reply || n < 0 || !len) {
		fprintf(stderr, "loom-medium: ctl: %s: no answer\n", path);
		free(reply);
		return 1;
	}
	reply[len] = '\0';
	body = strchr(reply, '\n');
	if (body)
		*body++ = '\0';
	ok = !strcmp(reply, "ok");
	if (!ok)
		fprintf(stderr, "loom-medium: %s\n",
			strncmp(reply, "error: ", 7) ? reply : reply + 7);
	if (body)
		fputs(body, stdout);
	free(reply);
	return ok ? 0 : 1;
}
