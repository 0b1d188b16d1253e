#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: Loom's modules cross-built for arm64 (a Raspberry Pi running
# a 64-bit kernel) with W=1, by "make arm64" into a private BUILD dir
# (never build/, which the other tiers use), against the arm64 tree
# tests/harness/arm64-kdir.sh prepares once from linux-source-6.1:
#  - the build succeeds with no compiler warning or error in our sources
#    (kernel/, uapi/, tests/) and no modpost warning but the unresolved
#    symbols a tree without Module.symvers cannot help;
#  - loom.ko, loom_hwsim.ko and sx127x.ko exist, are ELF64 relocatables
#    for AArch64, and their vermagic names the tree's release and aarch64;
#  - the check is live: a function without a prototype (a W=1-only
#    warning) added to the build's copy of a source is caught, by file.
# shellcheck source-path=SCRIPTDIR source=lib.sh
cd "$(dirname "$0")" && . ./lib.sh

repo=$(cd ../../.. && pwd)
harness=$repo/tests/harness
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loomarm64.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

command -v aarch64-linux-gnu-gcc >/dev/null ||
	{ fail "no aarch64-linux-gnu-gcc (make deps)"; finish; }
kdir=$("$harness/arm64-kdir.sh" 2>"$tmp/prep.log") ||
	{ fail "preparing the arm64 tree failed: $(tail -n 20 "$tmp/prep.log")"; finish; }
note "arm64 tree $kdir ($(cat "$(dirname "$kdir")/stamp"))"
rel=$("$harness/kdir.sh" --release "$kdir") || { fail "no release in $kdir"; finish; }
copy=$tmp/build/arm64

# findings LOG: what in LOG counts against us, one line each: compiler
# warnings and errors in our sources (paths relative to the copy), and
# modpost warnings other than the unresolved symbols and the missing
# Module.symvers that come with a tree without vmlinux.
findings() {
	sed "s|$copy/||g" "$1" | grep -E '^(kernel|uapi|tests)/.*(warning|error):'
	grep -E '^(WARNING|ERROR): modpost:' "$1" |
		grep -vE '\] undefined!$|suppressed [0-9]+ unresolved symbol warnings'
	grep -E '^ERROR:' "$1" | grep -v 'modpost:'
}

rc=0
make -s --no-print-directory -C "$repo" arm64 BUILD="$tmp/build" >"$tmp/build.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "make arm64 failed (exit $rc): $(tail -n 30 "$tmp/build.log")"
bad=$(findings "$tmp/build.log")
[ -z "$bad" ] || fail "arm64 W=1 build: findings in our sources:
$bad"
others=$(grep -ciE '(warning|error):' "$tmp/build.log" || true)
note "$others warning line(s) in the build log, modpost's unresolved symbols included"

for m in loom loom_hwsim sx127x; do
	f=$copy/$m.ko
	[ -f "$f" ] || { fail "no $m.ko in $copy"; continue; }
	hdr=$(readelf -h "$f" 2>&1)
	for want in 'Class: *ELF64' 'Type: *REL ' 'Machine: *AArch64'; do
		grep -qE "$want" <<<"$hdr" || fail "$m.ko: ELF header lacks '$want': $hdr"
	done
	vm=$(modinfo -F vermagic "$f" 2>&1)
	case " $vm " in
	" $rel "*" aarch64 "*) note "$m.ko: $vm" ;;
	*) fail "$m.ko: vermagic '$vm', not $rel ... aarch64" ;;
	esac
done

# The check must see a W=1 warning: -Wmissing-prototypes is one of them
# (plain builds do not warn).  Added to the build's copy only, then an
# incremental kbuild as make arm64 runs it.
victim=kernel/drivers/sx127x/sx127x.c
if [ -f "$copy/$victim" ]; then
	printf '\nint loom_arm64_w1_probe(void)\n{\n\treturn 0;\n}\n' >>"$copy/$victim"
	make -C "$kdir" M="$copy" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		KBUILD_MODPOST_WARN=1 W=1 modules >"$tmp/w1.log" 2>&1 ||
		fail "the incremental arm64 build failed: $(tail -n 20 "$tmp/w1.log")"
	bad=$(findings "$tmp/w1.log")
	grep -q "^$victim:.*no previous prototype for .*loom_arm64_w1_probe" <<<"$bad" ||
		fail "a W=1 warning in $victim went unnoticed: $bad"
	[ "$(wc -l <<<"$bad")" = 1 ] || fail "one planted warning, findings: $bad"
else
	fail "no $victim in the build's copy"
fi
finish
