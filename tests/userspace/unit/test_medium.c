// SPDX-License-Identifier: GPL-2.0
/*
 * loom-medium without a kernel: its configuration language and errors,
 * the path-loss and SNR models, each frame's fate, the netlink messages
 * it takes (valid or not) and the replies it builds, the control
 * commands and socket, and the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <netlink/genl/genl.h>

#include "ctl.h"
#include "io.h"
#include "medium.h"
#include "msgutil.h"
#include "output.h"
#include "test.h"

#define FAMILY	30

static char errbuf[512];

/* @line applied to @m: "" when accepted, else the error. */
static const char *conf(struct lm_medium *m, const char *line)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", line);
	errbuf[0] = '\0';
	if (lm_conf_line(m, "t", 1, buf, errbuf, sizeof(errbuf)) < 0)
		return errbuf;
	return "";
}

#define APPLY(m, line) CHECK_STR(conf((m), (line)), "")

/* Four radios in a line, 25 m apart: each hears only its neighbours. */
static void line_medium(struct lm_medium *m)
{
	lm_init(m);
	APPLY(m, "medium exponent 4 ref-loss 40 sigma 0 threshold -85 txpower 20");
	APPLY(m, "radio n1 addr 42:00:00:00:00:00 pos 0 0");
	APPLY(m, "radio n2 addr 42:00:00:00:01:00 pos 25 0");
	APPLY(m, "radio n3 addr 42:00:00:00:02:00 pos 50 0");
	APPLY(m, "radio n4 addr 42:00:00:00:03:00 pos 75 0");
}

static const uint8_t *mac(const char *s)
{
	static uint8_t a[8][LM_ETH_ALEN];
	static int i;

	i = (i + 1) % 8;
	CHECK_INT(lm_parse_mac(s, a[i]), 0);
	return a[i];
}

static uint8_t fbuf[2400];

/* A 100-byte data frame from @tx (its hwsim key) to @a1 from @a2. */
static struct lm_frame frame(const char *tx, const char *a1, const char *a2,
			     uint32_t flags, int idx, int count)
{
	struct lm_frame f = { 0 };
	int i;

	memset(fbuf, 0, sizeof(fbuf));
	fbuf[0] = 0x08;
	memcpy(fbuf + 4, mac(a1), LM_ETH_ALEN);
	memcpy(fbuf + 10, mac(a2), LM_ETH_ALEN);
	memcpy(fbuf + 16, mac(a2), LM_ETH_ALEN);
	f.tx = mac(tx);
	f.data = fbuf;
	f.len = 100;
	f.flags = flags;
	f.cookie = 77;
	f.freq = 2412;
	for (i = 0; i < HWSIM_TX_MAX_RATES; i++)
		f.rates[i].idx = -1;
	f.rates[0].idx = idx;
	f.rates[0].count = count;
	return f;
}

static struct lm_delivery deliv[LM_MAX_RADIOS];

static struct lm_fate decide(struct lm_medium *m, const struct lm_frame *f)
{
	struct lm_fate fate = { .deliv = deliv };

	lm_decide(m, f, &fate);
	return fate;
}

#define BCAST "ff:ff:ff:ff:ff:ff"
#define N1 "42:00:00:00:00:00"
#define N1V "02:00:00:00:00:00"
#define N2V "02:00:00:00:01:00"
#define N3V "02:00:00:00:02:00"

/* ---- configuration --------------------------------------------------- */

TEST(medium_conf_errors)
{
	static const char *const cases[][2] = {
		{ "frob", "t:1:frob: unknown statement (medium, radio, link)" },
		{ "medium", "t:1:medium: needs a parameter (exponent, ref-loss, sigma, fading, noise, threshold, txpower, seed)" },
		{ "medium exponent", "t:1:exponent: needs a value" },
		{ "medium exponent 0.5", "t:1:exponent: 0.5 is out of range (1 to 10)" },
		{ "medium sigma x", "t:1:sigma: 'x' is not a number" },
		{ "medium noise nan", "t:1:noise: 'nan' is not a number" },
		{ "medium seed -1", "t:1:seed: '-1' is not a number from 0 to 2^64-1" },
		{ "medium colour 3", "t:1:colour: unknown medium parameter (exponent, ref-loss, sigma, fading, noise, threshold, txpower, seed)" },
		{ "radio", "t:1:radio: needs a name" },
		{ "radio a/b pos 0 0", "t:1:radio: 'a/b' is not a name (1 to 31 of A-Z a-z 0-9 . _ : -)" },
		{ "radio pos 1 2", "t:1:radio: 'pos' is a keyword, not a name" },
		{ "radio n9 pos 1 2", "t:1:radio: no radio 'n9': a new radio needs addr or phy" },
		{ "radio n9 addr 42:00:00:00:09:00", "t:1:pos: a new radio needs a position" },
		{ "radio n9 addr 42:00:00:00:00:00 pos 1 1", "t:1:addr: 42:00:00:00:00:00 is radio 'n1' already" },
		{ "radio n9 addr 02:00:00:00:00:00 pos 1 1", "t:1:addr: 02:00:00:00:00:00 is radio 'n1' already" },
		{ "radio n9 addr 42:00:00:00:09:0 pos 1 1", "t:1:addr: '42:00:00:00:09:0' is not a MAC address (aa:bb:cc:dd:ee:ff)" },
		{ "radio n9 addr 42-00-00-00-09-00 pos 1 1", "t:1:addr: '42-00-00-00-09-00' is not a MAC address (aa:bb:cc:dd:ee:ff)" },
		{ "radio n1 addr 42:00:00:00:05:00", "t:1:addr: radio 'n1' is 42:00:00:00:00:00; a radio's address cannot change" },
		{ "radio n1 pos 1", "t:1:pos: needs a value" },
		{ "radio n1 pos 1 2 3 4", "t:1:4: unknown radio parameter (addr, phy, pos, txpower)" },
		{ "radio n1 pos 5 5 txpower 41", "t:1:txpower: 41 is out of range (-30 to 40)" },
		{ "radio n1 colour red", "t:1:colour: unknown radio parameter (addr, phy, pos, txpower)" },
		{ "radio n9 addr 42:00:00:00:09:00 phy phy0 pos 0 0", "t:1:phy: give addr or phy, not both" },
		{ "link n1", "t:1:link: needs two radios" },
		{ "link n1 n9 cut", "t:1:link: no radio 'n9'" },
		{ "link n1 n1 cut", "t:1:link: 'n1' and 'n1' are the same radio" },
		{ "link n1 n2", "t:1:link: needs cut, restore, loss, signal or clear" },
		{ "link n1 n2 cut restore", "t:1:restore: contradicts cut" },
		{ "link n1 n2 loss 101", "t:1:loss: 101 is out of range (0 to 100)" },
		{ "link n1 n2 signal -200", "t:1:signal: -200 is out of range (-127 to 30)" },
		{ "link n1 n2 cut wobble", "t:1:wobble: unknown link parameter (cut, restore, loss, signal, clear, both)" },
	};
	struct lm_medium m;
	size_t i;

	line_medium(&m);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(conf(&m, cases[i][0]), cases[i][1]);
	/* Nothing of a refused statement stays. */
	CHECK_INT(m.n, 4);
	CHECK(m.radios[0].pos[0] == 0 && m.radios[0].pos[1] == 0);
	CHECK(isnan(m.radios[0].txpower));
	CHECK(!lm_link(&m, 0, 1)->cut && !lm_link(&m, 0, 1)->has_loss);
	CHECK(m.p.exponent == 4 && m.p.sigma == 0 && m.p.seed == 1);
	lm_free(&m);
}

TEST(medium_conf_statements)
{
	char line[] = "   # only a comment";
	struct lm_medium m;
	int r;

	line_medium(&m);
	CHECK_INT(lm_conf_line(&m, "t", 1, line, errbuf, sizeof(errbuf)), 1);
	APPLY(&m, "radio n1 pos 1 2 3 txpower 10 # trailing comment");
	CHECK(m.radios[0].pos[0] == 1 && m.radios[0].pos[1] == 2 &&
	      m.radios[0].pos[2] == 3);
	CHECK(lm_txpower(&m, 0) == 10);
	APPLY(&m, "radio n1 txpower default pos 0 0");
	CHECK(lm_txpower(&m, 0) == 20);
	CHECK(m.radios[0].pos[2] == 0);
	/* A radio named by its address; found by it and by its vif's. */
	APPLY(&m, "radio 42:00:00:00:07:00 pos 5 0");
	r = lm_radio_find(&m, "02:00:00:00:07:00");
	CHECK_INT(r, 4);
	CHECK_STR(m.radios[4].name, "42:00:00:00:07:00");
	APPLY(&m, "link n1 n2 cut both");
	CHECK(lm_link(&m, 0, 1)->cut && lm_link(&m, 1, 0)->cut);
	APPLY(&m, "link n1 n2 restore");
	CHECK(!lm_link(&m, 0, 1)->cut && lm_link(&m, 1, 0)->cut);
	APPLY(&m, "link " N1 " " N2V " loss 10 signal -60");
	CHECK(lm_link(&m, 0, 1)->has_loss && lm_link(&m, 0, 1)->loss == 10);
	CHECK(lm_signal(&m, 0, 1) == -60);
	APPLY(&m, "link n1 n2 loss off");
	CHECK(!lm_link(&m, 0, 1)->has_loss && lm_link(&m, 0, 1)->has_signal);
	APPLY(&m, "link n1 n2 clear both");
	CHECK(!lm_link(&m, 0, 1)->has_signal && !lm_link(&m, 1, 0)->cut);
	APPLY(&m, "medium seed 0x10 sigma 2.5 fading 1");
	CHECK(m.p.seed == 16 && m.p.sigma == 2.5 && m.p.fading == 1);
	lm_free(&m);
}

TEST(medium_conf_file)
{
	char *path = test_write_file("m.conf",
		"# four radios\n"
		"medium exponent 3\n"
		"\n"
		"radio a addr 42:00:00:00:00:00 pos 0 0\n"
		"radio b addr 42:00:00:00:01:00 pos 1\n");
	struct lm_medium m;
	char want[600];

	lm_init(&m);
	CHECK_INT(lm_conf_file(&m, path, errbuf, sizeof(errbuf)), -EINVAL);
	snprintf(want, sizeof(want), "%s:5:pos: needs a value", path);
	CHECK_STR(errbuf, want);
	CHECK_INT(m.n, 1);
	CHECK(m.p.exponent == 3);
	lm_free(&m);
	lm_init(&m);
	CHECK_INT(lm_conf_file(&m, "/nonexistent/m.conf", errbuf, sizeof(errbuf)), -ENOENT);
	CHECK_STR(errbuf, "/nonexistent/m.conf: No such file or directory");
	lm_free(&m);
	free(path);
}

TEST(medium_phy_sysfs)
{
	char dir[512], want[800];
	struct lm_medium m;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/sys/phy7", test_tmp_dir);
	CHECK_INT(mkdir(dirname(strdup(dir)), 0700), 0);
	CHECK_INT(mkdir(dir, 0700), 0);
	strcat(dir, "/addresses");
	f = fopen(dir, "w");
	REQUIRE(f);
	fputs("02:00:00:00:07:00\n42:00:00:00:07:00\n", f);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/sys/phy9", test_tmp_dir);
	CHECK_INT(mkdir(dir, 0700), 0);
	strcat(dir, "/addresses");
	f = fopen(dir, "w");
	REQUIRE(f);
	fputs("06:00:00:00:09:00\n", f);	/* a perm_addr radio: one address */
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/sys", test_tmp_dir);

	lm_init(&m);
	m.sysfs = dir;
	APPLY(&m, "radio x phy phy7 pos 0 0");
	CHECK(!memcmp(m.radios[0].addr, mac("42:00:00:00:07:00"), 6));
	CHECK_STR(m.radios[0].phy, "phy7");
	CHECK_INT(lm_radio_by_addr(&m, mac("02:00:00:00:07:00")), 0);
	CHECK_INT(lm_radio_find(&m, "phy7"), 0);
	APPLY(&m, "radio phy9 pos 3 0");
	CHECK(!memcmp(m.radios[1].addr, mac("06:00:00:00:09:00"), 6));
	CHECK_STR(conf(&m, "radio x phy phy9"), "t:1:phy: radio 'x' is phy7; a radio's phy cannot change");
	snprintf(want, sizeof(want), "t:1:phy: cannot read %s/phy8/addresses: No such file or directory (a phy in another network namespace is not visible)", dir);
	CHECK_STR(conf(&m, "radio y phy phy8 pos 0 0"), want);
	lm_free(&m);
}

/* ---- the model ------------------------------------------------------- */

TEST(medium_signal_model)
{
	struct lm_medium m;
	double s, sum = 0, sq = 0, d;
	unsigned int i, j, n = 0;
	char line[128];

	line_medium(&m);
	/* 20 dBm - 40 dB - 40 log10(25) dB */
	CHECK(fabs(lm_signal(&m, 0, 1) - (20 - 40 - 40 * log10(25))) < 0.01);
	CHECK(fabs(lm_signal(&m, 0, 1) - lm_signal(&m, 1, 0)) < 1e-9);
	CHECK(fabs(lm_distance(&m, 0, 3) - 75) < 0.001);
	APPLY(&m, "radio n2 pos 0.5 0");
	CHECK(fabs(lm_signal(&m, 0, 1) - -20) < 0.001);	/* 1 m at least */
	APPLY(&m, "radio n2 pos 25 0 txpower 10");
	CHECK(fabs(lm_signal(&m, 1, 0) - lm_signal(&m, 0, 1) + 10) < 0.001);
	APPLY(&m, "link n1 n2 signal -42.5");
	CHECK(lm_signal(&m, 0, 1) == -42.5);
	lm_free(&m);

	/* Shadowing: N(0, sigma) over links, symmetric, fixed per seed. */
	lm_init(&m);
	APPLY(&m, "medium sigma 6 seed 3");
	for (i = 0; i < 30; i++) {
		snprintf(line, sizeof(line), "radio r%u addr 06:00:00:00:%02x:00 pos %u 0", i, i, i);
		APPLY(&m, line);
	}
	for (i = 0; i < 30; i++) {
		for (j = i + 1; j < 30; j++) {
			s = lm_shadowing(&m, i, j);
			CHECK(s == lm_shadowing(&m, j, i));
			sum += s;
			sq += s * s;
			n++;
		}
	}
	d = sqrt(sq / n - (sum / n) * (sum / n));
	CHECK(fabs(sum / n) < 1);
	CHECK(d > 5 && d < 7);
	s = lm_shadowing(&m, 2, 7);
	APPLY(&m, "radio r2 pos 100 50");
	CHECK(lm_shadowing(&m, 2, 7) == s);
	APPLY(&m, "medium seed 4");
	CHECK(lm_shadowing(&m, 2, 7) != s);
	lm_free(&m);
}

TEST(medium_per_model)
{
	const struct lm_rate *r;
	int idx;

	for (idx = 0; idx < 12; idx++) {
		r = lm_rate_of(idx, 0, 2412);
		/* At the standard's sensitivity, its reference PER. */
		CHECK(fabs(lm_per(r, r->sens + 91, r->ref_len) - r->ref_per) < 1e-6);
		CHECK(fabs(lm_snr_for_per(r, r->ref_per, r->ref_len) - (r->sens + 91)) < 0.01);
		/* A waterfall: 2 dB either way is nearly all or nothing. */
		CHECK(lm_per(r, r->sens + 93, r->ref_len) < 0.01);
		CHECK(lm_per(r, r->sens + 89, r->ref_len) > 0.9);
		CHECK(lm_per(r, r->sens + 91, 100) < r->ref_per);
	}
	CHECK(lm_rate_of(0, 0, 2412)->mbps == 1);
	CHECK(lm_rate_of(11, 0, 2412)->sens == -65);
	CHECK(lm_rate_of(12, 0, 2412)->mbps == 1);	/* out of range */
	CHECK(lm_rate_of(0, 0, 5180)->mbps == 6);
	CHECK(lm_rate_of(7, 0, 5180)->sens == -65);
	CHECK(lm_rate_of(7, HWSIM_TX_RC_MCS, 2412)->sens == -64);
	CHECK(lm_rate_of(15, HWSIM_TX_RC_MCS, 2412)->sens == -64);
	CHECK(lm_rate_of(1 << 4 | 9, HWSIM_TX_RC_VHT_MCS, 5180)->sens == -57);
	CHECK_INT(lm_rx_rate_index(lm_rate_of(5, 0, 2412), 2412), 5);
	CHECK_INT(lm_rx_rate_index(lm_rate_of(3, HWSIM_TX_RC_MCS, 2412), 2412), 8);
	CHECK_INT(lm_rx_rate_index(lm_rate_of(3, HWSIM_TX_RC_MCS, 5180), 5180), 4);
	CHECK_INT(lm_rx_rate_index(lm_rate_of(0, 0, 2412), 5180), 0);
}

/* ---- fates ----------------------------------------------------------- */

TEST(medium_decide_broadcast)
{
	struct lm_frame f;
	struct lm_fate r;
	struct lm_medium m;

	line_medium(&m);
	f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
	r = decide(&m, &f);
	CHECK_INT(r.tx, 0);
	CHECK_INT(r.ndeliv, 1);
	CHECK_INT(r.deliv[0].rx, 1);
	CHECK_INT(r.deliv[0].signal, -76);
	CHECK_INT(r.deliv[0].rate, 0);
	CHECK(!r.acked);
	CHECK_INT(r.rates[0].idx, 0);
	CHECK_INT(r.rates[0].count, 1);
	CHECK_INT(r.rates[1].idx, -1);
	CHECK_INT(lm_link(&m, 0, 1)->st.delivered, 1);
	CHECK_INT(lm_link(&m, 0, 2)->st.below, 1);
	CHECK_INT(lm_link(&m, 0, 3)->st.below, 1);
	CHECK_INT(m.radios[0].st.tx, 1);
	CHECK_INT(m.radios[0].st.unicast, 0);
	CHECK_INT(m.st.frames, 1);
	lm_free(&m);
}

TEST(medium_decide_unicast)
{
	struct lm_frame f;
	struct lm_fate r;
	struct lm_medium m;

	line_medium(&m);
	/* To n2's vif: the first try gets through and is acknowledged. */
	f = frame(N1, N2V, N1V, HWSIM_TX_CTL_REQ_TX_STATUS, 4, 3);
	f.rates[1].idx = 0;
	f.rates[1].count = 2;
	r = decide(&m, &f);
	CHECK(r.acked);
	CHECK_INT(r.ack_signal, -76);
	CHECK_INT(r.rates[0].idx, 4);
	CHECK_INT(r.rates[0].count, 1);
	CHECK_INT(r.rates[1].idx, -1);
	CHECK_INT(r.ndeliv, 1);
	CHECK_INT(r.deliv[0].rate, 4);
	CHECK_INT(lm_link(&m, 0, 1)->st.acked, 1);
	CHECK_INT(m.radios[0].st.acked, 1);

	/* To n3, out of range: every try made, n2 overhears it once. */
	f = frame(N1, N3V, N1V, 0, 4, 3);
	f.rates[1].idx = 0;
	f.rates[1].count = 2;
	r = decide(&m, &f);
	CHECK(!r.acked);
	CHECK_INT(r.rates[0].count, 3);
	CHECK_INT(r.rates[1].idx, 0);
	CHECK_INT(r.rates[1].count, 2);
	CHECK_INT(r.ndeliv, 1);
	CHECK_INT(r.deliv[0].rx, 1);
	CHECK_INT(lm_link(&m, 0, 2)->st.below, 2);	/* both frames */
	CHECK_INT(lm_link(&m, 0, 1)->st.delivered, 2);

	/* To nobody we know. */
	f = frame(N1, "02:99:00:00:00:00", N1V, 0, 4, 2);
	r = decide(&m, &f);
	CHECK(!r.acked);
	CHECK_INT(m.radios[0].st.no_addressee, 1);
	CHECK_INT(m.radios[0].st.unicast, 3);

	/* NO_ACK unicast: one try, never acked. */
	f = frame(N1, N2V, N1V, HWSIM_TX_CTL_NO_ACK, 4, 3);
	r = decide(&m, &f);
	CHECK(!r.acked);
	CHECK_INT(r.rates[0].count, 1);
	CHECK_INT(r.ndeliv, 1);
	lm_free(&m);
}

TEST(medium_decide_cut)
{
	struct lm_frame f;
	struct lm_fate r;
	struct lm_medium m;

	line_medium(&m);
	APPLY(&m, "link n1 n2 cut");
	f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
	r = decide(&m, &f);
	CHECK_INT(r.ndeliv, 0);
	CHECK_INT(lm_link(&m, 0, 1)->st.cut, 1);
	f = frame(N1, N2V, N1V, 0, 4, 4);
	r = decide(&m, &f);
	CHECK(!r.acked);
	CHECK_INT(r.rates[0].count, 4);
	CHECK_INT(lm_link(&m, 0, 1)->st.cut, 2);
	/* The other way is open. */
	f = frame("42:00:00:00:01:00", BCAST, N2V, HWSIM_TX_CTL_NO_ACK, 0, 1);
	r = decide(&m, &f);
	CHECK_INT(r.ndeliv, 2);
	APPLY(&m, "link n1 n2 restore");
	f = frame(N1, N2V, N1V, 0, 4, 4);
	CHECK(decide(&m, &f).acked);

	/* Only the way back cut: delivered once, never acknowledged. */
	APPLY(&m, "link n2 n1 cut");
	f = frame(N1, N2V, N1V, 0, 4, 4);
	r = decide(&m, &f);
	CHECK(!r.acked);
	CHECK_INT(r.ndeliv, 1);
	CHECK_INT(r.rates[0].count, 4);
	CHECK_INT(lm_link(&m, 0, 1)->st.acked, 1);
	lm_free(&m);
}

static unsigned int bcasts(struct lm_medium *m, unsigned int n)
{
	struct lm_frame f;
	unsigned int i, got = 0;

	for (i = 0; i < n; i++) {
		f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
		got += decide(m, &f).ndeliv;
	}
	return got;
}

TEST(medium_decide_loss)
{
	struct lm_medium m, m2;
	unsigned int got, acked = 0, i;
	const struct lm_rate *r;
	struct lm_frame f;
	double p, sd;

	line_medium(&m);
	APPLY(&m, "link n1 n2 loss 100");
	CHECK_INT(bcasts(&m, 10), 0);
	CHECK_INT(lm_link(&m, 0, 1)->st.lost, 10);
	APPLY(&m, "link n1 n2 loss 50");
	got = bcasts(&m, 4000);
	CHECK(got > 1800 && got < 2200);
	/* The same seed, the same draws. */
	line_medium(&m2);
	APPLY(&m2, "link n1 n2 loss 100");
	bcasts(&m2, 10);
	APPLY(&m2, "link n1 n2 loss 50");
	CHECK_INT(bcasts(&m2, 4000), got);
	/* Five tries at 50 %: acked with 1 - 1/32. */
	for (i = 0; i < 4000; i++) {
		f = frame(N1, N2V, N1V, 0, 4, 3);
		f.rates[1].idx = 0;
		f.rates[1].count = 2;
		acked += decide(&m, &f).acked;
	}
	CHECK(acked > 3800 && acked < 3950);
	lm_free(&m);
	lm_free(&m2);

	/* The SNR model: 2 dB under 1 Mb/s's reference SNR. */
	line_medium(&m);
	r = lm_rate_of(0, 0, 2412);
	APPLY(&m, "link n1 n2 signal -82");
	p = lm_per(r, -82 + 91, 104);
	CHECK(p > 0.05 && p < 0.95);
	got = bcasts(&m, 4000);
	sd = sqrt(4000 * p * (1 - p));
	CHECK(fabs(got - 4000 * (1 - p)) < 4 * sd);
	CHECK_INT(lm_link(&m, 0, 1)->st.lost + lm_link(&m, 0, 1)->st.delivered, 4000);
	lm_free(&m);
}

TEST(medium_decide_fading)
{
	struct lm_medium m;
	struct lm_frame f;
	struct lm_fate r;
	int i, min = 0, max = -200;
	double sum = 0;

	line_medium(&m);
	/* Nothing lost or under the threshold: every frame's signal. */
	APPLY(&m, "medium fading 3 threshold -120");
	APPLY(&m, "link n1 n2 loss 0");
	for (i = 0; i < 2000; i++) {
		f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 4, 1);
		r = decide(&m, &f);
		REQUIRE(r.ndeliv >= 1 && r.deliv[0].rx == 1);
		sum += r.deliv[0].signal;
		if (r.deliv[0].signal < min)
			min = r.deliv[0].signal;
		if (r.deliv[0].signal > max)
			max = r.deliv[0].signal;
	}
	CHECK(fabs(sum / 2000 - -75.9) < 0.5);
	CHECK(max - min >= 10);
	/* A fixed signal does not fade. */
	APPLY(&m, "link n1 n2 signal -60");
	for (i = 0; i < 50; i++) {
		f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 4, 1);
		r = decide(&m, &f);
		CHECK_INT(r.deliv[0].signal, -60);
	}
	lm_free(&m);
}

TEST(medium_decide_unknown_and_odd)
{
	struct lm_medium m;
	struct lm_frame f;
	struct lm_fate r;
	char a[18];
	int i;

	line_medium(&m);
	f = frame("42:00:00:00:09:00", BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
	r = decide(&m, &f);
	CHECK_INT(r.tx, -1);
	CHECK_INT(r.ndeliv, 0);
	CHECK_INT(m.st.unknown_tx, 1);
	CHECK_INT(m.nunknown, 1);
	CHECK_STR(out_mac(a, sizeof(a), m.unknown[0].addr), "42:00:00:00:09:00");
	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "46:00:00:00:%02x:00", i);
		f = frame(a, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
		decide(&m, &f);
	}
	CHECK_INT(m.nunknown, LM_MAX_UNKNOWN);
	CHECK_INT(m.st.unknown_dropped, 21 - LM_MAX_UNKNOWN);
	CHECK_INT(m.st.unknown_tx, 21);

	/* Too short or too long for the kernel to take back. */
	f = frame(N1, BCAST, N1V, 0, 0, 1);
	f.len = 16;
	CHECK_INT(decide(&m, &f).ndeliv, 0);
	f.len = 2305;
	CHECK_INT(decide(&m, &f).ndeliv, 0);
	CHECK_INT(m.radios[0].st.bad_length, 2);

	/* A radio learns its vif's address from what it sends. */
	APPLY(&m, "radio z addr 06:11:22:33:44:55 pos 10 0");
	CHECK_INT(lm_radio_by_addr(&m, mac("aa:bb:cc:00:00:01")), -1);
	f = frame("06:11:22:33:44:55", BCAST, "aa:bb:cc:00:00:01", HWSIM_TX_CTL_NO_ACK, 0, 1);
	decide(&m, &f);
	CHECK_INT(lm_radio_by_addr(&m, mac("aa:bb:cc:00:00:01")), 4);
	f = frame(N1, "aa:bb:cc:00:00:01", N1V, 0, 4, 2);
	CHECK(decide(&m, &f).acked);
	lm_reset_counters(&m);
	CHECK_INT(m.st.frames, 0);
	CHECK_INT(m.nunknown, 0);
	CHECK_INT(lm_link(&m, 0, 4)->st.acked, 0);
	lm_free(&m);
}

/* ---- netlink --------------------------------------------------------- */

static uint8_t sent[LM_OUT_MAX * 2];
static size_t nsent;
static int send_err;

static int capture(struct lm_io *io, const void *buf, size_t len)
{
	(void)io;
	if (send_err)
		return send_err;
	if (nsent + len > sizeof(sent)) {
		CHECK(!"capture buffer full");
		return -ENOSPC;
	}
	memcpy(sent + nsent, buf, len);
	nsent += len;
	return 0;
}

static void io_setup(struct lm_io *io, struct lm_medium *m)
{
	line_medium(m);
	lm_io_init(io, m, FAMILY);
	io->send = capture;
	nsent = 0;
	send_err = 0;
}

/* The @i-th message sent, as an nl_msg to take apart (free it). */
static struct nl_msg *sent_msg(int i)
{
	size_t off = 0;
	struct nlmsghdr *nlh;

	while (off < nsent) {
		nlh = (struct nlmsghdr *)(sent + off);
		if (!i--)
			return nlmsg_convert(nlh);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return NULL;
}

static int sent_count(void)
{
	size_t off = 0;
	int n = 0;

	while (off < nsent) {
		off += NLMSG_ALIGN(((struct nlmsghdr *)(sent + off))->nlmsg_len);
		n++;
	}
	return n;
}

/* A HWSIM_CMD_FRAME the way the kernel builds it. */
static struct nl_msg *kframe(const char *tx, const char *a1, uint32_t flags,
			     int8_t idx, uint8_t count, size_t len)
{
	struct nl_msg *msg = msg_new(FAMILY, HWSIM_CMD_FRAME, 1);
	struct hwsim_rate rates[4] = { { idx, count }, { -1, 0 }, { -1, 0 }, { -1, 0 } };
	struct hwsim_rate_flag rf[4] = { { idx, 0 }, { -1, 0 }, { -1, 0 }, { -1, 0 } };
	uint8_t data[100] = { 0x08 };

	memcpy(data + 4, mac(a1), 6);
	memcpy(data + 10, mac(N1V), 6);
	nla_put(msg, HWSIM_ATTR_ADDR_TRANSMITTER, 6, mac(tx));
	nla_put(msg, HWSIM_ATTR_FRAME, len, data);
	nla_put_u32(msg, HWSIM_ATTR_FLAGS, flags);
	nla_put_u32(msg, HWSIM_ATTR_FREQ, 2412);
	nla_put(msg, HWSIM_ATTR_TX_INFO, sizeof(rates), rates);
	nla_put(msg, HWSIM_ATTR_TX_INFO_FLAGS, sizeof(rf), rf);
	msg_put_u64_pad(msg, HWSIM_ATTR_COOKIE, 0x1234567890ULL, HWSIM_ATTR_PAD);
	return msg;
}

static void feed(struct lm_io *io, struct nl_msg *msg)
{
	lm_io_input(io, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	lm_io_flush(io);
	nlmsg_free(msg);
}

TEST(medium_io_frame)
{
	struct lm_medium m;
	struct lm_io io;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct hwsim_rate *rates;
	uint64_t cookie;

	io_setup(&io, &m);
	feed(&io, kframe(N1, N2V, HWSIM_TX_CTL_REQ_TX_STATUS, 4, 3, 100));
	REQUIRE(sent_count() == 2);
	msg = sent_msg(0);
	nlh = nlmsg_hdr(msg);
	g = nlmsg_data(nlh);
	CHECK_INT(nlh->nlmsg_type, FAMILY);
	CHECK_INT(nlh->nlmsg_flags, NLM_F_REQUEST);
	CHECK_INT(g->cmd, HWSIM_CMD_FRAME);
	CHECK_INT(g->version, 1);
	CHECK(!memcmp(nla_data(msg_get(msg, HWSIM_ATTR_ADDR_RECEIVER, 6)),
		      mac("42:00:00:00:01:00"), 6));
	CHECK_INT(nla_len(msg_get(msg, HWSIM_ATTR_FRAME, 100)), 100);
	CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_RX_RATE, 4)), 4);
	CHECK_INT((int32_t)nla_get_u32(msg_get(msg, HWSIM_ATTR_SIGNAL, 4)), -76);
	CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_FREQ, 4)), 2412);
	CHECK_INT(msg_count(msg), 5);
	nlmsg_free(msg);

	msg = sent_msg(1);
	g = nlmsg_data(nlmsg_hdr(msg));
	CHECK_INT(g->cmd, HWSIM_CMD_TX_INFO_FRAME);
	CHECK(!memcmp(nla_data(msg_get(msg, HWSIM_ATTR_ADDR_TRANSMITTER, 6)), mac(N1), 6));
	CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_FLAGS, 4)),
		  HWSIM_TX_CTL_REQ_TX_STATUS | HWSIM_TX_STAT_ACK);
	memcpy(&cookie, nla_data(msg_get(msg, HWSIM_ATTR_COOKIE, 8)), 8);
	CHECK(cookie == 0x1234567890ULL);
	CHECK_INT((int32_t)nla_get_u32(msg_get(msg, HWSIM_ATTR_SIGNAL, 4)), -76);
	rates = nla_data(msg_get(msg, HWSIM_ATTR_TX_INFO, 8));
	CHECK_INT(rates[0].idx, 4);
	CHECK_INT(rates[0].count, 1);
	CHECK_INT(rates[1].idx, -1);
	nlmsg_free(msg);
	CHECK_INT(m.st.invalid, 0);

	/* Sequence numbers count up; a broadcast goes out unacknowledged. */
	nsent = 0;
	feed(&io, kframe(N1, BCAST, HWSIM_TX_CTL_NO_ACK, 0, 1, 100));
	REQUIRE(sent_count() == 2);
	msg = sent_msg(1);
	CHECK_INT(nlmsg_hdr(msg)->nlmsg_seq, 4);
	CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_FLAGS, 4)), HWSIM_TX_CTL_NO_ACK);
	nlmsg_free(msg);

	/* A send that fails is counted, message by message. */
	send_err = -ENOBUFS;
	feed(&io, kframe(N1, BCAST, HWSIM_TX_CTL_NO_ACK, 0, 1, 100));
	CHECK_INT(m.st.send_failed, 2);
	lm_io_free(&io);
	lm_free(&m);
}

/* A FRAME message with one attribute changed by @what. */
static struct nl_msg *bad_frame(const char *what)
{
	struct nl_msg *msg = msg_new(FAMILY, HWSIM_CMD_FRAME, 1);
	struct hwsim_rate rates[4] = { { 0, 1 }, { -1, 0 }, { -1, 0 }, { -1, 0 } };
	uint8_t data[100] = { 0x08 };

	memset(data + 4, 0xff, 6);
	if (strcmp(what, "no tx"))
		nla_put(msg, HWSIM_ATTR_ADDR_TRANSMITTER, strcmp(what, "tx 5") ? 6 : 5, mac(N1));
	nla_put(msg, HWSIM_ATTR_FRAME, strcmp(what, "frame 4") ? 100 : 4, data);
	nla_put_u32(msg, HWSIM_ATTR_FLAGS, 0);
	if (!strcmp(what, "flags twice"))
		nla_put_u32(msg, HWSIM_ATTR_FLAGS, 0);
	if (!strcmp(what, "freq 2"))
		nla_put_u16(msg, HWSIM_ATTR_FREQ, 2412);
	if (!strcmp(what, "unknown attr"))
		nla_put_u32(msg, 30, 7);
	nla_put(msg, HWSIM_ATTR_TX_INFO, strcmp(what, "tx_info 6") ? 8 : 6, rates);
	nla_put_u64(msg, HWSIM_ATTR_COOKIE, 5);
	return msg;
}

TEST(medium_io_invalid)
{
	static const struct {
		const char *what, *why;
		int replies;
	} cases[] = {
		{ "tx_info 6", "FRAME: TX_INFO is 6 bytes, not 8", 1 },
		{ "no tx", "FRAME: no TRANSMITTER", 0 },
		{ "tx 5", "FRAME: TRANSMITTER is 5 bytes, not 6", 0 },
		{ "frame 4", "FRAME: FRAME is 4 bytes, not 10 to 65535", 1 },
		{ "flags twice", "FRAME: attribute 4 twice", 1 },
		{ "freq 2", "FRAME: FREQ is 2 bytes, not 4", 1 },
	};
	struct lm_medium m;
	struct lm_io io;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	uint8_t buf[256];
	size_t i;

	io_setup(&io, &m);
	io.logged_invalid = 100;	/* quiet */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nsent = 0;
		feed(&io, bad_frame(cases[i].what));
		CHECK_INT(m.st.invalid, i + 1);
		CHECK_STR(m.last_invalid, cases[i].why);
		CHECK_INT(sent_count(), cases[i].replies);
		if (cases[i].replies && sent_count() == cases[i].replies) {
			msg = sent_msg(0);
			CHECK_INT(((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd,
				  HWSIM_CMD_TX_INFO_FRAME);
			CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_FLAGS, 4)) & HWSIM_TX_STAT_ACK, 0);
			nlmsg_free(msg);
		}
	}
	CHECK_INT(m.st.frames, 0);

	/* An attribute we do not know is no reason to refuse. */
	nsent = 0;
	feed(&io, bad_frame("unknown attr"));
	CHECK_INT(m.st.invalid, 6);
	CHECK_INT(m.st.frames, 1);

	/* Lengths that do not add up. */
	msg = bad_frame("valid");
	nlh = nlmsg_hdr(msg);
	REQUIRE(nlh->nlmsg_len + 8 <= sizeof(buf));
	memcpy(buf, nlh, nlh->nlmsg_len);
	lm_io_input(&io, buf, nlh->nlmsg_len - 4);
	CHECK_INT(m.st.invalid, 7);
	snprintf((char *)buf + 128, 64, "netlink message of %u bytes in %u received",
		 nlh->nlmsg_len, nlh->nlmsg_len - 4);
	CHECK_STR(m.last_invalid, (char *)buf + 128);
	/* Two stray bytes after the attributes, inside the message. */
	memcpy(buf, nlh, nlh->nlmsg_len);
	buf[nlh->nlmsg_len] = buf[nlh->nlmsg_len + 1] = 0xee;
	((struct nlmsghdr *)buf)->nlmsg_len += 2;
	lm_io_input(&io, buf, nlh->nlmsg_len + 2);
	CHECK_STR(m.last_invalid, "FRAME: 2 bytes after the last attribute");
	/* No room for the genetlink header. */
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN;
	lm_io_input(&io, buf, NLMSG_HDRLEN);
	CHECK_STR(m.last_invalid, "message of 16 bytes, no room for a genetlink header");
	CHECK_INT(m.st.invalid, 9);
	nlmsg_free(msg);

	/* Another command, another message type: unexpected, not invalid. */
	feed(&io, msg_new(FAMILY, 42, 1));
	msg = msg_new(FAMILY + 1, HWSIM_CMD_FRAME, 1);
	feed(&io, msg);
	CHECK_INT(m.st.unexpected, 2);
	CHECK_INT(m.st.invalid, 9);
	lm_io_free(&io);
	lm_free(&m);
}

static struct nl_msg *kaddr(int cmd, const char *tx, const char *addr)
{
	struct nl_msg *msg = msg_new(FAMILY, cmd, 1);

	nla_put(msg, HWSIM_ATTR_ADDR_TRANSMITTER, 6, mac(tx));
	if (addr)
		nla_put(msg, HWSIM_ATTR_ADDR_RECEIVER, 6, mac(addr));
	return msg;
}

TEST(medium_io_mac_addr)
{
	struct lm_medium m;
	struct lm_io io;
	struct nl_msg *msg;

	io_setup(&io, &m);
	feed(&io, kaddr(HWSIM_CMD_ADD_MAC_ADDR, "42:00:00:00:01:00", "0a:0b:0c:0d:0e:0f"));
	CHECK_INT(lm_radio_by_addr(&m, mac("0a:0b:0c:0d:0e:0f")), 1);
	CHECK_INT(m.st.aliases_added, 1);
	nsent = 0;
	feed(&io, kframe(N1, "0a:0b:0c:0d:0e:0f", 0, 4, 2, 100));
	msg = sent_msg(1);
	REQUIRE(msg);
	CHECK_INT(nla_get_u32(msg_get(msg, HWSIM_ATTR_FLAGS, 4)), HWSIM_TX_STAT_ACK);
	nlmsg_free(msg);
	feed(&io, kaddr(HWSIM_CMD_DEL_MAC_ADDR, "42:00:00:00:01:00", "0a:0b:0c:0d:0e:0f"));
	CHECK_INT(lm_radio_by_addr(&m, mac("0a:0b:0c:0d:0e:0f")), -1);
	CHECK_INT(m.st.aliases_removed, 1);
	/* The kernel's word takes an address over from a guess. */
	feed(&io, kaddr(HWSIM_CMD_ADD_MAC_ADDR, "42:00:00:00:01:00", N3V));
	CHECK_INT(lm_radio_by_addr(&m, mac(N3V)), 1);
	/* For a radio not configured: nothing. */
	feed(&io, kaddr(HWSIM_CMD_ADD_MAC_ADDR, "42:00:00:00:09:00", "0a:0b:0c:0d:0e:01"));
	CHECK_INT(lm_radio_by_addr(&m, mac("0a:0b:0c:0d:0e:01")), -1);
	io.logged_invalid = 100;
	feed(&io, kaddr(HWSIM_CMD_ADD_MAC_ADDR, "42:00:00:00:01:00", NULL));
	CHECK_STR(m.last_invalid, "ADD_MAC_ADDR: no RECEIVER");
	lm_io_free(&io);
	lm_free(&m);
}

/* An NLMSG_ERROR for sequence @seq with @error. */
static void kerror(struct lm_io *io, uint32_t seq, int error, size_t len)
{
	uint8_t buf[NLMSG_HDRLEN + sizeof(struct nlmsgerr)] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_len = len;
	nlh->nlmsg_seq = seq;
	e->error = error;
	e->msg.nlmsg_seq = seq;
	lm_io_input(io, buf, len);
}

TEST(medium_io_errors_and_register)
{
	struct lm_medium m;
	struct lm_io io;
	struct nl_msg *msg;
	size_t full = NLMSG_HDRLEN + sizeof(struct nlmsgerr);

	io_setup(&io, &m);
	CHECK_INT(lm_io_register(&io), 0);
	CHECK_INT(io.reg, LM_REG_WAITING);
	msg = sent_msg(0);
	CHECK_INT(((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd, HWSIM_CMD_REGISTER);
	CHECK_INT(nlmsg_hdr(msg)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_INT(nlmsg_hdr(msg)->nlmsg_seq, io.reg_seq);
	nlmsg_free(msg);
	/* A frame before the answer is decided all the same. */
	feed(&io, kframe(N1, N2V, 0, 4, 2, 100));
	CHECK_INT(m.st.frames, 1);
	CHECK_INT(io.reg, LM_REG_WAITING);
	kerror(&io, io.reg_seq, -EBUSY, full);
	CHECK_INT(io.reg, LM_REG_DONE);
	CHECK_INT(io.reg_err, -EBUSY);

	/* Refused deliveries count on their link and receiver. */
	kerror(&io, io.reg_seq + 1, -EINVAL, full);
	CHECK_INT(m.st.refused, 1);
	CHECK_INT(lm_link(&m, 0, 1)->st.refused, 1);
	CHECK_INT(m.radios[1].st.refused, 1);
	kerror(&io, io.reg_seq + 2, -EINVAL, full);	/* the status report */
	kerror(&io, 999, -EINVAL, full);		/* nothing we sent */
	kerror(&io, io.reg_seq + 1, 0, full);		/* an ACK */
	CHECK_INT(m.st.refused, 3);
	CHECK_INT(lm_link(&m, 0, 1)->st.refused, 1);
	io.logged_invalid = 100;
	kerror(&io, 5, -EINVAL, NLMSG_HDRLEN + 2);
	CHECK_STR(m.last_invalid, "NLMSG_ERROR of 18 bytes");
	lm_io_free(&io);
	lm_free(&m);
}

/* ---- control --------------------------------------------------------- */

static char *ctl_run(struct lm_medium *m, const char *cmd, int *ret)
{
	static char *buf;
	char line[512];
	size_t len;
	FILE *f = test_mem(&buf, &len);

	snprintf(line, sizeof(line), "%s", cmd);
	*ret = lm_ctl_exec(m, true, line, f);
	fclose(f);
	return buf;
}

TEST(medium_ctl_exec)
{
	struct lm_medium m;
	struct lm_frame f;
	char *out;
	int ret;

	line_medium(&m);
	out = ctl_run(&m, "show", &ret);
	CHECK_INT(ret, 0);
	CHECK_STARTS(out, "ok\nmedium: exponent 4, ref-loss 40 dB, sigma 0 dB, seed 1, fading 0 dB, noise -91 dBm, threshold -85 dBm, txpower 20 dBm\nkernel: registered;");
	CHECK_CONTAINS(out, "\nn1    n2  -75.9   15.1  -         0");
	out = ctl_run(&m, "show -j", &ret);
	CHECK_STARTS(out, "ok\n{\"registered\":true,\"medium\":{\"exponent\":4.0,");
	CHECK_CONTAINS(out, "{\"from\":\"n1\",\"to\":\"n2\",\"signal\":-75.9,\"snr\":15.1,\"in_range\":true,\"distance\":25.0,\"cut\":false,\"loss\":null,\"fixed_signal\":null,\"delivered\":0,");
	CHECK_CONTAINS(out, "{\"from\":\"n1\",\"to\":\"n3\",\"signal\":-88.0,\"snr\":3.0,\"in_range\":false,");
	CHECK_STR(ctl_run(&m, "show -x", &ret), "error: ctl:1:show: takes only -j\n");
	CHECK_INT(ret, -EINVAL);
	CHECK_STR(ctl_run(&m, "reset now", &ret), "error: ctl:1:reset: takes no arguments\n");
	CHECK_STR(ctl_run(&m, "", &ret), "error: ctl:1:command: empty (try help)\n");
	CHECK_STR(ctl_run(&m, "link n1 n9 cut", &ret), "error: ctl:1:link: no radio 'n9'\n");
	CHECK_CONTAINS(ctl_run(&m, "help", &ret), "link A B [cut | restore] [loss PCT|off]");
	CHECK_STR(ctl_run(&m, "link n1 n2 cut both", &ret), "ok\n");
	CHECK(lm_link(&m, 1, 0)->cut);
	CHECK_CONTAINS(ctl_run(&m, "show", &ret), "\nn1    n2  -75.9   15.1  cut       0");
	f = frame(N1, BCAST, N1V, HWSIM_TX_CTL_NO_ACK, 0, 1);
	decide(&m, &f);
	CHECK_CONTAINS(ctl_run(&m, "show -j", &ret), "\"frames\":1,");
	CHECK_STR(ctl_run(&m, "reset", &ret), "ok\n");
	CHECK_CONTAINS(ctl_run(&m, "show -j", &ret), "\"frames\":0,");
	lm_free(&m);
}

static const char *medium_bin(void)
{
	static char path[1024];
	char *copy = strdup(test_loomctl);

	/* userspace/loomctl/loomctl -> userspace/medium/loom-medium */
	snprintf(path, sizeof(path), "%s/../medium/loom-medium", dirname(copy));
	free(copy);
	return path;
}

static char *out, *err;

#define MRUN(...) test_run(medium_bin(), NULL, NULL, &out, &err, \
			   (const char *const[]){ __VA_ARGS__, NULL })

/* One control connection served the way main.c serves it. */
static void serve_one(int lfd)
{
	char line[LM_CTL_LINE_MAX], *reply = NULL;
	struct lm_medium m;
	size_t len = 0;
	ssize_t n;
	FILE *f;
	int c;

	line_medium(&m);
	fcntl(lfd, F_SETFL, 0);		/* the medium's socket is non-blocking */
	/* A connection that says nothing (a would-be second medium
	 * checking whether this one is alive) gets nothing. */
	do {
		c = accept(lfd, NULL, NULL);
		if (c < 0)
			_exit(1);
		n = read(c, line, sizeof(line) - 1);
		if (n <= 0)
			close(c);
	} while (n <= 0);
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	f = open_memstream(&reply, &len);
	lm_ctl_exec(&m, false, line, f);
	fclose(f);
	if (write(c, reply, len) != (ssize_t)len)
		_exit(1);
	close(c);
	_exit(0);
}

TEST(medium_ctl_socket)
{
	char path[512];
	int fd, fd2, status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/ctl.sock", test_tmp_dir);
	fd = lm_ctl_listen(path, errbuf, sizeof(errbuf));
	REQUIRE(fd >= 0);
	CHECK_INT(lm_ctl_listen(path, errbuf, sizeof(errbuf)), -EADDRINUSE);
	CHECK_CONTAINS(errbuf, "another loom-medium is listening there");

	pid = fork();
	REQUIRE(pid >= 0);
	if (!pid)
		serve_one(fd);
	CHECK_INT(MRUN("ctl", "-S", path, "show", "-j"), 0);
	CHECK_STARTS(out, "{\"registered\":false,");
	CHECK_STR(err, "");
	waitpid(pid, &status, 0);

	pid = fork();
	REQUIRE(pid >= 0);
	if (!pid)
		serve_one(fd);
	CHECK_INT(MRUN("ctl", "-S", path, "link", "n1", "n9", "cut"), 1);
	CHECK_STR(err, "loom-medium: ctl:1:link: no radio 'n9'\n");
	CHECK_STR(out, "");
	waitpid(pid, &status, 0);

	/* A dead medium's socket is replaced. */
	close(fd);
	fd2 = lm_ctl_listen(path, errbuf, sizeof(errbuf));
	CHECK(fd2 >= 0);
	close(fd2);
	CHECK_INT(MRUN("ctl", "-S", path, "show"), 1);
	CHECK_CONTAINS(err, "(is loom-medium running?)");
}

TEST(medium_cli)
{
	char *good = test_write_file("good.conf",
		"medium exponent 4 threshold -85\n"
		"radio a addr 42:00:00:00:00:00 pos 0 0\n"
		"radio b addr 42:00:00:00:01:00 pos 25 0\n");
	char *bad = test_write_file("bad.conf", "medium exponent 4\nradio a addr 42:00:00:00:00:00 pos 0 zero\n");
	char want[600];

	CHECK_INT(MRUN("--help"), 0);
	CHECK_STARTS(out, "Usage: loom-medium [-c FILE] [-S SOCKET] [-v]... [run]\n");
	CHECK_CONTAINS(out, "  link A B [cut | restore]");
	CHECK_INT(MRUN("--version"), 0);
	CHECK_STARTS(out, "loom-medium ");
	CHECK_INT(MRUN("frob"), 2);
	CHECK_STARTS(err, "loom-medium: unknown command 'frob'\n");
	CHECK_INT(MRUN("-x"), 2);
	CHECK_INT(MRUN("check"), 2);
	CHECK_STR(err, "loom-medium: check needs one FILE\n");
	CHECK_INT(MRUN("check", bad), 1);
	snprintf(want, sizeof(want), "loom-medium: %s:2:pos: 'zero' is not a number\n", bad);
	CHECK_STR(err, want);
	CHECK_INT(MRUN("check", "-j", good), 0);
	CHECK_CONTAINS(out, "{\"from\":\"a\",\"to\":\"b\",\"signal\":-75.9,");
	CHECK_INT(MRUN("check", good), 0);
	CHECK_CONTAINS(out, "kernel: not registered;");
	/* A bad configuration stops the medium before it registers. */
	CHECK_INT(MRUN("-c", bad), 1);
	CHECK_STR(err, want);
	CHECK_INT(MRUN("ctl"), 2);
	CHECK_INT(MRUN("ctl", "show", "a b"), 2);
	CHECK_STR(err, "loom-medium: ctl: word 2 ('a b') is empty or holds a blank\n");
	free(good);
	free(bad);
}

TEST(medium_io_family_removed)
{
	struct lm_medium m;
	struct lm_io io;
	struct nl_msg *msg;

	io_setup(&io, &m);
	/* Another family comes and goes: nothing to us, not unexpected. */
	msg = msg_new(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY + 1);
	feed(&io, msg);
	msg = msg_new(GENL_ID_CTRL, CTRL_CMD_DELFAMILY, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY + 1);
	feed(&io, msg);
	CHECK(!io.family_gone);
	CHECK_INT(m.st.unexpected, 0);
	/* rmmod mac80211_hwsim: ours. */
	msg = msg_new(GENL_ID_CTRL, CTRL_CMD_DELFAMILY, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY);
	feed(&io, msg);
	CHECK(io.family_gone);
	lm_io_free(&io);
	lm_free(&m);
}
