/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom_hwsim: emulated Semtech SX1276/77/78/79 chips.  Each sits on the
 * simulated medium as a radio of loom_hwsim, behind an SPI controller of
 * its own, with an NRESET line and a DIO0 interrupt, so that a driver binds
 * to it as to the real chip (Documentation/hwsim.rst, "Emulated SX1276
 * chips").
 */
#ifndef _LOOM_HWSIM_CHIP_H
#define _LOOM_HWSIM_CHIP_H

#include <linux/types.h>

#include "../radio/sim.h"
#include "../../uapi/linux/loom_hwsim.h"

struct loom_hwsim_chip;

/* Longest SPI device name, "spi65535.0" and its NUL, rounded up. */
#define LOOM_HWSIM_SPI_NAME_LEN	16
/* The register file: addresses 0x00 to 0x7f. */
#define LOOM_HWSIM_CHIP_NREGS	0x80

/**
 * struct loom_hwsim_chip_info - a consistent copy of a chip's state
 * @kind: enum loom_hwsim_kind
 * @version: what RegVersion reads
 * @fault: enum loom_hwsim_fault
 * @opmode: RegOpMode
 * @spi_name: its SPI device, "spiB.C"
 * @stats: counters by enum loom_hwsim_chip_stat
 * @reg: the register file (RegFifo, 0x00, reads as 0x00 here)
 */
struct loom_hwsim_chip_info {
	u8 kind;
	u8 version;
	u8 fault;
	u8 opmode;
	char spi_name[LOOM_HWSIM_SPI_NAME_LEN];
	u64 stats[__LOOM_HWSIM_CHIP_STAT_MAX];
	u8 reg[LOOM_HWSIM_CHIP_NREGS];
};

extern const struct loom_radio_upper loom_hwsim_chip_upper;

int loom_hwsim_chip_init(u32 cap);
void loom_hwsim_chip_exit(void);
const char *loom_hwsim_chip_model(u8 kind);
struct loom_hwsim_chip *loom_hwsim_chip_alloc(struct loom_clock *clk,
					      u8 kind, u8 version);
struct device_node;
int loom_hwsim_chip_start(struct loom_hwsim_chip *c, struct loom_sim_radio *sr,
			  const u8 hwaddr[6], struct device_node *np);
void loom_hwsim_chip_stop(struct loom_hwsim_chip *c);
void loom_hwsim_chip_quiesce(struct loom_hwsim_chip *c);
void loom_hwsim_chip_free(struct loom_hwsim_chip *c);
void loom_hwsim_chip_set_fault(struct loom_hwsim_chip *c, u8 fault);
void loom_hwsim_chip_read(struct loom_hwsim_chip *c,
			  struct loom_hwsim_chip_info *out);

#endif /* _LOOM_HWSIM_CHIP_H */
