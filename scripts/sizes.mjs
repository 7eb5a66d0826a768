// Prints the shipped size of a built package, per file and in total: raw, gzip -9, brotli -q 11.
// The budget line is the login core: what a page loads to sign in (index.js and the wasm); optional
// entry points (button.js, ...) are listed on their own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { FIGURES, figureBrotli, judge, LOGIN_CORE as CORE, recorded } from './size-ratchet.mjs';

const BUDGET_BROTLI = 15 * 1024;
// <authing-sign-in> (sign-in.js), without what it loads on demand: issue 14's budget.
const SIGN_IN_BUDGET_BROTLI = 12_000;
const dir = process.argv[2] ?? 'pkg';
// Every .js and .wasm file, subfolders included (api/operations.js is loaded on demand).
const walk = (sub) => readdirSync(join(dir, sub)).flatMap((f) => {
  const path = sub ? `${sub}/${f}` : f;
  return statSync(join(dir, path)).isDirectory() ? walk(path) : [path];
});
const shipped = walk('').filter((f) => /\.(js|wasm)$/.test(f)).sort();

const measure = (bytes) => [
  bytes.length,
  gzipSync(bytes, { level: 9 }).length,
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
];
const row = (name, [raw, gz, br]) =>
  console.log(name.padEnd(36) + [raw, gz, br].map((n) => n.toLocaleString('en-US').padStart(10)).join(''));

console.log('file'.padEnd(36) + ['raw', 'gzip -9', 'brotli'].map((h) => h.padStart(10)).join(''));
const total = [0, 0, 0];
for (const f of shipped) {
  const sizes = measure(readFileSync(join(dir, f)));
  if (CORE.includes(f)) sizes.forEach((n, i) => (total[i] += n));
  row(CORE.includes(f) ? f : `${f} (optional)`, sizes);
}
row('login core total', total);
const verdict = total[2] <= BUDGET_BROTLI ? 'within' : 'OVER';
console.log(`login core: ${total[2].toLocaleString('en-US')} B brotli, budget ${BUDGET_BROTLI.toLocaleString('en-US')} B: ${verdict}`);
const signIn = figureBrotli(dir, 'signInBrotli');
console.log(`sign-in element: ${signIn.toLocaleString('en-US')} B brotli, budget ${SIGN_IN_BUDGET_BROTLI.toLocaleString('en-US')} B: ${signIn <= SIGN_IN_BUDGET_BROTLI ? 'within' : 'OVER'}`);
for (const [key, { what }] of Object.entries(FIGURES)) {
  console.log(`size ratchet (make test): ${judge(figureBrotli(dir, key), recorded(key), what).message}`);
}
