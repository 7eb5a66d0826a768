// ID-token signatures end to end: key rotation at the provider, and tokens the provider is made to
// forge or alter (POST /__test/faults {"idToken": KIND}, see tests/provider/faults.mjs). The built
// pkg/ in Chromium against the local provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  call, createClient, events, openTabs, popupSignIn, recordEvents, redirectSignIn, resetProvider, rotateKeys,
  sessionKey, setFaults, storedSession, suite, TEST_USER,
} from './harness.mjs';

const env = suite();

const OFFLINE = 'openid profile offline_access';
const header = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url'));

/** A page with `window.client` and recorded events. */
async function app(config) {
  const [page] = await openTabs(env, 1);
  await createClient(page, config);
  await recordEvents(page);
  return page;
}

test('after key rotation a new ID token verifies, after exactly one JWKS refetch', async (t) => {
  t.after(() => resetProvider(env));
  const page = await app(env.config({ cacheLocation: 'sessionStorage', scope: OFFLINE }));
  try {
    const login = await popupSignIn(page);
    assert.equal(login.error, undefined, JSON.stringify(login.error));
    const oldKid = header(login.value.idToken).kid;

    await resetProvider(env);
    const { kid, kids } = await rotateKeys(env);
    assert.notEqual(kid, oldKid);
    assert.deepEqual(kids, [kid, oldKid]);

    const refreshed = await call(page, 'refreshToken');
    assert.equal(refreshed.error, undefined, JSON.stringify(refreshed.error));
    assert.equal(header(refreshed.value.idToken).kid, kid, 'signed with the new key');
    assert.equal(refreshed.value.idTokenClaims.sub, TEST_USER.sub);
    let stats = await env.stats();
    assert.equal(stats.jwks, 1, 'one JWKS refetch for the unknown kid');
    assert.equal(stats.token.refresh_token, 1);
    assert.equal((await storedSession(page)).idToken, refreshed.value.idToken);

    // The refetched set is cached: the next token with the same kid needs no JWKS request.
    const again = await call(page, 'refreshToken');
    assert.equal(again.error, undefined, JSON.stringify(again.error));
    stats = await env.stats();
    assert.equal(stats.jwks, 1);

    // With the old key dropped the new one still verifies a popup login (same kid, cached).
    const dropped = await rotateKeys(env, { dropOld: true });
    const relogin = await popupSignIn(page);
    assert.equal(relogin.error, undefined, JSON.stringify(relogin.error));
    assert.equal(header(relogin.value.idToken).kid, dropped.kid);
    assert.equal((await env.stats()).jwks, 2, 'one more refetch for the newest kid');
    assert.deepEqual((await events(page)).map((e) => e.type), ['login', 'tokenRefreshed', 'tokenRefreshed', 'login']);
  } finally {
    await page.context().close();
  }
});

const FAULTS = [
  { kind: 'bad-signature', jwks: 0, message: /signature/i },
  { kind: 'alg-none', jwks: 0, message: /none|algorithm/i },
  { kind: 'unknown-kid', jwks: 1, message: /kid|key/i },
  { kind: 'wrong-aud', jwks: 0, message: /aud/i },
];

for (const { kind, jwks, message } of FAULTS) {
  test(`an ID token with fault ${kind} fails the popup login with id_token_invalid; nothing is stored`, async (t) => {
    t.after(() => resetProvider(env));
    const config = env.config({ cacheLocation: 'sessionStorage' });
    const page = await app(config);
    try {
      // A good login first: the provider session exists (the next popup needs no form) and this
      // client has the JWKS cached; then its session is removed from storage.
      const first = await popupSignIn(page);
      assert.equal(first.error, undefined, JSON.stringify(first.error));
      await page.evaluate((key) => sessionStorage.removeItem(key), sessionKey(config));

      await resetProvider(env);
      await setFaults(env, { idToken: kind });
      const { error, value } = await popupSignIn(page);
      assert.equal(value, undefined);
      assert.equal(error?.code, 'id_token_invalid', JSON.stringify(error));
      assert.match(error.message, message);
      const stats = await env.stats();
      assert.equal(stats.token.authorization_code, 1);
      assert.deepEqual(stats.id_token_fault, { [kind]: 1 });
      assert.equal(stats.jwks, jwks, `JWKS requests: ${stats.jwks}`);
      assert.equal(await storedSession(page), null, 'nothing stored');
      assert.deepEqual((await events(page)).map((e) => e.type), ['login'], 'no login event for the bad token');
      // Silent sign-in (the provider session is alive) gets the same kind of token: rejected too.
      const silent = await call(page, 'getAccessToken');
      assert.equal(silent.error?.code, 'id_token_invalid', JSON.stringify(silent));
      assert.equal((await env.stats()).auth, 2, 'popup + iframe');
      assert.equal(await storedSession(page), null, 'nothing stored');
      assert.deepEqual((await events(page)).map((e) => e.type), ['login']);
    } finally {
      await page.context().close();
    }
  });
}

test('a bad signature also fails a redirect callback with id_token_invalid; nothing is stored', async (t) => {
  t.after(() => resetProvider(env));
  const config = env.config({ cacheLocation: 'sessionStorage' });
  const page = await app(config);
  try {
    await redirectSignIn(page, env);
    await createClient(page, config);
    await recordEvents(page);
    await setFaults(env, { idToken: 'bad-signature' });
    const { error } = await call(page, 'handleRedirectCallback');
    assert.equal(error?.code, 'id_token_invalid', JSON.stringify(error));
    assert.equal(await storedSession(page), null);
    assert.deepEqual(await events(page), []);
    assert.equal((await env.stats()).id_token_fault['bad-signature'], 1);
  } finally {
    await page.context().close();
  }
});

test('HS256 ID tokens (Authing\'s default): accepted on their claims from the token endpoint, no warning; requireSignedIdTokens rejects them', async (t) => {
  t.after(() => resetProvider(env));
  await setFaults(env, { idToken: 'hs256' });

  const lenient = await app(env.config({ cacheLocation: 'sessionStorage', scope: OFFLINE }));
  const warnings = [];
  lenient.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  try {
    const { value, error } = await popupSignIn(lenient);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal(header(value.idToken).alg, 'HS256');
    assert.equal(value.idTokenClaims.sub, TEST_USER.sub);
    assert.equal((await storedSession(lenient)).idToken, value.idToken);
    // A refreshed HS256 token is accepted too, for the same user.
    const refreshed = await call(lenient, 'refreshToken');
    assert.equal(refreshed.error, undefined, JSON.stringify(refreshed.error));
    assert.equal(header(refreshed.value.idToken).alg, 'HS256');
    assert.equal((await env.stats()).id_token_fault.hs256, 2);
    assert.deepEqual(warnings.filter((w) => /HS256/.test(w)), [], 'no console warning for the normal case');
  } finally {
    await lenient.context().close();
  }

  const strict = await app(env.config({ cacheLocation: 'sessionStorage', requireSignedIdTokens: true }));
  try {
    const { error } = await popupSignIn(strict);
    assert.equal(error?.code, 'id_token_invalid', JSON.stringify(error));
    assert.match(error.message, /HS256.*requireSignedIdTokens/);
    assert.equal(await storedSession(strict), null);
  } finally {
    await strict.context().close();
  }
});

test('the quick start\'s options alone sign in by popup and by redirect against HS256 ID tokens; requireSignedIdTokens refuses both', async (t) => {
  t.after(() => resetProvider(env));
  await resetProvider(env);
  await setFaults(env, { idToken: 'hs256' });
  // Exactly what the README's quick start passes.
  const quickStart = { domain: env.provider.url, appId: env.appId, redirectUri: env.redirectUri };
  for (const strict of [false, true]) {
    const options = strict ? { ...quickStart, requireSignedIdTokens: true } : quickStart;
    const popupPage = await app(options);
    const redirectPage = await app(options);
    try {
      const byPopup = await popupSignIn(popupPage);
      await redirectSignIn(redirectPage, env);
      await createClient(redirectPage, options);
      const byRedirect = await call(redirectPage, 'handleRedirectCallback');
      if (strict) {
        assert.equal(byPopup.error?.code, 'id_token_invalid', JSON.stringify(byPopup));
        assert.equal(byRedirect.error?.code, 'id_token_invalid', JSON.stringify(byRedirect));
        continue;
      }
      assert.equal(byPopup.error, undefined, JSON.stringify(byPopup.error));
      assert.equal(byRedirect.error, undefined, JSON.stringify(byRedirect.error));
      for (const state of [byPopup.value, byRedirect.value.loginState]) {
        assert.equal(header(state.idToken).alg, 'HS256');
        assert.equal(state.idTokenClaims.sub, TEST_USER.sub);
      }
      assert.equal((await call(redirectPage, 'getAccessToken')).value, byRedirect.value.loginState.accessToken);
    } finally {
      await popupPage.context().close();
      await redirectPage.context().close();
    }
  }
  assert.equal((await env.stats()).id_token_fault.hs256, 4);
});
