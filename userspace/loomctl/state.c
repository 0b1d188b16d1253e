// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl state save and restore: a running node's timing kept in a file
 * across a power cycle, and the node started again from it.
 *
 * "save" reads LOOM_ATTR_STATE from the node's NODE_GET reply and writes
 * it (state_file.c); "restore" checks the file before anything is sent,
 * then starts the node with it (NODE_START with LOOM_ATTR_STATE).  The
 * kernel refuses a state that does not fit the node with ESTALE and says
 * why.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "run.h"
#include "run_msg.h"
#include "state_file.h"

/* "state" commands print files, never tables: -j means nothing here. */
static int no_json(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd,
		   const struct loomctl_opts *opts)
{
	if (!opts->json)
		return 0;
	return loomctl_usage_error(grp, cmd, "-j: the state file is JSON already");
}

/*
 * @node's state @st into @path: a new file beside it first, renamed over
 * @path once complete, so a power cut never leaves half a state.  0, or
 * -1 after saying why.
 */
static int write_path(const char *path, const char *node,
		      const struct run_state *st)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + sizeof(".XXXXXX"));
	FILE *f = NULL;
	mode_t mask;
	int fd, err;

	if (!tmp) {
		loomctl_err("state save: %s", strerror(ENOMEM));
		return -1;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd >= 0)
		f = fdopen(fd, "w");
	if (!f) {
		loomctl_err("state save: cannot create %s: %s", tmp,
			    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return -1;
	}
	/* mkstemp() makes it 0600: the mode any new file would have. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	err = state_file_write(f, node, st, time(NULL));
	if (!err && (fflush(f) || fsync(fd)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		loomctl_err("state save: cannot write %s: %s", path,
			    strerror(-err));
		unlink(tmp);
	}
	free(tmp);
	return err ? -1 : 0;
}

static int do_state_save(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "NODE", "FILE" };
	char why[RUN_ERR_MAX];
	struct loom_nl nl;
	struct run_node nd;
	const char *path;
	int i, err;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 2, 2, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (no_json(grp, cmd, opts))
		return LOOMCTL_EXIT_USAGE;
	if (run_check_name(argv[i], why, sizeof(why)))
		return loomctl_usage_error(grp, cmd, "NODE \"%s\": %s",
					   argv[i], why);
	path = argv[i + 1];
	if (!*path)
		return loomctl_usage_error(grp, cmd, "FILE \"\": empty");
	if (loom_nl_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = run_get_node(&nl, "state save", argv[i], NULL, &nd);
	loom_nl_close(&nl);
	if (err)
		return LOOMCTL_EXIT_FAIL;
	if (!nd.has_state) {
		loomctl_err("state save: node \"%s\" has no network timing to save (not synced yet)",
			    nd.name);
		return LOOMCTL_EXIT_FAIL;
	}
	if (strcmp(path, "-"))
		return write_path(path, nd.name, &nd.state) ?
		       LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
	err = state_file_write(stdout, nd.name, &nd.state, time(NULL));
	if (err)
		loomctl_err("state save: cannot write standard output: %s",
			    strerror(-err));
	return err ? LOOMCTL_EXIT_FAIL : LOOMCTL_EXIT_OK;
}

static int do_state_restore(const struct loomctl_group *grp,
			    const struct loomctl_cmd *cmd,
			    struct loomctl_opts *opts, int argc, char **argv)
{
	const char *name, *radio, *path;
	struct state_file sf;
	struct nl_msg *msg;
	struct loom_nl nl;
	char *err;
	int i, ret;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	err = malloc(LOOMCTL_ERR_MAX);
	if (!err) {
		loomctl_err("out of memory");
		return LOOMCTL_EXIT_FAIL;
	}
	ret = LOOMCTL_EXIT_USAGE;
	if (run_parse_start(argc - i, argv + i, &name, &radio, &path, err,
			    LOOMCTL_ERR_MAX)) {
		loomctl_usage_error(grp, cmd, "%s", err);
		goto out;
	}
	if (no_json(grp, cmd, opts))
		goto out;
	/* The file, checked before the socket: FILE:LINE:COL errors. */
	ret = LOOMCTL_EXIT_FAIL;
	if (state_file_read(path, name, &sf, err, LOOMCTL_ERR_MAX)) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (loom_nl_open(&nl))
		goto out;
	msg = run_node_msg(&nl, LOOM_CMD_NODE_START, name, radio);
	if (msg && run_msg_put_state(msg, &sf.st)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	ret = loom_nl_fetch(&nl, msg, NULL);
	if (ret == -ESTALE) {
		/* strerror() would say "Stale file handle". */
		loomctl_err("state restore: %s does not fit node \"%s\": %s",
			    path, name,
			    nl.extack[0] ? nl.extack : "the kernel refused it");
		loom_nl_close(&nl);
		ret = LOOMCTL_EXIT_FAIL;
		goto out;
	}
	ret = loom_nl_finish(&nl, grp, cmd, ret);
out:
	free(err);
	return ret;
}

static const struct loomctl_cmd state_cmds[] = {
	{
		.name = "save",
		.args = "NODE FILE",
		.help = "write the network timing of the running node NODE to FILE (\"-\": standard output)",
		.fn = do_state_save,
	},
	{
		.name = "restore",
		.args = "NODE radio RADIO FILE",
		.help = "start NODE on RADIO from the state \"save\" wrote to FILE",
		.fn = do_state_restore,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_state_group = {
	.name = "state",
	.help = "keep a node's network timing across a power cycle",
	.cmds = state_cmds,
	.notes =
		"A node with the network's timing (synced) can save it: its address, the\n"
		"refresh period, when the next period begins, the clock it ran on (real or\n"
		"virtual) and the frame id of its next datagram, as a small JSON file.\n"
		"Restored, the node starts with that timing instead of waiting for its\n"
		"parent's refresh.  The file must be NODE's; the kernel refuses a state of\n"
		"another address, another period or another kind of clock, and says which.\n"
		"FILE may be \"-\" for standard output (save) or input (restore).\n",
	.examples =
		"  loomctl state save \"Router 1\" /var/lib/loom/router1.json\n"
		"  loomctl state restore \"Router 1\" radio hwsim2 /var/lib/loom/router1.json\n",
};
