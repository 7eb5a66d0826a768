// Start a child process, wait for a line of its output (a Node server's `ready <url>`, a dev
// server's address), and hand back a stop() that ends exactly that child (or its process group) and
// waits for it to exit. Shared by startServer (tests/support/index.mjs), startProvider
// (tests/provider/index.mjs) and the e2e tests that start `make demo` or `npm run dev`; keepTail()
// and supervise() also by startPrism (prism.mjs).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

const LOG_TAIL = 40; // output lines kept to explain a failed start

/**
 * Drains `streams` line by line (a child blocked on a full pipe would hang the test run) and keeps
 * their last `max` lines to explain a failure; `echo` also writes each line to stderr after
 * `prefix`; onLine(line) sees each line without its terminal colour codes (dev servers colour
 * their output when `CI` is set). Returns logs(): the kept lines.
 */
export function keepTail(streams, { max = LOG_TAIL, echo = false, prefix = '', onLine } = {}) {
  const tail = [];
  for (const stream of streams) {
    createInterface({ input: stream }).on('line', (raw) => {
      const line = stripVTControlCharacters(raw);
      if (echo) process.stderr.write(`${prefix}${line}\n`);
      onLine?.(line);
      tail.push(line);
      if (tail.length > max) tail.shift();
    });
  }
  return () => tail.join('\n');
}

/**
 * Ends `child` (by its own PID) if the test process exits first. Returns { exited, stop }: exited
 * resolves { code, signal } on 'close' (not 'exit', so that the last output lines are read first);
 * stop() sends SIGTERM (SIGKILL after 5 s) unless the child is gone already, and waits for it.
 */
export function supervise(child) {
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function stop() {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
  return { exited, stop };
}

/**
 * Starts `command` and resolves once one of its output lines satisfies `until(line)`: `{ line, pid,
 * child, logs, stop }`. Rejects, after stopping it, when it exits first, fails to start or takes
 * longer than `timeoutMs`; the message carries the tail of its output. `group`: the command starts
 * others (npm, a shell) and stop() ends the whole process group. `echo` writes its stderr through.
 * @param {string} command
 * @param {string[]} args
 * @param {{ until: (line: string) => boolean, what?: string, timeoutMs?: number, env?: object,
 *           cwd?: string, echo?: boolean, group?: boolean }} options
 */
export function spawnUntil(command, args, options) {
  const { until, what = `${command} ${args.join(' ')}`, timeoutMs = 15000, env, cwd, echo = false, group = false } = options;
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  // If the test process dies first, do not leave the child behind.
  const supervised = supervise(child);
  const stop = async () => {
    if (group) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch { /* the group is gone */ }
    }
    await supervised.stop();
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = async (message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stop();
      reject(new Error(`${what}: ${message}\n--- its last output ---\n${logs()}`));
    };
    const timer = setTimeout(() => fail(`no awaited line within ${timeoutMs} ms`), timeoutMs);
    const onLine = (line) => {
      if (settled || !until(line)) return;
      settled = true;
      clearTimeout(timer);
      resolve({ line, pid: child.pid, child, logs, stop });
    };
    // Both pipes are always drained; their tails explain a failure.
    const tails = [keepTail([child.stdout], { onLine }), keepTail([child.stderr], { echo, onLine })];
    const logs = () => tails.map((tail) => tail()).filter(Boolean).join('\n');
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    supervised.exited.then(({ code, signal }) => fail(`exited first (code ${code}, signal ${signal})`));
  });
}

/**
 * A Node script that prints `ready <url>` once it serves.
 * @param {string} script  absolute path of the .mjs to run
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: object, cwd?: string, inheritStderr?: boolean }} [options]
 * @returns {Promise<{ url: string, pid: number, child: import('node:child_process').ChildProcess,
 *                     logs: () => string, stop: () => Promise<void> }>}
 */
export async function spawnReady(script, args = [], options = {}) {
  const { timeoutMs, env, cwd, inheritStderr = false } = options;
  const started = await spawnUntil(process.execPath, [script, ...args], {
    until: (line) => line.startsWith('ready '), what: script, timeoutMs, env, cwd, echo: inheritStderr,
  });
  return { ...started, url: started.line.slice('ready '.length).trim() };
}
