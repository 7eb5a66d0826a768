// Start the local OpenID provider (server.mjs) as a child process, for node:test suites.
import { fileURLToPath } from 'node:url';

import { spawnReady } from '../support/spawn.mjs';

export { TEST_USER } from './account.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

const FLAGS = {
  host: '--host',
  sameSite: '--same-site',
  accessTtl: '--access-ttl',
  idTtl: '--id-ttl',
  refreshTtl: '--refresh-ttl',
  sessionTtl: '--session-ttl',
  qrTtl: '--qr-ttl',
  issuer: '--issuer',
  passcodeCooldown: '--passcode-cooldown',
  passcodeTtl: '--passcode-ttl',
};

/**
 * `{ id, redirect: [...], logout?: [...], extidps?: [...], signup?: false }` (or a ready-made spec
 * string) -> --client value.
 */
function clientSpec(client) {
  if (typeof client === 'string') return client;
  const parts = [`id=${client.id}`, `redirect=${client.redirect.join('|')}`];
  if (client.logout?.length) parts.push(`logout=${client.logout.join('|')}`);
  if (client.extidps) parts.push(`extidps=${client.extidps.length ? client.extidps.join('|') : 'none'}`);
  if (client.signup === false) parts.push('signup=off');
  return parts.join(',');
}

/**
 * @param {{ port?: number, host?: string, clients?: Array<string | { id: string, redirect: string[], logout?: string[],
 *           extidps?: string[], signup?: boolean }>,
 *           sameSite?: 'lax'|'strict'|'none', accessTtl?: number, idTtl?: number, refreshTtl?: number,
 *           sessionTtl?: number, verbose?: boolean, timeoutMs?: number, issuer?: string,
 *           pathAliases?: Record<string, string>, jwtAccessTokens?: boolean, passcodeCooldown?: number,
 *           passcodeTtl?: number }} [options]
 *        port 0 (the default) picks a free port; without clients, the demo-app client of server.mjs.
 * @returns {Promise<{ url: string, issuer: string, pid: number, logs: () => string, stop: () => Promise<void> }>}
 *          url is the origin it listens on (http://HOST:PORT), issuer is url + '/oidc' unless given.
 */
export async function startProvider(options = {}) {
  const args = ['--port', String(options.port ?? 0)];
  for (const [key, flag] of Object.entries(FLAGS)) {
    if (options[key] !== undefined) args.push(flag, String(options[key]));
  }
  for (const client of options.clients ?? []) args.push('--client', clientSpec(client));
  for (const [from, to] of Object.entries(options.pathAliases ?? {})) args.push('--path-alias', `${from}=${to}`);
  if (options.jwtAccessTokens) args.push('--jwt-access-tokens');
  if (options.verbose) args.push('--verbose');

  // Our flags are the whole configuration: PROVIDER_* variables of the caller must not leak in.
  const env = Object.fromEntries(Object.keys(process.env)
    .filter((name) => name.startsWith('PROVIDER_')).map((name) => [name, undefined]));
  const child = await spawnReady(SERVER, args, { env, timeoutMs: options.timeoutMs, inheritStderr: !!options.verbose });
  const [issuer, , listening] = child.url.split(' ');
  return { url: listening ?? new URL(issuer).origin, issuer, pid: child.pid, logs: child.logs, stop: child.stop };
}
