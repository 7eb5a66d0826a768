// make size-map on the built pkg/: it names the largest functions of the login wasm and what each
// costs, and the data segment's share; a function's cost is never more than the whole.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the size map names the login wasm\'s largest functions, each with a cost below the whole', () => {
  const out = execFileSync('node', ['scripts/size-map.mjs', '5'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  const [, whole, data] = out[0].match(/login wasm: ([\d,]+) B brotli; its data segment's share ([\d,]+) B/).map((n) => Number(String(n).replace(/,/g, '')));
  assert.ok(data > 0 && data < whole, out[0]);
  const rows = out.slice(2).filter(Boolean).map((line) => line.trim().split(/\s+/));
  assert.equal(rows.length, 5);
  for (const [raw, marginal, name] of rows) {
    assert.ok(Number(raw) > 0 && Number(marginal) > 0 && Number(marginal) < whole, rows.join('\n'));
    assert.match(name, /authing_wasm|feed|create/, 'names from the named twin');
  }
  assert.ok(rows.some(([, , name]) => name.includes('Engine6handle')), 'the engine\'s event loop is among the largest');
});
