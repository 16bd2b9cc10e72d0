import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { rebuildUnsampledPassageVectorIndexes } from '../passage-vector-index.ts';

/**
 * The SQLite nearest-vector index gets a third partition key, `sampled` (issue #17: nearest
 * vectors p99 ≤ 20 ms at 100k passages): one passage in 16 by id, read first to bound the one
 * scan of the whole base a search then makes (knowledge-search-repo.ts `bitNeighbours`).
 * A `vec0` table's columns are fixed, so each index table is remade and filled from the
 * passages — in one transaction of its own: Kysely runs SQLite migrations outside one, and a
 * crash between the drop and the refill would leave the passages unindexed, with 029 counted
 * as not run but nothing left for a rerun to remake. Postgres orders its bits in SQL: nothing to do.
 */
export function sampledVectorPartitionMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      await db.transaction().execute((trx) => rebuildUnsampledPassageVectorIndexes(trx));
    },
  };
}
