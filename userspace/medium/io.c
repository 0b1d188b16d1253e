// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink conversation with mac80211_hwsim (see io.h).
 *
 * Nothing from the kernel is trusted: a message's length, its generic
 * netlink header and every attribute's length are checked before use,
 * duplicates and trailing bytes are refused, and a refused message is
 * counted with the reason kept for "show".  A frame we can answer (its
 * transmitter and cookie are sound) is always answered, so the kernel
 * never holds it forever.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "io.h"
#include "output.h"

void lm_io_init(struct lm_io *io, struct lm_medium *m, int family)
{
	memset(io, 0, sizeof(*io));
	io->m = m;
	io->family = family;
}

void lm_io_free(struct lm_io *io)
{
	free(io->deliv);
	io->deliv = NULL;
	io->ndeliv = 0;
}

/* ---- validation ------------------------------------------------------ */

static void invalid(struct lm_io *io, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void invalid(struct lm_io *io, const char *fmt, ...)
{
	struct lm_medium *m = io->m;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->last_invalid, sizeof(m->last_invalid), fmt, ap);
	va_end(ap);
	m->st.invalid++;
	if (io->verbose || io->logged_invalid < 5) {
		fprintf(stderr, "loom-medium: invalid message from the kernel: %s\n",
			m->last_invalid);
		io->logged_invalid++;
	}
}

/**
 * struct attr_rule - what an attribute of one command must look like
 * @type: HWSIM_ATTR_*
 * @name: for messages
 * @min: shortest payload
 * @max: longest payload
 * @required: the command is refused without it
 */
struct attr_rule {
	int type;
	const char *name;
	int min, max;
	bool required;
};

static const struct attr_rule frame_rules[] = {
	{ HWSIM_ATTR_ADDR_TRANSMITTER, "TRANSMITTER", 6, 6, true },
	{ HWSIM_ATTR_FRAME, "FRAME", 10, 65535, true },
	{ HWSIM_ATTR_FLAGS, "FLAGS", 4, 4, true },
	{ HWSIM_ATTR_COOKIE, "COOKIE", 8, 8, true },
	{ HWSIM_ATTR_TX_INFO, "TX_INFO", 8, 8, true },
	{ HWSIM_ATTR_FREQ, "FREQ", 4, 4, false },
	{ HWSIM_ATTR_TX_INFO_FLAGS, "TX_INFO_FLAGS", 12, 12, false },
	{ 0 }
};

static const struct attr_rule addr_rules[] = {
	{ HWSIM_ATTR_ADDR_TRANSMITTER, "TRANSMITTER", 6, 6, true },
	{ HWSIM_ATTR_ADDR_RECEIVER, "RECEIVER", 6, 6, true },
	{ 0 }
};

/*
 * Splits @nlh's attributes into @tb and checks them against @rules.
 * Attributes the rules do not name are ignored (a newer kernel may add
 * some); a rule's attribute that is malformed makes the whole message
 * invalid.  Returns 0 or -EINVAL with the reason in @why.
 */
static int parse_attrs(const struct nlmsghdr *nlh, const char *cmd,
		       const struct attr_rule *rules,
		       struct nlattr *tb[HWSIM_ATTR_MAX_USED + 1],
		       char *why, size_t len)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	int rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, type;
	struct nlattr *head = (struct nlattr *)((char *)g + GENL_HDRLEN), *a;
	const struct attr_rule *r;
	int twice = 0;

	memset(tb, 0, sizeof(*tb) * (HWSIM_ATTR_MAX_USED + 1));
	/* All of them first: a refused frame may still be answered. */
	nla_for_each_attr(a, head, rem, rem) {
		type = nla_type(a);
		if (type > HWSIM_ATTR_MAX_USED)
			continue;
		if (tb[type] && !twice)
			twice = type;
		tb[type] = a;
	}
	if (twice) {
		snprintf(why, len, "%s: attribute %d twice", cmd, twice);
		return -EINVAL;
	}
	if (rem > 0) {
		snprintf(why, len, "%s: %d bytes after the last attribute", cmd, rem);
		return -EINVAL;
	}
	for (r = rules; r->name; r++) {
		a = tb[r->type];
		if (!a) {
			if (r->required) {
				snprintf(why, len, "%s: no %s", cmd, r->name);
				return -EINVAL;
			}
			continue;
		}
		if (nla_len(a) < r->min || nla_len(a) > r->max) {
			if (r->min == r->max)
				snprintf(why, len, "%s: %s is %d bytes, not %d", cmd,
					 r->name, nla_len(a), r->min);
			else
				snprintf(why, len, "%s: %s is %d bytes, not %d to %d",
					 cmd, r->name, nla_len(a), r->min, r->max);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- building replies ------------------------------------------------ */

/* Room for one more message of up to @need bytes, flushing if full. */
static void room(struct lm_io *io, size_t need)
{
	if (io->outlen + need > sizeof(io->out))
		lm_io_flush(io);
}

static struct nlmsghdr *msg_begin(struct lm_io *io, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(io->out + io->outlen);
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = io->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++io->seq;
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	g->cmd = cmd;
	g->version = HWSIM_FAMILY_VERSION;
	return nlh;
}

static void put(struct nlmsghdr *nlh, int type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));
	size_t pad = NLA_ALIGN(NLA_HDRLEN + len) - (NLA_HDRLEN + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, pad);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void put_u32(struct nlmsghdr *nlh, int type, uint32_t v)
{
	put(nlh, type, &v, sizeof(v));
}

static void msg_end(struct lm_io *io, struct nlmsghdr *nlh, int tx, int rx)
{
	struct lm_sent *s = &io->ring[nlh->nlmsg_seq % LM_RING];

	s->seq = nlh->nlmsg_seq;
	s->tx = tx;
	s->rx = rx;
	io->outlen += NLMSG_ALIGN(nlh->nlmsg_len);
	io->nout++;
}

/* The largest message we build: a delivery of the longest frame. */
#define MSG_MAX	(NLMSG_HDRLEN + GENL_HDRLEN + 5 * NLA_HDRLEN + \
		 NLA_ALIGN(HWSIM_MAX_FRAME) + 8 + 3 * 4)

static void queue_delivery(struct lm_io *io, const struct lm_frame *f, int tx,
			   const struct lm_delivery *d)
{
	struct nlmsghdr *nlh;

	room(io, MSG_MAX);
	nlh = msg_begin(io, HWSIM_CMD_FRAME, 0);
	put(nlh, HWSIM_ATTR_ADDR_RECEIVER, io->m->radios[d->rx].addr, LM_ETH_ALEN);
	put(nlh, HWSIM_ATTR_FRAME, f->data, f->len);
	put_u32(nlh, HWSIM_ATTR_RX_RATE, d->rate);
	put_u32(nlh, HWSIM_ATTR_SIGNAL, (uint32_t)d->signal);
	if (f->freq)
		put_u32(nlh, HWSIM_ATTR_FREQ, f->freq);
	msg_end(io, nlh, tx, d->rx);
}

static void queue_status(struct lm_io *io, const struct lm_frame *f, int tx,
			 const struct lm_fate *fate)
{
	uint32_t flags = f->flags & ~HWSIM_TX_STAT_ACK;
	struct nlmsghdr *nlh;

	if (fate->acked)
		flags |= HWSIM_TX_STAT_ACK;
	room(io, MSG_MAX);
	nlh = msg_begin(io, HWSIM_CMD_TX_INFO_FRAME, 0);
	put(nlh, HWSIM_ATTR_ADDR_TRANSMITTER, f->tx, LM_ETH_ALEN);
	put_u32(nlh, HWSIM_ATTR_FLAGS, flags);
	put(nlh, HWSIM_ATTR_COOKIE, &f->cookie, sizeof(f->cookie));
	put_u32(nlh, HWSIM_ATTR_SIGNAL, (uint32_t)fate->ack_signal);
	put(nlh, HWSIM_ATTR_TX_INFO, fate->rates, sizeof(fate->rates));
	msg_end(io, nlh, tx, -1);
}

int lm_io_flush(struct lm_io *io)
{
	int err = 0;

	if (!io->outlen)
		return 0;
	if (io->send)
		err = io->send(io, io->out, io->outlen);
	if (err)
		io->m->st.send_failed += io->nout;
	io->outlen = 0;
	io->nout = 0;
	return err;
}

int lm_io_register(struct lm_io *io)
{
	struct nlmsghdr *nlh;

	room(io, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = msg_begin(io, HWSIM_CMD_REGISTER, NLM_F_ACK);
	msg_end(io, nlh, -1, -1);
	io->reg = LM_REG_WAITING;
	io->reg_seq = nlh->nlmsg_seq;
	io->reg_err = 0;
	return lm_io_flush(io);
}

/* ---- taking messages ------------------------------------------------- */

static void on_frame(struct lm_io *io, const struct nlmsghdr *nlh)
{
	struct nlattr *tb[HWSIM_ATTR_MAX_USED + 1];
	struct lm_medium *m = io->m;
	struct lm_frame f = { 0 };
	struct lm_fate fate = { 0 };
	char why[sizeof(m->last_invalid)], mac[18];
	unsigned int i;

	if (parse_attrs(nlh, "FRAME", frame_rules, tb, why, sizeof(why))) {
		invalid(io, "%s", why);
		/* Still answer what can be answered: the kernel holds the
		 * frame until it hears about it. */
		if (!tb[HWSIM_ATTR_ADDR_TRANSMITTER] || !tb[HWSIM_ATTR_COOKIE] ||
		    nla_len(tb[HWSIM_ATTR_ADDR_TRANSMITTER]) != LM_ETH_ALEN ||
		    nla_len(tb[HWSIM_ATTR_COOKIE]) != 8)
			return;
		f.tx = nla_data(tb[HWSIM_ATTR_ADDR_TRANSMITTER]);
		memcpy(&f.cookie, nla_data(tb[HWSIM_ATTR_COOKIE]), 8);
		if (tb[HWSIM_ATTR_FLAGS] && nla_len(tb[HWSIM_ATTR_FLAGS]) == 4)
			f.flags = nla_get_u32(tb[HWSIM_ATTR_FLAGS]);
		fate.ack_signal = 0;
		for (i = 0; i < HWSIM_TX_MAX_RATES; i++)
			fate.rates[i].idx = -1;
		queue_status(io, &f, lm_radio_by_key(m, f.tx), &fate);
		return;
	}
	f.tx = nla_data(tb[HWSIM_ATTR_ADDR_TRANSMITTER]);
	f.data = nla_data(tb[HWSIM_ATTR_FRAME]);
	f.len = nla_len(tb[HWSIM_ATTR_FRAME]);
	f.flags = nla_get_u32(tb[HWSIM_ATTR_FLAGS]);
	memcpy(&f.cookie, nla_data(tb[HWSIM_ATTR_COOKIE]), 8);
	memcpy(f.rates, nla_data(tb[HWSIM_ATTR_TX_INFO]), sizeof(f.rates));
	if (tb[HWSIM_ATTR_FREQ])
		f.freq = nla_get_u32(tb[HWSIM_ATTR_FREQ]);
	if (tb[HWSIM_ATTR_TX_INFO_FLAGS]) {
		struct hwsim_rate_flag rf[HWSIM_TX_MAX_RATES];

		memcpy(rf, nla_data(tb[HWSIM_ATTR_TX_INFO_FLAGS]), sizeof(rf));
		for (i = 0; i < HWSIM_TX_MAX_RATES; i++)
			f.rate_flags[i] = rf[i].flags;
	}

	if (io->ndeliv < m->cap) {
		struct lm_delivery *d = realloc(io->deliv, m->cap * sizeof(*d));

		if (!d) {
			/* Answer with no deliveries rather than not at all. */
			m->st.send_failed++;
			fate.tx = lm_radio_by_key(m, f.tx);
			for (i = 0; i < HWSIM_TX_MAX_RATES; i++)
				fate.rates[i].idx = -1;
			queue_status(io, &f, fate.tx, &fate);
			return;
		}
		io->deliv = d;
		io->ndeliv = m->cap;
	}
	fate.deliv = io->deliv;
	lm_decide(m, &f, &fate);
	if (io->verbose >= 2)
		fprintf(stderr, "loom-medium: frame from %s (%zu bytes, flags %#x): %u deliveries, %s\n",
			fate.tx >= 0 ? m->radios[fate.tx].name :
				       out_mac(mac, sizeof(mac), f.tx),
			f.len, f.flags, fate.ndeliv, fate.acked ? "acked" : "not acked");
	for (i = 0; i < fate.ndeliv; i++)
		queue_delivery(io, &f, fate.tx, &fate.deliv[i]);
	queue_status(io, &f, fate.tx, &fate);
}

static void on_mac_addr(struct lm_io *io, const struct nlmsghdr *nlh, bool add)
{
	struct nlattr *tb[HWSIM_ATTR_MAX_USED + 1];
	struct lm_medium *m = io->m;
	const char *cmd = add ? "ADD_MAC_ADDR" : "DEL_MAC_ADDR";
	const uint8_t *tx, *addr;
	char why[sizeof(m->last_invalid)], a[18], b[18];
	int r;

	if (parse_attrs(nlh, cmd, addr_rules, tb, why, sizeof(why))) {
		invalid(io, "%s", why);
		return;
	}
	tx = nla_data(tb[HWSIM_ATTR_ADDR_TRANSMITTER]);
	addr = nla_data(tb[HWSIM_ATTR_ADDR_RECEIVER]);
	r = lm_radio_by_key(m, tx);
	if (io->verbose)
		fprintf(stderr, "loom-medium: kernel: %s %s on %s%s\n", cmd,
			out_mac(a, sizeof(a), addr), out_mac(b, sizeof(b), tx),
			r < 0 ? " (not a configured radio)" : "");
	if (r < 0)
		return;
	if (add) {
		if (!lm_alias_add(m, r, addr, LM_ALIAS_KERNEL))
			m->st.aliases_added++;
	} else if (!lm_alias_del(m, r, addr)) {
		m->st.aliases_removed++;
	}
}

static void on_error(struct lm_io *io, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct lm_medium *m = io->m;
	const struct lm_sent *s;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(e->error)) {
		invalid(io, "NLMSG_ERROR of %u bytes", nlh->nlmsg_len);
		return;
	}
	if (io->reg == LM_REG_WAITING && nlh->nlmsg_seq == io->reg_seq) {
		io->reg = LM_REG_DONE;
		io->reg_err = e->error > 0 ? -e->error : e->error;
		return;
	}
	if (!e->error)
		return;
	m->st.refused++;
	s = &io->ring[nlh->nlmsg_seq % LM_RING];
	if (s->seq != nlh->nlmsg_seq || s->tx < 0 || s->rx < 0 ||
	    (unsigned int)s->tx >= m->n || (unsigned int)s->rx >= m->n)
		return;
	lm_link(m, s->tx, s->rx)->st.refused++;
	m->radios[s->rx].st.refused++;
}

/* nlctrl's notifications: only our family's removal matters. */
static void on_ctrl(struct lm_io *io, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	int rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct nlattr *a;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != CTRL_CMD_DELFAMILY)
		return;
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN), rem, rem)
		if (nla_type(a) == CTRL_ATTR_FAMILY_ID && nla_len(a) == 2 &&
		    nla_get_u16(a) == io->family)
			io->family_gone = true;
}

static void on_message(struct lm_io *io, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		on_error(io, nlh);
		return;
	}
	if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_DONE)
		return;
	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		on_ctrl(io, nlh);
		return;
	}
	if (nlh->nlmsg_type != io->family) {
		io->m->st.unexpected++;
		return;
	}
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		invalid(io, "message of %u bytes, no room for a genetlink header",
			nlh->nlmsg_len);
		return;
	}
	switch (g->cmd) {
	case HWSIM_CMD_FRAME:
		on_frame(io, nlh);
		break;
	case HWSIM_CMD_ADD_MAC_ADDR:
		on_mac_addr(io, nlh, true);
		break;
	case HWSIM_CMD_DEL_MAC_ADDR:
		on_mac_addr(io, nlh, false);
		break;
	default:
		io->m->st.unexpected++;
		break;
	}
}

void lm_io_input(struct lm_io *io, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		const struct nlmsghdr *nlh = (const void *)p;
		size_t adv;

		if (len < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > len) {
			invalid(io, "netlink message of %u bytes in %zu received",
				len < NLMSG_HDRLEN ? 0 : nlh->nlmsg_len, len);
			return;
		}
		on_message(io, nlh);
		adv = NLMSG_ALIGN(nlh->nlmsg_len);
		if (adv >= len)
			break;
		p += adv;
		len -= adv;
	}
}
