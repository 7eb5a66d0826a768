// Authing's credential sign-in API (/api/v3/signin: PASSWORD and PASSCODE) and public server info
// (/api/v3/system) for the local provider. Mounted by server.mjs before the other API modules:
//   server.password = createPasswordLogin({ options, server });
//   if (await server.password.handle(req, res, pathname)) return;   (false for anything else)
//   extendPasswordTestRoutes(TEST_ROUTES);
//
// API (spec/authentication-openapi.json):
//   GET  /api/v3/system -> SystemInfoResp, as the spec has it: NOT an envelope, the object itself
//        { rsa: { publicKey }, sm2: { publicKey: '' }, version: { server, console, login },
//        publicIps: [] }. rsa.publicKey is the PEM (SPKI, "BEGIN PUBLIC KEY") of an RSA-2048 key
//        generated at start (never rotated, never written to disk). No header is required (public
//        information; the spec lists a bearer scheme, which is accepted and ignored).
//   POST /api/v3/signin (SignInV3Controller_signInByCredentials, x-authing-app-id required)
//        { connection: 'PASSWORD', passwordPayload: { password, account? | email? | username? |
//        phone? }, options?: { passwordEncryptType?: 'none'|'rsa'|'sm2', scope?, ... } }
//        or { connection: 'PASSCODE', passCodePayload: { passCode, email? | phone?, phoneCountryCode? },
//        options?: { scope?, ... } }
//        -> LoginTokenRespDto envelope, data = { access_token, id_token, refresh_token?,
//        token_type: 'Bearer', expire_in, scope }: real tokens of this provider (tokens.mjs, gty
//        'password' or 'passcode'); refresh_token only with offline_access in the scope. Default
//        scope: DEFAULT_SCOPE. Accounts: account.mjs (the test user, LOCKED_USER, MFA_USER, and
//        those registered by /api/v3/signup).
//        PASSWORD identifiers: account = email, preferred_username or phone number; email = email;
//        username = preferred_username or email; phone = phone number (+<code><number>); emails and
//        usernames ignore case.
//        passwordEncryptType 'rsa': password = base64 RSAES-PKCS1-v1_5 ciphertext under the key of
//        /api/v3/system, decrypted here with BigInt (node 20's privateDecrypt refuses PKCS#1 v1.5).
//        PASSCODE: passCode must be the live CHANNEL_LOGIN code that /api/v3/send-email or send-sms
//        issued to that email or phone (passcode.mjs; phone = phoneCountryCode + phone, '+86' when
//        no code is given, or a phone that starts with +); a code works once.
//
// Errors: HTTP 200 error envelopes { statusCode, apiCode, message, requestId } (no data, but for
// 1636), as in qr.mjs. The 4xxxx apiCodes are this provider's own numbers, the others Authing's:
//   401 / 40101  no x-authing-app-id header           401 / 40102  unknown x-authing-app-id
//   400 / 40001  bad body: not a JSON object, connection not one of the spec's, the connection's
//                payload missing or not an object, PASSWORD: password missing, no identifier,
//                passwordEncryptType not none|rsa|sm2; PASSCODE: passCode missing, not exactly one
//                of email and phone, an email or phone that does not look like one; scope without
//                openid, options not an object
//   400 / 40003  connection LDAP or AD (valid in the spec, not offered here)
//   400 / 40004  passwordEncryptType 'sm2' (no SM2 key here: sm2.publicKey is '')
//   400 / 40005  passwordEncryptType 'rsa' but the password does not decrypt (not base64, wrong
//                size, wrong key, bad PKCS#1 v1.5 padding)
//   400 / 2333   PASSWORD: wrong password, or no such account (one answer for both: no probing)
//   429 / -      PASSWORD: 'too many attempts': 5 wrong passwords for one identifier (its value,
//                ignoring case) within 10 minutes block it, right password or wrong, until
//                /__test/reset
//   400 / 2005   'the account is locked': LOCKED_USER (locked@example.com), whatever the password
//                or code
//   400 / 1636   'MFA is required for this app': MFA_USER (mfa@example.com) with its password
//                (Passw0rd!) or a right code; data = { mfaToken: random, mfaEnabledFactors: ['OTP'] }
//   400 / 2004   PASSCODE: the email or phone is no account's
//   400 / 2001   PASSCODE: 'the verification code is wrong' (not the target's latest code, or one
//                sent for another channel), 'the verification code has expired' (expired or used)
//
// Test routes and counters: /__test/stats gains api_signin (every POST /api/v3/signin that got past
// the app check), api_signin_ok, api_signin_rsa (decrypted RSA passwords), api_signin_passcode
// (PASSCODE sign-ins with a valid body), api_signin_throttled (429 answers), api_signin_failed
// (error envelopes) and api_system; /__test/reset zeroes them and forgets wrong-password counts.
// GET /__test/password-key answers the RSA key as { publicKeyPem, privateJwk } (for tests that
// encrypt or decrypt on their own).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { findByIdentifier } from './account.mjs';
import {
  APP_ERRORS, failure, isObject, jsonObjectBody, sendData, sendError, sendJson, serveWithAppId,
} from './envelope.mjs';
import { ERRORS as PASSCODE_ERRORS, passCodePayloadOf } from './passcode.mjs';
import { extendModuleTestRoutes } from './stats.mjs';
import { mintTokenSet } from './tokens.mjs';
import { bigintOf, rsaOpen } from '../support/rsa.mjs';

export const DEFAULT_SCOPE = 'openid profile email phone';
export const CONNECTIONS = ['PASSWORD', 'PASSCODE', 'LDAP', 'AD'];
export const ENCRYPT_TYPES = ['none', 'rsa', 'sm2'];
export const VERSION = Object.freeze({ server: '3.0.0-local', console: '3.0.0-local', login: '3.0.0-local' });
/** The grant type recorded in the tokens of each offered connection. */
const GTY = { PASSWORD: 'password', PASSCODE: 'passcode' };
/** Wrong passwords for one identifier within the window that block it (until /__test/reset). */
export const THROTTLE = Object.freeze({ attempts: 5, windowMs: 10 * 60 * 1000 });

export const ERRORS = {
  ...APP_ERRORS, // appIdMissing 40101, appUnknown 40102, badRequest 40001
  unsupportedConnection: [400, 40003, 'this connection is not offered by the local provider (PASSWORD and PASSCODE only)'],
  unsupportedEncryption: [400, 40004, 'passwordEncryptType sm2 is not offered by the local provider (use rsa or none)'],
  undecryptable: [400, 40005, 'the password could not be decrypted with the RSA key of /api/v3/system'],
  wrongPassword: [400, 2333, 'account or password is incorrect'],
  throttled: [429, undefined, 'too many attempts'],
  locked: [400, 2005, 'the account is locked'],
  mfaRequired: [400, 1636, 'MFA is required for this app'],
  accountNotFound: [400, 2004, 'account not found'],
  wrongCode: PASSCODE_ERRORS.wrongCode, // 2001 (passcode.mjs)
  expiredCode: PASSCODE_ERRORS.expiredCode, // 2001
};

const initialStats = () => ({
  api_signin: 0,
  api_signin_ok: 0,
  api_signin_rsa: 0,
  api_signin_passcode: 0,
  api_signin_throttled: 0,
  api_signin_failed: 0,
  api_system: 0,
});

/** A fresh RSA-2048 key pair: { publicKeyPem (SPKI PEM), privateJwk }. */
export function generatePasswordKey() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }),
    privateJwk: privateKey.export({ format: 'jwk' }),
  };
}

/**
 * RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2) of base64 `ciphertext` with a private RSA JWK
 * (d and n), by BigInt. Returns the plaintext bytes (Buffer); throws on any malformed input.
 */
export function decryptPkcs1v15(ciphertext, privateJwk) {
  if (typeof ciphertext !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) throw new Error('not base64');
  const k = Buffer.from(privateJwk.n, 'base64url').length;
  const bytes = Buffer.from(ciphertext, 'base64');
  if (bytes.length !== k) throw new Error(`ciphertext is ${bytes.length} bytes, the key ${k}`);
  const block = rsaOpen(bytes, { n: bigintOf(privateJwk.n), d: bigintOf(privateJwk.d), k });
  if (block[0] !== 0 || block[1] !== 2) throw new Error('bad padding (not 00 02)');
  const end = block.indexOf(0, 2);
  if (end < 0 || end - 2 < 8) throw new Error('bad padding (fewer than 8 non-zero bytes)');
  return block.subarray(end + 1);
}

/** The identifier field of a password payload, or undefined when it has none. */
const identifierOf = (payload) => ['account', 'email', 'username', 'phone']
  .find((field) => typeof payload[field] === 'string' && payload[field].length > 0);

/** A PASSWORD payload's { payload, field } (its identifier field), or a failure. */
function passwordPayloadOf(payload) {
  if (!isObject(payload)) return failure(ERRORS.badRequest, 'passwordPayload is required for connection PASSWORD');
  if (typeof payload.password !== 'string' || !payload.password) return failure(ERRORS.badRequest, 'passwordPayload.password is required');
  const field = identifierOf(payload);
  if (!field) return failure(ERRORS.badRequest, 'passwordPayload needs account, email, username or phone');
  return { payload, field };
}

/** Signed in, unless the account needs a second factor (the MFA answer, with Authing's data). */
function completed(account) {
  if (!account.mfaFactors) return { accountId: account.sub };
  const data = { mfaToken: randomBytes(24).toString('base64url'), mfaEnabledFactors: [...account.mfaFactors] };
  return failure(ERRORS.mfaRequired, undefined, data);
}

/**
 * @param {{ options: object, server: { issuer: string, provider: object, keyRing: object } }} deps
 *        as for createQrLogin (qr.mjs): server state is read at each request.
 * @param {{ key?: { publicKeyPem: string, privateJwk: object } }} [settings]  a fixed key (tests)
 */
export function createPasswordLogin({ options, server }, { key = generatePasswordKey() } = {}) {
  let counts = initialStats();
  let wrongPasswords = new Map(); // identifier (lower case) -> times of its wrong passwords in the window
  let blocked = new Set(); // identifiers THROTTLE blocked

  /**
   * The password as typed, from a password and its passwordEncryptType (none by default), or a
   * failure (also for sign-up, passcode.mjs).
   */
  function decodePassword(password, encryptType = 'none') {
    if (!ENCRYPT_TYPES.includes(encryptType)) return failure(ERRORS.badRequest, `passwordEncryptType must be one of ${ENCRYPT_TYPES.join(', ')}`);
    if (encryptType === 'sm2') return failure(ERRORS.unsupportedEncryption);
    if (encryptType === 'none') return { password };
    try {
      return { password: new TextDecoder('utf-8', { fatal: true }).decode(decryptPkcs1v15(password, key.privateJwk)) };
    } catch (err) {
      return failure(ERRORS.undecryptable, err.message);
    }
  }

  /** The validated sign-in request { connection, scope, ... }, or a failure. */
  function parseSignIn(body) {
    if (!body) return failure(ERRORS.badRequest, 'the body must be a JSON object');
    const { connection, options: signInOptions = {} } = body;
    if (!CONNECTIONS.includes(connection)) return failure(ERRORS.badRequest, `connection must be one of ${CONNECTIONS.join(', ')}`);
    if (!GTY[connection]) return failure(ERRORS.unsupportedConnection, connection);
    const credential = connection === 'PASSWORD' ? passwordPayloadOf(body.passwordPayload) : passCodePayloadOf(body.passCodePayload);
    if (credential.error) return credential;
    if (!isObject(signInOptions)) return failure(ERRORS.badRequest, 'options must be an object');
    const scope = signInOptions.scope ?? DEFAULT_SCOPE;
    if (typeof scope !== 'string' || !scope.split(' ').includes('openid')) return failure(ERRORS.badRequest, 'options.scope must contain openid');
    if (connection === 'PASSCODE') return { connection, scope, ...credential };

    const decoded = decodePassword(credential.payload.password, signInOptions.passwordEncryptType);
    if (decoded.error) return decoded;
    if (signInOptions.passwordEncryptType === 'rsa') counts.api_signin_rsa += 1;
    return { connection, scope, ...credential, password: decoded.password };
  }

  /** One more wrong password for `identifier`; THROTTLE.attempts of them in the window block it. */
  function countWrongPassword(identifier) {
    const now = Date.now();
    const recent = (wrongPasswords.get(identifier) ?? []).filter((at) => now - at < THROTTLE.windowMs);
    recent.push(now);
    wrongPasswords.set(identifier, recent);
    if (recent.length >= THROTTLE.attempts) blocked.add(identifier);
  }

  /** PASSWORD: { accountId } or a failure (throttled, locked, wrong password, MFA). */
  function checkPassword({ payload, field, password }) {
    const identifier = payload[field].trim().toLowerCase();
    if (blocked.has(identifier)) return failure(ERRORS.throttled);
    const account = findByIdentifier(field, payload[field]);
    if (account?.locked) return failure(ERRORS.locked);
    if (!account || account.password === undefined || password !== account.password) {
      countWrongPassword(identifier);
      return failure(ERRORS.wrongPassword);
    }
    return completed(account);
  }

  /** PASSCODE: { accountId } or a failure (no account, locked, wrong or expired code, MFA). */
  function checkPassCode({ target, passCode }) {
    counts.api_signin_passcode += 1;
    const account = findByIdentifier(target.kind, target.value);
    if (!account) return failure(ERRORS.accountNotFound);
    if (account.locked) return failure(ERRORS.locked);
    const refused = server.passcode.consume(target.value, 'CHANNEL_LOGIN', passCode);
    return refused ? failure(refused) : completed(account);
  }

  async function signIn(req, res, clientId) {
    counts.api_signin += 1;
    const parsed = parseSignIn(await jsonObjectBody(req));
    const verdict = parsed.error ? parsed : (parsed.connection === 'PASSWORD' ? checkPassword : checkPassCode)(parsed);
    if (verdict.error) {
      counts.api_signin_failed += 1;
      if (verdict.error[0] === ERRORS.throttled) counts.api_signin_throttled += 1;
      return sendError(req, res, ...verdict.error);
    }
    const tokens = await mintTokenSet({
      provider: server.provider,
      signingKey: server.keyRing.jwks().keys[0],
      clientId,
      accountId: verdict.accountId,
      scope: parsed.scope,
      gty: GTY[parsed.connection],
      idTtl: options.idTtl,
    });
    counts.api_signin_ok += 1;
    return sendData(req, res, tokens);
  }

  function systemInfo(req, res) {
    counts.api_system += 1;
    // The spec's SystemInfoResp is the whole body (no envelope).
    return sendJson(req, res, 200, {
      rsa: { publicKey: key.publicKeyPem },
      sm2: { publicKey: '' },
      version: { ...VERSION },
      publicIps: [],
    });
  }

  const ROUTES = { 'POST /api/v3/signin': signIn };

  return {
    /** Serves GET /api/v3/system and POST /api/v3/signin; resolves false for anything else. */
    async handle(req, res, pathname) {
      if (req.method === 'GET' && pathname === '/api/v3/system') return systemInfo(req, res);
      return serveWithAppId(ROUTES, req, res, pathname, options.clients);
    },
    decodePassword,
    stats: () => ({ ...counts }),
    reset() {
      counts = initialStats();
      wrongPasswords = new Map();
      blocked = new Set();
    },
    key: () => ({ publicKeyPem: key.publicKeyPem, privateJwk: { ...key.privateJwk } }),
  };
}

/**
 * Adds GET /__test/password-key to server.mjs's TEST_ROUTES and wraps its stats and reset routes
 * with this module's counters (stats.mjs's extendModuleTestRoutes, as qr.mjs does).
 */
export function extendPasswordTestRoutes(routes) {
  extendModuleTestRoutes(routes, 'password', {
    'GET /__test/password-key': (_req, server) => server.password.key(),
  });
}
