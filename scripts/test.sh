#!/usr/bin/env bash
# Every test: the protocol core natively, the browser adapters in headless Chromium (wasm-bindgen-test),
# then the built pkg/ end to end (provider, examples, Node import) with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== native: cargo test (src/core)"
cargo test --quiet

echo "== wasm: cargo test --target wasm32-unknown-unknown (src/web in Chromium)"
cargo test --target wasm32-unknown-unknown --test web_adapters

echo "== end to end: node --test (pkg/ in Chromium against the local provider)"
node --test --test-concurrency=1 tests/size/ tests/provider/ tests/qr/ tests/encrypt/ tests/api/ tests/docs/ tests/ssr/ tests/bundlers/ tests/e2e/
