// QR-code and push login end to end: the built pkg/ in Chromium against the local provider's /api/v3
// QR and push endpoints, every /api/v3 request passing through Prism (spec/authentication-openapi.json),
// the phone simulated by the provider's /phone pages or its /__test/qr and /__test/push routes.
// Run: node --test --test-concurrency=1 tests/e2e/qr.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  call, createClient, events, flagged, gotoApp, loginOutcome, loginStatuses, openQrApp, pushAction, qrAction,
  qrConfig, qrFaults, qrSuite, recordEvents, resetProvider, setPageHidden, startLogin, storedSession, TEST_USER,
  until,
} from './harness.mjs';

const env = qrSuite();

const QR_STATUS = '/api/v3/check-qrcode-status';
const PUSH_STATUS = '/api/v3/check-pushcode-status';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

/** The login's outcome, or a test failure when it has not settled within `ms`. */
async function outcome(page, ms = 15_000) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the login did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([loginOutcome(page), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once onStatus has reported `status`. */
const reported = (page, status, ms = 10_000) =>
  until(async () => (await loginStatuses(page)).some((s) => s.status === status), ms, `onStatus ${status}`);

/** Resolves once the phone page's `selector` reads `text` (after its form POST and redirect). */
const phoneShows = (phone, selector, text) => phone.waitForFunction(
  ([sel, want]) => document.querySelector(sel)?.textContent === want, [selector, text], { polling: 50, timeout: 10_000 },
);

/** Scan then confirm through /__test/qr, each after the page has seen the status before it. */
async function scanAndConfirm(page, qrcodeId) {
  await reported(page, 'PENDING');
  assert.deepEqual(await qrAction(env, 'scan', qrcodeId), { ok: true, id: qrcodeId, status: 'SCANNED' });
  await reported(page, 'SCANNED');
  const confirmed = await qrAction(env, 'confirm', qrcodeId);
  assert.equal(confirmed.ok, true, JSON.stringify(confirmed));
  assert.equal(confirmed.status, 'AUTHORIZED');
}

/**
 * The end of every test: each /api/v3 request the provider counted came through the Prism route
 * (the route's log and the provider's counters agree), every one carried the app id, and Prism
 * flagged no request or answer, except those `allowed(entry)` names (spec quirks, reported).
 */
async function assertThroughPrism(api, { allowed = () => false, appId = env.appId, counted = true } = {}) {
  // A request the page aborted may still be on its way through Prism (a loaded machine): count once
  // every one has been answered or given up.
  await until(() => api.every((entry) => entry.status !== undefined || entry.aborted !== undefined), 5000, 'the requests in flight to settle');
  const stats = await env.stats();
  const sent = (path) => api.filter((entry) => entry.path === path).length;
  assert.ok(api.length > 0, 'the page sent /api/v3 requests through the route');
  if (counted) {
    assert.deepEqual(
      {
        gene: sent('/api/v3/gene-qrcode'),
        status: sent(QR_STATUS),
        exchange: sent('/api/v3/exchange-tokenset-with-qrcode-ticket'),
        push: sent('/api/v3/signin-by-push'),
        pushStatus: sent(PUSH_STATUS),
      },
      {
        gene: stats.qr_gene,
        status: stats.qr_status,
        exchange: stats.qr_exchange,
        push: stats.push_signin,
        pushStatus: stats.push_status,
      },
      'what the page sent through Prism is what the provider received',
    );
  }
  assert.equal(stats.api_preflight, 0, 'preflights are answered by the interception, never forwarded');
  for (const entry of api) assert.equal(entry.appId, appId, `${entry.method} ${entry.path} carries x-authing-app-id`);
  assert.deepEqual(flagged(api.filter((entry) => !allowed(entry))), [], 'Prism flagged no request or answer');
}

/** An answer whose only violations are exactly `messages` (spec quirks and test faults, see the report). */
const flaggedOnly = (...messages) => (entry) => entry.violations.length > 0
  && entry.violations.every((v) => messages.includes(v.message));
/** The spec documents only the success envelope: every error envelope lacks the required `data`. */
const errorEnvelope = (entry) => entry.status === 200 && entry.body?.statusCode !== 200
  && flaggedOnly("Response body must have required property 'data'")(entry);
/** HTTP 500 / 429 from /__test/qr-faults: the spec lists only 200. */
const faultStatus = (status) => (entry) => entry.status === status
  && flaggedOnly('Unable to match the returned status code with those defined in the document: 200')(entry);
/** A token set that names its lifetime `expires_in` (OAuth's spelling) instead of the spec's `expire_in`. */
const expiresInSpelling = flaggedOnly(
  "Response body property data.tokenSet must have required property 'expire_in'",
  "Response body property data must have required property 'expire_in'",
);

/** A LoginState of this provider for the test user and app; its lifetime read from expire_in / expires_in. */
function assertLoginState(state, { startedAt = Date.now() } = {}) {
  assert.equal(state.tokenType, 'Bearer');
  assert.ok(typeof state.accessToken === 'string' && state.accessToken.length > 20, 'an access token');
  assert.ok(state.idToken?.split('.').length === 3, 'an ID token');
  assert.ok(state.refreshToken, 'a refresh token (offline_access)');
  assert.equal(state.idTokenClaims.sub, TEST_USER.sub);
  assert.equal(state.idTokenClaims.aud, env.appId);
  assert.equal(state.idTokenClaims.iss, `${env.provider.url}/oidc`);
  assert.equal(state.idTokenClaims.name, 'Test User');
  const lifetime = state.expiresAt - startedAt;
  assert.ok(lifetime > 3500_000 && lifetime <= 3600_000 + 60_000, `expiresAt ${lifetime} ms ahead (3600 s lifetime)`);
}

/** The session is stored like any login: token, user info, the login event, the cache. */
async function assertSignedIn(page, state) {
  assert.deepEqual(await call(page, 'getAccessToken'), { value: state.accessToken });
  const me = await call(page, 'getUserInfo');
  assert.equal(me.value?.sub, TEST_USER.sub, JSON.stringify(me));
  assert.equal(me.value.email, TEST_USER.username);
  const logins = (await events(page)).filter((e) => e.type === 'login');
  assert.equal(logins.length, 1, 'one login event');
  assert.equal(logins[0].sub, TEST_USER.sub);
  assert.equal(logins[0].accessToken, state.accessToken);
  const stored = await storedSession(page);
  assert.ok(stored && JSON.stringify(stored).includes(state.accessToken), 'the session is in sessionStorage');
}

test('QR login through the phone page: PENDING, SCANNED with briefUserInfo, AUTHORIZED; the session is stored', async () => {
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  await recordEvents(page, ['login']);
  const startedAt = Date.now();
  const started = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 300 });
  assert.ok(started.value, JSON.stringify(started));
  const { qrcodeId, url, customLogoUrl, resultIsPromise, cancelIsFunction } = started.value;
  assert.match(qrcodeId, /^[\w-]{16,}$/);
  assert.equal(url, `${env.provider.url}/phone?qrcodeId=${encodeURIComponent(qrcodeId)}`);
  assert.equal(customLogoUrl, `${env.provider.url}/phone/logo.svg`);
  assert.deepEqual([resultIsPromise, cancelIsFunction], [true, true]);
  await reported(page, 'PENDING');

  // The phone: another device (its own context) opens what the QR code encodes.
  const phone = await env.browser.newPage();
  await phone.goto(url);
  assert.equal(await phone.textContent('#phone-code'), qrcodeId);
  assert.equal(await phone.textContent('#phone-status'), 'PENDING');
  assert.equal(await phone.isDisabled('#phone-confirm'), true, 'confirm needs a scan first');
  await phone.click('#phone-scan');
  await phoneShows(phone, '#phone-status', 'SCANNED');
  await reported(page, 'SCANNED');
  await phone.click('#phone-confirm');
  await phoneShows(phone, '#phone-status', 'AUTHORIZED');
  await phone.close();

  const { value: state, error } = await outcome(page);
  assert.ok(state, JSON.stringify(error));
  assertLoginState(state, { startedAt });

  const statuses = await loginStatuses(page);
  assert.deepEqual(statuses.map((s) => s.status), ['PENDING', 'SCANNED', 'AUTHORIZED'], 'one report per change');
  assert.equal(statuses[0].briefUserInfo, undefined, 'PENDING has no user yet');
  assert.deepEqual(statuses[1].briefUserInfo, { displayName: 'Test User', photo: `${env.provider.url}/phone/avatar.svg` });
  await assertSignedIn(page, state);

  // Polling stopped with the login; the ticket was exchanged once.
  const stats = await env.stats();
  await sleep(3 * 300 + 200);
  const later = await env.stats();
  assert.equal(later.qr_status, stats.qr_status, 'no poll after AUTHORIZED');
  assert.equal(stats.qr_gene, 1);
  assert.equal(stats.qr_exchange, 1);
  assert.equal(stats.phone_action, 2, 'scan and confirm on the phone page');
  assert.ok(stats.qr_status >= 3, `${stats.qr_status} status polls`);
  assert.deepEqual(api.filter((e) => e.path === '/api/v3/exchange-tokenset-with-qrcode-ticket').map((e) => e.status), [200]);

  // The stored session survives a reload, like any login.
  await gotoApp(page, `${env.app}/index.html`);
  await createClient(page, env.config());
  assert.equal((await call(page, 'getLoginState')).value?.accessToken, state.accessToken);
  await assertThroughPrism(api);
  await context.close();
});

test('web tokens: AUTHORIZED carries the tokenSet (no exchange); expires_in and expire_in are both read', async () => {
  const cases = [
    { webTokens: true, expiresField: 'expires_in', exchanges: 0 },
    { webTokens: true, expiresField: 'expire_in', exchanges: 0 },
    { webTokens: false, expiresField: 'expires_in', exchanges: 1 },
  ];
  for (const { webTokens, expiresField, exchanges } of cases) {
    const what = `webTokens ${webTokens}, ${expiresField}`;
    await resetProvider(env);
    assert.equal((await qrConfig(env, { webTokens, expiresField })).ok, true);
    const { context, page, api } = await openQrApp(env);
    await recordEvents(page, ['login']);
    const startedAt = Date.now();
    const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 250 });
    await scanAndConfirm(page, value.qrcodeId);
    const { value: state, error } = await outcome(page);
    assert.ok(state, `${what}: ${JSON.stringify(error)}`);
    assertLoginState(state, { startedAt });
    assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PENDING', 'SCANNED', 'AUTHORIZED'], what);
    await assertSignedIn(page, state);
    const stats = await env.stats();
    assert.equal(stats.qr_exchange, exchanges, `${what}: ticket exchanges`);
    const authorized = api.filter((e) => e.path === QR_STATUS && e.body?.data?.status === 'AUTHORIZED');
    assert.equal(authorized.length, 1, `${what}: one AUTHORIZED answer`);
    assert.equal('tokenSet' in authorized[0].body.data, webTokens, `${what}: tokenSet in the AUTHORIZED answer`);
    if (webTokens) assert.equal(authorized[0].body.data.tokenSet.access_token, state.accessToken, `${what}: the tokenSet is the session`);
    // Prism flags `expires_in` without `expire_in` (the spec's spelling) in token sets: a spec quirk.
    await assertThroughPrism(api, { allowed: expiresField === 'expires_in' ? expiresInSpelling : undefined });
    await context.close();
  }
});

test('cancelled on the phone page: qr_cancelled, nothing stored, no poll after', async () => {
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 250 });
  await reported(page, 'PENDING');
  const phone = await env.browser.newPage();
  await phone.goto(value.url);
  await phone.click('#phone-scan');
  await reported(page, 'SCANNED');
  await phone.click('#phone-cancel');
  await phoneShows(phone, '#phone-status', 'CANCELLED');
  await phone.close();
  const { error } = await outcome(page);
  assert.equal(error?.code, 'qr_cancelled', JSON.stringify(error));
  assert.equal(error.isAuthingError, true);
  assert.equal(error.name, 'AuthingError');
  assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PENDING', 'SCANNED', 'CANCELLED']);
  assert.equal(await storedSession(page), null);
  const stats = await env.stats();
  await sleep(1000);
  assert.equal((await env.stats()).qr_status, stats.qr_status, 'no poll after CANCELLED');
  assert.equal(stats.qr_exchange, 0);
  await assertThroughPrism(api);
  await context.close();
});

test('expired at the server (/__test/qr expire, or its own ttl): qr_expired', async () => {
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 250 });
  await reported(page, 'PENDING');
  assert.deepEqual(await qrAction(env, 'expire', value.qrcodeId), { ok: true, id: value.qrcodeId, status: 'EXPIRED' });
  const { error } = await outcome(page);
  assert.equal(error?.code, 'qr_expired', JSON.stringify(error));
  assert.equal(error.isAuthingError, true);
  assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PENDING', 'EXPIRED']);
  assert.equal(await storedSession(page), null);

  // A code that expires by itself after its ttl (1 s here).
  assert.equal((await qrConfig(env, { ttl: 1 })).ok, true);
  const startedAt = Date.now();
  await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 250 });
  const late = await outcome(page);
  assert.equal(late.error?.code, 'qr_expired', JSON.stringify(late));
  assert.ok(late.at - startedAt >= 1000, `expired ${late.at - startedAt} ms after the start (ttl 1 s)`);
  assert.equal((await loginStatuses(page)).at(-1).status, 'EXPIRED');
  await assertThroughPrism(api);
  await context.close();
});

test('timeoutMs shorter than the server lifetime: qr_expired on time, polling stops', async () => {
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  const startedAt = Date.now();
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 300, timeoutMs: 1500 });
  const { error, at } = await outcome(page);
  assert.equal(error?.code, 'qr_expired', JSON.stringify(error));
  assert.equal(error.isAuthingError, true);
  const after = at - startedAt;
  assert.ok(after >= 1500 && after < 2500, `qr_expired ${after} ms after the start (timeoutMs 1500)`);
  // The server still has the code waiting (its lifetime is 120 s): the expiry was the client's.
  const { codes } = await (await fetch(`${env.provider.url}/__test/qr`)).json();
  assert.deepEqual(codes.map((c) => [c.id, c.status]), [[value.qrcodeId, 'PENDING']]);
  await sleep(3 * 300 + 200);
  const { qr_status_times: times } = await env.stats();
  assert.ok(times.length >= 2, `${times.length} polls before the deadline`);
  assert.deepEqual(times.filter((t) => t > at + 50), [], 'no poll after the client-side expiry');
  await assertThroughPrism(api);
  await context.close();
});

test('the status endpoint answers 500 three times, then recovers: backoff grows, the login completes', async () => {
  await resetProvider(env);
  const interval = 400;
  assert.equal((await qrFaults(env, { failStatus: 3 })).ok, true);
  const { context, page, api } = await openQrApp(env);
  const startedAt = Date.now();
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  await reported(page, 'PENDING', 15_000);
  await scanAndConfirm(page, value.qrcodeId);
  const { value: state, error } = await outcome(page);
  assert.ok(state, JSON.stringify(error));
  assertLoginState(state, { startedAt });
  assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PENDING', 'SCANNED', 'AUTHORIZED']);

  const stats = await env.stats();
  assert.equal(stats.qr_fault[500], 3, 'three polls were answered 500');
  assert.deepEqual(api.filter((e) => e.path === QR_STATUS).slice(0, 4).map((e) => e.status), [500, 500, 500, 200]);
  // Polls 1-3 failed: the waits after them are 1, 2 and 4 intervals, each with jitter in [1/2, 1].
  const [g1, g2, g3, g4] = gaps(stats.qr_status_times);
  const slack = 500; // request and answer travel through the route and Prism, on a loaded machine
  for (const [gap, factor] of [[g1, 1], [g2, 2], [g3, 4]]) {
    assert.ok(gap >= (factor * interval) / 2 - 5 && gap <= factor * interval + slack,
      `gap ${gap} ms after failure ${Math.log2(factor) + 1} (backoff ${factor} × ${interval} ms with jitter)`);
  }
  assert.ok(g3 > g1, `the gaps grew: ${[g1, g2, g3]}`);
  assert.ok(g4 >= interval - 5 && g4 <= interval + slack, `after the recovery the interval is back: ${g4} ms`);
  await assertThroughPrism(api, { allowed: faultStatus(500) });
  await context.close();
});

test('a status endpoint that keeps failing ends with network_error after the retry budget (1, 2, 4, 8, 16 intervals)', async () => {
  await resetProvider(env);
  const interval = 250;
  assert.equal((await qrFaults(env, { failStatus: 100 })).ok, true);
  const { context, page, api } = await openQrApp(env);
  await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  const { error, at } = await outcome(page, 20_000);
  assert.equal(error?.code, 'network_error', JSON.stringify(error));
  assert.equal(error.isAuthingError, true);
  await sleep(3 * interval);
  const stats = await env.stats();
  // The first poll and five retries, with backoff 1, 2, 4, 8, 16 intervals (jitter [1/2, 1]) between.
  assert.equal(stats.qr_status, 6, `${stats.qr_status} polls before network_error`);
  assert.deepEqual(stats.qr_status_times.filter((t) => t > at + 50), [], 'no poll after network_error');
  gaps(stats.qr_status_times).forEach((gap, i) => {
    const full = interval * 2 ** i;
    assert.ok(gap >= full / 2 - 5 && gap <= full + 500, `gap ${i + 1}: ${gap} ms (backoff ${2 ** i} × ${interval} ms)`);
  });
  assert.equal((await loginStatuses(page)).length, 0, 'no status was ever answered');
  await assertThroughPrism(api, { allowed: faultStatus(500) });
  await context.close();
});

test('429 with Retry-After: 2: the next poll waits 2 s, then the login completes', async () => {
  await resetProvider(env);
  const interval = 300;
  assert.equal((await qrFaults(env, { retryAfter: 2 })).ok, true);
  const { context, page, api } = await openQrApp(env);
  const startedAt = Date.now();
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  await reported(page, 'PENDING', 10_000);
  const polls = api.filter((e) => e.path === QR_STATUS);
  assert.equal(polls[0].status, 429);
  const { qr_status_times: times, qr_fault: faults } = await env.stats();
  assert.equal(faults[429], 1);
  const wait = times[1] - times[0];
  assert.ok(wait >= 2000 && wait <= 2000 + interval + 500, `the poll after the 429 came ${wait} ms later (Retry-After: 2)`);
  await scanAndConfirm(page, value.qrcodeId);
  const { value: state, error } = await outcome(page);
  assert.ok(state, JSON.stringify(error));
  assertLoginState(state, { startedAt });
  await assertThroughPrism(api, { allowed: faultStatus(429) });
  await context.close();
});

test('while the page is hidden no poll is sent; visible again, one poll at once', async (t) => {
  await resetProvider(env);
  const interval = 500;
  const { context, page, api } = await openQrApp(env);
  const { value } = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  await reported(page, 'PENDING');
  const hiddenAt = await setPageHidden(page, true);
  await sleep(10_000);
  const visibleAt = await setPageHidden(page, false);
  await sleep(interval + 300);
  const { qr_status_times: times } = await env.stats();
  // When the page sent each poll (Resource Timing, epoch ms: the page's clock is this machine's).
  const sent = await page.evaluate((path) => performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname === path).map((e) => performance.timeOrigin + e.startTime), QR_STATUS);
  assert.equal(sent.length, times.length, 'every poll the page sent reached the provider');

  // Resource Timing stamps an intercepted request (Playwright's route) when it goes out, which can lag
  // the call by a few ms on a loaded machine: a poll the timer started as the page hid is not one
  // sent while hidden. The provider's side below holds the same rule.
  const late = sent.filter((s) => s > hiddenAt + 50 && s < visibleAt);
  assert.deepEqual(late, [], `the page sent no poll while hidden (hidden at ${hiddenAt}, sent ${sent.map((s) => Math.round(s - hiddenAt))} ms after)`);
  // At the provider: nothing in the hidden window but, at most, the poll already on its way.
  const whileHidden = times.filter((at) => at > hiddenAt && at < visibleAt);
  assert.ok(whileHidden.length <= 1 && whileHidden.every((at) => at < hiddenAt + 500),
    `provider saw ${whileHidden.map((at) => at - hiddenAt)} ms after hiding (${visibleAt - hiddenAt} ms hidden)`);
  assert.equal(sent.filter((s) => s <= hiddenAt).length, times.filter((at) => at < visibleAt).length, 'those were sent before');

  const sentBack = sent.find((s) => s >= visibleAt);
  const arrived = times.find((at) => at >= visibleAt);
  assert.ok(sentBack !== undefined && arrived !== undefined, 'a poll after the page showed again');
  t.diagnostic(`visible again: poll sent after ${(sentBack - visibleAt).toFixed(1)} ms, at the provider after ${arrived - visibleAt} ms`);
  assert.ok(sentBack - visibleAt <= 100, `the page sent its poll ${sentBack - visibleAt} ms after it showed`);
  // Through Playwright's interception and Prism on a loaded machine the arrival takes a little longer.
  assert.ok(arrived - visibleAt <= 300, `the poll reached the provider ${arrived - visibleAt} ms after the page showed`);
  assert.equal(sent.filter((s) => s >= visibleAt && s < visibleAt + interval - 5).length, 1, 'exactly one poll at once');
  const following = times.find((at) => at > arrived);
  assert.ok(following - arrived >= interval - 5, `then the interval again: ${following - arrived} ms`);

  await scanAndConfirm(page, value.qrcodeId);
  const { value: state, error } = await outcome(page);
  assert.ok(state, JSON.stringify(error));
  await assertThroughPrism(api);

  // Hidden from the start: the code is issued, but no poll until the page shows.
  await resetProvider(env);
  const mark = api.length;
  await setPageHidden(page, true);
  await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  await sleep(3 * interval);
  assert.deepEqual([(await env.stats()).qr_gene, (await env.stats()).qr_status], [1, 0], 'issued, never polled while hidden');
  const shownAt = await setPageHidden(page, false);
  await until(async () => (await env.stats()).qr_status === 1, 2000, 'the poll after showing');
  const [first] = (await env.stats()).qr_status_times;
  assert.ok(first - shownAt <= 300, `the first poll reached the provider ${first - shownAt} ms after the page showed`);
  await page.evaluate(() => window.login.cancel());
  assert.equal((await outcome(page)).error?.code, 'aborted');
  await assertThroughPrism(api.slice(mark));
  await context.close();
});

test('cancel() and an AbortSignal end the login with aborted and stop polling; an aborted signal sends nothing', async () => {
  const interval = 300;
  for (const how of ['cancel', 'signal']) {
    await resetProvider(env);
    const { context, page, api } = await openQrApp(env);
    const { value } = await startLogin(page, 'startQrLogin', {
      type: 'MOBILE_APP', intervalMs: interval, ...(how === 'signal' ? { signal: 'controller' } : {}),
    });
    assert.ok(value?.qrcodeId);
    await reported(page, 'PENDING');
    const cancelledAt = await page.evaluate((h) => {
      if (h === 'cancel') window.login.cancel();
      else window.abortController.abort();
      return Date.now();
    }, how);
    const { error, at } = await outcome(page);
    assert.equal(error?.code, 'aborted', `${how}: ${JSON.stringify(error)}`);
    assert.equal(error.isAuthingError, true);
    assert.ok(at - cancelledAt < 100, `${how}: rejected ${at - cancelledAt} ms after the abort`);
    await sleep(4 * interval);
    const { qr_status_times: times } = await env.stats();
    assert.ok(times.length >= 1, `${how}: polled before`);
    assert.deepEqual(times.filter((t) => t > cancelledAt + 50), [], `${how}: no poll after the abort`);
    // A second cancel, or the phone confirming afterwards, changes nothing.
    await page.evaluate(() => window.login.cancel());
    await qrAction(env, 'scan', value.qrcodeId);
    await sleep(2 * interval);
    assert.equal((await env.stats()).qr_status, times.length, `${how}: still no poll`);
    assert.equal(await storedSession(page), null);
    await assertThroughPrism(api);
    await context.close();
  }

  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  const started = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval, signal: 'aborted' });
  assert.equal(started.error?.code, 'aborted', JSON.stringify(started));
  assert.equal(started.error.isAuthingError, true);
  const pushed = await startLogin(page, 'startPushLogin', { account: TEST_USER.username, intervalMs: interval, signal: 'aborted' });
  assert.equal(pushed.error?.code, 'aborted', JSON.stringify(pushed));
  await sleep(2 * interval);
  const stats = await env.stats();
  assert.deepEqual([stats.qr_gene, stats.qr_status, stats.push_signin, stats.push_status], [0, 0, 0, 0], 'no request at all');
  assert.deepEqual(api, [], 'nothing reached the route');
  await context.close();
});

test('cancel() while a poll is in flight aborts that request at once', async () => {
  await resetProvider(env);
  const interval = 250;
  const hold = 1500;
  const { context, page, api } = await openQrApp(env, env.config(), { delayMs: (e) => (e.path === QR_STATUS ? hold : 0) });
  const failed = [];
  context.on('requestfailed', (request) => failed.push({ url: request.url(), error: request.failure()?.errorText, at: Date.now() }));
  await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  const inFlight = await until(() => api.find((e) => e.path === QR_STATUS && e.status && !e.fulfilledAt), 5000, 'a poll held in the route');
  const cancelledAt = await page.evaluate(() => {
    window.login.cancel();
    return Date.now();
  });
  const { error, at } = await outcome(page);
  assert.equal(error?.code, 'aborted', JSON.stringify(error));
  assert.ok(at - cancelledAt < 200, `rejected ${at - cancelledAt} ms after cancel(), while the answer was held ${hold} ms`);
  await sleep(hold + 3 * interval);
  assert.equal(inFlight.fulfilledAt >= cancelledAt + hold / 2, true, 'the answer was still held when cancel() ran');
  assert.deepEqual(failed.map((f) => [new URL(f.url).pathname, f.error]), [[QR_STATUS, 'net::ERR_ABORTED']], 'the page aborted its poll');
  assert.ok(failed[0].at - cancelledAt < 200, `aborted ${failed[0].at - cancelledAt} ms after cancel()`);
  assert.equal((await env.stats()).qr_status, 1, 'no poll after cancel()');
  await assertThroughPrism(api);
  await context.close();
});

test('one poll at a time: slow answers are waited for, the next poll follows intervalMs after each answer', async () => {
  await resetProvider(env);
  const interval = 300;
  const hold = 700;
  const { context, page, api } = await openQrApp(env, env.config(), { delayMs: (e) => (e.path === QR_STATUS ? hold : 0) });
  await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: interval });
  await until(() => api.filter((e) => e.path === QR_STATUS && e.fulfilledAt).length >= 4, 10_000, 'four answered polls');
  await page.evaluate(() => window.login.cancel());
  await outcome(page);

  const gene = api.find((e) => e.path === '/api/v3/gene-qrcode');
  const polls = api.filter((e) => e.path === QR_STATUS);
  assert.ok(polls[0].startedAt - gene.fulfilledAt >= interval - 5, `first poll ${polls[0].startedAt - gene.fulfilledAt} ms after the code was issued`);
  for (let i = 1; i < polls.length; i++) {
    const after = polls[i].startedAt - polls[i - 1].fulfilledAt;
    assert.ok(after >= interval - 5, `poll ${i + 1} was sent ${after} ms after the previous answer (never two in flight)`);
  }
  const { qr_status_times: times } = await env.stats();
  for (const gap of gaps(times)) assert.ok(gap >= interval + hold - 5, `polls ${gap} ms apart at the provider`);
  await assertThroughPrism(api);
  await context.close();

  // intervalMs below the floor: polls stay at least 250 ms apart.
  await resetProvider(env);
  const fast = await openQrApp(env);
  await startLogin(fast.page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 20 });
  await sleep(1600);
  await fast.page.evaluate(() => window.login.cancel());
  await outcome(fast.page);
  const fastTimes = (await env.stats()).qr_status_times;
  assert.ok(fastTimes.length >= 3 && fastTimes.length <= 6, `${fastTimes.length} polls in 1.6 s with intervalMs 20 (floor 250 ms)`);
  for (const gap of gaps(fastTimes)) assert.ok(gap >= 245, `polls ${gap} ms apart (floor 250 ms)`);
  await assertThroughPrism(fast.api);
  await fast.context.close();
});

test('push login: PUSHED, approved on the phone page, AUTHORIZED; the session is stored', async () => {
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  await recordEvents(page, ['login']);
  const startedAt = Date.now();
  const started = await startLogin(page, 'startPushLogin', { account: TEST_USER.username, intervalMs: 300 });
  assert.ok(started.value, JSON.stringify(started));
  const { pushCodeId, expireTime } = started.value;
  assert.match(pushCodeId, /^[\w-]{16,}$/);
  assert.equal(expireTime, 120);
  assert.deepEqual([started.value.resultIsPromise, started.value.cancelIsFunction], [true, true]);
  await reported(page, 'PUSHED');

  const phone = await env.browser.newPage();
  await phone.goto(`${env.provider.url}/phone/push?pushCodeId=${encodeURIComponent(pushCodeId)}`);
  assert.equal(await phone.textContent('#push-account'), TEST_USER.username);
  assert.equal(await phone.textContent('#push-status'), 'PUSHED');
  await phone.click('#push-approve');
  await phoneShows(phone, '#push-status', 'AUTHORIZED');
  await phone.close();

  const { value: state, error } = await outcome(page);
  assert.ok(state, JSON.stringify(error));
  assertLoginState(state, { startedAt });
  assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PUSHED', 'AUTHORIZED']);
  await assertSignedIn(page, state);
  const stats = await env.stats();
  assert.equal(stats.push_signin, 1);
  assert.ok(stats.push_status >= 2);
  await sleep(3 * 300 + 200);
  assert.equal((await env.stats()).push_status, stats.push_status, 'no poll after AUTHORIZED');
  const signin = api.find((e) => e.path === '/api/v3/signin-by-push');
  assert.equal(signin.method, 'POST');
  await assertThroughPrism(api);
  await context.close();
});

test('push login denied, expired, cancelled, or for an unknown account', async () => {
  const interval = 250;
  for (const [action, how, code, last] of [
    ['deny', 'phone', 'qr_cancelled', 'CANCELLED'],
    ['cancel', 'route', 'qr_cancelled', 'CANCELLED'],
    ['expire', 'route', 'qr_expired', 'EXPIRED'],
  ]) {
    await resetProvider(env);
    const { context, page, api } = await openQrApp(env);
    const { value } = await startLogin(page, 'startPushLogin', { account: TEST_USER.username, intervalMs: interval });
    await reported(page, 'PUSHED');
    if (how === 'phone') {
      const phone = await env.browser.newPage();
      await phone.goto(`${env.provider.url}/phone/push?pushCodeId=${encodeURIComponent(value.pushCodeId)}`);
      await phone.click('#push-deny');
      await phoneShows(phone, '#push-status', 'CANCELLED');
      await phone.close();
    } else {
      assert.deepEqual(await pushAction(env, action, value.pushCodeId), { ok: true, id: value.pushCodeId, status: last });
    }
    const { error } = await outcome(page);
    assert.equal(error?.code, code, `${action}: ${JSON.stringify(error)}`);
    assert.equal(error.isAuthingError, true);
    assert.deepEqual((await loginStatuses(page)).map((s) => s.status), ['PUSHED', last], action);
    assert.equal(await storedSession(page), null);
    await assertThroughPrism(api);
    await context.close();
  }

  // cancel() of a push login.
  await resetProvider(env);
  {
    const { context, page, api } = await openQrApp(env);
    await startLogin(page, 'startPushLogin', { account: TEST_USER.username, intervalMs: interval });
    await reported(page, 'PUSHED');
    const cancelledAt = await page.evaluate(() => {
      window.login.cancel();
      return Date.now();
    });
    assert.equal((await outcome(page)).error?.code, 'aborted');
    await sleep(4 * interval);
    assert.deepEqual((await env.stats()).push_status_times.filter((t) => t > cancelledAt + 50), [], 'no poll after cancel()');
    await assertThroughPrism(api);
    await context.close();
  }

  // An account the provider does not know: the error envelope becomes api_error with its details.
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env);
  const unknown = await startLogin(page, 'startPushLogin', { account: 'nobody@example.com', intervalMs: interval });
  assert.equal(unknown.error?.code, 'api_error', JSON.stringify(unknown));
  assert.equal(unknown.error.isAuthingError, true);
  const envelope = api.find((e) => e.path === '/api/v3/signin-by-push').body;
  assert.deepEqual([envelope.statusCode, envelope.apiCode], [400, 2004]);
  assert.equal(unknown.error.statusCode, 400);
  assert.equal(unknown.error.apiCode, 2004);
  assert.equal(unknown.error.requestId, envelope.requestId);
  assert.match(unknown.error.requestId, /^[\w-]{8,}$/);
  assert.ok(unknown.error.message);
  const stats = await env.stats();
  assert.deepEqual([stats.push_signin, stats.push_status], [1, 0], 'no status poll for a code never issued');
  await assertThroughPrism(api, { allowed: errorEnvelope });
  await context.close();
});

test('an error envelope from gene-qrcode rejects startQrLogin with api_error and its details', async () => {
  // An app id the provider does not know.
  await resetProvider(env);
  const { context, page, api } = await openQrApp(env, env.config({ appId: 'no-such-app' }));
  const started = await startLogin(page, 'startQrLogin', { type: 'MOBILE_APP', intervalMs: 250 });
  assert.equal(started.error?.code, 'api_error', JSON.stringify(started));
  assert.equal(started.error.isAuthingError, true);
  assert.equal(started.error.name, 'AuthingError');
  assert.equal(started.error.statusCode, 401);
  assert.equal(started.error.apiCode, 40102);
  const [gene] = api;
  assert.equal(gene.path, '/api/v3/gene-qrcode');
  assert.equal(started.error.requestId, gene.body.requestId);
  let stats = await env.stats();
  assert.equal(stats.api_app_rejected, 1);
  assert.equal(stats.qr_status, 0);
  assert.equal(api.length, 1, 'nothing after the error');
  await assertThroughPrism(api, { allowed: errorEnvelope, appId: 'no-such-app', counted: false });
  await context.close();

  // A request the provider refuses: a WeChat mini-program code without its extIdpConnId.
  await resetProvider(env);
  const second = await openQrApp(env);
  const refused = await startLogin(second.page, 'startQrLogin', { type: 'WECHAT_MINIPROGRAM', intervalMs: 250 });
  assert.equal(refused.error?.code, 'api_error', JSON.stringify(refused));
  assert.deepEqual([refused.error.statusCode, refused.error.apiCode], [400, 40001]);
  assert.equal(refused.error.requestId, second.api[0].body.requestId);
  stats = await env.stats();
  assert.deepEqual([stats.qr_gene, stats.qr_status], [1, 0]);
  await assertThroughPrism(second.api, { allowed: errorEnvelope });
  await second.context.close();
});
