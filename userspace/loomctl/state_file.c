// SPDX-License-Identifier: GPL-2.0
/*
 * State files: written through yajl_gen, read through json_pos.c, which
 * gives every value its place in the file for the messages.  A flat
 * object; every key but "saved_at" is required, no other is allowed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json_pos.h"
#include "loom.h"
#include "output.h"
#include "state_file.h"

enum state_key {
	SK_NODE,
	SK_ADDRESS,
	SK_PERIOD,
	SK_NEXT,
	SK_CLOCK,
	SK_FRAME_ID,
	SK_SAVED_AT,
	__SK_MAX,
};

/* Keys given, one bit each: all of these must be. */
#define SK_REQUIRED	((1u << SK_SAVED_AT) - 1)

/**
 * struct state_key_def - a key of the file
 * @name: its spelling
 * @kind: the JSON type of its value
 * @want: how messages describe the value
 */
struct state_key_def {
	const char *name;
	enum json_kind kind;
	const char *want;
};

static const struct state_key_def keys[__SK_MAX] = {
	[SK_NODE] = { "node", JSON_STRING, "the node's name" },
	[SK_ADDRESS] = { "address", JSON_STRING,
			 "a hex address (\"0x1000\")" },
	[SK_PERIOD] = { "period_ns", JSON_NUMBER,
			"an integer in 1..18446744073709551615" },
	[SK_NEXT] = { "next_refresh_ns", JSON_NUMBER,
		      "an integer in 0..18446744073709551615" },
	[SK_CLOCK] = { "clock", JSON_STRING, "\"real\" or \"virtual\"" },
	[SK_FRAME_ID] = { "frame_id", JSON_NUMBER, "an integer in 0..255" },
	[SK_SAVED_AT] = { "saved_at", JSON_STRING, "a string" },
};

/**
 * struct sparser - a state file being read
 * @jp: the text and the position in it
 * @sf: what it holds
 * @node: the node it must be for, or NULL
 * @depth: 0 before the top-level object, 1 in it
 * @key: the key whose value comes next
 * @seen: keys given, one bit per enum state_key
 * @obj_pos: offset of the object's opening brace
 */
struct sparser {
	struct json_pos jp;
	struct state_file *sf;
	const char *node;
	int depth;
	enum state_key key;
	unsigned int seen;
	size_t obj_pos;
};

int state_file_write(FILE *f, const char *node, const struct run_state *st,
		     time_t saved_at)
{
	yajl_gen g = out_json_new(f, true);
	char addr[8], when[32];
	struct tm tm;

	if (!g)
		return -ENOMEM;
	if (!gmtime_r(&saved_at, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "%lld", (long long)saved_at);
	yajl_gen_map_open(g);
	out_json_kstr(g, keys[SK_NODE].name, node);
	out_json_kstr(g, keys[SK_ADDRESS].name,
		      run_fmt_addr(addr, sizeof(addr), st->addr));
	out_json_kuint(g, keys[SK_PERIOD].name, st->period_ns);
	out_json_kuint(g, keys[SK_NEXT].name, st->next_refresh_ns);
	out_json_kstr(g, keys[SK_CLOCK].name, st->virt ? "virtual" : "real");
	out_json_kuint(g, keys[SK_FRAME_ID].name, st->frame_id);
	out_json_kstr(g, keys[SK_SAVED_AT].name, when);
	yajl_gen_map_close(g);
	out_json_end(g, f, true);
	return ferror(f) ? -EIO : 0;
}

/* A value starts at @pos: is it one of the object, of the right type? */
static int value_for(struct sparser *p, enum json_kind kind, size_t pos)
{
	const struct state_key_def *def;

	if (!p->depth)
		return json_pos_fail(&p->jp, pos,
				     "the top level must be an object (a node's saved state), not %s",
				     json_pos_kind_name(kind));
	def = &keys[p->key];
	if (kind != def->kind)
		return json_pos_fail(&p->jp, pos, "\"%s\" must be %s, not %s",
				     def->name, def->want,
				     json_pos_kind_name(kind));
	return 1;
}

static int cb_null(void *arg)
{
	struct sparser *p = arg;

	/* No key takes null: value_for() says why. */
	value_for(p, JSON_NULL, json_pos_tok(&p->jp));
	return 0;
}

static int cb_boolean(void *arg, int b)
{
	struct sparser *p = arg;

	(void)b;
	value_for(p, JSON_BOOL, json_pos_tok(&p->jp));
	return 0;
}

/* All of @s (@l bytes) as a u64 in decimal digits: 0 or -1. */
static int parse_u64(const char *s, size_t l, uint64_t *v)
{
	size_t i;

	if (!l)
		return -1;
	*v = 0;
	for (i = 0; i < l; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9 || *v > (UINT64_MAX - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return 0;
}

static int cb_number(void *arg, const char *s, size_t l)
{
	struct sparser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	const struct state_key_def *def;
	int ls = l > 40 ? 40 : (int)l;
	uint64_t v;

	if (!value_for(p, JSON_NUMBER, pos))
		return 0;
	def = &keys[p->key];
	if (parse_u64(s, l, &v) || (p->key == SK_PERIOD && !v) ||
	    (p->key == SK_FRAME_ID && v > 255))
		return json_pos_fail(&p->jp, pos, "\"%s\" must be %s, not %.*s",
				     def->name, def->want, ls, s);
	switch (p->key) {
	case SK_PERIOD:
		p->sf->st.period_ns = v;
		break;
	case SK_NEXT:
		p->sf->st.next_refresh_ns = v;
		break;
	default:
		p->sf->st.frame_id = (u8)v;
		break;
	}
	return 1;
}

/* The "node" value @s: a name, and @p->node's if that is given. */
static int node_value(struct sparser *p, size_t pos, const char *s)
{
	char why[RUN_ERR_MAX];

	if (run_check_name(s, why, sizeof(why)))
		return json_pos_fail(&p->jp, pos, "\"node\" is %s", why);
	if (p->node && strcmp(s, p->node))
		return json_pos_fail(&p->jp, pos,
				     "this is the state of node \"%s\", not \"%s\"",
				     s, p->node);
	memcpy(p->sf->node, s, strlen(s) + 1);
	return 1;
}

static int cb_string(void *arg, const unsigned char *u, size_t l)
{
	struct sparser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	char s[LOOM_NAME_MAX + 2];
	int ls = l > 40 ? 40 : (int)l;
	uint16_t a;

	if (!value_for(p, JSON_STRING, pos))
		return 0;
	if (p->key == SK_SAVED_AT)
		return 1;
	if (memchr(u, '\0', l))
		return json_pos_fail(&p->jp, pos,
				     "\"%s\" contains a NUL character",
				     keys[p->key].name);
	/* The longest value allowed, and one byte more to tell. */
	snprintf(s, sizeof(s), "%.*s", (int)(l < sizeof(s) ? l : sizeof(s)),
		 (const char *)u);
	switch (p->key) {
	case SK_NODE:
		return node_value(p, pos, s);
	case SK_ADDRESS:
		if (loom_parse_addr(s, &a) || l >= sizeof(s))
			return json_pos_fail(&p->jp, pos,
					     "\"address\" must be %s, not \"%.*s\"",
					     keys[SK_ADDRESS].want, ls, u);
		if (a == LOOM_ADDR_RESERVED)
			return json_pos_fail(&p->jp, pos,
					     "\"address\" 0x0000 is reserved");
		p->sf->st.addr = a;
		return 1;
	default:
		if (!strcmp(s, "real") || !strcmp(s, "virtual")) {
			p->sf->st.virt = s[0] == 'v';
			return 1;
		}
		return json_pos_fail(&p->jp, pos,
				     "\"clock\" must be %s, not \"%.*s\"",
				     keys[SK_CLOCK].want, ls, u);
	}
}

static int cb_start_map(void *arg)
{
	struct sparser *p = arg;
	size_t pos = json_pos_tok(&p->jp);

	if (p->depth)
		return value_for(p, JSON_OBJECT, pos);
	p->jp.started = true;
	p->depth = 1;
	p->obj_pos = pos;
	return 1;
}

static int cb_map_key(void *arg, const unsigned char *s, size_t l)
{
	struct sparser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	char shown[80];
	unsigned int k;

	for (k = 0; k < __SK_MAX; k++)
		if (strlen(keys[k].name) == l && !memcmp(keys[k].name, s, l))
			break;
	if (k == __SK_MAX)
		return json_pos_fail(&p->jp, pos,
				     "unknown key \"%s\" (expected \"node\", \"address\", \"period_ns\", \"next_refresh_ns\", \"clock\", \"frame_id\", \"saved_at\")",
				     json_pos_key(shown, sizeof(shown), s, l));
	if (p->seen & (1u << k))
		return json_pos_fail(&p->jp, pos, "duplicate key \"%s\"",
				     keys[k].name);
	p->seen |= 1u << k;
	p->key = k;
	return 1;
}

static int cb_end_map(void *arg)
{
	struct sparser *p = arg;
	unsigned int k;

	json_pos_tok(&p->jp);
	for (k = 0; k < __SK_MAX; k++)
		if ((SK_REQUIRED & (1u << k)) && !(p->seen & (1u << k)))
			return json_pos_fail(&p->jp, p->obj_pos,
					     "no \"%s\" (%s)", keys[k].name,
					     keys[k].want);
	p->depth = 0;
	return 1;
}

static int cb_start_array(void *arg)
{
	struct sparser *p = arg;

	value_for(p, JSON_ARRAY, json_pos_tok(&p->jp));
	return 0;
}

static const yajl_callbacks state_callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_boolean,
	.yajl_number = cb_number,	/* raw text: we judge integers */
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_map_key,
	.yajl_end_map = cb_end_map,
	.yajl_start_array = cb_start_array,
};

int state_file_parse(const char *file, const char *text, size_t len,
		     const char *node, struct state_file *sf, char *err,
		     size_t errlen)
{
	struct sparser p = {
		.jp = {
			.file = file, .text = text, .len = len,
			.err = err, .errlen = errlen,
		},
		.sf = sf,
		.node = node,
	};

	memset(sf, 0, sizeof(*sf));
	return json_pos_parse(&p.jp, &state_callbacks, &p,
			      "file is empty (expected a node's saved state, as \"loomctl state save\" writes it)");
}

int state_file_read(const char *path, const char *node,
		    struct state_file *sf, char *err, size_t errlen)
{
	const char *file;
	char *text;
	size_t len;
	int ret;

	if (json_read_file(path, STATE_FILE_MAX, &text, &len, &file, err,
			   errlen))
		return -1;
	ret = state_file_parse(file, text, len, node, sf, err, errlen);
	free(text);
	return ret;
}
