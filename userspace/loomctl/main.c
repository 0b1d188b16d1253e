// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl: configure the Loom kernel networking stack.
 *
 *   loomctl [OPTIONS] OBJECT COMMAND [ARGUMENTS]
 *
 * Each OBJECT is a group of commands in its own file; adding one means
 * adding its struct loomctl_group to groups[] below.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <linux/loom.h>

#include "loomctl.h"

static const struct loomctl_group *const groups[] = {
	&loomctl_topology_group,
	&loomctl_monitor_group,
};

#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: loomctl [-j [-p]] OBJECT COMMAND [ARGUMENTS]\n"
		"       loomctl help [OBJECT [COMMAND]]\n"
		"       loomctl -V | --version\n"
		"\n"
		"Configure the Loom kernel networking stack (generic netlink family \"%s\").\n"
		"\n"
		"Objects:\n", LOOM_GENL_NAME);
	for (i = 0; i < NGROUPS; i++)
		fprintf(f, "  %-10s  %s\n", groups[i]->name, groups[i]->help);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json     print JSON instead of a table\n"
		"  -p, --pretty   indent the JSON (implies -j)\n"
		"  -h, --help     help for the object or command given\n"
		"  -V, --version  print the version\n"
		"\n"
		"Examples:\n");
	for (i = 0; i < NGROUPS; i++)
		fputs(groups[i]->examples, f);
	fprintf(f,
		"\n"
		"'loomctl OBJECT help' lists the commands of an object; see loomctl(8).\n");
}

/*
 * Names match exactly, or by a prefix that fits only one of them ("topo"
 * for topology).  Returns how well @word names @name: 2 exactly, 1 as a
 * prefix, 0 not at all.
 */
static int match(const char *name, const char *word)
{
	size_t l = strlen(word);

	if (!strcmp(name, word))
		return 2;
	return l && !strncmp(name, word, l);
}

static const struct loomctl_group *find_group(const char *word, bool *amb)
{
	const struct loomctl_group *found = NULL;
	size_t i;
	int n = 0;

	*amb = false;
	for (i = 0; i < NGROUPS; i++) {
		int m = match(groups[i]->name, word);

		if (m == 2)
			return groups[i];
		if (m && !n++)
			found = groups[i];
	}
	*amb = n > 1;
	return n == 1 ? found : NULL;
}

static const struct loomctl_cmd *find_cmd(const struct loomctl_group *grp,
					  const char *word, bool *amb)
{
	const struct loomctl_cmd *c, *found = NULL;
	int n = 0;

	*amb = false;
	for (c = grp->cmds; c->name; c++) {
		int m = match(c->name, word);

		if (m == 2)
			return c;
		if (m && !n++)
			found = c;
	}
	*amb = n > 1;
	return n == 1 ? found : NULL;
}

/* Help for "[OBJECT [COMMAND]]" on stdout; exit code. */
static int help(int argc, char **argv)
{
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd = NULL;
	bool amb;

	if (argc < 1) {
		usage(stdout);
		return LOOMCTL_EXIT_OK;
	}
	grp = find_group(argv[0], &amb);
	if (!grp)
		return loomctl_usage_error(NULL, NULL, "%s object '%s'",
					   amb ? "ambiguous" : "unknown",
					   argv[0]);
	if (argc > 1 && strcmp(argv[1], "help")) {
		cmd = find_cmd(grp, argv[1], &amb);
		if (!cmd)
			return loomctl_usage_error(grp, NULL,
						   "%s command '%s'",
						   amb ? "ambiguous" :
							 "unknown",
						   argv[1]);
	}
	loomctl_group_usage(stdout, grp, cmd);
	return LOOMCTL_EXIT_OK;
}

/*
 * -h/--help anywhere (before "--") asks for help on the object and
 * command named, whatever else is on the line.
 */
static bool wants_help(int argc, char **argv, int *nwords, char **words)
{
	bool found = false;
	int i;

	*nwords = 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			found = true;
		else if (argv[i][0] != '-' && *nwords < 2)
			words[(*nwords)++] = argv[i];
	}
	return found;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct loomctl_opts opts = { 0 };
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd;
	char *words[2];
	int c, nwords;
	bool amb;

	if (wants_help(argc, argv, &nwords, words))
		return help(nwords, words);

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jpV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'p':
			opts.pretty = true;
			opts.json = true;
			break;
		case 'V':
			printf("loomctl %s (generic netlink family \"%s\" version %d)\n",
			       LOOMCTL_VERSION, LOOM_GENL_NAME,
			       LOOM_GENL_VERSION);
			return LOOMCTL_EXIT_OK;
		default:
			if (optopt)
				return loomctl_usage_error(NULL, NULL,
							   "unknown option '-%c'",
							   optopt);
			return loomctl_usage_error(NULL, NULL,
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return LOOMCTL_EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help"))
		return help(argc - optind - 1, argv + optind + 1);

	grp = find_group(argv[optind], &amb);
	if (!grp)
		return loomctl_usage_error(NULL, NULL, "%s object '%s'",
					   amb ? "ambiguous" : "unknown",
					   argv[optind]);
	optind++;
	if (optind >= argc)
		return loomctl_usage_error(grp, NULL, "missing command");
	if (!strcmp(argv[optind], "help")) {
		loomctl_group_usage(stdout, grp, NULL);
		return LOOMCTL_EXIT_OK;
	}
	cmd = find_cmd(grp, argv[optind], &amb);
	if (!cmd)
		return loomctl_usage_error(grp, NULL, "%s command '%s'",
					   amb ? "ambiguous" : "unknown",
					   argv[optind]);
	return cmd->fn(grp, cmd, &opts, argc - optind, argv + optind);
}
