/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output helpers shared by loomctl commands: aligned tables for people,
 * JSON (through yajl_gen, which escapes correctly) for programs.
 */
#ifndef _LOOMCTL_OUTPUT_H
#define _LOOMCTL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <yajl/yajl_gen.h>

struct out_table;

/* A table of @ncols columns with these headers; NULL when out of memory. */
struct out_table *out_table_new(unsigned int ncols,
				const char *const *headers);
/*
 * Adds a row of @ncols cells (copied).  Returns 0 or -ENOMEM, which the
 * table remembers for out_table_emit().
 */
int out_table_add(struct out_table *t, const char *const *cells);
/*
 * Prints the header and rows, columns left-aligned to their widest cell
 * (in characters, not bytes) and two spaces apart, no trailing blanks.
 */
void out_table_print(const struct out_table *t, FILE *f);
void out_table_free(struct out_table *t);
/*
 * A table of @ncols columns headed @hdr for @n rows; with no rows, NULL
 * after printing the line @none on @f (*@ret 0), or NULL when out of
 * memory (*@ret -ENOMEM).
 */
struct out_table *out_table_start(FILE *f, size_t n, const char *none,
				  unsigned int ncols, const char *const *hdr,
				  int *ret);
/*
 * Prints @t (NULL: it could not be made) unless a row could not be added,
 * and frees it.  Returns 0 or -ENOMEM.
 */
int out_table_emit(struct out_table *t, FILE *f);

/* @v in decimal.  Returns @buf. */
const char *out_u64(char *buf, size_t len, unsigned long long v);
/* A 48-bit address, "02:4c:4f:4d:00:01" (lowercase; 18 bytes with NUL). */
const char *out_mac(char *buf, size_t len, const unsigned char *a);

/* Print a refusal into @err (of @len bytes); returns -EINVAL. */
int out_fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * @src for a terminal: control characters (a name may hold a newline)
 * become '?', so one table row stays one line.  Returns @dst.
 */
char *out_printable(char *dst, size_t len, const char *src);

/* Display width of a UTF-8 string: its number of code points. */
size_t out_width(const char *s);

/* True if @s is well-formed UTF-8 (what JSON strings must be). */
bool out_utf8_valid(const char *s, size_t len);

/*
 * A JSON generator writing to @f: compact on one line, or indented by two
 * spaces with @pretty.  NULL when out of memory.
 */
yajl_gen out_json_new(FILE *f, bool pretty);
/* Ends the document with a newline and frees the generator. */
void out_json_end(yajl_gen g, FILE *f, bool pretty);

/* A string value; invalid UTF-8 bytes become U+FFFD, never bad JSON. */
void out_json_str(yajl_gen g, const char *s);
void out_json_key(yajl_gen g, const char *key);
void out_json_kstr(yajl_gen g, const char *key, const char *s);
/* Any u64: values past LLONG_MAX are written as digits, not wrapped. */
void out_json_kuint(yajl_gen g, const char *key, unsigned long long v);
void out_json_kint(yajl_gen g, const char *key, long long v);
void out_json_kbool(yajl_gen g, const char *key, bool v);
void out_json_knull(yajl_gen g, const char *key);
/* @key: @v if @has, else null. */
void out_json_kuint_or_null(yajl_gen g, const char *key, bool has,
			    unsigned long long v);

#endif /* _LOOMCTL_OUTPUT_H */
