// A plain page that signs in with Authing by redirect, shows who is signed in, and signs out.
import { AuthingClient } from '/pkg/index.js';
import config from './config.js';

const $ = (id) => document.getElementById(id);
const home = `${location.origin}${location.pathname}`;

function show(error) {
  $('error').hidden = false;
  $('error').textContent = `${error.code ?? 'error'}: ${error.message}`;
}

async function main() {
  const authing = await AuthingClient.create({
    ...config,
    redirectUri: home,
    logoutRedirectUri: home,
    scope: 'openid profile email',
    cacheLocation: 'sessionStorage',
  });

  if (authing.isRedirectCallback()) {
    try {
      await authing.handleRedirectCallback();
    } catch (e) {
      show(e);
    }
  }

  $('login').onclick = () => authing.loginWithRedirect().catch(show);
  $('logout').onclick = () => authing.logoutWithRedirect().catch(show);

  const state = await authing.getLoginState();
  $('login').hidden = !!state;
  $('logout').hidden = !state;
  $('profile').hidden = !state;
  if (!state) {
    $('status').textContent = 'You are signed out.';
    return;
  }
  const claims = state.idTokenClaims ?? {};
  $('status').textContent = 'You are signed in.';
  $('greeting').textContent = `Hello, ${claims.name ?? claims.sub}`;
  $('claims').textContent = JSON.stringify(claims, null, 2);
  $('userinfo').textContent = JSON.stringify(await authing.getUserInfo(), null, 2);
}

main().catch(show);
