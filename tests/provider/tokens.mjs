// Real tokens of the local provider minted outside /oidc/token, for Authing's /api/v3 logins
// (QR-code ticket exchange, push login). Nothing here is a fake: the tokens live where the
// token endpoint's live, and the usual /oidc endpoints accept them.
//
// - A Grant (account + client + OIDC scopes) and an opaque AccessToken are oidc-provider v9
//   models, saved through its adapter (adapter.mjs): /oidc/me, /oidc/token/introspection and
//   /oidc/token/revocation find them like any other. The AccessToken has no `aud` (there are no
//   resource indicators), which is what /oidc/me requires.
// - With offline_access in the scope, a RefreshToken model is saved too; /oidc/token with
//   grant_type=refresh_token rotates it like one from the code flow.
// - The ID token is signed here with node:crypto by the key ring's current (first) key, the key
//   that signs the provider's own tokens and that /oidc/.well-known/jwks.json publishes. Its claims
//   are those /oidc/token would put in (conformIdTokenClaims: false): iss, sub, aud, iat, exp,
//   auth_time, at_hash, and the profile claims released by the granted scopes.
import { createHash, createPrivateKey, sign } from 'node:crypto';

import { findAccount, SCOPE_CLAIMS } from './account.mjs';

const b64url = (value) => Buffer.from(value).toString('base64url');

/** RS256 JWS of `payload` with a private RSA JWK (kid goes in the header). */
export function signRs256(payload, privateJwk) {
  const header = { alg: 'RS256', typ: 'JWT', kid: privateJwk.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const { kty, n, e, d, p, q, dp, dq, qi } = privateJwk;
  const key = createPrivateKey({ key: { kty, n, e, d, p, q, dp, dq, qi }, format: 'jwk' });
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

/** OIDC at_hash: left half of SHA-256 of the access token, base64url. */
export function atHash(accessToken) {
  const digest = createHash('sha256').update(accessToken).digest();
  return b64url(digest.subarray(0, digest.length / 2));
}

/** The account's claims released by `scopes` (a Set), as oidc-provider filters them. */
async function releasedClaims(accountId, scopes) {
  const account = await findAccount(undefined, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  const all = await account.claims();
  const out = {};
  for (const scope of scopes) {
    for (const name of SCOPE_CLAIMS[scope] ?? []) {
      if (all[name] !== undefined) out[name] = all[name];
    }
  }
  return out;
}

/**
 * @param {object} args
 * @param {import('oidc-provider').default} args.provider  the current Provider (server.provider)
 * @param {object} args.signingKey  private JWK that signs (server.keyRing.jwks().keys[0])
 * @param {string} args.clientId
 * @param {string} args.accountId
 * @param {string} args.scope      space-separated; must contain openid
 * @param {string} args.gty        grant type recorded in the tokens (e.g. 'qrcode', 'push')
 * @param {number} args.idTtl      seconds
 * @returns {Promise<{ access_token: string, id_token: string, refresh_token?: string,
 *                     token_type: 'Bearer', expire_in: number, scope: string }>}
 *          expire_in is the access token's lifetime (the spec's spelling, see TEST-IDP.md).
 */
export async function mintTokenSet({ provider, signingKey, clientId, accountId, scope, gty, idTtl }) {
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error(`no client ${clientId}`);
  const scopes = new Set(scope.split(' ').filter(Boolean));
  if (!scopes.has('openid')) throw new Error('scope must contain openid');
  const scopeText = [...scopes].join(' ');
  const authTime = Math.floor(Date.now() / 1000);

  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scopeText);
  const grantId = await grant.save();

  const accessToken = new provider.AccessToken({ accountId, client, grantId, gty, scope: scopeText });
  const access = await accessToken.save();

  let refresh;
  if (scopes.has('offline_access') && client.grantTypeAllowed('refresh_token')) {
    const refreshToken = new provider.RefreshToken({
      accountId, client, grantId, gty, scope: scopeText, authTime, rotations: 0,
    });
    refresh = await refreshToken.save();
  }

  const iat = Math.floor(Date.now() / 1000);
  const idToken = signRs256({
    ...(await releasedClaims(accountId, scopes)),
    sub: accountId,
    iss: provider.issuer,
    aud: clientId,
    iat,
    exp: iat + idTtl,
    auth_time: authTime,
    at_hash: atHash(access),
  }, signingKey);

  return {
    access_token: access,
    id_token: idToken,
    ...(refresh ? { refresh_token: refresh } : {}),
    token_type: 'Bearer',
    expire_in: accessToken.expiration,
    scope: scopeText,
  };
}
