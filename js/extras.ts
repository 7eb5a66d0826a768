// The extras wasm (QR-code and push login, the Authentication API), which a page downloads only when
// it first uses them. Loaded once per page, from next to this module unless `wasmUrl` says otherwise.
import init, { create, feed } from '../build/bindgen-extras/authing_extras.js';
import type { EngineHandle, Feed } from './executor/driver.js';

let loading: Promise<unknown> | undefined;

export async function loadExtras(options: string, wasmUrl?: URL): Promise<EngineHandle> {
  loading ??= init(wasmUrl ? { module_or_path: wasmUrl } : undefined).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  await loading;
  const made = JSON.parse(create(options));
  // The login engine read the same options first: this is for the message of the unexpected.
  if (made.error) throw new Error(made.error.message);
  return { feed: feed.bind(null, made.engine) as Feed, visibility: true };
}
