// Test helpers: start the static file server (serve.mjs) as a child process.
import { fileURLToPath } from 'node:url';

import { spawnReady } from './spawn.mjs';

export { spawnReady };

const SERVE = fileURLToPath(new URL('./serve.mjs', import.meta.url));

/**
 * Start tests/support/serve.mjs and wait until it listens.
 * @param {{ roots?: string[], root?: string, mounts?: Record<string, string> | [string, string][],
 *           headers?: Record<string, string> | string[], port?: number, host?: string,
 *           verbose?: boolean, timeoutMs?: number }} options
 *        mounts: `{ '/pkg/': '/abs/dir' }` (order kept); headers: `{ 'Cross-Origin-Opener-Policy': 'same-origin' }`.
 *        port 0 (the default) picks a free port.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}  url ends with "/"
 */
export async function startServer(options = {}) {
  const { port = 0, host = 'localhost', verbose = false, timeoutMs } = options;
  const args = ['--port', String(port), '--host', host];
  const mounts = Array.isArray(options.mounts) ? options.mounts : Object.entries(options.mounts ?? {});
  for (const [prefix, dir] of mounts) args.push('--mount', `${prefix}=${dir}`);
  for (const dir of options.roots ?? (options.root ? [options.root] : [])) args.push('--root', dir);
  const headers = Array.isArray(options.headers)
    ? options.headers
    : Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  for (const header of headers) args.push('--header', header);
  if (verbose) args.push('--verbose');

  const child = await spawnReady(SERVE, args, { timeoutMs, inheritStderr: verbose });
  return { url: child.url, pid: child.pid, logs: child.logs, stop: child.stop };
}
