#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, `--target web` glue, wasm-opt -Oz with npm
# binaryen (never Debian's, which corrupts wasm-bindgen output), then prints the shipped size.
set -euo pipefail
cd "$(dirname "$0")/.."

crate=pinecone_backup_schedules
cargo build -q --release --lib --target wasm32-unknown-unknown -p pinecone-backup-schedules

find pkg -mindepth 1 ! -name package.json -exec rm -rf {} +
wasm-bindgen --target web --out-dir pkg --out-name "$crate" \
  "target/wasm32-unknown-unknown/release/$crate.wasm"

# The features rustc enables by default for wasm32; wasm-opt must know them to keep them.
scripts/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "pkg/${crate}_bg.wasm" -o "pkg/${crate}_bg.wasm"

cp README.md LICENSE pkg/

node scripts/size.mjs
