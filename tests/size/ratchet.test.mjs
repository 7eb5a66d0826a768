// The size ratchet (scripts/size-ratchet.mjs) on the built pkg/, and on a padded copy that must fail.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { encodeLeb } from '../../scripts/wasm-reader.mjs';
import { FIGURES, figureBrotli, judge, LOGIN_CORE, loginCoreBrotli, lowerRecord, recorded } from '../../scripts/size-ratchet.mjs';

const PKG = fileURLToPath(new URL('../../pkg', import.meta.url));

for (const [key, { what }] of Object.entries(FIGURES)) {
  test(`the ${what} of pkg/ is within 1 % of the recorded figure; a smaller one lowers the record`, () => {
    const measured = figureBrotli(PKG, key);
    const verdict = judge(measured, recorded(key), what);
    assert.ok(verdict.ok, verdict.message);
    if (verdict.lower) {
      lowerRecord(measured, key);
      console.log(`size ratchet: lowered ${key} in tests/size/login-core.json to ${measured} B: commit it`);
    }
    console.log(verdict.message);
  });
}

/** A wasm custom section ("pad") of n random (incompressible) bytes, appended to a valid module. */
function padWasm(bytes, n) {
  const name = Buffer.from('pad');
  const payload = Buffer.concat([Buffer.from([name.length]), name, randomBytes(n)]);
  return Buffer.concat([bytes, Buffer.from([0]), encodeLeb(payload.length), payload]);
}

test('a login core padded by 2 % fails the ratchet, and the padded wasm still compiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ratchet-'));
  try {
    for (const f of LOGIN_CORE) copyFileSync(join(PKG, f), join(dir, f));
    const record = loginCoreBrotli(PKG);
    const wasm = join(dir, 'authing_wasm_bg.wasm');
    writeFileSync(wasm, padWasm(readFileSync(wasm), Math.ceil(record * 0.02)));
    await WebAssembly.compile(readFileSync(wasm)); // still a module a browser would load
    const verdict = judge(loginCoreBrotli(dir), record);
    assert.equal(verdict.ok, false);
    assert.match(verdict.message, /^login core grew to \d+ B brotli: over \d+ B/);
    // At the limit it passes: 1 % is the tolerance, not a fixed number of bytes.
    assert.ok(judge(Math.floor(record * 1.01), record).ok);
    assert.equal(judge(Math.floor(record * 1.01) + 1, record).ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
