# Starts and stops throwaway DICOM nodes from Debian's dcmtk on 127.0.0.1 and free ports:
#   storescp            accepts any association, answers C-ECHO   → HOSPITALOPS_TEST_DICOM
#   storescp --refuse   rejects every association, no reason given → HOSPITALOPS_TEST_DICOM_REFUSING
#   dcmqrscp            knows only the AE title PACS and rejects other called AE titles
#                       ("called AE title not recognized")        → HOSPITALOPS_TEST_DICOM_STRICT
# (storescp accepts any called AE title and has no option to check it, hence dcmqrscp.)
# Each variable is HOST:PORT:CALLED_AE_TITLE.
# Usage (sourced):  dcmtk_start  → sets DCMTK_DIR and the variables above;  dcmtk_stop

dcmtk_start() {
  ensure_debs dcmtk
  DCMTK_DIR=$(mktemp -d /tmp/hospitalops-dcmtk.XXXXXX)
  local port refusing_port strict_port
  port=$(free_port)
  refusing_port=$(free_port)
  while [ "$refusing_port" = "$port" ]; do refusing_port=$(free_port); done
  strict_port=$(free_port)
  while [ "$strict_port" = "$port" ] || [ "$strict_port" = "$refusing_port" ]; do strict_port=$(free_port); done

  mkdir -p "$DCMTK_DIR/store" "$DCMTK_DIR/qr"
  cat > "$DCMTK_DIR/dcmqrscp.cfg" <<CONF
NetworkTCPPort  = $strict_port
MaxPDUSize      = 16384
MaxAssociations = 16
HostTable BEGIN
HostTable END
VendorTable BEGIN
VendorTable END
AETable BEGIN
PACS  $DCMTK_DIR/qr  RW  (10, 16mb)  ANY
AETable END
CONF

  # Only this shell's own children are tracked by pid, so dcmtk_stop never touches other nodes.
  /usr/bin/storescp --aetitle STORESCP --output-directory "$DCMTK_DIR/store" --ignore \
    "$port" >"$DCMTK_DIR/storescp.log" 2>&1 &
  echo $! >"$DCMTK_DIR/storescp.pid"
  /usr/bin/storescp --aetitle STORESCP --refuse \
    "$refusing_port" >"$DCMTK_DIR/storescp-refusing.log" 2>&1 &
  echo $! >"$DCMTK_DIR/storescp-refusing.pid"
  # dcmqrscp --single-process crashes after the first association in dcmtk 3.6.7; forking mode is fine.
  /usr/bin/dcmqrscp --config "$DCMTK_DIR/dcmqrscp.cfg" >"$DCMTK_DIR/dcmqrscp.log" 2>&1 &
  echo $! >"$DCMTK_DIR/dcmqrscp.pid"

  local p
  for p in "$port" "$refusing_port" "$strict_port"; do
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break
      sleep 0.1
    done
  done

  export HOSPITALOPS_TEST_DICOM="127.0.0.1:$port:STORESCP"
  export HOSPITALOPS_TEST_DICOM_REFUSING="127.0.0.1:$refusing_port:STORESCP"
  export HOSPITALOPS_TEST_DICOM_STRICT="127.0.0.1:$strict_port:PACS"
  say "dcmtk storescp on 127.0.0.1:$port, refusing storescp on :$refusing_port, dcmqrscp (AE PACS) on :$strict_port ($DCMTK_DIR)"
}

dcmtk_stop() {
  [ -n "${DCMTK_DIR:-}" ] || return 0
  local f
  for f in "$DCMTK_DIR"/*.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 0.2
  rm -rf "$DCMTK_DIR"
  DCMTK_DIR=
  unset HOSPITALOPS_TEST_DICOM HOSPITALOPS_TEST_DICOM_REFUSING HOSPITALOPS_TEST_DICOM_STRICT
}
