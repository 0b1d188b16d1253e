/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands about running nodes share across files: run.c's
 * "send" and ping.c's "ping" both act from one node.
 */
#ifndef _LOOMCTL_RUN_H
#define _LOOMCTL_RUN_H

#include "nl.h"
#include "run_parse.h"

/*
 * The running node @name into @nd (LOOM_CMD_NODE_GET), or with @name NULL
 * the only node running in this network namespace (a dump).  Returns 0,
 * or -1 after saying why not on standard error, @what ("ping") first:
 * the kernel's reason, no node running, or several ("say which ...
 * with 'from NODE'").
 */
int run_get_node(struct loom_nl *nl, const char *what, const char *name,
		 struct run_node *nd);

#endif /* _LOOMCTL_RUN_H */
