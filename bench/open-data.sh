#!/usr/bin/env bash
# Open-data benchmark on SQLite: a 1,000,000-row public dataset, then
#  1. datastore_search of 100 rows: latency (sequential requests; target p99 ≤ 10 ms);
#  2. the same 100-row JSON page from ioc and from Datasette (PyPI) on the same SQLite
#     file, side by side: requests per second (target ioc ≥ 5× Datasette).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ROWS=${ROWS:-1000000}
dir=$(mktemp -d)
db="$dir/bench.db"
url="sqlite://$db?mode=rwc"

venv=bench/.venv
if [ ! -x "$venv/bin/datasette" ] || [ "$(cat "$venv/.ioc-req-hash" 2>/dev/null)" != "$(sha256sum bench/requirements.txt | cut -d' ' -f1)" ]; then
  echo "installing Datasette into $venv (once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r bench/requirements.txt
  sha256sum bench/requirements.txt | cut -d' ' -f1 > "$venv/.ioc-req-hash"
fi

serve_demo "$url" 18283 --api-per-minute 0
key=$(target/release/ioc --database "$url" apikey create --name "bench-$RANDOM" --scope ingest --department SKHDT 2>/dev/null)
node bench/open-data.mjs load "http://127.0.0.1:18283" "$key" "$ROWS"
node bench/open-data.mjs latency "http://127.0.0.1:18283"

# Datasette serves the same file; the same page: the dataset's first 100 rows as JSON.
ds_id=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select id from dataset where code='bench-million'\").fetchone()[0])" "$db")
# Tuned for speed: without facet suggestions (each page would otherwise try a facet
# query per column, ~650 ms a page here).
"$venv/bin/datasette" serve "$db" --port 18284 --setting default_page_size 100 --setting suggest_facets off >/dev/null 2>&1 &
DS_PID=$!
until curl -fsS "http://127.0.0.1:18284/-/versions.json" >/dev/null 2>&1; do sleep 0.1; done
node bench/open-data.mjs compare "http://127.0.0.1:18283" "http://127.0.0.1:18284/bench/dataset_record.json?dataset_id=$ds_id&_size=100&_sort=id"
kill "$DS_PID"; wait "$DS_PID" 2>/dev/null || true
stop_server
rm -rf "$dir"
