/**
 * `npm run build:client`: builds `parley/client` (the package's `./client` export) into
 * `dist/client/`: `index.js`, one ES module with no imports (the client's own code only:
 * it imports the shared schemas as types, which vanish), and `types/`, the declarations of
 * the client and of the `shared/` files its types come from. The declarations keep zod's
 * types, so a consumer's TypeScript needs `zod`, which installing Parley brings.
 *
 *   npx tsx scripts/build-client.ts [--out-dir dist/client] [--force]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type ts from 'typescript';
import { build } from 'esbuild';
import { BUILD_MANIFEST, checkBuild, type BuildManifest } from '../bin/fresh-build.js';
import { findRepositoryRoot } from '../server/repository-root.ts';
import { writeAtomically } from './build-server.ts';

export const CLIENT_BUILD_DIR = 'dist/client';
const ENTRY = 'client/index.ts';

/** Files that shape the build without being compiled into it. */
const CONFIG_INPUTS = ['scripts/build-client.ts', 'tsconfig.json', 'package-lock.json', 'node_modules/.package-lock.json'];

export interface ClientBuild {
  /** The build was fresh already (same sources as now): nothing was written. */
  skipped: boolean;
  /** The module `parley/client` resolves to. */
  module: string;
  /** Its declarations. */
  types: string;
  /** Bare imports left in the module: none, or the client would pull packages into a bundle. */
  imports: string[];
  bytes: number;
}

/**
 * Declarations of the client and of the shared files it names, by path. Their `./x.ts`
 * specifiers become `./x.js`, which finds `x.d.ts` whatever the consumer's settings.
 */
async function declarations(root: string, outDir: string): Promise<{ files: Map<string, string>; sources: string[] }> {
  // Loaded here: a fresh build is checked without paying for the compiler.
  const { default: compiler } = await import('typescript');
  const options: ts.CompilerOptions = {
    ...compiler.convertCompilerOptionsFromJson(JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions, root).options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: root,
    outDir,
    types: [],
  };
  const program = compiler.createProgram([join(root, ENTRY)], options);
  const files = new Map<string, string>();
  const result = program.emit(undefined, (path, text) => files.set(path, text.replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2')));
  const problems = [...program.getDeclarationDiagnostics(), ...result.diagnostics].filter((d) => d.category === compiler.DiagnosticCategory.Error);
  if (problems.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(`the client's declarations do not build:\n${compiler.formatDiagnostics(problems, host)}`);
  }
  const sources = program.getSourceFiles().map((file) => relative(root, file.fileName)).filter((path) => !path.startsWith('..') && !path.split(/[\\/]/).includes('node_modules'));
  return { files, sources };
}

/**
 * Builds `parley/client` into `outDir` (default `dist/client`), unless the build there was
 * made from the sources as they are now: the declarations cost seconds of type checking,
 * which `npm start` should not pay on every start.
 * @example await buildClient() // { module: '/srv/parley/dist/client/index.js', imports: [], … }
 */
export async function buildClient(options: { outDir?: string; force?: boolean } = {}): Promise<ClientBuild> {
  const root = findRepositoryRoot(import.meta.url);
  const outDir = resolve(root, options.outDir ?? CLIENT_BUILD_DIR);
  const built = { module: join(outDir, 'index.js'), types: join(outDir, 'types', 'client', 'index.d.ts') };
  if (!options.force && checkBuild(root, outDir, 'index.js', 'the client').fresh) return { skipped: true, ...built, imports: [], bytes: statSync(built.module).size };
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const types = await declarations(root, join(outDir, 'types'));
  // The source map first, so the module is never on disk without its map.
  const outputs = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const [path, text] of types.files) writeAtomically(path, text);
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...types.sources, ...CONFIG_INPUTS.filter((input) => existsSync(join(root, input)))])];
  const manifest: BuildManifest = { builtAt, inputs };
  writeAtomically(join(outDir, BUILD_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint === ENTRY);
  return { skipped: false, ...built, imports: (output?.imports ?? []).map((i) => i.path), bytes: output?.bytes ?? 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, force: { type: 'boolean', default: false } } });
  const built = await buildClient({ force: values.force, ...(values['out-dir'] === undefined ? {} : { outDir: values['out-dir'] }) });
  if (built.imports.length > 0) throw new Error(`the client bundle imports ${built.imports.join(', ')}: it must import nothing`);
  if (!built.skipped) process.stdout.write(`client built: ${relative(process.cwd(), built.module)} (${(built.bytes / 1024).toFixed(1)} KB)\n`);
}
