/**
 * `npm run build:server`: bundles the server and its CLI (`server/cli/parley.ts`) with the
 * packages it uses into one ES module, `dist/server/parley.js`, so production runs plain
 * JavaScript with no TypeScript loader. Next to the bundle, `build.json` records the files
 * it was built from, for `bin/parley.js` to tell whether it is still fresh
 * (`bin/fresh-build.js`).
 *
 * Packages are bundled too: loading them from `node_modules` (hundreds of files, resolved
 * and compiled one by one) doubled the CPU time of a cold start (bench/README.md, "Cold
 * start"). The source map leaves out the sources' text, which made Node's start 200 ms
 * slower to read; stack traces still name `server/…` lines.
 *
 *   npx tsx scripts/build-server.ts [--out-dir dist/server]
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUILD_MANIFEST, SERVER_BUILD_DIR, SERVER_ENTRY, type BuildManifest } from '../bin/fresh-build.js';
import { findRepositoryRoot } from '../server/repository-root.ts';

export interface ServerBuild {
  /** The bundle to run: `node <entry> serve`. */
  entry: string;
  /** How long the build took. */
  ms: number;
}

/**
 * Packages that stay imports of `node_modules`: they load files relative to themselves at
 * run time, which a bundle elsewhere would not find — a native addon (better-sqlite3, the
 * optional pg-native) or a worker script (pino's transports, through thread-stream) — and
 * pdf.js: 2 MB that only a PDF upload needs, imported lazily so no start parses it — and the
 * OpenTelemetry SDK and exporter, likewise imported only when tracing is on
 * (server/tracing/start-tracing.ts). Their API package is bundled: it is small, the no-op
 * when tracing is off, and finds the SDK through a process-wide registration.
 */
export const EXTERNAL_PACKAGES: readonly string[] = [
  'better-sqlite3',
  'pg-native',
  'pino',
  'pdfjs-dist',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/resources',
];

/** Bundled CommonJS packages call `require`, which an ES module lacks: give them Node's. */
const REQUIRE_SHIM = "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);";

/**
 * Files that shape the bundle without being imported by it. The lockfiles stand for the
 * hundreds of package files bundled (npm rewrites `node_modules/.package-lock.json` at every
 * install): one `stat` instead of 600 on every `parley` command.
 */
const CONFIG_INPUTS = ['scripts/build-server.ts', 'tsconfig.json', 'package-lock.json', 'node_modules/.package-lock.json'];

/** Written beside, then renamed over: a `parley` starting mid-build reads an old file or a new one, never half of one. */
export function writeAtomically(path: string, contents: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Builds the server into `outDir` (default `dist/server`). The folder must be inside the
 * repository: the bundle finds its external packages in `node_modules` and Parley's files by
 * walking up from itself.
 *
 * @example await buildServer() // { entry: '/srv/parley/dist/server/parley.js', ms: 300 }
 */
export async function buildServer(options: { outDir?: string } = {}): Promise<ServerBuild> {
  const started = performance.now();
  const builtAt = Date.now();
  const root = findRepositoryRoot(import.meta.url);
  const outDir = resolve(root, options.outDir ?? SERVER_BUILD_DIR);
  const entry = join(outDir, SERVER_ENTRY);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['server/cli/parley.ts'],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: [...EXTERNAL_PACKAGES],
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  // The source map first, so a bundle is never on disk without its map.
  const maps = result.outputFiles.filter((file) => file.path.endsWith('.map'));
  for (const file of [...maps, ...result.outputFiles.filter((file) => !maps.includes(file))]) writeAtomically(file.path, file.contents);
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.split(/[\\/]/).includes('node_modules'));
  const inputs = [...sources, ...CONFIG_INPUTS.filter((input) => existsSync(join(root, input)))];
  const manifest: BuildManifest = { builtAt, inputs: inputs.map((input) => relative(root, resolve(root, input))) };
  writeAtomically(join(outDir, BUILD_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return { entry, ms: performance.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  const built = await buildServer(values['out-dir'] === undefined ? {} : { outDir: values['out-dir'] });
  process.stdout.write(`server built: ${relative(process.cwd(), built.entry)} in ${Math.round(built.ms)} ms\n`);
}
