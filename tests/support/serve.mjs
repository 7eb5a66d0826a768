#!/usr/bin/env node
// Static file server for browser tests (loopback only).
//
//   node tests/support/serve.mjs --port 5173 --host localhost --root DIR [--root DIR2 ...]
//        [--mount /pkg/=DIR ...] [--header 'Name: value' ...] [--verbose]
//
// A request is looked up in each --mount whose prefix matches (in the order given), then in each
// --root (in the order given); the first existing file wins. A directory serves its index.html.
// Every response carries `Cache-Control: no-store` and the --header values (CSP, COOP...).
// Prints `ready http://HOST:PORT/` once listening; closes all connections on SIGTERM/SIGINT.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { exitOnSignals, listenLoopback, urlHost, withRequestLog } from './http.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const USAGE = `usage: node tests/support/serve.mjs --root DIR [--root DIR ...] [--mount /prefix/=DIR ...]
       [--port 5173] [--host localhost] [--header 'Name: value' ...] [--verbose]`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '5173' },
      host: { type: 'string', default: 'localhost' },
      root: { type: 'string', multiple: true, default: [] },
      mount: { type: 'string', multiple: true, default: [] },
      header: { type: 'string', multiple: true, default: [] },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const mounts = values.mount.map((spec) => {
    const at = spec.indexOf('=');
    if (at < 1 || !spec.startsWith('/')) throw new Error(`--mount wants /prefix/=DIR, got ${spec}`);
    let prefix = spec.slice(0, at);
    if (!prefix.endsWith('/')) prefix += '/';
    return { prefix, dir: path.resolve(spec.slice(at + 1)) };
  });
  // A root is a mount at "/"; roots come after the more specific mounts.
  for (const dir of values.root) mounts.push({ prefix: '/', dir: path.resolve(dir) });
  if (!mounts.length) throw new Error(`give at least one --root or --mount\n${USAGE}`);
  const headers = values.header.map((line) => {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`--header wants 'Name: value', got ${line}`);
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  return { port: Number(values.port), host: values.host, mounts, headers, verbose: values.verbose };
}

/** The decoded request path, or null when it tries to leave its directory. */
function safePath(rawUrl) {
  // Work on the raw path: URL parsing would quietly resolve "/../", and %2e%2e or %2f only turn
  // into ".." and "/" after decoding. Any ".." segment is refused outright.
  let pathname;
  try {
    pathname = decodeURIComponent(rawUrl.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  if (!pathname.startsWith('/') || pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').includes('..')) return null;
  return pathname;
}

async function findFile(mounts, pathname) {
  for (const { prefix, dir } of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.join(dir, pathname.slice(prefix.length));
    if (file !== dir && !file.startsWith(dir + path.sep)) continue; // belt and braces
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return { file, size: info.size };
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return { redirect: `${pathname}/` }; // so relative URLs resolve
      const index = path.join(file, 'index.html');
      const indexInfo = await stat(index).catch(() => null);
      if (indexInfo?.isFile()) return { file: index, size: indexInfo.size };
    }
  }
  return null;
}

function createHandler({ mounts, headers }) {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of headers) res.setHeader(name, value);
    const send = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `${text}\n`);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const pathname = safePath(req.url);
    if (pathname === null) return send(403, 'forbidden');

    const found = await findFile(mounts, pathname);
    if (!found) return send(404, 'not found');
    if (found.redirect) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      res.writeHead(302, { Location: found.redirect + query });
      return res.end();
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': found.size,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const listener = await listenLoopback(withRequestLog(createHandler(options), options.verbose), options);
  exitOnSignals(listener.close);
  process.stdout.write(`ready http://${urlHost(options.host)}:${listener.port}/\n`);
}

main().catch((err) => {
  process.stderr.write(`serve.mjs: ${err.message}\n`);
  process.exit(1);
});
