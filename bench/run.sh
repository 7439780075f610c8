#!/usr/bin/env bash
# Foundation benchmarks: prints the numbers the issue sets targets for.
#   - wasm + JS + CSS of the app, brotli (Leaflet's own files not counted); per route: routes.sh
#   - time from `ioc serve` start to the first 200 from /healthz on an existing database  target ≤ 1 s
#   - idle RSS of `ioc serve` after start-up and a few requests  target ≤ 60 MB
set -euo pipefail
cd "$(dirname "$0")/.."
command -v brotli >/dev/null || { echo "brotli is needed (apt-get install brotli)"; exit 1; }

echo "== bundle size (brotli -q 11; what each route downloads: bench/routes.sh)"
total=0 pages=0 pages_br=0
for f in $(find dist -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) | sort); do
  raw=$(stat -c %s "$f")
  br=$(brotli -q 11 -c "$f" | wc -c)
  total=$((total + br))
  case $(basename "$f") in
    frontend-*|main-*|*-wasm-split.js)
      printf '  %-48s %9d B raw %9d B brotli\n' "$(basename "$f")" "$raw" "$br" ;;
    *) pages=$((pages + 1)); pages_br=$((pages_br + br)) ;;
  esac
done
printf '  %-48s %30d B brotli\n' "$pages split page files (frontend/split)" "$pages_br"
printf '  %-48s %30d B brotli (%d KB)\n' "total app, every page" "$total" $((total / 1024))

echo "== start-up and memory"
dir=$(mktemp -d)
db="sqlite://$dir/bench.db?mode=rwc"
port=${BENCH_PORT:-18181}
target/release/ioc --database "$db" seed --demo >/dev/null
for run in 1 2 3; do
  start=$(date +%s%N)
  target/release/ioc --database "$db" serve --addr "127.0.0.1:$port" --static-dir dist >/dev/null 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.01; done
  end=$(date +%s%N)
  printf '  run %d: /healthz answered %d ms after start (target 1000 ms)\n' "$run" $(((end - start) / 1000000))
  if [ "$run" = 3 ]; then
    for p in / /healthz /api/v1/departments /api/v1/units "/api/v1/units?level=district&geometry=true"; do
      curl -fsS -o /dev/null "http://127.0.0.1:$port$p"
    done
    sleep 2
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    printf '  idle RSS after start and 5 requests: %d KB (%d MB; target 60 MB)\n' "$rss" $((rss / 1024))
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
rm -rf "$dir"
