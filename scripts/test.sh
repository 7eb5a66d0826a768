#!/usr/bin/env bash
# Every test: the protocol core and the engine natively (every flow by scripted events), then the built
# pkg/ end to end (provider, examples, Node import, the wasm in Chromium) with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== native: cargo test (src/core, src/engine)"
cargo test --quiet

echo "== end to end: node --test (pkg/ in Chromium against the local provider)"
node --test --test-concurrency=1 tests/size/ tests/provider/ tests/qr/ tests/encrypt/ tests/api/ tests/docs/ tests/ssr/ tests/bundlers/ tests/e2e/
