// <authing-sign-in>: the sign-in form itself, built on the SDK's public API only. Its runtime
// dependencies arrive from the entry point (js/sign-in.ts), so that this module imports nothing at
// run time and the optional parts (QR renderer, passkeys, RSA) load when their method is used.
import type { AuthingClient, AuthingError, LoginState, PopupLoginOptions } from '../index.js';
import type { ExtIdpInfoDto, SignInByCredentialsInput } from '../api/types.js';
import { button, field, h, setError, type Field } from './dom.js';
import { explain, type FieldName, type Step } from './explain.js';
import { EN, fill, languageOf, ZH, type SignInStrings } from './strings.js';
import { STYLE } from './style.js';

export type SignInMethod = 'password' | 'passcode' | 'qr' | 'passkey' | 'social';

export interface Deps {
  AuthingClient: typeof AuthingClient;
  AuthingError: typeof AuthingError;
  qr: () => Promise<typeof import('../qr.js')>;
  passkey: () => Promise<typeof import('../webauthn.js')>;
  encrypt: () => Promise<typeof import('../encrypt.js')>;
}

/** The element's own API, beyond HTMLElement's. */
export interface AuthingSignInElement extends HTMLElement {
  /** The client that signs in; set it, or give `domain` and `app-id` attributes. */
  client: AuthingClient | undefined;
  /** Your own words for any of the element's strings (in the language shown). */
  strings: Partial<SignInStrings>;
  /** The signed-in state, or null. */
  readonly loginState: LoginState | null;
}

/** The element's events (bubbling, composed). */
export interface AuthingSignInEventMap {
  'signed-in': CustomEvent<LoginState>;
  'signed-out': CustomEvent<undefined>;
  'method-change': CustomEvent<{ method: SignInMethod }>;
  /** Authing asks for MFA: what the API answered (statusCode, apiCode, message, requestId, data with the mfaToken). */
  'mfa-required': CustomEvent<AuthingError>;
  error: CustomEvent<AuthingError>;
}

const TABS = ['password', 'passcode', 'qr'] as const;
const DEFAULT_METHODS = 'password passcode qr passkey social';
// Sign-ins through the API name their scope; offline_access gives the session a refresh token
// (an API sign-in leaves no Authing session cookie for silent renewal).
const DEFAULT_SCOPE = 'openid profile email phone offline_access';
const COUNTRY_CODES = ['+86', '+852', '+853', '+886', '+1', '+44', '+61', '+65', '+81', '+82', '+49', '+33'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function defineSignIn(deps: Deps): void {
  const { AuthingError } = deps;

  class AuthingSignIn extends HTMLElement implements AuthingSignInElement {
    static observedAttributes = ['lang', 'theme', 'methods', 'layout', 'signup'];
    #client?: AuthingClient;
    #ownClient = false;
    #clientReady: Promise<AuthingClient>;
    #resolveClient!: (c: AuthingClient) => void;
    #strings: Partial<SignInStrings> = {};
    #state: LoginState | null = null;
    #view: 'form' | 'signUp' | 'signedIn' = 'form';
    #method: (typeof TABS)[number] | undefined;
    #cleanups: (() => void)[] = [];
    #extIdps?: Promise<ExtIdpInfoDto[]>;
    #touched = false;
    #started = false;
    #offLogout?: () => void;
    #alert = h('p');
    #media = matchMedia('(prefers-color-scheme: dark)');
    #onScheme = () => this.#scheme();

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.#clientReady = new Promise((resolve) => (this.#resolveClient = resolve));
    }

    get client(): AuthingClient | undefined {
      return this.#client;
    }
    set client(client: AuthingClient | undefined) {
      if (!client || client === this.#client) return;
      this.#adopt(client);
      if (this.isConnected) this.#start();
    }

    #adopt(client: AuthingClient): void {
      this.#client = client;
      this.#resolveClient(client);
      this.#clientReady = Promise.resolve(client);
    }

    get strings(): Partial<SignInStrings> {
      return this.#strings;
    }
    set strings(strings: Partial<SignInStrings>) {
      this.#strings = { ...strings };
      if (this.isConnected) this.#render();
    }

    get loginState(): LoginState | null {
      return this.#state;
    }

    connectedCallback(): void {
      this.#media.addEventListener('change', this.#onScheme);
      this.#render();
      // A framework may set `client` right after connecting the element: give it the chance.
      queueMicrotask(() => this.#start());
    }

    disconnectedCallback(): void {
      this.#media.removeEventListener('change', this.#onScheme);
      this.#cleanup();
      this.#offLogout?.();
      this.#started = false; // connected again, it checks the session afresh
    }

    attributeChangedCallback(name: string, old: string | null, value: string | null): void {
      if (!this.shadowRoot!.firstChild || old === value) return;
      if (name === 'theme') this.#scheme();
      else this.#render();
    }

    async #start(): Promise<void> {
      if (this.#started) return;
      const domain = this.getAttribute('domain');
      const appId = this.getAttribute('app-id');
      if (!this.#client && !(domain && appId)) return; // waits for the `client` property
      this.#started = true;
      try {
        if (!this.#client) {
          this.#ownClient = true;
          this.#adopt(await deps.AuthingClient.create({
            domain: domain!,
            appId: appId!,
            redirectUri: this.getAttribute('redirect-uri') || location.origin + location.pathname,
            scope: this.#scope(),
          }));
        }
        const client = this.#client!;
        this.#offLogout = client.on('logout', () => this.#signedOut());
        // The social buttons need the client; what was typed meanwhile stays.
        const alternatives = this.shadowRoot!.querySelector<HTMLElement>('[part=alternatives]');
        if (alternatives && this.#methods().has('social')) this.#socialButtons(alternatives);
        // A social sign-in that fell back to a redirect comes back here (an app's own client
        // handles its callbacks itself).
        const state = this.#ownClient && client.isRedirectCallback()
          ? (await client.handleRedirectCallback()).loginState
          : await client.getLoginState();
        if (state && !this.#touched && this.#view !== 'signedIn') this.#signedIn(state, false);
      } catch (e) {
        this.#emit('error', AuthingError.from(e));
      }
    }

    #t(key: keyof SignInStrings, vars?: Record<string, string | number>): string {
      const lang = languageOf(this.closest('[lang]')?.getAttribute('lang') || navigator.language);
      return fill(this.#strings[key] ?? (lang === 'zh' ? ZH : EN)[key], vars);
    }

    #scope(): string {
      return this.getAttribute('scope') || DEFAULT_SCOPE;
    }

    #methods(): Set<string> {
      return new Set((this.getAttribute('methods') || DEFAULT_METHODS).split(/\s+/));
    }

    #emit<K extends keyof AuthingSignInEventMap>(type: K, detail: AuthingSignInEventMap[K]['detail']): void {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }

    #cleanup(): void {
      for (const stop of this.#cleanups.splice(0)) stop();
    }

    #scheme(): void {
      const theme = this.getAttribute('theme');
      const dark = theme === 'dark' || (theme !== 'light' && this.#media.matches);
      this.shadowRoot!.querySelector('.root')?.classList.toggle('dark', dark);
    }

    /** Builds the current view afresh (a view change; errors never re-render, so typing is kept). */
    #render(): void {
      this.#cleanup();
      this.#alert = h('p', { role: 'alert', class: 'alert', part: 'alert' });
      const root = h('div', { class: 'root', part: 'root' });
      if (this.#view === 'signedIn') root.append(this.#signedInView());
      else if (this.#view === 'signUp') root.append(h('h2', { part: 'title' }, this.#t('signUpTitle')), this.#alert, this.#signUpForm(), this.#links());
      else root.append(h('h2', { part: 'title' }, this.#t('title')), this.#alert, ...this.#formView(), this.#links());
      this.shadowRoot!.replaceChildren(h('style', {}, STYLE), root);
      root.addEventListener('input', () => (this.#touched = true));
      this.#scheme();
    }

    #formView(): Node[] {
      const methods = this.#methods();
      const tabs = TABS.filter((m) => methods.has(m));
      const nodes: Node[] = [];
      if (this.getAttribute('layout') === 'list') {
        for (const m of tabs) nodes.push(h('section', { part: 'panel' }, h('h3', {}, this.#t(m)), this.#panel(m)));
      } else if (tabs.length) {
        if (!this.#method || !tabs.includes(this.#method)) this.#method = tabs[0];
        if (tabs.length > 1) nodes.push(this.#tabList(tabs));
        nodes.push(h('div', { role: tabs.length > 1 ? 'tabpanel' : undefined, id: 'panel', 'aria-labelledby': `tab-${this.#method}`, part: 'panel' }, this.#panel(this.#method)));
      }
      const others = h('div', { part: 'alternatives' });
      if (methods.has('passkey') && 'PublicKeyCredential' in window) others.append(this.#passkeyButton());
      if (methods.has('social')) this.#socialButtons(others);
      // "or" shows while there is a form and something besides it (social buttons arrive later).
      const or = h('p', { class: 'or' }, this.#t('or'));
      const showOr = () => (or.hidden = !others.childElementCount || !tabs.length);
      showOr();
      new MutationObserver(showOr).observe(others, { childList: true });
      nodes.push(or, others);
      return nodes;
    }

    #tabList(tabs: readonly (typeof TABS)[number][]): HTMLElement {
      const list = h('div', { role: 'tablist', 'aria-label': this.#t('methods'), part: 'tabs' });
      for (const m of tabs) {
        const selected = m === this.#method;
        const tab = h('button', { type: 'button', role: 'tab', id: `tab-${m}`, 'aria-selected': String(selected), 'aria-controls': 'panel', tabindex: selected ? '0' : '-1', part: 'tab' }, this.#t(m));
        tab.addEventListener('click', () => this.#select(m));
        list.append(tab);
      }
      list.addEventListener('keydown', (e) => {
        const rtl = getComputedStyle(this).direction === 'rtl';
        const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -tabs.length, End: tabs.length }[e.key];
        if (!step) return;
        e.preventDefault();
        this.#select(tabs[Math.min(tabs.length - 1, Math.max(0, tabs.indexOf(this.#method!) + step))]);
      });
      return list;
    }

    #select(method: (typeof TABS)[number]): void {
      if (method === this.#method) return;
      this.#method = method;
      this.#render();
      this.shadowRoot!.getElementById(`tab-${method}`)?.focus();
      this.#emit('method-change', { method });
    }

    #panel(method: (typeof TABS)[number]): HTMLElement {
      return method === 'password' ? this.#passwordForm() : method === 'passcode' ? this.#passcodeForm() : this.#qrPanel();
    }

    /** Runs a sign-in step once at a time: busy form, errors beside their fields, typing kept. */
    async #run(form: HTMLElement, submit: HTMLButtonElement, busyText: string, step: Step, fields: Partial<Record<FieldName, Field>>, work: (client: AuthingClient) => Promise<LoginState | void>): Promise<void> {
      if (form.getAttribute('aria-busy') === 'true') return; // no double submit
      this.#alert.textContent = '';
      for (const f of Object.values(fields)) setError(f!, '');
      const text = submit.textContent!;
      form.setAttribute('aria-busy', 'true');
      submit.disabled = true;
      submit.textContent = busyText;
      try {
        const state = await work(await this.#clientReady);
        if (state) this.#signedIn(state, true);
      } catch (e) {
        this.#fail(e, step, fields);
      } finally {
        form.removeAttribute('aria-busy');
        if (submit.textContent === busyText) {
          submit.disabled = false;
          submit.textContent = text;
        }
      }
    }

    #fail(e: unknown, step: Step, fields: Partial<Record<FieldName, Field>> = {}): void {
      const error = AuthingError.from(e);
      const { key, field: name, mfa } = explain(error, step);
      const text = this.#t(key, { message: error.message });
      const f = name && fields[name];
      if (f) {
        setError(f, text);
        f.input.focus();
      } else {
        this.#alert.textContent = text;
      }
      if (mfa) this.#emit('mfa-required', error);
      this.#emit('error', error);
    }

    /** Empty required fields get their error; true when every field is filled in. */
    #filled(fields: Field[]): boolean {
      const empty = fields.filter((f) => !f.input.value.trim());
      for (const f of empty) setError(f, this.#t('required'));
      empty[0]?.input.focus();
      return !empty.length;
    }

    /** An API sign-in with the element's scope; resolves the session it stored. */
    async #signInWith(client: AuthingClient, credentials: Omit<SignInByCredentialsInput, 'options'>, passwordEncryptType?: 'rsa'): Promise<LoginState> {
      await client.api.signInByCredentials({ ...credentials, options: { scope: this.#scope(), passwordEncryptType } });
      const state = await client.getLoginState();
      if (!state) throw new AuthingError('api_error', 'Authing signed in, but no session was stored.');
      return state;
    }

    async #password(client: AuthingClient, password: string): Promise<{ password: string; passwordEncryptType?: 'rsa' }> {
      if (this.getAttribute('password-encrypt') !== 'rsa') return { password };
      return (await deps.encrypt()).encryptPassword(client, password);
    }

    #form(submitText: string, ...children: Node[]): [HTMLFormElement, HTMLButtonElement] {
      const submit = h('button', { type: 'submit', class: 'primary', part: 'button primary' }, submitText);
      return [h('form', { novalidate: true, part: 'form' }, ...children, submit), submit];
    }

    #passwordForm(): HTMLFormElement {
      const account = field('account', this.#t('account'), { autocomplete: 'username webauthn', required: true });
      const password = field('password', this.#t('passwordField'), { type: 'password', autocomplete: 'current-password', required: true });
      const [form, submit] = this.#form(this.#t('submit'), account.wrap, password.wrap);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        if (!this.#filled([account, password])) return;
        this.#run(form, submit, this.#t('working'), 'password', { account, password }, async (client) => {
          const { password: sent, passwordEncryptType } = await this.#password(client, password.input.value);
          return this.#signInWith(client, { connection: 'PASSWORD', passwordPayload: { account: account.input.value.trim(), password: sent } }, passwordEncryptType);
        });
      });
      return form;
    }

    /** The phone (with its country code) or email typed in `target`, or null when it is neither. */
    #destination(value: string, countryCode: string): { email: string } | { phone: string; phoneCountryCode?: string } | null {
      const text = value.trim();
      if (text.includes('@')) return EMAIL.test(text) ? { email: text } : null;
      const phone = text.replace(/[\s().-]/g, '');
      if (!/^\+?\d{5,15}$/.test(phone)) return null;
      return phone.startsWith('+') ? { phone } : { phone, phoneCountryCode: countryCode };
    }

    #passcodeForm(): HTMLFormElement {
      const preferred = this.getAttribute('phone-country-code') || '+86';
      const country = h('select', { 'aria-label': this.#t('countryCode'), part: 'input' },
        ...[...new Set([preferred, ...COUNTRY_CODES])].map((c) => h('option', { value: c }, c)));
      const target = field('target', this.#t('target'), { autocomplete: 'username', required: true }, country);
      const send = button(this.#t('sendCode'), { class: 'send' });
      const code = field('code', this.#t('code'), { inputmode: 'numeric', autocomplete: 'one-time-code', required: true }, send);
      const status = h('p', { class: 'status', 'aria-live': 'polite', part: 'status' });
      const [form, submit] = this.#form(this.#t('submit'), target.wrap, code.wrap, status);
      const destination = () => {
        const to = this.#destination(target.input.value, country.value);
        if (!to) {
          setError(target, this.#t(target.input.value.trim() ? 'badTarget' : 'required'));
          target.input.focus();
        }
        return to;
      };
      send.addEventListener('click', () => {
        const to = destination();
        if (!to) return;
        this.#run(form, send, this.#t('sendCode'), 'send', { target }, async (client) => {
          if ('email' in to) await client.api.sendEmail({ email: to.email, channel: 'CHANNEL_LOGIN' });
          else await client.api.sendSms({ phoneNumber: to.phone, phoneCountryCode: to.phoneCountryCode, channel: 'CHANNEL_LOGIN' });
          status.textContent = this.#t('codeSent', { to: 'email' in to ? to.email : `${to.phoneCountryCode ?? ''} ${to.phone}`.trim() });
          this.#countdown(send);
          code.input.focus();
        });
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const to = destination();
        if (!to || !this.#filled([code])) return;
        this.#run(form, submit, this.#t('working'), 'passcode', { target, code }, async (client) => {
          return this.#signInWith(client, { connection: 'PASSCODE', passCodePayload: { passCode: code.input.value.trim(), ...to } });
        });
      });
      return form;
    }

    /** "Resend in N s" on `send` until it may send again. */
    #countdown(send: HTMLButtonElement): void {
      let left = Number(this.getAttribute('resend-seconds') ?? 60);
      const tick = () => {
        send.disabled = left > 0;
        send.textContent = left > 0 ? this.#t('resendIn', { s: left-- }) : this.#t('sendCode');
        if (!send.disabled) clearInterval(timer);
      };
      const timer = setInterval(tick, 1000);
      this.#cleanups.push(() => clearInterval(timer));
      tick();
    }

    #qrPanel(): HTMLElement {
      const image = h('div', { part: 'qr' });
      const status = h('p', { class: 'status', 'aria-live': 'polite', part: 'status' });
      const refresh = button(this.#t('qrRefresh'), { class: 'secondary', hidden: true });
      const show = async () => {
        const stop = new AbortController();
        this.#cleanups.push(() => stop.abort());
        refresh.hidden = true;
        image.replaceChildren();
        status.textContent = this.#t('qrLoading');
        try {
          const client = await this.#clientReady;
          const [{ qrToSvg }, login] = await Promise.all([deps.qr(), client.startQrLogin({
            type: 'MOBILE_APP',
            signal: stop.signal,
            onStatus: ({ status: s, briefUserInfo }) => {
              if (s === 'SCANNED') status.textContent = this.#t('qrScanned', { by: briefUserInfo?.nickname ? ` (${briefUserInfo.nickname})` : '' });
            },
          })]);
          image.innerHTML = qrToSvg(login.url, { label: this.#t('qr'), scale: 5 });
          status.textContent = this.#t('qrScan');
          this.#signedIn(await login.result, true);
        } catch (e) {
          if (stop.signal.aborted) return; // the tab was left
          const error = AuthingError.from(e);
          image.replaceChildren();
          status.textContent = this.#t(explain(error, 'other').key, { message: error.message });
          refresh.hidden = false;
          if (error.code !== 'qr_expired' && error.code !== 'qr_cancelled') this.#emit('error', error);
        }
      };
      refresh.addEventListener('click', () => show().then(() => refresh.hidden || refresh.focus()));
      show();
      return h('div', { class: 'qr' }, image, status, refresh);
    }

    #passkeyButton(): HTMLButtonElement {
      const b = button(this.#t('passkey'), { class: 'secondary', part: 'button passkey' });
      b.addEventListener('click', () => this.#run(b, b, this.#t('working'), 'other', {}, async (client) =>
        (await deps.passkey()).signInWithPasskey(client, { scope: this.#scope() })));
      return b;
    }

    /** One button per identity source the app enabled: a popup, else a redirect. */
    #socialButtons(into: HTMLElement): void {
      const client = this.#client;
      if (!client) return;
      this.#extIdps ??= client.api.getApplicationEnabledExtIdps().catch((e) => {
        this.#extIdps = undefined;
        this.#emit('error', AuthingError.from(e));
        return [];
      });
      const zh = this.#t('or') === ZH.or;
      this.#extIdps.then((idps) => into.append(...idps.map((idp) => {
        const name = (zh ? idp.name : idp.name_en) || idp.name;
        const b = h('button', { type: 'button', class: 'secondary', part: 'button social', 'data-idp': idp.identifier },
          idp.logo && h('img', { src: idp.logo, alt: '' }), this.#t('social', { name }));
        b.addEventListener('click', () => {
          // Straight from the click: the popup opens before any await.
          const opts: PopupLoginOptions = { extIdpConnId: idp.extIdpId };
          client.loginWithPopup(opts).then((s) => this.#signedIn(s, true), (e) => {
            const { code } = AuthingError.from(e);
            if (code === 'aborted') return; // a second click took the popup over
            if (code !== 'popup_blocked') return this.#fail(e, 'other');
            client.loginWithRedirect(opts).catch((x) => this.#fail(x, 'other'));
          });
        });
        return b;
      })));
    }

    #signUpForm(): HTMLFormElement {
      const email = field('email', this.#t('email'), { type: 'email', autocomplete: 'email', required: true });
      const password = field('newPassword', this.#t('newPassword'), { type: 'password', autocomplete: 'new-password', minlength: '6', required: true });
      const [form, submit] = this.#form(this.#t('signUp'), email.wrap, password.wrap);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        if (!this.#filled([email, password])) return;
        if (!EMAIL.test(email.input.value.trim())) return setError(email, this.#t('badEmail')), email.input.focus();
        if (password.input.value.length < 6) return setError(password, this.#t('shortPassword')), password.input.focus();
        this.#run(form, submit, this.#t('signingUp'), 'signUp', { email, newPassword: password }, async (client) => {
          const address = email.input.value.trim();
          const { password: sent, passwordEncryptType } = await this.#password(client, password.input.value);
          const passwordPayload = { email: address, password: sent };
          await client.api.signUp({
            connection: 'PASSWORD',
            passwordPayload,
            options: passwordEncryptType ? { passwordEncryptType, context: {} } : undefined,
          });
          return this.#signInWith(client, { connection: 'PASSWORD', passwordPayload }, passwordEncryptType);
        });
      });
      return form;
    }

    #links(): HTMLElement {
      const row = h('p', { class: 'links' });
      const forgot = this.getAttribute('forgot-password-href');
      if (forgot && this.#view === 'form') row.append(h('a', { href: forgot, part: 'link' }, this.#t('forgot')));
      if (this.hasAttribute('signup')) {
        const toSignUp = this.#view === 'form';
        const link = button(this.#t(toSignUp ? 'signUpLink' : 'haveAccount'), { class: 'link', part: 'link' });
        link.addEventListener('click', () => {
          this.#view = toSignUp ? 'signUp' : 'form';
          this.#render();
          this.shadowRoot!.querySelector('input')?.focus();
        });
        row.append(link);
      }
      return row;
    }

    #signedInView(): Node {
      const claims = this.#state?.idTokenClaims;
      const who = String(claims?.name ?? claims?.email ?? claims?.sub ?? '');
      const message = h('p', { tabindex: '-1', part: 'signed-in' }, this.#t('signedIn', { name: who }));
      const out = button(this.#t('signOut'), { class: 'secondary' });
      // The client's `logout` event (this tab or another) brings the form back.
      out.addEventListener('click', () => this.#client!.logout().catch((e) => this.#emit('error', AuthingError.from(e))));
      return h('div', {}, message, out);
    }

    #signedOut(): void {
      if (this.#view !== 'signedIn') return;
      this.#state = null;
      this.#view = 'form';
      this.#render();
      this.toggleAttribute('signed-in', false);
      this.#emit('signed-out', undefined);
    }

    #signedIn(state: LoginState, announce: boolean): void {
      this.#state = state;
      this.#view = 'signedIn';
      this.#render();
      if (announce) (this.shadowRoot!.querySelector('[part=signed-in]') as HTMLElement).focus();
      this.toggleAttribute('signed-in', true);
      this.#emit('signed-in', state);
    }
  }
  customElements.define('authing-sign-in', AuthingSignIn);
}
