// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line conventions shared by every loomctl command: messages,
 * usage text and option parsing.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loomctl.h"

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
	if (grp && cmd)
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
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "no-check", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 0;	/* glibc: start over on this argv */
	while ((c = getopt_long(argc, argv, "jp", longopts, NULL)) != -1) {
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
		default:
			if (optopt)
				loomctl_usage_error(grp, cmd,
						    "unknown option '-%c'",
						    optopt);
			else
				loomctl_usage_error(grp, cmd,
						    "unknown option '%s'",
						    argv[optind - 1]);
			return -1;
		}
	}
	return optind;
}
