// Passkeys (WebAuthn) with Authing: one call bridges /api/v3/webauthn/* to the browser's
// `navigator.credentials`, converting base64url ↔ ArrayBuffer both ways.
// An optional entry point: `import { signInWithPasskey, registerPasskey } from 'authing-wasm/webauthn'`.
import { AuthingError, type AuthingClient, type LoginState } from './index.js';

const toBytes = (b64url: string): ArrayBuffer => {
  const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat(-b64.length & 3)), (c) => c.charCodeAt(0)).buffer;
};
const toB64url = (buffer: ArrayBuffer | null): string =>
  buffer ? btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : '';

type Descriptor = { id: string; type?: string; transports?: readonly string[] };
const descriptors = (list: readonly Descriptor[] | undefined): PublicKeyCredentialDescriptor[] =>
  (list ?? []).map((c) => ({ type: 'public-key', id: toBytes(c.id), transports: c.transports as AuthenticatorTransport[] | undefined }));

const aborted = () => new AuthingError('aborted', 'The passkey prompt was cancelled or timed out.');

/** Rejects with `aborted` before anything is sent when the signal already fired. */
function checkSignal(signal?: AbortSignal): void {
  if (signal?.aborted) throw aborted();
}

/** The browser's passkey prompt; a user who cancels it, or an aborted signal, gets `aborted`. */
async function credential<T extends AuthenticatorResponse>(ask: () => Promise<Credential | null>, signal?: AbortSignal): Promise<PublicKeyCredential & { response: T }> {
  let cred: Credential | null;
  try {
    cred = await ask();
  } catch (e) {
    const name = (e as DOMException)?.name;
    if (signal?.aborted || name === 'NotAllowedError' || name === 'AbortError') throw aborted();
    throw new AuthingError('config_error', `The browser refused the passkey request (${name}): passkeys need a secure context and a matching rpId.`);
  }
  if (!cred) throw aborted();
  return cred as PublicKeyCredential & { response: T };
}

export interface PasskeyOptions {
  /** Scope of the tokens, e.g. 'openid profile offline_access'. */
  scope?: string;
  signal?: AbortSignal;
}

/** Signs in with a passkey: the session is stored like any sign-in; resolves its `LoginState`. */
export async function signInWithPasskey(authing: AuthingClient, opts: PasskeyOptions = {}): Promise<LoginState> {
  checkSignal(opts.signal);
  const { authenticationOptions: o, ticket } = await authing.api.initAuthenticationOptions();
  checkSignal(opts.signal);
  // What the server sends beyond the spec's fields (userVerification, extensions...) is passed on.
  const cred = await credential<AuthenticatorAssertionResponse>(
    () =>
      navigator.credentials.get({
        publicKey: { ...o, challenge: toBytes(o.challenge), allowCredentials: descriptors(o.allowCredentials) },
        signal: opts.signal,
      }),
    opts.signal,
  );
  checkSignal(opts.signal);
  const r = cred.response;
  const result = await authing.api.verifyAuthentication({
    ticket,
    authenticationCredential: {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: 'public-key',
      response: {
        authenticatorData: toB64url(r.authenticatorData),
        clientDataJSON: toB64url(r.clientDataJSON),
        signature: toB64url(r.signature),
        userHandle: toB64url(r.userHandle),
      },
    },
    options: opts.scope ? { scope: opts.scope } : undefined,
  });
  const state = result.verified ? await authing.getLoginState() : null;
  if (!state) throw new AuthingError('api_error', 'Authing did not accept the passkey.');
  return state;
}

/** Registers a passkey for the signed-in user; resolves true when Authing verified it. */
export async function registerPasskey(
  authing: AuthingClient,
  opts: { authenticatorCode?: 'fingerprint' | 'face' | 'other'; signal?: AbortSignal } = {},
): Promise<boolean> {
  checkSignal(opts.signal);
  const { registrationOptions: o, ticket } = await authing.api.initRegisterOptions();
  checkSignal(opts.signal);
  const cred = await credential<AuthenticatorAttestationResponse>(
    () =>
      navigator.credentials.create({
        publicKey: {
          // A discoverable credential (a real passkey: it signs in without naming the user), unless
          // the server says otherwise; other fields the server sends are passed on.
          authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
          ...o,
          challenge: toBytes(o.challenge),
          user: { id: new TextEncoder().encode(o.user.id), name: o.user.name, displayName: o.user.displayName },
          pubKeyCredParams: o.pubKeyCredParams.map((p) => ({ type: 'public-key', alg: p.alg })),
          excludeCredentials: descriptors(o.excludeCredentials),
        },
        signal: opts.signal,
      }),
    opts.signal,
  );
  checkSignal(opts.signal);
  const result = await authing.api.verifyRegister({
    ticket,
    authenticatorCode: opts.authenticatorCode,
    registrationCredential: {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: 'public-key',
      transports: cred.response.getTransports?.() ?? [],
      response: { attestationObject: toB64url(cred.response.attestationObject), clientDataJSON: toB64url(cred.response.clientDataJSON) },
    },
  });
  return result.verified;
}
