// Where the login wasm's brotli bytes are: for each part of the crate and for each of its largest
// functions, how much smaller the shipped wasm compresses with those bodies replaced by `unreachable`
// (their marginal cost), and the data segment's share. The names come from the named twin that
// `make build` writes with the same passes (build/named-login.wasm), whose functions are in the same
// order. A figure, not a test:
//   make build && node scripts/size-map.mjs [how many, 40]
import { readFileSync } from 'node:fs';
import { brotli } from './size-ratchet.mjs';
import { bodies, encodeLeb as leb, functionNames, importedFunctions, sections } from './wasm-reader.mjs';

const shipped = readFileSync('pkg/authing_wasm_bg.wasm');
const named = readFileSync('build/named-login.wasm');
const count = Number(process.argv[2] ?? 40);

const { code, bodies: functions } = bodies(shipped);
if (functions.length !== bodies(named).bodies.length) throw new Error('build/named-login.wasm is not the twin of pkg/: run make build');
const names = functionNames(named);
const imported = importedFunctions(named);
const whole = brotli(shipped);
// A body of no locals and `unreachable`: valid for any signature.
const UNREACHABLE = Buffer.from([3, 0, 0x00, 0x0b]);

/** The shipped wasm with the bodies of the functions in `gone` (a set of indices) replaced. */
function without(gone) {
  const parts = [leb(functions.length)];
  functions.forEach((f, i) => parts.push(gone.has(i) ? UNREACHABLE : shipped.subarray(f.at, f.end)));
  const content = Buffer.concat(parts);
  return Buffer.concat([shipped.subarray(0, code.start), Buffer.from([10]), leb(content.length), content, shipped.subarray(code.end)]);
}

const data = sections(shipped).find((s) => s.id === 11);
const zeroed = Buffer.from(shipped);
if (data) zeroed.fill(0, data.content, data.end);
console.log(`login wasm: ${whole.toLocaleString('en-US')} B brotli; its data segment's share ${(whole - brotli(zeroed)).toLocaleString('en-US')} B`);
// The crate's parts, by the module path in each (mangled) name, the first that matches (the core's
// utilities before the rest of the core); what is not ours is Rust's core/alloc.
const PARTS = [
  ['engine: the flows, their I/O and the wire', /authing_wasm(\.\.|\d+)engine/],
  ['core utilities: JSON, URL, base64url, UTF-8, ASCII', /authing_wasm(\.\.|\d+)core(\.\.|\d+)(value|json|url|base64url|utf8|ascii)/],
  ['core protocol: options, authorize, tokens, ID token, JWS, callback', /authing_wasm(\.\.|\d+)core/],
  ['exports and the heap', /authing_wasm(\.\.|\d+)(exports|heap)|^(feed|create)$/],
  ["Rust's core and alloc (Vec, String, memcmp...)", /./],
];
const name = (i) => (names.get(i + imported) ?? `#${i}`).replace(/17h[0-9a-f]{16}E$/, '');
const members = PARTS.map(() => new Set());
functions.forEach((_, i) => members[PARTS.findIndex(([, test]) => test.test(name(i)))].add(i));
console.log('   raw  marginal  part');
PARTS.forEach(([part], p) => {
  const raw = [...members[p]].reduce((n, i) => n + functions[i].end - functions[i].body, 0);
  console.log(`${String(raw).padStart(6)}  ${String(whole - brotli(without(members[p]))).padStart(8)}  ${part}`);
});
console.log('   raw  marginal  function');
const largest = functions.map((f, i) => [f.end - f.body, i]).sort((a, b) => b[0] - a[0]).slice(0, count);
for (const [size, i] of largest) {
  console.log(`${String(size).padStart(6)}  ${String(whole - brotli(without(new Set([i])))).padStart(8)}  ${name(i).slice(0, 120)}`);
}
