#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Cluster control-plane benchmarks (needs root, etcd 3.4):
#   cost:     etcd keys written, transactions and watch events per endpoint create, 3 -> 5 -> 10 hosts
#             (controllers with cluster agents in one JVM, kernel-free drivers, one real etcd);
#   converge: three daemons in lab hosts + etcd in a fourth; from `run` returning on h1 to h2's
#             control plane listing the address, and (with --ping) to the first echo reply from a
#             container on h2 with the kernel's default ARP settings (--fast-arp: its ARP
#             retransmit time 10 ms, the earlier mode).
# Usage: bench/overlay-ctl.sh [cost [HOSTS,...] [ENDPOINTS] | converge [RUNS] [--ping [--fast-arp]]]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o -pl bench,pontoon-cli -am -DskipTests package
run() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Dpontoon.launcher="$PWD/pontoon-cli/src/main/sh/pontoon" \
    -cp "bench/target/classes:bench/target/lib/*" io.pontoon.bench.overlay.OverlayCtlBench "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
else
  run cost
  run converge 50 --ping
fi
