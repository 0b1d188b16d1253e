#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Positions and the path-loss model, through loomctl: edges follow the
# log-distance formula, a hand-set edge survives moves and model changes,
# clearing a position removes its model edges, and "show --dot" draws it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# rssi FROM TO: RSSI of an edge in mdBm, empty if there is none.
rssi() {
	loomctl hwsim edge list -j | tr -d ' \n' | tr '{' '\n' |
		grep "\"from\":$1,\"to\":$2," |
		sed -n 's/.*"rssi_mdbm":\(-*[0-9]*\).*/\1/p'
}

mark=$(dmesg_mark)
loom_load
hwsim_load radios=0
check loomctl hwsim radio add
check loomctl hwsim radio add
check loomctl hwsim radio add
[ -z "$(rssi 0 1)" ] || fail "radios without positions have an edge"
check loomctl hwsim medium set sigma 0
check loomctl hwsim position set 0 0 0
check loomctl hwsim position set 1 100 0
# 14 dBm - 127.41 dB - 20.8 log10(100 m / 40 m) = -121.687 dBm (Bor et al.)
for pair in "0 1" "1 0"; do
	# shellcheck disable=SC2086 # two ids
	r=$(rssi $pair)
	[ -n "$r" ] && [ "$r" -ge -121689 ] && [ "$r" -le -121685 ] ||
		fail "edge $pair: RSSI $r mdBm, want -121687"
done
check loomctl hwsim medium set exponent 3
r=$(rssi 0 1)
# 14 - 127.41 - 30 log10(2.5) = -125.348 dBm
[ -n "$r" ] && [ "$r" -ge -125350 ] && [ "$r" -le -125346 ] ||
	fail "after exponent 3: RSSI $r mdBm, want -125348"

# A hand-set edge is not the model's to change.
check loomctl hwsim position set 2 0 50
check loomctl hwsim edge set 0 2 rssi -70.5
check loomctl hwsim position set 2 0 500
[ "$(rssi 0 2)" = -70500 ] || fail "moving radio 2 changed the manual edge: $(rssi 0 2)"
[ "$(rssi 2 0)" != -70500 ] && [ -n "$(rssi 2 0)" ] ||
	fail "the model edge 2 -> 0 is wrong: $(rssi 2 0)"
check loomctl hwsim position clear 1
[ -z "$(rssi 0 1)$(rssi 1 0)$(rssi 1 2)" ] ||
	fail "radio 1 kept model edges after its position was cleared"

out=$(loomctl hwsim show --dot) || fail "show --dot failed"
echo "$out" | grep -q "^digraph" || fail "show --dot: no digraph: $out"
echo "$out" | grep -q -- "-70.5 dBm" || fail "show --dot: manual edge missing: $out"
n=$(echo "$out" | grep -c -- "->")
[ "$n" = 2 ] || fail "show --dot: $n edges, want 2: $out"

hwsim_unload
dmesg_clean "$mark"
finish
