// Small pieces shared by the test servers (serve.mjs, tests/provider/server.mjs):
// loopback-only listening, prompt shutdown, and one-line request logs.
import http from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for host names / addresses that can only reach this machine (RFC 6761: *.localhost too). */
export function isLoopbackHost(host) {
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host) || /^[a-z0-9.-]+\.localhost$/i.test(host);
}

/** A host as it appears in a URL (IPv6 literals in brackets). */
export function urlHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** True for an Origin header value of a page served from this machine (any port, http or https). */
export function isLoopbackOrigin(origin) {
  const url = URL.parse(origin ?? '');
  return !!url && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** True when the TCP peer is this machine. */
export function isLoopbackPeer(req) {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function listenOne(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server.address().port);
    });
  });
}

/**
 * Listen on a loopback host only. `localhost` is bound on 127.0.0.1 and, when the machine has it, on
 * ::1 with the same port: browsers may try either address for `localhost`.
 * Port 0 picks a free port. Resolves `{ port, close() }`; close() drops keep-alive sockets at once.
 */
export async function listenLoopback(handler, { host, port }) {
  if (!isLoopbackHost(host)) {
    throw new Error(`refusing to listen on non-loopback host ${JSON.stringify(host)}`);
  }
  const servers = [http.createServer(handler)];
  // Any name under localhost is this machine's 127.0.0.1 (Chromium resolves them so by itself).
  const named = host === 'localhost' || host.endsWith('.localhost');
  const primary = named ? '127.0.0.1' : host.replace(/^\[(.*)\]$/, '$1');
  const actual = await listenOne(servers[0], port, primary);
  if (named) {
    const v6 = http.createServer(handler);
    // Best effort: no IPv6 loopback, or the port taken there, is fine.
    if (await listenOne(v6, actual, '::1').then(() => true, () => false)) servers.push(v6);
  }
  return {
    port: actual,
    close() {
      for (const server of servers) {
        server.close();
        server.closeAllConnections();
      }
    },
  };
}

/** Exit promptly on SIGTERM/SIGINT: without closeAllConnections, Chromium's keep-alive sockets hold us ~40 s. */
export function exitOnSignals(close) {
  const onSignal = () => {
    close();
    process.exit(0);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** Wrap a handler so that each request logs one short line to stderr when it finishes. */
export function withRequestLog(handler, enabled) {
  if (!enabled) return handler;
  return (req, res) => {
    const started = Date.now();
    const url = req.url;
    res.once('finish', () => {
      process.stderr.write(`${req.method} ${url} ${res.statusCode} ${Date.now() - started}ms\n`);
    });
    return handler(req, res);
  };
}

/** Read a request body as a string (bounded: these servers only take small forms). */
export function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
