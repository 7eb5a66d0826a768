// The executor's loop: it hands the engine each call and each thing that happened, and performs the
// effects it answers with, in order. Every effect's implementation lives in one file beside this one.
import { AuthingError } from '../errors.js';
import type { CacheStore } from '../types.js';
import { Broadcast } from './broadcast.js';
import { digest, random, verify } from './crypto.js';
import type { Effect, Report } from './effects.js';
import { Http } from './http.js';
import { navigate, replaceUrl } from './location.js';
import { Locks } from './locks.js';
import { Storage } from './storage.js';
import { Timers } from './timers.js';
import { watchVisibility } from './visibility.js';
import { Windows } from './windows.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** An Authentication API call's own input (multipart bodies are built from it). */
  input?: unknown;
  onStatus?: (detail: unknown) => void;
}

/**
 * The wasm exports an engine has: the login engine all of them, the extras (QR/push login, the API)
 * those of the events they hear. Each takes the time and returns the next batch of effects (JSON).
 */
export interface EngineExports {
  call(now: number, id: number, name: string, args: string, random: Uint8Array): string | undefined;
  http(now: number, req: number, status: number, body: string, retryAfter: number): string;
  failed(now: number, req: number, timedOut: boolean): string;
  timer(now: number, id: number): string;
  abort(now: number, id: number): string;
  message?(now: number, origin: string, window: number, data: string | undefined): string;
  closed?(now: number, window: number): string;
  stored?(now: number, req: number, value: string | undefined): string;
  storageFailed?(now: number, req: number, message: string): string;
  locked?(now: number, req: number, waited: boolean): string;
  broadcast?(now: number, data: string, random: Uint8Array): string;
  verified?(now: number, req: number, ok: boolean): string;
  digested?(now: number, req: number, digest: Uint8Array): string;
  visibility?(now: number, hidden: boolean): string;
  token?(now: number, id: number, token: string | undefined): string;
  channel?(): string;
}

/** What the client does with the effects meant for it (each engine asks for some of them only). */
export interface Sink {
  emit?(kind: string, detail: unknown): void;
  /** The token `getAccessToken()` may answer by itself until `until` (ms since the epoch). */
  cache?(token: string | undefined, until: number): void;
  /** (extras) API call `id` wants the login engine's access token. */
  bearer?(id: number): void;
  /** (extras) A token set for the login engine; call `id` then resolves with `data` or the LoginState. */
  tokenSet?(id: number, set: unknown, data: unknown): void;
}

export class Driver {
  readonly windows: Windows;
  readonly #report: Report;
  readonly #http: Http;
  readonly #storage: Storage;
  readonly #timers: Timers;
  readonly #locks: Locks;
  readonly #broadcast?: Broadcast;
  readonly #pending = new Map<number, Pending>();
  readonly #queue: Effect[] = [];
  #draining = false;
  #next = 1;

  constructor(private readonly engine: EngineExports, store: CacheStore | undefined, private readonly sink: Sink) {
    const e = engine;
    const run = (batch: string | undefined) => batch !== undefined && this.#run(batch);
    const now = () => Date.now();
    this.#report = {
      http: (req, status, body, retryAfter) => run(e.http(now(), req, status, body, retryAfter)),
      failed: (req, timedOut) => run(e.failed(now(), req, timedOut)),
      message: (origin, window, data) => run(e.message?.(now(), origin, window, data)),
      timer: (id) => run(e.timer(now(), id)),
      closed: (window) => run(e.closed?.(now(), window)),
      stored: (req, value) => run(e.stored?.(now(), req, value)),
      storageFailed: (req, message) => run(e.storageFailed?.(now(), req, message)),
      locked: (req, waited) => run(e.locked?.(now(), req, waited)),
      broadcast: (data) => run(e.broadcast?.(now(), data, random())),
      verified: (req, ok) => run(e.verified?.(now(), req, ok)),
      digested: (req, d) => run(e.digested?.(now(), req, d)),
      visibility: (hidden) => run(e.visibility?.(now(), hidden)),
    };
    this.windows = new Windows(this.#report);
    this.#http = new Http(this.#report, (call) => this.#pending.get(call)?.input);
    this.#storage = new Storage(this.#report, store);
    this.#timers = new Timers(this.#report);
    this.#locks = new Locks(this.#report);
    const channel = engine.channel?.();
    if (channel !== undefined) this.#broadcast = new Broadcast(channel, this.#report);
    if (engine.visibility) watchVisibility(this.#report);
  }

  /** A new id for a call whose outcome arrives later (a QR login's result). */
  id(): number {
    return this.#next++;
  }

  /** Calls the engine; resolves or rejects when the engine says so. */
  call(name: string, args: object = {}, extra: Partial<Pending> = {}, id = this.id()): Promise<any> {
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...extra });
      this.#start(id, name, args);
    });
  }

  /** A call the engine answers within this task (it needs nothing asynchronous): its value. */
  callNow(name: string, args: object): unknown {
    const out: { value?: unknown; error?: unknown } = {};
    const id = this.id();
    this.#pending.set(id, { resolve: (value) => { out.value = value; }, reject: (error) => { out.error = error; } });
    this.#start(id, name, args);
    this.#pending.delete(id);
    if (out.error) throw out.error;
    return out.value;
  }

  /** Hands call `id` to the engine; a name it does not know ends the call at once. */
  #start(id: number, name: string, args: object): void {
    const batch = this.engine.call(Date.now(), id, name, JSON.stringify(args), random());
    if (batch !== undefined) this.#run(batch);
    else this.#settle(id)?.reject(new AuthingError('config_error', `The engine has no call ${name}.`));
  }

  /** Waits for an outcome the engine resolves under `id` (no call of its own). */
  expect(id: number, extra: Partial<Pending> = {}): Promise<any> {
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, ...extra }));
  }

  abort(id: number): void {
    this.#run(this.engine.abort(Date.now(), id));
  }

  /** (extras) The access token asked for by a `bearer` effect; undefined when signed out. */
  token(id: number, token: string | undefined): void {
    const batch = this.engine.token?.(Date.now(), id, token);
    if (batch !== undefined) this.#run(batch);
  }

  /** Settles call `id` with what another engine answered. */
  settle(id: number, value: unknown): void {
    this.#settle(id)?.resolve(value);
  }

  /** Ends call `id` with `error`, and tells the engine to forget it. */
  fail(id: number, error: unknown): void {
    this.#settle(id)?.reject(AuthingError.from(error));
    this.abort(id);
  }

  /** Effects are performed in the order the engine gave them, also when performing one reports back. */
  #run(batch: string): void {
    this.#queue.push(...(JSON.parse(batch) as Effect[]));
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let e = this.#queue.shift(); e; e = this.#queue.shift()) this.#perform(e);
    } finally {
      this.#draining = false;
    }
  }

  #perform(e: Effect): void {
    switch (e.t) {
      case 'send': return this.#http.send(e);
      case 'cancel': return this.#http.cancel(e.req);
      case 'navigate': return navigate(e.url);
      case 'replaceUrl': return replaceUrl(e.url);
      case 'navigateWindow': return this.windows.navigate(e.window, e.url);
      case 'closeWindow': return this.windows.close(e.window);
      case 'watchWindow': return this.windows.watch(e.window);
      case 'unwatchWindow': return this.windows.unwatch(e.window);
      case 'openFrame': return this.windows.openFrame(e.window, e.url);
      case 'removeFrame': return this.windows.removeFrame(e.window);
      case 'setTimer': return this.#timers.set(e.id, e.ms);
      case 'clearTimer': return this.#timers.clear(e.id);
      case 'read': case 'write': case 'remove': return this.#storage.perform(e);
      case 'lock': return this.#locks.lock(e.req, e.name);
      case 'unlock': return this.#locks.unlock(e.req);
      case 'post': return this.#broadcast?.post(e.data);
      case 'verify': return verify(e, this.#report);
      case 'digest': return digest(e, this.#report);
      case 'emit': return this.sink.emit?.(e.kind, e.error ?? e.detail);
      case 'cache': return this.sink.cache?.(e.token, e.until);
      case 'status': return this.#pending.get(e.id)?.onStatus?.(e.detail);
      case 'bearer': return this.sink.bearer?.(e.id);
      case 'tokenSet': return this.sink.tokenSet?.(e.id, e.set, e.data);
      case 'resolve': return this.#settle(e.id)?.resolve(e.value);
      case 'reject': return this.#settle(e.id)?.reject(AuthingError.from(e.error));
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    return pending;
  }
}
