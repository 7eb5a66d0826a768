// ID-token faults (faults.mjs) and the test routes that use them: POST /__test/faults {"idToken"}
// and POST /__test/rotate-keys. Run: node --test tests/provider/
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { generateRsaKey } from './keys.mjs';
import {
  HS256_SECRET, ID_TOKEN_FAULTS, interceptBody, rewriteIdToken, rewriteTokenBody, signRs256, throwawayKey, TOKEN_FAULTS,
  tokenFault, WRONG_AUD, WRONG_ISS,
} from './faults.mjs';
import { startProvider, TEST_USER } from './index.mjs';
import { CookieJar, decodeJwt, postForm, signIn, verifyRs256 } from './flow.mjs';

const publicJwks = (...keys) => ({ keys: keys.map(({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use })) });
const rsOk = (jwt, key) => {
  const [h, p, s] = jwt.split('.');
  return verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: publicJwks(key).keys[0], format: 'jwk' }), Buffer.from(s, 'base64url'));
};

describe('ID-token transforms', () => {
  const key = generateRsaKey();
  const payload = { iss: 'http://localhost:1/oidc', sub: 'user-1', aud: 'app', exp: 2e9, iat: 1e9, nonce: 'n' };
  const original = signRs256({ typ: 'JWT' }, payload, key);

  test('the original verifies', () => {
    assert.deepEqual(verifyRs256(original, publicJwks(key)), payload);
  });

  test('bad-signature: same header and claims, signature altered', () => {
    const out = rewriteIdToken(original, 'bad-signature');
    const [h, p, s] = out.split('.');
    assert.deepEqual([h, p], original.split('.').slice(0, 2));
    assert.notEqual(s, original.split('.')[2]);
    assert.equal(Buffer.from(s, 'base64url').length, 256);
    assert.equal(rsOk(out, key), false);
  });

  test('alg-none: alg none, no kid, empty signature', () => {
    const out = rewriteIdToken(original, 'alg-none');
    assert.ok(out.endsWith('.'));
    const { header, payload: claims } = decodeJwt(out);
    assert.deepEqual(header, { typ: 'JWT', alg: 'none' });
    assert.deepEqual(claims, payload);
  });

  test('unknown-kid: a valid RS256 signature by a key under an unpublished kid', () => {
    const out = rewriteIdToken(original, 'unknown-kid');
    const { header, payload: claims } = decodeJwt(out);
    assert.equal(header.alg, 'RS256');
    assert.notEqual(header.kid, key.kid);
    assert.equal(header.kid, throwawayKey().kid);
    assert.deepEqual(claims, payload);
    assert.equal(rsOk(out, throwawayKey()), true);
    assert.throws(() => verifyRs256(out, publicJwks(key)), /no key/);
  });

  test('hs256: HMAC-SHA256 with the test secret', () => {
    const out = rewriteIdToken(original, 'hs256');
    const [h, p, s] = out.split('.');
    const { header, payload: claims } = decodeJwt(out);
    assert.deepEqual(header, { typ: 'JWT', alg: 'HS256' });
    assert.deepEqual(claims, payload);
    assert.equal(s, createHmac('sha256', HS256_SECRET).update(`${h}.${p}`).digest('base64url'));
  });

  test('wrong-aud: another audience, signed with the real key', () => {
    assert.throws(() => rewriteIdToken(original, 'wrong-aud'), /signing key/);
    const out = rewriteIdToken(original, 'wrong-aud', { signingKey: key });
    assert.deepEqual(verifyRs256(out, publicJwks(key)), { ...payload, aud: WRONG_AUD });
  });

  test('unknown kinds throw; bodies without id_token pass unchanged', () => {
    assert.throws(() => rewriteIdToken(original, 'nope'), /unknown idToken fault/);
    assert.equal(rewriteTokenBody('{"error":"invalid_grant"}', () => 'x'), '{"error":"invalid_grant"}');
    assert.equal(rewriteTokenBody('not json', () => 'x'), 'not json');
    assert.deepEqual(JSON.parse(rewriteTokenBody('{"access_token":"a","id_token":"b"}', (t) => `${t}!`)), { access_token: 'a', id_token: 'b!' });
  });

  test('interceptBody rewrites what a koa-like handler ends with and fixes Content-Length', async () => {
    const server = http.createServer((req, res) => {
      interceptBody(res, (text) => rewriteTokenBody(text, () => 'a-much-longer-replacement-id-token'));
      const body = JSON.stringify({ access_token: 'a', id_token: 'short' });
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.write(body.slice(0, 5));
      res.end(body.slice(5));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
      const text = await response.text();
      assert.equal(Number(response.headers.get('content-length')), Buffer.byteLength(text));
      assert.deepEqual(JSON.parse(text), { access_token: 'a', id_token: 'a-much-longer-replacement-id-token' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('test routes: /__test/faults {idToken} and /__test/rotate-keys', () => {
  const REDIRECT = 'http://localhost:5173/callback.html';
  let provider;
  const post = (path, body) => fetch(`${provider.url}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  }).then((r) => r.json());
  const jwks = () => fetch(`${provider.issuer}/.well-known/jwks.json`).then((r) => r.json());

  /** A fresh sign-in's token answer (code grant). */
  async function tokens() {
    const jar = new CookieJar();
    const { code, verifier } = await signIn(jar, provider.issuer, {
      redirectUri: REDIRECT, username: TEST_USER.username, password: TEST_USER.password,
    });
    const answer = await postForm(`${provider.issuer}/token`, {
      grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo-app', code_verifier: verifier,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(Number(answer.headers.get('content-length')), Buffer.byteLength(JSON.stringify(answer.body)));
    return answer.body;
  }

  before(async () => {
    provider = await startProvider();
  });
  after(() => provider?.stop());

  test('each idToken fault rewrites the token answer; reset ends it', async () => {
    const keys = await jwks();
    verifyRs256((await tokens()).id_token, keys);
    assert.equal((await post('/__test/faults', { idToken: 'bogus' })).ok, false);

    await post('/__test/faults', { idToken: 'bad-signature' });
    const altered = (await tokens()).id_token;
    assert.throws(() => verifyRs256(altered, keys), /bad signature/);
    await post('/__test/faults', { idToken: 'alg-none' });
    assert.equal(decodeJwt((await tokens()).id_token).header.alg, 'none');
    await post('/__test/faults', { idToken: 'unknown-kid' });
    const foreign = (await tokens()).id_token;
    assert.throws(() => verifyRs256(foreign, keys), /no key/);
    await post('/__test/faults', { idToken: 'hs256' });
    assert.equal(decodeJwt((await tokens()).id_token).header.alg, 'HS256');
    await post('/__test/faults', { idToken: 'wrong-aud' });
    assert.equal(verifyRs256((await tokens()).id_token, keys).aud, WRONG_AUD);
    await post('/__test/faults', { idToken: 'wrong-iss' });
    assert.equal(verifyRs256((await tokens()).id_token, keys).iss, WRONG_ISS);
    await post('/__test/faults', { idToken: 'wrong-nonce' });
    assert.match(verifyRs256((await tokens()).id_token, keys).nonce ?? 'not-a-nonce', /^not-/);
    await post('/__test/faults', { idToken: 'expired' });
    assert.ok(verifyRs256((await tokens()).id_token, keys).exp < Date.now() / 1000);

    const stats = await fetch(`${provider.url}/__test/stats`).then((r) => r.json());
    assert.deepEqual(stats.id_token_fault, Object.fromEntries(ID_TOKEN_FAULTS.map((k) => [k, 1])));
    await post('/__test/reset');
    assert.equal(verifyRs256((await tokens()).id_token, keys).aud, 'demo-app');
  });

  test('each token fault: /oidc/token misbehaves as described, readable cross-origin; the grant stays usable', async () => {
    assert.equal((await post('/__test/faults', { token: 'bogus' })).ok, false);
    const jar = new CookieJar();
    const { code, verifier } = await signIn(jar, provider.issuer, {
      redirectUri: REDIRECT, username: TEST_USER.username, password: TEST_USER.password,
    });
    const grant = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo-app', code_verifier: verifier };
    const origin = { Origin: 'http://localhost:5173' };
    for (const [kind, status] of [['html', 200], ['truncated', 200], ['status-502', 502], ['rate-limited', 429], ['huge', 200]]) {
      await post('/__test/faults', { token: kind });
      const answer = await postForm(`${provider.issuer}/token`, grant, origin);
      assert.equal(answer.status, status, kind);
      assert.equal(answer.headers.get('access-control-allow-origin'), origin.Origin, kind);
      if (kind === 'rate-limited') assert.equal(answer.headers.get('retry-after'), '2');
    }
    await post('/__test/faults', { token: 'hang' });
    // Still unanswered after 300 ms; then this side hangs up (the provider could not stop otherwise).
    const hangUp = new AbortController();
    const request = fetch(`${provider.issuer}/token`, { method: 'POST', body: new URLSearchParams(grant), signal: hangUp.signal });
    const hung = await Promise.race([request.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(r, 300, 'hung'))]);
    hangUp.abort();
    assert.equal(hung, 'hung');
    await request.catch(() => {});
    await post('/__test/faults', { token: 'expires-in-string' });
    const answer = await postForm(`${provider.issuer}/token`, grant);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.expires_in, '3600');
    await post('/__test/reset');
  });

  test('rotate-keys: the new key signs, the old one stays published unless dropOld', async () => {
    const [oldKid] = (await jwks()).keys.map((k) => k.kid);
    const { kid, kids } = await post('/__test/rotate-keys');
    assert.notEqual(kid, oldKid);
    assert.deepEqual(kids, [kid, oldKid]);
    const published = await jwks();
    assert.deepEqual(published.keys.map((k) => k.kid), [kid, oldKid]);
    assert.equal(published.keys.some((k) => 'd' in k), false, 'only public parts are published');
    const idToken = (await tokens()).id_token;
    assert.equal(decodeJwt(idToken).header.kid, kid);
    verifyRs256(idToken, published);

    const dropped = await post('/__test/rotate-keys', { dropOld: true });
    assert.deepEqual(dropped.kids, [dropped.kid]);
    assert.deepEqual((await jwks()).keys.map((k) => k.kid), [dropped.kid]);
    assert.equal(decodeJwt((await tokens()).id_token).header.kid, dropped.kid);
  });
});

describe('token endpoint faults', () => {
  test('every kind is described; an unknown one throws', () => {
    for (const kind of TOKEN_FAULTS) assert.ok(tokenFault(kind), kind);
    assert.throws(() => tokenFault('nope'), /unknown token fault/);
  });

  test('answers: HTML, cut JSON, 5xx, 429 with Retry-After, 10 MB', () => {
    assert.equal(tokenFault('hang').hang, true);
    assert.match(tokenFault('html').answer.body, /<html|<!doctype/i);
    assert.throws(() => JSON.parse(tokenFault('truncated').answer.body));
    assert.deepEqual(['status-500', 'status-502', 'status-503'].map((k) => tokenFault(k).answer.status), [500, 502, 503]);
    const limited = tokenFault('rate-limited').answer;
    assert.deepEqual([limited.status, limited.headers['retry-after']], [429, '2']);
    assert.ok(tokenFault('huge').answer.body.length >= 10 * 1024 * 1024);
  });

  test('expires_in rewrites keep the rest of the answer', () => {
    const text = JSON.stringify({ access_token: 'at', expires_in: 3600, id_token: 'x' });
    const values = ['expires-in-string', 'expires-in-zero', 'expires-in-negative', 'expires-in-huge']
      .map((k) => JSON.parse(tokenFault(k).rewrite(text)));
    assert.deepEqual(values.map((v) => v.expires_in), ['3600', 0, -60, 1e308]);
    assert.ok(values.every((v) => v.access_token === 'at' && v.id_token === 'x'));
    assert.equal(tokenFault('expires-in-zero').rewrite('{"error":"invalid_grant"}'), '{"error":"invalid_grant"}');
  });
});

describe('claim faults', () => {
  const now = Math.floor(Date.now() / 1000);
  const key = throwawayKey();
  const original = signRs256({ kid: key.kid }, { iss: 'https://idp/oidc', aud: 'app', nonce: 'n1', iat: now, exp: now + 60 }, key);
  const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
  test('wrong-iss, wrong-nonce, expired change only their claims and are signed with the given key', () => {
    assert.equal(claims(rewriteIdToken(original, 'wrong-iss', { signingKey: key })).iss, WRONG_ISS);
    assert.equal(claims(rewriteIdToken(original, 'wrong-nonce', { signingKey: key })).nonce, 'not-n1');
    const expired = claims(rewriteIdToken(original, 'expired', { signingKey: key }));
    assert.ok(expired.exp < now && expired.iat < expired.exp);
    assert.equal(claims(rewriteIdToken(original, 'expired', { signingKey: key })).aud, 'app');
  });
});
