// Where the login wasm's brotli bytes are: for each of its largest functions, how much smaller the
// shipped wasm compresses with that function's body replaced by `unreachable` (its marginal cost),
// and the data segment's share. The names come from the named twin that `make build` writes with the
// same passes (build/named-login.wasm), whose functions are in the same order. A figure, not a test:
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

function without(index) {
  const parts = [leb(functions.length)];
  functions.forEach((f, i) => parts.push(i === index ? UNREACHABLE : shipped.subarray(f.at, f.end)));
  const content = Buffer.concat(parts);
  return Buffer.concat([shipped.subarray(0, code.start), Buffer.from([10]), leb(content.length), content, shipped.subarray(code.end)]);
}

const data = sections(shipped).find((s) => s.id === 11);
const zeroed = Buffer.from(shipped);
if (data) zeroed.fill(0, data.content, data.end);
console.log(`login wasm: ${whole.toLocaleString('en-US')} B brotli; its data segment's share ${(whole - brotli(zeroed)).toLocaleString('en-US')} B`);
console.log('   raw  marginal  function');
const largest = functions.map((f, i) => [f.end - f.body, i]).sort((a, b) => b[0] - a[0]).slice(0, count);
for (const [size, i] of largest) {
  const name = (names.get(i + imported) ?? `#${i}`).replace(/17h[0-9a-f]{16}E$/, '');
  console.log(`${String(size).padStart(6)}  ${String(whole - brotli(without(i))).padStart(8)}  ${name.slice(0, 120)}`);
}
