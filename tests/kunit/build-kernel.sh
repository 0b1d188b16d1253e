#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds (once) the KUnit kernel from Debian's linux-source-6.1 tarball:
# x86_64 tinyconfig + tests/kunit/kunit.config, KASAN/lockdep/kmemleak.
#
#   build-kernel.sh          build if needed; print the kernel build dir
#   build-kernel.sh --dir    print the build dir (exit 1 if not built yet)
#   build-kernel.sh --key    print the cache key
#
# Cache: ${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}/kunit-<key>/,
# key = sha256 of (fragment, linux-source version, this script), so editing
# any of them gives a fresh tree while an unchanged setup is reused.  The
# tree is complete only once "stamp" exists; an interrupted build is resumed
# (make is incremental) rather than trusted.  Progress goes to stderr, the
# only line on stdout is the build dir.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
fragment="$here/kunit.config"
pkg=linux-source-6.1
cache_root=${LOOM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/loom}

die() { echo "build-kernel: $*" >&2; exit 1; }
log() { echo "build-kernel: $*" >&2; }

src_ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (make deps)"
tarball=$(dpkg-query -L "$pkg" | grep -E '/linux-source-[^/]*\.tar\.xz$' | head -n1) ||
	die "no source tarball in $pkg"
[ -f "$tarball" ] || die "$tarball missing (reinstall $pkg)"

key=$({ cat "$fragment"; echo "$pkg $src_ver"; cat "$self"; } |
	sha256sum | cut -c1-16)
top="$cache_root/kunit-$key"
kdir="$top/linux"
stamp="$top/stamp"

case "${1:-}" in
--key) echo "$key"; exit 0 ;;
--dir) [ -f "$stamp" ] || exit 1; echo "$kdir"; exit 0 ;;
"") ;;
*) die "usage: $0 [--dir|--key]" ;;
esac

if [ -f "$stamp" ]; then
	echo "$kdir"
	exit 0
fi

mkdir -p "$top"
# Two runs at once (make test + make test-kunit) must not build the same
# tree concurrently: the second waits, then finds the stamp.
exec 9>"$top/lock"
flock 9
if [ -f "$stamp" ]; then
	echo "$kdir"
	exit 0
fi

t0=$(date +%s)
blog="$top/build.log"
log "cold build of the KUnit kernel in $top (log: $blog)"

if [ ! -d "$kdir" ]; then
	# Extract beside the final name and rename: a half-extracted tree
	# never appears as "$kdir".
	rm -rf "$top/extract"
	mkdir -p "$top/extract"
	log "extracting $tarball"
	tar -xf "$tarball" -C "$top/extract"
	sub=$(find "$top/extract" -mindepth 1 -maxdepth 1 -type d | head -n1)
	if [ -z "$sub" ] || [ ! -f "$sub/Makefile" ]; then
		die "unexpected tarball layout"
	fi
	mv "$sub" "$kdir"
	rm -rf "$top/extract"
fi

mk() { make -C "$kdir" ARCH=x86_64 "$@" >>"$blog" 2>&1; }
fail() {
	tail -n 40 "$blog" >&2 || true
	die "$* (full log: $blog)"
}

if [ ! -f "$top/config-stamp" ]; then
	log "configuring: tinyconfig + $(basename "$fragment")"
	: >"$blog"
	mk tinyconfig || fail "tinyconfig failed"
	(cd "$kdir" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m .config \
		"$fragment") >>"$blog" 2>&1 || fail "merge_config failed"
	mk olddefconfig || fail "olddefconfig failed"

	# merge_config only warns when Kconfig overrides a value; a silently
	# dropped KASAN or lockdep would make every later run meaningless.
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF -- "$line" "$kdir/.config" || {
				sym=${line%%=*}
				got=$(grep -E "^(# )?${sym}[= ]" "$kdir/.config" || echo "(absent)")
				log "fragment wants '$line', .config has '$got'"
				bad=1
			}
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -qE "^$sym=" "$kdir/.config"; then
				log "fragment wants '$line', .config has '$(grep -E "^$sym=" "$kdir/.config")'"
				bad=1
			fi
			;;
		esac
	done <"$fragment"
	[ "$bad" = 0 ] || die "kunit.config symbols were overridden by Kconfig; fix the fragment"
	touch "$top/config-stamp"
fi

jobs=$(nproc)
log "make -j$jobs (vmlinux, bzImage, Module.symvers; tail -f $blog to follow)"
# Plain "make" builds vmlinux, bzImage and runs modpost, which writes the
# Module.symvers that external module builds (M=) need.
mk -j"$jobs" all || fail "kernel build failed"
[ -f "$kdir/arch/x86/boot/bzImage" ] || fail "no bzImage after build"
[ -f "$kdir/Module.symvers" ] || fail "no Module.symvers after build"

t1=$(date +%s)
log "built in $((t1 - t0)) s"
printf 'built %s in %s s (jobs %s, %s %s)\n' "$(date -u +%FT%TZ)" \
	"$((t1 - t0))" "$jobs" "$pkg" "$src_ver" >"$stamp.tmp"
mv "$stamp.tmp" "$stamp"

# Each tree is ~1.7 GB: keep the three newest (other branches' fragments
# stay warm) and drop older ones nobody is building right now.
# shellcheck disable=SC2012 # our own kunit-<hex> names, newest first
for old in $(ls -1dt "$cache_root"/kunit-* 2>/dev/null | tail -n +4); do
	[ "$old" != "$top" ] || continue
	(
		flock -n 9 || exit 0
		log "removing old KUnit kernel tree $old"
		rm -rf "$old"
	) 9>>"$old/lock"
done
echo "$kdir"
