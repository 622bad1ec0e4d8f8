#!/usr/bin/env bash
# Runs the site on http://127.0.0.1:3000 with an embedded SQLite database (./data/).
# Installs the build tools it needs the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
# A random token-signing secret, made on the first start and kept in ./data/.
if [ -z "${JWT_SECRET:-}" ]; then
  mkdir -p data
  if [ ! -s data/jwt-secret ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 > data/jwt-secret)
  fi
  JWT_SECRET=$(cat data/jwt-secret)
  export JWT_SECRET
fi
say "building and starting the site on http://127.0.0.1:3000"
exec cargo leptos serve
