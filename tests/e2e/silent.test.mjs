// Silent sign-in end to end: getLoginState()/getAccessToken() without a fresh cached session ask the
// provider in a hidden iframe (prompt=none, response_mode=web_message). The built pkg/ in Chromium
// against the local provider.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { call, createClient, gotoApp, openApp, suite, TEST_USER } from './harness.mjs';

const env = suite();

const FORM = 'input[name="username"]';
const FLOW_IFRAME = 'iframe[src*="/oidc/auth?"]';

async function setFaults(e, faults) {
  const res = await fetch(`${e.provider.url}/__test/faults`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults),
  });
  assert.equal(res.status, 200);
}

async function resetFaults(e) {
  await fetch(`${e.provider.url}/__test/reset`, { method: 'POST' });
}

/** Signs in with a popup from a real click on `page` (whose `window.client` exists); resolves the LoginState. */
async function popupLogin(page, { form = true } = {}) {
  await page.evaluate(() => {
    window.onGo = () => window.client.loginWithPopup();
  });
  const n = await page.evaluate(() => window.outcomes.length);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#go')]);
  if (form) {
    await popup.waitForSelector(FORM);
    await popup.fill(FORM, TEST_USER.username);
    await popup.fill('input[name="password"]', TEST_USER.password);
    const closed = popup.waitForEvent('close');
    await popup.click('#login-submit').catch((e) => {
      if (!popup.isClosed()) throw e;
    });
    await closed;
  }
  const { value, error } = await page.evaluate((i) => window.outcomes[i], n);
  assert.equal(error, undefined, `popup login: ${JSON.stringify(error)}`);
  return value;
}

/** A second page of `context` with a client that caches in memory: it starts with nothing cached. */
async function freshPage(e, context, extra = {}) {
  const page = await context.newPage();
  await gotoApp(page, `${e.app}/index.html`);
  await createClient(page, e.config({ cacheLocation: 'memory', ...extra }));
  return page;
}

/** Runs client[method](opts) in the page; resolves { value } or { error }, plus `ms` (page clock). */
function timedCall(page, method, opts) {
  return page.evaluate(async ([m, o]) => {
    const t0 = performance.now();
    try {
      const value = await window.client[m](o);
      return { value, ms: performance.now() - t0 };
    } catch (e) {
      return { error: { name: e?.name, code: e?.code, message: e?.message }, ms: performance.now() - t0 };
    }
  }, [method, opts]);
}

const iframesIn = (page) => page.evaluate(() => document.querySelectorAll('iframe').length);

test('before any login: getLoginState() is null promptly, getAccessToken() rejects login_required', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  const before = await env.stats();
  const state = await timedCall(page, 'getLoginState');
  assert.deepEqual(state.value, null, JSON.stringify(state));
  assert.ok(state.ms < 2000, `null after ${Math.round(state.ms)} ms`);
  assert.equal(await iframesIn(page), 0);
  assert.equal((await env.stats()).auth - before.auth, 1, 'the provider was asked once, in the iframe');

  const token = await timedCall(page, 'getAccessToken');
  assert.equal(token.error?.code, 'login_required', JSON.stringify(token));
  assert.equal(token.error.name, 'AuthingError');
  assert.ok(token.ms < 2000);
  assert.equal(await iframesIn(page), 0);
  await page.context().close();
});

test('after a popup login in one page, a new page gets the session silently, without UI', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  const login = await popupLogin(page);

  const other = await freshPage(env, page.context());
  let popups = 0;
  page.context().on('page', () => { popups += 1; });
  const before = await env.stats();
  const { value, error } = await call(other, 'getLoginState');
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.idTokenClaims.sub, TEST_USER.sub);
  assert.notEqual(value.accessToken, login.accessToken, 'a new session, from the provider');
  assert.equal(value.tokenType, 'Bearer');
  assert.equal(popups, 0, 'no popup or tab was opened');
  assert.equal(await iframesIn(other), 0);
  const after = await env.stats();
  assert.equal(after.auth - before.auth, 1);
  assert.equal(after.login_page, before.login_page);
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1);
  // It is cached now (in memory): asking again does not reach the provider.
  assert.equal((await call(other, 'getAccessToken')).value, value.accessToken);
  assert.equal((await env.stats()).auth, after.auth);
  await page.context().close();
});

test('after logout at the provider, getLoginState({ ignoreCache: true }) is null', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  await popupLogin(page);
  const signedIn = await call(page, 'getLoginState', { ignoreCache: true });
  assert.equal(signedIn.value?.idTokenClaims.sub, TEST_USER.sub, 'the provider session works silently before logout');

  const before = await env.stats();
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(env.redirectUri) && url.searchParams.get('state') === 'bye'),
    call(page, 'logoutWithRedirect', { redirectUri: env.redirectUri, state: 'bye' }).catch(() => {}),
  ]);
  await page.waitForFunction(() => window.sdk);
  assert.ok((await env.stats()).session_end > before.session_end);
  await createClient(page, env.config());
  assert.deepEqual(await call(page, 'getLoginState', { ignoreCache: true }), { value: null });
  const other = await freshPage(env, page.context());
  assert.deepEqual(await call(other, 'getLoginState'), { value: null });
  assert.equal(await iframesIn(page), 0);
  assert.equal(await iframesIn(other), 0);
  await page.context().close();
});

test('a provider that never answers: timeout after silentTimeoutMs, and the iframe is removed', async (t) => {
  await setFaults(env, { hang: ['auth'] });
  t.after(() => resetFaults(env));
  const page = await openApp(env);
  await createClient(page, env.config({ silentTimeoutMs: 1000 }));
  const { value, error, ms } = await timedCall(page, 'getLoginState');
  assert.equal(value, undefined);
  assert.equal(error.code, 'timeout');
  assert.equal(error.name, 'AuthingError');
  assert.match(error.message, /silentTimeoutMs: the provider may be unreachable or slow/, 'a page that never loads: no word of callback URLs');
  assert.ok(ms >= 950 && ms <= 1500, `timeout after ${Math.round(ms)} ms`);
  assert.equal(await iframesIn(page), 0);
  assert.equal((await env.stats()).auth_hung, 1);

  const token = await timedCall(page, 'getAccessToken');
  assert.equal(token.error?.code, 'timeout');
  assert.equal(await iframesIn(page), 0);
  await page.context().close();
});

test('a redirectUri that is not a callback URL of the app: the timeout names it as the likely cause', async () => {
  const page = await openApp(env);
  // The provider shows its error page in the iframe (it may not post to an unregistered URL).
  await createClient(page, env.config({ silentTimeoutMs: 1500, redirectUri: `${env.app}/not-registered.html` }));
  const { error } = await timedCall(page, 'getLoginState');
  assert.equal(error?.code, 'timeout', JSON.stringify(error));
  assert.match(error.message, /redirectUri is not a login callback URL of the app/);
  assert.equal(await iframesIn(page), 0);
  await page.context().close();
});

test('three concurrent getLoginState() calls share one iframe and one answer', async () => {
  const page = await openApp(env);
  await createClient(page, env.config());
  await popupLogin(page);
  const other = await freshPage(env, page.context());
  await other.evaluate(() => {
    window.iframesAdded = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'IFRAME') window.iframesAdded += 1;
    }).observe(document, { childList: true, subtree: true });
  });
  const before = await env.stats();
  const results = await other.evaluate(() => Promise.all([
    window.client.getLoginState(), window.client.getLoginState(), window.client.getLoginState(),
  ]));
  const after = await env.stats();
  assert.equal(after.auth - before.auth, 1, 'one authorization request');
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1, 'one code exchange');
  assert.equal(await other.evaluate(() => window.iframesAdded), 1, 'one iframe');
  assert.equal(await iframesIn(other), 0);
  assert.equal(results.length, 3);
  for (const r of results) {
    assert.equal(r?.idTokenClaims.sub, TEST_USER.sub);
    assert.equal(r.accessToken, results[0].accessToken);
  }
  await page.context().close();
});

test('forged messages during a silent flow are ignored; the genuine answer completes it', async (t) => {
  const page = await openApp(env);
  await createClient(page, env.config());
  await popupLogin(page);
  const other = await freshPage(env, page.context());
  await setFaults(env, { delayAuthMs: 1500 });
  t.after(() => resetFaults(env));
  const before = await env.stats();

  await other.evaluate(() => {
    // Every message the app page receives, to prove that each forgery was delivered.
    window.received = [];
    window.addEventListener('message', (e) => window.received.push(e.origin));
    window.silent = window.settle(window.client.getLoginState());
  });
  const flowFrame = await other.waitForSelector(FLOW_IFRAME, { state: 'attached', timeout: 1000 });
  const src = await flowFrame.getAttribute('src');
  const flowUrl = new URL(src);
  assert.equal(flowUrl.searchParams.get('prompt'), 'none');
  assert.equal(flowUrl.searchParams.get('response_mode'), 'web_message');
  const state = flowUrl.searchParams.get('state');
  assert.ok(state?.length >= 16, `state ${state}`);
  const forged = { type: 'authorization_response', response: { code: 'forged-code', state, iss: `${env.provider.url}/oidc` } };
  const pending = () => other.evaluate(() => Promise.race([
    window.silent.then(() => false),
    new Promise((resolve) => setTimeout(() => resolve(true), 100)),
  ]));

  // From the app page itself: the app's origin, not the provider's.
  await other.evaluate((m) => window.postMessage(m, '*'), forged);
  assert.equal(await pending(), true, 'a message from the app page ended the flow');

  // From a provider-origin window that is not the flow's iframe.
  await other.evaluate((url) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.name = 'provider-origin';
    f.onload = resolve;
    f.src = url;
    document.body.append(f);
  }), `${env.provider.url}/oidc/.well-known/openid-configuration`);
  const providerFrame = other.frame({ name: 'provider-origin' });
  assert.equal(new URL(providerFrame.url()).origin, env.provider.url);
  await providerFrame.evaluate(([m, o]) => parent.postMessage(m, o), [forged, env.app]);
  assert.equal(await pending(), true, 'a message from another provider-origin iframe ended the flow');
  const sent = await other.evaluate(() => performance.now());
  assert.deepEqual(await other.evaluate(() => window.received), [env.app, env.provider.url]);

  const { value, error, at } = await other.evaluate(() => window.silent);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.idTokenClaims.sub, TEST_USER.sub);
  assert.ok(at > sent, 'the genuine answer came after the forgeries');
  const after = await env.stats();
  assert.equal(after.token.authorization_code - before.token.authorization_code, 1, 'exactly one code exchange');
  assert.equal(await other.evaluate((sel) => document.querySelectorAll(sel).length, FLOW_IFRAME), 0);
  await page.context().close();
});

describe('cross-site: the app on 127.0.0.1, the provider on localhost', () => {
  const xenv = suite({ host: '127.0.0.1' });

  test('silent sign-in is null promptly (no third-party cookies); the popup still works', async () => {
    assert.equal(new URL(xenv.app).hostname, '127.0.0.1');
    assert.equal(new URL(xenv.provider.url).hostname, 'localhost');
    const page = await openApp(xenv);
    await createClient(page, xenv.config({ silentTimeoutMs: 10000 }));
    const login = await popupLogin(page);
    assert.equal(login.idTokenClaims.sub, TEST_USER.sub);

    const before = await (await fetch(`${xenv.provider.url}/__test/stats`)).json();
    const silent = await timedCall(page, 'getLoginState', { ignoreCache: true });
    assert.deepEqual(silent.value, null, JSON.stringify(silent));
    assert.ok(silent.ms < 3000, `null after ${Math.round(silent.ms)} ms`);
    assert.equal(await iframesIn(page), 0);
    const after = await (await fetch(`${xenv.provider.url}/__test/stats`)).json();
    assert.equal(after.auth - before.auth, 1, 'the provider was asked, and said login_required');

    // The provider session is intact in first-party (popup) context: no form this time.
    const again = await popupLogin(page, { form: false });
    assert.equal(again.idTokenClaims.sub, TEST_USER.sub);
    const last = await (await fetch(`${xenv.provider.url}/__test/stats`)).json();
    assert.equal(last.login_page, after.login_page);
    await page.context().close();
  });
});
