#!/usr/bin/env bash
# `edigate run` with an empty inbox and nothing waiting, a new JVM each time, against the loopback
# simulator. Usage: bench/empty-run.sh [runs] [--jar]   (default 5; --jar: java -jar, not bin/edigate); prints a Markdown row for docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
ls dist/target/edigate-*.tar.gz > /dev/null 2>&1 && [ -f benchmarks/target/edigate-benchmarks.jar ] \
  || mvn -q -DskipTests package
java -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.EmptyRunBenchmark "${1:-5}" target/bench-empty-run ${2:-}
