/**
 * Builds a front end (`widget` or `console`) from the current sources with its Vite
 * config, into `outDir` (a fresh temporary folder by default), in production mode even
 * under vitest: browser tests, size budgets and benchmarks never read a stale `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @example const dir = buildFrontEnd('console'); // '/tmp/parley-console-Ab12/' with index.html and assets/ */
export function buildFrontEnd(name: 'widget' | 'console', outDir = mkdtempSync(join(tmpdir(), `parley-${name}-`))): string {
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', `${name}/vite.config.ts`, '--logLevel', 'error', '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return outDir;
}
