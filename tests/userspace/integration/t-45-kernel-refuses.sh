#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel never trusts loomctl's own check: each data/bad-*.json that
# breaks a topology rule, sent with "load --no-check", must be refused by
# the kernel itself with the same words (extack) and change nothing.
# Files that do not parse never reach the kernel and are skipped here.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_load
load_seed
before=$(show_json)
cd "$DATA" || fail "no $DATA"

n=0
for f in bad-*.json; do
	[ -e "$f" ] || break
	want=$(head -n 1 "${f%.json}.err")
	# "FILE:LINE:COL: message": only rule messages concern the kernel.
	msg=${want#*: }
	case "$msg" in
	"node '"*|config:*) ;;
	*) continue ;;
	esac
	n=$((n + 1))
	expect_refused "kernel refused topology: $msg" "$f" --no-check
done
[ "$n" -gt 0 ] || fail "no rule-breaking bad-*.json files in $DATA"
note "$n files refused by the kernel alone"
finish
