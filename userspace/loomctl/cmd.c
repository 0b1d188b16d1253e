// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line conventions shared by every loomctl command: messages,
 * usage text and option parsing.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loomctl.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void loomctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("loomctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void cmd_synopsis(FILE *f, const char *lead,
			 const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd)
{
	if (cmd == grp->cmd)
		fprintf(f, "%sloomctl %s%s%s\n", lead, grp->name,
			*cmd->args ? " " : "", cmd->args);
	else
		fprintf(f, "%sloomctl %s %s%s%s\n", lead, grp->name, cmd->name,
			*cmd->args ? " " : "", cmd->args);
}

/*
 * Widest command head ("load [--no-check] FILE") that keeps its help on
 * the same line; a longer one gets the help on the next line.
 */
#define HEAD_MAX	34

void loomctl_group_usage(FILE *f, const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd)
{
	const struct loomctl_cmd *c;
	size_t w = 0, l;
	const char *lead = "Usage: ";

	if (grp->cmd)
		cmd = grp->cmd;
	if (cmd) {
		cmd_synopsis(f, lead, grp, cmd);
		fprintf(f, "\n%s\n", cmd->help);
		if (grp->notes)
			fprintf(f, "\n%s", grp->notes);
		if (grp->examples)
			fprintf(f, "\nExamples:\n%s", grp->examples);
		return;
	}
	for (c = grp->cmds; c->name; c++) {
		cmd_synopsis(f, lead, grp, c);
		lead = "       ";
		l = strlen(c->name) + (*c->args ? 1 + strlen(c->args) : 0);
		if (l > w && l <= HEAD_MAX)
			w = l;
	}
	fprintf(f, "       loomctl %s help\n\nloomctl %s: %s.\n\nCommands:\n",
		grp->name, grp->name, grp->help);
	for (c = grp->cmds; c->name; c++) {
		char head[128];

		snprintf(head, sizeof(head), "%s%s%s", c->name,
			 *c->args ? " " : "", c->args);
		if (strlen(head) > w)
			fprintf(f, "  %s\n  %-*s  %s\n", head, (int)w, "",
				c->help);
		else
			fprintf(f, "  %-*s  %s\n", (int)w, head, c->help);
	}
	if (grp->notes)
		fprintf(f, "\n%s", grp->notes);
	if (grp->examples)
		fprintf(f, "\nExamples:\n%s", grp->examples);
}

int loomctl_usage_error(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("loomctl: ", stderr);
	if (grp && cmd && cmd != grp->cmd)
		fprintf(stderr, "%s %s: ", grp->name, cmd->name);
	else if (grp)
		fprintf(stderr, "%s: ", grp->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		cmd_synopsis(stderr, "Usage: ", grp, cmd);
	if (grp)
		fprintf(stderr, "Try 'loomctl %s help'.\n", grp->name);
	else
		fprintf(stderr, "Try 'loomctl help'.\n");
	return LOOMCTL_EXIT_USAGE;
}

int loomctl_parse_opts(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		       int argc, char **argv)
{
	return loomctl_parse_opts_ext(grp, cmd, opts, argc, argv, NULL, NULL,
				      NULL);
}

int loomctl_parse_opts_ext(const struct loomctl_group *grp,
			   const struct loomctl_cmd *cmd,
			   struct loomctl_opts *opts, int argc, char **argv,
			   const struct option *extra, loomctl_opt_fn fn,
			   void *arg)
{
	static const struct option shared[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "no-check", no_argument, NULL, 'N' },
	};
	struct option longopts[ARRAY_LEN(shared) + LOOMCTL_EXTRA_OPTS + 1];
	/* ':' first: a missing value is told apart from an unknown option. */
	char shortopts[4 + 2 * LOOMCTL_EXTRA_OPTS] = ":jp";
	size_t n = 0, ns = strlen(shortopts), i;
	int c;

	for (i = 0; i < ARRAY_LEN(shared); i++)
		longopts[n++] = shared[i];
	for (i = 0; extra && extra[i].name && i < LOOMCTL_EXTRA_OPTS; i++) {
		longopts[n++] = extra[i];
		if (extra[i].val > 0 && extra[i].val < 256 &&
		    isalnum(extra[i].val)) {
			shortopts[ns++] = (char)extra[i].val;
			if (extra[i].has_arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	shortopts[ns] = '\0';

	opterr = 0;
	optind = 0;	/* glibc: start over on this argv */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts->json = true;
			break;
		case 'p':
			opts->pretty = true;
			opts->json = true;
			break;
		case 'N':
			opts->no_check = true;
			break;
		case ':':
		case '?':
			loomctl_bad_option(grp, cmd, c, argv);
			return -1;
		default:
			if (fn(c, optarg, arg))
				return -1;
		}
	}
	return optind;
}

int loomctl_bad_option(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd, int c, char **argv)
{
	if (c == ':')
		return loomctl_usage_error(grp, cmd,
					   "option '%s' needs a value",
					   argv[optind - 1]);
	if (optopt)
		return loomctl_usage_error(grp, cmd, "unknown option '-%c'",
					   optopt);
	return loomctl_usage_error(grp, cmd, "unknown option '%s'",
				   argv[optind - 1]);
}

int loomctl_operands(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, int n, int min, int max,
		     const char *const *names, char **ops)
{
	if (n < min) {
		loomctl_usage_error(grp, cmd, "missing %s", names[n]);
		return -1;
	}
	if (max >= 0 && n > max) {
		loomctl_usage_error(grp, cmd, "unexpected argument '%s'",
				    ops[max]);
		return -1;
	}
	return 0;
}
