// The published .d.ts files compile under `tsc --strict --noEmit` with skipLibCheck false, in an app
// (tests/bundlers/types) that installed the `npm pack` tarball and imports every entry point, with
// both module resolutions a TypeScript app uses: bundler and nodenext.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { installApp, packTarball, REPO, sh, tempDir } from './lib.mjs';

const env = {};

before(async () => {
  env.temp = await tempDir('types');
  const { tarball } = await packTarball(env.temp.dir);
  ({ dir: env.dir } = await installApp(path.join(REPO, 'tests/bundlers/types'), tarball, env.temp.dir));
});

after(() => env.temp?.cleanup());

for (const config of ['tsconfig.json', 'tsconfig.nodenext.json']) {
  test(`every entry point type-checks strictly (${config})`, async () => {
    const tsc = path.join(env.dir, 'node_modules/.bin/tsc');
    const { stdout } = await sh(tsc, ['-p', config, '--strict', '--noEmit', '--skipLibCheck', 'false', '--listFiles'], { cwd: env.dir });
    const checked = stdout.split('\n').filter((f) => f.includes('/node_modules/authing-wasm/'));
    for (const entry of ['index', 'button', 'sign-in', 'qr', 'encrypt', 'webauthn', 'react', 'vue']) {
      assert.ok(checked.some((f) => f.endsWith(`/authing-wasm/${entry}.d.ts`)), `${entry}.d.ts was checked`);
    }
  });
}
