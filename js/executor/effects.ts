// The effects the engine asks for (src/engine/wire.rs writes them), and what the executor reports
// back. The executor performs them; it never decides anything about the protocol.

/** Each effect's tag, in the order of `Tag` in src/engine/wire.rs (`Answer` is the driver's own log record). */
export const enum T {
  Send, Cancel, Navigate, ReplaceUrl, NavigateWindow, CloseWindow, WatchWindow, UnwatchWindow, OpenFrame, RemoveFrame, SetTimer, ClearTimer, Read, Write,
  Remove, Lock, Unlock, Post, Digest, Verify, Emit, Resolve, Reject, Bearer, TokenSet, Status, Cache, Log, Answer,
}

/** An effect is a row, `[tag, ...fields]`, in the order src/engine/wire.rs (`effect`) writes them. */
export type Effect =
  | [t: T.Send, req: number, method: string, url: string, timeout: number, headers: Record<string, string>, body?: string | null, call?: number, multipart?: string[]]
  | [t: T.Cancel | T.Unlock, req: number]
  | [t: T.Navigate | T.ReplaceUrl, url: string]
  | [t: T.NavigateWindow | T.OpenFrame, window: number, url: string]
  | [t: T.CloseWindow | T.WatchWindow | T.UnwatchWindow | T.RemoveFrame, window: number]
  | [t: T.SetTimer, id: number, ms: number]
  | [t: T.ClearTimer, id: number]
  | [t: T.Read | T.Remove, req: number, area: Area, key: string]
  | [t: T.Write, req: number, area: Area, key: string, value: string]
  | [t: T.Lock, req: number, name: string]
  | [t: T.Post, data: string]
  | [t: T.Digest, req: number, data: string]
  | [t: T.Verify, req: number, name: string, hash: string, jwk: JsonWebKey, signature: string, data: string, curve: string | null, salt?: number]
  | [t: T.Emit, kind: string, detail?: unknown]
  | [t: T.Resolve, id: number, value?: unknown]
  | [t: T.Reject, id: number, error: unknown]
  | [t: T.Status, id: number, detail: unknown]
  | [t: T.Bearer, id: number]
  | [t: T.TokenSet, id: number, set: unknown, data?: unknown]
  | [t: T.Cache, token: string | null, until: number]
  | [t: T.Log, step: number, detail: string];

export type Area = 'session' | 'local' | 'custom';

/** What happened, for the engine (the driver feeds each to it as one kind of event). */
export interface Report {
  http(req: number, status: number, body: string, retryAfter: number): void;
  failed(req: number, timedOut: boolean): void;
  message(origin: string, window: number, data: string | undefined): void;
  timer(id: number): void;
  closed(window: number): void;
  /** An iframe's page loaded. */
  loaded(window: number): void;
  stored(req: number, value: string | undefined): void;
  storageFailed(req: number, message: string): void;
  locked(req: number, waited: boolean): void;
  broadcast(data: string): void;
  verified(req: number, ok: boolean): void;
  digested(req: number, digest: Uint8Array): void;
  visibility(hidden: boolean): void;
}
