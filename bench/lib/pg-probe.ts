/**
 * What Postgres did for a run, read from the server itself: the CPU time of the backends
 * serving one database (from /proc, like process-cpu.ts), and the cluster's commits and
 * WAL flushes. The WAL counters are the whole cluster's, so other work on the same
 * server lands in them too; the backend CPU is the bench database's alone.
 */
import pg from 'pg';
import { z } from 'zod';
import { processCpuMs } from './process-cpu.ts';

export interface PgSample {
  /** CPU ms so far of each backend connected to the database, by pid. */
  backendCpuMs: Map<number, number>;
  /** pg_stat_wal.wal_sync: WAL flushes to disk, cluster-wide. */
  walSyncs: number;
  walBytes: number;
  /** pg_stat_database.xact_commit of the database. */
  commits: number;
}

export interface PgUsage {
  backendCpuMs: number;
  walSyncs: number;
  walBytes: number;
  commits: number;
}

const statsRow = z.object({ wal_sync: z.coerce.number(), wal_bytes: z.coerce.number(), xact_commit: z.coerce.number() });
const pidRow = z.object({ pid: z.number().int() });

export interface PgProbe {
  sample(): Promise<PgSample>;
  close(): Promise<void>;
}

/** `databaseUrl` names the database whose backends are measured; the probe's own connection is left out. */
export async function createPgProbe(databaseUrl: string): Promise<PgProbe> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async sample() {
      const pids = await client.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      // Statistics are cached per transaction: read them fresh.
      await client.query('select pg_stat_clear_snapshot()');
      const stats = await client.query('select w.wal_sync, w.wal_bytes, d.xact_commit from pg_stat_wal w, pg_stat_database d where d.datname = current_database()');
      const row = statsRow.parse(stats.rows[0]);
      const backendCpuMs = new Map(pids.rows.map((raw) => pidRow.parse(raw).pid).map((pid) => [pid, processCpuMs(pid)] as const));
      return { backendCpuMs, walSyncs: row.wal_sync, walBytes: row.wal_bytes, commits: row.xact_commit };
    },
    close: () => client.end(),
  };
}

/** What happened between two samples. A backend that appeared in between counts from zero. */
export function pgUsage(before: PgSample, after: PgSample): PgUsage {
  let backendCpuMs = 0;
  for (const [pid, cpu] of after.backendCpuMs) {
    const start = before.backendCpuMs.get(pid) ?? 0;
    if (Number.isFinite(cpu) && Number.isFinite(start)) backendCpuMs += cpu - start;
  }
  return { backendCpuMs, walSyncs: after.walSyncs - before.walSyncs, walBytes: after.walBytes - before.walBytes, commits: after.commits - before.commits };
}
