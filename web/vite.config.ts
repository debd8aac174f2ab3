import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The Tribune web app. Preact's JSX compiles with the automatic runtime: no plugin needed.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true }, '/oauth': 'http://127.0.0.1:3000' } },
});
