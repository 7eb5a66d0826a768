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
import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export const ID_TOKEN_FAULTS = ['bad-signature', 'alg-none', 'unknown-kid', 'hs256', 'wrong-aud'];
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
    case 'wrong-aud': {
      if (!signingKey) throw new Error('wrong-aud needs the provider\'s signing key');
      return signRs256(header, { ...payload, aud: WRONG_AUD }, signingKey);
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
