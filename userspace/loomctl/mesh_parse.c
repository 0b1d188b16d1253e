// SPDX-License-Identifier: GPL-2.0
/*
 * The Dhyara mesh without netlink: addresses, the hosts file, "mesh
 * start"'s operands, and the orders the tables are printed in.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "loom.h"
#include "loom_int.h"
#include "mesh_parse.h"
#include "output.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Most bytes of a hosts file read (far more than any mesh has names). */
#define HOSTS_FILE_MAX	(4 << 20)

static bool addr_unusable(const u8 *a)
{
	static const u8 zero[6], bcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};

	return !memcmp(a, zero, 6) || !memcmp(a, bcast, 6);
}

static int add_host(struct mesh_hosts *h, const u8 *addr, const char *name,
		    size_t nlen)
{
	struct mesh_host *e;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 16;

		e = realloc(h->h, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		h->h = e;
		h->cap = cap;
	}
	e = &h->h[h->n++];
	memcpy(e->addr, addr, 6);
	memcpy(e->name, name, nlen);
	e->name[nlen] = '\0';
	return 0;
}

static const struct mesh_host *find_name(const struct mesh_hosts *h,
					 const char *name, size_t nlen)
{
	size_t i;

	for (i = 0; h && i < h->n; i++)
		if (strlen(h->h[i].name) == nlen &&
		    !memcmp(h->h[i].name, name, nlen))
			return &h->h[i];
	return NULL;
}

const char *mesh_hosts_name(const struct mesh_hosts *h, const u8 *addr)
{
	size_t i;

	for (i = 0; h && i < h->n; i++)
		if (!memcmp(h->h[i].addr, addr, 6))
			return h->h[i].name;
	return NULL;
}

/* The next word of @p (blanks skipped): its start, *@l its length. */
static const char *word(const char *p, const char *end, size_t *l)
{
	const char *w;

	while (p < end && isspace((unsigned char)*p))
		p++;
	w = p;
	while (p < end && !isspace((unsigned char)*p))
		p++;
	*l = (size_t)(p - w);
	return w;
}

/* One line @p..@end (comment cut): 0, 1 (bad, said on @warn), -ENOMEM. */
static int host_line(struct mesh_hosts *h, const char *file, unsigned int ln,
		     const char *p, const char *end, FILE *warn)
{
	char a[32], why[160] = "", nm[MESH_HOST_NAME_MAX + 1];
	const struct mesh_host *dup;
	const char *w, *name;
	size_t l, nlen;
	u8 addr[6], tmp[6];

	w = word(p, end, &l);
	if (!l)
		return 0;
	name = word(w + l, end, &nlen);
	snprintf(a, sizeof(a), "%.*s", (int)(l < 24 ? l : 24), w);
	if (l >= sizeof(a) || loom_parse_hwaddr(a, addr))
		snprintf(why, sizeof(why),
			 "'%s' is not a 48-bit address (aa:bb:cc:dd:ee:ff)",
			 out_printable(a, sizeof(a), a));
	else if (addr_unusable(addr))
		snprintf(why, sizeof(why), "%s names no node", a);
	else if (!nlen)
		snprintf(why, sizeof(why), "no name after %s", a);
	else if (word(name + nlen, end, &l), l)
		snprintf(why, sizeof(why),
			 "more than an address and a name (a name is one word)");
	else if (nlen > MESH_HOST_NAME_MAX)
		snprintf(why, sizeof(why), "the name is longer than %d bytes",
			 MESH_HOST_NAME_MAX);
	if (!why[0]) {
		memcpy(nm, name, nlen);
		nm[nlen] = '\0';
		out_printable(nm, sizeof(nm), nm);
		if (!loom_parse_hwaddr(nm, tmp))
			snprintf(why, sizeof(why),
				 "the name '%s' reads as an address", nm);
		else if ((dup = find_name(h, name, nlen)))
			snprintf(why, sizeof(why),
				 "'%s' names %s already", nm,
				 out_mac(a, sizeof(a), dup->addr));
		else if (mesh_hosts_name(h, addr))
			snprintf(why, sizeof(why), "%s is named '%s' already",
				 a, mesh_hosts_name(h, addr));
	}
	if (why[0]) {
		if (warn)
			fprintf(warn, "loomctl: %s:%u: %s; line ignored\n",
				file, ln, why);
		return 1;
	}
	return add_host(h, addr, name, nlen) ? -ENOMEM : 0;
}

int mesh_hosts_parse(struct mesh_hosts *h, const char *file,
		     const char *text, FILE *warn)
{
	const char *p = text, *eol, *end;
	unsigned int ln = 0;
	int bad = 0, ret;

	while (*p) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		ln++;
		end = memchr(p, '#', (size_t)(eol - p));
		ret = host_line(h, file, ln, p, end ? end : eol, warn);
		if (ret < 0)
			return ret;
		bad += ret;
		p = *eol ? eol + 1 : eol;
	}
	return bad;
}

void mesh_hosts_free(struct mesh_hosts *h)
{
	free(h->h);
	memset(h, 0, sizeof(*h));
}

int mesh_hosts_load(struct mesh_hosts *h, FILE *warn)
{
	const char *env = getenv(MESH_HOSTS_ENV);
	const char *path = env && *env ? env : MESH_HOSTS_PATH;
	char *text;
	size_t n;
	FILE *f;
	int ret;

	mesh_hosts_free(h);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		if (ret == -ENOENT && path != env)
			return 0;
		if (warn)
			fprintf(warn, "loomctl: %s: %s (no names for addresses)\n",
				path, strerror(-ret));
		return ret;
	}
	text = malloc(HOSTS_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(text, 1, HOSTS_FILE_MAX + 1, f);
	ret = ferror(f) ? -EIO : n > HOSTS_FILE_MAX ? -EFBIG : 0;
	fclose(f);
	if (ret) {
		if (warn)
			fprintf(warn, "loomctl: %s: %s (no names for addresses)\n",
				path, ret == -EFBIG ? "larger than 4 MiB" :
				strerror(-ret));
		free(text);
		return ret;
	}
	/* A NUL inside ends the text: what follows is not a hosts file. */
	text[n] = '\0';
	ret = mesh_hosts_parse(h, path, text, warn);
	free(text);
	if (ret < 0)
		mesh_hosts_free(h);
	return ret;
}

int mesh_parse_dest(const struct mesh_hosts *h, const char *s, u8 *addr,
		    char *err, size_t len)
{
	const struct mesh_host *e = find_name(h, s, strlen(s));
	char p[MESH_HOST_NAME_MAX + 1];

	if (e) {
		memcpy(addr, e->addr, 6);
		return 0;
	}
	out_printable(p, sizeof(p), s);
	if (!*s)
		return out_fail(err, len, "DEST is empty");
	if (loom_parse_hwaddr(s, addr))
		return out_fail(err, len,
				"DEST \"%s\": neither a 48-bit address (aa:bb:cc:dd:ee:ff) nor a name in the hosts file",
				p);
	if (addr_unusable(addr))
		return out_fail(err, len, "DEST \"%s\": names no node", p);
	return 0;
}

char *mesh_fmt_peer(char *buf, size_t len, const struct mesh_hosts *h,
		    const u8 *addr)
{
	const char *name = mesh_hosts_name(h, addr);
	char a[MESH_ADDR_BUF], p[MESH_HOST_NAME_MAX + 1];

	out_mac(a, sizeof(a), addr);
	if (name)
		snprintf(buf, len, "%s (%s)", a,
			 out_printable(p, sizeof(p), name));
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

const char *mesh_policy_name(u8 policy)
{
	static const char *const names[] = {
		[LOOM_MESH_POLICY_HOPS] = "hops",
		[LOOM_MESH_POLICY_DELAY] = "delay",
	};

	return policy < ARRAY_LEN(names) ? names[policy] : NULL;
}

const char *mesh_ping_code_name(u8 code)
{
	static const char *const names[] = {
		[LOOM_PING_REPLY] = "reply",
		[LOOM_PING_HOP_LIMIT] = "hop_limit",
		[LOOM_PING_NO_ROUTE] = "no_route",
	};

	return code < ARRAY_LEN(names) ? names[code] : NULL;
}

char *mesh_fmt_ppm(char *buf, size_t len, u32 ppm)
{
	/* 10000 ppm is 1 %: four decimals are exact. */
	return hwsim_fmt_ufixed(buf, len, ppm, 4, 4, false);
}

/* One "KEYWORD VALUE" of "mesh start" into @s: 0 or -EINVAL. */
static int start_option(struct mesh_start *s, const char *key,
			const char *val, char *err, size_t len)
{
	char why[HWSIM_ERR_MAX];
	uint64_t v;
	size_t i;

	if (!strcmp(key, "radio")) {
		if (!strcmp(val, s->radio))
			goto radio_twice;
		for (i = 0; i < (size_t)s->nmore; i++)
			if (!strcmp(val, s->more[i]))
				goto radio_twice;
		if (s->nmore == LOOM_RADIOS_MAX - 1)
			return out_fail(err, len,
					"radio \"%s\": a node runs on at most %d radios",
					val, LOOM_RADIOS_MAX);
		s->more[s->nmore++] = val;
		return 0;
	}
	if (!strcmp(key, "beacon")) {
		if (s->has_beacon)
			goto twice;
		if (hwsim_parse_uint(val, LOOM_MESH_BEACON_MIN_MS,
				     LOOM_MESH_BEACON_MAX_MS, &v, why,
				     sizeof(why)))
			return out_fail(err, len, "beacon \"%s\": %s (ms)", val,
					why);
		s->has_beacon = true;
		s->beacon_ms = (u32)v;
		return 0;
	}
	if (!strcmp(key, "policy")) {
		if (s->has_policy)
			goto twice;
		for (i = 0; i <= LOOM_MESH_POLICY_DELAY; i++)
			if (!strcmp(val, mesh_policy_name((u8)i)))
				break;
		if (i > LOOM_MESH_POLICY_DELAY)
			return out_fail(err, len,
					"policy \"%s\": must be hops or delay",
					val);
		s->has_policy = true;
		s->policy = (u8)i;
		return 0;
	}
	if (!strcmp(key, "duty")) {
		if (s->has_duty)
			goto twice;
		s->has_duty = true;
		if (!strcmp(val, "off")) {
			s->duty_ppm = 0;
			return 0;
		}
		if (hwsim_parse_percent(val, &s->duty_ppm, why, sizeof(why)))
			return out_fail(err, len,
					"duty \"%s\": %s (a percentage, or off)",
					val, why);
		if (!s->duty_ppm)
			return out_fail(err, len,
					"duty \"%s\": 0 %% leaves no airtime at all; 'duty off' lifts the budget",
					val);
		return 0;
	}
	return out_fail(err, len,
			"unexpected argument '%s' (radio, beacon, policy or duty)",
			key);
twice:
	return out_fail(err, len, "'%s' given twice", key);
radio_twice:
	return out_fail(err, len, "radio \"%s\" given twice", val);
}

int mesh_parse_start(int n, char **ops, struct mesh_start *s, char *err,
		     size_t len)
{
	int i;

	memset(s, 0, sizeof(*s));
	if (run_parse_start(n < 3 ? n : 3, ops, &s->name, &s->radio, NULL,
			    err, len))
		return -EINVAL;
	for (i = 3; i < n; i += 2) {
		if (i + 1 >= n) {
			if (!strcmp(ops[i], "beacon") ||
			    !strcmp(ops[i], "policy") ||
			    !strcmp(ops[i], "duty") ||
			    !strcmp(ops[i], "radio"))
				return out_fail(err, len,
						"'%s' needs a value", ops[i]);
			return out_fail(err, len,
					"unexpected argument '%s' (radio, beacon, policy or duty)",
					ops[i]);
		}
		if (start_option(s, ops[i], ops[i + 1], err, len))
			return -EINVAL;
	}
	return 0;
}

static int cmp_bytes(const u8 *a, const u8 *b)
{
	return memcmp(a, b, 6);
}

int mesh_link_cmp(const void *a, const void *b)
{
	const struct mesh_link *x = a, *y = b;
	int c = strcmp(x->node, y->node);

	return c ? c : cmp_bytes(x->addr, y->addr);
}

int mesh_route_cmp(const void *a, const void *b)
{
	const struct mesh_route *x = a, *y = b;
	int c = strcmp(x->node, y->node);

	if (!c)
		c = cmp_bytes(x->dest, y->dest);
	if (!c)
		c = (int)y->best - (int)x->best;
	if (!c)
		c = (int)x->hops - (int)y->hops;
	return c ? c : cmp_bytes(x->via, y->via);
}

uint64_t mesh_answer_rtt_us(const struct mesh_answer *a, uint64_t sent_ns,
			    uint64_t now)
{
	return (a->has_rtt ? a->rtt_ns : now - sent_ns) / 1000;
}

int mesh_pings_init(struct mesh_pings *p, uint32_t count)
{
	memset(p, 0, sizeof(*p));
	p->count = count;
	p->next = 1;
	p->oldest = 1;
	p->sent_ns = calloc(count, sizeof(*p->sent_ns));
	p->state = calloc(count, sizeof(*p->state));
	p->res = calloc(count, sizeof(*p->res));
	if (!p->sent_ns || !p->state || !p->res) {
		mesh_pings_free(p);
		return -ENOMEM;
	}
	return 0;
}

void mesh_pings_free(struct mesh_pings *p)
{
	free(p->sent_ns);
	free(p->state);
	free(p->res);
	p->sent_ns = NULL;
	p->state = NULL;
	p->res = NULL;
}

uint32_t mesh_pings_send(struct mesh_pings *p, uint64_t now)
{
	uint32_t seq;

	if (p->next > p->count)
		return 0;
	seq = p->next++;
	p->res[seq - 1].seq = seq;
	p->sent_ns[seq - 1] = now;
	p->state[seq - 1] = MESH_REQ_PENDING;
	return seq;
}

void mesh_pings_sent(struct mesh_pings *p, uint32_t seq, int err,
		     bool transient)
{
	if (!err) {
		p->st.transmitted++;
		return;
	}
	p->state[seq - 1] = MESH_REQ_FAILED;
	if (transient)
		p->st.errors++;
}

int mesh_pings_answer(struct mesh_pings *p, const struct mesh_answer *a,
		      uint64_t now, uint64_t *rtt_us)
{
	struct mesh_ping_result *r;
	uint8_t *s;
	int note = PING_NOTE_NONE;

	if (!a->seq || a->seq >= p->next)
		return -1;
	s = &p->state[a->seq - 1];
	if (*s != MESH_REQ_PENDING && *s != MESH_REQ_ANSWERED &&
	    *s != MESH_REQ_LOST)
		return -1;
	*rtt_us = mesh_answer_rtt_us(a, p->sent_ns[a->seq - 1], now);
	if (*s == MESH_REQ_ANSWERED)
		return PING_NOTE_DUP;
	if (*s == MESH_REQ_LOST)
		note = PING_NOTE_LATE;
	else if (a->code == LOOM_PING_REPLY)
		ping_stats_add(&p->st, *rtt_us);
	else
		p->st.errors++;
	*s = MESH_REQ_ANSWERED;
	r = &p->res[a->seq - 1];
	r->answered = true;
	r->a = *a;
	r->rtt_us = *rtt_us;
	return note;
}

/* Moves @p->oldest past the requests no longer pending. */
static void skip_settled(struct mesh_pings *p)
{
	while (p->oldest < p->next &&
	       p->state[p->oldest - 1] != MESH_REQ_PENDING)
		p->oldest++;
}

uint32_t mesh_pings_expire(struct mesh_pings *p, uint64_t now,
			   uint64_t timeout_ns)
{
	uint32_t seq;

	skip_settled(p);
	if (p->oldest >= p->next ||
	    now - p->sent_ns[p->oldest - 1] < timeout_ns)
		return 0;
	seq = p->oldest++;
	p->state[seq - 1] = MESH_REQ_LOST;
	return seq;
}

uint64_t mesh_pings_deadline(const struct mesh_pings *p, uint64_t timeout_ns)
{
	uint32_t i;

	for (i = p->oldest; i < p->next; i++)
		if (p->state[i - 1] == MESH_REQ_PENDING)
			return p->sent_ns[i - 1] + timeout_ns;
	return UINT64_MAX;
}

bool mesh_pings_done(const struct mesh_pings *p)
{
	uint32_t i;

	if (p->next <= p->count)
		return false;
	for (i = p->oldest; i < p->next; i++)
		if (p->state[i - 1] == MESH_REQ_PENDING)
			return false;
	return true;
}
