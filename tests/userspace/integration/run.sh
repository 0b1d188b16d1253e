#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Integration tier: boots Debian's kernel once in QEMU with build/loom.ko,
# loomctl, iw, iproute2 and the tests, runs every t-*.sh in order (each
# under its own timeout) and reports per test.  Assumes "make all" ran.
#
#   run.sh [--ko FILE] [--loomctl FILE] [--data DIR] [--only t-NN-name]
#     --ko, --loomctl   use these instead of build/loom.ko and
#                       build/loom_hwsim.ko ("a.ko b.ko") and
#                       userspace/loomctl/loomctl
#     --data DIR        test data instead of tests/userspace/integration/data
#     --only NAME       run just this test (repeatable)
#   LOOM_TEST_TIMEOUT   seconds per test inside the VM (default 120)
#
# Output: "PASS t-foo" / "FAIL t-foo" (+ that test's output and dmesg
# tail), then exactly "integration: N passed, N failed".  A VM that
# crashes or hangs fails every test that had not reported.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
harness=$repo/tests/harness
ko="$repo/build/loom.ko $repo/build/loom_hwsim.ko"
loomctl=$repo/userspace/loomctl/loomctl
data=$here/data
only=()
per_test=${LOOM_TEST_TIMEOUT:-120}
# Stock modules the tests need beyond loom.ko's own dependencies (which
# vm.sh adds from modinfo): t-95's radios and batman-adv.
stock_modules="mac80211_hwsim batman_adv"

while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--loomctl) loomctl=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--only) only+=("$2"); shift 2 ;;
	*) echo "usage: $0 [--ko F] [--loomctl F] [--data DIR] [--only NAME]" >&2; exit 2 ;;
	esac
done

tests=()
for t in "$here"/t-*.sh; do
	[ -e "$t" ] || continue
	n=$(basename "$t" .sh)
	if [ "${#only[@]}" -gt 0 ]; then
		case " ${only[*]} " in *" $n "*) ;; *) continue ;; esac
	fi
	tests+=("$n")
done

# Before the VM ran, nothing reported: every test counts as failed.
abort() {
	echo "integration: ERROR: $*" >&2
	for n in "${tests[@]}"; do echo "FAIL $n (not run)"; done
	echo "integration: 0 passed, ${#tests[@]} failed"
	exit 1
}

[ "${#tests[@]}" -gt 0 ] || { echo "integration: ERROR: no tests" >&2;
	echo "integration: 0 passed, 1 failed"; exit 1; }
kver=$("$harness/kver.sh") || abort "no installed Debian kernel (make deps)"
for k in $ko; do
	[ -f "$k" ] || abort "no module $k (make all)"
done
[ -x "$loomctl" ] || abort "no loomctl at $loomctl (make all)"
[ -d "$data" ] || abort "no test data dir $data"

# Tiny static helpers (runas, nlprobe, loomsock, radiotap), rebuilt when their
# source or the uapi header changes.
mkdir -p "$repo/build"
for h in runas nlprobe loomsock radiotap; do
	if [ ! -x "$repo/build/$h" ] || [ "$here/$h.c" -nt "$repo/build/$h" ] ||
		[ "$repo/uapi/linux/loom.h" -nt "$repo/build/$h" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -I"$repo/uapi" \
			-o "$repo/build/$h" "$here/$h.c" ||
			abort "building $h failed"
	fi
done
runas=$repo/build/runas

work=$(mktemp -d "${TMPDIR:-/tmp}/loomint.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$repo/build/integration-console.log
rm -f "$log"

files="$here/lib.sh:/loomtest/lib.sh $here/mesh-line.sh:/loomtest/mesh-line.sh $data:/loomtest/data"
for n in "${tests[@]}"; do
	files="$files $here/$n.sh:/loomtest/$n.sh"
done

# In-VM runner: each test's output goes to a file; only a failure's output
# (and dmesg tail) reaches the console, inside @@LOOMLOG markers, always
# before its result line.
cat >"$work/run.sh" <<EOF
cd /loomtest
for n in ${tests[*]}; do
	echo "loomtest: begin \$n" >/dev/kmsg
	timeout $per_test sh ./\$n.sh >/tmp/\$n.log 2>&1 </dev/null
	rc=\$?
	if [ \$rc = 0 ] && grep -qx "@@LOOMTEST PASS \$n" /tmp/\$n.log &&
		! grep -q "^@@LOOMTEST FAIL" /tmp/\$n.log; then
		echo "@@LOOMTEST PASS \$n"
		continue
	fi
	echo "@@LOOMLOG BEGIN \$n"
	grep -v "^@@LOOMTEST" /tmp/\$n.log
	case \$rc in
	0) ;;
	124|137|143) echo "(timed out after ${per_test}s)" ;;
	*) echo "(exit status \$rc)" ;;
	esac
	echo "-- kernel log during the test (last 30 lines) --"
	dmesg | awk -v m="loomtest: begin \$n" 'f { print } index(\$0, m) { f = 1 }' |
		tail -n 30
	echo "@@LOOMLOG END \$n"
	echo "@@LOOMTEST FAIL \$n"
done
EOF

# Boot plus a margin, and every test at its limit: a hang costs at most
# this, then the unreported tests fail.
vm_timeout=$((120 + ${#tests[@]} * (per_test + 10)))
vmrc=0
"$harness/vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" \
	--modules "$stock_modules" --ko "$ko" \
	--bins "$loomctl:/usr/bin/loomctl $runas:/usr/bin/runas $repo/build/nlprobe:/usr/bin/nlprobe $repo/build/loomsock:/usr/bin/loomsock /usr/sbin/iw /usr/bin/ip $repo/build/radiotap:/usr/bin/radiotap $repo/userspace/medium/loom-medium:/usr/bin/loom-medium /usr/sbin/batctl" \
	--files "$files" --script "$work/run.sh" --timeout "$vm_timeout" \
	--log "$log" --loglevel 1 || vmrc=$?

passed=0
failed=0
for n in "${tests[@]}"; do
	# Result lines count only outside the relayed logs.
	res=$(awk -v n="$n" '
		/^@@LOOMLOG BEGIN / { inlog = 1; next }
		/^@@LOOMLOG END / { inlog = 0; next }
		!inlog && $0 == "@@LOOMTEST PASS " n { r = "PASS" }
		!inlog && $0 == "@@LOOMTEST FAIL " n { r = "FAIL" }
		END { print r }' "$log")
	case "$res" in
	PASS)
		echo "PASS $n"
		passed=$((passed + 1))
		;;
	FAIL)
		echo "FAIL $n"
		awk -v n="$n" '
			$0 == "@@LOOMLOG END " n { p = 0 }
			p { print "    | " $0 }
			$0 == "@@LOOMLOG BEGIN " n { p = 1 }' "$log"
		failed=$((failed + 1))
		;;
	*)
		echo "FAIL $n (no result: the VM crashed or hung, vm.sh exit $vmrc; console: $log)"
		failed=$((failed + 1))
		;;
	esac
done
echo "integration: $passed passed, $failed failed"
[ "$failed" = 0 ]
