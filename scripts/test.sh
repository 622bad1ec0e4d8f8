#!/usr/bin/env bash
# Runs every check and test: formatting, dependency audit, lints, unit tests, the API
# integration tests (including crash, outage and signal tests) on
# SQLite AND PostgreSQL, a release build, and the Playwright browser tests against it on
# both databases. Installs what it needs first. Leaves no test databases behind.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_node_modules
ensure_chromium
ensure_postgres
ensure_cargo_deny
ensure_aiosmtpd
export SMTP_TEST_PYTHON="$PWD/$AIOSMTPD_VENV/bin/python3"

PG_ADMIN_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
E2E_DB="ca_e2e_$$_$(date +%s)"
E2E_RUN_DIR=$(mktemp -d)
cleanup() {
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$E2E_RUN_DIR"
}
trap cleanup EXIT

say "formatting"
cargo fmt --all -- --check

say "supply chain: advisories (offline RustSec snapshot), licences, sources"
prepare_advisory_db
cargo fetch --quiet   # every platform's crates, so cargo-deny's metadata needs no network
cargo deny --offline check advisories licenses bans sources

say "lints (server side, then browser side)"
cargo clippy --workspace --all-targets --exclude frontend -- -D warnings
cargo clippy -p frontend --all-targets --target wasm32-unknown-unknown -- -D warnings

say "unit tests and API integration tests (SQLite and PostgreSQL)"
cargo test --workspace --exclude frontend

say "release build"
make_room_for_release_build
use_good_wasm_opt
cargo leptos build --release

say "browser tests (Chromium; SQLite and PostgreSQL)"
psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE $E2E_DB" >/dev/null
(
  cd end2end
  E2E_RUN_DIR="$E2E_RUN_DIR" \
  E2E_POSTGRES_URL="${PG_ADMIN_URL%/*}/$E2E_DB" \
    npx playwright test
)

say "all checks passed"
