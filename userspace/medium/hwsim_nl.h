/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink API of mac80211_hwsim's medium mode, as Linux 6.1
 * defines it in drivers/net/wireless/mac80211_hwsim.h (a driver header,
 * not part of the uapi, so the numbers are written down here).  Only what
 * a medium uses.
 */
#ifndef _LOOM_MEDIUM_HWSIM_NL_H
#define _LOOM_MEDIUM_HWSIM_NL_H

#include <stdint.h>

#define HWSIM_FAMILY_NAME	"MAC80211_HWSIM"
#define HWSIM_FAMILY_VERSION	1

enum {
	HWSIM_CMD_REGISTER = 1,
	HWSIM_CMD_FRAME = 2,
	HWSIM_CMD_TX_INFO_FRAME = 3,
	HWSIM_CMD_ADD_MAC_ADDR = 7,
	HWSIM_CMD_DEL_MAC_ADDR = 8,
};

enum {
	HWSIM_ATTR_ADDR_RECEIVER = 1,
	HWSIM_ATTR_ADDR_TRANSMITTER = 2,
	HWSIM_ATTR_FRAME = 3,
	HWSIM_ATTR_FLAGS = 4,
	HWSIM_ATTR_RX_RATE = 5,
	HWSIM_ATTR_SIGNAL = 6,
	HWSIM_ATTR_TX_INFO = 7,
	HWSIM_ATTR_COOKIE = 8,
	HWSIM_ATTR_FREQ = 19,
	HWSIM_ATTR_PAD = 20,
	HWSIM_ATTR_TX_INFO_FLAGS = 21,
	HWSIM_ATTR_MAX_USED = 21,
};

/* HWSIM_ATTR_FLAGS */
#define HWSIM_TX_CTL_REQ_TX_STATUS	(1U << 0)
#define HWSIM_TX_CTL_NO_ACK		(1U << 1)
#define HWSIM_TX_STAT_ACK		(1U << 2)

/* HWSIM_ATTR_TX_INFO_FLAGS: per-rate flags the medium looks at. */
#define HWSIM_TX_RC_MCS			(1U << 3)
#define HWSIM_TX_RC_VHT_MCS		(1U << 8)

/* mac80211's IEEE80211_TX_MAX_RATES: the kernel wants exactly four. */
#define HWSIM_TX_MAX_RATES	4

/* struct hwsim_tx_rate: { s8 idx; u8 count; } packed, 2 bytes. */
struct hwsim_rate {
	int8_t idx;
	uint8_t count;
} __attribute__((packed));

/* struct hwsim_tx_rate_flag: { s8 idx; u16 flags; } packed, 3 bytes. */
struct hwsim_rate_flag {
	int8_t idx;
	uint16_t flags;
} __attribute__((packed));

/* The kernel refuses frames shorter than a 3-address header back. */
#define HWSIM_MIN_FRAME		24
/* IEEE80211_MAX_DATA_LEN: the longest frame either way. */
#define HWSIM_MAX_FRAME		2304

#endif /* _LOOM_MEDIUM_HWSIM_NL_H */
