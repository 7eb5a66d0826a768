// Authing's external identity sources ("social sign-in") for the local provider: the app's list,
// their logos, and a simulated third-party consent page in the OIDC sign-in. Mounted by server.mjs:
//   server.extidp = createExtIdps({ options, server });
//   if (await server.extidp.handle(req, res, pathname)) return;   (false for anything else)
//   extendExtIdpTestRoutes(TEST_ROUTES);
//   an interaction whose /oidc/auth had ext_idp_conn_id: server.extidp.interaction(...)
//
// Identity sources (IDENTITY_SOURCES): github (extIdpId local-github, 'GitHub') and wechat
// (local-wechat, name '微信', name_en 'WeChat'), both type = identifier, extIdpType 'social'. An app
// has both unless its client SPEC says extidps=github|wechat or extidps=none (config.mjs).
//
// API:
//   GET /api/v3/get-application-enabled-extidps (x-authing-app-id required; 40101/40102 otherwise)
//       -> GetExtIdpsRespDto envelope, data = the app's sources as ExtIdpInfoDto: { identifier,
//       extIdpId, type, extIdpType, name, name_en, logo: <origin>/assets/extidp/<identifier>.svg,
//       bindUrl: <origin>/api/v3/signin-by-extidp?ext_idp_conn_id=<extIdpId> } (origin: the
//       issuer's, as browsers see it).
//   GET /api/v3/signin-by-extidp?... -> 302 to <issuer>/auth with the same query (Authing starts
//       the same sign-in there: pass the OIDC parameters along with ext_idp_conn_id).
//   GET /assets/extidp/<identifier>.svg -> the logo (image/svg+xml, Access-Control-Allow-Origin *).
//
// OIDC: /oidc/auth takes ext_idp_conn_id (oidc.mjs extraParams). When a sign-in is needed and it
// names an extIdpId enabled for the client, the interaction page is the source's simulated consent
// page (pages.extIdpConsentPage, title 'Sign in with <name_en> (simulated)'): #extidp-authorize
// signs in as the test user (a real login: session cookie, then the code, web_message or redirect
// answer as usual), #extidp-deny ends the authorization with access_denied. Any other value: an
// error page (#error-error invalid_request, #error-error_description naming the value) that ends
// the authorization at once with that error (the form POSTs itself). With a live session no
// sign-in is needed and ext_idp_conn_id is not looked at (oidc-provider's SSO, as Authing's).
//
// Test routes: /__test/stats gains api_extidps, signin_by_extidp, extidp_page (consent pages shown),
// extidp_authorize, extidp_deny and extidp_unknown (error pages); /__test/reset zeroes them.
import { TEST_USER } from './account.mjs';
import { sendData, serveWithAppId } from './envelope.mjs';
import { extIdpConsentPage, extIdpErrorPage, sendHtml } from './pages.mjs';
import { extendModuleTestRoutes } from './stats.mjs';
import { readBody } from '../support/http.mjs';

export const IDENTITY_SOURCES = Object.freeze({
  github: Object.freeze({ identifier: 'github', extIdpId: 'local-github', type: 'github', extIdpType: 'social', name: 'GitHub', name_en: 'GitHub' }),
  wechat: Object.freeze({ identifier: 'wechat', extIdpId: 'local-wechat', type: 'wechat', extIdpType: 'social', name: '微信', name_en: 'WeChat' }),
});

// Hand-drawn stand-ins, not the brands' marks.
const LOGOS = {
  github: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    + '<circle cx="32" cy="32" r="32" fill="#24292f"/><path d="M20 44V26l6-6 6 5 6-5 6 6v18H20Z" fill="#fff"/></svg>',
  wechat: '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    + '<rect width="64" height="64" rx="14" fill="#07c160"/><ellipse cx="26" cy="28" rx="14" ry="11" fill="#fff"/>'
    + '<ellipse cx="40" cy="38" rx="12" ry="9" fill="#fff" stroke="#07c160" stroke-width="2"/></svg>',
};

const initialStats = () => ({
  api_extidps: 0, signin_by_extidp: 0, extidp_page: 0, extidp_authorize: 0, extidp_deny: 0, extidp_unknown: 0,
});

/**
 * @param {{ options: object, server: { issuer: string } }} deps  options.clients (their extidps,
 *        config.mjs), server.issuer read at each request.
 */
export function createExtIdps({ options, server }) {
  let counts = initialStats();
  const origin = () => new URL(server.issuer).origin;

  /** The ExtIdpInfoDto list of a client's sources. */
  function enabledFor(clientId) {
    const client = options.clients.find((candidate) => candidate.id === clientId);
    return (client?.extidps ?? Object.keys(IDENTITY_SOURCES)).map((identifier) => ({
      ...IDENTITY_SOURCES[identifier],
      logo: `${origin()}/assets/extidp/${identifier}.svg`,
      bindUrl: `${origin()}/api/v3/signin-by-extidp?ext_idp_conn_id=${IDENTITY_SOURCES[identifier].extIdpId}`,
    }));
  }

  const ROUTES = {
    'GET /api/v3/get-application-enabled-extidps': (req, res, clientId) => {
      counts.api_extidps += 1;
      return sendData(req, res, enabledFor(clientId));
    },
  };

  function logo(res, identifier) {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    res.end(LOGOS[identifier]);
    return true;
  }

  function signInByExtIdp(req, res) {
    counts.signin_by_extidp += 1;
    const { search } = new URL(req.url, 'http://localhost');
    res.writeHead(302, { Location: `${server.issuer.replace(/\/$/, '')}/auth${search}`, 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }

  return {
    /** Serves the routes of the header; resolves false for anything else. */
    async handle(req, res, pathname) {
      const asset = /^\/assets\/extidp\/(\w+)\.svg$/.exec(pathname);
      if (req.method === 'GET' && asset && LOGOS[asset[1]]) return logo(res, asset[1]);
      if (req.method === 'GET' && pathname === '/api/v3/signin-by-extidp') return signInByExtIdp(req, res);
      return serveWithAppId(ROUTES, req, res, pathname, options.clients);
    },

    /**
     * A login interaction whose authorization request had ext_idp_conn_id (server.mjs): GET shows
     * the consent or error page, POST (decision=authorize|deny, to `action`) finishes it.
     */
    async interaction(req, res, { provider, details, action }) {
      const { client_id: clientId, ext_idp_conn_id: connId } = details.params;
      const source = enabledFor(clientId).find((candidate) => candidate.extIdpId === connId);
      const finish = (result) => provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      if (!source) {
        const out = { error: 'invalid_request', error_description: `ext_idp_conn_id ${JSON.stringify(connId)} is not an identity source enabled for ${clientId}` };
        if (req.method !== 'POST') {
          counts.extidp_unknown += 1;
          return sendHtml(res, 400, extIdpErrorPage({ action, out }));
        }
        return finish(out);
      }
      const page = (status, error) => sendHtml(res, status, extIdpConsentPage({ action, source, clientId, account: TEST_USER.username, error }));
      if (req.method !== 'POST') {
        counts.extidp_page += 1;
        return page(200);
      }
      const decision = new URLSearchParams(await readBody(req)).get('decision');
      if (decision === 'authorize') {
        counts.extidp_authorize += 1;
        return finish({ login: { accountId: TEST_USER.sub } });
      }
      if (decision === 'deny') {
        counts.extidp_deny += 1;
        return finish({ error: 'access_denied', error_description: `the user denied ${source.name_en} access` });
      }
      return page(400, 'Choose Authorize or Deny.');
    },

    stats: () => ({ ...counts }),
    reset() {
      counts = initialStats();
    },
  };
}

/** Adds this module's counters and reset to /__test/stats and /__test/reset. */
export function extendExtIdpTestRoutes(routes) {
  extendModuleTestRoutes(routes, 'extidp');
}
