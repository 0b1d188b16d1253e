// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl's netlink messages on standard error: a family that cannot be
 * opened, a request the kernel refused.
 */
#include <errno.h>
#include <string.h>
#include <linux/loom.h>
#include <linux/loom_hwsim.h>

#include "loomctl.h"
#include "nl.h"

/*
 * How to load the module behind a family that is missing.  modprobe finds
 * it (and crc-itu-t, which loom.ko needs) once "make install" ran depmod;
 * insmod from a build tree resolves no dependency, so crc_itu_t first.
 */
static const char *module_hint(const char *name)
{
	if (!strcmp(name, LOOM_HWSIM_GENL_NAME))
		return "modprobe loom_hwsim (after make install), or in the build tree: modprobe crc_itu_t; insmod build/loom.ko; insmod build/loom_hwsim.ko";
	if (!strcmp(name, LOOM_GENL_NAME))
		return "modprobe loom (after make install), or in the build tree: modprobe crc_itu_t; insmod build/loom.ko";
	return NULL;
}

int loom_nl_open_family(struct loom_nl *nl, const char *name, int version)
{
	int ret = loom_nl_connect(nl);

	if (ret) {
		loomctl_err("cannot open a generic netlink socket: %s",
			    strerror(-ret));
		return -1;
	}
	/* The kernel loads the module by its family alias, if it may. */
	ret = loom_nl_resolve(nl, name, version);
	if (ret) {
		if (ret == -EPROTONOSUPPORT && module_hint(name))
			loomctl_err("the %s module is not loaded; as root: %s",
				    name, module_hint(name));
		else if (ret == -EPROTONOSUPPORT)
			loomctl_err("the %s module is not loaded (modprobe %s)",
				    name, name);
		else
			loomctl_err("cannot resolve the \"%s\" netlink family: %s",
				    name, strerror(-ret));
		loom_nl_close(nl);
		return -1;
	}
	return 0;
}

int loom_nl_open(struct loom_nl *nl)
{
	return loom_nl_open_family(nl, LOOM_GENL_NAME, LOOM_GENL_VERSION);
}

void loom_nl_report(const struct loom_nl *nl, const char *what, int err)
{
	if (nl->extack[0])
		loomctl_err("%s: %s: %s", what, strerror(-err), nl->extack);
	else if (err == -EPERM)
		loomctl_err("%s: %s (CAP_NET_ADMIN needed)", what,
			    strerror(EPERM));
	else
		loomctl_err("%s: %s", what, strerror(-err));
}

int loom_nl_finish(struct loom_nl *nl, const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, int err)
{
	char what[64];

	if (err) {
		if (cmd == grp->cmd)
			snprintf(what, sizeof(what), "%s", grp->name);
		else
			snprintf(what, sizeof(what), "%s %s", grp->name,
				 cmd->name);
		loom_nl_report(nl, what, err);
	}
	loom_nl_close(nl);
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}
