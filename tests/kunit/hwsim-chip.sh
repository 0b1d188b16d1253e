#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run by tests/kunit/run.sh inside the KUnit VM, under KASAN, lockdep,
# kmemleak and the atomic-sleep checker: an emulated SX1276 of loom_hwsim
# (loaded with radios=2) driven through spidev with spichip, so that its
# SPI path, medium callbacks, timer, faults and deletion run under them.
# Exits non-zero, saying why, at the first surprise; every wait is bounded.
set -e

die() { echo "hwsim-chip: $*"; exit 1; }

loomctl hwsim radio set 0 state rx
loomctl hwsim radio add chip sx1276 >/dev/null
spi=$(loomctl hwsim radio show 2 -j | tr -d ' \n' |
	sed -n 's/.*"spi_dev":"\([^"]*\)".*/\1/p')
[ -n "$spi" ] || die "radio 2 has no SPI device"
echo spidev >"/sys/bus/spi/devices/$spi/driver_override"
echo "$spi" >/sys/bus/spi/drivers/spidev/bind
dev=/dev/spidev${spi#spi}
n=0
until [ -c "$dev" ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || die "no $dev"
	sleep 0.1
done

c() { spichip "$dev" "$@"; }
# wait_flag BIT: RegIrqFlags gets BIT within 20 s.
wait_flag() {
	n=0
	until [ $((0x$(c read 12) & $1)) != 0 ]; do
		n=$((n + 1))
		[ $n -lt 200 ] || die "no flag $1: flags $(c read 12), opmode $(c read 01)"
		sleep 0.1
	done
}

[ "$(c read 42)" = 12 ] || die "RegVersion $(c read 42)"
c write 01 00
c write 01 80
c write 01 81
c write 06 d9 06 66
c write 0d 80
c write 00 01 02 03 04 05
c write 22 05
loomctl hwsim edge set 2 0 rssi -80 both
loomctl hwsim edge set 1 2 rssi -85
# TX, TxDone on DIO0.
c write 40 40
c write 01 83
wait_flag 0x08
c write 12 ff
# RXCONTINUOUS while radio 1 sends, then CAD straight from RX.
c write 40 00
c write 01 85
loomctl hwsim radio set 1 state rx gen 12 gap 5
wait_flag 0x40
[ "$(c read 13)" = 0c ] || die "RegRxNbBytes $(c read 13)"
c write 0d "$(c read 10)"
c read 00 c >/dev/null
c write 40 80
c write 01 87
wait_flag 0x04
# Faults while frames keep arriving.
loomctl hwsim radio set 2 fault stuck-irq
c write 12 ff
loomctl hwsim radio set 2 fault mute
[ "$(c read 42)" = 00 ] || die "mute: RegVersion $(c read 42)"
loomctl hwsim radio set 2 fault spi-error
if c read 42 2>/dev/null; then die "spi-error: a read succeeded"; fi
loomctl hwsim radio set 2 fault crc-error
c write 12 ff
c write 01 85
wait_flag 0x20
loomctl hwsim radio set 2 fault none
# Deleted while spidev holds it and frames fly; a second one stays bound
# for rmmod (run.sh's next step).
loomctl hwsim radio del 2
loomctl hwsim radio add chip sx1278 version 0x22 >/dev/null
spi=$(loomctl hwsim radio show 2 -j | tr -d ' \n' |
	sed -n 's/.*"spi_dev":"\([^"]*\)".*/\1/p')
echo spidev >"/sys/bus/spi/devices/$spi/driver_override"
echo "$spi" >/sys/bus/spi/drivers/spidev/bind
dev=/dev/spidev${spi#spi}
n=0
until [ -c "$dev" ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || die "no $dev"
	sleep 0.1
done
[ "$(c read 42)" = 22 ] || die "version 0x22: RegVersion $(c read 42)"
c write 01 80
c write 01 85
echo "hwsim-chip: ok"
