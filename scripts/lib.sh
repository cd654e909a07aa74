#!/usr/bin/env bash
# Shared by scripts/*.sh. `fowergram_database NAME` makes sure a PostgreSQL database is reachable and
# exports ConnectionStrings__Fowergram for it:
#   * a configured connection (ConnectionStrings__Fowergram, DATABASE_URL or DB_HOST) is used as is;
#   * otherwise a private cluster under .data/pg (port $FOWERGRAM_PG_PORT, default 55432) is created on
#     first use (installing PostgreSQL with apt if initdb is missing), started if stopped, and reused.
set -euo pipefail

FOWERGRAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1;34m[fowergram]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bindir() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] || initdb="$(command -v initdb || true)"
  [ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

install_postgres() {
  log "PostgreSQL is not installed; installing it with apt-get (one time)."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' system user.
pg_run() {
  # From / so that a working directory the postgres user cannot enter draws no warning.
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$PG_OS_USER" -- "$@"); else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Where the cluster lives when the postgres user cannot reach the checkout (running as root).
fallback_cluster_dir() { printf '/var/tmp/fowergram-%s/pg' "$(printf '%s' "$FOWERGRAM_ROOT" | md5sum | cut -c1-12)"; }

# Stops this checkout's private cluster if it runs (CI leaves nothing behind); quiet, never fails.
fowergram_stop_cluster() {
  local bindir dir
  bindir="$(pg_bindir || true)"
  [ -n "$bindir" ] || return 0
  PG_OS_USER=postgres
  for dir in "$FOWERGRAM_ROOT/.data/pg" "$(fallback_cluster_dir)"; do
    [ -f "$dir/PG_VERSION" ] || continue
    pg_run "$bindir/pg_ctl" -D "$dir" stop -m fast >/dev/null 2>&1 || true
  done
}

fowergram_database() {
  local db="$1"
  if [ -n "${ConnectionStrings__Fowergram:-}" ] || [ -n "${DATABASE_URL:-}" ] || [ -n "${DB_HOST:-}" ]; then
    log "Using the configured database connection."
    return 0
  fi
  local bindir port dir
  bindir="$(pg_bindir || true)"
  if [ -z "$bindir" ]; then install_postgres; bindir="$(pg_bindir)"; fi
  port="${FOWERGRAM_PG_PORT:-55432}"
  dir="$FOWERGRAM_ROOT/.data/pg"
  PG_OS_USER=postgres
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    mkdir -p "$dir"
    chown postgres: "$dir"
    chmod 700 "$dir"
    # The cluster owner must be able to reach the directory through every parent.
    if ! runuser -u postgres -- test -w "$dir"; then
      dir="$(fallback_cluster_dir)"
      mkdir -p "$dir" && chown -R postgres: "$(dirname "$dir")" && chmod 700 "$dir"
      log "The checkout is not reachable by the postgres user; the cluster lives in $dir."
    fi
  else
    mkdir -p "$dir" && chmod 700 "$dir"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "Creating a private PostgreSQL cluster in $dir."
    pg_run "$bindir/initdb" -D "$dir" -U fowergram --auth=trust --encoding=UTF8 --no-locale >/dev/null
  fi
  # Shared memory: 512MB unless FOWERGRAM_PG_SHARED_BUFFERS says otherwise (the benchmark asks for more).
  # huge_pages is PostgreSQL's default (try: used when the kernel has enough reserved) unless
  # FOWERGRAM_PG_HUGE_PAGES sets it (scripts/bench.sh --huge-pages sets on, so a shortfall fails loudly).
  # jit=off as infra/resources.bicep sets it on Azure: the JIT only adds compile time to the app's short statements.
  local options="-c listen_addresses=127.0.0.1 -c max_connections=1000 -c shared_buffers=${FOWERGRAM_PG_SHARED_BUFFERS:-512MB} -c synchronous_commit=off -c jit=off"
  [ -z "${FOWERGRAM_PG_HUGE_PAGES:-}" ] || options="$options -c huge_pages=$FOWERGRAM_PG_HUGE_PAGES"
  # A running cluster started with other settings is restarted only when the caller asks for it.
  if [ -n "${FOWERGRAM_PG_RESTART_IF_CHANGED:-}" ] && pg_run "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1 \
     && [ "$(cat "$dir/fowergram.options" 2>/dev/null)" != "$options" ]; then
    log "Restarting PostgreSQL with: $options"
    pg_run "$bindir/pg_ctl" -D "$dir" stop -m fast >/dev/null
  fi
  # A running cluster keeps the port it started on; a stopped one takes the first free port from
  # $port on (unless FOWERGRAM_PG_PORT pins it), so another PostgreSQL on 55432 is no obstacle.
  if pg_run "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    [ -f "$dir/fowergram.port" ] && port="$(cat "$dir/fowergram.port")"
  else
    # A port with no listener can still be taken by a client socket (the kernel hands out local ports of
    # outgoing connections from the same range), which only the start itself finds out: then try the next.
    while :; do
      if [ -z "${FOWERGRAM_PG_PORT:-}" ]; then
        while port_in_use "$port"; do
          port=$((port + 1))
          [ "$port" -le 55499 ] || { log "No free port in 55432-55499 for PostgreSQL."; return 1; }
        done
      fi
      log "Starting PostgreSQL on 127.0.0.1:$port."
      local logged=0
      [ -f "$dir/server.log" ] && logged="$(wc -c < "$dir/server.log")"
      if pg_run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir $options" >/dev/null; then
        break
      fi
      if [ -z "${FOWERGRAM_PG_PORT:-}" ] && [ "$port" -lt 55499 ] && tail -c +"$((logged + 1))" "$dir/server.log" | grep -q "Address already in use"; then
        log "Port $port is taken after all; trying the next one."
        port=$((port + 1))
        continue
      fi
      tail -n 20 "$dir/server.log" >&2
      return 1
    done
    echo "$port" > "$dir/fowergram.port"
    echo "$options" > "$dir/fowergram.options"
  fi
  if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U fowergram -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    # Byte-order collation (fast, as the cluster's) but Unicode character classes and case mapping (C.UTF-8), as Azure's
    # en_US.utf8 has: lower(), ILIKE, pg_trgm and regex classes then treat "É" and "é" alike here as they do there.
    if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U fowergram --template=template0 --encoding=UTF8 \
         --lc-collate=C --lc-ctype=C.UTF-8 "$db" 2>/dev/null; then
      log "No C.UTF-8 locale on this machine: $db folds the case of ASCII letters only (docs/deploy.md \"Database locale\")."
      "$bindir/createdb" -h 127.0.0.1 -p "$port" -U fowergram "$db"
    fi
  fi
  export ConnectionStrings__Fowergram="Host=127.0.0.1;Port=$port;Username=fowergram;Database=$db;Maximum Pool Size=100"
  export FOWERGRAM_PG_BIN="$bindir"
}

# Azurite's well-known development account (public, documented by Microsoft; never a real secret).
AZURITE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

# `fowergram_azurite` starts Azurite's Blob service (tools/azurite, installed with npm ci on first use)
# in memory on the first free port from 10000 and exports FOWERGRAM_TEST_BLOBS, a connection string to it.
# The Blob media store's contract tests run against it. `fowergram_stop_azurite` stops it.
fowergram_azurite() {
  local tools="$FOWERGRAM_ROOT/tools/azurite" port=10000 pidfile="$FOWERGRAM_ROOT/.data/azurite.pid" i
  if ! command -v npm >/dev/null 2>&1; then
    log "Node.js and npm are not installed; installing them with apt-get (one time)."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ ! -x "$tools/node_modules/.bin/azurite-blob" ] || ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.fowergram-lock"; then
    log "Installing Azurite (tools/azurite, npm ci)."
    (cd "$tools" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
    cp "$tools/package-lock.json" "$tools/node_modules/.fowergram-lock"
  fi
  fowergram_stop_azurite
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -le 10099 ] || { log "No free port in 10000-10099 for Azurite."; return 1; }
  done
  mkdir -p "$FOWERGRAM_ROOT/.data"
  # In memory: every run starts empty and leaves nothing on disk. skipApiVersionCheck: the Blob SDK may speak a
  # newer service version than this Azurite knows; the operations the store uses are old ones.
  "$tools/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence \
    --skipApiVersionCheck --silent > "$FOWERGRAM_ROOT/.data/azurite.log" 2>&1 &
  echo $! > "$pidfile"
  # Up to 60 s: Node starts in about 2 s here, but took over 10 s once on a loaded machine (2026-12-03).
  for i in $(seq 1 600); do
    port_in_use "$port" && break
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$FOWERGRAM_ROOT/.data/azurite.log" >&2; log "Azurite did not start."; return 1; }
    sleep 0.1
  done
  port_in_use "$port" || { log "Azurite did not listen on $port within 60 s."; return 1; }
  log "Azurite Blob service on 127.0.0.1:$port."
  export FOWERGRAM_TEST_BLOBS="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
}

fowergram_stop_azurite() {
  local pidfile="$FOWERGRAM_ROOT/.data/azurite.pid"
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}
