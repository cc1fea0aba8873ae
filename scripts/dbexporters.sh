# Starts and stops throwaway database exporters for the scrape collection's real-peer tests:
# Debian's prometheus-postgres-exporter against the PostgreSQL of scripts/postgres.sh and
# prometheus-mysqld-exporter against the MariaDB of scripts/mariadb.sh, each on 127.0.0.1 and a
# free port. Call after pg_start and mariadb_start.
# Usage (sourced):  dbexporters_start  → exports HOSPITALOPS_TEST_POSTGRES_EXPORTER and
#                   HOSPITALOPS_TEST_MYSQLD_EXPORTER (full /metrics URLs);  dbexporters_stop

# The /metrics body of an exporter on 127.0.0.1:$1 (plain bash, no curl needed); fails on no answer.
dbexporters_metrics() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && cat <&3) 2>/dev/null
}

# Waits up to 10 s until /metrics on port $2 answers with the line "$3 1" (the exporter reached its database).
dbexporters_wait() {
  local name=$1 port=$2 up=$3 body
  for _ in $(seq 100); do
    # Read the whole body first: grep -q on a pipe could end the reader early (SIGPIPE under pipefail).
    body=$(dbexporters_metrics "$port") && grep -qx "$up 1" <<<"$body" && return 0
    sleep 0.1
  done
  echo "$name did not answer with \"$up 1\" on 127.0.0.1:$port:" >&2
  cat "$DBEXPORTERS_DIR/$name.log" >&2
  return 1
}

dbexporters_start() {
  ensure_debs prometheus-postgres-exporter prometheus-mysqld-exporter
  [ -n "${PG_PORT:-}" ] || { echo "dbexporters_start: run pg_start first" >&2; return 1; }
  [ -n "${MARIADB_PORT:-}" ] || { echo "dbexporters_start: run mariadb_start first" >&2; return 1; }
  DBEXPORTERS_DIR=$(mktemp -d /tmp/hospitalops-dbexporters.XXXXXX)
  chmod 700 "$DBEXPORTERS_DIR"
  local pg_port my_port
  pg_port=$(free_port)
  DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
    /usr/bin/prometheus-postgres-exporter --web.listen-address="127.0.0.1:$pg_port" \
    >"$DBEXPORTERS_DIR/postgres-exporter.log" 2>&1 &
  echo $! >"$DBEXPORTERS_DIR/postgres-exporter.pid"
  dbexporters_wait postgres-exporter "$pg_port" pg_up || return 1

  # mysqld_exporter 0.14 reads its credentials from a my.cnf file, kept out of the environment.
  cat >"$DBEXPORTERS_DIR/my.cnf" <<CNF
[client]
user=$MARIADB_USER
password=$MARIADB_PASSWORD
host=127.0.0.1
port=$MARIADB_PORT
CNF
  chmod 600 "$DBEXPORTERS_DIR/my.cnf"
  my_port=$(free_port)
  [ "$my_port" = "$pg_port" ] && my_port=$(free_port)
  env -u DATA_SOURCE_NAME /usr/bin/prometheus-mysqld-exporter \
    --config.my-cnf="$DBEXPORTERS_DIR/my.cnf" --web.listen-address="127.0.0.1:$my_port" \
    >"$DBEXPORTERS_DIR/mysqld-exporter.log" 2>&1 &
  echo $! >"$DBEXPORTERS_DIR/mysqld-exporter.pid"
  dbexporters_wait mysqld-exporter "$my_port" mysql_up || return 1

  export HOSPITALOPS_TEST_POSTGRES_EXPORTER="http://127.0.0.1:$pg_port/metrics"
  export HOSPITALOPS_TEST_MYSQLD_EXPORTER="http://127.0.0.1:$my_port/metrics"
  say "postgres_exporter on 127.0.0.1:$pg_port, mysqld_exporter on 127.0.0.1:$my_port ($DBEXPORTERS_DIR)"
}

dbexporters_stop() {
  [ -n "${DBEXPORTERS_DIR:-}" ] || return 0
  local pidfile
  for pidfile in "$DBEXPORTERS_DIR"/postgres-exporter.pid "$DBEXPORTERS_DIR"/mysqld-exporter.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 0.2
  rm -rf "$DBEXPORTERS_DIR"
  DBEXPORTERS_DIR=
  unset HOSPITALOPS_TEST_POSTGRES_EXPORTER HOSPITALOPS_TEST_MYSQLD_EXPORTER
}
