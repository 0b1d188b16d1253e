#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Dhyara beside batman-adv (issue 10, section 5), in QEMU on Debian's
# kernel, one run, the same medium and topologies for every stack:
# four mac80211_hwsim radios as 802.11s mesh points (no 802.11s
# forwarding) under loom-medium, one network namespace per node, and on
# top in turn batman-adv BATMAN_IV, batman-adv BATMAN_V (OGMs every
# 1000 ms, the default) and Loom's Dhyara (beacons every 1000 ms).
#
#   line    n1 - n2 - n3 - n4, 25 m hops, each hearing only its
#           neighbours (tests/userspace/integration/mesh-line.sh);
#   square  n1 - n2 - n4 and n1 - n3 - n4, 25 m sides, the diagonals
#           (35 m, -82 dBm) under the -80 dBm threshold: two paths.
#
# Figures, measured the same way for each stack:
#   heal  square: ping6 n1 -> n4 every 100 ms; loom-medium cuts the link
#         from n1 to the next hop its route uses (both ways); the longest
#         run of unanswered pings after the cut times the real interval
#         between pings; the median of three, each on a fresh square;
#   ctl   line, steady state, no user traffic: tx bytes of the four
#         mesh0 over 20 s, per node per second (the whole protocol,
#         Ethernet header included, and the IPv6 the stack's own
#         interface sends by itself);
#   thr   line: iperf3 UDP n1 -> n4 over IPv6 link-local, received Mb/s,
#         $LOOM_BENCH_SECONDS (5) s per test: a ladder of offered rates,
#         1, 2, 4 ... 128 Mb/s, climbed while the received rate grows by
#         a tenth, the highest received (a flood wider than the path
#         makes iperf3's own TCP control connection, on the same path,
#         lose the end of the test: then the test is tried once more,
#         and a second failure ends the ladder, iperf3's message printed);
#         the offered rate that gave the figure is printed with the ladder;
#   rtt   line: ping6 n1 -> n4, median of 20;
#   mem   line: the bytes of active kmalloc-* objects and those of the
#         stack's own slab caches (/proc/slabinfo) with
#         the protocol running on every node but all links cut by the
#         medium, then after every node knows the three others: the
#         difference over the 12 (node, known node) pairs;
#   conv  line: from the instant the medium restores all links at once
#         (the protocol running isolated on every node since a few
#         seconds) until every node has a route to each of the three
#         others.
# Then Dhyara on 20 loom_hwsim LoRa radios, a 4 x 5 grid of hand-set
# edges (7 hops across), SF7, the 1 % duty-cycle budget, four such meshes
# at once, each on radios of its own: at 125 kHz and at 500 kHz, each
# with the beacon interval the node picks for the budget (49 s and 13 s)
# and with a longer one given (120 s and 30 s: the picked ones do not
# leave room for advertising 19 destinations to 3-4 neighbours, see
# Documentation/dhyara.rst).  Every 5 s, the share of the 380 (node,
# destination) pairs with a best route; printed: the time to 50 %, 90 %
# and 100 %, how often all 380 were there after that, and per node the
# duty cycle (the node's own air_us, and loom_hwsim's time in Transmit,
# which TCG's late timers stretch a little), the beacons sent against the
# intervals elapsed and the frames full queues refused.  The wait ends
# $LOOM_BENCH_LORA_SECONDS (720) s after the start, or 60 s after the
# last mesh first got full tables.  The Dhyara parts print "not
# available" while loomctl has no "mesh" commands.
#
#   mesh.sh [--ko "loom.ko loom_hwsim.ko"] [--loomctl FILE]
# Assumes "make all vm-modules" ran.  TCG is slower than hardware and
# frames cost CPU, not airtime, under loom-medium: figures are for
# comparing stacks with each other in the same run.

set -euo pipefail

bench="mesh bench"
# shellcheck source=vmbench.sh
. "$(dirname "${BASH_SOURCE[0]}")/vmbench.sh"
secs=${LOOM_BENCH_SECONDS:-5}
lwait=${LOOM_BENCH_LORA_SECONDS:-720}
medium=$repo/userspace/medium/loom-medium
itests=$repo/tests/userspace/integration
[ -x "$medium" ] || { echo "$bench: no $medium (make all)" >&2; exit 1; }
for b in /usr/sbin/batctl /usr/bin/iperf3 /usr/sbin/iw; do
	[ -x "$b" ] || { echo "$bench: no $b (make deps)" >&2; exit 1; }
done

cat >"$work/run.sh" <<EOF
. /bench/mesh-line.sh
secs=$secs
lwait=$lwait
EOF
cat >>"$work/run.sh" <<'EOF'
up() { cut -d' ' -f1 /proc/uptime; }
err() { echo "@@BENCH error $*"; }
fig() { echo "@@BENCH fig $1 $2 $3"; }
# note TEXT: progress on the console (the figures go to a file first).
note() { echo "mesh bench: $*" >/dev/console; }
# na STACK WHY: this stack's figures are not available.
na() { echo "@@BENCH na $1 $2"; }
# slab_bytes: bytes in the active objects of the kmalloc caches and of
# batman-adv's and Loom's own (not dentries, inodes and the like, which
# the polling itself grows).
slab_bytes() {
	awk 'NR > 2 && ($1 ~ /^kmalloc-[0-9]+k?$/ || $1 ~ /^(batadv|loom)/) { s += $2 * $4 }
		END { printf "%.0f", s }' /proc/slabinfo
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

# square_conf FILE: n1 (0,0) n2 (25,0) n3 (0,25) n4 (25,25); sides
# -75.9 dBm as the line's hops, diagonals -81.9 dBm, under -80.
square_conf() {
	cat >"$1" <<EOT
medium exponent 4 ref-loss 40 sigma 0 threshold -80 noise -91 txpower 20 seed 7
radio n1 addr 42:00:00:00:00:00 pos 0 0
radio n2 addr 42:00:00:00:01:00 pos 25 0
radio n3 addr 42:00:00:00:02:00 pos 0 25
radio n4 addr 42:00:00:00:03:00 pos 25 25
EOT
}

# mesh_up N PHY: namespace nN, its radio a mesh point "mesh0" joined,
# no 802.11s forwarding, no IPv6 DAD (so link-local addresses are usable
# at once on every stack).  Prints what failed.
mesh_up() {
	$ip netns add "n$1" || echo "netns n$1"
	in_n "$1" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad' || echo "n$1: accept_dad"
	iw phy "$2" set netns name "n$1" || echo "move $2 to n$1"
	_dev=$(in_n "$1" ls /sys/class/net | grep -v '^lo$' | head -n1)
	in_n "$1" iw dev "$_dev" set type mp || echo "n$1: mesh point"
	$ip -n "n$1" link set "$_dev" name mesh0
	$ip -n "n$1" link set mesh0 mtu 1560 up || echo "n$1: mesh0 up"
	in_n "$1" iw dev mesh0 mesh join loom-medium freq 2412 || echo "n$1: mesh join"
	in_n "$1" iw dev mesh0 set mesh_param mesh_fwding 0 || echo "n$1: mesh_fwding 0"
}

# peers N WANT: node N has WANT established mesh peer links.
peers() {
	[ "$(in_n "$1" iw dev mesh0 station dump | grep -c 'mesh plink:.*ESTAB')" -ge "$2" ]
}

# topo_up STACK TOPO: hwsim radios, the medium on TOPO, four mesh points
# peered with their neighbours.  Returns 1 (after saying why) on failure.
topo_up() {
	modprobe mac80211_hwsim radios=4 || { echo "modprobe mac80211_hwsim"; return 1; }
	case $1 in
	iv | v)
		modprobe batman_adv || { echo "modprobe batman_adv"; return 1; }
		# The algorithm of meshes created from now on (the module's
		# parameter cannot name one at load: none is registered yet).
		_a=BATMAN_IV
		[ "$1" = v ] && _a=BATMAN_V
		batctl ra $_a || { echo "batctl ra $_a"; return 1; }
		;;
	esac
	line_phys >/tmp/phys.out || { cat /tmp/phys.out; return 1; }
	if [ "$2" = line ]; then line_conf /tmp/topo.conf; else square_conf /tmp/topo.conf; fi
	loom-medium -c /tmp/topo.conf >/tmp/medium.log 2>&1 &
	mpid=$!
	wait_until 10 registered || { echo "medium did not register: $(cat /tmp/medium.log)"; return 1; }
	_pids=
	for _n in 1 2 3 4; do
		eval "mesh_up $_n \$phy$_n" >"/tmp/mesh_up.$_n" 2>&1 &
		_pids="$_pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $_pids
	for _n in 1 2 3 4; do
		[ -s "/tmp/mesh_up.$_n" ] && { echo "n$_n: $(cat "/tmp/mesh_up.$_n")"; return 1; }
	done
	if [ "$2" = line ]; then set -- 1 2 2 1; else set -- 2 2 2 2; fi
	for _n in 1 2 3 4; do
		wait_until 30 peers $_n "$1" || { echo "n$_n: $1 mesh peers not established"; return 1; }
		shift
	done
	return 0
}

topo_down() {
	[ -n "${mpid:-}" ] && { kill -TERM "$mpid"; wait "$mpid"; }
	mpid=
	for _n in 1 2 3 4; do
		$ip netns del "n$_n" 2>/dev/null
	done
	rmmod batman_adv 2>/dev/null
	rmmod mac80211_hwsim 2>/dev/null
	return 0
}

# --- the stacks: start, interface, known originators, next hop --------
# start STACK N: the routing protocol on node N's mesh0; prints failures.
start() {
	case $1 in
	iv | v)
		in_n "$2" batctl if add mesh0 || echo "n$2: batctl if add"
		in_n "$2" batctl it 1000 || echo "n$2: batctl it 1000"
		# No bridges here: bridge loop avoidance would hold broadcasts
		# (neighbour discovery) back during its first periods.
		in_n "$2" batctl bl 0 || echo "n$2: batctl bl 0"
		$ip -n "n$2" link set bat0 up || echo "n$2: bat0 up"
		;;
	dhy)
		in_n "$2" loomctl radio add mesh0 name "w$2" rate 54000 || echo "n$2: loomctl radio add mesh0"
		in_n "$2" loomctl mesh start dhy radio "w$2" beacon 1000 || echo "n$2: loomctl mesh start"
		_d=$(in_n "$2" ls /sys/class/net | grep '^loom' | head -n1)
		[ -n "$_d" ] || echo "n$2: no loom interface after mesh start"
		[ -n "$_d" ] && { $ip -n "n$2" link set "$_d" up || echo "n$2: $_d up"; }
		;;
	esac
}

# start_all STACK: start on the four nodes at once; prints failures.
start_all() {
	_pids=
	for _n in 1 2 3 4; do
		start "$1" $_n >"/tmp/start.$_n" 2>&1 &
		_pids="$_pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	wait $_pids
	for _n in 1 2 3 4; do
		[ -s "/tmp/start.$_n" ] && cat "/tmp/start.$_n"
	done
	return 0
}

# dev STACK: the stack's interface (on node 1, the same name on all).
dev() {
	case $1 in
	iv | v) echo bat0 ;;
	dhy) in_n 1 ls /sys/class/net | grep '^loom' | head -n1 ;;
	esac
}

# routes STACK N: "DEST VIA" for each best route of node N.
routes() {
	case $1 in
	iv | v)
		in_n "$2" batctl o -H 2>/dev/null | grep '\*' |
			sed -n 's/^[^*]*\* *\([0-9a-f:]\{17\}\)[^0-9a-f]*.*[^0-9a-f:]\([0-9a-f:]\{17\}\) *\[.*/\1 \2/p'
		;;
	dhy)
		in_n "$2" loomctl -j mesh routes dhy 2>/dev/null | tr -d ' \n' |
			grep -o '{[^}]*}' | grep '"best":true' | while read -r _o; do
				_de=$(echo "$_o" | sed -n 's/.*"dest":"\([^"]*\)".*/\1/p')
				_vi=$(echo "$_o" | sed -n 's/.*"via":"\([^"]*\)".*/\1/p')
				[ -n "$_de" ] && echo "$_de ${_vi:--}"
			done
		;;
	esac
}

# full STACK: every node has a best route to each of the three others.
full() {
	for _n in 1 2 3 4; do
		[ "$(routes "$1" $_n | cut -d' ' -f1 | sort -u | grep -c .)" -ge 3 ] || return 1
	done
}

# nexthop STACK: the node number n1's best route to n4 goes through.
nexthop() {
	_v=$(routes "$1" 1 | grep "^$(mac 4) " | cut -d' ' -f2 | head -n1)
	case $_v in ??:??:??:??:??:??) ;; *) return 1 ;; esac
	echo $((0x$(echo "$_v" | cut -d: -f5) + 1))
}

# ll6 N DEV: node N's IPv6 link-local address on DEV.
ll6() {
	in_n "$1" $ip -6 addr show dev "$2" scope link |
		sed -n 's/.*inet6 \(fe80:[0-9a-f:]*\)\/.*/\1/p' | head -n1
}

# stop PID: SIGINT (ping prints its statistics), after 5 s SIGKILL.
stop() {
	kill -INT "$1" 2>/dev/null
	_t=0
	while kill -0 "$1" 2>/dev/null && [ $_t -lt 25 ]; do
		sleep 0.2
		_t=$((_t + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

ping_ok() { in_n 1 ping -6 -c 1 -W 1 "$1" | grep -q ' 0% packet loss'; }
replies() { grep -c 'seq=' /tmp/heal.out; }
replies_ge() { [ "$(replies)" -ge "$1" ]; }
tx_sum() {
	_s=0
	for _n in 1 2 3 4; do
		_s=$((_s + $(in_n $_n cat /sys/class/net/mesh0/statistics/tx_bytes)))
	done
	echo $_s
}

# udp_once MBPS DEST LEN: one iperf3 UDP test n1 -> DEST, MBPS offered,
# LEN-byte datagrams, $secs seconds, a fresh server on n4 ("-1" serves
# one test).  Prints the received Mb/s and the receiver's loss
# ("RATE LOST/SENT"); returns 1 after printing iperf3's complaint when the
# test did not end with the receiver's report.
udp_once() {
	$ip netns exec n4 iperf3 -s -1 --forceflush >/tmp/srv.4 2>&1 &
	_sp=$!
	if ! wait_until 10 grep -q "listening" /tmp/srv.4; then
		stop $_sp
		echo "iperf3 server on n4: $(tr '\n' ' ' </tmp/srv.4)"
		return 1
	fi
	in_n 1 iperf3 -6 -c "$2" --connect-timeout 5000 -u -b "${1}M" -l "$3" -t "$secs" >/tmp/cli.1 2>&1
	_rc=$?
	# The server ends after one test; not when the test broke off.
	stop $_sp
	_r=$(awk '/receiver[ \t]*$/ {
			for (i = 2; i <= NF; i++) {
				if ($i ~ /^[0-9]+\/[0-9]+$/) l = $i
				u = $i
				if (!sub(/\/sec$/, "", u)) continue
				m = u == "Gbits" ? 1000 : u == "Mbits" ? 1 : u == "Kbits" ? 0.001 : u == "bits" ? 1e-6 : -1
				if (m >= 0) r = sprintf("%.2f", $(i - 1) * m)
			}
		}
		END { if (r != "") print r, (l == "" ? "-" : l) }' /tmp/cli.1)
	if [ "$_rc" -ne 0 ] || [ -z "$_r" ]; then
		_e=$(grep -m1 'iperf3: error' /tmp/cli.1 || tail -n1 /tmp/cli.1)
		echo "iperf3 -b ${1}M exit $_rc: ${_e:-no output}"
		return 1
	fi
	echo "$_r"
}

# udp_ladder STACK DEST LEN: the "thr" figure.  A flood wider than the
# path fills its queues, and iperf3's own TCP control connection, on the
# same path, can then lose the exchange that ends the test; so the
# offered rate doubles from 1 Mb/s (1, 2, 4, ... 128) for as long as the
# rate received grows (by a tenth at least over the best so far), and
# the figure is the highest rate received.  A test that broke off is
# tried once more; when it breaks off again the ladder ends there, and
# the figure is that of the rates below it, or, with none, not available
# with iperf3's message.  Prints the fig line and "@@BENCH info STACK
# ladder OFFERED:RECEIVED:LOST/SENT ...".
udp_ladder() {
	_b=1 _best='' _at='' _steps='' _why=''
	while [ $_b -le 128 ]; do
		if ! _o=$(udp_once $_b "$2" "$3"); then
			_why=$_o
			_o=$(udp_once $_b "$2" "$3") || {
				_steps="$_steps $_b:error"
				break
			}
			_o="$_o:retried"
		fi
		_rx=${_o%% *}
		_steps="$_steps $_b:$_rx:${_o#* }"
		_grew=1
		if [ -n "$_best" ]; then
			_grew=$(awk -v a="$_rx" -v b="$_best" 'BEGIN { print (a > 1.1 * b) ? 1 : 0 }')
			awk -v a="$_rx" -v b="$_best" 'BEGIN { exit !(a > b) }' || _rx=
		fi
		[ -n "$_rx" ] && _best=$_rx _at=$_b
		[ "$_grew" = 1 ] || break
		_b=$((_b * 2))
	done
	echo "@@BENCH info $1 ladder$_steps"
	if [ -z "$_best" ]; then
		echo "@@BENCH na $1 thr: every try failed ($_why)"
		fig "$1" thr -
		return 0
	fi
	[ -n "$_why" ] && echo "@@BENCH info $1 udperr $_why"
	fig "$1" thr "$_best"
	echo "@@BENCH info $1 thrat $_at"
}

# line STACK: ctl, thr, rtt, mem, conv on the line.  Prints @@BENCH fig
# lines; returns 1 after printing why when something failed.
line() {
	s=$1
	topo_up "$s" line || return 1
	for l in "n1 n2" "n2 n3" "n3 n4"; do
		# shellcheck disable=SC2086 # two words
		loom-medium ctl link $l cut both >/dev/null || { echo "cut $l"; return 1; }
	done
	start_all "$s" >/tmp/start.out
	[ -s /tmp/start.out ] && { cat /tmp/start.out; return 1; }
	sleep 3
	m0=$(slab_bytes)
	t0=$(up)
	for l in "n1 n2" "n2 n3" "n3 n4"; do
		# shellcheck disable=SC2086 # two words
		loom-medium ctl link $l restore both >/dev/null || { echo "restore $l"; return 1; }
	done
	note "$s: line, links restored"
	wait_until 90 full "$s" || { echo "no full routing tables 90 s after the links came up"; return 1; }
	t1=$(up)
	m1=$(slab_bytes)
	fig "$s" conv "$(sub "$t1" "$t0")"
	fig "$s" mem $(((m1 - m0) / 12))
	d=$(dev "$s")
	a4=$(ll6 4 "$d")
	[ -n "$a4" ] || { echo "n4 has no link-local address on $d"; return 1; }
	wait_until 30 ping_ok "$a4%$d" || { echo "no ping6 n1 -> n4 over $d"; return 1; }
	# Steady state: nothing but the protocol for a while, then 20 s.
	sleep 5
	b0=$(tx_sum)
	c0=$(up)
	sleep 20
	b1=$(tx_sum)
	c1=$(up)
	fig "$s" ctl "$(awk -v b=$((b1 - b0)) -v t="$(sub "$c1" "$c0")" 'BEGIN { printf "%.1f", b / 4 / t }')"
	r=$(in_n 1 ping -6 -c 20 -i 0.2 -W 2 "$a4%$d" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
	fig "$s" rtt "${r:--}"
	mtu=$(in_n 1 cat "/sys/class/net/$d/mtu")
	len=$((mtu - 48 < 1400 ? mtu - 48 : 1400))
	note "$s: iperf3 n1 -> n4"
	udp_ladder "$s" "$a4%$d" "$len"
	echo "@@BENCH info $s udp $len $mtu $(loom-medium ctl show -j | sed -n 's/.*"frames":\([0-9]*\),.*"overruns":\([0-9]*\),.*/\1 \2/p')"
	return 0
}

# square_once STACK: one heal on a fresh square: the network up, ping6
# n1 -> n4 every 100 ms, the link n1's route uses cut.  Writes "SECONDS
# VIA LOST SENT" ("-" for SECONDS when pings did not come back within
# 45 s) to /tmp/heal.res; returns 1 after printing why on failure.
square_once() {
	s=$1
	topo_up "$s" square || return 1
	start_all "$s" >/tmp/start.out
	[ -s /tmp/start.out ] && { cat /tmp/start.out; return 1; }
	d=$(dev "$s")
	wait_until 90 nexthop "$s" || { echo "no route n1 -> n4 after 90 s"; return 1; }
	wait_until 60 full "$s" || { echo "no full routing tables after 60 s"; return 1; }
	a4=$(ll6 4 "$d")
	[ -n "$a4" ] || { echo "n4 has no link-local address on $d"; return 1; }
	wait_until 30 ping_ok "$a4%$d" || { echo "no ping6 n1 -> n4 over $d"; return 1; }
	h0=$(up)
	# Not through in_n: $! must be ping itself ("ip netns exec" execs
	# it), as a shell function in the background is a subshell that
	# ignores SIGINT.
	$ip netns exec n1 ping -6 -i 0.1 "$a4%$d" >/tmp/heal.out 2>&1 &
	hpid=$!
	wait_until 20 replies_ge 20 || { stop $hpid; echo "pings n1 -> n4 not answered"; return 1; }
	v=$(nexthop "$s") || { stop $hpid; echo "n1 lost its route to n4"; return 1; }
	loom-medium ctl link n1 "n$v" cut both >/dev/null || { stop $hpid; echo "cut n1 n$v"; return 1; }
	l0=$(replies)
	healed=0
	wait_until 45 replies_ge $((l0 + 10)) && healed=1
	stop $hpid
	h1=$(up)
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' /tmp/heal.out)
	[ -n "$sent" ] || { echo "no ping statistics"; return 1; }
	# The longest run of lost pings after the cut.
	gap=$(sed -n 's/.*seq=\([0-9]*\) .*/\1/p' /tmp/heal.out |
		awk -v from="$l0" 'NR >= from { if (NR > from && $1 - p - 1 > g) g = $1 - p - 1; p = $1 } END { print g + 0 }')
	if [ $healed = 1 ]; then
		echo "$(awk -v g="$gap" -v t="$(sub "$h1" "$h0")" -v n="$sent" 'BEGIN { printf "%.2f", g * t / n }') n$v $gap $sent" >/tmp/heal.res
	else
		echo "- n$v $gap $sent" >/tmp/heal.res
	fi
	return 0
}

# square STACK: heal, three times on a fresh square each (a link that
# just came back is not yet a full alternative to batman-adv: its
# quality window refills over a minute), the median.
square() {
	note "$1: square, heal"
	k=0 all=""
	while [ $k -lt 3 ]; do
		# Not in $(...): topo_down must see the medium's pid.
		square_once "$1" || { topo_down; return 1; }
		topo_down
		all="$all, $(cat /tmp/heal.res)"
		k=$((k + 1))
	done
	hs=$(echo "$all" | tr ',' '\n' | awk 'NF { print $1 }')
	if echo "$hs" | grep -q -- -; then
		fig "$1" heal -
	else
		fig "$1" heal "$(echo "$hs" | sort -n | sed -n 2p)"
	fi
	echo "@@BENCH info $1 heal three fresh squares (seconds, link n1-VIA cut, pings lost of sent)${all#,}"
	return 0
}

# stack STACK: both topologies; a failure is reported and the run goes on.
stack() {
	if ! line "$1" >/tmp/line.out 2>&1; then
		grep -v '^@@BENCH' /tmp/line.out | tr '\n' ' ' | sed "s/^/@@BENCH na $1 line: /"
		echo
	fi
	grep '^@@BENCH' /tmp/line.out || :
	topo_down
	if ! square "$1" >/tmp/square.out 2>&1; then
		grep -v '^@@BENCH' /tmp/square.out | tr '\n' ' ' | sed "s/^/@@BENCH na $1 square: /"
		echo
	fi
	grep '^@@BENCH' /tmp/square.out || :
	topo_down
}

stack iv
stack v
if ! loomctl help mesh >/dev/null 2>&1; then
	na dhy "loomctl has no mesh commands yet"
	na lora "loomctl has no mesh commands yet"
	exit 0
fi
modprobe loom || { na dhy "modprobe loom failed"; na lora "modprobe loom failed"; exit 0; }
stack dhy

# --- Dhyara on loom_hwsim LoRa radios ----------------------------------
# Meshes of 20 nodes, run at once: mesh M is a 4 x 5 grid of its own 20
# radios, 20M ... 20M + 19 (radio 20M + I at column I % 5, row I / 5),
# with edges by hand between grid neighbours only (-110 dBm, SNR 5 dB:
# clean at SF7 at either bandwidth) and no positions, so no mesh hears
# another.  Node I of mesh M is "mMnI"; all run in this namespace (one
# routes dump reads them all).  SF7, the default 1 % duty cycle, and by
# mesh BANDWIDTH_KHZ:BEACON_MS ("-": the node picks the interval that
# fits the budget, as by default):
lmeshes="125:- 125:120000 500:- 500:30000"
lora_edges() {
	_m=0
	for _c in $lmeshes; do
		_i=0
		while [ $_i -lt 20 ]; do
			_r=$((20 * _m + _i))
			loomctl hwsim position clear $_r || return 1
			loomctl hwsim radio set $_r state rx sf 7 bw "${_c%%:*}" || return 1
			if [ $((_i % 5)) -lt 4 ]; then
				loomctl hwsim edge set $_r $((_r + 1)) rssi -110 snr 5 both || return 1
			fi
			if [ $_i -lt 15 ]; then
				loomctl hwsim edge set $_r $((_r + 5)) rssi -110 snr 5 both || return 1
			fi
			_i=$((_i + 1))
		done
		_m=$((_m + 1))
	done
}
# lora_pairs: "M PAIRS" for each mesh: its (node, destination) pairs with
# a best route.
lora_pairs() {
	loomctl -j mesh routes --best 2>/dev/null | tr -d ' \n' | grep -o '{[^}]*}' |
		sed -n 's/.*"node":"m\([0-9]*\)n\([0-9]*\)".*"dest":"\([^"]*\)".*/\1 \2 \3/p' |
		sort -u | awk -v n="$(echo "$lmeshes" | wc -w)" '{ c[$1]++ } END { for (m = 0; m < n; m++) print m, c[m] + 0 }'
}
# lora_nodes: "M I BEACON_MS AIR_US TX_BCN DROP_QUEUE_FULL QUEUE_MAX_SEEN"
# for each node.
lora_nodes() {
	loomctl -j mesh list | tr -d ' \n' | sed 's/{"name":/\n&/g' | awk '
		function get(k) {
			if (!match($0, "\"" k "\":[0-9]+"))
				return "-"
			return substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
		}
		match($0, /^\{"name":"m[0-9]+n[0-9]+"/) {
			split(substr($0, 11, RLENGTH - 11), w, "n")
			print w[1], w[2], get("beacon_ms"), get("air_us"), get("tx_bcn"),
				get("drop_queue_full"), get("queue_max_seen")
		}'
}
# tx_times: "ID TRANSMIT_NS" of each loom_hwsim radio.
tx_times() {
	loomctl hwsim radio list -j | tr -d ' \n' | grep -o '"id":[0-9]*\|"transmit":[0-9]*' |
		awk -F: '/"id"/ { id = $2 } /"transmit"/ { print id, $2 }'
}
# lora_report M: the "@@BENCH lora" line of mesh M (below, the fields).
lora_report() {
	_c=$(echo "$lmeshes" | cut -d' ' -f$(($1 + 1)))
	eval "_t0=\$lt0_$1 _t1=\${lt1_$1:-}"
	[ -f "/tmp/ln1.$1" ] || { : >"/tmp/ln1.$1"; : >"/tmp/lx1.$1"; }
	# shellcheck disable=SC2154 # lt2 is set by lora
	awk -v m="$1" -v bw="${_c%%:*}" -v given="${_c#*:}" -v t0="$_t0" -v t1="$_t1" -v t2="$lt2" '
		FILENAME == "/tmp/lprog" { if ($2 == m) { n = $3; t = $1 - t0
				if (t50 == "" && n >= 190) t50 = t; if (t90 == "" && n >= 342) t90 = t
				if (n > best) best = n; last = n
				if (t1 != "" && $1 >= t1) { after++; if (n == 380) held++ } }
			next }
		# Counters and transmit times at 100 % (file 1) and at the end (file 2).
		FILENAME ~ /ln1/ { if ($1 == m) a1[$2] = $4; next }
		FILENAME ~ /ln2/ { if ($1 == m) { a2[$2] = $4; bcn = $3; b[$2] = $5; qf += $6; if ($7 == 64) qn++ } next }
		FILENAME ~ /lx0/ { x0[$1] = $2; next }
		FILENAME ~ /lx1/ { x1[$1] = $2; next }
		FILENAME ~ /lx2/ { x2[$1] = $2; next }
		function duty(lo, hi, what, span,   i, r, s, mx, d) {
			s = 0; mx = 0
			for (i = 0; i < 20; i++) {
				r = 20 * m + i
				if (what == "air")
					d = ((hi == "end" ? a2[i] : a1[i]) - (lo == "start" ? 0 : a1[i])) / 1e6 / span
				else
					d = ((hi == "end" ? x2[r] : x1[r]) - (lo == "start" ? x0[r] : x1[r])) / 1e9 / span
				s += d; if (d > mx) mx = d
			}
			return sprintf("%.3f %.3f", 100 * s / 20, 100 * mx)
		}
		END {
			full = t1 != ""
			span = full ? t1 - t0 : t2 - t0
			bmin = 1e9; bmax = 0
			for (i = 0; i < 20; i++) {
				f = b[i] * bcn / 1000 / (t2 - t0)
				if (f < bmin) bmin = f; if (f > bmax) bmax = f
			}
			printf "@@BENCH lora %d %s %s %s %s %s %s %s %d %d %.0f", m, bw, given, bcn,
				t50 == "" ? "-" : t50, t90 == "" ? "-" : t90, full ? t1 - t0 : "-",
				after ? sprintf("%d/%d", held, after) : "-", best, last, t2 - t0
			printf " %s %s", duty("start", full ? "one" : "end", "air", span),
				duty("start", full ? "one" : "end", "tx", span)
			if (full && t2 - t1 >= 20)
				printf " %s %s", duty("one", "end", "air", t2 - t1), duty("one", "end", "tx", t2 - t1)
			else
				printf " - - - -"
			printf " %.0f %.0f %d %d\n", 100 * bmin, 100 * bmax, qf, qn
		}' /tmp/lprog "/tmp/ln1.$1" /tmp/ln2 /tmp/lx0 "/tmp/lx1.$1" /tmp/lx2
}
# lora: every mesh's nodes started, then every 5 s the pairs with a best
# route of each, until each has had all 380 for 60 s or $lwait seconds.
lora() {
	_n=$(($(echo "$lmeshes" | wc -w) * 20))
	modprobe loom_hwsim radios=$_n || { echo "modprobe loom_hwsim radios=$_n"; return 1; }
	lora_edges || { echo "setting up the grids' edges"; return 1; }
	tx_times >/tmp/lx0
	_m=0
	for _c in $lmeshes; do
		_b=
		[ "${_c#*:}" = - ] || _b="beacon ${_c#*:}"
		eval "lt0_$_m=\$(up)"
		_i=0
		while [ $_i -lt 20 ]; do
			# shellcheck disable=SC2086 # two words or none
			loomctl mesh start "m${_m}n$_i" radio "hwsim$((20 * _m + _i))" $_b >/tmp/lora.start 2>&1 ||
				{ echo "m${_m}n$_i: loomctl mesh start: $(cat /tmp/lora.start)"; return 1; }
			_i=$((_i + 1))
		done
		_m=$((_m + 1))
	done
	note "LoRa: $_n nodes started"
	_end=$(($(cut -d. -f1 /proc/uptime) + lwait))
	_done=
	: >/tmp/lprog
	while :; do
		_t=$(up)
		lora_pairs | sed "s/^/$_t /" >>/tmp/lprog
		_all=1 _m=0
		for _c in $lmeshes; do
			eval "_f=\${lt1_$_m:-}"
			if [ -z "$_f" ] && grep -q "^$_t $_m 380$" /tmp/lprog; then
				# The first time full: the air time so far.
				eval "lt1_$_m=\$_t"
				_f=$_t _done=$_t
				lora_nodes >"/tmp/ln1.$_m"
				tx_times >"/tmp/lx1.$_m"
				note "LoRa: mesh $_m full after $(sub "$_t" "$(eval "echo \$lt0_$_m")") s"
			fi
			[ -n "$_f" ] || _all=0
			_m=$((_m + 1))
		done
		[ $_all = 1 ] && [ "$(sub "$(up)" "$_done" | cut -d. -f1)" -ge 60 ] && break
		[ "$(cut -d. -f1 /proc/uptime)" -ge $_end ] && break
		sleep 5
	done
	lora_nodes >/tmp/ln2
	tx_times >/tmp/lx2
	lt2=$(up)
	_m=0
	for _c in $lmeshes; do
		lora_report $_m
		_m=$((_m + 1))
	done
	return 0
}
if ! lora >/tmp/lora.out 2>&1; then
	grep -v '^@@BENCH' /tmp/lora.out | tr '\n' ' ' | sed "s/^/@@BENCH na lora /"
	echo
fi
grep '^@@BENCH' /tmp/lora.out || :
EOF

vmbench_run $((1500 + lwait)) --modules "mac80211_hwsim batman_adv" \
	--bins "$loomctl:/usr/bin/loomctl $medium:/usr/bin/loom-medium /usr/sbin/iw /usr/bin/ip /usr/sbin/batctl /usr/bin/iperf3" \
	--files "$itests/mesh-line.sh:/bench/mesh-line.sh"

echo "== Dhyara beside batman-adv: 4 mac80211_hwsim mesh points under loom-medium, OGMs/beacons 1 s (QEMU TCG) =="
awk '
	function name(s) { return s == "iv" ? "BATMAN_IV" : s == "v" ? "BATMAN_V" : "Dhyara" }
	/@@BENCH fig / { sub(/.*@@BENCH fig /, ""); f[$1 " " $2] = $3 }
	/@@BENCH na / {
		sub(/.*@@BENCH na /, "")
		s = $1
		sub(/^[^ ]* /, "")
		if (s == "lora") lorana = $0
		else na[s] = na[s] (na[s] == "" ? "" : "; ") $0
	}
	/@@BENCH info / { sub(/.*@@BENCH info /, ""); info[++ni] = $0 }
	/@@BENCH lora [0-9]/ { sub(/.*@@BENCH lora /, ""); lora[++nl] = $0 }
	function num(v) { return v != "" && v != "-" }
	function ratio(a, b) { return num(a) && num(b) && b + 0 > 0 ? sprintf("%.2f", a / b) : "-" }
	END {
		split("heal ctl thr rtt mem conv", k, " ")
		label["heal"] = "heal after a link cut, s"
		label["ctl"] = "control bytes/node/s"
		label["thr"] = "UDP over 3 hops, Mb/s"
		label["rtt"] = "RTT over 3 hops, ms"
		label["mem"] = "memory/known node, B"
		label["conv"] = "convergence, s"
		goal["heal"] = "<= 0.5x"; goal["ctl"] = "<= 1x"; goal["thr"] = ">= 1x"
		goal["rtt"] = "<= 1x"; goal["mem"] = "printed"; goal["conv"] = "<= 1x"
		printf "%-26s | %9s %9s %9s | %7s %7s | %-7s %s\n", "figure", "BATMAN_IV",
			"BATMAN_V", "Dhyara", "Dhy/IV", "Dhy/V", "goal", "verdict"
		for (i = 1; i <= 6; i++) {
			x = k[i]
			a = f["iv " x]; b = f["v " x]; d = f["dhy " x]
			r1 = ratio(d, a); r2 = ratio(d, b)
			v = "-"
			if (r1 != "-" && r2 != "-" && x != "mem") {
				lim = x == "heal" ? 0.5 : 1
				ok = x == "thr" ? (r1 >= lim && r2 >= lim) : (r1 <= lim && r2 <= lim)
				v = ok ? "goal met" : "not met"
			}
			printf "%-26s | %9s %9s %9s | %7s %7s | %-7s %s\n", label[x],
				a == "" ? "-" : a, b == "" ? "-" : b, d == "" ? "-" : d, r1, r2, goal[x], v
		}
		for (s in na) printf "%s: not available (%s)\n", s == "dhy" ? "dhyara" : name(s), na[s]
		for (i = 1; i <= ni; i++) {
			split(info[i], w, " ")
			if (w[2] == "ladder") {
				t = info[i]; sub(/^[^ ]* ladder */, "", t)
				ladder[w[1]] = t
			} else if (w[2] == "thrat")
				thrat[w[1]] = w[3]
			else if (w[2] == "udperr") {
				t = info[i]; sub(/^[^ ]* udperr /, "", t)
				udperr[w[1]] = t
			} else if (w[2] == "udp") {
				printf "(%s UDP: ", name(w[1])
				if (thrat[w[1]] != "")
					printf "the figure at iperf3 -u -b %sM offered", thrat[w[1]]
				else
					printf "no figure"
				printf "; offered:received Mb/s:lost/sent %s", ladder[w[1]]
				if (udperr[w[1]] != "")
					printf "; a test broke off: %s", udperr[w[1]]
				printf "; %d-byte payloads, interface MTU %d; medium %d frames, %d overruns)\n",
					w[3], w[4], w[5], w[6]
			} else {
				t = info[i]; sub(/^[^ ]* heal /, "", t)
				printf "(%s heal: %s)\n", name(w[1]), t
			}
		}
		print ""
		print "== Dhyara on 20 loom_hwsim LoRa radios: 4 x 5 grids (7 hops across), SF7, 1 % duty cycle; the meshes at once (QEMU TCG) =="
		if (!nl)
			printf "dhyara: not available (%s)\n", lorana == "" ? "no figures" : lorana
		for (i = 1; i <= nl; i++) {
			split(lora[i], u, " ")
			printf "SF7/%s kHz, beacon %g s (%s):\n", u[2], u[4] / 1000,
				u[3] == "-" ? "the node'"'"'s pick for the budget" : "given"
			printf "  pairs (node, destination) with a best route, of 380: 50 %% after %s s, 90 %% after %s s, ",
				u[5], u[6]
			if (u[7] != "-")
				printf "all after %s s, then all in %s samples (every 5 s) until %s s\n", u[7], u[8], u[11]
			else
				printf "all: not within %s s (at most %d, %d at the end)\n", u[11], u[9], u[10]
			printf "  duty cycle per node %s: mean %.3f %% max %.3f %% (radio in Transmit: mean %.3f %% max %.3f %%)",
				u[7] != "-" ? "until all" : "over the " u[11] " s", u[12], u[13], u[14], u[15]
			if (u[16] != "-")
				printf "; after: mean %.3f %% max %.3f %% (Transmit: mean %.3f %% max %.3f %%)", u[16], u[17], u[18], u[19]
			printf "\n  beacons sent per node: %d-%d %% of the intervals; %d frames refused by full queues, %d nodes'"'"' queues reached 64\n",
				u[20], u[21], u[22], u[23]
		}
	}' "$log"
