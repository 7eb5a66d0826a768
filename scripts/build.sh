#!/usr/bin/env bash
# Builds the publishable npm package into pkg/: Rust → wasm → wasm-opt, plus the TypeScript wrapper
# (which loads the wasm itself: js/executor/wasm.ts) bundled by esbuild. Prints the shipped size.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin

# One crate, two wasm files: the login engine, and the extras (QR/push login, the Authentication API)
# that a page loads on first use.
wasm=target/wasm32-unknown-unknown/release/authing_wasm.wasm
mkdir -p build
cargo build --quiet --release --lib --target wasm32-unknown-unknown
cp "$wasm" build/authing_wasm_bg.wasm
cargo build --quiet --release --lib --target wasm32-unknown-unknown --features extras
cp "$wasm" build/authing_extras_bg.wasm

rm -rf pkg && mkdir -p pkg
# Beyond -Oz: a second round after whole-program type flow (gufa), to a fixed point; rustc's data
# never uses the low 1 KiB; the custom sections describe the build only (no loader reads them).
# A function with one caller is inlined only when small (-ocimfs 25, not binaryen's any size): the
# engine's flows stay separate functions, which brotli compresses better (measured: -329 B login).
passes=(--low-memory-unused -ocimfs 25 -Oz --gufa -Oz --converge)
for built in build/authing_wasm_bg.wasm build/authing_extras_bg.wasm; do
  $bin/wasm-opt "${passes[@]}" --strip-debug --strip-producers --strip-target-features "$built" -o "pkg/$(basename "$built")"
done
# No core::fmt in the login wasm: checked on a twin that keeps the function names (same passes).
$bin/wasm-opt -g "${passes[@]}" build/authing_wasm_bg.wasm -o build/named-login.wasm
node scripts/check-no-fmt.mjs build/named-login.wasm
# The API surface is generated from the spec; a stale js/api/ fails the build.
node scripts/gen-api.mjs --check
$bin/tsc -p js/tsconfig.json
cp build/types/js/*.d.ts pkg/
mkdir -p pkg/api pkg/sign-in && cp build/types/js/api/*.d.ts pkg/api/ && cp build/types/js/sign-in/*.d.ts pkg/sign-in/
esbuild() { $bin/esbuild --bundle --format=esm --minify --target=es2022 --log-level=warning "$@"; }
esbuild js/index.ts --external:./extras.js --external:./debug.js --external:./messages.js --outfile=pkg/index.js
esbuild js/debug.ts --outfile=pkg/debug.js
esbuild js/messages.ts --loader:.txt=text --outfile=pkg/messages.js
esbuild js/api/operations.ts --outfile=pkg/api/operations.js
esbuild js/extras.ts --external:./api/operations.js --outfile=pkg/extras.js
# Optional entry points import the core from ./index.js, so a page loads the wasm once.
esbuild js/button.ts --external:./index.js --outfile=pkg/button.js
esbuild js/sign-in.ts --external:./index.js --external:./qr.js --external:./webauthn.js --external:./encrypt.js --outfile=pkg/sign-in.js
esbuild js/qr.ts --outfile=pkg/qr.js
esbuild js/encrypt.ts --external:./index.js --outfile=pkg/encrypt.js
esbuild js/webauthn.ts --external:./index.js --outfile=pkg/webauthn.js
esbuild js/react.ts --external:react --external:./index.js --outfile=pkg/react.js
esbuild js/vue.ts --external:vue --external:./index.js --outfile=pkg/vue.js
cp pkg-template/package.json pkg-template/README.md pkg/

node scripts/sizes.mjs pkg
