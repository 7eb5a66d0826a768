// Prism (@stoplight/prism-cli v5) as a validating proxy in front of a local server, for tests:
// every request and answer that passes through is checked against an OpenAPI document, and each
// violation is reported in the answer's `sl-violations` header (JSON array). Nothing is blocked
// (no --errors), so the test sees the real answer and the verdict side by side.
//
//   const prism = await startPrism({ upstream: provider.url });
//   const res = await fetch(`${prism.url}/api/v3/...`);  violations(res) -> [] when it conforms
//   await prism.stop();
//
// Offline: the document is a local file with no remote $refs; Prism contacts nothing but the
// upstream. Started as `node <prism-cli>/dist/index.js proxy SPEC UPSTREAM --port N --host
// 127.0.0.1` (no shell, no npx), so the PID we hold is Prism itself and stop() ends exactly it.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_SPEC = `${ROOT}spec/authentication-openapi.json`;
const LOG_TAIL = 60;

/**
 * The Prism CLI script: options.bin, else $PRISM_BIN, else the repo's node_modules/.bin/prism.
 * Resolves to the real .js file (node_modules/.bin/prism is a symlink to dist/index.js).
 * Returns undefined when Prism is not installed.
 */
export function findPrism(bin = process.env.PRISM_BIN) {
  const candidate = bin || `${ROOT}node_modules/.bin/prism`;
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
 * @param {{ upstream: string, port?: number, spec?: string, bin?: string, verboseLevel?: string,
 *           timeoutMs?: number, inheritStderr?: boolean }} options
 *        upstream: the server to check (http://HOST:PORT); port: default a free one; spec: default
 *        spec/authentication-openapi.json; verboseLevel: Prism's log level (default 'warn': one
 *        line per violation), kept in logs().
 * @returns {Promise<{ url: string, port: number, pid: number, startMs: number, logs: () => string,
 *                     stop: () => Promise<void> }>}  url = http://127.0.0.1:PORT; startMs = how long
 *          it took until Prism answered.
 */
export async function startPrism(options) {
  const { upstream, spec = DEFAULT_SPEC, verboseLevel = 'warn', timeoutMs = 30000, inheritStderr = false } = options;
  if (!upstream) throw new Error('startPrism needs { upstream }');
  const script = findPrism(options.bin);
  if (!script) {
    throw new Error('Prism is not installed: add the devDependency @stoplight/prism-cli (npm install), or set PRISM_BIN');
  }
  const port = options.port ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();

  const child = spawn(process.execPath, [
    script, 'proxy', spec, upstream,
    '--port', String(port), '--host', '127.0.0.1',
    '--verboseLevel', verboseLevel,
    '--errors', 'false', // report violations in sl-violations; never replace the upstream's answer
  ], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No telemetry, no colour codes in the logs.
    env: { ...process.env, SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });

  // Drain both pipes (a child blocked on a full pipe hangs); keep a tail to explain failures.
  const tail = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (inheritStderr) process.stderr.write(`[prism] ${line}\n`);
      tail.push(line);
      if (tail.length > LOG_TAIL) tail.shift();
    });
  }
  const logs = () => tail.join('\n');
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let exitInfo;
  exited.then((info) => { exitInfo = info; });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function stop() {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // its listening and keep-alive sockets close with the process
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }

  // Ready when it answers anything over HTTP (a path outside the spec gets Prism's own 404).
  const deadline = started + timeoutMs;
  for (;;) {
    if (exitInfo) {
      throw new Error(`prism exited before answering (code ${exitInfo.code}, signal ${exitInfo.signal})\n${logs()}`);
    }
    try {
      const response = await fetch(`${url}/__prism_ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`prism did not answer on ${url} within ${timeoutMs} ms\n${logs()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url, port, pid: child.pid, startMs: Date.now() - started, logs, stop };
}
