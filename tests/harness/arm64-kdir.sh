#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepares (once) an arm64 kernel tree for building Loom's modules with
# the cross compiler, from Debian's linux-source-6.1 tarball, and prints
# it: "make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- defconfig" (the
# configuration of arm64 boards such as the Raspberry Pi 3, 4 and 5),
# checked for what the modules need (CONFIG_MODULES, CONFIG_SPI_MASTER and
# CONFIG_REGMAP_SPI for sx127x.ko), then "modules_prepare".
#
#   arm64-kdir.sh          prepare if needed; print the kernel tree
#   arm64-kdir.sh --dir    print the tree (exit 1 if not prepared yet)
#   arm64-kdir.sh --key    print the cache key
#
# No vmlinux is built (about an hour on 2 cores): the tree has no
# Module.symvers, so a module build against it needs KBUILD_MODPOST_WARN=1
# (modpost then only warns about symbols it cannot resolve).  That is
# enough to compile every source W=1 for arm64 and to check the objects;
# such modules are not for loading (their symbol CRCs, where MODVERSIONS is
# on, are unknown).
#
# Cache: ${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}/arm64-<key>/,
# key = sha256 of (this script, linux-source version): editing either
# gives a fresh tree.  The tree is complete only once "stamp" exists; a
# lock serialises two runs.  Progress goes to stderr; stdout is the tree.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"
pkg=linux-source-6.1
cross=aarch64-linux-gnu-
cache_root=${LOOM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/loom}

die() { echo "arm64-kdir: $*" >&2; exit 1; }
log() { echo "arm64-kdir: $*" >&2; }

src_ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (make deps)"
key=$({ echo "$pkg $src_ver"; cat "$self"; } | sha256sum | cut -c1-16)
top="$cache_root/arm64-$key"
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

command -v "${cross}gcc" >/dev/null ||
	die "no ${cross}gcc (apt-get install gcc-aarch64-linux-gnu, or make deps)"
tarball=$(dpkg-query -L "$pkg" | grep -E '/linux-source-[^/]*\.tar\.xz$' | head -n1) ||
	die "no source tarball in $pkg"
[ -f "$tarball" ] || die "$tarball missing (reinstall $pkg)"

mkdir -p "$top"
exec 9>"$top/lock"
flock 9
if [ -f "$stamp" ]; then
	echo "$kdir"
	exit 0
fi

t0=$(date +%s)
blog="$top/build.log"
: >"$blog"
log "cold preparation of the arm64 tree in $top (log: $blog)"

if [ ! -d "$kdir" ]; then
	# Extracted beside its final name, then renamed: a half-extracted
	# tree never passes for one.
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

mk() { make -C "$kdir" ARCH=arm64 CROSS_COMPILE="$cross" "$@" >>"$blog" 2>&1; }
fail() {
	tail -n 40 "$blog" >&2 || true
	die "$* (full log: $blog)"
}
# sym_on SYM: SYM is y or m in the tree's .config.
sym_on() { grep -qE "^CONFIG_$1=[ym]\$" "$kdir/.config"; }

log "configuring: defconfig"
mk defconfig || fail "defconfig failed"
# REGMAP_SPI has no prompt: only a driver that selects it turns it on.
# arm64's defconfig has several; should that change, one is enabled here
# (the LTC2947 power monitor's SPI part, a small hwmon driver that
# selects it), and the check below says whether olddefconfig kept it.
if ! sym_on REGMAP_SPI; then
	log "REGMAP_SPI off after defconfig: enabling SENSORS_LTC2947_SPI, which selects it"
	"$kdir/scripts/config" --file "$kdir/.config" -m SENSORS_LTC2947_SPI
	mk olddefconfig || fail "olddefconfig failed"
fi
for sym in MODULES MODULE_UNLOAD SPI SPI_MASTER REGMAP_SPI; do
	sym_on "$sym" || fail "CONFIG_$sym is not on in the arm64 .config"
done

jobs=$(nproc)
log "make -j$jobs modules_prepare"
mk -j"$jobs" modules_prepare || fail "modules_prepare failed"
rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
	"$kdir/include/generated/utsrelease.h")
[ -n "$rel" ] || fail "no UTS_RELEASE after modules_prepare"

t1=$(date +%s)
log "prepared $rel in $((t1 - t0)) s"
printf 'prepared %s in %s s (jobs %s, %s %s, release %s)\n' \
	"$(date -u +%FT%TZ)" "$((t1 - t0))" "$jobs" "$pkg" "$src_ver" "$rel" >"$stamp.tmp"
mv "$stamp.tmp" "$stamp"
echo "$kdir"
