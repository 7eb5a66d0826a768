// The app's BroadcastChannel: every tab hears what one tab posts (not itself). Without it, a tab
// works alone.
import type { Report } from './effects.js';

export class Broadcast {
  readonly #channel?: BroadcastChannel;

  constructor(name: string, report: Report) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = (e) => {
      // As JSON, whatever it is: a string (which no tab posts) reaches the engine as a string.
      const data = safeJson(e.data);
      if (data !== undefined) report.broadcast(data);
    };
  }

  post(data: string): void {
    this.#channel?.postMessage(JSON.parse(data));
  }
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
