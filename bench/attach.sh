#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Attach/detach and run -d latency: Pontoon (REST API, CLI) vs dockerd's built-in bridge driver (Engine API,
# docker CLI), in lab namespaces it creates and removes. Needs root, dockerd 20.10, busybox-static.
# Usage: bench/attach.sh [attach N (100)] [warm-up (10)] [run -d N (50)]
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
run_main io.pontoon.bench.AttachBench "$@"
