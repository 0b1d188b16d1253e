#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Power cycles on the seed network (one namespace per node): a leaf saves
# its state, is off for a while and comes back in sync at once, takes the
# next refresh and sends; the coordinator does the same and its network
# is in sync afterwards; a state that does not fit is refused.  And
# loomctl link shows a router's neighbours.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# counter_of I NAME: one counter of node I.
counter_of() {
	node_json "$1" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}

mark=$(dmesg_mark)
net_up
net_wait_synced

# Router 1, once every child had its slot: its parent and five children.
six() { [ "$(in_node 2 loomctl link -j | grep -o '"address"' | wc -l)" = 6 ]; }
wait_for 30 six
out=$(in_node 2 loomctl link -j)
note "links of Router 1: $out"
[ "$(echo "$out" | grep -o '"address"' | wc -l)" = 6 ] ||
	fail "Router 1 should list 6 neighbours"
echo "$out" | grep -q '"name":"BillyTheCoord"' || fail "no parent link"
check in_node 2 loomctl link "$(name_of 2)"

# A leaf two routers down: saved, off for 4 s, back at once.
leaf=$(name_of 6)
check in_node 6 loomctl state save "$leaf" /tmp/leaf.json
note "state: $(cat /tmp/leaf.json)"
check in_node 6 loomctl node stop "$leaf"
# Off for 4 s (the scenario, not a wait for anything).
sleep 4
check in_node 6 loomctl state restore "$leaf" radio hwsim6 /tmp/leaf.json
[ "$(synced 6)" = true ] || fail "the restored leaf is not in sync at once"
in_node 0 loomsock bind loom0 50 recv 40 >/tmp/up &
pup=$!
wait_bound /tmp/up
out=$(in_node 6 loomsock bind loom0 0 send 0xf000 50 "after power cycle")
echo "$out" | grep -q "^sent" || fail "restored leaf cannot send: $out"

wait_pids 45 $pup
note "up: $(cat /tmp/up)"
grep -q "after power cycle" /tmp/up ||
	fail "the restored leaf's datagram never arrived"

# The coordinator too: its network keeps the phase through two periods.
check in_node 0 loomctl state save BillyTheCoord /tmp/coord.json
check in_node 0 loomctl node stop BillyTheCoord
# Off for 3 s.
sleep 3
check in_node 0 loomctl state restore BillyTheCoord radio hwsim0 /tmp/coord.json
# Two periods on: the leaf has taken two more refreshes.
r0=$(counter_of 6 refresh_rx)
two() { [ "$(counter_of 6 refresh_rx)" -ge $((r0 + 2)) ]; }
wait_for 40 two || fail "restored leaf took $(($(counter_of 6 refresh_rx) - r0)) refreshes in 40 s"
# In sync at the end.  Whether anyone lost sync on the way depends on
# the machine's timer lateness against the guards; KUnit checks that
# exactly on the virtual clock.
i=0
while [ $i -lt 13 ]; do
	[ "$(synced $i)" = true ] || fail "node $i out of sync after the power cycles"
	i=$((i + 1))
done

# A state that does not fit is refused, and nothing starts.
check in_node 9 loomctl node stop "$(name_of 9)"
sed "s/$leaf/$(name_of 9)/" /tmp/leaf.json >/tmp/other.json
if in_node 9 loomctl state restore "$(name_of 9)" radio hwsim9 /tmp/other.json \
	2>/tmp/err; then
	fail "another node's state was restored"
fi
grep -q "another address" /tmp/err || fail "refusal: $(cat /tmp/err)"
in_node 9 loomctl node list | grep -q "$(name_of 9)" &&
	fail "a refused restore left the node running"

has_failed && net_report
net_down
dmesg_clean "$mark"
finish
