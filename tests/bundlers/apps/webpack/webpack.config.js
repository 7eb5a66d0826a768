// A plain webpack 5 setup: nothing here is specific to authing-wasm. webpack emits the .wasm that
// the package references with `new URL('authing_wasm_bg.wasm', import.meta.url)` as an asset.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './src/main.js',
  output: { path: fileURLToPath(new URL('./dist', import.meta.url)), filename: 'main.js', clean: true },
};
