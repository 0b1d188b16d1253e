// SPDX-License-Identifier: GPL-2.0
/*
 * The Wireshark dissector, userspace/wireshark/loom.lua, read by tshark.
 *
 * Every frame is built by the kernel's own encoders (kernel/mac/frame.c,
 * kernel/net/packet.c, kernel/net/frag.c, compiled for the host) and
 * written to a pcap the way an Ethernet-framed radio carries it
 * (Documentation/wire-format.rst, "On Ethernet-framed radios"): EtherType
 * 0x88B5, the 4-byte shim, the Loom frame, Ethernet padding to 60 bytes
 * where a receiver would see it.  The cases then run
 *
 *	tshark -n -X lua_script:loom.lua -r FILE -T fields -e ...
 *
 * and compare every field with the value the frame was built with.  The
 * same frames are also read as raw frames (DLT_USER0) and as 802.11 data
 * frames behind radiotap; random bytes must raise no Lua error; and a
 * last case damages frames bit by bit and byte by byte and checks that
 * the dissector names the drop reason loom_frame_decode() gives.  The
 * wireshark_dhyara_* cases do the same for Dhyara frames (shim protocol
 * 2, raw on DLT_USER1), built by kernel/dhyara/frame.c and judged by its
 * loom_dhy_frame_decode().  Without tshark every case fails:
 * tests/harness/deps.sh installs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dhyara/frame.h"
#include "mac/frame.h"
#include "mac/timing.h"
#include "net/frag.h"
#include "test.h"

#ifndef LOOM_LUA
#define LOOM_LUA "userspace/wireshark/loom.lua"
#endif

/* The shim after EtherType 0x88B5. */
#define WS_ETHERTYPE	0x88B5
#define WS_SHIM_LEN	4
#define WS_SHIM_LOOM	1
#define WS_SHIM_DHYARA	2
/* Link types of the captures: Ethernet, and DLT_USER0 for raw frames. */
#define WS_DLT_EN10MB	1
#define WS_DLT_USER0	147
#define WS_DLT_USER1	148	/* raw Dhyara frames */
/* And radiotap + 802.11, as a monitor interface captures the air. */
#define WS_DLT_RADIOTAP	127
/* Shortest Ethernet frame without its FCS: what a receiver captures. */
#define WS_ETH_MIN	60
#define WS_FRAME_ROOM	(LOOM_DHY_FRAME_MAX + 64)

/* One captured packet: an Ethernet frame, or a raw Loom frame. */
struct ws_pkt {
	u8 eth_dst[6];
	u8 eth_src[6];
	u8 shim[WS_SHIM_LEN];
	u8 frame[WS_FRAME_ROOM];	/* what follows the shim */
	size_t len;			/* bytes of @frame in the packet */
	size_t caplen;			/* 0: all of it; else pcap incl_len */
	bool pad;			/* padded to WS_ETH_MIN */
};

#define WS_MAX_PKTS	10000
/* Fields one tshark run prints at most. */
#define WS_MAX_FIELDS	96
static struct ws_pkt *pkts;
static int npkts;

static const u8 ws_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* mac80211_hwsim's address of radio @i: 02:00:00:00:ii:00. */
static void hwsim_mac(u8 *mac, unsigned int i)
{
	static const u8 base[6] = { 0x02, 0, 0, 0, 0, 0 };

	memcpy(mac, base, 6);
	mac[4] = i;
}

/* The seed's nodes on radios: coordinator hwsim0, Router 1 hwsim1... */
static unsigned int radio_of(u16 addr)
{
	switch (addr) {
	case 0xF000: return 0;
	case 0x1000: return 1;
	case 0x1001: return 2;
	case 0x1100: return 3;
	case 0x1101: return 4;
	case 0x2000: return 5;
	case 0x2001: return 6;
	default: return 9;
	}
}

/* Appends a packet carrying @len bytes of @frame after a Loom shim. */
static struct ws_pkt *add_pkt(u16 from, bool bcast, const u8 *frame,
			      size_t len)
{
	struct ws_pkt *p;

	if (!pkts)
		pkts = calloc(WS_MAX_PKTS, sizeof(*pkts));
	if (!pkts || npkts >= WS_MAX_PKTS || len > WS_FRAME_ROOM) {
		test_fail(__FILE__, __LINE__, "no room for packet %d", npkts);
		exit(1);
	}
	p = &pkts[npkts++];
	memset(p, 0, sizeof(*p));
	hwsim_mac(p->eth_src, radio_of(from));
	if (bcast)
		memcpy(p->eth_dst, ws_bcast, 6);
	else
		hwsim_mac(p->eth_dst, radio_of(0xF000));
	p->shim[0] = WS_SHIM_LOOM;
	p->shim[1] = 0;
	put_unaligned_le16(len, p->shim + 2);
	memcpy(p->frame, frame, len);
	p->len = len;
	p->pad = true;
	return p;
}

/* The kernel's encoder; a failure ends the case. */
static size_t enc(const struct loom_frame *f, u8 *buf)
{
	int n = loom_frame_encode(f, buf, WS_FRAME_ROOM);

	if (n <= 0) {
		test_fail(__FILE__, __LINE__, "loom_frame_encode: %d", n);
		exit(1);
	}
	return n;
}

static void refcs(u8 *buf, size_t len)
{
	put_unaligned_le16(loom_fcs(buf, len - LOOM_FCS_LEN),
			   buf + len - LOOM_FCS_LEN);
}

static void put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/*
 * What a monitor interface hears of an IBSS data frame: radiotap with
 * the antenna signal (-52 dBm), the 802.11 header (to and from DS 0:
 * destination, source, BSSID), LLC/SNAP and the EtherType.  No 802.11
 * FCS, as mac80211_hwsim's monitors give none.  Returns its length.
 */
static size_t radiotap_80211(u8 *b, const struct ws_pkt *p)
{
	static const u8 bssid[6] = { 0x02, 0x4c, 0x4f, 0x4f, 0x4d, 0x00 };
	static const u8 snap[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };

	/* Version 0, pad, length 9 (LE), present: DBM_ANTSIGNAL (bit 5). */
	memcpy(b, "\x00\x00\x09\x00\x20\x00\x00\x00", 8);
	b[8] = (u8)-52;
	b += 9;
	b[0] = 0x08;		/* data */
	b[1] = 0;
	b[2] = b[3] = 0;	/* duration */
	memcpy(b + 4, p->eth_dst, 6);
	memcpy(b + 10, p->eth_src, 6);
	memcpy(b + 16, bssid, 6);
	b[22] = b[23] = 0;	/* sequence control */
	memcpy(b + 24, snap, 6);
	put_be16(b + 30, WS_ETHERTYPE);
	return 9 + 32;
}

/* Writes the packets to @path as a pcap of link type @dlt. */
static bool write_pcap_file(const char *path, unsigned int dlt)
{
	u32 hdr[6] = { 0xa1b2c3d4, 2 | 4 << 16, 0, 0, 65535, dlt };
	FILE *f = fopen(path, "wb");
	int i;

	if (!f)
		return false;
	fwrite(hdr, sizeof(hdr), 1, f);
	for (i = 0; i < npkts; i++) {
		const struct ws_pkt *p = &pkts[i];
		u8 buf[64 + WS_SHIM_LEN + WS_FRAME_ROOM + WS_ETH_MIN];
		size_t n = 0;
		u32 rec[4];

		if (dlt == WS_DLT_EN10MB) {
			memcpy(buf, p->eth_dst, 6);
			memcpy(buf + 6, p->eth_src, 6);
			put_be16(buf + 12, WS_ETHERTYPE);
			n = 14;
		} else if (dlt == WS_DLT_RADIOTAP) {
			n = radiotap_80211(buf, p);
		}
		if (dlt != WS_DLT_USER0 && dlt != WS_DLT_USER1) {
			memcpy(buf + n, p->shim, WS_SHIM_LEN);
			n += WS_SHIM_LEN;
		}
		memcpy(buf + n, p->frame, p->len);
		n += p->len;
		if (dlt == WS_DLT_EN10MB && p->pad && n < WS_ETH_MIN) {
			memset(buf + n, 0, WS_ETH_MIN - n);
			n = WS_ETH_MIN;
		}
		/* One frame every 10 ms from 2024-01-01. */
		rec[0] = 1704067200 + i / 100;
		rec[1] = (i % 100) * 10000;
		rec[2] = p->caplen ? p->caplen : n;
		rec[3] = n;
		fwrite(rec, sizeof(rec), 1, f);
		fwrite(buf, rec[2], 1, f);
	}
	return !fclose(f);
}

/*
 * Writes the packets as a pcap of link type @dlt to @dir/@name-PID.pcap
 * and returns that path (static), or NULL after recording a failure.
 * With LOOM_WIRESHARK_SAMPLES=DIR in the environment, the capture is
 * also kept as DIR/@name.pcap (Documentation/wireshark.rst).
 */
static const char *write_pcap(const char *name, unsigned int dlt)
{
	static char path[4096];
	const char *keep = getenv("LOOM_WIRESHARK_SAMPLES");

	snprintf(path, sizeof(path), "%s/%s-%d.pcap", test_tmp_dir, name,
		 getpid());
	if (!write_pcap_file(path, dlt)) {
		test_fail(__FILE__, __LINE__, "cannot write %s: %s", path,
			  strerror(errno));
		return NULL;
	}
	if (keep && *keep) {
		char kpath[4096];

		snprintf(kpath, sizeof(kpath), "%s/%s.pcap", keep, name);
		if (!write_pcap_file(kpath, dlt))
			test_fail(__FILE__, __LINE__, "cannot write %s: %s",
				  kpath, strerror(errno));
	}
	return path;
}

/* ---- The frames of the seed network ------------------------------- */

/* Frame numbers in the seed capture, in order. */
enum {
	F_REFRESH = 1,		/* coordinator's initial refresh */
	F_MORE,			/* its configuration */
	F_RELAY_REFRESH,	/* Router 1 relays both */
	F_RELAY_MORE,
	F_DATA,			/* 0x1001 -> 0xF000 port 7, unicast */
	F_ACK,			/* Router 1's plain ACK, padded */
	F_RELAY_DATA,		/* Router 1 forwards it */
	F_ACK_DATA,		/* the echo answer rides on the ACK */
	F_ACK2,
	F_ACK_DATA_DOWN,	/* Router 1 passes it down */
	F_ACK3,
	F_FRAG1,		/* ping6 from 0x1101, fragment 1 of 2 */
	F_ACK4,
	F_FRAG2,
	F_FRAG2_AGAIN,		/* its ACK was lost: sent again */
	F_ACK5,
	F_ERROR,		/* Router 1 reports a failed link */
	F_GAP1,			/* 3 fragments, the second never heard */
	F_GAP3,
	F_SAME,			/* Router 2: one datagram, id 8 */
	F_SAME_AGAIN,		/* sent again: a retransmission */
	F_SAME_NEXT,		/* id 9, same bytes */
	F_SAME_WRAPPED,		/* id 8 again after id 9: a new datagram */
	F_POLL,			/* 0x1100 has nothing to send: a poll */
	F_POLL_ACK,
	F_POLL_AGAIN,		/* its next slot: the same bytes, no repeat */
	F_BAD_FCS,		/* F_DATA with one bit flipped */
	F_CUT_SHIM,		/* the shim says more than follows */
	F_CUT_SNAP,		/* the capture kept 30 of 60 bytes */
	F_SHORT,		/* 3 bytes */
	F_VERSION,		/* version 1, FCS right */
	F_RSVD_CTL,		/* a reserved control bit */
	F_TYPE2,		/* reserved packet type */
	F_TYPE0,		/* invalid packet type */
	F_NETLEN,		/* Frame Length one too small */
	F_UNIT,			/* reserved time unit 6 */
	F_ICTL_RSVD,		/* reserved Interval Control bit */
	F_DST0,			/* destination 0x0000 */
	F_SRC0,			/* MAC source 0x0000 */
	F_ERR_SHORT,		/* an error body of 3 bytes */
	F_MORE_LEN,		/* additional refresh, wrong Frame Length */
	F_ACK_BODY,		/* an ACK with a body byte */
	F_LONG,			/* 270 bytes */
	F_DHYARA,		/* shim protocol 2 */
	F_SHIM_PROTO,		/* shim protocol 9 */
	F_SHIM_VER,		/* shim version 1 */
	F_COUNT = F_SHIM_VER
};

#define CONFIG_ID	0x5EED0C0Fu

/* The configuration block an additional refresh carries (mac.c). */
static void config_block(u8 *p)
{
	p[0] = LOOM_MAC_CONFIG_VERSION;
	p[1] = CONFIG_ID & 0xff;
	p[2] = CONFIG_ID >> 8 & 0xff;
	p[3] = CONFIG_ID >> 16 & 0xff;
	p[4] = CONFIG_ID >> 24;
	put_unaligned_le16(250, p + 5);		/* slot, ms */
	p[7] = 5000 & 0xff;			/* interval, ms (LE32) */
	p[8] = 5000 >> 8;
	p[9] = 0;
	p[10] = 0;
	p[11] = 2;				/* cycles */
	put_unaligned_le16(13, p + 12);		/* nodes */
}

static void ip6_ll(u8 *a, u16 loom)
{
	static const u8 pre[14] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				    0, 0, 0, 0xff, 0xfe, 0 };

	memcpy(a, pre, 14);
	put_be16(a + 14, loom);
}

/*
 * A ping6 echo request from fe80::ff:fe00:1101 to fe80::ff:fe00:f000 with
 * @n data bytes, behind the IPv6 dispatch byte; returns its length.
 */
static size_t ping6_datagram(u8 *d, size_t n)
{
	u8 *ip = d + 1, *icmp = d + 41;
	u32 sum = 0;
	size_t i;

	d[0] = LOOM_DISPATCH_IPV6;
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put_be16(ip + 4, 8 + n);
	ip[6] = 58;		/* ICMPv6 */
	ip[7] = 64;
	ip6_ll(ip + 8, 0x1101);
	ip6_ll(ip + 24, 0xF000);
	icmp[0] = 128;		/* echo request */
	icmp[1] = 0;
	icmp[2] = icmp[3] = 0;
	put_be16(icmp + 4, 0x4c4d);	/* identifier */
	put_be16(icmp + 6, 1);		/* sequence */
	for (i = 0; i < n; i++)
		icmp[8 + i] = i & 0xff;
	/* RFC 8200 section 8.1: the pseudo-header, then the message. */
	for (i = 0; i < 32; i += 2)
		sum += ip[8 + i] << 8 | ip[9 + i];
	sum += 8 + n + 58;
	for (i = 0; i < 8 + n; i += 2)
		sum += icmp[i] << 8 | (i + 1 < 8 + n ? icmp[i + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put_be16(icmp + 2, ~sum & 0xffff);
	return 41 + 8 + n;
}

/* An AF_LOOM datagram: dispatch, ports, text. */
static size_t port_datagram(u8 *d, u8 dport, u8 sport, const char *text)
{
	d[0] = LOOM_DISPATCH_PORTS;
	d[1] = dport;
	d[2] = sport;
	memcpy(d + 3, text, strlen(text));
	return 3 + strlen(text);
}

static struct ws_pkt *add_frame(u16 from, bool bcast,
				const struct loom_frame *f)
{
	u8 buf[WS_FRAME_ROOM];

	return add_pkt(from, bcast, buf, enc(f, buf));
}

static void add_ack(u16 from)
{
	struct loom_frame f = { .type = LOOM_PT_ACK, .src = from };

	add_frame(from, true, &f);
}

/* A DATA or ACK_DATA frame of one whole datagram. */
static struct loom_frame net_frame(u8 type, u16 hop, u16 src, u16 dst,
				   u8 id, const u8 *payload, u16 plen)
{
	struct loom_frame f = {
		.type = type,
		.src = hop,
		.net = { .dst = dst, .src = src, .seq = 0, .frame_id = id,
			 .first = true },
		.payload = payload,
		.payload_len = plen,
	};

	return f;
}

static u8 ping6[400];
static size_t ping6_len;
static u16 frag_payload;

static void at(int want)
{
	if (npkts + 1 != want) {
		test_fail(__FILE__, __LINE__, "building frame %d, expected %d",
			  npkts + 1, want);
		exit(1);
	}
}

/* Every frame of the seed capture, in the order of the enum above. */
static void build_seed(void)
{
	struct loom_frame refresh = {
		.type = LOOM_PT_REFRESH,
		.src = 0xF000,
		.refresh = { .data_unit = LOOM_TU_MS,
			     .refresh_unit = LOOM_TU_MS,
			     .data_offset = 120, .refresh_offset = 9000,
			     .count = 1 },
	};
	u8 cfg[LOOM_MAC_CONFIG_LEN], echo[32], reply[32], buf[WS_FRAME_ROOM];
	struct loom_frame more = {
		.type = LOOM_PT_REFRESH_MORE, .src = 0xF000,
		.payload = cfg, .payload_len = sizeof(cfg),
	};
	struct loom_frame f;
	struct ws_pkt *p;
	size_t n, off;
	u16 flen;
	u8 seq;
	int i;

	npkts = 0;
	config_block(cfg);
	at(F_REFRESH);
	add_frame(0xF000, true, &refresh);
	at(F_MORE);
	add_frame(0xF000, true, &more);
	refresh.src = more.src = 0x1000;
	refresh.refresh.data_offset = 80;
	refresh.refresh.refresh_offset = 8900;
	at(F_RELAY_REFRESH);
	add_frame(0x1000, true, &refresh);
	at(F_RELAY_MORE);
	add_frame(0x1000, true, &more);

	/* Echo: "Router 1 End Device 1" port 130 -> coordinator port 7. */
	n = port_datagram(echo, LOOM_PORT_ECHO, 130, "hello");
	f = net_frame(LOOM_PT_DATA, 0x1001, 0x1001, 0xF000, 3, echo, n);
	at(F_DATA);
	add_frame(0x1001, false, &f);
	at(F_ACK);
	add_ack(0x1000);
	f.src = 0x1000;
	at(F_RELAY_DATA);
	add_frame(0x1000, true, &f);
	n = port_datagram(reply, 130, LOOM_PORT_ECHO, "hello");
	f = net_frame(LOOM_PT_ACK_DATA, 0xF000, 0xF000, 0x1001, 9, reply, n);
	at(F_ACK_DATA);
	add_frame(0xF000, true, &f);
	at(F_ACK2);
	add_ack(0x1000);
	f.src = 0x1000;
	at(F_ACK_DATA_DOWN);
	add_frame(0x1000, true, &f);
	at(F_ACK3);
	add_ack(0x1001);

	/* ping6 in two fragments, the second sent twice. */
	frag_payload = loom_frag_payload_max(LOOM_FRAME_MAX_LEN);
	ping6_len = ping6_datagram(ping6, 300);
	for (i = 0; i < loom_frag_count(ping6_len, frag_payload); i++) {
		loom_frag_get(ping6_len, frag_payload, i, &off, &flen, &seq);
		f = net_frame(LOOM_PT_DATA, 0x1101, 0x1101, 0xF000, 4,
			      ping6 + off, flen);
		f.net.seq = seq;
		f.net.first = !i;
		at(i ? F_FRAG2 : F_FRAG1);
		add_frame(0x1101, true, &f);
		if (i) {
			at(F_FRAG2_AGAIN);
			add_frame(0x1101, true, &f);
		}
		add_ack(0x1100);
	}

	f = (struct loom_frame){
		.type = LOOM_PT_ERROR, .src = 0x1000,
		.net = { .dst = 0xF000, .src = 0x1000, .frame_id = 5,
			 .first = true },
		.error = { .code = LOOM_ERRC_LINK_FAILED, .failures = 5,
			   .subject = 0x1100 },
	};
	at(F_ERROR);
	add_frame(0x1000, true, &f);

	/* Three fragments of 0x2001's datagram; the middle one is lost. */
	memset(buf, 0xa5, sizeof(buf));
	for (i = 0; i < 3; i += 2) {
		f = net_frame(LOOM_PT_DATA, 0x2001, 0x2001, 0xF000, 6, buf,
			      i ? 10 : frag_payload);
		f.net.seq = 2 - i;
		f.net.first = !i;
		at(i ? F_GAP3 : F_GAP1);
		add_frame(0x2001, true, &f);
	}

	/* Single-frame datagrams: a retransmission, then new ones. */
	n = port_datagram(echo, LOOM_PORT_MESSAGE, 0, "25.1C");
	for (i = F_SAME; i <= F_SAME_WRAPPED; i++) {
		f = net_frame(LOOM_PT_DATA, 0x2000, 0x2000, 0xF000,
			      i == F_SAME_NEXT ? 9 : 8, echo, n);
		at(i);
		add_frame(0x2000, true, &f);
	}

	/* Polls as loom_mac_send_data() makes them: to and from itself. */
	f = net_frame(LOOM_PT_DATA, 0x1100, 0x1100, 0x1100, 0, NULL, 0);
	at(F_POLL);
	add_frame(0x1100, true, &f);
	at(F_POLL_ACK);
	add_ack(0x1000);
	at(F_POLL_AGAIN);
	add_frame(0x1100, true, &f);

	at(F_BAD_FCS);
	p = add_pkt(0x1001, true, pkts[F_DATA - 1].frame,
		    pkts[F_DATA - 1].len);
	p->frame[12] ^= 0x04;

	at(F_CUT_SHIM);
	p = add_pkt(0x1001, true, pkts[F_DATA - 1].frame, 12);
	put_unaligned_le16(pkts[F_DATA - 1].len, p->shim + 2);
	p->pad = false;

	at(F_CUT_SNAP);
	p = add_pkt(0x1001, true, pkts[F_DATA - 1].frame,
		    pkts[F_DATA - 1].len);
	p->caplen = 30;

	at(F_SHORT);
	add_pkt(0x1000, true, pkts[F_ACK - 1].frame, 3);

	at(F_VERSION);
	p = add_pkt(0xF000, true, pkts[F_REFRESH - 1].frame,
		    pkts[F_REFRESH - 1].len);
	p->frame[0] |= 1 << LOOM_CTL_VER_SHIFT;
	refcs(p->frame, p->len);

	at(F_RSVD_CTL);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	p->frame[0] |= 0x20;
	refcs(p->frame, p->len);

	at(F_TYPE2);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	p->frame[0] = (p->frame[0] & ~LOOM_CTL_TYPE_MASK) | LOOM_PT_RESERVED;
	refcs(p->frame, p->len);

	at(F_TYPE0);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	p->frame[0] &= ~LOOM_CTL_TYPE_MASK;
	refcs(p->frame, p->len);

	at(F_NETLEN);
	p = add_pkt(0x1001, true, pkts[F_DATA - 1].frame,
		    pkts[F_DATA - 1].len);
	p->frame[LOOM_MAC_HDR_LEN]--;
	refcs(p->frame, p->len);

	at(F_UNIT);
	p = add_pkt(0xF000, true, pkts[F_REFRESH - 1].frame,
		    pkts[F_REFRESH - 1].len);
	p->frame[LOOM_MAC_HDR_LEN] = 6 | LOOM_TU_MS << LOOM_ICTL_REFRESH_SHIFT;
	refcs(p->frame, p->len);

	at(F_ICTL_RSVD);
	p = add_pkt(0xF000, true, pkts[F_REFRESH - 1].frame,
		    pkts[F_REFRESH - 1].len);
	p->frame[LOOM_MAC_HDR_LEN] |= 0x40;
	refcs(p->frame, p->len);

	at(F_DST0);
	p = add_pkt(0x1001, true, pkts[F_DATA - 1].frame,
		    pkts[F_DATA - 1].len);
	put_unaligned_le16(0, p->frame + LOOM_MAC_HDR_LEN + 1);
	refcs(p->frame, p->len);

	at(F_SRC0);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	put_unaligned_le16(0, p->frame + 1);
	refcs(p->frame, p->len);

	/* The error body loses its last byte; Frame Length follows. */
	at(F_ERR_SHORT);
	p = add_pkt(0x1000, true, pkts[F_ERROR - 1].frame,
		    pkts[F_ERROR - 1].len - 1);
	p->frame[LOOM_MAC_HDR_LEN]--;
	refcs(p->frame, p->len);

	at(F_MORE_LEN);
	p = add_pkt(0xF000, true, pkts[F_MORE - 1].frame,
		    pkts[F_MORE - 1].len);
	p->frame[LOOM_MAC_HDR_LEN]++;
	refcs(p->frame, p->len);

	at(F_ACK_BODY);
	memcpy(buf, pkts[F_ACK - 1].frame, 3);
	buf[3] = 0x55;
	p = add_pkt(0x1000, true, buf, 6);
	refcs(p->frame, p->len);

	at(F_LONG);
	memset(buf, 0x5a, sizeof(buf));
	f = net_frame(LOOM_PT_DATA, 0x1001, 0x1001, 0xF000, 7, buf,
		      LOOM_NET_MAX_PAYLOAD);
	n = enc(&f, buf);
	p = add_pkt(0x1001, true, buf, n + 10);
	refcs(p->frame, p->len);

	at(F_DHYARA);
	p = add_pkt(0x1000, true, (const u8 *)"\x01\x02\x03\x04\x05\x06", 6);
	p->shim[0] = WS_SHIM_DHYARA;
	at(F_SHIM_PROTO);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	p->shim[0] = 9;
	at(F_SHIM_VER);
	p = add_pkt(0x1000, true, pkts[F_ACK - 1].frame, pkts[F_ACK - 1].len);
	p->shim[1] = 1;
}

/* ---- tshark -------------------------------------------------------- */

/* tshark's standard error, less the notice it prints to root. */
static void check_stderr(const char *err)
{
	const char *p = err, *nl;

	for (; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (!strncmp(p, "Running as user", 15) || *p == '\n')
			continue;
		test_fail(__FILE__, __LINE__, "tshark said: %.*s",
			  nl ? (int)(nl - p) : (int)strlen(p), p);
	}
}

static bool have_tshark(void)
{
	const char *path = getenv("PATH");
	char dir[4096], *save = NULL, *d;

	snprintf(dir, sizeof(dir), "%s", path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dir, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char exe[4200];

		snprintf(exe, sizeof(exe), "%s/tshark", d);
		if (!access(exe, X_OK))
			return true;
	}
	return false;
}

/*
 * Runs tshark with the dissector on @pcap (NULL: none) and @args
 * (NULL-terminated);
 * returns its standard output (to free) or NULL after recording a
 * failure.  Personal configuration and plugins come from an empty home,
 * so that an installed copy of loom.lua is not loaded twice.
 */
static char *tshark(const char *pcap, const char *const *args)
{
	char opath[4096], epath[4096], home[4096], *out, *err;
	const char *argv[2 * WS_MAX_FIELDS + 32];
	int n = 0, status, i;
	pid_t pid;

	if (!have_tshark()) {
		test_fail(__FILE__, __LINE__,
			  "tshark is not installed (tests/harness/deps.sh installs it)");
		return NULL;
	}
	snprintf(opath, sizeof(opath), "%s/tshark.out.%d", test_tmp_dir,
		 getpid());
	snprintf(epath, sizeof(epath), "%s/tshark.err.%d", test_tmp_dir,
		 getpid());
	snprintf(home, sizeof(home), "%s/home", test_tmp_dir);
	mkdir(home, 0700);
	/* A bound: a tshark that hangs fails the case instead of the run. */
	argv[n++] = "timeout";
	argv[n++] = "300";
	argv[n++] = "tshark";
	/* Without a capture: a report (-G), which must come first. */
	for (i = 0; !pcap && args[i] && n < (int)ARRAY_SIZE(argv) - 3; i++)
		argv[n++] = args[i];
	argv[n++] = "-X";
	argv[n++] = "lua_script:" LOOM_LUA;
	if (pcap) {
		argv[n++] = "-n";
		argv[n++] = "-r";
		argv[n++] = pcap;
	}
	for (i = 0; pcap && args[i] && n < (int)ARRAY_SIZE(argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return NULL;
	if (!pid) {
		int fo = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fi = open("/dev/null", O_RDONLY);

		if (fo < 0 || fe < 0 || fi < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		setenv("HOME", home, 1);
		unsetenv("XDG_CONFIG_HOME");
		unsetenv("WIRESHARK_CONFIG_DIR");
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return NULL;
	out = test_read_file(opath, NULL);
	err = test_read_file(epath, NULL);
	unlink(opath);
	unlink(epath);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		test_fail(__FILE__, __LINE__, "tshark exited with status 0x%x: %.400s",
			  status, err ? err : "");
		free(out);
		free(err);
		return NULL;
	}
	/* tshark exits 0 even when the script fails to load. */
	check_stderr(err);
	free(err);
	return out;
}

/* ---- One run of -T fields, parsed --------------------------------- */

struct ws_table {
	const char *const *fields;
	int nfields;
	int nrows;
	char **cell;	/* nrows x nfields */
	char *text;
};

/* The fields the seed cases read, in one tshark run. */
static const char *const seed_fields[] = {
	"frame.number",
	"loometh.proto", "loometh.version", "loometh.len", "loometh.padding",
	"loom.ctl", "loom.ctl.type", "loom.ctl.version", "loom.ctl.reserved",
	"loom.src", "loom.src.router1", "loom.src.router2", "loom.src.node",
	"loom.fcs", "loom.fcs.status", "loom.fcs.calculated", "loom.drop",
	"loom.refresh.data_unit", "loom.refresh.refresh_unit",
	"loom.refresh.data_offset", "loom.refresh.refresh_offset",
	"loom.refresh.count", "loom.refresh.data_time",
	"loom.refresh.refresh_time",
	"loom.more.len", "loom.config.version", "loom.config.id",
	"loom.config.slot_ms", "loom.config.interval_ms",
	"loom.config.cycles", "loom.config.nodes",
	"loom.net.len", "loom.net.dst", "loom.net.dst.router1",
	"loom.net.dst.router2", "loom.net.dst.node", "loom.net.src",
	"loom.net.seq", "loom.net.frame_id", "loom.net.first",
	"loom.net.payload", "loom.net.poll",
	"loom.error.code", "loom.error.failures", "loom.error.subject",
	"loom.error.subject.router1", "loom.error.subject.router2",
	"loom.frag.index", "loom.frag.count", "loom.frag.frame",
	"loom.frag.reassembled_in", "loom.frag.datagram_len",
	"loom.frag.retransmission_of",
	"loom.dgram.dispatch", "loom.dgram.dport", "loom.dgram.sport",
	"loom.dgram.data", "loom.addr",
	"ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.checksum.status",
	"icmpv6.echo.identifier", "icmpv6.echo.sequence_number", "ipv6.plen",
	"_ws.malformed", "_ws.expert.group", "_ws.expert.message",
	"_ws.col.Protocol", "_ws.col.Info",
	NULL,
};

static int field_index(const struct ws_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i], name))
			return i;
	return -1;
}

/* Runs tshark -T fields over @pcap into @t; false after a failure. */
static bool ws_fields(struct ws_table *t, const char *pcap,
		      const char *const *fields, bool two_pass)
{
	const char *args[2 * WS_MAX_FIELDS + 16];
	char *line, *save = NULL, *p;
	int n = 0, i, r;

	memset(t, 0, sizeof(*t));
	t->fields = fields;
	if (two_pass)
		args[n++] = "-2";
	args[n++] = "-T";
	args[n++] = "fields";
	args[n++] = "-E";
	args[n++] = "occurrence=a";
	args[n++] = "-E";
	args[n++] = "aggregator=;";
	for (i = 0; fields[i] && i < WS_MAX_FIELDS; i++) {
		args[n++] = "-e";
		args[n++] = fields[i];
	}
	t->nfields = i;
	args[n] = NULL;
	t->text = tshark(pcap, args);
	if (!t->text)
		return false;
	for (p = t->text; *p; p++)
		if (*p == '\n')
			t->nrows++;
	t->cell = calloc((size_t)t->nrows * t->nfields + 1, sizeof(char *));
	if (!t->cell)
		return false;
	r = 0;
	for (line = strtok_r(t->text, "\n", &save); line && r < t->nrows;
	     line = strtok_r(NULL, "\n", &save), r++) {
		char *c = line;

		for (i = 0; i < t->nfields; i++) {
			char *tab = strchr(c, '\t');

			t->cell[r * t->nfields + i] = c;
			if (!tab) {
				for (i++; i < t->nfields; i++)
					t->cell[r * t->nfields + i] = "";
				break;
			}
			*tab = '\0';
			c = tab + 1;
		}
	}
	return true;
}

/* Field @name of frame @frame (1-based): "" when absent. */
static const char *cell(const struct ws_table *t, int frame,
			const char *name)
{
	int i = field_index(t, name);

	if (i < 0 || frame < 1 || frame > t->nrows) {
		test_fail(__FILE__, __LINE__, "no field %s of frame %d", name,
			  frame);
		return "(missing)";
	}
	return t->cell[(frame - 1) * t->nfields + i];
}

#define FIELD(t, frame, name, want)					\
	do {								\
		const char *__got = cell((t), (frame), (name));		\
		if (strcmp(__got, (want)))				\
			test_fail(__FILE__, __LINE__,			\
				  "frame %d: %s is \"%s\", expected \"%s\"", \
				  (frame), (name), __got, (want));	\
	} while (0)

#define FIELD_HAS(t, frame, name, want)					\
	do {								\
		const char *__got = cell((t), (frame), (name));		\
		if (!strstr(__got, (want)))				\
			test_fail(__FILE__, __LINE__,			\
				  "frame %d: %s is \"%s\", lacks \"%s\"", \
				  (frame), (name), __got, (want));	\
	} while (0)

#define FIELD_LACKS(t, frame, name, what)				\
	do {								\
		const char *__got = cell((t), (frame), (name));		\
		if (strstr(__got, (what)))				\
			test_fail(__FILE__, __LINE__,			\
				  "frame %d: %s is \"%s\", has \"%s\"",	\
				  (frame), (name), __got, (what));	\
	} while (0)

/* Wireshark reports a script's runtime error as an expert info. */
static void no_lua_error(const struct ws_table *t)
{
	int i;

	for (i = 1; i <= t->nrows; i++)
		FIELD_LACKS(t, i, "_ws.expert.message", "Lua Error");
}

/* The seed capture, written once per case. */
static const char *seed_pcap(void)
{
	build_seed();
	return write_pcap("seed", WS_DLT_EN10MB);
}

static bool seed_table(struct ws_table *t, bool two_pass)
{
	const char *pcap = seed_pcap();

	if (!pcap || !ws_fields(t, pcap, seed_fields, two_pass))
		return false;
	if (t->nrows != F_COUNT) {
		test_fail(__FILE__, __LINE__, "tshark printed %d frames, not %d",
			  t->nrows, F_COUNT);
		return false;
	}
	no_lua_error(t);
	return true;
}

/* Expert groups as tshark prints them (epan/proto.h PI_*). */
#define PI_CHECKSUM	"16777216"
#define PI_MALFORMED	"117440512"
#define PI_SEQUENCE	"33554432"

/* A frame that a node takes: no drop, FCS good, nothing malformed. */
#define GOOD(t, n)							\
	do {								\
		FIELD(t, n, "loom.drop", "");				\
		FIELD(t, n, "loom.fcs.status", "1");			\
		FIELD(t, n, "_ws.malformed", "");			\
	} while (0)

/* The dissector loads and registers its protocols, fields and tables. */
TEST(wireshark_dissector_loads)
{
	static const char *const args[] = { "-G", "fields", NULL };
	char *out = tshark(NULL, args);

	REQUIRE(out);
	/* Protocols, then fields: P or F, name, abbreviation, ... */
	CHECK(strstr(out, "\nP\tLoom tree network\tloom\n"));
	CHECK(strstr(out, "\nP\tLoom over Ethernet\tloometh\n"));
	CHECK(strstr(out, "\tloom.net.frame_id\tFT_UINT8\tloom\t"));
	CHECK(strstr(out, "\tloom.frag.reassembled_in\tFT_FRAMENUM\tloom\t"));
	CHECK(strstr(out, "\tloometh.len\tFT_UINT16\tloometh\t"));
	CHECK(strstr(out, "\tloom.fcs.status\tFT_UINT8\tloom\t"));
	free(out);
}

/* Control byte, MAC source with its parts, shim, FCS: every type. */
TEST(wireshark_mac_header)
{
	static const struct {
		int frame;
		const char *type, *src, *r1, *r2, *node, *proto;
	} want[] = {
		{ F_REFRESH, "1", "0xf000", "15", "0", "0", "Loom" },
		{ F_MORE, "6", "0xf000", "15", "0", "0", "Loom" },
		{ F_DATA, "5", "0x1001", "1", "0", "1", "Loom" },
		{ F_ACK, "3", "0x1000", "1", "0", "0", "Loom" },
		{ F_ACK_DATA, "7", "0xf000", "15", "0", "0", "Loom" },
		{ F_FRAG1, "5", "0x1101", "1", "1", "1", "Loom" },
		{ F_ERROR, "4", "0x1000", "1", "0", "0", "Loom" },
	};
	struct ws_table t;
	unsigned int i;
	char len[16];

	REQUIRE(seed_table(&t, false));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		int n = want[i].frame;

		GOOD(&t, n);
		FIELD(&t, n, "_ws.col.Protocol", "Loom");
		FIELD(&t, n, "loometh.proto", "1");
		FIELD(&t, n, "loometh.version", "0");
		snprintf(len, sizeof(len), "%zu", pkts[n - 1].len);
		FIELD(&t, n, "loometh.len", len);
		FIELD(&t, n, "loom.ctl.type", want[i].type);
		FIELD(&t, n, "loom.ctl.version", "0");
		FIELD(&t, n, "loom.ctl.reserved", "0x00");
		FIELD(&t, n, "loom.src", want[i].src);
		FIELD(&t, n, "loom.src.router1", want[i].r1);
		FIELD(&t, n, "loom.src.router2", want[i].r2);
		FIELD(&t, n, "loom.src.node", want[i].node);
		snprintf(len, sizeof(len), "0x%04x",
			 get_unaligned_le16(pkts[n - 1].frame +
					    pkts[n - 1].len - 2));
		FIELD(&t, n, "loom.fcs", len);
		FIELD(&t, n, "loom.fcs.calculated", len);
	}
	FIELD(&t, F_REFRESH, "loom.ctl", "0x01");
	FIELD(&t, F_ACK_DATA, "loom.ctl", "0x07");
	/* A plain ACK: 5 bytes, 37 of Ethernet padding. */
	FIELD(&t, F_ACK, "loometh.len", "5");
	FIELD_HAS(&t, F_ACK, "loometh.padding", "000000");
	/* 14 + 4 + 11 bytes: 31 of padding. */
	FIELD(&t, F_REFRESH, "loometh.padding",
	      "00000000000000000000000000000000000000000000000000000000000000");
	FIELD(&t, F_FRAG1, "loometh.padding", "");
	FIELD(&t, F_ACK, "_ws.col.Info", "Data ACK from 0x1000");
}

TEST(wireshark_refresh)
{
	struct ws_table t;

	REQUIRE(seed_table(&t, false));
	FIELD(&t, F_REFRESH, "loom.refresh.data_unit", "1");
	FIELD(&t, F_REFRESH, "loom.refresh.refresh_unit", "1");
	FIELD(&t, F_REFRESH, "loom.refresh.data_offset", "120");
	FIELD(&t, F_REFRESH, "loom.refresh.refresh_offset", "9000");
	FIELD(&t, F_REFRESH, "loom.refresh.count", "1");
	FIELD(&t, F_REFRESH, "loom.refresh.data_time", "0.120000000");
	FIELD(&t, F_REFRESH, "loom.refresh.refresh_time", "9.000000000");
	FIELD(&t, F_REFRESH, "_ws.col.Info",
	      "Initial refresh from 0xF000: data in 120 ms, next refresh in 9000 ms, 1 more");
	FIELD(&t, F_RELAY_REFRESH, "loom.src", "0x1000");
	FIELD(&t, F_RELAY_REFRESH, "loom.refresh.data_offset", "80");
	FIELD(&t, F_RELAY_REFRESH, "loom.refresh.refresh_offset", "8900");
	GOOD(&t, F_RELAY_REFRESH);
}

TEST(wireshark_additional_refresh_configuration)
{
	struct ws_table t;
	int n;

	REQUIRE(seed_table(&t, false));
	for (n = F_MORE; n <= F_RELAY_MORE; n += F_RELAY_MORE - F_MORE) {
		GOOD(&t, n);
		/* Frame Length counts itself, Reserved, payload and FCS. */
		FIELD(&t, n, "loom.more.len", "18");
		FIELD(&t, n, "loom.config.version", "1");
		FIELD(&t, n, "loom.config.id", "0x5eed0c0f");
		FIELD(&t, n, "loom.config.slot_ms", "250");
		FIELD(&t, n, "loom.config.interval_ms", "5000");
		FIELD(&t, n, "loom.config.cycles", "2");
		FIELD(&t, n, "loom.config.nodes", "13");
	}
	FIELD(&t, F_MORE, "_ws.col.Info",
	      "Additional refresh from 0xF000: configuration 0x5EED0C0F, 13 nodes");
}

TEST(wireshark_data_and_acks)
{
	struct ws_table t;

	REQUIRE(seed_table(&t, false));
	GOOD(&t, F_DATA);
	FIELD(&t, F_DATA, "loom.net.len", "15");
	FIELD(&t, F_DATA, "loom.net.dst", "0xf000");
	FIELD(&t, F_DATA, "loom.net.dst.router1", "15");
	FIELD(&t, F_DATA, "loom.net.src", "0x1001");
	FIELD(&t, F_DATA, "loom.net.seq", "0");
	FIELD(&t, F_DATA, "loom.net.frame_id", "3");
	FIELD(&t, F_DATA, "loom.net.first", "1");
	FIELD(&t, F_DATA, "loom.net.payload", "010782" "68656c6c6f");
	FIELD(&t, F_DATA, "loom.dgram.dispatch", "0x01");
	FIELD(&t, F_DATA, "loom.dgram.dport", "7");
	FIELD(&t, F_DATA, "loom.dgram.sport", "130");
	FIELD(&t, F_DATA, "loom.dgram.data", "68656c6c6f");
	/* A single-frame datagram is no fragment sequence. */
	FIELD(&t, F_DATA, "loom.frag.count", "");
	FIELD(&t, F_DATA, "loom.addr", "0x1001;0xf000;0x1001");
	FIELD(&t, F_DATA, "_ws.col.Info",
	      "Data from 0x1001: 0x1001 -> 0xF000, id 3 seq 0 first, 8 bytes, port 130 -> 7");
	/* The relay carries the same packet from another hop. */
	GOOD(&t, F_RELAY_DATA);
	FIELD(&t, F_RELAY_DATA, "loom.src", "0x1000");
	FIELD(&t, F_RELAY_DATA, "loom.net.src", "0x1001");
	FIELD(&t, F_RELAY_DATA, "loom.frag.retransmission_of", "");

	GOOD(&t, F_ACK_DATA);
	FIELD(&t, F_ACK_DATA, "loom.net.dst", "0x1001");
	FIELD(&t, F_ACK_DATA, "loom.net.dst.node", "1");
	FIELD(&t, F_ACK_DATA, "loom.net.src", "0xf000");
	FIELD(&t, F_ACK_DATA, "loom.net.frame_id", "9");
	FIELD(&t, F_ACK_DATA, "loom.dgram.dport", "130");
	FIELD(&t, F_ACK_DATA, "loom.dgram.sport", "7");
	FIELD_HAS(&t, F_ACK_DATA, "_ws.col.Info", "ACK with data from 0xF000");
	GOOD(&t, F_ACK_DATA_DOWN);
	FIELD(&t, F_ACK_DATA_DOWN, "loom.src", "0x1000");

	GOOD(&t, F_ACK);
	GOOD(&t, F_ACK3);
	FIELD(&t, F_ACK, "loom.ctl.type", "3");
	FIELD(&t, F_ACK3, "loom.src", "0x1001");
	FIELD(&t, F_ACK, "loom.net.len", "");
}

/*
 * A poll carries no datagram: no dispatch to complain about, and the next
 * slot's identical poll is no retransmission.  Real DATA is no poll.
 */
TEST(wireshark_poll)
{
	struct ws_table t;
	int n;

	REQUIRE(seed_table(&t, false));
	for (n = F_POLL; n <= F_POLL_AGAIN; n += 2) {
		GOOD(&t, n);
		FIELD(&t, n, "loom.ctl.type", "5");
		FIELD(&t, n, "loom.net.poll", "1");
		FIELD(&t, n, "loom.net.src", "0x1100");
		FIELD(&t, n, "loom.net.dst", "0x1100");
		FIELD(&t, n, "loom.net.len", "7");
		FIELD(&t, n, "loom.dgram.dispatch", "");
		FIELD(&t, n, "loom.frag.count", "");
		FIELD(&t, n, "loom.frag.retransmission_of", "");
		FIELD(&t, n, "_ws.expert.message", "");
		FIELD(&t, n, "_ws.col.Info", "Data from 0x1100: poll");
	}
	FIELD(&t, F_DATA, "loom.net.poll", "");
	FIELD(&t, F_SAME, "loom.net.poll", "");
	FIELD(&t, F_ACK_DATA, "loom.net.poll", "");
}

TEST(wireshark_error_packet)
{
	struct ws_table t;

	REQUIRE(seed_table(&t, false));
	GOOD(&t, F_ERROR);
	FIELD(&t, F_ERROR, "loom.net.len", "11");
	FIELD(&t, F_ERROR, "loom.net.dst", "0xf000");
	FIELD(&t, F_ERROR, "loom.net.src", "0x1000");
	FIELD(&t, F_ERROR, "loom.net.seq", "0");
	FIELD(&t, F_ERROR, "loom.error.code", "1");
	FIELD(&t, F_ERROR, "loom.error.failures", "5");
	FIELD(&t, F_ERROR, "loom.error.subject", "0x1100");
	FIELD(&t, F_ERROR, "loom.error.subject.router1", "1");
	FIELD(&t, F_ERROR, "loom.error.subject.router2", "1");
	FIELD(&t, F_ERROR, "loom.dgram.dispatch", "");
	FIELD(&t, F_ERROR, "_ws.col.Info",
	      "Error from 0x1000: 0x1000 -> 0xF000, link failed with 0x1100 (5 failures)");
}

/* ping6 in two fragments: reassembled, and IPv6 decodes it whole. */
TEST(wireshark_fragments)
{
	struct ws_table t, t2;
	char s[32];

	REQUIRE(seed_table(&t, false));
	REQUIRE(frag_payload == 248 && ping6_len == 349);
	GOOD(&t, F_FRAG1);
	FIELD(&t, F_FRAG1, "loom.net.seq", "1");
	FIELD(&t, F_FRAG1, "loom.net.first", "1");
	FIELD(&t, F_FRAG1, "loom.net.frame_id", "4");
	FIELD(&t, F_FRAG1, "loom.net.len", "255");
	FIELD(&t, F_FRAG1, "loom.frag.index", "1");
	FIELD(&t, F_FRAG1, "loom.frag.count", "2");
	FIELD(&t, F_FRAG1, "ipv6.src", "");
	GOOD(&t, F_FRAG2);
	FIELD(&t, F_FRAG2, "loom.net.seq", "0");
	FIELD(&t, F_FRAG2, "loom.net.first", "0");
	FIELD(&t, F_FRAG2, "loom.frag.index", "2");
	FIELD(&t, F_FRAG2, "loom.frag.count", "2");
	snprintf(s, sizeof(s), "%zu", ping6_len);
	FIELD(&t, F_FRAG2, "loom.frag.datagram_len", s);
	snprintf(s, sizeof(s), "%d;%d", F_FRAG1, F_FRAG2);
	FIELD(&t, F_FRAG2, "loom.frag.frame", s);
	FIELD(&t, F_FRAG2, "loom.dgram.dispatch", "0x41");
	FIELD(&t, F_FRAG2, "ipv6.src", "fe80::ff:fe00:1101");
	FIELD(&t, F_FRAG2, "ipv6.dst", "fe80::ff:fe00:f000");
	FIELD(&t, F_FRAG2, "icmpv6.type", "128");
	/* The checksum holds only if every byte came back in place. */
	FIELD(&t, F_FRAG2, "icmpv6.checksum.status", "1");
	FIELD(&t, F_FRAG2, "icmpv6.echo.identifier", "0x4c4d");
	FIELD(&t, F_FRAG2, "icmpv6.echo.sequence_number", "1");
	FIELD(&t, F_FRAG2, "ipv6.plen", "308");
	/* Sent again after a lost ACK: flagged, not reassembled twice. */
	FIELD(&t, F_FRAG2_AGAIN, "loom.drop", "");
	FIELD(&t, F_FRAG2_AGAIN, "loom.frag.index", "2");
	snprintf(s, sizeof(s), "%d", F_FRAG2);
	FIELD(&t, F_FRAG2_AGAIN, "loom.frag.retransmission_of", s);
	FIELD(&t, F_FRAG2_AGAIN, "ipv6.src", "");
	FIELD_HAS(&t, F_FRAG2_AGAIN, "_ws.expert.group", PI_SEQUENCE);
	FIELD_HAS(&t, F_FRAG2_AGAIN, "_ws.col.Info", "[retransmission]");
	/* A sequence that lost its second fragment. */
	FIELD(&t, F_GAP1, "loom.frag.count", "3");
	FIELD(&t, F_GAP3, "loom.frag.index", "");
	FIELD(&t, F_GAP3, "loom.frag.datagram_len", "");
	FIELD_HAS(&t, F_GAP3, "_ws.expert.group", PI_SEQUENCE);
	FIELD_HAS(&t, F_GAP3, "_ws.expert.message",
		  "a node drops the whole sequence");
	FIELD_HAS(&t, F_GAP3, "_ws.col.Info", "[outside a sequence]");
	FIELD(&t, F_GAP3, "_ws.malformed", "");
	/* A whole datagram sent twice, then the same bytes as new ones. */
	FIELD(&t, F_SAME, "loom.frag.retransmission_of", "");
	snprintf(s, sizeof(s), "%d", F_SAME);
	FIELD(&t, F_SAME_AGAIN, "loom.frag.retransmission_of", s);
	FIELD_HAS(&t, F_SAME_AGAIN, "_ws.col.Info", "[retransmission]");
	FIELD(&t, F_SAME_AGAIN, "loom.dgram.dport", "1");
	FIELD(&t, F_SAME_NEXT, "loom.frag.retransmission_of", "");
	FIELD(&t, F_SAME_WRAPPED, "loom.frag.retransmission_of", "");
	FIELD(&t, F_SAME_WRAPPED, "_ws.expert.group", "");

	/* Two passes: the first fragment knows where it is reassembled. */
	REQUIRE(ws_fields(&t2, seed_pcap(), seed_fields, true));
	snprintf(s, sizeof(s), "%d", F_FRAG2);
	FIELD(&t2, F_FRAG1, "loom.frag.reassembled_in", s);
	FIELD(&t2, F_FRAG2, "loom.frag.reassembled_in", "");
	FIELD(&t2, F_FRAG2, "icmpv6.checksum.status", "1");
	snprintf(s, sizeof(s), "%d", F_FRAG2);
	FIELD(&t2, F_FRAG2_AGAIN, "loom.frag.retransmission_of", s);
}

TEST(wireshark_bad_fcs)
{
	struct ws_table t;
	char s[16];

	REQUIRE(seed_table(&t, false));
	FIELD(&t, F_BAD_FCS, "loom.drop", "fcs");
	FIELD(&t, F_BAD_FCS, "loom.fcs.status", "0");
	snprintf(s, sizeof(s), "0x%04x",
		 loom_fcs(pkts[F_BAD_FCS - 1].frame,
			  pkts[F_BAD_FCS - 1].len - 2));
	FIELD(&t, F_BAD_FCS, "loom.fcs.calculated", s);
	snprintf(s, sizeof(s), "0x%04x",
		 get_unaligned_le16(pkts[F_DATA - 1].frame +
				    pkts[F_DATA - 1].len - 2));
	FIELD(&t, F_BAD_FCS, "loom.fcs", s);
	FIELD(&t, F_BAD_FCS, "_ws.expert.group", PI_CHECKSUM);
	FIELD_HAS(&t, F_BAD_FCS, "_ws.expert.message", "Bad FCS");
	FIELD(&t, F_BAD_FCS, "_ws.malformed", "");
	FIELD_HAS(&t, F_BAD_FCS, "_ws.col.Info", "[bad FCS]");
	/* Its fields are still shown, but it takes no part in anything. */
	FIELD(&t, F_BAD_FCS, "loom.net.src", "0x1001");
	FIELD(&t, F_BAD_FCS, "loom.dgram.dispatch", "");
}

/* Every frame a node refuses for its structure is marked malformed. */
TEST(wireshark_malformed)
{
	static const struct {
		int frame;
		const char *drop, *message;
	} want[] = {
		{ F_SHORT, "short", "shorter than the 5 of a plain ACK" },
		{ F_VERSION, "version", "Protocol version 1, not 0" },
		{ F_RSVD_CTL, "reserved-bits", "Reserved control bits set" },
		{ F_TYPE2, "type", "Packet type 2 (Reserved)" },
		{ F_TYPE0, "type", "Packet type 0 (Invalid)" },
		{ F_NETLEN, "length", "Frame length 14 but the body is 15 bytes" },
		{ F_UNIT, "field", "Reserved time unit" },
		{ F_ICTL_RSVD, "reserved-bits", "Reserved Interval Control bits" },
		{ F_DST0, "field", "Reserved address 0x0000" },
		{ F_SRC0, "field", "Reserved MAC source 0x0000" },
		{ F_ERR_SHORT, "length", "Error body of 3 bytes, not 4" },
		{ F_MORE_LEN, "length", "Frame length 19 but" },
		{ F_ACK_BODY, "length", "ACK with a body of 1 bytes" },
		{ F_LONG, "length", "270 bytes, longer than the 260" },
	};
	struct ws_table t;
	unsigned int i;

	REQUIRE(seed_table(&t, false));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		int n = want[i].frame;

		FIELD(&t, n, "loom.drop", want[i].drop);
		FIELD_HAS(&t, n, "_ws.malformed", "_ws.malformed");
		FIELD_HAS(&t, n, "_ws.expert.group", PI_MALFORMED);
		FIELD_HAS(&t, n, "_ws.expert.message", want[i].message);
		FIELD_HAS(&t, n, "_ws.col.Info", "[malformed: ");
		/* Their FCS is right: damage is not the reason. */
		if (n != F_SHORT)
			FIELD(&t, n, "loom.fcs.status", "1");
	}
	FIELD(&t, F_SHORT, "loom.fcs.status", "2");
	FIELD(&t, F_SHORT, "loom.src", "0x1000");
	/* The frame's fields are shown as far as they go. */
	FIELD(&t, F_VERSION, "loom.ctl.version", "1");
	FIELD(&t, F_VERSION, "loom.refresh.data_offset", "");
	FIELD(&t, F_RSVD_CTL, "loom.ctl.reserved", "0x01");
	FIELD(&t, F_UNIT, "loom.refresh.data_unit", "6");
	FIELD(&t, F_DST0, "loom.net.dst", "0x0000");

	/* The shim promises 20 bytes, 12 follow: truncated, no verdict. */
	FIELD(&t, F_CUT_SHIM, "loometh.len", "20");
	FIELD_HAS(&t, F_CUT_SHIM, "_ws.malformed", "_ws.malformed");
	FIELD_HAS(&t, F_CUT_SHIM, "_ws.expert.message",
		  "Frame length 20, but 12 bytes follow");
	FIELD_HAS(&t, F_CUT_SHIM, "_ws.expert.message",
		  "Only 12 bytes of the frame were captured");
	FIELD(&t, F_CUT_SHIM, "loom.fcs.status", "2");
	FIELD(&t, F_CUT_SHIM, "loom.drop", "");
	FIELD(&t, F_CUT_SHIM, "loom.net.src", "0x1001");
	FIELD(&t, F_CUT_SHIM, "loom.net.frame_id", "3");
	/* The capture kept 30 bytes of 60: the same, and no Lua error. */
	FIELD_HAS(&t, F_CUT_SNAP, "_ws.malformed", "_ws.malformed");
	FIELD(&t, F_CUT_SNAP, "loom.fcs.status", "2");
	FIELD(&t, F_CUT_SNAP, "loom.net.dst", "0xf000");
}

TEST(wireshark_shim)
{
	struct ws_table t;

	REQUIRE(seed_table(&t, false));
	/* Protocol 2 goes to the Dhyara dissector: 6 bytes are too short. */
	FIELD(&t, F_DHYARA, "loometh.proto", "2");
	FIELD(&t, F_DHYARA, "loom.ctl", "");
	FIELD(&t, F_DHYARA, "_ws.col.Protocol", "Dhyara");
	FIELD_HAS(&t, F_DHYARA, "_ws.malformed", "_ws.malformed");
	FIELD_HAS(&t, F_DHYARA, "_ws.expert.message",
		  "6 bytes, shorter than the 15 of header and FCS (drop: short)");
	FIELD_LACKS(&t, F_DHYARA, "_ws.expert.message", "no dissector");
	FIELD(&t, F_SHIM_PROTO, "loometh.proto", "9");
	FIELD(&t, F_SHIM_PROTO, "loom.ctl", "");
	FIELD_HAS(&t, F_SHIM_PROTO, "_ws.expert.message",
		  "protocol 9: no dissector");
	FIELD(&t, F_SHIM_VER, "loometh.version", "1");
	FIELD(&t, F_SHIM_VER, "loom.ctl", "");
	FIELD_HAS(&t, F_SHIM_VER, "_ws.malformed", "_ws.malformed");
	FIELD_HAS(&t, F_SHIM_VER, "_ws.expert.message", "Shim version 1");
}

/* @text (tshark -V) has @needle; on failure says which, not all of it. */
#define TEXT_HAS(text, needle)						\
	do {								\
		if (!strstr((text), (needle)))				\
			test_fail(__FILE__, __LINE__,			\
				  "tshark -V shows no \"%s\"", (needle));	\
	} while (0)

/* Labels: addresses in 0xF000 style with their router/router/node. */
TEST(wireshark_tree_text)
{
	static const char *const args[] = { "-V", NULL };
	const char *pcap = seed_pcap();
	char *out;

	REQUIRE(pcap);
	out = tshark(pcap, args);
	REQUIRE(out);
	TEXT_HAS(out, "Source: 0xF000 (15/0/0, coordinator)");
	TEXT_HAS(out, "Source: 0x1101 (1/1/1, end device)");
	TEXT_HAS(out, "Destination: 0xF000 (15/0/0, coordinator)");
	TEXT_HAS(out, "Subject: 0x1100 (1/1/0, router)");
	TEXT_HAS(out, "0001 .... .... .... = First router: 1");
	TEXT_HAS(out, ".... 0001 .... .... = Second router: 1");
	TEXT_HAS(out, ".... .... 0000 0001 = Node: 1");
	TEXT_HAS(out, "Control: 0x05 (Data, version 0)");
	TEXT_HAS(out, "Data offset: 120 ms");
	TEXT_HAS(out, "Configuration 0x5EED0C0F, 13 nodes");
	TEXT_HAS(out, "Reassembled datagram: 349 bytes in 2 fragments");
	TEXT_HAS(out, "Fragment 1 of 2");
	TEXT_HAS(out, "[incorrect, should be 0x");
	TEXT_HAS(out, "[correct]");
	TEXT_HAS(out, "Loom, Data from 0x1001 [dropped: fcs]");
	TEXT_HAS(out, "Internet Protocol Version 6, Src: fe80::ff:fe00:1101");
	/* Wireshark reports a script's runtime error in the tree. */
	CHECK(!strstr(out, "Lua Error"));
	CHECK(!strstr(out, "Dissector bug"));
	free(out);
}

/* Raw frames (no Ethernet, no shim) on link type DLT_USER0. */
TEST(wireshark_raw_dlt_user0)
{
	static const char *const fields[] = {
		"frame.number", "loom.ctl.type", "loom.src", "loom.fcs.status",
		"loom.drop", "loometh.proto", "loom.net.src", "loom.dgram.dport",
		"_ws.malformed", "_ws.expert.message", NULL,
	};
	int keep[] = { F_REFRESH, F_MORE, F_DATA, F_ACK, F_BAD_FCS, F_TYPE2,
		       F_SHORT, F_DATA };
	static struct ws_pkt raw[ARRAY_SIZE(keep)];
	const char *path;
	struct ws_table t;
	unsigned int i;

	build_seed();
	for (i = 0; i < ARRAY_SIZE(keep); i++)
		raw[i] = pkts[keep[i] - 1];
	memcpy(pkts, raw, sizeof(raw));
	npkts = ARRAY_SIZE(keep);
	/* The last one cut by the snapshot length: 10 of 20 bytes. */
	pkts[npkts - 1].caplen = 10;
	path = write_pcap("raw-user0", WS_DLT_USER0);
	REQUIRE(path);
	REQUIRE(ws_fields(&t, path, fields, false));
	REQUIRE(t.nrows == npkts);
	FIELD(&t, 1, "loom.ctl.type", "1");
	FIELD(&t, 1, "loom.src", "0xf000");
	FIELD(&t, 1, "loom.fcs.status", "1");
	FIELD(&t, 1, "loometh.proto", "");
	FIELD(&t, 2, "loom.ctl.type", "6");
	FIELD(&t, 3, "loom.net.src", "0x1001");
	FIELD(&t, 3, "loom.dgram.dport", "7");
	FIELD(&t, 4, "loom.ctl.type", "3");
	FIELD(&t, 4, "loom.drop", "");
	FIELD(&t, 5, "loom.drop", "fcs");
	FIELD(&t, 5, "loom.fcs.status", "0");
	FIELD(&t, 6, "loom.drop", "type");
	FIELD_HAS(&t, 6, "_ws.malformed", "_ws.malformed");
	FIELD(&t, 7, "loom.drop", "short");
	FIELD(&t, 8, "loom.fcs.status", "2");
	FIELD(&t, 8, "loom.drop", "");
	FIELD(&t, 8, "loom.net.src", "0x1001");
	FIELD_HAS(&t, 8, "_ws.expert.message",
		  "Only 10 bytes of the frame were captured");
	no_lua_error(&t);
}

/* The same frames on the air, as a monitor interface captures them. */
TEST(wireshark_over_80211_monitor)
{
	static const char *const fields[] = {
		"frame.number", "radiotap.dbm_antsignal", "wlan.sa", "llc.type",
		"loometh.len", "loom.ctl.type", "loom.src", "loom.fcs.status",
		"loom.frag.datagram_len", "icmpv6.checksum.status",
		"_ws.expert.message", NULL,
	};
	const char *path;
	struct ws_table t;
	char s[16];

	build_seed();
	path = write_pcap("seed-80211", WS_DLT_RADIOTAP);
	REQUIRE(path);
	REQUIRE(ws_fields(&t, path, fields, false));
	REQUIRE(t.nrows == F_COUNT);
	no_lua_error(&t);
	FIELD(&t, F_REFRESH, "radiotap.dbm_antsignal", "-52");
	FIELD(&t, F_REFRESH, "wlan.sa", "02:00:00:00:00:00");
	FIELD(&t, F_REFRESH, "llc.type", "0x88b5");
	FIELD(&t, F_REFRESH, "loom.ctl.type", "1");
	FIELD(&t, F_REFRESH, "loom.src", "0xf000");
	FIELD(&t, F_REFRESH, "loom.fcs.status", "1");
	FIELD(&t, F_ACK, "loometh.len", "5");
	FIELD(&t, F_ACK, "loom.ctl.type", "3");
	snprintf(s, sizeof(s), "%zu", ping6_len);
	FIELD(&t, F_FRAG2, "loom.frag.datagram_len", s);
	FIELD(&t, F_FRAG2, "icmpv6.checksum.status", "1");
	FIELD(&t, F_BAD_FCS, "loom.fcs.status", "0");
}

/* A fixed sequence of pseudo-random bytes (an LCG: reproducible). */
static u32 rnd_state = 12345;

static u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 16;
}

/*
 * Random bytes behind EtherType 0x88B5 (shim included) and as raw frames:
 * whatever arrives, the dissector reads only what is there.  Half of the
 * raw frames get a right FCS, so that the body parsers see them.
 */
TEST(wireshark_random_bytes)
{
	static const char *const fields[] = {
		"frame.number", "loometh.version", "loom.ctl",
		"_ws.expert.message", NULL,
	};
	u8 buf[WS_FRAME_ROOM];
	const char *path;
	struct ws_table t;
	int i, raw;

	for (raw = 0; raw < 2; raw++) {
		npkts = 0;
		for (i = 0; i < 600; i++) {
			size_t len = rnd() % (raw ? LOOM_FRAME_MAX_LEN + 8 : 80);
			struct ws_pkt *p;
			size_t k;

			for (k = 0; k < len; k++)
				buf[k] = rnd();
			/* Mostly valid types, versions and shims. */
			if (len && rnd() % 4)
				buf[0] &= LOOM_CTL_TYPE_MASK;
			if (raw && len >= LOOM_FRAME_MIN_LEN && i % 2)
				refcs(buf, len);
			p = add_pkt(0x1000, true, buf, len);
			if (raw)
				continue;
			p->shim[0] = rnd() % 4;
			p->shim[1] = rnd() % 8 ? 0 : rnd();
			put_unaligned_le16(rnd() % 8 ? len : rnd() % 300,
					   p->shim + 2);
			if (!(rnd() % 8))
				p->caplen = 14 + rnd() % (WS_SHIM_LEN + len + 1);
			p->pad = rnd() % 2;
		}
		path = write_pcap(raw ? "random-user0" : "random",
				  raw ? WS_DLT_USER0 : WS_DLT_EN10MB);
		REQUIRE(path);
		REQUIRE(ws_fields(&t, path, fields, false));
		CHECK_INT(t.nrows, npkts);
		no_lua_error(&t);
		/* Every frame reached the dissector. */
		for (i = 1; i <= t.nrows; i++)
			if (raw && pkts[i - 1].len)
				CHECK(*cell(&t, i, "loom.ctl"));
	}
}

/* ---- The kernel's parser and the dissector agree ------------------- */

struct ws_verdict {
	char drop[16];
};

static struct ws_verdict *verdicts;

/* The kernel's verdict on the packet added last: @err from its decoder. */
static void set_verdict(int err, u8 drop)
{
	snprintf(verdicts[npkts - 1].drop, sizeof(verdicts->drop), "%s",
		 err ? loom_drop_name(drop) : "");
}

static void add_variant(const u8 *frame, size_t len)
{
	struct loom_frame f;
	struct ws_pkt *p;
	int err;

	p = add_pkt(get_unaligned_le16(frame + 1), true, frame, len);
	err = loom_frame_decode(p->frame, len, &f, NULL);
	set_verdict(err, f.drop);
}

/*
 * Compares, frame by frame, the drop reason that the dissector of @proto
 * ("loom" or "dhyara") gives in @t with the kernel decoder's (verdicts[]):
 * the reasons must be equal, a frame taken must have a good FCS and not
 * be malformed, one dropped for its FCS a bad FCS status, any other drop
 * must be marked malformed.  counts[r] gets the frames the kernel drops
 * for reason r, counts[__LOOM_DROP_MAX] those it takes.  Returns how many
 * frames disagree (the first ten are reported).
 */
static int compare_verdicts(const struct ws_table *t, const char *proto,
			    int *counts)
{
	char f_drop[32], f_mal[32], f_fcs[32];
	int i, bad = 0;

	snprintf(f_drop, sizeof(f_drop), "%s.drop", proto);
	/* The protocol's own mark: IPv6 may find a payload malformed. */
	snprintf(f_mal, sizeof(f_mal), "%s.malformed", proto);
	snprintf(f_fcs, sizeof(f_fcs), "%s.fcs.status", proto);
	for (i = 1; i <= npkts; i++) {
		const char *want = verdicts[i - 1].drop;
		const char *drop = cell(t, i, f_drop);
		const char *mal = cell(t, i, f_mal);
		const char *fcs = cell(t, i, f_fcs);
		bool ok = !strcmp(drop, want);
		unsigned int r = __LOOM_DROP_MAX;

		if (!*want)
			ok = ok && !*mal && !strcmp(fcs, "1");
		else if (!strcmp(want, "fcs"))
			ok = ok && !strcmp(fcs, "0");
		else
			ok = ok && *mal;
		if (*want)
			for (r = 0; r < __LOOM_DROP_MAX; r++)
				if (!strcmp(want, loom_drop_name(r)))
					break;
		counts[r]++;
		if (!ok && bad++ < 10) {
			char hex[2 * WS_FRAME_ROOM + 1];
			size_t j;

			for (j = 0; j < pkts[i - 1].len; j++)
				sprintf(hex + 2 * j, "%02x", pkts[i - 1].frame[j]);
			hex[2 * j] = '\0';
			test_fail(__FILE__, __LINE__,
				  "frame %d (%s): kernel drops \"%s\", dissector says drop \"%s\", malformed \"%s\", FCS status \"%s\"",
				  i, hex, want, drop, mal, fcs);
		}
	}
	return bad;
}

/*
 * Each good frame of the seed capture, damaged: every bit flipped with
 * the FCS left alone and with it recomputed (so that the structural checks
 * speak), every truncation as received and with an FCS recomputed over
 * what is left.  The dissector must name the reason loom_frame_decode()
 * gives, mark malformed every frame refused for its structure, and the
 * FCS status must follow.
 */
TEST(wireshark_agrees_with_kernel_decoder)
{
	static const char *const fields[] = {
		"frame.number", "loom.drop", "loom.malformed",
		"loom.fcs.status", "_ws.expert.message", NULL,
	};
	int base[] = { F_REFRESH, F_MORE, F_DATA, F_ACK, F_ACK_DATA, F_FRAG2,
		       F_ERROR };
	static u8 frames[ARRAY_SIZE(base)][WS_FRAME_ROOM];
	int counts[__LOOM_DROP_MAX + 1] = { 0 }, taken, fcs;
	size_t lens[ARRAY_SIZE(base)], len, k;
	u8 buf[WS_FRAME_ROOM];
	struct ws_table t;
	const char *path;
	unsigned int b, bit;

	build_seed();
	for (b = 0; b < ARRAY_SIZE(base); b++) {
		lens[b] = pkts[base[b] - 1].len;
		memcpy(frames[b], pkts[base[b] - 1].frame, lens[b]);
	}
	verdicts = calloc(WS_MAX_PKTS, sizeof(*verdicts));
	REQUIRE(verdicts);
	npkts = 0;
	for (b = 0; b < ARRAY_SIZE(base); b++) {
		len = lens[b];
		/* The big fragment: its header and a little payload. */
		if (len > 40)
			len = 40;
		add_variant(frames[b], lens[b]);
		for (bit = 0; bit < 8 * (len - LOOM_FCS_LEN); bit++) {
			memcpy(buf, frames[b], lens[b]);
			buf[bit / 8] ^= 1 << bit % 8;
			add_variant(buf, lens[b]);
			refcs(buf, lens[b]);
			add_variant(buf, lens[b]);
		}
		for (k = 0; k < lens[b]; k++) {
			add_variant(frames[b], k);
			if (k < LOOM_MAC_OVERHEAD)
				continue;
			memcpy(buf, frames[b], k);
			refcs(buf, k);
			add_variant(buf, k);
		}
	}
	path = write_pcap("damaged", WS_DLT_EN10MB);
	REQUIRE(path);
	REQUIRE(ws_fields(&t, path, fields, false));
	REQUIRE(t.nrows == npkts);
	no_lua_error(&t);
	CHECK_INT(compare_verdicts(&t, "loom", counts), 0);
	taken = counts[__LOOM_DROP_MAX];
	fcs = counts[LOOM_DROP_FCS];
	/* Every kind of verdict was exercised. */
	CHECK(taken > 0 && fcs > 100 && npkts - taken - fcs > 100);
	printf("    %d frames: %d taken, %d bad FCS, %d malformed\n", npkts,
	       taken, fcs, npkts - taken - fcs);
}

/* ---- Dhyara (shim protocol 2, raw on DLT_USER1) -------------------- */

/* Node addresses of the Dhyara cases. */
static const u8 dh_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0 };
static const u8 dh_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0b, 0 };
static const u8 dh_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0c, 0 };

/* Frame numbers in the Dhyara capture, in order. */
enum {
	DH_BCN = 1,
	DH_ACK,
	DH_ADV,		/* three entries, one withdrawn */
	DH_CNK,		/* chunk 1 of 3, the golden vector */
	DH_CNK_EMPTY,	/* the one chunk of an empty datagram */
	DH_CNK_BIG,	/* the largest an MTU-1500 interface carries */
	DH_CNU,		/* DH_CNK's fields, no report wanted */
	DH_DLV,
	DH_DLV_NOROOM,
	DH_ICMPQ,
	DH_ICMPR,
	DH_ICMPX,	/* hop limit exceeded, about DH_ICMPQ */
	DH_ICMPX_CNK,	/* no route, about DH_CNK */
	DH_R2,		/* a 10-byte datagram in 3 chunks: 2, 0, 0, 1 */
	DH_R0,
	DH_R0_AGAIN,	/* a duplicate */
	DH_R1,		/* completes it */
	DH_BAD_FCS,	/* DH_BCN with one bit flipped */
	DH_TREE,	/* a Loom tree frame behind shim protocol 2 */
	DH_TYPE5,
	DH_SHORT,	/* 10 bytes */
	DH_BCN_UNICAST,
	DH_CNK_SHORT,	/* one data byte less than its fields say */
	DH_ADV_TWICE,	/* a destination twice */
	DH_X_ABOUT_X,	/* an ICMPX about an ICMPX */
	DH_DLV_OUT3,
	DH_HOPS0,
	DH_CUT_SHIM,	/* the shim says 30 bytes, 20 follow */
	DH_COUNT = DH_CUT_SHIM
};

/* The kernel's Dhyara encoder; a failure ends the case. */
static size_t dh_enc(const struct loom_dhy_frame *f, u8 *buf)
{
	int n = loom_dhy_frame_encode(f, buf, WS_FRAME_ROOM);

	if (n <= 0) {
		test_fail(__FILE__, __LINE__, "loom_dhy_frame_encode: %d", n);
		exit(1);
	}
	return n;
}

/* A packet of Dhyara frame bytes behind shim protocol 2. */
static struct ws_pkt *add_dh_pkt(const u8 *frame, size_t len)
{
	struct ws_pkt *p = add_pkt(0x1000, true, frame, len);

	p->shim[0] = WS_SHIM_DHYARA;
	if (len >= LOOM_DHY_HDR_LEN)
		memcpy(p->eth_src, frame + 1 + ETH_ALEN, ETH_ALEN);
	return p;
}

static struct ws_pkt *add_dh(const struct loom_dhy_frame *f)
{
	u8 buf[WS_FRAME_ROOM];

	return add_dh_pkt(buf, dh_enc(f, buf));
}

static struct loom_dhy_frame dh_routed(u8 type, const u8 *dst, const u8 *src,
				       const u8 *next)
{
	struct loom_dhy_frame f = { .type = type, .hop_limit = 32 };

	memcpy(f.dst, dst, ETH_ALEN);
	memcpy(f.src, src, ETH_ALEN);
	memcpy(f.next_hop, next, ETH_ALEN);
	return f;
}

static const struct loom_dhy_adv_entry dh_entries[] = {
	{ { 0x02, 0, 0, 0, 0x0c, 0 }, 250000, 1 },
	{ { 0x02, 0, 0, 0, 0x0d, 0 }, 1500000, 2 },
	{ { 0x02, 0, 0, 0, 0x0e, 0 }, LOOM_DHY_DELAY_INFINITE, 3 },
};

static u8 dh_data[LOOM_DHY_FRAME_MAX];

/* Every frame of the Dhyara capture, in the order of the enum above. */
static void build_dhyara(void)
{
	struct loom_dhy_frame f = { .type = LOOM_DHY_T_BCN,
				    .time_us = 0x12345678 };
	struct loom_frame tree_ack = { .type = LOOM_PT_ACK, .src = 0x1000 };
	struct loom_dhy_frame q, x;
	u8 buf[WS_FRAME_ROOM];
	struct ws_pkt *p;
	size_t i, n;

	for (i = 0; i < sizeof(dh_data); i++)
		dh_data[i] = i * 3 + 1;
	npkts = 0;
	at(DH_BCN);
	memset(f.dst, 0xff, ETH_ALEN);
	memcpy(f.src, dh_a, ETH_ALEN);
	add_dh(&f);

	at(DH_ACK);
	f.type = LOOM_DHY_T_ACK;
	memcpy(f.dst, dh_a, ETH_ALEN);
	memcpy(f.src, dh_b, ETH_ALEN);
	add_dh(&f);

	at(DH_ADV);
	memset(&f, 0, sizeof(f));
	f.type = LOOM_DHY_T_ADV;
	memset(f.dst, 0xff, ETH_ALEN);
	memcpy(f.src, dh_a, ETH_ALEN);
	f.adv = dh_entries;
	f.adv_count = ARRAY_SIZE(dh_entries);
	add_dh(&f);

	at(DH_CNK);
	f = dh_routed(LOOM_DHY_T_CNK, dh_c, dh_a, dh_b);
	f.cnk = (struct loom_dhy_cnk){ 0x0102, 1, 3, 7 };
	f.payload = (const u8 *)"hi";
	f.payload_len = 2;
	add_dh(&f);

	at(DH_CNK_EMPTY);
	f.cnk = (struct loom_dhy_cnk){ 9, 0, 1, 0 };
	f.payload_len = 0;
	add_dh(&f);

	at(DH_CNK_BIG);
	n = loom_dhy_cnk_data_max(1496);
	f.cnk = (struct loom_dhy_cnk){ 10, 0, 2, 2 * n };
	f.payload = dh_data;
	f.payload_len = n;
	p = add_dh(&f);
	p->pad = false;

	at(DH_CNU);
	f.type = LOOM_DHY_T_CNU;
	f.cnk = (struct loom_dhy_cnk){ 0x0102, 1, 3, 7 };
	f.payload = (const u8 *)"hi";
	f.payload_len = 2;
	add_dh(&f);

	at(DH_DLV);
	f = dh_routed(LOOM_DHY_T_DLV, dh_a, dh_c, dh_b);
	f.dlv = (struct loom_dhy_dlv){ 0x0102, LOOM_DHY_OUT_DELIVERED };
	add_dh(&f);

	at(DH_DLV_NOROOM);
	f.dlv.outcome = LOOM_DHY_OUT_NO_ROOM;
	f.hop_limit = 1;
	add_dh(&f);

	at(DH_ICMPQ);
	f = dh_routed(LOOM_DHY_T_ICMPQ, dh_c, dh_a, dh_b);
	f.icmp = (struct loom_dhy_icmp){ 77, 5, 123456 };
	f.payload = dh_data;
	f.payload_len = 16;
	p = add_dh(&f);

	at(DH_ICMPR);
	f = dh_routed(LOOM_DHY_T_ICMPR, dh_a, dh_c, dh_b);
	f.icmp = (struct loom_dhy_icmp){ 77, 5, 123456 };
	f.payload = dh_data;
	f.payload_len = 16;
	add_dh(&f);

	at(DH_ICMPX);
	if (loom_dhy_frame_decode(p->frame, p->len, &q, NULL) ||
	    loom_dhy_icmpx_build(&x, &q, dh_b, LOOM_DHY_X_HOP_LIMIT)) {
		test_fail(__FILE__, __LINE__, "no ICMPX about the request");
		exit(1);
	}
	memcpy(x.next_hop, dh_a, ETH_ALEN);
	add_dh(&x);

	at(DH_ICMPX_CNK);
	p = &pkts[DH_CNK - 1];
	if (loom_dhy_frame_decode(p->frame, p->len, &q, NULL) ||
	    loom_dhy_icmpx_build(&x, &q, dh_b, LOOM_DHY_X_NO_ROUTE)) {
		test_fail(__FILE__, __LINE__, "no ICMPX about the chunk");
		exit(1);
	}
	memcpy(x.next_hop, dh_a, ETH_ALEN);
	add_dh(&x);

	/* Chunks in any order, one of them twice. */
	f = dh_routed(LOOM_DHY_T_CNK, dh_c, dh_a, dh_b);
	for (i = 0; i < 4; i++) {
		static const u8 order[] = { 2, 0, 0, 1 };
		u16 off, clen;

		at(DH_R2 + i);
		f.cnk = (struct loom_dhy_cnk){ 0x0300, order[i], 3, 10 };
		loom_dhy_chunk_span(10, 3, order[i], &off, &clen);
		f.payload = dh_data + off;
		f.payload_len = clen;
		add_dh(&f);
	}

	at(DH_BAD_FCS);
	p = add_dh_pkt(pkts[DH_BCN - 1].frame, pkts[DH_BCN - 1].len);
	p->frame[14] ^= 0x10;

	at(DH_TREE);
	/* A tree ACK grown to a Dhyara header's length, FCS right. */
	n = enc(&tree_ack, buf);
	memset(buf + n, 0, 16);
	refcs(buf, n + 16);
	add_dh_pkt(buf, n + 16);

	at(DH_TYPE5);
	p = add_dh_pkt(pkts[DH_BCN - 1].frame, pkts[DH_BCN - 1].len);
	p->frame[0] = 0x85;
	refcs(p->frame, p->len);

	at(DH_SHORT);
	add_dh_pkt(pkts[DH_BCN - 1].frame, 10);

	at(DH_BCN_UNICAST);
	p = add_dh_pkt(pkts[DH_BCN - 1].frame, pkts[DH_BCN - 1].len);
	p->frame[6] = 0xfe;
	refcs(p->frame, p->len);

	at(DH_CNK_SHORT);
	p = add_dh_pkt(pkts[DH_CNK - 1].frame, pkts[DH_CNK - 1].len - 1);
	refcs(p->frame, p->len);

	at(DH_ADV_TWICE);
	p = add_dh_pkt(pkts[DH_ADV - 1].frame, pkts[DH_ADV - 1].len);
	p->frame[LOOM_DHY_HDR_LEN + LOOM_DHY_ADV_ENTRY_LEN + 4] = 0x0c;
	refcs(p->frame, p->len);

	at(DH_X_ABOUT_X);
	p = add_dh_pkt(pkts[DH_ICMPX - 1].frame, pkts[DH_ICMPX - 1].len);
	p->frame[LOOM_DHY_ROUTED_OVERHEAD - LOOM_DHY_FCS_LEN + 1] =
		LOOM_DHY_T_ICMPX;
	refcs(p->frame, p->len);

	at(DH_DLV_OUT3);
	p = add_dh_pkt(pkts[DH_DLV - 1].frame, pkts[DH_DLV - 1].len);
	p->frame[LOOM_DHY_ROUTED_OVERHEAD - LOOM_DHY_FCS_LEN + 2] = 3;
	refcs(p->frame, p->len);

	at(DH_HOPS0);
	p = add_dh_pkt(pkts[DH_DLV - 1].frame, pkts[DH_DLV - 1].len);
	p->frame[LOOM_DHY_ROUTED_OVERHEAD - LOOM_DHY_FCS_LEN - 1] = 0;
	refcs(p->frame, p->len);

	at(DH_CUT_SHIM);
	p = add_dh_pkt(pkts[DH_CNK - 1].frame, 20);
	put_unaligned_le16(30, p->shim + 2);
	p->pad = false;
}

static const char *const dh_fields[] = {
	"frame.number", "loometh.proto", "loometh.len",
	"dhyara.ctl", "dhyara.ctl.type", "dhyara.ctl.version",
	"dhyara.dst", "dhyara.src", "dhyara.next_hop", "dhyara.hop_limit",
	"dhyara.time", "dhyara.adv.count", "dhyara.adv.dst",
	"dhyara.adv.delay", "dhyara.adv.hops", "dhyara.adv.unreachable",
	"dhyara.cnk.msg_id", "dhyara.cnk.index", "dhyara.cnk.count",
	"dhyara.cnk.total", "dhyara.cnk.offset", "dhyara.cnk.data",
	"dhyara.cnk.reassembled_in", "dhyara.cnk.duplicate_of",
	"dhyara.cnk.frame", "dhyara.cnk.datagram_len", "dhyara.datagram",
	"dhyara.dlv.msg_id", "dhyara.dlv.outcome", "dhyara.icmp.id",
	"dhyara.icmp.seq", "dhyara.icmp.time", "dhyara.icmp.payload",
	"dhyara.icmpx.code", "dhyara.icmpx.orig_type", "dhyara.icmpx.quote",
	"dhyara.fcs", "dhyara.fcs.status", "dhyara.fcs.calculated",
	"dhyara.drop", "dhyara.addr", "loom.ctl",
	"_ws.malformed", "_ws.expert.group", "_ws.expert.message",
	"_ws.col.Protocol", "_ws.col.Info",
	NULL,
};

static bool dh_table(struct ws_table *t, unsigned int dlt, bool two_pass)
{
	const char *pcap;

	build_dhyara();
	pcap = write_pcap(dlt == WS_DLT_USER1 ? "dhyara-user1" : "dhyara", dlt);
	if (!pcap || !ws_fields(t, pcap, dh_fields, two_pass))
		return false;
	if (t->nrows != DH_COUNT) {
		test_fail(__FILE__, __LINE__, "tshark printed %d frames, not %d",
			  t->nrows, DH_COUNT);
		return false;
	}
	no_lua_error(t);
	return true;
}

/* A Dhyara frame that a node takes: no drop, FCS good, not malformed. */
#define DH_GOOD(t, n)							\
	do {								\
		FIELD(t, n, "dhyara.drop", "");				\
		FIELD(t, n, "dhyara.fcs.status", "1");			\
		FIELD(t, n, "_ws.malformed", "");			\
		FIELD(t, n, "_ws.col.Protocol", "Dhyara");		\
	} while (0)

/* Hex as tshark prints a bytes field. */
static const char *dh_hex(const u8 *b, size_t n)
{
	static char s[2 * LOOM_DHY_FRAME_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * n] = '\0';
	return s;
}

TEST(wireshark_dhyara_registered)
{
	static const char *const args[] = { "-G", "fields", NULL };
	char *out = tshark(NULL, args);

	REQUIRE(out);
	CHECK(strstr(out, "\nP\tDhyara mesh\tdhyara\n"));
	CHECK(strstr(out, "\tdhyara.next_hop\tFT_ETHER\tdhyara\t"));
	CHECK(strstr(out, "\tdhyara.cnk.msg_id\tFT_UINT16\tdhyara\t"));
	CHECK(strstr(out, "\tdhyara.drop\tFT_STRING\tdhyara\t"));
	free(out);
}

/* Every field of every packet type, as the kernel's encoder wrote it. */
TEST(wireshark_dhyara_frames)
{
	struct ws_table t;
	char s[64];
	int i;

	REQUIRE(dh_table(&t, WS_DLT_EN10MB, false));
	for (i = DH_BCN; i <= DH_R1; i++) {
		DH_GOOD(&t, i);
		FIELD(&t, i, "loometh.proto", "2");
		FIELD(&t, i, "loom.ctl", "");
		FIELD(&t, i, "dhyara.ctl.version", "0x08");
		snprintf(s, sizeof(s), "%zu", pkts[i - 1].len);
		FIELD(&t, i, "loometh.len", s);
		snprintf(s, sizeof(s), "0x%04x",
			 get_unaligned_le16(pkts[i - 1].frame +
					    pkts[i - 1].len - 2));
		FIELD(&t, i, "dhyara.fcs", s);
		FIELD(&t, i, "dhyara.fcs.calculated", s);
	}
	FIELD(&t, DH_BCN, "dhyara.ctl", "0x81");
	FIELD(&t, DH_BCN, "dhyara.ctl.type", "1");
	FIELD(&t, DH_BCN, "dhyara.dst", "ff:ff:ff:ff:ff:ff");
	FIELD(&t, DH_BCN, "dhyara.src", "02:00:00:00:0a:00");
	FIELD(&t, DH_BCN, "dhyara.time", "305419896");
	FIELD(&t, DH_BCN, "dhyara.next_hop", "");
	FIELD(&t, DH_BCN, "dhyara.fcs", "0x2f01");
	FIELD_HAS(&t, DH_BCN, "_ws.col.Info", "BCN 02:00:00:00:0a:00");
	FIELD(&t, DH_ACK, "dhyara.ctl.type", "2");
	FIELD(&t, DH_ACK, "dhyara.dst", "02:00:00:00:0a:00");
	FIELD(&t, DH_ACK, "dhyara.src", "02:00:00:00:0b:00");
	FIELD(&t, DH_ACK, "dhyara.time", "305419896");

	FIELD(&t, DH_ADV, "dhyara.ctl.type", "3");
	FIELD(&t, DH_ADV, "dhyara.adv.count", "3");
	FIELD(&t, DH_ADV, "dhyara.adv.dst",
	      "02:00:00:00:0c:00;02:00:00:00:0d:00;02:00:00:00:0e:00");
	FIELD(&t, DH_ADV, "dhyara.adv.delay", "250000;1500000;4294967295");
	FIELD(&t, DH_ADV, "dhyara.adv.hops", "1;2;3");
	FIELD(&t, DH_ADV, "dhyara.adv.unreachable", "1");
	/* dhyara.addr is every address: header and entries. */
	FIELD_HAS(&t, DH_ADV, "dhyara.addr", "02:00:00:00:0e:00");

	FIELD(&t, DH_CNK, "dhyara.ctl", "0x88");
	FIELD(&t, DH_CNK, "dhyara.dst", "02:00:00:00:0c:00");
	FIELD(&t, DH_CNK, "dhyara.src", "02:00:00:00:0a:00");
	FIELD(&t, DH_CNK, "dhyara.next_hop", "02:00:00:00:0b:00");
	FIELD(&t, DH_CNK, "dhyara.hop_limit", "32");
	FIELD(&t, DH_CNK, "dhyara.cnk.msg_id", "258");
	FIELD(&t, DH_CNK, "dhyara.cnk.index", "1");
	FIELD(&t, DH_CNK, "dhyara.cnk.count", "3");
	FIELD(&t, DH_CNK, "dhyara.cnk.total", "7");
	FIELD(&t, DH_CNK, "dhyara.cnk.offset", "3");
	FIELD(&t, DH_CNK, "dhyara.cnk.data", "6869");
	FIELD(&t, DH_CNK, "dhyara.fcs", "0x65d4");
	FIELD(&t, DH_CNK_EMPTY, "dhyara.cnk.total", "0");
	FIELD(&t, DH_CNK_EMPTY, "dhyara.cnk.count", "1");
	FIELD(&t, DH_CNK_EMPTY, "dhyara.cnk.data", "");
	snprintf(s, sizeof(s), "%zu", pkts[DH_CNK_BIG - 1].len);
	CHECK_STR(s, "1496");
	FIELD(&t, DH_CNK_BIG, "dhyara.cnk.count", "2");
	FIELD(&t, DH_CNK_BIG, "dhyara.cnk.total", "2936");
	FIELD(&t, DH_CNK_BIG, "dhyara.cnk.data",
	      dh_hex(dh_data, loom_dhy_cnk_data_max(1496)));

	/* A CNU: a CNK's fields under type 13. */
	FIELD(&t, DH_CNU, "dhyara.ctl", "0x8d");
	FIELD(&t, DH_CNU, "dhyara.ctl.type", "13");
	FIELD(&t, DH_CNU, "dhyara.next_hop", "02:00:00:00:0b:00");
	FIELD(&t, DH_CNU, "dhyara.cnk.msg_id", "258");
	FIELD(&t, DH_CNU, "dhyara.cnk.index", "1");
	FIELD(&t, DH_CNU, "dhyara.cnk.count", "3");
	FIELD(&t, DH_CNU, "dhyara.cnk.total", "7");
	FIELD(&t, DH_CNU, "dhyara.cnk.offset", "3");
	FIELD(&t, DH_CNU, "dhyara.cnk.data", "6869");
	FIELD(&t, DH_CNU, "dhyara.fcs", "0xd310");
	FIELD_HAS(&t, DH_CNU, "_ws.col.Info",
		  "CNU 02:00:00:00:0a:00 -> 02:00:00:00:0c:00");

	FIELD(&t, DH_DLV, "dhyara.ctl.type", "9");
	FIELD(&t, DH_DLV, "dhyara.dlv.msg_id", "258");
	FIELD(&t, DH_DLV, "dhyara.dlv.outcome", "1");
	FIELD(&t, DH_DLV_NOROOM, "dhyara.dlv.outcome", "2");
	FIELD(&t, DH_DLV_NOROOM, "dhyara.hop_limit", "1");
	FIELD_HAS(&t, DH_DLV_NOROOM, "_ws.col.Info", "no room");

	FIELD(&t, DH_ICMPQ, "dhyara.ctl.type", "10");
	FIELD(&t, DH_ICMPQ, "dhyara.icmp.id", "77");
	FIELD(&t, DH_ICMPQ, "dhyara.icmp.seq", "5");
	FIELD(&t, DH_ICMPQ, "dhyara.icmp.time", "123456");
	FIELD(&t, DH_ICMPQ, "dhyara.icmp.payload", dh_hex(dh_data, 16));
	FIELD(&t, DH_ICMPR, "dhyara.ctl.type", "11");
	FIELD(&t, DH_ICMPR, "dhyara.dst", "02:00:00:00:0a:00");
	FIELD(&t, DH_ICMPR, "dhyara.icmp.payload", dh_hex(dh_data, 16));

	/* traceroute's answer: who, why, and the probe's id, seq, time. */
	FIELD(&t, DH_ICMPX, "dhyara.ctl.type", "12");
	FIELD(&t, DH_ICMPX, "dhyara.src", "02:00:00:00:0b:00");
	FIELD(&t, DH_ICMPX, "dhyara.dst", "02:00:00:00:0a:00");
	FIELD(&t, DH_ICMPX, "dhyara.icmpx.code", "1");
	FIELD(&t, DH_ICMPX, "dhyara.icmpx.orig_type", "10");
	FIELD(&t, DH_ICMPX, "dhyara.icmpx.quote", "4d00050040e20100");
	FIELD_HAS(&t, DH_ICMPX, "_ws.col.Info", "hop limit exceeded");
	FIELD(&t, DH_ICMPX_CNK, "dhyara.icmpx.code", "2");
	FIELD(&t, DH_ICMPX_CNK, "dhyara.icmpx.orig_type", "8");
	FIELD(&t, DH_ICMPX_CNK, "dhyara.icmpx.quote", "0201010307006869");
}

/* Chunks put together as loom_dhy_reasm_push() does, in any order. */
TEST(wireshark_dhyara_reassembly)
{
	struct ws_table t;
	char s[64];

	REQUIRE(dh_table(&t, WS_DLT_EN10MB, true));
	FIELD(&t, DH_R2, "dhyara.cnk.offset", "7");
	snprintf(s, sizeof(s), "%d", DH_R1);
	FIELD(&t, DH_R2, "dhyara.cnk.reassembled_in", s);
	FIELD(&t, DH_R0, "dhyara.cnk.reassembled_in", s);
	snprintf(s, sizeof(s), "%d", DH_R0);
	FIELD(&t, DH_R0_AGAIN, "dhyara.cnk.duplicate_of", s);
	FIELD(&t, DH_R0_AGAIN, "dhyara.cnk.reassembled_in", "");
	snprintf(s, sizeof(s), "Chunk 0 again: a node ignores it (frame %d had it)",
		 DH_R0);
	FIELD_HAS(&t, DH_R0_AGAIN, "_ws.expert.message", s);
	FIELD_HAS(&t, DH_R0_AGAIN, "_ws.col.Info", "[duplicate]");
	FIELD(&t, DH_R1, "dhyara.cnk.reassembled_in", "");
	FIELD(&t, DH_R1, "dhyara.cnk.datagram_len", "10");
	snprintf(s, sizeof(s), "%d;%d;%d", DH_R0, DH_R1, DH_R2);
	FIELD(&t, DH_R1, "dhyara.cnk.frame", s);
	FIELD(&t, DH_R1, "dhyara.datagram", dh_hex(dh_data, 10));
	FIELD_HAS(&t, DH_R1, "_ws.col.Info", "[datagram of 10 bytes]");
	/* One chunk is a datagram; chunks still missing make none. */
	FIELD(&t, DH_CNK_EMPTY, "dhyara.cnk.datagram_len", "0");
	FIELD(&t, DH_CNK, "dhyara.cnk.datagram_len", "");
	FIELD(&t, DH_CNK_BIG, "dhyara.cnk.datagram_len", "");
	/* A CNU is another datagram than the CNK of its id and shape. */
	FIELD(&t, DH_CNU, "dhyara.cnk.duplicate_of", "");
	FIELD(&t, DH_CNU, "dhyara.cnk.datagram_len", "");
	/* Frames a node drops take no part. */
	FIELD(&t, DH_CNK_SHORT, "dhyara.cnk.duplicate_of", "");
}

/* The tree as tshark -V shows it. */
TEST(wireshark_dhyara_tree_text)
{
	static const char *const args[] = { "-V", NULL };
	const char *pcap;
	char *out;

	build_dhyara();
	pcap = write_pcap("dhyara", WS_DLT_EN10MB);
	REQUIRE(pcap);
	out = tshark(pcap, args);
	REQUIRE(out);
	TEXT_HAS(out, "Loom over Ethernet, Dhyara mesh, 19 bytes");
	TEXT_HAS(out, "Dhyara, BCN from 02:00:00:00:0a:00");
	TEXT_HAS(out, "Control: 0x81 (BCN, version nibble 0x8)");
	TEXT_HAS(out, "Route to 02:00:00:00:0e:00: unreachable, 3 hops");
	TEXT_HAS(out, "Route to 02:00:00:00:0c:00: 250000 us, 1 hop");
	TEXT_HAS(out, "Reassembled datagram: 10 bytes in 3 chunks");
	TEXT_HAS(out, "Dhyara, CNU from 02:00:00:00:0a:00");
	TEXT_HAS(out, "Chunk, no report wanted");
	TEXT_HAS(out, "Next hop: 02:00:00:00:0b:00");
	TEXT_HAS(out, "Dhyara, BCN from 02:00:00:00:0a:00 [dropped: fcs]");
	TEXT_HAS(out, "[incorrect, should be 0x");
	TEXT_HAS(out, "Dhyara, CNK from 02:00:00:00:0a:00 [dropped: length]");
	CHECK(!strstr(out, "Lua Error"));
	CHECK(!strstr(out, "Dissector bug"));
	free(out);
}

/* Each damaged frame: its drop reason and the message that names it. */
TEST(wireshark_dhyara_malformed)
{
	static const struct {
		int frame;
		const char *drop, *message;
	} want[] = {
		{ DH_TREE, "version", "(a Loom tree frame?)" },
		{ DH_TYPE5, "type", "Packet type 5" },
		{ DH_SHORT, "short", "shorter than the 15 of header and FCS" },
		{ DH_BCN_UNICAST, "field", "Beacon not to broadcast" },
		{ DH_CNK_SHORT, "length", "its fields say 2" },
		{ DH_ADV_TWICE, "field", "Destination advertised twice" },
		{ DH_X_ABOUT_X, "field", "About a frame of type 12" },
		{ DH_DLV_OUT3, "field", "Outcome 3" },
		{ DH_HOPS0, "field", "Hop limit 0" },
	};
	struct ws_table t;
	unsigned int i;

	REQUIRE(dh_table(&t, WS_DLT_EN10MB, false));
	FIELD(&t, DH_BAD_FCS, "dhyara.drop", "fcs");
	FIELD(&t, DH_BAD_FCS, "dhyara.fcs.status", "0");
	FIELD(&t, DH_BAD_FCS, "_ws.malformed", "");
	FIELD_HAS(&t, DH_BAD_FCS, "_ws.expert.group", PI_CHECKSUM);
	FIELD_HAS(&t, DH_BAD_FCS, "_ws.col.Info", "[bad FCS]");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		int n = want[i].frame;

		FIELD(&t, n, "dhyara.drop", want[i].drop);
		FIELD_HAS(&t, n, "_ws.malformed", "_ws.malformed");
		FIELD_HAS(&t, n, "_ws.expert.group", PI_MALFORMED);
		FIELD_HAS(&t, n, "_ws.expert.message", want[i].message);
		FIELD_HAS(&t, n, "_ws.col.Info", "[malformed: ");
		if (n != DH_SHORT)
			FIELD(&t, n, "dhyara.fcs.status", "1");
	}
	FIELD(&t, DH_SHORT, "dhyara.fcs.status", "2");
	/* The fields are shown as far as they go. */
	FIELD(&t, DH_TREE, "dhyara.ctl.version", "0x00");
	FIELD(&t, DH_TREE, "dhyara.time", "");
	FIELD(&t, DH_CNK_SHORT, "dhyara.cnk.count", "3");
	/* The shim promises 30 bytes, 20 follow: truncated, no verdict. */
	FIELD(&t, DH_CUT_SHIM, "loometh.len", "30");
	FIELD_HAS(&t, DH_CUT_SHIM, "_ws.expert.message",
		  "Frame length 30, but 20 bytes follow");
	FIELD_HAS(&t, DH_CUT_SHIM, "_ws.expert.message",
		  "Only 20 bytes of the frame were captured");
	FIELD(&t, DH_CUT_SHIM, "dhyara.fcs.status", "2");
	FIELD(&t, DH_CUT_SHIM, "dhyara.drop", "");
	FIELD(&t, DH_CUT_SHIM, "dhyara.next_hop", "02:00:00:00:0b:00");
	FIELD(&t, DH_CUT_SHIM, "dhyara.hop_limit", "32");
}

/* The same frames raw on DLT_USER1, the last one cut by the snapshot. */
TEST(wireshark_dhyara_raw_user1)
{
	struct ws_table t;
	const char *path;

	build_dhyara();
	pkts[DH_COUNT - 1] = pkts[DH_CNK - 1];
	pkts[DH_COUNT - 1].caplen = 20;
	path = write_pcap("dhyara-user1", WS_DLT_USER1);
	REQUIRE(path);
	REQUIRE(ws_fields(&t, path, dh_fields, false));
	REQUIRE(t.nrows == DH_COUNT);
	no_lua_error(&t);
	FIELD(&t, DH_BCN, "loometh.proto", "");
	FIELD(&t, DH_BCN, "dhyara.time", "305419896");
	DH_GOOD(&t, DH_BCN);
	DH_GOOD(&t, DH_ICMPX_CNK);
	FIELD(&t, DH_CNK, "dhyara.cnk.data", "6869");
	FIELD(&t, DH_CNK_BIG, "dhyara.cnk.total", "2936");
	FIELD(&t, DH_BAD_FCS, "dhyara.drop", "fcs");
	FIELD(&t, DH_SHORT, "dhyara.drop", "short");
	FIELD(&t, DH_ADV_TWICE, "dhyara.drop", "field");
	FIELD(&t, DH_COUNT, "dhyara.drop", "");
	FIELD(&t, DH_COUNT, "dhyara.fcs.status", "2");
	FIELD(&t, DH_COUNT, "dhyara.hop_limit", "32");
	FIELD_HAS(&t, DH_COUNT, "_ws.expert.message",
		  "Only 20 bytes of the frame were captured");
}

/* Random bytes as Dhyara frames, raw and behind the shim: no Lua error. */
TEST(wireshark_dhyara_random_bytes)
{
	static const char *const fields[] = {
		"frame.number", "dhyara.ctl", "dhyara.drop",
		"_ws.expert.message", NULL,
	};
	u8 buf[WS_FRAME_ROOM];
	struct ws_table t;
	const char *path;
	int i, raw;

	for (raw = 0; raw < 2; raw++) {
		npkts = 0;
		for (i = 0; i < 800; i++) {
			size_t len = rnd() % 90, k;
			struct ws_pkt *p;

			for (k = 0; k < len; k++)
				buf[k] = rnd();
			/* Mostly a known type, version 0, unicast addresses. */
			if (len && rnd() % 4) {
				buf[0] = 0x80 | (rnd() % 2 ? rnd() % 4 :
						 8 + rnd() % 6);
				if (len > 7)
					buf[7] &= 0xfe;
				if (len > 13)
					buf[13] &= 0xfe;
			}
			if (len >= LOOM_DHY_FRAME_MIN && i % 2)
				refcs(buf, len);
			p = add_dh_pkt(buf, len);
			if (!raw && !(rnd() % 8))
				put_unaligned_le16(rnd() % 100, p->shim + 2);
			if (!(rnd() % 8))
				p->caplen = (raw ? 0 : 18) + rnd() % (len + 1);
		}
		path = write_pcap(raw ? "dhyara-random-user1" : "dhyara-random",
				  raw ? WS_DLT_USER1 : WS_DLT_EN10MB);
		REQUIRE(path);
		REQUIRE(ws_fields(&t, path, fields, false));
		CHECK_INT(t.nrows, npkts);
		no_lua_error(&t);
		/* Every raw frame reached the dissector. */
		for (i = 1; i <= t.nrows; i++)
			if (raw && pkts[i - 1].len)
				CHECK(*cell(&t, i, "dhyara.ctl"));
	}
}

static void add_dh_variant(const u8 *frame, size_t len)
{
	struct ws_pkt *p = add_dh_pkt(frame, len);
	struct loom_dhy_frame f;
	int err;

	err = loom_dhy_frame_decode(p->frame, len, &f, NULL);
	set_verdict(err, f.drop);
}

/*
 * Each good Dhyara frame, damaged: every bit of its first 40 bytes
 * flipped with the FCS recomputed (and one bit a byte with it left
 * alone), every
 * truncation as received and with an FCS recomputed, every byte of its
 * first 40 set to a few values with the FCS recomputed.  The dissector
 * must name the reason loom_dhy_frame_decode() gives, mark malformed
 * every frame refused for its structure, and the FCS status must follow.
 */
TEST(wireshark_dhyara_agrees_with_kernel_decoder)
{
	static const char *const fields[] = {
		"frame.number", "dhyara.drop", "dhyara.malformed",
		"dhyara.fcs.status", "_ws.expert.message", NULL,
	};
	static const u8 vals[] = { 0x00, 0x01, 0x0c, 0x89, 0xff };
	static u8 frames[DH_ICMPX_CNK][WS_FRAME_ROOM];
	int counts[__LOOM_DROP_MAX + 1] = { 0 };
	size_t lens[DH_ICMPX_CNK], len, k;
	u8 buf[WS_FRAME_ROOM];
	unsigned int b, bit, v;
	struct ws_table t;
	const char *path;

	build_dhyara();
	for (b = 0; b < DH_ICMPX_CNK; b++) {
		lens[b] = pkts[b].len;
		memcpy(frames[b], pkts[b].frame, lens[b]);
	}
	verdicts = calloc(WS_MAX_PKTS, sizeof(*verdicts));
	REQUIRE(verdicts);
	npkts = 0;
	for (b = 0; b < DH_ICMPX_CNK; b++) {
		if (b + 1 == DH_CNK_BIG)
			continue;
		len = lens[b] - LOOM_FCS_LEN;
		if (len > 40)
			len = 40;
		add_dh_variant(frames[b], lens[b]);
		for (bit = 0; bit < 8 * len; bit++) {
			memcpy(buf, frames[b], lens[b]);
			buf[bit / 8] ^= 1 << bit % 8;
			if (bit % 8 == 0)
				add_dh_variant(buf, lens[b]);
			refcs(buf, lens[b]);
			add_dh_variant(buf, lens[b]);
		}
		for (k = 0; k < lens[b]; k++) {
			add_dh_variant(frames[b], k);
			if (k < LOOM_FCS_LEN)
				continue;
			memcpy(buf, frames[b], k);
			refcs(buf, k);
			add_dh_variant(buf, k);
		}
		for (k = 0; k < len; k++) {
			for (v = 0; v < ARRAY_SIZE(vals); v++) {
				memcpy(buf, frames[b], lens[b]);
				if (buf[k] == vals[v])
					continue;
				buf[k] = vals[v];
				refcs(buf, lens[b]);
				add_dh_variant(buf, lens[b]);
			}
		}
	}
	path = write_pcap("dhyara-damaged", WS_DLT_EN10MB);
	REQUIRE(path);
	REQUIRE(ws_fields(&t, path, fields, false));
	REQUIRE(t.nrows == npkts);
	no_lua_error(&t);
	CHECK_INT(compare_verdicts(&t, "dhyara", counts), 0);
	/* Every verdict the Dhyara decoder gives was exercised. */
	CHECK(counts[__LOOM_DROP_MAX] > 0);
	CHECK(counts[LOOM_DROP_SHORT] > 0 && counts[LOOM_DROP_LENGTH] > 0);
	CHECK(counts[LOOM_DROP_FCS] > 100 && counts[LOOM_DROP_VERSION] > 0);
	CHECK(counts[LOOM_DROP_TYPE] > 0 && counts[LOOM_DROP_FIELD] > 100);
	printf("    %d frames: %d taken, %d short, %d length, %d bad FCS, %d version, %d type, %d field\n",
	       npkts, counts[__LOOM_DROP_MAX], counts[LOOM_DROP_SHORT],
	       counts[LOOM_DROP_LENGTH], counts[LOOM_DROP_FCS],
	       counts[LOOM_DROP_VERSION], counts[LOOM_DROP_TYPE],
	       counts[LOOM_DROP_FIELD]);
}
