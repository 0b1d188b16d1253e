// SPDX-License-Identifier: GPL-2.0
/*
 * Output of the mesh commands.  People get addresses with their names
 * and times in ms or s; JSON gets the uapi's integers ("rtt_us") under
 * fixed keys, null for what the kernel did not give.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "dhyara/frame.h"
#include "hwsim_parse.h"
#include "mesh_show.h"
#include "output.h"

_Static_assert(MESH_ECHO_FRAME_LEN ==
	       LOOM_DHY_ROUTED_OVERHEAD + LOOM_DHY_ICMP_HDR_LEN,
	       "an echo reply's length on the air");

#define NODE_COLS	11
#define LINK_COLS	8
#define ROUTE_COLS	7

/* "12.345 ms" from microseconds. */
static const char *fmt_us(char *buf, size_t len, uint64_t us)
{
	char num[32];

	snprintf(buf, len, "%s ms",
		 hwsim_fmt_ufixed(num, sizeof(num), us, 3, 3, true));
	return buf;
}

/* "0.250 s" from milliseconds. */
static const char *fmt_ms(char *buf, size_t len, uint64_t ms)
{
	char num[32];

	snprintf(buf, len, "%s s",
		 hwsim_fmt_ufixed(num, sizeof(num), ms, 3, 3, true));
	return buf;
}

/* One decimal of a millisecond, as "ping" prints round trips. */
static const char *fmt_rtt(char *buf, size_t len, uint64_t us)
{
	return hwsim_fmt_ufixed(buf, len, us, 3, 1, true);
}

void mesh_json_addr(yajl_gen g, const char *key, const char *name_key,
		    const struct mesh_hosts *h, const u8 *addr)
{
	const char *name = mesh_hosts_name(h, addr);
	char a[MESH_ADDR_BUF];

	out_json_kstr(g, key, out_mac(a, sizeof(a), addr));
	if (name)
		out_json_kstr(g, name_key, name);
	else
		out_json_knull(g, name_key);
}

/* A mesh count for the table: @v, or "-" when not given. */
static const char *mesh_cell(char *buf, size_t len, const struct run_mesh *m,
			     int attr, u32 v)
{
	if (!RUN_MESH_HAS(m, attr))
		return "-";
	snprintf(buf, len, "%u", v);
	return buf;
}

int mesh_show_node_table(FILE *f, const struct run_node *nd, size_t n)
{
	static const char *const hdr[NODE_COLS] = {
		"NAME", "ADDRESS", "RADIO", "DEVICE", "BEACON", "POLICY",
		"DUTY", "CONTROL", "NEIGHBOURS", "ROUTES", "KNOWN",
	};
	struct out_table *t;
	size_t i;
	int ret;

	t = out_table_start(f, n, "no mesh nodes running", NODE_COLS, hdr,
			    &ret);
	if (!t)
		return ret;
	for (i = 0; i < n; i++) {
		const struct run_mesh *m = &nd[i].mesh;
		char name[LOOM_NAME_MAX + 1], radio[RUN_RADIO_NAME_MAX + 1];
		char a[MESH_ADDR_BUF], dev[IF_NAMESIZE], num[6][32];
		const char *row[NODE_COLS], *p;

		row[0] = out_printable(name, sizeof(name), nd[i].name);
		row[1] = nd[i].has_hwaddr ? out_mac(a, sizeof(a), nd[i].hwaddr) :
			 "-";
		row[2] = out_printable(radio, sizeof(radio), nd[i].radio);
		row[3] = nd[i].ifname[0] ?
			 out_printable(dev, sizeof(dev), nd[i].ifname) : "-";
		row[4] = "-";
		if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_BEACON_MS)) {
			snprintf(num[0], sizeof(num[0]), "%u ms", m->beacon_ms);
			row[4] = num[0];
		}
		p = mesh_policy_name(m->policy);
		row[5] = !RUN_MESH_HAS(m, LOOM_MESH_ATTR_POLICY) ? "-" :
			 p ? p : "?";
		row[6] = "-";
		if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_DUTY_PPM) && !m->duty_ppm)
			row[6] = "off";
		else if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_DUTY_PPM))
			row[6] = strcat(mesh_fmt_ppm(num[1], sizeof(num[1]) - 2,
						     m->duty_ppm), " %");
		row[7] = "-";
		if (RUN_MESH_HAS(m, LOOM_MESH_ATTR_CONTROL_PPM))
			row[7] = strcat(mesh_fmt_ppm(num[2], sizeof(num[2]) - 2,
						     m->control_ppm), " %");
		row[8] = mesh_cell(num[3], sizeof(num[3]), m,
				   LOOM_MESH_ATTR_NEIGHBOURS, m->neighbours);
		row[9] = mesh_cell(num[4], sizeof(num[4]), m,
				   LOOM_MESH_ATTR_ROUTES, m->routes);
		row[10] = mesh_cell(num[5], sizeof(num[5]), m,
				    LOOM_MESH_ATTR_KNOWN, m->known);
		out_table_add(t, row);
	}
	return out_table_emit(t, f);
}

int mesh_show_links(FILE *f, const struct mesh_link *l, size_t n,
		    const struct mesh_hosts *h)
{
	static const char *const hdr[LINK_COLS] = {
		"NODE", "RADIO", "NEIGHBOUR", "LAST-SEEN", "RTT", "DELAY",
		"SILENT", "DEPRECIATED",
	};
	struct out_table *t;
	size_t i;
	int ret;

	t = out_table_start(f, n, "no neighbours", LINK_COLS, hdr, &ret);
	if (!t)
		return ret;
	for (i = 0; i < n; i++) {
		char node[LOOM_NAME_MAX + 1], peer[MESH_PEER_BUF];
		char age[32], rtt[32], delay[32], dep[8];
		char radio[LOOM_RADIO_NAME_MAX + 1];
		const char *row[LINK_COLS];

		row[0] = out_printable(node, sizeof(node), l[i].node);
		row[1] = l[i].radio[0] ?
			 out_printable(radio, sizeof(radio), l[i].radio) : "-";
		row[2] = mesh_fmt_peer(peer, sizeof(peer), h, l[i].addr);
		row[3] = l[i].heard ? fmt_ms(age, sizeof(age), l[i].age_ms) :
			 "-";
		row[4] = l[i].has_rtt ? fmt_us(rtt, sizeof(rtt), l[i].rtt_us) :
			 "-";
		row[5] = l[i].has_delay ?
			 fmt_us(delay, sizeof(delay), l[i].delay_us) : "-";
		row[6] = l[i].silent ? "yes" : "no";
		snprintf(dep, sizeof(dep), "%u", l[i].depreciated);
		row[7] = dep;
		out_table_add(t, row);
	}
	return out_table_emit(t, f);
}

int mesh_json_links(FILE *f, const struct mesh_link *l, size_t n,
		    const struct mesh_hosts *h, bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		out_json_kstr(g, "node", l[i].node);
		if (l[i].radio[0])
			out_json_kstr(g, "radio", l[i].radio);
		else
			out_json_knull(g, "radio");
		mesh_json_addr(g, "addr", "name", h, l[i].addr);
		out_json_kuint_or_null(g, "age_ms", l[i].heard, l[i].age_ms);
		out_json_kuint_or_null(g, "rtt_us", l[i].has_rtt, l[i].rtt_us);
		out_json_kuint_or_null(g, "delay_us", l[i].has_delay, l[i].delay_us);
		out_json_kbool(g, "silent", l[i].silent);
		out_json_kuint(g, "depreciated", l[i].depreciated);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

int mesh_show_routes(FILE *f, const struct mesh_route *r, size_t n,
		     const struct mesh_hosts *h)
{
	static const char *const hdr[ROUTE_COLS] = {
		" ", "NODE", "DESTINATION", "VIA", "HOPS", "DELAY", "LAST-SEEN",
	};
	struct out_table *t;
	size_t i;
	int ret;

	t = out_table_start(f, n, "no routes", ROUTE_COLS, hdr, &ret);
	if (!t)
		return ret;
	for (i = 0; i < n; i++) {
		char node[LOOM_NAME_MAX + 1], dest[MESH_PEER_BUF];
		char via[MESH_PEER_BUF], hops[8], delay[32], age[32];
		const char *row[ROUTE_COLS];

		row[0] = r[i].best ? "*" : " ";
		row[1] = out_printable(node, sizeof(node), r[i].node);
		row[2] = mesh_fmt_peer(dest, sizeof(dest), h, r[i].dest);
		row[3] = r[i].direct ? "direct" :
			 mesh_fmt_peer(via, sizeof(via), h, r[i].via);
		snprintf(hops, sizeof(hops), "%u", r[i].hops);
		row[4] = hops;
		row[5] = r[i].has_delay ?
			 fmt_us(delay, sizeof(delay), r[i].delay_us) : "-";
		row[6] = r[i].has_age ? fmt_ms(age, sizeof(age), r[i].age_ms) :
			 "-";
		out_table_add(t, row);
	}
	return out_table_emit(t, f);
}

int mesh_json_routes(FILE *f, const struct mesh_route *r, size_t n,
		     const struct mesh_hosts *h, bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		out_json_kstr(g, "node", r[i].node);
		mesh_json_addr(g, "dest", "name", h, r[i].dest);
		mesh_json_addr(g, "via", "via_name", h, r[i].via);
		out_json_kuint(g, "hops", r[i].hops);
		out_json_kuint_or_null(g, "delay_us", r[i].has_delay, r[i].delay_us);
		out_json_kbool(g, "best", r[i].best);
		out_json_kbool(g, "direct", r[i].direct);
		out_json_kuint_or_null(g, "age_ms", r[i].has_age, r[i].age_ms);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

void mesh_show_ping_header(FILE *f, const char *dest, const char *from,
			   uint32_t count, uint64_t interval_ms,
			   uint64_t timeout_ms)
{
	char name[LOOM_NAME_MAX + 1], i[32], w[32];

	fprintf(f, "PING %s from %s:", dest,
		out_printable(name, sizeof(name), from));
	if (count > 1)
		fprintf(f, " %" PRIu32 " requests %s s apart,", count,
			hwsim_fmt_ufixed(i, sizeof(i), interval_ms, 3, 3,
					 false));
	fprintf(f, " timeout %s s\n",
		hwsim_fmt_ufixed(w, sizeof(w), timeout_ms, 3, 3, false));
}

void mesh_show_answer(FILE *f, const struct mesh_answer *a, uint64_t rtt_us,
		      int note, const struct mesh_hosts *h)
{
	char src[MESH_PEER_BUF], ms[32];

	mesh_fmt_peer(src, sizeof(src), h, a->src);
	switch (a->code) {
	case LOOM_PING_REPLY:
		fprintf(f, "%d bytes from %s: seq=%u ", MESH_ECHO_FRAME_LEN,
			src, a->seq);
		if (a->has_hop_limit)
			fprintf(f, "ttl=%u", a->hop_limit);
		else
			fprintf(f, "ttl=?");
		fprintf(f, " time=%s ms", fmt_rtt(ms, sizeof(ms), rtt_us));
		break;
	case LOOM_PING_HOP_LIMIT:
		fprintf(f, "From %s: seq=%u hop limit exceeded", src, a->seq);
		break;
	case LOOM_PING_NO_ROUTE:
		fprintf(f, "From %s: seq=%u no route", src, a->seq);
		break;
	default:
		fprintf(f, "From %s: seq=%u answer code %u", src, a->seq,
			a->code);
		break;
	}
	if (note == PING_NOTE_DUP)
		fprintf(f, " (DUP!)");
	else if (note == PING_NOTE_LATE)
		fprintf(f, " (late)");
	fputc('\n', f);
}

/* "dest" and "name" of a ping or traceroute, after "node". */
static void json_head(yajl_gen g, const char *node, const u8 *dest,
		      const struct mesh_hosts *h)
{
	out_json_kstr(g, "node", node);
	mesh_json_addr(g, "dest", "name", h, dest);
}

/* "code": the answer's name, or its number when unknown. */
static void json_code(yajl_gen g, u8 code)
{
	const char *c = mesh_ping_code_name(code);

	if (c)
		out_json_kstr(g, "code", c);
	else
		out_json_kuint(g, "code", code);
}

int mesh_json_ping(FILE *f, const char *node, const u8 *dest,
		   const struct ping_stats *st,
		   const struct mesh_ping_result *res, size_t n,
		   const struct mesh_hosts *h, bool pretty)
{
	uint32_t lost = st->transmitted - (st->received < st->transmitted ?
					   st->received : st->transmitted);
	yajl_gen g = out_json_new(f, pretty);
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	json_head(g, node, dest, h);
	out_json_kuint(g, "transmitted", st->transmitted);
	out_json_kuint(g, "received", st->received);
	out_json_kuint(g, "errors", st->errors);
	out_json_kuint_or_null(g, "loss_pct", st->transmitted,
		       st->transmitted ? (uint64_t)lost * 100 / st->transmitted :
		       0);
	out_json_kuint_or_null(g, "rtt_min_us", st->received, st->rtt_min_us);
	out_json_kuint_or_null(g, "rtt_avg_us", st->received,
		       st->received ? st->rtt_sum_us / st->received : 0);
	out_json_kuint_or_null(g, "rtt_max_us", st->received, st->rtt_max_us);
	out_json_key(g, "requests");
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		out_json_kuint(g, "seq", res[i].seq);
		if (res[i].answered) {
			mesh_json_addr(g, "from", "from_name", h, res[i].a.src);
			json_code(g, res[i].a.code);
			out_json_kuint_or_null(g, "ttl", res[i].a.has_hop_limit,
				       res[i].a.hop_limit);
			out_json_kuint(g, "rtt_us", res[i].rtt_us);
		} else {
			out_json_knull(g, "code");
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	return 0;
}

void mesh_show_trace_header(FILE *f, const char *dest, const char *from,
			    unsigned int max_hops)
{
	char name[LOOM_NAME_MAX + 1];

	fprintf(f, "traceroute to %s from %s, %u hops max\n", dest,
		out_printable(name, sizeof(name), from), max_hops);
}

void mesh_show_hop(FILE *f, const struct mesh_hop *hp,
		   const struct mesh_hosts *h)
{
	char peer[MESH_PEER_BUF], ms[32];
	unsigned int i;

	fprintf(f, "%2u: ", hp->hop);
	if (!hp->answered) {
		fprintf(f, "* * *\n");
		return;
	}
	fprintf(f, "%s", mesh_fmt_peer(peer, sizeof(peer), h, hp->addr));
	for (i = 0; i < MESH_TRACE_PROBES; i++) {
		if (hp->got[i])
			fprintf(f, "  %s ms",
				fmt_rtt(ms, sizeof(ms), hp->rtt_us[i]));
		else
			fprintf(f, "  *");
	}
	if (hp->code == LOOM_PING_NO_ROUTE)
		fprintf(f, " !N");
	fputc('\n', f);
}

int mesh_json_trace(FILE *f, const char *node, const u8 *dest, bool reached,
		    const struct mesh_hop *hops, size_t n,
		    const struct mesh_hosts *h, bool pretty)
{
	yajl_gen g = out_json_new(f, pretty);
	unsigned int p;
	size_t i;

	if (!g)
		return -ENOMEM;
	yajl_gen_map_open(g);
	json_head(g, node, dest, h);
	out_json_kbool(g, "reached", reached);
	out_json_key(g, "hops");
	yajl_gen_array_open(g);
	for (i = 0; i < n; i++) {
		const struct mesh_hop *hp = &hops[i];

		yajl_gen_map_open(g);
		out_json_kuint(g, "hop", hp->hop);
		if (hp->answered) {
			mesh_json_addr(g, "addr", "name", h, hp->addr);
			json_code(g, hp->code);
		} else {
			out_json_knull(g, "addr");
			out_json_knull(g, "name");
			out_json_knull(g, "code");
		}
		out_json_key(g, "rtt_us");
		yajl_gen_array_open(g);
		for (p = 0; p < MESH_TRACE_PROBES; p++) {
			if (hp->got[p])
				yajl_gen_integer(g, (long long)hp->rtt_us[p]);
			else
				yajl_gen_null(g);
		}
		yajl_gen_array_close(g);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	out_json_end(g, f, pretty);
	return 0;
}
