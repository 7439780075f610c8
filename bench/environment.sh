#!/usr/bin/env bash
# Environment benchmark (module 7) on SQLite, and on PostgreSQL when one is available:
# sustained ingest over HTTP and MQTT (a Debian Mosquitto started here) with rollups and
# indices kept current, and the year-long station chart at the server.
# Targets: ≥ 20,000 readings/s (HTTP and MQTT, SQLite); chart ≤ 20 ms p95 at the server.
# The browser's drawing time is measured by bench/environment-draw.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
cargo build --release --example env_bench --locked -q
MQTT_PORT=18883
dir=$(mktemp -d)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 1000\nmax_queued_messages 1000000\n' "$MQTT_PORT" > "$dir/mosquitto.conf"
/usr/sbin/mosquitto -c "$dir/mosquitto.conf" >/dev/null 2>&1 &
MQ_PID=$!
trap 'kill $MQ_PID 2>/dev/null || true; rm -rf "$dir"' EXIT
run() { # name database-url
  local key
  serve_demo "$2" 18283 --mqtt-url "mqtt://127.0.0.1:$MQTT_PORT" --mqtt-client-id "ioc-bench-$1"
  key=$(target/release/ioc --database "$2" apikey create --name "bench-$RANDOM" --scope ingest --department STNMT 2>/dev/null)
  echo "== $1"
  target/release/examples/env_bench "http://127.0.0.1:18283" "$key" "127.0.0.1:$MQTT_PORT" "$2"
  node bench/environment-draw.mjs "http://127.0.0.1:18283"
  stop_server
}
each_engine run
