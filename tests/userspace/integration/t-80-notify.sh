#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every change is multicast to the "config" group of its own network
# namespace: a listener sees set, clear, set in order with the right
# counts; a listener in another namespace sees nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
loomctl topology clear || fail "clear failed"
/usr/bin/ip netns add notify-other || fail "ip netns add failed"

loomctl monitor topology 3 >/tmp/events 2>/tmp/events.err &
mon=$!
/usr/bin/ip netns exec notify-other loomctl monitor topology 1 \
	>/tmp/other 2>&1 &
other=$!
# Changes before the listeners joined their group would be missed.
wait_listening $mon
wait_listening $other notify-other

load_seed
loomctl topology clear || fail "clear failed"
load_seed

i=0
while kill -0 $mon 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
kill -0 $mon 2>/dev/null && { kill $mon; fail "monitor did not see 3 events"; }
kill $other 2>/dev/null

gen=$(sed -n '1s/^topology set: generation \([0-9]*\),.*/\1/p' /tmp/events)
[ -n "$gen" ] || fail "first event is not a set: $(cat /tmp/events /tmp/events.err)"
want="topology set: generation $gen, 13 nodes, 21 slots
topology cleared: generation $((gen + 1))
topology set: generation $((gen + 2)), 13 nodes, 21 slots"
[ "$(cat /tmp/events)" = "$want" ] ||
	fail "events: '$(cat /tmp/events)', want '$want'"
[ -s /tmp/other ] && fail "another namespace heard: $(cat /tmp/other)"

# JSON form.
loomctl monitor topology -j 1 >/tmp/json &
mon=$!
wait_listening $mon
loomctl topology clear || fail "clear failed"
wait $mon
grep -q '^{"event":"topology","action":"clear","generation":[0-9]*,"node_count":0,"slot_total":0}$' /tmp/json ||
	fail "JSON event: $(cat /tmp/json)"

/usr/bin/ip netns del notify-other
finish
