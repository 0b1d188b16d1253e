/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test runner for loomctl's unit tests.
 *
 * TEST(name) { ... } defines a case; it registers itself in a linker
 * section, so adding a case is writing it.  Each case runs in a child
 * process: a crash fails that case, not the run.  CHECK*() record a
 * failure and go on; REQUIRE() also ends the case.
 */
#ifndef _LOOM_TEST_H
#define _LOOM_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
};

#define TEST(fn)							\
	static void fn(void);						\
	static const struct test_case __test_##fn			\
	__attribute__((used, section("loom_tests"),			\
		       aligned(sizeof(void *)))) =			\
		{ #fn, fn, __FILE__, __LINE__ };			\
	static void fn(void)

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int test_failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			test_fail(__FILE__, __LINE__, "%s", #cond);	\
	} while (0)

#define REQUIRE(cond)							\
	do {								\
		if (!(cond)) {						\
			test_fail(__FILE__, __LINE__, "%s", #cond);	\
			return;						\
		}							\
	} while (0)

#define CHECK_INT(a, b)							\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b)						\
			test_fail(__FILE__, __LINE__,			\
				  "%s == %lld, expected %s == %lld",	\
				  #a, __a, #b, __b);			\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *__a = (a), *__b = (b);			\
		if (!__a || !__b || strcmp(__a, __b))			\
			test_fail(__FILE__, __LINE__,			\
				  "%s is\n  \"%s\"\nexpected\n  \"%s\"",\
				  #a, __a ? __a : "(null)",		\
				  __b ? __b : "(null)");		\
	} while (0)

#define CHECK_CONTAINS(hay, needle)					\
	do {								\
		const char *__h = (hay), *__n = (needle);		\
		if (!__h || !strstr(__h, __n))				\
			test_fail(__FILE__, __LINE__,			\
				  "%s is\n  \"%s\"\nwhich lacks\n  \"%s\"",\
				  #hay, __h ? __h : "(null)", __n);	\
	} while (0)

#define CHECK_STARTS(s, prefix)						\
	do {								\
		if (!(s) || strncmp((s), (prefix), strlen(prefix)))	\
			test_fail(__FILE__, __LINE__,			\
				  "\"%s\" does not start with \"%s\"",	\
				  (s) ? (s) : "(null)", (prefix));	\
	} while (0)

/*
 * For the command-line cases: loomctl run with the words given refused
 * them with @msg as the first line of standard error and exit 2 (a usage
 * error), printing nothing.  Uses the RUN(), out and err of the file.
 */
#define REFUSED(msg, ...)						\
	do {								\
		CHECK_INT(RUN(__VA_ARGS__), 2);				\
		CHECK_STR(out, "");					\
		CHECK_STARTS(err, msg "\n");				\
	} while (0)

/* Paths the runner was given (see test_main.c). */
extern const char *test_loomctl;	/* the loomctl binary */
extern const char *test_data_dir;	/* tests/userspace/integration/data */
extern const char *test_tmp_dir;	/* a scratch directory of this run */

/*
 * Runs loomctl with @argv (NULL-terminated, without argv[0]) in @cwd
 * (NULL: the current one), @input on its standard input (NULL: none).
 * Returns its exit code (or 128 + signal); *@out and *@err get its
 * output, to free().
 */
int test_run_loomctl(const char *cwd, const char *input, char **out,
		     char **err, const char *const *argv);
/* The same for program @prog (loom-medium). */
int test_run(const char *prog, const char *cwd, const char *input,
	     char **out, char **err, const char *const *argv);

/*
 * The words of @line split at '|' into @ops (at most @max, pointing into
 * a static copy that the next call overwrites); returns how many.  For
 * command lines whose words hold spaces ("from|Router 1|C|hello").
 */
int test_words(const char *line, char **ops, int max);

/* Writes @text to @name in the scratch directory; returns its path. */
char *test_write_file(const char *name, const char *text);

/* 1-based line and column of the first @needle in @text (0, 0 if none). */
void test_pos_of(const char *text, const char *needle, unsigned int *line,
		 unsigned int *col);

/* "FILE:LINE:COL: " for the first @needle in @text, in a static buffer. */
const char *test_at(const char *file, const char *text, const char *needle);

/*
 * A stream into memory for exact output: frees *@buf (a previous one's
 * text), then open_memstream(@buf, @len).  NULL when out of memory.
 */
FILE *test_mem(char **buf, size_t *len);

/* Reads a whole file into a malloc'd string (NULL on error). */
char *test_read_file(const char *path, size_t *len);

#endif /* _LOOM_TEST_H */
