// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl hwsim: the simulated LoRa radios of loom_hwsim, the edges
 * between them and the medium they share.
 *
 * Every word of a command is parsed and checked (hwsim_parse.c) before
 * the socket is even opened, so a typo never half-applies anything; the
 * kernel's own checks answer with an extack message, printed as is.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "hwsim_msg.h"
#include "hwsim_show.h"
#include "loomctl.h"
#include "nl.h"
#include "output.h"

/* Is @s a negative number (or one starting with '.'), not an option? */
static bool negative_number(const char *s)
{
	return s[0] == '-' &&
	       ((s[1] >= '0' && s[1] <= '9') || s[1] == '.');
}

/*
 * The options of every hwsim command: -j/--json, -p/--pretty (also as
 * "-jp"), and --dot where @dot is not NULL.  Values may be negative
 * ("rssi -80.5"), which getopt would take for options, hence this scan:
 * a '-' followed by a digit or '.' is a value.  "--" ends the options.
 * The operands are moved to argv[1..n]; returns n, or -1 after a usage
 * error.
 */
static int hw_opts(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   bool *dot, int argc, char **argv)
{
	bool operands_only = false;
	int i, n = 0;
	const char *p;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (operands_only || a[0] != '-' || !a[1] ||
		    negative_number(a)) {
			argv[++n] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			operands_only = true;
		} else if (!strcmp(a, "--json")) {
			opts->json = true;
		} else if (!strcmp(a, "--pretty")) {
			opts->json = true;
			opts->pretty = true;
		} else if (dot && !strcmp(a, "--dot")) {
			*dot = true;
		} else if (a[1] != '-' && strspn(a + 1, "jp") == strlen(a + 1)) {
			for (p = a + 1; *p; p++) {
				opts->json = true;
				opts->pretty |= *p == 'p';
			}
		} else {
			loomctl_usage_error(grp, cmd, "unknown option '%s'", a);
			return -1;
		}
	}
	return n;
}

/* A radio id operand; -1 after a usage error naming @name. */
static int id_operand(const struct loomctl_group *grp,
		      const struct loomctl_cmd *cmd, const char *name,
		      const char *s, uint32_t *id)
{
	char err[HWSIM_ERR_MAX];

	if (!hwsim_parse_id(s, id, err, sizeof(err)))
		return 0;
	loomctl_usage_error(grp, cmd, "%s \"%s\": %s", name, s, err);
	return -1;
}

/* FROM and TO at argv[1] and argv[2]: two radios; -1 after a usage error. */
static int edge_ends(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, char **argv, uint32_t *from,
		     uint32_t *to)
{
	if (id_operand(grp, cmd, "FROM", argv[1], from) ||
	    id_operand(grp, cmd, "TO", argv[2], to))
		return -1;
	if (*from != *to)
		return 0;
	loomctl_usage_error(grp, cmd, "TO \"%s\": a radio cannot hear itself",
			    argv[2]);
	return -1;
}

static int hw_open(struct loom_nl *nl)
{
	return loom_nl_open_family(nl, LOOM_HWSIM_GENL_NAME,
				   LOOM_HWSIM_GENL_VERSION);
}

static int parse_radio(struct nlmsghdr *nlh, void *item)
{
	return hwsim_msg_parse_radio(nlh, item);
}

static int parse_edge(struct nlmsghdr *nlh, void *item)
{
	return hwsim_msg_parse_edge(nlh, item);
}

static int parse_medium(struct nlmsghdr *nlh, void *item)
{
	return hwsim_msg_parse_medium(nlh, item);
}

static const struct loom_nl_replies radio_replies = {
	.parse = parse_radio, .size = sizeof(struct hwsim_radio),
};

static const struct loom_nl_replies edge_replies = {
	.parse = parse_edge, .size = sizeof(struct hwsim_edge),
};

static const struct loom_nl_replies medium_replies = {
	.parse = parse_medium, .size = sizeof(struct hwsim_medium),
};

/* Frees @msg, to which an attribute did not fit; NULL. */
static struct nl_msg *drop(struct nl_msg *msg)
{
	nlmsg_free(msg);
	return NULL;
}

/* A request for @cmd naming radio @id. */
static struct nl_msg *radio_msg(struct loom_nl *nl, int cmd, uint32_t id)
{
	struct nl_msg *msg = loom_nl_msg(nl, cmd, 0, 0);

	if (msg && nla_put_u32(msg, LOOM_HWSIM_ATTR_RADIO, id))
		msg = drop(msg);
	return msg;
}

/* @msg with @st's settings appended, or NULL (and @msg freed). */
static struct nl_msg *with_settings(struct nl_msg *msg,
				    const struct hwsim_settings *st)
{
	if (msg && hwsim_msg_put_settings(msg, st))
		msg = drop(msg);
	return msg;
}

static int cmp_radio(const void *a, const void *b)
{
	const struct hwsim_radio *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_edge(const void *a, const void *b)
{
	const struct hwsim_edge *x = a, *y = b;

	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	return (x->to > y->to) - (x->to < y->to);
}

/**
 * struct fetched - what a reading command got from the kernel
 * @med: MEDIUM_GET's reply
 * @rad: the radios (one, or a dump)
 * @edg: the edges
 * @v: all of it as a view, sorted
 */
struct fetched {
	struct loom_nl_replies med, rad, edg;
	struct hwsim_view v;
};

/*
 * Reads what @doc shows into @f (fetched_free() it, even on failure):
 * radio @id alone for HWSIM_DOC_RADIO.
 */
static int fetch(struct loom_nl *nl, enum hwsim_doc doc, uint32_t id,
		 struct fetched *f)
{
	bool all = doc == HWSIM_DOC_ALL;
	int err = 0;

	f->med = medium_replies;
	f->rad = radio_replies;
	f->edg = edge_replies;
	memset(&f->v, 0, sizeof(f->v));
	if (all || doc == HWSIM_DOC_MEDIUM)
		err = loom_nl_fetch(nl,
				    loom_nl_msg(nl, LOOM_HWSIM_CMD_MEDIUM_GET,
						0, 0), &f->med);
	if (!err && doc == HWSIM_DOC_RADIO)
		err = loom_nl_fetch(nl,
				    radio_msg(nl, LOOM_HWSIM_CMD_RADIO_GET, id),
				    &f->rad);
	if (!err && (all || doc == HWSIM_DOC_RADIOS))
		err = loom_nl_dump(nl, LOOM_HWSIM_CMD_RADIO_GET, &f->rad);
	if (!err && (all || doc == HWSIM_DOC_EDGES))
		err = loom_nl_dump(nl, LOOM_HWSIM_CMD_EDGE_GET, &f->edg);
	if (err)
		return err;
	qsort(f->rad.items, f->rad.n, f->rad.size, cmp_radio);
	qsort(f->edg.items, f->edg.n, f->edg.size, cmp_edge);
	f->v.medium = f->med.items;
	f->v.radios = f->rad.items;
	f->v.nradios = f->rad.n;
	f->v.edges = f->edg.items;
	f->v.nedges = f->edg.n;
	return 0;
}

static void fetched_free(struct fetched *f)
{
	free(f->med.items);
	free(f->rad.items);
	free(f->edg.items);
}

/* @doc of @v as text, or as JSON with -j. */
static int print_doc(const struct loomctl_opts *opts,
		     const struct hwsim_view *v, enum hwsim_doc doc)
{
	if (opts->json)
		return hwsim_json(stdout, v, doc, opts->pretty);
	return hwsim_text(stdout, v, doc);
}

/* A request that only wants its ack. */
static int simple(const struct loomctl_group *grp,
		  const struct loomctl_cmd *cmd, struct loom_nl *nl,
		  struct nl_msg *msg)
{
	return loom_nl_finish(nl, grp, cmd, loom_nl_fetch(nl, msg, NULL));
}

/* --- owned radios -------------------------------------------------------- */

static volatile sig_atomic_t stop_waiting;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_waiting = 1;
}

/*
 * Blocks SIGINT, SIGTERM and SIGHUP (into @old the mask before) and
 * catches them: set up before the radio exists, so that a signal sent as
 * soon as its id is printed ends loomctl cleanly, exit status 0.
 */
static void catch_stop_signals(sigset_t *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigset_t block;
	size_t i;

	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		sigaddset(&block, sigs[i]);
		sigaction(sigs[i], &sa, NULL);
	}
	sigprocmask(SIG_BLOCK, &block, old);
}

/*
 * Is standard input something whose end means "stop"?  Not when it is
 * closed or /dev/null: that is how a shell starts a background job
 * ("loomctl hwsim radio add owned &"), which must then wait for a signal.
 */
static bool stdin_watchable(void)
{
	struct stat in, null;

	if (fstat(STDIN_FILENO, &in))
		return false;
	return !(S_ISCHR(in.st_mode) && !stat("/dev/null", &null) &&
		 in.st_rdev == null.st_rdev);
}

/* Until a stop signal or the end of standard input. */
static void wait_for_stop(const sigset_t *old)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	bool watch = stdin_watchable();
	char buf[512];
	ssize_t n;

	while (!stop_waiting) {
		if (ppoll(watch ? &pfd : NULL, watch ? 1 : 0, NULL, old) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!pfd.revents)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			break;
	}
}

/* --- radio --------------------------------------------------------------- */

static int do_radio_add(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	struct loom_nl_replies r = radio_replies;
	struct hwsim_view v = { 0 };
	struct hwsim_settings st;
	char err[HWSIM_ERR_MAX];
	struct loom_nl nl;
	struct nl_msg *msg;
	sigset_t old;
	bool owned;
	int n, ret;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0)
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_settings(n, argv + 1, &st, &owned, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (owned)
		catch_stop_signals(&old);
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = with_settings(loom_nl_msg(&nl, LOOM_HWSIM_CMD_RADIO_NEW, 0, 0),
			    &st);
	if (msg && owned && nla_put_flag(msg, LOOM_HWSIM_ATTR_OWNED))
		msg = drop(msg);
	ret = loom_nl_fetch(&nl, msg, &r);
	if (ret) {
		free(r.items);
		return loom_nl_finish(&nl, grp, cmd, ret);
	}
	v.radios = r.items;
	v.nradios = 1;
	if (opts->json)
		ret = hwsim_json(stdout, &v, HWSIM_DOC_RADIO, opts->pretty);
	else
		printf("radio %" PRIu32 "\n", v.radios->id);
	fflush(stdout);
	free(r.items);
	/* The kernel deletes an owned radio when this socket closes. */
	if (!ret && owned)
		wait_for_stop(&old);
	return loom_nl_finish(&nl, grp, cmd, ret);
}

static int do_radio_set(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "ID" };
	struct hwsim_settings st;
	char err[HWSIM_ERR_MAX];
	struct loom_nl nl;
	uint32_t id;
	int n;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, 1, -1, names, argv + 1) ||
	    id_operand(grp, cmd, "ID", argv[1], &id))
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_settings(n - 1, argv + 2, &st, NULL, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (!st.set)
		return loomctl_usage_error(grp, cmd,
					   "nothing to set (state, freq, bw, sf, cr, power, preamble, pos, gen, gap, fault)");
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	return simple(grp, cmd, &nl,
		      with_settings(radio_msg(&nl, LOOM_HWSIM_CMD_RADIO_SET,
					      id), &st));
}

/* Commands whose only operand is a radio ID: del, show, position clear. */
static int one_id(const struct loomctl_group *grp,
		  const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		  int argc, char **argv, uint32_t *id)
{
	static const char *const names[] = { "ID" };
	int n = hw_opts(grp, cmd, opts, NULL, argc, argv);

	if (n < 0 || loomctl_operands(grp, cmd, n, 1, 1, names, argv + 1) ||
	    id_operand(grp, cmd, "ID", argv[1], id))
		return -1;
	return 0;
}

static int do_radio_del(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd,
			struct loomctl_opts *opts, int argc, char **argv)
{
	struct loom_nl nl;
	uint32_t id;

	if (one_id(grp, cmd, opts, argc, argv, &id))
		return LOOMCTL_EXIT_USAGE;
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	return simple(grp, cmd, &nl,
		      radio_msg(&nl, LOOM_HWSIM_CMD_RADIO_DEL, id));
}

/* --- edge ---------------------------------------------------------------- */

static int do_edge_set(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd,
		       struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "FROM", "TO" };
	struct hwsim_edge_args ea;
	char err[HWSIM_ERR_MAX];
	struct loom_nl nl;
	struct nl_msg *msg;
	uint32_t from, to;
	int n;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, 2, -1, names, argv + 1) ||
	    edge_ends(grp, cmd, argv, &from, &to))
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_edge(n - 2, argv + 3, &ea, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_HWSIM_CMD_EDGE_SET, 0, 0);
	if (msg && hwsim_msg_put_edge(msg, from, to, &ea, ea.both))
		msg = drop(msg);
	return simple(grp, cmd, &nl, msg);
}

static int do_edge_del(const struct loomctl_group *grp,
		       const struct loomctl_cmd *cmd,
		       struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "FROM", "TO" };
	struct loom_nl nl;
	struct nl_msg *msg;
	uint32_t from, to;
	bool both = false;
	int n;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, 2, 3, names, argv + 1) ||
	    edge_ends(grp, cmd, argv, &from, &to))
		return LOOMCTL_EXIT_USAGE;
	if (n == 3 && strcmp(argv[3], "both"))
		return loomctl_usage_error(grp, cmd,
					   "unknown keyword \"%s\" (both)",
					   argv[3]);
	both = n == 3;
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_HWSIM_CMD_EDGE_DEL, 0, 0);
	if (msg && hwsim_msg_put_edge(msg, from, to, NULL, both))
		msg = drop(msg);
	return simple(grp, cmd, &nl, msg);
}

/* --- position ------------------------------------------------------------ */

static int do_position_set(const struct loomctl_group *grp,
			   const struct loomctl_cmd *cmd,
			   struct loomctl_opts *opts, int argc, char **argv)
{
	static const char *const names[] = { "ID", "X", "Y" };
	struct hwsim_settings st = { .set = HWSIM_SET_POS };
	char err[HWSIM_ERR_MAX];
	struct loom_nl nl;
	uint32_t id;
	int n;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, 3, 4, names, argv + 1) ||
	    id_operand(grp, cmd, "ID", argv[1], &id))
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_position(n - 1, argv + 2, &st.pos, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	return simple(grp, cmd, &nl,
		      with_settings(radio_msg(&nl, LOOM_HWSIM_CMD_RADIO_SET,
					      id), &st));
}

static int do_position_clear(const struct loomctl_group *grp,
			     const struct loomctl_cmd *cmd,
			     struct loomctl_opts *opts, int argc, char **argv)
{
	struct hwsim_settings st = { .set = HWSIM_SET_POS, .pos_clear = true };
	struct loom_nl nl;
	uint32_t id;

	if (one_id(grp, cmd, opts, argc, argv, &id))
		return LOOMCTL_EXIT_USAGE;
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	return simple(grp, cmd, &nl,
		      with_settings(radio_msg(&nl, LOOM_HWSIM_CMD_RADIO_SET,
					      id), &st));
}

/* --- medium, run, show --------------------------------------------------- */

static int do_medium_set(const struct loomctl_group *grp,
			 const struct loomctl_cmd *cmd,
			 struct loomctl_opts *opts, int argc, char **argv)
{
	struct hwsim_medium_args ma;
	char err[HWSIM_ERR_MAX];
	struct loom_nl nl;
	struct nl_msg *msg;
	int n;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0)
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_medium(n, argv + 1, &ma, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "%s", err);
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_HWSIM_CMD_MEDIUM_SET, 0, 0);
	if (msg && hwsim_msg_put_medium(msg, &ma))
		msg = drop(msg);
	return simple(grp, cmd, &nl, msg);
}

static int do_run(const struct loomctl_group *grp,
		  const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		  int argc, char **argv)
{
	static const char *const names[] = { "DURATION" };
	struct loom_nl_replies r = medium_replies;
	char err[HWSIM_ERR_MAX], a[32], b[32];
	const struct hwsim_medium *m;
	struct loom_nl nl;
	struct nl_msg *msg;
	uint64_t ns;
	int n, ret;

	n = hw_opts(grp, cmd, opts, NULL, argc, argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, 1, 1, names, argv + 1))
		return LOOMCTL_EXIT_USAGE;
	if (hwsim_parse_run(argv[1], &ns, err, sizeof(err)))
		return loomctl_usage_error(grp, cmd, "DURATION \"%s\": %s",
					   argv[1], err);
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	msg = loom_nl_msg(&nl, LOOM_HWSIM_CMD_RUN, 0, 0);
	if (msg && nla_put_u64(msg, LOOM_HWSIM_ATTR_DURATION, ns))
		msg = drop(msg);
	ret = loom_nl_fetch(&nl, msg, &r);
	m = r.items;
	if (!ret && opts->json) {
		yajl_gen g = out_json_new(stdout, opts->pretty);

		if (g) {
			yajl_gen_map_open(g);
			out_json_kuint(g, "duration_ns", ns);
			out_json_kuint(g, "now_ns", m->now_ns);
			out_json_kuint(g, "events", m->events);
			yajl_gen_map_close(g);
			out_json_end(g, stdout, opts->pretty);
		} else {
			ret = -ENOMEM;
		}
	} else if (!ret) {
		printf("ran %s s: now %s s, %" PRIu64 " events\n",
		       hwsim_fmt_ufixed(a, sizeof(a), ns, 9, 9, false),
		       hwsim_fmt_ufixed(b, sizeof(b), m->now_ns, 9, 9, false),
		       m->events);
	}
	free(r.items);
	return loom_nl_finish(&nl, grp, cmd, ret);
}

/*
 * The reading commands ("radio list", "radio show ID", "edge list",
 * "medium show", "show [--dot]") print the enum hwsim_doc in cmd->arg.
 */
static int do_show(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	static const char *const names[] = { "ID" };
	enum hwsim_doc doc = cmd->arg;
	int one = doc == HWSIM_DOC_RADIO;
	struct fetched f;
	struct loom_nl nl;
	bool dot = false;
	uint32_t id = 0;
	int n, err;

	n = hw_opts(grp, cmd, opts, doc == HWSIM_DOC_ALL ? &dot : NULL, argc,
		    argv);
	if (n < 0 || loomctl_operands(grp, cmd, n, one, one, names, argv + 1) ||
	    (one && id_operand(grp, cmd, "ID", argv[1], &id)))
		return LOOMCTL_EXIT_USAGE;
	if (dot && opts->json)
		return loomctl_usage_error(grp, cmd,
					   "--dot and -j exclude each other");
	if (hw_open(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = fetch(&nl, doc, id, &f);
	if (!err && dot)
		hwsim_show_dot(stdout, &f.v);
	else if (!err)
		err = print_doc(opts, &f.v, doc);
	fetched_free(&f);
	return loom_nl_finish(&nl, grp, cmd, err);
}

static const struct loomctl_cmd hwsim_cmds[] = {
	{
		.name = "radio add",
		.args = "[owned] [chip MODEL [version V]] [SETTINGS]",
		.help = "create a radio (or an emulated SX127x chip), print its id; owned: it lives as long as this loomctl",
		.fn = do_radio_add,
	},
	{
		.name = "radio set",
		.args = "ID SETTINGS | ID [pos X Y [Z]] fault FAULT",
		.help = "change a radio's settings, all or nothing; a chip's fault",
		.fn = do_radio_set,
	},
	{
		.name = "radio del",
		.args = "ID",
		.help = "delete a radio",
		.fn = do_radio_del,
	},
	{
		.name = "radio list",
		.args = "[-j [-p]]",
		.help = "one line per radio: kind, settings, position, frame counters, SPI device",
		.fn = do_show,
		.arg = HWSIM_DOC_RADIOS,
	},
	{
		.name = "radio show",
		.args = "ID [-j [-p]]",
		.help = "one radio in full, with time per state and energy; a chip's registers' mode and counters",
		.fn = do_show,
		.arg = HWSIM_DOC_RADIO,
	},
	{
		.name = "edge set",
		.args = "FROM TO rssi DBM [snr DB] [loss PCT] [both]",
		.help = "set the link FROM -> TO (both: TO -> FROM too)",
		.fn = do_edge_set,
	},
	{
		.name = "edge del",
		.args = "FROM TO [both]",
		.help = "delete the link FROM -> TO (both: TO -> FROM too)",
		.fn = do_edge_del,
	},
	{
		.name = "edge list",
		.args = "[-j [-p]]",
		.help = "one line per link: level, SNR, loss, manual or model",
		.fn = do_show,
		.arg = HWSIM_DOC_EDGES,
	},
	{
		.name = "position set",
		.args = "ID X Y [Z]",
		.help = "place a radio (metres); placed radios get links from the model",
		.fn = do_position_set,
	},
	{
		.name = "position clear",
		.args = "ID",
		.help = "forget a radio's position",
		.fn = do_position_clear,
	},
	{
		.name = "medium show",
		.args = "[-j [-p]]",
		.help = "clock, radios and the path-loss model",
		.fn = do_show,
		.arg = HWSIM_DOC_MEDIUM,
	},
	{
		.name = "medium set",
		.args = "[exponent N] [ref-loss DB] [ref-dist M] [sigma DB] [seed N]",
		.help = "change the path-loss model; modelled links are derived again",
		.fn = do_medium_set,
	},
	{
		.name = "run",
		.args = "DURATION",
		.help = "advance a virtual clock: 500ms, 10s, 2m, 1h, 1d (number: seconds)",
		.fn = do_run,
	},
	{
		.name = "show",
		.args = "[--dot | -j [-p]]",
		.help = "medium, radios and links; --dot: as a Graphviz digraph",
		.fn = do_show,
		.arg = HWSIM_DOC_ALL,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_hwsim_group = {
	.name = "hwsim",
	.help = "simulated LoRa radios, their links and the medium (module loom_hwsim)",
	.cmds = hwsim_cmds,
	.notes =
		"SETTINGS, in any order:\n"
		"  state off|sleep|rx     also disabled, receive\n"
		"  freq MHZ               137..1020, decimals allowed (868.1)\n"
		"  bw KHZ                 7.8 10.4 15.6 20.8 31.25 41.7 62.5 125 250 500\n"
		"  sf N                   spreading factor 5..12\n"
		"  cr 4/5..4/8            coding rate (or 5..8)\n"
		"  power DBM              transmit power -4..20\n"
		"  preamble N             preamble symbols, 6..65535\n"
		"  pos X Y [Z]            position in metres, decimals allowed\n"
		"  gen BYTES              traffic generator frame length, 0..255; 0 stops it\n"
		"  gap MS                 generator pause after each frame, ms (or 2s, 500us), at most 1h\n"
		"radio add only:\n"
		"  chip MODEL             an emulated sx1276, sx1277, sx1278 or sx1279 behind an SPI\n"
		"                         controller of its own; its driver sets state and modulation\n"
		"                         (so no state, gen, gap); the settings given become its SPI\n"
		"                         device's properties\n"
		"  version V              the chip's RegVersion, 0..255 or 0x00..0xff (default 0x12;\n"
		"                         0x22 poses as an SX1272, 0x00 as a missing chip)\n"
		"radio set of a chip only:\n"
		"  fault FAULT            none, spi-error (SPI fails with EIO), stuck-irq (RegIrqFlags\n"
		"                         cannot be cleared), mute (reads 0, writes ignored, no IRQ),\n"
		"                         crc-error (frames received with PayloadCrcError)\n"
		"Levels take decimals (rssi -80.5, snr 7.25); loss is a percentage\n"
		"(10, 10%, 0.5%).  Radio ids are those \"radio add\" and \"radio list\" print.\n",
	.examples =
		"  loomctl hwsim radio add freq 868.1 sf 9 pos 0 0\n"
		"  loomctl hwsim radio add owned state rx &   # gone when loomctl ends\n"
		"  loomctl hwsim radio set 1 state rx gen 20 gap 1000\n"
		"  loomctl hwsim radio add chip sx1276 sf 9 pos 0 10   # then modprobe sx127x\n"
		"  loomctl hwsim radio set 2 fault spi-error\n"
		"  loomctl hwsim edge set 0 1 rssi -80.5 snr 7 loss 1% both\n"
		"  loomctl hwsim position set 2 150.5 -20 1.5\n"
		"  loomctl hwsim medium set exponent 2.7 sigma 4\n"
		"  loomctl hwsim run 10s\n"
		"  loomctl hwsim radio list\n"
		"  loomctl hwsim show --dot | dot -Tsvg > medium.svg\n",
};
