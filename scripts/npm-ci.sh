#!/usr/bin/env bash
# npm ci in a folder (default: this one), only when its package-lock.json changed since the last time.
set -euo pipefail
cd "${1:-.}"
stamp=node_modules/.setup-stamp
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock" ]; then
  echo "setup: npm ci in $(basename "$PWD")/"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" >"$stamp"
fi
