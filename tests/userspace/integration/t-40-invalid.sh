#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every data/bad-*.json must be refused: non-zero exit, the message from
# bad-*.err (one line, a substring of stderr), and no change at all to the
# loaded topology.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
load_seed
before=$(show_json)
cd "$DATA" || fail "no $DATA"

n=0
for f in bad-*.json; do
	[ -e "$f" ] || break
	n=$((n + 1))
	errf=${f%.json}.err
	if [ ! -f "$errf" ]; then
		fail "$f: no $errf"
		continue
	fi
	expect_refused "$(head -n 1 "$errf")" "$f"
done
[ "$n" -gt 0 ] || fail "no bad-*.json files in $DATA"
note "$n invalid files checked"
finish
