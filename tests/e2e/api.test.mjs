// The Authentication API end to end: authing.api.signInByCredentials (password sign-in, plain and
// RSA-encrypted by authing-wasm/encrypt; PASSCODE), getSystemInfo, sendEmail, sendSms, signUp and
// getApplicationEnabledExtIdps, in Chromium with the built pkg/ against the local provider
// (password.mjs, passcode.mjs, extidp.mjs). Every /api/v3 request of the page goes through Prism
// (spec/authentication-openapi.json) and every answer's verdict is checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  callApi, call, encryptInPage, events, openQrApp, qrSuite, recordEvents, resetProvider, storedSession, TEST_USER,
} from './harness.mjs';

const env = qrSuite();

/** The provider's apiCodes (tests/provider/password.mjs). */
const API_CODES = { wrongPassword: 2333, badRequest: 40001, unsupportedConnection: 40003, unsupportedEncryption: 40004, undecryptable: 40005 };
/** The one violation Prism reports on every error envelope: the spec documents only the success shape. */
const NO_DATA = "Response body must have required property 'data'";

const credentials = (password = TEST_USER.password, extra = {}) => ({
  connection: 'PASSWORD', passwordPayload: { account: TEST_USER.username, password }, ...extra,
});

/** A page with a client, /api/v3 through Prism, and its events recorded. */
async function openApiApp() {
  const app = await openQrApp(env);
  await recordEvents(app.page);
  return app;
}

/** The Prism log entries for `path`, asserting that Prism flagged nothing but `allowed` messages. */
function checkedEntries(api, path, allowed = []) {
  const entries = api.filter((entry) => entry.path === path);
  for (const entry of entries) {
    const unexpected = (entry.violations ?? []).filter((v) => !allowed.includes(v.message));
    assert.deepEqual(unexpected, [], `${entry.method} ${entry.path}: ${JSON.stringify(entry.violations)}`);
  }
  return entries;
}

/** Asserts that a successful sign-in stored a working session for the test user. */
async function assertSignedIn(page, data) {
  assert.equal(data.token_type, 'Bearer');
  assert.equal(data.expire_in, 3600);
  assert.ok(data.access_token && data.id_token);
  const stored = await storedSession(page);
  assert.ok(stored, 'a session is stored');
  assert.ok(JSON.stringify(stored).includes(data.access_token), 'the stored session holds the new access token');
  const logins = (await events(page)).filter((e) => e.type === 'login');
  assert.equal(logins.length, 1, JSON.stringify(await events(page)));
  assert.equal(logins[0].sub, TEST_USER.sub);
  assert.equal(logins[0].accessToken, data.access_token);
  assert.deepEqual(await call(page, 'getAccessToken'), { value: data.access_token });
  const state = await call(page, 'getLoginState');
  assert.equal(state.value?.idTokenClaims?.sub, TEST_USER.sub);
  const user = await call(page, 'getUserInfo');
  assert.equal(user.value?.sub, TEST_USER.sub, JSON.stringify(user));
  assert.equal(user.value.email, TEST_USER.username);
}

test('signInByCredentials (PASSWORD): data resolved, session stored, login event, access token and userinfo work', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  assert.equal(await storedSession(page), null);

  const result = await callApi(page, 'signInByCredentials', credentials(undefined, { options: { scope: 'openid profile email' } }));
  assert.ok(result.value, JSON.stringify(result.error));
  await assertSignedIn(page, result.value);

  const [entry, ...more] = checkedEntries(api, '/api/v3/signin');
  assert.equal(more.length, 0);
  assert.equal(entry.method, 'POST');
  assert.equal(entry.appId, env.appId);
  assert.equal(entry.body.data.access_token, result.value.access_token);
  const stats = await env.stats();
  assert.equal(stats.api_signin_ok, 1);
  assert.equal(stats.me, 1);
  await context.close();
});

test('signInByCredentials with the password encrypted by encryptPassword (signed out, as for any sign-in)', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  const encrypted = await encryptInPage(page, TEST_USER.password);
  assert.ok(encrypted.value, `encryptPassword before sign-in: ${JSON.stringify(encrypted.error)}`);
  assert.equal(encrypted.value.passwordEncryptType, 'rsa');
  assert.notEqual(encrypted.value.password, TEST_USER.password);
  assert.equal(Buffer.from(encrypted.value.password, 'base64').length, 256, 'one RSA-2048 block');

  const result = await callApi(page, 'signInByCredentials', {
    connection: 'PASSWORD',
    passwordPayload: { account: TEST_USER.username, password: encrypted.value.password },
    options: { passwordEncryptType: encrypted.value.passwordEncryptType },
  });
  assert.ok(result.value, JSON.stringify(result.error));
  await assertSignedIn(page, result.value);
  // The spec marks /api/v3/system as bearer-only, yet its key is what a sign-in needs: signed out,
  // the SDK sends it without a token, and Prism names exactly that (a spec quirk, nothing else).
  const [system] = checkedEntries(api, '/api/v3/system', ['Invalid security scheme used']);
  assert.equal(system.authorization, undefined, 'no bearer token before sign-in');
  checkedEntries(api, '/api/v3/signin');
  const stats = await env.stats();
  assert.equal(stats.api_system, 1);
  assert.equal(stats.api_signin_rsa, 1);
  await context.close();
});

test('getSystemInfo resolves the RSA public key (PEM); encryptPassword fetches it once per client', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  // Signed in first: the spec gives /api/v3/system a bearer scheme, and the SDK sends the token.
  assert.ok((await callApi(page, 'signInByCredentials', credentials())).value);

  const info = await callApi(page, 'getSystemInfo');
  assert.ok(info.value, JSON.stringify(info.error));
  const key = await (await fetch(`${env.provider.url}/__test/password-key`)).json();
  assert.equal(info.value.rsa.publicKey, key.publicKeyPem);
  assert.match(info.value.rsa.publicKey, /^-----BEGIN PUBLIC KEY-----/);
  assert.deepEqual(info.value.sm2, { publicKey: '' });
  assert.deepEqual(info.value.publicIps, []);
  assert.equal(typeof info.value.version.server, 'string');
  const [system] = checkedEntries(api, '/api/v3/system');
  assert.ok(system, 'the request went through Prism');

  const first = await encryptInPage(page, TEST_USER.password);
  const second = await encryptInPage(page, TEST_USER.password);
  assert.ok(first.value && second.value, JSON.stringify([first.error, second.error]));
  assert.notEqual(first.value.password, second.value.password);
  assert.equal((await env.stats()).api_system, 2, 'getSystemInfo once, encryptPassword once for both');

  // The encrypted password signs in again (a new session replaces the old).
  const again = await callApi(page, 'signInByCredentials', credentials(second.value.password, { options: { passwordEncryptType: 'rsa' } }));
  assert.ok(again.value, JSON.stringify(again.error));
  assert.deepEqual(await call(page, 'getAccessToken'), { value: again.value.access_token });
  checkedEntries(api, '/api/v3/signin');
  await context.close();
});

test('a wrong password: api_error with the provider\'s apiCode and requestId; nothing stored, no event', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  const result = await callApi(page, 'signInByCredentials', credentials('Passw0rd?'));
  assert.ok(result.error, JSON.stringify(result));
  const [entry] = checkedEntries(api, '/api/v3/signin', [NO_DATA]);
  assert.deepEqual(result.error, {
    name: 'AuthingError',
    isAuthingError: true,
    isError: true,
    code: 'api_error',
    message: result.error.message,
    statusCode: 400,
    apiCode: API_CODES.wrongPassword,
    requestId: entry.body.requestId,
  });
  assert.match(result.error.requestId, /^[0-9a-f-]{36}$/);
  assert.ok(result.error.message.length > 0);
  assert.equal(await storedSession(page), null);
  assert.deepEqual((await events(page)).filter((e) => e.type === 'login'), []);
  assert.equal((await env.stats()).api_signin_failed, 1);
  await context.close();
});

test('invalid inputs end in a typed AuthingError (api_error), never an untyped throw; nothing stored', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  const cases = [
    ['connection NOPE', { connection: 'NOPE', passwordPayload: { account: TEST_USER.username, password: TEST_USER.password } }, 400, API_CODES.badRequest],
    ['no connection', { passwordPayload: { account: TEST_USER.username, password: TEST_USER.password } }, 400, API_CODES.badRequest],
    ['no input at all', undefined, 400, API_CODES.badRequest],
    ['an empty object', {}, 400, API_CODES.badRequest],
    ['no passwordPayload', { connection: 'PASSWORD' }, 400, API_CODES.badRequest],
    ['no identifier', { connection: 'PASSWORD', passwordPayload: { password: TEST_USER.password } }, 400, API_CODES.badRequest],
    ['a number as password', { connection: 'PASSWORD', passwordPayload: { account: TEST_USER.username, password: 1234 } }, 400, API_CODES.badRequest],
    ['LDAP', { connection: 'LDAP', ldapPayload: { sAMAccountName: 'test', password: 'x' } }, 400, API_CODES.unsupportedConnection],
    ['sm2', credentials(undefined, { options: { passwordEncryptType: 'sm2' } }), 400, API_CODES.unsupportedEncryption],
    ['rsa with a plaintext password', credentials(undefined, { options: { passwordEncryptType: 'rsa' } }), 400, API_CODES.undecryptable],
    ['scope without openid', credentials(undefined, { options: { scope: 'profile' } }), 400, API_CODES.badRequest],
  ];
  for (const [what, input, statusCode, apiCode] of cases) {
    const result = await callApi(page, 'signInByCredentials', ...(input === undefined ? [] : [input]));
    assert.ok(result.error, `${what}: ${JSON.stringify(result)}`);
    const { name, isAuthingError, isError, code, statusCode: s, apiCode: a, requestId, sync } = result.error;
    assert.deepEqual({ name, isAuthingError, isError, code, statusCode: s, apiCode: a, sync },
      { name: 'AuthingError', isAuthingError: true, isError: true, code: 'api_error', statusCode, apiCode, sync: undefined }, what);
    assert.match(requestId, /^[0-9a-f-]{36}$/, what);
  }
  // Each reached the provider through Prism. Prism objects to the out-of-spec requests (location
  // ['request', ...]); of the answers, only to the error envelope's missing `data`.
  const entries = api.filter((entry) => entry.path === '/api/v3/signin');
  assert.equal(entries.length, cases.length);
  for (const entry of entries) {
    const answerViolations = entry.violations.filter((v) => v.location?.[0] !== 'request' && v.message !== NO_DATA);
    assert.deepEqual(answerViolations, [], JSON.stringify(entry.violations));
  }
  const requestFlagged = (i) => entries[i].violations.filter((v) => v.location?.[0] === 'request').map((v) => v.location.join('.'));
  assert.deepEqual(requestFlagged(0), ['request.body.connection'], 'connection NOPE is outside the spec\'s enum');
  assert.deepEqual(requestFlagged(6), ['request.body.passwordPayload.password'], 'a number is not a string');
  assert.deepEqual(requestFlagged(8), [], 'sm2 is in the spec');
  // An operation that does not exist is a typed config_error, before any request.
  const unknown = await callApi(page, 'noSuchOperation', {});
  assert.equal(unknown.error?.code, 'config_error', JSON.stringify(unknown));
  assert.equal(unknown.error.isAuthingError, true);
  assert.equal(api.length, cases.length);

  assert.equal(await storedSession(page), null);
  assert.deepEqual((await events(page)).filter((e) => e.type === 'login'), []);
  const stats = await env.stats();
  assert.equal(stats.api_signin_ok, 0);
  assert.equal(stats.api_signin_failed, cases.length);
  await context.close();
});

test('verification codes, PASSCODE sign-in and sign-up through authing.api (passcode.mjs)', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  const passcodes = async () => (await fetch(`${env.provider.url}/__test/passcodes`)).json();

  // sendEmail answers an envelope without data: it resolves nothing.
  const sent = await callApi(page, 'sendEmail', { email: TEST_USER.username, channel: 'CHANNEL_LOGIN' });
  assert.equal(sent.error, undefined, JSON.stringify(sent.error));
  assert.equal(sent.value, undefined);
  const again = await callApi(page, 'sendEmail', { email: TEST_USER.username, channel: 'CHANNEL_LOGIN' });
  assert.deepEqual([again.error?.code, again.error?.statusCode, again.error?.apiCode], ['api_error', 429, undefined], 'the cooldown');
  const { code } = (await passcodes())[TEST_USER.username];
  const wrong = await callApi(page, 'signInByCredentials', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, passCode: code === '000000' ? '000001' : '000000' } });
  assert.deepEqual([wrong.error?.code, wrong.error?.statusCode, wrong.error?.apiCode], ['api_error', 400, 2001]);
  assert.equal(await storedSession(page), null);
  const result = await callApi(page, 'signInByCredentials', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, passCode: code }, options: { scope: 'openid profile email' } });
  assert.ok(result.value, JSON.stringify(result.error));
  await assertSignedIn(page, result.value);

  // Sign-up by a phone's CHANNEL_REGISTER code (signed in now: the SDK sends its bearer along).
  assert.equal((await callApi(page, 'sendSms', { phoneNumber: '13800138000', channel: 'CHANNEL_REGISTER' })).error, undefined);
  const register = (await passcodes())['+8613800138000'].code;
  const user = await callApi(page, 'signUp', { connection: 'PASSCODE', passCodePayload: { phone: '13800138000', passCode: register } });
  assert.ok(user.value, JSON.stringify(user.error));
  assert.deepEqual([user.value.userId, user.value.phone, user.value.phoneCountryCode, user.value.phoneVerified], ['user-signup-1', '13800138000', '+86', true]);
  const taken = await callApi(page, 'signUp', { connection: 'PASSWORD', passwordPayload: { email: TEST_USER.username, password: 'secret1' } });
  assert.deepEqual([taken.error?.code, taken.error?.apiCode], ['api_error', 2026]);


  // Prism: signed out, send-email went without the bearer its spec entry asks for; error envelopes lack data.
  checkedEntries(api, '/api/v3/send-email', ['Invalid security scheme used']);
  checkedEntries(api, '/api/v3/signin', [NO_DATA]);
  checkedEntries(api, '/api/v3/send-sms');
  checkedEntries(api, '/api/v3/signup', [NO_DATA]);
  const stats = await env.stats();
  assert.deepEqual([stats.api_send_email, stats.api_send_sms, stats.api_signin_passcode, stats.api_signup_ok], [2, 1, 2, 1]);
  await context.close();
});

// An envelope's data of any type is handed over: here an array (it once resolved undefined).
test('getApplicationEnabledExtIdps resolves the app\'s identity sources (an array data)', async () => {
  await resetProvider(env);
  const { context, page, api } = await openApiApp();
  const sources = await callApi(page, 'getApplicationEnabledExtIdps');
  const [entry] = checkedEntries(api, '/api/v3/get-application-enabled-extidps', ['Invalid security scheme used']);
  assert.deepEqual(entry.body.data.map((source) => source.identifier), ['github', 'wechat'], 'the answer, through Prism');
  await context.close();
  assert.deepEqual(sources.value?.map((source) => [source.identifier, source.extIdpId]), [['github', 'local-github'], ['wechat', 'local-wechat']], JSON.stringify(sources));
});
