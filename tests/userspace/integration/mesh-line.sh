# SPDX-License-Identifier: GPL-2.0
#
# Sourced (busybox sh, in the VM) by t-95-medium-batman.sh and by
# userspace/bench/medium.sh: four mac80211_hwsim radios in a line, 25 m
# apart under loom-medium, one network namespace per node (n1 ... n4),
# each radio an 802.11s mesh point without 802.11s forwarding and
# batman-adv (BATMAN_IV) on top, bat0 at 10.95.0.N/24.

ip=/usr/bin/ip

# wait_until SECONDS CMD...: CMD until it succeeds, at most SECONDS.
wait_until() {
	_wu_end=$(($(cut -d. -f1 /proc/uptime) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(cut -d. -f1 /proc/uptime)" -ge "$_wu_end" ] && return 1
		sleep 0.2
	done
	return 0
}

in_n() {
	_n=$1
	shift
	$ip netns exec "n$_n" "$@"
}

# mac I: node I's mesh address (hwsim radio I-1's 02:00:00:00:0N:00).
mac() { printf '02:00:00:00:%02x:00' $(($1 - 1)); }

# line_phys: phy1 ... phy4, the phys of radios 0 ... 3 by their address
# (phy names keep counting up across module loads; addresses start again
# at 0).  Prints what is missing and returns 1 if one is.
line_phys() {
	for _n in 1 2 3 4; do
		_p=
		for _d in /sys/class/ieee80211/*; do
			[ "$(cat "$_d/macaddress")" = "$(mac $_n)" ] && _p=$(basename "$_d")
		done
		[ -n "$_p" ] || { echo "no phy with address $(mac $_n)"; return 1; }
		eval "phy$_n=$_p"
	done
}

# line_conf FILE: the line, three radios named by their hwsim key, one by
# its phy (line_phys first).  Exponent 4: a neighbour at 25 m is
# -75.9 dBm, the radio two away -87.9 dBm, under the -85 dBm threshold.
line_conf() {
	# shellcheck disable=SC2154 # phy4 comes from line_phys
	cat >"$1" <<EOF
medium exponent 4 ref-loss 40 sigma 0 threshold -85 noise -91 txpower 20 seed 7
radio n1 addr 42:00:00:00:00:00 pos 0 0
radio n2 addr 42:00:00:00:01:00 pos 25 0
radio n3 addr 42:00:00:00:02:00 pos 50 0
radio n4 phy $phy4 pos 75 0
EOF
}

# node_up N PHY: node N's namespace, its radio a mesh point in it, and
# batman-adv on top.  Prints what failed.
node_up() {
	$ip netns add "n$1" || echo "netns n$1"
	iw phy "$2" set netns name "n$1" || echo "move $2 to n$1"
	_dev=$(in_n "$1" ls /sys/class/net | grep -v '^lo$' | head -n1)
	in_n "$1" iw dev "$_dev" set type mp || echo "n$1: mesh point"
	$ip -n "n$1" link set "$_dev" name mesh0
	# Room for batman-adv's header: bat0 keeps a 1500-byte MTU.
	$ip -n "n$1" link set mesh0 mtu 1560 up || echo "n$1: mesh0 up"
	in_n "$1" iw dev mesh0 mesh join loom-medium freq 2412 || echo "n$1: mesh join"
	in_n "$1" iw dev mesh0 set mesh_param mesh_fwding 0 || echo "n$1: mesh_fwding 0"
	in_n "$1" batctl if add mesh0 || echo "n$1: batctl if add"
	# OGMs every 500 ms, not 1 s: the same protocol, converging in half
	# the time.
	in_n "$1" batctl it 500 || echo "n$1: batctl it 500"
	# No bridges here: bridge loop avoidance would hold broadcasts (ARP)
	# back during its first 10 s periods.
	in_n "$1" batctl bl 0 || echo "n$1: batctl bl 0"
	$ip -n "n$1" link set bat0 up || echo "n$1: bat0 up"
	$ip -n "n$1" addr add "10.95.0.$1/24" dev bat0 || echo "n$1: address"
}

# line_up: node_up for the four nodes at once; prints what failed.
line_up() {
	_pids=
	for _n in 1 2 3 4; do
		eval "node_up $_n \$phy$_n" >"/tmp/node_up.$_n" 2>&1 &
		_pids="$_pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $_pids
	for _n in 1 2 3 4; do
		[ -s "/tmp/node_up.$_n" ] && echo "n$_n: $(cat "/tmp/node_up.$_n")"
	done
}

# line_down: namespaces and modules gone.
line_down() {
	for _n in 1 2 3 4; do
		$ip netns del "n$_n" 2>/dev/null
	done
	rmmod batman_adv 2>/dev/null
	rmmod mac80211_hwsim 2>/dev/null
}

# route_via N DST VIA: node N's best route to DST goes through VIA.
route_via() {
	in_n "$1" batctl o 2>/dev/null | tr -s ' \t' ' ' |
		grep -q "^ \* $2 [0-9.]*s ( *[0-9]*) $3 "
}

# bping N DST: one batctl ping from node N to DST answered.
bping() { in_n "$1" batctl ping -c 1 -t 1 "$2" | grep -q ' 0% packet loss'; }

# neigh N ADDR: node N has ADDR as a batman-adv neighbour.
neigh() { in_n "$1" batctl n 2>/dev/null | grep -q "$2"; }

# registered: the medium answers and has registered with the kernel.
registered() { loom-medium ctl show -j | grep -q '"registered":true'; }
