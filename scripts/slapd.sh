# Starts and stops a throwaway OpenLDAP server (Debian's slapd) on 127.0.0.1 and a free port,
# loaded with tests/fixtures/ldap/directory.ldif.
# Usage (sourced):  slapd_start  → sets LDAP_PORT, LDAP_DIR;  slapd_stop

slapd_start() {
  ensure_debs slapd ldap-utils
  LDAP_DIR=$(mktemp -d /tmp/hospitalops-ldap.XXXXXX)
  LDAP_PORT=$(free_port)
  mkdir -p "$LDAP_DIR/db"
  cat > "$LDAP_DIR/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile $LDAP_DIR/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=hospital,dc=test"
rootdn "cn=admin,dc=hospital,dc=test"
rootpw test-only-root
directory $LDAP_DIR/db
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read
CONF
  /usr/sbin/slapadd -f "$LDAP_DIR/slapd.conf" -l "$ROOT/tests/fixtures/ldap/directory.ldif" >"$LDAP_DIR/slapadd.log" 2>&1
  /usr/sbin/slapd -f "$LDAP_DIR/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/"
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$LDAP_PORT") 2>/dev/null && break
    sleep 0.1
  done
  say "slapd on 127.0.0.1:$LDAP_PORT ($LDAP_DIR)"
}

slapd_stop() {
  [ -n "${LDAP_DIR:-}" ] || return 0
  [ -f "$LDAP_DIR/slapd.pid" ] && kill "$(cat "$LDAP_DIR/slapd.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$LDAP_DIR"
  LDAP_DIR=
}
