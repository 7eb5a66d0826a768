// The extras (QR-code and push login, the Authentication API): their wasm and everything the client
// does with them, which a page downloads only when it first uses them. Loaded once per page, from
// next to this module unless `wasmUrl` says otherwise.
import type { AuthingError } from './errors.js';
import { safely } from './safely.js';
import { Call } from './executor/calls.js';
import type { Driver } from './executor/driver.js';
import { isHidden } from './executor/visibility.js';
import { loadEngineWasm, type EngineWasm } from './executor/wasm.js';
import type { wordedLater } from './worded.js';
import type { LoginState, PushLogin, PushLoginOptions, QrLogin, QrLoginOptions } from './types.js';

/** What the extras take from the client that loads them (its classes come along, so `instanceof` holds). */
export interface Host {
  /** The options as the engines read them. */
  options: string;
  wasmUrl?: URL;
  /** The client's login engine: it gives access tokens and stores token sets. */
  login: Driver;
  Driver: typeof Driver;
  AuthingError: typeof AuthingError;
  wordedLater: typeof wordedLater;
}

let loading: Promise<EngineWasm> | undefined;

/** The extras engine of one client, connected to its login engine; its wasm loads on first use. */
export class Extras {
  #driver?: Promise<Driver>;

  constructor(private readonly host: Host) {}

  #engine(): Promise<Driver> {
    this.#driver ??= this.#connect().catch((e: unknown) => {
      this.#driver = undefined;
      throw new this.host.AuthingError('config_error', 'Could not load the authing-wasm extras (authing_extras_bg.wasm, next to authing_wasm_bg.wasm): ' + String(e));
    });
    return this.#driver;
  }

  async #connect(): Promise<Driver> {
    const { host } = this;
    loading ??= loadEngineWasm(host.wasmUrl ?? new URL('authing_extras_bg.wasm', import.meta.url)).catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    const wasm = await loading;
    const made = JSON.parse(wasm.create(host.options));
    // The login engine read the same options first: this is for the message of the unexpected.
    if (made.error) throw await this.host.wordedLater(made.error);
    const { login } = host;
    const extras: Driver = new host.Driver({ feed: wasm.feed(made.engine), visibility: true }, undefined, {
      bearer: (id) => login.call(Call.Bearer).then((token) => extras.token(id, token ?? undefined), (e) => extras.fail(id, e)),
      tokenSet: (id, set, data) => login.call(Call.StoreTokenSet, { set })
        .then((state) => extras.settle(id, data === undefined ? state : data), (e) => extras.fail(id, e)),
    });
    return extras;
  }

  /** `authing.api.<name>(input)`; the operation table loads beside the wasm, on first use. */
  async api(name: string, input: object = {}): Promise<unknown> {
    const [{ OPERATIONS }, driver] = await Promise.all([import('./api/operations.js'), this.#engine()]);
    const op = OPERATIONS[name];
    if (!op) throw new this.host.AuthingError('config_error', `authing.api.${name} is not an operation of the Authentication API.`);
    return driver.call(Call.Api, { op, input }, { input });
  }

  async startQrLogin(opts: QrLoginOptions): Promise<QrLogin> {
    const { type, extIdpConnId, customData, context, autoMergeQrCode } = opts;
    const body = JSON.stringify({ type, extIdpConnId, customData, context, autoMergeQrCode });
    const { data, ...login } = await this.#poll('qr', body, opts);
    return { ...(data as Omit<QrLogin, 'result' | 'cancel'>), ...login };
  }

  async startPushLogin(opts: PushLoginOptions): Promise<PushLogin> {
    const { data, ...login } = await this.#poll('push', JSON.stringify({ account: opts.account }), opts);
    return { ...(data as Omit<PushLogin, 'result' | 'cancel'>), ...login };
  }

  async #poll(kind: 'qr' | 'push', body: string, opts: QrLoginOptions | PushLoginOptions) {
    const { intervalMs = 1500, timeoutMs = 300000, onStatus, signal } = opts;
    const driver = await this.#engine();
    const resultId = driver.id();
    const cancel = () => driver.abort(resultId);
    const onStatusSafely = onStatus && ((detail: unknown) => safely(onStatus as (d: unknown) => void, detail));
    const result: Promise<LoginState> = driver.expect(resultId, { onStatus: onStatusSafely });
    result.catch(() => {}); // a cancelled login the app never awaits is not an unhandled rejection
    const args = { kind, body, intervalMs, timeoutMs, hidden: isHidden(), aborted: !!signal?.aborted, result: resultId };
    let data: unknown;
    try {
      data = await driver.call(Call.StartPolling, args);
    } catch (e) {
      cancel();
      throw e;
    }
    signal?.addEventListener('abort', cancel, { once: true });
    return { data, result, cancel };
  }
}
