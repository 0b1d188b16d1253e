// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl sniff: the kernel's RSSI sniffer (loom_sniff.ko,
 * Documentation/lml.rst): sessions on monitor-mode interfaces or Loom
 * radios, the transmitters each hears with their signal, and the
 * notifications as frames arrive.
 *
 * The kernel keeps sums; the mean and the variance are computed here, in
 * double, from the frame count, the sum and the sum of squares.
 */
#include <errno.h>
#include <math.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/loom_sniff.h>

#include "loom.h"
#include "loomctl.h"
#include "nl.h"
#include "output.h"

#define SNIFF_NAME_MAX	32

/**
 * struct sniff_req - what a command names and sets
 * @ifindex: the interface, or 0
 * @ifname: the interface's name as given
 * @radio: the Loom radio, or NULL
 * @capacity: START's capacity, 0 for the default
 * @types: START's type mask, 0 for the default
 * @naddrs: addresses in @addrs
 * @addrs: START's address filter
 * @events: START's notifications a second, -1 for the default
 */
struct sniff_req {
	unsigned int ifindex;
	const char *ifname;
	const char *radio;
	unsigned int capacity;
	unsigned int types;
	unsigned int naddrs;
	unsigned char addrs[LOOM_SNIFF_ADDRS_MAX][6];
	long events;
};

/**
 * struct sniff_session - a session as GET gives it
 * @ifindex: its interface, or 0
 * @name: the interface's or the radio's name
 * @gone: the source went away
 * @capacity: transmitters it keeps
 * @used: transmitters it has
 * @types: frame types counted
 * @events: notifications a second
 * @entry_bytes: kernel memory per transmitter
 * @cnt: counters, by LOOM_SNIFF_S_* from FRAMES to EVENTS_DROPPED
 */
struct sniff_session {
	unsigned int ifindex;
	char name[SNIFF_NAME_MAX];
	bool gone;
	unsigned int capacity, used, types, events, entry_bytes;
	unsigned long long cnt[LOOM_SNIFF_S_MAX + 1];
};

/**
 * struct sniff_tx - a transmitter as DUMP or EVENT gives it
 * @src: the session's source name (events only)
 * @addr: its address
 * @frames: frames heard
 * @sum: sum of the signals, cdBm
 * @sumsq: sum of their squares
 * @min: weakest, cdBm
 * @max: strongest, cdBm
 * @last: last, cdBm
 * @ewma: moving average, cdBm
 * @age_ns: since last heard
 * @span_ns: first to last heard
 * @types: frame types heard
 * @freq: MHz, 0 if unknown
 * @nchains: chains in @chain_ant and @chain_last
 * @chain_ant: their antenna indexes
 * @chain_last: their last signals, cdBm
 */
struct sniff_tx {
	char src[SNIFF_NAME_MAX];
	unsigned char addr[6];
	unsigned long long frames, sumsq, age_ns, span_ns;
	long long sum;
	int min, max, last, ewma;
	unsigned int types, freq, nchains;
	unsigned int chain_ant[4];
	int chain_last[4];
};

static const char *const type_names[] = { "mgmt", "ctrl", "data", "ext" };

/* "mgmt,data" from a mask. */
static const char *types_str(char *buf, size_t len, unsigned int types)
{
	size_t at = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < 4; i++)
		if (types & (1u << i))
			at += snprintf(buf + at, at < len ? len - at : 0, "%s%s",
				       at ? "," : "", type_names[i]);
	return at ? buf : "-";
}

static int parse_types(const char *s, unsigned int *mask)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int i;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	*mask = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < 4 && strcmp(tok, type_names[i]); i++)
			;
		if (i == 4 && !strcmp(tok, "all"))
			*mask |= LOOM_SNIFF_TYPE_ALL;
		else if (i == 4)
			err = -EINVAL;
		else
			*mask |= 1u << i;
	}
	free(copy);
	return err || !*mask ? -EINVAL : 0;
}

static int parse_uint(const char *s, unsigned long min, unsigned long max,
		      unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || !*s || s[0] == '-' || *v < min || *v > max ?
	       -EINVAL : 0;
}

/*
 * The source: "radio NAME" or an interface name.  Then, for START only
 * (@opts_ok), "capacity N", "type LIST", "addr MAC" (repeatable),
 * "events N".
 */
static int parse_req(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, int argc, char **argv,
		     bool opts_ok, struct sniff_req *rq)
{
	unsigned long v;
	int i = 0;

	memset(rq, 0, sizeof(*rq));
	rq->events = -1;
	if (argc < 1)
		return loomctl_usage_error(grp, cmd,
					   "name a source: IFNAME or radio NAME");
	if (!strcmp(argv[0], "radio")) {
		if (argc < 2 || !*argv[1] || strlen(argv[1]) > 15)
			return loomctl_usage_error(grp, cmd,
						   "radio NAME: a Loom radio's name (at most 15 bytes)");
		rq->radio = argv[1];
		i = 2;
	} else {
		rq->ifname = argv[0];
		rq->ifindex = if_nametoindex(argv[0]);
		/* A session's interface may be gone: resolve_gone() asks. */
		if (!rq->ifindex && opts_ok)
			return loomctl_usage_error(grp, cmd,
						   "IFNAME \"%s\": no such interface here",
						   argv[0]);
		i = 1;
	}
	for (; i < argc; i += 2) {
		const char *k = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!opts_ok)
			return loomctl_usage_error(grp, cmd,
						   "unexpected \"%s\"", k);
		if (!val)
			return loomctl_usage_error(grp, cmd,
						   "\"%s\" needs a value", k);
		if (!strcmp(k, "capacity")) {
			if (parse_uint(val, 1, LOOM_SNIFF_CAPACITY_MAX, &v))
				return loomctl_usage_error(grp, cmd,
							   "capacity \"%s\": 1..%u transmitters",
							   val, LOOM_SNIFF_CAPACITY_MAX);
			rq->capacity = v;
		} else if (!strcmp(k, "type")) {
			if (parse_types(val, &rq->types))
				return loomctl_usage_error(grp, cmd,
							   "type \"%s\": a list of mgmt, ctrl, data, ext (or all)",
							   val);
		} else if (!strcmp(k, "addr")) {
			if (rq->naddrs == LOOM_SNIFF_ADDRS_MAX)
				return loomctl_usage_error(grp, cmd,
							   "at most %u addr filters",
							   LOOM_SNIFF_ADDRS_MAX);
			if (loom_parse_hwaddr(val, rq->addrs[rq->naddrs]))
				return loomctl_usage_error(grp, cmd,
							   "addr \"%s\": a MAC address, 02:4c:4f:4d:00:01",
							   val);
			rq->naddrs++;
		} else if (!strcmp(k, "events")) {
			if (parse_uint(val, 0, LOOM_SNIFF_EVENTS_MAX, &v))
				return loomctl_usage_error(grp, cmd,
							   "events \"%s\": 0..%u a second",
							   val, LOOM_SNIFF_EVENTS_MAX);
			rq->events = v;
		} else {
			return loomctl_usage_error(grp, cmd,
						   "unknown option \"%s\" (capacity, type, addr, events)",
						   k);
		}
	}
	return 0;
}

static int put_source(struct nl_msg *msg, const void *arg)
{
	const struct sniff_req *rq = arg;

	if (rq->radio)
		return nla_put_string(msg, LOOM_SNIFF_ATTR_RADIO, rq->radio);
	return nla_put_u32(msg, LOOM_SNIFF_ATTR_IFINDEX, rq->ifindex);
}

static int put_start(struct nl_msg *msg, const struct sniff_req *rq)
{
	struct nlattr *nest;
	unsigned int i;

	if (put_source(msg, rq) ||
	    (rq->capacity &&
	     nla_put_u32(msg, LOOM_SNIFF_ATTR_CAPACITY, rq->capacity)) ||
	    (rq->types && nla_put_u8(msg, LOOM_SNIFF_ATTR_TYPES, rq->types)) ||
	    (rq->events >= 0 &&
	     nla_put_u32(msg, LOOM_SNIFF_ATTR_EVENTS, rq->events)))
		return -1;
	if (!rq->naddrs)
		return 0;
	nest = nla_nest_start(msg, LOOM_SNIFF_ATTR_ADDRS);
	if (!nest)
		return -1;
	for (i = 0; i < rq->naddrs; i++)
		if (nla_put(msg, LOOM_SNIFF_ATTR_ADDR, 6, rq->addrs[i]))
			return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int open_sniff(struct loom_nl *nl)
{
	return loom_nl_open_family(nl, LOOM_SNIFF_GENL_NAME,
				   LOOM_SNIFF_GENL_VERSION);
}

static int resolve_gone(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, struct loom_nl *nl,
			struct sniff_req *rq);

/* START, STOP or CLEAR (cmd->arg). */
static int do_change(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		     int argc, char **argv)
{
	struct sniff_req rq;
	struct loom_nl nl;
	struct nl_msg *msg;
	int i;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0)
		return LOOMCTL_EXIT_USAGE;
	if (parse_req(grp, cmd, argc - i, argv + i,
		      cmd->arg == LOOM_SNIFF_CMD_START, &rq))
		return LOOMCTL_EXIT_USAGE;
	if (open_sniff(&nl))
		return LOOMCTL_EXIT_FAIL;
	i = resolve_gone(grp, cmd, &nl, &rq);
	if (i)
		return i;
	msg = loom_nl_msg(&nl, cmd->arg, 0, 0);
	if (msg && (cmd->arg == LOOM_SNIFF_CMD_START ? put_start(msg, &rq) :
		    put_source(msg, &rq))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return loom_nl_finish(&nl, grp, cmd, loom_nl_fetch(&nl, msg, NULL));
}

static void copy_name(char *dst, struct nlattr *a)
{
	snprintf(dst, SNIFF_NAME_MAX, "%s", a ? nla_get_string(a) : "?");
}

static int parse_session_nest(struct nlattr *nest, struct sniff_session *s)
{
	struct nlattr *tb[LOOM_SNIFF_S_MAX + 1];
	unsigned int i;

	memset(s, 0, sizeof(*s));
	if (!nest || nla_parse_nested(tb, LOOM_SNIFF_S_MAX, nest, NULL))
		return -EPROTO;
	s->ifindex = loom_nla_u32(tb, LOOM_SNIFF_S_IFINDEX);
	copy_name(s->name, tb[s->ifindex ? LOOM_SNIFF_S_NAME : LOOM_SNIFF_S_RADIO]);
	s->gone = tb[LOOM_SNIFF_S_GONE];
	s->capacity = loom_nla_u32(tb, LOOM_SNIFF_S_CAPACITY);
	s->used = loom_nla_u32(tb, LOOM_SNIFF_S_USED);
	s->types = loom_nla_u8(tb, LOOM_SNIFF_S_TYPES);
	s->events = loom_nla_u32(tb, LOOM_SNIFF_S_EVENTS);
	s->entry_bytes = loom_nla_u32(tb, LOOM_SNIFF_S_ENTRY_BYTES);
	for (i = LOOM_SNIFF_S_FRAMES; i <= LOOM_SNIFF_S_EVENTS_DROPPED; i++)
		s->cnt[i] = loom_nla_u64(tb, i);
	return 0;
}

static int parse_session(struct nlmsghdr *nlh, void *item)
{
	struct nlattr *tb[LOOM_SNIFF_ATTR_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, LOOM_SNIFF_ATTR_MAX, NULL))
		return -EPROTO;
	return parse_session_nest(tb[LOOM_SNIFF_ATTR_SESSION], item);
}

/*
 * An interface name that is not here (any more): the session that was
 * started on an interface of that name, if one is.  0 or the exit code.
 */
static int resolve_gone(const struct loomctl_group *grp,
			const struct loomctl_cmd *cmd, struct loom_nl *nl,
			struct sniff_req *rq)
{
	struct loom_nl_replies r = {
		.parse = parse_session, .size = sizeof(struct sniff_session),
	};
	const struct sniff_session *s;
	size_t i;
	int err;

	if (rq->ifindex || rq->radio)
		return 0;
	err = loom_nl_dump(nl, LOOM_SNIFF_CMD_GET, &r);
	for (i = 0, s = r.items; !err && i < r.n; i++)
		if (s[i].ifindex && !strcmp(s[i].name, rq->ifname))
			rq->ifindex = s[i].ifindex;
	free(r.items);
	if (err)
		return loom_nl_finish(nl, grp, cmd, err);
	if (rq->ifindex)
		return 0;
	loom_nl_close(nl);
	return loomctl_usage_error(grp, cmd,
				   "IFNAME \"%s\": no such interface here, and no session on one of that name",
				   rq->ifname);
}

static int parse_tx_nest(struct nlattr *nest, struct sniff_tx *t)
{
	struct nlattr *tb[LOOM_SNIFF_TX_MAX + 1], *c, *ct[LOOM_SNIFF_TX_MAX + 1];
	int rem;

	if (!nest || nla_parse_nested(tb, LOOM_SNIFF_TX_MAX, nest, NULL) ||
	    !tb[LOOM_SNIFF_TX_ADDR] || nla_len(tb[LOOM_SNIFF_TX_ADDR]) != 6)
		return -EPROTO;
	memcpy(t->addr, nla_data(tb[LOOM_SNIFF_TX_ADDR]), 6);
	t->frames = loom_nla_u64(tb, LOOM_SNIFF_TX_FRAMES);
	t->sum = (long long)loom_nla_u64(tb, LOOM_SNIFF_TX_SUM);
	t->sumsq = loom_nla_u64(tb, LOOM_SNIFF_TX_SUMSQ);
	t->min = (int)loom_nla_u32(tb, LOOM_SNIFF_TX_MIN);
	t->max = (int)loom_nla_u32(tb, LOOM_SNIFF_TX_MAX);
	t->last = (int)loom_nla_u32(tb, LOOM_SNIFF_TX_LAST);
	t->ewma = (int)loom_nla_u32(tb, LOOM_SNIFF_TX_EWMA);
	t->age_ns = loom_nla_u64(tb, LOOM_SNIFF_TX_AGE_NS);
	t->span_ns = loom_nla_u64(tb, LOOM_SNIFF_TX_SPAN_NS);
	t->types = loom_nla_u8(tb, LOOM_SNIFF_TX_TYPES);
	t->freq = loom_nla_u32(tb, LOOM_SNIFF_TX_FREQ);
	if (tb[LOOM_SNIFF_TX_CHAINS]) {
		nla_for_each_nested(c, tb[LOOM_SNIFF_TX_CHAINS], rem) {
			if (t->nchains == 4 ||
			    nla_parse_nested(ct, LOOM_SNIFF_TX_MAX, c, NULL))
				break;
			t->chain_ant[t->nchains] = loom_nla_u8(ct, LOOM_SNIFF_TX_ANTENNA);
			t->chain_last[t->nchains] =
				(int)loom_nla_u32(ct, LOOM_SNIFF_TX_LAST);
			t->nchains++;
		}
	}
	return 0;
}

static int parse_tx(struct nlmsghdr *nlh, void *item)
{
	struct nlattr *tb[LOOM_SNIFF_ATTR_MAX + 1];
	struct sniff_tx *t = item;

	memset(t, 0, sizeof(*t));
	if (genlmsg_parse(nlh, 0, tb, LOOM_SNIFF_ATTR_MAX, NULL))
		return -EPROTO;
	return parse_tx_nest(tb[LOOM_SNIFF_ATTR_TX], t);
}

/* Mean and population standard deviation, dBm. */
static void tx_moments(const struct sniff_tx *t, double *mean, double *sd)
{
	double n = t->frames ? (double)t->frames : 1;
	double m = (double)t->sum / n;
	double var = (double)t->sumsq / n - m * m;

	*mean = m / 100;
	*sd = var > 0 ? sqrt(var) / 100 : 0;
}

static const char *const session_keys[] = {
	[LOOM_SNIFF_S_FRAMES] = "frames",
	[LOOM_SNIFF_S_COUNTED] = "counted",
	[LOOM_SNIFF_S_BAD_RADIOTAP] = "bad_radiotap",
	[LOOM_SNIFF_S_NO_SIGNAL] = "no_signal",
	[LOOM_SNIFF_S_BAD_FCS] = "bad_fcs",
	[LOOM_SNIFF_S_SHORT] = "short",
	[LOOM_SNIFF_S_NO_TA] = "no_transmitter",
	[LOOM_SNIFF_S_FILTERED] = "filtered",
	[LOOM_SNIFF_S_EVICTED] = "evicted",
	[LOOM_SNIFF_S_EVENTS_SENT] = "events_sent",
	[LOOM_SNIFF_S_EVENTS_DROPPED] = "events_dropped",
};

static void json_session(yajl_gen g, const struct sniff_session *s)
{
	char types[32];
	unsigned int i;

	yajl_gen_map_open(g);
	out_json_kstr(g, "source", s->name);
	out_json_kstr(g, "kind", s->ifindex ? "interface" : "radio");
	out_json_kuint_or_null(g, "ifindex", s->ifindex, s->ifindex);
	out_json_kbool(g, "gone", s->gone);
	out_json_kuint(g, "capacity", s->capacity);
	out_json_kuint(g, "used", s->used);
	out_json_kstr(g, "types", types_str(types, sizeof(types), s->types));
	out_json_kuint(g, "events_per_s", s->events);
	out_json_kuint(g, "entry_bytes", s->entry_bytes);
	for (i = LOOM_SNIFF_S_FRAMES; i <= LOOM_SNIFF_S_EVENTS_DROPPED; i++)
		if (session_keys[i])
			out_json_kuint(g, session_keys[i], s->cnt[i]);
	yajl_gen_map_close(g);
}

static void json_tx(yajl_gen g, const struct sniff_tx *t, bool with_src)
{
	char buf[32];
	double mean, sd;
	unsigned int i;

	tx_moments(t, &mean, &sd);
	yajl_gen_map_open(g);
	if (with_src)
		out_json_kstr(g, "source", t->src);
	out_json_kstr(g, "addr", out_mac(buf, sizeof(buf), t->addr));
	out_json_kuint(g, "frames", t->frames);
	out_json_key(g, "mean_dbm");
	yajl_gen_double(g, mean);
	out_json_key(g, "stddev_db");
	yajl_gen_double(g, sd);
	out_json_key(g, "min_dbm");
	yajl_gen_double(g, t->min / 100.0);
	out_json_key(g, "max_dbm");
	yajl_gen_double(g, t->max / 100.0);
	out_json_key(g, "last_dbm");
	yajl_gen_double(g, t->last / 100.0);
	out_json_key(g, "ewma_dbm");
	yajl_gen_double(g, t->ewma / 100.0);
	out_json_kint(g, "sum_cdbm", t->sum);
	out_json_kuint(g, "sumsq_cdbm2", t->sumsq);
	out_json_kuint(g, "age_ms", t->age_ns / 1000000);
	out_json_kuint(g, "span_ms", t->span_ns / 1000000);
	out_json_kstr(g, "types", types_str(buf, sizeof(buf), t->types));
	out_json_kuint_or_null(g, "freq_mhz", t->freq, t->freq);
	out_json_key(g, "chains");
	yajl_gen_array_open(g);
	for (i = 0; i < t->nchains; i++) {
		yajl_gen_map_open(g);
		out_json_kuint(g, "antenna", t->chain_ant[i]);
		out_json_key(g, "last_dbm");
		yajl_gen_double(g, t->chain_last[i] / 100.0);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

/* One row of @n cells of @c into @t: 0, or -ENOMEM with @t freed. */
static int add_row(struct out_table *t, char (*c)[32], unsigned int n)
{
	const char *cells[10];
	unsigned int j;

	for (j = 0; j < n && j < 10; j++)
		cells[j] = c[j];
	if (!out_table_add(t, cells))
		return 0;
	out_table_free(t);
	return -ENOMEM;
}

static int show_sessions(const struct sniff_session *s, size_t n,
			 const struct loomctl_opts *opts)
{
	static const char *const head[] = {
		"SOURCE", "KIND", "TYPES", "USED", "FRAMES", "COUNTED",
		"MALFORMED", "FILTERED", "EVICTED",
	};
	struct out_table *t;
	char c[9][32];
	size_t i;

	if (opts->json) {
		yajl_gen g = out_json_new(stdout, opts->pretty);

		yajl_gen_array_open(g);
		for (i = 0; i < n; i++)
			json_session(g, &s[i]);
		yajl_gen_array_close(g);
		out_json_end(g, stdout, opts->pretty);
		return 0;
	}
	int ret;

	t = out_table_start(stdout, n, "no sniffer sessions", 9, head, &ret);
	if (!t)
		return ret;
	for (i = 0; i < n; i++) {
		snprintf(c[0], 32, "%s%s", s[i].name, s[i].gone ? " (gone)" : "");
		snprintf(c[1], 32, "%s", s[i].ifindex ? "interface" : "radio");
		types_str(c[2], 32, s[i].types);
		snprintf(c[3], 32, "%u/%u", s[i].used, s[i].capacity);
		snprintf(c[4], 32, "%llu", s[i].cnt[LOOM_SNIFF_S_FRAMES]);
		snprintf(c[5], 32, "%llu", s[i].cnt[LOOM_SNIFF_S_COUNTED]);
		snprintf(c[6], 32, "%llu", s[i].cnt[LOOM_SNIFF_S_BAD_RADIOTAP]);
		snprintf(c[7], 32, "%llu", s[i].cnt[LOOM_SNIFF_S_FILTERED]);
		snprintf(c[8], 32, "%llu", s[i].cnt[LOOM_SNIFF_S_EVICTED]);
		if (add_row(t, c, 9))
			return -ENOMEM;
	}
	return out_table_emit(t, stdout);
}

static int do_list(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct loom_nl_replies r = {
		.parse = parse_session, .size = sizeof(struct sniff_session),
	};
	struct loom_nl nl;
	int i, err;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 0, NULL,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (open_sniff(&nl))
		return LOOMCTL_EXIT_FAIL;
	err = loom_nl_dump(&nl, LOOM_SNIFF_CMD_GET, &r);
	if (!err)
		err = show_sessions(r.items, r.n, opts);
	free(r.items);
	return loom_nl_finish(&nl, grp, cmd, err);
}

static int show_txs(const struct sniff_tx *t, size_t n,
		    const struct loomctl_opts *opts)
{
	static const char *const head[] = {
		"TRANSMITTER", "FRAMES", "MEAN", "SD", "MIN", "MAX", "LAST",
		"EWMA", "AGE", "TYPES",
	};
	struct out_table *tb;
	char c[10][32];
	double mean, sd;
	size_t i;

	if (opts->json) {
		yajl_gen g = out_json_new(stdout, opts->pretty);

		yajl_gen_array_open(g);
		for (i = 0; i < n; i++)
			json_tx(g, &t[i], false);
		yajl_gen_array_close(g);
		out_json_end(g, stdout, opts->pretty);
		return 0;
	}
	int ret;

	tb = out_table_start(stdout, n, "no transmitters heard", 10, head,
			     &ret);
	if (!tb)
		return ret;
	for (i = 0; i < n; i++) {
		tx_moments(&t[i], &mean, &sd);
		out_mac(c[0], 32, t[i].addr);
		snprintf(c[1], 32, "%llu", t[i].frames);
		snprintf(c[2], 32, "%.1f", mean);
		snprintf(c[3], 32, "%.1f", sd);
		snprintf(c[4], 32, "%.0f", t[i].min / 100.0);
		snprintf(c[5], 32, "%.0f", t[i].max / 100.0);
		snprintf(c[6], 32, "%.0f", t[i].last / 100.0);
		snprintf(c[7], 32, "%.1f", t[i].ewma / 100.0);
		snprintf(c[8], 32, "%.1fs", t[i].age_ns / 1e9);
		types_str(c[9], 32, t[i].types);
		if (add_row(tb, c, 10))
			return -ENOMEM;
	}
	return out_table_emit(tb, stdout);
}

static int do_show(const struct loomctl_group *grp,
		   const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		   int argc, char **argv)
{
	struct loom_nl_replies r = {
		.parse = parse_tx, .size = sizeof(struct sniff_tx),
	};
	struct sniff_req rq;
	struct loom_nl nl;
	int i, err;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || parse_req(grp, cmd, argc - i, argv + i, false, &rq))
		return LOOMCTL_EXIT_USAGE;
	if (open_sniff(&nl))
		return LOOMCTL_EXIT_FAIL;
	i = resolve_gone(grp, cmd, &nl, &rq);
	if (i)
		return i;
	err = loom_nl_dump_put(&nl, LOOM_SNIFF_CMD_DUMP, put_source, &rq, &r);
	if (!err)
		err = show_txs(r.items, r.n, opts);
	free(r.items);
	if (err == -ENOENT && !nl.extack[0]) {
		/* A dump's refusal may come without the kernel's words. */
		loomctl_err("%s %s: no session listens on %s %s (loomctl sniff start)",
			    grp->name, cmd->name, rq.radio ? "radio" : "interface",
			    rq.radio ?: rq.ifname);
		loom_nl_close(&nl);
		return LOOMCTL_EXIT_FAIL;
	}
	return loom_nl_finish(&nl, grp, cmd, err);
}

/**
 * struct sniff_listen - "sniff monitor" in progress
 * @opts: -j
 * @left: notifications still to print, 0 for ever
 * @done: stop
 */
struct sniff_listen {
	const struct loomctl_opts *opts;
	unsigned long left;
	bool done;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[LOOM_SNIFF_ATTR_MAX + 1];
	struct sniff_listen *l = arg;
	struct sniff_session s;
	struct sniff_tx t;
	double mean, sd;
	char mac[32];

	memset(&t, 0, sizeof(t));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, LOOM_SNIFF_ATTR_MAX, NULL) ||
	    parse_session_nest(tb[LOOM_SNIFF_ATTR_SESSION], &s) ||
	    parse_tx_nest(tb[LOOM_SNIFF_ATTR_TX], &t))
		return NL_SKIP;
	snprintf(t.src, sizeof(t.src), "%s", s.name);
	if (l->opts->json) {
		yajl_gen g = out_json_new(stdout, false);

		json_tx(g, &t, true);
		out_json_end(g, stdout, false);
	} else {
		tx_moments(&t, &mean, &sd);
		printf("%s %s %.0f dBm (mean %.1f over %llu)\n", t.src,
		       out_mac(mac, sizeof(mac), t.addr), t.last / 100.0, mean,
		       t.frames);
	}
	fflush(stdout);
	if (l->left && !--l->left)
		l->done = true;
	return NL_OK;
}

static int do_monitor(const struct loomctl_group *grp,
		      const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		      int argc, char **argv)
{
	static const char *const names[] = { "COUNT" };
	struct sniff_listen l = { .opts = opts };
	unsigned long v;
	struct loom_nl nl;
	int i, id, err, ret = LOOMCTL_EXIT_FAIL;

	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 0, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (i < argc) {
		if (parse_uint(argv[i], 1, ~0UL, &v))
			return loomctl_usage_error(grp, cmd,
						   "COUNT must be a positive number, not '%s'",
						   argv[i]);
		l.left = v;
	}
	if (open_sniff(&nl))
		return LOOMCTL_EXIT_FAIL;
	id = genl_ctrl_resolve_grp(nl.sk, LOOM_SNIFF_GENL_NAME,
				   LOOM_SNIFF_MCGRP_EVENTS);
	if (id < 0 || nl_socket_add_membership(nl.sk, id) < 0) {
		loomctl_err("sniff monitor: cannot join the \"%s\" group",
			    LOOM_SNIFF_MCGRP_EVENTS);
		goto out;
	}
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &l);
	while (!l.done) {
		err = nl_recvmsgs_default(nl.sk);
		if (err == -NLE_NOMEM) {
			loomctl_err("sniff monitor: the receive buffer overflowed; notifications were lost");
		} else if (err < 0 && err != -NLE_INTR) {
			loomctl_err("sniff monitor: %s", nl_geterror(err));
			goto out;
		}
	}
	ret = LOOMCTL_EXIT_OK;
out:
	loom_nl_close(&nl);
	return ret;
}

static const struct loomctl_cmd sniff_cmds[] = {
	{
		.name = "start",
		.args = "{IFNAME | radio NAME} [capacity N] [type LIST] [addr MAC]... [events N]",
		.help = "listen on a monitor-mode interface or a Loom radio",
		.fn = do_change,
		.arg = LOOM_SNIFF_CMD_START,
	},
	{
		.name = "stop",
		.args = "{IFNAME | radio NAME}",
		.help = "stop listening there and forget what was heard",
		.fn = do_change,
		.arg = LOOM_SNIFF_CMD_STOP,
	},
	{
		.name = "clear",
		.args = "{IFNAME | radio NAME}",
		.help = "forget the transmitters heard there, keep listening",
		.fn = do_change,
		.arg = LOOM_SNIFF_CMD_CLEAR,
	},
	{
		.name = "list",
		.args = "[-j [-p]]",
		.help = "the sessions of this namespace and their counters",
		.fn = do_list,
	},
	{
		.name = "show",
		.args = "{IFNAME | radio NAME} [-j [-p]]",
		.help = "the transmitters heard there and their signal",
		.fn = do_show,
	},
	{
		.name = "monitor",
		.args = "[-j] [COUNT]",
		.help = "print transmitters as they are heard (rate-limited per session)",
		.fn = do_monitor,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_sniff_group = {
	.name = "sniff",
	.help = "the RSSI sniffer: transmitters heard on monitor interfaces and Loom radios",
	.cmds = sniff_cmds,
	.notes =
		"A session listens on a monitor-mode interface (iw dev IF set type monitor:\n"
		"frames with radiotap headers) or on a Loom radio (its receive tap, where\n"
		"the transmitter is the frame's link-layer source).  It keeps up to N\n"
		"transmitters (capacity, 1..65536, default 256); when full, the one heard\n"
		"least recently is forgotten for a new one and \"evicted\" counts it.\n"
		"type keeps only mgmt, ctrl, data or ext frames (a comma list); addr keeps\n"
		"only the addresses given (up to 16).  events is how many notifications\n"
		"a second \"sniff monitor\" may get from the session (0..1000, default 20).\n"
		"show gives each transmitter's frames, the MEAN, standard deviation, MIN,\n"
		"MAX, LAST and moving average (EWMA, weight 1/8) of its signal in dBm,\n"
		"and how long ago it was last heard; -j adds the sums, its channel and,\n"
		"for several receive chains, each chain's last signal.  Malformed\n"
		"radiotap headers, frames without a signal, bad FCS, short headers and\n"
		"frames without a transmitter (ACK, CTS) are counted in \"list -j\".\n"
		"Changes need CAP_NET_ADMIN; every namespace has its own sessions.\n",
	.examples =
		"  iw phy phy1 interface add mon0 type monitor && ip link set mon0 up\n"
		"  loomctl sniff start mon0 type mgmt,data\n"
		"  loomctl sniff show mon0\n"
		"  loomctl sniff start radio mesh0 addr 02:00:00:00:01:00\n"
		"  loomctl sniff monitor -j 10\n"
		"  loomctl sniff list -j | jq '.[] | {source, counted, bad_radiotap}'\n",
};
