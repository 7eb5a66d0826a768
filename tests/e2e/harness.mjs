// End-to-end harness: the local provider, a static server for pkg/ and the test pages, and Debian's
// Chromium driven by playwright-core. Every piece is started per suite and stopped after it.
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';

export { TEST_USER };

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Registers before/after hooks for a suite and returns its live environment:
 * `{ app, provider, appId, redirectUri, browser, config(extra) }`. `host` names the app's server
 * (the provider stays on localhost): '127.0.0.1' makes the provider a third-party site.
 */
export function suite({ appId = 'e2e-app', host = 'localhost', provider: providerOptions = {} } = {}) {
  const env = { appId };
  before(async () => {
    env.server = await startServer({ host, mounts: { '/pkg/': here('../../pkg') }, roots: [here('./pages')] });
    env.app = env.server.url.replace(/\/$/, '');
    env.redirectUri = `${env.app}/index.html`;
    env.provider = await startProvider({
      clients: [{ id: appId, redirect: [env.redirectUri], logout: [env.redirectUri] }],
      ...providerOptions,
    });
    env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await env.browser?.close();
    await env.provider?.stop();
    await env.server?.stop();
  });
  env.config = (extra = {}) => ({
    domain: env.provider.url, appId, redirectUri: env.redirectUri, cacheLocation: 'sessionStorage', scope: 'openid profile email', ...extra,
  });
  env.stats = async () => (await fetch(`${env.provider.url}/__test/stats`)).json();
  return env;
}

/** A fresh browser context (its own cookies and storage) with the test page loaded. */
export async function openApp(env) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await gotoApp(page, `${env.app}/index.html`);
  return page;
}

/** Navigates and waits until the page's module has loaded the SDK. */
export async function gotoApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.sdk);
}

/** Creates `window.client` in the page with `config`. */
export function createClient(page, config) {
  return page.evaluate(async (c) => {
    window.client = await window.sdk.AuthingClient.create(c);
  }, config);
}

/**
 * Runs `window.client[method](...args)` in the page; resolves `{ value }` or `{ error }` with the
 * error's class name, code and message, so that tests can assert on rejections.
 */
export function call(page, method, ...args) {
  return page.evaluate(async ([m, a]) => {
    try {
      return { value: await window.client[m](...a) };
    } catch (e) {
      return { error: { name: e?.name, isAuthingError: e instanceof window.sdk.AuthingError, code: e?.code, message: e?.message, error: e?.error } };
    }
  }, [method, args]);
}

/** Fills the provider's login form and waits for the redirect back to the app. */
export async function signInAtProvider(page, env, user = TEST_USER) {
  await page.waitForSelector('input[name="username"]');
  await page.fill('input[name="username"]', user.username ?? user.email);
  await page.fill('input[name="password"]', user.password);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(env.redirectUri) && url.searchParams.has('state')),
    page.click('#login-submit'),
  ]);
}

/** Starts a redirect sign-in from the page and returns the callback URL the provider sent back. */
export async function redirectSignIn(page, env, loginOptions = {}) {
  await Promise.all([
    page.waitForURL((url) => url.origin === env.provider.url),
    // The page navigates away right after the call: its evaluation context may vanish mid-answer.
    call(page, 'loginWithRedirect', loginOptions).catch(() => {}),
  ]);
  await signInAtProvider(page, env);
  await page.waitForFunction(() => window.sdk);
  return page.url();
}

/** The session the SDK cached in the page's sessionStorage, or null. */
export function storedSession(page) {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('authing-wasm:') && k.endsWith(':session'));
    return key ? JSON.parse(sessionStorage.getItem(key)) : null;
  });
}

// ---- Session, signature and storage suites: provider controls, tabs, popup sign-in, events. ----

/** POST /__test/<path> with a JSON body; resolves the JSON answer. */
export async function testRoute(env, path, body = {}) {
  const res = await fetch(`${env.provider.url}/__test/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`/__test/${path} answered ${res.status}`);
  return res.json();
}

/** Zeroes the provider's counters and ends every fault. */
export const resetProvider = (env) => testRoute(env, 'reset');
/** Replaces the provider's faults (e.g. `{ idToken: 'bad-signature' }`); `{}` ends them. */
export const setFaults = (env, faults) => testRoute(env, 'faults', faults);
/** A new signing key at the provider; resolves `{ kid, kids }`. */
export const rotateKeys = (env, options = {}) => testRoute(env, 'rotate-keys', options);

/** The SDK's storage key for the session of `config`. */
export const sessionKey = (config) => `authing-wasm:${config.domain}/oidc:${config.appId}:session`;

/** `n` pages of one browser context (tabs of one app), each with the test page loaded. */
export async function openTabs(env, n, contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  const pages = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await gotoApp(page, `${env.app}/index.html`);
    pages.push(page);
  }
  return pages;
}

/**
 * Records the client's events in `window.events` as `{ type, at (Date.now()), sub?, accessToken?,
 * refreshToken?, code?, message? }`. Subscribe right after createClient.
 */
export function recordEvents(page, types = ['login', 'logout', 'tokenRefreshed', 'sessionExpired', 'error']) {
  return page.evaluate((names) => {
    window.events ??= [];
    for (const type of names) {
      window.client.on(type, (detail) => window.events.push({
        type,
        at: Date.now(),
        sub: detail?.idTokenClaims?.sub,
        accessToken: detail?.accessToken,
        refreshToken: detail?.refreshToken,
        code: detail?.code,
        message: detail?.message,
        isAuthingError: type === 'error' ? detail instanceof window.sdk.AuthingError : undefined,
      }));
    }
  }, types);
}

/** The events recorded by recordEvents. */
export const events = (page) => page.evaluate(() => window.events ?? []);

/**
 * Popup sign-in from a real click on #go: fills the provider's form when it shows (with a provider
 * session the popup finishes by itself), waits for the popup to close and resolves the click's
 * outcome `{ value }` or `{ error }`.
 */
export async function popupSignIn(page, { user = TEST_USER, options = {} } = {}) {
  await page.evaluate((o) => {
    window.onGo = () => window.client.loginWithPopup(o);
  }, options);
  const count = await page.evaluate(() => window.outcomes.length);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#go')]);
  const closed = popup.isClosed() ? Promise.resolve() : popup.waitForEvent('close');
  const form = popup.waitForSelector('input[name="username"]', { timeout: 15_000 }).then(() => true, () => false);
  if (await Promise.race([form, closed.then(() => false)])) {
    await popup.fill('input[name="username"]', user.username ?? user.email);
    await popup.fill('input[name="password"]', user.password);
    await popup.click('#login-submit').catch((e) => {
      if (!popup.isClosed()) throw e;
    });
  }
  await closed;
  return page.evaluate((n) => window.outcomes[n], count);
}

/** The raw text the SDK keeps under its session key in `storage` ('localStorage' | 'sessionStorage'). */
export function rawStored(page, config, storage = 'localStorage') {
  return page.evaluate(([key, where]) => window[where].getItem(key), [sessionKey(config), storage]);
}

/** Resolves once `predicate()` (sync or async) is truthy, polling every 20 ms; throws after `ms`. */
export async function until(predicate, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- QR-code and push login suites: every /api/v3 request of the page goes through Prism. ----

/**
 * A private copy of pkg/ for one suite, taken once it is complete: other builds (`rm -rf pkg`, then
 * seconds of wasm-opt) may run while the suite does, and a page must never load a half-built package.
 * Resolves the copy's path; remove it after the suite.
 */
export async function snapshotPkg() {
  const { cpSync, existsSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const src = here('../../pkg');
  const needed = ['package.json', 'index.js', 'qr.js', 'authing_wasm_bg.wasm'];
  const complete = (dir) => needed.every((file) => existsSync(join(dir, file)));
  for (let attempt = 1; ; attempt++) {
    await until(() => complete(src), 300_000, 'a complete pkg/ (run scripts/build.sh; another build may be under way)');
    const dir = mkdtempSync(join(tmpdir(), 'authing-pkg-'));
    try {
      cpSync(src, dir, { recursive: true });
      if (complete(dir) && complete(src)) return dir;
    } catch { /* pkg/ was removed while we copied it: try again */ }
    rmSync(dir, { recursive: true, force: true });
    if (attempt === 20) throw new Error('pkg/ kept changing while it was copied');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * suite() for QR-code and push login, plus Prism (tests/support/prism.mjs) as a validating proxy
 * in front of the provider (`env.prism = { url, stop }`), and the page served from a snapshot of
 * pkg/ (snapshotPkg). One before hook starts everything in order (Node 20 runs a file's root-level
 * before hooks concurrently). Same `env` as suite(): app, provider, appId, redirectUri, browser,
 * config(extra), stats(). `pages` names more test pages that are callback URLs of the client.
 */
export function qrSuite({ appId = 'e2e-app', pages = [], provider: providerOptions = {} } = {}) {
  const env = { appId };
  before(async () => {
    const { startPrism } = await import('../support/prism.mjs');
    env.pkg = await snapshotPkg();
    env.server = await startServer({ host: 'localhost', mounts: { '/pkg/': env.pkg }, roots: [here('./pages')] });
    env.app = env.server.url.replace(/\/$/, '');
    env.redirectUri = `${env.app}/index.html`;
    // `pages`: more test pages (e.g. 'sign-in.html') that are callback URLs of the client too.
    const redirect = [env.redirectUri, ...pages.map((p) => `${env.app}/${p}`)];
    env.provider = await startProvider({
      clients: [{ id: appId, redirect, logout: redirect }],
      ...providerOptions,
    });
    env.prism = await startPrism({ upstream: env.provider.url });
    env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await env.browser?.close();
    await env.prism?.stop();
    await env.provider?.stop();
    await env.server?.stop();
    if (env.pkg) (await import('node:fs')).rmSync(env.pkg, { recursive: true, force: true });
  });
  env.config = (extra = {}) => ({
    domain: env.provider.url, appId, redirectUri: env.redirectUri, cacheLocation: 'sessionStorage', scope: 'openid profile email', ...extra,
  });
  env.stats = async () => (await fetch(`${env.provider.url}/__test/stats`)).json();
  return env;
}

/**
 * Routes every `/api/v3/` request of `context` to the Prism proxy at `prismUrl` (same method, path,
 * query, headers and body) and fulfills the page's request with Prism's answer. Resolves the log,
 * one entry per request: `{ method, path, query, appId, status, violations (parsed sl-violations,
 * [] when none), startedAt, fulfilledAt (Date.now()), aborted? }`. `delayMs(entry)` (optional)
 * holds an answer back that many ms before it reaches the page.
 */
export async function routeApiThroughPrism(context, prismUrl, { delayMs } = {}) {
  const log = [];
  await context.route('**/api/v3/**', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const entry = {
      method: request.method(),
      path: url.pathname,
      query: url.search,
      appId: request.headers()['x-authing-app-id'],
      authorization: request.headers().authorization,
      startedAt: Date.now(),
    };
    log.push(entry);
    try {
      const response = await route.fetch({ url: `${prismUrl}${url.pathname}${url.search}` });
      const header = response.headers()['sl-violations'];
      entry.status = response.status();
      entry.violations = header ? JSON.parse(header) : [];
      entry.body = await response.json().catch(() => undefined);
      const delay = delayMs?.(entry) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      entry.fulfilledAt = Date.now();
      await route.fulfill({ response });
    } catch (e) {
      // The page aborted the request (cancel(), an AbortSignal) or closed: nothing to answer.
      entry.aborted = String(e?.message ?? e);
      await route.abort().catch(() => {});
    }
  });
  return log;
}

/** A fresh context whose /api/v3 requests go through Prism, with the test page and `window.client`. */
export async function openQrApp(env, config = env.config(), routeOptions = {}) {
  const context = await env.browser.newContext();
  const api = await routeApiThroughPrism(context, env.prism.url, routeOptions);
  const page = await context.newPage();
  await gotoApp(page, `${env.app}/index.html`);
  await createClient(page, config);
  return { context, page, api };
}

/**
 * Calls `client[method](options)` ('startQrLogin' | 'startPushLogin') in the page with an onStatus
 * that records `{ status, briefUserInfo?, at }` in `window.statuses`. `signal: 'controller'` passes
 * the signal of `window.abortController`; `signal: 'aborted'` an already-aborted one. Resolves
 * `{ value: <the login without result/cancel> }` or `{ error }` (see errorOf); the login stays in
 * `window.login`, its outcome in `window.loginOutcome` (loginOutcome()).
 */
export function startLogin(page, method, { signal, ...options } = {}) {
  return page.evaluate(async ([m, o, s]) => {
    window.statuses = [];
    window.errorOf = (e) => ({
      name: e?.name,
      isAuthingError: e instanceof window.sdk.AuthingError,
      code: e?.code,
      message: e?.message,
      statusCode: e?.statusCode,
      apiCode: e?.apiCode,
      requestId: e?.requestId,
    });
    if (s === 'controller') window.abortController = new AbortController();
    const sig = s === 'controller' ? window.abortController.signal : s === 'aborted' ? AbortSignal.abort() : undefined;
    try {
      const login = await window.client[m]({
        ...o,
        ...(sig ? { signal: sig } : {}),
        onStatus: (st) => window.statuses.push({ ...st, at: Date.now() }),
      });
      window.login = login;
      window.loginOutcome = login.result.then(
        (value) => ({ value, at: Date.now() }),
        (e) => ({ error: window.errorOf(e), at: Date.now() }),
      );
      const { result, cancel, ...data } = login;
      return { value: { ...data, resultIsPromise: result instanceof Promise, cancelIsFunction: typeof cancel === 'function' } };
    } catch (e) {
      return { error: window.errorOf(e) };
    }
  }, [method, options, signal]);
}

/** Waits for `window.login.result` to settle: `{ value, at }` or `{ error, at }` (at: Date.now()). */
export const loginOutcome = (page) => page.evaluate(() => window.loginOutcome);
/** What onStatus received so far: `[{ status, briefUserInfo?, at }]`. */
export const loginStatuses = (page) => page.evaluate(() => window.statuses);
/** POST /__test/qr { action, qrcodeId? } (newest code when no id). */
export const qrAction = (env, action, qrcodeId) => testRoute(env, 'qr', { action, qrcodeId });
/** POST /__test/push { action, pushCodeId? }. */
export const pushAction = (env, action, pushCodeId) => testRoute(env, 'push', { action, pushCodeId });
/** POST /__test/qr-config { ttl?, webTokens?, expiresField? }. */
export const qrConfig = (env, config) => testRoute(env, 'qr-config', config);
/** POST /__test/qr-faults { failStatus?, retryAfter? }. */
export const qrFaults = (env, faults) => testRoute(env, 'qr-faults', faults);

/**
 * Simulates the page going to the background (`hidden: true`) or back: overrides document.hidden
 * (and visibilityState) and dispatches `visibilitychange`. Resolves the page's Date.now() right
 * before the dispatch: a request the page sends while handling the event (a poll on showing again)
 * is sent after that time.
 */
export function setPageHidden(page, hidden) {
  return page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    const at = Date.now();
    document.dispatchEvent(new Event('visibilitychange'));
    return at;
  }, hidden);
}

/** The entries of a routeApiThroughPrism log whose answer Prism flagged (with their violations). */
export const flagged = (log) => log.filter((entry) => entry.violations?.length)
  .map(({ method, path, status, violations }) => ({ method, path, status, violations }));

// ---- Authentication API suites (api.test.mjs): authing.api.<name>() and authing-wasm/encrypt. ----

/** What a page-side rejection looked like: class, AuthingError-ness, code and the api_error fields. */
const ERROR_FIELDS = `({ name: e?.name, isAuthingError: e instanceof window.sdk.AuthingError, isError: e instanceof Error,
  code: e?.code, message: e?.message, statusCode: e?.statusCode, apiCode: e?.apiCode, requestId: e?.requestId })`;

/**
 * Runs `window.client.api[name](...args)` in the page; resolves `{ value }` or `{ error: { name,
 * isAuthingError, isError, code, message, statusCode, apiCode, requestId } }`. A synchronous throw
 * is reported the same way, with `sync: true`.
 */
export function callApi(page, name, ...args) {
  return page.evaluate(async ([n, a, fields]) => {
    const errorOf = new Function('e', `return ${fields};`);
    let promise;
    try {
      promise = window.client.api[n](...a);
    } catch (e) {
      return { error: { ...errorOf(e), sync: true } };
    }
    try {
      return { value: await promise };
    } catch (e) {
      return { error: errorOf(e) };
    }
  }, [name, args, ERROR_FIELDS]);
}

/**
 * `encryptPassword(window.client, password)` from the built /pkg/encrypt.js, in the page; resolves
 * `{ value: { password, passwordEncryptType } }` or `{ error }` (as callApi).
 */
export function encryptInPage(page, password) {
  return page.evaluate(async ([pw, fields]) => {
    const errorOf = new Function('e', `return ${fields};`);
    try {
      const { encryptPassword } = await import('/pkg/encrypt.js');
      return { value: await encryptPassword(window.client, pw) };
    } catch (e) {
      return { error: errorOf(e) };
    }
  }, [password, ERROR_FIELDS]);
}

/** A CTAP2 platform authenticator with resident keys and user verification, on `page`. */
export async function virtualAuthenticator(page, options = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, ...options },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    remove: () => cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId }),
  };
}
