/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink messages for the unit tests: requests taken apart attribute by
 * attribute, replies made the way the kernel makes them.
 */
#ifndef _LOOM_TEST_MSGUTIL_H
#define _LOOM_TEST_MSGUTIL_H

#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

/* A generic netlink message of @family, @cmd, @version; NULL if no memory. */
struct nl_msg *msg_new(int family, int cmd, int version);

/* How many top-level attributes @msg has. */
int msg_count(struct nl_msg *msg);

/*
 * The one attribute of @type (a failed check if there are none or
 * several), which must have @size bytes unless @size is negative.
 */
struct nlattr *msg_get(struct nl_msg *msg, int type, int size);

/*
 * A u64 the way nla_put_u64_64bit() puts it: a zero-length padding
 * attribute of type @pad first (always here; the kernel only when the
 * value would not be 8-byte aligned).
 */
void msg_put_u64_pad(struct nl_msg *msg, int type, uint64_t v, int pad);

#endif /* _LOOM_TEST_MSGUTIL_H */
