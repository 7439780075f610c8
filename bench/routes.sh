#!/usr/bin/env bash
# Bytes a browser downloads per route, measured in Chromium (bench/routes.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
dir=$(mktemp -d)
serve_demo "sqlite://$dir/bench.db?mode=rwc" 18290
target/release/ioc routes > "$dir/routes.json"
E2E_BASE_URL=http://127.0.0.1:18290 node bench/routes.mjs http://127.0.0.1:18290 "$dir/routes.json"
stop_server
rm -rf "$dir"
