/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/kunit/sx127x_test.c: the compiled device-tree overlays it applies,
 * linked in by Kbuild (sx127x_test_*.dtb.o, each the .dtb between its
 * _begin and _end symbols).
 */
#ifndef _LOOM_SX127X_TEST_H
#define _LOOM_SX127X_TEST_H

#include <linux/types.h>

extern const u8 __dtb_sx127x_test_root_begin[];
extern const u8 __dtb_sx127x_test_board_begin[];
extern const u8 __dtb_sx127x_test_board_end[];
extern const u8 __dtb_sx127x_test_hat_begin[];
extern const u8 __dtb_sx127x_test_hat_end[];

#endif /* _LOOM_SX127X_TEST_H */
