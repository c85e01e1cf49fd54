#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# TCP throughput (iperf3) through a published port vs straight to the container: Pontoon sandbox and dockerd
# container (userland proxy), in lab namespaces it creates and removes. Needs root, iperf3, dockerd 20.10.
# Usage: bench/iperf.sh [seconds per run (5)] [repetitions (3)]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.ThroughputBench "$@"
