#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": boots Debian's kernel in QEMU with loom.ko, loom_hwsim.ko
# and loomctl, loads the seed topology, runs every node of it on its own
# simulated radio, and shows the network at work: the schedule, every node
# in sync, datagrams crossing two routers up and down, each node's loomN
# device and its IPv6 link-local address, a ping over AF_LOOM, a router's
# neighbours, a power cycle with saved state, the counters.  The VM
# console is on screen.  Assumes "make all vm-modules" ran (make demo does
# that).
#
#   demo.sh [--ko FILE] [--loomctl FILE] [--seed FILE]

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ko="$repo/build/vm/loom.ko $repo/build/vm/loom_hwsim.ko"
loomctl=$repo/userspace/loomctl/loomctl
seed=$repo/tests/userspace/integration/data/seed-fast.json

while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--loomctl) loomctl=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	*) echo "usage: $0 [--ko F] [--loomctl F] [--seed F]" >&2; exit 2 ;;
	esac
done

kver=$("$here/kver.sh") || { echo "demo: no Debian kernel installed (make deps)" >&2; exit 1; }
for f in $ko "$loomctl" "$seed"; do
	[ -f "$f" ] || { echo "demo: missing $f (make all vm-modules?)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/loomdemo.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Runs inside the VM; every step is echoed as a shell prompt would.
cat >"$work/run.sh" <<'VMEOF'
rc=0
step() {
	echo
	echo "loomvm# $*"
	"$@" || { echo "(exit status $?)"; rc=1; }
}
NODES="BillyTheCoord|End Device 1|Router 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1|Router 1 Router 1 End Device 1|Router 1 Router 2|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2|Router 2 End Device 1"
step modprobe loom_hwsim radios=13
step loomctl hwsim medium set sigma 0
echo
echo "loomvm# for i in 0..12: loomctl hwsim radio set \$i bw 500 state rx pos \$((i * 3)) 0"
i=0
while [ $i -lt 13 ]; do
	loomctl hwsim radio set $i bw 500 state rx pos $((i * 3)) 0 || rc=1
	i=$((i + 1))
done
step loomctl topology load /etc/loom/seed.json
step loomctl topology show
step loomctl schedule --bw 500
echo
echo "loomvm# loomctl node start NAME radio hwsimN   (each node of the topology)"
i=0
IFS='|'
for name in $NODES; do
	loomctl node start "$name" radio "hwsim$i" || rc=1
	i=$((i + 1))
done
unset IFS
step loomctl radio list
echo
echo "loomvm# sleep 14   (one refresh period: the refresh and its relays)"
sleep 14
step loomctl node list
echo
echo "loomvm# loomctl recv 2 &"
loomctl recv 2 &
rpid=$!
sleep 1
step loomctl send from "Router 1 Router 1 End Device 1" BillyTheCoord "reading 21.5 C"
step loomctl send from BillyTheCoord "Router 1 Router 2 End Device 2" "set interval 30 s"
echo
echo "loomvm# (waiting for both datagrams: up in one data cycle, down one hop per cycle)"
t=0
while kill -0 $rpid 2>/dev/null && [ $t -lt 40 ]; do
	sleep 1
	t=$((t + 1))
done
kill $rpid 2>/dev/null
step /usr/bin/ip -br -6 addr show
step loomctl ping from BillyTheCoord "Router 1 Router 2 End Device 2" -W 40
step loomctl link "Router 1"
step loomctl state save "Router 1 End Device 1" /tmp/state.json
step cat /tmp/state.json
step loomctl node stop "Router 1 End Device 1"
step sleep 3
step loomctl state restore "Router 1 End Device 1" radio hwsim3 /tmp/state.json
echo
echo "loomvm# (in sync at once, without listening for a refresh:)"
loomctl node list | grep -e NAME -e "Router 1 End Device 1"
step loomctl node show "Router 1"
step loomctl hwsim radio list
echo
echo "loomvm# dmesg | grep -i loom"
dmesg | grep -i loom
exit $rc
VMEOF

line=$(printf '=%.0s' $(seq 1 72))
echo "$line"
echo " loom demo: Debian kernel $kver in QEMU (TCG, no KVM), about two minutes"
echo " modules $ko"
echo " seed    $seed -> /etc/loom/seed.json"
echo "$line"

set +e
"$here/vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" --ko "$ko" \
	--bins "$loomctl:/usr/bin/loomctl /usr/bin/ip" --files "$seed:/etc/loom/seed.json" \
	--script "$work/run.sh" --timeout 300 --show --log "$work/console.log" |
	grep --line-buffered -v -e '^@@LOOMVM' -e 'reboot: Power down'
rc=${PIPESTATUS[0]}
set -e

echo "$line"
if [ "$rc" = 0 ]; then
	echo " demo finished: every step succeeded"
else
	echo " demo FAILED (exit $rc): see the output above"
fi
echo "$line"
exit "$rc"
