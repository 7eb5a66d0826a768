// <authing-sign-in>: an embeddable sign-in form (password, verification code, QR code, passkey,
// the app's social identity sources, sign-up) built on the SDK's public API. Import
// 'authing-wasm/sign-in' once; it defines the element. The QR renderer, passkey helpers and RSA
// password encryption load only when their method is used. See the README for attributes, events,
// parts and custom properties.
import { AuthingClient, AuthingError } from './index.js';
import { defineSignIn, type AuthingSignInElement } from './sign-in/element.js';

export type { AuthingSignInElement, AuthingSignInEventMap, SignInMethod } from './sign-in/element.js';
export type { SignInStrings } from './sign-in/strings.js';

declare global {
  interface HTMLElementTagNameMap {
    'authing-sign-in': AuthingSignInElement;
  }
}

// Server-side rendering imports this module too: define the element only where there is a DOM.
if (typeof customElements !== 'undefined' && !customElements.get('authing-sign-in')) {
  defineSignIn({
    AuthingClient,
    AuthingError,
    qr: () => import('./qr.js'),
    passkey: () => import('./webauthn.js'),
    encrypt: () => import('./encrypt.js'),
  });
}
