// examples/qr-login, as `make demo` serves it: a person signs in by scanning the QR code with the
// (simulated) phone. Every /api/v3 request of the page goes through Prism.
// Run: node --test --test-concurrency=1 tests/e2e/qr-example.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import { startPrism } from '../support/prism.mjs';
import { CHROMIUM_ARGS, flagged, routeApiThroughPrism, snapshotPkg, until } from './harness.mjs';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const env = {};

before(async () => {
  // The example's own files, with config.js pointing at this run's provider (served first).
  const overrides = env.overrides = mkdtempSync(join(tmpdir(), 'authing-qr-example-'));
  mkdirSync(join(overrides, 'qr-login'));
  env.pkg = await snapshotPkg(); // other builds may rewrite pkg/ while this suite runs
  env.server = await startServer({ mounts: { '/pkg/': env.pkg }, roots: [overrides, root('examples')] });
  env.home = `${env.server.url}qr-login/`;
  env.provider = await startProvider({ clients: [{ id: 'demo-app', redirect: [env.home, `${env.home}index.html`] }] });
  writeFileSync(join(overrides, 'qr-login', 'config.js'), `export default ${JSON.stringify({ domain: env.provider.url, appId: 'demo-app' })};\n`);
  env.prism = await startPrism({ upstream: env.provider.url });
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await env.browser?.close();
  await env.prism?.stop();
  await env.provider?.stop();
  await env.server?.stop();
  for (const dir of [env.pkg, env.overrides]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const stats = async () => (await fetch(`${env.provider.url}/__test/stats`)).json();
const reset = () => fetch(`${env.provider.url}/__test/reset`, { method: 'POST' });

/** Waits until `selector`'s text is `text` (polling, not animation frames: the phone tab is in front). */
const textIs = (page, selector, text, timeout = 15_000) => page.waitForFunction(
  ([sel, want]) => document.querySelector(sel)?.textContent === want, [selector, text], { polling: 50, timeout },
);

/**
 * Decodes the QR code of an SVG from qrToSvg: its path is one `M x y h n v1 h-n z` rectangle per run
 * of dark modules; each module becomes `px` × `px` pixels on white, and jsQR reads the image.
 */
function decodeSvgQr(svg, px = 4) {
  const [, size] = svg.match(/viewBox="0 0 (\d+) \1"/) ?? [];
  assert.ok(size, `a square viewBox in ${svg.slice(0, 120)}`);
  const [, d] = svg.match(/<path[^>]* d="([^"]*)"/) ?? [];
  assert.ok(d, 'a path of dark modules');
  const n = Number(size) * px;
  const pixels = new Uint8ClampedArray(n * n * 4).fill(255);
  let runs = 0;
  for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    runs++;
    for (let row = Number(y) * px; row < (Number(y) + 1) * px; row++) {
      for (let col = Number(x) * px; col < (Number(x) + Number(run)) * px; col++) {
        pixels.fill(0, (row * n + col) * 4, (row * n + col) * 4 + 3);
      }
    }
  }
  assert.ok(runs > 20, `${runs} runs of dark modules`);
  assert.equal(d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, ''), '', 'the path holds nothing but module runs');
  return jsQR(pixels, n, n)?.data;
}

/** A context whose /api/v3 requests go through Prism, with the example loaded and its QR code shown. */
async function openExample() {
  const context = await env.browser.newContext();
  const api = await routeApiThroughPrism(context, env.prism.url);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.home);
  await page.waitForSelector('#qr svg[role="img"]');
  return { context, page, api, errors };
}

/** What the example's code was issued as (the gene-qrcode answer that went through Prism). */
function issued(api) {
  const genes = api.filter((e) => e.path === '/api/v3/gene-qrcode' && e.body?.data);
  assert.ok(genes.length > 0, 'a code was issued');
  return genes.at(-1).body.data;
}

async function assertThroughPrism(api) {
  const s = await stats();
  const sent = (path) => api.filter((e) => e.path === path).length;
  assert.deepEqual(
    [sent('/api/v3/gene-qrcode'), sent('/api/v3/check-qrcode-status'), sent('/api/v3/exchange-tokenset-with-qrcode-ticket')],
    [s.qr_gene, s.qr_status, s.qr_exchange],
    'every /api/v3 request the provider received came through Prism',
  );
  for (const e of api) assert.equal(e.appId, 'demo-app', `${e.method} ${e.path} carries x-authing-app-id`);
  assert.deepEqual(flagged(api), [], 'Prism flagged no request or answer');
}

test('the QR example shows a scannable code, "Scanned by Test User" after the scan, the user after confirm', async () => {
  await reset();
  const { context, page, api, errors } = await openExample();
  const { qrcodeId, url } = issued(api);
  assert.equal(url, `${env.provider.url}/phone?qrcodeId=${encodeURIComponent(qrcodeId)}`);

  // The code: an accessible SVG image that encodes the phone URL, which the link opens too.
  const svg = await page.innerHTML('#qr');
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.equal(await page.getAttribute('#qr svg', 'role'), 'img');
  assert.equal(await page.textContent('#qr svg title'), 'QR code to sign in');
  assert.equal(decodeSvgQr(svg), url, 'the QR code encodes qr.url');
  assert.equal(await page.getAttribute('#phone', 'href'), url);
  const box = await page.locator('#qr svg').boundingBox();
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [220, 220], 'shown at the size the page styles');
  await textIs(page, '#status', 'Scan the code with the Authing app.');
  assert.equal(await page.isHidden('#signed-in'), true);

  // The phone: the link opens it in another tab.
  const [phone] = await Promise.all([page.waitForEvent('popup'), page.click('#phone')]);
  await phone.waitForSelector('#phone-scan');
  assert.equal(phone.url(), url);
  assert.equal(await phone.textContent('#phone-code'), qrcodeId);
  await phone.click('#phone-scan');
  await textIs(phone, '#phone-status', 'SCANNED');
  await textIs(page, '#status', 'Scanned by Test User — confirm on your phone.');

  await phone.click('#phone-confirm');
  await textIs(phone, '#phone-status', 'AUTHORIZED');
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 15_000 });
  await textIs(page, '#greeting', 'Signed in as Test User.');
  assert.match(await page.textContent('#greeting'), /Test User/);
  const me = JSON.parse(await page.textContent('#userinfo'));
  assert.equal(me.sub, TEST_USER.sub);
  assert.equal(me.email, TEST_USER.username);
  assert.equal(await page.isHidden('#login'), true);

  const s = await stats();
  assert.deepEqual([s.qr_gene, s.qr_exchange, s.me], [1, 1, 1]);
  assert.deepEqual(errors, [], 'no uncaught error in the page');
  await assertThroughPrism(api);
  await context.close();
});

test('the QR example: cancelled on the phone, then a new code on request', async () => {
  await reset();
  const { context, page, api, errors } = await openExample();
  const first = issued(api);
  const phone = await env.browser.newPage();
  await phone.goto(first.url);
  await phone.click('#phone-cancel');
  await textIs(phone, '#phone-status', 'CANCELLED');
  await phone.close();
  await textIs(page, '#status', 'You cancelled on the phone.');
  await page.waitForSelector('#new-code:not([hidden])');

  await page.click('#new-code');
  await until(() => api.filter((e) => e.path === '/api/v3/gene-qrcode' && e.body?.data).length === 2, 10_000, 'a second code');
  const second = issued(api);
  assert.notEqual(second.qrcodeId, first.qrcodeId);
  await textIs(page, '#status', 'Scan the code with the Authing app.');
  await page.waitForFunction((u) => document.querySelector('#phone')?.href === u, second.url, { polling: 50 });
  assert.equal(decodeSvgQr(await page.innerHTML('#qr')), second.url, 'the new QR code encodes the new URL');
  assert.equal(await page.isHidden('#new-code'), true);
  assert.deepEqual(errors, []);
  await assertThroughPrism(api);
  await context.close();
});
