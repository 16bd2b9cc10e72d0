/**
 * Builds the console (`console/index.html`) into `console/dist`, served by the server at
 * `/console`: hashed file names under `assets/` (cached for a year), no inlined asset or
 * script (the strict CSP), and one chunk per lazily loaded page. Run from the repository
 * root: `npm run build:console`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  publicDir: false,
  logLevel: 'warn',
  mode: 'production',
  // Lit's production build, even when NODE_ENV says otherwise (vitest sets `test`).
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    minify: true,
    target: 'es2022',
    // Nothing becomes a data: URL or an inline script: the page runs under `default-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: process.env.PARLEY_CONSOLE_SOURCEMAP === '1',
    reportCompressedSize: false,
  },
});
