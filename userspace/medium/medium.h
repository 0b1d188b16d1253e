/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom-medium: a userspace medium for mac80211_hwsim.
 *
 * The medium holds radios (named, at positions in metres, each known to
 * the kernel by its hwsim address) and the links between every ordered
 * pair of them, and decides each frame's fate: which receivers hear it,
 * at which signal, and whether its addressee acknowledges it.  This
 * header is the core (model.c, medium.c, conf.c, show.c), free of
 * sockets so that the unit tests drive it directly; io.c speaks netlink,
 * ctl.c the control socket, main.c is the program.
 */
#ifndef _LOOM_MEDIUMD_H
#define _LOOM_MEDIUMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hwsim_nl.h"

#define LM_NAME_MAX		32	/* radio and phy names, with the NUL */
#define LM_MAX_RADIOS		512
#define LM_MAX_UNKNOWN		16	/* unknown transmitters remembered */
#define LM_ETH_ALEN		6

/**
 * struct lm_params - the propagation model, shared by every link
 * @exponent: path-loss exponent n of the log-distance model
 * @ref_loss: path loss at the 1 m reference distance, dB
 * @sigma: standard deviation of the per-link shadowing, dB (0: none)
 * @fading: standard deviation of a per-frame variation, dB (0: none)
 * @noise: noise floor, dBm; SNR = signal - noise
 * @threshold: sensitivity/CCA threshold, dBm: weaker frames are not heard
 * @txpower: transmit power of radios that set none, dBm
 * @seed: seeds the shadowing of every link and the loss/fading draws
 */
struct lm_params {
	double exponent;
	double ref_loss;
	double sigma;
	double fading;
	double noise;
	double threshold;
	double txpower;
	uint64_t seed;
};

/**
 * struct lm_radio_stats - what one radio sent
 * @tx: frames the kernel handed over from this radio
 * @unicast: of those, frames to one addressee (not group-addressed)
 * @acked: unicast frames acknowledged
 * @no_addressee: unicast frames whose addressee is no known radio
 * @bad_length: frames the kernel would not take back (shorter than
 *	24 bytes or longer than 2304); never delivered, never acked
 * @refused: deliveries to this radio the kernel refused (radio idle,
 *	down, off channel, unknown to it)
 */
struct lm_radio_stats {
	uint64_t tx;
	uint64_t unicast;
	uint64_t acked;
	uint64_t no_addressee;
	uint64_t bad_length;
	uint64_t refused;
};

/**
 * struct lm_radio - one mac80211_hwsim radio
 * @name: its name in the configuration
 * @phy: the phy it was named by ("" when named by address)
 * @addr: its hwsim address (the kernel's addresses[1], TRANSMITTER and
 *	RECEIVER in the netlink messages)
 * @pos: position x, y, z in metres
 * @txpower: transmit power, dBm; NaN: the medium's default
 * @st: counters
 */
struct lm_radio {
	char name[LM_NAME_MAX];
	char phy[LM_NAME_MAX];
	uint8_t addr[LM_ETH_ALEN];
	double pos[3];
	double txpower;
	struct lm_radio_stats st;
};

/**
 * struct lm_link_stats - the fate of frames on one directed link
 * @delivered: handed to the receiver (HWSIM_CMD_FRAME)
 * @below: too weak for the receiver (under the threshold)
 * @lost: strong enough, but lost (SNR model or loss override)
 * @cut: dropped because the link is cut
 * @acked: unicast frames to this receiver that were acknowledged
 * @refused: deliveries the kernel refused (counted in @delivered too)
 *
 * Each frame counts once per link in one of @delivered, @below, @lost
 * and @cut, however many times it was retried.
 */
struct lm_link_stats {
	uint64_t delivered;
	uint64_t below;
	uint64_t lost;
	uint64_t cut;
	uint64_t acked;
	uint64_t refused;
};

/**
 * struct lm_link - a directed link between two radios
 * @cut: nothing passes
 * @has_loss: @loss replaces the SNR model's loss
 * @has_signal: @signal replaces the path-loss model's signal
 * @loss: loss per transmission attempt, percent
 * @signal: fixed signal, dBm
 * @st: counters
 */
struct lm_link {
	bool cut;
	bool has_loss;
	bool has_signal;
	double loss;
	double signal;
	struct lm_link_stats st;
};

/**
 * struct lm_alias - another address that belongs to a radio
 * @addr: the address (a vif's MAC, the radio's addresses[0])
 * @radio: index of the radio
 * @origin: LM_ALIAS_*: how the medium learnt it
 */
struct lm_alias {
	uint8_t addr[LM_ETH_ALEN];
	unsigned int radio;
	int origin;
};

enum {
	LM_ALIAS_PAIR,		/* the kernel's auto-assigned addresses[0] */
	LM_ALIAS_SYSFS,		/* /sys/class/ieee80211/PHY/addresses */
	LM_ALIAS_KERNEL,	/* HWSIM_CMD_ADD_MAC_ADDR */
	LM_ALIAS_LEARNT,	/* addr2 of a frame the radio sent */
};

/**
 * struct lm_unknown - a transmitter that is not in the configuration
 * @addr: its hwsim address
 * @frames: frames seen from it
 */
struct lm_unknown {
	uint8_t addr[LM_ETH_ALEN];
	uint64_t frames;
};

/**
 * struct lm_stats - the medium's own counters
 * @frames: HWSIM_CMD_FRAME messages taken (valid ones)
 * @unknown_tx: frames from transmitters not in the configuration
 * @unknown_dropped: distinct unknown transmitters beyond LM_MAX_UNKNOWN
 * @invalid: kernel messages refused by validation (@last_invalid says why)
 * @unexpected: well-formed messages of a command a medium never gets
 * @refused: deliveries and status reports the kernel refused
 * @overruns: times the kernel could not queue messages for us (ENOBUFS)
 * @send_failed: messages we could not send to the kernel
 * @aliases_added: vif addresses the kernel announced (ADD_MAC_ADDR)
 * @aliases_removed: vif addresses it withdrew (DEL_MAC_ADDR)
 */
struct lm_stats {
	uint64_t frames;
	uint64_t unknown_tx;
	uint64_t unknown_dropped;
	uint64_t invalid;
	uint64_t unexpected;
	uint64_t refused;
	uint64_t overruns;
	uint64_t send_failed;
	uint64_t aliases_added;
	uint64_t aliases_removed;
};

/**
 * struct lm_medium - the whole medium
 * @p: model parameters
 * @radios: @n radios, room for @cap
 * @n: radios in use
 * @cap: allocated radios; @links is @cap x @cap
 * @links: link tx -> rx at [tx * cap + rx]
 * @aliases: @naliases other addresses of radios
 * @naliases: aliases in use
 * @alias_cap: allocated aliases
 * @unknown: the first unknown transmitters, @nunknown of them
 * @nunknown: entries in @unknown
 * @st: counters
 * @last_invalid: why the last invalid kernel message was refused
 * @rng: state of the loss and fading draws (loom_rng_next(), splitmix64)
 * @sysfs: where phys are looked up (default /sys/class/ieee80211)
 * @state: per-receiver scratch for lm_decide(), @cap entries
 */
struct lm_medium {
	struct lm_params p;
	struct lm_radio *radios;
	unsigned int n;
	unsigned int cap;
	struct lm_link *links;
	struct lm_alias *aliases;
	unsigned int naliases;
	unsigned int alias_cap;
	struct lm_unknown unknown[LM_MAX_UNKNOWN];
	unsigned int nunknown;
	struct lm_stats st;
	char last_invalid[160];
	uint64_t rng;
	const char *sysfs;
	struct lm_rx_state *state;
};

/* Defaults of struct lm_params; see Documentation/medium.rst. */
#define LM_DEF_EXPONENT		3.0
#define LM_DEF_REF_LOSS		40.0	/* Friis at 1 m, 2.4 GHz */
#define LM_DEF_SIGMA		0.0
#define LM_DEF_FADING		0.0
#define LM_DEF_NOISE		-91.0	/* thermal, 20 MHz, 10 dB NF */
#define LM_DEF_THRESHOLD	-90.0
#define LM_DEF_TXPOWER		20.0
#define LM_DEF_SEED		1

/* medium.c: the medium itself */
void lm_init(struct lm_medium *m);
void lm_free(struct lm_medium *m);
/* Sets the draws' state from p.seed (lm_init() and every seed change). */
void lm_reseed(struct lm_medium *m);
/* Adds a radio; returns its index or -ENOMEM / -ENOSPC / -EEXIST. */
int lm_radio_add(struct lm_medium *m, const char *name, const char *phy,
		 const uint8_t *addr, const double *pos);
/* Index of the radio named @name, with address or phy @name, or -1. */
int lm_radio_find(const struct lm_medium *m, const char *name);
/* Index of the radio whose hwsim address is @addr, or -1. */
int lm_radio_by_key(const struct lm_medium *m, const uint8_t *addr);
/* Index of the radio that owns @addr (hwsim address or alias), or -1. */
int lm_radio_by_addr(const struct lm_medium *m, const uint8_t *addr);
/* Records @addr as an alias of radio @radio; 0, -EEXIST (other radio)
 * or -ENOMEM.  An alias of the same radio is kept, its origin updated
 * when @origin is LM_ALIAS_KERNEL. */
int lm_alias_add(struct lm_medium *m, unsigned int radio,
		 const uint8_t *addr, int origin);
/* Forgets alias @addr of radio @radio; 0 or -ENOENT. */
int lm_alias_del(struct lm_medium *m, unsigned int radio,
		 const uint8_t *addr);
static inline struct lm_link *lm_link(const struct lm_medium *m,
				      unsigned int tx, unsigned int rx)
{
	return &m->links[(size_t)tx * m->cap + rx];
}
/* Zeroes every counter (radios, links, the medium's). */
void lm_reset_counters(struct lm_medium *m);

/* model.c: propagation and reception */
/* Transmit power of radio @r, dBm. */
double lm_txpower(const struct lm_medium *m, unsigned int r);
/* Distance between radios @a and @b, metres. */
double lm_distance(const struct lm_medium *m, unsigned int a, unsigned int b);
/* Shadowing of the link between @a and @b (either way), dB. */
double lm_shadowing(const struct lm_medium *m, unsigned int a, unsigned int b);
/* Signal at @rx of what @tx sends, without fading, dBm. */
double lm_signal(const struct lm_medium *m, unsigned int tx, unsigned int rx);
/* True with probability @p, drawn from m->rng. */
bool lm_chance(struct lm_medium *m, double p);
/* A standard normal draw from m->rng (Irwin-Hall, bounded by +-6). */
double lm_gauss(struct lm_medium *m);

/**
 * struct lm_rate - a PHY rate as the loss model sees it
 * @mbps: data rate, Mb/s (20 MHz, one stream)
 * @sens: the standard's minimum input sensitivity, dBm
 * @ref_per: packet error ratio at @sens
 * @ref_len: PSDU length @ref_per is defined for, bytes
 * @kappa: fitted slope of the BPSK-shaped BER curve (lm_rate_init())
 * @legacy_2g: rate index on 2.4 GHz to report a reception at
 * @legacy_5g: the same on 5 and 6 GHz (-1: none there)
 */
struct lm_rate {
	double mbps;
	double sens;
	double ref_per;
	unsigned int ref_len;
	double kappa;
	int legacy_2g;
	int legacy_5g;
};

/* The rate a transmission attempt used: the TX_INFO index @idx with
 * its TX_INFO_FLAGS @flags on frequency @freq (MHz). */
const struct lm_rate *lm_rate_of(int idx, uint16_t flags, uint32_t freq);
/* RX_RATE for a reception at @r on @freq: a legacy index of that band. */
uint32_t lm_rx_rate_index(const struct lm_rate *r, uint32_t freq);
/* Probability that a @len-byte frame at @r is lost at SNR @snr dB. */
double lm_per(const struct lm_rate *r, double snr, size_t len);
/* SNR at which @r loses a @len-byte frame with probability @per. */
double lm_snr_for_per(const struct lm_rate *r, double per, size_t len);

/**
 * struct lm_frame - a HWSIM_CMD_FRAME from the kernel, validated
 * @tx: TRANSMITTER, the sending radio's hwsim address
 * @data: the 802.11 frame, @len bytes (at least 10)
 * @len: its length
 * @flags: HWSIM_ATTR_FLAGS
 * @cookie: HWSIM_ATTR_COOKIE, to give back
 * @freq: HWSIM_ATTR_FREQ, MHz (0: none given)
 * @rates: HWSIM_ATTR_TX_INFO: up to four rates with their try counts
 * @rate_flags: HWSIM_ATTR_TX_INFO_FLAGS per rate (0 when absent)
 */
struct lm_frame {
	const uint8_t *tx;
	const uint8_t *data;
	size_t len;
	uint32_t flags;
	uint64_t cookie;
	uint32_t freq;
	struct hwsim_rate rates[HWSIM_TX_MAX_RATES];
	uint16_t rate_flags[HWSIM_TX_MAX_RATES];
};

/**
 * struct lm_delivery - one receiver that hears a frame
 * @rx: radio index
 * @signal: its signal, dBm (what radiotap will show)
 * @rate: RX_RATE for the kernel
 */
struct lm_delivery {
	unsigned int rx;
	int signal;
	uint32_t rate;
};

/**
 * struct lm_fate - what lm_decide() made of a frame
 * @tx: the sender's radio index, -1 when unknown (nothing delivered)
 * @deliv: @ndeliv deliveries (room for the medium's cap)
 * @ndeliv: deliveries
 * @acked: acknowledged by its addressee (HWSIM_TX_STAT_ACK)
 * @ack_signal: signal of the acknowledgement at the sender, dBm
 * @rates: the tries made, per rate, for HWSIM_ATTR_TX_INFO
 */
struct lm_fate {
	int tx;
	struct lm_delivery *deliv;
	unsigned int ndeliv;
	bool acked;
	int ack_signal;
	struct hwsim_rate rates[HWSIM_TX_MAX_RATES];
};

/* Decides @f's fate into @out (whose @deliv has room for m->cap) and
 * counts it.  Never fails: an unknown sender gets no deliveries. */
void lm_decide(struct lm_medium *m, const struct lm_frame *f,
	       struct lm_fate *out);

/* conf.c: configuration statements, from a file or the control socket */
/*
 * Applies one statement (@text, modified in place) or nothing at all.
 * Errors go to @err as "SRC:LINE:FIELD: message".  Returns 0, 1 for a
 * blank or comment line, or -EINVAL.
 */
int lm_conf_line(struct lm_medium *m, const char *src, unsigned int line,
		 char *text, char *err, size_t errlen);
/* Every statement of file @path, stopping at the first error. */
int lm_conf_file(struct lm_medium *m, const char *path, char *err,
		 size_t errlen);
/* Parses "aa:bb:cc:dd:ee:ff" (libloom's loom_parse_hwaddr()); 0 or -EINVAL. */
int lm_parse_mac(const char *s, uint8_t *addr);

/* show.c: the state for people (a table) or programs (JSON) */
void lm_show(const struct lm_medium *m, FILE *f, bool json, bool registered);

#endif /* _LOOM_MEDIUMD_H */
