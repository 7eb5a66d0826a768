// Runs in a fresh Node process inside an app that installed the tarball: what a server-side render
// does with authing-wasm. Prints one JSON report on stdout.
const ENTRIES = ['authing-wasm', 'authing-wasm/button', 'authing-wasm/sign-in', 'authing-wasm/qr', 'authing-wasm/encrypt', 'authing-wasm/webauthn', 'authing-wasm/react', 'authing-wasm/vue'];
const report = { window: typeof window, imports: {}, create: null, react: null, vue: null };
const errorOf = (e) => ({ name: e?.name, code: e?.code, message: String(e?.message ?? e), isAuthingError: e?.name === 'AuthingError' });

for (const entry of ENTRIES) {
  try {
    report.imports[entry] = { exports: Object.keys(await import(entry)).sort() };
  } catch (e) {
    report.imports[entry] = { error: errorOf(e) };
  }
}

const { AuthingClient, AuthingError } = await import('authing-wasm');
const options = { domain: 'https://example.authing.cn', appId: 'app', redirectUri: 'https://app.example/' };
try {
  await AuthingClient.create(options);
  report.create = { resolved: true };
} catch (e) {
  report.create = { ...errorOf(e), isAuthingError: e instanceof AuthingError };
}

// React: the provider and the hook render on the server (loading, no client, no window access).
try {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { AuthingProvider, useAuthing } = await import('authing-wasm/react');
  function Status() {
    const a = useAuthing();
    return createElement('p', null, JSON.stringify({ isLoading: a.isLoading, isAuthenticated: a.isAuthenticated, user: a.user, error: a.error, client: a.client }));
  }
  report.react = { html: renderToString(createElement(AuthingProvider, options, createElement(Status))) };
} catch (e) {
  report.react = { error: errorOf(e) };
}

// Vue: createSSRApp + the plugin + useAuthing() render on the server the same way.
try {
  const { createSSRApp, defineComponent, h } = await import('vue');
  const { renderToString } = await import('vue/server-renderer');
  const { createAuthing, useAuthing } = await import('authing-wasm/vue');
  const Status = defineComponent({
    setup() {
      const a = useAuthing();
      return () => h('p', JSON.stringify({ isLoading: a.isLoading.value, isAuthenticated: a.isAuthenticated.value, user: a.user.value, error: a.error.value, client: a.client.value }));
    },
  });
  const app = createSSRApp(Status).use(createAuthing(options));
  report.vue = { html: await renderToString(app) };
} catch (e) {
  report.vue = { error: errorOf(e) };
}

process.stdout.write(JSON.stringify(report));
