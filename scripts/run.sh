#!/usr/bin/env bash
# Runs the site on http://127.0.0.1:3000 with an embedded SQLite database (./data/).
# Installs the build tools it needs the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
say "building and starting the site on http://127.0.0.1:3000"
exec cargo leptos serve
