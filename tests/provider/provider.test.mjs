// The local OpenID provider, driven by plain Node fetch the way a browser would drive it.
// Run: node --test tests/provider/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { startProvider, TEST_USER } from './index.mjs';
import {
  CookieJar, decodeJwt, parseForm, pkce, postForm, signIn, verifyRs256,
} from './flow.mjs';

const APP = 'http://localhost:5173';
const REDIRECT = `${APP}/callback.html`; // registered for demo-app by default
const USER = { username: TEST_USER.username, password: TEST_USER.password };

/** Run a page's inline <script> against fake windows; returns what it did. */
function runPageScript(page, { opener }) {
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1];
  assert.ok(script, 'page has an inline script');
  const posted = [];
  const target = (name) => ({ postMessage: (message, origin) => posted.push({ to: name, message, origin }) });
  const window = { opener: opener ? target('opener') : null, parent: target('parent'), closed: false };
  window.close = () => { window.closed = true; };
  vm.runInNewContext(script, { window });
  // JSON round trip: objects built inside the vm have the other realm's prototypes.
  return { posted: JSON.parse(JSON.stringify(posted)), closed: window.closed };
}

describe('local Authing-shaped provider (default configuration)', () => {
  let provider;
  let discovery;

  before(async () => {
    provider = await startProvider();
  });
  after(() => provider?.stop());

  const token = (fields, headers) => postForm(`${provider.issuer}/token`, { client_id: 'demo-app', ...fields }, headers);

  test('discovery names Authing\'s endpoints, S256 and web_message', async () => {
    assert.match(provider.issuer, /^http:\/\/localhost:\d+\/oidc$/);
    const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`, { headers: { origin: 'http://127.0.0.1:3000' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:3000');
    discovery = await response.json();
    const at = (path) => `${provider.issuer}${path}`;
    assert.equal(discovery.issuer, provider.issuer);
    assert.equal(discovery.authorization_endpoint, at('/auth'));
    assert.equal(discovery.token_endpoint, at('/token'));
    assert.equal(discovery.userinfo_endpoint, at('/me'));
    assert.equal(discovery.end_session_endpoint, at('/session/end'));
    assert.equal(discovery.revocation_endpoint, at('/token/revocation'));
    assert.equal(discovery.introspection_endpoint, at('/token/introspection'));
    assert.equal(discovery.jwks_uri, at('/.well-known/jwks.json'));
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
    assert.ok(discovery.response_modes_supported.includes('web_message'));
    assert.ok(discovery.response_modes_supported.includes('query'));
    assert.deepEqual(discovery.response_types_supported, ['code']);
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok(discovery.scopes_supported.includes('offline_access'));

    const jwks = await (await fetch(discovery.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].alg, 'RS256');
    assert.equal(jwks.keys[0].d, undefined, 'no private key material is published');
  });

  test('code + PKCE: sign-in form, token, userinfo, refresh rotation, replay revokes', async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const params = new URLSearchParams({
      client_id: 'demo-app', redirect_uri: REDIRECT, response_type: 'code',
      scope: 'openid profile email phone offline_access', prompt: 'consent',
      state: 'state-1', nonce: 'nonce-1', code_challenge: challenge, code_challenge_method: 'S256',
    });

    // /oidc/auth -> the sign-in page at Authing's interaction path.
    const start = await jar.follow(`${provider.issuer}/auth?${params}`, REDIRECT);
    assert.equal(start.response.status, 200);
    assert.match(start.url, new RegExp(`^${provider.url}/interaction/oidc/[\\w-]+$`));
    const page = await start.response.text();
    assert.match(page, /<input name="username"/);
    assert.match(page, /<input name="password"[^>]*type="password"/);
    assert.match(page, /<button type="submit" id="login-submit">/);
    assert.doesNotMatch(page, /https?:\/\/(?!localhost)/, 'nothing is loaded from elsewhere');
    const form = parseForm(page, start.url);
    assert.equal(form.action, `${start.url}/login`);

    // A wrong password shows the form again with an error.
    const wrong = await jar.fetch(form.action, { method: 'POST', body: new URLSearchParams({ ...USER, password: 'nope' }) });
    assert.equal(wrong.status, 401);
    const wrongPage = await wrong.text();
    assert.match(wrongPage, /id="login-error"[^>]*>Wrong username or password\.</);
    assert.match(wrongPage, /value="test@example\.com"/);

    // The right one ends at the redirect URI with a code (consent is granted without a screen).
    const done = await jar.follow(form.action, REDIRECT, { method: 'POST', body: new URLSearchParams(USER) });
    assert.ok(done.url.startsWith(`${REDIRECT}?`), done.url);
    const callback = new URL(done.url).searchParams;
    assert.equal(callback.get('state'), 'state-1');
    assert.equal(callback.get('iss'), provider.issuer);
    assert.ok(callback.get('code'));

    const exchanged = await token({
      grant_type: 'authorization_code', code: callback.get('code'), redirect_uri: REDIRECT, code_verifier: verifier,
    }, { origin: APP });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    assert.equal(exchanged.headers.get('access-control-allow-origin'), APP);
    const tokens = exchanged.body;
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 3600);
    assert.equal(tokens.scope, 'openid profile email phone offline_access');
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);

    // ID token: RS256 from the published key, profile claims included (conformIdTokenClaims: false).
    const jwks = await (await fetch(`${provider.issuer}/.well-known/jwks.json`)).json();
    const claims = verifyRs256(tokens.id_token, jwks);
    assert.equal(claims.iss, provider.issuer);
    assert.equal(claims.aud, 'demo-app');
    assert.equal(claims.sub, 'user-test-1');
    assert.equal(claims.nonce, 'nonce-1');
    assert.equal(claims.name, 'Test User');
    assert.equal(claims.email, 'test@example.com');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(claims.picture, undefined);

    const me = await fetch(`${provider.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}`, origin: APP } });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('access-control-allow-origin'), APP);
    assert.deepEqual(await me.json(), {
      sub: 'user-test-1', name: 'Test User', preferred_username: 'testuser', email: 'test@example.com',
      email_verified: true, phone_number: '+15555550100', phone_number_verified: false,
    });

    // Refresh: a new refresh token each time (rotation for public clients).
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body.refresh_token, tokens.refresh_token);
    assert.notEqual(refreshed.body.access_token, tokens.access_token);
    assert.equal(refreshed.body.expires_in, 3600);
    assert.equal(decodeJwt(refreshed.body.id_token).payload.sub, 'user-test-1');

    // The old refresh token is spent: invalid_grant, and the replay revokes the whole grant.
    const replay = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(replay.status, 400);
    assert.deepEqual(replay.body, { error: 'invalid_grant', error_description: 'grant request is invalid' });
    const afterReplay = await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
    assert.equal(afterReplay.body.error, 'invalid_grant');
    const revokedAccess = await fetch(`${provider.issuer}/me`, { headers: { authorization: `Bearer ${refreshed.body.access_token}` } });
    assert.equal(revokedAccess.status, 401);
  });

  test('a wrong code_verifier and a missing code_challenge are refused', async () => {
    const jar = new CookieJar();
    const signedIn = await signIn(jar, provider.issuer, { redirectUri: REDIRECT, ...USER });
    const bad = await token({
      grant_type: 'authorization_code', code: signedIn.code, redirect_uri: REDIRECT, code_verifier: pkce().verifier,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_grant');

    const params = new URLSearchParams({
      client_id: 'demo-app', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'no-pkce',
    });
    const response = await fetch(`${provider.issuer}/auth?${params}`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location'));
    assert.equal(location.origin + location.pathname, REDIRECT);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description'), /PKCE/);
    assert.equal(location.searchParams.get('state'), 'no-pkce');
    assert.equal(location.searchParams.get('code'), null);
  });

  test('web_message posts the response to the redirect URI\'s origin; errors too', async () => {
    const jar = new CookieJar();
    await signIn(jar, provider.issuer, { redirectUri: REDIRECT, ...USER });
    const { challenge } = pkce();
    const params = new URLSearchParams({
      client_id: 'demo-app', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile',
      prompt: 'none', response_mode: 'web_message', state: 'wm-1', nonce: 'n',
      code_challenge: challenge, code_challenge_method: 'S256',
    });

    const ok = await jar.fetch(`${provider.issuer}/auth?${params}`);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type'), /^text\/html/);
    assert.equal(ok.headers.get('x-frame-options'), null);
    const okPage = await ok.text();

    // In a popup: posts to the opener, then closes itself.
    const popup = runPageScript(okPage, { opener: true });
    assert.equal(popup.posted.length, 1);
    assert.equal(popup.posted[0].to, 'opener');
    assert.equal(popup.posted[0].origin, APP);
    assert.equal(popup.posted[0].message.type, 'authorization_response');
    assert.equal(popup.posted[0].message.response.state, 'wm-1');
    assert.equal(popup.posted[0].message.response.iss, provider.issuer);
    assert.match(popup.posted[0].message.response.code, /^[\w-]{20,}$/);
    assert.equal(popup.closed, true);

    // In an iframe: posts to the parent and stays.
    const frame = runPageScript(okPage, { opener: false });
    assert.deepEqual(frame.posted.map((p) => [p.to, p.origin]), [['parent', APP]]);
    assert.equal(frame.closed, false);

    // Without a session: login_required, through the same mode.
    const anonymous = await fetch(`${provider.issuer}/auth?${params}`);
    assert.equal(anonymous.status, 400);
    const denied = runPageScript(await anonymous.text(), { opener: false }).posted;
    assert.equal(denied.length, 1);
    assert.equal(denied[0].origin, APP);
    assert.deepEqual(denied[0].message, {
      type: 'authorization_response',
      response: {
        error: 'login_required', error_description: 'End-User authentication is required',
        state: 'wm-1', iss: provider.issuer,
      },
    });
  });

  test('a silent login after a consented offline_access grant also gets a refresh token', async () => {
    const jar = new CookieJar();
    const first = await signIn(jar, provider.issuer, {
      redirectUri: REDIRECT, scope: 'openid offline_access', prompt: 'consent', ...USER,
    });
    const firstTokens = await token({
      grant_type: 'authorization_code', code: first.code, redirect_uri: REDIRECT, code_verifier: first.verifier,
    });
    assert.ok(firstTokens.body.refresh_token);

    const silent = await signIn(jar, provider.issuer, { redirectUri: REDIRECT, scope: 'openid offline_access', prompt: 'none' });
    const silentTokens = await token({
      grant_type: 'authorization_code', code: silent.code, redirect_uri: REDIRECT, code_verifier: silent.verifier,
    });
    assert.equal(silentTokens.status, 200);
    assert.ok(silentTokens.body.refresh_token, JSON.stringify(silentTokens.body));

    // Without offline_access ever granted there is none.
    const plainJar = new CookieJar();
    const plain = await signIn(plainJar, provider.issuer, { redirectUri: REDIRECT, scope: 'openid offline_access', ...USER });
    const plainTokens = await token({
      grant_type: 'authorization_code', code: plain.code, redirect_uri: REDIRECT, code_verifier: plain.verifier,
    });
    assert.equal(plainTokens.status, 200);
    assert.equal(plainTokens.body.refresh_token, undefined);
    assert.equal(plainTokens.body.scope, 'openid');
  });

  test('CORS: any loopback origin may call the token endpoint; other origins may not', async () => {
    const preflight = await fetch(`${provider.issuer}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);

    const foreign = await token({ grant_type: 'refresh_token', refresh_token: 'x' }, { origin: 'https://app.example.com' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error, 'invalid_request');
    assert.match(foreign.body.error_description, /origin https:\/\/app\.example\.com not allowed/);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  test('/__test/stats counts requests per route and grant type; /__test/reset zeroes them', async () => {
    const reset = await fetch(`${provider.url}/__test/reset`, { method: 'POST' });
    assert.deepEqual(await reset.json(), { ok: true });

    const jar = new CookieJar();
    const signedIn = await signIn(jar, provider.issuer, { redirectUri: REDIRECT, scope: 'openid offline_access', prompt: 'consent', ...USER });
    const tokens = await token({
      grant_type: 'authorization_code', code: signedIn.code, redirect_uri: REDIRECT, code_verifier: signedIn.verifier,
    });
    await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token });
    await token({ grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    await fetch(`${provider.issuer}/me`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    await postForm(`${provider.issuer}/token/revocation`, { token: tokens.body.access_token, client_id: 'demo-app' });

    const stats = await (await fetch(`${provider.url}/__test/stats`)).json();
    assert.deepEqual(stats.token, { authorization_code: 1, refresh_token: 2 });
    assert.equal(stats.auth, 1);
    assert.equal(stats.auth_resume, 2); // after the login, and after the automatic consent
    assert.equal(stats.login_page, 1);
    assert.equal(stats.login_submit, 1);
    assert.equal(stats.me, 1);
    assert.equal(stats.revocation, 1);
    assert.equal(stats.session_end, 0);

    await fetch(`${provider.url}/__test/reset`, { method: 'POST' });
    const zero = await (await fetch(`${provider.url}/__test/stats`)).json();
    assert.deepEqual(zero.token, { authorization_code: 0, refresh_token: 0 });
    assert.equal(zero.auth + zero.me + zero.revocation + zero.login_submit, 0);

    const unknown = await fetch(`${provider.url}/__test/nothing`);
    assert.equal(unknown.status, 404);
  });

  test('session/end signs out without a click and returns to post_logout_redirect_uri with state', async () => {
    const jar = new CookieJar();
    const signedIn = await signIn(jar, provider.issuer, { redirectUri: REDIRECT, scope: 'openid offline_access', prompt: 'consent', ...USER });
    const tokens = (await token({
      grant_type: 'authorization_code', code: signedIn.code, redirect_uri: REDIRECT, code_verifier: signedIn.verifier,
    })).body;
    assert.ok([...jar.cookies.values()].some((c) => c.name === '_session'));

    const params = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: `${APP}/`, state: 'bye' });
    const confirm = await jar.fetch(`${provider.issuer}/session/end?${params}`);
    assert.equal(confirm.status, 200);
    const page = await confirm.text();

    // The page submits its own form on load (a browser needs no click): check the script does it.
    const form = parseForm(page, `${provider.issuer}/session/end`);
    assert.equal(form.action, `${provider.issuer}/session/end/confirm`);
    assert.equal(form.inputs.logout, 'yes');
    let submitted = null;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)[1];
    vm.runInNewContext(script, { document: { getElementById: (id) => ({ submit: () => { submitted = id; } }) } });
    assert.equal(submitted, 'op.logoutForm');

    const bye = await jar.fetch(form.action, { method: 'POST', body: new URLSearchParams(form.inputs) });
    assert.equal(bye.status, 303);
    assert.equal(bye.headers.get('location'), `${APP}/?state=bye`);
    assert.ok(![...jar.cookies.values()].some((c) => c.name === '_session'), 'session cookie cleared');

    // Signed out at the provider: silent auth needs a login.
    const { challenge } = pkce();
    const silent = await jar.fetch(`${provider.issuer}/auth?${new URLSearchParams({
      client_id: 'demo-app', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', prompt: 'none',
      state: 's', code_challenge: challenge, code_challenge_method: 'S256',
    })}`);
    assert.equal(new URL(silent.headers.get('location')).searchParams.get('error'), 'login_required');

    // An offline_access grant outlives the session (oidc-provider: persistsLogout), so its refresh
    // token still works after logout until it is revoked at /oidc/token/revocation.
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refresh.status, 200);
    const revoked = await postForm(`${provider.issuer}/token/revocation`, {
      token: refresh.body.refresh_token, token_type_hint: 'refresh_token', client_id: 'demo-app',
    }, { origin: APP });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body, '');
    assert.equal(revoked.headers.get('access-control-allow-origin'), APP);
    const afterRevoke = await token({ grant_type: 'refresh_token', refresh_token: refresh.body.refresh_token });
    assert.equal(afterRevoke.body.error, 'invalid_grant');
  });

  test('session/end without a valid post_logout_redirect_uri shows a plain page', async () => {
    const jar = new CookieJar();
    const unregistered = await jar.fetch(`${provider.issuer}/session/end?${new URLSearchParams({
      client_id: 'demo-app', post_logout_redirect_uri: 'http://localhost:9/elsewhere',
    })}`, { headers: { accept: 'text/html' } });
    assert.equal(unregistered.status, 400);
    const errorPage = await unregistered.text();
    assert.match(errorPage, /id="error-error_description">post_logout_redirect_uri not registered</);
    assert.doesNotMatch(errorPage, /fonts\.googleapis|@import/);

    const start = await jar.fetch(`${provider.issuer}/session/end`);
    const form = parseForm(await start.text(), `${provider.issuer}/session/end`);
    const done = await jar.follow(form.action, 'http://never.invalid/', { method: 'POST', body: new URLSearchParams(form.inputs) });
    assert.equal(done.url, `${provider.issuer}/session/end/success`);
    assert.match(await done.response.text(), /<h1 id="signed-out">Signed out<\/h1>/);
  });
});

describe('provider options and process handling', () => {
  test('--help documents every flag and environment variable', () => {
    const server = fileURLToPath(new URL('./server.mjs', import.meta.url));
    const help = execFileSync(process.execPath, [server, '--help'], { encoding: 'utf8' });
    for (const word of ['--port', '--host', '--client', '--same-site', '--access-ttl', '--id-ttl', '--refresh-ttl',
      '--session-ttl', '--verbose', '--issuer', '--path-alias', '--jwt-access-tokens', 'PROVIDER_ISSUER',
      'PROVIDER_PATH_ALIASES', 'PROVIDER_JWT_ACCESS_TOKENS', 'PROVIDER_PORT', 'PROVIDER_HOST', 'PROVIDER_CLIENTS', 'PROVIDER_SAMESITE',
      'PROVIDER_ACCESS_TTL', 'PROVIDER_ID_TTL', 'PROVIDER_REFRESH_TTL', 'PROVIDER_SESSION_TTL', '--passcode-cooldown',
      'PROVIDER_PASSCODE_COOLDOWN', '--passcode-ttl', 'PROVIDER_PASSCODE_TTL', 'extidps=', 'signup=off']) {
      assert.ok(help.includes(word), `--help mentions ${word}`);
    }
  });

  test('custom client on 127.0.0.1, TTLs and SameSite=None; stop() ends the process', async () => {
    const redirect = 'http://127.0.0.1:8123/cb';
    const provider = await startProvider({
      host: '127.0.0.1',
      clients: [{ id: 'spa-2', redirect: [redirect], logout: ['http://127.0.0.1:8123/'] }],
      sameSite: 'none',
      accessTtl: 120,
      idTtl: 300,
    });
    try {
      assert.match(provider.issuer, /^http:\/\/127\.0\.0\.1:\d+\/oidc$/);
      const jar = new CookieJar();
      const signedIn = await signIn(jar, provider.issuer, { clientId: 'spa-2', redirectUri: redirect, ...USER });
      const cookies = [...jar.cookies.values()];
      assert.ok(cookies.length >= 2);
      for (const cookie of cookies) assert.match(cookie.attributes, /samesite=none.*; secure/i, cookie.attributes);

      const tokens = await postForm(`${provider.issuer}/token`, {
        grant_type: 'authorization_code', client_id: 'spa-2', code: signedIn.code, redirect_uri: redirect, code_verifier: signedIn.verifier,
      });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      assert.equal(tokens.body.expires_in, 120);
      const idToken = decodeJwt(tokens.body.id_token).payload;
      assert.equal(idToken.exp - idToken.iat, 300);
      assert.equal(idToken.aud, 'spa-2');

      // demo-app is not registered here.
      const other = await fetch(`${provider.issuer}/auth?client_id=demo-app&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`, { headers: { accept: 'text/html' } });
      assert.equal(other.status, 400);
      assert.match(await other.text(), /invalid_client/);
    } finally {
      await provider.stop();
    }
    assert.throws(() => process.kill(provider.pid, 0), { code: 'ESRCH' });
    await assert.rejects(fetch(`${provider.url}/__test/stats`));
  });

  test('--issuer as given (trailing slash kept), --path-alias paths, --jwt-access-tokens RS256 access tokens', async () => {
    const port = await new Promise((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const free = probe.address().port;
        probe.close(() => resolve(free));
      });
    });
    const issuer = `http://127.0.0.1:${port}/oidc/`;
    const provider = await startProvider({
      port, issuer, jwtAccessTokens: true, clients: [{ id: 'spa-3', redirect: [REDIRECT] }],
      pathAliases: { '/oidc/authorize': '/oidc/auth', '/oidc/oauth/token': '/oidc/token' },
    });
    try {
      assert.equal(provider.issuer, issuer);
      assert.equal(provider.url, `http://localhost:${port}`);
      const base = `${provider.url}/oidc`;
      const discovery = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.issuer, issuer);
      // The alias answers as /oidc/auth does: the error goes back to the client's redirect URI.
      const aliased = await fetch(`${base}/authorize?client_id=spa-3`, { redirect: 'manual' });
      assert.equal(aliased.status, 303);
      assert.match(aliased.headers.get('location'), /^http:\/\/localhost:5173\/callback\.html\?error=invalid_request&.*response_type/);

      const signedIn = await signIn(new CookieJar(), base, { clientId: 'spa-3', redirectUri: REDIRECT, scope: 'openid profile', ...USER });
      const tokens = await postForm(`${base}/oauth/token`, {
        grant_type: 'authorization_code', client_id: 'spa-3', code: signedIn.code, redirect_uri: REDIRECT, code_verifier: signedIn.verifier,
      });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      const jwks = await (await fetch(`${base}/.well-known/jwks.json`)).json();
      const access = verifyRs256(tokens.body.access_token, jwks);
      assert.equal(access.iss, issuer);
      assert.equal(access.sub, 'user-test-1');
      assert.equal(access.client_id, 'spa-3');
      assert.ok(access.exp > Date.now() / 1000);
      assert.equal(verifyRs256(tokens.body.id_token, jwks).iss, issuer);
    } finally {
      await provider.stop();
    }
  });
});
