// The session lifecycle end to end: renewal shared by the tabs of one app, sign-out in every tab,
// refresh-token rotation and replay, network failures, revocation and events across tabs. The built
// pkg/ in Chromium (several pages of one context = tabs of one app) against the local provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  call, createClient, events, openTabs, popupSignIn, rawStored, recordEvents, resetProvider, sessionKey, suite,
  TEST_USER, until,
} from './harness.mjs';

const ACCESS_TTL = 3600;
const env = suite({ provider: { accessTtl: ACCESS_TTL } });

const OFFLINE = 'openid profile offline_access';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Counts iframes added to the page from now on, in window.iframes. */
function watchIframes(page) {
  return page.evaluate(() => {
    window.iframes = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'IFRAME') window.iframes++;
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The refresh_token grant straight at the provider, as an attacker or a stale tab would send it. */
async function refreshDirectly(refreshToken) {
  const res = await fetch(`${env.provider.url}/oidc/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: env.appId }),
  });
  return { status: res.status, body: await res.json() };
}

/** GET /oidc/me at the provider with `accessToken`. */
const userInfoDirectly = (accessToken) => fetch(`${env.provider.url}/oidc/me`, { headers: { Authorization: `Bearer ${accessToken}` } });

/**
 * Rewrites the stored session (or writes `text`, a session stored earlier, as a stale tab would) so
 * that its access token counts as expired.
 */
function expireStored(page, config, { storage = 'localStorage', text = null } = {}) {
  return page.evaluate(([key, where, earlier]) => {
    const s = JSON.parse(earlier ?? window[where].getItem(key));
    s.expiresAt = Date.now() - 1000;
    window[where].setItem(key, JSON.stringify(s));
  }, [sessionKey(config), storage, text]);
}

/** popupSignIn(page), asserting that it succeeded; its answer. */
async function signIn(page) {
  const login = await popupSignIn(page);
  assert.equal(login.error, undefined, JSON.stringify(login.error));
  return login;
}

/** Runs body(tabs) in `count` new tabs of one app (one browser context), then closes them. */
async function withTabs(count, body) {
  const tabs = await openTabs(env, count);
  try {
    return await body(tabs);
  } finally {
    await tabs[0].context().close();
  }
}

/**
 * Runs body(page, login) in one new tab with a client of `config` (its events recorded unless
 * `record` is false), signed in by popup.
 */
function withSignedInTab(config, body, { record = true } = {}) {
  return withTabs(1, async ([page]) => {
    await createClient(page, config);
    if (record) await recordEvents(page);
    return body(page, await signIn(page));
  });
}

test('five tabs renew an expired token with ONE refresh grant and all get the same new token (20 rounds)', async (t) => {
  // leewaySeconds just under the access-token lifetime: a token counts as expired ~2 s after issue.
  const LEEWAY = ACCESS_TTL - 2;
  const config = env.config({ cacheLocation: 'localStorage', scope: OFFLINE, leewaySeconds: LEEWAY });
  await withTabs(5, async (tabs) => {
    for (const tab of tabs) await createClient(tab, config);
    const login = await signIn(tabs[0]);
    assert.ok(login.value.refreshToken, 'offline_access gave a refresh token');
    assert.match(login.value.scope, /offline_access/);

    // The latest token and the latest moment it can expire (it was issued before `answeredAt`).
    let current = { accessToken: login.value.accessToken, expiresBy: login.value.expiresAt };
    const rounds = [];
    for (let round = 1; round <= 20; round++) {
      // Wait until the current token is within the leeway of its expiry, in the tabs' eyes.
      await sleep(Math.max(0, current.expiresBy - LEEWAY * 1000 - Date.now() + 50));
      await resetProvider(env);
      const answers = await Promise.all(tabs.map((tab) => call(tab, 'getAccessToken')));
      const answeredAt = Date.now();
      const stats = await env.stats();
      const tokens = answers.map((a) => a.value);
      const errors = answers.filter((a) => a.error).map((a) => a.error.code);
      // localStorage of another process may lag a few ms (TEST-IDP.md): wait for the new session.
      const persisted = await until(async () => JSON.parse(await rawStored(tabs[0], config))?.accessToken === tokens[0], 1000, 'the new session in localStorage')
        .catch(() => false);
      const ok = stats.token.refresh_token === 1 && errors.length === 0 && new Set(tokens).size === 1
        && !!tokens[0] && tokens[0] !== current.accessToken && persisted && stats.auth === 0;
      rounds.push({ round, ok, refreshGrants: stats.token.refresh_token, silent: stats.auth, distinct: new Set(tokens).size, errors, persisted });
      if (!ok) t.diagnostic(`round ${round} failed: ${JSON.stringify(rounds.at(-1))}`);
      if (!tokens.some(Boolean)) break; // the session is gone: later rounds cannot run
      current = { accessToken: tokens.find(Boolean), expiresBy: answeredAt + ACCESS_TTL * 1000 };
    }
    const passed = rounds.filter((r) => r.ok).length;
    t.diagnostic(`${passed}/20 rounds: exactly one refresh_token grant and one shared new token`);
    assert.equal(passed, 20, `${passed}/20 rounds passed: ${JSON.stringify(rounds.filter((r) => !r.ok))}`);
  });
});

test('logout() in tab 1: tab 2 hears `logout` and its getLoginState() is null within 1 s, asking the provider nothing (10 rounds)', async (t) => {
  const ROUNDS = 10;
  for (const tab2Cache of ['localStorage', 'memory']) {
    await t.test(`tab 2 caches in ${tab2Cache}`, async () => {
      const config1 = env.config({ cacheLocation: 'localStorage' });
      const config2 = env.config({ cacheLocation: tab2Cache });
      await withTabs(2, async ([tab1, tab2]) => {
        await createClient(tab1, config1);
        await createClient(tab2, config2);
        await watchIframes(tab2);
        await recordEvents(tab2);
        // One-shot handlers in tab 2: what getLoginState() says right when `login`/`logout` is heard.
        await tab2.evaluate(() => {
          window.heard = { login: [], logout: [] };
          for (const type of ['login', 'logout']) {
            window.client.on(type, async (detail) => {
              const heardAt = Date.now();
              let state;
              try {
                const s = await window.client.getLoginState();
                state = s ? s.accessToken : null;
              } catch (e) {
                state = `error ${e.code}`;
              }
              window.heard[type].push({ heardAt, state, expected: detail?.accessToken ?? null, at: Date.now() });
            });
          }
        });
        const rounds = [];
        for (let round = 0; round < ROUNDS; round++) {
          const login = await signIn(tab1);
          const onLogin = await until(() => tab2.evaluate((n) => window.heard.login[n], round), 3000, 'login in tab 2');
          // Tab 2 is signed in too: from localStorage, or (memory) by a silent sign-in of its own, since
          // no token crosses the channel to a memory tab.
          assert.equal(onLogin.expected === login.value.accessToken, tab2Cache === 'localStorage', 'whose token tab 2 has');
          await until(async () => (await call(tab2, 'getAccessToken')).value === onLogin.expected, 2000, 'tab 2 signed in');
          const before = await env.stats();

          const calledAt = await tab1.evaluate(async () => {
            const at = Date.now();
            await window.client.logout();
            return at;
          });
          const onLogout = await until(() => tab2.evaluate((n) => window.heard.logout[n], round), 3000, 'logout in tab 2');
          // Still signed out a moment later, without asking the provider.
          const later = await call(tab2, 'getLoginState');
          const stats = await env.stats();
          rounds.push({
            round,
            loginState: onLogin.state === onLogin.expected ? 'ok' : onLogin.state,
            logoutState: onLogout.state === null ? 'ok' : (onLogout.state === login.value.accessToken ? 'old session' : onLogout.state),
            ms: onLogout.at - calledAt,
            later: later.value === null ? 'ok' : JSON.stringify(later),
            asked: stats.auth - before.auth + stats.token.refresh_token - before.token.refresh_token,
          });
        }
        const bad = rounds.filter((r) => r.loginState !== 'ok' || r.logoutState !== 'ok' || r.ms >= 1000 || r.later !== 'ok' || r.asked);
        t.diagnostic(`tab 2 (${tab2Cache}): ${ROUNDS - bad.length}/${ROUNDS} rounds right; max ${Math.max(...rounds.map((r) => r.ms))} ms from logout() to getLoginState() in tab 2`);
        for (const r of bad) t.diagnostic(`  round ${r.round}: ${JSON.stringify(r)}`);

        assert.deepEqual((await events(tab2)).map((e) => e.type), Array(ROUNDS).fill(['login', 'logout']).flat());
        assert.equal((await call(tab2, 'getAccessToken')).error?.code, 'login_required');
        assert.deepEqual(await call(tab1, 'getLoginState'), { value: null });
        assert.equal(await tab2.evaluate(() => window.iframes), tab2Cache === 'memory' ? ROUNDS : 0, 'iframes in tab 2: one per sign-in in memory');
        assert.deepEqual(bad, [], `tab 2 (${tab2Cache}): getLoginState() in the login/logout handlers must see the change`);

        // ignoreCache still asks the provider, whose session logout() left alive.
        const auth = (await env.stats()).auth;
        const asked = await call(tab2, 'getLoginState', { ignoreCache: true });
        assert.equal(asked.value?.idTokenClaims?.sub, TEST_USER.sub, JSON.stringify(asked));
        assert.equal((await env.stats()).auth, auth + 1);
      });
    });
  }
});

test('a replayed (rotated) refresh token: invalid_grant, `sessionExpired`, then silent sign-in and `login`', async () => {
  const config = env.config({ cacheLocation: 'localStorage', scope: OFFLINE });
  await withSignedInTab(config, async (page, login) => {
    const oldText = await rawStored(page, config);
    const old = JSON.parse(oldText);
    assert.equal(old.refreshToken, login.value.refreshToken);
    assert.ok(old.refreshToken);

    const refreshed = await call(page, 'refreshToken');
    assert.equal(refreshed.error, undefined, JSON.stringify(refreshed.error));
    assert.ok(refreshed.value.refreshToken);
    assert.notEqual(refreshed.value.refreshToken, old.refreshToken, 'rotation: a new refresh token');
    assert.notEqual(refreshed.value.accessToken, old.accessToken);
    assert.equal(JSON.parse(await rawStored(page, config)).refreshToken, refreshed.value.refreshToken);
    let log = await events(page);
    assert.deepEqual(log.map((e) => e.type), ['login', 'tokenRefreshed']);
    assert.equal(log[1].refreshToken, refreshed.value.refreshToken);

    // A stale tab writes the old session back, its access token expired.
    await expireStored(page, config, { text: oldText });
    await resetProvider(env);
    const renewed = await call(page, 'getAccessToken');
    assert.equal(renewed.error, undefined, JSON.stringify(renewed.error));

    const stats = await env.stats();
    assert.equal(stats.token.refresh_token, 1, 'the replayed refresh token was sent once');
    assert.equal(stats.auth, 1, 'then one silent sign-in');
    assert.equal(stats.token.authorization_code, 1);
    log = await events(page);
    assert.deepEqual(log.map((e) => e.type), ['login', 'tokenRefreshed', 'sessionExpired', 'login']);
    const relogin = log[3];
    assert.equal(relogin.sub, TEST_USER.sub);
    assert.equal(renewed.value, relogin.accessToken);
    assert.ok(![old.accessToken, refreshed.value.accessToken].includes(renewed.value));
    assert.equal(JSON.parse(await rawStored(page, config)).accessToken, renewed.value);

    const me = await call(page, 'getUserInfo');
    assert.equal(me.value?.sub, TEST_USER.sub, JSON.stringify(me));
    // The replay revoked the whole grant: the newer refresh token is dead too.
    const newer = await refreshDirectly(refreshed.value.refreshToken);
    assert.equal(newer.status, 400);
    assert.equal(newer.body.error, 'invalid_grant');
  });
});

test('a network failure during refresh rejects network_error and keeps the stored session', async () => {
  const config = env.config({ cacheLocation: 'localStorage', scope: OFFLINE });
  await withSignedInTab(config, async (page, login) => {
    await expireStored(page, config);
    const storedBefore = await rawStored(page, config);

    let aborted = 0;
    const tokenUrl = `${env.provider.url}/oidc/token`;
    const abortRefresh = (route) => {
      if (new URLSearchParams(route.request().postData() ?? '').get('grant_type') === 'refresh_token') {
        aborted++;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    };
    await page.route(tokenUrl, abortRefresh);
    await resetProvider(env);

    const token = await call(page, 'getAccessToken');
    assert.equal(token.error?.code, 'network_error', JSON.stringify(token));
    assert.equal(token.error.isAuthingError, true);
    const state = await call(page, 'getLoginState');
    assert.equal(state.error?.code, 'network_error', JSON.stringify(state));
    const forced = await call(page, 'refreshToken');
    assert.equal(forced.error?.code, 'network_error', JSON.stringify(forced));
    assert.equal(aborted, 3);
    assert.equal(await rawStored(page, config), storedBefore, 'the stored session is untouched');
    const stats = await env.stats();
    assert.equal(stats.auth, 0, 'no silent sign-in after a network failure');
    assert.equal(stats.token.refresh_token, 0);
    assert.deepEqual((await events(page)).map((e) => e.type), ['login'], 'no sessionExpired');

    // Back online: the kept refresh token still works.
    await page.unroute(tokenUrl, abortRefresh);
    const back = await call(page, 'getAccessToken');
    assert.equal(back.error, undefined, JSON.stringify(back.error));
    assert.notEqual(back.value, login.value.accessToken);
    assert.equal((await env.stats()).token.refresh_token, 1);
  });
});

test('logout({ revoke: true }) revokes the refresh and access tokens at the provider', async () => {
  const config = env.config({ cacheLocation: 'localStorage', scope: OFFLINE });
  await withSignedInTab(config, async (page, login) => {
    const { accessToken, refreshToken } = login.value;
    assert.ok(refreshToken);
    const meBefore = await userInfoDirectly(accessToken);
    assert.equal(meBefore.status, 200);

    await resetProvider(env);
    assert.deepEqual(await call(page, 'logout', { revoke: true }), { value: undefined });
    const stats = await env.stats();
    assert.equal(stats.revocation, 2, 'refresh token and access token');

    const replay = await refreshDirectly(refreshToken);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const me = await userInfoDirectly(accessToken);
    assert.equal(me.status, 401, 'the access token is revoked too');
    assert.deepEqual(await call(page, 'getLoginState'), { value: null });
    assert.equal((await env.stats()).auth, 0);
  }, { record: false });
});

test('events fire in every tab: a popup login in tab 1 signs in tab 2 (memory) by its own silent sign-in; no token crosses the channel; unsubscribe works', async () => {
  const config = env.config({ cacheLocation: 'memory' });
  await withTabs(2, async ([tab1, tab2]) => {
    for (const tab of [tab1, tab2]) {
      await createClient(tab, config);
      await recordEvents(tab);
      await watchIframes(tab);
      await tab.evaluate((channel) => {
        window.removedCalls = 0;
        const off = window.client.on('login', () => { window.removedCalls++; });
        window.offResult = off();
        // What any same-origin page hears on the app's channel.
        window.overheard = [];
        new BroadcastChannel(channel).onmessage = (m) => window.overheard.push(JSON.stringify(m.data));
      }, `authing-wasm:${config.domain}/oidc:${config.appId}:`);
    }
    assert.deepEqual(await call(tab2, 'getLoginState', {}), { value: null }, 'tab 2 starts signed out');
    await tab2.evaluate(() => { window.iframes = 0; }); // that answer took an iframe of its own

    const before = await env.stats();
    const login = await signIn(tab1);
    const heard = await until(async () => (await events(tab2)).find((e) => e.type === 'login'), 3000, 'login in tab 2');
    assert.equal(heard.sub, TEST_USER.sub);
    assert.notEqual(heard.accessToken, login.value.accessToken, 'tab 2 has a token of its own');
    assert.deepEqual((await events(tab1)).map((e) => e.type), ['login'], 'tab 1 hears its own login once, and no renewal of its own');

    const token = await call(tab2, 'getAccessToken');
    assert.equal(token.value, heard.accessToken);
    const state = await call(tab2, 'getLoginState');
    assert.equal(state.value?.idTokenClaims?.sub, TEST_USER.sub);
    const after = await env.stats();
    assert.equal(after.auth - before.auth, 2, 'the popup and tab 2\'s silent sign-in');
    assert.deepEqual([await tab1.evaluate(() => window.iframes), await tab2.evaluate(() => window.iframes)], [0, 1]);

    // Nothing secret on the channel, from either tab.
    const secrets = [login.value.accessToken, login.value.idToken, heard.accessToken, state.value.idToken].filter(Boolean);
    for (const tab of [tab1, tab2]) {
      const overheard = await tab.evaluate(() => window.overheard);
      assert.ok(overheard.length >= 1, 'the channel carried the news');
      assert.deepEqual(overheard.filter((m) => secrets.some((t) => m.includes(t)) || /session|Token/.test(m)), [], overheard.join(' '));
    }
    for (const tab of [tab1, tab2]) {
      assert.deepEqual(await tab.evaluate(() => [window.removedCalls, window.offResult]), [0, undefined], 'a removed handler is not called');
    }
    assert.deepEqual((await events(tab2)).map((e) => e.type), ['login']);
  });
});
