// Verification codes, PASSCODE sign-in and sign-up (passcode.mjs, password.mjs), wrong-password
// throttling and the locked / MFA accounts, and the identity sources with their simulated consent
// page (extidp.mjs) of the local provider, driven with plain fetch; then the same requests through
// Prism. Run: node --test tests/provider/
import assert from 'node:assert/strict';
import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { APP, APP_ID, assertError, dataOf, useProvider } from './api-client.mjs';
import { IDENTITY_SOURCES } from './extidp.mjs';
import { b64url, CookieJar, parseForm, pkce, postForm, signIn as signInAtForm, verifyRs256 } from './flow.mjs';
import { TEST_USER } from './index.mjs';
import { EMAIL_CHANNELS, ERRORS as CODE_ERRORS, SMS_CHANNELS } from './passcode.mjs';
import { ERRORS, THROTTLE } from './password.mjs';
import { findPrism } from '../support/prism.mjs';

const SPEC = JSON.parse(readFileSync(new URL('../../spec/authentication-openapi.json', import.meta.url), 'utf8'));
const SCHEMAS = SPEC.components.schemas;
const REDIRECT = `${APP}/callback.html`; // registered for demo-app by default
const TEST_PHONE = '+15555550100';
const NO_DATA = "Response body must have required property 'data'";

/** The API calls of these tests against one useProvider() (see api-client.mjs). */
function apiOf(api) {
  const call = (...args) => api.client.call(...args);
  const self = {
    call,
    sendSms: (body, extra) => call('POST', '/api/v3/send-sms', body, extra),
    sendEmail: (body, extra) => call('POST', '/api/v3/send-email', body, extra),
    signIn: (body, extra) => call('POST', '/api/v3/signin', body, extra),
    byCode: (passCodePayload, options) => self.signIn({ connection: 'PASSCODE', passCodePayload, ...(options ? { options } : {}) }),
    byPassword: (passwordPayload, options) => self.signIn({ connection: 'PASSWORD', passwordPayload, ...(options ? { options } : {}) }),
    signUp: (body, extra) => call('POST', '/api/v3/signup', body, extra),
    passcodes: () => api.testApi('/__test/passcodes'),
    codeOf: async (target) => (await self.passcodes())[target]?.code,
    /** /__test/reset, then the passcode settings of `config` (e.g. { cooldown: 0 }). */
    async reset(config) {
      await api.testApi('/__test/reset', {});
      if (config) assert.equal((await api.testApi('/__test/passcode-config', config)).ok, true);
    },
    /** Sends a code (email or phone target) and resolves it. */
    async codeFor({ email, phoneNumber, phoneCountryCode, channel = 'CHANNEL_LOGIN' }, target) {
      const answer = email ? await self.sendEmail({ email, channel }) : await self.sendSms({ phoneNumber, phoneCountryCode, channel });
      assert.deepEqual(Object.keys(answer.body).sort(), ['message', 'requestId', 'statusCode'], JSON.stringify(answer.body));
      assert.equal(answer.body.statusCode, 200);
      return self.codeOf(target ?? email?.trim().toLowerCase());
    },
  };
  return self;
}

/** The spec's required fields of `schema` that `value` lacks. */
const missingRequired = (schema, value) => (SCHEMAS[schema].required ?? []).filter((field) => value[field] === undefined);

describe('verification codes: /api/v3/send-sms, /api/v3/send-email', () => {
  const api = useProvider();
  const { testApi, stats } = api;
  const $ = apiOf(api);

  test('the channels are the spec\'s enums', () => {
    assert.deepEqual(SMS_CHANNELS, SCHEMAS.SendSMSDto.properties.channel.enum);
    assert.deepEqual(EMAIL_CHANNELS, SCHEMAS.SendEmailDto.properties.channel.enum);
  });

  test('a send answers the data-less envelope and issues a fresh 6-digit code per target for 5 minutes', async () => {
    await $.reset();
    const before = Date.now();
    const answer = await $.sendSms({ phoneNumber: '5555550100', phoneCountryCode: '+1', channel: 'CHANNEL_LOGIN' });
    assert.equal(answer.status, 200);
    assert.deepEqual({ ...answer.body, requestId: 'x' }, { statusCode: 200, message: '', requestId: 'x' });
    assert.match(answer.body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal((await $.sendSms({ phoneNumber: '138 0013-8000', channel: 'CHANNEL_REGISTER' })).body.statusCode, 200);
    assert.equal((await $.sendSms({ phoneNumber: '+447700900123', channel: 'CHANNEL_BIND_PHONE' })).body.statusCode, 200);
    assert.equal((await $.sendSms({ phoneNumber: '7700900124', phoneCountryCode: '44', channel: 'CHANNEL_LOGIN' })).body.statusCode, 200);
    assert.equal((await $.sendEmail({ email: ' Test@Example.COM ', channel: 'CHANNEL_LOGIN' })).body.statusCode, 200);
    const codes = await $.passcodes();
    // Phones as +<country code><number> ('+86' when none is given), emails in lower case.
    assert.deepEqual(Object.keys(codes).sort(), ['+15555550100', '+447700900123', '+447700900124', '+8613800138000', 'test@example.com']);
    assert.equal(codes[TEST_PHONE].channel, 'CHANNEL_LOGIN');
    assert.equal(codes['+8613800138000'].channel, 'CHANNEL_REGISTER');
    for (const entry of Object.values(codes)) {
      assert.match(entry.code, /^\d{6}$/);
      assert.equal(entry.used, false);
      assert.ok(entry.expiresAt >= before + 300_000 && entry.expiresAt <= Date.now() + 300_000, JSON.stringify(entry));
    }
    const counted = await stats();
    assert.equal(counted.api_send_sms, 4);
    assert.equal(counted.api_send_email, 1);
    assert.equal(counted.api_send_failed, 0);
  });

  test('within the cooldown a second send to the target answers 429 and keeps its code; settings and reset', async () => {
    await $.reset();
    const first = await $.codeFor({ phoneNumber: '5555550100', phoneCountryCode: '+1' }, TEST_PHONE);
    // The same target written otherwise.
    const again = await $.sendSms({ phoneNumber: TEST_PHONE, channel: 'CHANNEL_REGISTER' });
    assertError(again, CODE_ERRORS.cooldown);
    assert.match(again.body.message, /wait/);
    assert.match(again.body.message, /retry in (59|60) s$/);
    assert.deepEqual(Object.values(await $.passcodes()).map((entry) => [entry.code, entry.channel]), [[first, 'CHANNEL_LOGIN']]);
    // Another target is not held back; neither is an email after a phone.
    assert.equal((await $.sendSms({ phoneNumber: '5555550101', phoneCountryCode: '+1', channel: 'CHANNEL_LOGIN' })).body.statusCode, 200);
    assert.equal((await $.sendEmail({ email: TEST_USER.username, channel: 'CHANNEL_LOGIN' })).body.statusCode, 200);
    assertError(await $.sendEmail({ email: TEST_USER.username, channel: 'CHANNEL_LOGIN' }), CODE_ERRORS.cooldown);
    assert.equal((await stats()).api_send_failed, 2);

    // No cooldown: each send replaces the target's code (fresh, random), whatever the channel.
    assert.deepEqual(await testApi('/__test/passcode-config', { cooldown: 0 }), { ok: true, config: { cooldown: 0, ttl: 300 } });
    const seen = new Set();
    for (const channel of ['CHANNEL_LOGIN', 'CHANNEL_REGISTER', 'CHANNEL_LOGIN', 'CHANNEL_RESET_PASSWORD', 'CHANNEL_LOGIN']) {
      seen.add(await $.codeFor({ email: TEST_USER.username, channel }));
      assert.equal((await $.passcodes())[TEST_USER.username].channel, channel);
    }
    assert.ok(seen.size > 1, 'codes are random');
    assert.deepEqual(await testApi('/__test/passcode-config', { ttl: 30 }), { ok: true, config: { cooldown: 0, ttl: 30 } });
    await $.codeFor({ email: TEST_USER.username });
    assert.ok((await $.passcodes())[TEST_USER.username].expiresAt <= Date.now() + 30_000);
    for (const bad of [{ cooldown: -1 }, { cooldown: 1.5 }, { ttl: 0 }, { ttl: '5' }]) {
      assert.equal((await testApi('/__test/passcode-config', bad)).ok, false, JSON.stringify(bad));
    }

    // Reset: no codes, the default cooldown again.
    await $.reset();
    assert.deepEqual(await $.passcodes(), {});
    await $.codeFor({ email: TEST_USER.username });
    assertError(await $.sendEmail({ email: TEST_USER.username, channel: 'CHANNEL_LOGIN' }), CODE_ERRORS.cooldown);
  });

  test('bad requests answer 400/40001 (nothing issued); the app check comes first', async () => {
    await $.reset();
    const sms = [
      ['no channel', { phoneNumber: '5555550100' }],
      ['an email channel', { phoneNumber: '5555550100', channel: 'CHANNEL_VERIFY_EMAIL_LINK' }],
      ['channel lower case', { phoneNumber: '5555550100', channel: 'channel_login' }],
      ['no phoneNumber', { channel: 'CHANNEL_LOGIN' }],
      ['phone as email field', { email: TEST_USER.username, channel: 'CHANNEL_LOGIN' }],
      ['letters', { phoneNumber: 'call me', channel: 'CHANNEL_LOGIN' }],
      ['too short', { phoneNumber: '123', channel: 'CHANNEL_LOGIN' }],
      ['a number', { phoneNumber: 5555550100, channel: 'CHANNEL_LOGIN' }],
      ['bad country code', { phoneNumber: '5555550100', phoneCountryCode: 'US', channel: 'CHANNEL_LOGIN' }],
    ];
    const email = [
      ['no channel', { email: TEST_USER.username }],
      ['an SMS channel', { email: TEST_USER.username, channel: 'CHANNEL_BIND_PHONE' }],
      ['no email', { channel: 'CHANNEL_LOGIN' }],
      ['not an email', { email: 'test.example.com', channel: 'CHANNEL_LOGIN' }],
      ['two @', { email: 'a@b@example.com', channel: 'CHANNEL_LOGIN' }],
      ['an object', { email: { address: TEST_USER.username }, channel: 'CHANNEL_LOGIN' }],
    ];
    for (const [what, body] of sms) assertError(await $.sendSms(body), ERRORS.badRequest, `sms: ${what}`);
    for (const [what, body] of email) assertError(await $.sendEmail(body), ERRORS.badRequest, `email: ${what}`);
    for (const path of ['/api/v3/send-sms', '/api/v3/send-email']) {
      assertError(await $.call('POST', path, undefined, { raw: 'not json' }), ERRORS.badRequest, `${path} not JSON`);
      assertError(await $.call('POST', path, ['x']), ERRORS.badRequest, `${path} an array`);
      assertError(await $.call('POST', path, { email: TEST_USER.username, phoneNumber: '5555550100', channel: 'CHANNEL_LOGIN' }, { appId: null }), ERRORS.appIdMissing);
      assertError(await $.call('POST', path, { email: TEST_USER.username, phoneNumber: '5555550100', channel: 'CHANNEL_LOGIN' }, { appId: 'other-app' }), ERRORS.appUnknown);
    }
    assert.deepEqual(await $.passcodes(), {});
    const counted = await stats();
    assert.equal(counted.api_send_sms, sms.length + 2);
    assert.equal(counted.api_send_email, email.length + 2);
    assert.equal(counted.api_send_failed, sms.length + email.length + 4);
  });
});

describe('PASSCODE sign-in (/api/v3/signin)', () => {
  const api = useProvider();
  const { stats, me } = api;
  const $ = apiOf(api);

  test('a live CHANNEL_LOGIN code of the email or phone signs in with real tokens, once', async () => {
    await $.reset({ cooldown: 0 });
    const viaEmail = dataOf(await $.byCode({ email: 'TEST@example.com', passCode: await $.codeFor({ email: TEST_USER.username }) }, { scope: 'openid email' }));
    assert.equal(viaEmail.token_type, 'Bearer');
    assert.equal(viaEmail.scope, 'openid email');
    assert.equal(viaEmail.refresh_token, undefined);
    const id = verifyRs256(viaEmail.id_token, api.jwks);
    assert.equal(id.sub, TEST_USER.sub);
    assert.equal(id.email, TEST_USER.username);
    assert.equal(id.aud, APP_ID);
    assert.equal((await (await me(viaEmail.access_token)).json()).sub, TEST_USER.sub);

    // A phone with its country code, or a full number; the default scope; offline_access.
    const code = await $.codeFor({ phoneNumber: '5555550100', phoneCountryCode: '+1' }, TEST_PHONE);
    const viaPhone = dataOf(await $.byCode({ phone: '5555550100', phoneCountryCode: '+1', passCode: code }));
    assert.equal(viaPhone.scope, 'openid profile email phone');
    assert.equal(verifyRs256(viaPhone.id_token, api.jwks).phone_number, TEST_PHONE);
    assert.equal((await $.passcodes())[TEST_PHONE].used, true);
    // The same code again: used up.
    assertError(await $.byCode({ phone: '5555550100', phoneCountryCode: '+1', passCode: code }), ERRORS.expiredCode);
    const full = await $.codeFor({ phoneNumber: TEST_PHONE }, TEST_PHONE);
    const refreshable = dataOf(await $.byCode({ phone: TEST_PHONE, passCode: full }, { scope: 'openid offline_access' }));
    assert.ok(refreshable.refresh_token);
    const refreshed = await postForm(`${api.provider.issuer}/token`, { client_id: APP_ID, grant_type: 'refresh_token', refresh_token: refreshable.refresh_token });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));

    const counted = await stats();
    assert.equal(counted.api_signin_passcode, 4);
    assert.equal(counted.api_signin_ok, 3);
    assert.equal(counted.api_signin_failed, 1);
  });

  test('wrong, other-channel, expired and used codes answer 2001; a target that is no account 2004', async () => {
    await $.reset({ cooldown: 0 });
    const email = TEST_USER.username;
    assertError(await $.byCode({ email, passCode: '123456' }), ERRORS.wrongCode, 'no code was sent');
    const code = await $.codeFor({ email });
    const wrong = code === '000000' ? '000001' : '000000';
    const answer = await $.byCode({ email, passCode: wrong });
    assertError(answer, ERRORS.wrongCode);
    assert.equal(answer.body.message, 'the verification code is wrong');
    // A wrong try leaves the code usable.
    dataOf(await $.byCode({ email, passCode: code }));
    const used = await $.byCode({ email, passCode: code });
    assertError(used, ERRORS.expiredCode);
    assert.equal(used.body.message, 'the verification code has expired');

    const register = await $.codeFor({ email, channel: 'CHANNEL_REGISTER' });
    assertError(await $.byCode({ email, passCode: register }), ERRORS.wrongCode, 'a CHANNEL_REGISTER code');
    // A new send replaces the old code.
    const older = await $.codeFor({ email });
    const newer = await $.codeFor({ email });
    if (older !== newer) assertError(await $.byCode({ email, passCode: older }), ERRORS.wrongCode, 'a replaced code');
    // Expired by the test route.
    const before = Date.now();
    assert.deepEqual(await api.testApi('/__test/passcodes/expire', {}), { ok: true, expired: 1 });
    assert.ok((await $.passcodes())[email].expiresAt <= Date.now() && (await $.passcodes())[email].expiresAt >= before - 5);
    assertError(await $.byCode({ email, passCode: newer }), ERRORS.expiredCode, 'expired');

    // No account: 2004, code or not (a phone without country code is a +86 one).
    const nobody = await $.codeFor({ email: 'nobody@example.com' });
    assertError(await $.byCode({ email: 'nobody@example.com', passCode: nobody }), ERRORS.accountNotFound);
    const china = await $.codeFor({ phoneNumber: '5555550100' }, '+865555550100');
    assertError(await $.byCode({ phone: '5555550100', passCode: china }), ERRORS.accountNotFound);
    assertError(await $.byCode({ phone: '5555550100', phoneCountryCode: '+44', passCode: '123456' }), ERRORS.accountNotFound);
  });

  test('bad PASSCODE bodies answer 40001; LDAP and AD stay 40003', async () => {
    await $.reset();
    const cases = [
      ['no passCodePayload', { connection: 'PASSCODE' }],
      ['passCodePayload a string', { connection: 'PASSCODE', passCodePayload: '123456' }],
      ['only a passwordPayload', { connection: 'PASSCODE', passwordPayload: { account: TEST_USER.username, password: TEST_USER.password } }],
      ['no passCode', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username } }],
      ['passCode a number', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, passCode: 123456 } }],
      ['neither email nor phone', { connection: 'PASSCODE', passCodePayload: { passCode: '123456' } }],
      ['both email and phone', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, phone: TEST_PHONE, passCode: '123456' } }],
      ['not an email', { connection: 'PASSCODE', passCodePayload: { email: 'test', passCode: '123456' } }],
      ['not a phone', { connection: 'PASSCODE', passCodePayload: { phone: 'phone', passCode: '123456' } }],
      ['bad country code', { connection: 'PASSCODE', passCodePayload: { phone: '5555550100', phoneCountryCode: '+12345', passCode: '123456' } }],
      ['scope without openid', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, passCode: '123456' }, options: { scope: 'email' } }],
      ['options not an object', { connection: 'PASSCODE', passCodePayload: { email: TEST_USER.username, passCode: '123456' }, options: 'x' }],
    ];
    for (const [what, body] of cases) assertError(await $.signIn(body), ERRORS.badRequest, what);
    assertError(await $.signIn({ connection: 'LDAP', ldapPayload: { sAMAccountName: 'test', password: 'x' } }), ERRORS.unsupportedConnection, 'LDAP');
    assertError(await $.signIn({ connection: 'AD', adPayload: { sAMAccountName: 'test', password: 'x' } }), ERRORS.unsupportedConnection, 'AD');
    assert.equal((await stats()).api_signin_passcode, 0, 'only valid PASSCODE bodies count');
  });
});

describe('PASSWORD sign-in: throttling, the locked and the MFA account', () => {
  const api = useProvider();
  const { stats } = api;
  const $ = apiOf(api);

  test(`${THROTTLE.attempts} wrong passwords block the identifier (429, the right password too) until reset`, async () => {
    await $.reset();
    assert.deepEqual(THROTTLE, { attempts: 5, windowMs: 600_000 });
    for (let i = 0; i < 5; i++) assertError(await $.byPassword({ account: TEST_USER.username, password: `wrong-${i}` }), ERRORS.wrongPassword, `try ${i + 1}`);
    for (const password of [TEST_USER.password, 'wrong']) {
      const blocked = await $.byPassword({ account: TEST_USER.username, password });
      assertError(blocked, ERRORS.throttled);
      assert.equal(blocked.body.message, 'too many attempts');
    }
    // The identifier ignores case and field; another identifier of the same account is not blocked.
    assertError(await $.byPassword({ email: 'Test@Example.com', password: TEST_USER.password }), ERRORS.throttled);
    dataOf(await $.byPassword({ username: 'testuser', password: TEST_USER.password }));
    // Unknown accounts are counted the same way (no probing).
    for (let i = 0; i < 5; i++) assertError(await $.byPassword({ account: 'nobody', password: 'x' }), ERRORS.wrongPassword);
    assertError(await $.byPassword({ account: 'nobody', password: 'x' }), ERRORS.throttled);
    let counted = await stats();
    assert.equal(counted.api_signin_throttled, 4);
    assert.equal(counted.api_signin_ok, 1);

    await $.reset();
    dataOf(await $.byPassword({ account: TEST_USER.username, password: TEST_USER.password }));
    counted = await stats();
    assert.equal(counted.api_signin_throttled, 0);
  });

  test('locked@example.com answers 2005 whatever the password or code; mfa@example.com 1636 with an mfaToken', async () => {
    await $.reset();
    for (const password of [TEST_USER.password, 'wrong', 'x', 'y', 'z', 'w', 'v']) {
      const locked = await $.byPassword({ account: 'locked@example.com', password });
      assertError(locked, ERRORS.locked);
      assert.equal(locked.body.message, 'the account is locked');
    }
    assertError(await $.byPassword({ username: 'LOCKED', password: 'x' }), ERRORS.locked, 'by username');
    const lockedCode = await $.codeFor({ email: 'locked@example.com' });
    assertError(await $.byCode({ email: 'locked@example.com', passCode: lockedCode }), ERRORS.locked, 'by code');

    const tokens = new Set();
    for (let i = 0; i < 2; i++) {
      const mfa = await $.byPassword({ account: 'mfa@example.com', password: 'Passw0rd!' });
      assert.equal(mfa.status, 200);
      assert.deepEqual(Object.keys(mfa.body).sort(), ['apiCode', 'data', 'message', 'requestId', 'statusCode']);
      assert.equal(mfa.body.statusCode, 400);
      assert.equal(mfa.body.apiCode, 1636);
      assert.equal(mfa.body.message, 'MFA is required for this app');
      assert.deepEqual(mfa.body.data.mfaEnabledFactors, ['OTP']);
      assert.match(mfa.body.data.mfaToken, /^[\w-]{24,}$/);
      tokens.add(mfa.body.data.mfaToken);
    }
    assert.equal(tokens.size, 2, 'a fresh mfaToken each time');
    assertError(await $.byPassword({ account: 'mfa@example.com', password: 'wrong' }), ERRORS.wrongPassword);
    const mfaCode = await $.codeFor({ email: 'mfa@example.com' });
    const byCode = await $.byCode({ email: 'mfa@example.com', passCode: mfaCode });
    assert.equal(byCode.body.apiCode, 1636, JSON.stringify(byCode.body));
    assert.deepEqual(byCode.body.data.mfaEnabledFactors, ['OTP']);
    assert.equal((await stats()).api_signin_ok, 0);
  });

  test('the sign-in form refuses the locked and the MFA account', async () => {
    const jar = new CookieJar();
    for (const username of ['locked@example.com', 'mfa@example.com']) {
      await assert.rejects(signInAtForm(jar, api.provider.issuer, { redirectUri: REDIRECT, username, password: TEST_USER.password }), /sign-in stopped/);
    }
  });
});

describe('sign-up (/api/v3/signup)', () => {
  const api = useProvider();
  const { stats, me, testApi } = api;
  const $ = apiOf(api);
  const signUpByPassword = (passwordPayload, extra = {}) => $.signUp({ connection: 'PASSWORD', passwordPayload, ...extra });
  const signUpByCode = (passCodePayload, extra = {}) => $.signUp({ connection: 'PASSCODE', passCodePayload, ...extra });

  test('PASSWORD: a UserDto with the spec\'s required fields; the account signs in everywhere with its claims', async () => {
    await $.reset();
    const user = dataOf(await signUpByPassword({ username: 'newbie', email: 'New@Example.com', password: 'secret1' }, { profile: { nickname: 'Newbie', company: 'ignored' } }));
    assert.deepEqual(missingRequired('UserDto', user), []);
    const { createdAt, updatedAt, ...rest } = user;
    assert.ok(Math.abs(Date.parse(createdAt) - Date.now()) < 10_000 && updatedAt === createdAt, createdAt);
    assert.deepEqual(rest, {
      userId: 'user-signup-1',
      status: 'Activated',
      workStatus: 'Active',
      gender: 'U',
      emailVerified: false,
      phoneVerified: false,
      userSourceType: 'register',
      userSourceId: APP_ID,
      loginsCount: 0,
      username: 'newbie',
      email: 'new@example.com',
      nickname: 'Newbie',
    });

    // PASSWORD sign-in by username, email or account; the ID token's and /oidc/me's claims.
    for (const payload of [{ username: 'NEWBIE' }, { email: 'new@example.com' }, { account: 'newbie' }]) {
      const tokens = dataOf(await $.byPassword({ ...payload, password: 'secret1' }, { scope: 'openid profile email' }));
      const id = verifyRs256(tokens.id_token, api.jwks);
      assert.deepEqual([id.sub, id.email, id.email_verified, id.preferred_username, id.name], ['user-signup-1', 'new@example.com', false, 'newbie', 'Newbie']);
      assert.equal((await (await me(tokens.access_token)).json()).sub, 'user-signup-1');
    }
    assertError(await $.byPassword({ username: 'newbie', password: TEST_USER.password }), ERRORS.wrongPassword);
    // PASSCODE sign-in for its email.
    const code = await $.codeFor({ email: 'new@example.com' });
    assert.equal(verifyRs256(dataOf(await $.byCode({ email: 'new@example.com', passCode: code })).id_token, api.jwks).sub, 'user-signup-1');
    // The sign-in form, then the code flow.
    const jar = new CookieJar();
    const signedIn = await signInAtForm(jar, api.provider.issuer, { redirectUri: REDIRECT, username: 'newbie', password: 'secret1' });
    const exchanged = await postForm(`${api.provider.issuer}/token`, {
      grant_type: 'authorization_code', client_id: APP_ID, code: signedIn.code, redirect_uri: REDIRECT, code_verifier: signedIn.verifier,
    });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    assert.equal(verifyRs256(exchanged.body.id_token, api.jwks).name, 'Newbie');

    // An email-only account: user-signup-2, named by its email.
    const second = dataOf(await signUpByPassword({ email: 'second@example.com', password: '123456' }));
    assert.equal(second.userId, 'user-signup-2');
    assert.equal(second.username, undefined);
    const id = verifyRs256(dataOf(await $.byPassword({ email: 'second@example.com', password: '123456' })).id_token, api.jwks);
    assert.equal(id.name, 'second@example.com');
    assert.equal(id.preferred_username, undefined);
    const counted = await stats();
    assert.equal(counted.api_signup, 2);
    assert.equal(counted.api_signup_ok, 2);
  });

  test('PASSCODE: a CHANNEL_REGISTER code of an email or phone registers it verified; then PASSCODE sign-in', async () => {
    await $.reset({ cooldown: 0 });
    const byEmail = dataOf(await signUpByCode({ email: 'Fresh@Example.com', passCode: await $.codeFor({ email: 'fresh@example.com', channel: 'CHANNEL_REGISTER' }) }));
    assert.deepEqual(missingRequired('UserDto', byEmail), []);
    assert.equal(byEmail.email, 'fresh@example.com');
    assert.equal(byEmail.emailVerified, true);
    assert.equal(byEmail.phone, undefined);
    const emailTokens = dataOf(await $.byCode({ email: 'fresh@example.com', passCode: await $.codeFor({ email: 'fresh@example.com' }) }));
    const emailId = verifyRs256(emailTokens.id_token, api.jwks);
    assert.deepEqual([emailId.sub, emailId.email, emailId.email_verified], [byEmail.userId, 'fresh@example.com', true]);
    // No password: PASSWORD sign-in never works for it.
    assertError(await $.byPassword({ email: 'fresh@example.com', password: 'anything' }), ERRORS.wrongPassword);

    const register = await $.codeFor({ phoneNumber: '13800138000', channel: 'CHANNEL_REGISTER' }, '+8613800138000');
    const byPhone = dataOf(await signUpByCode({ phone: '13800138000', passCode: register }, { profile: { nickname: 'Phone User' } }));
    assert.deepEqual(missingRequired('UserDto', byPhone), []);
    assert.deepEqual([byPhone.userId, byPhone.phone, byPhone.phoneCountryCode, byPhone.phoneVerified, byPhone.emailVerified, byPhone.nickname],
      ['user-signup-2', '13800138000', '+86', true, false, 'Phone User']);
    const login = await $.codeFor({ phoneNumber: '13800138000', phoneCountryCode: '+86' }, '+8613800138000');
    const phoneId = verifyRs256(dataOf(await $.byCode({ phone: '13800138000', phoneCountryCode: '+86', passCode: login })).id_token, api.jwks);
    assert.deepEqual([phoneId.sub, phoneId.phone_number, phoneId.phone_number_verified, phoneId.name], ['user-signup-2', '+8613800138000', true, 'Phone User']);
  });

  test('passwordEncryptType rsa is decrypted as for sign-in; sm2 answers 40004', async () => {
    await $.reset();
    const pem = (await $.call('GET', '/api/v3/system')).body.rsa.publicKey;
    const password = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('secret-rsa')).toString('base64');
    dataOf(await signUpByPassword({ username: 'rsa-user', password }, { options: { passwordEncryptType: 'rsa', context: {} } }));
    dataOf(await $.byPassword({ username: 'rsa-user', password: 'secret-rsa' }));
    const short = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('abc')).toString('base64');
    assertError(await signUpByPassword({ username: 'rsa-2', password: short }, { options: { passwordEncryptType: 'rsa' } }), CODE_ERRORS.passwordTooShort, 'decrypted, then measured');
    assertError(await signUpByPassword({ username: 'rsa-2', password: 'plain-text' }, { options: { passwordEncryptType: 'rsa' } }), ERRORS.undecryptable);
    assertError(await signUpByPassword({ username: 'sm2-user', password: 'secret1' }, { options: { passwordEncryptType: 'sm2' } }), ERRORS.unsupportedEncryption);
  });

  test('errors: 40001 bad body, 2029 short password, 2026 taken identifier, 2001 wrong or expired code', async () => {
    await $.reset({ cooldown: 0 });
    dataOf(await signUpByPassword({ username: 'taken', email: 'taken@example.com', password: 'secret1' }));
    const bad = [
      ['no connection', { passwordPayload: { username: 'a1', password: 'secret1' } }],
      ['connection LDAP', { connection: 'LDAP', passwordPayload: { username: 'a1', password: 'secret1' } }],
      ['no passwordPayload', { connection: 'PASSWORD' }],
      ['no password', { connection: 'PASSWORD', passwordPayload: { username: 'a1' } }],
      ['password a number', { connection: 'PASSWORD', passwordPayload: { username: 'a1', password: 1234567 } }],
      ['no username or email', { connection: 'PASSWORD', passwordPayload: { password: 'secret1' } }],
      ['username with a space', { connection: 'PASSWORD', passwordPayload: { username: 'a b', password: 'secret1' } }],
      ['username empty', { connection: 'PASSWORD', passwordPayload: { username: '', password: 'secret1' } }],
      ['not an email', { connection: 'PASSWORD', passwordPayload: { email: 'nope', password: 'secret1' } }],
      ['profile a string', { connection: 'PASSWORD', passwordPayload: { username: 'a1', password: 'secret1' }, profile: 'x' }],
      ['nickname a number', { connection: 'PASSWORD', passwordPayload: { username: 'a1', password: 'secret1' }, profile: { nickname: 7 } }],
      ['options an array', { connection: 'PASSWORD', passwordPayload: { username: 'a1', password: 'secret1' }, options: [] }],
      ['unknown encrypt type', { connection: 'PASSWORD', passwordPayload: { username: 'a1', password: 'secret1' }, options: { passwordEncryptType: 'aes' } }],
      ['no passCodePayload', { connection: 'PASSCODE' }],
      ['no passCode', { connection: 'PASSCODE', passCodePayload: { email: 'a1@example.com' } }],
      ['neither email nor phone', { connection: 'PASSCODE', passCodePayload: { passCode: '123456' } }],
      ['both email and phone', { connection: 'PASSCODE', passCodePayload: { email: 'a1@example.com', phone: '13800138001', passCode: '123456' } }],
    ];
    for (const [what, body] of bad) assertError(await $.signUp(body), ERRORS.badRequest, what);
    assertError(await $.signUp(undefined, { raw: '{' }), ERRORS.badRequest, 'not JSON');

    for (const password of ['12345', '']) {
      const short = await signUpByPassword({ username: 'a1', password });
      assertError(short, CODE_ERRORS.passwordTooShort, JSON.stringify(password));
      assert.equal(short.body.apiCode, 2029);
    }

    const taken = [
      ['the test user\'s email', { email: 'TEST@example.com' }],
      ['the test user\'s username', { username: 'testuser' }],
      ['the test user\'s email as username', { username: TEST_USER.username }],
      ['the locked account\'s email', { email: 'locked@example.com' }],
      ['an earlier sign-up\'s username', { username: 'Taken' }],
      ['an earlier sign-up\'s email', { email: 'taken@example.com', username: 'someone-new' }],
    ];
    for (const [what, payload] of taken) assertError(await signUpByPassword({ ...payload, password: 'secret1' }), CODE_ERRORS.userExists, what);
    // PASSCODE too, before the code is looked at (it stays usable).
    const phoneCode = await $.codeFor({ phoneNumber: '5555550100', phoneCountryCode: '+1', channel: 'CHANNEL_REGISTER' }, TEST_PHONE);
    assertError(await signUpByCode({ phone: '5555550100', phoneCountryCode: '+1', passCode: phoneCode }), CODE_ERRORS.userExists, 'the test user\'s phone');
    const emailCode = await $.codeFor({ email: TEST_USER.username, channel: 'CHANNEL_REGISTER' });
    assertError(await signUpByCode({ email: TEST_USER.username, passCode: emailCode }), CODE_ERRORS.userExists, 'the test user\'s email');
    assert.equal((await $.passcodes())[TEST_USER.username].used, false);

    const email = 'later@example.com';
    assertError(await signUpByCode({ email, passCode: '123456' }), CODE_ERRORS.wrongCode, 'no code sent');
    const login = await $.codeFor({ email });
    assertError(await signUpByCode({ email, passCode: login }), CODE_ERRORS.wrongCode, 'a CHANNEL_LOGIN code');
    const register = await $.codeFor({ email, channel: 'CHANNEL_REGISTER' });
    assertError(await signUpByCode({ email, passCode: register === '999999' ? '999998' : '999999' }), CODE_ERRORS.wrongCode, 'a wrong code');
    await testApi('/__test/passcodes/expire', {});
    const expired = await signUpByCode({ email, passCode: register });
    assertError(expired, CODE_ERRORS.expiredCode);
    assert.equal(expired.body.message, 'the verification code has expired');
    assertError(await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'x1', password: 'secret1' } }, { appId: null }), ERRORS.appIdMissing);
    assertError(await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'x1', password: 'secret1' } }, { appId: 'other-app' }), ERRORS.appUnknown);

    const counted = await stats();
    assert.equal(counted.api_signup_ok, 1);
    assert.equal(counted.api_signup, counted.api_signup_ok + counted.api_signup_failed);
    assert.equal(counted.api_signup_failed, bad.length + 1 + 2 + taken.length + 2 + 4);
  });

  test('/__test/reset forgets the registered accounts', async () => {
    await $.reset();
    dataOf(await signUpByPassword({ username: 'ephemeral', password: 'secret1' }));
    const tokens = dataOf(await $.byPassword({ username: 'ephemeral', password: 'secret1' }));
    await $.reset();
    assertError(await $.byPassword({ username: 'ephemeral', password: 'secret1' }), ERRORS.wrongPassword);
    assert.equal((await me(tokens.access_token)).status, 401, 'its account is gone');
    assert.equal(dataOf(await signUpByPassword({ username: 'ephemeral', password: 'secret1' })).userId, 'user-signup-1');
  });
});

/** Starts an authorization at /oidc/auth as a browser would; resolves { step, verifier, state }. */
async function authorize(jar, issuer, { clientId = APP_ID, redirectUri = REDIRECT, extra = {} } = {}) {
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(9));
  const params = new URLSearchParams({
    client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile email', state, nonce: state,
    code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  });
  return { step: await jar.follow(`${issuer}/auth?${params}`, redirectUri), verifier, state };
}

/** Submits the first form of the page `step` stopped at with `fields`; resolves the next step. */
async function submit(jar, step, fields, redirectUri = REDIRECT) {
  const form = parseForm(await step.response.text(), step.url);
  return jar.follow(form.action, redirectUri, { method: 'POST', body: new URLSearchParams({ ...form.inputs, ...fields }) });
}

describe('identity sources (extidp.mjs)', () => {
  const api = useProvider();
  const { stats } = api;
  const $ = apiOf(api);
  const origin = () => api.provider.url;

  test('get-application-enabled-extidps: GitHub and WeChat as ExtIdpInfoDto; their logos; bindUrl starts the sign-in', async () => {
    await $.reset();
    const sources = dataOf(await $.call('GET', '/api/v3/get-application-enabled-extidps'));
    assert.deepEqual(sources, [
      {
        identifier: 'github', extIdpId: 'local-github', type: 'github', extIdpType: 'social', name: 'GitHub', name_en: 'GitHub',
        logo: `${origin()}/assets/extidp/github.svg`, bindUrl: `${origin()}/api/v3/signin-by-extidp?ext_idp_conn_id=local-github`,
      },
      {
        identifier: 'wechat', extIdpId: 'local-wechat', type: 'wechat', extIdpType: 'social', name: '微信', name_en: 'WeChat',
        logo: `${origin()}/assets/extidp/wechat.svg`, bindUrl: `${origin()}/api/v3/signin-by-extidp?ext_idp_conn_id=local-wechat`,
      },
    ]);
    for (const source of sources) {
      assert.deepEqual(missingRequired('ExtIdpInfoDto', source), []);
      assert.ok(SCHEMAS.ExtIdpInfoDto.properties.type.enum.includes(source.type));
      const logo = await fetch(source.logo);
      assert.equal(logo.status, 200);
      assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
      assert.equal(logo.headers.get('access-control-allow-origin'), '*');
      assert.match(await logo.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    }
    assert.equal((await fetch(`${origin()}/assets/extidp/gitlab.svg`)).status, 404);
    assertError(await $.call('GET', '/api/v3/get-application-enabled-extidps', undefined, { appId: null }), ERRORS.appIdMissing);
    assertError(await $.call('GET', '/api/v3/get-application-enabled-extidps', undefined, { appId: 'other-app' }), ERRORS.appUnknown);

    // The bindUrl with the OIDC parameters: /oidc/auth with the same query.
    const bind = await fetch(`${sources[0].bindUrl}&client_id=${APP_ID}&scope=openid`, { redirect: 'manual' });
    assert.equal(bind.status, 302);
    assert.equal(bind.headers.get('location'), `${api.provider.issuer}/auth?ext_idp_conn_id=local-github&client_id=${APP_ID}&scope=openid`);
    const counted = await stats();
    assert.equal(counted.api_extidps, 1);
    assert.equal(counted.signin_by_extidp, 1);
  });

  test('ext_idp_conn_id: the simulated consent page; Authorize signs in as the test user, with a session', async () => {
    await $.reset();
    for (const source of Object.values(IDENTITY_SOURCES)) {
      const jar = new CookieJar();
      const { step, verifier, state } = await authorize(jar, api.provider.issuer, { extra: { ext_idp_conn_id: source.extIdpId } });
      assert.equal(step.response?.status, 200, step.url);
      const page = await step.response.clone().text();
      assert.match(page, new RegExp(`<title>Sign in with ${source.name_en} \\(simulated\\)</title>`));
      assert.match(page, /<button type="submit" name="decision" value="authorize" id="extidp-authorize">Authorize<\/button>/);
      assert.match(page, /id="extidp-deny"/);
      assert.doesNotMatch(page, /id="login-form"/, 'not the password form');
      const done = await submit(jar, step, { decision: 'authorize' });
      assert.ok(done.url.startsWith(REDIRECT), done.url);
      const callback = new URL(done.url);
      assert.equal(callback.searchParams.get('state'), state);
      const tokens = await postForm(`${api.provider.issuer}/token`, {
        grant_type: 'authorization_code', client_id: APP_ID, code: callback.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: verifier,
      });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      assert.equal(verifyRs256(tokens.body.id_token, api.jwks).sub, TEST_USER.sub);
      // A real session: prompt=none signs in again without a page.
      const silent = await authorize(jar, api.provider.issuer, { extra: { prompt: 'none' } });
      assert.ok(!silent.step.response && new URL(silent.step.url).searchParams.get('code'), silent.step.url);
    }
    const counted = await stats();
    assert.equal(counted.extidp_page, 2);
    assert.equal(counted.extidp_authorize, 2);
    assert.equal(counted.login_page, 0);
  });

  test('web_message: the authorized consent answers the opener like a password sign-in', async () => {
    const jar = new CookieJar();
    const { step } = await authorize(jar, api.provider.issuer, { extra: { ext_idp_conn_id: 'local-wechat', response_mode: 'web_message' } });
    const done = await submit(jar, step, { decision: 'authorize' });
    assert.equal(done.response?.status, 200, done.url);
    const page = await done.response.text();
    assert.match(page, /type: 'authorization_response'/);
    assert.match(page, /"code":"[\w-]+"/);
    assert.match(page, /postMessage\(message, "http:\/\/localhost:5173"\)/);
  });

  test('Deny ends the authorization with access_denied', async () => {
    await $.reset();
    const jar = new CookieJar();
    const { step, state } = await authorize(jar, api.provider.issuer, { extra: { ext_idp_conn_id: 'local-github' } });
    const done = await submit(jar, step, { decision: 'deny' });
    const callback = new URL(done.url);
    assert.equal(callback.searchParams.get('error'), 'access_denied', done.url);
    assert.equal(callback.searchParams.get('state'), state);
    assert.equal(callback.searchParams.get('code'), null);
    // Neither decision: the page again, and the sign-in goes on.
    const otherJar = new CookieJar();
    const other = await authorize(otherJar, api.provider.issuer, { extra: { ext_idp_conn_id: 'local-github' } });
    const form = parseForm(await other.step.response.text(), other.step.url);
    const neither = await otherJar.fetch(form.action, { method: 'POST', body: new URLSearchParams({ decision: 'maybe' }) });
    assert.equal(neither.status, 400);
    assert.match(await neither.text(), /id="extidp-error" role="alert">Choose Authorize or Deny\.</);
    const again = { url: other.step.url, response: await otherJar.fetch(other.step.url) };
    const authorized = await submit(otherJar, again, { decision: 'authorize' });
    assert.ok(new URL(authorized.url).searchParams.get('code'), authorized.url);
    const counted = await stats();
    assert.equal(counted.extidp_deny, 1);
    assert.equal(counted.extidp_authorize, 1);
  });

  test('an ext_idp_conn_id that names no source of the app: an error page, then invalid_request naming it', async () => {
    await $.reset();
    for (const connId of ['local-gitlab', 'github']) {
      const jar = new CookieJar();
      const { step, state } = await authorize(jar, api.provider.issuer, { extra: { ext_idp_conn_id: connId } });
      assert.equal(step.response?.status, 400, step.url);
      const page = await step.response.clone().text();
      assert.match(page, /id="error-error">invalid_request</);
      assert.match(page, new RegExp(`id="error-error_description">[^<]*&quot;${connId}&quot;`));
      assert.match(page, /\.submit\(\)/, 'it goes on by itself');
      const done = await submit(jar, step, {});
      const callback = new URL(done.url);
      assert.equal(callback.searchParams.get('error'), 'invalid_request', done.url);
      assert.match(callback.searchParams.get('error_description'), new RegExp(`"${connId}" is not an identity source enabled for ${APP_ID}`));
      assert.equal(callback.searchParams.get('state'), state);
    }
    assert.equal((await stats()).extidp_unknown, 2);
  });

  test('CORS: the new /api/v3 routes answer loopback origins; preflights allow the SDK\'s headers', async () => {
    const routes = [
      ['POST', '/api/v3/send-sms'], ['POST', '/api/v3/send-email'], ['POST', '/api/v3/signup'],
      ['GET', '/api/v3/get-application-enabled-extidps'], ['POST', '/api/v3/signin'],
    ];
    for (const [method, path] of routes) {
      const preflight = await fetch(`${origin()}${path}`, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,x-authing-app-id,authorization,x-authing-lang' },
      });
      assert.equal(preflight.status, 204, path);
      assert.equal(preflight.headers.get('access-control-allow-origin'), APP, path);
      assert.ok(preflight.headers.get('access-control-allow-methods').includes(method), path);
      const allowed = preflight.headers.get('access-control-allow-headers').toLowerCase();
      for (const header of ['content-type', 'x-authing-app-id', 'authorization', 'x-authing-lang']) assert.ok(allowed.includes(header), `${path}: ${header}`);
      const answer = await $.call(method, path, method === 'POST' ? {} : undefined, { headers: { origin: 'http://127.0.0.1:5175' } });
      assert.equal(answer.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5175', path);
      const remote = await $.call(method, path, method === 'POST' ? {} : undefined, { headers: { origin: 'https://evil.example' } });
      assert.equal(remote.headers.get('access-control-allow-origin'), null, path);
    }
  });
});

describe('client SPEC signup=off and extidps=, --passcode-cooldown, --passcode-ttl', () => {
  const api = useProvider({
    provider: {
      passcodeCooldown: 0,
      passcodeTtl: 1,
      clients: [
        { id: APP_ID, redirect: [REDIRECT], extidps: ['github'], signup: false },
        { id: 'bare-app', redirect: [REDIRECT], extidps: [] },
      ],
    },
  });
  const $ = apiOf(api);

  test('signup=off answers 2031 for any sign-up; another app may sign up', async () => {
    await $.reset();
    const refused = await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'nope', password: 'secret1' } });
    assertError(refused, CODE_ERRORS.signUpDisabled);
    assertError(await $.signUp({ connection: 'NOPE' }), CODE_ERRORS.signUpDisabled, 'the app comes first');
    assert.equal(dataOf(await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'yes', password: 'secret1' } }, { appId: 'bare-app' })).username, 'yes');
  });

  test('extidps=github lists GitHub only, extidps=none nothing; a source the app lacks is invalid_request', async () => {
    await $.reset();
    assert.deepEqual(dataOf(await $.call('GET', '/api/v3/get-application-enabled-extidps')).map((s) => s.identifier), ['github']);
    assert.deepEqual(dataOf(await $.call('GET', '/api/v3/get-application-enabled-extidps', undefined, { appId: 'bare-app' })), []);
    const jar = new CookieJar();
    const { step } = await authorize(jar, api.provider.issuer, { extra: { ext_idp_conn_id: 'local-wechat' } });
    const done = await submit(jar, step, {});
    assert.equal(new URL(done.url).searchParams.get('error'), 'invalid_request', done.url);
    const github = await authorize(new CookieJar(), api.provider.issuer, { extra: { ext_idp_conn_id: 'local-github' } });
    assert.equal(github.step.response?.status, 200);
  });

  test('--passcode-cooldown 0 lets a target get codes back to back; --passcode-ttl 1 expires them after a second', async () => {
    await $.reset();
    const first = await $.codeFor({ email: TEST_USER.username });
    const second = await $.codeFor({ email: TEST_USER.username });
    assert.ok(first && second);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assertError(await $.byCode({ email: TEST_USER.username, passCode: second }), ERRORS.expiredCode);
  });
});

describe('codes, PASSCODE sign-in, sign-up and identity sources through Prism (spec/authentication-openapi.json)', () => {
  const skip = findPrism() ? false : 'Prism is not installed (npm install)';
  const api = useProvider({ prism: true, skip });
  const $ = apiOf(api);
  // The spec gives send-sms, send-email and get-application-enabled-extidps a bearer scheme: send one
  // (any token; the provider ignores it), as for /api/v3/system in password.test.mjs.
  const bearer = { headers: { authorization: 'Bearer x' } };
  const clean = (answer, allowed = []) => {
    const unexpected = answer.violations.filter((v) => !allowed.includes(v.message));
    assert.deepEqual(unexpected, [], JSON.stringify(answer.violations));
    return answer;
  };

  test('every success and the code errors: no violations but error envelopes\' missing data', { skip }, async () => {
    await $.reset();
    // Codes, and the cooldown answer (SendSMSRespDto / SendEmailRespDto have no data to miss).
    clean(await $.sendSms({ phoneNumber: '5555550100', phoneCountryCode: '+1', channel: 'CHANNEL_LOGIN' }, bearer));
    clean(await $.sendEmail({ email: 'new@example.com', channel: 'CHANNEL_REGISTER' }, bearer));
    assert.equal(clean(await $.sendEmail({ email: 'new@example.com', channel: 'CHANNEL_REGISTER' }, bearer)).body.statusCode, 429);
    const codes = await $.passcodes();

    const tokens = clean(await $.byCode({ phone: '5555550100', phoneCountryCode: '+1', passCode: codes[TEST_PHONE].code }, { scope: 'openid profile offline_access' }));
    assert.ok(dataOf(tokens).refresh_token);
    const user = clean(await $.signUp({ connection: 'PASSCODE', passCodePayload: { email: 'new@example.com', passCode: codes['new@example.com'].code }, profile: { nickname: 'New' } }));
    assert.equal(dataOf(user).emailVerified, true);
    const byPassword = clean(await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'newbie', email: 'newbie@example.com', password: 'secret1' }, options: { passwordEncryptType: 'none', context: {} } }));
    assert.equal(dataOf(byPassword).userId, 'user-signup-2');
    assert.ok(dataOf(clean(await $.byPassword({ username: 'newbie', password: 'secret1' }))).access_token);
    assert.equal(dataOf(clean(await $.call('GET', '/api/v3/get-application-enabled-extidps', undefined, bearer))).length, 2);

    // Error envelopes: only the missing data is flagged (the spec documents the success shape).
    for (const answer of [
      await $.byCode({ email: TEST_USER.username, passCode: '000000' }),
      await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'newbie', password: 'secret1' } }),
      await $.signUp({ connection: 'PASSWORD', passwordPayload: { username: 'shorty', password: '123' } }),
      await $.byPassword({ account: 'locked@example.com', password: 'x' }),
    ]) {
      assert.deepEqual(answer.violations.map((v) => v.message), [NO_DATA], JSON.stringify(answer.body));
    }
    // The MFA answer has data, though not a LoginTokenResponseDataDto: Prism says which fields it lacks.
    const mfa = await $.byPassword({ account: 'mfa@example.com', password: 'Passw0rd!' });
    assert.equal(mfa.body.apiCode, 1636);
    assert.ok(mfa.violations.every((v) => v.location?.[0] !== 'request'), JSON.stringify(mfa.violations));
  });
});
