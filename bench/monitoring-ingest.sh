#!/usr/bin/env bash
# Benchmark of the monitoring ingest: HospitalOps's collection + history store beside Prometheus
# (the Debian package) scraping the same synthetic exporters (bench/SyntheticExporter: 4 targets ×
# 50,000 node_exporter-like series), at 5 s and then at 1 s. For each interval Prometheus runs
# alone, then HospitalOps alone, for the same duration, each against a freshly started exporter
# (so both see the same value sequence). Measured per run: samples/s ingested in the steady part
# (after the warm-up), scrape durations against the interval (max, p99, late and missed scrapes),
# CPU seconds of the process (utime+stime) per 100k samples/s, RSS at the end per active series,
# and bytes per sample on disk after compaction (Prometheus: a TSDB snapshot, which writes the head
# as a compacted block; HospitalOps: 5-minute windows compacted by the server itself, then the
# whole history.db after VACUUM). Also runs bench/ExpositionParse for the parse rate.
# Prints a table and writes it, as a block for bench/RESULTS.md, to $OUT (default
# /tmp/monitoring-ingest-results.md).
#
# Usage: bench/monitoring-ingest.sh [--quick] [--duration SECONDS] [--intervals "5 1"]
#          [--targets 4] [--series 50000] [--only prometheus|hospitalops] [--keep DIR]
#   --quick: 150 s per run, 1 s and 5 s (a smoke run; the disk figures then come from short windows)
#   Extra environment for the HospitalOps server can be passed as HOPS_ENV="NAME=value ...".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh

DURATION=480
INTERVALS="5 1"
TARGETS=4
SERIES=50000
ONLY=""
KEEP=""
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; DURATION=150; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --intervals) INTERVALS=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --series) SERIES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-/tmp/monitoring-ingest-results.md}
# The steady part starts after the warm-up (first scrapes create every series).
WARMUP=$(( DURATION / 5 > 30 ? DURATION / 5 : 30 ))

command -v prometheus >/dev/null || ensure_debs prometheus
command -v python3 >/dev/null || ensure_debs python3
WORK=${KEEP:-$(mktemp -d /tmp/hospitalops-ingest-bench.XXXXXX)}
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

say "Building (Release)"
dotnet build src/HospitalOps.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/SyntheticExporter -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/ExpositionParse -c Release -nologo -v quiet -clp:ErrorsOnly

HELPER="$WORK/measure.py"
cat > "$HELPER" <<'PY'
import json, os, sqlite3, sys, time, urllib.request

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0

def metric_sum(url, name):
    text = urllib.request.urlopen(url, timeout=30).read().decode()
    total, found = 0.0, False
    for line in text.splitlines():
        if line.startswith(name) and (line[len(name)] in " {"):
            total += float(line.rsplit(" ", 1)[1]); found = True
    return total  # a family without samples yet (nothing appended) counts 0

def busy_seconds():
    """CPU seconds the whole machine spent busy (every process), from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")

def hwm_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0

def snap(pid, url, name):
    """One reading: wall time, CPU seconds, RSS, peak RSS, samples appended, machine busy seconds."""
    print(json.dumps({"t": time.time(), "cpu": cpu_seconds(pid), "rss": rss_bytes(pid), "hwm": hwm_bytes(pid),
                      "appended": metric_sum(url, name) if url != "none" else 0, "busy": busy_seconds()}))

def wait_first(url, name, target, limit):
    """Seconds until the counter reaches target (every target's first scrape stored), at most limit."""
    start = time.time()
    while time.time() - start < limit:
        try:
            if metric_sum(url, name) >= target:
                print(round(time.time() - start, 1)); return
        except Exception:
            pass
        time.sleep(0.5)
    print("nan")

def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]

def scrapes(series_points, interval, start, end, steady):
    """series_points: per target, (t_seconds, duration) of each stored scrape. A scrape is late when it
    took longer than the interval; slots are missed when consecutive stored scrapes are more than one
    interval apart, and before the first one (counted from the run's start plus one interval, the
    latest a first scrape may start). Figures for the whole run and for the steady part (t >= steady)."""
    out = {}
    for prefix, lo in (("", start), ("steady_", steady)):
        durations, late, missed, expected = [], 0, 0, 0
        for points in series_points:
            points = sorted((t, v) for t, v in points if lo <= t <= end)
            durations += [v for _, v in points]
            late += sum(1 for _, v in points if v > interval)
            expected += int((end - lo) / interval)
            previous = lo + interval if prefix == "" else lo
            for t, _ in points:
                missed += max(0, round((t - previous) / interval) - 1) if t > previous else 0
                previous = t
            missed += max(0, int((end - previous) / interval) - 1)
        out.update({prefix + "scrapes": len(durations), prefix + "expected": expected,
                    prefix + "max": max(durations) if durations else float("nan"),
                    prefix + "p99": percentile(durations, 0.99), prefix + "p50": percentile(durations, 0.5),
                    prefix + "late": late, prefix + "missed": missed})
    return out

def cmd_prom_scrapes(base, interval, start, end, steady):
    q = f"scrape_duration_seconds[{int(end - start) + 1}s]"
    data = json.load(urllib.request.urlopen(f"{base}/api/v1/query?query={urllib.parse.quote(q)}&time={end}", timeout=60))
    pts = [[(float(t), float(v)) for t, v in s["values"]] for s in data["data"]["result"]]
    print(json.dumps(scrapes(pts, interval, start, end, steady)))

def cmd_hops_scrapes(base, cookie, interval, start, end, steady):
    req = urllib.request.Request(f"{base}/api/v1/monitoring/range?match=scrape_duration_seconds&from={int(start*1000)}&to={int(end*1000)}",
                                 headers={"Cookie": cookie})
    data = json.load(urllib.request.urlopen(req, timeout=120))
    pts = [[(p[0] / 1000.0, p[1]) for p in s["points"]] for s in data]
    print(json.dumps(scrapes(pts, interval, start, end, steady)))

def cmd_db(path):
    """Compacted chunks of the history database and the file after VACUUM (on a copy)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    out["compacted_bytes"], out["compacted_samples"], out["compacted_chunks"] = con.execute(
        "SELECT COALESCE(SUM(length(data)),0), COALESCE(SUM(count),0), COUNT(*) FROM history_chunks WHERE compacted=1").fetchone()
    out["raw_bytes"], out["raw_samples"], out["raw_chunks"] = con.execute(
        "SELECT COALESCE(SUM(length(data)),0), COALESCE(SUM(count),0), COUNT(*) FROM history_chunks WHERE compacted=0").fetchone()
    out["windows"] = [list(r) for r in con.execute(
        "SELECT window_start, compacted, COUNT(*), SUM(count), SUM(length(data)) FROM history_chunks GROUP BY window_start, compacted ORDER BY window_start")]
    out["head_bytes"] = con.execute("SELECT COALESCE(SUM(length(data)),0) FROM history_heads").fetchone()[0]
    out["series"] = con.execute("SELECT COUNT(*) FROM history_series").fetchone()[0]
    con.close()
    print(json.dumps(out))

def cmd_uncompacted(path, before_ms):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    print(con.execute("SELECT COUNT(*) FROM history_chunks WHERE compacted=0 AND window_start <= ?", (int(before_ms),)).fetchone()[0])

def cmd_vacuum(path):
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("VACUUM")
    con.close()
    print(os.path.getsize(path))

if __name__ == "__main__":
    import urllib.parse
    cmd, *rest = sys.argv[1:]
    if cmd == "snap": snap(int(rest[0]), rest[1], rest[2])
    elif cmd == "wait-first": wait_first(rest[0], rest[1], float(rest[2]), float(rest[3]))
    elif cmd == "prom-scrapes": cmd_prom_scrapes(rest[0], float(rest[1]), float(rest[2]), float(rest[3]), float(rest[4]))
    elif cmd == "hops-scrapes": cmd_hops_scrapes(rest[0], rest[1], float(rest[2]), float(rest[3]), float(rest[4]), float(rest[5]))
    elif cmd == "db": cmd_db(rest[0])
    elif cmd == "uncompacted": cmd_uncompacted(rest[0], rest[1])
    elif cmd == "vacuum": cmd_vacuum(rest[0])
PY
M() { python3 "$HELPER" "$@"; }
jget() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d[sys.argv[2]])' "$1" "$2"; }

EXPORTER_PID=""
start_exporter() {
  EXPORTER_PORT=$(free_port)
  dotnet bench/SyntheticExporter/bin/Release/net10.0/SyntheticExporter.dll --urls "http://127.0.0.1:$EXPORTER_PORT" \
    --endpoints "$TARGETS" --series "$SERIES" >"$WORK/exporter.log" 2>&1 &
  EXPORTER_PID=$!; pids+=("$EXPORTER_PID")
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$EXPORTER_PORT/stats" >/dev/null && return; sleep 0.2; done
  echo "exporter did not start" >&2; exit 1
}

# record TOOL INTERVAL KEY VALUE
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }

# measure_run TOOL INTERVAL PID METRICS_URL COUNTER: the warm-up, then the steady part; records rate, CPU, RSS.
measure_run() {
  local tool=$1 interval=$2 pid=$3 url=$4 counter=$5
  RUN_START=$(date +%s.%N)
  # In the background: how long until every target's first scrape (all series created) is stored.
  M wait-first "$url" "$counter" $((TARGETS * SERIES)) "$DURATION" > "$WORK/first-$tool-$interval" &
  local waiter=$!
  sleep "$(python3 -c "import sys,time; print(max(0, float(sys.argv[1]) + int(sys.argv[2]) - time.time()))" "$RUN_START" "$WARMUP")"
  STEADY_START=$(date +%s.%N)
  local a; a=$(M snap "$pid" "$url" "$counter")
  local e1; e1=$(M snap "$EXPORTER_PID" none none)
  sleep $(( DURATION - WARMUP ))
  local b; b=$(M snap "$pid" "$url" "$counter")
  local e2; e2=$(M snap "$EXPORTER_PID" none none)
  RUN_END=$(date +%s.%N)
  kill "$waiter" 2>/dev/null || true; wait "$waiter" 2>/dev/null || true
  record "$tool" "$interval" first_scrapes_stored_s "$(cat "$WORK/first-$tool-$interval" 2>/dev/null || echo nan)"
  python3 - "$a" "$b" "$e1" "$e2" "$tool" "$interval" >> "$RESULTS" <<'PY'
import json, sys
a, b, e1, e2 = (json.loads(x) for x in sys.argv[1:5]); tool, interval = sys.argv[5:7]
dt = b["t"] - a["t"]
rate = (b["appended"] - a["appended"]) / dt
cores = (b["cpu"] - a["cpu"]) / dt
rows = {"samples_per_s": rate, "cpu_cores": cores, "cpu_s_per_100k": cores / (rate / 1e5) if rate > 0 else float("nan"),
        "cpu_total_s": b["cpu"], "rss_end": b["rss"], "rss_peak": b["hwm"], "steady_s": dt, "appended_total": b["appended"],
        "exporter_cores": (e2["cpu"] - e1["cpu"]) / (e2["t"] - e1["t"]),
        # Everything else the machine ran meanwhile (other users' builds and tests share the 2 cores).
        "other_cores": max(0.0, (b["busy"] - a["busy"]) / dt - cores - (e2["cpu"] - e1["cpu"]) / (e2["t"] - e1["t"]))}
for k, v in rows.items():
    print(f"{tool}\t{interval}\t{k}\t{v}")
PY
}

run_prometheus() {
  local interval=$1 dir="$WORK/prom-$1" port; port=$(free_port)
  mkdir -p "$dir"
  {
    echo "global: {scrape_interval: ${interval}s, scrape_timeout: ${interval}s, evaluation_interval: 1m}"
    echo "scrape_configs:"
    for i in $(seq 0 $((TARGETS - 1))); do
      echo "  - {job_name: synthetic$i, metrics_path: /metrics/$i, sample_limit: 60000, static_configs: [{targets: ['127.0.0.1:$EXPORTER_PORT']}]}"
    done
  } > "$dir/prometheus.yml"
  say "Prometheus $(prometheus --version 2>&1 | awk 'NR==1 {print $3}') at ${interval}s for ${DURATION}s"
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
    --web.enable-admin-api --log.level=warn >"$dir/prometheus.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.2; done
  measure_run prometheus "$interval" "$pid" "http://127.0.0.1:$port/metrics" prometheus_tsdb_head_samples_appended_total
  local scr; scr=$(M prom-scrapes "http://127.0.0.1:$port" "$interval" "$RUN_START" "$RUN_END" "$STEADY_START")
  for k in scrapes expected max p99 p50 late missed steady_scrapes steady_expected steady_max steady_p99 steady_p50 steady_late steady_missed; do record prometheus "$interval" "scrape_$k" "$(jget "$scr" $k)"; done
  record prometheus "$interval" head_series "$(M snap "$pid" "http://127.0.0.1:$port/metrics" prometheus_tsdb_head_series | python3 -c 'import json,sys; print(json.load(sys.stdin)["appended"])')"
  local snapname; snapname=$(curl -sf -XPOST "http://127.0.0.1:$port/api/v1/admin/tsdb/snapshot" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["name"])')
  local block; block=$(ls -d "$dir/data/snapshots/$snapname"/*/ | head -1)
  record prometheus "$interval" disk_samples "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["numSamples"])' "$block/meta.json")"
  record prometheus "$interval" disk_chunk_bytes "$(du -sb "$block/chunks" | cut -f1)"
  record prometheus "$interval" disk_block_bytes "$(du -sb "$block" | cut -f1)"
  stop_pid "$pid"
}

run_hospitalops() {
  local interval=$1 dir="$WORK/hops-$1" port; port=$(free_port)
  mkdir -p "$dir"
  say "HospitalOps at ${interval}s for ${DURATION}s"
  # shellcheck disable=SC2086
  env HOSPITALOPS_Logging__LogLevel__Default=Warning HOSPITALOPS_Monitoring__History__WindowMinutes=5 \
    HOSPITALOPS_Monitoring__History__CompactionDelayMinutes=1 ${HOPS_ENV:-} \
    dotnet src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll serve --data-dir "$dir/data" --urls "http://127.0.0.1:$port" \
    >"$dir/host.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  local base="http://127.0.0.1:$port"
  for _ in $(seq 300); do curl -sf "$base/health/ready" >/dev/null && break; sleep 0.2; done
  local password jar="$dir/cookies" csrf session
  password=$(cat "$dir/data/initial-admin-password")
  curl -sf -c "$jar" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
  csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  curl -sf -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
    -d "{\"currentPassword\":\"$password\",\"newPassword\":\"Bench#Pass2026x\"}" "$base/api/v1/auth/change-password" >/dev/null
  csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  session=$(awk '$6=="hops_session" {print $7}' "$jar")
  local post=(curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json')
  for i in $(seq 0 $((TARGETS - 1))); do
    local ci
    ci=$("${post[@]}" -d "{\"type\":\"os-instance\",\"code\":\"bench-$i\",\"name\":\"bench exporter $i\",\"attributes\":{}}" "$base/api/v1/cmdb/cis" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    "${post[@]}" -d "{\"ciId\":$ci,\"kind\":\"prometheus\",\"name\":\"synthetic$i\",\"address\":\"http://127.0.0.1:$EXPORTER_PORT/metrics/$i\",\"intervalSeconds\":$interval,\"timeoutSeconds\":$interval}" \
      "$base/api/v1/monitoring/targets" >/dev/null
  done
  measure_run hospitalops "$interval" "$pid" "$base/metrics" hospitalops_history_samples_appended_total
  local scr; scr=$(M hops-scrapes "$base" "hops_session=$session" "$interval" "$RUN_START" "$RUN_END" "$STEADY_START")
  for k in scrapes expected max p99 p50 late missed steady_scrapes steady_expected steady_max steady_p99 steady_p50 steady_late steady_missed; do record hospitalops "$interval" "scrape_$k" "$(jget "$scr" $k)"; done
  record hospitalops "$interval" head_series "$(M snap "$pid" "$base/metrics" hospitalops_history_head_series | python3 -c 'import json,sys; print(json.load(sys.stdin)["appended"])')"
  curl -sf "$base/metrics" | grep -E '^hospitalops_history_(flush_duration_seconds_(sum|count)|chunks_written_total|samples_out_of_order_total)' > "$dir/history-metrics.txt" || true
  stop_pid "$pid"
  # Compacting what the run left: windows that ended before the stop were compacted by the server
  # during the run (when the run was long enough); the server is started once more without
  # collecting, with a delay that lets its compactor take every window up to now.
  say "HospitalOps: compacting the remaining windows"
  env HOSPITALOPS_Logging__LogLevel__Default=Warning HOSPITALOPS_Monitoring__SchedulerEnabled=false \
    HOSPITALOPS_Monitoring__History__WindowMinutes=5 HOSPITALOPS_Monitoring__History__CompactionDelayMinutes=-5 \
    dotnet src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll serve --data-dir "$dir/data" --urls "http://127.0.0.1:$port" \
    >"$dir/host-compact.log" 2>&1 &
  pid=$!; pids+=("$pid")
  local now_ms; now_ms=$(( $(date +%s) * 1000 ))
  sleep 60
  for _ in $(seq 120); do
    [ "$(M uncompacted "$dir/data/history.db" "$now_ms")" = 0 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 2
  done
  stop_pid "$pid"
  local db; db=$(M db "$dir/data/history.db")
  echo "$db" > "$dir/history-db.json"
  for k in compacted_bytes compacted_samples compacted_chunks raw_bytes raw_samples raw_chunks head_bytes series; do record hospitalops "$interval" "db_$k" "$(jget "$db" $k)"; done
  # Compacted windows that the run covered from start to end (the first and last are partial).
  record hospitalops "$interval" db_full_window_bytes_per_sample "$(python3 -c '
import json, sys
d, per = json.loads(sys.argv[1]), 300 / float(sys.argv[2])
full = [w for w in d["windows"] if w[1] == 1 and w[3] >= 0.95 * per * w[2]]
print(sum(w[4] for w in full) / sum(w[3] for w in full) if full else "nan")' "$db" "$interval")"
  cp "$dir/data/history.db" "$dir/history-copy.db"
  [ -f "$dir/data/history.db-wal" ] && cp "$dir/data/history.db-wal" "$dir/history-copy.db-wal"
  record hospitalops "$interval" db_vacuumed_bytes "$(M vacuum "$dir/history-copy.db")"
  rm -f "$dir"/history-copy.db*
}

ls "$ROOT/bench/ExpositionParse/bin/Release/net10.0/ExpositionParse.dll" >/dev/null
for interval in $INTERVALS; do
  if [ "$ONLY" != hospitalops ]; then start_exporter; run_prometheus "$interval"; stop_pid "$EXPORTER_PID"; fi
  if [ "$ONLY" != prometheus ]; then start_exporter; run_hospitalops "$interval"; stop_pid "$EXPORTER_PID"; fi
done

say "Exposition parse rate (one core)"
start_exporter
dotnet bench/ExpositionParse/bin/Release/net10.0/ExpositionParse.dll 5 "http://127.0.0.1:$EXPORTER_PORT/metrics/0" | tee "$WORK/parse.txt"
stop_pid "$EXPORTER_PID"

python3 - "$RESULTS" "$WORK/parse.txt" "$DURATION" "$WARMUP" "$TARGETS" "$SERIES" "$QUICK" > "$OUT" <<'PY'
import collections, datetime, platform, re, subprocess, sys
results, parse, duration, warmup, targets, series, quick = sys.argv[1:8]
r = collections.defaultdict(dict)
for line in open(results):
    tool, interval, key, value = line.rstrip("\n").split("\t")
    r[(tool, interval)][key] = float(value)
intervals = sorted({i for _, i in r}, key=lambda x: -float(x))

def f(v, fmt="{:,.0f}"):
    return "—" if v is None or v != v else fmt.format(v)

def disk_prom(d):
    return d.get("disk_chunk_bytes", float("nan")) / d["disk_samples"] if d.get("disk_samples") else float("nan")

def disk_prom_block(d):
    return d.get("disk_block_bytes", float("nan")) / d["disk_samples"] if d.get("disk_samples") else float("nan")

def disk_hops(d):
    return d["db_compacted_bytes"] / d["db_compacted_samples"] if d.get("db_compacted_samples") else float("nan")

def disk_hops_file(d):
    return d["db_vacuumed_bytes"] / d["appended_total"] if d.get("appended_total") else float("nan")

cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) / 1048576
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
prom = subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
print(f"## {datetime.date.today()} — Monitoring ingest: HospitalOps collection + history beside Prometheus{' (quick smoke run)' if quick == '1' else ''}")
print()
print(f"- Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), {mem:.0f} GiB, {platform.freedesktop_os_release().get('PRETTY_NAME', 'Linux') if hasattr(platform, 'freedesktop_os_release') else 'Linux'}, .NET SDK {dotnet}, {prom}.")
print(f"- Command: `bench/monitoring-ingest.sh{' --quick' if quick == '1' else ''} --duration {duration}` — {targets} targets × {int(series):,} series from bench/SyntheticExporter "
      f"(gzip), each tool alone for {duration} s per interval, rates and CPU over the last {int(duration) - int(warmup)} s (after a {warmup} s warm-up); "
      "HospitalOps with 5-minute history windows compacted by the server; Prometheus disk figures from a TSDB snapshot.")
print()
print("| interval | tool | samples/s (steady) | CPU cores | CPU s per 100k samples/s | first scrapes stored after | scrape p50 / p99 / max, steady | late / missed of expected, steady | p99 / max, whole run | late / missed of expected, whole run | RSS end (peak) | head series | RSS per series | disk B/sample, chunks | disk B/sample, whole store | exporter / other cores |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for i in intervals:
    for tool in ("prometheus", "hospitalops"):
        d = r.get((tool, i))
        if not d:
            continue
        chunks = disk_prom(d) if tool == "prometheus" else disk_hops(d)
        whole = disk_prom_block(d) if tool == "prometheus" else disk_hops_file(d)
        g = lambda k: d.get(k, float("nan"))
        print(f"| {i} s | {'Prometheus' if tool == 'prometheus' else 'HospitalOps'} | {f(d['samples_per_s'])} | {f(d['cpu_cores'], '{:.3f}')} | {f(d['cpu_s_per_100k'], '{:.3f}')} | {f(g('first_scrapes_stored_s'), '{:.1f} s')} | "
              f"{f(g('scrape_steady_p50'), '{:.3f}')} / {f(g('scrape_steady_p99'), '{:.3f}')} / {f(g('scrape_steady_max'), '{:.3f}')} s | "
              f"{f(g('scrape_steady_late'))} / {f(g('scrape_steady_missed'))} of {f(g('scrape_steady_expected'))} | "
              f"{f(g('scrape_p99'), '{:.3f}')} / {f(g('scrape_max'), '{:.3f}')} s | {f(g('scrape_late'))} / {f(g('scrape_missed'))} of {f(g('scrape_expected'))} | "
              f"{f(d['rss_end'] / 1048576, '{:,.0f}')} ({f(g('rss_peak') / 1048576, '{:,.0f}')}) MiB | {f(g('head_series'))} | "
              f"{f(d['rss_end'] / d['head_series'] if d.get('head_series') else float('nan'), '{:,.0f} B')} | {f(chunks, '{:.2f}')} | {f(whole, '{:.2f}')} | {f(d['exporter_cores'], '{:.2f}')} / {f(g('other_cores'), '{:.2f}')} |")
print()
print("Targets (HospitalOps against Prometheus in the same run):")
print()
for i in intervals:
    p, h = r.get(("prometheus", i)), r.get(("hospitalops", i))
    if not p or not h:
        continue
    def verdict(name, hv, pv, lower_is_better, unit="", tolerance=0.0):
        if hv != hv or pv != pv:
            return f"- {i} s, {name}: not measured"
        ok = hv <= pv * (1 + tolerance) if lower_is_better else hv >= pv * (1 - tolerance)
        diff = (hv / pv - 1) * 100 if pv else float("nan")
        return f"- {i} s, {name}: HospitalOps {hv:,.3g}{unit} vs Prometheus {pv:,.3g}{unit} — {'met' if ok else 'MISSED'} ({diff:+.0f} %)"
    in_time_h = h.get("scrape_steady_late", 0) == 0 and h.get("scrape_steady_missed", 0) == 0
    in_time_p = p.get("scrape_steady_late", 0) == 0 and p.get("scrape_steady_missed", 0) == 0
    offered = int(targets) * int(series) / float(i)
    # Both tools are offered the same load; within 1 % of each other counts as equal.
    print(verdict("samples/s sustained", h["samples_per_s"], p["samples_per_s"], False, tolerance=0.01)
          + f" (offered {offered:,.0f}; within 1 % counts as equal)"
          + f"; every steady-state scrape inside its interval: HospitalOps {'yes' if in_time_h else 'NO'}, Prometheus {'yes' if in_time_p else 'NO'}")
    print(verdict("CPU s per 100k samples/s", h["cpu_s_per_100k"], p["cpu_s_per_100k"], True))
    print(verdict("RSS per active series", h["rss_end"] / h["head_series"], p["rss_end"] / p["head_series"], True, " B"))
    print(verdict("disk bytes/sample after compaction (chunks)", disk_hops(h), disk_prom(p), True)
          + f"; HospitalOps full 5-minute windows only: {f(h.get('db_full_window_bytes_per_sample'), '{:.2f}')}")
    print(verdict("disk bytes/sample, whole store (history.db after VACUUM vs snapshot block)", disk_hops_file(h), disk_prom_block(p), True))
print()
print("Exposition parse rate (bench/ExpositionParse, one thread):")
print()
print("```")
print(open(parse).read().strip())
print("```")
PY
echo
cat "$OUT"
