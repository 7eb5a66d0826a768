// The extras wasm (QR-code and push login, the Authentication API), which a page downloads only when
// it first uses them. Loaded once per page, from next to this module unless `wasmUrl` says otherwise.
import type { EngineHandle } from './executor/driver.js';
import { loadEngineWasm, type EngineWasm } from './executor/wasm.js';

let loading: Promise<EngineWasm> | undefined;

export async function loadExtras(options: string, wasmUrl?: URL): Promise<EngineHandle> {
  loading ??= loadEngineWasm(wasmUrl ?? new URL('authing_extras_bg.wasm', import.meta.url)).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  const wasm = await loading;
  const made = JSON.parse(wasm.create(options));
  // The login engine read the same options first: this is for the message of the unexpected.
  if (made.error) throw new Error(made.error.message);
  return { feed: wasm.feed(made.engine), visibility: true };
}
