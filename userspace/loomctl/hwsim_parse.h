/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "loomctl hwsim": the values people type and read, and the structures
 * the commands fill.  Pure C, no netlink, so the unit tests take every
 * corner of it directly.
 *
 * Numbers are exact: a decimal such as "868.1" (MHz) or "-80.5" (dBm) is
 * read digit by digit into the integer unit of the uapi (Hz, milli-dBm),
 * never through a double.  A value with more decimals than the unit
 * holds is refused, unless they are zeros.
 */
#ifndef _LOOMCTL_HWSIM_PARSE_H
#define _LOOMCTL_HWSIM_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/loom.h>
#include <linux/loom_hwsim.h>

/* Longest message of a parser: 'KEYWORD "VALUE": reason'. */
#define HWSIM_ERR_MAX		512

#define HWSIM_NSEC_PER_MSEC	1000000ULL
#define HWSIM_NSEC_PER_SEC	1000000000ULL

/* The kernel's limits, from uapi/linux/loom_hwsim.h. */
#define HWSIM_FREQ_MIN_HZ	LOOM_HWSIM_FREQ_MIN_HZ
#define HWSIM_FREQ_MAX_HZ	LOOM_HWSIM_FREQ_MAX_HZ
#define HWSIM_SF_MIN		LOOM_HWSIM_SF_MIN
#define HWSIM_SF_MAX		LOOM_HWSIM_SF_MAX
#define HWSIM_CR_MIN		LOOM_HWSIM_CR_MIN
#define HWSIM_CR_MAX		LOOM_HWSIM_CR_MAX
#define HWSIM_POWER_MIN_DBM	LOOM_HWSIM_TX_POWER_MIN_DBM
#define HWSIM_POWER_MAX_DBM	LOOM_HWSIM_TX_POWER_MAX_DBM
#define HWSIM_PREAMBLE_MIN	LOOM_HWSIM_PREAMBLE_MIN
#define HWSIM_RSSI_MIN_MDBM	LOOM_HWSIM_RSSI_MIN_MDBM
#define HWSIM_RSSI_MAX_MDBM	LOOM_HWSIM_RSSI_MAX_MDBM
#define HWSIM_SNR_MIN_MDB	LOOM_HWSIM_SNR_MIN_MDB
#define HWSIM_SNR_MAX_MDB	LOOM_HWSIM_SNR_MAX_MDB
#define HWSIM_LOSS_MAX_PPM	LOOM_HWSIM_LOSS_MAX_PPM
#define HWSIM_EXPONENT_MIN	LOOM_HWSIM_EXPONENT_MIN
#define HWSIM_EXPONENT_MAX	LOOM_HWSIM_EXPONENT_MAX
#define HWSIM_GEN_LEN_MAX	LOOM_HWSIM_GEN_LEN_MAX
#define HWSIM_GAP_MAX_NS	LOOM_HWSIM_GEN_GAP_MAX_NS
#define HWSIM_REF_LOSS_MAX_MDB	LOOM_HWSIM_REF_LOSS_MAX_MDB
#define HWSIM_SIGMA_MAX_MDB	LOOM_HWSIM_SIGMA_MAX_MDB
#define HWSIM_RUN_MAX_NS	LOOM_HWSIM_RUN_MAX_NS

/**
 * struct hwsim_pos - a position, millimetres (LOOM_HWSIM_POS_*)
 * @x: east
 * @y: north
 * @z: up
 */
struct hwsim_pos {
	int32_t x, y, z;
};

/* Bits of struct hwsim_settings.set: which settings were given. */
enum {
	HWSIM_SET_STATE		= 1 << 0,
	HWSIM_SET_FREQ		= 1 << 1,
	HWSIM_SET_BW		= 1 << 2,
	HWSIM_SET_SF		= 1 << 3,
	HWSIM_SET_CR		= 1 << 4,
	HWSIM_SET_POWER		= 1 << 5,
	HWSIM_SET_PREAMBLE	= 1 << 6,
	HWSIM_SET_POS		= 1 << 7,	/* @pos, or @pos_clear */
	HWSIM_SET_GEN_LEN	= 1 << 8,
	HWSIM_SET_GEN_GAP	= 1 << 9,
	/* Bit 10 is "owned", which is not a setting. */
	HWSIM_SET_KIND		= 1 << 11,	/* radio add only */
	HWSIM_SET_VERSION	= 1 << 12,	/* radio add of a chip only */
	HWSIM_SET_FAULT		= 1 << 13,	/* radio set of a chip only */
};

/**
 * struct hwsim_settings - what RADIO_NEW and RADIO_SET carry
 * @set: HWSIM_SET_* bits of the fields below that were given
 * @state: enum loom_radio_state
 * @freq_hz: carrier
 * @bw_hz: bandwidth
 * @sf: spreading factor
 * @cr: coding rate denominator (5 for 4/5)
 * @tx_power_dbm: transmit power
 * @preamble: preamble symbols
 * @pos: position, unless @pos_clear
 * @pos_clear: forget the position (an empty LOOM_HWSIM_ATTR_POS)
 * @gen_len: generator frame length, bytes; 0 stops it
 * @gen_gap_ns: generator gap
 * @kind: enum loom_hwsim_kind ("chip sx1276")
 * @version: an emulated chip's RegVersion
 * @fault: enum loom_hwsim_fault
 */
struct hwsim_settings {
	unsigned int set;
	uint8_t state;
	uint32_t freq_hz;
	uint32_t bw_hz;
	uint8_t sf;
	uint8_t cr;
	int32_t tx_power_dbm;
	uint16_t preamble;
	struct hwsim_pos pos;
	bool pos_clear;
	uint16_t gen_len;
	uint64_t gen_gap_ns;
	uint8_t kind;
	uint8_t version;
	uint8_t fault;
};

/**
 * struct hwsim_edge_args - EDGE_SET's values after FROM and TO
 * @rssi_mdbm: received power
 * @snr_mdb: signal to noise ratio, if @has_snr
 * @has_snr: "snr" was given (else the kernel derives it)
 * @loss_ppm: random loss, if @has_loss
 * @has_loss: "loss" was given
 * @both: the reverse edge too
 */
struct hwsim_edge_args {
	int32_t rssi_mdbm;
	int32_t snr_mdb;
	bool has_snr;
	uint32_t loss_ppm;
	bool has_loss;
	bool both;
};

/* Bits of struct hwsim_medium_args.set. */
enum {
	HWSIM_MED_EXPONENT	= 1 << 0,
	HWSIM_MED_REF_LOSS	= 1 << 1,
	HWSIM_MED_REF_DIST	= 1 << 2,
	HWSIM_MED_SIGMA		= 1 << 3,
	HWSIM_MED_SEED		= 1 << 4,
};

/**
 * struct hwsim_medium_args - what MEDIUM_SET carries
 * @set: HWSIM_MED_* bits of the fields given
 * @exponent_milli: path-loss exponent x 1000
 * @ref_loss_mdb: loss at the reference distance
 * @ref_dist_mm: reference distance
 * @sigma_mdb: shadowing standard deviation
 * @seed: seed of shadowing and loss
 */
struct hwsim_medium_args {
	unsigned int set;
	uint32_t exponent_milli;
	int32_t ref_loss_mdb;
	uint32_t ref_dist_mm;
	uint32_t sigma_mdb;
	uint64_t seed;
};

/**
 * struct hwsim_radio - one radio as RADIO_GET describes it
 * @id: LOOM_HWSIM_ATTR_RADIO
 * @owned: it goes with its creator's socket
 * @owner: that socket's port id
 * @state: enum loom_radio_state
 * @freq_hz: carrier
 * @bw_hz: bandwidth
 * @sf: spreading factor
 * @cr: coding rate denominator
 * @tx_power_dbm: transmit power
 * @preamble: preamble symbols
 * @max_frame: largest frame, bytes
 * @has_pos: @pos is set
 * @pos: position
 * @gen_len: generator frame length, 0 when off
 * @gen_gap_ns: generator gap
 * @stats: counters by enum loom_hwsim_stat
 * @state_ns: time spent per enum loom_radio_state
 * @energy_nj: energy used
 * @kind: enum loom_hwsim_kind
 * @version: an emulated chip's RegVersion
 * @fault: its enum loom_hwsim_fault
 * @opmode: its RegOpMode
 * @spi_dev: its SPI device ("spi0.0"), empty for a plain radio
 * @chip_stats: its counters by enum loom_hwsim_chip_stat
 */
struct hwsim_radio {
	uint32_t id;
	bool owned;
	uint32_t owner;
	uint8_t state;
	uint32_t freq_hz;
	uint32_t bw_hz;
	uint8_t sf;
	uint8_t cr;
	int32_t tx_power_dbm;
	uint16_t preamble;
	uint16_t max_frame;
	bool has_pos;
	struct hwsim_pos pos;
	uint16_t gen_len;
	uint64_t gen_gap_ns;
	uint64_t stats[__LOOM_HWSIM_STAT_MAX];
	uint64_t state_ns[__LOOM_RADIO_STATE_MAX];
	uint64_t energy_nj;
	uint8_t kind;
	uint8_t version;
	uint8_t fault;
	uint8_t opmode;
	char spi_dev[32];
	uint64_t chip_stats[__LOOM_HWSIM_CHIP_STAT_MAX];
};

/**
 * struct hwsim_edge - one directed edge as EDGE_GET describes it
 * @from: sender
 * @to: receiver
 * @rssi_mdbm: received power
 * @snr_mdb: signal to noise ratio
 * @loss_ppm: random loss
 * @origin: enum loom_hwsim_origin
 */
struct hwsim_edge {
	uint32_t from;
	uint32_t to;
	int32_t rssi_mdbm;
	int32_t snr_mdb;
	uint32_t loss_ppm;
	uint8_t origin;
};

/**
 * struct hwsim_medium - MEDIUM_GET's reply (and RUN's @now_ns, @events)
 * @clock: enum loom_hwsim_clock
 * @now_ns: the medium's time
 * @events: timer events fired
 * @max_radios: capacity
 * @radios: radios present
 * @pl_exponent_milli: path-loss exponent x 1000
 * @pl_ref_loss_mdb: loss at the reference distance
 * @pl_ref_dist_mm: reference distance
 * @pl_sigma_mdb: shadowing standard deviation
 * @seed: seed of shadowing and loss
 */
struct hwsim_medium {
	uint8_t clock;
	uint64_t now_ns;
	uint64_t events;
	uint32_t max_radios;
	uint32_t radios;
	uint32_t pl_exponent_milli;
	int32_t pl_ref_loss_mdb;
	uint32_t pl_ref_dist_mm;
	uint32_t pl_sigma_mdb;
	uint64_t seed;
};

/*
 * Value parsers.  Each reads all of @s, or fails with -EINVAL and the
 * reason in @err ("must be 5..12", "not a number", ...); the caller puts
 * the keyword and the value in front.
 */

/*
 * A decimal [-]D[.D] scaled by 10^@scale into @min..@max; @unit follows
 * the numbers of a range message (" dBm", "%").
 */
int hwsim_parse_fixed(const char *s, unsigned int scale, int64_t min,
		      int64_t max, const char *unit, int64_t *out, char *err,
		      size_t len);
/* A whole number @min..@max. */
int hwsim_parse_uint(const char *s, uint64_t min, uint64_t max,
		     uint64_t *out, char *err, size_t len);
/* A radio id (u32). */
int hwsim_parse_id(const char *s, uint32_t *id, char *err, size_t len);
/* MHz with up to 6 decimals, in 137..1020: Hz. */
int hwsim_parse_mhz(const char *s, uint32_t *hz, char *err, size_t len);
/* kHz, one of the SX127x bandwidths: Hz. */
int hwsim_parse_bw(const char *s, uint32_t *hz, char *err, size_t len);
/* dB or dBm with up to 3 decimals, in @min..@max milli-units. */
int hwsim_parse_db(const char *s, int32_t min, int32_t max, const char *unit,
		   int32_t *mdb, char *err, size_t len);
/* Percent 0..100, "%" optional, up to 4 decimals: parts per million. */
int hwsim_parse_percent(const char *s, uint32_t *ppm, char *err, size_t len);
/* Metres with up to 3 decimals, within s32 millimetres. */
int hwsim_parse_metres(const char *s, int32_t *mm, char *err, size_t len);
/*
 * A duration: a decimal with a unit (ns, us, ms, s, m, h, d), or without,
 * in @unit_ns; a whole number of nanoseconds that fits in u64.
 */
int hwsim_parse_duration(const char *s, uint64_t unit_ns, uint64_t *ns,
			 char *err, size_t len);
/* RUN's DURATION: as above, in seconds by default, 1 ns..14 days. */
int hwsim_parse_run(const char *s, uint64_t *ns, char *err, size_t len);
/* "4/5".."4/8" or "5".."8": the denominator. */
int hwsim_parse_cr(const char *s, uint8_t *cr, char *err, size_t len);
/* off|disabled, sleep, rx|receive: enum loom_radio_state. */
int hwsim_parse_state(const char *s, uint8_t *state, char *err, size_t len);
/* A u64 in decimal, or hex with 0x. */
int hwsim_parse_u64(const char *s, uint64_t *v, char *err, size_t len);

/*
 * Keyword parsers over the words of a command line.  Each checks every
 * word before the caller sends anything; on error @err holds the whole
 * message ('sf "13": must be 5..12', 'unknown keyword "x" (state, ...)').
 * Return 0 or -EINVAL.
 */

/*
 * SETTINGS: "state off freq 868.1 pos 1 2 ...".  With @owned ("radio
 * add"), the keywords "owned" (no value, sets it), "chip MODEL" and
 * "version V" are allowed too (a chip takes no state, gen or gap); without
 * ("radio set"), "fault F".
 */
int hwsim_parse_settings(int argc, char **argv, struct hwsim_settings *st,
			 bool *owned, char *err, size_t len);
/* "X Y [Z]" in metres; Z defaults to 0. */
int hwsim_parse_position(int argc, char **argv, struct hwsim_pos *pos,
			 char *err, size_t len);
/* What follows "edge set FROM TO": rssi (required), snr, loss, both. */
int hwsim_parse_edge(int argc, char **argv, struct hwsim_edge_args *ea,
		     char *err, size_t len);
/* "medium set"'s keywords; at least one. */
int hwsim_parse_medium(int argc, char **argv, struct hwsim_medium_args *ma,
		       char *err, size_t len);

/*
 * Formatting.  hwsim_fmt_fixed() prints @v / 10^@scale rounded (half away
 * from zero) to at most @decimals decimals; trailing zeros go unless
 * @keep.  Returns @buf.
 */
char *hwsim_fmt_fixed(char *buf, size_t len, int64_t v, unsigned int scale,
		      unsigned int decimals, bool keep);
char *hwsim_fmt_ufixed(char *buf, size_t len, uint64_t v, unsigned int scale,
		       unsigned int decimals, bool keep);
/* "x,y,z" in metres (exact). */
char *hwsim_fmt_pos(char *buf, size_t len, const struct hwsim_pos *p);

/* Short state name for people: off, sleep, rx, tx ("?" if unknown). */
const char *hwsim_state_short(uint8_t state);
/* The uapi's name for JSON: disabled, sleep, receive, transmit. */
const char *hwsim_state_name(uint8_t state);
/* manual, model. */
const char *hwsim_origin_name(uint8_t origin);
/* real, virtual. */
const char *hwsim_clock_name(uint8_t clock);
/* JSON keys of enum loom_hwsim_stat ("tx", "rx_weak", ...), NULL if none. */
const char *hwsim_stat_name(unsigned int stat);
/* radio, sx1276 .. sx1279 ("unknown"). */
const char *hwsim_kind_name(uint8_t kind);
/* none, spi-error, stuck-irq, mute, crc-error ("unknown"). */
const char *hwsim_fault_name(uint8_t fault);
/* JSON keys of enum loom_hwsim_chip_stat ("spi_xfers", ...), NULL if none. */
const char *hwsim_chip_stat_name(unsigned int stat);
/* RegOpMode's mode bits: sleep, stdby, fstx, tx, fsrx, rxcont, rxsingle, cad. */
const char *hwsim_chip_mode_name(uint8_t opmode);

/* Graphviz lines (with the newline) of "hwsim show --dot". */
char *hwsim_dot_node(char *buf, size_t len, const struct hwsim_radio *r);
char *hwsim_dot_edge(char *buf, size_t len, const struct hwsim_edge *e);

#endif /* _LOOMCTL_HWSIM_PARSE_H */
