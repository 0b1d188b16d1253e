#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loom MAC benchmarks on loom_hwsim's virtual clock, in QEMU (Debian's
# kernel): the nodes run exactly as in real time, but a simulated hour
# passes in seconds.
#   1. delivery at 10 % loss on every parent-child link: the seed network
#      (default config: 1 s slots, 60 s interval, 10 cycles), 13 rounds in
#      which each of its eight leaves sends 5 datagrams up and receives 5
#      down (1,040 in all); delivered, duplicates, handshakes retried,
#      datagrams given up;
#   2. an end device's radio-on time per data cycle against the minimum
#      its slot allows (a poll and an ACK on the air, two turnarounds),
#      and per refresh period against the refresh frame;
#   3. 201 nodes (the KUnit day network) for a simulated day: simulated
#      seconds per real second, and memory per running node;
#   4. goodput of a saturated link: End Device 1 keeps its queue full of
#      8-fragment datagrams to the coordinator for 10 simulated hours;
#      payload delivered against what its slots could carry (one full
#      fragment per slot);
#   5. the seed network in real time (quarter-second slots, SF7/500 kHz):
#      8 rounds, one data cycle apart, in which each of the eight leaves
#      sends a datagram up and receives one down (128 in all); datagrams
#      delivered, refreshes missed, syncs lost, handshakes failed, sends
#      skipped as too late, the jitter guard, and the slot-edge error (how
#      late each node's MAC acted on its schedule, all nodes' histograms
#      merged: p50, p99, max);
#   6. the same in a second VM while another host process (stress-ng
#      --cpu 1) keeps one of the two host cores busy.
#
#   mac.sh [--ko "loom.ko loom_hwsim.ko"] [--loomctl FILE]

set -euo pipefail

bench="mac bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
data=$repo/tests/userspace/integration/data

# The 201-node network of the KUnit day test: 10 routers with 5 end
# devices and 2 routers each, 6 end devices under each of those.
python3 - "$work/day.json" <<'PY'
import json, sys
n = 0
def node(kind, children=None):
    global n
    n += 1
    d = {"name": "n%d" % n, "type": kind}
    if children is not None:
        d["children"] = children
        d["sensor"] = False
    return d
kids = []
for a in range(10):
    sub = [node(0) for _ in range(5)]
    for b in range(2):
        sub.append(node(1, [node(0) for _ in range(6)]))
    kids.append(node(1, sub))
doc = {"config": {"slot_ms": 1000, "data_interval_ms": 480000, "data_cycles": 1},
       "root": {"name": "coord", "sensor": False, "children": kids}}
json.dump(doc, open(sys.argv[1], "w"), indent=1)
PY

cat >"$work/run.sh" <<'EOF'
. /data/common.sh
# Unreclaimable slab, kB: where kmalloc'ed nodes live, without page cache noise.
unrecl_kb() { sync; echo 3 >/proc/sys/vm/drop_caches; awk '/^SUnreclaim/ { print $2 }' /proc/meminfo; }
modprobe loom
# --- 1 and 2: the seed network at 10 % loss ---------------------------
BW=125
seed_net /data/seed.json clock=virtual seed=11
loomctl hwsim run 10s >/dev/null
# A lossless hour first: End Device 1's radio when all goes well.
# handshakes: its polls and data frames; refreshes: those it took.
hs() { echo $(($(counter 'End Device 1' polls) + $(counter 'End Device 1' data_tx))); }
r0=$(state_ms 1 receive) x0=$(state_ms 1 transmit) p0=$(counter 'End Device 1' refresh_rx) h0=$(hs)
loomctl hwsim run 1h >/dev/null
echo "@@BENCH radio $(($(state_ms 1 receive) - r0)) $(($(state_ms 1 transmit) - x0)) $(($(counter 'End Device 1' refresh_rx) - p0)) $(($(hs) - h0))"
# Then 10 % loss on every parent-child link, both ways.
i=0
for p in $PARENT; do
	[ "$p" -ge 0 ] && loomctl hwsim edge set $i $p rssi -80 snr 10 loss 10 both
	i=$((i + 1))
done
sent=0
sim=0
rx0=0
IFS='|'
for name in $NODES; do rx0=$((rx0 + $(counter "$name" rx_datagrams))); done
unset IFS
# 13 rounds of 80 datagrams (each leaf 5 up, 5 down), 2 simulated hours
# each: 1,040 in all, enough to tell 99.9 % from 100 %.  A listener per
# round: one burst of notifications at a time fits its socket buffer.
: >/tmp/recv
r=0
while [ $r -lt 13 ]; do
	loomctl recv -j >>/tmp/recv &
	rpid=$!
	sleep 1
	IFS='|'
	for k in 0 1 2 3 4; do
		for leaf in $LEAVES; do
			loomctl send from "$leaf" BillyTheCoord "up $r.$k $leaf" && sent=$((sent + 1))
			loomctl send from BillyTheCoord "$leaf" "down $r.$k $leaf" && sent=$((sent + 1))
		done
	done
	unset IFS
	a=$(up)
	loomctl hwsim run 2h >/dev/null
	sim=$(echo "$sim $a $(up)" | awk '{ printf "%.2f", $1 + $3 - $2 }')
	sleep 2
	kill $rpid 2>/dev/null
	wait $rpid 2>/dev/null
	r=$((r + 1))
done
rx1=0
IFS='|'
for name in $NODES; do rx1=$((rx1 + $(counter "$name" rx_datagrams))); done
unset IFS
got=$(grep -c '"data"' /tmp/recv)
uniq=$(sed -n 's/.*"data":"\([^"]*\)".*/\1/p' /tmp/recv | sort -u | wc -l)
fails=0 given=0
IFS='|'
for name in $NODES; do
	fails=$((fails + $(counter "$name" fails)))
	given=$((given + $(counter "$name" given_up)))
done
unset IFS
echo "@@BENCH loss $sent $got $uniq $fails $given $sim $((rx1 - rx0))"
rmmod loom_hwsim
# --- 3: 201 nodes for a simulated hour ----------------------------------
modprobe loom_hwsim radios=201 clock=virtual
loomctl hwsim medium set sigma 0
i=0
while [ $i -lt 201 ]; do
	loomctl hwsim radio set $i state rx pos $((i % 15 * 2)) $((i / 15 * 2))
	i=$((i + 1))
done
loomctl topology load /data/day.json >/dev/null
m1=$(unrecl_kb)
loomctl node start coord radio hwsim0 || echo "@@BENCH error start coord"
i=1
while [ $i -lt 201 ]; do
	loomctl node start "n$i" radio "hwsim$i" || echo "@@BENCH error start n$i"
	i=$((i + 1))
done
m2=$(unrecl_kb)
t0=$(up)
loomctl hwsim run 1d >/dev/null
t1=$(up)
synced=$(loomctl node list -j | grep -o '"synced":true' | wc -l)
echo "@@BENCH day $t0 $t1 $synced $m1 $m2"
rmmod loom_hwsim
# The same 201 nodes again with IPv6 off on new devices: what the loomN
# device's IPv6 state costs.
echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
modprobe loom_hwsim radios=201 clock=virtual
m3=$(unrecl_kb)
loomctl node start coord radio hwsim0 || echo "@@BENCH error start coord"
i=1
while [ $i -lt 201 ]; do
	loomctl node start "n$i" radio "hwsim$i" || echo "@@BENCH error start n$i"
	i=$((i + 1))
done
m4=$(unrecl_kb)
echo "@@BENCH noipv6 $m3 $m4"
rmmod loom_hwsim
echo 0 >/proc/sys/net/ipv6/conf/default/disable_ipv6
# --- 4: goodput of one saturated link ---------------------------------
seed_net /data/seed.json clock=virtual seed=12
loomctl hwsim run 3m >/dev/null
max=$(counter 'End Device 1' datagram_max)
fp=$(((max + 3) / 64))
payload=$(head -c $((8 * fp - 3)) /dev/zero | tr '\0' x)
fill() {
	while loomctl send from 'End Device 1' BillyTheCoord "$payload" 2>/dev/null; do :; done
}
fill
h0=$(hs) d0=$(counter BillyTheCoord rx_datagrams)
k=0
while [ $k -lt 20 ]; do
	loomctl hwsim run 30m >/dev/null
	fill
	k=$((k + 1))
done
echo "@@BENCH goodput $fp $((8 * fp - 3)) $(($(hs) - h0)) $(($(counter BillyTheCoord rx_datagrams) - d0)) $(counter 'End Device 1' polls)"
rmmod loom_hwsim
# --- 5: the seed network in real time -----------------------------------
realtime
EOF

# What both VMs share: counters, the seed network on loom_hwsim, and the
# real-time part (the seed network at seed-fast settings, 8 rounds of 16
# datagrams one data cycle, 6 s, apart).
cat >"$work/common.sh" <<'EOF'
up() { cut -d' ' -f1 /proc/uptime; }
# counter NODE FIELD: one counter of a running node.
counter() {
	loomctl node show "$1" -j | tr -d ' \n' |
		sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
# state_ms ID STATE: time radio ID spent in STATE, ms.
state_ms() {
	loomctl hwsim radio show "$1" -j | tr -d ' \n' |
		sed -n "s/.*\"state_time_ns\":{[^}]*\"$2\":\([0-9]*\).*/\1/p" |
		awk '{ printf "%d", $1 / 1000000 }'
}
NODES="BillyTheCoord|End Device 1|Router 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1|Router 1 Router 1 End Device 1|Router 1 Router 2|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2|Router 2 End Device 1"
LEAVES="End Device 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1 End Device 1|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2 End Device 1"
PARENT="-1 0 0 2 2 2 5 2 7 7 2 0 11"

# seed_net TOPOLOGY HWSIM_PARAM...: the seed network, each node on the
# radio of its index, every parent-child link at -80 dBm / 10 dB.
seed_net() {
	_topo=$1
	shift
	modprobe loom_hwsim radios=13 "$@"
	loomctl hwsim medium set sigma 0
	i=0
	for p in $PARENT; do
		loomctl hwsim radio set $i state rx bw "$BW" pos $((i * 3)) 0
		[ "$p" -ge 0 ] && loomctl hwsim edge set $i $p rssi -80 snr 10 both
		i=$((i + 1))
	done
	loomctl topology load "$_topo" >/dev/null
	i=0
	IFS='|'
	for name in $NODES; do
		loomctl node start "$name" radio "hwsim$i" || echo "@@BENCH error start $name"
		i=$((i + 1))
	done
	unset IFS
}

realtime() {
	BW=500
	seed_net /data/seed-fast.json
	t=0
	while [ "$(loomctl node list -j | grep -o '"synced":true' | wc -l)" != 13 ] &&
		[ $t -lt 60 ]; do
		sleep 1
		t=$((t + 1))
	done
	# Each datagram stamped with the uptime it arrived at.
	rm -f /tmp/rtfifo
	mkfifo /tmp/rtfifo
	(while IFS= read -r l; do echo "$(up) $l"; done </tmp/rtfifo >/tmp/rt) &
	loomctl recv -j >/tmp/rtfifo &
	rpid=$!
	# The listener has joined the data group once its socket (found by
	# inode: libnl picks random port ids) lists a group.
	t=0
	while ino=$(ls -l /proc/$rpid/fd | sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' | tr '\n' ' ') &&
		! awk -v ino="$ino" 'BEGIN { n = split(ino, a, " "); for (i = 1; i <= n; i++) w[a[i]] = 1 }
			($10 in w) && $4 != "00000000" { f = 1 } END { exit !f }' /proc/net/netlink &&
		[ $t -lt 50 ]; do
		sleep 0.2
		t=$((t + 1))
	done
	sent=0 tried=0
	r=0
	while [ $r -lt 8 ]; do
		IFS='|'
		for leaf in $LEAVES; do
			for dir in up down; do
				tried=$((tried + 1))
				if [ $dir = up ]; then
					loomctl send from "$leaf" BillyTheCoord "rt $(up) up $r $leaf"
				else
					loomctl send from BillyTheCoord "$leaf" "rt $(up) down $r $leaf"
				fi && sent=$((sent + 1))
			done
		done
		unset IFS
		sleep 6
		r=$((r + 1))
	done
	# rt_first: each datagram that arrived, once: "text|sent|arrived".
	rt_first() {
		sed -n 's/^\([0-9.]*\) .*"data":"rt \([0-9.]*\) \([^"]*\)".*/\3|\2|\1/p' /tmp/rt |
			awk -F'|' '!seen[$1]++'
	}
	# The last down datagrams need up to a data cycle per hop.
	t=0
	while [ "$(rt_first | wc -l)" -lt $sent ] && [ $t -lt 60 ]; do
		sleep 1
		t=$((t + 1))
	done
	kill $rpid 2>/dev/null
	rt_first | awk -F'|' '{ print $3 - $2 }' | sort -n >/tmp/lat
	got=$(wc -l </tmp/lat)
	lat=$(awk '{ v[NR] = $1 } END { if (NR) printf "%.1f %.1f", v[int((NR + 1) / 2)], v[NR]; else printf "0 0" }' /tmp/lat)
	sum() {
		_s=0
		IFS='|'
		for name in $NODES; do
			_v=$(counter "$name" "$1")
			_s=$((_s + ${_v:-0}))
		done
		unset IFS
		echo $_s
	}
	synced=$(loomctl node list -j | grep -o '"synced":true' | wc -l)
	echo "@@BENCH rt $tried $sent $got $lat $synced $(sum refresh_missed) $(sum sync_lost) $(sum fails) $(sum given_up) $(sum late_skips) $(sum more_missed)"
	IFS='|'
	for name in $NODES; do
		j=$(loomctl node show "$name" -j | tr -d ' \n')
		echo "@@BENCH guard $(echo "$j" | sed -n 's/.*"jitter_max_ns":\([0-9]*\).*/\1/p')"
		echo "@@BENCH edge $(echo "$j" | sed -n 's/.*"max_ns":\([0-9]*\).*/\1/p') $(echo "$j" | sed -n 's/.*"hist":\[\([0-9,]*\)\].*/\1/p' | tr ',' ' ')"
	done
	unset IFS
	rmmod loom_hwsim
}
EOF

# rt_report LOG TITLE: the real-time figures of one VM's console log.
rt_report() {
	awk -v title="$2" '
	/@@BENCH rt / {
		sub(/.*@@BENCH rt /, "")
		tried = $1; sent = $2; got = $3; lmed = $4; lmax = $5; synced = $6
		missed = $7; lost = $8; fails = $9; given = $10; skips = $11; more = $12
	}
	/@@BENCH guard / {
		sub(/.*@@BENCH guard /, "")
		if ($1 + 0 > gmax) gmax = $1
	}
	/@@BENCH edge / {
		sub(/.*@@BENCH edge /, "")
		if ($1 > emax) emax = $1
		for (b = 2; b <= NF; b++) { hist[b - 2] += $b; total += $b }
		enodes++
	}
	END {
		if (!enodes)
			exit
		# Bucket b >= 1 starts at 2^m + s 2^(m-3), m = 10 + (b-1)/8.
		for (b = 0; b < 137; b++) {
			if (b == 0) low = 0
			else { m = 10 + int((b - 1) / 8); s = (b - 1) % 8; low = 2^m + s * 2^(m - 3) }
			cum += hist[b]
			if (!p50set && cum >= total * 0.5) { p50 = low; p50set = 1 }
			if (!p99set && cum >= total * 0.99) { p99 = low; p99set = 1 }
		}
		printf "%s:\n", title
		printf "  %d of %d datagrams delivered (%.1f %%; %d refused at the send), %d of %d nodes in sync at the end\n",
			got, tried, tried ? 100 * got / tried : 0, tried - sent, synced, enodes
		printf "  latency from send to arrival: median %.1f s, max %.1f s\n", lmed, lmax
		printf "  %d refreshes missed, %d syncs lost, %d handshakes failed, %d packets given up,\n",
			missed, lost, fails, given
		printf "  %d sends skipped as too late, %d configuration packets missed\n", skips, more
		printf "  slot-edge error over %d schedule edges: p50 %.0f us, p99 %.0f us (bucket lower bounds), max %.0f us\n",
			total, p50 / 1000, p99 / 1000, emax / 1000
		printf "  largest jitter guard any node took: %.1f ms\n", gmax / 1e6
	}' "$1"
}

vmbench_run 1500 --files "$data/seed.json:/data/seed.json $data/seed-fast.json:/data/seed-fast.json $work/day.json:/data/day.json $work/common.sh:/data/common.sh"

echo "== Loom MAC on loom_hwsim's virtual clock (QEMU TCG) =="
awk '
	/@@BENCH loss / {
		sub(/.*@@BENCH loss /, "")
		printf "delivery at 10 %% loss per frame (seed network, 26 h):\n"
		printf "  %d of %d datagrams delivered (%.2f %%), %d duplicates delivered\n",
			$7, $1, 100 * $7 / $1, $2 - $3
		printf "  (kernel counters; %d notifications seen, %d distinct)\n", $2, $3
		printf "  %d handshakes failed (polls included) and were retried, %d packets given up\n", $4, $5
		printf "  26 h simulated in %.2f s of virtual-clock runs\n", $6
	}
	/@@BENCH radio / {
		sub(/.*@@BENCH radio /, "")
		on = $1 + $2; periods = $3; cycles = $4
		# Minimum per data cycle: a poll (10 bytes) and an ACK (5 bytes)
		# on the air at SF7/125 kHz, and two 1 ms turnarounds;
		# per period: the 11-byte refresh frame, a turnaround and the
		# 21-byte configuration that follows it, and a turnaround more
		# before the radio sleeps.
		min = cycles * (41.216 + 30.976 + 2) + periods * (41.216 + 2 + 56.576)
		printf "End Device 1 radio on, a lossless hour: %d ms for %d refreshes and %d handshakes\n", on, periods, cycles
		printf "  %.1f ms per data cycle; minimum %.1f ms (frames and turnarounds only): ratio %.2f\n",
			on / cycles, min / cycles, on / min
	}
	/@@BENCH day / {
		sub(/.*@@BENCH day /, "")
		printf "201 nodes, 1 simulated day: %.2f s real (%.0fx real time), %d of 201 nodes in sync\n",
			$2 - $1, 86400 / ($2 - $1), $3
		printf "  memory per running node: %.1f kB (unreclaimable slab before and after starting 201)\n",
			($5 - $4) / 201
	}
	/@@BENCH noipv6 / {
		sub(/.*@@BENCH noipv6 /, "")
		printf "  with IPv6 off on the loomN devices: %.1f kB per node\n", ($2 - $1) / 201
	}
	/@@BENCH goodput / {
		sub(/.*@@BENCH goodput /, "")
		fp = $1; size = $2; slots = $3; got = $4
		printf "goodput of a saturated link (End Device 1 to the coordinator, 10 simulated hours):\n"
		printf "  %d datagrams of %d bytes in %d slots of %d bytes each (%d polls: queue ran dry)\n",
			got, size, slots, fp, $5
		printf "  %d bytes delivered of %d the slots could carry: ratio %.3f\n",
			got * size, slots * fp, got * size / (slots * fp)
	}' "$log"
rt_report "$log" "the seed network in real time (QEMU TCG, host otherwise as it was)"

# --- 6: the same while another process keeps a host core busy ----------
cat >"$work/run.sh" <<'EOF'
. /data/common.sh
modprobe loom
realtime
EOF
command -v stress-ng >/dev/null || { echo "$bench: no stress-ng (make deps)" >&2; exit 1; }
stress-ng --cpu 1 --timeout 600s >/dev/null 2>&1 &
stress=$!
log=$work/busy.log
vmbench_run 600 --files "$data/seed-fast.json:/data/seed-fast.json $work/common.sh:/data/common.sh"
kill "$stress" 2>/dev/null
wait "$stress" 2>/dev/null || true
rt_report "$log" "the same while stress-ng --cpu 1 keeps one of the two host cores busy"
