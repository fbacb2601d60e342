#!/usr/bin/env bash
# Invoice intake of 400 and 40,000 lines (invoices of 100 lines, and one invoice of all of them) with the heap
# capped at 256 MB: time per line and the heap's peak. Results: docs/benchmarks.md, "Invoice intake".
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/edigate-benchmarks.jar ] || mvn -q -DskipTests package
rm -rf target/bench/invoice-intake
java -Xmx256m -XX:+ExitOnOutOfMemoryError -cp benchmarks/target/edigate-benchmarks.jar \
  nl.edigate.bench.InvoiceIntakeBenchmark target/bench/invoice-intake
