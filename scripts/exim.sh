# Starts and stops a throwaway Exim SMTP server (Debian's exim4-daemon-light) on 127.0.0.1 with
# its own configuration, spool, log and certificate in a temp dir (/etc/exim4 is neither read nor
# changed, the system exim4 service is left as it is):
#   - a submission port with STARTTLS, and a port with TLS on connect ("SMTPS");
#   - AUTH PLAIN and LOGIN, offered only after TLS, for one test account;
#   - MAIL FROM without AUTH is refused with 530; authenticated clients may send to any domain;
#   - RCPT TO tempfail@hospital.test gets 451 (temporary), reject@hospital.test gets 550;
#   - every accepted message is delivered locally, one file per message (all its recipients in
#     Envelope-to:) into a maildir, and never leaves the machine. Delivery runs in the background
#     right after "250 OK", so tests poll the directory for the file.
# Usage (sourced):  exim_start  → sets EXIM_DIR, EXIM_SMTP_PORT, EXIM_SMTPS_PORT and exports
#                     HOSPITALOPS_TEST_SMTP=127.0.0.1:PORT       (plain connect, then STARTTLS)
#                     HOSPITALOPS_TEST_SMTPS=127.0.0.1:PORT      (TLS on connect)
#                     HOSPITALOPS_TEST_SMTP_USER, HOSPITALOPS_TEST_SMTP_PASSWORD
#                     HOSPITALOPS_TEST_SMTP_MAILDIR              (complete messages appear here, one file each)
#                     HOSPITALOPS_TEST_SMTP_CA                   (the server's self-signed certificate, PEM)
#                   exim_stop

EXIM_TEST_USER=alerts@hospital.test
EXIM_TEST_PASSWORD=hops-smtp-test
EXIM_TEMPFAIL_RCPT=tempfail@hospital.test
EXIM_REJECT_RCPT=reject@hospital.test
EXIM_HOSTNAME=hospitalops-test.local

exim_start() {
  ensure_debs exim4-daemon-light openssl || return 1
  EXIM_DIR=$(mktemp -d /tmp/hospitalops-exim.XXXXXX)
  # Exim receives and delivers as Debian-exim: it must reach into the dir and own spool, log and mail.
  chmod 755 "$EXIM_DIR"
  mkdir -p "$EXIM_DIR/spool" "$EXIM_DIR/log" "$EXIM_DIR/mail/new" "$EXIM_DIR/mail/cur" "$EXIM_DIR/mail/tmp"
  chown -R Debian-exim:Debian-exim "$EXIM_DIR/spool" "$EXIM_DIR/log" "$EXIM_DIR/mail"

  # A fresh self-signed certificate for 127.0.0.1 and localhost; clients trust exactly this file.
  if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$EXIM_HOSTNAME" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:$EXIM_HOSTNAME" \
      -keyout "$EXIM_DIR/key.pem" -out "$EXIM_DIR/cert.pem" >"$EXIM_DIR/openssl.log" 2>&1; then
    echo "openssl could not create the test certificate:" >&2
    cat "$EXIM_DIR/openssl.log" >&2
    return 1
  fi
  chown Debian-exim:Debian-exim "$EXIM_DIR/key.pem"
  chmod 600 "$EXIM_DIR/key.pem"
  chmod 644 "$EXIM_DIR/cert.pem"

  # free_port only looks: if a port is taken by the time exim binds it, exim gives up at once
  # (daemon_startup_retries = 0) and we try two other ports.
  local attempt up= abandoned=
  for attempt in 1 2 3; do
    abandoned=
    rm -f "$EXIM_DIR/log/paniclog"
    EXIM_SMTP_PORT=$(free_port)
    EXIM_SMTPS_PORT=$(free_port)
    while [ "$EXIM_SMTPS_PORT" = "$EXIM_SMTP_PORT" ]; do EXIM_SMTPS_PORT=$(free_port); done
    _exim_write_config
    # -C: only our configuration; -bV checks it, -bd starts the daemon (it detaches, binds, writes
    # the pid file). Exim gives up root for a -C file that is not in /etc/exim4/trusted_configs and
    # runs everything as Debian-exim, which is all this setup needs; so log/paniclog gets an
    # expected "exim user lost privilege for using -C option" for each delivery.
    if ! /usr/sbin/exim4 -C "$EXIM_DIR/exim.conf" -bV >"$EXIM_DIR/check.log" 2>&1; then
      echo "exim rejects its configuration $EXIM_DIR/exim.conf:" >&2
      cat "$EXIM_DIR/check.log" >&2
      return 1
    fi
    /usr/sbin/exim4 -C "$EXIM_DIR/exim.conf" -bd >"$EXIM_DIR/daemon.log" 2>&1
    for _ in $(seq 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$EXIM_SMTP_PORT") 2>/dev/null \
          && (exec 3<>"/dev/tcp/127.0.0.1/$EXIM_SMTPS_PORT") 2>/dev/null; then
        up=1
        break
      fi
      grep -qs "daemon abandoned" "$EXIM_DIR/log/paniclog" && { abandoned=1; break; }
      sleep 0.1
    done
    [ -n "$abandoned" ] || break
  done
  if [ -z "$up" ]; then
    echo "exim did not start listening on 127.0.0.1:$EXIM_SMTP_PORT and :$EXIM_SMTPS_PORT:" >&2
    cat "$EXIM_DIR/daemon.log" "$EXIM_DIR/log/mainlog" "$EXIM_DIR/log/paniclog" >&2 2>/dev/null
    return 1
  fi
  export HOSPITALOPS_TEST_SMTP="127.0.0.1:$EXIM_SMTP_PORT"
  export HOSPITALOPS_TEST_SMTPS="127.0.0.1:$EXIM_SMTPS_PORT"
  export HOSPITALOPS_TEST_SMTP_USER="$EXIM_TEST_USER"
  export HOSPITALOPS_TEST_SMTP_PASSWORD="$EXIM_TEST_PASSWORD"
  export HOSPITALOPS_TEST_SMTP_MAILDIR="$EXIM_DIR/mail/new"
  export HOSPITALOPS_TEST_SMTP_CA="$EXIM_DIR/cert.pem"
  say "exim on 127.0.0.1:$EXIM_SMTP_PORT (STARTTLS) and 127.0.0.1:$EXIM_SMTPS_PORT (TLS) ($EXIM_DIR)"
}

# Writes $EXIM_DIR/exim.conf for EXIM_SMTP_PORT and EXIM_SMTPS_PORT.
_exim_write_config() {
  cat > "$EXIM_DIR/exim.conf" <<CONF
# HospitalOps test SMTP server: written by scripts/exim.sh, lives and dies with $EXIM_DIR.
primary_hostname = $EXIM_HOSTNAME
qualify_domain = hospital.test
local_interfaces = 127.0.0.1
daemon_smtp_ports = $EXIM_SMTP_PORT : $EXIM_SMTPS_PORT
tls_on_connect_ports = $EXIM_SMTPS_PORT
# A port taken since free_port looked: fail at once (the default retries for minutes).
daemon_startup_retries = 0

spool_directory = $EXIM_DIR/spool
log_file_path = $EXIM_DIR/log/%slog
pid_file_path = $EXIM_DIR/exim.pid
log_selector = +smtp_connection +smtp_protocol_error +smtp_syntax_error +tls_cipher +received_recipients +deliver_time

# No DNS, no ident, no outside world (an EHLO naming this host or [127.0.0.1] would otherwise
# start a reverse lookup).
host_lookup =
helo_lookup_domains =
rfc1413_hosts =
keep_environment =

tls_advertise_hosts = *
tls_certificate = $EXIM_DIR/cert.pem
tls_privatekey = $EXIM_DIR/key.pem

# Tests open many connections and send many messages on one: no limits that would queue mail
# instead of delivering it at once.
smtp_accept_max = 200
smtp_accept_queue_per_connection = 0
smtp_accept_max_per_connection = 10000

acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_mail:
  deny    !authenticated = *
          message = 530 5.7.0 Authentication required
  accept

acl_check_rcpt:
  deny    !authenticated = *
          message = 530 5.7.0 Authentication required
  defer   recipients = $EXIM_TEMPFAIL_RCPT
          message = 451 4.3.0 Temporary failure for test recipient, try again later
  deny    recipients = $EXIM_REJECT_RCPT
          message = 550 5.1.1 Test recipient rejected permanently
  accept

begin routers

# Every recipient, whatever its domain, ends up in the local maildir.
everything_local:
  driver = accept
  transport = maildir_file

begin transports

maildir_file:
  driver = appendfile
  directory = $EXIM_DIR/mail
  maildir_format
  create_directory
  delivery_date_add
  envelope_to_add
  return_path_add
  user = Debian-exim
  group = Debian-exim
  mode = 0644
  # All recipients of a message in one file (Envelope-to: lists them).
  batch_max = 1000

begin retry

*   *   F,1h,1m

begin authenticators

plain_server:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$EXIM_TEST_USER}}{eq{\$auth3}{$EXIM_TEST_PASSWORD}}}}
  server_set_id = \$auth2
  server_advertise_condition = \${if def:tls_in_cipher}

login_server:
  driver = plaintext
  public_name = LOGIN
  server_prompts = <| Username: | Password:
  server_condition = \${if and {{eq{\$auth1}{$EXIM_TEST_USER}}{eq{\$auth2}{$EXIM_TEST_PASSWORD}}}}
  server_set_id = \$auth1
  server_advertise_condition = \${if def:tls_in_cipher}
CONF
}

exim_stop() {
  [ -n "${EXIM_DIR:-}" ] || return 0
  local pid
  pid=$(cat "$EXIM_DIR/exim.pid" 2>/dev/null)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  # Delivery processes that were still running finish on their own; wait for them too.
  for _ in $(seq 50); do
    pgrep -f "$EXIM_DIR/exim.conf" >/dev/null || break
    sleep 0.1
  done
  rm -rf "$EXIM_DIR"
  EXIM_DIR=
  unset HOSPITALOPS_TEST_SMTP HOSPITALOPS_TEST_SMTPS HOSPITALOPS_TEST_SMTP_USER \
    HOSPITALOPS_TEST_SMTP_PASSWORD HOSPITALOPS_TEST_SMTP_MAILDIR HOSPITALOPS_TEST_SMTP_CA
}
