#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host benchmarks of the shared topology code.  "make bench" builds them
# (make -C userspace bench) and runs this; extra arguments go to
# topo_bench (e.g. "-r 101 100 1000 10000").

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$here/topo_bench

# Up to date with kernel/net/topology.c too (a no-op after "make bench").
make -s -C "$here/.." bench

echo "== topology: validation, addresses and slot schedule =="
"$bin" "$@"
