// SPDX-License-Identifier: GPL-2.0
/*
 * A running node's loomN device (LOOM_CMD_NODE_GET) and AF_LOOM sockets
 * bound to it.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "loom.h"
#include "loom_int.h"

static struct nla_policy ifindex_policy[LOOM_ATTR_MAX + 1] = {
	[LOOM_ATTR_IFINDEX] = { .type = NLA_U32 },
};

int loom_node_parse_ifindex(struct nlmsghdr *nlh)
{
	struct nlattr *tb[LOOM_ATTR_MAX + 1];
	u32 v;

	if (genlmsg_parse(nlh, 0, tb, LOOM_ATTR_MAX, ifindex_policy))
		return -EINVAL;
	v = tb[LOOM_ATTR_IFINDEX] ? nla_get_u32(tb[LOOM_ATTR_IFINDEX]) : 0;
	if (!v || v > INT_MAX)
		return -ENODEV;
	return (int)v;
}

static int ifindex_cb(struct nl_msg *msg, void *arg)
{
	*(int *)arg = loom_node_parse_ifindex(nlmsg_hdr(msg));
	return NL_OK;
}

int loom_node_ifindex(const char *node)
{
	int err, ifindex = -EPROTO;
	struct loom_nl nl;
	struct nl_msg *msg;

	if (!node || !*node || strlen(node) > LOOM_NAME_MAX)
		return -EINVAL;
	err = loom_nl_start(&nl);
	if (err)
		return err;
	msg = loom_nl_msg(&nl, LOOM_CMD_NODE_GET, 0, 0);
	if (!msg || nla_put_string(msg, LOOM_ATTR_NAME, node)) {
		nlmsg_free(msg);
		err = -ENOMEM;
	} else {
		/* Not running: -ENOENT, the kernel's word. */
		err = loom_nl_request(&nl, msg, ifindex_cb, &ifindex);
	}
	loom_nl_close(&nl);
	return err ? err : ifindex;
}

int loom_socket_open_ifindex(int ifindex, uint8_t port)
{
	struct sockaddr_loom sa;
	int fd, err;

	if (ifindex <= 0)
		return -ENODEV;
	fd = socket(AF_LOOM, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sloom_family = AF_LOOM;
	sa.sloom_port = port;
	sa.sloom_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int loom_socket_open(const char *node, uint8_t port)
{
	int ifindex = loom_node_ifindex(node);

	return ifindex < 0 ? ifindex : loom_socket_open_ifindex(ifindex, port);
}
