#!/usr/bin/env bash
# The bench's own packages: the peers (re-installed only when bench/package-lock.json changes) and
# this SDK from the packed tarball of the built pkg/, as users get it.
set -euo pipefail
cd "$(dirname "$0")"

bash ../scripts/npm-ci.sh
mkdir -p ../build/bench
tarball=$(cd ../build/bench && npm pack ../../pkg --silent)
npm install --no-save --no-audit --no-fund --loglevel=error "../build/bench/$tarball"
