// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: LoRa time on air, parameter checks, radio state transitions,
 * time and energy accounting.
 *
 * The sweep sums below were computed outside the kernel with exact rational
 * arithmetic (Python fractions) from Semtech's formula, rounded to the
 * nearest nanosecond per frame exactly as the kernel rounds.
 */
#include <kunit/test.h>

#include "../../kernel/radio/radio.h"

static struct loom_lora_params loom_p(u8 sf, u32 bw, u8 cr)
{
	struct loom_lora_params p;

	loom_lora_params_default(&p);
	p.sf = sf;
	p.bw_hz = bw;
	p.cr = cr;
	return p;
}

/* Published figures: 8-symbol preamble, explicit header, CRC on. */
static void loom_airtime_published(struct kunit *test)
{
	struct loom_lora_params p = loom_p(7, 125000, 5);

	KUNIT_EXPECT_EQ(test, loom_lora_symbol_ns(&p), 1024000ULL);
	KUNIT_EXPECT_EQ(test, loom_lora_airtime_ns(&p, 20), 56576000ULL);
	KUNIT_EXPECT_EQ(test, loom_lora_airtime_ns(&p, 10), 41216000ULL);

	/*
	 * SF12, 4/8, 13 bytes: with this 8-symbol preamble the formula gives
	 * 1449.984 ms (low-data-rate optimisation on, as Semtech requires at
	 * 32.768 ms symbols).  The often-quoted 1318.9 ms is what a 4-symbol
	 * preamble gives: 4 symbols (131.072 ms) less.
	 */
	p = loom_p(12, 125000, 8);
	KUNIT_EXPECT_TRUE(test, loom_lora_ldro_on(&p));
	KUNIT_EXPECT_EQ(test, loom_lora_payload_symbols(&p, 13), 32U);
	KUNIT_EXPECT_EQ(test, loom_lora_airtime_ns(&p, 13), 1449984000ULL);
	p.preamble = 4;
	KUNIT_EXPECT_EQ(test, loom_lora_airtime_ns(&p, 13), 1318912000ULL);
}

static const u32 loom_bws[] = {
	7800, 10400, 15600, 20800, 31250, 41700, 62500, 125000, 250000, 500000,
};

/* Sum over BW x CR x length 0..255 for each SF, explicit header + CRC ... */
static const u64 loom_sum_explicit_crc[8] = {
	5005629815275ULL, 8445518115661ULL, 16208353990152ULL,
	31104973255246ULL, 56471649601090ULL, 101954045646336ULL,
	183267842168529ULL, 333983402701453ULL,
};

/* ... and implicit header without CRC. */
static const u64 loom_sum_implicit_nocrc[8] = {
	4843923237620ULL, 8146009410968ULL, 15689839230313ULL,
	30001520997014ULL, 54673621155936ULL, 98389048134654ULL,
	177545470470346ULL, 322518212073083ULL,
};

static void loom_airtime_sweep(struct kunit *test)
{
	unsigned int b, len, variant;
	u8 sf, cr;

	for (variant = 0; variant < 2; variant++) {
		const u64 *want = variant ? loom_sum_implicit_nocrc :
					    loom_sum_explicit_crc;

		for (sf = LOOM_LORA_SF_MIN; sf <= LOOM_LORA_SF_MAX; sf++) {
			u64 sum = 0;

			for (b = 0; b < ARRAY_SIZE(loom_bws); b++) {
				for (cr = 5; cr <= 8; cr++) {
					struct loom_lora_params p =
						loom_p(sf, loom_bws[b], cr);

					p.implicit_header = variant;
					p.crc = !variant;
					KUNIT_ASSERT_EQ(test,
							loom_lora_params_check(&p), 0);
					for (len = 0; len <= LOOM_LORA_MAX_PAYLOAD; len++)
						sum += loom_lora_airtime_ns(&p, len);
				}
			}
			KUNIT_EXPECT_EQ_MSG(test, sum, want[sf - LOOM_LORA_SF_MIN],
					    "SF%u variant %u", sf, variant);
		}
	}
}

/* More bytes never take less time; a higher SF always takes more. */
static void loom_airtime_monotonic(struct kunit *test)
{
	unsigned int len;
	u8 sf;

	for (sf = LOOM_LORA_SF_MIN; sf < LOOM_LORA_SF_MAX; sf++) {
		struct loom_lora_params p = loom_p(sf, 125000, 5);
		struct loom_lora_params q = loom_p(sf + 1, 125000, 5);

		for (len = 1; len <= LOOM_LORA_MAX_PAYLOAD; len++) {
			KUNIT_EXPECT_GE(test, loom_lora_airtime_ns(&p, len),
					loom_lora_airtime_ns(&p, len - 1));
			KUNIT_EXPECT_GT(test, loom_lora_airtime_ns(&q, len),
					loom_lora_airtime_ns(&p, len));
		}
	}
}

static void loom_lora_checks(struct kunit *test)
{
	struct loom_lora_params p = loom_p(7, 125000, 5);

	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), 0);
	p.sf = 4;
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p.sf = 13;
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p = loom_p(7, 100000, 5);
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p = loom_p(7, 125000, 4);
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p = loom_p(7, 125000, 9);
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p = loom_p(7, 125000, 5);
	p.preamble = 5;
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);
	p = loom_p(7, 125000, 5);
	p.freq_hz = 2400000000U;
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -ERANGE);
	p = loom_p(7, 125000, 5);
	p.ldro = 3;
	KUNIT_EXPECT_EQ(test, loom_lora_params_check(&p), -EINVAL);

	/* LDRO automatic from 16 ms symbols: SF11/125k yes, SF10/125k no. */
	p = loom_p(11, 125000, 5);
	KUNIT_EXPECT_TRUE(test, loom_lora_ldro_on(&p));
	p = loom_p(10, 125000, 5);
	KUNIT_EXPECT_FALSE(test, loom_lora_ldro_on(&p));
	p = loom_p(10, 62500, 5);	/* exactly 16.384 ms */
	KUNIT_EXPECT_TRUE(test, loom_lora_ldro_on(&p));
	p.ldro = LOOM_LDRO_OFF;
	KUNIT_EXPECT_FALSE(test, loom_lora_ldro_on(&p));
}

static void loom_radio_transitions(struct kunit *test)
{
	static const u8 D = LOOM_RADIO_DISABLED, S = LOOM_RADIO_SLEEP,
			R = LOOM_RADIO_RECEIVE, T = LOOM_RADIO_TRANSMIT;
	static const bool ok[4][4] = {
		/* to:  D      S      R      T */
		[0] = { false, true,  false, false },
		[1] = { true,  false, true,  false },
		[2] = { false, true,  false, true  },
		[3] = { false, false, true,  false },
	};
	u8 a, b;

	for (a = 0; a < 4; a++)
		for (b = 0; b < 4; b++)
			KUNIT_EXPECT_EQ_MSG(test, loom_radio_transition_ok(a, b),
					    ok[a][b], "%s -> %s",
					    loom_radio_state_name(a),
					    loom_radio_state_name(b));
	KUNIT_EXPECT_FALSE(test, loom_radio_transition_ok(D, 4));
	KUNIT_EXPECT_FALSE(test, loom_radio_transition_ok(S, T));
	KUNIT_EXPECT_TRUE(test, loom_radio_transition_ok(T, R));
	KUNIT_EXPECT_STREQ(test, loom_radio_state_name(9), "unknown");
}

static void loom_radio_accounting(struct kunit *test)
{
	struct loom_radio_acct a;
	u64 t[__LOOM_RADIO_STATE_MAX];

	loom_radio_acct_init(&a, 1000);
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_SLEEP, 2000), 0);
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_RECEIVE, 5000), 0);
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_TRANSMIT, 5500), 0);
	/* Refused: not a neighbour, and time going backwards. */
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_SLEEP, 6000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_RECEIVE, 5400),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, a.refused, 2ULL);
	KUNIT_EXPECT_EQ(test, loom_radio_acct_enter(&a, LOOM_RADIO_RECEIVE, 7500), 0);

	loom_radio_acct_read(&a, 10000, t);
	KUNIT_EXPECT_EQ(test, t[LOOM_RADIO_DISABLED], 1000ULL);
	KUNIT_EXPECT_EQ(test, t[LOOM_RADIO_SLEEP], 3000ULL);
	KUNIT_EXPECT_EQ(test, t[LOOM_RADIO_RECEIVE], 500ULL + 2500ULL);
	KUNIT_EXPECT_EQ(test, t[LOOM_RADIO_TRANSMIT], 2000ULL);
	KUNIT_EXPECT_EQ(test, t[0] + t[1] + t[2] + t[3], 9000ULL);
	KUNIT_EXPECT_EQ(test, a.entered[LOOM_RADIO_RECEIVE], 2ULL);
	/* Reading does not change what is accounted. */
	KUNIT_EXPECT_EQ(test, a.time_ns[LOOM_RADIO_RECEIVE], 500ULL);
}

static void loom_radio_energy(struct kunit *test)
{
	const struct loom_radio_power *pw = &loom_sx1276_power;
	u64 t[__LOOM_RADIO_STATE_MAX] = {};

	KUNIT_EXPECT_EQ(test, loom_radio_tx_na(pw, 0), 20000000U);
	KUNIT_EXPECT_EQ(test, loom_radio_tx_na(pw, 13), 29000000U);
	KUNIT_EXPECT_EQ(test, loom_radio_tx_na(pw, 15), 58000000U);
	KUNIT_EXPECT_EQ(test, loom_radio_tx_na(pw, 30), 120000000U);

	/* 1 s receiving: 10.8 mA * 3.3 V = 35.64 mJ. */
	t[LOOM_RADIO_RECEIVE] = NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, loom_radio_energy_nj(pw, t, 14), 35640000ULL);
	/* Plus one 56.576 ms frame at +20 dBm: 120 mA * 3.3 V * t. */
	t[LOOM_RADIO_TRANSMIT] = 56576000;
	KUNIT_EXPECT_EQ(test, loom_radio_energy_nj(pw, t, 20),
			35640000ULL + 22404096ULL);
	/* A day asleep: 0.2 µA * 3.3 V * 86400 s = 57.024 mJ, no overflow. */
	memset(t, 0, sizeof(t));
	t[LOOM_RADIO_SLEEP] = 86400ULL * NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, loom_radio_energy_nj(pw, t, 14), 57024000ULL);
	/* A year transmitting at full power still fits. */
	t[LOOM_RADIO_TRANSMIT] = 365ULL * 86400ULL * NSEC_PER_SEC;
	KUNIT_EXPECT_GT(test, loom_radio_energy_nj(pw, t, 20),
			12000000000000000ULL);
}

static struct kunit_case loom_radio_cases[] = {
	KUNIT_CASE(loom_airtime_published),
	KUNIT_CASE(loom_airtime_sweep),
	KUNIT_CASE(loom_airtime_monotonic),
	KUNIT_CASE(loom_lora_checks),
	KUNIT_CASE(loom_radio_transitions),
	KUNIT_CASE(loom_radio_accounting),
	KUNIT_CASE(loom_radio_energy),
	{}
};

static struct kunit_suite loom_radio_suite = {
	.name = "loom_radio",
	.test_cases = loom_radio_cases,
};

kunit_test_suites(&loom_radio_suite);
