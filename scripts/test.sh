#!/usr/bin/env bash
# Sets up everything missing, then runs every gate and test: style, native tests, the
# package build, browser tests in headless Chromium, Node tests and page tests. Each test
# layer talks only to an emulator started here on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --browsers

say "style: rustfmt and clippy (host and wasm32)"
cargo fmt --all --check
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p pinecone-backup-schedules --target wasm32-unknown-unknown --all-targets -- -D warnings

say "native tests (core rules and emulator)"
cargo test -q --workspace

say "package build"
bash scripts/build.sh

say "emulator for the browser tests"
cargo build -q -p emulator
log=$(mktemp)
target/debug/emulator --port 0 --admin --quiet --www www --pkg pkg >"$log" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  sleep 0.1
done
url=$(sed -n 's/^emulator listening on //p' "$log")
[[ -n "$url" ]] || { echo "test: the emulator did not start" >&2; exit 1; }

say "browser tests (wasm-bindgen-test, headless Chromium) against $url"
EMULATOR_URL="$url" \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT=180 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p pinecone-backup-schedules --target wasm32-unknown-unknown --test web

# The same suite in Firefox; the fuzz round is left to Chromium to keep the run short.
say "browser tests (wasm-bindgen-test, headless Firefox) against $url"
env -u CHROMEDRIVER EMULATOR_URL="$url" \
  GECKODRIVER="$(command -v geckodriver)" \
  WASM_BINDGEN_TEST_TIMEOUT=180 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p pinecone-backup-schedules --target wasm32-unknown-unknown --test web -- --skip thousands

kill "$emulator_pid" 2>/dev/null || true

# The benchmark never fails on speed; the quick mode only proves the harness still runs.
say "benchmark harness (quick mode)"
node bench/run.mjs --quick

# Each Node, page and stack test file starts its own emulator on a free port, so files that run
# in parallel never share state.
say "Node, page and stack tests (node --test)"
node --test --test-concurrency=1 tests/node/ tests/page/ tests/stacks/
