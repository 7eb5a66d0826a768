// WebCrypto: random octets for every call, SHA-256 digests (PKCE), and signature checks with a JWK.
import { T, type Effect, type Report } from './effects.js';

export const random = (): Uint8Array => crypto.getRandomValues(new Uint8Array(64));

/** An empty digest tells the engine that WebCrypto is unavailable (not a secure context). */
export function digest([, req, data]: Extract<Effect, [T.Digest, ...unknown[]]>, report: Report): void {
  Promise.resolve()
    .then(() => crypto.subtle.digest('SHA-256', new TextEncoder().encode(data)))
    .then((d) => report.digested(req, new Uint8Array(d)), () => report.digested(req, new Uint8Array()));
}

export function verify([, req, name, hash, jwk, signature, data, curve, salt]: Extract<Effect, [T.Verify, ...unknown[]]>, report: Report): void {
  const params = { name, hash, namedCurve: curve ?? undefined, saltLength: salt };
  crypto.subtle.importKey('jwk', jwk, params, false, ['verify'])
    .then((key) => crypto.subtle.verify(params, key, base64url(signature), new TextEncoder().encode(data)))
    .then((ok) => report.verified(req, ok), () => report.verified(req, false));
}

function base64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
