#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load and unload the module twice; the kernel log must stay clean.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

mark=$(dmesg_mark)
loom_unload
for round in 1 2; do
	note "round $round"
	check modprobe loom
	loom_loaded || fail "round $round: /sys/module/loom missing after modprobe"
	check rmmod loom
	loom_loaded && fail "round $round: /sys/module/loom still there after rmmod"
done
dmesg_clean "$mark"
finish
