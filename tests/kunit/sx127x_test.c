// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the sx127x driver against loom_hwsim's emulated SX127x chips, at
 * the register level, and its device-tree path (Documentation/sx127x.rst,
 * "Tests").
 *
 * sx127x_test.ko is built for the KUnit kernel only (it has SPI, regmap
 * over SPI and device-tree overlays) and loaded after loom.ko, sx127x.ko
 * and loom_hwsim.ko; its suites run as it loads.  Each case makes its own
 * chips with loom_hwsim's in-kernel interface (kernel/hwsim/kapi.c), so
 * the driver binds to them as to hardware, then claims the driver's radio
 * as a node would and calls its operations with bottom halves off (the
 * atomic context the MAC calls them from).  What the driver did is read
 * back from the emulated chip's register file and counters and from the
 * driver's own counters; the values expected are the datasheet's (Semtech
 * SX1276/77/78/79 rev. 7: RegOpMode 0x01, RegFrf 0x06-0x08 = f * 2^19 /
 * 32 MHz, RegPaConfig 0x09, RegModemConfig1-3 0x1d/0x1e/0x26, RegPaDac
 * 0x4d), not the driver's computations.
 *
 * The emulated chips run in real time; every wait is for a condition, up
 * to SXT_WAIT_MS, never a fixed sleep.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/spi/spi.h>

#include "../../kernel/drivers/sx127x/sx127x.h"
#include "../../kernel/hwsim/kapi.h"
#include "../../kernel/radio/medium.h"
#include "../../kernel/radio/radio.h"
#include "../../uapi/linux/loom.h"
#include "sx127x_test.h"

/* Long enough for a 255-byte SF7 frame and a TX timeout under TCG. */
#define SXT_WAIT_MS	15000

/**
 * struct sxt_end - one radio a case claimed, and what it reported
 * @r: the radio, NULL once given back
 * @lock: protects @frame, @len, @rssi_mdbm, @snr_mdb and @tx_status
 * @frame: the last frame received
 * @len: its length
 * @rssi_mdbm: its RSSI
 * @snr_mdb: its SNR
 * @tx_status: the status of the last tx_done
 * @cad_result: the result of the last cad_done
 * @rx: frames received
 * @tx_done: tx_done calls
 * @cad_done: cad_done calls
 * @lost: the registry took the radio back (its driver unbound)
 */
struct sxt_end {
	struct loom_radio *r;
	spinlock_t lock;	/* see above */
	u8 frame[LOOM_LORA_MAX_PAYLOAD];
	u16 len;
	s32 rssi_mdbm;
	s32 snr_mdb;
	int tx_status;
	int cad_result;
	atomic_t rx;
	atomic_t tx_done;
	atomic_t cad_done;
	atomic_t lost;
};

/**
 * struct sxt - a case's radios
 * @chip: the emulated chip's loom_hwsim id, or -1
 * @peer: a plain loom_hwsim radio's id, or -1
 * @sx: the driver's radio on @chip
 * @pr: the plain radio
 * @hwaddr: @chip's address, which the driver's radio takes
 */
struct sxt {
	int chip;
	int peer;
	struct sxt_end sx;
	struct sxt_end pr;
	u8 hwaddr[ETH_ALEN];
};

/* Wait up to SXT_WAIT_MS for @cond; true if it held. */
#define SXT_WAIT(cond) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(SXT_WAIT_MS);	\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))		\
		usleep_range(5000, 10000);				\
	__ok;								\
})

static void sxt_state_changed(struct loom_radio *r, u8 from, u8 to)
{
}

static void sxt_rx(struct loom_radio *r, const u8 *frame, u16 len,
		   const struct loom_radio_rx_info *info)
{
	struct sxt_end *e = READ_ONCE(r->upper_priv);

	spin_lock(&e->lock);
	memcpy(e->frame, frame, min_t(u16, len, sizeof(e->frame)));
	e->len = len;
	e->rssi_mdbm = info->rssi_mdbm;
	e->snr_mdb = info->snr_mdb;
	spin_unlock(&e->lock);
	atomic_inc(&e->rx);
}

static void sxt_tx_done(struct loom_radio *r, int status)
{
	struct sxt_end *e = READ_ONCE(r->upper_priv);

	spin_lock(&e->lock);
	e->tx_status = status;
	spin_unlock(&e->lock);
	atomic_inc(&e->tx_done);
}

static void sxt_cad_done(struct loom_radio *r, int result)
{
	struct sxt_end *e = READ_ONCE(r->upper_priv);

	spin_lock(&e->lock);
	e->cad_result = result;
	spin_unlock(&e->lock);
	atomic_inc(&e->cad_done);
}

static const struct loom_radio_upper sxt_upper = {
	.state_changed = sxt_state_changed,
	.rx = sxt_rx,
	.tx_done = sxt_tx_done,
	.cad_done = sxt_cad_done,
};

/* Registry lock held: the driver unbinds; give the radio back. */
static void sxt_lost(void *owner, struct loom_radio *r)
{
	struct sxt_end *e = owner;

	loom_radio_release(r);
	WRITE_ONCE(e->r, NULL);
	atomic_inc(&e->lost);
}

static const struct loom_radio_owner_ops sxt_owner_ops = {
	.lost = sxt_lost,
};

/* The registered radio of @kind with address @hwaddr, or NULL. Locked. */
static struct loom_radio *sxt_find(const u8 *hwaddr, u8 kind)
{
	unsigned long pos = 0;
	struct loom_radio *r;

	while ((r = loom_radio_next(&init_net, &pos)))
		if (r->kind == kind && ether_addr_equal(r->hwaddr, hwaddr))
			return r;
	return NULL;
}

static bool sxt_present(const u8 *hwaddr, u8 kind)
{
	bool there;

	loom_radio_lock();
	there = sxt_find(hwaddr, kind);
	loom_radio_unlock();
	return there;
}

/* Claim the radio of @kind at @hwaddr for @e, as a node does. */
static bool sxt_claim(struct sxt_end *e, const u8 *hwaddr, u8 kind)
{
	struct loom_radio *r;

	spin_lock_init(&e->lock);
	loom_radio_lock();
	r = sxt_find(hwaddr, kind);
	if (r && !loom_radio_claim(r, &sxt_owner_ops, e, "kunit",
				   LOOM_PROTO_TREE, NULL)) {
		loom_radio_set_upper(r, &sxt_upper, e);
		e->r = r;
	}
	loom_radio_unlock();
	return e->r;
}

static void sxt_unclaim(struct sxt_end *e)
{
	loom_radio_lock();
	if (e->r)
		loom_radio_release(e->r);
	e->r = NULL;
	loom_radio_unlock();
}

/* The operations, from the context the MAC calls them in. */
static int sxt_set_state(struct sxt_end *e, u8 state)
{
	int err;

	local_bh_disable();
	err = e->r->ops->set_state(e->r, state);
	local_bh_enable();
	return err;
}

static int sxt_xmit(struct sxt_end *e, const u8 *frame, u16 len)
{
	int err;

	local_bh_disable();
	err = e->r->ops->xmit(e->r, frame, len);
	local_bh_enable();
	return err;
}

static int sxt_cad_start(struct sxt_end *e)
{
	int err;

	local_bh_disable();
	err = e->r->ops->cad_start(e->r);
	local_bh_enable();
	return err;
}

/* A detection from Receive: its result, or -EINPROGRESS if none came. */
static int sxt_cad(struct kunit *test, struct sxt_end *e)
{
	int done = atomic_read(&e->cad_done);
	int err = sxt_cad_start(e);

	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		return err;
	if (!SXT_WAIT(atomic_read(&e->cad_done) > done))
		return -EINPROGRESS;
	return e->cad_result;
}

/* Disabled -> Sleep -> Receive. */
static int sxt_listen(struct sxt_end *e)
{
	return sxt_set_state(e, LOOM_RADIO_SLEEP) ?:
	       sxt_set_state(e, LOOM_RADIO_RECEIVE);
}

static u64 sxt_stat(struct sxt_end *e, unsigned int stat)
{
	struct loom_radio_info info = {};

	loom_radio_lock();
	if (e->r && e->r->ops->get_info)
		e->r->ops->get_info(e->r, &info);
	loom_radio_unlock();
	return info.stats[stat];
}

/* Wait for the driver's counter @stat to be non-zero. */
static bool sxt_wait_stat(struct sxt_end *e, unsigned int stat)
{
	return SXT_WAIT(sxt_stat(e, stat));
}

static u8 sxt_reg(struct sxt *t, u8 reg)
{
	struct loom_hwsim_chip_info ci;

	if (loom_hwsim_chip_state(t->chip, &ci))
		return 0;
	return ci.reg[reg];
}

static u64 sxt_chip_stat(struct sxt *t, unsigned int stat)
{
	struct loom_hwsim_chip_info ci;

	if (loom_hwsim_chip_state(t->chip, &ci))
		return 0;
	return ci.stats[stat];
}

static u8 sxt_opmode(struct sxt *t)
{
	return sxt_reg(t, LOOM_SX_REG_OPMODE);
}

/* The chip's SPI device, with a reference, or NULL. */
static struct spi_device *sxt_spi(struct sxt *t)
{
	struct loom_hwsim_chip_info ci;
	struct device *dev;

	if (loom_hwsim_chip_state(t->chip, &ci))
		return NULL;
	dev = bus_find_device_by_name(&spi_bus_type, NULL, ci.spi_name);
	return dev ? to_spi_device(dev) : NULL;
}

/* Is the chip's SPI device bound to the sx127x driver? */
static bool sxt_bound(struct sxt *t)
{
	struct spi_device *spi = sxt_spi(t);
	bool bound;

	if (!spi)
		return false;
	bound = spi->dev.driver && !strcmp(spi->dev.driver->name, "sx127x");
	put_device(&spi->dev);
	return bound;
}

static int sxt_init(struct kunit *test)
{
	struct sxt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->chip = -1;
	t->peer = -1;
	test->priv = t;
	return 0;
}

static void sxt_exit(struct kunit *test)
{
	struct sxt *t = test->priv;

	sxt_unclaim(&t->sx);
	sxt_unclaim(&t->pr);
	if (t->chip >= 0)
		loom_hwsim_del(t->chip);
	if (t->peer >= 0)
		loom_hwsim_del(t->peer);
}

/*
 * A chip of @kind reading @version, with modulation @p (NULL: default),
 * made as "loomctl hwsim radio add chip" makes it; its address in
 * t->hwaddr.
 */
static void sxt_add_chip(struct kunit *test, u8 kind, u8 version,
			 const struct loom_lora_params *p)
{
	struct sxt *t = test->priv;

	t->chip = loom_hwsim_add(kind, version, p, NULL);
	KUNIT_ASSERT_GE_MSG(test, t->chip, 0, "loom_hwsim_add: %d", t->chip);
	KUNIT_ASSERT_EQ(test, loom_hwsim_hwaddr(t->chip, t->hwaddr), 0);
}

/* An SX1276 bound and claimed, and a plain radio it hears at -80 dBm. */
static void sxt_pair(struct kunit *test, const struct loom_lora_params *p)
{
	struct sxt *t = test->priv;
	u8 addr[ETH_ALEN];

	sxt_add_chip(test, LOOM_HWSIM_KIND_SX1276,
		     LOOM_HWSIM_CHIP_VERSION_DEFAULT, p);
	KUNIT_ASSERT_TRUE(test, sxt_claim(&t->sx, t->hwaddr,
					  LOOM_RADIO_KIND_SX127X));
	t->peer = loom_hwsim_add(LOOM_HWSIM_KIND_RADIO, 0, p, NULL);
	KUNIT_ASSERT_GE(test, t->peer, 0);
	KUNIT_ASSERT_EQ(test, loom_hwsim_hwaddr(t->peer, addr), 0);
	KUNIT_ASSERT_TRUE(test, sxt_claim(&t->pr, addr, LOOM_RADIO_KIND_HWSIM));
	KUNIT_ASSERT_EQ(test, loom_hwsim_link(t->chip, t->peer, -80000), 0);
	KUNIT_ASSERT_EQ(test, sxt_listen(&t->sx), 0);
	KUNIT_ASSERT_EQ(test, sxt_listen(&t->pr), 0);
	KUNIT_ASSERT_TRUE_MSG(test, SXT_WAIT(sxt_opmode(t) == 0x85),
			      "RegOpMode 0x%02x, not LoRa RXCONTINUOUS",
			      sxt_opmode(t));
}

static void sxt_fill(u8 *buf, u16 len, u8 seed)
{
	u16 i;

	for (i = 0; i < len; i++)
		buf[i] = seed + i * 7;
}

/* The peer sends @len bytes; wait for its tx_done. */
static void sxt_peer_sends(struct kunit *test, u16 len, u8 seed)
{
	struct sxt *t = test->priv;
	int done = atomic_read(&t->pr.tx_done);
	u8 buf[LOOM_LORA_MAX_PAYLOAD];

	sxt_fill(buf, len, seed);
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->pr, buf, len), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->pr.tx_done) > done));
}

/* --- probe: the registers the driver programs ----------------------------- */

/**
 * struct sxt_probe_case - a modulation and the registers it must give
 * @name: the case
 * @kind: the chip
 * @p: the modulation (its SPI device's properties)
 * @regs: register, value pairs; a zero register ends the list
 */
struct sxt_probe_case {
	const char *name;
	u8 kind;
	struct loom_lora_params p;
	u8 regs[12][2];
};

#define SXT_P(f, s, b, c, dbm) {					\
	.freq_hz = (f), .sf = (s), .bw_hz = (b), .cr = (c),		\
	.tx_power_dbm = (dbm), .preamble = 8, .crc = true,		\
	.ldro = LOOM_LDRO_AUTO }

static const struct sxt_probe_case sxt_probe_cases[] = {
	{
		/* Frf 0xd90666; BW 125 kHz (7), CR 4/5 (1); RFO 14 dBm. */
		"sx1276 868.1 MHz SF7 125 kHz 4/5 14 dBm",
		LOOM_HWSIM_KIND_SX1276, SXT_P(868100000, 7, 125000, 5, 14),
		{ { 0x01, 0x80 }, { 0x06, 0xd9 }, { 0x07, 0x06 }, { 0x08, 0x66 },
		  { 0x1d, 0x72 }, { 0x1e, 0x74 }, { 0x26, 0x04 },
		  { 0x09, 0x7e }, { 0x4d, 0x84 }, { 0x20, 0x00 }, { 0x21, 0x08 } },
	}, {
		/* A 32.8 ms symbol: LowDataRateOptimize (0x08) on. */
		"sx1276 SF12 125 kHz: LowDataRateOptimize",
		LOOM_HWSIM_KIND_SX1276, SXT_P(868100000, 12, 125000, 5, 14),
		{ { 0x1d, 0x72 }, { 0x1e, 0xc4 }, { 0x26, 0x0c } },
	}, {
		/* Below 525 MHz: LowFrequencyModeOn (0x08) in RegOpMode. */
		"sx1278 433.175 MHz: the LF port",
		LOOM_HWSIM_KIND_SX1278, SXT_P(433175000, 9, 125000, 5, 14),
		{ { 0x01, 0x88 }, { 0x06, 0x6c }, { 0x07, 0x4b }, { 0x08, 0x33 },
		  { 0x1e, 0x94 } },
	}, {
		/* PA_BOOST, +20 dBm mode: OutputPower 15, RegPaDac 0x87. */
		"sx1276 20 dBm on PA_BOOST",
		LOOM_HWSIM_KIND_SX1276, SXT_P(868100000, 7, 125000, 5, 20),
		{ { 0x09, 0xff }, { 0x4d, 0x87 } },
	}, {
		/* BW 500 kHz (9), CR 4/8 (4), SF9. */
		"sx1279 915 MHz SF9 500 kHz 4/8",
		LOOM_HWSIM_KIND_SX1279, SXT_P(915000000, 9, 500000, 8, 10),
		{ { 0x1d, 0x98 }, { 0x1e, 0x94 }, { 0x26, 0x04 },
		  { 0x09, 0x7a } },
	},
};

static void sxt_probe_desc(const struct sxt_probe_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sxt_probe, sxt_probe_cases, sxt_probe_desc);

static void sx127x_probe_registers(struct kunit *test)
{
	const struct sxt_probe_case *c = test->param_value;
	struct sxt *t = test->priv;
	struct loom_radio *r;
	unsigned int i;

	sxt_add_chip(test, c->kind, LOOM_HWSIM_CHIP_VERSION_DEFAULT, &c->p);
	KUNIT_ASSERT_TRUE(test, sxt_bound(t));
	KUNIT_ASSERT_TRUE(test, sxt_claim(&t->sx, t->hwaddr,
					  LOOM_RADIO_KIND_SX127X));
	r = t->sx.r;
	KUNIT_EXPECT_EQ(test, r->params.freq_hz, c->p.freq_hz);
	KUNIT_EXPECT_EQ(test, r->params.sf, c->p.sf);
	KUNIT_EXPECT_EQ(test, r->params.bw_hz, c->p.bw_hz);
	KUNIT_EXPECT_EQ(test, r->params.cr, c->p.cr);
	KUNIT_EXPECT_EQ(test, r->params.tx_power_dbm, c->p.tx_power_dbm);
	KUNIT_EXPECT_EQ(test, r->acct.state, LOOM_RADIO_DISABLED);
	KUNIT_EXPECT_EQ(test, r->max_frame, LOOM_LORA_MAX_PAYLOAD);
	/* Probe pulsed NRESET once (the emulated line is wired). */
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RESETS), 1);
	for (i = 0; i < ARRAY_SIZE(c->regs) && c->regs[i][0]; i++)
		KUNIT_EXPECT_EQ_MSG(test, sxt_reg(t, c->regs[i][0]),
				    c->regs[i][1], "register 0x%02x",
				    c->regs[i][0]);
	/* Every interrupt enabled, none pending. */
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_IRQ_FLAGS_MASK), 0);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_IRQ_FLAGS), 0);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_SPI_ERRORS), 0);
}

/**
 * struct sxt_refuse_case - a chip the driver must not bind to
 * @name: the case
 * @kind: the chip
 * @version: what its RegVersion reads
 * @sf: the spreading factor of its SPI device's properties
 */
struct sxt_refuse_case {
	const char *name;
	u8 kind;
	u8 version;
	u8 sf;
};

static const struct sxt_refuse_case sxt_refuse_cases[] = {
	{ "an SX1272 (RegVersion 0x22)", LOOM_HWSIM_KIND_SX1276, 0x22, 7 },
	{ "no chip, MISO low (0x00)", LOOM_HWSIM_KIND_SX1276, 0x00, 7 },
	{ "no chip, MISO high (0xff)", LOOM_HWSIM_KIND_SX1276, 0xff, 7 },
	{ "an unknown revision (0x13)", LOOM_HWSIM_KIND_SX1276, 0x13, 7 },
	{ "SF10 on an SX1277 (SF6-9 only)", LOOM_HWSIM_KIND_SX1277, 0x12, 10 },
};

static void sxt_refuse_desc(const struct sxt_refuse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sxt_refuse, sxt_refuse_cases, sxt_refuse_desc);

static void sx127x_probe_refuses(struct kunit *test)
{
	const struct sxt_refuse_case *c = test->param_value;
	struct sxt *t = test->priv;
	struct loom_lora_params p;
	struct spi_device *spi;

	loom_lora_params_default(&p);
	p.sf = c->sf;
	sxt_add_chip(test, c->kind, c->version, &p);
	spi = sxt_spi(t);
	KUNIT_ASSERT_NOT_NULL(test, spi);
	KUNIT_EXPECT_NULL(test, spi->dev.driver);
	put_device(&spi->dev);
	KUNIT_EXPECT_FALSE(test, sxt_present(t->hwaddr, LOOM_RADIO_KIND_SX127X));
	/* Refused before any write: RegOpMode keeps its reset value. */
	KUNIT_EXPECT_EQ(test, sxt_opmode(t), LOOM_SX_OPMODE_RESET);
}

/* --- the radio operations ------------------------------------------------- */

static void sx127x_states(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[8] = {};

	sxt_add_chip(test, LOOM_HWSIM_KIND_SX1276,
		     LOOM_HWSIM_CHIP_VERSION_DEFAULT, NULL);
	KUNIT_ASSERT_TRUE(test, sxt_claim(&t->sx, t->hwaddr,
					  LOOM_RADIO_KIND_SX127X));
	/* Transmit is xmit's; Sleep is a neighbour of Disabled, Receive not. */
	KUNIT_EXPECT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_TRANSMIT),
			-EINVAL);
	KUNIT_EXPECT_NE(test, sxt_set_state(&t->sx, LOOM_RADIO_RECEIVE), 0);
	KUNIT_EXPECT_EQ(test, sxt_xmit(&t->sx, buf, sizeof(buf)), -EBUSY);
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_SLEEP);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x80));
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_RECEIVE), 0);
	KUNIT_EXPECT_TRUE_MSG(test, SXT_WAIT(sxt_opmode(t) == 0x85),
			      "RegOpMode 0x%02x", sxt_opmode(t));
	/* DIO0 mapped to RxDone (00), the FIFO pointer at the RX base. */
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_DIO_MAPPING1) &
			LOOM_SX_DIO0_MASK, 0);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_FIFO_ADDR_PTR), 0);
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x80));
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_DISABLED), 0);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_DISABLED);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x80));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_SPI_ERRORS), 0);
}

static void sx127x_xmit(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[LOOM_LORA_MAX_PAYLOAD + 1];
	u16 len = 20;

	sxt_pair(test, NULL);
	sxt_fill(buf, sizeof(buf), 0x31);
	KUNIT_EXPECT_EQ(test, sxt_xmit(&t->sx, buf, 0), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, sxt_xmit(&t->sx, buf, LOOM_LORA_MAX_PAYLOAD + 1),
			-EMSGSIZE);
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->sx, buf, len), 0);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_TRANSMIT);
	/* One frame at a time; no state change while it is on the air. */
	KUNIT_EXPECT_EQ(test, sxt_xmit(&t->sx, buf, len), -EBUSY);
	KUNIT_EXPECT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), -EBUSY);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.tx_done) == 1));
	KUNIT_EXPECT_EQ(test, t->sx.tx_status, 0);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_RECEIVE);
	/* The chip was given the frame: RegPayloadLength, DIO0 on TxDone. */
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_PAYLOAD_LENGTH), len);
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_TX), 1);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->pr.rx) == 1));
	KUNIT_EXPECT_EQ(test, t->pr.len, len);
	KUNIT_EXPECT_EQ(test, memcmp(t->pr.frame, buf, len), 0);
	/* Back to listening after TxDone. */
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x85));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_FRAMES), 1);
	/*
	 * One frame: its time is the sum and the maximum (which a coarse
	 * clocksource, as TCG under load may fall back to, can make 0).
	 */
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_START_NS),
			sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_START_MAX_NS));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_TIMEOUTS), 0);
	KUNIT_EXPECT_GE(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_IRQ), 1);
}

static void sx127x_receive(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 want[12];

	sxt_pair(test, NULL);
	sxt_peer_sends(test, sizeof(want), 0x55);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.rx) == 1));
	sxt_fill(want, sizeof(want), 0x55);
	KUNIT_EXPECT_EQ(test, t->sx.len, sizeof(want));
	KUNIT_EXPECT_EQ(test, memcmp(t->sx.frame, want, sizeof(want)), 0);
	/* RSSI from RegPktRssiValue (-157 + value, HF port): -80 dBm. */
	KUNIT_EXPECT_GE(test, t->sx.rssi_mdbm, -82000);
	KUNIT_EXPECT_LE(test, t->sx.rssi_mdbm, -78000);
	/* 37 dB above the noise floor: RegPktSnrValue tops out at 31.75. */
	KUNIT_EXPECT_GT(test, t->sx.snr_mdb, 0);
	KUNIT_EXPECT_LE(test, t->sx.snr_mdb, 31750);
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RX), 1);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_FRAMES), 1);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_IRQ_NS),
			sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_IRQ_MAX_NS));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_CRC_ERRORS), 0);
	/* Still listening, the flags cleared. */
	KUNIT_EXPECT_EQ(test, sxt_opmode(t), 0x85);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_reg(t, LOOM_SX_REG_IRQ_FLAGS) == 0));
}

/* --- faults ---------------------------------------------------------------- */

static void sx127x_fault_crc(struct kunit *test)
{
	struct sxt *t = test->priv;

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_CRC_ERROR), 0);
	sxt_peer_sends(test, 16, 1);
	KUNIT_ASSERT_TRUE(test, sxt_wait_stat(&t->sx,
					      LOOM_RADIO_STAT_RX_CRC_ERRORS));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_CRC_ERRORS), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sx.rx), 0);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_FRAMES), 0);
	/* The next good frame is delivered. */
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_NONE), 0);
	sxt_peer_sends(test, 16, 2);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.rx) == 1));
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RX_CRC_ERRORS), 1);
}

/* After a fault: back to Receive through Sleep, and a frame each way. */
static void sxt_works_again(struct kunit *test)
{
	struct sxt *t = test->priv;
	int done = atomic_read(&t->sx.tx_done);
	int heard = atomic_read(&t->pr.rx);
	int rx = atomic_read(&t->sx.rx);
	u8 buf[10];

	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_NONE), 0);
	if (t->sx.r->acct.state != LOOM_RADIO_SLEEP)
		KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_RECEIVE), 0);
	KUNIT_ASSERT_TRUE_MSG(test, SXT_WAIT(sxt_opmode(t) == 0x85),
			      "RegOpMode 0x%02x", sxt_opmode(t));
	sxt_fill(buf, sizeof(buf), 9);
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->sx, buf, sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.tx_done) > done));
	KUNIT_EXPECT_EQ(test, t->sx.tx_status, 0);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(atomic_read(&t->pr.rx) > heard));
	sxt_peer_sends(test, 11, 3);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.rx) > rx));
}

static void sx127x_fault_spi_error(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[10] = {};

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_SPI_ERROR), 0);
	/* The frame cannot be loaded: it fails at once, with EIO. */
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->sx, buf, sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.tx_done) == 1));
	KUNIT_EXPECT_EQ(test, t->sx.tx_status, -EIO);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_RECEIVE);
	KUNIT_EXPECT_GT(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_SPI_ERRORS), 0);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_FRAMES), 0);
	KUNIT_EXPECT_GT(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_SPI_ERRORS),
			0);
	/* State changes are taken and counted; the chip follows later. */
	KUNIT_EXPECT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	sxt_works_again(test);
}

static void sx127x_fault_stuck_irq(struct kunit *test)
{
	struct sxt *t = test->priv;

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_STUCK_IRQ), 0);
	/* RxDone that will not clear: counted, the chip reset. */
	sxt_peer_sends(test, 12, 4);
	KUNIT_ASSERT_TRUE(test, sxt_wait_stat(&t->sx, LOOM_RADIO_STAT_IRQ_STUCK));
	KUNIT_EXPECT_TRUE(test, sxt_wait_stat(&t->sx, LOOM_RADIO_STAT_RESETS));
	/* Probe's reset and the recovery's. */
	KUNIT_EXPECT_GE(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RESETS), 2);
	sxt_works_again(test);
}

static void sx127x_fault_mute(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[10] = {};

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_MUTE), 0);
	/* No TxDone ever comes: the guard ends the frame and resets. */
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->sx, buf, sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.tx_done) == 1));
	KUNIT_EXPECT_EQ(test, t->sx.tx_status, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_TX_TIMEOUTS), 1);
	KUNIT_EXPECT_GE(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RESETS), 1);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_RECEIVE);
	/* Frames sent to a mute chip are not heard, nor delivered. */
	sxt_peer_sends(test, 12, 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sx.rx), 0);
	sxt_works_again(test);
}

/* --- channel activity detection ------------------------------------------ */

static void sx127x_cad(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[LOOM_LORA_MAX_PAYLOAD];

	sxt_pair(test, NULL);
	KUNIT_ASSERT_NOT_NULL(test, t->sx.r->ops->cad_start);
	/* No synchronous answer: the chip's CAD takes symbols and SPI. */
	KUNIT_EXPECT_NULL(test, t->sx.r->ops->cad);
	/* A quiet channel. */
	KUNIT_EXPECT_EQ(test, sxt_cad(test, &t->sx), 0);
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_CAD), 1);
	/* Back to RXCONTINUOUS with DIO0 on RxDone after it. */
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x85));
	KUNIT_EXPECT_EQ(test, sxt_reg(t, LOOM_SX_REG_DIO_MAPPING1) &
			LOOM_SX_DIO0_MASK, LOOM_SX_DIO0_RX_DONE);
	/* The peer's 255-byte frame (400 ms at SF7) is on the air. */
	sxt_fill(buf, sizeof(buf), 8);
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->pr, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, sxt_cad(test, &t->sx), 1);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_CAD), 2);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_CAD_BUSY), 1);
	KUNIT_EXPECT_EQ(test, t->sx.r->acct.state, LOOM_RADIO_RECEIVE);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->pr.tx_done) == 1));
	/* Neither a second detection nor a frame while one runs. */
	KUNIT_ASSERT_EQ(test, sxt_cad_start(&t->sx), 0);
	KUNIT_EXPECT_EQ(test, sxt_cad_start(&t->sx), -EBUSY);
	KUNIT_EXPECT_EQ(test, sxt_xmit(&t->sx, buf, 4), -EBUSY);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.cad_done) == 3));
	KUNIT_EXPECT_EQ(test, t->sx.cad_result, 0);
	/* Only from Receive. */
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	KUNIT_EXPECT_EQ(test, sxt_cad_start(&t->sx), -EBUSY);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_CAD_TIMEOUTS), 0);
}

static void sx127x_cad_cancelled(struct kunit *test)
{
	struct sxt *t = test->priv;

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, sxt_cad_start(&t->sx), 0);
	KUNIT_ASSERT_EQ(test, sxt_set_state(&t->sx, LOOM_RADIO_SLEEP), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(atomic_read(&t->sx.cad_done) == 1));
	KUNIT_EXPECT_EQ(test, t->sx.cad_result, -ECANCELED);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x80));
	/* Nothing more is owed: no second report. */
	sxt_works_again(test);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sx.cad_done), 1);
}

static void sx127x_cad_mute(struct kunit *test)
{
	struct sxt *t = test->priv;

	sxt_pair(test, NULL);
	KUNIT_ASSERT_EQ(test, loom_hwsim_set_fault(t->chip,
						   LOOM_HWSIM_FAULT_MUTE), 0);
	/* No CadDone ever comes: the guard ends it and resets the chip. */
	KUNIT_EXPECT_EQ(test, sxt_cad(test, &t->sx), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_CAD_TIMEOUTS), 1);
	KUNIT_EXPECT_GE(test, sxt_stat(&t->sx, LOOM_RADIO_STAT_RESETS), 1);
	sxt_works_again(test);
	KUNIT_EXPECT_EQ(test, sxt_cad(test, &t->sx), 0);
}

static void sx127x_unbind_busy(struct kunit *test)
{
	struct sxt *t = test->priv;
	u8 buf[LOOM_LORA_MAX_PAYLOAD];

	sxt_pair(test, NULL);
	/* A 255-byte frame (400 ms at SF7) on the air, the peer sending too. */
	sxt_fill(buf, sizeof(buf), 6);
	KUNIT_ASSERT_EQ(test, sxt_xmit(&t->sx, buf, sizeof(buf)), 0);
	KUNIT_ASSERT_TRUE(test, SXT_WAIT(sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_TX)));
	KUNIT_ASSERT_EQ(test, loom_hwsim_del(t->chip), 0);
	t->chip = -1;
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sx.lost), 1);
	KUNIT_EXPECT_NULL(test, t->sx.r);
	KUNIT_EXPECT_FALSE(test, sxt_present(t->hwaddr, LOOM_RADIO_KIND_SX127X));
	/* The medium goes on without it. */
	sxt_peer_sends(test, 20, 7);
}

static struct kunit_case sx127x_cases[] = {
	KUNIT_CASE_PARAM(sx127x_probe_registers, sxt_probe_gen_params),
	KUNIT_CASE_PARAM(sx127x_probe_refuses, sxt_refuse_gen_params),
	KUNIT_CASE(sx127x_states),
	KUNIT_CASE(sx127x_xmit),
	KUNIT_CASE(sx127x_receive),
	KUNIT_CASE(sx127x_fault_crc),
	KUNIT_CASE(sx127x_fault_spi_error),
	KUNIT_CASE(sx127x_fault_stuck_irq),
	KUNIT_CASE(sx127x_fault_mute),
	KUNIT_CASE(sx127x_cad),
	KUNIT_CASE(sx127x_cad_cancelled),
	KUNIT_CASE(sx127x_cad_mute),
	KUNIT_CASE(sx127x_unbind_busy),
	{}
};

static struct kunit_suite sx127x_suite = {
	.name = "sx127x",
	.init = sxt_init,
	.exit = sxt_exit,
	.test_cases = sx127x_cases,
};

/* --- the device-tree path -------------------------------------------------- */

static int sxt_board_ovcs = -1;

/*
 * A live tree to apply overlays to.  Firmware gives x86 none, and Linux
 * 6.1 then has no root node (6.6 makes an empty one itself): make that
 * empty root from sx127x_test_root.dts.  It has no properties, so nothing
 * in it points into this module, and it stays after the module goes, as
 * a firmware tree would.  Its sysfs directory is /sys/firmware/
 * loom-kunit-devicetree (the "devicetree" kset is the kernel's own).
 */
static int sxt_of_root(void)
{
	struct device_node *root = NULL;
	int err;

	if (of_root)
		return 0;
	if (!of_fdt_unflatten_tree((const unsigned long *)
				   __dtb_sx127x_test_root_begin, NULL, &root) ||
	    !root)
		return -ENOMEM;
	of_node_clear_flag(root, OF_DETACHED);
	err = kobject_add(&root->kobj, firmware_kobj, "loom-kunit-devicetree");
	if (err)
		pr_warn("sx127x_test: no sysfs for the test tree: %d\n", err);
	of_root = root;
	return 0;
}

static int sxt_of_suite_init(struct kunit_suite *suite)
{
	int err = sxt_of_root();

	if (err)
		return err;
	return of_overlay_fdt_apply(__dtb_sx127x_test_board_begin,
				    __dtb_sx127x_test_board_end -
				    __dtb_sx127x_test_board_begin,
				    &sxt_board_ovcs);
}

static void sxt_of_suite_exit(struct kunit_suite *suite)
{
	if (sxt_board_ovcs >= 0 && of_overlay_remove(&sxt_board_ovcs))
		pr_err("sx127x_test: the board overlay would not go\n");
}

/* A chip on the node at @path, its SPI controller the child "spi". */
static void sxt_add_of(struct kunit *test, const char *path)
{
	struct sxt *t = test->priv;
	struct device_node *np = of_find_node_by_path(path);

	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no %s in the live tree", path);
	t->chip = loom_hwsim_add(LOOM_HWSIM_KIND_SX1276,
				 LOOM_HWSIM_CHIP_VERSION_DEFAULT, NULL, np);
	of_node_put(np);
	KUNIT_ASSERT_GE_MSG(test, t->chip, 0, "loom_hwsim_add: %d", t->chip);
}

static void sx127x_of_bind(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x4c, 0x4f, 0x4d, 0x0d, 0x0a };
	struct sxt *t = test->priv;
	struct spi_device *spi;
	struct loom_radio *r;

	sxt_add_of(test, "/loom-emu-a");
	spi = sxt_spi(t);
	KUNIT_ASSERT_NOT_NULL(test, spi);
	KUNIT_EXPECT_TRUE(test, of_device_is_compatible(spi->dev.of_node,
							"semtech,sx1276"));
	KUNIT_EXPECT_STREQ(test, spi->dev.of_node->name, "lora");
	KUNIT_EXPECT_EQ(test, spi->max_speed_hz, 8000000);
	KUNIT_EXPECT_GT(test, spi->irq, 0);
	put_device(&spi->dev);
	KUNIT_ASSERT_TRUE(test, sxt_bound(t));
	/* The radio has the node's address and modulation... */
	KUNIT_ASSERT_TRUE(test, sxt_claim(&t->sx, mac, LOOM_RADIO_KIND_SX127X));
	r = t->sx.r;
	KUNIT_EXPECT_EQ(test, r->params.freq_hz, 869525000);
	KUNIT_EXPECT_EQ(test, r->params.sf, 10);
	KUNIT_EXPECT_EQ(test, r->params.bw_hz, 250000);
	KUNIT_EXPECT_EQ(test, r->params.cr, 6);
	KUNIT_EXPECT_EQ(test, r->params.tx_power_dbm, 17);
	/* ...the chip its registers: Frf 0xd96199, BW 250 kHz CR 4/6, SF10. */
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x06), 0xd9);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x07), 0x61);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x08), 0x99);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x1d), 0x84);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x1e), 0xa4);
	/* PA_BOOST, 17 dBm: OutputPower 15, RegPaDac default. */
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x09), 0xff);
	KUNIT_EXPECT_EQ(test, sxt_reg(t, 0x4d), 0x84);
	/* reset-gpios found the emulator's line and pulsed it. */
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RESETS), 1);
	/* interrupts found DIO0: listening arms it and RxDone is mapped. */
	KUNIT_ASSERT_EQ(test, sxt_listen(&t->sx), 0);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x85));
}

static void sx127x_of_refused(struct kunit *test)
{
	struct sxt *t = test->priv;
	struct spi_device *spi;

	sxt_add_of(test, "/loom-emu-bad");
	spi = sxt_spi(t);
	KUNIT_ASSERT_NOT_NULL(test, spi);
	KUNIT_EXPECT_NOT_NULL(test, spi->dev.of_node);
	KUNIT_EXPECT_NULL(test, spi->dev.driver);
	put_device(&spi->dev);
	KUNIT_EXPECT_EQ(test, sxt_opmode(t), LOOM_SX_OPMODE_RESET);
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RESETS), 0);
}

static void sx127x_of_hotplug(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x4c, 0x4f, 0x4d, 0x0d, 0x0b };
	u32 hat_size = __dtb_sx127x_test_hat_end - __dtb_sx127x_test_hat_begin;
	struct sxt *t = test->priv;
	int ovcs = -1;

	sxt_add_of(test, "/loom-emu-hot");
	/* A controller with no child node has no device. */
	KUNIT_EXPECT_NULL(test, sxt_spi(t));
	KUNIT_ASSERT_EQ(test, of_overlay_fdt_apply(__dtb_sx127x_test_hat_begin,
						   hat_size, &ovcs), 0);
	KUNIT_EXPECT_TRUE(test, sxt_bound(t));
	if (!sxt_claim(&t->sx, mac, LOOM_RADIO_KIND_SX127X)) {
		of_overlay_remove(&ovcs);
		KUNIT_FAIL(test, "no radio after the overlay");
		return;
	}
	KUNIT_EXPECT_EQ(test, t->sx.r->params.freq_hz, 433175000);
	/* An SX1278 on the LF port; no reset line in this overlay. */
	KUNIT_EXPECT_EQ(test, sxt_opmode(t), 0x88);
	KUNIT_EXPECT_EQ(test, sxt_chip_stat(t, LOOM_HWSIM_CHIP_STAT_RESETS), 0);
	KUNIT_EXPECT_EQ(test, sxt_listen(&t->sx), 0);
	KUNIT_EXPECT_TRUE(test, SXT_WAIT(sxt_opmode(t) == 0x8d));
	/* Removing the overlay unbinds the driver under its claimant. */
	KUNIT_ASSERT_EQ(test, of_overlay_remove(&ovcs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sx.lost), 1);
	KUNIT_EXPECT_FALSE(test, sxt_present(mac, LOOM_RADIO_KIND_SX127X));
	KUNIT_EXPECT_NULL(test, sxt_spi(t));
	/* The chip went to Sleep as the driver let go. */
	KUNIT_EXPECT_EQ(test, sxt_opmode(t), 0x88);
}

static struct kunit_case sx127x_of_cases[] = {
	KUNIT_CASE(sx127x_of_bind),
	KUNIT_CASE(sx127x_of_refused),
	KUNIT_CASE(sx127x_of_hotplug),
	{}
};

static struct kunit_suite sx127x_of_suite = {
	.name = "sx127x_of",
	.suite_init = sxt_of_suite_init,
	.suite_exit = sxt_of_suite_exit,
	.init = sxt_init,
	.exit = sxt_exit,
	.test_cases = sx127x_of_cases,
};

kunit_test_suites(&sx127x_suite, &sx127x_of_suite);

MODULE_DESCRIPTION("KUnit: sx127x against loom_hwsim's emulated chips");
MODULE_AUTHOR("Loom maintainers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(LOOM);
MODULE_IMPORT_NS(LOOM_HWSIM);
