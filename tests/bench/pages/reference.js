// The same silent sign-in as the SDK's, hand-written in plain JS: the yardstick of the benchmark.
// PKCE + state + nonce, hidden iframe with prompt=none and web_message, origin/source/state checks,
// code exchange, ID-token nonce check. No storage, no error typing.
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));

export async function silentSignIn({ domain, appId, redirectUri }) {
  const [state, nonce, verifier] = [random(16), random(16), random(32)];
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(`${domain}/oidc/auth`);
  const params = {
    client_id: appId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile', state, nonce,
    code_challenge: b64url(digest), code_challenge_method: 'S256', prompt: 'none', response_mode: 'web_message',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const iframe = document.createElement('iframe');
  iframe.style.display = 'none';
  const response = await new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.origin !== domain || e.source !== iframe.contentWindow) return;
      if (e.data?.type !== 'authorization_response' || e.data.response?.state !== state) return;
      removeEventListener('message', onMessage);
      resolve(e.data.response);
    };
    addEventListener('message', onMessage);
    iframe.src = url.href;
    document.body.append(iframe);
  });
  iframe.remove();
  if (response.error) throw new Error(response.error);
  const body = new URLSearchParams({
    grant_type: 'authorization_code', code: response.code, redirect_uri: redirectUri, client_id: appId, code_verifier: verifier,
  });
  const tokens = await (await fetch(`${domain}/oidc/token`, { method: 'POST', body })).json();
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  if (claims.nonce !== nonce) throw new Error('nonce');
  return tokens;
}
