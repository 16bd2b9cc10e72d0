/**
 * Builds the widget bundle from `widget/src/index.ts`, everything inlined (Lit, marked,
 * styles): `dist/widget.js` (IIFE, for the script tag) and `dist/widget.mjs` (ESM), each
 * with its brotli and gzip copies (`.br`, `.gz`).
 * Run from the repository root: `npm run build:widget`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from '../scripts/precompress.ts';
import { minifyLitCss } from '../scripts/vite-minify-lit-css.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  mode: 'production',
  // `widget.js.br` and `widget.js.gz` beside the bundle: the server sends them as they are.
  plugins: [minifyLitCss(/widget\/src\/styles\/[^/]+\.ts$/), precompress()],
  // Lit's production build, even when NODE_ENV says otherwise (vitest sets `test`).
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    minify: true,
    sourcemap: process.env.PARLEY_WIDGET_SOURCEMAP === "1",
    reportCompressedSize: false,
    lib: {
      entry: here('./src/index.ts'),
      formats: ['iife', 'es'],
      // The IIFE's own global; the page API is `window.Parley`, installed by the code.
      name: 'ParleyWidget',
      fileName: (format) => (format === 'iife' ? 'widget.js' : 'widget.mjs'),
    },
  },
});
