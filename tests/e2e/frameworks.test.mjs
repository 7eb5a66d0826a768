// The React and Vue bindings ('authing-wasm/react', 'authing-wasm/vue') in the examples as users run
// them. Built: examples/react and examples/vue installed from the `npm pack` tarball of pkg/ with
// their own devDependencies (cached like tests/bundlers), built by Vite, served, signed in by popup in
// Chromium; a second tab follows the sign-in and the sign-out through the SDK's events; the guarded
// profile page sends a signed-out user to sign in and back; "Log out" ends the Authing session,
// "Log out of this app only" does not. Dev: each example installed and run exactly as its README says
// (`npm install && npm run dev`, the package linked from ../../pkg), signed in by popup.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { spawnUntil } from '../support/spawn.mjs';
import { buildApp, installApp, packTarball, popupSignInApp, REPO, tempDir } from '../bundlers/lib.mjs';
import { CHROMIUM_ARGS } from './harness.mjs';

const FRAMEWORKS = ['react', 'vue'];
/** The dev servers' ports, as the examples' `npm run dev` sets them (clear of `make demo`'s). */
const DEV_PORTS = { react: 5176, vue: 5177 };
const env = {};

before(async () => {
  env.temp = await tempDir('frameworks');
  ({ tarball: env.tarball } = await packTarball(env.temp.dir));
  env.servers = {};
  for (const name of FRAMEWORKS) env.servers[name] = await startServer({ root: path.join(env.temp.dir, name, 'dist') });
  const dev = (name) => `http://localhost:${DEV_PORTS[name]}/`;
  env.provider = await startProvider({
    clients: FRAMEWORKS.map((name) => {
      const urls = [env.servers[name].url, dev(name)];
      return { id: `${name}-example`, redirect: urls, logout: urls };
    }),
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
    // "Log out of this app only": every tab signs out, Authing keeps its session, so "Log in" signs
    // straight back in without the password form.
    await page.click('#logout-app');
    await waitForState(page, 'signed-out');
    await waitForState(other, 'signed-out');
    const [again] = await Promise.all([page.waitForEvent('popup'), page.click('#login')]);
    // With the Authing session alive the popup may finish, and close, before this line runs.
    if (!again.isClosed()) await again.waitForEvent('close');
    await waitForState(page, 'signed-in');

    // "Log out": the Authing session ends too; the next "Log in" asks for the password.
    let ended = false;
    page.on('request', (r) => { ended ||= r.url().startsWith(`${env.provider.url}/oidc/session/end`); });
    const back = page.waitForEvent('framenavigated', { predicate: (f) => ended && f === page.mainFrame() && f.url().startsWith(url) });
    await page.click('#logout');
    await back;
    await waitForState(page, 'signed-out');
    await waitForState(other, 'signed-out');
    const [asks] = await Promise.all([page.waitForEvent('popup'), page.click('#login')]);
    await asks.waitForSelector('input[name="username"]', { timeout: 15_000 });
    await asks.close();

    // The guarded profile page, signed out: to the provider's form, and back to the profile.
    const guarded = name === 'react' ? `${url}?page=profile` : `${url}#/profile`;
    await page.goto(guarded);
    await page.waitForURL((u) => u.origin === env.provider.url, { timeout: 15_000 });
    await page.fill('input[name="username"]', TEST_USER.username);
    await page.fill('input[name="password"]', TEST_USER.password);
    await page.click('#login-submit');
    await page.waitForSelector(`#profile[data-sub="${TEST_USER.sub}"]`, { timeout: 15_000 });
    assert.equal(page.url(), guarded, 'back on the page that asked, with no code or state in the address bar');
    assert.deepEqual(errors, [], 'no errors in the page');
    await context.close();
    t.diagnostic(`${name}: install ${installMs} ms (${cached ? 'cached' : 'cold'}), ${typecheckMs ? `typecheck ${typecheckMs} ms, ` : ''}build ${buildMs} ms, browser ${Date.now() - started} ms`);
  });
}

/** `npm run dev` in `dir` with `env`; resolves { stop } once Vite says where it listens. */
const startDev = (dir, env) => spawnUntil('npm', ['run', 'dev'], {
  cwd: dir, env, until: (line) => /Local:\s+http/.test(line), what: `npm run dev in ${dir}`, timeoutMs: 60_000,
  group: true, // npm starts Vite in a shell
});

for (const name of FRAMEWORKS) {
  test(`examples/${name}: \`npm install && npm run dev\` as its README says, then a popup sign-in`, async (t) => {
    const { dir, installMs, cached } = await installApp(path.join(REPO, 'examples', name), null, env.temp.dir);
    const dev = await startDev(dir, { VITE_AUTHING_DOMAIN: env.provider.url, VITE_AUTHING_APP_ID: `${name}-example` });
    try {
      const url = `http://localhost:${DEV_PORTS[name]}/`;
      const { sub, page, errors, wasmRequests } = await popupSignInApp(env.browser, url, TEST_USER);
      assert.equal(sub, TEST_USER.sub);
      assert.deepEqual(errors, [], 'no errors in the page');
      assert.ok(wasmRequests.length >= 1 && wasmRequests.every((r) => r.status === 200), JSON.stringify(wasmRequests));
      await page.context().close();
    } finally {
      await dev.stop();
    }
    t.diagnostic(`${name} dev: install ${installMs} ms (${cached ? 'cached' : 'cold'})`);
  });
}
