// SPDX-License-Identifier: GPL-2.0
/*
 * loom_hwsim: an emulated Semtech SX1276 (and SX1277/78/79) behind an SPI
 * controller of its own.
 *
 * The chip is a radio on loom_hwsim's medium, driven by its register file
 * rather than by Loom: it is not registered with Loom, the driver that
 * binds to its SPI device registers the radio users see.  Modelled: the
 * SPI protocol (address byte with the write flag 0x80, bursts that
 * auto-increment the address, RegFifo at 0x00 that moves the FIFO pointer
 * instead), the LoRa register file and its reset values, the 256-byte
 * FIFO, the OpMode state machine (SLEEP, STDBY, FSTX/FSRX as standby, TX,
 * RXCONTINUOUS, RXSINGLE, CAD), the IRQ flags and the DIO0 pin with its
 * mapping, NRESET on a GPIO line, and faults.  Register facts: Semtech
 * SX1276/77/78/79 datasheet rev. 7, as /work/shared/notes/sx127x.md has
 * them (Documentation/hwsim.rst).
 *
 * Contexts: SPI messages are processed in process context, medium
 * callbacks (frames, ends of transmission) and the chip's timer run in
 * softirq or with bottom halves off; both take the chip's spinlock with
 * bottom halves off, and call the medium with it held (the medium calls
 * back without its own lock, and the chip's upper layer has no
 * state_changed, so nothing re-enters).  DIO0 fires from an irq_work, so
 * the interrupt core's locks are never taken inside the chip's.  NRESET
 * may be driven from any context: the line only records the level, the
 * register file is reset under the chip's lock before the next access.
 */
#include <linux/bitops.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/workqueue.h>

#include "../drivers/sx127x/sx127x.h"
#include "chip.h"

/* Registers and bits beyond the driver's (../drivers/sx127x/sx127x.h). */
#define SX_RX_HEADER_CNT_MSB	0x14
#define SX_RX_PACKET_CNT_MSB	0x16
#define SX_RSSI			0x1b
#define SX_HOP_CHANNEL		0x1c
#define SX_FIFO_RX_BYTE_ADDR	0x25
#define SX_NREGS		LOOM_HWSIM_CHIP_NREGS

#define SX_HOP_CRC_ON		0x40
#define SX_FIFO_SIZE		256

/* The HF port's RSSI offset above 525 MHz, the LF port's below. */
#define SX_RSSI_HF_OFFSET	157
#define SX_RSSI_LF_OFFSET	164
#define SX_HF_MIN_HZ		525000000

/* Frf = f * 2^19 / 32 MHz, so f = Frf * 15625 / 256 Hz (61.035 Hz a step). */
#define SX_FRF_NUM		15625
#define SX_FRF_DEN		256
#define SX_FRF_STEP_HZ		62

/* What RegModemConfig1 bits 7:4 select, Hz. */
static const u32 loom_sx_bw_hz[] = LOOM_SX_BANDWIDTHS;

/*
 * Reset values of the registers a LoRa driver touches (datasheet, register
 * map; the LoRa page from 0x0d to 0x3f).  RegOpMode's 0x09 is FSK, LF
 * mode on, Standby.  Registers not listed reset to 0x00.
 */
static const u8 loom_sx_reset_regs[SX_NREGS] = {
	[LOOM_SX_REG_OPMODE] = LOOM_SX_OPMODE_RESET,
	[0x02] = 0x1a, [0x03] = 0x0b, [0x05] = 0x52,
	[LOOM_SX_REG_FRF_MSB] = 0x6c, [LOOM_SX_REG_FRF_MID] = 0x80,
	[LOOM_SX_REG_FRF_LSB] = 0x00,
	[LOOM_SX_REG_PA_CONFIG] = 0x4f, [0x0a] = 0x09, [0x0b] = 0x2b, [0x0c] = 0x20,
	[LOOM_SX_REG_FIFO_TX_BASE] = 0x80,
	[LOOM_SX_REG_MODEM_STAT] = 0x10,
	[LOOM_SX_REG_MODEM_CONFIG1] = 0x72, [LOOM_SX_REG_MODEM_CONFIG2] = 0x70,
	[LOOM_SX_REG_SYMB_TIMEOUT_LSB] = 0x64,
	[LOOM_SX_REG_PREAMBLE_LSB] = 0x08, [LOOM_SX_REG_PAYLOAD_LENGTH] = 0x01, [0x23] = 0xff,
	[LOOM_SX_REG_MODEM_CONFIG3] = 0x04, [0x31] = 0xc3, [0x33] = 0x27, [0x37] = 0x0a,
	[0x39] = 0x12,
	[0x44] = 0x2d, [0x4b] = 0x09, [LOOM_SX_REG_PA_DAC] = 0x84, [0x61] = 0x13,
	[0x62] = 0x0e, [0x63] = 0x5b, [0x64] = 0xdb, [0x70] = 0xd0,
};

/* Bits of &loom_hwsim_chip.flags. */
#define LOOM_CHIP_RESET_PENDING	0

/**
 * struct loom_hwsim_chip - one emulated chip
 * @lock: protects everything below but the SPI, GPIO and IRQ plumbing
 * @sr: its radio on the medium (set by loom_hwsim_chip_start())
 * @clk: the medium's clock, for its timer
 * @kind: enum loom_hwsim_kind
 * @version: what RegVersion reads
 * @fault: enum loom_hwsim_fault
 * @dead: being deleted: callbacks return, nothing fires
 * @dio0: the DIO0 pin's level
 * @reg: the register file
 * @fifo: the FIFO
 * @cur: the modulation last given to @sr
 * @mode_gen: bumped on every mode change: a timer of an older mode is void
 * @timer_gen: @mode_gen when @timer was armed
 * @timer: ends CAD and RXSINGLE's window, on the medium's clock
 * @stats: counters by enum loom_hwsim_chip_stat (IRQS excepted)
 * @irqs: interrupts raised (the irq_work counts them)
 * @nreset: NRESET's level, high when released
 * @nreset_out: the line is an output (else it floats high)
 * @flags: LOOM_CHIP_RESET_PENDING: NRESET fell, the reset is still to do
 * @reset_work: performs a pending reset soon after NRESET falls
 * @irq_work: raises DIO0's interrupt
 * @virq: DIO0's Linux interrupt
 * @irq_level: the interrupt is level-triggered (else rising edge)
 * @ctlr: its SPI controller
 * @spi: the SPI device on it, made by the emulator (none when @np names
 *	the controller: the device tree's child node makes it)
 * @np: the chip's device-tree node, or NULL: then the SPI device is made
 *	with spi_new_device() and software-node properties
 * @spi_np: the SPI controller's node, @np's child "spi"
 * @domain: DIO0's own interrupt domain when @np is set (the node is its
 *	interrupt controller), else NULL: the chips' shared domain
 * @gc: its NRESET line
 * @gc_added: @gc is registered
 * @lookup: the GPIO lookup naming @gc's line "reset" for @spi
 * @label: @gc's label, the lookup's key
 * @spi_name: @spi's name, "spiB.C"
 * @mac: the local-mac-address property
 * @props: the software node's properties
 * @swnode: the software node of @spi
 */
struct loom_hwsim_chip {
	spinlock_t lock;	/* see above */
	struct loom_sim_radio *sr;
	struct loom_clock *clk;
	u8 kind;
	u8 version;
	u8 fault;
	bool dead;
	bool dio0;
	u8 reg[SX_NREGS];
	u8 fifo[SX_FIFO_SIZE];
	struct loom_lora_params cur;
	u32 mode_gen;
	u32 timer_gen;
	struct loom_timer timer;
	u64 stats[__LOOM_HWSIM_CHIP_STAT_MAX];
	atomic64_t irqs;

	bool nreset;
	bool nreset_out;
	unsigned long flags;
	struct work_struct reset_work;
	struct irq_work irq_work;
	unsigned int virq;
	bool irq_level;
	struct spi_controller *ctlr;
	struct spi_device *spi;
	struct device_node *np;
	struct device_node *spi_np;
	struct irq_domain *domain;
	struct gpio_chip gc;
	bool gc_added;
	struct gpiod_lookup_table *lookup;
	char label[24];
	char spi_name[LOOM_HWSIM_SPI_NAME_LEN];
	u8 mac[6];
	struct property_entry props[10];
	struct software_node swnode;
};

/**
 * struct loom_hwsim_chips - what all chips share
 * @pdev: the parent of their SPI controllers and GPIO chips
 * @fwnode: their interrupt domain's name
 * @domain: their interrupt domain: one hwirq (DIO0) per chip, its radio id
 * @cap: the domain's size, the medium's
 */
struct loom_hwsim_chips {
	struct platform_device *pdev;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	u32 cap;
};

static struct loom_hwsim_chips loom_hwsim_chips;

static const char *const loom_sx_models[] = {
	[LOOM_HWSIM_KIND_SX1276] = "sx1276",
	[LOOM_HWSIM_KIND_SX1277] = "sx1277",
	[LOOM_HWSIM_KIND_SX1278] = "sx1278",
	[LOOM_HWSIM_KIND_SX1279] = "sx1279",
};

/**
 * loom_hwsim_chip_model() - the SPI modalias of a kind of chip
 * @kind: enum loom_hwsim_kind
 *
 * Return: "sx1276" .. "sx1279", or NULL for a plain radio.
 */
const char *loom_hwsim_chip_model(u8 kind)
{
	return kind < ARRAY_SIZE(loom_sx_models) ? loom_sx_models[kind] : NULL;
}

static u8 loom_sx_mode(const struct loom_hwsim_chip *c)
{
	return c->reg[LOOM_SX_REG_OPMODE] & LOOM_SX_OPMODE_MODE;
}

static bool loom_sx_lora(const struct loom_hwsim_chip *c)
{
	return c->reg[LOOM_SX_REG_OPMODE] & LOOM_SX_OPMODE_LORA;
}

static bool loom_sx_muted(const struct loom_hwsim_chip *c)
{
	return c->fault == LOOM_HWSIM_FAULT_MUTE;
}

/* Locked: DIO0 follows the IRQ flag RegDioMapping1 7:6 maps to it. */
static void loom_sx_dio0(struct loom_hwsim_chip *c)
{
	static const u8 map[4] = {
		LOOM_SX_IRQ_RX_DONE, LOOM_SX_IRQ_TX_DONE, LOOM_SX_IRQ_CAD_DONE, 0,
	};
	u8 bit = map[c->reg[LOOM_SX_REG_DIO_MAPPING1] >> 6];
	bool level = c->reg[LOOM_SX_REG_IRQ_FLAGS] & bit &&
		     !(c->reg[LOOM_SX_REG_IRQ_FLAGS_MASK] & bit);

	if (level && !c->dio0 && !c->dead && !loom_sx_muted(c))
		irq_work_queue(&c->irq_work);
	WRITE_ONCE(c->dio0, level);
}

/* The modulation the registers hold: 0, or -EINVAL/-ERANGE. */
static int loom_sx_params(const struct loom_hwsim_chip *c,
			  struct loom_lora_params *p)
{
	const u8 *r = c->reg;
	u32 frf = r[LOOM_SX_REG_FRF_MSB] << 16 | r[LOOM_SX_REG_FRF_MID] << 8 |
		  r[LOOM_SX_REG_FRF_LSB];
	u8 bw = r[LOOM_SX_REG_MODEM_CONFIG1] >> 4, op = r[LOOM_SX_REG_PA_CONFIG] & 0x0f;
	u32 f, k;
	int dbm;

	f = DIV_ROUND_CLOSEST_ULL((u64)frf * SX_FRF_NUM, SX_FRF_DEN);
	/*
	 * The medium compares carriers exactly: a chip tuned to the step
	 * nearest 868.1 MHz is on 868.1 MHz.
	 */
	k = DIV_ROUND_CLOSEST(f, 1000) * 1000;
	if (abs((int)(k - f)) <= SX_FRF_STEP_HZ)
		f = k;
	if (bw >= ARRAY_SIZE(loom_sx_bw_hz))
		return -EINVAL;
	if (r[LOOM_SX_REG_PA_CONFIG] & 0x80)	/* PA_BOOST; +20 dBm with RegPaDac 0x87 */
		dbm = (r[LOOM_SX_REG_PA_DAC] & 0x07) == 0x07 ? 5 + op : 2 + op;
	else	/* RFO: Pmax = 10.8 + 0.6 MaxPower, Pout = Pmax - (15 - op) */
		dbm = (108 + 6 * ((r[LOOM_SX_REG_PA_CONFIG] >> 4) & 7) -
		       10 * (15 - op)) / 10;
	/* Field by field on zeroes: loom_sx_configure() compares bytes. */
	memset(p, 0, sizeof(*p));
	p->freq_hz = f;
	p->bw_hz = loom_sx_bw_hz[bw];
	p->cr = 4 + ((r[LOOM_SX_REG_MODEM_CONFIG1] >> 1) & 7);
	p->implicit_header = r[LOOM_SX_REG_MODEM_CONFIG1] & 1;
	p->sf = r[LOOM_SX_REG_MODEM_CONFIG2] >> 4;
	p->crc = r[LOOM_SX_REG_MODEM_CONFIG2] & 0x04;
	p->ldro = r[LOOM_SX_REG_MODEM_CONFIG3] & 0x08 ? LOOM_LDRO_ON : LOOM_LDRO_OFF;
	p->preamble = max(6, r[LOOM_SX_REG_PREAMBLE_MSB] << 8 | r[LOOM_SX_REG_PREAMBLE_LSB]);
	p->tx_power_dbm = clamp(dbm, LOOM_HWSIM_TX_POWER_MIN_DBM,
				LOOM_HWSIM_TX_POWER_MAX_DBM);
	/* The SX127x's spreading factors are 6..12. */
	if (p->sf < 6)
		return -EINVAL;
	return loom_lora_params_check(p);
}

/*
 * Locked: put the radio on the medium in @state with the registers'
 * modulation (@p, or NULL to keep it).  -EBUSY while a frame of ours is on
 * the air: its end calls loom_sx_sync() again.
 */
static int loom_sx_configure(struct loom_hwsim_chip *c,
			     const struct loom_lora_params *p, int state)
{
	bool same = !p || !memcmp(p, &c->cur, sizeof(*p));
	int err;

	err = loom_sim_radio_configure(c->sr, same ? NULL : p, state);
	if (!err && !same)
		c->cur = *p;
	return err;
}

/* Locked: the medium's state for the chip's mode. */
static void loom_sx_sync(struct loom_hwsim_chip *c)
{
	struct loom_lora_params p;
	u8 mode = loom_sx_mode(c);

	if (!c->sr)
		return;
	if (!loom_sx_lora(c) || (mode != LOOM_SX_MODE_RXCONT &&
				 mode != LOOM_SX_MODE_RXSINGLE &&
				 mode != LOOM_SX_MODE_CAD)) {
		loom_sx_configure(c, NULL, LOOM_RADIO_SLEEP);
		return;
	}
	/* Listening with a modulation the medium cannot take: deaf. */
	if (loom_sx_params(c, &p)) {
		c->stats[LOOM_HWSIM_CHIP_STAT_REFUSED]++;
		loom_sx_configure(c, NULL, LOOM_RADIO_SLEEP);
		return;
	}
	loom_sx_configure(c, &p, LOOM_RADIO_RECEIVE);
}

/* Locked: the mode bits become @mode (LongRangeMode kept). */
static void loom_sx_enter(struct loom_hwsim_chip *c, u8 mode)
{
	c->reg[LOOM_SX_REG_OPMODE] = (c->reg[LOOM_SX_REG_OPMODE] & ~LOOM_SX_OPMODE_MODE) | mode;
	c->mode_gen++;
}

/* Locked: arm the timer @symbols symbols from now, for this mode. */
static void loom_sx_arm(struct loom_hwsim_chip *c, u32 symbols)
{
	struct loom_lora_params p;

	/* loom_sx_sync() counted the modulation refused: give up at once. */
	if (loom_sx_params(c, &p)) {
		loom_sx_enter(c, LOOM_SX_MODE_STDBY);
		loom_sx_sync(c);
		return;
	}
	c->timer_gen = c->mode_gen;
	loom_timer_start(&c->timer, loom_clock_now(c->clk) +
			 symbols * loom_lora_symbol_ns(&p));
}

/* Locked: TX: RegPayloadLength bytes from RegFifoTxBaseAddr on the air. */
static void loom_sx_transmit(struct loom_hwsim_chip *c)
{
	u8 len = c->reg[LOOM_SX_REG_PAYLOAD_LENGTH], base = c->reg[LOOM_SX_REG_FIFO_TX_BASE];
	u8 frame[LOOM_LORA_MAX_PAYLOAD];
	struct loom_lora_params p;
	unsigned int i;

	for (i = 0; i < len; i++)
		frame[i] = c->fifo[(u8)(base + i)];
	if (!len || loom_sx_params(c, &p) ||
	    loom_sx_configure(c, &p, LOOM_RADIO_RECEIVE) ||
	    c->sr->radio.ops->xmit(&c->sr->radio, frame, len)) {
		/* Not sent: no TxDone; the driver's timeout tells. */
		c->stats[LOOM_HWSIM_CHIP_STAT_REFUSED]++;
		loom_sx_enter(c, LOOM_SX_MODE_STDBY);
		loom_sx_sync(c);
	}
}

/* Locked: a write to RegOpMode. */
static void loom_sx_opmode(struct loom_hwsim_chip *c, u8 v)
{
	u8 old = loom_sx_mode(c), mode = v & LOOM_SX_OPMODE_MODE;

	/* LongRangeMode changes in SLEEP only. */
	if (old != LOOM_SX_MODE_SLEEP)
		v = (v & ~LOOM_SX_OPMODE_LORA) | (c->reg[LOOM_SX_REG_OPMODE] & LOOM_SX_OPMODE_LORA);
	c->reg[LOOM_SX_REG_OPMODE] = v;
	/* Writing the mode it is in changes nothing (TX goes on sending). */
	if (mode == old)
		return;
	c->mode_gen++;
	/* FSK/OOK is not modelled: the radio sleeps whatever the mode. */
	if (!loom_sx_lora(c) || mode != LOOM_SX_MODE_TX)
		loom_sx_sync(c);
	if (!loom_sx_lora(c))
		return;
	switch (mode) {
	case LOOM_SX_MODE_TX:
		loom_sx_transmit(c);
		break;
	case LOOM_SX_MODE_RXSINGLE:
		loom_sx_arm(c, (c->reg[LOOM_SX_REG_MODEM_CONFIG2] & 0x03) << 8 |
			       c->reg[LOOM_SX_REG_SYMB_TIMEOUT_LSB]);
		break;
	case LOOM_SX_MODE_CAD:
		loom_sx_arm(c, 2);
		break;
	}
}

/* Locked: one byte the host reads at @addr. */
static u8 loom_sx_read(struct loom_hwsim_chip *c, u8 addr)
{
	if (addr == LOOM_SX_REG_VERSION)
		return c->version;
	if (addr != LOOM_SX_REG_FIFO)
		return c->reg[addr];
	/* The FIFO is not accessible in SLEEP. */
	if (loom_sx_mode(c) == LOOM_SX_MODE_SLEEP)
		return 0;
	return c->fifo[c->reg[LOOM_SX_REG_FIFO_ADDR_PTR]++];
}

/* Locked: one byte the host writes at @addr. */
static void loom_sx_write(struct loom_hwsim_chip *c, u8 addr, u8 v)
{
	switch (addr) {
	case LOOM_SX_REG_FIFO:
		if (loom_sx_mode(c) != LOOM_SX_MODE_SLEEP)
			c->fifo[c->reg[LOOM_SX_REG_FIFO_ADDR_PTR]++] = v;
		return;
	case LOOM_SX_REG_OPMODE:
		loom_sx_opmode(c, v);
		return;
	case LOOM_SX_REG_IRQ_FLAGS:
		if (c->fault != LOOM_HWSIM_FAULT_STUCK_IRQ)
			c->reg[LOOM_SX_REG_IRQ_FLAGS] &= ~v;
		break;
	/* Read-only: status, packet registers, version. */
	case LOOM_SX_REG_FIFO_RX_CURRENT:
	case LOOM_SX_REG_RX_NB_BYTES ... SX_HOP_CHANNEL:
	case SX_FIFO_RX_BYTE_ADDR:
	case LOOM_SX_REG_VERSION:
		return;
	default:
		c->reg[addr] = v;
		break;
	}
	loom_sx_dio0(c);
}

/* Locked: the datasheet's reset values; the radio stops. */
static void loom_sx_reset(struct loom_hwsim_chip *c)
{
	memcpy(c->reg, loom_sx_reset_regs, sizeof(c->reg));
	memset(c->fifo, 0, sizeof(c->fifo));
	c->mode_gen++;
	c->stats[LOOM_HWSIM_CHIP_STAT_RESETS]++;
	WRITE_ONCE(c->dio0, false);
	loom_sx_sync(c);
}

/* Locked: a reset NRESET asked for, before anything else happens. */
static void loom_sx_reset_pending(struct loom_hwsim_chip *c)
{
	if (test_and_clear_bit(LOOM_CHIP_RESET_PENDING, &c->flags))
		loom_sx_reset(c);
}

/* Locked: does the chip answer SPI (not muted, not held in reset)? */
static bool loom_sx_answers(struct loom_hwsim_chip *c)
{
	return !loom_sx_muted(c) && READ_ONCE(c->nreset);
}

static int loom_hwsim_chip_transfer(struct spi_controller *ctlr,
				    struct spi_message *msg)
{
	struct loom_hwsim_chip *c = spi_controller_get_devdata(ctlr);
	bool first = true, wr = false, answers;
	struct spi_transfer *x;
	u8 addr = 0;
	int err = 0;

	spin_lock_bh(&c->lock);
	loom_sx_reset_pending(c);
	answers = loom_sx_answers(c);
	if (c->fault == LOOM_HWSIM_FAULT_SPI_ERROR) {
		c->stats[LOOM_HWSIM_CHIP_STAT_SPI_ERRORS]++;
		err = -EIO;
		goto out;
	}
	/* Chip select stays asserted for the whole message... */
	list_for_each_entry(x, &msg->transfers, transfer_list) {
		const u8 *tx = x->tx_buf;
		u8 *rx = x->rx_buf;
		unsigned int i;

		for (i = 0; i < x->len; i++) {
			u8 in = tx ? tx[i] : 0, out = 0;

			if (first) {
				addr = in & 0x7f;
				wr = in & 0x80;
				first = false;
			} else if (answers) {
				if (wr)
					loom_sx_write(c, addr, in);
				else
					out = loom_sx_read(c, addr);
				/* RegFifo stays; the others auto-increment. */
				if (addr != LOOM_SX_REG_FIFO)
					addr = (addr + 1) & 0x7f;
			}
			if (rx)
				rx[i] = out;
		}
		c->stats[LOOM_HWSIM_CHIP_STAT_SPI_XFERS]++;
		if (tx)
			c->stats[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_IN] += x->len;
		if (rx)
			c->stats[LOOM_HWSIM_CHIP_STAT_SPI_BYTES_OUT] += x->len;
		msg->actual_length += x->len;
		/* ...unless a transfer asks to drop it in between. */
		if (x->cs_change)
			first = true;
	}
out:
	spin_unlock_bh(&c->lock);
	msg->status = err;
	spi_finalize_current_message(ctlr);
	return 0;
}

/* The medium's callbacks: the chip is the layer above its radio. */

static void loom_hwsim_chip_rx(struct loom_radio *r, const u8 *frame, u16 len,
			       const struct loom_radio_rx_info *info)
{
	struct loom_hwsim_chip *c = r->upper_priv;
	u8 base, mode, *reg = c->reg;
	int snr, rssi;
	unsigned int i;
	u16 cnt;

	spin_lock_bh(&c->lock);
	if (c->dead)
		goto out;
	loom_sx_reset_pending(c);
	mode = loom_sx_mode(c);
	if (!loom_sx_lora(c) ||
	    (mode != LOOM_SX_MODE_RXCONT && mode != LOOM_SX_MODE_RXSINGLE)) {
		c->stats[LOOM_HWSIM_CHIP_STAT_RX_IGNORED]++;
		goto out;
	}
	base = reg[LOOM_SX_REG_FIFO_RX_BASE];
	for (i = 0; i < len; i++)
		c->fifo[(u8)(base + i)] = frame[i];
	reg[LOOM_SX_REG_FIFO_RX_CURRENT] = base;
	reg[SX_FIFO_RX_BYTE_ADDR] = base + len - 1;
	reg[LOOM_SX_REG_RX_NB_BYTES] = len;
	snr = DIV_ROUND_CLOSEST(info->snr_mdb * 4, 1000);
	reg[LOOM_SX_REG_PKT_SNR] = (u8)(s8)clamp(snr, -128, 127);
	rssi = DIV_ROUND_CLOSEST(info->rssi_mdbm, 1000) +
	       (c->cur.freq_hz > SX_HF_MIN_HZ ? SX_RSSI_HF_OFFSET :
						SX_RSSI_LF_OFFSET);
	reg[LOOM_SX_REG_PKT_RSSI] = clamp(rssi, 0, 255);
	reg[SX_RSSI] = reg[LOOM_SX_REG_PKT_RSSI];
	reg[SX_HOP_CHANNEL] = c->cur.crc ? SX_HOP_CRC_ON : 0;
	cnt = (reg[SX_RX_HEADER_CNT_MSB] << 8 | reg[SX_RX_HEADER_CNT_MSB + 1]) + 1;
	reg[SX_RX_HEADER_CNT_MSB] = cnt >> 8;
	reg[SX_RX_HEADER_CNT_MSB + 1] = cnt & 0xff;
	reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_RX_DONE | LOOM_SX_IRQ_VALID_HEADER;
	if (c->fault == LOOM_HWSIM_FAULT_CRC_ERROR) {
		reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_CRC_ERROR;
	} else {
		cnt = (reg[SX_RX_PACKET_CNT_MSB] << 8 |
		       reg[SX_RX_PACKET_CNT_MSB + 1]) + 1;
		reg[SX_RX_PACKET_CNT_MSB] = cnt >> 8;
		reg[SX_RX_PACKET_CNT_MSB + 1] = cnt & 0xff;
	}
	c->stats[LOOM_HWSIM_CHIP_STAT_RX]++;
	if (mode == LOOM_SX_MODE_RXSINGLE) {
		loom_sx_enter(c, LOOM_SX_MODE_STDBY);
		loom_sx_sync(c);
	}
	loom_sx_dio0(c);
out:
	spin_unlock_bh(&c->lock);
}

static void loom_hwsim_chip_tx_done(struct loom_radio *r, int status)
{
	struct loom_hwsim_chip *c = r->upper_priv;

	spin_lock_bh(&c->lock);
	if (c->dead)
		goto out;
	loom_sx_reset_pending(c);
	/* A mode written meanwhile (the medium cannot abort a frame) wins. */
	if (loom_sx_lora(c) && loom_sx_mode(c) == LOOM_SX_MODE_TX) {
		c->reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_TX_DONE;
		c->stats[LOOM_HWSIM_CHIP_STAT_TX]++;
		loom_sx_enter(c, LOOM_SX_MODE_STDBY);
	}
	loom_sx_sync(c);
	loom_sx_dio0(c);
out:
	spin_unlock_bh(&c->lock);
}

/*
 * How the medium reports to an emulated chip.  No state_changed: the
 * chip calls the medium with its lock held, and the medium reports state
 * changes from within those calls.
 */
const struct loom_radio_upper loom_hwsim_chip_upper = {
	.rx = loom_hwsim_chip_rx,
	.tx_done = loom_hwsim_chip_tx_done,
};

/* CAD's end, or RXSINGLE's window. */
static void loom_hwsim_chip_timer(struct loom_timer *t)
{
	struct loom_hwsim_chip *c = container_of(t, struct loom_hwsim_chip,
						 timer);
	struct loom_radio *r;

	spin_lock_bh(&c->lock);
	if (c->dead)
		goto out;
	loom_sx_reset_pending(c);
	if (c->timer_gen != c->mode_gen || !loom_sx_lora(c))
		goto out;
	r = &c->sr->radio;
	switch (loom_sx_mode(c)) {
	case LOOM_SX_MODE_CAD:
		c->reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_CAD_DONE;
		if (r->ops->cad(r) > 0)
			c->reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_CAD_DETECTED;
		c->stats[LOOM_HWSIM_CHIP_STAT_CAD]++;
		break;
	case LOOM_SX_MODE_RXSINGLE:
		c->reg[LOOM_SX_REG_IRQ_FLAGS] |= LOOM_SX_IRQ_RX_TIMEOUT;
		c->stats[LOOM_HWSIM_CHIP_STAT_RX_TIMEOUTS]++;
		break;
	default:
		goto out;
	}
	loom_sx_enter(c, LOOM_SX_MODE_STDBY);
	loom_sx_sync(c);
	loom_sx_dio0(c);
out:
	spin_unlock_bh(&c->lock);
}

/* NRESET: one GPIO line per chip, active low. */

static void loom_sx_nreset(struct loom_hwsim_chip *c, bool high)
{
	/* Held low, the chip resets and stops answering until released. */
	if (!high && READ_ONCE(c->nreset)) {
		set_bit(LOOM_CHIP_RESET_PENDING, &c->flags);
		schedule_work(&c->reset_work);
	}
	WRITE_ONCE(c->nreset, high);
}

static void loom_hwsim_chip_reset_work(struct work_struct *w)
{
	struct loom_hwsim_chip *c = container_of(w, struct loom_hwsim_chip,
						 reset_work);

	spin_lock_bh(&c->lock);
	if (!c->dead)
		loom_sx_reset_pending(c);
	spin_unlock_bh(&c->lock);
}

static int loom_hwsim_gpio_get_direction(struct gpio_chip *gc,
					 unsigned int offset)
{
	struct loom_hwsim_chip *c = gpiochip_get_data(gc);

	return READ_ONCE(c->nreset_out) ? GPIO_LINE_DIRECTION_OUT :
					  GPIO_LINE_DIRECTION_IN;
}

static int loom_hwsim_gpio_input(struct gpio_chip *gc, unsigned int offset)
{
	struct loom_hwsim_chip *c = gpiochip_get_data(gc);

	/* NRESET has a pull-up inside the chip. */
	WRITE_ONCE(c->nreset_out, false);
	loom_sx_nreset(c, true);
	return 0;
}

static int loom_hwsim_gpio_output(struct gpio_chip *gc, unsigned int offset,
				  int value)
{
	struct loom_hwsim_chip *c = gpiochip_get_data(gc);

	WRITE_ONCE(c->nreset_out, true);
	loom_sx_nreset(c, value);
	return 0;
}

static void loom_hwsim_gpio_set(struct gpio_chip *gc, unsigned int offset,
				int value)
{
	struct loom_hwsim_chip *c = gpiochip_get_data(gc);

	if (READ_ONCE(c->nreset_out))
		loom_sx_nreset(c, value);
}

static int loom_hwsim_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct loom_hwsim_chip *c = gpiochip_get_data(gc);

	return READ_ONCE(c->nreset);
}

/* DIO0: an interrupt of the emulator's domain, raised from an irq_work. */

static void loom_hwsim_chip_fire(struct irq_work *w)
{
	struct loom_hwsim_chip *c = container_of(w, struct loom_hwsim_chip,
						 irq_work);

	if (READ_ONCE(c->dead))
		return;
	atomic64_inc(&c->irqs);
	generic_handle_irq_safe(c->virq);
}

static void loom_hwsim_irq_ack(struct irq_data *d)
{
	/* An edge is latched by the flow handler: nothing to acknowledge. */
}

static void loom_hwsim_irq_mask(struct irq_data *d)
{
}

static void loom_hwsim_irq_unmask(struct irq_data *d)
{
	struct loom_hwsim_chip *c = irq_data_get_irq_chip_data(d);

	/* A level interrupt fires again while the pin stays high. */
	if (c && READ_ONCE(c->irq_level) && READ_ONCE(c->dio0) &&
	    READ_ONCE(c->fault) != LOOM_HWSIM_FAULT_MUTE)
		irq_work_queue(&c->irq_work);
}

static int loom_hwsim_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct loom_hwsim_chip *c = irq_data_get_irq_chip_data(d);

	switch (type & IRQ_TYPE_SENSE_MASK) {
	case IRQ_TYPE_EDGE_RISING:
		irq_set_handler_locked(d, handle_edge_irq);
		WRITE_ONCE(c->irq_level, false);
		return 0;
	case IRQ_TYPE_LEVEL_HIGH:
		irq_set_handler_locked(d, handle_level_irq);
		WRITE_ONCE(c->irq_level, true);
		return 0;
	default:	/* DIO0 is active high */
		return -EINVAL;
	}
}

static struct irq_chip loom_hwsim_irq_chip = {
	.name = "loom_hwsim",
	.irq_ack = loom_hwsim_irq_ack,
	.irq_mask = loom_hwsim_irq_mask,
	.irq_unmask = loom_hwsim_irq_unmask,
	.irq_set_type = loom_hwsim_irq_set_type,
};

static int loom_hwsim_irq_map(struct irq_domain *d, unsigned int virq,
			      irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &loom_hwsim_irq_chip, handle_edge_irq);
	irq_set_noprobe(virq);
	return 0;
}

static const struct irq_domain_ops loom_hwsim_irq_ops = {
	.map = loom_hwsim_irq_map,
	.xlate = irq_domain_xlate_onecell,
};

/* A chip's own domain in the device tree: <0 IRQ_TYPE_EDGE_RISING>. */
static const struct irq_domain_ops loom_hwsim_irq_of_ops = {
	.map = loom_hwsim_irq_map,
	.xlate = irq_domain_xlate_twocell,
};

/**
 * loom_hwsim_chip_alloc() - a chip, fresh from reset, not yet anywhere
 * @clk: the medium's clock
 * @kind: enum loom_hwsim_kind, a chip's
 * @version: what RegVersion will read
 *
 * Context: process context.
 * Return: the chip, or NULL without memory.
 */
struct loom_hwsim_chip *loom_hwsim_chip_alloc(struct loom_clock *clk,
					      u8 kind, u8 version)
{
	struct loom_hwsim_chip *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	spin_lock_init(&c->lock);
	c->clk = clk;
	c->kind = kind;
	c->version = version;
	c->nreset = true;
	memcpy(c->reg, loom_sx_reset_regs, sizeof(c->reg));
	atomic64_set(&c->irqs, 0);
	loom_timer_init(clk, &c->timer, loom_hwsim_chip_timer);
	INIT_WORK(&c->reset_work, loom_hwsim_chip_reset_work);
	init_irq_work(&c->irq_work, loom_hwsim_chip_fire);
	return c;
}

/* The SPI device's properties: the radio's modulation now, its address. */
static void loom_hwsim_chip_props(struct loom_hwsim_chip *c,
				  const struct loom_lora_params *p)
{
	struct property_entry *e = c->props;

	*e++ = PROPERTY_ENTRY_U32("semtech,frequency-hz", p->freq_hz);
	*e++ = PROPERTY_ENTRY_U32("semtech,spreading-factor", p->sf);
	*e++ = PROPERTY_ENTRY_U32("semtech,bandwidth-hz", p->bw_hz);
	*e++ = PROPERTY_ENTRY_U32("semtech,coding-rate", p->cr);
	*e++ = PROPERTY_ENTRY_U32("semtech,tx-power-dbm",
				  max_t(int, p->tx_power_dbm, 2));
	if (p->tx_power_dbm > 14)
		*e++ = PROPERTY_ENTRY_BOOL("semtech,pa-boost");
	*e++ = PROPERTY_ENTRY_U32("clock-frequency", 32000000);
	*e++ = PROPERTY_ENTRY_U8_ARRAY("local-mac-address", c->mac);
	c->swnode.properties = c->props;
}

static void loom_hwsim_chip_gpio_setup(struct loom_hwsim_chip *c)
{
	struct gpio_chip *gc = &c->gc;

	gc->label = c->label;
	gc->parent = &loom_hwsim_chips.pdev->dev;
	/*
	 * No module reference per requested line: rmmod must reach the
	 * chip's SPI device (whose driver then lets go of the line) while a
	 * driver holds NRESET; the line outlives no consumer, see
	 * loom_hwsim_chip_stop().
	 */
	gc->owner = NULL;
	gc->base = -1;
	gc->ngpio = 1;
	gc->can_sleep = false;
	gc->get_direction = loom_hwsim_gpio_get_direction;
	gc->direction_input = loom_hwsim_gpio_input;
	gc->direction_output = loom_hwsim_gpio_output;
	gc->get = loom_hwsim_gpio_get;
	gc->set = loom_hwsim_gpio_set;
	/* Two cells, <line flags>, as gpiolib's default translation has. */
	if (c->np)
		gc->fwnode = of_fwnode_handle(c->np);
}

/* DIO0's interrupt: the shared domain's hwirq @sr->idx, or the node's 0. */
static int loom_hwsim_chip_irq(struct loom_hwsim_chip *c, u32 idx)
{
	struct irq_domain *d = loom_hwsim_chips.domain;
	irq_hw_number_t hw = idx;

	if (c->np) {
		c->domain = irq_domain_create_linear(of_fwnode_handle(c->np), 1,
						     &loom_hwsim_irq_of_ops, c);
		if (!c->domain)
			return -ENOMEM;
		d = c->domain;
		hw = 0;
	}
	c->virq = irq_create_mapping(d, hw);
	if (!c->virq)
		return -ENOSPC;
	irq_set_chip_data(c->virq, c);
	return irq_set_irq_type(c->virq, IRQ_TYPE_EDGE_RISING);
}

/**
 * loom_hwsim_chip_start() - put a chip behind an SPI controller of its own
 * @c: the chip, from loom_hwsim_chip_alloc()
 * @sr: its radio on the medium, Disabled, with the modulation the SPI
 *	device's properties give (its upper layer loom_hwsim_chip_upper, its
 *	private pointer @c)
 * @hwaddr: the local-mac-address property
 * @np: the chip's device-tree node, or NULL.  The node is the GPIO
 *	controller of NRESET (line 0: "reset-gpios = <&node 0
 *	GPIO_ACTIVE_LOW>") and the interrupt controller of DIO0 (interrupt 0:
 *	"interrupts = <0 IRQ_TYPE_EDGE_RISING>"); its child "spi" is the SPI
 *	controller, whose children the SPI core makes devices of, as on a
 *	board (Documentation/sx127x.rst, "Device tree").  The chip answers
 *	chip select 0.  Two nodes, as on a board: a node that were both the
 *	GPIO and the SPI controller would have its SPI devices taken for GPIO
 *	hogs when an overlay removes them.
 *
 * Makes the NRESET line, DIO0's interrupt, the controller and the SPI
 * device, in that order: a driver for the model may bind at once, from
 * within this call.
 *
 * Context: process context; nothing the chip's driver needs may be held.
 * Return: 0 or a negative errno; on failure loom_hwsim_chip_stop() undoes
 * what was made.
 */
int loom_hwsim_chip_start(struct loom_hwsim_chip *c, struct loom_sim_radio *sr,
			  const u8 hwaddr[6], struct device_node *np)
{
	struct spi_board_info bi = {
		.max_speed_hz = 10000000,
		.chip_select = 0,
		.mode = SPI_MODE_0,
	};
	struct spi_controller *ctlr;
	struct spi_device *spi;
	int err;

	spin_lock_bh(&c->lock);
	c->sr = sr;
	c->cur = sr->radio.params;
	loom_sx_sync(c);
	spin_unlock_bh(&c->lock);
	memcpy(c->mac, hwaddr, sizeof(c->mac));
	loom_hwsim_chip_props(c, &sr->radio.params);

	if (np) {
		c->spi_np = of_get_child_by_name(np, "spi");
		if (!c->spi_np)
			return -EINVAL;
		c->np = of_node_get(np);
	}
	snprintf(c->label, sizeof(c->label), "loom_hwsim_chip%u", sr->idx);
	loom_hwsim_chip_gpio_setup(c);
	err = gpiochip_add_data(&c->gc, c);
	if (err)
		return err;
	c->gc_added = true;

	err = loom_hwsim_chip_irq(c, sr->idx);
	if (err)
		return err;

	ctlr = spi_alloc_master(&loom_hwsim_chips.pdev->dev, 0);
	if (!ctlr)
		return -ENOMEM;
	ctlr->bus_num = -1;
	ctlr->num_chipselect = 1;
	ctlr->mode_bits = 0;	/* SPI mode 0 only */
	ctlr->bits_per_word_mask = SPI_BPW_MASK(8);
	ctlr->max_speed_hz = 10000000;
	ctlr->transfer_one_message = loom_hwsim_chip_transfer;
	/* The node's children become its SPI devices as it registers. */
	ctlr->dev.of_node = c->spi_np;
	spi_controller_set_devdata(ctlr, c);
	err = spi_register_controller(ctlr);
	if (err) {
		spi_controller_put(ctlr);
		return err;
	}
	c->ctlr = ctlr;

	snprintf(c->spi_name, sizeof(c->spi_name), "%s.0",
		 dev_name(&ctlr->dev));
	if (c->np)
		return 0;
	c->lookup = kzalloc(struct_size(c->lookup, table, 2), GFP_KERNEL);
	if (!c->lookup)
		return -ENOMEM;
	c->lookup->dev_id = c->spi_name;
	c->lookup->table[0] = GPIO_LOOKUP(c->label, 0, "reset",
					  GPIO_ACTIVE_LOW);
	gpiod_add_lookup_table(c->lookup);

	strscpy(bi.modalias, loom_hwsim_chip_model(c->kind),
		sizeof(bi.modalias));
	bi.irq = c->virq;
	bi.swnode = &c->swnode;
	spi = spi_new_device(ctlr, &bi);
	if (!spi)
		return -ENODEV;
	c->spi = spi;
	return 0;
}

/**
 * loom_hwsim_chip_stop() - take a chip's SPI device, controller, NRESET
 *	line and interrupt away
 * @c: the chip, started (or half started)
 *
 * The SPI device goes first, so its driver's remove runs while the chip
 * still answers; after this nothing fires, and the medium's callbacks
 * still reaching the chip return at once.
 *
 * Context: process context.
 */
void loom_hwsim_chip_stop(struct loom_hwsim_chip *c)
{
	if (c->spi)
		spi_unregister_device(c->spi);
	c->spi = NULL;
	if (c->lookup)
		gpiod_remove_lookup_table(c->lookup);
	kfree(c->lookup);
	c->lookup = NULL;
	/* Unregistering drops the last reference: the controller goes. */
	if (c->ctlr)
		spi_unregister_controller(c->ctlr);
	c->ctlr = NULL;
	if (c->gc_added)
		gpiochip_remove(&c->gc);
	c->gc_added = false;
	cancel_work_sync(&c->reset_work);
	spin_lock_bh(&c->lock);
	c->dead = true;
	spin_unlock_bh(&c->lock);
	irq_work_sync(&c->irq_work);
	if (c->virq)
		irq_dispose_mapping(c->virq);
	c->virq = 0;
	if (c->domain)
		irq_domain_remove(c->domain);
	c->domain = NULL;
	of_node_put(c->spi_np);
	c->spi_np = NULL;
	of_node_put(c->np);
	c->np = NULL;
}

/**
 * loom_hwsim_chip_quiesce() - wait for the chip's timer
 * @c: the chip, stopped, its radio unlinked from the medium
 *
 * Context: process context, no lock held.
 */
void loom_hwsim_chip_quiesce(struct loom_hwsim_chip *c)
{
	loom_timer_cancel(&c->timer);
}

/**
 * loom_hwsim_chip_free() - free a chip
 * @c: the chip, quiesced, an RCU grace period after its radio was
 *	unlinked (no delivery to it runs)
 */
void loom_hwsim_chip_free(struct loom_hwsim_chip *c)
{
	kfree(c);
}

/**
 * loom_hwsim_chip_set_fault() - the fault a chip shows from now on
 * @c: the chip
 * @fault: enum loom_hwsim_fault
 *
 * Context: process context.
 */
void loom_hwsim_chip_set_fault(struct loom_hwsim_chip *c, u8 fault)
{
	spin_lock_bh(&c->lock);
	WRITE_ONCE(c->fault, fault);
	spin_unlock_bh(&c->lock);
}

/**
 * loom_hwsim_chip_read() - a consistent copy of a chip's state
 * @c: the chip
 * @out: receives it
 *
 * Context: process context.
 */
void loom_hwsim_chip_read(struct loom_hwsim_chip *c,
			  struct loom_hwsim_chip_info *out)
{
	spin_lock_bh(&c->lock);
	if (!c->dead)
		loom_sx_reset_pending(c);
	out->kind = c->kind;
	out->version = c->version;
	out->fault = c->fault;
	out->opmode = c->reg[LOOM_SX_REG_OPMODE];
	memcpy(out->reg, c->reg, sizeof(out->reg));
	out->reg[LOOM_SX_REG_FIFO] = 0;
	memcpy(out->stats, c->stats, sizeof(out->stats));
	strscpy(out->spi_name, c->spi_name, sizeof(out->spi_name));
	spin_unlock_bh(&c->lock);
	out->stats[LOOM_HWSIM_CHIP_STAT_IRQS] = atomic64_read(&c->irqs);
}

/**
 * loom_hwsim_chip_init() - the parent device and interrupt domain of chips
 * @cap: the medium's capacity: hwirq N is the DIO0 of the chip of id N
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int loom_hwsim_chip_init(u32 cap)
{
	struct loom_hwsim_chips *cs = &loom_hwsim_chips;
	int err;

	cs->cap = cap;
	cs->pdev = platform_device_register_simple("loom_hwsim",
						   PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(cs->pdev))
		return PTR_ERR(cs->pdev);
	cs->fwnode = irq_domain_alloc_named_fwnode("loom_hwsim");
	err = -ENOMEM;
	if (!cs->fwnode)
		goto fail;
	cs->domain = irq_domain_create_linear(cs->fwnode, cap,
					      &loom_hwsim_irq_ops, cs);
	if (!cs->domain)
		goto fail_fwnode;
	return 0;
fail_fwnode:
	irq_domain_free_fwnode(cs->fwnode);
fail:
	platform_device_unregister(cs->pdev);
	return err;
}

/**
 * loom_hwsim_chip_exit() - undo loom_hwsim_chip_init()
 *
 * Context: module exit, every chip stopped.
 */
void loom_hwsim_chip_exit(void)
{
	struct loom_hwsim_chips *cs = &loom_hwsim_chips;

	irq_domain_remove(cs->domain);
	irq_domain_free_fwnode(cs->fwnode);
	platform_device_unregister(cs->pdev);
}
