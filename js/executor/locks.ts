// The Web Locks API: one holder per name across the tabs of the origin. `waited` tells the engine
// that another tab held the lock first. Without Web Locks the lock is granted at once.
import type { Report } from './effects.js';

export class Locks {
  readonly #held = new Map<number, () => void>();

  constructor(private readonly report: Report) {}

  lock(req: number, name: string): void {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return this.report.locked(req, false);
    const hold = (waited: boolean) => new Promise<void>((release) => {
      this.#held.set(req, release);
      this.report.locked(req, waited);
    });
    const granted = (lock: Lock | null) => (lock ? hold(false) : 'busy');
    locks.request(name, { ifAvailable: true }, granted)
      .then((outcome) => { if (outcome === 'busy') return locks.request(name, () => hold(true)); })
      .catch(() => this.report.locked(req, false));
  }

  unlock(req: number): void {
    this.#held.get(req)?.();
    this.#held.delete(req);
  }
}
