/**
 * How text-chat turns on Postgres scale: with the number of concurrent sessions (wrk
 * connections, each on its own sessions), with the size of a process's pool, and with a
 * second `parley serve` process on the same database, the load split between the two.
 * Every point is a closed-loop run (closed-run.ts) with the servers' and the database
 * backends' CPU per turn.
 */
import type { ChildServer } from './child-server.ts';
import { closedRun, type ClosedFigures } from './closed-run.ts';
import { startParley } from './parley-child.ts';
import type { PgProbe } from './pg-probe.ts';
import type { WrkTarget } from './wrk-targets.ts';

export interface PgScaling {
  byConnections: { connections: number; floor: ClosedFigures; parley: ClosedFigures }[];
  byPoolSize: { poolSize: number; parley: ClosedFigures }[];
  /** The same 50 connections on one process, then split over two processes on one database. */
  processes: { connections: number; one: ClosedFigures; two: ClosedFigures };
}

export interface PgScalingOptions {
  /** The compiled server, and the environment every Parley process of the run gets (its database, key…). */
  entry: string;
  env: Record<string, string>;
  parley: Target;
  floor: Target;
  body: string;
  seconds: number;
  warmupSeconds: number;
  connections: readonly number[];
  poolSizes: readonly number[];
  /** Connections of the one- and two-process comparison. */
  processConnections: number;
}

/** A running server: `origin` is where wrk sends its requests. */
type Target = { server: ChildServer; origin: string; targets: WrkTarget[]; probe: PgProbe };

async function withParley<T>(options: PgScalingOptions, env: Record<string, string>, use: (server: ChildServer) => Promise<T>): Promise<T> {
  const server = await startParley(options.entry, { ...options.env, ...env });
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

export async function benchPgScaling(options: PgScalingOptions): Promise<PgScaling> {
  const run = (servers: { server: ChildServer; origin: string }[], targets: WrkTarget[][], connections: number, probe: PgProbe) =>
    closedRun({
      loads: servers.map(({ origin }, i) => ({ origin, targets: targets[i] ?? [], body: options.body, connections: connections / servers.length })),
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      pids: servers.map(({ server }) => server.child.pid),
      probe,
    });
  const one = (target: Target, connections: number) => run([target], [target.targets], connections, target.probe);
  const served = (server: ChildServer) => ({ server, origin: server.url });

  const byConnections: PgScaling['byConnections'] = [];
  for (const connections of options.connections) {
    byConnections.push({ connections, floor: await one(options.floor, connections), parley: await one(options.parley, connections) });
  }

  const byPoolSize: PgScaling['byPoolSize'] = [];
  for (const poolSize of options.poolSizes) {
    const parley = await withParley(options, { PARLEY_PG_POOL_SIZE: String(poolSize) }, (server) => run([served(server)], [options.parley.targets], options.processConnections, options.parley.probe));
    byPoolSize.push({ poolSize, parley });
  }

  const { targets, probe } = options.parley;
  const halves = [targets.filter((_, i) => i % 2 === 0), targets.filter((_, i) => i % 2 === 1)];
  const processes = await withParley(options, {}, async (first) => {
    const single = await run([served(first)], [targets], options.processConnections, probe);
    const both = await withParley(options, {}, (second) => run([served(first), served(second)], halves, options.processConnections, probe));
    return { connections: options.processConnections, one: single, two: both };
  });
  return { byConnections, byPoolSize, processes };
}
