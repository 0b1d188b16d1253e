#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# AF_LOOM sockets on the seed network, one network namespace per node as if
# each were its own gateway: every namespace loads the topology and runs
# its one node on its own simulated radio.  Datagrams cross two routers up
# and down, two sockets on one node each get their own port, the kernel
# answers echo, and every refusal carries the errno it promises.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
net_up

# Nothing but a loomN device takes an AF_LOOM socket.
out=$(loomsock bind lo 50)
[ "$out" = "bind ENODEV" ] || fail "bind to lo: $out"

# Just started, a node that has not heard a refresh cannot send yet.
a12=$(addr_of 12)
if [ "$(synced 12)" = false ]; then
	out=$(in_node 12 loomsock bind loom0 0 send 0xf000 50 early)
	[ "$(synced 12)" = false ] &&
		! echo "$out" | grep -q "send ENETUNREACH" &&
		fail "send before sync: $out"
fi

net_wait_synced

a6=$(addr_of 6)
a9=$(addr_of 9)
a3=$(addr_of 3)
note "addresses: R1R1ED1 $a6, R1R2ED2 $a9, R1ED1 $a3, R2ED1 $a12"

# Two sockets on the coordinator, one on a leaf two routers down.
in_node 0 loomsock bind loom0 50 signal recv 50 >/tmp/s50 &
p50=$!
in_node 0 loomsock bind loom0 51 recv 50 recv 3 >/tmp/s51 &
p51=$!
in_node 9 loomsock bind loom0 60 recv 50 >/tmp/s60 &
p60=$!
# The kernel's echo, from a leaf under the other router; and loomctl
# ping by name from the same node, on a socket of its own.
in_node 12 loomsock bind loom0 0 send "$a3" 7 "echo me" recv 50 >/tmp/echo &
pecho=$!
in_node 12 loomctl ping "$(name_of 3)" -W 50 >/tmp/ping 2>&1 &
pping=$!
wait_bound /tmp/s50 /tmp/s51 /tmp/s60
out=$(in_node 6 loomsock bind loom0 0 send 0xf000 50 "to fifty" \
	send 0xf000 51 "to fifty-one")
[ "$(echo "$out" | grep -c '^sent')" = 2 ] || fail "sends up: $out"
out=$(in_node 0 loomsock bind loom0 0 send "$a9" 60 "down to nine")
echo "$out" | grep -q "^sent 12" || fail "send down: $out"

# While those travel: what the kernel refuses, and why.
# Holds port 70 until killed (no function around it: $! is loomsock).
/usr/bin/ip netns exec n0 loomsock bind loom0 70 sleep 60 >/tmp/s70 &
p70=$!
wait_bound /tmp/s70
out=$(in_node 0 loomsock bind loom0 70)
[ "$out" = "bind EADDRINUSE" ] || fail "port taken twice: $out"
out=$(in_node 0 loomsock bind loom0 7)
[ "$out" = "bind EADDRINUSE" ] || fail "bound the echo port: $out"
kill $p70 2>/dev/null
wait $p70 2>/dev/null
out=$(in_node 0 runas loomsock bind loom0 10)
[ "$out" = "bind EACCES" ] || fail "unprivileged port 10: $out"
out=$(in_node 0 runas loomsock bind loom0 100 name)
echo "$out" | grep -q "^name 0xf000:100 if=" || fail "unprivileged: $out"
max=$(in_node 6 loomctl node show "$(name_of 6)" -j |
	sed -n 's/.*"datagram_max":\([0-9]*\).*/\1/p')
[ -n "$max" ] || fail "no datagram_max in node show"
out=$(in_node 6 loomsock bind loom0 0 sendn 0xf000 50 $((max + 1)) \
	sendn 0xf000 50 100000 send "$a6" 50 self send 0 50 zero \
	send 0xf000 0 noport)
[ "$out" = "bind port $(echo "$out" | sed -n 's/^bind port //p')
send EMSGSIZE
send EMSGSIZE
send EHOSTUNREACH
send EINVAL
send EDESTADDRREQ" ] || fail "refusals: $out"
# Addresses of either kind: a program built before 48-bit addresses
# passes 12 bytes and is understood; a 48-bit address is of the wrong kind
# for a tree node; an unknown kind, a 48-bit address in 12 bytes and an
# address shorter than 12 bytes are refused.
out=$(in_node 6 loomsock bind loom0 0 sendlen 12 0xf000 99 short \
	send 02:4c:4f:4d:00:01 99 mesh sendlen 12 02:4c:4f:4d:00:01 99 m12 \
	sendkind 2 0xf000 99 kind2 sendlen 11 0xf000 99 tooshort)
[ "$out" = "bind port $(echo "$out" | sed -n 's/^bind port //p')
sent 5
send EAFNOSUPPORT
send EINVAL
send EINVAL
send EINVAL" ] || fail "address kinds and lengths: $out"
# A queue that cannot take a datagram whole refuses it: 64 packets hold
# seven 9-fragment datagrams, not eight.
out=$(in_node 10 loomsock bind loom0 0 sendn 0xf000 52 2000 sendn 0xf000 52 2000 \
	sendn 0xf000 52 2000 sendn 0xf000 52 2000 sendn 0xf000 52 2000 \
	sendn 0xf000 52 2000 sendn 0xf000 52 2000 sendn 0xf000 52 2000)
[ "$(echo "$out" | grep -c '^sent 2000')" = 7 ] &&
	[ "$(echo "$out" | tail -n1)" = "send ENOBUFS" ] ||
	fail "a full queue: $out"
out=$(in_node 6 loomsock send 0xf000 50 unbound)
[ "$out" = "send ENODEV" ] || fail "unbound without a device: $out"
out=$(in_node 6 loomsock send 0 0 noaddr)
[ "$out" = "send EDESTADDRREQ" ] || fail "no destination: $out"
check in_node 6 /usr/bin/ip link set loom0 down
out=$(in_node 6 loomsock sendif loom0 0xf000 50 down)
[ "$out" = "send ENETDOWN" ] || fail "device down: $out"
check in_node 6 /usr/bin/ip link set loom0 up

wait_pids 60 $p50 $p51 $p60 $pecho $pping
note "port 50: $(cat /tmp/s50)"
note "port 51: $(cat /tmp/s51)"
note "port 60: $(cat /tmp/s60)"
note "echo: $(cat /tmp/echo)"
grep -q "^recv $a6:[0-9]* if=[0-9]* len=8 rssi=-[0-9]* snr=[0-9-]* to fifty$" \
	/tmp/s50 || fail "port 50 did not get its datagram with signal"
grep -q "^recv $a6:[0-9]* if=[0-9]* len=12 to fifty-one$" /tmp/s51 ||
	fail "port 51 did not get its datagram"
grep -q "to fifty$" /tmp/s51 && fail "port 51 got port 50's datagram"
grep -q "^recv timeout" /tmp/s51 || fail "port 51 got more than its own"
grep -q "^recv 0xf000:[0-9]* if=[0-9]* len=12 down to nine$" /tmp/s60 ||
	fail "the datagram down two routers never arrived"
grep -q "^recv $a3:7 if=[0-9]* len=7 echo me$" /tmp/echo ||
	fail "no echo from $a3"
note "ping: $(cat /tmp/ping)"
grep -q "bytes from $(name_of 3) ($a3): seq=1 time=" /tmp/ping ||
	fail "loomctl ping by name got no answer"
grep -q "1 transmitted, 1 received" /tmp/ping || fail "ping summary"
echoes=$(in_node 3 loomctl node show "$(name_of 3)" -j |
	sed -n 's/.*"echo":\([0-9]*\).*/\1/p')
[ "$echoes" = 2 ] || fail "R1ED1 counted $echoes echo replies, want 2"

# A node that stops under a blocked reader wakes it with ENETDOWN.
in_node 3 loomsock bind loom0 80 recvblock >/tmp/gone &
pg=$!
wait_bound /tmp/gone
check in_node 3 loomctl node stop "$(name_of 3)"
wait_pids 10 $pg
[ "$(cat /tmp/gone)" = "bind port 80
recv ENETDOWN" ] || fail "reader of a stopped node: $(cat /tmp/gone)"

has_failed && net_report
net_down
dmesg_clean "$mark"
finish
