#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make install" and "make uninstall" (the Makefile passes every item; see
# README.md and Documentation/testing.rst).
#
#   install.sh install --manifest PATH --kver KVER [--destdir DIR]
#                      [--depmod CMD] ITEM...
#   install.sh uninstall --manifest PATH [--destdir DIR] [--depmod CMD]
#
#   ITEM  --module SRC:DIR      a .ko whose vermagic must name KVER
#         --file MODE:SRC:DIR   a file that must exist
#         --optional MODE:SRC:DIR
#                               a file of a part that may not be in this
#                               tree: skipped (and said so) when SRC's
#                               directory does not exist, an error when
#                               the directory exists but SRC does not
#
# DIR and PATH are paths on the target; DESTDIR is put in front of them.
# Everything is checked before anything is copied: a refused install
# leaves nothing behind.  The manifest lists every file installed and
# every directory created; uninstall removes exactly those (directories
# only when empty) and the manifest itself.  depmod runs after modules are
# installed or removed when DESTDIR/lib/modules/KVER/modules.order exists
# (the system, or a whole root file system under DESTDIR); in a packaging
# staging dir it is skipped with a note, for the package to run it.

set -euo pipefail

action=${1:-}
die() { echo "${action:-install}: $*" >&2; exit 1; }
note() { echo "$action: $*"; }

[ $# -ge 1 ] || die "usage: $0 install|uninstall OPTIONS (see its header)"
shift
destdir='' manifest='' kver='' depmod=''
items=()
while [ $# -gt 0 ]; do
	case "$1" in
	--destdir) destdir=$2; shift 2 ;;
	--manifest) manifest=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--depmod) depmod=$2; shift 2 ;;
	--module|--file|--optional) items+=("${1#--}:$2"); shift 2 ;;
	*) die "unknown option '$1'" ;;
	esac
done
case "$manifest" in
/*) ;;
*) die "--manifest must be an absolute path, not '$manifest'" ;;
esac
destdir=${destdir%/}
if [ -z "$depmod" ]; then
	depmod=$(PATH=$PATH:/usr/sbin:/sbin command -v depmod) ||
		die "depmod not found (apt-get install kmod)"
fi

# run_depmod KVER: as described in the header.
run_depmod() {
	local k=$1
	if [ -f "$destdir/lib/modules/$k/modules.order" ]; then
		echo "  DEPMOD  $k${destdir:+ (in $destdir)}"
		if [ -n "$destdir" ]; then
			"$depmod" -b "$destdir" "$k"
		else
			"$depmod" "$k"
		fi
	else
		note "no $destdir/lib/modules/$k/modules.order: depmod not run (run 'depmod $k' where the modules end up)"
	fi
}

m=$destdir$manifest

# ---- uninstall --------------------------------------------------------------
if [ "$action" = uninstall ]; then
	[ "${#items[@]}" = 0 ] || die "uninstall takes no items: the manifest says what to remove"
	[ -f "$m" ] || die "no manifest $m: nothing was installed there (same DESTDIR and PREFIX as for make install?)"
	mapfile -t lines < <(grep -v '^#' "$m")
	dirs=() kvers=()
	for line in "${lines[@]}"; do
		kind=${line%% *}
		path=${line#* }
		case "$kind" in
		file)
			if [ -e "$destdir$path" ] || [ -L "$destdir$path" ]; then
				echo "  RM      $destdir$path"
				rm -f "$destdir$path"
			else
				note "$destdir$path was already gone"
			fi
			;;
		module-kver) kvers+=("$path") ;;
		dir) dirs+=("$path") ;;
		*) die "$m: unknown line '$line'" ;;
		esac
	done
	rm -f "$m"
	# Deepest first: they were recorded as created, parents first.
	for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
		d=$destdir${dirs[i]}
		[ -d "$d" ] || continue
		if rmdir "$d" 2>/dev/null; then
			echo "  RMDIR   $d"
		else
			note "left $d: it holds files that make install did not put there"
		fi
	done
	for k in ${kvers[@]+"${kvers[@]}"}; do
		run_depmod "$k"
	done
	exit 0
fi

[ "$action" = install ] || die "unknown action '$action' (install or uninstall)"
[ -n "$kver" ] || die "--kver missing"

# ---- install: check everything first ------------------------------------
p_mode=() p_src=() p_dir=()
have_modules=0
for it in "${items[@]}"; do
	kind=${it%%:*}
	rest=${it#*:}
	if [ "$kind" = module ]; then
		mode=0644
	else
		mode=${rest%%:*}
		rest=${rest#*:}
	fi
	src=${rest%:*}
	dir=${rest##*:}
	case "$dir" in
	/*) ;;
	*) die "$kind $src: target directory '$dir' is not absolute" ;;
	esac
	case "$mode" in
	0[0-7][0-7][0-7]) ;;
	*) die "$kind $src: mode '$mode' is not 0NNN" ;;
	esac
	if [ ! -f "$src" ]; then
		if [ "$kind" = optional ] && [ ! -d "$(dirname "$src")" ]; then
			note "skipping $src: $(dirname "$src")/ is not in this tree"
			continue
		fi
		die "$src does not exist: run 'make' first"
	fi
	if [ "$kind" = module ]; then
		built=$(modinfo -F vermagic "$src" 2>/dev/null | awk '{ print $1 }')
		[ "$built" = "$kver" ] ||
			die "$src is built for kernel '${built:-?}', not $kver (KDIR and KVER disagree)"
		have_modules=1
	fi
	p_mode+=("$mode") p_src+=("$src") p_dir+=("$dir")
done

# Entries of an earlier install stay: a reinstall still uninstalls in one go.
declare -A seen=()
recs=()
if [ -f "$m" ]; then
	while read -r line; do
		case "$line" in '#'*|'') continue ;; esac
		seen[$line]=1
		recs+=("$line")
	done <"$m"
fi
record() {
	[ -n "${seen[$1]:-}" ] && return 0
	seen[$1]=1
	recs+=("$1")
}

# mkdirs DIR: creates DIR's missing components, recording each.
mkdirs() {
	local sub='' part parts
	IFS=/ read -r -a parts <<<"${1#/}"
	for part in "${parts[@]}"; do
		[ -n "$part" ] || continue
		sub=$sub/$part
		if [ ! -e "$destdir$sub" ] && [ ! -L "$destdir$sub" ]; then
			mkdir "$destdir$sub"
			record "dir $sub"
		fi
	done
}

# Written on any exit from here on, so that whatever was copied before a
# failure (a full disk, say) can still be uninstalled.
write_manifest() {
	{
		echo "# Installed by loom's 'make install'; 'make uninstall' removes the"
		echo "# files listed, then the directories it created (when empty), then"
		echo "# runs depmod for the module-kver lines."
		printf '%s\n' "${recs[@]}"
	} >"$m.tmp" && mv "$m.tmp" "$m"
}

[ -z "$destdir" ] || [ -d "$destdir" ] || mkdir -p "$destdir"
mkdirs "$(dirname "$manifest")"
trap write_manifest EXIT
[ "$have_modules" = 1 ] && record "module-kver $kver"
for i in "${!p_src[@]}"; do
	mode=${p_mode[i]} src=${p_src[i]} dir=${p_dir[i]}
	mkdirs "$dir"
	dst=$dir/$(basename "$src")
	if [ -e "$destdir$dst" ] && [ -z "${seen["file $dst"]:-}" ]; then
		note "replacing $destdir$dst, which make install did not put there (make uninstall will remove it)"
	fi
	echo "  INSTALL $destdir$dst"
	install -m "$mode" "$src" "$destdir$dst"
	record "file $dst"
done

trap - EXIT
write_manifest
echo "  MANIFEST $m"

if [ "$have_modules" = 1 ]; then
	run_depmod "$kver"
	if [ -z "$destdir" ] && [ "$kver" != "$(uname -r)" ]; then
		note "the modules are for kernel $kver; this machine runs $(uname -r): 'modprobe loom' works once $kver runs"
	fi
fi
