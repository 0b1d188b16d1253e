#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# loom-node, the commands of the systemd unit loom@.service, on the real
# loomctl and kernel (h-18-systemd checks them against a fake loomctl):
# the seed's coordinator on a loom_hwsim radio from its /etc/loom file
# (topology loaded by the file's TOPOLOGY), stopped with its state saved,
# started again from that state and in sync at once; a state the kernel
# refuses (seed.json's period, not seed-fast.json's) kept aside and the
# node started plainly; a mesh node with its beacon interval; clean dmesg.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

CONFIGURATION_DIRECTORY=/tmp/etc/loom
STATE_DIRECTORY=/tmp/var/lib/loom
export CONFIGURATION_DIRECTORY STATE_DIRECTORY
mkdir -p "$CONFIGURATION_DIRECTORY" "$STATE_DIRECTORY"
state=$STATE_DIRECTORY/coord.state

# node_field NAME KEY: a field of "loomctl node show NAME -j".
node_field() {
	loomctl node show "$1" -j | sed -n "s/.*\"$2\":\([a-z0-9]*\).*/\1/p"
}
coord_synced() { [ "$(node_field BillyTheCoord synced)" = true ]; }
running() { loomctl node list -j | grep -q "\"name\":\"$1\""; }

mark=$(dmesg_mark)
seed_radios

cat >"$CONFIGURATION_DIRECTORY/coord.conf" <<EOF
# the seed's coordinator
PROTOCOL=tree
NODE="BillyTheCoord"
RADIO=hwsim0
TOPOLOGY=$DATA/seed-fast.json
EOF
loom-node start coord 2>/tmp/err || fail "start: $(cat /tmp/err)"
grep -q "^loom-node: coord: + loomctl node start BillyTheCoord radio hwsim0$" /tmp/err ||
	fail "a start without a state did not use node start: $(cat /tmp/err)"
running BillyTheCoord || fail "the coordinator does not run"
wait_for 10 coord_synced || fail "the coordinator is not in sync"

loom-node stop coord 2>/tmp/err || fail "stop: $(cat /tmp/err)"
running BillyTheCoord && fail "stop left the coordinator running"
[ -s "$state" ] || fail "stop saved no state: $(cat /tmp/err)"
[ -e "$state.tmp" ] && fail "stop left $state.tmp"
note "state: $(cat "$state")"

loom-node start coord 2>/tmp/err || fail "start from the state: $(cat /tmp/err)"
grep -q "+ loomctl state restore BillyTheCoord radio hwsim0 $state" /tmp/err ||
	fail "the saved state was not restored: $(cat /tmp/err)"
grep -q "+ loomctl node start" /tmp/err && fail "restored, then started again: $(cat /tmp/err)"
# In sync at once: the restore carried the timing.
coord_synced || fail "the restored coordinator is not in sync at once"
loom-node stop coord 2>/tmp/err || fail "second stop: $(cat /tmp/err)"

# The same state under the seed's default timing (seed.json: another
# period): the kernel refuses it (ESTALE), the state is kept aside and
# the node starts plainly.
loom-node start coord 2>/tmp/err || fail "start: $(cat /tmp/err)"
loom-node stop coord 2>/tmp/err || fail "stop: $(cat /tmp/err)"
sed "s|^TOPOLOGY=.*|TOPOLOGY=$DATA/seed.json|" "$CONFIGURATION_DIRECTORY/coord.conf" >/tmp/c
mv /tmp/c "$CONFIGURATION_DIRECTORY/coord.conf"
loom-node start coord 2>/tmp/err || fail "start under seed.json: $(cat /tmp/err)"
grep -q "refused $state; kept as $state.refused" /tmp/err ||
	fail "a state of another period was not refused: $(cat /tmp/err)"
[ -f "$state.refused" ] || fail "the refused state was not kept aside"
grep -q "+ loomctl node start BillyTheCoord radio hwsim0" /tmp/err ||
	fail "no plain start after the refusal: $(cat /tmp/err)"
running BillyTheCoord || fail "the coordinator does not run after the refusal"
loom-node stop coord 2>/tmp/err || fail "stop: $(cat /tmp/err)"

# A mesh node from its file.
printf 'PROTOCOL=mesh\nRADIO=hwsim1\nBEACON=5000\nDUTY=off\n' \
	>"$CONFIGURATION_DIRECTORY/mesh1.conf"
loom-node start mesh1 2>/tmp/err || fail "mesh start: $(cat /tmp/err)"
loomctl mesh show mesh1 -j | grep -q '"beacon_ms":5000' ||
	fail "mesh1: $(loomctl mesh show mesh1 -j 2>&1)"
loom-node stop mesh1 2>/tmp/err || fail "mesh stop: $(cat /tmp/err)"
loomctl mesh show mesh1 >/dev/null 2>&1 && fail "mesh1 still runs"
[ -e "$STATE_DIRECTORY/mesh1.state" ] && fail "a mesh node saved a state"

hwsim_unload
loom_unload
dmesg_clean "$mark"
finish
