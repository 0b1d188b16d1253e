/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket: a UNIX stream socket on which a client writes one
 * command line and reads the answer, "ok" or "error: MESSAGE" on the
 * first line and the command's output after it.
 */
#ifndef _LOOM_MEDIUM_CTL_H
#define _LOOM_MEDIUM_CTL_H

#include "medium.h"

#define LM_CTL_DEFAULT	"/run/loom-medium.sock"
#define LM_CTL_LINE_MAX	4096

/* Runs command @line (modified) on @m, writing the answer to @out.
 * Returns 0, or -EINVAL when the answer is an error. */
int lm_ctl_exec(struct lm_medium *m, bool registered, char *line, FILE *out);

/* Binds and listens on @path (a stale socket is replaced, a live one is
 * an error).  Returns the socket or -errno, with the reason in @err. */
int lm_ctl_listen(const char *path, char *err, size_t errlen);

/* "loom-medium ctl": sends @argv joined by blanks, prints the answer;
 * returns the exit status. */
int lm_ctl_client(const char *path, int argc, char **argv);

#endif /* _LOOM_MEDIUM_CTL_H */
