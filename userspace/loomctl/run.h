/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands about running nodes share across files: run.c's
 * "send", ping.c's "ping", link.c's "link" and state.c's "state" all act
 * on one node.
 */
#ifndef _LOOMCTL_RUN_H
#define _LOOMCTL_RUN_H

#include "nl.h"
#include "run_parse.h"

/* A request naming node @name (and @radio, if not NULL); NULL if no memory. */
struct nl_msg *run_node_msg(struct loom_nl *nl, int cmd, const char *name,
			    const char *radio);

/* run_get_node()'s @hint for a command that takes "from NODE". */
#define RUN_HINT_FROM(what)	"say which " what "s with 'from NODE'"

/*
 * The running node @name into @nd (LOOM_CMD_NODE_GET), or with @name NULL
 * the only node running in this network namespace (a dump).  Returns 0,
 * or -1 after saying why not on standard error, @what ("ping") first:
 * the kernel's reason, no node running, or several, with @hint on how
 * to name one (RUN_HINT_FROM("ping"): "say which pings with 'from
 * NODE'").
 */
int run_get_node(struct loom_nl *nl, const char *what, const char *name,
		 const char *hint, struct run_node *nd);

#endif /* _LOOMCTL_RUN_H */
