#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Docker plugin: docker run -d and network connect/disconnect with -d pontoon networks vs Docker's built-in
# bridge driver, same dockerd 20.10, in a lab namespace it creates and removes. Needs root.
# Usage: bench/plugin.sh [connect N (100)] [warm-up (10)] [run -d N (50)]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.PluginBench "$@"
