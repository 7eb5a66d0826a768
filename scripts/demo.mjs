// `make demo`: the local Authing-compatible provider and the examples, until Ctrl-C.
import { fileURLToPath } from 'node:url';

import { startProvider, TEST_USER } from '../tests/provider/index.mjs';
import { startServer } from '../tests/support/index.mjs';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const APP_PORT = Number(process.env.DEMO_APP_PORT ?? 5173);
const PROVIDER_PORT = Number(process.env.DEMO_PROVIDER_PORT ?? 4000);
const app = `http://localhost:${APP_PORT}`;

const provider = await startProvider({
  port: PROVIDER_PORT,
  clients: [{ id: 'demo-app', redirect: [`${app}/`, `${app}/index.html`], logout: [`${app}/`, `${app}/index.html`] }],
});
const server = await startServer({
  port: APP_PORT,
  mounts: { '/pkg/': root('pkg') },
  roots: [root('examples/vanilla')],
});

console.log(`
  authing-wasm demo
  app:       ${app}/            (examples/vanilla)
  provider:  ${provider.issuer}
  sign in as ${TEST_USER.username} / ${TEST_USER.password}
  Ctrl-C stops both.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.all([server.stop(), provider.stop()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
