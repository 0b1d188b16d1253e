// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl lml: LML's localisation (Documentation/lml.rst).  "lml locate
 * FILE" locates every transmitter that three or more leaves heard, from
 * the leaves' positions and their sniffer tables (loomctl sniff show -j).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_pos.h"
#include "lml_input.h"
#include "loomctl.h"

#define LML_FILE_MAX	(4 << 20)

static int do_locate(const struct loomctl_group *grp,
		     const struct loomctl_cmd *cmd, struct loomctl_opts *opts,
		     int argc, char **argv)
{
	static const char *const names[] = { "FILE" };
	char err[LML_ERR_MAX], *text;
	struct lml_result *res;
	struct lml_input *in;
	const char *file;
	bool svg = false;
	int i, j, ret = LOOMCTL_EXIT_FAIL;
	size_t len, n;

	/* --svg among the words; the rest as every command takes them. */
	for (i = j = 1; i < argc; i++)
		if (!strcmp(argv[i], "--svg"))
			svg = true;
		else
			argv[j++] = argv[i];
	argc = j;
	i = loomctl_parse_opts(grp, cmd, opts, argc, argv);
	if (i < 0 || loomctl_operands(grp, cmd, argc - i, 1, 1, names,
				      argv + i))
		return LOOMCTL_EXIT_USAGE;
	if (svg && opts->json)
		return loomctl_usage_error(grp, cmd,
					   "--svg and -j exclude each other");
	if (json_read_file(argv[i], LML_FILE_MAX, &text, &len, &file, err,
			   sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return LOOMCTL_EXIT_FAIL;
	}
	in = malloc(sizeof(*in));
	res = calloc(LML_TX_MAX, sizeof(*res));
	if (!in || !res) {
		loomctl_err("lml locate: out of memory");
		goto out;
	}
	if (lml_input_parse(text, len, in, err, sizeof(err))) {
		loomctl_err("lml locate: %s: %s", file, err);
		goto out;
	}
	n = lml_solve(in, res);
	if (svg)
		lml_print_svg(stdout, in, res, n);
	else if (opts->json)
		lml_print_json(stdout, in, res, n, opts->pretty);
	else
		lml_print_table(stdout, res, n);
	ret = LOOMCTL_EXIT_OK;
out:
	free(text);
	free(in);
	free(res);
	return ret;
}

static const struct loomctl_cmd lml_cmds[] = {
	{
		.name = "locate",
		.args = "[-j [-p] | --svg] FILE",
		.help = "locate the transmitters the leaves heard, with 95 % ellipses and the Cramer-Rao bound",
		.fn = do_locate,
	},
	{ .name = NULL },
};

const struct loomctl_group loomctl_lml_group = {
	.name = "lml",
	.help = "LML localisation: transmitters located from the leaves' RSSI",
	.cmds = lml_cmds,
	.notes =
		"FILE (\"-\": standard input) is a JSON object: \"model\" {\"p0_dbm\": the\n"
		"signal at 1 m, \"n\": the path-loss exponent, \"sigma_db\": the shadowing},\n"
		"and \"leaves\", 3 to 16 of {\"id\", \"x\", \"y\" (metres), \"heard\": that\n"
		"leaf's \"loomctl sniff show -j\" output}.  Each transmitter heard by three\n"
		"or more leaves is located by least squares and then maximum likelihood\n"
		"on the log-distance model; the 95 % ellipse comes from the estimate's\n"
		"covariance and the bound (CRB) from the geometry, both with sigma over\n"
		"the square root of the fewest frames a leaf averaged.  --svg draws the\n"
		"leaves, the estimates and their ellipses.\n",
	.examples =
		"  loomctl lml locate site.json\n"
		"  loomctl lml locate -j site.json | jq '.[] | select(.located)'\n"
		"  loomctl lml locate --svg site.json > site.svg\n",
};
