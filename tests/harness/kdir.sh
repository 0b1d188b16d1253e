#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints a kernel build dir (one with a Makefile) to build loom.ko against;
# prints nothing and exits 1 if there is none.
#
#   kdir.sh          "make" and "make install": the running kernel's
#                    /lib/modules/$(uname -r)/build when it exists (any
#                    Debian or Raspberry Pi OS kernel with its headers),
#                    else the newest Debian linux-headers-*-amd64.
#   kdir.sh --vm     the QEMU tiers: the headers of the kernel they boot
#                    (tests/harness/kver.sh), whatever the host runs.
#   kdir.sh --release KDIR
#                    the kernel release KDIR builds for (its UTS_RELEASE,
#                    which goes into a module's vermagic: Debian's
#                    headers say 6.1.0-57-amd64 there but 6.1.192 in
#                    include/config/kernel.release).

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)

# has_makefile DIR: DIR is a kernel build dir we can use.
has_makefile() { [ -n "$1" ] && [ -f "$1/Makefile" ]; }

case "${1:-}" in
--release)
	[ $# = 2 ] || { echo "usage: $0 --release KDIR" >&2; exit 2; }
	f=$2/include/generated/utsrelease.h
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$f" 2>/dev/null)
	[ -n "$rel" ] || { echo "kdir: no UTS_RELEASE in $f" >&2; exit 1; }
	echo "$rel"
	exit 0
	;;
--vm)
	kver=$("$here/kver.sh") || exit 1
	for dir in "/lib/modules/$kver/build" "/usr/src/linux-headers-$kver"; do
		if has_makefile "$dir"; then
			echo "$dir"
			exit 0
		fi
	done
	echo "kdir: no headers for the VM kernel $kver (apt-get install linux-headers-$kver)" >&2
	exit 1
	;;
'') ;;
*) echo "usage: $0 [--vm | --release KDIR]" >&2; exit 2 ;;
esac

run=/lib/modules/$(uname -r)/build
if has_makefile "$run"; then
	echo "$run"
	exit 0
fi

# Debian's packaged amd64 headers, newest first: the host may run some
# other kernel (CI, a container) while we build for Debian's.
best=
for pkg in $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' \
	'linux-headers-*-amd64' 2>/dev/null | awk '$1 == "ii" { print $2 }'); do
	dir=/usr/src/$pkg
	has_makefile "$dir" && best="$best$dir"$'\n'
done

dir=$(printf '%s' "$best" | sort -V | tail -n1)
[ -n "$dir" ] || exit 1
echo "$dir"
