// WebCrypto: random octets for every call, SHA-256 digests (PKCE), and signature checks with a JWK.
import { T, type Effect, type Report } from './effects.js';

export const random = (): Uint8Array => crypto.getRandomValues(new Uint8Array(64));

/** An empty digest tells the engine that WebCrypto is unavailable (not a secure context). */
export function digest(e: Extract<Effect, { t: T.Digest }>, report: Report): void {
  Promise.resolve()
    .then(() => crypto.subtle.digest('SHA-256', new TextEncoder().encode(e.data)))
    .then((d) => report.digested(e.req, new Uint8Array(d)), () => report.digested(e.req, new Uint8Array()));
}

export function verify(e: Extract<Effect, { t: T.Verify }>, report: Report): void {
  const params = { name: e.name, hash: e.hash, namedCurve: e.curve, saltLength: e.salt };
  crypto.subtle.importKey('jwk', e.jwk, params, false, ['verify'])
    .then((key) => crypto.subtle.verify(params, key, base64url(e.signature), new TextEncoder().encode(e.data)))
    .then((ok) => report.verified(e.req, ok), () => report.verified(e.req, false));
}

function base64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
