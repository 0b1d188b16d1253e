#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A Dhyara node on two radios joins a LoRa mesh and a Wi-Fi mesh: the
# gateway "gw" runs on a loom_hwsim LoRa radio and a mac80211_hwsim mesh
# point at once; "l1" hears only its LoRa radio, "w1" only its Wi-Fi one
# (three network namespaces).  l1 and w1 route to each other through gw
# over two hops, a layer-2 ping and ping6 between the loom0 devices cross
# from LoRa to Wi-Fi, gw's neighbours name the radio each is heard on.
# The kernel refuses a radio named twice, more than four, and a second
# radio for a tree node.  The Wi-Fi radio taken away, gw runs on with
# LoRa alone and w1 falls out of l1's routes; the LoRa radio (gw's first,
# its address) taken away, gw stops.  A clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# shellcheck source-path=SCRIPTDIR source=mesh-line.sh
. ./mesh-line.sh
# shellcheck source-path=SCRIPTDIR source=mesh-dhyara.sh
. ./mesh-dhyara.sh

mark=$(dmesg_mark)
loom_load
hwsim_load
rmmod mac80211_hwsim 2>/dev/null
modprobe mac80211_hwsim radios=2 || fail "modprobe mac80211_hwsim radios=2"
for ns in gw l1 w1; do
	$ip netns add $ns || fail "netns $ns"
done

# LoRa: two loom_hwsim radios that hear each other, one in gw, one in l1.
la=$(loomctl hwsim radio add sf 7 bw 500 | sed 's/radio //') || fail "radio add"
lb=$(loomctl hwsim radio add sf 7 bw 500 | sed 's/radio //') || fail "radio add"
check loomctl hwsim edge set "$la" "$lb" rssi -80 both
check loomctl radio set "hwsim$la" netns gw
check loomctl radio set "hwsim$lb" netns l1

# Wi-Fi: the two mac80211_hwsim radios (they hear each other without a
# medium) as mesh points, one in gw, one in w1.
# shellcheck disable=SC2046 # phy names, one word each
set -- $(ls /sys/class/ieee80211)
[ $# -eq 2 ] || fail "expected 2 phys, got: $*"
wifi_up() {
	iw phy "$2" set netns name "$1" || echo "move $2 to $1"
	_dev=$($ip netns exec "$1" ls /sys/class/net | grep -v '^lo$' | head -n1)
	$ip netns exec "$1" iw dev "$_dev" set type mp || echo "$1: mesh point"
	$ip -n "$1" link set "$_dev" name mesh0
	$ip -n "$1" link set mesh0 up || echo "$1: mesh0 up"
	$ip netns exec "$1" iw dev mesh0 mesh join loom-gw freq 2412 || echo "$1: mesh join"
	$ip netns exec "$1" iw dev mesh0 set mesh_param mesh_fwding 0 || echo "$1: mesh_fwding 0"
	$ip netns exec "$1" loomctl radio add mesh0 name "w$1" rate 54000 || echo "$1: radio add"
}
wifi_up gw "$1" >/tmp/wifi.gw 2>&1
wifi_up w1 "$2" >/tmp/wifi.w1 2>&1
for ns in gw w1; do
	[ -s "/tmp/wifi.$ns" ] && fail "$ns: $(cat "/tmp/wifi.$ns")"
done
gwx() { $ip netns exec gw "$@"; }

# What the kernel refuses itself (loomctl refuses these before sending):
# attributes 8 NAME, 9 RADIO, 45 PROTO (2 Dhyara), 59 RADIOS (9 each).
gref() {
	_want=$1
	shift
	if gwx nlprobe loom 5 8:str:bad 9:str:"hwsim$la" "$@" >/tmp/probe 2>&1; then
		fail "accepted: $*"
		gwx loomctl mesh stop bad
	fi
	grep -qF "$_want" /tmp/probe || fail "$*: wanted '$_want', got: $(cat /tmp/probe)"
}
gref "a radio named twice" 45:u8:2 59:nest:9:str:wgw,9:str:hwsim"$la"
gref "no such radio" 45:u8:2 59:nest:9:str:nosuch
gref "this protocol runs on one radio only" 59:nest:9:str:wgw
gwx loomctl node list | grep -q '^bad' && fail "a refused node runs"
gwx loomctl mesh start bad radio "hwsim$la" radio wgw radio wgw >/tmp/twice 2>&1 &&
	fail "loomctl took a radio twice"
grep -q 'radio "wgw" given twice' /tmp/twice || fail "twice: $(cat /tmp/twice)"

# The three nodes; gw on both radios, LoRa first (its address).
check gwx loomctl mesh start gw radio "hwsim$la" radio wgw beacon 1000 duty off
check $ip netns exec l1 loomctl mesh start l1 radio "hwsim$lb" beacon 1000 duty off
check $ip netns exec w1 loomctl mesh start w1 radio ww1 beacon 1000
for ns in gw l1 w1; do
	check $ip -n $ns link set loom0 up
done
gwx loomctl -j mesh show gw >/tmp/gw.json
grep -q "\"radios\":\[\"hwsim$la\",\"wgw\"\]" /tmp/gw.json ||
	fail "gw's radios: $(cat /tmp/gw.json)"
gwx loomctl mesh show gw | grep -q "radios.*hwsim$la, wgw" ||
	fail "mesh show: $(gwx loomctl mesh show gw)"

hw() { $ip netns exec "$1" loomctl -j mesh show "$1" |
	sed -n 's/.*"address":"\([^"]*\)".*/\1/p'; }
hg=$(hw gw) hl=$(hw l1) hwf=$(hw w1)
note "addresses: gw $hg, l1 $hl, w1 $hwf"
if [ -z "$hg" ] || [ -z "$hl" ] || [ -z "$hwf" ]; then
	fail "addresses missing"
fi
# gw's address is its first radio's, the LoRa one.
loomctl -j radio list | tr '{' '\n' | grep -q "\"hwaddr\":\"$hg\"" &&
	fail "gw's LoRa radio still listed in the initial namespace"
gwx loomctl -j radio list | tr '{' '\n' | grep "\"radio\":\"hwsim$la\"" |
	grep -q "\"hwaddr\":\"$hg\"" || fail "gw's address is not hwsim$la's"

groute() {
	$ip netns exec "$1" loomctl -j mesh routes "$1" | tr '{' '\n' |
		grep "\"dest\":\"$2\"" | grep '"best":true' |
		grep "\"via\":\"$4\"" | grep -q "\"hops\":$3"
}
gno_route() {
	! $ip netns exec "$1" loomctl -j mesh routes "$1" | tr '{' '\n' |
		grep "\"dest\":\"$2\"" | grep -q '"best":true'
}
poll_for 60 groute l1 "$hwf" 2 "$hg"
poll_for 30 groute w1 "$hl" 2 "$hg"
note "gw neighbours: $(gwx loomctl mesh neighbours gw)"
gwx loomctl -j mesh neighbours gw | tr '{' '\n' | grep "\"addr\":\"$hl\"" |
	grep -q "\"radio\":\"hwsim$la\"" || fail "l1 not heard on hwsim$la"
gwx loomctl -j mesh neighbours gw | tr '{' '\n' | grep "\"addr\":\"$hwf\"" |
	grep -q '"radio":"wgw"' || fail "w1 not heard on wgw"

# Across the gateway, layer 2 and IPv6 (link-local: one link).
$ip netns exec l1 loomctl mesh ping l1 "$hwf" -c 3 -W 5 >/tmp/ping 2>&1 ||
	fail "mesh ping l1 -> w1: $(cat /tmp/ping)"
note "$(tail -n 2 /tmp/ping)"
lw=$($ip -n w1 -6 addr show dev loom0 scope link |
	sed -n 's/.*inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
[ -n "$lw" ] || fail "w1's loom0 has no link-local address"
ok6() { $ip netns exec l1 ping6 -c 1 -W 5 -I loom0 "$lw" >/tmp/ping6 2>&1; }
poll_for 60 ok6
note "ping6 l1 -> w1: $(grep 'time=' /tmp/ping6)"
fw=$(gwx loomctl -j mesh show gw | sed -n 's/.*"forwarded":\([0-9]*\).*/\1/p')
[ "${fw:-0}" -gt 0 ] || fail "gw forwarded nothing"

# The Wi-Fi radio goes: gw runs on with LoRa; w1 leaves l1's routes.
check gwx loomctl radio del wgw
gwx loomctl node list 2>&1 | grep -q '^gw' || fail "gw stopped with its second radio"
gwx loomctl -j mesh show gw | grep -q '"radios":\["hwsim'"$la"'"\]' ||
	fail "gw's radios after the Wi-Fi one went: $(gwx loomctl -j mesh show gw)"
poll_for 90 gno_route l1 "$hwf"
poll_for 10 groute l1 "$hg" 1 "$hg"
# The LoRa radio, its first, goes: gw stops.
check loomctl hwsim radio del "$la"
gwx loomctl node list 2>&1 | grep -q '^gw' && fail "gw runs without its first radio"
for ns in gw l1 w1; do
	$ip netns del $ns
done
rmmod mac80211_hwsim
hwsim_unload
rmmod_loom
dmesg_clean "$mark"
finish
