/**
 * Parley's widget bundle next to the published bundles of other chat widgets, gzip -9
 * on the file a script-tag embed loads. Competitors are fetched with `npm pack` (the
 * package tarball alone, no dependencies) into a temporary folder.
 *
 *   npx tsx bench/widget-size.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const WIDGET = new URL('../widget/dist/widget.js', import.meta.url).pathname;

/** The files a visitor's browser downloads for each widget's script-tag embed. */
const COMPETITORS: { name: string; files: string[] }[] = [
  { name: '@typebot.io/js', files: ['dist/web.js'] },
  { name: 'flowise-embed', files: ['dist/web.js'] },
  { name: '@n8n/chat', files: ['dist/chat.bundle.umd.js', 'dist/style.css'] },
  { name: '@botpress/webchat', files: ['dist/index.umd.cjs', 'dist/style.css'] },
];

export interface BundleSize {
  name: string;
  version: string;
  rawBytes: number;
  gzipBytes: number;
}

function measure(paths: string[]): { rawBytes: number; gzipBytes: number } {
  return paths.reduce(
    (sum, path) => {
      const bytes = readFileSync(path);
      return { rawBytes: sum.rawBytes + bytes.length, gzipBytes: sum.gzipBytes + gzipSync(bytes, { level: 9 }).length };
    },
    { rawBytes: 0, gzipBytes: 0 },
  );
}

export function benchWidgetSizes(): BundleSize[] {
  const dir = mkdtempSync(join(tmpdir(), 'parley-widgets-'));
  const results: BundleSize[] = [{ name: 'parley (widget.js)', version: 'this build', ...measure([WIDGET]) }];
  for (const competitor of COMPETITORS) {
    const tarball = execFileSync('npm', ['pack', competitor.name, '--silent', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    const target = join(dir, competitor.name.replace(/[@/]/g, '_'));
    execFileSync('mkdir', ['-p', target]);
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', target]);
    const pkg = JSON.parse(readFileSync(join(target, 'package', 'package.json'), 'utf8')) as { version: string };
    results.push({ name: competitor.name, version: pkg.version, ...measure(competitor.files.map((file) => join(target, 'package', file))) });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = benchWidgetSizes();
  const parley = results[0]?.gzipBytes ?? 1;
  console.log('| widget | version | raw KB | gzip KB | × Parley |');
  console.log('|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.version} | ${(r.rawBytes / 1024).toFixed(1)} | ${(r.gzipBytes / 1024).toFixed(1)} | ${(r.gzipBytes / parley).toFixed(1)} |`);
}
