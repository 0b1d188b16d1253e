#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": boots Debian's kernel in QEMU with loom.ko and loomctl,
# loads the seed topology and shows it, with the VM console on screen.
# Assumes "make all" ran (make demo does that first).
#
#   demo.sh [--ko FILE] [--loomctl FILE] [--seed FILE]

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ko=$repo/build/loom.ko
loomctl=$repo/userspace/loomctl/loomctl
seed=$repo/tests/userspace/integration/data/seed.json

while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--loomctl) loomctl=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	*) echo "usage: $0 [--ko F] [--loomctl F] [--seed F]" >&2; exit 2 ;;
	esac
done

kver=$("$here/kver.sh") || { echo "demo: no Debian kernel installed (make deps)" >&2; exit 1; }
for f in "$ko" "$loomctl" "$seed"; do
	[ -f "$f" ] || { echo "demo: missing $f (make all?)" >&2; exit 1; }
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
step modprobe loom
step loomctl topology load /etc/loom/seed.json
step loomctl topology show
step loomctl topology show -j -p
echo
echo "loomvm# dmesg | grep -i loom"
dmesg | grep -i loom
exit $rc
VMEOF

line=$(printf '=%.0s' $(seq 1 72))
echo "$line"
echo " loom demo: Debian kernel $kver in QEMU (TCG, no KVM), about 10 s"
echo " module $ko"
echo " seed   $seed -> /etc/loom/seed.json"
echo "$line"

set +e
"$here/vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" --ko "$ko" \
	--bins "$loomctl:/usr/bin/loomctl" --files "$seed:/etc/loom/seed.json" \
	--script "$work/run.sh" --timeout 180 --show --log "$work/console.log" |
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
