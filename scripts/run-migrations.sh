#!/usr/bin/env bash
# The seed setup's migration verbs: ./scripts/run-migrations.sh [migrate|status|rollback|reset|help]
# Database: ConnectionStrings__Fowergram, DATABASE_URL or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD;
# with none of them, the local cluster of scripts/run.sh (database DB_NAME, default fowergram).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOWERGRAM_ROOT"
verb="${1:-migrate}"
case "$verb" in
  migrate|status|rollback|reset) ;;
  help|-h|--help)
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *) echo "Unknown verb '$verb'. Use migrate, status, rollback, reset or help." >&2; exit 2 ;;
esac
fowergram_database "${DB_NAME:-fowergram}"
exec dotnet run --project src/Fowergram.Server -c Release -- "$verb"
