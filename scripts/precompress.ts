/**
 * Writes `NAME.br` and `NAME.gz` beside every compressible file of a built folder, so
 * the server sends them as they are (`server/http/static-files.ts`) and compresses
 * nothing per request. As a Vite plugin it runs after each build:
 *
 *   plugins: [precompress()]            // in a vite.config.ts
 *   npx tsx scripts/precompress.ts DIR  // on any folder
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMPRESSIBLE, compressForWire } from '../server/http/static-compression.ts';

/** Compresses the folder's files (recursively); answers the sizes, for a build to print. */
export async function precompressFolder(dir: string): Promise<{ file: string; bytes: number; br: number; gzip: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && COMPRESSIBLE.test(e.name)).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (file) => {
      const body = await readFile(file);
      const { br, gzip } = await compressForWire(body);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzip)]);
      return { file, bytes: body.length, br: br.length, gzip: gzip.length };
    }),
  );
}

/** A Vite plugin: precompress the output folder once the bundle is written. */
export function precompress() {
  let outDir = '';
  return {
    name: 'parley-precompress',
    apply: 'build' as const,
    configResolved(config: { build: { outDir: string } }) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      await precompressFolder(outDir);
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: tsx scripts/precompress.ts DIR');
  for (const f of await precompressFolder(dir)) console.info(`${f.file}: ${f.bytes} B, ${f.br} B brotli, ${f.gzip} B gzip`);
}
