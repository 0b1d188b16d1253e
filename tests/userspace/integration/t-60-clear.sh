#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# clear empties the topology; clearing an empty topology is fine too.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
load_seed
for round in 1 2; do
	check loomctl topology clear
	out=$(show_json)
	echo "$out" | json_norm | grep -qF '"nodes":[]' ||
		fail "round $round: nodes not empty after clear: $out"
done
finish
