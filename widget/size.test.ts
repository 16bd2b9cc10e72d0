// @vitest-environment node
/**
 * The budget: everything the script tag loads (JS with its CSS inlined) stays within
 * 30 KB gzip. Builds the current sources into a temporary folder, so the figure never
 * comes from a stale `dist/`. The docs state the size; they must state this build's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidget, documentedFigures, measureWidget, type WidgetSize } from '../scripts/widget-size.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const BUDGET = 30 * 1024;

describe('the widget bundle', () => {
  let size: WidgetSize | undefined;

  it('builds widget.js (IIFE) and widget.mjs (ESM) with brotli copies, and widget.js is at most 30 KB gzip', () => {
    buildWidget(root, outDir);
    size = measureWidget(outDir);
    const js = readFileSync(join(outDir, 'widget.js'), 'utf8');
    const mjs = readFileSync(join(outDir, 'widget.mjs'), 'utf8');
    // What a browser downloads: the build's brotli copy, which the server sends as it is.
    const br = readFileSync(join(outDir, 'widget.js.br'));
    expect(brotliDecompressSync(br).toString('utf8')).toBe(js);
    console.info(`widget.js: ${size.bytes} bytes, ${size.figure} KB gzip (budget 30 KB), ${(br.length / 1024).toFixed(1)} KB brotli on the wire`);
    expect(size.gzipBytes).toBeLessThanOrEqual(BUDGET);
    expect(mjs).toMatch(/export\s*\{/);
    // No inline <style> injection and no eval: strict CSP must hold.
    expect(js).not.toMatch(/\beval\(|new Function\(/);
  }, 60_000);

  it('is as large as the READMEs say, to the 0.1 KB they write (npm run docs:widget-size rewrites them)', () => {
    expect(size, 'the build above failed').toBeDefined();
    for (const { doc, figures } of documentedFigures(root)) {
      expect(figures.length, `${doc} states no "**N.N KB gzip**" figure`).toBeGreaterThan(0);
      for (const figure of figures) expect(`${doc}: ${figure} KB gzip`, 'run `npm run docs:widget-size`').toBe(`${doc}: ${size?.figure} KB gzip`);
    }
  });
});
