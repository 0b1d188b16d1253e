# SPDX-License-Identifier: GPL-2.0
#
# Sourced (busybox sh, in the VM) after mesh-line.sh by the Dhyara tests
# over mac80211_hwsim (t-99-dhyara-*): a Dhyara node per namespace on its
# mesh point, and the checks on its routes.

# dnode_up N PHY: node N's namespace, its radio a mesh point in it, a
# Loom radio on it and a Dhyara node "nN".  Prints what failed.
dnode_up() {
	$ip netns add "n$1" || echo "netns n$1"
	iw phy "$2" set netns name "n$1" || echo "move $2 to n$1"
	_dev=$(in_n "$1" ls /sys/class/net | grep -v '^lo$' | head -n1)
	in_n "$1" iw dev "$_dev" set type mp || echo "n$1: mesh point"
	$ip -n "n$1" link set "$_dev" name mesh0
	$ip -n "n$1" link set mesh0 up || echo "n$1: mesh0 up"
	in_n "$1" iw dev mesh0 mesh join loom-medium freq 2412 || echo "n$1: mesh join"
	in_n "$1" iw dev mesh0 set mesh_param mesh_fwding 0 || echo "n$1: mesh_fwding 0"
	in_n "$1" loomctl radio add mesh0 name "w$1" rate 54000 || echo "n$1: radio add"
	in_n "$1" loomctl mesh start "n$1" radio "w$1" || echo "n$1: mesh start"
}

# cleanup N: the medium stopped, namespaces 1..N and the radios gone.
cleanup() {
	[ -n "$mpid" ] && kill "$mpid" 2>/dev/null
	for _n in $(seq 1 "${1:-4}"); do
		$ip netns del "n$_n" 2>/dev/null
	done
	rmmod mac80211_hwsim 2>/dev/null
}

# route N DEST HOPS VIA: node N's best route to DEST has HOPS, via VIA.
route() {
	in_n "$1" loomctl -j mesh routes "n$1" | tr '{' '\n' |
		grep "\"dest\":\"$2\"" | grep '"best":true' |
		grep "\"via\":\"$4\"" | grep -q "\"hops\":$3"
}
no_route() {
	! in_n "$1" loomctl -j mesh routes "n$1" | tr '{' '\n' |
		grep "\"dest\":\"$2\"" | grep -q '"best":true'
}
poll_for() {
	_s=$1
	shift
	wait_for "$_s" "$@" || fail "not within ${_s}s: $*"
}
mping() { in_n "$1" loomctl mesh ping "n$1" "$2" -c 1 -W 2 >/dev/null 2>&1; }
# ll N: node N's loom0 link-local address (modified EUI-64 of its MAC).
ll() {
	in_n "$1" $ip -6 addr show dev loom0 scope link |
		sed -n 's/.*inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p'
}
