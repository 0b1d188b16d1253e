/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom_sniff: what one frame heard in monitor mode tells - its transmitter
 * and its signal - from the radiotap header the kernel's iterator walks
 * and the 802.11 header after it (Documentation/lml.rst, "The sniffer").
 */
#ifndef _LOOM_SNIFF_RADIOTAP_H
#define _LOOM_SNIFF_RADIOTAP_H

#include <linux/if_ether.h>
#include <linux/types.h>

#include "../../uapi/linux/loom_sniff.h"

/* Per-chain signals kept: mac80211 reports up to four chains. */
#define LOOM_SNIFF_ANTENNAS	4

/* Frame types, LOOM_SNIFF_TYPE_*, come from the user API. */

/**
 * struct loom_sniff_obs - one frame: who sent it, how strong
 * @ta: the transmitter's address (802.11 address 2)
 * @type: its type, one LOOM_SNIFF_TYPE_* bit
 * @subtype: its subtype (frame control bits 7:4)
 * @signal_cdbm: the signal, 0.01 dBm: radiotap's combined antenna signal,
 *	else the first chain's
 * @ant_mask: chains with a signal of their own in @ant_cdbm
 * @ant_cdbm: each chain's signal, 0.01 dBm, by radiotap antenna index
 * @freq_mhz: the channel's centre frequency, or 0 if not given
 */
struct loom_sniff_obs {
	u8 ta[ETH_ALEN];
	u8 type;
	u8 subtype;
	s32 signal_cdbm;
	u8 ant_mask;
	s32 ant_cdbm[LOOM_SNIFF_ANTENNAS];
	u16 freq_mhz;
};

/**
 * enum loom_sniff_verdict - what became of a frame
 * @LOOM_SNIFF_OK: an observation
 * @LOOM_SNIFF_BAD_RADIOTAP: the radiotap header is malformed (version,
 *	length, a field past its end, bitmaps that do not end)
 * @LOOM_SNIFF_NO_SIGNAL: well formed, but without an antenna signal
 * @LOOM_SNIFF_BAD_FCS: the radio says the frame's FCS failed
 * @LOOM_SNIFF_SHORT: the 802.11 header is shorter than its type needs
 * @LOOM_SNIFF_NO_TA: a frame without a transmitter address (ACK, CTS)
 * @__LOOM_SNIFF_VERDICT_MAX: one past the last
 */
enum loom_sniff_verdict {
	LOOM_SNIFF_OK,
	LOOM_SNIFF_BAD_RADIOTAP,
	LOOM_SNIFF_NO_SIGNAL,
	LOOM_SNIFF_BAD_FCS,
	LOOM_SNIFF_SHORT,
	LOOM_SNIFF_NO_TA,
	__LOOM_SNIFF_VERDICT_MAX,
};

enum loom_sniff_verdict loom_sniff_parse(const u8 *buf, unsigned int len,
					 struct loom_sniff_obs *obs);

#endif /* _LOOM_SNIFF_RADIOTAP_H */
