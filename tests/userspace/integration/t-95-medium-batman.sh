#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# loom-medium is the same medium for everyone: batman-adv over four
# mac80211_hwsim radios in a line, 25 m apart, one network namespace each,
# 802.11s mesh points without 802.11s forwarding.  With a path-loss
# exponent of 4 each radio hears only its neighbours (-75.9 dBm), never
# the radio two away (-87.9 dBm, under the -85 dBm threshold), so node 1
# reaches node 4 through node 2; a monitor on node 2 shows the signal the
# medium computed; cutting the 2-3 link at run time loses the route and
# restoring it brings it back; a second medium is refused; SIGTERM hands
# the radios back to the kernel's perfect medium, where all hear all.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

ip=/usr/bin/ip
conf=/tmp/line.conf
log=/tmp/medium.log
mpid=

up() { cut -d' ' -f1 /proc/uptime; }
t0=$(up)
elapsed() { echo "$t0 $(up)" | awk '{ printf "%.1f", $2 - $1 }'; }

# poll SECONDS WHAT CMD...: CMD until it succeeds, at most SECONDS; a
# failure named WHAT otherwise.  Prints nothing; returns CMD's verdict.
poll() {
	_s=$1
	_what=$2
	shift 2
	_end=$(($(cut -d. -f1 /proc/uptime) + _s))
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(cut -d. -f1 /proc/uptime)" -ge "$_end" ]; then
			fail "$_what (not within ${_s}s)"
			return 1
		fi
		sleep 0.2
	done
	note "$_what: after $(elapsed)s"
	return 0
}

in_n() {
	_n=$1
	shift
	$ip netns exec "n$_n" "$@"
}

ctl() { loom-medium ctl "$@"; }

# mac I: node I's mesh address (hwsim radio I-1's 02:00:00:00:0N:00).
mac() { printf '02:00:00:00:%02x:00' $(($1 - 1)); }

# json_link FROM TO FIELD: a link's field from "ctl show -j".
json_link() {
	ctl show -j | tr '{' '\n' |
		sed -n "s/.*\"from\":\"$1\",\"to\":\"$2\",.*\"$3\":\([^,}]*\).*/\1/p"
}

# route_via N DST VIA: node N's best route to DST goes through VIA.
route_via() {
	in_n "$1" batctl o 2>/dev/null | tr -s ' \t' ' ' |
		grep -q "^ \* $2 [0-9.]*s ( *[0-9]*) $3 "
}

# last_seen N DST: seconds since node N heard an OGM from DST (integer).
last_seen() {
	in_n "$1" batctl o 2>/dev/null | tr -s ' \t' ' ' |
		sed -n "s/^ \* $2 \([0-9]*\)\.[0-9]*s .*/\1/p"
}

stale() { [ "$(last_seen "$1" "$2")" -ge "$3" ] 2>/dev/null; }
bping() { in_n "$1" batctl ping -c 1 -t 1 "$2" | grep -q ' 0% packet loss'; }
bping_fails() { ! bping "$@" && ! bping "$@"; }
neigh() { in_n "$1" batctl n 2>/dev/null | grep -q "$2"; }

cleanup() {
	[ -n "$mpid" ] && kill "$mpid" 2>/dev/null
	for n in 1 2 3 4; do
		$ip netns del "n$n" 2>/dev/null
	done
	rmmod batman_adv 2>/dev/null
	rmmod mac80211_hwsim 2>/dev/null
}

mark=$(dmesg_mark)
rmmod mac80211_hwsim 2>/dev/null
modprobe mac80211_hwsim radios=4 || fail "modprobe mac80211_hwsim radios=4"
modprobe batman_adv || fail "modprobe batman_adv"

# The phy of each radio, by its address (phy names keep counting up
# across module loads; the addresses start again at 0).
for n in 1 2 3 4; do
	p=
	for d in /sys/class/ieee80211/*; do
		[ "$(cat "$d/macaddress")" = "$(mac $n)" ] && p=$(basename "$d")
	done
	[ -n "$p" ] || fail "no phy with address $(mac $n)"
	eval "phy$n=$p"
done
# shellcheck disable=SC2154 # set by the eval above
note "phys: $phy1 $phy2 $phy3 $phy4"
grep -qx '42:00:00:00:03:00' "/sys/class/ieee80211/$phy4/addresses" ||
	fail "$phy4 lacks the hwsim key 42:00:00:00:03:00"

# Three radios named by their hwsim key, one by its phy.
cat >$conf <<EOF
medium exponent 4 ref-loss 40 sigma 0 threshold -85 noise -91 txpower 20 seed 7
radio n1 addr 42:00:00:00:00:00 pos 0 0
radio n2 addr 42:00:00:00:01:00 pos 25 0
radio n3 addr 42:00:00:00:02:00 pos 50 0
radio n4 phy $phy4 pos 75 0
EOF
loom-medium check $conf >/tmp/check.out || fail "check: $(cat /tmp/check.out)"
loom-medium -c $conf -v >$log 2>&1 &
mpid=$!
poll 10 "medium registered" sh -c 'loom-medium ctl show -j | grep -q "\"registered\":true"'

# The kernel refuses a second medium in the namespace; it says so.
if loom-medium -c $conf -S /run/second.sock >/tmp/second.out 2>&1; then
	fail "a second medium registered"
fi
grep -q "another medium is registered" /tmp/second.out ||
	fail "second medium: $(cat /tmp/second.out)"
[ -e /run/second.sock ] && fail "the refused medium left its socket"

# node_up N PHY: node N's namespace, its radio a mesh point in it, and
# batman-adv on top.  Failures go to /tmp/node_up.N (run in parallel).
node_up() {
	{
		$ip netns add "n$1" || echo "netns n$1"
		iw phy "$2" set netns name "n$1" || echo "move $2 to n$1"
		dev=$(in_n "$1" ls /sys/class/net | grep -v '^lo$' | head -n1)
		in_n "$1" iw dev "$dev" set type mp || echo "n$1: mesh point"
		$ip -n "n$1" link set "$dev" name mesh0
		$ip -n "n$1" link set mesh0 mtu 1560 up || echo "n$1: mesh0 up"
		in_n "$1" iw dev mesh0 mesh join loom-medium freq 2412 || echo "n$1: mesh join"
		in_n "$1" iw dev mesh0 set mesh_param mesh_fwding 0 || echo "n$1: mesh_fwding 0"
		in_n "$1" batctl if add mesh0 || echo "n$1: batctl if add"
		# OGMs every 500 ms, not 1 s: the same protocol, converging
		# in half the time.
		in_n "$1" batctl it 500 || echo "n$1: batctl it 500"
		# No bridges here: bridge loop avoidance would hold back
		# broadcasts (ARP) for its first 10 s periods.
		in_n "$1" batctl bl 0 || echo "n$1: batctl bl 0"
		$ip -n "n$1" link set bat0 up || echo "n$1: bat0 up"
		$ip -n "n$1" addr add "10.95.0.$1/24" dev bat0 || echo "n$1: address"
	} >"/tmp/node_up.$1" 2>&1
}

pids=
for n in 1 2 3 4; do
	eval "node_up $n \$phy$n" &
	pids="$pids $!"
done
wait $pids
for n in 1 2 3 4; do
	[ -s "/tmp/node_up.$n" ] && fail "setting up n$n: $(cat "/tmp/node_up.$n")"
done
poll 30 "n1 routes to n4 through n2" route_via 1 "$(mac 4)" "$(mac 2)"
poll 20 "batctl ping n1 -> n4" bping 1 "$(mac 4)"
if ! poll 20 "ping over bat0 n1 -> n4" in_n 1 ping -c 1 -W 1 10.95.0.4; then
	for n in 1 4; do
		echo "-- n$n"
		in_n $n $ip neigh
		in_n $n batctl s | grep tx
		in_n $n batctl tg
	done
fi
# Neighbours only: n1 has n2, never n3 or n4.
neigh 1 "$(mac 2)" || fail "n1 has no neighbour n2"
neigh 1 "$(mac 3)" && fail "n1 hears n3 directly: $(in_n 1 batctl n)"
neigh 1 "$(mac 4)" && fail "n1 hears n4 directly"

# The medium's side of it: n1 -> n2 delivered and acked, n1 -> n3 only
# ever below the threshold.
[ "$(json_link n1 n2 signal)" = "-75.9" ] || fail "n1->n2 signal $(json_link n1 n2 signal)"
[ "$(json_link n1 n2 delivered)" -gt 0 ] || fail "n1->n2 delivered nothing"
[ "$(json_link n1 n2 acked)" -gt 0 ] || fail "n1->n2 acked nothing"
[ "$(json_link n1 n3 delivered)" = 0 ] || fail "n1->n3 delivered $(json_link n1 n3 delivered)"
[ "$(json_link n1 n3 below)" -gt 0 ] || fail "n1->n3 below is 0"
ctl show -j | grep -q '"unknown_tx":0,"invalid":0' ||
	fail "unknown or invalid: $(ctl show | sed -n 2p)"

# A monitor on n2's radio: radiotap carries the medium's signal, -76,
# and a fixed signal set at run time.
in_n 2 iw phy "$phy2" interface add mon0 type monitor || fail "mon0"
in_n 2 $ip link set mon0 up
sig=$(in_n 2 radiotap signal mon0 "$(mac 1)" 3 10 | sort -u | tr '\n' ' ')
[ "$sig" = "-76 " ] || fail "radiotap signal n1 -> n2: '$sig', wanted -76"
ctl link n1 n2 signal -70 || fail "ctl link signal"
sig70() { [ "$(in_n 2 radiotap signal mon0 "$(mac 1)" 1 2)" = -70 ]; }
poll 10 "radiotap shows the fixed -70 dBm" sig70
ctl link n1 n2 signal off || fail "ctl link signal off"
in_n 2 iw dev mon0 del || fail "mon0 del"

# Cut 2-3 at run time: nothing passes, n1 stops hearing n4 and cannot
# reach it; batman-adv keeps a dead originator for 200 s
# (BATADV_PURGE_TIMEOUT), so "lost" is: OGMs stop and pings fail.
cut0=$(json_link n2 n3 dropped_cut)
ctl link n2 n3 cut both || fail "ctl link cut"
poll 15 "n1 stops hearing n4" stale 1 "$(mac 4)" 3
poll 10 "batctl ping n1 -> n4 fails" bping_fails 1 "$(mac 4)"
[ "$(json_link n2 n3 dropped_cut)" -gt "$cut0" ] || fail "cut n2->n3 counted nothing"
bping 1 "$(mac 2)" || fail "n1 -> n2 broke with the 2-3 cut"
ctl link n2 n3 restore both || fail "ctl link restore"
poll 30 "route n1 -> n4 back" bping 1 "$(mac 4)"

# Errors name their field; nothing changes.
ctl link n2 n9 cut 2>/tmp/err && fail "link to n9 accepted"
grep -q "ctl:1:link: no radio 'n9'" /tmp/err || fail "link n9: $(cat /tmp/err)"
ctl radio n2 pos 1 x 2>/tmp/err && fail "pos x accepted"
grep -q "ctl:1:pos: 'x' is not a number" /tmp/err || fail "pos x: $(cat /tmp/err)"
[ "$(json_link n1 n2 signal)" = "-75.9" ] || fail "a refused command changed n1->n2"

# SIGTERM: a clean exit, and the kernel's perfect medium takes over:
# now n1 hears n3 and n4 directly.
kill -TERM "$mpid"
wait "$mpid"
rc=$?
mpid=
[ "$rc" = 0 ] || fail "loom-medium exited $rc: $(tail -n 5 $log)"
grep -q "leaving" $log || fail "no exit report: $(tail -n 3 $log)"
[ -e /run/loom-medium.sock ] && fail "control socket left behind"
dmesg_since "$mark" | grep -q "switching to perfect channel medium" ||
	fail "the kernel did not switch to its perfect medium"
poll 20 "perfect medium: n1 hears n3" neigh 1 "$(mac 3)"

cleanup
dmesg_clean "$mark"
note "done after $(elapsed)s"
finish
