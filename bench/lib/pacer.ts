/**
 * Paced (open-loop) load from worker processes, so the pacer's own event loop never
 * shares a thread with the bench or the servers: `workers` processes each own every
 * `workers`-th session and a 1/`workers` share of the rate, their arrivals interleaved
 * on one schedule. Latency runs from each request's due time (see paced-loop.ts).
 *
 * wrk2 (constant-rate wrk) is not packaged by Debian, and wrk's Lua `delay()` only adds
 * think time after each answer — still a closed loop, timed from the actual send — so it
 * cannot hold a rate through a stall; hence this small pacer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { compileBenchScript } from './compile-bench-script.ts';
import type { LoadFigures } from './load-figures.ts';
import { pacerWorkerMessageSchema, type PacerStart, type PacerWorkerResult } from './pacer-messages.ts';
import { percentile } from './stats.ts';
import type { WrkTarget } from './wrk-targets.ts';

const WORKER = new URL('./pacer-worker.ts', import.meta.url).pathname;

export interface PacedOptions {
  origin: string;
  targets: readonly WrkTarget[];
  body: string;
  ratePerSecond: number;
  /** Counted seconds, after `warmupSeconds` (default 1) of the same rate that are not. */
  seconds: number;
  warmupSeconds?: number;
  workers?: number;
}

export interface PacedFigures extends LoadFigures {
  /** The rate asked for; `perSecond` is what was answered with 2xx. */
  offered: number;
  /** p99 of how late the pacers issued an arrival (their own scheduling delay, ms). */
  lagP99: number;
  /** Arrivals that had to wait for a free session: the server fell behind the rate. */
  waitedForSession: number;
}

const epochNow = () => performance.timeOrigin + performance.now();

/** The worker as plain JavaScript (no TypeScript loader in the generator either), compiled once per bench. */
let compiledWorker: Promise<string> | undefined;

/** Fork a worker and resolve once it says it is ready; every message is checked. */
async function startWorker(): Promise<{ child: ChildProcess; result: Promise<PacerWorkerResult> }> {
  compiledWorker ??= compileBenchScript(WORKER);
  const child = fork(await compiledWorker, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolveReady, rejectReady) => {
    const result = new Promise<PacerWorkerResult>((resolveResult, rejectResult) => {
      child.on('message', (raw: unknown) => {
        const message = pacerWorkerMessageSchema.parse(raw);
        if (message.type === 'ready') resolveReady({ child, result });
        else resolveResult(message);
      });
      child.once('exit', (code) => {
        const error = new Error(`pacer worker exited with ${code} before reporting`);
        rejectReady(error);
        rejectResult(error);
      });
    });
    // A worker that dies before its result rejects `result`; keep that from being unhandled until awaited.
    result.catch(() => undefined);
  });
}

export async function runPaced(options: PacedOptions): Promise<PacedFigures> {
  const workerCount = options.workers ?? 2;
  const warmupSeconds = options.warmupSeconds ?? 1;
  if (options.targets.length < workerCount) throw new Error(`${workerCount} pacer workers need at least as many targets`);
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker()));
  try {
    // Far enough ahead that every worker has its start message before the first arrival is due.
    const startAt = epochNow() + 200;
    workers.forEach(({ child }, w) => {
      const start: PacerStart = {
        type: 'start',
        origin: options.origin,
        targets: options.targets.filter((_, i) => i % workerCount === w).map((t) => ({ path: t.path, ...(t.headers ? { headers: t.headers } : {}) })),
        body: options.body,
        ratePerSecond: options.ratePerSecond / workerCount,
        startAt,
        offsetMs: (w * 1000) / options.ratePerSecond,
        durationMs: (warmupSeconds + options.seconds) * 1000,
        warmupMs: warmupSeconds * 1000,
        drainMs: 30_000,
      };
      child.send(start);
    });
    const results = await Promise.all(workers.map((w) => w.result));
    return mergeResults(results, options);
  } finally {
    for (const { child } of workers) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export function mergeResults(results: readonly PacerWorkerResult[], options: Pick<PacedOptions, 'ratePerSecond' | 'seconds'>): PacedFigures {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const lags = results.flatMap((r) => r.lags).sort((a, b) => a - b);
  const sum = (pick: (r: PacerWorkerResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    ok: latencies.length,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    seconds: options.seconds,
    perSecond: latencies.length / options.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    offered: options.ratePerSecond,
    lagP99: percentile(lags, 99),
    waitedForSession: sum((r) => r.waitedForSession),
  };
}
