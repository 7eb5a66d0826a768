// Password encryption for Authing's `passwordEncryptType: 'rsa'`: the password is encrypted with
// the server's RSA public key (from /api/v3/system) using RSAES-PKCS1-v1_5, the scheme Authing
// decrypts. WebCrypto has no PKCS#1 v1.5 *encryption* (only RSA-OAEP), so this is done with BigInt.
// An optional entry point: `import { encryptPassword } from 'authing-wasm/encrypt'`.
import { AuthingError, type AuthingClient } from './index.js';

export interface EncryptedPassword {
  password: string;
  passwordEncryptType: 'rsa';
}

const keys = new WeakMap<AuthingClient, Promise<RsaKey>>();

/**
 * `password`, encrypted for the Authing app of `authing` (its RSA key is fetched once per client).
 * Spread the result into sign-in or password inputs: `{ ...await encryptPassword(authing, pw) }`.
 * SM2 (`passwordEncryptType: 'sm2'`) is not offered: no audited SM2 implementation is small enough.
 */
export async function encryptPassword(authing: AuthingClient, password: string): Promise<EncryptedPassword> {
  let key = keys.get(authing);
  if (!key) {
    key = authing.api.getSystemInfo().then((info) => parsePublicKey(info.rsa?.publicKey ?? ''));
    keys.set(authing, key);
    key.catch(() => keys.delete(authing)); // a failed fetch is tried again next time
  }
  return { password: encryptWithKey(await key, password), passwordEncryptType: 'rsa' };
}

export interface RsaKey {
  n: bigint;
  e: bigint;
  /** The modulus length in bytes. */
  k: number;
}

/** An RSA public key from PEM: SubjectPublicKeyInfo (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`). */
export function parsePublicKey(pem: string): RsaKey {
  let key: RsaKey;
  try {
    const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    let [tag, body] = read(der, 0);
    if (tag !== 0x30) throw 0;
    let [first, firstBody, next] = read(der, body);
    if (first === 0x30 && der[firstBody] === 0x06) {
      // SPKI: skip the algorithm, open the BIT STRING (its first byte counts unused bits).
      [tag, body] = read(der, next);
      if (tag !== 0x03) throw 0;
      [tag, body] = read(der, body + 1);
      [first, firstBody, next] = read(der, body);
    }
    const n = integer(der, firstBody, next);
    const [, eBody, eEnd] = read(der, next);
    const e = integer(der, eBody, eEnd);
    if (first !== 0x02) throw 0;
    key = { n, e, k: Math.ceil(n.toString(16).length / 2) };
  } catch {
    throw new AuthingError('config_error', 'The RSA public key from /api/v3/system could not be read (expected a PEM RSA public key).');
  }
  const weakness = weaknessOf(key);
  if (weakness) throw new AuthingError('config_error', `The RSA public key from /api/v3/system is refused: ${weakness}, so it would not protect the password.`);
  return key;
}

/** Why a key cannot keep a password secret (e = 1 leaves the block readable), or '' when it can. */
function weaknessOf({ n, e }: RsaKey): string {
  const bits = n.toString(2).length;
  if (bits < 1024) return `its modulus has ${bits} bits (at least 1024 are needed)`;
  if (!(n & 1n)) return 'its modulus is even';
  if (e < 3n || !(e & 1n) || e >= n) return `its public exponent ${e} is not an odd number from 3 to the modulus`;
  return '';
}

/** RSAES-PKCS1-v1_5 (RFC 8017 §7.2.1) with random non-zero padding, as base64. */
export function encryptWithKey({ n, e, k }: RsaKey, text: string): string {
  const message = new TextEncoder().encode(text);
  if (message.length > k - 11) throw new AuthingError('config_error', 'The password is too long to encrypt with this RSA key.');
  const block = new Uint8Array(k);
  block[1] = 2;
  const padding = block.subarray(2, k - message.length - 1);
  crypto.getRandomValues(padding);
  for (let i = 0; i < padding.length; i++) {
    while (padding[i] === 0) padding[i] = crypto.getRandomValues(new Uint8Array(1))[0];
  }
  block.set(message, k - message.length);
  const c = modPow(BigInt('0x' + hex(block)), e, n);
  const out = c.toString(16).padStart(k * 2, '0');
  return btoa(String.fromCharCode(...out.match(/../g)!.map((h) => parseInt(h, 16))));
}

/** DER: [tag, start of contents, end of contents] of the element at `at`. */
function read(der: Uint8Array, at: number): [number, number, number] {
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i];
    start += bytes;
  }
  if (start + length > der.length) throw 0;
  return [der[at], start, start + length];
}

function integer(der: Uint8Array, start: number, end: number): bigint {
  return BigInt('0x' + (hex(der.subarray(start, end)) || '0'));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  for (; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}
