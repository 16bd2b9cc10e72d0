/**
 * What the console makes a browser download, gzip -9: the first load (before the sign-in
 * page or any signed-in page shows) and what each lazily loaded page adds on its first
 * visit. Builds the current sources into a temporary folder.
 *
 *   npx tsx bench/console-size.bench.ts
 */
import { consoleLoad, type LoadSize } from '../console/load-size.ts';
import { buildFrontEnd } from '../test/helpers/build-front-end.ts';

export function benchConsoleSize(): { name: string; size: LoadSize }[] {
  const { initial, pages } = consoleLoad(buildFrontEnd('console'));
  return [{ name: 'first load (shell, sign-in)', size: initial }, ...Object.entries(pages).map(([name, size]) => ({ name: `+ ${name}`, size }))];
}

export function consoleSizeTable(rows: { name: string; size: LoadSize }[]): string {
  return ['| what | files | raw KB | gzip KB |', '|---|---|---|---|', ...rows.map(({ name, size }) => `| ${name} | ${size.files.length} | ${(size.rawBytes / 1024).toFixed(1)} | ${(size.gzipBytes / 1024).toFixed(1)} |`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(consoleSizeTable(benchConsoleSize()));
