#!/usr/bin/env bash
# The gateway end to end over SFTP against its floors, on one seeded export of N orders.
# Usage: bench/pipeline.sh [N ...]   (default 1000); prints Markdown rows for docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/edigate.jar ] || mvn -q -DskipTests package
echo "| orders | lines | compute floor (parse+map+validate) | SFTP floor (plain JSch loop) | gateway run end to end | floor/gateway | peak heap (pool max) |"
echo "|---|---|---|---|---|---|---|"
for n in "${@:-1000}"; do
  java -Xmx512m -cp target/edigate.jar nl.edigate.bench.PipelineBenchmark "$n" target/bench-pipeline 2>/dev/null
done
