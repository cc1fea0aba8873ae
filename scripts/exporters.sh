# Starts and stops a throwaway Prometheus node exporter (Debian's prometheus-node-exporter) on
# 127.0.0.1 and a free port, for the scrape parser's real-peer tests.
# Usage (sourced):  exporters_start  → exports HOSPITALOPS_TEST_NODE_EXPORTER; exporters_stop

exporters_start() {
  ensure_debs prometheus-node-exporter
  EXPORTERS_DIR=$(mktemp -d /tmp/hospitalops-exporters.XXXXXX)
  local port
  port=$(free_port)
  # Collectors that are slow, need hardware or systemd, or fail noisily inside a container are off.
  /usr/bin/prometheus-node-exporter \
    --web.listen-address="127.0.0.1:$port" \
    --collector.textfile.directory="$EXPORTERS_DIR" \
    --no-collector.systemd --no-collector.logind --no-collector.hwmon --no-collector.thermal_zone \
    --no-collector.rapl --no-collector.nfs --no-collector.nfsd --no-collector.zfs --no-collector.btrfs \
    --no-collector.infiniband --no-collector.fibrechannel --no-collector.powersupplyclass \
    --no-collector.mdadm --no-collector.bcache --no-collector.nvme --no-collector.tapestats \
    --no-collector.ipvs --no-collector.edac --no-collector.dmi \
    >"$EXPORTERS_DIR/node-exporter.log" 2>&1 &
  echo $! >"$EXPORTERS_DIR/node-exporter.pid"
  local ready=
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    echo "prometheus-node-exporter did not start:" >&2
    cat "$EXPORTERS_DIR/node-exporter.log" >&2
    return 1
  fi
  export HOSPITALOPS_TEST_NODE_EXPORTER="http://127.0.0.1:$port/metrics"
  say "node exporter on 127.0.0.1:$port ($EXPORTERS_DIR)"
}

exporters_stop() {
  [ -n "${EXPORTERS_DIR:-}" ] || return 0
  [ -f "$EXPORTERS_DIR/node-exporter.pid" ] && kill "$(cat "$EXPORTERS_DIR/node-exporter.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$EXPORTERS_DIR"
  EXPORTERS_DIR=
  unset HOSPITALOPS_TEST_NODE_EXPORTER
}
