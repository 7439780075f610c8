#!/usr/bin/env bash
# Module 10 benchmark: what the camera proxy adds per segment with 50 viewers at once, and
# whether the server's memory stays flat while it streams (bench/cameras.mjs). A live HLS
# stream (ffmpeg, 720p testsrc2, 1 s segments) is served behind credentials on localhost;
# the viewers fetch the newest segment through `ioc` and, for comparison, directly.
# Target: ≤ 5 ms added at p99, memory flat.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed (apt-get install ffmpeg)" >&2; exit 1; }
dir=$(mktemp -d)
mkdir -p "$dir/hls"
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=25 \
  -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -b:v 3M -pix_fmt yuv420p \
  -f hls -hls_time 1 -hls_list_size 6 -hls_flags delete_segments "$dir/hls/index.m3u8" &
FFMPEG_PID=$!
trap 'kill $FFMPEG_PID 2>/dev/null || true' EXIT
serve_demo "sqlite://$dir/bench.db?mode=rwc" 18291
node bench/cameras.mjs http://127.0.0.1:18291 "$dir/hls" "$IOC_PID" "${VIEWERS:-50}" "${SECONDS_EACH:-20}"
stop_server
rm -rf "$dir"
