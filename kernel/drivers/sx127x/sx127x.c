// SPDX-License-Identifier: GPL-2.0
/*
 * sx127x: a Loom radio on a Semtech SX1276/77/78/79 LoRa transceiver on
 * SPI (an RFM95W HAT on a Raspberry Pi, or loom_hwsim's emulated chip).
 *
 * The radio operations come from atomic context (a MAC's timer, with its
 * spinlock held); SPI sleeps.  So an operation only changes the radio's
 * logical state (the Radio layer's, counted at once), and an ordered work
 * item brings the chip to it over SPI: Sleep, continuous Receive, or a
 * frame loaded into the FIFO and sent.  The chip's DIO0 line raises an
 * interrupt at TxDone and RxDone; its threaded handler reads the flags,
 * fetches a frame with its RSSI and SNR, and reports to the layer above
 * with bottom halves off, as every radio driver does.  A TxDone that never
 * comes (a dead chip, a lost edge) ends in a timeout that resets the chip
 * and reports the frame failed; flags that will not clear reset it too.
 * Everything odd is counted (enum loom_radio_stat) and shown by
 * "loomctl radio list".
 *
 * Documentation/sx127x.rst; register facts in sx127x.h.
 */
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/gpio/consumer.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/spi/spi.h>
#include <linux/workqueue.h>

#include "../../clock.h"
#include "../../radio/radio.h"
#include "sx127x.h"

static u32 freq_hz = 868100000;
module_param(freq_hz, uint, 0444);
MODULE_PARM_DESC(freq_hz,
		 "carrier frequency when the firmware names none (Hz, default 868100000)");

/**
 * struct loom_sx_model - what one chip of the family can do
 * @name: "sx1276"
 * @freq_min: lowest carrier, Hz
 * @freq_max: highest carrier, Hz
 * @sf_max: highest spreading factor
 */
struct loom_sx_model {
	const char *name;
	u32 freq_min;
	u32 freq_max;
	u8 sf_max;
};

/* Semtech SX1276/77/78/79 datasheet, table 1. */
static const struct loom_sx_model loom_sx_models[] = {
	{ "sx1276", 137000000, 1020000000, 12 },
	{ "sx1277", 137000000, 1020000000, 9 },
	{ "sx1278", 137000000, 525000000, 12 },
	{ "sx1279", 137000000, 960000000, 12 },
};

/**
 * struct loom_sx - one chip and the radio it is
 * @radio: what the MAC sees
 * @spi: the chip's SPI device
 * @map: its registers
 * @model: which chip of the family
 * @reset: NRESET, or NULL
 * @clock_hz: its crystal
 * @pa_boost: the antenna is on PA_BOOST
 * @io: serialises SPI sequences (the work, the interrupt thread, the
 *	timeout)
 * @lock: protects what the radio operations touch: the radio's state,
 *	modulation and counters, @tx_buf, @tx_len, @tx_loaded, @params_dirty,
 *	@dead
 * @sync: brings the chip to the radio's state
 * @guard: fires when a frame's TxDone is overdue
 * @tx_buf: the frame to send
 * @tx_len: its length
 * @tx_loaded: it is in the chip, sending
 * @params_dirty: the modulation changed; the chip is not yet told
 * @need_init: a reset after a fault failed (the chip did not answer): the
 *	next sync initialises it again before anything else
 * @cad_pending: &loom_radio_ops.cad_start asked for a detection the chip
 *	is not yet doing
 * @cad_running: the chip is in CAD mode; CadDone (or the guard) ends it
 * @cad_cancelled: a state change ended a detection: cad_done owes
 *	-ECANCELED
 * @dead: being removed: operations refuse
 * @irq_ns: when the last interrupt came, on the driver's clock
 * @xmit_ns: when the frame to send was handed over (&loom_radio_ops.xmit)
 * @st: counters by enum loom_radio_stat (under @lock)
 */
struct loom_sx {
	struct loom_radio radio;
	struct spi_device *spi;
	struct regmap *map;
	const struct loom_sx_model *model;
	struct gpio_desc *reset;
	u32 clock_hz;
	bool pa_boost;
	struct mutex io;	/* see above */
	spinlock_t lock;	/* see above */
	struct work_struct sync;
	struct delayed_work guard;
	u8 tx_buf[LOOM_LORA_MAX_PAYLOAD];
	u16 tx_len;
	bool tx_loaded;
	bool params_dirty;
	bool need_init;
	bool cad_pending;
	bool cad_running;
	bool cad_cancelled;
	bool dead;
	u64 irq_ns;
	u64 xmit_ns;
	u64 st[__LOOM_RADIO_STAT_MAX];
};

static struct loom_clock loom_sx_clock;
static struct workqueue_struct *loom_sx_wq;
static DEFINE_IDA(loom_sx_ida);

static struct loom_sx *loom_sx(struct loom_radio *r)
{
	return container_of(r, struct loom_sx, radio);
}

/* Add @ns to the sum @stat and to its maximum, the next counter. */
static void loom_sx_time(struct loom_sx *sx, unsigned int stat, u64 ns)
{
	spin_lock_bh(&sx->lock);
	sx->st[stat] += ns;
	sx->st[stat + 1] = max(sx->st[stat + 1], ns);
	spin_unlock_bh(&sx->lock);
}

static void loom_sx_count(struct loom_sx *sx, unsigned int stat)
{
	spin_lock_bh(&sx->lock);
	sx->st[stat]++;
	spin_unlock_bh(&sx->lock);
}

/* --- SPI ---------------------------------------------------------------- */

static int loom_sx_read(struct loom_sx *sx, u8 reg, u8 *val)
{
	unsigned int v;
	int err = regmap_read(sx->map, reg, &v);

	loom_sx_count(sx, err ? LOOM_RADIO_STAT_SPI_ERRORS :
			  LOOM_RADIO_STAT_SPI_MESSAGES);
	*val = v;
	return err;
}

static int loom_sx_write(struct loom_sx *sx, u8 reg, u8 val)
{
	int err = regmap_write(sx->map, reg, val);

	loom_sx_count(sx, err ? LOOM_RADIO_STAT_SPI_ERRORS :
			  LOOM_RADIO_STAT_SPI_MESSAGES);
	return err;
}

static int loom_sx_fifo(struct loom_sx *sx, u8 *buf, u16 len, bool write)
{
	int err = write ? regmap_noinc_write(sx->map, LOOM_SX_REG_FIFO, buf, len) :
			  regmap_noinc_read(sx->map, LOOM_SX_REG_FIFO, buf, len);

	loom_sx_count(sx, err ? LOOM_RADIO_STAT_SPI_ERRORS :
			  LOOM_RADIO_STAT_SPI_MESSAGES);
	return err;
}

static bool loom_sx_volatile(struct device *dev, unsigned int reg)
{
	return true;
}

static bool loom_sx_noinc(struct device *dev, unsigned int reg)
{
	return reg == LOOM_SX_REG_FIFO;
}

/* No cache: the chip changes its own registers (flags, mode, FIFO). */
static const struct regmap_config loom_sx_regmap = {
	.reg_bits = 8,
	.val_bits = 8,
	.write_flag_mask = LOOM_SX_SPI_WRITE,
	.max_register = LOOM_SX_REG_LAST,
	.volatile_reg = loom_sx_volatile,
	.readable_noinc_reg = loom_sx_noinc,
	.writeable_noinc_reg = loom_sx_noinc,
	.cache_type = REGCACHE_NONE,
};

/* --- the chip ----------------------------------------------------------- */

static u8 loom_sx_opmode(const struct loom_sx *sx, u8 mode)
{
	u8 v = LOOM_SX_OPMODE_LORA | mode;

	if (sx->radio.params.freq_hz <= LOOM_SX_LF_MAX_HZ)
		v |= LOOM_SX_OPMODE_LF;
	return v;
}

static int loom_sx_mode(struct loom_sx *sx, u8 mode)
{
	return loom_sx_write(sx, LOOM_SX_REG_OPMODE, loom_sx_opmode(sx, mode));
}

/* RegPaConfig and RegPaDac for @dbm (datasheet 5.4.3). */
static void loom_sx_pa(const struct loom_sx *sx, s8 dbm, u8 *pa, u8 *dac)
{
	*dac = LOOM_SX_PA_DAC_DEFAULT;
	if (!sx->pa_boost) {
		/* RFO, Pmax 15 dBm: Pout = OutputPower. */
		*pa = LOOM_SX_PA_MAX_POWER | clamp_t(s8, dbm, 0, 14);
	} else if (dbm <= 17) {
		/* PA_BOOST: Pout = 2 + OutputPower. */
		*pa = LOOM_SX_PA_BOOST | LOOM_SX_PA_MAX_POWER |
		      (clamp_t(s8, dbm, 2, 17) - 2);
	} else {
		/* +20 dBm mode: Pout = 5 + OutputPower. */
		*dac = LOOM_SX_PA_DAC_20DBM;
		*pa = LOOM_SX_PA_BOOST | LOOM_SX_PA_MAX_POWER |
		      (min_t(s8, dbm, 20) - 5);
	}
}

static u8 loom_sx_bw_code(u32 bw_hz)
{
	static const u32 bws[] = LOOM_SX_BANDWIDTHS;
	u8 i;

	for (i = 0; i < ARRAY_SIZE(bws) - 1; i++)
		if (bws[i] == bw_hz)
			break;
	return i;
}

/* Process context, @io held: the modulation into the chip (Standby). */
static int loom_sx_configure(struct loom_sx *sx,
			     const struct loom_lora_params *p)
{
	u64 frf = div_u64((u64)p->freq_hz << 19, sx->clock_hz);
	u8 mc1, mc2, mc3, pa, dac;
	int err;

	loom_sx_pa(sx, p->tx_power_dbm, &pa, &dac);
	mc1 = loom_sx_bw_code(p->bw_hz) << LOOM_SX_MC1_BW_SHIFT |
	      (p->cr - 4) << LOOM_SX_MC1_CR_SHIFT;
	mc2 = p->sf << LOOM_SX_MC2_SF_SHIFT | (p->crc ? LOOM_SX_MC2_CRC_ON : 0);
	mc3 = LOOM_SX_MC3_AGC_AUTO | (loom_lora_ldro_on(p) ? LOOM_SX_MC3_LDRO : 0);
	err = loom_sx_mode(sx, LOOM_SX_MODE_STDBY) ?:
	      loom_sx_write(sx, LOOM_SX_REG_FRF_MSB, frf >> 16) ?:
	      loom_sx_write(sx, LOOM_SX_REG_FRF_MID, frf >> 8) ?:
	      loom_sx_write(sx, LOOM_SX_REG_FRF_LSB, frf) ?:
	      loom_sx_write(sx, LOOM_SX_REG_PA_CONFIG, pa) ?:
	      loom_sx_write(sx, LOOM_SX_REG_PA_DAC, dac) ?:
	      loom_sx_write(sx, LOOM_SX_REG_MODEM_CONFIG1, mc1) ?:
	      loom_sx_write(sx, LOOM_SX_REG_MODEM_CONFIG2, mc2) ?:
	      loom_sx_write(sx, LOOM_SX_REG_MODEM_CONFIG3, mc3) ?:
	      loom_sx_write(sx, LOOM_SX_REG_PREAMBLE_MSB, p->preamble >> 8) ?:
	      loom_sx_write(sx, LOOM_SX_REG_PREAMBLE_LSB, p->preamble & 0xff) ?:
	      loom_sx_write(sx, LOOM_SX_REG_MAX_PAYLOAD, LOOM_LORA_MAX_PAYLOAD) ?:
	      loom_sx_write(sx, LOOM_SX_REG_FIFO_TX_BASE, 0) ?:
	      loom_sx_write(sx, LOOM_SX_REG_FIFO_RX_BASE, 0) ?:
	      loom_sx_write(sx, LOOM_SX_REG_IRQ_FLAGS_MASK, 0) ?:
	      loom_sx_write(sx, LOOM_SX_REG_IRQ_FLAGS, 0xff);
	return err;
}

/*
 * Process context, @io held: reset the chip if it can be, check what it
 * is, put it in LoRa mode with the radio's modulation, in Sleep.  @why,
 * if not NULL, says what went wrong (for probe's message).
 */
static int loom_sx_init_chip(struct loom_sx *sx, const char **why, u8 *ver)
{
	struct loom_lora_params p;
	u8 mode;
	int err;

	if (sx->reset) {
		gpiod_set_value_cansleep(sx->reset, 1);
		usleep_range(100, 200);
		gpiod_set_value_cansleep(sx->reset, 0);
		/* The chip is ready 5 ms after NRESET rises (datasheet 7.2). */
		usleep_range(5000, 6000);
	}
	*why = "SPI error reading RegVersion";
	err = loom_sx_read(sx, LOOM_SX_REG_VERSION, ver);
	if (err)
		return err;
	if (*ver != LOOM_SX_VERSION) {
		if (*ver == LOOM_SX_VERSION_SX1272)
			*why = "an SX1272/73 (RegVersion 0x22), which this driver does not drive";
		else if (*ver == 0x00 || *ver == 0xff)
			*why = "no chip answers (check wiring, chip select and power)";
		else
			*why = "not an SX1276/77/78/79";
		return -ENODEV;
	}
	spin_lock_bh(&sx->lock);
	p = sx->radio.params;
	sx->params_dirty = false;
	spin_unlock_bh(&sx->lock);
	/* LongRangeMode changes in Sleep only. */
	*why = "SPI error entering LoRa mode";
	err = loom_sx_write(sx, LOOM_SX_REG_OPMODE, 0) ?:
	      loom_sx_mode(sx, LOOM_SX_MODE_SLEEP) ?:
	      loom_sx_read(sx, LOOM_SX_REG_OPMODE, &mode);
	if (err)
		return err;
	if (!(mode & LOOM_SX_OPMODE_LORA)) {
		*why = "the chip does not enter LoRa mode";
		return -EIO;
	}
	*why = "SPI error configuring the modem";
	err = loom_sx_configure(sx, &p) ?: loom_sx_mode(sx, LOOM_SX_MODE_SLEEP);
	return err;
}

/* --- reporting to the layer above ---------------------------------------- */

/* Process context: what the upper layer expects, bottom halves off. */
static void loom_sx_report(struct loom_sx *sx, u8 from, u8 to, bool changed,
			   bool tx_end, int status)
{
	local_bh_disable();
	rcu_read_lock();
	if (changed)
		loom_radio_state_changed(&sx->radio, from, to);
	if (tx_end)
		loom_radio_tx_done(&sx->radio, status);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * Process context, @io held: the frame in flight is over (@status 0:
 * TxDone).  Back in Receive, the chip told by the sync work.
 */
static void loom_sx_tx_end(struct loom_sx *sx, int status)
{
	bool changed;

	spin_lock_bh(&sx->lock);
	if (!sx->tx_loaded) {
		spin_unlock_bh(&sx->lock);
		return;
	}
	sx->tx_loaded = false;
	changed = !loom_radio_acct_enter(&sx->radio.acct, LOOM_RADIO_RECEIVE,
					 loom_clock_now(&loom_sx_clock));
	if (!status)
		sx->radio.stats.tx_frames++;
	if (!sx->dead)
		queue_work(loom_sx_wq, &sx->sync);
	spin_unlock_bh(&sx->lock);
	cancel_delayed_work(&sx->guard);
	loom_sx_report(sx, LOOM_RADIO_TRANSMIT, LOOM_RADIO_RECEIVE, changed,
		       true, status);
}

/* Process context: what the layer above is owed of a detection. */
static void loom_sx_cad_report(struct loom_sx *sx, int result)
{
	local_bh_disable();
	rcu_read_lock();
	loom_radio_cad_done(&sx->radio, result);
	rcu_read_unlock();
	local_bh_enable();
}

/* Process context: the chip's CAD is over (CadDone, or the guard). */
static void loom_sx_cad_end(struct loom_sx *sx, int result)
{
	spin_lock_bh(&sx->lock);
	if (!sx->cad_running) {
		spin_unlock_bh(&sx->lock);
		return;
	}
	sx->cad_running = false;
	sx->st[LOOM_RADIO_STAT_CAD]++;
	if (result > 0)
		sx->st[LOOM_RADIO_STAT_CAD_BUSY]++;
	/* The chip is in Standby after CAD: back to listening. */
	if (!sx->dead)
		queue_work(loom_sx_wq, &sx->sync);
	spin_unlock_bh(&sx->lock);
	cancel_delayed_work(&sx->guard);
	loom_sx_cad_report(sx, result);
}

/* Process context, @io held: reset and reconfigure after a fault. */
static void loom_sx_recover(struct loom_sx *sx)
{
	const char *why;
	u8 ver;

	bool failed;

	loom_sx_count(sx, LOOM_RADIO_STAT_RESETS);
	failed = loom_sx_init_chip(sx, &why, &ver);
	if (failed)
		dev_warn_ratelimited(&sx->spi->dev,
				     "reset failed: %s; trying again at the next operation\n",
				     why);
	spin_lock_bh(&sx->lock);
	sx->need_init = failed;
	if (!sx->dead)
		queue_work(loom_sx_wq, &sx->sync);
	spin_unlock_bh(&sx->lock);
}

/*
 * Process context, @io held: is the chip initialised?  After a failed
 * reset it is tried again here, so a chip that comes back (power, a loose
 * wire) is driven again from the radio's next operation on.
 */
static bool loom_sx_ready(struct loom_sx *sx)
{
	const char *why;
	bool need;
	u8 ver;

	spin_lock_bh(&sx->lock);
	need = sx->need_init;
	spin_unlock_bh(&sx->lock);
	if (!need)
		return true;
	if (loom_sx_init_chip(sx, &why, &ver)) {
		dev_warn_ratelimited(&sx->spi->dev, "chip still not ready: %s\n",
				     why);
		return false;
	}
	spin_lock_bh(&sx->lock);
	sx->need_init = false;
	spin_unlock_bh(&sx->lock);
	dev_info(&sx->spi->dev, "chip initialised again (RegVersion 0x%02x)\n",
		 ver);
	return true;
}

/* --- the work: the chip follows the radio's state -------------------------- */

static void loom_sx_sync(struct work_struct *w)
{
	struct loom_sx *sx = container_of(w, struct loom_sx, sync);
	struct loom_lora_params p;
	u8 buf[LOOM_LORA_MAX_PAYLOAD];
	bool dirty, send = false, cad = false, cancelled;
	u64 xmit_ns = 0;
	u16 len = 0;
	u8 state;
	int err = 0;

	mutex_lock(&sx->io);
	spin_lock_bh(&sx->lock);
	if (sx->dead) {
		spin_unlock_bh(&sx->lock);
		mutex_unlock(&sx->io);
		return;
	}
	state = sx->radio.acct.state;
	dirty = sx->params_dirty;
	sx->params_dirty = false;
	p = sx->radio.params;
	if (state == LOOM_RADIO_TRANSMIT && !sx->tx_loaded) {
		len = sx->tx_len;
		xmit_ns = sx->xmit_ns;
		memcpy(buf, sx->tx_buf, len);
		sx->tx_loaded = true;
		send = true;
	}
	if (state == LOOM_RADIO_RECEIVE && sx->cad_pending && !sx->tx_loaded) {
		sx->cad_pending = false;
		sx->cad_running = true;
		cad = true;
	}
	cancelled = sx->cad_cancelled;
	sx->cad_cancelled = false;
	spin_unlock_bh(&sx->lock);
	if (cancelled)
		loom_sx_cad_report(sx, -ECANCELED);

	if (!loom_sx_ready(sx)) {
		/* Nothing reaches a chip that is not there: the frame fails. */
		mutex_unlock(&sx->io);
		if (send)
			loom_sx_tx_end(sx, -EIO);
		if (cad)
			loom_sx_cad_end(sx, -EIO);
		return;
	}
	if (dirty)
		err = loom_sx_configure(sx, &p);
	if (err) {
		spin_lock_bh(&sx->lock);
		sx->params_dirty = true;
		spin_unlock_bh(&sx->lock);
	}
	if (send) {
		u64 air = loom_lora_airtime_ns(&p, len);

		err = err ?: loom_sx_mode(sx, LOOM_SX_MODE_STDBY) ?:
		      loom_sx_write(sx, LOOM_SX_REG_DIO_MAPPING1,
				    LOOM_SX_DIO0_TX_DONE) ?:
		      loom_sx_write(sx, LOOM_SX_REG_FIFO_ADDR_PTR, 0) ?:
		      loom_sx_fifo(sx, buf, len, true) ?:
		      loom_sx_write(sx, LOOM_SX_REG_PAYLOAD_LENGTH, len) ?:
		      loom_sx_write(sx, LOOM_SX_REG_IRQ_FLAGS, 0xff) ?:
		      loom_sx_mode(sx, LOOM_SX_MODE_TX);
		if (err) {
			loom_sx_tx_end(sx, -EIO);
		} else {
			loom_sx_time(sx, LOOM_RADIO_STAT_TX_START_NS,
				     loom_clock_now(&loom_sx_clock) - xmit_ns);
			/* Twice the time on air and 100 ms, then it is lost. */
			queue_delayed_work(loom_sx_wq, &sx->guard,
					   nsecs_to_jiffies(2 * air) + HZ / 10);
		}
	} else if (cad) {
		/* CadDone on DIO0; CadDetected tells (datasheet 4.1.6). */
		err = err ?: loom_sx_mode(sx, LOOM_SX_MODE_STDBY) ?:
		      loom_sx_write(sx, LOOM_SX_REG_DIO_MAPPING1,
				    LOOM_SX_DIO0_CAD_DONE) ?:
		      loom_sx_write(sx, LOOM_SX_REG_IRQ_FLAGS, 0xff) ?:
		      loom_sx_mode(sx, LOOM_SX_MODE_CAD);
		if (err)
			loom_sx_cad_end(sx, -EIO);
		else
			/* A few symbols; four and 100 ms, then it is lost. */
			queue_delayed_work(loom_sx_wq, &sx->guard,
					   nsecs_to_jiffies(4 * loom_lora_symbol_ns(&p)) +
					   HZ / 10);
	} else if (state == LOOM_RADIO_RECEIVE) {
		err = loom_sx_write(sx, LOOM_SX_REG_DIO_MAPPING1,
				    LOOM_SX_DIO0_RX_DONE) ?:
		      loom_sx_write(sx, LOOM_SX_REG_FIFO_ADDR_PTR, 0) ?:
		      loom_sx_mode(sx, LOOM_SX_MODE_RXCONT);
	} else if (state != LOOM_RADIO_TRANSMIT) {
		err = loom_sx_mode(sx, LOOM_SX_MODE_SLEEP);
	}
	mutex_unlock(&sx->io);
	if (err)
		dev_warn_ratelimited(&sx->spi->dev,
				     "chip not brought to %s: error %d\n",
				     loom_radio_state_name(state), err);
}

static void loom_sx_guard(struct work_struct *w)
{
	struct loom_sx *sx = container_of(w, struct loom_sx, guard.work);
	bool late, late_cad;

	mutex_lock(&sx->io);
	spin_lock_bh(&sx->lock);
	late = sx->tx_loaded && !sx->dead;
	late_cad = sx->cad_running && !sx->dead;
	if (late)
		sx->st[LOOM_RADIO_STAT_TX_TIMEOUTS]++;
	if (late_cad)
		sx->st[LOOM_RADIO_STAT_CAD_TIMEOUTS]++;
	spin_unlock_bh(&sx->lock);
	if (late || late_cad) {
		dev_warn_ratelimited(&sx->spi->dev,
				     "no %s from the chip: resetting it\n",
				     late ? "TxDone" : "CadDone");
		loom_sx_recover(sx);
	}
	if (late)
		loom_sx_tx_end(sx, -ETIMEDOUT);
	if (late_cad)
		loom_sx_cad_end(sx, -ETIMEDOUT);
	mutex_unlock(&sx->io);
}

/* --- the interrupt ------------------------------------------------------- */

static irqreturn_t loom_sx_hardirq(int irq, void *priv)
{
	struct loom_sx *sx = priv;

	WRITE_ONCE(sx->irq_ns, loom_clock_now(&loom_sx_clock));
	return IRQ_WAKE_THREAD;
}

/* Process context, @io held: a frame is in the FIFO. */
static void loom_sx_rx(struct loom_sx *sx, u8 flags)
{
	struct loom_radio_rx_info info = {
		.timestamp_ns = READ_ONCE(sx->irq_ns),
	};
	u8 buf[LOOM_LORA_MAX_PAYLOAD], len, at, rssi, snr_raw;
	bool listening;
	s8 snr;
	int dbm;

	if (flags & LOOM_SX_IRQ_CRC_ERROR) {
		loom_sx_count(sx, LOOM_RADIO_STAT_RX_CRC_ERRORS);
		return;
	}
	if (loom_sx_read(sx, LOOM_SX_REG_RX_NB_BYTES, &len) ||
	    loom_sx_read(sx, LOOM_SX_REG_FIFO_RX_CURRENT, &at) ||
	    loom_sx_read(sx, LOOM_SX_REG_PKT_SNR, &snr_raw) ||
	    loom_sx_read(sx, LOOM_SX_REG_PKT_RSSI, &rssi) ||
	    loom_sx_write(sx, LOOM_SX_REG_FIFO_ADDR_PTR, at) ||
	    (len && loom_sx_fifo(sx, buf, len, false)))
		return;
	snr = (s8)snr_raw;
	dbm = (sx->radio.params.freq_hz > LOOM_SX_LF_MAX_HZ ?
	       LOOM_SX_RSSI_OFFSET_HF : LOOM_SX_RSSI_OFFSET_LF) + rssi;
	if (snr < 0)
		dbm += snr / 4;
	info.rssi_mdbm = dbm * 1000;
	info.snr_mdb = snr * 250;

	spin_lock_bh(&sx->lock);
	listening = sx->radio.acct.state == LOOM_RADIO_RECEIVE;
	if (!listening)
		sx->radio.stats.rx_deaf++;
	else if (len)
		sx->radio.stats.rx_frames++;
	spin_unlock_bh(&sx->lock);
	if (!listening || !len)
		return;
	loom_sx_time(sx, LOOM_RADIO_STAT_RX_IRQ_NS,
		     loom_clock_now(&loom_sx_clock) - info.timestamp_ns);
	local_bh_disable();
	rcu_read_lock();
	loom_radio_deliver(&sx->radio, buf, len, &info);
	rcu_read_unlock();
	local_bh_enable();
}

static irqreturn_t loom_sx_thread(int irq, void *priv)
{
	struct loom_sx *sx = priv;
	u8 flags, left;
	bool sending, cad;

	mutex_lock(&sx->io);
	loom_sx_count(sx, LOOM_RADIO_STAT_IRQ);
	if (loom_sx_read(sx, LOOM_SX_REG_IRQ_FLAGS, &flags))
		goto out;
	if (!flags) {
		loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_SPURIOUS);
		goto out;
	}
	if (loom_sx_write(sx, LOOM_SX_REG_IRQ_FLAGS, flags) ||
	    loom_sx_read(sx, LOOM_SX_REG_IRQ_FLAGS, &left))
		goto out;
	spin_lock_bh(&sx->lock);
	sending = sx->tx_loaded;
	spin_unlock_bh(&sx->lock);

	if (flags & LOOM_SX_IRQ_TX_DONE) {
		if (sending)
			loom_sx_tx_end(sx, 0);
		else
			loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_UNEXPECTED);
	}
	if (flags & LOOM_SX_IRQ_RX_DONE) {
		if (!sending)
			loom_sx_rx(sx, flags);
		else
			loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_UNEXPECTED);
	}
	if (flags & LOOM_SX_IRQ_CAD_DONE) {
		spin_lock_bh(&sx->lock);
		cad = sx->cad_running;
		spin_unlock_bh(&sx->lock);
		if (cad)
			loom_sx_cad_end(sx, !!(flags & LOOM_SX_IRQ_CAD_DETECTED));
		else
			loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_UNEXPECTED);
	}
	if (!(flags & (LOOM_SX_IRQ_TX_DONE | LOOM_SX_IRQ_RX_DONE |
		       LOOM_SX_IRQ_CAD_DONE)))
		loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_UNEXPECTED);
	/* Flags that outlive their clearing would hold DIO0 high for good. */
	if (left & flags) {
		loom_sx_count(sx, LOOM_RADIO_STAT_IRQ_STUCK);
		dev_warn_ratelimited(&sx->spi->dev,
				     "interrupt flags 0x%02x do not clear: resetting the chip\n",
				     left & flags);
		loom_sx_recover(sx);
	}
out:
	mutex_unlock(&sx->io);
	return IRQ_HANDLED;
}

/* --- the radio operations (atomic context) ------------------------------- */

static int loom_sx_set_state(struct loom_radio *r, u8 to)
{
	struct loom_sx *sx = loom_sx(r);
	u8 from;
	int err;

	/* Transmit is entered by xmit and left by TxDone only. */
	if (to == LOOM_RADIO_TRANSMIT)
		return -EINVAL;
	spin_lock_bh(&sx->lock);
	from = r->acct.state;
	if (sx->dead)
		err = -ENODEV;
	else if (from == LOOM_RADIO_TRANSMIT)
		err = -EBUSY;
	else
		err = loom_radio_acct_enter(&r->acct, to,
					    loom_clock_now(&loom_sx_clock));
	/* A detection under way ends; the sync tells the layer above. */
	if (!err && (sx->cad_pending || sx->cad_running)) {
		sx->cad_pending = false;
		sx->cad_running = false;
		sx->cad_cancelled = true;
	}
	/* Under the lock: loom_sx_stop() cannot have passed meanwhile. */
	if (!err)
		queue_work(loom_sx_wq, &sx->sync);
	spin_unlock_bh(&sx->lock);
	if (err)
		return err;
	rcu_read_lock();
	loom_radio_state_changed(r, from, to);
	rcu_read_unlock();
	return 0;
}

static int loom_sx_xmit(struct loom_radio *r, const u8 *frame, u16 len)
{
	struct loom_sx *sx = loom_sx(r);
	int err;

	if (!len || len > r->max_frame)
		return -EMSGSIZE;
	spin_lock_bh(&sx->lock);
	if (sx->dead) {
		err = -ENODEV;
	} else if (r->acct.state != LOOM_RADIO_RECEIVE || sx->cad_pending ||
		   sx->cad_running || sx->cad_cancelled) {
		err = -EBUSY;
	} else {
		err = loom_radio_acct_enter(&r->acct, LOOM_RADIO_TRANSMIT,
					    loom_clock_now(&loom_sx_clock));
	}
	if (!err) {
		memcpy(sx->tx_buf, frame, len);
		sx->tx_len = len;
		sx->xmit_ns = r->acct.since_ns;
		queue_work(loom_sx_wq, &sx->sync);
	}
	spin_unlock_bh(&sx->lock);
	if (err)
		return err;
	rcu_read_lock();
	loom_radio_state_changed(r, LOOM_RADIO_RECEIVE, LOOM_RADIO_TRANSMIT);
	rcu_read_unlock();
	return 0;
}

static int loom_sx_cad_start(struct loom_radio *r)
{
	struct loom_sx *sx = loom_sx(r);
	int err = 0;

	spin_lock_bh(&sx->lock);
	if (sx->dead)
		err = -ENODEV;
	else if (r->acct.state != LOOM_RADIO_RECEIVE || sx->cad_pending ||
		 sx->cad_running || sx->cad_cancelled)
		err = -EBUSY;
	else
		sx->cad_pending = true;
	if (!err)
		queue_work(loom_sx_wq, &sx->sync);
	spin_unlock_bh(&sx->lock);
	return err;
}

/* Can this chip, so wired, use @p?  0 or -EINVAL/-ERANGE/-EOPNOTSUPP. */
static int loom_sx_params_ok(const struct loom_sx *sx,
			     const struct loom_lora_params *p)
{
	int err = loom_lora_params_check(p);

	if (err)
		return err;
	/* SF6 needs implicit-header mode, SF5 is the SX126x's. */
	if (p->sf < 7 || p->sf > sx->model->sf_max)
		return -EINVAL;
	if (p->implicit_header)
		return -EOPNOTSUPP;
	if (p->freq_hz < sx->model->freq_min || p->freq_hz > sx->model->freq_max)
		return -ERANGE;
	if (p->tx_power_dbm > (sx->pa_boost ? 20 : 14) ||
	    p->tx_power_dbm < (sx->pa_boost ? 2 : 0))
		return -ERANGE;
	return 0;
}

static int loom_sx_set_params(struct loom_radio *r,
			      const struct loom_lora_params *p)
{
	struct loom_sx *sx = loom_sx(r);
	int err = loom_sx_params_ok(sx, p);

	if (err)
		return err;
	spin_lock_bh(&sx->lock);
	if (sx->dead) {
		err = -ENODEV;
	} else if (r->acct.state == LOOM_RADIO_TRANSMIT) {
		err = -EBUSY;
	} else {
		r->params = *p;
		sx->params_dirty = true;
		queue_work(loom_sx_wq, &sx->sync);
	}
	spin_unlock_bh(&sx->lock);
	return err;
}

static void loom_sx_get_info(const struct loom_radio *r,
			     struct loom_radio_info *info)
{
	struct loom_sx *sx = container_of(r, struct loom_sx, radio);

	spin_lock_bh(&sx->lock);
	memcpy(info->stats, sx->st, sizeof(info->stats));
	info->stats[LOOM_RADIO_STAT_TX_FRAMES] = r->stats.tx_frames;
	info->stats[LOOM_RADIO_STAT_RX_FRAMES] = r->stats.rx_frames;
	info->stats[LOOM_RADIO_STAT_RX_DEAF] = r->stats.rx_deaf;
	loom_radio_acct_read(&r->acct, loom_clock_now(&loom_sx_clock),
			     info->time_ns);
	info->carrier = !sx->dead;
	spin_unlock_bh(&sx->lock);
	info->has_stats = true;
	info->has_time = true;
}

static const struct loom_radio_ops loom_sx_ops = {
	.set_state = loom_sx_set_state,
	.xmit = loom_sx_xmit,
	.cad_start = loom_sx_cad_start,
	.set_params = loom_sx_set_params,
	.get_info = loom_sx_get_info,
};

/* --- probe and remove ---------------------------------------------------- */

/* The firmware's modulation, module defaults where it names none. */
static int loom_sx_props(struct loom_sx *sx, struct device *dev)
{
	struct loom_lora_params *p = &sx->radio.params;
	u32 v;
	int err;

	loom_lora_params_default(p);
	p->freq_hz = freq_hz;
	sx->clock_hz = 32000000;
	device_property_read_u32(dev, "clock-frequency", &sx->clock_hz);
	if (sx->clock_hz < 1000000 || sx->clock_hz > 64000000) {
		dev_err(dev, "clock-frequency %u Hz is not a crystal the chip takes\n",
			sx->clock_hz);
		return -EINVAL;
	}
	device_property_read_u32(dev, "semtech,frequency-hz", &p->freq_hz);
	if (!device_property_read_u32(dev, "semtech,spreading-factor", &v))
		p->sf = min_t(u32, v, U8_MAX);
	device_property_read_u32(dev, "semtech,bandwidth-hz", &p->bw_hz);
	if (!device_property_read_u32(dev, "semtech,coding-rate", &v))
		p->cr = min_t(u32, v, U8_MAX);
	sx->pa_boost = device_property_read_bool(dev, "semtech,pa-boost");
	if (!device_property_read_u32(dev, "semtech,tx-power-dbm", &v))
		p->tx_power_dbm = min_t(u32, v, S8_MAX);
	else
		p->tx_power_dbm = 14;
	err = loom_sx_params_ok(sx, p);
	if (err)
		dev_err(dev,
			"modulation not usable on an %s so wired: %u Hz, SF%u, %u Hz, 4/%u, %d dBm%s (error %d)\n",
			sx->model->name, p->freq_hz, p->sf, p->bw_hz, p->cr,
			p->tx_power_dbm, sx->pa_boost ? " on PA_BOOST" : "",
			err);
	return err;
}

/* The interrupt is gone: stop the work, the chip to Sleep. */
static void loom_sx_stop(struct loom_sx *sx)
{
	spin_lock_bh(&sx->lock);
	sx->dead = true;
	spin_unlock_bh(&sx->lock);
	/* The guard sees @dead and queues nothing; then the sync goes. */
	cancel_delayed_work_sync(&sx->guard);
	cancel_work_sync(&sx->sync);
	mutex_lock(&sx->io);
	loom_sx_write(sx, LOOM_SX_REG_OPMODE,
		      loom_sx_opmode(sx, LOOM_SX_MODE_SLEEP));
	mutex_unlock(&sx->io);
}

static const struct loom_sx_model *loom_sx_model_of(struct spi_device *spi)
{
	const void *data = device_get_match_data(&spi->dev);
	const struct spi_device_id *id;

	if (data)
		return data;
	id = spi_get_device_id(spi);
	return id ? (const struct loom_sx_model *)id->driver_data :
		    &loom_sx_models[0];
}

static int loom_sx_probe(struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	const char *why;
	struct loom_sx *sx;
	int id, err;
	u8 ver;

	if (spi->irq <= 0)
		return dev_err_probe(dev, -EINVAL,
				     "no DIO0 interrupt (interrupts, interrupt-names \"dio0\")\n");
	sx = devm_kzalloc(dev, sizeof(*sx), GFP_KERNEL);
	if (!sx)
		return -ENOMEM;
	sx->spi = spi;
	sx->model = loom_sx_model_of(spi);
	mutex_init(&sx->io);
	spin_lock_init(&sx->lock);
	INIT_WORK(&sx->sync, loom_sx_sync);
	INIT_DELAYED_WORK(&sx->guard, loom_sx_guard);
	err = loom_sx_props(sx, dev);
	if (err)
		return err;
	sx->map = devm_regmap_init_spi(spi, &loom_sx_regmap);
	if (IS_ERR(sx->map))
		return dev_err_probe(dev, PTR_ERR(sx->map), "regmap\n");
	sx->reset = devm_gpiod_get_optional(dev, "reset", GPIOD_OUT_LOW);
	if (IS_ERR(sx->reset))
		return dev_err_probe(dev, PTR_ERR(sx->reset), "reset GPIO\n");

	mutex_lock(&sx->io);
	err = loom_sx_init_chip(sx, &why, &ver);
	mutex_unlock(&sx->io);
	if (err)
		return dev_err_probe(dev, err, "%s: RegVersion 0x%02x\n", why,
				     ver);

	sx->radio.ops = &loom_sx_ops;
	sx->radio.kind = LOOM_RADIO_KIND_SX127X;
	sx->radio.max_frame = LOOM_LORA_MAX_PAYLOAD;
	INIT_LIST_HEAD(&sx->radio.taps);
	loom_radio_acct_init(&sx->radio.acct, loom_clock_now(&loom_sx_clock));
	if (device_get_mac_address(dev, sx->radio.hwaddr))
		eth_random_addr(sx->radio.hwaddr);

	/* Freed in remove before the work stops, not by devres after. */
	err = request_threaded_irq(spi->irq, loom_sx_hardirq, loom_sx_thread,
				   IRQF_ONESHOT, dev_name(dev), sx);
	if (err)
		return dev_err_probe(dev, err, "DIO0 interrupt %d\n", spi->irq);

	id = ida_alloc(&loom_sx_ida, GFP_KERNEL);
	if (id < 0) {
		err = id;
		goto fail_irq;
	}
	sx->radio.id = id;
	snprintf(sx->radio.name, sizeof(sx->radio.name), "sx127x%d", id);
	err = loom_radio_register(&sx->radio, &init_net, &loom_sx_clock);
	if (err) {
		ida_free(&loom_sx_ida, id);
		dev_err(dev, "radio %s: error %d\n", sx->radio.name, err);
		goto fail_irq;
	}
	spi_set_drvdata(spi, sx);
	dev_info(dev, "%s (RegVersion 0x%02x) is radio %s: %u Hz, SF%u, %u Hz, %d dBm%s\n",
		 sx->model->name, ver, sx->radio.name, sx->radio.params.freq_hz,
		 sx->radio.params.sf, sx->radio.params.bw_hz,
		 sx->radio.params.tx_power_dbm,
		 sx->pa_boost ? " (PA_BOOST)" : "");
	return 0;

fail_irq:
	free_irq(spi->irq, sx);
	loom_sx_stop(sx);
	return err;
}

static void loom_sx_remove(struct spi_device *spi)
{
	struct loom_sx *sx = spi_get_drvdata(spi);

	/* A node running on it stops; its frames end with it. */
	loom_radio_unregister(&sx->radio);
	free_irq(spi->irq, sx);
	loom_sx_stop(sx);
	ida_free(&loom_sx_ida, sx->radio.id);
}

static const struct of_device_id loom_sx_of_match[] = {
	{ .compatible = "semtech,sx1276", .data = &loom_sx_models[0] },
	{ .compatible = "semtech,sx1277", .data = &loom_sx_models[1] },
	{ .compatible = "semtech,sx1278", .data = &loom_sx_models[2] },
	{ .compatible = "semtech,sx1279", .data = &loom_sx_models[3] },
	{ }
};
MODULE_DEVICE_TABLE(of, loom_sx_of_match);

static const struct spi_device_id loom_sx_ids[] = {
	{ "sx1276", (kernel_ulong_t)&loom_sx_models[0] },
	{ "sx1277", (kernel_ulong_t)&loom_sx_models[1] },
	{ "sx1278", (kernel_ulong_t)&loom_sx_models[2] },
	{ "sx1279", (kernel_ulong_t)&loom_sx_models[3] },
	{ }
};
MODULE_DEVICE_TABLE(spi, loom_sx_ids);

static struct spi_driver loom_sx_driver = {
	.driver = {
		.name = "sx127x",
		.of_match_table = loom_sx_of_match,
	},
	.probe = loom_sx_probe,
	.remove = loom_sx_remove,
	.id_table = loom_sx_ids,
};

static int __init loom_sx_init(void)
{
	int err;

	loom_clock_init(&loom_sx_clock, LOOM_CLOCK_REAL);
	loom_sx_wq = alloc_workqueue("loom_sx127x", WQ_HIGHPRI, 0);
	if (!loom_sx_wq)
		return -ENOMEM;
	err = spi_register_driver(&loom_sx_driver);
	if (err)
		destroy_workqueue(loom_sx_wq);
	return err;
}
module_init(loom_sx_init);

static void __exit loom_sx_exit(void)
{
	spi_unregister_driver(&loom_sx_driver);
	destroy_workqueue(loom_sx_wq);
}
module_exit(loom_sx_exit);

MODULE_DESCRIPTION("Loom radio on Semtech SX1276/77/78/79 LoRa transceivers");
MODULE_AUTHOR("Loom maintainers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(LOOM);
