#!/usr/bin/env bash
# Benchmarks, release build, traffic on 127.0.0.1 only.
#
#   bench/run.sh [sqlite|postgres|both]   GET /store/customers/me and
#                                         GET /store/customers/me/addresses (5 addresses) with a
#                                         session cookie after seeding 10 000 customers:
#                                         req/s, p50/p99, RSS; then the import of 100 000
#                                         orders (`server import-orders`) and
#                                         GET /store/customers/me/orders?limit=10 for a
#                                         customer with 50 of them
#   bench/run.sh flood                    the same route while a login flood runs (SQLite):
#                                         does password hashing starve other routes?
#   bench/run.sh search                   the admin customer list at 100 000 varied customers
#                                         (`server seed --varied`), SQLite then PostgreSQL:
#                                         p50/p99 of a name fragment, email fragments, group
#                                         filters and the default list (limit=20, one
#                                         connection: the latency a back-office user sees),
#                                         then export.csv of all of them (time, size, peak RSS)
#
# Knobs (environment): BENCH_CUSTOMERS (10000), BENCH_ORDERS (100000), BENCH_CONNECTIONS (32),
# BENCH_DURATION (20s), BENCH_THREADS (2), BENCH_PORT (3200); for `search`:
# BENCH_SEARCH_CUSTOMERS (100000), BENCH_SEARCH_CONNECTIONS (1), BENCH_SEARCH_DURATION (10s).
# Results also go to
# bench/results/<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

WHICH=${1:-both}
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
ORDERS=${BENCH_ORDERS:-100000}
# The customer whose order history is measured: the last seeded one, which the generator
# gives 50 orders (the others go to the other seeded customers).
ORDER_CUSTOMER="seed-$CUSTOMERS@example.com"
CONNECTIONS=${BENCH_CONNECTIONS:-32}
DURATION=${BENCH_DURATION:-20s}
THREADS=${BENCH_THREADS:-2}
PORT=${BENCH_PORT:-3200}
BASE="http://127.0.0.1:$PORT"
PG_ADMIN_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}

command -v wrk >/dev/null || { say "installing wrk"; as_root apt-get install -y -qq wrk; }
say "release build of the server"
cargo build --release -p server --quiet
BIN=target/release/server

WORK=$(mktemp -d)
PG_DB="ca_bench_$$"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p bench/results
RESULTS="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$WHICH.md"

# "1.23ms" / "850.00us" / "1.02s" → milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n
  }'
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
rps_of() { awk '/^Requests\/sec/ {printf "%.0f", $2}' "$1"; }
pct_of() { to_ms "$(awk -v p="$2" '$1 == p {print $2}' "$1")"; }
errors_of() { awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$1"; }
rss_of() { awk -v k="$1" '$1 == k":" {printf "%.1f MB", $2/1024}' "/proc/$SERVER_PID/status"; }

# start_server DATABASE_URL [ENV=VALUE…]: seeds, starts, waits for /health.
start_server() {
  local url=$1; shift
  say "seeding $CUSTOMERS customers"
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" seed --customers "$CUSTOMERS" >/dev/null
  # /store/* needs a publishable API key (the wrk scripts send BENCH_KEY).
  BENCH_KEY=$(DATABASE_URL="$url" RUST_LOG=warn "$BIN" create-publishable-key --title bench)
  export BENCH_KEY
  env DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn SESSION_IDLE_TIMEOUT=1h "$@" \
    "$BIN" serve &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}

stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

# sign_in: registers a customer through the API and prints its session cookie.
sign_in() {
  local email="bench-$$-$RANDOM@example.com" password="bench-password" token
  token=$(curl -fs -X POST "$BASE/auth/customer/emailpass/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json_field "['token']")
  curl -fs -X POST "$BASE/store/customers" -H 'content-type: application/json' -H "authorization: Bearer $token" \
    -H "x-publishable-api-key: $BENCH_KEY" \
    -d "{\"email\":\"$email\",\"first_name\":\"Bench\",\"last_name\":\"Mark\"}" >/dev/null
  token=$(curl -fs -X POST "$BASE/auth/customer/emailpass" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json_field "['token']")
  curl -fs -o /dev/null -D - -X POST "$BASE/auth/session" -H "authorization: Bearer $token" \
    | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip' | head -1
}

# sign_in_as EMAIL PASSWORD: signs an existing customer in and prints its session cookie.
sign_in_as() {
  local token
  token=$(curl -fs -X POST "$BASE/auth/customer/emailpass" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | json_field "['token']")
  curl -fs -o /dev/null -D - -X POST "$BASE/auth/session" -H "authorization: Bearer $token" \
    | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip' | head -1
}

# add_addresses COOKIE N: gives the signed-in customer N addresses (cookie writes send the
# site's Origin, as a browser would).
add_addresses() {
  local i
  for i in $(seq 1 "$2"); do
    curl -fs -o /dev/null -X POST "$BASE/store/customers/me/addresses" -H 'content-type: application/json' \
      -H "cookie: $1" -H "origin: $BASE" -H "x-publishable-api-key: $BENCH_KEY" \
      -d "{\"address_name\":\"Address $i\",\"first_name\":\"Bench\",\"address_1\":\"$i Main Street\",\"city\":\"Springfield\",\"postal_code\":\"1234$i\",\"country_code\":\"us\",\"is_default_shipping\":$([ "$i" = 1 ] && echo true || echo false)}"
  done
}

# measure COOKIE PATH OUTFILE [THREADS]
measure() {
  BENCH_COOKIE="$1" wrk -t"${4:-$THREADS}" -c"$CONNECTIONS" -d3s -s bench/cookie.lua "$BASE$2" >/dev/null
  BENCH_COOKIE="$1" wrk -t"${4:-$THREADS}" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/cookie.lua \
    "$BASE$2" | tee "$3"
}

# measure_me COOKIE OUTFILE [THREADS]
measure_me() { measure "$1" /store/customers/me "$2" "${3:-$THREADS}"; }

# result_row BACKEND ROUTE WRK_OUTPUT: appends the run's line to the results table, with the
# server's memory now.
result_row() {
  echo "| $1 | $2 | $(rps_of "$3") | $(pct_of "$3" 50%) ms | $(pct_of "$3" 99%) ms | $(errors_of "$3")| $(rss_of VmRSS) | $(rss_of VmHWM) |" >> "$RESULTS"
}

bench_backend() {
  local name=$1 url=$2 cookie
  start_server "$url"
  cookie=$(sign_in)
  # First as the foundation measured it (a customer without addresses), then with five.
  say "$name: GET /store/customers/me (no addresses) for $DURATION"
  measure_me "$cookie" "$WORK/$name-bare.txt"
  result_row "$name" "/store/customers/me (no addresses)" "$WORK/$name-bare.txt"
  add_addresses "$cookie" 5
  say "$name: GET /store/customers/me (5 addresses) for $DURATION"
  measure_me "$cookie" "$WORK/$name.txt"
  result_row "$name" "/store/customers/me (5 addresses)" "$WORK/$name.txt"
  say "$name: GET /store/customers/me/addresses (5 addresses) for $DURATION"
  measure "$cookie" /store/customers/me/addresses "$WORK/$name-addresses.txt"
  result_row "$name" "/store/customers/me/addresses" "$WORK/$name-addresses.txt"
  stop_server
  bench_orders "$name" "$url"
}

# import_orders BACKEND DATABASE_URL: imports the order file (made once per run) into the
# seeded database with the server stopped, and notes the wall time of the whole command.
import_orders() {
  local file="$WORK/orders.jsonl" started elapsed summary
  if [ ! -f "$file" ]; then
    say "generating $ORDERS orders ($ORDER_CUSTOMER gets 50)"
    python3 bench/make-orders.py --orders "$ORDERS" --customer "$ORDER_CUSTOMER" --customer-orders 50 \
      --emails 'seed-{}@example.com' --email-count "$(( CUSTOMERS - 1 ))" > "$file"
  fi
  say "$1: importing $ORDERS orders"
  started=$(date +%s%N)
  summary=$(DATABASE_URL="$2" RUST_LOG=warn "$BIN" import-orders "$file" 2>/dev/null)
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "| $1 | $ORDERS | $(awk -v ms="$elapsed" 'BEGIN {printf "%.1f s", ms / 1000}') | $summary |" >> "$WORK/imports.md"
}

# bench_orders BACKEND DATABASE_URL: the order history of a customer with 50 orders among
# $ORDERS, first as seed 000's v1 list (items and shipping address of each order), then as
# Medusa 2.x's list (the order rows alone) for comparison.
bench_orders() {
  local name=$1 url=$2 cookie
  import_orders "$name" "$url"
  start_server "$url"
  cookie=$(sign_in_as "$ORDER_CUSTOMER" seed-password)
  say "$name: GET /store/customers/me/orders?limit=10 for $DURATION"
  measure "$cookie" "/store/customers/me/orders?limit=10" "$WORK/$name-orders.txt"
  result_row "$name" "/store/customers/me/orders?limit=10 (50 orders)" "$WORK/$name-orders.txt"
  say "$name: GET /store/orders?limit=10 for $DURATION"
  measure "$cookie" "/store/orders?limit=10" "$WORK/$name-v2-orders.txt"
  result_row "$name" "/store/orders?limit=10 (50 orders)" "$WORK/$name-v2-orders.txt"
  stop_server
}

bench_flood() {
  local cookie
  # The limiter would turn the flood into cheap 429s; this run measures the hashing itself.
  start_server "sqlite://$WORK/flood.db" \
    AUTH_RATE_LIMIT_PER_ADDRESS=1000000000/1s AUTH_RATE_LIMIT_PER_ACCOUNT=1000000000/1s
  cookie=$(sign_in)
  say "GET /store/customers/me alone"
  measure_me "$cookie" "$WORK/alone.txt" 1
  say "GET /store/customers/me during a login flood (16 connections of wrong passwords)"
  wrk -t1 -c16 -d"$(( ${DURATION%s} + 6 ))s" -s bench/login.lua "$BASE/auth/customer/emailpass" > "$WORK/logins.txt" &
  local flood=$!
  sleep 2
  measure_me "$cookie" "$WORK/flood.txt" 1
  wait "$flood"
  {
    echo "| /me alone | $(rps_of "$WORK/alone.txt") | $(pct_of "$WORK/alone.txt" 50%) ms | $(pct_of "$WORK/alone.txt" 99%) ms | — |"
    echo "| /me during the flood | $(rps_of "$WORK/flood.txt") | $(pct_of "$WORK/flood.txt" 50%) ms | $(pct_of "$WORK/flood.txt" 99%) ms | $(rps_of "$WORK/logins.txt") |"
  } >> "$RESULTS"
  stop_server
}

# admin_token: creates an admin and prints its bearer token.
admin_token() {
  local email="bench-admin-$$@example.com" password="bench-admin-password"
  DATABASE_URL="$1" RUST_LOG=warn ADMIN_PASSWORD="$password" "$BIN" create-admin --email "$email" >/dev/null
  curl -fs -X POST "$BASE/auth/user/emailpass" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json_field "['token']"
}

# search_row BACKEND LABEL PATH TOKEN: one line of the search table (count from the API).
search_row() {
  local out="$WORK/search-$1-$RANDOM.txt" count
  count=$(curl -fs -H "authorization: Bearer $4" "$BASE$3" | json_field "['count']")
  BENCH_TOKEN="$4" wrk -t1 -c"$SEARCH_CONNECTIONS" -d2s -s bench/bearer.lua "$BASE$3" >/dev/null
  BENCH_TOKEN="$4" wrk -t1 -c"$SEARCH_CONNECTIONS" -d"$SEARCH_DURATION" --latency -s bench/bearer.lua \
    "$BASE$3" > "$out"
  echo "| $1 | $2 | \`$3\` | $count | $(rps_of "$out") | $(pct_of "$out" 50%) ms | $(pct_of "$out" 99%) ms | $(errors_of "$out")|" >> "$RESULTS"
}

bench_search() {
  local name=$1 url=$2 token vip wholesale newsletter started elapsed seeded before after size
  say "$name: seeding $SEARCH_CUSTOMERS varied customers"
  started=$(date +%s%N)
  seeded=$(DATABASE_URL="$url" RUST_LOG=warn "$BIN" seed --varied --customers "$SEARCH_CUSTOMERS")
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "| $name | $seeded | $(awk -v ms="$elapsed" 'BEGIN {printf "%.1f s", ms / 1000}') |" >> "$WORK/seeds.md"
  env DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn "$BIN" serve &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.1; done
  token=$(admin_token "$url")
  group_id() { curl -fs -H "authorization: Bearer $token" "$BASE/admin/customer-groups?name=$1" | json_field "['customer_groups'][0]['id']"; }
  vip=$(group_id VIP); wholesale=$(group_id Wholesale); newsletter=$(group_id Newsletter)
  say "$name: admin customer list, $SEARCH_DURATION per query"
  search_row "$name" "name fragment" "/admin/customers?q=ann&limit=20" "$token"
  search_row "$name" "name, two words" "/admin/customers?q=ann%20smi&limit=20" "$token"
  search_row "$name" "email fragment (company domain)" "/admin/customers?q=@brightwater&limit=20" "$token"
  search_row "$name" "email fragment (user part)" "/admin/customers?q=kowalski&limit=20" "$token"
  search_row "$name" "email fragment (big provider)" "/admin/customers?q=gmail&limit=20" "$token"
  search_row "$name" "group VIP" "/admin/customers?groups=$vip&limit=20" "$token"
  search_row "$name" "group Wholesale" "/admin/customers?groups=$wholesale&limit=20" "$token"
  search_row "$name" "group Newsletter" "/admin/customers?groups=$newsletter&limit=20" "$token"
  search_row "$name" "default list" "/admin/customers?limit=20" "$token"
  search_row "$name" "newest first" "/admin/customers?order=-created_at&limit=20" "$token"
  say "$name: export.csv of every customer"
  before=$(rss_of VmHWM)
  started=$(date +%s%N)
  size=$(curl -fs -H "authorization: Bearer $token" -o "$WORK/export.csv" -w '%{size_download}' "$BASE/admin/customers/export.csv")
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  after=$(rss_of VmHWM)
  echo "| $name | $(( $(wc -l < "$WORK/export.csv") - 1 )) | $(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1048576}') | $(awk -v ms="$elapsed" 'BEGIN {printf "%.2f s", ms / 1000}') | $before | $after |" >> "$WORK/exports.md"
  stop_server
}

if [ "$WHICH" = search ]; then
  SEARCH_CUSTOMERS=${BENCH_SEARCH_CUSTOMERS:-100000}
  SEARCH_CONNECTIONS=${BENCH_SEARCH_CONNECTIONS:-1}
  SEARCH_DURATION=${BENCH_SEARCH_DURATION:-10s}
  {
    echo "# Admin customer search at $SEARCH_CUSTOMERS customers — $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "$(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg); wrk -t1 -c$SEARCH_CONNECTIONS -d$SEARCH_DURATION (wrk and server share the machine)"
    echo
    echo "| database | query | path | matches | req/s | p50 | p99 | errors |"
    echo "|---|---|---|---|---|---|---|---|"
  } > "$RESULTS"
  bench_search sqlite "sqlite://$WORK/search.db"
  ensure_postgres
  psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $PG_DB" >/dev/null
  bench_search postgres "${PG_ADMIN_URL%/*}/$PG_DB"
  {
    echo
    echo "| database | seed says | wall time |"
    echo "|---|---|---|"
    cat "$WORK/seeds.md"
    echo
    echo "| database | rows exported | size | time | server peak RSS before | after |"
    echo "|---|---|---|---|---|---|"
    cat "$WORK/exports.md"
  } >> "$RESULTS"
elif [ "$WHICH" = flood ]; then
  {
    echo "# GET /store/customers/me during a login flood (SQLite) — $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "$(nproc) cores; /me: wrk -t1 -c$CONNECTIONS -d$DURATION; flood: wrk -t1 -c16 of wrong-password sign-ins"
    echo
    echo "| scenario | /me req/s | p50 | p99 | sign-ins/s |"
    echo "|---|---|---|---|---|"
  } > "$RESULTS"
  bench_flood
else
  {
    echo "# GET /store/customers/me, …/addresses and …/orders, session cookie — $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "$(nproc) cores, $CUSTOMERS customers, $ORDERS orders, wrk -t$THREADS -c$CONNECTIONS -d$DURATION (wrk and server share the machine)"
    echo
    echo "| database | route | req/s | p50 | p99 | errors | RSS after | peak RSS |"
    echo "|---|---|---|---|---|---|---|---|"
  } > "$RESULTS"
  if [ "$WHICH" = sqlite ] || [ "$WHICH" = both ]; then
    bench_backend sqlite "sqlite://$WORK/bench.db"
  fi
  if [ "$WHICH" = postgres ] || [ "$WHICH" = both ]; then
    ensure_postgres
    psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $PG_DB" >/dev/null
    bench_backend postgres "${PG_ADMIN_URL%/*}/$PG_DB"
  fi
  {
    echo
    echo "| database | orders imported | wall time (whole command) | server import-orders says |"
    echo "|---|---|---|---|"
    cat "$WORK/imports.md"
  } >> "$RESULTS"
fi

say "results ($RESULTS)"
cat "$RESULTS"
