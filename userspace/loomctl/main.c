// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl: configure the Loom kernel networking stack.
 *
 *   loomctl [OPTIONS] OBJECT COMMAND [ARGUMENTS]
 *
 * Each OBJECT is a group of commands in its own file; adding one means
 * adding its struct loomctl_group to groups[] below.  An object may be a
 * command itself ("loomctl schedule [OPTIONS] [FILE]").
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <linux/loom.h>

#include "loomctl.h"

static const struct loomctl_group *const groups[] = {
	&loomctl_topology_group,
	&loomctl_radio_group,
	&loomctl_node_group,
	&loomctl_send_group,
	&loomctl_recv_group,
	&loomctl_ping_group,
	&loomctl_link_group,
	&loomctl_mesh_group,
	&loomctl_stats_group,
	&loomctl_state_group,
	&loomctl_monitor_group,
	&loomctl_hwsim_group,
	&loomctl_schedule_group,
	&loomctl_sniff_group,
	&loomctl_lml_group,
};

#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: loomctl [-j [-p]] OBJECT COMMAND [ARGUMENTS]\n"
		"       loomctl help [OBJECT [COMMAND]]\n"
		"       loomctl -V | --version\n");
	/* Objects that are commands themselves. */
	for (i = 0; i < NGROUPS; i++)
		if (groups[i]->cmd)
			fprintf(f, "       loomctl %s %s\n", groups[i]->name,
				groups[i]->cmd->args);
	fprintf(f,
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

/* Why find_cmd() found no command. */
enum find_fail {
	FIND_UNKNOWN,
	FIND_AMBIGUOUS,
	FIND_MISSING,	/* the words ran out inside a name ("radio") */
};

/* The @i-th word of @name: its length, 0 past the last; *@w its start. */
static size_t name_word(const char *name, int i, const char **w)
{
	const char *p = name;
	size_t l = strcspn(p, " ");

	for (; i > 0; i--) {
		if (!p[l])
			return 0;
		p += l + 1;
		l = strcspn(p, " ");
	}
	*w = p;
	return l;
}

/* Do the first @n words of @c's name read @pick? */
static bool name_starts(const struct loomctl_cmd *c, const char *const *pick,
			const size_t *pickl, int n)
{
	const char *w;
	int i;

	for (i = 0; i < n; i++)
		if (name_word(c->name, i, &w) != pickl[i] ||
		    strncmp(w, pick[i], pickl[i]))
			return false;
	return true;
}

/* Is the @level-th word @w of @c that of a command before it, too? */
static bool said_before(const struct loomctl_group *grp,
			const struct loomctl_cmd *c, const char *const *pick,
			const size_t *pickl, int level, const char *w, size_t l)
{
	const struct loomctl_cmd *b;
	const char *bw;

	for (b = grp->cmds; b != c; b++)
		if (name_starts(b, pick, pickl, level) &&
		    name_word(b->name, level, &bw) == l && !strncmp(bw, w, l))
			return true;
	return false;
}

/*
 * The command named by the words at @argv, a name of several words
 * ("radio add") matched word by word: exactly, or by a prefix that fits
 * only one of the words still possible.  *@used gets how many words the
 * name took; on failure, the number of words up to the one at fault, with
 * the reason in *@why and, when the words ran out, the possible next
 * words in @next ("add, set, del").
 */
static const struct loomctl_cmd *find_cmd(const struct loomctl_group *grp,
					  int argc, char **argv, int *used,
					  enum find_fail *why, char *next,
					  size_t len)
{
	const char *pick[LOOMCTL_CMD_WORDS], *w, *found;
	size_t pickl[LOOMCTL_CMD_WORDS], l, wl, foundl, o;
	const struct loomctl_cmd *c;
	bool amb, exact;
	int level;

	for (level = 0; level < LOOMCTL_CMD_WORDS; level++) {
		*used = level + 1;
		if (level >= argc) {
			*used = level;
			*why = FIND_MISSING;
			o = 0;
			next[0] = '\0';
			for (c = grp->cmds; c->name && o < len; c++) {
				l = name_word(c->name, level, &w);
				if (!l || !name_starts(c, pick, pickl, level) ||
				    said_before(grp, c, pick, pickl, level,
						w, l))
					continue;
				o += snprintf(next + o, len - o, "%s%.*s",
					      o ? ", " : "", (int)l, w);
			}
			return NULL;
		}
		wl = strlen(argv[level]);
		found = NULL;
		foundl = 0;
		amb = false;
		exact = false;
		for (c = grp->cmds; c->name && !exact; c++) {
			if (!name_starts(c, pick, pickl, level))
				continue;
			l = name_word(c->name, level, &w);
			if (!l || !wl || wl > l || strncmp(w, argv[level], wl))
				continue;
			exact = l == wl;
			if (found && !exact &&
			    (foundl != l || strncmp(found, w, l)))
				amb = true;
			found = w;
			foundl = l;
		}
		if (!found || (amb && !exact)) {
			*why = found ? FIND_AMBIGUOUS : FIND_UNKNOWN;
			return NULL;
		}
		pick[level] = found;
		pickl[level] = foundl;
		for (c = grp->cmds; c->name; c++)
			if (name_starts(c, pick, pickl, level + 1) &&
			    !name_word(c->name, level + 1, &w))
				return c;
	}
	*why = FIND_UNKNOWN;
	return NULL;
}

/*
 * The command at @argv, or NULL after printing why (exit code in *@ret):
 * usage for "help", else a usage error.  @help_ok: a name cut short
 * prints the group's usage instead ("loomctl help hwsim radio").
 */
static const struct loomctl_cmd *resolve(const struct loomctl_group *grp,
					 int argc, char **argv, int *used,
					 bool help_ok, int *ret)
{
	const struct loomctl_cmd *cmd;
	enum find_fail why;
	char next[256], words[256];
	int i, o = 0;

	cmd = find_cmd(grp, argc, argv, used, &why, next, sizeof(next));
	if (cmd)
		return cmd;
	if (why == FIND_MISSING ? help_ok : !strcmp(argv[*used - 1], "help")) {
		loomctl_group_usage(stdout, grp, NULL);
		*ret = LOOMCTL_EXIT_OK;
		return NULL;
	}
	words[0] = '\0';
	for (i = 0; i < *used && o < (int)sizeof(words); i++)
		o += snprintf(words + o, sizeof(words) - o, "%s%s",
			      i ? " " : "", argv[i]);
	if (why == FIND_MISSING)
		*ret = loomctl_usage_error(grp, NULL,
					   "missing command after '%s' (%s)",
					   words, next);
	else
		*ret = loomctl_usage_error(grp, NULL, "%s command '%s'",
					   why == FIND_AMBIGUOUS ?
					   "ambiguous" : "unknown", words);
	return NULL;
}

/* Help for "[OBJECT [COMMAND]]" on stdout; exit code. */
static int help(int argc, char **argv)
{
	const struct loomctl_group *grp;
	const struct loomctl_cmd *cmd = NULL;
	int used, ret;
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
	if (argc > 1 && strcmp(argv[1], "help") && !grp->cmd) {
		cmd = resolve(grp, argc - 1, argv + 1, &used, true, &ret);
		if (!cmd)
			return ret;
	}
	loomctl_group_usage(stdout, grp, cmd);
	return LOOMCTL_EXIT_OK;
}

/* Words kept for help: the object and a command of several words. */
#define HELP_WORDS	(1 + LOOMCTL_CMD_WORDS)

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
		else if (argv[i][0] != '-' && *nwords < HELP_WORDS)
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
	char *words[HELP_WORDS];
	int c, nwords, used, ret;
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
	if (grp->cmd) {
		/* "loomctl schedule help" as for any object. */
		if (optind + 1 < argc && !strcmp(argv[optind + 1], "help")) {
			loomctl_group_usage(stdout, grp, NULL);
			return LOOMCTL_EXIT_OK;
		}
		return grp->cmd->fn(grp, grp->cmd, &opts, argc - optind,
				    argv + optind);
	}
	optind++;
	if (optind >= argc)
		return loomctl_usage_error(grp, NULL, "missing command");
	if (!strcmp(argv[optind], "help")) {
		loomctl_group_usage(stdout, grp, NULL);
		return LOOMCTL_EXIT_OK;
	}
	cmd = resolve(grp, argc - optind, argv + optind, &used, false, &ret);
	if (!cmd)
		return ret;
	/* argv[0] of the command: the last word of its name. */
	optind += used - 1;
	return cmd->fn(grp, cmd, &opts, argc - optind, argv + optind);
}
