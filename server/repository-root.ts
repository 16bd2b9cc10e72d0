/**
 * Where Parley's own files are (`package.json`, `widget/dist`, `demo/`). Found by walking up
 * from this module to the nearest folder holding a `package.json`, because this module runs
 * from two places: the sources (`server/repository-root.ts`) and the compiled bundle
 * (`dist/server/parley.js`), whose `import.meta.url` sit at different depths.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `from` (a file or folder path or `file:` URL) that holds a
 * `package.json`.
 *
 * @example findRepositoryRoot('/srv/parley/dist/server/parley.js') // '/srv/parley'
 */
export function findRepositoryRoot(from: string | URL): string {
  const start = from instanceof URL || from.startsWith('file:') ? fileURLToPath(from) : from;
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in any folder above ${start}: cannot find Parley's files`);
  }
}

/**
 * A path inside this Parley checkout or installed package.
 *
 * @example repositoryPath('widget', 'dist') // '/srv/parley/widget/dist'
 */
export function repositoryPath(...segments: string[]): string {
  return join(findRepositoryRoot(import.meta.url), ...segments);
}
