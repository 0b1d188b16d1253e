/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ethernet-framed interfaces (mac80211 mesh point or IBSS, veth, ...) as
 * Loom radios: frames in EtherType LOOM_ETH_P.
 */
#ifndef _LOOM_RADIO_ETHER_H
#define _LOOM_RADIO_ETHER_H

#include "radio.h"

struct net;
struct netlink_ext_ack;

u64 loom_ether_airtime(u32 rate_kbps, u16 len);
int loom_ether_attach(struct net *net, const char *ifname, const char *name,
		      u32 rate_kbps, struct netlink_ext_ack *extack);
int loom_ether_detach_name(struct net *net, const char *name,
			   struct netlink_ext_ack *extack);
int loom_ether_init(void);
void loom_ether_exit(void);

#endif /* _LOOM_RADIO_ETHER_H */
