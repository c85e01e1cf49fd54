#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# TCP throughput between containers on two lab hosts over Pontoon's VXLAN overlay vs between the
# two hosts on the underlay: iperf3, alternating, medians and their ratio (target >= 0.85).
# Usage (root): bench/overlay.sh [runs] [seconds]   (defaults 3 and 5). Needs iperf3.
# Builds its own lab (namespaces pt-lab-PID...) and removes it, with its sandboxes, afterwards.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o -pl bench -am -DskipTests -Dprivileged.skip=true compile
CP=bench/target/classes
for m in pontoon-kernel pontoon-api pontoon-core pontoon-testkit; do CP="$CP:$m/target/classes"; done
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.pontoon.bench.OverlayBench "$@"
