// `make demo`: the local Authing-compatible provider and the examples, until Ctrl-C. With APP_ID and
// CALLBACK_URLS (space- or comma-separated) in the environment (`make demo APP_ID=... CALLBACK_URLS=...`),
// the provider also knows your own app: that client id, those login and logout callback URLs.
import { fileURLToPath } from 'node:url';

import { startProvider, TEST_USER } from '../tests/provider/index.mjs';
import { startServer } from '../tests/support/index.mjs';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const PROVIDER_PORT = 4000;
const at = (host, port, path = '/') => `http://${host}:${port}${path}`;
const pages = (urls) => urls.flatMap((u) => [u, `${u}index.html`]);

// examples/ on :5173 (vanilla, button); the SSO example as two apps on :5174 and :5175.
const examples = at('localhost', 5173);
const ssoA = at('localhost', 5174);
const ssoB = [at('localhost', 5175), at('127.0.0.1', 5175)];
// The React and Vue examples' `npm run dev` servers.
const react = at('localhost', 5176);
const vue = at('localhost', 5177);
const own = process.env.APP_ID ? { id: process.env.APP_ID, urls: (process.env.CALLBACK_URLS ?? '').split(/[\s,]+/).filter(Boolean) } : null;
if (own && !own.urls.length) {
  console.error('APP_ID needs CALLBACK_URLS: the URLs your app passes as redirectUri (and logoutRedirectUri).');
  process.exit(2);
}
const provider = await startProvider({
  port: PROVIDER_PORT,
  clients: [
    { id: 'demo-app', redirect: pages([`${examples}vanilla/`, `${examples}button/`, `${examples}qr-login/`, `${examples}sign-in/`]), logout: pages([`${examples}vanilla/`]) },
    { id: 'sso-app-a', redirect: pages([ssoA]), logout: pages([ssoA]) },
    { id: 'sso-app-b', redirect: pages(ssoB), logout: pages(ssoB) },
    { id: 'react-example', redirect: [react], logout: [react] },
    { id: 'vue-example', redirect: [vue], logout: [vue] },
    ...(own ? [{ id: own.id, redirect: own.urls, logout: own.urls }] : []),
  ],
});
const mounts = { '/pkg/': root('pkg') };
const servers = await Promise.all([
  startServer({ port: 5173, mounts, roots: [root('examples')] }),
  startServer({ port: 5174, mounts, roots: [root('examples/sso')] }),
  startServer({ port: 5175, mounts, roots: [root('examples/sso')] }),
]);

console.log(`
  authing-wasm demo (provider ${provider.issuer})
  sign in as ${TEST_USER.username} / ${TEST_USER.password}

  ${examples}vanilla/    sign in by redirect, see the user, sign out
  ${examples}button/     <authing-login-button> in a plain page
  ${examples}qr-login/   QR-code login; the code's link opens the simulated phone
  ${examples}sign-in/    <authing-sign-in>: the sign-in form in the page (password, code, QR, social, sign-up)
  ${ssoA}                SSO app A: sign in here by popup...
  ${ssoB[0]}                ...then app B finds the session silently (same site)
  ${ssoB[1]}                app B cross-site: the silent check says "not signed in" at once; use the popup
  ${react}                examples/react: cd examples/react && npm install && npm run dev (another terminal)
  ${vue}                examples/vue:   cd examples/vue && npm install && npm run dev
${own ? `
  your app "${own.id}": domain ${provider.url}, appId ${own.id}, callback URLs ${own.urls.join(' ')}
` : `
  your own app: make demo APP_ID=my-app CALLBACK_URLS=http://localhost:3000/
`}
  Ctrl-C stops everything.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all([...servers.map((s) => s.stop()), provider.stop()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
