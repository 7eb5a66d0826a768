// BigInt RSA for tests: node 20's privateDecrypt refuses RSAES-PKCS1-v1_5, so the local provider
// (tests/provider/password.mjs) and the encryption tests (tests/encrypt/) open ciphertexts by hand.
// js/encrypt.ts has its own modPow: it is the shipped code, and does not import test helpers.

/** The unsigned big-endian integer of base64url bytes (a JWK's n, e or d); 0n when empty. */
export const bigintOf = (base64url) => BigInt(`0x${Buffer.from(base64url, 'base64url').toString('hex') || '0'}`);

/** base ** exponent mod modulus, by square-and-multiply. */
export function modPow(base, exponent, modulus) {
  let result = 1n;
  base %= modulus;
  for (; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}

/**
 * RSADP and I2OSP (RFC 8017 §5.1.2, §4.1): the k-byte encoded block c^d mod n of the ciphertext
 * `bytes` (a Buffer), leading zeros kept. Throws when c >= n.
 */
export function rsaOpen(bytes, { n, d, k }) {
  const c = BigInt(`0x${bytes.toString('hex')}`);
  if (c >= n) throw new Error('ciphertext out of range');
  return Buffer.from(modPow(c, d, n).toString(16).padStart(k * 2, '0'), 'hex');
}
