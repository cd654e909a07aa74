#!/usr/bin/env bash
# The feed benchmark (docs/performance.md): provisions its own database, fowergram_bench, on the local
# cluster (or on the configured server, the database name replaced), generates the synthetic dataset
# and prints the figures table. Arguments go to the tool, e.g.:
#   scripts/bench.sh                               # 100k users, 2M posts: several minutes of generation
#   scripts/bench.sh --users 10000 --posts 200000  # a quick run
#   scripts/bench.sh --skip-generate --report bench.md
#   scripts/bench.sh --skip-generate --wrk         # also drive HTTP and likes with wrk (apt-get install -y wrk)
# Everything it starts listens on 127.0.0.1 only.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOWERGRAM_ROOT"
fowergram_database fowergram_bench
exec dotnet run -c Release --project bench/Fowergram.Bench -- --database fowergram_bench "$@"
