#!/usr/bin/env bash
# Benchmark of issue 3: the CMDB availability engine on a generated hospital group (100,000 CIs,
# 500,000 relations) beside the same questions asked of PostgreSQL with recursive SQL over the
# same relation table, in one run. Prints both; copy them into bench/RESULTS.md.
# Usage: bench/cmdb-availability.sh [nodes] [edges]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/lib.sh
source scripts/postgres.sh
NODES=${1:-100000}
EDGES=${2:-500000}
WORK=$(mktemp -d /tmp/hospitalops-cmdb-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT

say "Building the engine benchmark (Release)"
dotnet build bench/CmdbAvailability -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
say "HospitalOps engine"
dotnet bench/CmdbAvailability/bin/Release/net10.0/CmdbAvailability.dll "$NODES" "$EDGES" --export "$WORK" | tee "$WORK/engine.txt"

pg_start
chmod -R a+rX "$WORK"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" <<SQL
CREATE TABLE nodes (id bigint PRIMARY KEY, type text, is_business int, min_members int);
CREATE TABLE edges (from_id bigint, to_id bigint, kind text, mode text);
\copy nodes FROM '$WORK/nodes.csv' WITH (FORMAT csv)
\copy edges FROM '$WORK/edges.csv' WITH (FORMAT csv)
CREATE INDEX ON edges (to_id, kind);
CREATE INDEX ON edges (from_id, kind);
ANALYZE;
SQL

# Impact in SQL: everything that transitively needs the failed CI (members count as needing
# their cluster's failure too). It ignores N-of-M thresholds and standbys, so it does less
# than the engine does.
cat > "$WORK/impact.sql" <<'SQL'
\set id random(1, :nodes)
WITH RECURSIVE down(id) AS (
  SELECT :id::bigint
  UNION
  SELECT s.id FROM down d CROSS JOIN LATERAL (
    SELECT e.from_id AS id FROM edges e WHERE e.to_id = d.id AND e.kind = 'Needs'
    UNION ALL
    SELECT e.to_id FROM edges e WHERE e.from_id = d.id AND e.kind = 'MemberOf') s
)
SELECT count(*) FROM down;
SQL
say "PostgreSQL: impact of one random failed CI (recursive SQL), 1000 queries"
(cd "$WORK" && pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -c 1 -t 1000 -D nodes="$NODES" -f impact.sql -l --log-prefix=impact postgres >/dev/null 2>&1 || true)
cat "$WORK"/impact.[0-9]* 2>/dev/null | awk '{print $3/1000.0}' | sort -n > "$WORK/impact-ms.txt"
count=$(wc -l < "$WORK/impact-ms.txt")
if [ "$count" -gt 0 ]; then
  p50=$(awk -v n="$count" 'NR==int(n*0.50)+1 {print; exit}' "$WORK/impact-ms.txt")
  p99=$(awk -v n="$count" 'NR==int(n*0.99)+1 {print; exit}' "$WORK/impact-ms.txt")
  max=$(tail -n 1 "$WORK/impact-ms.txt")
  echo "postgresql impact of one random failed CI: p50 $p50 ms, p99 $p99 ms, max $max ms ($count queries)" | tee -a "$WORK/pg.txt"
else
  echo "postgresql impact: no results (pgbench failed)" | tee -a "$WORK/pg.txt"
fi

# The failure matrix in SQL: for each business system, its closure, then from every component of
# that closure the set it takes down (reachability along "needs" and membership), keeping the
# components whose failure reaches the business system. Like the impact query it ignores N-of-M
# thresholds and standbys (so it would call every covered component a single point), so it does
# less than the engine, which classifies X/M/A exactly.
say "PostgreSQL: failure matrix of the same 50 business systems (recursive SQL)"
{
  echo "SET statement_timeout = '300s';"
  while read -r b; do
    cat <<SQL
WITH RECURSIVE up(id) AS (
  SELECT ${b}::bigint
  UNION
  SELECT s.id FROM up u CROSS JOIN LATERAL (
    SELECT e.to_id AS id FROM edges e WHERE e.from_id = u.id AND e.kind = 'Needs'
    UNION ALL
    SELECT e.from_id FROM edges e WHERE e.to_id = u.id AND e.kind IN ('MemberOf', 'BacksUp')) s
),
reach(src, id) AS (
  SELECT id, id FROM up WHERE id <> ${b}
  UNION
  SELECT r.src, s.id FROM reach r CROSS JOIN LATERAL (
    SELECT e.from_id AS id FROM edges e WHERE e.to_id = r.id AND e.kind = 'Needs'
    UNION ALL
    SELECT e.to_id FROM edges e WHERE e.from_id = r.id AND e.kind = 'MemberOf') s
  WHERE r.id IN (SELECT id FROM up)
)
SELECT count(DISTINCT src) FROM reach WHERE id = ${b};
SQL
  done < "$WORK/business.txt"
} > "$WORK/matrix.sql"
start=$(date +%s%N)
if "${PSQL[@]}" -f "$WORK/matrix.sql" > "$WORK/matrix.out" 2>"$WORK/matrix.err"; then
  end=$(date +%s%N)
  echo "postgresql failure matrix, 50 business systems: $(( (end - start) / 1000000 )) ms in total (reachability only)" | tee -a "$WORK/pg.txt"
else
  end=$(date +%s%N)
  echo "postgresql failure matrix: stopped after $(( (end - start) / 1000000 )) ms: $(head -c 200 "$WORK/matrix.err")" | tee -a "$WORK/pg.txt"
fi

echo "postgresql minimal cut sets: not expressible as one recursive query (pairs need the matrix per pair); no peer figure" | tee -a "$WORK/pg.txt"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), PostgreSQL $(psql --version | awk '{print $3}')"
