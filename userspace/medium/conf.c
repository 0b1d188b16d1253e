// SPDX-License-Identifier: GPL-2.0
/*
 * loom-medium's configuration language: one statement per line, words
 * apart by blanks, '#' to the end of the line a comment.
 *
 *   medium [exponent N] [ref-loss DB] [sigma DB] [fading DB] [noise DBM]
 *          [threshold DBM] [txpower DBM] [seed N]
 *   radio NAME [addr MAC | phy PHY] [pos X Y [Z]] [txpower DBM|default]
 *   link A B [cut | restore] [loss PCT|off] [signal DBM|off] [clear] [both]
 *
 * The same statements come from the configuration file and, at run time,
 * from "loom-medium ctl".  A statement is checked whole before anything
 * changes; an error names "SRC:LINE:FIELD", FIELD being the word whose
 * value is wrong (or the statement's keyword).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "loom.h"
#include "medium.h"
#include "output.h"

#define MAX_WORDS	64

struct words {
	char *w[MAX_WORDS];
	int n;
	int i;
	const char *src;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int failf(struct words *ws, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int failf(struct words *ws, const char *field, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = snprintf(ws->err, ws->errlen, "%s:%u:%s: ", ws->src, ws->line, field);
	if (n < ws->errlen) {
		va_start(ap, fmt);
		vsnprintf(ws->err + n, ws->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const char *next(struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i++] : NULL;
}

static bool more(const struct words *ws)
{
	return ws->i < ws->n;
}

/* The value after keyword @key, a number in [@lo, @hi]. */
static int number(struct words *ws, const char *key, double lo, double hi,
		  double *v)
{
	const char *s = next(ws);
	char *end;

	if (!s)
		return failf(ws, key, "needs a value");
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*v))
		return failf(ws, key, "'%s' is not a number", s);
	if (*v < lo || *v > hi)
		return failf(ws, key, "%s is out of range (%g to %g)", s, lo, hi);
	return 0;
}

int lm_parse_mac(const char *s, uint8_t *addr)
{
	return loom_parse_hwaddr(s, addr);
}


/* ---- medium ---------------------------------------------------------- */

static const struct {
	const char *key;
	size_t off;
	double lo, hi;
} params[] = {
	{ "exponent", offsetof(struct lm_params, exponent), 1, 10 },
	{ "ref-loss", offsetof(struct lm_params, ref_loss), 0, 200 },
	{ "sigma", offsetof(struct lm_params, sigma), 0, 30 },
	{ "fading", offsetof(struct lm_params, fading), 0, 30 },
	{ "noise", offsetof(struct lm_params, noise), -150, -30 },
	{ "threshold", offsetof(struct lm_params, threshold), -150, 0 },
	{ "txpower", offsetof(struct lm_params, txpower), -30, 40 },
};

#define NPARAMS (sizeof(params) / sizeof(params[0]))

static int st_medium(struct lm_medium *m, struct words *ws)
{
	struct lm_params p = m->p;
	const char *key, *s;
	char *end;
	size_t k;
	int err;

	if (!more(ws))
		return failf(ws, "medium", "needs a parameter (exponent, ref-loss, sigma, fading, noise, threshold, txpower, seed)");
	while ((key = next(ws))) {
		if (!strcmp(key, "seed")) {
			s = next(ws);
			if (!s)
				return failf(ws, key, "needs a value");
			errno = 0;
			p.seed = strtoull(s, &end, 0);
			if (end == s || *end || errno || *s == '-')
				return failf(ws, key, "'%s' is not a number from 0 to 2^64-1", s);
			continue;
		}
		for (k = 0; k < NPARAMS; k++)
			if (!strcmp(key, params[k].key))
				break;
		if (k == NPARAMS)
			return failf(ws, key, "unknown medium parameter (exponent, ref-loss, sigma, fading, noise, threshold, txpower, seed)");
		err = number(ws, key, params[k].lo, params[k].hi,
			     (double *)((char *)&p + params[k].off));
		if (err)
			return err;
	}
	if (p.seed != m->p.seed) {
		m->p = p;
		lm_reseed(m);
	}
	m->p = p;
	return 0;
}

/* ---- radio ----------------------------------------------------------- */

static bool name_ok(const char *s)
{
	size_t len = strlen(s);

	if (!len || len >= LM_NAME_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._:-") == len;
}

static bool is_keyword(const char *s)
{
	static const char *const kw[] = {
		"addr", "phy", "pos", "txpower", "cut", "restore", "loss",
		"signal", "clear", "both", "default", "off",
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(s, kw[i]))
			return true;
	return false;
}

/*
 * A phy's addresses from sysfs: hwsim lists addresses[0] then
 * addresses[1]; the second is its key in the netlink API.  Returns the
 * number of addresses read (1 or 2), or -errno.
 */
static int phy_addresses(const struct lm_medium *m, const char *phy,
			 uint8_t addr[2][LM_ETH_ALEN])
{
	char path[256], line[64];
	int n = 0, err;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/addresses", m->sysfs, phy);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (n < 2 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (lm_parse_mac(line, addr[n])) {
			fclose(f);
			return -EINVAL;
		}
		n++;
	}
	err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (err)
		return err;
	return n ? n : -ENODATA;
}

struct radio_args {
	const char *name;
	const char *phy;
	bool has_addr, has_pos, has_txpower;
	uint8_t addr[LM_ETH_ALEN];
	double pos[3];
	double txpower;		/* NaN: back to the default */
};

static int radio_words(struct words *ws, struct radio_args *a)
{
	const char *key, *s;
	int err, k;

	while ((key = next(ws))) {
		if (!strcmp(key, "addr")) {
			s = next(ws);
			if (!s)
				return failf(ws, key, "needs an address");
			if (lm_parse_mac(s, a->addr))
				return failf(ws, key, "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", s);
			a->has_addr = true;
		} else if (!strcmp(key, "phy")) {
			s = next(ws);
			if (!s)
				return failf(ws, key, "needs a phy name");
			if (!name_ok(s) || strchr(s, '/'))
				return failf(ws, key, "'%s' is not a phy name", s);
			a->phy = s;
		} else if (!strcmp(key, "pos")) {
			for (k = 0; k < 3; k++) {
				a->pos[k] = 0;
				/* z is optional: stop at the next keyword. */
				if (k == 2 && (!more(ws) || is_keyword(ws->w[ws->i])))
					break;
				err = number(ws, key, -1e6, 1e6, &a->pos[k]);
				if (err)
					return err;
			}
			a->has_pos = true;
		} else if (!strcmp(key, "txpower")) {
			if (more(ws) && !strcmp(ws->w[ws->i], "default")) {
				ws->i++;
				a->txpower = NAN;
			} else {
				err = number(ws, key, -30, 40, &a->txpower);
				if (err)
					return err;
			}
			a->has_txpower = true;
		} else {
			return failf(ws, key, "unknown radio parameter (addr, phy, pos, txpower)");
		}
	}
	if (a->has_addr && a->phy)
		return failf(ws, "phy", "give addr or phy, not both");
	return 0;
}

/* A new radio: its key from addr, phy, or a name that is one of them. */
static int radio_new(struct lm_medium *m, struct words *ws, struct radio_args *a)
{
	uint8_t pa[2][LM_ETH_ALEN];
	char mac[18];
	int n = 0, r, other;

	if (!a->has_addr && !a->phy) {
		if (!lm_parse_mac(a->name, a->addr))
			a->has_addr = true;
		else
			a->phy = a->name;
	}
	if (a->phy) {
		n = phy_addresses(m, a->phy, pa);
		if (n < 0 && !strcmp(a->phy, a->name) && n == -ENOENT)
			return failf(ws, "radio", "no radio '%s': a new radio needs addr or phy", a->name);
		if (n < 0)
			return failf(ws, "phy", "cannot read %s/%s/addresses: %s (a phy in another network namespace is not visible)",
				     m->sysfs, a->phy, strerror(-n));
		memcpy(a->addr, pa[n - 1], LM_ETH_ALEN);
	}
	if (!a->has_pos)
		return failf(ws, "pos", "a new radio needs a position");
	other = lm_radio_by_addr(m, a->addr);
	if (other >= 0)
		return failf(ws, a->phy ? "phy" : "addr", "%s is radio '%s' already",
			     out_mac(mac, sizeof(mac), a->addr), m->radios[other].name);
	r = lm_radio_add(m, a->name, a->phy, a->addr, a->pos);
	if (r == -ENOSPC)
		return failf(ws, "radio", "too many radios (at most %d)", LM_MAX_RADIOS);
	if (r < 0)
		return failf(ws, "radio", "%s", strerror(-r));
	if (a->has_txpower)
		m->radios[r].txpower = a->txpower;
	if (n == 2)
		lm_alias_add(m, r, pa[0], LM_ALIAS_SYSFS);
	return 0;
}

static int st_radio(struct lm_medium *m, struct words *ws)
{
	struct radio_args a = { 0 };
	struct lm_radio *r;
	char mac[18];
	int err, i;

	a.name = next(ws);
	if (!a.name)
		return failf(ws, "radio", "needs a name");
	if (!name_ok(a.name))
		return failf(ws, "radio", "'%s' is not a name (1 to %d of A-Z a-z 0-9 . _ : -)",
			     a.name, LM_NAME_MAX - 1);
	if (is_keyword(a.name))
		return failf(ws, "radio", "'%s' is a keyword, not a name", a.name);
	err = radio_words(ws, &a);
	if (err)
		return err;
	i = lm_radio_find(m, a.name);
	if (i < 0)
		return radio_new(m, ws, &a);
	r = &m->radios[i];
	if (a.has_addr && memcmp(a.addr, r->addr, LM_ETH_ALEN))
		return failf(ws, "addr", "radio '%s' is %s; a radio's address cannot change",
			     r->name, out_mac(mac, sizeof(mac), r->addr));
	if (a.phy && strcmp(a.phy, r->phy))
		return failf(ws, "phy", "radio '%s' is %s; a radio's phy cannot change",
			     r->name, r->phy[0] ? r->phy : out_mac(mac, sizeof(mac), r->addr));
	if (a.has_pos)
		memcpy(r->pos, a.pos, sizeof(r->pos));
	if (a.has_txpower)
		r->txpower = a.txpower;
	return 0;
}

/* ---- link ------------------------------------------------------------ */

struct link_args {
	bool cut, restore, clear, both;
	int loss, signal;	/* 0: unchanged, 1: set, -1: back to the model */
	double loss_v, signal_v;
};

static int link_words(struct words *ws, struct link_args *a)
{
	const char *key;
	int err;

	while ((key = next(ws))) {
		if (!strcmp(key, "cut")) {
			a->cut = true;
		} else if (!strcmp(key, "restore")) {
			a->restore = true;
		} else if (!strcmp(key, "clear")) {
			a->clear = true;
		} else if (!strcmp(key, "both")) {
			a->both = true;
		} else if (!strcmp(key, "loss") || !strcmp(key, "signal")) {
			bool loss = key[0] == 'l';

			if (more(ws) && !strcmp(ws->w[ws->i], "off")) {
				ws->i++;
				*(loss ? &a->loss : &a->signal) = -1;
				continue;
			}
			err = loss ? number(ws, key, 0, 100, &a->loss_v) :
				     number(ws, key, -127, 30, &a->signal_v);
			if (err)
				return err;
			*(loss ? &a->loss : &a->signal) = 1;
		} else {
			return failf(ws, key, "unknown link parameter (cut, restore, loss, signal, clear, both)");
		}
	}
	if (a->cut && a->restore)
		return failf(ws, "restore", "contradicts cut");
	if (!a->cut && !a->restore && !a->clear && !a->loss && !a->signal)
		return failf(ws, "link", "needs cut, restore, loss, signal or clear");
	return 0;
}

static void link_apply(struct lm_link *l, const struct link_args *a)
{
	if (a->clear) {
		l->cut = false;
		l->has_loss = false;
		l->has_signal = false;
	}
	if (a->cut)
		l->cut = true;
	if (a->restore)
		l->cut = false;
	if (a->loss) {
		l->has_loss = a->loss > 0;
		l->loss = a->loss > 0 ? a->loss_v : 0;
	}
	if (a->signal) {
		l->has_signal = a->signal > 0;
		l->signal = a->signal > 0 ? a->signal_v : 0;
	}
}

static int st_link(struct lm_medium *m, struct words *ws)
{
	struct link_args a = { 0 };
	const char *na = next(ws), *nb = next(ws);
	int ra, rb, err;

	if (!na || !nb)
		return failf(ws, "link", "needs two radios");
	ra = lm_radio_find(m, na);
	if (ra < 0)
		return failf(ws, "link", "no radio '%s'", na);
	rb = lm_radio_find(m, nb);
	if (rb < 0)
		return failf(ws, "link", "no radio '%s'", nb);
	if (ra == rb)
		return failf(ws, "link", "'%s' and '%s' are the same radio", na, nb);
	err = link_words(ws, &a);
	if (err)
		return err;
	link_apply(lm_link(m, ra, rb), &a);
	if (a.both)
		link_apply(lm_link(m, rb, ra), &a);
	return 0;
}

/* ---- statements ------------------------------------------------------ */

int lm_conf_line(struct lm_medium *m, const char *src, unsigned int line,
		 char *text, char *err, size_t errlen)
{
	struct words ws = { .src = src, .line = line, .err = err, .errlen = errlen };
	char *save = NULL, *w;
	const char *kw;

	for (w = strtok_r(text, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (w[0] == '#')
			break;
		if (ws.n == MAX_WORDS)
			return failf(&ws, ws.w[0], "more than %d words", MAX_WORDS);
		ws.w[ws.n++] = w;
	}
	if (!ws.n)
		return 1;
	kw = next(&ws);
	if (!strcmp(kw, "medium"))
		return st_medium(m, &ws);
	if (!strcmp(kw, "radio"))
		return st_radio(m, &ws);
	if (!strcmp(kw, "link"))
		return st_link(m, &ws);
	return failf(&ws, kw, "unknown statement (medium, radio, link)");
}

int lm_conf_file(struct lm_medium *m, const char *path, char *err,
		 size_t errlen)
{
	unsigned int line = 0;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	while ((len = getline(&buf, &cap, f)) >= 0) {
		line++;
		if ((size_t)len != strlen(buf)) {
			snprintf(err, errlen, "%s:%u:line: holds a NUL byte", path, line);
			ret = -EINVAL;
			break;
		}
		ret = lm_conf_line(m, path, line, buf, err, errlen);
		if (ret < 0)
			break;
		ret = 0;
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		ret = -EIO;
	}
	free(buf);
	fclose(f);
	return ret;
}
