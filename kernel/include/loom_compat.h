/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets the protocol logic (plain C that takes its input as arguments) build
 * both in the kernel and on the host, where loomctl, the benchmarks and
 * fuzzers link the very same objects.  Only what that logic uses is mapped.
 */
#ifndef _LOOM_COMPAT_H
#define _LOOM_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sort.h>
#include <linux/kernel.h>
#include <linux/crc-itu-t.h>
#include <asm/unaligned.h>
#include <linux/math64.h>
#include <linux/export.h>
#include <linux/etherdevice.h>
#else
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* qsort_r */
#endif
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define GFP_KERNEL 0
#define kvmalloc_array(n, size, gfp) calloc((n), (size))
#define kvcalloc(n, size, gfp) calloc((n), (size))
#define kvfree(p) free(p)
#define kzalloc(size, gfp) calloc(1, (size))
#define kfree(p) free(p)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define fallthrough __attribute__((__fallthrough__))

typedef int (*cmp_r_func_t)(const void *a, const void *b, const void *priv);

/* glibc's qsort_r hands a non-const context: adapt to the kernel's sort_r. */
struct loom_sort_ctx {
	cmp_r_func_t cmp;
	const void *priv;
};

static inline int loom_sort_trampoline(const void *a, const void *b, void *c)
{
	const struct loom_sort_ctx *ctx = c;

	return ctx->cmp(a, b, ctx->priv);
}

static inline void sort_r(void *base, size_t num, size_t size,
			  cmp_r_func_t cmp, void *swap, const void *priv)
{
	struct loom_sort_ctx ctx = { cmp, priv };

	(void)swap;
	qsort_r(base, num, size, loom_sort_trampoline, &ctx);
}

#define NSEC_PER_SEC 1000000000ULL

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

#define min_t(type, a, b) ({ type __a = (a); type __b = (b); __a < __b ? __a : __b; })

static inline u16 get_unaligned_le16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] | b[1] << 8);
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v & 0xff;
	b[1] = v >> 8;
}

static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v & 0xff;
	b[1] = v >> 8 & 0xff;
	b[2] = v >> 16 & 0xff;
	b[3] = v >> 24;
}

#define NSEC_PER_USEC 1000ULL

static inline u64 div_u64(u64 a, u32 b)
{
	return a / b;
}

/* Dhyara's 48-bit addresses, as <linux/etherdevice.h> has them. */
#ifndef ETH_ALEN
#define ETH_ALEN 6
#endif

static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}

static inline bool is_multicast_ether_addr(const u8 *a)
{
	return a[0] & 0x01;
}

static inline bool is_broadcast_ether_addr(const u8 *a)
{
	return (a[0] & a[1] & a[2] & a[3] & a[4] & a[5]) == 0xff;
}

static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

static inline bool ether_addr_equal(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, ETH_ALEN);
}

static inline void ether_addr_copy(u8 *dst, const u8 *src)
{
	memcpy(dst, src, ETH_ALEN);
}

static inline void eth_broadcast_addr(u8 *a)
{
	memset(a, 0xff, ETH_ALEN);
}

/*
 * Host builds only (fuzzers, benchmarks): the kernel links lib/crc-itu-t.c.
 * CRC-16, polynomial 0x1021, MSB first, as crc_itu_t() computes it.
 */
static inline u16 crc_itu_t(u16 crc, const u8 *buf, size_t len)
{
	int i;

	while (len--) {
		crc ^= (u16)(*buf++) << 8;
		for (i = 0; i < 8; i++)
			crc = crc & 0x8000 ? (u16)(crc << 1) ^ 0x1021 : (u16)(crc << 1);
	}
	return crc;
}
#endif /* __KERNEL__ */

#endif /* _LOOM_COMPAT_H */
