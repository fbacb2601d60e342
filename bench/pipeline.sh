#!/usr/bin/env bash
# The gateway end to end against its floors, each workload on one seeded export, with -Xmx512m.
# Usage: bench/pipeline.sh [N | https:M ...]   (default: 1000 https:200)
#   N        N orders over SFTP;   https:M   M progress reports over HTTPS
# Prints the table and writes it, with the machine and the command, into docs/benchmarks.md
# (between the pipeline-results markers). JFR recordings stay in target/bench-pipeline-*/gateway.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f benchmarks/target/edigate-benchmarks.jar ] || mvn -q -DskipTests package
args=("${@:-1000}")
[ $# -gt 0 ] || args+=("https:200")
out=$(mktemp)
{
  echo "Command: \`bench/pipeline.sh ${args[*]}\`, $(date -u +%Y-%m-%d)."
  echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo
  echo "| workload | compute floor (parse, map, validate; one thread) | delivery floor (plain JSch / java.net.http loop) | OpenSSH \`sftp -b\` | gateway \`run\` end to end (phases in s) | floor/gateway | peak heap |"
  echo "|---|---|---|---|---|---|---|"
} > "$out"
cat "$out"
for a in "${args[@]}"; do
  case "$a" in
    https:*) set -- https "${a#https:}" ;;
    *) set -- sftp "$a" ;;
  esac
  # JFR is started with the JVM: starting the first recording in a running JVM (the stage profile does,
  # around the gateway's run) slowed that run down by half (measured); started at launch it costs ~2%.
  java -Xmx512m -XX:StartFlightRecording=settings=default,maxsize=1m,name=launch -Xlog:jfr+startup=off \
      -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.PipelineBenchmark "$1" "$2" "target/bench-pipeline-$1-$2" \
      2>"target/bench-pipeline-$1-$2.log" | tee -a "$out"
done
doc=docs/benchmarks.md
awk -v table="$out" '
  /<!-- pipeline-results:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- pipeline-results:end -->/ { skip = 0 }
  !skip { print }
' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
rm -f "$out"
echo "written to $doc"
