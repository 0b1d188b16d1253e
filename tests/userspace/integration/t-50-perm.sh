#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# As nobody (uid 65534): load and clear are refused with EPERM and leave
# the topology alone; show works unprivileged.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
load_seed
before=$(show_json)

for cmd in "load $DATA/seed.json" "clear"; do
	# $cmd is split on purpose: "load FILE" is two arguments.
	# shellcheck disable=SC2086
	if runas loomctl topology $cmd >/tmp/out 2>/tmp/err; then
		fail "unprivileged 'topology $cmd' succeeded"
	fi
	grep -q "Operation not permitted" /tmp/err ||
		fail "unprivileged 'topology $cmd': no EPERM message: $(cat /tmp/err)"
	[ "$(show_json)" = "$before" ] ||
		fail "unprivileged 'topology $cmd' changed the topology"
done

out=$(runas loomctl topology show -j 2>/tmp/err) ||
	fail "unprivileged 'topology show -j' failed: $(cat /tmp/err)"
[ "$out" = "$before" ] || fail "unprivileged show differs: $out"
runas loomctl topology show >/dev/null 2>/tmp/err ||
	fail "unprivileged 'topology show' failed: $(cat /tmp/err)"
finish
