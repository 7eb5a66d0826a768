// The engine's timers.
import type { Report } from './effects.js';

export class Timers {
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly report: Report) {}

  set(id: number, ms: number): void {
    this.#timers.set(id, setTimeout(() => {
      this.#timers.delete(id);
      this.report.timer(id);
    }, ms));
  }

  clear(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
