// The React and Vue bindings ('authing-wasm/react', 'authing-wasm/vue') in the examples as users run
// them: examples/react and examples/vue installed from the `npm pack` tarball of pkg/ with their own
// devDependencies (cached like tests/bundlers), built by Vite, served, signed in by popup in
// Chromium; a second tab follows the sign-in and the sign-out through the SDK's events.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { buildApp, installApp, packTarball, popupSignInApp, REPO, tempDir } from '../bundlers/lib.mjs';
import { CHROMIUM_ARGS } from './harness.mjs';

const FRAMEWORKS = ['react', 'vue'];
const env = {};

before(async () => {
  env.temp = await tempDir('frameworks');
  ({ tarball: env.tarball } = await packTarball(env.temp.dir));
  env.servers = {};
  for (const name of FRAMEWORKS) env.servers[name] = await startServer({ root: path.join(env.temp.dir, name, 'dist') });
  env.provider = await startProvider({
    clients: FRAMEWORKS.map((name) => ({ id: `${name}-example`, redirect: [env.servers[name].url] })),
  });
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  for (const server of Object.values(env.servers ?? {})) await server.stop();
  await env.temp?.cleanup();
});

const status = (page) => page.$eval('#status', (el) => ({ state: el.dataset.state, sub: el.dataset.sub, text: el.textContent }));
const waitForState = (page, state) => page.waitForSelector(`#status[data-state="${state}"]`, { timeout: 10_000 });

for (const name of FRAMEWORKS) {
  test(`examples/${name}: built by Vite from the tarball, popup sign-in, every tab follows`, async (t) => {
    const { dir, installMs, cached } = await installApp(path.join(REPO, 'examples', name), env.tarball, env.temp.dir);
    let typecheckMs = 0;
    if (name === 'react') typecheckMs = await buildApp(dir, {}, 'typecheck'); // the example and the package's types, strict
    const buildMs = await buildApp(dir, { VITE_AUTHING_DOMAIN: env.provider.url, VITE_AUTHING_APP_ID: `${name}-example` });

    const started = Date.now();
    const url = env.servers[name].url;
    // A second tab of the app, open before the sign-in: it follows the sign-in and the sign-out of
    // the first through the SDK's events.
    const context = await env.browser.newContext();
    const other = await context.newPage();
    await other.goto(url);
    await waitForState(other, 'signed-out');
    const { sub, text, page, errors } = await popupSignInApp(env.browser, url, TEST_USER, { context });
    assert.equal(sub, TEST_USER.sub);
    assert.match(text, /Signed in as Test User/);
    await waitForState(other, 'signed-in');
    assert.equal((await status(other)).sub, TEST_USER.sub);
    await page.click('#logout');
    await waitForState(page, 'signed-out');
    await waitForState(other, 'signed-out');
    assert.deepEqual(errors, [], 'no errors in the page');
    await context.close();
    t.diagnostic(`${name}: install ${installMs} ms (${cached ? 'cached' : 'cold'}), ${typecheckMs ? `typecheck ${typecheckMs} ms, ` : ''}build ${buildMs} ms, browser ${Date.now() - started} ms`);
  });
}
