/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/radio/medium.c (log-distance path loss, its seeded normal
 * draws, splitmix64) needs on the host beyond loom_compat.h and
 * loomctl/lora_host.h: the signed types, the kernel's type-generic abs()
 * and 64-bit helpers of linux/math64.h and linux/int_sqrt.h.  Forced
 * (-include) into the objects that include kernel/radio/medium.h.
 */
#ifndef _LOOM_MEDIUM_KERN_HOST_H
#define _LOOM_MEDIUM_KERN_HOST_H

#include "lora_host.h"

#ifndef __KERNEL__
#include <stdlib.h>

typedef __s32 s32;	/* repeated identical typedefs are valid C11 */
typedef __s64 s64;

#undef abs
#define abs(x) ({ __typeof__(x) __x = (x); __x < 0 ? -__x : __x; })

static inline s64 div_s64(s64 a, s32 b)
{
	return a / b;
}

/* floor(sqrt(x)), bit by bit as the kernel's int_sqrt64() does. */
static inline u64 int_sqrt64(u64 x)
{
	u64 b = 1ULL << 62, y = 0;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= y + b) {
			x -= y + b;
			y = (y >> 1) + b;
		} else {
			y >>= 1;
		}
		b >>= 2;
	}
	return y;
}
#endif

#endif /* _LOOM_MEDIUM_KERN_HOST_H */
