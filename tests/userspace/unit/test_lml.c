// SPDX-License-Identifier: GPL-2.0
/*
 * LML localisation (userspace/loomctl/lml_locate.c): the model and its
 * fit, least squares and maximum likelihood on exact and on noisy
 * readings, the Cramér-Rao bound against its closed form, and the
 * estimator's RMS error against that bound over many trials.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "lml_locate.h"
#include "test.h"

static const struct lml_model model = {
	.p0_dbm = -49, .n = 2.5, .sigma_db = 4,
};

/* Three leaves on an equilateral triangle of side 20 m. */
static const struct lml_point tri[3] = {
	{ 0, 0 }, { 20, 0 }, { 10, 17.320508075688775 },
};

/* xorshift64*, and normal deviates by Box-Muller: reproducible noise. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static double uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static double normal(void)
{
	double u = uniform(), v = uniform();

	return sqrt(-2 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

static double dist(struct lml_point a, struct lml_point b)
{
	return hypot(a.x - b.x, a.y - b.y);
}

/* Each anchor's mean of @m readings of a transmitter at @at. */
static void readings(struct lml_point at, double sigma, int m, double *rssi)
{
	int i, j;

	for (i = 0; i < 3; i++) {
		double sum = 0;

		for (j = 0; j < m; j++)
			sum += lml_predict(&model, dist(at, tri[i])) +
			       sigma * normal();
		rssi[i] = sum / m;
	}
}

TEST(lml_model_inverts)
{
	double d;

	CHECK(fabs(lml_predict(&model, 1) - -49) < 1e-12);
	CHECK(fabs(lml_predict(&model, 10) - -74) < 1e-12);
	for (d = 0.5; d < 100; d *= 1.7)
		CHECK(fabs(lml_range(&model, lml_predict(&model, d)) - d) < 1e-9 * d);
}

TEST(lml_fit_exact_and_noisy)
{
	static const double d[] = { 1, 2, 5, 10, 20 };
	double r[300], dd[300];
	struct lml_model m;
	int i;

	for (i = 0; i < 5; i++)
		r[i] = lml_predict(&model, d[i]);
	REQUIRE(lml_fit(d, r, 5, &m) == 0);
	CHECK(fabs(m.p0_dbm - -49) < 1e-9);
	CHECK(fabs(m.n - 2.5) < 1e-9);
	CHECK(m.sigma_db < 1e-9);
	/* 300 pairs from 1 to 30 m with 4 dB shadowing. */
	for (i = 0; i < 300; i++) {
		dd[i] = 1 + 29 * uniform();
		r[i] = lml_predict(&model, dd[i]) + 4 * normal();
	}
	REQUIRE(lml_fit(dd, r, 300, &m) == 0);
	CHECK(fabs(m.n - 2.5) < 0.2);
	CHECK(fabs(m.p0_dbm - -49) < 1.5);
	CHECK(fabs(m.sigma_db - 4) < 0.5);
	/* Refused: too few, a distance of 0, one distance, power growing. */
	CHECK_INT(lml_fit(d, r, 2, &m), -EINVAL);
	dd[0] = 0;
	CHECK_INT(lml_fit(dd, r, 3, &m), -EINVAL);
	dd[0] = dd[1] = dd[2] = 5;
	CHECK_INT(lml_fit(dd, r, 3, &m), -EINVAL);
	r[0] = -80;
	r[1] = -60;
	r[2] = -40;
	CHECK_INT(lml_fit(d, r, 3, &m), -EDOM);
}

TEST(lml_locate_exact)
{
	static const struct lml_point line[3] = { { 0, 0 }, { 10, 0 }, { 20, 0 } };
	struct lml_point at = { 7, 5 }, p;
	struct lml_fix fix;
	double rssi[3];
	int i;

	for (i = 0; i < 3; i++)
		rssi[i] = lml_predict(&model, dist(at, tri[i]));
	REQUIRE(lml_locate_ls(tri, rssi, 3, &model, &p) == 0);
	CHECK(dist(p, at) < 1e-6);
	REQUIRE(lml_locate(tri, rssi, 3, &model, &fix) == 0);
	CHECK(fix.converged);
	CHECK(dist(fix.pos, at) < 1e-6);
	/* Anchors on a line leave the linear system singular. */
	CHECK_INT(lml_locate_ls(line, rssi, 3, &model, &p), -EDOM);
	CHECK_INT(lml_locate_ls(tri, rssi, 2, &model, &p), -EINVAL);
	CHECK_INT(lml_locate(tri, rssi, 2, &model, &fix), -EINVAL);
}

/* At the centroid of an equilateral triangle of circumradius R the bound
 * is 2 R / sqrt(3 b), b = (10 n / (sigma ln 10))^2. */
TEST(lml_crb_closed_form)
{
	struct lml_point c = { 10, 17.320508075688775 / 3 };
	double R = dist(c, tri[0]);
	double b = pow(10 * model.n / (model.sigma_db * log(10)), 2);
	struct lml_point on_line[3] = { { 0, 0 }, { 10, 0 }, { 20, 0 } };

	CHECK(fabs(lml_crb(tri, 3, &model, c) - 2 * R / sqrt(3 * b)) < 1e-9);
	/* It grows with sigma / n only. */
	{
		struct lml_model m2 = model;

		m2.sigma_db *= 2;
		m2.n *= 2;
		CHECK(fabs(lml_crb(tri, 3, &m2, c) - lml_crb(tri, 3, &model, c)) <
		      1e-12);
	}
	/* A transmitter on the anchors' line: one direction unobserved. */
	CHECK(isinf(lml_crb(on_line, 3, &model, (struct lml_point){ 5, 0 })));
}

/*
 * The estimator against the bound: 2,000 trials at one position, each
 * anchor averaging ten readings of sigma = 4 dB (so sigma 1.26 dB per
 * anchor).  The bench's goal, RMSE / CRB <= 1.25, holds; and the fix's
 * own covariance says about what the scatter is.
 */
TEST(lml_rmse_against_crb)
{
	struct lml_point at = { 7, 5 };
	struct lml_model m = model;
	double se = 0, tr = 0, rssi[3], crb, ratio;
	struct lml_fix fix;
	int t, n = 0;

	m.sigma_db = model.sigma_db / sqrt(10);
	crb = lml_crb(tri, 3, &m, at);
	for (t = 0; t < 2000; t++) {
		readings(at, model.sigma_db, 10, rssi);
		if (lml_locate(tri, rssi, 3, &m, &fix))
			continue;
		se += pow(dist(fix.pos, at), 2);
		tr += fix.cov[0][0] + fix.cov[1][1];
		n++;
	}
	REQUIRE(n == 2000);
	ratio = sqrt(se / n) / crb;
	CHECK(ratio <= 1.25);
	CHECK(ratio >= 0.85);
	CHECK(fabs(sqrt(tr / n) / crb - 1) < 0.25);
}

TEST(lml_ellipse_axes)
{
	const double diag[2][2] = { { 4, 0 }, { 0, 1 } };
	const double rot[2][2] = { { 2.5, 1.5 }, { 1.5, 2.5 } };
	const double bad[2][2] = { { 1, 3 }, { 3, 1 } };
	struct lml_ellipse e;

	REQUIRE(lml_ellipse(diag, 1, &e) == 0);
	CHECK(fabs(e.a - 2) < 1e-12 && fabs(e.b - 1) < 1e-12);
	CHECK(fabs(e.angle_deg) < 1e-9);
	/* Eigenvalues 4 and 1 along the diagonals. */
	REQUIRE(lml_ellipse(rot, 5.991, &e) == 0);
	CHECK(fabs(e.a - sqrt(5.991 * 4)) < 1e-9);
	CHECK(fabs(e.b - sqrt(5.991)) < 1e-9);
	CHECK(fabs(e.angle_deg - 45) < 1e-9);
	CHECK_INT(lml_ellipse(bad, 1, &e), -EDOM);
}
