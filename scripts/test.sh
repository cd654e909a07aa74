#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (the local cluster unless one is configured) and Azurite
# (started here, stopped on exit) and ends with the line "N passed, N failed". Extra arguments go to
# `dotnet test` (e.g. --filter Auth).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOWERGRAM_ROOT"
fowergram_database "${DB_NAME:-fowergram_test}"
# Without Azurite only the Blob store's tests fail (they say why), and the summary line still comes.
fowergram_azurite || log "Azurite could not be started: the Blob media store's tests will fail."
trap fowergram_stop_azurite EXIT
results="$FOWERGRAM_ROOT/.data/test-results"
rm -rf "$results"
status=0
dotnet test Fowergram.Functions.sln -c Release --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; log "dotnet test failed before or outside the tests (see above)."; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; log "No test ran."; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
