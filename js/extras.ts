// The extras wasm (QR-code and push login, the Authentication API), which a page downloads only when
// it first uses them. Loaded once per page, from next to this module unless `wasmUrl` says otherwise.
import init, { Extras } from '../build/bindgen-extras/authing_extras.js';

let loading: Promise<unknown> | undefined;

export async function loadExtras(options: string, wasmUrl?: URL): Promise<Extras> {
  loading ??= init(wasmUrl ? { module_or_path: wasmUrl } : undefined).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  await loading;
  return new Extras(options);
}
