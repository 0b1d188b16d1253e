#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Frames fly on the real-time medium: radios made and wired with loomctl
# hear a generator; radios added and deleted while every radio transmits;
# a radio owned by a loomctl process goes when it exits; rmmod with
# frames in flight leaves a clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_load
hwsim_load radios=0

for i in 0 1 2; do
	out=$(loomctl hwsim radio add state rx) || fail "radio add $i failed"
	[ "$out" = "radio $i" ] || fail "radio add $i said: $out"
done
check loomctl hwsim edge set 0 1 rssi -80 both
check loomctl hwsim edge set 0 2 rssi -90 snr 5 loss 100 both
# 20-byte frames at SF7/125 kHz: 56.6 ms on air, then 100 ms apart.
check loomctl hwsim radio set 0 gen 20 gap 100
sent8() { [ "$(stat_of 0 tx)" -ge 8 ]; }
wait_for 30 sent8 || fail "radio 0 sent $(stat_of 0 tx) frames in 30 s"
check loomctl hwsim radio set 0 gen 0
# The frame on the air when the generator stopped lands too.
landed() {
	tx=$(stat_of 0 tx) rx1=$(stat_of 1 rx) rx2=$(stat_of 2 rx) lost2=$(stat_of 2 rx_lost)
	[ "$rx1" = "$tx" ] && [ "$lost2" = "$tx" ]
}
wait_for 10 landed
note "tx $tx, radio 1 rx $rx1, radio 2 rx $rx2 lost $lost2"
[ "$rx1" = "$tx" ] || fail "radio 1 heard $rx1 of $tx frames on a clean link"
[ "${rx2:-1}" = 0 ] && [ "$lost2" = "$tx" ] ||
	fail "radio 2 on a 100 % loss link: rx $rx2, lost $lost2 of $tx"

# Everyone transmits while radios come and go.
for i in 0 1 2; do check loomctl hwsim radio set $i gen 12 gap 0; done
(
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		id=$(loomctl hwsim radio add state rx gen 10 | sed 's/radio //')
		loomctl hwsim edge set 0 "$id" rssi -70 both
		loomctl hwsim radio del "$id"
	done
	echo done >/tmp/churn
) &
for _ in 1 2 3 4 5 6 7 8 9 10; do
	loomctl hwsim radio list >/dev/null || fail "radio list during churn failed"
	loomctl hwsim edge list >/dev/null || fail "edge list during churn failed"
done
wait
[ -f /tmp/churn ] || fail "the add/delete loop did not finish"
n=$(radio_count)
[ "$n" = 3 ] || fail "$n radios after the churn, want 3"

# Owned: the radio lives as long as the loomctl that made it.
loomctl hwsim radio add owned state rx gen 10 >/tmp/owned &
pid=$!
added() { grep -q "^radio " /tmp/owned; }
wait_for 20 added || fail "owned radio add printed: $(cat /tmp/owned)"
n=$(radio_count)
[ "$n" = 4 ] || fail "owned radio not listed ($n radios)"
kill "$pid"
wait "$pid" 2>/dev/null
# The radio goes when the kernel has released the socket.
three() { [ "$(radio_count)" = 3 ]; }
wait_for 20 three || fail "owned radio outlived its socket ($(radio_count) radios)"

# rmmod while all three transmit: radio 0 sends more meanwhile.
tx=$(stat_of 0 tx)
more() { [ "$(stat_of 0 tx)" -gt "$tx" ]; }
wait_for 20 more || fail "radio 0 stopped sending"
check rmmod loom_hwsim
check rmmod loom
dmesg_clean "$mark"
finish
