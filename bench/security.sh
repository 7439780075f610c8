#!/usr/bin/env bash
# Module 2 benchmark: syslog messages parsed and stored per second, over TCP and UDP, on
# SQLite and, when available, PostgreSQL. Target: ≥ 50,000 messages/s, with the queue's
# drop count reported.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${N:-200000}
run() { # name database-url
  local key
  serve_demo "$2" 18286 --syslog-udp 127.0.0.1:18514 --syslog-tcp 127.0.0.1:18514
  key=$(target/release/ioc --database "$2" apikey create --name "bench-$RANDOM" --scope read 2>/dev/null)
  echo "== $1"
  node bench/security.mjs "http://127.0.0.1:18286" "$key" 18514 18514 "$N"
  stop_server
}
each_engine run
