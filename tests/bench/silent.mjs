// Benchmark (a figure, not a test): silent sign-in end to end, the SDK against the hand-written
// reference (pages/reference.js), alternating, on one provider in one Chromium.
// Run: make bench (or node tests/bench/silent.mjs [rounds]).
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../e2e/harness.mjs';
import { startProvider, TEST_USER } from '../provider/index.mjs';
import { startServer } from '../support/index.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const ROUNDS = Number(process.argv[2] ?? 40);

const server = await startServer({
  mounts: { '/pkg/': here('../../pkg') }, roots: [here('./pages'), here('../e2e/pages')],
});
const redirectUri = `${server.url}index.html`;
const provider = await startProvider({ clients: [{ id: 'bench-app', redirect: [redirectUri] }] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(redirectUri);
  await page.waitForFunction(() => window.sdk);
  const config = { domain: provider.url, appId: 'bench-app', redirectUri };
  await page.evaluate(async (c) => {
    window.client = await window.sdk.AuthingClient.create(c);
    window.onGo = () => window.client.loginWithPopup();
  }, config);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#go')]);
  await popup.fill('input[name="username"]', TEST_USER.username);
  await popup.fill('input[name="password"]', TEST_USER.password);
  await popup.click('#login-submit');
  await page.waitForFunction(() => window.outcomes.length === 1);

  const times = await page.evaluate(async ([c, rounds]) => {
    const { silentSignIn } = await import('/reference.js');
    const out = { sdk: [], reference: [] };
    const time = async (list, work) => {
      const t0 = performance.now();
      await work();
      list.push(performance.now() - t0);
    };
    for (let i = 0; i < 3; i++) await silentSignIn(c); // warm-up: caches, JIT
    for (let i = 0; i < 3; i++) await window.client.getLoginState({ ignoreCache: true });
    for (let i = 0; i < rounds; i++) {
      await time(out.sdk, () => window.client.getLoginState({ ignoreCache: true }));
      await time(out.reference, () => silentSignIn(c));
    }
    return out;
  }, [config, ROUNDS]);

  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [sdk, reference] = [median(times.sdk), median(times.reference)];
  console.log(`silent sign-in, ${ROUNDS} rounds each, alternating, median:`);
  console.log(`  authing-wasm getLoginState({ ignoreCache: true }): ${sdk.toFixed(1)} ms`);
  console.log(`  hand-written JS iframe flow (tests/bench/pages/reference.js): ${reference.toFixed(1)} ms`);
  console.log(`  ratio sdk / reference: ${(sdk / reference).toFixed(2)}`);
} finally {
  await browser.close();
  await provider.stop();
  await server.stop();
}
