// The size ratchet: shipped brotli figures that may not grow more than 1 % over those recorded in
// tests/size/login-core.json, and whose records follow them down. The login core is what a page that
// only signs in downloads (index.js and the .wasm); the sign-in element is sign-in.js alone (what it
// loads on demand is the QR renderer and passkey helpers, figures of their own). Size is
// deterministic, so this is a test (tests/size/), not a bench.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export const FIGURES = {
  loginCoreBrotli: { what: 'login core', files: ['index.js', 'authing_wasm_bg.wasm'] },
  signInBrotli: { what: 'sign-in element', files: ['sign-in.js'] },
};
export const LOGIN_CORE = FIGURES.loginCoreBrotli.files;
export const RECORD = new URL('../tests/size/login-core.json', import.meta.url);
export const TOLERANCE = 0.01;

export const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Brotli bytes of one figure (default: the login core) of a built package directory. */
export const figureBrotli = (dir, key = 'loginCoreBrotli') =>
  FIGURES[key].files.reduce((n, f) => n + brotli(readFileSync(join(dir, f))), 0);
export const loginCoreBrotli = (dir) => figureBrotli(dir);

const records = () => JSON.parse(readFileSync(RECORD, 'utf8'));
export const recorded = (key = 'loginCoreBrotli') => records()[key];

/** The verdict on a measured figure against its record: ok, and whether the record should come down. */
export function judge(measured, record, what = FIGURES.loginCoreBrotli.what) {
  const limit = Math.floor(record * (1 + TOLERANCE));
  if (measured > limit) {
    return {
      ok: false, lower: false,
      message: `${what} grew to ${measured} B brotli: over ${limit} B (the recorded ${record} B + 1 %). `
        + 'Find what added the bytes (make build prints each file), or make the case for them and raise tests/size/login-core.json.',
    };
  }
  return { ok: true, lower: measured < record, message: `${what} ${measured} B brotli, recorded ${record} B, limit ${limit} B` };
}

export function lowerRecord(measured, key = 'loginCoreBrotli') {
  writeFileSync(RECORD, `${JSON.stringify({ ...records(), [key]: measured }, null, 2)}\n`);
}
