#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Interfaces as radios: what "radio add" refuses and why; the seed network
# on 13 veths bridged together (EtherType 0x88B5), datagrams both ways
# across two routers with the signal unknown; an interface set down and up
# (carrier lost and back, counted), renamed, moved to another namespace
# and deleted under traffic; a clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

ip=/usr/bin/ip
mark=$(dmesg_mark)
loom_load

# refused ARGS... WORDS: "loomctl radio add ARGS" fails, saying WORDS.
refused() {
	_w=$1
	shift
	if loomctl radio add "$@" >/tmp/out 2>&1; then
		fail "radio add $* was taken"
		loomctl radio del "$1" 2>/dev/null
	fi
	grep -q "$_w" /tmp/out || fail "radio add $*: $(cat /tmp/out)"
}

refused "no interface of that name" nosuch0
refused "not an Ethernet-framed interface" lo
check $ip link add lt0 type dummy
check $ip link set lt0 mtu 60
refused "MTU is too small" lt0
check $ip link set lt0 mtu 1500
refused "must be 6000..1000000" lt0 rate 1000
# The kernel refuses it on its own, too (LOOM_CMD_RADIO_ADD = 12,
# LOOM_ATTR_IFNAME = 27, LOOM_ATTR_RATE = 35).
nlprobe loom 12 27:str:lt0 35:u32:1000 >/tmp/probe 2>&1 &&
	fail "the kernel took rate 1000"
grep -q "out of range\|ERANGE" /tmp/probe || fail "rate 1000: $(cat /tmp/probe)"
out=$(runas loomctl radio add lt0 2>&1) && fail "unprivileged attach: $out"
check loomctl radio add lt0
refused "attached already" lt0
refused "attached already" lt0 name other0
out=$(loomctl radio list -j)
echo "$out" | grep -q '"radio":"lt0","kind":"ether"' || fail "radio list: $out"
echo "$out" | grep -q '"max_frame":1496' || fail "max frame from the MTU: $out"
# Its 48-bit address is the interface's.
mac=$(cat /sys/class/net/lt0/address)
echo "$out" | grep -q "\"hwaddr\":\"$mac\"" || fail "hwaddr not $mac: $out"
# A simulated radio moves between namespaces; an interface's does not.
check $ip netns add t94
out=$(loomctl radio set lt0 netns t94 2>&1) && fail "moved an interface's radio"
echo "$out" | grep -q "move the interface" || fail "radio set: $out"
# Moving the interface detaches its radio.
check $ip link set lt0 netns t94
t=0
while loomctl radio list -j | grep -q '"lt0"' && [ $t -lt 10 ]; do
	sleep 1
	t=$((t + 1))
done
loomctl radio list -j | grep -q '"lt0"' && fail "lt0 still a radio after its move"
$ip netns exec t94 loomctl radio list -j | grep -q '"lt0"' &&
	fail "the radio followed the interface"
# A simulated radio given to a namespace is seen there only, and comes
# back when the namespace ends.
hwsim_load radios=1
check loomctl radio set hwsim0 netns t94
loomctl radio list -j | grep -q '"hwsim0"' && fail "hwsim0 still seen here"
$ip netns exec t94 loomctl radio list -j | grep -q '"radio":"hwsim0","kind":"hwsim"' ||
	fail "hwsim0 not seen in t94: $($ip netns exec t94 loomctl radio list)"
# A simulated radio's 48-bit address is stable: 02:4c:4f:4d and its id.
$ip netns exec t94 loomctl radio list -j | grep -q '"hwaddr":"02:4c:4f:4d:00:00"' ||
	fail "hwsim0's hwaddr: $($ip netns exec t94 loomctl radio list -j)"
out=$(runas loomctl radio set hwsim0 netns t94 2>&1) && fail "unprivileged move: $out"
check $ip netns del t94
t=0
until loomctl radio list -j | grep -q '"hwsim0"' || [ $t -ge 10 ]; do
	sleep 1
	t=$((t + 1))
done
loomctl radio list -j | grep -q '"hwsim0"' || fail "hwsim0 did not come back"
hwsim_unload

# The seed network over bridged veths.
net_up ether
net_wait_synced
a9=$(addr_of 9)
send_both_ways "over veth"
grep -qx "len=14 rssi=unknown snr=unknown down over veth" /tmp/both ||
	fail "nothing came down, or with a made-up signal"
grep -qx "len=12 up over veth" /tmp/both || fail "nothing came up"
out=$(in_node 9 loomctl radio list -j)
echo "$out" | grep -q '"rx_frames":[1-9]' || fail "no frames counted: $out"

# Down: the node loses carrier and counts it; up: it gets it back.
check in_node 9 $ip link set lv9 down
t=0
until in_node 9 $ip link show loom0 | grep -q NO-CARRIER || [ $t -ge 10 ]; do
	sleep 1
	t=$((t + 1))
done
in_node 9 $ip link show loom0 | grep -q NO-CARRIER ||
	fail "loom0 kept carrier with its radio down"
node_json 9 | grep -q '"radio_down":1' || fail "radio_down: $(node_json 9)"
in_node 9 loomctl radio list -j | grep -q '"carrier":false' ||
	fail "radio list shows the link up"
# Renamed while down, the radio takes the new name.
check in_node 9 $ip link set lv9 name lw9
t=0
until in_node 9 loomctl radio list -j | grep -q '"lw9"' || [ $t -ge 10 ]; do
	sleep 1
	t=$((t + 1))
done
in_node 9 loomctl radio list -j | grep -q '"radio":"lw9"' ||
	fail "rename not followed: $(in_node 9 loomctl radio list)"
check in_node 9 $ip link set lw9 up
t=0
until node_json 9 | grep -q '"synced":true' &&
	in_node 9 $ip link show loom0 | grep -q LOWER_UP || [ $t -ge 40 ]; do
	sleep 1
	t=$((t + 1))
done
in_node 9 $ip link show loom0 | grep -q LOWER_UP ||
	fail "no carrier after the link came back: $(node_json 9)"
node_json 9 | grep -q '"radio_up":1' || fail "radio_up: $(node_json 9)"

# Deleted under traffic: the node on it stops, nothing leaks.
in_node 0 ping6 -c 20 -i 0.2 -I loom0 "fe80::ff:fe00:${a9#0x}" >/dev/null 2>&1 &
pp=$!
sleep 2
check in_node 11 $ip link del lv11
t=0
while in_node 11 loomctl node list -j | grep -q '"name"' && [ $t -lt 10 ]; do
	sleep 1
	t=$((t + 1))
done
in_node 11 loomctl node list -j | grep -q '"name"' &&
	fail "Router 2 runs on a deleted interface"
wait_pids 10 $pp
net_down
dmesg_clean "$mark"
finish
