#!/usr/bin/env bash
# Lighthouse 12 (its mobile preset: a mid-range phone, slow 4G) with Debian's Chromium on
# the public pages a citizen opens first: performance, LCP, CLS, TBT, accessibility. Three
# runs per page (the scores move from run to run); the median is the number to quote.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
want=$(sha256sum bench/lighthouse/package-lock.json | cut -d' ' -f1)
if [ "$(cat bench/lighthouse/node_modules/.ioc-lock-hash 2>/dev/null)" != "$want" ]; then
  (cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > bench/lighthouse/node_modules/.ioc-lock-hash
fi
dir=$(mktemp -d)
serve_demo "sqlite://$dir/bench.db?mode=rwc" 18291
trap 'stop_server; rm -rf "$dir"' EXIT
for path in ${LIGHTHOUSE_PATHS:-/report /open-data}; do
  for run in 1 2 3; do
    CHROME_PATH=/usr/bin/chromium bench/lighthouse/node_modules/.bin/lighthouse \
      "http://127.0.0.1:18291$path" --quiet --only-categories=performance,accessibility \
      --chrome-flags="--headless=new --no-sandbox" --output=json \
      --output-path="$dir/run$run.json" >/dev/null 2>&1
  done
  node -e '
    const fs = require("fs");
    const [path, dir] = process.argv.slice(1);
    const runs = [1, 2, 3].map((i) => JSON.parse(fs.readFileSync(`${dir}/run${i}.json`)));
    const pick = (r) => ({
      perf: Math.round(r.categories.performance.score * 100),
      a11y: Math.round(r.categories.accessibility.score * 100),
      fcp: r.audits["first-contentful-paint"].numericValue / 1000,
      lcp: r.audits["largest-contentful-paint"].numericValue / 1000,
      cls: r.audits["cumulative-layout-shift"].numericValue,
      tbt: r.audits["total-blocking-time"].numericValue,
    });
    const all = runs.map(pick);
    const median = (k) => all.map((x) => x[k]).sort((a, b) => a - b)[1];
    const show = (x) => `perf ${x.perf}  a11y ${x.a11y}  FCP ${x.fcp.toFixed(1)} s  LCP ${x.lcp.toFixed(1)} s  CLS ${x.cls.toFixed(3)}  TBT ${Math.round(x.tbt)} ms`;
    all.forEach((x, i) => console.log(`${path.padEnd(11)} run ${i + 1}: ${show(x)}`));
    const m = Object.fromEntries(Object.keys(all[0]).map((k) => [k, median(k)]));
    console.log(`${path.padEnd(11)} median: ${show(m)}   (targets: perf ≥ 90, LCP ≤ 2.5 s, CLS ≤ 0.05, a11y ≥ 95)`);
  ' "$path" "$dir"
done
