// make size-map on the built pkg/: what each part of the crate and each of the largest functions of
// the login wasm costs, and the data segment's share; no part's cost is more than the whole.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the size map names the login wasm\'s largest functions, each with a cost below the whole', () => {
  const out = execFileSync('node', ['scripts/size-map.mjs', '5'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  const [, whole, data] = out[0].match(/login wasm: ([\d,]+) B brotli; its data segment's share ([\d,]+) B/).map((n) => Number(String(n).replace(/,/g, '')));
  assert.ok(data > 0 && data < whole, out[0]);
  const table = (heading) => {
    const at = out.indexOf(`   raw  marginal  ${heading}`);
    assert.ok(at > 0, `a table of each ${heading}`);
    const rows = [];
    for (const line of out.slice(at + 1)) {
      const row = line.match(/^\s*(\d+)\s+(-?\d+)\s+(.+)$/);
      if (!row) break;
      rows.push(row.slice(1));
    }
    return rows;
  };
  const parts = table('part');
  assert.deepEqual(parts.map(([, , name]) => name.split(':')[0]), ['engine', 'core utilities', 'core protocol', 'exports and the heap', "Rust's core and alloc (Vec, String, memcmp...)"]);
  // Each part has code (a part's pattern that matched nothing would show 0), and the engine weighs most.
  const engine = Number(parts[0][1]);
  for (const [raw, marginal] of parts) {
    assert.ok(Number(raw) > 0 && Number(marginal) > 0 && Number(marginal) <= engine && engine < whole, parts.join('\n'));
  }
  const functions = table('function');
  assert.equal(functions.length, 5);
  for (const [raw, marginal, name] of functions) {
    assert.ok(Number(raw) > 0 && Number(marginal) > 0 && Number(marginal) < whole, functions.join('\n'));
    assert.match(name, /authing_wasm|feed|create/, 'names from the named twin');
  }
  assert.ok(functions.some(([, , name]) => name.includes('Engine6handle')), 'the engine\'s event loop is among the largest');
});
