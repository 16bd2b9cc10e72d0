/**
 * A closed-loop measurement: one or more wrk runs at once (two server processes get one
 * each), after an uncounted warm-up, with the CPU time the servers — and, on Postgres,
 * the database's backends — spent per answered request.
 */
import type { LoadFigures } from './load-figures.ts';
import { pgUsage, type PgProbe } from './pg-probe.ts';
import { processCpuMs } from './process-cpu.ts';
import { runWrk, type WrkOptions } from './wrk.ts';

export interface PgPerRequest {
  /** CPU of the database's backends. */
  cpuMs: number;
  /** Cluster-wide WAL flushes and the database's commits (other work on the server counts too). */
  walSyncs: number;
  commits: number;
}

export interface ClosedFigures extends LoadFigures {
  /** CPU time of the server process(es) per answered request: steadier than rates on a busy machine. */
  cpuMsPerRequest: number;
  pg?: PgPerRequest;
  /** Each wrk run's own figures, when there were several (one per server process). */
  each?: LoadFigures[];
}

export interface ClosedRunOptions {
  loads: readonly Omit<WrkOptions, 'seconds'>[];
  seconds: number;
  warmupSeconds: number;
  /** The server processes whose CPU counts. */
  pids: readonly (number | undefined)[];
  probe?: PgProbe | undefined;
}

const totalCpu = (pids: readonly (number | undefined)[]): number => pids.reduce<number>((sum, pid) => sum + processCpuMs(pid), 0);

export async function closedRun(options: ClosedRunOptions): Promise<ClosedFigures> {
  if (options.warmupSeconds > 0) await Promise.all(options.loads.map((load) => runWrk({ ...load, seconds: options.warmupSeconds })));
  const cpuBefore = totalCpu(options.pids);
  const pgBefore = await options.probe?.sample();
  const runs = await Promise.all(options.loads.map((load) => runWrk({ ...load, seconds: options.seconds })));
  const cpu = totalCpu(options.pids) - cpuBefore;
  const pgAfter = await options.probe?.sample();
  const each = runs.map((run) => run.figures);
  const ok = each.reduce((sum, f) => sum + f.ok, 0);
  const answered = Math.max(1, ok + each.reduce((sum, f) => sum + f.non2xx, 0));
  const usage = pgBefore && pgAfter ? pgUsage(pgBefore, pgAfter) : undefined;
  return {
    ok,
    non2xx: each.reduce((sum, f) => sum + f.non2xx, 0),
    errors: each.reduce((sum, f) => sum + f.errors, 0),
    seconds: Math.max(...each.map((f) => f.seconds)),
    perSecond: each.reduce((sum, f) => sum + f.perSecond, 0),
    // Histograms of separate runs do not merge: the worse run's percentiles.
    p50: Math.max(...each.map((f) => f.p50)),
    p99: Math.max(...each.map((f) => f.p99)),
    cpuMsPerRequest: cpu / answered,
    ...(usage ? { pg: { cpuMs: usage.backendCpuMs / answered, walSyncs: usage.walSyncs / answered, commits: usage.commits / answered } } : {}),
    ...(each.length > 1 ? { each } : {}),
  };
}
