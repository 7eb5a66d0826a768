// Redirect sign-in end to end: the built pkg/ in Chromium against the local provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { call, createClient, gotoApp, openApp, redirectSignIn, storedSession, suite, TEST_USER } from './harness.mjs';

const env = suite();

test('sign in by redirect, read the user, sign out', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  assert.deepEqual(await call(page, 'getLoginState'), { value: null });
  assert.equal((await call(page, 'getAccessToken')).error.code, 'login_required');

  const callbackUrl = await redirectSignIn(page, env, { appState: { returnTo: '/orders/7' } });
  assert.match(callbackUrl, /[?&]code=/);
  await createClient(page, env.config());
  // Answered at once also while the page's first error waits for its words (messages.js).
  const first = await page.evaluate(async () => {
    const refused = window.client.loginWithRedirect({ extraParams: { state: 'x' } }).catch((e) => e.message);
    const isCallback = window.client.isRedirectCallback();
    return { isCallback, refused: await refused };
  });
  assert.deepEqual(first, { isCallback: true, refused: '`extraParams` cannot set `state`: the SDK sets it.' });

  // ...and from inside an event handler, while the driver performs the effects that fired it.
  await page.evaluate((url) => {
    window.client.on('login', () => { window.callbackInHandler = window.client.isRedirectCallback(url); });
  }, callbackUrl);
  const { value } = await call(page, 'handleRedirectCallback');
  assert.equal(await page.evaluate(() => window.callbackInHandler), true);
  assert.deepEqual(value.appState, { returnTo: '/orders/7' });
  const state = value.loginState;
  assert.equal(state.tokenType, 'Bearer');
  assert.ok(state.accessToken.length > 20);
  assert.equal(state.idTokenClaims.sub, TEST_USER.sub);
  assert.equal(state.idTokenClaims.iss, `${env.provider.url}/oidc`);
  assert.equal(state.idTokenClaims.name, 'Test User');
  const lifetime = state.expiresAt - Date.now();
  assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `expiresAt ${lifetime} ms ahead`);

  // No code or state is left in the address bar, or in history.
  const here = new URL(page.url());
  assert.equal(here.href, env.redirectUri);
  assert.equal(await page.evaluate(() => window.client.isRedirectCallback()), false);

  const user = await call(page, 'getUserInfo');
  assert.equal(user.value.sub, TEST_USER.sub);
  assert.equal(user.value.email, TEST_USER.username);
  assert.equal((await call(page, 'getAccessToken')).value, state.accessToken);

  // The sessionStorage cache survives a reload.
  await gotoApp(page, env.redirectUri);
  await createClient(page, env.config());
  assert.equal((await call(page, 'getLoginState')).value.accessToken, state.accessToken);

  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(env.redirectUri) && url.searchParams.get('state') === 'bye'),
    call(page, 'logoutWithRedirect', { redirectUri: env.redirectUri, state: 'bye' }).catch(() => {}),
  ]);
  await page.waitForFunction(() => window.sdk);
  await createClient(page, env.config());
  assert.deepEqual(await call(page, 'getLoginState'), { value: null });

  // The provider's session ended too: signing in again shows the login form.
  await Promise.all([
    page.waitForSelector('input[name="username"]'),
    call(page, 'loginWithRedirect').catch(() => {}),
  ]);
  await page.context().close();
});

test('a tampered state is refused with state_mismatch and nothing is stored', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  const callbackUrl = new URL(await redirectSignIn(page, env));
  callbackUrl.searchParams.set('state', 'forged-state');
  await createClient(page, env.config());
  const { error } = await call(page, 'handleRedirectCallback', callbackUrl.href);
  assert.equal(error.code, 'state_mismatch');
  assert.equal(error.isAuthingError, true);
  assert.equal(error.name, 'AuthingError');
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('an ID token whose nonce differs from the transaction is id_token_invalid', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  await redirectSignIn(page, env);
  // Change the nonce this browser expects: the provider's ID token then carries another one.
  await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.includes(':tx:'));
    const tx = JSON.parse(sessionStorage.getItem(key));
    sessionStorage.setItem(key, JSON.stringify({ ...tx, nonce: 'not-the-nonce-that-was-sent' }));
  });
  await createClient(page, env.config());
  const { error } = await call(page, 'handleRedirectCallback');
  assert.equal(error.code, 'id_token_invalid');
  assert.match(error.message, /nonce/);
  assert.equal(await storedSession(page), null);
  await page.context().close();
});

test('a replayed authorization code is refused by the provider: oauth_error invalid_grant', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  const callbackUrl = await redirectSignIn(page, env);
  await createClient(page, env.config());
  assert.ok((await call(page, 'handleRedirectCallback')).value.loginState.accessToken);
  const replay = await call(page, 'handleRedirectCallback', callbackUrl);
  assert.equal(replay.error.code, 'oauth_error');
  assert.equal(replay.error.error, 'invalid_grant');
  await page.context().close();
});

test('a provider error in the callback becomes a typed error, and bad options a config_error', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  await redirectSignIn(page, env);
  await createClient(page, env.config());
  const state = new URL(page.url()).searchParams.get('state');
  const denied = `${env.redirectUri}?error=access_denied&error_description=User%20said%20no&state=${state}`;
  const { error } = await call(page, 'handleRedirectCallback', denied);
  assert.deepEqual([error.code, error.error], ['oauth_error', 'access_denied']);
  assert.match(error.message, /User said no/);

  const notCallback = await call(page, 'handleRedirectCallback', `${env.redirectUri}?tab=2`);
  assert.equal(notCallback.error.code, 'invalid_callback');

  const bad = await page.evaluate(async () => {
    try {
      await window.sdk.AuthingClient.create({ domain: 'http://example.com', appId: 'x', redirectUri: 'https://a/cb' });
    } catch (e) {
      return { code: e.code, message: e.message };
    }
  });
  assert.equal(bad.code, 'config_error');
  assert.match(bad.message, /domain/);
  await page.context().close();
});

test("errors' words load with the first error only; without them an error keeps its code and details", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname.split('/').pop()));
  let blocked = true;
  await page.route('**/messages.js', (route) => (blocked ? route.abort() : route.continue()));
  await gotoApp(page, `${env.app}/index.html`);
  await createClient(page, env.config());
  assert.equal((await call(page, 'getLoginState')).value, null);
  assert.ok(!fetched.includes('messages.js'), 'a page without an error does not load the words');

  const bad = { domain: `${env.provider.url}/`, appId: 'x', redirectUri: 'https://a/cb', popup: { width: -1 } };
  const create = (c) => page.evaluate(async (o) => {
    try {
      await window.sdk.AuthingClient.create(o);
    } catch (e) {
      return { code: e.code, message: e.message, isAuthingError: e instanceof window.sdk.AuthingError };
    }
  }, c);
  const unworded = await create(bad);
  assert.deepEqual([unworded.code, unworded.isAuthingError], ['config_error', true]);
  assert.match(unworded.message, /messages\.js, did not load.*popup\.width/);

  blocked = false;
  const worded = await create(bad);
  assert.equal(worded.message, '`popup.width` must be a positive number.', 'the next error tries again');
  await context.close();
});
