# Starts and stops a throwaway PostgreSQL cluster for tests and benchmarks:
# run as the postgres user, on 127.0.0.1 and a free port, in a temporary directory.
# Usage (sourced):  pg_start  → sets PG_PORT, PG_DIR, PG_CONN;  pg_stop

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

pg_start() {
  ensure_debs postgresql
  local bin
  bin=$(pg_bin) || { echo "PostgreSQL binaries not found" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/hospitalops-pg.XXXXXX)
  PG_PORT=$(free_port)
  chown postgres:postgres "$PG_DIR"
  su postgres -s /bin/sh -c "$bin/initdb -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$PG_DIR/initdb.log' 2>&1"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$PG_DIR' -c max_connections=300 -c fsync=off\" start >/dev/null"
  PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local bin
  bin=$(pg_bin)
  su postgres -s /bin/sh -c "$bin/pg_ctl -D '$PG_DIR/data' -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
