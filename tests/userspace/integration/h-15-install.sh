#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side (run.sh runs h-*.sh before the VM boots): "make install" and
# "make uninstall" into DESTDIRs, never the real system.
#  - a staging DESTDIR gets exactly the modules in lib/modules/KVER/extra,
#    loomctl in PREFIX/sbin, its man page and the manifest, byte for byte
#    and with their modes; depmod is skipped there and says so; a
#    reinstall changes nothing; uninstall leaves the DESTDIR empty;
#  - a DESTDIR holding a root file system (the kernel's modules.order and
#    the stock modules loom.ko needs) gets depmod run: modules.dep and
#    modprobe resolve loom to crc-itu-t then loom, loom_hwsim to both,
#    and loomctl's genetlink alias to loom; uninstall gives back the very
#    modules.dep and files that were there, a file of someone else's in
#    PREFIX/sbin included;
#  - loom-node, its man page and the systemd unit loom@.service
#    (PREFIX/lib/systemd/system) are installed beside loomctl;
#  - PREFIX=/usr moves loomctl and the man page; the parts other branches
#    add (medium, dissector) go where they belong when given, and are
#    skipped with a note when their directory is not in the tree;
#  - refusals install nothing: modules built for another KVER, an
#    optional part whose directory exists but whose file does not, an
#    uninstall with no manifest;
#  - the dissector's directory is the one tshark reports for Lua plugins.
# shellcheck source-path=SCRIPTDIR source=lib.sh
cd "$(dirname "$0")" && . ./lib.sh

repo=$(cd ../../.. && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loominstall.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# mk ARGS...: make in the tree, output in $tmp/out; its exit status.
mk() { make -s --no-print-directory -C "$repo" "$@" >"$tmp/out" 2>&1; }

# files DIR: the files and symlinks under DIR, relative, sorted.
files() { (cd "$1" && find . -mindepth 1 ! -type d -printf '%P\n' | sort); }

# same_list WHAT EXPECTED ACTUAL: a failure showing both when they differ.
same_list() {
	[ "$2" = "$3" ] && return 0
	fail "$1: expected"
	echo "$2"
	echo "# got"
	echo "$3"
}

# ---- a staging DESTDIR ------------------------------------------------
st=$tmp/stage
mkdir "$st"
mk install DESTDIR="$st" || { fail "make install DESTDIR= failed"; cat "$tmp/out"; }
kver=$(modinfo -F vermagic "$repo/build/loom.ko" | awk '{ print $1 }')
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
plugdir=usr/lib/$multiarch/wireshark/plugins
note "modules for $kver, multiarch $multiarch"

want="lib/modules/$kver/extra/loom.ko
lib/modules/$kver/extra/loom_hwsim.ko
lib/modules/$kver/extra/loom_sniff.ko
lib/modules/$kver/extra/sx127x.ko
usr/local/lib/systemd/system/loom@.service
usr/local/sbin/loom-node
usr/local/sbin/loomctl
usr/local/share/loom/install-manifest
usr/local/share/man/man8/loom-node.8
usr/local/share/man/man8/loomctl.8"
# The parts other branches add, as the Makefile names them.
[ -d "$repo/userspace/medium" ] && want="$want
usr/local/sbin/loom-medium
usr/local/share/man/man8/loom-medium.8"
[ -d "$repo/userspace/wireshark" ] && want="$want
$plugdir/loom.lua"
want=$(echo "$want" | sort)
same_list "make install DESTDIR=" "$want" "$(files "$st")"

for pair in "lib/modules/$kver/extra/loom.ko build/loom.ko 644" \
	"lib/modules/$kver/extra/loom_hwsim.ko build/loom_hwsim.ko 644" \
	"lib/modules/$kver/extra/sx127x.ko build/sx127x.ko 644" \
	"lib/modules/$kver/extra/loom_sniff.ko build/loom_sniff.ko 644" \
	"usr/local/sbin/loomctl userspace/loomctl/loomctl 755" \
	"usr/local/share/man/man8/loomctl.8 userspace/loomctl/loomctl.8 644" \
	"usr/local/sbin/loom-node userspace/systemd/loom-node 755" \
	"usr/local/share/man/man8/loom-node.8 userspace/systemd/loom-node.8 644" \
	"usr/local/lib/systemd/system/loom@.service userspace/systemd/loom@.service 644"; do
	read -r dst src mode <<<"$pair"
	cmp -s "$st/$dst" "$repo/$src" || fail "$dst differs from $src"
	[ "$(stat -c %a "$st/$dst" 2>/dev/null)" = "$mode" ] ||
		fail "$dst: mode $(stat -c %a "$st/$dst" 2>/dev/null), not $mode"
done
"$st/usr/local/sbin/loomctl" --version >/dev/null ||
	fail "the installed loomctl does not run"
grep -q "depmod not run" "$tmp/out" ||
	fail "no note that depmod was skipped in a staging DESTDIR: $(cat "$tmp/out")"
[ -e "$st/lib/modules/$kver/modules.dep" ] && fail "depmod ran in a staging DESTDIR"
grep -q "skipping userspace/medium/loom-medium" "$tmp/out" ||
	[ -d "$repo/userspace/medium" ] || fail "no note that the medium was skipped"

man=$st/usr/local/share/loom/install-manifest
for f in $want; do
	case "$f" in */install-manifest) continue ;; esac
	grep -qx "file /$f" "$man" || fail "manifest lacks file /$f"
done
grep -qx "dir /usr/local/sbin" "$man" || fail "manifest lacks dir /usr/local/sbin"

before=$(cat "$man")
mk install DESTDIR="$st" || fail "a second make install failed: $(cat "$tmp/out")"
grep -q "replacing" "$tmp/out" && fail "a reinstall claims foreign files: $(cat "$tmp/out")"
[ "$(cat "$man")" = "$before" ] || fail "a reinstall changed the manifest"
same_list "after a reinstall" "$want" "$(files "$st")"

mk uninstall DESTDIR="$st" || fail "make uninstall failed: $(cat "$tmp/out")"
left=$(cd "$st" && find . -mindepth 1)
[ -z "$left" ] || fail "make uninstall left: $left"
mk uninstall DESTDIR="$st" && fail "a second uninstall succeeded with no manifest"
grep -q "no manifest $st/usr/local/share/loom/install-manifest" "$tmp/out" ||
	fail "second uninstall: no clear error: $(cat "$tmp/out")"

# ---- a root file system: depmod runs, modprobe resolves -------------------
root=$tmp/root
mods=$root/lib/modules/$kver
mkdir -p "$mods" "$root/usr/local/sbin"
echo "not loom's" >"$root/usr/local/sbin/other-tool"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "/lib/modules/$kver/$f" "$mods/" || fail "no /lib/modules/$kver/$f on this host"
done
# The stock modules loom.ko, sx127x.ko and loom_sniff.ko need (crc-itu-t,
# regmap-spi, cfg80211), as vm.sh finds them.
for d in $(modinfo -F depends "$repo/build/loom.ko" "$repo/build/sx127x.ko" \
	"$repo/build/loom_sniff.ko" |
	tr ',' '\n' | grep -v '^loom$'); do
	while read -r kind path _; do
		[ "$kind" = insmod ] || continue
		mkdir -p "$root$(dirname "$path")"
		cp "$path" "$root$path"
	done < <(modprobe -S "$kver" --show-depends "$d")
done
depmod -b "$root" "$kver" || fail "depmod of the bare root failed"
cp "$mods/modules.dep" "$tmp/dep.before"
tree_before=$(cd "$root" && find . | sort)

mk install DESTDIR="$root" || { fail "make install into a root failed"; cat "$tmp/out"; }
grep -q "DEPMOD  $kver" "$tmp/out" || fail "depmod did not run in a root: $(cat "$tmp/out")"
grep -qx "extra/loom.ko: kernel/lib/crc-itu-t.ko" "$mods/modules.dep" ||
	fail "modules.dep: loom.ko without crc-itu-t: $(grep loom "$mods/modules.dep")"
# modprobe's load order: dependencies first.
order() { modprobe -d "$root" -S "$kver" --show-depends "$1" 2>&1 |
	awk '{ n = split($2, p, "/"); printf "%s ", p[n] }'; }
[ "$(order loom)" = "crc-itu-t.ko loom.ko " ] ||
	fail "modprobe loom would load: $(order loom)"
[ "$(order loom_hwsim)" = "crc-itu-t.ko loom.ko loom_hwsim.ko " ] ||
	fail "modprobe loom_hwsim would load: $(order loom_hwsim)"
[ "$(order sx127x)" = "crc-itu-t.ko loom.ko regmap-spi.ko sx127x.ko " ] ||
	fail "modprobe sx127x would load: $(order sx127x)"
[ "$(order spi:sx1276)" = "crc-itu-t.ko loom.ko regmap-spi.ko sx127x.ko " ] ||
	fail "the SPI modalias of an SX1276 gives: $(order spi:sx1276)"
# loomctl sniff loads the sniffer by its family alias, cfg80211 first.
case "$(order net-pf-16-proto-16-family-loom_sniff)" in
*cfg80211.ko*loom.ko\ loom_sniff.ko\ |*loom.ko*cfg80211.ko\ loom_sniff.ko\ ) ;;
*) fail "the sniffer's genetlink alias gives: $(order net-pf-16-proto-16-family-loom_sniff)" ;;
esac
[ "$(order net-pf-16-proto-16-family-loom)" = "crc-itu-t.ko loom.ko " ] ||
	fail "the genetlink alias loomctl autoloads by gives: $(order net-pf-16-proto-16-family-loom)"

mk uninstall DESTDIR="$root" || fail "make uninstall from a root failed: $(cat "$tmp/out")"
grep -q "DEPMOD  $kver" "$tmp/out" || fail "uninstall did not rerun depmod"
cmp -s "$tmp/dep.before" "$mods/modules.dep" ||
	fail "modules.dep after uninstall: $(diff "$tmp/dep.before" "$mods/modules.dep")"
same_list "the root after uninstall" "$tree_before" "$(cd "$root" && find . | sort)"

# ---- PREFIX, and the parts other branches add ------------------------------
parts=$tmp/parts
mkdir -p "$parts/medium" "$parts/wireshark"
printf '#!/bin/sh\n' >"$parts/medium/loom-medium"
printf '.TH LOOM-MEDIUM 8\n' >"$parts/medium/loom-medium.8"
printf -- '-- dissector\n' >"$parts/wireshark/loom.lua"
pre=$tmp/prefix
mk install DESTDIR="$pre" PREFIX=/usr MEDIUM_BIN="$parts/medium/loom-medium" \
	MEDIUM_MAN="$parts/medium/loom-medium.8" WIRESHARK_LUA="$parts/wireshark/loom.lua" ||
	fail "make install PREFIX=/usr with all parts failed: $(cat "$tmp/out")"
want_parts=$(sort <<EOF
lib/modules/$kver/extra/loom.ko
lib/modules/$kver/extra/loom_hwsim.ko
lib/modules/$kver/extra/loom_sniff.ko
lib/modules/$kver/extra/sx127x.ko
usr/lib/systemd/system/loom@.service
usr/sbin/loom-node
usr/sbin/loomctl
usr/sbin/loom-medium
usr/share/loom/install-manifest
usr/share/man/man8/loom-node.8
usr/share/man/man8/loomctl.8
usr/share/man/man8/loom-medium.8
$plugdir/loom.lua
EOF
)
same_list "PREFIX=/usr with every part" "$want_parts" "$(files "$pre")"
[ "$(stat -c %a "$pre/usr/sbin/loom-medium" 2>/dev/null)" = 755 ] ||
	fail "loom-medium is not mode 755"
mk uninstall DESTDIR="$pre" && fail "uninstall with the wrong PREFIX succeeded"
mk uninstall DESTDIR="$pre" PREFIX=/usr || fail "uninstall PREFIX=/usr failed: $(cat "$tmp/out")"
left=$(cd "$pre" && find . -mindepth 1)
[ -z "$left" ] || fail "uninstall PREFIX=/usr left: $left"

if command -v tshark >/dev/null; then
	lua=$(tshark -G folders 2>/dev/null | sed -n 's/^Global Lua Plugins:[[:space:]]*//p')
	[ "$lua" = "/$plugdir" ] ||
		fail "tshark loads Lua plugins from '$lua', we install into /$plugdir"
else
	note "no tshark here: the plugin directory is not cross-checked"
fi

# ---- refusals install nothing ----------------------------------------------
bad=$tmp/bad
mkdir "$bad"
mk install DESTDIR="$bad" KVER=0.0.0-other && fail "modules installed for the wrong KVER"
grep -q "built for kernel '$kver', not 0.0.0-other" "$tmp/out" ||
	fail "wrong KVER: no clear error: $(cat "$tmp/out")"
mk install DESTDIR="$bad" WIRESHARK_LUA="$parts/wireshark/missing.lua" &&
	fail "install went on without a listed part that is in the tree"
grep -q "$parts/wireshark/missing.lua does not exist" "$tmp/out" ||
	fail "missing part: no clear error: $(cat "$tmp/out")"
left=$(cd "$bad" && find . -mindepth 1)
[ -z "$left" ] || fail "refused installs left: $left"

finish
