// Rollup 4 with the two generic plugins its users add: node-resolve (packages from node_modules) and
// import-meta-assets (emits files referenced as `new URL('...', import.meta.url)`). Neither is
// configured for authing-wasm.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';

export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es' },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
