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
