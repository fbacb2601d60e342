#!/usr/bin/env bash
# Streams a generated 1 GB orders export through intake with the heap capped at 256 MB.
# Usage: bench/intake-1gb.sh [size, default 1g]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/edigate-benchmarks.jar ] || mvn -q -DskipTests package
/usr/bin/time -v java -Xmx256m -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.IntakeBenchmark "${1:-1g}" target/bench/orders_20261125-231000.csv 2>target/bench-time.txt
grep -E "Maximum resident|Elapsed" target/bench-time.txt || true
rm -f target/bench/orders_20261125-231000.csv
