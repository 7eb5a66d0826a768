// Web Storage and the app's own store. Every operation is answered once, synchronously for Web
// Storage, when the app's promise settles for a custom store.
import type { CacheStore } from '../types.js';
import { T, type Area, type Effect, type Report } from './effects.js';

type Op = Extract<Effect, [T.Read | T.Write | T.Remove, ...unknown[]]>;

export class Storage {
  constructor(private readonly report: Report, private readonly custom?: CacheStore) {}

  perform([t, req, area, key, value]: Op): void {
    let result: unknown;
    try {
      const store = this.#store(area);
      result = t === T.Read ? store.get(key) : t === T.Write ? store.set(key, value!) : store.remove(key);
    } catch (err) {
      return this.report.storageFailed(req, describe(err));
    }
    const done = (got: unknown) => this.report.stored(req, t === T.Read && typeof got === 'string' ? got : undefined);
    if (result instanceof Promise) result.then(done, (err) => this.report.storageFailed(req, describe(err)));
    else done(result);
  }

  #store(area: Area): CacheStore {
    if (area === 'custom' && this.custom) return this.custom;
    const web = area === 'local' ? localStorage : sessionStorage;
    return { get: (k) => web.getItem(k), set: (k, v) => web.setItem(k, v), remove: (k) => web.removeItem(k) };
  }
}

function describe(err: unknown): string {
  return `The chosen storage failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}).`;
}
