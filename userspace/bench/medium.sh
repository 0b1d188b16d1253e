#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# loom-medium benchmarks, in QEMU on Debian's kernel (mac80211_hwsim and
# batman-adv are stock modules).  Printed as tables:
#   1. frames per second with 16 mac80211_hwsim radios, through the
#      kernel's built-in perfect medium and through loom-medium: each
#      radio has a monitor interface on 2412 MHz and injects 100-byte
#      broadcast data frames as fast as it can for a few seconds, all at
#      once; receptions are counted at the other 15 monitors
#      (rx_packets: frames received, not the sender's own status copies).
#      Under loom-medium the 16 radios stand 2 m apart on a 4 x 4 grid,
#      all in range of each other.
#   2. batman-adv (BATMAN_IV, OGMs every 500 ms) on the four-node line of
#      t-95 (tests/userspace/integration/mesh-line.sh, 25 m apart, each
#      hearing only its neighbours): round-trip times of batctl ping and
#      of ping over bat0, one hop (n1 -> n2) and three (n1 -> n4); UDP
#      throughput with iperf3 over bat0, both distances.
#
#   medium.sh [--ko "loom.ko loom_hwsim.ko"] [--loomctl FILE]
# Assumes "make all" ran.  TCG is slower than hardware and frames cost
# CPU, not airtime, here: the figures are a floor, for comparing.

set -euo pipefail

bench="medium bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
secs=${LOOM_BENCH_SECONDS:-5}
medium=$repo/userspace/medium/loom-medium
itests=$repo/tests/userspace/integration
[ -x "$medium" ] || { echo "$bench: no $medium (make all)" >&2; exit 1; }
for b in /usr/sbin/batctl /usr/bin/iperf3 /usr/sbin/iw; do
	[ -x "$b" ] || { echo "$bench: no $b (make deps)" >&2; exit 1; }
done
# The static radiotap helper of the integration tests.
gcc -static -O2 -Wall -Wextra -Werror -o "$work/radiotap" "$itests/radiotap.c"

cat >"$work/run.sh" <<EOF
. /bench/mesh-line.sh
secs=$secs
EOF
cat >>"$work/run.sh" <<'EOF'
up() { cut -d' ' -f1 /proc/uptime; }
err() { echo "@@BENCH error $*"; }
rx_total() { cat /sys/class/net/mon*/statistics/rx_packets | awk '{ s += $1 } END { print s }'; }

# --- 1: 16 radios, every one injecting broadcasts --------------------
grid_conf() {
	i=0
	while [ $i -lt 16 ]; do
		printf 'radio r%d addr 42:00:00:00:%02x:00 pos %d %d\n' $i $i \
			$((i % 4 * 2)) $((i / 4 * 2))
		i=$((i + 1))
	done
}
fps() {
	modprobe mac80211_hwsim radios=16 || err "modprobe mac80211_hwsim"
	if [ "$1" = medium ]; then
		{ echo "medium exponent 3 sigma 0 threshold -90"; grid_conf; } >/tmp/grid.conf
		loom-medium -c /tmp/grid.conf -S /run/grid.sock >/tmp/grid.log 2>&1 &
		mpid=$!
		wait_until 10 sh -c 'loom-medium ctl -S /run/grid.sock show -j | grep -q "\"registered\":true"' ||
			err "medium did not register: $(cat /tmp/grid.log)"
	fi
	i=0
	for d in /sys/class/ieee80211/*; do
		iw phy "$(basename "$d")" interface add mon$i type monitor || err "mon$i"
		$ip link set mon$i up
		iw dev mon$i set freq 2412 || err "mon$i freq"
		i=$((i + 1))
	done
	r0=$(rx_total)
	t0=$(up)
	i=0
	pids=
	while [ $i -lt 16 ]; do
		radiotap inject mon$i "$secs" 100 >/tmp/inj.$i &
		pids="$pids $!"
		i=$((i + 1))
	done
	wait $pids
	t1=$(up)
	# Let the last frames land before counting.
	sleep 1
	sent=$(cat /tmp/inj.* | awk '{ s += $2 } END { print s }')
	over=0
	if [ "$1" = medium ]; then
		over=$(loom-medium ctl -S /run/grid.sock show -j | sed -n 's/.*"overruns":\([0-9]*\).*/\1/p')
		kill -TERM $mpid
		wait $mpid
		mpid=
	fi
	echo "@@BENCH fps $1 $t0 $t1 $sent $(($(rx_total) - r0)) $over"
	rmmod mac80211_hwsim
	rm -f /tmp/inj.*
}
fps perfect
fps medium

# --- 2: batman-adv on the line ----------------------------------------
modprobe mac80211_hwsim radios=4 || err "modprobe mac80211_hwsim"
modprobe batman_adv || err "modprobe batman_adv"
line_phys >/tmp/phys.out || err "$(cat /tmp/phys.out)"
line_conf /tmp/line.conf
loom-medium -c /tmp/line.conf >/tmp/line.log 2>&1 &
mpid=$!
wait_until 10 registered || err "medium did not register: $(cat /tmp/line.log)"
out=$(line_up)
[ -n "$out" ] && err "setting up the line: $out"
wait_until 40 route_via 1 "$(mac 4)" "$(mac 2)" || err "no route n1 -> n4 via n2"
wait_until 20 bping 1 "$(mac 4)" || err "batctl ping n1 -> n4"
wait_until 20 in_n 1 ping -c 1 -W 1 10.95.0.4 || err "ping n1 -> n4"
for hop in 1 3; do
	n=$((hop + 1))
	b=$(in_n 1 batctl ping -c 20 -i 0.2 "$(mac $n)" | sed -n 's/.*rtt min\/avg\/max\/mdev = \([0-9.\/]*\).*/\1/p' | tr '/' ' ')
	p=$(in_n 1 ping -c 20 -i 0.2 -W 2 10.95.0.$n | sed -n 's/.*min\/avg\/max = \([0-9.\/]*\).*/\1/p' | tr '/' ' ')
	in_n $n iperf3 -s -1 --forceflush >/tmp/srv.$n 2>&1 &
	spid=$!
	wait_until 10 grep -q "listening" /tmp/srv.$n || err "iperf3 server n$n"
	u=$(in_n 1 iperf3 -c 10.95.0.$n -u -b 100M -l 1400 -t "$secs" |
		awk '/receiver/ { for (i = 1; i <= NF; i++) { if ($i == "Mbits/sec" || $i == "Kbits/sec") { r = $(i - 1); if ($i == "Kbits/sec") r /= 1000 } if ($i ~ /^\(/) l = $i } } /sender/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") s = $(i - 1) } END { gsub(/[()%]/, "", l); print s + 0, r + 0, l + 0 }')
	wait $spid
	echo "@@BENCH line $hop ${b:-- - - -} ${p:-- - -} ${u:-0 0 100}"
done
echo "@@BENCH linemedium $(loom-medium ctl show -j | sed -n 's/.*"frames":\([0-9]*\),.*"overruns":\([0-9]*\),.*/\1 \2/p')"
kill -TERM $mpid
wait $mpid
line_down
EOF

vmbench_run 900 --modules "mac80211_hwsim batman_adv" \
	--bins "$loomctl:/usr/bin/loomctl $medium:/usr/bin/loom-medium $work/radiotap:/usr/bin/radiotap /usr/sbin/iw /usr/bin/ip /usr/sbin/batctl /usr/bin/iperf3" \
	--files "$itests/mesh-line.sh:/bench/mesh-line.sh"

echo "== loom-medium: 16 mac80211_hwsim radios, 100-byte broadcasts from all, $secs s (QEMU TCG) =="
awk '
	/@@BENCH fps / {
		sub(/.*@@BENCH fps /, "")
		wall = $3 - $2
		if (wall <= 0) wall = 0.01
		if (!hdr++) printf "%-22s | %10s %14s | %14s | %s\n", "medium", "frames/s",
			"receptions/s", "recv per frame", "medium overruns"
		name = $1 == "perfect" ? "kernel perfect medium" : "loom-medium"
		printf "%-22s | %10.0f %14.0f | %14.2f | %s\n", name, $4 / wall, $5 / wall,
			$4 ? $5 / $4 : 0, $1 == "perfect" ? "-" : $6
	}' "$log"
echo
echo "== batman-adv (BATMAN_IV, OGM 500 ms) over loom-medium: 4-node line, 25 m hops (QEMU TCG) =="
awk '
	/@@BENCH line / {
		sub(/.*@@BENCH line /, "")
		if (!hdr++) printf "%-5s | %-26s | %-26s | %s\n", "hops",
			"batctl ping min/avg/max ms", "ping bat0 min/avg/max ms",
			"iperf3 UDP sent/received Mb/s (loss)"
		printf "%-5s | %8s %8s %8s | %8s %8s %8s | %6.1f / %6.1f (%s %%)\n",
			$1, $2, $3, $4, $6, $7, $8, $9, $10, $11
	}
	/@@BENCH linemedium / {
		sub(/.*@@BENCH linemedium /, "")
		printf "(medium: %d frames decided, %d overruns; 20 pings 0.2 s apart, iperf3 -u -b 100M -l 1400)\n", $1, $2
	}' "$log"
