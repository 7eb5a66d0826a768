// Hostile inputs and faults end to end: the built pkg/ in Chromium against the local provider's fault
// modes. Forged postMessages for the popup and the silent iframe, a token endpoint that hangs or
// answers nonsense, bad ID tokens, garbage in storage and on the BroadcastChannel, a full storage
// quota, hostile options and callback URLs. Each case ends in a typed error (or is ignored, or made
// sane) and loses no session; after each, the same page still signs in. The counts become the
// README's Reliability table (hostile/reliability.mjs).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import {
  call, createClient, events, gotoApp, popupSignIn, rawStored, recordEvents, redirectSignIn, resetProvider,
  sessionKey, setFaults, suite, TEST_USER, until,
} from './harness.mjs';
import { junk, lookalikes } from './hostile/forgeries.mjs';
import { Tally } from './hostile/reliability.mjs';
import { startServer } from '../support/index.mjs';

const env = suite({ appId: 'hostile-app' });
const tally = new Tally();
const AREAS = ['popup messages', 'silent sign-in messages', 'token endpoint', 'ID tokens', 'stored values', 'storage quota', 'BroadcastChannel', 'options', 'callback URLs'];
const OFFLINE = 'openid profile offline_access';
let evil; // another origin's server, for frames that are not the provider's

before(async () => {
  evil = await startServer({ host: '127.0.0.1', roots: [fileURLToPath(new URL('./pages', import.meta.url))] });
});
after(async () => {
  await evil?.stop();
  if (tally.writeReadme(AREAS)) console.log(`# Reliability (README.md)\n${tally.table()}`);
});

/** A new context and page with a client of `config`, its events recorded. */
async function openClient(config) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await gotoApp(page, `${env.app}/index.html`);
  await createClient(page, config);
  await recordEvents(page);
  return page;
}

/** Popup sign-in that must succeed. */
async function signIn(page, options) {
  const login = await popupSignIn(page, options);
  assert.equal(login.error, undefined, JSON.stringify(login.error));
  return login.value;
}

/** Every /oidc/auth URL and /oidc/token request body the context sends, as they happen. */
function watchProvider(page) {
  const seen = { auth: [], token: [] };
  page.context().on('request', (r) => {
    if (r.url().includes('/oidc/auth?')) seen.auth.push(r.url());
    if (new URL(r.url()).pathname === '/oidc/token') seen.token.push(r.postData() ?? '');
  });
  return seen;
}

/** Frames in the app page: another origin's, and the provider's origin in a window that is no flow's. */
async function addStrangerFrames(page) {
  await page.evaluate(([a, b]) => Promise.all([a, b].map((src) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.onload = resolve;
    document.body.append(frame);
  }))), [`${evil.url}index.html`, `${env.provider.url}/oidc/.well-known/openid-configuration`]);
  const frames = page.frames();
  return [frames.find((f) => f.url().startsWith(evil.url)), frames.find((f) => f.url().startsWith(env.provider.url))];
}

/** Counts the message events the app page receives, in window.heard. */
const countMessages = (page) => page.evaluate(() => {
  window.heard = 0;
  addEventListener('message', () => { window.heard += 1; });
});

const post = (where, target, messages) => where.evaluate(([t, list]) => {
  const to = t === 'opener' ? window.opener : t === 'parent' ? window.parent : window;
  for (const m of list) to.postMessage(m, '*');
}, [target, messages]);

/**
 * Sends the forgeries for a flow whose state is `state` from every window that is not the flow's
 * (lookalikes), then from `flowWindow` (junk) when given; waits until the app heard them all.
 */
async function forge(page, state, flowWindow) {
  const [stranger, providerFrame] = await addStrangerFrames(page);
  const sent = [
    [page, 'self', lookalikes(state, 200, 11)],
    [stranger, 'parent', lookalikes(state, 200, 12)],
    [providerFrame, 'parent', lookalikes(state, 200, 13)],
    ...(flowWindow ? [[flowWindow, 'opener', junk(state, 450, 14)]] : []),
  ];
  for (const [where, target, messages] of sent) await post(where, target, messages);
  const total = sent.reduce((n, [, , m]) => n + m.length, 0);
  await until(() => page.evaluate((n) => window.heard >= n, total), 20_000, `${total} forged messages delivered`);
  return total;
}

test('popup: 1,050 forged messages (other origins, other windows, the popup itself) are ignored; the genuine answer completes', async () => {
  await resetProvider(env);
  const page = await openClient(env.config());
  const seen = watchProvider(page);
  await countMessages(page);
  await page.evaluate(() => { window.onGo = () => window.client.loginWithPopup(); });
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#go')]);
  await popup.waitForSelector('input[name="username"]');
  const state = new URL(seen.auth[0]).searchParams.get('state');
  const forged = await forge(page, state, popup);

  await popup.fill('input[name="username"]', TEST_USER.username);
  await popup.fill('input[name="password"]', TEST_USER.password);
  await Promise.all([popup.waitForEvent('close'), popup.click('#login-submit')]);
  const outcome = await page.evaluate(() => window.outcomes[0]);
  const accepted = seen.token.filter((body) => body.includes('forged')).length;
  tally.count('popup messages', 'accepted', accepted);
  tally.count('popup messages', 'ignored', forged - accepted);
  assert.equal(outcome.value?.idTokenClaims?.sub, TEST_USER.sub, JSON.stringify(outcome));
  assert.equal(seen.token.length, 1, 'one code exchange: the genuine one');
  assert.equal(accepted, 0);
  assert.ok(forged >= 1000, `${forged} forged`);
  await page.context().close();
});

test('silent sign-in: 1,050 forged messages (other origins, other windows, the iframe itself) are ignored; the genuine answer completes', async () => {
  await resetProvider(env);
  const page = await openClient(env.config());
  await signIn(page); // a provider session for the iframe to find
  const seen = watchProvider(page);
  await countMessages(page);
  // The iframe's own page posts junk before its genuine answer (its CSP would refuse the script).
  let junked = 0;
  await page.context().route('**/oidc/auth?*prompt=none*', async (route) => {
    const response = await route.fetch();
    const state = new URL(route.request().url()).searchParams.get('state');
    let body = await response.text();
    if (body.includes('authorization_response')) {
      const messages = junk(state, 450, 21);
      junked += messages.length;
      body = body.replace('<body>', `<body><script>for (const m of ${JSON.stringify(messages)}) parent.postMessage(m, '*');</script>`);
    }
    const headers = { ...response.headers() };
    delete headers['content-security-policy'];
    delete headers['content-length'];
    await route.fulfill({ response, body, headers });
  });
  // The provider answers 1.5 s late: the other windows forge while the iframe waits.
  await setFaults(env, { delayAuthMs: 1500 });
  const answer = page.evaluate(() => window.settle(window.client.getLoginState({ ignoreCache: true })));
  await until(() => seen.auth.length === 1, 5000, 'the iframe');
  const state = new URL(seen.auth[0]).searchParams.get('state');
  const forged = await forge(page, state);
  const result = await answer;
  const accepted = seen.token.filter((body) => body.includes('forged')).length;
  tally.count('silent sign-in messages', 'accepted', accepted);
  tally.count('silent sign-in messages', 'ignored', forged + junked - accepted);
  assert.equal(result.value?.idTokenClaims?.sub, TEST_USER.sub, JSON.stringify(result));
  assert.ok(junked >= 450, `the iframe posted ${junked}`);
  assert.equal(seen.token.length, 1, 'one code exchange: the genuine one');
  assert.equal(accepted, 0);
  assert.ok(forged + junked >= 1000);
  await setFaults(env, {});
  await page.context().close();
});

/** A page signed in by popup into localStorage with a refresh token; resolves [page, config]. */
async function signedInWithRefresh() {
  await resetProvider(env);
  const config = env.config({ cacheLocation: 'localStorage', scope: OFFLINE });
  const page = await openClient(config);
  await signIn(page);
  return [page, config];
}

/** The raw session must be what it was, and the page must still renew once the faults end. */
async function sessionKept(page, config, before, what) {
  const kept = (await rawStored(page, config)) === before;
  if (!kept) tally.count(what.area, 'lost');
  assert.ok(kept, `${what.kind}: the stored session is kept`);
}

test('token endpoint: hanging, HTML, cut JSON, 5xx, 429 and 10 MB answers are typed errors; the session is kept', async () => {
  const [page, config] = await signedInWithRefresh();
  const expected = {
    html: 'network_error', truncated: 'network_error', 'status-500': 'network_error', 'status-502': 'network_error',
    'status-503': 'network_error', 'rate-limited': 'oauth_error', huge: 'oauth_error',
  };
  for (const [kind, code] of Object.entries(expected)) {
    const before = await rawStored(page, config);
    await setFaults(env, { token: kind });
    const { error } = await call(page, 'refreshToken');
    assert.equal(error?.isAuthingError, true, `${kind}: ${JSON.stringify(error)}`);
    assert.equal(error.code, code, `${kind}: ${error.message}`);
    assert.match(error.message, /^[A-Z][\x20-\x7e]+$/, `${kind}: an English message`);
    await sessionKept(page, config, before, { area: 'token endpoint', kind });
    tally.count('token endpoint', 'typed');
    // The same page still renews once the endpoint behaves.
    await setFaults(env, {});
    const renewed = await call(page, 'refreshToken');
    assert.ok(renewed.value?.accessToken, `after ${kind}: ${JSON.stringify(renewed)}`);
  }
  // A request that never gets an answer: its deadline ends it (the page's clock jumps 31 s ahead).
  const before = await rawStored(page, config);
  await setFaults(env, { token: 'hang' });
  await page.clock.install();
  await page.evaluate(() => { window.hung = window.settle(window.client.refreshToken()); });
  await until(async () => (await env.stats()).token_fault?.hang === 1, 5000, 'the hung request');
  await page.clock.fastForward(31_000);
  const hung = await page.evaluate(() => window.hung);
  assert.equal(hung.error?.code, 'timeout', JSON.stringify(hung));
  await sessionKept(page, config, before, { area: 'token endpoint', kind: 'hang' });
  tally.count('token endpoint', 'typed');

  // Then the next call starts afresh and renews.
  await setFaults(env, {});
  const renewed = await call(page, 'refreshToken');
  assert.ok(renewed.value?.accessToken, JSON.stringify(renewed));
  assert.notEqual(await rawStored(page, config), before);
  await page.context().close();
});

test('token endpoint: a bad expires_in ("3600", 0, -60, 1e308) gets a sane, capped lifetime and no renewal storm', async () => {
  const [page, config] = await signedInWithRefresh();
  for (const kind of ['expires-in-string', 'expires-in-zero', 'expires-in-negative', 'expires-in-huge']) {
    await setFaults(env, { token: kind });
    const { value, error } = await call(page, 'refreshToken');
    assert.equal(error, undefined, `${kind}: ${JSON.stringify(error)}`);
    const lifetime = value.expiresAt - Date.now();
    assert.ok(lifetime > 60_000 && lifetime <= 86_400_000, `${kind}: ${lifetime} ms`);
    await setFaults(env, {});
    const asked = (await env.stats()).token?.refresh_token;
    const tokens = await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => window.client.getAccessToken())));
    assert.deepEqual(new Set(tokens), new Set([value.accessToken]), kind);
    assert.equal((await env.stats()).token?.refresh_token, asked, `${kind}: 5 calls, no request`);
    assert.ok(JSON.parse(await rawStored(page, config)).expiresAt <= Date.now() + 86_400_000);
    tally.count('token endpoint', 'handled');
  }
  await page.context().close();
});

test('ID tokens: alg none, unknown kid, wrong aud, iss or nonce, expired, bad signature are id_token_invalid; the session is kept', async () => {
  await resetProvider(env);
  const config = env.config({ cacheLocation: 'localStorage', requireSignedIdTokens: true });
  const page = await openClient(config);
  const first = await signIn(page);
  for (const kind of ['alg-none', 'unknown-kid', 'wrong-aud', 'wrong-iss', 'wrong-nonce', 'expired', 'bad-signature', 'hs256']) {
    const before = await rawStored(page, config);
    await setFaults(env, { idToken: kind });
    const login = await popupSignIn(page); // the provider session answers at once
    assert.equal(login.error?.code, 'id_token_invalid', `${kind}: ${JSON.stringify(login)}`);
    await sessionKept(page, config, before, { area: 'ID tokens', kind });
    assert.equal((await call(page, 'getAccessToken')).value, first.accessToken, kind);
    tally.count('ID tokens', 'typed');
    // The same page still signs in once the tokens are right.
    await setFaults(env, {});
    const again = await signIn(page);
    await until(async () => (await call(page, 'getAccessToken')).value === again.accessToken, 2000, `signed in after ${kind}`);
    first.accessToken = again.accessToken;
  }
  await page.context().close();
});

test('stored values: garbage, huge and wrong-typed values under the SDK keys are dropped, never fatal', async () => {
  await resetProvider(env);
  const values = [
    '', ' ', 'null', 'true', '0', '[]', '{}', '{', '"text"', 'signed-out ', 'undefined',
    '{"v":1}', '{"v":2,"accessToken":"newer","tokenType":"Bearer","expiresAt":9e15}',
    '{"v":1,"accessToken":5,"tokenType":"Bearer","expiresAt":9e15}',
    '{"v":1,"accessToken":"","tokenType":"Bearer","expiresAt":9e15}',
    '{"v":1,"accessToken":"a","tokenType":"Bearer","expiresAt":"soon"}',
    '{"v":1,"accessToken":"a","tokenType":["Bearer"],"expiresAt":9e15}',
    `{"v":1,"accessToken":"${'a'.repeat(1_000_000)}"`,
    'x'.repeat(2_000_000),
    '\u0000\ud800',
  ];
  for (const storage of ['localStorage', 'sessionStorage']) {
    const config = env.config({ cacheLocation: storage });
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await gotoApp(page, `${env.app}/index.html`);
    for (const value of values) {
      await page.evaluate(([where, key, v]) => window[where].setItem(key, v), [storage, sessionKey(config), value]);
      await createClient(page, config);
      const state = await call(page, 'getLoginState');
      assert.deepEqual(state, { value: null }, `${storage} ${JSON.stringify(value.slice(0, 40))}`);
      const token = await call(page, 'getAccessToken');
      assert.equal(token.error?.code, 'login_required', JSON.stringify(token));
      tally.count('stored values', 'ignored');
    }
    // A transaction under the state of a callback that does not read: a typed error.
    const txKey = `authing-wasm:${config.domain}/oidc:${config.appId}:tx:s1`;
    for (const value of ['{', '{"v":1,"state":"s1"}', '[]', 'x'.repeat(100_000)]) {
      await page.evaluate(([k, v]) => sessionStorage.setItem(k, v), [txKey, value]);
      const { error } = await call(page, 'handleRedirectCallback', `${env.redirectUri}?code=c&state=s1`);
      assert.equal(error?.isAuthingError, true, JSON.stringify(error));
      tally.count('stored values', 'typed');
    }
    await signIn(page);
    await context.close();
  }
});

test('a full storage quota: sign-in still works, in memory, with one error event', async () => {
  await resetProvider(env);
  const config = env.config({ cacheLocation: 'localStorage' });
  const page = await openClient(config);
  const filled = await page.evaluate(() => {
    const chunk = 'q'.repeat(256 * 1024);
    let i = 0;
    try {
      for (;; i++) localStorage.setItem(`filler-${i}`, chunk);
    } catch {
      for (let size = 128 * 1024, n = 0; size >= 1; size = Math.floor(size / 2)) {
        try {
          for (;; n++) localStorage.setItem(`t${n}`, 'q'.repeat(size));
        } catch { /* full at this size: try a smaller one */ }
      }
      return i;
    }
  });
  assert.ok(filled > 0);
  const login = await signIn(page);
  assert.equal((await call(page, 'getAccessToken')).value, login.accessToken);
  const errors = (await events(page)).filter((e) => e.type === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /memory/);
  tally.count('storage quota', 'handled');
  await page.context().close();
});

test('BroadcastChannel: garbage from a same-origin page changes nothing; the tab still signs in', async () => {
  await resetProvider(env);
  for (const cacheLocation of ['memory', 'sessionStorage', 'localStorage']) {
    const config = env.config({ cacheLocation });
    const page = await openClient(config);
    const login = await signIn(page);
    const other = await page.context().newPage();
    await other.goto(`${env.app}/index.html`);
    const garbage = [
      null, 7, 'login', '', [], {}, { type: 'Login' }, { type: 'login', session: 7 }, { type: 'login', session: '{' },
      { type: 'tokenRefreshed', session: '{"v":1}' }, { type: 'tokenRefreshed', session: { v: 1, accessToken: 'x' } },
      { type: 'login', session: 'x'.repeat(1_000_000) }, JSON.stringify({ type: 'logout' }), { type: ['logout'] },
      { type: 'sessionExpired ', session: null }, { nested: { type: 'logout' } },
    ];
    await other.evaluate(([name, list]) => {
      const channel = new BroadcastChannel(name);
      for (const m of list) channel.postMessage(m);
    }, [`authing-wasm:${config.domain}/oidc:${config.appId}:`, garbage]);
    await page.waitForTimeout(300);
    assert.equal((await call(page, 'getAccessToken')).value, login.accessToken, cacheLocation);
    assert.deepEqual((await events(page)).map((e) => e.type), ['login'], `${cacheLocation}: no event from garbage`);
    tally.count('BroadcastChannel', 'ignored', garbage.length);
    await signIn(page);
    await page.context().close();
  }
});

test('options: a domain that is not its own origin, and extraParams that set protocol parameters, are config_error', async () => {
  const page = await openClient(env.config());
  const domains = [
    'https://例子.cn', 'https://x.authing.cn:443', 'https://x.auth\ting.cn', 'https://x.authing.cn.', 'https://X.Authing.cn',
    'https://x.authing.cn\n', 'https://exa mple.cn', 'https://x.authing.cn/path', 'https://user@x.authing.cn',
  ];
  for (const domain of domains) {
    const result = await page.evaluate(async (d) => {
      try {
        await window.sdk.AuthingClient.create({ domain: d, appId: 'a', redirectUri: location.href });
        return { created: true };
      } catch (e) {
        return { code: e.code, message: e.message };
      }
    }, domain);
    assert.equal(result.code, 'config_error', `${JSON.stringify(domain)}: ${JSON.stringify(result)}`);
    assert.match(result.message, /`domain`/);
    tally.count('options', 'typed');
  }
  const reserved = { response_mode: 'query', prompt: 'none', scope: 'openid', max_age: '0', state: 'x', redirect_uri: 'https://evil.example/' };
  for (const [name, value] of Object.entries(reserved)) {
    await page.evaluate(([n, v]) => { window.onGo = () => window.client.loginWithPopup({ extraParams: { [n]: v } }); }, [name, value]);
    await page.click('#go');
    const outcome = await until(() => page.evaluate(() => window.outcomes.at(-1)), 5000, 'the popup call');
    assert.equal(outcome.error?.code, 'config_error', `${name}: ${JSON.stringify(outcome)}`);
    assert.match(outcome.error.message, new RegExp(`\`${name}\``));
    tally.count('options', 'typed');
  }
  await page.context().close();
});

test('callback URLs: percent-encoded parameter names are read and stripped alike; junk callbacks are typed errors', async () => {
  await resetProvider(env);
  const config = env.config();
  const page = await openClient(config);
  const callback = new URL(await redirectSignIn(page, env));
  const encoded = `${env.redirectUri}?keep=1&co%64e=${callback.searchParams.get('code')}&%73tate=${callback.searchParams.get('state')}`;
  await page.evaluate((url) => history.replaceState(null, '', url), encoded);
  await createClient(page, config);
  const { value, error } = await call(page, 'handleRedirectCallback');
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.loginState.idTokenClaims.sub, TEST_USER.sub);
  assert.equal(page.url(), `${env.redirectUri}?keep=1`, 'exactly what was read is gone');
  tally.count('callback URLs', 'handled');

  for (const url of [
    `${env.redirectUri}?code=x&state=${'s'.repeat(100_000)}`, `${env.redirectUri}?code=&state=`, `${env.redirectUri}?state=a&error=`,
    `${env.redirectUri}?code=%ff%fe&state=%00`, `${env.redirectUri}#code=a&state=b`, `${env.redirectUri}?code=a&code=b&state=c`,
  ]) {
    const result = await call(page, 'handleRedirectCallback', url);
    assert.equal(result.error?.isAuthingError, true, `${url.slice(0, 80)}: ${JSON.stringify(result)}`);
    tally.count('callback URLs', 'typed');
  }
  assert.equal((await call(page, 'getAccessToken')).value, value.loginState.accessToken, 'the session survived them');
  await page.context().close();
});
