# Starts and stops a throwaway DNS server (Debian's dnsmasq, package dnsmasq-base) on 127.0.0.1
# and a free port that answers his.hospital.test with 10.20.30.40 and forwards nothing (no
# upstream, no /etc/hosts), so every other name is REFUSED.
# Usage (sourced):  dnsmasq_start  → exports HOSPITALOPS_TEST_DNS=127.0.0.1:PORT;  dnsmasq_stop

dnsmasq_start() {
  # dnsmasq-base is the binary alone, without the system service the "dnsmasq" package would start.
  ensure_debs dnsmasq-base
  DNSMASQ_DIR=$(mktemp -d /tmp/hospitalops-dnsmasq.XXXXXX)
  DNSMASQ_PORT=$(free_port)
  /usr/sbin/dnsmasq \
    --conf-file=/dev/null \
    --pid-file="$DNSMASQ_DIR/dnsmasq.pid" \
    --log-facility="$DNSMASQ_DIR/dnsmasq.log" \
    --port="$DNSMASQ_PORT" \
    --listen-address=127.0.0.1 \
    --bind-interfaces \
    --no-resolv \
    --no-hosts \
    --user=root \
    --address=/his.hospital.test/10.20.30.40
  # dnsmasq also listens on TCP on the same port: use that to know it is up.
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$DNSMASQ_PORT") 2>/dev/null && break
    sleep 0.1
  done
  export HOSPITALOPS_TEST_DNS="127.0.0.1:$DNSMASQ_PORT"
  say "dnsmasq on 127.0.0.1:$DNSMASQ_PORT ($DNSMASQ_DIR)"
}

dnsmasq_stop() {
  [ -n "${DNSMASQ_DIR:-}" ] || return 0
  [ -f "$DNSMASQ_DIR/dnsmasq.pid" ] && kill "$(cat "$DNSMASQ_DIR/dnsmasq.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$DNSMASQ_DIR"
  DNSMASQ_DIR=
  unset HOSPITALOPS_TEST_DNS
}
