// js/encrypt.ts for Node tests: bundled by esbuild (the repo's devDependency) with './index.js'
// kept external and answered by a stub written beside the bundle, which exports only an AuthingError
// class shaped like js/errors.ts's (code, message, details). The real AuthingClient is not needed by parsePublicKey/encryptWithKey.
//   const { parsePublicKey, encryptWithKey, encryptPassword, AuthingError } = await loadEncrypt();
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../js/encrypt.ts', import.meta.url));
const ESBUILD = fileURLToPath(new URL('../../node_modules/.bin/esbuild', import.meta.url));

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
      // The bundle keeps './index.js' external and finds the stub there, beside it.
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const stub = join(dir, 'index.js');
      writeFileSync(stub, STUB);
      const out = join(dir, 'encrypt.mjs');
      // esbuild's CLI, run to its end (as tests/qr/ does): its JS API, buildSync too, leaves a service
      // behind (a worker thread and a child process), the likely cause of two full runs that hung
      // after this file's tests had passed.
      execFileSync(ESBUILD, [
        ENTRY, '--bundle', '--format=esm', '--platform=neutral', '--target=es2022',
        `--outfile=${out}`, '--log-level=warning', '--external:./index.js',
      ], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60000 });
      const { AuthingError } = await import(pathToFileURL(stub).href);
      return { ...(await import(pathToFileURL(out).href)), AuthingError };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return loaded;
}
