#!/usr/bin/env node
// A local Authing-compatible OpenID provider for tests (Node 20+, oidc-provider v9, plain node:http).
// Listens on loopback only. `node tests/provider/server.mjs --help` lists the options.
//
// Flags (environment variable fallback; defaults in brackets):
//   --port N          PROVIDER_PORT          [4000]  0 picks a free port
//   --host NAME       PROVIDER_HOST          [localhost]  loopback only; used in the issuer
//   --client SPEC     PROVIDER_CLIENTS       repeatable; the env var is ';'-separated
//                     SPEC = id=<client_id>,redirect=<uri>|<uri>...,logout=<uri>|<uri>...
//                     [,extidps=github|wechat|none][,signup=on|off]
//                     [id=demo-app, redirects http://localhost:5173/ (+ index.html, callback.html)]
//   --same-site MODE  PROVIDER_SAMESITE      [lax]  lax|strict|none; with none, Set-Cookie also gets
//                     "Secure" (added here, since oidc-provider refuses Secure cookies over http);
//                     browsers keep such cookies from http://localhost, which is a secure context.
//   --access-ttl S    PROVIDER_ACCESS_TTL    [3600]
//   --id-ttl S        PROVIDER_ID_TTL        [3600]
//   --refresh-ttl S   PROVIDER_REFRESH_TTL   [1209600]
//   --session-ttl S   PROVIDER_SESSION_TTL   [1209600]
//   --verbose         PROVIDER_VERBOSE=1     one line per request on stderr
//   --qr-ttl S        PROVIDER_QR_TTL        [120]  lifetime of QR and push codes (qr.mjs)
//   --qr-web-tokens   PROVIDER_QR_WEB_TOKENS=1  AUTHORIZED QR answers carry a tokenSet besides the ticket
//   --issuer URL      PROVIDER_ISSUER        the issuer as browsers see it (a mapped host name)
//   --path-alias A=B  PROVIDER_PATH_ALIASES  serve path A as B (other clients' endpoint paths)
//   --jwt-access-tokens  PROVIDER_JWT_ACCESS_TOKENS=1  RS256 JWT access tokens, as Authing issues
//   --passcode-cooldown S  PROVIDER_PASSCODE_COOLDOWN  [60]  per target, 0: none (passcode.mjs)
//   --passcode-ttl S  PROVIDER_PASSCODE_TTL  [300]  lifetime of verification codes
//
// Routes: issuer http://HOST:PORT/oidc with Authing's endpoint paths (see oidc.mjs); sign-in pages at
// /interaction/oidc/<uid> (form POSTs to /interaction/oidc/<uid>/login; the consent page of an
// identity source to .../extidp); test endpoints
// GET /__test/stats, POST /__test/reset, POST /__test/faults and POST /__test/rotate-keys (see
// TEST_ROUTES). Test user: test@example.com / Passw0rd! (phone +15555550100; account.mjs).
//   POST /__test/rotate-keys [{"dropOld": true}]: a new signing key signs every token from now on;
//     the old keys stay published in the JWKS unless dropOld. Answers { kid, kids }.
//   POST /__test/faults {"idToken": KIND}: the id_token of every /oidc/token answer is rewritten,
//     KIND = bad-signature | alg-none | unknown-kid | hs256 | wrong-aud | wrong-iss | wrong-nonce |
//     expired; {"token": KIND}: /oidc/token hangs, answers HTML, truncated JSON, 5xx, 429 or 10 MB,
//     or a bad expires_in (see faults.mjs); until reset.
//
// QR-code and push login (qr.mjs, tokens.mjs): Authing's /api/v3/gene-qrcode, check-qrcode-status,
// exchange-tokenset-with-qrcode-ticket, signin-by-push and check-pushcode-status (x-authing-app-id
// required; errors are HTTP 200 envelopes with statusCode 401/400/404), a phone at
// /phone?qrcodeId=ID and /phone/push?pushCodeId=ID, and test endpoints GET|POST /__test/qr,
// GET|POST /__test/push, POST /__test/qr-faults {failStatus, retryAfter}, POST /__test/qr-config
// {ttl, webTokens, expiresField}; /__test/stats gains qr_* / push_* counters and *_times lists.
//
// Credential sign-in (password.mjs): POST /api/v3/signin (connection PASSWORD, passwordEncryptType
// none|rsa, or PASSCODE) answers real tokens; GET /api/v3/system gives the RSA public key (PEM).
// Error apiCodes (2333 wrong password, 429 after 5 of them, 2005 locked@example.com, 1636
// mfa@example.com, 2004/2001 for codes): see password.mjs. /__test/stats gains api_signin* /
// api_system; GET /__test/password-key.
//
// Verification codes and sign-up (passcode.mjs): POST /api/v3/send-sms, /api/v3/send-email (a
// 6-digit code per target, 5 minutes, once; 429 within the cooldown) and /api/v3/signup (PASSWORD
// or PASSCODE; real accounts until reset); test endpoints GET /__test/passcodes, POST
// /__test/passcodes/expire, POST /__test/passcode-config {cooldown, ttl}.
//
// Identity sources (extidp.mjs): GET /api/v3/get-application-enabled-extidps (github, wechat unless
// the client SPEC says extidps=...), /assets/extidp/<identifier>.svg, GET /api/v3/signin-by-extidp
// (to /oidc/auth), and /oidc/auth?ext_idp_conn_id=local-github|local-wechat: a simulated consent
// page (#extidp-authorize signs in as the test user, #extidp-deny: access_denied) at
// /interaction/oidc/<uid> (POSTs to /interaction/oidc/<uid>/extidp).
// Prints exactly one line on stdout, `ready http://HOST:PORT/oidc`, once it can serve requests
// (with --issuer: `ready ISSUER listening http://HOST:PORT`).

// oidc-provider prints its notices with console.info, i.e. on stdout: keep stdout for the ready line.
console.info = console.error;
console.log = console.error;

const { parseOptions, USAGE } = await import('./config.mjs');
const { buildProvider, interactionPath } = await import('./oidc.mjs');
const { createKeyRing } = await import('./keys.mjs');
const { authenticate } = await import('./account.mjs');
const pages = await import('./pages.mjs');
const stats = await import('./stats.mjs');
const { ID_TOKEN_FAULTS, TOKEN_FAULTS, interceptBody, rewriteIdToken, rewriteTokenBody, tokenFault } = await import('./faults.mjs');
const { createQrLogin, extendTestRoutes } = await import('./qr.mjs');
const { createPasswordLogin, extendPasswordTestRoutes } = await import('./password.mjs');
const { createPasscodeLogin, extendPasscodeTestRoutes } = await import('./passcode.mjs');
const { createExtIdps, extendExtIdpTestRoutes } = await import('./extidp.mjs');
const {
  exitOnSignals, isLoopbackOrigin, isLoopbackPeer, listenLoopback, readBody, urlHost, withRequestLog,
} = await import('../support/http.mjs');

const MOUNT = '/oidc';

function sendJson(req, res, status, value) {
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  if (isLoopbackOrigin(req.headers.origin)) headers['Access-Control-Allow-Origin'] = req.headers.origin;
  res.writeHead(status, headers);
  res.end(JSON.stringify(value));
}

/** SameSite=None cookies are dropped by browsers unless Secure; oidc-provider will not send Secure over http. */
function addSecureToCookies(res) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (String(name).toLowerCase() !== 'set-cookie') return setHeader(name, value);
    const secure = (cookie) => (/;\s*secure/i.test(cookie) ? cookie : `${cookie}; secure`);
    return setHeader(name, Array.isArray(value) ? value.map(secure) : secure(value));
  };
}

/** Sign-in pages: /interaction/oidc/<uid>[/login|/abort|/extidp]. */
function createInteractions(getProvider, server) {
  async function autoConsent(provider, req, res, details) {
    const { prompt: { details: missing }, params, session, grantId } = details;
    const grant = (grantId && await provider.Grant.find(grantId))
      || new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const result = { consent: { grantId: await grant.save() } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  function renderLogin(res, details, status, extra = {}) {
    pages.sendHtml(res, status, pages.loginPage({
      action: `${interactionPath(details.uid)}/login`,
      abortUrl: `${interactionPath(details.uid)}/abort`,
      clientId: details.params.client_id,
      ...extra,
    }));
  }

  return async function interaction(req, res, uid, action) {
    const provider = getProvider();
    let details;
    try {
      details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('this sign-in page belongs to another sign-in request');
    } catch (err) {
      const out = { error: 'invalid_request', error_description: `sign-in request not found or expired: ${err.message}` };
      return pages.sendHtml(res, 400, pages.errorPage(out));
    }

    if (action === 'abort') {
      const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
      return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'consent') return autoConsent(provider, req, res, details);
    if (details.prompt.name !== 'login') {
      return pages.sendHtml(res, 501, pages.errorPage({ error: 'not_implemented', prompt: details.prompt.name }));
    }
    // /oidc/auth named an identity source: its consent page instead of the sign-in form (extidp.mjs).
    if (details.params.ext_idp_conn_id !== undefined) {
      return server.extidp.interaction(req, res, { provider, details, action: `${interactionPath(details.uid)}/extidp` });
    }
    if (req.method !== 'POST') {
      stats.count('login_page');
      return renderLogin(res, details, 200);
    }

    stats.count('login_submit');
    const form = new URLSearchParams(await readBody(req));
    const accountId = authenticate(form.get('username'), form.get('password'));
    if (!accountId) {
      return renderLogin(res, details, 401, { username: form.get('username') ?? '', error: 'Wrong username or password.' });
    }
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  };
}

/**
 * /__test/*: JSON endpoints for tests. Add entries here; each gets (req, server) where server is
 * { keyRing, rebuild() } (e.g. key rotation: server.keyRing.add(); server.rebuild()).
 */
const TEST_ROUTES = {
  'GET /__test/stats': () => stats.snapshot(),
  'POST /__test/reset': (req, server) => {
    stats.reset();
    server.faults = {};
    return { ok: true };
  },
  // Misbehaviour on demand, until the next reset: { "hang": ["auth"] } leaves /oidc/auth requests
  // unanswered; { "delayAuthMs": N } answers them N ms late; { "coop": true } sends
  // Cross-Origin-Opener-Policy: same-origin on the sign-in pages; { "idToken": KIND } rewrites the
  // id_token of every /oidc/token answer; { "token": KIND } makes /oidc/token misbehave (KINDs: see
  // faults.mjs and the header of this file).
  'POST /__test/faults': async (req, server) => {
    const faults = JSON.parse((await readBody(req)) || '{}');
    if (faults.idToken !== undefined && !ID_TOKEN_FAULTS.includes(faults.idToken)) {
      return { ok: false, error: `unknown idToken fault ${JSON.stringify(faults.idToken)}`, known: ID_TOKEN_FAULTS };
    }
    if (faults.token !== undefined && !TOKEN_FAULTS.includes(faults.token)) {
      return { ok: false, error: `unknown token fault ${JSON.stringify(faults.token)}`, known: TOKEN_FAULTS };
    }
    server.faults = faults;
    return { ok: true, faults: server.faults };
  },
  // Key rotation: a new signing key, used for every new token; the old ones stay in the JWKS
  // unless { "dropOld": true }. Sessions, grants and tokens survive (they live in adapter.mjs).
  'POST /__test/rotate-keys': async (req, server) => {
    const { dropOld = false } = JSON.parse((await readBody(req)) || '{}');
    const kid = server.keyRing.add();
    if (dropOld) for (const old of server.keyRing.kids().filter((k) => k !== kid)) server.keyRing.remove(old);
    server.rebuild();
    stats.count('rotate_keys');
    return { ok: true, kid, kids: server.keyRing.kids() };
  },
};
// QR/push test routes, and their counters and reset in /__test/stats and /__test/reset (qr.mjs).
extendTestRoutes(TEST_ROUTES);
// Password sign-in test route and counters (password.mjs).
extendPasswordTestRoutes(TEST_ROUTES);
// Verification-code test routes, counters and reset (passcode.mjs); identity-source counters (extidp.mjs).
extendPasscodeTestRoutes(TEST_ROUTES);
extendExtIdpTestRoutes(TEST_ROUTES);

function createHandler(options, server) {
  const getProvider = () => server.provider;
  const interaction = createInteractions(getProvider, server);
  let callback; // provider.callback(), remade when the provider is replaced
  let callbackOf;

  // Never let one failed request take the server down.
  return (req, res) => handle(req, res).catch((err) => {
    process.stderr.write(`request error: ${err.stack}\n`);
    if (!res.headersSent) sendJson(req, res, 500, { error: 'server_error' });
    else res.destroy();
  });

  async function handle(req, res) {
    const provider = getProvider();
    if (!provider) return sendJson(req, res, 503, { error: 'starting' });
    if (options.sameSite === 'none') addSecureToCookies(res);
    let { pathname } = new URL(req.url, 'http://localhost');
    const alias = options.pathAliases.get(pathname);
    if (alias) [req.url, pathname] = [alias + req.url.slice(pathname.length), alias];

    const faults = server.faults ?? {};
    if (faults.hang?.includes('auth') && pathname === `${MOUNT}/auth`) {
      stats.count('auth_hung');
      return undefined; // never answered; the socket closes with the server
    }
    if (faults.delayAuthMs && pathname === `${MOUNT}/auth`) await new Promise((r) => setTimeout(r, faults.delayAuthMs));
    if (faults.coop && pathname.startsWith('/interaction/')) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (faults.token && pathname === `${MOUNT}/token` && req.method === 'POST') {
      const fault = tokenFault(faults.token);
      stats.count('token_fault', faults.token);
      if (fault.hang) return undefined; // never answered; the socket closes with the server
      if (fault.answer) {
        // Readable cross-origin, as the provider's own answers are.
        const cors = req.headers.origin ? { 'access-control-allow-origin': req.headers.origin } : {};
        res.writeHead(fault.answer.status, { ...fault.answer.headers, ...cors });
        return res.end(fault.answer.body);
      }
      interceptBody(res, fault.rewrite);
    }
    if (faults.idToken && pathname === `${MOUNT}/token` && req.method === 'POST') {
      const kind = faults.idToken;
      const signingKey = server.keyRing.jwks().keys[0];
      interceptBody(res, (text) => rewriteTokenBody(text, (jwt) => {
        stats.count('id_token_fault', kind);
        return rewriteIdToken(jwt, kind, { signingKey });
      }));
    }

    if (pathname === MOUNT || pathname.startsWith(`${MOUNT}/`)) {
      if (callbackOf !== provider) [callback, callbackOf] = [provider.callback(), provider];
      // Mount under /oidc: oidc-provider derives its URLs from originalUrl minus url.
      req.originalUrl = req.url;
      req.url = req.url.slice(MOUNT.length) || '/';
      return callback(req, res);
    }

    const match = /^\/interaction\/oidc\/([\w-]+)(?:\/(login|abort|extidp))?\/?$/.exec(pathname);
    if (match && (req.method === 'GET' || (req.method === 'POST' && ['login', 'extidp'].includes(match[2])))) {
      try {
        return await interaction(req, res, match[1], match[2]);
      } catch (err) {
        process.stderr.write(`interaction error: ${err.stack}\n`);
        if (!res.headersSent) pages.sendHtml(res, 500, pages.errorPage({ error: 'server_error' }));
        return undefined;
      }
    }

    // Credential sign-in: POST /api/v3/signin, GET /api/v3/system (password.mjs); codes and sign-up
    // (passcode.mjs); identity sources and their logos (extidp.mjs). Preflights fall through to qr.mjs.
    if (await server.password.handle(req, res, pathname)) return undefined;
    if (await server.passcode.handle(req, res, pathname)) return undefined;
    if (await server.extidp.handle(req, res, pathname)) return undefined;

    // QR-code and push login: /api/v3/*, /phone, /phone/* (qr.mjs). Anything else falls through.
    if (await server.qr.handle(req, res, pathname)) return undefined;

    if (pathname.startsWith('/__test/')) {
      if (!isLoopbackPeer(req)) return sendJson(req, res, 403, { error: 'loopback only' });
      const route = TEST_ROUTES[`${req.method} ${pathname}`];
      if (!route) return sendJson(req, res, 404, { error: 'no such test endpoint', endpoints: Object.keys(TEST_ROUTES) });
      return sendJson(req, res, 200, await route(req, server));
    }

    return sendJson(req, res, 404, { error: 'not found', issuer: provider.issuer });
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = {
    keyRing: createKeyRing(),
    provider: undefined,
    issuer: undefined,
    // A new Provider with the ring's current keys. Sessions, grants and tokens survive: they live
    // in adapter.mjs, not in the Provider.
    rebuild() {
      server.provider = buildProvider(options, { issuer: server.issuer, jwks: server.keyRing.jwks() });
    },
  };
  server.qr = createQrLogin({ options, server });
  server.password = createPasswordLogin({ options, server });
  server.passcode = createPasscodeLogin({ options, server });
  server.extidp = createExtIdps({ options, server });
  // Listen first: with --port 0 the issuer (which names the port) is only known afterwards.
  const listener = await listenLoopback(withRequestLog(createHandler(options, server), options.verbose), options);
  exitOnSignals(listener.close);
  server.issuer = options.issuer ?? `http://${urlHost(options.host)}:${listener.port}${MOUNT}`;
  server.rebuild();
  // With --issuer the browser reaches us through a mapped name: say where we really listen too.
  const listening = options.issuer ? ` listening http://${urlHost(options.host)}:${listener.port}` : '';
  process.stdout.write(`ready ${server.issuer}${listening}\n`);
}

main().catch((err) => {
  process.stderr.write(`provider: ${err.stack}\n`);
  process.exit(1);
});
