// SPDX-License-Identifier: GPL-2.0
/*
 * LML localisation from RSSI: the arithmetic (lml_locate.h).  Formulas:
 * the log-distance model and the Cramér-Rao bound of Patwari, Hero,
 * Perkins, Correal and O'Dea, "Relative Location Estimation in Wireless
 * Sensor Networks", IEEE Trans. Signal Processing 51(8), 2003: with
 * b = (10 n / (sigma ln 10))^2 the Fisher information of a position is
 * F = b sum_i [dx_i^2, dx_i dy_i; dx_i dy_i, dy_i^2] / d_i^4 and the RMS
 * error bound sqrt(trace(F^-1)).  The refinement is Levenberg-Marquardt
 * on the dB-domain residuals, whose Jacobian gives the same F at the
 * truth, so its covariance estimate sigma^2 (J^T J)^-1 is the bound's
 * matrix at the estimate.
 */
#include <errno.h>
#include <math.h>

#include "lml_locate.h"

/* Distances below this are taken as this: the model has no near field. */
#define LML_D_MIN	0.1
#define LML_ITER_MAX	100

static double sq(double v)
{
	return v * v;
}

/* Received power at @d_m metres under @m. */
double lml_predict(const struct lml_model *m, double d_m)
{
	return m->p0_dbm - 10 * m->n * log10(fmax(d_m, LML_D_MIN));
}

/* The distance @rssi_dbm means under @m (the model inverted). */
double lml_range(const struct lml_model *m, double rssi_dbm)
{
	return pow(10, (m->p0_dbm - rssi_dbm) / (10 * m->n));
}

/*
 * The model from @k pairs of distance and RSSI (calibration): P0 and n by
 * least squares on y = P0 + n x, x = -10 log10(d); sigma the residuals'
 * standard deviation (k - 2 degrees of freedom).  0, or -EINVAL for fewer
 * than three pairs, a distance not above 0 or all distances equal, -EDOM
 * for an exponent not above 0 (RSSI that grows with distance).
 */
int lml_fit(const double *d_m, const double *rssi_dbm, size_t k,
	    struct lml_model *out)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, ss = 0, mx, my, n;
	size_t i;

	if (k < 3)
		return -EINVAL;
	for (i = 0; i < k; i++) {
		double x;

		if (!(d_m[i] > 0))
			return -EINVAL;
		x = -10 * log10(d_m[i]);
		sx += x;
		sy += rssi_dbm[i];
	}
	mx = sx / k;
	my = sy / k;
	for (i = 0; i < k; i++) {
		double x = -10 * log10(d_m[i]) - mx;

		sxx += x * x;
		sxy += x * (rssi_dbm[i] - my);
	}
	if (sxx < 1e-12)
		return -EINVAL;
	n = sxy / sxx;
	if (!(n > 0))
		return -EDOM;
	out->n = n;
	out->p0_dbm = my - n * mx;
	for (i = 0; i < k; i++)
		ss += sq(rssi_dbm[i] - lml_predict(out, d_m[i]));
	out->sigma_db = sqrt(ss / (k - 2));
	return 0;
}

/* Solve the 2x2 system @a v = @b: 0, or -EDOM when singular. */
static int solve2(const double a[2][2], const double b[2], double v[2])
{
	double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
	double scale = fabs(a[0][0]) + fabs(a[1][1]);

	if (!(fabs(det) > 1e-12 * sq(scale)) || !(scale > 0))
		return -EDOM;
	v[0] = (b[0] * a[1][1] - b[1] * a[0][1]) / det;
	v[1] = (a[0][0] * b[1] - a[1][0] * b[0]) / det;
	return 0;
}

static int invert2(const double a[2][2], double inv[2][2])
{
	double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];

	if (!(fabs(det) > 0))
		return -EDOM;
	inv[0][0] = a[1][1] / det;
	inv[1][1] = a[0][0] / det;
	inv[0][1] = inv[1][0] = -a[0][1] / det;
	return 0;
}

/*
 * Linear least squares on the range circles: each circle minus the last
 * one's is linear in (x, y).  0, -EINVAL for fewer than three anchors or
 * more than LML_ANCHORS_MAX, -EDOM for anchors on one line.
 */
int lml_locate_ls(const struct lml_point *anchors, const double *rssi_dbm,
		  size_t k, const struct lml_model *m, struct lml_point *out)
{
	double ata[2][2] = { { 0 } }, atb[2] = { 0 }, v[2], rk;
	const struct lml_point *ak;
	size_t i;

	if (k < 3 || k > LML_ANCHORS_MAX)
		return -EINVAL;
	ak = &anchors[k - 1];
	rk = lml_range(m, rssi_dbm[k - 1]);
	for (i = 0; i + 1 < k; i++) {
		const struct lml_point *ai = &anchors[i];
		double ri = lml_range(m, rssi_dbm[i]);
		double r0 = 2 * (ak->x - ai->x), r1 = 2 * (ak->y - ai->y);
		double c = sq(ri) - sq(rk) - sq(ai->x) + sq(ak->x) -
			   sq(ai->y) + sq(ak->y);

		ata[0][0] += r0 * r0;
		ata[0][1] += r0 * r1;
		ata[1][1] += r1 * r1;
		atb[0] += r0 * c;
		atb[1] += r1 * c;
	}
	ata[1][0] = ata[0][1];
	if (solve2(ata, atb, v))
		return -EDOM;
	out->x = v[0];
	out->y = v[1];
	return 0;
}

/* Sum of squared residuals at @p, and J^T J and J^T e there. */
static double lml_normal(const struct lml_point *anchors,
			 const double *rssi_dbm, size_t k,
			 const struct lml_model *m, struct lml_point p,
			 double jtj[2][2], double jte[2])
{
	double g = 10 * m->n / log(10), ss = 0;
	size_t i;

	jtj[0][0] = jtj[0][1] = jtj[1][0] = jtj[1][1] = 0;
	jte[0] = jte[1] = 0;
	for (i = 0; i < k; i++) {
		double dx = p.x - anchors[i].x, dy = p.y - anchors[i].y;
		double d2 = fmax(dx * dx + dy * dy, sq(LML_D_MIN));
		double e = rssi_dbm[i] - lml_predict(m, sqrt(d2));
		/* d mu / d(x, y) = -g (dx, dy) / d^2 */
		double jx = -g * dx / d2, jy = -g * dy / d2;

		ss += e * e;
		jtj[0][0] += jx * jx;
		jtj[0][1] += jx * jy;
		jtj[1][1] += jy * jy;
		jte[0] += jx * e;
		jte[1] += jy * e;
	}
	jtj[1][0] = jtj[0][1];
	return ss;
}

/*
 * The maximum-likelihood position under @m (Levenberg-Marquardt from the
 * least-squares fix, or from the anchors' centroid when that fails), with
 * its covariance sigma^2 (J^T J)^-1.  0, or -EINVAL as lml_locate_ls(),
 * -EDOM when the geometry leaves the position undetermined.
 */
int lml_locate(const struct lml_point *anchors, const double *rssi_dbm,
	       size_t k, const struct lml_model *m, struct lml_fix *out)
{
	double jtj[2][2], jte[2], a[2][2], step[2], lambda = 1e-3, ss;
	struct lml_point p = { 0, 0 }, q;
	size_t i;
	int it;

	if (k < 3 || k > LML_ANCHORS_MAX)
		return -EINVAL;
	if (lml_locate_ls(anchors, rssi_dbm, k, m, &p)) {
		p.x = p.y = 0;
		for (i = 0; i < k; i++) {
			p.x += anchors[i].x / k;
			p.y += anchors[i].y / k;
		}
	}
	out->converged = 0;
	ss = lml_normal(anchors, rssi_dbm, k, m, p, jtj, jte);
	for (it = 0; it < LML_ITER_MAX; it++) {
		double ss2, jtj2[2][2], jte2[2];

		a[0][0] = jtj[0][0] * (1 + lambda);
		a[1][1] = jtj[1][1] * (1 + lambda);
		a[0][1] = a[1][0] = jtj[0][1];
		if (solve2(a, jte, step)) {
			lambda *= 10;
			if (lambda > 1e12)
				break;
			continue;
		}
		/* e = P - mu, J = d mu: the step that lowers |e| is +step. */
		q.x = p.x + step[0];
		q.y = p.y + step[1];
		ss2 = lml_normal(anchors, rssi_dbm, k, m, q, jtj2, jte2);
		if (ss2 <= ss) {
			p = q;
			ss = ss2;
			jtj[0][0] = jtj2[0][0];
			jtj[0][1] = jtj[1][0] = jtj2[0][1];
			jtj[1][1] = jtj2[1][1];
			jte[0] = jte2[0];
			jte[1] = jte2[1];
			lambda = fmax(lambda / 10, 1e-9);
			if (hypot(step[0], step[1]) < 1e-6) {
				out->converged = 1;
				break;
			}
		} else {
			lambda *= 10;
			if (lambda > 1e12) {
				/* No step lowers the residuals: a minimum. */
				out->converged = 1;
				break;
			}
		}
	}
	out->iterations = it;
	out->pos = p;
	if (invert2(jtj, out->cov))
		return -EDOM;
	for (i = 0; i < 4; i++)
		out->cov[i / 2][i % 2] *= sq(m->sigma_db);
	return 0;
}

/*
 * The Cramér-Rao bound on the RMS position error at @at, anchors known,
 * one RSSI per anchor: sqrt(trace(F^-1)).  Averaging M independent
 * readings divides sigma by sqrt(M).  INFINITY for a singular geometry.
 */
double lml_crb(const struct lml_point *anchors, size_t k,
	       const struct lml_model *m, struct lml_point at)
{
	double b = sq(10 * m->n / (m->sigma_db * log(10)));
	double f[2][2] = { { 0 } }, inv[2][2];
	size_t i;

	for (i = 0; i < k; i++) {
		double dx = at.x - anchors[i].x, dy = at.y - anchors[i].y;
		double d4 = sq(fmax(dx * dx + dy * dy, sq(LML_D_MIN)));

		f[0][0] += b * dx * dx / d4;
		f[0][1] += b * dx * dy / d4;
		f[1][1] += b * dy * dy / d4;
	}
	f[1][0] = f[0][1];
	if (invert2(f, inv))
		return INFINITY;
	return sqrt(inv[0][0] + inv[1][1]);
}

/*
 * The ellipse of @cov that holds a fraction of a Gaussian's mass given by
 * @chi2, the chi-square quantile with two degrees of freedom (5.991 for
 * 95 %, 2.279 for 68 %).  0, or -EDOM for a covariance that is not
 * positive semi-definite.
 */
int lml_ellipse(const double cov[2][2], double chi2, struct lml_ellipse *out)
{
	double a = cov[0][0], b = cov[0][1], c = cov[1][1];
	double mid = (a + c) / 2, r = hypot((a - c) / 2, b);
	double l1 = mid + r, l2 = mid - r;

	if (!(l2 >= -1e-12) || !(chi2 > 0))
		return -EDOM;
	out->a = sqrt(chi2 * l1);
	out->b = sqrt(chi2 * fmax(l2, 0));
	out->angle_deg = 0.5 * atan2(2 * b, a - c) * 180 / M_PI;
	return 0;
}
