#!/usr/bin/env bash
# Evaluation of the learned baselines (智能分析: src/Modules/Alerting/Baselines) beside static thresholds, on the same
# generated series with known anomalies (bench/BaselineHarness; generator, scorer and replay in
# tests/Alerting.Tests/Baselines/Harness, which the unit tests run on the first 60 series).
#
# Data: hospital series of three kinds (traffic, load, resources) at 5-minute steps, 6 weeks of history and a test
# fortnight with a five-day holiday and a make-up Saturday; every sixth series clean, the others with one anomaly of
# one of the five patterns. Each local midnight of the test fortnight a profile and a pair of static thresholds are
# learned from the six weeks before; every point is evaluated on the 24-hour window ending there. Firings become
# events, events are matched against the injected anomalies.
#
# Usage: bench/baseline-harness.sh [--series 480] [--seed 20261122] [--threads 2] [--list-misses]
# Prints a markdown block for bench/RESULTS.md and writes it to $OUT (default /tmp/baseline-harness-results.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh
OUT=${OUT:-/tmp/baseline-harness-results.md}

say "Building (Release)"
dotnet build bench/BaselineHarness -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

say "Generating the series and replaying the test period"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE=$(dotnet bench/BaselineHarness/bin/Release/net10.0/BaselineHarness.dll "$@")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "## $(date -u +%Y-%m-%d) — Learned baselines beside static thresholds on generated series with known anomalies"
  echo
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB, .NET SDK $(dotnet --version), Release build; code $(git log -1 --format=%h). Load average before / after: $LOAD_BEFORE / $LOAD_AFTER (the machine is shared)."
  echo "- Command: \`bench/baseline-harness.sh${*:+ $*}\`."
  echo "$TABLE"
} > "$OUT"
cat "$OUT"
