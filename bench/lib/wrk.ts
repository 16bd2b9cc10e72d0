/**
 * Closed-loop load from `wrk`, a C load generator in its own process: `connections`
 * connections each send the next request as soon as the answer is back (saturation).
 * One wrk thread per connection, because turns.lua can only give each *thread* its own
 * sessions (see the script).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadFigures } from './load-figures.ts';
import { parseWrkOutput, toLoadFigures, type WrkResult } from './wrk-output.ts';
import { writeTargets, type WrkTarget } from './wrk-targets.ts';

const SCRIPT = new URL('./turns.lua', import.meta.url).pathname;
const run = promisify(execFile);

export interface WrkOptions {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  targets: readonly WrkTarget[];
  body: string;
  connections: number;
  /**
   * wrk threads (default: one per connection). Sessions are split between threads, so
   * with fewer threads than connections two connections of a thread may post to one
   * session at once; the server then queues one behind the other.
   */
  threads?: number;
  seconds: number;
}

/**
 * The wrk command line. The socket timeout is far above any latency a run should see:
 * wrk drops a latency at or above it from the histogram (counting a timeout instead),
 * which would cut the very tail the bench is after.
 */
export function wrkArgs(options: WrkOptions, targetsFile: string): string[] {
  if (options.targets.length < options.connections) throw new Error(`${options.connections} connections need at least as many targets, got ${options.targets.length}`);
  const connections = String(options.connections);
  const threads = String(options.threads ?? options.connections);
  return ['-t', threads, '-c', connections, '-d', `${options.seconds}s`, '--timeout', '30s', '--latency', '-s', SCRIPT, options.origin, '--', targetsFile, threads, options.body];
}

export async function runWrk(options: WrkOptions): Promise<{ figures: LoadFigures; raw: WrkResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-wrk-'));
  try {
    const file = join(dir, 'targets.tsv');
    writeTargets(file, options.targets);
    const { stdout, stderr } = await run('wrk', wrkArgs(options, file), { timeout: (options.seconds + 60) * 1000, maxBuffer: 1 << 20 });
    if (stderr.trim()) throw new Error(`wrk reported: ${stderr}`);
    const raw = parseWrkOutput(stdout);
    return { figures: toLoadFigures(raw), raw };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
