/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loomctl: command table and conventions shared by every subcommand group.
 *
 * A group ("topology", later "hwsim", "node", ...) is one file that defines
 * a struct loomctl_group and is listed once in main.c, like iw and batctl.
 */
#ifndef _LOOMCTL_H
#define _LOOMCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#ifndef LOOMCTL_VERSION
#define LOOMCTL_VERSION "0.1.0"
#endif

/* Exit codes, iproute2-like: 1 the operation failed, 2 bad usage. */
#define LOOMCTL_EXIT_OK		0
#define LOOMCTL_EXIT_FAIL	1
#define LOOMCTL_EXIT_USAGE	2

/* Longest error message a library helper formats (FILE:LINE:COL: ...). */
#define LOOMCTL_ERR_MAX		8192

/**
 * struct loomctl_opts - options that apply to every command
 * @json: print JSON instead of a table (-j)
 * @pretty: indent the JSON (-p, implies -j)
 * @no_check: "load" sends the file without validating it first, so the
 *	kernel's own checks answer (--no-check; for testing the kernel)
 */
struct loomctl_opts {
	bool json;
	bool pretty;
	bool no_check;
};

struct loomctl_group;

/* Most words in a command's name ("radio add" has two). */
#define LOOMCTL_CMD_WORDS	4

/**
 * struct loomctl_cmd - one command of a group
 * @name: the word after the group ("load"), or several words separated
 *	by single spaces ("radio add") for a group whose objects have
 *	commands of their own; each word is matched in turn
 * @args: synopsis of the arguments ("FILE"), "" if none
 * @help: one line saying what it does
 * @fn: runs the command; @argv[0] is the last word of the command name.
 *	Returns an exit code (LOOMCTL_EXIT_*).
 * @arg: for @fn, when one function serves several commands (cmd->arg)
 */
struct loomctl_cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*fn)(const struct loomctl_group *grp, const struct loomctl_cmd *cmd,
		  struct loomctl_opts *opts, int argc, char **argv);
	int arg;
};

/**
 * struct loomctl_group - an object and its commands ("topology")
 * @name: the first word on the command line
 * @help: one line for the top-level usage
 * @cmds: its commands, ended by an entry with a NULL @name; NULL for an
 *	object that is a command itself
 * @cmd: that command ("schedule"), run with the words after the object
 *	(its @argv[0] is the object's word); its @name is not used
 * @notes: text for the help after the commands (value syntax), or NULL
 * @examples: example command lines, one per line, for the help text
 */
struct loomctl_group {
	const char *name;
	const char *help;
	const struct loomctl_cmd *cmds;
	const struct loomctl_cmd *cmd;
	const char *notes;
	const char *examples;
};

extern const struct loomctl_group loomctl_topology_group;
extern const struct loomctl_group loomctl_monitor_group;
extern const struct loomctl_group loomctl_hwsim_group;
extern const struct loomctl_group loomctl_schedule_group;
extern const struct loomctl_group loomctl_radio_group;
extern const struct loomctl_group loomctl_sniff_group;
extern const struct loomctl_group loomctl_lml_group;
extern const struct loomctl_group loomctl_node_group;
extern const struct loomctl_group loomctl_send_group;
extern const struct loomctl_group loomctl_recv_group;
extern const struct loomctl_group loomctl_stats_group;
extern const struct loomctl_group loomctl_ping_group;
extern const struct loomctl_group loomctl_link_group;
extern const struct loomctl_group loomctl_state_group;
extern const struct loomctl_group loomctl_mesh_group;

/* Usage of one group (or, with @cmd, one command) on @f. */
void loomctl_group_usage(FILE *f, const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd);

/*
 * Option parsing shared by commands: accepts -j/--json, -p/--pretty and
 * --no-check, anywhere before "--".  Unknown options print a usage hint.
 * Returns the index of the first operand, or -1 after a usage error (the
 * command exits 2).
 */
int loomctl_parse_opts(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		       int argc, char **argv);

/* A command's own long options' values go to this; 0 or an exit code. */
typedef int (*loomctl_opt_fn)(int val, const char *optarg, void *arg);

/* Most long options a command adds to the shared ones. */
#define LOOMCTL_EXTRA_OPTS	8

/*
 * The same, plus the long options @extra (ended by a NULL name), each
 * handed to @fn, which prints its own usage error.  An option whose value
 * is a letter or digit is also that short option ('c': -c); the others'
 * values are above 255.
 */
int loomctl_parse_opts_ext(const struct loomctl_group *grp,
			   const struct loomctl_cmd *cmd,
			   struct loomctl_opts *opts, int argc, char **argv,
			   const struct option *extra, loomctl_opt_fn fn,
			   void *arg);

/*
 * "unknown option '-x'" (or '--xyz'), or "option '--sf' needs a value"
 * (getopt returned ':'), for the option getopt just refused; returns 2.
 */
int loomctl_bad_option(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd, int c, char **argv);

/*
 * Checks that there are @min..@max operands (@max < 0: no limit) in
 * @ops[0..n-1], named by @names (the first missing one is named in the
 * message).  Returns 0, or -1 after a usage error.
 */
int loomctl_operands(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, int n, int min, int max,
		     const char *const *names, char **ops);

/* "loomctl: GROUP CMD: message" on stderr plus a usage hint; returns 2. */
int loomctl_usage_error(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "loomctl: message" on stderr. */
void loomctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _LOOMCTL_H */
