// `make demo`: the local Authing-compatible provider and the examples, until Ctrl-C.
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
const provider = await startProvider({
  port: PROVIDER_PORT,
  clients: [
    { id: 'demo-app', redirect: pages([`${examples}vanilla/`, `${examples}button/`, `${examples}qr-login/`]), logout: pages([`${examples}vanilla/`]) },
    { id: 'sso-app-a', redirect: pages([ssoA]), logout: pages([ssoA]) },
    { id: 'sso-app-b', redirect: pages(ssoB), logout: pages(ssoB) },
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
  ${ssoA}                SSO app A: sign in here by popup...
  ${ssoB[0]}                ...then app B finds the session silently (same site)
  ${ssoB[1]}                app B cross-site: the silent check says "not signed in" at once; use the popup

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
