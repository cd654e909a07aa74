#!/usr/bin/env bash
# The feed benchmark (docs/performance.md): provisions its own database, fowergram_bench, on the local
# cluster (or on the configured server, the database name replaced), generates the synthetic dataset
# and prints the figures table. Arguments go to the tool, e.g.:
#   scripts/bench.sh                               # 100k users, 2M posts: several minutes of generation
#   scripts/bench.sh --users 10000 --posts 200000  # a quick run
#   scripts/bench.sh --skip-generate --report bench.md
#   scripts/bench.sh --skip-generate --wrk         # also drive HTTP and likes with wrk (apt-get install -y wrk)
#   scripts/bench.sh --skip-generate --huge-pages  # reserve huge pages for the local cluster (root or sudo)
#   scripts/bench.sh --skip-generate --route-sweep # instead: time every GET route, one request at a time, as the
#                                                  # heavy and the median reader (docs/performance.md "The route sweep";
#                                                  # the tool alone, without this script, leaves the cluster running as it is)
# On the local cluster the benchmark restarts PostgreSQL with shared_buffers of a quarter of the memory, at
# most 2GB (FOWERGRAM_PG_SHARED_BUFFERS overrides), as on the machine of ../shared/reference. With
# --huge-pages it also reserves 2 MB huge pages for them (vm.nr_hugepages) and starts PostgreSQL with
# huge_pages=on: without them every connection takes a page fault the first time it touches each 4 kB of
# shared memory, which measured as most of the database's CPU per feed request (docs/performance-history.md,
# "The ninth session"). The reservation stays until `sysctl -w vm.nr_hugepages=0` after the cluster stops.
# Everything it starts listens on 127.0.0.1 only.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOWERGRAM_ROOT"

huge_pages=""
args=()
for arg in "$@"; do
  if [ "$arg" = "--huge-pages" ]; then huge_pages=1; else args+=("$arg"); fi
done

if [ -z "${ConnectionStrings__Fowergram:-}" ] && [ -z "${DATABASE_URL:-}" ] && [ -z "${DB_HOST:-}" ]; then
  memory_mb=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 ))
  buffers_mb=$(( memory_mb / 4 < 2048 ? memory_mb / 4 : 2048 ))
  export FOWERGRAM_PG_SHARED_BUFFERS="${FOWERGRAM_PG_SHARED_BUFFERS:-${buffers_mb}MB}"
  export FOWERGRAM_PG_RESTART_IF_CHANGED=1
  if [ -n "$huge_pages" ]; then
    # The buffers plus the rest of PostgreSQL's shared memory (with max_connections=1000, ~150 MB), in 2 MB pages.
    size_mb="${FOWERGRAM_PG_SHARED_BUFFERS%MB}"
    case "$FOWERGRAM_PG_SHARED_BUFFERS" in *GB) size_mb=$(( ${FOWERGRAM_PG_SHARED_BUFFERS%GB} * 1024 ));; esac
    pages=$(( size_mb / 2 + 128 ))
    if [ "$(awk '/^HugePages_Total:/ { print $2 }' /proc/meminfo)" -lt "$pages" ]; then
      fowergram_stop_cluster # its own huge pages, if any, are free again before the count is raised
      log "Reserving $pages huge pages of 2 MB for PostgreSQL (vm.nr_hugepages; undo: sysctl -w vm.nr_hugepages=0)."
      as_root sysctl -q -w vm.nr_hugepages="$pages"
    fi
    export FOWERGRAM_PG_HUGE_PAGES=on
  fi
elif [ -n "$huge_pages" ]; then
  log "--huge-pages applies to the local cluster only; the configured server keeps its own settings."
fi
fowergram_database fowergram_bench
exec dotnet run -c Release --project bench/Fowergram.Bench -- --database fowergram_bench "${args[@]}"
