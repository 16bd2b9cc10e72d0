/**
 * How the repositories of the turn path run a statement. On SQLite the statement runs at
 * once and synchronously under the connection's gate (server/storage/sqlite-gate.ts),
 * never queueing behind another caller's awaits. On Postgres it is a named prepared
 * statement on the pool: Postgres parses and plans it once per connection. Statements
 * come compiled from a `StatementCache`, so their texts are few.
 */
import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
import { postgresPoolOf } from './postgres-pool-dialect.ts';
import { sqliteGateOf } from './sqlite-gate.ts';

export interface SqlRunner {
  /** The rows one statement answers. */
  rows<R>(query: CompiledQuery<R>): Promise<R[]>;
}

/** A statement's name: the same text always gets the same name, in every process and pool. */
function statementName(sql: string, names: Map<string, string>): string {
  let name = names.get(sql);
  if (!name) {
    name = `parley_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    names.set(sql, name);
  }
  return name;
}

export function createSqlRunner<DB>(db: Kysely<DB>): SqlRunner {
  const gate = sqliteGateOf(db);
  if (gate) return { rows: (query) => gate.exclusive(() => gate.runSync(query).rows) };
  const pool = postgresPoolOf(db);
  if (pool) {
    const names = new Map<string, string>();
    return {
      rows: async <R>(query: CompiledQuery<R>) =>
        (await pool.query({ name: statementName(query.sql, names), text: query.sql, values: [...query.parameters] })).rows as R[],
    };
  }
  return { rows: async (query) => (await db.executeQuery(query)).rows };
}
