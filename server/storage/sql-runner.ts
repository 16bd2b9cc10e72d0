/**
 * How the repositories of the turn path run a statement. On SQLite the statement runs at
 * once and synchronously under the connection's gate (server/storage/sqlite-gate.ts),
 * never queueing behind another caller's awaits; on Postgres it is an ordinary Kysely
 * query on the pool. Statements come compiled from a `StatementCache`.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import { sqliteGateOf } from './sqlite-gate.ts';

export interface SqlRunner {
  /** The rows one statement answers. */
  rows<R>(query: CompiledQuery<R>): Promise<R[]>;
}

export function createSqlRunner<DB>(db: Kysely<DB>): SqlRunner {
  const gate = sqliteGateOf(db);
  if (gate) return { rows: (query) => gate.exclusive(() => gate.runSync(query).rows) };
  return { rows: async (query) => (await db.executeQuery(query)).rows };
}
