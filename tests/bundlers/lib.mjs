// Shared by the bundler, framework, SSR and type tests: the package as users get it (`npm pack` of
// pkg/), small apps installed from that tarball with their own devDependencies (installs cached under
// node_modules/.cache/authing-bundlers, keyed by the app's package.json), and a popup sign-in in
// Chromium against the local provider.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The package directory to pack: pkg/, or $AUTHING_PKG_DIR (a staged build). */
export const PKG_DIR = process.env.AUTHING_PKG_DIR ? path.resolve(process.env.AUTHING_PKG_DIR) : path.join(REPO, 'pkg');
export const CACHE_DIR = path.join(REPO, 'node_modules/.cache/authing-bundlers');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

/** Runs a command; on failure the error message carries its output. */
export async function sh(cmd, args, options = {}) {
  try {
    return await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...options, env: { ...process.env, ...options.env } });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${options.cwd ?? process.cwd()}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  }
}

/** A fresh temporary directory, removed by the returned cleanup(). */
export async function tempDir(prefix) {
  const dir = await mkdtemp(path.join(tmpdir(), `authing-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `npm pack` of the built package into `dest`; resolves the tarball's absolute path. */
export async function packTarball(dest) {
  if (!existsSync(path.join(PKG_DIR, 'package.json'))) throw new Error(`${PKG_DIR} has no package.json: run bash scripts/build.sh first`);
  const { stdout } = await sh('npm', ['pack', PKG_DIR, '--pack-destination', dest, '--json', '--loglevel=error']);
  const [{ filename, files }] = JSON.parse(stdout);
  return { tarball: path.join(dest, filename), files: files.map((f) => f.path) };
}

/**
 * Copies `appDir` (without node_modules/dist) into a fresh directory under `root`, installs its
 * devDependencies (from the cache when its package.json was installed before) and the tarball.
 * With `tarball` null, an example is installed as its README says instead: `npm install` in
 * `root/examples/<name>`, whose `file:../../pkg` is a copy of pkg/ at `root/pkg`.
 * Resolves `{ dir, installMs, cached }`.
 */
export async function installApp(appDir, tarball, root) {
  const name = path.basename(appDir);
  const dir = tarball ? path.join(root, name) : path.join(root, 'examples', name);
  if (!tarball) await cp(PKG_DIR, path.join(root, 'pkg'), { recursive: true });
  await cp(appDir, dir, { recursive: true, filter: (src) => !/[/\\](node_modules|dist)$/.test(src) });
  // The bundler apps share one page script (apps/main.js): only the bundler differs between them.
  const shared = path.join(path.dirname(appDir), 'main.js');
  if (existsSync(shared)) await cp(shared, path.join(dir, 'src/main.js'));
  // An example may depend on the repo's pkg/ (`file:../../pkg`): here the tarball stands in for it.
  const parsed = JSON.parse(await readFile(path.join(appDir, 'package.json'), 'utf8'));
  delete parsed.dependencies?.['authing-wasm'];
  const manifest = `${JSON.stringify(parsed, null, 2)}\n`;
  await writeFile(path.join(dir, 'package.json'), manifest);
  const { stdout: npmVersion } = await sh('npm', ['--version']);
  const key = createHash('sha256').update(`${manifest}\0${npmVersion.trim()}\0${process.version}`).digest('hex').slice(0, 16);
  const cached = path.join(CACHE_DIR, `${name}-${key}`);
  const started = Date.now();
  const hit = existsSync(path.join(cached, 'complete'));
  if (!hit) {
    // The app's own devDependencies, installed once into the cache (atomically: a half-done install
    // is never taken for a finished one).
    const staging = `${cached}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, 'package.json'), manifest);
    await sh('npm', ['install', ...NPM_FLAGS], { cwd: staging });
    await writeFile(path.join(staging, 'complete'), new Date().toISOString());
    // Older installs of this app (another package.json) go; a concurrent run may have won the race.
    for (const entry of await readdir(CACHE_DIR)) {
      if (entry.startsWith(`${name}-`) && !entry.includes('.tmp-') && entry !== path.basename(cached)) {
        await rm(path.join(CACHE_DIR, entry), { recursive: true, force: true });
      }
    }
    await rename(staging, cached).catch(async (e) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(cached, 'complete'))) throw e;
    });
  }
  // Hard links: instant, and nothing below writes into an existing file but npm's hidden lockfile,
  // which gets a copy of its own.
  await sh('cp', ['-al', path.join(cached, 'node_modules'), path.join(dir, 'node_modules')]);
  const hidden = path.join(dir, 'node_modules/.package-lock.json');
  await rm(hidden, { force: true });
  await cp(path.join(cached, 'node_modules/.package-lock.json'), hidden);
  await cp(path.join(cached, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  // What a user types; --no-save keeps the app's package.json as written.
  if (tarball) {
    await sh('npm', ['install', '--no-save', ...NPM_FLAGS, tarball], { cwd: dir });
  } else {
    await writeFile(path.join(dir, 'package.json'), await readFile(path.join(appDir, 'package.json')));
    await sh('npm', ['install', ...NPM_FLAGS], { cwd: dir });
  }
  return { dir, installMs: Date.now() - started, cached: hit };
}

/** Runs the app's `npm run <script>` (default build) with `env`; resolves its duration in ms. */
export async function buildApp(dir, env = {}, script = 'build') {
  const started = Date.now();
  await sh('npm', ['run', script, '--silent'], { cwd: dir, env });
  return Date.now() - started;
}

/** Every file under `dir`, relative, with '/' separators. */
export async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...await listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Opens `url` (an app built from tests/bundlers/apps or examples/*) in `context` (default a fresh one), waits until
 * it shows "signed out", signs in by popup from a real click on `#login` and resolves
 * `{ sub, name, page, wasmRequests, errors }` once the app shows the user.
 */
export async function popupSignInApp(browser, url, user, { context = null } = {}) {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const wasmRequests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // Failed requests are reported below with their URL; the console only says "Failed to load resource".
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmRequests.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
    // The provider answers a silent sign-in without session with 400 (login_required): only the
    // app's own files count.
    const own = new URL(r.url()).origin === new URL(url).origin;
    if (own && r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('[data-state="signed-out"], [data-state="error"]', { timeout: 20_000 });
  const early = await page.$('[data-state="error"]');
  if (early) throw new Error(`the app failed before sign-in: ${await early.textContent()}\n${errors.join('\n')}`);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#login')]);
  const closed = popup.waitForEvent('close');
  await popup.waitForSelector('input[name="username"]', { timeout: 15_000 });
  await popup.fill('input[name="username"]', user.username);
  await popup.fill('input[name="password"]', user.password);
  await popup.click('#login-submit').catch((e) => {
    if (!popup.isClosed()) throw e;
  });
  await closed;
  await page.waitForSelector('[data-state="signed-in"], [data-state="error"]', { timeout: 15_000 });
  const shown = await page.$eval('[data-state]', (el) => ({ state: el.dataset.state, sub: el.dataset.sub, text: el.textContent }));
  if (shown.state !== 'signed-in') throw new Error(`the app shows an error after sign-in: ${shown.text}\n${errors.join('\n')}`);
  return { sub: shown.sub, text: shown.text, page, context, wasmRequests, errors };
}
