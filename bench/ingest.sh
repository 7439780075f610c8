#!/usr/bin/env bash
# Ingest benchmark (issue 23): 10,000-row CSV batches over HTTP into SQLite, and into
# PostgreSQL when IOC_TEST_POSTGRES_URL is set (or ./x pg-start can start one); one client,
# then four; then reads at that size; then SQLite's own upsert rate for the same rows
# (server/examples/sqlite_upsert.rs: the same driver, no HTTP) and PostgreSQL's
# (bench/pg_upsert.sql: in the database, no client), and the ratios.
# Targets at BATCHES=1000 (10,000,000 rows): SQLite ≥ 150,000 rows/s with one client and
# ≥ 200,000 with four, PostgreSQL ≥ 60,000; the last ten batches ≤ 1.2× the first ten;
# within 3× of SQLite's own rate; filter first page and a deep page ≤ 20 ms p95,
# datastore_search with total ≤ 10 ms p95.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BATCHES=${BATCHES:-20}
CLIENTS=${CLIENTS:-1 4}
cargo build --release --example sqlite_upsert --locked -q
trap '[ -n "${IOC_PID:-}" ] && kill "$IOC_PID" 2>/dev/null' EXIT
run() { # name database-url
  local key c out rate=
  for c in $CLIENTS; do
    serve_demo "$2" 18282 --api-per-minute 0
    key=$(target/release/ioc --database "$2" apikey create --name "bench-$RANDOM" --scope ingest --department SDL 2>/dev/null)
    echo "== $1, $c client(s)"
    # Reads are measured once, on the first run's dataset.
    out=$(BENCH_READS=$([ -z "$rate" ] && echo 1 || echo 0) node bench/ingest.mjs "http://127.0.0.1:18282" "$key" "$BATCHES" "$c")
    echo "$out"
    [ -n "$rate" ] || rate=$(sed -n 's/.* = \([0-9]*\) rows\/s.*/\1/p' <<<"$out")
    stop_server
  done
  if [ "$1" = postgres ]; then
    local own
    own=$(psql "$2" -q -v batches="$BATCHES" -f bench/pg_upsert.sql 2>&1 | sed -n 's/.*NOTICE: *//p')
    echo "$own"
    own=$(sed -n 's/.* = \([0-9]*\) rows\/s.*/\1/p' <<<"$own")
    awk -v own="$own" -v http="$rate" 'BEGIN { printf "ratio: PostgreSQL alone / through ioc (one client) = %.2f\n", own / http }'
  fi
  if [ "$1" = sqlite ]; then
    local own dir
    dir=$(mktemp -d)
    own=$(target/release/examples/sqlite_upsert "$dir/own.db" "$((BATCHES * 10000))")
    echo "$own"
    own=$(sed -n 's/.* = \([0-9]*\) rows\/s.*/\1/p' <<<"$own")
    awk -v own="$own" -v http="$rate" 'BEGIN { printf "ratio: SQLite alone / through ioc (one client) = %.2f (goal ≤ 3)\n", own / http }'
    rm -rf "$dir"
  fi
}
each_engine run
