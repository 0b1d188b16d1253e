// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl hwsim" values: exact decimal parsing into the uapi's integer
 * units, the keyword lists of the commands, and formatting back.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hwsim_parse.h"
#include "output.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Most decimals a number may have (10^18 still fits in u64). */
#define DEC_MAX_FRAC	18

static const uint64_t tens[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
};

/* The SX127x bandwidth steps, Hz (kernel/radio/lora.c has the same). */
static const uint32_t bandwidths[] = {
	7800, 10400, 15600, 20800, 31250, 41700, 62500, 125000, 250000, 500000,
};

/**
 * struct dec - a decimal number as typed
 * @neg: it had a minus sign
 * @ip: integer part
 * @frac: the fraction's digits as a number, trailing zeros dropped
 * @nfrac: how many digits that is
 */
struct dec {
	bool neg;
	uint64_t ip;
	uint64_t frac;
	unsigned int nfrac;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Reads [-]DIGITS[.DIGITS] (or [-].DIGITS) at @s; *@end gets the first
 * byte after it.  Returns 0, -EINVAL when there is no number, -ERANGE when
 * the integer part overflows u64, -EDOM for more than DEC_MAX_FRAC
 * decimals (not counting trailing zeros).
 */
static int lex_dec(const char *s, struct dec *d, const char **end)
{
	const char *p = s, *f, *last;
	bool digits = false;
	int ret = 0;

	memset(d, 0, sizeof(*d));
	if (*p == '-') {
		d->neg = true;
		p++;
	}
	for (; is_digit(*p); p++) {
		unsigned int dig = *p - '0';

		digits = true;
		if (d->ip > (UINT64_MAX - dig) / 10)
			ret = -ERANGE;
		else
			d->ip = d->ip * 10 + dig;
	}
	if (*p == '.') {
		f = ++p;
		last = f;
		for (; is_digit(*p); p++)
			if (*p != '0')
				last = p + 1;
		if (p == f)
			return -EINVAL;		/* "5." */
		digits = true;
		if (last - f > DEC_MAX_FRAC) {
			if (!ret)
				ret = -EDOM;
		} else {
			d->nfrac = (unsigned int)(last - f);
			for (; f < last; f++)
				d->frac = d->frac * 10 + (unsigned int)(*f - '0');
		}
	}
	if (!digits)
		return -EINVAL;
	*end = p;
	return ret;
}

/* @d times 10^@scale as a magnitude: 0, -EDOM (decimals), -ERANGE. */
static int dec_scale(const struct dec *d, unsigned int scale, uint64_t *mag)
{
	uint64_t m, f;

	if (d->nfrac > scale)
		return -EDOM;
	if (scale >= ARRAY_LEN(tens) || d->ip > UINT64_MAX / tens[scale])
		return -ERANGE;
	m = d->ip * tens[scale];
	f = d->frac * tens[scale - d->nfrac];	/* < 10^scale: no overflow */
	if (m > UINT64_MAX - f)
		return -ERANGE;
	*mag = m + f;
	return 0;
}

static void fmt_mag(char *buf, size_t len, bool neg, uint64_t v,
		    unsigned int scale, unsigned int decimals, bool keep)
{
	uint64_t div, q, r, ip, fp;
	char frac[24] = "";
	size_t n;

	if (scale >= ARRAY_LEN(tens))
		scale = ARRAY_LEN(tens) - 1;
	if (decimals > scale)
		decimals = scale;
	div = tens[scale - decimals];
	q = v / div;
	r = v % div;
	if (div > 1 && r >= div - r)	/* half away from zero */
		q++;
	ip = q / tens[decimals];
	fp = q % tens[decimals];
	if (decimals) {
		snprintf(frac, sizeof(frac), ".%0*" PRIu64, (int)decimals, fp);
		if (!keep) {
			n = strlen(frac);
			while (n > 1 && frac[n - 1] == '0')
				frac[--n] = '\0';
			if (n == 1)
				frac[0] = '\0';
		}
	}
	snprintf(buf, len, "%s%" PRIu64 "%s", neg && q ? "-" : "", ip, frac);
}

char *hwsim_fmt_ufixed(char *buf, size_t len, uint64_t v, unsigned int scale,
		       unsigned int decimals, bool keep)
{
	fmt_mag(buf, len, false, v, scale, decimals, keep);
	return buf;
}

char *hwsim_fmt_fixed(char *buf, size_t len, int64_t v, unsigned int scale,
		      unsigned int decimals, bool keep)
{
	uint64_t mag = v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;

	fmt_mag(buf, len, v < 0, mag, scale, decimals, keep);
	return buf;
}

char *hwsim_fmt_pos(char *buf, size_t len, const struct hwsim_pos *p)
{
	char x[24], y[24], z[24];

	snprintf(buf, len, "%s,%s,%s", hwsim_fmt_fixed(x, sizeof(x), p->x, 3, 3, false),
		 hwsim_fmt_fixed(y, sizeof(y), p->y, 3, 3, false),
		 hwsim_fmt_fixed(z, sizeof(z), p->z, 3, 3, false));
	return buf;
}

/*
 * All of @s as a decimal times 10^@scale: 0, -EINVAL (not a number),
 * -EDOM (more decimals than @scale), -ERANGE (beyond s64).
 */
static int fixed_value(const char *s, unsigned int scale, int64_t *v)
{
	const char *end;
	struct dec d;
	uint64_t mag = 0;
	int ret;

	ret = lex_dec(s, &d, &end);
	if (ret == -EINVAL || *end)
		return -EINVAL;
	if (!ret)
		ret = dec_scale(&d, scale, &mag);
	if (ret)
		return ret;
	if (mag > (uint64_t)INT64_MAX + d.neg)
		return -ERANGE;
	*v = d.neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

/* The message for fixed_value()'s -EINVAL or -EDOM. */
static int value_error(int ret, unsigned int scale, char *err, size_t len)
{
	if (ret == -EDOM && !scale)
		return out_fail(err, len, "must be a whole number");
	if (ret == -EDOM)
		return out_fail(err, len, "too many decimals (at most %u)", scale);
	return out_fail(err, len, "not a number");
}

int hwsim_parse_fixed(const char *s, unsigned int scale, int64_t min,
		      int64_t max, const char *unit, int64_t *out, char *err,
		      size_t len)
{
	char lo[32], hi[32];
	int64_t v = 0;
	int ret;

	ret = fixed_value(s, scale, &v);
	if (ret == -EINVAL || ret == -EDOM)
		return value_error(ret, scale, err, len);
	if (ret || v < min || v > max)
		return out_fail(err, len, "must be %s..%s%s",
			    hwsim_fmt_fixed(lo, sizeof(lo), min, scale, scale,
					    false),
			    hwsim_fmt_fixed(hi, sizeof(hi), max, scale, scale,
					    false), unit);
	*out = v;
	return 0;
}

int hwsim_parse_uint(const char *s, uint64_t min, uint64_t max,
		     uint64_t *out, char *err, size_t len)
{
	const char *end;
	struct dec d;
	int ret;

	ret = lex_dec(s, &d, &end);
	if (ret == -EINVAL || *end)
		return out_fail(err, len, "not a number");
	if (ret == -EDOM || d.nfrac)
		return out_fail(err, len, "must be a whole number");
	if (ret || (d.neg && d.ip) || d.ip < min || d.ip > max)
		return out_fail(err, len, "must be %" PRIu64 "..%" PRIu64, min,
			    max);
	*out = d.ip;
	return 0;
}

int hwsim_parse_id(const char *s, uint32_t *id, char *err, size_t len)
{
	uint64_t v;

	if (hwsim_parse_uint(s, 0, UINT32_MAX, &v, err, len))
		return -EINVAL;
	*id = (uint32_t)v;
	return 0;
}

int hwsim_parse_mhz(const char *s, uint32_t *hz, char *err, size_t len)
{
	int64_t v;

	if (hwsim_parse_fixed(s, 6, HWSIM_FREQ_MIN_HZ, HWSIM_FREQ_MAX_HZ,
			      " MHz", &v, err, len))
		return -EINVAL;
	*hz = (uint32_t)v;
	return 0;
}

int hwsim_parse_bw(const char *s, uint32_t *hz, char *err, size_t len)
{
	char list[128], one[16];
	size_t i, o = 0;
	int64_t v = 0;
	int ret;

	ret = fixed_value(s, 3, &v);
	if (ret == -EINVAL || ret == -EDOM)
		return value_error(ret, 3, err, len);
	for (i = 0; !ret && i < ARRAY_LEN(bandwidths); i++) {
		if (v == bandwidths[i]) {
			*hz = bandwidths[i];
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; i < ARRAY_LEN(bandwidths); i++) {
		hwsim_fmt_ufixed(one, sizeof(one), bandwidths[i], 3, 3, false);
		o += snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "",
			      one);
	}
	return out_fail(err, len, "must be one of %s kHz", list);
}

int hwsim_parse_db(const char *s, int32_t min, int32_t max, const char *unit,
		   int32_t *mdb, char *err, size_t len)
{
	int64_t v;

	if (hwsim_parse_fixed(s, 3, min, max, unit, &v, err, len))
		return -EINVAL;
	*mdb = (int32_t)v;
	return 0;
}

int hwsim_parse_percent(const char *s, uint32_t *ppm, char *err, size_t len)
{
	char num[64];
	size_t l = strlen(s);
	int64_t v;

	if (l && s[l - 1] == '%')
		l--;
	if (l >= sizeof(num))
		return out_fail(err, len, "not a number");
	memcpy(num, s, l);
	num[l] = '\0';
	/* 1% is 10000 ppm: four decimals of a percent are exact. */
	if (hwsim_parse_fixed(num, 4, 0, HWSIM_LOSS_MAX_PPM, "%", &v, err,
			      len))
		return -EINVAL;
	*ppm = (uint32_t)v;
	return 0;
}

int hwsim_parse_metres(const char *s, int32_t *mm, char *err, size_t len)
{
	int64_t v;

	if (hwsim_parse_fixed(s, 3, INT32_MIN, INT32_MAX, " m", &v, err, len))
		return -EINVAL;
	*mm = (int32_t)v;
	return 0;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

int hwsim_parse_duration(const char *s, uint64_t unit_ns, uint64_t *ns,
			 char *err, size_t len)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "ms", HWSIM_NSEC_PER_MSEC },
		{ "s", HWSIM_NSEC_PER_SEC },
		{ "m", 60 * HWSIM_NSEC_PER_SEC },
		{ "min", 60 * HWSIM_NSEC_PER_SEC },
		{ "h", 3600 * HWSIM_NSEC_PER_SEC },
		{ "d", 86400 * HWSIM_NSEC_PER_SEC },
	};
	uint64_t unit = unit_ns, whole, part, p, g;
	const char *end;
	struct dec d;
	size_t i;
	int ret;

	ret = lex_dec(s, &d, &end);
	if (ret == -EINVAL)
		return out_fail(err, len, "not a duration");
	if (*end) {
		for (i = 0; i < ARRAY_LEN(units); i++)
			if (!strcmp(end, units[i].name))
				break;
		if (i == ARRAY_LEN(units))
			return out_fail(err, len,
				    "unknown unit \"%s\" (ns, us, ms, s, m, h, d)",
				    end);
		unit = units[i].ns;
	}
	if (d.neg && (d.ip || d.frac))
		return out_fail(err, len, "must not be negative");
	if (ret == -EDOM)
		return out_fail(err, len, "not a whole number of nanoseconds");
	if (ret || d.ip > UINT64_MAX / unit)
		return out_fail(err, len, "too long (at most %" PRIu64 " ns)",
			    UINT64_MAX);
	whole = d.ip * unit;
	/* frac / 10^nfrac of a unit, exactly: reduce the fraction first. */
	p = tens[d.nfrac];
	g = gcd(unit, p);
	if (d.frac % (p / g))
		return out_fail(err, len, "not a whole number of nanoseconds");
	part = d.frac / (p / g) * (unit / g);	/* < unit */
	if (whole > UINT64_MAX - part)
		return out_fail(err, len, "too long (at most %" PRIu64 " ns)",
			    UINT64_MAX);
	*ns = whole + part;
	return 0;
}

int hwsim_parse_run(const char *s, uint64_t *ns, char *err, size_t len)
{
	uint64_t v;

	if (hwsim_parse_duration(s, HWSIM_NSEC_PER_SEC, &v, err, len))
		return -EINVAL;
	if (!v)
		return out_fail(err, len, "must be more than 0");
	if (v > HWSIM_RUN_MAX_NS)
		return out_fail(err, len, "must be at most 14 d");
	*ns = v;
	return 0;
}

int hwsim_parse_cr(const char *s, uint8_t *cr, char *err, size_t len)
{
	uint64_t v;
	char tmp[8];

	if (!strncmp(s, "4/", 2))
		s += 2;
	if (hwsim_parse_uint(s, HWSIM_CR_MIN, HWSIM_CR_MAX, &v, tmp,
			     sizeof(tmp)))
		return out_fail(err, len, "must be 4/5..4/8 (or 5..8)");
	*cr = (uint8_t)v;
	return 0;
}

int hwsim_parse_state(const char *s, uint8_t *state, char *err, size_t len)
{
	static const struct {
		const char *name;
		uint8_t state;
	} names[] = {
		{ "off", LOOM_RADIO_DISABLED },
		{ "disabled", LOOM_RADIO_DISABLED },
		{ "sleep", LOOM_RADIO_SLEEP },
		{ "rx", LOOM_RADIO_RECEIVE },
		{ "receive", LOOM_RADIO_RECEIVE },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*state = names[i].state;
			return 0;
		}
	}
	if (!strcmp(s, "tx") || !strcmp(s, "transmit"))
		return out_fail(err, len,
			    "a radio transmits only while it sends; must be off, sleep or rx");
	return out_fail(err, len, "must be off, sleep or rx");
}

int hwsim_parse_u64(const char *s, uint64_t *v, char *err, size_t len)
{
	uint64_t x = 0;
	const char *p;

	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		return hwsim_parse_uint(s, 0, UINT64_MAX, v, err, len);
	for (p = s + 2; *p; p++) {
		unsigned int dig;

		if (is_digit(*p))
			dig = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			dig = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			dig = *p - 'A' + 10;
		else
			return out_fail(err, len, "not a number");
		if (x >> 60)
			return out_fail(err, len, "must be at most 0x%" PRIx64,
				    UINT64_MAX);
		x = x << 4 | dig;
	}
	if (p == s + 2)
		return out_fail(err, len, "not a number");
	*v = x;
	return 0;
}

/* Could @s be a number (the optional Z of a position)? */
static bool looks_numeric(const char *s)
{
	if (*s == '-')
		s++;
	return is_digit(*s) || (*s == '.' && is_digit(s[1]));
}

/*
 * X Y [Z] at @argv (@argc words left), Z only if it looks like a number:
 * @lead names the keyword in messages ("pos ").  Returns the number of
 * words used, or -EINVAL.
 */
static int parse_pos_words(const char *lead, int argc, char **argv,
			   struct hwsim_pos *pos, char *err, size_t len)
{
	static const char *const axis[] = { "X", "Y", "Z" };
	int32_t v[3] = { 0, 0, 0 };
	char why[HWSIM_ERR_MAX];
	int i, n = 2;

	if (argc < 2)
		return out_fail(err, len, "%sneeds X and Y (metres)", lead);
	if (argc > 2 && looks_numeric(argv[2]))
		n = 3;
	for (i = 0; i < n; i++)
		if (hwsim_parse_metres(argv[i], &v[i], why, sizeof(why)))
			return out_fail(err, len, "%s%s \"%s\": %s", lead, axis[i],
				    argv[i], why);
	pos->x = v[0];
	pos->y = v[1];
	pos->z = v[2];
	return n;
}

int hwsim_parse_position(int argc, char **argv, struct hwsim_pos *pos,
			 char *err, size_t len)
{
	int n = parse_pos_words("", argc, argv, pos, err, len);

	if (n < 0)
		return n;
	if (n < argc)
		return out_fail(err, len, "unexpected argument \"%s\"", argv[n]);
	return 0;
}

/**
 * struct kw_list - the keywords of a command
 * @words: the keywords; word k is bit k of the "seen" masks
 * @n: how many
 * @bare: bits of the words that take no value (or several, like "pos")
 * @hidden: bits of the words this command does not take (0: it takes all)
 */
struct kw_list {
	const char *const *words;
	size_t n;
	unsigned int bare;
	unsigned int hidden;
};

/* 'unknown keyword "x" (a, b, c)' */
static int unknown_keyword(const struct kw_list *kl, const char *word,
			   char *err, size_t len)
{
	char list[256];
	size_t i, o = 0;

	list[0] = '\0';
	for (i = 0; i < kl->n && o < sizeof(list); i++)
		if (!(kl->hidden & (1U << i)))
			o += snprintf(list + o, sizeof(list) - o, "%s%s",
				      o ? ", " : "", kl->words[i]);
	return out_fail(err, len, "unknown keyword \"%s\" (%s)", word, list);
}

/*
 * The keyword at argv[*@i]: known, not in *@seen yet (then added), with
 * its value in *@val unless it is a bare one.  *@i moves past what was
 * taken.  Returns the keyword's index, or -EINVAL.
 */
static int next_keyword(const struct kw_list *kl, int argc, char **argv,
			int *i, unsigned int *seen, const char **val,
			char *err, size_t len)
{
	const char *kw = argv[*i];
	size_t k;

	for (k = 0; k < kl->n; k++)
		if (!strcmp(kl->words[k], kw))
			break;
	if (k == kl->n || (kl->hidden & (1U << k)))
		return unknown_keyword(kl, kw, err, len);
	if (*seen & (1U << k))
		return out_fail(err, len, "\"%s\" given twice", kw);
	*seen |= 1U << k;
	(*i)++;
	if (kl->bare & (1U << k))
		return (int)k;
	if (*i >= argc)
		return out_fail(err, len, "\"%s\" needs a value", kw);
	*val = argv[(*i)++];
	return (int)k;
}

/*
 * In the order of the HWSIM_SET_* bits; "owned", "chip" and "version" are
 * for "radio add", "fault" for "radio set".
 */
static const char *const setting_words[] = {
	"state", "freq", "bw", "sf", "cr", "power", "preamble", "pos", "gen",
	"gap", "owned", "chip", "version", "fault",
};

enum {
	KW_STATE, KW_FREQ, KW_BW, KW_SF, KW_CR, KW_POWER, KW_PREAMBLE,
	KW_POS, KW_GEN, KW_GAP, KW_OWNED, KW_CHIP, KW_VERSION, KW_FAULT,
};

/* The chip models "chip" takes, by enum loom_hwsim_kind. */
static const char *const kind_names[] = {
	[LOOM_HWSIM_KIND_RADIO] = "radio",
	[LOOM_HWSIM_KIND_SX1276] = "sx1276",
	[LOOM_HWSIM_KIND_SX1277] = "sx1277",
	[LOOM_HWSIM_KIND_SX1278] = "sx1278",
	[LOOM_HWSIM_KIND_SX1279] = "sx1279",
};

static const char *const fault_names[] = {
	[LOOM_HWSIM_FAULT_NONE] = "none",
	[LOOM_HWSIM_FAULT_SPI_ERROR] = "spi-error",
	[LOOM_HWSIM_FAULT_STUCK_IRQ] = "stuck-irq",
	[LOOM_HWSIM_FAULT_MUTE] = "mute",
	[LOOM_HWSIM_FAULT_CRC_ERROR] = "crc-error",
};

/* @s among @names[@first..@n): its index, or -1. */
static int name_index(const char *const *names, size_t first, size_t n,
		      const char *s)
{
	size_t i;

	for (i = first; i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return (int)i;
	return -1;
}

/* One setting's value; 0 or -EINVAL with the reason in @why. */
static int parse_setting(int k, const char *val, struct hwsim_settings *st,
			 char *why, size_t len)
{
	uint64_t u = 0;
	int32_t dbm = 0;
	int ret;

	switch (k) {
	case KW_STATE:
		return hwsim_parse_state(val, &st->state, why, len);
	case KW_FREQ:
		return hwsim_parse_mhz(val, &st->freq_hz, why, len);
	case KW_BW:
		return hwsim_parse_bw(val, &st->bw_hz, why, len);
	case KW_SF:
		ret = hwsim_parse_uint(val, HWSIM_SF_MIN, HWSIM_SF_MAX, &u, why,
				       len);
		st->sf = (uint8_t)u;
		return ret;
	case KW_CR:
		return hwsim_parse_cr(val, &st->cr, why, len);
	case KW_POWER:
		ret = hwsim_parse_db(val, HWSIM_POWER_MIN_DBM * 1000,
				     HWSIM_POWER_MAX_DBM * 1000, " dBm", &dbm,
				     why, len);
		/* The uapi's power is in whole dBm. */
		if (!ret && dbm % 1000)
			ret = out_fail(why, len, "must be a whole number");
		st->tx_power_dbm = dbm / 1000;
		return ret;
	case KW_PREAMBLE:
		ret = hwsim_parse_uint(val, HWSIM_PREAMBLE_MIN, UINT16_MAX, &u,
				       why, len);
		st->preamble = (uint16_t)u;
		return ret;
	case KW_GEN:
		ret = hwsim_parse_uint(val, 0, HWSIM_GEN_LEN_MAX, &u, why, len);
		st->gen_len = (uint16_t)u;
		return ret;
	case KW_CHIP:
		ret = name_index(kind_names, LOOM_HWSIM_KIND_SX1276,
				 ARRAY_LEN(kind_names), val);
		if (ret < 0)
			return out_fail(why, len,
				    "must be sx1276, sx1277, sx1278 or sx1279");
		st->kind = (uint8_t)ret;
		return 0;
	case KW_VERSION:
		ret = hwsim_parse_u64(val, &u, why, len);
		if (!ret && u > UINT8_MAX)
			ret = out_fail(why, len, "must be 0..255 (0x00..0xff)");
		st->version = (uint8_t)u;
		return ret;
	case KW_FAULT:
		ret = name_index(fault_names, 0, ARRAY_LEN(fault_names), val);
		if (ret < 0)
			return out_fail(why, len,
				    "must be none, spi-error, stuck-irq, mute or crc-error");
		st->fault = (uint8_t)ret;
		return 0;
	default:	/* KW_GAP */
		ret = hwsim_parse_duration(val, HWSIM_NSEC_PER_MSEC,
					   &st->gen_gap_ns, why, len);
		if (!ret && st->gen_gap_ns > HWSIM_GAP_MAX_NS)
			ret = out_fail(why, len, "must be at most 1 h");
		return ret;
	}
}

int hwsim_parse_settings(int argc, char **argv, struct hwsim_settings *st,
			 bool *owned, char *err, size_t len)
{
	const struct kw_list kl = {
		.words = setting_words,
		.n = ARRAY_LEN(setting_words),
		.bare = 1U << KW_POS | 1U << KW_OWNED,
		.hidden = owned ? 1U << KW_FAULT :
			  1U << KW_OWNED | 1U << KW_CHIP | 1U << KW_VERSION,
	};
	static const int not_chip[] = { KW_STATE, KW_GEN, KW_GAP };
	size_t j;
	char why[HWSIM_ERR_MAX];
	unsigned int seen = 0;
	const char *val = NULL;
	int i = 0, k, n;

	memset(st, 0, sizeof(*st));
	while (i < argc) {
		k = next_keyword(&kl, argc, argv, &i, &seen, &val, err, len);
		if (k < 0)
			return k;
		if (k == KW_POS) {
			n = parse_pos_words("pos ", argc - i, argv + i,
					    &st->pos, err, len);
			if (n < 0)
				return n;
			i += n;
		} else if (k != KW_OWNED &&
			   parse_setting(k, val, st, why, sizeof(why))) {
			return out_fail(err, len, "%s \"%s\": %s", setting_words[k], val,
				    why);
		}
	}
	st->set = seen & ~(1U << KW_OWNED);
	if (owned)
		*owned = seen & 1U << KW_OWNED;
	if ((st->set & HWSIM_SET_VERSION) && !(st->set & HWSIM_SET_KIND))
		return out_fail(err, len,
			    "\"version\" is a chip's RegVersion: give \"chip MODEL\" too");
	if (!(st->set & HWSIM_SET_KIND))
		return 0;
	/* A chip's driver sets its mode through its registers. */
	for (j = 0; j < ARRAY_LEN(not_chip); j++)
		if (seen & (1U << not_chip[j]))
			return out_fail(err, len,
				    "\"%s\": an emulated %s has none; its driver sets its mode through RegOpMode",
				    setting_words[not_chip[j]], kind_names[st->kind]);
	return 0;
}

int hwsim_parse_edge(int argc, char **argv, struct hwsim_edge_args *ea,
		     char *err, size_t len)
{
	static const char *const words[] = { "rssi", "snr", "loss", "both" };
	const struct kw_list kl = { words, ARRAY_LEN(words), 1U << 3, 0 };
	char why[HWSIM_ERR_MAX];
	unsigned int seen = 0;
	const char *val = NULL;
	int i = 0, k, ret = 0;

	memset(ea, 0, sizeof(*ea));
	while (i < argc) {
		k = next_keyword(&kl, argc, argv, &i, &seen, &val, err, len);
		if (k < 0)
			return k;
		if (k == 0)
			ret = hwsim_parse_db(val, HWSIM_RSSI_MIN_MDBM,
					     HWSIM_RSSI_MAX_MDBM, " dBm",
					     &ea->rssi_mdbm, why, sizeof(why));
		else if (k == 1)
			ret = hwsim_parse_db(val, HWSIM_SNR_MIN_MDB,
					     HWSIM_SNR_MAX_MDB, " dB",
					     &ea->snr_mdb, why, sizeof(why));
		else if (k == 2)
			ret = hwsim_parse_percent(val, &ea->loss_ppm, why,
						  sizeof(why));
		if (ret)
			return out_fail(err, len, "%s \"%s\": %s", words[k], val,
				    why);
	}
	if (!(seen & 1))
		return out_fail(err, len, "\"rssi\" is required");
	ea->has_snr = seen & 1U << 1;
	ea->has_loss = seen & 1U << 2;
	ea->both = seen & 1U << 3;
	return 0;
}

int hwsim_parse_medium(int argc, char **argv, struct hwsim_medium_args *ma,
		       char *err, size_t len)
{
	/* In the order of the HWSIM_MED_* bits. */
	static const char *const words[] = {
		"exponent", "ref-loss", "ref-dist", "sigma", "seed",
	};
	const struct kw_list kl = { words, ARRAY_LEN(words), 0, 0 };
	char why[HWSIM_ERR_MAX];
	const char *val = NULL;
	int i = 0, k, ret;
	int64_t v = 0;

	memset(ma, 0, sizeof(*ma));
	while (i < argc) {
		k = next_keyword(&kl, argc, argv, &i, &ma->set, &val, err,
				 len);
		if (k < 0)
			return k;
		switch (k) {
		case 0:
			ret = hwsim_parse_fixed(val, 3, HWSIM_EXPONENT_MIN,
						HWSIM_EXPONENT_MAX, "", &v, why,
						sizeof(why));
			ma->exponent_milli = (uint32_t)v;
			break;
		case 1:
			ret = hwsim_parse_db(val, 0, HWSIM_REF_LOSS_MAX_MDB,
					     " dB", &ma->ref_loss_mdb, why,
					     sizeof(why));
			break;
		case 2:
			ret = hwsim_parse_fixed(val, 3, 1, UINT32_MAX, " m", &v,
						why, sizeof(why));
			ma->ref_dist_mm = (uint32_t)v;
			break;
		case 3:
			ret = hwsim_parse_fixed(val, 3, 0, HWSIM_SIGMA_MAX_MDB,
						" dB", &v, why, sizeof(why));
			ma->sigma_mdb = (uint32_t)v;
			break;
		default:
			ret = hwsim_parse_u64(val, &ma->seed, why, sizeof(why));
			break;
		}
		if (ret)
			return out_fail(err, len, "%s \"%s\": %s", words[k], val,
				    why);
	}
	if (!ma->set)
		return out_fail(err, len,
			    "nothing to set (exponent, ref-loss, ref-dist, sigma, seed)");
	return 0;
}

const char *hwsim_state_short(uint8_t state)
{
	static const char *const names[] = { "off", "sleep", "rx", "tx" };

	return state < ARRAY_LEN(names) ? names[state] : "?";
}

const char *hwsim_state_name(uint8_t state)
{
	static const char *const names[] = {
		"disabled", "sleep", "receive", "transmit",
	};

	return state < ARRAY_LEN(names) ? names[state] : "unknown";
}

const char *hwsim_origin_name(uint8_t origin)
{
	if (origin == LOOM_HWSIM_ORIGIN_MANUAL)
		return "manual";
	return origin == LOOM_HWSIM_ORIGIN_MODEL ? "model" : "unknown";
}

const char *hwsim_clock_name(uint8_t clock)
{
	if (clock == LOOM_HWSIM_CLOCK_REAL)
		return "real";
	return clock == LOOM_HWSIM_CLOCK_VIRTUAL ? "virtual" : "unknown";
}

const char *hwsim_stat_name(unsigned int stat)
{
	static const char *const names[] = {
		[LOOM_HWSIM_STAT_TX] = "tx",
		[LOOM_HWSIM_STAT_RX] = "rx",
		[LOOM_HWSIM_STAT_RX_WEAK] = "rx_weak",
		[LOOM_HWSIM_STAT_RX_LOST] = "rx_lost",
		[LOOM_HWSIM_STAT_RX_COLLISION] = "rx_collision",
		[LOOM_HWSIM_STAT_RX_DEAF] = "rx_deaf",
		[LOOM_HWSIM_STAT_GEN_FAIL] = "gen_fail",
	};

	return stat < ARRAY_LEN(names) ? names[stat] : NULL;
}

const char *hwsim_kind_name(uint8_t kind)
{
	return kind < ARRAY_LEN(kind_names) ? kind_names[kind] : "unknown";
}

const char *hwsim_fault_name(uint8_t fault)
{
	return fault < ARRAY_LEN(fault_names) ? fault_names[fault] : "unknown";
}

const char *hwsim_chip_stat_name(unsigned int stat)
{
	static const char *const names[] = {
		[LOOM_HWSIM_CHIP_STAT_SPI_XFERS] = "spi_xfers",
		[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_IN] = "spi_bytes_in",
		[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_OUT] = "spi_bytes_out",
		[LOOM_HWSIM_CHIP_STAT_SPI_ERRORS] = "spi_errors",
		[LOOM_HWSIM_CHIP_STAT_IRQS] = "irqs",
		[LOOM_HWSIM_CHIP_STAT_RESETS] = "resets",
		[LOOM_HWSIM_CHIP_STAT_TX] = "tx",
		[LOOM_HWSIM_CHIP_STAT_RX] = "rx",
		[LOOM_HWSIM_CHIP_STAT_REFUSED] = "refused",
		[LOOM_HWSIM_CHIP_STAT_RX_IGNORED] = "rx_ignored",
		[LOOM_HWSIM_CHIP_STAT_RX_TIMEOUTS] = "rx_timeouts",
		[LOOM_HWSIM_CHIP_STAT_CAD] = "cad",
	};

	return stat < ARRAY_LEN(names) ? names[stat] : NULL;
}

const char *hwsim_chip_mode_name(uint8_t opmode)
{
	static const char *const names[] = {
		"sleep", "stdby", "fstx", "tx", "fsrx", "rxcont", "rxsingle",
		"cad",
	};

	return names[opmode & 7];
}

char *hwsim_dot_node(char *buf, size_t len, const struct hwsim_radio *r)
{
	char x[24], y[24], z[24], where[96] = "";

	if (r->has_pos)
		snprintf(where, sizeof(where), "\\n(%s, %s, %s) m",
			 hwsim_fmt_fixed(x, sizeof(x), r->pos.x, 3, 3, false),
			 hwsim_fmt_fixed(y, sizeof(y), r->pos.y, 3, 3, false),
			 hwsim_fmt_fixed(z, sizeof(z), r->pos.z, 3, 3, false));
	snprintf(buf, len, "  r%" PRIu32 " [label=\"radio %" PRIu32 "\\n%s%s\"];\n",
		 r->id, r->id, hwsim_state_short(r->state), where);
	return buf;
}

char *hwsim_dot_edge(char *buf, size_t len, const struct hwsim_edge *e)
{
	char rssi[24];

	snprintf(buf, len, "  r%" PRIu32 " -> r%" PRIu32 " [label=\"%s dBm\"%s];\n",
		 e->from, e->to,
		 hwsim_fmt_fixed(rssi, sizeof(rssi), e->rssi_mdbm, 3, 1, true),
		 e->origin == LOOM_HWSIM_ORIGIN_MODEL ? ", style=dashed" : "");
	return buf;
}
