// The login wasm's memory over many renewals, without a browser: the built pkg/authing_wasm_bg.wasm,
// loaded by the executor's own loader (js/executor/wasm.ts), is driven through silent sign-ins whose
// iframe never answers (each ends at its silentTimeoutMs timer), every other effect answered as a
// browser would. Its memory must stop growing once the allocator has its blocks: prints the size
// after 50, 2,050 and 22,050 sign-ins. `make bench` runs it; alone: node bench/wasm-memory.mjs
import { createHash, getRandomValues } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// The loader, and the executor's numbering of calls and effects, from their own sources.
const entry = ['wasm.js', 'calls.js', 'effects.js'].map((f) => `export * from './js/executor/${f}';`).join('\n');
const executor = await build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', write: false });
const { loadEngineWasm, Call, T } = await import(`data:text/javascript,${encodeURIComponent(executor.outputFiles[0].text)}`);

let memory;
const original = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = (...a) => original(...a).then((r) => ((memory = r.instance.exports.memory), r));
const bytes = readFileSync(`${root}pkg/authing_wasm_bg.wasm`).toString('base64');
const wasm = await loadEngineWasm(`data:application/wasm;base64,${bytes}`);

const options = { domain: 'http://localhost:3000', domainOrigin: 'http://localhost:3000', appId: 'bench', redirectUri: 'http://localhost:5173/' };
const made = JSON.parse(wasm.create(JSON.stringify(options), false));
const feed = wasm.feed(made.engine);
// The event kinds of src/engine/wire.rs (`event`; the driver's `Kind` is not exported) this script uses.
const [CALL, FAILED, TIMER, STORED, LOCKED, DIGESTED] = [0, 2, 4, 6, 8, 11];

const timers = [];
let frames = 0;
function perform(batch) {
  // Each effect is a row, [tag, ...fields] (src/engine/wire.rs, `effect`); those used here lead with req or id.
  for (const [t, req, data] of JSON.parse(batch ?? '[]')) {
    if (t === T.Lock) perform(feed(Date.now(), LOCKED, req, 0, 0, undefined, undefined, new Uint8Array()));
    else if (t === T.Read || t === T.Write || t === T.Remove) perform(feed(Date.now(), STORED, req, 0, 0, undefined, undefined, new Uint8Array()));
    else if (t === T.Digest) perform(feed(Date.now(), DIGESTED, req, 0, 0, undefined, undefined, createHash('sha256').update(data).digest()));
    else if (t === T.Send) perform(feed(Date.now(), FAILED, req, 0, 0, undefined, undefined, new Uint8Array()));
    else if (t === T.SetTimer) timers.push(req);
    else if (t === T.OpenFrame) frames++;
  }
}
let calls = 0;
const call = (which, args) => perform(feed(Date.now(), CALL, ++calls, which, 0, JSON.stringify(args), undefined, getRandomValues(new Uint8Array(64))));

call(Call.Start, {});
let done = 0;
for (const upTo of [50, 2_050, 22_050]) {
  for (; done < upTo; done++) {
    call(Call.GetLoginState, { ignoreCache: true });
    for (const id of timers.splice(0)) perform(feed(Date.now(), TIMER, id, 0, 0, undefined, undefined, new Uint8Array()));
  }
  // Each sign-in must have reached its iframe, or this measured nothing.
  if (frames !== upTo) throw new Error(`${frames} iframes opened for ${upTo} silent sign-ins`);
  console.log(`wasm memory after ${upTo.toLocaleString('en-US')} silent sign-ins: ${(memory.buffer.byteLength / 1024).toLocaleString('en-US')} KB`);
}
