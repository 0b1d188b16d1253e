#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel checks every loom_hwsim request itself (nlprobe sends what
# loomctl would never send): each bad attribute is refused with an extack
# message that names it, and nothing changes.  Unprivileged changes are
# refused with EPERM; reading works for anyone.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

# Command and attribute numbers from uapi/linux/loom_hwsim.h.
NEW=1 DEL=2 SET=4 EDGE_SET=5 EDGE_DEL=6 MEDIUM_SET=9 RUN=10
RADIO=2 STATE=4 FREQ=5 BW=6 SF=7 CR=8 POWER=9 PREAMBLE=10 POS=12
GEN_LEN=13 FROM=18 TO=19 RSSI=20 LOSS=22 EXPONENT=24 REF_DIST=26
DURATION=31

mark=$(dmesg_mark)
loom_load
hwsim_load radios=2
before=$(hwsim_config)

probe_refused "no radio 99" $SET $RADIO:u32:99 $SF:u8:9
probe_refused "spreading factor 13 is outside 5..12" $SET $RADIO:u32:0 $SF:u8:13
# Nothing half-applied: a good SF with a bad bandwidth changes neither.
probe_refused "bandwidth 1234 Hz" $SET $RADIO:u32:0 $SF:u8:9 $BW:u32:1234
probe_refused "coding rate 4/9" $SET $RADIO:u32:0 $CR:u8:9
probe_refused "frequency 100000000 Hz" $SET $RADIO:u32:0 $FREQ:u32:100000000
probe_refused "transmit power 30 dBm" $SET $RADIO:u32:1 $POWER:s32:30
probe_refused "preamble of 3 symbols" $SET $RADIO:u32:1 $PREAMBLE:u16:3
probe_refused "a radio transmits by sending" $SET $RADIO:u32:1 $STATE:u8:3
probe_refused "generator frames of 300 bytes" $SET $RADIO:u32:1 $GEN_LEN:u16:300
probe_refused "the radio is required" $SET $SF:u8:9
probe_refused "error 22" $SET $RADIO:u32:0 200:u32:1
probe_refused "error 22" $NEW $RADIO:u32:5
probe_refused "error 22" $SET $RADIO:u32:0 $POS:nest:1:u8:1
probe_refused "radio 1 cannot hear itself" $EDGE_SET $FROM:u32:1 $TO:u32:1 $RSSI:s32:-80000
probe_refused "no radio 7" $EDGE_SET $FROM:u32:0 $TO:u32:7 $RSSI:s32:-80000
probe_refused "RSSI -300000 mdBm" $EDGE_SET $FROM:u32:0 $TO:u32:1 $RSSI:s32:-300000
probe_refused "loss 2000000 ppm" $EDGE_SET $FROM:u32:0 $TO:u32:1 $RSSI:s32:-80000 $LOSS:u32:2000000
probe_refused "the RSSI is required" $EDGE_SET $FROM:u32:0 $TO:u32:1
probe_refused "path-loss exponent 0.500" $MEDIUM_SET $EXPONENT:u32:500
probe_refused "reference distance" $MEDIUM_SET $REF_DIST:u32:0
probe_refused "runs on real time" $RUN $DURATION:u64:1000000000
after=$(hwsim_config)
[ "$after" = "$before" ] || fail "a refused request changed something:
before: $before
after:  $after"

# A deleted edge is gone; deleting it again says so.
nlprobe loom_hwsim $EDGE_DEL $FROM:u32:0 $TO:u32:1 >/dev/null ||
	fail "deleting edge 0 -> 1 failed"
probe_refused "no edge 0 -> 1" $EDGE_DEL $FROM:u32:0 $TO:u32:1

# Unprivileged: changes refused, reading allowed.
if runas nlprobe loom_hwsim $NEW >/tmp/probe 2>&1; then
	fail "unprivileged radio add succeeded"
fi
grep -q "error 1" /tmp/probe || fail "unprivileged add: not EPERM: $(cat /tmp/probe)"
runas loomctl hwsim radio list >/dev/null 2>/tmp/err ||
	fail "unprivileged radio list failed: $(cat /tmp/err)"
[ "$(radio_count)" = 2 ] ||
	fail "radio count changed: $(loomctl hwsim radio list)"

hwsim_unload
dmesg_clean "$mark"
finish
