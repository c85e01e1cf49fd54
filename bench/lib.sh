# SPDX-License-Identifier: Apache-2.0
# Shared by bench/*.sh (sourced from the repository root): build the reactor, run a bench main.
# BENCH_SKIP_BUILD=1 skips the build (bench/all.sh builds once).
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

build() {
    if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
        mvn -q -B -o -DskipTests -Dprivileged.skip=true package
    fi
}

# run_main CLASS ARGS...: runs a main of the bench module with its dependencies on the class path.
run_main() {
    main=$1
    shift
    exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
        -cp "bench/target/classes:bench/target/lib/*" "$main" "$@"
}
