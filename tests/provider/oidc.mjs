// The oidc-provider v9 instance, configured like an Authing application's OIDC endpoints.
import { findAccount, SCOPE_CLAIMS } from './account.mjs';
import { MemoryAdapter } from './adapter.mjs';
import { isLoopbackOrigin } from '../support/http.mjs';
import * as pages from './pages.mjs';
import * as stats from './stats.mjs';

// oidc-provider warns "Unsupported runtime" on Node 20 when it is imported; it works, so hide just that line.
async function importOidcProvider() {
  const { warn } = console;
  console.warn = (...args) => {
    if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}
const Provider = await importOidcProvider();

const SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'];

// Route names of oidc-provider -> names in /__test/stats.
const STAT_NAMES = {
  authorization: 'auth',
  resume: 'auth_resume',
  userinfo: 'me',
  end_session: 'session_end',
  end_session_confirm: 'session_end_confirm',
  end_session_success: 'session_end_success',
};

/** Interaction pages live outside /oidc, at Authing's paths. */
export const interactionPath = (uid) => `/interaction/oidc/${uid}`;

/**
 * No consent screen: the grant always covers what the client asks for (Authing's default for
 * first-party apps). offline_access only reaches params.scope when prompt=consent was sent
 * (oidc-provider drops it otherwise), so refresh tokens still need prompt=consent once.
 */
async function loadExistingGrant(ctx) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
  const grant = (grantId && await oidc.provider.Grant.find(grantId))
    || new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
  const scopes = [...oidc.requestParamOIDCScopes];
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(indicator, server.scope);
  }
  await grant.save();
  return grant;
}

/**
 * Refresh tokens for any client allowed the refresh_token grant, whenever offline_access is in
 * the request or was granted before (so a silent prompt=none login, where oidc-provider strips
 * offline_access from the request, still gets a refresh token after an earlier consented login).
 */
async function issueRefreshToken(ctx, client, source) {
  if (!client.grantTypeAllowed('refresh_token')) return false;
  if (source.scopes.has('offline_access')) return true;
  return !!ctx.oidc.entities.Grant?.getOIDCScope().split(' ').includes('offline_access');
}

/** response_mode=web_message (see pages.webMessagePage). Errors come here too. */
function webMessage(ctx, redirectUri, params) {
  ctx.type = 'html';
  ctx.status = 'error' in params ? 400 : 200;
  ctx.remove('X-Frame-Options'); // the silent flow loads this page in an iframe
  ctx.body = pages.webMessagePage(params, new URL(redirectUri).origin);
}

/** Count requests per route (and per grant type at the token endpoint); advertise web_message. */
async function countAndPatch(ctx, next) {
  try {
    await next();
  } finally {
    const route = ctx._matchedRouteName;
    if (route?.startsWith('cors.')) {
      stats.count('preflight', route.slice(5));
    } else if (route === 'token') {
      stats.count('token', ctx.oidc?.params?.grant_type ?? 'unknown');
    } else if (route) {
      stats.count(STAT_NAMES[route] ?? route);
    }
  }
  if (ctx._matchedRouteName === 'discovery' && ctx.status === 200 && ctx.body) {
    ctx.body.response_modes_supported.push('web_message');
  }
}

/**
 * Authing has no RFC 8707: access tokens are opaque and for /oidc/me. With --jwt-access-tokens they
 * are RS256 JWTs (iss, sub, aud, scope, exp, client_id) as Authing issues them, through one implicit
 * resource, <origin>/api, which every authorization uses.
 */
function jwtAccessTokens(options, issuer) {
  if (!options.jwtAccessTokens) return { enabled: false };
  const resource = `${new URL(issuer).origin}/api`;
  return {
    enabled: true,
    defaultResource: () => resource,
    useGrantedResource: () => true,
    getResourceServerInfo: () => ({
      scope: 'openid profile',
      audience: resource,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'RS256' } },
    }),
  };
}

/**
 * @param {object} options   parsed by config.mjs
 * @param {{ issuer: string, jwks: object }} deps
 */
export function buildProvider(options, { issuer, jwks }) {
  const cookie = { httpOnly: true, sameSite: options.sameSite };
  const provider = new Provider(issuer, {
    adapter: MemoryAdapter,
    jwks,
    findAccount,
    clients: options.clients.map((client) => ({
      client_id: client.id,
      client_name: client.id,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: client.redirect,
      post_logout_redirect_uris: client.logout,
      id_token_signed_response_alg: 'RS256',
    })),
    claims: SCOPE_CLAIMS,
    scopes: SCOPES,
    responseTypes: ['code'], // authorization code only, as the SDK uses
    conformIdTokenClaims: false, // profile claims in the ID token, as Authing does
    pkce: { required: () => true }, // S256 is the only method oidc-provider v9 knows
    routes: {
      authorization: '/auth',
      token: '/token',
      userinfo: '/me',
      end_session: '/session/end',
      revocation: '/token/revocation',
      introspection: '/token/introspection',
      jwks: '/.well-known/jwks.json',
    },
    features: {
      devInteractions: { enabled: false }, // our own pages, see server.mjs
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: jwtAccessTokens(options, issuer),
      userinfo: { enabled: true },
      // The built-in web_message mode must stay off: the first registered handler of a name wins.
      webMessageResponseMode: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => { ctx.type = 'html'; ctx.body = pages.logoutPage(form); },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = pages.signedOutPage(ctx.oidc.client?.clientId);
        },
      },
      deviceFlow: {
        enabled: false,
        userCodeInputSource: async (ctx, form, _out, err) => {
          ctx.type = 'html';
          ctx.body = pages.deviceInputPage(form, err && 'That code did not work. Try again.');
        },
        userCodeConfirmSource: async (ctx, form, _client, _info, userCode) => {
          ctx.type = 'html';
          ctx.body = pages.deviceConfirmPage(form, userCode);
        },
        successSource: async (ctx) => { ctx.type = 'html'; ctx.body = pages.deviceSuccessPage(); },
      },
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid) },
    // Authing's social sign-in parameter: kept in the interaction's params, where server.mjs sends
    // the sign-in to the named identity source's consent page (extidp.mjs).
    extraParams: ['ext_idp_conn_id'],
    loadExistingGrant,
    issueRefreshToken,
    // Rotation for public clients and replay detection are oidc-provider's defaults; kept.
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = pages.errorPage(out); },
    cookies: { long: cookie, short: cookie },
    ttl: {
      AccessToken: options.accessTtl,
      IdToken: options.idTtl,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: options.sessionTtl,
      Grant: Math.max(options.refreshTtl, options.sessionTtl),
      // A rotated refresh token keeps the remaining lifetime of the one it replaces (absolute expiry).
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? options.refreshTtl,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
  });

  provider.registerResponseMode('web_message', webMessage);
  provider.use(countAndPatch);
  // Unexpected failures always go to stderr, with or without --verbose.
  provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error: ${err.stack}\n`));
  return provider;
}
