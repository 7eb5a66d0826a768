// `prism mock spec/authentication-openapi.json` for the contract tests: Prism answers every
// operation with the spec's example and refuses requests that break the spec (422 naming the field,
// 401 for missing credentials). It answers CORS preflights, so a page can call it directly.
//
//   const mock = await startMock();   // { url, pid, startMs, logs(), stop() }
//
// Prism is started as `node <prism-cli>/dist/index.js mock …` (no shell, no npx), so the PID we hold
// is Prism itself and stop() ends exactly that process.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPEC = `${ROOT}spec/authentication-openapi.json`;
const LOG_TAIL = 40;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** @param {{ spec?: string, timeoutMs?: number, verbose?: boolean }} [options] */
export async function startMock({ spec = SPEC, timeoutMs = 30_000, verbose = false } = {}) {
  const bin = `${ROOT}node_modules/.bin/prism`;
  if (!existsSync(bin)) throw new Error('Prism is not installed (devDependency @stoplight/prism-cli): run make setup');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(process.execPath, [realpathSync(bin), 'mock', spec, '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const tail = [];
  let listening = false;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (verbose) process.stderr.write(`[prism] ${line}\n`);
      if (line.includes('Prism is listening')) listening = true;
      tail.push(line);
      if (tail.length > LOG_TAIL) tail.shift();
    });
  }
  const logs = () => tail.join('\n');
  let exitInfo;
  const exited = new Promise((resolve) => child.once('close', (code, signal) => {
    exitInfo = { code, signal };
    resolve(exitInfo);
  }));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function stop() {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }

  // Ready once it says so and answers HTTP (a path outside the spec gets Prism's own 404).
  for (;;) {
    if (exitInfo) throw new Error(`prism mock exited before listening (code ${exitInfo.code}, signal ${exitInfo.signal})\n${logs()}`);
    if (listening) {
      try {
        const res = await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        break;
      } catch { /* not yet */ }
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`prism mock did not listen on ${url} within ${timeoutMs} ms\n${logs()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, port, pid: child.pid, startMs: Date.now() - started, logs, stop };
}
