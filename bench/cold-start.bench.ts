/**
 * Cold start: the time from spawning `parley serve` to the first 200 from `/health`, for the
 * compiled server (`npm start` runs `node --enable-source-maps dist/server/parley.js serve`),
 * for `bin/parley.js` finding that build fresh, and for the TypeScript sources through tsx
 * (`npm run dev`, and `bin/parley.js` without a fresh build). Each is started `runs` times on a fresh SQLite file (first start: migrations,
 * the admin key, the demo agents) and `runs` times on an existing one, after one unmeasured
 * start that warms the file cache. Builds the server first.
 *
 *   npx tsx bench/cold-start.bench.ts [--runs 5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../scripts/build-server.ts';
import { repositoryPath } from '../server/repository-root.ts';
import { processCpuMs } from './lib/process-cpu.ts';
import { fmt, percentile } from './lib/stats.ts';

export interface ColdStartVariant {
  name: string;
  /** Arguments to `node`, ending with `serve`. */
  args: string[];
}

/** One start: wall time to the first healthy `/health`, and the CPU time the server used by then. */
export interface ColdStart {
  ms: number;
  /** User + system CPU of the server process (Linux; NaN elsewhere): what a busy machine does not inflate. */
  cpuMs: number;
}

export interface ColdStartFigures {
  variant: string;
  /** Ascending by wall time. */
  freshDb: ColdStart[];
  existingDb: ColdStart[];
}

export interface ColdStartResult {
  buildMs: number;
  /** 1-minute load average before and after. */
  load: { before: number; after: number };
  variants: ColdStartFigures[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Spawns the server and polls `/health` every 2 ms; stops the server once it answers 200. */
async function timeToHealthy(args: string[], databaseUrl: string): Promise<ColdStart> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repositoryPath(),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${stderr}`);
      const status = await fetch(`http://127.0.0.1:${port}/health`).then((res) => res.status, () => 0);
      if (status === 200) return { ms: performance.now() - started, cpuMs: processCpuMs(child.pid) };
      if (performance.now() - started > 30_000) throw new Error(`no healthy /health in 30 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchColdStart(runs = 5, variants?: ColdStartVariant[]): Promise<ColdStartResult> {
  const before = loadavg()[0] ?? Number.NaN;
  const { entry, ms: buildMs } = await buildServer();
  const measured = variants ?? [
    { name: 'compiled (`npm start`)', args: ['--enable-source-maps', entry, 'serve'] },
    { name: '`npx parley serve`, fresh build', args: [repositoryPath('bin', 'parley.js'), 'serve'] },
    { name: 'tsx (`npm run dev`, or no fresh build)', args: ['--import', 'tsx', repositoryPath('server', 'cli', 'parley.ts'), 'serve'] },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'parley-cold-'));
  try {
    const figures: ColdStartFigures[] = [];
    for (const [index, variant] of measured.entries()) {
      const freshDb: ColdStart[] = [];
      for (let i = 0; i < runs; i++) freshDb.push(await timeToHealthy(variant.args, `sqlite:${join(dir, `fresh-${index}-${i}.db`)}`));
      const existing = `sqlite:${join(dir, `existing-${index}.db`)}`;
      await timeToHealthy(variant.args, existing);
      const existingDb: ColdStart[] = [];
      for (let i = 0; i < runs; i++) existingDb.push(await timeToHealthy(variant.args, existing));
      figures.push({ variant: variant.name, freshDb: freshDb.sort((a, b) => a.ms - b.ms), existingDb: existingDb.sort((a, b) => a.ms - b.ms) });
    }
    return { buildMs, load: { before, after: loadavg()[0] ?? Number.NaN }, variants: figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's table: median wall time (min–max) and median CPU time per variant and database state. */
export function coldStartTable(result: ColdStartResult): string[] {
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  const wall = (starts: ColdStart[]) => `${fmt(median(starts.map((s) => s.ms)), 0)} ms (${fmt(starts[0]?.ms ?? Number.NaN, 0)}–${fmt(starts.at(-1)?.ms ?? Number.NaN, 0)})`;
  const cpu = (starts: ColdStart[]) => `${fmt(median(starts.map((s) => s.cpuMs)), 0)} ms`;
  return [
    `server build: ${fmt(result.buildMs, 0)} ms; 1-minute load average ${fmt(result.load.before, 2)} before, ${fmt(result.load.after, 2)} after`,
    '',
    `| server | fresh SQLite file: wall, median of ${result.variants[0]?.freshDb.length ?? 0} (min–max) | CPU | existing SQLite file: wall | CPU |`,
    '|---|---|---|---|---|',
    ...result.variants.map((v) => `| ${v.variant} | ${wall(v.freshDb)} | ${cpu(v.freshDb)} | ${wall(v.existingDb)} | ${cpu(v.existingDb)} |`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  console.log(coldStartTable(await benchColdStart(Number(values.runs))).join('\n'));
}
