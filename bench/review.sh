#!/usr/bin/env bash
# Review benchmark: the targets of the security / crash-safety review, as numbers.
#   signin      50 clients posting wrong passwords for 20 s (REVIEW_SIGNIN_CLIENTS,
#               REVIEW_SIGNIN_SECONDS; issue 14's target: /healthz p99 ≤ 50 ms); /healthz
#               every 50 ms meanwhile (p50/p95/p99/max), sign-in answers by status (401, and
#               429 once throttled)
#   filter-rss  a public 1,000,000-row dataset; 8 clients filtering on a JSON field for 30 s:
#               RSS idle, peak, peak − idle, latency, statuses
#   two-copies  two `ioc serve` on one PostgreSQL, readings and dataset rows through both
#               for 60 s: 5xx count, then env_hourly/env_daily/record_count checked in SQL
#   sigkill     kill -9 during ingest, N times (REVIEW_KILLS, default 60): restarts whose
#               record_count equals the rows stored
#   sigterm     SIGTERM with a half-sent request head and a 1 KB/s body open: time to exit
# Usage: bash bench/review.sh [signin|filter-rss|two-copies|sigkill|sigterm]...  (all by default)
# Uses target/release/ioc as built (never builds); only 127.0.0.1, ports picked at run time.
# Knobs: REVIEW_ROWS (1000000), REVIEW_KILLS (60), REVIEW_RSS_CAP_MB (default 60 % of
# MemAvailable: the server is killed past it), REVIEW_TWO_SECONDS (60), REVIEW_FILTER_SECONDS (30).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/target/release/ioc
[ -x "$BIN" ] || { echo "no $BIN: build it first (cargo build --release -p server)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed" >&2; exit 1; }

PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(signin filter-rss two-copies sigkill sigterm)
for p in "${PARTS[@]}"; do
  case $p in signin | filter-rss | two-copies | sigkill | sigterm) ;; *) sed -n '2,15p' "$0"; exit 2 ;; esac
done

WORK=$(mktemp -d /tmp/ioc-review.XXXXXX)
mkdir -p "$WORK/static"
# A copy: a rebuild during the run does not change the binary under test.
cp "$BIN" "$WORK/ioc"; BIN=$WORK/ioc
export REVIEW_SUMMARY=$WORK/summary.tsv
: >"$REVIEW_SUMMARY"
PIDS=()
PG_DB=""
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$PG_DB" ]; then
    su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)'" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n== %s\n' "$*"; }
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$REVIEW_SUMMARY"; }
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# start_server DATABASE_URL PORT LOG [SERVE FLAGS...]: starts `ioc serve` (pid in $SRV_PID).
start_server() {
  "$BIN" --database "$1" serve --addr "127.0.0.1:$2" --static-dir "$WORK/static" "${@:4}" >>"$3" 2>&1 &
  SRV_PID=$!
  PIDS+=("$SRV_PID")
}
# wait_healthy PORT PID SECONDS: until /healthz answers 200; fails if the process died.
wait_healthy() {
  local deadline=$((SECONDS + $3))
  until curl -fsS -m 2 "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { echo "server $2 died" >&2; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "server $2 not healthy after $3 s" >&2; return 1; }
    sleep 0.05
  done
}
# Reaped pids leave the cleanup list: a number the system reuses is never killed.
forget() {
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}
stop_server() { kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget "$1"; }
# log_errors LOG: how many ERROR / WARN lines the server logged, and the first kinds.
log_errors() {
  local e w
  e=$(grep -c ' ERROR ' "$1" || true); w=$(grep -c ' WARN ' "$1" || true)
  echo "server log: $e ERROR, $w WARN lines"
  if [ "$e" -gt 0 ]; then
    grep ' ERROR ' "$1" | sed -E 's/^[^ ]+ +//; s/\x1b\[[0-9;]*m//g' | cut -c1-220 | sort | uniq -c | sort -rn | head -5
  fi
}
sqlite_count() { # db-file sql
  if command -v sqlite3 >/dev/null; then sqlite3 -cmd '.timeout 10000' "$1" "$2"
  else python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=10); print(c.execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; fi
}

# A demo-seeded SQLite file, made once and copied for each part (the seed takes ~30 s).
TEMPLATE=""
seeded_copy() { # dest-file
  if [ -z "$TEMPLATE" ]; then
    TEMPLATE=$WORK/template.db
    local t0=$SECONDS
    "$BIN" --database "sqlite://$TEMPLATE?mode=rwc" seed --demo >"$WORK/seed.log" 2>&1 ||
      { cat "$WORK/seed.log"; return 1; }
    echo "(demo seed on SQLite: $((SECONDS - t0)) s, once)"
  fi
  local f
  for f in "$TEMPLATE" "$TEMPLATE-wal" "$TEMPLATE-shm"; do
    [ -f "$f" ] && cp "$f" "$1${f#"$TEMPLATE"}"
  done
  return 0
}

# ------------------------------------------------------------------ 1
part_signin() {
  local clients=${REVIEW_SIGNIN_CLIENTS:-50} seconds=${REVIEW_SIGNIN_SECONDS:-20}
  say "signin: $clients clients with wrong passwords for $seconds s, /healthz every 50 ms"
  local db=$WORK/signin.db port log=$WORK/signin.log
  seeded_copy "$db"
  port=$(free_port)
  start_server "sqlite://$db?mode=rwc" "$port" "$log" --demo
  wait_healthy "$port" "$SRV_PID" 600
  node bench/review.mjs signin "http://127.0.0.1:$port" "$seconds" "$clients"
  # The right password still works afterwards (unless the throttle now holds it back).
  echo "right password afterwards: HTTP $(curl -s -o /dev/null -w '%{http_code}' -X POST \
    -d 'email=official%40demo.ioc.vn&password=demo-official-2024' "http://127.0.0.1:$port/api/auth/login")"
  stop_server "$SRV_PID"
  log_errors "$log"
  say "signin: the same, each attempt from another address for another account (all hashed)"
  port=$(free_port)
  start_server "sqlite://$db?mode=rwc" "$port" "$log" --trust-proxy
  wait_healthy "$port" "$SRV_PID" 600
  node bench/review.mjs signin "http://127.0.0.1:$port" "$seconds" "$clients" spread
  stop_server "$SRV_PID"
  log_errors "$log"
}

# ------------------------------------------------------------------ 2
part_filter_rss() {
  local rows=${REVIEW_ROWS:-1000000} db=$WORK/filter.db port log=$WORK/filter.log key cap
  say "filter-rss: public dataset of $rows rows, 8 clients filtering on a JSON field"
  seeded_copy "$db"
  port=$(free_port)
  start_server "sqlite://$db?mode=rwc" "$port" "$log" --api-per-minute 0
  wait_healthy "$port" "$SRV_PID" 120
  key=$("$BIN" --database "sqlite://$db?mode=rwc" apikey create --name "review-$RANDOM" --scope ingest,read --department SKHDT 2>/dev/null)
  node bench/review.mjs define "http://127.0.0.1:$port" "$key" review-million public
  node bench/review.mjs load "http://127.0.0.1:$port" "$key" review-million "$rows" 25000 4
  # Idle RSS of a fresh process on the loaded database (not the ingest's leftovers).
  stop_server "$SRV_PID"
  start_server "sqlite://$db?mode=rwc" "$port" "$log" --api-per-minute 0
  wait_healthy "$port" "$SRV_PID" 120
  sleep 2
  cap=${REVIEW_RSS_CAP_MB:-$(awk '/MemAvailable/ {print int($2 / 1024 * 0.6)}' /proc/meminfo)}
  node bench/review.mjs filter "http://127.0.0.1:$port" review-million "$SRV_PID" "${REVIEW_FILTER_SECONDS:-30}" 8 "$cap"
  stop_server "$SRV_PID"
  log_errors "$log"
}

# ------------------------------------------------------------------ 3
pg_sql() { psql "$PG_URL" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
# verify_pg FROM STATION-CODES DATASET: prints the three mismatch counts.
verify_pg() {
  local from=$1 codes=$2 ds=$3 st
  st="SELECT id FROM env_station WHERE code = ANY (string_to_array('$codes', ','))"
  local hourly daily counts
  hourly=$(pg_sql "WITH raw AS (SELECT station_id, parameter, time - time % 3600 AS hour, COUNT(*) AS n, SUM(value) AS s
      FROM env_reading WHERE station_id IN ($st) AND flag = 0 AND time >= $from GROUP BY 1, 2, 3),
    h AS (SELECT station_id, parameter, hour, n, sum AS s FROM env_hourly WHERE station_id IN ($st) AND hour >= $from)
    SELECT COUNT(*) FILTER (WHERE raw.n IS NULL OR h.n IS NULL OR raw.n <> h.n
                              OR abs(raw.s - h.s) > 1e-6 * greatest(1, abs(raw.s))) || ' of ' || COUNT(*)
    FROM raw FULL JOIN h USING (station_id, parameter, hour)")
  # env_daily is computed from env_hourly exactly so (server/src/modules/environment/ingest.rs):
  # the province's day (UTC+7), n = hourly rows, mean of the hourly means, min, max.
  daily=$(pg_sql "WITH d AS (SELECT station_id, parameter, ((hour + 25200) / 86400) * 86400 - 25200 AS day,
        COUNT(*) AS n, AVG(sum / n) AS mean, MIN(min) AS mn, MAX(max) AS mx
      FROM env_hourly WHERE station_id IN ($st) AND hour >= $from GROUP BY 1, 2, 3),
    e AS (SELECT station_id, parameter, day, n, mean, min AS mn, max AS mx FROM env_daily
      WHERE station_id IN ($st) AND day >= $from)
    SELECT COUNT(*) FILTER (WHERE d.n IS NULL OR e.n IS NULL OR d.n <> e.n
                              OR abs(d.mean - e.mean) > 1e-6 * greatest(1, abs(d.mean)) OR d.mn <> e.mn OR d.mx <> e.mx)
      || ' of ' || COUNT(*)
    FROM d FULL JOIN e USING (station_id, parameter, day)")
  counts=$(pg_sql "SELECT d.record_count || ' vs ' || (SELECT COUNT(*) FROM dataset_record r WHERE r.dataset_id = d.id)
    FROM dataset d WHERE d.code = '$ds'")
  echo "env_hourly vs unflagged env_reading (station, parameter, hour): $hourly mismatched"
  echo "env_daily vs env_hourly (station, parameter, province day):     $daily mismatched"
  echo "dataset.record_count vs COUNT(*) dataset_record:                 ${counts:-no dataset}"
  VERIFY_HOURLY=${hourly%% *}; VERIFY_DAILY=${daily%% *}
  VERIFY_COUNT_OK=$(awk '{print ($1 == $3) ? 0 : 1}' <<<"${counts:-x vs y}")
}

part_two_copies() {
  say "two-copies: two ioc serve on one PostgreSQL, readings and rows through both"
  local base_url pg_ok=1
  if [ -n "${IOC_TEST_POSTGRES_URL:-}" ]; then base_url=$IOC_TEST_POSTGRES_URL
  elif command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then base_url=$(./x pg-start 2>/dev/null) || pg_ok=0
  else pg_ok=0; fi
  if [ "$pg_ok" = 0 ] || [ -z "${base_url:-}" ]; then
    echo "skipped: no PostgreSQL here"; note two-copies result skipped; return 0
  fi
  PG_DB="ioc_review_$$_$RANDOM"
  su postgres -c "psql -qc 'CREATE DATABASE $PG_DB OWNER ioc'" >/dev/null
  PG_URL="${base_url%/*}/$PG_DB"
  local pa pb la=$WORK/pg-a.log lb=$WORK/pg-b.log pid_a pid_b key t0 now from seconds=${REVIEW_TWO_SECONDS:-60}
  "$BIN" --database "$PG_URL" migrate >"$WORK/pg-migrate.log" 2>&1 || { cat "$WORK/pg-migrate.log"; return 1; }
  pa=$(free_port)
  t0=$SECONDS
  start_server "$PG_URL" "$pa" "$la" --demo --api-per-minute 0
  pid_a=$SRV_PID
  wait_healthy "$pa" "$pid_a" 1800
  echo "copy A (with the demo seed) healthy after $((SECONDS - t0)) s"
  pb=$(free_port)
  start_server "$PG_URL" "$pb" "$lb" --api-per-minute 0
  pid_b=$SRV_PID
  wait_healthy "$pb" "$pid_b" 300
  key=$("$BIN" --database "$PG_URL" apikey create --name "review-$RANDOM" --scope ingest,read --department STNMT 2>/dev/null)
  node bench/review.mjs define "http://127.0.0.1:$pa" "$key" review-shared private
  # Days (UTC+7) from the one holding the oldest reading sent: complete days are compared.
  now=$(date +%s); from=$(( ((now - 3 * 86400 + 25200) / 86400) * 86400 - 25200 ))
  local codes
  codes=$(curl -fsS "http://127.0.0.1:$pa/api/v1/environment/stations" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).map(x=>x.station??x).filter(x=>x.kind==="air"&&x.department==="STNMT").map(x=>x.code).join(",")))')
  echo "before (the demo's own data in the same window):"
  verify_pg "$from" "$codes" review-shared >"$WORK/verify.txt"; sed 's/^/  /' "$WORK/verify.txt"
  node bench/review.mjs two "http://127.0.0.1:$pa" "http://127.0.0.1:$pb" "$key" review-shared "$seconds" 3 "$WORK/two.json"
  echo "after:"
  verify_pg "$from" "$codes" review-shared >"$WORK/verify.txt"; sed 's/^/  /' "$WORK/verify.txt"
  note two-copies "mismatches hourly / daily / record_count" "$VERIFY_HOURLY / $VERIFY_DAILY / $VERIFY_COUNT_OK"
  stop_server "$pid_a"; stop_server "$pid_b"
  echo "copy A:"; log_errors "$la"
  echo "copy B:"; log_errors "$lb"
  su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)'" >/dev/null 2>&1 || true
  PG_DB=""
}

# ------------------------------------------------------------------ 4
part_sigkill() {
  local kills=${REVIEW_KILLS:-60} maxs=${REVIEW_KILL_MAX_SECONDS:-1200}
  say "sigkill: kill -9 during ingest, $kills times (SQLite)"
  local db=$WORK/kill.db port log=$WORK/kill.log url key ds_id i ok=0 bad=0 acked=0 lost=0 out t0=$SECONDS
  local unhealthy=0 pusher delay rc="" rows=0
  seeded_copy "$db"
  url="sqlite://$db?mode=rwc"
  port=$(free_port)
  start_server "$url" "$port" "$log"
  wait_healthy "$port" "$SRV_PID" 120
  key=$("$BIN" --database "$url" apikey create --name "review-$RANDOM" --scope ingest,read --department SKHDT 2>/dev/null)
  node bench/review.mjs define "http://127.0.0.1:$port" "$key" review-kill private
  ds_id=$(sqlite_count "$db" "SELECT id FROM dataset WHERE code = 'review-kill'")
  for i in $(seq 1 "$kills"); do
    [ $((SECONDS - t0)) -lt "$maxs" ] || { echo "stopped after $((i - 1)) rounds: $maxs s cap"; break; }
    node bench/review.mjs push "http://127.0.0.1:$port" "$key" review-kill "r$i" 4 500 30 >"$WORK/push.out" 2>&1 &
    pusher=$!
    PIDS+=("$pusher")
    delay=$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.3 + 1.7 * r / 32767 }')
    sleep "$delay"
    stop_server "$SRV_PID"
    wait "$pusher" 2>/dev/null || true
    forget "$pusher"
    acked=$((acked + $(node -e 'try{console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").pop()).acked)}catch{console.log(0)}' "$WORK/push.out")))
    start_server "$url" "$port" "$log"
    if ! wait_healthy "$port" "$SRV_PID" 60; then
      unhealthy=$((unhealthy + 1)); echo "round $i: the server did not come back"; tail -5 "$log"; break
    fi
    rc=$(node bench/review.mjs count "http://127.0.0.1:$port" "$key" review-kill)
    rows=$(sqlite_count "$db" "SELECT COUNT(*) FROM dataset_record WHERE dataset_id = $ds_id")
    if [ "$rc" = "$rows" ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
    [ "$rows" -ge "$acked" ] || lost=$((lost + 1))
    if [ -n "${REVIEW_VERBOSE:-}" ]; then echo "round $i: killed after ${delay} s; record_count $rc, rows $rows, acknowledged $acked"; fi
  done
  out=$(sqlite_count "$db" "PRAGMA integrity_check")
  echo "restarts: $((ok + bad)); record_count == rows: $ok; record_count != rows: $bad; did not come back: $unhealthy"
  echo "rows acknowledged (inserted, 200) over all rounds: $acked; stored at the end: $rows (rounds with acknowledged rows missing: $lost)"
  echo "last round: record_count $rc, rows $rows; PRAGMA integrity_check: $out; $((SECONDS - t0)) s"
  note sigkill "restarts with record_count == rows" "$ok of $((ok + bad))"
  stop_server "$SRV_PID"
  log_errors "$log"
}

# ------------------------------------------------------------------ 5
part_sigterm() {
  say "sigterm: time to exit after SIGTERM"
  local db=$WORK/term.db port log=$WORK/term.log url key pid
  seeded_copy "$db"
  url="sqlite://$db?mode=rwc"
  port=$(free_port)
  key=$("$BIN" --database "$url" apikey create --name "review-$RANDOM" --scope ingest,read --department SKHDT 2>/dev/null)
  for mode in idle slow; do
    start_server "$url" "$port" "$log"
    pid=$SRV_PID
    wait_healthy "$port" "$pid" 120
    node bench/review.mjs sigterm "$port" "$pid" "$key" "$mode"
    stop_server "$pid"
  done
  log_errors "$log"
}

for p in "${PARTS[@]}"; do
  case $p in
    signin) part_signin ;;
    filter-rss) part_filter_rss ;;
    two-copies) part_two_copies ;;
    sigkill) part_sigkill ;;
    sigterm) part_sigterm ;;
  esac
done

say "summary"
awk -F'\t' '{ printf "%-11s %-45s %s\n", $1, $2, $3 }' "$REVIEW_SUMMARY"
