// SPDX-License-Identifier: GPL-2.0
/*
 * JSON text with positions, for loomctl's readers.
 *
 * yajl's event API is used rather than its tree API because each callback
 * can ask how far the parser got (yajl_get_bytes_consumed()), which gives
 * every token its byte offset: errors then point at the offending field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_pos.h"
#include "output.h"

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *json_pos_kind_name(enum json_kind kind)
{
	static const char *const names[] = {
		[JSON_NULL] = "null",
		[JSON_BOOL] = "a boolean",
		[JSON_NUMBER] = "a number",
		[JSON_STRING] = "a string",
		[JSON_OBJECT] = "an object",
		[JSON_ARRAY] = "an array",
	};

	return names[kind];
}

void json_pos_linecol(const char *text, size_t len, size_t pos,
		      unsigned int *line, unsigned int *col)
{
	size_t i, bol = 0;
	unsigned int l = 1;

	if (pos > len)
		pos = len;
	for (i = 0; i < pos; i++) {
		if (text[i] == '\n') {
			l++;
			bol = i + 1;
		}
	}
	*line = l;
	*col = (unsigned int)(pos - bol) + 1;
}

int json_pos_fail(struct json_pos *jp, size_t pos, const char *fmt, ...)
{
	unsigned int line, col;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Names and keys may hold control characters: keep one line. */
	out_printable(msg, sizeof(msg), msg);
	json_pos_linecol(jp->text, jp->len, pos, &line, &col);
	snprintf(jp->err, jp->errlen, "%s:%u:%u: %s", jp->file, line, col,
		 msg);
	return 0;
}

/*
 * yajl tells where the current token ends; between the end of the
 * previous one and it there are only blanks and the separators ':' and
 * ',', which raise no callback.  A separator is skipped only if more
 * follows before the end, so a stray ',' that is itself the error is
 * pointed at.
 */
size_t json_pos_tok(struct json_pos *jp)
{
	size_t end = jp->completing ? jp->len : yajl_get_bytes_consumed(jp->h);
	size_t i = jp->prev_end;

	if (end > jp->len)
		end = jp->len;
	for (;;) {
		while (i < end && is_ws(jp->text[i]))
			i++;
		if (i + 1 < end && (jp->text[i] == ':' || jp->text[i] == ',')) {
			i++;
			continue;
		}
		break;
	}
	if (end > jp->prev_end)
		jp->prev_end = end;
	return i;
}

const char *json_pos_key(char *buf, size_t len, const unsigned char *s,
			 size_t l)
{
	size_t i, max = len - 4;

	for (i = 0; i < l && i < max; i++)
		buf[i] = s[i] < 0x20 || s[i] == 0x7f ? '?' : (char)s[i];
	if (l > max) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

/* yajl's message without its "parse error: " prefix and newline. */
static void syntax_error(struct json_pos *jp, const char *empty)
{
	unsigned char *e = yajl_get_error(jp->h, 0, NULL, 0);
	const char *msg = e ? (const char *)e : "invalid JSON";
	const char *colon;
	char buf[256];
	size_t pos, l;

	colon = strstr(msg, "error: ");
	if (colon)
		msg = colon + strlen("error: ");
	snprintf(buf, sizeof(buf), "%s", msg);
	l = strlen(buf);
	while (l && (buf[l - 1] == '\n' || buf[l - 1] == '.'))
		buf[--l] = '\0';
	if (jp->completing) {
		/* Input ended early: point just past its last token. */
		for (pos = jp->len; pos && is_ws(jp->text[pos - 1]); pos--)
			;
		if (!jp->started && !pos)
			json_pos_fail(jp, 0, "%s", empty);
		else
			json_pos_fail(jp, pos,
				      "JSON syntax error: unexpected end of file");
	} else {
		json_pos_fail(jp, json_pos_tok(jp), "JSON syntax error: %s",
			      buf);
	}
	if (e)
		yajl_free_error(jp->h, e);
}

int json_pos_parse(struct json_pos *jp, const yajl_callbacks *cb, void *ctx,
		   const char *empty)
{
	yajl_status st;

	jp->prev_end = 0;
	jp->completing = false;
	jp->started = false;
	jp->h = yajl_alloc(cb, NULL, ctx);
	if (!jp->h) {
		snprintf(jp->err, jp->errlen, "%s: out of memory", jp->file);
		return -1;
	}
	st = yajl_parse(jp->h, (const unsigned char *)jp->text, jp->len);
	if (st == yajl_status_ok) {
		jp->completing = true;
		st = yajl_complete_parse(jp->h);
	}
	if (st == yajl_status_error)
		syntax_error(jp, empty);
	yajl_free(jp->h);
	jp->h = NULL;
	return st == yajl_status_ok ? 0 : -1;
}

int json_read_file(const char *path, size_t max, char **text, size_t *len,
		   const char **file, char *err, size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	size_t n = 0, cap = 0, got;
	char *buf = NULL, *nb;
	int ret = -1;

	*file = is_stdin ? "<stdin>" : path;
	if (!f) {
		snprintf(err, errlen, "loomctl: cannot open %s: %s", *file,
			 strerror(errno));
		return -1;
	}
	for (;;) {
		/* One byte more than @cap is allocated: room for the NUL. */
		if (n == cap) {
			if (cap >= max) {
				snprintf(err, errlen,
					 "loomctl: %s: too large (more than %zu MiB)",
					 *file, max >> 20);
				goto out;
			}
			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				snprintf(err, errlen, "loomctl: %s: out of memory",
					 *file);
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got)
			continue;
		if (ferror(f)) {
			snprintf(err, errlen, "loomctl: cannot read %s: %s",
				 *file, strerror(errno));
			goto out;
		}
		break;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	buf = NULL;
	ret = 0;
out:
	free(buf);
	if (!is_stdin)
		fclose(f);
	return ret;
}
