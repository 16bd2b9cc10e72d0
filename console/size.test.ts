// @vitest-environment node
/**
 * The budget: what `/console` makes a browser download before the first page shows (the
 * HTML, the shell and sign-in script, the stylesheet, the icon) stays within 25 KB gzip;
 * every other page is a chunk of its own, loaded when first visited. Builds the current
 * sources into a temporary folder, so the figure never comes from a stale `dist/`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFrontEnd } from '../test/helpers/build-front-end.ts';
import { consoleLoad, LAZY_PAGES } from './load-size.ts';

const outDir = mkdtempSync(join(tmpdir(), 'parley-console-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const BUDGET = 25 * 1024;

describe('the console build', () => {
  it('loads at most 25 KB gzip before the first page, with every signed-in page in a chunk of its own', () => {
    buildFrontEnd('console', outDir);
    const { initial, pages } = consoleLoad(outDir);
    console.info(`console first load: ${initial.files.length} files, ${(initial.rawBytes / 1024).toFixed(1)} KB, ${(initial.gzipBytes / 1024).toFixed(1)} KB gzip (budget 25 KB)`);
    expect(initial.gzipBytes).toBeLessThanOrEqual(BUDGET);
    // The heavy parts are not in it: zod's full API, the layout library, the pages.
    expect(Object.keys(pages).sort()).toEqual([...LAZY_PAGES].sort());
    const first = initial.files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
    expect(first).not.toMatch(/dagre|ZodError|graphlib/);
    expect(first).not.toMatch(/\beval\(|new Function\(/);
  }, 60_000);

  it('inlines nothing: no data: URL, no inline script or style in the page', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style=|data:/);
    for (const file of readdirSync(join(outDir, 'assets'))) expect(file).toMatch(/^[\w-]+-[\w-]{8}\.(js|css|svg)$/);
  });
});
