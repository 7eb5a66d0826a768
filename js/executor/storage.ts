// Web Storage and the app's own store. Every operation is answered once, synchronously for Web
// Storage, when the app's promise settles for a custom store.
import type { CacheStore } from '../types.js';
import { T, type Area, type Effect, type Report } from './effects.js';

type Op = Extract<Effect, { t: T.Read | T.Write | T.Remove }>;

export class Storage {
  constructor(private readonly report: Report, private readonly custom?: CacheStore) {}

  perform(e: Op): void {
    let result: unknown;
    try {
      const store = this.#store(e.area);
      result = e.t === T.Read ? store.get(e.key) : e.t === T.Write ? store.set(e.key, e.value) : store.remove(e.key);
    } catch (err) {
      return this.report.storageFailed(e.req, describe(err));
    }
    const done = (value: unknown) => this.report.stored(e.req, e.t === T.Read && typeof value === 'string' ? value : undefined);
    if (result instanceof Promise) result.then(done, (err) => this.report.storageFailed(e.req, describe(err)));
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
