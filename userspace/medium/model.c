// SPDX-License-Identifier: GPL-2.0
/*
 * The propagation and reception model of loom-medium (documented with
 * its sources in Documentation/medium.rst):
 *
 *   signal = txpower - (ref_loss + 10 n log10(d / 1 m) + X_link)
 *
 * with X_link a normal shadowing term of standard deviation sigma drawn
 * once per link from the seed (the same both ways), and d at least 1 m:
 * loom_hwsim's own log-distance model (kernel/radio/medium.c, built for
 * the host), in milli-dB.
 * A frame's loss probability follows its SNR through a BER curve of the
 * shape of coherent BPSK in AWGN, BER = Q(sqrt(2 kappa SNR)), whose slope
 * kappa is fitted per rate so that the packet error ratio at the
 * standard's minimum input sensitivity (IEEE 802.11-2016 15.4.6.2,
 * 16.3.8.2, 17.3.10.2, 19.3.19.1, 21.3.18.1) is the standard's reference
 * PER at its reference length.
 */
#include <math.h>
#include <string.h>

#include "medium.h"
#include "radio/medium.h"

/* Thermal noise in 20 MHz (-174 dBm/Hz + 73 dB) plus the 10 dB noise
 * figure the standard's sensitivities assume: what their SNR is against. */
#define LM_STD_NOISE	-91.0

/* Clause 15 specifies -80 dBm at 2 Mb/s and clause 16 -76 dBm at 11 Mb/s
 * (FER 8 % at 1024 octets); 1 and 5.5 Mb/s take those figures too. */
#define DSSS(mb, s, l2)	{ mb, s, 0.08, 1024, 0, l2, -1 }
/* Clause 17 (OFDM): PER 10 % at 1000 octets. */
#define OFDM(mb, s, o)	{ mb, s, 0.10, 1000, 0, 4 + (o), o }
/* Clauses 19 and 21 (HT, VHT; 20 MHz, long GI): PER 10 % at 4096 octets;
 * a reception is reported at the OFDM rate of the same modulation. */
#define MCS(mb, s, o)	{ mb, s, 0.10, 4096, 0, 4 + (o), o }

static struct lm_rate rates_2g[] = {
	DSSS(1, -80, 0), DSSS(2, -80, 1), DSSS(5.5, -76, 2), DSSS(11, -76, 3),
	OFDM(6, -82, 0), OFDM(9, -81, 1), OFDM(12, -79, 2), OFDM(18, -77, 3),
	OFDM(24, -74, 4), OFDM(36, -70, 5), OFDM(48, -66, 6), OFDM(54, -65, 7),
};

/* The OFDM rates are the 2.4 GHz table's last eight. */
#define RATES_OFDM	(rates_2g + 4)
#define N_OFDM		8

static struct lm_rate rates_mcs[] = {
	MCS(6.5, -82, 0), MCS(13, -79, 2), MCS(19.5, -77, 3), MCS(26, -74, 4),
	MCS(39, -70, 5), MCS(52, -66, 6), MCS(58.5, -65, 7), MCS(65, -64, 7),
	MCS(78, -59, 7), MCS(86.7, -57, 7),
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* x with erfc(x) = y, for 0 < y < 1, by bisection (erfc falls). */
static double erfc_inv(double y)
{
	double lo = 0, hi = 27, mid;
	int i;

	for (i = 0; i < 200; i++) {
		mid = (lo + hi) / 2;
		if (erfc(mid) > y)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* Bit error ratio that makes a @len-byte frame fail with @per. */
static double ber_for_per(double per, size_t len)
{
	return -expm1(log1p(-per) / (8.0 * (double)len));
}

static void rate_fit(struct lm_rate *r)
{
	double x = erfc_inv(2 * ber_for_per(r->ref_per, r->ref_len));
	double snr = pow(10, (r->sens - LM_STD_NOISE) / 10);

	r->kappa = x * x / snr;
}

static void rates_init(void)
{
	static bool done;
	size_t i;

	if (done)
		return;
	for (i = 0; i < ARRAY_SIZE(rates_2g); i++)
		rate_fit(&rates_2g[i]);
	for (i = 0; i < ARRAY_SIZE(rates_mcs); i++)
		rate_fit(&rates_mcs[i]);
	done = true;
}

const struct lm_rate *lm_rate_of(int idx, uint16_t flags, uint32_t freq)
{
	bool band_2g = freq < 3000;

	rates_init();
	if (idx < 0)
		idx = 0;
	if (flags & HWSIM_TX_RC_VHT_MCS) {
		/* VHT: (streams - 1) << 4 | MCS. */
		idx &= 0x0f;
		return &rates_mcs[idx < 10 ? idx : 9];
	}
	if (flags & HWSIM_TX_RC_MCS)
		return &rates_mcs[idx % 8];	/* MCS 8-15: two streams */
	if (band_2g)
		return &rates_2g[(size_t)idx < ARRAY_SIZE(rates_2g) ? idx : 0];
	return &RATES_OFDM[idx < N_OFDM ? idx : 0];
}

uint32_t lm_rx_rate_index(const struct lm_rate *r, uint32_t freq)
{
	if (freq < 3000)
		return r->legacy_2g;
	return r->legacy_5g >= 0 ? r->legacy_5g : 0;
}

double lm_per(const struct lm_rate *r, double snr, size_t len)
{
	double ber;

	if (!len)
		return 0;
	ber = 0.5 * erfc(sqrt(r->kappa * pow(10, snr / 10)));
	return -expm1(8.0 * (double)len * log1p(-ber));
}

double lm_snr_for_per(const struct lm_rate *r, double per, size_t len)
{
	double x = erfc_inv(2 * ber_for_per(per, len));

	return 10 * log10(x * x / r->kappa);
}

double lm_txpower(const struct lm_medium *m, unsigned int r)
{
	double p = m->radios[r].txpower;

	return isnan(p) ? m->p.txpower : p;
}

/* Milli-units, as kernel/radio/medium.c counts. */
static s32 milli(double v)
{
	return (s32)lround(v * 1000);
}

/* The kernel's model with the medium's parameters (reference 1 m). */
static struct loom_pathloss pathloss(const struct lm_params *p, bool shadow)
{
	struct loom_pathloss pl = {
		.exponent_milli = milli(p->exponent),
		.ref_loss_mdb = milli(p->ref_loss),
		.ref_mm = 1000,
		.sigma_mdb = shadow ? milli(p->sigma) : 0,
	};

	return pl;
}

static u64 mac_u64(const uint8_t *a)
{
	u64 v = 0;
	int i;

	for (i = 0; i < LM_ETH_ALEN; i++)
		v = v << 8 | a[i];
	return v;
}

/*
 * The state a link's shadowing is drawn from: it depends on the seed and
 * the pair only, so it is the same both ways, the same whatever order the
 * radios were configured in, and fixed in time.
 */
static u64 link_state(const struct lm_medium *m, unsigned int a, unsigned int b)
{
	u64 x = mac_u64(m->radios[a].addr), y = mac_u64(m->radios[b].addr);
	u64 s = m->p.seed;

	s = loom_rng_next(&s) ^ (x < y ? x : y);
	s = loom_rng_next(&s) ^ (x < y ? y : x);
	return s;
}

static u64 distance_mm(const struct lm_medium *m, unsigned int a, unsigned int b)
{
	const double *p = m->radios[a].pos, *q = m->radios[b].pos;
	struct loom_pos pa = { milli(p[0]), milli(p[1]), milli(p[2]) };
	struct loom_pos pb = { milli(q[0]), milli(q[1]), milli(q[2]) };

	return loom_distance_mm(&pa, &pb);
}

double lm_distance(const struct lm_medium *m, unsigned int a, unsigned int b)
{
	return distance_mm(m, a, b) / 1000.0;
}

double lm_shadowing(const struct lm_medium *m, unsigned int a, unsigned int b)
{
	struct loom_pathloss with = pathloss(&m->p, true);
	struct loom_pathloss without = pathloss(&m->p, false);
	u64 s = link_state(m, a, b);

	return (loom_pathloss_mdb(&with, 1000, &s) -
		loom_pathloss_mdb(&without, 1000, NULL)) / 1000.0;
}

double lm_signal(const struct lm_medium *m, unsigned int tx, unsigned int rx)
{
	const struct lm_link *l = lm_link(m, tx, rx);
	struct loom_pathloss pl;
	u64 s;

	if (l->has_signal)
		return l->signal;
	pl = pathloss(&m->p, m->p.sigma > 0);
	s = link_state(m, tx, rx);
	return lm_txpower(m, tx) -
	       loom_pathloss_mdb(&pl, distance_mm(m, tx, rx), &s) / 1000.0;
}

void lm_reseed(struct lm_medium *m)
{
	u64 s = m->p.seed ^ 0x6c6f6f6d2d6d6564ULL;	/* "loom-med" */

	m->rng = loom_rng_next(&s);
}

/* m->rng is a uint64_t, the kernel's generator takes a u64. */
bool lm_chance(struct lm_medium *m, double p)
{
	u64 s = m->rng;
	bool r;

	if (p <= 0)
		return false;
	r = loom_rng_chance(&s, p >= 1 ? 1000000 : (u32)lround(p * 1e6));
	m->rng = s;
	return r;
}

double lm_gauss(struct lm_medium *m)
{
	u64 s = m->rng;
	s32 v = loom_gauss_milli(&s);

	m->rng = s;
	return v / 1000.0;
}
