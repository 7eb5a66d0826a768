// Vue binding: `app.use(createAuthing(options))`, then `useAuthing()` in any component's setup, and
// `createAuthGuard(authing)` for vue-router routes only a signed-in user may see.
// An optional entry point, 'authing-wasm/vue'; Vue is a peer dependency (not bundled).
//
// Server-side rendering: installing the plugin touches nothing of the browser. The client is created
// when the app mounts in the browser (after hydration), so the server renders `isLoading: true`.
import { computed, inject, ref, shallowRef, type App, type InjectionKey, type Ref } from 'vue';

import { AuthingClient, AuthingError } from './index.js';
import type {
  AuthingClientOptions, GetTokenOptions, IdTokenClaims, LoginOptions, LoginState, LogoutOptions, LogoutWithRedirectOptions,
  PopupLoginOptions, RedirectResult,
} from './index.js';
import { returnTo } from './return-to.js';

/** What `useAuthing()` returns: read-only refs and the sign-in methods. */
export interface Authing {
  /** True until the client is created and the session (or the redirect callback) is known. */
  isLoading: Readonly<Ref<boolean>>;
  isAuthenticated: Readonly<Ref<boolean>>;
  /** The ID token's claims of the signed-in user, or null. */
  user: Readonly<Ref<IdTokenClaims | null>>;
  /** The whole session (tokens, expiry), or null. */
  loginState: Readonly<Ref<LoginState | null>>;
  /** The last failure: creating the client, the redirect callback, the session check, a sign-in, or an `error` event. */
  error: Readonly<Ref<AuthingError | null>>;
  /** The client, once created (null on the server and before the app mounts). */
  client: Readonly<Ref<AuthingClient | null>>;
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
  /** Resolves once the session is known (`isLoading` is false), in the browser. */
  whenReady: () => Promise<void>;
}

export interface AuthingPluginOptions extends AuthingClientOptions {
  /**
   * Called after a redirect sign-in came back (the SDK has already removed `code` and `state` from
   * the address bar), with the `appState` given to `loginWithRedirect`: navigate to it here, e.g.
   * `router.replace(appState.returnTo)` (what `createAuthGuard` sets). Without it, an
   * `appState.returnTo` path is put in the address bar.
   */
  onRedirectCallback?: (appState: unknown, loginState: LoginState) => void;
}

/** The plugin (`app.use(authing)`), which is also the `Authing` state, usable outside components. */
export interface AuthingPlugin extends Authing {
  install(app: App): void;
}

export const AUTHING_KEY: InjectionKey<Authing> = Symbol('authing-wasm');

const NOT_READY = 'authing-wasm is not ready: its methods work in the browser once the app using createAuthing() has mounted.';

/** Redirect callbacks being handled, per URL: a code is exchanged once per page. */
const callbacks = new Map<string, Promise<RedirectResult>>();

/**
 * The plugin: one `AuthingClient` for the app (options read when the app mounts), the redirect
 * callback handled, the session read, and the SDK's events followed so every tab stays in sync.
 */
export function createAuthing(options: AuthingPluginOptions): AuthingPlugin {
  const { onRedirectCallback, ...clientOptions } = options;
  const isLoading = ref(true);
  const loginState = shallowRef<LoginState | null>(null);
  const error = shallowRef<AuthingError | null>(null);
  const client = shallowRef<AuthingClient | null>(null);
  let creating: Promise<AuthingClient> | null = null;
  let stop: Array<() => void> = [];
  let settle: () => void = () => {};
  const ready$ = new Promise<void>((resolve) => { settle = resolve; });

  const ready = (): Promise<AuthingClient> => creating ?? Promise.reject(new AuthingError('config_error', NOT_READY));
  const remember = <T>(work: Promise<T>): Promise<T> =>
    work.catch((e: unknown) => {
      throw (error.value = AuthingError.from(e));
    });
  const fail = (e: unknown) => {
    error.value = AuthingError.from(e);
    isLoading.value = false;
    settle();
  };

  async function start(): Promise<void> {
    if (creating) return;
    const created = AuthingClient.create(clientOptions);
    creating = created;
    let c: AuthingClient;
    try {
      c = await created;
    } catch (e) {
      return fail(e);
    }
    if (creating !== created) return; // unmounted meanwhile
    client.value = c;
    stop.push(
      c.on('login', (s) => {
        loginState.value = s;
        error.value = null;
      }),
      c.on('tokenRefreshed', (s) => (loginState.value = s)),
      c.on('logout', () => (loginState.value = null)),
      c.on('sessionExpired', () => (loginState.value = null)),
      c.on('error', (e) => (error.value = e)),
    );
    try {
      if (c.isRedirectCallback()) {
        const url = location.href;
        let handling = callbacks.get(url);
        if (!handling) callbacks.set(url, (handling = c.handleRedirectCallback()));
        const result = await handling;
        if (!onRedirectCallback) returnTo(result.appState);
        loginState.value = result.loginState;
        error.value = null;
        isLoading.value = false;
        settle();
        onRedirectCallback?.(result.appState, result.loginState);
      } else {
        loginState.value = await c.getLoginState();
        isLoading.value = false;
        settle();
      }
    } catch (e) {
      fail(e);
    }
  }

  function end(): void {
    for (const off of stop) off();
    stop = [];
    creating = null;
    client.value = null;
  }

  const authing: Authing = {
    isLoading: computed(() => isLoading.value),
    isAuthenticated: computed(() => !!loginState.value),
    user: computed(() => loginState.value?.idTokenClaims ?? null),
    loginState: computed(() => loginState.value),
    error: computed(() => error.value),
    client: computed(() => client.value),
    loginWithPopup(opts) {
      const c = client.value;
      let signIn: Promise<LoginState>;
      if (c) {
        signIn = c.loginWithPopup(opts); // opens the popup now, inside the click
      } else if (creating && !opts?.popupWindow) {
        // Still loading: open the window inside the click, sign in there once the client exists.
        const popupWindow = window.open('about:blank', 'authing-login', 'popup,width=500,height=640') ?? undefined;
        signIn = ready().then((r) => r.loginWithPopup({ ...opts, popupWindow }), (e: unknown) => {
          popupWindow?.close();
          throw e;
        });
      } else {
        signIn = ready().then((r) => r.loginWithPopup(opts));
      }
      return remember(signIn.then((s) => {
        loginState.value = s;
        error.value = null;
        return s;
      }));
    },
    loginWithRedirect: (opts) => remember(ready().then((c) => c.loginWithRedirect(opts))),
    logout: (opts) => remember(ready().then((c) => c.logout(opts)).then(() => {
      loginState.value = null;
    })),
    logoutWithRedirect: (opts) => remember(ready().then((c) => c.logoutWithRedirect(opts))),
    getAccessToken: (opts) => remember(ready().then((c) => c.getAccessToken(opts))),
    whenReady: () => ready$,
  };

  return {
    ...authing,
    install(app: App): void {
      app.provide(AUTHING_KEY, authing);
      // Start in the browser once the app mounts (after hydration with SSR); never on the server.
      const { mount, unmount } = app;
      app.mount = ((...args: Parameters<App['mount']>) => {
        const root = mount(...args);
        void start();
        return root;
      }) as App['mount'];
      app.unmount = () => {
        end();
        unmount();
      };
    },
  };
}

/** The `Authing` state of the app's `createAuthing()` plugin; call it in a component's setup. */
export function useAuthing(): Authing {
  const authing = inject(AUTHING_KEY, null);
  if (!authing) throw new Error('useAuthing() needs app.use(createAuthing(options)) (from authing-wasm/vue) and a component setup() to call it from.');
  return authing;
}

/** The part of a vue-router route a guard reads (vue-router is not a dependency of this package). */
export interface GuardedRoute {
  fullPath: string;
}

/**
 * A vue-router guard for routes only a signed-in user may see: `beforeEnter: createAuthGuard(authing)`
 * on a route, or `router.beforeEach((to) => !to.meta.requiresAuth || guard(to))`. It waits until the
 * session is known; anyone signed out is sent to sign in by redirect and comes back to the route
 * (pass `onRedirectCallback: (s) => router.replace(s.returnTo)` to `createAuthing`). After a failure
 * (see `error`) the navigation is refused and the user stays.
 */
export function createAuthGuard(authing: Authing, loginOptions?: LoginOptions): (to: GuardedRoute) => Promise<boolean> {
  return async (to) => {
    await authing.whenReady();
    if (authing.isAuthenticated.value) return true;
    if (authing.error.value) return false;
    try {
      // The router's own path (with hash history too), for `router.replace` to take back.
      await authing.loginWithRedirect({ appState: { returnTo: to.fullPath }, ...loginOptions });
    } catch {
      return false;
    }
    // The page is leaving for Authing: a refused navigation would make the router put the old URL
    // back, which cancels the leaving. So the router waits, until the page is gone.
    return new Promise<boolean>(() => {});
  };
}
