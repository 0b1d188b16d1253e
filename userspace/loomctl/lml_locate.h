/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LML localisation from RSSI (Documentation/lml.rst, "Localisation"):
 * the log-distance path-loss model, its fit from calibration pairs, a
 * transmitter's position by linear least squares refined by maximum
 * likelihood on the dB-domain model, its covariance and error ellipse,
 * and the Cramér-Rao bound of a geometry.
 *
 * Model (Patwari et al., IEEE TSP 51(8), 2003):
 *   P_i = P0 - 10 n log10(d_i / 1 m) + X_i,  X_i ~ N(0, sigma^2) dB.
 */
#ifndef _LOOMCTL_LML_LOCATE_H
#define _LOOMCTL_LML_LOCATE_H

#include <stddef.h>

/* Anchors (leaves) a position is estimated from: at least three. */
#define LML_ANCHORS_MAX	16

/**
 * struct lml_model - the path-loss model
 * @p0_dbm: received power at 1 m
 * @n: path-loss exponent
 * @sigma_db: shadowing standard deviation
 */
struct lml_model {
	double p0_dbm;
	double n;
	double sigma_db;
};

/**
 * struct lml_point - a position, metres
 * @x: east
 * @y: north
 */
struct lml_point {
	double x;
	double y;
};

/**
 * struct lml_fix - a position estimate
 * @pos: the estimate
 * @cov: its covariance, m^2 ([0][0] xx, [0][1] xy, [1][1] yy)
 * @iterations: Gauss-Newton steps the refinement took
 * @converged: the refinement converged
 */
struct lml_fix {
	struct lml_point pos;
	double cov[2][2];
	int iterations;
	int converged;
};

/**
 * struct lml_ellipse - a confidence ellipse
 * @a: semi-major axis, m
 * @b: semi-minor axis, m
 * @angle_deg: the major axis's angle from the x axis, degrees
 */
struct lml_ellipse {
	double a;
	double b;
	double angle_deg;
};

double lml_predict(const struct lml_model *m, double d_m);
double lml_range(const struct lml_model *m, double rssi_dbm);
int lml_fit(const double *d_m, const double *rssi_dbm, size_t k,
	    struct lml_model *out);
int lml_locate_ls(const struct lml_point *anchors, const double *rssi_dbm,
		  size_t k, const struct lml_model *m, struct lml_point *out);
int lml_locate(const struct lml_point *anchors, const double *rssi_dbm,
	       size_t k, const struct lml_model *m, struct lml_fix *out);
double lml_crb(const struct lml_point *anchors, size_t k,
	       const struct lml_model *m, struct lml_point at);
int lml_ellipse(const double cov[2][2], double chi2, struct lml_ellipse *out);

#endif /* _LOOMCTL_LML_LOCATE_H */
