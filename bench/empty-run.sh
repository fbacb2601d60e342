#!/usr/bin/env bash
# `edigate run` with an empty inbox and nothing waiting, a new JVM each time, against the loopback
# simulator. Usage: bench/empty-run.sh [runs]   (default 5); prints a Markdown row for docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/edigate-benchmarks.jar ] || mvn -q -DskipTests package
java -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.EmptyRunBenchmark "${1:-5}" target/bench-empty-run
