#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the test tiers in order and sums their results ("make test").
#
#   run-all.sh [TIER]...    TIER: userspace kunit integration dts (default all)
#
# Each tier's output is passed through; its last "<tier>: N passed, N
# failed" line is its result.  A tier that prints no such line (it failed
# to build, crashed...) or exits non-zero while claiming no failures counts
# as one failed test.  Last line: "N passed, N failed"; exit 1 on failures.

set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/loomtests.XXXXXX")
trap 'rm -rf "$work"' EXIT

tier_cmd() {
	case "$1" in
	userspace) make -C "$repo" --no-print-directory test-userspace ;;
	kunit) "$repo/tests/kunit/run.sh" ;;
	integration) make -C "$repo" --no-print-directory test-integration ;;
	dts) make -C "$repo" --no-print-directory dts-check ;;
	*) echo "run-all: unknown tier '$1'" >&2; return 2 ;;
	esac
}

tiers=("$@")
[ "${#tiers[@]}" -gt 0 ] || tiers=(userspace kunit integration dts)

total_p=0
total_f=0
summary=()
for tier in "${tiers[@]}"; do
	echo "==== $tier ===="
	t0=$(date +%s)
	tier_cmd "$tier" </dev/null 2>&1 | tee "$work/$tier.log"
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - t0))
	res=$(sed -n "s/^$tier: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1 \2/p" \
		"$work/$tier.log" | tail -n 1)
	if [ -z "$res" ]; then
		p=0 f=1 note=" (no result line; exit $rc)"
	else
		read -r p f <<<"$res"
		note=""
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			f=1 note=" (exit $rc despite no failures)"
		fi
	fi
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	summary+=("$(printf '%-12s %4d passed, %4d failed  %5ds%s' "$tier:" "$p" "$f" "$secs" "$note")")
done

echo "==== summary ===="
printf '%s\n' "${summary[@]}"
echo "$total_p passed, $total_f failed"
[ "$total_f" = 0 ]
