#!/usr/bin/env bash
# Modules 4–6 benchmark: each sector page's data for a year (the department's board and
# the module's own sections, fetched together as the page does), province and one
# district, over HTTP on the demo data, on SQLite and, when available, PostgreSQL.
# Target: p95 ≤ 30 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${N:-300}
run() { # name database-url
  serve_demo "$2" 18285
  echo "== $1"
  node bench/sectors.mjs "http://127.0.0.1:18285" "$N"
  stop_server
}
each_engine run
