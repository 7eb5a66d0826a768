// The size ratchet: the login core's brotli size (what a page that only signs in downloads: index.js
// and the .wasm) may not grow more than 1 % over the figure recorded in tests/size/login-core.json,
// and the record follows it down. Size is deterministic, so this is a test (tests/size/), not a bench.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export const LOGIN_CORE = ['index.js', 'authing_wasm_bg.wasm'];
export const RECORD = new URL('../tests/size/login-core.json', import.meta.url);
export const TOLERANCE = 0.01;

export const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Brotli bytes of the login core of a built package directory. */
export const loginCoreBrotli = (dir) => LOGIN_CORE.reduce((n, f) => n + brotli(readFileSync(join(dir, f))), 0);

export const recorded = () => JSON.parse(readFileSync(RECORD, 'utf8')).loginCoreBrotli;

/** The verdict on a measured figure against the record: ok, and whether the record should come down. */
export function judge(measured, record) {
  const limit = Math.floor(record * (1 + TOLERANCE));
  if (measured > limit) {
    return {
      ok: false, lower: false,
      message: `login core grew to ${measured} B brotli: over ${limit} B (the recorded ${record} B + 1 %). `
        + 'Find what added the bytes (make build prints each file), or make the case for them and raise tests/size/login-core.json.',
    };
  }
  return { ok: true, lower: measured < record, message: `login core ${measured} B brotli, recorded ${record} B, limit ${limit} B` };
}

export function lowerRecord(measured) {
  writeFileSync(RECORD, `${JSON.stringify({ loginCoreBrotli: measured }, null, 2)}\n`);
}
