#!/usr/bin/env bash
# Benchmark of PromQL query latency: HospitalOps's Prometheus-compatible API (/prometheus/api/v1, history store)
# beside Prometheus 2.42 (the Debian package), both holding the same 200,000-series data set, on the same machine in
# the same run, asked the same queries over HTTP by the same client (bench/QueryBench), interleaved.
#
# Data (bench/QueryBench/DataSet.cs): 5,000 hosts × 39 node_exporter-like series + 5,000 http_requests_total series
# (job, instance, ci, plus cpu/mode, device, mountpoint or path/code), one sample every 15 s for one hour
# (48 M samples), written as 8 OpenMetrics files split by host. Prometheus gets them through
# `promtool tsdb create-blocks-from openmetrics` (one block per file, which Prometheus then compacts into one);
# HospitalOps through `HospitalOps.Host history import --openmetrics` (one file at a time). The hour lies in the 2-hour
# window that ended 2 to 4 hours before the run, so both stores hold it as they hold settled data: Prometheus in a
# persisted block, HospitalOps in a compacted window. A second file, HospitalOps only: 50 series (node_memory_
# MemAvailable_bytes of 50 his-db hosts) every 60 s over the 30 days before that window, for the rollup query.
#
# Measured per query: warm-up (each system asked for 5 s, at least 5 times: the steady state is measured, after .NET's
# just-in-time compiler has optimised the code), a check that both answers are the same (series, timestamps, values),
# then N runs, each asking Prometheus and HospitalOps one after the other (order swapped every run); client-side
# latency from sending the request to the last byte of the body; p50, p95, p99, max; the server's CPU time per query.
#
# Usage: bench/query-latency.sh [--runs 200] [--max-seconds 420] [--keep DIR] [--profile]
#   --max-seconds: a query stops after this many seconds of runs (the count actually run is reported)
#   --profile: starts HospitalOps with perf maps and, after the runs, samples it with perf while it answers the
#              query it loses (its p50 above Prometheus's, and the HospitalOps-only ones) for 20 s each; the reports
#              (self time by category, then the top symbols) are printed and, with --keep, left in DIR/profile-*.txt
# Prints a table and writes it, as a block for bench/RESULTS.md, to $OUT (default /tmp/query-latency-results.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh

RUNS=200
MAX_SECONDS=420
KEEP=""
PROFILE=0
FILES=8
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-/tmp/query-latency-results.md}

command -v prometheus >/dev/null || ensure_debs prometheus
command -v python3 >/dev/null || ensure_debs python3
PROMTOOL=$(dirname "$(command -v prometheus)")/promtool
WORK=${KEEP:-$(mktemp -d /tmp/hospitalops-query-bench.XXXXXX)}
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
pids=()
cleanup() {
  for p in "${pids[@]}"; do stop_pid "$p"; done
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

say "Building (Release)"
dotnet build src/HospitalOps.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/QueryBench -c Release -nologo -v quiet -clp:ErrorsOnly
HOST_DLL=src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll
QB=(dotnet bench/QueryBench/bin/Release/net10.0/QueryBench.dll)

# The hour: 30 minutes into the 2-hour window that ended 2 to 4 hours ago (both stores' blocks/windows are 2 hours,
# aligned to the epoch); the 30 days end where that window starts.
NOW=$(date +%s)
WINDOW=$(( NOW / 7200 * 7200 - 14400 ))
HOUR_START=$(( WINDOW + 1800 ))
HOUR_END=$(( HOUR_START + 3600 ))
LT_END=$WINDOW
LT_START=$(( LT_END - 30 * 86400 ))

say "Generating the data set (200,000 series × 1 h at 15 s; 50 series × 30 days at 60 s)"
"${QB[@]}" gen --dir "$WORK/data" --hour-start "$HOUR_START" --files "$FILES" --longterm-end "$LT_END" --longterm-days 30 2> "$WORK/gen.log"
cat "$WORK/gen.log"

say "Loading: promtool blocks for Prometheus and history import for HospitalOps (side by side)"
mkdir -p "$WORK/prom/data" "$WORK/hops/data"
(
  start=$(date +%s.%N)
  for f in "$WORK"/data/hour-*.om; do
    (cd "$WORK/prom" && "$PROMTOOL" tsdb create-blocks-from openmetrics "$f" "$WORK/prom/data" >> "$WORK/prom/promtool.log" 2>&1)
  done
  python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.0f}')" "$start" > "$WORK/prom/load-seconds"
) &
loader_prom=$!
(
  start=$(date +%s.%N)
  for f in "$WORK"/data/hour-*.om "$WORK/data/longterm.om"; do
    env HOSPITALOPS_Logging__LogLevel__Default=Warning dotnet "$HOST_DLL" history import --openmetrics "$f" --data-dir "$WORK/hops/data" >> "$WORK/hops/import.log" 2>&1
  done
  python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.0f}')" "$start" > "$WORK/hops/load-seconds"
) &
loader_hops=$!
wait "$loader_prom" || { echo "promtool failed:"; tail -20 "$WORK/prom/promtool.log"; exit 1; }
wait "$loader_hops" || { echo "history import failed:"; tail -20 "$WORK/hops/import.log"; exit 1; }
echo "promtool: $(cat "$WORK/prom/load-seconds") s, history import: $(cat "$WORK/hops/load-seconds") s"
rm -f "$WORK"/data/hour-*.om

say "Starting Prometheus $(prometheus --version 2>&1 | awk 'NR==1 {print $3}') and HospitalOps"
PROM_PORT=$(free_port)
printf 'global: {scrape_interval: 1m, evaluation_interval: 1m}\nscrape_configs: []\n' > "$WORK/prom/prometheus.yml"
prometheus --config.file="$WORK/prom/prometheus.yml" --storage.tsdb.path="$WORK/prom/data" --storage.tsdb.retention.time=90d \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn > "$WORK/prom/prometheus.log" 2>&1 &
PROM_PID=$!; pids+=("$PROM_PID")
HOPS_PORT=$(free_port)
PERF_ENV=""
# perf maps name the JIT-compiled methods; W^X off lets perf attribute samples to them (both change the server's
# configuration a little, so the numbers of a --profile run are not the reference ones).
[ "$PROFILE" = 1 ] && PERF_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"
# shellcheck disable=SC2086
env HOSPITALOPS_Logging__LogLevel__Default=Warning HOSPITALOPS_Monitoring__SchedulerEnabled=false $PERF_ENV \
  dotnet "$HOST_DLL" serve --data-dir "$WORK/hops/data" --urls "http://127.0.0.1:$HOPS_PORT" > "$WORK/hops/host.log" 2>&1 &
HOPS_PID=$!; pids+=("$HOPS_PID")
HOPS_STARTED=$(date +%s)
PROM="http://127.0.0.1:$PROM_PORT"
HOPS="http://127.0.0.1:$HOPS_PORT"
for _ in $(seq 600); do curl -sf "$PROM/-/ready" >/dev/null && break; sleep 0.2; done
for _ in $(seq 600); do curl -sf "$HOPS/health/ready" >/dev/null && break; sleep 0.2; done

# First login (the initial password must be changed), then an API token for the Prometheus API.
JAR="$WORK/hops/cookies"
PASSWORD=$(cat "$WORK/hops/data/initial-admin-password")
curl -sf -c "$JAR" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$PASSWORD\"}" "$HOPS/api/v1/auth/login" >/dev/null
CSRF=$(awk '$6=="hops_csrf" {print $7}' "$JAR")
curl -sf -b "$JAR" -c "$JAR" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' \
  -d "{\"currentPassword\":\"$PASSWORD\",\"newPassword\":\"Bench#Pass2026x\"}" "$HOPS/api/v1/auth/change-password" >/dev/null
CSRF=$(awk '$6=="hops_csrf" {print $7}' "$JAR")
TOKEN=$(curl -sf -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' \
  -d '{"name":"query-bench","scopes":["monitoring.read"],"expiresInDays":1}' "$HOPS/api/v1/account/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

say "Waiting for both stores to settle (Prometheus: one block; HospitalOps: closed windows compacted, rollups written)"
settle() {
  python3 - "$PROM" "$WORK/hops/data/history.db" <<'PY'
import sqlite3, sys, time, urllib.request
prom, db = sys.argv[1:3]
blocks = None
for line in urllib.request.urlopen(prom + "/metrics", timeout=30).read().decode().splitlines():
    if line.startswith("prometheus_tsdb_blocks_loaded "):
        blocks = int(float(line.split()[1]))
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
closed = int(time.time() * 1000) - 10 * 60_000 - 7_200_000
raw = con.execute("SELECT COUNT(*) FROM history_chunks WHERE compacted = 0 AND window_start <= ?", (closed,)).fetchone()[0]
rollups = con.execute("SELECT COUNT(*) FROM history_rollups").fetchone()[0]
print(blocks, raw, rollups)
PY
}
SETTLE_START=$(date +%s)
while :; do
  read -r blocks raw rollups < <(settle)
  waited=$(( $(date +%s) - SETTLE_START ))
  echo "  after ${waited} s: Prometheus blocks loaded ${blocks}; HospitalOps uncompacted chunks in closed windows ${raw}, rollup rows ${rollups}"
  # HospitalOps applies retention 2 minutes after start (raw samples of the 30 days older than 15 days); wait past it.
  if [ "$blocks" = 1 ] && [ "$raw" = 0 ] && [ "$rollups" -gt 0 ] && [ $(( $(date +%s) - HOPS_STARTED )) -ge 150 ]; then break; fi
  if [ "$waited" -ge 900 ]; then echo "  not settled after 15 minutes; measuring anyway (see the notes)"; break; fi
  sleep 10
done
echo "$blocks $raw $rollups" > "$WORK/settled"
# Let the last compaction's writes and the GC calm down.
sleep 15

QUERIES="$WORK/queries.tsv"
{
  printf '# id\ttargets\tkind\tstart\tend\tstep\tquery\n'
  printf 'q1-one-series-1h-15s\tboth\trange\t%s\t%s\t15\tnode_load1{instance="vm-0042:9100"}\n' "$HOUR_START" "$HOUR_END"
  printf 'q2-sum-rate-500-1h-15s\tboth\trange\t%s\t%s\t15\tsum by (path) (rate(http_requests_total{job="his-app"}[5m]))\n' "$HOUR_START" "$HOUR_END"
  printf 'q3a-sum-rate-20000-instant\tboth\tinstant\t%s\t%s\t0\tsum by (job) (rate(node_network_receive_bytes_total[5m]))\n' "$HOUR_END" "$HOUR_END"
  printf 'q3b-sum-rate-20000-1h-60s\tboth\trange\t%s\t%s\t60\tsum by (job) (rate(node_network_receive_bytes_total[5m]))\n' "$HOUR_START" "$HOUR_END"
  printf 'q4a-50-series-30d-1h\thops\trange\t%s\t%s\t3600\tnode_memory_MemAvailable_bytes{job="his-db"}\n' "$LT_START" "$LT_END"
  printf 'q4b-avg-over-time-50-30d-1h\thops\trange\t%s\t%s\t3600\tavg_over_time(node_memory_MemAvailable_bytes{job="his-db"}[1h])\n' "$LT_START" "$LT_END"
} > "$QUERIES"

rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
LOAD_BEFORE=$(cat /proc/loadavg)
uptime
RSS_BEFORE="$(rss "$PROM_PID") $(rss "$HOPS_PID")"
say "Measuring: $RUNS runs per query, interleaved"
cpu_s() { awk '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / 100 }' "/proc/$1/stat"; }
SERVERS_CPU_BEFORE=$(python3 -c 'import sys; print(sum(map(float, sys.argv[1:])))' "$(cpu_s "$PROM_PID")" "$(cpu_s "$HOPS_PID")")
BUSY_BEFORE=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
T0=$(date +%s)
/usr/bin/time -f "%U %S" -o "$WORK/client-cpu" "${QB[@]}" run --queries "$QUERIES" --out "$RESULTS" --prom "$PROM" --prom-pid "$PROM_PID" --hops "$HOPS" --hops-pid "$HOPS_PID" \
  --token "$TOKEN" --runs "$RUNS" --warmup 5 --max-seconds "$MAX_SECONDS"
T1=$(date +%s)
BUSY_AFTER=$(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
SERVERS_CPU_AFTER=$(python3 -c 'import sys; print(sum(map(float, sys.argv[1:])))' "$(cpu_s "$PROM_PID")" "$(cpu_s "$HOPS_PID")")
OURS_CPU=$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]) + sum(map(float, open(sys.argv[3]).read().split()[-2:])))' \
  "$SERVERS_CPU_BEFORE" "$SERVERS_CPU_AFTER" "$WORK/client-cpu")
uptime
LOAD_AFTER=$(cat /proc/loadavg)
RSS_AFTER="$(rss "$PROM_PID") $(rss "$HOPS_PID")"
PROM_BLOCK_BYTES=$(du -sb "$WORK/prom/data" | cut -f1)
HOPS_DB_BYTES=$(du -cb "$WORK"/hops/data/history.db* | tail -1 | cut -f1)

if [ "$PROFILE" = 1 ]; then
  command -v perf >/dev/null || ensure_debs linux-perf
  python3 - "$RESULTS" > "$WORK/slow-queries" <<'PY'
import collections, sys
r = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    r[f[0]][f[1]] = float(f[3])
for q, d in r.items():
    if "prometheus" not in d or d["hospitalops"] > d["prometheus"]:
        print(q)
PY
  while read -r q; do
    say "Profiling HospitalOps on $q (perf, 20 s)"
    grep -P "^$q\t" "$QUERIES" | sed 's/\tboth\t/\thops\t/' > "$WORK/profile-query.tsv"
    "${QB[@]}" run --queries "$WORK/profile-query.tsv" --out "$WORK/profile-runs.tsv" --prom "$PROM" --hops "$HOPS" --token "$TOKEN" \
      --runs 100000 --warmup 1 --warmup-seconds 0 --max-seconds 25 2>/dev/null &
    driver=$!
    sleep 3
    perf record -F 299 -g -p "$HOPS_PID" -o "$WORK/perf-$q.data" -- sleep 20 2>/dev/null || true
    wait "$driver" || true
    perf report -i "$WORK/perf-$q.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' > "$WORK/perf-$q.txt" || true
    python3 - "$WORK/perf-$q.txt" > "$WORK/profile-$q.txt" <<'PY'
import collections, re, sys
# Self time of the HospitalOps process by where it goes (first matching rule wins).
rules = [
    ("SQLite parameter lookup by name (strncmp, sqlite3VListNameToNum)", r"strncmp|sqlite3VListNameToNum"),
    ("SQLite, other", r"libe_sqlite3"),
    ("chunk decoding (HistoryStore.Decode, XOR and timestamp codecs)", r"HistoryStore::Decode|TimestampCodec|XorChunkReader|ChunkBitReader|XorValueCodec"),
    ("rollups (Downsample, RollupChunkReader, ReadRollupsAsync)", r"Downsample|Rollup"),
    ("labels (SeriesLabels, Labels.Compare, SortedLikePrometheus)", r"SeriesLabels|Labels::|SortedLikePrometheus|ToPromLabels"),
    ("Dapper, Microsoft.Data.Sqlite, SQLitePCL, SafeHandle (per row and per parameter)", r"Dapper|Microsoft.Data.Sqlite|SQLitePCL|SafeHandle|pthread_mutex"),
    ("PromQL evaluation", r"HospitalOps.PromQL"),
    ("collections, LINQ, sorting", r"HashSet|Dictionary|List`1|Linq|ArraySortHelper|Enumerable"),
    ("GC and runtime (libcoreclr, libclrjit, memset/memmove)", r"libcoreclr|libclrjit|memset|memmove"),
    ("kernel", r"\[kernel"),
]
cats, top = collections.Counter(), []
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
    if not m:
        continue
    pct, rest = float(m.group(1)), m.group(2)
    top.append((pct, re.sub(r"\s+-\s+-\s*$", "", rest)[:200]))
    cats[next((name for name, rx in rules if re.search(rx, rest)), "other")] += pct
for name, pct in cats.most_common():
    print(f"{pct:5.1f} %  {name}")
print()
for pct, rest in top[:25]:
    print(f"{pct:5.2f} %  {rest}")
PY
    echo "  $WORK/profile-$q.txt:"; cat "$WORK/profile-$q.txt"
  done < "$WORK/slow-queries"
fi

python3 - "$RESULTS" "$RUNS" "$MAX_SECONDS" "$LOAD_BEFORE" "$LOAD_AFTER" "$BUSY_BEFORE" "$BUSY_AFTER" "$T0" "$T1" \
  "$(cat "$WORK/prom/load-seconds")" "$(cat "$WORK/hops/load-seconds")" "$RSS_BEFORE" "$RSS_AFTER" "$PROM_BLOCK_BYTES" "$HOPS_DB_BYTES" \
  "$(cat "$WORK/settled")" "$HOUR_START" "$LT_START" "$LT_END" "$QUERIES" "$OURS_CPU" > "$OUT" <<'PY'
import collections, datetime, platform, re, subprocess, sys
(results, runs, max_seconds, load_before, load_after, busy_before, busy_after, t0, t1, prom_load, hops_load, rss_before, rss_after,
 prom_bytes, hops_bytes, settled, hour_start, lt_start, lt_end, queries, ours_cpu) = sys.argv[1:22]
rows = collections.defaultdict(dict)
checks = {}
for line in open(results):
    f = line.rstrip("\n").split("\t")
    q, tool = f[0], f[1]
    rows[q][tool] = dict(n=int(f[2]), p50=float(f[3]), p95=float(f[4]), p99=float(f[5]), min=float(f[6]), max=float(f[7]), mean=float(f[8]),
                         cpu=float(f[9]), errors=int(f[10]), bytes=int(f[11]), series=int(f[12]), points=int(f[13]))
    checks[q] = f[14]
text = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(queries) if not l.startswith("#")}
b0, b1 = [float(x) for x in busy_before.split()], [float(x) for x in busy_after.split()]
machine_busy = (b1[0] - b0[0]) / ((b1[1] - b0[1]) or 1) * 2
# Everything else the machine ran meanwhile: busy cores minus both servers and the client.
other = max(0.0, machine_busy - float(ours_cpu) / max(1, int(t1) - int(t0)))
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) / 1048576
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
prom = subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
commit = subprocess.run(["git", "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
def ms(v): return f"{v:,.1f}" if v >= 10 else f"{v:.2f}"
print(f"## {datetime.date.today()} — PromQL query latency: HospitalOps /prometheus/api/v1 beside Prometheus 2.42 (200,000 series)")
print()
print(f"- Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), {mem:.0f} GiB, .NET SDK {dotnet}, {prom}; code {commit}.")
print(f"- Command: `bench/query-latency.sh --runs {runs}` (at most {max_seconds} s of runs per query). Load average before / after the runs: "
      f"{' '.join(load_before.split()[:3])} / {' '.join(load_after.split()[:3])}; the whole machine was busy {machine_busy:.2f} of 2 cores on average during the runs "
      f"({int(t1) - int(t0)} s), of which {other:.2f} cores were other work (not the client or the two servers).")
print(f"- Data: 200,000 series × 1 h at 15 s (48 M samples) from {datetime.datetime.utcfromtimestamp(int(hour_start)):%Y-%m-%d %H:%M} UTC, settled in both "
      f"(Prometheus: promtool blocks, compacted by Prometheus into {settled.split()[0]} block; HospitalOps: history import, windows compacted by the server). "
      f"Load time: promtool {prom_load} s, history import {hops_load} s (side by side on the 2 cores). On disk: Prometheus {int(prom_bytes) / 2**20:,.0f} MiB, "
      f"HospitalOps history.db {int(hops_bytes) / 2**20:,.0f} MiB (with the 30-day set).")
print(f"- RSS before / after the runs: Prometheus {rss_before.split()[0]} / {rss_after.split()[0]} MiB, HospitalOps {rss_before.split()[1]} / {rss_after.split()[1]} MiB.")
print("- Latency is client-side (request sent → last byte of the body read, one kept-alive connection, no compression), "
      "HospitalOps with an API token (Bearer). Each run asks both, the order swapped every run. Server CPU = the process's utime+stime over the runs / runs.")
print()
print("| query | PromQL | Prometheus p50 / p95 / p99 (ms) | HospitalOps p50 / p95 / p99 (ms) | HospitalOps / Prometheus p50, p95 | server CPU per query, Prom / HOps (ms) | runs | answers | target |")
print("|---|---|---|---|---|---|---|---|---|")
verdicts = []
for q, d in rows.items():
    t = text[q]
    desc = f"`{t[6]}`" + (f" range {(int(t[4]) - int(t[3])) // 3600 if int(t[4]) - int(t[3]) < 86400 * 2 else (int(t[4]) - int(t[3])) // 86400}{'h' if int(t[4]) - int(t[3]) < 86400 * 2 else 'd'}, step {t[5]} s" if t[2] == "range" else " instant")
    h = d["hospitalops"]
    p = d.get("prometheus")
    if p:
        met = h["p50"] <= p["p50"] and h["p95"] <= p["p95"]
        verdict = "met" if met else "MISSED"
        verdicts.append(f"- {q}: HospitalOps p50 {ms(h['p50'])} ms, p95 {ms(h['p95'])} ms vs Prometheus p50 {ms(p['p50'])} ms, p95 {ms(p['p95'])} ms — {verdict}")
        print(f"| {q} | {desc} | {ms(p['p50'])} / {ms(p['p95'])} / {ms(p['p99'])} | {ms(h['p50'])} / {ms(h['p95'])} / {ms(h['p99'])} | "
              f"{h['p50'] / p['p50']:.2f}×, {h['p95'] / p['p95']:.2f}× | {p['cpu']:.1f} / {h['cpu']:.1f} | {p['n']} / {h['n']} | {checks[q]}; {h['series']} series, {h['points']:,} points | {verdict} (≤ Prometheus) |")
    else:
        met = h["p50"] < 200 and h["p95"] < 200
        verdict = "met" if met else "MISSED"
        verdicts.append(f"- {q}: HospitalOps p50 {ms(h['p50'])} ms, p95 {ms(h['p95'])} ms (target < 200 ms) — {verdict}")
        print(f"| {q} | {desc} | — | {ms(h['p50'])} / {ms(h['p95'])} / {ms(h['p99'])} | — | — / {h['cpu']:.1f} | {h['n']} | {checks[q]}; {h['series']} series, {h['points']:,} points | {verdict} (< 200 ms) |")
print()
print("Targets:")
print()
print("\n".join(verdicts))
PY
echo
cat "$OUT"
