// The standard Vue setup; nothing in it is for authing-wasm.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [vue()] });
