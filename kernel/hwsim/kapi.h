/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom_hwsim's in-kernel interface (kernel/hwsim/kapi.c), namespace
 * LOOM_HWSIM: radios and emulated chips for in-kernel tests.
 */
#ifndef _LOOM_HWSIM_KAPI_H
#define _LOOM_HWSIM_KAPI_H

#include <linux/if_ether.h>
#include <linux/types.h>

#include "chip.h"

struct device_node;
struct loom_lora_params;

int loom_hwsim_add(u8 kind, u8 version, const struct loom_lora_params *p,
		   struct device_node *np);
int loom_hwsim_del(u32 id);
int loom_hwsim_set_fault(u32 id, u8 fault);
int loom_hwsim_link(u32 a, u32 b, s32 rssi_mdbm);
int loom_hwsim_chip_state(u32 id, struct loom_hwsim_chip_info *out);
int loom_hwsim_hwaddr(u32 id, u8 addr[ETH_ALEN]);

#endif /* _LOOM_HWSIM_KAPI_H */
