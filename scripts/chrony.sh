# Starts and stops a throwaway NTP server (Debian's chronyd) on 127.0.0.1 and a free UDP port.
# It never touches the system clock (-x), has no time sources and serves its own clock as
# "local stratum 8"; no command socket, its own pid and drift files in a throwaway dir.
# Usage (sourced):  chrony_start  → sets NTP_PORT, NTP_DIR, exports HOSPITALOPS_TEST_NTP;  chrony_stop

CHRONY_LOCAL_STRATUM=8

# A UDP port on 127.0.0.1 that nothing is bound to.
chrony_free_udp_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    if [ -z "$(ss -Hlun "sport = :$port" 2>/dev/null)" ]; then
      echo "$port"
      return
    fi
  done
}

chrony_start() {
  ensure_debs chrony iproute2 || return 1
  NTP_DIR=$(mktemp -d /tmp/hospitalops-ntp.XXXXXX)
  NTP_PORT=$(chrony_free_udp_port)
  cat > "$NTP_DIR/chrony.conf" <<CONF
local stratum $CHRONY_LOCAL_STRATUM
allow 127.0.0.1
bindaddress 127.0.0.1
port $NTP_PORT
cmdport 0
pidfile $NTP_DIR/chronyd.pid
driftfile $NTP_DIR/chrony.drift
CONF
  # -x: never adjust the system clock; -u root: no privilege drop, so the files in $NTP_DIR stay writable.
  /usr/sbin/chronyd -x -u root -f "$NTP_DIR/chrony.conf" -L 0 -l "$NTP_DIR/chronyd.log"
  for _ in $(seq 50); do
    [ -n "$(ss -Hlun "sport = :$NTP_PORT" 2>/dev/null)" ] && break
    sleep 0.1
  done
  export HOSPITALOPS_TEST_NTP="127.0.0.1:$NTP_PORT"
  export HOSPITALOPS_TEST_NTP_STRATUM="$CHRONY_LOCAL_STRATUM"
  say "chronyd on 127.0.0.1:$NTP_PORT (udp, $NTP_DIR)"
}

chrony_stop() {
  [ -n "${NTP_DIR:-}" ] || return 0
  [ -f "$NTP_DIR/chronyd.pid" ] && kill "$(cat "$NTP_DIR/chronyd.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$NTP_DIR"
  NTP_DIR=
}
