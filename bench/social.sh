#!/usr/bin/env bash
# Module 3's analyser (issue 18): sentiment accuracy on the gold set (confusion matrix,
# macro-F1; target ≥ 0.75 on the held-out half), spike detection's precision and recall on a
# synthetic series with known spikes, and posts processed a second on one core
# (target ≥ 2,000: normalise, match 500 watchlist phrases, sentiment, SimHash).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example social_analyze --locked -q
target/release/examples/social_analyze server/tests/data/social/gold_vi.tsv
