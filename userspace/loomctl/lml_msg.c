// SPDX-License-Identifier: GPL-2.0
/*
 * LML's messages as valid JSON (the design's examples, with its keys, but
 * quoted: the original's were not JSON).  Parsing is strict: one object,
 * every key known for its message and given once, every value of its type
 * and range; anything else is refused with a reason that names the field,
 * so the daemons can count it, log it with the sender and change nothing.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "lml_msg.h"

static int refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* The value of @key in @obj, or NULL. */
static yajl_val field(yajl_val obj, const char *key)
{
	size_t i;

	for (i = 0; i < obj->u.object.len; i++)
		if (!strcmp(obj->u.object.keys[i], key))
			return obj->u.object.values[i];
	return NULL;
}

static int get_int(yajl_val obj, const char *key, long long min,
		   long long max, long long *v, char *err, size_t errlen)
{
	yajl_val f = field(obj, key);

	if (!f)
		return refuse(err, errlen, "\"%s\" is missing", key);
	if (!YAJL_IS_INTEGER(f))
		return refuse(err, errlen, "\"%s\" must be an integer", key);
	*v = YAJL_GET_INTEGER(f);
	if (*v < min || *v > max)
		return refuse(err, errlen, "\"%s\" %lld is outside %lld..%lld",
			      key, *v, min, max);
	return 0;
}

static int get_id(yajl_val obj, char *id, char *err, size_t errlen)
{
	yajl_val f = field(obj, "id");
	const char *s;
	size_t i, n;

	if (!f)
		return refuse(err, errlen, "\"id\" is missing");
	if (!YAJL_IS_STRING(f))
		return refuse(err, errlen, "\"id\" must be a string");
	s = YAJL_GET_STRING(f);
	n = strlen(s);
	if (!n || n > LML_ID_MAX)
		return refuse(err, errlen, "\"id\" must be 1 to %d characters",
			      LML_ID_MAX);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return refuse(err, errlen,
				      "\"id\" may hold letters, digits, '.', '_' and '-' only");
	memcpy(id, s, n + 1);
	return 0;
}

/* Every key of @obj is one of @keys (NULL-terminated) and appears once. */
static int only_keys(yajl_val obj, const char *const *keys, char *err,
		     size_t errlen)
{
	size_t i, j;

	for (i = 0; i < obj->u.object.len; i++) {
		const char *k = obj->u.object.keys[i];
		const char *const *p;

		for (p = keys; *p && strcmp(*p, k); p++)
			;
		if (!*p)
			return refuse(err, errlen, "unexpected field \"%s\"", k);
		for (j = 0; j < i; j++)
			if (!strcmp(obj->u.object.keys[j], k))
				return refuse(err, errlen, "\"%s\" given twice", k);
	}
	return 0;
}

static int parse_pairing(yajl_val obj, struct lml_msg *m, char *err,
			 size_t errlen)
{
	static const char *const req[] = { "type", "id", "noise", NULL };
	static const char *const resp[] = { "type", "noise",
		"port_to_communicate", "interval", NULL };
	static const char *const conf[] = { "type", "noise", "confirmation",
		NULL };
	long long v;
	yajl_val c;
	int e;

	if (field(obj, "port_to_communicate") || field(obj, "interval")) {
		m->kind = LML_PAIR_RESPONSE;
		e = only_keys(obj, resp, err, errlen) ?:
		    get_int(obj, "port_to_communicate", LML_PORT_MIN, 65535, &v,
			    err, errlen);
		if (e)
			return e;
		m->port = v;
		e = get_int(obj, "interval", LML_INTERVAL_MIN_MS,
			    LML_INTERVAL_MAX_MS, &v, err, errlen);
		m->interval_ms = v;
	} else if ((c = field(obj, "confirmation"))) {
		m->kind = LML_PAIR_CONFIRM;
		e = only_keys(obj, conf, err, errlen);
		if (!e && !YAJL_IS_TRUE(c))
			e = refuse(err, errlen, "\"confirmation\" must be true");
	} else {
		m->kind = LML_PAIR_REQUEST;
		e = only_keys(obj, req, err, errlen) ?:
		    get_id(obj, m->id, err, errlen);
	}
	if (e)
		return e;
	e = get_int(obj, "noise", LML_NOISE_MIN_DBM, LML_NOISE_MAX_DBM, &v,
		    err, errlen);
	m->noise = v;
	return e;
}

static int parse_calibration(yajl_val obj, struct lml_msg *m, char *err,
			     size_t errlen)
{
	static const char *const keys[] = { "type",
		"num_of_calibration_packets", "leaf", NULL };
	yajl_val f;
	long long v;
	int e;

	m->kind = LML_CALIBRATION;
	e = only_keys(obj, keys, err, errlen) ?:
	    get_int(obj, "num_of_calibration_packets", 1, LML_CAL_PACKETS_MAX,
		    &v, err, errlen);
	if (e)
		return e;
	m->packets = v;
	f = field(obj, "leaf");
	if (!f)
		return refuse(err, errlen, "\"leaf\" is missing");
	if (!YAJL_IS_STRING(f) ||
	    inet_pton(AF_INET6, YAJL_GET_STRING(f), &m->leaf) != 1)
		return refuse(err, errlen, "\"leaf\" must be an IPv6 address");
	if (!IN6_IS_ADDR_LINKLOCAL(&m->leaf))
		return refuse(err, errlen,
			      "\"leaf\" must be a link-local address (fe80::/10)");
	return 0;
}

/*
 * Parses the datagram @buf of @len bytes into @out.  0, or -EINVAL with
 * the reason in @err ("\"interval\" 5 is outside 10..60000").
 */
int lml_msg_parse(const char *buf, size_t len, struct lml_msg *out,
		  char *err, size_t errlen)
{
	static const char *const root_keys[] = { "type", "id", "since_ms",
		NULL };
	char text[LML_MSG_MAX + 1], yerr[128];
	yajl_val top, type;
	const char *t;
	long long v;
	int e;

	memset(out, 0, sizeof(*out));
	if (len > LML_MSG_MAX)
		return refuse(err, errlen, "longer than %d bytes", LML_MSG_MAX);
	if (memchr(buf, 0, len))
		return refuse(err, errlen, "a NUL byte inside");
	memcpy(text, buf, len);
	text[len] = 0;
	yerr[0] = 0;
	top = yajl_tree_parse(text, yerr, sizeof(yerr));
	if (!top) {
		/* yajl's text spans lines: the first says it. */
		yerr[strcspn(yerr, "\n")] = 0;
		return refuse(err, errlen, "not JSON: %s", yerr);
	}
	if (!YAJL_IS_OBJECT(top)) {
		e = refuse(err, errlen, "not a JSON object");
		goto out;
	}
	type = field(top, "type");
	if (!type || !YAJL_IS_STRING(type)) {
		e = refuse(err, errlen, "\"type\" must be a string");
		goto out;
	}
	t = YAJL_GET_STRING(type);
	if (!strcmp(t, "pairing")) {
		e = parse_pairing(top, out, err, errlen);
	} else if (!strcmp(t, "calibration")) {
		e = parse_calibration(top, out, err, errlen);
	} else if (!strcmp(t, "root")) {
		out->kind = LML_ROOT;
		e = only_keys(top, root_keys, err, errlen) ?:
		    get_id(top, out->id, err, errlen) ?:
		    get_int(top, "since_ms", 0, (long long)1 << 52, &v, err,
			    errlen);
		out->since_ms = e ? 0 : v;
	} else {
		e = refuse(err, errlen,
			   "\"type\" \"%.32s\": not root, pairing or calibration",
			   t);
	}
out:
	yajl_tree_free(top);
	return e;
}

/* @m as JSON into @buf: its length, or -ENOSPC. */
int lml_msg_format(const struct lml_msg *m, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int n = -1;

	switch (m->kind) {
	case LML_ROOT:
		n = snprintf(buf, len, "{\"type\":\"root\",\"id\":\"%s\",\"since_ms\":%llu}",
			     m->id, (unsigned long long)m->since_ms);
		break;
	case LML_PAIR_REQUEST:
		n = snprintf(buf, len, "{\"type\":\"pairing\",\"id\":\"%s\",\"noise\":%d}",
			     m->id, m->noise);
		break;
	case LML_PAIR_RESPONSE:
		n = snprintf(buf, len,
			     "{\"type\":\"pairing\",\"noise\":%d,\"port_to_communicate\":%u,\"interval\":%u}",
			     m->noise, m->port, m->interval_ms);
		break;
	case LML_PAIR_CONFIRM:
		n = snprintf(buf, len,
			     "{\"type\":\"pairing\",\"noise\":%d,\"confirmation\":true}",
			     m->noise);
		break;
	case LML_CALIBRATION:
		inet_ntop(AF_INET6, &m->leaf, a, sizeof(a));
		n = snprintf(buf, len,
			     "{\"type\":\"calibration\",\"num_of_calibration_packets\":%u,\"leaf\":\"%s\"}",
			     m->packets, a);
		break;
	}
	return n < 0 || (size_t)n >= len ? -ENOSPC : n;
}
