#!/usr/bin/env bash
# Module 9 benchmark on 100,000 reports (plus the demo's), on SQLite and, when available,
# PostgreSQL. Targets: create p99 ≤ 50 ms without a photo and ≤ 300 ms with a 3 MB photo;
# the first page of a filtered inbox p95 ≤ 30 ms; the public map of 10,000 reports drawn and
# dragged in Chromium (frame times).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${N:-300}
REPORTS=${REPORTS:-100000}
cargo build --release -p server --example photo --locked -q
PHOTO=$(mktemp --suffix=.jpg)
# 3,000 × 2,250 at quality 92 with texture: about 3 MB, like a phone's photo.
target/release/examples/photo "$PHOTO" 3000 2250 10.35 107.08 >/dev/null
run() { # name database-url
  target/release/ioc --database "$2" seed --demo --synthetic-reports "$REPORTS" >/dev/null 2>&1
  serve_demo "$2" 18284 --reports-per-hour 100000
  echo "== $1 ($REPORTS reports)"
  node bench/feedback.mjs "http://127.0.0.1:18284" "$PHOTO" "$N"
  if [ "$1" = sqlite ]; then node bench/feedback-map.mjs "http://127.0.0.1:18284"; fi
  stop_server
}
each_engine run
rm -f "$PHOTO"
