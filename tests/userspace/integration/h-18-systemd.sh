#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side: the systemd unit loom@.service and loom-node, as "make
# install" puts them (a DESTDIR), without systemd running:
#  - "systemd-analyze verify" (when this host has it) accepts the
#    installed unit, its command and its man pages in that root, and
#    complains about a broken copy;
#  - the unit's ExecStart and ExecStop lines, run as systemd would (%i
#    replaced, CONFIGURATION_DIRECTORY and STATE_DIRECTORY set) with a fake
#    loomctl and modprobe on PATH that record their arguments, run exactly
#    the commands Documentation/gateway.rst gives: a tree node started
#    plainly, its state saved on stop and restored on the next start, a
#    refused state kept aside and the node started plainly, a state that
#    cannot be saved removed; a mesh node on two radios with its options,
#    its interface attached and detached; a radio that appears late waited
#    for, one that never does refused after RADIO_WAIT;
#  - every bad configuration is refused with FILE:LINE and the key, before
#    anything runs; a value is never run by a shell;
#  - "loom-node check" prints the plan and runs nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
cd "$(dirname "$0")" && . ./lib.sh

repo=$(cd ../../.. && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loomsystemd.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

root=$tmp/root
make -s --no-print-directory -C "$repo" install DESTDIR="$root" >"$tmp/out" 2>&1 ||
	{ fail "make install DESTDIR= failed: $(tail -n 20 "$tmp/out")"; finish; }
unit=$root/usr/local/lib/systemd/system/loom@.service
node_bin=$root/usr/local/sbin/loom-node
[ -f "$unit" ] || { fail "make install put no loom@.service in /usr/local/lib/systemd/system"; finish; }
[ -x "$node_bin" ] || { fail "make install put no executable loom-node in /usr/local/sbin"; finish; }

# ---- systemd-analyze verify ---------------------------------------------
if command -v systemd-analyze >/dev/null; then
	# The root gets this host's own units (sysinit.target, network.target
	# ...), which the unit's default dependencies name; man looks in the
	# root's man pages for Documentation=.
	mkdir -p "$root/usr/lib/systemd"
	cp -a /lib/systemd/system "$root/usr/lib/systemd/"
	verify() {
		MANPATH=$root/usr/local/share/man systemd-analyze verify \
			--root="$root" "$1" >"$tmp/verify" 2>&1
	}
	verify loom@gw.service || fail "systemd-analyze verify refused the unit: $(cat "$tmp/verify")"
	[ ! -s "$tmp/verify" ] || fail "systemd-analyze verify complains: $(cat "$tmp/verify")"
	# A broken copy must be noticed: a misspelt key and a missing command.
	bunit=$root/usr/local/lib/systemd/system/loombroken@.service
	sed 's/^RemainAfterExit=/RemainAfterExt=/; s/^ExecStop=loom-node/ExecStop=loom-nod/' \
		"$unit" >"$bunit"
	verify loombroken@gw.service
	if ! grep -q "Unknown key 'RemainAfterExt'" "$tmp/verify" ||
		! grep -q "Command loom-nod is not executable" "$tmp/verify"; then
		fail "systemd-analyze verify passed a broken unit: $(cat "$tmp/verify")"
	fi
	rm -f "$bunit"
else
	note "no systemd-analyze on this host (package systemd): the unit is not verified"
fi

# ---- the unit as Documentation/gateway.rst gives it ----------------------
key() { sed -n "s/^$1=//p" "$unit"; }
for kv in "Type=oneshot" "RemainAfterExit=yes" "ConfigurationDirectory=loom" \
	"StateDirectory=loom" "ExecStart=loom-node start %i" "ExecStop=loom-node stop %i"; do
	[ "$(key "${kv%%=*}")" = "${kv#*=}" ] ||
		fail "unit: ${kv%%=*}=$(key "${kv%%=*}" | tr '\n' ' '), not ${kv#*=}"
	grep -qxF "    $kv" "$repo/Documentation/gateway.rst" ||
		fail "Documentation/gateway.rst does not show the unit's $kv"
done

# ---- fakes: loomctl and modprobe that record their arguments ------------
fake=$tmp/fake
etc=$tmp/etc/loom
var=$tmp/var/lib/loom
mkdir -p "$fake" "$etc" "$var"
export FAKE_LOG=$tmp/calls FAKE_DIR=$tmp/fakestate
mkdir -p "$FAKE_DIR"
cat >"$fake/loomctl" <<'EOF'
#!/bin/bash
# One line per call, the arguments joined by '|'; "radio list" polls, so
# it is answered but not recorded.
set -u
if [ "${1:-} ${2:-}" = "radio list" ]; then
	n=$(($(cat "$FAKE_DIR/lists" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$FAKE_DIR/lists"
	echo "RADIO    KIND    NODE  LINK  FRAME"
	for r in ${FAKE_RADIOS:-} $(cat "$FAKE_DIR/attached" 2>/dev/null); do
		echo "$r  sx127x  -  up  255"
	done
	# FAKE_LATE appears at the FAKE_LATE_AT-th list.
	[ -z "${FAKE_LATE:-}" ] || [ "$n" -lt "${FAKE_LATE_AT:-1}" ] ||
		echo "$FAKE_LATE  sx127x  -  up  255"
	exit 0
fi
(IFS='|'; echo "loomctl|$*") >>"$FAKE_LOG"
case "${1:-} ${2:-}" in
"radio add") echo "$3" >>"$FAKE_DIR/attached" ;;
"state save")
	[ -z "${FAKE_SAVE_FAIL:-}" ] ||
		{ echo "loomctl: state save: Network is unreachable: not in sync" >&2; exit 1; }
	echo "{\"saved\": \"$3\"}" >"$4"
	;;
"state restore")
	[ -z "${FAKE_RESTORE_FAIL:-}" ] ||
		{ echo "loomctl: state restore: Stale file handle: another period" >&2; exit 1; }
	;;
"node start")
	[ -z "${FAKE_START_FAIL:-}" ] ||
		{ echo "loomctl: node start: No such file or directory: no such node" >&2; exit 1; }
	;;
esac
exit 0
EOF
cat >"$fake/modprobe" <<'EOF'
#!/bin/bash
(IFS='|'; echo "modprobe|$*") >>"$FAKE_LOG"
EOF
chmod +x "$fake/loomctl" "$fake/modprobe"

# unit ACTION INSTANCE: the unit's ExecStart (start) or ExecStop (stop)
# line run as systemd runs it: %i replaced, split into words, the command
# looked up on the path (the installed sbin, after the fakes), the
# directories systemd sets from ConfigurationDirectory= and
# StateDirectory=.  Output in $tmp/err, calls in $FAKE_LOG (emptied first).
unit() {
	local line argv rc=0
	case "$1" in start) line=$(key ExecStart) ;; *) line=$(key ExecStop) ;; esac
	read -r -a argv <<<"${line//%i/$2}"
	: >"$FAKE_LOG"
	rm -f "$FAKE_DIR/lists"
	env PATH="$fake:$root/usr/local/sbin:/usr/bin:/bin" \
		CONFIGURATION_DIRECTORY="$etc" STATE_DIRECTORY="$var" \
		"${argv[@]}" >"$tmp/err" 2>&1 || rc=$?
	return "$rc"
}

# calls WHAT EXPECTED: the recorded calls are EXPECTED, exactly.
calls() {
	[ "$(cat "$FAKE_LOG")" = "$2" ] && return 0
	fail "$1: expected the calls"
	echo "$2"
	echo "# got"
	cat "$FAKE_LOG"
	echo "# its messages"
	cat "$tmp/err"
}

# ---- a tree node: start, stop (state saved), start (state restored) -------
cp "$repo/userspace/systemd/examples/router1.conf" "$etc/"
echo '{"fake": "topology"}' >"$etc/network.json"
export FAKE_RADIOS=sx127x0
unit start router1 || fail "tree start failed: $(cat "$tmp/err")"
calls "tree start without a state" "modprobe|-a|loom|sx127x
loomctl|topology|load|$etc/network.json
loomctl|node|start|Router 1|radio|sx127x0"
grep -qF "+ loomctl node start Router 1 radio sx127x0" "$tmp/err" ||
	fail "start does not show what it runs: $(cat "$tmp/err")"

unit stop router1 || fail "tree stop failed: $(cat "$tmp/err")"
calls "tree stop" "loomctl|state|save|Router 1|$var/router1.state.tmp
loomctl|node|stop|Router 1"
[ "$(cat "$var/router1.state" 2>/dev/null)" = '{"saved": "Router 1"}' ] ||
	fail "stop left no state in $var/router1.state: $(ls -A "$var")"
[ ! -e "$var/router1.state.tmp" ] || fail "stop left router1.state.tmp"

unit start router1 || fail "tree start with a state failed: $(cat "$tmp/err")"
calls "tree start with a saved state" "modprobe|-a|loom|sx127x
loomctl|topology|load|$etc/network.json
loomctl|state|restore|Router 1|radio|sx127x0|$var/router1.state"

FAKE_RESTORE_FAIL=1 unit start router1 || fail "start after a refused state failed: $(cat "$tmp/err")"
calls "tree start, state refused" "modprobe|-a|loom|sx127x
loomctl|topology|load|$etc/network.json
loomctl|state|restore|Router 1|radio|sx127x0|$var/router1.state
loomctl|node|start|Router 1|radio|sx127x0"
if [ ! -f "$var/router1.state.refused" ] || [ -e "$var/router1.state" ]; then
	fail "a refused state is not kept aside: $(ls -A "$var")"
fi
grep -q "refused $var/router1.state; kept as $var/router1.state.refused" "$tmp/err" ||
	fail "no word of the refused state: $(cat "$tmp/err")"

echo old >"$var/router1.state"
FAKE_SAVE_FAIL=1 unit stop router1 || fail "stop with no state to save failed: $(cat "$tmp/err")"
calls "tree stop, nothing to save" "loomctl|state|save|Router 1|$var/router1.state.tmp
loomctl|node|stop|Router 1"
[ ! -e "$var/router1.state" ] || fail "an old state outlived a failed save"
grep -q "no state saved" "$tmp/err" || fail "no word of the unsaved state: $(cat "$tmp/err")"

FAKE_START_FAIL=1 unit start router1 && fail "start succeeded though node start failed"
grep -q "node start failed" "$tmp/err" || fail "a failed node start: $(cat "$tmp/err")"

# ---- a mesh node on two radios, an interface attached -----------------------
cp "$repo/userspace/systemd/examples/gw.conf" "$etc/"
unit start gw || fail "mesh start failed: $(cat "$tmp/err")"
calls "mesh start" "modprobe|-a|loom|sx127x
loomctl|radio|add|wlan0|rate|54000
loomctl|mesh|start|gw|radio|sx127x0|radio|wlan0|beacon|5000|policy|hops|duty|1"
unit stop gw || fail "mesh stop failed: $(cat "$tmp/err")"
calls "mesh stop" "loomctl|mesh|stop|gw
loomctl|radio|del|wlan0"
[ ! -e "$var/gw.state" ] || fail "a mesh node saved a state"

# ---- radios that come late, or never -----------------------------------------
printf 'PROTOCOL=mesh\nRADIO="hwsim0 sx127x1"\n' >"$etc/late.conf"
FAKE_RADIOS=hwsim0 FAKE_LATE=sx127x1 FAKE_LATE_AT=3 unit start late ||
	fail "a radio listed at the third look was not waited for: $(cat "$tmp/err")"
calls "late radio" "modprobe|-a|loom|loom_hwsim|sx127x
loomctl|mesh|start|late|radio|hwsim0|radio|sx127x1"
printf 'PROTOCOL=mesh\nRADIO=sx127x1\nRADIO_WAIT=1\n' >"$etc/never.conf"
unit start never && fail "start went on without its radio"
calls "a radio that never comes" "modprobe|-a|loom|sx127x"
grep -q "no radio sx127x1 after 1 s" "$tmp/err" || fail "missing radio: $(cat "$tmp/err")"

# ---- loom-node check --------------------------------------------------------
: >"$FAKE_LOG"
env CONFIGURATION_DIRECTORY="$etc" STATE_DIRECTORY="$var" PATH="$fake:$PATH" \
	"$node_bin" check router1 >"$tmp/err" 2>&1 || fail "check failed: $(cat "$tmp/err")"
[ ! -s "$FAKE_LOG" ] || fail "check ran: $(cat "$FAKE_LOG")"
for w in "+ modprobe -a loom sx127x" "+ loomctl topology load $etc/network.json" \
	"+ loomctl state restore Router 1 radio sx127x0 $var/router1.state" \
	"+ loomctl node start Router 1 radio sx127x0" "+ loomctl node stop Router 1"; do
	grep -qF -- "$w" "$tmp/err" || fail "check does not show '$w': $(cat "$tmp/err")"
done

# ---- bad configurations: FILE:LINE: KEY, and nothing run ---------------------
# bad_conf CONTENT MESSAGE: a file of CONTENT is refused with MESSAGE.
bad_conf() {
	printf '%b' "$1" >"$etc/bad.conf"
	unit start bad && fail "accepted: $1"
	grep -qF -- "$2" "$tmp/err" || fail "'$1': expected '$2', got: $(cat "$tmp/err")"
	[ ! -s "$FAKE_LOG" ] || fail "'$1': ran $(cat "$FAKE_LOG")"
}
bad_conf 'PROTOCOL=tree\nRADOI=sx127x0\n' "$etc/bad.conf:2: unknown key RADOI"
bad_conf 'PROTOCOL=tree\nRADIO=a\n# c\nRADIO=b\n' "$etc/bad.conf:4: RADIO given twice (first on line 2)"
bad_conf 'PROTOCOL=star\nRADIO=a\n' "$etc/bad.conf:1: PROTOCOL: 'star': tree or mesh"
bad_conf 'RADIO=a\n' "$etc/bad.conf: PROTOCOL missing"
bad_conf 'PROTOCOL=mesh\n' "$etc/bad.conf: RADIO missing"
bad_conf 'PROTOCOL=tree\nRADIO=a\nBEACON=500\n' "$etc/bad.conf:3: BEACON: a mesh option; PROTOCOL is tree"
bad_conf 'PROTOCOL=mesh\nRADIO=a\nTOPOLOGY=t.json\n' "$etc/bad.conf:3: TOPOLOGY: a tree option"
bad_conf 'PROTOCOL=tree\nNODE=Router 1\nRADIO=a\n' "$etc/bad.conf:2: NODE: quote a value with spaces"
bad_conf 'PROTOCOL=tree\nRADIO=a\nTOPOLOGY=none.json\n' "$etc/bad.conf:3: TOPOLOGY: no file $etc/none.json"
bad_conf 'PROTOCOL=tree\nRADIO="a b"\n' "$etc/bad.conf:2: RADIO: 2 names; at most 1"
bad_conf 'PROTOCOL=mesh\nRADIO="a b c d e"\n' "$etc/bad.conf:2: RADIO: 5 names; at most 4"
bad_conf 'PROTOCOL=mesh\nRADIO=a\nINTERFACE=wlan0\n' "$etc/bad.conf:3: INTERFACE: wlan0 is attached as a radio but not in RADIO"
bad_conf 'PROTOCOL=mesh\nRADIO=a\nRATE=54000\n' "$etc/bad.conf:3: RATE: only for an INTERFACE"
bad_conf 'PROTOCOL=mesh\nRADIO=a\nPOLICY=fast\n' "$etc/bad.conf:3: POLICY: 'fast': hops or delay"
bad_conf 'PROTOCOL=mesh\nRADIO=a\nDUTY=1%\n' "$etc/bad.conf:3: DUTY: '1%': a percentage or off"
bad_conf 'PROTOCOL=mesh\nRADIO=*\n' "$etc/bad.conf:2: RADIO: '*' is not a valid name"
bad_conf 'PROTOCOL tree\n' "$etc/bad.conf:1: expected KEY=VALUE"
: >"$FAKE_LOG"
unit start nosuch && fail "started without a configuration file"
grep -qF "no $etc/nosuch.conf" "$tmp/err" || fail "no configuration file: $(cat "$tmp/err")"
[ ! -s "$FAKE_LOG" ] || fail "ran without a configuration file: $(cat "$FAKE_LOG")"

# A quoted value is taken as written, never run by a shell.
printf "PROTOCOL=mesh\nNODE=\"\$(touch %s/ran)\"\nRADIO=sx127x0\n" "$tmp" >"$etc/quoted.conf"
unit start quoted || fail "a quoted odd name was refused: $(cat "$tmp/err")"
[ ! -e "$tmp/ran" ] || fail "a value of the file was run by a shell"
calls "a quoted value" "modprobe|-a|loom|sx127x
loomctl|mesh|start|\$(touch $tmp/ran)|radio|sx127x0"
finish
