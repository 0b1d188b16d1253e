#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# loom_hwsim benchmarks, in QEMU on Debian's kernel (modules do not load
# on the host).  Printed as tables:
#   1. frames per second through the medium with 2, 16 and 128 radios, in
#      each clock mode: every radio runs a generator (20-byte frames,
#      56.576 ms on air at SF7/125 kHz, radio i waiting i ms between
#      frames), radios 10 m apart on a line, edges from the path-loss
#      model.  "receptions" are the judgements made at receivers (heard,
#      weak, lost, collided, deaf).  Real mode is bound by the air: its
#      ceiling is radios / (airtime + gap), shown as "of ideal".
#   2. virtual-clock speed: simulated seconds per real second.
#   3. memory per edge slot (MemFree) and per radio (unreclaimable slab).
#
#   hwsim.sh [--ko "loom.ko loom_hwsim.ko"] [--loomctl FILE]
# Assumes "make all vm-modules" ran.  Needs no KVM; TCG is slower than
# hardware, so the figures are a floor.

set -euo pipefail

bench="hwsim bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
secs=${LOOM_BENCH_SECONDS:-5}

# In the VM.  Busybox sh and awk; /proc/uptime gives 10 ms resolution,
# so real-time windows are several seconds long.
cat >"$work/run.sh" <<EOF
up() { cut -d' ' -f1 /proc/uptime; }
# sums: total frames sent and receptions judged, over all radios.
sums() {
	loomctl hwsim radio list -j | tr -d ' \n' | tr '{' '\n' | awk '
		/"tx":/ { match(\$0, /"tx":[0-9]+/); tx += substr(\$0, RSTART + 5, RLENGTH - 5) }
		{ while (match(\$0, /"rx[a-z_]*":[0-9]+/)) {
			s = substr(\$0, RSTART, RLENGTH); sub(/.*:/, "", s); rx += s
			\$0 = substr(\$0, RSTART + RLENGTH) } }
		END { printf "%d %d\n", tx, rx }'
}
# start N: every radio listens and sends, radio i with an i ms gap.
start() {
	i=0
	while [ \$i -lt \$1 ]; do
		loomctl hwsim radio set \$i state rx gen 20 gap \$i || echo "@@BENCH error radio \$i"
		i=\$((i + 1))
	done
}
modprobe loom
for n in 2 16 128; do
	modprobe loom_hwsim radios=\$n max_radios=128
	start \$n
	sleep 1
	set -- \$(sums); t0=\$(up); tx0=\$1 rx0=\$2
	sleep $secs
	set -- \$(sums); t1=\$(up)
	echo "@@BENCH real \$n \$t0 \$t1 \$tx0 \$1 \$rx0 \$2"
	rmmod loom_hwsim
	modprobe loom_hwsim radios=\$n max_radios=128 clock=virtual
	start \$n
	# Long enough to time with /proc/uptime's 10 ms ticks.
	case \$n in 2) sim=3600 ;; 16) sim=600 ;; *) sim=60 ;; esac
	t0=\$(up)
	loomctl hwsim run \${sim}s >/dev/null
	t1=\$(up)
	set -- \$(sums)
	echo "@@BENCH virtual \$n \$t0 \$t1 0 \$1 0 \$2 \$sim"
	rmmod loom_hwsim
done
# Memory, each load against its own baseline: the edge matrix (vmalloc,
# growing with max_radios squared) from MemFree; radios (1000 at load, all
# wired by the model) from unreclaimable slab, free of page cache noise.
meminfo() { sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1; awk "/^\$1:/ { print \\\$2 }" /proc/meminfo; }
cost() {
	f=\$(meminfo MemFree) u=\$(meminfo SUnreclaim)
	modprobe loom_hwsim "\$@"
	echo \$((f - \$(meminfo MemFree))) \$((\$(meminfo SUnreclaim) - u))
	rmmod loom_hwsim
}
echo "@@BENCH memory \$(cost radios=0 max_radios=2) \$(cost radios=0 max_radios=1024) \$(cost radios=1000 max_radios=1024)"
EOF

vmbench_run 900

echo "== loom_hwsim: frames through the medium (QEMU TCG, 20-byte frames, SF7/125 kHz) =="
awk '
	/@@BENCH (real|virtual) / {
		sub(/.*@@BENCH /, "")
		mode = $1; n = $2; wall = $4 - $3; tx = $6 - $5; rx = $8 - $7
		if (wall <= 0) wall = 0.01
		if (!hdr++) printf "%-8s %7s | %12s %14s | %10s | %s\n", "clock", "radios",
			"frames/s", "receptions/s", "of ideal", "simulated s / real s"
		if (mode == "real") {
			ideal = 0
			for (i = 0; i < n; i++) ideal += 1 / (0.056576 + i / 1000)
			printf "%-8s %7d | %12.1f %14.1f | %9.1f%% | %s\n", mode, n,
				tx / wall, rx / wall, 100 * tx / wall / ideal, "1 (real time)"
		} else {
			printf "%-8s %7d | %12.1f %14.1f | %10s | %.1f\n", mode, n,
				tx / wall, rx / wall, "-", $9 / wall
		}
	}' "$log"
echo
echo "== loom_hwsim: memory (kB deltas; includes slab rounding) =="
awk '
	/@@BENCH memory / {
		sub(/.*@@BENCH memory /, "")
		base = $1; big = $3; radios = $6 - $4
		printf "module with an empty medium of 2: %d kB (page noise: +-4 kB)\n", base
		printf "per edge slot: %.1f bytes (matrix of 1024 x 1024: %d kB more)\n",
			(big - base) * 1024 / (1024 * 1024 - 4), big - base
		printf "per radio: %.0f bytes of slab (1000 radios)\n", radios * 1024 / 1000
	}' "$log"
