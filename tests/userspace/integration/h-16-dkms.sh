#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: the DKMS package (dkms.conf at the top of the tree), as a
# user installs it, but into private DKMS, source and install trees, with
# depmod skipped: never the real system.
#  - "dkms add" takes the tree's sources; "dkms build" against the
#    installed headers builds loom.ko, loom_hwsim.ko, sx127x.ko and
#    loom_sniff.ko, each with the kernel's vermagic; "dkms install" puts
#    the four in
#    KVER/updates/dkms and "dkms status" says installed;
#  - "dkms remove" takes them out again and the status is empty.
# shellcheck source-path=SCRIPTDIR source=lib.sh
cd "$(dirname "$0")" && . ./lib.sh

repo=$(cd ../../.. && pwd)
kver=$("$repo/tests/harness/kver.sh") || { fail "no Debian kernel"; finish; }
[ -d "/lib/modules/$kver/build" ] || { fail "no headers for $kver"; finish; }
command -v dkms >/dev/null || { fail "no dkms (make deps)"; finish; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loomdkms.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$repo/dkms.conf")
[ "$name" = loom ] && [ -n "$ver" ] || fail "dkms.conf: name '$name' version '$ver'"
src=$tmp/src/$name-$ver
mkdir -p "$src/tests" "$tmp/dkms" "$tmp/inst/$kver"
# What Kbuild reads: the package a user copies to /usr/src.
cp -r "$repo/Kbuild" "$repo/dkms.conf" "$repo/kernel" "$repo/uapi" "$src/"
cp -r "$repo/tests/kunit" "$src/tests/"
# An install tree with what depmod and dkms look for in a kernel's.
cp "/lib/modules/$kver"/modules.order "/lib/modules/$kver"/modules.builtin* \
	"$tmp/inst/$kver/"
d() {
	dkms --dkmstree "$tmp/dkms" --sourcetree "$tmp/src" \
		--installtree "$tmp/inst" --no-depmod "$@" >"$tmp/out" 2>&1
}

d add -m "$name" -v "$ver" || fail "dkms add: $(tail -n 5 "$tmp/out")"
d build -m "$name" -v "$ver" -k "$kver" || fail "dkms build: $(tail -n 20 "$tmp/out")"
d install -m "$name" -v "$ver" -k "$kver" || fail "dkms install: $(tail -n 10 "$tmp/out")"
for m in loom loom_hwsim sx127x loom_sniff; do
	f=$tmp/inst/$kver/updates/dkms/$m.ko
	[ -f "$f" ] || { fail "dkms install: no $m.ko in updates/dkms"; continue; }
	vm=$(modinfo -F vermagic "$f")
	case "$vm" in
	"$kver "*) ;;
	*) fail "$m.ko: vermagic '$vm', not $kver" ;;
	esac
done
d status -m "$name" -v "$ver"
grep -q "$name/$ver, $kver, .*: installed" "$tmp/out" ||
	fail "dkms status: $(cat "$tmp/out")"
note "$(cat "$tmp/out")"

d remove -m "$name" -v "$ver" --all || fail "dkms remove: $(tail -n 5 "$tmp/out")"
[ -z "$(find "$tmp/inst/$kver/updates" -name '*.ko*' 2>/dev/null)" ] ||
	fail "dkms remove left modules: $(find "$tmp/inst/$kver/updates" -name '*.ko*')"
d status -m "$name" -v "$ver"
[ ! -s "$tmp/out" ] || fail "dkms status after remove: $(cat "$tmp/out")"
finish
