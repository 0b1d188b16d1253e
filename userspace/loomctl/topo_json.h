/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The topology JSON reader: turns a file into a struct loom_topology and
 * remembers where each node and config field was, so that every error,
 * including those of the shared validator, reads FILE:LINE:COL: message.
 */
#ifndef _LOOMCTL_TOPO_JSON_H
#define _LOOMCTL_TOPO_JSON_H

#include <stddef.h>

#include "net/topology.h"

/* Offset meaning "not in the file". */
#define TOPO_NOPOS ((size_t)-1)

enum topo_cfg_field {
	TOPO_CFG_SLOT_MS,
	TOPO_CFG_INTERVAL_MS,
	TOPO_CFG_CYCLES,
	__TOPO_CFG_MAX,
};

/**
 * struct topo_doc - a topology read from JSON, with source positions
 * @file: name used in messages
 * @text: the JSON text (kept for LINE:COL)
 * @len: its length in bytes
 * @t: the topology (nodes in pre-order, config filled in); NULL until parsed
 * @name_pos: per node, byte offset of its "name" value
 * @node_pos: per node, byte offset of its opening brace
 * @doc_pos: offset of the top-level object
 * @config_pos: offset of the "config" key, or TOPO_NOPOS
 * @cfg_pos: offset of each config value, or TOPO_NOPOS
 */
struct topo_doc {
	char *file;
	char *text;
	size_t len;
	struct loom_topology *t;
	size_t *name_pos;
	size_t *node_pos;
	size_t doc_pos;
	size_t config_pos;
	size_t cfg_pos[__TOPO_CFG_MAX];
};

/*
 * All return 0, or -1 with a one-line message (no newline) in @err:
 * "FILE:LINE:COL: message" when it has a position in the file.
 */

/* Parse @len bytes of @text (copied) as the topology of @file. */
int topo_doc_parse(struct topo_doc *doc, const char *file, const char *text,
		   size_t len, char *err, size_t errlen);

/* Read @path ("-" for standard input) and parse it. */
int topo_doc_read(struct topo_doc *doc, const char *path, char *err,
		  size_t errlen);

/* Run the shared validator; its errors point at the node's name. */
int topo_doc_compute(struct topo_doc *doc, char *err, size_t errlen);

/*
 * The same, with the validator's verdict in *@e (code -1 when it failed
 * for want of memory, not for a rule); @doc->t stays until
 * topo_doc_free().
 */
int topo_doc_verdict(struct topo_doc *doc, struct loom_topo_error *e,
		     char *err, size_t errlen);

/* topo_doc_read() then topo_doc_compute(): what "topology check" does. */
int topo_doc_check(struct topo_doc *doc, const char *path, char *err,
		   size_t errlen);

/*
 * topo_doc_check() with its message on standard error (or "loomctl: out
 * of memory"): what "topology check", "load" and "schedule" do.  0 or -1.
 */
int topo_doc_check_print(struct topo_doc *doc, const char *path);

void topo_doc_free(struct topo_doc *doc);

/* 1-based line and byte column of offset @pos of the text. */
void topo_doc_linecol(const struct topo_doc *doc, size_t pos,
		      unsigned int *line, unsigned int *col);

#endif /* _LOOMCTL_TOPO_JSON_H */
