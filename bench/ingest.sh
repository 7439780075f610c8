#!/usr/bin/env bash
# Ingest benchmark: 10,000-row CSV batches over HTTP into SQLite, and into PostgreSQL
# when IOC_TEST_POSTGRES_URL is set (or ./x pg-start can start one).
# Targets: SQLite ≥ 50,000 rows/s, PostgreSQL ≥ 20,000 rows/s.
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES=${BATCHES:-20}
run() { # name database-url
  local name=$1 db=$2 port=18282 key pid
  target/release/ioc --database "$db" seed --demo >/dev/null
  key=$(target/release/ioc --database "$db" apikey create --name "bench-$RANDOM" --scope ingest --department SDL 2>/dev/null)
  target/release/ioc --database "$db" serve --addr "127.0.0.1:$port" --static-dir dist >/dev/null 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
  printf '%-10s ' "$name"; node bench/ingest.mjs "http://127.0.0.1:$port" "$key" "$BATCHES"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
dir=$(mktemp -d)
run sqlite "sqlite://$dir/ingest.db?mode=rwc"
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
