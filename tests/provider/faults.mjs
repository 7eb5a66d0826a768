// ID-token faults of the local provider (POST /__test/faults {"idToken": KIND}): the id_token of the
// token endpoint's JSON answer is rewritten on its way out, so that an SDK can be shown a token that
// only one of its checks can catch. Plain node:crypto; the transforms are pure and unit-tested in
// faults.test.mjs.
//
// KIND                what the SDK receives
//   bad-signature     the real token with its signature bytes altered
//   alg-none          header {"alg":"none"} (no kid) and an empty signature
//   unknown-kid       re-signed (RS256) with a throwaway RSA key under a kid the provider never publishes
//   hs256             re-signed with HS256 and the secret HS256_SECRET ('test-secret'), no kid
//   wrong-aud         aud changed to WRONG_AUD and re-signed with the provider's real signing key
//   wrong-iss         iss changed to WRONG_ISS, re-signed with the real key
//   wrong-nonce       nonce changed (another sign-in's), re-signed with the real key
//   expired           exp an hour ago (iat two hours ago), re-signed with the real key
//
// Token endpoint faults (POST /__test/faults {"token": KIND}): POST /oidc/token misbehaves. The
// answering kinds never reach the provider, so the grant (a code, a refresh token) stays usable.
//   hang              never answered
//   html              200 with an HTML error page
//   truncated         200 with JSON cut in half
//   status-500/502/503  that status with an HTML body
//   rate-limited      429 with Retry-After: 2 and an OAuth error body
//   huge              200 with a 10 MB JSON body
//   expires-in-string | expires-in-zero | expires-in-negative | expires-in-huge   the real answer with
//                     expires_in "3600", 0, -60 or 1e308
import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export const ID_TOKEN_FAULTS = ['bad-signature', 'alg-none', 'unknown-kid', 'hs256', 'wrong-aud', 'wrong-iss', 'wrong-nonce', 'expired'];
export const WRONG_ISS = 'https://evil.example/oidc';
export const HS256_SECRET = 'test-secret';
export const WRONG_AUD = 'some-other-app';

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unb64 = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

let throwaway;
/** A private RSA JWK that no key ring holds (made once per process). */
export function throwawayKey() {
  if (!throwaway) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    throwaway = { ...privateKey.export({ format: 'jwk' }), kid: `unpublished-${randomUUID()}`, alg: 'RS256', use: 'sig' };
  }
  return throwaway;
}

/** Compact JWS with RS256 and the private JWK `key` (its kid goes in the header). */
export function signRs256(header, payload, key) {
  const input = `${b64({ ...header, alg: 'RS256', kid: key.kid })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}

/** Compact JWS with HS256 and `secret`, no kid. */
export function signHs256(header, payload, secret = HS256_SECRET) {
  const { kid, ...rest } = header;
  const input = `${b64({ ...rest, alg: 'HS256' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * The ID token `jwt` rewritten by fault `kind`. `signingKey` (private JWK) is the provider's current
 * signing key, needed for wrong-aud. Throws on an unknown kind.
 */
export function rewriteIdToken(jwt, kind, { signingKey } = {}) {
  const [h, p, s] = jwt.split('.');
  const header = unb64(h);
  const payload = unb64(p);
  switch (kind) {
    case 'bad-signature': {
      const bytes = Buffer.from(s, 'base64url');
      bytes[0] ^= 0xff;
      bytes[bytes.length - 1] ^= 0x01;
      return `${h}.${p}.${bytes.toString('base64url')}`;
    }
    case 'alg-none': {
      const { kid, ...rest } = header;
      return `${b64({ ...rest, alg: 'none' })}.${p}.`;
    }
    case 'unknown-kid':
      return signRs256(header, payload, throwawayKey());
    case 'hs256':
      return signHs256(header, payload);
    case 'wrong-aud':
    case 'wrong-iss':
    case 'wrong-nonce':
    case 'expired': {
      if (!signingKey) throw new Error(`${kind} needs the provider's signing key`);
      const now = Math.floor(Date.now() / 1000);
      const changed = {
        'wrong-aud': { aud: WRONG_AUD },
        'wrong-iss': { iss: WRONG_ISS },
        'wrong-nonce': { nonce: `not-${payload.nonce ?? 'a-nonce'}` },
        expired: { iat: now - 7200, exp: now - 3600 },
      }[kind];
      return signRs256(header, { ...payload, ...changed }, signingKey);
    }
    default:
      throw new Error(`unknown idToken fault ${JSON.stringify(kind)}; known: ${ID_TOKEN_FAULTS.join(', ')}`);
  }
}

/** The JSON text of a token answer with its id_token rewritten by `transform` (other bodies unchanged). */
export function rewriteTokenBody(text, transform) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!body || typeof body.id_token !== 'string') return text;
  return JSON.stringify({ ...body, id_token: transform(body.id_token) });
}

/**
 * Makes `res` (a node:http ServerResponse) buffer what it is given and send `rewrite(text)` at end,
 * with a matching Content-Length. Call it before handing the request to the framework (koa sets
 * Content-Length and calls res.end(body) without writing the head first).
 */
export function interceptBody(res, rewrite) {
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const toBuffer = (chunk, encoding) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8'));
  res.write = (chunk, encoding, callback) => {
    if (chunk != null) chunks.push(toBuffer(chunk, encoding));
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
  res.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk != null) chunks.push(toBuffer(chunk, encoding));
    let out = Buffer.concat(chunks);
    try {
      out = Buffer.from(rewrite(out.toString('utf8')));
    } catch (err) {
      process.stderr.write(`fault rewrite failed: ${err.stack}\n`);
    }
    if (!res.headersSent) {
      res.setHeader('Content-Length', out.length);
      return end(out, callback);
    }
    write(out);
    return end(callback);
  };
}

export const TOKEN_FAULTS = [
  'hang', 'html', 'truncated', 'status-500', 'status-502', 'status-503', 'rate-limited', 'huge',
  'expires-in-string', 'expires-in-zero', 'expires-in-negative', 'expires-in-huge',
];

const EXPIRES_IN = { 'expires-in-string': '3600', 'expires-in-zero': 0, 'expires-in-negative': -60, 'expires-in-huge': 1e308 };
const HTML = '<!doctype html><title>Bad Gateway</title><h1>Something went wrong</h1>';

/**
 * What POST /oidc/token does under token fault `kind`: `{ hang: true }`, `{ answer: { status,
 * headers, body } }` in place of the provider's, or `{ rewrite(text) }` of the provider's JSON.
 */
export function tokenFault(kind) {
  const json = { 'content-type': 'application/json' };
  const html = { 'content-type': 'text/html' };
  switch (kind) {
    case 'hang': return { hang: true };
    case 'html': return { answer: { status: 200, headers: html, body: HTML } };
    case 'truncated': return { answer: { status: 200, headers: json, body: '{"access_token":"at-cut","token_type":"Bea' } };
    case 'status-500': case 'status-502': case 'status-503':
      return { answer: { status: Number(kind.slice(7)), headers: html, body: HTML } };
    case 'rate-limited':
      return { answer: { status: 429, headers: { ...json, 'retry-after': '2' }, body: '{"error":"slow_down","error_description":"Too many requests"}' } };
    case 'huge':
      return { answer: { status: 200, headers: json, body: `{"padding":"${'x'.repeat(10 * 1024 * 1024)}"}` } };
    default:
      if (kind in EXPIRES_IN) {
        return {
          rewrite: (text) => {
            const body = JSON.parse(text);
            return 'expires_in' in body ? JSON.stringify({ ...body, expires_in: EXPIRES_IN[kind] }) : text;
          },
        };
      }
      throw new Error(`unknown token fault ${JSON.stringify(kind)}; known: ${TOKEN_FAULTS.join(', ')}`);
  }
}
