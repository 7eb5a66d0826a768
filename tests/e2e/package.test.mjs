// pkg/ is a valid npm package, and importing it on a server (no window) does not throw.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8'));

test('package.json is ESM with typed exports, side effects only in the custom-element entries, and lists files that exist', () => {
  assert.equal(manifest.name, 'authing-wasm');
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.sideEffects, ['./button.js', './sign-in.js'], 'only the custom elements define something on import');
  const main = manifest.exports['.'];
  assert.deepEqual(Object.keys(main), ['types', 'default'], 'types must come first in the exports map');
  for (const file of [main.types, main.default, ...manifest.files.map((f) => `./${f}`)]) {
    assert.ok(existsSync(new URL(file, `file://${pkgDir}`)), `${file} is in pkg/`);
  }
});

test('importing the package in Node (SSR) does not throw; create() says browser only', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  const sdk = await import(`${pkgDir}index.js`);
  assert.equal(typeof sdk.AuthingClient.create, 'function');
  await assert.rejects(
    sdk.AuthingClient.create({ domain: 'https://x.authing.cn', appId: 'a', redirectUri: 'https://app/cb' }),
    (e) => e instanceof sdk.AuthingError && e instanceof Error && e.code === 'config_error' && /browser only/.test(e.message),
  );
});
