// Every entry point of the published package, used the way an app does, under `tsc --strict` with
// skipLibCheck false. The @ts-expect-error lines prove the types are real (an `any` would not fail).
import { AuthingClient, AuthingError, type AuthingClientOptions, type LoginState, type UserInfo } from 'authing-wasm';
import 'authing-wasm/button';
import { encryptPassword, type EncryptedPassword } from 'authing-wasm/encrypt';
import type { AuthingSignInEventMap, SignInStrings } from 'authing-wasm/sign-in';
import { qrToSvg } from 'authing-wasm/qr';
import { AuthingProvider, useAuthing, type AuthingContextValue, type AuthingProviderProps } from 'authing-wasm/react';
import { createAuthing, useAuthing as useAuthingVue, type Authing, type AuthingPlugin } from 'authing-wasm/vue';
import { signInWithPasskey } from 'authing-wasm/webauthn';
import { createElement, type ReactElement } from 'react';
import { createApp, type Ref } from 'vue';

const options: AuthingClientOptions = { domain: 'https://example.authing.cn', appId: 'app', redirectUri: 'https://app.example/' };
// @ts-expect-error appId is required
const incomplete: AuthingClientOptions = { domain: 'https://example.authing.cn', redirectUri: 'https://app.example/' };

export async function core(): Promise<string> {
  const authing = await AuthingClient.create(options);
  const off: () => void = authing.on('login', (state: LoginState) => console.log(state.accessToken));
  off();
  const me: UserInfo = await authing.getUserInfo();
  // @ts-expect-error no such method
  authing.signInWithMagic();
  const sealed: EncryptedPassword = await encryptPassword(authing, 'pw');
  const passkey: LoginState = await signInWithPasskey(authing);
  try {
    return await authing.getAccessToken();
  } catch (e) {
    if (e instanceof AuthingError && e.code === 'login_required') return `${me.sub} ${sealed.passwordEncryptType} ${passkey.tokenType}`;
    throw e;
  }
}

export const svg: string = qrToSvg('https://example.authing.cn/qr', { scale: 2 });

// React
const props: AuthingProviderProps = { ...options, onRedirectCallback: (appState: unknown) => console.log(appState) };
export function Profile(): ReactElement {
  const a: AuthingContextValue = useAuthing();
  const name: string | undefined = a.user?.name;
  const isLoading: boolean = a.isLoading;
  // @ts-expect-error the hook's loginWithPopup takes options, not a string
  void a.loginWithPopup('now');
  return createElement('button', { onClick: () => void a.loginWithPopup() }, isLoading ? '…' : name ?? a.error?.message);
}
export const tree: ReactElement = createElement(AuthingProvider, props, createElement(Profile));

// Vue
const plugin: AuthingPlugin = createAuthing({ ...options, cacheLocation: 'localStorage' });
createApp({}).use(plugin);
export function setup(): { sub: Ref<string | undefined> | string | undefined } {
  const a: Authing = useAuthingVue();
  const loading: boolean = a.isLoading.value;
  // @ts-expect-error the refs are read-only
  a.isLoading.value = false;
  return { sub: loading ? undefined : a.user.value?.sub };
}
// <authing-sign-in>: the element, its properties and its typed events
export function embed(authing: AuthingClient): void {
  const form = document.createElement('authing-sign-in');
  form.client = authing;
  const strings: Partial<SignInStrings> = { title: 'Welcome back' };
  form.strings = strings;
  // @ts-expect-error loginState is read-only
  form.loginState = null;
  form.addEventListener('signed-in', ((e: AuthingSignInEventMap['signed-in']) => console.log(e.detail.accessToken)) as EventListener);
  const mfa = (e: AuthingSignInEventMap['mfa-required']): number | undefined => e.detail.apiCode;
  void mfa;
}
void incomplete;
