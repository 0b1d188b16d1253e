/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What loomctl's JSON readers (topology files, saved node states) share:
 * a whole file read into memory, yajl's event parser run over it with the
 * byte offset of every token at hand, and messages that read
 * FILE:LINE:COL: message.
 */
#ifndef _LOOMCTL_JSON_POS_H
#define _LOOMCTL_JSON_POS_H

#include <stdbool.h>
#include <stddef.h>
#include <yajl/yajl_parse.h>

/* JSON value types, as the messages name them (json_pos_kind_name()). */
enum json_kind {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_OBJECT,
	JSON_ARRAY,
};

/**
 * struct json_pos - a JSON text being parsed, and where the parser is
 * @file: name used in messages ("<stdin>" for standard input)
 * @text: the text (NUL-terminated after @len bytes)
 * @len: its length in bytes
 * @h: the yajl handle while json_pos_parse() runs
 * @prev_end: where the token of the last callback ended
 * @completing: in yajl_complete_parse(), where yajl's offsets are off
 * @started: a top-level value was seen (the callbacks set it)
 * @err: where the message of the first error goes
 * @errlen: its size
 */
struct json_pos {
	const char *file;
	const char *text;
	size_t len;
	yajl_handle h;
	size_t prev_end;
	bool completing;
	bool started;
	char *err;
	size_t errlen;
};

/* "null", "a boolean", "a number", "a string", "an object", "an array". */
const char *json_pos_kind_name(enum json_kind kind);

/* 1-based line and byte column of offset @pos of @text. */
void json_pos_linecol(const char *text, size_t len, size_t pos,
		      unsigned int *line, unsigned int *col);

/*
 * Writes "FILE:LINE:COL: message" for offset @pos into @jp->err, control
 * characters of the message made '?' (one line).  Returns 0, which also
 * tells yajl to stop, so a callback can return it.
 */
int json_pos_fail(struct json_pos *jp, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Offset of the token the current callback (or error) is about.  Each
 * callback calls it once, first: it moves on past that token.
 */
size_t json_pos_tok(struct json_pos *jp);

/*
 * A key as messages show it: control bytes become '?', a long one is cut
 * with "...".  Returns @buf.
 */
const char *json_pos_key(char *buf, size_t len, const unsigned char *s,
			 size_t l);

/*
 * Runs yajl's event parser over @jp->text with @cb, each called with
 * @ctx (which reaches @jp).  A syntax error is reported at its place;
 * @empty is the message for a text of blanks only.  Returns 0, or -1
 * with the message in @jp->err (a callback's, if one stopped it).
 */
int json_pos_parse(struct json_pos *jp, const yajl_callbacks *cb, void *ctx,
		   const char *empty);

/*
 * All of @path ("-": standard input) into *@text (NUL-terminated; free()
 * it) and *@len; *@file gets the name for messages ("<stdin>" or @path).
 * More than @max bytes is refused.  Returns 0, or -1 with the message in
 * @err ("loomctl: cannot open FILE: reason").
 */
int json_read_file(const char *path, size_t max, char **text, size_t *len,
		   const char **file, char *err, size_t errlen);

#endif /* _LOOMCTL_JSON_POS_H */
