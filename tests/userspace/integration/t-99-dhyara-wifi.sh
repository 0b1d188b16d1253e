#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Dhyara mesh over Wi-Fi: the four mac80211_hwsim radios of t-95 in a
# line under loom-medium (25 m apart, each hearing only its neighbours),
# one network namespace each, 802.11s mesh points without 802.11s
# forwarding, and a Dhyara node on each instead of batman-adv.  n1 routes
# to n4 through n2 over three hops, a layer-2 ping and traceroute by name
# cross, ping6 crosses between the loom0 devices' link-local addresses
# (frames for one neighbour by 802.11 unicast, the radios never deaf) in
# CNU chunks that no DLV answers;
# cutting the 2-3 link loses the route (depreciation) and restoring it
# brings it back; an AF_LOOM sender gets its datagram's delivery report on
# the error queue; rmmod mac80211_hwsim under traffic stops every node and
# leaves a clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# shellcheck source-path=SCRIPTDIR source=mesh-line.sh
. ./mesh-line.sh
# shellcheck source-path=SCRIPTDIR source=mesh-dhyara.sh
. ./mesh-dhyara.sh

conf=/tmp/line.conf
log=/tmp/medium.log
mpid=

mark=$(dmesg_mark)
loom_load
rmmod mac80211_hwsim 2>/dev/null
modprobe mac80211_hwsim radios=4 || fail "modprobe mac80211_hwsim radios=4"
line_phys >/tmp/phys.out || fail "$(cat /tmp/phys.out)"
line_conf $conf
loom-medium -c $conf >$log 2>&1 &
mpid=$!
wait_for 10 registered 2>/dev/null || fail "medium not registered"

pids=
for n in 1 2 3 4; do
	eval "dnode_up $n \$phy$n" >"/tmp/dnode_up.$n" 2>&1 &
	pids="$pids $!"
done
# shellcheck disable=SC2086 # a list of pids
wait $pids
for n in 1 2 3 4; do
	[ -s "/tmp/dnode_up.$n" ] && fail "n$n: $(cat "/tmp/dnode_up.$n")"
done

m1=$(mac 1) m2=$(mac 2) m3=$(mac 3) m4=$(mac 4)
poll_for 40 route 1 "$m4" 3 "$m2"
poll_for 20 route 4 "$m1" 3 "$m3"
note "n1 routes: $(in_n 1 loomctl mesh routes n1)"
in_n 1 loomctl -j mesh neighbours n1 | grep -q "\"addr\":\"$m3\"" &&
	fail "n1 hears n3 directly"

# Layer-2 ping and traceroute by name (a hosts file, as batctl's).
printf '%s node1\n%s node2\n%s node3\n%s node4\n' "$m1" "$m2" "$m3" "$m4" >/tmp/hosts
export LOOM_HOSTS=/tmp/hosts
in_n 1 loomctl mesh ping n1 node4 -c 3 -W 3 >/tmp/ping 2>&1 ||
	fail "mesh ping n1 -> node4: $(cat /tmp/ping)"
note "$(tail -n 2 /tmp/ping)"
in_n 1 loomctl mesh traceroute n1 node4 >/tmp/trace 2>&1 ||
	fail "traceroute: $(cat /tmp/trace)"
note "$(cat /tmp/trace)"
for h in node2 node3 node4; do
	grep -q "$h" /tmp/trace || fail "traceroute lacks $h"
done

# IPv6 across the mesh: link-local, the whole mesh is one link.
l4=$(ll 4)
[ -n "$l4" ] || fail "n4's loom0 has no link-local address"
in_n 1 ping6 -c 5 -W 10 -I loom0 "$l4" >/tmp/ping6 2>&1 ||
	fail "ping6 n1 -> n4 ($l4): $(cat /tmp/ping6)"
note "ping6: $(tail -n 1 /tmp/ping6)"

# IPv6 asks for no delivery report: its chunks go as CNU, n4 sends no DLV
# back, and n1 has none to receive or drop (nothing so far asked for one).
dstat() {
	in_n "$1" loomctl -j mesh show "n$1" | tr -d ' \n' |
		sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
c1=$(dstat 1 tx_cnu) k1=$(dstat 1 tx_cnk) d1=$(dstat 1 rx_dlv) r1=$(dstat 1 drop_report)
c4=$(dstat 4 rx_cnu) t4=$(dstat 4 tx_dlv) r4=$(dstat 4 drop_report)
note "n1: tx_cnu $c1, tx_cnk $k1, rx_dlv $d1, drop_report $r1; n4: rx_cnu $c4, tx_dlv $t4, drop_report $r4"
[ "${c1:-0}" -ge 5 ] || fail "n1 sent ${c1:-no} CNU chunks for 5 pings"
[ "${c4:-0}" -ge 1 ] || fail "n4 took no CNU chunk of the pings"
[ "${k1:-1}" -eq 0 ] || fail "n1 sent ${k1:-?} CNK chunks: IPv6 asked for reports"
[ "${t4:-1}" -eq 0 ] || fail "n4 sent ${t4:-?} DLVs for IPv6"
[ "${d1:-1}" -eq 0 ] || fail "n1 received ${d1:-?} DLVs for IPv6"
[ "${r1:-1}" -eq 0 ] || fail "n1 dropped ${r1:-?} reports nobody awaited"
[ "${r4:-1}" -eq 0 ] || fail "n4 dropped ${r4:-?} reports nobody awaited"

# Frames for one neighbour went to its address (802.11 acknowledges and
# retries them), and the radios never went deaf: the link layer queues.
rstat() { in_n "$1" loomctl -j radio list | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }
for n in 1 2; do
	u=$(rstat $n tx_unicast) d=$(rstat $n rx_deaf)
	note "n$n: tx_unicast $u, rx_deaf $d"
	[ "${u:-0}" -gt 0 ] || fail "n$n sent nothing by unicast"
	[ "${d:-1}" -eq 0 ] || fail "n$n's radio was deaf to $d frames"
done

# An AF_LOOM sender learns the outcome on its error queue: delivered.
in_n 1 loomsock bind loom0 0 reports send "$m4" 50 "reported" report 30 >/tmp/rep 2>&1
note "report: $(cat /tmp/rep)"
grep -q "^report 0 errno=0 code=1 origin=4" /tmp/rep ||
	fail "no delivery report: $(cat /tmp/rep)"
# That one went as CNK and its DLV came back, awaited.
d1=$(dstat 1 rx_dlv) r1=$(dstat 1 drop_report) k1=$(dstat 1 tx_cnk)
[ "${k1:-0}" -ge 1 ] || fail "the reported datagram went in ${k1:-no} CNK chunks"
[ "${d1:-0}" -ge 1 ] || fail "n1 received no DLV for the reported datagram"
[ "${r1:-1}" -eq 0 ] || fail "n1 dropped ${r1:-?} reports after the reported send"

# Cut 2-3: the route through it goes (n2 goes silent for n3, its routes
# depreciate); restore it and the route comes back.
loom-medium ctl link n2 n3 cut both || fail "ctl link cut"
# Unicast frames across the cut at once, while 802.11s still holds the
# path: mac80211 reports the fate only of frames it sends (one it drops
# unsent, e.g. when the path is gone, is freed without a report), and
# otherwise n2 sends n3 nothing but an advertisement every 2 s.
in_n 2 loomctl mesh ping n2 "$m3" -c 3 -i 0.2 -W 1 >/dev/null 2>&1
poll_for 60 no_route 1 "$m4"
note "after the cut: $(in_n 1 loomctl mesh routes n1)"
# 802.11 told the nodes of the frames it gave up on across the cut.
lf=$(in_n 2 loomctl -j mesh show n2 | sed -n 's/.*"link_failed":\([0-9]*\).*/\1/p')
la=$(in_n 2 loomctl -j mesh show n2 | sed -n 's/.*"link_acked":\([0-9]*\).*/\1/p')
note "n2: link_acked $la, link_failed $lf"
[ "${la:-0}" -gt 0 ] || fail "n2 heard of no acknowledged unicast frame"
[ "${lf:-0}" -gt 0 ] || fail "n2 heard of no failed unicast frame across the cut"
loom-medium ctl link n2 n3 restore both || fail "ctl link restore"
poll_for 40 route 1 "$m4" 3 "$m2"
poll_for 20 mping 1 "$m4"

# Unload the Wi-Fi driver with traffic in flight: every node stops.
in_n 1 ping6 -c 50 -i 0.2 -I loom0 "$l4" >/dev/null 2>&1 &
pp=$!
in_n 4 loomctl mesh ping n4 "$m1" -c 50 -i 0.2 >/dev/null 2>&1 &
pq=$!
sleep 1
rmmod mac80211_hwsim || fail "rmmod mac80211_hwsim"
wait $pp $pq
for n in 1 2 3 4; do
	in_n $n loomctl node list 2>&1 | grep -q "^n$n" &&
		fail "n$n still runs without its radio"
done
cleanup
rmmod_loom
dmesg_clean "$mark"
finish
