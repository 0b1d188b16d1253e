// SPDX-License-Identifier: GPL-2.0
/*
 * The medium: radios, their addresses, and each frame's fate.
 *
 * A frame is tried at the rates mac80211 asked for, as many times as it
 * asked, until its addressee has it and the acknowledgement can come
 * back (a group-addressed or no-ack frame is tried once).  Every attempt
 * is judged at every other radio: a cut link passes nothing, a signal
 * under the threshold is not heard, and a heard frame is lost with the
 * probability of the loss override or of the SNR model.  A receiver gets
 * a frame at most once; each link counts each frame once.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "medium.h"

enum {
	RX_NONE,
	RX_BELOW,
	RX_LOST,
	RX_CUT,
	RX_DELIVERED,
};

/* lm_decide()'s scratch: what each receiver made of the frame so far. */
struct lm_rx_state {
	uint8_t st;
};

void lm_init(struct lm_medium *m)
{
	memset(m, 0, sizeof(*m));
	m->p.exponent = LM_DEF_EXPONENT;
	m->p.ref_loss = LM_DEF_REF_LOSS;
	m->p.sigma = LM_DEF_SIGMA;
	m->p.fading = LM_DEF_FADING;
	m->p.noise = LM_DEF_NOISE;
	m->p.threshold = LM_DEF_THRESHOLD;
	m->p.txpower = LM_DEF_TXPOWER;
	m->p.seed = LM_DEF_SEED;
	m->sysfs = "/sys/class/ieee80211";
	lm_reseed(m);
}

void lm_free(struct lm_medium *m)
{
	free(m->radios);
	free(m->links);
	free(m->aliases);
	free(m->state);
	m->radios = NULL;
	m->links = NULL;
	m->aliases = NULL;
	m->state = NULL;
	m->n = m->cap = m->naliases = m->alias_cap = 0;
}

/* Room for one more radio: the link matrix grows with the radios. */
static int grow(struct lm_medium *m)
{
	unsigned int cap = m->cap ? m->cap * 2 : 8, i;
	struct lm_radio *radios;
	struct lm_link *links;
	struct lm_rx_state *state;

	if (m->n < m->cap)
		return 0;
	if (m->cap >= LM_MAX_RADIOS)
		return -ENOSPC;
	if (cap > LM_MAX_RADIOS)
		cap = LM_MAX_RADIOS;
	links = calloc((size_t)cap * cap, sizeof(*links));
	radios = realloc(m->radios, cap * sizeof(*radios));
	state = realloc(m->state, cap * sizeof(*state));
	if (radios)
		m->radios = radios;
	if (state)
		m->state = state;
	if (!links || !radios || !state) {
		free(links);
		return -ENOMEM;
	}
	for (i = 0; i < m->cap; i++)
		memcpy(&links[(size_t)i * cap], &m->links[(size_t)i * m->cap],
		       m->cap * sizeof(*links));
	free(m->links);
	m->links = links;
	m->cap = cap;
	return 0;
}

int lm_radio_add(struct lm_medium *m, const char *name, const char *phy,
		 const uint8_t *addr, const double *pos)
{
	struct lm_radio *r;
	uint8_t pair[LM_ETH_ALEN];
	int err;

	if (lm_radio_find(m, name) >= 0 || lm_radio_by_addr(m, addr) >= 0)
		return -EEXIST;
	err = grow(m);
	if (err)
		return err;
	r = &m->radios[m->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->phy, sizeof(r->phy), "%s", phy ? phy : "");
	memcpy(r->addr, addr, LM_ETH_ALEN);
	memcpy(r->pos, pos, sizeof(r->pos));
	r->txpower = NAN;
	m->n++;
	/* hwsim's own addresses: 02:00:00:00:NN:00 for the phy and its
	 * first vif, the same with 0x40 set as the key.  Unicast frames
	 * carry the former; claim it unless someone else does. */
	if (addr[0] & 0x40) {
		memcpy(pair, addr, LM_ETH_ALEN);
		pair[0] &= ~0x40;
		if (lm_radio_by_addr(m, pair) < 0)
			lm_alias_add(m, m->n - 1, pair, LM_ALIAS_PAIR);
	}
	return m->n - 1;
}

int lm_radio_find(const struct lm_medium *m, const char *name)
{
	uint8_t addr[LM_ETH_ALEN];
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->radios[i].name, name))
			return i;
	if (!lm_parse_mac(name, addr))
		return lm_radio_by_addr(m, addr);
	for (i = 0; i < m->n; i++)
		if (m->radios[i].phy[0] && !strcmp(m->radios[i].phy, name))
			return i;
	return -1;
}

int lm_radio_by_key(const struct lm_medium *m, const uint8_t *addr)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (!memcmp(m->radios[i].addr, addr, LM_ETH_ALEN))
			return i;
	return -1;
}

static int alias_index(const struct lm_medium *m, const uint8_t *addr)
{
	unsigned int i;

	for (i = 0; i < m->naliases; i++)
		if (!memcmp(m->aliases[i].addr, addr, LM_ETH_ALEN))
			return i;
	return -1;
}

int lm_radio_by_addr(const struct lm_medium *m, const uint8_t *addr)
{
	int i = lm_radio_by_key(m, addr);

	if (i >= 0)
		return i;
	i = alias_index(m, addr);
	return i >= 0 ? (int)m->aliases[i].radio : -1;
}

int lm_alias_add(struct lm_medium *m, unsigned int radio,
		 const uint8_t *addr, int origin)
{
	int k = lm_radio_by_key(m, addr), i;
	struct lm_alias *a;

	if (k >= 0)
		return (unsigned int)k == radio ? 0 : -EEXIST;
	i = alias_index(m, addr);
	if (i >= 0) {
		a = &m->aliases[i];
		/* The kernel's word beats a guess or something learnt. */
		if (a->radio != radio && origin != LM_ALIAS_KERNEL)
			return -EEXIST;
		a->radio = radio;
		if (origin == LM_ALIAS_KERNEL)
			a->origin = origin;
		return 0;
	}
	if (m->naliases == m->alias_cap) {
		unsigned int cap = m->alias_cap ? m->alias_cap * 2 : 16;

		a = realloc(m->aliases, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		m->aliases = a;
		m->alias_cap = cap;
	}
	a = &m->aliases[m->naliases++];
	memcpy(a->addr, addr, LM_ETH_ALEN);
	a->radio = radio;
	a->origin = origin;
	return 0;
}

int lm_alias_del(struct lm_medium *m, unsigned int radio, const uint8_t *addr)
{
	int i = alias_index(m, addr);

	if (i < 0 || m->aliases[i].radio != radio)
		return -ENOENT;
	m->aliases[i] = m->aliases[--m->naliases];
	return 0;
}

void lm_reset_counters(struct lm_medium *m)
{
	unsigned int i, j;

	for (i = 0; i < m->n; i++) {
		memset(&m->radios[i].st, 0, sizeof(m->radios[i].st));
		for (j = 0; j < m->n; j++)
			memset(&lm_link(m, i, j)->st, 0, sizeof(struct lm_link_stats));
	}
	memset(&m->st, 0, sizeof(m->st));
	m->nunknown = 0;
	m->last_invalid[0] = '\0';
}

static void count_unknown(struct lm_medium *m, const uint8_t *addr)
{
	unsigned int i;

	m->st.unknown_tx++;
	for (i = 0; i < m->nunknown; i++) {
		if (!memcmp(m->unknown[i].addr, addr, LM_ETH_ALEN)) {
			m->unknown[i].frames++;
			return;
		}
	}
	if (m->nunknown == LM_MAX_UNKNOWN) {
		m->st.unknown_dropped++;
		return;
	}
	memcpy(m->unknown[m->nunknown].addr, addr, LM_ETH_ALEN);
	m->unknown[m->nunknown++].frames = 1;
}

static int clamp_signal(double s)
{
	long v = lround(s);

	/* The kernel keeps it in an s8 (ieee80211_rx_status.signal). */
	if (v < -127)
		return -127;
	return v > 127 ? 127 : (int)v;
}

/* One attempt of @f at @rate from @tx, as heard by @rx. */
static void attempt(struct lm_medium *m, unsigned int tx, unsigned int rx,
		    const struct lm_rate *rate, const struct lm_frame *f,
		    struct lm_fate *out)
{
	uint8_t *st = &m->state[rx].st;
	const struct lm_link *l = lm_link(m, tx, rx);
	struct lm_delivery *d;
	double s, p;

	if (*st == RX_DELIVERED || *st == RX_CUT)
		return;
	if (l->cut) {
		*st = RX_CUT;
		return;
	}
	s = lm_signal(m, tx, rx);
	if (!l->has_signal && m->p.fading > 0)
		s += m->p.fading * lm_gauss(m);
	if (s < m->p.threshold) {
		if (*st < RX_BELOW)
			*st = RX_BELOW;
		return;
	}
	/* The PSDU carries a 4-byte FCS the kernel's frame lacks. */
	p = l->has_loss ? l->loss / 100 : lm_per(rate, s - m->p.noise, f->len + 4);
	if (lm_chance(m, p)) {
		*st = RX_LOST;
		return;
	}
	*st = RX_DELIVERED;
	d = &out->deliv[out->ndeliv++];
	d->rx = rx;
	d->signal = clamp_signal(s);
	d->rate = lm_rx_rate_index(rate, f->freq);
}

/* Can @rx's acknowledgement reach @tx?  The ACK is short and sent at a
 * basic rate: it needs the way back open and above the threshold, and
 * is not subject to loss draws. */
static bool ack_returns(const struct lm_medium *m, unsigned int tx,
			unsigned int rx)
{
	return !lm_link(m, rx, tx)->cut && lm_signal(m, rx, tx) >= m->p.threshold;
}

static void tally(struct lm_medium *m, unsigned int tx)
{
	unsigned int rx;

	for (rx = 0; rx < m->n; rx++) {
		struct lm_link_stats *s = &lm_link(m, tx, rx)->st;

		switch (m->state[rx].st) {
		case RX_DELIVERED:
			s->delivered++;
			break;
		case RX_BELOW:
			s->below++;
			break;
		case RX_LOST:
			s->lost++;
			break;
		case RX_CUT:
			s->cut++;
			break;
		}
	}
}

void lm_decide(struct lm_medium *m, const struct lm_frame *f,
	       struct lm_fate *out)
{
	const uint8_t *a1 = f->data + 4, *a2 = f->data + 10;
	int tx = lm_radio_by_key(m, f->tx), dst = -1, i, t, tries;
	bool group = a1[0] & 1, noack, done = false, ack_ok = false;
	struct lm_radio *r;
	unsigned int rx;

	out->tx = tx;
	out->ndeliv = 0;
	out->acked = false;
	out->ack_signal = 0;
	for (i = 0; i < HWSIM_TX_MAX_RATES; i++) {
		out->rates[i].idx = -1;
		out->rates[i].count = 0;
	}
	m->st.frames++;
	if (tx < 0) {
		count_unknown(m, f->tx);
		return;
	}
	r = &m->radios[tx];
	r->st.tx++;
	if (f->len < HWSIM_MIN_FRAME || f->len > HWSIM_MAX_FRAME) {
		r->st.bad_length++;
		return;
	}
	/* Data and management frames carry the sender's vif in addr2. */
	if (((f->data[0] >> 2) & 3) != 1 && !(a2[0] & 1) &&
	    lm_radio_by_addr(m, a2) < 0)
		lm_alias_add(m, tx, a2, LM_ALIAS_LEARNT);
	if (!group) {
		r->st.unicast++;
		dst = lm_radio_by_addr(m, a1);
		if (dst == tx)
			dst = -1;
		if (dst < 0)
			r->st.no_addressee++;
		else
			ack_ok = ack_returns(m, tx, dst);
	}
	noack = group || (f->flags & HWSIM_TX_CTL_NO_ACK);
	for (rx = 0; rx < m->n; rx++)
		m->state[rx].st = RX_NONE;

	for (i = 0; i < HWSIM_TX_MAX_RATES && !done; i++) {
		const struct lm_rate *rate;

		if (f->rates[i].idx < 0)
			break;
		tries = noack ? 1 : f->rates[i].count;
		rate = lm_rate_of(f->rates[i].idx, f->rate_flags[i], f->freq);
		for (t = 0; t < tries && !done; t++) {
			out->rates[i].idx = f->rates[i].idx;
			out->rates[i].count = t + 1;
			for (rx = 0; rx < m->n; rx++)
				if (rx != (unsigned int)tx)
					attempt(m, tx, rx, rate, f, out);
			done = noack || (dst >= 0 && ack_ok &&
					 m->state[dst].st == RX_DELIVERED);
		}
	}
	/* No rate given at all: one try at the band's lowest rate. */
	if (f->rates[0].idx < 0) {
		const struct lm_rate *rate = lm_rate_of(0, 0, f->freq);

		for (rx = 0; rx < m->n; rx++)
			if (rx != (unsigned int)tx)
				attempt(m, tx, rx, rate, f, out);
	}
	tally(m, tx);
	if (!noack && dst >= 0 && ack_ok && m->state[dst].st == RX_DELIVERED) {
		out->acked = true;
		out->ack_signal = clamp_signal(lm_signal(m, dst, tx));
		lm_link(m, tx, dst)->st.acked++;
		r->st.acked++;
	}
}
