#!/usr/bin/env bash
# Event-storm benchmark: HospitalOps's Alertmanager-compatible alerts API (/api/v1/alerting/api/v2/alerts) beside
# Alertmanager 0.25 (the Debian package prometheus-alertmanager), fed the same alerts by the same client
# (bench/AlertStorm), on the same machine in the same run — one system after the other, never both at once (the machine
# has 2 cores, which the load generator shares with the server under test).
#
# Load (bench/AlertStorm/StormPlan.cs): 5,000 CIs × 4 alert names = 20,000 distinct alerts. For 60 s, 10,000 alerts a
# second in posts of 1,000 (one post every 100 ms, at most 4 in flight), built before the storm. Each second about 1/60
# of the CIs fire for the first time (a CI's 4 alerts together in one post); the rest of every post re-sends alerts
# already firing, round robin, as Prometheus re-sends what still fires. startsAt = the alert's first scheduled send,
# endsAt = the post's time + 15 min. A post that cannot leave on time leaves late (the lag is reported); none is
# skipped or retried.
#
# HospitalOps: a fresh SQLite data directory (no demo data), an API token with scope alerting.ingest, a webhook channel
# (600 messages a minute, the most a channel allows) to the client's counting receiver and one route taking every event,
# so that notifications are planned and sent as in production. Measured: every alert has exactly one event (read from
# config.db, read-only, after the storm) and a firing message in notification_outbox; latency = the message's created_at
# (enqueued) − the first send of its alert; the same split at the event's "opened" notice (ingest) and from there to the
# outbox (planning); how long after the storm the last message is enqueued.
# Alertmanager: its own config in a temporary directory, clustering off, one webhook receiver = the client's counting
# receiver; two routes are measured, one run each:
#   group_by [alertname, ci], group_wait 0s — every alert its own group, sent as soon as it arrives (0s is accepted);
#   group_by [ci], group_wait 1s — what Alertmanager is for: a CI's alerts grouped into one notification, after a
#   short wait (the default group_wait is 30s).
# group_interval 10m and repeat_interval 4h in both, so only first notifications happen during the run. Measured: every
# alert named in some notification; notifications received; latency = arrival at the receiver − first send.
# CPU (utime+stime from /proc) and resident memory of each server, the client's CPU, and the machine's load.
#
# Usage: bench/alert-storm.sh [--seconds 60] [--rate 10000] [--post-size 1000] [--concurrency 4] [--cis 5000]
#                             [--only hospitalops|alertmanager] [--postgres] [--hog N] [--profile] [--keep DIR]
#   --postgres: HospitalOps a second time, its configuration database on PostgreSQL (scripts/postgres.sh, fsync on)
#   --hog N: N busy loops (one core each) run beside every storm, the same for each system: the machine as it is while
#            other work (a build, a test suite) competes for the 2 cores, but reproducible
#   --profile: HospitalOps started with perf maps and sampled with perf for 30 s of its storm; the report (self time by
#              category, then the top symbols) is printed and left in the work directory (with --keep) as profile.txt
# Prints a table and writes it, as a block for bench/RESULTS.md, to $OUT (default /tmp/alert-storm-results.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh
source scripts/postgres.sh

SECONDS_=60
RATE=10000
POST_SIZE=1000
CONCURRENCY=4
CIS=5000
ONLY=""
POSTGRES=0
HOG=0
PROFILE=0
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --post-size) POST_SIZE=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --cis) CIS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --postgres) POSTGRES=1; shift ;;
    --hog) HOG=$2; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --keep) KEEP=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-/tmp/alert-storm-results.md}

command -v prometheus-alertmanager >/dev/null || ensure_debs prometheus-alertmanager
command -v python3 >/dev/null || ensure_debs python3
WORK=${KEEP:-$(mktemp -d /tmp/hospitalops-alert-storm.XXXXXX)}
mkdir -p "$WORK"
pids=()
# Stops a server this script started and forgets it (so the exit trap never signals a reused process id).
stop_server() {
  stop_pid "$1"
  local kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do stop_pid "$p"; done
  [ "$POSTGRES" = 0 ] || pg_stop
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

say "Building (Release)"
dotnet build src/HospitalOps.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/AlertStorm -c Release -nologo -v quiet -clp:ErrorsOnly
HOST_DLL=src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll
# Runs the storm, with the busy loops of --hog beside it for its duration.
storm() {
  local hogs=() h rc=0
  for _ in $(seq "$HOG"); do sh -c 'while :; do :; done' & hogs+=("$!"); pids+=("$!"); done
  "${STORM[@]}" "$@" || rc=$?
  for h in "${hogs[@]+"${hogs[@]}"}"; do stop_server "$h"; done
  return "$rc"
}
STORM=(dotnet bench/AlertStorm/bin/Release/net10.0/AlertStorm.dll storm --seconds "$SECONDS_" --rate "$RATE" --post-size "$POST_SIZE"
  --concurrency "$CONCURRENCY" --cis "$CIS")

run_hospitalops() {
  local on=$1
  local dir="$WORK/hops-$on" config_db engine
  mkdir -p "$dir/data"
  local port receiver
  port=$(free_port)
  receiver=$(free_port)
  local env_db=() db_pid=()
  if [ "$on" = postgres ]; then
    pg_start
    # The throwaway cluster starts with fsync=off (for tests); a benchmark of durable writes needs it on, as SQLite's
    # synchronous=FULL is on the other side.
    su postgres -s /bin/sh -c "$(pg_bin)/psql -qAt -h 127.0.0.1 -p $PG_PORT -c 'ALTER SYSTEM SET fsync = on' -c 'SELECT pg_reload_conf()'" >/dev/null
    config_db="$PG_CONN"
    env_db=("HOSPITALOPS_ConnectionStrings__Config=$config_db")
    engine="PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}')"
    db_pid=(--database-pid "$(head -1 "$PG_DIR/data/postmaster.pid")")
  else
    config_db="$dir/data/config.db"
    engine="SQLite"
  fi
  local perf_env=()
  # perf maps name the JIT-compiled methods; W^X off lets perf attribute samples to them (both change the server a
  # little, so the numbers of a --profile run are not the reference ones).
  [ "$PROFILE" = 0 ] || perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
  say "Starting HospitalOps ($engine)"
  env HOSPITALOPS_Logging__LogLevel__Default=Warning "${env_db[@]}" "${perf_env[@]}" \
    dotnet "$HOST_DLL" serve --data-dir "$dir/data" --urls "http://127.0.0.1:$port" > "$dir/host.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  local url="http://127.0.0.1:$port"
  for _ in $(seq 600); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.2; done

  # First login (the initial password must be changed), then a token for the alerts API, a channel and a route.
  local jar="$dir/cookies" password csrf token channel
  password=$(cat "$dir/data/initial-admin-password")
  curl -sf -c "$jar" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" "$url/api/v1/auth/login" >/dev/null
  csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  curl -sf -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
    -d "{\"currentPassword\":\"$password\",\"newPassword\":\"Bench#Pass2026x\"}" "$url/api/v1/auth/change-password" >/dev/null
  csrf=$(awk '$6=="hops_csrf" {print $7}' "$jar")
  api() { curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' -d "$2" "$url$1"; }
  token=$(api /api/v1/account/tokens '{"name":"alert-storm","scopes":["alerting.ingest"],"expiresInDays":1}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  channel=$(api /api/v1/alerting/channels "{\"name\":\"storm receiver\",\"type\":\"webhook\",\"language\":\"en-US\",\"ratePerMinute\":600,\"settings\":{\"url\":\"http://127.0.0.1:$receiver/hook/hospitalops\"}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  api /api/v1/alerting/routes "{\"name\":\"every event\",\"match\":{},\"channels\":[$channel],\"notifyResolved\":true}" >/dev/null

  say "HospitalOps storm ($engine): $RATE alerts/s for $SECONDS_ s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local profiler=""
  if [ "$PROFILE" = 1 ]; then
    command -v perf >/dev/null || ensure_debs linux-perf
    # The client builds its posts for a few seconds before the storm begins; sample from about 5 s into it.
    (sleep 12; perf record -F 299 -g -p "$pid" -o "$dir/perf.data" -- sleep 30 >/dev/null 2>&1 || true) &
    profiler=$!
  fi
  storm --system hospitalops --label "HospitalOps ($engine)" --target "$url/api/v1/alerting/api/v2/alerts" --token "$token" \
    --receiver-port "$receiver" --out "$dir/result" --server-pid "$pid" "${db_pid[@]}" --hops-db "$config_db" --drain-seconds 600
  echo "$engine" > "$dir/result/engine"
  if [ -n "$profiler" ]; then
    wait "$profiler" || true
    profile_report "$dir/perf.data" > "$dir/profile.txt"
    say "Profile of HospitalOps ($engine) during its storm:"; cat "$dir/profile.txt" >&2
  fi
  stop_server "$pid"
  [ "$on" = sqlite ] || pg_stop
}

# Self time of the sampled process by where it goes (first matching rule wins), then the top symbols.
profile_report() {
  perf report -i "$1" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' > "$1.txt" || true
  python3 - "$1.txt" <<'PY'
import collections, re, sys
rules = [
    ("SQLite parameter lookup by name (strncmp, sqlite3VListNameToNum)", r"strncmp|sqlite3VListNameToNum"),
    ("SQLite, other (statements, B-trees, WAL)", r"libe_sqlite3"),
    ("Npgsql", r"Npgsql"),
    ("Dapper, Microsoft.Data.Sqlite, SQLitePCL, SafeHandle", r"Dapper|Microsoft.Data.Sqlite|SQLitePCL|SafeHandle"),
    ("JSON (System.Text.Json: request binding, annotations, messages)", r"System.Text.Json"),
    ("ingest (IngestAlerts: normalise, fingerprint, title)", r"IngestAlerts|CompiledRule|EventBook"),
    ("notification planning (NotificationPlanner, routes, messages, correlation)", r"NotificationPlanner|RouteMatcher|NotificationMessages|EventCorrelation|OnDutyLookup"),
    ("regular expressions", r"RegularExpressions|Regex"),
    ("Kestrel, HTTP, authentication, routing", r"AspNetCore|Kestrel|System.Net"),
    ("collections, LINQ, strings, sorting", r"HashSet|Dictionary|SortedDictionary|List`1|Linq|ArraySortHelper|Enumerable|System.String|StringBuilder"),
    ("GC and runtime (libcoreclr, libclrjit, memset/memmove)", r"libcoreclr|libclrjit|memset|memmove|libc"),
    ("kernel (system calls: fsync, network, futex)", r"\[kernel"),
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
for pct, rest in top[:30]:
    print(f"{pct:5.2f} %  {rest}")
PY
}

run_alertmanager() {
  local name=$1 group_by=$2 group_wait=$3
  local dir="$WORK/am-$name" port receiver
  mkdir -p "$dir/data"
  port=$(free_port)
  receiver=$(free_port)
  cat > "$dir/alertmanager.yml" <<EOF
route:
  receiver: storm
  group_by: [$group_by]
  group_wait: $group_wait
  group_interval: 10m
  repeat_interval: 4h
receivers:
  - name: storm
    webhook_configs:
      - url: http://127.0.0.1:$receiver/hook/alertmanager
        send_resolved: true
EOF
  say "Starting Alertmanager (group_by [$group_by], group_wait $group_wait)"
  prometheus-alertmanager --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" --web.listen-address="127.0.0.1:$port" \
    --cluster.listen-address="" --log.level=warn > "$dir/alertmanager.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.2; done
  say "Alertmanager storm (group_by [$group_by], group_wait $group_wait): $RATE alerts/s for $SECONDS_ s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  storm --system alertmanager --label "Alertmanager, group_by [$group_by], group_wait $group_wait" \
    --target "http://127.0.0.1:$port/api/v2/alerts" --receiver-port "$receiver" --out "$dir/result" --server-pid "$pid" --drain-seconds 300
  echo "$group_by|$group_wait" > "$dir/result/route"
  stop_server "$pid"
}

if [ "$ONLY" != alertmanager ]; then
  run_hospitalops sqlite
  [ "$POSTGRES" = 0 ] || run_hospitalops postgres
fi
if [ "$ONLY" != hospitalops ]; then
  run_alertmanager per-alert "alertname, ci" 0s
  run_alertmanager per-ci "ci" 1s
fi

python3 - "$WORK" "$SECONDS_" "$RATE" "$POST_SIZE" "$CONCURRENCY" "$CIS" "$HOG" "$POSTGRES" > "$OUT" <<'PY'
import datetime, glob, json, os, re, subprocess, sys
work, seconds, rate, post_size, concurrency, cis, hog, postgres = sys.argv[1:9]
runs = []
for d in ["hops-sqlite", "hops-postgres"] + sorted(os.path.basename(p) for p in glob.glob(os.path.join(work, "am-*"))):
    f = os.path.join(work, d, "result", "summary.json")
    if os.path.exists(f):
        runs.append(json.load(open(f)))
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) / 1048576
dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
am = subprocess.run(["prometheus-alertmanager", "--version"], capture_output=True, text=True)
am = (am.stdout or am.stderr).splitlines()[0]
commit = subprocess.run(["git", "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src"], capture_output=True, text=True).stdout.strip()

def ms(v): return "—" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:.1f}"
def pct(p, keys=("p50", "p95", "p99", "max")): return "—" if not p else " / ".join(ms(p[k]) for k in keys)
def num(v, f="{:,.0f}"): return "—" if v is None else f.format(v)

print(f"## {datetime.date.today()} — Event storm: HospitalOps alerts API beside Alertmanager 0.25 ({int(cis) * 4:,} alerts, {int(rate):,}/s for {seconds} s)")
print()
print(f"- Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), {mem:.0f} GiB, .NET SDK {dotnet}, {am}; "
      f"code {commit}{' (with uncommitted changes under src/)' if dirty else ''}.")
print(f"- Command: `bench/alert-storm.sh --seconds {seconds} --rate {rate} --post-size {post_size} --concurrency {concurrency} --cis {cis}"
      f"{' --postgres' if postgres == '1' else ''}{' --hog ' + hog if hog != '0' else ''}`; each system alone (one after the other), the client on the same 2 cores"
      f"{f', with {hog} busy loop(s) beside every storm' if hog != '0' else ''}.")
for r in runs:
    print(f"- {r['label']}: storm from {r['started_utc']} UTC; load average before / at the storm's end / after the drain: "
          f"{r['load_before']} / {r['load_storm_end']} / {r['load_after']}; the whole machine busy {r['machine_busy_storm_cores']:.2f} of 2 cores during the storm "
          f"(server {r['server_cpu_storm_cores']:.2f}{', its PostgreSQL %.2f' % r['database_cpu_storm_cores'] if r.get('database_cpu_storm_cores') else ''}, client {r['client_cpu_storm_cores']:.2f}, "
          f"other work {max(0, r['machine_busy_storm_cores'] - r['server_cpu_storm_cores'] - r.get('database_cpu_storm_cores', 0) - r['client_cpu_storm_cores']):.2f}).")
print()
print("| system | posts ok / failed | achieved alerts/s (storm s) | post latency p50 / p95 / p99 / max (ms) | send lag p99 / max (ms) | alerts with a notification (missing, duplicated) | notifications (alerts each) | first send → notification p50 / p95 / p99 / max (ms) | last after storm (s) | server CPU storm (cores) / drain (s) | server RSS peak (MiB) | p99 < 1 s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in runs:
    lat = r.get("latency_ms")
    met = lat is not None and lat["p99"] < 1000 and r["missing"] == 0 and r.get("duplicated", 0) == 0 and r["posts_failed"] == 0
    if r["system"] == "hospitalops":
        notified = f"{r['keys'] - r['missing'] - r['duplicated']:,} of {r['keys']:,} ({r['missing']}, {r['duplicated']})"
        notes = f"{r['outbox_firing_rows']:,} outbox rows (1)"
    else:
        notified = f"{r['keys'] - r['missing']:,} of {r['keys']:,} ({r['missing']}, —)"
        notes = f"{r['receiver_notifications']:,} ({num(r['alerts_per_notification'], '{:.1f}')})"
    print(f"| {r['label']} | {r['posts_ok']} / {r['posts_failed']} | {r['achieved_rate']:,.0f} ({r['storm_seconds']:.1f}) | {pct(r['post_ms'])} | "
          f"{pct(r['send_lag_ms'], ('p99', 'max'))} | {notified} | {notes} | {pct(lat)} | {num(r['last_first_notification_after_storm_s'], '{:.1f}')} | "
          f"{r['server_cpu_storm_cores']:.2f} / {r['server_cpu_drain_s']:.1f} | {num(r['server_rss_peak_storm_mib'])} | {'met' if met else 'MISSED'} |")
print()
for r in runs:
    if r["system"] == "hospitalops":
        print(f"- {r['label']}, split: first send → the server takes the post (the event's opened time) {pct(r['ingest_latency_ms'])} ms; "
              f"opened → message in the outbox (the post's write lock and commit, then planning) {pct(r['planning_latency_ms'])} ms (p50 / p95 / p99 / max). "
              f"Events {r['events']:,} (opened as the API reported: {r['opened_reported_by_api']:,}); events without a message {r['events_without_message']}; "
              f"notices still pending at the end {r['pending_notices_at_end']}; drain {'complete' if r['drain_complete'] else 'NOT complete'} {r['drain_seconds']:.1f} s after the storm; "
              f"messages delivered to the receiver by then {r['receiver_notifications']:,} (the channel's limit is 600 a minute).")
    else:
        print(f"- {r['label']}: {r['receiver_notifications']:,} notifications naming {r['receiver_alerts_named']:,} alerts; resolved ones {r['receiver_resolved']}; "
              f"drain {'complete' if r['drain_complete'] else 'NOT complete'} {r['drain_seconds']:.1f} s after the storm.")
    if r["posts_failed"]:
        print(f"  First failure: {r['first_error']}")
PY
echo
cat "$OUT"
[ -z "$KEEP" ] || echo "(raw results in $WORK)"
