#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nftables set-element updates: Pontoon's netlink fast path vs an `nft -i` child vs spawning nft.
# Usage (root): bench/nft.sh [singleN] [spawnN] [batchN]
# Creates its own network namespace (pt-nftbench-PID under a temp dir) and deletes it afterwards.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o -pl bench -am compile
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp bench/target/classes:pontoon-kernel/target/classes io.pontoon.bench.NftBench "$@"
