/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands about running nodes share across files: run.c's
 * "send", ping.c's "ping", link.c's "link" and state.c's "state" all act
 * on one node.
 */
#ifndef _LOOMCTL_RUN_H
#define _LOOMCTL_RUN_H

#include <signal.h>
#include <stdint.h>

#include "nl.h"
#include "ping_parse.h"
#include "run_parse.h"

/* A request naming node @name (and @radio, if not NULL); NULL if no memory. */
struct nl_msg *run_node_msg(struct loom_nl *nl, int cmd, const char *name,
			    const char *radio);

/*
 * The running node @name (LOOM_CMD_NODE_GET), or with @name NULL every
 * node of this network namespace (a dump), into @r (struct run_node
 * items; free() @r->items).  Returns 0 or the request's negative errno.
 */
int run_get_nodes(struct loom_nl *nl, const char *name,
		  struct loom_nl_replies *r);

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

/*
 * "ping" and "mesh ping": CLOCK_MONOTONIC in ns, and Ctrl-C (SIGINT,
 * SIGTERM) setting run_interrupted, so the summary still prints.
 */
uint64_t run_now_ns(void);
void run_catch_signals(void);
extern volatile sig_atomic_t run_interrupted;

/*
 * DEST of "send" and "ping" from the node @nd: for a mesh node a 48-bit
 * address or a hosts-file name (mesh_parse_dest()), for a tree node a
 * name of the loaded topology (read into *@t, NULL if none: free it) or
 * a hex address.  Returns 0, or the exit code after saying why (a bad
 * DEST is a usage error).
 */
int run_resolve_dest(struct loom_nl *nl, const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, const struct run_node *nd,
		     const char *dest, struct run_addr *dst,
		     struct loom_topology **t);

/**
 * struct run_ping_opts - what run_ping_opt() needs
 * @grp: the command's group, for its messages
 * @cmd: the command
 * @a: what it fills
 */
struct run_ping_opts {
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd;
	struct ping_args *a;
};

/*
 * The loomctl_opt_fn of "ping", "mesh ping" and "mesh traceroute": one
 * option into @arg's (struct run_ping_opts) ping_args
 * (ping_parse_option()); 0, or exit code 2 after the usage error.
 */
int run_ping_opt(int c, const char *val, void *arg);

/* A NAME operand checked: 0, or -1 after a usage error naming it. */
int run_name_operand(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, const char *s);

#endif /* _LOOMCTL_RUN_H */
