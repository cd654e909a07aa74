#!/usr/bin/env bash
# Runs the API on the Server host at http://localhost:7071/api, with a local PostgreSQL unless one is configured.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOWERGRAM_ROOT"
fowergram_database "${DB_NAME:-fowergram}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# dotnet run starts in the project folder; keep the dev key, mailbox and media under the repo's .data/.
export Fowergram__DataDirectory="${Fowergram__DataDirectory:-$FOWERGRAM_ROOT/.data}"
log "Starting Fowergram on http://localhost:7071/api (Ctrl+C stops it)."
exec dotnet run --project src/Fowergram.Server -c Release -- serve "$@"
