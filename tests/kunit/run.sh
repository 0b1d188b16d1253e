#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KUnit tier: builds (or reuses) the KASAN/lockdep/kmemleak KUnit kernel,
# builds loom.ko against it, boots it in QEMU, loads the module (its KUnit
# suites run while it loads), unloads it, lets kmemleak scan, and counts
# results from the KTAP in dmesg.  Kernel splats (KASAN, lockdep, WARN,
# BUG, Oops, kmemleak) count as one failed test each.
#
#   tests/kunit/run.sh [--ko "LOOM.KO HWSIM.KO"] [--keep-log DIR]
#     --ko FILES       test these modules instead of building the repo's
#                      (loom.ko first; without loom_hwsim.ko the hwsim
#                      steps fail; sx127x.ko and sx127x_test.ko, when
#                      given, run the driver's suites)
#     --keep-log DIR   keep console.log there (default: build/kunit-logs)
#
# Last line: "kunit: N passed, N failed".  Exit 1 if anything failed.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
harness=$repo/tests/harness
ko=''
logdir=$repo/build/kunit-logs

while [ $# -gt 0 ]; do
	case "$1" in
	# shellcheck disable=SC2086 # a list: "loom.ko loom_hwsim.ko"
	--ko) ko=$(realpath $2 | tr '\n' ' '); shift 2 ;;
	--keep-log) logdir=$2; shift 2 ;;
	*) echo "usage: $0 [--ko FILE] [--keep-log DIR]" >&2; exit 2 ;;
	esac
done

# Anything that stops us before results exist is one failed test, so the
# tier never reports "0 passed, 0 failed".
abort() {
	echo "kunit: ERROR: $*" >&2
	echo "kunit: 0 passed, 1 failed"
	exit 1
}

t0=$(date +%s)
kdir=$("$harness/../kunit/build-kernel.sh") || abort "KUnit kernel build failed"
kver=$(make -s -C "$kdir" kernelrelease) || abort "cannot read kernelrelease"
echo "kunit: kernel $kver ($kdir)"

if [ -z "$ko" ]; then
	make -C "$repo" --no-print-directory kunit-module KUNIT_KDIR="$kdir" ||
		abort "building loom.ko against the KUnit kernel failed"
	ko="$repo/build/kunit/loom.ko $repo/build/kunit/loom_hwsim.ko"
	ko="$ko $repo/build/kunit/sx127x.ko $repo/build/kunit/sx127x_test.ko"
	ko="$ko $repo/build/kunit/loom_sniff.ko"
fi
for k in $ko; do
	[ -f "$k" ] || abort "no module at $k"
done
# shellcheck disable=SC2086 # the first of the list is loom.ko
set -- $ko
modname=$(basename "$1" .ko)

loomctl=$repo/userspace/loomctl/loomctl
data=$repo/tests/userspace/integration/data
[ -x "$loomctl" ] || make -C "$repo" --no-print-directory loomctl >/dev/null ||
	abort "building loomctl failed"
# spichip, for hwsim-chip.sh: static, like the integration tier's helpers.
spichip=$repo/build/spichip
if [ ! -x "$spichip" ] ||
	[ "$repo/tests/userspace/integration/spichip.c" -nt "$spichip" ]; then
	mkdir -p "$repo/build"
	gcc -static -O2 -Wall -Wextra -Werror -I"$repo/uapi" -o "$spichip" \
		"$repo/tests/userspace/integration/spichip.c" ||
		abort "building spichip failed"
fi

mkdir -p "$logdir"
log=$logdir/console.log
rm -f "$log"
work=$(mktemp -d "${TMPDIR:-/tmp}/loomkunit.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A topology large enough to need several LOOM_ATTR_NODES (2185 nodes).
python3 - "$work/big.json" <<'PYEOF'
import json
import sys

def ends(prefix, n):
    return [{"name": "%s-e%d" % (prefix, i), "type": 0} for i in range(n)]

routers = []
for r in range(14):
    subs = [{"name": "r%d-%d" % (r, s), "type": 1, "children": ends("r%d-%d" % (r, s), 10)}
            for s in range(14)]
    routers.append({"name": "r%d" % r, "type": 1, "children": ends("r%d" % r, 1) + subs})
doc = {"config": {"slot_ms": 1, "data_interval_ms": 600000, "data_cycles": 1},
       "root": {"name": "coordinator", "children": routers}}
json.dump(doc, open(sys.argv[1], "w"))
PYEOF

# The payload.  Suites run synchronously inside insmod (6.1 runs them at
# MODULE_STATE_COMING), so insmod returning means they are done.  kmemleak
# ignores objects younger than 5 s, hence the sleep before the scans; the
# scan+clear before insmod keeps boot-time suspects out of our report.
cat >"$work/run.sh" <<EOF
km=/sys/kernel/debug/kmemleak
echo "@@KUNIT START"
if [ -w \$km ]; then echo scan >\$km; echo clear >\$km; fi
echo "loom-kunit: insmod $modname" >/dev/kmsg
insmod /lib/modules/\$(uname -r)/extra/$modname.ko
echo "@@KUNIT insmod rc=\$?"
# The control plane under KASAN, lockdep and kmemleak: each step is one
# test.  The last load stays, so rmmod frees a live topology.
step() {
	name=\$1 want=\$2
	shift 2
	"\$@" >/tmp/step.out 2>&1
	rc=\$?
	good=0
	if [ "\$want" = 0 ]; then [ \$rc = 0 ] && good=1; else [ \$rc != 0 ] && good=1; fi
	if [ \$good = 1 ]; then
		echo "@@KUNIT STEP ok \$name"
	else
		echo "@@KUNIT STEP fail \$name (exit \$rc): \$(head -c 300 /tmp/step.out)"
	fi
}
step netlink-load-seed 0 loomctl topology load /loom/seed.json
step netlink-dump 0 loomctl topology show -j
step netlink-kernel-refuses 1 loomctl topology load --no-check /loom/bad-too-deep.json
step netlink-load-2185-nodes 0 loomctl topology load /loom/big.json
step netlink-dump-2185-nodes 0 loomctl topology show
step netlink-clear 0 loomctl topology clear
step netlink-reload 0 loomctl topology load /loom/seed.json
# loom_hwsim under the same checkers: radios, edges, traffic, churn while
# frames fly, a virtual run, and rmmod with frames in flight.
step hwsim-load 0 insmod /lib/modules/\$(uname -r)/extra/loom_hwsim.ko radios=4
for i in 0 1 2 3; do
	step hwsim-traffic-\$i 0 loomctl hwsim radio set \$i state rx gen 16 gap \$i
done
step hwsim-edge 0 loomctl hwsim edge set 0 3 rssi -100 loss 20 both
step hwsim-position 0 loomctl hwsim position set 2 25 10
step hwsim-bad-edge 1 loomctl hwsim edge set 0 9 rssi -80
for i in 1 2 3 4 5; do
	step hwsim-churn-\$i 0 sh -c 'id=\$(loomctl hwsim radio add state rx gen 8 | cut -d" " -f2) && loomctl hwsim edge set 1 \$id rssi -70 both && loomctl hwsim radio del \$id'
done
step hwsim-list 0 loomctl hwsim radio list
sleep 1
step hwsim-rmmod-in-flight 0 rmmod loom_hwsim
step hwsim-virtual 0 insmod /lib/modules/\$(uname -r)/extra/loom_hwsim.ko radios=3 clock=virtual
for i in 0 1 2; do
	step hwsim-virtual-traffic-\$i 0 loomctl hwsim radio set \$i state rx gen 20 gap 1\$i
done
step hwsim-virtual-run 0 loomctl hwsim run 10s
step hwsim-virtual-rmmod 0 rmmod loom_hwsim
# An emulated SX1276 through spidev (tests/kunit/hwsim-chip.sh), then
# rmmod with a chip bound and listening.
step hwsim-chip-load 0 insmod /lib/modules/\$(uname -r)/extra/loom_hwsim.ko radios=2
step hwsim-chip 0 sh /loom/hwsim-chip.sh
step hwsim-chip-rmmod-bound 0 rmmod loom_hwsim
# The driver against the emulated chips: sx127x_test.ko's suites run
# while it loads (register level, faults, device tree).  Then rmmod of
# the driver with loom_hwsim still loaded, and of loom_hwsim.
x=/lib/modules/\$(uname -r)/extra
if [ -f \$x/sx127x_test.ko ]; then
	step sx127x-load 0 insmod \$x/sx127x.ko
	step sx127x-hwsim-load 0 insmod \$x/loom_hwsim.ko radios=0
	echo "loom-kunit: insmod sx127x_test" >/dev/kmsg
	step sx127x-kunit-load 0 insmod \$x/sx127x_test.ko
	step sx127x-kunit-rmmod 0 rmmod sx127x_test
	step sx127x-rmmod 0 rmmod sx127x
	step sx127x-hwsim-rmmod 0 rmmod loom_hwsim
fi
# The sniffer's suites (radiotap parsing, the table) run as it loads.
if [ -f \$x/loom_sniff.ko ]; then
	echo "loom-kunit: insmod loom_sniff" >/dev/kmsg
	step sniff-kunit-load 0 insmod \$x/loom_sniff.ko
	step sniff-rmmod 0 rmmod loom_sniff
fi
rmmod $modname
echo "@@KUNIT rmmod rc=\$?"
if [ -w \$km ]; then
	sleep 6
	echo scan >\$km
	sleep 1
	echo scan >\$km
fi
# Quiet the console so printk cannot interleave with the dump.
dmesg -n 1
echo "@@KUNIT DMESG BEGIN"
dmesg
echo "@@KUNIT DMESG END"
echo "@@KUNIT KMEMLEAK BEGIN"
[ -r \$km ] && cat \$km
echo "@@KUNIT KMEMLEAK END"
EOF

# loglevel 4: warnings and splats still reach the console live, so a hang
# or crash before the dump leaves evidence in the console tail.
vmrc=0
"$harness/vm.sh" --kernel "$kdir/arch/x86/boot/bzImage" --kver "$kver" \
	--moddir "$kdir" --ko "$ko" --script "$work/run.sh" \
	--bins "$loomctl:/usr/bin/loomctl $spichip:/usr/bin/spichip" \
	--files "$data/seed.json:/loom/seed.json $data/bad-too-deep.json:/loom/bad-too-deep.json $work/big.json:/loom/big.json $repo/tests/kunit/hwsim-chip.sh:/loom/hwsim-chip.sh" \
	--timeout "${LOOM_KUNIT_TIMEOUT:-900}" --log "$log" --loglevel 4 \
	--append "log_buf_len=4M" || vmrc=$?

echo "kunit: kernel, module and VM run took $(($(date +%s) - t0)) s (console log: $log)"
set +e
python3 - "$log" "$vmrc" <<'PYEOF'
import re
import sys

log, vmrc = sys.argv[1], int(sys.argv[2])
lines = open(log, errors="replace").read().splitlines()


def section(name):
    """Lines between @@KUNIT <name> BEGIN/END, or None if incomplete."""
    out, inside = [], False
    for ln in lines:
        if ln.endswith("@@KUNIT %s BEGIN" % name):
            out, inside = [], True
        elif ln.endswith("@@KUNIT %s END" % name) and inside:
            return out
        elif inside:
            out.append(ln)
    return None


failures = []   # (name, [diagnostic lines])
passed = skipped = 0

dmesg = section("DMESG")
kmemleak = section("KMEMLEAK") or []
if dmesg is None:
    failures.append(("vm", ["VM did not finish the run (vm.sh exit %d); "
                            "see the console tail above" % vmrc]))
    dmesg = lines   # still look for splats in what the console caught

steps_ok = [ln for ln in lines if "@@KUNIT STEP ok " in ln]
steps_bad = [ln for ln in lines if "@@KUNIT STEP fail " in ln]
passed += len(steps_ok)
for ln in steps_bad:
    failures.append((ln.split("@@KUNIT STEP fail ", 1)[1].split(" ", 1)[0],
                     [ln.split("@@KUNIT ", 1)[1]]))
if not steps_ok and not steps_bad:
    failures.append(("netlink steps", ["no control-plane step reported"]))

for what in ("insmod", "rmmod"):
    m = [ln for ln in lines if "@@KUNIT %s rc=" % what in ln]
    if m and not m[-1].endswith("rc=0"):
        failures.append((what, [m[-1].split("@@KUNIT ", 1)[1]]))

ts = re.compile(r"^\[\s*\d+\.\d+\] ?")
res = re.compile(r"^(\s*)(ok|not ok) (\d+)(?: (.*?))?(?:\s+#\s*(SKIP|TODO)\b(.*))?$")
hdr = re.compile(r"^\s*(KTAP version \d+|TAP version \d+|1\.\.\d+|# Subtest: .*)$")

# KTAP: a result is a leaf unless results at a deeper indent came after
# the previous result at its own (or a shallower) indent; parameterised
# cases thus count once per parameter, suites not at all.
text = [ts.sub("", ln) for ln in dmesg]
stack = []      # names of open subtests, by indent (for readable names)
diag = []       # lines since the previous result: a failure's diagnostics
deeper = {}     # indent -> a deeper result was seen since the last at it
saw_ktap = False
for ln in text:
    m = res.match(ln)
    if not m:
        h = re.match(r"^(\s*)# Subtest: (.*)$", ln)
        if h:
            saw_ktap = True
            ind = len(h.group(1))
            stack = [s for s in stack if s[0] < ind] + [(ind, h.group(2))]
        elif ln.strip() and not hdr.match(ln):
            diag.append(ln)
        continue
    saw_ktap = True
    ind = len(m.group(1).expandtabs())
    leaf = not deeper.get(ind, False)
    for i in list(deeper):
        if i >= ind:
            deeper[i] = False
    for i in range(0, ind):
        deeper[i] = True
    name = (m.group(4) or "").strip()
    parents = [s[1] for s in stack if s[0] <= ind]
    full = ".".join(parents + [name])
    stack = [s for s in stack if s[0] <= ind]
    if leaf:
        if m.group(5) == "SKIP":
            skipped += 1
        elif m.group(2) == "ok":
            passed += 1
        else:
            # KUnit's own diagnostics are indented like the case; splats
            # in between are reported on their own below.
            own = [d for d in diag if d.startswith("    ")]
            failures.append((full, (own or diag)[-30:]))
    diag = []

if not saw_ktap:
    failures.append(("ktap", ["no KTAP output from the module's suites"]))

# Kernel splats: one failed test each (first matching pattern per line).
splats = [
    "BUG: KASAN",
    "WARNING: possible circular locking",
    "BUG: sleeping function called from invalid context",
    "BUG:",
    "WARNING:",
    "Oops",
]
for i, ln in enumerate(text):
    for p in splats:
        if p in ln:
            failures.append(("dmesg: " + ln.strip()[:100], text[i:i + 25]))
            break
for i, ln in enumerate(kmemleak):
    if "unreferenced object" in ln:
        failures.append(("kmemleak: " + ln.strip(), kmemleak[i:i + 20]))

for name, d in failures:
    print("FAIL %s" % name)
    for ln in d:
        print("    | " + ln)
if skipped:
    print("kunit: %d skipped" % skipped)
print("kunit: %d passed, %d failed" % (passed, len(failures)))
sys.exit(1 if failures else 0)
PYEOF
rc=$?
set -e
exit "$rc"
