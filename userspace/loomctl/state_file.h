/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node's saved state as a file: what "state save" writes and "state
 * restore" reads, a small JSON object:
 *
 *   {
 *     "node": "Router 1",
 *     "address": "0x1000",
 *     "period_ns": 60000000000,
 *     "next_refresh_ns": 1767225600000000000,
 *     "clock": "real",
 *     "frame_id": 17,
 *     "saved_at": "2026-01-01T00:00:00Z"
 *   }
 *
 * "saved_at" is for people and is not read back.  Every error reads
 * FILE:LINE:COL: message.  No netlink here.
 */
#ifndef _LOOMCTL_STATE_FILE_H
#define _LOOMCTL_STATE_FILE_H

#include <stdio.h>
#include <time.h>

#include "run_parse.h"

/* A state file is a few hundred bytes; refuse anything much larger. */
#define STATE_FILE_MAX		(64u << 10)

/**
 * struct state_file - what a state file holds
 * @node: the node's name
 * @st: its state
 */
struct state_file {
	char node[LOOM_NAME_MAX + 1];
	struct run_state st;
};

/*
 * The state @st of node @node, saved at @saved_at (its "saved_at", in
 * UTC), as the file's JSON on @f.  Returns 0, -ENOMEM, or -EIO when @f
 * failed.
 */
int state_file_write(FILE *f, const char *node, const struct run_state *st,
		     time_t saved_at);

/*
 * Parses @len bytes of @text as the state file @file into @sf.  With
 * @node not NULL, the file must be that node's.  Returns 0, or -1 with
 * "FILE:LINE:COL: message" in @err.
 */
int state_file_parse(const char *file, const char *text, size_t len,
		     const char *node, struct state_file *sf, char *err,
		     size_t errlen);

/* Reads @path ("-": standard input) and parses it, as above. */
int state_file_read(const char *path, const char *node,
		    struct state_file *sf, char *err, size_t errlen);

#endif /* _LOOMCTL_STATE_FILE_H */
