/**
 * What the console's build makes a browser download, gzip -9: the first load (the page,
 * its script and stylesheet, and the chunks the script imports statically — never the
 * pages loaded later), and each lazily loaded page with the chunks it adds. Read from a
 * build folder (`console/dist`), for `console/size.test.ts` (the budget) and the bench.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LoadSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** The pages loaded on demand, by the start of their chunk's name. */
export const LAZY_PAGES = ['agents-page', 'agent-page', 'graph-layout', 'playground-view', 'conversations-page', 'conversation-page', 'test-json-page', 'tests-page', 'test-run-page', 'test-form-page', 'inbox-page', 'users-page', 'api-keys-page', 'webhooks-page', 'settings-page', 'audit-log-page', 'replays-view', 'replay-page'] as const;

const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g;
const PAGE_ASSETS = /<(?:script[^>]*\ssrc|link[^>]*\shref)="\/console\/assets\/([\w.-]+)"/g;

function staticClosure(assets: string, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    for (const match of readFileSync(join(assets, file), 'utf8').matchAll(STATIC_IMPORT)) if (match[1]) stack.push(match[1]);
  }
  return seen;
}

function measure(dir: string, files: string[]): LoadSize {
  const bytes = files.map((file) => readFileSync(join(dir, file)));
  return {
    files,
    rawBytes: bytes.reduce((sum, b) => sum + b.length, 0),
    gzipBytes: bytes.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0),
  };
}

/**
 * @example consoleLoad('console/dist').initial.gzipBytes // 13900
 */
export function consoleLoad(distDir: string): { initial: LoadSize; pages: Record<string, LoadSize> } {
  const assets = join(distDir, 'assets');
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initialAssets = staticClosure(assets, [...html.matchAll(PAGE_ASSETS)].map((m) => m[1] ?? ''));
  const page = measure(distDir, ['index.html']);
  const rest = measure(assets, [...initialAssets].sort());
  const initial = { files: ['index.html', ...rest.files], rawBytes: page.rawBytes + rest.rawBytes, gzipBytes: page.gzipBytes + rest.gzipBytes };

  const files = readdirSync(assets);
  const pages: Record<string, LoadSize> = {};
  for (const name of LAZY_PAGES) {
    const chunk = files.find((file) => file.startsWith(`${name}-`) && file.endsWith('.js'));
    if (chunk) pages[name] = measure(assets, [...staticClosure(assets, [chunk])].filter((file) => !initialAssets.has(file)).sort());
  }
  return { initial, pages };
}
