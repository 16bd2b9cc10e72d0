/**
 * The widget's size as the docs state it. `widget/size.test.ts` builds the widget, measures
 * `widget.js` gzipped, and fails when a doc's figure differs from the measurement at the
 * precision it is written (0.1 KB); `npm run docs:widget-size` builds, measures and rewrites
 * the figures, so the docs follow the code instead of drifting from it.
 *
 *   npx tsx scripts/widget-size.ts [--write]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { findRepositoryRoot } from '../server/repository-root.ts';

/** Docs that state the size, each as `**N.N KB gzip**`. */
export const WIDGET_SIZE_DOCS = ['README.md', 'widget/README.md'] as const;

const FIGURE = /\*\*(\d+(?:\.\d+)?) KB gzip\*\*/g;

export interface WidgetSize {
  bytes: number;
  gzipBytes: number;
  /** The gzip size as the docs write it: KB (1024 bytes) to one decimal. */
  figure: string;
}

/** Build the current sources into `outDir` (production mode, as the published bundle). */
export function buildWidget(root: string, outDir: string): void {
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'widget/vite.config.ts', '--logLevel', 'error', '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function measureWidget(outDir: string): WidgetSize {
  const js = readFileSync(join(outDir, 'widget.js'));
  const gzipBytes = gzipSync(js).length;
  return { bytes: js.length, gzipBytes, figure: (gzipBytes / 1024).toFixed(1) };
}

/** Every figure each doc states, in order. */
export function documentedFigures(root: string): { doc: string; figures: string[] }[] {
  return WIDGET_SIZE_DOCS.map((doc) => ({ doc, figures: [...readFileSync(join(root, doc), 'utf8').matchAll(FIGURE)].map((m) => m[1] ?? '') }));
}

/** Rewrite every figure in the docs; returns the docs that changed. */
export function writeFigures(root: string, figure: string): string[] {
  const changed: string[] = [];
  for (const doc of WIDGET_SIZE_DOCS) {
    const path = join(root, doc);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(FIGURE, `**${figure} KB gzip**`);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(doc);
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
  const root = findRepositoryRoot(import.meta.url);
  const outDir = mkdtempSync(join(tmpdir(), 'parley-widget-size-'));
  try {
    buildWidget(root, outDir);
    const size = measureWidget(outDir);
    console.info(`widget.js: ${size.bytes} bytes, ${size.figure} KB gzip`);
    if (values.write) {
      const changed = writeFigures(root, size.figure);
      console.info(changed.length === 0 ? 'The docs already say so.' : `Updated ${changed.join(', ')}.`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
