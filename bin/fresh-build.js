// @ts-check
/**
 * Whether the compiled server (`dist/server/parley.js`, written by `npm run build`) was built
 * from the sources as they are now. `bin/parley.js` runs it only then, so a checkout that
 * moved on since the last build (a pull, an edit, a test run) never runs stale code.
 *
 * Plain JavaScript on node: built-ins only: it runs before anything could compile
 * TypeScript, on every `parley` command, so it must cost next to nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build` puts the server, relative to the repository root. */
export const SERVER_BUILD_DIR = join('dist', 'server');
/** The bundle's file name in its build folder. */
export const SERVER_ENTRY = 'parley.js';
/** The build's record of what it was built from, next to the bundle. */
export const BUILD_MANIFEST = 'build.json';

/**
 * What a build was made from: `inputs` are paths relative to the repository root, read no
 * earlier than `builtAt` (epoch ms, taken before the build read any of them).
 * @typedef {{ builtAt: number, inputs: string[] }} BuildManifest
 */

/** @typedef {{ fresh: true, entry: string } | { fresh: false, reason: string }} BuildState */

/**
 * @param {unknown} value
 * @returns {value is BuildManifest}
 */
function isManifest(value) {
  if (value === null || typeof value !== 'object' || !('builtAt' in value) || !('inputs' in value)) return false;
  const { builtAt, inputs } = value;
  return typeof builtAt === 'number' && Array.isArray(inputs) && inputs.every((input) => typeof input === 'string');
}

/**
 * Is the build in `dir` fresh: does every file it was built from still exist, unchanged since
 * the build began? One `stat` per source file (about 200): a millisecond or two.
 *
 * @param {string} root the repository root
 * @param {string} [dir] the build folder (default `dist/server` in `root`)
 * @returns {BuildState}
 */
export function checkServerBuild(root, dir = join(root, SERVER_BUILD_DIR)) {
  return checkBuild(root, dir, SERVER_ENTRY, 'the server');
}

/**
 * The same check for any build folder holding a manifest and its `entryName`.
 *
 * @param {string} root the repository root
 * @param {string} dir the build folder
 * @param {string} entryName the file the build exists for, in `dir`
 * @param {string} what names the build in the reason, e.g. `the client`
 * @returns {BuildState}
 */
export function checkBuild(root, dir, entryName, what) {
  const entry = join(dir, entryName);
  /** @type {unknown} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, BUILD_MANIFEST), 'utf8'));
  } catch {
    return { fresh: false, reason: `${what} is not built` };
  }
  if (!isManifest(manifest) || !existsSync(entry)) return { fresh: false, reason: `${what} build is incomplete` };
  for (const input of manifest.inputs) {
    const stats = statSync(join(root, input), { throwIfNoEntry: false });
    if (stats === undefined) return { fresh: false, reason: `${input} was removed since the last build` };
    if (stats.mtimeMs > manifest.builtAt) return { fresh: false, reason: `${input} changed since the last build` };
  }
  return { fresh: true, entry };
}
