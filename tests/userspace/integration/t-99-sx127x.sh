#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The sx127x driver on loom_hwsim's emulated SX1276 chips, bound through
# spi_new_device() as on a board without device tree: each chip becomes
# radio sx127xN with the modulation and address its software node gives;
# a Dhyara node on a chip and one on a plain hwsim radio find each other
# and a layer-2 ping crosses, both ways; the faults the emulator
# injects are counted and the radio comes back from each (a CRC error, an
# SPI error, a chip that stops answering and is reset, flags that do not
# clear); a chip of another version (an SX1272) and an absent one are
# refused at probe with the reason; unbinding the driver under traffic
# stops the node, binding again brings the radio back; a clean kernel log.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_load
hwsim_load radios=0
modprobe sx127x || fail "modprobe sx127x"

# rstat RADIO KEY: the counter KEY of Loom radio RADIO.
rstat() {
	loomctl -j radio list | tr -d ' \n' | sed 's/},{"radio"/}\n{"radio"/g' |
		grep "\"radio\":\"$1\"" | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
stat_gt() { [ "$(rstat "$1" "$2")" -gt "${3:-0}" ] 2>/dev/null; }
has_radio() { loomctl radio list | grep -q "^$1 "; }

c=$(loomctl hwsim radio add chip sx1276 sf 7 bw 500 | sed 's/radio //') ||
	fail "chip add"
h=$(loomctl hwsim radio add sf 7 bw 500 state rx | sed 's/radio //') ||
	fail "radio add"
wait_for 10 has_radio sx127x0 ||
	fail "no radio sx127x0: $(loomctl radio list; dmesg | tail -n 5)"
note "$(loomctl radio list)"
loomctl radio list | grep -q '^sx127x0 *sx127x ' ||
	fail "sx127x0 is not of kind sx127x: $(loomctl radio list)"
dev=$(basename "$(readlink -f /sys/bus/spi/drivers/sx127x/spi*)")
note "spi device: $dev"
[ -e "/sys/bus/spi/devices/$dev" ] || fail "no spi device bound to sx127x"
dmesg_since "$mark" | grep -q "sx1276 (RegVersion 0x12) is radio sx127x0" ||
	fail "probe message: $(dmesg_since "$mark" | grep -i sx | tail -n 3)"
check loomctl hwsim edge set "$c" "$h" rssi -80 snr 10 both

# Dhyara across: a node on the chip, one on the hwsim radio.
ha=$(loomctl -j radio list | tr '{' '\n' | grep '"radio":"sx127x0"' |
	sed -n 's/.*"hwaddr":"\([^"]*\)".*/\1/p')
hb=$(loomctl -j radio list | tr '{' '\n' | grep "\"radio\":\"hwsim$h\"" |
	sed -n 's/.*"hwaddr":"\([^"]*\)".*/\1/p')
note "addresses: chip $ha, hwsim $hb"
[ -n "$ha" ] && [ -n "$hb" ] || fail "addresses missing"
check loomctl mesh start a radio sx127x0 beacon 1000 duty off
check loomctl mesh start b radio "hwsim$h" beacon 1000 duty off
route() {
	loomctl -j mesh routes "$1" | tr '{' '\n' | grep "\"dest\":\"$2\"" |
		grep -q '"best":true'
}
wait_for 30 route a "$hb" || fail "a has no route to b: $(loomctl mesh routes a)"
wait_for 30 route b "$ha" || fail "b has no route to a: $(loomctl mesh routes b)"
loomctl mesh ping a "$hb" -c 5 -W 2 >/tmp/ping 2>&1 ||
	fail "ping chip -> hwsim: $(cat /tmp/ping)"
note "$(tail -n 2 /tmp/ping)"
loomctl mesh ping b "$ha" -c 5 -W 2 >/tmp/ping 2>&1 ||
	fail "ping hwsim -> chip: $(cat /tmp/ping)"
note "$(tail -n 2 /tmp/ping)"
# RSSI and SNR as the chip reported them: the edge's.
loomctl -j mesh neighbours a | grep -q "\"addr\":\"$hb\"" ||
	fail "a lacks neighbour b"
# The mesh listens before it talks: a CAD on the chip before each frame.
for k in irq tx_frames rx_frames spi_messages cad; do
	stat_gt sx127x0 $k || fail "sx127x0 $k is $(rstat sx127x0 $k)"
done
for k in spi_errors irq_spurious irq_stuck tx_timeouts rx_crc_errors cad_timeouts; do
	[ "$(rstat sx127x0 $k)" = 0 ] ||
		fail "sx127x0 $k is $(rstat sx127x0 $k) without a fault"
done
note "chip counters: $(loomctl -j radio list | tr -d ' \n' | sed 's/},{"radio"/}\n{"radio"/g' | grep '"radio":"sx127x0"')"

# fault F KEY: with fault F on the chip, counter KEY of sx127x0 grows
# while b pings a and a pings b (the chip receives and sends: a mute
# chip shows only in what it sends, which without a's own pings would
# wait for its next beacon, tens of seconds away on LoRa); then the fault
# is cleared and a ping gets through.
fault() {
	_k0=$(rstat sx127x0 "$2")
	check loomctl hwsim radio set "$c" fault "$1"
	loomctl mesh ping b "$ha" -c 20 -i 0.2 -W 1 >/dev/null 2>&1 &
	_p=$!
	loomctl mesh ping a "$hb" -c 20 -i 0.2 -W 1 >/dev/null 2>&1 &
	_q=$!
	wait_for 20 stat_gt sx127x0 "$2" "$_k0" ||
		fail "fault $1: $2 stayed at $(rstat sx127x0 "$2")"
	wait $_p $_q
	check loomctl hwsim radio set "$c" fault none
	wait_for 30 sh -c "loomctl mesh ping b $ha -c 1 -W 2 >/dev/null 2>&1" ||
		fail "after fault $1: no ping reply"
	note "fault $1: $2 $_k0 -> $(rstat sx127x0 "$2")"
}
fault crc-error rx_crc_errors
fault spi-error spi_errors
# A mute chip never ends the CAD that comes before each frame (the TX
# timeout of a mute chip is KUnit's sx127x_fault_mute).
fault mute cad_timeouts
fault stuck-irq irq_stuck
stat_gt sx127x0 resets || fail "no chip reset counted"

# Refused at probe: an SX1272, a chip that is not there.
for v in 0x22 0x00; do
	loomctl hwsim radio add chip sx1276 version $v >/dev/null ||
		fail "chip add version $v"
done
wait_for 10 sh -c "dmesg | grep -q 'SX1272/73 (RegVersion 0x22)'" ||
	fail "no SX1272 refusal: $(dmesg | grep -i sx127 | tail -n 3)"
wait_for 10 sh -c "dmesg | grep -q 'no chip answers'" ||
	fail "no refusal of an absent chip"
has_radio sx127x1 && fail "a refused chip became a radio"

# Unbind under traffic: the node stops; bind brings the radio back.
loomctl mesh ping b "$ha" -c 50 -i 0.1 >/dev/null 2>&1 &
pp=$!
echo "$dev" >/sys/bus/spi/drivers/sx127x/unbind || fail "unbind"
wait $pp
loomctl node list 2>&1 | grep -q '^a ' && fail "node a still runs: $(loomctl node list)"
has_radio sx127x0 && fail "sx127x0 still listed after unbind"
echo "$dev" >/sys/bus/spi/drivers/sx127x/bind || fail "bind"
wait_for 10 sh -c 'loomctl radio list | grep -q "^sx127x[0-9]* *sx127x "' ||
	fail "no radio after bind: $(loomctl radio list)"

check loomctl mesh stop b
rmmod sx127x || fail "rmmod sx127x"
hwsim_unload
rmmod_loom
dmesg_clean "$mark"
finish
