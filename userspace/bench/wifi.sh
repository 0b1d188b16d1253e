#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark: the Loom tree over Wi-Fi, in QEMU (TCG) on Debian's kernel.
# The seed network (quarter-second slots) on 13 mac80211_hwsim radios in
# 802.11s mesh point mode, one network namespace per node, the kernel's
# perfect medium; the same network on loom_hwsim's simulated LoRa radios
# beside it.  For each: datagrams sent up and down across two routers and
# how many arrived, and the slot-edge error over every node's schedule
# (p50 and p99 of all edges, the largest of any node).
#
#   userspace/bench/wifi.sh [--ko "loom.ko loom_hwsim.ko"] [--loomctl FILE]

set -euo pipefail
bench=wifi
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
integ=$repo/tests/userspace/integration
gcc -static -O2 -Wall -I"$repo/uapi" -o "$work/loomsock" "$integ/loomsock.c"

cat >"$work/run.sh" <<'EOF'
cd /loomtest
. ./lib.sh
N=10
# Leaves two routers down under each router, and the coordinator.
LEAVES="6 9 12"
one_kind() {
	kind=$1
	net_up "$kind"
	net_wait_synced
	a0=$(addr_of 0)
	t0=$(date +%s)
	for l in $LEAVES; do
		al=$(addr_of $l)
		k=0
		while [ $k -lt $N ]; do
			in_node $l loomsock bind loom0 0 send "$a0" 1 "up $k" >/dev/null
			in_node 0 loomsock bind loom0 0 send "$al" 1 "down $k" >/dev/null
			k=$((k + 1))
		done
	done
	# Until every datagram arrived, or nothing more came for 30 s.
	want=$((2 * N * $(echo $LEAVES | wc -w)))
	last=-1 still=0
	while :; do
		got=$(counter 0 rx_datagrams)
		for l in $LEAVES; do got=$((got + $(counter $l rx_datagrams))); done
		[ "$got" -ge "$want" ] && break
		if [ "$got" = "$last" ]; then still=$((still + 1)); else still=0; fi
		[ $still -ge 30 ] && break
		last=$got
		sleep 1
	done
	secs=$(($(date +%s) - t0))
	echo "@@BENCH delivery $kind $want $got $secs"
	i=0
	while [ $i -lt 13 ]; do
		j=$(node_json $i | tr -d ' \n')
		echo "@@BENCH edge $kind $(echo "$j" | sed -n 's/.*"edge":{"count":\([0-9]*\),"p50_ns":\([0-9]*\),"p99_ns":\([0-9]*\),"max_ns":\([0-9]*\).*/\1 \2 \3 \4/p')"
		i=$((i + 1))
	done
	net_down
}
# counter I NAME: a network counter of node I.
counter() {
	node_json "$1" | tr -d ' \n' | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
one_kind wifi
one_kind hwsim
EOF

vmbench_run 900 --modules "mac80211_hwsim" \
	--bins "$loomctl:/usr/bin/loomctl $work/loomsock:/usr/bin/loomsock /usr/sbin/iw /usr/bin/ip" \
	--files "$integ/lib.sh:/loomtest/lib.sh $integ/data:/loomtest/data"

echo "== Loom over Wi-Fi: the seed network on 13 mac80211_hwsim radios (QEMU TCG) =="
awk '
	/@@BENCH delivery / {
		sub(/.*@@BENCH delivery /, "")
		name = $1 == "wifi" ? "mac80211_hwsim, 802.11s" : "loom_hwsim, LoRa SF7/500 kHz"
		printf "%-30s %d of %d datagrams across two routers arrived (%.1f %%) in %d s\n",
			name, $3, $2, 100 * $3 / $2, $4
	}
	/@@BENCH edge / {
		sub(/.*@@BENCH edge /, "")
		if (NF < 5) next
		n[$1] += $2
		p50[$1] = p50[$1] > $3 ? p50[$1] : $3
		p99[$1] = p99[$1] > $4 ? p99[$1] : $4
		mx[$1] = mx[$1] > $5 ? mx[$1] : $5
	}
	END {
		for (k in n)
			printf "slot-edge error, %-6s %d edges: worst node p50 %.0f us, p99 %.0f us, max %.0f us\n",
				k, n[k], p50[k] / 1000, p99[k] / 1000, mx[k] / 1000
	}' "$log"
