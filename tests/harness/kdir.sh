#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the build dir of the newest Debian linux-headers-*-amd64 package
# that is installed and has a Makefile; prints nothing and exits 1 if none.
# Deliberately not uname -r: the host may run some other kernel (CI, a
# container) while we build for and boot Debian's packaged one.

set -uo pipefail

best=
for pkg in $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' \
	'linux-headers-*-amd64' 2>/dev/null | awk '$1 == "ii" { print $2 }'); do
	dir=/usr/src/$pkg
	[ -f "$dir/Makefile" ] && best="$best$dir"$'\n'
done

dir=$(printf '%s' "$best" | sort -V | tail -n1)
[ -n "$dir" ] || exit 1
echo "$dir"
