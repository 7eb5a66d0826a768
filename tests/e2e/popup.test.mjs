// Popup sign-in end to end (response_mode=web_message): the built pkg/ in Chromium against the local
// provider. Every popup is opened from a real click on the test page's #go button, which runs
// window.onGo() and keeps its settled outcome in window.outcomes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

import { call, CHROMIUM_ARGS, createClient, openApp, storedSession, suite, TEST_USER } from './harness.mjs';

const env = suite();

const FORM = 'input[name="username"]';

async function resetProvider() {
  await fetch(`${env.provider.url}/__test/reset`, { method: 'POST' });
}

async function setFaults(faults) {
  const res = await fetch(`${env.provider.url}/__test/faults`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults),
  });
  assert.equal(res.status, 200);
}

/** The test page with `window.client` made from `config`, and `onGo` = loginWithPopup(). */
async function popupApp(config = env.config()) {
  const page = await openApp(env);
  await createClient(page, config);
  await page.evaluate(() => {
    window.onGo = () => {
      window.openedAt = performance.now();
      return window.client.loginWithPopup();
    };
  });
  return page;
}

/** Clicks #go and returns the popup it opened. */
async function clickForPopup(page) {
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#go')]);
  return popup;
}

/** The settled outcome of the i-th click: `{ value, at }` or `{ error, at }`. */
function outcome(page, i = 0) {
  return page.evaluate((n) => window.outcomes[n], i);
}

/** True when the i-th click's promise is still unsettled `ms` from now. */
function stillPending(page, i = 0, ms = 300) {
  return page.evaluate(([n, wait]) => Promise.race([
    window.outcomes[n].then(() => false),
    new Promise((resolve) => setTimeout(() => resolve(true), wait)),
  ]), [i, ms]);
}

/** Signs in on the provider's form shown in the popup; the provider's answer page then closes it. */
async function signInInPopup(popup, user = TEST_USER) {
  await popup.waitForSelector(FORM);
  await popup.fill(FORM, user.username ?? user.email);
  await popup.fill('input[name="password"]', user.password);
  const closed = popup.waitForEvent('close');
  await popup.click('#login-submit').catch((e) => {
    if (!popup.isClosed()) throw e;
  });
  await closed;
}

/** Waits until every page of the context but `page` has closed (or fails after `ms`). */
async function onlyPageLeft(page, ms = 2000) {
  const until = Date.now() + ms;
  while (page.context().pages().some((p) => p !== page && !p.isClosed())) {
    assert.ok(Date.now() < until, `pages still open: ${page.context().pages().map((p) => p.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('popup login with no provider session: form, sign in, the popup closes, the session is cached', async () => {
  const page = await popupApp();
  const before = await env.stats();
  const popup = await clickForPopup(page);
  await popup.waitForSelector(FORM);
  // The popup went to the authorization endpoint with web_message, then to the provider's form.
  assert.equal(new URL(popup.url()).origin, env.provider.url);
  assert.match(new URL(popup.url()).pathname, /^\/interaction\/oidc\//);
  assert.equal(await popup.evaluate(() => window.name), 'authing-wasm-login');

  await signInInPopup(popup);
  const { value, error } = await outcome(page);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.tokenType, 'Bearer');
  assert.ok(value.accessToken.length > 20);
  assert.ok(value.idToken.split('.').length === 3);
  assert.equal(value.idTokenClaims.sub, TEST_USER.sub);
  assert.equal(value.idTokenClaims.iss, `${env.provider.url}/oidc`);
  assert.equal(value.idTokenClaims.aud, env.appId);
  const lifetime = value.expiresAt - Date.now();
  assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `expiresAt ${lifetime} ms ahead`);
  assert.equal(popup.isClosed(), true);
  await onlyPageLeft(page);

  const after = await env.stats();
  assert.equal(after.login_page - before.login_page, 1);
  assert.equal(after.login_submit - before.login_submit, 1);
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1);

  const stored = await storedSession(page);
  assert.equal(stored?.accessToken, value.accessToken);
  assert.equal((await call(page, 'getLoginState')).value.accessToken, value.accessToken);
  const user = await call(page, 'getUserInfo');
  assert.equal(user.value?.sub, TEST_USER.sub, JSON.stringify(user));
  assert.equal(user.value.email, TEST_USER.username);
  await page.context().close();
});

test('with a provider session the popup completes without showing the form', async () => {
  const page = await popupApp();
  await signInInPopup(await clickForPopup(page));
  const first = await outcome(page, 0);
  assert.equal(first.value?.idTokenClaims.sub, TEST_USER.sub, JSON.stringify(first.error));

  const before = await env.stats();
  const popup = await clickForPopup(page);
  if (!popup.isClosed()) await popup.waitForEvent('close');
  const second = await outcome(page, 1);
  assert.equal(second.error, undefined, JSON.stringify(second.error));
  assert.equal(second.value.idTokenClaims.sub, TEST_USER.sub);
  assert.notEqual(second.value.accessToken, first.value.accessToken);
  assert.notEqual(second.value.idTokenClaims.nonce, first.value.idTokenClaims.nonce);
  const after = await env.stats();
  assert.equal(after.login_page, before.login_page, 'no login form was shown');
  assert.equal(after.login_submit, before.login_submit);
  assert.equal(after.auth - before.auth, 1);
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1);
  assert.equal((await storedSession(page)).accessToken, second.value.accessToken);
  await onlyPageLeft(page);
  await page.context().close();
});

test('a popup the browser blocks (no user activation) rejects popup_blocked', async () => {
  // Playwright launches Chromium with --disable-popup-blocking, so in the suite's browser every
  // window.open succeeds. Without that flag Chromium's blocker refuses window.open without user
  // activation. Playwright runs page.evaluate() (and waitForFunction's polling) with a user gesture,
  // which gives the page transient activation: so the page reports its outcome on the console, and
  // nothing is evaluated in it before that.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const before = await env.stats();
    let popups = 0;
    context.on('page', () => { popups += 1; });
    const reported = page.waitForEvent('console', (m) => m.text().startsWith('autopopup:'));
    await page.goto(`${env.app}/autopopup.html#${encodeURIComponent(JSON.stringify(env.config({ popup: { timeoutMs: 5000 } })))}`);
    const { value, error } = JSON.parse((await reported).text().slice('autopopup:'.length));
    assert.equal(value, undefined);
    assert.equal(error.name, 'AuthingError');
    assert.equal(error.code, 'popup_blocked');
    assert.match(error.message, /click/);
    assert.equal(popups, 0);
    assert.deepEqual(context.pages(), [page]);
    assert.equal((await env.stats()).auth, before.auth, 'nothing reached the provider');
  } finally {
    await browser.close();
  }
});

test('the user closes the popup while the form shows: popup_closed within 1.5 s', async () => {
  const page = await popupApp();
  const popup = await clickForPopup(page);
  await popup.waitForSelector(FORM);
  // Past the first 2 s, a closed popup is the user's doing (not a Cross-Origin-Opener-Policy cut).
  await page.waitForFunction(() => performance.now() - window.openedAt > 2100);
  const closedAt = await page.evaluate(() => performance.now());
  await popup.close();
  const { value, error, at } = await outcome(page);
  assert.equal(value, undefined);
  assert.equal(error.name, 'AuthingError');
  assert.equal(error.code, 'popup_closed');
  assert.doesNotMatch(error.message, /Cross-Origin-Opener-Policy/);
  assert.ok(at - closedAt <= 1500, `popup_closed ${Math.round(at - closedAt)} ms after the close`);
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('popup.timeoutMs passes: timeout, and the popup is closed', async () => {
  const page = await popupApp(env.config({ popup: { timeoutMs: 1500 } }));
  const popup = await clickForPopup(page);
  const closed = popup.waitForEvent('close');
  await popup.waitForSelector(FORM);
  const { value, error, at } = await outcome(page);
  assert.equal(value, undefined);
  assert.equal(error.code, 'timeout');
  assert.match(error.message, /timeoutMs/);
  const elapsed = at - await page.evaluate(() => window.openedAt);
  assert.ok(elapsed >= 1450 && elapsed <= 2500, `timeout after ${Math.round(elapsed)} ms`);
  await closed;
  assert.equal(popup.isClosed(), true);
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('an AbortSignal aborts the flow and closes the popup; an already-aborted one rejects at once', async () => {
  const page = await popupApp();
  await page.evaluate(() => {
    window.onGo = () => {
      window.controller = new AbortController();
      return window.client.loginWithPopup({ signal: window.controller.signal });
    };
  });
  const popup = await clickForPopup(page);
  const closed = popup.waitForEvent('close');
  await popup.waitForSelector(FORM);
  const abortedAt = await page.evaluate(() => {
    window.controller.abort();
    return performance.now();
  });
  const first = await outcome(page, 0);
  assert.equal(first.error?.code, 'aborted', JSON.stringify(first));
  assert.equal(first.error.name, 'AuthingError');
  assert.ok(first.at - abortedAt < 500, `aborted ${Math.round(first.at - abortedAt)} ms after abort()`);
  await closed;

  const before = await env.stats();
  await page.evaluate(() => {
    window.onGo = () => window.client.loginWithPopup({ signal: AbortSignal.abort() });
  });
  const clickedAt = await page.evaluate(() => performance.now());
  await page.click('#go');
  const second = await outcome(page, 1);
  assert.equal(second.error?.code, 'aborted', JSON.stringify(second));
  assert.ok(second.at - clickedAt < 500, `rejected ${Math.round(second.at - clickedAt)} ms after the click`);
  await onlyPageLeft(page);
  assert.equal((await env.stats()).auth, before.auth, 'an aborted-before-start flow never reaches the provider');
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('forged messages during a popup flow are ignored; the genuine answer completes the login', async () => {
  const page = await popupApp();
  const context = page.context();
  const authRequest = context.waitForEvent('request', (r) => r.url().startsWith(`${env.provider.url}/oidc/auth?`));
  const popup = await clickForPopup(page);
  const authUrl = new URL((await authRequest).url());
  assert.equal(authUrl.searchParams.get('response_mode'), 'web_message');
  const state = authUrl.searchParams.get('state');
  assert.ok(state?.length >= 16, `state ${state}`);
  await popup.waitForSelector(FORM);
  const before = await env.stats();
  // Every message the app page receives, to prove that each forgery was delivered.
  await page.evaluate(() => {
    window.received = [];
    window.addEventListener('message', (e) => window.received.push(e.origin));
  });

  const forged = (s = state, type = 'authorization_response') => ({ type, response: { code: 'forged-code', state: s, iss: `${env.provider.url}/oidc` } });
  const appOrigin = env.app;

  // (a) Another origin's frame in the app page (127.0.0.1 is another origin than localhost), real state.
  const otherOrigin = env.app.replace('//localhost:', '//127.0.0.1:');
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.name = 'other-origin';
    f.onload = resolve;
    f.src = src;
    document.body.append(f);
  }), `${otherOrigin}/index.html`);
  const otherFrame = page.frame({ name: 'other-origin' });
  assert.equal(new URL(otherFrame.url()).origin, otherOrigin);
  await otherFrame.evaluate((m) => parent.postMessage(m, '*'), forged());
  assert.equal(await stillPending(page), true, '(a) a message from another origin ended the flow');

  // (b) The popup itself (right origin, right source) with a wrong state.
  await popup.evaluate(([m, o]) => window.opener.postMessage(m, o), [forged('not-this-flows-state'), appOrigin]);
  assert.equal(await stillPending(page), true, '(b) a wrong state ended the flow');

  // (c) The popup, real state, wrong type.
  await popup.evaluate(([m, o]) => window.opener.postMessage(m, o), [forged(state, 'authorization_request'), appOrigin]);
  await popup.evaluate(([m, o]) => window.opener.postMessage(m, o), [{ response: forged().response }, appOrigin]);
  assert.equal(await stillPending(page), true, '(c) a wrong type ended the flow');

  // (d) The popup, data that is not an object.
  await popup.evaluate(([m, o]) => {
    for (const data of [JSON.stringify(m), 'authorization_response', null, [m], 42]) window.opener.postMessage(data, o);
  }, [forged(), appOrigin]);
  assert.equal(await stillPending(page), true, '(d) non-object data ended the flow');

  // (e) A window on the provider's origin that is not the popup: an iframe of its discovery document.
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.name = 'provider-origin';
    f.onload = resolve;
    f.src = src;
    document.body.append(f);
  }), `${env.provider.url}/oidc/.well-known/openid-configuration`);
  const providerFrame = page.frame({ name: 'provider-origin' });
  assert.equal(new URL(providerFrame.url()).origin, env.provider.url);
  await providerFrame.evaluate(([m, o]) => parent.postMessage(m, o), [forged(), appOrigin]);
  assert.equal(await stillPending(page), true, '(e) a message from another provider-origin window ended the flow');

  const providerOrigin = env.provider.url;
  assert.deepEqual(await page.evaluate(() => window.received), [otherOrigin, ...Array(9).fill(providerOrigin)]);
  assert.equal(popup.isClosed(), false);
  await signInInPopup(popup);
  const { value, error } = await outcome(page);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.idTokenClaims.sub, TEST_USER.sub);
  assert.equal((await storedSession(page)).accessToken, value.accessToken);
  const after = await env.stats();
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1, 'exactly one code exchange');
  await context.close();
});

test('Cross-Origin-Opener-Policy on the login page: loginWithPopup does not hang', async (t) => {
  await setFaults({ coop: true });
  t.after(resetProvider);
  const page = await popupApp();
  const popup = await clickForPopup(page);
  const { value, error, at } = await outcome(page);
  const elapsed = at - await page.evaluate(() => window.openedAt);
  assert.equal(value, undefined);
  assert.equal(error.code, 'popup_closed');
  assert.match(error.message, /Cross-Origin-Opener-Policy/);
  assert.ok(elapsed < 3000, `popup_closed after ${Math.round(elapsed)} ms`);
  // What Chromium does: the COOP page is put in a new browsing context group, so the app's handle
  // reads window.closed === true, while the login window itself lives on, showing the form, with
  // window.opener === null: the SDK can neither close it nor hear from it.
  assert.equal(popup.isClosed(), false);
  await popup.waitForSelector(FORM);
  assert.equal(await popup.evaluate(() => window.opener), null);
  await popup.close();
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('a second loginWithPopup while one runs aborts the first and completes in the same popup', async () => {
  const page = await popupApp();
  let popups = 0;
  page.context().on('page', () => { popups += 1; });
  const popup = await clickForPopup(page);
  await popup.waitForSelector(FORM);
  const firstForm = popup.url();

  await page.click('#go');
  const first = await outcome(page, 0);
  assert.equal(first.error?.code, 'aborted', JSON.stringify(first));
  assert.equal(first.error.name, 'AuthingError');
  // The same window is navigated to a new sign-in request.
  await popup.waitForURL((url) => url.pathname.startsWith('/interaction/oidc/') && url.href !== firstForm);
  assert.equal(popup.isClosed(), false);
  await signInInPopup(popup);
  const second = await outcome(page, 1);
  assert.equal(second.error, undefined, JSON.stringify(second.error));
  assert.equal(second.value.idTokenClaims.sub, TEST_USER.sub);
  assert.equal((await storedSession(page)).accessToken, second.value.accessToken);
  assert.equal(popups, 1, 'one popup window for both calls');
  await onlyPageLeft(page);
  await page.context().close();
});
