/**
 * The single-row counters SQLite triggers move whenever the rows behind an in-memory memo
 * change, from any connection: `access_generation` (migration 031, what an API key reaches)
 * and `passage_generation` (migration 033, the knowledge passages' words). A memo reads its
 * counter before the lookup it tags. SQLite only: Postgres has no such tables.
 */
import { sql, type Kysely } from 'kysely';
import { createSqlRunner } from './sql-runner.ts';

export type GenerationCounter = 'access_generation' | 'passage_generation';

/** Reads `counter`'s current value: one statement, compiled once. */
export function generationReader<DB>(db: Kysely<DB>, counter: GenerationCounter): () => Promise<number> {
  const runner = createSqlRunner(db);
  const query = sql<{ generation: number }>`SELECT generation FROM ${sql.table(counter)} WHERE id = 1`.compile(db);
  return async () => {
    const [row] = await runner.rows(query);
    // Without its row nothing could tell a remembered value is stale: refuse rather than serve one.
    if (!row) throw new Error(`${counter} has no row: the database was not migrated by this version`);
    return row.generation;
  };
}
