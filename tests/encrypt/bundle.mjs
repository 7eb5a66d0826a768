// js/encrypt.ts for Node tests: bundled by esbuild (the repo's devDependency) with './index.js'
// replaced by a stub that exports only an AuthingError class shaped like js/errors.ts's (code,
// message, details). The real AuthingClient is not needed by parsePublicKey/encryptWithKey.
//   const { parsePublicKey, encryptWithKey, encryptPassword, AuthingError } = await loadEncrypt();
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../js/encrypt.ts', import.meta.url));

const STUB = `export class AuthingError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'AuthingError';
    this.code = code;
    Object.assign(this, details);
  }
}
`;

let loaded;

/** The module's exports plus the stub's AuthingError (the class its errors are instances of). */
export function loadEncrypt() {
  loaded ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authing-encrypt-'));
    try {
      const stub = join(dir, 'index-stub.mjs');
      writeFileSync(stub, STUB);
      const out = join(dir, 'encrypt.mjs');
      await build({
        entryPoints: [ENTRY],
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        target: 'es2022',
        outfile: out,
        logLevel: 'warning',
        plugins: [{
          name: 'stub-index',
          setup(b) {
            // Kept external: the bundle and this loader import the same stub module, one class.
            b.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: pathToFileURL(stub).href, external: true }));
          },
        }],
      });
      const { AuthingError } = await import(pathToFileURL(stub).href);
      return { ...(await import(pathToFileURL(out).href)), AuthingError };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return loaded;
}
