#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An emulated SX1276 in loom_hwsim, reached from user space without its
# driver: Debian's spidev bound to its SPI device (driver_override), and
# spichip reading and writing registers as a driver would.  RegVersion,
# bursts and the FIFO, LoRa mode, a frame sent to an hwsim radio and
# frames received from one (FIFO bytes, RSSI and SNR registers), CAD and
# RXSINGLE's timeout, NRESET through the GPIO line, every fault, the
# kernel's refusals, and deleting the chip while spidev holds it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_load
# Radios 0 and 1: plain hwsim radios at 868.1 MHz, SF7, 125 kHz.
hwsim_load radios=2

out=$(loomctl hwsim radio add chip sx1276) || fail "radio add chip: $out"
[ "$out" = "radio 2" ] || fail "radio add chip said: $out"
json=$(loomctl hwsim radio show 2 -j | tr -d ' \n')
spi=$(echo "$json" | sed -n 's/.*"spi_dev":"\([^"]*\)".*/\1/p')
note "chip 2 is $spi"
case "$json" in *'"kind":"sx1276"'*) ;; *) fail "kind: $json" ;; esac
[ -d "/sys/bus/spi/devices/$spi" ] || fail "no SPI device $spi"
[ "$(cat "/sys/bus/spi/devices/$spi/modalias")" = "spi:sx1276" ] ||
	fail "modalias $(cat "/sys/bus/spi/devices/$spi/modalias")"
loomctl hwsim radio list | grep -q "^2  *sx1276 .* $spi\$" ||
	fail "radio list: $(loomctl hwsim radio list)"

# bind_spidev SPI: spidev on it; $spidev is its /dev node.
bind_spidev() {
	echo spidev >"/sys/bus/spi/devices/$1/driver_override" ||
		fail "driver_override $1"
	echo "$1" >/sys/bus/spi/drivers/spidev/bind || fail "bind spidev to $1"
	spidev=/dev/spidev${1#spi}
	_there() { [ -c "$spidev" ]; }
	wait_for 10 _there || fail "no $spidev"
}
bind_spidev "$spi"
dev=$spidev

rd() { spichip "$dev" read "$@"; }
wr() { check spichip "$dev" write "$@"; }
# expect WANT ADDR [N]: the register(s) read as WANT.
expect() {
	_want=$1
	shift
	_got=$(rd "$@")
	[ "$_got" = "$_want" ] || fail "read $*: $_got, want $_want"
}
chip_stat() {
	loomctl hwsim radio show 2 -j | tr -d ' \n' |
		sed -n "s/.*\"chip\":{.*\"$1\":\([0-9]*\).*/\1/p"
}
# flags_have BIT: RegIrqFlags has BIT (hex) set.
flags_have() { [ $((0x$(rd 12) & $1)) != 0 ]; }

# Reset values, RegVersion, auto-increment.
expect 12 42
expect 09 01
expect "6c 80 00" 06 3
expect "72 70 64" 1d 3

# LoRa mode only from SLEEP: asked from Standby, the bit stays clear.
wr 01 81
expect 01 01
wr 01 00
wr 01 80
wr 01 81
expect 81 01
# 868.1 MHz (Frf 0xd90666), SF7, 125 kHz, CR 4/5, CRC on: hwsim's channel.
wr 06 d9 06 66
wr 1e 74
expect "d9 06 66" 06 3

# The FIFO: a burst at RegFifo moves RegFifoAddrPtr, not the address.
wr 0d 80
wr 00 de ad be ef 01 02 03 04 05 06
expect 8a 0d
wr 0d 80
expect "de ad be ef 01 02 03 04 05 06" 00 a
wr 22 0a

# TX to radio 0, TxDone on DIO0 (RegDioMapping1 01).
check loomctl hwsim edge set 2 0 rssi -80 both
check loomctl hwsim radio set 0 state rx
rx0=$(stat_of 0 rx)
irqs=$(chip_stat irqs)
wr 40 40
wr 01 83
txdone() { flags_have 0x08; }
wait_for 10 txdone || fail "no TxDone: flags $(rd 12), opmode $(rd 01)"
expect 81 01
heard() { [ "$(stat_of 0 rx)" -gt "$rx0" ]; }
wait_for 10 heard || fail "radio 0 did not hear the chip (rx $(stat_of 0 rx))"
[ "$(chip_stat tx)" = 1 ] || fail "chip tx $(chip_stat tx)"
[ "$(chip_stat irqs)" -gt "$irqs" ] ||
	fail "TxDone raised no interrupt ($(chip_stat irqs) irqs)"
# Write 1 to clear.
wr 12 08
expect 00 12

# RXCONTINUOUS: radio 1's generator sends to the chip at -90 dBm, SNR 8 dB.
check loomctl hwsim edge set 1 2 rssi -90 snr 8
wr 40 00
wr 0f 00
wr 01 85
check loomctl hwsim radio set 1 state rx gen 20 gap 300
rxdone() { flags_have 0x40; }
wait_for 20 rxdone || fail "no RxDone: flags $(rd 12), opmode $(rd 01)"
check loomctl hwsim radio set 1 gen 0
flags=$(rd 12)
[ $((0x$flags & 0x50)) = $((0x50)) ] || fail "flags $flags, want RxDone and ValidHeader"
[ $((0x$flags & 0x20)) = 0 ] || fail "flags $flags: a CRC error on a clean link"
expect 14 13
cur=$(rd 10)
[ "$cur" = 00 ] || fail "RegFifoRxCurrentAddr $cur, want RegFifoRxBaseAddr 00"
wr 0d "$cur"
frame=$(rd 00 14)
case "$frame" in
"01 00 00 00 "*" a5 a5 a5 a5 a5 a5 a5 a5 a5 a5 a5 a5") ;;
*) fail "FIFO: $frame, want radio 1's generator frame" ;;
esac
# RSSI -90 dBm + 157 on the HF port = 0x43; SNR 8 dB * 4 = 0x20.
expect 43 1a
expect 20 19
expect 85 01
[ "$(chip_stat rx)" -ge 1 ] || fail "chip rx $(chip_stat rx)"

# Faults.  stuck-irq: RegIrqFlags cannot be cleared.
check loomctl hwsim radio set 2 fault stuck-irq
wr 12 ff
flags_have 0x40 || fail "stuck-irq: flags cleared to $(rd 12)"
check loomctl hwsim radio set 2 fault none
wr 12 ff
expect 00 12
# crc-error: the next frame comes with PayloadCrcError.
check loomctl hwsim radio set 2 fault crc-error
check loomctl hwsim radio set 1 gen 20 gap 300
wait_for 20 rxdone || fail "crc-error: no RxDone"
check loomctl hwsim radio set 1 gen 0
flags_have 0x20 || fail "crc-error: flags $(rd 12)"
check loomctl hwsim radio set 2 fault none
wr 01 81
wr 12 ff
# mute: reads give 0x00, writes are ignored.
check loomctl hwsim radio set 2 fault mute
expect 00 42
wr 22 33
check loomctl hwsim radio set 2 fault none
expect 0a 22
# spi-error: the ioctl fails.
check loomctl hwsim radio set 2 fault spi-error
errs=$(chip_stat spi_errors)
if spichip "$dev" read 42 >/tmp/spierr 2>&1; then
	fail "spi-error: read succeeded: $(cat /tmp/spierr)"
fi
grep -q "Input/output error" /tmp/spierr || fail "spi-error said: $(cat /tmp/spierr)"
[ "$(chip_stat spi_errors)" -gt "$errs" ] || fail "spi_errors not counted"
check loomctl hwsim radio set 2 fault none
expect 12 42
loomctl hwsim radio show 2 | grep -q "fault none" || fail "radio show: $(loomctl hwsim radio show 2)"

# CAD: CadDone on DIO0 (mapping 10) two symbols later, nothing detected
# on a quiet channel; RXSINGLE: RxTimeout after RegSymbTimeout (16) symbols.
irqs=$(chip_stat irqs)
wr 12 ff
wr 40 80
wr 01 87
caddone() { flags_have 0x04; }
wait_for 10 caddone || fail "no CadDone: flags $(rd 12), opmode $(rd 01)"
expect 04 12
expect 81 01
[ "$(chip_stat cad)" = 1 ] || fail "cad $(chip_stat cad)"
[ "$(chip_stat irqs)" -gt "$irqs" ] || fail "CadDone raised no interrupt"
wr 12 ff
wr 1f 10
wr 01 86
timedout() { flags_have 0x80; }
wait_for 10 timedout || fail "no RxTimeout: flags $(rd 12), opmode $(rd 01)"
expect 81 01
[ "$(chip_stat rx_timeouts)" = 1 ] || fail "rx_timeouts $(chip_stat rx_timeouts)"
wr 12 ff

# The kernel refuses what a chip's registers decide, and faults elsewhere.
if loomctl hwsim radio set 2 state rx 2>/tmp/err; then fail "state on a chip accepted"; fi
grep -q "its driver sets its mode through RegOpMode" /tmp/err || fail "state: $(cat /tmp/err)"
if loomctl hwsim radio set 2 sf 9 2>/tmp/err; then fail "sf on a chip accepted"; fi
grep -q "takes its modulation from its registers" /tmp/err || fail "sf: $(cat /tmp/err)"
if loomctl hwsim radio set 0 fault mute 2>/tmp/err; then fail "fault on a plain radio accepted"; fi
grep -q "only an emulated chip takes faults" /tmp/err || fail "fault: $(cat /tmp/err)"
# What loomctl never sends (attribute numbers from uapi/linux/loom_hwsim.h).
NEW=1 SET=4 RADIO=2 STATE=4 GEN_LEN=13 KIND=37 VERSION=38 FAULT=39
probe_refused "kind 9: only radio (0)" $NEW $KIND:u8:9
probe_refused "a version is a chip's" $NEW $VERSION:u8:34
probe_refused "has no state to set" $NEW $KIND:u8:1 $STATE:u8:2
probe_refused "has no traffic generator" $NEW $KIND:u8:4 $GEN_LEN:u16:10
probe_refused "fault 7: only none (0)" $SET $RADIO:u32:2 $FAULT:u8:7
probe_refused "only an emulated chip takes faults" $SET $RADIO:u32:1 $FAULT:u8:1
[ "$(radio_count)" = 3 ] || fail "refused requests made radios: $(radio_count)"

# NRESET through the GPIO line: held low, the chip answers nothing; let go,
# its registers are back at their reset values.
resets=$(chip_stat resets)
base=''
for g in /sys/class/gpio/gpiochip*; do
	[ "$(cat "$g/label")" = loom_hwsim_chip2 ] && base=$(cat "$g/base")
done
if [ -z "$base" ]; then
	fail "no GPIO chip loom_hwsim_chip2"
else
	echo "$base" >/sys/class/gpio/export || fail "export GPIO $base"
	echo low >"/sys/class/gpio/gpio$base/direction"
	expect 00 42
	echo 1 >"/sys/class/gpio/gpio$base/value"
	expect 09 01
	expect 12 42
	expect 01 22
	echo "$base" >/sys/class/gpio/unexport
	[ "$(chip_stat resets)" = $((resets + 1)) ] ||
		fail "resets $(chip_stat resets), want $((resets + 1))"
fi

# A chip that says it is an SX1272.
out=$(loomctl hwsim radio add chip sx1278 version 0x22 sf 9) ||
	fail "radio add version: $out"
spi3=$(loomctl hwsim radio show 3 -j | tr -d ' \n' |
	sed -n 's/.*"spi_dev":"\([^"]*\)".*/\1/p')
bind_spidev "$spi3"
dev3=$spidev
[ "$(spichip "$dev3" read 42)" = 22 ] || fail "version 0x22 reads $(spichip "$dev3" read 42)"

# Deleting a chip while spidev holds it open (a sleeping reader), then
# rmmod with one still bound.
sleep 30 <"$dev" &
holder=$!
check loomctl hwsim radio del 2
[ -d "/sys/bus/spi/devices/$spi" ] && fail "$spi outlived its chip"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
n=$(radio_count)
[ "$n" = 3 ] || fail "$n radios after deleting the chip, want 3"
check rmmod loom_hwsim
[ -d "/sys/bus/spi/devices/$spi3" ] && fail "$spi3 outlived rmmod"
check rmmod loom
dmesg_clean "$mark"
finish
