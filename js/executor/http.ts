// fetch, with the deadline the engine set on every request, and cancellation.
import { T, type Effect, type Report } from './effects.js';

type Send = Extract<Effect, [T.Send, ...unknown[]]>;

export class Http {
  readonly #inFlight = new Map<number, AbortController>();

  constructor(private readonly report: Report, private readonly inputOf: (call: number) => unknown) {}

  send([, req, method, url, timeout, headers, body, call, multipart]: Send): void {
    const abort = new AbortController();
    this.#inFlight.set(req, abort);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeout);
    fetch(url, { method, headers, body: multipart ? formData(this.inputOf(call ?? 0), multipart) : body, signal: abort.signal })
      .then(async (res) => {
        const text = await res.text();
        return [res.status, text, Number(res.headers.get('retry-after') ?? NaN)] as const;
      })
      .then(
        ([status, text, retryAfter]) => this.#settle(req, timer) && this.report.http(req, status, text, retryAfter),
        () => this.#settle(req, timer) && this.report.failed(req, timedOut),
      );
  }

  cancel(req: number): void {
    this.#inFlight.get(req)?.abort();
    this.#inFlight.delete(req);
  }

  /** False when the request was cancelled: its outcome is not reported. */
  #settle(req: number, timer: ReturnType<typeof setTimeout>): boolean {
    clearTimeout(timer);
    return this.#inFlight.delete(req);
  }
}

/** The app's own input fields as multipart form data (files stay files). */
function formData(input: unknown, names: string[]): FormData {
  const form = new FormData();
  const fields = (input ?? {}) as Record<string, unknown>;
  for (const name of names) {
    const value = fields[name];
    if (value === undefined) continue;
    form.append(name, value instanceof Blob ? value : typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form;
}
