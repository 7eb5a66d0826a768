// <authing-sign-in> (authing-wasm/sign-in) in Chromium against the local provider, its /api/v3 calls
// validated by Prism against the spec: each method's success and errors, the session usable at
// once, keyboard use, progress and double submits, languages, and axe-core in every state, light
// and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { qrAction, qrSuite, routeApiThroughPrism, testRoute, TEST_USER, until, virtualAuthenticator } from './harness.mjs';

const env = qrSuite({ pages: ['sign-in.html'] });
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Adds the element to the test page, pointed at the provider, with `attributes` on top. */
const addSignIn = (page, attributes, strings) => page.evaluate(([a, s]) => window.addSignIn(a, s), [
  { domain: env.provider.url, 'app-id': env.appId, 'redirect-uri': `${env.app}/sign-in.html`, ...attributes }, strings,
]);

/** A fresh context with the test page and one element; its /api/v3 calls go through Prism. */
async function openSignIn(attributes = {}, { strings, colorScheme = 'light', beforeAdd } = {}) {
  await testRoute(env, 'reset');
  const context = await env.browser.newContext({ colorScheme });
  const api = await routeApiThroughPrism(context, env.prism.url);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.app}/sign-in.html`);
  await page.waitForFunction(() => window.addSignIn);
  await beforeAdd?.(page);
  await addSignIn(page, attributes, strings);
  await page.waitForFunction(() => document.querySelector('authing-sign-in').client);
  return { context, page, api, errors, el: page.locator('authing-sign-in') };
}

/**
 * What Prism found wrong with the element's /api/v3 calls: any request violation, and any violation
 * of a successful answer (Authing's error envelopes carry no `data`, which the spec requires). The
 * spec names a bearer for send-sms, send-email and the identity-source list, which a person who is
 * not signed in yet cannot have: that one is expected.
 */
const specViolations = (api) => api.flatMap((e) => (e.violations ?? [])
  .filter((v) => v.message !== 'Invalid security scheme used')
  .filter((v) => v.location[0] === 'request' || e.body?.statusCode === 200)
  .map((v) => `${e.method} ${e.path}: ${v.message}`));

const events = (page) => page.evaluate(() => window.events);
const input = (page, name) => page.locator(`authing-sign-in input[name="${name}"]`);
const errorOf = (page, name) => page.locator(`authing-sign-in #${name}-error`);
const alertText = (page) => page.locator('authing-sign-in [role=alert]').textContent();
const submit = (page) => page.locator('authing-sign-in button[type=submit]');
const tab = (page, name) => page.getByRole('tab', { name, exact: true });
const signedInText = (page) => page.locator('authing-sign-in [part=signed-in]');

async function waitSignedIn(page) {
  await signedInText(page).waitFor();
  const signedIn = (await events(page)).find((e) => e.type === 'signed-in');
  assert.equal(signedIn?.sub, TEST_USER.sub, 'signed-in carries the LoginState');
  // The session is stored like any sign-in: a token at once, without another sign-in.
  const token = await page.evaluate(() => document.querySelector('authing-sign-in').client.getAccessToken());
  assert.ok(token.length > 20);
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }))
    .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), AXE_TAGS);
}

async function passwordSignIn(page, account, password) {
  await input(page, 'account').fill(account);
  await input(page, 'password').fill(password);
  await submit(page).click();
}

test('password: a wrong password is said beside the field and the typing is kept; the right one signs in once, however often it is clicked', async () => {
  const { page, api, context, errors } = await openSignIn({}, {});
  await passwordSignIn(page, TEST_USER.username, 'wrong');
  await until(async () => (await errorOf(page, 'password').textContent()) !== '', 5000, 'the password error');
  assert.equal(await errorOf(page, 'password').textContent(), 'The account or the password is wrong.');
  assert.equal(await input(page, 'password').getAttribute('aria-invalid'), 'true');
  assert.equal(await input(page, 'account').inputValue(), TEST_USER.username, 'what was typed is kept');
  assert.equal(await input(page, 'password').inputValue(), 'wrong');
  assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').shadowRoot.activeElement?.name), 'password', 'focus on the field in error');

  await input(page, 'password').fill(TEST_USER.password);
  assert.equal(await errorOf(page, 'password').textContent(), '', 'typing clears the error');
  // Three clicks in a row: one request.
  await page.evaluate(() => {
    const button = document.querySelector('authing-sign-in').shadowRoot.querySelector('button[type=submit]');
    button.click(); button.click(); button.form.requestSubmit();
  });
  await waitSignedIn(page);
  assert.equal(api.filter((e) => e.path === '/api/v3/signin').length, 2, 'the wrong attempt and one right one');
  assert.deepEqual(specViolations(api), [], 'every /api/v3 call valid against the spec');
  assert.deepEqual((await events(page)).map((e) => e.type), ['error', 'signed-in']);
  assert.equal(await page.locator('authing-sign-in[signed-in]').count(), 1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await submit(page).waitFor();
  assert.equal(await page.locator('authing-sign-in[signed-in]').count(), 0);
  assert.equal((await events(page)).at(-1).type, 'signed-out');
  assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').client.getLoginState().then((s) => s?.idTokenClaims?.sub ?? null)), null, 'the session is gone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('password with password-encrypt="rsa": the provider decrypts the RSA password and signs in', async () => {
  const { page, context } = await openSignIn({ 'password-encrypt': 'rsa', methods: 'password' });
  await passwordSignIn(page, TEST_USER.username, TEST_USER.password);
  await waitSignedIn(page);
  assert.equal((await env.stats()).api_signin_rsa, 1);
  // Signed out by the app (or another tab): the form comes back.
  await page.evaluate(() => document.querySelector('authing-sign-in').client.logout());
  await submit(page).waitFor();
  assert.equal((await events(page)).at(-1).type, 'signed-out');
  await context.close();
});

test('a slow answer shows progress (aria-busy, "Signing in…") and the form cannot be sent twice', async () => {
  const { page, context } = await openSignIn({ methods: 'password' });
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/api/v3/signin', async (route) => {
    await held;
    await route.fallback();
  });
  await passwordSignIn(page, TEST_USER.username, TEST_USER.password);
  await page.locator('authing-sign-in form[aria-busy=true]').waitFor();
  assert.equal(await submit(page).textContent(), 'Signing in…');
  assert.equal(await submit(page).isDisabled(), true);
  await page.keyboard.press('Enter');
  release();
  await waitSignedIn(page);
  assert.equal((await env.stats()).api_signin, 1);
  await context.close();
});

test('keyboard only: arrow keys move between the tabs, Tab reaches each field in order, Enter signs in', async () => {
  const { page, context } = await openSignIn({ methods: 'password passcode qr' });
  await tab(page, 'Password').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await tab(page, 'Code').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await tab(page, 'QR code').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Home');
  assert.equal(await tab(page, 'Password').getAttribute('aria-selected'), 'true');
  const active = () => page.evaluate(() => {
    const a = document.querySelector('authing-sign-in').shadowRoot.activeElement;
    return a?.name || a?.getAttribute('role') || a?.textContent;
  });
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'account');
  await page.keyboard.type(TEST_USER.username);
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'password');
  await page.keyboard.type(TEST_USER.password);
  await page.keyboard.press('Enter');
  await waitSignedIn(page);
  assert.equal(await active(), 'Signed in as Test User.', 'focus on the signed-in message');
  assert.deepEqual((await events(page)).filter((e) => e.type === 'method-change').map((e) => e.method), ['passcode', 'qr', 'password']);
  await context.close();
});

test('qr: the code is shown as an accessible SVG, its statuses as they change; confirmed on the phone, it signs in', async () => {
  const { page, api, context } = await openSignIn({ methods: 'qr' });
  await page.locator('authing-sign-in svg[role=img]').waitFor();
  assert.equal(await page.locator('authing-sign-in svg title').textContent(), 'QR code');
  await qrAction(env, 'scan');
  await until(async () => (await page.locator('authing-sign-in .qr .status').textContent()).startsWith('Scanned'), 8000, 'the scanned status');
  await qrAction(env, 'confirm');
  await waitSignedIn(page);
  assert.deepEqual(specViolations(api), []);
  await context.close();
});

test('qr: an expired code says so and offers a new one, which works', async () => {
  const { page, context } = await openSignIn({ methods: 'qr' });
  await page.locator('authing-sign-in svg[role=img]').waitFor();
  await qrAction(env, 'expire');
  const refresh = page.getByRole('button', { name: 'Show a new code' });
  await refresh.waitFor();
  assert.equal(await page.locator('authing-sign-in .qr .status').textContent(), 'The code expired.');
  await refresh.click();
  await page.locator('authing-sign-in svg[role=img]').waitFor();
  await qrAction(env, 'scan');
  await qrAction(env, 'confirm');
  await waitSignedIn(page);
  await context.close();
});

test('languages: Chinese from the lang attribute or the page, English otherwise, and the app\'s own strings', async () => {
  const { page, context } = await openSignIn({ lang: 'zh-CN', methods: 'password' });
  assert.equal(await page.locator('authing-sign-in h2').textContent(), '登录');
  await passwordSignIn(page, TEST_USER.username, 'wrong');
  await until(async () => (await errorOf(page, 'password').textContent()) === '账号或密码错误。', 5000, 'the Chinese error');
  await context.close();

  const own = await openSignIn({ methods: 'password' }, { strings: { title: 'Welcome back', submit: 'Continue' }, beforeAdd: (p) => p.evaluate(() => document.documentElement.setAttribute('lang', 'zh')) });
  assert.equal(await own.page.locator('authing-sign-in h2').textContent(), 'Welcome back');
  assert.equal(await submit(own.page).textContent(), 'Continue');
  assert.equal(await own.page.locator('authing-sign-in label').first().textContent(), '邮箱、手机号或用户名', 'the page\'s lang');
  await own.context.close();
});

test('passkey: offered where the browser has WebAuthn, not where it has none', async () => {
  const { page, context } = await openSignIn({ methods: 'password passkey' });
  assert.equal(await page.getByRole('button', { name: 'Sign in with a passkey' }).count(), 1);
  await context.close();
  const without = await openSignIn({ methods: 'password passkey' }, { beforeAdd: (p) => p.evaluate(() => delete window.PublicKeyCredential) });
  assert.equal(await without.page.getByRole('button', { name: 'Sign in with a passkey' }).count(), 0);
  await without.context.close();
});

/** The live codes the provider sent, by target (`+15555550100`, `test@example.com`). */
const passcodes = async () => (await fetch(`${env.provider.url}/__test/passcodes`)).json();
const sendButton = (page) => page.locator('authing-sign-in button.send');
const statusText = (page) => page.locator('authing-sign-in form .status').textContent();

test('passcode by SMS: code sent, a countdown to resend, a wrong and an expired code said beside the field, the right one signs in', async () => {
  const { page, api, context } = await openSignIn({ methods: 'passcode', 'resend-seconds': '2', 'phone-country-code': '+1' });
  await testRoute(env, 'passcode-config', { cooldown: 1 }); // after openSignIn's reset
  await input(page, 'target').fill('555 555 0100');
  await sendButton(page).click();
  await until(async () => (await statusText(page)) !== '', 5000, 'the code-sent status');
  assert.equal(await statusText(page), 'We sent a code to +1 5555550100.');
  assert.match(await sendButton(page).textContent(), /^Resend in [12] s$/);
  assert.equal(await sendButton(page).isDisabled(), true);
  assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').shadowRoot.activeElement?.name), 'code');
  const { code } = (await passcodes())['+15555550100'];
  assert.match(code, /^\d{6}$/);

  await input(page, 'code').fill(code === '000000' ? '111111' : '000000');
  await submit(page).click();
  await until(async () => (await errorOf(page, 'code').textContent()) !== '', 5000, 'the wrong-code error');
  assert.equal(await errorOf(page, 'code').textContent(), 'This code is wrong or has expired: check it, or send a new one.');
  await testRoute(env, 'passcodes/expire');
  await input(page, 'code').fill(code);
  await submit(page).click();
  await until(async () => (await errorOf(page, 'code').textContent()) !== '', 5000, 'the expired-code error');
  assert.equal(await input(page, 'target').inputValue(), '555 555 0100', 'what was typed is kept');

  await until(async () => !(await sendButton(page).isDisabled()), 5000, 'the resend countdown to end');
  assert.equal(await sendButton(page).textContent(), 'Send code');
  await sendButton(page).click();
  // The expired code's expiresAt is in the past: a live one is the new code.
  await until(async () => (await passcodes())['+15555550100'].expiresAt > Date.now(), 5000, 'a new code');
  await input(page, 'code').fill((await passcodes())['+15555550100'].code);
  await submit(page).click();
  await waitSignedIn(page);
  assert.deepEqual(specViolations(api), []);
  await context.close();
});

test('passcode: by email it signs in; a second code asked for too soon, and an address that is no account, are said beside the field', async () => {
  const { page, context } = await openSignIn({ methods: 'passcode', 'resend-seconds': '0' });
  await input(page, 'target').fill('nobody@example.com');
  await sendButton(page).click();
  await until(async () => (await statusText(page)) !== '', 5000, 'the code-sent status');
  await input(page, 'code').fill((await passcodes())['nobody@example.com'].code);
  await submit(page).click();
  await until(async () => (await errorOf(page, 'target').textContent()) !== '', 5000, 'the no-account error');
  assert.equal(await errorOf(page, 'target').textContent(), 'No account uses this phone number or email.');

  await input(page, 'target').fill(TEST_USER.username);
  await sendButton(page).click();
  await until(async () => !!(await passcodes())[TEST_USER.username], 5000, 'the email code');
  await sendButton(page).click(); // within the provider's 60 s cooldown
  await until(async () => (await errorOf(page, 'target').textContent()) !== '', 5000, 'the too-soon error');
  assert.equal(await errorOf(page, 'target').textContent(), 'A code was sent a moment ago. Wait before asking for another.');
  await input(page, 'code').fill((await passcodes())[TEST_USER.username].code);
  await submit(page).click();
  await waitSignedIn(page);
  await context.close();
});

test('password: a locked account, too many attempts and MFA are said above the form; MFA fires mfa-required with what Authing answered', async () => {
  const { page, context } = await openSignIn({ methods: 'password' });
  const alertSays = async (text) => {
    await until(async () => (await alertText(page)) === text, 5000, `the alert "${text}"`);
  };
  await passwordSignIn(page, 'locked@example.com', 'whatever');
  await alertSays('This account is locked. Try again later, or contact the app’s support.');
  await passwordSignIn(page, 'mfa@example.com', TEST_USER.password);
  await alertSays('This account needs a second verification step, which this form does not offer.');
  const mfa = (await events(page)).find((e) => e.type === 'mfa-required');
  assert.equal(mfa.apiCode, 1636);
  assert.match(mfa.data?.mfaToken ?? '', /.{8,}/, 'the MFA answer\'s data goes to the app');
  assert.deepEqual(mfa.data.mfaEnabledFactors, ['OTP']);
  for (let i = 0; i < 5; i++) {
    await passwordSignIn(page, TEST_USER.username, `wrong-${i}`);
    await until(async () => (await errorOf(page, 'password').textContent()) !== '', 5000, 'the wrong-password error');
  }
  await passwordSignIn(page, TEST_USER.username, TEST_USER.password);
  await alertSays('Too many attempts. Wait a few minutes, then try again.');
  assert.equal(await input(page, 'account').inputValue(), TEST_USER.username, 'what was typed is kept');
  await context.close();
});

test('sign-up: a short password is caught before sending, an existing email is said beside the field, a new account is created and signed in', async () => {
  const { page, api, context } = await openSignIn({ methods: 'password', signup: '' });
  await page.getByRole('button', { name: 'Create an account' }).click();
  assert.equal(await page.locator('authing-sign-in h2').textContent(), 'Create an account');
  await input(page, 'email').fill('new.user@example.com');
  await input(page, 'newPassword').fill('12345');
  await submit(page).click();
  assert.equal(await errorOf(page, 'newPassword').textContent(), 'The password needs at least 6 characters.');
  assert.equal(api.filter((e) => e.path === '/api/v3/signup').length, 0);

  await input(page, 'email').fill(TEST_USER.username);
  await input(page, 'newPassword').fill('s3cret-pass');
  await submit(page).click();
  await until(async () => (await errorOf(page, 'email').textContent()) !== '', 5000, 'the exists error');
  assert.equal(await errorOf(page, 'email').textContent(), 'An account with these details exists already: sign in instead.');

  await input(page, 'email').fill('new.user@example.com');
  await submit(page).click();
  await signedInText(page).waitFor();
  const signedIn = (await events(page)).find((e) => e.type === 'signed-in');
  assert.match(signedIn.sub, /^user-signup-/);
  assert.match(await signedInText(page).textContent(), /^Signed in as /);
  assert.ok(await page.evaluate(() => document.querySelector('authing-sign-in').client.getAccessToken()));
  assert.deepEqual(specViolations(api), []);
  await context.close();
});

test('social: one button per identity source of the app; the popup signs in; a denied one is said; a blocked popup falls back to a redirect that comes back signed in', async () => {
  const { page, api, context } = await openSignIn({ methods: 'password social' });
  const github = page.getByRole('button', { name: 'Continue with GitHub' });
  await github.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Continue with WeChat' }).count(), 1);

  let [popup] = await Promise.all([page.waitForEvent('popup'), github.click()]);
  await popup.click('#extidp-deny');
  await until(async () => (await alertText(page)) !== '', 8000, 'the denied alert');
  assert.match(await alertText(page), /^The sign-in failed: /);

  [popup] = await Promise.all([page.waitForEvent('popup'), github.click()]);
  await popup.click('#extidp-authorize');
  await waitSignedIn(page);
  assert.deepEqual(specViolations(api), []);
  await context.close();

  const blocked = await openSignIn({ methods: 'social' }, { beforeAdd: (p) => p.evaluate(() => { window.open = () => null; }) });
  const button = blocked.page.getByRole('button', { name: 'Continue with GitHub' });
  await button.waitFor();
  await Promise.all([blocked.page.waitForURL((url) => url.origin === env.provider.url), button.click()]);
  await Promise.all([blocked.page.waitForURL((url) => url.href.startsWith(`${env.app}/sign-in.html`)), blocked.page.click('#extidp-authorize')]);
  await blocked.page.waitForFunction(() => window.addSignIn);
  await addSignIn(blocked.page, { methods: 'social' });
  await waitSignedIn(blocked.page);
  assert.equal(new URL(blocked.page.url()).search, '', 'no code or state left in the address bar');
  await blocked.context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core: 0 violations in every state (empty, error, code sent, QR, signed in), ${colorScheme}`, async () => {
    const { page, context } = await openSignIn({ methods: 'password passcode qr passkey social', signup: '', 'forgot-password-href': '#forgot' }, { colorScheme });
    await page.getByRole('button', { name: 'Continue with GitHub' }).waitFor();
    const states = {};
    states.empty = await axeViolations(page);
    await passwordSignIn(page, TEST_USER.username, 'wrong');
    await until(async () => (await errorOf(page, 'password').textContent()) !== '', 5000, 'the error');
    states.error = await axeViolations(page);
    await tab(page, 'Code').click();
    await input(page, 'target').fill(TEST_USER.username);
    await sendButton(page).click();
    await until(async () => (await statusText(page)) !== '', 5000, 'the code-sent status');
    states.codeSent = await axeViolations(page);
    await tab(page, 'QR code').click();
    await page.locator('authing-sign-in svg[role=img]').waitFor();
    states.qr = await axeViolations(page);
    await tab(page, 'Password').click();
    await passwordSignIn(page, TEST_USER.username, TEST_USER.password);
    await signedInText(page).waitFor();
    states.signedIn = await axeViolations(page);
    assert.deepEqual(states, { empty: [], error: [], codeSent: [], qr: [], signedIn: [] });
    assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').shadowRoot.querySelector('.root').classList.contains('dark')), colorScheme === 'dark');
    await context.close();
  });
}

/**
 * Stands in for Authing's /api/v3/webauthn/authentication in `context` (the local provider has no
 * WebAuthn): GET issues options for `localhost` (`timeout` ms), POST answers `tokenSet` (real tokens
 * of the provider) as verified. Routes added after Prism's take precedence.
 */
async function fakePasskeyAuthing(context, { tokenSet, timeout = 60_000 }) {
  const cors = { 'access-control-allow-origin': env.app, 'access-control-allow-headers': 'authorization, content-type, x-authing-app-id' };
  await context.route('**/api/v3/webauthn/authentication', (route) => {
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const data = route.request().method() === 'GET'
      ? { authenticationOptions: { challenge: Buffer.from('sign-in-test-challenge').toString('base64url'), rpId: 'localhost', timeout, allowCredentials: [] }, ticket: 't-1' }
      : { verified: true, tokenSet };
    return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: JSON.stringify({ statusCode: 200, message: '', data }) });
  });
}

test('passkey: a passkey in the authenticator signs in; a prompt that times out is said as cancelled', async () => {
  const signIn = await fetch(`${env.provider.url}/api/v3/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-authing-app-id': env.appId },
    body: JSON.stringify({ connection: 'PASSWORD', passwordPayload: { account: TEST_USER.username, password: TEST_USER.password }, options: { scope: 'openid profile email phone offline_access' } }),
  });
  const tokenSet = (await signIn.json()).data;

  const { page, context } = await openSignIn({ methods: 'password passkey' });
  await fakePasskeyAuthing(context, { tokenSet });
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  const { privateKey } = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await cdp.send('WebAuthn.addCredential', {
    authenticatorId,
    credential: {
      credentialId: Buffer.from('sign-in-test-passkey').toString('base64'), isResidentCredential: true, rpId: 'localhost',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'), userHandle: Buffer.from(TEST_USER.sub).toString('base64'), signCount: 0,
    },
  });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await waitSignedIn(page);
  await context.close();

  const none = await openSignIn({ methods: 'password passkey' });
  await fakePasskeyAuthing(none.context, { tokenSet, timeout: 1500 });
  await virtualAuthenticator(none.page); // with no passkey for this site: the prompt times out
  await none.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await until(async () => (await alertText(none.page)) !== '', 15_000, 'the cancelled alert');
  assert.equal(await alertText(none.page), 'The sign-in was cancelled.');
  assert.deepEqual((await events(none.page)).map((e) => [e.type, e.code]), [['error', 'aborted']]);
  await none.context.close();
});

test('right to left: the element follows the page\'s direction, and the arrow keys follow the reading order', async () => {
  const { page, context } = await openSignIn({ methods: 'password passcode qr' }, { beforeAdd: (p) => p.evaluate(() => { document.documentElement.dir = 'rtl'; }) });
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('authing-sign-in').shadowRoot.querySelector('.root')).direction), 'rtl');
  const [first, second] = await Promise.all([tab(page, 'Password'), tab(page, 'Code')].map((t) => t.boundingBox()));
  assert.ok(first.x > second.x, 'the first tab is on the right');
  await tab(page, 'Password').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await tab(page, 'Code').getAttribute('aria-selected'), 'true', 'ArrowLeft goes to the next tab');
  await context.close();
});

test('layout="list" shows every form with its heading and no tabs; theme="dark" wins over a light system; both pass axe-core', async () => {
  const { page, context } = await openSignIn({ methods: 'password passcode qr', layout: 'list', theme: 'dark' }, { colorScheme: 'light' });
  await page.locator('authing-sign-in svg[role=img]').waitFor();
  assert.equal(await page.getByRole('tablist').count(), 0);
  assert.deepEqual(await page.locator('authing-sign-in h3').allTextContents(), ['Password', 'Code', 'QR code']);
  assert.equal(await input(page, 'account').count(), 1);
  assert.equal(await input(page, 'target').count(), 1);
  assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').shadowRoot.querySelector('.root').classList.contains('dark')), true);
  assert.deepEqual(await axeViolations(page), []);
  await page.evaluate(() => document.querySelector('authing-sign-in').setAttribute('theme', 'light'));
  assert.equal(await page.evaluate(() => document.querySelector('authing-sign-in').shadowRoot.querySelector('.root').classList.contains('dark')), false);
  // Two forms, two submit buttons: Enter in the password field sends the password form.
  await input(page, 'account').fill(TEST_USER.username);
  await input(page, 'password').fill(TEST_USER.password);
  await input(page, 'password').press('Enter');
  await waitSignedIn(page);
  await context.close();
});
