// What the /api/v3 tests of the local provider share (password, qr, passcode tests): a JSON caller
// that keeps Prism's verdict, the success-envelope check, and a provider (optionally behind Prism as
// a validating proxy) started before the tests of a describe() and stopped after them.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { startProvider } from './index.mjs';
import { startPrism, violations } from '../support/prism.mjs';

export const APP_ID = 'demo-app';
export const APP = 'http://localhost:5173';

/**
 * JSON API caller for one base URL: call(method, path, body?, { appId?, headers?, raw? }) ->
 * { status, headers, body, violations } (raw: a request body sent as is instead of JSON). Records
 * every answer (with Prism's verdict) in `seen`.
 */
export function apiClient(base) {
  const seen = [];
  async function call(method, path, body, { appId = APP_ID, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (appId) h['x-authing-app-id'] = appId;
    if (body !== undefined) h['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch { /* not JSON */ }
    const result = { status: response.status, headers: response.headers, body: json ?? text, violations: violations(response) };
    seen.push({ method, path: path.replace(/\?.*/, ''), status: result.status, violations: result.violations });
    return result;
  }
  return { call, seen };
}

/** A success envelope's data (asserting the envelope). */
export function dataOf(answer) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.statusCode, 200, JSON.stringify(answer.body));
  assert.equal(typeof answer.body.message, 'string');
  assert.match(answer.body.requestId, /^[\w-]{8,}$/);
  return answer.body.data;
}

/**
 * An error envelope: HTTP 200, statusCode/apiCode as in `error` ([statusCode, apiCode, message?],
 * an ERRORS entry of an API module; apiCode undefined: none sent), a message that starts with the
 * entry's, a requestId, and no data.
 */
export function assertError(answer, [statusCode, apiCode, message = ''], what = '') {
  const seen = `${what} ${JSON.stringify(answer.body)}`;
  assert.equal(answer.status, 200, seen);
  assert.equal(answer.body.statusCode, statusCode, seen);
  assert.equal(answer.body.apiCode, apiCode, seen);
  assert.equal(typeof answer.body.message, 'string', seen);
  assert.ok(answer.body.message.length > 5, seen);
  assert.ok(answer.body.message.startsWith(message), seen);
  assert.match(answer.body.requestId, /^[0-9a-f-]{36}$/);
  assert.equal('data' in answer.body, false, seen);
}

/**
 * Starts the local provider before the tests of the calling describe() and stops it after them.
 * Returns { provider, prism, client, jwks, testApi, stats, me }, the first four set once started:
 *   client   apiClient() of the provider, or of Prism in front of it with { prism: true };
 *   jwks     the provider's JWKS as first published (not fetched through Prism);
 *   testApi(path, body?)  GET (POST with a JSON body) of a /__test/ route, asserting HTTP 200;
 *   stats()  GET /__test/stats;  me(accessToken)  GET /oidc/me with the bearer token.
 * `provider`: startProvider options (index.mjs). With `skip` (a describe whose tests are all
 * skipped) nothing is started.
 */
export function useProvider({ prism: throughPrism = false, skip = false, provider: providerOptions } = {}) {
  const api = {
    async testApi(path, body) {
      const response = await fetch(`${api.provider.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      assert.equal(response.status, 200, path);
      return response.json();
    },
    stats: () => api.testApi('/__test/stats'),
    me: (accessToken) => fetch(`${api.provider.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } }),
  };
  before(async () => {
    if (skip) return;
    api.provider = await startProvider(providerOptions);
    if (throughPrism) {
      api.prism = await startPrism({ upstream: api.provider.url });
      api.client = apiClient(api.prism.url);
    } else {
      api.client = apiClient(api.provider.url);
      api.jwks = await (await fetch(`${api.provider.issuer}/.well-known/jwks.json`)).json();
    }
  });
  after(async () => {
    await api.prism?.stop();
    await api.provider?.stop();
  });
  return api;
}
