// A recording pass-through in front of the Prism mock: the SDK in Chromium talks to it as its
// `domain`, it forwards every request unchanged and keeps `{ method, path, status }` of each answer.
// The contract test reads Prism's verdict (e.g. 422) here, whatever error the SDK turns it into.
import http from 'node:http';

/** @param {string} target  http://127.0.0.1:PORT of the mock */
export function startRecorder(target) {
  const upstream = new URL(target);
  const log = [];
  const server = http.createServer((req, res) => {
    const forward = http.request({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => {
      log.push({ method: req.method, path: req.url, status: answer.statusCode });
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (e) => {
      log.push({ method: req.method, path: req.url, status: 0, error: e.message });
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        stop: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}
