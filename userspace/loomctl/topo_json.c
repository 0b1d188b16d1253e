// SPDX-License-Identifier: GPL-2.0
/*
 * Topology JSON reader.
 *
 * json_pos.c gives every token its byte offset: errors then point at the
 * offending field, and each node keeps the offset of its name so that the
 * shared validator's verdict (a node index) maps back to FILE:LINE:COL.
 * The reader keeps its own stack instead of recursing, so deeply nested
 * input cannot exhaust the C stack.
 *
 * Validation of the tree itself (roles, depth, counts, names, config
 * ranges) is not done here: kernel/net/topology.c does it, for the kernel
 * and for loomctl alike.  This file only checks what JSON can get wrong.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "json_pos.h"
#include "loomctl.h"
#include "output.h"
#include "topo_json.h"

/* A topology file is a few MiB at most (53805 nodes); refuse silly input. */
#define TOPO_FILE_MAX	(64u << 20)

enum ctx_kind {
	CTX_DOC,	/* the top-level object */
	CTX_NODE,	/* a node object */
	CTX_CHILDREN,	/* a "children" array */
	CTX_CONFIG,	/* the "config" object */
};

enum key_id {
	KEY_NONE,
	KEY_ROOT,
	KEY_CONFIG,
	KEY_NAME,
	KEY_TYPE,
	KEY_SENSOR,
	KEY_CHILDREN,
	KEY_SLOT_MS,
	KEY_INTERVAL_MS,
	KEY_CYCLES,
};

/**
 * struct key_def - a key the reader knows
 * @ctx: the object it belongs in
 * @name: its spelling
 * @id: its identity
 * @kind: the JSON type of its value
 * @want: how messages describe that type
 */
struct key_def {
	enum ctx_kind ctx;
	const char *name;
	enum key_id id;
	enum json_kind kind;
	const char *want;
};

static const struct key_def key_defs[] = {
	{ CTX_DOC, "root", KEY_ROOT, JSON_OBJECT, "an object (the coordinator)" },
	{ CTX_DOC, "config", KEY_CONFIG, JSON_OBJECT, "an object" },
	{ CTX_NODE, "name", KEY_NAME, JSON_STRING, "a string" },
	{ CTX_NODE, "type", KEY_TYPE, JSON_NUMBER,
	  "an integer (0 = end device, 1 = router)" },
	{ CTX_NODE, "sensor", KEY_SENSOR, JSON_BOOL, "true or false" },
	{ CTX_NODE, "children", KEY_CHILDREN, JSON_ARRAY, "an array of nodes" },
	{ CTX_CONFIG, "slot_ms", KEY_SLOT_MS, JSON_NUMBER, "an integer" },
	{ CTX_CONFIG, "data_interval_ms", KEY_INTERVAL_MS, JSON_NUMBER,
	  "an integer" },
	{ CTX_CONFIG, "data_cycles", KEY_CYCLES, JSON_NUMBER, "an integer" },
};

static const char *const ctx_keys[] = {
	[CTX_DOC] = "\"root\", \"config\"",
	[CTX_NODE] = "\"name\", \"type\", \"sensor\", \"children\"",
	[CTX_CONFIG] = "\"slot_ms\", \"data_interval_ms\", \"data_cycles\"",
};

static const char *const ctx_where[] = {
	[CTX_DOC] = "at the top level",
	[CTX_NODE] = "in a node",
	[CTX_CONFIG] = "in \"config\"",
};

/**
 * struct ctx - one open object or array
 * @kind: what it is
 * @key: the key whose value comes next (objects), KEY_NONE otherwise
 * @seen: keys already given, one bit per enum key_id (duplicates)
 * @node: CTX_NODE: the node; CTX_CHILDREN: their parent
 * @pos: offset of its opening brace or bracket
 */
struct ctx {
	enum ctx_kind kind;
	enum key_id key;
	unsigned int seen;
	u32 node;
	size_t pos;
};

struct parser {
	struct json_pos jp;
	struct topo_doc *doc;

	struct ctx *stack;
	size_t depth, stack_cap;

	struct loom_topo_node *nodes;
	size_t *name_pos;
	size_t *node_pos;
	size_t n, nodes_cap;
	struct loom_topo_config cfg;
};

void topo_doc_linecol(const struct topo_doc *doc, size_t pos,
		      unsigned int *line, unsigned int *col)
{
	json_pos_linecol(doc->text, doc->len, pos, line, col);
}

static struct ctx *top(struct parser *p)
{
	return p->depth ? &p->stack[p->depth - 1] : NULL;
}

static int push(struct parser *p, enum ctx_kind kind, u32 node, size_t pos)
{
	struct ctx *c;

	if (p->depth == p->stack_cap) {
		size_t cap = p->stack_cap ? 2 * p->stack_cap : 16;
		struct ctx *s = realloc(p->stack, cap * sizeof(*s));

		if (!s)
			return json_pos_fail(&p->jp, pos, "out of memory");
		p->stack = s;
		p->stack_cap = cap;
	}
	c = &p->stack[p->depth++];
	c->kind = kind;
	c->key = KEY_NONE;
	c->seen = 0;
	c->node = node;
	c->pos = pos;
	return 1;
}

static int new_node(struct parser *p, u32 parent, size_t pos)
{
	struct loom_topo_node *nd;

	/* loom_topo_alloc() refuses more: say it here, at the node. */
	if (p->n >= LOOM_MAX_NODES)
		return json_pos_fail(&p->jp, pos, "%s",
			       loom_topo_strerror(LOOM_TOPO_E_TOO_MANY_NODES));
	if (p->n == p->nodes_cap) {
		size_t cap = p->nodes_cap ? 2 * p->nodes_cap : 64;
		void *a, *b, *c;

		a = realloc(p->nodes, cap * sizeof(*p->nodes));
		if (a)
			p->nodes = a;
		b = realloc(p->name_pos, cap * sizeof(*p->name_pos));
		if (b)
			p->name_pos = b;
		c = realloc(p->node_pos, cap * sizeof(*p->node_pos));
		if (c)
			p->node_pos = c;
		if (!a || !b || !c)
			return json_pos_fail(&p->jp, pos, "out of memory");
		p->nodes_cap = cap;
	}
	nd = &p->nodes[p->n];
	memset(nd, 0, sizeof(*nd));
	nd->parent = parent;
	nd->role = parent == LOOM_NO_PARENT ? LOOM_ROLE_COORDINATOR :
					       LOOM_ROLE_END_DEVICE;
	p->name_pos[p->n] = TOPO_NOPOS;
	p->node_pos[p->n] = pos;
	return push(p, CTX_NODE, (u32)p->n++, pos);
}

static const struct key_def *key_def(enum key_id id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_defs); i++)
		if (key_defs[i].id == id)
			return &key_defs[i];
	return NULL;
}

/*
 * A value starts: find out what it is for and whether its JSON type fits.
 * Sets *@key to the key it is the value of, KEY_CHILDREN for an element
 * of "children", KEY_NONE for the top-level value.
 */
static int value_for(struct parser *p, enum json_kind kind, size_t pos,
		     enum key_id *key)
{
	const struct key_def *def;
	struct ctx *c = top(p);

	if (!c) {
		p->jp.started = true;
		if (kind != JSON_OBJECT)
			return json_pos_fail(&p->jp, pos,
				       "the top level must be an object with a \"root\" node, not %s",
				       json_pos_kind_name(kind));
		*key = KEY_NONE;
		return 1;
	}
	if (c->kind == CTX_CHILDREN) {
		if (kind != JSON_OBJECT)
			return json_pos_fail(&p->jp, pos,
				       "each element of \"children\" must be a node object, not %s",
				       json_pos_kind_name(kind));
		*key = KEY_CHILDREN;
		return 1;
	}
	*key = c->key;
	c->key = KEY_NONE;
	def = key_def(*key);
	if (!def)	/* yajl never gives a value without its key */
		return json_pos_fail(&p->jp, pos, "internal error: value without a key");
	if (kind != def->kind)
		return json_pos_fail(&p->jp, pos, "\"%s\" must be %s, not %s", def->name,
			       def->want, json_pos_kind_name(kind));
	return 1;
}

static struct loom_topo_node *cur_node(struct parser *p)
{
	return &p->nodes[top(p)->node];
}

static int cb_null(void *arg)
{
	struct parser *p = arg;
	enum key_id key;

	/* null is never a valid value here: value_for() says why. */
	value_for(p, JSON_NULL, json_pos_tok(&p->jp), &key);
	return 0;
}

static int cb_boolean(void *arg, int b)
{
	struct parser *p = arg;
	enum key_id key;

	if (!value_for(p, JSON_BOOL, json_pos_tok(&p->jp), &key))
		return 0;
	/* Only "sensor" takes a boolean. */
	cur_node(p)->sensor = b != 0;
	return 1;
}

/* A JSON number that is an integer; false for 1.5, 1e3 or out of range. */
static bool parse_int(const char *s, size_t l, long long *v, bool *range)
{
	char buf[32];
	char *end;

	*range = false;
	if (memchr(s, '.', l) || memchr(s, 'e', l) || memchr(s, 'E', l))
		return false;
	if (l >= sizeof(buf)) {
		*range = true;
		return false;
	}
	memcpy(buf, s, l);
	buf[l] = '\0';
	errno = 0;
	*v = strtoll(buf, &end, 10);
	if (errno == ERANGE) {
		*range = true;
		return false;
	}
	return *end == '\0';
}

static int cb_number(void *arg, const char *s, size_t l)
{
	struct parser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	const struct key_def *def;
	enum key_id key;
	long long v;
	bool range;
	u32 max = 0;
	u32 *dst = NULL;
	int field = -1;
	int ls = l > 40 ? 40 : (int)l;

	if (!value_for(p, JSON_NUMBER, pos, &key))
		return 0;
	def = key_def(key);
	if (!parse_int(s, l, &v, &range) && !range)
		return json_pos_fail(&p->jp, pos, "\"%s\" must be %s, not %.*s", def->name,
			       def->want, ls, s);
	switch (key) {
	case KEY_TYPE:
		if (range || (v != 0 && v != 1))
			return json_pos_fail(&p->jp, pos,
				       "\"type\" must be 0 (end device) or 1 (router), not %.*s",
				       ls, s);
		cur_node(p)->role = v ? LOOM_ROLE_ROUTER : LOOM_ROLE_END_DEVICE;
		return 1;
	case KEY_SLOT_MS:
		dst = &p->cfg.slot_ms;
		max = LOOM_CFG_SLOT_MS_MAX;
		field = TOPO_CFG_SLOT_MS;
		break;
	case KEY_INTERVAL_MS:
		dst = &p->cfg.data_interval_ms;
		max = LOOM_CFG_INTERVAL_MS_MAX;
		field = TOPO_CFG_INTERVAL_MS;
		break;
	case KEY_CYCLES:
		dst = &p->cfg.data_cycles;
		max = LOOM_CFG_CYCLES_MAX;
		field = TOPO_CFG_CYCLES;
		break;
	default:
		return json_pos_fail(&p->jp, pos, "internal error: unexpected number");
	}
	/*
	 * Only what a u32 cannot carry is refused here; the range proper
	 * is the validator's, so loomctl and the kernel name the same rule.
	 */
	if (range || v < 0 || v > UINT32_MAX)
		return json_pos_fail(&p->jp, pos, "\"%s\" must be in 1..%u, not %.*s",
			       def->name, max, ls, s);
	*dst = (u32)v;
	p->doc->cfg_pos[field] = pos;
	return 1;
}

static int cb_string(void *arg, const unsigned char *s, size_t l)
{
	struct parser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	struct loom_topo_node *nd;
	enum key_id key;

	if (!value_for(p, JSON_STRING, pos, &key))
		return 0;
	/* Only "name" takes a string.  An empty one is the validator's. */
	if (l > LOOM_NAME_MAX)
		return json_pos_fail(&p->jp, pos,
			       "\"name\" is %zu bytes long, at most %d allowed",
			       l, LOOM_NAME_MAX);
	if (memchr(s, '\0', l))
		return json_pos_fail(&p->jp, pos, "\"name\" contains a NUL character");
	nd = cur_node(p);
	memcpy(nd->name, s, l);
	nd->name[l] = '\0';
	p->name_pos[top(p)->node] = pos;
	return 1;
}

static int cb_start_map(void *arg)
{
	struct parser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	enum key_id key;
	u32 parent;

	if (!value_for(p, JSON_OBJECT, pos, &key))
		return 0;
	switch (key) {
	case KEY_NONE:
		p->doc->doc_pos = pos;
		return push(p, CTX_DOC, 0, pos);
	case KEY_ROOT:
		return new_node(p, LOOM_NO_PARENT, pos);
	case KEY_CHILDREN:
		parent = top(p)->node;
		return new_node(p, parent, pos);
	case KEY_CONFIG:
		return push(p, CTX_CONFIG, 0, pos);
	default:
		return json_pos_fail(&p->jp, pos, "internal error: unexpected object");
	}
}

static int cb_map_key(void *arg, const unsigned char *s, size_t l)
{
	struct parser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	struct ctx *c = top(p);
	const struct key_def *def = NULL;
	char shown[80];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_defs); i++) {
		if (key_defs[i].ctx == c->kind &&
		    strlen(key_defs[i].name) == l &&
		    !memcmp(key_defs[i].name, s, l)) {
			def = &key_defs[i];
			break;
		}
	}
	if (!def)
		return json_pos_fail(&p->jp, pos, "unknown key \"%s\" %s (expected %s)",
			       json_pos_key(shown, sizeof(shown), s, l),
			       ctx_where[c->kind], ctx_keys[c->kind]);
	if (c->seen & (1u << def->id))
		return json_pos_fail(&p->jp, pos, "duplicate key \"%s\"", def->name);
	if (def->id == KEY_TYPE && p->nodes[c->node].parent == LOOM_NO_PARENT)
		return json_pos_fail(&p->jp, pos,
			       "\"type\" is not allowed on \"root\": the root is always the coordinator");
	c->seen |= 1u << def->id;
	c->key = def->id;
	if (def->id == KEY_CONFIG)
		p->doc->config_pos = pos;
	return 1;
}

static int cb_end_map(void *arg)
{
	struct parser *p = arg;
	struct ctx *c = top(p);
	struct loom_topo_node *nd;

	json_pos_tok(&p->jp);
	if (c->kind == CTX_DOC && !(c->seen & (1u << KEY_ROOT)))
		return json_pos_fail(&p->jp, c->pos,
			       "no \"root\" node: the top level must be {\"root\": {...}}");
	if (c->kind == CTX_NODE) {
		nd = &p->nodes[c->node];
		if (!(c->seen & (1u << KEY_NAME)))
			return json_pos_fail(&p->jp, c->pos, "node has no \"name\"");
		if (nd->parent != LOOM_NO_PARENT &&
		    !(c->seen & (1u << KEY_TYPE)))
			return json_pos_fail(&p->jp, c->pos,
				       "node '%s' has no \"type\" (0 = end device, 1 = router)",
				       nd->name);
		/* Documented defaults: end devices sense, the rest do not. */
		if (!(c->seen & (1u << KEY_SENSOR)))
			nd->sensor = nd->role == LOOM_ROLE_END_DEVICE;
	}
	p->depth--;
	return 1;
}

static int cb_start_array(void *arg)
{
	struct parser *p = arg;
	size_t pos = json_pos_tok(&p->jp);
	enum key_id key;

	if (!value_for(p, JSON_ARRAY, pos, &key))
		return 0;
	/* Only "children" takes an array; even an end device's goes on. */
	return push(p, CTX_CHILDREN, top(p)->node, pos);
}

static int cb_end_array(void *arg)
{
	struct parser *p = arg;

	json_pos_tok(&p->jp);
	p->depth--;
	return 1;
}

static const yajl_callbacks topo_callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_boolean,
	.yajl_number = cb_number,	/* raw text: we judge integers */
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_map_key,
	.yajl_end_map = cb_end_map,
	.yajl_start_array = cb_start_array,
	.yajl_end_array = cb_end_array,
};

static void parser_free(struct parser *p)
{
	free(p->stack);
	free(p->nodes);
	free(p->name_pos);
	free(p->node_pos);
}

int topo_doc_parse(struct topo_doc *doc, const char *file, const char *text,
		   size_t len, char *err, size_t errlen)
{
	struct parser p = {
		.doc = doc,
		.jp = {
			.file = file, .len = len, .err = err, .errlen = errlen,
		},
	};
	int i, ret = -1;

	memset(doc, 0, sizeof(*doc));
	doc->config_pos = TOPO_NOPOS;
	for (i = 0; i < __TOPO_CFG_MAX; i++)
		doc->cfg_pos[i] = TOPO_NOPOS;
	doc->file = strdup(file);
	doc->text = malloc(len + 1);
	if (!doc->file || !doc->text) {
		snprintf(err, errlen, "%s: out of memory", file);
		goto out;
	}
	memcpy(doc->text, text, len);
	doc->text[len] = '\0';
	doc->len = len;
	p.jp.text = doc->text;
	loom_topo_config_default(&p.cfg);

	if (json_pos_parse(&p.jp, &topo_callbacks, &p,
			   "file is empty (expected a JSON object with a \"root\" node)"))
		goto out;

	doc->t = loom_topo_alloc((u32)p.n);
	if (!doc->t) {
		snprintf(err, errlen, "%s: out of memory", file);
		goto out;
	}
	memcpy(doc->t->nodes, p.nodes, p.n * sizeof(*p.nodes));
	doc->t->cfg = p.cfg;
	doc->name_pos = p.name_pos;
	doc->node_pos = p.node_pos;
	p.name_pos = NULL;
	p.node_pos = NULL;
	ret = 0;
out:
	parser_free(&p);
	if (ret)
		topo_doc_free(doc);
	return ret;
}

int topo_doc_read(struct topo_doc *doc, const char *path, char *err,
		  size_t errlen)
{
	const char *file;
	char *text;
	size_t len;
	int ret;

	memset(doc, 0, sizeof(*doc));
	if (json_read_file(path, TOPO_FILE_MAX, &text, &len, &file, err,
			   errlen))
		return -1;
	ret = topo_doc_parse(doc, file, text, len, err, errlen);
	free(text);
	return ret;
}

/* Where the validator's verdict points: the node's name, or the field. */
static size_t verdict_pos(const struct topo_doc *doc,
			  const struct loom_topo_error *e)
{
	const size_t *c = doc->cfg_pos;
	size_t pos = TOPO_NOPOS;

	if (e->node < doc->t->n) {
		pos = doc->name_pos[e->node];
		if (pos == TOPO_NOPOS)
			pos = doc->node_pos[e->node];
		return pos;
	}
	switch (e->code) {
	case LOOM_TOPO_E_CFG_SLOT:
		pos = c[TOPO_CFG_SLOT_MS];
		break;
	case LOOM_TOPO_E_CFG_INTERVAL:
		pos = c[TOPO_CFG_INTERVAL_MS];
		break;
	case LOOM_TOPO_E_CFG_CYCLES:
		pos = c[TOPO_CFG_CYCLES];
		break;
	case LOOM_TOPO_E_CFG_NO_FIT:
		/* The interval is what is too short for the schedule. */
		pos = c[TOPO_CFG_INTERVAL_MS];
		if (pos == TOPO_NOPOS)
			pos = c[TOPO_CFG_SLOT_MS];
		break;
	}
	if (pos == TOPO_NOPOS && e->code >= LOOM_TOPO_E_CFG_SLOT)
		pos = doc->config_pos;
	if (pos == TOPO_NOPOS && doc->t->n)
		pos = doc->name_pos[0];
	if (pos == TOPO_NOPOS)
		pos = doc->doc_pos;
	return pos;
}

int topo_doc_compute(struct topo_doc *doc, char *err, size_t errlen)
{
	struct loom_topo_error e;

	return topo_doc_verdict(doc, &e, err, errlen);
}

int topo_doc_verdict(struct topo_doc *doc, struct loom_topo_error *ep,
		     char *err, size_t errlen)
{
	struct loom_topo_error e = { .code = 0 };
	unsigned int line, col;
	char msg[LOOM_NAME_MAX * 2 + 256];
	int ret;

	ret = loom_topo_compute(doc->t, &e);
	*ep = e;
	if (!ret)
		return 0;
	if (ret != -EINVAL) {
		ep->code = -1;
		snprintf(err, errlen, "loomctl: %s: %s", doc->file,
			 strerror(-ret));
		return -1;
	}
	loom_topo_format_error(doc->t, &e, msg, sizeof(msg));
	out_printable(msg, sizeof(msg), msg);
	topo_doc_linecol(doc, verdict_pos(doc, &e), &line, &col);
	snprintf(err, errlen, "%s:%u:%u: %s", doc->file, line, col, msg);
	return -1;
}

int topo_doc_check(struct topo_doc *doc, const char *path, char *err,
		   size_t errlen)
{
	if (topo_doc_read(doc, path, err, errlen))
		return -1;
	if (topo_doc_compute(doc, err, errlen)) {
		topo_doc_free(doc);
		return -1;
	}
	return 0;
}

void topo_doc_free(struct topo_doc *doc)
{
	free(doc->file);
	free(doc->text);
	loom_topo_free(doc->t);
	free(doc->name_pos);
	free(doc->node_pos);
	memset(doc, 0, sizeof(*doc));
	doc->config_pos = TOPO_NOPOS;
}

int topo_doc_check_print(struct topo_doc *doc, const char *path)
{
	char *err = malloc(LOOMCTL_ERR_MAX);

	if (!err) {
		loomctl_err("out of memory");
		return -1;
	}
	if (topo_doc_check(doc, path, err, LOOMCTL_ERR_MAX)) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	free(err);
	return 0;
}
