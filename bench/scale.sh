#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Attach latency with 1,000 endpoints present vs none (same Pontoon daemon, same run), in a lab namespace it
# creates and removes. Needs root. Usage: bench/scale.sh [N (100)] [warm-up (10)] [endpoints (1000)] [networks (10)]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.ScaleBench "$@"
