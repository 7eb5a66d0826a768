// The `debug` option end to end: each step of a flow as a line (what was sent where, what was
// accepted or ignored and why), never a token, code or secret; without it, nothing is logged.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { call, gotoApp, popupSignIn, suite, TEST_USER } from './harness.mjs';

const env = suite({ appId: 'debug-app' });

/** A page whose client logs into window.lines (or with console.debug when `consoleToo`). */
async function page(debug) {
  const context = await env.browser.newContext();
  const p = await context.newPage();
  const consoleLines = [];
  p.on('console', (m) => { if (m.type() === 'debug') consoleLines.push(m.text()); });
  await gotoApp(p, `${env.app}/index.html`);
  await p.evaluate(async ([config, mode]) => {
    window.lines = [];
    const debugOption = mode === 'function' ? (line) => window.lines.push(line) : mode === 'console';
    window.client = await window.sdk.AuthingClient.create({ ...config, debug: debugOption });
  }, [env.config(), debug]);
  return { p, consoleLines };
}

const lines = (p) => p.evaluate(() => window.lines);

test('debug: why silent SSO returns null, how a popup sign-in went, which messages were ignored, and no secret', async () => {
  const { p } = await page('function');
  // Signed out at Authing: the silent check answers null, and the log says why.
  assert.deepEqual(await call(p, 'getLoginState'), { value: null });
  const silent = await lines(p);
  assert.ok(silent.some((l) => /renewing by silent sign-in in a hidden iframe/.test(l)), silent.join('\n'));
  assert.ok(silent.some((l) => l.startsWith('→ a hidden iframe opens http') && !l.includes('?')), silent.join('\n'));
  assert.ok(silent.some((l) => /login_required: Authing has no session this page can see/.test(l)), silent.join('\n'));

  // A popup sign-in, with a forged message while it waits.
  await p.evaluate(() => { window.onGo = () => window.client.loginWithPopup(); });
  const [popup] = await Promise.all([p.waitForEvent('popup'), p.click('#go')]);
  await popup.waitForSelector('input[name="username"]');
  await popup.evaluate(() => window.opener.postMessage({ type: 'authorization_response', response: { code: 'forged', state: 'x' } }, '*'));
  await popup.fill('input[name="username"]', TEST_USER.username);
  await popup.fill('input[name="password"]', TEST_USER.password);
  await Promise.all([popup.waitForEvent('close'), popup.click('#login-submit')]);
  const login = await p.evaluate(() => window.outcomes[0]);
  assert.equal(login.value?.idTokenClaims?.sub, TEST_USER.sub);
  await p.waitForTimeout(200); // the last lines are worded once ./debug.js has loaded
  const all = await lines(p);
  const expected = [
    /^→ the popup opens http:\/\/localhost:\d+\/oidc\/auth$/,
    /^ignored an authorization response of another sign-in \(its state differs\)$/,
    /^Authing answered the sign-in: a code, which is exchanged at the token endpoint$/,
    /^→ POST http:\/\/localhost:\d+\/oidc\/token$/,
    /^← 200 from http:\/\/localhost:\d+\/oidc\/token$/,
    /^ID token claims checked .*signature: RSASSA-PKCS1-v1_5, checked with Authing's published key$/,
    /^event login$/,
  ];
  for (const pattern of expected) assert.ok(all.some((l) => pattern.test(l)), `${pattern}\n${all.join('\n')}`);

  // Never a token, a code or a secret.
  const stored = await call(p, 'getLoginState');
  const secrets = [stored.value.accessToken, stored.value.idToken, 'forged'];
  const leaks = all.filter((l) => secrets.some((s) => s && l.includes(s)) || /[?&](code|state|nonce)=/.test(l));
  assert.deepEqual(leaks, []);
  await p.context().close();
});

test('debug: true logs with console.debug; without the option nothing is logged and ./debug.js is not loaded', async () => {
  const { p, consoleLines } = await page('console');
  await call(p, 'getLoginState');
  await p.waitForTimeout(200);
  assert.ok(consoleLines.some((l) => l.startsWith('[authing-wasm] ') && /silent sign-in/.test(l)), consoleLines.join('\n'));
  await p.context().close();

  const quiet = await page('off');
  const loaded = [];
  quiet.p.on('request', (r) => loaded.push(r.url()));
  await call(quiet.p, 'getLoginState');
  await quiet.p.waitForTimeout(200);
  assert.deepEqual(quiet.consoleLines, []);
  assert.ok(!loaded.some((u) => u.endsWith('/debug.js')), loaded.join('\n'));
  await quiet.p.context().close();
});
