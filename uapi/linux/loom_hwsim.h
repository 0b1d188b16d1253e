/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * loom_hwsim: simulated LoRa radios on a shared medium.  User API of its
 * generic netlink family.  Everything here is ABI: append, never renumber.
 *
 * Units are integers chosen so nothing is rounded: frequencies and
 * bandwidths in Hz, levels in milli-dB(m), loss in parts per million,
 * positions and distances in millimetres, times in nanoseconds.
 */
#ifndef _UAPI_LINUX_LOOM_HWSIM_H
#define _UAPI_LINUX_LOOM_HWSIM_H

#include <linux/types.h>

#define LOOM_HWSIM_GENL_NAME	"loom_hwsim"
#define LOOM_HWSIM_GENL_VERSION	1

/* Limits the kernel enforces; loomctl checks the same before sending. */
#define LOOM_HWSIM_FREQ_MIN_HZ		137000000
#define LOOM_HWSIM_FREQ_MAX_HZ		1020000000
#define LOOM_HWSIM_SF_MIN		5
#define LOOM_HWSIM_SF_MAX		12
#define LOOM_HWSIM_CR_MIN		5
#define LOOM_HWSIM_CR_MAX		8
#define LOOM_HWSIM_TX_POWER_MIN_DBM	(-4)
#define LOOM_HWSIM_TX_POWER_MAX_DBM	20
#define LOOM_HWSIM_PREAMBLE_MIN		6
#define LOOM_HWSIM_RSSI_MIN_MDBM	(-200000)
#define LOOM_HWSIM_RSSI_MAX_MDBM	50000
#define LOOM_HWSIM_SNR_MIN_MDB		(-100000)
#define LOOM_HWSIM_SNR_MAX_MDB		100000
#define LOOM_HWSIM_LOSS_MAX_PPM		1000000
#define LOOM_HWSIM_GEN_LEN_MAX		255
#define LOOM_HWSIM_GEN_GAP_MAX_NS	(3600ULL * 1000000000ULL)
#define LOOM_HWSIM_EXPONENT_MIN		1000
#define LOOM_HWSIM_EXPONENT_MAX		8000
#define LOOM_HWSIM_REF_LOSS_MAX_MDB	200000
#define LOOM_HWSIM_SIGMA_MAX_MDB	30000
#define LOOM_HWSIM_RUN_MAX_NS		(14ULL * 86400 * 1000000000ULL)

/**
 * enum loom_hwsim_cmd - commands of the "loom_hwsim" family
 * @LOOM_HWSIM_CMD_UNSPEC: invalid
 * @LOOM_HWSIM_CMD_RADIO_NEW: add a radio; optional settings as in
 *	@LOOM_HWSIM_CMD_RADIO_SET; @LOOM_HWSIM_ATTR_OWNED ties it to the
 *	requesting socket.  Replies with the new radio (as RADIO_GET).
 * @LOOM_HWSIM_CMD_RADIO_DEL: delete @LOOM_HWSIM_ATTR_RADIO
 * @LOOM_HWSIM_CMD_RADIO_GET: one radio (@LOOM_HWSIM_ATTR_RADIO) or a dump
 * @LOOM_HWSIM_CMD_RADIO_SET: change state, modulation, position or
 *	traffic generator of @LOOM_HWSIM_ATTR_RADIO; all or nothing
 * @LOOM_HWSIM_CMD_EDGE_SET: set the directed edge FROM -> TO
 * @LOOM_HWSIM_CMD_EDGE_DEL: delete the directed edge FROM -> TO
 * @LOOM_HWSIM_CMD_EDGE_GET: dump the edges
 * @LOOM_HWSIM_CMD_MEDIUM_GET: clock, capacity and path-loss model
 * @LOOM_HWSIM_CMD_MEDIUM_SET: change the path-loss model and re-derive
 *	the edges between radios with positions
 * @LOOM_HWSIM_CMD_RUN: advance a virtual clock by @LOOM_HWSIM_ATTR_DURATION
 */
enum loom_hwsim_cmd {
	LOOM_HWSIM_CMD_UNSPEC,
	LOOM_HWSIM_CMD_RADIO_NEW,
	LOOM_HWSIM_CMD_RADIO_DEL,
	LOOM_HWSIM_CMD_RADIO_GET,
	LOOM_HWSIM_CMD_RADIO_SET,
	LOOM_HWSIM_CMD_EDGE_SET,
	LOOM_HWSIM_CMD_EDGE_DEL,
	LOOM_HWSIM_CMD_EDGE_GET,
	LOOM_HWSIM_CMD_MEDIUM_GET,
	LOOM_HWSIM_CMD_MEDIUM_SET,
	LOOM_HWSIM_CMD_RUN,
	__LOOM_HWSIM_CMD_MAX,
};

#define LOOM_HWSIM_CMD_MAX (__LOOM_HWSIM_CMD_MAX - 1)

/**
 * enum loom_hwsim_attr - attributes of the "loom_hwsim" family
 * @LOOM_HWSIM_ATTR_UNSPEC: invalid
 * @LOOM_HWSIM_ATTR_PAD: alignment of 64-bit attributes
 * @LOOM_HWSIM_ATTR_RADIO: u32, radio id
 * @LOOM_HWSIM_ATTR_OWNED: flag (RADIO_NEW), the radio goes when its
 *	creator's socket closes
 * @LOOM_HWSIM_ATTR_STATE: u8, enum loom_radio_state (Transmit is entered by
 *	sending only); the radio passes through the states in between
 * @LOOM_HWSIM_ATTR_FREQ: u32, carrier, Hz (137 MHz .. 1020 MHz)
 * @LOOM_HWSIM_ATTR_BW: u32, bandwidth, Hz (an SX127x step, 7800 .. 500000)
 * @LOOM_HWSIM_ATTR_SF: u8, spreading factor 5 .. 12
 * @LOOM_HWSIM_ATTR_CR: u8, coding rate denominator 5 .. 8 (4/5 .. 4/8)
 * @LOOM_HWSIM_ATTR_TX_POWER: s32, transmit power, dBm (-4 .. 20)
 * @LOOM_HWSIM_ATTR_PREAMBLE: u16, programmed preamble symbols (6 ..)
 * @LOOM_HWSIM_ATTR_MAX_FRAME: u16, largest frame, bytes (replies)
 * @LOOM_HWSIM_ATTR_POS: nested enum loom_hwsim_pos_attr; empty deletes
 * @LOOM_HWSIM_ATTR_GEN_LEN: u16, traffic generator frame length, bytes;
 *	0 stops it.  A radio with a generator sends a frame of this length
 *	every @LOOM_HWSIM_ATTR_GEN_GAP after the last one left the air,
 *	whenever it is in Receive.
 * @LOOM_HWSIM_ATTR_GEN_GAP: u64, generator gap, ns
 * @LOOM_HWSIM_ATTR_STATS: nested enum loom_hwsim_stat (replies)
 * @LOOM_HWSIM_ATTR_STATE_TIME: nested, u64 ns per state, the attribute type
 *	being the state + 1 (replies).  In both nests, u64 values are aligned
 *	with padding attributes of type 0, which readers skip.
 * @LOOM_HWSIM_ATTR_ENERGY: u64, energy used so far, nJ, from SX1276
 *	datasheet currents (replies)
 * @LOOM_HWSIM_ATTR_FROM: u32, sender radio of an edge
 * @LOOM_HWSIM_ATTR_TO: u32, receiver radio of an edge
 * @LOOM_HWSIM_ATTR_RSSI: s32, received power, milli-dBm (-200 .. 50 dBm)
 * @LOOM_HWSIM_ATTR_SNR: s32, signal to noise ratio, milli-dB (-100 .. 100);
 *	EDGE_SET without it takes RSSI minus the receiver's noise floor
 * @LOOM_HWSIM_ATTR_LOSS: u32, random loss, ppm (0 .. 1000000)
 * @LOOM_HWSIM_ATTR_EDGE_ORIGIN: u8, enum loom_hwsim_origin (replies)
 * @LOOM_HWSIM_ATTR_PL_EXPONENT: u32, path-loss exponent x 1000 (1000..8000)
 * @LOOM_HWSIM_ATTR_PL_REF_LOSS: s32, loss at the reference distance, mdB
 * @LOOM_HWSIM_ATTR_PL_REF_DIST: u32, reference distance, mm (>= 1)
 * @LOOM_HWSIM_ATTR_PL_SIGMA: u32, shadowing standard deviation, mdB
 * @LOOM_HWSIM_ATTR_SEED: u64, seed of shadowing and of random loss
 * @LOOM_HWSIM_ATTR_CLOCK: u8, enum loom_hwsim_clock (replies)
 * @LOOM_HWSIM_ATTR_NOW: u64, the medium's time, ns (replies)
 * @LOOM_HWSIM_ATTR_DURATION: u64, how far RUN advances a virtual clock, ns
 * @LOOM_HWSIM_ATTR_EVENTS: u64, timer events fired: since load in
 *	MEDIUM_GET, during this run in RUN (replies)
 * @LOOM_HWSIM_ATTR_MAX_RADIOS: u32, capacity of the medium (replies)
 * @LOOM_HWSIM_ATTR_RADIOS: u32, radios present (replies)
 * @LOOM_HWSIM_ATTR_BOTH: flag, EDGE_SET and EDGE_DEL act on TO -> FROM too
 * @LOOM_HWSIM_ATTR_OWNER: u32, port id of the socket that owns the radio
 *	(replies; absent for radios nobody owns)
 * @LOOM_HWSIM_ATTR_KIND: u8, enum loom_hwsim_kind (RADIO_NEW: what to
 *	create, a plain radio by default; replies)
 * @LOOM_HWSIM_ATTR_CHIP_VERSION: u8, what an emulated chip's RegVersion
 *	(0x42) reads: 0x12 by default, 0x22 poses as an SX1272, 0x00 as an
 *	absent chip (RADIO_NEW of a chip only; replies)
 * @LOOM_HWSIM_ATTR_FAULT: u8, enum loom_hwsim_fault, the fault an emulated
 *	chip shows from now on (RADIO_SET of a chip only; replies)
 * @LOOM_HWSIM_ATTR_SPI_DEV: string, the emulated chip's SPI device name,
 *	"spiB.C" (replies)
 * @LOOM_HWSIM_ATTR_CHIP_STATS: nested enum loom_hwsim_chip_stat, u64 each,
 *	aligned as @LOOM_HWSIM_ATTR_STATS is (replies, chips only)
 * @LOOM_HWSIM_ATTR_CHIP_OPMODE: u8, the chip's RegOpMode (replies, chips
 *	only)
 */
enum loom_hwsim_attr {
	LOOM_HWSIM_ATTR_UNSPEC,
	LOOM_HWSIM_ATTR_PAD,
	LOOM_HWSIM_ATTR_RADIO,
	LOOM_HWSIM_ATTR_OWNED,
	LOOM_HWSIM_ATTR_STATE,
	LOOM_HWSIM_ATTR_FREQ,
	LOOM_HWSIM_ATTR_BW,
	LOOM_HWSIM_ATTR_SF,
	LOOM_HWSIM_ATTR_CR,
	LOOM_HWSIM_ATTR_TX_POWER,
	LOOM_HWSIM_ATTR_PREAMBLE,
	LOOM_HWSIM_ATTR_MAX_FRAME,
	LOOM_HWSIM_ATTR_POS,
	LOOM_HWSIM_ATTR_GEN_LEN,
	LOOM_HWSIM_ATTR_GEN_GAP,
	LOOM_HWSIM_ATTR_STATS,
	LOOM_HWSIM_ATTR_STATE_TIME,
	LOOM_HWSIM_ATTR_ENERGY,
	LOOM_HWSIM_ATTR_FROM,
	LOOM_HWSIM_ATTR_TO,
	LOOM_HWSIM_ATTR_RSSI,
	LOOM_HWSIM_ATTR_SNR,
	LOOM_HWSIM_ATTR_LOSS,
	LOOM_HWSIM_ATTR_EDGE_ORIGIN,
	LOOM_HWSIM_ATTR_PL_EXPONENT,
	LOOM_HWSIM_ATTR_PL_REF_LOSS,
	LOOM_HWSIM_ATTR_PL_REF_DIST,
	LOOM_HWSIM_ATTR_PL_SIGMA,
	LOOM_HWSIM_ATTR_SEED,
	LOOM_HWSIM_ATTR_CLOCK,
	LOOM_HWSIM_ATTR_NOW,
	LOOM_HWSIM_ATTR_DURATION,
	LOOM_HWSIM_ATTR_EVENTS,
	LOOM_HWSIM_ATTR_MAX_RADIOS,
	LOOM_HWSIM_ATTR_RADIOS,
	LOOM_HWSIM_ATTR_BOTH,
	LOOM_HWSIM_ATTR_OWNER,
	LOOM_HWSIM_ATTR_KIND,
	LOOM_HWSIM_ATTR_CHIP_VERSION,
	LOOM_HWSIM_ATTR_FAULT,
	LOOM_HWSIM_ATTR_SPI_DEV,
	LOOM_HWSIM_ATTR_CHIP_STATS,
	LOOM_HWSIM_ATTR_CHIP_OPMODE,
	__LOOM_HWSIM_ATTR_MAX,
};

#define LOOM_HWSIM_ATTR_MAX (__LOOM_HWSIM_ATTR_MAX - 1)

/**
 * enum loom_hwsim_pos_attr - a position, s32 millimetres each
 * @LOOM_HWSIM_POS_UNSPEC: invalid
 * @LOOM_HWSIM_POS_X: east
 * @LOOM_HWSIM_POS_Y: north
 * @LOOM_HWSIM_POS_Z: up
 */
enum loom_hwsim_pos_attr {
	LOOM_HWSIM_POS_UNSPEC,
	LOOM_HWSIM_POS_X,
	LOOM_HWSIM_POS_Y,
	LOOM_HWSIM_POS_Z,
	__LOOM_HWSIM_POS_MAX,
};

#define LOOM_HWSIM_POS_MAX (__LOOM_HWSIM_POS_MAX - 1)

/**
 * enum loom_hwsim_stat - per-radio counters, u64 each
 * @LOOM_HWSIM_STAT_UNSPEC: invalid
 * @LOOM_HWSIM_STAT_TX: frames sent
 * @LOOM_HWSIM_STAT_RX: frames received
 * @LOOM_HWSIM_STAT_RX_WEAK: below sensitivity or the SF's SNR limit
 * @LOOM_HWSIM_STAT_RX_LOST: lost at random on the link
 * @LOOM_HWSIM_STAT_RX_COLLISION: lost to an overlapping frame
 * @LOOM_HWSIM_STAT_RX_DEAF: arrived while the radio was not listening
 * @LOOM_HWSIM_STAT_GEN_FAIL: generator frames the radio refused (busy,
 *	not in Receive, no memory)
 */
enum loom_hwsim_stat {
	LOOM_HWSIM_STAT_UNSPEC,
	LOOM_HWSIM_STAT_TX,
	LOOM_HWSIM_STAT_RX,
	LOOM_HWSIM_STAT_RX_WEAK,
	LOOM_HWSIM_STAT_RX_LOST,
	LOOM_HWSIM_STAT_RX_COLLISION,
	LOOM_HWSIM_STAT_RX_DEAF,
	LOOM_HWSIM_STAT_GEN_FAIL,
	__LOOM_HWSIM_STAT_MAX,
};

#define LOOM_HWSIM_STAT_MAX (__LOOM_HWSIM_STAT_MAX - 1)

/**
 * enum loom_hwsim_origin - where an edge came from
 * @LOOM_HWSIM_ORIGIN_MANUAL: set by EDGE_SET
 * @LOOM_HWSIM_ORIGIN_MODEL: derived from positions by the path-loss model
 */
enum loom_hwsim_origin {
	LOOM_HWSIM_ORIGIN_MANUAL,
	LOOM_HWSIM_ORIGIN_MODEL,
};

/**
 * enum loom_hwsim_clock - how the medium keeps time (module parameter)
 * @LOOM_HWSIM_CLOCK_REAL: hrtimers, CLOCK_MONOTONIC
 * @LOOM_HWSIM_CLOCK_VIRTUAL: discrete events, advanced by RUN
 */
enum loom_hwsim_clock {
	LOOM_HWSIM_CLOCK_REAL,
	LOOM_HWSIM_CLOCK_VIRTUAL,
};

/**
 * enum loom_hwsim_kind - what a radio of loom_hwsim is
 * @LOOM_HWSIM_KIND_RADIO: a simulated radio, registered with Loom as
 *	hwsimN
 * @LOOM_HWSIM_KIND_SX1276: an emulated Semtech SX1276 behind an SPI
 *	controller of its own; the driver that binds to it registers the
 *	radio Loom sees
 * @LOOM_HWSIM_KIND_SX1277: the same, as an SX1277 (modalias "sx1277")
 * @LOOM_HWSIM_KIND_SX1278: the same, as an SX1278
 * @LOOM_HWSIM_KIND_SX1279: the same, as an SX1279
 */
enum loom_hwsim_kind {
	LOOM_HWSIM_KIND_RADIO,
	LOOM_HWSIM_KIND_SX1276,
	LOOM_HWSIM_KIND_SX1277,
	LOOM_HWSIM_KIND_SX1278,
	LOOM_HWSIM_KIND_SX1279,
	__LOOM_HWSIM_KIND_MAX,
};

#define LOOM_HWSIM_KIND_MAX (__LOOM_HWSIM_KIND_MAX - 1)

/* RegVersion of an SX1276/77/78/79, what an emulated chip reads by default. */
#define LOOM_HWSIM_CHIP_VERSION_DEFAULT	0x12

/**
 * enum loom_hwsim_fault - a fault an emulated chip shows until changed
 * @LOOM_HWSIM_FAULT_NONE: none
 * @LOOM_HWSIM_FAULT_SPI_ERROR: every SPI message fails with EIO
 * @LOOM_HWSIM_FAULT_STUCK_IRQ: writes to RegIrqFlags clear nothing
 * @LOOM_HWSIM_FAULT_MUTE: the chip stops answering: reads give 0x00,
 *	writes are ignored, DIO0 raises no interrupt
 * @LOOM_HWSIM_FAULT_CRC_ERROR: received frames get PayloadCrcError
 */
enum loom_hwsim_fault {
	LOOM_HWSIM_FAULT_NONE,
	LOOM_HWSIM_FAULT_SPI_ERROR,
	LOOM_HWSIM_FAULT_STUCK_IRQ,
	LOOM_HWSIM_FAULT_MUTE,
	LOOM_HWSIM_FAULT_CRC_ERROR,
	__LOOM_HWSIM_FAULT_MAX,
};

#define LOOM_HWSIM_FAULT_MAX (__LOOM_HWSIM_FAULT_MAX - 1)

/**
 * enum loom_hwsim_chip_stat - an emulated chip's counters, u64 each
 * @LOOM_HWSIM_CHIP_STAT_UNSPEC: invalid
 * @LOOM_HWSIM_CHIP_STAT_SPI_XFERS: SPI transfers (struct spi_transfer)
 * @LOOM_HWSIM_CHIP_STAT_SPI_BYTES_IN: bytes the host sent the chip (MOSI)
 * @LOOM_HWSIM_CHIP_STAT_SPI_BYTES_OUT: bytes the chip sent the host (MISO)
 * @LOOM_HWSIM_CHIP_STAT_SPI_ERRORS: SPI messages failed (fault spi-error)
 * @LOOM_HWSIM_CHIP_STAT_IRQS: interrupts raised on DIO0
 * @LOOM_HWSIM_CHIP_STAT_RESETS: resets through NRESET
 * @LOOM_HWSIM_CHIP_STAT_TX: frames sent
 * @LOOM_HWSIM_CHIP_STAT_RX: frames received into the FIFO
 * @LOOM_HWSIM_CHIP_STAT_REFUSED: TX, RX or CAD refused: the registers
 *	hold a modulation the medium does not take (or TX an empty frame,
 *	or the medium refused the frame)
 * @LOOM_HWSIM_CHIP_STAT_RX_IGNORED: frames the medium delivered while the
 *	chip was not in a receive mode (CAD)
 * @LOOM_HWSIM_CHIP_STAT_RX_TIMEOUTS: RXSINGLE windows that ended unheard
 * @LOOM_HWSIM_CHIP_STAT_CAD: channel activity detections done
 */
enum loom_hwsim_chip_stat {
	LOOM_HWSIM_CHIP_STAT_UNSPEC,
	LOOM_HWSIM_CHIP_STAT_SPI_XFERS,
	LOOM_HWSIM_CHIP_STAT_SPI_BYTES_IN,
	LOOM_HWSIM_CHIP_STAT_SPI_BYTES_OUT,
	LOOM_HWSIM_CHIP_STAT_SPI_ERRORS,
	LOOM_HWSIM_CHIP_STAT_IRQS,
	LOOM_HWSIM_CHIP_STAT_RESETS,
	LOOM_HWSIM_CHIP_STAT_TX,
	LOOM_HWSIM_CHIP_STAT_RX,
	LOOM_HWSIM_CHIP_STAT_REFUSED,
	LOOM_HWSIM_CHIP_STAT_RX_IGNORED,
	LOOM_HWSIM_CHIP_STAT_RX_TIMEOUTS,
	LOOM_HWSIM_CHIP_STAT_CAD,
	__LOOM_HWSIM_CHIP_STAT_MAX,
};

#define LOOM_HWSIM_CHIP_STAT_MAX (__LOOM_HWSIM_CHIP_STAT_MAX - 1)

#endif /* _UAPI_LINUX_LOOM_HWSIM_H */
