// Authing's verification codes (/api/v3/send-sms, /api/v3/send-email) and sign-up (/api/v3/signup)
// for the local provider. Mounted by server.mjs after password.mjs, which signs in with the codes
// (connection PASSCODE: server.passcode.consume):
//   server.passcode = createPasscodeLogin({ options, server });
//   if (await server.passcode.handle(req, res, pathname)) return;   (false for anything else)
//   extendPasscodeTestRoutes(TEST_ROUTES);
//
// API (spec/authentication-openapi.json; x-authing-app-id required on every route):
//   POST /api/v3/send-sms   (MessageV3Controller_sendSms)   { phoneNumber, channel, phoneCountryCode? }
//   POST /api/v3/send-email (MessageV3Controller_sendEmail) { email, channel }
//        -> SendSMSRespDto / SendEmailRespDto envelope { statusCode: 200, message: '', requestId }
//        (no data). channel: one of the spec's enum of that route (SMS_CHANNELS, EMAIL_CHANNELS).
//        Each send issues a fresh 6-digit code (crypto random) to the target, for that channel,
//        valid `ttl` seconds (300) and once; it replaces the target's earlier code, whatever its
//        channel. Targets: emails trimmed and in lower case; phones as +<code><number>
//        (phoneCountryCode, '+86' when absent, before phoneNumber; a phoneNumber that starts with +
//        is already full; spaces and dashes dropped). Nothing is sent anywhere: tests read the
//        codes at GET /__test/passcodes.
//   POST /api/v3/signup (SignUpV3Controller_signUp) -> UserSingleRespDto envelope, data = UserDto
//        { userId: 'user-signup-N', createdAt, updatedAt, status: 'Activated', workStatus:
//        'Active', gender: 'U', emailVerified, phoneVerified, userSourceType: 'register',
//        userSourceId: the app, loginsCount: 0, username?, email?, phone?, phoneCountryCode?,
//        nickname? }. The account is real (account.mjs: ID tokens, /oidc/me, both /api/v3/signin
//        connections, the sign-in form) until /__test/reset.
//        { connection: 'PASSWORD', passwordPayload: { password, username?, email? } (one at least),
//          options?: { passwordEncryptType?: none|rsa|sm2 } (as for /api/v3/signin) }
//        { connection: 'PASSCODE', passCodePayload: { passCode, email? | phone?, phoneCountryCode? } }
//          passCode: the target's live CHANNEL_REGISTER code; email or phone is verified then.
//        profile?: { nickname? } (the account's name claim: nickname, else username, email or
//        phone); other profile fields and options are accepted and ignored.
//
// Errors: HTTP 200 error envelopes { statusCode, apiCode?, message, requestId } (no data):
//   401 / 40101, 40102  no or unknown x-authing-app-id (envelope.mjs)
//   400 / 40001  bad body: not a JSON object; send: channel not in the route's enum, phoneNumber or
//                phoneCountryCode or email missing or implausible; signup: connection not PASSWORD
//                or PASSCODE, its payload missing, password not a string, no username or email,
//                passCode missing, not exactly one of email and phone, profile/options not objects
//   429 / -      send: a code went to this target less than `cooldown` seconds (60) ago; the
//                message says how long to wait
//   400 / 2031   signup: the app's client SPEC has signup=off (config.mjs)
//   400 / 2029   signup: password shorter than 6 characters
//   400 / 2026   signup: the username, email or phone already names an account
//   400 / 2001   signup (and PASSCODE sign-in, password.mjs): 'the verification code is wrong'
//                (not the target's latest code, or one for another channel); 'the verification code
//                has expired' (past its ttl, or used)
//   400 / 40004, 40005  signup: sm2, or an rsa password that does not decrypt (password.mjs)
//
// Test routes (JSON, loopback only): GET /__test/passcodes -> { "<target>": { code, channel,
// expiresAt (ms), used } } (each target's latest code); POST /__test/passcodes/expire -> every
// issued code expires now ({ ok, expired: count }; cooldowns are not touched); POST
// /__test/passcode-config { cooldown?: S (>= 0), ttl?: S (> 0) } -> { ok, config } until reset
// (defaults: --passcode-cooldown, --passcode-ttl). /__test/stats gains api_send_sms,
// api_send_email, api_send_failed, api_signup, api_signup_ok, api_signup_failed; /__test/reset
// also forgets every code, the settings and the registered accounts.
import { randomInt } from 'node:crypto';

import { findByIdentifier, normaliseEmail, normalisePhone, registerAccount, resetAccounts } from './account.mjs';
import {
  APP_ERRORS, failure, isObject, jsonObjectBody, sendData, sendDone, sendError, serveWithAppId,
} from './envelope.mjs';
import { extendModuleTestRoutes } from './stats.mjs';

/** The spec's SendSMSDto.channel enum. */
export const SMS_CHANNELS = [
  'CHANNEL_LOGIN', 'CHANNEL_REGISTER', 'CHANNEL_RESET_PASSWORD', 'CHANNEL_BIND_PHONE', 'CHANNEL_UNBIND_PHONE',
  'CHANNEL_BIND_MFA', 'CHANNEL_VERIFY_MFA', 'CHANNEL_UNBIND_MFA', 'CHANNEL_COMPLETE_PHONE',
  'CHANNEL_IDENTITY_VERIFICATION', 'CHANNEL_DELETE_ACCOUNT',
];
/** The spec's SendEmailDto.channel enum. */
export const EMAIL_CHANNELS = [
  'CHANNEL_LOGIN', 'CHANNEL_REGISTER', 'CHANNEL_RESET_PASSWORD', 'CHANNEL_VERIFY_EMAIL_LINK', 'CHANNEL_UPDATE_EMAIL',
  'CHANNEL_BIND_EMAIL', 'CHANNEL_UNBIND_EMAIL', 'CHANNEL_VERIFY_MFA', 'CHANNEL_UNLOCK_ACCOUNT',
  'CHANNEL_COMPLETE_EMAIL', 'CHANNEL_DELETE_ACCOUNT',
];
export const SIGN_UP_CONNECTIONS = ['PASSWORD', 'PASSCODE'];
export const MIN_PASSWORD_LENGTH = 6;

export const ERRORS = {
  ...APP_ERRORS, // appIdMissing 40101, appUnknown 40102, badRequest 40001
  cooldown: [429, undefined, 'a code was sent to this target moments ago, wait before asking for another'],
  wrongCode: [400, 2001, 'the verification code is wrong'],
  expiredCode: [400, 2001, 'the verification code has expired'],
  userExists: [400, 2026, 'the user already exists'],
  passwordTooShort: [400, 2029, `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`],
  signUpDisabled: [400, 2031, 'sign-up is disabled for this application'],
};

const initialStats = () => ({
  api_send_sms: 0, api_send_email: 0, api_send_failed: 0, api_signup: 0, api_signup_ok: 0, api_signup_failed: 0,
});

/** An email target { target: { kind: 'email', value } }, or a failure. */
function emailTarget(email) {
  const value = typeof email === 'string' ? normaliseEmail(email) : undefined;
  return value ? { target: { kind: 'email', value } } : failure(ERRORS.badRequest, 'email is missing or does not look like an email address');
}

/** A phone target { target: { kind: 'phone', value: '+<code><number>', phone } }, or a failure. */
function phoneTarget(number, countryCode, field) {
  const phone = normalisePhone(number, countryCode);
  return phone
    ? { target: { kind: 'phone', value: phone.full, phone } }
    : failure(ERRORS.badRequest, `${field} is missing, or it or phoneCountryCode does not look like a phone number`);
}

/**
 * A passCodePayload (PASSCODE sign-in and sign-up) -> { passCode, target }, or a failure: passCode
 * and exactly one of email and phone (+ phoneCountryCode).
 */
export function passCodePayloadOf(payload) {
  if (!isObject(payload)) return failure(ERRORS.badRequest, 'passCodePayload is required for connection PASSCODE');
  const { passCode, email, phone, phoneCountryCode } = payload;
  if (typeof passCode !== 'string' || !passCode) return failure(ERRORS.badRequest, 'passCodePayload.passCode is required');
  if ((email === undefined) === (phone === undefined)) return failure(ERRORS.badRequest, 'passCodePayload needs either email or phone');
  const checked = email === undefined ? phoneTarget(phone, phoneCountryCode, 'phone') : emailTarget(email);
  return checked.error ? checked : { passCode, target: checked.target };
}

/** A send request's { target, channel }, or a failure. */
function sendRequestOf(body, kind) {
  if (!body) return failure(ERRORS.badRequest, 'the body must be a JSON object');
  const channels = kind === 'sms' ? SMS_CHANNELS : EMAIL_CHANNELS;
  if (!channels.includes(body.channel)) return failure(ERRORS.badRequest, `channel must be one of ${channels.join(', ')}`);
  const checked = kind === 'sms' ? phoneTarget(body.phoneNumber, body.phoneCountryCode, 'phoneNumber') : emailTarget(body.email);
  return checked.error ? checked : { target: checked.target, channel: body.channel };
}

/** The spec's UserDto of a registered account (undefined fields are left out by JSON). */
function userOf({ sub, createdAt, profile }) {
  return {
    userId: sub,
    createdAt,
    updatedAt: createdAt,
    status: 'Activated',
    workStatus: 'Active',
    gender: 'U',
    emailVerified: !!profile.emailVerified,
    phoneVerified: !!profile.phoneVerified,
    userSourceType: 'register',
    userSourceId: profile.clientId,
    loginsCount: 0,
    username: profile.username,
    email: profile.email,
    phone: profile.phone?.number,
    phoneCountryCode: profile.phone?.countryCode,
    nickname: profile.nickname,
  };
}

/**
 * @param {{ options: object, server: { password: object } }} deps  options parsed by config.mjs
 *        (passcodeCooldown, passcodeTtl, clients); server.password decodes sign-up passwords.
 */
export function createPasscodeLogin({ options, server }) {
  const codes = new Map(); // target -> { code, channel, sentAt, expiresAt, used }, the latest only
  let counts = initialStats();
  const defaults = () => ({ cooldown: options.passcodeCooldown ?? 60, ttl: options.passcodeTtl ?? 300 });
  let config = defaults();

  /** A fresh code for `target`, or the cooldown failure. */
  function issue({ value: target }, channel) {
    const now = Date.now();
    const last = codes.get(target);
    const wait = last ? Math.ceil((last.sentAt + config.cooldown * 1000 - now) / 1000) : 0;
    if (wait > 0) return failure(ERRORS.cooldown, `retry in ${wait} s`);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    codes.set(target, { code, channel, sentAt: now, expiresAt: now + config.ttl * 1000, used: false });
    return {};
  }

  /**
   * Uses up `target`'s code when `passCode` is its live code for `channel`; returns undefined then,
   * else the error (wrongCode, expiredCode) and the code stays as it was.
   */
  function consume(target, channel, passCode) {
    const entry = codes.get(target);
    if (!entry || entry.channel !== channel || entry.code !== passCode) return ERRORS.wrongCode;
    if (entry.used || Date.now() >= entry.expiresAt) return ERRORS.expiredCode;
    entry.used = true;
    return undefined;
  }

  async function send(req, res, kind) {
    counts[`api_send_${kind}`] += 1;
    const request = sendRequestOf(await jsonObjectBody(req), kind);
    const issued = request.error ? request : issue(request.target, request.channel);
    if (issued.error) {
      counts.api_send_failed += 1;
      return sendError(req, res, ...issued.error);
    }
    return sendDone(req, res);
  }

  /** The validated sign-up { username?, email?, password?, passCode?, target?, nickname }, or a failure. */
  function parseSignUp(body) {
    if (!body) return failure(ERRORS.badRequest, 'the body must be a JSON object');
    const { connection, profile = {}, options: signUpOptions = {} } = body;
    if (!SIGN_UP_CONNECTIONS.includes(connection)) return failure(ERRORS.badRequest, `connection must be one of ${SIGN_UP_CONNECTIONS.join(', ')}`);
    if (!isObject(profile) || (profile.nickname !== undefined && typeof profile.nickname !== 'string')) {
      return failure(ERRORS.badRequest, 'profile must be an object, its nickname a string');
    }
    if (!isObject(signUpOptions)) return failure(ERRORS.badRequest, 'options must be an object');
    const nickname = profile.nickname || undefined;
    if (connection === 'PASSCODE') {
      const credential = passCodePayloadOf(body.passCodePayload);
      return credential.error ? credential : { ...credential, nickname };
    }

    const payload = body.passwordPayload;
    if (!isObject(payload)) return failure(ERRORS.badRequest, 'passwordPayload is required for connection PASSWORD');
    if (typeof payload.password !== 'string') return failure(ERRORS.badRequest, 'passwordPayload.password must be a string');
    const { username, email } = payload;
    if (username === undefined && email === undefined) return failure(ERRORS.badRequest, 'passwordPayload needs username or email');
    if (username !== undefined && !(typeof username === 'string' && /^\S+$/.test(username))) {
      return failure(ERRORS.badRequest, 'passwordPayload.username must be a string without spaces');
    }
    const checkedEmail = email === undefined ? {} : emailTarget(email);
    if (checkedEmail.error) return checkedEmail;
    const decoded = server.password.decodePassword(payload.password, signUpOptions.passwordEncryptType);
    if (decoded.error) return decoded;
    if (decoded.password.length < MIN_PASSWORD_LENGTH) return failure(ERRORS.passwordTooShort);
    return { username, email: checkedEmail.target?.value, password: decoded.password, nickname };
  }

  /** Registers the parsed sign-up: { account }, or a failure (taken identifier, wrong code). */
  function register(parsed, clientId) {
    const { target } = parsed;
    const email = parsed.email ?? (target?.kind === 'email' ? target.value : undefined);
    const phone = target?.kind === 'phone' ? target.phone : undefined;
    const taken = [parsed.username, email, phone?.full].find((name) => name !== undefined && findByIdentifier('account', name));
    if (taken) return failure(ERRORS.userExists, taken);
    if (target) {
      const refused = consume(target.value, 'CHANNEL_REGISTER', parsed.passCode);
      if (refused) return failure(refused);
    }
    return {
      account: registerAccount({
        username: parsed.username,
        email,
        phone,
        password: parsed.password,
        nickname: parsed.nickname,
        emailVerified: target?.kind === 'email',
        phoneVerified: target?.kind === 'phone',
        clientId,
      }),
    };
  }

  async function signUp(req, res, clientId) {
    counts.api_signup += 1;
    const body = await jsonObjectBody(req);
    // The app's setting comes first, as Authing checks the app before the request.
    const enabled = options.clients.find((client) => client.id === clientId)?.signup !== false;
    const parsed = enabled ? parseSignUp(body) : failure(ERRORS.signUpDisabled, clientId);
    const done = parsed.error ? parsed : register(parsed, clientId);
    if (done.error) {
      counts.api_signup_failed += 1;
      return sendError(req, res, ...done.error);
    }
    counts.api_signup_ok += 1;
    return sendData(req, res, userOf(done.account));
  }

  const ROUTES = {
    'POST /api/v3/send-sms': (req, res) => send(req, res, 'sms'),
    'POST /api/v3/send-email': (req, res) => send(req, res, 'email'),
    'POST /api/v3/signup': signUp,
  };

  return {
    /** Serves POST /api/v3/send-sms, send-email and signup; resolves false for anything else. */
    handle: (req, res, pathname) => serveWithAppId(ROUTES, req, res, pathname, options.clients),
    consume,
    stats: () => ({ ...counts }),
    reset() {
      codes.clear();
      counts = initialStats();
      config = defaults();
      resetAccounts();
    },
    listCodes: () => Object.fromEntries([...codes].map(([target, { code, channel, expiresAt, used }]) => [target, { code, channel, expiresAt, used }])),
    expireAll() {
      const now = Date.now();
      for (const entry of codes.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
      return { ok: true, expired: codes.size };
    },
    setConfig(body) {
      const next = { ...config };
      for (const [name, min] of [['cooldown', 0], ['ttl', 1]]) {
        if (body[name] === undefined) continue;
        if (!(Number.isInteger(body[name]) && body[name] >= min)) return { ok: false, error: `${name} wants whole seconds >= ${min}` };
        next[name] = body[name];
      }
      config = next;
      return { ok: true, config: { ...config } };
    },
  };
}

/**
 * Adds this module's test routes (see the header) to server.mjs's TEST_ROUTES, and its counters
 * and reset to /__test/stats and /__test/reset (stats.mjs's extendModuleTestRoutes).
 */
export function extendPasscodeTestRoutes(routes) {
  extendModuleTestRoutes(routes, 'passcode', {
    'GET /__test/passcodes': (_req, server) => server.passcode.listCodes(),
    'POST /__test/passcodes/expire': (_req, server) => server.passcode.expireAll(),
    'POST /__test/passcode-config': async (req, server) => server.passcode.setConfig((await jsonObjectBody(req)) ?? {}),
  });
}
