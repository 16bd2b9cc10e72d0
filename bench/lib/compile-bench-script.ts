/**
 * The bench's own servers (the echo, the turn floor, the pacers' workers) as plain
 * JavaScript, like the compiled Parley they are measured against: a TypeScript loader in
 * one process and not in another would make the comparison about the loader.
 * Packages stay imports of `node_modules`; the bundle goes to `dist/bench/`, inside the
 * repository, where Node finds them.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { findRepositoryRoot } from '../../server/repository-root.ts';

/**
 * Bundles `script` (an absolute path) and returns the JavaScript file to run with `node`.
 * @example spawn(process.execPath, [await compileBenchScript(ECHO)])
 */
export async function compileBenchScript(script: string): Promise<string> {
  const root = findRepositoryRoot(import.meta.url);
  const outDir = join(root, 'dist', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, basename(script).replace(/\.ts$/, '.js'));
  await build({
    absWorkingDir: root,
    entryPoints: [script],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
  });
  return outfile;
}
