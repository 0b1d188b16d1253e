#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The topology is per network namespace: a new netns starts empty while
# the init netns keeps the seed, and loading in one leaves the other alone
# (compared without the generation, which may be a global counter).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

ip=/usr/bin/ip
loom_load
load_seed
before=$(show_json | json_norm)
echo "$before" | grep -qF '"nodes":[]' &&
	fail "seed topology has no nodes; cannot tell namespaces apart"

$ip netns del n1 2>/dev/null
check $ip netns add n1
out=$($ip netns exec n1 loomctl topology show -j) ||
	fail "topology show in netns n1 failed"
echo "$out" | json_norm | grep -qF '"nodes":[]' ||
	fail "new netns is not empty: $out"

check $ip netns exec n1 loomctl topology load "$DATA/seed.json"
[ "$(show_json | json_norm)" = "$before" ] ||
	fail "loading in netns n1 changed the init netns topology"
check $ip netns exec n1 loomctl topology clear
[ "$(show_json | json_norm)" = "$before" ] ||
	fail "clearing netns n1 changed the init netns topology"
check $ip netns del n1
finish
