#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# With loom not loaded, the first loomctl request loads it through the
# genetlink family alias (request_module -> /sbin/modprobe).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

loom_unload
loom_loaded && fail "loom still loaded before the test"
out=$(loomctl topology show 2>&1) || fail "loomctl topology show failed"
echo "$out"
loom_loaded || fail "loom was not autoloaded (/sys/module/loom missing)"
finish
