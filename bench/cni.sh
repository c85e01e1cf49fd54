#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CNI benchmark: pontoon-cni (with its AOT cache) and pontoon-cni-fast (curl front end) vs Podman's default reference-plugin chain
# (bridge + host-local, portmap, firewall, tuning from /usr/lib/cni), ADD/DEL per pod with one port
# mapping, and 50 concurrent ADDs. Needs root. Usage: bench/cni.sh [iterations 30] [warm-up 5] [concurrent 50]
# Runs everything (daemon, plugins, their bridges and iptables rules) in a network namespace it
# creates (ptcnib-PID) and deletes afterwards; container namespaces are ptcnib-PID-K.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B -o -pl pontoon-cli,pontoon-daemon,bench -am -DskipTests package
pontoon-cli/src/main/sh/build-cni-aot 2>/dev/null
echo
ns=ptcnib-$$
ip netns add "$ns"
cleanup() {
    for n in $(ip netns list | awk '{print $1}' | grep "^$ns-" || true); do ip netns del "$n"; done
    ip netns del "$ns"
}
trap cleanup EXIT
nsenter --net="/run/netns/$ns" -- "$JAVA_HOME/bin/java" -Dpontoon.bench.netns="/run/netns/$ns" -cp bench/target/classes io.pontoon.bench.CniBench "$@"
