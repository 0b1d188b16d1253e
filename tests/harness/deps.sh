#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs the Debian packages that building and testing loom needs.
# Idempotent and quick: apt is only touched when dpkg says something is
# missing, so "make test" can call it every time.

set -euo pipefail

pkgs=(
	build-essential make rsync git perl python3 xz-utils pkg-config
	cpio kmod
	sparse bc flex bison libelf-dev libssl-dev dwarves
	libnl-3-dev libnl-genl-3-dev libyajl-dev iw valgrind graphviz
	tshark batctl iperf3 stress-ng
	device-tree-compiler dt-schema yamllint python3-libfdt linux-source-6.1
	dkms
)
# The QEMU tiers boot Debian's amd64 kernel (and build the KUnit one from
# its source); "make" itself builds against the running kernel's headers
# when they are installed (tests/harness/kdir.sh), on any architecture.
# The cross compiler is for the arm64 build check (make arm64, h-17).
if [ "$(dpkg --print-architecture)" = amd64 ]; then
	pkgs+=(linux-headers-amd64 linux-image-amd64 linux-source-6.1
		qemu-system-x86 busybox-static
		gcc-aarch64-linux-gnu)
else
	echo "deps: not amd64: the QEMU test tiers (Debian's amd64 kernel) cannot run here;" \
		"make and make install need the running kernel's headers" >&2
fi

missing=()
for p in "${pkgs[@]}"; do
	# "install ok installed" only; half-installed or removed-with-config
	# packages count as missing.
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$st" in
	ii*) ;;
	*) missing+=("$p") ;;
	esac
done

if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
