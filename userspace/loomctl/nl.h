/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loomctl's side of the generic netlink plumbing (lib/loom_nl.h): opening
 * a family and reporting a failed request, both on standard error.
 */
#ifndef _LOOMCTL_NL_H
#define _LOOMCTL_NL_H

#include "loom_nl.h"

/*
 * Opens the socket and resolves the family, which makes the kernel load
 * the module (by its genl family alias) for a privileged caller.  Prints
 * the reason and returns -1 on failure.
 */
int loom_nl_open(struct loom_nl *nl);
/*
 * The same for another family of the project: @name is also the module
 * to load ("loom_hwsim"), @version goes into the requests.
 */
int loom_nl_open_family(struct loom_nl *nl, const char *name, int version);

/*
 * Prints why request @what ("topology clear") failed with -@err:
 * "loomctl: WHAT: strerror: extack" when the kernel said why, with a
 * CAP_NET_ADMIN hint for a bare EPERM.
 */
void loom_nl_report(const struct loom_nl *nl, const char *what, int err);

struct loomctl_group;
struct loomctl_cmd;

/*
 * Ends a command that talked to the kernel: reports a non-zero @err as
 * "loomctl: GROUP CMD: ..." (loom_nl_report()), closes @nl and returns
 * the exit code.
 */
int loom_nl_finish(struct loom_nl *nl, const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, int err);

#endif /* _LOOMCTL_NL_H */
