// SPDX-License-Identifier: GPL-2.0
/*
 * Names and addresses: numbers as people write them, and the names of the
 * topology loaded in the caller's network namespace.
 */
#include <errno.h>
#include <string.h>

#include "loom.h"
#include "loom_int.h"

/* The value of the hex digit @c, or -1. */
static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Loom addresses are written in hex, always: "0x" is optional, so "1101"
 * is 0x1101, as loomctl prints it.  This is the one reading of a number
 * that libloom and loomctl share.
 */
int loom_parse_addr(const char *s, uint16_t *addr)
{
	unsigned int v = 0;
	size_t n;
	int d;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (n = 0; s[n]; n++) {
		d = hex_digit(s[n]);
		if (d < 0)
			return -EINVAL;
		/* Only the first 4 digits count: more is -ERANGE anyway. */
		if (n < 4)
			v = v * 16 + (unsigned int)d;
	}
	if (!n)
		return -EINVAL;
	if (n > 4)
		return -ERANGE;
	*addr = (uint16_t)v;
	return 0;
}

int loom_topo_resolve(const struct loom_topology *t, const char *s,
		      u16 *addr)
{
	u32 i;
	u16 a;
	int ret;

	if (!s || !*s || strlen(s) > LOOM_NAME_MAX)
		return -EINVAL;
	i = loom_topo_find_name(t, s);
	if (i != LOOM_NO_PARENT) {
		*addr = t->nodes[i].addr;
		return 0;
	}
	ret = loom_parse_addr(s, &a);
	/* No number: a name no node has. */
	if (ret == -EINVAL)
		return -ENOENT;
	if (ret)
		return ret;
	if (a == LOOM_ADDR_RESERVED)
		return -EINVAL;
	*addr = a;
	return 0;
}

/* The topology of this namespace into *@t (NULL: none): 0 or -errno. */
static int read_loaded(struct loom_topology **t)
{
	struct loom_nl nl;
	u32 gen;
	int err;

	*t = NULL;
	err = loom_nl_start(&nl);
	if (err)
		return err;
	err = loom_topo_read(&nl, &gen, t);
	loom_nl_close(&nl);
	return err;
}

int loom_parse_hwaddr(const char *s, uint8_t *addr)
{
	uint8_t a[6];
	int i, hi, lo;

	if (!s)
		return -EINVAL;
	for (i = 0; i < 6; i++, s += 3) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0 || s[2] != (i < 5 ? ':' : '\0'))
			return -EINVAL;
		a[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(addr, a, sizeof(a));
	return 0;
}

int loom_resolve(const char *name_or_addr, uint16_t *addr)
{
	struct loom_topology *t;
	int err, ret;
	u16 a;

	if (!name_or_addr || !*name_or_addr ||
	    strlen(name_or_addr) > LOOM_NAME_MAX)
		return -EINVAL;
	/* A number does not need the names; a name does. */
	err = read_loaded(&t);
	ret = loom_topo_resolve(t, name_or_addr, &a);
	loom_topo_free(t);
	if (ret == -ENOENT && err)
		return err;
	if (!ret)
		*addr = a;
	return ret;
}

int loom_addr_name(uint16_t addr, char *buf, size_t len)
{
	struct loom_topology *t;
	const char *name;
	int ret;

	ret = read_loaded(&t);
	if (ret)
		return ret;
	name = loom_topo_addr_name(t, addr);
	if (!name) {
		ret = -ENOENT;
	} else if (strlen(name) >= len) {
		ret = -ERANGE;
	} else {
		memcpy(buf, name, strlen(name) + 1);
		ret = 0;
	}
	loom_topo_free(t);
	return ret;
}
