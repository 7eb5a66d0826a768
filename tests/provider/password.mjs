// Authing's password sign-in API (/api/v3/signin) and public server info (/api/v3/system) for the
// local provider. Mounted by server.mjs before the QR module:
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
//        -> LoginTokenRespDto envelope, data = { access_token, id_token, refresh_token?,
//        token_type: 'Bearer', expire_in, scope }: real tokens of this provider (tokens.mjs, gty
//        'password'); refresh_token only with offline_access in the scope. Default scope:
//        DEFAULT_SCOPE. The identifier: account = email, preferred_username or phone number;
//        email = email; username = preferred_username or the login form's username (the email);
//        phone = phone number; emails and usernames ignore case.
//        passwordEncryptType 'rsa': password = base64 RSAES-PKCS1-v1_5 ciphertext under the key of
//        /api/v3/system, decrypted here with BigInt (node 20's privateDecrypt refuses PKCS#1 v1.5).
//
// Errors: HTTP 200 error envelopes { statusCode, apiCode, message, requestId } (no data), as in
// qr.mjs; apiCodes are this provider's own numbers:
//   401 / 40101  no x-authing-app-id header           401 / 40102  unknown x-authing-app-id
//   400 / 40001  bad body: not a JSON object, connection not one of the spec's, passwordPayload or
//                its password missing, no identifier, passwordEncryptType not none|rsa|sm2,
//                scope without openid
//   400 / 40003  connection PASSCODE, LDAP or AD (valid in the spec, not offered here)
//   400 / 40004  passwordEncryptType 'sm2' (no SM2 key here: sm2.publicKey is '')
//   400 / 40005  passwordEncryptType 'rsa' but the password does not decrypt (not base64, wrong
//                size, wrong key, bad PKCS#1 v1.5 padding)
//   400 / 2333   wrong password, or no such account (one answer for both: no account probing)
//
// Test routes and counters: /__test/stats gains api_signin (every POST /api/v3/signin that got past
// the app check), api_signin_ok, api_signin_rsa (decrypted RSA passwords), api_signin_failed (error
// envelopes) and api_system; /__test/reset zeroes them. GET /__test/password-key answers the RSA key
// as { publicKeyPem, privateJwk } (for tests that encrypt or decrypt on their own).
import { generateKeyPairSync } from 'node:crypto';

import { findAccount, TEST_USER } from './account.mjs';
import { APP_ERRORS, jsonObjectBody, requireAppId, sendData, sendError, sendJson } from './envelope.mjs';
import { extendModuleTestRoutes } from './stats.mjs';
import { mintTokenSet } from './tokens.mjs';
import { bigintOf, rsaOpen } from '../support/rsa.mjs';

export const DEFAULT_SCOPE = 'openid profile email phone';
export const CONNECTIONS = ['PASSWORD', 'PASSCODE', 'LDAP', 'AD'];
export const ENCRYPT_TYPES = ['none', 'rsa', 'sm2'];
export const VERSION = Object.freeze({ server: '3.0.0-local', console: '3.0.0-local', login: '3.0.0-local' });

export const ERRORS = {
  ...APP_ERRORS, // appIdMissing 40101, appUnknown 40102, badRequest 40001
  unsupportedConnection: [400, 40003, 'this connection is not offered by the local provider (PASSWORD only)'],
  unsupportedEncryption: [400, 40004, 'passwordEncryptType sm2 is not offered by the local provider (use rsa or none)'],
  undecryptable: [400, 40005, 'the password could not be decrypted with the RSA key of /api/v3/system'],
  wrongPassword: [400, 2333, 'account or password is incorrect'],
};

const initialStats = () => ({ api_signin: 0, api_signin_ok: 0, api_signin_rsa: 0, api_signin_failed: 0, api_system: 0 });

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

/** The test user's id when `payload`'s identifier names it (see the header), else undefined. */
async function accountFor(payload) {
  const claims = await (await findAccount(undefined, TEST_USER.sub)).claims();
  const lower = (v) => String(v).trim().toLowerCase();
  const names = {
    account: [claims.email, claims.preferred_username, claims.phone_number].map(lower),
    email: [lower(claims.email)],
    username: [claims.preferred_username, TEST_USER.username].map(lower),
    phone: [String(claims.phone_number)],
  };
  for (const field of ['account', 'email', 'username', 'phone']) {
    if (typeof payload[field] === 'string' && payload[field]) {
      const wanted = field === 'phone' ? payload[field].trim() : lower(payload[field]);
      return names[field].includes(wanted) ? TEST_USER.sub : undefined;
    }
  }
  return undefined;
}

/** The identifier field of a password payload, or undefined when it has none. */
const identifierOf = (payload) => ['account', 'email', 'username', 'phone']
  .find((field) => typeof payload[field] === 'string' && payload[field].length > 0);

/**
 * @param {{ options: object, server: { issuer: string, provider: object, keyRing: object } }} deps
 *        as for createQrLogin (qr.mjs): server state is read at each request.
 * @param {{ key?: { publicKeyPem: string, privateJwk: object } }} [settings]  a fixed key (tests)
 */
export function createPasswordLogin({ options, server }, { key = generatePasswordKey() } = {}) {
  let counts = initialStats();

  /** The validated sign-in request, or { error: [kind, detail?] }. */
  async function parseSignIn(body) {
    if (!body) return { error: ['badRequest', 'the body must be a JSON object'] };
    const { connection, passwordPayload: payload, options: signInOptions = {} } = body;
    if (!CONNECTIONS.includes(connection)) return { error: ['badRequest', `connection must be one of ${CONNECTIONS.join(', ')}`] };
    if (connection !== 'PASSWORD') return { error: ['unsupportedConnection', connection] };
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
      return { error: ['badRequest', 'passwordPayload is required for connection PASSWORD'] };
    }
    if (typeof payload.password !== 'string' || !payload.password) return { error: ['badRequest', 'passwordPayload.password is required'] };
    if (!identifierOf(payload)) return { error: ['badRequest', 'passwordPayload needs account, email, username or phone'] };
    if (!signInOptions || typeof signInOptions !== 'object' || Array.isArray(signInOptions)) {
      return { error: ['badRequest', 'options must be an object'] };
    }
    const encryptType = signInOptions.passwordEncryptType ?? 'none';
    if (!ENCRYPT_TYPES.includes(encryptType)) return { error: ['badRequest', `passwordEncryptType must be one of ${ENCRYPT_TYPES.join(', ')}`] };
    if (encryptType === 'sm2') return { error: ['unsupportedEncryption'] };
    const scope = signInOptions.scope ?? DEFAULT_SCOPE;
    if (typeof scope !== 'string' || !scope.split(' ').includes('openid')) return { error: ['badRequest', 'options.scope must contain openid'] };

    let password = payload.password;
    if (encryptType === 'rsa') {
      try {
        password = new TextDecoder('utf-8', { fatal: true }).decode(decryptPkcs1v15(password, key.privateJwk));
      } catch (err) {
        return { error: ['undecryptable', err.message] };
      }
      counts.api_signin_rsa += 1;
    }
    return { payload, password, scope };
  }

  async function signIn(req, res, clientId) {
    counts.api_signin += 1;
    const parsed = await parseSignIn(await jsonObjectBody(req));
    if (parsed.error) {
      counts.api_signin_failed += 1;
      return sendError(req, res, ERRORS[parsed.error[0]], parsed.error[1]);
    }
    const accountId = await accountFor(parsed.payload);
    if (!accountId || parsed.password !== TEST_USER.password) {
      counts.api_signin_failed += 1;
      return sendError(req, res, ERRORS.wrongPassword);
    }
    const tokens = await mintTokenSet({
      provider: server.provider,
      signingKey: server.keyRing.jwks().keys[0],
      clientId,
      accountId,
      scope: parsed.scope,
      gty: 'password',
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

  return {
    /** Serves GET /api/v3/system and POST /api/v3/signin; resolves false for anything else. */
    async handle(req, res, pathname) {
      if (req.method === 'GET' && pathname === '/api/v3/system') return systemInfo(req, res);
      if (req.method !== 'POST' || pathname !== '/api/v3/signin') return false;
      const clientId = requireAppId(req, res, options.clients);
      return clientId ? signIn(req, res, clientId) : true;
    },
    stats: () => ({ ...counts }),
    reset() {
      counts = initialStats();
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
