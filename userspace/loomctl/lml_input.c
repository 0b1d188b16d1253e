// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl lml locate": read the leaves and their sniffer tables, locate
 * every transmitter three or more of them heard, print the estimates as a
 * table, JSON or an SVG picture (lml_input.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "lml_input.h"
#include "output.h"

/* 95 % of a two-dimensional Gaussian: the chi-square quantile. */
#define LML_CHI2_95	5.991

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* @v's text, or NULL when it is not a string. */
static const char *str_of(yajl_val v)
{
	return v && YAJL_IS_STRING(v) ? v->u.string : NULL;
}

static yajl_val key(yajl_val obj, const char *k)
{
	size_t i;

	for (i = 0; YAJL_IS_OBJECT(obj) && i < obj->u.object.len; i++)
		if (!strcmp(obj->u.object.keys[i], k))
			return obj->u.object.values[i];
	return NULL;
}

/* Only @keys (NULL-terminated) in @obj, which @where names. */
static int known(yajl_val obj, const char *where, const char *const *keys,
		 char *err, size_t len)
{
	size_t i;

	for (i = 0; i < obj->u.object.len; i++) {
		const char *const *p;

		for (p = keys; *p && strcmp(*p, obj->u.object.keys[i]); p++)
			;
		if (!*p)
			return fail(err, len, "%s: unknown field \"%s\"", where,
				    obj->u.object.keys[i]);
	}
	return 0;
}

static int num(yajl_val obj, const char *where, const char *k, double *v,
	       char *err, size_t len)
{
	yajl_val f = key(obj, k);

	if (!f)
		return fail(err, len, "%s.%s: missing", where, k);
	if (!YAJL_IS_NUMBER(f) || !isfinite(YAJL_GET_DOUBLE(f)))
		return fail(err, len, "%s.%s: must be a number", where, k);
	*v = YAJL_GET_DOUBLE(f);
	return 0;
}

/* The transmitter @addr in @in, added if new; NULL when full. */
static struct lml_tx *tx_of(struct lml_input *in, const char *addr)
{
	size_t i;

	for (i = 0; i < in->ntx; i++)
		if (!strcmp(in->tx[i].addr, addr))
			return &in->tx[i];
	if (in->ntx == LML_TX_MAX)
		return NULL;
	memset(&in->tx[in->ntx], 0, sizeof(in->tx[0]));
	snprintf(in->tx[in->ntx].addr, sizeof(in->tx[0].addr), "%s", addr);
	return &in->tx[in->ntx++];
}

/* One leaf's "heard": "loomctl sniff show -j" output as it is. */
static int parse_heard(yajl_val arr, const char *where, size_t leaf,
		       struct lml_input *in, char *err, size_t len)
{
	unsigned int octets[6];
	size_t i;

	if (!YAJL_IS_ARRAY(arr))
		return fail(err, len, "%s.heard: must be an array (loomctl sniff show -j)",
			    where);
	for (i = 0; i < arr->u.array.len; i++) {
		yajl_val e = arr->u.array.values[i], f;
		const char *a = str_of(key(e, "addr"));
		char at[64];
		struct lml_tx *t;
		double mean;

		snprintf(at, sizeof(at), "%s.heard[%zu]", where, i);
		if (!YAJL_IS_OBJECT(e))
			return fail(err, len, "%s: must be an object", at);
		if (!a || strlen(a) != 17 ||
		    sscanf(a, "%2x:%2x:%2x:%2x:%2x:%2x", &octets[0], &octets[1],
			   &octets[2], &octets[3], &octets[4], &octets[5]) != 6)
			return fail(err, len, "%s.addr: must be a MAC address", at);
		if (num(e, at, "mean_dbm", &mean, err, len))
			return -EINVAL;
		f = key(e, "frames");
		if (!f || !YAJL_IS_INTEGER(f) || YAJL_GET_INTEGER(f) < 1)
			return fail(err, len, "%s.frames: must be a positive integer", at);
		t = tx_of(in, a);
		if (!t)
			return fail(err, len, "%s: more than %d transmitters", at,
				    LML_TX_MAX);
		t->heard[leaf].mean_dbm = mean;
		t->heard[leaf].frames = YAJL_GET_INTEGER(f);
	}
	return 0;
}

static int parse_leaves(yajl_val arr, struct lml_input *in, char *err,
			size_t len)
{
	static const char *const keys[] = { "id", "x", "y", "heard", NULL };
	size_t i, j;

	if (!YAJL_IS_ARRAY(arr))
		return fail(err, len, "leaves: must be an array");
	if (arr->u.array.len < 3 || arr->u.array.len > LML_ANCHORS_MAX)
		return fail(err, len, "leaves: 3 to %d leaves, not %zu",
			    LML_ANCHORS_MAX, arr->u.array.len);
	in->nleaves = arr->u.array.len;
	for (i = 0; i < in->nleaves; i++) {
		yajl_val l = arr->u.array.values[i];
		const char *id;
		char at[32];

		snprintf(at, sizeof(at), "leaves[%zu]", i);
		if (!YAJL_IS_OBJECT(l))
			return fail(err, len, "%s: must be an object", at);
		if (known(l, at, keys, err, len))
			return -EINVAL;
		id = str_of(key(l, "id"));
		if (!id || !*id || strlen(id) > 32 ||
		    strspn(id, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(id))
			return fail(err, len,
				    "%s.id: 1 to 32 letters, digits, '.', '_', '-'", at);
		snprintf(in->id[i], sizeof(in->id[i]), "%s", id);
		for (j = 0; j < i; j++)
			if (!strcmp(in->id[j], in->id[i]))
				return fail(err, len, "%s.id: \"%s\" twice", at,
					    in->id[i]);
		if (num(l, at, "x", &in->pos[i].x, err, len) ||
		    num(l, at, "y", &in->pos[i].y, err, len))
			return -EINVAL;
		if (key(l, "heard") &&
		    parse_heard(key(l, "heard"), at, i, in, err, len))
			return -EINVAL;
	}
	return 0;
}

/*
 * The request in @text: {"model": {"p0_dbm", "n", "sigma_db"}, "leaves":
 * [{"id", "x", "y", "heard": [sniff show -j entries]}]}.  0, or -EINVAL
 * with the path of what is wrong in @err ("leaves[1].x: missing").
 */
int lml_input_parse(const char *text, size_t len, struct lml_input *in,
		    char *err, size_t errlen)
{
	static const char *const top_keys[] = { "model", "leaves", NULL };
	static const char *const model_keys[] = { "p0_dbm", "n", "sigma_db",
		NULL };
	char yerr[160], *copy;
	yajl_val top, m;
	int e;

	memset(in, 0, sizeof(*in));
	copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	yerr[0] = 0;
	top = yajl_tree_parse(copy, yerr, sizeof(yerr));
	free(copy);
	if (!top) {
		yerr[strcspn(yerr, "\n")] = 0;
		return fail(err, errlen, "not JSON: %s", yerr);
	}
	e = !YAJL_IS_OBJECT(top) ? fail(err, errlen, "not a JSON object") :
	    known(top, "the request", top_keys, err, errlen);
	m = key(top, "model");
	if (!e && !YAJL_IS_OBJECT(m))
		e = fail(err, errlen, "model: must be an object");
	e = e ?: known(m, "model", model_keys, err, errlen) ?:
	    num(m, "model", "p0_dbm", &in->model.p0_dbm, err, errlen) ?:
	    num(m, "model", "n", &in->model.n, err, errlen) ?:
	    num(m, "model", "sigma_db", &in->model.sigma_db, err, errlen);
	if (!e && !(in->model.n > 0))
		e = fail(err, errlen, "model.n: must be above 0");
	if (!e && !(in->model.sigma_db > 0))
		e = fail(err, errlen, "model.sigma_db: must be above 0");
	e = e ?: parse_leaves(key(top, "leaves"), in, err, errlen);
	yajl_tree_free(top);
	return e;
}

/*
 * Every transmitter of @in into @res (in->ntx of them).  Each leaf's mean
 * over M frames has sigma / sqrt(M) of noise if the frames' shadowing is
 * independent; the fewest frames any of its leaves had sets the sigma
 * used (the cautious choice: shadowing fixed per link does not average).
 */
size_t lml_solve(const struct lml_input *in, struct lml_result *res)
{
	size_t i, j;

	for (i = 0; i < in->ntx; i++) {
		const struct lml_tx *t = &in->tx[i];
		struct lml_point at[LML_ANCHORS_MAX];
		double rssi[LML_ANCHORS_MAX];
		struct lml_model m = in->model;
		unsigned long long fmin = 0;
		struct lml_result *r = &res[i];
		size_t k = 0;

		memset(r, 0, sizeof(*r));
		memcpy(r->addr, t->addr, sizeof(r->addr));
		for (j = 0; j < in->nleaves; j++) {
			if (!t->heard[j].frames)
				continue;
			at[k] = in->pos[j];
			rssi[k++] = t->heard[j].mean_dbm;
			if (!fmin || t->heard[j].frames < fmin)
				fmin = t->heard[j].frames;
		}
		r->leaves = k;
		if (k < 3) {
			r->err = -ENODATA;
			continue;
		}
		m.sigma_db = in->model.sigma_db / sqrt((double)fmin);
		r->err = lml_locate(at, rssi, k, &m, &r->fix);
		if (!r->err)
			r->err = lml_ellipse(r->fix.cov, LML_CHI2_95, &r->ellipse);
		r->crb = lml_crb(at, k, &m, r->fix.pos);
	}
	return in->ntx;
}

int lml_print_table(FILE *f, const struct lml_result *res, size_t n)
{
	size_t i;

	if (!n) {
		fprintf(f, "no transmitters heard\n");
		return 0;
	}
	fprintf(f, "%-17s  %6s  %8s  %8s  %17s  %7s\n", "TRANSMITTER", "LEAVES",
		"X", "Y", "95% ELLIPSE", "CRB");
	for (i = 0; i < n; i++) {
		const struct lml_result *r = &res[i];

		if (r->err) {
			fprintf(f, "%-17s  %6u  %s\n", r->addr, r->leaves,
				r->err == -ENODATA ? "heard by fewer than 3 leaves" :
						     "geometry leaves it undetermined");
			continue;
		}
		fprintf(f, "%-17s  %6u  %8.2f  %8.2f  %5.2f x %4.2f %3.0f°  %5.2f m\n",
			r->addr, r->leaves, r->fix.pos.x, r->fix.pos.y,
			r->ellipse.a, r->ellipse.b, r->ellipse.angle_deg, r->crb);
	}
	return 0;
}

int lml_print_json(FILE *f, const struct lml_input *in,
		   const struct lml_result *res, size_t n, int pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	(void)in;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		const struct lml_result *r = &res[i];

		yajl_gen_map_open(g);
		out_json_kstr(g, "addr", r->addr);
		out_json_kuint(g, "leaves", r->leaves);
		out_json_kbool(g, "located", !r->err);
		if (!r->err) {
			out_json_key(g, "x_m");
			yajl_gen_double(g, r->fix.pos.x);
			out_json_key(g, "y_m");
			yajl_gen_double(g, r->fix.pos.y);
			out_json_key(g, "cov_m2");
			yajl_gen_array_open(g);
			yajl_gen_double(g, r->fix.cov[0][0]);
			yajl_gen_double(g, r->fix.cov[0][1]);
			yajl_gen_double(g, r->fix.cov[1][1]);
			yajl_gen_array_close(g);
			out_json_key(g, "ellipse95_m");
			yajl_gen_array_open(g);
			yajl_gen_double(g, r->ellipse.a);
			yajl_gen_double(g, r->ellipse.b);
			yajl_gen_double(g, r->ellipse.angle_deg);
			yajl_gen_array_close(g);
			out_json_key(g, "crb_m");
			yajl_gen_double(g, r->crb);
			out_json_kbool(g, "converged", r->fix.converged);
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

/* A standalone SVG: leaves as triangles, estimates with their ellipses. */
int lml_print_svg(FILE *f, const struct lml_input *in,
		  const struct lml_result *res, size_t n)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	double scale, w = 640, h = 640, pad = 40;
	size_t i;

	for (i = 0; i < in->nleaves; i++) {
		x0 = fmin(x0, in->pos[i].x);
		x1 = fmax(x1, in->pos[i].x);
		y0 = fmin(y0, in->pos[i].y);
		y1 = fmax(y1, in->pos[i].y);
	}
	for (i = 0; i < n; i++) {
		if (res[i].err)
			continue;
		x0 = fmin(x0, res[i].fix.pos.x - res[i].ellipse.a);
		x1 = fmax(x1, res[i].fix.pos.x + res[i].ellipse.a);
		y0 = fmin(y0, res[i].fix.pos.y - res[i].ellipse.a);
		y1 = fmax(y1, res[i].fix.pos.y + res[i].ellipse.a);
	}
	scale = (w - 2 * pad) / fmax(fmax(x1 - x0, y1 - y0), 1);
#define SX(v) (pad + ((v) - x0) * scale)
#define SY(v) (h - pad - ((v) - y0) * scale)
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
		w, h, w, h);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	for (i = 0; i < n; i++) {
		const struct lml_result *r = &res[i];

		if (r->err)
			continue;
		fprintf(f, "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"%.1f\" transform=\"rotate(%.1f %.1f %.1f)\" fill=\"steelblue\" fill-opacity=\"0.2\" stroke=\"steelblue\"/>\n",
			SX(r->fix.pos.x), SY(r->fix.pos.y), r->ellipse.a * scale,
			r->ellipse.b * scale, -r->ellipse.angle_deg,
			SX(r->fix.pos.x), SY(r->fix.pos.y));
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"steelblue\"><title>%s</title></circle>\n",
			SX(r->fix.pos.x), SY(r->fix.pos.y), r->addr);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-family=\"sans-serif\">%s</text>\n",
			SX(r->fix.pos.x) + 5, SY(r->fix.pos.y) - 5, r->addr);
	}
	for (i = 0; i < in->nleaves; i++) {
		double cx = SX(in->pos[i].x), cy = SY(in->pos[i].y);
		fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"darkred\"/>\n",
			cx, cy - 7, cx - 6, cy + 5, cx + 6, cy + 5);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-family=\"sans-serif\">%s</text>\n",
			cx + 8, cy + 4, in->id[i]);
	}
#undef SX
#undef SY
	fprintf(f, "</svg>\n");
	return 0;
}
