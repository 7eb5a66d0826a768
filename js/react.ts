// React binding: `<AuthingProvider>` around the app, `useAuthing()` in any component, `<RequireAuth>`
// around what only a signed-in user may see.
// An optional entry point, 'authing-wasm/react'; React is a peer dependency (not bundled).
//
// Server-side rendering: nothing here touches `window` while rendering. The client is created in an
// effect, so the server (and the first client render, which must match it) sees `isLoading: true`.
import {
  createContext, createElement, Fragment, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode,
} from 'react';

import { AuthingClient, AuthingError } from './index.js';
import type {
  AuthingClientOptions, GetTokenOptions, IdTokenClaims, LoginOptions, LoginState, LogoutOptions, LogoutWithRedirectOptions,
  PopupLoginOptions, RedirectResult,
} from './index.js';
import { returnTo } from './return-to.js';

/** What `useAuthing()` returns. */
export interface AuthingContextValue {
  /** True until the client is created and the session (or the redirect callback) is known. */
  isLoading: boolean;
  isAuthenticated: boolean;
  /** The ID token's claims of the signed-in user, or null. */
  user: IdTokenClaims | null;
  /** The whole session (tokens, expiry), or null. */
  loginState: LoginState | null;
  /** The last failure: creating the client, the redirect callback, the session check, a sign-in, or an `error` event. */
  error: AuthingError | null;
  /** Call it straight from a click handler (popups need one); resolves the new session. */
  loginWithPopup: (opts?: PopupLoginOptions) => Promise<LoginState>;
  loginWithRedirect: (opts?: LoginOptions) => Promise<void>;
  /**
   * Signs out of this app in every tab and stays on the page. The Authing session stays: the next
   * sign-in may need no password. To end it too, `logoutWithRedirect`.
   */
  logout: (opts?: LogoutOptions) => Promise<void>;
  /** Signs out of this app and ends the Authing session: the page leaves for Authing and comes back. */
  logoutWithRedirect: (opts?: LogoutWithRedirectOptions) => Promise<void>;
  getAccessToken: (opts?: GetTokenOptions) => Promise<string>;
  /** The client, once created (null during server rendering and before the first effect). */
  client: AuthingClient | null;
}

export interface AuthingProviderProps extends AuthingClientOptions {
  children?: ReactNode;
  /**
   * Called after a redirect sign-in came back (the SDK has already removed `code` and `state` from
   * the address bar), with the `appState` given to `loginWithRedirect`: navigate to it here (with
   * your router). Without it, an `appState.returnTo` path (what `<RequireAuth>` sets) is put in the
   * address bar.
   */
  onRedirectCallback?: (appState: unknown, loginState: LoginState) => void;
}

const AuthingContext = createContext<AuthingContextValue | null>(null);

/** Redirect callbacks being handled, per URL: React's StrictMode (or two providers) must not exchange a code twice. */
const callbacks = new Map<string, Promise<RedirectResult>>();

const NOT_READY = 'authing-wasm is not ready: useAuthing() methods work in the browser once <AuthingProvider> has mounted.';

interface Session {
  isLoading: boolean;
  loginState: LoginState | null;
  error: AuthingError | null;
  client: AuthingClient | null;
}

/**
 * Creates one `AuthingClient` for the components below it (options are read when it mounts), handles
 * the redirect callback, reads the session, and follows the SDK's events so every tab stays in sync.
 */
export function AuthingProvider(props: AuthingProviderProps): ReactElement {
  const { children, onRedirectCallback, ...options } = props;
  const [session, setSession] = useState<Session>({ isLoading: true, loginState: null, error: null, client: null });
  // The latest props, read by the effect and the methods without re-creating the client.
  const latest = useRef({ options, onRedirectCallback });
  latest.current = { options, onRedirectCallback };
  const clientRef = useRef<AuthingClient | null>(null);
  const creating = useRef<Promise<AuthingClient> | null>(null);

  useEffect(() => {
    let active = true;
    const unsubscribe: Array<() => void> = [];
    const update = (patch: Partial<Session>) => {
      if (active) setSession((s) => ({ ...s, ...patch }));
    };
    const fail = (e: unknown) => update({ isLoading: false, error: AuthingError.from(e) });
    const created = AuthingClient.create(latest.current.options);
    creating.current = created;
    created.catch(() => {}); // reported through `error`; methods called meanwhile reject with it
    created.then(async (client) => {
      if (!active) return;
      clientRef.current = client;
      unsubscribe.push(
        client.on('login', (loginState) => update({ loginState, error: null })),
        client.on('tokenRefreshed', (loginState) => update({ loginState })),
        client.on('logout', () => update({ loginState: null })),
        client.on('sessionExpired', () => update({ loginState: null })),
        client.on('error', (error) => update({ error })),
      );
      update({ client });
      try {
        if (client.isRedirectCallback()) {
          const url = location.href;
          let handling = callbacks.get(url);
          if (!handling) callbacks.set(url, (handling = client.handleRedirectCallback()));
          const { loginState, appState } = await handling;
          if (!active) return;
          const onRedirect = latest.current.onRedirectCallback;
          if (!onRedirect) returnTo(appState);
          update({ isLoading: false, loginState, error: null });
          onRedirect?.(appState, loginState);
        } else {
          const loginState = await client.getLoginState();
          update({ isLoading: false, loginState });
        }
      } catch (e) {
        fail(e);
      }
    }, fail);
    return () => {
      active = false;
      for (const off of unsubscribe) off();
      clientRef.current = null;
      creating.current = null;
    };
  }, []);

  const value = useMemo<AuthingContextValue>(() => {
    const ready = (): Promise<AuthingClient> =>
      creating.current ?? Promise.reject(new AuthingError('config_error', NOT_READY));
    const remember = <T>(work: Promise<T>): Promise<T> =>
      work.catch((e: unknown) => {
        const error = AuthingError.from(e);
        setSession((s) => ({ ...s, error }));
        throw error;
      });
    return {
      isLoading: session.isLoading,
      isAuthenticated: !!session.loginState,
      user: session.loginState?.idTokenClaims ?? null,
      loginState: session.loginState,
      error: session.error,
      client: session.client,
      loginWithPopup: (opts) => {
        const client = clientRef.current;
        let signIn: Promise<LoginState>;
        if (client) {
          signIn = client.loginWithPopup(opts); // opens the popup now, inside the click
        } else if (creating.current && !opts?.popupWindow) {
          // Still loading: open the window inside the click, sign in there once the client exists.
          const popupWindow = window.open('about:blank', 'authing-login', 'popup,width=500,height=640') ?? undefined;
          signIn = ready().then((c) => c.loginWithPopup({ ...opts, popupWindow }), (e: unknown) => {
            popupWindow?.close();
            throw e;
          });
        } else {
          signIn = ready().then((c) => c.loginWithPopup(opts));
        }
        return remember(signIn.then((loginState) => {
          setSession((s) => ({ ...s, loginState, error: null }));
          return loginState;
        }));
      },
      loginWithRedirect: (opts) => remember(ready().then((c) => c.loginWithRedirect(opts))),
      logout: (opts) => remember(ready().then((c) => c.logout(opts)).then(() => {
        setSession((s) => ({ ...s, loginState: null }));
      })),
      logoutWithRedirect: (opts) => remember(ready().then((c) => c.logoutWithRedirect(opts))),
      getAccessToken: (opts) => remember(ready().then((c) => c.getAccessToken(opts))),
    };
  }, [session]);

  return createElement(AuthingContext.Provider, { value }, children);
}

/** The session and the sign-in methods of the nearest `<AuthingProvider>`. */
export function useAuthing(): AuthingContextValue {
  const value = useContext(AuthingContext);
  if (!value) throw new Error('useAuthing() must be called inside <AuthingProvider> (from authing-wasm/react).');
  return value;
}

export interface RequireAuthProps {
  children?: ReactNode;
  /** Shown while the session is checked, and while the page leaves to sign in. Default: nothing. */
  fallback?: ReactNode;
  /** Options of the redirect sign-in it starts; `appState` defaults to `{ returnTo: <this URL> }`. */
  loginOptions?: LoginOptions;
}

/**
 * A route guard: its children for a signed-in user; anyone else is sent to sign in by redirect and
 * comes back to this URL. After a failure (see `useAuthing().error`) it shows `fallback` and
 * does not send the user away again.
 */
export function RequireAuth({ children, fallback = null, loginOptions }: RequireAuthProps): ReactElement {
  const { isLoading, isAuthenticated, error, loginWithRedirect } = useAuthing();
  const leave = !isLoading && !isAuthenticated && !error;
  useEffect(() => {
    const here = location.pathname + location.search + location.hash;
    if (leave) loginWithRedirect({ appState: { returnTo: here }, ...loginOptions }).catch(() => {});
  }, [leave]);
  return createElement(Fragment, null, isAuthenticated ? children : fallback);
}
