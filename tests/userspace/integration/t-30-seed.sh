#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load the seed topology; "show -j" must match data/seed-show.json (bar
# the generation) and "show" must contain data/seed-show.txt, if present.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
[ -f "$DATA/seed.json" ] || fail "missing $DATA/seed.json"
[ -f "$DATA/seed-show.json" ] || fail "missing $DATA/seed-show.json"
load_seed

got=$(show_json)
if [ "$(echo "$got" | json_norm)" != "$(json_norm <"$DATA/seed-show.json")" ]; then
	fail "topology show -j differs from seed-show.json"
	echo "got:      $got"
	echo "expected: $(cat "$DATA/seed-show.json")"
fi

if [ -f "$DATA/seed-show.txt" ]; then
	table=$(loomctl topology show) || fail "loomctl topology show failed"
	# Each expected line must appear as a whole line; the generation
	# differs between runs, so lines naming it are not compared.
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		case "$line" in *[Gg]eneration*) continue ;; esac
		echo "$table" | grep -qxF -- "$line" ||
			fail "table lacks the line: $line"
	done <"$DATA/seed-show.txt"
	! has_failed || echo "$table"
else
	note "no seed-show.txt: table output not compared"
fi
finish
