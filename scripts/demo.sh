#!/usr/bin/env bash
# Sets up what is missing, builds the package and serves the demo with the local emulator:
# open the printed address in a browser. PORT picks the port (default 8790).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
cargo build -q -p emulator

port=${PORT:-8790}
echo
echo "Demo: http://127.0.0.1:$port/   (API key: emulator-key; Ctrl-C stops)"
echo
exec target/debug/emulator --port "$port" --www www --pkg pkg
