#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# IPv6 over the loomN devices of the seed network (one namespace per
# node): link-local addresses from the Loom address, ping6 and UDP across
# two routers, MTU limits, counters, a device moved to another namespace,
# and rmmod with traffic in flight.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

ip=/usr/bin/ip
mark=$(dmesg_mark)
net_up
net_wait_synced

a0=$(addr_of 0)
a6=$(addr_of 6)
a9=$(addr_of 9)
ll() { echo "fe80::ff:fe00:${1#0x}"; }
note "link-local: coordinator $(ll "$a0"), R1R1ED1 $(ll "$a6"), R1R2ED2 $(ll "$a9")"

# Every device carries the link-local address its Loom address names.
for i in 0 6 9; do
	a=$(addr_of $i)
	in_node $i $ip -6 addr show dev loom0 | grep -q "inet6 $(ll "$a")/64" ||
		fail "node $i: no $(ll "$a"): $(in_node $i $ip -6 addr show dev loom0)"
done
out=$(in_node 9 $ip link show loom0)
echo "$out" | grep -q "UP,LOWER_UP" || fail "loom0 not up with carrier: $out"
# The coordinator has the timing from the start: its carrier is up too.
out=$(in_node 0 $ip link show loom0)
echo "$out" | grep -q "state UP" || fail "coordinator's loom0: $out"
echo "$out" | grep -q "mtu 1280" || fail "default MTU: $out"
check in_node 9 $ip link set loom0 mtu 9000
in_node 9 $ip link set loom0 mtu 1000 2>/dev/null &&
	fail "an MTU below IPv6's minimum was taken"
in_node 9 $ip link set loom0 mtu 70000 2>/dev/null &&
	fail "an MTU above the largest datagram was taken"
check in_node 9 $ip link set loom0 mtu 1280

# ping6 down two routers and back; UDP from one leaf to another.
in_node 0 ping6 -c 1 -W 70 -w 72 -I loom0 "$(ll "$a9")" >/tmp/ping 2>&1 &
pping=$!
in_node 6 loomsock udp bind 5000 recv 70 >/tmp/udp &
pudp=$!
wait_bound /tmp/udp
out=$(in_node 9 loomsock udp send "$(ll "$a6")" loom0 5000 "over ipv6")
[ "$out" = "sent 9" ] || fail "udp send: $out"
# Multicast has nowhere to go on a tree: refused and counted.
in_node 9 ping6 -c 1 -w 1 -I loom0 ff02::1 >/dev/null 2>&1 &&
	fail "multicast ping answered"

wait_pids 75 $pping $pudp
note "ping6: $(cat /tmp/ping)"
note "udp: $(cat /tmp/udp)"
grep -q "1 packets received" /tmp/ping || fail "no ping6 reply across the tree"
grep -q "^recv $(ll "$a9"):[0-9]* len=9 over ipv6$" /tmp/udp ||
	fail "the UDP datagram never arrived"
out=$(in_node 9 $ip -s link show loom0)
note "$out"
tx=$(echo "$out" | awk '/TX:/ { getline; print $2 }')
[ "${tx:-0}" -ge 2 ] || fail "loom0 counted $tx packets sent"

# A device moved to another namespace keeps working there.
$ip netns del m12 2>/dev/null
check $ip netns add m12
check in_node 12 $ip link set loom0 netns m12
in_node 12 $ip link show loom0 >/dev/null 2>&1 && fail "loom0 still in n12"
# Like every device that changes namespace, it arrives down.
out=$($ip netns exec m12 loomsock bind loom0 0 send 0xf000 1 moved)
echo "$out" | grep -q "^send ENETDOWN" || fail "send while down: $out"
check $ip netns exec m12 $ip link set loom0 up
out=$($ip netns exec m12 loomsock bind loom0 0 send 0xf000 1 moved)
echo "$out" | grep -q "^sent 5" || fail "send from the moved device: $out"

# rmmod with pings in flight: the nodes stop, nothing leaks or hangs.
in_node 0 ping6 -c 50 -i 0.2 -I loom0 "$(ll "$a6")" >/dev/null 2>&1 &
pflood=$!
in_node 6 loomsock bind loom0 90 recvblock >/tmp/gone &
pg=$!
wait_bound /tmp/gone
# In flight: the coordinator's device has sent some of them.
tx0() { in_node 0 $ip -s link show loom0 | awk '/TX:/ { getline; print $2 }'; }
t0=$(tx0)
flying() { [ "$(tx0)" -ge $((t0 + 2)) ]; }
wait_for 30 flying || fail "no pings went out: $(tx0) sent"
check rmmod loom_hwsim
wait_pids 20 $pflood $pg
[ "$(tail -n1 /tmp/gone)" = "recv ENETDOWN" ] ||
	fail "reader after rmmod: $(cat /tmp/gone)"
$ip netns exec m12 $ip link show loom0 >/dev/null 2>&1 &&
	fail "the moved device outlived its node"
$ip netns del m12
has_failed && net_report
net_down
dmesg_clean "$mark"
finish
