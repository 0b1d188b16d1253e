#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The seed network over 13 mac80211_hwsim Wi-Fi radios in 802.11s mesh
# point mode, one network namespace (and one phy) per node: every node in
# sync, AF_LOOM datagrams both ways across two routers, loomctl ping by
# name, ping6 across the tree, and rmmod mac80211_hwsim with traffic in
# flight: the nodes stop and the kernel log stays clean.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
net_up wifi
net_wait_synced
out=$(in_node 3 loomctl radio list)
note "$out"
echo "$out" | grep -q "wlan3.*ether" || fail "wlan3 is not listed as a radio"

a3=$(addr_of 3)
a9=$(addr_of 9)
ll() { echo "fe80::ff:fe00:${1#0x}"; }
in_node 12 loomctl ping "$(name_of 3)" -W 50 >/tmp/ping 2>&1 &
pping=$!
in_node 0 ping6 -c 1 -W 70 -w 72 -I loom0 "$(ll "$a9")" >/tmp/ping6 2>&1 &
pping6=$!
send_both_ways "over wifi"
wait_pids 75 $pping $pping6
note "ping: $(cat /tmp/ping)"
note "ping6: $(cat /tmp/ping6)"
grep -qx "len=14 rssi=unknown snr=unknown down over wifi" /tmp/both ||
	fail "nothing came down, or with a made-up signal"
grep -qx "len=12 up over wifi" /tmp/both || fail "nothing came up"
grep -q "bytes from $(name_of 3) ($a3): seq=1 time=" /tmp/ping ||
	fail "loomctl ping by name got no answer"
grep -q "1 packets received" /tmp/ping6 || fail "no ping6 reply across the tree"
# Its time in Transmit follows its frames' time on air at 6 Mbit/s.  Read
# after the traffic: in sync, an end device may not have had its slot yet.
tx=$(in_node 3 loomctl radio list -j | tr -d ' \n' |
	sed -n 's/.*"transmit":\([0-9]*\).*/\1/p')
[ "${tx:-0}" -gt 0 ] || fail "no time in Transmit: $(in_node 3 loomctl radio list -j)"
if has_failed; then
	for i in 0 2 3 9 11 12; do
		note "node $i: $(node_json $i | tr -d ' \n' | grep -o '"mac":{[^}]*}')"
	done
fi

# rmmod mac80211_hwsim under traffic: each radio's node stops.
in_node 0 ping6 -c 40 -i 0.2 -I loom0 "$(ll "$a9")" >/dev/null 2>&1 &
pflood=$!
sleep 2
check rmmod mac80211_hwsim
wait_pids 15 $pflood
t=0
while [ $t -lt 10 ]; do
	n=0
	i=0
	while [ $i -lt 13 ]; do
		in_node $i loomctl node list -j 2>/dev/null | grep -q '"name"' &&
			n=$((n + 1))
		i=$((i + 1))
	done
	[ $n = 0 ] && break
	sleep 1
	t=$((t + 1))
done
[ "$n" = 0 ] || fail "$n nodes still run after their radios went"
net_down gone
dmesg_clean "$mark"
finish
