#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The virtual clock: time moves only when asked, a simulated minute passes
# at once, and the same seed gives the same counters, end to end.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_load

# run_once SEED: counters of three radios after a simulated minute in
# which radios 0 and 1 both send (so frames collide) and 2 listens.
run_once() {
	hwsim_load clock=virtual radios=3 seed="$1"
	for i in 0 1 2; do check loomctl hwsim radio set $i state rx; done
	check loomctl hwsim medium set sigma 8
	check loomctl hwsim radio set 0 gen 20 gap 150
	check loomctl hwsim radio set 1 gen 20 gap 230
	out=$(loomctl hwsim run 60s) || fail "run 60s failed"
	note "$out"
	for i in 0 1 2; do
		loomctl hwsim radio show $i -j | tr -d ' \n' |
			sed 's/"state_time[^}]*}//; s/"energy[^,}]*//'
		echo
	done
}

one=$(run_once 5)
two=$(run_once 5)
[ -n "$one" ] && [ "$one" = "$two" ] || fail "same seed, different runs:
$one
$two"
now=$(loomctl hwsim medium show -j | tr -d ' \n' |
	sed -n 's/.*"now_ns":\([0-9]*\).*/\1/p')
[ "$now" = 60000000000 ] || fail "virtual clock reads $now ns after run 60s"
tx=$(stat_of 0 tx)
# 56.576 ms on air + 150 ms gap: 290 frames fit in a minute.
[ "$tx" = 291 ] || [ "$tx" = 290 ] || fail "radio 0 sent $tx frames, want 290"

hwsim_unload
dmesg_clean "$mark"
finish
