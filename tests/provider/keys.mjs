// Signing keys of the local provider. Generated at start, never written to disk.
// The ring is kept apart from the Provider so that a later admin endpoint can add a key and
// rebuild the Provider with ring.jwks() (oidc-provider copies its keys at construction; storage
// lives in adapter.mjs and survives the rebuild). The newest key is listed first: it signs.
import { generateKeyPairSync, randomUUID } from 'node:crypto';

/** A new RS256 signing key as a private JWK. */
export function generateRsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export function createKeyRing() {
  const keys = [generateRsaKey()];
  return {
    /** Add a key; it becomes the signing key (first in the set). Returns its kid. */
    add(key = generateRsaKey()) {
      keys.unshift(key);
      return key.kid;
    },
    /** Drop a key by kid (tokens it signed stop verifying). */
    remove(kid) {
      const at = keys.findIndex((key) => key.kid === kid);
      if (at >= 0 && keys.length > 1) keys.splice(at, 1);
    },
    /** Private JWKS for the oidc-provider `jwks` option (it publishes only the public parts). */
    jwks() {
      return { keys: keys.map((key) => ({ ...key })) };
    },
    kids() {
      return keys.map((key) => key.kid);
    },
  };
}
