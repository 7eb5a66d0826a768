// The README's quick start, pasted into a fresh Vite app, works as written: the ```js block under
// "### Quick start" is read from README.md at test time, its two placeholders (the Authing domain and
// the app id) become this run's provider and client, and the rest is used verbatim as src/main.js of
// a Vite app (index.html with one module script, package.json with vite as devDependency), installed
// from the `npm pack` tarball of pkg/, built, served and driven in Chromium: popup sign-in followed by
// the reload's silent SSO, then redirect sign-in in a fresh context.
//
// The app's package.json is tests/bundlers/apps/vite's (same bundler pin, same install cache).
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../e2e/harness.mjs';
import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { buildApp, installApp, listFiles, packTarball, REPO, tempDir } from './lib.mjs';

const APP_ID = 'quickstart-app';
const DOMAIN_PLACEHOLDER = 'https://example.authing.cn';
const APP_ID_PLACEHOLDER = 'YOUR_APP_ID';

/** The ```js block right under the "### Quick start" heading of `markdown`. */
function quickStartCode(markdown) {
  const heading = markdown.search(/^### Quick start[ \t]*$/m);
  assert.ok(heading >= 0, 'README.md has a "### Quick start" heading');
  const body = markdown.slice(markdown.indexOf('\n', heading) + 1);
  const next = body.search(/^#{1,3} /m); // the section ends at the next heading of its level or above
  const section = next < 0 ? body : body.slice(0, next);
  const block = /^```js[ \t]*\n([\s\S]*?)^```[ \t]*$/m.exec(section);
  assert.ok(block, 'the "Quick start" section has a ```js block');
  return block[1];
}

/** `code` with each placeholder replaced; each must occur exactly once. */
function fillIn(code, replacements) {
  for (const [from, to] of replacements) {
    assert.equal(code.split(from).length - 1, 1, `the quick start names ${from} once`);
    code = code.replace(from, () => to);
  }
  return code;
}

const env = {};

before(async () => {
  env.temp = await tempDir('quickstart');
  ({ tarball: env.tarball } = await packTarball(env.temp.dir));
  // The server looks files up per request: dist/ appears once the app is built.
  const appDir = path.join(env.temp.dir, 'app/vite');
  env.dist = path.join(appDir, 'dist');
  env.server = await startServer({ roots: [env.dist] });
  env.origin = new URL(env.server.url).origin;
  env.provider = await startProvider({ clients: [{ id: APP_ID, redirect: [`${env.origin}/`] }] });

  // A fresh Vite app whose main.js is the README's quick start.
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  env.code = fillIn(quickStartCode(readme), [[DOMAIN_PLACEHOLDER, env.provider.url], [APP_ID_PLACEHOLDER, APP_ID]]);
  const template = path.join(env.temp.dir, 'template/vite');
  await mkdir(path.join(template, 'src'), { recursive: true });
  await writeFile(path.join(template, 'package.json'), await readFile(path.join(REPO, 'tests/bundlers/apps/vite/package.json')));
  await writeFile(path.join(template, 'index.html'), [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <title>authing-wasm quick start</title>',
    '  <script type="module" src="/src/main.js"></script>',
    '</head>',
    '<body></body>',
    '</html>',
    '',
  ].join('\n'));
  await writeFile(path.join(template, 'src/main.js'), env.code);
  const { dir, installMs, cached } = await installApp(template, env.tarball, path.join(env.temp.dir, 'app'));
  assert.equal(dir, appDir);
  env.installMs = installMs;
  env.cached = cached;
  env.buildMs = await buildApp(dir);
  env.emitted = await listFiles(env.dist);

  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  await env.server?.stop();
  await env.temp?.cleanup();
});

/** A fresh context and page on the app, recording page errors, failed own requests and silent checks. */
async function openQuickStart() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const log = { errors: [], silent: [] };
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === env.provider.url && url.pathname.endsWith('/auth') && url.searchParams.get('prompt') === 'none') {
      log.silent.push(url.href);
    }
  });
  page.on('response', (r) => {
    const own = new URL(r.url()).origin === env.origin;
    if (own && r.status() >= 400 && !r.url().endsWith('/favicon.ico')) log.errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await page.goto(env.server.url);
  return { context, page, log };
}

/** What the quick start wrote into the body before its buttons (null while the page loads). */
const shown = (page) => page.evaluate(() => {
  const first = document.body?.firstChild;
  return first?.nodeType === Node.TEXT_NODE ? first.textContent : null;
}).catch(() => null); // a navigation may destroy the context mid-call: ask again

/** Polls until the page shows `text`; fails with what it showed instead. */
async function waitShown(page, text, log, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await shown(page);
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the page shows ${JSON.stringify(last)}, not ${JSON.stringify(text)} (at ${page.url()}); errors: ${log.errors.join('\n') || 'none'}`);
}

/** The provider's login form, filled and submitted in `target` (popup or page). */
async function signInAt(target, user = TEST_USER) {
  await target.waitForSelector('input[name="username"]', { timeout: 15_000 });
  await target.fill('input[name="username"]', user.username);
  await target.fill('input[name="password"]', user.password);
  await target.click('#login-submit').catch((e) => {
    if (!target.isClosed()) throw e; // a popup may close as the click lands
  });
}

test('the quick start builds with Vite from the tarball', async (t) => {
  assert.match(env.code, /from 'authing-wasm'/, 'the quick start imports the package by name');
  const wasm = env.emitted.filter((f) => f.endsWith('.wasm'));
  const names = ['authing_wasm_bg', 'authing_extras_bg'].map((n) => wasm.filter((f) => f.includes(n)).length);
  assert.deepEqual([...names, wasm.length], [1, 1, 2], `each .wasm once (login, extras): ${env.emitted.join(', ')}`);
  t.diagnostic(`install ${env.installMs} ms (${env.cached ? 'cached' : 'cold'}), build ${env.buildMs} ms; emitted ${env.emitted.join(', ')}`);
});

test('popup: "Signed out", the popup signs in, the reload shows "Hello, Test User" (silent SSO)', async () => {
  const { context, page, log } = await openQuickStart();
  try {
    await waitShown(page, 'Signed out', log);
    const silentBefore = log.silent.length;
    assert.ok(silentBefore >= 1, 'the first load checked for a session silently');

    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Log in with a popup', exact: true }).click(),
    ]);
    const closed = popup.waitForEvent('close', { timeout: 30_000 });
    await popup.waitForURL((url) => url.origin === env.provider.url, { timeout: 15_000 });
    await signInAt(popup);
    await closed;
    await reloaded;

    await waitShown(page, 'Hello, Test User', log);
    // The memory cache went with the reload: the session came back by silent sign-in at the provider.
    assert.ok(log.silent.length > silentBefore, 'the reloaded page found the session silently');
    assert.equal(page.url(), env.server.url);
    assert.deepEqual(log.errors, [], 'no errors in the page');
  } finally {
    await context.close();
  }
});

test('redirect: a fresh context signs in by redirect, comes back to "Hello, Test User" without code/state', async () => {
  const { context, page, log } = await openQuickStart();
  try {
    await waitShown(page, 'Signed out', log);
    await Promise.all([
      page.waitForURL((url) => url.origin === env.provider.url, { timeout: 15_000 }),
      page.getByRole('button', { name: 'Log in by redirect', exact: true }).click(),
    ]);
    await Promise.all([
      page.waitForURL((url) => url.origin === env.origin, { timeout: 15_000 }),
      signInAt(page),
    ]);
    await waitShown(page, 'Hello, Test User', log);
    const url = new URL(page.url());
    assert.equal(url.searchParams.has('code'), false, `no code in ${url}`);
    assert.equal(url.searchParams.has('state'), false, `no state in ${url}`);
    assert.equal(url.href, env.server.url, 'back on the redirect URI, as registered');
    assert.deepEqual(log.errors, [], 'no errors in the page');
  } finally {
    await context.close();
  }
});
