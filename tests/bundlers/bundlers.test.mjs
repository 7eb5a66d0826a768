// `npm install authing-wasm` in an app built by Vite, webpack, esbuild or Rollup: each app in
// tests/bundlers/apps/ (its bundler in its own package.json, no plugin or setting for authing-wasm
// beyond what its README documents) is installed from the `npm pack` tarball of pkg/, built, served
// and signs in by popup in Chromium against the local provider.
//
// Installs are cached under node_modules/.cache/authing-bundlers (keyed by each app's package.json):
// a cold run downloads the bundlers once, a warm run only copies them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { CHROMIUM_ARGS } from '../e2e/harness.mjs';
import { buildApp, installApp, listFiles, packTarball, popupSignInApp, REPO, tempDir } from './lib.mjs';

const APPS = {
  vite: { out: 'dist' },
  webpack: { out: 'dist', public: 'public' },
  esbuild: { out: 'dist', public: 'public' },
  rollup: { out: 'dist', public: 'public' },
};

const env = {};

before(async () => {
  env.temp = await tempDir('bundlers');
  ({ tarball: env.tarball } = await packTarball(env.temp.dir));
  // One origin per app; its files appear once the test has built it (the server looks per request).
  env.servers = {};
  for (const [name, app] of Object.entries(APPS)) {
    const dir = path.join(env.temp.dir, name);
    env.servers[name] = await startServer({ roots: [path.join(dir, app.out), ...(app.public ? [path.join(dir, app.public)] : [])] });
  }
  env.provider = await startProvider({
    clients: Object.entries(env.servers).map(([name, server]) => ({ id: `${name}-app`, redirect: [server.url] })),
  });
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  for (const server of Object.values(env.servers ?? {})) await server.stop();
  await env.temp?.cleanup();
});

for (const name of Object.keys(APPS)) {
  test(`${name}: installed from the tarball, built, signs in by popup`, async (t) => {
    const { dir, installMs, cached } = await installApp(path.join(REPO, 'tests/bundlers/apps', name), env.tarball, env.temp.dir);
    const buildMs = await buildApp(dir);
    const emitted = await listFiles(path.join(dir, APPS[name].out));
    // Each .wasm once: the login engine's, and the extras' (QR/push login, the API) for later.
    const wasmFiles = emitted.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasmFiles.length, 2, `the two .wasm files, once each: ${emitted.join(', ')}`);

    const started = Date.now();
    const url = `${env.servers[name].url}?${new URLSearchParams({ domain: env.provider.url, appId: `${name}-app` })}`;
    const { sub, context, wasmRequests, errors } = await popupSignInApp(env.browser, url, TEST_USER);
    await context.close();
    assert.equal(sub, TEST_USER.sub);
    // A page that signs in fetches one of them (webpack hashes the names), once: not the extras.
    const fetched = wasmRequests.map((r) => [new URL(r.url).pathname.slice(1), r.status, r.type]);
    assert.equal(fetched.length, 1, JSON.stringify(fetched));
    assert.ok(wasmFiles.includes(fetched[0][0]) && !fetched[0][0].includes('extras'), JSON.stringify(fetched));
    assert.deepEqual(fetched[0].slice(1), [200, 'application/wasm']);
    assert.deepEqual(errors, [], 'no errors in the page');
    t.diagnostic(`${name}: install ${installMs} ms (${cached ? 'cached' : 'cold'}), build ${buildMs} ms, sign-in ${Date.now() - started} ms; emitted ${emitted.join(', ')}`);
  });
}
