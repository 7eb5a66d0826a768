// Request counters for GET /__test/stats. Counting is by name, so new routes need no new code:
// count('me') or count('token', 'refresh_token') for a per-grant-type breakdown.

// Present from the start (as 0) so that tests can compare before/after without `?? 0`.
const INITIAL = () => ({
  auth: 0,
  auth_resume: 0,
  token: { authorization_code: 0, refresh_token: 0 },
  me: 0,
  revocation: 0,
  introspection: 0,
  session_end: 0,
  session_end_confirm: 0,
  jwks: 0,
  discovery: 0,
  login_page: 0,
  login_submit: 0,
});

let counts = INITIAL();

export function count(name, sub) {
  if (sub === undefined) {
    counts[name] = (typeof counts[name] === 'number' ? counts[name] : 0) + 1;
    return;
  }
  if (typeof counts[name] !== 'object') counts[name] = {};
  counts[name][sub] = (counts[name][sub] ?? 0) + 1;
}

export function snapshot() {
  return structuredClone(counts);
}

export function reset() {
  counts = INITIAL();
}

/**
 * Adds an API module's test routes (`extra`) to server.mjs's TEST_ROUTES, and wraps its stats and
 * reset routes so that /__test/stats also shows server[name].stats() and /__test/reset also calls
 * server[name].reset() (qr.mjs, password.mjs).
 */
export function extendModuleTestRoutes(routes, name, extra = {}) {
  const stats = routes['GET /__test/stats'];
  const reset = routes['POST /__test/reset'];
  Object.assign(routes, extra);
  routes['GET /__test/stats'] = async (req, server) => ({ ...(await stats(req, server)), ...server[name].stats() });
  routes['POST /__test/reset'] = async (req, server) => {
    server[name].reset();
    return reset(req, server);
  };
}
