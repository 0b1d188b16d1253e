// SPDX-License-Identifier: GPL-2.0
/*
 * Runner of loomctl's unit tests, and the data-file cases: every
 * tests/userspace/integration/data/seed.json and good-*.json must pass
 * "loomctl topology check", every bad-*.json must fail with each line of
 * the matching bad-*.err in its standard error.
 *
 *   test_loomctl --loomctl PATH --data DIR [FILTER...]
 *
 * Ends with "userspace: N passed, N failed"; exits non-zero on failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "topo_json.h"
#include "topo_show.h"

extern const struct test_case __start_loom_tests[], __stop_loom_tests[];

const char *test_loomctl = "userspace/loomctl/loomctl";
const char *test_data_dir = "tests/userspace/integration/data";
const char *test_tmp_dir;
int test_failures;

static int passed, failed;
static char **filters;
static int nfilters;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failures++;
	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? 2 * cap : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

FILE *test_mem(char **buf, size_t *len)
{
	free(*buf);
	*buf = NULL;
	return open_memstream(buf, len);
}

int test_words(const char *line, char **ops, int max)
{
	static char buf[1024];
	char *p, *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok_r(buf, "|", &save); p && n < max;
	     p = strtok_r(NULL, "|", &save))
		ops[n++] = p;
	return n;
}

char *test_write_file(const char *name, const char *text)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", test_tmp_dir, name) < 0)
		return NULL;
	f = fopen(path, "wb");
	if (!f) {
		free(path);
		return NULL;
	}
	fputs(text, f);
	fclose(f);
	return path;
}

void test_pos_of(const char *text, const char *needle, unsigned int *line,
		 unsigned int *col)
{
	const char *at = strstr(text, needle), *p, *bol = text;

	*line = 0;
	*col = 0;
	if (!at)
		return;
	*line = 1;
	for (p = text; p < at; p++) {
		if (*p == '\n') {
			(*line)++;
			bol = p + 1;
		}
	}
	*col = (unsigned int)(at - bol) + 1;
}

const char *test_at(const char *file, const char *text, const char *needle)
{
	static char buf[4][256];
	static int i;
	unsigned int line, col;

	i = (i + 1) % 4;
	test_pos_of(text, needle, &line, &col);
	snprintf(buf[i], sizeof(buf[i]), "%s:%u:%u: ", file, line, col);
	return buf[i];
}

int test_run_loomctl(const char *cwd, const char *input, char **out,
		     char **err, const char *const *argv)
{
	return test_run(test_loomctl, cwd, input, out, err, argv);
}

int test_run(const char *prog, const char *cwd, const char *input,
	     char **out, char **err, const char *const *argv)
{
	char opath[512], epath[512], ipath[512];
	const char *args[64];
	int status, i, n = 0;
	pid_t pid;

	snprintf(opath, sizeof(opath), "%s/.out.%d", test_tmp_dir, getpid());
	snprintf(epath, sizeof(epath), "%s/.err.%d", test_tmp_dir, getpid());
	snprintf(ipath, sizeof(ipath), "%s/.in.%d", test_tmp_dir, getpid());
	if (input) {
		FILE *f = fopen(ipath, "wb");

		if (!f)
			return -1;
		fputs(input, f);
		fclose(f);
	}
	args[n++] = prog;
	for (i = 0; argv[i] && n < 63; i++)
		args[n++] = argv[i];
	args[n] = NULL;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int fo = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fi = open(input ? ipath : "/dev/null", O_RDONLY);

		if (fo < 0 || fe < 0 || fi < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (cwd && chdir(cwd))
			_exit(127);
		execv(prog, (char *const *)args);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	*out = test_read_file(opath, NULL);
	*err = test_read_file(epath, NULL);
	unlink(opath);
	unlink(epath);
	if (input)
		unlink(ipath);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static bool selected(const char *name)
{
	int i;

	if (!nfilters)
		return true;
	for (i = 0; i < nfilters; i++)
		if (strstr(name, filters[i]))
			return true;
	return false;
}

/* Runs one case in a child; a crash or failed check fails it. */
static void run_case(const char *name, void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	if (!selected(name))
		return;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (!pid) {
		test_failures = 0;
		fn(arg);
		fflush(stdout);
		_exit(test_failures ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		passed++;
		printf("ok      %s\n", name);
	} else {
		failed++;
		if (WIFSIGNALED(status))
			printf("    killed by signal %d\n", WTERMSIG(status));
		printf("FAILED  %s\n", name);
	}
}

static void call_static(void *arg)
{
	((const struct test_case *)arg)->fn();
}

/* seed.json and good-*.json: "FILE: ok: N nodes, M slots", exit 0. */
static void data_good(void *arg)
{
	const char *name = arg;
	const char *argv[] = { "topology", "check", name, NULL };
	char *out, *err, *want;
	int rc;

	rc = test_run_loomctl(test_data_dir, NULL, &out, &err, argv);
	CHECK_INT(rc, 0);
	if (asprintf(&want, "%s: ok: ", name) > 0)
		CHECK_CONTAINS(out, want);
	CHECK_STR(err, "");
}

/* bad-X.json: exit 1, every line of bad-X.err in standard error. */
static void data_bad(void *arg)
{
	const char *name = arg;
	const char *argv[] = { "topology", "check", name, NULL };
	char *out, *err, *path, *want, *line, *save = NULL;
	size_t l = strlen(name);
	int rc;

	rc = test_run_loomctl(test_data_dir, NULL, &out, &err, argv);
	CHECK_INT(rc, 1);
	CHECK_STR(out, "");
	if (asprintf(&path, "%s/%.*s.err", test_data_dir, (int)(l - 5),
		     name) < 0)
		return;
	want = test_read_file(path, NULL);
	if (!want) {
		test_fail(__FILE__, __LINE__, "no %s next to %s", path, name);
		return;
	}
	for (line = strtok_r(want, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(line);

		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll)
			CHECK_CONTAINS(err, line);
	}
	/* Exactly one message, in the FILE:LINE:COL form or loomctl's. */
	if (err && strncmp(err, name, l) && strncmp(err, "loomctl: ", 9))
		test_fail(__FILE__, __LINE__, "stderr \"%s\" does not start with \"%s\"",
			  err, name);
}

/* Source order: file by file, case by case (the linker may shuffle). */
static int cmp_case(const void *a, const void *b)
{
	const struct test_case *x = *(const struct test_case *const *)a;
	const struct test_case *y = *(const struct test_case *const *)b;
	int c = strcmp(x->file, y->file);

	return c ? c : x->line - y->line;
}

/*
 * seed-show.json is what "topology show -j" prints once seed.json is
 * loaded: the same JSON must come out of the shared code offline.
 */
static void data_show(void *arg)
{
	char path[4096], err[8192], *want, *got = NULL, *p;
	struct topo_view v = { 0 };
	struct topo_doc doc;
	size_t len = 0;
	FILE *f;

	(void)arg;
	snprintf(path, sizeof(path), "%s/seed-show.json", test_data_dir);
	want = test_read_file(path, NULL);
	REQUIRE(want);
	/* The generation is the kernel's: take the file's. */
	p = strstr(want, "\"generation\":");
	REQUIRE(p);
	v.generation = (u32)strtoul(p + 13, NULL, 10);
	snprintf(path, sizeof(path), "%s/seed.json", test_data_dir);
	if (topo_doc_check(&doc, path, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return;
	}
	v.t = doc.t;
	f = open_memstream(&got, &len);
	REQUIRE(f);
	CHECK_INT(topo_show_json(f, &v, false), 0);
	fclose(f);
	/* Compared as documents: a final newline is not a difference. */
	for (len = strlen(want); len && strchr(" \t\r\n", want[len - 1]); len--)
		want[len - 1] = '\0';
	strcat(want, "\n");
	CHECK_STR(got, want);
	topo_doc_free(&doc);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_data_cases(void)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	DIR *d = opendir(test_data_dir);

	if (!d) {
		printf("note: %s: %s; no data-file cases\n", test_data_dir,
		       strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **nn;

		if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn)
			break;
		names = nn;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char label[512];

		if (!strcmp(names[i], "seed.json") ||
		    !strncmp(names[i], "good-", 5)) {
			snprintf(label, sizeof(label), "data: %s passes",
				 names[i]);
			run_case(label, data_good, names[i]);
		} else if (!strcmp(names[i], "seed-show.json")) {
			run_case("data: seed-show.json is seed.json computed",
				 data_show, NULL);
		} else if (!strncmp(names[i], "bad-", 4)) {
			snprintf(label, sizeof(label), "data: %s fails",
				 names[i]);
			run_case(label, data_bad, names[i]);
		}
		/* Other files belong to other tests. */
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "loomctl", required_argument, NULL, 'l' },
		{ "data", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	static char tmpl[] = "/tmp/loomctl-unit.XXXXXX";
	const struct test_case **cases;
	static char loomctl_abs[4096];
	size_t ncases, i;
	int c;

	while ((c = getopt_long(argc, argv, "l:d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			test_loomctl = optarg;
			break;
		case 'd':
			test_data_dir = optarg;
			break;
		default:
			fprintf(stderr,
				"Usage: %s [--loomctl PATH] [--data DIR] [FILTER...]\n",
				argv[0]);
			return 2;
		}
	}
	filters = argv + optind;
	nfilters = argc - optind;
	/* Cases run loomctl from other directories. */
	if (realpath(test_loomctl, loomctl_abs))
		test_loomctl = loomctl_abs;
	test_tmp_dir = mkdtemp(tmpl);
	if (!test_tmp_dir) {
		perror("mkdtemp");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	ncases = __stop_loom_tests - __start_loom_tests;
	cases = calloc(ncases, sizeof(*cases));
	if (!cases) {
		perror("calloc");
		return 2;
	}
	for (i = 0; i < ncases; i++)
		cases[i] = &__start_loom_tests[i];
	qsort(cases, ncases, sizeof(*cases), cmp_case);
	for (i = 0; i < ncases; i++)
		run_case(cases[i]->name, call_static, (void *)cases[i]);
	run_data_cases();

	nftw(test_tmp_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	printf("userspace: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
