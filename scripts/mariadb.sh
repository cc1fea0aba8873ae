# Starts and stops a throwaway MariaDB server (Debian's mariadb-server) for the mysqld_exporter
# real-peer tests: on 127.0.0.1 and a free port, with its data, socket and pid file in a temporary
# directory, and a password-protected monitoring user with the grants mysqld_exporter documents.
# Usage (sourced):  mariadb_start  → sets MARIADB_PORT, MARIADB_DIR, MARIADB_USER, MARIADB_PASSWORD;
#                   mariadb_stop

mariadb_start() {
  ensure_debs mariadb-server
  MARIADB_DIR=$(mktemp -d /tmp/hospitalops-mariadb.XXXXXX)
  MARIADB_PORT=$(free_port)
  MARIADB_USER=exporter
  MARIADB_PASSWORD="test-only-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  chmod 700 "$MARIADB_DIR"
  if ! /usr/bin/mariadb-install-db --no-defaults --datadir="$MARIADB_DIR/data" --user=root \
      --auth-root-authentication-method=socket --skip-test-db >"$MARIADB_DIR/install.log" 2>&1; then
    echo "mariadb-install-db failed:" >&2
    cat "$MARIADB_DIR/install.log" >&2
    return 1
  fi
  /usr/sbin/mariadbd --no-defaults --user=root --datadir="$MARIADB_DIR/data" \
    --bind-address=127.0.0.1 --port="$MARIADB_PORT" --socket="$MARIADB_DIR/mariadb.sock" \
    --pid-file="$MARIADB_DIR/mariadb.pid" --log-error="$MARIADB_DIR/server.log" \
    --skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
    --performance-schema=OFF --skip-log-bin >/dev/null 2>&1 &
  echo $! >"$MARIADB_DIR/mariadbd.pid"
  local ready=
  for _ in $(seq 300); do
    if /usr/bin/mariadb --no-defaults --socket="$MARIADB_DIR/mariadb.sock" -u root -e "SELECT 1" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    echo "mariadbd did not start:" >&2
    cat "$MARIADB_DIR/server.log" >&2
    return 1
  fi
  # The grants mysqld_exporter's README asks for (PROCESS, REPLICATION CLIENT, SELECT), plus
  # SLAVE MONITOR: since MariaDB 10.5 REPLICATION CLIENT no longer allows SHOW SLAVE STATUS, which
  # the exporter's default slave_status collector runs. Connections come over TCP from 127.0.0.1.
  /usr/bin/mariadb --no-defaults --socket="$MARIADB_DIR/mariadb.sock" -u root <<SQL || return 1
CREATE USER '$MARIADB_USER'@'127.0.0.1' IDENTIFIED BY '$MARIADB_PASSWORD' WITH MAX_USER_CONNECTIONS 3;
GRANT PROCESS, REPLICATION CLIENT, SELECT, SLAVE MONITOR ON *.* TO '$MARIADB_USER'@'127.0.0.1';
SQL
  # Ready only when the monitoring user gets in over TCP with its password.
  /usr/bin/mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MARIADB_PORT" -u "$MARIADB_USER" \
    --password="$MARIADB_PASSWORD" -e "SELECT 1" >/dev/null || { echo "the MariaDB monitoring user cannot log in" >&2; return 1; }
  export MARIADB_PORT MARIADB_USER MARIADB_PASSWORD
  say "MariaDB $(/usr/sbin/mariadbd --version | awk '{print $3}') on 127.0.0.1:$MARIADB_PORT ($MARIADB_DIR)"
}

mariadb_stop() {
  [ -n "${MARIADB_DIR:-}" ] || return 0
  local pid=
  [ -f "$MARIADB_DIR/mariadbd.pid" ] && pid=$(cat "$MARIADB_DIR/mariadbd.pid")
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$MARIADB_DIR"
  MARIADB_DIR=
  unset MARIADB_PORT MARIADB_USER MARIADB_PASSWORD
}
