/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "loom_hwsim" netlink messages: the attributes of the requests and the
 * parsing of the replies (uapi/linux/loom_hwsim.h).  No socket here, so it
 * is unit-testable.
 */
#ifndef _LOOMCTL_HWSIM_MSG_H
#define _LOOMCTL_HWSIM_MSG_H

#include <netlink/msg.h>

#include "hwsim_parse.h"

/*
 * Each put function appends attributes to @msg, whose generic netlink
 * header is already there, and returns 0 or a negative libnl error.
 */

/* The settings given in @st (RADIO_NEW, RADIO_SET). */
int hwsim_msg_put_settings(struct nl_msg *msg,
			   const struct hwsim_settings *st);
/* FROM, TO and, with @ea (EDGE_SET; NULL for EDGE_DEL), RSSI, SNR, LOSS. */
int hwsim_msg_put_edge(struct nl_msg *msg, uint32_t from, uint32_t to,
		       const struct hwsim_edge_args *ea, bool both);
/* The path-loss model and seed given in @ma (MEDIUM_SET). */
int hwsim_msg_put_medium(struct nl_msg *msg,
			 const struct hwsim_medium_args *ma);

/*
 * Parsers of one reply each (RADIO_GET, EDGE_GET, MEDIUM_GET or RUN).
 * Absent attributes read as 0.  Return 0, or -EINVAL when the message is
 * malformed or lacks the radio id (FROM and TO for an edge).
 */
int hwsim_msg_parse_radio(struct nlmsghdr *nlh, struct hwsim_radio *r);
int hwsim_msg_parse_edge(struct nlmsghdr *nlh, struct hwsim_edge *e);
int hwsim_msg_parse_medium(struct nlmsghdr *nlh, struct hwsim_medium *m);

#endif /* _LOOMCTL_HWSIM_MSG_H */
