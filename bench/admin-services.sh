#!/usr/bin/env bash
# Module 1 benchmark: DOSSIERS (default 1,000,000) dossiers pushed by agencies' systems in
# 10,000-row CSV batches on top of the demo's year, then the province's summary for a
# year and the first page of the overdue list, over HTTP, on SQLite and, when available,
# PostgreSQL. Targets: ingest ≥ 20,000 rows/s on SQLite; summary ≤ 50 ms p95, overdue
# first page ≤ 30 ms p95, on both engines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DOSSIERS=${DOSSIERS:-1000000}
N=${N:-200}
trap '[ -n "${IOC_PID:-}" ] && kill "$IOC_PID" 2>/dev/null' EXIT
run() { # name database-url
  serve_demo "$2" 18284 --api-per-minute 0
  local key
  key=$(target/release/ioc --database "$2" apikey create --name "bench-$RANDOM" --scope ingest,read --department VPUBND 2>/dev/null)
  echo "== $1"
  node bench/admin-services.mjs "http://127.0.0.1:18284" "$key" "$DOSSIERS" "$N"
  stop_server
}
each_engine run
