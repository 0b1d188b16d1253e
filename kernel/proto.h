/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Protocols: what runs on a claimed radio behind a loomN device.  The Loom
 * tree is one, the Dhyara mesh another.  The core (kernel/run.c, the
 * device, AF_LOOM sockets and the netlink commands) knows an instance
 * only through its protocol's operations (Documentation/architecture.rst).
 */
#ifndef _LOOM_PROTO_H
#define _LOOM_PROTO_H

#include <linux/etherdevice.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/loom.h>

struct loom_radio;
struct loom_run;
struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

/**
 * struct loom_addr - an address of either kind
 * @kind: enum loom_addr_kind
 * @tree: LOOM_ADDR_KIND_TREE: the 16-bit hierarchical address
 * @mesh: LOOM_ADDR_KIND_MESH: the 48-bit address (a radio's MAC address)
 */
struct loom_addr {
	u8 kind;
	union {
		u16 tree;
		u8 mesh[ETH_ALEN];
	};
};

bool loom_addr_equal(const struct loom_addr *a, const struct loom_addr *b);

/**
 * struct loom_proto_ops - a protocol, registered with loom_proto_register()
 * @list: in the list of protocols (the core's)
 * @name: its name ("tree")
 * @id: enum loom_proto
 * @addr_kind: enum loom_addr_kind of its addresses
 * @priv_size: bytes of per-instance state, loom_run_priv()
 * @radios_max: radios one instance may run on (0 counts as 1); @r below
 *	is the first, &loom_run.radios has them all
 * @prepare: check a start request and plan the instance on @r, before
 *	the radios are claimed: every refusal of the request's own attributes
 *	comes from here (@attrs: LOOM_CMD_NODE_START's, LOOM_ATTR_MAX + 1),
 *	and nothing changes but &loom_run.priv (zeroed before).  Process
 *	context, the radio registry's lock held.
 * @start: start the prepared instance on @r (and the others), now
 *	claimed for it.  It may set &loom_run.synced (the device's carrier
 *	when it registers).  Same context.  On failure nothing of the
 *	instance runs, @extack says why, and the core releases the radios
 *	and calls @destroy (which must cope with whatever @start had set up,
 *	from nothing on).
 * @halt: stop everything that calls up or sends; after it no radio
 *	callback or timer of the instance acts.  Same context as @start.
 * @destroy: free what the instance holds; after @halt, the radios
 *	released and a grace period over.  Same context.
 * @send: a datagram (dispatch byte first) to @dst; any context, under
 *	rcu_read_lock() or the registry's lock.  0 once queued, or -errno.
 *	A protocol with delivery reports passes @cookie (0: none wanted) to
 *	loom_run_report() with the outcome.
 * @datagram_max: the largest datagram @send takes, dispatch byte included
 * @own_addr: the instance's address
 * @addr_to_mac: the 48-bit form of @a that IPv6 interface identifiers
 *	derive from (RFC 4291 appendix A): the loomN device's permanent
 *	address for its own, and for a destination's identifier
 * @addr_from_mac: the reverse; false if @mac names no address of this
 *	protocol
 * @fill_info: the instance's counters and state for LOOM_CMD_NODE_GET;
 *	the registry's lock held.  0 or -EMSGSIZE.
 * @save: what the instance needs to come back after a power cycle, as
 *	LOOM_ATTR_STATE into LOOM_CMD_NODE_GET's reply (nothing if it has
 *	nothing to keep); @start restores it from the same attribute.  The
 *	registry's lock held.  0 or -EMSGSIZE.  May be NULL.
 * @dump_links: LOOM_CMD_LINK_GET for the instance: one message per
 *	neighbour into @skb, resuming at cb->args[0]; the registry's lock
 *	held.  Return as a dumpit does.
 * @dump_routes: the same for its routes (a mesh's originators); NULL if
 *	the protocol routes by address alone (the tree).
 * @detach: radio @r, not the first, goes away: the instance runs on
 *	without it (process context, the registry's lock held; after it
 *	returns nothing of the instance calls @r).  NULL: the instance stops
 *	with it.
 * @ping: a layer-2 echo request numbered @seq to @dst, at most
 *	@hop_limit transmissions (0: the protocol's limit); its answer goes
 *	to netlink port @portid through loom_nl_ping_reply().  The
 *	registry's lock held.  0, or -errno with @extack set.  NULL if the
 *	protocol has none (the tree answers echoes at port LOOM_PORT_ECHO).
 *
 * Every operation but @prepare, @start and @destroy runs only on an
 * instance @start set up.
 */
struct loom_proto_ops {
	struct list_head list;
	const char *name;
	u8 id;
	u8 addr_kind;
	size_t priv_size;
	u8 radios_max;
	int (*prepare)(struct loom_run *run, struct loom_radio *r,
		       struct nlattr **attrs, struct netlink_ext_ack *extack);
	int (*start)(struct loom_run *run, struct loom_radio *r,
		     struct netlink_ext_ack *extack);
	void (*halt)(struct loom_run *run);
	void (*destroy)(struct loom_run *run);
	int (*send)(struct loom_run *run, const struct loom_addr *dst,
		    const u8 *buf, size_t len, u64 cookie);
	size_t (*datagram_max)(struct loom_run *run);
	void (*own_addr)(struct loom_run *run, struct loom_addr *a);
	void (*addr_to_mac)(const struct loom_addr *a, u8 *mac);
	bool (*addr_from_mac)(const u8 *mac, struct loom_addr *a);
	int (*fill_info)(struct loom_run *run, struct sk_buff *msg);
	int (*save)(struct loom_run *run, struct sk_buff *msg);
	int (*dump_links)(struct loom_run *run, struct sk_buff *skb,
			  struct netlink_callback *cb);
	int (*dump_routes)(struct loom_run *run, struct sk_buff *skb,
			   struct netlink_callback *cb);
	void (*detach)(struct loom_run *run, struct loom_radio *r);
	int (*ping)(struct loom_run *run, const struct loom_addr *dst,
		    u16 seq, u8 hop_limit, u32 portid,
		    struct netlink_ext_ack *extack);
};

int loom_proto_register(struct loom_proto_ops *ops);
void loom_proto_unregister(struct loom_proto_ops *ops);
const struct loom_proto_ops *loom_proto_find(u8 id);

/* The Loom tree, kernel/tree.c. */
int loom_tree_init(void);
void loom_tree_exit(void);

/* The Dhyara mesh, kernel/dhyara/proto.c. */
int loom_dhyara_init(void);
void loom_dhyara_exit(void);

#endif /* _LOOM_PROTO_H */
