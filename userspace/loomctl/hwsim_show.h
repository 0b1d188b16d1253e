/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing what "loomctl hwsim" reads from the kernel: tables and details
 * for people, JSON for programs, Graphviz for pictures.  All to a FILE,
 * so the unit tests compare the exact text.
 */
#ifndef _LOOMCTL_HWSIM_SHOW_H
#define _LOOMCTL_HWSIM_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "hwsim_parse.h"

/*
 * Everything "hwsim show" prints.  @medium may be NULL for the lists
 * alone; @radios sorted by id, @edges by sender and receiver.
 */
struct hwsim_view {
	const struct hwsim_medium *medium;
	const struct hwsim_radio *radios;
	size_t nradios;
	const struct hwsim_edge *edges;
	size_t nedges;
};

/* One line per radio (or "no radios"); 0 or -ENOMEM. */
int hwsim_show_radio_table(FILE *f, const struct hwsim_view *v);
/* One line per edge (or "no edges"); 0 or -ENOMEM. */
int hwsim_show_edge_table(FILE *f, const struct hwsim_view *v);
/* Everything about one radio. */
void hwsim_show_radio(FILE *f, const struct hwsim_radio *r);
void hwsim_show_medium(FILE *f, const struct hwsim_medium *m);
/* Medium, radios and edges; 0 or -ENOMEM. */
int hwsim_show_all(FILE *f, const struct hwsim_view *v);
/* "digraph loom_hwsim { ... }": a node per radio, an arrow per edge. */
void hwsim_show_dot(FILE *f, const struct hwsim_view *v);

/**
 * enum hwsim_doc - what the reading commands print
 * @HWSIM_DOC_RADIO: the view's first radio in full
 * @HWSIM_DOC_RADIOS: the radios: a table, a JSON array
 * @HWSIM_DOC_EDGES: the edges: a table, a JSON array
 * @HWSIM_DOC_MEDIUM: the medium
 * @HWSIM_DOC_ALL: medium, radios and edges; in JSON
 *	{"medium": ..., "radios": [...], "edges": [...]}
 */
enum hwsim_doc {
	HWSIM_DOC_RADIO,
	HWSIM_DOC_RADIOS,
	HWSIM_DOC_EDGES,
	HWSIM_DOC_MEDIUM,
	HWSIM_DOC_ALL,
};

/* Print @doc of @v for people, or as JSON; 0 or -ENOMEM. */
int hwsim_text(FILE *f, const struct hwsim_view *v, enum hwsim_doc doc);
int hwsim_json(FILE *f, const struct hwsim_view *v, enum hwsim_doc doc,
	       bool pretty);

#endif /* _LOOMCTL_HWSIM_SHOW_H */
