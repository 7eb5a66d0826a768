// Content-Security-Policy: with `script-src 'self' 'wasm-unsafe-eval'` (no 'unsafe-eval', no inline
// script) the built pkg/ loads and signs in by popup; without 'wasm-unsafe-eval' the browser refuses
// to compile the wasm and `AuthingClient.create` rejects with a config_error naming the directive.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startProvider } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { call, CHROMIUM_ARGS, createClient, popupSignIn, TEST_USER } from './harness.mjs';

const PKG = fileURLToPath(new URL('../../pkg', import.meta.url));
const POLICIES = {
  allowed: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'",
  blocked: "script-src 'self'; object-src 'none'; base-uri 'none'",
};

// The test page of tests/e2e/pages/index.html, with its module in a file (a strict CSP has no inline script).
const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>authing-wasm under a strict CSP</title>
<button id="go">go</button>
<script type="module" src="/app.js"></script>
</html>
`;
const APP = `import * as sdk from '/pkg/index.js';
window.sdk = sdk;
window.outcomes = [];
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.settle = (promise) => promise.then(
  (value) => ({ value }),
  (e) => ({ error: { name: e?.name, code: e?.code, message: e?.message } }),
);
document.getElementById('go').onclick = () => {
  window.outcomes.push(window.settle(window.onGo()));
};
`;

const env = {};

before(async () => {
  env.dir = await mkdtemp(path.join(tmpdir(), 'authing-csp-'));
  await writeFile(path.join(env.dir, 'index.html'), PAGE);
  await writeFile(path.join(env.dir, 'app.js'), APP);
  env.servers = {};
  for (const [name, policy] of Object.entries(POLICIES)) {
    env.servers[name] = await startServer({ mounts: { '/pkg/': PKG }, roots: [env.dir], headers: { 'Content-Security-Policy': policy } });
  }
  env.provider = await startProvider({
    clients: [{ id: 'csp-app', redirect: Object.values(env.servers).map((s) => `${s.url}index.html`) }],
  });
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  for (const server of Object.values(env.servers ?? {})) await server.stop();
  await rm(env.dir, { recursive: true, force: true });
});

async function open(name) {
  const context = await env.browser.newContext(); // never bypassCSP: the policy is what is tested
  const page = await context.newPage();
  const response = await page.goto(`${env.servers[name].url}index.html`);
  assert.equal(response.headers()['content-security-policy'], POLICIES[name]);
  await page.waitForFunction(() => window.sdk);
  const config = { domain: env.provider.url, appId: 'csp-app', redirectUri: `${env.servers[name].url}index.html`, scope: 'openid profile' };
  return { page, context, config };
}

test("script-src 'self' 'wasm-unsafe-eval': the wasm loads and the popup sign-in works", async () => {
  const { page, context, config } = await open('allowed');
  await createClient(page, config);
  const outcome = await popupSignIn(page);
  assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
  assert.equal(outcome.value.idTokenClaims.sub, TEST_USER.sub);
  assert.equal((await call(page, 'getAccessToken')).value, outcome.value.accessToken);
  assert.deepEqual(await page.evaluate(() => window.violations), [], 'no CSP violation (no eval, no inline script)');
  await context.close();
});

test("a CSP without 'wasm-unsafe-eval': create() rejects with config_error naming 'wasm-unsafe-eval'", async () => {
  const { page, context, config } = await open('blocked');
  const result = await page.evaluate(async (c) => {
    try {
      await window.sdk.AuthingClient.create(c);
      return { created: true };
    } catch (e) {
      return { name: e?.name, isAuthingError: e instanceof window.sdk.AuthingError, code: e?.code, message: e?.message };
    }
  }, config);
  assert.equal(result.created, undefined, 'create must not succeed when the page may not compile WebAssembly');
  assert.equal(result.isAuthingError, true, JSON.stringify(result));
  assert.equal(result.code, 'config_error');
  assert.match(result.message, /Content-Security-Policy/);
  assert.match(result.message, /'wasm-unsafe-eval'/);
  assert.match(result.message, /script-src/);
  await context.close();
});
