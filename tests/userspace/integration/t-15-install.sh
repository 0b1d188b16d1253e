#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The modules as "make install" leaves them (lib/modules/KVER/extra, then
# depmod; vm.sh installs them the same way, h-15-install checks that make
# install does): a bare insmod of loom.ko fails on "Unknown symbol
# crc_itu_t" while modprobe loom and modprobe loom_hwsim load what they
# need; the README's build-tree steps (modprobe crc_itu_t, then insmod)
# work; with the module not installed loomctl's hint gives those steps,
# for loom and for loom_hwsim; installed, any user's loomctl autoloads it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

extra=/lib/modules/$(uname -r)/extra
loaded() { [ -d "/sys/module/$1" ]; }

# unload_all: loom_hwsim, loom and crc_itu_t, so each step starts bare.
unload_all() {
	for m in loom_hwsim loom crc_itu_t; do
		if loaded "$m"; then
			rmmod "$m" || fail "rmmod $m failed"
		fi
	done
}

unload_all
mark=$(dmesg_mark)

grep -q "^extra/loom.ko:.*kernel/lib/crc-itu-t.ko" "/lib/modules/$(uname -r)/modules.dep" ||
	fail "modules.dep: extra/loom.ko does not need crc-itu-t: $(grep loom "/lib/modules/$(uname -r)/modules.dep")"

# What the README used to say: insmod alone cannot resolve crc_itu_t.
if insmod "$extra/loom.ko" 2>/tmp/err; then
	fail "insmod loom.ko without crc_itu_t succeeded"
fi
loaded loom && fail "loom loaded by a failed insmod"
dmesg_since "$mark" | grep -q "loom: Unknown symbol crc_itu_t" ||
	fail "no 'Unknown symbol crc_itu_t' in dmesg: $(dmesg_since "$mark" | tail -n 5)"

modprobe loom || fail "modprobe loom failed"
loaded crc_itu_t || fail "modprobe loom did not load crc_itu_t"
loaded loom || fail "modprobe loom did not load loom"
unload_all

modprobe loom_hwsim || fail "modprobe loom_hwsim failed"
for m in crc_itu_t loom loom_hwsim; do
	loaded "$m" || fail "modprobe loom_hwsim did not load $m"
done
unload_all

# The README's steps from a build tree.
modprobe crc_itu_t || fail "modprobe crc_itu_t failed"
insmod "$extra/loom.ko" || fail "insmod loom.ko after crc_itu_t failed"
insmod "$extra/loom_hwsim.ko" || fail "insmod loom_hwsim.ko after loom failed"
loaded loom_hwsim || fail "loom_hwsim not loaded by the build-tree steps"
unload_all

# Not installed: the kernel's autoload finds nothing; loomctl says what to do.
# hint_has "ARGS" TEXT...: loomctl ARGS fails and its message holds each TEXT.
hint_has() {
	_args=$1
	shift
	# shellcheck disable=SC2086 # ARGS are split on purpose
	if loomctl $_args >/dev/null 2>/tmp/err; then
		fail "loomctl $_args worked without its module"
	fi
	note "loomctl $_args: $(cat /tmp/err)"
	for _s in "$@"; do
		grep -qF "$_s" /tmp/err || fail "loomctl $_args: the hint lacks '$_s'"
	done
}
mkdir -p /tmp/aside
mv "$extra/loom.ko" "$extra/loom_hwsim.ko" /tmp/aside/
hint_has "topology show" "modprobe loom (after make install)" \
	"in the build tree: modprobe crc_itu_t; insmod build/loom.ko"
{ modprobe crc_itu_t && insmod /tmp/aside/loom.ko; } ||
	fail "the hint's build-tree steps failed"
hint_has "hwsim radio list" "modprobe loom_hwsim (after make install)" \
	"insmod build/loom.ko; insmod build/loom_hwsim.ko"
mv /tmp/aside/loom.ko /tmp/aside/loom_hwsim.ko "$extra/"
unload_all

# Installed, it loads on any user's first request (the man page says so):
# genetlink's family lookup asks for the alias without a capability check.
runas loomctl topology show >/dev/null 2>/tmp/err ||
	fail "unprivileged loomctl did not autoload loom: $(cat /tmp/err)"
loaded loom || fail "loom not loaded after an unprivileged request"
unload_all

dmesg_clean "$mark"
finish
