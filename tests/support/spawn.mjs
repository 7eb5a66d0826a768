// Start a Node script as a child process, wait for its `ready <url>` line on stdout, and hand back
// a stop() that ends exactly that child (by its own PID) and waits for it to exit.
// Shared by startServer (tests/support/index.mjs) and startProvider (tests/provider/index.mjs);
// keepTail() and supervise() also by startPrism (prism.mjs).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const LOG_TAIL = 40; // stderr lines kept to explain a failed start

/**
 * Drains `streams` line by line (a child blocked on a full pipe would hang the test run) and keeps
 * their last `max` lines to explain a failure; `echo` also writes each line to stderr after
 * `prefix`; onLine(line) sees each line. Returns logs(): the kept lines.
 */
export function keepTail(streams, { max = LOG_TAIL, echo = false, prefix = '', onLine } = {}) {
  const tail = [];
  for (const stream of streams) {
    createInterface({ input: stream }).on('line', (line) => {
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
 * @param {string} script  absolute path of the .mjs to run
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: object, cwd?: string, inheritStderr?: boolean }} [options]
 * @returns {Promise<{ url: string, pid: number, child: import('node:child_process').ChildProcess,
 *                     logs: () => string, stop: () => Promise<void> }>}
 */
export function spawnReady(script, args = [], options = {}) {
  const { timeoutMs = 15000, env, cwd, inheritStderr = false } = options;
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Always drain both pipes: stderr into the tail, stdout for the "ready" line below.
  const logs = keepTail([child.stderr], { echo: inheritStderr });
  // If the test process dies first, do not leave the server behind.
  const { exited, stop } = supervise(child);

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = async (message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stop();
      reject(new Error(`${message}\n--- stderr of ${script} ---\n${logs()}`));
    };
    const timer = setTimeout(() => fail(`no "ready" line within ${timeoutMs} ms`), timeoutMs);

    createInterface({ input: child.stdout }).on('line', (line) => {
      if (settled || !line.startsWith('ready ')) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: line.slice('ready '.length).trim(), pid: child.pid, child, logs, stop });
    });
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    exited.then(({ code, signal }) => {
      fail(`exited before ready (code ${code}, signal ${signal})`);
    });
  });
}
