// make bench: authing-wasm side by side with the SDKs an SPA developer would pick instead, in one
// headless Chromium against the bundled local provider, the subjects alternating round by round.
// Writes bench/results/latest.md and latest.svg and the README's Performance section.
// Run: make bench (node bench/run.mjs [--rounds N] [--only size] after make build and bench/setup.sh).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { startProvider, TEST_USER } from '../tests/provider/index.mjs';
import { startServer } from '../tests/support/index.mjs';
import { markdown, svg } from './lib/report.mjs';
import { bundleSize } from './lib/sizes.mjs';
import { summary } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'build/bench');
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '30' }, only: { type: 'string' } } });
const ROUNDS = Number(args.rounds);

// The subjects, in table order. `provider` names the provider instance it signs in with.
const US = 'authing-wasm';
const REFERENCE = 'reference';
const PEERS = ['oidc-client-ts', 'authing-web', 'auth0-spa-js'];
const SUBJECTS = [US, ...PEERS, REFERENCE];
const LABEL = { 'authing-web': '@authing/web', 'auth0-spa-js': '@auth0/auth0-spa-js', reference: 'hand-written reference' };
const label = (s) => LABEL[s] ?? s;
// @authing/web keeps only a dotted host name and no port, so each provider is reached at port 80
// of a name under .localhost (a secure context), which Chromium maps to the port it listens on.
const HOSTS = { main: 'auth.bench.localhost', auth0: 'auth0.bench.localhost' };
const providerOf = (s) => (s === 'auth0-spa-js' ? 'auth0' : 'main');
const APP_ID = 'bench-app';

const log = (...a) => console.log('bench:', ...a);
const machineLoad = () => os.loadavg()[0];

async function shippedSizes() {
  const wasm = join(here, 'node_modules/authing-wasm/authing_wasm_bg.wasm');
  const lazyWasm = [join(here, 'node_modules/authing-wasm/authing_extras_bg.wasm')];
  const rows = [];
  const entries = [
    { subject: US, entry: 'authing-wasm', what: 'login core: AuthingClient + .wasm', core: true, wasm: [wasm], lazyWasm },
    { subject: US, entry: 'authing-wasm-all', what: 'everything: every entry point + .wasm', wasm: [wasm], lazyWasm },
    ...PEERS.map((p) => ({ subject: p, entry: p, what: 'main class', core: true })),
  ];
  for (const e of entries) {
    const size = await bundleSize({ entry: join(here, 'size', `${e.entry}.js`), outdir: join(out, 'size', e.entry), wasm: e.wasm, lazyWasm: e.lazyWasm });
    rows.push({ subject: label(e.subject), what: `${e.what}, at start`, size: size.start, core: e.core });
    if (size.all.raw !== size.start.raw) rows.push({ subject: label(e.subject), what: `${e.what}, with what loads on demand`, size: size.all });
  }
  return rows;
}

/** One page and one bundle per subject: www/<subject>.html + .js (+ our .wasm beside it). */
async function buildPages(appOrigin) {
  const www = join(out, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  const template = readFileSync(join(here, 'pages/page.html'), 'utf8');
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  for (const s of SUBJECTS) {
    await build({
      entryPoints: [join(here, 'page.js')], outfile: join(www, `${s}.js`), bundle: true, format: 'esm', minify: true,
      platform: 'browser', target: 'es2022', logLevel: 'error', alias: { 'bench-subject': join(here, 'subjects', `${s}.js`) },
    });
    const config = { domain: `http://${HOSTS[providerOf(s)]}`, appId: APP_ID, redirectUri: `${appOrigin}${s}.html` };
    writeFileSync(join(www, `${s}.html`), template.replaceAll('SUBJECT', s).replace('CONFIG', attr(JSON.stringify(config))));
  }
  for (const file of ['authing_wasm_bg.wasm', 'authing_extras_bg.wasm']) {
    copyFileSync(join(here, 'node_modules/authing-wasm', file), join(www, file));
  }
  return www;
}

// Every wasm memory a page instantiates, so that its size can be read (the SDK keeps its own private).
const WASM_MEMORY_PROBE = () => {
  const memories = new Set();
  const note = (result) => {
    const instance = result.instance ?? result;
    for (const value of Object.values(instance.exports ?? {})) if (value instanceof WebAssembly.Memory) memories.add(value);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...a) { return original.apply(this, a).then(note); };
  }
  window.wasmMemoryBytes = () => [...memories].reduce((n, m) => n + m.buffer.byteLength, 0);
};

/** The page's bench.done, across the navigations of a redirect sign-in. */
async function result(page, accept = (r) => r && !r.idle, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await page.evaluate(() => window.bench?.done).catch(() => undefined);
    if (r?.error) throw new Error(r.error);
    if (accept(r)) return r;
    await page.waitForTimeout(5);
  }
  throw new Error(`no result from ${page.url()}`);
}

async function main() {
  const command = `make bench${args.rounds !== '30' ? ` (--rounds ${ROUNDS})` : ''}`;
  const loadStart = machineLoad();
  mkdirSync(out, { recursive: true });
  log('shipped sizes (esbuild, minified ESM, split)');
  const sizes = await shippedSizes();
  const run = {
    command, rounds: ROUNDS, subjects: SUBJECTS.map(label), reference: label(REFERENCE), peers: PEERS.map(label),
    sizes, figures: [], memory: {}, notes: [],
  };
  if (args.only !== 'size') await timed(run);
  run.machine = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}`, node: process.version,
    chromium: run.chromium ?? '—', loadStart, loadEnd: machineLoad(),
  };
  const md = markdown(run);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results/latest.md'), md);
  writeFileSync(join(here, 'results/latest.svg'), svg(run));
  updateReadme(md);
  console.log(`\n${md}`);
  log('wrote bench/results/latest.md, bench/results/latest.svg and the README\'s Performance section');
}

/** The README's Performance section is the latest run, between its two markers. */
function updateReadme(md) {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const [begin, end] = ['<!-- bench:begin -->', '<!-- bench:end -->'];
  const at = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (at < 0 || to < at) throw new Error(`README.md lacks the ${begin} … ${end} markers`);
  const headed = md.replace(/^### /gm, '#### ');
  writeFileSync(path, `${readme.slice(0, at + begin.length)}\n${headed}${readme.slice(to)}`);
}

async function timed(run) {
  const app = await startServer({ host: 'app.bench.localhost', roots: [join(out, 'www')] });
  const appOrigin = app.url;
  await buildPages(appOrigin);
  const client = (s) => ({ id: APP_ID, redirect: SUBJECTS.filter((x) => providerOf(x) === s).map((x) => `${appOrigin}${x}.html`) });
  const providers = {
    main: await startProvider({ issuer: `http://${HOSTS.main}/oidc`, jwtAccessTokens: true, clients: [client('main')] }),
    // auth0-spa-js: its endpoint paths, and an issuer with the trailing slash it insists on.
    auth0: await startProvider({
      issuer: `http://${HOSTS.auth0}/oidc/`, clients: [client('auth0')],
      pathAliases: { '/oidc/authorize': '/oidc/auth', '/oidc/oauth/token': '/oidc/token' },
    }),
  };
  const rules = Object.entries(HOSTS).map(([k, host]) => `MAP ${host}:80 ${new URL(providers[k].url).host}`).join(',');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, `--host-resolver-rules=${rules}`] });
  run.chromium = browser.version();
  const stats = async (s) => (await fetch(`${providers[providerOf(s)].url}/__test/stats`)).json();
  try {
    const context = await browser.newContext();
    await context.addInitScript(WASM_MEMORY_PROBE);
    const pageUrl = (s, phase) => `${appOrigin}${s}.html${phase ? `?phase=${phase}` : ''}`;
    const able = [];

    log('sign-in with the test account, once per provider (each subject then finds the session)');
    for (const s of SUBJECTS) {
      const page = await context.newPage();
      try {
        await page.goto(pageUrl(s, 'login'));
        const form = page.locator('input[name="username"]');
        const back = result(page, (r) => r && ('callbackMs' in r));
        // The sign-in form on the first visit to a provider; later subjects come straight back.
        if (await Promise.race([form.waitFor().then(() => true), back.then(() => false)])) {
          await form.fill(TEST_USER.username);
          await page.fill('input[name="password"]', TEST_USER.password);
          await page.click('#login-submit');
        }
        await back;
        able.push(s);
      } catch (e) {
        run.notes.push(`${label(s)} could not sign in against the local provider (${e.message.split('\n')[0]}): its network figures are not measured.`);
        log(label(s), 'cannot sign in:', e.message);
      } finally {
        await page.close();
      }
    }

    log(`cold start, ${run.rounds} rounds`);
    const cold = Object.fromEntries(SUBJECTS.map((s) => [s, []]));
    for (let i = 0; i < run.rounds; i++) {
      for (const s of SUBJECTS) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await page.goto(pageUrl(s, 'cold'));
        cold[s].push((await result(page)).ready);
        await page.close();
      }
    }
    addFigure(run, cold, {
      title: 'Cold start', unit: 'ms', digits: 1,
      how: 'A new page with the HTTP cache off, from navigation start until the client is ready to use '
        + '(`AuthingClient.create()` resolved, with the .wasm instantiated; the peers\' constructors returned).',
    });

    log(`redirect callback, ${run.rounds} rounds`);
    const callbacks = Object.fromEntries(able.map((s) => [s, []]));
    const page = await context.newPage();
    const codeLeft = new Set();
    for (let i = 0; i < run.rounds; i++) {
      for (const s of able) {
        await page.goto(pageUrl(s, 'login'));
        const r = await result(page, (x) => x && ('callbackMs' in x));
        if (/[?#&]code=/.test(r.addressBar)) codeLeft.add(label(s));
        callbacks[s].push(r.callbackMs);
      }
    }
    await page.close();
    if (codeLeft.size) run.notes.push(`The code stays in the address bar after the callback of ${[...codeLeft].join(', ')} (the app has to remove it).`);
    addFigure(run, callbacks, {
      title: 'Redirect callback', unit: 'ms', digits: 1,
      how: 'Back from the provider with a code: `handleRedirectCallback()` (oidc-client-ts `signinRedirectCallback()`), '
        + 'network included (the code exchange, and whatever else the subject fetches).',
    });

    // One signed-in page per subject for the silent and cached-read figures.
    const pages = {};
    for (const s of able) {
      pages[s] = await context.newPage();
      await pages[s].goto(pageUrl(s));
      await result(pages[s], (r) => r?.idle);
    }

    log(`silent SSO, ${run.rounds} rounds (the provider's counters checked on every call)`);
    const silent = Object.fromEntries(able.map((s) => [s, []]));
    const offFlow = Object.fromEntries(able.map((s) => [s, 0]));
    for (let i = 0; i < run.rounds; i++) {
      for (const s of able) {
        const before = await stats(s);
        const ms = await pages[s].evaluate(() => window.bench.silent());
        const after = await stats(s);
        const grants = (k) => (after.token[k] ?? 0) - (before.token[k] ?? 0);
        if (after.auth - before.auth !== 1 || grants('authorization_code') !== 1 || grants('refresh_token') !== 0) offFlow[s]++;
        else silent[s].push(ms);
      }
    }
    for (const s of able) {
      if (offFlow[s]) run.notes.push(`${label(s)}: ${offFlow[s]} of ${run.rounds} silent calls were not one authorization request + one code exchange; they are left out.`);
    }
    addFigure(run, silent, {
      title: 'Silent SSO', unit: 'ms', digits: 1,
      how: 'With a provider session and the cache bypassed (`getLoginState({ ignoreCache: true })`, oidc-client-ts '
        + '`signinSilent()`, auth0 `getTokenSilently({ cacheMode: \'off\' })`): each call counted at the provider as '
        + 'exactly one authorization request and one code exchange.',
    });

    log(`cached token read, ${run.rounds} rounds of 10,000 calls`);
    const reads = Object.fromEntries(able.map((s) => [s, []]));
    for (let i = 0; i < run.rounds; i++) {
      for (const s of able) {
        const perCall = await pages[s].evaluate(() => window.bench.reads(100, 100));
        reads[s].push(perCall.reduce((a, b) => a + b) / perCall.length);
      }
    }
    addFigure(run, reads, {
      title: 'Cached token read', unit: 'µs per call', digits: 2,
      how: 'Per round, 10,000 sequential awaited calls, timed in batches of 100 (pages get `performance.now()` coarsened '
        + 'to 100 µs, with jitter); the round\'s figure is the 10,000 calls\' time over 10,000. '
        + 'Ours `getAccessToken()`, oidc-client-ts `getUser()`, @authing/web `getLoginState()`, auth0 `getTokenSilently()`, all cache hits.',
    });
    for (const p of Object.values(pages)) await p.close();

    log('memory: 10,000 cached reads + 200 silent renewals on one page per subject');
    for (const s of able) {
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      const sample = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return { js: (await cdp.send('Runtime.getHeapUsage')).usedSize, wasm: await p.evaluate(() => window.wasmMemoryBytes()) };
      };
      await p.goto(pageUrl(s));
      await result(p, (r) => r?.idle);
      await p.evaluate(() => window.bench.silent());
      await p.evaluate(() => window.bench.reads(1, 100));
      const before = await sample();
      await p.evaluate(async () => {
        await window.bench.reads(100, 100);
        for (let i = 0; i < 200; i++) await window.bench.silent();
      });
      await p.waitForTimeout(2500); // what a subject cleans up on a timer (auth0 removes its iframes 2 s late)
      run.memory[label(s)] = { before, after: await sample() };
      await p.close();
    }
  } finally {
    await browser.close();
    await Promise.all([...Object.values(providers).map((p) => p.stop()), app.stop()]);
  }
}

function addFigure(run, samples, meta) {
  const results = {};
  for (const [s, xs] of Object.entries(samples)) if (xs.length) results[label(s)] = summary(xs);
  run.figures.push({ ...meta, results });
}

await main();
