// examples/sso: two apps on two origins with two client ids share one Authing session.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { CHROMIUM_ARGS } from './harness.mjs';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const env = {};

before(async () => {
  const overrides = mkdtempSync(join(tmpdir(), 'authing-sso-'));
  const serve = () => startServer({ mounts: { '/pkg/': root('pkg') }, roots: [overrides, root('examples/sso')] });
  [env.a, env.b] = await Promise.all([serve(), serve()]);
  const port = (s) => new URL(s.url).port;
  env.bCrossSite = env.b.url.replace('localhost', '127.0.0.1');
  env.provider = await startProvider({
    clients: [
      { id: 'sso-app-a', redirect: [env.a.url], logout: [env.a.url] },
      { id: 'sso-app-b', redirect: [env.b.url, env.bCrossSite], logout: [env.b.url, env.bCrossSite] },
    ],
  });
  const config = {
    domain: env.provider.url,
    apps: { [port(env.a)]: { appId: 'sso-app-a', name: 'App A' }, [port(env.b)]: { appId: 'sso-app-b', name: 'App B' } },
  };
  writeFileSync(join(overrides, 'config.js'), `export default ${JSON.stringify(config)};\n`);
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  await Promise.all([env.a?.stop(), env.b?.stop()]);
});

const status = (page, text) => page.waitForFunction((t) => document.getElementById('status').textContent.startsWith(t), text);

async function signInByPopup(page) {
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#login')]);
  await popup.waitForSelector('input[name="username"]');
  await popup.fill('input[name="username"]', TEST_USER.username);
  await popup.fill('input[name="password"]', TEST_USER.password);
  await popup.click('#login-submit');
  await status(page, 'Signed in as Test User (popup)');
}

/** A fresh browser context in which app A starts signed out and signs in by popup; then a page for B. */
async function signedInOnA() {
  const context = await env.browser.newContext();
  const a = await context.newPage();
  await a.goto(env.a.url);
  await status(a, 'Not signed in');
  await signInByPopup(a);
  return { context, a, b: await context.newPage() };
}

test('same site: B finds the session A started, silently; after A signs out, B sees none', async () => {
  const { context, a, b } = await signedInOnA();
  let popups = 0;
  b.on('popup', () => popups++);
  await b.goto(env.b.url);
  await status(b, 'Signed in as Test User (found silently, no UI)');
  assert.equal(popups, 0);
  assert.equal(await b.isHidden('#cross-site'), true);
  assert.equal(await b.locator('iframe').count(), 0, 'the silent iframe is gone');

  await Promise.all([a.waitForURL((url) => url.origin === env.provider.url), a.click('#logout')]);
  await a.waitForURL((url) => url.href.startsWith(env.a.url));
  await status(a, 'Not signed in');
  await b.click('#check');
  await status(b, 'Not signed in');
  await context.close();
});

test('cross site: B on 127.0.0.1 resolves "not signed in" promptly, and the popup still works', async () => {
  const { context, b } = await signedInOnA();
  const started = Date.now();
  await b.goto(env.bCrossSite);
  await status(b, 'Not signed in');
  const took = Date.now() - started;
  assert.ok(took < 3000, `cross-site silent check took ${took} ms (silentTimeoutMs is 10000)`);
  assert.equal(await b.isVisible('#cross-site'), true, 'the example explains the popup fallback');

  // The provider session exists, so the popup signs in without a form.
  const [popup] = await Promise.all([b.waitForEvent('popup'), b.click('#login')]);
  // It may close before a listener could be added (a fast automatic sign-in): check first.
  if (!popup.isClosed()) await popup.waitForEvent('close');
  await status(b, 'Signed in as Test User (popup)');
  await context.close();
});
