# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the t-*.sh integration tests (busybox sh, inside the VM, cwd
# /loomtest).  A test calls fail() for each problem it finds and ends with
# finish(), which prints "@@LOOMTEST PASS|FAIL <name>"; the VM runner
# relays that line and, on failure, the test's output.

LOOM_TEST=$(basename "$0" .sh)
DATA=/loomtest/data
_loom_failed=0

# Everything the tests print goes to their log; "#" marks commentary.
note() { echo "# $*"; }

fail() {
	echo "FAIL: $*"
	_loom_failed=1
}

# has_failed: true once fail() was called.
has_failed() { [ "$_loom_failed" != 0 ]; }

# check CMD [ARG]...: run CMD, a failure if it exits non-zero.
check() {
	"$@" || fail "exit $?: $*"
}

finish() {
	if [ "$_loom_failed" = 0 ]; then
		echo "@@LOOMTEST PASS $LOOM_TEST"
		exit 0
	fi
	echo "@@LOOMTEST FAIL $LOOM_TEST"
	exit 1
}

loom_loaded() { [ -d /sys/module/loom ]; }

loom_unload() {
	loom_loaded || return 0
	rmmod loom || fail "rmmod loom failed"
}

# rmmod_loom: unload loom once nothing holds it.  A closed AF_LOOM socket
# lets go of the module only after an RCU grace period (SOCK_RCU_FREE), so
# a busy module is retried for up to 10 s before it counts as a failure.
rmmod_loom() {
	_t=0
	until rmmod loom 2>/tmp/rmmod; do
		_t=$((_t + 1))
		if [ $_t -ge 20 ]; then
			fail "rmmod loom: $(cat /tmp/rmmod)"
			return 1
		fi
		sleep 0.5
	done
}

loom_load() {
	loom_loaded && return 0
	modprobe loom || fail "modprobe loom failed"
}

# dmesg_mark: writes a unique marker to the kernel log and prints it, so
# dmesg_since can look only at what happened during this test.
dmesg_mark() {
	_m="loomtest: mark $LOOM_TEST $$ $(cat /proc/uptime)"
	echo "$_m" >/dev/kmsg
	echo "$_m"
}

dmesg_since() {
	dmesg | awk -v m="$1" 'found { print } index($0, m) { found = 1 }'
}

# dmesg_clean MARK: no warnings, splats or leaks in the kernel log since
# MARK, apart from the taint notes every out-of-tree module causes.
dmesg_clean() {
	_bad=$(dmesg_since "$1" |
		grep -v -e 'loading out-of-tree module taints kernel' \
			-e 'module verification failed' |
		grep -E 'WARNING|BUG|Oops|Call Trace|refcount|leak')
	if [ -n "$_bad" ]; then
		fail "kernel log not clean:"
		echo "$_bad"
	fi
}

# show_json: "loomctl topology show -j" output, or a failure.
show_json() {
	loomctl topology show -j || fail "loomctl topology show -j failed"
}

# json_norm: compact JSON with the generation value blanked, for
# comparing topologies across loads (every load bumps the generation).
json_norm() {
	tr -d ' \t\n\r' | sed 's/"generation":[0-9]*/"generation":_/'
}

load_seed() {
	loomctl topology load "$DATA/seed.json" || fail "loading seed.json failed"
}

# expect_refused WANT FILE [LOAD-OPTION]: "loomctl topology load" of FILE
# must fail, say WANT on stderr, and leave the topology as $before has it.
expect_refused() {
	_want=$1
	_file=$2
	shift 2
	if loomctl topology load "$@" "$_file" >/tmp/out 2>/tmp/err; then
		fail "$_file: load $* succeeded"
	fi
	grep -qF -- "$_want" /tmp/err ||
		fail "$_file: stderr lacks '$_want'; it was: $(cat /tmp/err)"
	# shellcheck disable=SC2154 # $before is the calling test's
	[ "$(show_json)" = "$before" ] ||
		fail "$_file: topology changed: $(show_json)"
}

# hwsim_load [PARAM=VALUE]...: (re)load loom_hwsim with these parameters.
hwsim_load() {
	hwsim_unload
	modprobe loom_hwsim "$@" || fail "modprobe loom_hwsim $* failed"
}

hwsim_unload() {
	[ -d /sys/module/loom_hwsim ] || return 0
	rmmod loom_hwsim || fail "rmmod loom_hwsim failed"
}

# probe_refused WANT ARGS...: "nlprobe loom_hwsim ARGS" must be refused
# with WANT (errno and/or extack text) in its output.
probe_refused() {
	_want=$1
	shift
	if nlprobe loom_hwsim "$@" >/tmp/probe 2>&1; then
		fail "nlprobe $*: accepted"
	fi
	grep -qF -- "$_want" /tmp/probe ||
		fail "nlprobe $*: wanted '$_want', got: $(cat /tmp/probe)"
}

# stat_of ID FIELD: a counter from "loomctl hwsim radio show ID -j".
stat_of() {
	loomctl hwsim radio show "$1" -j | tr -d ' \n' |
		sed -n "s/.*\"$2\":\([0-9-]*\).*/\1/p"
}

# radio_count: radios loom_hwsim lists.
radio_count() {
	loomctl hwsim radio list -j | grep -o '"id":' | wc -l
}

# hwsim_config: radios and edges without what changes by itself (time in
# each state, energy), to tell whether a request changed anything.
hwsim_config() {
	loomctl hwsim radio list -j | tr -d ' \n' |
		sed 's/"state_time_ns":{[^}]*}//g; s/"energy_nj":[0-9]*//g'
	loomctl hwsim edge list -j
}

# The seed network, one network namespace per node (n0 ... n12): each
# namespace loads the topology and runs its node on radio hwsimN, as if
# every node were a gateway of its own.  Index = order in SEED_NODES.
SEED_NODES="BillyTheCoord|End Device 1|Router 1|Router 1 End Device 1|Router 1 End Device 2|Router 1 Router 1|Router 1 Router 1 End Device 1|Router 1 Router 2|Router 1 Router 2 End Device 1|Router 1 Router 2 End Device 2|Router 1 End Device 3|Router 2|Router 2 End Device 1"

# name_of I: the seed node of index I.
name_of() { echo "$SEED_NODES" | cut -d'|' -f$(($1 + 1)); }

# in_node I CMD [ARG]...: run CMD in node I's namespace.
in_node() {
	_n=$1
	shift
	/usr/bin/ip netns exec "n$_n" "$@"
}

# node_json I: "loomctl node show -j" of node I.
node_json() { in_node "$1" loomctl node show "$(name_of "$1")" -j; }

# addr_of I: node I's address (0x....).
addr_of() {
	node_json "$1" | sed -n 's/.*"address":"\(0x[0-9a-f]*\)".*/\1/p'
}

# synced I: true or false.
synced() {
	node_json "$1" | sed -n 's/.*"synced":\([a-z]*\).*/\1/p'
}

# seed_radios: loom, and loom_hwsim with 13 radios 3 m apart at SF7 and
# 500 kHz without shadowing: the seed network's radios, all in range.
seed_radios() {
	loom_load
	hwsim_load radios=13
	check loomctl hwsim medium set sigma 0
	_i=0
	while [ $_i -lt 13 ]; do
		check loomctl hwsim radio set $_i bw 500 state rx pos $((_i * 3)) 0
		_i=$((_i + 1))
	done
}

# net_up [KIND]: the seed network (quarter-second slots) started, the
# coordinator first, one namespace per node, on radios of KIND:
#   hwsim  loom_hwsim's 13 simulated LoRa radios 3 m apart at SF7/500 kHz
#          (the default), each given to its node's namespace;
#   ether  a veth per node, its peer in one bridge: every node hears all;
#   wifi   13 mac80211_hwsim radios in 802.11s mesh point mode, one phy per
#          namespace, on the kernel's perfect medium.
# NET_RADIO names node I's radio afterwards: radio_of I.
net_up() {
	NET_KIND=${1:-hwsim}
	case $NET_KIND in
	hwsim) seed_radios ;;
	ether) loom_load; ether_bridge_up ;;
	wifi) loom_load; wifi_radios_up ;;
	esac
	_i=0
	while [ $_i -lt 13 ]; do
		[ "$NET_KIND" = hwsim ] && /usr/bin/ip netns del "n$_i" 2>/dev/null
		[ "$NET_KIND" = hwsim ] && check /usr/bin/ip netns add "n$_i"
		case $NET_KIND in
		hwsim) check loomctl radio set "hwsim$_i" netns "n$_i" ;;
		ether) check in_node $_i loomctl radio add "lv$_i" ;;
		wifi) wifi_join $_i && check in_node $_i loomctl radio add "wlan$_i" ;;
		esac
		check in_node $_i loomctl topology load "$DATA/seed-fast.json"
		check in_node $_i loomctl node start "$(name_of $_i)" \
			radio "$(radio_of $_i)"
		_i=$((_i + 1))
	done
}

# radio_of I: the radio node I runs on.
radio_of() {
	case ${NET_KIND:-hwsim} in
	hwsim) echo "hwsim$1" ;;
	ether) echo "lv$1" ;;
	wifi) echo "wlan$1" ;;
	esac
}

# ether_bridge_up: bridge lbr in this namespace; namespaces n0..n12, each
# with veth lvI whose peer lbI is a port of lbr.
ether_bridge_up() {
	/usr/bin/ip link del lbr 2>/dev/null
	check /usr/bin/ip link add lbr type bridge
	check /usr/bin/ip link set lbr up
	_i=0
	while [ $_i -lt 13 ]; do
		/usr/bin/ip netns del "n$_i" 2>/dev/null
		check /usr/bin/ip netns add "n$_i"
		check /usr/bin/ip link add "lv$_i" type veth peer name "lb$_i"
		check /usr/bin/ip link set "lv$_i" netns "n$_i"
		check /usr/bin/ip link set "lb$_i" master lbr up
		check in_node $_i /usr/bin/ip link set "lv$_i" up
		_i=$((_i + 1))
	done
}

# wifi_radios_up: mac80211_hwsim with 13 radios (phyI, wlanI), phyI moved
# to namespace nI.
wifi_radios_up() {
	[ -d /sys/module/mac80211_hwsim ] && rmmod mac80211_hwsim
	check modprobe mac80211_hwsim radios=13
	_i=0
	while [ $_i -lt 13 ]; do
		/usr/bin/ip netns del "n$_i" 2>/dev/null
		check /usr/bin/ip netns add "n$_i"
		_phy=$(basename "$(readlink "/sys/class/net/wlan$_i/phy80211")")
		check iw phy "$_phy" set netns name "n$_i"
		_i=$((_i + 1))
	done
}

# wifi_join I: wlanI joins mesh "loom" on 2412 MHz, no mesh forwarding
# (Loom relays for itself), multicast at 6 Mbit/s as the radio assumes.
wifi_join() {
	in_node "$1" iw dev "wlan$1" set type mp &&
		in_node "$1" /usr/bin/ip link set "wlan$1" up &&
		in_node "$1" iw dev "wlan$1" mesh join loom freq 2412 \
			mcast-rate 6 mesh_fwding 0 ||
		fail "wlan$1 did not join the mesh"
}

# net_wait_synced: within two periods every node has the timing.
net_wait_synced() {
	_t=0
	while [ $_t -lt 30 ]; do
		_n=0
		_i=0
		while [ $_i -lt 13 ]; do
			[ "$(synced $_i)" = true ] && _n=$((_n + 1))
			_i=$((_i + 1))
		done
		[ $_n = 13 ] && return 0
		sleep 1
		_t=$((_t + 1))
	done
	fail "$_n of 13 nodes in sync after 30 s"
}

# wait_pids SECONDS PID...: wait for background jobs, killing stragglers.
wait_pids() {
	_t=$1
	shift
	for _p in "$@"; do
		while kill -0 "$_p" 2>/dev/null && [ "$_t" -gt 0 ]; do
			sleep 1
			_t=$((_t - 1))
		done
		kill "$_p" 2>/dev/null
	done
}

# net_down [KEEP]: radios go (unless KEEP: gone already), so nodes stop;
# namespaces and modules go too.
net_down() {
	[ -z "${1:-}" ] && case ${NET_KIND:-hwsim} in
	hwsim) hwsim_unload ;;
	ether) /usr/bin/ip link del lbr 2>/dev/null ;;
	wifi) rmmod mac80211_hwsim || fail "rmmod mac80211_hwsim failed" ;;
	esac
	_i=0
	while [ $_i -lt 13 ]; do
		/usr/bin/ip netns del "n$_i" 2>/dev/null
		_i=$((_i + 1))
	done
	rmmod_loom
}

# send_both_ways TAG: a datagram from the coordinator down to node 9 (two
# routers below) and one from node 9 up; "len=N[ signal] TAG" of each as
# received, on two lines, in /tmp/both.
send_both_ways() {
	in_node 9 loomsock bind loom0 60 signal recv 50 >/tmp/r9 &
	_p9=$!
	in_node 0 loomsock bind loom0 61 recv 50 >/tmp/r0 &
	_p0=$!
	sleep 1
	_o=$(in_node 0 loomsock bind loom0 0 send "$(addr_of 9)" 60 "down $1")
	echo "$_o" | grep -q "^sent" || fail "send down: $_o"
	_o=$(in_node 9 loomsock bind loom0 0 send "$(addr_of 0)" 61 "up $1")
	echo "$_o" | grep -q "^sent" || fail "send up: $_o"
	wait_pids 55 $_p9 $_p0
	{ sed -n 's/^recv [^ ]* if=[0-9]* //p' /tmp/r9
	  sed -n 's/^recv [^ ]* if=[0-9]* //p' /tmp/r0; } >/tmp/both
	note "received: $(cat /tmp/both)"
}

# wait_for SECONDS CMD [ARG]...: poll CMD every 0.2 s until it succeeds;
# false if it has not within SECONDS.  What a verdict waits on, instead of
# a fixed sleep that a busy machine can outlast.
wait_for() {
	_w=$(($1 * 5))
	shift
	while ! "$@"; do
		[ "$_w" -gt 0 ] || return 1
		sleep 0.2
		_w=$((_w - 1))
	done
}

# bound FILE: loomsock, writing to FILE, has bound its socket.
bound() { grep -q "^bind port " "$1" 2>/dev/null; }

# wait_bound FILE...: each loomsock has bound (within 20 s), or a failure.
wait_bound() {
	for _f in "$@"; do
		wait_for 20 bound "$_f" || fail "no socket bound for $_f: $(cat "$_f" 2>&1)"
	done
}

# listening PID [NETNS]: a netlink socket of process PID has joined a
# multicast group (/proc/net/netlink of namespace NETNS if given; its
# sockets by inode, since libnl picks random port ids).
listening() {
	_ino=$(ls -l "/proc/$1/fd" 2>/dev/null |
		sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' | tr '\n' ' ')
	[ -n "$_ino" ] || return 1
	if [ -n "${2:-}" ]; then
		/usr/bin/ip netns exec "$2" cat /proc/net/netlink
	else
		cat /proc/net/netlink
	fi | awk -v ino="$_ino" '
		BEGIN { n = split(ino, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		($10 in want) && $4 != "00000000" { f = 1 }
		END { exit !f }'
}

# wait_listening PID [NETNS]: within 20 s, or a failure.
wait_listening() {
	wait_for 20 listening "$@" || fail "process $1 never joined its group"
}

# net_report: every seed node's MAC counters, slot-edge error, jitter
# guard and radio losses, one line each, so that a failed real-time test
# says which windows were missed.
net_report() {
	_i=0
	while [ $_i -lt 13 ]; do
		_j=$(node_json $_i 2>/dev/null | tr -d ' \n')
		_r=$(loomctl hwsim radio show $_i -j 2>/dev/null | tr -d ' \n')
		echo "# n$_i $(echo "$_j" | sed -n 's/.*"synced":\([a-z]*\).*/synced=\1/p')" \
			"$(echo "$_j" | sed -n 's/.*"mac":{\([^}]*\)}.*/\1/p' | tr -d '"')" \
			"$(echo "$_j" | sed -n 's/.*"edge":{"count":\([0-9]*\),"p50_ns":\([0-9]*\),"p99_ns":\([0-9]*\),"max_ns":\([0-9]*\).*/edges=\1 p50=\2 p99=\3 max=\4/p')" \
			"$(echo "$_j" | sed -n 's/.*"jitter_ns":\([0-9]*\).*/jitter=\1/p')" \
			"$(echo "$_r" | grep -o '"rx_[a-z]*":[0-9]*' | tr -d '"' | tr '\n' ' ')"
		_i=$((_i + 1))
	done
}
