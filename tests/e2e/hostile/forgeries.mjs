// Forged postMessages, generated (deterministically) for one flow whose real `state` is known, as an
// attacker who read it from the flow's URL would send them. Two kinds:
// - lookalikes: the genuine shape with the real state and an invented code, for windows that are not
//   the flow's (another origin, the provider's origin in another window, the app itself);
// - junk: what the flow's own window may not send either (wrong state or type, non-objects, huge
//   strings, nested junk), for the flow window itself.
// Every value survives structured cloning (postMessage).

const response = (fields) => ({ type: 'authorization_response', response: fields });

/** A small deterministic PRNG (mulberry32), so a run forges the same messages each time. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` messages that only the flow's own window may send: each is a lookalike of the real one. */
export function lookalikes(state, count, seed = 1) {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const code = `forged-${i}-${Math.floor(random() * 1e9)}`;
    return i % 5 === 4
      ? response({ error: 'login_required', state })
      : response({ code, state, iss: random() < 0.5 ? undefined : 'https://evil.example/oidc' });
  });
}

/** `count` messages that no window may send for this flow: every way of being almost right. */
export function junk(state, count, seed = 2) {
  const random = prng(seed);
  const word = () => Math.floor(random() * 36 ** 6).toString(36);
  const nest = (depth) => (depth === 0 ? word() : { [word()]: nest(depth - 1), response: { code: word(), state: word() } });
  const makers = [
    () => response({ code: `forged-${word()}`, state: `${state}x` }),
    () => response({ code: `forged-${word()}`, state: state.slice(1) }),
    () => response({ code: `forged-${word()}`, state: state.toUpperCase() === state ? state.toLowerCase() : state.toUpperCase() }),
    () => response({ code: `forged-${word()}`, state: ` ${state}` }),
    () => response({ code: `forged-${word()}`, state: word() }),
    () => response({ code: `forged-${word()}` }),
    () => response({ error: 'login_required', state: word() }),
    () => ({ type: 'authorization_response ', response: { code: `forged-${word()}`, state } }),
    () => ({ type: 'AUTHORIZATION_RESPONSE', response: { code: `forged-${word()}`, state } }),
    () => ({ response: { code: `forged-${word()}`, state } }),
    () => ({ type: 'authorization_response', response: JSON.stringify({ code: `forged-${word()}`, state }) }),
    () => JSON.stringify(response({ code: `forged-${word()}`, state })),
    () => [response({ code: `forged-${word()}`, state })],
    () => ({ type: 'authorization_response', response: { code: { value: `forged-${word()}` }, state: [state] } }),
    () => ({ type: 'authorization_response', response: { code: 7, state: 7 } }),
    () => Math.floor(random() * 1e6),
    () => word(),
    () => null,
    () => undefined,
    () => true,
    () => nest(1 + Math.floor(random() * 40)),
    () => ({ type: 'authorization_response', response: { code: 'x'.repeat(100_000), state: 'y'.repeat(100_000) } }),
    () => 'z'.repeat(1_000_000),
    () => ({ type: 'authorization_response', __proto__: { response: { code: `forged-${word()}`, state } } }),
  ];
  // The huge ones once each; the rest in turn.
  const huge = new Set([21, 22]);
  const out = [];
  for (let i = 0; out.length < count; i++) {
    const k = i % makers.length;
    if (huge.has(k) && i >= makers.length) continue;
    out.push(makers[k]());
  }
  return out;
}
