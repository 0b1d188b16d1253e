/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LML's messages (Documentation/lml.rst, "Messages"): UDP datagrams to
 * port 24000, each one JSON object, built and checked here.  A datagram
 * that is not exactly one of these is refused with the reason.
 */
#ifndef _LOOMCTL_LML_MSG_H
#define _LOOMCTL_LML_MSG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LML_PORT		24000
/* The largest message sent or accepted. */
#define LML_MSG_MAX		512
#define LML_ID_MAX		32
#define LML_NOISE_MIN_DBM	(-127)
#define LML_NOISE_MAX_DBM	0
#define LML_INTERVAL_MIN_MS	10
#define LML_INTERVAL_MAX_MS	60000
#define LML_PORT_MIN		1024
#define LML_CAL_PACKETS_MAX	10000

/**
 * enum lml_kind - which message
 * @LML_ROOT: a root announces itself ("type": "root", "id", "since_ms")
 * @LML_PAIR_REQUEST: a leaf asks to pair ("type": "pairing", "id",
 *	"noise")
 * @LML_PAIR_RESPONSE: the root's answer ("type": "pairing", "noise",
 *	"port_to_communicate", "interval")
 * @LML_PAIR_CONFIRM: the leaf confirms ("type": "pairing", "noise",
 *	"confirmation": true)
 * @LML_CALIBRATION: the root names the leaf to send ("type":
 *	"calibration", "num_of_calibration_packets", "leaf")
 */
enum lml_kind {
	LML_ROOT,
	LML_PAIR_REQUEST,
	LML_PAIR_RESPONSE,
	LML_PAIR_CONFIRM,
	LML_CALIBRATION,
};

/**
 * struct lml_msg - one message, whichever it is
 * @kind: enum lml_kind
 * @id: a root's or leaf's name (ROOT, PAIR_REQUEST)
 * @since_ms: how long the root has been root (ROOT)
 * @noise: the sender's noise floor, dBm (the pairing messages)
 * @port: the root's port for this leaf (PAIR_RESPONSE)
 * @interval_ms: the leaf's reporting interval (PAIR_RESPONSE)
 * @packets: calibration packets to send (CALIBRATION)
 * @leaf: the leaf that sends them, link-local (CALIBRATION)
 */
struct lml_msg {
	enum lml_kind kind;
	char id[LML_ID_MAX + 1];
	uint64_t since_ms;
	int noise;
	unsigned int port;
	unsigned int interval_ms;
	unsigned int packets;
	struct in6_addr leaf;
};

int lml_msg_parse(const char *buf, size_t len, struct lml_msg *out,
		  char *err, size_t errlen);
int lml_msg_format(const struct lml_msg *m, char *buf, size_t len);

#endif /* _LOOMCTL_LML_MSG_H */
