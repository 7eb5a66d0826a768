// `make screenshots`: pictures of the real <authing-sign-in> for the README, taken in Chromium from
// examples/sign-in against the local provider: English light and dark, Chinese, an error, the QR tab.
// Writes examples/sign-in/screenshots/*.png. Needs a built pkg/ (make build) and a CJK font, which
// it installs (apt) when the machine has none.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startProvider } from '../tests/provider/index.mjs';
import { startServer } from '../tests/support/index.mjs';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const out = root('examples/sign-in/screenshots');

if (!execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) {
  console.log('screenshots: installing a Chinese font (fonts-wqy-microhei, apt)');
  execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-wqy-microhei'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const server = await startServer({ mounts: { '/pkg/': root('pkg') }, roots: [root('examples')] });
const page = `${server.url}sign-in/`;
const provider = await startProvider({ clients: [{ id: 'demo-app', redirect: [page, `${page}index.html`] }] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
mkdirSync(out, { recursive: true });

async function shot(name, { lang = 'en', theme = 'light', act } = {}) {
  const context = await browser.newContext({ viewport: { width: 480, height: 800 }, deviceScaleFactor: 2, colorScheme: theme });
  const tab = await context.newPage();
  await tab.goto(`${page}?domain=${encodeURIComponent(provider.url)}&app-id=demo-app&lang=${lang}&theme=${theme}`);
  const el = tab.locator('authing-sign-in');
  await el.locator('button[part~=social]').first().waitFor(); // the app's identity sources are shown
  await act?.(tab);
  await el.screenshot({ path: `${out}/${name}.png`, animations: 'disabled' });
  console.log(`screenshots: examples/sign-in/screenshots/${name}.png`);
  await context.close();
}

try {
  await shot('en-light');
  await shot('en-dark', { theme: 'dark' });
  await shot('zh-light', { lang: 'zh' });
  await shot('error', {
    act: async (tab) => {
      await tab.fill('authing-sign-in input[name=account]', 'test@example.com');
      await tab.fill('authing-sign-in input[name=password]', 'not the password');
      await tab.click('authing-sign-in button[type=submit]');
      await tab.locator('authing-sign-in #password-error:not(:empty)').waitFor();
    },
  });
  await shot('qr', {
    theme: 'dark',
    act: async (tab) => {
      await tab.getByRole('tab', { name: 'QR code' }).click();
      await tab.locator('authing-sign-in svg[role=img]').waitFor();
    },
  });
} finally {
  await browser.close();
  await provider.stop();
  await server.stop();
}
