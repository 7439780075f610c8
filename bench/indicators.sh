#!/usr/bin/env bash
# Module 8 benchmark: the board for one year (all indicators, 8 districts) on the demo
# data, over HTTP, on SQLite and, when available, PostgreSQL. Target: p95 ≤ 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-300}
run() { # name database-url
  local name=$1 db=$2 port=18283 pid
  target/release/ioc --database "$db" seed --demo >/dev/null 2>&1
  target/release/ioc --database "$db" serve --addr "127.0.0.1:$port" --static-dir dist >/dev/null 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
  echo "== $name"
  node bench/indicators.mjs "http://127.0.0.1:$port" "$N"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
dir=$(mktemp -d)
run sqlite "sqlite://$dir/board.db?mode=rwc"
pg=${IOC_TEST_POSTGRES_URL:-}
if [ -z "$pg" ] && command -v pg_ctlcluster >/dev/null; then pg=$(./x pg-start); fi
if [ -n "$pg" ]; then
  name="ioc_bench_$RANDOM"
  base=${pg%/*}
  psql "$pg" -qc "CREATE DATABASE $name" >/dev/null
  run postgres "$base/$name"
  psql "$pg" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null
fi
rm -rf "$dir"
