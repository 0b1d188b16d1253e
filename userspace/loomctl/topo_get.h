/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the topology loaded in the kernel (LOOM_CMD_TOPO_GET): what
 * "topology show" prints and "schedule" times.
 */
#ifndef _LOOMCTL_TOPO_GET_H
#define _LOOMCTL_TOPO_GET_H

#include "loom_int.h"
#include "nl.h"

/*
 * loom_topo_read() over @nl: *@t gets the topology (free with
 * loom_topo_free()), or NULL when none is loaded.  Returns 0, or -1 after
 * printing why, @what ("topology show") first.
 */
int topo_get_loaded(struct loom_nl *nl, const char *what, u32 *generation,
		    struct loom_topology **t);

#endif /* _LOOMCTL_TOPO_GET_H */
