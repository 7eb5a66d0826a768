// Prism (@stoplight/prism-cli v5) for tests, in either of its modes:
//
// proxy (the default): a validating proxy in front of a local server. Every request and answer that
// passes through is checked against an OpenAPI document, and each violation is reported in the
// answer's `sl-violations` header (JSON array). Nothing is blocked (no --errors), so the test sees
// the real answer and the verdict side by side.
//   const prism = await startPrism({ upstream: provider.url });
//   const res = await fetch(`${prism.url}/api/v3/...`);  violations(res) -> [] when it conforms
//   await prism.stop();
//
// mock (the contract tests, tests/api/): Prism answers every operation with the spec's example and
// refuses requests that break the spec (422 naming the field, 401 for missing credentials). It
// answers CORS preflights, so a page can call it directly.
//   const mock = await startPrism({ mode: 'mock' });   // { url, port, pid, startMs, logs(), stop() }
//
// Offline: the document is a local file with no remote $refs; Prism contacts nothing but the
// upstream. Started as `node <prism-cli>/dist/index.js proxy SPEC UPSTREAM …` or `… mock SPEC …`
// (no shell, no npx), so the PID we hold is Prism itself and stop() ends exactly it.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

import { keepTail, supervise } from './spawn.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SPEC = `${ROOT}spec/authentication-openapi.json`;
const LOG_TAIL = 60;
const REPO_PRISM = `${ROOT}node_modules/.bin/prism`;

/**
 * The Prism CLI script: options.bin, else $PRISM_BIN, else the repo's node_modules/.bin/prism.
 * Resolves to the real .js file (node_modules/.bin/prism is a symlink to dist/index.js).
 * Returns undefined when Prism is not installed.
 */
export function findPrism(bin = process.env.PRISM_BIN) {
  const candidate = bin || REPO_PRISM;
  return existsSync(candidate) ? realpathSync(candidate) : undefined;
}

/** A free TCP port on 127.0.0.1 (Prism cannot be asked for port 0 and tell us the result). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The parsed `sl-violations` header of a fetch Response (or Headers): [] when there is none. */
export function violations(responseOrHeaders) {
  const headers = responseOrHeaders.headers ?? responseOrHeaders;
  const value = headers.get('sl-violations');
  if (!value) return [];
  try {
    return JSON.parse(value);
  } catch {
    return [{ message: `unparsable sl-violations header: ${value}` }];
  }
}

/**
 * @param {{ mode?: 'proxy'|'mock', upstream?: string, port?: number, spec?: string, bin?: string,
 *           verboseLevel?: string, timeoutMs?: number, inheritStderr?: boolean }} options
 *        mode: 'proxy' (default; needs upstream, the server to check: http://HOST:PORT) or 'mock';
 *        port: default a free one; spec: default spec/authentication-openapi.json; bin: see
 *        findPrism (mock mode: default the repo's Prism, not $PRISM_BIN); verboseLevel: Prism's log
 *        level, kept in logs() (proxy default 'warn': one line per violation; mock: Prism's own
 *        default); inheritStderr: echo Prism's output to stderr.
 * @returns {Promise<{ url: string, port: number, pid: number, startMs: number, logs: () => string,
 *                     stop: () => Promise<void> }>}  url = http://127.0.0.1:PORT; startMs = how long
 *          it took until Prism answered.
 */
export async function startPrism(options = {}) {
  const { mode = 'proxy', upstream, spec = DEFAULT_SPEC, timeoutMs = 30000, inheritStderr = false } = options;
  const mock = mode === 'mock';
  if (!mock && mode !== 'proxy') throw new Error(`startPrism: mode is 'proxy' or 'mock', not ${JSON.stringify(mode)}`);
  if (!mock && !upstream) throw new Error('startPrism needs { upstream }');
  const { verboseLevel = mock ? undefined : 'warn' } = options;
  const script = mock ? findPrism(options.bin ?? REPO_PRISM) : findPrism(options.bin);
  if (!script) {
    throw new Error(mock
      ? 'Prism is not installed (devDependency @stoplight/prism-cli): run make setup'
      : 'Prism is not installed: add the devDependency @stoplight/prism-cli (npm install), or set PRISM_BIN');
  }
  const port = options.port ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();

  const child = spawn(process.execPath, [
    script, mode, spec, ...(mock ? [] : [upstream]),
    '--port', String(port), '--host', '127.0.0.1',
    ...(verboseLevel ? ['--verboseLevel', verboseLevel] : []),
    // proxy: report violations in sl-violations; never replace the upstream's answer
    ...(mock ? [] : ['--errors', 'false']),
  ], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No telemetry, no colour codes in the logs.
    env: { ...process.env, SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });

  // Drain both pipes; keep a tail to explain failures. stop(): its listening and keep-alive sockets
  // close with the process.
  let listening = false;
  const logs = keepTail([child.stdout, child.stderr], {
    max: LOG_TAIL,
    echo: inheritStderr,
    prefix: '[prism] ',
    onLine: (line) => { if (line.includes('Prism is listening')) listening = true; },
  });
  const { exited, stop } = supervise(child);
  let exitInfo;
  exited.then((info) => { exitInfo = info; });

  // Ready when it answers anything over HTTP (a path outside the spec gets Prism's own 404); a mock
  // also once it has said "Prism is listening" (at its default log level it does).
  const deadline = started + timeoutMs;
  for (;;) {
    if (exitInfo) {
      throw new Error(`prism ${mode} exited before answering (code ${exitInfo.code}, signal ${exitInfo.signal})\n${logs()}`);
    }
    if (!mock || listening) {
      try {
        const response = await fetch(`${url}/__prism_ready`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        break;
      } catch { /* not yet */ }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prism ${mode} did not answer on ${url} within ${timeoutMs} ms\n${logs()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, port, pid: child.pid, startMs: Date.now() - started, logs, stop };
}
