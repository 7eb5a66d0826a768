/** Options of `AuthingClient.create`. */
export interface AuthingClientOptions {
  /** The app's domain at Authing, e.g. `https://example.authing.cn`; the OIDC issuer is `${domain}/oidc`. */
  domain: string;
  /** The App ID (`client_id`). */
  appId: string;
  /** Where the provider sends the user back; must be registered as a callback URL of the app. */
  redirectUri: string;
  /** Default `openid profile`; `openid` is always added. `offline_access` asks for refresh tokens. */
  scope?: string;
  /** Default `post_logout_redirect_uri` of `logoutWithRedirect`. */
  logoutRedirectUri?: string;
  userPoolId?: string;
  tenantId?: string;
  /**
   * Where the session is kept: `memory` (default), `sessionStorage`, `localStorage`, or your own
   * store. Storage that fails (quota, disabled) is replaced by memory, with one `error` event.
   */
  cacheLocation?: 'memory' | 'sessionStorage' | 'localStorage' | CacheStore;
  /** Clock skew allowed, and how early tokens count as expired. Default 60. */
  leewaySeconds?: number;
  /** Hidden-iframe silent sign-in ends with `timeout` this long after the iframe starts. Default 10000. */
  silentTimeoutMs?: number;
  /**
   * How far this device's clock may be off the provider's when ID-token times (`exp`, `iat`, `nbf`,
   * `auth_time`) are judged, on top of `leewaySeconds`. Default 300. Access-token expiry does not
   * depend on it: it is counted from `expires_in` on this device's clock.
   */
  clockSkewSeconds?: number;
  /**
   * Refuse HS256 ID tokens (Authing's default, signed with the app secret) with `id_token_invalid`.
   * By default they are accepted on their checked claims, as they come straight from Authing's token
   * endpoint over TLS (OpenID Connect Core 3.1.3.7); RS256/ES256 signatures are always verified.
   */
  requireSignedIdTokens?: boolean;
  /**
   * Log each step of every flow: what was sent where, what was accepted or ignored and why (never a
   * token, code or secret). `true` logs with `console.debug`; a function gets each line instead.
   */
  debug?: boolean | ((line: string) => void);
  /** The login popup's size, and how long it may stay open (`timeout`), from the moment it opens. */
  popup?: { width?: number; height?: number; timeoutMs?: number };
  /**
   * Where to load the `.wasm` from; by default it sits next to this module. The extras
   * (`authing_extras_bg.wasm`, for QR/push login and `api`) are loaded from beside it.
   */
  wasmUrl?: string | URL;
}

/** A cache of your own; each method may return a value or a Promise of one. */
export interface CacheStore {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

/** Per-sign-in choices of `loginWithRedirect`. */
export interface LoginOptions {
  /** Any JSON-serializable value, handed back by `handleRedirectCallback`. */
  appState?: unknown;
  redirectUri?: string;
  scope?: string;
  /** `login`, `consent`, `select_account` (or several, space-separated). */
  prompt?: string;
  /** Make the user sign in again (`prompt=login`). */
  forced?: boolean;
  tenantId?: string;
  extIdpConnId?: string;
  /** Authing's `login_page_context`: a string, or an object sent as JSON. */
  loginPageContext?: string | Record<string, unknown>;
  deviceId?: string;
  /** OIDC `max_age`: the user must have signed in at most this many seconds ago (checked on `auth_time`). */
  maxAge?: number;
  /** More `/oidc/auth` parameters. The SDK's own (state, nonce, PKCE, client_id...) cannot be set here. */
  extraParams?: Record<string, string | number | boolean>;
}

/**
 * Options of `loginWithPopup`: those of `loginWithRedirect` but `appState`, plus a window the app
 * opened itself and an `AbortSignal`.
 */
export interface PopupLoginOptions extends Omit<LoginOptions, 'appState'> {
  /** Use this window (opened by the app) instead of opening one. */
  popupWindow?: Window;
  /** Aborting closes the popup and rejects with `aborted`. */
  signal?: AbortSignal;
}

/** The ID token's claims: the standard ones, and whatever profile claims the app receives. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  name?: string;
  email?: string;
  [claim: string]: unknown;
}

export interface LoginState {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  tokenType: string;
  /** Milliseconds since the epoch, on this device's clock. */
  expiresAt: number;
  scope?: string;
  idTokenClaims?: IdTokenClaims;
}

export interface RedirectResult<AppState = unknown> {
  loginState: LoginState;
  appState?: AppState;
}

export interface GetTokenOptions {
  /** Skip the cached session and ask the provider. */
  ignoreCache?: boolean;
}

export interface LogoutWithRedirectOptions {
  /** `post_logout_redirect_uri`; default the client's `logoutRedirectUri`. */
  redirectUri?: string;
  state?: string;
}

export interface LogoutOptions {
  /** Also revoke the refresh and access tokens at the provider. */
  revoke?: boolean;
}

/** The claims `/oidc/me` returns for the signed-in user. */
export interface UserInfo {
  sub: string;
  [claim: string]: unknown;
}

/** What each event hands its handlers; events fire in every tab of the app. */
export interface AuthingEvents {
  login: LoginState;
  tokenRefreshed: LoginState;
  logout: undefined;
  sessionExpired: undefined;
  error: import('./errors.js').AuthingError;
}

/** A QR-code or push login status, reported once per change. */
export interface PollStatus<S extends string = string> {
  status: S;
  /** Who scanned the code (QR `SCANNED`), as Authing sends it. */
  briefUserInfo?: { nickname?: string; photo?: string; [key: string]: unknown };
}

interface PollingOptions<S extends string> {
  /** Between a code's issue and its first poll, and between an answer and the next poll. Default 1500, minimum 250. */
  intervalMs?: number;
  /** A code that neither succeeds nor fails within this time ends with `qr_expired`. Default 300000. */
  timeoutMs?: number;
  onStatus?: (status: PollStatus<S>) => void;
  /** Aborting cancels the login (the request in flight too); `result` rejects with `aborted`. */
  signal?: AbortSignal;
}

export type QrStatus = 'PENDING' | 'SCANNED' | 'AUTHORIZED' | 'CANCELLED' | 'EXPIRED' | 'ERROR';
export type PushStatus = 'PUSHED' | 'AUTHORIZED' | 'CANCELLED' | 'EXPIRED' | 'ERROR';

export interface QrLoginOptions extends PollingOptions<QrStatus> {
  type: 'MOBILE_APP' | 'WECHAT_MINIPROGRAM' | 'WECHAT_OFFICIAL_ACCOUNT';
  extIdpConnId?: string;
  customData?: Record<string, unknown>;
  context?: Record<string, unknown>;
  autoMergeQrCode?: boolean;
}

export interface PushLoginOptions extends PollingOptions<PushStatus> {
  /** The user's account: username, phone number or email. */
  account: string;
}

interface PollingLogin {
  /** Resolves when the user confirmed: the session is stored (events fire, getAccessToken works). */
  result: Promise<LoginState>;
  /** Stops polling at once (the request in flight too); `result` rejects with `aborted`. */
  cancel(): void;
}

export interface QrLogin extends PollingLogin {
  qrcodeId: string;
  /** What the QR image encodes (render it with `qrToSvg` from 'authing-wasm/qr'). */
  url: string;
  customLogoUrl?: string;
}

export interface PushLogin extends PollingLogin {
  pushCodeId: string;
  /** Seconds until Authing expires the push. */
  expireTime: number;
}
