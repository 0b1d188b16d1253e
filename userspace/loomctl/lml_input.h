/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "loomctl lml locate FILE": the leaves, their positions and what each
 * one's sniffer heard, read from JSON; every transmitter that three or
 * more leaves heard located, with its uncertainty and the bound
 * (Documentation/lml.rst, "Locating").
 */
#ifndef _LOOMCTL_LML_INPUT_H
#define _LOOMCTL_LML_INPUT_H

#include <stdio.h>

#include "lml_locate.h"

#define LML_TX_MAX	256
#define LML_ERR_MAX	256

/**
 * struct lml_heard - one leaf's table entry for one transmitter
 * @mean_dbm: the mean signal
 * @frames: over how many frames
 */
struct lml_heard {
	double mean_dbm;
	unsigned long long frames;
};

/**
 * struct lml_tx - a transmitter, and what each leaf heard of it
 * @addr: its address, "02:00:00:00:01:00"
 * @heard: by leaf, frames 0 where the leaf did not hear it
 */
struct lml_tx {
	char addr[18];
	struct lml_heard heard[LML_ANCHORS_MAX];
};

/**
 * struct lml_input - a locate request
 * @model: the path-loss model
 * @nleaves: leaves
 * @id: their names
 * @pos: their positions
 * @ntx: transmitters
 * @tx: what the leaves heard of each
 */
struct lml_input {
	struct lml_model model;
	size_t nleaves;
	char id[LML_ANCHORS_MAX][33];
	struct lml_point pos[LML_ANCHORS_MAX];
	size_t ntx;
	struct lml_tx tx[LML_TX_MAX];
};

/**
 * struct lml_result - one transmitter located (or not)
 * @addr: the transmitter
 * @leaves: leaves that heard it
 * @err: 0, or why it was not located (-ENODATA: fewer than three leaves)
 * @fix: the estimate and its covariance
 * @ellipse: its 95 % ellipse
 * @crb: the Cramér-Rao bound at the estimate for these readings, m
 */
struct lml_result {
	char addr[18];
	unsigned int leaves;
	int err;
	struct lml_fix fix;
	struct lml_ellipse ellipse;
	double crb;
};

int lml_input_parse(const char *text, size_t len, struct lml_input *in,
		    char *err, size_t errlen);
size_t lml_solve(const struct lml_input *in, struct lml_result *res);
int lml_print_table(FILE *f, const struct lml_result *res, size_t n);
int lml_print_json(FILE *f, const struct lml_input *in,
		   const struct lml_result *res, size_t n, int pretty);
int lml_print_svg(FILE *f, const struct lml_input *in,
		  const struct lml_result *res, size_t n);

#endif /* _LOOMCTL_LML_INPUT_H */
