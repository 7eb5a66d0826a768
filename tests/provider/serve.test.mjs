// tests/support/serve.mjs (kept next to the provider tests so that `node --test tests/provider/` runs it).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startServer } from '../support/index.mjs';

/** GET with the path sent byte for byte (fetch would normalise "/../" away). */
function rawGet(base, rawPath) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

describe('static file server', () => {
  let dir;
  let server;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'serve-test-'));
    const site = path.join(dir, 'site');
    const extra = path.join(dir, 'extra');
    const pkg = path.join(dir, 'pkg');
    for (const d of [site, extra, pkg, path.join(site, 'sub')]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(dir, 'secret.txt'), 'TOP-SECRET');
    writeFileSync(path.join(site, 'index.html'), '<h1>site</h1>');
    writeFileSync(path.join(site, 'sub', 'index.html'), '<h1>sub</h1>');
    writeFileSync(path.join(site, 'app.mjs'), 'export {};');
    writeFileSync(path.join(site, 'same.txt'), 'from site');
    writeFileSync(path.join(extra, 'same.txt'), 'from extra');
    writeFileSync(path.join(extra, 'only-extra.json'), '{}');
    writeFileSync(path.join(pkg, 'core_bg.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    server = await startServer({
      roots: [site, extra],
      mounts: { '/pkg/': pkg },
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin' },
    });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves files with their MIME types, no-store and the extra headers', async () => {
    assert.match(server.url, /^http:\/\/localhost:\d+\/$/);
    const wasm = await fetch(`${server.url}pkg/core_bg.wasm`);
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('cache-control'), 'no-store');
    assert.equal(wasm.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 97, 115, 109, 1, 0, 0, 0]);

    const module = await fetch(`${server.url}app.mjs`);
    assert.equal(module.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const json = await fetch(`${server.url}only-extra.json`);
    assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test('directories serve index.html; the first root that has a file wins', async () => {
    const index = await fetch(server.url);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await index.text(), '<h1>site</h1>');
    const sub = await fetch(`${server.url}sub`); // redirected to sub/
    assert.equal(sub.url, `${server.url}sub/`);
    assert.equal(await sub.text(), '<h1>sub</h1>');
    assert.equal(await (await fetch(`${server.url}same.txt`)).text(), 'from site');
  });

  test('404 for missing files, 405 for writes', async () => {
    const missing = await fetch(`${server.url}nope.js`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('cache-control'), 'no-store');
    assert.equal((await fetch(`${server.url}pkg/nope.wasm`)).status, 404);
    assert.equal((await fetch(`${server.url}app.mjs`, { method: 'POST' })).status, 405);
  });

  test('path traversal is refused', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/pkg/..%2f..%2fsecret.txt', '/sub/..%5c..%5csecret.txt']) {
      const response = await rawGet(server.url, attempt);
      assert.equal(response.status, 403, attempt);
      assert.doesNotMatch(response.body, /TOP-SECRET/, attempt);
    }
  });
});
