#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# loom_sniff.ko in QEMU (Debian's kernel): how many frames a second the
# sniffer takes.  Two mac80211_hwsim radios, each with a monitor
# interface; one injects 100-byte frames as fast as the kernel takes them
# (the integration tests' radiotap tool) for a few seconds, the other's
# monitor is sniffed.  Printed: frames injected per second, frames the
# monitor interface delivered per second (its rx counter), frames the
# sniffer counted per second, for a run without a session and one with;
# and the kernel memory per transmitter.  TCG: the figures are the
# emulated machine's, far below real hardware; what they compare is the
# same machine with and without the sniffer.
#
#   sniff.sh [--ko "loom.ko loom_hwsim.ko loom_sniff.ko"] [--loomctl FILE]

set -euo pipefail

bench="sniff bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
ko="$ko $repo/build/vm/loom_sniff.ko"
[ -f "$repo/build/vm/loom_sniff.ko" ] || { echo "$bench: no build/vm/loom_sniff.ko (make vm-modules)" >&2; exit 1; }
gcc -static -O2 -Wall -Wextra -Werror -o "$work/radiotap" \
	"$repo/tests/userspace/integration/radiotap.c"

cat >"$work/run.sh" <<'EOF'
err() { echo "@@BENCH error $*"; }
ip=/usr/bin/ip
secs=5
modprobe mac80211_hwsim radios=2 || { err "modprobe mac80211_hwsim"; exit 0; }
modprobe loom_sniff || { err "modprobe loom_sniff"; exit 0; }
i=0
for d in /sys/class/ieee80211/*; do
	iw phy "$(basename "$d")" interface add mon$i type monitor || err "mon$i"
	$ip link set mon$i up
	iw dev mon$i set freq 2412 || err "mon$i freq"
	i=$((i + 1))
done
up() { cut -d' ' -f1 /proc/uptime; }
rx() { cat /sys/class/net/mon1/statistics/rx_packets; }
counted() { loomctl sniff list -j | tr -d ' \n' | sed -n 's/.*"counted":\([0-9]*\).*/\1/p'; }
run() {
	r0=$(rx)
	c0=0
	[ "$1" = sniffer ] && c0=$(counted)
	t0=$(up)
	radiotap inject mon0 $secs 100 >/tmp/inj
	t1=$(up)
	sleep 1
	c1=0
	[ "$1" = sniffer ] && c1=$(counted)
	echo "@@BENCH fps $1 $t0 $t1 $(awk '{ print $2 }' /tmp/inj) $(($(rx) - r0)) $((c1 - c0))"
}
run none
loomctl sniff start mon1 || err "sniff start"
run sniffer
j=$(loomctl sniff list -j | tr -d ' \n')
echo "@@BENCH entry $(echo "$j" | sed -n 's/.*"entry_bytes":\([0-9]*\).*/\1/p')"
echo "@@BENCH bad $(echo "$j" | sed -n 's/.*"bad_radiotap":\([0-9]*\).*/\1/p')"
loomctl sniff stop mon1
EOF

vmbench_run 200 --bins "$loomctl:/usr/bin/loomctl $work/radiotap:/usr/bin/radiotap /usr/sbin/iw /usr/bin/ip" \
	--modules mac80211_hwsim

echo "== loom_sniff: frames a second on a mac80211_hwsim monitor interface (QEMU TCG) =="
awk '
	/@@BENCH fps/ {
		sub(/.*@@BENCH fps /, "")
		d = $3 - $2
		if (d <= 0) d = 1
		printf "%-8s injected %7.0f/s, monitor delivered %7.0f/s, sniffer counted %7.0f/s\n",
			$1 == "none" ? "without" : "with", $4 / d, $5 / d, $6 / d
	}
	/@@BENCH entry/ { printf "kernel memory per transmitter: %d bytes\n", $NF }
	/@@BENCH bad/ { printf "malformed radiotap headers: %d\n", $NF }
' "$log"
