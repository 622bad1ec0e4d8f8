# Installs what the build and the tests need, only when it is missing. Sourced by the
# scripts in scripts/ and bench/. Nothing here downloads from outside the package registries.

CARGO_LEPTOS_VERSION=0.3.10
WASM_OPT_MIN_VERSION=116

say() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}

# cargo-leptos 0.3.11 needs a newer rustc; 0.3.10 builds on 1.95. Its release profile (LTO,
# one codegen unit) is what makes the install slow, so it is switched off for the install.
ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
}

# cargo-leptos calls the wasm-bindgen on PATH, which must match the crate in Cargo.lock.
ensure_wasm_bindgen() {
  local wanted
  wanted=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if wasm-bindgen --version 2>/dev/null | grep -q " $wanted\$"; then return; fi
  say "installing wasm-bindgen-cli $wanted"
  # No --locked: its lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wanted"
}

ensure_node_modules() {
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test packages (npm ci)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

# Release builds run wasm-opt. Debian's binaryen 108 produces a page that never hydrates, so
# the one from npm (binaryen 132, in end2end/node_modules) goes first on PATH, and the
# version is checked.
use_good_wasm_opt() {
  export PATH="$PWD/end2end/node_modules/.bin:$PATH"
  local version
  version=$(wasm-opt --version | grep -o '[0-9]\+' | head -1)
  if [ "${version:-0}" -lt "$WASM_OPT_MIN_VERSION" ]; then
    echo "wasm-opt $version is too old: binaryen < $WASM_OPT_MIN_VERSION breaks hydration" >&2
    exit 1
  fi
}

# A CI disk once filled up during the release build. By then the debug (test) artefacts are no
# longer needed, so when free space is short they make room.
make_room_for_release_build() {
  local free_mib
  free_mib=$(df -Pm . | awk 'NR == 2 { print $4 }')
  if [ "${free_mib:-0}" -lt 8192 ]; then
    say "only ${free_mib} MiB free: removing target/debug before the release build"
    rm -rf target/debug
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  say "installing Debian's chromium for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return; fi
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return
    sleep 1
  done
  echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
  exit 1
}

# The API tests deliver email to a real SMTP server on loopback: Python's aiosmtpd from PyPI,
# in a virtual environment of the project's own (target/py), so nothing is installed system-wide.
# scripts/test.sh points the tests at it with SMTP_TEST_PYTHON.
AIOSMTPD_VERSION=1.4.6
AIOSMTPD_VENV=target/py

ensure_aiosmtpd() {
  if "$AIOSMTPD_VENV/bin/python3" -c 'import aiosmtpd' 2>/dev/null; then return; fi
  say "installing aiosmtpd $AIOSMTPD_VERSION into $AIOSMTPD_VENV (for the SMTP delivery test)"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    # Debian splits venv and ensurepip out of python3.
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv
  fi
  rm -rf "$AIOSMTPD_VENV"
  python3 -m venv "$AIOSMTPD_VENV"
  "$AIOSMTPD_VENV/bin/python3" -m pip install --quiet --disable-pip-version-check \
    "aiosmtpd==$AIOSMTPD_VERSION"
  "$AIOSMTPD_VENV/bin/python3" -c 'import aiosmtpd'
}

ensure_cargo_deny() {
  if cargo deny --version >/dev/null 2>&1; then return; fi
  say "installing cargo-deny (a few minutes, once)"
  cargo install cargo-deny --locked
}

# cargo-deny reads advisories offline from a git repository at db-path; the RustSec snapshot
# in ../shared/advisory-db is plain files, so it is copied and committed once.
prepare_advisory_db() {
  local source=../shared/advisory-db
  local target=target/advisory-dbs/advisory-db-3157b0e258782691
  if [ ! -d "$source" ]; then
    echo "no advisory snapshot at $source" >&2
    exit 1
  fi
  if [ -d "$target/.git" ] && [ "$source/SNAPSHOT.txt" -ot "$target/.git/HEAD" ]; then return; fi
  rm -rf "$target"
  mkdir -p "$target"
  cp -r "$source/." "$target"
  git -C "$target" init -q
  git -C "$target" add -A
  git -C "$target" -c user.name=ci -c user.email=ci@localhost commit -qm snapshot
}
