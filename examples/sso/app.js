// One of two apps sharing an Authing session: signs in by popup, and finds a session another app
// started with getLoginState(), silently.
import { AuthingClient } from '/pkg/index.js';
import config from './config.js';

const $ = (id) => document.getElementById(id);
const app = config.apps[location.port];
const home = `${location.origin}${location.pathname}`;
document.title = $('title').textContent = app.name;
$('cross-site').hidden = new URL(config.domain).hostname === location.hostname;

const authing = await AuthingClient.create({
  domain: config.domain, appId: app.appId, redirectUri: home, logoutRedirectUri: home,
});

function show(state, how) {
  const name = state?.idTokenClaims?.name ?? state?.idTokenClaims?.sub;
  $('status').textContent = state ? `Signed in as ${name} (${how}).` : 'Not signed in at Authing.';
  $('login').hidden = !!state;
  $('logout').hidden = !state;
}

async function check(ignoreCache) {
  $('status').textContent = 'Checking for a session at Authing, without any UI…';
  try {
    show(await authing.getLoginState({ ignoreCache }), 'found silently, no UI');
  } catch (e) {
    $('status').textContent = `${e.code}: ${e.message}`;
  }
}

$('login').onclick = () => authing.loginWithPopup().then((s) => show(s, 'popup'), (e) => {
  $('status').textContent = `${e.code}: ${e.message}`;
});
$('check').onclick = () => check(true);
$('logout').onclick = () => authing.logoutWithRedirect();
check(false);
