// The login wasm carries no `core::fmt` (issue 11): a panic traps, nothing formats, so Formatter,
// Display and Debug code must all have been left out. Run on a twin of the shipped wasm that keeps
// its function names (`wasm-opt -g` with the same passes; names change no code).
//   node scripts/check-no-fmt.mjs build/named-login.wasm
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
let at = 8;
const leb = () => {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
};
const names = [];
while (at < bytes.length) {
  const id = bytes[at++];
  const end = leb() + at;
  if (id === 0) {
    const nameLength = leb();
    const section = bytes.subarray(at, at + nameLength).toString();
    at += nameLength;
    // The name section's function names (subsection 1).
    while (section === 'name' && at < end) {
      const sub = bytes[at++];
      const subEnd = leb() + at;
      if (sub === 1) {
        for (let n = leb(); n > 0; n--) {
          leb();
          const length = leb();
          names.push(bytes.subarray(at, at + length).toString());
          at += length;
        }
      }
      at = subEnd;
    }
  }
  at = end;
}
if (!names.length) throw new Error(`${process.argv[2]} has no function names: build it with wasm-opt -g`);
// Names as rustc mangles them (legacy `_ZN4core3fmt…`, v0 `…4core3fmt…`, `core..fmt..` inside an impl's
// path) or demangled (`core::fmt::`, `core[hash]::fmt::`).
const formatting = names.filter((n) => /4core3fmt|core\.\.fmt\.\.|core(\[[0-9a-f]+\])?::fmt::/.test(n));
if (formatting.length) {
  console.error(`core::fmt in the login wasm (${formatting.length} functions), e.g.:\n  ${formatting.slice(0, 5).join('\n  ')}`);
  process.exit(1);
}
console.log(`no core::fmt in the login wasm (${names.length} functions checked)`);
