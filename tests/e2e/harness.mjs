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
 * `{ app, provider, appId, redirectUri, browser, config(extra) }`.
 */
export function suite({ appId = 'e2e-app', provider: providerOptions = {} } = {}) {
  const env = { appId };
  before(async () => {
    env.server = await startServer({ mounts: { '/pkg/': here('../../pkg') }, roots: [here('./pages')] });
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
