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
  /** Where the session is kept: `memory` (default), `sessionStorage` or `localStorage`. */
  cacheLocation?: 'memory' | 'sessionStorage' | 'localStorage';
  /** Clock skew allowed, and how early tokens count as expired. Default 60. */
  leewaySeconds?: number;
  /** Hidden-iframe silent sign-in ends with `timeout` this long after the iframe starts. Default 10000. */
  silentTimeoutMs?: number;
  /** The login popup's size, and how long it may stay open (`timeout`), from the moment it opens. */
  popup?: { width?: number; height?: number; timeoutMs?: number };
  /** Where to load the `.wasm` from; by default it sits next to this module. */
  wasmUrl?: string | URL;
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
