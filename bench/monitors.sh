#!/usr/bin/env bash
# Module 2 benchmark: the CPU one `ioc` spends running 500 site monitors at 60-second
# intervals (HTTPS, HTTP and TCP against local servers), on SQLite and, when available,
# PostgreSQL. Target: < 5 % of one core.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${N:-500}
WINDOW=${WINDOW:-120}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
run() { # name database-url
  serve_demo "$2" 18287
  echo "== $1"
  node bench/monitors.mjs "http://127.0.0.1:18287" "$IOC_PID" "$(getconf CLK_TCK)" "$N" "$WINDOW" "$tmp/cert.pem" "$tmp/key.pem"
  stop_server
}
each_engine run
