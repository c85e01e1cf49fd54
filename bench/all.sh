#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark once, in sequence, and rewrites the results section of docs/benchmarks.md (between
# the markers "<!-- bench:results:begin -->" and "<!-- bench:results:end -->"; the text around them is kept).
# Needs root, dockerd 20.10, iperf3, busybox-static, nft, ip. Takes about ten minutes.
# Usage: bench/all.sh        (each bench script with its default arguments, written out below)
# The machine may be shared: before each section it waits (up to BENCH_LOAD_WAIT seconds, default 600) for the
# 1-minute load average to fall below BENCH_MAX_LOAD (default 3; 0 = do not wait). The doc notes the load anyway.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build
export BENCH_SKIP_BUILD=1
out=$(mktemp -d /tmp/pt-bench-all.XXXXXX)
trap 'rm -rf "$out"' EXIT
doc=docs/benchmarks.md

load() { cut -d' ' -f1-3 /proc/loadavg; }

# calm: waits while the 1-minute load average is at or above BENCH_MAX_LOAD, at most BENCH_LOAD_WAIT seconds.
calm() {
    max=${BENCH_MAX_LOAD:-3}
    waited=0
    while [ "$max" != 0 ] && [ "$waited" -lt "${BENCH_LOAD_WAIT:-600}" ] \
        && awk -v m="$max" '{ exit !($1 >= m) }' /proc/loadavg; do
        sleep 10
        waited=$((waited + 10))
    done
}

# section TITLE COMMAND...: runs COMMAND, appends its markdown with the command, date and load to results.md.
section() {
    title=$1
    shift
    calm
    echo "== $* (load $(load))" >&2
    started=$(date -u '+%Y-%m-%d %H:%M UTC')
    before=$(load)
    if ! "$@" >"$out/stdout" 2>"$out/stderr"; then
        echo "FAILED: $*" >&2
        cat "$out/stdout" "$out/stderr" >&2
        exit 1
    fi
    {
        printf '### %s\n\n' "$title"
        printf 'Command: `%s` (from `bench/all.sh`), started %s; load average (1/5/15 min) %s before, %s after.\n\n' \
            "$*" "$started" "$before" "$(load)"
        sed -e '/^WARNING: /d' "$out/stdout"
        printf '\n'
    } >>"$out/results.md"
}

{
    printf 'Run of %s on %s vCPU (%s), kernel %s, %s MiB RAM, Temurin %s; the machine was shared with other\n' \
        "$(date -u '+%Y-%m-%d')" "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
        "$(uname -r)" "$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)" \
        "$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
    printf 'builds, so the load average is noted for each section.\n\n'
} >"$out/results.md"

section "1. Attach/detach and run -d: Pontoon vs Docker's bridge driver" bench/attach.sh 100 10 50
section "2. Attach with 1,000 endpoints present vs none" bench/scale.sh 100 10 1000 10
section "3. TCP throughput through a published port (iperf3)" bench/iperf.sh 5 3
section "4. Docker plugin: -d pontoon vs the built-in bridge driver" bench/plugin.sh 100 10 50
section "5a. Kernel layer: rtnetlink through Rtnl vs spawned ip" bench/kernel.sh 200 20
section "5b. nftables set elements: netlink fast path vs nft" bench/nft.sh 2000 100 20

if ! grep -q '<!-- bench:results:begin -->' "$doc" 2>/dev/null; then
    printf '# Benchmarks\n\n<!-- bench:results:begin -->\n<!-- bench:results:end -->\n' >"$doc"
fi
awk -v f="$out/results.md" '
    /<!-- bench:results:begin -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
    /<!-- bench:results:end -->/ { skip = 0 }
    !skip { print }
' "$doc" >"$out/doc.md"
cp "$out/doc.md" "$doc"
echo "wrote $doc" >&2
