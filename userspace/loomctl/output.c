// SPDX-License-Identifier: GPL-2.0
/*
 * Output helpers: tables and JSON.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

struct out_table {
	unsigned int ncols;
	size_t nrows, cap;
	char **cells;		/* (nrows + 1) * ncols, row 0 the headers */
	bool failed;		/* a row could not be added */
};

char *out_printable(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ?
			 '?' : src[i];
	if (len)
		dst[i] = '\0';
	return dst;
}

size_t out_width(const char *s)
{
	size_t w = 0;

	/* Count every byte that does not continue a sequence. */
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

struct out_table *out_table_new(unsigned int ncols,
				const char *const *headers)
{
	struct out_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ncols = ncols;
	if (out_table_add(t, headers)) {
		free(t);
		return NULL;
	}
	return t;
}

int out_table_add(struct out_table *t, const char *const *cells)
{
	unsigned int i;
	char **row;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (!c) {
			t->failed = true;
			return -ENOMEM;
		}
		t->cells = c;
		t->cap = cap;
	}
	row = &t->cells[t->nrows * t->ncols];
	for (i = 0; i < t->ncols; i++) {
		row[i] = strdup(cells[i] ? cells[i] : "");
		if (!row[i]) {
			while (i--)
				free(row[i]);
			t->failed = true;
			return -ENOMEM;
		}
	}
	t->nrows++;
	return 0;
}

void out_table_print(const struct out_table *t, FILE *f)
{
	size_t *w = calloc(t->ncols, sizeof(*w));
	size_t r, cw;
	unsigned int c;

	if (!w)
		return;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			cw = out_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (r = 0; r < t->nrows; r++) {
		size_t pad = 0;

		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			/* Pad only up to a cell that follows: no trailing blanks. */
			if (*s)
				for (; pad; pad--)
					fputc(' ', f);
			fputs(s, f);
			pad += w[c] + 2 - out_width(s);
		}
		fputc('\n', f);
	}
	free(w);
}

void out_table_free(struct out_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

struct out_table *out_table_start(FILE *f, size_t n, const char *none,
				  unsigned int ncols, const char *const *hdr,
				  int *ret)
{
	struct out_table *t = NULL;

	*ret = 0;
	if (!n)
		fprintf(f, "%s\n", none);
	else if (!(t = out_table_new(ncols, hdr)))
		*ret = -ENOMEM;
	return t;
}

int out_table_emit(struct out_table *t, FILE *f)
{
	int err = !t || t->failed ? -ENOMEM : 0;

	if (!err)
		out_table_print(t, f);
	out_table_free(t);
	return err;
}

const char *out_u64(char *buf, size_t len, unsigned long long v)
{
	snprintf(buf, len, "%llu", v);
	return buf;
}

const char *out_mac(char *buf, size_t len, const unsigned char *a)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}

/* Length of the well-formed UTF-8 sequence at @s, 0 if there is none. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned int cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool out_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq(u + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

static void print_cb(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

yajl_gen out_json_new(FILE *f, bool pretty)
{
	yajl_gen g = yajl_gen_alloc(NULL);

	if (!g)
		return NULL;
	yajl_gen_config(g, yajl_gen_print_callback, print_cb, f);
	if (pretty) {
		yajl_gen_config(g, yajl_gen_beautify, 1);
		yajl_gen_config(g, yajl_gen_indent_string, "  ");
	}
	return g;
}

void out_json_end(yajl_gen g, FILE *f, bool pretty)
{
	/* Beautified output already ends in a newline; compact does not. */
	if (!pretty)
		fputc('\n', f);
	yajl_gen_free(g);
	fflush(f);
}

void out_json_str(yajl_gen g, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0, n;
	unsigned char *buf;

	if (out_utf8_valid(s, len)) {
		yajl_gen_string(g, u, len);
		return;
	}
	buf = malloc(len * 3 + 1);
	if (!buf) {
		yajl_gen_string(g, (const unsigned char *)"", 0);
		return;
	}
	while (i < len) {
		n = utf8_seq(u + i, len - i);
		if (n) {
			memcpy(buf + o, u + i, n);
			o += n;
			i += n;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);	/* U+FFFD */
			o += 3;
			i++;
		}
	}
	yajl_gen_string(g, buf, o);
	free(buf);
}

void out_json_key(yajl_gen g, const char *key)
{
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void out_json_kstr(yajl_gen g, const char *key, const char *s)
{
	out_json_key(g, key);
	out_json_str(g, s);
}

void out_json_kuint(yajl_gen g, const char *key, unsigned long long v)
{
	char num[24];

	out_json_key(g, key);
	if (v <= LLONG_MAX) {
		yajl_gen_integer(g, (long long)v);
		return;
	}
	/* yajl_gen_integer() takes a long long: write the digits. */
	snprintf(num, sizeof(num), "%llu", v);
	yajl_gen_number(g, num, strlen(num));
}

void out_json_kint(yajl_gen g, const char *key, long long v)
{
	out_json_key(g, key);
	yajl_gen_integer(g, v);
}

void out_json_kbool(yajl_gen g, const char *key, bool v)
{
	out_json_key(g, key);
	yajl_gen_bool(g, v);
}

void out_json_knull(yajl_gen g, const char *key)
{
	out_json_key(g, key);
	yajl_gen_null(g);
}

void out_json_kuint_or_null(yajl_gen g, const char *key, bool has,
			    unsigned long long v)
{
	if (has)
		out_json_kuint(g, key, v);
	else
		out_json_knull(g, key);
}

int out_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}
