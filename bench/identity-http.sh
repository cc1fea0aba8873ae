#!/usr/bin/env bash
# Benchmark of issue 2: requests/s and p99 of GET /api/v1/auth/me (session cookie, SQLite)
# and GET /health/ready under wrk with 64 connections, next to a bare minimal-API endpoint
# measured in the same run, plus the server's idle RSS. Prints a Markdown table row set.
# Usage: bench/identity-http.sh [duration-seconds]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh
ensure_debs wrk
DURATION=${1:-20}
WORK=$(mktemp -d /tmp/hospitalops-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

say "Building (Release)"
dotnet build src/HospitalOps.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/BareMinimalApi -c Release -nologo -v quiet -clp:ErrorsOnly

HOST_PORT=$(free_port)
BARE_PORT=$(free_port)
HOSPITALOPS_Logging__LogLevel__Default=Warning dotnet src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll serve \
  --urls "http://127.0.0.1:$HOST_PORT" --data-dir "$WORK/data" >"$WORK/host.log" 2>&1 &
pids+=($!); HOST_PID=$!
dotnet bench/BareMinimalApi/bin/Release/net10.0/BareMinimalApi.dll --urls "http://127.0.0.1:$BARE_PORT" >"$WORK/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HOST_PORT/health/ready" >/dev/null && curl -sf "http://127.0.0.1:$BARE_PORT/bare" >/dev/null && break; sleep 0.2; done

sleep 5
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$HOST_PID/status")

# Sign in as the generated admin, do the forced password change, keep the session cookie.
PASSWORD=$(cat "$WORK/data/initial-admin-password")
JAR="$WORK/cookies"
curl -sf -c "$JAR" -H 'content-type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$HOST_PORT/api/v1/auth/login" >/dev/null
CSRF=$(awk '$6=="hops_csrf" {print $7}' "$JAR")
curl -sf -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'content-type: application/json' \
  -d "{\"currentPassword\":\"$PASSWORD\",\"newPassword\":\"Bench#Pass2026x\"}" "http://127.0.0.1:$HOST_PORT/api/v1/auth/change-password" >/dev/null
SESSION=$(awk '$6=="hops_session" {print $7}' "$JAR")
curl -sf -H "Cookie: hops_session=$SESSION" "http://127.0.0.1:$HOST_PORT/api/v1/auth/me" >/dev/null

measure() {
  local label=$1 url=$2; shift 2
  wrk -t2 -c64 -d5s --latency "$@" "$url" >/dev/null 2>&1 # warm-up
  local out rps p99
  out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$@" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $4}')
  printf '| %s | %s | %s | %s |\n' "$label" "$rps" "$p99" "${errors:-0}"
}

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(dotnet --version) SDK; wrk 2 threads, 64 connections, ${DURATION}s"
echo
echo "| endpoint | requests/s | p99 | non-2xx |"
echo "|---|---|---|---|"
measure "bare minimal API \`GET /bare\` (baseline)" "http://127.0.0.1:$BARE_PORT/bare"
measure "HospitalOps \`GET /api/v1/auth/me\` (session cookie, SQLite)" "http://127.0.0.1:$HOST_PORT/api/v1/auth/me" -H "Cookie: hops_session=$SESSION"
measure "HospitalOps \`GET /health/ready\` (both SQLite databases)" "http://127.0.0.1:$HOST_PORT/health/ready"
echo
echo "Idle RSS of HospitalOps after start (before load): $((IDLE_RSS_KB / 1024)) MiB"
echo "RSS after the load: $(( $(awk '/VmRSS/ {print $2}' "/proc/$HOST_PID/status") / 1024 )) MiB"
