// <authing-login-button>: a sign-in button that a plain HTML page drops in. Import
// 'authing-wasm/button' once; it defines the element (and only that: apps that do not import it
// do not pay for it).
//
// Attributes: domain, app-id, redirect-uri, mode ("popup" | "redirect", default popup), scope.
// Events (bubbling, composed): `login` (detail: LoginState), `logout`, `error` (detail: AuthingError).
// Styling: ::part(button), or --authing-button-background, --authing-button-color,
// --authing-button-radius, --authing-button-font.
import { AuthingClient, AuthingError } from './index.js';
import type { LoginState } from './types.js';

/** The element's own API, beyond HTMLElement's. */
export interface AuthingLoginButtonElement extends HTMLElement {
  /** The signed-in state, or null. */
  readonly loginState: LoginState | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'authing-login-button': AuthingLoginButtonElement;
  }
}

const STYLE = `
:host { display: inline-block; }
button {
  font: var(--authing-button-font, inherit);
  padding: .5em 1.25em;
  border: 1px solid transparent;
  border-radius: var(--authing-button-radius, .375em);
  background: var(--authing-button-background, #215ae5);
  color: var(--authing-button-color, #fff);
  cursor: pointer;
}
button:focus-visible { outline: 2px solid var(--authing-button-background, #215ae5); outline-offset: 2px; }
button[disabled] { opacity: .6; cursor: progress; }
`;

function defineButton(): void {
  class AuthingLoginButton extends HTMLElement implements AuthingLoginButtonElement {
    #client?: AuthingClient;
    #state: LoginState | null = null;
    #button: HTMLButtonElement;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${STYLE}</style><button part="button" type="button" disabled>Sign in</button>`;
      this.#button = root.querySelector('button')!;
      this.#button.addEventListener('click', () => this.#onClick());
    }

    /** The signed-in state, or null. */
    get loginState(): LoginState | null {
      return this.#state;
    }

    async connectedCallback(): Promise<void> {
      if (this.#client) return;
      try {
        const attr = (name: string) => this.getAttribute(name) ?? '';
        this.#client = await AuthingClient.create({
          domain: attr('domain'),
          appId: attr('app-id'),
          redirectUri: attr('redirect-uri') || location.origin + location.pathname,
          scope: this.getAttribute('scope') ?? undefined,
        });
        if (this.#client.isRedirectCallback()) {
          this.#signedIn((await this.#client.handleRedirectCallback()).loginState);
        } else {
          this.#render(await this.#client.getLoginState());
        }
      } catch (e) {
        this.#fail(e);
      }
    }

    #onClick(): void {
      const client = this.#client;
      if (!client) return;
      if (this.#state) {
        client.logout().then(() => {
          this.#render(null);
          this.#emit('logout', undefined);
        }, (e) => this.#fail(e));
      } else if (this.getAttribute('mode') === 'redirect') {
        client.loginWithRedirect().catch((e) => this.#fail(e));
      } else {
        // Called straight from the click, so the popup opens before any await.
        this.#button.disabled = true;
        client.loginWithPopup().then((s) => this.#signedIn(s), (e) => this.#fail(e));
      }
    }

    #signedIn(state: LoginState): void {
      this.#render(state);
      this.#emit('login', state);
    }

    #fail(e: unknown): void {
      this.#render(this.#state);
      this.#emit('error', AuthingError.from(e));
    }

    #render(state: LoginState | null): void {
      this.#state = state;
      const who = state?.idTokenClaims?.name ?? state?.idTokenClaims?.email ?? state?.idTokenClaims?.sub;
      this.#button.textContent = state ? 'Sign out' : 'Sign in';
      this.#button.setAttribute('aria-label', state ? `Sign out${who ? ` ${String(who)}` : ''}` : 'Sign in with Authing');
      this.#button.disabled = !this.#client;
      this.toggleAttribute('signed-in', !!state);
    }

    #emit(type: string, detail: unknown): void {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }
  }
  customElements.define('authing-login-button', AuthingLoginButton);
}

// Server-side rendering imports this module too: define the element only where there is a DOM.
if (typeof customElements !== 'undefined' && !customElements.get('authing-login-button')) defineButton();
