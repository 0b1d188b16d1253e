// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the kernel's topology (libloom's loom_topo_read()), with the
 * reason printed when it cannot be read.
 */
#include <errno.h>

#include "loomctl.h"
#include "topo_get.h"

int topo_get_loaded(struct loom_nl *nl, const char *what, u32 *generation,
		    struct loom_topology **t)
{
	int err = loom_topo_read(nl, generation, t);

	if (err == -EAGAIN) {
		loomctl_err("%s: the topology kept changing while it was read; try again",
			    what);
		return -1;
	}
	if (err) {
		loom_nl_report(nl, what, err);
		return -1;
	}
	return 0;
}
