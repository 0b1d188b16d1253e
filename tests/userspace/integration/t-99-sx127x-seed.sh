#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The seed network, live in real time, with two of its routers ("Router 1"
# and "Router 1 Router 1") on emulated SX1276 chips driven by sx127x.ko
# and the eleven other nodes on loom_hwsim radios, all on one medium: every
# node comes in sync (the chips' routers relay the refresh to their
# children), datagrams cross a chip's router up and down, the chips count
# their frames; rmmod sx127x under the running network stops exactly the
# two nodes on chips, and the kernel log stays clean.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
seed_radios
modprobe sx127x || fail "modprobe sx127x"
# The chips take the places (and the ids) of hwsim radios 2 and 5.
for i in 2 5; do
	check loomctl hwsim radio del $i
	loomctl hwsim radio add chip sx1276 bw 500 pos $((i * 3)) 0 >/dev/null ||
		fail "no chip for node $i"
done
chips() { [ "$(loomctl radio list | grep -c '^sx127x[0-9]* *sx127x ')" = 2 ]; }
wait_for 10 chips || fail "chips not bound: $(loomctl radio list)"
check loomctl topology load "$DATA/seed-fast.json"
i=0 k=0
IFS='|'
for name in $SEED_NODES; do
	case $i in
	2 | 5) r=sx127x$k k=$((k + 1)) ;;
	*) r=hwsim$i ;;
	esac
	check loomctl node start "$name" radio "$r"
	i=$((i + 1))
done
unset IFS
note "$(loomctl radio list)"

# In sync within two periods (about 12 s each).
nsync() { loomctl node list -j | grep -o '"synced":[a-z0-9]*' | grep -c 'true\|1'; }
all_synced() { [ "$(nsync)" = 13 ]; }
wait_for 30 all_synced || fail "$(nsync) of 13 nodes in sync: $(loomctl node list)"

loomctl recv -j 2 >/tmp/recv &
rpid=$!
wait_listening $rpid
# Up through Router 1 Router 1 and Router 1, down through Router 1.
check loomctl send from "Router 1 Router 1 End Device 1" BillyTheCoord "up via two chips"
check loomctl send from BillyTheCoord "Router 1 End Device 2" "down via a chip"
got_both() { ! kill -0 $rpid 2>/dev/null; }
wait_for 40 got_both
kill $rpid 2>/dev/null
note "received: $(cat /tmp/recv)"
grep -q "up via two chips" /tmp/recv || fail "the datagram up never arrived"
grep -q "down via a chip" /tmp/recv || fail "the datagram down never arrived"

rstat() {
	loomctl -j radio list | tr -d ' \n' | sed 's/},{"radio"/}\n{"radio"/g' |
		grep "\"radio\":\"$1\"" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
for r in sx127x0 sx127x1; do
	note "$r: tx $(rstat $r tx_frames) rx $(rstat $r rx_frames) spi $(rstat $r spi_messages) irq $(rstat $r irq) timeouts $(rstat $r tx_timeouts)"
	[ "$(rstat $r tx_frames)" -gt 0 ] 2>/dev/null || fail "$r sent nothing"
	[ "$(rstat $r rx_frames)" -gt 0 ] 2>/dev/null || fail "$r received nothing"
	[ "$(rstat $r spi_errors)" = 0 ] || fail "$r: SPI errors without a fault"
done

# The driver goes under the running network: the chips' nodes stop.
check rmmod sx127x
n=$(loomctl node list -j | grep -o '"name"' | wc -l)
[ "$n" = 11 ] || fail "$n nodes listed after rmmod sx127x, want 11"
loomctl node list -j | grep -q '"name":"Router 1"' && fail "Router 1 still runs"
check rmmod loom_hwsim
check rmmod loom
dmesg_clean "$mark"
finish
