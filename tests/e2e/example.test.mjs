// examples/vanilla, as `make demo` serves it: a person signs in and out.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
  // The example's own files, with config.js pointing at this run's provider (served first).
  const overrides = mkdtempSync(join(tmpdir(), 'authing-example-'));
  mkdirSync(join(overrides, 'vanilla'));
  env.server = await startServer({ mounts: { '/pkg/': root('pkg') }, roots: [overrides, root('examples')] });
  env.home = `${env.server.url}vanilla/`;
  env.provider = await startProvider({ clients: [{ id: 'demo-app', redirect: [env.home], logout: [env.home] }] });
  writeFileSync(join(overrides, 'vanilla', 'config.js'), `export default ${JSON.stringify({ domain: env.provider.url, appId: 'demo-app' })};\n`);
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  await env.server?.stop();
});

test('the vanilla example signs in, shows the user, and signs out', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.home);
  await page.waitForSelector('#login:not([hidden])');
  assert.equal(await page.textContent('#status'), 'You are signed out.');

  await page.click('#login');
  await page.fill('input[name="username"]', TEST_USER.username);
  await page.fill('input[name="password"]', TEST_USER.password);
  await page.click('#login-submit');
  await page.waitForSelector('#userinfo:not(:empty)');
  assert.equal(await page.textContent('#greeting'), 'Hello, Test User');
  assert.equal(JSON.parse(await page.textContent('#userinfo')).email, TEST_USER.username);
  assert.equal(page.url(), env.home, 'no code or state left in the address bar');
  assert.equal(await page.isHidden('#error'), true);

  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  assert.equal(await page.textContent('#status'), 'You are signed out.');
  await page.close();
});
