/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kernel/radio/lora.[ch] need on the host that
 * kernel/include/loom_compat.h does not map (yet): the s8 type and
 * EXPORT_SYMBOL_NS_GPL().  userspace/Makefile and the unit tests' Makefile
 * force it (-include) into the objects that use lora.h; it goes once
 * loom_compat.h has both.
 */
#ifndef _LOOMCTL_LORA_HOST_H
#define _LOOMCTL_LORA_HOST_H

#include "include/loom_compat.h"

#ifndef __KERNEL__
typedef __s8 s8;	/* a repeated identical typedef is valid C11 */
#ifndef EXPORT_SYMBOL_NS_GPL
#define EXPORT_SYMBOL_NS_GPL(sym, ns)
#endif
#endif

#endif /* _LOOMCTL_LORA_HOST_H */
