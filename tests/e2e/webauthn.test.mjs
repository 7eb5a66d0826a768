// Passkeys: `authing-wasm/webauthn` (signInWithPasskey, registerPasskey) in real Chromium with a CDP
// virtual authenticator. The local provider has no WebAuthn endpoints, so Playwright routes stand in
// for Authing's /api/v3/webauthn/registration and /api/v3/webauthn/authentication (the spec's
// envelopes); the tokens Authing would hand back are real ones, from one popup sign-in at the local
// provider, so that the SDK's ID-token check (the provider's JWKS) runs as it would in production.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startProvider } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';
import {
  CHROMIUM_ARGS, call, createClient, gotoApp, popupSignIn, snapshotPkg, storedSession, TEST_USER, virtualAuthenticator,
} from './harness.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const APP_ID = 'e2e-app';
const RP_ID = 'localhost';
const USER = { id: TEST_USER.sub, name: TEST_USER.username, displayName: 'Test User' };

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const fromB64url = (text) => Buffer.from(text, 'base64url');
const clientData = (text) => JSON.parse(fromB64url(text).toString('utf8'));
const challenge = () => randomBytes(32).toString('base64url');
const ticket = () => `ticket-${randomBytes(8).toString('hex')}`;

const env = {};

before(async () => {
  // A private copy of pkg/: another build may replace pkg/ while this suite runs.
  env.pkg = await snapshotPkg();
  env.server = await startServer({ host: 'localhost', mounts: { '/pkg/': env.pkg }, roots: [here('./pages')] });
  env.app = env.server.url.replace(/\/$/, '');
  env.redirectUri = `${env.app}/index.html`;
  env.provider = await startProvider({ clients: [{ id: APP_ID, redirect: [env.redirectUri] }] });
  env.config = { domain: env.provider.url, appId: APP_ID, redirectUri: env.redirectUri, cacheLocation: 'sessionStorage', scope: 'openid profile email' };
  env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

  // One real sign-in: its page (signed in) registers passkeys, its tokens are what "Authing" answers
  // a passkey sign-in with.
  const { context, page } = await freshApp();
  const outcome = await popupSignIn(page);
  assert.ok(outcome?.value, `the popup sign-in worked: ${JSON.stringify(outcome)}`);
  const session = await storedSession(page);
  assert.ok(session?.accessToken && session?.idToken, 'the sign-in stored an access token and an ID token');
  env.signedIn = { context, page };
  env.tokens = { accessToken: session.accessToken, idToken: session.idToken };
});

after(async () => {
  await env.browser?.close();
  await env.provider?.stop();
  await env.server?.stop();
  if (env.pkg) rmSync(env.pkg, { recursive: true, force: true });
});

/**
 * Answers `/api/v3/webauthn/<name>` in `context` as Authing would: GET with `get()`'s data, POST with
 * `post(body)`'s, both in the spec's envelope, with CORS for the test page. Resolves the log:
 * `[{ name, method, headers, body }]` (preflights are answered, not logged).
 */
async function fakeAuthing(context, routes) {
  const log = [];
  const cors = {
    'access-control-allow-origin': env.app,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'authorization, content-type, x-authing-app-id',
  };
  for (const [name, answer] of Object.entries(routes)) {
    await context.route(`**/api/v3/webauthn/${name}`, async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      const entry = { name, method: request.method(), headers: request.headers(), body: request.postData() ? JSON.parse(request.postData()) : undefined };
      log.push(entry);
      const data = entry.method === 'GET' ? answer.get() : answer.post(entry.body);
      return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: JSON.stringify({ statusCode: 200, message: '', data }) });
    });
  }
  return log;
}

/**
 * `(await import('/pkg/webauthn.js'))[fn](window.client, opts)` in the page; resolves `{ value }` or
 * `{ error: { name, isAuthingError, code, message } }`. `signal`: 'aborted' (an already aborted
 * AbortSignal), 'aborted-with-reason' (the same, aborted with an Error as its reason),
 * 'abort-during-prompt' (aborted 300 ms after the call).
 */
function passkey(page, fn, { signal, ...opts } = {}) {
  return page.evaluate(async ([f, o, s]) => {
    const webauthn = await import('/pkg/webauthn.js');
    if (s === 'aborted') o.signal = AbortSignal.abort();
    if (s === 'aborted-with-reason') o.signal = AbortSignal.abort(new Error('the user left the page'));
    if (s === 'abort-during-prompt') {
      const controller = new AbortController();
      o.signal = controller.signal;
      setTimeout(() => controller.abort(), 300);
    }
    try {
      return { value: await webauthn[f](window.client, o) };
    } catch (e) {
      return { error: { name: e?.name, isAuthingError: e instanceof window.sdk.AuthingError, code: e?.code, message: e?.message } };
    }
  }, [fn, opts, signal]);
}

const registrationOptions = (overrides = {}) => ({
  challenge: challenge(),
  rp: { id: RP_ID, name: 'authing-wasm e2e' },
  user: USER,
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
  timeout: 60_000,
  excludeCredentials: [],
  ...overrides,
});

const authenticationOptions = (overrides = {}) => ({ challenge: challenge(), rpId: RP_ID, timeout: 60_000, allowCredentials: [], ...overrides });

/** The real tokens of the before hook, as Authing's passkey sign-in answers them. */
const tokenSet = () => ({ access_token: env.tokens.accessToken, id_token: env.tokens.idToken, token_type: 'Bearer', expire_in: 3600 });

/** A new browser context with the test page loaded and a client created in it. */
async function freshApp() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await gotoApp(page, env.redirectUri);
  await createClient(page, env.config);
  return { context, page };
}

test('registerPasskey: the browser creates a credential, Authing gets it base64url-encoded, resolves true', { timeout: 60_000 }, async (t) => {
  const { context, page } = env.signedIn;
  const authenticator = await virtualAuthenticator(page);
  const issued = { options: registrationOptions(), ticket: ticket() };
  const log = await fakeAuthing(context, {
    registration: { get: () => ({ registrationOptions: issued.options, ticket: issued.ticket }), post: () => ({ verified: true }) },
  });
  try {
    const result = await passkey(page, 'registerPasskey', { authenticatorCode: 'fingerprint' });
    assert.deepEqual(result, { value: true });

    assert.deepEqual(log.map((e) => e.method), ['GET', 'POST']);
    for (const entry of log) {
      assert.equal(entry.headers['x-authing-app-id'], APP_ID, `${entry.method} names the app`);
      // The spec: "requires the user's login state".
      assert.equal(entry.headers.authorization, `Bearer ${env.tokens.accessToken}`, `${entry.method} carries the session`);
    }
    const { body } = log[1];
    assert.equal(body.ticket, issued.ticket);
    assert.equal(body.authenticatorCode, 'fingerprint');
    const cred = body.registrationCredential;
    assert.equal(cred.type, 'public-key');
    assert.match(cred.rawId, /^[A-Za-z0-9_-]+$/, 'rawId is base64url (no padding)');
    assert.equal(cred.id, cred.rawId, 'id is the base64url of rawId');
    assert.ok(Array.isArray(cred.transports) && cred.transports.includes('internal'), `transports: ${JSON.stringify(cred.transports)}`);
    assert.match(cred.response.attestationObject, /^[A-Za-z0-9_-]+$/);
    const attestation = fromB64url(cred.response.attestationObject);
    for (const key of ['fmt', 'attStmt', 'authData']) assert.ok(attestation.includes(Buffer.from(key)), `the attestation object (CBOR) has ${key}`);
    assert.deepEqual(clientData(cred.response.clientDataJSON), {
      ...clientData(cred.response.clientDataJSON), // extra members (crossOrigin...) are the browser's business
      type: 'webauthn.create', challenge: issued.options.challenge, origin: env.app,
    });

    // The credential the authenticator now holds is the one Authing was told about, for our user.
    const held = await authenticator.credentials();
    assert.equal(held.length, 1);
    assert.equal(b64url(Buffer.from(held[0].credentialId, 'base64')), cred.rawId);
    assert.equal(held[0].rpId, RP_ID);
    assert.equal(Buffer.from(held[0].userHandle ?? '', 'base64').toString('utf8'), USER.id, 'user.id went to the authenticator as its UTF-8 bytes');
    env.registered = { id: cred.rawId, resident: held[0].isResidentCredential };
    // registerPasskey asks for a discoverable credential (residentKey: 'preferred'); whether it gets
    // one (usable with an empty allowCredentials) is still the authenticator's choice.
    t.diagnostic(`the registered credential is ${held[0].isResidentCredential ? '' : 'not '}discoverable (resident)`);
  } finally {
    await context.unrouteAll();
    await authenticator.remove();
  }
});

test('signInWithPasskey: a discoverable passkey signs in, the session is stored', { timeout: 60_000 }, async () => {
  const { context, page } = await freshApp();
  try {
    assert.equal(await storedSession(page), null, 'no session before');

    // A passkey of our user, with a key we know (to check the signature the page sends).
    const authenticator = await virtualAuthenticator(page);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(16);
    await authenticator.cdp.send('WebAuthn.addCredential', {
      authenticatorId: authenticator.authenticatorId,
      credential: {
        credentialId: credentialId.toString('base64'),
        isResidentCredential: true,
        rpId: RP_ID,
        privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        userHandle: Buffer.from(USER.id).toString('base64'),
        signCount: 0,
      },
    });
    const issued = { options: authenticationOptions(), ticket: ticket() };
    const log = await fakeAuthing(context, {
      authentication: {
        get: () => ({ authenticationOptions: issued.options, ticket: issued.ticket }),
        post: () => ({ verified: true, tokenSet: tokenSet() }),
      },
    });

    const result = await passkey(page, 'signInWithPasskey', { scope: 'openid profile email' });
    assert.ok(result.value, `signInWithPasskey resolved: ${JSON.stringify(result.error)}`);
    assert.equal(result.value.idTokenClaims?.sub, TEST_USER.sub);
    assert.equal(result.value.accessToken, env.tokens.accessToken);
    assert.equal(result.value.idToken, env.tokens.idToken);
    assert.ok(result.value.expiresAt > Date.now() + 3000_000, 'expiresAt from expire_in (3600 s)');

    // Stored like any sign-in.
    assert.equal((await storedSession(page))?.accessToken, env.tokens.accessToken);
    assert.deepEqual(await call(page, 'getAccessToken'), { value: env.tokens.accessToken });

    assert.deepEqual(log.map((e) => e.method), ['GET', 'POST']);
    for (const entry of log) assert.equal(entry.headers['x-authing-app-id'], APP_ID);
    const { body } = log[1];
    assert.equal(body.ticket, issued.ticket);
    assert.deepEqual(body.options, { scope: 'openid profile email' });
    const cred = body.authenticationCredential;
    assert.equal(cred.type, 'public-key');
    assert.equal(cred.rawId, b64url(credentialId));
    assert.equal(cred.id, cred.rawId);
    const { authenticatorData, clientDataJSON, signature, userHandle } = cred.response;
    for (const [name, value] of Object.entries({ authenticatorData, clientDataJSON, signature, userHandle })) {
      assert.match(value, /^[A-Za-z0-9_-]+$/, `${name} is base64url`);
    }
    assert.equal(fromB64url(userHandle).toString('utf8'), USER.id, 'userHandle is the user id the passkey holds');
    const data = clientData(clientDataJSON);
    assert.equal(data.type, 'webauthn.get');
    assert.equal(data.challenge, issued.options.challenge);
    assert.equal(data.origin, env.app);
    const authData = fromB64url(authenticatorData);
    assert.deepEqual(authData.subarray(0, 32), createHash('sha256').update(RP_ID).digest(), 'rpIdHash');
    assert.equal(authData[32] & 0x05, 0x05, 'flags: user present and verified');
    // The bytes made it through base64url intact: the signature verifies over them.
    const signed = Buffer.concat([authData, createHash('sha256').update(fromB64url(clientDataJSON)).digest()]);
    assert.ok(verify('sha256', signed, publicKey, fromB64url(signature)), 'the assertion signature verifies');
  } finally {
    await context.close();
  }
});

test('signInWithPasskey: the passkey registerPasskey created signs in when Authing names it', { timeout: 60_000 }, async () => {
  assert.ok(env.registered, 'registerPasskey ran first');
  const { context, page } = env.signedIn;
  // The registered credential lives in the authenticator removed above: register afresh in a new one,
  // then sign in with it, named in allowCredentials (exercises the descriptor conversion).
  const authenticator = await virtualAuthenticator(page);
  const log = await fakeAuthing(context, {
    registration: { get: () => ({ registrationOptions: registrationOptions(), ticket: ticket() }), post: () => ({ verified: true }) },
    authentication: {
      get: () => ({ authenticationOptions: authenticationOptions({ allowCredentials: [{ id: env.fresh, type: 'public-key', transports: ['internal'] }] }), ticket: ticket() }),
      post: () => ({ verified: true, tokenSet: tokenSet() }),
    },
  });
  try {
    assert.deepEqual(await passkey(page, 'registerPasskey'), { value: true });
    env.fresh = log.find((e) => e.name === 'registration' && e.method === 'POST').body.registrationCredential.rawId;
    const result = await passkey(page, 'signInWithPasskey');
    assert.equal(result.value?.idTokenClaims?.sub, TEST_USER.sub, JSON.stringify(result.error));
    const post = log.find((e) => e.name === 'authentication' && e.method === 'POST').body;
    assert.equal(post.authenticationCredential.rawId, env.fresh);
    assert.equal(post.options, undefined, 'no scope, no options');
    const data = clientData(post.authenticationCredential.response.clientDataJSON);
    assert.equal(data.type, 'webauthn.get');
  } finally {
    await context.unrouteAll();
    await authenticator.remove();
  }
});

test('a cancelled or impossible prompt rejects with aborted, and nothing is sent to verify', { timeout: 60_000 }, async () => {
  const { context, page } = await freshApp();
  try {
    const log = await fakeAuthing(context, {
      registration: { get: () => ({ registrationOptions: registrationOptions(), ticket: ticket() }), post: () => ({ verified: true }) },
      authentication: {
        get: () => ({ authenticationOptions: authenticationOptions({ timeout: 2000 }), ticket: ticket() }),
        post: () => ({ verified: true, tokenSet: tokenSet() }),
      },
    });
    const authenticator = await virtualAuthenticator(page);
    const aborted = (r) => r.error?.isAuthingError && r.error.code === 'aborted';

    // An AbortSignal aborted before the prompt.
    const signIn = await passkey(page, 'signInWithPasskey', { signal: 'aborted' });
    assert.ok(aborted(signIn), `signInWithPasskey with an aborted signal: ${JSON.stringify(signIn)}`);
    const register = await passkey(page, 'registerPasskey', { signal: 'aborted' });
    assert.ok(aborted(register), `registerPasskey with an aborted signal: ${JSON.stringify(register)}`);

    // An AbortSignal aborted while the prompt is open.
    const during = await passkey(page, 'signInWithPasskey', { signal: 'abort-during-prompt' });
    assert.ok(aborted(during), `signInWithPasskey aborted during the prompt: ${JSON.stringify(during)}`);

    // No passkey for this site: the prompt ends (NotAllowedError after the options' timeout).
    const none = await passkey(page, 'signInWithPasskey');
    assert.ok(aborted(none), `signInWithPasskey without a matching passkey: ${JSON.stringify(none)}`);

    // No authenticator at all.
    await authenticator.remove();
    const gone = await passkey(page, 'signInWithPasskey');
    assert.ok(aborted(gone), `signInWithPasskey without an authenticator: ${JSON.stringify(gone)}`);

    assert.deepEqual(log.filter((e) => e.method === 'POST'), [], 'no credential was sent to Authing');
    assert.equal(await storedSession(page), null, 'no session');
  } finally {
    await context.close();
  }
});

test('an AbortSignal aborted with a reason of its own still rejects with aborted', { timeout: 60_000 }, async () => {
  // `controller.abort(reason)` (or AbortSignal.timeout()) is the app stopping the flow, like
  // loginWithPopup's signal: the browser rejects with the signal's reason, not an AbortError.
  const { context, page } = await freshApp();
  try {
    const log = await fakeAuthing(context, {
      registration: { get: () => ({ registrationOptions: registrationOptions(), ticket: ticket() }), post: () => ({ verified: true }) },
      authentication: { get: () => ({ authenticationOptions: authenticationOptions(), ticket: ticket() }), post: () => ({ verified: true, tokenSet: tokenSet() }) },
    });
    await virtualAuthenticator(page);
    for (const fn of ['signInWithPasskey', 'registerPasskey']) {
      const result = await passkey(page, fn, { signal: 'aborted-with-reason' });
      assert.equal(result.error?.code, 'aborted', `${fn} with AbortSignal.abort(new Error(...)): ${JSON.stringify(result)}`);
    }
    assert.deepEqual(log.filter((e) => e.method === 'POST'), [], 'no credential was sent to Authing');
  } finally {
    await context.close();
  }
});
