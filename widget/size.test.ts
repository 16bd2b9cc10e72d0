// @vitest-environment node
/**
 * The budget: everything the script tag loads (JS with its CSS inlined) stays within
 * 30 KB gzip. Builds the current sources into a temporary folder, so the figure never
 * comes from a stale `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const BUDGET = 30 * 1024;

describe('the widget bundle', () => {
  it('builds widget.js (IIFE) and widget.mjs (ESM) with brotli copies, and widget.js is at most 30 KB gzip', () => {
    execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'widget/vite.config.ts', '--logLevel', 'error', '--outDir', outDir], { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
    const js = readFileSync(join(outDir, 'widget.js'));
    const mjs = readFileSync(join(outDir, 'widget.mjs'), 'utf8');
    const gzip = gzipSync(js).length;
    // What a browser downloads: the build's brotli copy, which the server sends as it is.
    const br = readFileSync(join(outDir, 'widget.js.br'));
    expect(brotliDecompressSync(br).equals(js)).toBe(true);
    console.info(`widget.js: ${js.length} bytes, ${(gzip / 1024).toFixed(1)} KB gzip (budget 30 KB), ${(br.length / 1024).toFixed(1)} KB brotli on the wire`);
    expect(gzip).toBeLessThanOrEqual(BUDGET);
    expect(mjs).toMatch(/export\s*\{/);
    // No inline <style> injection and no eval: strict CSP must hold.
    expect(js.toString()).not.toMatch(/\beval\(|new Function\(/);
  }, 60_000);
});
