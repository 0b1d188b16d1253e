#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of the kernel code ("make check"):
#   1. make modules-check: a W=1 C=1 (sparse) kbuild of our sources against
#      Debian's headers, and against the KUnit kernel if that is built (the
#      only kernel with CONFIG_KUNIT, so the only one that compiles
#      tests/kunit/*.c); any compiler, sparse or modpost warning/error
#      about our code fails.
#   2. checkpatch.pl --strict over kernel/, uapi/, tests/kunit/ *.c *.h;
#      any ERROR, WARNING or CHECK fails.  checkpatch and its data files
#      come from Debian's linux-source-6.1 tarball, extracted once into
#      ${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}/checkpatch-<ver>.
#
#   check.sh [KDIR]     KDIR defaults to tests/harness/kdir.sh's answer

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kdir=${1:-$("$here/kdir.sh")} || { echo "check: no kernel headers (make deps)" >&2; exit 1; }
cache_root=${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}
pkg=linux-source-6.1
work=$(mktemp -d "${TMPDIR:-/tmp}/loomcheck.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- 1. W=1 + sparse build -------------------------------------------------
# build_check KDIR: one modules-check build; adds its findings to build_n.
build_n=0
build_check() {
	local kd=$1 rc=0 n other
	echo "check: make modules-check (W=1 C=1) against $kd"
	make -C "$repo" --no-print-directory modules-check KDIR="$kd" \
		>"$work/build.log" 2>&1 || rc=$?
	# Paths relative to the repo, not to the build copy in build/check.
	sed -i "s|$repo/build/check/||g; s|$repo/||g" "$work/build.log"

	# Ours: what Kbuild names relative to the copy (kernel/..., uapi/...,
	# tests/kunit/...) and modpost's messages about loom.ko.
	n=$(grep -iE '(warning|error):' "$work/build.log" |
		grep -cE '^(kernel|uapi|tests)/|modpost' || true)
	other=$(grep -iE '(warning|error):' "$work/build.log" |
		grep -cvE '^(kernel|uapi|tests)/|modpost' || true)
	if [ "$rc" != 0 ]; then
		echo "check: modules-check FAILED (make exit $rc):"
		tail -n 40 "$work/build.log"
		n=$((n + 1))
	elif [ "$n" != 0 ]; then
		echo "check: compiler/sparse findings in our sources:"
		# Each finding with the lines gcc printed right after it.
		grep -A3 -iE '^(kernel|uapi|tests)/.*(warning|error):|modpost.*(warning|error):' \
			"$work/build.log" | grep -vE '^  [A-Z]+ |^--$' || true
	fi
	[ "$other" = 0 ] ||
		echo "check: note: $other warning(s) outside our sources ignored (kernel headers)"
	build_n=$((build_n + n))
}

build_check "$kdir"
# Debian's kernel has no KUnit, so tests/kunit/*.c only compile against
# the KUnit kernel: check them there too when it is already built (its
# cold build belongs to tests/kunit/run.sh, not to a quick "make check").
if kunit_kdir=$("$repo/tests/kunit/build-kernel.sh" --dir); then
	build_check "$kunit_kdir"
else
	echo "check: note: KUnit kernel not built yet; tests/kunit/*.c not compiled (run make test-kunit once)"
fi

# --- 2. checkpatch ----------------------------------------------------------
ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	{ echo "check: $pkg not installed (make deps)" >&2; exit 1; }
cp_dir=$cache_root/checkpatch-$ver
if [ ! -f "$cp_dir/stamp" ]; then
	tarball=$(dpkg-query -L "$pkg" | grep -E '/linux-source-[^/]*\.tar\.xz$' | head -n1)
	echo "check: extracting checkpatch.pl from $tarball (once)"
	rm -rf "$cp_dir"
	mkdir -p "$cp_dir"
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=2 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	touch "$cp_dir/stamp"
fi

mapfile -t srcs < <(cd "$repo" && find kernel uapi tests/kunit \
	-name '*.[ch]' -type f 2>/dev/null | sort)
cp_n=0
if [ "${#srcs[@]}" = 0 ]; then
	echo "check: no sources for checkpatch"
else
	echo "check: checkpatch --strict over ${#srcs[@]} files"
	(cd "$repo" && perl "$cp_dir/checkpatch.pl" --strict --no-tree \
		--show-types --quiet -f "${srcs[@]}") >"$work/cp.log" 2>&1 || true
	cp_n=$(grep -cE '^(ERROR|WARNING|CHECK):' "$work/cp.log" || true)
	[ "$cp_n" = 0 ] || cat "$work/cp.log"
fi

echo "check: build: $build_n finding(s); checkpatch: $cp_n finding(s)"
if [ "$build_n" != 0 ] || [ "$cp_n" != 0 ]; then
	echo "check: FAILED"
	exit 1
fi
echo "check: OK"
