// Server-side rendering: an app that installed the `npm pack` tarball imports every entry point in
// Node without a throw (no `window is not defined`), `AuthingClient.create` says "browser only", and
// the React and Vue bindings render on the server (loading, no client) without touching the browser.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { installApp, packTarball, REPO, sh, tempDir } from '../bundlers/lib.mjs';

const env = {};

before(async () => {
  env.temp = await tempDir('ssr');
  const { tarball } = await packTarball(env.temp.dir);
  const { dir } = await installApp(path.join(REPO, 'tests/ssr/app'), tarball, env.temp.dir);
  // A fresh process, as a server starts: no DOM globals, the package resolved through its exports map.
  const { stdout } = await sh(process.execPath, ['probe.mjs'], { cwd: dir });
  env.report = JSON.parse(stdout);
});

after(() => env.temp?.cleanup());

test('every entry point imports in Node without a throw', () => {
  assert.equal(env.report.window, 'undefined');
  const imports = env.report.imports;
  for (const [entry, result] of Object.entries(imports)) assert.equal(result.error, undefined, `${entry}: ${JSON.stringify(result.error)}`);
  assert.deepEqual(imports['authing-wasm'].exports, ['AuthingClient', 'AuthingError']);
  assert.ok(imports['authing-wasm/react'].exports.includes('AuthingProvider') && imports['authing-wasm/react'].exports.includes('useAuthing'));
  assert.ok(imports['authing-wasm/vue'].exports.includes('createAuthing') && imports['authing-wasm/vue'].exports.includes('useAuthing'));
});

test('AuthingClient.create rejects with config_error "browser only" on the server', () => {
  const { create } = env.report;
  assert.equal(create.resolved, undefined, 'create must not resolve in Node');
  assert.equal(create.isAuthingError, true, JSON.stringify(create));
  assert.equal(create.code, 'config_error');
  assert.match(create.message, /browser only/);
});

const LOADING = { isLoading: true, isAuthenticated: false, user: null, error: null, client: null };

test('React: <AuthingProvider> and useAuthing() render on the server as loading', () => {
  assert.equal(env.report.react.error, undefined, JSON.stringify(env.report.react.error));
  const json = env.report.react.html.replace(/^<p>|<\/p>$/g, '').replace(/&quot;/g, '"');
  assert.deepEqual(JSON.parse(json), LOADING);
});

test('Vue: createAuthing() and useAuthing() render on the server as loading', () => {
  assert.equal(env.report.vue.error, undefined, JSON.stringify(env.report.vue.error));
  const json = env.report.vue.html.replace(/^<p>|<\/p>$/g, '').replace(/&quot;/g, '"');
  assert.deepEqual(JSON.parse(json), LOADING);
});
