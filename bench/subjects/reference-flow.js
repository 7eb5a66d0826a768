// The same flows as the SDKs', hand-written in plain JS: the yardstick of the benchmark.
// PKCE + state + nonce; silent: hidden iframe with prompt=none and web_message, origin/source/state
// checks; redirect: the transaction in sessionStorage; then one code exchange and the ID-token nonce
// check. No signature check, no storage of the session, no error typing.
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));

async function authorizeUrl({ domain, appId, redirectUri }, extra) {
  const [state, nonce, verifier] = [random(16), random(16), random(32)];
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(`${domain}/oidc/auth`);
  const params = {
    client_id: appId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile', state, nonce,
    code_challenge: b64url(digest), code_challenge_method: 'S256', ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url, transaction: { state, nonce, verifier } };
}

async function exchange({ domain, appId, redirectUri }, code, { nonce, verifier }) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: appId, code_verifier: verifier,
  });
  const tokens = await (await fetch(`${domain}/oidc/token`, { method: 'POST', body })).json();
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  if (claims.nonce !== nonce) throw new Error('nonce');
  return tokens;
}

export async function silentSignIn(config) {
  const { url, transaction } = await authorizeUrl(config, { prompt: 'none', response_mode: 'web_message' });
  const iframe = document.createElement('iframe');
  iframe.style.display = 'none';
  const response = await new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.origin !== config.domain || e.source !== iframe.contentWindow) return;
      if (e.data?.type !== 'authorization_response' || e.data.response?.state !== transaction.state) return;
      removeEventListener('message', onMessage);
      resolve(e.data.response);
    };
    addEventListener('message', onMessage);
    iframe.src = url.href;
    document.body.append(iframe);
  });
  iframe.remove();
  if (response.error) throw new Error(response.error);
  return exchange(config, response.code, transaction);
}

export async function startRedirect(config) {
  const { url, transaction } = await authorizeUrl(config, {});
  sessionStorage.setItem(`reference:${transaction.state}`, JSON.stringify(transaction));
  location.assign(url.href);
}

export async function redirectCallback(config) {
  const params = new URLSearchParams(location.search);
  const key = `reference:${params.get('state')}`;
  const transaction = JSON.parse(sessionStorage.getItem(key));
  sessionStorage.removeItem(key);
  if (!transaction) throw new Error('state');
  history.replaceState(null, '', location.pathname);
  return exchange(config, params.get('code'), transaction);
}
