#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The seed network live on loom_hwsim in real time: every node runs on its
# own simulated radio (SF7, 500 kHz, quarter-second slots, all within 40 m
# of each other), all take the refresh, and datagrams cross two routers up
# and down.  The kernel refuses
# bad starts with clear words; rmmod with the network running is clean.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

NODES="BillyTheCoord|End Device 1|Router 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1|Router 1 Router 1 End Device 1|Router 1 Router 2|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2|Router 2 End Device 1"

mark=$(dmesg_mark)
seed_radios
check loomctl topology load "$DATA/seed-fast.json"

# Each node on the radio of its index in the topology.
i=0
IFS='|'
for name in $NODES; do
	check loomctl node start "$name" radio "hwsim$i"
	i=$((i + 1))
done
unset IFS

# The kernel's own refusals.
NODE_START=5 NAME=8 RADIO=9
probe() { nlprobe loom "$@" >/tmp/probe 2>&1; }
probe $NODE_START $NAME:str:Router\ 2 $RADIO:str:hwsim12 &&
	fail "a node started twice"
grep -q "that radio runs another node" /tmp/probe ||
	fail "busy radio: $(cat /tmp/probe)"
probe $NODE_START $NAME:str:Nobody $RADIO:str:hwsim0 &&
	fail "an unknown node started"
grep -q "no node of that name" /tmp/probe || fail "unknown node: $(cat /tmp/probe)"
if loomctl hwsim radio set 3 sf 9 2>/tmp/err; then
	fail "a radio under a running node changed modulation"
fi
grep -q "runs a Loom node" /tmp/err || fail "busy radio set: $(cat /tmp/err)"

# One period (about 12 s) brings every node in sync; a busy QEMU host may
# delay a refresh window past the 2 ms guard, so allow a second period.
t=0
while [ $t -lt 30 ]; do
	n=$(loomctl node list -j | grep -o '"synced":[a-z0-9]*' | grep -c 'true\|1')
	[ "$n" = 13 ] && break
	sleep 1
	t=$((t + 1))
done
[ "$n" = 13 ] || fail "$n of 13 nodes in sync: $(loomctl node list)"

loomctl recv -j 2 >/tmp/recv &
rpid=$!
wait_listening $rpid
check loomctl send from "Router 1 Router 1 End Device 1" BillyTheCoord "up two routers"
check loomctl send from BillyTheCoord "Router 1 Router 2 End Device 2" "down two routers"
# Up takes one data cycle, down one hop per cycle: within two periods.
t=0
while kill -0 $rpid 2>/dev/null && [ $t -lt 40 ]; do
	sleep 1
	t=$((t + 1))
done
kill $rpid 2>/dev/null
note "received: $(cat /tmp/recv)"
grep -q "up two routers" /tmp/recv || fail "the datagram up never arrived"
grep -q "down two routers" /tmp/recv || fail "the datagram down never arrived"

# Stop one node by name, then take everything down while it runs.
check loomctl node stop "Router 2 End Device 1"
n=$(loomctl node list -j | grep -o '"name"' | wc -l)
[ "$n" = 12 ] || fail "$n nodes listed after a stop, want 12"
check rmmod loom_hwsim
n=$(loomctl node list -j | grep -o '"name"' | wc -l)
[ "$n" = 0 ] || fail "$n nodes still listed after their radios went"
check rmmod loom
dmesg_clean "$mark"
finish
