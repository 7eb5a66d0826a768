#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently: a warm machine passes in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Debian's Chromium (Playwright drives it); no browser downloads.
if ! command -v chromium >/dev/null; then
  say "installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# npm dev tools (binaryen's wasm-opt, TypeScript, esbuild, playwright-core, oidc-provider), re-installed
# only when package-lock.json changes.
bash scripts/npm-ci.sh
