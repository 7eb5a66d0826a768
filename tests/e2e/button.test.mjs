// <authing-login-button> from a plain page: popup sign-in by keyboard, events, accessible names.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { suite, TEST_USER } from './harness.mjs';

const env = suite();

async function pageWithButton(attributes) {
  const page = await (await env.browser.newContext()).newPage();
  await page.goto(`${env.app}/button.html`);
  await page.waitForFunction(() => window.addButton);
  await page.evaluate((a) => window.addButton(a), attributes);
  return page;
}

const button = (page) => page.locator('authing-login-button').getByRole('button');

test('signs in by popup from the keyboard, fires login and logout, names itself', async () => {
  const page = await pageWithButton({
    domain: env.provider.url, 'app-id': env.appId, 'redirect-uri': env.redirectUri, mode: 'popup', scope: 'openid profile',
  });
  await page.waitForFunction(() => !document.querySelector('authing-login-button').shadowRoot.querySelector('button').disabled);
  assert.equal(await button(page).getAttribute('aria-label'), 'Sign in with Authing');
  assert.equal(await button(page).textContent(), 'Sign in');

  await button(page).focus();
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('Enter')]);
  await popup.fill('input[name="username"]', TEST_USER.username);
  await popup.fill('input[name="password"]', TEST_USER.password);
  await popup.click('#login-submit');
  await page.waitForFunction(() => window.events.length > 0);
  assert.deepEqual(await page.evaluate(() => window.events), [{ type: 'login', sub: TEST_USER.sub }]);
  assert.equal(await button(page).getAttribute('aria-label'), 'Sign out Test User');
  assert.equal(await page.locator('authing-login-button[signed-in]').count(), 1);

  await button(page).click();
  await page.waitForFunction(() => window.events.length > 1);
  assert.equal((await page.evaluate(() => window.events))[1].type, 'logout');
  assert.equal(await button(page).textContent(), 'Sign in');
  await page.context().close();
});

test('bad attributes fire an error event with the AuthingError', async () => {
  const page = await pageWithButton({ domain: 'http://not-https.example', 'app-id': 'x' });
  await page.waitForFunction(() => window.events.length > 0);
  assert.deepEqual(await page.evaluate(() => window.events), [{ type: 'error', code: 'config_error' }]);
  await page.context().close();
});
