#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sx127x.ko on loom_hwsim's emulated SX1276 chips, in QEMU (Debian's
# kernel): the seed network in real time (quarter-second slots, SF7/500
# kHz), "Router 1" and "Router 1 Router 1" on chips, the other eleven
# nodes on hwsim radios; each leaf sends a datagram up and receives one
# down, 6 rounds a data cycle apart.  Printed, per chip: frames sent and
# received; SPI messages and bytes (both ways, the emulator's count) per
# frame; the time from the xmit operation to the chip told to transmit
# (what a chip adds to a node's slot-edge error: the work item and the
# SPI writes), mean and max; the time from the RxDone interrupt to the
# frame handed to the MAC, mean and max; and the MAC's slot-edge error
# (how late it acted on its schedule) of the chips' nodes beside the
# hwsim radios' nodes (max of each group, and p99 over the group's merged
# histograms).  TCG: the SPI "bus" is a function call, so the SPI times
# are the software path's, not a 10 MHz bus's (a 255-byte FIFO burst takes
# about 0.2 ms at 10 MHz on hardware).
#
#   sx127x.sh [--ko "loom.ko loom_hwsim.ko sx127x.ko"] [--loomctl FILE]

set -euo pipefail

bench="sx127x bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
ko="$ko $repo/build/vm/sx127x.ko"
[ -f "$repo/build/vm/sx127x.ko" ] || { echo "$bench: no build/vm/sx127x.ko (make vm-modules)" >&2; exit 1; }
data=$repo/tests/userspace/integration/data

cat >"$work/run.sh" <<'EOF'
err() { echo "@@BENCH error $*"; }
NODES="BillyTheCoord|End Device 1|Router 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1|Router 1 Router 1 End Device 1|Router 1 Router 2|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2|Router 2 End Device 1"
LEAVES="End Device 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1 End Device 1|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2 End Device 1"
modprobe loom_hwsim radios=13 || { err "modprobe loom_hwsim"; exit 0; }
modprobe sx127x || { err "modprobe sx127x"; exit 0; }
loomctl hwsim medium set sigma 0 >/dev/null
i=0
while [ $i -lt 13 ]; do
	loomctl hwsim radio set $i bw 500 state rx pos $((i * 3)) 0 >/dev/null
	i=$((i + 1))
done
for i in 2 5; do
	loomctl hwsim radio del $i
	loomctl hwsim radio add chip sx1276 bw 500 pos $((i * 3)) 0 >/dev/null ||
		{ err "chip add"; exit 0; }
done
t=0
while [ "$(loomctl radio list | grep -c '^sx127x')" != 2 ] && [ $t -lt 50 ]; do
	sleep 0.2
	t=$((t + 1))
done
loomctl topology load /bench/seed-fast.json >/dev/null || { err "topology load"; exit 0; }
i=0 k=0
IFS='|'
for name in $NODES; do
	case $i in
	2 | 5) r=sx127x$k k=$((k + 1)) ;;
	*) r=hwsim$i ;;
	esac
	loomctl node start "$name" radio "$r" || err "node start $name"
	i=$((i + 1))
done
unset IFS
t=0
while [ "$(loomctl node list -j | grep -o '"synced":true' | wc -l)" != 13 ] && [ $t -lt 60 ]; do
	sleep 1
	t=$((t + 1))
done
echo "@@BENCH synced $(loomctl node list -j | grep -o '"synced":true' | wc -l)"
loomctl recv -j 200 >/tmp/rt 2>/dev/null &
rpid=$!
sleep 1
r=0 sent=0
while [ $r -lt 6 ]; do
	IFS='|'
	for leaf in $LEAVES; do
		loomctl send from "$leaf" BillyTheCoord "up $r" >/dev/null && sent=$((sent + 1))
		loomctl send from BillyTheCoord "$leaf" "down $r" >/dev/null && sent=$((sent + 1))
	done
	unset IFS
	sleep 6
	r=$((r + 1))
done
sleep 10
kill $rpid 2>/dev/null
echo "@@BENCH dgrams $sent $(grep -c '"data"' /tmp/rt)"
# The chips: the driver's counters and the emulator's.
loomctl -j radio list | tr -d ' \n' | sed 's/},{"radio"/}\n{"radio"/g' |
	grep '"kind":"sx127x"' | while read -r o; do
	g() { echo "$o" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
	echo "@@BENCH chip $(echo "$o" | sed -n 's/.*"radio":"\([^"]*\)".*/\1/p') $(g tx_frames) $(g rx_frames) $(g spi_messages) $(g spi_errors) $(g tx_start_ns) $(g tx_start_max_ns) $(g rx_irq_ns) $(g rx_irq_max_ns)"
done
loomctl hwsim radio list -j | tr -d ' \n' | sed 's/},{"id"/}\n{"id"/g' | grep '"spi_dev"' |
	while read -r o; do
	g() { echo "$o" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
	echo "@@BENCH spibytes $(g spi_bytes_in) $(g spi_bytes_out)"
done
# The MAC's slot-edge error: chips' nodes, then the others.
IFS='|'
for name in $NODES; do
	j=$(loomctl node show "$name" -j | tr -d ' \n')
	case $name in
	"Router 1" | "Router 1 Router 1") grp=chip ;;
	*) grp=hwsim ;;
	esac
	echo "@@BENCH edge $grp $(echo "$j" | sed -n 's/.*"max_ns":\([0-9]*\).*/\1/p') $(echo "$j" | sed -n 's/.*"hist":\[\([0-9,]*\)\].*/\1/p' | tr ',' ' ')"
done
unset IFS
EOF

vmbench_run 400 --files "$data/seed-fast.json:/bench/seed-fast.json"

echo "== sx127x.ko on emulated SX1276 chips: the seed network, 2 routers on chips (QEMU TCG) =="
awk '
	/@@BENCH error/ { sub(/.*@@BENCH /, ""); print; next }
	/@@BENCH synced/ { printf "nodes in sync: %d of 13\n", $NF }
	/@@BENCH dgrams/ { printf "datagrams: %d sent, %d received\n", $(NF - 1), $NF }
	/@@BENCH chip / {
		sub(/.*@@BENCH chip /, "")
		n = $2 + $3
		printf "%s: %d frames sent, %d received; %.1f SPI messages per frame, %d SPI errors\n",
			$1, $2, $3, n ? $4 / n : 0, $5
		printf "  xmit to the chip told to transmit: mean %.0f us, max %.0f us\n",
			$2 ? $6 / $2 / 1000 : 0, $7 / 1000
		printf "  RxDone interrupt to the frame delivered: mean %.0f us, max %.0f us\n",
			$3 ? $8 / $3 / 1000 : 0, $9 / 1000
		frames += n
	}
	/@@BENCH spibytes/ { bin += $(NF - 1); bout += $NF }
	/@@BENCH edge / {
		sub(/.*@@BENCH edge /, "")
		g = $1
		if ($2 + 0 > emax[g]) emax[g] = $2 + 0
		for (i = 3; i <= NF; i++) { h[g, i - 3] += $i; tot[g] += $i; if (i - 3 > nb) nb = i - 3 }
	}
	END {
		if (frames) printf "SPI bytes per frame, both chips: %.1f host to chip, %.1f chip to host\n",
			bin / frames, bout / frames
		split("chip hwsim", gs, " ")
		for (k = 1; k <= 2; k++) {
			g = gs[k]; c = 0; p99 = -1
			# Bucket b >= 1 starts at 2^m + s 2^(m-3) ns, m = 10 + (b-1)/8
			# (mac.sh, kernel/clock.c).
			for (i = 0; i <= nb; i++) {
				c += h[g, i]
				if (p99 < 0 && c >= tot[g] * 0.99) {
					m = 10 + int((i - 1) / 8)
					p99 = i ? 2^m + ((i - 1) % 8) * 2^(m - 3) : 0
				}
			}
			printf "slot-edge error, nodes on %s radios: p99 %.0f us (bucket lower bound), max %.0f us, %d schedule edges\n",
				g, p99 / 1000, emax[g] / 1000, tot[g]
		}
	}' "$log"
