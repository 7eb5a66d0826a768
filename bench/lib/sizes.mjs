// Shipped size, every subject bundled the same way: esbuild, minified ESM for the browser, from an
// entry that imports the main class (size/*.js). Code split, so that what loads only on demand
// (our Authentication API table, say) is told apart: "at start" is the entry chunk, the chunks it
// imports statically and the .wasm it instantiates; "in all" is every file of the bundle.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { build } from 'esbuild';

export const measure = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO = { raw: 0, gzip: 0, brotli: 0 };

/** { start, all } sizes of entry (a file in size/) bundled into outdir, plus the `wasm` files it
 * instantiates at start and the `lazyWasm` ones it loads on demand. */
export async function bundleSize({ entry, outdir, wasm = [], lazyWasm = [] }) {
  const result = await build({
    entryPoints: [entry], outdir, bundle: true, format: 'esm', minify: true, splitting: true,
    platform: 'browser', target: 'es2022', metafile: true, logLevel: 'error', legalComments: 'none',
    external: ['react', 'vue'], // the app's own frameworks
  });
  const outputs = result.metafile.outputs;
  const cwd = process.cwd();
  const entryOut = Object.keys(outputs).find((f) => outputs[f].entryPoint);
  const atStart = new Set();
  const visit = (file) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const dep of outputs[file].imports) if (dep.kind === 'import-statement' && !dep.external) visit(dep.path);
  };
  visit(entryOut);
  let start = ZERO;
  let all = ZERO;
  for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
    const size = measure(readFileSync(join(cwd, file)));
    all = add(all, size);
    if (atStart.has(file)) start = add(start, size);
  }
  for (const file of wasm) {
    const size = measure(readFileSync(file));
    [start, all] = [add(start, size), add(all, size)];
  }
  for (const file of lazyWasm) all = add(all, measure(readFileSync(file)));
  return { start, all, files: Object.keys(outputs).map((f) => relative(outdir, join(cwd, f))) };
}
