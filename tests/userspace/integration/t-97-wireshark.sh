#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Wireshark dissector (userspace/wireshark/loom.lua) on a real
# capture: the seed network over 13 mac80211_hwsim mesh radios, a capture
# on Router 1's wlan2 (pktcap, an AF_PACKET socket: what wlan2 sends and
# what it hears of every other radio) while a datagram goes down from the
# coordinator to Router 1 End Device 1 (ACK with data, twice: relayed by
# Router 1) and a 400-byte one goes up from Router 1 (two fragments).
# tshark, run here in the VM with -X lua_script:, must decode every frame
# type (refresh, additional refresh, DATA, ACK, ACK with data, fragments)
# with the fields the network really used: each frame's Loom source is
# the address of the node whose radio sent it, the configuration is the
# topology's, the datagrams' addresses, ports and bytes are those sent,
# every FCS is good and nothing is malformed.  The number of Loom frames
# captured each way agrees with wlan2's radio counters, and the
# coordinator's configuration is in the capture or counted as skipped.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

R=2		# Router 1: the capture's node
ED=3		# Router 1 End Device 1
CAP=/tmp/wlan2.pcap
LUA=/loomtest/loom.lua
DOWN="down to Router 1 End Device 1 over wifi"
UPLEN=400

if ! command -v tshark >/dev/null; then
	fail "no tshark in the VM (run.sh stages it when the host has it: make deps)"
	finish
fi

# radio_stats: wlan2's counters, one JSON read (so they fit together).
radio_stats() { in_node $R loomctl radio list -j | tr -d ' \n'; }
# field JSON NAME: a counter from radio_stats or node_json output.
field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }
# mstat I NAME: MAC counter NAME of node I.
mstat() { field "$(node_json "$1" | tr -d ' \n')" "$2"; }
# refresh_marks: the refreshes the coordinator and Router 1 have sent.
refresh_marks() { echo "$(mstat 0 refresh_tx) $(mstat $R refresh_tx)"; }
# all_grew OLD NEW: every number of NEW is above its place in OLD.
all_grew() {
	awk -v o="$1" -v n="$2" 'BEGIN {
		k = split(o, a, " ")
		if (split(n, b, " ") != k || k != 2)
			exit 1
		for (i = 1; i <= k; i++)
			if (b[i] + 0 <= a[i] + 0)
				exit 1
	}'
}
# wait_line FILE PATTERN: within 10 s a line of FILE matches PATTERN.
wait_line() {
	_t=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $_t -lt 100 ]; do
		sleep 0.1
		_t=$((_t + 1))
	done
	grep -q "$2" "$1" 2>/dev/null
}
# elapsed: seconds since the test began.
elapsed() { awk -v a="$start" '{ print $1 - a }' /proc/uptime; }

mark=$(dmesg_mark)
start=$(cut -d' ' -f1 /proc/uptime)
net_up wifi

# The capture starts before the network is in sync, so it holds the
# refreshes that bring it there.
# Not through in_node: $! must be pktcap itself (ip netns exec execs it).
/usr/bin/ip netns exec n$R pktcap wlan$R $CAP 110 >/tmp/pktcap.out 2>&1 &
pcap=$!
# Counted from just after it starts: a short poll keeps the gap small.
wait_line /tmp/pktcap.out "^capturing on" ||
	fail "pktcap did not start in 10 s: $(cat /tmp/pktcap.out)"
before=$(radio_stats)
marks0=$(refresh_marks)
skips0=$(mstat 0 late_skips)
note "capturing after $(elapsed) s"

# While the network gets in sync: every node's radio MAC and Loom
# address, "mac=addr ...".
map=''
i=0
while [ $i -lt 13 ]; do
	m=$(in_node $i cat "/sys/class/net/wlan$i/address")
	a=$(addr_of $i)
	if [ -z "$m" ] || [ -z "$a" ]; then
		fail "node $i: no MAC ($m) or address ($a)"
	fi
	map="$map $m=$a"
	i=$((i + 1))
done
note "radios: $map"
mac_r=$(in_node $R cat /sys/class/net/wlan$R/address)
a0=$(addr_of 0)
ar=$(addr_of $R)
aed=$(addr_of $ED)
routers="$a0 $ar $(addr_of 5) $(addr_of 7) $(addr_of 11)"

net_wait_synced
note "in sync after $(elapsed) s"
in_node $ED loomsock bind loom0 60 recv 45 >/tmp/r_ed &
ped=$!
in_node 0 loomsock bind loom0 61 recv 45 >/tmp/r_c &
pc=$!
if ! wait_line /tmp/r_ed "^bind port 60" ||
	! wait_line /tmp/r_c "^bind port 61"; then
	fail "receivers not bound: $(cat /tmp/r_ed /tmp/r_c)"
fi
out=$(in_node 0 loomsock bind loom0 0 send "$aed" 60 "$DOWN")
echo "$out" | grep -q "^sent" || fail "send down: $out"
out=$(in_node $R loomsock bind loom0 0 sendn "$a0" 61 $UPLEN)
echo "$out" | grep -q "^sent" || fail "send up: $out"
wait_pids 50 $ped $pc
note "datagrams delivered after $(elapsed) s"
grep -q "len=${#DOWN} $DOWN" /tmp/r_ed || fail "nothing came down: $(cat /tmp/r_ed)"
grep -q "^recv $ar:[0-9]* if=[0-9]* len=$UPLEN " /tmp/r_c ||
	fail "nothing came up: $(cat /tmp/r_c)"

# The coordinator and Router 1 each sent a refresh after the capture
# began (a period is about 13 s).  Each sends its additional refresh a
# turnaround (1 ms) after it, long before the capture ends.  Not their
# children's more_rx: under TCG's timer jitter the additional refresh
# often comes after the window a child keeps open for it.
t=0
while ! all_grew "$marks0" "$(refresh_marks)" && [ $t -lt 30 ]; do
	sleep 1
	t=$((t + 1))
done
all_grew "$marks0" "$(refresh_marks)" ||
	fail "no refresh round in 30 s: refresh_tx of the coordinator and" \
		"Router 1 went from $marks0 to $(refresh_marks)"
after=$(radio_stats)
note "capture ends after $(elapsed) s"
kill -TERM $pcap
wait_pids 15 $pcap
note "pktcap: $(cat /tmp/pktcap.out)"
grep -q "^[1-9][0-9]* frames, 0 dropped" /tmp/pktcap.out ||
	fail "capture empty or lossy: $(cat /tmp/pktcap.out)"

# One tshark run; each frame a line of these fields, "|" between them.
set -- frame.number eth.src eth.type loometh.len loom.ctl.type loom.src \
	loom.net.src loom.net.dst loom.frag.index loom.frag.count \
	loom.frag.datagram_len loom.dgram.dport loom.dgram.sport \
	loom.dgram.data loom.fcs.status loom.drop _ws.malformed \
	_ws.expert.severity loom.config.slot_ms loom.config.interval_ms \
	loom.config.cycles loom.config.nodes loom.net.poll
fields=''
for f in "$@"; do
	fields="$fields -e $f"
done
t0=$(cut -d' ' -f1 /proc/uptime)
# shellcheck disable=SC2086 # $fields is a list of options
tshark -n -X lua_script:$LUA -r $CAP -T fields -E separator='|' $fields \
	>/tmp/fields 2>/tmp/tshark.err || fail "tshark exit $?: $(cat /tmp/tshark.err)"
note "tshark took $(awk -v a="$t0" '{ print $1 - a }' /proc/uptime) s"
grep -v "Running as user" /tmp/tshark.err | grep . &&
	fail "tshark complained (above)"

# Data as hex; the awk below compares it as strings ("x" in front):
# busybox awk takes a long string of digits for a number.
down_hex=$(printf '%s' "$DOWN" | od -An -tx1 | tr -d ' \n')
up_hex=$(awk -v n=$UPLEN 'BEGIN { while (n--) printf "78" }')
awk -F'|' -v map="$map" -v me="$mac_r" -v c="$a0" -v r1="$ar" \
	-v ed="$aed" -v routers="$routers" -v down="$down_hex" \
	-v up="$up_hex" -v uplen=$UPLEN '
function bad(s) { print "FAIL: frame " $1 ": " s; nbad++ }
BEGIN {
	n = split(map, m, " ")
	for (i = 1; i <= n; i++) {
		split(m[i], kv, "=")
		addr[kv[1]] = kv[2]
	}
	n = split(routers, m, " ")
	for (i = 1; i <= n; i++)
		router[m[i]] = 1
}
$3 != "0x88b5" { other++; next }
{
	loom++
	if ($2 == me)
		tx++
	else
		rx++
	if ($4 == "" || $5 == "") { bad("EtherType 0x88b5 not decoded"); next }
	type = $5
	seen[type]++
	if (!($2 in addr))
		bad("sent by " $2 ", no radio of the network")
	else if ($6 != addr[$2])
		bad("Loom source " $6 ", but radio " $2 " is node " addr[$2])
	if ($15 != 1)
		bad("FCS status " $15)
	if ($16 != "" || $17 != "")
		bad("malformed: drop " $16)
	k = split($18, sev, ",")
	for (i = 1; i <= k; i++)
		if (sev[i] + 0 >= 6291456)	# PI_WARN and above
			bad("expert info of severity " sev[i])
	if (type == 1) {
		if (!($6 in router))
			bad("refresh from " $6 ", not a router")
		from1[$6]++
	}
	if (type == 3) {
		if ($7 != "" || $8 != "")
			bad("ACK with a network header")
		from3[$6]++
	}
	if (type == 6) {
		from6[$6]++
		if ($19 != 250 || $20 != 6000 || $21 != 2 || $22 != 13)
			bad("configuration " $19 "/" $20 "/" $21 "/" $22 \
			    ", not 250 ms/6000 ms/2/13 of seed-fast.json")
	}
	if ($23 == 1) {
		polls++
		if (type != 5 || $7 != $6 || $8 != $6)
			bad("poll of type " type " from " $6 ": " $7 " -> " $8)
	}
	if (type == 5 && $6 == r1 && $7 == r1 && $8 == c && $10 == 2) {
		frag[$9]++
		fragline = fragline "\n#   " substr($0, 1, 200)
		# Dispatch and two ports, then the bytes sent.
		if ($9 == 2 && $11 == uplen + 3 && $12 == 61 &&
		    "x" $14 == "x" up)
			upgot++
	}
	if (type == 7 && $7 == c && $8 == ed && $12 == 60 && "x" $14 == "x" down) {
		if ($6 == c)
			downc++
		if ($6 == r1)
			downr++
	}
}
END {
	printf "# %d frames: %d Loom (%d sent by wlan2, %d heard), %d other\n",
	    NR, loom, tx, rx, other
	printf "# types:"
	for (t in seen)
		printf " %s:%d", t, seen[t]
	printf "; polls %d; fragments %d+%d\n", polls, frag[1], frag[2]
	if (!seen[1] || !from1[c] || !from1[r1])
		print "FAIL: no initial refresh from the coordinator and Router 1"
	# A configuration sent too late to end before the next relay is
	# skipped and counted (late_skips): below, the coordinator must
	# have sent its own or counted the skip.
	printf "# additional refreshes from:"
	for (s in from6)
		printf " %s:%d", s, from6[s]
	printf "\n"
	if (!seen[6])
		print "FAIL: no additional refresh at all"
	if (!from3[c] || !from3[r1])
		print "FAIL: no ACK from the coordinator and Router 1"
	if (!polls)
		print "FAIL: no poll (DATA from a node to itself)"
	if (!frag[1] || !frag[2] || !upgot)
		print "FAIL: the " uplen "-byte datagram from Router 1 is not " \
		    "two fragments reassembled to port 61 with its bytes:" \
		    fragline
	if (!downc || !downr)
		print "FAIL: no ACK with data carrying the datagram down, " \
		    "from the coordinator (" downc ") and Router 1 (" downr ")"
	if (nbad)
		print "FAIL: " nbad " frames decoded wrong"
	print "tx " (tx + 0) " rx " (rx + 0) " more " (from6[c] + 0)
}' /tmp/fields >/tmp/verdict
grep -v "^tx " /tmp/verdict
if grep -q "^FAIL" /tmp/verdict; then
	fail "dissector output (above)"
	net_report
fi

# Loom frames each way against the counters: the capture began before
# the first reading and ended after the second, so it holds at least what
# they counted, and a few frames more at most.
tx=$(sed -n 's/^tx \([0-9]*\) rx.*/\1/p' /tmp/verdict)
rx=$(sed -n 's/^tx [0-9]* rx \([0-9]*\) .*/\1/p' /tmp/verdict)
more=$(sed -n 's/^tx .* more \([0-9]*\)/\1/p' /tmp/verdict)
skips=$(($(mstat 0 late_skips) - skips0))
note "the coordinator's configuration: $more captured, $skips skipped as late"
if [ "$more" -eq 0 ] && [ "$skips" -eq 0 ]; then
	fail "the coordinator's configuration is neither in the capture" \
		"nor counted as skipped"
fi
ctx=$(($(field "$after" tx_frames) - $(field "$before" tx_frames)))
crx=0
for s in rx_frames rx_deaf rx_malformed rx_otherhost rx_otherproto; do
	crx=$((crx + $(field "$after" $s) - $(field "$before" $s)))
done
note "wlan2 counted $ctx sent, $crx heard; the capture has $tx, $rx"
if [ "$ctx" -le 0 ] || [ "$crx" -le 0 ]; then
	fail "wlan2 counted no traffic"
fi
if [ "$tx" -lt "$ctx" ] || [ "$tx" -gt $((ctx + 5 + ctx / 10)) ]; then
	fail "captured $tx frames sent, wlan2 counted $ctx"
fi
if [ "$rx" -lt "$crx" ] || [ "$rx" -gt $((crx + 10 + crx / 10)) ]; then
	fail "captured $rx frames heard, wlan2 counted $crx"
fi

net_down
dmesg_clean "$mark"
note "the test took $(elapsed) s"
finish
