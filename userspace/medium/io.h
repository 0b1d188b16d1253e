/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loom-medium's netlink side: takes the kernel's messages apart (every
 * one validated before use), has the medium decide, and batches the
 * replies.  Sending goes through a callback, so the unit tests see the
 * exact bytes the kernel would get.
 */
#ifndef _LOOM_MEDIUM_IO_H
#define _LOOM_MEDIUM_IO_H

#include <linux/netlink.h>

#include "medium.h"

#define LM_OUT_MAX	(64 * 1024)	/* one send() of replies at most */
#define LM_RING		4096		/* sent messages remembered */

enum {
	LM_REG_NONE,
	LM_REG_WAITING,
	LM_REG_DONE,
};

/**
 * struct lm_sent - what a message we sent was about
 * @seq: its sequence number
 * @tx: the frame's sender (radio index)
 * @rx: the receiver of a delivery, -1 for a status report
 */
struct lm_sent {
	uint32_t seq;
	int tx;
	int rx;
};

/**
 * struct lm_io - the medium's netlink conversation
 * @m: the medium
 * @family: MAC80211_HWSIM's generic netlink id
 * @seq: sequence number of the last message sent
 * @out: replies not yet sent, @outlen bytes in @nout messages
 * @outlen: bytes in @out
 * @nout: messages in @out
 * @ring: the last LM_RING messages sent, by seq % LM_RING
 * @send: sends @len bytes of messages; 0 or -errno
 * @priv: for @send
 * @reg: LM_REG_*: where HWSIM_CMD_REGISTER is
 * @reg_seq: its sequence number
 * @reg_err: the kernel's answer to it (0 or -errno)
 * @deliv: room for lm_decide()'s deliveries, @ndeliv entries
 * @ndeliv: entries in @deliv
 * @family_gone: the kernel removed MAC80211_HWSIM (rmmod mac80211_hwsim)
 * @verbose: log decisions (2) or events (1) on standard error
 * @logged_invalid: invalid messages logged so far (the first few are)
 */
struct lm_io {
	struct lm_medium *m;
	int family;
	uint32_t seq;
	uint8_t out[LM_OUT_MAX];
	size_t outlen;
	unsigned int nout;
	struct lm_sent ring[LM_RING];
	int (*send)(struct lm_io *io, const void *buf, size_t len);
	void *priv;
	int reg;
	uint32_t reg_seq;
	int reg_err;
	struct lm_delivery *deliv;
	unsigned int ndeliv;
	bool family_gone;
	int verbose;
	unsigned int logged_invalid;
};

void lm_io_init(struct lm_io *io, struct lm_medium *m, int family);
void lm_io_free(struct lm_io *io);
/* Takes @len bytes of netlink messages, as one recv() returned them. */
void lm_io_input(struct lm_io *io, const void *buf, size_t len);
/* Queues HWSIM_CMD_REGISTER (with an ACK request) and sends it. */
int lm_io_register(struct lm_io *io);
/* Sends what is queued; 0 or the send callback's error. */
int lm_io_flush(struct lm_io *io);

#endif /* _LOOM_MEDIUM_IO_H */
