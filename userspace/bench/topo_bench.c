// SPDX-License-Identifier: GPL-2.0
/*
 * Host benchmark of the shared topology code (kernel/net/topology.c, the
 * kernel's own file): time and memory of loom_topo_compute() on valid
 * topologies of growing size, and a check that time grows no faster than
 * n log n, which the validator promises.
 *
 *   topo_bench [-r RUNS] [NODES...]     (default: 100 1000 10000 53805)
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/topology.h"

/*
 * Counting allocator.  glibc lets a program replace malloc and friends;
 * these forward to glibc's own and keep the bytes in use (by usable size),
 * so everything compute allocates is seen, qsort_r()'s scratch included.
 */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static long long heap_cur, heap_peak;

static void *heap_add(void *p)
{
	if (p) {
		heap_cur += (long long)malloc_usable_size(p);
		if (heap_cur > heap_peak)
			heap_peak = heap_cur;
	}
	return p;
}

static void heap_sub(void *p)
{
	if (p)
		heap_cur -= (long long)malloc_usable_size(p);
}

void *malloc(size_t size)
{
	return heap_add(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
	return heap_add(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
	void *q;

	if (p && !size) {
		heap_sub(p);
		__libc_free(p);
		return NULL;
	}
	heap_sub(p);
	q = __libc_realloc(p, size);
	if (!q && p)
		heap_add(p);	/* failed: the old block stays */
	return heap_add(q);
}

void *memalign(size_t align, size_t size)
{
	return heap_add(__libc_memalign(align, size));
}

void *aligned_alloc(size_t align, size_t size)
{
	return heap_add(__libc_memalign(align, size));
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p = heap_add(__libc_memalign(align, size));

	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void free(void *p)
{
	heap_sub(p);
	__libc_free(p);
}

#define DEFAULT_SIZES { 100, 1000, 10000, LOOM_MAX_NODES }
#define MAX_ROUTERS (LOOM_MAX_ROUTERS_BELOW * (1 + LOOM_MAX_ROUTERS_BELOW))

struct gen {
	struct loom_topology *t;
	u32 next;
	u32 sense;
};

static u32 add_node(struct gen *g, u32 parent, u8 role, const char *name)
{
	struct loom_topo_node *nd = &g->t->nodes[g->next];

	snprintf(nd->name, sizeof(nd->name), "%s", name);
	nd->parent = parent;
	nd->role = role;
	/* A mix: 3 in 4 end devices sense, 1 in 3 routers. */
	g->sense++;
	nd->sensor = role == LOOM_ROLE_END_DEVICE ? g->sense % 4 != 0 :
		     role == LOOM_ROLE_ROUTER ? g->sense % 3 == 0 : false;
	return g->next++;
}

static void add_ends(struct gen *g, u32 parent, u32 count)
{
	char name[32];
	u32 i;

	for (i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "ed-%u", g->next);
		add_node(g, parent, LOOM_ROLE_END_DEVICE, name);
	}
}

/*
 * A valid topology of exactly @n nodes (3 <= n <= LOOM_MAX_NODES), filling
 * the address space the way a deployment would: about one router per 40
 * devices, up to 14 first-level routers under the coordinator and up to 14
 * second-level routers under each, end devices spread evenly over the
 * coordinator and the routers (each router gets at least one).  Nodes are
 * in pre-order, as the JSON reader produces them.
 */
static struct loom_topology *generate(u32 n, u32 *routers)
{
	u32 ends_of[1 + MAX_ROUTERS], subs_of[LOOM_MAX_ROUTERS_BELOW];
	u32 nr, l1, l2, ends, parents, i, j, k;
	struct gen g = { 0 };
	char name[32];

	nr = n / 40;
	if (nr < 1)
		nr = 1;
	if (nr > MAX_ROUTERS)
		nr = MAX_ROUTERS;
	if (nr > (n - 1) / 2)
		nr = (n - 1) / 2;
	l1 = nr < LOOM_MAX_ROUTERS_BELOW ? nr : LOOM_MAX_ROUTERS_BELOW;
	l2 = nr - l1;
	for (i = 0; i < l1; i++)
		subs_of[i] = l2 / l1 + (i < l2 % l1);

	/* Parent 0 is the coordinator, 1..nr the routers in creation order. */
	ends = n - 1 - nr;
	parents = nr + 1;
	ends_of[0] = 0;
	for (i = 1; i < parents; i++)
		ends_of[i] = 1;
	for (i = 0, k = ends - nr; k; k--, i = (i + 1) % parents)
		ends_of[i]++;
	for (i = 0; i < parents; i++)
		if (ends_of[i] > LOOM_MAX_END_DEVICES)
			return NULL;

	g.t = loom_topo_alloc(n);
	if (!g.t)
		return NULL;
	g.t->cfg.slot_ms = 1;
	g.t->cfg.data_interval_ms = LOOM_CFG_INTERVAL_MS_MAX;
	add_node(&g, LOOM_NO_PARENT, LOOM_ROLE_COORDINATOR, "coordinator");
	k = 1;
	for (i = 0; i < l1; i++) {
		u32 r;

		snprintf(name, sizeof(name), "router-%u", i + 1);
		r = add_node(&g, 0, LOOM_ROLE_ROUTER, name);
		add_ends(&g, r, ends_of[k++]);
		for (j = 0; j < subs_of[i]; j++) {
			u32 s;

			snprintf(name, sizeof(name), "router-%u.%u", i + 1,
				 j + 1);
			s = add_node(&g, r, LOOM_ROLE_ROUTER, name);
			add_ends(&g, s, ends_of[k++]);
		}
	}
	add_ends(&g, 0, ends_of[0]);
	*routers = nr;
	return g.t;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * struct bench - one size: its input, a work copy and the results
 * @n: nodes
 * @routers: of which routers
 * @runs: timed runs
 * @tmpl: the generated topology, never computed
 * @work: the copy each run computes
 * @t: time of each run
 * @slots: slot_total of the computed schedule
 * @us: median time of loom_topo_compute()
 * @bytes: the topology object plus the peak heap of one compute
 */
struct bench {
	u32 n;
	u32 routers;
	int runs;
	struct loom_topology *tmpl;
	struct loom_topology *work;
	double *t;
	u32 slots;
	double us;
	size_t bytes;
};

static int bench_init(struct bench *b, u32 n, int runs)
{
	b->n = n;
	b->runs = runs;
	b->tmpl = generate(n, &b->routers);
	if (!b->tmpl) {
		fprintf(stderr, "topo_bench: cannot generate %u nodes\n", n);
		return -1;
	}
	b->work = loom_topo_alloc(n);
	b->t = calloc(runs, sizeof(*b->t));
	if (!b->work || !b->t) {
		fprintf(stderr, "topo_bench: out of memory\n");
		return -1;
	}
	b->bytes = sizeof(*b->tmpl) + (size_t)n * sizeof(b->tmpl->nodes[0]);
	return 0;
}

/* One compute of a fresh copy; run -1 only warms up and sizes the heap. */
static int bench_run(struct bench *b, int run)
{
	size_t size = sizeof(*b->tmpl) + (size_t)b->n * sizeof(b->tmpl->nodes[0]);
	struct loom_topo_error err;
	long long base;
	double t0, t1;
	int ret;

	memcpy(b->work, b->tmpl, size);
	base = heap_cur;
	heap_peak = heap_cur;
	t0 = now_us();
	ret = loom_topo_compute(b->work, &err);
	t1 = now_us();
	if (ret) {
		char msg[256];

		loom_topo_format_error(b->work, &err, msg, sizeof(msg));
		fprintf(stderr, "topo_bench: %u nodes: %s\n", b->n,
			ret == -EINVAL ? msg : strerror(-ret));
		return -1;
	}
	if (run < 0) {
		b->bytes += (size_t)(heap_peak - base);
		b->slots = b->work->slot_total;
	} else {
		b->t[run] = t1 - t0;
	}
	return 0;
}

static void bench_finish(struct bench *b)
{
	int r = b->runs;

	qsort(b->t, r, sizeof(*b->t), cmp_double);
	b->us = r % 2 ? b->t[r / 2] : (b->t[r / 2 - 1] + b->t[r / 2]) / 2;
	free(b->t);
	loom_topo_free(b->work);
	loom_topo_free(b->tmpl);
}

/* Prints how time grew from @a to @b against n log n; true if within. */
static bool growth(const char *an, const struct bench *a, const char *bn,
		   const struct bench *b)
{
	double ratio = b->us / a->us;
	double bound = (double)b->n / a->n * log(b->n) / log(a->n);
	bool ok = ratio <= bound;

	if (an[0] == '1' && an[1] == 'k')
		printf("\n");
	printf("growth: time(%s)/time(%s) = %.2f, n log n bound %u/%u*log(%u)/log(%u) = %.2f: %s\n",
	       bn, an, ratio, b->n, a->n, b->n, a->n, bound,
	       ok ? "ok" : "ABOVE the bound");
	return ok;
}

/* Enough runs for a stable median, fewer for big inputs. */
static int runs_for(u32 n)
{
	if (n <= 1000)
		return 201;
	if (n <= 10000)
		return 51;
	return 21;
}

int main(int argc, char **argv)
{
	static const u32 dflt[] = DEFAULT_SIZES;
	struct bench res[16] = { { 0 } };
	const struct bench *r1k = NULL, *r10k = NULL, *rmax = NULL;
	int nsizes = 0, runs = 0, maxruns = 0, i, r, c;
	long once;

	while ((c = getopt(argc, argv, "r:c:h")) != -1) {
		switch (c) {
		case 'c':
			/* One computation, for an instruction count (run.sh). */
			once = strtol(optarg, NULL, 10);
			if (once < 3 || once > LOOM_MAX_NODES) {
				fprintf(stderr, "topo_bench: -c needs 3..%d nodes\n",
					LOOM_MAX_NODES);
				return 2;
			}
			res[0].n = (u32)once;
			return bench_init(&res[0], res[0].n, 1) ||
			       bench_run(&res[0], 0);
		case 'r':
			runs = atoi(optarg);
			if (runs < 1) {
				fprintf(stderr, "topo_bench: -r needs a count of at least 1\n");
				return 2;
			}
			break;
		default:
			fprintf(stderr,
				"Usage: topo_bench [-r RUNS] [NODES...] | -c NODES   (3 <= NODES <= %d)\n",
				LOOM_MAX_NODES);
			return c == 'h' ? 0 : 2;
		}
	}
	for (i = optind; i < argc; i++) {
		long v = strtol(argv[i], NULL, 10);

		if (v < 3 || v > LOOM_MAX_NODES || nsizes == 16) {
			fprintf(stderr, "topo_bench: %s: need up to 16 sizes of 3..%d nodes\n",
				argv[i], LOOM_MAX_NODES);
			return 2;
		}
		res[nsizes++].n = (u32)v;
	}
	if (!nsizes)
		for (i = 0; i < (int)(sizeof(dflt) / sizeof(dflt[0])); i++)
			res[nsizes++].n = dflt[i];

	for (i = 0; i < nsizes; i++) {
		struct bench *b = &res[i];

		if (bench_init(b, b->n, runs ? runs : runs_for(b->n)) ||
		    bench_run(b, -1))
			return 1;
		if (b->runs > maxruns)
			maxruns = b->runs;
	}
	/*
	 * Sizes take turns, run by run, so that a busy moment of the machine
	 * hits them alike and the growth ratios stay meaningful.
	 */
	for (r = 0; r < maxruns; r++)
		for (i = 0; i < nsizes; i++)
			if (r < res[i].runs && bench_run(&res[i], r))
				return 1;

	if (runs)
		printf("loom_topo_compute() on the host (kernel/net/topology.c), median of %d runs\n\n",
		       runs);
	else
		printf("loom_topo_compute() on the host (kernel/net/topology.c), median of 21..201 runs\n\n");
	/* Written out: printf pads by bytes, and "µ" takes two. */
	printf("   nodes | routers |   slots |  time (µs) |  µs/node | memory (KiB) | bytes/node\n");
	printf("---------+---------+---------+------------+----------+--------------+-----------\n");
	for (i = 0; i < nsizes; i++) {
		struct bench *b = &res[i];

		bench_finish(b);
		printf("%8u | %7u | %7u | %10.1f | %8.4f | %12.1f | %10.1f\n",
		       b->n, b->routers, b->slots, b->us, b->us / b->n,
		       b->bytes / 1024.0, (double)b->bytes / b->n);
		if (b->n == 1000)
			r1k = b;
		if (b->n == 10000)
			r10k = b;
		if (b->n == LOOM_MAX_NODES)
			rmax = b;
	}
	if (r1k && r10k) {
		bool ok = growth("1k", r1k, "10k", r10k);

		/*
		 * Wall-clock time also carries cache steps (the working set
		 * outgrows L2 between 1k and 10k nodes) and the machine's
		 * noise; run.sh's instruction counts judge the algorithm.
		 */
		if (!ok && rmax)
			growth("10k", r10k, "max", rmax);
	}
	return 0;
}
