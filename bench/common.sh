# Shared by the benchmarks: serve a demo database and run a body on every engine here.

# serve_demo DATABASE_URL PORT [SERVE FLAGS...]: seeds the demo data, starts `ioc` and waits
# until it answers; the server's pid is in $IOC_PID.
serve_demo() {
  # A server an interrupted run left on the port would answer instead: stop, do not
  # measure it.
  if curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1; then
    echo "port $2 is taken by another server (an interrupted run's?)" >&2
    return 1
  fi
  target/release/ioc --database "$1" seed --demo >/dev/null 2>&1
  target/release/ioc --database "$1" serve --addr "127.0.0.1:$2" --static-dir dist "${@:3}" >/dev/null 2>&1 &
  IOC_PID=$!
  until curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1; do
    kill -0 "$IOC_PID" 2>/dev/null || { echo "ioc did not start on port $2 (is it taken?)" >&2; return 1; }
    sleep 0.05
  done
}

stop_server() { kill "$IOC_PID"; wait "$IOC_PID" 2>/dev/null || true; }

# each_engine FN: calls `FN NAME DATABASE_URL` on a fresh SQLite file, then on a fresh
# PostgreSQL database when IOC_TEST_POSTGRES_URL is set or `./x pg-start` can start one
# (BENCH_SQLITE_ONLY=1: SQLite only).
each_engine() {
  local fn=$1 dir pg name
  dir=$(mktemp -d)
  "$fn" sqlite "sqlite://$dir/bench.db?mode=rwc"
  [ "${BENCH_SQLITE_ONLY:-}" = 1 ] && { rm -rf "$dir"; return; }
  pg=${IOC_TEST_POSTGRES_URL:-}
  if [ -z "$pg" ] && command -v pg_ctlcluster >/dev/null; then pg=$(./x pg-start 2>/dev/null); fi
  if [ -n "$pg" ]; then
    name="ioc_bench_$RANDOM"
    psql "$pg" -qc "CREATE DATABASE $name" >/dev/null
    "$fn" postgres "${pg%/*}/$name"
    psql "$pg" -qc "DROP DATABASE $name WITH (FORCE)" >/dev/null
  fi
  rm -rf "$dir"
}
