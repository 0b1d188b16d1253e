// SPDX-License-Identifier: GPL-2.0
/*
 * runas - run a command as the unprivileged user nobody (uid/gid 65534).
 *
 * The integration VM has only busybox, which lacks chpst/setuidgid; this
 * is linked statically so it needs nothing else from the initramfs.
 *
 * Usage: runas PROG [ARG]...
 */
#include <grp.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#define NOBODY 65534

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: runas PROG [ARG]...\n");
		return 127;
	}

	/* Groups first: after setuid() we could no longer drop them. */
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) {
		perror("runas: dropping privileges");
		return 127;
	}
	/* A test that still ran as root would pass for the wrong reason. */
	if (getuid() != NOBODY || geteuid() != NOBODY || setuid(0) == 0) {
		fprintf(stderr, "runas: privileges not dropped\n");
		return 127;
	}

	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
