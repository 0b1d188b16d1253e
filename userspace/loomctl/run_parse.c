// SPDX-License-Identifier: GPL-2.0
/*
 * The running network's words: names, addresses, datagram bytes, counter,
 * event and radio kind names, signal levels, and the operands of the
 * commands that take keywords ("send", "node start", "radio add", "radio
 * set").
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hwsim_parse.h"
#include "loom.h"
#include "loom_int.h"
#include "output.h"
#include "run_parse.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const mac_stat_names[__LOOM_MAC_STAT_MAX] = {
	[LOOM_MAC_STAT_REFRESH_TX] = "refresh_tx",
	[LOOM_MAC_STAT_REFRESH_RX] = "refresh_rx",
	[LOOM_MAC_STAT_REFRESH_MISSED] = "refresh_missed",
	[LOOM_MAC_STAT_SYNC_LOST] = "sync_lost",
	[LOOM_MAC_STAT_DATA_TX] = "data_tx",
	[LOOM_MAC_STAT_POLLS] = "polls",
	[LOOM_MAC_STAT_ACKED] = "acked",
	[LOOM_MAC_STAT_FAILS] = "fails",
	[LOOM_MAC_STAT_GIVEN_UP] = "given_up",
	[LOOM_MAC_STAT_QUEUE_FULL] = "queue_full",
	[LOOM_MAC_STAT_DUPS] = "dups",
	[LOOM_MAC_STAT_DELIVERED] = "delivered",
	[LOOM_MAC_STAT_IGNORED] = "ignored",
	[LOOM_MAC_STAT_XMIT_ERRORS] = "xmit_errors",
	[LOOM_MAC_STAT_RX_DROPPED] = "rx_dropped",
	[LOOM_MAC_STAT_MORE_RX] = "more_rx",
	[LOOM_MAC_STAT_MORE_MISSED] = "more_missed",
	[LOOM_MAC_STAT_CONFIG_MISMATCH] = "config_mismatch",
	[LOOM_MAC_STAT_LATE_SKIPS] = "late_skips",
	[LOOM_MAC_STAT_LATE_REFRESH] = "late_refresh",
	[LOOM_MAC_STAT_HELD] = "held",
};

static const char *const net_stat_names[__LOOM_NET_STAT_MAX] = {
	[LOOM_NET_STAT_TX_DATAGRAMS] = "tx_datagrams",
	[LOOM_NET_STAT_TX_FRAGS] = "tx_frags",
	[LOOM_NET_STAT_RX_DATAGRAMS] = "rx_datagrams",
	[LOOM_NET_STAT_RX_FRAGS] = "rx_frags",
	[LOOM_NET_STAT_FORWARDED] = "forwarded",
	[LOOM_NET_STAT_ERRORS_SENT] = "errors_sent",
	[LOOM_NET_STAT_ERRORS_RX] = "errors_rx",
	[LOOM_NET_STAT_DROP_NO_ROUTE] = "drop_no_route",
	[LOOM_NET_STAT_DROP_QUEUE] = "drop_queue",
	[LOOM_NET_STAT_DROP_REASM] = "drop_reasm",
	[LOOM_NET_STAT_DROP_ORPHAN] = "drop_orphan",
	[LOOM_NET_STAT_DROP_TIMEOUT] = "drop_timeout",
	[LOOM_NET_STAT_DROP_EVICTED] = "drop_evicted",
	[LOOM_NET_STAT_DROP_GIVEN_UP] = "drop_given_up",
	[LOOM_NET_STAT_DROP_NOMEM] = "drop_nomem",
};

static const char *const dev_stat_names[__LOOM_DEV_STAT_MAX] = {
	[LOOM_DEV_STAT_RX_PORT] = "rx_port",
	[LOOM_DEV_STAT_RX_IPV6] = "rx_ipv6",
	[LOOM_DEV_STAT_ECHO] = "echo",
	[LOOM_DEV_STAT_DROP_NO_PORT] = "drop_no_port",
	[LOOM_DEV_STAT_DROP_SOCK_FULL] = "drop_sock_full",
	[LOOM_DEV_STAT_DROP_DOWN] = "drop_down",
	[LOOM_DEV_STAT_DROP_DISPATCH] = "drop_dispatch",
	[LOOM_DEV_STAT_DROP_NOMEM] = "drop_nomem",
	[LOOM_DEV_STAT_TX_IPV6] = "tx_ipv6",
	[LOOM_DEV_STAT_TX_DROP_MULTICAST] = "tx_drop_multicast",
	[LOOM_DEV_STAT_TX_DROP_NO_ADDR] = "tx_drop_no_addr",
	[LOOM_DEV_STAT_TX_DROP_REFUSED] = "tx_drop_refused",
	[LOOM_DEV_STAT_ECHO_REFUSED] = "echo_refused",
	[LOOM_DEV_STAT_RADIO_DOWN] = "radio_down",
	[LOOM_DEV_STAT_RADIO_UP] = "radio_up",
};

static const char *const radio_stat_names[__LOOM_RADIO_STAT_MAX] = {
	[LOOM_RADIO_STAT_TX_FRAMES] = "tx_frames",
	[LOOM_RADIO_STAT_TX_ERRORS] = "tx_errors",
	[LOOM_RADIO_STAT_RX_FRAMES] = "rx_frames",
	[LOOM_RADIO_STAT_RX_MALFORMED] = "rx_malformed",
	[LOOM_RADIO_STAT_RX_DEAF] = "rx_deaf",
	[LOOM_RADIO_STAT_RX_OTHERHOST] = "rx_otherhost",
	[LOOM_RADIO_STAT_RX_OTHERPROTO] = "rx_otherproto",
	[LOOM_RADIO_STAT_TX_UNICAST] = "tx_unicast",
	[LOOM_RADIO_STAT_SPI_ERRORS] = "spi_errors",
	[LOOM_RADIO_STAT_SPI_MESSAGES] = "spi_messages",
	[LOOM_RADIO_STAT_IRQ] = "irq",
	[LOOM_RADIO_STAT_IRQ_SPURIOUS] = "irq_spurious",
	[LOOM_RADIO_STAT_IRQ_UNEXPECTED] = "irq_unexpected",
	[LOOM_RADIO_STAT_IRQ_STUCK] = "irq_stuck",
	[LOOM_RADIO_STAT_RX_CRC_ERRORS] = "rx_crc_errors",
	[LOOM_RADIO_STAT_TX_TIMEOUTS] = "tx_timeouts",
	[LOOM_RADIO_STAT_RESETS] = "resets",
	[LOOM_RADIO_STAT_TX_START_NS] = "tx_start_ns",
	[LOOM_RADIO_STAT_TX_START_MAX_NS] = "tx_start_max_ns",
	[LOOM_RADIO_STAT_RX_IRQ_NS] = "rx_irq_ns",
	[LOOM_RADIO_STAT_RX_IRQ_MAX_NS] = "rx_irq_max_ns",
	[LOOM_RADIO_STAT_CAD] = "cad",
	[LOOM_RADIO_STAT_CAD_BUSY] = "cad_busy",
	[LOOM_RADIO_STAT_CAD_TIMEOUTS] = "cad_timeouts",
};

const char *run_mac_stat_name(unsigned int stat)
{
	return stat < ARRAY_LEN(mac_stat_names) ? mac_stat_names[stat] : NULL;
}

const char *run_net_stat_name(unsigned int stat)
{
	return stat < ARRAY_LEN(net_stat_names) ? net_stat_names[stat] : NULL;
}

const char *run_dev_stat_name(unsigned int stat)
{
	return stat < ARRAY_LEN(dev_stat_names) ? dev_stat_names[stat] : NULL;
}

const char *run_radio_stat_name(unsigned int stat)
{
	return stat < ARRAY_LEN(radio_stat_names) ? radio_stat_names[stat] :
						    NULL;
}

const char *run_proto_name(u8 proto)
{
	static const char *const names[] = {
		[LOOM_PROTO_TREE] = "tree",
		[LOOM_PROTO_DHYARA] = "dhyara",
	};

	return proto < ARRAY_LEN(names) ? names[proto] : NULL;
}

const char *run_radio_kind_name(u8 kind)
{
	static const char *const names[] = {
		[LOOM_RADIO_KIND_HWSIM] = "hwsim",
		[LOOM_RADIO_KIND_ETHER] = "ether",
		[LOOM_RADIO_KIND_SX127X] = "sx127x",
	};

	return kind < ARRAY_LEN(names) ? names[kind] : NULL;
}

/* The longest of @names[1..n-1], @w at least. */
static size_t widest(const char *const *names, size_t n, size_t w)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strlen(names[i]) > w)
			w = strlen(names[i]);
	return w;
}

size_t run_stat_name_width(void)
{
	size_t w = widest(mac_stat_names, ARRAY_LEN(mac_stat_names), 0);

	w = widest(net_stat_names, ARRAY_LEN(net_stat_names), w);
	return widest(dev_stat_names, ARRAY_LEN(dev_stat_names), w);
}

uint64_t run_net_drops(const struct run_node *nd)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = LOOM_NET_STAT_DROP_NO_ROUTE; i <= LOOM_NET_STAT_DROP_NOMEM;
	     i++)
		sum += nd->net[i];
	return sum;
}

uint64_t run_edge_bucket_ns(unsigned int b)
{
	unsigned int m, sub;

	/* Bucket 0: below 1024 ns.  Then 8 buckets per doubling. */
	if (!b)
		return 0;
	m = 10 + (b - 1) / 8;
	sub = (b - 1) % 8;
	return (1ULL << m) + sub * (1ULL << (m - 3));
}

uint64_t run_edge_count(const u32 *hist)
{
	uint64_t n = 0;
	unsigned int b;

	for (b = 0; b < LOOM_EDGE_BUCKETS; b++)
		n += hist[b];
	return n;
}

uint64_t run_edge_percentile(const u32 *hist, unsigned int pct)
{
	uint64_t n = run_edge_count(hist), rank, seen = 0;
	unsigned int b;

	if (!n)
		return 0;
	if (pct > 100)
		pct = 100;
	/* Nearest rank: the smallest error with @pct % at or below it. */
	rank = (n * pct + 99) / 100;
	if (!rank)
		rank = 1;
	for (b = 0; b < LOOM_EDGE_BUCKETS - 1; b++) {
		seen += hist[b];
		if (seen >= rank)
			break;
	}
	return run_edge_bucket_ns(b);
}

int run_link_cmp(const void *a, const void *b)
{
	const struct run_link *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent ? -1 : 1;
	return (x->addr > y->addr) - (x->addr < y->addr);
}

const char *run_event_name(u8 event)
{
	static const char *const names[] = {
		[LOOM_EVENT_SYNCED] = "synced",
		[LOOM_EVENT_SYNC_LOST] = "sync_lost",
		[LOOM_EVENT_GAVE_UP] = "gave_up",
		[LOOM_EVENT_REPORT] = "report",
		[LOOM_EVENT_CONFIG_MISMATCH] = "config_mismatch",
		[LOOM_EVENT_CONFIG_MATCH] = "config_match",
		[LOOM_EVENT_NEIGHBOUR_UP] = "neighbour_up",
		[LOOM_EVENT_NEIGHBOUR_DOWN] = "neighbour_down",
		[LOOM_EVENT_ROUTE_CHANGED] = "route_changed",
	};

	return event < ARRAY_LEN(names) ? names[event] : NULL;
}

static int check_len(const char *s, size_t max, char *err, size_t len)
{
	if (!*s)
		return out_fail(err, len, "empty");
	if (strlen(s) > max)
		return out_fail(err, len, "longer than %zu bytes", max);
	return 0;
}

int run_check_name(const char *s, char *err, size_t len)
{
	return check_len(s, LOOM_NAME_MAX, err, len);
}

int run_check_radio(const char *s, char *err, size_t len)
{
	return check_len(s, RUN_RADIO_NAME_MAX, err, len);
}

int run_parse_dest(const struct loom_topology *t, const char *s, u16 *addr,
		   char *err, size_t len)
{
	u16 a;

	/* libloom's rule: the name first, then a hex number, not 0x0000. */
	if (!loom_topo_resolve(t, s, addr))
		return 0;
	if (!loom_parse_addr(s, &a))
		return out_fail(err, len, "DEST \"%s\": address 0x0000 is reserved",
			    s);
	return out_fail(err, len,
		    t ? "DEST \"%s\": no node of the topology has that name, and it is no hex address" :
			"DEST \"%s\": not a hex address, and no topology is loaded to look the name up",
		    s);
}

int run_parse_port(const char *s, u8 *port, char *err, size_t len)
{
	uint64_t v;

	if (hwsim_parse_uint(s, 1, LOOM_PORT_MAX, &v, err, len))
		return -EINVAL;
	*port = (u8)v;
	return 0;
}

int run_parse_from(int *n, char ***ops, const char **from, char *err,
		   size_t len)
{
	char why[RUN_ERR_MAX];

	*from = NULL;
	if (*n < 3 || strcmp((*ops)[0], "from"))
		return 0;
	*from = (*ops)[1];
	*ops += 2;
	*n -= 2;
	if (run_check_name(*from, why, sizeof(why)))
		return out_fail(err, len, "NODE \"%s\": %s", *from, why);
	return 0;
}

int run_parse_send(int n, char **ops, struct run_send *s, char *err,
		   size_t len)
{
	char why[RUN_ERR_MAX];

	memset(s, 0, sizeof(*s));
	if (run_parse_from(&n, &ops, &s->from, err, len))
		return -EINVAL;
	if (n < 1)
		return out_fail(err, len, "missing DEST");
	if (n < 2)
		return out_fail(err, len, "missing DATA");
	/* "port PORT" after DATA, nothing else. */
	if (n > 2 && strcmp(ops[2], "port"))
		return out_fail(err, len, "unexpected argument '%s'", ops[2]);
	if (n == 3)
		return out_fail(err, len, "missing PORT after 'port'");
	if (n > 4)
		return out_fail(err, len, "unexpected argument '%s'", ops[4]);
	if (n == 4 && run_parse_port(ops[3], &s->port, why, sizeof(why)))
		return out_fail(err, len, "PORT \"%s\": %s", ops[3], why);
	if (!*ops[0])
		return out_fail(err, len, "DEST \"\": empty");
	s->dest = ops[0];
	s->data = ops[1];
	if (strlen(s->data) > RUN_DATA_MAX)
		return out_fail(err, len, "DATA: %zu bytes, more than a message holds (%u)",
			    strlen(s->data), RUN_DATA_MAX);
	return 0;
}

int run_parse_start(int n, char **ops, const char **name, const char **radio,
		    const char **file, char *err, size_t len)
{
	/* "state restore NODE radio RADIO FILE" says NODE. */
	const char *word = file ? "NODE" : "NAME";
	int want = file ? 4 : 3;
	char why[RUN_ERR_MAX];

	if (n < 1)
		return out_fail(err, len, "missing %s", word);
	if (n < 2 || strcmp(ops[1], "radio"))
		return out_fail(err, len, n < 2 ? "missing 'radio RADIO'" :
				      "expected 'radio', not '%s'", ops[1]);
	if (n < 3)
		return out_fail(err, len, "missing RADIO");
	if (n < want)
		return out_fail(err, len, "missing FILE");
	if (n > want)
		return out_fail(err, len, "unexpected argument '%s'", ops[want]);
	if (run_check_name(ops[0], why, sizeof(why)))
		return out_fail(err, len, "%s \"%s\": %s", word, ops[0], why);
	if (run_check_radio(ops[2], why, sizeof(why)))
		return out_fail(err, len, "RADIO \"%s\": %s", ops[2], why);
	*name = ops[0];
	*radio = ops[2];
	if (file)
		*file = ops[3];
	return 0;
}

int run_parse_radio_add(int n, char **ops, struct run_radio_req *rq,
			char *err, size_t len)
{
	char why[RUN_ERR_MAX];
	const char *val;
	uint64_t v;
	bool name;
	int i;

	memset(rq, 0, sizeof(*rq));
	rq->netns_fd = -1;
	if (n < 1)
		return out_fail(err, len, "missing IFNAME");
	if (check_len(ops[0], IF_NAMESIZE - 1, why, sizeof(why)))
		return out_fail(err, len, "IFNAME \"%s\": %s", ops[0], why);
	rq->ifname = ops[0];
	/* "name NAME" and "rate KBPS", in any order, each once. */
	for (i = 1; i < n; i += 2) {
		name = !strcmp(ops[i], "name");
		if (!name && strcmp(ops[i], "rate"))
			return out_fail(err, len, "unexpected argument '%s'",
					ops[i]);
		if (i + 1 == n)
			return out_fail(err, len, "missing %s after '%s'",
					name ? "NAME" : "KBPS", ops[i]);
		if (name ? !!rq->radio : !!rq->rate_kbps)
			return out_fail(err, len, "'%s' given twice", ops[i]);
		val = ops[i + 1];
		if (name) {
			if (run_check_radio(val, why, sizeof(why)))
				return out_fail(err, len, "NAME \"%s\": %s",
						val, why);
			rq->radio = val;
			continue;
		}
		if (hwsim_parse_uint(val, LOOM_RADIO_RATE_MIN,
				     LOOM_RADIO_RATE_MAX, &v, why, sizeof(why)))
			return out_fail(err, len, "KBPS \"%s\": %s (kbit/s)",
					val, why);
		rq->rate_kbps = (u32)v;
	}
	return 0;
}

int run_parse_radio_set(int n, char **ops, struct run_radio_req *rq,
			char *err, size_t len)
{
	char why[RUN_ERR_MAX];

	memset(rq, 0, sizeof(*rq));
	rq->netns_fd = -1;
	if (n < 1)
		return out_fail(err, len, "missing NAME");
	if (n < 2 || strcmp(ops[1], "netns"))
		return out_fail(err, len, n < 2 ? "missing 'netns NS'" :
				      "expected 'netns', not '%s'", ops[1]);
	if (n < 3)
		return out_fail(err, len, "missing NS");
	if (n > 3)
		return out_fail(err, len, "unexpected argument '%s'", ops[3]);
	if (run_check_radio(ops[0], why, sizeof(why)))
		return out_fail(err, len, "NAME \"%s\": %s", ops[0], why);
	if (run_check_netns(ops[2], why, sizeof(why)))
		return out_fail(err, len, "NS \"%s\": %s", ops[2], why);
	rq->radio = ops[0];
	rq->netns = ops[2];
	return 0;
}

int run_check_netns(const char *s, char *err, size_t len)
{
	if (check_len(s, NAME_MAX, err, len))
		return -EINVAL;
	/* A file of RUN_NETNS_DIR: one path component. */
	if (strchr(s, '/'))
		return out_fail(err, len, "a namespace name holds no '/'");
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return out_fail(err, len, "not a namespace name");
	return 0;
}

int run_parse_pid(const char *s, u32 *pid)
{
	uint64_t v = 0;
	const char *p;

	if (!*s)
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > INT32_MAX)
			return -EINVAL;
	}
	if (!v)
		return -EINVAL;
	*pid = (u32)v;
	return 0;
}

const char *run_fmt_level(char *buf, size_t len, int32_t milli,
			  const char *unit)
{
	char num[24];

	if (milli == LOOM_SIGNAL_UNKNOWN)
		snprintf(buf, len, "unknown");
	else
		snprintf(buf, len, "%s %s",
			 hwsim_fmt_fixed(num, sizeof(num), milli, 3, 1, true),
			 unit);
	return buf;
}

char *run_fmt_addr(char *buf, size_t len, u16 addr)
{
	snprintf(buf, len, "0x%04x", addr);
	return buf;
}

/* The node one path up from @i, or LOOM_NO_PARENT (also for a bad index). */
static u32 up(const struct loom_topology *t, u32 i)
{
	u32 p = t->nodes[i].parent;

	return p < t->n ? p : LOOM_NO_PARENT;
}

static u32 depth(const struct loom_topology *t, u32 i)
{
	u32 d = 0;

	/* A validated tree has no cycle; the bound only guards a bad one. */
	for (i = up(t, i); i != LOOM_NO_PARENT && d < t->n; i = up(t, i))
		d++;
	return d;
}

u32 run_tree_hops(const struct loom_topology *t, u32 a, u32 b)
{
	u32 da = depth(t, a), db = depth(t, b), hops = 0;

	for (; da > db; da--, hops++)
		a = up(t, a);
	for (; db > da; db--, hops++)
		b = up(t, b);
	while (a != b && a != LOOM_NO_PARENT && b != LOOM_NO_PARENT) {
		a = up(t, a);
		b = up(t, b);
		hops += 2;
	}
	return hops;
}

void run_escape(FILE *f, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == '\\')
			fputs("\\\\", f);
		else if (data[i] >= 0x20 && data[i] < 0x7f)
			fputc(data[i], f);
		else
			fprintf(f, "\\x%02x", data[i]);
	}
}

char *run_hex(const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		s[2 * i] = digits[data[i] >> 4];
		s[2 * i + 1] = digits[data[i] & 0xf];
	}
	s[2 * len] = '\0';
	return s;
}
