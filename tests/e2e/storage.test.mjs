// Where the session is cached, when that place misbehaves: a full or disabled localStorage, garbage
// under the SDK's key, and custom stores (one that works, one whose set rejects). The built pkg/ in
// Chromium against the local provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  call, createClient, events, gotoApp, popupSignIn, rawStored, recordEvents, sessionKey, suite, TEST_USER,
} from './harness.mjs';

const env = suite();

/** A fresh context whose pages run `init` (a function, with `arg`) before any of their scripts. */
async function openWith(init, arg) {
  const context = await env.browser.newContext();
  if (init) await context.addInitScript(init, arg);
  const page = await context.newPage();
  await gotoApp(page, `${env.app}/index.html`);
  return page;
}

const errorsOf = async (page) => (await events(page)).filter((e) => e.type === 'error');

test('localStorage.setItem throws QuotaExceededError: sign-in works, one storage_error, the session lives in memory', async () => {
  const page = await openWith(() => {
    const setItem = Storage.prototype.setItem;
    window.quotaThrows = 0;
    Storage.prototype.setItem = function patchedSetItem(key, value) {
      if (this === window.localStorage) {
        window.quotaThrows++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return setItem.call(this, key, value);
    };
  });
  const config = env.config({ cacheLocation: 'localStorage', scope: 'openid profile offline_access' });
  try {
    await createClient(page, config);
    await recordEvents(page);
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.equal(login.value.idTokenClaims.sub, TEST_USER.sub);

    const errors = await errorsOf(page);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'storage_error');
    assert.equal(errors[0].isAuthingError, true);
    assert.ok(await page.evaluate(() => window.quotaThrows) >= 1);
    assert.equal(await rawStored(page, config), null, 'nothing reached localStorage');
    assert.equal((await call(page, 'getAccessToken')).value, login.value.accessToken, 'from memory');
    assert.equal((await call(page, 'getLoginState')).value?.accessToken, login.value.accessToken);

    // Later writes go to memory without new errors.
    const refreshed = await call(page, 'refreshToken');
    assert.equal(refreshed.error, undefined, JSON.stringify(refreshed.error));
    assert.equal((await call(page, 'getAccessToken')).value, refreshed.value.accessToken);
    assert.equal((await errorsOf(page)).length, 1, 'still one storage_error');
    assert.deepEqual((await events(page)).map((e) => e.type).filter((t) => t !== 'error'), ['login', 'tokenRefreshed']);
  } finally {
    await page.context().close();
  }
});

test('localStorage disabled (access throws): create() succeeds, the first error handler gets storage_error, sign-in works', async () => {
  const page = await openWith(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  const config = env.config({ cacheLocation: 'localStorage' });
  try {
    assert.equal(await page.evaluate(() => { try { return typeof localStorage; } catch (e) { return e.name; } }), 'SecurityError');
    const created = await page.evaluate(async (c) => {
      try {
        window.client = await window.sdk.AuthingClient.create(c);
        return 'ok';
      } catch (e) {
        return `${e.code}: ${e.message}`;
      }
    }, config);
    assert.equal(created, 'ok');
    // The error fired during create(), before any handler: the first one registered gets it, once.
    const delivered = await page.evaluate(async () => {
      const first = [];
      const second = [];
      window.client.on('error', (e) => first.push({ code: e.code, isAuthingError: e instanceof window.sdk.AuthingError, message: e.message }));
      window.client.on('error', (e) => second.push(e.code));
      await new Promise((r) => setTimeout(r, 50));
      return { first, second };
    });
    assert.equal(delivered.first.length, 1, JSON.stringify(delivered));
    assert.equal(delivered.first[0].code, 'storage_error');
    assert.equal(delivered.first[0].isAuthingError, true);
    assert.deepEqual(delivered.second, []);

    await recordEvents(page);
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.equal((await call(page, 'getAccessToken')).value, login.value.accessToken);
    assert.deepEqual((await events(page)).map((e) => e.type), ['login'], 'no further error');
  } finally {
    await page.context().close();
  }
});

test('garbage under the cache key is dropped: getLoginState() does not crash and the key is removed', async (t) => {
  const config = env.config({ cacheLocation: 'localStorage' });
  const page = await openWith();
  const key = sessionKey(config);
  try {
    await createClient(page, config);
    await recordEvents(page);
    const future = Date.now() + 3600_000;
    const shapes = {
      'truncated JSON': '{',
      'an array': '[]',
      'another format version': '{"v":99}',
      'a session missing accessToken': JSON.stringify({ v: 1, tokenType: 'Bearer', expiresAt: future, idToken: 'x.y.z' }),
      'a number': '42',
      'null': 'null',
    };
    for (const [what, text] of Object.entries(shapes)) {
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, text]);
      const state = await call(page, 'getLoginState');
      assert.deepEqual(state, { value: null }, `${what}: ${JSON.stringify(state)}`);
      assert.equal(await rawStored(page, config), null, `${what}: the key is removed`);
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, text]);
      const token = await call(page, 'getAccessToken');
      assert.equal(token.error?.code, 'login_required', `${what}: ${JSON.stringify(token)}`);
      assert.equal(await rawStored(page, config), null);
    }
    const log = await events(page);
    t.diagnostic(`events while dropping garbage: ${JSON.stringify(log.map((e) => e.type))}`);
    assert.equal(log.filter((e) => e.type === 'login').length, 0);

    // A valid session under the same key is still used afterwards.
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    assert.equal(JSON.parse(await rawStored(page, config)).accessToken, login.value.accessToken);
  } finally {
    await page.context().close();
  }
});

/** `window.client` with a custom async store over `window.store` (a Map); `failSet` makes set reject. */
function createWithCustomStore(page, config, { failSet = false } = {}) {
  return page.evaluate(async ([c, fail]) => {
    window.store = new Map();
    window.storeCalls = [];
    const tick = () => new Promise((r) => setTimeout(r, 1));
    const custom = {
      async get(k) { window.storeCalls.push(['get', k]); await tick(); return window.store.get(k) ?? null; },
      async set(k, v) {
        window.storeCalls.push(['set', k]);
        await tick();
        if (fail) throw new Error('the custom store is full');
        window.store.set(k, v);
      },
      async remove(k) { window.storeCalls.push(['remove', k]); await tick(); window.store.delete(k); },
    };
    window.client = await window.sdk.AuthingClient.create({ ...c, cacheLocation: custom });
  }, [config, failSet]);
}

test('a custom async store receives the session on login and is read back by getAccessToken()', async () => {
  const config = env.config();
  const key = sessionKey(config);
  const page = await openWith();
  try {
    await createWithCustomStore(page, config);
    await recordEvents(page);
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    const stored = JSON.parse(await page.evaluate((k) => window.store.get(k), key));
    assert.equal(stored.accessToken, login.value.accessToken);
    assert.equal(stored.idToken, login.value.idToken);
    assert.ok((await page.evaluate(() => window.storeCalls)).some(([m, k]) => m === 'set' && k === key));
    assert.equal(await page.evaluate(() => sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.endsWith(':session')) ?? '')), null);

    // What the store holds is what getAccessToken() answers.
    await page.evaluate((k) => {
      const s = JSON.parse(window.store.get(k));
      s.accessToken = 'token-from-the-custom-store';
      window.store.set(k, JSON.stringify(s));
    }, key);
    assert.equal((await call(page, 'getAccessToken')).value, 'token-from-the-custom-store');
    assert.ok((await page.evaluate(() => window.storeCalls)).some(([m]) => m === 'get'));
    assert.deepEqual((await events(page)).map((e) => e.type), ['login']);

    // logout() goes through the store too: afterwards it no longer holds the session.
    await call(page, 'logout');
    const after = await page.evaluate((k) => window.store.get(k) ?? null, key);
    assert.ok(after === null || !after.includes('token-from-the-custom-store'), after);
    assert.deepEqual(await call(page, 'getLoginState'), { value: null });
  } finally {
    await page.context().close();
  }
});

test('a custom store whose set rejects: storage_error once, the session is kept in memory', async () => {
  const config = env.config();
  const key = sessionKey(config);
  const page = await openWith();
  try {
    await createWithCustomStore(page, config, { failSet: true });
    await recordEvents(page);
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    const errors = await errorsOf(page);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'storage_error');
    assert.equal(errors[0].isAuthingError, true);
    assert.equal(await page.evaluate((k) => window.store.has(k), key), false);
    assert.equal((await call(page, 'getAccessToken')).value, login.value.accessToken, 'from memory');
    assert.equal((await call(page, 'getLoginState')).value?.idTokenClaims?.sub, TEST_USER.sub);
    assert.equal((await errorsOf(page)).length, 1);
  } finally {
    await page.context().close();
  }
});
