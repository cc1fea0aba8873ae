# Starts and stops a throwaway VictoriaMetrics (Debian's victoria-metrics) on 127.0.0.1 and a free
# port, as the remote-write peer of the metric forwarding tests.
# Usage (sourced):  victoriametrics_start  → exports HOSPITALOPS_TEST_VICTORIA; victoriametrics_stop

victoriametrics_start() {
  ensure_debs victoria-metrics
  VICTORIA_DIR=$(mktemp -d /tmp/hospitalops-victoria.XXXXXX)
  local port
  port=$(free_port)
  # 100y retention: the tests write samples at "now", but nothing may be dropped as too old.
  # -search.latencyOffset=0: the export/query API shows samples as soon as they are written.
  /usr/bin/victoria-metrics \
    -httpListenAddr="127.0.0.1:$port" \
    -storageDataPath="$VICTORIA_DIR/data" \
    -retentionPeriod=100y \
    -search.latencyOffset=0s \
    -loggerLevel=WARN \
    >"$VICTORIA_DIR/victoria-metrics.log" 2>&1 &
  echo $! >"$VICTORIA_DIR/victoria-metrics.pid"
  local ready=
  for _ in $(seq 150); do
    if victoriametrics_healthy "$port"; then ready=1; break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    echo "victoria-metrics did not start:" >&2
    cat "$VICTORIA_DIR/victoria-metrics.log" >&2
    return 1
  fi
  export HOSPITALOPS_TEST_VICTORIA="http://127.0.0.1:$port"
  say "VictoriaMetrics on 127.0.0.1:$port ($VICTORIA_DIR)"
}

# True when /health answers "OK" (plain bash, no curl needed).
victoriametrics_healthy() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && cat <&3) 2>/dev/null) || return 1
  [[ "$reply" == *$'\r\n\r\nOK'* || "$reply" == *$'\n\nOK'* ]]
}

victoriametrics_stop() {
  [ -n "${VICTORIA_DIR:-}" ] || return 0
  [ -f "$VICTORIA_DIR/victoria-metrics.pid" ] && kill "$(cat "$VICTORIA_DIR/victoria-metrics.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$VICTORIA_DIR"
  VICTORIA_DIR=
}
