#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Kernel-layer benchmark: rtnetlink through Pontoon's Rtnl vs spawned iproute2, in a network
# namespace it creates and removes. Needs root. Usage: bench/kernel.sh [iterations] [warm-up]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o -pl bench -am -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "bench/target/classes:pontoon-kernel/target/classes" io.pontoon.bench.KernelBench "$@"
