#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel's RSSI sniffer (loom_sniff.ko, loomctl sniff) on a
# mac80211_hwsim monitor interface: two mesh points beaconing, a third
# radio's monitor interface listening with the receive signal set through
# hwsim's debugfs.  The table's figures against the radiotap headers that
# the test's own parser reads; the refusals; the type, address and
# capacity limits; notifications; clear; another namespace's sessions; the
# interface going away; a Loom radio's tap; rmmod with sessions running.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
[ -d /sys/module/mac80211_hwsim ] && rmmod mac80211_hwsim
check modprobe mac80211_hwsim radios=3
check modprobe loom_sniff
for i in 0 2; do
	check iw dev "wlan$i" set type mp
	check /usr/bin/ip link set "wlan$i" up
	check iw dev "wlan$i" mesh join sniff freq 2412
done
phy=$(basename "$(readlink /sys/class/net/wlan1/phy80211)")
check iw phy "$phy" interface add mon1 type monitor
check /usr/bin/ip link set mon1 up
check iw dev mon1 set freq 2412
phy0=$(basename "$(readlink /sys/class/net/wlan0/phy80211)")
rssi=/sys/kernel/debug/ieee80211/$phy0/hwsim/rx_rssi
[ -w "$rssi" ] || fail "no $rssi"
# set_rssi DBM: debugfs reads an unsigned 64-bit number (two's complement).
set_rssi() { printf '%u\n' "$1" >"$rssi"; }
set_rssi -80
a0=$(cat /sys/class/net/wlan0/address)
a2=$(cat /sys/class/net/wlan2/address)

# What the sniffer refuses, each with its reason.
refused() {
	_want=$1
	shift
	if "$@" >/tmp/refused 2>&1; then
		fail "accepted: $*"
	elif ! grep -q "$_want" /tmp/refused; then
		fail "$*: wanted '$_want', got: $(cat /tmp/refused)"
	fi
}
refused "not a monitor-mode interface" loomctl sniff start wlan1
refused "no such interface" loomctl sniff start nosuch0
refused "no Loom radio nosuch" loomctl sniff start radio nosuch
refused "capacity \"0\"" loomctl sniff start mon1 capacity 0
refused "type \"beacons\"" loomctl sniff start mon1 type beacons
refused "addr \"02:4c\"" loomctl sniff start mon1 addr 02:4c
refused "Operation not permitted" runas loomctl sniff start mon1
refused "no session listens" loomctl sniff show mon1

check loomctl sniff start mon1
refused "listens there already" loomctl sniff start mon1
# show_tx ADDR: the transmitter's JSON object from "sniff show mon1 -j".
show_tx() {
	loomctl sniff show mon1 -j | tr -d ' \n' | sed 's/},{/}\n{/g' |
		grep "\"addr\":\"$1\""
}
heard() { show_tx "$1" | grep -q '"frames":[1-9]'; }
wait_for 20 heard "$a0" || fail "wlan0 not heard: $(loomctl sniff show mon1)"
wait_for 20 heard "$a2" || fail "wlan2 not heard: $(loomctl sniff show mon1)"
# The test's radiotap parser (radiotap.c) reads the same signal.
sig=$(radiotap signal mon1 "$a0" 3 10 | sort -u | tr '\n' ' ')
v0=${sig% }
case "$v0" in
-[0-9]*) ;;
*) fail "radiotap reads '$sig' from wlan0, not one signal" ;;
esac
v1=$((v0 - 8))
tx=$(show_tx "$a0")
note "radiotap: $v0 dBm; sniffer: $tx"
echo "$tx" | grep -Eq "\"mean_dbm\":$v0(\.0)?," || fail "mean not $v0: $tx"
echo "$tx" | grep -Eq '"stddev_db":0(\.0)?,' || fail "spread where none is: $tx"
echo "$tx" | grep -q '"types":"mgmt' || fail "mesh beacons are not mgmt: $tx"
echo "$tx" | grep -q '"freq_mhz":2412' || fail "no channel: $tx"
# The signal drops by 8 dB: min, max and the moving average follow.
set_rssi -88
moved() { show_tx "$a0" | grep -Eq "\"last_dbm\":$v1(\.0)?,"; }
wait_for 10 moved || fail "the last signal did not follow: $(show_tx "$a0")"
tx=$(show_tx "$a0")
echo "$tx" | grep -Eq "\"min_dbm\":$v1(\.0)?," || fail "min: $tx"
echo "$tx" | grep -Eq "\"max_dbm\":$v0(\.0)?," || fail "max: $tx"
ewma=$(echo "$tx" | sed -n 's/.*"ewma_dbm":\(-[0-9.]*\).*/\1/p')
awk -v e="$ewma" -v a="$v0" -v b="$v1" 'BEGIN { exit !(e <= a && e >= b) }' ||
	fail "moving average $ewma outside $v1..$v0"
sd=$(echo "$tx" | sed -n 's/.*"stddev_db":\([0-9.]*\).*/\1/p')
awk -v s="$sd" 'BEGIN { exit !(s > 0 && s <= 4) }' ||
	fail "standard deviation $sd of two levels 8 dB apart"
out=$(loomctl sniff list -j | tr -d ' \n')
note "$out"
echo "$out" | grep -q '"source":"mon1","kind":"interface"' || fail "no session: $out"
echo "$out" | grep -q '"bad_radiotap":0,' || fail "malformed radiotap from mac80211: $out"
echo "$out" | grep -q '"entry_bytes":[1-9]' || fail "no size per transmitter: $out"

# Notifications, at most "events" a second.
loomctl sniff monitor -j 3 >/tmp/events &
pmon=$!
wait_pids 15 $pmon
[ "$(grep -c '"source":"mon1"' /tmp/events)" = 3 ] ||
	fail "3 notifications wanted: $(cat /tmp/events)"

# Clear: forgotten, heard again.
check loomctl sniff clear mon1
wait_for 10 heard "$a0" || fail "not heard again after clear"

# Filters: control frames only (beacons are left out), one address only,
# a table of one (the other transmitter keeps pushing the first out).
check loomctl sniff stop mon1
check loomctl sniff start mon1 type ctrl
filtered() {
	loomctl sniff list -j | tr -d ' \n' | grep -q '"filtered":[1-9]'
}
wait_for 10 filtered || fail "nothing filtered: $(loomctl sniff list -j)"
[ -z "$(show_tx "$a0")" ] || fail "a beacon passed a ctrl filter"
check loomctl sniff stop mon1
check loomctl sniff start mon1 addr "$a2"
wait_for 20 heard "$a2" || fail "wlan2 not heard through its filter"
[ -z "$(show_tx "$a0")" ] || fail "wlan0 passed a filter for wlan2"
check loomctl sniff stop mon1
check loomctl sniff start mon1 capacity 1
evicted() {
	loomctl sniff list -j | tr -d ' \n' | grep -q '"used":1,.*"evicted":[1-9]'
}
wait_for 20 evicted || fail "no eviction at capacity 1: $(loomctl sniff list -j)"

# Another namespace has sessions of its own.
/usr/bin/ip netns del s1 2>/dev/null
check /usr/bin/ip netns add s1
out=$(/usr/bin/ip netns exec s1 loomctl sniff list)
[ "$out" = "no sniffer sessions" ] || fail "namespace s1 sees: $out"
check /usr/bin/ip netns del s1

# The interface goes: the session says so and keeps its table.
check iw dev mon1 del
out=$(loomctl sniff list)
note "$out"
echo "$out" | grep -q "mon1 (gone)" || fail "mon1 not marked gone: $out"
check loomctl sniff stop mon1

# A Loom radio's tap: LoRa frames carry no link-layer source.
check modprobe loom_hwsim radios=2
check loomctl hwsim edge set 0 1 rssi -90 both
check loomctl hwsim radio set 1 state rx
check loomctl sniff start radio hwsim1
check loomctl hwsim radio set 0 state rx gen 20 gap 50
notx() {
	loomctl sniff list -j | tr -d ' \n' | grep -q '"no_transmitter":[1-9]'
}
wait_for 10 notx || fail "the radio's frames were not seen: $(loomctl sniff list -j)"
# rmmod with sessions running: the radio's, and a monitor's.
check iw phy "$phy" interface add mon1 type monitor
check /usr/bin/ip link set mon1 up
check loomctl sniff start mon1
check rmmod loom_sniff
check rmmod loom_hwsim
check rmmod mac80211_hwsim
dmesg_clean "$mark"
finish
