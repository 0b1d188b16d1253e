// SPDX-License-Identifier: GPL-2.0
/*
 * loom_sniff: a monitor-mode frame to an observation.
 *
 * The radiotap header (radiotap.org; the kernel's iterator,
 * net/wireless/radiotap.c) is walked field by field, each aligned to its
 * natural size from the header's start, through extended bitmaps and
 * namespaces: never read at fixed offsets.  mac80211 puts the combined
 * signal in the first bitmap and, per chain, an ANTENNA field followed by
 * that chain's DBM_ANTSIGNAL in the bitmaps after it; a DBM_ANTSIGNAL is
 * a chain's when an ANTENNA field came before it in its own bitmap.  Then
 * the 802.11 header: the transmitter is address 2, which management, data
 * and most control frames have (ACK and CTS do not).
 */
#include <linux/bitops.h>
#include <linux/etherdevice.h>
#include <linux/ieee80211.h>
#include <net/cfg80211.h>
#include <net/ieee80211_radiotap.h>

#include "radiotap.h"

/* Control subtypes that carry a transmitter address (IEEE 802.11-2020). */
static bool loom_sniff_ctl_has_ta(u16 stype)
{
	switch (stype) {
	case IEEE80211_STYPE_BACK_REQ:
	case IEEE80211_STYPE_BACK:
	case IEEE80211_STYPE_PSPOLL:
	case IEEE80211_STYPE_RTS:
	case IEEE80211_STYPE_CFEND:
	case IEEE80211_STYPE_CFENDACK:
		return true;
	default:
		return false;
	}
}

/* The 802.11 header of @len bytes: type, subtype, transmitter. */
static enum loom_sniff_verdict loom_sniff_80211(const u8 *h, unsigned int len,
						struct loom_sniff_obs *obs)
{
	unsigned int need = 24;
	__le16 fc;
	u16 stype;

	if (len < 2)
		return LOOM_SNIFF_SHORT;
	fc = get_unaligned((__le16 *)h);
	stype = le16_to_cpu(fc) & IEEE80211_FCTL_STYPE;
	obs->subtype = stype >> 4;
	if (ieee80211_is_ctl(fc)) {
		obs->type = LOOM_SNIFF_TYPE_CTRL;
		if (!loom_sniff_ctl_has_ta(stype))
			return len < 10 ? LOOM_SNIFF_SHORT : LOOM_SNIFF_NO_TA;
		/* Frame control, duration, RA, TA. */
		need = 16;
	} else if (ieee80211_is_mgmt(fc)) {
		obs->type = LOOM_SNIFF_TYPE_MGMT;
	} else if (ieee80211_is_data(fc)) {
		obs->type = LOOM_SNIFF_TYPE_DATA;
	} else {
		/* Extension frames (DMG beacons): the same header start. */
		obs->type = LOOM_SNIFF_TYPE_EXT;
		need = 16;
	}
	/* Management and data: frame control to sequence control. */
	if (len < need)
		return LOOM_SNIFF_SHORT;
	ether_addr_copy(obs->ta, h + 10);
	return LOOM_SNIFF_OK;
}

/**
 * struct loom_sniff_bitmap - what one radiotap bitmap said of the signal
 * @signal: its DBM_ANTSIGNAL, 0.01 dBm
 * @has_signal: it had one
 * @antenna: its ANTENNA field, or -1
 */
struct loom_sniff_bitmap {
	s32 signal;
	bool has_signal;
	int antenna;
};

/*
 * A bitmap is over: a signal with an antenna index is that chain's, one
 * without is the combined signal (the first such counts).
 */
static void loom_sniff_commit(struct loom_sniff_bitmap *b,
			      struct loom_sniff_obs *obs, bool *combined)
{
	if (b->has_signal && b->antenna >= 0) {
		if (b->antenna < LOOM_SNIFF_ANTENNAS) {
			obs->ant_cdbm[b->antenna] = b->signal;
			obs->ant_mask |= BIT(b->antenna);
		}
	} else if (b->has_signal && !*combined) {
		obs->signal_cdbm = b->signal;
		*combined = true;
	}
	b->has_signal = false;
	b->antenna = -1;
}

/**
 * loom_sniff_parse() - the transmitter and signal of a monitor-mode frame
 * @buf: the frame as a monitor interface delivers it: a radiotap header,
 *	then the 802.11 frame (with its FCS if the radiotap flags say so)
 * @len: bytes at @buf
 * @obs: receives the observation (valid only for LOOM_SNIFF_OK)
 *
 * Fields are grouped by the bitmap that announced them: the iterator's
 * pointer to the next bitmap moves exactly when a bitmap's fields are
 * done, and within one bitmap DBM_ANTSIGNAL (bit 5) comes before ANTENNA
 * (bit 11), so a chain's index is only known at its bitmap's end.
 *
 * Context: any; touches nothing but @obs.
 * Return: LOOM_SNIFF_OK, or why the frame tells nothing
 * (enum loom_sniff_verdict).
 */
enum loom_sniff_verdict loom_sniff_parse(const u8 *buf, unsigned int len,
					 struct loom_sniff_obs *obs)
{
	struct ieee80211_radiotap_header *rt = (void *)buf;
	struct loom_sniff_bitmap b = { .antenna = -1 };
	struct ieee80211_radiotap_iterator it;
	bool combined = false, fcs = false;
	unsigned int rt_len, tail;
	const __le32 *word;
	int err;

	memset(obs, 0, sizeof(*obs));
	if (len > INT_MAX)
		return LOOM_SNIFF_BAD_RADIOTAP;
	err = ieee80211_radiotap_iterator_init(&it, rt, len, NULL);
	if (err)
		return LOOM_SNIFF_BAD_RADIOTAP;
	word = it._next_bitmap;
	while (!(err = ieee80211_radiotap_iterator_next(&it))) {
		if (it._next_bitmap != word) {
			loom_sniff_commit(&b, obs, &combined);
			word = it._next_bitmap;
		}
		if (!it.is_radiotap_ns)
			continue;
		switch (it.this_arg_index) {
		case IEEE80211_RADIOTAP_FLAGS:
			if (*it.this_arg & IEEE80211_RADIOTAP_F_BADFCS)
				return LOOM_SNIFF_BAD_FCS;
			fcs = *it.this_arg & IEEE80211_RADIOTAP_F_FCS;
			break;
		case IEEE80211_RADIOTAP_CHANNEL:
			obs->freq_mhz = get_unaligned_le16(it.this_arg);
			break;
		case IEEE80211_RADIOTAP_ANTENNA:
			b.antenna = *it.this_arg;
			break;
		case IEEE80211_RADIOTAP_DBM_ANTSIGNAL:
			b.signal = (s8)*it.this_arg * 100;
			b.has_signal = true;
			break;
		}
	}
	/* -ENOENT: the end, or a field it cannot size; fields before it hold. */
	if (err != -ENOENT)
		return LOOM_SNIFF_BAD_RADIOTAP;
	loom_sniff_commit(&b, obs, &combined);
	if (!combined && obs->ant_mask) {
		obs->signal_cdbm = obs->ant_cdbm[__ffs(obs->ant_mask)];
		combined = true;
	}
	if (!combined)
		return LOOM_SNIFF_NO_SIGNAL;
	rt_len = get_unaligned_le16(buf + 2);
	tail = len - rt_len;
	if (fcs) {
		if (tail < FCS_LEN)
			return LOOM_SNIFF_SHORT;
		tail -= FCS_LEN;
	}
	return loom_sniff_80211(buf + rt_len, tail, obs);
}
