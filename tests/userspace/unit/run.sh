#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The userspace test tier: builds loomctl and its unit tests, runs them
# (no kernel module needed) and ends with "userspace: N passed, N failed".
# Arguments select cases by substring, e.g. "run.sh json_ data:".

set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=$top/build/userspace-unit

if ! make -s -C "$top/userspace" || ! make -s -C "$here" OUT="$out"; then
	echo "userspace: build failed" >&2
	echo "userspace: 0 passed, 1 failed"
	exit 1
fi

exec "$out/test_loomctl" --loomctl "$top/userspace/loomctl/loomctl" \
	--data "$top/tests/userspace/integration/data" "$@"
