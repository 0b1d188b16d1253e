// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl lml locate" (userspace/loomctl/lml_input.c): a request built
 * from the model's own readings locates its transmitters where they are;
 * one heard by two leaves is not located; malformed requests are refused
 * with the path of the fault; the table, JSON and SVG outputs.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lml_input.h"
#include "test.h"

static const struct lml_model m = { -49, 2.5, 4 };
static const struct lml_point leaves[3] = { { 0, 0 }, { 20, 0 }, { 10, 17.32 } };

/* A request: targets A at (7, 5) and B at (14, 9) heard by all, C by two. */
static char *request(void)
{
	static const struct lml_point a = { 7, 5 }, b = { 14, 9 };
	size_t cap = 8192, at = 0;
	char *s = malloc(cap);
	int i;

	at += snprintf(s + at, cap - at,
		       "{\"model\": {\"p0_dbm\": -49, \"n\": 2.5, \"sigma_db\": 4}, \"leaves\": [");
	for (i = 0; i < 3; i++) {
		double ra = lml_predict(&m, hypot(a.x - leaves[i].x, a.y - leaves[i].y));
		double rb = lml_predict(&m, hypot(b.x - leaves[i].x, b.y - leaves[i].y));

		at += snprintf(s + at, cap - at,
			       "%s{\"id\": \"leaf-%d\", \"x\": %.2f, \"y\": %.2f, \"heard\": ["
			       "{\"addr\": \"02:00:00:00:00:0a\", \"frames\": 25, \"mean_dbm\": %.6f, \"types\": \"mgmt\"},"
			       "{\"addr\": \"02:00:00:00:00:0b\", \"frames\": 100, \"mean_dbm\": %.6f}%s]}",
			       i ? "," : "", i + 1, leaves[i].x, leaves[i].y, ra, rb,
			       i < 2 ? ",{\"addr\": \"02:00:00:00:00:0c\", \"frames\": 9, \"mean_dbm\": -60}" : "");
	}
	snprintf(s + at, cap - at, "]}");
	return s;
}

TEST(lml_locate_request)
{
	char err[LML_ERR_MAX], *s = request(), *out = NULL;
	static struct lml_input in;
	struct lml_result res[LML_TX_MAX];
	size_t n, olen;
	FILE *f;

	REQUIRE(lml_input_parse(s, strlen(s), &in, err, sizeof(err)) == 0);
	free(s);
	CHECK_INT(in.nleaves, 3);
	CHECK_INT(in.ntx, 3);
	n = lml_solve(&in, res);
	REQUIRE(n == 3);
	CHECK_STR(res[0].addr, "02:00:00:00:00:0a");
	CHECK_INT(res[0].err, 0);
	CHECK(fabs(res[0].fix.pos.x - 7) < 0.01 && fabs(res[0].fix.pos.y - 5) < 0.01);
	CHECK(fabs(res[1].fix.pos.x - 14) < 0.01 && fabs(res[1].fix.pos.y - 9) < 0.01);
	/* Sigma over sqrt(frames): 100 frames give a tenth of one frame's bound. */
	CHECK(fabs(res[1].crb - lml_crb(leaves, 3, &(struct lml_model){ -49, 2.5, 0.4 },
					res[1].fix.pos)) < 0.02);
	CHECK(res[0].ellipse.a >= res[0].ellipse.b && res[0].ellipse.b > 0);
	CHECK_INT(res[2].err, -ENODATA);
	CHECK_INT(res[2].leaves, 2);

	f = open_memstream(&out, &olen);
	lml_print_table(f, res, n);
	fclose(f);
	CHECK(strstr(out, "02:00:00:00:00:0a") && strstr(out, "7.00"));
	CHECK(strstr(out, "heard by fewer than 3 leaves"));
	free(out);
	f = open_memstream(&out, &olen);
	lml_print_json(f, &in, res, n, 0);
	fclose(f);
	CHECK(strstr(out, "\"addr\":\"02:00:00:00:00:0c\",\"leaves\":2,\"located\":false"));
	CHECK(strstr(out, "\"crb_m\":"));
	free(out);
	f = open_memstream(&out, &olen);
	lml_print_svg(f, &in, res, n);
	fclose(f);
	CHECK(!strncmp(out, "<svg ", 5));
	CHECK(strstr(out, "<ellipse") && strstr(out, "leaf-3") && strstr(out, "</svg>"));
	free(out);
}

TEST(lml_locate_refused)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "[", "not JSON" },
		{ "[]", "not a JSON object" },
		{ "{\"leaves\": []}", "model: must be an object" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2.5}, \"leaves\": []}",
		  "model.sigma_db: missing" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 0, \"sigma_db\": 4}, \"leaves\": []}",
		  "model.n: must be above 0" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": [], \"x\": 1}",
		  "unknown field \"x\"" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": [{}]}",
		  "3 to 16 leaves, not 1" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": ["
		  "{\"id\": \"a\", \"x\": 0, \"y\": 0}, {\"id\": \"b\", \"x\": 1}, {\"id\": \"c\", \"x\": 0, \"y\": 1}]}",
		  "leaves[1].y: missing" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": ["
		  "{\"id\": \"a\", \"x\": 0, \"y\": 0}, {\"id\": \"a\", \"x\": 1, \"y\": 0}, {\"id\": \"c\", \"x\": 0, \"y\": 1}]}",
		  "\"a\" twice" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": ["
		  "{\"id\": \"<b>\", \"x\": 0, \"y\": 0}, {\"id\": \"b\", \"x\": 1, \"y\": 0}, {\"id\": \"c\", \"x\": 0, \"y\": 1}]}",
		  "leaves[0].id" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": ["
		  "{\"id\": \"a\", \"x\": 0, \"y\": 0, \"heard\": [{\"addr\": \"02:00\", \"frames\": 1, \"mean_dbm\": -50}]},"
		  "{\"id\": \"b\", \"x\": 1, \"y\": 0}, {\"id\": \"c\", \"x\": 0, \"y\": 1}]}",
		  "leaves[0].heard[0].addr: must be a MAC address" },
		{ "{\"model\": {\"p0_dbm\": -49, \"n\": 2, \"sigma_db\": 4}, \"leaves\": ["
		  "{\"id\": \"a\", \"x\": 0, \"y\": 0, \"heard\": [{\"addr\": \"02:00:00:00:00:01\", \"frames\": 0, \"mean_dbm\": -50}]},"
		  "{\"id\": \"b\", \"x\": 1, \"y\": 0}, {\"id\": \"c\", \"x\": 0, \"y\": 1}]}",
		  "frames: must be a positive integer" },
	};
	static struct lml_input in;
	char err[LML_ERR_MAX];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		CHECK_INT(lml_input_parse(bad[i].text, strlen(bad[i].text), &in, err,
					  sizeof(err)), -EINVAL);
		if (!strstr(err, bad[i].why))
			test_fail(__FILE__, __LINE__, "'%s': '%s', wanted '%s'",
				  bad[i].text, err, bad[i].why);
	}
}
