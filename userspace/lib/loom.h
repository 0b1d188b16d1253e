/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libloom: what an application needs around an AF_LOOM socket.
 *
 * Node names and addresses (the topology loaded in the caller's network
 * namespace, read over the "loom" generic netlink family), the loomN
 * device of a running node, and a socket bound to it.  Every function
 * returns 0 or a result >= 0, or a negative errno; none prints anything,
 * keeps state between calls or is unsafe to call from several threads.
 *
 * Build with -I<tree>/uapi -I<tree>/userspace/lib, link userspace/lib/
 * libloom.a and libnl: $(pkg-config --libs libnl-genl-3.0).
 */
#ifndef _LIBLOOM_H
#define _LIBLOOM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/loom.h>

/* Room for a node's name and its NUL (loom_addr_name()'s @buf). */
#define LOOM_NAME_BUF	(LOOM_NAME_MAX + 1)

/*
 * An address written as a number: 1 to 4 hex digits, "0x" or "0X" in
 * front optional ("0x1100", "1100" and "f000" are hex; so is "4352",
 * which is 0x4352: Loom addresses are always written in hex).  Nothing
 * else: no sign, no blanks.  Returns 0, -EINVAL when @s is not such a
 * number, or -ERANGE when it has more than 4 digits.  0x0000 (reserved)
 * is returned as any other number.  loomctl reads addresses with this
 * function too.
 */
int loom_parse_addr(const char *s, uint16_t *addr);

/*
 * A 48-bit address (a mesh node's, LOOM_ADDR_KIND_MESH): six pairs of hex
 * digits, either case, separated by colons ("02:4c:4f:4d:00:01"), nothing
 * before or after.  Returns 0 with the bytes in @addr[0..5], or -EINVAL
 * (@addr untouched).  loomctl and loom-medium read addresses with it.
 */
int loom_parse_hwaddr(const char *s, uint8_t *addr);

/*
 * A node's name in the topology loaded in this network namespace (exact,
 * and tried first: a node named "1100" is that node), else a hex number
 * as loom_parse_addr() reads it, into *@addr.  A number needs no topology,
 * nor the module.  Returns 0, or:
 *   -EINVAL   @s is empty, longer than a name can be, or the reserved
 *             address 0x0000;
 *   -ERANGE   a number of more than 4 hex digits;
 *   -ENOENT   no node has that name (or no topology is loaded);
 *   -EPROTONOSUPPORT  the loom module is not loaded (a name cannot be
 *             looked up);
 *   another errno of the netlink exchange.
 */
int loom_resolve(const char *name_or_addr, uint16_t *addr);

/*
 * The name of the node of the loaded topology that has @addr, copied
 * into @buf (LOOM_NAME_BUF bytes always suffice).  Returns 0, -ENOENT
 * when no node has it (or no topology is loaded), -ERANGE when @len is
 * too small for the name, -EPROTONOSUPPORT without the module, or
 * another errno of the netlink exchange.
 */
int loom_addr_name(uint16_t addr, char *buf, size_t len);

/*
 * The interface index of the loomN device of @node, a node running in
 * this network namespace.  Returns it (> 0), or -EINVAL (a name that
 * cannot be one), -ENOENT (no node of that name is running), -ENODEV
 * (the module reported no device: older than this library),
 * -EPROTONOSUPPORT (module not loaded) or another errno.
 */
int loom_node_ifindex(const char *node);

/*
 * A new AF_LOOM datagram socket bound to the loomN device @ifindex and
 * @port (LOOM_PORT_ANY: the kernel picks one from the ephemeral range).
 * Returns the descriptor (close() it), or -ENODEV for an @ifindex <= 0,
 * or what socket() or bind() failed with, negated: -EAFNOSUPPORT (no
 * AF_LOOM in this kernel), -EADDRINUSE, -EACCES (a port below
 * LOOM_PORT_PRIVILEGED without CAP_NET_BIND_SERVICE), ...
 */
int loom_socket_open_ifindex(int ifindex, uint8_t port);

/*
 * The same for the device of the running node @node: loom_node_ifindex(),
 * then loom_socket_open_ifindex(), with their errors.
 */
int loom_socket_open(const char *node, uint8_t port);

#endif /* _LIBLOOM_H */
