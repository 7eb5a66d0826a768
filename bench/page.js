// The page of one subject (bundled once per subject with `bench-subject` aliased to its adapter in
// subjects/). Its config comes from the page's own URL, so that nothing but the page, its bundle
// (and our .wasm) is fetched before the client is ready. ?phase=cold records when the client is
// ready; ?phase=login starts a redirect sign-in; a callback URL is handled and timed; otherwise the
// page waits for run.mjs to drive it through window.bench.
import * as subject from 'bench-subject';

const params = new URLSearchParams(location.search);
const config = JSON.parse(document.querySelector('meta[name=bench-config]').content);

const time = async (work) => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};

/** Per-call µs of `batches` batches of `size` sequential reads (performance.now() is coarse: batch). */
async function reads(batches, size) {
  const perCall = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < size; i++) {
      if (!(await subject.read())) throw new Error('a cached read returned nothing: the subject is not signed in');
    }
    perCall.push(((performance.now() - t0) * 1000) / size);
  }
  return perCall;
}

async function main() {
  await subject.create(config);
  if (params.get('phase') === 'cold') return { ready: performance.now() };
  if (params.get('phase') === 'login') return new Promise(() => subject.login()); // the page goes away
  if (subject.isCallback()) {
    const ms = await time(() => subject.callback());
    if (window.parent !== window) return { iframe: true };
    return { callbackMs: ms, addressBar: location.href };
  }
  return { idle: true };
}

window.bench = {
  done: main().catch((e) => ({ error: `${e?.name ?? 'Error'}: ${e?.message ?? e}` })),
  silent: () => time(() => subject.silent()),
  reads,
  read: async () => String((await subject.read()) ?? ''),
};
