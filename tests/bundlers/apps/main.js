// The page script of every bundler app (copied into each as src/main.js by lib.mjs): what a user writes after `npm install authing-wasm`.
// The provider's address and the app id come from the query string (the test picks free ports).
import { AuthingClient } from 'authing-wasm';

const status = document.getElementById('status');
const button = document.getElementById('login');
const params = new URLSearchParams(location.search);

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function showUser(loginState) {
  const claims = loginState?.idTokenClaims;
  status.dataset.sub = claims?.sub ?? '';
  if (claims) show('signed-in', `Signed in as ${claims.name ?? claims.sub}`);
  else show('signed-out', 'Signed out');
}

async function main() {
  const authing = await AuthingClient.create({
    domain: params.get('domain'),
    appId: params.get('appId'),
    redirectUri: location.origin + location.pathname,
    scope: 'openid profile',
  });
  // Straight from the click, so that the popup opens before any await.
  button.onclick = () => authing.loginWithPopup().then(showUser, (e) => show('error', `${e.code}: ${e.message}`));
  button.disabled = false;
  showUser(await authing.getLoginState());
}

main().catch((e) => show('error', `${e.code ?? e.name}: ${e.message}`));
