#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Integration tier: boots Debian's kernel once in QEMU with build/vm/loom.ko,
# loomctl, iw, iproute2 and the tests, runs every t-*.sh in order (each
# under its own timeout) and reports per test.  Assumes "make all
# vm-modules" ran (make test-integration does that).
#
#   run.sh [--ko FILE] [--loomctl FILE] [--data DIR] [--only t-NN-name]
#     --ko, --loomctl   use these instead of build/vm/loom.ko and
#                       build/vm/loom_hwsim.ko ("a.ko b.ko") and
#                       userspace/loomctl/loomctl
#     --data DIR        test data instead of tests/userspace/integration/data
#     --only NAME       run just this test (repeatable)
#   LOOM_TEST_TIMEOUT   seconds per test inside the VM (default 120)
#
# Output: "PASS t-foo" / "FAIL t-foo" (+ that test's output and dmesg
# tail), then exactly "integration: N passed, N failed".  A VM that
# crashes or hangs fails every test that had not reported.
#
# h-*.sh are host-side tests (bash, run from the tree before the VM boots:
# what needs the build tree, e.g. "make install DESTDIR="); the same
# verdict rule and --only apply, and they count in the same line.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
harness=$repo/tests/harness
ko="$repo/build/vm/loom.ko $repo/build/vm/loom_hwsim.ko $repo/build/vm/sx127x.ko $repo/build/vm/loom_sniff.ko"
loomctl=$repo/userspace/loomctl/loomctl
data=$here/data
only=()
per_test=${LOOM_TEST_TIMEOUT:-120}
# Stock modules the tests need beyond loom.ko's own dependencies (which
# vm.sh adds from modinfo): interfaces as radios, t-95's radios and
# batman-adv.
stock_modules="mac80211_hwsim dummy veth bridge batman_adv"

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
htests=()
for t in "$here"/t-*.sh "$here"/h-*.sh; do
	[ -e "$t" ] || continue
	n=$(basename "$t" .sh)
	if [ "${#only[@]}" -gt 0 ]; then
		case " ${only[*]} " in *" $n "*) ;; *) continue ;; esac
	fi
	case "$n" in
	h-*) htests+=("$n") ;;
	*) tests+=("$n") ;;
	esac
done

# Before the VM ran, nothing reported: every test counts as failed.
abort() {
	echo "integration: ERROR: $*" >&2
	for n in ${htests[@]+"${htests[@]}"} ${tests[@]+"${tests[@]}"}; do
		echo "FAIL $n (not run)"
	done
	echo "integration: 0 passed, $((${#htests[@]} + ${#tests[@]})) failed"
	exit 1
}

[ "$((${#tests[@]} + ${#htests[@]}))" -gt 0 ] || {
	echo "integration: ERROR: no tests" >&2
	echo "integration: 0 passed, 1 failed"; exit 1; }
kver=$("$harness/kver.sh") || abort "no installed Debian kernel (make deps)"
for k in $ko; do
	[ -f "$k" ] || abort "no module $k (make vm-modules)"
done
[ -x "$loomctl" ] || abort "no loomctl at $loomctl (make all)"
[ -d "$data" ] || abort "no test data dir $data"

# Tiny static helpers (runas, nlprobe, loomsock, pktcap, radiotap), rebuilt
# when their source or the uapi header changes.
mkdir -p "$repo/build"
for h in runas nlprobe loomsock pktcap radiotap spichip; do
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

passed=0
failed=0
for n in ${htests[@]+"${htests[@]}"}; do
	rc=0
	timeout "$per_test" bash "$here/$n.sh" >"$work/$n.log" 2>&1 </dev/null || rc=$?
	if [ "$rc" = 0 ] && grep -qx "@@LOOMTEST PASS $n" "$work/$n.log" &&
		! grep -q "^@@LOOMTEST FAIL" "$work/$n.log"; then
		echo "PASS $n"
		passed=$((passed + 1))
	else
		echo "FAIL $n (exit status $rc)"
		grep -v "^@@LOOMTEST" "$work/$n.log" | sed 's/^/    | /'
		failed=$((failed + 1))
	fi
done
if [ "${#tests[@]}" = 0 ]; then
	echo "integration: $passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
fi

files="$here/lib.sh:/loomtest/lib.sh $here/mesh-line.sh:/loomtest/mesh-line.sh $here/mesh-dhyara.sh:/loomtest/mesh-dhyara.sh $data:/loomtest/data"
for n in "${tests[@]}"; do
	files="$files $here/$n.sh:/loomtest/$n.sh"
done
# t-97-wireshark runs tshark in the VM: tshark with its libraries (some
# 160 MB, so only when that test runs), the two Lua files its init needs
# and the dissector.  Without tshark on the host the test fails, saying so.
extra_bins=''
case " ${tests[*]} " in
*" t-97-wireshark "*)
	if [ -x /usr/bin/tshark ]; then
		extra_bins=/usr/bin/tshark
		for f in init.lua console.lua; do
			files="$files /usr/share/wireshark/$f:/usr/share/wireshark/$f"
		done
	fi
	files="$files $repo/userspace/wireshark/loom.lua:/loomtest/loom.lua"
	;;
esac

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
	--bins "$loomctl:/usr/bin/loomctl $runas:/usr/bin/runas $repo/build/nlprobe:/usr/bin/nlprobe $repo/build/loomsock:/usr/bin/loomsock /usr/sbin/iw /usr/bin/ip $repo/build/pktcap:/usr/bin/pktcap $repo/build/radiotap:/usr/bin/radiotap $repo/build/spichip:/usr/bin/spichip $repo/userspace/medium/loom-medium:/usr/bin/loom-medium /usr/sbin/batctl /bin/bash:/usr/bin/bash $repo/userspace/systemd/loom-node:/usr/bin/loom-node $extra_bins" \
	--files "$files" --script "$work/run.sh" --timeout "$vm_timeout" \
	--log "$log" --loglevel 1 || vmrc=$?

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
