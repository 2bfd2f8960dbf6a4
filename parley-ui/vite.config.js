import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Served by Parley at /ui; every file is Parley's own (no CDN), and index.html holds no inline script,
// so the content security policy needs no 'unsafe-inline'.
export default defineConfig({
  base: '/ui/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
