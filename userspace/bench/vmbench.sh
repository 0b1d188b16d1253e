# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the benchmarks that run in QEMU (hwsim.sh, mac.sh): options,
# the kernel to boot, the modules and loomctl to take, a work directory,
# and vmbench_run to boot the VM with a script.  Set $bench (its name in
# messages) before sourcing.
#
#   --ko "loom.ko loom_hwsim.ko"   modules (default: build/vm/)
#   --loomctl FILE                 loomctl (default: userspace/loomctl)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
harness=$repo/tests/harness
ko="$repo/build/vm/loom.ko $repo/build/vm/loom_hwsim.ko"
loomctl=$repo/userspace/loomctl/loomctl

while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--loomctl) loomctl=$2; shift 2 ;;
	*) echo "usage: $0 [--ko FILES] [--loomctl FILE]" >&2; exit 2 ;;
	esac
done
kver=$("$harness/kver.sh") || { echo "$bench: no Debian kernel (make deps)" >&2; exit 1; }
for k in $ko "$loomctl"; do
	[ -f "$k" ] || { echo "$bench: no $k (make all vm-modules)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/loombench.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$work/console.log

# vmbench_run TIMEOUT [vm.sh options]: boot with $work/run.sh; on failure
# show the console tail and exit; a "@@BENCH error" line is a failure too.
vmbench_run() {
	local timeout=$1
	shift
	"$harness/vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" --ko "$ko" \
		--bins "$loomctl:/usr/bin/loomctl" --script "$work/run.sh" \
		--timeout "$timeout" --log "$log" --loglevel 1 "$@" >/dev/null ||
		{ echo "$bench: VM run failed; console log:" >&2; tail -n 30 "$log" >&2; exit 1; }
	if grep -q "@@BENCH error" "$log"; then
		grep "@@BENCH error" "$log" >&2
		exit 1
	fi
}
