#!/usr/bin/env bash
# Benchmark of alert rule evaluation: 10,000 threshold rules and 1,000 baseline rules over the 200,000-series set
# (bench/SyntheticExporter: 4 endpoints × 50,000 node_exporter-like series, scraped every 15 s), evaluated every 15 s;
# the evaluation time of every cycle, beside Prometheus 2.42 (the Debian package) evaluating the same 10,000 threshold
# rules on the same series (Prometheus has no baseline rules), each system alone on the machine, one after the other.
# Rules and data: bench/rule-evaluation.py (its header says what the rules are).
#
# HospitalOps (fresh SQLite data directory, no demo): four CIs and targets; 28 days of 5-minute history of the 1,000
# node_load1 series the baseline rules watch, imported before the server starts (`history import --openmetrics`); the
# 11,000 rules created through the API. After the baseline profiles are learned (in the background, from the first
# evaluations), every group's runs are read from alert_group_runs for --minutes: one node evaluates its groups one
# after the other, so a cycle's evaluation time is the sum of its groups' durations.
# Prometheus: the same targets and the 10,000 rules in 100 groups with interval 15s; the groups' last durations are read
# from its /metrics every 5 s. Prometheus evaluates its groups concurrently, so its cycle figure is both the sum of the
# groups' durations (work done) and the longest group.
#
# Usage: bench/rule-evaluation.sh [--minutes 6] [--only hospitalops|prometheus] [--keep DIR]
#   Extra environment for the HospitalOps server can be passed as HOPS_ENV="NAME=value ...".
# Prints a table and writes it, as a block for bench/RESULTS.md, to $OUT (default /tmp/rule-evaluation-results.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh

MINUTES=6
ONLY=""
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-/tmp/rule-evaluation-results.md}
SECONDS_MEASURED=$(( MINUTES * 60 ))

command -v prometheus >/dev/null || ensure_debs prometheus
command -v python3 >/dev/null || ensure_debs python3
WORK=${KEEP:-$(mktemp -d /tmp/hospitalops-rule-eval.XXXXXX)}
mkdir -p "$WORK"
PY=(python3 bench/rule-evaluation.py)
pids=()
stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done; kill -9 "$1" 2>/dev/null || true; }
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do stop_pid "$p"; done
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

say "Building (Release)"
dotnet build src/HospitalOps.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/SyntheticExporter -c Release -nologo -v quiet -clp:ErrorsOnly
HOST_DLL=src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll

start_exporter() {
  EXPORTER_PORT=$(free_port)
  dotnet bench/SyntheticExporter/bin/Release/net10.0/SyntheticExporter.dll --urls "http://127.0.0.1:$EXPORTER_PORT" \
    --endpoints 4 --series 50000 > "$WORK/exporter-$1.log" 2>&1 &
  EXPORTER_PID=$!; pids+=("$EXPORTER_PID")
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$EXPORTER_PORT/stats" >/dev/null && return; sleep 0.2; done
  echo "exporter did not start" >&2; exit 1
}

# CPU seconds (user + system) of a process so far.
cpu_s() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$WORK/results.tsv"; }
: > "$WORK/results.tsv"

run_hospitalops() {
  local dir="$WORK/hops" port url jar password csrf session
  mkdir -p "$dir/data"
  start_exporter hops
  port=$(free_port); url="http://127.0.0.1:$port"; jar="$dir/cookies"
  serve() {
    # shellcheck disable=SC2086
    env HOSPITALOPS_Logging__LogLevel__Default=Warning ${HOPS_ENV:-} dotnet "$HOST_DLL" serve --data-dir "$dir/data" --urls "$url" >> "$dir/host.log" 2>&1 &
    HOPS_PID=$!; pids+=("$HOPS_PID")
    for _ in $(seq 600); do curl -sf "$url/health/ready" >/dev/null && return; sleep 0.2; done
    echo "HospitalOps did not start" >&2; tail -20 "$dir/host.log" >&2; exit 1
  }
  login() {
    rm -f "$jar"
    curl -sf -c "$jar" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$1\"}" "$url/api/v1/auth/login" >/dev/null
    csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  }
  api() { curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d "$2" "$url$1"; }

  say "HospitalOps: first start, four CIs for the exporter's endpoints"
  serve
  password=$(cat "$dir/data/initial-admin-password")
  login "$password"
  curl -sf -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
    -d "{\"currentPassword\":\"$password\",\"newPassword\":\"Bench#Pass2026x\"}" "$url/api/v1/auth/change-password" >/dev/null
  csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  local labels="{" ci
  for i in 0 1 2 3; do
    ci=$(api /api/v1/cmdb/cis "{\"type\":\"os-instance\",\"code\":\"bench-$i\",\"name\":\"bench exporter $i\",\"attributes\":{}}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    echo "$ci" > "$dir/ci-$i"
    # The labels every scraped series of this target carries (the target's own, then the CI's).
    labels+="\"$i\":{\"job\":\"prometheus\",\"instance\":\"http://127.0.0.1:$EXPORTER_PORT/metrics/$i\",\"endpoint\":\"e$i\",\"ci_id\":\"$ci\",\"ci\":\"bench-$i\",\"ci_type\":\"os-instance\"}"
    [ "$i" = 3 ] || labels+=","
  done
  labels+="}"
  stop_pid "$HOPS_PID"

  say "History of the 1,000 baseline series: 28 days at 5 minutes, at the level the exporter serves now"
  for i in 0 1 2 3; do curl -sf "http://127.0.0.1:$EXPORTER_PORT/metrics/$i" > "$dir/metrics-$i.txt"; done
  local t0; t0=$(date +%s)
  "${PY[@]}" history "$dir" "$labels" "$(( $(date +%s) - 60 ))" 28 "$dir/history"
  for i in 0 1 2 3; do
    env HOSPITALOPS_Logging__LogLevel__Default=Warning dotnet "$HOST_DLL" history import --openmetrics "$dir/history-$i.om" --data-dir "$dir/data" >> "$dir/import.log" 2>&1 \
      || { tail -20 "$dir/import.log" >&2; exit 1; }
    rm -f "$dir/history-$i.om"
  done
  record hospitalops history_load_s "$(( $(date +%s) - t0 ))"

  say "HospitalOps: targets (every 15 s) and 11,000 rules through the API"
  serve
  login "Bench#Pass2026x"
  for i in 0 1 2 3; do
    api /api/v1/monitoring/targets "{\"ciId\":$(cat "$dir/ci-$i"),\"kind\":\"prometheus\",\"name\":\"synthetic$i\",\"address\":\"http://127.0.0.1:$EXPORTER_PORT/metrics/$i\",\"intervalSeconds\":15,\"timeoutSeconds\":15,\"labels\":{\"endpoint\":\"e$i\"}}" >/dev/null
  done
  session=$(awk '$6=="hops_session" {print $7}' "$jar")
  local posted; posted=$("${PY[@]}" post-rules "$url" "hops_session=$session; hops_csrf=$csrf" "$csrf" 4)
  echo "$posted"
  record hospitalops rules_posted_s "$(echo "$posted" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')"

  say "Waiting for the baseline profiles (learned in the background from the first evaluations)"
  record hospitalops profiles_learned_s "$("${PY[@]}" wait-profiles "$dir/data/config.db" 1000 900)"

  say "HospitalOps: measuring ${MINUTES} min of evaluation; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local c0 c1; c0=$(cpu_s "$HOPS_PID")
  "${PY[@]}" watch-hops "$dir/data/config.db" "$SECONDS_MEASURED" "$dir/runs.tsv"
  c1=$(cpu_s "$HOPS_PID")
  record hospitalops cpu_cores "$(python3 -c "print(round(($c1 - $c0) / $SECONDS_MEASURED, 3))")"
  record hospitalops rss_mib "$(rss_mib "$HOPS_PID")"
  record hospitalops summary "$("${PY[@]}" summary "$dir/runs.tsv" 110)"
  record hospitalops alerts "$("${PY[@]}" alerts "$dir/data/config.db")"
  record hospitalops load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
  stop_pid "$HOPS_PID"
  stop_pid "$EXPORTER_PID"
}

run_prometheus() {
  local dir="$WORK/prom" port
  mkdir -p "$dir/data"
  start_exporter prom
  port=$(free_port)
  "${PY[@]}" prom-rules "$dir/rules.yml"
  {
    echo "global: {scrape_interval: 15s, scrape_timeout: 15s, evaluation_interval: 15s}"
    echo "rule_files: ['$dir/rules.yml']"
    echo "scrape_configs:"
    for i in 0 1 2 3; do
      echo "  - {job_name: synthetic$i, metrics_path: /metrics/$i, sample_limit: 60000, static_configs: [{targets: ['127.0.0.1:$EXPORTER_PORT'], labels: {endpoint: e$i}}]}"
    done
  } > "$dir/prometheus.yml"
  say "Prometheus: the same targets and the 10,000 threshold rules"
  prometheus --config.file "$dir/prometheus.yml" --storage.tsdb.path "$dir/data" --web.listen-address "127.0.0.1:$port" > "$dir/prometheus.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.2; done
  # Warm-up: the first scrapes create the series; rates need two samples.
  sleep 60
  say "Prometheus: measuring ${MINUTES} min of evaluation; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local c0 c1; c0=$(cpu_s "$pid")
  "${PY[@]}" watch-prom "http://127.0.0.1:$port" "$SECONDS_MEASURED" "$dir/runs.tsv"
  c1=$(cpu_s "$pid")
  record prometheus cpu_cores "$(python3 -c "print(round(($c1 - $c0) / $SECONDS_MEASURED, 3))")"
  record prometheus rss_mib "$(rss_mib "$pid")"
  record prometheus summary "$("${PY[@]}" summary "$dir/runs.tsv" 100)"
  record prometheus alerts "$(curl -sf "http://127.0.0.1:$port/api/v1/query" --data-urlencode 'query=count by (alertstate) (ALERTS)' | python3 -c 'import json,sys; print(json.dumps({r["metric"]["alertstate"]: r["value"][1] for r in json.load(sys.stdin)["data"]["result"]}))')"
  record prometheus load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
  stop_pid "$pid"
  stop_pid "$EXPORTER_PID"
}

record machine load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
[ "$ONLY" = prometheus ] || run_hospitalops
[ "$ONLY" = hospitalops ] || run_prometheus

python3 - "$WORK/results.tsv" "$MINUTES" "$(git rev-parse --short HEAD)" > "$OUT" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    tool, key, value = line.rstrip("\n").split("\t", 2)
    rows.setdefault(tool, {})[key] = value
minutes, code = sys.argv[2], sys.argv[3]
print(f"- Code {code}; {minutes} min measured per system; load average before {rows['machine']['load_before']}.")
print()
print("| system | rules | whole cycles (partial) | cycle p50 / p95 / max (ms) | threshold rules p50 / max (ms) | baseline rules p50 / max (ms) | longest group (ms) | rules failed | CPU (cores) | RSS (MiB) | alerts at the end | ≤ 5 s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for tool, name, rules in (("hospitalops", "HospitalOps (SQLite)", "10,000 + 1,000 baseline"), ("prometheus", "Prometheus 2.42", "10,000")):
    if tool not in rows:
        continue
    r = rows[tool]
    s = json.loads(r["summary"])
    f = lambda v: "—" if v != v else f"{v:,.0f}"
    met = "met" if s["cycle_max_ms"] == s["cycle_max_ms"] and s["cycle_max_ms"] <= 5000 else "MISSED"
    print(f"| {name} | {rules} | {s['whole_cycles']} ({s['partial_cycles']}) | {f(s['cycle_p50_ms'])} / {f(s['cycle_p95_ms'])} / {f(s['cycle_max_ms'])} | "
          f"{f(s['threshold_p50_ms'])} / {f(s['threshold_max_ms'])} | {f(s['baseline_p50_ms']) if tool == 'hospitalops' else '—'} / {f(s['baseline_max_ms']) if tool == 'hospitalops' else '—'} | "
          f"{f(s['max_group_ms'])} | {s['failed']} | {r['cpu_cores']} | {r['rss_mib']} | {r['alerts']} | {met} |")
print()
h = rows.get("hospitalops", {})
if h:
    print(f"- HospitalOps: history import {h.get('history_load_s')} s, 11,000 rules created through the API in {h.get('rules_posted_s')} s, "
          f"baseline profiles of the 1,000 series learned {h.get('profiles_learned_s')} s after the rules were created; load average after {h.get('load_after')}.")
if "prometheus" in rows:
    print(f"- Prometheus: cycle = the sum of its groups' last durations per 15 s slot (it evaluates groups concurrently); load average after {rows['prometheus'].get('load_after')}.")
PY
cat "$OUT"
