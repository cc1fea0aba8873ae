# Starts and stops a throwaway Net-SNMP agent (Debian's snmpd) on udp:127.0.0.1 and a free port,
# answering SNMPv2c for 127.0.0.1 with a test community; sysName and sysLocation come from its
# own config file (tests/Monitoring.Tests/Collectors/Snmp/SnmpAgentTests.cs asserts them).
# Usage (sourced):  snmpd_start  → sets SNMP_PORT, SNMP_DIR, exports HOSPITALOPS_TEST_SNMP=127.0.0.1:PORT:COMMUNITY
#                   snmpd_stop

SNMP_COMMUNITY=hospitalops-test
SNMP_SYS_NAME=hops-snmp-peer
SNMP_SYS_LOCATION="Server room B2, rack 7"

snmpd_start() {
  ensure_debs snmpd || return 1
  SNMP_DIR=$(mktemp -d /tmp/hospitalops-snmp.XXXXXX)
  mkdir -p "$SNMP_DIR/persist"
  cat > "$SNMP_DIR/snmpd.conf" <<CONF
rocommunity $SNMP_COMMUNITY 127.0.0.1
sysName $SNMP_SYS_NAME
sysLocation $SNMP_SYS_LOCATION
sysContact it-ops@hospital.test
sysServices 72
CONF
  # free_port only knows TCP: if the UDP port is taken after all, snmpd exits and we try another.
  local attempt hex up=
  for attempt in 1 2 3; do
    SNMP_PORT=$(free_port)
    # -C: only our config file; MIBS= and -M /dev/null: no MIB files, numeric OIDs only;
    # SNMP_PERSISTENT_DIR keeps the agent's state files out of /var/lib/snmp. Daemonizes, writes -p.
    MIBS= SNMP_PERSISTENT_DIR="$SNMP_DIR/persist" /usr/sbin/snmpd -C -c "$SNMP_DIR/snmpd.conf" -M /dev/null \
      -Lf "$SNMP_DIR/snmpd.log" -p "$SNMP_DIR/snmpd.pid" "udp:127.0.0.1:$SNMP_PORT" || continue
    # UDP has no connect to probe: wait until the socket shows up in /proc/net/udp.
    hex=$(printf '0100007F:%04X' "$SNMP_PORT")
    for _ in $(seq 50); do
      grep -q " $hex " /proc/net/udp && { up=1; break; }
      sleep 0.1
    done
    [ -n "$up" ] && break
  done
  if [ -z "$up" ]; then
    echo "snmpd did not start:" >&2
    cat "$SNMP_DIR/snmpd.log" >&2
    return 1
  fi
  export HOSPITALOPS_TEST_SNMP="127.0.0.1:$SNMP_PORT:$SNMP_COMMUNITY"
  say "snmpd on udp:127.0.0.1:$SNMP_PORT ($SNMP_DIR)"
}

snmpd_stop() {
  [ -n "${SNMP_DIR:-}" ] || return 0
  local pid
  pid=$(cat "$SNMP_DIR/snmpd.pid" 2>/dev/null)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    # snmpd saves its persistent state on the way out: let it finish before the directory goes.
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$SNMP_DIR"
  SNMP_DIR=
  unset HOSPITALOPS_TEST_SNMP
}
