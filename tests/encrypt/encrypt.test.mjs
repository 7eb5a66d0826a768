// js/encrypt.ts (RSAES-PKCS1-v1_5 password encryption for passwordEncryptType 'rsa') in Node:
// bundled by esbuild with a stub './index.js' (bundle.mjs). Keys come from node:crypto; the
// ciphertexts are decrypted here with BigInt (tests/support/rsa.mjs; node 20 refuses PKCS#1 v1.5 in privateDecrypt).
// Run: node --test tests/encrypt/
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { before, describe, test } from 'node:test';

import { loadEncrypt } from './bundle.mjs';
import { bigintOf, rsaOpen } from '../support/rsa.mjs';

/** A node:crypto RSA key pair: PEMs in both public formats, the private JWK, n, e, k. */
function rsaKey(modulusLength = 2048, publicExponent = 65537) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength, publicExponent });
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    publicKey,
    privateKey,
    spki: publicKey.export({ type: 'spki', format: 'pem' }),
    pkcs1: publicKey.export({ type: 'pkcs1', format: 'pem' }),
    jwk,
    n: bigintOf(jwk.n),
    e: bigintOf(jwk.e),
    d: bigintOf(jwk.d),
    k: modulusLength / 8,
  };
}

/** A PKCS#1 RSAPublicKey PEM of any n and e (node:crypto will not make weak keys). */
function pkcs1Pem(n, e) {
  const length = (len) => (len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : [0x82, len >> 8, len & 0xff]);
  const integer = (v) => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    let bytes = [...Buffer.from(hex, 'hex')];
    if (bytes[0] & 0x80) bytes = [0, ...bytes];
    return [0x02, ...length(bytes.length), ...bytes];
  };
  const body = [...integer(n), ...integer(e)];
  const der = Buffer.from([0x30, ...length(body.length), ...body]);
  return `-----BEGIN RSA PUBLIC KEY-----\n${der.toString('base64')}\n-----END RSA PUBLIC KEY-----`;
}

/** The raw encryption block EM = 00 02 PS 00 M of a base64 ciphertext (RFC 8017 §7.2.1). */
function openBlock(base64, key) {
  const bytes = Buffer.from(base64, 'base64');
  assert.equal(bytes.length, key.k, 'the ciphertext is exactly k bytes (leading zeros kept)');
  assert.equal(bytes.toString('base64'), base64, 'canonical base64');
  return rsaOpen(bytes, key);
}

/** Checks the block's structure; returns { padding, message }. */
function parseBlock(block) {
  assert.equal(block[0], 0x00);
  assert.equal(block[1], 0x02);
  const end = block.indexOf(0, 2);
  assert.ok(end >= 10, `at least 8 padding bytes (found ${end - 2})`);
  return { padding: block.subarray(2, end), message: block.subarray(end + 1) };
}

describe('js/encrypt.ts', () => {
  let mod;
  let key;
  before(async () => {
    mod = await loadEncrypt();
    key = rsaKey();
  });

  const expectConfigError = (fn, what) => {
    let thrown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, `${what}: expected a rejection`);
    assert.ok(thrown instanceof mod.AuthingError, `${what}: an AuthingError, got ${thrown?.name}: ${thrown?.message}`);
    assert.equal(thrown.code, 'config_error', what);
    assert.ok(thrown.message.length > 10, what);
    return thrown;
  };

  test('parsePublicKey reads SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") PEMs', () => {
    for (const [bits, exponent] of [[1024, 65537], [2048, 65537], [3072, 3], [4096, 65537]]) {
      const k = bits === 2048 ? key : rsaKey(bits, exponent);
      const parsed = mod.parsePublicKey(k.spki);
      assert.equal(parsed.n, k.n, `${bits}: n`);
      assert.equal(parsed.e, k.e, `${bits}: e`);
      assert.equal(parsed.k, bits / 8, `${bits}: k`);
    }
  });

  test('parsePublicKey reads PKCS#1 ("BEGIN RSA PUBLIC KEY") PEMs, and bare base64 or CRLF line ends', () => {
    assert.deepEqual(mod.parsePublicKey(key.pkcs1), { n: key.n, e: key.e, k: key.k });
    assert.deepEqual(mod.parsePublicKey(key.spki.replace(/\n/g, '\r\n')), { n: key.n, e: key.e, k: key.k });
    const bare = key.spki.replace(/-----[^-]+-----|\s/g, '');
    assert.deepEqual(mod.parsePublicKey(bare), { n: key.n, e: key.e, k: key.k });
  });

  test('parsePublicKey rejects what is not an RSA public key with config_error', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const truncated = key.spki.replace(/-----[^-]+-----|\s/g, '').slice(0, 200);
    const cases = {
      empty: '',
      'a word': 'garbage',
      'base64 of text': Buffer.from('hello, this is not DER at all').toString('base64'),
      'a truncated SPKI': truncated,
      'an EC P-256 SPKI': ec.publicKey.export({ type: 'spki', format: 'pem' }),
      'an Ed25519 SPKI': ed.publicKey.export({ type: 'spki', format: 'pem' }),
      'a PKCS#8 RSA private key': key.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      'a PKCS#1 RSA private key': key.privateKey.export({ type: 'pkcs1', format: 'pem' }),
      'a 256-bit RSA modulus': `-----BEGIN RSA PUBLIC KEY-----\n${Buffer.from([
        0x30, 0x26, 0x02, 0x21, 0x00, ...Buffer.alloc(32, 0xff), 0x02, 0x01, 0x03]).toString('base64')}\n-----END RSA PUBLIC KEY-----`,
    };
    for (const [what, pem] of Object.entries(cases)) expectConfigError(() => mod.parsePublicKey(pem), what);
  });

  test('parsePublicKey refuses weak keys with config_error naming the weakness (issue 12.8)', () => {
    const strong = rsaKey(2048);
    const cases = {
      'e = 1 (the "ciphertext" is the padded password)': [strong.n, 1n, /exponent 1\b/],
      'e = 0': [strong.n, 0n, /exponent 0\b/],
      'an even exponent': [strong.n, 65538n, /exponent 65538\b/],
      'e >= n': [strong.n, strong.n + 2n, /exponent/],
      'an even modulus': [strong.n + 1n, 65537n, /modulus is even/],
      'a 512-bit modulus': [rsaKey(512).n, 65537n, /512 bits/],
      'a 1023-bit modulus': [(1n << 1022n) + 1n, 65537n, /1023 bits/],
    };
    for (const [what, [n, e, reason]] of Object.entries(cases)) {
      const error = expectConfigError(() => mod.parsePublicKey(pkcs1Pem(n, e)), what);
      assert.match(error.message, reason, what);
      assert.match(error.message, /refused/, what);
    }
    // The encoder is right: the same n and e of a real key read back as that key.
    assert.deepEqual(mod.parsePublicKey(pkcs1Pem(strong.n, strong.e)), { n: strong.n, e: strong.e, k: strong.k });
  });

  test('parsePublicKey rejects text that is not even base64 with config_error (not a DOMException)', () => {
    for (const pem of ['not a key!', '-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----', 'MIIB*']) {
      expectConfigError(() => mod.parsePublicKey(pem), JSON.stringify(pem));
    }
  });

  test('encryptWithKey: the ciphertext decrypts (BigInt, private key) to the UTF-8 text', () => {
    const parsed = mod.parsePublicKey(key.spki);
    for (const text of ['Passw0rd!', '', 'pässwörd 密码 🔑', 'x'.repeat(key.k - 11)]) {
      const { message } = parseBlock(openBlock(mod.encryptWithKey(parsed, text), key));
      assert.equal(message.toString('utf8'), text);
    }
    // Other key sizes and a small exponent.
    for (const k of [rsaKey(1024), rsaKey(3072, 3)]) {
      const { message } = parseBlock(openBlock(mod.encryptWithKey(mod.parsePublicKey(k.pkcs1), 'Passw0rd!'), k));
      assert.equal(message.toString('utf8'), 'Passw0rd!');
    }
  });

  test('encryptWithKey: the padding is random and never contains a zero byte; no two ciphertexts alike', () => {
    const parsed = mod.parsePublicKey(key.spki);
    const seen = new Set();
    const paddings = new Set();
    for (let i = 0; i < 40; i++) {
      const ciphertext = mod.encryptWithKey(parsed, 'Passw0rd!');
      assert.ok(!seen.has(ciphertext), 'two encryptions of the same text differ');
      seen.add(ciphertext);
      const { padding, message } = parseBlock(openBlock(ciphertext, key));
      assert.equal(padding.length, key.k - 3 - message.length, 'PS fills the block');
      assert.ok(!padding.includes(0), 'no zero byte in PS');
      paddings.add(padding.toString('hex'));
    }
    assert.equal(paddings.size, 40);
  });

  test('encryptWithKey: text longer than k - 11 bytes (UTF-8) -> config_error', () => {
    const parsed = mod.parsePublicKey(key.spki);
    expectConfigError(() => mod.encryptWithKey(parsed, 'x'.repeat(key.k - 10)), 'k - 10 ASCII bytes');
    expectConfigError(() => mod.encryptWithKey(parsed, 'é'.repeat(Math.ceil((key.k - 10) / 2))), 'k - 10 UTF-8 bytes');
    const small = rsaKey(1024);
    expectConfigError(() => mod.encryptWithKey(mod.parsePublicKey(small.spki), 'x'.repeat(118)), '118 bytes under RSA-1024');
    mod.encryptWithKey(mod.parsePublicKey(small.spki), 'x'.repeat(117));
  });

  test('node:crypto\'s own PKCS#1 v1.5 ciphertexts open with the same BigInt check (the helper is right)', () => {
    const ciphertext = publicEncrypt({ key: key.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('Passw0rd!'));
    assert.equal(parseBlock(openBlock(ciphertext.toString('base64'), key)).message.toString(), 'Passw0rd!');
  });

  test('encryptPassword: fetches the key once per client, { password, passwordEncryptType: "rsa" }; a failed fetch is retried', async () => {
    let calls = 0;
    const client = { api: { getSystemInfo: async () => { calls += 1; return { rsa: { publicKey: key.spki }, sm2: { publicKey: '' } }; } } };
    const first = await mod.encryptPassword(client, 'Passw0rd!');
    const second = await mod.encryptPassword(client, 'Passw0rd!');
    assert.equal(calls, 1);
    assert.deepEqual(Object.keys(first).sort(), ['password', 'passwordEncryptType']);
    assert.equal(first.passwordEncryptType, 'rsa');
    assert.notEqual(first.password, second.password);
    assert.equal(parseBlock(openBlock(first.password, key)).message.toString(), 'Passw0rd!');

    let attempts = 0;
    const flaky = {
      api: {
        getSystemInfo: async () => {
          attempts += 1;
          if (attempts === 1) throw new mod.AuthingError('network_error', 'offline');
          return { rsa: { publicKey: key.pkcs1 } };
        },
      },
    };
    await assert.rejects(mod.encryptPassword(flaky, 'pw'), (e) => e.code === 'network_error');
    const ok = await mod.encryptPassword(flaky, 'pw');
    assert.equal(parseBlock(openBlock(ok.password, key)).message.toString(), 'pw');
    assert.equal(attempts, 2);

    // No RSA key in the answer -> config_error.
    const keyless = { api: { getSystemInfo: async () => ({ sm2: { publicKey: '' } }) } };
    await assert.rejects(mod.encryptPassword(keyless, 'pw'), (e) => e instanceof mod.AuthingError && e.code === 'config_error');
  });
});
