// The README's "Your own app against the local provider", followed as written: `make demo` with
// APP_ID and CALLBACK_URLS (here `node scripts/demo.mjs`, what `make demo` runs after its build), an
// app of our own on another port with that client id, signed in by popup and by redirect. Needs the
// demo's ports (4000, 5173-5175) free.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, createClient, gotoApp, popupSignIn, TEST_USER } from './harness.mjs';
import { startServer } from '../support/index.mjs';
import { spawnUntil } from '../support/spawn.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const APP_ID = `my-app-${process.pid}`;
const env = {};

before(async () => {
  env.app = await startServer({ mounts: { '/pkg/': here('../../pkg') }, roots: [here('./pages')] });
  env.callback = `${env.app.url}index.html`;
  env.demo = await spawnUntil(process.execPath, [here('../../scripts/demo.mjs')], {
    env: { APP_ID, CALLBACK_URLS: `${env.callback}, ${env.app.url}` },
    until: (line) => line.includes(`your app "${APP_ID}"`),
    what: 'make demo (are ports 4000 and 5173-5177 free?)',
    timeoutMs: 30_000,
  });
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.demo?.stop();
  await env.app?.stop();
});

test('make demo APP_ID=... CALLBACK_URLS=...: your own app signs in against the local provider', async () => {
  assert.match(env.demo.line, /domain http:\/\/localhost:4000, appId my-app-/);
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await gotoApp(page, env.callback);
  const config = { domain: 'http://localhost:4000', appId: APP_ID, redirectUri: env.callback, logoutRedirectUri: env.callback };
  await createClient(page, config);
  const login = await popupSignIn(page);
  assert.equal(login.value?.idTokenClaims?.sub, TEST_USER.sub, JSON.stringify(login));
  assert.equal(login.value.idTokenClaims.aud, APP_ID);

  // Its logout callback is registered too: the Authing session ends and the page comes back.
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(env.callback) && u.searchParams.get('state') === 'bye'),
    page.evaluate(() => window.client.logoutWithRedirect({ state: 'bye' })).catch(() => {}),
  ]);
  await page.waitForFunction(() => window.sdk);
  await createClient(page, config);
  assert.equal(await page.evaluate(() => window.client.getLoginState()), null);
  await context.close();
});
