#!/usr/bin/env bash
# Module 8 benchmark: the board for one year (all indicators, 8 districts) on the demo
# data, over HTTP, on SQLite and, when available, PostgreSQL. Target: p95 ≤ 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${N:-300}
run() { # name database-url
  serve_demo "$2" 18283
  echo "== $1"
  node bench/indicators.mjs "http://127.0.0.1:18283" "$N"
  stop_server
}
each_engine run
