// SPDX-License-Identifier: GPL-2.0
/*
 * "loomctl schedule": the timing of a refresh period (Documentation/mac.rst)
 * worked out by hand, the relay order, radio-on time, the SVG, and the
 * command line.
 */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "fixtures.h"
#include "sched_show.h"
#include "test.h"
#include "topo_json.h"

static struct topo_doc doc;
static struct loom_sched sched;
static struct loom_lora_params radio;

/* seed.json from the data directory, computed; NULL after a failure. */
static struct loom_topology *seed(void)
{
	char path[4096], err[8192];

	snprintf(path, sizeof(path), "%s/seed.json", test_data_dir);
	if (topo_doc_check(&doc, path, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return NULL;
	}
	return doc.t;
}

/* @text as a topology file, computed; NULL after a failure. */
static struct loom_topology *parse(const char *text)
{
	char err[8192];

	if (topo_doc_parse(&doc, "test.json", text, strlen(text), err,
			   sizeof(err)) ||
	    topo_doc_compute(&doc, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, "%s", err);
		return NULL;
	}
	return doc.t;
}

static int compute(const struct loom_topology *t)
{
	loom_lora_params_default(&radio);
	return loom_sched_compute(&sched, t, &radio);
}

static u32 find(const struct loom_topology *t, const char *name)
{
	u32 i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->nodes[i].name, name))
			return i;
	test_fail(__FILE__, __LINE__, "no node '%s'", name);
	return 0;
}

/*
 * The seed example with the defaults (slot 1 s, interval 60 s, 10 cycles;
 * SF7, 125 kHz, CR 4/5, 8-symbol preamble, explicit header, CRC):
 *
 * a_r, 11 bytes: a symbol is 2^7 / 125 kHz = 1.024 ms; payload symbols
 *   8 + ceil((8 x 11 - 4 x 7 + 28 + 16) / (4 x 7)) x 5 = 8 + 4 x 5 = 28;
 *   preamble 8 + 4.25; (12.25 + 28) x 1.024 ms = 41.216 ms.
 * R: the routers are Router 1, Router 2, Router 1 Router 1 and Router 1
 *   Router 2: R = 4.  First send slots 11, 18, 3, 4; relay order, last
 *   first: Router 2 (18), Router 1 (11), Router 1 Router 2 (4), Router 1
 *   Router 1 (3).
 * U = ms: L0 = ceil(41.216 + 2) = 44, data offset 5 x 44 = 220 (fits 8
 *   bits) but the refresh offset 220 + 600000 does not fit 16 bits.
 * U = s: L0 = ceil(0.043216) = 1, data offset 5, refresh offset
 *   ceil(5 + 600) = 605, P0 = 41.216 ms + 605 s = 605.041216 s.
 *   g = 1 ms + 80e-6 x 605.041216 s = 1 ms + 48.40329728 ms, in whole
 *   ns 49.403297 ms.  L = ceil((41.216 + 2 x 49.403297) ms / 1 s) =
 *   ceil(0.140022594) = 1: data offset 5, refresh offset 605,
 *   P = 605.041216 s; data starts 5 s after T0 = 5.041216 s after C0.
 * A handshake needs 2g + 2 x 399.616 ms (255-byte DATA, 390.25 symbols)
 *   + 30.976 ms (5-byte ACK, 30.25 symbols) + 2 x 1 ms = 931.014594 ms.
 */
TEST(sched_seed_timing)
{
	const struct loom_topology *t = seed();
	const struct loom_mac_timing *tm = &sched.tm;

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	CHECK_INT(tm->refresh_air_ns, 41216000);
	CHECK_INT(tm->unit, LOOM_TU_S);
	CHECK_INT(tm->unit_ns, 1000000000);
	CHECK_INT(tm->guard_ns, 49403297);
	CHECK_INT(tm->relays, 4);
	CHECK_INT(tm->relay_units, 1);
	CHECK_INT(tm->data_offset, 5);
	CHECK_INT(tm->refresh_offset, 605);
	CHECK_INT(sched.data_start_ns, 5041216000LL);
	CHECK_INT(tm->period_ns, 605041216000LL);
	CHECK_INT(sched.slot_need_ns, 931014594);
	CHECK(tm->slot_ns >= sched.slot_need_ns);

	CHECK_STR(t->nodes[sched.order[0]].name, "Router 2");
	CHECK_STR(t->nodes[sched.order[1]].name, "Router 1");
	CHECK_STR(t->nodes[sched.order[2]].name, "Router 1 Router 2");
	CHECK_STR(t->nodes[sched.order[3]].name, "Router 1 Router 1");
	CHECK_INT(sched.nodes[find(t, "Router 2")].relay, 1);
	CHECK_INT(sched.nodes[find(t, "Router 1 Router 1")].relay, 4);
	CHECK_INT(sched.nodes[find(t, "End Device 1")].relay, 0);
	/* Relay k starts k L U after C0 and is heard a_r later. */
	CHECK_INT(sched.nodes[find(t, "Router 1 Router 2")].relay_ns,
		  3000000000LL);
	CHECK_INT(sched.nodes[find(t, "Router 1 Router 2 End Device 1")].heard_ns,
		  3041216000LL);
	CHECK_INT(sched.nodes[find(t, "Router 1 Router 2")].parent_relay, 2);
	CHECK_INT(sched.nodes[find(t, "Router 1")].parent_relay, 0);
	/* Each listens from g before its parent's relay (k L U), only. */
	CHECK_INT(sched.nodes[find(t, "Router 1 Router 2 End Device 1")].parent_ns,
		  3000000000LL);
	CHECK_INT(sched.nodes[find(t, "Router 1")].parent_ns, 0);
	CHECK_INT(sched.nodes[find(t, "Router 1")].heard_ns, 41216000);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/*
 * Radio on per period, seed example, g = 49.403297 ms, a_r = 41.216 ms,
 * the configuration a_c = 56.576 ms, t = 1 ms, P = 605.041216 s.  Every
 * refresh window is g + a_r + 2t + a_c = 149.195297 ms: from g before the
 * parent's refresh (kp L U after C0) until a turnaround after the
 * configuration that follows it.
 *
 * Router 1 (relay 2, hears the coordinator, receives 3-9, sends 11-17):
 *   refresh 149.195297 ms (-49.403297..99.792 ms), its relay and
 *   configuration a_r + t + a_c = 98.792 ms (2000..2098.792 ms; 97.792 ms
 *   of it on the air), sends 10 x 7 s = 70 s, receives 10 x (7 s + 2g)
 *   = 10 x 7.098806594 s = 70.98806594 s; nothing overlaps (the receive
 *   window 2950.596703..10049.403297 ms of a cycle ends before slot 11):
 *   149.195297 ms + 98.792 ms + 70 s + 70.98806594 s = 141.236053237 s,
 *   141.236053237 / 605.041216 = 0.23343201 -> 233432 ppm.
 * End Device 1 (hears the coordinator, slot 20): 149.195297 ms + 10 s =
 *   10.149195297 s, 10.149195297 / 605.041216 = 0.01677438 -> 16774 ppm.
 * Router 1 Router 1 End Device 1 (its parent relays 4th): it listens
 *   from 4 s - g = 3950.596703 ms to 4099.792 ms, the same 149.195297 ms
 *   (before, from -g: 4066.417648 ms), plus 10 s: 10.149195297 s.
 * The coordinator: always.
 */
TEST(sched_seed_radio_on)
{
	const struct loom_topology *t = seed();
	const struct loom_sched_node *sn;

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	sn = &sched.nodes[find(t, "Router 1")];
	CHECK_INT(sn->refresh_on_ns, 149195297);
	CHECK_INT(sn->tx_on_ns, 97792000);
	CHECK_INT(sn->send_on_ns, 70000000000LL);
	CHECK_INT(sn->recv_on_ns, 70988065940LL);
	CHECK_INT(sn->on_ns, 141236053237LL);
	CHECK_INT(sched_ppm(sn->on_ns, sched.tm.period_ns), 233432);
	sn = &sched.nodes[find(t, "End Device 1")];
	CHECK_INT(sn->refresh_on_ns, 149195297);
	CHECK_INT(sn->on_ns, 10149195297LL);
	CHECK_INT(sched_ppm(sn->on_ns, sched.tm.period_ns), 16774);
	sn = &sched.nodes[find(t, "Router 1 Router 1 End Device 1")];
	CHECK_INT(sn->parent_relay, 4);
	CHECK_INT(sn->parent_ns, 4000000000LL);
	CHECK_INT(sn->heard_ns, 4041216000LL);
	CHECK_INT(sn->refresh_on_ns, 149195297);
	CHECK_INT(sn->on_ns, 10149195297LL);
	CHECK_INT(sched_ppm(sn->on_ns, sched.tm.period_ns), 16774);
	sn = &sched.nodes[find(t, "BillyTheCoord")];
	CHECK(sn->always_on);
	CHECK_INT(sn->on_ns, sched.tm.period_ns);
	CHECK_INT(sched_ppm(sn->on_ns, sched.tm.period_ns), 1000000);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/*
 * The millisecond, at 500 kHz: a_r = 40.25 x 0.256 ms = 10.304 ms, the
 * 21-byte configuration a_c = 55.25 x 0.256 ms = 14.144 ms, t = 1 ms, and
 * the relay slot's 20 ms for late timers.  L0 = ceil(10.304 + 1 + 14.144 +
 * 2 x 1 + 20) = 48 ms, data offset 240, refresh offset 240 + 2 x 5000 =
 * 10240, P0 = 10250.304 ms.  g = 1 ms + 80e-6 x P0 = 1.820024 ms: L =
 * ceil(45.448 + 3.640048) = 50, data offset 250, refresh offset 10250, P =
 * 10260.304 ms; g = 1 ms + 0.82082432 ms = 1.820824 ms, L =
 * ceil(49.089648) = 50 again: that is the answer.
 * (At 125 kHz the five relay slots of about 96 ms overflow the 8-bit data
 * offset in ms, and the unit is the second.)
 */
TEST(sched_unit_ms)
{
	struct loom_topology *t = seed();
	const struct loom_mac_timing *tm = &sched.tm;

	REQUIRE(t);
	t->cfg.slot_ms = 100;
	t->cfg.data_interval_ms = 5000;
	t->cfg.data_cycles = 2;
	loom_lora_params_default(&radio);
	radio.bw_hz = 500000;
	REQUIRE(loom_sched_compute(&sched, t, &radio) == 0);
	CHECK_INT(tm->more_air_ns, 14144000);
	CHECK_INT(tm->unit, LOOM_TU_MS);
	CHECK_STR(sched_unit_name(tm->unit), "ms");
	CHECK_INT(tm->guard_ns, 1820824);
	CHECK_INT(tm->relay_units, 50);
	CHECK_INT(tm->data_offset, 250);
	CHECK_INT(tm->refresh_offset, 10250);
	CHECK_INT(tm->period_ns, 10260304000LL);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/*
 * One cycle a day makes it the minute: in seconds the refresh offset
 * 5 + 86400 does not fit 16 bits.  L0 = 1 min, data offset 5, refresh
 * offset ceil((5 x 60 + 86400) / 60) = 1445, P0 = 86700.041216 s;
 * g = 1 ms + 80e-6 x 86700.041216 s = 1 ms + 6936.00329728 ms =
 * 6937.003297 ms; L = ceil((0.041216 + 13.874006594) s / 60 s) = 1.
 */
TEST(sched_unit_min)
{
	struct loom_topology *t = seed();
	const struct loom_mac_timing *tm = &sched.tm;

	REQUIRE(t);
	t->cfg.data_interval_ms = 86400000;
	t->cfg.data_cycles = 1;
	REQUIRE(compute(t) == 0);
	CHECK_INT(tm->unit, LOOM_TU_MIN);
	CHECK_STR(sched_unit_name(tm->unit), "min");
	CHECK_INT(tm->guard_ns, 6937003297LL);
	CHECK_INT(tm->relay_units, 1);
	CHECK_INT(tm->data_offset, 5);
	CHECK_INT(tm->refresh_offset, 1445);
	CHECK_INT(tm->period_ns, 86700041216000LL);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/*
 * SF12: a_r = (12.25 + 8 + 3 x 5) x 32.768 ms = 1155.072 ms (low data
 * rate optimisation on), a_c = (12.25 + 8 + 5 x 5) x 32.768 ms = 1482.752
 * ms.  In ms the data offset overflows 8 bits, so U = s although the
 * period is short: L0 = ceil(1.155072 + 0.001 + 1.482752 + 0.002) = 3,
 * data offset 15, refresh offset 615, P0 = 616.155072 s, g = 1 ms + 80e-6
 * x 616.155072 s = 1 ms + 49.29240576 ms = 50.292405 ms, L =
 * ceil(2.73940881) = 3.  A 1 s slot cannot hold a 255-byte DATA at SF12.
 */
TEST(sched_unit_data_offset_sf12)
{
	struct loom_topology *t = seed();
	const struct loom_mac_timing *tm = &sched.tm;

	REQUIRE(t);
	loom_lora_params_default(&radio);
	radio.sf = 12;
	REQUIRE(loom_sched_compute(&sched, t, &radio) == 0);
	CHECK_INT(tm->refresh_air_ns, 1155072000);
	CHECK_INT(tm->more_air_ns, 1482752000);
	CHECK_INT(tm->unit, LOOM_TU_S);
	CHECK_INT(tm->guard_ns, 50292405);
	CHECK_INT(tm->relay_units, 3);
	CHECK_INT(tm->data_offset, 15);
	CHECK_INT(tm->refresh_offset, 615);
	CHECK(tm->slot_ns < sched.slot_need_ns);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

TEST(sched_bad_radio)
{
	struct loom_topology *t = seed();

	REQUIRE(t);
	loom_lora_params_default(&radio);
	radio.bw_hz = 123000;
	CHECK_INT(loom_sched_compute(&sched, t, &radio), -EINVAL);
	CHECK(!sched.nodes && !sched.order);
	topo_doc_free(&doc);
}

/*
 * C - R - E, two slots filling the whole interval (slot 1 s, interval
 * 2 s, one cycle).  R = 1, U = ms, a_r = 41.216 ms, a_c = 56.576 ms, t =
 * 1 ms, h = 20 ms for late timers: L0 = ceil(a_r + t + a_c + 2 ms + h) =
 * 121, data offset 242, refresh offset 2242, P0 = 2283.216 ms, g = 1 ms +
 * 80 ppm x P0 = 1.182657 ms; L = ceil(118.792 + 2.365314) = 122, P =
 * 2285.216 ms, g = 1 ms + 0.18281728 ms = 1.182817 ms, L = 122 again.  R (its parent the coordinator, kp = 0)
 * receives slot 0 (g either side) and sends slot 1: the windows overlap
 * by g, and its send slot ends exactly at the next period, whose refresh
 * window starts g earlier.  Its radio is on for the refresh window (g +
 * a_r + 2t + a_c, the configuration included), its relay (a_r + t + a_c)
 * and the slots:
 *   (g + a_r + 2t + a_c) + (a_r + t + a_c) + (g + 2 s + g) - g - g
 *   = 2 a_r + 3t + 2 a_c + 2 s + g.
 */
TEST(sched_radio_on_overlaps)
{
	static const char text[] =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"R\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"E\", \"type\": 0}]}]},\n"
		"\"config\": {\"slot_ms\": 1000, \"data_interval_ms\": 2000, \"data_cycles\": 1}}\n";
	const struct loom_topology *t = parse(text);
	const struct loom_sched_node *sn;

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	CHECK_INT(sched.tm.unit, LOOM_TU_MS);
	CHECK_INT(sched.tm.period_ns, 2285216000LL);
	CHECK_INT(sched.tm.guard_ns, 1182817);
	sn = &sched.nodes[find(t, "R")];
	CHECK_INT(sn->on_ns, 2 * 41216000LL + 3000000 + 2 * 56576000LL +
			     2000000000LL + 1182817);
	/*
	 * E: the refresh window around R's relay only, from L U - g =
	 * 120.817183 ms to a turnaround after R's configuration (not from -g:
	 * R's relay is its parent's refresh), and its slot.
	 */
	sn = &sched.nodes[find(t, "E")];
	CHECK_INT(sn->parent_ns, 122000000);
	CHECK_INT(sn->on_ns, 1182817 + 41216000 + 2000000 + 56576000 +
			     1000000000LL);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/*
 * Routers below which nothing senses have no send slot, and share their
 * "first" slot with a sibling: each still relays in a turn of its own,
 * after its parent.  The order is the MAC's, loom_mac_relay_index().
 */
TEST(sched_relay_order_ties)
{
	static const char text[] =
		"{\"root\": {\"name\": \"C\", \"children\": [\n"
		"  {\"name\": \"P\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"E0\", \"type\": 0},\n"
		"    {\"name\": \"Q1\", \"type\": 1, \"children\": [\n"
		"      {\"name\": \"E1\", \"type\": 0, \"sensor\": false}]},\n"
		"    {\"name\": \"Q2\", \"type\": 1, \"children\": [\n"
		"      {\"name\": \"E2\", \"type\": 0, \"sensor\": false}]}]}]}}\n";
	const struct loom_topology *t = parse(text);
	u32 i, k;

	REQUIRE(t);
	CHECK_INT(t->nodes[find(t, "Q1")].tx_count, 0);
	CHECK_INT(t->nodes[find(t, "Q1")].tx_first,
		  t->nodes[find(t, "Q2")].tx_first);
	REQUIRE(compute(t) == 0);
	CHECK_INT(sched.tm.relays, 3);
	CHECK_INT(sched.nodes[find(t, "P")].relay, 1);
	CHECK_INT(sched.nodes[find(t, "Q1")].relay, 2);
	CHECK_INT(sched.nodes[find(t, "Q2")].relay, 3);
	CHECK_INT(sched.nodes[find(t, "E2")].parent_relay, 3);
	for (i = 0; i < t->n; i++) {
		k = loom_mac_relay_index(t, i);
		CHECK_INT(sched.nodes[i].relay, k);
		if (k)
			CHECK_INT(sched.order[k - 1], i);
	}
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

static char *out_buf;
static size_t out_len;

/* What @fn prints for the seed (or @t), NUL-terminated. */
static char *show(const struct loom_topology *t, u32 cycles,
		  int (*fn)(FILE *f, const struct sched_view *v))
{
	struct sched_view v = {
		.t = t, .s = &sched, .radio = &radio, .file = "seed.json",
		.svg_cycles = cycles,
	};
	FILE *f = open_memstream(&out_buf, &out_len);

	if (!f)
		return NULL;
	CHECK_INT(fn(f, &v), 0);
	fclose(f);
	return out_buf;
}

static int count(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

/*
 * Well-formed enough: every tag closed in order, no stray '<' or '&'
 * outside tags and entities.  Returns NULL or what is wrong.
 */
static const char *xml_check(const char *s)
{
	static char why[128];
	const char *stack[64], *p;
	size_t lens[64], l;
	int depth = 0;

	for (p = s; *p; p++) {
		if (*p == '&') {
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
			    strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6))
				return "a bare '&'";
			continue;
		}
		if (*p == '>')
			return "a bare '>'";
		if (*p != '<')
			continue;
		if (p[1] == '?') {
			p = strstr(p, "?>");
			if (!p)
				return "unclosed <?";
			p++;
			continue;
		}
		if (p[1] == '/') {
			l = strcspn(p + 2, ">");
			if (!depth || lens[depth - 1] != l ||
			    strncmp(stack[depth - 1], p + 2, l)) {
				snprintf(why, sizeof(why), "</%.*s> closes nothing open",
					 (int)l, p + 2);
				return why;
			}
			depth--;
			p += 2 + l;
			continue;
		}
		l = strcspn(p + 1, " />");
		if (depth == 64)
			return "too deep";
		stack[depth] = p + 1;
		lens[depth] = l;
		p = strchr(p, '>');
		if (!p)
			return "unclosed tag";
		/* Attribute values hold no '<' or '>' here. */
		if (p[-1] != '/')
			depth++;
	}
	if (depth) {
		snprintf(why, sizeof(why), "<%.*s> never closed", (int)lens[depth - 1],
			 stack[depth - 1]);
		return why;
	}
	return NULL;
}

TEST(sched_svg_well_formed)
{
	const struct loom_topology *t = seed();
	const char *svg, *why;
	u32 i;

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	svg = show(t, 1, sched_show_svg);
	REQUIRE(svg);
	CHECK(!strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44));
	why = xml_check(svg);
	if (why)
		test_fail(__FILE__, __LINE__, "SVG not well-formed: %s", why);
	CHECK_INT(count(svg, "<svg "), 1);
	CHECK_INT(count(svg, "</svg>"), 1);
	/* One row per node, each named. */
	CHECK_INT(count(svg, "<g class=\"row\">"), 13);
	for (i = 0; i < t->n; i++) {
		char want[128];

		snprintf(want, sizeof(want), ">%s</text>", t->nodes[i].name);
		CHECK_CONTAINS(svg, want);
	}
	/* Legend, both axes, relays and data slots drawn. */
	CHECK_CONTAINS(svg, "blank: asleep");
	CHECK_CONTAINS(svg, "refresh phase (from C0)");
	CHECK_CONTAINS(svg, "data cycle 0 (from its start, 5041.216 ms after C0)");
	CHECK_INT(count(svg, ": relays the refresh "), 4);
	CHECK_INT(count(svg, ": sends to its parent "), 12);
	/* Two cycles: twice the send slots. */
	svg = show(t, 2, sched_show_svg);
	REQUIRE(svg);
	CHECK_INT(count(svg, ": sends to its parent "), 24);
	CHECK(!xml_check(svg));
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

TEST(sched_svg_escapes_names)
{
	static const char text[] =
		"{\"root\": {\"name\": \"C&<\\\"x\\\">\", \"children\": [\n"
		"  {\"name\": \"R\\u0001\", \"type\": 1, \"children\": [\n"
		"    {\"name\": \"E\", \"type\": 0}]}]}}\n";
	const struct loom_topology *t = parse(text);
	const char *svg;

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	svg = show(t, 1, sched_show_svg);
	REQUIRE(svg);
	CHECK(!xml_check(svg));
	CHECK_CONTAINS(svg, ">C&amp;&lt;&quot;x&quot;&gt;</text>");
	CHECK_CONTAINS(svg, ">R?</text>");
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

static int sched_show_json_compact(FILE *f, const struct sched_view *v)
{
	return sched_show_json(f, v, false);
}

TEST(sched_json)
{
	const struct loom_topology *t = seed();
	yajl_val root, v;
	const char *json;
	char err[256];

	REQUIRE(t);
	REQUIRE(compute(t) == 0);
	json = show(t, 1, sched_show_json_compact);
	REQUIRE(json);
	root = yajl_tree_parse(json, err, sizeof(err));
	REQUIRE(root);
	v = yajl_tree_get(root, (const char *[]){ "timing", "guard_ns", NULL },
			  yajl_t_number);
	CHECK(v && YAJL_GET_INTEGER(v) == 49403297);
	v = yajl_tree_get(root, (const char *[]){ "timing", "unit", NULL },
			  yajl_t_string);
	CHECK_STR(v ? YAJL_GET_STRING(v) : NULL, "s");
	v = yajl_tree_get(root, (const char *[]){ "refresh", NULL },
			  yajl_t_array);
	CHECK(v && YAJL_GET_ARRAY(v)->len == 13);
	v = yajl_tree_get(root, (const char *[]){ "slots", NULL },
			  yajl_t_array);
	CHECK(v && YAJL_GET_ARRAY(v)->len == 21);
	CHECK_CONTAINS(json, "\"relay\":1,\"name\":\"Router 2\"");
	CHECK_CONTAINS(json, "\"radio_on_ns\":141236053237,\"radio_on_share\":0.233432}");
	/* -g for the coordinator's children, 4 L U - g below relay 4. */
	CHECK_CONTAINS(json, "\"name\":\"End Device 1\",\"address\":\"0x0001\",\"hears\":\"BillyTheCoord\",\"listen_start_ns\":-49403297,\"listen_end_ns\":41216000,");
	CHECK_CONTAINS(json, "\"hears\":\"Router 1 Router 1\",\"listen_start_ns\":3950596703,\"listen_end_ns\":4041216000,");
	yajl_tree_free(root);
	loom_sched_free(&sched);
	topo_doc_free(&doc);
}

/* The command line: the seed's text is schedule-seed.txt, byte for byte. */
TEST(sched_cli_seed_text)
{
	char *out, *err, *want, path[4096];
	const char *argv[] = { "schedule", "seed.json", NULL };

	snprintf(path, sizeof(path), "%s/schedule-seed.txt", TEST_UNIT_DIR);
	want = test_read_file(path, NULL);
	REQUIRE(want);
	CHECK_INT(test_run_loomctl(test_data_dir, NULL, &out, &err, argv), 0);
	CHECK_STR(err, "");
	CHECK_STR(out, want);
}

TEST(sched_cli)
{
	char *out, *err, *svg, *path;

	path = test_write_file("seed.json", fixture_seed);
	REQUIRE(path);
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "-j", path,
							  NULL }), 0);
	CHECK_CONTAINS(out, "\"relays\":3,");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "-j", "sched", "--sf", "9",
							  "--bw", "250", "--cr", "4/8",
							  path, NULL }), 0);
	CHECK_CONTAINS(out, "\"sf\":9,\"bw_hz\":250000,\"cr\":8,");
	CHECK_INT(test_run_loomctl(NULL, NULL, &svg, &err,
				   (const char *const[]){ "schedule", "--svg",
							  "--cycles", "200",
							  path, NULL }), 0);
	/* At most data_cycles (10) cycles. */
	CHECK_CONTAINS(svg, "data cycles 0-9 ");
	CHECK(!xml_check(svg));
	CHECK_INT(count(svg, "<g class=\"row\">"), 9);

	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "help",
							  NULL }), 0);
	CHECK_CONTAINS(out, "Usage: loomctl schedule [-j [-p] | --svg] [--sf N]");
	CHECK_CONTAINS(out, "--cycles N");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "help", "schedule",
							  NULL }), 0);
	CHECK_CONTAINS(out, "Usage: loomctl schedule [-j");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "x.json",
							  "-h", NULL }), 0);
	CHECK_CONTAINS(out, "Usage: loomctl schedule [-j");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "help", NULL }), 0);
	CHECK_CONTAINS(out, "  schedule ");
	CHECK_CONTAINS(out, "loomctl schedule --svg");
}

TEST(sched_cli_errors)
{
	char *out, *err, *path, *want;

	path = test_write_file("seed.json", fixture_seed);
	REQUIRE(path);
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "--sf", "13",
							  path, NULL }), 2);
	CHECK_CONTAINS(err, "loomctl: schedule: --sf \"13\": must be 5..12\n"
			    "Usage: loomctl schedule [-j");
	CHECK_STR(out, "");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "--bw", "100",
							  path, NULL }), 2);
	CHECK_CONTAINS(err, "--bw \"100\": must be one of 7.8, ");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "--cr", "4/9",
							  path, NULL }), 2);
	CHECK_CONTAINS(err, "--cr \"4/9\": must be 4/5..4/8");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "--cycles",
							  "0", path, NULL }), 2);
	CHECK_CONTAINS(err, "--cycles \"0\": must be 1..255");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", path,
							  "--sf", NULL }), 2);
	CHECK_CONTAINS(err, "loomctl: schedule: option '--sf' needs a value\n");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "--svg",
							  "-j", path, NULL }), 2);
	CHECK_CONTAINS(err, "--svg and -j exclude each other");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "-x", path,
							  NULL }), 2);
	CHECK_CONTAINS(err, "loomctl: schedule: unknown option '-x'\n");
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", "a.json",
							  "b.json", NULL }), 2);
	CHECK_CONTAINS(err, "unexpected argument 'b.json'");
	CHECK_CONTAINS(err, "Try 'loomctl schedule help'.\n");

	/* A file "topology check" refuses: the same message, exit 1. */
	path = test_write_file("bad.json",
			       "{\"root\": {\"name\": \"C\", \"children\": [\n"
			       "  {\"name\": \"R\", \"type\": 1}]}}\n");
	REQUIRE(path);
	CHECK_INT(test_run_loomctl(NULL, NULL, &out, &err,
				   (const char *const[]){ "schedule", path,
							  NULL }), 1);
	REQUIRE(asprintf(&want, "%s:2:12: node 'R': router has no end device below it\n",
			 path) > 0);
	CHECK_STR(err, want);
	CHECK_STR(out, "");
}
