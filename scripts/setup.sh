#!/usr/bin/env bash
# Installs whatever is missing to build the package and run the demo; with --browsers, also
# what the browser tests need. Safe to run again: each step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browsers=0
[[ "${1:-}" == "--browsers" ]] && want_browsers=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is required (install Rust and Node.js first)" >&2; exit 1; }
done

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  say "installing ${missing[*]} (apt)"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly, or its output is refused.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  # No --locked: the registry mirror can lag behind the CLI's own lock file.
  cargo install -q wasm-bindgen-cli --version "=$bindgen_version"
fi

npm_ci() {
  local dir=$1
  if [[ ! -f "$dir/node_modules/.installed" || "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}
npm_ci scripts

if [[ $want_browsers -eq 1 ]]; then
  apt_install chromium chromium-driver firefox-esr
  # Debian has no geckodriver package and npm's downloads from the internet; crates.io's
  # builds here.
  if [[ "$(geckodriver --version 2>/dev/null | head -n1 || true)" != "geckodriver 0.37.1"* ]]; then
    say "installing geckodriver 0.37.1 (a few minutes, once)"
    cargo install -q geckodriver --version =0.37.1
  fi
  npm_ci tests
  npm_ci tests/stacks
  npm_ci bench
fi
