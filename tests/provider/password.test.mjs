// Password sign-in (/api/v3/signin) and server info (/api/v3/system) of the local provider
// (password.mjs), driven with plain fetch, then the same requests through Prism.
// Run: node --test tests/provider/
import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, test } from 'node:test';

import { APP, APP_ID, assertError, dataOf, useProvider } from './api-client.mjs';
import { TEST_USER } from './index.mjs';
import { postForm, verifyRs256 } from './flow.mjs';
import { decryptPkcs1v15, ERRORS } from './password.mjs';
import { loadEncrypt } from '../encrypt/bundle.mjs';
import { findPrism } from '../support/prism.mjs';

const PASSWORD = { connection: 'PASSWORD' };

const rsaEncrypt = (pem, text) => publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString('base64');
const signInBody = (payload, options) => ({ ...PASSWORD, passwordPayload: payload, ...(options ? { options } : {}) });

describe('decryptPkcs1v15 (BigInt RSAES-PKCS1-v1_5)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });

  test('opens node:crypto\'s PKCS#1 v1.5 ciphertexts (UTF-8, empty, the longest)', () => {
    for (const text of ['Passw0rd!', 'pässwörd 🔑', '', 'x'.repeat(245)]) {
      assert.equal(decryptPkcs1v15(rsaEncrypt(publicKey, text), jwk).toString('utf8'), text);
    }
  });

  test('refuses what is not a PKCS#1 v1.5 ciphertext under this key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const oaep = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from('x')).toString('base64');
    for (const [what, input] of Object.entries({
      plaintext: 'Passw0rd!',
      'not base64': '@@@@',
      'too short': Buffer.alloc(16, 1).toString('base64'),
      'too long': Buffer.alloc(257, 1).toString('base64'),
      'another key': rsaEncrypt(other, 'Passw0rd!'),
      OAEP: oaep,
      'c >= n': Buffer.alloc(256, 0xff).toString('base64'),
    })) {
      assert.throws(() => decryptPkcs1v15(input, jwk), Error, what);
    }
  });
});

describe('password sign-in and server info', () => {
  const api = useProvider();
  const { testApi, stats, me } = api;
  const call = (...args) => api.client.call(...args);
  const signIn = (payload, options, extra) => call('POST', '/api/v3/signin', signInBody(payload, options), extra);
  let pem;

  test('GET /api/v3/system: the spec\'s SystemInfoResp (no envelope) with an RSA-2048 SPKI PEM; no header needed', async () => {
    await testApi('/__test/reset', {});
    const answer = await call('GET', '/api/v3/system', undefined, { appId: null, headers: { origin: APP } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), APP);
    const info = answer.body;
    assert.deepEqual(Object.keys(info).sort(), ['publicIps', 'rsa', 'sm2', 'version']);
    assert.deepEqual(info.sm2, { publicKey: '' });
    assert.deepEqual(info.publicIps, []);
    for (const part of ['server', 'console', 'login']) assert.equal(typeof info.version[part], 'string');
    pem = info.rsa.publicKey;
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/);
    const key = createPublicKey(pem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails.modulusLength, 2048);
    // The same key every time, and the one /__test/password-key names.
    assert.equal((await call('GET', '/api/v3/system')).body.rsa.publicKey, pem);
    const secret = await testApi('/__test/password-key');
    assert.equal(secret.publicKeyPem, pem);
    assert.equal(secret.privateJwk.n, key.export({ format: 'jwk' }).n);
    assert.equal((await stats()).api_system, 2);
  });

  test('PASSWORD with the right password: real tokens (/oidc/me, JWKS), whichever identifier names the user', async () => {
    await testApi('/__test/reset', {});
    const payloads = [
      { account: TEST_USER.username },
      { account: 'TestUser' },
      { account: '+15555550100' },
      { email: 'Test@Example.com' },
      { username: 'testuser' },
      { username: TEST_USER.username },
      { phone: '+15555550100' },
    ];
    for (const payload of payloads) {
      const what = JSON.stringify(payload);
      const tokens = dataOf(await signIn({ ...payload, password: TEST_USER.password }, { scope: 'openid profile email' }));
      assert.equal(tokens.token_type, 'Bearer', what);
      assert.equal(tokens.expire_in, 3600, what);
      assert.equal(tokens.refresh_token, undefined, `${what}: no offline_access, no refresh token`);
      assert.equal(tokens.scope, 'openid profile email');

      const info = await me(tokens.access_token);
      assert.equal(info.status, 200, what);
      const claims = await info.json();
      assert.equal(claims.sub, TEST_USER.sub);
      assert.equal(claims.email, TEST_USER.username);

      const id = verifyRs256(tokens.id_token, api.jwks);
      assert.equal(id.iss, api.provider.issuer);
      assert.equal(id.aud, APP_ID);
      assert.equal(id.sub, TEST_USER.sub);
      assert.equal(id.name, 'Test User');
      assert.equal(id.phone_number, undefined, 'phone not in the scope');
      assert.ok(id.at_hash && Math.abs(id.iat - Date.now() / 1000) < 10 && id.exp - id.iat === 3600);
    }
    const counted = await stats();
    assert.equal(counted.api_signin, payloads.length);
    assert.equal(counted.api_signin_ok, payloads.length);
    assert.equal(counted.api_signin_rsa, 0);
  });

  test('default scope, and offline_access gives a refresh token that rotates at /oidc/token', async () => {
    const plain = dataOf(await signIn({ account: TEST_USER.username, password: TEST_USER.password }));
    assert.equal(plain.scope, 'openid profile email phone');
    assert.equal(verifyRs256(plain.id_token, api.jwks).phone_number, '+15555550100');

    const tokens = dataOf(await signIn({ account: TEST_USER.username, password: TEST_USER.password }, { scope: 'openid offline_access' }));
    assert.ok(tokens.refresh_token);
    const refreshed = await postForm(`${api.provider.issuer}/token`, { client_id: APP_ID, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body.refresh_token, tokens.refresh_token);
    assert.equal(verifyRs256(refreshed.body.id_token, api.jwks).sub, TEST_USER.sub);
  });

  test('passwordEncryptType rsa: node:crypto and js/encrypt.ts ciphertexts decrypt on the provider', async () => {
    await testApi('/__test/reset', {});
    pem ??= (await call('GET', '/api/v3/system')).body.rsa.publicKey;
    const viaNode = dataOf(await signIn({ account: TEST_USER.username, password: rsaEncrypt(pem, TEST_USER.password) }, { passwordEncryptType: 'rsa' }));
    assert.equal((await me(viaNode.access_token)).status, 200);

    const { parsePublicKey, encryptWithKey } = await loadEncrypt();
    const key = parsePublicKey(pem);
    for (let i = 0; i < 5; i++) {
      const password = encryptWithKey(key, TEST_USER.password);
      const tokens = dataOf(await signIn({ email: TEST_USER.username, password }, { passwordEncryptType: 'rsa', scope: 'openid email' }));
      assert.equal(verifyRs256(tokens.id_token, api.jwks).email, TEST_USER.username);
    }
    // The wrong password, encrypted: the ordinary wrong-password answer.
    assertError(await signIn({ account: TEST_USER.username, password: encryptWithKey(key, 'Passw0rd?') }, { passwordEncryptType: 'rsa' }), ERRORS.wrongPassword);
    const counted = await stats();
    assert.equal(counted.api_signin_rsa, 7);
    assert.equal(counted.api_signin_ok, 6);
    assert.equal(counted.api_signin_failed, 1);
  });

  test('error envelopes and their apiCodes', async () => {
    await testApi('/__test/reset', {});
    pem ??= (await call('GET', '/api/v3/system')).body.rsa.publicKey;
    const user = { account: TEST_USER.username, password: TEST_USER.password };
    const cases = [
      ['wrong password', signInBody({ account: TEST_USER.username, password: 'wrong' }), ERRORS.wrongPassword],
      ['password of another case', signInBody({ account: TEST_USER.username, password: TEST_USER.password.toUpperCase() }), ERRORS.wrongPassword],
      ['unknown account', signInBody({ account: 'nobody@example.com', password: TEST_USER.password }), ERRORS.wrongPassword],
      ['phone as email', signInBody({ email: '+15555550100', password: TEST_USER.password }), ERRORS.wrongPassword],
      ['connection NOPE', { connection: 'NOPE', passwordPayload: user }, ERRORS.badRequest],
      ['no connection', { passwordPayload: user }, ERRORS.badRequest],
      ['connection lowercase', { connection: 'password', passwordPayload: user }, ERRORS.badRequest],
      ['LDAP with a password payload', { connection: 'LDAP', passwordPayload: user }, ERRORS.unsupportedConnection],
      ['LDAP', { connection: 'LDAP', ldapPayload: { sAMAccountName: 'test', password: 'x' } }, ERRORS.unsupportedConnection],
      ['AD', { connection: 'AD', adPayload: { sAMAccountName: 'test', password: 'x' } }, ERRORS.unsupportedConnection],
      ['no passwordPayload', { connection: 'PASSWORD' }, ERRORS.badRequest],
      ['passwordPayload not an object', { connection: 'PASSWORD', passwordPayload: 'x' }, ERRORS.badRequest],
      ['no password', signInBody({ account: TEST_USER.username }), ERRORS.badRequest],
      ['password not a string', signInBody({ account: TEST_USER.username, password: 12345 }), ERRORS.badRequest],
      ['no identifier', signInBody({ password: TEST_USER.password }), ERRORS.badRequest],
      ['sm2', signInBody(user, { passwordEncryptType: 'sm2' }), ERRORS.unsupportedEncryption],
      ['unknown encrypt type', signInBody(user, { passwordEncryptType: 'aes' }), ERRORS.badRequest],
      ['rsa with a plaintext password', signInBody(user, { passwordEncryptType: 'rsa' }), ERRORS.undecryptable],
      ['rsa with a ciphertext for another key', signInBody({ ...user, password: rsaEncrypt(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, TEST_USER.password) }, { passwordEncryptType: 'rsa' }), ERRORS.undecryptable],
      ['scope without openid', signInBody(user, { scope: 'profile email' }), ERRORS.badRequest],
      ['options not an object', { ...signInBody(user), options: ['rsa'] }, ERRORS.badRequest],
    ];
    for (const [what, body, error] of cases) {
      assertError(await call('POST', '/api/v3/signin', body), error, what);
    }
    assertError(await call('POST', '/api/v3/signin', undefined, { raw: 'not json' }), ERRORS.badRequest, 'not JSON');
    assertError(await call('POST', '/api/v3/signin', [user]), ERRORS.badRequest, 'an array');
    assertError(await call('POST', '/api/v3/signin', signInBody(user), { appId: null }), ERRORS.appIdMissing, 'no app id');
    assertError(await call('POST', '/api/v3/signin', signInBody(user), { appId: 'other-app' }), ERRORS.appUnknown, 'unknown app');
    const counted = await stats();
    assert.equal(counted.api_signin, cases.length + 2, 'the app check comes first and is not a sign-in');
    assert.equal(counted.api_signin_failed, cases.length + 2);
    assert.equal(counted.api_signin_ok, 0);
    // Two error answers never share a requestId.
    const ids = new Set();
    for (let i = 0; i < 5; i++) ids.add((await signIn({ account: 'x', password: 'y' })).body.requestId);
    assert.equal(ids.size, 5);
  });

  test('CORS: loopback origins get the answer; the preflight allows the SDK\'s headers', async () => {
    const answer = await signIn({ account: TEST_USER.username, password: 'wrong' }, undefined, { headers: { origin: 'http://127.0.0.1:5175' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5175');
    const remote = await signIn({ account: TEST_USER.username, password: 'wrong' }, undefined, { headers: { origin: 'https://evil.example' } });
    assert.equal(remote.headers.get('access-control-allow-origin'), null);
    for (const path of ['/api/v3/signin', '/api/v3/system']) {
      const preflight = await fetch(`${api.provider.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-authing-app-id,authorization' },
      });
      assert.equal(preflight.status, 204, path);
      assert.equal(preflight.headers.get('access-control-allow-origin'), APP);
      const allowed = preflight.headers.get('access-control-allow-headers').toLowerCase();
      for (const header of ['content-type', 'x-authing-app-id', 'authorization']) assert.ok(allowed.includes(header), `${path}: ${header}`);
    }
  });

  test('/__test/reset zeroes the counters', async () => {
    await call('GET', '/api/v3/system');
    await testApi('/__test/reset', {});
    const counted = await stats();
    for (const name of ['api_signin', 'api_signin_ok', 'api_signin_rsa', 'api_signin_failed', 'api_system']) assert.equal(counted[name], 0, name);
  });
});

describe('password sign-in through Prism (spec/authentication-openapi.json)', () => {
  const skip = findPrism() ? false : 'Prism is not installed (npm install)';
  const api = useProvider({ prism: true, skip });
  const call = (...args) => api.client.call(...args);

  test('system info and sign-in (plain and rsa): no violations', { skip }, async () => {
    // The spec gives /api/v3/system a bearer scheme: send one (any token; the provider ignores it).
    const system = await call('GET', '/api/v3/system', undefined, { headers: { authorization: 'Bearer x' } });
    assert.deepEqual(system.violations, [], JSON.stringify(system.violations));
    const pem = system.body.rsa.publicKey;
    const plain = await call('POST', '/api/v3/signin', signInBody({ account: TEST_USER.username, password: TEST_USER.password }, { scope: 'openid profile offline_access' }));
    assert.ok(dataOf(plain).refresh_token);
    assert.deepEqual(plain.violations, [], JSON.stringify(plain.violations));
    const rsa = await call('POST', '/api/v3/signin', signInBody({ email: TEST_USER.username, password: rsaEncrypt(pem, TEST_USER.password) }, { passwordEncryptType: 'rsa' }));
    assert.ok(dataOf(rsa).access_token);
    assert.deepEqual(rsa.violations, [], JSON.stringify(rsa.violations));
  });

  test('quirks: /api/v3/system without a bearer is flagged as a request violation; error envelopes lack the required data', { skip }, async () => {
    const system = await call('GET', '/api/v3/system');
    assert.equal(system.status, 200);
    assert.deepEqual(system.violations.map((v) => v.message), ['Invalid security scheme used'], JSON.stringify(system.violations));
    const wrong = await call('POST', '/api/v3/signin', signInBody({ account: TEST_USER.username, password: 'wrong' }));
    assertError(wrong, ERRORS.wrongPassword);
    assert.deepEqual(wrong.violations.map((v) => v.message), ["Response body must have required property 'data'"], JSON.stringify(wrong.violations));
    // An input outside the spec is reported as a request violation, and still answered.
    const nope = await call('POST', '/api/v3/signin', { connection: 'NOPE', passwordPayload: { account: 'a', password: 'b' } });
    assertError(nope, ERRORS.badRequest);
    assert.ok(nope.violations.some((v) => /connection|allowed values/i.test(`${v.path?.join('.')} ${v.message}`)), JSON.stringify(nope.violations));
  });
});
