#!/usr/bin/env bash
# Ingest benchmark: 10,000-row CSV batches over HTTP into SQLite, and into PostgreSQL
# when IOC_TEST_POSTGRES_URL is set (or ./x pg-start can start one).
# Targets: SQLite ≥ 50,000 rows/s, PostgreSQL ≥ 20,000 rows/s; the last ten batches cost
# ≤ 1.2× the first ten (issue 23; BATCHES=100 pushes a million rows).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BATCHES=${BATCHES:-20}
run() { # name database-url
  local key
  serve_demo "$2" 18282
  key=$(target/release/ioc --database "$2" apikey create --name "bench-$RANDOM" --scope ingest --department SDL 2>/dev/null)
  printf '%-10s ' "$1"; node bench/ingest.mjs "http://127.0.0.1:18282" "$key" "$BATCHES"
  stop_server
}
each_engine run
