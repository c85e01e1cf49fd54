#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nftables set-element updates: Pontoon's netlink fast path vs an `nft -i` child vs spawning nft.
# Usage (root): bench/nft.sh [singleN] [spawnN] [batchN]
# Creates its own network namespace (pt-nftbench-PID under a temp dir) and deletes it afterwards.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.NftBench "$@"
