// The effects the engine asks for (src/engine/wire.rs writes them), and what the executor reports
// back. The executor performs them; it never decides anything about the protocol.
export type Effect =
  | { t: 'send'; req: number; method: string; url: string; headers: Record<string, string>; body?: string; call?: number; multipart?: string[]; timeout: number }
  | { t: 'cancel'; req: number }
  | { t: 'navigate' | 'replaceUrl'; url: string }
  | { t: 'navigateWindow' | 'openFrame'; window: number; url: string }
  | { t: 'closeWindow' | 'watchWindow' | 'unwatchWindow' | 'removeFrame'; window: number }
  | { t: 'setTimer'; id: number; ms: number }
  | { t: 'clearTimer'; id: number }
  | { t: 'read' | 'remove'; req: number; area: Area; key: string }
  | { t: 'write'; req: number; area: Area; key: string; value: string }
  | { t: 'lock'; req: number; name: string }
  | { t: 'unlock'; req: number }
  | { t: 'post'; data: string }
  | { t: 'digest'; req: number; data: string }
  | { t: 'verify'; req: number; name: string; hash: string; curve?: string; salt?: number; jwk: JsonWebKey; signature: string; data: string }
  | { t: 'emit'; kind: string; detail?: unknown; error?: unknown }
  | { t: 'resolve'; id: number; value?: unknown }
  | { t: 'reject'; id: number; error: unknown }
  | { t: 'status'; id: number; detail: unknown }
  | { t: 'bearer'; id: number }
  | { t: 'tokenSet'; id: number; set: unknown; data?: unknown }
  | { t: 'cache'; token?: string; until: number }
  | { t: 'log'; step: number; detail: string };

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
