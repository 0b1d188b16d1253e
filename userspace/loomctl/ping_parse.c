// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl ping" without sockets.  Times are integers (ms on the command
 * line, us for round trips), printed with hwsim_fmt_*(): no double
 * anywhere.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "hwsim_parse.h"
#include "loom_int.h"
#include "output.h"
#include "ping_parse.h"
#include "run_parse.h"

void ping_args_init(struct ping_args *a)
{
	memset(a, 0, sizeof(*a));
	a->count = PING_COUNT_DEFAULT;
	a->size = PING_SIZE_DEFAULT;
}

int ping_parse_option(struct ping_args *a, int opt, const char *val,
		      char *err, size_t len)
{
	char why[HWSIM_ERR_MAX];
	uint64_t n = 0;
	int64_t ms = 0;
	int ret;

	switch (opt) {
	case 'c':
		ret = hwsim_parse_uint(val, 1, PING_COUNT_MAX, &n, why,
				       sizeof(why));
		break;
	case 's':
		ret = hwsim_parse_uint(val, PING_HDR_LEN, RUN_DATA_MAX, &n,
				       why, sizeof(why));
		break;
	case 't':
		ret = hwsim_parse_uint(val, 1, LOOM_MESH_HOP_LIMIT, &n, why,
				       sizeof(why));
		break;
	case 'i':
	case 'W':
		/* Seconds, to the millisecond. */
		ret = hwsim_parse_fixed(val, 3, 1, PING_TIME_MS_MAX, " s", &ms,
					why, sizeof(why));
		break;
	default:
		snprintf(err, len, "unknown option '-%c'", opt);
		return -EINVAL;
	}
	if (ret) {
		snprintf(err, len, "-%c \"%s\": %s", opt, val, why);
		return -EINVAL;
	}
	if (opt == 'c')
		a->count = (uint32_t)n;
	else if (opt == 's')
		a->size = (uint32_t)n;
	else if (opt == 't')
		a->hop_limit = (uint8_t)n;
	else if (opt == 'i')
		a->interval_ms = (uint64_t)ms;
	else
		a->timeout_ms = (uint64_t)ms;
	return 0;
}

int ping_parse_operands(struct ping_args *a, int n, char **ops, char *err,
			size_t len)
{
	/* "from NODE" alone: the keyword, with DEST forgotten. */
	if (n == 2 && !strcmp(ops[0], "from")) {
		snprintf(err, len, "missing DEST");
		return -EINVAL;
	}
	if (run_parse_from(&n, &ops, &a->from, err, len))
		return -EINVAL;
	if (n < 1)
		snprintf(err, len, "missing DEST");
	else if (n > 1)
		snprintf(err, len, "unexpected argument '%s'", ops[1]);
	else if (!*ops[0])
		snprintf(err, len, "DEST \"\": empty");
	else
		a->dest = ops[0];
	return a->dest ? 0 : -EINVAL;
}

uint64_t ping_default_interval_ms(const struct loom_topology *t)
{
	if (!t || !t->cfg.data_interval_ms)
		return PING_INTERVAL_MS_FALLBACK;
	return t->cfg.data_interval_ms;
}

uint64_t ping_default_timeout_ms(const struct loom_topology *t, u32 from,
				 u16 dst)
{
	u32 to, hops = PING_HOPS_MAX;
	uint64_t ms;

	if (!t)
		return PING_TIMEOUT_MS_MIN_DEFAULT;
	to = loom_topo_find_addr(t, dst);
	if (from < t->n && to != LOOM_NO_PARENT)
		hops = run_tree_hops(t, from, to);
	/* Up and down again, a data interval per hop at worst. */
	ms = 2ULL * hops * t->cfg.data_interval_ms;
	return ms > PING_TIMEOUT_MS_MIN_DEFAULT ? ms :
	       PING_TIMEOUT_MS_MIN_DEFAULT;
}

/* The pattern after the header: each byte its offset's low 8 bits. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)i;
}

void ping_payload_fill(uint8_t *buf, size_t size, uint32_t seq,
		       uint64_t sent_ns)
{
	size_t i;

	for (i = 0; i < 4; i++)
		buf[i] = (uint8_t)(seq >> (24 - 8 * i));
	for (i = 0; i < 8; i++)
		buf[4 + i] = (uint8_t)(sent_ns >> (56 - 8 * i));
	for (i = PING_HDR_LEN; i < size; i++)
		buf[i] = pattern(i);
}

int ping_payload_read(const uint8_t *buf, size_t len, size_t size,
		      uint32_t *seq, uint64_t *sent_ns)
{
	size_t i;

	if (len < PING_HDR_LEN)
		return -EINVAL;
	*seq = 0;
	for (i = 0; i < 4; i++)
		*seq = *seq << 8 | buf[i];
	*sent_ns = 0;
	for (i = 4; i < PING_HDR_LEN; i++)
		*sent_ns = *sent_ns << 8 | buf[i];
	if (len != size)
		return -EBADMSG;
	for (i = PING_HDR_LEN; i < len; i++)
		if (buf[i] != pattern(i))
			return -EBADMSG;
	return 0;
}

int ping_rx_signal(struct msghdr *msg, struct loom_rx_signal *sig)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_LOOM ||
		    c->cmsg_type != LOOM_SCM_SIGNAL ||
		    c->cmsg_len < CMSG_LEN(sizeof(*sig)))
			continue;
		memcpy(sig, CMSG_DATA(c), sizeof(*sig));
		return 0;
	}
	return -ENOENT;
}

void ping_stats_add(struct ping_stats *st, uint64_t rtt_us)
{
	if (!st->received || rtt_us < st->rtt_min_us)
		st->rtt_min_us = rtt_us;
	if (rtt_us > st->rtt_max_us)
		st->rtt_max_us = rtt_us;
	st->rtt_sum_us += rtt_us;
	st->received++;
}

char *ping_fmt_peer(char *buf, size_t len, const struct loom_topology *t,
		    u16 addr)
{
	const char *name = loom_topo_addr_name(t, addr);
	char p[LOOM_NAME_MAX + 1];

	if (!name)
		return run_fmt_addr(buf, len, addr);
	snprintf(buf, len, "%s (0x%04x)", out_printable(p, sizeof(p), name),
		 addr);
	return buf;
}

/* @ms as seconds, as few decimals as it needs ("60", "0.25"). */
static char *secs(char *buf, size_t len, uint64_t ms)
{
	return hwsim_fmt_ufixed(buf, len, ms, 3, 3, false);
}

/* @us as milliseconds with one decimal ("20512.3"). */
static char *msecs(char *buf, size_t len, uint64_t us)
{
	return hwsim_fmt_ufixed(buf, len, us, 3, 1, true);
}

void ping_show_header(FILE *f, const char *dest, const char *from,
		      const char *ifname, unsigned int port,
		      const struct ping_args *a)
{
	char name[LOOM_NAME_MAX + 1], dev[32], w[32], i[32];

	fprintf(f, "PING %s from %s on %s port %u: %" PRIu32 " bytes, timeout %s s",
		dest, out_printable(name, sizeof(name), from),
		out_printable(dev, sizeof(dev), ifname), port, a->size,
		secs(w, sizeof(w), a->timeout_ms));
	if (a->count > 1)
		fprintf(f, ", %" PRIu32 " requests %s s apart", a->count,
			secs(i, sizeof(i), a->interval_ms));
	fputc('\n', f);
}

void ping_show_reply(FILE *f, const struct ping_reply *r,
		     const struct loom_topology *t)
{
	static const char *const notes[] = {
		[PING_NOTE_DUP] = "DUP!",
		[PING_NOTE_LATE] = "late",
		[PING_NOTE_DIFFERS] = "payload differs",
	};
	char src[LOOM_NAME_MAX + 16], ms[32], rssi[24], snr[24];

	fprintf(f, "%zu bytes from %s: seq=%" PRIu32 " time=%s ms", r->len,
		r->peer ? r->peer : ping_fmt_peer(src, sizeof(src), t, r->src),
		r->seq,
		msecs(ms, sizeof(ms), r->rtt_us));
	/* Without the control message, neither level is known. */
	fprintf(f, " rssi=%s snr=%s",
		run_fmt_level(rssi, sizeof(rssi), r->has_signal ?
			      r->sig.rssi_mdbm : LOOM_SIGNAL_UNKNOWN, "dBm"),
		run_fmt_level(snr, sizeof(snr), r->has_signal ?
			      r->sig.snr_mdb : LOOM_SIGNAL_UNKNOWN, "dB"));
	if (r->note > PING_NOTE_NONE && r->note <= PING_NOTE_DIFFERS)
		fprintf(f, " (%s)", notes[r->note]);
	fputc('\n', f);
}

void ping_show_timeout(FILE *f, uint32_t seq, uint64_t timeout_ms)
{
	char w[32];

	fprintf(f, "seq=%" PRIu32 ": no reply within %s s\n", seq,
		secs(w, sizeof(w), timeout_ms));
}

void ping_show_summary(FILE *f, const char *dest, const struct ping_stats *st)
{
	uint32_t lost = st->transmitted - (st->received < st->transmitted ?
					   st->received : st->transmitted);
	char lo[32], avg[32], hi[32];

	fprintf(f, "--- %s ping statistics ---\n", dest);
	fprintf(f, "%" PRIu32 " transmitted, %" PRIu32 " received",
		st->transmitted, st->received);
	if (st->errors)
		fprintf(f, ", +%" PRIu32 " errors", st->errors);
	if (st->transmitted)
		fprintf(f, ", %" PRIu64 "%% loss",
			(uint64_t)lost * 100 / st->transmitted);
	fputc('\n', f);
	if (st->received)
		fprintf(f, "rtt min/avg/max = %s/%s/%s ms\n",
			msecs(lo, sizeof(lo), st->rtt_min_us),
			msecs(avg, sizeof(avg), st->rtt_sum_us / st->received),
			msecs(hi, sizeof(hi), st->rtt_max_us));
}
