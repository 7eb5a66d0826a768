// The executor's loop: it hands the engine each call and each thing that happened, and performs the
// effects it answers with, in order. Every effect's implementation lives in one file beside this one.
import { AuthingError } from '../errors.js';
import { hasWords, loadWords, worded } from '../worded.js';
import type { Call } from './calls.js';
import type { CacheStore } from '../types.js';
import { Broadcast } from './broadcast.js';
import { digest, random, verify } from './crypto.js';
import type { LogRecord } from '../debug.js';
import { T, type Effect, type Report } from './effects.js';
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

/** The kinds of event the engines' one export takes (src/engine/wire.rs, `event`, lists them). */
const enum Kind {
  Call, Http, Failed, Message, Timer, Closed, Stored, StorageFailed, Locked, Broadcast, Verified, Digested, Abort, Visibility, Token,
  FrameLoaded,
}

/** The engine's export every event goes through: its effects as JSON, or undefined for a kind or call it does not know. */
export type Feed = (
  now: number, kind: number, id: number, a: number, b: number, text: string | undefined, more: string | undefined, octets: Uint8Array,
) => string | undefined;

/** One engine: how to feed it, and what it hears besides calls, answers and timers. */
export interface EngineHandle {
  feed: Feed;
  /** The login engine's BroadcastChannel (it hears the other tabs). */
  channel?: string;
  /** The extras hear when the page is hidden or shown (QR/push polling pauses). */
  visibility?: boolean;
}

const NONE = new Uint8Array();

/** What the client does with the effects meant for it (each engine asks for some of them only). */
export interface Sink {
  emit?(kind: string, detail: unknown): void;
  /** The token `getAccessToken()` may answer by itself until `until` (ms since the epoch). */
  cache?(token: string | undefined, until: number): void;
  /** (extras) API call `id` wants the login engine's access token. */
  bearer?(id: number): void;
  /** (extras) A token set for the login engine; call `id` then resolves with `data` or the LoginState. */
  tokenSet?(id: number, set: unknown, data: unknown): void;
  /** With the `debug` option: each effect performed (the engine's decisions among them), each answer. */
  log?(record: LogRecord): void;
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

  readonly #feed: (kind: Kind, id?: number, a?: number, b?: number, text?: string, more?: string, octets?: Uint8Array) => void;

  constructor(private readonly engine: EngineHandle, store: CacheStore | undefined, private readonly sink: Sink) {
    this.#feed = (kind, id = 0, a = 0, b = 0, text, more, octets = NONE) => {
      const batch = engine.feed(Date.now(), kind, id, a, b, text, more, octets);
      if (batch !== undefined) this.#run(batch);
    };
    const feed = this.#feed;
    this.#report = {
      http: (req, status, body, retryAfter) => {
        sink.log?.([T.Answer, req, status]);
        feed(Kind.Http, req, status, retryAfter, body);
      },
      failed: (req, timedOut) => {
        sink.log?.([T.Answer, req, timedOut ? 'timeout' : 'network']);
        feed(Kind.Failed, req, +timedOut);
      },
      message: (origin, window, data) => feed(Kind.Message, window, 0, 0, origin, data),
      timer: (id) => feed(Kind.Timer, id),
      closed: (window) => feed(Kind.Closed, window),
      loaded: (window) => feed(Kind.FrameLoaded, window),
      stored: (req, value) => feed(Kind.Stored, req, 0, 0, value),
      storageFailed: (req, message) => feed(Kind.StorageFailed, req, 0, 0, message),
      locked: (req, waited) => feed(Kind.Locked, req, +waited),
      broadcast: (data) => feed(Kind.Broadcast, 0, 0, 0, data, undefined, random()),
      verified: (req, ok) => feed(Kind.Verified, req, +ok),
      digested: (req, d) => feed(Kind.Digested, req, 0, 0, undefined, undefined, d),
      visibility: (hidden) => feed(Kind.Visibility, 0, +hidden),
    };
    this.windows = new Windows(this.#report);
    this.#http = new Http(this.#report, (call) => this.#pending.get(call)?.input);
    this.#storage = new Storage(this.#report, store);
    this.#timers = new Timers(this.#report);
    this.#locks = new Locks(this.#report);
    if (engine.channel !== undefined) this.#broadcast = new Broadcast(engine.channel, this.#report);
    if (engine.visibility) watchVisibility(this.#report);
  }

  /** A new id for a call whose outcome arrives later (a QR login's result). */
  id(): number {
    return this.#next++;
  }

  /** Calls the engine; resolves or rejects when the engine says so. */
  call(call: Call, args: object = {}, extra: Partial<Pending> = {}, id = this.id()): Promise<any> {
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...extra });
      this.#start(id, call, args);
    });
  }

  /**
   * A call the engine answers within this task (it needs nothing asynchronous): its value. Its
   * effects run on a queue of their own, so that it is answered also from inside an effect (an
   * event handler) or while an earlier error waits for its words; the queued effects go on after.
   */
  callNow(call: Call, args: object): unknown {
    const out: { value?: unknown; error?: unknown } = {};
    const id = this.id();
    const queued = this.#queue.splice(0);
    const draining = this.#draining;
    this.#draining = false;
    this.#pending.set(id, { resolve: (value) => { out.value = value; }, reject: (error) => { out.error = error; } });
    try {
      this.#start(id, call, args);
    } finally {
      this.#pending.delete(id);
      this.#queue.unshift(...queued);
      this.#draining ||= draining;
    }
    if (out.error) throw out.error;
    return out.value;
  }

  /** Hands call `id` to the engine; a call it does not know ends at once. */
  #start(id: number, call: Call, args: object): void {
    const batch = this.engine.feed(Date.now(), Kind.Call, id, call, 0, JSON.stringify(args), undefined, random());
    if (batch !== undefined) this.#run(batch);
    else this.#settle(id)?.reject(new AuthingError('config_error', `The engine has no call ${call}.`));
  }

  /** Waits for an outcome the engine resolves under `id` (no call of its own). */
  expect(id: number, extra: Partial<Pending> = {}): Promise<any> {
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, ...extra }));
  }

  abort(id: number): void {
    this.#feed(Kind.Abort, id);
  }

  /** (extras) The access token asked for by a `bearer` effect; undefined when signed out. */
  token(id: number, token: string | undefined): void {
    this.#feed(Kind.Token, id, 0, 0, token);
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
  #run(batch: string, triedWords = false): void {
    this.#queue.push(...(JSON.parse(batch) as Effect[]));
    if (this.#draining) return;
    this.#draining = true;
    let waiting = false;
    try {
      for (let e = this.#queue[0]; e; e = this.#queue[0]) {
        // An error waits for its words, and what follows it waits with it (one try: a failed load
        // leaves the error its code and details).
        if (!triedWords && !hasWords() && (e[0] === T.Reject || (e[0] === T.Emit && e[1] === 'error'))) {
          waiting = true;
          void loadWords().then(() => {
            this.#draining = false;
            this.#run('[]', true);
          });
          return;
        }
        this.#queue.shift();
        this.#perform(e);
      }
    } finally {
      if (!waiting) this.#draining = false;
    }
  }

  #perform(e: Effect): void {
    this.sink.log?.(e);
    switch (e[0]) {
      case T.Send: return this.#http.send(e);
      case T.Cancel: return this.#http.cancel(e[1]);
      case T.Navigate: return navigate(e[1]);
      case T.ReplaceUrl: return replaceUrl(e[1]);
      case T.NavigateWindow: return this.windows.navigate(e[1], e[2]);
      case T.CloseWindow: return this.windows.close(e[1]);
      case T.WatchWindow: return this.windows.watch(e[1]);
      case T.UnwatchWindow: return this.windows.unwatch(e[1]);
      case T.OpenFrame: return this.windows.openFrame(e[1], e[2]);
      case T.RemoveFrame: return this.windows.removeFrame(e[1]);
      case T.SetTimer: return this.#timers.set(e[1], e[2]);
      case T.ClearTimer: return this.#timers.clear(e[1]);
      case T.Read: case T.Write: case T.Remove: return this.#storage.perform(e);
      case T.Lock: return this.#locks.lock(e[1], e[2]);
      case T.Unlock: return this.#locks.unlock(e[1]);
      case T.Post: return this.#broadcast?.post(e[1]);
      case T.Verify: return verify(e, this.#report);
      case T.Digest: return digest(e, this.#report);
      case T.Emit: return this.sink.emit?.(e[1], e[2]);
      case T.Cache: return this.sink.cache?.(e[1] ?? undefined, e[2]);
      case T.Status: return this.#pending.get(e[1])?.onStatus?.(e[2]);
      case T.Bearer: return this.sink.bearer?.(e[1]);
      case T.TokenSet: return this.sink.tokenSet?.(e[1], e[2], e[3]);
      case T.Resolve: return this.#settle(e[1])?.resolve(e[2]);
      case T.Reject: return this.#settle(e[1])?.reject(worded(e[2]));
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    return pending;
  }
}
