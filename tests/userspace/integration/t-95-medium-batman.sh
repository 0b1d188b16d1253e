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
# the radios back to the kernel's perfect medium, where all hear all; a
# medium whose mac80211_hwsim is unloaded leaves.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# shellcheck source-path=SCRIPTDIR source=mesh-line.sh
. ./mesh-line.sh

conf=/tmp/line.conf
log=/tmp/medium.log
mpid=

up() { cut -d' ' -f1 /proc/uptime; }
t0=$(up)
elapsed() { echo "$t0 $(up)" | awk '{ printf "%.1f", $2 - $1 }'; }

# poll SECONDS WHAT CMD...: CMD until it succeeds, at most SECONDS; a
# failure named WHAT otherwise.
poll() {
	_s=$1
	_what=$2
	shift 2
	if ! wait_until "$_s" "$@"; then
		fail "$_what (not within ${_s}s)"
		return 1
	fi
	note "$_what: after $(elapsed)s"
}

ctl() { loom-medium ctl "$@"; }

# json_link FROM TO FIELD: a link's field from "ctl show -j".
json_link() {
	ctl show -j | tr '{' '\n' |
		sed -n "s/.*\"from\":\"$1\",\"to\":\"$2\",.*\"$3\":\([^,}]*\).*/\1/p"
}

# last_seen N DST: seconds since node N heard an OGM from DST (integer).
last_seen() {
	in_n "$1" batctl o 2>/dev/null | tr -s ' \t' ' ' |
		sed -n "s/^ \* $2 \([0-9]*\)\.[0-9]*s .*/\1/p"
}

stale() { [ "$(last_seen "$1" "$2")" -ge "$3" ] 2>/dev/null; }
bping_fails() { ! bping "$@" && ! bping "$@"; }

cleanup() {
	[ -n "$mpid" ] && kill "$mpid" 2>/dev/null
	line_down
}

mark=$(dmesg_mark)
rmmod mac80211_hwsim 2>/dev/null
modprobe mac80211_hwsim radios=4 || fail "modprobe mac80211_hwsim radios=4"
modprobe batman_adv || fail "modprobe batman_adv"

line_phys >/tmp/phys.out || fail "$(cat /tmp/phys.out)"
# shellcheck disable=SC2154 # set by line_phys
note "phys: $phy1 $phy2 $phy3 $phy4"
grep -qx '42:00:00:00:03:00' "/sys/class/ieee80211/$phy4/addresses" ||
	fail "$phy4 lacks the hwsim key 42:00:00:00:03:00"
line_conf $conf
loom-medium check $conf >/tmp/check.out || fail "check: $(cat /tmp/check.out)"
loom-medium -c $conf -v >$log 2>&1 &
mpid=$!
poll 10 "medium registered" registered

# The kernel refuses a second medium in the namespace; it says so.
if loom-medium -c $conf -S /run/second.sock >/tmp/second.out 2>&1; then
	fail "a second medium registered"
fi
grep -q "another medium is registered" /tmp/second.out ||
	fail "second medium: $(cat /tmp/second.out)"
[ -e /run/second.sock ] && fail "the refused medium left its socket"

out=$(line_up)
[ -n "$out" ] && fail "setting up the nodes: $out"
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

# rmmod mac80211_hwsim under a running medium (an empty one: phy4 is in
# n4, out of its sight): it notices and leaves.
loom-medium >$log 2>&1 &
mpid=$!
poll 10 "medium registered again" registered
line_down
poll 10 "medium left after rmmod" sh -c "! kill -0 $mpid"
wait "$mpid"
rc=$?
mpid=
[ "$rc" = 1 ] || fail "after rmmod loom-medium exited $rc"
grep -q "mac80211_hwsim was unloaded" $log || fail "after rmmod: $(tail -n 3 $log)"

cleanup
dmesg_clean "$mark"
note "done after $(elapsed)s"
finish
