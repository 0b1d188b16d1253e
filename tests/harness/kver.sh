#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the newest installed Debian kernel version (e.g. 6.1.0-56-amd64)
# that has both /boot/vmlinuz-VER and /lib/modules/VER: the kernel the
# integration and demo VMs boot.  Exits 1 if there is none.

set -uo pipefail

best=
for pkg in $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' \
	'linux-image-*-amd64' 2>/dev/null | awk '$1 == "ii" { print $2 }'); do
	ver=${pkg#linux-image-}
	# Skip the unversioned metapackage and -unsigned twins of the same
	# version; both resolve to files checked below anyway.
	ver=${ver%-unsigned}
	[ -f "/boot/vmlinuz-$ver" ] && [ -d "/lib/modules/$ver" ] &&
		best="$best$ver"$'\n'
done

ver=$(printf '%s' "$best" | sort -Vu | tail -n1)
[ -n "$ver" ] || exit 1
echo "$ver"
