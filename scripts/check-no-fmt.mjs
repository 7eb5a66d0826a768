// The login wasm carries no `core::fmt` (issue 11): a panic traps, nothing formats, so Formatter,
// Display and Debug code must all have been left out. Run on a twin of the shipped wasm that keeps
// its function names (`wasm-opt -g` with the same passes; names change no code).
//   node scripts/check-no-fmt.mjs build/named-login.wasm
import { readFileSync } from 'node:fs';
import { functionNames } from './wasm-reader.mjs';

const names = [...functionNames(readFileSync(process.argv[2])).values()];
if (!names.length) throw new Error(`${process.argv[2]} has no function names: build it with wasm-opt -g`);
// Names as rustc mangles them (legacy `_ZN4core3fmt…`, v0 `…4core3fmt…`, `core..fmt..` inside an impl's
// path) or demangled (`core::fmt::`, `core[hash]::fmt::`).
const formatting = names.filter((n) => /4core3fmt|core\.\.fmt\.\.|core(\[[0-9a-f]+\])?::fmt::/.test(n));
if (formatting.length) {
  console.error(`core::fmt in the login wasm (${formatting.length} functions), e.g.:\n  ${formatting.slice(0, 5).join('\n  ')}`);
  process.exit(1);
}
console.log(`no core::fmt in the login wasm (${names.length} functions checked)`);
