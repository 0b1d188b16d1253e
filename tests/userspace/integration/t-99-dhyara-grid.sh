#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Dhyara mesh on a grid: six mac80211_hwsim radios under loom-medium,
# two rows of three 25 m apart (a neighbour in a row or column -75.9 dBm,
# a diagonal one -81.9 dBm, both heard; 50 m away -87.9 dBm, under the
# -85 dBm threshold), one network namespace and Dhyara node each.  Every
# node reaches every other with the fewest hops the grid allows (1 or 2),
# corner to corner the route goes through a middle node, ping and ping6
# cross it; cutting the corner's links to the middle of its row moves
# its routes to the other row, and the ping still crosses.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh
# shellcheck source-path=SCRIPTDIR source=mesh-line.sh
. ./mesh-line.sh
# shellcheck source-path=SCRIPTDIR source=mesh-dhyara.sh
. ./mesh-dhyara.sh

N=6
conf=/tmp/grid.conf
mpid=

# Node I (1..6) at column (I-1)%3, row (I-1)/3.
hops() {
	_dx=$(( ($1 - 1) % 3 - ($2 - 1) % 3 ))
	_dx=${_dx#-}
	[ "$_dx" -le 1 ] && echo 1 || echo 2
}

mark=$(dmesg_mark)
loom_load
rmmod mac80211_hwsim 2>/dev/null
modprobe mac80211_hwsim radios=$N || fail "modprobe mac80211_hwsim radios=$N"
{
	echo "medium exponent 4 ref-loss 40 sigma 0 threshold -85 noise -91 txpower 20 seed 7"
	for i in $(seq 1 $N); do
		printf 'radio n%d addr 42:00:00:00:%02x:00 pos %d %d\n' "$i" $((i - 1)) \
			$(( (i - 1) % 3 * 25 )) $(( (i - 1) / 3 * 25 ))
	done
} >$conf
loom-medium -c $conf >/tmp/medium.log 2>&1 &
mpid=$!
wait_for 10 registered 2>/dev/null || fail "medium not registered: $(cat /tmp/medium.log)"

pids=
for i in $(seq 1 $N); do
	p=
	for d in /sys/class/ieee80211/*; do
		[ "$(cat "$d/macaddress")" = "$(mac "$i")" ] && p=$(basename "$d")
	done
	[ -n "$p" ] || fail "no phy with address $(mac "$i")"
	dnode_up "$i" "$p" >"/tmp/dnode_up.$i" 2>&1 &
	pids="$pids $!"
done
# shellcheck disable=SC2086 # a list of pids
wait $pids
for i in $(seq 1 $N); do
	[ -s "/tmp/dnode_up.$i" ] && fail "n$i: $(cat "/tmp/dnode_up.$i")"
done

# has_hops I J H: node I's best route to J has H hops.
has_hops() {
	in_n "$1" loomctl -j mesh routes "n$1" | tr '{' '\n' |
		grep "\"dest\":\"$(mac "$2")\"" | grep '"best":true' |
		grep -q "\"hops\":$3"
}
all_routes() {
	for _i in $(seq 1 $N); do
		for _j in $(seq 1 $N); do
			[ "$_i" = "$_j" ] && continue
			has_hops "$_i" "$_j" "$(hops "$_i" "$_j")" || return 1
		done
	done
}
poll_for 60 all_routes
note "n1 routes: $(in_n 1 loomctl mesh routes n1 --best)"
# Corner to corner (n1 to n6 at 50 m, 25 m): two hops through n2 or n5.
in_n 1 loomctl -j mesh routes n1 --best | tr '{' '\n' |
	grep "\"dest\":\"$(mac 6)\"" | grep -q -e "\"via\":\"$(mac 2)\"" -e "\"via\":\"$(mac 5)\"" ||
	fail "n1 -> n6 not through a middle node: $(in_n 1 loomctl mesh routes n1)"
poll_for 20 mping 1 "$(mac 6)"
l6=$(ll 6)
# Frames go as 802.11 broadcasts (no retries) and a diagonal hop has only
# 9 dB of SNR: some are lost, and fewest hops does not weigh loss.  One
# answer of five is the test; the loss is printed.
in_n 1 ping6 -c 5 -W 10 -I loom0 "$l6" >/tmp/ping6 2>&1 ||
	fail "ping6 n1 -> n6: $(cat /tmp/ping6)"
note "ping6 n1 -> n6: $(grep loss /tmp/ping6)"

# n1 loses n2 and n5: it still hears n4 (below it), through which the
# other row leads on; n3 is then three hops away.
loom-medium ctl link n1 n2 cut both || fail "cut n1 n2"
loom-medium ctl link n1 n5 cut both || fail "cut n1 n5"
poll_for 90 has_hops 1 3 3
note "after the cuts: $(in_n 1 loomctl mesh routes n1 --best)"
poll_for 20 mping 1 "$(mac 3)"

cleanup $N
rmmod_loom
dmesg_clean "$mark"
finish
