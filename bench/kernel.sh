#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Kernel-layer benchmark: rtnetlink through Pontoon's Rtnl vs spawned iproute2, in a network
# namespace it creates and removes. Needs root. Usage: bench/kernel.sh [iterations] [warm-up]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.KernelBench "$@"
