// The public entry point: a thin shell over the wasm client. It loads the wasm once, maps options
// to what the wasm reads, and turns every rejection into an `AuthingError`.
import type { AuthenticationApi } from './api/types.js';
import { AuthingError } from './errors.js';
import type { Extras } from './extras.js';
import { safely } from './safely.js';
import { Call } from './executor/calls.js';
import { Driver } from './executor/driver.js';
import type { LogRecord } from './debug.js';
import { originOf } from './executor/location.js';
import { loadEngineWasm, type EngineWasm } from './executor/wasm.js';
import { worded, wordedLater } from './worded.js';
import type {
  AuthingClientOptions, AuthingEvents, GetTokenOptions, LoginOptions, LoginState, LogoutOptions,
  LogoutWithRedirectOptions, PopupLoginOptions, PushLogin, PushLoginOptions, QrLogin, QrLoginOptions,
  RedirectResult, UserInfo,
} from './types.js';

export { AuthingError } from './errors.js';
export type { AuthenticationApi } from './api/types.js';
export type { ErrorCode, AuthingErrorDetails } from './errors.js';
export type * from './types.js';

let loading: Promise<EngineWasm> | undefined;

function loadWasm(wasmUrl?: string | URL): Promise<EngineWasm> {
  loading ??= loadEngineWasm(wasmUrl ?? new URL('authing_wasm_bg.wasm', import.meta.url)).catch((e: unknown) => {
    loading = undefined;
    if (/Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(String(e))) {
      throw new AuthingError('config_error', "The page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src (for example script-src 'self' 'wasm-unsafe-eval').");
    }
    throw new AuthingError('config_error', 'Could not load the authing-wasm WebAssembly module (pass wasmUrl if it is served from elsewhere): ' + String(e));
  });
  return loading;
}

function loginOptions(opts: LoginOptions | PopupLoginOptions = {}) {
  const { loginPageContext, extraParams, ...rest } = opts;
  const appState = 'appState' in opts ? opts.appState : undefined;
  return {
    ...rest,
    appState: appState === undefined ? undefined : JSON.stringify(appState),
    loginPageContext: typeof loginPageContext === 'object' ? JSON.stringify(loginPageContext) : loginPageContext,
    extraParams: Object.fromEntries(Object.entries(extraParams ?? {}).map(([k, v]) => [k, String(v)])),
  };
}

export class AuthingClient {
  readonly #driver: Driver;
  readonly #handlers = new Map<keyof AuthingEvents, Set<(detail: unknown) => void>>();
  #api?: AuthenticationApi;
  /** `error` events that fired before any `error` handler existed (e.g. a storage fallback at create). */
  #unheardErrors: AuthingError[] = [];
  /** The engine's last word on the access token: answered without asking it until `until`. */
  #cached?: { token: string; until: number };
  readonly #popupSize: [number, number];
  /** The options as the engines read them, and where the extras' wasm is when the app moved ours. */
  readonly #options: string;
  readonly #extrasUrl?: URL;
  #extras?: Promise<Extras>;

  private constructor(options: AuthingClientOptions, wasm: EngineWasm) {
    const { cacheLocation, wasmUrl, debug, ...rest } = options;
    let log: Promise<(record: LogRecord) => void> | undefined;
    const store = typeof cacheLocation === 'object' ? cacheLocation : undefined;
    this.#options = JSON.stringify({
      ...rest, cacheLocation: store ? 'custom' : cacheLocation, domainOrigin: originOf(rest.domain), debug: !!debug,
    });
    this.#extrasUrl = wasmUrl ? new URL('authing_extras_bg.wasm', wasmUrl) : undefined;
    const made = JSON.parse(wasm.create(this.#options, !!store));
    // Worded by `create`, which may wait for the words.
    if (made.error) throw made.error;
    this.#popupSize = made.popup;
    const engine = { feed: wasm.feed(made.engine), channel: made.channel };
    this.#driver = new Driver(engine, store, {
      emit: (kind, detail) => this.#emit(kind as keyof AuthingEvents, detail),
      cache: (token, until) => { this.#cached = token ? { token, until } : undefined; },
      // The words load with the first line (./debug.js); lines keep their order.
      log: debug ? (record) => { (log ??= import('./debug.js').then((m) => m.logger(debug))).then((line) => line(record), () => {}); } : undefined,
    });
  }

  #emit(type: keyof AuthingEvents, detail: unknown): void {
    const value = type === 'error' ? worded(detail) : detail;
    const handlers = this.#handlers.get(type);
    if (!handlers?.size) {
      if (type === 'error') this.#unheardErrors.push(value as AuthingError);
      return;
    }
    for (const handler of handlers) safely(handler, value);
  }

  /**
   * Every operation of Authing's Authentication API v3 (`authing.api.getProfile()`,
   * `authing.api.signInByCredentials({...})`, ...), typed from its spec. Resolves the envelope's
   * `data`; rejects with `api_error` (statusCode, apiCode, requestId kept) or `network_error`.
   * Operations that return tokens store the session like any sign-in. The operation table loads on
   * first use, as a separate file: apps that never call the API never download it.
   */
  get api(): AuthenticationApi {
    this.#api ??= new Proxy({} as AuthenticationApi, {
      // `then` stays undefined, so that `await authing.api` is not mistaken for a promise.
      get: (_, name) => (typeof name === 'string' && name !== 'then' ? (input?: object) => this.#extrasSide().then((x) => x.api(name, input)) : undefined),
    });
    return this.#api;
  }

  /** The extras (QR/push login, the API), loaded on first use, connected to this client's engine. */
  #extrasSide(): Promise<Extras> {
    this.#extras ??= import('./extras.js').then(
      ({ Extras }) => new Extras({ options: this.#options, wasmUrl: this.#extrasUrl, login: this.#driver, Driver, AuthingError, wordedLater }),
      (e: unknown) => {
        this.#extras = undefined;
        throw new AuthingError('config_error', 'Could not load the authing-wasm extras (extras.js, next to index.js): ' + String(e));
      },
    );
    return this.#extras;
  }

  /** Loads the wasm (once per page) and checks the options. Browser only. */
  static async create(options: AuthingClientOptions): Promise<AuthingClient> {
    if (typeof window === 'undefined') {
      throw new AuthingError('config_error', 'AuthingClient runs in the browser only: create it on the client (for example in an effect), not during server-side rendering.');
    }
    const wasm = await loadWasm(options?.wasmUrl);
    let client: AuthingClient;
    try {
      client = new AuthingClient(options ?? ({} as AuthingClientOptions), wasm);
    } catch (e) {
      throw await wordedLater(e);
    }
    await client.#driver.call(Call.Start);
    return client;
  }

  /**
   * Listens to `login`, `logout`, `tokenRefreshed`, `sessionExpired` or `error`, fired in every tab
   * of the app. Returns the function that stops listening.
   */
  on<E extends keyof AuthingEvents>(event: E, handler: (detail: AuthingEvents[E]) => void): () => void {
    let handlers = this.#handlers.get(event);
    if (!handlers) this.#handlers.set(event, (handlers = new Set()));
    const h = handler as (detail: unknown) => void;
    handlers.add(h);
    if (event === 'error') {
      for (const e of this.#unheardErrors.splice(0)) this.#emit('error', e);
    }
    return () => void handlers.delete(h);
  }

  /** Sends the browser to the Authing login page (authorization code + PKCE). */
  loginWithRedirect(opts?: LoginOptions): Promise<void> {
    return this.#driver.call(Call.LoginWithRedirect, loginOptions(opts));
  }

  /**
   * Signs in in a popup (`response_mode=web_message`) and resolves the new `LoginState`. Call it
   * straight from a click handler: the popup opens before this method's first await. A second call
   * while one runs ends the first with `aborted` and continues in the same popup window.
   */
  loginWithPopup(opts: PopupLoginOptions = {}): Promise<LoginState> {
    const { popupWindow, signal, ...rest } = opts;
    const win = popupWindow ?? this.#driver.windows.openPopup(...this.#popupSize);
    if (!win) {
      return Promise.reject(new AuthingError('popup_blocked', 'The browser blocked the login popup: call loginWithPopup directly in a click handler, or allow popups for this site.'));
    }
    const id = this.#driver.id();
    signal?.addEventListener('abort', () => this.#driver.abort(id), { once: true });
    const args = { opts: loginOptions(rest), window: this.#driver.windows.register(win), aborted: !!signal?.aborted };
    return this.#driver.call(Call.LoginWithPopup, args, {}, id);
  }

  /**
   * QR-code login: Authing issues a code (`url` is what the image encodes), then its status is
   * polled until the user confirms on the phone; `result` resolves the stored session.
   */
  startQrLogin(opts: QrLoginOptions): Promise<QrLogin> {
    return this.#extrasSide().then((x) => x.startQrLogin(opts));
  }

  /** Push login: Authing asks the user's phone app to approve; polled like a QR code. */
  startPushLogin(opts: PushLoginOptions): Promise<PushLogin> {
    return this.#extrasSide().then((x) => x.startPushLogin(opts));
  }

  /** True when `url` is a sign-in callback that this client started. */
  isRedirectCallback(url: string = location.href): boolean {
    // Synchronous: the engine reads the transaction from sessionStorage, which answers at once.
    return this.#driver.callNow(Call.IsRedirectCallback, { url }) === true;
  }

  /** Finishes a redirect sign-in: checks `state`, exchanges the code, validates the ID token, stores the session. */
  handleRedirectCallback<AppState = unknown>(url: string = location.href): Promise<RedirectResult<AppState>> {
    return this.#driver.call(Call.HandleRedirectCallback, { url, here: location.href });
  }

  /**
   * The session, or `null` when the user is not signed in at Authing. Without a fresh cached
   * session it asks Authing in a hidden iframe (`prompt=none`); concurrent calls share one iframe.
   */
  getLoginState(opts: GetTokenOptions = {}): Promise<LoginState | null> {
    return this.#driver.call(Call.GetLoginState, { ignoreCache: !!opts.ignoreCache });
  }

  /** Forces the refresh-token grant; resolves the new `LoginState`. */
  refreshToken(): Promise<LoginState> {
    return this.#driver.call(Call.RefreshToken);
  }

  /**
   * A valid access token: the cached one while fresh, else renewed (refresh token, then a hidden
   * iframe). Concurrent calls share one request, in this tab and across tabs. Rejects with
   * `login_required` when the user must sign in.
   */
  getAccessToken(opts: GetTokenOptions = {}): Promise<string> {
    const cached = this.#cached;
    if (cached && !opts.ignoreCache && Date.now() < cached.until) return Promise.resolve(cached.token);
    return this.#driver.call(Call.GetAccessToken, { ignoreCache: !!opts.ignoreCache });
  }

  /** The signed-in user's claims from `/oidc/me`. */
  getUserInfo(): Promise<UserInfo> {
    return this.#driver.call(Call.GetUserInfo);
  }

  /** Clears the local session, then signs out at Authing (`/oidc/session/end`). */
  logoutWithRedirect(opts: LogoutWithRedirectOptions = {}): Promise<void> {
    return this.#driver.call(Call.LogoutWithRedirect, { redirectUri: opts.redirectUri, state: opts.state });
  }

  /** Signs out locally, without navigation; `revoke` also revokes the tokens at Authing. */
  logout(opts: LogoutOptions = {}): Promise<void> {
    return this.#driver.call(Call.Logout, { revoke: !!opts.revoke });
  }
}
