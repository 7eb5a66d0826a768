// The flow windows: the login popup (opened at once, inside the user's click), the hidden iframe of
// silent sign-in, and the `message` events that come from them.
import type { Report } from './effects.js';

/** How often a watched popup is checked for being closed. */
const CLOSED_POLL_MS = 250;

export class Windows {
  readonly #windows = new Map<number, Window>();
  readonly #frames = new Map<number, HTMLIFrameElement>();
  readonly #watches = new Map<number, ReturnType<typeof setInterval>>();
  #next = 1;
  #listening = false;

  constructor(private readonly report: Report) {}

  /** A blank, centred popup, opened now: blockers allow windows opened during a click. */
  openPopup(width: number, height: number): Window | null {
    const left = screenX + (outerWidth - width) / 2;
    const top = screenY + (outerHeight - height) / 2;
    const size = (n: number) => Math.max(0, Math.round(n));
    const features = `popup=yes,width=${size(width)},height=${size(height)},left=${size(left)},top=${size(top)}`;
    return window.open('', 'authing-wasm-login', features);
  }

  /** The id under which the engine knows `win`. */
  register(win: Window): number {
    // A second sign-in in the same named window takes it over: the window has one id at a time.
    for (const [old, w] of this.#windows) if (w === win) this.#windows.delete(old);
    const id = this.#next++;
    this.#windows.set(id, win);
    this.#listen();
    return id;
  }

  navigate(id: number, url: string): void {
    const win = this.#windows.get(id);
    if (win) win.location.href = url;
  }

  close(id: number): void {
    this.#windows.get(id)?.close();
    this.#windows.delete(id);
  }

  watch(id: number): void {
    const win = this.#windows.get(id);
    if (!win) return this.report.closed(id);
    this.#watches.set(id, setInterval(() => {
      if (!win.closed) return;
      // The window keeps its id: the answer it posted just before closing may still be on its way.
      clearInterval(this.#watches.get(id));
      this.report.closed(id);
    }, CLOSED_POLL_MS));
  }

  /** The flow of window `id` has ended. */
  unwatch(id: number): void {
    clearInterval(this.#watches.get(id));
    this.#watches.delete(id);
    this.#windows.delete(id);
  }

  openFrame(id: number, url: string): void {
    const frame = document.createElement('iframe');
    for (const [name, value] of [['aria-hidden', 'true'], ['tabindex', '-1'], ['title', 'authing-wasm silent sign-in']]) {
      frame.setAttribute(name, value);
    }
    frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
    frame.onload = () => this.report.loaded(id);
    frame.src = url;
    document.body.append(frame);
    this.#frames.set(id, frame);
    this.#listen();
  }

  removeFrame(id: number): void {
    this.#frames.get(id)?.remove();
    this.#frames.delete(id);
  }

  #idOf(source: MessageEventSource | null): number {
    for (const [id, win] of this.#windows) if (win === source) return id;
    for (const [id, frame] of this.#frames) if (frame.contentWindow === source) return id;
    return 0;
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    addEventListener('message', (e) => {
      if (!this.#windows.size && !this.#frames.size) return;
      this.report.message(e.origin, this.#idOf(e.source), json(e.data));
    });
  }
}

/** A message's data as JSON text, or nothing when it has none (a cycle, a function, a BigInt). */
function json(data: unknown): string | undefined {
  try {
    return JSON.stringify(data);
  } catch {
    return undefined;
  }
}
