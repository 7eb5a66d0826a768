// WebAssembly: loading an engine's wasm and crossing its plain C ABI (src/exports.rs). Texts go in
// as UTF-8 in one buffer the wasm hands out; each answer comes back as a u32 length and UTF-8 text.
import type { Feed } from './driver.js';

interface Exports {
  memory: WebAssembly.Memory;
  buffer(len: number): number;
  create(ptr: number, len: number, customStore: number): number;
  feed(engine: number, now: number, kind: number, id: number, a: number, b: number,
    ptr: number, len: number, textLen: number, moreLen: number): number;
}

/** An engine's wasm, instantiated: makes engines and feeds them. */
export interface EngineWasm {
  /** The app's options as JSON; the engine's answer (`{"engine":N,...}` or `{"error":...}`) as JSON text. */
  create(options: string, customStore?: boolean): string;
  /** The feed of engine `handle`. */
  feed(handle: number): Feed;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Fetches and instantiates the wasm at `url`, compiling while it downloads. */
export async function loadEngineWasm(url: string | URL): Promise<EngineWasm> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} fetching ${response.url}`);
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(response));
  } catch (e) {
    // Only a server that sends another content type than application/wasm is worked around.
    if (response.headers.get('content-type') === 'application/wasm') throw e;
    ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer()));
  }
  return bind(instance.exports as unknown as Exports);
}

function bind(wasm: Exports): EngineWasm {
  const bytes = (ptr: number, len: number) => new Uint8Array(wasm.memory.buffer, ptr, len);
  /** Writes `parts` into a buffer of the wasm's: its pointer and length. */
  const put = (parts: Uint8Array[]): [number, number] => {
    const len = parts.reduce((n, p) => n + p.length, 0);
    const ptr = wasm.buffer(len);
    let at = ptr;
    for (const p of parts) {
      bytes(at, p.length).set(p);
      at += p.length;
    }
    return [ptr, len];
  };
  const answer = (ptr: number) =>
    ptr ? decoder.decode(bytes(ptr + 4, new DataView(wasm.memory.buffer).getUint32(ptr, true))) : undefined;
  return {
    create: (options, customStore) => answer(wasm.create(...put([encoder.encode(options)]), +!!customStore))!,
    feed: (handle) => (now, kind, id, a, b, text, more, octets) => {
      const t = text == null ? undefined : encoder.encode(text);
      const m = more == null ? undefined : encoder.encode(more);
      const [ptr, len] = put([t, m, octets].filter((p): p is Uint8Array => !!p));
      return answer(wasm.feed(handle, now, kind, id, a, b, ptr, len, t ? t.length : -1, m ? m.length : -1));
    },
  };
}
