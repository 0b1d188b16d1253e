// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: reception physics of the simulated medium.
 */
#include <kunit/test.h>

#include "../../kernel/radio/medium.h"

static struct loom_air_frame loom_frame(u64 start, u64 len, s32 rssi_dbm)
{
	return (struct loom_air_frame){
		.start_ns = start, .end_ns = start + len,
		.freq_hz = 868100000, .bw_hz = 125000, .sf = 7,
		.rssi_mdbm = rssi_dbm * 1000, .snr_mdb = 10000,
	};
}

static void loom_medium_sensitivity(struct kunit *test)
{
	/* -174 + 10 log10(125000) + 6 + SNRmin, computed outside: */
	static const s32 want[] = { -119531, -122031, -124531, -127031,
				    -129531, -132031, -134531, -137031 };
	struct loom_lora_params p;
	u8 sf;

	loom_lora_params_default(&p);
	for (sf = 5; sf <= 12; sf++) {
		p.sf = sf;
		KUNIT_EXPECT_EQ_MSG(test, loom_lora_sensitivity_mdbm(&p),
				    want[sf - 5], "SF%u", sf);
	}
	/* Doubling the bandwidth costs 3 dB. */
	p.sf = 7;
	p.bw_hz = 250000;
	KUNIT_EXPECT_EQ(test, loom_lora_sensitivity_mdbm(&p), -124531 + 3010);
	KUNIT_EXPECT_EQ(test, loom_lora_snr_min_mdb(7), -7500);
	KUNIT_EXPECT_EQ(test, loom_lora_snr_min_mdb(12), -20000);
}

static void loom_medium_weak(struct kunit *test)
{
	struct loom_air_frame f = loom_frame(0, 1000, -124);
	struct loom_lora_params p;
	u64 rng = 1;

	loom_lora_params_default(&p);
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &f, NULL, 0, 0, &rng),
			LOOM_RX_OK);
	f.rssi_mdbm = -125000;
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &f, NULL, 0, 0, &rng),
			LOOM_RX_WEAK);
	f = loom_frame(0, 1000, -100);
	f.snr_mdb = -8000;	/* below SF7's -7.5 dB */
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &f, NULL, 0, 0, &rng),
			LOOM_RX_WEAK);
}

static void loom_medium_collisions(struct kunit *test)
{
	struct loom_air_frame a = loom_frame(1000, 1000, -90);
	struct loom_air_frame b = loom_frame(1500, 1000, -90);
	struct loom_lora_params p;
	u64 rng = 1;

	loom_lora_params_default(&p);
	/* Equal power, overlapping: both lost. */
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &a, &b, 1, 0, &rng),
			LOOM_RX_COLLISION);
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &b, &a, 1, 0, &rng),
			LOOM_RX_COLLISION);
	/* 6 dB stronger captures the receiver; the weaker is lost. */
	a.rssi_mdbm = -84000;
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &a, &b, 1, 0, &rng),
			LOOM_RX_OK);
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &b, &a, 1, 0, &rng),
			LOOM_RX_COLLISION);
	a.rssi_mdbm = -84001;	/* 5.999 dB: not enough */
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &a, &b, 1, 0, &rng),
			LOOM_RX_COLLISION);
	/* Back to back is not overlap. */
	a = loom_frame(1000, 1000, -90);
	b = loom_frame(2000, 1000, -90);
	KUNIT_EXPECT_FALSE(test, loom_air_interferes(&a, &b));
	KUNIT_EXPECT_EQ(test, loom_medium_judge(&p, &a, &b, 1, 0, &rng),
			LOOM_RX_OK);
	/* Another SF, bandwidth or carrier does not interfere. */
	b.start_ns = 1500;
	b.sf = 8;
	KUNIT_EXPECT_FALSE(test, loom_air_interferes(&a, &b));
	b.sf = 7;
	b.bw_hz = 250000;
	KUNIT_EXPECT_FALSE(test, loom_air_interferes(&a, &b));
	b.bw_hz = 125000;
	b.freq_hz = 868300000;
	KUNIT_EXPECT_FALSE(test, loom_air_interferes(&a, &b));
	b.freq_hz = 868100000;
	KUNIT_EXPECT_TRUE(test, loom_air_interferes(&a, &b));
	/* A frame wholly inside another collides too. */
	b = loom_frame(1200, 100, -90);
	KUNIT_EXPECT_TRUE(test, loom_air_interferes(&a, &b));
}

/* Loss over 10,000 frames within 4 standard deviations, per probability. */
static void loom_medium_loss(struct kunit *test)
{
	static const u32 ppm[] = { 0, 1000, 100000, 500000, 900000, 1000000 };
	struct loom_air_frame f = loom_frame(0, 1000, -90);
	struct loom_lora_params p;
	unsigned int i, k;

	loom_lora_params_default(&p);
	for (i = 0; i < ARRAY_SIZE(ppm); i++) {
		u64 rng = 0x1234 + i, mean, var, sd, lost = 0;

		for (k = 0; k < 10000; k++)
			lost += loom_medium_judge(&p, &f, NULL, 0, ppm[i], &rng) ==
				LOOM_RX_LOST;
		/* n p and n p (1 - p), in frames; sd by integer square root. */
		mean = 10000ULL * ppm[i] / 1000000;
		var = 10000ULL * ppm[i] / 1000000 * (1000000 - ppm[i]) / 1000000;
		sd = int_sqrt64(var) + 1;
		KUNIT_EXPECT_LE_MSG(test, lost, mean + 4 * sd, "ppm %u", ppm[i]);
		KUNIT_EXPECT_GE_MSG(test, lost + 4 * sd, mean, "ppm %u", ppm[i]);
	}
}

static void loom_medium_determinism(struct kunit *test)
{
	u64 a = 42, b = 42, c = 43;
	unsigned int k, same = 0;

	for (k = 0; k < 1000; k++) {
		u64 x = loom_rng_next(&a);

		KUNIT_EXPECT_EQ(test, x, loom_rng_next(&b));
		same += x == loom_rng_next(&c);
	}
	KUNIT_EXPECT_EQ(test, same, 0U);
}

static void loom_medium_log10(struct kunit *test)
{
	static const struct {
		u64 x;
		s64 mdb;	/* 10 log10(x), rounded, computed outside */
	} v[] = {
		{ 1, 0 }, { 2, 3010 }, { 3, 4771 }, { 10, 10000 },
		{ 1000, 30000 }, { 125000, 50969 }, { 1000000000, 90000 },
		{ 1ULL << 40, 120412 }, { 12345678901ULL, 100915 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		s64 got = loom_log10_mdb(v[i].x);

		KUNIT_EXPECT_LE_MSG(test, abs(got - v[i].mdb), 1LL, "x %llu",
				    v[i].x);
	}
}

static void loom_medium_pathloss(struct kunit *test)
{
	struct loom_pathloss pl = { .exponent_milli = 2700,
				    .ref_loss_mdb = 40000, .ref_mm = 1000 };
	struct loom_pos a = { 0, 0, 0 }, b = { 3000, 4000, 0 };
	s64 sum = 0, mean, sq = 0;
	u64 rng = 7;
	unsigned int i, k;

	KUNIT_EXPECT_EQ(test, loom_distance_mm(&a, &b), 5000ULL);
	/* 100 m at n = 2.7: 40 + 27 * 2 = 94 dB; inside d0: the reference. */
	KUNIT_EXPECT_EQ(test, loom_pathloss_mdb(&pl, 100000, &rng), 94000);
	KUNIT_EXPECT_EQ(test, loom_pathloss_mdb(&pl, 500, &rng), 40000);
	KUNIT_EXPECT_EQ(test, rng, 7ULL);	/* no shadowing, no draws */
	KUNIT_EXPECT_EQ(test, loom_noise_floor_mdbm(125000), -117031);

	/* Shadowing of 4 dB: mean and spread over 10,000 samples. */
	pl.sigma_mdb = 4000;
	for (k = 0; k < 10; k++) {
		for (i = 0; i < 1000; i++)
			sum += loom_pathloss_mdb(&pl, 100000, &rng) - 94000;
	}
	mean = div_s64(sum, 10000);
	KUNIT_EXPECT_LE(test, abs(mean), 200LL);
	rng = 7;
	for (k = 0; k < 10; k++)
		for (i = 0; i < 1000; i++) {
			s64 d = loom_pathloss_mdb(&pl, 100000, &rng) - 94000 - mean;

			sq += d * d;
		}
	/* Standard deviation 4 dB +- 0.2 dB: variance 14.44 .. 17.64 dB^2. */
	KUNIT_EXPECT_GE(test, div_s64(sq, 10000), 14440000LL);
	KUNIT_EXPECT_LE(test, div_s64(sq, 10000), 17640000LL);
}

static struct kunit_case loom_medium_cases[] = {
	KUNIT_CASE(loom_medium_sensitivity),
	KUNIT_CASE(loom_medium_weak),
	KUNIT_CASE(loom_medium_collisions),
	KUNIT_CASE(loom_medium_loss),
	KUNIT_CASE(loom_medium_determinism),
	KUNIT_CASE(loom_medium_log10),
	KUNIT_CASE(loom_medium_pathloss),
	{}
};

static struct kunit_suite loom_medium_suite = {
	.name = "loom_medium",
	.test_cases = loom_medium_cases,
};

kunit_test_suites(&loom_medium_suite);
