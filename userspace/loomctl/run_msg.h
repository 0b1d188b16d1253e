/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "loom" family's messages for radios and running nodes: the
 * attributes of RADIO_ADD, RADIO_DEL, RADIO_SET, NODE_START (with a saved
 * state, too), NODE_STOP, NODE_GET, LINK_GET and SEND, and the parsing
 * of the RADIO_GET, NODE_GET and LINK_GET replies and of the RECV and
 * EVENT notifications (uapi/linux/loom.h).  No socket here, so it is
 * unit-testable.
 */
#ifndef _LOOMCTL_RUN_MSG_H
#define _LOOMCTL_RUN_MSG_H

#include <netlink/msg.h>

#include "mesh_parse.h"
#include "run_parse.h"

/*
 * Each put function appends attributes to @msg, whose generic netlink
 * header is already there, and returns 0 or a negative libnl error.
 */

/*
 * LOOM_ATTR_NAME (NODE_STOP, NODE_GET, LINK_GET) and, if not NULL,
 * LOOM_ATTR_RADIO (NODE_START).
 */
int run_msg_put_node(struct nl_msg *msg, const char *name, const char *radio);
/*
 * LOOM_ATTR_NAME, LOOM_ATTR_DST, LOOM_ATTR_DATA and, unless @port is
 * LOOM_PORT_ANY (the kernel's default then: LOOM_PORT_MESSAGE),
 * LOOM_ATTR_PORT (SEND).
 */
int run_msg_put_send(struct nl_msg *msg, const char *from, u16 dst, u8 port,
		     const void *data, size_t len);
/* The same to an address of either kind: LOOM_ATTR_DST_HW for a mesh's. */
int run_msg_put_send_to(struct nl_msg *msg, const char *from,
			const struct run_addr *dst, u8 port, const void *data,
			size_t len);

/*
 * "mesh start": LOOM_ATTR_NAME, LOOM_ATTR_RADIO, LOOM_ATTR_PROTO
 * (LOOM_PROTO_DHYARA) and LOOM_ATTR_MESH (NLA_F_NESTED) holding what @s
 * gives of BEACON_MS, POLICY and DUTY_PPM (NODE_START); with none of
 * them, no nest (libnl drops an empty one): the kernel's defaults.
 */
int run_msg_put_mesh_start(struct nl_msg *msg, const struct mesh_start *s);
/*
 * An echo request (LOOM_CMD_PING): LOOM_ATTR_NAME, LOOM_ATTR_DST_HW,
 * LOOM_ATTR_SEQ and, unless @hop_limit is 0, LOOM_ATTR_HOP_LIMIT.
 */
int run_msg_put_ping(struct nl_msg *msg, const char *name, const u8 *dst,
		     u16 seq, u8 hop_limit);

/*
 * LOOM_ATTR_STATE with every field of @st (NODE_START, after
 * run_msg_put_node()): the node starts from that saved state.
 */
int run_msg_put_state(struct nl_msg *msg, const struct run_state *st);

/*
 * What @rq holds of LOOM_ATTR_RADIO, LOOM_ATTR_IFNAME, LOOM_ATTR_RATE,
 * LOOM_ATTR_NETNS_FD and LOOM_ATTR_NETNS_PID (RADIO_ADD, RADIO_DEL,
 * RADIO_SET): the strings when not NULL, the numbers when not 0 (the
 * descriptor when not negative).
 */
int run_msg_put_radio(struct nl_msg *msg, const struct run_radio_req *rq);

/*
 * Parsers of one message each.  Unknown attributes (a newer kernel's) are
 * skipped, absent optional ones read as 0.  Return 0, or -EINVAL when the
 * message is malformed or lacks what identifies it: the radio's name,
 * the node's name and address, a link's nest and address.  A NODE_GET
 * reply's slot-edge histogram must have exactly LOOM_EDGE_BUCKETS
 * values, its saved state every field LOOM_CMD_NODE_START needs back.
 * An RSSI or SNR left out (the radio cannot tell) reads as
 * LOOM_SIGNAL_UNKNOWN.  @d->data points into @nlh.
 */
int run_msg_parse_radio(struct nlmsghdr *nlh, struct run_radio *r);
int run_msg_parse_node(struct nlmsghdr *nlh, struct run_node *nd);
int run_msg_parse_datagram(struct nlmsghdr *nlh, struct run_datagram *d);
int run_msg_parse_event(struct nlmsghdr *nlh, struct run_event *ev);
/* One message of the LINK_GET dump. */
int run_msg_parse_link(struct nlmsghdr *nlh, struct run_link *l);
/*
 * A mesh node's: one message of its LINK_GET dump (the nest needs
 * LOOM_LINK_ATTR_HWADDR), of its ROUTE_GET dump (DEST, VIA and HOPS
 * needed), the kernel's answer to an echo request (SRC_HW and SEQ
 * needed).  A mesh node's NODE_GET reply, RECV and EVENT carry
 * LOOM_ATTR_HWADDR in place of LOOM_ATTR_ADDR (either is needed),
 * datagrams LOOM_ATTR_SRC_HW in place of LOOM_ATTR_SRC; a reply's
 * LOOM_ATTR_MESH and LOOM_ATTR_COUNTERS (each counter needs a name and a
 * value) go to @nd->mesh and @nd->counters.
 */
int run_msg_parse_mesh_link(struct nlmsghdr *nlh, struct mesh_link *l);
int run_msg_parse_route(struct nlmsghdr *nlh, struct mesh_route *r);
int run_msg_parse_answer(struct nlmsghdr *nlh, struct mesh_answer *a);

#endif /* _LOOMCTL_RUN_MSG_H */
