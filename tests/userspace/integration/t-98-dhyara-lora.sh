#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Dhyara mesh on loom_hwsim's simulated LoRa radios: four radios in a
# line (each hears only its neighbours), a mesh node on each.  The ends
# find each other over three hops with the fewest-hops route (loomctl
# monitor shows the neighbour and route events as they come), a layer-2
# ping crosses and traceroute names the hops; the default duty-cycle
# budget (1 %) refuses one-second beacons at this modulation with the
# figures, and a node started without an interval gets one that fits;
# unloading loom_hwsim under the running mesh stops every node and leaves
# a clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_load
hwsim_load
ids=
for i in 0 1 2 3; do
	# A wide channel, short frames: the mesh converges in seconds.
	id=$(loomctl hwsim radio add sf 7 bw 500 | sed 's/radio //') ||
		fail "radio add $i"
	ids="$ids $id"
done
# shellcheck disable=SC2086 # a list of ids
set -- $ids
r0=$1 r1=$2 r2=$3 r3=$4
check loomctl hwsim edge set "$r0" "$r1" rssi -80 both
check loomctl hwsim edge set "$r1" "$r2" rssi -80 both
check loomctl hwsim edge set "$r2" "$r3" rssi -80 both

# hw ID: the 48-bit address of hwsim radio ID.
hw() { loomctl -j radio list | tr '{' '\n' | grep "\"radio\":\"hwsim$1\"" |
	sed -n 's/.*"hwaddr":"\([^"]*\)".*/\1/p'; }
h0=$(hw "$r0") h1=$(hw "$r1") h2=$(hw "$r2") h3=$(hw "$r3")
note "addresses: $h0 $h1 $h2 $h3"
[ -n "$h3" ] || fail "no hwaddr for hwsim$r3: $(loomctl radio list)"

# What the kernel refuses itself (loomctl never sends these): a beacon
# interval out of range, an unknown policy, a saved state.  Attributes:
# 8 NAME, 9 RADIO, 45 PROTO, 49 MESH (2 BEACON_MS, 3 POLICY), 29 STATE.
kref() {
	_want=$1
	shift
	if nlprobe loom 5 8:str:bad 9:str:"hwsim$r0" 45:u8:2 "$@" >/tmp/probe 2>&1; then
		fail "accepted: $*"
		loomctl mesh stop bad
	fi
	grep -q "$_want" /tmp/probe || fail "$*: $(cat /tmp/probe)"
}
kref "error" 49:nest:2:u32:50
kref "error" 49:nest:2:u32:3600001
kref "error" 49:nest:3:u8:2
kref "no saved state" 29:nest:2:u16:1
loomctl node list | grep -q '^bad' && fail "a refused node runs"

# The default budget on LoRa: 1 s beacons do not fit; the error says so
# with the shortest interval that would.
if loomctl mesh start x radio "hwsim$r0" beacon 1000 >/tmp/refused 2>&1; then
	fail "1 s beacons accepted within a 1 % budget"
	loomctl mesh stop x
fi
note "refused: $(cat /tmp/refused)"
grep -q "duty-cycle" /tmp/refused || fail "refusal does not name the duty cycle"
grep -q "at least [0-9]* ms" /tmp/refused || fail "refusal lacks the figures"
# Without an interval: one that fits, several seconds here.
check loomctl mesh start x radio "hwsim$r0"
b=$(loomctl -j mesh show x | sed -n 's/.*"beacon_ms":\([0-9]*\).*/\1/p')
note "default beacon interval under 1 %: $b ms"
[ "${b:-0}" -ge 2000 ] || fail "beacon interval $b ms under a 1 % budget"
check loomctl mesh stop x

# The line, without a budget so that it converges in seconds; its
# neighbour and route events as loomctl monitor shows them.
loomctl monitor events >/tmp/events 2>&1 &
mon=$!
i=0
for r in $ids; do
	check loomctl mesh start "m$i" radio "hwsim$r" beacon 1000 duty off
	i=$((i + 1))
done

# route NODE DEST HOPS VIA: NODE's best route to DEST has HOPS, via VIA.
route() {
	loomctl -j mesh routes "$1" | tr '{' '\n' | grep "\"dest\":\"$2\"" |
		grep '"best":true' | grep "\"via\":\"$4\"" | grep -q "\"hops\":$3"
}
poll_for() {
	_s=$1
	shift
	wait_for "$_s" "$@" || fail "not within ${_s}s: $*"
}
poll_for 60 route m0 "$h3" 3 "$h1"
poll_for 30 route m3 "$h0" 3 "$h2"
note "m0 routes: $(loomctl mesh routes m0)"
kill $mon
grep -q "neighbour up: $h1" /tmp/events ||
	fail "no neighbour_up for $h1: $(head -n 5 /tmp/events)"
grep -q "route to $h3 now via $h1" /tmp/events ||
	fail "no route_changed for $h3: $(head -n 5 /tmp/events)"
note "m0 neighbours: $(loomctl mesh neighbours m0)"
loomctl -j mesh neighbours m0 | grep -q "\"addr\":\"$h1\"" ||
	fail "m0 lacks neighbour $h1"
loomctl -j mesh neighbours m0 | grep -q "\"addr\":\"$h2\"" &&
	fail "m0 hears $h2 directly"

# Layer-2 ping over three hops; hosts-file names.
printf '%s end0\n%s end3\n' "$h0" "$h3" >/tmp/hosts
LOOM_HOSTS=/tmp/hosts loomctl mesh ping m0 end3 -c 5 -W 3 >/tmp/ping 2>&1 ||
	fail "mesh ping m0 -> end3: $(cat /tmp/ping)"
note "$(tail -n 3 /tmp/ping)"
LOOM_HOSTS=/tmp/hosts loomctl mesh traceroute m0 end3 -W 3 >/tmp/trace 2>&1 ||
	fail "traceroute: $(cat /tmp/trace)"
note "$(cat /tmp/trace)"
grep -q "$h1" /tmp/trace || fail "traceroute does not name the first hop"
grep -q "end3" /tmp/trace || fail "traceroute does not reach end3"

# Counters by name; the middle nodes forwarded.
fw=$(loomctl -j mesh show m1 | sed -n 's/.*"forwarded":\([0-9]*\).*/\1/p')
[ "${fw:-0}" -gt 0 ] || fail "m1 forwarded nothing"

# A datagram by 48-bit address through the netlink send path.
check loomctl send from m0 "$h3" "over the mesh"

# The radios go while the mesh runs: every node stops with them.
loomctl mesh ping m0 "$h3" -c 20 -i 0.2 >/dev/null 2>&1 &
pp=$!
hwsim_unload
wait $pp
! loomctl node list 2>&1 | grep -q '^m[0-3]' ||
	fail "nodes still listed: $(loomctl node list)"
rmmod_loom
dmesg_clean "$mark"
finish
